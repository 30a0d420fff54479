"""Display preferences: the "Display" button of every page's header opens a panel whose
choices (text size and spacing, a readable font, contrast themes, underlined links, less
motion) apply at once, are kept in this browser under Fluid Infusion's "fluid-ui-settings"
key, and are applied by the <head> script before the first paint of every later page.

Every page kind passes axe in every contrast theme and at the largest text size, at 1280
and 320 px; at 200 % text nothing scrolls sideways at 320 px; the keyboard reaches and
operates every control; the fonts are fetched only once chosen, from this site; the
device's settings come first; without JavaScript the header links to the browser's own
settings instead."""

from __future__ import annotations

import json

import pytest
from test_accessibility_matrix import MORE_KINDS

import pelicanconf

pytestmark = pytest.mark.browser

KEY = "fluid-ui-settings"
LANGUAGES = tuple(pelicanconf.CATALOG_LANGUAGES)
WIDTHS = (1280, 320)
# Each setting of the matrix: what is kept, the device's colour scheme, and what shows
# that it applies (the body's background, or the root's font size).
SETTINGS = {
    "black-on-white": ({"fluid_prefs_contrast": "bw"}, "light", ("background", "rgb(255, 255, 255)")),
    "white-on-black": ({"fluid_prefs_contrast": "wb"}, "light", ("background", "rgb(0, 0, 0)")),
    "black-on-yellow": ({"fluid_prefs_contrast": "by"}, "dark", ("background", "rgb(255, 255, 0)")),
    "yellow-on-black": ({"fluid_prefs_contrast": "yb"}, "light", ("background", "rgb(0, 0, 0)")),
    "dark-on-a-light-device": ({"catalog_prefs_colorScheme": "dark"}, "light",
                               ("background", "rgb(17, 24, 30)")),
    "light-on-a-dark-device": ({"catalog_prefs_colorScheme": "light"}, "dark",
                               ("background", "rgb(251, 250, 246)")),
    "largest-text": ({"fluid_prefs_textSize": 2}, "light", ("font-size", "32px")),
}
SHOWN = """([what]) => what === 'background'
  ? getComputedStyle(document.body).backgroundColor
  : getComputedStyle(document.documentElement).fontSize"""
STATE = """() => ({classes: document.documentElement.className,
  style: document.documentElement.getAttribute('style'),
  size: getComputedStyle(document.documentElement).fontSize,
  body: document.body && [getComputedStyle(document.body).backgroundColor,
                          getComputedStyle(document.body).lineHeight,
                          getComputedStyle(document.body).letterSpacing]})"""
# Records the page's state at its first animation frame (run before the first paint) and
# every layout shift.
EARLY = """window.__early = null; window.__shifts = [];
requestAnimationFrame(() => { window.__early = (%s)(); });
new PerformanceObserver((list) => window.__shifts.push(...list.getEntries().map(e => e.value)))
  .observe({type: 'layout-shift', buffered: true});""" % STATE


def keep(page, site, prefs: dict | None) -> None:
    """Keeps ``prefs`` as the panel would (None forgets them), from a page of the site."""
    if not page.url.startswith(site.url):
        page.goto(site.url + "/404.html")
    page.evaluate("""([key, value]) => value === null ? localStorage.removeItem(key)
                                                      : localStorage.setItem(key, value)""",
                  [KEY, None if prefs is None else json.dumps({"preferences": prefs})])


def kept(page) -> dict | None:
    text = page.evaluate("key => localStorage.getItem(key)", KEY)
    return None if text is None else json.loads(text)


def open_panel(page):
    page.click(".prefs-button")
    dialog = page.locator("#display-prefs")
    assert dialog.evaluate("d => d.open && d.matches(':modal')")
    return dialog


def page_kinds(sample_pages) -> dict[str, str]:
    return {**sample_pages, **MORE_KINDS}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("setting", SETTINGS)
