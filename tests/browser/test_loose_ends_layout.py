"""Layout details of the visitor's journey in a real browser: the 404 page lines up with the
header, the embed builder's copy buttons are all one size, the API page's tables show that
they scroll at 320 px, and a course page's license and advice pass axe."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def left_edges(page) -> tuple[float, float]:
    """The left edge of the header's brand and of the page's heading, in px."""
    return (page.locator(".site-header .brand").bounding_box()["x"],
            page.locator("main h1").bounding_box()["x"])


@pytest.mark.parametrize("width", [1280, 320])
def test_not_found_page_lines_up_with_the_header(page, sample_site, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(sample_site.url + "/404.html")
    brand, heading = left_edges(page)
    page.goto(sample_site.url + "/courses/")
    course_brand, course_heading = left_edges(page)
    assert abs(heading - brand) <= 1, f"at {width} px the heading is at {heading}, the header at {brand}"
    assert abs(heading - course_heading) <= 1, "the 404 page's content edge differs from other pages'"


def test_embed_builder_copy_buttons_are_all_one_size(page, sample_site):
    page.goto(sample_site.url + "/embed/")
    buttons = page.locator("button[data-copy]")
    assert buttons.count() >= 3
    sizes = buttons.evaluate_all("""buttons => buttons.map(b => {
        const style = getComputedStyle(b);
        return [b.dataset.copy, b.getBoundingClientRect().height, style.fontSize,
                style.fontFamily, style.paddingTop, style.paddingLeft];
    })""")
    for name, *size in sizes[1:]:
        assert size == sizes[0][1:], f"{name}: {size} differs from {sizes[0]}"
    assert sizes[0][1] >= 44, "a copy button is a comfortable target"


def test_api_tables_show_that_they_scroll_at_320px(page, sample_site, axe):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(sample_site.url + "/api/")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 320, "the page itself scrolls"
    boxes = page.locator(".table-scroll")
    for i in range(boxes.count()):
        box = boxes.nth(i)
        assert box.evaluate("e => e.scrollWidth > e.clientWidth"), f"table {i} fits: nothing to hint"
        assert box.get_attribute("tabindex") == "0" and box.get_attribute("role") == "region"
        name = box.evaluate("e => document.getElementById(e.getAttribute('aria-labelledby')).textContent")
        assert name.strip(), f"table {i}'s region has no name"
        # The shadows at the edges it can scroll to, and the words above it.
        assert box.evaluate("e => getComputedStyle(e).backgroundImage").count("gradient") == 4
        hint = box.locator("xpath=preceding-sibling::p[1]")
        assert hint.get_attribute("class") == "scroll-hint" and hint.is_visible()
    # The keyboard scrolls a table once its region has focus.
    first = boxes.first
    first.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("document.querySelector('.table-scroll').scrollLeft > 0")
    violations = axe.violations(page)
    assert not violations, axe.report(violations)


def test_api_scroll_hint_hidden_where_tables_fit(page, sample_site):
    page.goto(sample_site.url + "/api/")
    assert page.locator(".table-scroll").first.evaluate("e => e.scrollWidth <= e.clientWidth")
    assert not page.locator(".scroll-hint").first.is_visible()


@pytest.mark.parametrize("width", [1280, 320])
def test_course_page_with_license_and_advice_passes_axe(page, sample_site, axe, width):
    """A course with an SPDX license and no open circle (the sample's cs50p)."""
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(sample_site.url + "/courses/cs50p/")
    assert page.get_by_role("link", name="Creative Commons Attribution Non Commercial Share "
                                          "Alike 4.0 International").is_visible()
    advice = page.get_by_role("link", name="its feed", exact=True)
    assert advice.is_visible() and advice.get_attribute("href") == "/feeds/courses/cs50p.atom.xml"
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    violations = axe.violations(page)
    assert not violations, axe.report(violations)
