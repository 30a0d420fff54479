"""Content that once got past validation and broke what was published: numbers that are not
numbers, control characters, dates the model cannot hold, decimals for whole numbers,
contact details in disguise, addresses a browser must repair, hidden and linked files.
Each is rejected with the exact ``PATH:LINE:COL: error: FIELD: MESSAGE`` line."""

import os
from pathlib import Path

import pytest

from catalog.source.problems import Problem, printable
from helpers import CIRCLE

# The valid circle's fields, to be followed by a Markdown body.
CIRCLE_FRONT = CIRCLE.replace("description: Weekly Python.\n", "")

CASES = [
    pytest.param([("  country: CA", "  country: CA\n  latitude: .nan\n  longitude: 1")],
                 "11:13: error: venue.latitude: .nan is not a number: write the number itself",
                 id="nan"),
    pytest.param([("  country: CA", "  country: CA\n  latitude: 1\n  longitude: -.inf")],
                 "12:14: error: venue.longitude: -.inf is not a finite number: write the "
                 "number itself", id="infinity"),
    pytest.param([("  country: CA", "  country: CA\n  latitude: 1e999\n  longitude: 1")],
                 "11:13: error: venue.latitude: 1e999 is too large a number: no field takes "
                 "one beyond 9,007,199,254,740,991", id="float overflow"),
    pytest.param([("description: Weekly Python.", "capacity: 1" + "0" * 5000 + "\n"
                   "description: Weekly Python.")],
                 "17:11: error: capacity: 100000000000...(5001 characters) is too large a "
                 "number: no field takes one beyond 9,007,199,254,740,991", id="5000 digits"),
    pytest.param([("title: Python at the Library", 'title: "Evening circle\\x01"')],
                 "1:8: error: title: contains the control character U+0001, which text may not "
                 "hold (it breaks feeds and calendars): remove it", id="C0 escape in YAML"),
    pytest.param([("facilitators: [Ana Silva]", 'facilitators: ["Ana\\eSilva"]')],
                 "5:16: error: facilitators[0]: contains the control character U+001B, which "
                 "text may not hold (it breaks feeds and calendars): remove it", id="ESC"),
    pytest.param([("title: Python at the Library", 'title: "Python\\x85"')],
                 "1:8: error: title: contains the control character U+0085, which text may not "
                 "hold (it breaks feeds and calendars): remove it", id="C1"),
    pytest.param([("title: Python at the Library", 'title: "Python\\r"')],
                 "1:8: error: title: contains the control character U+000D, which text may not "
                 "hold (it breaks feeds and calendars): remove it", id="carriage return"),
    pytest.param([("start_date: 2027-03-02", "start_date: 9999-12-01")],
                 "14:15: error: schedule.start_date: 9999-12-01 is outside the dates the catalog "
                 "accepts (1900-01-01 to 2999-12-31): check the year", id="year 9999"),
    pytest.param([("start_date: 2027-03-02", "start_date: 0001-01-01"),
                  ("America/Toronto", "Asia/Tokyo")],
                 "14:15: error: schedule.start_date: 0001-01-01 is outside the dates the catalog "
                 "accepts (1900-01-01 to 2999-12-31): check the year", id="year 1 in Tokyo"),
    pytest.param([("description: Weekly Python.", "capacity: 12.0\ndescription: Weekly Python.")],
                 "17:11: error: capacity: must be a whole number: write 12, not 12.0",
                 id="decimal capacity"),
    pytest.param([("start_date: 2027-03-02", "start_date: 2027-03-02\n  meetings: 2.0")],
                 "15:13: error: schedule.meetings: must be a whole number: write 2, not 2.0",
                 id="decimal meetings"),
    pytest.param([("facilitators: [Ana Silva]", "facilitators: [ana＠example.org]")],
                 "5:16: error: facilitators[0]: contains an e-mail address: list names only, "
                 "contact details are not published", id="fullwidth at"),
    pytest.param([("facilitators: [Ana Silva]", "facilitators: [Ana 416‑555‑0199]")],
                 "5:16: error: facilitators[0]: contains a phone number: list names only, "
                 "contact details are not published", id="non-breaking hyphens"),
    pytest.param([("facilitators: [Ana Silva]", "facilitators: [ana@exa\u200bmple.org]")],
                 "5:16: error: facilitators[0]: contains an e-mail address: list names only, "
                 "contact details are not published", id="zero-width space"),
    pytest.param([("https://forms.example.org/py", 'https://forms.example.org/a"b')],
                 "16:8: error: signup.url: contains '\"', which a web address cannot hold: "
                 "write it as %22", id="quote in URL"),
    pytest.param([("https://forms.example.org/py", "https://forms.example.org/<b>")],
                 "16:8: error: signup.url: contains '<', which a web address cannot hold: "
                 "write it as %3C", id="angle bracket in URL"),
    pytest.param([("https://forms.example.org/py", "https://forms.example.org/`x`")],
                 "16:8: error: signup.url: contains '`', which a web address cannot hold: "
                 "write it as %60", id="backtick in URL"),
    pytest.param([("https://forms.example.org/py", "https://forms.example.org/a\\b")],
                 "16:8: error: signup.url: contains '\\\\', which a web address cannot hold: "
                 "write it as %5C", id="backslash in URL"),
    pytest.param([("https://forms.example.org/py", "https://forms.example.org/100%")],
                 "16:8: error: signup.url: has a % that does not start an escape such as %20: "
                 "write it as %25", id="lone percent in URL"),
    pytest.param([("https://forms.example.org/py", "https://forms.example.org:99999/")],
                 "16:8: error: signup.url: 'https://forms.example.org:99999/' is not a valid "
                 "web address", id="port out of range"),
    pytest.param([("https://forms.example.org/py", "https://999.1.1.1/")],
                 "16:8: error: signup.url: 'https://999.1.1.1/' is not a valid web address",
                 id="host a browser rejects"),
]


