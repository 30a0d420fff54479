"""One call: content folder + build date -> Catalog, or every problem of every file."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Callable

from . import model, schemas, topics
from .load import EXTENSIONS, Document, load_file
from .problems import FILE, ContentErrors, Problem, UsageError, display_path
from .validate import validate_document, validate_references

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Checked:
    """The outcome of checking a content folder: the catalog (None when anything is
    wrong), its errors, the number of files checked, and notes (advice that fails
    nothing, such as a course's topic that the topics file does not list)."""

    catalog: model.Catalog | None
    problems: list[Problem]
    files: int
    notes: list[Problem] = field(default_factory=list)


def build_date(value: str | None = None) -> date:
    """The build date: ``CATALOG_TODAY`` (YYYY-MM-DD) when set, else today in UTC."""
    value = value if value is not None else os.environ.get("CATALOG_TODAY", "")
    if not value:
        return datetime.now(timezone.utc).date()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"CATALOG_TODAY={value!r} is not a date written YYYY-MM-DD") from None


def load_catalog(content: Path, today: date) -> model.Catalog:
    """The catalog of a content folder; raises ContentErrors listing every problem."""
    checked = check_content(content, today)
    if checked.problems:
        raise ContentErrors(checked.problems)
    return checked.catalog


# How the files are read: a list of (path, kind, path as shown) in, a list of (document or
# None, problems) out, in the same order. The engine reads them across cores and skips the
# files it has already checked (engine/reading.py); by default, one after the other.
Reader = Callable[[list[tuple[Path, str, str]]], list[tuple[Document | None, list[Problem]]]]


def read_each(files: list[tuple[Path, str, str]]) -> list[tuple[Document | None, list[Problem]]]:
    return [read_file(path, kind, shown) for path, kind, shown in files]


def check_content(content: Path, today: date, build: bool = True,
                  read: Reader = read_each) -> Checked:
    """Load and validate every file; build the model (unless ``build`` is false) only when
    nothing is wrong."""
    files, problems = find_files(content)
    if (content / topics.FILE_NAME).is_file():
        files.append((content / topics.FILE_NAME, topics.KIND))
    shown = display_path(content)
    named = [(path, kind, f"{shown}/{path.relative_to(content).as_posix()}")
             for path, kind in files]
    docs = _read_all(read, named, problems)
    listed = next((d for d in docs if d.kind == topics.KIND), None)
    docs = [d for d in docs if d.kind != topics.KIND]
    problems.extend(validate_references(docs))
    vocabulary, notes = _vocabulary(listed, docs, problems)
    if problems or not build:
        return Checked(None, sorted(problems), len(files), notes)
    return Checked(build_model(docs, today, vocabulary), [], len(files), notes)


def _read_all(read: Reader, named: list[tuple[Path, str, str]], problems: list[Problem]
              ) -> list[Document]:
    """The documents of the files that could be read; every file's problems go to
    ``problems``."""
    docs = []
    for doc, found in read(named):
        problems.extend(found)
        if doc is not None:
            docs.append(doc)
    return docs


def _vocabulary(listed: Document | None, docs: list[Document], problems: list[Problem]
                ) -> tuple[model.Vocabulary, list[Problem]]:
    """The topic vocabulary and the notes on the courses' topics it does not hold; none
    without a topics file, or when that file has errors."""
    if listed is None or any(p.path == listed.path for p in problems):
        return model.Vocabulary(), []
    vocabulary = topics.vocabulary_from(listed)
    courses = [d for d in docs if d.kind == "course"]
    return vocabulary, sorted(topics.notes(courses, vocabulary, listed.path))


def find_files(content: Path) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """Every content file, sorted, with its kind; anything else in the folders is a problem,
    so that no file a contributor added is left out without a word."""
    if not content.is_dir():
        raise UsageError(f"{content} is not a folder of content")
    root = content.resolve()
    files, problems = [], []
    for kind in schemas.KINDS:
        folder = content / schemas.FOLDERS[kind]
        if not folder.is_dir():
            continue
        if _leaves(folder, root):
            problems.append(_misplaced(folder, _LEAVES))
            continue
        for path in sorted(folder.iterdir()):
            if _ignored(path):
                continue
            problem = _not_content(path, kind, folder, root)
            if problem:
                problems.append(_misplaced(path, problem))
            else:
                files.append((path, kind))
    return files, problems


