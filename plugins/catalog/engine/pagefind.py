"""The Pagefind runner: each search bundle (outputs/search.py, ``BUNDLES``) indexed by the
Pagefind binary run as a service, its files written by this process and checked before
the site is published.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import logging
import shutil
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable, NamedTuple

from ..outputs.search import BUNDLES, FOLDER, Bundle, INDEX_LANGUAGE, UNUSED, Record, Source
from .cache import Reuse
from .staging import holds, paths_under
from .writer import Memo, write_file

log = logging.getLogger(__name__)


def write_records(entries: list[Entry], output: Path, reuse: Reuse | None = None,
                  published: Path | None = None) -> Path:
    """Write the Pagefind bundles of ``entries`` under ``output/pagefind/`` (see BUNDLES),
    each by its own Pagefind process in turn, so that the memory of one is returned before
    the next, and a first query loads only the metadata of the entries it can find.

    With ``reuse``, a bundle whose records have the memo's keys it was made from last
    time, and whose files are still as that build wrote them, is kept from the previous
    site instead: after one circle changed, only the bundle that holds it is made again.
    A bundle made again is written less the files the ``published`` site holds as they
    are (:func:`write_files`)."""
    indexed = write_plan(plan(entries, reuse), output, published)
    if reuse is not None:
        indexed.record(reuse)
    return output / FOLDER


class Entry(NamedTuple):
    """One entry of the index: its type and (a circle's) status, which decide the bundle
    that holds it (Bundle.takes); the memo's key of its record, which changes whenever
    anything the record is made from does; and its record, given when asked."""

    type: str
    status: str | None
    key: str
    record: Callable[[], Record]


def entries_of(sources: Iterable[Source], memo: Memo) -> list[Entry]:
    """The entries of ``sources``, whose records are read from the memo (or made) only
    when a bundle that holds them is made again."""
    entries = []
    for source in sources:
        key = memo.stored_key(source.key)
        entries.append(Entry(source.type, source.status, key,
                             functools.partial(memo.made, key, source.make)))
    return entries


def entries_made(sources: Iterable[Source], memo: Memo) -> list[Entry]:
    """The entries of ``sources`` with their records, read from the memo (or made) now:
    the index is then made once the memo, the catalog and the pages' memory are gone."""
    return [entry._replace(record=_given(entry.record())) for entry in entries_of(sources, memo)]


def _given(record: Record) -> Callable[[], Record]:
    """An :attr:`Entry.record` for a record already made."""
    return lambda: record


class Planned(NamedTuple):
    """One bundle to write: how many entries it holds, their records (none when it is
    kept) and, with a cache, its name and key there and the previous build's files when
    they are kept (None when it is made again)."""

    bundle: Bundle
    entries: int
    held: list[Record]
    name: tuple | None = None
    key: str | None = None
    kept: tuple[str, ...] | None = None


def plan(entries: list[Entry], reuse: Reuse | None = None,
         keep: Callable[[str], None] | None = None, most: int | None = None
         ) -> list[Planned] | None:
    """Each bundle of ``entries``, and whether the previous build's is kept (with
    ``reuse``); None, with nothing read, when more than ``most`` bundles are made again. A
    bundle is known by the memo's keys of its records: only the records of a bundle made
    again are asked for (at 20,000 entries, unpacking every record and digesting them
    took 1.4 to 1.9 s of a one-circle rebuild that makes one bundle of three). ``keep`` is
    given the key of each record of a kept bundle (Memo.keep_stored: the memo keeps it
    for the build that makes the bundle again). Only reads the cache, so that the bundles
    can be written from another thread."""
    bundles = []
    for bundle in BUNDLES:
        mine = [e for e in entries if bundle.takes(e.type, e.status)]
        name = key = kept = None
        if reuse is not None:
            name = ("bundle", bundle.name)
            key = reuse.key("bundle", keys_digest([e.key for e in mine]))
            previous = reuse.store.get(name)
            files = previous[1] if previous is not None else ()
            kept = files if files and reuse.fresh(name, key, list(files)) else None
        bundles.append((bundle, mine, name, key, kept))
    if most is not None and sum(kept is None for *_, kept in bundles) > most:
        return None
    planned = []
    for bundle, mine, name, key, kept in bundles:
        if kept is not None and keep is not None:
            for entry in mine:
                keep(entry.key)
        held = [e.record() for e in mine] if kept is None else []
        planned.append(Planned(bundle, len(mine), held, name, key, kept))
    return planned


@dataclass
class Indexed:
    """What writing the bundles leaves for the cache: the files kept from the previous
    site, and each bundle's name, key and files."""

    kept: set[str] = field(default_factory=set)
    entries: list[tuple[tuple, tuple]] = field(default_factory=list)

    def record(self, reuse: Reuse) -> None:
        """Into the cache, from the thread that owns it."""
        reuse.kept.update(self.kept)
        for name, entry in self.entries:
            reuse.store.put(name, entry)


def write_plan(planned: list[Planned], output: Path, published: Path | None = None
               ) -> Indexed:
    """Write the bundles of ``planned`` under ``output/pagefind/``, less those kept, and
    less the files of the others that the ``published`` site holds as they are (kept
    too); returns what the cache is to record of them (:meth:`Indexed.record`)."""
    shutil.rmtree(output / FOLDER, ignore_errors=True)
    indexed = Indexed()
    for p in planned:
        files = p.kept
        if files is not None:
            indexed.kept.update(files)
            log.info("catalog: kept the search bundle %s: its records are unchanged",
                     p.bundle.name)
        else:
            folder = f"{FOLDER}/{p.bundle.name}"
            same = write_bundle(p.held, output / folder,
                                None if published is None else published / folder)
            kept = [f"{folder}/{path}" for path in same]
            indexed.kept.update(kept)
            files = (*(f"{folder}/{path}" for path in paths_under(output / folder)), *kept)
        if p.name is not None:
            indexed.entries.append((p.name, (p.key, files)))
    log.info("catalog: indexed %d entries for search", sum(p.entries for p in planned))
    return indexed


def keys_digest(keys: list[str]) -> str:
    """What a bundle is made from: the memo's keys of its records, in order."""
    return hashlib.blake2b("\0".join(keys).encode(), digest_size=16).hexdigest()


def write_bundle(items: list[Record], target: Path, published: Path | None = None
                 ) -> list[str]:
    """Index ``items`` and write their bundle to ``target``, then check it; returns the
    files not written, which ``published`` (the published site's bundle) holds as they are
    (:func:`write_files`).

    Pagefind is asked for the bundle's files (``GetFiles``) and this process writes them.
    Its own ``WriteFiles`` answers before its writes reach the disk (tokio's files write
    from a background thread and are not flushed) and the service exits as soon as its
    input closes, so on a busy machine some files were left empty."""
    with Service() as service:
        index = service.call({"type": "NewIndex", "config": {
            "force_language": INDEX_LANGUAGE}})["index_id"]
        service.call_many({"type": "AddRecord", "index_id": index, "url": r.url,
                           "content": r.content, "language": INDEX_LANGUAGE, "meta": r.meta,
                           "filters": r.filters, "sort": r.sort} for r in items)
        files = service.call({"type": "GetFiles", "index_id": index})["files"]
    same = write_files(target, files, published)
    check_bundle(target)
    return same


def write_files(target: Path, files: list[dict], published: Path | None = None
                ) -> list[str]:
    """Write the files Pagefind returned (``{"path", "content"}``, base64) under ``target``,
    less the ready-made interfaces the site does not use, and less the chunks and
    fragments (the files in its folders) that ``published`` holds byte for byte, whose
    paths are returned: the site keeps those as published. Pagefind names them by their
    content, so after one change most of a bundle's are the published ones: at 20,000
    entries, 9,000 or more files of the bundle made again, which were written, then read
    again beside the published ones and removed (staging.keep_identical). The entry
    file, the scripts and the metadata are always written, and checked with the rest
    (check_bundle)."""
    same = []
    for file in files:
        name = PurePosixPath(file["path"])
        if name.is_absolute() or ".." in name.parts:
            raise BundleError(f"Pagefind returned the file name {file['path']!r}")
        relative = name.as_posix()  # its own site path: file_of leaves it as it is
        if relative in UNUSED:
            continue
        content = base64.b64decode(file["content"])
        if published is not None and len(name.parts) > 1 and \
                holds(published / relative, content):
            same.append(relative)
            continue
        write_file(target, relative, content)
    return same


class PagefindError(RuntimeError):
    """The search index could not be made; the site must not be published without it."""


class BundleError(PagefindError):
    """A search bundle is incomplete; the site must not be published with it."""


ENTRY = "pagefind-entry.json"
SCRIPTS = ("pagefind.js", "pagefind-worker.js")


def check_bundle(target: Path) -> None:
    """Raise BundleError unless the bundle at ``target`` is whole: its entry file parses,
    every file the entry names and the scripts that load it are there, and no file is
    empty. Every file a search can fetch is checked, so a broken bundle never goes out."""
    try:
        entry = json.loads((target / ENTRY).read_bytes())
        languages = entry["languages"]
        named = [f"pagefind.{language['hash']}.pf_meta" for language in languages.values()]
        named += [f"wasm.{language['wasm']}.pagefind" for language in languages.values()
                  if language.get("wasm")]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise BundleError(f"{target / ENTRY} is missing or unreadable ({exc})") from None
    for name in (*SCRIPTS, *named):
        if not (target / name).is_file():
            raise BundleError(f"{target / name} is missing")
    for path in sorted(target.rglob("*")):
        if path.is_file() and path.stat().st_size == 0:
            raise BundleError(f"{path} is empty")


def check_bundles(output: Path) -> None:
    """:func:`check_bundle` for every bundle of the site at ``output``."""
    for bundle in BUNDLES:
        check_bundle(output / FOLDER / bundle.name)


class Service:
    """The Pagefind binary run as ``pagefind --service``: requests and responses are
    base64-encoded JSON messages ending in a comma, on its standard input and output.

    The ``pagefind`` package speaks the same protocol but polls for each response every
    0.1 s, which costs 100 ms per record; here records are written from a thread while the
    responses are read as they come.
    """

    def __init__(self) -> None:
        from pagefind.service import get_executable
        binary = get_executable()
        if binary is None:
            raise PagefindError("the Pagefind binary is missing: pip install 'pagefind[bin]'")
        self.binary = str(binary)
        self.next_id = 0
        self.buffer = bytearray()
        self.searched = 0  # how far the buffer is known to hold no comma

    def __enter__(self) -> "Service":
        self.process = subprocess.Popen([self.binary, "--service"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        return self

    def __exit__(self, *exc) -> None:
        self.process.stdin.close()  # the service exits when its input ends
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()

    def call(self, payload: dict) -> dict:
        return self.call_many([payload])[0]

    def call_many(self, payloads) -> list[dict]:
        """Send every payload and return the answers in order. Each message is encoded
        only as the writer comes to it, so the build never holds all of them at once."""
        payloads = list(payloads)
        writer = threading.Thread(target=self._send, args=(payloads,), daemon=True)
        writer.start()
        responses = [self._receive() for _ in payloads]
        writer.join()
        return responses

    def _encode(self, payload: dict) -> bytes:
        self.next_id += 1
        message = {"message_id": self.next_id, "payload": payload}
        return base64.b64encode(json.dumps(message, allow_nan=False).encode()) + b","

    def _send(self, payloads: list[dict]) -> None:
        for payload in payloads:
            self.process.stdin.write(self._encode(payload))
        self.process.stdin.flush()

    def _receive(self) -> dict:
        """The next answer. A GetFiles answer holds the whole bundle: the buffer grows in
        place and is searched only where it is new."""
        while (end := self.buffer.find(b",", self.searched)) < 0:
            self.searched = len(self.buffer)
            chunk = self.process.stdout.read1(1 << 20)
            if not chunk:
                raise PagefindError("Pagefind stopped before answering")
            self.buffer += chunk
        raw = bytes(self.buffer[:end])
        del self.buffer[:end + 1]
        self.searched = 0
        payload = json.loads(base64.b64decode(raw))["payload"]
        if payload.get("type") == "Error":
            raise PagefindError(f"Pagefind: {payload.get('message')}")
        return payload
