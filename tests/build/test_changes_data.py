"""When plans change, in the data outputs: calendars (read as a subscribed client reads
them), Atom feeds, JSON-LD and the JSON API, for a circle whose meetings were moved and
cancelled, one cancelled after it started, one postponed, one called off long ago and one
full with a waitlist. Every value is written out: what subscribers and crawlers get is
the contract."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import date, datetime, timezone

import pytest
import recurring_ical_events
from icalendar import Calendar

from catalog.build import build_site
from catalog.outputs import api
from catalog.source.catalog import load_catalog
from helpers import TODAY, Built, Site

SCHEMA = "https://schema.org/"
NS = {"a": "http://www.w3.org/2005/Atom"}
PM = "\u202fPM"  # CLDR's English times put a narrow no-break space before PM
FACTS = ("Course: Python for Everybody (University of Michigan).\n"
         "Facilitated by Ana Silva.\n")
START = "start_date: 2027-03-02"
# Tuesdays at 18:00 in Toronto from March 2 (6 meetings; clocks go forward on March 14):
# 2 and 9 March are EST (UTC-5), 16 March to 6 April EDT (UTC-4). The build is on 10 March.
CHANGES = (START, START + """
  changes:
    - date: 2027-03-09
      moved_to: {date: 2027-03-15}
      note: The room is booked; we meet on Monday.
    - {date: 2027-03-23, cancelled: true, note: Snow day}
    - date: 2027-03-30
      moved_to: {start_time: "19:30"}""")


def called_off(status: str, note: str, since: str | None = None) -> tuple[str, str]:
    extra = f"\nstatus_from: {since}" if since else ""
    return ("description: Weekly Python.",
            f"description: Weekly Python.\nstatus: {status}\nstatus_note: {note}{extra}")


def titled(name: str) -> tuple[str, str]:
    return ("title: Python", f"title: {name} Python")


CIRCLES = {
    "changed": (CHANGES, titled("Changed")),
    "off": (called_off("cancelled", "The facilitator moved away.", "2027-03-16"),
            titled("Off")),
    "later": ((START, "start_date: 2027-04-06"),
              called_off("postponed", "The room is closed for repairs."), titled("Later")),
    "gone": ((START, "start_date: 2027-01-05"), called_off("cancelled", "Nobody signed up."),
             titled("Gone")),
    "first-moved": ((START, START + '\n  changes:\n    - {date: 2027-03-02, moved_to: '
                     '{start_time: "19:00"}}'), titled("First moved")),
    "first-cancelled": ((START, START + "\n  changes:\n    - {date: 2027-03-02, "
                         "cancelled: true}"), titled("First cancelled")),
    "full": (("  url: https://forms.example.org/py", "  url: https://forms.example.org/py\n"
              "  status: full\n  waitlist_url: https://forms.example.org/py-waitlist"),
             titled("Full")),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Every circle of CIRCLES in one site, built on TODAY; returns (catalog, Built)."""
    site = Site(tmp_path_factory.mktemp("changes"))
    for slug, replacements in CIRCLES.items():
        site.circle(*replacements, name=f"circles/{slug}.yaml")
    out = build_site(site.content, site.root / "output", TODAY)
    return load_catalog(site.content, TODAY), Built(out)


def calendar(out: Built, path: str) -> Calendar:
    return Calendar.from_ical((out.root / path.lstrip("/")).read_bytes())


def by_uid(cal: Calendar) -> dict[str, object]:
    return {str(e["UID"]).split("@")[0]: e for e in cal.walk("VEVENT")}


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


def seen(cal: Calendar, start: date, end: date) -> list[tuple]:
    """What a subscribed client shows between two days: each event's UID, start in UTC,
    status and sequence (None when the file leaves it at its default)."""
    return sorted((str(e["UID"]).split("@")[0], e.start.astimezone(timezone.utc),
                   str(e["STATUS"]), e.get("SEQUENCE"))
                  for e in recurring_ical_events.of(cal).between(start, end))


def first_lines(event, count: int = 2) -> list[str]:
    return str(event["DESCRIPTION"]).split("\n")[:count]


