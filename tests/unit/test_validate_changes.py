"""Changed plans in a circle file: the whole circle's status, changes to single meetings and
the waitlist form, each mistake with the exact line a contributor sees."""

import pytest

START = "start_date: 2027-03-02"


def changes(*items: str) -> list[tuple[str, str]]:
    """The replacement that adds ``schedule.changes`` with ``items`` (flow mappings)."""
    return [(START, START + "\n  changes:\n" + "\n".join(f"    - {i}" for i in items))]


PROBLEMS = [
    pytest.param(changes('{date: 2027-03-10, cancelled: true}'),
                 '16:14: error: schedule.changes[0].date: 2027-03-10 is not a meeting date of this schedule (did you mean 2027-03-09, the nearest meeting?); a change names a meeting by its date as announced',
                 id='change not a meeting'),
    pytest.param(changes('{date: 2027-02-01, cancelled: true}'),
                 '16:14: error: schedule.changes[0].date: 2027-02-01 is not a meeting date of this schedule (did you mean 2027-03-02, the nearest meeting?); a change names a meeting by its date as announced',
                 id='change before the series'),
    pytest.param(changes('{date: 2027-03-09, cancelled: true, moved_to: {date: 2027-03-10}}'),
                 '16:7: error: schedule.changes[0]: a change either cancels the meeting (cancelled: true) or moves it (moved_to): give one of the two',
                 id='cancel and move'),
    pytest.param(changes('{date: 2027-03-09, note: The room is booked.}'),
                 '16:7: error: schedule.changes[0]: a change either cancels the meeting (cancelled: true) or moves it (moved_to): give one of the two',
                 id='neither cancel nor move'),
    pytest.param(changes('{date: 2027-03-09, cancelled: false}'),
                 '16:37: error: schedule.changes[0].cancelled: can only be true: leave it out for a meeting that still takes place',
                 id='cancelled false'),
    pytest.param(changes('{date: 2027-03-09, moved_to: {}}'),
                 '16:36: error: schedule.changes[0].moved_to: needs a date, a start_time or both',
                 id='moved nowhere'),
    pytest.param(changes("{date: 2027-03-09, moved_to: {start_time: '18:00'}}"),
                 '16:36: error: schedule.changes[0].moved_to: moves the meeting of 2027-03-09 to the date and time it already has: give a new date or start_time, or remove the change',
                 id='moved to itself'),
    pytest.param(changes("{date: 2027-03-09, moved_to: {date: 2027-03-16, start_time: '19:00'}}"),
                 '16:36: error: schedule.changes[0].moved_to: the moved meeting (2027-03-16 19:00 to 21:00) overlaps the meeting of 2027-03-16 (18:00 to 20:00): choose another date or time',
                 id='moved onto another meeting'),
    pytest.param(changes('{date: 2027-03-09, moved_to: {date: 2027-03-11}}', "{date: 2027-03-16, moved_to: {date: 2027-03-11, start_time: '19:30'}}"),
                 '16:36: error: schedule.changes[0].moved_to: the moved meeting (2027-03-11 18:00 to 20:00) overlaps the meeting of 2027-03-16, moved to 2027-03-11 (19:30 to 21:30): choose another date or time',
                 id='moved onto another moved meeting'),
    pytest.param(changes("{date: 2027-03-09, moved_to: {date: 2027-03-14, start_time: '02:30'}}"),
                 '16:36: error: schedule.changes[0].moved_to: 02:30 does not exist on 2027-03-14 in America/Toronto: the clocks jump from 02:00 to 03:00 that night; choose another start time',
                 id='moved into a dst gap'),
    pytest.param(changes("{date: 2027-03-09, moved_to: {start_time: '6pm'}}"),
                 '16:49: error: schedule.changes[0].moved_to.start_time: must be a time written HH:MM on a 24-hour clock, e.g. 18:00 or 09:30',
                 id='moved time malformed'),
    pytest.param(changes('{date: 2027-03-09, cancelled: true}', '{date: 2027-03-09, moved_to: {date: 2027-03-10}}'),
                 '17:14: error: schedule.changes[1].date: 2027-03-09 is changed twice (item 1 changes it too): keep one change per meeting',
                 id='changed twice'),
    pytest.param(changes('{date: 2027-03-02, cancelled: true}', '{date: 2027-03-09, cancelled: true}', '{date: 2027-03-16, cancelled: true}', '{date: 2027-03-23, cancelled: true}', '{date: 2027-03-30, cancelled: true}', '{date: 2027-04-06, cancelled: true}'),
                 '16:5: error: schedule.changes: cancels every meeting: write status: cancelled with a status_note instead, so that the circle shows as cancelled',
                 id='every meeting cancelled'),
    pytest.param(changes('{cancelled: true}'),
                 '16:7: error: schedule.changes[0].date: is required but missing (e.g. date: 2027-03-09)',
                 id='change without date'),
    pytest.param(changes('{date: 2027-03-09, canceled: true}'),
                 "16:26: error: schedule.changes[0].canceled: is not a known field (did you mean 'cancelled'?)",
                 id='unknown change field'),
    pytest.param([('description:', 'status: cancelled\ndescription:')],
                 '17:1: error: status: a circle with a status needs a status_note: say in a sentence why it is cancelled or postponed',
                 id='status without note'),
    pytest.param([('description:', 'status_note: Closed for repairs.\ndescription:')],
                 '17:14: error: status_note: needs a status: add status: cancelled or status: postponed, or remove the note',
                 id='note without status'),
    pytest.param([('description:', 'status: canceled\nstatus_note: Closed.\ndescription:')],
                 "17:9: error: status: 'canceled' is not allowed; use one of cancelled, postponed (did you mean 'cancelled'?)",
                 id='status misspelled'),
    pytest.param([('description:', 'status: cancelled\nstatus_note: Closed.\nstatus_from: 2027-03-17\ndescription:')],
                 '19:14: error: status_from: 2027-03-17 is not a meeting date of this schedule (did you mean 2027-03-16, the nearest meeting?); status_from is the date of the first meeting that will not take place',
                 id='status_from off schedule'),
    pytest.param([('description:', 'status_from: 2027-03-16\ndescription:')],
                 '17:14: error: status_from: needs a status: add status: cancelled or status: postponed, or remove status_from',
                 id='status_from without status'),
    pytest.param([('https://forms.example.org/py', 'https://forms.example.org/py\n  waitlist_url: http://forms.example.org/wait')],
                 '17:17: error: signup.waitlist_url: must be an https:// address, so that what people type into the form is sent encrypted',
                 id='waitlist http'),
]


