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


# -- changed plans --------------------------------------------------------------------------

def changed(*changes: model.Change) -> Schedule:
    """Weekly Tuesdays 18:00 in Toronto from 2027-03-02, six meetings, with ``changes``."""
    sched = series("America/Toronto", "18:00", "2027-03-02")
    return Schedule(**{**sched.__dict__, "changes": changes})


def describe(meetings) -> list[tuple[str, str, str | None]]:
    return [(m.start.isoformat(), m.status, m.original_start and m.original_start.isoformat())
            for m in meetings]


def test_moved_across_spring_forward_keeps_its_place_and_new_wall_clock():
    # 2027-03-09 is in EST; moved to Monday 2027-03-15, after the clocks went forward.
    sched = changed(model.Change(date(2027, 3, 9), moved_date=date(2027, 3, 15), note="Booked."),
                    model.Change(date(2027, 3, 23), cancelled=True))
    meetings = model.meetings_of(sched)
    assert describe(meetings)[:4] == [
        ("2027-03-02T18:00:00-05:00", "scheduled", None),
        ("2027-03-15T18:00:00-04:00", "moved", "2027-03-09T18:00:00-05:00"),
        ("2027-03-16T18:00:00-04:00", "scheduled", None),
        ("2027-03-23T18:00:00-04:00", "cancelled", None)]
    assert [m.end.isoformat() for m in meetings[1:2]] == ["2027-03-15T20:00:00-04:00"]
    assert [m.sequence for m in meetings] == [0, 1, 0, 2, 0, 0]
    assert meetings[1].note == "Booked."


def test_next_meeting_skips_a_cancelled_one_and_takes_a_moved_one_at_its_new_time():
    sched = changed(model.Change(date(2027, 3, 16), cancelled=True),
                    model.Change(date(2027, 3, 23), moved_time=time(19, 30)))
    meetings = model.meetings_of(sched)
    assert model.next_meeting_on(meetings, date(2027, 3, 10)).start.isoformat() == (
        "2027-03-23T19:30:00-04:00")


def test_a_meeting_moved_past_the_next_one_is_met_in_time_order():
    sched = changed(model.Change(date(2027, 3, 16), moved_date=date(2027, 3, 24)))
    meetings = model.meetings_of(sched)
    assert model.next_meeting_on(meetings, date(2027, 3, 17)).start.date() == date(2027, 3, 23)
    assert [m.start.date() for m in model.held_meetings(meetings)][2:4] == [
        date(2027, 3, 23), date(2027, 3, 24)]


def test_status_counts_the_meetings_that_take_place():
    # The first meeting is cancelled: the circle starts with the second one.
    meetings = model.meetings_of(changed(model.Change(date(2027, 3, 2), cancelled=True)))
    assert model.status_on(meetings, date(2027, 3, 3)) == model.UPCOMING
    assert model.status_on(meetings, date(2027, 3, 9)) == model.IN_PROGRESS
    # The last one moved a day later: in progress through that day.
    meetings = model.meetings_of(changed(model.Change(date(2027, 4, 6),
                                                      moved_date=date(2027, 4, 7))))
    assert model.status_on(meetings, date(2027, 4, 7)) == model.IN_PROGRESS
    assert model.status_on(meetings, date(2027, 4, 8)) == model.COMPLETED


@pytest.mark.parametrize("status_from, statuses", [
    (None, ["cancelled"] * 6),
    (date(2027, 3, 16), ["scheduled", "scheduled"] + ["cancelled"] * 4),
])
def test_a_called_off_circle_cancels_its_meetings_from_status_from(status_from, statuses):
    meetings = model.meetings_of(changed(), called_off=True, status_from=status_from)
    assert [m.status for m in meetings] == statuses
    assert model.status_on(meetings, date(2027, 3, 10), "cancelled") == "cancelled"


def test_a_called_off_circle_takes_no_signups():
    signup = Signup("https://f.example.org", "open")
    assert model.signup_state_on(signup, "postponed", date(2027, 3, 1)) == "closed"
    assert model.signup_state_on(signup, "cancelled", date(2027, 3, 1)) == "closed"


def test_catalog_lists_called_off_circles_under_their_own_status(site):
    site.circle(("description:", "status: cancelled\nstatus_note: Closed.\ndescription:"))
    site.circle(("description:", "status: postponed\nstatus_note: Later.\ndescription:"),
                ("2027-03-02", "2027-01-05"), name="circles/old.yaml")
    site.circle(name="circles/on.yaml")
    catalog = site.catalog()
    # Today is 2027-03-10: c's announced meetings are still to come, old's all passed.
    assert [c.slug for c in catalog.current_circles] == ["on"]
    assert [c.slug for c in catalog.called_off_circles] == ["c"]
    assert [c.slug for c in catalog.past_circles] == ["old"]
    assert [c.slug for c in catalog.listed_circles] == ["on", "c", "old"]
    assert [c.slug for c in catalog.circles_of("tpl")] == ["on", "c", "old"]
    assert catalog.circles["c"].next_meeting is None
    assert catalog.circles["c"].status_note == "Closed."
