"""When plans change, built for real and read back: a cancelled or postponed circle, a
cancelled or moved meeting and a full circle with a waitlist, on the circle's page, its
cards, the listings that hold it and its search record, in English and in German."""

from __future__ import annotations

import gzip
import html
import json
import re
from pathlib import Path

import pytest

# The sample circle (tests/helpers.py) meets on six Tuesdays from 2027-03-02, 18:00 to
# 20:00 in Toronto; the build date is 2027-03-10, between its second and third meeting.
START = ("start_date: 2027-03-02", "start_date: 2027-03-16")  # upcoming: Mar 16 to Apr 20
CANCELLED = ("description: Weekly Python.",
             "description: Weekly Python.\nstatus: cancelled\n"
             "status_note: Not enough people signed up.")
POSTPONED_FROM = ("description: Weekly Python.",
                  "description: Weekly Python.\nstatus: postponed\n"
                  "status_note: The library closes for repairs.\nstatus_from: 2027-03-16")
CHANGES = ("start_date: 2027-03-02", "start_date: 2027-03-02\n  changes:\n"
           "    - {date: 2027-03-16, cancelled: true, note: Snow day.}\n"
           "    - {date: 2027-03-23, moved_to: {date: 2027-03-24, start_time: \"18:30\"},"
           " note: Room booked.}")
WAITLIST = ("url: https://forms.example.org/py",
            "url: https://forms.example.org/py\n  status: full\n"
            "  waitlist_url: https://forms.example.org/py-waitlist")
NNBSP = "\u202f"  # between the time and AM/PM, as CLDR writes English times


def times(day: str, start: str, end: str, shown: str) -> str:
    """The page's time range of one meeting on ``day`` (Eastern daylight time)."""
    first, last = shown.split("-")
    return (f'<span class="meeting-time"><time datetime="{day}T{start}:00-04:00">{first}</time>'
            f' – <time datetime="{day}T{end}:00-04:00">{last}</time> Eastern Time</span>')


def sections(page: str) -> list[tuple[str, list[str]]]:
    """The listing sections of a page: (heading, paths of the cards under it)."""
    out = []
    for block in page.split('<section class="listing-section"')[1:]:
        heading = re.search(r"<h2[^>]*>([^<]*)</h2>", block)
        cards = re.findall(r'<h[23] class="card-title" dir="auto"><a href="([^"]+)"',
                           block.split("</section>")[0])
        out.append((heading.group(1) if heading else "", cards))
    return out


def card(page: str, path: str) -> str:
    """The card on ``page`` linking to ``path``."""
    at = page.index(f'<a href="{path}">')
    return page[page.rindex("<article", 0, at):page.index("</article>", at)]


def finder_words(page: str) -> dict:
    """The words a listing's search interface draws its results with."""
    return json.loads(re.search(r"<script type=\"application/json\" data-finder-words>(.*?)"
                                r"</script>", page, re.S).group(1))


def text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def records(root: Path, bundle: str) -> dict[str, dict]:
    """The search records of one Pagefind bundle of a built site, by URL."""
    out = {}
    for path in (root / "pagefind" / bundle / "fragment").iterdir():
        data = gzip.decompress(path.read_bytes())
        record = json.loads(data.removeprefix(b"pagefind_dcd"))
        out[record["url"]] = record
    return out


