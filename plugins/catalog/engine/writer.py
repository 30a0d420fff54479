"""The engine's one entry for outputs: write each Output of the stream into the staging
folder, or keep the previous build's file when the output's inputs are unchanged.

Outputs come in batches (:attr:`Output.batch`); each batch is written across the workers,
and what the workers put in the memo comes back to this process before the next batch,
which may read it. The output modules know nothing of this: they only say what they make.
"""

from __future__ import annotations

import itertools
import os
import pickle
import zlib
from collections.abc import Collection, MutableMapping
from pathlib import Path
from typing import Callable, Iterable

from ..outputs.output import Output
from ..outputs.urls import file_of
from . import parallel, staging
from .cache import DigestStore, Keys, Reuse


class Packed(bytes):
    """A memo value as the memo holds it: pickled and compressed (zlib's fastest level).
    A circle's events or JSON are a few kilobytes of text much like every other circle's,
    which compress 3 to 8 times; unpacking one takes microseconds."""

    __slots__ = ()

    @classmethod
    def of(cls, value) -> "Packed":
        return cls(zlib.compress(pickle.dumps(value, pickle.HIGHEST_PROTOCOL), 1))

    def unpacked(self):
        return pickle.loads(zlib.decompress(self))


class Memo(MutableMapping):
    """What outputs share, by what each value is made from (a tuple of inputs). Values are
    held by the key of their inputs (``keys``: a model object by the digest of its file),
    so a worker sends back a short key, never the objects; with a store, a value is also
    kept for the next build, which then takes an unchanged circle's events or JSON instead
    of making them again. ``added`` is what this process put since the last
    :meth:`take_added` (a worker sends it back). It cannot list its keys.

    Values made are held Packed: the memo holds every circle's events and JSON made until
    the build ends (the next build's cache), in the build process and so in every worker
    forked from it, where each one counts again in the worker's resident size. A value the
    store has is read from its file each time it is asked for, and not held (the store
    keeps it for the next build, unread). Each read gives a new copy of the value."""

    def __init__(self, keys: Keys, store: DigestStore | None = None):
        self.keys, self.store = keys, store
        self.values: dict[str, Packed] = {}
        self.added: list[tuple[str, Packed | None]] = []  # None: read from the store

    def __getitem__(self, key):
        return self._packed(self.stored_key(key)).unpacked()

    def stored_key(self, key) -> str:
        """The digest the value of ``key`` is held and kept by: it changes whenever
        anything the value is made from does."""
        return self.keys.key("memo", *key)

    def made(self, stored: str, make: Callable[[], object]):
        """The value held by the digest ``stored`` (:meth:`stored_key`), made by ``make()``
        and held the first time it is asked for (None is never held, as in
        outputs.output.remembered)."""
        try:
            return self._packed(stored).unpacked()
        except KeyError:
            pass  # made below, so that an error there is not shown as raised in here
        value = make()
        if value is not None:
            self._add(stored, Packed.of(value))
        return value

    def _packed(self, stored: str) -> Packed:
        found = self.values.get(stored)
        if found is None and self.store is not None:
            found = self.store.get(stored)
            if found is not None:
                # Kept, unread: the next build may take it; a worker's reading too.
                self.store.keep(stored)
                self.added.append((stored, None))
        if found is None:
            raise KeyError(stored)
        return found

    def __contains__(self, key) -> bool:
        """Whether the memo has a value for ``key``, without unpacking it."""
        try:
            self._packed(self.stored_key(key))
        except KeyError:
            return False
        return True

    def __setitem__(self, key, value) -> None:
        self._add(self.stored_key(key), Packed.of(value))

    def _add(self, stored: str, value: Packed) -> None:
        """Hold ``value``, and send it back when this process is a worker."""
        self._hold(stored, value)
        self.added.append((stored, value))

    def _hold(self, stored: str, value: Packed) -> None:
        self.values[stored] = value
        if self.store is not None:
            self.store.put(stored, value)

    def keep(self, key) -> None:
        """Keep the stored value of ``key`` for the next build, unread: what a kept output
        left for others (Output.leaves). The store saves only what this build asked for or
        made, so a value nobody asks for today would be gone the day another output needs
        it: /circles.ics, made again after a circle changed, made again the events of the
        8,300 circles it lists (3 s of a 20 s rebuild at 20,000 entries) whenever the build
        before had kept it."""
        if self.store is not None:
            self.keep_stored(self.stored_key(key))

    def keep_stored(self, stored: str) -> None:
        """:meth:`keep`, by the digest the value is held by (:meth:`stored_key`)."""
        if self.store is not None:
            self.store.keep(stored)

    def __delitem__(self, key) -> None:
        del self.values[self.stored_key(key)]

    def __iter__(self):
        raise TypeError("a Memo holds values by the digest of their keys: ask for a key")

    def __len__(self) -> int:
        return len(self.values)

    def take_added(self) -> list:
        added, self.added = self.added, []
        return added

    def merge(self, added: list) -> None:
        """What a worker made, held here as if this process had made it, and what it read
        from the store (None), kept."""
        for stored, value in added:
            if value is not None:
                self._hold(stored, value)
            elif self.store is not None:
                self.store.keep(stored)


