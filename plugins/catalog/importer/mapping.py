"""P2PU's items as our content (content-format.md), field by field, as faithfully as the data
allows. Each function returns the data and what it had to guess or could not find, which
the report lists; nothing here reads or writes a file.

What P2PU does not publish and how it is made up for:
- the IANA time zone: from the venue's coordinates (tzfpy, offline), else from the country
  when it has one zone or the city names one; checked against ``start_datetime``, the first
  meeting's instant with its UTC offset;
- the meeting dates beyond the first and last: weekly from ``start_date``, ``weeks`` times,
  checked against ``last_meeting_date``;
- the description: a sentence from the facts, for a person to replace.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale
from babel.core import get_global

from ..source.topics import Vocabulary

FORMATS = {"course": "course", "book": "book", "video": "video", "article": "article"}


@dataclass
class Mapped:
    """An item as our data, with what was ``guessed`` and what is ``missing`` (notes for the
    report), and the ``problems`` that keep it from being valid as it is."""

    data: dict
    guessed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


# -- courses ------------------------------------------------------------------------------

def course(item: dict, vocabulary: Vocabulary) -> Mapped:
    """A course of ``/api/courses/``: its title, link, provider, language, caption and
    topics (P2PU's topic guides and keywords, by our vocabulary's names where it has them)."""
    provider = text_of(item.get("provider") or item.get("creator"))
    out = Mapped({"title": text_of(item.get("title")), "url": text_of(item.get("link")),
                  "provider": provider, "language": text_of(item.get("language")) or "en"})
    if not provider:
        out.problems.append("provider: P2PU gives none")
    _topics(item, vocabulary, out)
    caption = text_of(item.get("caption"))
    out.data["summary"] = _shorten(caption, 300) if caption else out.data["title"]
    if not caption:
        out.missing.append("summary and description: P2PU gives no caption")
    out.data.update(_course_extras(item))
    out.data["description"] = caption or out.data["title"]
    return out


def _topics(item: dict, vocabulary: Vocabulary, out: Mapped) -> None:
    topics, unlisted = topics_of(item, vocabulary)
    out.data["topics"] = topics or ["general"]
    if not topics:
        out.missing.append("topics: P2PU gives none; filed under 'general'")
    if unlisted:
        out.guessed.append("topics not in content/topics.yaml, kept as written: "
                           + ", ".join(unlisted))


def _course_extras(item: dict) -> dict:
    """The format (when not a course), whether it is on demand, and the platform."""
    extras = {}
    kind = FORMATS.get(text_of(item.get("format")).lower())
    if kind and kind != "course":
        extras["format"] = kind
    if isinstance(item.get("on_demand"), bool):
        extras["on_demand"] = item["on_demand"]
    if text_of(item.get("platform")):
        extras["platform"] = text_of(item["platform"])
    return extras


def topics_of(item: dict, vocabulary: Vocabulary) -> tuple[list[str], list[str]]:
    """Our topics for a course (the vocabulary's slug where a name matches, else the name
    as written), and the names the vocabulary does not list."""
    named = list(item.get("topics") or []) + list(item.get("keywords") or [])
    written = [text_of(t) for t in named]
    topics, unlisted = [], []
    for name in filter(None, written):
        listed = vocabulary.find(name)
        topic = listed.slug if listed else name.lower()
        if listed is None:
            unlisted.append(name)
        if topic not in topics:
            topics.append(topic)
    return topics[:8], unlisted


def same_course_url(url: str) -> str:
    """A course's URL as compared for duplicates: scheme, ``www.``, case of the host and a
    trailing slash aside."""
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}{'?' + parts.query if parts.query else ''}"


# -- circles ------------------------------------------------------------------------------

def circle(item: dict, course_slug: str | None, organization: str | None) -> Mapped:
    """A circle of ``/api/learningcircles/``."""
    out = Mapped({"title": text_of(item.get("name"))})
    if course_slug:
        out.data["course"] = course_slug
    if organization:
        out.data["organization"] = organization
    out.data["language"] = text_of(item.get("language")) or "en"
    out.data["facilitators"] = facilitators(item)
    if not out.data["facilitators"]:
        out.problems.append("facilitators: P2PU gives no name")
    if item.get("online"):
        out.data["online"] = True
    else:
        _venue(item, out)
    _schedule(item, out)
    _signup(item, out)
    out.data["description"] = _description(item)
    out.missing.append("description: P2PU does not publish it; a sentence from the facts "
                       "stands in for it")
    return out


def facilitators(item: dict) -> list[str]:
    """The facilitators' first names, as P2PU publishes them."""
    names = [name for name in map(text_of, item.get("facilitators") or []) if name]
    return names or ([text_of(item["facilitator"])] if text_of(item.get("facilitator")) else [])


