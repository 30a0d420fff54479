"""The JSON API v1 (site-contract.md, "Data, feeds and embeds") and its schemas, built from
the bundled content and from scratch sites, read back and compared with the files."""

import json
from pathlib import Path

import pytest

import pelicanconf
from catalog.outputs import api, render
from catalog.source import schemas
from catalog.build import ROOT, build_site
from catalog.source.catalog import load_catalog
from catalog.source.load import load_file
from helpers import TODAY

SITEURL = "https://circles.example.org"


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    """The bundled content, built with SITEURL; returns (catalog, output folder)."""
    out = tmp_path_factory.mktemp("bundled") / "output"
    build_site(ROOT / "content", out, TODAY, overrides={"SITEURL": SITEURL,
                                                        "CATALOG_SEARCH": False})
    return load_catalog(ROOT / "content", TODAY), out


def read(out: Path, path: str) -> dict:
    return json.loads((out / path.lstrip("/")).read_text(encoding="utf-8"))


def loaded(kind: str) -> dict[str, dict]:
    """Every bundled file of a kind, as the loader reads it, by slug."""
    folder = ROOT / "content" / schemas.FOLDERS[kind]
    docs = (load_file(path, kind, str(path))[0] for path in sorted(folder.iterdir()))
    return {doc.slug: doc.data for doc in docs}


def assert_round_trip(written: dict, served: dict, kind: str, key: tuple = ()) -> None:
    """Every value written is served as written; every field of the schema is served
    (in a list of objects, such as schedule.changes, each item's)."""
    for name, value in written.items():
        if isinstance(value, dict):
            assert_round_trip(value, served[name], kind, key + (name,))
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            assert len(served[name]) == len(value), (key, name)
            for item, served_item in zip(value, served[name]):
                assert_round_trip(item, served_item, kind, key + (name, 0))
        else:
            assert served[name] == value, (key, name)
    assert set(schemas.field_names(kind, key)) <= set(served), key


@pytest.mark.parametrize("kind, plural", [("course", "courses"), ("circle", "circles"),
                                          ("organization", "organizations")])
def test_every_field_round_trips(bundled, kind, plural):
    _, out = bundled
    served = {item["slug"]: item for item in read(out, f"/api/v1/{plural}.json")[plural]}
    files = loaded(kind)
    assert sorted(served) == sorted(files)
    for slug, data in files.items():
        assert_round_trip(data, served[slug], kind)


@pytest.mark.parametrize("kind", api.KINDS)
def test_responses_validate_against_their_schemas(bundled, kind):
    _, out = bundled
    api.validator(kind).validate(read(out, f"/api/v1/{kind}.json"))


def test_organization_circles_validate_and_filter(bundled):
    catalog, out = bundled
    for slug in catalog.organizations:
        body = read(out, f"/api/v1/organizations/{slug}/circles.json")
        api.validator("circles").validate(body)
        assert {c["organization"] for c in body["circles"]} <= {slug}
        assert len(body["circles"]) == len(catalog.circles_of(slug))


def test_invalid_responses_are_rejected():
    validator = api.validator("circles")
    assert not validator.is_valid({"version": 1, "generated": "2027-03-10",
                                   "circles": [{"slug": "x"}]})
    assert not validator.is_valid({"version": 2, "generated": "2027-03-10", "circles": []})


def test_order_and_envelope(bundled):
    catalog, out = bundled
    circles = read(out, "/api/v1/circles.json")
    assert (circles["version"], circles["generated"]) == (1, "2027-03-10")
    assert [c["slug"] for c in circles["circles"]] == [
        c.slug for c in catalog.current_circles + catalog.called_off_circles
        + catalog.past_circles]
    assert [c["slug"] for c in read(out, "/api/v1/courses.json")["courses"]] == [
        c.slug for c in catalog.courses_by_title]
    names = [o["name"] for o in read(out, "/api/v1/organizations.json")["organizations"]]
    assert names == sorted(names, key=str.casefold)


