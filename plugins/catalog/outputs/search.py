"""The search index (Pagefind) and the filter groups of the search interface.

Every course, circle and organization becomes one Pagefind record built from the model, not
from its HTML page: its text, the filters of site-contract.md and issue "Search and filters"
(``type``, ``topic``, ``language``, ``provider``, ``format``, ``city``, ``country``,
``organization``, ``weekday``, ``status``; and a circle's ``access`` and ``online_access``
terms, issue "Venue access"), the sorts ``next_meeting`` and ``title``, and the
few facts a result card shows. The same :func:`filters_of` feeds the facet groups rendered
on the listing pages, so the counts a visitor sees without a query are the index's own.

Each search has its own bundles (see :data:`BUNDLES`), and each bundle is one index
(language ``en``): a search from a page in any language finds entries in every
language. Pagefind folds diacritics itself (``krakow`` finds ``Kraków``).
"""

from __future__ import annotations

import functools
import logging
import re
from collections import Counter
from collections.abc import MutableMapping
from dataclasses import dataclass
from datetime import timezone
from typing import Callable, Iterator, NamedTuple

from unidecode import unidecode

from . import render, urls
from .i18n import N_
from .output import remembered
from ..source.model import (CALLED_OFF, COMPLETED, IN_PROGRESS, STATUSES, UPCOMING, Catalog,
                            Circle, Course, Organization)

log = logging.getLogger(__name__)

INDEX_LANGUAGE = "en"
FOLDER = "pagefind"
# Pagefind also writes its ready-made interfaces; the site uses its own, so they go.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js",
          "pagefind-modular-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
          "pagefind-highlight.js")
WEEKDAYS = render.WEEKDAYS


@dataclass(frozen=True)
class Record:
    url: str
    content: str
    meta: dict[str, str]
    filters: dict[str, list[str]]
    sort: dict[str, str]


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    count: int
    checked: bool = False
    names: tuple[tuple[str, str], ...] = ()  # a listed topic's (language, name)


@dataclass(frozen=True)
class Facet:
    """A filter group of the interface: ``name`` is the Pagefind filter."""

    name: str
    label: str
    options: tuple[Option, ...]


# -- what is indexed ----------------------------------------------------------------------

def filters_of(catalog: Catalog, entry) -> dict[str, list[str]]:
    """The Pagefind filters of one entry. Values are the content's own (a language tag, a
    country code, an organization slug, a city as written), a topic's slug (the same in
    every language), lower-case words otherwise."""
    if isinstance(entry, Course):
        return _clean({"type": [type_of(entry)], "topic": _topic_slugs(catalog, entry),
                       "language": [entry.language], "provider": [entry.provider],
                       "format": [entry.format]})
    if isinstance(entry, Organization):
        return _clean({"type": [type_of(entry)], "city": [entry.city],
                       "country": [entry.country]})
    return _clean({**_circle_filters(catalog, entry), **_access_filters(entry)})


def _circle_filters(catalog: Catalog, circle: Circle) -> dict[str, list]:
    course = catalog.courses.get(circle.course) if circle.course else None
    venue = circle.city_venue
    return {
        "type": [type_of(circle)],
        "topic": _topic_slugs(catalog, course) if course else [],
        "language": [circle.language],
        "provider": [course.provider] if course else [],
        "format": ["online" if circle.online else "in-person"],
        "city": [venue.city] if venue else [],
        "country": [venue.country] if venue else [],
        "organization": [circle.organization],
        "weekday": [WEEKDAYS[day] for day in circle.weekdays],
        "status": [circle.status],
    }


def _access_filters(circle: Circle) -> dict[str, list]:
    """A circle's access terms: its venue's (also a venue to join at of a circle that meets
    online: people come there in person), and its online ones."""
    return {"access": list(circle.venue.access) if circle.venue else [],
            "online_access": list(circle.online_access)}


def _topic_slugs(catalog: Catalog, course: Course) -> list[str]:
    return [term.slug for term in catalog.topic_terms(course)]


def _topic_words(catalog: Catalog, course: Course) -> str:
    """A course's topics as written and, for a listed topic, its name in every language:
    a search in any of them finds the course."""
    words = dict.fromkeys(course.topics)
    for term in catalog.topic_terms(course):
        if term.topic is not None:
            words.update(dict.fromkeys(name for _, name in term.topic.names))
    return " ".join(words)