def _venue(item: dict, out: Mapped) -> None:
    venue = {"name": text_of(item.get("venue")), "address": address(item),
             "city": text_of(item.get("city"))}
    if text_of(item.get("region")):
        venue["region"] = text_of(item["region"])
    venue["country"] = country_code(item) or ""
    if not venue["country"]:
        out.problems.append("venue.country: no country code for "
                            f"{item.get('country_en') or item.get('country')!r}")
    website = text_of(item.get("venue_website"))
    if website.startswith(("http://", "https://")):
        venue["website"] = website
    point = coordinates(item)
    if point:
        venue["latitude"], venue["longitude"] = point
    out.problems += [f"venue.{key}: P2PU gives none" for key in ("name", "address", "city")
                     if not venue[key]]
    out.missing.append("venue details and access: P2PU does not publish them")
    out.data["venue"] = venue


def address(item: dict) -> str:
    """The venue's street address: P2PU adds ", city" to the one it was given."""
    city, found = text_of(item.get("city")), text_of(item.get("venue_address"))
    return found[: -len(city) - 2] if city and found.endswith(", " + city) else found


def _schedule(item: dict, out: Mapped) -> None:
    start, clock = _date(item.get("start_date")), _time(item.get("meeting_time"))
    weeks = item.get("weeks")
    if start is None or clock is None or not isinstance(weeks, int) or weeks < 1:
        out.problems.append("schedule: P2PU gives no start_date, meeting_time or weeks to "
                            "place the meetings by")
        return
    zone, how = zone_of(item, start, clock)
    if zone is None:
        out.problems.append(f"schedule.timezone: {how}")
    else:
        out.guessed.append(f"time zone {zone} {how}")
    schedule = {"timezone": zone or "UTC", "start_time": clock.strftime("%H:%M")}
    end = _time(item.get("end_time"))
    if end is not None:
        minutes = (datetime.combine(start, end) - datetime.combine(start, clock)).seconds // 60
        schedule["duration_minutes"] = minutes or 90
    schedule.update({"start_date": start, "meetings": weeks})
    out.data["schedule"] = schedule
    out.problems += _last_meeting_problem(item, start, weeks)


def _last_meeting_problem(item: dict, start: date, weeks: int) -> list[str]:
    """Whether weekly meetings end on P2PU's last meeting date; P2PU publishes no other."""
    last, weekly_last = _date(item.get("last_meeting_date")), start + timedelta(weeks=weeks - 1)
    if last is None or last == weekly_last:
        return []
    return [f"schedule: {weeks} weekly meetings from {start} end on {weekly_last}, but P2PU's "
            f"last meeting is on {last}: give the dates (schedule.dates) or skip_dates"]


def _signup(item: dict, out: Mapped) -> None:
    signup = {"url": text_of(item.get("url"))}
    if item.get("signup_open") is False:
        signup["status"] = "closed"
    out.data["signup"] = signup
    if not signup["url"]:
        out.problems.append("signup.url: P2PU gives no page to sign up on")
    if isinstance(item.get("signup_limit"), int) and item["signup_limit"] > 0:
        out.data["capacity"] = item["signup_limit"]


def _description(item: dict) -> str:
    course_title = text_of((item.get("course") or {}).get("title")) if isinstance(
        item.get("course"), dict) else ""
    where = "online" if item.get("online") else (
        f"at {text_of(item.get('venue'))}, {text_of(item.get('city'))}")
    about = f" on {course_title}" if course_title else ""
    return f"A learning circle{about}, meeting {where}."