def test_every_page_kind_passes_axe_with_the_setting(page, sample_site, sample_pages, axe,
                                                     setting, width):
    prefs, scheme, (what, expected) = SETTINGS[setting]
    page.set_viewport_size({"width": width, "height": 800})
    page.emulate_media(color_scheme=scheme)
    keep(page, sample_site, prefs)
    found = []
    for kind, path in page_kinds(sample_pages).items():
        response = page.goto(sample_site.url + path)
        assert response.ok, f"{path} answered HTTP {response.status}"
        assert page.evaluate(SHOWN, [what]) == expected, f"{path}: {setting} is not applied"
        violations = axe.violations(page)
        if violations:
            found.append(f"{kind} {path}: {axe.report(violations)}")
    page.goto(sample_site.url + "/")
    open_panel(page)
    violations = axe.violations(page)
    if violations:
        found.append(f"the open panel: {axe.report(violations)}")
    assert not found, f"{setting} at {width} px:\n" + "\n".join(found)
    assert not page.errors, "\n".join(page.errors)


def test_200_percent_text_never_scrolls_sideways_at_320_px(page, sample_site, sample_pages):
    page.set_viewport_size({"width": 320, "height": 640})
    keep(page, sample_site, {"fluid_prefs_textSize": 2})
    wide = []
    for lang in LANGUAGES:
        prefix = "" if lang == LANGUAGES[0] else f"/{lang}"
        for path in page_kinds(sample_pages).values():
            page.goto(sample_site.url + prefix + path)
            assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "32px"
            widths = page.evaluate("[document.documentElement.scrollWidth, "
                                   "document.documentElement.clientWidth]")
            if widths[0] > widths[1]:
                wide.append(f"{prefix}{path}: {widths[0]} px wide in {widths[1]} px")
    page.click(".prefs-button")
    if page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth"):
        wide.append("the open panel")
    assert not wide, "at 200 % text these scroll sideways:\n" + "\n".join(wide)


FOCUSED = """() => { const e = document.activeElement;
  return [e.localName, e.getAttribute('name') || e.className || e.getAttribute('href'),
          e.matches(':focus-visible'), !!e.closest('#display-prefs')]; }"""


