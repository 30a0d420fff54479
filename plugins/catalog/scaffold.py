"""``python -m catalog new course|circle|organization``: write a new content file that
validates (content-format.md, "Files and slugs"; issue 6, "Scaffolding").

The command asks for the fields a contributor must give (or takes them as ``--field value``
options), suggests a slug from the title and checks every answer as it goes. The checks
are the validator's own (``validate_document`` and ``validate_references`` run on the
answers so far), so an answer is refused with exactly the message ``make validate`` would
print. The file is written only when the whole file validates, and never over another.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from .source import schemas
from .source.catalog import find_files
from .source.load import Document, load_file
from .source.problems import FILE, UsageError, display_path, field_name
from .source.slugs import term_slug
from .source.validate import validate_document, validate_references

MAX_SLUG = 80
YES, NO = {"y", "yes", "true"}, {"n", "no", "false"}


@dataclass(frozen=True)
class Question:
    """One field the scaffolder asks for."""

    field: str  # dotted field name: "schedule.timezone"
    required: bool = True
    shape: str = "text"  # text | list | number | yes-no
    only_if_not: str | None = None  # skip when this yes-no field is true

    @property
    def key(self) -> tuple[str, ...]:
        return tuple(self.field.split("."))

    @property
    def option(self) -> str:
        return "--" + self.field.replace(".", "-").replace("_", "-")


QUESTIONS: dict[str, tuple[Question, ...]] = {
    "course": (
        Question("title"), Question("url"), Question("provider"), Question("language"),
        Question("topics", shape="list"), Question("summary"),
        Question("platform", required=False), Question("description"),
    ),
    "organization": (
        Question("name"), Question("url", required=False), Question("city", required=False),
        Question("country", required=False), Question("description", required=False),
    ),
    "circle": (
        Question("title"), Question("course", required=False),
        Question("organization", required=False), Question("language"),
        Question("facilitators", shape="list"),
        Question("online", required=False, shape="yes-no"),
        *(Question(f"venue.{name}", only_if_not="online")
          for name in ("name", "address", "city", "country")),
        # The start date and the number of meetings come before the start time, so that
        # a time skipped by a daylight saving change is refused when it is typed.
        Question("schedule.timezone"), Question("schedule.start_date"),
        Question("schedule.meetings", required=False, shape="number"),
        Question("schedule.start_time"), Question("signup.url"), Question("description"),
    ),
}


# -- the command line ---------------------------------------------------------------------

def add_arguments(new: argparse.ArgumentParser) -> None:
    """The ``new`` subcommand: one sub-parser per kind, one option per question. The common
    options work before or after the kind (``new --content c circle``)."""
    _common_options(new, defaults=True)
    kinds = new.add_subparsers(dest="kind", metavar="KIND")
    for kind, questions in QUESTIONS.items():
        sub = kinds.add_parser(kind, help=f"add a {kind}")
        _common_options(sub, defaults=False)
        for question in questions:
            sub.add_argument(question.option, dest=question.field, metavar="VALUE",
                             help=label(kind, question))
    new.set_defaults(kind=None)


def _common_options(parser: argparse.ArgumentParser, defaults: bool) -> None:
    # A sub-parser's defaults would overwrite what was given before the kind.
    unset = {} if defaults else {"default": argparse.SUPPRESS}
    parser.add_argument("--content", type=Path, help="the content folder (default: content)",
                        **({"default": Path("content")} if defaults else unset))
    parser.add_argument("--slug", help="the file name, without extension (default: "
                                       "suggested from the title)", **unset)
    parser.add_argument("--no-input", action="store_true", help="never ask: fail when a "
                        "required field is not given", **unset)


def run(args: argparse.Namespace) -> int:
    """Entry point of ``python -m catalog new``."""
    ask = None if args.no_input else _terminal_ask
    kind = args.kind or _ask_kind(ask)
    given = {q.field: getattr(args, q.field, None) for q in QUESTIONS[kind]}
    path = Scaffold(kind, args.content, ask).write({k: v for k, v in given.items()
                                                    if v is not None}, args.slug)
    print(f"wrote {display_path(path)}: check it with make validate, then open a pull request",
          file=sys.stderr)
    return 0


def _terminal_ask(prompt: str) -> str:
    try:
        return input(prompt)
    except EOFError:
        raise UsageError("no more answers: the input ended before every question was "
                         "answered") from None


def _ask_kind(ask: Callable[[str], str] | None) -> str:
    if ask is None:
        raise UsageError(f"say what to add: {' | '.join(QUESTIONS)}")
    while True:
        answer = ask(f"What do you want to add ({', '.join(QUESTIONS)})? ").strip().lower()
        if answer in QUESTIONS:
            return answer
        print(f"please answer one of {', '.join(QUESTIONS)}", file=sys.stderr)


# -- questions and answers ----------------------------------------------------------------

def label(kind: str, question: Question) -> str:
    """The question as asked: the schema's title, an example, and how to answer."""
    node = schemas.subschema(kind, question.key) or {}
    title = node.get("title", question.field)
    hints = []
    examples = [e for e in node.get("examples", []) if not isinstance(e, (dict, bool))]
    if examples:
        first = examples[0]
        hints.append("e.g. " + (", ".join(first) if isinstance(first, list) else str(first)))
    if question.shape == "list":
        hints.append("separate several with commas")
    if question.shape == "yes-no":
        hints.append("yes or no")
    if not question.required:
        hints.append("optional: press Enter to skip")
    return f"{title} ({'; '.join(hints)})" if hints else title


