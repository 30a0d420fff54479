"""Reading the content files across cores, and skipping those a previous build checked.

A file whose bytes were valid last time is taken from the documents store (by the digest
of its kind, path and bytes) instead of being parsed and validated again; references
between files are still checked every time (source/catalog.py). The digest of each file is
kept too: a model object's fingerprint is its file's (cache.sources_of).

A Document crosses processes and the store pickled; its positions then travel packed (see
:func:`_pack`).
"""

from __future__ import annotations

import copyreg
import marshal
from pathlib import Path

from ..source.catalog import read_file
from ..source.load import Document, read_start
from ..source.problems import Problem
from . import parallel
from .cache import DigestStore, checker_digest, digest


class CachedReader:
    """A ``source.catalog.Reader``: ``reader(files)`` with ``documents`` (or None)."""

    def __init__(self, documents: DigestStore | None = None, jobs: int | None = None):
        self.documents = documents
        self.jobs = jobs or parallel.jobs({})
        self.digests: dict[tuple[str, str], str] = {}  # by (kind, slug)

    def __call__(self, files: list[tuple[Path, str, str]]
                 ) -> list[tuple[Document | None, list[Problem]]]:
        # Files are independent until the references between them: read them across cores.
        read = parallel.map_items(lambda f: self._check_file(*f), files, self.jobs)
        out = []
        for (path, kind, shown), (key, outcome) in zip(files, read):
            if outcome is None:  # the documents store has it: kept, unread
                doc, found = self.documents.get(key), []
                if doc is None:  # its file unreadable since: checked again
                    key, outcome = self._check_file(path, kind, shown, stored=False)
                else:
                    self.documents.keep(key)
            if outcome is not None:
                doc, found = outcome
                if doc is not None and key is not None and not found:
                    self.documents.put(key, doc)
            if doc is not None and key is not None:
                self.digests[(doc.kind, doc.slug)] = key
            out.append((doc, found))
        return out

    def _check_file(self, path: Path, kind: str, shown: str, stored: bool = True
                    ) -> tuple[str | None, tuple[Document | None, list[Problem]] | None]:
        """The key of a file's bytes (with documents), and what reading it gives; None
        instead when the documents store has it (the parent process has it too), unless
        not ``stored``."""
        key = raw = None
        if self.documents is not None:
            try:
                raw = read_start(path)
            except OSError:  # read_file says why
                pass
            else:
                key = digest(checker_digest(), kind, shown, raw)
                if stored and key in self.documents:
                    return key, None
        return key, read_file(path, kind, shown, raw)


# Positions matter only for a problem, and a document read back from the store (or from a
# worker) rarely has one: they travel as one marshalled string, unpacked when first asked
# for, instead of tens of small tuples each (most of a rebuild's reading).
_POSITIONS = ("keys", "values", "numbers")


class _Packed(Document):
    """A Document read back from a pickle whose positions are still packed; it becomes a
    plain Document once they are asked for."""

    def __getattr__(self, name: str):
        if name in _POSITIONS and "_positions" in self.__dict__:
            self._unpack()
            return self.__dict__[name]
        raise AttributeError(name)

    def _unpack(self) -> None:
        self.__dict__.update(zip(_POSITIONS, marshal.loads(self.__dict__.pop("_positions"))))
        self.__class__ = Document

    def __eq__(self, other):
        self._unpack()
        return self == other


def _pack(doc: Document):
    state = {k: v for k, v in doc.__dict__.items() if k not in _POSITIONS}
    if "_positions" not in state:
        state["_positions"] = marshal.dumps(tuple(doc.__dict__[k] for k in _POSITIONS))
    return _unpickle, (state,)


def _unpickle(state: dict) -> _Packed:
    doc = _Packed.__new__(_Packed)
    doc.__dict__.update(state)
    return doc


copyreg.pickle(Document, _pack)
copyreg.pickle(_Packed, _pack)