def record_of(catalog: Catalog, entry) -> Record:
    """Result URLs are root-relative: Pagefind puts them under the folder the site is
    served from (its ``baseUrl``), so the index works at any SITEURL."""
    url = urls.page_path(entry)
    filters = filters_of(catalog, entry)
    if isinstance(entry, Course):
        return Record(url, _text(entry.title, entry.provider, entry.summary,
                                 _topic_words(catalog, entry), entry.platform, entry.level,
                                 words_of(entry.description)),
                      _meta(title=entry.title, kind="course", lang=entry.language,
                            provider=entry.provider, summary=entry.summary,
                            format=entry.format, cost=entry.cost),
                      filters, _sort(entry.title, _next_circle_start(catalog, entry)))
    if isinstance(entry, Organization):
        return Record(url, _text(entry.name, entry.city, _country(entry.country),
                                 words_of(entry.description)),
                      _meta(title=entry.name, kind="organization", city=entry.city,
                            country=entry.country),
                      filters, _sort(entry.name, None))
    return _circle_record(catalog, entry, url, filters)


def _circle_record(catalog: Catalog, circle: Circle, url: str, filters) -> Record:
    course = catalog.courses.get(circle.course) if circle.course else None
    organization = (catalog.organizations.get(circle.organization)
                    if circle.organization else None)
    meeting = circle.next_meeting or circle.last_meeting
    meta = _circle_meta(circle, course, meeting)
    sort = _sort(circle.title, meeting.start)
    # The title's sort key, by which the interface merges the title orders of the current
    # and the completed circles' bundles.
    meta["order"] = sort["title"]
    return Record(url, _circle_content(circle, course, organization), meta, filters, sort)


def _circle_content(circle: Circle, course: Course | None,
                    organization: Organization | None) -> str:
    """The text a circle is found by."""
    venue = circle.venue
    return _text(circle.title, course.title if course else None,
                 organization.name if organization else None, " ".join(circle.facilitators),
                 venue.name if venue else None, venue.city if venue else None,
                 venue.region if venue else None,
                 _country(venue.country) if venue else None,
                 "online" if circle.online else None, circle.status_note,
                 words_of(circle.description, CIRCLE_WORDS))


def _circle_meta(circle: Circle, course: Course | None, meeting) -> dict[str, str]:
    """What a circle's result card shows, of its ``meeting`` (the next one, or the last),
    in no language: search.js writes the lines of when and how often it meets in the
    page's (see :func:`card_when`)."""
    venue = circle.venue
    return _meta(title=circle.title, kind="circle", lang=circle.language,
                 start=meeting.start.isoformat(), **card_when(circle),
                 meetings=str(len(circle.meetings)), status=circle.status,
                 signup=render.signup_badge(circle),
                 note=circle.status_note if circle.called_off else None,
                 online="true" if circle.online else None,
                 venue=venue.name if venue else None, city=venue.city if venue else None,
                 country=venue.country if venue else None,
                 lat=_coordinate(venue.latitude) if venue else None,
                 lon=_coordinate(venue.longitude) if venue else None,
                 course=course.title if course else None)


def card_when(circle: Circle) -> dict[str, str]:
    """The facts of a circle's card lines on when and how often it meets, the same for
    every language: ``when``, the sentence (render.when_of) and the wall-clock start it
    names where the circle meets ('starts 2027-03-16T18:00'; a date alone when the
    sentence says no time), ``zone`` when it does, and ``rhythm`` (render.rhythm_key).
    The page of the search holds each sentence in its language; the index holds no words
    of any, so it stays as large as one language's (Pagefind keeps every metadata byte
    in memory several times over while it writes a bundle)."""
    form, start = render.when_of(circle)
    timed = form in render.TIMED_FORMS
    at = start.isoformat(timespec="minutes")[:16] if timed else start.date().isoformat()
    return {"when": f"{form} {at}", **({"zone": circle.schedule.timezone} if timed else {}),
            "rhythm": render.rhythm_key(render.rhythm_of(circle))}


