"""File bytes -> Document: the fields of one content file with the line and column of
every key and value.

Two forms are read (content-format.md, "Files and slugs"): ``SLUG.md`` with YAML front
matter and a Markdown body that becomes ``description``, and ``SLUG.yaml``/``SLUG.yml``.

YAML is parsed event by event with libyaml (PyYAML's C parser) and composed here, so that:

* scalars are resolved by the YAML 1.2 core schema: ``no``, ``NO``, ``on`` and ``yes``
  stay text and ``18:00`` is not the sexagesimal number 1080. Unquoted dates stay text
  too (``2027-01-12``), so quoted and unquoted dates mean the same thing;
* plain scalars read as numbers keep their source text, so a field the schema types as
  text gets exactly what was written (``title: 1984``, ``address: 07``);
* duplicate keys, anchors and aliases are errors (an alias bomb is never expanded);
* nothing recurses, so no input can exhaust the stack.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .problems import FILE, Problem, display_path, field_name

MAX_BYTES = 1_000_000
MAX_DEPTH = 20
EXTENSIONS = (".md", ".yaml", ".yml")

Key = tuple  # a field path: ("schedule", "dates", 2)
_PLAIN = (None, "")  # libyaml reports a plain scalar's style as '' (the Python parser: None)

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_INT_OCT = re.compile(r"^0o[0-7]+$")
_INT_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_SPECIAL_FLOAT = re.compile(r"^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")
_NON_TEXT_START = frozenset("0123456789+-.~nNtTfF")  # what a non-text plain scalar starts with
_STANDARD_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq",
}


@dataclass
class Document:
    """One content file after loading: its fields and where each one was written."""

    kind: str
    slug: str
    path: str
    data: dict
    keys: dict[Key, tuple[int, int]] = field(default_factory=dict)
    values: dict[Key, tuple[int, int]] = field(default_factory=dict)
    numbers: dict[Key, str] = field(default_factory=dict)
    first_line: int = 1

    def position(self, key: Key) -> tuple[int, int]:
        """Line and column of a value; of its key when the value is missing or empty;
        of the nearest enclosing field when the field itself is missing."""
        while True:
            if key in self.values and self.get(key) is not None:
                return self.values[key]
            found = self.keys.get(key) or self.values.get(key)
            if found:
                return found
            if not key:
                return (self.first_line, 1)
            key = key[:-1]

    def key_position(self, key: Key) -> tuple[int, int]:
        return self.keys.get(key) or self.position(key)

    def get(self, key: Key, default=None):
        node = self.data
        for part in key:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return default
        return node


class _Failed(Exception):
    """The file cannot be read any further; the problem has been recorded."""


def load_file(path: Path, kind: str, shown: str | None = None, raw: bytes | None = None
              ) -> tuple[Document | None, list[Problem]]:
    """Read one content file. Returns the document (None when unreadable) and its problems.
    ``shown`` is the path to print in problems (by default, relative to the working folder);
    ``raw``, the start of the file when the caller has read it (:func:`read_start`)."""
    shown = shown or display_path(path)
    problems: list[Problem] = []
    try:
        doc = _load(path, kind, shown, problems, raw)
    except _Failed:
        return None, problems
    return doc, problems


def read_start(path: Path) -> bytes:
    """As much of a file as is read: one byte more than a content file may hold."""
    with path.open("rb") as f:
        return f.read(MAX_BYTES + 1)


def _load(path: Path, kind: str, shown: str, problems: list[Problem],
          raw: bytes | None = None) -> Document:
    def fail(line, column, message):
        problems.append(Problem(shown, line, column, FILE, message))
        raise _Failed

    if raw is None:
        try:
            raw = read_start(path)
        except OSError as exc:
            fail(1, None, f"cannot be read: {exc.strerror}")
    if len(raw) > MAX_BYTES:
        fail(1, None, f"is larger than {MAX_BYTES // 1000} kB; content files are short text, "
                      "so check that this is the right file")
    text = _decode(raw, fail)
    if not text.strip():
        fail(1, None, f"is empty: a {kind} file needs its fields, see CONTRIBUTING.md")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    slug = path.name.rsplit(".", 1)[0]
    if path.suffix == ".md":
        return _load_markdown(text, kind, slug, shown, problems, fail)
    doc = Document(kind, slug, shown, {})
    doc.data = _compose(text, 0, doc, problems, fail)
    return doc


def _decode(raw: bytes, fail) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        fail(line, column, f"is not UTF-8 text (byte 0x{raw[exc.start]:02X} at line {line}); "
                           "save the file with the UTF-8 encoding")


def _load_markdown(text, kind, slug, shown, problems, fail) -> Document:
    lines = text.split("\n")
    end = _front_matter_end(lines, fail)
    doc = Document(kind, slug, shown, {}, first_line=2)
    doc.data = _compose("\n".join(lines[1:end]), 1, doc, problems, fail)
    _add_description(doc, lines[end + 1:], end, problems)
    return doc


def _front_matter_end(lines: list[str], fail) -> int:
    """The index of the '---' line that closes the front matter opened on the first line."""
    if lines[0].rstrip() != "---":
        fail(1, 1, "a .md file must start with a line '---', then the fields, then another "
                   "'---' line, then the description")
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), None)
    if end is None:
        fail(1, 1, "the front matter opened by '---' on line 1 is never closed: add a line "
                   "'---' after the last field")
    return end


def _add_description(doc: Document, body_lines: list[str], end: int,
                     problems: list[Problem]) -> None:
    """The Markdown after the front matter (closed at index ``end``) becomes the
    description, which the fields then must not give too."""
    body = "\n".join(body_lines).strip()
    if "description" in doc.data and body:
        line, column = doc.keys[("description",)]
        problems.append(Problem(doc.path, line, column, "description",
                                "is given twice: as a field and as the text after the front "
                                "matter; keep one of them"))
    elif body:
        first = next(i for i, line in enumerate(body_lines) if line.strip())
        doc.data["description"] = body
        doc.values[("description",)] = (end + 2 + first, 1)
    elif "description" not in doc.data:
        doc.keys[("description",)] = (end + 1, 1)


def _compose(text: str, line_offset: int, doc: Document, problems: list[Problem], fail):
    """Build the top-level mapping from libyaml's events, recording every position; a
    syntax error ends the file with its line."""
    composer = _Composer(doc, problems, line_offset)
    try:
        root = composer.run(yaml.CBaseLoader(text).get_event)
    except yaml.MarkedYAMLError as exc:
        fail(*_syntax_error(exc, line_offset))
    except yaml.reader.ReaderError as exc:
        fail(*_control_character(exc, text, line_offset))
    except yaml.YAMLError as exc:
        fail(1 + line_offset, None, f"is not valid YAML: {exc}")
    if root is None:
        fail(1 + line_offset, 1, f"has no fields: a {doc.kind} file needs its fields, "
                                 "see CONTRIBUTING.md")
    if not isinstance(root, dict):
        fail(1 + line_offset, 1, "must hold fields written 'name: value', one per line")
    return root


def _syntax_error(exc: yaml.MarkedYAMLError, line_offset: int) -> tuple[int, int | None, str]:
    """Line, column and message of a YAML syntax error."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 + line_offset if mark else 1
    column = mark.column + 1 if mark else None
    return line, column, f"is not valid YAML: {exc.problem or exc.context}{_syntax_hint(exc)}"


