"""Every kind of page passes axe-core's WCAG 2.2 A/AA rules: at desktop width, at 320 px
(WCAG 1.4.10 Reflow: no horizontal scrolling) and in dark mode (1.4.3 contrast)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

KINDS = ["home", "courses", "course", "circles", "past-circles", "circle-open",
         "circle-online", "circle-full", "circle-closed", "circle-completed",
         "organizations", "organization", "topics", "topic", "languages", "language",
         "cities", "city", "not-found"]


def open_page(page, sample_site, path):
    response = page.goto(sample_site.url + path)
    assert response.ok, f"{path} answered HTTP {response.status}"


@pytest.mark.parametrize("kind", KINDS)
def test_page_has_no_axe_violations(page, sample_site, sample_pages, axe, kind):
    path = sample_pages[kind]
    open_page(page, sample_site, path)
    violations = axe.violations(page)
    assert not violations, f"{kind} page {path}: {axe.report(violations)}"
    assert not page.errors, f"{kind} page {path} logged errors:\n" + "\n".join(page.errors)


@pytest.mark.parametrize("kind", ["circle-open", "home"])
def test_page_reflows_at_320px(page, sample_site, sample_pages, axe, kind):
    path = sample_pages[kind]
    page.set_viewport_size({"width": 320, "height": 800})
    open_page(page, sample_site, path)
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= 320, f"{path} scrolls sideways at 320 px: the document is {width} px wide"
    violations = axe.violations(page)
    assert not violations, f"{path} at 320 px: {axe.report(violations)}"


@pytest.mark.parametrize("kind", ["home", "circle-open"])
def test_dark_mode_has_no_axe_violations(page, sample_site, sample_pages, axe, kind):
    path = sample_pages[kind]
    page.emulate_media(color_scheme="dark")
    open_page(page, sample_site, path)
    assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
    violations = axe.violations(page)
    assert not violations, f"{path} in dark mode: {axe.report(violations)}"
