"""Venue and online access in the script widget on another site (README, "Embedding"): under
the place of each circle, a line of the terms its venue or its online meetings offer, each
named in the host page's language beside an icon that screen readers skip, the list named
"Access" as on the cards; the venue's access note after it; terms newer than the widget
left out; the line wraps on a narrow screen; axe finds nothing, light or dark; the iframe
page's cards line up their terms alike."""

from __future__ import annotations

import pytest

from helpers import Site
from test_embed import WIDGET, hosting

pytestmark = pytest.mark.browser

VENUE, ONLINE, PLAIN = "Python at the Library", "Python online", "Python without a list"
NOTE = "Ask at the desk for a loop receiver."
ITEMS = f"{WIDGET} > ul > li"  # the circles, not the terms of their access lines
SHOWN = {
    "en": {VENUE: ["Step-free entrance", "Hearing loop", "Sign language on request"],
           ONLINE: ["Live captions", "Join by phone"]},
    "de": {VENUE: ["Stufenloser Zugang", "Induktionsschleife", "Gebärdensprache auf Anfrage"],
           ONLINE: ["Live-Untertitel", "Teilnahme per Telefon"]},
}
LIST_NAME = {"en": "Access", "de": "Barrierefreiheit"}


@pytest.fixture(scope="module")
def host(site_factory, tmp_path_factory):
    content = Site(tmp_path_factory.mktemp("access"))
    content.circle(("  country: CA\n", "  country: CA\n  access: [step-free-entrance, hearing-loop, "
                    f"sign-language-on-request]\n  access_note: {NOTE}\n"), name="circles/venue.yaml")
    online = "online: true\nonline_access: [captions, dial-in]\n"
    content.circle(("title: Python at the Library", f"title: {ONLINE}"),
                   ("venue:\n  name: Toronto Reference Library\n  address: 789 Yonge St\n"
                    "  city: Toronto\n  country: CA\n", online),
                   ("start_date: 2027-03-02", "start_date: 2027-03-13"), name="circles/online.yaml")
    content.circle(("title: Python at the Library", f"title: {PLAIN}"),
                   ("start_date: 2027-03-02", "start_date: 2027-03-20"), name="circles/plain.yaml")
    with hosting(site_factory(content.content), tmp_path_factory) as h:
        yield h


def host_page(host, lang: str, **data: str) -> str:
    """A page of the library's site in ``lang`` with the widget for its circles."""
    name = f"access-{lang}-{'-'.join(data.values()) or 'all'}.html"
    (host.root / name).write_text(
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>Library</title>'
        f'<link rel="icon" href="data:,"></head><body><main><h1>Library</h1>'
        f'{host.widget(organization="tpl", **data)}</main></body></html>', encoding="utf-8")
    return f"{host.url}/{name}"


def access_lines(page) -> dict[str, list[str]]:
    """Each circle's title and the names on its access line, for the circles that have one."""
    page.wait_for_selector(WIDGET)
    return dict(page.locator(ITEMS).evaluate_all("""lis => lis.map(li => [
      li.querySelector('.name').textContent,
      [...li.querySelectorAll('.access > li')].map(term => term.textContent)])
      .filter(([, names]) => names.length)"""))


@pytest.mark.parametrize("lang", SHOWN)
def test_widget_names_each_circles_access_in_the_host_pages_language(page, host, lang):
    page.goto(host_page(host, lang))
    assert access_lines(page) == SHOWN[lang]
    assert page.locator(f"{ITEMS} .name").all_text_contents() == [VENUE, ONLINE, PLAIN]
    assert page.locator(f"{WIDGET} .access").first.get_attribute("aria-label") == LIST_NAME[lang]
    assert not page.errors, page.errors


def test_access_line_follows_the_place_and_the_note_follows_it(page, host):
    page.goto(host_page(host, "en"))
    page.wait_for_selector(WIDGET)
    parts = page.locator(ITEMS).evaluate_all(
        "lis => lis.map(li => [...li.children].map(e => e.className || e.firstElementChild.className))")
    assert parts == [["name", "when", "where", "access", "note", "badge open"],
                     ["name", "when", "where", "access", "badge open"],
                     ["name", "when", "where", "badge open"]]
    note = page.locator(f"{WIDGET} .access + .note")
    assert [note.text_content(), note.get_attribute("lang"), note.get_attribute("dir")] == [
        NOTE, "en", "auto"]
    assert page.locator(f"{WIDGET} .access").evaluate_all(
        "uls => uls.map(ul => [ul.localName, ul.getAttribute('role'), ul.getAttribute('aria-label')])"
    ) == [["ul", "list", "Access"]] * 2


