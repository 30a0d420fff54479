"""The embeds in a real browser (README, "Embedding"; issue 5, "Checked by"): a host page on
another origin embeds the widget for one organization; the right circles appear, the
host's styles do not leak in nor ours out, contributor payloads stay text, the keyboard
reaches every link, axe finds nothing; the iframe pages post their height; the builder's
previews follow its choices and its buttons copy the snippets."""

from __future__ import annotations

import contextlib
import unicodedata

import pytest

from catalog.outputs import embeds
from catalog.build import ROOT
from local_server import base_url, serving
from test_payloads import TEXT, write_payload_content

pytestmark = pytest.mark.browser

ORG = "toronto-public-library"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WIDGET = ".learning-circles-embed .lc"  # Playwright's CSS selectors pierce open shadow roots
HOSTILE_CSS = """* { color: red !important; display: inline !important; background: yellow !important;
  font: 40px/1 serif !important; margin: 0 !important; visibility: visible; }
div { all: unset !important; } a { text-decoration: none !important; outline: none !important; }"""


class Host:
    """Pages of a library's own site, on an origin (another port) other than the catalog's."""

    def __init__(self, root, url, site):
        self.root, self.url, self.site = root, url, site

    def page(self, body: str, css: str = "", name: str = "host.html") -> str:
        (self.root / name).write_text(
            f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Library</title>'
            f'<link rel="icon" href="data:,"><style>{css}</style></head><body><main>'
            f'<h1>Our library</h1><p id="before"><a href="#top">Home</a></p>{body}'
            f'<p id="after">After the widget</p></main></body></html>', encoding="utf-8")
        return f"{self.url}/{name}"

    def widget(self, link: bool = True, **data: str) -> str:
        organization = self.site.catalog.organizations.get(data.get("organization", ""))
        snippet = embeds.script_snippet(self.site.url, organization, **{
            k: v for k, v in data.items() if k != "organization"})
        if organization is None and "organization" in data:
            snippet = snippet.replace(" async", f' data-organization="{data["organization"]}" async')
        return snippet if link else snippet.partition("\n")[2]


@contextlib.contextmanager
def hosting(built, tmp_path_factory):
    """Serve a built site as the dev server does (CORS on), and a host site elsewhere."""
    root = tmp_path_factory.mktemp("host")
    with serving(built.root) as site_server, serving(root) as host_server:
        site = type(built)(url=base_url(site_server), root=built.root, catalog=built.catalog)
        yield Host(root, base_url(host_server), site)


@pytest.fixture(scope="module")
def host(sample_site, tmp_path_factory):
    with hosting(sample_site, tmp_path_factory) as h:
        yield h


@pytest.fixture(scope="module")
def payload_host(site_factory, tmp_path_factory):
    content = tmp_path_factory.mktemp("payload-embed") / "content"
    write_payload_content(content)
    with hosting(site_factory(content), tmp_path_factory) as h:
        yield h


def expected(catalog, organization=None, course=None, city=None, language=None, limit=10,
             status=("upcoming", "in-progress")) -> list[str]:
    """The widget's choice, computed from the catalog: current circles in listing order."""
    ordered = catalog.current_circles + catalog.past_circles
    chosen = [c for c in ordered if c.status in status
              and (not organization or c.organization == organization)
              and (not course or c.course == course)
              and (not language or c.language.split("-")[0] == language)
              and (not city or (c.venue and not c.online and fold(c.venue.city) == fold(city)))]
    return [c.title for c in chosen][:int(limit)]


def fold(text: str) -> str:
    """Without case or accents, as the widget compares cities."""
    return "".join(c for c in unicodedata.normalize("NFD", text.casefold()) if not unicodedata.combining(c))


def shown(page) -> list[str]:
    page.wait_for_selector(WIDGET)
    return page.locator(f"{WIDGET} .name").all_inner_texts()


def test_widget_shows_the_organizations_circles_in_place_of_its_link(page, host):
    page.goto(host.page(host.widget(organization=ORG)))
    titles = shown(page)
    assert titles == expected(host.site.catalog, organization=ORG) and titles
    hrefs = page.locator(f"{WIDGET} .name a").evaluate_all("as => as.map(a => a.href)")
    slugs = {c.title: c.slug for c in host.site.catalog.circles.values()}
    assert hrefs == [f"{host.site.url}/circles/{slugs[t]}/" for t in titles]
    assert page.locator(f'main > a[href="{host.site.url}/organizations/{ORG}/"]').count() == 0, (
        "the fallback link should be replaced by the widget")
    assert page.evaluate("document.querySelector('#before + .learning-circles-embed') !== null")
    assert not page.errors, page.errors


@pytest.mark.parametrize("data", [
    {"language": "es"}, {"city": "bogota"}, {"course": "python-for-everybody"}, {"limit": "2"},
    {"organization": "chicago-public-library", "language": "es"}, {"status": "completed"},
])
def test_widget_filters_as_the_catalog_does(page, host, data):
    page.goto(host.page(host.widget(**data)))
    want = expected(host.site.catalog, **{k: (v.split(",") if k == "status" else v)
                                          for k, v in data.items()})
    assert want, f"the sample content has no circle for {data}: pick another filter"
    assert shown(page) == want