def test_a_cancelled_circle_says_so_at_the_top_and_takes_no_signup(site, build):
    site.circle(START, CANCELLED)
    out = build()
    page = out.html("/circles/c/")
    assert ('<p class="eyebrow"><span>Learning circle</span> '
            '<span class="badge status-cancelled">Cancelled</span></p>') in page
    assert ('<section class="plan-change" aria-labelledby="plan-change-heading">\n'
            '<h2 id="plan-change-heading">This circle is cancelled.</h2>\n'
            '<p dir="auto">Not enough people signed up.</p>') in page
    assert ('<meta name="description" content="This circle is cancelled. Not enough people '
            'signed up.">') in page
    assert ("6 weekly meetings on Tuesdays, " + times("2027-03-16", "18:00", "20:00",
                                                      f"6:00{NNBSP}PM-8:00{NNBSP}PM")
            + ", was to start Tuesday, March 16, 2027, at") in page
    assert "starting" not in text(page)
    assert ('<p class="signup-reason">Signup is closed: this circle is cancelled.</p>'
            in page)
    assert 'href="https://forms.example.org/py"' not in page
    # Every meeting stays listed, each one in words, and none offers a calendar.
    assert page.count('<li class="meeting-cancelled">') == 6
    assert page.count(". <strong>Cancelled.</strong></li>") == 6
    assert "meeting-calendar" not in page and "calendar-link" not in page
    german = out.html("/de/circles/c/")
    assert '<h2 id="plan-change-heading">Dieser Lernkreis ist abgesagt.</h2>' in german
    assert ("Die Anmeldung ist geschlossen: Dieser Lernkreis ist abgesagt." in german)
    assert ", sollte am Dienstag, 16. März 2027 beginnen, in" in german
    assert german.count("<strong>Abgesagt.</strong>") == 6


def test_a_circle_postponed_after_it_started_keeps_the_meetings_it_held(site, build):
    site.circle(POSTPONED_FROM)
    out = build()
    page = out.html("/circles/c/")
    assert ('<h2 id="plan-change-heading">This circle is postponed from Tuesday, March 16, '
            "2027 on; the meetings before it took place.</h2>") in page
    assert '<p dir="auto">The library closes for repairs.</p>' in page
    assert ", started Tuesday, March 2, 2027, at" in page
    assert "Signup is closed: this circle is postponed." in page
    assert page.count('<li class="meeting-cancelled">') == 4, "March 16 on"
    assert '<li><time datetime="2027-03-09">Tuesday, March 9, 2027</time>' in page
    assert "Next meeting" not in page
    listing = out.html("/circles/")
    assert sections(listing) == [("Cancelled or postponed", ["/circles/c/"])]
    shown = card(listing, "/circles/c/")
    assert ('<li class="fact-when">Last meeting: Tuesday, <time datetime="2027-03-09">'
            "Mar 9, 2027</time></li>") in shown
    assert '<p class="card-note" dir="auto">The library closes for repairs.</p>' in shown
    assert '<span class="badge status-postponed">Postponed</span>' in shown
    assert '<span class="badge signup-closed">Signup closed</span>' in shown


