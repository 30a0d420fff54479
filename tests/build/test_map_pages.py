"""Maps and GeoJSON, built for real: the map page in every language, a map on organization
and city pages, markers that link to the city's page with a name, the list beside them, and
the GeoJSON of current circles against its schema and RFC 7946's coordinate order."""

import json
import re

import jsonschema

from catalog.outputs import maps

PLACED = "  country: CA\n  latitude: 43.65\n  longitude: -79.38\n"
LANGUAGES = ["", "/es", "/sw"]


def toronto_and_hamilton(site) -> None:
    site.circle(("  country: CA\n", PLACED))
    site.circle(("  country: CA\n", PLACED), name="circles/two.yaml")
    site.circle(("city: Toronto", "city: Hamilton"), name="circles/hamilton.yaml")  # no point


def marker_links(page: str) -> list[tuple[str, str]]:
    return re.findall(r'<a href="([^"]+)" aria-label="([^"]+)"><circle class="map-marker"', page)


def test_the_map_page_in_every_language_links_each_city(site, build):
    toronto_and_hamilton(site)
    out = build()
    assert marker_links(out.html("/circles/map/")) == [("/cities/toronto/", "Toronto: 2 circles")]
    assert marker_links(out.html("/es/circles/map/")) == [
        ("/es/cities/toronto/", "Toronto: 2 círculos")]
    for prefix in LANGUAGES:
        page = out.html(f"{prefix}/circles/map/")
        listed = re.findall(r'<li><a href="([^"]+)" dir="auto">([^<]+)</a>', page)
        assert listed == [(f"{prefix}/cities/hamilton/", "Hamilton"),
                          (f"{prefix}/cities/toronto/", "Toronto")]
        land = re.search(r'<image href="(/maps/[0-9a-f]{16}\.svg)"', page).group(1)
        assert (out.root / land.lstrip("/")).read_bytes().startswith(b"<svg ")
    assert 'href="/circles/map/"' in out.html("/circles/")


def test_organization_and_city_pages_show_their_map(site, build):
    toronto_and_hamilton(site)
    out = build()
    assert marker_links(out.html("/organizations/tpl/")) == [
        ("/cities/toronto/", "Toronto: 2 circles")]
    assert marker_links(out.html("/fr/cities/toronto/")) == [
        ("/fr/cities/toronto/", "Toronto : 2 cercles")]
    assert "map-block" not in out.html("/cities/hamilton/")  # no coordinates there


def test_a_map_with_no_coordinates_at_all_says_so(site, build):
    site.circle()
    out = build()
    page = out.html("/circles/map/")
    assert "map-block" not in page and "No circle that meets at a venue" in page
    assert "map-block" not in out.html("/organizations/tpl/")


def test_a_circle_may_not_take_the_map_pages_name(site):
    site.circle(name="circles/map.yaml")
    assert any("the file name 'map' is taken by a page of the site (/circles/map/)" in p
               for p in site.problems())


def test_geojson_follows_its_schema_and_rfc_7946(site, build):
    toronto_and_hamilton(site)
    out = build(SITEURL="https://circles.example.org")
    collection = json.loads((out.root / "api/v1/circles.geojson").read_bytes())
    schema = json.loads((out.root / "schemas/api/circles.geojson.schema.json").read_bytes())
    jsonschema.Draft202012Validator(schema).validate(collection)
    assert collection["type"] == "FeatureCollection"
    assert [f["id"] for f in collection["features"]] == ["c", "two"]  # Hamilton has no point
    feature = collection["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [-79.38, 43.65]}  # lon, lat
    assert feature["properties"]["url"] == "https://circles.example.org/circles/c/"


def test_a_map_land_file_is_kept_while_its_region_is_the_same(site, build):
    toronto_and_hamilton(site)
    first = build()
    (land,) = sorted((first.root / "maps").iterdir())
    inode = land.stat().st_ino
    site.circle(("  country: CA\n", PLACED), ("title: Python at the Library", "title: Renamed"))
    second = build()
    assert (second.root / "maps" / land.name).stat().st_ino == inode
    assert maps.land_path(maps.figure(site.catalog().places).view) == f"/maps/{land.name}"
