"""The about and privacy pages, the settings they are made from (CATALOG_PUBLISHER,
CATALOG_CONTACT, CATALOG_ABOUT), the footer that links them on every page, the language
menu and the translated home page title."""

import re
from datetime import date
from html import unescape

import pytest

from catalog.outputs import i18n
from catalog.outputs.site import Site, about_setting, contact_setting
from catalog.source.problems import UsageError

LANGUAGES = ("en", "es", "fr", "de", "fi", "pl", "ro", "pt", "sw")
PAGES = ("/", "/circles/", "/circles/c/", "/courses/py4e/", "/organizations/tpl/",
         "/about/", "/privacy/")
SETTINGS = {"CATALOG_PUBLISHER": "Friends of the Library & Co",
            "CATALOG_CONTACT": "https://library.example.org/contact?topic=circles&lang=en",
            "CATALOG_ABOUT": {"en": "We list **every** circle. [Our blog](https://blog.example.org/).",
                              "es": "Listamos **todos** los círculos."}}


def localized(path: str, lang: str) -> str:
    return i18n.localized(path, lang, LANGUAGES)


def footer(html: str) -> str:
    found = re.search(r'<footer class="site-footer">(.*?)</footer>', html, re.S)
    assert found, "a footer"
    return found.group(1)


def title(html: str) -> str:
    return unescape(re.search(r"<title>(.*?)</title>", html, re.S).group(1))


def h1(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)))


@pytest.fixture
def built(site, build):
    site.circle()
    return build(**SETTINGS)


def test_about_and_privacy_are_pages_in_every_language(built):
    sitemap = (built.root / "sitemap.xml").read_text()
    for lang in LANGUAGES:
        for path in ("/about/", "/privacy/"):
            here = localized(path, lang)
            html = built.html(here)
            assert f'<html lang="{lang}">' in html, here
            assert f"<loc>{here}</loc>" in sitemap, here
            assert title(html).endswith(" · Learning Circles"), here
    assert h1(built.html("/about/")) == "About this site"
    assert h1(built.html("/es/about/")) == "Acerca de este sitio"
    assert h1(built.html("/privacy/")) == "Privacy"
    assert h1(built.html("/de/privacy/")) == "Datenschutz"


def test_every_page_footer_says_who_runs_the_site_and_links_about_and_privacy(built):
    for lang in LANGUAGES:
        for path in PAGES:
            here = localized(path, lang)
            foot = footer(built.html(here))
            assert f'href="{localized("/about/", lang)}"' in foot, here
            assert f'href="{localized("/privacy/", lang)}"' in foot, here
            assert "Friends of the Library &amp; Co" in foot, here
            assert ('href="https://library.example.org/contact?topic=circles&amp;lang=en"'
                    in foot), here
    english = footer(built.html("/"))
    assert "This site is run by Friends of the Library &amp; Co." in english
    assert "Este sitio lo gestiona Friends of the Library &amp; Co." in footer(built.html("/es/"))
    # The page a footer link leads to is marked as the current one.
    assert 'href="/fr/privacy/" aria-current="page"' in footer(built.html("/fr/privacy/"))


def header_nav(html: str) -> str:
    found = re.search(r'<nav class="site-nav" aria-label="[^"]*">(.*?)</nav>', html, re.S)
    assert found, "the header's navigation"
    return found.group(1)


def test_the_header_and_footer_mark_the_page_they_are_on(built):
    """Rendered once per section and language (fragments.py), they still mark, on each
    page, its own section and language."""
    sections = {"/": None, "/circles/": "circles", "/circles/c/": "circles",
                "/courses/py4e/": "courses", "/organizations/tpl/": "organizations",
                "/about/": None, "/privacy/": None}
    for lang in ("en", "fr"):
        for path, section in sections.items():
            here = localized(path, lang)
            html = built.html(here)
            current = re.findall(r'<a href="([^"]+)" aria-current="page"', header_nav(html))
            assert current == ([localized(f"/{section}/", lang)] if section else []), here
            marked = re.findall(r'<a href="([^"]+)" aria-current="page"', footer(html))
            assert marked == ([here] if path in ("/about/", "/privacy/") else []), here
            menu = re.findall(r'<a href="([^"]+)" lang="(\w+)" hreflang="\w+"', html)
            assert menu == [(localized(path, code), code) for code in LANGUAGES], here


def test_about_page_shows_the_settings(built):
    html = built.html("/about/")
    assert "Learning Circles is run by Friends of the Library &amp; Co." in html
    assert ('<a href="https://library.example.org/contact?topic=circles&amp;lang=en">'
            "https://library.example.org/contact?topic=circles&amp;lang=en</a>") in html
    # CATALOG_ABOUT is Markdown, sanitized like any other.
    assert "We list <strong>every</strong> circle." in html
    assert 'href="https://blog.example.org/"' in html
    # A language with its own text shows it; another shows the first one, marked as such.
    assert "Listamos <strong>todos</strong> los círculos." in built.html("/es/about/")
    french = built.html("/fr/about/")
    assert '<div class="lead" lang="en"><p>We list <strong>every</strong>' in french
    assert '<div class="lead"><p>Listamos' in built.html("/es/about/")


def test_privacy_page_says_what_the_site_does_not_do(built):
    text = unescape(re.sub(r"<[^>]+>", " ", built.html("/privacy/")))
    text = re.sub(r"\s+", " ", text)
    for said in ("sets no cookies", "no analytics", "loads nothing from other sites",
                 "never leaves it", "not sent to this site or anywhere else",
                 "covered by their privacy policy"):
        assert said in text, said
    assert 'href="https://library.example.org/contact?topic=circles&amp;lang=en"' in built.html(
        "/privacy/")