def test_cancelled_and_moved_meetings_are_named_in_words(site, build):
    site.circle(CHANGES)
    out = build()
    page = out.html("/circles/c/")
    # March 16 is cancelled: the next meeting is the one of March 23, now on March 24.
    moved_times = times("2027-03-24", "18:30", "20:30", f"6:30{NNBSP}PM-8:30{NNBSP}PM")
    assert ('<p class="next-meeting"><strong>Next meeting, moved:</strong> Wednesday, '
            f"March 24, 2027, {moved_times}</p>") in page
    assert ('<li class="meeting-cancelled"><time datetime="2027-03-16">Tuesday, March 16, '
            "2027</time>, " + times("2027-03-16", "18:00", "20:00",
                                     f"6:00{NNBSP}PM-8:00{NNBSP}PM")
            + '. <strong>Cancelled.</strong> <span class="meeting-note" dir="auto">Snow day.'
            "</span></li>") in page
    assert ('<li class="meeting-moved is-next"><time datetime="2027-03-23T18:00:00-04:00">'
            f"Tuesday, March 23, 2027, 6:00{NNBSP}PM</time>. <strong>Moved to</strong> "
            f"Wednesday, March 24, 2027, {moved_times}. "
            '<span class="meeting-note" dir="auto">Room booked.</span> '
            '<a class="meeting-calendar"') in page
    # Calendar links for the held meetings to come only: not the cancelled third one.
    assert re.findall(r'download="c-(\d)\.ics"', page) == ["4", "5", "6"]
    assert "Add to calendar<span class=\"visually-hidden\">: Wednesday, March 24, 2027" in page
    listing = out.html("/circles/")
    assert ('<li class="fact-when">Next meeting, moved: Wednesday, <time datetime='
            f'"2027-03-24T18:30:00-04:00">Mar 24, 2027, 6:30{NNBSP}PM</time> Eastern Time</li>'
            ) in card(listing, "/circles/c/")
    meta = records(out.root, "circles")["/circles/c/"]["meta"]
    # The search result says the same in the page's words (card-when.js; the browser
    # tests compare the two): the sentence and the meeting's time where the circle meets.
    assert meta["when"] == "moved 2027-03-24T18:30" and meta["zone"] == "America/Toronto"
    assert meta["start"] == "2027-03-24T18:30:00-04:00" and meta["status"] == "in-progress"
    assert finder_words(listing)["cards"]["when"]["moved"] == (
        "Next meeting, moved: {weekday}, {date}, {time} {zone}")
    german = out.html("/de/circles/c/")
    assert ("<strong>Verlegt auf</strong> Mittwoch, 24. März 2027, " in german)
    assert "<strong>Nächstes Treffen, verlegt:</strong> Mittwoch, 24. März 2027, " in german
    cards = finder_words(out.html("/de/circles/"))["cards"]
    assert cards["when"]["moved"] == "Nächstes Treffen, verlegt: {weekday}, {date}, {time} {zone}"
    assert cards["zones"]["America/Toronto"] == "Nordamerikanische Ostküstenzeit"


def test_an_upcoming_circle_whose_first_meeting_moved_names_its_new_time(site, build):
    site.circle(START, ("start_date: 2027-03-16", "start_date: 2027-03-16\n  changes:\n"
                        "    - {date: 2027-03-16, moved_to: {date: 2027-03-17, "
                        "start_time: \"19:00\"}}"))
    page = build().html("/circles/c/")
    assert ("<strong>Next meeting, moved:</strong> Wednesday, March 17, 2027, "
            + times("2027-03-17", "19:00", "21:00", f"7:00{NNBSP}PM-9:00{NNBSP}PM")) in page
    # The rhythm and times as announced; the start at the first meeting's new date.
    assert ('<p class="lead">6 weekly meetings on Tuesdays, '
            + times("2027-03-23", "18:00", "20:00", f"6:00{NNBSP}PM-8:00{NNBSP}PM")
            + ", starting Wednesday, March 17, 2027, at") in page
    assert '<li class="meeting-moved">' in page, "not the next in bold before it starts"


def test_a_full_circle_offers_its_waitlist(site, build):
    site.circle(WAITLIST)
    out = build()
    page = out.html("/circles/c/")
    assert ('<p class="signup-reason">This circle is full. You can join the waitlist: the '
            "organizer writes to you if a place opens.</p>\n"
            '<p><a class="button signup-button" href="https://forms.example.org/'
            'py-waitlist">Join the waitlist<span class="visually-hidden"> for Python at the '
            "Library</span></a></p>") in page
    assert 'href="https://forms.example.org/py"' not in page
    listing = out.html("/circles/")
    assert ('<span class="badge signup-waitlist">Full: waitlist open</span>'
            in card(listing, "/circles/c/"))
    words = re.search(r"<script type=\"application/json\" data-finder-words>(.*?)</script>",
                      listing, re.S).group(1)
    assert json.loads(words)["labels"]["signup"]["waitlist"] == "Full: waitlist open"
    assert records(out.root, "circles")["/circles/c/"]["meta"]["signup"] == "waitlist"
    german = out.html("/de/circles/c/")
    assert ('href="https://forms.example.org/py-waitlist">Auf die Warteliste<span '
            'class="visually-hidden"> für Python at the Library</span></a>') in german
    assert ('<span class="badge signup-waitlist">Ausgebucht: Warteliste offen</span>'
            in out.html("/de/circles/"))


