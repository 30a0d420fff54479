"""A circle's search result says when and how often it meets in the words of its card.

The index holds these facts in no language (search.card_when); card-when.js writes them with
the page's sentences (pages.card_words) and formats dates and times by the CLDR patterns
Babel formats the page's own cards with. Checked here in the browser against the build's
Python: every date and time pattern of many languages, and every circle of the sample site
(and two more, so that each sentence is said) in each of the site's languages."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from markupsafe import Markup

import pelicanconf
from catalog.outputs import pages, render, search
from catalog.outputs.site import Site
from catalog.source.catalog import load_catalog
from helpers import TODAY

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = tuple(pelicanconf.CATALOG_LANGUAGES)
SITE = Site.from_settings({"CATALOG_LANGUAGES": list(LANGUAGES),
                           "THEME": str(ROOT / "theme")}, TODAY)
# The site's languages and others a site may add: other scripts, 12-hour clocks written
# before the time, patterns with literal text.
LOCALES = (*LANGUAGES, "ja", "zh", "ko", "ar", "he", "hi", "tr", "ru", "uk", "nl", "it",
           "sv", "da", "cs", "vi", "id", "el", "am", "bn", "fa")
# Every hour of the day and both edges of it, a day in each month, each weekday.
MOMENTS = [datetime(2027, 1, 1) + timedelta(days=37 * i, hours=i, minutes=(7 * i) % 60)
           for i in range(24)] + [datetime(2027, 12, 31, 23, 59), datetime(2028, 2, 29, 12, 0)]

# The sample's Saturday circle in Chicago (next meeting on 13 March), twice more: with that
# meeting moved, and postponed from it on, after it started.
SATURDAYS = "circles/cpl-personal-finance-2027.md"
VARIANTS = {
    "moved": ('  meetings: 6\n', '  meetings: 6\n  changes:\n    - {date: 2027-03-13, moved_to: '
              '{date: 2027-03-14, start_time: "11:00"}, note: Room booked.}\n'),
    "halted": ('capacity: 12\n', 'capacity: 12\nstatus: postponed\nstatus_from: 2027-03-13\n'
               'status_note: The library closes for repairs.\n'),
}


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    """The sample catalog with a circle of each sentence a card says of when it meets."""
    content = tmp_path_factory.mktemp("card-when") / "content"
    shutil.copytree(ROOT / "content", content)
    text = (content / SATURDAYS).read_text(encoding="utf-8")
    for name, (old, new) in VARIANTS.items():
        assert old in text
        (content / "circles" / f"{name}.md").write_text(text.replace(old, new), encoding="utf-8")
    return load_catalog(content, TODAY)


def module(page, sample_site):
    page.goto(f"{sample_site.url}/")
    page.evaluate("async (url) => { window.cardWhen = await import(url); }",
                  f"{sample_site.url}/theme/js/card-when.js")


@pytest.mark.parametrize("locale", LOCALES)
def test_dates_and_times_are_written_as_babel_writes_them(page, sample_site, locale):
    module(page, sample_site)
    moments = [{"year": m.year, "month": m.month, "day": m.day, "weekday": m.weekday(),
                "hour": m.hour, "minute": m.minute} for m in MOMENTS]
    written = page.evaluate("""([moments, calendar]) => moments.map((t) => [
        window.cardWhen.formatPattern(calendar.date, t, calendar),
        window.cardWhen.formatPattern(calendar.time, t, calendar),
        calendar.days[t.weekday]])""", [moments, render.calendar_words(locale)])
    expected = [[render.medium_date(m, locale), render.clock(m, locale),
                 render.weekday(m, locale)] for m in MOMENTS]
    assert written == expected


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_circle_s_result_says_what_its_card_says(page, sample_site, catalog, lang):
    env = pages.language_environment(SITE, lang, catalog)
    macros = env.get_template("macros.html").module
    found = search.finder(catalog, "circle")
    cards = pages.card_words(env, found)
    circles = catalog.listed_circles
    forms = {render.when_of(c)[0] for c in circles}
    assert forms == set(render.WHEN_FORMS), f"not every sentence is shown: {forms}"
    metas = [search.card_when(c) for c in circles]
    module(page, sample_site)
    written = page.evaluate("""([metas, cards]) => metas.map((meta) => [
        window.cardWhen.cardWhen(meta, cards), window.cardWhen.cardRhythm(meta, cards)])""",
                            [metas, cards])
    expected = [[str(macros.card_when(c)), str(macros.rhythm(c))] for c in circles]
    # The card's HTML as text, each run of white space as one space (the narrow no-break
    # space of "6:00 PM" too).
    as_text = [[Markup(when).striptags(), Markup(rhythm).striptags()] for when, rhythm in expected]
    assert [[" ".join(w.split()), r] for w, r in written] == as_text
    assert all(w and r for w, r in written)