def test_keyboard_reaches_and_operates_every_control(page, sample_site):
    page.goto(sample_site.url + "/courses/")
    page.locator(".lang-menu > summary").focus()
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)[:3] == ["button", "prefs-open prefs-button", True]
    page.keyboard.press("Enter")
    assert page.locator("#display-prefs").evaluate("d => d.open")
    stops = [page.evaluate(FOCUSED)]
    for _ in range(14):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUSED))
    # After the last control the focus leaves for the browser's own controls (none in a
    # headless browser: the body), never for the page under the panel, then comes back
    # through the dialog itself.
    assert [stop[:2] for stop in stops] == [
        ["button", "prefs-close"], ["input", "fluid_prefs_textSize"],
        ["input", "fluid_prefs_lineSpace"], ["input", "fluid_prefs_letterSpace"],
        ["input", "fluid_prefs_wordSpace"], ["input", "fluid_prefs_textFont"],
        ["input", "theme"], ["input", "fluid_prefs_enhanceInputs"],
        ["input", "catalog_prefs_reducedMotion"], ["button", "button button-secondary prefs-reset"],
        ["button", "button"], ["a", "/about/#display-settings"],
        ["body", None], ["dialog", "prefs-dialog"], ["button", "prefs-close"]], (
        "Tab goes round the panel's controls only")
    assert all(visible and inside for *_, visible, inside in stops[:12] + stops[13:])

    def focus(name):
        page.locator(f"#display-prefs [name={name}]").first.focus()

    for name in ("fluid_prefs_textSize", "fluid_prefs_lineSpace"):
        focus(name)
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
    focus("fluid_prefs_letterSpace")
    page.keyboard.press("End")
    focus("fluid_prefs_wordSpace")
    page.keyboard.press("ArrowLeft")
    focus("fluid_prefs_textFont")
    page.keyboard.press("ArrowDown")
    focus("theme")
    for _ in range(6):
        page.keyboard.press("ArrowDown")
    for name in ("fluid_prefs_enhanceInputs", "catalog_prefs_reducedMotion"):
        focus(name)
        page.keyboard.press("Space")
    assert page.locator("[name=fluid_prefs_textSize]").get_attribute("aria-valuetext") == "120%"
    assert page.locator('[data-value-of="fluid_prefs_letterSpace"]').text_content() == "200%"
    assert kept(page) == {"preferences": {
        "fluid_prefs_textSize": 1.2, "fluid_prefs_lineSpace": 1.2, "fluid_prefs_letterSpace": 2,
        "fluid_prefs_wordSpace": 0.9, "fluid_prefs_textFont": "atkinson-hyperlegible",
        "fluid_prefs_contrast": "yb", "fluid_prefs_enhanceInputs": True,
        "catalog_prefs_reducedMotion": True}}
    page.wait_for_function("document.documentElement.classList.contains('fl-font-atkinson-hyperlegible')")
    root = page.evaluate("""() => { const r = document.documentElement, s = r.style;
      return [[...r.classList].sort(), ['--fl-textSize', '--fl-textSize-factor', '--fl-lineSpace',
              '--fl-lineSpace-factor', '--fl-letterSpace', '--fl-letterSpace-factor',
              '--fl-wordSpace', '--fl-wordSpace-factor'].map(p => s.getPropertyValue(p))]; }""")
    assert root == [sorted(["prefs-js", "fl-textSize-enabled", "fl-lineSpace-enabled",
                            "fl-letterSpace-enabled", "fl-wordSpace-enabled", "fl-theme-yb",
                            "fl-font-atkinson-hyperlegible", "fl-input-enhanced"]),
                    ["19px", "1.2", "1.92", "1.2", "1em", "1", "-0.1em", "-0.1"]]
    assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "auto"
    # Reset by keyboard, then Escape closes the panel and gives the focus back to its button.
    page.locator(".prefs-reset").focus()
    page.keyboard.press("Enter")
    assert kept(page) is None
    assert page.evaluate("document.documentElement.className") == "prefs-js fl-theme-prefsEditor-default"
    assert page.evaluate("document.documentElement.getAttribute('style')") == ""
    page.keyboard.press("Escape")
    assert not page.locator("#display-prefs").evaluate("d => d.open")
    assert page.evaluate(FOCUSED)[:2] == ["button", "prefs-open prefs-button"]
    assert not page.errors, "\n".join(page.errors)


def test_a_setting_survives_navigation_and_reload(page, sample_site, sample_pages):
    keep(page, sample_site, None)
    page.goto(sample_site.url + "/")
    dialog = open_panel(page)
    dialog.locator("[name=fluid_prefs_textSize]").fill("1.5")
    dialog.locator("label", has_text="White on black").click()
    dialog.locator("button", has_text="Done").click()
    assert kept(page) == {"preferences": {"fluid_prefs_textSize": 1.5, "fluid_prefs_contrast": "wb"}}
    expected = ["24px", "rgb(0, 0, 0)"]
    shown = "[getComputedStyle(document.documentElement).fontSize, getComputedStyle(document.body).backgroundColor]"
    assert page.evaluate(shown) == expected
    page.locator(".site-nav a", has_text="Courses").click()
    page.wait_for_url("**/courses/")
    assert page.evaluate(shown) == expected
    page.goto(sample_site.url + "/es" + sample_pages["circle-open"])
    assert page.evaluate(shown) == expected
    page.reload()
    assert page.evaluate(shown) == expected
    open_panel(page)
    assert page.locator("[name=fluid_prefs_textSize]").input_value() == "1.5"
    assert page.locator("[name=theme]:checked").get_attribute("value") == "wb"


