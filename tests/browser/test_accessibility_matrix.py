"""axe-core on every kind of page in every language, at 1280 and 320 px wide and in the light
and dark colour schemes. Each language is checked at both widths and in both schemes
(light at 1280 px, dark at 320 px), and English in the two other combinations too: every
width, scheme and language meets every page kind, at a fraction of the whole product's
time. test_accessibility.py holds the detailed checks (reflow, errors logged)."""

from __future__ import annotations

import pytest

import pelicanconf

pytestmark = pytest.mark.browser

LANGUAGES = tuple(pelicanconf.CATALOG_LANGUAGES)
LIGHT_WIDE, DARK_NARROW = ((1280, "light"), (320, "dark"))
COMBINATIONS = ([(lang, *LIGHT_WIDE) for lang in LANGUAGES]
                + [(lang, *DARK_NARROW) for lang in LANGUAGES]
                + [(LANGUAGES[0], 1280, "dark"), (LANGUAGES[0], 320, "light")])
MORE_KINDS = {"about": "/about/", "privacy": "/privacy/", "embed": "/embed/",
              "api": "/api/", "display": "/display/"}


@pytest.mark.parametrize("lang, width, scheme", COMBINATIONS,
                         ids=[f"{lang}-{width}-{scheme}" for lang, width, scheme in COMBINATIONS])
def test_every_page_kind_passes_axe(page, sample_site, sample_pages, axe, lang, width, scheme):
    page.set_viewport_size({"width": width, "height": 800})
    page.emulate_media(color_scheme=scheme)
    prefix = "" if lang == LANGUAGES[0] else f"/{lang}"
    found = []
    for path in {**sample_pages, **MORE_KINDS}.values():
        response = page.goto(sample_site.url + prefix + path)
        assert response.ok, f"{prefix}{path} answered HTTP {response.status}"
        violations = axe.violations(page)
        if violations:
            found.append(f"{prefix}{path}: {axe.report(violations)}")
    assert not found, "\n".join(found)