def test_widget_shows_local_time_in_the_host_pages_language(page, host):
    circle = next(c for c in host.site.catalog.current_circles if c.organization == ORG)
    meeting = circle.next_meeting
    page.goto(host.page(host.widget(organization=ORG, lang="de")))
    page.wait_for_selector(WIDGET)
    when = page.locator(f"{WIDGET} li").first.locator(".when")
    assert when.locator("time").get_attribute("datetime") == meeting.start.isoformat()
    text = when.inner_text()
    assert f"{meeting.start:%H:%M}" in text and text.startswith(("Beginn", "Nächstes Treffen")), text
    assert page.locator(WIDGET).get_attribute("lang") == "de"


def test_host_styles_do_not_leak_in(page, host):
    page.goto(host.page(host.widget(organization=ORG), css=HOSTILE_CSS))
    page.wait_for_selector(WIDGET)
    styles = page.evaluate("""() => {
      const host = document.querySelector('.learning-circles-embed'), root = host.shadowRoot;
      const get = (el) => { const s = getComputedStyle(el);
        return {color: s.color, display: s.display, font: s.fontFamily, size: s.fontSize,
                background: s.backgroundColor}; };
      return {host: get(host), link: get(root.querySelector('.name a')),
              item: get(root.querySelector('li')), box: get(root.querySelector('.lc'))}; }""")
    assert styles["host"]["display"] == "block", styles
    for part in ("link", "item", "box"):
        assert styles[part]["color"] != "rgb(255, 0, 0)", styles
        assert "serif" not in styles[part]["font"].replace("sans-serif", ""), styles
        assert styles[part]["size"] != "40px", styles
    assert styles["item"]["display"] == "block" and styles["box"]["background"] != "rgb(255, 255, 0)"


def test_widget_styles_do_not_leak_out(page, host):
    probe = """() => [...document.querySelectorAll('h1, #before a, #after')].map(e => {
      const s = getComputedStyle(e); return [e.localName, s.color, s.fontFamily, s.fontSize].join(); })"""
    page.goto(host.page(""))
    before = page.evaluate(probe)
    page.goto(host.page(host.widget(organization=ORG)))
    page.wait_for_selector(WIDGET)
    assert page.evaluate(probe) == before
    assert page.evaluate("document.styleSheets.length") == 1, "the widget added styles to the page"
    assert page.evaluate("typeof CSS.supports") == "function", "the widget replaced a global"


def test_payloads_render_as_text_and_run_nothing(page, payload_host):
    page.goto(payload_host.page(payload_host.widget(organization="payload-org")))
    titles = shown(page)
    assert titles == [f"Circle {TEXT}"], titles
    where = page.locator(f"{WIDGET} .where").inner_text()
    assert where == f"Venue {TEXT}, City {TEXT}", where
    found = page.evaluate("""() => {
      const root = document.querySelector('.learning-circles-embed').shadowRoot, bad = [];
      for (const el of root.querySelectorAll('*')) {
        if (!['style', 'section', 'h2', 'h3', 'ul', 'li', 'a', 'p', 'span', 'time'].includes(el.localName))
          bad.push(el.localName);
        for (const {name, value} of el.attributes)
          if (/^on/i.test(name) || name === 'href' && !/^https?:/.test(value)) bad.push(`${name}=${value}`);
      }
      return bad; }""")
    assert found == [], f"contributor text became markup in the widget: {found}"
    page.wait_for_timeout(200)  # let anything that was going to run, run
    assert page.evaluate("typeof window.__pwned") == "undefined", "a payload ran"
    assert not page.dialogs and not page.errors, (page.dialogs, page.errors)


def test_keyboard_reaches_every_widget_link_with_visible_focus(page, host):
    page.goto(host.page(host.widget(organization=ORG)))
    page.wait_for_selector(WIDGET)
    links = page.locator(f"{WIDGET} a").evaluate_all("as => as.map(a => a.href)")
    reached = []
    for _ in range(len(links) + 4):
        page.keyboard.press("Tab")
        stop = page.evaluate("""() => { const e = document.activeElement.shadowRoot?.activeElement;
          if (!e) return null; const s = getComputedStyle(e);
          return {href: e.href, shown: e.matches(':focus-visible') && s.outlineStyle !== 'none'}; }""")
        if stop and stop in reached:
            break  # round the page and back into the widget
        if stop:
            reached.append(stop)
    assert [s["href"] for s in reached] == links
    assert all(s["shown"] for s in reached), f"a focused widget link shows no outline: {reached}"


