"""iCalendar files (RFC 5545) of site-contract.md ("Data, feeds and embeds"):
``/circles.ics``, ``/circles/SLUG/calendar.ics``, ``/organizations/SLUG/circles.ics``,
``/cities/SLUG/circles.ics``, and for "add to calendar" on a circle's page
``/circles/SLUG/meeting-N.ics`` for each meeting to come.

One VEVENT per meeting rather than an RRULE: skipped dates, made-up meetings and explicit
dates are then exact in every client, and each meeting's local time is the model's own.
Times carry a TZID with a VTIMEZONE generated from the same tzdata the model used
(section 3.6.5), so 18:00 in Toronto stays 18:00 across a daylight saving change.
UIDs are the circle's slug and the meeting's number, and DTSTAMP is the build date, so
two builds of the same content on the same date are byte-identical and a later build
updates the same events in subscribers' calendars.

When plans change, events change rather than vanish (a subscribed client deletes nothing
it is not told about): a cancelled meeting stays, with STATUS:CANCELLED, "Cancelled: " before
its title and why at the top of its description; a moved one keeps its UID at its new
time, saying where it moved from; and every meeting of a circle cancelled or postponed is
cancelled so (a postponed one will not take place at that time). SEQUENCE (section
3.8.7.4) is the meeting's own count of changes (model.Meeting.sequence), read from the
content rather than kept from build to build, so builds stay reproducible and a changed
event always has a higher one than it had before. /circles.ics keeps the called-off
circles whose meetings were still to come, so that their subscribers see them cancelled.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from collections.abc import MutableMapping
from functools import cache

from icalendar import Timezone
from icalendar.prop import vDuration, vGeo, vText, vUri

from . import changes, render, urls
from .output import Output, remembered
from .site import Site
from ..source import schedule
from ..source.model import BOTH, CANCELLED, Catalog, Circle, Meeting, Organization, Term

# How often subscribed clients should fetch again (RFC 7986 section 5.7; X-PUBLISHED-TTL
# for Outlook and Google): statuses move on daily, so twice a day is ample.
REFRESH = timedelta(hours=12)
DESCRIPTION_CHARS = 400


def outputs(catalog: Catalog, site: Site, memo: MutableMapping) -> list[Output]:
    """Each circle's calendar, then the calendars of many circles (/circles.ics and each
    organization's), which are put together from the brief text of each event. A circle's
    brief texts are made with its own calendar and left in ``memo`` for them."""
    context = _Site(site, catalog, memo)
    today = catalog.today  # every file is stamped with it (DTSTAMP)
    out = []
    for circle in catalog.circles.values():
        course = catalog.courses.get(circle.course) if circle.course else None
        out.append(Output(urls.calendar_path(circle), (today, circle, course),
                          functools.partial(circle_calendar, context, circle), "circles",
                          leaves=(context.events_key(circle),)))
        out.extend(Output(urls.meeting_calendar_path(circle, number), (today, circle, course),
                          functools.partial(meeting_calendar, catalog, circle, number, context),
                          "circles")
                   for number in addable(circle, catalog.today))
    # Events name their circle's course: the calendars of many circles are made from their
    # circles and the courses.
    courses = tuple(catalog.courses.values())
    listed = site_circles(catalog)
    out.append(Output(urls.CIRCLES_CALENDAR, (today, listed, courses), lambda: series_calendar(
        catalog, listed, context, f"{site.name}: upcoming circles",
        "Every meeting of the learning circles that are in progress or upcoming, and of "
        "those cancelled or postponed before their last meeting, marked cancelled."), "many"))
    for organization in catalog.organizations.values():
        own = catalog.circles_of(organization.slug)
        out.append(Output(urls.organization_calendar_path(organization),
                          (today, organization, own, courses),
                          functools.partial(organization_calendar, catalog, organization,
                                            context), "many"))
    for city in catalog.cities.values():
        out.append(Output(urls.city_calendar_path(city), (today, city, courses),
                          functools.partial(city_calendar, catalog, city, context), "many"))
    return out


def site_circles(catalog: Catalog) -> tuple[Circle, ...]:
    """The circles of /circles.ics: current ones, and the called-off ones that still had
    meetings to come (the calendar drops a circle only once its meetings are past)."""
    return catalog.announced_circles


def circle_calendar(site: _Site, circle: Circle) -> bytes:
    """A circle's own calendar, whose events carry the start of its description; the
    brief form of the same events goes to the memo, for the calendars of many circles."""
    own, brief = site.circle_events(circle)
    site.memo[site.events_key(circle)] = brief
    return series_calendar(site.catalog, (circle,), site, circle.title,
                           f"Every meeting of {circle.title}.", urls.calendar_path(circle),
                           events=own)


def organization_calendar(catalog: Catalog, organization: Organization, site: _Site) -> bytes:
    """Every circle of the organization, past ones included, so a subscriber's calendar
    keeps the meetings that happened."""
    circles = catalog.circles_of(organization.slug)
    return series_calendar(catalog, circles, site, f"{organization.name}: learning circles",
                           f"Every meeting of the learning circles of {organization.name}.",
                           urls.organization_calendar_path(organization))


def city_calendar(catalog: Catalog, city: Term, site: _Site) -> bytes:
    """Every circle that meets in ``city``, past ones included, as an organization's."""
    circles = tuple(item for item in city.items if isinstance(item, Circle))
    return series_calendar(catalog, circles, site, f"Learning circles in {city.name}",
                           f"Every meeting of the learning circles in {city.name}.",
                           urls.city_calendar_path(city))


