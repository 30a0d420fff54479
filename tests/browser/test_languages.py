"""The interface in every language, in a real browser: axe-core on pages of each language,
search from a translated listing (entries in every language, links to that language's pages,
plural forms) and the widget speaking the language it is given."""

from __future__ import annotations

import pytest

import pelicanconf
from search_content import CIRCLES, write_search_content
from test_embed import host  # noqa: F401 - the fixture: a host site on another origin

pytestmark = pytest.mark.browser

LANGUAGES = pelicanconf.CATALOG_LANGUAGES
WIDGET = ".learning-circles-embed .lc"


@pytest.fixture(scope="module")
def search_site(site_factory, tmp_path_factory):
    return site_factory(write_search_content(tmp_path_factory.mktemp("i18n-search")))


@pytest.mark.parametrize("lang", LANGUAGES[1:])
@pytest.mark.parametrize("kind", ["home", "circle-open", "circles"])
def test_translated_pages_pass_axe(page, sample_site, sample_pages, axe, lang, kind):
    path = f"/{lang}{sample_pages[kind]}"
    response = page.goto(sample_site.url + path)
    assert response.ok, path
    assert page.evaluate("document.documentElement.lang") == lang
    violations = axe.violations(page)
    assert not violations, f"{path}: {axe.report(violations)}"
    assert not page.errors, "\n".join(page.errors)


def test_search_from_spanish_finds_every_language_and_links_in_spanish(page, search_site):
    page.goto(f"{search_site.url}/es/circles/?status=upcoming&status=in-progress&status=completed")
    page.wait_for_selector("[data-finder]:not([hidden])")
    page.wait_for_function("() => document.querySelectorAll('[data-results] .card-title a').length"
                           f" === {len(CIRCLES)}")
    links = page.eval_on_selector_all("[data-results] .card-title a",
                                      "as => as.map(a => [a.pathname, a.closest('[lang]').lang])")
    assert {path for path, _ in links} == {f"/es/circles/{slug}/" for slug in CIRCLES}
    assert {lang for _, lang in links} >= {"es", "en", "pl", "ro", "sw", "fi"}
    status = page.text_content("[data-status]")
    assert status.startswith(f"{len(CIRCLES)} círculos encontrados"), status
    page.click("[data-results] .card-title a >> nth=0")
    page.wait_for_load_state()
    assert page.url.startswith(f"{search_site.url}/es/circles/")
    assert page.evaluate("document.documentElement.lang") == "es"


def test_polish_result_counts_take_the_few_form(page, search_site):
    page.goto(f"{search_site.url}/pl/circles/?q=python")
    page.wait_for_selector("[data-finder]:not([hidden])")
    page.wait_for_function("() => (document.querySelector('[data-status]').textContent || '')"
                           ".startsWith('Znaleziono')")
    assert page.text_content("[data-status]").startswith("Znaleziono 3 kręgi dla „python”")


def test_widget_speaks_finnish(page, host):
    page.goto(host.page(host.widget(lang="fi", status="upcoming,in-progress,completed")))
    page.wait_for_selector(WIDGET)
    widget = page.locator(WIDGET)
    assert widget.get_attribute("lang") == "fi"
    text = widget.inner_text()
    # The widget's own words, not the circles' titles (contributor text, in any language).
    for title in widget.locator(".name").all_inner_texts():
        text = text.replace(title, "")
    assert "Opintopiirit" in text
    assert any(word in text for word in ("Alkaa", "Seuraava tapaaminen", "Päättyi")), text
    for english in ("Learning circles", "Starts", "Next meeting", "Signup open", "Online"):
        assert english not in text, english
