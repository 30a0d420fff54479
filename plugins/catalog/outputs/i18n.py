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
from jinja2 import nodes, pass_context
from jinja2.ext import InternationalizationExtension
from jinja2.lexer import Token
from markupsafe import Markup

FOLDER = Path("translations")  # inside the theme
DOMAIN = "messages"


def N_(message: str) -> str:
    """Marks a message for extraction where it is written; it is translated where shown."""
    return message


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


@cache
def own_name(lang: str) -> str:
    """The language's name in itself, as a language switcher shows it: 'Suomi' (every page
    shows each language's, and Babel parses the locale on each call)."""
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


class ConstantTranslations(InternationalizationExtension):
    """Jinja's i18n extension (new-style gettext), translating at compile time what needs
    nothing from the page: ``_("words")`` and ``{% trans %}`` without a plural. Each
    language has its own environment (pages.environment), which sets ``constant_gettext``
    to its catalog's ``gettext``; a template compiled there is for that language, and its
    output is what the run-time call gives, made once instead of on every page. Without
    ``constant_gettext`` (e.g. when messages are extracted) nothing changes."""

    def __init__(self, environment):
        super().__init__(environment)
        environment.extend(constant_gettext=None)

    def _constant(self, message: str) -> Markup | None:
        """The new-style gettext's value for ``message`` with no variables, if it can be
        known now (it raises at run time otherwise, as it did)."""
        try:
            return Markup(self.environment.constant_gettext(message)) % {}
        except (TypeError, ValueError, KeyError):
            return None

    def filter_stream(self, stream):
        """``_("words")`` or ``gettext("words")``: becomes ``("translated words"|safe)``."""
        if self.environment.constant_gettext is None:
            return stream
        tokens = list(stream)
        out = []
        i = 0
        while i < len(tokens):
            token = tokens[i]
            end = _gettext_call_end(tokens, i, out)
            text = (None if end is None
                    else self._constant("".join(t.value for t in tokens[i + 2:end])))
            if text is not None:
                out += _safe_string(token.lineno, text)
                i = end + 1
                continue
            out.append(token)
            i += 1
        return iter(out)

    def _make_node(self, singular, plural, context, variables, plural_expr,
                   vars_referenced, num_called_num):
        if (self.environment.constant_gettext is None or plural_expr is not None
                or context is not None or not self.environment.newstyle_gettext):
            return super()._make_node(singular, plural, context, variables, plural_expr,
                                      vars_referenced, num_called_num)
        # gettext(singular, **variables), new-style: the translation, marked safe when
        # autoescaping, then formatted with the variables (each escaped by Markup's %).
        node = nodes.MarkSafeIfAutoescape(nodes.Const(self.environment.constant_gettext(singular)))
        return nodes.Output([nodes.Mod(node, nodes.Dict(
            [nodes.Pair(nodes.Const(key), value) for key, value in variables.items()]))])


def _gettext_call_end(tokens: list[Token], i: int, out: list[Token]) -> int | None:
    """Where the call at ``tokens[i]`` closes, if it is ``_`` or ``gettext`` (not a method
    of that name, after the ``out`` tokens) called with strings only."""
    if not _is_gettext(tokens[i], out):
        return None
    end = i + 2
    while end < len(tokens) and tokens[end].type == "string":
        end += 1
    if (end > i + 2 and end < len(tokens) and tokens[i + 1].type == "lparen"
            and tokens[end].type == "rparen"):
        return end
    return None


def _is_gettext(token: Token, out: list[Token]) -> bool:
    """Whether ``token``, after the ``out`` tokens, names ``_`` or ``gettext`` itself."""
    return (token.type == "name" and token.value in ("_", "gettext")
            and (not out or out[-1].type != "dot"))


def _safe_string(line: int, text: Markup) -> list[Token]:
    """The tokens of ``("text"|safe)``."""
    return [Token(line, "lparen", "("), Token(line, "string", str(text)),
            Token(line, "pipe", "|"), Token(line, "name", "safe"), Token(line, "rparen", ")")]
