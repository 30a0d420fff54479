"""iCalendar files (RFC 5545) of site-contract.md ("Data, feeds and embeds"):
``/circles.ics``, ``/circles/SLUG/calendar.ics``, ``/organizations/SLUG/circles.ics`` and
one small file per meeting for "add to calendar".

One VEVENT per meeting rather than an RRULE: skipped dates, made-up meetings and explicit
dates are then exact in every client, and each meeting's local time is the model's own.
Times carry a TZID with a VTIMEZONE generated from the same tzdata the model used
(section 3.6.5), so 18:00 in Toronto stays 18:00 across a daylight saving change.
UIDs are the circle's slug and the meeting's number, and DTSTAMP is the build date, so
two builds of the same content on the same date are byte-identical and a later build
updates the same events in subscribers' calendars.
"""

from __future__ import annotations

import html
import re
from datetime import date, datetime, time, timedelta, timezone
from functools import cache

import nh3
from icalendar import Calendar, Event, Timezone

from . import render, schedule, urls
from .model import Catalog, Circle, Meeting, Organization

# How often subscribed clients should fetch again (RFC 7986 section 5.7; X-PUBLISHED-TTL
# for Outlook and Google): statuses move on daily, so twice a day is ample.
REFRESH = timedelta(hours=12)
DESCRIPTION_CHARS = 400


def calendar_files(catalog: Catalog, settings: dict) -> dict[str, bytes]:
    """Every .ics file by its site path."""
    site = _Site(settings, catalog.today)
    out = {urls.CIRCLES_CALENDAR: series_calendar(
        catalog, catalog.current_circles, site, f"{site.name}: upcoming circles",
        "Every meeting of the learning circles that are in progress or upcoming.")}
    for circle in catalog.circles.values():
        out[urls.calendar_path(circle)] = series_calendar(
            catalog, (circle,), site, circle.title, f"Every meeting of {circle.title}.",
            urls.calendar_path(circle))
        for number, meeting in enumerate(circle.meetings, 1):
            out[urls.meeting_calendar_path(circle, number)] = meeting_calendar(
                catalog, circle, number, site)
    for organization in catalog.organizations.values():
        out[urls.organization_calendar_path(organization)] = organization_calendar(
            catalog, organization, site)
    return out


def organization_calendar(catalog: Catalog, organization: Organization, site: _Site) -> bytes:
    """Every circle of the organization, past ones included, so a subscriber's calendar
    keeps the meetings that happened."""
    own = {c.slug for c in catalog.circles_by_organization.get(organization.slug, ())}
    circles = tuple(c for c in catalog.current_circles + catalog.past_circles if c.slug in own)
    return series_calendar(catalog, circles, site, f"{organization.name}: learning circles",
                           f"Every meeting of the learning circles of {organization.name}.",
                           urls.organization_calendar_path(organization))


def series_calendar(catalog: Catalog, circles, site: _Site, name: str, description: str,
                    path: str = urls.CIRCLES_CALENDAR) -> bytes:
    """A calendar to subscribe to: every meeting of ``circles``, in order."""
    cal = new_calendar(site, name, description)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", REFRESH)
    if site.url:
        cal.add("source", site.link(path), parameters={"VALUE": "URI"})
    for circle in circles:
        for number, meeting in enumerate(circle.meetings, 1):
            cal.add_component(meeting_event(catalog, circle, number, meeting, site))
    return finish(cal)


def meeting_calendar(catalog: Catalog, circle: Circle, number: int, site: _Site) -> bytes:
    """One meeting, to add to a calendar once (same UID as in the circle's calendar)."""
    cal = new_calendar(site, circle.title, f"Meeting {number} of {circle.title}.")
    cal.add_component(meeting_event(catalog, circle, number, circle.meetings[number - 1], site))
    return finish(cal)