# -- time zones ---------------------------------------------------------------------------

def zone_of(item: dict, start: date, clock: time) -> tuple[str | None, str]:
    """The circle's IANA zone and how it was found, or None and why not. Each zone found
    (from the coordinates first) is checked against ``start_datetime``'s offset."""
    stated = _datetime(item.get("start_datetime"))
    candidates = _zone_candidates(item)
    for zone, how in candidates:
        if stated is None:
            return zone, how
        if _offset_agrees(zone, start, clock, stated):
            return zone, how + ", as start_datetime's offset says"
    if stated is not None and candidates:
        return None, (f"no zone of the venue's place has start_datetime's offset "
                      f"({stated.strftime('%z')}) on {start}")
    return None, ("P2PU gives no coordinates, and neither the country nor the city "
                  "names one time zone: set it by hand")


def _zone_candidates(item: dict) -> list[tuple[str, str]]:
    point = coordinates(item)
    found = [(_zone_at(*point), "from the venue's coordinates")] if point else []
    country = country_code(item) or ""
    found += [(zone, f"from the country {country}") for zone in _country_zones(country)]
    city = text_of(item.get("city"))
    found += [(zone, f"from the city {city}") for zone in _city_zones(country, city)]
    return [(zone, how) for zone, how in found if zone]


def _offset_agrees(zone: str, start: date, clock: time, stated: datetime) -> bool:
    local = datetime.combine(start, clock, tzinfo=ZoneInfo(zone))
    return local.utcoffset() == stated.utcoffset()


def _zone_at(latitude: float, longitude: float) -> str | None:
    import tzfpy  # loaded only when a circle has coordinates
    zone = tzfpy.get_tz(longitude, latitude)
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return zone


def _country_zones(country: str) -> list[str]:
    """The zones of a country with one zone (Kenya), else none: a guess among several
    is left to the offset check of the coordinates' zone, or to a person."""
    zones = get_global("territory_zones").get(country, ())
    return list(zones) if len(zones) == 1 else []


def _city_zones(country: str, city: str) -> list[str]:
    """The zone of the country named after the city (Chicago: America/Chicago), the only
    city a zone's name gives; other cities of a country with several zones need a person."""
    name = city.replace(" ", "_").casefold()
    zones = get_global("territory_zones").get(country, ())
    return [zone for zone in zones
            if len(zones) > 1 and zone.rsplit("/", 1)[-1].casefold() == name]


# -- small readers ------------------------------------------------------------------------

def coordinates(item: dict) -> tuple[float, float] | None:
    """The venue's (latitude, longitude): P2PU sends them as decimal strings."""
    try:
        lat, lon = float(item.get("latitude")), float(item.get("longitude"))
    except (TypeError, ValueError):
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or (lat, lon) == (0.0, 0.0):
        return None
    return round(lat, 6), round(lon, 6)


@cache
def _country_names() -> dict[str, str]:
    names = {}
    for lang in ("en", "es", "fr", "de", "pt", "fi", "pl", "ro", "sw"):
        for code, name in Locale.parse(lang).territories.items():
            if len(code) == 2 and code.isalpha():
                names.setdefault(name.casefold(), code)
    return names


def country_code(item: dict) -> str | None:
    """ISO 3166-1 alpha-2 of the item's country, from its English or its own name."""
    for name in (item.get("country_en"), item.get("country")):
        text = text_of(name)
        if len(text) == 2 and text.isalpha():
            return text.upper()
        code = _country_names().get(text.casefold())
        if code:
            return code
    return None


def text_of(value) -> str:
    """A string of P2PU's with its runs of white space one space; "" for anything else."""
    return re.sub(r"\s+", " ", value).strip() if isinstance(value, str) else ""


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _date(value) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _time(value) -> time | None:
    try:
        return time.fromisoformat(value).replace(second=0, microsecond=0) \
            if isinstance(value, str) else None
    except ValueError:
        return None


def _datetime(value) -> datetime | None:
    try:
        found = datetime.fromisoformat(value.replace("Z", "+00:00")) \
            if isinstance(value, str) else None
    except ValueError:
        return None
    return found if found is not None and found.tzinfo is not None else None