def write_outputs(outputs: Iterable[Output], folder: Path, reuse: Reuse | None,
                  memo: Memo, jobs: int = 1, before_forking: Callable[[], object] | None = None
                  ) -> Collection[str]:
    """Write (or keep) every output, batch after batch; returns their files (file_of):
    with a cache, the keys of ``reuse.outputs``, which hold them already (a second set of
    383,000 paths at 20,000 entries would be held through every fork). ``before_forking``
    is called before workers are forked (what must end first)."""
    files: set[str] = set()
    for _, batch in itertools.groupby(outputs, key=lambda o: o.batch):
        made = write_batch(list(batch), folder, reuse, memo, jobs, before_forking)
        if reuse is None:
            files.update(made)
    return files if reuse is None else reuse.outputs.keys()


def write_batch(batch: list[Output], folder: Path, reuse: Reuse | None, memo: Memo,
                jobs: int, before_forking: Callable[[], object] | None = None) -> list[str]:
    """Write (or keep) the outputs of ``batch`` across ``jobs`` processes; returns their
    files (file_of). With a cache, those kept are the files of ``reuse.outputs`` not
    written (:meth:`Reuse.kept_outputs`)."""
    # The folders made are known from the batch's start only: an earlier build in this
    # process may have had others, and one batch's folders are seldom another's.
    _made.clear()
    files = [file_of(output.path) for output in batch]
    stale = batch
    if reuse is not None:
        # The keys are made here, not in the workers: the fingerprints of the inputs stay
        # in this process for the next batches, where the same page in another language
        # has the same inputs; and a rebuild forks only for the few outputs that changed.
        stale = []
        for output, file in zip(batch, files):
            if not reuse.keep_output(file, output.path, output.inputs):
                stale.append(output)
            else:
                for key in output.leaves:
                    memo.keep(key)
    # The largest first, so that the few large files (every circle's) go to different
    # processes: each process takes every n-th item.
    ordered = sorted(stale, key=lambda o: -_size(o.inputs))
    if parallel.forks(len(ordered), jobs):
        if before_forking is not None:
            before_forking()
        if reuse is not None:
            reuse.forking()
    for added in parallel.map_items(lambda o: _write(folder, memo, o), ordered, jobs):
        memo.merge(added)
    return files


def _size(inputs: tuple, depth: int = 2) -> int:
    """How large an output is, roughly: how many items its inputs' tuples hold, two
    levels deep (a page's inputs are its language and one tuple of what it shows)."""
    tuples = [i for i in inputs if isinstance(i, tuple)]
    return sum(len(i) + (_size(i, depth - 1) if depth > 1 else 0) for i in tuples)


def _write(folder: Path, memo: Memo, output: Output) -> list:
    """Write the file of ``output``; returns what making it added to the memo."""
    memo.take_added()
    write_file(folder, output.path, output.make())
    return memo.take_added()


def write_file(folder: Path, path: str, body: bytes | str) -> None:
    """Write the file of site path ``path`` under ``folder``, making its folders."""
    target = os.path.join(folder, file_of(path))
    parent = os.path.dirname(target)
    if parent not in _made:
        # Once per folder and process: asking again costs a failed mkdir and an exception
        # per file (a site is mostly one file per folder, but the feeds, calendars and
        # API share theirs).
        staging.make_folder(parent)
        _made.add(parent)
    if isinstance(body, str):
        body = body.encode("utf-8")
    try:
        file = open(target, "wb")
    except FileNotFoundError:  # its folder was made, then removed (a bundle made again)
        staging.make_folder(parent)
        file = open(target, "wb")
    with file:
        file.write(body)


# The folders write_file made or found, in this process. write_batch clears it in the
# main thread while a search bundle's thread may add to it (pagefind.write_files): at
# worst a folder is asked for again. One removed since (pagefind.write_plan removes the
# bundles' folder) is made again when its first file cannot be opened.
_made: set[str] = set()
