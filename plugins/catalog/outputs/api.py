"""The JSON API v1 of site-contract.md ("Data, feeds and embeds"): ``/api/v1/*.json``, the
JSON Schemas describing it (``schemas/api/``) and the ``/api/`` page documenting both.

Every object carries every field of its schema, absent optional ones as ``null`` (lists as
``[]``) and defaults filled in, so that consumers always get the same shape. Values come
from the model as written by contributors (descriptions stay Markdown source); derived facts
(status, signup state, meetings) are the model's, never recomputed here.
"""

from __future__ import annotations

import functools
import json
from datetime import date
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from collections.abc import MutableMapping

from . import render, urls
from .output import Output, Page, remembered
from .site import Site
from ..source import schemas
from ..source.model import (Catalog, Change, Circle, Course, Meeting, Organization, Schedule,
                            Venue)

API_SCHEMA_DIR = schemas.SCHEMA_DIR / "api"
VERSION = 1
KINDS = ("courses", "circles", "organizations")
_ANY = SimpleNamespace(slug="SLUG")  # stands for any entry in documented URL patterns
_VENUE_FIELDS = ("name", "address", "city", "country", "region", "details", "website",
                 "latitude", "longitude", "access", "access_note")


# -- objects --------------------------------------------------------------------------------

def course_object(course: Course, siteurl: str) -> dict:
    fields = ("title", "url", "provider", "language", "topics", "summary", "format",
              "on_demand", "platform", "license", "cost", "level", "facilitator_guide",
              "accessibility", "added_by", "description")
    return {"slug": course.slug, "page_url": urls.absolute(siteurl, urls.page_path(course)),
            **{name: _plain(getattr(course, name)) for name in fields}}


def organization_object(organization: Organization, siteurl: str) -> dict:
    fields = ("name", "url", "city", "country", "description")
    return {"slug": organization.slug,
            "page_url": urls.absolute(siteurl, urls.page_path(organization)),
            **{name: getattr(organization, name) for name in fields},
            "circles_url": urls.absolute(siteurl, urls.organization_api_path(organization)),
            "calendar_url": urls.absolute(siteurl, urls.organization_calendar_path(organization)),
            "feed_url": urls.absolute(siteurl, urls.organization_feed_path(organization))}


def circle_object(circle: Circle, siteurl: str, languages: tuple[str, ...] = ("en",)) -> dict:
    return {
        "slug": circle.slug, "page_url": urls.absolute(siteurl, urls.page_path(circle)),
        "title": circle.title, "course": circle.course, "organization": circle.organization,
        "language": circle.language, "facilitators": list(circle.facilitators),
        "online": circle.online, "venue": venue_object(circle.venue),
        "online_access": list(circle.online_access),
        "schedule": schedule_object(circle.schedule),
        "signup": {"url": circle.signup.url, "status": circle.signup.status,
                   "deadline": _iso(circle.signup.deadline),
                   "waitlist_url": circle.signup.waitlist_url},
        "capacity": circle.capacity, "description": circle.description,
        "status": circle.status, "status_note": circle.status_note,
        "status_from": _iso(circle.status_from), "signup_open": circle.signup_open,
        "signup_state": circle.signup_state, "waitlist_url": waitlist_url(circle),
        "meetings": [meeting_object(m) for m in circle.meetings],
        "next_meeting": next_meeting_object(circle, languages),
        "calendar_url": urls.absolute(siteurl, urls.calendar_path(circle)),
    }


def waitlist_url(circle: Circle) -> str | None:
    """The waitlist to offer instead of signing up: the circle's, while it is full."""
    return circle.signup.waitlist_url if circle.signup_state == "full" else None


def venue_object(venue: Venue | None) -> dict | None:
    return None if venue is None else {name: _plain(getattr(venue, name)) for name in _VENUE_FIELDS}


def schedule_object(schedule: Schedule) -> dict:
    return {"timezone": schedule.timezone, "start_time": schedule.start_time.strftime("%H:%M"),
            "duration_minutes": schedule.duration_minutes,
            "start_date": _iso(schedule.start_date), "meetings": schedule.meetings,
            "frequency": schedule.frequency,
            "skip_dates": [d.isoformat() for d in schedule.skip_dates],
            "dates": None if schedule.dates is None else [d.isoformat() for d in schedule.dates],
            "changes": [change_object(c) for c in schedule.changes]}


