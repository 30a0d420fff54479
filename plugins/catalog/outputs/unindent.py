"""The templates' indentation, kept in the theme for people to read, left out of the pages.

Every page of every language repeated it: about a kilobyte of spaces in a circle page,
a few percent of the site's bytes. :class:`Unindent` takes the spaces and tabs at the start of each
line of a template's source before Jinja compiles it. A line break stays where it was, so
the words of a page and the spaces between them are the same; only the indentation goes.

Lines are left as they are where white space is the text itself: inside ``<pre>`` and
``<textarea>``, and inside a ``{% trans %}`` block that is not ``trimmed``, whose words
must stay the message id the translations were extracted with (babel.cfg reads the
theme's files as they are).
"""

from __future__ import annotations

import re

from jinja2.ext import Extension

# What starts or ends a stretch of lines to keep as written, in the order met on a line.
_MARKS = re.compile(r"<(?P<open>pre|textarea)\b|</(?P<close>pre|textarea)\s*>"
                    r"|\{%-?\s*(?P<trans>trans\b[^%]*?)-?%\}|\{%-?\s*(?P<end>endtrans)\b",
                    re.IGNORECASE)
_INDENT = re.compile(r"^[ \t]+")


def unindent(source: str) -> str:
    """``source`` without the indentation of its lines, but where white space counts."""
    lines = source.split("\n")
    kept_by: str | None = None  # the element or block the line starts in, if any
    for i, line in enumerate(lines):
        if kept_by is None:
            # After a tag or comment that ends its line, trim_blocks takes the line break:
            # the indentation is then the only white space left between the two lines'
            # words, and one space stays in its place.
            joined = i and lines[i - 1].rstrip().endswith(("%}", "#}"))
            lines[i] = _INDENT.sub(" " if joined else "", line)
        kept_by = _kept_after(line, kept_by)
    return "\n".join(lines)


def _kept_after(line: str, kept_by: str | None) -> str | None:
    """What keeps the next line as written, after ``line`` (which starts in ``kept_by``)."""
    for mark in _MARKS.finditer(line):
        if kept_by is None:
            if mark["open"]:
                kept_by = mark["open"].lower()
            elif mark["trans"] and "trimmed" not in mark["trans"].split():
                kept_by = "trans"
        elif (mark["close"] or "").lower() == kept_by or (mark["end"] and kept_by == "trans"):
            kept_by = None
    return kept_by


class Unindent(Extension):
    """A Jinja extension that runs :func:`unindent` on each template's source."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        return unindent(source)
