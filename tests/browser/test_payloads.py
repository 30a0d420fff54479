"""Contributor text never runs as script (content-format.md, "Markdown": "nothing a
contributor writes can run script on the site").

A scratch site whose every contributor-written field carries script, markup and template
payloads is built and served; every page of its sitemap is opened in Chromium, which must
show the payloads as text and run none of them."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml


pytestmark = pytest.mark.browser

# Each payload sets window.__pwned (or opens a dialog) if it ever runs.
BREAKOUT = "</script><script>window.__pwned=1</script>"  # also ends a JSON-LD block
IMG = '<img src=x onerror="window.__pwned=1">'
SVG = '"><svg onload=window.__pwned=1>'
QUOTE = "'><svg onload=window.__pwned=1>"
JS_LINK = "[link](javascript:window.__pwned=1)"
TEMPLATE = "{{7*7}}"
TEXT = f"{BREAKOUT}{IMG}{SVG}{QUOTE}{TEMPLATE}"  # 136 characters: fits a title (3-160)
# URLs stay valid for the validator, which rejects ", < and > (what a browser would repair),
# but try to end the attribute with what an address may hold: quotes ' and escaped markup.
URL = ("https://example.org/'onmouseover='window.__pwned=1'?q=%22%3E%3Csvg/onload="
       "window.__pwned=1%3E&r='")
MARKDOWN = f"""\
Body {BREAKOUT} {TEMPLATE} {{% if true %}}jinja{{% endif %}}

{IMG}

{SVG} {QUOTE}

{JS_LINK} [caps](JaVaScRiPt:window.__pwned=1) [data](data:text/html,<script>alert(1)</script>)
<a href="javascript:window.__pwned=1">raw link</a>

<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>
<details open ontoggle="window.__pwned=1"><summary>x</summary></details>
<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>
<form action="javascript:window.__pwned=1"><button>go</button></form>
"""


def text(label: str) -> str:
    return f"{label} {TEXT}"


def write_payload_content(content: Path) -> None:
    """A course (.md), an organization and an open circle, every free-text field a payload."""
    course = {"title": text("Course"), "url": URL, "provider": text("Provider"),
              "language": "en", "topics": [text("Topic"), JS_LINK, TEMPLATE],
              "summary": text("Summary") + " " + JS_LINK, "platform": text("Platform"),
              "license": text("License"), "facilitator_guide": URL, "added_by": text("Added")}
    organization = {"name": text("Organization"), "url": URL, "city": text("OrgCity"),
                    "country": "CA", "description": MARKDOWN}
    venue = {"name": text("Venue"), "address": text("Address"), "city": text("City"),
             "region": text("Region"), "country": "CA", "details": text("Details"),
             "website": URL}
    circle = {"title": text("Circle"), "course": "payload-course", "organization": "payload-org",
              "language": "en", "facilitators": [text("Facilitator"), JS_LINK, TEMPLATE],
              "venue": venue, "capacity": 12,
              "schedule": {"timezone": "America/Toronto", "start_time": "18:00",
                           "start_date": "2027-03-20"},
              "signup": {"url": URL, "status": "open", "deadline": "2027-03-18"},
              "description": MARKDOWN}
    for folder in ("courses", "circles", "organizations"):
        (content / folder).mkdir(parents=True, exist_ok=True)
    (content / "courses/payload-course.md").write_text(
        f"---\n{dump(course)}---\n{MARKDOWN}", encoding="utf-8")
    (content / "organizations/payload-org.yaml").write_text(dump(organization), encoding="utf-8")
    (content / "circles/payload-circle.yaml").write_text(dump(circle), encoding="utf-8")


def dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


# What a payload that survived as markup would leave in the DOM, even before it fires.
SURVIVORS = r"""() => {
  const found = [];
  const urlAttrs = /^(href|src|action|formaction|xlink:href|data|poster)$/i;
  const scheme = (value) => { try { return new URL(value, document.baseURI).protocol; }
                              catch (e) { return ''; } };
  for (const el of document.querySelectorAll('*')) {
    for (const {name, value} of el.attributes) {
      if ((/^on/i.test(name) || name === 'srcdoc') && value.includes('__pwned')
          || urlAttrs.test(name) && /^(javascript|vbscript):$/.test(scheme(value))
          // data: links are ours only as "add to calendar" (text/calendar, which no
          // browser runs); any other data: URL is a survivor.
          || urlAttrs.test(name) && scheme(value) === 'data:'
             && !/^data:text\/calendar;charset=utf-8;base64,/i.test(value.trim()))
        found.push(`<${el.localName} ${name}="${value.slice(0, 80)}">`);
    }
  }
  for (const s of document.scripts) {
    if (/json/.test(s.type)) {
      try { JSON.parse(s.textContent); } catch (e) { found.push(`broken ${s.type}: ${e}`); }
    } else if (s.textContent.includes('__pwned')) found.push(`<script>${s.textContent.slice(0, 80)}`);
  }
  return found;
}"""


@pytest.fixture(scope="module")
def payload_site(site_factory, tmp_path_factory):
    content = tmp_path_factory.mktemp("payloads") / "content"
    write_payload_content(content)
    return site_factory(content)


def test_no_payload_runs_on_any_page(page, payload_site):
    problems = []
    for path in payload_site.paths():
        page.goto(payload_site.url + path)
        if page.evaluate("typeof window.__pwned") != "undefined":
            problems.append(f"{path}: window.__pwned was set: a payload ran")
        problems += [f"{path}: {found}" for found in page.evaluate(SURVIVORS)]
        problems += [f"{path}: dialog {d}" for d in page.dialogs]
        page.dialogs.clear()
    assert not problems, "contributor text ran or stayed live markup:\n" + "\n".join(problems)


@pytest.mark.parametrize("path, labels", [
    ("/courses/payload-course/", ["Course", "Provider"]),
    ("/circles/payload-circle/", ["Circle", "Facilitator", "Venue", "Address"]),
    ("/organizations/payload-org/", ["Organization"]),
])
def test_payloads_are_shown_as_text(page, payload_site, path, labels):
    page.goto(payload_site.url + path)
    shown = page.inner_text("main").casefold()
    for label in labels:
        assert text(label).casefold() in shown, (
            f"{path}: the {label} field is not shown verbatim as text (escaped, not "
            f"stripped, {TEMPLATE} not evaluated to 49): {text(label)!r}")


def test_signup_link_keeps_the_payload_url(page, payload_site):
    page.goto(payload_site.url + "/circles/payload-circle/")
    hrefs = page.locator(".signup-button").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert hrefs == [URL], f"the signup link should be the form's URL exactly, attribute intact: {hrefs}"