# A circle is found by its title, course, place, organization and facilitators; of its
# description, the first words are indexed (they say what it is about) and the rest, which
# on a large catalog would make the index several times larger (and Pagefind's memory
# with it), is not. The course's own description is indexed whole, on the course.
CIRCLE_WORDS = 16
MARKUP = re.compile(r"\]\([^)]*\)|<[^>]*>|https?://\S+|[*_#>`|~\[\]]+")


def words_of(markdown_text: str | None, limit: int | None = None) -> str:
    """The words of contributor Markdown for the index: link targets, tags and markup
    characters removed (the text is only searched, never shown as HTML)."""
    words = MARKUP.sub(" ", markdown_text or "").split()
    return " ".join(words[:limit] if limit else words)


class Source(NamedTuple):
    """What one entry's record is, without making it: its type and (a circle's) status,
    which decide the bundle that holds it (Bundle.takes); the memo's key of the record,
    which holds all it is made from; and how to make it."""

    type: str
    status: str | None
    key: tuple
    make: Callable[[], Record]


def sources(catalog: Catalog) -> Iterator[Source]:
    """Every entry's :class:`Source`, in the order of the index."""
    for entry in (*catalog.listed_circles, *catalog.courses_by_title,
                  *catalog.organizations.values()):
        yield Source(type_of(entry), entry.status if isinstance(entry, Circle) else None,
                     ("record", *record_inputs(catalog, entry)),
                     functools.partial(record_of, catalog, entry))


def type_of(entry) -> str:
    """The ``type`` filter of an entry."""
    if isinstance(entry, Course):
        return "course"
    return "organization" if isinstance(entry, Organization) else "circle"


def record_inputs(catalog: Catalog, entry) -> tuple:
    """What the record of ``entry`` is made from besides the entry itself (and the code
    and the site, which every key holds; what the date decides of a circle is part of
    the circle's own key): a course's topics and when its next circle meets; a circle's
    course, the course's topics and its organization."""
    if isinstance(entry, Course):
        return (entry, _named_topics(catalog, entry), _next_circle_start(catalog, entry))
    if isinstance(entry, Organization):
        return (entry,)
    course = catalog.courses.get(entry.course) if entry.course else None
    organization = catalog.organizations.get(entry.organization) if entry.organization else None
    return (entry, course, _named_topics(catalog, course) if course else (), organization)


def _named_topics(catalog: Catalog, course: Course) -> tuple:
    return tuple(term.named for term in catalog.topic_terms(course))


def _next_circle_start(catalog: Catalog, course: Course):
    """When the soonest current circle on this course next meets (None without one)."""
    starts = [c.next_meeting.start for c in catalog.current_by_course.get(course.slug, ())
              if c.next_meeting]
    return min(starts, key=lambda s: s.timestamp()) if starts else None


def _sort(title: str, moment) -> dict[str, str]:
    """``title`` folds case and accents so that 'Élan' sorts with 'Elan'; ``next_meeting`` is
    the UTC instant, so circles in different zones sort by when they really meet. Entries
    with no meeting to come sort after those with one."""
    when = (moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%MZ") if moment
            else "9999-12-31T00:00Z")
    return {"title": unidecode(title).casefold(), "next_meeting": when}


def _meta(**values: str | None) -> dict[str, str]:
    return {k: v for k, v in values.items() if v is not None}


def _clean(filters: dict[str, list]) -> dict[str, list[str]]:
    return {k: [v for v in vs if v] for k, vs in filters.items() if any(vs)}


def _text(*parts: str | None) -> str:
    return "\n".join(p for p in parts if p)


def _country(code: str | None) -> str | None:
    return render.country_name(code) if code else None


def _coordinate(value: float | None) -> str | None:
    return None if value is None else f"{value:.5f}"


# -- the interface's filter groups --------------------------------------------------------

CIRCLE_FACETS = (("status", N_("Status")), ("weekday", N_("Day of the week")),
                 ("format", N_("Format")), ("access", N_("Access")),
                 ("online_access", N_("Online access")),
                 ("language", N_("Language")), ("city", N_("City")),
                 ("country", N_("Country")), ("organization", N_("Organization")),
                 ("topic", N_("Topic")))
COURSE_FACETS = (("topic", N_("Topic")), ("language", N_("Language")),
                 ("provider", N_("Provider")), ("format", N_("Format")))