def _control_character(exc: yaml.reader.ReaderError, text: str, line_offset: int
                       ) -> tuple[int, None, str]:
    """Line, column and message of a character YAML does not allow."""
    line = text.encode("utf-8", "surrogatepass")[:exc.position].count(b"\n") + 1 + line_offset
    code = exc.character if isinstance(exc.character, int) else ord(exc.character)
    return line, None, (f"contains the control character U+{code:04X}, which is not allowed "
                        "in a text file: remove it")


class _Composer:
    """libyaml's events -> the document's values, without recursion. The state is the
    container being filled, its path, whether it is a mapping, the key awaiting its value
    (mappings only) and the keys seen so far with their lines; ``stack`` holds the states
    of the containers around it."""

    def __init__(self, doc: Document, problems: list[Problem], line_offset: int):
        self.doc, self.problems, self.line_offset = doc, problems, line_offset
        self.stack: list[tuple] = []
        self.container, self.path, self.is_map, self.pending, self.seen = None, (), False, None, {}
        self.root = None

    def problem(self, mark, key, message) -> None:
        self.problems.append(Problem(self.doc.path, mark.line + 1 + self.line_offset,
                                     mark.column + 1, field_name(key), message))

    def run(self, get_event):
        documents = 0
        while (event := get_event()) is not None:
            cls = event.__class__
            if cls in _ENDS:
                self.leave()
            elif cls in _NODES:
                if self.is_map and self.pending is None:
                    self.key(event, cls)
                else:
                    self.value(event, cls)
            elif cls is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    self.problem(event.start_mark, (), "holds more than one YAML document: "
                                                       "remove the extra '---' line")
                    break
        return self.root

    def key(self, event, cls) -> None:
        """A mapping's key: a plain word, given once."""
        mark = event.start_mark
        if cls is not _SCALAR:
            self.problem(mark, self.path, "has a field name that is not a plain word")
            raise _Failed
        self.pending = name = event.value
        key = self.path + (name,)
        if name in self.seen:
            self.problem(mark, key, f"is given twice (first on line {self.seen[name]}); "
                                    "keep only one of them")
        else:
            self.seen[name] = mark.line + 1 + self.line_offset
        self.doc.keys[key] = (mark.line + 1 + self.line_offset, mark.column + 1)

    def value(self, event, cls) -> None:
        """A value: put where it belongs, and entered when it is a container."""
        mark = event.start_mark
        container = self.container
        if container is None:
            key = ()
        elif self.is_map:
            key = self.path + (self.pending,)
        else:
            key = self.path + (len(container),)
        self.doc.values[key] = (mark.line + 1 + self.line_offset, mark.column + 1)
        value = self.scalar(event, key) if cls is _SCALAR else _read_node(event, key, self.problem)
        if container is None:
            self.root = value
        elif self.is_map:
            container[self.pending] = value
            self.pending = None
        else:
            container.append(value)
        if cls is _MAP or cls is _SEQ:
            self.enter(value, key, cls is _MAP, mark)

    def scalar(self, event, key):
        """A scalar's value: a plain untagged one by the YAML 1.2 core schema, where a
        number keeps its source text."""
        if event.anchor is not None or event.tag is not None:
            return _read_node(event, key, self.problem)
        if event.style not in _PLAIN:
            return event.value
        value = _resolve_plain(event.value)
        if value.__class__ is int or value.__class__ is float:
            self.doc.numbers[key] = event.value  # validate.py judges it, by the field's type
        return value

    def enter(self, container, key, is_map: bool, mark) -> None:
        if len(self.stack) >= MAX_DEPTH:
            self.problem(mark, (), f"is nested more than {MAX_DEPTH} levels deep")
            raise _Failed
        self.stack.append((self.container, self.path, self.is_map, self.pending, self.seen))
        self.container, self.path, self.is_map, self.pending, self.seen = (
            container, key, is_map, None, {})

    def leave(self) -> None:
        """Back to the container around the one just ended."""
        self.container, self.path, self.is_map, self.pending, self.seen = self.stack.pop()


