"""The search index and the filter groups, from a real build: every entry is a record with
the contract's filters and sorts, counts start right, and the interface markup is there."""

from __future__ import annotations

import gzip
import json
import re
from html import unescape
from pathlib import Path

import pytest

from catalog.outputs import search
from catalog.build import build_site
from catalog.source.catalog import load_catalog
from helpers import TODAY
from search_content import CIRCLES, write_search_content

ROOT = Path(__file__).resolve().parents[2]
FILTERS = {"type", "topic", "language", "provider", "format", "city", "country",
           "organization", "weekday", "status"}


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    return load_catalog(write_search_content(tmp_path_factory.mktemp("search")), TODAY)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("search-site")
    return build_site(write_search_content(root), root / "output", TODAY)


def test_every_entry_is_one_record(catalog):
    records = [source.make() for source in search.sources(catalog)]
    assert len(records) == len(catalog.circles) + len(catalog.courses) + len(catalog.organizations)
    assert len({r.url for r in records}) == len(records)
    for record in records:
        assert set(record.filters) <= FILTERS, record.filters
        assert set(record.sort) == {"title", "next_meeting"}
        assert record.meta["title"] and record.url.startswith("/")


def test_circle_filters_come_from_the_model(catalog):
    krakow = search.filters_of(catalog, catalog.circles["krakow-python"])
    assert krakow == {"type": ["circle"], "topic": ["programming", "python"], "language": ["pl"],
                      "provider": ["University of Michigan"], "format": ["in-person"],
                      "city": ["Kraków"], "country": ["PL"], "organization": ["krakow"],
                      "weekday": ["thursday"], "status": ["upcoming"]}
    online = search.filters_of(catalog, catalog.circles["online-clima"])
    assert online["format"] == ["online"] and "city" not in online and "country" not in online
    assert search.filters_of(catalog, catalog.circles["nairobi-kompyuta"])["status"] == ["in-progress"]
    assert search.filters_of(catalog, catalog.circles["helsinki-tekoaly"])["status"] == ["completed"]


def test_course_and_organization_filters(catalog):
    course = search.filters_of(catalog, catalog.courses["invatare"])
    assert course == {"type": ["course"], "topic": ["invatare-automata", "date"],
                      "language": ["ro"], "provider": ["Universitatea din București"],
                      "format": ["video"]}
    assert search.filters_of(catalog, catalog.organizations["knls"]) == {
        "type": ["organization"], "city": ["Nairobi"], "country": ["KE"]}


def test_sort_keys_order_by_real_instant_and_folded_title(catalog):
    records = {r.url: r for r in (source.make() for source in search.sources(catalog))}
    toronto = records["/circles/toronto-python/"].sort["next_meeting"]
    cluj = records["/circles/cluj-invatare/"].sort["next_meeting"]
    # Both meet on 16 March at 18:00 local time: Cluj (UTC+2) meets first.
    assert cluj == "2027-03-16T16:00Z" and toronto == "2027-03-16T22:00Z" and cluj < toronto
    assert records["/courses/invatare/"].sort["title"].startswith("invatare automata")
    # The soonest current circle on a course dates the course; one with none sorts last.
    assert records["/courses/py4e/"].sort["next_meeting"] == toronto
    assert records["/courses/tekoaly/"].sort["next_meeting"] == "9999-12-31T00:00Z"


def test_circle_record_carries_what_a_result_card_shows(catalog):
    record = search.record_of(catalog, catalog.circles["krakow-python"])
    # In no language: the page of the search writes its card lines in its own.
    assert record.meta == {"title": "Programowanie w Pythonie w Krakowie", "kind": "circle",
                           "lang": "pl", "start": "2027-03-18T18:00:00+01:00",
                           "when": "starts 2027-03-18T18:00", "zone": "Europe/Warsaw",
                           "rhythm": "weekly-3-6",
                           "meetings": "6", "status": "upcoming", "signup": "open",
                           "venue": "Kraków library", "city": "Kraków", "country": "PL",
                           "lat": "50.06140", "lon": "19.93660",
                           "course": "Python for Everybody",
                           "order": "programowanie w pythonie w krakowie"}
    for words in ("Programowanie", "Python for Everybody", "Biblioteka Kraków", "Ana Silva",
                  "Poland", "Meet to study"):
        assert words in record.content


def test_facet_counts_follow_or_within_and_across_groups(catalog):
    facets = {f.name: f for f in search.facets(catalog, "circle")}
    status = {o.value: (o.count, o.checked) for o in facets["status"].options}
    assert status == {"upcoming": (5, True), "in-progress": (1, True), "completed": (1, False)}
    # Other groups count the current circles only, as the checked statuses let through.
    weekday = {o.value: o.count for o in facets["weekday"].options}
    assert weekday == {"tuesday": 2, "wednesday": 1, "thursday": 2, "saturday": 1, "monday": 0}
    assert [o.value for o in facets["weekday"].options][:3] == ["monday", "tuesday", "wednesday"]
    labels = {o.value: o.label for o in facets["language"].options}
    assert labels["sw"] == "Swahili" and labels["pl"] == "Polish"
    assert {o.value: o.label for o in facets["country"].options}["KE"] == "Kenya"
    assert {o.value: o.label for o in facets["organization"].options}["krakow"] == "Biblioteka Kraków"
    assert [f.name for f in search.facets(catalog, "course")] == ["topic", "language",
                                                                  "provider", "format"]


