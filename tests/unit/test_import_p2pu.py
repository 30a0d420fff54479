"""The P2PU importer on answers in exactly the shape of P2PU's API (tests/fixtures/p2pu/,
written from p2pu/learning-circles' serialize_learning_circle and serialize_course): each
circle becomes a valid file whose meetings are the instants P2PU states; what cannot be made
valid goes to needs-review/; re-runs update only the importer's own files; bad input
writes nothing."""

from __future__ import annotations

import json
import shutil
import threading
from datetime import date, datetime, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from catalog.cli import main
from catalog.importer import answers, mapping
from catalog.source.catalog import check_content
from helpers import TODAY

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "p2pu"
SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "p2pu"
CIRCLES, COURSES = FIXTURES / "circles.json", FIXTURES / "courses.json"


def run_import(site, circles=CIRCLES, courses=COURSES, *extra: str) -> int:
    args = ["import", "p2pu", "--circles", str(circles), "--content", "content", *extra]
    return main(args + (["--courses", str(courses)] if courses else []))


def items() -> dict[int, dict]:
    return {i["id"]: i for i in json.loads(CIRCLES.read_text())["items"] if isinstance(i, dict)}


def imported(site):
    checked = check_content(Path("content"), TODAY)
    assert checked.problems == []
    return checked.catalog


def by_title(catalog, title: str):
    (circle,) = [c for c in catalog.circles.values() if c.title == title]
    return circle


@pytest.mark.parametrize("circle_id", [101, 102, 103, 104, 105])
def test_meetings_are_the_instants_p2pu_states(site, circle_id):
    assert run_import(site) == 0
    item = items()[circle_id]
    circle = by_title(imported(site), item["name"])
    assert circle.first_meeting.start == datetime.fromisoformat(item["start_datetime"])
    assert circle.last_meeting.start.date() == date.fromisoformat(item["last_meeting_date"])
    assert len(circle.meetings) == item["weeks"]


def test_a_zone_with_daylight_saving_keeps_the_local_time_across_the_change(site):
    run_import(site)
    circle = by_title(imported(site), "Python at Harold Washington")
    assert circle.schedule.timezone == "America/Chicago"
    assert [m.start.utcoffset().total_seconds() / 3600 for m in circle.meetings] == [
        -6, -5, -5, -5, -5, -5]  # daylight saving time begins on 14 March 2027
    assert {m.start.hour for m in circle.meetings} == {18}


@pytest.mark.parametrize("title, zone, guessed", [
    ("Academic writing circle", "Africa/Nairobi", "from the country KE"),  # no coordinates
    ("Elements of AI online", "Europe/Helsinki", "from the country FI"),  # online
    ("Círculo de Álgebra en Bogotá — «paso a paso»", "America/Bogota", "coordinates"),
])
def test_each_zone_and_how_it_was_found(site, title, zone, guessed):
    run_import(site)
    assert by_title(imported(site), title).schedule.timezone == zone
    report = (site.root / "p2pu-import-report.md").read_text()
    entry = report.split(f"**{title}**")[1].split("\n- **")[0]
    assert f"guessed: time zone {zone} " in entry and guessed in entry


@pytest.mark.parametrize("place, stated, found", [
    ({"latitude": "41.8763", "longitude": "-87.6282"}, "2027-03-03T18:00:00-06:00",
     ("America/Chicago", "from the venue's coordinates, as start_datetime's offset says")),
    ({"city": "Chicago"}, "2027-03-03T18:00:00-06:00",
     ("America/Chicago", "from the city Chicago, as start_datetime's offset says")),
    ({"city": "Chicago", "latitude": "41.8763", "longitude": "-87.6282"},
     "2027-03-03T18:00:00-05:00",
     (None, "no zone of the venue's place has start_datetime's offset (-0500) on 2027-03-03")),
    ({"city": "Peoria"}, "2027-03-03T18:00:00-06:00",
     (None, "P2PU gives no coordinates, and neither the country nor the city names one "
            "time zone: set it by hand")),
])
def test_a_zone_is_only_taken_when_it_has_the_offset_p2pu_states(place, stated, found):
    item = {"country": "United States", "country_en": "United States", "latitude": None,
            "longitude": None, "start_datetime": stated, **place}
    assert mapping.zone_of(item, date(2027, 3, 3), time(18, 0)) == found