def series_calendar(catalog: Catalog, circles, site: _Site, name: str, description: str,
                    path: str = urls.CIRCLES_CALENDAR, events: list[bytes] | None = None
                    ) -> bytes:
    """A calendar to subscribe to: every meeting of ``circles``, in order, as ``events``
    when given (a circle's own calendar, whose events have the start of its description),
    else brief, with the facts and the link only, which keeps the calendars of many
    circles a fraction of the size."""
    head = calendar_head(site, name, description)
    head.append(prop("REFRESH-INTERVAL", vDuration(REFRESH), ";VALUE=DURATION"))
    head.append(prop("X-PUBLISHED-TTL", vDuration(REFRESH)))
    if site.url:
        head.append(prop("SOURCE", vUri(site.link(path)), ";VALUE=URI"))
    return finish(head, [(circle, number) for circle in circles
                         for number in range(1, len(circle.meetings) + 1)], site, events)


def meeting_calendar(catalog: Catalog, circle: Circle, number: int, site: _Site) -> bytes:
    """One meeting, to add to a calendar once (same UID as in the circle's calendar). Its
    times are in UTC, so that it needs no VTIMEZONE, and it carries no calendar name (a
    client would offer to make a new calendar for it): a small file."""
    event = meeting_event(circle, number, circle.meetings[number - 1], site, utc=True)
    return b"".join([site.single_head, event, b"END:VCALENDAR\r\n"])


def addable(circle: Circle, today: date) -> list[int]:
    """The numbers of the meetings a circle's page offers to add to a calendar one by one:
    those that take place and are still to come. Each has its own file, linked from the
    page in every language (as a ``data:`` link in the page, the same file was nine copies
    of a kilobyte per meeting, a quarter of a circle page)."""
    return [number for number, meeting in enumerate(circle.meetings, 1)
            if meeting.held and meeting.to_come(today)]


