"""Venue and online access in the script widget (README, "Embedding"): embed.js knows every
term of the vocabulary, names each in the words of the site's pages in every language, draws
the icon of theme/icons/TERM.svg beside it, and stays small enough to load on other sites."""

import gzip
import json
import re
import xml.etree.ElementTree as ET

import pytest

import pelicanconf
from catalog.build import ROOT
from catalog.outputs import i18n, render
from test_changes_embeds import WIDGET, widget_words

LANGUAGES = pelicanconf.CATALOG_LANGUAGES
SVG = "{http://www.w3.org/2000/svg}"
# What a path's data says, whatever the spaces between its parts: commands and numbers.
PATH_TOKEN = re.compile(r"[A-Za-z]|-?(?:\d+\.?\d*|\.\d+)")


def widget_array(name: str) -> list[str]:
    """A list literal of embed.js, read from its source."""
    source = WIDGET.read_text(encoding="utf-8")
    literal = re.search(rf"const {name} = (\[.*?\]);", source, re.S).group(1)
    return json.loads(re.sub(r",\s*\]$", "]", literal))  # JSON takes no trailing comma


def vocabulary() -> list[str]:
    """The venue's access terms, then the online ones, as the schema lists them."""
    definitions = json.loads((ROOT / "schemas" / "circle.schema.json").read_text())["$defs"]
    return definitions["accessTerm"]["enum"] + definitions["onlineAccessTerm"]["enum"]


def icon_paths(term: str) -> list[str]:
    """The data of each path of the term's icon in theme/icons."""
    svg = ET.parse(ROOT / "theme" / "icons" / f"{term}.svg").getroot()
    assert [child.tag for child in svg] == [f"{SVG}path"] * len(svg), f"{term}.svg: only paths expected"
    return [path.get("d") for path in svg]


def test_widget_knows_every_term_of_the_vocabulary():
    terms = widget_array("TERMS")
    assert terms == vocabulary()
    assert terms == [*render.LABELS["access"], *render.LABELS["online_access"]]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_widget_names_the_terms_and_their_list_as_the_pages_do(lang):
    words = widget_words()[lang]
    gettext = i18n.translations(ROOT / "theme", lang).gettext
    labels = render.labels(gettext)
    names = {**labels["access"], **labels["online_access"]}
    assert {term: words[term] for term in names} == names
    assert words["access"] == gettext("Access")  # the name of a card's list of terms


def test_widget_icons_are_the_themes():
    """Each icon is its SVG's paths joined into one: every path starts with an absolute
    moveto, so the joined path draws the same strokes."""
    icons = dict(zip(widget_array("TERMS"), widget_array("ICONS"), strict=True))
    for term, data in icons.items():
        paths = icon_paths(term)
        assert all(d.startswith("M") for d in paths), term
        assert PATH_TOKEN.findall(data) == PATH_TOKEN.findall(" ".join(paths)), term
        assert PATH_TOKEN.sub("", data).strip(" ") == "", f"{term}: more than commands and numbers"


def test_widget_with_its_words_and_icons_stays_small():
    """The access terms' names in 9 languages (4.5 kB), codes (0.4 kB) and icons (2.9 kB)
    took embed.js from 15.2 kB to 25.1 kB, and from 6.0 kB to 10.2 kB gzipped, which is
    what a reader's browser downloads."""
    assert len(gzip.compress(WIDGET.read_bytes(), 9)) < 11_000
