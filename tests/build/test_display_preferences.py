"""Display preferences in the built pages (README, "Display preferences"): every page carries
the <head> script (one file, not inline) after its stylesheets, the header's control and the panel, whose controls
bear Fluid Infusion's preference names and ranges; the fonts are vendored with their
licences and published with the theme; the panel's script and styles stay small."""

import gzip
import json
import re

from catalog.build import ROOT
from catalog.outputs import i18n

THEME = ROOT / "theme"
LANGUAGES = ("en", "es", "fr", "de", "fi", "pl", "ro", "pt", "sw")
PAGES = ("/", "/circles/", "/circles/c/", "/courses/py4e/", "/organizations/tpl/", "/about/",
         "/privacy/", "/display/")
# Infusion 4.8.0, src/framework/preferences/js/: StarterSchemas.js, LetterSpaceSchemas.js,
# WordSpaceSchemas.js ("minimum", "maximum", "multipleOf").
RANGES = {"fluid_prefs_textSize": ("0.5", "2", "0.1"), "fluid_prefs_lineSpace": ("0.7", "2", "0.1"),
          "fluid_prefs_letterSpace": ("0.9", "2", "0.1"), "fluid_prefs_wordSpace": ("0.7", "2", "0.1")}
FONTS = ["atkinson-hyperlegible-OFL.txt", "atkinson-hyperlegible-latin-400-normal.woff2",
         "atkinson-hyperlegible-latin-700-normal.woff2",
         "atkinson-hyperlegible-latin-ext-400-normal.woff2",
         "atkinson-hyperlegible-latin-ext-700-normal.woff2", "opendyslexic-OFL.txt",
         "opendyslexic-latin-400-normal.woff2", "opendyslexic-latin-700-normal.woff2"]
# Gzipped bytes: the README states what they are now.
BUDGETS = {"js/preferences.js": 2_500, "css/preferences.css": 4_500,
           "js/preferences-head.js": 3_000}
HEAD_SCRIPT = '<script src="/theme/js/preferences-head.js"></script>'


def head_script(html: str) -> str:
    """The <head> script's tag: a classic script (neither async nor deferred, so that it
    runs before the first paint), once per page."""
    assert html.count(HEAD_SCRIPT) == 1, "one display preferences script"
    return HEAD_SCRIPT


def test_every_page_carries_the_script_and_the_control_and_one_page_the_panel(site, build):
    site.circle()
    built = build()
    for lang in LANGUAGES:
        for path in PAGES:
            html = built.html(i18n.localized(path, lang, LANGUAGES))
            head = html[:html.index("</head>")]
            script = head_script(html)
            assert script in head and head.rindex('rel="stylesheet"') < head.index(script), (
                f"{lang} {path}: the script runs in <head>, once the stylesheets are known")
            about = i18n.localized("/about/", lang, LANGUAGES)
            assert f'<a class="prefs-open prefs-link" href="{about}#display-settings">' in html
            display = i18n.localized("/display/", lang, LANGUAGES)
            assert ('<button type="button" class="prefs-open prefs-button" aria-haspopup="dialog" '
                    f'data-panel="{display}">') in html
            # The panel is fetched from the display page when first asked for.
            assert html.count('<dialog id="display-prefs"') == (path == "/display/")
            assert html.count('<script type="module" src="/theme/js/preferences.js"></script>') == 1
    # The same script for every page, in every language: it holds no words, and is published.
    script = (THEME / "static" / "js" / "preferences-head.js").read_bytes()
    assert (built.root / "theme" / "js" / "preferences-head.js").read_bytes() == script
    assert not re.search(rb"\{[{%#]", script), "no template code: the file is served as it is"
    about = built.html("/fr/about/")
    assert '<section id="display-settings" aria-labelledby="display-heading">' in about
    assert "Taille du texte, couleurs et animations" in about


