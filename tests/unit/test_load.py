"""Reading files: both forms, encodings, line endings, YAML traps and hostile input."""

import time

import pytest

from helpers import CIRCLE, COURSE


def test_bom_crlf_and_yml_are_read(site):
    site.write("circles/c.yml", b"\xef\xbb\xbf" + CIRCLE.replace("\n", "\r\n").encode())
    site.write("courses/py4e.md", b"\xef\xbb\xbf" + COURSE.replace("\n", "\r\n").encode())
    catalog = site.catalog()
    assert catalog.circles["c"].schedule.timezone == "America/Toronto"
    assert catalog.courses["py4e"].description == "A course for beginners."


def test_crlf_keeps_line_numbers(site):
    site.write("circles/c.yaml", CIRCLE.replace("America/Toronto", "Mars/Base").replace("\n", "\r\n"))
    assert site.problems()[0].startswith("content/circles/c.yaml:12:13: error: schedule.timezone:")


def test_markdown_body_is_the_description(site):
    site.write("circles/c.md", "---\n" + CIRCLE.replace("description: Weekly Python.\n", "")
               + "---\n\nBring a *laptop*.\n")
    assert site.catalog().circles["c"].description == "Bring a *laptop*."


FILE_CASES = [
    pytest.param("circles/c.yaml", b"", "1: error: (file): is empty: a circle file needs its "
                 "fields, see CONTRIBUTING.md", id="empty file"),
    pytest.param("circles/c.yaml", b"# only a comment\n", "1:1: error: (file): has no fields: a "
                 "circle file needs its fields, see CONTRIBUTING.md", id="only a comment"),
    pytest.param("circles/c.yaml", b"title: Caf\xe9\n", "1:11: error: (file): is not UTF-8 text "
                 "(byte 0xE9 at line 1); save the file with the UTF-8 encoding", id="latin-1 bytes"),
    pytest.param("circles/c.yaml", b"x" * 1_000_001, "1: error: (file): is larger than 1000 kB; "
                 "content files are short text, so check that this is the right file", id="oversized"),
    pytest.param("circles/c.md", b"---\ntitle: x\n", "1:1: error: (file): the front matter opened "
                 "by '---' on line 1 is never closed: add a line '---' after the last field",
                 id="unclosed front matter"),
    pytest.param("circles/c.md", b"title: x\n---\n", "1:1: error: (file): a .md file must start "
                 "with a line '---', then the fields, then another '---' line, then the "
                 "description", id="no front matter"),
    pytest.param("circles/c.yaml", b"- a\n- b\n", "1:1: error: (file): must hold fields written "
                 "'name: value', one per line", id="a list, not fields"),
    pytest.param("circles/c.yaml", b"title: x\n---\ntitle: y\n", "2:1: error: (file): holds more "
                 "than one YAML document: remove the extra '---' line", id="two documents"),
    pytest.param("circles/c.yaml", b"title: \"x\n", "2:1: error: (file): is not valid YAML: found "
                 "unexpected end of stream", id="unclosed quote"),
    pytest.param("circles/c.yaml", b"title: x\x00\n", "1: error: (file): contains the control "
                 "character U+0000, which is not allowed in a text file: remove it", id="NUL byte"),
    pytest.param("circles/c.yaml", b"[" * 50 + b"]" * 50, "1:21: error: (file): is nested more "
                 "than 20 levels deep", id="deep nesting"),
    pytest.param("circles/c.yaml", b"? [a]\n: b\n", "1:3: error: (file): has a field name that "
                 "is not a plain word", id="complex key"),
    pytest.param("circles/Python Spring.yaml", CIRCLE.encode(), "1:1: error: (file): the file "
                 "name 'Python Spring' is not a valid slug (lower-case letters, digits and single "
                 "hyphens, at most 80): rename the file to 'python-spring.yaml'", id="bad slug"),
    pytest.param("circles/notes.txt", b"hello", "1: error: (file): is not a content file: name it "
                 "SLUG.md or SLUG.yaml (found '.txt' extension)", id="stray file"),
]


@pytest.mark.parametrize("name, data, expected", FILE_CASES)
def test_file_problem(site, name, data, expected):
    site.write(name, data)
    assert f"content/{name}:{expected}" in site.problems()


def test_description_given_twice(site):
    site.write("courses/py4e.md", COURSE.replace("summary:", "description: Hi.\nsummary:"))
    assert site.problems() == ["content/courses/py4e.md:7:1: error: description: is given twice: "
                               "as a field and as the text after the front matter; keep one of them"]


def test_missing_body_points_after_front_matter(site):
    site.write("courses/py4e.md", COURSE.replace("A course for beginners.\n", ""))
    assert site.problems() == [
        "content/courses/py4e.md:8:1: error: description: is required but missing: write it as "
        "the text after the closing '---' line"]


def test_same_slug_in_two_forms(site):
    site.circle()
    site.write("circles/c.md", "---\n" + CIRCLE + "---\n")
    problems = site.problems()
    assert problems == ["content/circles/c.yaml:1:1: error: (file): has the same slug 'c' as "
                        "content/circles/c.md: keep one file per slug, in one form (.md or .yaml)"]


def test_subfolder_is_reported_not_skipped(site):
    (site.content / "circles" / "2027").mkdir()
    assert site.problems() == ["content/circles/2027:1: error: (file): is a folder: put circle "
                               "files directly in content/circles/"]


def test_alias_bomb_is_rejected_fast(site):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}]" for i in range(1, 40)]
    site.write("circles/c.yaml", "\n".join(lines) + "\n")
    started = time.perf_counter()
    problems = site.problems()
    assert time.perf_counter() - started < 5  # a guard against expansion, not a timing target
    assert ("content/circles/c.yaml:1:5: error: a0: uses a YAML anchor or alias "
                           "(&name, *name), which content files do not allow: write the value out") in problems


def test_yaml_11_words_stay_text(site):
    site.circle(("country: CA", "country: NO\n  region: on\n  details: yes"))
    venue = site.catalog().circles["c"].venue
    assert (venue.country, venue.region, venue.details) == ("NO", "on", "yes")


def test_positions_survive_pickling_and_are_unpacked_only_when_asked_for(site):
    import pickle

    import catalog.engine.reading  # noqa: F401  (how the engine pickles a Document)
    from catalog.source.load import Document, load_file
    path = site.write("circles/c.yaml", CIRCLE)
    doc, problems = load_file(path, "circle")
    assert not problems
    copy = pickle.loads(pickle.dumps(doc))
    assert "keys" not in copy.__dict__ and copy.data == doc.data and isinstance(copy, Document)
    assert copy.position(("schedule", "timezone")) == doc.position(("schedule", "timezone")) == (12, 13)
    assert (copy.keys, copy.values, copy.numbers) == (doc.keys, doc.values, doc.numbers)
    again = pickle.loads(pickle.dumps(copy))  # unpacked, then packed again
    assert again == doc and again.key_position(("venue", "city")) == doc.key_position(("venue", "city"))
