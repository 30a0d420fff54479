"""The search pages as a visitor meets them, on a laptop (1280x800) and on a phone (320x640):
results come first, one summary line names the search and its filters and stands in for
the listing's lead text, filters sit in a sidebar or a "Filters (n)" disclosure, long
groups fold behind "Show all", and options that would give no result are not offered."""

from __future__ import annotations

import contextlib
import re
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 320, "height": 640}
SIZES = {"laptop": LAPTOP, "phone": PHONE}
LOCAL_HOSTS = {"127.0.0.1", "localhost"}

SETTLED = """() => { const s = document.querySelector('[data-status]');
  return s && s.textContent && !s.textContent.startsWith('Asking')
    && !document.querySelector('[data-finder][aria-busy]'); }"""


@contextlib.contextmanager
def sized_page(browser, viewport):
    """A page of the given viewport that may only talk to our own server; at the end, it
    fails on any third-party request, console error or uncaught exception."""
    context = browser.new_context(viewport=viewport, service_workers="block")
    third_party: list[str] = []

    def route(request_route):
        if urlsplit(request_route.request.url).hostname in LOCAL_HOSTS:
            request_route.continue_()
        else:
            third_party.append(request_route.request.url)
            request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        yield page
    finally:
        context.close()
    assert not third_party, third_party
    assert not errors, errors


def open_listing(page, site, path: str):
    page.goto(site.url + path)
    page.wait_for_selector("[data-finder]:not([hidden])")


def settle(page):
    page.wait_for_function(SETTLED)
    page.wait_for_timeout(50)


def search(page, words: str):
    page.fill("#finder-q", words)
    page.wait_for_function("q => new URLSearchParams(location.search).get('q') === q", arg=words)
    settle(page)


def summary_text(page) -> str:
    return " ".join(page.text_content("[data-summary] p").split())


def visible_text_count(page, text: str) -> int:
    return sum(1 for node in page.get_by_text(text).all() if node.is_visible())


def visible_options(page, facet: str) -> list[str]:
    return page.eval_on_selector_all(
        f"[data-facet={facet}] .facet-options > li",
        "lis => lis.filter(li => li.checkVisibility()).map(li => li.querySelector('input').value)")


def counts(page, facet: str) -> dict[str, str]:
    return dict(page.eval_on_selector_all(
        f"[data-facet={facet}] .facet-options input",
        "bs => bs.map(b => [b.value, b.closest('label').querySelector('[data-count]').textContent])"))


# -- results first ----------------------------------------------------------------------

@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("listing", ["circles", "courses"])
def test_first_result_is_in_view_after_a_search(browser, sample_site, size, listing):
    with sized_page(browser, SIZES[size]) as page:
        open_listing(page, sample_site, f"/{listing}/")
        lead = page.locator(".page-header .lead")
        assert lead.is_visible(), "the lead text shows before any search"
        if listing == "courses":
            assert visible_text_count(page, "Page 1 of") == 1, "the courses listing has pages"
        search(page, "python")
        assert page.evaluate("scrollY") == 0, "the test does not scroll"
        top, height = page.evaluate("""() => [document.querySelector('[data-results] > li')
            .getBoundingClientRect().top, innerHeight]""")
        assert 0 < top < height, f"the first result starts at {top}px, below the {height}px viewport"
        assert visible_text_count(page, "Page 1 of") == 0, "no page line over search results"
        assert not lead.is_visible(), "the summary line stands in for the lead text"
        assert not page.is_visible("[data-finder-static]")
        noun = "circle" if listing == "circles" else "course"
        assert re.fullmatch(rf"\d+ {noun}s? found for “python”", summary_text(page)), summary_text(page)
        assert page.is_visible("[data-summary] [data-clear]")
        # The live region still says how many were found.
        assert re.match(rf"\d+ {noun}s? found for “python”", page.text_content("[data-status]"))