def test_sample_settings_are_shown(site, build):
    site.circle()
    out = build()  # pelicanconf.py's own values
    foot = footer(out.html("/"))
    assert "This site is run by Friends of Learning Circles." in foot
    assert 'href="mailto:hello@learningcircles.example">hello@learningcircles.example</a>' in foot


def test_without_publisher_or_contact_the_pages_say_so(site, build):
    site.circle()
    out = build(CATALOG_PUBLISHER="", CATALOG_CONTACT="", CATALOG_ABOUT=None)
    foot = footer(out.html("/"))
    assert "is run by" not in foot and "mailto:" not in foot
    assert 'href="/about/"' in foot and 'href="/privacy/"' in foot
    about = out.html("/about/")
    assert "This site does not name who runs it yet." in about
    assert "This site gives no contact address yet." in about
    assert 'class="lead"' not in about


def test_a_changed_setting_is_rebuilt(site, build):
    site.circle()
    assert "Old Name" in footer(build(CATALOG_PUBLISHER="Old Name").html("/circles/c/"))
    again = build(CATALOG_PUBLISHER="New Name")
    assert "New Name" in footer(again.html("/circles/c/"))
    assert "New Name" in again.html("/es/about/")


def test_a_contact_that_is_no_address_stops_the_build(site, build):
    site.circle()
    with pytest.raises(UsageError, match="CATALOG_CONTACT"):
        build(CATALOG_CONTACT="javascript:alert(1)")


@pytest.mark.parametrize("value, kept", [
    ("team@example.org", "team@example.org"), ("mailto:team@example.org", "mailto:team@example.org"),
    ("https://example.org/contact", "https://example.org/contact"),
    ("  http://example.org/  ", "http://example.org/"), ("", ""), (None, "")])
def test_contact_setting_accepts_addresses(value, kept):
    assert contact_setting(value) == kept


@pytest.mark.parametrize("value", ["javascript:alert(1)", "team", "https://", "ftp://x.org/",
                                   "a b@example.org", "mailto:nobody"])
def test_contact_setting_refuses_anything_else(value):
    with pytest.raises(UsageError):
        contact_setting(value)


def test_site_carries_the_settings():
    site = Site.from_settings({"CATALOG_LANGUAGES": ["en", "es"], "CATALOG_PUBLISHER": " A ",
                               "CATALOG_CONTACT": "a@example.org", "CATALOG_ABOUT": "Hi."},
                              date(2027, 3, 10))
    assert (site.publisher, site.contact_url, site.contact_text) == (
        "A", "mailto:a@example.org", "a@example.org")
    assert site.about == (("en", "Hi."),) and site.about_in("es") == ("en", "Hi.")
    assert "publisher='A'" in repr(site)  # the build cache's key is the Site's repr
    assert hash(site) == hash(Site.from_settings({"CATALOG_LANGUAGES": ["en", "es"],
                                                  "CATALOG_PUBLISHER": "A",
                                                  "CATALOG_CONTACT": "a@example.org",
                                                  "CATALOG_ABOUT": {"en": "Hi."}},
                                                 date(2027, 3, 10)))
    assert about_setting({"es": "Hola", "fr": ""}, "en") == (("es", "Hola"),)
    with pytest.raises(UsageError):
        about_setting(["not", "a", "text"], "en")


def test_language_menu_is_one_disclosure_of_every_language(built):
    for lang in LANGUAGES:
        html = built.html(localized("/courses/", lang))
        nav = re.search(r'<nav class="site-nav lang-nav" aria-label="[^"]+">(.*?)</nav>', html, re.S)
        assert nav, lang
        menu = nav.group(1)
        assert menu.count("<details") == 1 and "<details open" not in menu
        summary = re.search(r"<summary>(.*?)</summary>", menu, re.S).group(1)
        own = i18n.own_name(lang)
        assert f'<span class="lang-short" aria-hidden="true">{own}</span>' in summary
        links = re.findall(r'<a href="([^"]+)" lang="([\w-]+)" hreflang="([\w-]+)"([^>]*)>',
                           menu)
        assert [(href, code) for href, code, _, _ in links] == [
            (localized("/courses/", code), code) for code in LANGUAGES]
        assert [code for _, code, _, rest in links if 'aria-current="true"' in rest] == [lang]
    assert '<span class="lang-full">Language: English</span>' in built.html("/")
    assert '<span class="lang-full">Idioma: Español</span>' in built.html("/es/")
    assert '<span class="lang-full">Lugha: Kiswahili</span>' in built.html("/sw/")


def test_home_page_title_is_translated(built):
    titles = {lang: title(built.html(localized("/", lang))) for lang in LANGUAGES}
    assert titles["en"] == "Free study groups at your library · Learning Circles"
    assert titles["es"] == "Grupos de estudio gratuitos en tu biblioteca · Learning Circles"
    assert titles["sw"].startswith("Vikundi vya kujisomea")
    assert len(set(titles.values())) == len(LANGUAGES)
    assert all(t.endswith(" · Learning Circles") for t in titles.values())
    headings = {lang: h1(built.html(localized("/", lang))) for lang in LANGUAGES}
    assert len(set(headings.values())) == len(LANGUAGES)
    assert "Learning Circles" not in headings.values()