def test_each_name_has_a_hidden_icon_of_its_own_size_and_colour(page, host):
    page.goto(host_page(host, "en"))
    page.wait_for_selector(WIDGET)
    icons = page.locator(f"{WIDGET} .access > li").evaluate_all("""terms => terms.map(term => {
      const svg = term.firstChild, path = svg.firstChild, style = getComputedStyle(svg),
            size = parseFloat(getComputedStyle(term).fontSize) * 1.25;
      return [svg.namespaceURI, svg.localName, svg.getAttribute('aria-hidden'),
              svg.getAttribute('focusable'), path.localName, path.getAttribute('d').startsWith('M'),
              svg.getBoundingClientRect().width === size, style.stroke === style.color,
              style.fill, term.childNodes.length]; })""")
    assert icons == [["http://www.w3.org/2000/svg", "svg", "true", "false", "path", True, True, True,
                      "none", 2]] * 5
    drawn = page.locator(f"{WIDGET} .access path").evaluate_all(
        "paths => paths.map(p => p.getBBox().width > 10)")
    assert drawn == [True] * 5


def test_terms_newer_than_the_widget_are_left_out(page, host):
    def newer(route):
        data = route.fetch().json()
        for circle in data["circles"]:
            if circle["venue"]:
                circle["venue"]["access"].insert(1, "teleporter")
            circle["online_access"].append({"term": "captions"})
        route.fulfill(json=data, headers={"Access-Control-Allow-Origin": "*"})
    page.route("**/api/v1/organizations/tpl/circles.json", newer)
    page.goto(host_page(host, "en"))
    assert access_lines(page) == SHOWN["en"]
    assert not page.errors, page.errors


def test_access_line_wraps_on_a_narrow_screen(page, host):
    page.set_viewport_size({"width": 320, "height": 900})
    page.goto(host_page(host, "fr"))
    page.wait_for_selector(WIDGET)
    box = page.locator(WIDGET).evaluate("box => [box.scrollWidth, box.clientWidth]")
    assert box[0] == box[1], f"the widget scrolls sideways: {box}"
    tops = page.locator(f"{WIDGET} .access").first.evaluate(
        "ul => new Set([...ul.children].map(term => term.offsetTop)).size")
    assert tops > 1, "three terms on one line at 320 px: the line did not wrap"


def test_widget_with_access_lines_passes_axe(page, host, axe):
    page.goto(host_page(host, "en"))
    page.wait_for_selector(f"{WIDGET} .access")
    violations = axe.violations(page)
    assert not violations, axe.report(violations)
    page.emulate_media(color_scheme="dark")
    page.goto(host_page(host, "en", theme="dark"))
    page.wait_for_selector(f"{WIDGET}.dark .access")
    violations = axe.violations(page)
    assert not violations, "dark widget: " + axe.report(violations)


def test_iframe_cards_line_up_their_terms_and_pass_axe(page, host, axe):
    """frame.css sets a card's terms side by side, wrapping, as the widget does."""
    page.goto(f"{host.site.url}/embed/organizations/tpl/")
    lines = page.locator(".card-access").evaluate_all("""uls => uls.map(ul => [
      ul.closest('.card').querySelector('.card-title').textContent, getComputedStyle(ul).flexWrap,
      new Set([...ul.children].map(term => term.offsetTop)).size])""")
    assert [line[:2] for line in lines] == [[VENUE, "wrap"], [ONLINE, "wrap"]]
    assert lines[1][2] == 1, "two short terms should share a line at 1280 px"
    violations = axe.violations(page)
    assert not violations, axe.report(violations)
    page.emulate_media(color_scheme="dark")
    page.set_viewport_size({"width": 320, "height": 900})
    page.reload()
    box = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert box[0] == box[1], f"the iframe page scrolls sideways: {box}"
    violations = axe.violations(page)
    assert not violations, "dark: " + axe.report(violations)