def test_the_panels_controls_are_infusions_preferences(site, build):
    site.circle()
    html = build().html("/display/")
    panel = html[html.index('<dialog id="display-prefs"'):html.index("</dialog>")]
    ranges = re.findall(r'<input type="range" id="prefs-(\w+)" name="(\w+)" min="([\d.]+)" '
                        r'max="([\d.]+)" step="([\d.]+)" value="1">', panel)
    assert {name: (low, high, step) for _, name, low, high, step in ranges} == RANGES
    assert all(key == name for key, name, *_ in ranges)
    radios = re.findall(r'<input type="radio" name="(\w+)" value="([\w-]+)"', panel)
    assert radios == [("fluid_prefs_textFont", "default"),
                      ("fluid_prefs_textFont", "atkinson-hyperlegible"),
                      ("fluid_prefs_textFont", "open-dyslexic"),
                      ("theme", "default"), ("theme", "light"), ("theme", "dark"),
                      ("theme", "bw"), ("theme", "wb"), ("theme", "by"), ("theme", "yb")]
    checkboxes = re.findall(r'<input type="checkbox" name="(\w+)"', panel)
    assert checkboxes == ["fluid_prefs_enhanceInputs", "catalog_prefs_reducedMotion"]
    head_script(html)
    script = (THEME / "static" / "js" / "preferences-head.js").read_text(encoding="utf-8")
    assert 'KEY = "fluid-ui-settings"' in script and "fluid-ui-settings=" in script
    css = (THEME / "static" / "css" / "preferences.css").read_text(encoding="utf-8")
    for name in ("fl-textSize-enabled", "--fl-textSize", "--fl-lineSpace", "--fl-lineSpace-factor",
                 "--fl-letterSpace", "--fl-wordSpace", "fl-theme-bw", "fl-theme-wb", "fl-theme-by",
                 "fl-theme-yb", "fl-font-atkinson-hyperlegible", "fl-font-open-dyslexic",
                 "fl-input-enhanced", "--fl-fgColor", "--fl-bgColor", "--fl-font-family",
                 "--fl-enhance-font-size"):
        assert name in css, name


def test_fonts_are_vendored_with_their_licences_and_published(site, build):
    site.circle()
    built = build()
    fonts = THEME / "static" / "fonts"
    assert sorted(p.name for p in fonts.iterdir()) == FONTS
    assert sorted(p.name for p in (built.root / "theme" / "fonts").iterdir()) == FONTS
    for licence in ("atkinson-hyperlegible-OFL.txt", "opendyslexic-OFL.txt"):
        assert "SIL OPEN FONT LICENSE Version 1.1" in (fonts / licence).read_text(encoding="utf-8")
    for woff2 in fonts.glob("*.woff2"):
        assert woff2.read_bytes()[:4] == b"wOF2", woff2.name
    # Every face the stylesheet declares is there, and every file vendored is declared.
    css = (THEME / "static" / "css" / "preferences.css").read_text(encoding="utf-8")
    declared = re.findall(r"src: url\(\.\./fonts/([\w-]+\.woff2)\)", css)
    assert sorted(declared) == [name for name in FONTS if name.endswith(".woff2")]
    assert css.count("font-display: optional;") == len(declared)
    # `make fonts` copies exactly these, from the packages pinned in package.json.
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    listed = {family: re.search(rf"^{family.upper().replace('-', '')} := (.+)$", makefile, re.M)
              .group(1).split() for family in ("atkinson", "opendyslexic")}
    assert [f"atkinson-hyperlegible-{name}.woff2" for name in listed["atkinson"]] + [
        f"opendyslexic-{name}.woff2" for name in listed["opendyslexic"]] == [
        name for name in FONTS if name.endswith(".woff2")]
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    assert package["devDependencies"]["@fontsource/atkinson-hyperlegible"] == "5.3.0"
    assert package["devDependencies"]["@fontsource/opendyslexic"] == "5.3.0"


def test_the_panels_script_and_styles_stay_small(site, build):
    site.circle()
    html = build().html("/")
    sizes = {name: len(gzip.compress((THEME / "static" / name).read_bytes(), 9))
             for name in BUDGETS if "/" in name}
    head_script(html)
    assert "<script>" not in html, "no inline script, repeated in every page"
    print("gzipped bytes:", sizes)
    assert all(sizes[name] <= BUDGETS[name] for name in BUDGETS), (sizes, BUDGETS)