def change_object(change: Change) -> dict:
    """A change as written, every field present: a cancelled meeting has ``moved_to``
    null; a moved one ``cancelled`` false and the new date or time it gives (the other
    null)."""
    moved = None if change.cancelled else {
        "date": _iso(change.moved_date),
        "start_time": change.moved_time.strftime("%H:%M") if change.moved_time else None}
    return {"date": change.date.isoformat(), "cancelled": change.cancelled, "moved_to": moved,
            "note": change.note}


def meeting_object(meeting: Meeting) -> dict:
    return {"start": meeting.start.isoformat(), "end": meeting.end.isoformat(),
            "status": meeting.status, "original_start": _iso(meeting.original_start),
            "note": meeting.note}


def next_meeting_object(circle: Circle, languages: tuple[str, ...]) -> dict | None:
    """The next meeting, with its time as the site writes it in each of its languages
    (what the widget shows)."""
    meeting = circle.next_meeting
    if meeting is None:
        return None
    zone = circle.schedule.timezone
    return {**meeting_object(meeting),
            "local_time": {lang: render.meeting_time(meeting.start, zone, lang)
                           for lang in languages}}


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _plain(value):
    return list(value) if isinstance(value, tuple) else value


# -- responses ------------------------------------------------------------------------------

def outputs(catalog: Catalog, site: Site, memo: MutableMapping) -> list[Output]:
    """Every API file and the schemas it follows. A file is its items' bytes joined, never
    one tree of every circle's objects; each circle is encoded once, here, before the files
    are made across processes (see :func:`encode_circles`)."""
    circles = catalog.listed_circles
    siteurl, languages = site.url, site.languages
    encode_circles(circles, siteurl, memo, languages)

    def circle_items(chosen) -> list[bytes]:
        return [circle_json(c, siteurl, memo, languages) for c in chosen]

    courses, organizations = catalog.courses_by_title, catalog.organizations_by_name
    today = catalog.today  # every response says when it was made
    out = [
        Output(urls.api_path("courses"), (today, courses), lambda: envelope(catalog, "courses", [
            to_json(course_object(c, siteurl)) for c in courses])),
        Output(urls.api_path("circles"), (today, circles),
               lambda: envelope(catalog, "circles", circle_items(circles))),
        Output(urls.api_path("organizations"), (today, organizations), lambda: envelope(
            catalog, "organizations",
            [to_json(organization_object(o, siteurl)) for o in organizations])),
    ]
    for organization in organizations:
        own = catalog.circles_of(organization.slug)
        out.append(Output(urls.organization_api_path(organization), (today, organization, own),
                          functools.partial(lambda own: envelope(catalog, "circles",
                                                                 circle_items(own)), own)))
    out += [Output(path, (source.read_bytes(),), source.read_bytes)
            for path, source in schema_files().items()]
    return out


def encode_circles(circles, siteurl: str, memo: MutableMapping,
                   languages: tuple[str, ...] = ("en",)) -> None:
    """Put each circle's JSON in ``memo``, by what it is made from, unless it is there: a
    rebuild after one circle changed encodes one circle, not every one. The files take
    their circles' JSON from the memo when they are made, so no process holds every
    circle's JSON but the one making /api/v1/circles.json."""
    for circle in circles:
        key = _json_key(circle, siteurl)
        if key not in memo:
            memo[key] = _encoded(circle, siteurl, languages)


def circle_json(circle: Circle, siteurl: str, memo: MutableMapping,
                languages: tuple[str, ...] = ("en",)) -> bytes:
    """A circle's JSON, from ``memo`` (or made, and kept there)."""
    return remembered(memo, _json_key(circle, siteurl),
                      lambda: _encoded(circle, siteurl, languages))


def _json_key(circle: Circle, siteurl: str) -> tuple:
    return ("api", siteurl, circle)


def _encoded(circle: Circle, siteurl: str, languages: tuple[str, ...]) -> bytes:
    return to_json(circle_object(circle, siteurl, languages))