def test_on_a_laptop_the_filters_are_a_sidebar_beside_the_results(browser, sample_site):
    with sized_page(browser, LAPTOP) as page:
        open_listing(page, sample_site, "/circles/?q=python")
        settle(page)
        side = page.locator("[data-facets]").bounding_box()
        first = page.locator("[data-results] > li").first.bounding_box()
        search_box = page.locator("#finder-q").bounding_box()
        assert page.eval_on_selector("[data-facets]", "d => d.open"), "open on a laptop"
        assert side["x"] + side["width"] <= first["x"], "the filters are a column beside the results"
        assert side["y"] < first["y"] and first["y"] > search_box["y"]
        # "Near me" and "Sort by" share one row.
        near = page.locator("[data-near-me]").bounding_box()
        sort = page.locator("#finder-sort").bounding_box()
        assert abs((near["y"] + near["height"] / 2) - (sort["y"] + sort["height"] / 2)) < 8
        assert 0 < near["x"] - (sort["x"] + sort["width"]) < 48, "no large gap between them"


# -- the summary line -------------------------------------------------------------------

@pytest.mark.parametrize("size", SIZES)
def test_summary_line_names_the_filters_and_clears_back_to_the_listing(browser, sample_site, size):
    with sized_page(browser, SIZES[size]) as page:
        open_listing(page, sample_site, "/courses/")
        search(page, "python")
        if size == "phone":
            page.click("[data-facets] > summary")
        language = page.locator("[data-facet=language]")
        if not language.evaluate("d => d.open"):
            language.locator("summary").click()
        before = page.url
        language.locator("input[value=en]").check()
        page.wait_for_function("u => location.href !== u", arg=before)
        settle(page)
        assert re.fullmatch(r"\d+ courses? found for “python” · Language: English",
                            summary_text(page)), summary_text(page)
        assert page.text_content("[data-facets] > summary").strip() == "Filters (1)"
        page.click("[data-summary] [data-clear]")
        page.wait_for_selector("[data-finder-static]:not([hidden])")
        assert page.is_visible(".page-header .lead"), "the lead text comes back"
        assert visible_text_count(page, "Page 1 of") == 1, "so does the page line"
        assert not page.is_visible("[data-summary]")
        assert page.input_value("#finder-q") == ""
        assert urlsplit(page.url).query == ""


def test_summary_line_speaks_the_page_language_with_its_plural_forms(browser, sample_site):
    with sized_page(browser, LAPTOP) as page:
        open_listing(page, sample_site, "/pl/circles/?q=python&status=any&format=online")
        settle(page)
        text = summary_text(page)
        facet = page.text_content("[data-facet=format] legend")
        online = page.text_content("[data-facet=format] input[value=online] + .facet-label")
        assert text.startswith("Znaleziono "), text
        assert f"{facet}: {online}" in text, text
        assert "dla „python”" in text
        assert page.text_content("[data-facets] > summary").strip() == "Filtry (2)"


# -- filters on a phone -----------------------------------------------------------------

def test_on_a_phone_filters_are_a_disclosure_with_the_count_above_the_results(browser, sample_site):
    with sized_page(browser, PHONE) as page:
        open_listing(page, sample_site, "/circles/?format=in-person&language=en")
        settle(page)
        summary = page.locator("[data-facets] > summary")
        assert " ".join(summary.text_content().split()) == "Filters (2)"
        assert not page.eval_on_selector("[data-facets]", "d => d.open"), "closed at first"
        assert not page.is_visible("[data-facet=language]")
        # It looks like it opens: a chevron that turns when it does.
        chevron = "s => getComputedStyle(s, '::after').transform"
        closed = summary.evaluate(chevron)
        assert page.eval_on_selector("[data-facets] > summary", "s => getComputedStyle(s, '::after')"
                                     ".content") != "none"
        assert summary.bounding_box()["height"] >= 44, "a large enough target"
        top, height = page.evaluate("""() => [document.querySelector('[data-results] > li')
            .getBoundingClientRect().top, innerHeight]""")
        assert top < height, "results first: the first result is in view"
        summary.click()
        assert page.eval_on_selector("[data-facets]", "d => d.open")
        assert summary.evaluate(chevron) != closed
        assert page.is_visible("[data-facet=language] input[value=en]")
        panel = page.locator("[data-facets]").bounding_box()
        first = page.locator("[data-results] > li").first.bounding_box()
        assert panel["y"] + panel["height"] <= first["y"], "the filters open above the results"


