"""Maps of where circles meet, drawn at build time (site-contract.md, "Pages"): on
/circles/map/, on each organization's page and on each city's, and the GeoJSON of the
current circles (/api/v1/circles.geojson, RFC 7946) for other sites' own maps.

A map is an inline SVG of links, one marker per city sized by its circles, over a drawing
of the land in the region they cover: no tiles, no script, nothing from another site. The
land comes from Natural Earth's country shapes (1:50m, as TopoJSON by the world-atlas
package, vendored in data/ by ``make map-data``), projected by PROJ (pyproj) in the Equal
Earth projection centred on the region, and written once per region as a file of its own,
/maps/KEY.svg, which every language's pages share and browsers cache. The region is the
short way round the globe: circles in Fiji and Samoa make a map of the Pacific, not of the
world. TopoJSON's arcs are decoded here (25 lines): the Python packages that read it
(topojson) need shapely, numpy and pandas, 60 MB, to do the same.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import MutableMapping
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from . import urls
from .api import API_SCHEMA_DIR
from .output import Output, remembered
from .site import Site
from ..source.model import Catalog, Place, Term

DATA = Path(__file__).parent / "data"
# The shapes at 1:50m for a region, at 1:110m for a map wider than WIDE degrees, where the
# finer coasts would not show and would weigh four times as much.
LAND = {"fine": DATA / "countries-50m.json", "coarse": DATA / "countries-110m.json"}
WIDE = 60
WIDTH = 1000  # of every map's drawing, in its own units; the page scales it
MIN_SPAN = (10.0, 6.0)  # degrees of longitude and latitude a map shows at least
MARGIN = 0.15  # of the span of the circles, around them
SIMPLIFY = 1.5  # a point of a coast nearer than this (in drawing units) to the last is left out


# -- the region -----------------------------------------------------------------------------

@dataclass(frozen=True)
class View:
    """A region: its centre's longitude, the longitudes west and east of it in degrees from
    that centre (so it never wraps), and its latitudes."""

    center: float
    west: float
    east: float
    south: float
    north: float


def view_of(points: list[tuple[float, float]]) -> View:
    """The region around ``points`` (latitude, longitude): the smallest arc of longitudes
    holding them (across the antimeridian when that is shorter), with a margin, at least
    :data:`MIN_SPAN` wide and tall."""
    lons = sorted(lon % 360 for _, lon in points)
    gaps = [((lons[(i + 1) % len(lons)] - lon) % 360 or (360 if len(lons) == 1 else 0), i)
            for i, lon in enumerate(lons)]
    gap, after = max(gaps)
    start = lons[(after + 1) % len(lons)]  # the east end of the largest gap
    span = 360 - gap
    center = _wrap(start + span / 2)
    half = max(span * (1 + 2 * MARGIN), MIN_SPAN[0]) / 2
    lats = [lat for lat, _ in points]
    middle, tall = (max(lats) + min(lats)) / 2, max(lats) - min(lats)
    half_tall = max(tall * (1 + 2 * MARGIN), MIN_SPAN[1]) / 2
    return View(round(center, 4), -min(half, 180), min(half, 180),
                max(middle - half_tall, -85.0), min(middle + half_tall, 85.0))


def _wrap(lon: float) -> float:
    """``lon`` in [-180, 180)."""
    return (lon + 180) % 360 - 180


# -- projecting ---------------------------------------------------------------------------

@lru_cache(maxsize=256)
def _transformer(center: float):
    from pyproj import Transformer  # only a build with circles on a map loads PROJ
    return Transformer.from_crs("EPSG:4326", f"+proj=eqearth +lon_0={center} +datum=WGS84",
                                always_xy=True)


@dataclass(frozen=True)
class Frame:
    """A view projected onto a drawing :data:`WIDTH` wide: ``x0``, ``y0`` are the
    projected top left corner and ``scale`` drawing units per metre."""

    view: View
    x0: float
    y0: float
    scale: float
    height: float

    def points(self, lons, lats) -> list[tuple[float, float]]:
        xs, ys = _transformer(self.view.center).transform(list(lons), list(lats))
        return [((x - self.x0) * self.scale, (self.y0 - y) * self.scale) for x, y in zip(xs, ys)]


@lru_cache(maxsize=1024)
def frame_of(view: View) -> Frame:
    """The view's edges projected, and the drawing that holds them."""
    steps = [i / 16 for i in range(17)]
    lons = [view.center + view.west + (view.east - view.west) * t for t in steps]
    lats = [view.south + (view.north - view.south) * t for t in steps]
    edge_lons = lons + lons + [lons[0]] * 17 + [lons[-1]] * 17
    edge_lats = [view.south] * 17 + [view.north] * 17 + lats + lats
    xs, ys = _transformer(view.center).transform(edge_lons, edge_lats)
    scale = WIDTH / (max(xs) - min(xs))
    return Frame(view, min(xs), max(ys), scale, round((max(ys) - min(ys)) * scale, 1))


