"""When plans change, in the embeds (README, "Embedding"): the iframe pages list the circles
called off while meetings of them were still to come under their status, with the note
saying why, show a moved next meeting and a full circle's waitlist as the site's cards do,
in the page's language; the widget's words are the ones the pages use."""

import html
import json
import re

import pytest

import pelicanconf
from catalog.build import ROOT
from catalog.outputs import embeds, i18n, render
from changes_content import write_changes_content

WIDGET = ROOT / "theme" / embeds.WIDGET_SOURCE
LANGUAGES = pelicanconf.CATALOG_LANGUAGES


@pytest.fixture
def changed(site, build):
    """The circles of changes_content.py, built."""
    write_changes_content(site)
    return build()


def lines(page: str) -> list[str]:
    """What a reader sees in the frame's main, a line per heading, list item or paragraph."""
    main = page.partition("<main>")[2].partition("</main>")[0]
    text = re.sub(r"<[^>]+>", "", re.sub(r"</(h\d|li|p)>", "\n", main))
    return [" ".join(line.split()) for line in html.unescape(text).splitlines() if line.strip()]


def test_frame_lists_called_off_circles_under_their_status_in_english(changed):
    assert lines(changed.html("/embed/organizations/tpl/")) == [
        "Learning circles at Toronto Public Library",
        "Python at the Library", "Toronto, Canada",
        "Next meeting, moved: Wednesday, Mar 24, 2027, 6:30 PM Eastern Time",
        "6 weekly meetings on Tuesdays", "English", "In progress Signup open",
        "Full circle", "Toronto, Canada",
        "Starts Thursday, Mar 18, 2027, 6:00 PM Eastern Time",
        "6 weekly meetings on Thursdays", "English", "Upcoming Full: waitlist open",
        "Postponed",
        "Data at the Library", "Toronto, Canada", "Last meeting: Tuesday, Mar 9, 2027",
        "6 weekly meetings on Tuesdays", "English", "The room is under repair.",
        "Postponed Signup closed",
        "Cancelled",
        "Spanish conversation", "Toronto, Canada", "Was to start Saturday, Mar 20, 2027",
        "6 weekly meetings on Saturdays", "English", "The facilitator is ill.",
        "Cancelled Signup closed",
        "All circles of Toronto Public Library on Learning Circles",
    ]


def test_frame_says_the_same_in_spanish(changed):
    assert lines(changed.html("/es/embed/organizations/tpl/")) == [
        "Círculos de aprendizaje en Toronto Public Library",
        "Python at the Library", "Toronto, Canadá",
        "Próxima reunión, trasladada: miércoles, 24 mar 2027, 18:30 hora oriental",
        "6 reuniones semanales los martes", "Inglés", "En curso Inscripción abierta",
        "Full circle", "Toronto, Canadá",
        "Empieza el jueves, 18 mar 2027, 18:00 hora oriental",
        "6 reuniones semanales los jueves", "Inglés", "Próximos Completo: lista de espera abierta",
        "Aplazados",
        "Data at the Library", "Toronto, Canadá", "Última reunión: martes, 9 mar 2027",
        "6 reuniones semanales los martes", "Inglés", "The room is under repair.",
        "Aplazados Inscripción cerrada",
        "Cancelados",
        "Spanish conversation", "Toronto, Canadá", "Iba a empezar el sábado, 20 mar 2027",
        "6 reuniones semanales los sábados", "Inglés", "The facilitator is ill.",
        "Cancelados Inscripción cerrada",
        "Todos los círculos de Toronto Public Library en Learning Circles",
    ]


def test_all_circles_frame_groups_them_alike_and_headings_nest(changed):
    page = changed.html("/embed/circles/")
    headings = re.findall(r"<(h\d)[^>]*>(?:<a [^>]+>)?([^<]+)", page.partition("<main>")[2])
    assert headings == [
        ("h1", "Learning circles"), ("h2", "Python at the Library"), ("h2", "Full circle"),
        ("h2", "Postponed"), ("h3", "Data at the Library"),
        ("h2", "Cancelled"), ("h3", "Spanish conversation")]
    assert '<section class="called-off" aria-labelledby="frame-cancelled">' in page
    assert '<h2 id="frame-cancelled">Cancelled</h2>' in page


def test_frame_without_current_circles_still_shows_the_called_off_ones(site, build):
    site.circle(("description:", "status: cancelled\nstatus_note: The facilitator is ill.\n"
                 "description:"))
    shown = lines(build().html("/embed/organizations/tpl/"))
    assert shown[:3] == ["Learning circles at Toronto Public Library",
                         "No circle is planned right now.", "Cancelled"]
    assert "The facilitator is ill." in shown and "Python at the Library" in shown


# -- the widget's words ---------------------------------------------------------------------

def widget_words() -> dict[str, dict[str, str]]:
    """embed.js's WORDS table by language and key, read from its source."""
    source = WIDGET.read_text(encoding="utf-8")

    def array(name: str) -> str:
        return re.search(rf"const {name} = (\[.*?\]);", source).group(1)
    keys = json.loads(re.sub(r"\.\.\.(\w+)", lambda m: array(m.group(1))[1:-1], array("KEYS")))
    assert len(set(keys)) == len(keys), f"a word would hide another: {keys}"
    table = re.search(r"const WORDS = \{\n(.*?)\n  \};", source, re.S).group(1)
    rows = re.findall(r"^    (\w+): (\[.*?\]),?$", table, re.S | re.M)
    assert [lang for lang, _ in rows] == ["en", "es", "fr", "de", "pt", "fi", "pl", "ro", "sw"]
    return {lang: dict(zip(keys, json.loads(row), strict=True)) for lang, row in rows}


# The widget's labels, each the start of the sentence a card says it in.
CARD_SENTENCES = {
    "upcoming": 'Starts %(weekday)s, <time datetime="%(when)s">%(date)s, %(time)s</time> %(zone)s',
    "in-progress": 'Next meeting: %(weekday)s, <time datetime="%(when)s">%(date)s, %(time)s</time> %(zone)s',
    "moved": 'Next meeting, moved: %(weekday)s, <time datetime="%(when)s">%(date)s, %(time)s</time> %(zone)s',
    "ended": 'Ended <time datetime="%(day)s">%(date)s</time>',
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_widget_says_what_the_pages_say(lang):
    words = widget_words()[lang]
    gettext = i18n.translations(ROOT / "theme", lang).gettext
    labels = render.labels(gettext)
    for state, word in labels["signup"].items():
        assert words[state] == word, (lang, state)
    for status in ("postponed", "cancelled"):
        assert words[status] == labels["status"][status], (lang, status)
    assert words["title"] == gettext("Learning circles")
    assert words["online"] == gettext("Online")
    for key, sentence in CARD_SENTENCES.items():
        card = gettext(sentence)
        assert card.startswith(words[key]), (lang, key, card)