@pytest.mark.parametrize("replacements, expected", PROBLEMS)
def test_changed_plans_problem(site, replacements, expected):
    site.circle(*replacements)
    assert site.problems() == [f"content/circles/c.yaml:{expected}"]


@pytest.mark.parametrize("replacements", [
    pytest.param(changes('{date: 2027-03-09, cancelled: true, note: Snow day.}', "{date: 2027-03-16, moved_to: {date: 2027-03-17, start_time: '18:30'}, note: Booked.}"), id='cancel one, move one'),
    pytest.param(changes('{date: 2027-03-09, cancelled: true}', '{date: 2027-03-16, moved_to: {date: 2027-03-09}}'), id="move onto a cancelled meeting's slot"),
    pytest.param(changes("{date: 2027-03-09, moved_to: {start_time: '20:00'}}", "{date: 2027-03-16, moved_to: {date: 2027-03-09, start_time: '16:00'}}"), id="swap two meetings' times"),
    pytest.param([('description:', 'status: cancelled\nstatus_note: Closed.\nstatus_from: 2027-03-16\ndescription:')], id='cancelled with a date'),
    pytest.param([('description:', 'status: postponed\nstatus_note: New dates soon.\ndescription:')], id='postponed'),
    pytest.param([('https://forms.example.org/py', 'https://forms.example.org/py\n  status: full\n  waitlist_url: https://forms.example.org/wait')], id='waitlist'),
])
def test_valid_changed_plans(site, replacements):
    site.circle(*replacements)
    assert site.problems() == []