def parse(question: Question, answer: str):
    """An answer typed on one line -> the value written into the file."""
    answer = answer.strip()
    if question.shape == "list":
        return [item.strip() for item in answer.split(",") if item.strip()]
    if question.shape == "number" and re.fullmatch(r"[-+]?\d+", answer):
        return int(answer)
    if question.shape == "yes-no" and answer.lower() in YES | NO:
        return answer.lower() in YES
    return answer


def suggest_slug(title: str) -> str:
    """'Python for Everybody at the Library' -> 'python-for-everybody-at-the-library'."""
    slug = term_slug(title)[:MAX_SLUG]
    return slug.rsplit("-", 1)[0] if len(term_slug(title)) > MAX_SLUG and "-" in slug else slug


class Scaffold:
    """The answers for one new file, each checked by the validator as it is given."""

    def __init__(self, kind: str, content: Path, ask: Callable[[str], str] | None):
        self.kind = kind
        self.content = content
        self.ask = ask
        self.existing = existing_documents(content)
        self.data: dict = {}

    def write(self, given: dict[str, str], slug: str | None) -> Path:
        for question in QUESTIONS[self.kind]:
            if question.only_if_not and self.data.get(question.only_if_not) is True:
                continue
            self._answer(question, given.get(question.field))
        slug = self._slug(slug)
        return write_file(self.content, self.kind, slug, self.data, self.existing)

    def _answer(self, question: Question, given: str | None) -> None:
        while True:
            answer = given if given is not None else self._ask(question)
            problem = None
            if answer.strip():
                value = parse(question, answer)
                problem = self.problem(question.key, value)
                if problem is None:
                    _set(self.data, question.key, value)
                    return
            elif not question.required:
                return
            else:
                problem = "is required: please give a value"
            if given is not None or self.ask is None:
                raise UsageError(f"{question.option}: {problem}")
            print(f"  {question.field}: {problem}", file=sys.stderr)

    def _ask(self, question: Question) -> str:
        if self.ask is None:
            if question.required:
                raise UsageError(f"{question.option} is required")
            return ""
        return self.ask(f"{label(self.kind, question)}: ")

    def _slug(self, given: str | None) -> str:
        suggested = suggest_slug(self.data.get("title") or self.data.get("name") or "")
        while True:
            answer = given
            if answer is None:
                answer = self.ask(f"File name, without extension [{suggested}]: ") \
                    if self.ask else ""
            slug = answer.strip() or suggested
            problem = self.slug_problem(slug)
            if problem is None:
                return slug
            if given is not None or self.ask is None:
                raise UsageError(f"--slug: {problem}")
            print(f"  slug: {problem}", file=sys.stderr)

    def problem(self, key: tuple, value) -> str | None:
        """The validator's message for ``value`` at ``key`` given the answers so far."""
        data = _merged(self.data, key, value)
        doc = Document(self.kind, "new", f"new {self.kind}", data)
        problems = validate_document(doc) + validate_references(self.existing + [doc])
        name = field_name(key)
        for problem in problems:
            if problem.field == name or problem.field.startswith((name + "[", name + ".")):
                return problem.message
        return None

    def slug_problem(self, slug: str) -> str | None:
        """The validator's message for a file name: its form, or a file already there."""
        doc = Document(self.kind, slug, target(self.content, self.kind, slug).as_posix(),
                       dict(self.data))
        problems = validate_document(doc) + validate_references(self.existing + [doc])
        for problem in problems:
            if problem.field == FILE and problem.path == doc.path:
                return problem.message
        return None