# -- iCalendar ------------------------------------------------------------------------------

def test_a_subscriber_sees_moved_and_cancelled_meetings_across_the_dst_change(built):
    _, out = built
    cal = calendar(out, "/circles/changed/calendar.ics")
    assert seen(cal, date(2027, 3, 10), date(2027, 4, 1)) == [
        ("changed-2", utc(2027, 3, 15, 22), "CONFIRMED", 1),  # from 9 March 23:00Z (EST)
        ("changed-3", utc(2027, 3, 16, 22), "CONFIRMED", None),
        ("changed-4", utc(2027, 3, 23, 22), "CANCELLED", 2),
        ("changed-5", utc(2027, 3, 30, 23, 30), "CONFIRMED", 1),
    ]
    moved = by_uid(cal)["changed-2"]
    assert moved["DTSTART"].params["TZID"] == "America/Toronto"
    assert moved.start.isoformat() == "2027-03-15T18:00:00-04:00"
    assert moved.end.isoformat() == "2027-03-15T20:00:00-04:00"


def test_changed_events_say_what_changed(built):
    _, out = built
    events = by_uid(calendar(out, "/circles/changed/calendar.ics"))
    assert sorted(events) == [f"changed-{n}" for n in range(1, 7)], "every meeting stays"
    assert first_lines(events["changed-2"]) == [
        f"Moved from Tuesday, March 9, 2027, 6:00{PM} Eastern Time: The room is booked; "
        "we meet on Monday.", "Meeting 2 of 6 of this free learning circle."]
    assert first_lines(events["changed-4"]) == [
        "Cancelled: Snow day", "Meeting 4 of 6 of this free learning circle."]
    assert first_lines(events["changed-5"]) == [
        f"Moved from Tuesday, March 30, 2027, 6:00{PM} Eastern Time.",
        "Meeting 5 of 6 of this free learning circle."]
    assert first_lines(events["changed-1"], 1) == ["Meeting 1 of 6 of this free learning circle."]
    summaries = {uid: str(e["SUMMARY"]) for uid, e in events.items()}
    assert summaries == {**{f"changed-{n}": "Changed Python at the Library" for n in range(1, 7)},
                         "changed-4": "Cancelled: Changed Python at the Library"}
    assert [(e.get("SEQUENCE"), str(e["STATUS"])) for e in events.values()] == [
        (None, "CONFIRMED"), (1, "CONFIRMED"), (None, "CONFIRMED"), (2, "CANCELLED"),
        (1, "CONFIRMED"), (None, "CONFIRMED")]


def test_a_circle_cancelled_after_it_started(built):
    _, out = built
    cal = calendar(out, "/circles/off/calendar.ics")
    assert seen(cal, date(2027, 3, 1), date(2027, 4, 10)) == [
        ("off-1", utc(2027, 3, 2, 23), "CONFIRMED", None),
        ("off-2", utc(2027, 3, 9, 23), "CONFIRMED", None),
        ("off-3", utc(2027, 3, 16, 22), "CANCELLED", 2),
        ("off-4", utc(2027, 3, 23, 22), "CANCELLED", 2),
        ("off-5", utc(2027, 3, 30, 22), "CANCELLED", 2),
        ("off-6", utc(2027, 4, 6, 22), "CANCELLED", 2),
    ]
    events = by_uid(cal)
    assert str(events["off-2"]["SUMMARY"]) == "Off Python at the Library"
    assert first_lines(events["off-2"], 1) == ["Meeting 2 of 6 of this free learning circle."]
    assert str(events["off-3"]["SUMMARY"]) == "Cancelled: Off Python at the Library"
    assert first_lines(events["off-3"], 3) == [
        "Cancelled: The facilitator moved away.", "Meeting 3 of 6 of this free learning circle.",
        FACTS.split("\n")[0]]
    assert str(events["off-3"]["DESCRIPTION"]).count("Signup: closed.") == 1