# -- the land -----------------------------------------------------------------------------

@cache
def land_digest() -> str:
    """What the shapes are, for the cache: a file of land is made again when they change."""
    return hashlib.sha256(b"".join(path.read_bytes() for path in LAND.values())).hexdigest()


@cache
def _rings(detail: str) -> tuple[tuple[tuple[float, ...], tuple[float, ...]], ...]:
    """Every ring of every country, as its longitudes and latitudes (TopoJSON: each ring a
    list of arcs, ~i for arc i reversed)."""
    topology = json.loads(LAND[detail].read_text(encoding="utf-8"))
    arcs = _arcs(topology)
    rings = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = geometry.get("arcs", [])
        for polygon in ([polygons] if geometry["type"] == "Polygon" else polygons):
            for ring in polygon:
                points = [p for i in ring for p in (arcs[i] if i >= 0 else arcs[~i][::-1])]
                rings.append((tuple(p[0] for p in points), tuple(p[1] for p in points)))
    return tuple(rings)


def _arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """The arcs of a quantized topology in degrees: each point is the sum of the deltas
    before it, on a grid of the topology's scale and translation."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def land_svg(frame: Frame) -> bytes:
    """The land of ``frame``'s region as an SVG file: the rings that reach into it, each
    simplified to what the drawing can show."""
    view, paths = frame.view, []
    for lons, lats in _rings("coarse" if view.east - view.west > WIDE else "fine"):
        if max(lats) < view.south - 5 or min(lats) > view.north + 5:
            continue
        offsets = [_wrap(lon - view.center) for lon in lons]
        if max(offsets) < view.west - 5 or min(offsets) > view.east + 5:
            continue
        path = _path(frame.points(lons, lats), frame.height)
        if path:
            paths.append(path)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {frame.height}">'
            f'<rect width="100%" height="100%" fill="#dbe9f2"/>'
            f'<path fill="#f4f1e8" stroke="#9a9a8a" stroke-width="0.8" stroke-linejoin="round" '
            f'd="{"".join(paths)}"/></svg>\n').encode()


def _path(points: list[tuple[float, float]], height: float) -> str:
    """A closed path through ``points``, leaving out those too near the last one kept;
    empty for a ring outside the drawing, too small to see, or crossing the far side of
    the globe (it would streak across)."""
    if not _shows(points, height):
        return ""
    kept = [points[0]]
    for x, y in points[1:]:
        if abs(x - kept[-1][0]) > WIDTH / 2:
            return ""
        if math.hypot(x - kept[-1][0], y - kept[-1][1]) >= SIMPLIFY:
            kept.append((x, y))
    if len(kept) < 3:
        return ""
    return "M" + "L".join(f"{x:.0f},{y:.0f}" for x, y in kept) + "Z"


def _shows(points: list[tuple[float, float]], height: float) -> bool:
    """Whether a ring reaches into the drawing and is big enough to see there."""
    xs, ys = [x for x, _ in points], [y for _, y in points]
    if max(xs) < 0 or min(xs) > WIDTH or max(ys) < 0 or min(ys) > height:
        return False
    return max(xs) - min(xs) >= 2 * SIMPLIFY or max(ys) - min(ys) >= 2 * SIMPLIFY


# -- what a page shows --------------------------------------------------------------------

@dataclass(frozen=True)
class Shown:
    """A city as a map shows it: its name and page, how many circles it has there and
    whether it has coordinates. Nothing else of the city or its circles, since a page is
    made again whenever what it is made from changes: with the whole city, every page
    whose map has the city was made again when any circle there changed its title."""

    city: Term  # its name and slug, without its entries
    count: int
    latitude: float | None

    @classmethod
    def of(cls, place: Place) -> "Shown":
        return cls(place.city.named, len(place.circles), place.latitude)


@dataclass(frozen=True)
class Marker:
    place: Shown
    x: float
    y: float
    radius: float


@dataclass(frozen=True)
class Figure:
    """A map as a page shows it: its ``land`` file, its size, a marker per city with
    coordinates and the ``unplaced`` cities (in the list beside it, not on the map)."""

    view: View
    land: str
    height: float
    markers: tuple[Marker, ...]
    unplaced: tuple[Shown, ...]

    @property
    def places(self) -> tuple[Shown, ...]:
        """Every city, as the list beside the map names them: by name."""
        return tuple(sorted([m.place for m in self.markers] + list(self.unplaced),
                            key=lambda p: p.city.name.casefold()))


def figure(places: tuple[Place, ...]) -> Figure | None:
    """The map of ``places``, or None when none of them has coordinates."""
    located = [p for p in places if p.latitude is not None]
    if not located:
        return None
    frame = frame_of(view_of([(p.latitude, p.longitude) for p in located]))
    spots = frame.points([p.longitude for p in located], [p.latitude for p in located])
    markers = tuple(Marker(Shown.of(p), round(x, 1), round(y, 1), radius(len(p.circles)))
                    for p, (x, y) in zip(located, spots))
    return Figure(frame.view, land_path(frame.view), frame.height,
                  tuple(sorted(markers, key=lambda m: -m.radius)),
                  tuple(Shown.of(p) for p in places if p.latitude is None))


def radius(circles: int) -> float:
    """A marker's radius, whose area grows with the number of circles."""
    return round(min(7 + 5 * math.sqrt(circles), 40), 1)


