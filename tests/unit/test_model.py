"""Meetings, statuses and signup states, against cases worked out by hand."""

from datetime import date, time

import pytest

from catalog.source import model
from catalog.source.model import Schedule, Signup


def starts(sched: Schedule) -> list[str]:
    return [m.start.isoformat() for m in model.meetings_of(sched)]


def series(tz, at, start, count=6, frequency="weekly", skips=(), minutes=120) -> Schedule:
    return Schedule(timezone=tz, start_time=time.fromisoformat(at), duration_minutes=minutes,
                    start_date=date.fromisoformat(start), meetings=count, frequency=frequency,
                    skip_dates=tuple(date.fromisoformat(s) for s in skips))


def test_toronto_keeps_wall_clock_across_spring_forward():
    # Clocks go forward on Sunday 2027-03-14 in Toronto: EST (-05:00) to EDT (-04:00).
    assert starts(series("America/Toronto", "18:00", "2027-03-02")) == [
        "2027-03-02T18:00:00-05:00", "2027-03-09T18:00:00-05:00", "2027-03-16T18:00:00-04:00",
        "2027-03-23T18:00:00-04:00", "2027-03-30T18:00:00-04:00", "2027-04-06T18:00:00-04:00"]


def test_sydney_autumn_change_in_the_southern_hemisphere():
    # Daylight saving ends on Sunday 2027-04-04 in Sydney: AEDT (+11:00) to AEST (+10:00).
    assert starts(series("Australia/Sydney", "10:00", "2027-03-27", count=3)) == [
        "2027-03-27T10:00:00+11:00", "2027-04-03T10:00:00+11:00", "2027-04-10T10:00:00+10:00"]


def test_st_johns_half_hour_offset_changes_too():
    assert starts(series("America/St_Johns", "19:00", "2027-03-09", count=2)) == [
        "2027-03-09T19:00:00-03:30", "2027-03-16T19:00:00-02:30"]


def test_kathmandu_quarter_hour_offset():
    meeting = model.meetings_of(series("Asia/Kathmandu", "17:00", "2027-03-02", count=1))[0]
    assert meeting.start.isoformat() == "2027-03-02T17:00:00+05:45"
    assert meeting.start.utcoffset().total_seconds() == 5 * 3600 + 45 * 60


def test_late_meeting_ends_after_midnight():
    meeting = model.meetings_of(series("Europe/Helsinki", "22:00", "2027-03-02", count=1,
                                       minutes=180))[0]
    assert meeting.end.isoformat() == "2027-03-03T01:00:00+02:00"


def test_meeting_across_fall_back_lasts_its_real_duration():
    # 00:30 EDT on 2027-11-07; two hours later the clocks have gone back: 01:30 EST.
    meeting = model.meetings_of(series("America/Toronto", "00:30", "2027-11-07", count=1))[0]
    assert (meeting.start.isoformat(), meeting.end.isoformat()) == (
        "2027-11-07T00:30:00-04:00", "2027-11-07T01:30:00-05:00")


def test_ambiguous_time_is_its_first_occurrence():
    meeting = model.meetings_of(series("America/Toronto", "01:30", "2027-11-07", count=1))[0]
    assert meeting.start.isoformat() == "2027-11-07T01:30:00-04:00"


def test_biweekly_skip_is_appended_at_the_end():
    assert [m.date.isoformat() for m in model.meetings_of(
        series("Africa/Nairobi", "14:00", "2027-03-02", count=4, frequency="biweekly",
               skips=["2027-03-16"]))] == ["2027-03-02", "2027-03-30", "2027-04-13", "2027-04-27"]


def test_explicit_dates():
    sched = Schedule(timezone="Europe/Warsaw", start_time=time(17, 30), duration_minutes=90,
                     dates=(date(2027, 3, 27), date(2027, 3, 29)))
    assert [(m.start.isoformat(), m.end.isoformat()) for m in model.meetings_of(sched)] == [
        ("2027-03-27T17:30:00+01:00", "2027-03-27T19:00:00+01:00"),
        ("2027-03-29T17:30:00+02:00", "2027-03-29T19:00:00+02:00")]


MEETINGS = model.meetings_of(series("America/Toronto", "18:00", "2027-03-02"))


@pytest.mark.parametrize("today, status", [
    ("2027-03-01", "upcoming"), ("2027-03-02", "in-progress"), ("2027-04-06", "in-progress"),
    ("2027-04-07", "completed")])
def test_status(today, status):
    assert model.status_on(MEETINGS, date.fromisoformat(today)) == status


@pytest.mark.parametrize("signup, status, state", [
    (Signup("https://f.example.org", "open"), "upcoming", "open"),
    (Signup("https://f.example.org", "open"), "in-progress", "open"),
    (Signup("https://f.example.org", "closed"), "upcoming", "closed"),
    (Signup("https://f.example.org", "full"), "upcoming", "full"),
    (Signup("https://f.example.org", "open", date(2027, 3, 9)), "upcoming", "deadline-passed"),
    (Signup("https://f.example.org", "open", date(2027, 3, 10)), "upcoming", "open"),
    (Signup("https://f.example.org", "open"), "completed", "completed"),
])
def test_signup_state(signup, status, state):
    assert model.signup_state_on(signup, status, date(2027, 3, 10)) == state


def test_next_meeting():
    assert model.next_meeting_on(MEETINGS, date(2027, 3, 10)).date == date(2027, 3, 16)
    assert model.next_meeting_on(MEETINGS, date(2027, 3, 16)).date == date(2027, 3, 16)
    assert model.next_meeting_on(MEETINGS, date(2027, 4, 7)) is None


def test_circle_from_file_has_derived_facts(site):
    site.circle(("https://forms.example.org/py", "https://forms.example.org/py\n  status: full"))
    circle = site.catalog().circles["c"]
    assert (circle.status, circle.signup_state, circle.signup_open) == ("in-progress", "full", False)
    assert circle.next_meeting.start.isoformat() == "2027-03-16T18:00:00-04:00"
    assert circle.meetings[-1].end.isoformat() == "2027-04-06T20:00:00-04:00"
    assert circle.source_path == "content/circles/c.yaml"