def test_a_postponed_circle_cancels_every_meeting_as_postponed(built):
    _, out = built
    events = by_uid(calendar(out, "/circles/later/calendar.ics"))
    assert {(str(e["STATUS"]), e.get("SEQUENCE"), str(e["SUMMARY"]), first_lines(e, 1)[0])
            for e in events.values()} == {
        ("CANCELLED", 2, "Postponed: Later Python at the Library",
         "Postponed: The room is closed for repairs.")}
    assert [e.start.isoformat() for e in events.values()] == [
        f"2027-04-{day:02d}T18:00:00-04:00" for day in (6, 13, 20, 27)] + [
        "2027-05-04T18:00:00-04:00", "2027-05-11T18:00:00-04:00"], "the dates announced"


def test_the_site_calendar_keeps_called_off_circles_until_their_meetings_pass(built):
    _, out = built
    site_uids = set(by_uid(calendar(out, "/circles.ics")))
    circles = {uid.rsplit("-", 1)[0] for uid in site_uids}
    assert circles == {"changed", "off", "later", "first-moved", "first-cancelled", "full"}
    assert {f"off-{n}" for n in range(1, 7)} <= site_uids
    organization = {uid.rsplit("-", 1)[0] for uid in by_uid(calendar(
        out, "/organizations/tpl/circles.ics"))}
    assert organization == circles | {"gone"}, "an organization keeps its past circles"
    # The same event in both files, brief: no description text.
    off = by_uid(calendar(out, "/circles.ics"))["off-3"]
    assert (str(off["STATUS"]), off.get("SEQUENCE"), str(off["SUMMARY"])) == (
        "CANCELLED", 2, "Cancelled: Off Python at the Library")
    assert str(off["DESCRIPTION"]) == (
        "Cancelled: The facilitator moved away.\nMeeting 3 of 6 of this free learning circle.\n"
        + FACTS + "Signup: closed.\n\n/circles/off/")


def test_the_add_to_calendar_link_of_a_moved_meeting(built):
    """The one-meeting file (UTC times) has the new time, the same UID and SEQUENCE."""
    _, out = built
    assert 'href="/circles/changed/meeting-2.ics"' in out.html("/circles/changed/")
    body = (out.root / "circles/changed/meeting-2.ics").read_bytes()
    (event,) = Calendar.from_ical(body).walk("VEVENT")
    assert (str(event["UID"]), event.get("SEQUENCE")) == (
        "changed-2@learning-circles.invalid", 1)
    assert b"DTSTART:20270315T220000Z\r\n" in body


def test_changes_keep_the_uids_and_the_bytes_of_unchanged_meetings(tmp_path, monkeypatch):
    """The same circle before and after its changes: same UIDs, and the events of the
    meetings that did not change are byte for byte the same (only the changed ones are
    updated in subscribers' calendars)."""
    monkeypatch.chdir(tmp_path)
    site = Site(tmp_path)
    site.circle()
    before = build_site(site.content, tmp_path / "before", TODAY)
    site.circle(CHANGES)
    after = build_site(site.content, tmp_path / "after", TODAY)
    for path in ("circles/c/calendar.ics", "circles.ics", "organizations/tpl/circles.ics"):
        old, new = (raw_events((root / path).read_bytes()) for root in (before, after))
        assert list(old) == list(new) == [f"c-{n}" for n in range(1, 7)], path
        for uid in ("c-1", "c-3", "c-6"):
            assert old[uid] == new[uid], (path, uid)
        for uid in ("c-2", "c-4", "c-5"):
            assert old[uid] != new[uid], (path, uid)


def raw_events(body: bytes) -> dict[str, bytes]:
    """Each VEVENT's bytes by its UID's slug and number, in file order."""
    out = {}
    for part in body.split(b"BEGIN:VEVENT\r\n")[1:]:
        uid = re.search(rb"\r\nUID:([^@]+)@", part).group(1).decode()
        out[uid] = part.split(b"END:VEVENT\r\n")[0]
    return out


# -- Atom -----------------------------------------------------------------------------------

