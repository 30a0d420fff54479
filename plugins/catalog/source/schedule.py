"""Meeting dates and times: pure calendar arithmetic shared by the validator and the model.

Time zones come from the pinned ``tzdata`` package only, never from the machine's
``/usr/share/zoneinfo``, so that every machine computes the same meetings
(content-format.md, "schedule").
"""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, time, timedelta, timezone
from functools import cache

zoneinfo.reset_tzpath(to=())  # an empty search path makes zoneinfo read tzdata
zoneinfo.ZoneInfo.clear_cache()

STEPS = {"weekly": timedelta(weeks=1), "biweekly": timedelta(weeks=2)}

# Valid IANA names that are not places: they never follow a place's daylight saving rules,
# so "EST" for a circle in New York would be an hour off all summer.
LEGACY_ZONES = frozenset({
    "EST", "MST", "HST", "EST5EDT", "CST6CDT", "MST7MDT", "PST8PDT", "WET", "CET", "MET",
    "EET", "Factory", "posixrules", "localtime",
})


@cache
def time_zones() -> frozenset[str]:
    """Every zone name usable in ``schedule.timezone``."""
    return frozenset(zoneinfo.available_timezones() - LEGACY_ZONES)


@cache
def zone(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)


def series_dates(start: date, count: int, frequency: str,
                 skips: tuple[date, ...] = ()) -> tuple[list[date], list[date]]:
    """The meeting dates of a series, each skipped date moved to the end.

    Returns the dates and the skip dates that matched no date of the series."""
    step = STEPS[frequency]
    skipped = set(skips)
    dates: list[date] = []
    used: set[date] = set()
    day = start
    while len(dates) < count:
        if day in skipped:
            used.add(day)
        else:
            dates.append(day)
        day += step
    return dates, [d for d in skips if d not in used]


def local_start(day: date, at: time, tz: zoneinfo.ZoneInfo) -> datetime | None:
    """The aware start of a meeting, or None when the wall-clock time does not exist that day
    (skipped by a daylight saving change). An ambiguous time is its first occurrence, as
    RFC 5545 section 3.3.5 reads it."""
    local = datetime.combine(day, at, tzinfo=tz)
    back = local.astimezone(timezone.utc).astimezone(tz)
    return local if back.replace(tzinfo=None) == local.replace(tzinfo=None) else None


def meeting_times(start: datetime, minutes: int) -> tuple[datetime, datetime]:
    """Start and end of one meeting; the end is ``minutes`` of real time later, in the same zone."""
    end = (start.astimezone(timezone.utc) + timedelta(minutes=minutes)).astimezone(start.tzinfo)
    return start, end


def gap_around(day: date, at: time, tz: zoneinfo.ZoneInfo) -> tuple[str, str]:
    """The wall-clock times the clocks jump between on a day with a gap at ``at``."""
    naive = datetime.combine(day, at)
    before = tz.utcoffset(naive - timedelta(hours=3))
    after = tz.utcoffset(naive + timedelta(hours=3))
    jump = after - before
    for minutes in range(0, 24 * 60, 15):
        probe = datetime.combine(day, time()) + timedelta(minutes=minutes)
        if local_start(probe.date(), probe.time(), tz) is None:
            return probe.strftime("%H:%M"), (probe + jump).strftime("%H:%M")
    return at.strftime("%H:%M"), at.strftime("%H:%M")


def parse_time(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))
