"""``{% once %}``: a part of a template rendered once per key and environment."""

from __future__ import annotations

from jinja2 import DictLoader, Environment

from catalog.outputs.fragments import Once


def environment(templates: dict[str, str]) -> tuple[Environment, list]:
    made: list = []
    env = Environment(loader=DictLoader(templates), autoescape=True, extensions=[Once])
    env.globals["made"] = lambda value: made.append(value) or value
    return env, made


def test_the_body_is_rendered_once_per_key_and_given_back_after():
    env, made = environment({"t": "{% once 'part', x %}<b>{{ made(x) }}</b>{% endonce %}|{{ y }}"})
    page = env.get_template("t")
    assert page.render(x="a", y=1) == "<b>a</b>|1"
    assert page.render(x="a", y=2) == "<b>a</b>|2"  # outside the fragment: each page's own
    assert page.render(x="b&", y=3) == "<b>b&amp;</b>|3"
    assert page.render(x="b&", y=4) == "<b>b&amp;</b>|4"
    assert made == ["a", "b&"]


def test_two_fragments_with_the_same_keys_are_apart():
    """Keys are told apart by the template and line they are on, in the same template
    and in others."""
    source = "{% once 'k' %}{{ made('one') }}{% endonce %}\n{% once 'k' %}{{ made('two') }}{% endonce %}"
    env, made = environment({"t": source, "u": "{% once 'k' %}{{ made('three') }}{% endonce %}"})
    assert env.get_template("t").render() == "one\ntwo"
    assert env.get_template("u").render() == "three"
    assert env.get_template("t").render() == "one\ntwo"
    assert made == ["one", "two", "three"]


def test_every_key_counts():
    env, made = environment({"t": "{% once 'k', a, b %}{{ made((a, b)) }}{% endonce %}"})
    page = env.get_template("t")
    rendered = [page.render(a=a, b=b) for a, b in ((1, 2), (1, 3), (2, 2), (1, 2), (1, 3))]
    assert rendered == ["(1, 2)", "(1, 3)", "(2, 2)", "(1, 2)", "(1, 3)"]
    assert made == [(1, 2), (1, 3), (2, 2)]


def test_environments_keep_their_own_fragments():
    """Each language has its own environment: its words are never another's."""
    first, made = environment({"t": "{% once 'k' %}{{ word }}{% endonce %}"})
    second, _ = environment({"t": "{% once 'k' %}{{ word }}{% endonce %}"})
    assert first.get_template("t").render(word="Circles") == "Circles"
    assert second.get_template("t").render(word="Círculos") == "Círculos"
    assert first.get_template("t").render(word="Círculos") == "Circles"


def test_a_fragment_sees_the_template_around_it():
    env, _ = environment({"base": "{% set here = page %}{% once 'k', here %}{% set s = here.upper() %}"
                                  "<h1>{{ s }}</h1>{% endonce %}{% block main %}{% endblock %}",
                          "t": "{% extends 'base' %}{% block main %}<p>{{ page }}</p>{% endblock %}"})
    assert env.get_template("t").render(page="about") == "<h1>ABOUT</h1><p>about</p>"
