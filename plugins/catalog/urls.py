"""Where each thing lives on the site (site-contract.md, "Pages"). Every stage that links to
a page (pages, sitemap, API, feeds, widget) asks here, so the URLs cannot disagree."""

from __future__ import annotations

import re

from unidecode import unidecode

from .model import Circle, Course, Organization


def term_slug(term: str) -> str:
    """A URL segment for a topic, city or language: 'Kraków' -> 'krakow'."""
    slug = re.sub(r"[^a-z0-9]+", "-", unidecode(term).lower()).strip("-")
    return slug or "-".join(f"{ord(c):x}" for c in term.strip())


def page_path(thing) -> str:
    """The root-relative path of an entry's page."""
    if isinstance(thing, Circle):
        return f"/circles/{thing.slug}/"
    if isinstance(thing, Course):
        return f"/courses/{thing.slug}/"
    if isinstance(thing, Organization):
        return f"/organizations/{thing.slug}/"
    raise TypeError(f"no page for {thing!r}")


def calendar_path(circle: Circle) -> str:
    return f"/circles/{circle.slug}/calendar.ics"


def topic_path(topic: str) -> str:
    return f"/topics/{term_slug(topic)}/"


def language_path(language: str) -> str:
    return f"/languages/{term_slug(language)}/"


def city_path(city: str) -> str:
    return f"/cities/{term_slug(city)}/"


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
