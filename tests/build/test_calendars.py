"""The iCalendar files (site-contract.md, "Data, feeds and embeds"), built for real, parsed
with icalendar and compared with the model's meetings instant for instant."""

import re
from datetime import date, timezone
from pathlib import Path

import pytest
from icalendar import Calendar

from catalog.build import build_site
from helpers import TODAY

# name: (schedule replacement, what it exercises)
ZONES = {
    "toronto": "timezone: America/Toronto\n  start_time: \"18:00\"\n  start_date: 2027-03-02\n"
               "  skip_dates: [2027-03-16]",  # spring forward on March 14, a skip after it
    "sydney": "timezone: Australia/Sydney\n  start_time: \"02:30\"\n  start_date: 2027-03-21",
    "kathmandu": "timezone: Asia/Kathmandu\n  start_time: \"17:15\"\n  start_date: 2027-03-01",
    "stjohns": "timezone: America/St_Johns\n  start_time: \"23:30\"\n  duration_minutes: 90\n"
               "  dates: [2027-03-06, 2027-03-13, 2027-03-14, 2027-04-02]",
}
DATA_FOLDERS = {"api", "feeds", "schemas"}
SCHEDULE = 'timezone: America/Toronto\n  start_time: "18:00"\n  start_date: 2027-03-02'


@pytest.fixture
def zoned(site, build):
    """One circle per zone of ZONES, built; returns (catalog, built site)."""
    for name, schedule in ZONES.items():
        site.circle((SCHEDULE, schedule), ("title: Python", f"title: {name} Python"),
                    name=f"circles/{name}.yaml")
    return site.catalog(), build()


def read(root: Path, path: str) -> Calendar:
    return Calendar.from_ical((root / path.lstrip("/")).read_bytes())


def events(cal: Calendar) -> list:
    return cal.walk("VEVENT")


def utc(moment):
    """Compare instants in UTC: aware datetimes in a DST fold never compare equal across
    zones (PEP 495)."""
    return moment.astimezone(timezone.utc)


@pytest.mark.parametrize("name", ZONES)
def test_events_are_the_models_meetings_instant_for_instant(zoned, name):
    catalog, out = zoned
    circle = catalog.circles[name]
    found = events(read(out.root, f"/circles/{name}/calendar.ics"))
    assert [(utc(e.start), utc(e.end)) for e in found] == [
        (utc(m.start), utc(m.end)) for m in circle.meetings]
    for event, meeting in zip(found, circle.meetings):
        assert event["DTSTART"].params["TZID"] == circle.schedule.timezone
        assert event.start.replace(tzinfo=None) == meeting.start.replace(tzinfo=None)
        assert event.start.utcoffset() == meeting.start.utcoffset()


@pytest.mark.parametrize("name", ZONES)
def test_the_vtimezone_alone_gives_the_right_offsets(zoned, name):
    """A client that only reads the file's VTIMEZONE (not its own zone database) must get
    the same instants: RFC 5545 section 3.6.5."""
    catalog, out = zoned
    cal = read(out.root, f"/circles/{name}/calendar.ics")
    (vtimezone,) = cal.timezones
    tz = vtimezone.to_tz(lookup_tzid=False)
    for event, meeting in zip(events(cal), catalog.circles[name].meetings):
        assert utc(event.start.replace(tzinfo=tz)) == utc(meeting.start)
        assert utc(event.end.replace(tzinfo=tz)) == utc(meeting.end)


def test_dst_and_odd_offsets_are_what_people_expect(zoned):
    catalog, out = zoned
    offsets = {name: [e.start.isoformat() for e in events(read(
        out.root, f"/circles/{name}/calendar.ics"))] for name in ZONES}
    assert offsets["toronto"][:3] == ["2027-03-02T18:00:00-05:00", "2027-03-09T18:00:00-05:00",
                                      "2027-03-23T18:00:00-04:00"]
    assert offsets["toronto"][-1] == "2027-04-13T18:00:00-04:00"  # the skipped one, appended
    assert offsets["sydney"][1:3] == ["2027-03-28T02:30:00+11:00", "2027-04-04T02:30:00+11:00"]
    assert offsets["sydney"][3] == "2027-04-11T02:30:00+10:00"
    assert offsets["kathmandu"][0] == "2027-03-01T17:15:00+05:45"
    assert offsets["stjohns"] == ["2027-03-06T23:30:00-03:30", "2027-03-13T23:30:00-03:30",
                                  "2027-03-14T23:30:00-02:30", "2027-04-02T23:30:00-02:30"]