def entries(out: Built, path: str) -> list[dict]:
    feed = ET.parse(out.root / path.lstrip("/")).getroot()
    return [{"title": e.findtext("a:title", namespaces=NS),
             "term": e.find("a:category", NS).get("term"),
             "summary": e.findtext("a:summary", namespaces=NS),
             "content": e.findtext("a:content", namespaces=NS),
             "updated": e.findtext("a:updated", namespaces=NS)}
            for e in feed.findall("a:entry", NS)]


WHERE = "6 meetings; Toronto Reference Library, Toronto."


def test_feeds_hold_called_off_circles_newest_first(built):
    _, out = built
    for path in ("/feeds/circles.atom.xml", "/feeds/organizations/tpl.atom.xml"):
        found = [(e["title"], e["term"]) for e in entries(out, path)]
        assert found == [
            ("Postponed: Later Python at the Library", "postponed"),  # from 6 April
            ("First cancelled Python at the Library", "in-progress"),  # from 9 March
            ("First moved Python at the Library", "in-progress"),  # 2 March at 19:00
            ("Changed Python at the Library", "in-progress"),  # 2 March at 18:00, by slug
            ("Full Python at the Library", "in-progress"),
            ("Cancelled: Off Python at the Library", "cancelled"),
        ], path


def test_feed_entries_say_what_changed_first(built):
    _, out = built
    found = {e["title"].split(": ")[-1].split(" Python")[0]: e
             for e in entries(out, "/feeds/circles.atom.xml")}
    changed = ("Meeting of Tuesday, March 9, 2027 moved to Monday, March 15, 2027, "
               f"6:00{PM} Eastern Time: The room is booked; we meet on Monday. "
               "Meeting of Tuesday, March 23, 2027 cancelled: Snow day. "
               "Meeting of Tuesday, March 30, 2027 moved to Tuesday, March 30, 2027, "
               f"7:30{PM} Eastern Time.")
    assert found["Changed"]["summary"] == (
        f"{changed} Next meeting Monday, March 15, 2027, 6:00{PM} Eastern Time; {WHERE} "
        "Signup open.")
    assert found["Changed"]["content"] == f"<p>{changed}</p>\n<p>Weekly Python.</p>"
    off = ("This circle is cancelled from Tuesday, March 16, 2027 on; the meetings before it "
           "took place. The facilitator moved away.")
    assert found["Off"]["summary"] == (
        f"{off} First meeting Tuesday, March 2, 2027, 6:00{PM} Eastern Time; {WHERE} "
        "Signup closed.")
    assert found["Off"]["content"] == f"<p>{off}</p>\n<p>Weekly Python.</p>"
    later = "This circle is postponed: new dates are not set yet. The room is closed for repairs."
    assert found["Later"]["summary"] == (
        f"{later} First meeting Tuesday, April 6, 2027, 6:00{PM} Eastern Time; {WHERE} "
        "Signup closed.")
    assert found["First moved"]["summary"] == (
        f"Meeting of Tuesday, March 2, 2027 moved to Tuesday, March 2, 2027, 7:00{PM} Eastern "
        f"Time. Next meeting Tuesday, March 16, 2027, 6:00{PM} Eastern Time; {WHERE} "
        "Signup open.")
    assert found["Full"]["summary"] == (
        f"Next meeting Tuesday, March 16, 2027, 6:00{PM} Eastern Time; {WHERE} Signup full.")
    assert found["Full"]["content"] == "<p>Weekly Python.</p>"
    assert {e["updated"] for e in found.values()} == {"2027-03-10T00:00:00Z"}


def test_a_called_off_circle_leaves_the_feed_once_its_meetings_passed(built):
    _, out = built
    titles = [e["title"] for e in entries(out, "/feeds/circles.atom.xml")]
    assert not any("Gone" in title for title in titles)


# -- JSON-LD --------------------------------------------------------------------------------

def statuses(event: dict) -> list[tuple]:
    return [(s["startDate"], s["eventStatus"].removeprefix(SCHEMA), s.get("previousStartDate"))
            for s in event["subEvent"]]