DEFAULT_STATUSES = (IN_PROGRESS, UPCOMING)
# The sorts each search offers, the default first: (value in the URL, label).
SORTS = {"circle": (("next_meeting", N_("Next meeting")), ("title", N_("Title")),
                    ("relevance", N_("Best match"))),
         "course": (("title", N_("Title")), ("next_meeting", N_("Next circle")),
                    ("relevance", N_("Best match")))}


def facets(catalog: Catalog, kind: str) -> tuple[Facet, ...]:
    """The filter groups for the ``circle`` or ``course`` search with the counts the
    interface starts from: on circles the current statuses start checked, and each group
    counts the entries that the other groups' selections let through (OR within a group,
    AND across groups), as the interface does once it runs."""
    entries = catalog.circles.values() if kind == "circle" else catalog.courses.values()
    selected = {"status": set(DEFAULT_STATUSES)} if kind == "circle" else {}
    every = [filters_of(catalog, entry) for entry in entries]
    matched = _matched_groups(every, selected)
    out = []
    for name, label in (CIRCLE_FACETS if kind == "circle" else COURSE_FACETS):
        facet = _facet(catalog, name, label, every, matched, selected)
        if facet is not None:
            out.append(facet)
    return tuple(out)


def _matched_groups(every: list[dict[str, list[str]]],
                    selected: dict[str, set[str]]) -> list[frozenset[str]]:
    """The ``selected`` groups each entry, of filters ``every``, matches."""
    return [frozenset(g for g, values in selected.items()
                      if not values.isdisjoint(filters.get(g, ()))) for filters in every]


def _facet(catalog: Catalog, name: str, label: str, every: list[dict[str, list[str]]],
           matched: list[frozenset[str]], selected: dict[str, set[str]]) -> Facet | None:
    """The group of filter ``name``, counting the entries the other groups let through
    (None when no entry has that filter)."""
    wanted = selected.keys() - {name}
    every_value = {v for filters in every for v in filters.get(name, ())}
    if not every_value:
        return None
    group = Counter([v for filters, matches in zip(every, matched) if wanted <= matches
                     for v in filters.get(name, ())])
    labels = {v: option_label(catalog, name, v) for v in every_value}
    values = sorted(every_value, key=_option_order(name, group, labels))
    return Facet(name, label, tuple(
        Option(v, labels[v], group.get(v, 0), v in selected.get(name, ()),
               _option_names(catalog, name, v)) for v in values))


def _option_names(catalog: Catalog, name: str, value: str) -> tuple[tuple[str, str], ...]:
    """A listed topic's name in each language it has one in (none for other values)."""
    term = catalog.topics_by_slug.get(value) if name == "topic" else None
    return term.topic.names if term is not None and term.topic is not None else ()


@dataclass(frozen=True)
class Finder:
    """What the search interface of a listing needs: the ``kind`` it searches, its filter
    groups and sorts, and the words for the values it shows; of circles, also the rhythms
    (render.rhythm_of) and time zones their result cards name, which the page writes out
    in its language (pages.card_words)."""

    kind: str
    facets: tuple[Facet, ...]
    sorts: tuple[tuple[str, str], ...]
    labels: dict[str, dict[str, str]]
    rhythms: tuple[tuple[str, int | None, int], ...] = ()
    zones: tuple[str, ...] = ()


def finder(catalog: Catalog, kind: str, memo: MutableMapping | None = None) -> Finder:
    """The search interface of ``kind``. With a ``memo``, made once per build and kept
    for the next: its counts go over every entry (a second or more at 20,000 entries),
    and the listing that shows it is rendered in every language, by any worker."""
    key = ("finder", kind, tuple(catalog.circles.values()), tuple(catalog.courses.values()),
           tuple(catalog.organizations.values()), catalog.vocabulary)
    return remembered(memo, key, lambda: _finder(catalog, kind))


def _finder(catalog: Catalog, kind: str) -> Finder:
    groups = facets(catalog, kind)
    sorts = SORTS[kind]
    if kind != "circle":
        return Finder(kind, groups, sorts, labels(groups))
    circles = catalog.listed_circles
    rhythms = sorted({render.rhythm_of(c) for c in circles}, key=render.rhythm_key)
    zones = sorted({c.schedule.timezone for c in circles})
    return Finder(kind, groups, sorts, labels(groups), tuple(rhythms), tuple(zones))