def land_path(view: View) -> str:
    digest = hashlib.sha256(repr(view).encode()).hexdigest()[:16]
    return f"/maps/{digest}.svg"


def figures(catalog: Catalog, memo: MutableMapping | None = None) -> dict[str, Figure]:
    """Every map of the site by the path of its page: the circles', each organization's
    and each city's. With a ``memo``, a map whose places are unchanged is taken from it:
    each of thousands of cities has a region of its own, projected anew."""
    wanted = {urls.CIRCLES_MAP: catalog.places}
    for organization in catalog.organizations.values():
        current = catalog.current_by_organization.get(organization.slug, ())
        wanted[urls.page_path(organization)] = catalog.places_of(current)
    for place in catalog.places:
        wanted[urls.city_path(place.city)] = (place,)
    out = {}
    for path, places in wanted.items():
        # Kept by what the map shows of its places, not by their circles: a circle's new
        # title changes no map, while the key of its whole city would change the maps of
        # the city, of the site and of every organization meeting there.
        shown = tuple((Shown.of(place), place.longitude) for place in places)
        found = remembered(memo, ("map", shown), lambda places=places: figure(places))
        if found is not None:
            out[path] = found
    return out


def outputs(catalog: Catalog, site: Site, memo: MutableMapping) -> list[Output]:
    """The land of each map's region, once however many pages show it; the GeoJSON of the
    current circles that have coordinates, and its schema."""
    views = {found.land: found.view for found in figures(catalog, memo).values()}
    shapes = land_digest()
    out = [Output(path, (view, shapes), lambda view=view: land_svg(frame_of(view)), "maps")
           for path, view in sorted(views.items())]
    located = tuple(c for c in catalog.current_circles
                    if c.venue is not None and c.venue.latitude is not None)
    everyone = tuple(catalog.organizations.values())
    courses = tuple(catalog.courses.values())
    siteurl = site.url
    out.append(Output(urls.CIRCLES_GEOJSON, (catalog.today, located, everyone, courses),
                      lambda: geojson(catalog, located, siteurl)))
    out.append(Output(urls.schema_path("api/circles.geojson"), (GEOJSON_SCHEMA.read_bytes(),),
                      GEOJSON_SCHEMA.read_bytes))
    return out


# -- GeoJSON --------------------------------------------------------------------------------

GEOJSON_SCHEMA = API_SCHEMA_DIR / "circles.geojson.schema.json"


def geojson(catalog: Catalog, circles, siteurl: str) -> bytes:
    """A FeatureCollection (RFC 7946) of ``circles``, each a Point at its venue,
    [longitude, latitude] as section 3.1.1 orders them, with what a map's popup shows."""
    features = [{"type": "Feature", "id": circle.slug,
                 "geometry": {"type": "Point",
                              "coordinates": [circle.venue.longitude, circle.venue.latitude]},
                 "properties": feature_properties(catalog, circle, siteurl)}
                for circle in circles]
    collection = {"type": "FeatureCollection", "generated": catalog.today.isoformat(),
                  "features": features}
    return (json.dumps(collection, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode()


def feature_properties(catalog: Catalog, circle, siteurl: str) -> dict:
    course = catalog.courses.get(circle.course) if circle.course else None
    organization = catalog.organizations.get(circle.organization) if circle.organization else None
    nxt = circle.next_meeting or circle.first_meeting
    return {"title": circle.title, "url": urls.absolute(siteurl, urls.page_path(circle)),
            "status": circle.status, "signup_open": circle.signup_open,
            "next_meeting": nxt.start.isoformat(), "venue": circle.venue.name,
            "city": circle.venue.city, "country": circle.venue.country,
            "language": circle.language,
            "course": course.title if course else None,
            "organization": organization.name if organization else None}
