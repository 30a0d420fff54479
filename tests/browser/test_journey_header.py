"""A phone user sees the page, not the header: at 320x640 the header takes two short lines
(the brand and the language menu, then the main menu on one line), every page's h1 starts
within the first 200 px and the home page's search box ends on the first screen. The
language menu is one disclosure that works by keyboard and without JavaScript; the footer
links the about and privacy pages, which pass axe in both colour schemes."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 320, "height": 640}
LAPTOP = {"width": 1280, "height": 800}
LANGUAGES = ["en", "es", "fr", "de", "fi", "pl", "ro", "pt", "sw"]
PLACES = """() => {
  const box = (e) => e && e.getBoundingClientRect().toJSON();
  const main = [...document.querySelectorAll('.site-nav:not(.lang-nav) li')].map(box);
  return {h1: box(document.querySelector('main h1')),
          header: box(document.querySelector('.site-header')),
          summary: box(document.querySelector('.lang-menu > summary')),
          brand: box(document.querySelector('.brand')), main,
          scrollWidth: document.scrollingElement.scrollWidth}; }"""


def phone_pages(sample_pages) -> list[str]:
    return ["/", "/circles/", sample_pages["circle-open"], "/courses/", "/es/", "/sw/",
            "/fi/courses/", "/pt/circles/", "/about/", "/privacy/"]


def places(page, url: str, viewport: dict) -> dict:
    page.set_viewport_size(viewport)
    response = page.goto(url)
    assert response.ok, f"{url} answered HTTP {response.status}"
    return page.evaluate(PLACES)


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["320x640", "1280x800"])
def test_h1_starts_near_the_top_of_every_kind_of_page(page, sample_site, sample_pages, viewport):
    for path in phone_pages(sample_pages):
        found = places(page, sample_site.url + path, viewport)
        assert found["h1"]["top"] < 200, f"{path} at {viewport}: h1 starts at {found['h1']['top']}"
        assert found["scrollWidth"] <= viewport["width"], f"{path} scrolls sideways"
        # The brand and the language menu share the first line; the main menu is one line.
        assert abs(found["summary"]["top"] - found["brand"]["top"]) < 12, path
        tops = {round(item["top"]) for item in found["main"]}
        assert len(tops) == 1, f"{path} at {viewport}: the main menu wraps: {found['main']}"
        assert found["header"]["height"] < (100 if viewport is PHONE else 80), (
            f"{path} at {viewport}: the header is {found['header']['height']} px tall")


def test_home_search_box_is_on_the_first_screen_of_a_phone(page, sample_site):
    for path in ("/", "/es/"):
        page.set_viewport_size(PHONE)
        page.goto(sample_site.url + path)
        entry = page.locator("[data-finder-entry]")
        entry.wait_for(state="visible")  # search.js shows it
        box = entry.locator("input[type=search]").bounding_box()
        bottom = entry.bounding_box()
        assert box["y"] + box["height"] < PHONE["height"], f"{path}: the search input ends below"
        assert bottom["y"] + bottom["height"] < PHONE["height"], (
            f"{path}: the search form ends at {bottom['y'] + bottom['height']}")
    assert not page.errors, "\n".join(page.errors)


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["320x640", "1280x800"])
def test_language_menu_opens_by_keyboard_and_lists_every_language(page, sample_site, viewport):
    page.set_viewport_size(viewport)
    page.goto(sample_site.url + "/circles/")
    summary = page.locator(".lang-menu > summary")
    links = page.locator(".lang-menu a")
    assert not links.first.is_visible(), "the menu starts closed"
    # The menu is the next focus stop after the main menu, with its focus shown.
    page.locator(".site-nav:not(.lang-nav) li:last-child a").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('.lang-menu > summary:focus-visible')")
    assert summary.evaluate("s => getComputedStyle(s).outlineStyle") != "none"
    page.keyboard.press("Enter")
    assert page.locator(".lang-menu").evaluate("d => d.open")
    assert links.count() == len(LANGUAGES)
    described = links.evaluate_all(
        "as => as.map(a => [a.lang, a.hreflang, a.getAttribute('aria-current'), a.textContent])")
    assert [lang for lang, *_ in described] == LANGUAGES
    assert all(lang == hreflang for lang, hreflang, *_ in described)
    assert [lang for lang, _, current, _ in described if current == "true"] == ["en"]
    for index in range(len(LANGUAGES)):
        box = links.nth(index).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], described[index]
        assert box["height"] >= 24, "each language is a target of at least 24 px (WCAG 2.5.8)"
    # Tab goes on into the panel; Enter follows the language's link to the same page.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.hreflang") == "es"
    page.keyboard.press("Enter")
    page.wait_for_url("**/es/circles/")
    assert page.evaluate("document.documentElement.lang") == "es"
    assert page.locator(".lang-menu .lang-full").text_content() == "Idioma: Español"
    assert not page.errors, "\n".join(page.errors)


def test_language_menu_works_without_javascript(browser, sample_site):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(sample_site.url + "/sw/")
        page.click(".lang-menu > summary")
        french = page.locator('.lang-menu a[hreflang="fr"]')
        assert french.is_visible() and french.text_content() == "Français"
        french.click()
        page.wait_for_url("**/fr/")
        assert page.evaluate("document.documentElement.lang") == "fr"
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_open_language_menu_and_new_pages_pass_axe(page, sample_site, axe, scheme):
    page.emulate_media(color_scheme=scheme)
    for viewport in (PHONE, LAPTOP):
        page.set_viewport_size(viewport)
        page.goto(sample_site.url + "/pl/")
        page.click(".lang-menu > summary")
        violations = axe.violations(page)
        assert not violations, f"/pl/ with the menu open, {scheme}: {axe.report(violations)}"
    for path in ("/about/", "/privacy/", "/es/about/", "/sw/privacy/"):
        page.goto(sample_site.url + path)
        violations = axe.violations(page)
        assert not violations, f"{path}, {scheme}: {axe.report(violations)}"


def test_footer_links_about_and_privacy(page, sample_site):
    page.set_viewport_size(PHONE)
    page.goto(sample_site.url + "/de/courses/")
    footer = page.locator(".site-footer")
    assert "Diese Website wird von" in footer.text_content()
    footer.get_by_role("link", name="Datenschutz").click()
    page.wait_for_url("**/de/privacy/")
    assert page.locator("h1").text_content() == "Datenschutz"
    page.locator(".site-footer").get_by_role("link", name="Über diese Website").click()
    page.wait_for_url("**/de/about/")
    assert page.locator("h1").text_content() == "Über diese Website"
    assert page.locator("main a[href^='mailto:']").count() == 1
