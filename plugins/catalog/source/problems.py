"""Problems found in content files, and their two printings.

A Problem is one mistake in one file, at one line. It prints as the line editors and CI
problem matchers read (``PATH:LINE:COL: error: FIELD: MESSAGE``) and, inside GitHub
Actions, as a workflow ``::error`` annotation on that line of the pull request. A problem
of severity "note" is advice that never fails a check: it prints ``note:`` instead of
``error:`` and, in GitHub Actions, a ``::notice`` annotation.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

# The FIELD of a problem that concerns the whole file (encoding, YAML syntax, size).
FILE = "(file)"
ERROR, NOTE = "error", "note"


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    column: int | None
    field: str
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        column = f":{self.column}" if self.column else ""
        return printable(f"{self.path}:{self.line}{column}: {self.severity}: {self.field}: "
                         f"{self.message}")

    def annotation(self) -> str:
        """The GitHub Actions workflow command that marks this problem on its line."""
        props = f"file={_escape_property(self.path)},line={self.line}"
        if self.column:
            props += f",col={self.column}"
        props += f",title={_escape_property(self.field)}"
        command = "notice" if self.severity == NOTE else "error"
        return printable(f"::{command} {props}::{_escape_data(self.message)}")


class CatalogError(Exception):
    """Base of every error the catalog raises on purpose; the CLI turns it into an exit code."""

    exit_code = 2


class ContentErrors(CatalogError):
    """The content has problems; nothing may be built from it."""

    exit_code = 1

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(summary(self.problems))


class BuildFault(CatalogError):
    """The build could not finish (a full disk, a read-only folder); nothing was published."""

    exit_code = 1


class UsageError(CatalogError):
    """The command was called wrongly (a missing folder, a bad date)."""


def summary(problems: list[Problem], files_checked: int | None = None) -> str:
    """``3 errors in 2 files``, or the good news with the number of files checked; then
    the number of notes, if any (``, 2 notes``)."""
    errors = [p for p in problems if p.severity != NOTE]
    notes = len(problems) - len(errors)
    after = f", {_plural(notes, 'note')}" if notes else ""
    if not errors:
        checked = f"{_plural(files_checked, 'file')} checked, " if files_checked is not None else ""
        return f"{checked}no errors{after}"
    files = len({p.path for p in errors})
    return f"{_plural(len(errors), 'error')} in {_plural(files, 'file')}{after}"


# What must not reach a terminal or a CI log raw: control characters (a newline would start
# a forged "::error" line, an ESC sequence can clear the screen or hide text), line and
# paragraph separators, and the bidirectional overrides that make text read in another
# order than it is stored (CVE-2021-42574).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """``text`` with every character that could act on a terminal written as an escape
    (``\\n``, ``\\x1b``, ``\\u202e``), so that one problem is always one line."""
    return _UNPRINTABLE.sub(_escape_one, text)


def _escape_one(match: re.Match) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def display_path(path: Path) -> str:
    """The path as a contributor sees it: relative to the working directory when inside it."""
    # Links are not followed: a problem names the link a contributor wrote, not its target.
    absolute = Path(os.path.abspath(path))
    for base in (Path.cwd(), Path.cwd().resolve()):
        if absolute.is_relative_to(base):
            return absolute.relative_to(base).as_posix()
    return path.as_posix()


def field_name(key: tuple) -> str:
    """``schedule.dates[2]``: a field path as problems print it."""
    out = ""
    for part in key:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or FILE


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


# Escaping as the Actions runner expects it (actions/toolkit, command.ts).
def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
