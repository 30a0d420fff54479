"""Venue access and online access on the site's pages, built for real and read back: the
circle page's sections, the cards' line, the search records and filter group, the city
pages' access filter and the static pages it leads to, and the JSON-LD."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from catalog.build import build_site
from catalog.outputs import render, search
from catalog.source.catalog import load_catalog
from helpers import TODAY, Built, Site

ROOT = Path(__file__).resolve().parents[2]
COUNTRY = "  country: CA"
VENUE = ("venue:\n  name: Toronto Reference Library\n  address: 789 Yonge St\n"
         "  city: Toronto\n  country: CA\n")
# The sample circle (tests/helpers.py) meets on six Tuesdays from 2027-03-02: in progress
# on the build date, 2027-03-10.
UPCOMING = ("start_date: 2027-03-02", "start_date: 2027-03-16")
COMPLETED = ("start_date: 2027-03-02", "start_date: 2026-09-01")


def title(text: str) -> tuple[str, str]:
    return ("title: Python at the Library", f"title: {text}")


def access(*terms: str, note: str | None = None) -> tuple[str, str]:
    lines = COUNTRY + f"\n  access: [{', '.join(terms)}]"
    return (COUNTRY, lines + (f"\n  access_note: {note}" if note else ""))


def online(*terms: str) -> tuple[str, str]:
    """Online, with ``terms`` of online access (a venue, if the circle keeps one, is one to
    join at too)."""
    return ("facilitators:", f"online: true\nonline_access: [{', '.join(terms)}]\nfacilitators:")


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Site:
    """In Toronto: "c" in progress, its venue with a step-free entrance and a hearing loop
    and a note; "d" upcoming, a hearing loop; "e" saying nothing of access; "p" completed,
    a step-free entrance. Online: "o" with captions and a phone line; "h", online with a
    venue to join at too, which has an elevator, and captions."""
    site = Site(tmp_path_factory.mktemp("access"))
    site.circle(access("step-free-entrance", "hearing-loop", note="Ring the bell at the side door."))
    site.circle(title("Python evenings"), UPCOMING, access("hearing-loop"), name="circles/d.yaml")
    site.circle(title("Python on Fridays"), name="circles/e.yaml")
    site.circle(title("Python last autumn"), COMPLETED, access("step-free-entrance"),
                name="circles/p.yaml")
    site.circle(title("Python online"), (VENUE, ""), online("captions", "dial-in"),
                name="circles/o.yaml")
    site.circle(title("Python both ways"), access("elevator"), online("captions"),
                name="circles/h.yaml")
    return site


@pytest.fixture(scope="module")
def out(content) -> Built:
    return Built(build_site(content.content, content.root / "output", TODAY))


def icon(term: str) -> str:
    return (ROOT / "theme" / "icons" / f"{term}.svg").read_text(encoding="utf-8").strip()


def items(*pairs: tuple[str, str]) -> str:
    """The list items of access terms: each its icon, then its name."""
    return "".join(f"<li>{icon(term)}<span>{name}</span></li>" for term, name in pairs)


def card(page: str, path: str) -> str:
    """The card on ``page`` linking to ``path``."""
    at = page.index(f'<a href="{path}">')
    return page[page.rindex("<article", 0, at):page.index("</article>", at)]


def cards(page: str) -> list[str]:
    """The paths the cards of a listing page link to, in order."""
    return re.findall(r'<h[23] class="card-title" dir="auto"><a href="([^"]+)"', page)


# -- the circle page ------------------------------------------------------------------------

def test_circle_page_lists_the_venue_s_access_then_the_note(out):
    page = out.html("/circles/c/")
    assert ('<section class="access" aria-labelledby="access-heading">\n'
            '<h2 id="access-heading">Getting there and access</h2>\n'
            ' <ul class="access-list" aria-labelledby="access-heading">'
            + items(("step-free-entrance", "Step-free entrance"), ("hearing-loop", "Hearing loop"))
            + '</ul>\n'
            ' <p class="access-note" dir="auto">Ring the bell at the side door.</p>\n'
            ' </section>') in page
    assert "online-access-heading" not in page


def test_circle_page_in_german(out):
    page = out.html("/de/circles/c/")
    assert ('<h2 id="access-heading">Anreise und Barrierefreiheit</h2>\n'
            ' <ul class="access-list" aria-labelledby="access-heading">'
            + items(("step-free-entrance", "Stufenloser Zugang"), ("hearing-loop", "Induktionsschleife"))
            + '</ul>\n'
            # The note is the organizer's, in the circle's language.
            ' <p class="access-note" dir="auto" lang="en">Ring the bell at the side door.</p>'
            ) in page


def test_online_circle_page_lists_its_online_access(out):
    page = out.html("/circles/o/")
    assert ('<section class="access" aria-labelledby="online-access-heading">\n'
            '<h2 id="online-access-heading">Online access</h2>\n'
            '<ul class="access-list" aria-labelledby="online-access-heading">'
            + items(("captions", "Live captions"), ("dial-in", "Join by phone"))
            + '</ul>\n</section>') in page
    assert 'id="access-heading"' not in page


def test_a_circle_online_and_at_a_venue_lists_both(out):
    page = out.html("/circles/h/")
    assert ('<h2 id="access-heading">Getting there and access</h2>\n'
            ' <ul class="access-list" aria-labelledby="access-heading">'
            + items(("elevator", "Elevator")) + "</ul>\n </section>") in page
    assert ('<ul class="access-list" aria-labelledby="online-access-heading">'
            + items(("captions", "Live captions")) + "</ul>") in page


def test_a_circle_saying_nothing_of_access_shows_nothing_of_it(out):
    page = out.html("/circles/e/")
    assert "access-heading" not in page and "access-list" not in page
    assert "Getting there and access" not in page


# -- cards ----------------------------------------------------------------------------------

def test_cards_carry_a_line_of_the_terms(out):
    listing = out.html("/circles/")
    assert ('<ul class="card-access access-list" aria-label="Access">'
            + items(("step-free-entrance", "Step-free entrance"), ("hearing-loop", "Hearing loop"))
            + "</ul>") in card(listing, "/circles/c/")
    assert ('<ul class="card-access access-list" aria-label="Access">'
            + items(("captions", "Live captions"), ("dial-in", "Join by phone"))
            + "</ul>") in card(listing, "/circles/o/")
    # The venue's terms, then the online ones.
    assert ('<ul class="card-access access-list" aria-label="Access">'
            + items(("elevator", "Elevator"), ("captions", "Live captions"))
            + "</ul>") in card(listing, "/circles/h/")
    assert "card-access" not in card(listing, "/circles/e/")


def test_a_card_in_another_language_than_the_page_names_the_terms_in_the_page_s(out):
    listing = out.html("/de/circles/")
    found = card(listing, "/de/circles/c/")
    assert found.startswith('<article class="card circle-card" lang="en">')
    assert ('<ul class="card-access access-list" aria-label="Barrierefreiheit" lang="de">'
            + items(("step-free-entrance", "Stufenloser Zugang"),
                    ("hearing-loop", "Induktionsschleife")) + "</ul>") in found


def test_the_embed_frame_s_cards_carry_the_line_too(out):
    frame = out.html("/embed/circles/")
    assert ('<ul class="card-access access-list" aria-label="Access">'
            + items(("hearing-loop", "Hearing loop")) + "</ul>") in card(frame, "/circles/d/")


# -- search ---------------------------------------------------------------------------------

def fragments(root: Path, bundle: str) -> dict[str, dict]:
    """The filters of each search record of one Pagefind bundle, by URL."""
    out = {}
    for path in (root / "pagefind" / bundle / "fragment").iterdir():
        record = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        out[record["url"]] = record["filters"]
    return out


def test_search_records_carry_the_terms_as_filters(out):
    current = fragments(out.root, "circles")
    assert current["/circles/c/"]["access"] == ["step-free-entrance", "hearing-loop"]
    assert "online_access" not in current["/circles/c/"]
    assert current["/circles/o/"]["online_access"] == ["captions", "dial-in"]
    assert "access" not in current["/circles/o/"]
    assert (current["/circles/h/"]["access"], current["/circles/h/"]["online_access"]) == (
        ["elevator"], ["captions"])
    assert "access" not in current["/circles/e/"] and "online_access" not in current["/circles/e/"]
    assert fragments(out.root, "past-circles")["/circles/p/"]["access"] == ["step-free-entrance"]


def test_filter_groups_offer_the_terms_present_counted_over_current_circles(content):
    catalog = load_catalog(content.content, TODAY)
    groups = {f.name: [(o.value, o.label, o.count) for o in f.options]
              for f in search.facets(catalog, "circle")}
    # The completed circle's step-free entrance is offered, counted once its status is.
    assert groups["access"] == [("hearing-loop", "Hearing loop", 2), ("elevator", "Elevator", 1),
                                ("step-free-entrance", "Step-free entrance", 1)]
    assert groups["online_access"] == [("captions", "Live captions", 2),
                                       ("dial-in", "Join by phone", 1)]
    names = [f.name for f in search.facets(catalog, "circle")]
    assert names[names.index("format"):names.index("format") + 3] == [
        "format", "access", "online_access"]


def test_the_filter_groups_on_the_circles_listing(out):
    listing = out.html("/circles/")
    assert ('<summary>Access <span class="facet-chosen" data-chosen></span></summary>'
            in listing)
    assert ('<li><label><input type="checkbox" name="access" value="step-free-entrance"> '
            f'<span class="facet-label" dir="auto">{icon("step-free-entrance")}Step-free entrance'
            '</span> <span class="facet-count" data-count>(1)</span></label></li>') in listing
    assert ('<summary>Online access <span class="facet-chosen" data-chosen></span></summary>'
            in listing)
    assert ('<input type="checkbox" name="online_access" value="dial-in"> '
            f'<span class="facet-label" dir="auto">{icon("dial-in")}Join by phone</span> '
            '<span class="facet-count" data-count>(1)</span>') in listing
    german = out.html("/de/circles/")
    assert ('<summary>Barrierefreiheit <span class="facet-chosen" data-chosen></span></summary>'
            in german)
    assert (f'<span class="facet-label" dir="auto">{icon("hearing-loop")}Induktionsschleife</span> '
            '<span class="facet-count" data-count>(2)</span>') in german


# -- city pages without JavaScript ----------------------------------------------------------

def access_link(path: str, term: str, name: str, count: int, current: bool = False) -> str:
    mark = ' aria-current="page"' if current else ""
    return (f'<li><a href="{path}"{mark}>{icon(term)}<span>{name}</span></a> '
            f'<span class="count">({count})</span></li>')


def test_a_city_page_offers_the_terms_of_its_circles_as_links(out):
    page = out.html("/cities/toronto/")
    # In the vocabulary's order; the completed circle's step-free entrance is not counted,
    # and the venue of the circle that meets online is in no city.
    assert ('<nav class="access-filter" aria-labelledby="access-filter-heading">\n'
            '<h2 id="access-filter-heading">Filter by access</h2>\n'
            '<ul class="access-links">\n '
            + access_link("/cities/toronto/access/step-free-entrance/", "step-free-entrance",
                          "Step-free entrance", 1)
            + "\n "
            + access_link("/cities/toronto/access/hearing-loop/", "hearing-loop", "Hearing loop", 2)
            + "\n </ul>\n</nav>") in page


def test_an_access_page_lists_the_city_s_circles_having_the_term(out):
    page = out.html("/cities/toronto/access/hearing-loop/")
    assert "<title>Toronto: Hearing loop · Learning Circles</title>" in page
    assert ('<h1 class="access-heading"><span dir="auto">Toronto</span>: '
            f'{icon("hearing-loop")}Hearing loop</h1>') in page
    assert '<p class="lead">2 circles whose venues list “Hearing loop”.</p>' in page
    assert ('<p class="eyebrow"><a href="/cities/">Cities</a> <span aria-hidden="true">›</span> '
            '<a href="/cities/toronto/" dir="auto">Toronto</a></p>') in page
    assert cards(page) == ["/circles/c/", "/circles/d/"]
    assert re.findall(r'<h2 id="section-\d">([^<]+)</h2>', page) == ["In progress", "Upcoming"]
    assert access_link("/cities/toronto/access/hearing-loop/", "hearing-loop", "Hearing loop",
                       2, current=True) in page
    assert access_link("/cities/toronto/access/step-free-entrance/", "step-free-entrance",
                       "Step-free entrance", 1) in page
    assert ('<p class="access-all"><a href="/cities/toronto/">All circles in '
            '<span dir="auto">Toronto</span></a></p>') in page
    one = out.html("/cities/toronto/access/step-free-entrance/")
    assert cards(one) == ["/circles/c/"]
    assert '<p class="lead">1 circle whose venue lists “Step-free entrance”.</p>' in one


def test_access_pages_in_german(out):
    page = out.html("/de/cities/toronto/access/hearing-loop/")
    assert "<title>Toronto: Induktionsschleife · Learning Circles</title>" in page
    assert '<p class="lead">2 Lernkreise, deren Orte „Induktionsschleife“ angeben.</p>' in page
    assert cards(page) == ["/de/circles/c/", "/de/circles/d/"]
    assert ('<p class="access-all"><a href="/de/cities/toronto/">Alle Lernkreise in '
            '<span dir="auto">Toronto</span></a></p>') in page
    assert '<h2 id="access-filter-heading">Nach Barrierefreiheit filtern</h2>' in page
    assert 'href="/de/cities/toronto/access/step-free-entrance/"' in out.html("/de/cities/toronto/")


def test_only_terms_present_get_a_page_and_the_sitemap_lists_them_all(out):
    written = sorted(p.relative_to(out.root).as_posix()
                     for p in out.root.glob("**/cities/*/access/*/index.html"))
    languages = ["de", "es", "fi", "fr", "pl", "pt", "ro", "sw"]
    assert written == sorted(f"{prefix}cities/toronto/access/{term}/index.html"
                             for prefix in ["", *(f"{lang}/" for lang in languages)]
                             for term in ("hearing-loop", "step-free-entrance"))
    locs = re.findall(r"<loc>([^<]*)</loc>", (out.root / "sitemap.xml").read_text())
    assert sorted(loc for loc in locs if "/access/" in loc) == sorted(
        "/" + path.removesuffix("index.html") for path in written)


def test_cities_without_access_terms_offer_no_filter(site, build):
    site.circle()
    page = build().html("/cities/toronto/")
    assert "access-filter" not in page and "/access/" not in page


# -- JSON-LD --------------------------------------------------------------------------------

def test_json_ld_place_has_the_venue_s_terms_as_amenity_features(out):
    place = out.json_ld("/circles/c/")["location"]
    assert place["@type"] == "Place"
    assert place["amenityFeature"] == [
        {"@type": "LocationFeatureSpecification", "name": "Step-free entrance", "value": True},
        {"@type": "LocationFeatureSpecification", "name": "Hearing loop", "value": True}]
    # In English on every language's page: the data's words are the same everywhere.
    assert out.json_ld("/de/circles/c/")["location"] == place
    assert "amenityFeature" not in out.json_ld("/circles/e/")["location"]
    # A VirtualLocation has no amenityFeature: online access is not in the JSON-LD.
    virtual = out.json_ld("/circles/o/")["location"]
    assert virtual == {"@type": "VirtualLocation", "url": "https://forms.example.org/py"}


# -- icons ----------------------------------------------------------------------------------

def test_every_term_has_its_icon_and_no_other_name_is_read(tmp_path):
    icons = ROOT / "theme" / "icons"
    for term in render.ACCESS_TERMS:
        assert render.access_icon(term, icons) == icon(term)
        assert 'aria-hidden="true"' in icon(term) and 'focusable="false"' in icon(term)
    assert render.ACCESS_TERMS == {*render.LABELS["access"], *render.LABELS["online_access"]}
    (tmp_path / "x.svg").write_text("<svg/>")
    with pytest.raises(ValueError, match="no icon for access term '../x'"):
        render.access_icon("../x", tmp_path / "icons")