def test_widget_and_host_page_pass_axe(page, host, axe):
    page.goto(host.page(host.widget(organization=ORG)))
    page.wait_for_selector(WIDGET)
    violations = axe.violations(page)
    assert not violations, axe.report(violations)
    page.emulate_media(color_scheme="dark")
    page.goto(host.page(host.widget(organization=ORG, theme="auto")))
    page.wait_for_selector(f"{WIDGET}.dark")
    violations = axe.violations(page)
    assert not violations, "dark widget: " + axe.report(violations)


def test_link_stays_when_the_data_cannot_be_had(page, host):
    page.route("**/api/**", lambda route: route.abort())
    page.goto(host.page(host.widget(organization=ORG)))
    link = page.locator(f'main > a[href="{host.site.url}/organizations/{ORG}/"]')
    link.wait_for()
    page.wait_for_timeout(300)
    assert page.locator(".learning-circles-embed").count() == 0
    page.goto(host.page(host.widget(link=False, organization="no-such-library")))
    fallback = page.locator(f'main > a[href="{host.site.url}/organizations/no-such-library/"]')
    fallback.wait_for()
    assert fallback.inner_text() == "All learning circles"


def test_iframe_page_posts_its_height(page, host):
    organization = host.site.catalog.organizations[ORG]
    page.goto(host.page(embeds.iframe_snippet(host.site.url, organization)
                        + embeds.LISTENER_SNIPPET
                        + "<script>addEventListener('message', e => (window.heights ||= []).push(e.data))</script>"))
    page.wait_for_function("window.heights && window.heights.length > 0")
    message = page.evaluate("window.heights.at(-1)")
    frame = page.frame_locator("iframe")
    height = frame.locator("html").evaluate("e => Math.ceil(e.getBoundingClientRect().height)")
    assert message == {"type": embeds.HEIGHT_MESSAGE, "height": height,
                       "path": f"/embed/organizations/{ORG}/"}
    assert page.evaluate("document.querySelector('iframe').style.height") == f"{height}px"
    page.set_viewport_size({"width": 360, "height": 900})
    page.wait_for_function(f"window.heights.at(-1).height > {height}")
    assert frame.locator(".card-title a").count() == len(expected(host.site.catalog, organization=ORG))
    assert frame.locator("base").get_attribute("target") == "_top"


def test_embed_pages_work_without_javascript(browser, host):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{host.site.url}/embed/organizations/{ORG}/")
        titles = page.locator(".card-title").all_inner_texts()
        assert titles == expected(host.site.catalog, organization=ORG)
        page.goto(f"{host.site.url}/embed/")
        assert not page.locator("#builder").is_visible()
        snippets = page.locator(".snippet-list textarea").count()
        assert snippets == 2 * (len(host.site.catalog.organizations) + 1)
    finally:
        context.close()


def test_builder_previews_and_copies_the_snippets(page, host, axe):
    site = host.site
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.url)
    page.goto(f"{site.url}/embed/")
    assert shown(page) == expected(site.catalog)
    chicago = site.catalog.organizations["chicago-public-library"]
    page.select_option("#embed-organization", chicago.slug)
    page.select_option("#embed-limit", "3")
    page.wait_for_function("document.querySelectorAll('#widget-preview > a').length === 0")
    assert shown(page) == expected(site.catalog, organization=chicago.slug, limit=3)
    assert page.locator("#iframe-preview").get_attribute("src").endswith(
        f"/embed/organizations/{chicago.slug}/")
    for kind, snippet in (("script", embeds.script_snippet(site.url, chicago, limit="3")),
                          ("iframe", embeds.iframe_snippet(site.url, chicago))):
        page.get_by_role("button", name=f"Copy the {kind} snippet").click()
        status = page.locator("#copy-status")
        assert status.get_attribute("role") == "status"
        page.wait_for_function(f"document.getElementById('copy-status').textContent.startsWith('{kind.capitalize()}')")
        assert page.evaluate("navigator.clipboard.readText()") == snippet
    for frame in page.frames[1:]:  # axe waits for an answer from every frame
        frame.add_script_tag(path=str(AXE))
    violations = axe.violations(page)
    assert not violations, axe.report(violations)
    assert not page.errors, page.errors



@pytest.mark.parametrize("size, expected", [("1.5", 24.0), ("2", 32.0), ("7", 16.0), ("x", 16.0)])
def test_iframe_takes_the_readers_text_size_from_its_address(page, host, size, expected):
    """?text-size= scales the frame's text from the first paint (0.5 to 2, Infusion's range);
    anything else leaves it as it was."""
    organization = host.site.catalog.organizations[ORG]
    src = f"{host.site.url}/embed/organizations/{ORG}/?text-size={size}"
    page.goto(host.page(embeds.iframe_snippet(host.site.url, organization).replace(
        f'src="{host.site.url}/embed/organizations/{ORG}/"', f'src="{src}"')))
    frame = page.frame_locator("iframe")
    # The frame's own document, not the blank one an iframe holds before it loads.
    title = frame.locator(".card-title").first
    title.wait_for()
    root = frame.locator("html")
    assert root.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") == expected
    assert title.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") == pytest.approx(expected * 1.05)