# -- long groups and options without results -----------------------------------------------

@pytest.mark.parametrize("size", SIZES)
def test_a_long_group_shows_six_options_and_a_show_all_button(browser, sample_site, size):
    with sized_page(browser, SIZES[size]) as page:
        open_listing(page, sample_site, "/circles/")
        if size == "phone":
            page.click("[data-facets] > summary")
        offered = [v for v, n in counts(page, "topic").items() if n != "(0)"]
        assert len(offered) > 8, "the sample's topics make a long group"
        assert len(visible_options(page, "topic")) == 6
        button = page.locator("[data-facet=topic] [data-all]")
        assert button.evaluate("b => b.localName") == "button"
        assert button.get_attribute("aria-expanded") == "false"
        assert button.text_content() == f"Show all {len(offered)}"
        overflow = page.eval_on_selector("[data-facet=topic] .facet-options",
                                         "u => [getComputedStyle(u).overflowY, u.scrollHeight - u.clientHeight]")
        assert overflow == ["visible", 0], "no inner scroll box"
        button.focus()
        page.keyboard.press("Enter")
        assert button.get_attribute("aria-expanded") == "true"
        assert visible_options(page, "topic") == offered
        assert button.text_content() == "Show fewer"
        page.keyboard.press("Space")
        assert len(visible_options(page, "topic")) == 6
        # A short group has no such button.
        assert not page.is_visible("[data-facet=status] [data-all]")


def test_an_option_without_results_is_not_offered_unless_chosen(browser, sample_site):
    with sized_page(browser, LAPTOP) as page:
        open_listing(page, sample_site, "/circles/")
        button = page.locator("[data-facet=topic] [data-all]")
        button.click()
        empty = [v for v, n in counts(page, "topic").items() if n == "(0)"]
        assert empty, "the sample has topics of completed circles only"
        assert not set(empty) & set(visible_options(page, "topic"))
        search(page, "python")
        page.eval_on_selector("[data-facet=weekday]", "d => { d.open = true; }")
        page.wait_for_function("() => [...document.querySelectorAll('[data-facet=weekday] [data-count]')]"
                               ".some(c => c.textContent === '(0)')")
        weekdays = counts(page, "weekday")
        zero = [v for v, n in weekdays.items() if n == "(0)"]
        assert visible_options(page, "weekday") == [v for v, n in weekdays.items() if n != "(0)"]
        # Chosen from a shared link, an option without results stays, checked, to be undone.
        open_listing(page, sample_site, f"/circles/?q=python&weekday={zero[0]}")
        settle(page)
        assert page.eval_on_selector("[data-facet=weekday]", "d => d.open"), "a chosen group opens"
        assert page.is_checked(f"[data-facet=weekday] input[value={zero[0]}]")
        page.wait_for_function(f"() => document.querySelector('[data-facet=weekday] input[value={zero[0]}]')"
                               ".closest('label').querySelector('[data-count]').textContent === '(0)'")
        assert zero[0] in visible_options(page, "weekday")


def test_without_javascript_only_the_listing_shows(browser, sample_site):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{sample_site.url}/courses/?q=python")
        assert page.is_visible(".page-header .lead")
        assert page.is_visible("text=Page 1 of 2")
        assert page.is_visible("[data-finder-static]")
        assert not page.get_by_text("Filters").first.is_visible()
        assert not page.is_visible("[data-summary]")
    finally:
        context.close()