def _ignored(path: Path) -> bool:
    """A hidden file that is no content file: git's (.gitkeep, .gitignore), a system's
    (.DS_Store) or an editor's (.x.md.swp). A hidden .md or .yaml file is a problem."""
    return path.name.startswith(".") and path.suffix not in EXTENSIONS
_LEAVES = ("is a link to a place outside the content folder, whose files are not "
           "published: copy the file itself here")


def _not_content(path: Path, kind: str, folder: Path, root: Path) -> str | None:
    """Why ``path`` in a kind's folder is not a content file, or None when it is one."""
    if path.name.startswith("."):
        return (f"is a hidden file (its name starts with '.'), which is never published: "
                f"rename it to '{path.name.lstrip('.')}' or move it out of "
                f"{display_path(folder)}/")
    if path.is_symlink() and _loops(path):
        return "is a link that leads back to itself: replace it by the file itself"
    if path.is_symlink() and _leaves(path, root):
        return _LEAVES
    if path.is_dir():
        return f"is a folder: put {kind} files directly in {display_path(folder)}/"
    if path.suffix not in EXTENSIONS:
        return (f"is not a content file: name it SLUG.md or SLUG.yaml (found "
                f"'{path.suffix or 'no'}' extension)")
    if not path.is_file():
        return "is not a regular file (a link to nothing, or a device): replace it by a file"
    return None


def _loops(path: Path) -> bool:
    try:
        path.resolve(strict=False)
    except (RuntimeError, OSError):  # Python 3.11: RuntimeError("Symlink loop ...")
        return True
    return False


def _leaves(path: Path, root: Path) -> bool:
    """True when ``path``, links followed, is outside the content folder ``root``."""
    try:
        return not path.resolve().is_relative_to(root)
    except (RuntimeError, OSError):  # a loop: it leads nowhere inside
        return True


def build_model(docs: list[Document], today: date,
                vocabulary: model.Vocabulary | None = None) -> model.Catalog:
    by_kind: dict[str, dict] = {kind: {} for kind in schemas.KINDS}
    makers = {"course": model.course_from, "organization": model.organization_from,
              "circle": lambda doc: model.circle_from(doc, today)}
    for doc in sorted(docs, key=lambda d: (d.kind, d.slug)):
        by_kind[doc.kind][doc.slug] = makers[doc.kind](doc)
    return model.Catalog(today=today, courses=by_kind["course"], circles=by_kind["circle"],
                         organizations=by_kind["organization"],
                         vocabulary=vocabulary or model.Vocabulary())


def read_file(path: Path, kind: str, shown: str, raw: bytes | None = None
              ) -> tuple[Document | None, list[Problem]]:
    """One file read and validated on its own: its document (None when unreadable) and
    its problems, at most one per field."""
    try:
        doc, problems = load_file(path, kind, shown, raw)
        if doc is not None:
            problems += validate_document(doc)
        return doc, _first_per_field(problems)
    except Exception as exc:  # a bug must not become a contributor's traceback
        log.debug("internal error on %s", path, exc_info=True)
        return None, [Problem(shown, 1, None, FILE,
                              f"could not be checked (internal error {type(exc).__name__}: "
                              f"{exc}); please report this")]


def _first_per_field(problems: list[Problem]) -> list[Problem]:
    """One mistake, one line: the loader and the validator may both see the same field."""
    seen: set[str] = set()
    out = []
    for problem in problems:
        if problem.field == FILE or problem.field not in seen:
            out.append(problem)
        seen.add(problem.field)
    return out


def _misplaced(path: Path, message: str) -> Problem:
    return Problem(display_path(path), 1, None, FILE, message)
