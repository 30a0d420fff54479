"""Presentation helpers for templates: sanitized Markdown and dates, times and names written
for people. They format the model's values; they never compute one."""

from __future__ import annotations

from datetime import date, datetime
import html as html_lib
from functools import cache, lru_cache

import markdown as markdown_lib
import nh3
from babel import Locale
from babel.dates import format_date, format_time
from markupsafe import Markup

# A small allowlist (content-format.md, "Markdown"): structure and links, nothing that runs.
ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "code", "pre",
                "blockquote", "h2", "h3", "h4", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}


def markdown(text: str | None) -> Markup:
    """Contributor Markdown as HTML that is safe to put in any page."""
    return Markup(_markdown(text)) if text else Markup("")


@lru_cache(maxsize=65536)
def _markdown(text: str) -> str:
    """Cached: a description is rendered for its page, the search index and the feeds, and
    a single parser is reused (building one costs more than converting a description)."""
    html = _parser().reset().convert(text)
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes=URL_SCHEMES, link_rel="nofollow ugc noopener")


@cache
def _parser() -> markdown_lib.Markdown:
    return markdown_lib.Markdown(extensions=["sane_lists"], output_format="html")


def plain_text(text: str | None) -> str:
    """The words of contributor Markdown as a reader sees them, without markup."""
    return html_lib.unescape(nh3.clean(_markdown(text), tags=set())).strip() if text else ""


def long_date(value: date, locale: str = "en") -> str:
    """'Tuesday, March 2, 2027'."""
    return format_date(value, "full", locale=locale)


def medium_date(value: date, locale: str = "en") -> str:
    """'Mar 2, 2027'."""
    return format_date(value, "medium", locale=locale)


def short_time(value: datetime, locale: str = "en") -> str:
    """'18:00': a 24-hour clock everywhere, as contributors write times."""
    return format_time(value, "HH:mm", locale=locale)


def weekday(value: date, locale: str = "en") -> str:
    return format_date(value, "EEEE", locale=locale)


def zone_label(value: datetime) -> str:
    """The zone abbreviation in force at that moment ('EST', 'EAT'), or its UTC offset where
    the zone has no abbreviation ('UTC+05:45')."""
    name = value.tzname() or ""
    if name and name[0] not in "+-":
        return name
    return utc_offset(value)


def utc_offset(value: datetime) -> str:
    minutes = int(value.utcoffset().total_seconds() // 60)
    sign = "+" if minutes >= 0 else "\u2212"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


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


# The words for the model's fixed values, wherever they are shown (pages, search, embeds).
LABELS = {
    "status": {"upcoming": "Upcoming", "in-progress": "In progress", "completed": "Completed"},
    "signup": {"open": "Signup open", "closed": "Signup closed", "full": "Full",
               "deadline-passed": "Signup deadline passed", "completed": "Finished"},
    "cost": {"free": "Free", "free-to-audit": "Free to audit", "paid": "Paid"},
    "format": {"course": "Course", "book": "Book", "video": "Video", "article": "Article",
               "group": "Group", "other": "Other", "online": "Online", "in-person": "In person"},
}

FILTERS = {
    "markdown": markdown, "long_date": long_date, "medium_date": medium_date,
    "short_time": short_time, "weekday": weekday, "zone_label": zone_label,
    "utc_offset": utc_offset, "language_name": language_name, "country_name": country_name,
}
