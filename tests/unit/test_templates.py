"""How pages.environment renders: words translated when a template is compiled, and each
card rendered once per language."""

from pathlib import Path

import pytest
from jinja2 import Environment, StrictUndefined, select_autoescape

import pelicanconf
from catalog.outputs import i18n, pages
from catalog.outputs.site import Site
from catalog.source.catalog import load_catalog
from helpers import TODAY

ROOT = Path(__file__).resolve().parents[2]
THEME = ROOT / "theme"
LANGUAGES = tuple(pelicanconf.CATALOG_LANGUAGES)
SITE = Site.from_settings({"CATALOG_LANGUAGES": list(LANGUAGES), "THEME": str(THEME)}, TODAY)

# Each kind of message a template holds; values that must be escaped, a literal "%", words
# used as values (set, filtered), a message that is a variable, one with keyword values and
# one with a plural (those two stay calls).
SNIPPETS = [
    '{{ _("Sign up") }}',
    "<a title=\"{{ _('Details') }}\">{{ gettext(\"Circles\") }}</a>",
    '{{ _(\'Add all meetings to your calendar<span class="visually-hidden"> (iCalendar file)</span>\') }}',
    '{{ _("Circles")|upper }}·{{ (_("Courses") ~ "!")|length }}',
    '{% set word = _("Courses") %}{{ word }}{{ word }}{% if _("Free") %}yes{% endif %}',
    "{{ _(name) }}|{{ _(name)|length }}",
    '{{ _("%(title)s, page %(number)s", title=title, number=2) }}',
    '{% trans title=title %}Sign up<span class="visually-hidden"> for {{ title }}</span>{% endtrans %}',
    "{% trans %}100% free, {{ title }}{% endtrans %}",
    "{% trans trimmed %}\n  Skip to\n  main content\n{% endtrans %}",
    '{% trans count=3 %}Up to {{ count }} person can join.{% pluralize %}Up to {{ count }} people can join.{% endtrans %}',
    '{{ ngettext("Facilitator", "Facilitators", 2) }}',
    '{{ words._("x") if words else "" }}',
]
VALUES = {"title": '<b>"Tom & Jerry"</b>', "name": "Upcoming", "words": None}


def stock(lang: str) -> Environment:
    """Jinja's own i18n extension, translating on every render."""
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      extensions=["jinja2.ext.i18n"])
    env.install_gettext_translations(i18n.translations(THEME, lang), newstyle=True)
    return env


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("source", SNIPPETS)
def test_words_translated_at_compile_time_render_as_jinja_renders_them(lang, source):
    ours = pages.environment(SITE, lang)
    assert ours.from_string(source).render(VALUES) == stock(lang).from_string(source).render(VALUES)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_words_of_a_page_are_not_looked_up_when_it_renders(lang):
    env = pages.environment(SITE, lang)
    source = (THEME / "templates" / "base.html").read_text(encoding="utf-8")
    code = env.compile(source, raw=True)
    assert "gettext" not in code
    if lang != "en":
        skip = i18n.translations(THEME, lang).gettext("Skip to main content")
        assert skip != "Skip to main content" and repr(skip)[1:-1] in code


def test_without_a_catalog_the_extension_changes_nothing():
    """E.g. when `make messages` reads the templates: every message stays a call."""
    env = Environment(extensions=[i18n.ConstantTranslations])
    code = env.compile('{{ _("Sign up") }}{% trans %}Skip{% endtrans %}', raw=True)
    assert code.count("gettext") >= 1 and "'_'" in code


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(ROOT / "content", TODAY)


def test_each_card_is_rendered_once_per_language_and_heading(catalog):
    env = pages.environment(SITE, "en")
    circle = next(iter(catalog.circles.values()))
    course = next(iter(catalog.courses.values()))
    card = env.globals["card"]
    first = card(circle)
    assert card(circle) is first
    assert f'<h3 class="card-title" dir="auto"><a href="/circles/{circle.slug}/">' in first
    assert '<h2 class="card-title"' in card(circle, "h2")
    assert card(course) is card(course) and 'class="card course-card"' in card(course)
    assert len(card.made) == 3
    # A page shows the very card the macro makes.
    shown = env.from_string('{% from "macros.html" import circle_card %}{{ circle_card(c) }}')
    assert shown.render(c=circle) == first
    spanish = pages.environment(SITE, "es")
    assert spanish.globals["card"](circle) != first


def test_templates_see_the_globals_set_after_they_are_loaded():
    env = pages.environment(SITE, "en")
    template = env.from_string("{{ today }}")
    env.globals["today"] = "later"
    assert template.render() == "later"
    assert env.from_string("{{ x }}", globals={"x": 1}).render() == "1"
    assert "x" not in env.globals


@pytest.mark.parametrize("lang, tag, shown", [
    ("en", "en", ""), ("en", "es", ' lang="es"'), ("es", "en", ' lang="en"'),
    ("en", 'x"><script>', ' lang="x&#34;&gt;&lt;script&gt;"')])
def test_text_in_another_language_than_the_page_says_so(lang, tag, shown):
    env = pages.environment(SITE, lang)
    assert env.from_string("<p{{ tag|lang_attribute }}>").render(tag=tag) == f"<p{shown}>"


def test_every_template_is_compiled_before_a_language_s_pages_are_rendered(catalog):
    """Those a page's template extends and imports too (base.html, macros.html): the
    workers that render the pages are forked after, and inherit them compiled."""
    theme = set(pages.environment(SITE, "en").list_templates(extensions=("html",)))
    assert {"base.html", "macros.html", "circle.html"} <= theme
    languages = []
    for output in pages.outputs(catalog, SITE, {}):
        if output.batch in languages or output.batch == "sitemap":
            continue
        languages.append(output.batch)
        env = output.make.args[0]  # what renders the page: its language's environment
        assert {template.name for template in env.cache.values()} == theme, output.batch
    assert len(languages) == len(LANGUAGES)


def test_a_page_in_every_language_is_made_from_one_tuple_besides_its_language(catalog):
    """The cache fingerprints a tuple once however many outputs hold it: a page's inputs
    are fingerprinted once, not once per language."""
    made_from = {}
    for output in pages.outputs(catalog, SITE, {}):
        if output.batch == "sitemap":
            continue
        lang, inputs = output.inputs
        assert output.batch == ("pages", lang)
        made_from.setdefault(i18n.neutral(output.path, LANGUAGES), []).append(inputs)
    assert made_from and all(len(each) == len(LANGUAGES) for each in made_from.values())
    assert all(inputs is each[0] for each in made_from.values() for inputs in each)
