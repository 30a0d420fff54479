"""When plans change, in a real browser on the bundled content (built for 2027-03-10, when
bpl-statistics-2027 is cancelled before it started, cpl-mit-python-2027 is upcoming with a
cancelled and a moved meeting, and bpl-think-python-2027 is full with a waitlist): axe-core
finds nothing on their pages and on /circles/, in English and in German, at 1280 and 320 px
wide; and the circle search finds the cancelled circle once "Cancelled" is ticked."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

CANCELLED, CHANGED, WAITLIST = ("bpl-statistics-2027", "cpl-mit-python-2027",
                                "bpl-think-python-2027")
PATHS = ("/circles/", f"/circles/{CANCELLED}/", f"/circles/{CHANGED}/", f"/circles/{WAITLIST}/")
CASES = [(lang, width) for lang in ("", "/de") for width in (1280, 320)]
SETTLED = """() => { const s = document.querySelector('[data-status]');
  return s && s.textContent && !document.querySelector('[data-finder][aria-busy]'); }"""


def test_the_sample_circles_are_in_the_states_checked_here(sample_site):
    circles = sample_site.catalog.circles
    assert circles[CANCELLED].status == "cancelled"
    assert [m.status for m in circles[CHANGED].changed_meetings] == ["cancelled", "moved"]
    assert circles[CHANGED].status == "upcoming"
    assert (circles[WAITLIST].signup_state, circles[WAITLIST].status) == ("full", "upcoming")
    assert circles[WAITLIST].signup.waitlist_url


@pytest.mark.parametrize("prefix, width", CASES, ids=[f"{p.strip('/') or 'en'}-{w}" for p, w in CASES])
def test_changed_plans_pass_axe(page, sample_site, axe, prefix, width):
    found = axe.sweep(page, sample_site.url + prefix, PATHS, width)
    assert not found, "\n".join(found)
    assert not page.errors, page.errors


def test_the_waitlist_button_leads_to_the_waitlist_form(page, sample_site):
    page.goto(f"{sample_site.url}/circles/{WAITLIST}/")
    button = page.get_by_role("link", name="Join the waitlist for Think Python reading circle "
                                           "at the Central Library")
    assert button.get_attribute("href") == sample_site.catalog.circles[WAITLIST].signup.waitlist_url
    assert page.get_by_role("link", name="Sign up for Think Python reading circle at the "
                                         "Central Library").count() == 0


def test_the_banner_is_a_heading_under_the_title(page, sample_site):
    page.goto(f"{sample_site.url}/de/circles/{CANCELLED}/")
    headings = page.eval_on_selector_all("h1, h2", "hs => hs.map(h => h.textContent.trim())")
    assert headings[:3] == ["Statistics without fear", "Dieser Lernkreis ist abgesagt.", "Anmelden"]


def test_ticking_cancelled_finds_the_cancelled_circle(page, sample_site):
    page.goto(f"{sample_site.url}/circles/")
    page.wait_for_selector("[data-finder]:not([hidden])")
    status = page.locator("[data-facet=status]")
    for value in ("in-progress", "upcoming"):
        before = page.url
        status.locator(f"input[value='{value}']").uncheck()
        page.wait_for_function("u => location.href !== u", arg=before)
    before = page.url
    status.locator("input[value=cancelled]").check()
    page.wait_for_function("u => location.href !== u", arg=before)
    assert page.url.endswith("/circles/?status=cancelled")
    page.wait_for_function(SETTLED)
    page.wait_for_timeout(50)
    cards = page.locator("[data-results] .card")
    assert cards.count() == 1
    assert cards.locator(".card-title a").get_attribute("href") == f"/circles/{CANCELLED}/"
    assert cards.locator(".fact-when").text_content() == "Was to start Monday, Mar 15, 2027"
    assert cards.locator(".card-note").text_content() == (
        sample_site.catalog.circles[CANCELLED].status_note)
    assert cards.locator(".badge").all_text_contents() == ["Cancelled", "Signup closed"]
    assert page.text_content("[data-status]") == "1 circle found"
    assert not page.errors, page.errors