def new_calendar(site: _Site, name: str, description: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", f"-//{site.name}//Learning circle catalog//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    for key in ("name", "x-wr-calname"):  # RFC 7986 NAME, and the name most clients read
        cal.add(key, name)
    for key in ("description", "x-wr-caldesc"):
        cal.add(key, description)
    return cal


def finish(cal: Calendar) -> bytes:
    """Add a VTIMEZONE for every TZID used (RFC 5545 section 3.6.5), before the events."""
    events = list(cal.subcomponents)
    zones = sorted({e.start.tzinfo.key for e in events})
    cal.subcomponents = [vtimezone(tzid, *_years(events, tzid)) for tzid in zones] + events
    return cal.to_ical()


def _years(events: list[Event], tzid: str) -> tuple[int, int]:
    years = [y for e in events if e.start.tzinfo.key == tzid for y in (e.start.year, e.end.year)]
    return min(years), max(years)


@cache
def vtimezone(tzid: str, first_year: int, last_year: int) -> Timezone:
    """The zone's rules through the years of the events: enough for every event (there are
    no recurrences to expand), small enough for a one-meeting file."""
    return Timezone.from_tzinfo(schedule.zone(tzid), tzid, date(first_year, 1, 1),
                                date(last_year + 1, 1, 1))


def meeting_event(catalog: Catalog, circle: Circle, number: int, meeting: Meeting,
                  site: _Site) -> Event:
    event = Event()
    event.add("uid", f"{circle.slug}-{number}@{site.host}")
    event.add("dtstamp", site.stamp)
    event.add("dtstart", meeting.start)
    event.add("dtend", meeting.end)
    event.add("summary", circle.title)
    event.add("location", location(circle))
    if circle.venue is not None and circle.venue.latitude is not None:
        event.add("geo", (circle.venue.latitude, circle.venue.longitude))
    event.add("description", description(catalog, circle, number, site))
    event.add("url", site.link(urls.page_path(circle)), parameters={"VALUE": "URI"})
    event.add("status", "CONFIRMED")
    event.add("transp", "OPAQUE")
    return event


def location(circle: Circle) -> str:
    """Venue name, address, city, region and country; or "Online"."""
    venue = circle.venue
    if venue is None:
        return "Online"
    parts = (venue.name, venue.address, venue.city, venue.region,
             render.country_name(venue.country))
    text = ", ".join(p for p in parts if p)
    return f"{text} (or online)" if circle.online else text


def description(catalog: Catalog, circle: Circle, number: int, site: _Site) -> str:
    """Plain text: which meeting, the course, who facilitates, where exactly, how to sign
    up, the start of the circle's description and the page's address."""
    lines = [f"Meeting {number} of {len(circle.meetings)} of this free learning circle."]
    course = catalog.courses.get(circle.course) if circle.course else None
    if course is not None:
        lines.append(f"Course: {course.title} ({course.provider}).")
    lines.append("Facilitated by " + ", ".join(circle.facilitators) + ".")
    if circle.venue is not None and circle.venue.details:
        lines.append(circle.venue.details)
    lines.append(f"Sign up: {circle.signup.url}" if circle.signup_open
                 else f"Signup: {circle.signup_state.replace('-', ' ')}.")
    lines += ["", plain_text(circle.description), "", site.link(urls.page_path(circle))]
    return "\n".join(lines)


def plain_text(markdown_text: str, limit: int = DESCRIPTION_CHARS) -> str:
    """The sanitized Markdown as text: one line per paragraph or list item, every tag
    removed, cut at a word near ``limit``."""
    markup = re.sub(r"\s+", " ", str(render.markdown(markdown_text)))
    markup = re.sub(r"</(p|li|h[2-4]|pre|blockquote)>", "\n", markup)
    text = html.unescape(nh3.clean(markup, tags=set())).strip()
    text = "\n".join(line.strip() for line in text.splitlines() if line.strip())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "\u2026"


class _Site:
    """What every file shares: names, host and build stamp."""

    def __init__(self, settings: dict, today: date):
        self.name = settings.get("SITENAME", "Learning Circles")
        self.url = settings.get("SITEURL", "").rstrip("/")
        self.host = urls.host(self.url)
        self.stamp = datetime.combine(today, time(), tzinfo=timezone.utc)

    def link(self, path: str) -> str:
        return urls.absolute(self.url, path)
