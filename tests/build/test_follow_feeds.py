"""Feeds and calendars that follow what a person cares about: a course, a topic, a city
(site-contract.md, "Data, feeds and embeds"), read back as feed readers and calendar apps
read them (feedparser, icalendar), and linked from their pages in every language."""

import re

import feedparser
from icalendar import Calendar

LANGUAGES = ["", "/es", "/sw"]  # the default language and two others

PAGES_AND_FEEDS = [
    ("/courses/py4e/", "/feeds/courses/py4e.atom.xml"),
    ("/topics/python/", "/feeds/topics/python.atom.xml"),
    ("/cities/toronto/", "/feeds/cities/toronto.atom.xml"),
]


def two_courses(site) -> None:
    """Circles of py4e in Toronto and Hamilton, one of another course (on R) in Toronto,
    and a past one in Toronto."""
    site.write("courses/r.md", "---\ntitle: R for All\nurl: https://r.example.org/\n"
               "provider: Stats Club\nlanguage: en\ntopics: [statistics]\n"
               "summary: Learn R.\n---\nData.\n")
    site.circle(("title: Python at the Library", "title: Python in Toronto"))
    site.circle(("title: Python at the Library", "title: Python in Hamilton"),
                ("city: Toronto", "city: Hamilton"), name="circles/hamilton.yaml")
    site.circle(("course: py4e", "course: r"), ("title: Python at the Library", "title: R here"),
                name="circles/r.yaml")
    site.circle(("start_date: 2027-03-02", "start_date: 2026-01-05"),
                ("title: Python at the Library", "title: Old Python"), name="circles/old.yaml")


def read_feed(out, path: str):
    feed = feedparser.parse((out.root / path.lstrip("/")).read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


FEED_TITLES = {
    "/feeds/courses/py4e.atom.xml": ["Python in Hamilton", "Python in Toronto"],
    "/feeds/courses/r.atom.xml": ["R here"],
    "/feeds/topics/python.atom.xml": ["Python in Hamilton", "Python in Toronto"],
    "/feeds/topics/statistics.atom.xml": ["R here"],
    "/feeds/cities/toronto.atom.xml": ["Python in Toronto", "R here"],
    "/feeds/cities/hamilton.atom.xml": ["Python in Hamilton"],
}


def test_each_feed_holds_its_current_circles_only(site, build):
    two_courses(site)
    out = build()
    for path, titles in FEED_TITLES.items():
        feed = read_feed(out, path)
        assert sorted(entry.title for entry in feed.entries) == titles, path
        assert feed.feed.links[0].rel == "self" and feed.feed.links[0].href == path


def test_feeds_name_what_they_follow_and_link_its_page(site, build):
    two_courses(site)
    out = build(SITEURL="https://circles.example.org")
    expected = {"/feeds/courses/py4e.atom.xml": "Python for Everybody: learning circles",
                "/feeds/topics/python.atom.xml": "Learning circles on python",  # as written
                "/feeds/cities/toronto.atom.xml": "Learning circles in Toronto"}
    for page, path in PAGES_AND_FEEDS:
        feed = read_feed(out, path).feed
        assert feed.title == expected[path]
        assert feed.link == "https://circles.example.org" + page


def test_a_course_without_circles_has_a_feed_to_wait_on(site, build):
    site.write("courses/r.md", "---\ntitle: R for All\nurl: https://r.example.org/\n"
               "provider: Stats Club\nlanguage: en\ntopics: [statistics]\n"
               "summary: Learn R.\n---\nData.\n")
    site.circle()
    out = build()
    assert read_feed(out, "/feeds/courses/r.atom.xml").entries == []
    page = out.html("/courses/r/")
    assert 'follow <a href="/feeds/courses/r.atom.xml">its feed</a>' in page


def test_pages_link_their_feed_as_alternate_and_visibly(site, build):
    two_courses(site)
    out = build()
    for prefix in LANGUAGES:
        for page, feed in PAGES_AND_FEEDS:
            html = out.html(prefix + page)
            assert re.search(rf'<link rel="alternate" type="application/atom\+xml" '
                             rf'title="[^"]+" href="{re.escape(feed)}">', html), prefix + page
            assert f'<a class="feed-link" href="{feed}">' in html, prefix + page


def test_a_language_page_has_no_feed_of_its_own(site, build):
    site.circle()
    html = build().html("/languages/en/")
    assert "application/atom+xml" not in html and "follow-heading" not in html


def test_a_city_calendar_holds_every_meeting_there(site, build):
    two_courses(site)
    out = build(SITEURL="https://circles.example.org")
    calendar = Calendar.from_ical((out.root / "cities/toronto/circles.ics").read_bytes())
    events = calendar.walk("VEVENT")
    assert {str(e["SUMMARY"]) for e in events} == {"Python in Toronto", "R here", "Old Python"}
    assert len(events) == 3 * 6  # six weekly meetings each, past ones kept
    assert str(calendar["X-WR-CALNAME"]) == "Learning circles in Toronto"
    html = out.html("/es/cities/toronto/")
    assert 'href="webcal://circles.example.org/cities/toronto/circles.ics"' in html
    assert 'href="https://circles.example.org/cities/toronto/circles.ics"' in html


def test_the_api_page_lists_the_new_feeds(site, build):
    site.circle()
    html = build().html("/api/")
    for path in ("/feeds/courses/SLUG.atom.xml", "/feeds/topics/SLUG.atom.xml",
                 "/feeds/cities/SLUG.atom.xml", "/cities/SLUG/circles.ics"):
        assert f"<code>{path}</code>" in html, path


def test_a_feed_is_made_again_only_when_its_circles_change(site, build):
    two_courses(site)
    first = build()
    before = {p: (first.root / p).stat().st_ino for p in
              ("feeds/courses/r.atom.xml", "feeds/courses/py4e.atom.xml")}
    site.circle(("title: Python at the Library", "title: Python in Toronto, again"))
    second = build()
    assert (second.root / "feeds/courses/r.atom.xml").stat().st_ino == before[
        "feeds/courses/r.atom.xml"]
    assert "Python in Toronto, again" in (second.root / "feeds/courses/py4e.atom.xml").read_text()
