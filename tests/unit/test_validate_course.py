"""Validation rules of course and organization files."""

import pytest

from helpers import COURSE, ORGANIZATION

COURSE_CASES = [
    pytest.param(("topics: [programming, python]", "topics: [a, b, c, d, e, f, g, h, i]"),
                 "6:9: error: topics: lists 9 items; at most 8 are allowed", id="too many topics"),
    pytest.param(("topics: [programming, python]", "topics: programming"),
                 "6:9: error: topics: must be a list: write each item on its own line starting "
                 "with '- ', or [programming]", id="topics not a list"),
    pytest.param(("summary: Learn to program in Python.", "summary: " + "x" * 301),
                 "7:10: error: summary: is 301 characters long; at most 300 are allowed "
                 "(shorten it by 1)", id="summary too long"),
    pytest.param(("url: https://www.py4e.com/", "url: javascript:alert(1)"),
                 "3:6: error: url: must be a web address starting with https:// or http://",
                 id="javascript url"),
    pytest.param(("url: https://www.py4e.com/", "url: https://www.py4e.com/a b"),
                 "3:6: error: url: contains a space: remove it, or write it as %20", id="space in url"),
    pytest.param(("language: en", "language: en_US"),
                 "5:11: error: language: 'en_US' is not a BCP 47 language tag such as 'en', 'es' "
                 "or 'pt-BR'", id="underscore tag"),
    pytest.param(("summary:", "accessibility: [captions, subtitles]\nsummary:"),
                 "7:27: error: accessibility[1]: 'subtitles' is not allowed; use one of captions, "
                 "transcripts, screen-reader-friendly, downloadable, low-bandwidth, sign-language",
                 id="accessibility enum"),
    pytest.param(("summary:", "cost: gratis\nsummary:"),
                 "7:7: error: cost: 'gratis' is not allowed; use one of free, free-to-audit, paid",
                 id="cost enum"),
    pytest.param(("summary:", "level: Beginner\nsummary:"),
                 "7:8: error: level: 'Beginner' is not allowed; use one of beginner, intermediate, "
                 "advanced (did you mean 'beginner'?)", id="level case"),
    pytest.param(("summary:", "on_demand: no\nsummary:"),
                 "7:12: error: on_demand: 'no' is not true or false: write true or false (without "
                 "quotes)", id="no is not false"),
    pytest.param(("summary:", "facilitator_guide: www.p2pu.org/guide\nsummary:"),
                 "7:20: error: facilitator_guide: must be a web address starting with https:// or "
                 "http://", id="url without scheme"),
]


@pytest.mark.parametrize("replacement, expected", COURSE_CASES)
def test_course_problem(site, replacement, expected):
    site.write("courses/py4e.md", COURSE.replace(*replacement))
    assert site.problems() == [f"content/courses/py4e.md:{expected}"]


ORGANIZATION_CASES = [
    pytest.param(("country: CA", "country: CAN"), "4:10: error: country: 'CAN' is not an ISO "
                 "3166-1 alpha-2 country code such as 'CA', 'KE' or 'NO'", id="alpha-3 country"),
    pytest.param(("name: Toronto Public Library", "nmae: Toronto Public Library"),
                 "1:1: error: nmae: is not a known field (did you mean 'name'?)", id="misspelled name"),
    pytest.param(("city: Toronto", "city: Toronto\nemail: info@tpl.ca"),
                 "4:1: error: email: is not a known field; the fields here are name, url, city, "
                 "country, description", id="unknown field"),
    pytest.param(("url: https://www.torontopubliclibrary.ca/", "url: https://"),
                 "2:6: error: url: 'https://' has no valid host name (such as www.example.org)",
                 id="url without host"),
]


@pytest.mark.parametrize("replacement, expected", ORGANIZATION_CASES)
def test_organization_problem(site, replacement, expected):
    site.write("organizations/tpl.yaml", ORGANIZATION.replace(*replacement))
    assert site.problems() == [f"content/organizations/tpl.yaml:{expected}"]


def test_organization_markdown_form_without_body(site):
    site.write("organizations/tpl.yaml", "")
    (site.content / "organizations/tpl.yaml").unlink()
    site.write("organizations/tpl.md", "---\n" + ORGANIZATION + "---\n")
    assert site.catalog().organizations["tpl"].description is None
