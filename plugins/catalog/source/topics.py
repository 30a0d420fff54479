"""The topic vocabulary: ``content/topics.yaml``, a list of topics, each with a slug, a name
in every language of the site and other names that mean the same (``also``).

A course names a topic by its slug or by any of its names, in any language, in any case
and with or without accents (:func:`fold`). A topic that is not in the list stays as
written, and checking the content says so in a note with the closest listed name.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cached_property

from unidecode import unidecode

from .load import Document
from .problems import NOTE, Problem, field_name

FILE_NAME = "topics.yaml"
KIND = "topics"  # the schema of the file: schemas/topics.schema.json


def fold(text: str) -> str:
    """A name as it is matched: accents and case aside, spaces collapsed ('Programación'
    and 'programacion' are one name)."""
    return " ".join(unidecode(text).casefold().split())


@dataclass(frozen=True)
class Topic:
    slug: str
    names: tuple[tuple[str, str], ...]  # (language, name), English first
    also: tuple[str, ...] = ()

    def name(self, lang: str = "en") -> str:
        """The topic's name in ``lang``; the English one when it has none in ``lang``."""
        named = dict(self.names)
        return named.get(lang) or named["en"]

    @property
    def every_name(self) -> tuple[str, ...]:
        """The slug, each name and each other name: what a course may write."""
        return (self.slug, *(name for _, name in self.names), *self.also)


@dataclass(frozen=True)
class Vocabulary:
    """The listed topics (none without a topics file) and the file they came from."""

    topics: tuple[Topic, ...] = ()
    source_path: str | None = None

    @cached_property
    def by_name(self) -> dict[str, Topic]:
        """Each topic under every one of its names, folded."""
        return {fold(name): topic for topic in self.topics for name in topic.every_name}

    def find(self, written: str) -> Topic | None:
        """The listed topic a course's ``written`` topic means, or None."""
        return self.by_name.get(fold(written))

    def key(self, written: str) -> str:
        """The key of the term a course's topic is filed under: a listed topic's slug,
        else the name itself without regard to case."""
        topic = self.find(written)
        return topic.slug if topic is not None else written.casefold()

    def closest(self, written: str) -> str | None:
        """The listed name closest to ``written`` (difflib), as the list writes it."""
        spelled = {fold(name): name for topic in self.topics for name in topic.every_name[1:]}
        match = difflib.get_close_matches(fold(written), list(spelled), n=1, cutoff=0.6)
        return spelled[match[0]] if match else None


def vocabulary_from(doc: Document | None) -> Vocabulary:
    """The vocabulary of a validated topics file (an empty one without a file)."""
    if doc is None:
        return Vocabulary()
    topics = []
    for entry in doc.data.get("topics", ()):
        names = entry["names"]
        ordered = (("en", names["en"]),) + tuple((k, v) for k, v in names.items() if k != "en")
        topics.append(Topic(entry["slug"], ordered, tuple(entry.get("also", ()))))
    return Vocabulary(tuple(topics), doc.path)


# -- checks -------------------------------------------------------------------------------

def check(doc: Document) -> list[Problem]:
    """Slugs and names that two topics share: a course naming one could mean either. A
    topic may repeat a name of its own ('Python' in every language)."""
    problems: list[Problem] = []
    owner: dict[str, tuple[int, tuple]] = {}  # folded name -> (topic index, where)
    entries = doc.data.get("topics")
    for i, entry in enumerate(entries if isinstance(entries, list) else ()):
        for key, name in _names_of(entry, ("topics", i)):
            first = owner.setdefault(fold(name), (i, key))
            if first[0] != i:
                problems.append(_shared(doc, key, name, first[1]))
    return problems


def _names_of(entry, at: tuple) -> list[tuple[tuple, str]]:
    """``(field path, text)`` of an entry's slug, names and other names that are text."""
    if not isinstance(entry, dict):
        return []
    found = [(at + ("slug",), entry.get("slug"))]
    names = entry.get("names")
    if isinstance(names, dict):
        found += [(at + ("names", lang), name) for lang, name in names.items()]
    also = entry.get("also")
    if isinstance(also, list):
        found += [(at + ("also", j), name) for j, name in enumerate(also)]
    return [(key, name) for key, name in found if isinstance(name, str) and name.strip()]


def _shared(doc: Document, key: tuple, name: str, first: tuple) -> Problem:
    line, column = doc.position(key)
    other = doc.get(first[:2] + ("slug",))
    owner = f"the topic '{other}'" if isinstance(other, str) else field_name(first[:2])
    return Problem(doc.path, line, column, field_name(key),
                   f"{name!r} already names {owner} (line {doc.position(first)[0]}): a slug "
                   "or name may mean one topic only, case and accents aside")


def notes(courses: list[Document], vocabulary: Vocabulary, shown: str) -> list[Problem]:
    """A note for each topic of a course that the list (at ``shown``) does not hold, with
    the closest listed name."""
    out = []
    for doc in courses:
        written = doc.data.get("topics")
        for i, topic in enumerate(written if isinstance(written, list) else ()):
            if isinstance(topic, str) and vocabulary.find(topic) is None:
                out.append(_note(doc, i, topic, vocabulary.closest(topic), shown))
    return out


def _note(doc: Document, i: int, topic: str, close: str | None, shown: str) -> Problem:
    line, column = doc.position(("topics", i))
    advice = (f'; did you mean "{close}"?' if close else
              ": it is shown as written, in every language; add it to the list to give it "
              "a name in each")
    return Problem(doc.path, line, column, f"topics[{i}]",
                   f'"{topic}" is not in {shown}{advice}', NOTE)
