"""The interface in every language (issue "A multilingual interface"): complete catalogs, one
site per language with reciprocal hreflang alternates, no English left on a translated page,
dates and names written by Babel for the page's locale."""

import json
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.dates import format_date
from babel.messages.pofile import read_po

import pelicanconf
from catalog.outputs.site import Site
from catalog.outputs import i18n
from catalog.build import build_site
from catalog.source.catalog import load_catalog
from helpers import TODAY

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "theme" / "translations"
LANGUAGES = tuple(pelicanconf.CATALOG_LANGUAGES)
TRANSLATED = LANGUAGES[1:]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
TAG = re.compile(r"</?([a-z0-9]+)")


def catalog(lang):
    with (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=lang)


def template():
    with (TRANSLATIONS / "messages.pot").open("rb") as handle:
        return read_po(handle)


def forms(message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def ids(message) -> tuple[str, ...]:
    return message.id if isinstance(message.id, tuple) else (message.id,)


# -- the catalogs -------------------------------------------------------------------------

def test_english_is_at_the_root_and_every_other_language_has_a_catalog():
    assert LANGUAGES[0] == "en"
    assert sorted(p.name for p in TRANSLATIONS.iterdir() if p.is_dir()) == sorted(TRANSLATED)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_catalog_translates_every_message(lang):
    wanted = {m.id for m in template() if m.id}
    messages = {m.id: m for m in catalog(lang) if m.id}
    assert set(messages) == wanted, "run make messages"
    count = catalog(lang).num_plurals
    for message in messages.values():
        assert "fuzzy" not in message.flags, message.id
        assert all(forms(message)), f"{lang}: untranslated {message.id!r}"
        if isinstance(message.id, tuple):
            assert len(forms(message)) == count, message.id


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translations_keep_placeholders_and_markup(lang):
    for message in catalog(lang):
        if not message.id:
            continue
        names = set(PLACEHOLDER.findall(ids(message)[-1]))
        tags = sorted(TAG.findall(ids(message)[-1]))
        for form in forms(message):
            assert set(PLACEHOLDER.findall(form)) == names, (lang, message.id, form)
            assert sorted(TAG.findall(form)) == tags, (lang, message.id, form)


def test_plural_forms_follow_cldr():
    assert catalog("pl").num_plurals == 3 and catalog("ro").num_plurals == 3
    assert catalog("fr").plural_expr == "(n > 1)" and catalog("pt").plural_expr == "(n > 1)"
    assert i18n.plural_samples("pl") == {"few": 2, "many": 0, "one": 1, "other": 0}
    table = i18n.plural_table(i18n.translations(ROOT / "theme", "pl"), "pl",
                              "%(count)s circle found", "%(count)s circles found")
    assert table == {"one": "Znaleziono {count} krąg", "few": "Znaleziono {count} kręgi",
                     "many": "Znaleziono {count} kręgów", "other": "Znaleziono {count} kręgów"}


# -- the built site -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_site(ROOT / "content", tmp_path_factory.mktemp("i18n") / "output", TODAY)


def read(site, path):
    target = site / path.lstrip("/")
    return (target / "index.html" if path.endswith("/") else target).read_text(encoding="utf-8")


def sample_paths(site):
    circle = sorted((site / "circles").glob("*/index.html"))[0].parent.name
    course = sorted((site / "courses").glob("*/index.html"))[0].parent.name
    organization = sorted((site / "organizations").glob("*/index.html"))[0].parent.name
    return ["/", "/circles/", "/circles/past/", f"/circles/{circle}/", "/courses/",
            f"/courses/{course}/", "/organizations/", f"/organizations/{organization}/",
            "/topics/", "/languages/", "/cities/", "/embed/", "/404.html"]
    # /api/ is left out: its field reference is the schemas' own English text.


class Visible(HTMLParser):
    """The words a reader sees in the page's own language: the body without scripts and
    without contributor text (marked ``dir="auto"`` or with a ``lang`` of its own). The embed
    snippets in a ``textarea`` are code, built for the root site, and are left out too."""

    VOID = {"br", "img", "input", "link", "meta", "hr", "source", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack: list[bool] = []
        self.words: list[str] = []
        self.in_body = False

    def handle_starttag(self, tag, attrs):
        if tag == "body":
            self.in_body = True
        if tag in self.VOID:
            return
        attrs = dict(attrs)
        skip = tag in ("script", "style", "textarea") or attrs.get("dir") == "auto" or (
            "lang" in attrs and tag != "html")
        self.stack.append(skip or (self.stack[-1] if self.stack else False))

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if self.in_body and not (self.stack and self.stack[-1]):
            self.words.append(data)

    @classmethod
    def text(cls, html: str) -> str:
        parser = cls()
        parser.feed(html)
        return re.sub(r"\s+", " ", " ".join(parser.words))


@cache
def content_names() -> tuple[str, ...]:
    """Names written in the content (organizations, courses, circles, venues, cities), the
    longest first, which pages show as they are in every language."""
    catalog = load_catalog(ROOT / "content", TODAY)
    names = {o.name for o in catalog.organizations.values()}
    names |= {c.title for c in catalog.courses.values()}
    names |= {c.title for c in catalog.circles.values()}
    names |= {c.venue.name for c in catalog.circles.values() if c.venue}
    names |= set(catalog.cities)
    return tuple(sorted(names, key=len, reverse=True))


def english_phrases(lang) -> list[str]:
    """Every piece of English interface text whose translation differs: whole messages
    without placeholders, and the longer runs of words between placeholders."""
    phrases = set()
    for message in catalog(lang):
        if not message.id:
            continue
        for english, translated in zip(ids(message), forms(message)):
            if english == translated:
                continue
            text = re.sub(r"<[^>]+>", "\n", english)
            for run in PLACEHOLDER.split(text)[::2]:
                for part in run.split("\n"):
                    part = part.strip(" ,.:;()")
                    if len(part) >= 12 or (part and not PLACEHOLDER.search(english)
                                           and "<" not in english and len(part) > 3):
                        phrases.add(part)
    return sorted(phrases)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translated_pages_show_no_english_interface_text(site, lang):
    phrases = english_phrases(lang)
    own = {form for m in catalog(lang) if m.id for form in forms(m)}
    for path in sample_paths(site):
        # The site's name is a setting, and names from the content are the content's.
        text = Visible.text(read(site, i18n.localized(path, lang, LANGUAGES)))
        for name in (pelicanconf.SITENAME, *content_names()):
            text = text.replace(name, "")
        left = [p for p in phrases if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text)
                and not any(p in form for form in own)]
        assert not left, f"/{lang}{path} shows English: {left}"


def test_the_english_pages_are_english(site):
    text = Visible.text(read(site, "/circles/"))
    assert "Learning circles" in text and "Search circles" not in read(site, "/es/circles/")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pages_carry_their_language(site, lang):
    for path in sample_paths(site):
        html = read(site, i18n.localized(path, lang, LANGUAGES))
        assert f'<html lang="{lang}">' in html, path


@pytest.mark.parametrize("lang", TRANSLATED)
def test_circle_pages_write_dates_and_weekdays_as_babel_does(site, lang):
    checked = 0
    for page in sorted((site / "circles").glob("*/index.html"))[:6]:
        html = read(site, f"/{lang}/circles/{page.parent.name}/")
        for day, shown in re.findall(r'<time datetime="(\d{4}-\d\d-\d\d)">([^<]+)</time>', html):
            from datetime import date
            assert shown == format_date(date.fromisoformat(day), "full", locale=lang)
            checked += 1
    assert checked > 10


def alternates(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', html))


def test_hreflang_alternates_are_reciprocal(site):
    for path in sample_paths(site) + ["/api/"]:
        for lang in LANGUAGES:
            here = i18n.localized(path, lang, LANGUAGES)
            links = alternates(read(site, here))
            assert set(links) == {*LANGUAGES, "x-default"}, here
            assert links[lang] == here and links["x-default"] == path
            for other, href in links.items():
                assert alternates(read(site, href))[lang] == here, (here, other)


def test_language_switcher_keeps_the_page(site):
    html = read(site, "/fi/courses/")
    nav = re.search(r'<nav class="site-nav lang-nav" aria-label="Kieli">(.*?)</nav>', html, re.S)
    assert nav, "a labelled navigation of languages"
    links = re.findall(r'<a href="([^"]+)" lang="([\w-]+)" hreflang="([\w-]+)"[^>]*>([^<]+)</a>',
                       nav.group(1))
    assert [(href, lang) for href, lang, _, _ in links] == [
        (i18n.localized("/courses/", code, LANGUAGES), code) for code in LANGUAGES]
    assert {name for *_, name in links} >= {"English", "Suomi", "Polski", "Kiswahili", "Español"}
    assert 'hreflang="fi" aria-current="true"' in nav.group(1)


def test_data_stays_single_and_at_the_root(site):
    for lang in TRANSLATED:
        assert sorted(p.name for p in (site / lang).iterdir()) == [
            "404.html", "about", "api", "circles", "cities", "courses", "display", "embed", "index.html",
            "languages", "organizations", "privacy", "topics"]
        assert not list((site / lang).rglob("*.ics")) and not list((site / lang).rglob("*.json"))
    html = read(site, "/es/organizations/" + sorted(
        (site / "organizations").glob("*/index.html"))[0].parent.name + "/")
    assert 'href="/feeds/organizations/' in html and 'href="/es/api/"' in html
    assert "/es/feeds/" not in html and "/es/api/v1/" not in html


def test_search_interface_speaks_the_language_and_links_to_its_pages(site):
    html = read(site, "/pl/circles/")
    assert 'data-lang-prefix="/pl/" data-site-root="/"' in html
    assert '"path":"/pagefind/circles/"' in html and "/pl/pagefind" not in html
    words = json.loads(re.search(r"<script type=\"application/json\" data-finder-words>(.*?)"
                                 r"</script>", html, re.S).group(1))
    assert set(words["results"]) == {"one", "few", "many", "other"}
    assert words["results"]["few"] == "Znaleziono {count} kręgi"
    assert words["labels"]["status"]["upcoming"] == "Nadchodzące"
    assert words["labels"]["weekday"]["tuesday"] == "Wtorek"
    assert words["labels"]["language"]["es"] == "Hiszpański"
    assert '<span class="facet-label" dir="auto">Wtorek</span>' in html


def test_rhythm_is_one_sentence_per_language(site):
    for page in sorted((site / "circles").glob("*/index.html")):
        english = read(site, f"/circles/{page.parent.name}/")
        if "weekly meetings on Tuesdays" in english:
            slug = page.parent.name
            break
    else:
        pytest.skip("no weekly Tuesday circle in the sample")
    assert "weekly meetings on Tuesdays" in english
    expected = {"es": "reuniones semanales los martes", "de": "wöchentliche Treffen, dienstags",
                "fi": "viikoittaista tapaamista tiistaisin", "pl": "we wtorki",
                "fr": "rencontres hebdomadaires le mardi", "pt": "às terças-feiras",
                "ro": "marțea", "sw": "kila Jumanne"}
    for lang, words in expected.items():
        assert words in read(site, f"/{lang}/circles/{slug}/"), lang


def test_sitemap_lists_every_language(site):
    sitemap = (site / "sitemap.xml").read_text()
    for lang in LANGUAGES:
        assert f"<loc>{i18n.localized('/circles/', lang, LANGUAGES)}</loc>" in sitemap


def test_adding_a_language_is_a_catalog_and_a_line(tmp_path):
    theme = tmp_path / "theme"
    (theme / "translations" / "xx" / "LC_MESSAGES").mkdir(parents=True)
    assert Site.from_settings({"CATALOG_LANGUAGES": ["en", "es"]}, TODAY).languages == ("en", "es")
    assert Site.from_settings({}, TODAY).languages == ("en",)
    assert i18n.localized("/circles/x/", "es", ("en", "es")) == "/es/circles/x/"
    assert i18n.localized("/es/circles/x/", "en", ("en", "es")) == "/circles/x/"
    assert i18n.localized("/circles/x/calendar.ics", "es", ("en", "es")) == "/circles/x/calendar.ics"
    with pytest.raises(FileNotFoundError):
        i18n.translations(theme, "yy")
