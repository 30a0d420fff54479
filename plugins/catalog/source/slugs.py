"""What a name is spelled as in a URL. The model gives each term its own slug from these
(model.py, ``_slugs``); the commands suggest file names with them."""

from __future__ import annotations

import re

from unidecode import unidecode

# Signs that tell names apart, as words: 'C++' is not 'C', nor 'C#', nor 'Arts, Crafts'.
# A '#' after a letter or digit is a sharp (C#, F#); elsewhere it is a number sign.
_WORDS = ((re.compile(r"(?<=[a-z0-9])#"), " sharp "), (re.compile(r"\+"), " plus "),
          (re.compile(r"&"), " and "))


def term_slug(text: str) -> str:
    """A URL segment spelling ``text``: 'Kraków' -> 'krakow', 'C++' -> 'c-plus-plus',
    'C#' -> 'c-sharp'. Names that only differ in case give the same segment; other names
    may too ('Montréal', 'Montreal'): a term's page is at its ``Term.slug``, which the
    model makes unique, never at this."""
    spelled = unidecode(text.casefold()).lower()
    for sign, word in _WORDS:
        spelled = sign.sub(word, spelled)
    slug = re.sub(r"[^a-z0-9]+", "-", spelled).strip("-")
    return slug or "-".join(f"{ord(c):x}" for c in text.casefold().strip())