def test_build_writes_the_bundles_of_each_search_without_pagefind_s_own_interfaces(built, catalog):
    past = {s for s, c in catalog.circles.items() if c.status == "completed"}
    sizes = {"circles": len(CIRCLES) - len(past), "past-circles": len(past), "courses": 5 + 3}
    assert past and sorted(p.name for p in (built / "pagefind").iterdir()) == sorted(sizes)
    for name, count in sizes.items():
        bundle = built / "pagefind" / name
        assert (bundle / "pagefind.js").is_file() and (bundle / "pagefind-entry.json").is_file()
        assert list(bundle.glob("*.pf_meta"))
        assert len(list((bundle / "fragment").iterdir())) == count, (
            "one fragment per circle; per course and organization")
        entry = json.loads((bundle / "pagefind-entry.json").read_text())
        assert list(entry["languages"]) == ["en"], "one index for entries in every language"
        for unused in search.UNUSED:
            assert not (bundle / unused).exists(), unused


def test_circles_are_split_between_bundles_by_status(catalog):
    current, past, courses = search.BUNDLES
    for source in search.sources(catalog):
        record = source.make()
        assert (source.type, source.status) == (
            record.filters["type"][0], record.filters.get("status", (None,))[0]), (
            "a rebuild finds an entry's bundle without making its record")
        holders = [b.name for b in search.BUNDLES if b.takes(source.type, source.status)]
        assert len(holders) == 1, (record.url, holders)
        if record.meta["kind"] == "circle":
            assert holders == ["circles" if record.meta["status"] in search.DEFAULT_STATUSES
                               else "past-circles"]
    assert set(current.statuses) == set(search.DEFAULT_STATUSES), (
        "the circle search starts with the current bundle alone")
    assert search.bundles_of("circle", "/site") == [
        {"path": "/site/pagefind/circles/", "types": ["circle"],
         "statuses": ["in-progress", "upcoming"]},
        {"path": "/site/pagefind/past-circles/", "types": ["circle"],
         "statuses": ["completed", "postponed", "cancelled"]}]
    assert search.bundles_of("course") == [
        {"path": "/pagefind/courses/", "types": ["course", "organization"]}]


def test_build_without_search_writes_no_index(site, build):
    site.circle()
    output = build(CATALOG_SEARCH=False)
    assert not (output.root / "pagefind").exists()


def test_listings_carry_the_interface_hidden_until_script_runs(built):
    circles = (built / "circles" / "index.html").read_text(encoding="utf-8")
    finder = re.search(r'<div class="finder"[^>]*>', circles).group(0)
    assert " hidden" in finder and 'data-finder="circle"' in finder
    bundles = json.loads(unescape(re.search(r"data-bundles='([^']*)'", finder).group(1)))
    assert [b["path"] for b in bundles] == ["/pagefind/circles/", "/pagefind/past-circles/"]
    courses = (built / "courses" / "index.html").read_text(encoding="utf-8")
    assert '"path":"/pagefind/courses/"' in unescape(courses)
    assert '<input type="search" id="finder-q" name="q"' in circles
    assert '<label for="finder-q">Search circles</label>' in circles
    assert 'role="status"' in circles and "data-finder-static" in circles
    assert '<script type="module" src="/theme/js/search.js"></script>' in circles
    for name in ("status", "weekday", "format", "language", "city", "country", "organization",
                 "topic"):
        assert f'data-facet="{name}"' in circles, name
    assert 'name="status" value="upcoming" checked data-default' in circles
    words = re.search(r'<script type="application/json" data-finder-words>(.*?)</script>',
                      circles, re.S).group(1)
    assert json.loads(words)["labels"]["signup"]["open"] == "Signup open"
    courses = (built / "courses" / "index.html").read_text(encoding="utf-8")
    assert 'data-finder="course"' in courses and 'data-facet="provider"' in courses
    past = (built / "circles" / "past" / "index.html").read_text(encoding="utf-8")
    assert "data-finder=" not in past and "search.js" not in past


@pytest.mark.parametrize("name, budget", [("search.js", 7_000), ("card-when.js", 1_300)])
def test_search_code_stays_small(name, budget):
    """What a visitor fetches for the interface: the script and the module it imports as a
    server sends them, gzipped."""
    code = (ROOT / "theme" / "static" / "js" / name).read_bytes()
    size = len(gzip.compress(code, 9))
    print(f"{name}: {len(code)} bytes, {size} gzipped")
    assert size < budget, f"{name} is {size} bytes gzipped; the budget is {budget:,} bytes"


def test_index_text_is_words_without_markup():
    assert search.words_of("**Bold** [a link](https://x.example/y) <b>tag</b> `code` # Head") == (
        "Bold a link tag code Head")
    assert search.words_of("one two three four", 2) == "one two"
    assert search.words_of(None) == ""
