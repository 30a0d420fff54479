"""The maps' regions and projection (outputs/maps.py): the short way round the globe, both
hemispheres, a single city, and cities without coordinates."""

import re

import pytest

from catalog.outputs import maps, pages
from catalog.source.model import Place, Term

FIJI, SAMOA = (-18.14, 178.44), (-13.83, -171.76)
HELSINKI, NAIROBI = (60.17, 24.94), (-1.28, 36.82)


def place(name: str, point, circles: int = 1) -> Place:
    lat, lon = point if point else (None, None)
    return Place(Term(name, (), name.lower()), tuple(range(circles)), lat, lon)


def test_a_region_across_the_antimeridian_is_the_short_way_round():
    view = maps.view_of([FIJI, SAMOA])
    assert view.east - view.west < 40
    assert view.center == pytest.approx(-176.66, abs=0.01)


@pytest.mark.parametrize("points, inside", [
    ([HELSINKI, NAIROBI], [HELSINKI, NAIROBI]),
    ([(-33.87, 151.21), (-36.85, 174.76)], [(-33.87, 151.21), (-36.85, 174.76)]),
    ([(43.65, -79.38)], [(43.65, -79.38)]),
])
def test_a_region_holds_its_points_with_a_margin(points, inside):
    view = maps.view_of(points)
    for lat, lon in inside:
        assert view.south < lat < view.north
        assert view.west < maps._wrap(lon - view.center) < view.east
    assert view.east - view.west >= maps.MIN_SPAN[0]
    assert view.north - view.south >= maps.MIN_SPAN[1]


def test_markers_across_the_antimeridian_stay_in_order_and_in_the_drawing():
    figure = maps.figure((place("Suva", FIJI, 3), place("Apia", SAMOA)))
    spots = {m.place.city.name: m for m in figure.markers}
    assert spots["Suva"].x < spots["Apia"].x  # Fiji is west of Samoa
    for marker in figure.markers:
        assert 0 < marker.x < maps.WIDTH and 0 < marker.y < figure.height
    assert spots["Suva"].radius > spots["Apia"].radius


def test_the_land_across_the_antimeridian_draws_fiji_without_streaks():
    figure = maps.figure((place("Suva", FIJI), place("Apia", SAMOA)))
    svg = maps.land_svg(maps.frame_of(figure.view)).decode()
    rings = re.findall(r"M[^Z]+Z", svg)
    assert rings
    for ring in rings:
        xs = [float(point.split(",")[0]) for point in re.split("[ML]", ring.rstrip("Z")) if point]
        assert max(xs) - min(xs) < maps.WIDTH  # no ring drawn across the whole map


def test_cities_without_coordinates_are_listed_and_not_placed():
    figure = maps.figure((place("Toronto", (43.65, -79.38)), place("Nowhere", None)))
    assert [m.place.city.name for m in figure.markers] == ["Toronto"]
    assert [p.city.name for p in figure.places] == ["Nowhere", "Toronto"]
    assert maps.figure((place("Nowhere", None),)) is None


def test_a_place_is_the_mean_of_its_venues_on_the_sphere(site):
    for name, lon in (("a", 179.0), ("b", -179.0)):
        site.circle(("  country: CA\n", f"  country: CA\n  latitude: 10.0\n  longitude: {lon}\n"),
                    name=f"circles/{name}.yaml")
    (toronto,) = site.catalog().places
    assert abs(toronto.longitude) == pytest.approx(180.0, abs=1e-6)
    assert toronto.latitude == pytest.approx(10.0, abs=0.01)


def test_a_map_holds_what_it_shows_of_a_city_and_no_more():
    """A page is made again when what it is made from changes: its map keeps each city's
    name, page and count, not the city's entries, so a change to a circle that leaves
    those alone leaves the map (and the pages that show it) as it was."""
    toronto = Place(Term("Toronto", ("circle a", "circle b"), "toronto"), ("a", "b"),
                    43.65, -79.38)
    renamed = Place(Term("Toronto", ("circle a, renamed", "circle b"), "toronto"), ("a2", "b"),
                    43.65, -79.38)
    figure = maps.figure((toronto, place("Nowhere", None, 2)))
    assert figure == maps.figure((renamed, place("Nowhere", None, 2)))
    (marker,) = figure.markers
    assert (marker.place.city.name, marker.place.city.slug, marker.place.count) == (
        "Toronto", "toronto", 2)
    assert marker.place.city.items == () and [p.count for p in figure.places] == [2, 2]
    assert figure != maps.figure((place("Toronto", (43.65, -79.38), 3),
                                  place("Nowhere", None, 2))), "a new count is a new map"


def test_pages_of_a_listing_hold_their_own_entries_not_the_whole_term(site):
    """Each page of a city's, topic's or language's listing is made from its own entries
    and the term's name and page: a circle changed on page 1 leaves page 2's inputs (and
    so page 2) as they were."""
    for n in range(5):
        site.circle(("title: Python at the Library", f"title: Circle {n}"),
                    name=f"circles/c{n}.yaml")
    catalog = site.catalog()
    listed = [page for page in pages.browse_pages(catalog, 2, maps.figures(catalog))
              if page.path.startswith("/cities/toronto/")]
    assert len(listed) == 3, [page.path for page in listed]
    for page in listed:
        assert page.inputs["term"].items == () and page.inputs["term"].name == "Toronto"
    assert len({item for page in listed for section in page.inputs["sections"]
                for item in section.items}) == 5, "each circle on one page"


def test_a_map_is_made_again_only_when_what_it_shows_changes(site, monkeypatch):
    placed = ("  country: CA\n", "  country: CA\n  latitude: 43.65\n  longitude: -79.38\n")
    site.circle(placed)
    site.circle(placed, ("title: Python at the Library", "title: Other circle"),
                name="circles/d.yaml")
    memo = {}
    first = maps.figures(site.catalog(), memo)
    assert first
    made, real = [], maps.figure
    monkeypatch.setattr(maps, "figure", lambda places: made.append(places) or real(places))
    site.circle(placed, ("title: Python at the Library", "title: A new title"),
                name="circles/d.yaml")
    assert maps.figures(site.catalog(), memo) == first
    assert made == [], "a circle's title is on no map"
    site.circle(placed, name="circles/e.yaml")
    again = maps.figures(site.catalog(), memo)
    assert made and again != first, "one more circle in the city is a larger marker"
