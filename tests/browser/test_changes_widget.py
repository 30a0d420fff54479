"""When plans change, in the script widget on another site (README, "Embedding"): a circle
cancelled or postponed while meetings of it were still to come shows under its status with
the note saying why, a moved next meeting says so, a full circle offers its waitlist, in the
host page's language and in the words of the circle's own page; axe finds nothing there nor
in the iframe page."""

from __future__ import annotations

import pytest

from changes_content import CANCELLED, CHANGED, FULL, PAST, POSTPONED, write_changes_content
from helpers import Site
from test_embed import WIDGET, hosting

pytestmark = pytest.mark.browser

NOW = "2027-03-10T12:00:00-05:00"  # the build date, as the reader's clock: dates omit the year
N = "\u202f"  # CLDR's narrow space before AM/PM
SHOWN = {
    "en": [
        [CHANGED, f"Next meeting, moved: Wed, Mar 24, 6:30{N}PM Eastern Time",
         "The room is booked; we meet on Wednesday.", "Toronto Reference Library, Toronto",
         "Signup open"],
        [FULL, f"Starts: Thu, Mar 18, 6:00{N}PM Eastern Time", "Toronto Reference Library, Toronto",
         "Full: waitlist open"],
        [POSTPONED, "Postponed", "The room is under repair.", "Toronto Reference Library, Toronto"],
        [CANCELLED, "Cancelled", "The facilitator is ill.", "Toronto Reference Library, Toronto"],
    ],
    "fr": [
        [CHANGED, "Prochaine rencontre, déplacée: mer. 24 mars, 18:30 heure de l’Est nord-américain",
         "The room is booked; we meet on Wednesday.", "Toronto Reference Library, Toronto",
         "Inscriptions ouvertes"],
        [FULL, "Début: jeu. 18 mars, 18:00 heure de l’Est nord-américain",
         "Toronto Reference Library, Toronto", "Complet : liste d’attente ouverte"],
        [POSTPONED, "Reportés", "The room is under repair.", "Toronto Reference Library, Toronto"],
        [CANCELLED, "Annulés", "The facilitator is ill.", "Toronto Reference Library, Toronto"],
    ],
}


@pytest.fixture(scope="module")
def host(site_factory, tmp_path_factory):
    content = Site(tmp_path_factory.mktemp("changes"))
    write_changes_content(content)
    with hosting(site_factory(content.content), tmp_path_factory) as h:
        yield h


def host_page(host, lang: str, **data: str) -> str:
    """A page of the library's site in ``lang`` with the widget for its circles."""
    name = f"changes-{lang}-{'-'.join(data.values()) or 'all'}.html"
    (host.root / name).write_text(
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>Library</title>'
        f'<link rel="icon" href="data:,"></head><body><main><h1>Library</h1>'
        f'{host.widget(organization="tpl", **data)}</main></body></html>', encoding="utf-8")
    return f"{host.url}/{name}"


def items(page) -> list[list[str]]:
    """Each circle the widget shows, as its lines: title, when or status, note, where, badge."""
    page.wait_for_selector(WIDGET)
    return page.locator(f"{WIDGET} li").evaluate_all(
        "lis => lis.map(li => [...li.children].map(e => e.textContent))")


@pytest.mark.parametrize("lang", SHOWN)
def test_widget_shows_changed_plans_in_the_host_pages_language(page, host, lang):
    page.clock.set_fixed_time(NOW)
    page.goto(host_page(host, lang))
    assert items(page) == SHOWN[lang]
    assert page.locator(WIDGET).get_attribute("lang") == lang
    notes = page.locator(f"{WIDGET} .note").evaluate_all(
        "ps => ps.map(p => [p.lang, p.dir])")
    assert notes == [["en", "auto"]] * 3
    assert not page.errors, page.errors


@pytest.mark.parametrize("lang", SHOWN)
def test_widget_words_are_the_circle_pages(page, host, lang):
    page.clock.set_fixed_time(NOW)
    page.goto(host_page(host, lang))
    changed, _, _, cancelled = items(page)
    prefix = "" if lang == "en" else f"/{lang}"
    page.goto(f"{host.site.url}{prefix}/circles/changed/")
    moved = page.locator(".next-meeting strong").text_content()
    assert changed[1].startswith(moved.rstrip(" :") + ": "), (moved, changed[1])
    page.goto(f"{host.site.url}{prefix}/circles/cancelled/")
    assert page.locator(".eyebrow .badge").text_content() == cancelled[1]
    assert page.locator(".plan-change p").text_content() == cancelled[2]


@pytest.mark.parametrize(("status", "titles"), [
    ("cancelled", [CANCELLED]),  # not the one whose meetings have all passed
    ("postponed,cancelled", [POSTPONED, CANCELLED]),
    ("upcoming,in-progress", [CHANGED, FULL]),
])
def test_status_filter_takes_called_off_circles_while_still_planned(page, host, status, titles):
    page.goto(host_page(host, "en", status=status))
    assert [item[0] for item in items(page)] == titles
    assert PAST not in page.locator(WIDGET).inner_text()


def test_widget_and_iframe_with_changed_plans_pass_axe(page, host, axe):
    page.goto(host_page(host, "en"))
    page.wait_for_selector(f"{WIDGET} .note")
    violations = axe.violations(page)
    assert not violations, axe.report(violations)
    for path in ("/embed/organizations/tpl/", "/fr/embed/organizations/tpl/"):
        page.goto(host.site.url + path)
        assert page.locator(".called-off h2").all_text_contents()
        violations = axe.violations(page)
        assert not violations, f"{path}: {axe.report(violations)}"
    page.emulate_media(color_scheme="dark")
    page.goto(host_page(host, "en", theme="dark"))
    page.wait_for_selector(f"{WIDGET}.dark .note")
    violations = axe.violations(page)
    assert not violations, "dark widget: " + axe.report(violations)
