"""A meeting's time, written one way everywhere (issue "Find a circle in seconds": "Times
people read, one way everywhere"): the circle page, its card, its search result, the widget
on a library's site and the iframe all write the same start time and zone name, in each of
the nine languages, as CLDR writes them for that language, and no page shows an IANA zone
identifier outside the API's documentation."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest

import pelicanconf
from catalog.outputs import render, urls
from test_embed import WIDGET, hosting

pytestmark = pytest.mark.browser

LANGUAGES = tuple(pelicanconf.CATALOG_LANGUAGES)
ORG = "toronto-public-library"


@pytest.fixture(scope="module")
def host(sample_site, tmp_path_factory):
    with hosting(sample_site, tmp_path_factory) as h:
        yield h


def prefix(lang: str) -> str:
    return "" if lang == LANGUAGES[0] else f"/{lang}"


def circle_of(catalog):
    """An upcoming circle of the organization, whose card says "Starts ..."."""
    return next(c for c in catalog.current_circles if c.organization == ORG)


def norm(value: str) -> str:
    """Whitespace as one space: the narrow no-break space of "6:30 PM" included."""
    return " ".join(value.split())


def text(page, selector: str) -> str:
    return norm(page.locator(selector).first.inner_text())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_same_meeting_time_on_the_page_card_search_widget_and_iframe(page, host, lang):
    site = host.site
    circle = circle_of(site.catalog)
    start, zone = circle.next_meeting.start, circle.schedule.timezone
    written = render.meeting_time(start, zone, lang)
    clock, name = render.clock(start, lang), render.zone_name(zone, lang)
    assert zone not in written and clock and name
    written, clock = norm(written), norm(clock)

    # The circle page: the next meeting's start and the zone, in the page's language.
    page.goto(f"{site.url}{prefix(lang)}/circles/{circle.slug}/")
    lead = text(page, ".detail-header .lead")
    assert clock in lead and name in lead, lead
    schedule = text(page, "section[aria-labelledby=schedule-heading]")
    assert name in schedule and zone not in schedule, schedule

    # Its card on the organization's page, and its search result.
    page.goto(f"{site.url}{prefix(lang)}/organizations/{ORG}/")
    card = page.locator(".circle-card", has=page.locator(f"a[href$='/circles/{circle.slug}/']"))
    static = norm(card.locator(".fact-when").inner_text())
    assert static.endswith(written), static

    page.goto(f"{site.url}{prefix(lang)}/circles/?q={quote(circle.title)}")
    page.wait_for_selector("[data-results] .fact-when")
    found = page.locator(f"[data-results] .card-title a[href$='/circles/{circle.slug}/']")
    found.wait_for()
    result = page.locator("[data-results] article",
                          has=page.locator(f".card-title a[href$='/circles/{circle.slug}/']"))
    assert norm(result.locator(".fact-when").inner_text()) == static

    # The widget and the iframe on a library's site.
    page.goto(host.page(host.widget(organization=ORG, lang=lang)))
    page.wait_for_selector(WIDGET)
    item = page.locator(f"{WIDGET} li", has=page.locator(f"a[href$='/circles/{circle.slug}/']"))
    widget = norm(item.locator(".when").inner_text())
    assert widget.endswith(written), widget

    page.goto(f"{site.url}{prefix(lang)}{urls.embed_frame_path(site.catalog.organizations[ORG])}")
    frame = page.locator(".circle-card", has=page.locator(f"a[href$='/circles/{circle.slug}/']"))
    assert norm(frame.locator(".fact-when").inner_text()) == static


IANA = re.compile(r"\b(?:Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific|Etc)/[A-Z][A-Za-z_+-]+")
TAGS = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.S)


def test_no_page_shows_an_iana_zone_identifier(sample_site):
    shown = []
    for page in sorted(sample_site.root.rglob("*.html")):
        relative = page.relative_to(sample_site.root).as_posix()
        if relative.split("/")[0] in ("api",) or "/api/" in f"/{relative}":
            continue  # the API's documentation names its fields' values
        visible = unescape(TAGS.sub(" ", page.read_text(encoding="utf-8")))
        shown += [f"{relative}: {m}" for m in IANA.findall(visible)]
    assert not shown, shown[:10]


def reader_page(browser, zone: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, timezone_id=zone,
                                  locale="en-US", service_workers="block")
    return context, context.new_page()


def test_an_online_circles_page_adds_the_readers_own_time_when_it_differs(browser, sample_site):
    circle = next(c for c in sample_site.catalog.current_circles if c.online)
    meeting = circle.next_meeting
    context, page = reader_page(browser, "Asia/Tokyo")
    try:
        page.goto(f"{sample_site.url}/circles/{circle.slug}/")
        note = page.locator(".next-meeting .your-time")
        note.wait_for()
        tokyo = meeting.start.astimezone(ZoneInfo("Asia/Tokyo"))
        end = meeting.end.astimezone(ZoneInfo("Asia/Tokyo"))
        day = tokyo.strftime("%A ") if tokyo.date() != meeting.start.date() else ""
        want = (f"({day}{render.clock(tokyo)} – {render.clock(end)} your time)")
        assert norm(note.inner_text()) == norm(want)
        # Every meeting of the list has one, after the circle's own time.
        assert page.locator(".meetings .your-time").count() == len(circle.meetings)
    finally:
        context.close()
    context, page = reader_page(browser, circle.schedule.timezone)
    try:
        page.goto(f"{sample_site.url}/circles/{circle.slug}/")
        page.wait_for_load_state("load")
        page.wait_for_timeout(100)
        assert page.locator(".your-time").count() == 0  # the same zone: nothing to add
    finally:
        context.close()


def test_an_in_person_circles_page_keeps_its_own_time_only(browser, sample_site):
    circle = next(c for c in sample_site.catalog.current_circles if not c.online)
    context, page = reader_page(browser, "Asia/Tokyo")
    try:
        page.goto(f"{sample_site.url}/circles/{circle.slug}/")
        page.wait_for_load_state("load")
        page.wait_for_timeout(100)
        assert page.locator(".your-time").count() == 0
        assert page.locator("script[src$='local-time.js']").count() == 0
    finally:
        context.close()
