"""A keyboard user reaches the signup form of a circle: the skip link comes first and
skips to the main content (WCAG 2.4.1), and focus stays visible on the way (2.4.7)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

MAX_TABS = 40
FOCUSED = """() => { const e = document.activeElement, r = e.getBoundingClientRect();
  return {tag: e.localName, cls: e.getAttribute('class') || '', text: (e.innerText || '').trim(),
          href: e.getAttribute('href'), inMain: !!e.closest('main#main'),
          inView: r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0
                  && r.bottom <= innerHeight && r.right <= innerWidth}; }"""
FOCUS_STYLE = """() => { const s = getComputedStyle(document.activeElement);
  return {visible: document.activeElement.matches(':focus-visible'),
          outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
          shown: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
                 || s.boxShadow !== 'none'}; }"""


def test_skip_link_is_first_and_skips_to_main(page, sample_site, sample_pages):
    page.goto(sample_site.url + sample_pages["circle-open"])
    page.keyboard.press("Tab")
    first = page.evaluate(FOCUSED)
    assert "skip-link" in first["cls"].split() and first["href"] == "#main", (
        f"the first Tab should focus the skip link, focused: {first}")
    assert first["text"] and first["inView"], f"the focused skip link is not shown: {first}"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    assert page.evaluate("document.querySelector('main#main').getBoundingClientRect().top") < 900
    page.keyboard.press("Tab")
    after = page.evaluate(FOCUSED)
    assert after["inMain"], f"after the skip link, Tab should go into <main>, focused: {after}"


def test_tab_reaches_signup_button_with_visible_focus(page, sample_site, sample_pages):
    path = sample_pages["circle-open"]
    page.goto(sample_site.url + path)
    seen = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        seen.append(focused := page.evaluate(FOCUSED))
        if "signup-button" in focused["cls"].split():
            break
    else:
        pytest.fail(f"{MAX_TABS} Tabs on {path} never reached .signup-button; focused: "
                    + ", ".join(f"{f['tag']}.{f['cls']} {f['text'][:30]!r}" for f in seen))
    slug = path.strip("/").split("/")[-1]
    assert focused["href"] == sample_site.catalog.circles[slug].signup.url
    style = page.evaluate(FOCUS_STYLE)
    assert style["visible"] and style["shown"], f"focus on .signup-button is not visible: {style}"
    assert focused["inView"], f"the focused .signup-button is outside the viewport: {focused}"