def test_a_full_circle_without_a_waitlist_has_no_button(site, build):
    site.circle(("url: https://forms.example.org/py", "url: https://forms.example.org/py\n"
                 "  status: full"))
    out = build()
    page = out.html("/circles/c/")
    assert '<p class="signup-reason">This circle is full: it takes no more signups.</p>' in page
    assert "waitlist" not in page and "signup-button" not in page
    assert ('<span class="badge signup-full">Full</span>'
            in card(out.html("/circles/"), "/circles/c/"))


@pytest.fixture
def two_circles(site, build):
    """``c`` in progress and ``x``, cancelled before its first meeting, on the same course,
    organization, city, language and topics."""
    site.circle()
    site.circle(START, CANCELLED, ("title: Python at the Library", "title: Python later"),
                name="circles/x.yaml")
    return build()


def test_listings_hold_called_off_circles_under_their_own_heading(two_circles):
    out = two_circles
    listing = out.html("/circles/")
    assert sections(listing) == [("In progress", ["/circles/c/"]),
                                 ("Cancelled or postponed", ["/circles/x/"])]
    assert ("1 circle is meeting now or starting soon." in listing)
    shown = card(listing, "/circles/x/")
    assert ('<li class="fact-when">Was to start Tuesday, <time datetime="2027-03-16">'
            "Mar 16, 2027</time></li>") in shown
    assert '<p class="card-note" dir="auto">Not enough people signed up.</p>' in shown
    assert sections(out.html("/de/circles/")) == [("Läuft", ["/de/circles/c/"]),
                                                  ("Abgesagt oder verschoben", ["/de/circles/x/"])]
    for path in ("/courses/py4e/", "/organizations/tpl/"):
        page = out.html(path)
        called_off = page.split('<h2 id="called-off-heading">Cancelled or postponed</h2>')
        assert len(called_off) == 2, path
        assert re.findall(r'class="card-title" dir="auto"><a href="([^"]+)"',
                          called_off[1].split("</section>")[0]) == ["/circles/x/"], path
        assert re.findall(r'class="card-title" dir="auto"><a href="([^"]+)"',
                          called_off[0]) == ["/circles/c/"], path
    for path in ("/cities/toronto/", "/topics/python/"):
        assert sections(out.html(path))[:2] == [("In progress", ["/circles/c/"]),
                                                ("Cancelled or postponed", ["/circles/x/"])], path
    assert sections(out.html("/languages/en/")) == [
        ("In progress", ["/circles/c/"]), ("Cancelled or postponed", ["/circles/x/"]),
        ("Courses", ["/courses/py4e/"])]
    assert "Python later" not in out.html("/"), "the home page lists circles open for signup"


def test_past_lists_say_cancelled_or_postponed_instead_of_ended(site, build):
    past = ("start_date: 2027-03-02", "start_date: 2026-09-01")
    site.circle(past, name="circles/done.yaml")
    site.circle(past, CANCELLED, ("title: Python at the Library", "title: Python never"),
                name="circles/off.yaml")
    site.circle(past, POSTPONED_FROM, ("status_from: 2027-03-16", "status_from: 2026-09-15"),
                ("title: Python at the Library", "title: Python halted"),
                name="circles/halt.yaml")
    out = build()
    listing = out.html("/circles/past/")
    # The most recently finished first: a circle cancelled before it started by the last
    # meeting it announced (October 6, as the completed one), one halted by its last held.
    assert sections(listing) == [("Completed", ["/circles/done/"]),
                                 ("Cancelled or postponed", ["/circles/off/", "/circles/halt/"])]
    assert ("1 circle has finished. <a href=\"/circles/\">See current and upcoming circles</a>."
            " 2 circles were cancelled or postponed.</p>") in listing
    assert ('<li class="fact-when">Was to start Tuesday, <time datetime="2026-09-01">'
            "Sep 1, 2026</time></li>") in card(listing, "/circles/off/")
    assert ('<li class="fact-when">Last meeting: Tuesday, <time datetime="2026-09-08">'
            "Sep 8, 2026</time></li>") in card(listing, "/circles/halt/")
    for path in ("/courses/py4e/", "/organizations/tpl/"):
        past_list = out.html(path).split('<ul class="plain past-list">')[1].split("</ul>")[0]
        assert re.findall(r"<li>(.*?)</li>", past_list) == [
            '<a href="/circles/done/" dir="auto">Python at the Library</a>, ended Oct 6, 2026',
            '<a href="/circles/off/" dir="auto">Python never</a>, cancelled',
            '<a href="/circles/halt/" dir="auto">Python halted</a>, postponed',
        ], path
        assert "Cancelled or postponed" not in out.html(path), "no meeting of them is to come"
    german = out.html("/de/courses/py4e/")
    assert '<a href="/de/circles/off/" dir="auto">Python never</a>, abgesagt' in german
    assert "1 Lernkreis wurde abgesagt oder verschoben." not in out.html("/de/circles/past/")
    assert "2 Lernkreise wurden abgesagt oder verschoben." in out.html("/de/circles/past/")


