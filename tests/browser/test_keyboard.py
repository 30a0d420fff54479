"""A keyboard user reaches the signup form of a circle: the skip link comes first and
skips to the main content (WCAG 2.4.1), and every focus stop is visible and on screen
(2.4.7 Focus Visible, 2.4.11 Focus Not Obscured)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

MAX_TABS = 40
FOCUSED = """() => {
  const e = document.activeElement, r = e.getBoundingClientRect(), s = getComputedStyle(e);
  return {tag: e.localName, cls: e.getAttribute('class') || '', text: (e.innerText || '').trim(),
          href: e.getAttribute('href'), inMain: !!e.closest('main#main'),
          inView: r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0
                  && r.bottom <= innerHeight && r.right <= innerWidth,
          outline: `${s.outlineStyle} ${s.outlineWidth}`, boxShadow: s.boxShadow,
          focusShown: e.matches(':focus-visible') && (s.boxShadow !== 'none'
                      || s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)}; }"""


def describe(stops: list[dict]) -> str:
    return "\n".join(f"  {s['tag']}.{s['cls']} {s['text'][:40]!r} outline={s['outline']} "
                     f"box-shadow={s['boxShadow']} in-view={s['inView']}" for s in stops)


def test_skip_link_is_first_and_skips_to_main(page, sample_site, sample_pages):
    page.goto(sample_site.url + sample_pages["circle-open"])
    page.keyboard.press("Tab")
    first = page.evaluate(FOCUSED)
    assert "skip-link" in first["cls"].split() and first["href"] == "#main", (
        f"the first Tab should focus the skip link, focused:\n{describe([first])}")
    assert first["text"] and first["inView"], f"the focused skip link is not shown: {first}"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main", "Enter on the skip link did not follow it"
    page.keyboard.press("Tab")
    after = page.evaluate(FOCUSED)
    assert after["inMain"], f"after the skip link, Tab should go into <main>:\n{describe([after])}"


def test_tab_reaches_signup_button_with_visible_focus(page, sample_site, sample_pages):
    path = sample_pages["circle-open"]
    page.goto(sample_site.url + path)
    stops = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUSED))
        if "signup-button" in stops[-1]["cls"].split():
            break
    else:
        pytest.fail(f"{MAX_TABS} Tabs on {path} never reached .signup-button:\n{describe(stops)}")
    slug = path.strip("/").split("/")[-1]
    assert stops[-1]["href"] == sample_site.catalog.circles[slug].signup.url
    hidden = [s for s in stops if not (s["focusShown"] and s["inView"])]
    assert not hidden, f"focus is not visible or off screen on {path} at:\n{describe(hidden)}"