@pytest.mark.parametrize("kind", ["course", "circle-open", "organization", "about"])
def test_preferences_apply_before_the_first_paint(page, sample_site, sample_pages, kind):
    path = page_kinds(sample_pages)[kind]
    keep(page, sample_site, {"fluid_prefs_textSize": 1.5, "fluid_prefs_lineSpace": 1.5,
                             "fluid_prefs_letterSpace": 1.1, "fluid_prefs_contrast": "by",
                             "fluid_prefs_textFont": "atkinson-hyperlegible"})
    page.add_init_script(EARLY)
    page.goto(sample_site.url + path)
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)  # let any late change show as a shift
    final = page.evaluate(STATE)
    early = page.evaluate("window.__early")
    assert final["classes"] == ("prefs-js fl-textSize-enabled fl-lineSpace-enabled "
                                "fl-letterSpace-enabled fl-theme-by fl-font-atkinson-hyperlegible")
    # 1.0625rem of a 24 px root is 25.5 px: line height 1.6 x 1.5, letter spacing 0.1 em.
    assert final["body"] == ["rgb(255, 255, 0)", "61.2px", "2.55px"]
    assert early["classes"] == final["classes"] and early["style"] == final["style"]
    assert early["size"] == final["size"] == "24px"
    assert early["body"] in (None, final["body"]), "the first frame showed other styles"
    assert page.evaluate("window.__shifts") == [], f"{path}: the layout shifted"


def test_fonts_are_fetched_only_once_chosen_and_nothing_leaves_the_site(page, sample_site, sample_pages):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    keep(page, sample_site, None)

    def fonts():
        return sorted({url.rsplit("/", 1)[1] for url in requests if url.endswith(".woff2")})

    for path in ("/", sample_pages["course"], sample_pages["circle-open"]):
        page.goto(sample_site.url + path)
        open_panel(page)
        page.keyboard.press("Escape")
    assert fonts() == [], "no font is fetched until one is chosen"
    open_panel(page)
    page.locator("label", has_text="Atkinson Hyperlegible").click()
    page.wait_for_function("document.documentElement.classList.contains('fl-font-atkinson-hyperlegible')")
    assert page.evaluate("getComputedStyle(document.body).fontFamily") == '"Atkinson Hyperlegible", sans-serif'
    assert page.evaluate("document.fonts.check('1em \"Atkinson Hyperlegible\"')")
    assert fonts() == ["atkinson-hyperlegible-latin-400-normal.woff2",
                       "atkinson-hyperlegible-latin-700-normal.woff2"]
    page.goto(sample_site.url + "/pl/")  # Polish letters need the latin-ext faces too
    page.wait_for_load_state("load")
    page.wait_for_function("document.fonts.status === 'loaded'")
    assert "atkinson-hyperlegible-latin-ext-400-normal.woff2" in fonts()
    assert not any("opendyslexic" in name for name in fonts())
    open_panel(page)
    page.locator("label", has_text="OpenDyslexic").click()
    page.wait_for_function("document.documentElement.classList.contains('fl-font-open-dyslexic')")
    assert {"opendyslexic-latin-400-normal.woff2", "opendyslexic-latin-700-normal.woff2"} <= set(fonts())
    assert all(url.startswith(sample_site.url) for url in requests), [
        url for url in requests if not url.startswith(sample_site.url)]
    assert not page.errors, "\n".join(page.errors)


BACKGROUND = "getComputedStyle(document.body).backgroundColor"


def test_the_device_comes_first_and_the_panel_overrides_it(page, sample_site):
    keep(page, sample_site, None)
    page.emulate_media(color_scheme="dark", reduced_motion="reduce")
    page.goto(sample_site.url + "/about/")
    assert page.evaluate(BACKGROUND) == "rgb(17, 24, 30)", "the device's dark scheme"
    open_panel(page)
    assert page.locator("[name=theme]:checked").get_attribute("value") == "default"
    motion = page.locator("[name=catalog_prefs_reducedMotion]")
    assert motion.is_checked() and motion.is_disabled()
    assert page.locator("#prefs-motion-note").is_visible()
    assert not page.locator(".prefs-forced").is_visible()
    page.get_by_role("radio", name="Light", exact=True).check()
    page.wait_for_function(f"{BACKGROUND} === 'rgb(251, 250, 246)'")  # Light beats the device
    assert page.evaluate("getComputedStyle(document.documentElement).colorScheme") == "light"
    assert kept(page) == {"preferences": {"catalog_prefs_colorScheme": "light"}}
    page.emulate_media(color_scheme="light", reduced_motion="no-preference")
    page.reload()
    assert page.evaluate(BACKGROUND) == "rgb(251, 250, 246)"
    assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "smooth"
    open_panel(page)
    assert not page.locator("[name=catalog_prefs_reducedMotion]").is_disabled()
    assert not page.locator("#prefs-motion-note").is_visible()
    page.emulate_media(forced_colors="active")
    assert page.locator(".prefs-forced").is_visible()
    page.emulate_media(forced_colors="none", contrast="more")
    page.locator(".prefs-reset").click()
    assert page.evaluate("getComputedStyle(document.querySelector('.prefs-note')).color") \
        == page.evaluate("getComputedStyle(document.body).color"), "more contrast: no muted text"