def test_derived_facts_are_the_models(bundled):
    catalog, out = bundled
    for item in read(out, "/api/v1/circles.json")["circles"]:
        circle = catalog.circles[item["slug"]]
        assert (item["status"], item["signup_state"], item["signup_open"]) == (
            circle.status, circle.signup_state, circle.signup_open)
        assert item["meetings"] == [{"start": m.start.isoformat(), "end": m.end.isoformat(),
                                     "status": m.status, "note": m.note, "original_start":
                                     m.original_start and m.original_start.isoformat()}
                                    for m in circle.meetings]
        assert item["next_meeting"] == (circle.next_meeting and {
            "start": circle.next_meeting.start.isoformat(),
            "end": circle.next_meeting.end.isoformat(), "status": circle.next_meeting.status,
            "original_start": circle.next_meeting.original_start
            and circle.next_meeting.original_start.isoformat(),
            "note": circle.next_meeting.note,
            "local_time": {lang: render.meeting_time(circle.next_meeting.start,
                                                     circle.schedule.timezone, lang)
                           for lang in pelicanconf.CATALOG_LANGUAGES}})


def test_urls_are_absolute_with_siteurl(bundled):
    _, out = bundled
    circle = read(out, "/api/v1/circles.json")["circles"][0]
    assert circle["page_url"] == f"{SITEURL}/circles/{circle['slug']}/"
    assert circle["calendar_url"] == f"{SITEURL}/circles/{circle['slug']}/calendar.ics"
    organization = read(out, "/api/v1/organizations.json")["organizations"][0]
    assert organization["circles_url"] == (
        f"{SITEURL}/api/v1/organizations/{organization['slug']}/circles.json")


def test_absent_fields_are_null_and_defaults_filled(site, build):
    site.circle()
    out = build().root
    (circle,) = read(out, "/api/v1/circles.json")["circles"]
    assert circle["page_url"] == "/circles/c/"
    assert (circle["capacity"], circle["venue"]["region"], circle["signup"]["deadline"]) == (
        None, None, None)
    assert circle["online"] is False
    assert circle["schedule"] == {
        "timezone": "America/Toronto", "start_time": "18:00", "duration_minutes": 120,
        "start_date": "2027-03-02", "meetings": 6, "frequency": "weekly", "skip_dates": [],
        "dates": None, "changes": []}
    (course,) = read(out, "/api/v1/courses.json")["courses"]
    assert (course["format"], course["on_demand"], course["cost"], course["accessibility"],
            course["level"]) == ("course", True, "free", [], None)


def test_json_is_compact_utf8(site, build):
    site.circle(("title: Python at the Library", "title: Python à la bibliothèque"))
    raw = (build().root / "api/v1/circles.json").read_bytes()
    assert "à la bibliothèque".encode() in raw
    assert raw == api.to_json(json.loads(raw))


def test_payloads_stay_data(site, build):
    payload = '<script>alert("x")</script> & "q"'
    site.circle(("description: Weekly Python.", f"description: '{payload}'"))
    (circle,) = read(build().root, "/api/v1/circles.json")["circles"]
    assert circle["description"] == payload


def test_schemas_are_served(bundled):
    _, out = bundled
    for name in ("circle", "course", "organization", "api/circles", "api/courses",
                 "api/organizations"):
        served = out / f"schemas/{name}.schema.json"
        assert served.read_bytes() == (schemas.SCHEMA_DIR / f"{name}.schema.json").read_bytes()


def test_api_page_documents_every_field_from_the_schemas(bundled):
    _, out = bundled
    page = (out / "api/index.html").read_text(encoding="utf-8")
    for kind, definition in (("courses", "course"), ("circles", "circle"),
                             ("organizations", "organization")):
        schema = json.loads((api.API_SCHEMA_DIR / f"{kind}.schema.json").read_text())
        for name in schema["$defs"][definition]["properties"]:
            assert f"<code>{name}</code>" in page, name
    for nested in ("venue.city", "schedule.timezone", "signup.deadline", "meetings[].start"):
        assert f"<code>{nested}</code>" in page
    assert "/api/v1/organizations/SLUG/circles.json" in page and "fetch(" in page
    assert f'href="{SITEURL}/api/"' in (out / "index.html").read_text(encoding="utf-8")
