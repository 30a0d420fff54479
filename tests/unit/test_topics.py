"""The topic vocabulary, content/topics.yaml: its checks, how courses name its topics,
the notes on the topics it does not hold, and the terms the model makes of them."""

import re
from pathlib import Path

import pytest

from catalog.cli import main
from catalog.source import topics
from catalog.source.catalog import check_content
from catalog.source.problems import NOTE, Problem
from helpers import COURSE, TODAY

ROOT = Path(__file__).resolve().parents[2]

TOPICS = """\
topics:
  - slug: programming
    names:
      en: Programming
      es: Programación
      sw: Upangaji programu
    also: [coding]
  - slug: mathematics
    names:
      en: Mathematics
      es: Matemáticas
    also: [math]
  - slug: python
    names:
      en: Python
      es: Python
"""

TOPIC_CASES = [
    pytest.param(("  - slug: python", "  - slug: programming"),
                 "13:11: error: topics[2].slug: 'programming' already names the topic "
                 "'programming' (line 2): a slug or name may mean one topic only, case and "
                 "accents aside", id="duplicate slug"),
    pytest.param(("      es: Matemáticas", "      es: PROGRAMACION"),
                 "11:11: error: topics[1].names.es: 'PROGRAMACION' already names the topic "
                 "'programming' (line 5): a slug or name may mean one topic only, case and "
                 "accents aside", id="duplicate name, case and accents aside"),
    pytest.param(("    also: [math]", "    also: [math, Coding]"),
                 "12:18: error: topics[1].also[1]: 'Coding' already names the topic "
                 "'programming' (line 7): a slug or name may mean one topic only, case and "
                 "accents aside", id="duplicate other name"),
    pytest.param(("  - slug: python", "  - slug: Python"),
                 "13:11: error: topics[2].slug: must be a slug: lower-case letters, digits and "
                 "single hyphens, e.g. web-development", id="slug not a slug"),
    pytest.param(("      en: Python\n", ""),
                 "15:7: error: topics[2].names.en: is required but missing (e.g. en: Programming)", id="no English name"),
    pytest.param(("      es: Python", "      xx: Python"),
                 "16:7: error: topics[2].names.xx: is not a known field; the fields here are "
                 "en, es, fr, de, fi, pl, ro, pt, sw", id="unknown language"),
    pytest.param(("    also: [coding]", "    also: coding"),
                 "7:11: error: topics[0].also: must be a list: write each item on its own line "
                 "starting with '- ', or [coding]", id="also not a list"),
    pytest.param(("topics:", "topic:"),
                 "1:1: error: topic: is not a known field (did you mean 'topics'?)",
                 id="misspelled list"),
]


@pytest.mark.parametrize("replacement, expected", TOPIC_CASES)
def test_topics_file_problem(site, replacement, expected):
    site.write("topics.yaml", TOPICS.replace(*replacement))
    assert site.problems() == [f"content/topics.yaml:{expected}"]


def test_a_topic_may_repeat_its_own_name(site):
    site.write("topics.yaml", TOPICS)
    assert site.problems() == []


def test_a_syntax_error_in_the_topics_file_has_its_line(site):
    site.write("topics.yaml", TOPICS.replace("      es: Matemáticas", "      es: [Matemáticas"))
    [problem] = site.problems()
    assert problem.startswith("content/topics.yaml:12:9:")
    assert ": error: (file): is not valid YAML" in problem


@pytest.mark.parametrize("written", ["programming", "Programming", "PROGRAMACIÓN", "programacion",
                                     "upangaji programu", "Coding", "  programming  "])
def test_a_course_names_a_topic_by_its_slug_any_name_or_other_name(written):
    vocabulary = _vocabulary()
    assert vocabulary.find(written).slug == "programming"
    assert vocabulary.key(written) == "programming"


def test_an_unlisted_topic_is_its_own_key():
    vocabulary = _vocabulary()
    assert vocabulary.find("Physics") is None
    assert vocabulary.key("Physics") == "physics"


def test_a_topic_without_a_language_shows_its_english_name():
    topic = _vocabulary().find("mathematics")
    assert (topic.name("es"), topic.name("fr"), topic.name()) == (
        "Matemáticas", "Mathematics", "Mathematics")


def _vocabulary() -> topics.Vocabulary:
    from catalog.source.load import Document
    import yaml
    return topics.vocabulary_from(Document("topics", "topics", "t.yaml", yaml.safe_load(TOPICS)))


COURSE_WITH_TOPICS = COURSE.replace("topics: [programming, python]",
                                    "topics:\n  - Programación\n  - maths\n  - astronomy")


