"""Where each thing lives on the site (site-contract.md, "Pages"). Every stage that links to
a page (pages, sitemap, API, feeds, widget) asks here, so the URLs cannot disagree."""

from __future__ import annotations

from urllib.parse import urlsplit

from ..source.model import Circle, Course, Organization, Term

def page_path(thing) -> str:
    """The root-relative path of an entry's page."""
    if isinstance(thing, Circle):
        return f"/circles/{thing.slug}/"
    if isinstance(thing, Course):
        return f"/courses/{thing.slug}/"
    if isinstance(thing, Organization):
        return f"/organizations/{thing.slug}/"
    raise TypeError(f"no page for {thing!r}")


def flyer_path(thing: Circle | Organization) -> str:
    """The printable flyer of a circle or an organization: /circles/x/flyer/."""
    return f"{page_path(thing)}flyer/"


def calendar_path(circle: Circle) -> str:
    return f"/circles/{circle.slug}/calendar.ics"


def meeting_calendar_path(circle: Circle, number: int) -> str:
    """One meeting of a circle, to add to a calendar once: /circles/x/meeting-3.ics, beside
    the circle's calendar, one file that the circle's page links in every language."""
    return f"/circles/{circle.slug}/meeting-{number}.ics"


CIRCLES_CALENDAR = "/circles.ics"
CIRCLES_FEED = "/feeds/circles.atom.xml"
CIRCLES_MAP = "/circles/map/"  # where the current circles meet (a circle may not be named "map")
CIRCLES_GEOJSON = "/api/v1/circles.geojson"
API_PAGE = "/api/"
ABOUT = "/about/"  # who runs the site and how to reach them
PRIVACY = "/privacy/"
DISPLAY = "/display/"  # the display preferences panel
SCHEMAS = "/schemas/"


def organization_calendar_path(organization: Organization) -> str:
    return f"/organizations/{organization.slug}/circles.ics"


def organization_feed_path(organization: Organization) -> str:
    return f"/feeds/organizations/{organization.slug}.atom.xml"


def course_feed_path(course: Course) -> str:
    """The feed of a course's circles: "tell me when a new circle of this course starts"."""
    return f"/feeds/courses/{course.slug}.atom.xml"


# The kinds of term whose pages have a feed of their circles: a city's own, and a topic's
# on its courses. (A language's page lists courses and circles of every place.)
FOLLOWED_TERMS = ("topics", "cities")


def term_feed_path(kind: str, term: Term) -> str:
    """/feeds/topics/python.atom.xml, /feeds/cities/toronto.atom.xml."""
    return f"/feeds/{kind}/{term.slug}.atom.xml"


def api_path(kind: str) -> str:
    """``courses``, ``circles`` or ``organizations``."""
    return f"/api/v1/{kind}.json"


def organization_api_path(organization: Organization) -> str:
    return f"/api/v1/organizations/{organization.slug}/circles.json"


def schema_path(name: str) -> str:
    """``circle`` -> /schemas/circle.schema.json; ``api/circles`` -> /schemas/api/..."""
    return f"{SCHEMAS}{name}.schema.json"


def absolute(siteurl: str, path: str) -> str:
    """``path`` on the site: absolute when SITEURL is set, else root-relative."""
    return siteurl.rstrip("/") + path


def host(siteurl: str) -> str:
    """The site's host name, for identifiers (calendar UIDs, feed ids) that must name one;
    without SITEURL a name reserved never to resolve (RFC 6761)."""
    return urlsplit(siteurl).hostname or "learning-circles.invalid"


def webcal(url: str) -> str | None:
    """The ``webcal:`` form of an absolute http(s) URL, which calendar apps open as a
    subscription; None for a root-relative one, which has no host to subscribe to."""
    scheme, sep, rest = url.partition("://")
    return f"webcal://{rest}" if sep and scheme in ("http", "https") else None


def term_path(kind: str, term: Term) -> str:
    """The browse page of a term of ``kind`` (``topics``, ``languages`` or ``cities``), at
    the slug the model gave it: /topics/c-plus-plus/."""
    return f"/{kind}/{term.slug}/"


def topic_path(topic: Term) -> str:
    return term_path("topics", topic)


def language_path(language: Term) -> str:
    return term_path("languages", language)


def city_path(city: Term) -> str:
    return term_path("cities", city)


def city_access_path(city: Term, access: str) -> str:
    """The page of a city's circles whose venue has the access term ``access``:
    /cities/toronto/access/step-free-entrance/."""
    return f"{city_path(city)}access/{access}/"


def city_calendar_path(city: Term) -> str:
    """/cities/toronto/circles.ics: beside the city's page, as an organization's calendar
    is beside its own."""
    return f"{city_path(city)}circles.ics"


def file_of(path: str) -> str:
    """The file a site path is written to, relative to the output folder:
    '/circles/x/' -> 'circles/x/index.html', '/circles.ics' -> 'circles.ics'."""
    return path.lstrip("/") + ("index.html" if path.endswith("/") else "")


def paginated(path: str, number: int) -> str:
    """Page ``number`` (from 1) of a listing at ``path``: /circles/, /circles/page/2/, ..."""
    return path if number == 1 else f"{path}page/{number}/"


def openstreetmap(venue) -> str:
    """A link to the venue on OpenStreetMap: its point when known, else a search."""
    from urllib.parse import quote
    if venue.latitude is not None:
        lat, lon = venue.latitude, venue.longitude
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=18/{lat}/{lon}"
    query = ", ".join(p for p in (venue.address, venue.city, venue.region, venue.country) if p)
    return f"https://www.openstreetmap.org/search?query={quote(query)}"


# -- embeds (site-contract.md, "Data, feeds and embeds") -----------------------------------

EMBED_SCRIPT = "/embed.js"
EMBED_BUILDER = "/embed/"


def embed_frame_path(organization: Organization | None = None) -> str:
    """The chrome-less iframe page of every current circle, or of one organization's."""
    if organization is None:
        return "/embed/circles/"
    return f"/embed/organizations/{organization.slug}/"