def test_an_online_circle_has_no_venue_and_unicode_stays_as_written(site):
    run_import(site)
    catalog = imported(site)
    online = by_title(catalog, "Elements of AI online")
    assert online.online and online.venue is None
    bogota = by_title(catalog, "Círculo de Álgebra en Bogotá — «paso a paso»")
    assert bogota.facilitators == ("José Núñez", "Łucja Żółć")
    assert bogota.venue.city == "Bogotá"
    assert bogota.slug == "circulo-de-algebra-en-bogota-paso-a-paso"


def test_two_circles_of_one_course_share_one_course_file(site):
    run_import(site)
    catalog = imported(site)
    assert by_title(catalog, "Academic writing circle").course == "academic-writing"
    assert sorted(p.name for p in (site.content / "courses").glob("academic-writing*")) == [
        "academic-writing.yaml"]  # and the course listed twice, by one URL, is reported
    report = (site.root / "p2pu-import-report.md").read_text()
    assert ("- **Academic Writing (again)**: skipped\n  - why: the same URL as the course "
            "academic-writing, imported once\n") in report


def test_a_course_already_in_the_content_is_reused_never_overwritten(site):
    before = (site.content / "courses/py4e.md").read_bytes()  # https://www.py4e.com/
    run_import(site)
    catalog = imported(site)
    assert by_title(catalog, "Python at Harold Washington").course == "py4e"
    assert by_title(catalog, "Python in Bronzeville").course == "py4e"
    assert (site.content / "courses/py4e.md").read_bytes() == before
    assert "**Python for Everybody**: already in the content" in (
        site.root / "p2pu-import-report.md").read_text()


@pytest.mark.parametrize("slug, problem", [
    ("python-with-a-break", "schedule: 6 weekly meetings from 2027-03-02 end on 2027-04-06, "
                            "but P2PU's last meeting is on 2027-04-20"),
    ("python-by-the-lake", "schedule.timezone: no zone of the venue's place has "
                           "start_datetime's offset (-0500) on 2027-03-03"),
])
def test_what_cannot_be_made_valid_goes_to_needs_review_with_its_problems(site, slug, problem):
    run_import(site)
    text = (site.root / f"needs-review/circles/{slug}.yaml").read_text()
    assert text.startswith("# Not imported into the catalog")
    assert f"\n# - {problem}" in text
    assert not (site.content / f"circles/{slug}.yaml").exists()
    report = (site.root / "p2pu-import-report.md").read_text()
    assert "| written to needs-review/: not valid as P2PU gives it | 2 | 0 |" in report
    assert "| skipped | 1 | 1 |" in report  # the malformed item and a course listed twice
    assert "  - why: not a learning circle of" in report


def test_a_second_import_updates_the_importers_files_and_leaves_a_persons_alone(site, tmp_path):
    run_import(site)
    edited = site.content / "circles/python-in-bronzeville.yaml"
    edited.write_text(edited.read_text() + "# checked by the branch\n")
    (site.content / "circles/elements-of-ai-online.yaml").unlink()
    newer = tmp_path / "newer.json"
    newer.write_text(CIRCLES.read_text().replace('"name": "Python at Harold Washington"',
                                                 '"name": "Python at Harold Washington (2)"'))
    run_import(site, newer)
    assert "title: Python at Harold Washington (2)" in (
        site.content / "circles/python-at-harold-washington.yaml").read_text()
    assert edited.read_text().endswith("# checked by the branch\n")
    assert not (site.content / "circles/elements-of-ai-online.yaml").exists()
    report = (site.root / "p2pu-import-report.md").read_text()
    assert "| updated from newer data | 1 | 0 |" in report
    assert "| left alone: edited by a person since it was imported | 1 | 0 |" in report
    assert "| left alone: removed by a person since it was imported | 1 | 0 |" in report


