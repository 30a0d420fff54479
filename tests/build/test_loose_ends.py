"""Details of the visitor's journey, built for real and read back: the calendar offer of a
finished circle, a course page's facts, license and "no circle yet" advice, the 404 page's
frame, the API page's scrolling tables and the Swahili word for circles."""

import re
from pathlib import Path

import pytest

from catalog.outputs import render
from helpers import COURSE

ROOT = Path(__file__).resolve().parents[2]
CALENDAR_OFFER = "Add all meetings to your calendar"


def write_course(site, *lines: str) -> None:
    """The valid course with ``lines`` added to its front matter."""
    site.write("courses/py4e.md", COURSE.replace("language: en\n", "language: en\n" + "".join(
        line + "\n" for line in lines), 1))


# -- a circle's calendar offer --------------------------------------------------------------

@pytest.mark.parametrize("start, offered", [
    ("2027-03-02", True),   # in progress: meetings to come
    ("2027-04-06", True),   # upcoming
    ("2027-02-03", True),   # its sixth and last meeting is today, the build date
    ("2026-09-01", False),  # finished
])
def test_all_meetings_offered_for_the_calendar_only_while_a_meeting_is_to_come(
        site, build, start, offered):
    site.circle(("start_date: 2027-03-02", f"start_date: {start}"))
    page = build().html("/circles/c/")
    assert (CALENDAR_OFFER in page) is offered
    assert ('class="calendar-link"' in page) is offered


# -- a course page ---------------------------------------------------------------------------

def facts(page: str) -> dict[str, str]:
    """The "At a glance" list of a page: term -> description (its HTML)."""
    return dict(re.findall(r"<dt>(.*?)</dt><dd[^>]*>(.*?)</dd>", page))


def test_format_shown_only_when_it_is_not_a_course(site, build):
    site.circle()
    assert "Format" not in facts(build().html("/courses/py4e/"))
    write_course(site, "format: book")
    assert facts(build().html("/courses/py4e/"))["Format"] == "Book"


@pytest.mark.parametrize("written", ["CC-BY-NC-SA-4.0", "cc-by-nc-sa-4.0"])
def test_spdx_license_shown_by_name_linked_to_its_text(site, build, written):
    write_course(site, f"license: {written}")
    out = build()
    assert facts(out.html("/courses/py4e/"))["License"] == (
        '<a href="https://spdx.org/licenses/CC-BY-NC-SA-4.0.html">Creative Commons Attribution'
        " Non Commercial Share Alike 4.0 International</a>")
    # The list names licenses in English only: marked so on a page in another language.
    assert facts(out.html("/es/courses/py4e/"))["Licencia"].startswith(
        '<a href="https://spdx.org/licenses/CC-BY-NC-SA-4.0.html" lang="en">Creative Commons')


def test_license_that_is_no_spdx_identifier_shown_as_written(site, build):
    write_course(site, 'license: "All rights reserved <free to read>"')
    assert facts(build().html("/courses/py4e/"))["License"] == (
        "All rights reserved &lt;free to read&gt;")


def test_license_names_come_from_the_spdx_list():
    assert render.spdx_license("MIT").name == "MIT License"
    assert render.spdx_license(" cc-by-4.0 ").id == "CC-BY-4.0"
    assert render.spdx_license("Public domain") is None
    assert render.spdx_license("") is None


START_ONE = "Anyone can start a learning circle on this course"


def test_course_without_circles_says_how_to_start_one_and_offers_the_feed(site, build):
    out = build()
    page = out.html("/courses/py4e/")
    assert "No circle is planned right now." in page
    assert START_ONE in page
    assert 'follow <a href="/feeds/courses/py4e.atom.xml">its feed</a> in your feed reader' in page
    assert (out.root / "feeds/courses/py4e.atom.xml").is_file()


def test_course_with_an_open_circle_does_not_ask_to_start_one(site, build):
    site.circle()
    page = build().html("/courses/py4e/")
    assert "Python at the Library" in page
    assert START_ONE not in page and "No circle is planned" not in page


def test_course_whose_circles_are_all_closed_says_how_to_start_one(site, build):
    site.circle(("url: https://forms.example.org/py",
                 "url: https://forms.example.org/py\n  status: full"))
    page = build().html("/courses/py4e/")
    assert "Python at the Library" in page and "No circle is planned" not in page
    assert START_ONE in page


def test_course_advice_is_translated(site, build):
    page = build().html("/fr/courses/py4e/")
    assert "Tout le monde peut lancer un cercle" in page
    assert 'suivez <a href="/feeds/courses/py4e.atom.xml">son flux</a>' in page


# -- the 404 page and the API page -----------------------------------------------------------

def test_not_found_page_content_sits_in_the_page_frame(site, build):
    page = (build().root / "404.html").read_text(encoding="utf-8")
    main = page[page.index('<main id="main"'):]
    # The frame (.wrap) keeps its side padding: the heading is inside it, not on it.
    assert re.search(r'<div class="wrap">\s*<header class="page-header">\s*<h1>Page not found',
                     main)


def test_api_tables_scroll_in_labelled_focusable_regions_with_a_hint(site, build):
    site.circle()
    page = build().html("/api/")
    boxes = re.findall(r"<div class=\"table-scroll\"[^>]*>", page)
    assert len(boxes) >= 5
    for box in boxes:
        assert 'tabindex="0"' in box and 'role="region"' in box and "aria-labelledby=" in box
    hints = page.count('<p class="scroll-hint">Scroll the table sideways to see all its columns.</p>')
    assert hints == len(boxes)


# -- Swahili ---------------------------------------------------------------------------------

def test_swahili_calls_circles_vikundi_throughout():
    text = (ROOT / "theme/translations/sw/LC_MESSAGES/messages.po").read_text(encoding="utf-8")
    translations = "\n".join(re.findall(r'^msgstr(?:\[\d\])? "(.*)"$', text, re.MULTILINE))
    assert "duara" not in translations
    assert "Onyesha vikundi kwenye tovuti yako" in translations