def test_json_ld_of_moved_and_cancelled_meetings(built):
    _, out = built
    event = out.json_ld("/circles/changed/")
    assert (event["eventStatus"], "previousStartDate" in event) == (
        SCHEMA + "EventScheduled", False)
    assert (event["startDate"], event["endDate"]) == ("2027-03-02T18:00:00-05:00",
                                                      "2027-04-06T20:00:00-04:00")
    assert statuses(event) == [
        ("2027-03-02T18:00:00-05:00", "EventScheduled", None),
        ("2027-03-15T18:00:00-04:00", "EventRescheduled", "2027-03-09T18:00:00-05:00"),
        ("2027-03-16T18:00:00-04:00", "EventScheduled", None),
        ("2027-03-23T18:00:00-04:00", "EventCancelled", None),
        ("2027-03-30T19:30:00-04:00", "EventRescheduled", "2027-03-30T18:00:00-04:00"),
        ("2027-04-06T18:00:00-04:00", "EventScheduled", None),
    ]
    assert event["offers"]["availability"] == SCHEMA + "InStock"


@pytest.mark.parametrize("slug, start, previous", [
    ("first-moved", "2027-03-02T19:00:00-05:00", "2027-03-02T18:00:00-05:00"),
    ("first-cancelled", "2027-03-09T18:00:00-05:00", "2027-03-02T18:00:00-05:00"),
])
def test_json_ld_of_a_circle_that_starts_at_another_time(built, slug, start, previous):
    _, out = built
    event = out.json_ld(f"/circles/{slug}/")
    assert (event["eventStatus"], event["startDate"], event["previousStartDate"]) == (
        SCHEMA + "EventRescheduled", start, previous)


def test_json_ld_of_called_off_circles_keeps_the_announced_dates(built):
    _, out = built
    off = out.json_ld("/circles/off/")
    assert (off["eventStatus"], off["startDate"], off["endDate"]) == (
        SCHEMA + "EventCancelled", "2027-03-02T18:00:00-05:00", "2027-04-06T20:00:00-04:00")
    assert [s[1] for s in statuses(off)] == ["EventScheduled"] * 2 + ["EventCancelled"] * 4
    assert off["offers"]["availability"] == SCHEMA + "Discontinued"
    later = out.json_ld("/circles/later/")
    assert (later["eventStatus"], later["startDate"], later["endDate"]) == (
        SCHEMA + "EventPostponed", "2027-04-06T18:00:00-04:00", "2027-05-11T20:00:00-04:00")
    assert [s[1] for s in statuses(later)] == ["EventPostponed"] * 6
    assert later["offers"]["availability"] == SCHEMA + "OutOfStock"


# -- JSON API -------------------------------------------------------------------------------

def api_circles(out: Built, path: str = "/api/v1/circles.json") -> dict[str, dict]:
    body = json.loads((out.root / path.lstrip("/")).read_text(encoding="utf-8"))
    api.validator("circles").validate(body)
    return {c["slug"]: c for c in body["circles"]}


def meeting(start: str, end: str, status: str = "scheduled", original: str | None = None,
            note: str | None = None) -> dict:
    return {"start": start, "end": end, "status": status, "original_start": original,
            "note": note}


def test_api_lists_every_circle_in_order_and_validates(built):
    catalog, out = built
    circles = api_circles(out)
    assert list(circles) == ["changed", "first-cancelled", "first-moved", "full", "off",
                             "later", "gone"]
    assert list(circles) == [c.slug for c in catalog.listed_circles]
    assert list(api_circles(out, "/api/v1/organizations/tpl/circles.json")) == list(circles)
    assert {slug: c["status"] for slug, c in circles.items()} == {
        "changed": "in-progress", "first-cancelled": "in-progress", "first-moved": "in-progress",
        "full": "in-progress", "off": "cancelled", "later": "postponed", "gone": "cancelled"}