def test_an_empty_answer_writes_no_content(site):
    assert run_import(site, FIXTURES / "empty.json", None) == 0
    assert sorted(p.name for p in (site.content / "circles").iterdir()) == []


def test_a_dry_run_writes_nothing(site, capsys):
    assert run_import(site, CIRCLES, COURSES, "--dry-run") == 0
    assert "A dry run: nothing was written." in capsys.readouterr().out
    assert list((site.content / "circles").iterdir()) == []
    assert not (site.root / "needs-review").exists()


@pytest.mark.parametrize("text, message", [
    ("{nope", "is not JSON (line 1, column 2"),
    ('[{"id": 1}]', 'is not an answer of P2PU\'s API: it should be an object with "count" '
                    'and "items"'),
    ('{"items": [{"id": 1}]}', 'is not an answer of P2PU\'s API'),
])
def test_bad_input_says_why_in_one_line_and_writes_nothing(site, capsys, tmp_path, text, message):
    bad = tmp_path / "bad.json"
    bad.write_text(text)
    assert run_import(site, bad) == 1
    out = capsys.readouterr()
    assert message in out.err and len(out.err.strip().splitlines()) == 1
    assert list((site.content / "circles").iterdir()) == []


def test_an_unreachable_url_says_so_and_writes_nothing(site, capsys):
    assert run_import(site, "http://127.0.0.1:9/api/learningcircles/", None) == 1
    err = capsys.readouterr().err
    assert "cannot fetch the learningcircles answer from http://127.0.0.1:9/" in err
    assert list((site.content / "circles").iterdir()) == []


@pytest.fixture
def api(monkeypatch):
    """The circles' answer served in pages of 3 at a local URL; the queries asked for."""
    monkeypatch.setattr(answers, "PAGE", 3)
    whole, asked = json.loads(CIRCLES.read_text()), []

    class Pages(BaseHTTPRequestHandler):
        def do_GET(self):
            asked.append(self.path.split("?")[1])
            offset = int(self.path.split("offset=")[1].split("&")[0])
            page = dict(whole, items=whole["items"][offset:offset + 3])
            self.send_response(200)
            self.end_headers()
            self.wfile.write(json.dumps(page).encode())

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/api/learningcircles/", asked
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("extra, team", [((), ""), (("--team", "42"), "&team_id=42")])
def test_a_url_is_read_page_by_page(site, api, extra, team):
    url, asked = api
    assert run_import(site, url, COURSES, *extra) == 0
    assert asked == [f"limit=3&offset={n}{team}" for n in (0, 3, 6)]
    assert len(imported(site).circles) == 5  # and two to review, one skipped


def test_the_bundled_sample_imports_cleanly(site):
    shutil.copy(Path(__file__).resolve().parents[2] / "content/topics.yaml", site.content)
    assert run_import(site, SAMPLES / "circles.json", SAMPLES / "courses.json") == 0
    catalog = imported(site)
    assert len(catalog.circles) == len(json.loads((SAMPLES / "circles.json").read_text())[
        "items"])
    assert not (site.root / "needs-review").exists()
    report = (site.root / "p2pu-import-report.md").read_text()
    assert "`make validate` passes on content (" in report


def test_an_unknown_organization_is_refused_before_anything_is_written(site, capsys):
    assert run_import(site, CIRCLES, COURSES, "--organization", "nowhere") == 1
    assert "there is no organization 'nowhere'" in capsys.readouterr().err
    assert list((site.content / "circles").iterdir()) == []