def existing_documents(content: Path) -> list[Document]:
    """A Document (kind, slug and path only) for every file already in the content folder:
    enough for the validator to check references and repeated slugs."""
    if not content.is_dir():
        raise UsageError(f"{content} is not a folder of content")
    files, _ = find_files(content)
    return [Document(kind, path.name.rsplit(".", 1)[0], display_path(path), {})
            for path, kind in files]


def _merged(data: dict, key: tuple, value) -> dict:
    out = {k: dict(v) if isinstance(v, dict) else v for k, v in data.items()}
    _set(out, key, value)
    return out


def _set(data: dict, key: tuple, value) -> None:
    for part in key[:-1]:
        data = data.setdefault(part, {})
    data[key[-1]] = value


# -- writing ------------------------------------------------------------------------------

def target(content: Path, kind: str, slug: str) -> Path:
    return content / schemas.FOLDERS[kind] / f"{slug}.yaml"


def render(kind: str, data: dict) -> str:
    """The file's text: the editor's schema line, then the fields in the schema's order."""
    ordered = _in_schema_order(kind, (), data)
    body = yaml.dump(ordered, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=88,
                     default_flow_style=False)
    return f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json\n{body}"


def write_file(content: Path, kind: str, slug: str, data: dict,
               existing: list[Document]) -> Path:
    """Check the whole file as the validator will, then create it (never over another)."""
    path = target(content, kind, slug)
    text = render(kind, data)
    problems = check_text(kind, slug, text, existing)
    if problems:
        raise UsageError("the new file would not validate:\n" + "\n".join(problems))
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as f:
            f.write(text)
    except FileExistsError:
        raise UsageError(f"{display_path(path)} already exists: choose another slug") from None
    return path


def check_text(kind: str, slug: str, text: str, existing: list[Document]) -> list[str]:
    """Every problem the validator finds in ``text`` as the file ``slug``.yaml."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{slug}.yaml"
        path.write_text(text, encoding="utf-8")
        doc, problems = load_file(path, kind, f"{schemas.FOLDERS[kind]}/{slug}.yaml")
    if doc is not None:
        problems += validate_document(doc) + validate_references(existing + [doc])
    return [str(p) for p in problems]


def _in_schema_order(kind: str, key: tuple, data: dict) -> dict:
    names = schemas.field_names(kind, key)
    out = {}
    for name in sorted(data, key=lambda n: names.index(n) if n in names else len(names)):
        value = data[name]
        out[name] = _in_schema_order(kind, key + (name,), value) if isinstance(value, dict) \
            else value
    return out


class _Dumper(yaml.SafeDumper):
    """Block style; a description of several lines as a literal block."""


def _str(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)