_SCALAR, _MAP, _SEQ, _ALIAS = (yaml.ScalarEvent, yaml.MappingStartEvent,
                               yaml.SequenceStartEvent, yaml.AliasEvent)
_NODES = frozenset((_SCALAR, _MAP, _SEQ, _ALIAS))
_ENDS = frozenset((yaml.MappingEndEvent, yaml.SequenceEndEvent))


def _read_node(event, key, problem):
    """A value that is not a plain untagged scalar: a new container, a tagged or anchored
    scalar, or an alias."""
    cls = event.__class__
    if event.anchor is not None or cls is _ALIAS:
        problem(event.start_mark, key, "uses a YAML anchor or alias (&name, *name), which "
                                       "content files do not allow: write the value out")
        if cls is _ALIAS:
            return None
    tag = event.tag
    if tag is not None and tag != "!" and tag not in _STANDARD_TAGS:
        problem(event.start_mark, key, f"has the YAML tag {tag!r}, which content files do "
                                       "not allow: remove it")
    return _node_value(event, cls)


def _node_value(event, cls):
    """What a node starts as: an empty container, or a scalar's value (a plain untagged
    one by the core schema, any other as written)."""
    if cls is _MAP:
        return {}
    if cls is _SEQ:
        return []
    if event.style not in _PLAIN or event.tag is not None:
        return event.value
    return _resolve_plain(event.value)


# The largest whole number every JSON reader holds exactly (2**53 - 1, ECMA-262's
# Number.MAX_SAFE_INTEGER); no field needs a larger one.
MAX_NUMBER = 2**53 - 1


def number_problem(value: int | float, written: str) -> str | None:
    """Why a number read from YAML cannot be used, or None: not a number (``.nan``),
    infinite (``.inf``, ``1e999``) or beyond MAX_NUMBER. JSON has no NaN or infinity, so
    such a value would break every JSON file and page that shows it."""
    if value != value:
        return f"{written} is not a number: write the number itself"
    if abs(value) > MAX_NUMBER and not _SPECIAL_FLOAT.match(written):
        shown = written if len(written) <= 24 else f"{written[:12]}...({len(written)} characters)"
        return f"{shown} is too large a number: no field takes one beyond {MAX_NUMBER:,}"
    if value in (math.inf, -math.inf):
        return f"{written} is not a finite number: write the number itself"
    return None


def _resolve_plain(text: str):
    """A plain scalar by the YAML 1.2 core schema (yaml.org/spec/1.2.2, section 10.3)."""
    if text and text[0] not in _NON_TEXT_START:
        return text
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    return _resolve_number(text)


def _resolve_number(text: str):
    """A number in one of the core schema's forms (an int, float or special float), or else
    the text itself."""
    if _INT.match(text):
        # int() refuses more than 4,300 digits (CVE-2020-10735); such a number is too
        # large for any field all the same.
        return int(text) if len(text) <= 40 else math.inf * (-1 if text[0] == "-" else 1)
    if _INT_OCT.match(text):
        return int(text[2:], 8)
    if _INT_HEX.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text) or _SPECIAL_FLOAT.match(text):
        return float(text.replace(".inf", "inf").replace(".Inf", "inf").replace(".INF", "inf")
                     .replace(".nan", "nan").replace(".NaN", "nan").replace(".NAN", "nan"))
    return text


def _syntax_hint(exc) -> str:
    problem = exc.problem or ""
    if "mapping values are not allowed" in problem:
        return " (a value that contains ': ' must be put in quotes)"
    if "found character '\\t'" in problem or "tab" in problem:
        return " (indent with spaces, not tabs)"
    if "could not find expected ':'" in problem:
        return " (each field is written 'name: value')"
    if "found undefined alias" in problem or "found undefined tag" in problem:
        return " (a value starting with * or ! must be put in quotes)"
    if "found character that cannot start any token" in problem:
        return " (a value starting with @ or ` must be put in quotes)"
    return ""