@pytest.mark.parametrize("replacements, expected", CASES)
def test_hostile_value_is_rejected(site, replacements, expected):
    site.circle(*replacements)
    assert site.problems() == [f"content/circles/c.yaml:{expected}"]


@pytest.mark.parametrize("url", ["https://es.wikipedia.org/wiki/Educación",
                                 "https://example.org/a%20b?q=1&r=(2)#top",
                                 "https://xn--mnchen-3ya.de/", "https://localhost:8000/x"])
def test_addresses_a_browser_takes_as_they_are_pass(site, url):
    site.circle(("https://forms.example.org/py", url))
    assert site.problems() == []


BODY_CONTROL = ("content/circles/c.md:21: error: description: contains the control character "
                "U+0007, which text may not hold (it breaks feeds and calendars): remove it")
HIDDEN = ("content/circles/.draft.md:1: error: (file): is a hidden file (its name starts with "
          "'.'), which is never published: rename it to 'draft.md' or move it out of "
          "content/circles/")
OUTSIDE = ("content/circles/c.yaml:1: error: (file): is a link to a place outside the content "
           "folder, whose files are not published: copy the file itself here")


def test_control_character_in_a_markdown_body_names_its_line(site):
    site.write("circles/c.md", "---\n" + CIRCLE_FRONT + "---\nFirst line.\n\nA bell\x07 here.\n")
    assert site.problems() == [BODY_CONTROL]


def test_hidden_content_file_is_named(site):
    site.write("circles/.draft.md", "---\ntitle: x\n---\n")
    site.write("courses/.gitkeep", "")
    assert site.problems() == [HIDDEN]


def test_link_out_of_the_content_folder_is_rejected(site, tmp_path):
    outside = tmp_path / "secret.yaml"
    outside.write_text("title: secret\n")
    os.symlink(outside, site.content / "circles" / "c.yaml")
    assert site.problems() == [OUTSIDE]