def labels(facet_groups: tuple[Facet, ...]) -> dict[str, dict[str, str]]:
    """What the interface calls each value it shows on a result card."""
    out = {facet.name: {o.value: o.label for o in facet.options} for facet in facet_groups}
    for name, words in render.LABELS.items():
        out[name] = {**words, **out.get(name, {})}
    return out


def option_label(catalog: Catalog, name: str, value: str) -> str:
    if name == "language":
        return render.language_name(value)
    if name == "country":
        return render.country_name(value)
    if name == "organization":
        organization = catalog.organizations.get(value)
        return organization.name if organization else value
    if name == "weekday":
        return value.capitalize()
    if name == "topic":
        term = catalog.topics_by_slug.get(value)
        return term.label() if term else value
    if name in render.LABELS:
        return render.LABELS[name].get(value, value)
    return value


def _option_order(name: str, group: dict[str, int], labels: dict[str, str]):
    if name == "weekday":
        return WEEKDAYS.index
    if name == "status":
        return STATUSES.index
    if name == "topic":  # by name: a topic's value is its slug
        return lambda v: (-group.get(v, 0), unidecode(labels[v]).casefold(), v)
    return lambda v: (-group.get(v, 0), unidecode(v).casefold(), v)


def option_label_in(name: str, option: Option, lang: str,
                    gettext: Callable[[str], str]) -> str:
    """What a filter value is called in ``lang``: Babel's names of languages, countries and
    weekdays, the catalogs' words for fixed values, a listed topic's name in ``lang``, and
    the content's own names."""
    if option.names:
        return dict(option.names).get(lang) or option.label
    if name == "language":
        return render.language_name(option.value, lang)
    if name == "country":
        return render.country_name(option.value, lang)
    if name == "weekday":
        return render.weekday_name(option.value, lang)
    if name in render.LABELS:
        return gettext(render.LABELS[name].get(option.value, option.value))
    return option.label


def labels_in(found: Finder, lang: str, gettext: Callable[[str], str]) -> dict:
    """:attr:`Finder.labels` in ``lang``, for the result cards the interface draws."""
    out = {facet.name: {o.value: option_label_in(facet.name, o, lang, gettext)
                        for o in facet.options} for facet in found.facets}
    for name, words in render.labels(gettext).items():
        out[name] = {**words, **out.get(name, {})}
    return out


@dataclass(frozen=True)
class Bundle:
    """One Pagefind bundle, ``pagefind/<name>/``: the entries of the ``types`` it holds,
    and of circles only those of ``statuses`` (all when None)."""

    name: str
    types: tuple[str, ...]
    statuses: tuple[str, ...] | None = None

    def takes(self, type: str, status: str | None) -> bool:
        """Whether it holds the record of an entry of ``type`` (and a circle's ``status``)."""
        return type in self.types and (self.statuses is None or status in self.statuses)

    @property
    def path(self) -> str:
        return f"/{FOLDER}/{self.name}/"


# Pagefind's memory while writing grows with the words of a bundle, and a search's first
# query fetches the metadata of its whole bundle, which lists every entry in it. So each
# search has its own bundles, and circles are split by status: the current ones, which the
# circle search shows at first, and the completed, cancelled and postponed ones, which it
# searches only once the visitor asks for them (or for every status). search.js merges
# the answers of the bundles a search needs.
BUNDLES = (Bundle("circles", ("circle",), DEFAULT_STATUSES),
           Bundle("past-circles", ("circle",), (COMPLETED, *CALLED_OFF)),
           Bundle("courses", ("course", "organization")))


def bundles_of(kind: str, siteurl: str = "") -> list[dict]:
    """The bundles the search of ``kind`` uses, for the interface: each one's folder, the
    types it holds and the statuses of its circles. The interface runs the Pagefind code
    of the first for all of them."""
    return [{"path": siteurl + b.path, "types": list(b.types),
             **({"statuses": list(b.statuses)} if b.statuses else {})}
            for b in BUNDLES if kind in b.types]