def test_infusions_own_cookie_is_read_and_reset_wins_over_it(page, sample_site):
    keep(page, sample_site, None)
    page.evaluate("""document.cookie = 'fluid-ui-settings=' + encodeURIComponent(JSON.stringify(
        {preferences: {fluid_prefs_textSize: 1.3, fluid_prefs_contrast: 'bw'}})) + '; path=/'""")
    page.goto(sample_site.url + "/")
    assert page.evaluate("document.documentElement.className") == (
        "prefs-js fl-textSize-enabled fl-theme-bw")
    assert page.evaluate("document.documentElement.style.getPropertyValue('--fl-textSize')") == "21px"
    open_panel(page).locator(".prefs-reset").click()
    assert kept(page) == {"preferences": {}}
    page.reload()
    assert page.evaluate("document.documentElement.className") == (
        "prefs-js fl-theme-prefsEditor-default")


def test_without_javascript_the_header_links_to_the_browsers_own_settings(browser, sample_site):
    context = browser.new_context(viewport={"width": 320, "height": 640}, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(sample_site.url + "/fr/courses/")
        assert page.evaluate("document.documentElement.className") == ""
        assert not page.locator(".prefs-button").is_visible()
        assert not page.locator("#display-prefs").is_visible()
        link = page.locator(".prefs-link")
        assert link.is_visible() and link.text_content() == "Affichage"
        link.click()
        page.wait_for_url("**/fr/about/#display-settings")
        heading = page.locator("#display-settings h2")
        assert heading.text_content() == "Taille du texte, couleurs et animations"
        assert heading.is_visible()
    finally:
        context.close()


def test_the_panel_is_fetched_once_in_the_pages_language(page, sample_site):
    fetched = []
    page.on("request", lambda r: fetched.append(r.url) if "/display/" in r.url else None)
    page.goto(sample_site.url + "/de/courses/")
    assert page.locator("#display-prefs").count() == 0
    dialog = open_panel(page)
    assert dialog.locator("h2").text_content() == "Anzeigeeinstellungen"
    assert page.locator(".prefs-button").get_attribute("aria-controls") == "display-prefs"
    page.keyboard.press("Escape")
    open_panel(page)
    assert fetched == [sample_site.url + "/de/display/"]
    assert page.locator("#display-prefs").count() == 1


def test_when_the_panel_cannot_be_fetched_the_display_page_opens_it(page, sample_site):
    # Only the panel's fetch fails; the navigation to the display page goes through to
    # the page fixture's own route. (A route for one request, times=1, raced with that
    # navigation: both handlers took the same request, which was then aborted.)
    page.route("**/fr/display/", lambda route: route.abort()
               if route.request.resource_type == "fetch" else route.fallback())
    page.goto(sample_site.url + "/fr/courses/")
    page.click(".prefs-button")
    page.wait_for_url("**/fr/display/#display-prefs")
    dialog = page.locator("#display-prefs")
    assert dialog.evaluate("d => d.open && d.matches(':modal')")
    dialog.locator("[name=fluid_prefs_textSize]").fill("1.5")
    assert kept(page) == {"preferences": {"fluid_prefs_textSize": 1.5}}