def calendar_head(site: _Site, name: str = "", description: str = "") -> list[str]:
    """The VCALENDAR's own properties; NAME and DESCRIPTION (RFC 7986) with the X-WR-
    names most clients read, when given."""
    head = ["BEGIN:VCALENDAR", prop("PRODID", vText(f"-//{site.name}//Learning circle catalog//EN")),
            "VERSION:2.0", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    if name:
        head += [prop("NAME", vText(name)), prop("X-WR-CALNAME", vText(name)),
                 prop("DESCRIPTION", vText(description)), prop("X-WR-CALDESC", vText(description))]
    return head


def finish(head: list[str], meetings: list[tuple[Circle, int]], site: _Site,
           events: list[bytes] | None = None) -> bytes:
    """The calendar with a VTIMEZONE for every TZID used (RFC 5545 section 3.6.5), then the
    events. Each event and each zone is built once per build and the calendars that share
    it reuse its text: a meeting is in its own file, its circle's, its organization's and
    /circles.ics. ``events``, when given, are the meetings' texts already made; else
    each is brief."""
    years: dict[str, list[int]] = {}
    for circle, number in meetings:
        meeting = circle.meetings[number - 1]
        years.setdefault(circle.schedule.timezone, []).extend((meeting.start.year,
                                                               meeting.end.year))
    parts = [fold(line) for line in head]
    parts += [vtimezone_text(tzid, min(ys), max(ys)) for tzid, ys in sorted(years.items())]
    parts += events if events is not None else [site.event_text(circle, number)
                                                for circle, number in meetings]
    parts.append(b"END:VCALENDAR\r\n")
    return b"".join(parts)


@cache
def vtimezone_text(tzid: str, first_year: int, last_year: int) -> bytes:
    return vtimezone(tzid, first_year, last_year).to_ical()


def vtimezone(tzid: str, first_year: int, last_year: int) -> Timezone:
    """The zone's rules through the years of the events: enough for every event (there are
    no recurrences to expand), small enough for a one-meeting file."""
    return Timezone.from_tzinfo(schedule.zone(tzid), tzid, date(first_year, 1, 1),
                                date(last_year + 1, 1, 1))


def meeting_event(circle: Circle, number: int, meeting: Meeting, site: _Site,
                  utc: bool = False) -> bytes:
    """One meeting's brief VEVENT (see :func:`series_calendar`). Values are encoded by
    icalendar's property types (escaping, date-time forms); the lines are put together and
    folded here, because icalendar's generic serializer costs about a millisecond per
    event, which is most of a large catalog's build. What all meetings of a circle share
    is encoded once per circle."""
    head = event_head(circle, number, meeting, site, utc)
    return event_from(head, circle, number, site.shared(circle).brief, site)


def event_from(head: bytes, circle: Circle, number: int, text: str, site: _Site) -> bytes:
    """The VEVENT of ``head`` (:func:`event_head`) with ``text`` (escaped) after the first
    line of its DESCRIPTION, which says what became of a changed meeting first."""
    shared = site.shared(circle)
    first = (f"{shared.notices[number - 1]}Meeting {number} of {len(circle.meetings)} "
             "of this free learning circle.")
    cancelled = circle.meetings[number - 1].status == CANCELLED
    return b"".join((head, fold(f"DESCRIPTION:{first}\\n{text}"),
                     shared.cancelled_tail if cancelled else shared.tail))


def event_head(circle: Circle, number: int, meeting: Meeting, site: _Site,
               utc: bool = False) -> bytes:
    """A VEVENT's lines before its DESCRIPTION."""
    if utc:
        times = (f"DTSTART:{meeting.start.astimezone(timezone.utc):{UTC_FORM}}",
                 f"DTEND:{meeting.end.astimezone(timezone.utc):{UTC_FORM}}")
    else:
        zone = circle.schedule.timezone
        times = (f"DTSTART;TZID={zone}:{meeting.start:{LOCAL_FORM}}",
                 f"DTEND;TZID={zone}:{meeting.end:{LOCAL_FORM}}")
    shared = site.shared(circle)
    # SEQUENCE is left out at 0, its default: an event as announced is as it always was.
    sequence = f"SEQUENCE:{meeting.sequence}\r\n".encode() if meeting.sequence else b""
    return b"".join((b"BEGIN:VEVENT\r\n", shared.summaries[number - 1], fold(times[0]),
                     fold(times[1]), site.stamp_line,
                     fold(f"{shared.uid}{number}{site.uid_end}"), sequence))


# A DATE-TIME value (RFC 5545 section 3.3.5): local time with a TZID, or UTC ("Z"); the
# forms icalendar's vDatetime writes.
LOCAL_FORM = "%Y%m%dT%H%M%S"
UTC_FORM = "%Y%m%dT%H%M%SZ"


@dataclass(frozen=True)
class _Shared:
    """A circle's event lines that do not change from meeting to meeting, encoded: the
    folded SUMMARY line, the DESCRIPTION after its first line (escaped, unfolded; ``brief``
    without the circle's text, for the one-meeting links and the calendars of many
    circles) and the folded lines after it (``tail``, or ``cancelled_tail`` with
    STATUS:CANCELLED). What differs for a changed meeting is by meeting number - 1: its
    SUMMARY line (the same bytes for every meeting as announced) and what its DESCRIPTION
    says first (escaped, with its line break; empty as announced)."""

    summaries: tuple[bytes, ...]
    notices: tuple[str, ...]
    uid: str  # the UID line up to the meeting's number
    brief: str
    tail: bytes
    cancelled_tail: bytes
    facts: tuple[str, ...]
    markdown: str  # the circle's description
    link: str

    @functools.cached_property
    def details(self) -> str:
        """With the start of the circle's text: only a circle's own calendar needs it."""
        return _escaped("\n".join([*self.facts, "", plain_text(self.markdown), "", self.link]))


def shared_lines(catalog: Catalog, circle: Circle, site: _Site) -> _Shared:
    places = []
    if circle.venue is not None and circle.venue.latitude is not None:
        places.append(prop("GEO", vGeo((circle.venue.latitude, circle.venue.longitude))))
    places.append(prop("LOCATION", vText(location(circle))))
    rest = ["TRANSP:OPAQUE", prop("URL", vUri(site.link(urls.page_path(circle))), ";VALUE=URI"),
            "END:VEVENT"]
    before, after = (b"".join(fold(line) for line in lines) for lines in (places, rest))
    facts, link = description(catalog, circle, site)
    summaries, notices = meeting_lines(circle)
    return _Shared(summaries=summaries, notices=notices,
                   uid=prop("UID", vText(f"{circle.slug}-")),
                   brief=_escaped("\n".join([*facts, "", link])),
                   tail=before + b"STATUS:CONFIRMED\r\n" + after,
                   cancelled_tail=before + b"STATUS:CANCELLED\r\n" + after,
                   facts=tuple(facts), markdown=circle.description, link=link)


def meeting_lines(circle: Circle) -> tuple[tuple[bytes, ...], tuple[str, ...]]:
    """Each meeting's SUMMARY line and the start of its DESCRIPTION (see _Shared), each
    distinct SUMMARY folded once."""
    summaries: dict[str, bytes] = {}
    lines, notices = [], []
    for prefix, notice in changes.meeting_notices(circle):
        line = summaries.get(prefix)
        if line is None:
            line = summaries[prefix] = fold(prop("SUMMARY", vText(prefix + circle.title)))
        lines.append(line)
        notices.append(_escaped(notice + "\n") if notice else "")
    return tuple(lines), tuple(notices)


def _escaped(text: str) -> str:
    return vText(text).to_ical().decode()


def prop(name: str, value, parameters: str = "") -> str:
    encoded = value.to_ical()
    return f"{name}{parameters}:{encoded.decode() if isinstance(encoded, bytes) else encoded}"


def fold(line: str, limit: int = 75) -> bytes:
    """A content line ended by CRLF and folded before 75 octets (RFC 5545 section 3.1),
    never inside a UTF-8 sequence nor right after a backslash escape (as icalendar does)."""
    data = line.encode()
    if len(data) < limit:
        return data + b"\r\n"
    parts, start = [], 0
    while len(data) - start >= limit:
        end = start + limit - 1
        while data[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte: back off
            end -= 1
        if data[end - 1] in b"\\^" and end - 1 > start:
            end -= 1
        parts.append(data[start:end])
        start = end
    parts.append(data[start:])
    return b"\r\n ".join(parts) + b"\r\n"


def location(circle: Circle) -> str:
    """Venue name, address, city, region and country; or "Online"."""
    venue = circle.venue
    if venue is None:
        return "Online"
    parts = (venue.name, venue.address, venue.city, venue.region,
             render.country_name(venue.country))
    text = ", ".join(p for p in parts if p)
    return f"{text} (or online)" if circle.meets == BOTH else text


def description(catalog: Catalog, circle: Circle, site: _Site) -> tuple[list[str], str]:
    """Plain text after the meeting's number: the course, who facilitates, where exactly and
    how to sign up (lines), and the page's address. (The start of the circle's description
    comes between them in the circle's own calendar: see _Shared.details.)"""
    lines = []
    course = catalog.courses.get(circle.course) if circle.course else None
    if course is not None:
        lines.append(f"Course: {course.title} ({course.provider}).")
    lines.append("Facilitated by " + ", ".join(circle.facilitators) + ".")
    if circle.venue is not None and circle.venue.details:
        lines.append(circle.venue.details)
    lines.append(f"Sign up: {circle.signup.url}" if circle.signup_open
                 else f"Signup: {circle.signup_state.replace('-', ' ')}.")
    return lines, site.link(urls.page_path(circle))


def plain_text(markdown_text: str, limit: int = DESCRIPTION_CHARS) -> str:
    """The sanitized Markdown as text: one line per paragraph or list item, every tag
    removed, cut at a word near ``limit``. Only the start of the markup is read, up to a
    tag past four times ``limit`` (more when that holds too little text), so that long
    descriptions cost no more than short ones."""
    markup = str(render.markdown(markdown_text))
    size = 4 * limit
    while True:
        cut = markup.find(">", size)
        text = _text_of(markup if cut == -1 else markup[:cut + 1])
        if cut == -1 or len(text) > limit:
            break
        size *= 4
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "\u2026"


# A tag of the sanitized markup, as nh3 writes it: attribute values in double quotes (where
# a ">" may be), and no comment.
TAG = re.compile(r'<(?:[^>"]|"[^"]*")*>')
BLOCK_END = re.compile(r"</(?:p|li|h[2-4]|pre|blockquote)>")


def _text_of(markup: str) -> str:
    """The text of sanitized markup: a line per block, whitespace collapsed, no tag."""
    markup = BLOCK_END.sub("\n", " ".join(markup.split()))
    text = html.unescape(TAG.sub("", markup)).strip()
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


class _Site:
    """What every file shares: names, host, build stamp, and each event's text."""

    def __init__(self, site: Site, catalog: Catalog, memo: MutableMapping | None = None):
        self.catalog = catalog
        self.memo = memo if memo is not None else {}
        self.name = site.name
        self.url = site.url
        self.host = urls.host(self.url)
        self.stamp = datetime.combine(catalog.today, time(), tzinfo=timezone.utc)
        # The brief events of the circle asked for last: a calendar asks for each meeting
        # of a circle in turn, and the memo gives a new copy each time it is asked.
        self.events: tuple[str | None, list[bytes]] = (None, [])
        self.stamp_line = fold(f"DTSTAMP:{self.stamp:{UTC_FORM}}")
        self.uid_end = _escaped(f"@{self.host}")  # a UID is SLUG-NUMBER@HOST
        self.single_head = b"".join(fold(line) for line in calendar_head(self))
        self._shared: dict[str, _Shared] = {}

    def shared(self, circle: Circle) -> _Shared:
        found = self._shared.get(circle.slug)
        if found is None:
            found = self._shared[circle.slug] = shared_lines(self.catalog, circle, self)
        return found

    def events_key(self, circle: Circle) -> tuple:
        """What a circle's events are made from: the circle, its course, the site."""
        course = self.catalog.courses.get(circle.course) if circle.course else None
        return ("events", self.name, self.url, self.stamp, circle, course)

    def event_text(self, circle: Circle, number: int) -> bytes:
        """A meeting's brief event: from the memo, where the circle's own calendar left
        it (this build's or, for a circle kept as it was, the previous one's), else made."""
        slug, found = self.events
        if slug != circle.slug:
            found = remembered(self.memo, self.events_key(circle),
                               lambda: self.circle_events(circle)[1])
            self.events = (circle.slug, found)
        return found[number - 1]

    def circle_events(self, circle: Circle) -> tuple[list[bytes], list[bytes]]:
        """Each of ``circle``'s events as its own calendar has it, and brief (made together:
        they differ in their DESCRIPTION only). Neither is kept here."""
        shared = self.shared(circle)
        own, brief = [], []
        for number, meeting in enumerate(circle.meetings, 1):
            head = event_head(circle, number, meeting, self)
            own.append(event_from(head, circle, number, shared.details, self))
            brief.append(event_from(head, circle, number, shared.brief, self))
        return own, brief

    def link(self, path: str) -> str:
        return urls.absolute(self.url, path)