def test_every_calendar_parses_and_every_tzid_has_a_vtimezone(zoned):
    catalog, out = zoned
    files = sorted(out.root.rglob("*.ics"))
    to_come = sum(m.held and m.to_come(catalog.today)
                  for circle in catalog.circles.values() for m in circle.meetings)
    assert to_come and len(files) == (len(catalog.circles) + to_come + len(catalog.organizations)
                                      + len(catalog.cities) + 1)
    for path in files:
        cal = Calendar.from_ical(path.read_bytes())
        assert cal.get_missing_tzids() == set(), path
        assert cal["VERSION"] == "2.0" and cal["PRODID"]
        for event in events(cal):
            assert {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "LOCATION",
                    "DESCRIPTION", "URL", "STATUS"} <= set(event), path


def test_event_texts(zoned):
    _, out = zoned
    cal = read(out.root, "/circles/toronto/calendar.ics")
    event = events(cal)[0]
    assert cal["X-WR-CALNAME"] == "toronto Python at the Library"
    assert cal["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert event["LOCATION"] == "Toronto Reference Library, 789 Yonge St, Toronto, Canada"
    assert event["URL"] == "/circles/toronto/"
    assert event["UID"] == "toronto-1@learning-circles.invalid"
    assert event["DTSTAMP"].dt.isoformat() == "2027-03-10T00:00:00+00:00"
    assert "Meeting 1 of 6" in event["DESCRIPTION"]
    assert "Course: Python for Everybody (University of Michigan)." in event["DESCRIPTION"]
    assert event["DESCRIPTION"].endswith("Weekly Python.\n\n/circles/toronto/")


def test_online_circle_location(site, build):
    site.circle(("venue:\n  name: Toronto Reference Library\n  address: 789 Yonge St\n"
                 "  city: Toronto\n  country: CA\n", "online: true\n"))
    event = events(read(build().root, "/circles/c/calendar.ics"))[0]
    assert event["LOCATION"] == "Online"


def meeting_links(out, path: str, lang: str = "") -> dict[int, bytes]:
    """The files the "add to calendar" links of a circle's page lead to, by meeting number
    (each link's number, in its path and in the name it downloads as, must agree)."""
    page = out.html(f"{lang}{path}")
    found = re.findall(r'<a class="meeting-calendar" href="(/circles/[^"/]+/meeting-(\d+)\.ics)" '
                       r'download="[^"]*-(\d+)\.ics"', page)
    assert page.count('class="meeting-calendar"') == len(found), "every link has that form"
    assert all(number == named for _, number, named in found)
    return {int(number): read_bytes(out.root, link) for link, number, _ in found}


def read_bytes(root, path: str) -> bytes:
    return (root / path.lstrip("/")).read_bytes()


def test_a_link_per_meeting_to_come_with_the_series_uid(zoned):
    catalog, out = zoned
    series = events(read(out.root, "/circles/sydney/calendar.ics"))
    links = meeting_links(out, "/circles/sydney/")
    assert links, "the page has its meetings' links"
    for number, body in links.items():
        (single,) = events(Calendar.from_ical(body))
        event = series[number - 1]
        assert single["UID"] == event["UID"]
        assert (utc(single.start), utc(single.end)) == (utc(event.start), utc(event.end)), "same instants"
        assert single.start.utcoffset().total_seconds() == 0 and b"VTIMEZONE" not in body
        assert b"DTSTART:" in body and body.count(b"Z\r\n") >= 2, "times written in UTC"
        assert len(body) < 1500


def test_site_and_organization_calendars_hold_the_right_circles(site, build):
    site.circle(name="circles/now.yaml")
    site.circle(("start_date: 2027-03-02", "start_date: 2026-09-01"), name="circles/old.yaml")
    site.circle(("organization: tpl\n", ""), name="circles/alone.yaml")
    out = build()

    def circles_in(path):
        return sorted({str(e["UID"]).split("-")[0] for e in events(read(out.root, path))})
    assert circles_in("/circles.ics") == ["alone", "now"]
    assert circles_in("/organizations/tpl/circles.ics") == ["now", "old"]


def test_uids_are_stable_and_stamps_follow_the_build_date(zoned, site):
    _, out = zoned
    later = build_site(Path("content"), site.root / "later", date(2027, 4, 1))
    for path in ("/circles.ics", "/circles/toronto/calendar.ics"):
        first, second = events(read(out.root, path)), events(read(later, path))
        assert sorted(e["UID"] for e in first) == sorted(e["UID"] for e in second)
        assert {e["DTSTAMP"].dt.date() for e in second} == {date(2027, 4, 1)}


def test_same_date_gives_byte_identical_data(zoned, site):
    _, out = zoned
    again = build_site(Path("content"), site.root / "again", TODAY)
    files = sorted(p.relative_to(out.root) for p in out.root.rglob("*") if p.is_file() and (
        p.suffix == ".ics" or p.relative_to(out.root).parts[0] in DATA_FOLDERS))
    assert files
    for path in files:
        assert (out.root / path).read_bytes() == (again / path).read_bytes(), path


def test_contributor_text_survives_ical_escaping(site, build):
    title = 'Python; "quoted", back\\slash <script>alert(1)</script>'
    site.circle(("title: Python at the Library", f"title: '{title}'"))
    event = events(read(build().root, "/circles/c/calendar.ics"))[0]
    assert event["SUMMARY"] == title


def test_pages_link_to_their_calendars(site, build):
    site.circle()
    out = build()
    page = out.html("/circles/c/")
    assert 'href="/circles/c/calendar.ics"' in page
    assert set(meeting_links(out, "/circles/c/")) == {3, 4, 5, 6}, "meetings to come (the build is on 10 March)"
    assert meeting_links(out, "/circles/c/", "/de") == meeting_links(out, "/circles/c/"), (
        "every language links the same files")
    assert "webcal:" not in page  # no host to subscribe to without SITEURL
    organization = out.html("/organizations/tpl/")
    assert 'href="/organizations/tpl/circles.ics"' in organization


def test_webcal_links_with_siteurl(site, build):
    site.circle()
    out = build(SITEURL="https://circles.example.org")
    assert 'href="webcal://circles.example.org/circles/c/calendar.ics"' in out.html("/circles/c/")
    assert ('href="webcal://circles.example.org/organizations/tpl/circles.ics"'
            in out.html("/organizations/tpl/"))
    event = events(read(out.root, "/circles/c/calendar.ics"))[0]
    assert event["UID"] == "c-1@circles.example.org"
    assert event["URL"] == "https://circles.example.org/circles/c/"


def test_past_meetings_have_no_link_and_no_meeting_file_is_written(site, build):
    """Started 2 March: the first two meetings (2 and 9 March) are past on 10 March."""
    site.circle()
    out = build()
    assert sorted(meeting_links(out, "/circles/c/")) == [3, 4, 5, 6]
    assert sorted(p.name for p in (out.root / "circles/c").glob("meeting-*")) == [
        f"meeting-{n}.ics" for n in (3, 4, 5, 6)], "a file for each meeting to come, no other"


@pytest.mark.parametrize("line", [
    "SUMMARY:short", "DESCRIPTION:" + "x" * 200, "DESCRIPTION:" + "é" * 80,
    "LOCATION:" + "a" * 62 + "\\,b" * 30, "SUMMARY:" + "日本語の勉強会" * 12,
    "X:" + "a" * 71 + "\\n" + "b" * 100, "X:" + "^" * 150, "X:" + "a" * 72, "X:" + "a" * 73,
])
def test_folding_matches_icalendar(line):
    from icalendar.parser.string import _foldline

    from catalog.outputs.calendars import fold
    assert fold(line) == _foldline(line).encode() + b"\r\n"


def test_calendars_of_many_circles_carry_the_facts_without_the_text(site, build):
    site.circle()
    out = build()
    (own,) = events(read(out.root, "/circles/c/calendar.ics"))[:1]
    (shared,) = events(read(out.root, "/circles.ics"))[:1]
    assert own["UID"] == shared["UID"] and own["SUMMARY"] == shared["SUMMARY"]
    text = str(own["DESCRIPTION"]).split("\n\n")
    assert len(text) == 3 and text[1], "facts, the start of the circle's text, the link"
    assert str(shared["DESCRIPTION"]).split("\n\n") == [text[0], text[2]]


def test_the_description_is_cut_at_a_word_with_an_ellipsis():
    from catalog.outputs import calendars
    long = "\n\n".join(f"Paragraph {n} " + "word " * 60 for n in range(40))
    cut = calendars.plain_text(long)
    assert len(cut) <= calendars.DESCRIPTION_CHARS + 1 and cut.endswith("\u2026")
    assert calendars.plain_text("Short *and* sweet.") == "Short and sweet."
    tags = "[link](https://example.org/" + "x" * 2000 + ")"
    assert calendars.plain_text(tags) == "link", "a long tag is not text"
