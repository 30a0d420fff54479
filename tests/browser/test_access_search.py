"""Venue and online access in a real browser, on the search tests' catalog
(tests/search_content.py) with access terms added: ticking a term in the circle search
keeps the circles that have it; a city page's access links lead, without JavaScript, to
its circles having the term; and axe-core finds nothing on a circle page and a city access
page, in English and in German, at 1280 and 320 px wide, where nothing overflows."""

from __future__ import annotations

import pytest

from search_content import write_search_content

pytestmark = pytest.mark.browser

# slug: what its file gains (a venue's terms go under "venue:").
ACCESS = {
    "toronto-python": "venue:\n  access: [step-free-entrance, hearing-loop]\n"
                      "  access_note: Ring the bell at the side door.\n",
    "krakow-python": "venue:\n  access: [step-free-entrance, elevator]\n",
    "cluj-invatare": "venue:\n  access: [elevator]\n",
}
ONLINE_ACCESS = {"online-clima": "online_access: [captions, dial-in]\n"}
SETTLED = """() => { const s = document.querySelector('[data-status]');
  return s && s.textContent && !document.querySelector('[data-finder][aria-busy]'); }"""
PAGES = ("/circles/toronto-python/", "/circles/online-clima/", "/circles/",
         "/cities/krakow/", "/cities/krakow/access/step-free-entrance/")
CASES = [(lang, width) for lang in ("", "/de") for width in (1280, 320)]


@pytest.fixture(scope="module")
def access_site(site_factory, tmp_path_factory):
    content = write_search_content(tmp_path_factory.mktemp("access-content"))
    for slug, lines in ACCESS.items():
        path = content / "circles" / f"{slug}.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("venue:\n", lines, 1),
                        encoding="utf-8")
    for slug, line in ONLINE_ACCESS.items():
        path = content / "circles" / f"{slug}.yaml"
        path.write_text(path.read_text(encoding="utf-8") + line, encoding="utf-8")
    return site_factory(content)


def open_group(page, group: str):
    """The filter group ``group``, opened (closed at first, as every group but two)."""
    details = page.locator(f"[data-facet={group}]")
    if not details.evaluate("d => d.open"):
        details.locator("summary").click()
    return details


def tick(page, group: str, value: str):
    details = open_group(page, group)
    before = page.url
    details.locator(f"input[value='{value}']").check()
    page.wait_for_function("u => location.href !== u", arg=before)


def words(texts: list[str]) -> list[str]:
    """Texts as read, each run of white space one space (flex items each end a line of
    ``innerText``)."""
    return [" ".join(text.split()) for text in texts]


def results(page) -> set[str]:
    page.wait_for_function(SETTLED)
    page.wait_for_timeout(50)
    hrefs = page.eval_on_selector_all("[data-results] .card-title a", "as => as.map(a => a.pathname)")
    return {h.strip("/").split("/")[-1] for h in hrefs}


def test_the_content_has_the_terms_checked_here(access_site):
    circles = access_site.catalog.circles
    assert circles["toronto-python"].venue.access == ("step-free-entrance", "hearing-loop")
    assert circles["online-clima"].online_access == ("captions", "dial-in")
    assert {slug for slug, c in circles.items() if c.status in ("upcoming", "in-progress")} >= {
        "toronto-python", "krakow-python", "cluj-invatare", "online-clima"}


def test_ticking_step_free_entrance_keeps_the_circles_that_have_it(page, access_site):
    page.goto(f"{access_site.url}/circles/")
    page.wait_for_selector("[data-finder]:not([hidden])")
    option = open_group(page, "access").locator("input[value='step-free-entrance']")
    assert words(option.locator("xpath=..").all_inner_texts()) == ["Step-free entrance (2)"]
    tick(page, "access", "step-free-entrance")
    assert page.url.endswith("/circles/?access=step-free-entrance")
    assert results(page) == {"toronto-python", "krakow-python"}
    assert page.text_content("[data-summary-text]") == (
        "2 circles found · Access: Step-free entrance")
    # Within the group, either term; across groups, both.
    tick(page, "access", "elevator")
    assert results(page) == {"toronto-python", "krakow-python", "cluj-invatare"}
    tick(page, "country", "PL")
    assert results(page) == {"krakow-python"}
    assert not page.errors, page.errors


def test_ticking_live_captions_keeps_the_online_circle_that_has_them(page, access_site):
    page.goto(f"{access_site.url}/de/circles/")
    page.wait_for_selector("[data-finder]:not([hidden])")
    option = open_group(page, "online_access").locator("input[value=captions]")
    assert words(option.locator("xpath=..").all_inner_texts()) == ["Live-Untertitel (1)"]
    tick(page, "online_access", "captions")
    assert results(page) == {"online-clima"}
    assert not page.errors, page.errors


def test_a_city_s_access_links_work_without_javascript(browser, access_site):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{access_site.url}/cities/krakow/")
        filters = page.get_by_role("navigation", name="Filter by access")
        assert words(filters.get_by_role("listitem").all_inner_texts()) == [
            "Step-free entrance (1)", "Elevator (1)"]
        filters.get_by_role("link", name="Step-free entrance").click()
        page.wait_for_url("**/cities/krakow/access/step-free-entrance/")
        assert page.inner_text("h1") == "Kraków: Step-free entrance"
        cards = page.eval_on_selector_all(".card-title a", "as => as.map(a => a.pathname)")
        assert cards == ["/circles/krakow-python/"]
        current = page.locator("[aria-current=page]", has_text="Step-free entrance")
        assert current.count() == 1
        page.get_by_role("link", name="All circles in Kraków").click()
        page.wait_for_url("**/cities/krakow/")
    finally:
        context.close()


def test_the_circle_page_names_its_access_list(page, access_site):
    page.goto(f"{access_site.url}/circles/toronto-python/")
    access = page.get_by_role("list", name="Getting there and access")
    assert access.get_by_role("listitem").all_inner_texts() == ["Step-free entrance", "Hearing loop"]
    page.goto(f"{access_site.url}/cities/toronto/")
    card_line = page.get_by_role("list", name="Access")
    assert card_line.get_by_role("listitem").all_inner_texts() == [
        "Step-free entrance", "Hearing loop"]


@pytest.mark.parametrize("prefix, width", CASES, ids=[f"{p.strip('/') or 'en'}-{w}" for p, w in CASES])
def test_access_pages_pass_axe_and_fit_the_window(page, access_site, axe, prefix, width):
    # The access lines wrap: nothing is wider than the window.
    found = axe.sweep(page, access_site.url + prefix, PAGES, width)
    assert not found, "\n".join(found)
    assert not page.errors, page.errors
