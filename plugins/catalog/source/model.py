"""The typed model: frozen dataclasses built from validated documents, and the derived
facts of the contract (content-format.md, "Derived facts").

Meetings, status and signup state are computed here, once, for the build date. Pages,
feeds, the API, search and the widget read them and compute nothing of their own.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cached_property

from . import schedule, schemas
from .slugs import term_slug
from .load import Document
from .topics import Topic, Vocabulary

UPCOMING, IN_PROGRESS, COMPLETED = "upcoming", "in-progress", "completed"
# What a contributor writes when plans change for a whole circle (``status``).
POSTPONED, CANCELLED = "postponed", "cancelled"
CALLED_OFF = (POSTPONED, CANCELLED)
STATUSES = (UPCOMING, IN_PROGRESS, COMPLETED, POSTPONED, CANCELLED)
IN_PERSON, ONLINE, BOTH = "in-person", "online", "both"
# What became of one meeting: as announced, cancelled, or moved to another time.
SCHEDULED, MOVED = "scheduled", "moved"
MEETING_STATUSES = (SCHEDULED, CANCELLED, MOVED)


@dataclass(frozen=True)
class Meeting:
    start: datetime  # aware, in the circle's time zone; a moved meeting's new start
    end: datetime
    status: str = SCHEDULED
    original_start: datetime | None = None  # a moved meeting's start as announced
    note: str | None = None  # why it was cancelled or moved
    called_off: bool = False  # cancelled by the circle's own status, not by a change

    @property
    def date(self) -> date:
        return self.start.date()

    @property
    def held(self) -> bool:
        """Takes (or took) place: not cancelled."""
        return self.status != CANCELLED

    @property
    def sequence(self) -> int:
        """How many times the meeting changed, as far as its content tells, for the
        SEQUENCE of its calendar event (RFC 5545 section 3.8.7.4): 0 as announced, 1 moved,
        2 cancelled (a meeting moved and later cancelled still goes up)."""
        return {SCHEDULED: 0, MOVED: 1, CANCELLED: 2}[self.status]

    def to_come(self, today: date) -> bool:
        """Still ahead on the build date (a meeting today counts as to come)."""
        return self.date >= today


@dataclass(frozen=True)
class Venue:
    name: str
    address: str
    city: str
    country: str
    region: str | None = None
    details: str | None = None
    website: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    access: tuple[str, ...] = ()  # terms of the access vocabulary (schemas/circle.schema.json)
    access_note: str | None = None


@dataclass(frozen=True)
class Schedule:
    timezone: str
    start_time: time
    duration_minutes: int
    start_date: date | None = None
    meetings: int | None = None
    frequency: str | None = None
    skip_dates: tuple[date, ...] = ()
    dates: tuple[date, ...] | None = None
    changes: tuple[Change, ...] = ()

    def meeting_dates(self) -> list[date]:
        if self.dates is not None:
            return list(self.dates)
        return schedule.series_dates(self.start_date, self.meetings, self.frequency,
                                     self.skip_dates)[0]


@dataclass(frozen=True)
class Change:
    """What happened to one announced meeting, named by its original date: cancelled, or
    moved to ``moved_date`` and/or ``moved_time``."""

    date: date
    cancelled: bool = False
    moved_date: date | None = None
    moved_time: time | None = None
    note: str | None = None


@dataclass(frozen=True)
class Signup:
    url: str
    status: str
    deadline: date | None = None
    waitlist_url: str | None = None


@dataclass(frozen=True)
class Course:
    slug: str
    source_path: str
    title: str
    url: str
    provider: str
    language: str
    topics: tuple[str, ...]
    summary: str
    description: str
    format: str
    on_demand: bool
    cost: str
    platform: str | None = None
    license: str | None = None
    level: str | None = None
    facilitator_guide: str | None = None
    accessibility: tuple[str, ...] = ()
    added_by: str | None = None


@dataclass(frozen=True)
class Organization:
    slug: str
    source_path: str
    name: str
    url: str | None = None
    city: str | None = None
    country: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class Circle:
    slug: str
    source_path: str
    title: str
    language: str
    facilitators: tuple[str, ...]
    online: bool
    venue: Venue | None
    schedule: Schedule
    signup: Signup
    description: str
    course: str | None = None
    organization: str | None = None
    capacity: int | None = None
    online_access: tuple[str, ...] = ()  # terms of the online access vocabulary
    status_note: str | None = None  # why it is cancelled or postponed
    status_from: date | None = None  # the first meeting date the status applies to
    # Derived, for the catalog's build date:
    meetings: tuple[Meeting, ...] = ()  # every announced meeting, in the schedule's order
    status: str = UPCOMING
    signup_state: str = "open"
    next_meeting: Meeting | None = None

    @property
    def meets(self) -> str:
        """How it meets: "in-person"; "online"; or "both", online with a venue to join at
        too (``online: true`` with a ``venue``)."""
        if not self.online:
            return IN_PERSON
        return BOTH if self.venue is not None else ONLINE

    @property
    def current(self) -> bool:
        """Whether people can still join it: it is upcoming or in progress."""
        return self.status in (UPCOMING, IN_PROGRESS)

    @property
    def city_venue(self) -> Venue | None:
        """The venue that places the circle in a city, for browsing and search by place:
        none for a circle that meets online, even with a venue."""
        return self.venue if not self.online else None

    @property
    def weekdays(self) -> tuple[int, ...]:
        """The days of the week it meets on, Monday 0 to Sunday 6, in that order."""
        return tuple(sorted({m.start.weekday() for m in self.meetings}))

    @property
    def signup_open(self) -> bool:
        return self.signup_state == "open"

    @property
    def called_off(self) -> bool:
        """Cancelled or postponed as a whole."""
        return self.status in CALLED_OFF

    @cached_property
    def held_meetings(self) -> tuple[Meeting, ...]:
        """The meetings that take place, by their (new) start; for a circle called off
        before it started, the meetings as announced. Sorted once, on first use: every
        page, card and feed asks for the first or last meeting."""
        return held_meetings(self.meetings)

    @property
    def first_meeting(self) -> Meeting:
        return self.held_meetings[0]

    @property
    def last_meeting(self) -> Meeting:
        return self.held_meetings[-1]

    def planned_until(self, today: date) -> bool:
        """Whether any meeting was announced for ``today`` or later, whatever became of it."""
        return any(m.to_come(today) for m in self.meetings)

    def dated(self, today: date) -> tuple:
        """What the build date ``today`` decides of this circle: its status, its signup's
        state and which of its meetings are still to come (its next meeting follows from
        those). Whatever shows the circle shows it alike on two days where these are alike,
        so a rebuild on another day makes again only what the day changed."""
        return (self.status, self.signup_state, tuple(m.to_come(today) for m in self.meetings))

    @property
    def changed_meetings(self) -> tuple[Meeting, ...]:
        return tuple(m for m in self.meetings if m.status != SCHEDULED)


@dataclass(frozen=True)
class Catalog:
    today: date
    courses: dict[str, Course] = field(default_factory=dict)
    circles: dict[str, Circle] = field(default_factory=dict)
    organizations: dict[str, Organization] = field(default_factory=dict)
    vocabulary: Vocabulary = field(default_factory=Vocabulary)

    @cached_property
    def circle_counts(self) -> dict[str, tuple[int, int, int]]:
        """Each organization's number of current, of called off (still planned) and of past
        circles, by its slug."""
        return {slug: (len(self.current_by_organization.get(slug, ())),
                       len(self.called_off_by_organization.get(slug, ())),
                       len(self.past_by_organization.get(slug, ())))
                for slug in self.organizations}

    @cached_property
    def current_circles(self) -> tuple[Circle, ...]:
        """Circles in progress, then upcoming ones, each by their next meeting."""
        return tuple(sorted((c for c in self.circles.values() if c.current),
                            key=lambda c: (c.status != IN_PROGRESS, c.next_meeting.start, c.slug)))

    @cached_property
    def called_off_circles(self) -> tuple[Circle, ...]:
        """Circles cancelled or postponed while meetings of them were still to come on the
        build date, by their first meeting as announced: listed under their own status, so
        that nobody looks for them in vain. Once their last announced meeting has passed
        they are past circles."""
        return tuple(sorted((c for c in self.circles.values()
                             if c.called_off and c.planned_until(self.today)),
                            key=lambda c: (c.first_meeting.start, c.slug)))

    @cached_property
    def past_circles(self) -> tuple[Circle, ...]:
        """Completed circles, and called off ones whose meetings would all have passed, the
        most recently finished first."""
        return tuple(sorted((c for c in self.circles.values() if c.status == COMPLETED
                             or c.called_off and not c.planned_until(self.today)),
                            key=lambda c: (-c.last_meeting.start.timestamp(), c.slug)))

    @cached_property
    def announced_circles(self) -> tuple[Circle, ...]:
        """The circles people can still join, then those called off while meetings of them
        were still to come, which they must hear of: what feeds and calendars of current
        circles follow."""
        return self.current_circles + self.called_off_circles

    @cached_property
    def listed_circles(self) -> tuple[Circle, ...]:
        """Every circle: current, called off, then past ones (the API's order)."""
        return self.announced_circles + self.past_circles

    @cached_property
    def places(self) -> tuple[Place, ...]:
        """Where the current circles meet, a place per city: what the maps show."""
        return self.places_of(self.current_circles)

    def places_of(self, circles) -> tuple[Place, ...]:
        """The cities that ``circles`` meet in, each with its circles (online ones are in
        none), in the order of the cities' names."""
        by_city: dict[str, list[Circle]] = {}
        for circle in circles:
            if circle.city_venue is not None:
                by_city.setdefault(circle.venue.city.casefold(), []).append(circle)
        return tuple(Place.of(self.cities[key], tuple(by_city[key])) for key in sorted(by_city))

    @cached_property
    def announced_by_course(self) -> dict[str, tuple[Circle, ...]]:
        """Each course's :attr:`announced_circles`, in that order."""
        return _group(self.announced_circles, "course")

    @cached_property
    def announced_by_organization(self) -> dict[str, tuple[Circle, ...]]:
        return _group(self.announced_circles, "organization")

    def announced_of(self, kind: str, term: Term) -> tuple[Circle, ...]:
        """The announced circles (:attr:`announced_circles`, in that order) of a topic or
        a city: a topic's are those on its courses."""
        return self._announced_by_term.get((kind, term.slug), ())

    @cached_property
    def _announced_by_term(self) -> dict[tuple[str, str], tuple[Circle, ...]]:
        """Announced circles by ``(kind, term slug)``, gathered in one pass over them."""
        topics_of: dict[str, list[str]] = {}
        for term in self.topics.values():
            for course in term.items:
                topics_of.setdefault(course.slug, []).append(term.slug)
        groups: dict[tuple[str, str], list[Circle]] = {}
        for circle in self.announced_circles:
            keys = [("topics", slug) for slug in topics_of.get(circle.course, ())]
            if circle.city_venue is not None:
                keys.append(("cities", self.cities[circle.venue.city.casefold()].slug))
            for key in keys:
                groups.setdefault(key, []).append(circle)
        return {key: tuple(circles) for key, circles in groups.items()}

    @cached_property
    def called_off_by_course(self) -> dict[str, tuple[Circle, ...]]:
        return _group(self.called_off_circles, "course")

    @cached_property
    def called_off_by_organization(self) -> dict[str, tuple[Circle, ...]]:
        return _group(self.called_off_circles, "organization")

    @cached_property
    def current_by_course(self) -> dict[str, tuple[Circle, ...]]:
        """Each course's current circles, in the order of ``current_circles``."""
        return _group(self.current_circles, "course")

    @cached_property
    def past_by_course(self) -> dict[str, tuple[Circle, ...]]:
        return _group(self.past_circles, "course")

    @cached_property
    def current_by_organization(self) -> dict[str, tuple[Circle, ...]]:
        return _group(self.current_circles, "organization")

    @cached_property
    def past_by_organization(self) -> dict[str, tuple[Circle, ...]]:
        return _group(self.past_circles, "organization")

    def circles_of(self, organization: str) -> tuple[Circle, ...]:
        """Every circle of an organization: its current ones, its called off ones, then its
        past ones."""
        return (self.announced_by_organization.get(organization, ())
                + self.past_by_organization.get(organization, ()))

    @cached_property
    def organizations_by_name(self) -> tuple[Organization, ...]:
        """Organizations by name, case aside (then by slug): every list of them."""
        return tuple(sorted(self.organizations.values(), key=lambda o: (o.name.casefold(), o.slug)))

    @cached_property
    def courses_by_title(self) -> tuple[Course, ...]:
        return tuple(sorted(self.courses.values(), key=lambda c: (c.title.casefold(), c.slug)))

    @cached_property
    def topics(self) -> dict[str, Term]:
        """Courses by topic. A topic of the vocabulary gathers every course that names it
        in any of its ways, under its slug, with its English name; any other topic is
        matched without regard to case (content-format.md)."""
        vocabulary = self.vocabulary
        listed = {}
        pairs = []
        for course in self.courses_by_title:
            for written in course.topics:
                topic = vocabulary.find(written)
                if topic is not None:
                    listed[topic.slug] = topic
                pairs.append((topic.name() if topic else written, course))
        return _terms(pairs, vocabulary.key, listed)

    @cached_property
    def topics_by_slug(self) -> dict[str, Term]:
        return {term.slug: term for term in self.topics.values()}

    def topic_terms(self, course: Course) -> tuple[Term, ...]:
        """The topics of ``course`` as terms, in its order, each once ('Python' and
        'python' are one)."""
        keys = dict.fromkeys(self.vocabulary.key(t) for t in course.topics)
        return tuple(self.topics[key] for key in keys)

    @cached_property
    def languages(self) -> dict[str, Term]:
        """Courses and circles by language tag."""
        return _terms([(c.language, c) for c in self.courses_by_title]
                      + [(c.language, c) for c in self.listed_circles])

    @cached_property
    def cities(self) -> dict[str, Term]:
        """Circles that meet at a venue, by city."""
        return _terms((c.venue.city, c) for c in self.listed_circles
                      if c.city_venue is not None)

    def term(self, kind: str, name: str) -> Term:
        """The topic, language or city (``kind`` is one of TERM_KINDS) called ``name``, in
        any case: the one whose browse page lists the entries having ``name``."""
        if kind not in TERM_KINDS:
            raise ValueError(f"no terms of kind {kind!r}")
        key = self.vocabulary.key(name) if kind == "topics" else name.casefold()
        return getattr(self, kind)[key]

    def similar_courses(self, course: Course, limit: int = 4) -> tuple[Course, ...]:
        """Courses sharing the most topics with ``course``, then by title."""
        shared: Counter[int] = Counter()
        for key in dict.fromkeys(self.vocabulary.key(t) for t in course.topics):
            shared.update(self._topic_ranks[key])
        shared.pop(self._title_rank[course.slug], None)
        # One number per course, the smallest first: the most topics, then the title.
        size = len(self.courses_by_title)
        best = heapq.nsmallest(limit, [rank - count * size for rank, count in shared.items()])
        return tuple(self.courses_by_title[key % size] for key in best)

    @cached_property
    def _title_rank(self) -> dict[str, int]:
        """Each course's place in ``courses_by_title``."""
        return {c.slug: rank for rank, c in enumerate(self.courses_by_title)}

    @cached_property
    def _topic_ranks(self) -> dict[str, tuple[int, ...]]:
        return {key: tuple(self._title_rank[c.slug] for c in term.items)
                for key, term in self.topics.items()}


TERM_KINDS = ("topics", "languages", "cities")


@dataclass(frozen=True)
class Term:
    """A topic, language or city as first written, with the entries that have it, and the
    slug of its browse page: made once, here, from every name of its kind (see
    :func:`_slugs`), and read by everything that links to that page. A topic of the
    vocabulary has its ``topic``: its name in English and its slug are the list's."""

    name: str
    items: tuple
    slug: str
    topic: Topic | None = None

    def label(self, lang: str = "en") -> str:
        """What the term is called in ``lang``: a listed topic's name in that language,
        else the name as written."""
        return self.topic.name(lang) if self.topic is not None else self.name

    @cached_property
    def named(self) -> Term:
        """The term as a page names and links it, without its entries: what a page holds
        of a term whose entries it does not list all of (each page of its listing, a map,
        each search record of a circle on a course of the topic), so that the page is made
        again only when what it shows changes. One object per term: the build's keys
        fingerprint it once, not once per page or record that holds it."""
        return Term(self.name, (), self.slug, self.topic)

    @classmethod
    def alone(cls, name: str) -> Term:
        """``name`` as the only term of its kind, with no entries: what a link made without
        a catalog (a template rendered outside a build) points to."""
        return cls(name, (), _slugs([name.casefold()])[name.casefold()])


@dataclass(frozen=True)
class Place:
    """A city on a map: its term, the circles that meet there, and the point they meet
    at, the mean of their venues' coordinates (on the sphere, so that venues on both sides
    of the antimeridian average near it); None when no venue there gives coordinates."""

    city: Term
    circles: tuple[Circle, ...]
    latitude: float | None
    longitude: float | None

    @classmethod
    def of(cls, city: Term, circles: tuple[Circle, ...]) -> Place:
        points = [(c.venue.latitude, c.venue.longitude) for c in circles
                  if c.venue.latitude is not None and c.venue.longitude is not None]
        if not points:
            return cls(city, circles, None, None)
        x = sum(math.cos(math.radians(lat)) * math.cos(math.radians(lon)) for lat, lon in points)
        y = sum(math.cos(math.radians(lat)) * math.sin(math.radians(lon)) for lat, lon in points)
        z = sum(math.sin(math.radians(lat)) for lat, _ in points)
        latitude = math.degrees(math.atan2(z, math.hypot(x, y)))
        return cls(city, circles, round(latitude, 6), round(math.degrees(math.atan2(y, x)), 6))


# -- derived facts ------------------------------------------------------------------------

def meetings_of(sched: Schedule, called_off: bool = False,
                status_from: date | None = None) -> tuple[Meeting, ...]:
    """The meetings of a validated schedule, each changed as ``sched.changes`` say: every
    start exists on its day (validation reported any that a daylight saving change skips,
    see schedule.local_start). When the circle is ``called_off``, every meeting from
    ``status_from`` on (all when None) is cancelled."""
    tz = schedule.zone(sched.timezone)
    at, minutes = sched.start_time, sched.duration_minutes
    changes = {change.date: change for change in sched.changes}
    out = []
    for day in sched.meeting_dates():
        start, end = schedule.meeting_times(datetime.combine(day, at, tzinfo=tz), minutes)
        change = changes.get(day)
        if change is None:
            meeting = Meeting(start, end)
        elif change.cancelled:
            meeting = Meeting(start, end, CANCELLED, note=change.note)
        else:
            moved = datetime.combine(change.moved_date or day, change.moved_time or at, tzinfo=tz)
            meeting = Meeting(*schedule.meeting_times(moved, minutes), MOVED, start, change.note)
        if called_off and (status_from is None or day >= status_from):
            meeting = Meeting(meeting.start, meeting.end, CANCELLED, note=meeting.note,
                              called_off=True)
        out.append(meeting)
    return tuple(out)


def held_meetings(meetings: tuple[Meeting, ...]) -> tuple[Meeting, ...]:
    """The meetings that take place, by their start; all of them when none does (a circle
    called off before it started is known by the dates it announced)."""
    held = tuple(sorted((m for m in meetings if m.held), key=lambda m: m.start))
    return held or meetings


def status_on(meetings: tuple[Meeting, ...], today: date, written: str | None = None) -> str:
    """The status a contributor wrote (cancelled or postponed); else upcoming before the
    first meeting that takes place, in progress through the last, then completed."""
    if written is not None:
        return written
    held = held_meetings(meetings)
    if today < held[0].date:
        return UPCOMING
    if today <= held[-1].date:
        return IN_PROGRESS
    return COMPLETED


def signup_state_on(signup: Signup, status: str, today: date) -> str:
    if status == COMPLETED:
        return "completed"
    if status in CALLED_OFF:
        return "closed"
    if signup.status != "open":
        return signup.status
    if signup.deadline is not None and signup.deadline < today:
        return "deadline-passed"
    return "open"


def next_meeting_on(meetings: tuple[Meeting, ...], today: date) -> Meeting | None:
    """The first meeting still to come that takes place (a moved one at its new time)."""
    return next((m for m in held_meetings(meetings) if m.held and m.to_come(today)), None)


# -- documents -> dataclasses -------------------------------------------------------------

def course_from(doc: Document) -> Course:
    values = _with_defaults(doc)
    values["topics"] = tuple(values["topics"])
    values["accessibility"] = tuple(values.get("accessibility") or ())
    return Course(slug=doc.slug, source_path=doc.path, **values)


def organization_from(doc: Document) -> Organization:
    return Organization(slug=doc.slug, source_path=doc.path, **_with_defaults(doc))


def circle_from(doc: Document, today: date) -> Circle:
    values = _with_defaults(doc)
    values["facilitators"] = tuple(values["facilitators"])
    values["venue"] = venue_from(values["venue"]) if values.get("venue") else None
    values["online_access"] = tuple(values.get("online_access") or ())
    values["schedule"] = schedule_from(values["schedule"])
    values["signup"] = signup_from(values["signup"])
    written = values.pop("status", None)
    if values.get("status_from"):
        values["status_from"] = date.fromisoformat(values["status_from"])
    meetings = meetings_of(values["schedule"], written is not None, values.get("status_from"))
    status = status_on(meetings, today, written)
    return Circle(slug=doc.slug, source_path=doc.path, meetings=meetings, status=status,
                  signup_state=signup_state_on(values["signup"], status, today),
                  next_meeting=None if written else next_meeting_on(meetings, today), **values)


def venue_from(data: dict) -> Venue:
    return Venue(**{**data, "access": tuple(data.get("access") or ())})


def schedule_from(data: dict) -> Schedule:
    defaults = schemas.defaults("circle")
    values = dict(data)
    values["start_time"] = schedule.parse_time(data["start_time"])
    values.setdefault("duration_minutes", defaults["schedule.duration_minutes"])
    if "dates" in data:
        values["dates"] = tuple(date.fromisoformat(d) for d in data["dates"])
    else:
        values["start_date"] = date.fromisoformat(data["start_date"])
        values.setdefault("meetings", defaults["schedule.meetings"])
        values.setdefault("frequency", defaults["schedule.frequency"])
        values["skip_dates"] = tuple(date.fromisoformat(d) for d in data.get("skip_dates", ()))
    values["changes"] = tuple(change_from(c) for c in data.get("changes", ()))
    return Schedule(**values)


def change_from(data: dict) -> Change:
    moved = data.get("moved_to") or {}
    return Change(date=date.fromisoformat(data["date"]), cancelled=data.get("cancelled", False),
                  moved_date=date.fromisoformat(moved["date"]) if "date" in moved else None,
                  moved_time=schedule.parse_time(moved["start_time"])
                  if "start_time" in moved else None,
                  note=data.get("note"))


def signup_from(data: dict) -> Signup:
    deadline = data.get("deadline")
    return Signup(url=data["url"], status=data.get("status", schemas.defaults("circle")["signup.status"]),
                  deadline=date.fromisoformat(deadline) if deadline else None,
                  waitlist_url=data.get("waitlist_url"))


def _with_defaults(doc: Document) -> dict:
    """The top-level fields with the schema's defaults filled in."""
    defaults = {k: v for k, v in schemas.defaults(doc.kind).items() if "." not in k}
    return {**defaults, **doc.data}


def _terms(pairs, key_of=str.casefold, listed: dict[str, Topic] | None = None
           ) -> dict[str, Term]:
    """The terms of one kind from ``(name, entry)`` pairs, by the key of their name (folded
    to lower case by default), in the order of those keys; each entry once per term, in
    the order of ``pairs``. ``listed`` are the vocabulary's topics by their slug, which is
    their key and the slug of their page."""
    listed = listed or {}
    names: dict[str, str] = {}
    items: dict[str, list] = {}
    seen: set[tuple[str, int]] = set()
    for name, item in pairs:
        key = key_of(name)
        names.setdefault(key, name)
        if (key, id(item)) not in seen:
            seen.add((key, id(item)))
            items.setdefault(key, []).append(item)
    slugs = _slugs([key for key in items if key not in listed], reserved=set(listed))
    slugs.update((key, key) for key in items if key in listed)
    return {key: Term(names[key], tuple(items[key]), slugs[key], listed.get(key))
            for key in sorted(items)}


def _slugs(keys, reserved: set[str] = frozenset()) -> dict[str, str]:
    """A slug for each term key of one kind, no two alike, from the keys alone (neither
    the order they come in nor which spelling of a key was written first changes them).

    Each key gets the slug that spells it (slugs.term_slug: 'C++' -> 'c-plus-plus'). Keys
    sharing one ('Montreal', 'Montréal') are ordered by their transliteration, then by the
    keys themselves: the first keeps the slug, the next ones get '-2', '-3'..., skipping
    any that another key spells ('montreal-2' stays the page of a term 'Montreal 2').
    A slug in ``reserved`` (a listed topic's) is never given: its keys all get numbers."""
    from unidecode import unidecode

    spelled = {key: term_slug(key) for key in keys}
    taken = set(spelled.values()) | set(reserved)
    shared: dict[str, list[str]] = {}
    for key in sorted(spelled, key=lambda k: (unidecode(k).casefold(), k)):
        shared.setdefault(spelled[key], []).append(key)
    out = {}
    for slug in sorted(shared):
        others = shared[slug]
        if slug not in reserved:
            out[others[0]] = slug
            others = others[1:]
        number = 1
        for key in others:
            number += 1
            while f"{slug}-{number}" in taken:
                number += 1
            out[key] = f"{slug}-{number}"
            taken.add(out[key])
    return out


def _group(circles, attribute: str) -> dict[str, tuple[Circle, ...]]:
    out: dict[str, list[Circle]] = {}
    for circle in circles:
        slug = getattr(circle, attribute)
        if slug:
            out.setdefault(slug, []).append(circle)
    return {slug: tuple(items) for slug, items in out.items()}