def test_unlisted_topics_are_notes_with_the_closest_listed_name(site):
    site.write("topics.yaml", TOPICS)
    site.write("courses/py4e.md", COURSE_WITH_TOPICS)
    checked = check_content(Path("content"), TODAY)
    assert checked.problems == []
    assert [str(n) for n in checked.notes] == [
        'content/courses/py4e.md:8:5: note: topics[1]: "maths" is not in content/topics.yaml; '
        'did you mean "math"?',
        'content/courses/py4e.md:9:5: note: topics[2]: "astronomy" is not in '
        "content/topics.yaml: it is shown as written, in every language; add it to the list "
        "to give it a name in each"]
    assert checked.catalog is not None


def test_without_a_topics_file_there_are_no_notes(site):
    site.write("courses/py4e.md", COURSE_WITH_TOPICS)
    checked = check_content(Path("content"), TODAY)
    assert (checked.problems, checked.notes) == ([], [])


def test_validate_prints_notes_after_errors_and_exits_0_with_notes_only(site, capsys, monkeypatch):
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    site.write("topics.yaml", TOPICS)
    site.write("courses/py4e.md", COURSE_WITH_TOPICS)
    assert main(["validate", "content"]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert lines[-1] == "3 files checked, no errors, 2 notes"
    assert [line.split(": ")[1] for line in lines[:-1]] == ["note", "note"]
    site.circle(("language: en", "language: Spanish"))
    assert main(["validate", "content"]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert [line.split(": ")[1] for line in lines[:-1]] == ["error", "note", "note"]
    assert lines[-1] == "1 error in 1 file, 2 notes"


def test_a_note_is_a_notice_in_github_actions(site, capsys, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    site.write("topics.yaml", TOPICS)
    site.write("courses/py4e.md", COURSE_WITH_TOPICS)
    assert main(["validate", "content"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("::notice file=content/courses/py4e.md,line=8,col=5,"
                             "title=topics[1]::")
    assert not [line for line in out if line.startswith("::error")]


def test_a_problem_is_an_error_unless_it_says_otherwise():
    error = Problem("a.yaml", 1, 2, "f", "m")
    note = Problem("a.yaml", 1, 2, "f", "m", NOTE)
    assert str(error) == "a.yaml:1:2: error: f: m"
    assert str(note) == "a.yaml:1:2: note: f: m"
    assert error.annotation().startswith("::error ") and note.annotation().startswith("::notice ")


def test_the_guide_note_is_the_validators(site):
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    [line] = re.findall(r"^content/\S+: note: .*$", guide, re.M)
    example = re.search(r"<!-- example: courses/intro-to-statistics.md -->\n```\w*\n(.*?)```",
                        guide, re.S).group(1)
    site.write("courses/intro-to-statistics.md",
               example.replace("topics: [math, statistics, data]",
                               "topics:\n  - statistics\n  - maths"))
    (site.content / "topics.yaml").write_bytes((ROOT / "content/topics.yaml").read_bytes())
    checked = check_content(Path("content"), TODAY)
    assert line in [str(n) for n in checked.notes]


def test_the_bundled_topics_file_is_valid_and_covers_every_bundled_course(monkeypatch):
    monkeypatch.chdir(ROOT)
    checked = check_content(Path("content"), TODAY)
    assert (checked.problems, checked.notes) == ([], [])
    languages = ("en", "es", "fr", "de", "fi", "pl", "ro", "pt", "sw")
    for topic in checked.catalog.vocabulary.topics:
        assert [lang for lang, _ in topic.names] == list(languages), topic.slug


# -- the model ----------------------------------------------------------------------------

def test_courses_naming_one_topic_in_different_ways_share_its_term(site):
    site.write("topics.yaml", TOPICS)
    site.write("courses/py4e.md", COURSE.replace("[programming, python]", "[Python, coding]"))
    site.write("courses/curso.md", COURSE.replace("[programming, python]",
                                                  "[programación, python, PYTHON]"))
    site.write("courses/other.md", COURSE.replace("[programming, python]", "[Python!]"))
    catalog = site.catalog()
    assert sorted(catalog.topics) == ["programming", "python", "python!"]
    programming = catalog.topics["programming"]
    assert programming.slug == "programming" and programming.name == "Programming"
    assert [c.slug for c in programming.items] == ["curso", "py4e"]
    assert programming.label("es") == "Programación"
    assert programming.label("fr") == "Programming"
    # An unlisted topic never takes a listed topic's slug.
    assert catalog.topics["python!"].slug == "python-2"
    assert catalog.topics["python!"].label("es") == "Python!"
    assert [t.slug for t in catalog.topic_terms(catalog.courses["curso"])] == [
        "programming", "python"]
    assert catalog.term("topics", "CODING") is programming
    assert catalog.topics_by_slug["python"] is catalog.topics["python"]
    assert [c.slug for c in catalog.similar_courses(catalog.courses["curso"])] == ["py4e"]