def test_search_finds_called_off_circles_by_their_status(site, build):
    site.circle()
    site.circle(START, CANCELLED, ("title: Python at the Library", "title: Python later"),
                name="circles/x.yaml")
    site.circle(("start_date: 2027-03-02", "start_date: 2026-09-01"), POSTPONED_FROM,
                ("status_from: 2027-03-16", "status_from: 2026-09-15"),
                ("title: Python at the Library", "title: Python halted"),
                name="circles/halt.yaml")
    out = build()
    listing = out.html("/circles/")
    options = re.findall(r'name="status" value="([^"]+)"( checked data-default)?', listing)
    assert options == [("in-progress", " checked data-default"), ("postponed", ""),
                       ("cancelled", "")]
    bundles = json.loads(html.unescape(re.search(r"data-bundles='([^']*)'", listing).group(1)))
    assert bundles[1] == {"path": "/pagefind/past-circles/", "types": ["circle"],
                          "statuses": ["completed", "postponed", "cancelled"]}
    assert set(records(out.root, "circles")) == {"/circles/c/"}
    past = records(out.root, "past-circles")
    assert set(past) == {"/circles/x/", "/circles/halt/"}
    cancelled = past["/circles/x/"]
    assert cancelled["filters"]["status"] == ["cancelled"]
    assert past["/circles/halt/"]["filters"]["status"] == ["postponed"]
    assert cancelled["meta"]["when"] == "was 2027-03-16" and "zone" not in cancelled["meta"]
    assert finder_words(out.html("/de/circles/"))["cards"]["when"]["was"] == (
        "Geplanter Beginn: {weekday}, {date}")
    assert cancelled["meta"]["note"] == "Not enough people signed up."
    assert cancelled["meta"]["signup"] == "closed"
    assert "Not enough people signed up." in cancelled["content"]
    german = out.html("/de/circles/")
    assert re.findall(r'value="(postponed|cancelled)"> <span class="facet-label" dir="auto">'
                      r"([^<]+)</span>", german) == [("postponed", "Verschoben"),
                                                      ("cancelled", "Abgesagt")]


def test_the_organizations_page_counts_called_off_circles_apart(site, build):
    site.circle()
    site.circle(START, CANCELLED, name="circles/off.yaml")
    site.circle(("start_date: 2027-03-02", "start_date: 2027-01-05"), name="circles/old.yaml")
    out = build()
    card = out.html("/organizations/").split('<li class="card">')[1]
    assert ("1 current or upcoming circle, 1 cancelled or postponed, and 1 past circle"
            in text(card))
    assert "1 laufender oder kommender Lernkreis" in text(out.html("/de/organizations/"))
    assert "1 abgesagt oder verschoben" in text(out.html("/de/organizations/"))
