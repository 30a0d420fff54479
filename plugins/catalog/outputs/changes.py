"""What the data outputs (calendars, feeds, structured data) say when plans change: a
circle cancelled or postponed, a meeting cancelled or moved. In English, as the rest of
those files, and in the pages' words: a circle "is cancelled", a meeting "moved to" a time.

Everything here is read from the model (source/model.py), which decided what became of
each meeting; only the words are made here, so that every data output says the same.
"""

from __future__ import annotations

from datetime import datetime

from . import render
from ..source.model import CANCELLED, MOVED, POSTPONED, Circle, Meeting


def when(moment: datetime, zone: str) -> str:
    """'Monday, June 7, 2027, 6:00 PM Central Time': a meeting's start as the feeds write
    it (the day, then the time as people there name it)."""
    return f"{render.long_date(moment)}, {render.meeting_time(moment, zone)}"


def sentence(text: str) -> str:
    """``text`` ended as a sentence: a note written without a full stop gets one."""
    text = text.strip()
    return text if text[-1:] in ".!?\u2026" else text + "."


def circle_sentence(circle: Circle) -> str:
    """'This circle is cancelled.', 'This circle is postponed: new dates are not set yet.',
    or, for a circle called off after it started, 'This circle is cancelled from Tuesday,
    March 23, 2027 on; the meetings before it took place.'"""
    if circle.status_from is not None:
        return (f"This circle is {circle.status} from {render.long_date(circle.status_from)} "
                "on; the meetings before it took place.")
    if circle.status == POSTPONED:
        return "This circle is postponed: new dates are not set yet."
    return "This circle is cancelled."


def meeting_sentence(meeting: Meeting, zone: str) -> str:
    """'Meeting of Monday, May 17, 2027 cancelled: NOTE.' or 'Meeting of Monday, June 7, 2027
    moved to Tuesday, June 8, 2027, 6:30 PM Central Time: NOTE.' (the meeting named by the
    day it was announced for)."""
    if meeting.status == MOVED:
        done = (f"Meeting of {render.long_date(meeting.original_start)} moved to "
                f"{when(meeting.start, zone)}")
    else:
        done = f"Meeting of {render.long_date(meeting.start)} cancelled"
    return f"{done}: {sentence(meeting.note)}" if meeting.note else f"{done}."


def what_changed(circle: Circle) -> str:
    """What a feed entry says first: for a circle called off, that it is, and why (its
    status note); else what became of each changed meeting. Empty when nothing changed."""
    if circle.called_off:
        return f"{circle_sentence(circle)} {sentence(circle.status_note)}"
    zone = circle.schedule.timezone
    return " ".join(meeting_sentence(m, zone) for m in circle.changed_meetings)


def meeting_notices(circle: Circle) -> tuple[tuple[str, str], ...]:
    """For each meeting, what its calendar event says of it: the prefix of its title and
    the first line of its description. ('', '') as announced; ('Cancelled: ', 'Cancelled:
    NOTE'); ('Postponed: ', 'Postponed: STATUS NOTE') for the meetings a postponement
    called off; ('', 'Moved from Monday, June 7, 2027, 6:00 PM Central Time: NOTE')."""
    zone = circle.schedule.timezone
    return tuple(_notice(circle, meeting, zone) for meeting in circle.meetings)


def _notice(circle: Circle, meeting: Meeting, zone: str) -> tuple[str, str]:
    if meeting.called_off:
        word = "Postponed" if circle.status == POSTPONED else "Cancelled"
        return f"{word}: ", f"{word}: {circle.status_note}"
    if meeting.status == CANCELLED:
        return "Cancelled: ", f"Cancelled: {meeting.note}" if meeting.note else "Cancelled."
    if meeting.status == MOVED:
        moved = f"Moved from {when(meeting.original_start, zone)}"
        return "", f"{moved}: {meeting.note}" if meeting.note else f"{moved}."
    return "", ""