def test_api_changes_and_meetings(built):
    _, out = built
    changed = api_circles(out)["changed"]
    assert changed["schedule"]["changes"] == [
        {"date": "2027-03-09", "cancelled": False,
         "moved_to": {"date": "2027-03-15", "start_time": None},
         "note": "The room is booked; we meet on Monday."},
        {"date": "2027-03-23", "cancelled": True, "moved_to": None, "note": "Snow day"},
        {"date": "2027-03-30", "cancelled": False,
         "moved_to": {"date": None, "start_time": "19:30"}, "note": None},
    ]
    assert changed["meetings"] == [
        meeting("2027-03-02T18:00:00-05:00", "2027-03-02T20:00:00-05:00"),
        meeting("2027-03-15T18:00:00-04:00", "2027-03-15T20:00:00-04:00", "moved",
                "2027-03-09T18:00:00-05:00", "The room is booked; we meet on Monday."),
        meeting("2027-03-16T18:00:00-04:00", "2027-03-16T20:00:00-04:00"),
        meeting("2027-03-23T18:00:00-04:00", "2027-03-23T20:00:00-04:00", "cancelled",
                note="Snow day"),
        meeting("2027-03-30T19:30:00-04:00", "2027-03-30T21:30:00-04:00", "moved",
                "2027-03-30T18:00:00-04:00"),
        meeting("2027-04-06T18:00:00-04:00", "2027-04-06T20:00:00-04:00"),
    ]
    next_meeting = dict(changed["next_meeting"])
    assert next_meeting.pop("local_time")["en"] == f"6:00{PM} Eastern Time"
    assert next_meeting == changed["meetings"][1], "the moved meeting, at its new time"
    assert (changed["status_note"], changed["status_from"], changed["waitlist_url"]) == (
        None, None, None)


def test_api_called_off_circles(built):
    _, out = built
    circles = api_circles(out)
    off, later = circles["off"], circles["later"]
    assert (off["status"], off["status_note"], off["status_from"], off["next_meeting"],
            off["signup_open"], off["signup_state"]) == (
        "cancelled", "The facilitator moved away.", "2027-03-16", None, False, "closed")
    assert [m["status"] for m in off["meetings"]] == ["scheduled"] * 2 + ["cancelled"] * 4
    assert off["meetings"][2] == meeting("2027-03-16T18:00:00-04:00",
                                         "2027-03-16T20:00:00-04:00", "cancelled")
    assert (later["status"], later["status_note"], later["status_from"]) == (
        "postponed", "The room is closed for repairs.", None)
    assert {m["status"] for m in later["meetings"]} == {"cancelled"}
    assert circles["gone"]["status_note"] == "Nobody signed up."


def test_api_waitlist(built):
    _, out = built
    circles = api_circles(out)
    full = circles["full"]
    assert full["signup"] == {"url": "https://forms.example.org/py", "status": "full",
                              "deadline": None,
                              "waitlist_url": "https://forms.example.org/py-waitlist"}
    assert (full["signup_state"], full["waitlist_url"]) == (
        "full", "https://forms.example.org/py-waitlist")
    assert (circles["changed"]["signup"]["waitlist_url"], circles["changed"]["waitlist_url"]) == (
        None, None)


def test_a_waitlist_is_offered_only_while_full(tmp_path, monkeypatch):
    """A closed circle keeps its waitlist form in ``signup`` but offers none."""
    monkeypatch.chdir(tmp_path)
    site = Site(tmp_path)
    site.circle(("  url: https://forms.example.org/py", "  url: https://forms.example.org/py\n"
                 "  status: closed\n  waitlist_url: https://forms.example.org/py-waitlist"))
    (circle,) = api_circles(Built(build_site(site.content, tmp_path / "output", TODAY))).values()
    assert (circle["signup"]["waitlist_url"], circle["signup_state"], circle["waitlist_url"]) == (
        "https://forms.example.org/py-waitlist", "closed", None)


def test_the_api_page_documents_the_new_fields(built):
    _, out = built
    page = out.html("/api/")
    for name in ("status_note", "status_from", "waitlist_url", "signup.waitlist_url",
                 "schedule.changes", "schedule.changes[].moved_to.start_time",
                 "meetings[].status", "meetings[].original_start", "next_meeting.note"):
        assert f"<code>{name}</code>" in page, name
    assert "<strong>Announced start.</strong>" in page