def envelope(catalog: Catalog, kind: str, items: list[bytes]) -> bytes:
    """A response, ``{"version", "generated", kind: [items]}``, from its items' JSON: the
    bytes :func:`to_json` writes for the whole, joined at once (/api/v1/circles.json is
    68 MB at 20,000 entries: one copy, not three)."""
    head = to_json({"version": VERSION, "generated": catalog.today.isoformat(), kind: []})
    parts = [head[:-2]]
    for number, item in enumerate(items):
        if number:
            parts.append(b",")
        parts.append(item)
    parts.append(head[-2:])
    return b"".join(parts)


def to_json(data) -> bytes:
    """Compact, deterministic UTF-8 JSON."""
    # allow_nan=False: NaN and Infinity are not JSON (RFC 8259 section 6); JSON.parse
    # would fail on every page that embeds the file. Validation rejects them first.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False).encode("utf-8")


# -- schemas ----------------------------------------------------------------------------------

def schema_files() -> dict[str, Path]:
    """Every schema served under /schemas/, by its site path."""
    out = {urls.schema_path(kind): schemas.SCHEMA_DIR / f"{kind}.schema.json"
           for kind in schemas.KINDS}
    for kind in KINDS:
        out[urls.schema_path(f"api/{kind}")] = API_SCHEMA_DIR / f"{kind}.schema.json"
    return out


@cache
def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def validator(kind: str):
    """A jsonschema validator for one API response, its ``../x.schema.json`` references
    read from ``schemas/`` (the served files resolve them relative to their own URL)."""
    from jsonschema import validators
    from referencing import Registry, Resource

    base = "https://schemas.invalid/schemas/"

    def retrieve(uri: str) -> Resource:
        return Resource.from_contents(_load(schemas.SCHEMA_DIR / uri.removeprefix(base)))

    uri = f"{base}api/{kind}.schema.json"
    registry = Registry(retrieve=retrieve)
    root = registry.get_or_retrieve(uri).value.contents
    cls = validators.validator_for(root)
    return cls({"$ref": uri}, registry=registry, format_checker=cls.FORMAT_CHECKER)


# -- the /api/ page -------------------------------------------------------------------------

def field_rows(kind: str, definition: str, prefix: str = "", seen: set | None = None) -> list[dict]:
    """The documented fields of one API object, nested ones as ``venue.city`` and
    ``meetings[].start`` (each nested object once), read from ``schemas/api/KIND.schema.json``."""
    path = API_SCHEMA_DIR / f"{kind}.schema.json"
    seen = seen if seen is not None else {definition}
    rows = []
    for name, prop in _load(path)["$defs"][definition]["properties"].items():
        nullable, target, where = _unwrap(prop, path)
        rows.append({"name": prefix + name, "type": type_label(target, where),
                     "nullable": nullable,
                     "title": prop.get("title") or target.get("title", ""),
                     "description": prop.get("description") or target.get("description", "")})
        nested = _local_definition(prop) or _local_definition(prop.get("items", {}))
        if nested and nested not in seen:
            seen.add(nested)
            suffix = "[]." if target.get("type") == "array" else "."
            rows.extend(field_rows(kind, nested, prefix + name + suffix, seen))
    return rows


def _unwrap(prop: dict, path: Path) -> tuple[bool, dict, Path]:
    """Whether a property may be null, and the schema it stands for (its references
    followed) with the file that schema lives in."""
    nullable = False
    options = prop.get("anyOf")
    if options:
        nullable = any(o.get("type") == "null" for o in options)
        prop = next(o for o in options if o.get("type") != "null")
    return (nullable, *_follow(prop, path))


def _follow(node: dict, path: Path) -> tuple[dict, Path]:
    while "$ref" in node:
        file, _, pointer = node["$ref"].partition("#")
        path = (path.parent / file).resolve() if file else path
        target = _load(path)
        for part in pointer.strip("/").split("/"):
            target = target[part]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node, path


def _local_definition(node: dict) -> str | None:
    options = node.get("anyOf", [node])
    for option in options:
        ref = option.get("$ref", "")
        if ref.startswith("#/$defs/"):
            return ref.removeprefix("#/$defs/")
    return None