def test_linked_folder_out_of_the_content_folder_is_rejected(site, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (site.content / "circles").rmdir()
    os.symlink(tmp_path / "elsewhere", site.content / "circles")
    assert site.problems() == [
        "content/circles:1: error: (file): is a link to a place outside the content folder, "
        "whose files are not published: copy the file itself here"]


def test_link_inside_the_content_folder_is_read(site):
    site.circle()
    os.symlink("c.yaml", site.content / "circles" / "d.yaml")
    assert site.problems() == []  # a link that stays inside is read like the file itself
    assert {"c", "d"} <= site.catalog().circles.keys()


@pytest.mark.parametrize("field, raw, shown", [
    ("title\n::error file=README.md,line=1::forged", "title", "title\\n::error"),
    ("x\x1b[2J", "x", "x\\x1b[2J"),
    ("a\u202eb", "a", "a\\u202eb"),
])
def test_printed_problems_hold_no_raw_control_character(field, raw, shown):
    line = str(Problem("c.yaml", 1, 1, field, f"{raw}\nmore"))
    assert "\n" not in line and "\x1b" not in line and "\u202e" not in line
    assert shown in line


def test_unknown_key_with_a_newline_prints_on_one_line(site, capsys):
    from catalog.cli import main
    site.circle(("title: Python at the Library",
                 'title: Python at the Library\n"x\\n::error file=README.md,line=1::boom": 1'))
    assert main(["validate", "content"]) == 1
    err = capsys.readouterr().err
    assert not any(line.startswith("::") for line in err.splitlines())
    assert 'x\\n::error file=README.md,line=1::boom: is not a known field' in err


def test_printable_leaves_ordinary_text_alone():
    text = "Montréal — 東京 (ZWJ: 👩‍💻) tab\tend"
    assert printable(text) == text.replace("\t", "\\t")




def test_json_writers_refuse_what_is_not_json(tmp_path):
    """The second guard behind validation: NaN or infinity never reaches a JSON file."""
    from catalog.outputs import api, pages
    from catalog.outputs.site import Site
    from helpers import TODAY
    with pytest.raises(ValueError):
        api.to_json({"latitude": float("nan")})
    theme = Path(__file__).resolve().parents[2] / "theme"
    env = pages.environment(Site.from_settings({"THEME": str(theme)}, TODAY))
    with pytest.raises(ValueError):
        env.from_string("{{ value|tojson }}").render(value=float("inf"))


@pytest.mark.parametrize("replacements, expected", [
    pytest.param([("facilitators: [Ana Silva]", "facilitators: [ana@example。org]")],
                 "5:16: error: facilitators[0]: contains an e-mail address: list names only, "
                 "contact details are not published", id="ideographic full stop"),
    pytest.param([("https://forms.example.org/py", "https://forms.example.org/a\u200eb")],
                 "16:8: error: signup.url: contains the invisible character U+200E: remove it",
                 id="invisible character in URL"),
])
def test_more_disguises_are_rejected(site, replacements, expected):
    site.circle(*replacements)
    assert site.problems() == [f"content/circles/c.yaml:{expected}"]


@pytest.mark.parametrize("title", ["12345678901234567890", ".inf", ".nan", "1" + "0" * 100])
def test_a_title_that_reads_as_a_number_is_the_text_as_written(site, title):
    site.circle(("title: Python at the Library", f"title: {title}"))
    assert site.problems() == []
    assert site.catalog().circles["c"].title == title


def test_a_range_of_years_is_not_a_phone_number(site):
    site.circle(("facilitators: [Ana Silva]", "facilitators: [Team 2024–2025]"))
    assert site.problems() == []


def test_a_circle_cannot_take_the_slug_of_the_past_circles_listing(site):
    site.circle(name="circles/past.yaml")
    assert site.problems() == [
        "content/circles/past.yaml:1:1: error: (file): the file name 'past' is taken by a page "
        "of the site (/circles/past/): choose another name"]


def test_system_and_editor_files_are_ignored(site):
    site.circle()
    site.write("circles/.DS_Store", b"\0\0\0\1Bud1")
    site.write("circles/.c.yaml.swp", b"b0VIM 9.0")
    assert site.problems() == []


def test_a_link_that_loops_is_one_line(site):
    os.symlink("loop.md", site.content / "circles" / "loop.md")
    assert site.problems() == [
        "content/circles/loop.md:1: error: (file): is a link that leads back to itself: "
        "replace it by the file itself"]
