"""Topics of the vocabulary on the built site: named in each page's language, gathered on
one page whatever name a course gives them, labelled in the search's filters, and made
again when content/topics.yaml changes."""

from __future__ import annotations

import html
import re

import pytest

from catalog.outputs import search
from helpers import COURSE

TOPICS = """\
topics:
  - slug: programming
    names:
      en: Programming
      es: Programación
      sw: Upangaji programu
    also: [coding]
  - slug: python
    names:
      en: Python
"""


@pytest.fixture
def topical(site):
    site.write("topics.yaml", TOPICS)
    site.write("courses/py4e.md", COURSE)  # topics: [programming, python]
    site.write("courses/curso.md", COURSE.replace("title: Python for Everybody",
                                                  "title: Curso de Python")
               .replace("[programming, python]", "[programación, Python, Coding]"))
    site.circle()
    return site


def tags(page: str) -> list[str]:
    """The names a page's topic links show, in order."""
    return [html.unescape(name) for name in
            re.findall(r'<a href="[^"]*/topics/[^"/]+/" dir="auto">([^<]+)</a>', page)]


def test_course_pages_and_the_home_page_name_topics_in_their_language(topical, build):
    out = build()
    assert tags(out.html("/courses/py4e/"))[:2] == ["Programming", "Python"]
    assert tags(out.html("/es/courses/py4e/"))[:2] == ["Programación", "Python"]
    assert tags(out.html("/sw/courses/py4e/"))[:2] == ["Upangaji programu", "Python"]
    # Three ways of naming one topic, shown once, by its name.
    assert tags(out.html("/es/courses/curso/"))[:2] == ["Programación", "Python"]
    assert "Programación" in tags(out.html("/es/"))
    assert "Upangaji programu" in tags(out.html("/sw/"))
    assert "Programming" in tags(out.html("/"))
    assert "Programming" in tags(out.html("/fr/")), "a language without a name shows English"
    assert "Programación" in out.html("/es/topics/")


def test_a_topic_page_gathers_every_course_that_names_it(topical, build):
    out = build()
    page = out.html("/topics/programming/")
    assert "/courses/py4e/" in page and "/courses/curso/" in page
    assert "Programación" in out.html("/es/topics/programming/")
    assert not (out.root / "topics/coding").exists()
    assert not (out.root / "topics/programacion").exists()
    assert sorted(p.name for p in (out.root / "topics").iterdir() if p.is_dir()) == [
        "programming", "python"]


def test_search_filters_topics_by_slug_with_labels_in_each_language(topical, build):
    catalog = topical.catalog()
    assert search.filters_of(catalog, catalog.courses["curso"])["topic"] == [
        "programming", "python"]
    assert search.filters_of(catalog, catalog.circles["c"])["topic"] == ["programming", "python"]
    [topic] = [f for f in search.facets(catalog, "course") if f.name == "topic"]
    assert [(o.value, o.label, o.count) for o in topic.options] == [
        ("programming", "Programming", 2), ("python", "Python", 2)]
    found = search.finder(catalog, "course")
    assert search.labels_in(found, "sw", str)["topic"] == {
        "programming": "Upangaji programu", "python": "Python"}
    out = build()
    for path, name in (("/es/courses/", "Programación"), ("/sw/circles/", "Upangaji programu"),
                       ("/courses/", "Programming")):
        page = out.html(path)
        assert re.search(r'value="programming"> <span class="facet-label" dir="auto">'
                         + re.escape(name) + "</span>", page), path


def test_a_change_to_the_topics_file_makes_the_pages_showing_topics_again(topical, build):
    first = build()
    assert "Programación" in first.html("/es/courses/py4e/")
    topical.write("topics.yaml", TOPICS.replace("es: Programación", "es: Programación informática"))
    second = build()
    assert "Programación informática" in tags(second.html("/es/courses/py4e/"))
    assert "Programación informática" in tags(second.html("/es/"))
    assert "Programación informática" in second.html("/es/topics/programming/")
    assert "Programación informática" in second.html("/es/courses/")


def test_the_topic_index_is_in_the_order_of_the_names_it_shows(topical, build):
    out = build()
    assert tags(out.html("/topics/")) == ["Programming", "Python"]
    # In Swahili 'programming' is 'Upangaji programu', which comes after Python.
    assert tags(out.html("/sw/topics/")) == ["Python", "Upangaji programu"]
    assert tags(out.html("/es/topics/")) == ["Programación", "Python"]