def type_label(node: dict, path: Path) -> str:
    """A short reading of a schema's type: 'string (date)', 'list of string', 'one of ...'."""
    node, path = _follow(node, path)
    if "enum" in node:
        return "one of " + ", ".join(json.dumps(v) for v in node["enum"])
    if "const" in node:
        return json.dumps(node["const"])
    if node.get("type") == "array":
        return "list of " + type_label(node.get("items", {}), path)
    if "anyOf" in node or "$ref" in node:
        return "object"
    label = {"object": "object", "boolean": "boolean", "integer": "integer",
             "number": "number"}.get(node.get("type"), node.get("type", "object"))
    fmt = node.get("format")
    return f"{label} ({fmt})" if fmt and fmt != "uri-reference" else (
        "URL" if fmt == "uri-reference" else label)


def api_page(catalog: Catalog):
    """``endpoints`` (path, what, schema), ``tables`` (title, anchor, rows) per object,
    ``feeds`` (calendars and Atom feeds), ``content_schemas`` and ``api_schemas`` (kind,
    path), and ``example``: an organization to show a request for (or None), with the
    ``example_path`` fetched."""
    organizations = catalog.organizations_by_name
    example = organizations[0] if organizations else None
    return Page(urls.API_PAGE, "api.html", {
        "endpoints": endpoints(),
        "tables": [("Course", "course", field_rows("courses", "course")),
                   ("Learning circle", "circle", field_rows("circles", "circle")),
                   ("Organization", "organization", field_rows("organizations", "organization"))],
        "feeds": feeds(),
        "content_schemas": [(kind, urls.schema_path(kind)) for kind in schemas.KINDS],
        "api_schemas": [(kind, urls.schema_path(f"api/{kind}")) for kind in KINDS],
        "example": example,
        "example_path": (urls.organization_api_path(example) if example
                         else urls.api_path("circles")),
    })


def endpoints() -> list[tuple[str, str, str]]:
    rows = [(urls.api_path("courses"), "Every course, by title.", "courses"),
            (urls.api_path("circles"), "Every circle: in progress, upcoming, then cancelled "
             "or postponed ones whose meetings were still to come, then past ones (completed, "
             "or called off).", "circles"),
            (urls.api_path("organizations"), "Every organization, by name.", "organizations"),
            (urls.organization_api_path(_ANY), "One organization's circles, in the same shape "
             "and order as circles.json.", "circles"),
            (urls.CIRCLES_GEOJSON, "GeoJSON (RFC 7946): the upcoming and in-progress circles "
             "whose venue has coordinates, each a point [longitude, latitude], for a map on "
             "another site.", "circles.geojson")]
    return [(path, what, urls.schema_path(f"api/{schema}")) for path, what, schema in rows]


def feeds() -> list[tuple[str, str]]:
    return [
        (urls.CIRCLES_CALENDAR,
         "iCalendar: every meeting of every upcoming and in-progress circle, and of those "
         "cancelled or postponed whose meetings were still to come. A cancelled meeting stays, "
         "marked cancelled; a moved one is at its new time."),
        (urls.calendar_path(_ANY), "iCalendar: every meeting of one circle."),
        (urls.organization_calendar_path(_ANY),
         "iCalendar: every meeting of one organization's circles, past ones included."),
        (urls.CIRCLES_FEED, "Atom: upcoming and in-progress circles, and those cancelled or "
         "postponed whose meetings were still to come, newest first."),
        (urls.organization_feed_path(_ANY),
         "Atom: one organization's circles, as in the site's feed."),
        (urls.city_calendar_path(_ANY), "iCalendar: every meeting of the circles in one "
         "city, past ones included."),
        (urls.course_feed_path(_ANY), "Atom: one course's circles, as in the site's feed: "
         "follow it to hear when a new circle of the course is planned."),
        (urls.term_feed_path("topics", _ANY), "Atom: the circles on the courses of one topic, "
         "as in the site's feed."),
        (urls.term_feed_path("cities", _ANY), "Atom: the circles in one city, as in the "
         "site's feed."),
    ]
