"""A circle page's "add to calendar" link downloads that meeting as an .ics file."""

from __future__ import annotations

import pytest
from icalendar import Calendar

pytestmark = pytest.mark.browser


def test_add_to_calendar_downloads_the_meeting(page, sample_site, sample_pages, tmp_path):
    page.goto(sample_site.url + sample_pages["circle-open"])
    link = page.locator("a.meeting-calendar").first
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename.endswith(".ics")
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    (event,) = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    slug = sample_pages["circle-open"].strip("/").split("/")[-1]
    assert str(event["UID"]).startswith(f"{slug}-")
    assert not page.errors
