"""Templates lose their indentation before they are compiled, and nothing else."""

from __future__ import annotations

import configparser
import re
from pathlib import Path

from babel.messages.extract import extract_from_file
from jinja2 import DictLoader, Environment

from catalog.outputs.unindent import Unindent, unindent

TEMPLATES = Path(__file__).resolve().parents[2] / "theme" / "templates"


def render(source: str, **context) -> str:
    env = Environment(loader=DictLoader({"t": source}), trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True,
                      extensions=["jinja2.ext.i18n", Unindent])
    env.install_null_translations(newstyle=True)
    return env.get_template("t").render(**context)


def test_indentation_goes_and_line_breaks_stay():
    assert unindent("<ul>\n  <li>a</li>\n\t<li>b</li>\n</ul>\n") == (
        "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n")


def test_pre_and_textarea_are_kept_as_written():
    source = ("<div>\n  <pre><code>def f():\n    return 1\n  </code></pre>\n  <p>x</p>\n"
              "  <textarea>\n    a\n  </textarea>\n  <TEXTAREA rows=2>\n b</TEXTAREA>\n  <i>\n")
    assert unindent(source) == (
        "<div>\n<pre><code>def f():\n    return 1\n  </code></pre>\n<p>x</p>\n"
        "<textarea>\n    a\n  </textarea>\n<TEXTAREA rows=2>\n b</TEXTAREA>\n<i>\n")


def test_a_trans_block_not_trimmed_keeps_its_message_id():
    source = ("<p>\n  {% trans n=1 %}One\n    circle{% endtrans %}\n  <b>\n"
              "  {%- trans trimmed %}Two\n    words{% endtrans %}\n  <i>\n")
    assert unindent(source) == ("<p>\n{% trans n=1 %}One\n    circle{% endtrans %}\n <b>\n"
                                "{%- trans trimmed %}Two\nwords{% endtrans %}\n <i>\n")
    assert render(source) == "<p>\nOne\n    circle <b>Two words <i>\n"


def test_words_joined_across_a_block_tag_keep_a_space():
    """trim_blocks takes the line break after ``{% if %}``: the indentation of the next
    line was the only space between the two words, and one stays."""
    source = "<p>Meets\n  {% if online %}\n    online{% endif %}\n  {# note #}\n  now</p>\n"
    assert render(source, online=True) == "<p>Meets\n online now</p>\n"
    plain = Environment(trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    assert re.sub(r"\s+", " ", render(source, online=True)) == re.sub(
        r"\s+", " ", plain.from_string(source).render(online=True))


def messages(template: Path) -> set:
    """The message ids make messages finds in ``template`` (babel.cfg's options)."""
    return {found[1] for found in extract_from_file("jinja2.ext.babel_extract", template,
                                                      options=babel_options())}


def babel_options() -> dict:
    config = configparser.ConfigParser()
    config.read(TEMPLATES.parents[1] / "babel.cfg", encoding="utf-8")
    return dict(config["jinja2.ext.babel_extract: **.html"])


def test_make_messages_reads_the_theme_s_own_tags():
    """Words inside ``{% once %}`` are found, and a template that does not parse stops
    the extraction rather than losing its words without a word."""
    found = messages(TEMPLATES / "base.html")
    assert {"Skip to main content", "Circles", "Display", "Privacy"} <= found
    assert babel_options()["silent"] == "false"


def test_every_theme_message_is_still_found_in_the_unindented_templates(tmp_path):
    """The translations were extracted from the templates as written (babel.cfg): each
    template, unindented, still holds every message id, so no page loses a translation."""
    for template in sorted(TEMPLATES.glob("*.html")):
        source = template.read_text(encoding="utf-8")
        copy = tmp_path / template.name
        copy.write_text(unindent(source), encoding="utf-8")
        before, after = (messages(path) for path in (template, copy))
        assert before == after, template.name
