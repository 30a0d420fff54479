"""The languages of the interface (site-contract.md, "Pages": one site per language).

``CATALOG_LANGUAGES`` lists them; the first (English) is at the site's root and every other
one under ``/LANG/`` (``/es/circles/...``). Only HTML pages are per language: the data
outputs (API, calendars, feeds, ``/embed.js``, ``/pagefind/``, ``/schemas/``) stay single and
language-neutral at the root.

The words come from the Babel catalogs ``theme/translations/LANG/LC_MESSAGES/messages.po``,
compiled in memory when the site is built (no ``.mo`` file is kept). Adding a language is a
catalog and a line in ``CATALOG_LANGUAGES``.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from typing import Callable

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from jinja2 import pass_context
from markupsafe import Markup

DEFAULT_LANGUAGES = ("en",)
FOLDER = Path("translations")  # inside the theme
DOMAIN = "messages"


def N_(message: str) -> str:
    """Marks a message for extraction where it is written; it is translated where shown."""
    return message


def languages(settings: dict) -> tuple[str, ...]:
    """The site's languages, the one at the root first."""
    return tuple(settings.get("CATALOG_LANGUAGES") or DEFAULT_LANGUAGES)


def is_page(path: str) -> bool:
    """HTML pages are per language; every other file (data, scripts, styles) is not."""
    return path.endswith("/") or path.endswith(".html")


def localized(path: str, lang: str, langs: tuple[str, ...]) -> str:
    """The path of page ``path`` (in any language) in ``lang``; other files unchanged."""
    if not is_page(path):
        return path
    path = neutral(path, langs)
    return path if lang == langs[0] else f"/{lang}{path}"


def neutral(path: str, langs: tuple[str, ...]) -> str:
    """The root language's path of a page in any language: '/es/circles/' -> '/circles/'."""
    head, _, rest = path.lstrip("/").partition("/")
    if head in langs[1:] and (rest or path.endswith("/")):
        return "/" + rest
    return path


@cache
def translations(theme: Path, lang: str) -> NullTranslations:
    """``lang``'s catalog compiled in memory; the root language without a catalog speaks the
    messages themselves."""
    source = theme / FOLDER / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not source.is_file():
        if lang == "en":
            return NullTranslations()
        raise FileNotFoundError(f"no catalog for the language {lang!r}: {source}")
    with source.open("rb") as handle:
        catalog = read_po(handle, locale=lang, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


@cache
def plural_samples(lang: str) -> dict[str, int]:
    """A whole number in each CLDR plural category of ``lang`` ('few': 2 in Polish), for the
    categories whole numbers reach; one they never reach ('other' in Polish, for fractions,
    which no count is) takes the number of 'many'."""
    rule = Locale.parse(lang).plural_form
    samples: dict[str, int] = {}
    for number in (*range(0, 200), 1000000):
        samples.setdefault(rule(number), number)
    fallback = samples.get("many", max(samples.values()))
    return {tag: samples.get(tag, fallback) for tag in sorted(rule.tags | {"other"})}


def plural_table(gettext: NullTranslations, lang: str, singular: str, plural: str,
                 **fields: str) -> dict[str, str]:
    """The message in each plural category of ``lang``, for ``Intl.PluralRules`` in the
    browser: ``%(count)s`` stays as ``{count}``, the other ``fields`` are filled in."""
    values = {"count": "{count}", **fields}
    return {tag: gettext.ngettext(singular, plural, n) % values
            for tag, n in plural_samples(lang).items()}


def own_name(lang: str) -> str:
    """The language's name in itself, as a language switcher shows it: 'Suomi'."""
    name = Locale.parse(lang).get_display_name(lang) or lang
    return name[0].upper() + name[1:]


# The headings and titles pages.py gives listings in English; templates translate them.
PAGE_TITLES = (N_("Learning circles"), N_("Past learning circles"), N_("Courses"),
               N_("Topics"), N_("Languages"), N_("Cities"), N_("Completed"),
               N_("In progress"), N_("Upcoming"))


def fast_gettext(translate: Callable[[str], str]) -> Callable[..., str]:
    """Jinja's new-style ``gettext`` (and ``_``) for ``translate``, with the same result,
    remembering the strings used without variables: a page asks for the same few dozen
    words (its header, footer and labels) every time it is rendered."""
    done: dict[str, str] = {}

    @pass_context
    def gettext(context, string: str, **variables) -> str:
        autoescape = context.eval_ctx.autoescape
        if not variables and autoescape:
            found = done.get(string)
            if found is None:
                found = done[string] = Markup(translate(string)) % {}
            return found
        text = Markup(translate(string)) if autoescape else translate(string)
        return text % variables  # as Jinja does: always a format string

    return gettext
