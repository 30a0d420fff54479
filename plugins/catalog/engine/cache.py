"""What a build keeps for the next one, so that changing one circle rebuilds little.

- **Documents**: each content file that validated, under the digest of its bytes. An
  unchanged file is neither parsed nor validated again (references between files are
  still checked every time: they are cheap and cross files).
- **Outputs**: for each file written, a key made from everything that went into it (the
  inputs its output declares: model objects by the digest of the files they came from;
  the templates, the code and the whole Site), and the size and time of every file of the
  site. When a key is unchanged and the file in the output is still the one written, the
  file is linked from the previous site; only new and changed files are written
  (writer.py, staging.py).
- **Memo**: what outputs share and is costly to make (a circle's events, its JSON, the
  templates compiled in each language), by the key of what each value is made from
  (writer.Memo).
- **Markdown**: each description rendered, by the digest of the code and the text.

The memo and the Markdown are read only by a build of the same code (and, for the memo,
the same Site) as the one that saved them: any other could not ask for one of their keys.
The documents, the memo and the Markdown (DigestStore) read a value from its file when it
is asked for, and do not hold it.

The cache lives beside the output folder (``.output-cache/`` for ``output/``). Deleting it
only makes the next build a full one. Documents are written once every file validated;
the rest only after a build succeeded.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import logging
import os
import pickle
import sys
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import Callable

from . import staging

log = logging.getLogger(__name__)

VERSION = 5
ROOT = Path(__file__).resolve().parents[3]
# How the paths of the files listed for another process are written, as os.fsencode
# writes one (a name that is not UTF-8 comes back as it was).
FILE_NAMES = (sys.getfilesystemencoding(), sys.getfilesystemencodeerrors())


def folder_for(output: Path) -> Path:
    return output.parent / f".{output.name}-cache"


def digest(*parts: bytes | str) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part.encode() if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


def code_digest(theme: Path) -> str:
    """The plugin's code, the schemas, the pinned libraries and the theme's templates and
    static files: a change to any renders everything again."""
    files = source_files() + sorted(p for p in theme.rglob("*") if p.is_file())
    return digest(*(p.read_bytes() for p in files), str(VERSION))


def source_files() -> list[Path]:
    """What checking a content file depends on besides its bytes: the code, the schemas
    (defaults and rules) and the pinned libraries (a parser or sanitizer fix)."""
    return (sorted((ROOT / "plugins" / "catalog").rglob("*.py"))
            + sorted((ROOT / "schemas").rglob("*.json")) + [ROOT / "requirements.txt"])


@functools.cache
def checker_digest() -> str:
    """The key part of a checked document that says which code checked it."""
    return digest(*(p.read_bytes() for p in source_files() if p.is_file()), str(VERSION))


class Store:
    """One pickle file of a mapping, read at the start of a build (or, ``when_asked``, when
    a value is first asked for) and written at its end."""

    def __init__(self, path: Path | None, when_asked: bool = False):
        self.path = path
        self.old: dict = {}
        self.new: dict = {}
        self.kept: set[str] = set()  # files this build left in the output as they were
        self.aside: set = set()  # keys not held until asked for (set_aside)
        self._unread = when_asked
        if not when_asked:
            self.old = self._file_items()

    def _file_items(self) -> dict:
        """The mapping the store's file holds; empty when there is none (nothing was
        saved, or a cache deleted meanwhile) or it cannot be read (said once per read).
        The build holds its output folder's lock, so the file is the one there was at the
        start, however late it is read."""
        if self.path is None or not self.path.is_file():
            return {}
        return _read_items(self.path) or {}

    def get(self, key):
        if self._unread:
            self._unread = False
            self.aside.discard(key)  # asked for now: read with the rest
            self.old = {k: v for k, v in self._file_items().items() if k not in self.aside}
        value = self.old.get(key)
        if value is None and key in self.aside:
            self.aside.discard(key)
            value = self.old[key] = self._file_items().get(key)
        return value

    def take(self, key):
        """The value of ``key``, forgotten by the store from now on."""
        value = self.get(key)
        self.old.pop(key, None)
        return value

    def set_aside(self, key) -> None:
        """Hold the value of ``key`` no longer: :meth:`get` reads it again from the file
        when it is next asked for. For a large value that a part of the build does not
        need, and that every worker forked meanwhile would otherwise hold again. A store
        not read yet (``when_asked``) leaves it out when it is."""
        if self.path is not None and (self._unread or self.old.pop(key, None) is not None):
            self.aside.add(key)

    def put(self, key, value) -> None:
        if self.path is not None:  # without a file, nothing is kept
            self.new[key] = value

    def release(self) -> None:
        """Forget every value once saved: the rest of the build neither needs them nor
        saves the store again."""
        self.old, self.new, self.path, self.aside = {}, {}, None, set()

    def save(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        _write_items(self.path, self.new)


def _read_items(path: Path) -> dict | None:
    """The mapping a store file holds; None when it is unreadable or of another version."""
    try:
        with path.open("rb") as f:
            stored = pickle.load(f)
        if stored.get("version") == VERSION:
            return stored["items"]
    except Exception:  # a damaged cache is only a slower build
        log.warning("catalog: ignoring the unreadable cache %s", path)
    return None


def _write_items(path: Path, items: dict) -> None:
    """Write ``items`` to ``path`` whole or not at all."""
    with _replacing(path) as f:
        pickle.dump({"version": VERSION, "items": items}, f, pickle.HIGHEST_PROTOCOL)


@contextlib.contextmanager
def _replacing(path: Path):
    """A binary file that replaces ``path`` once it is closed whole: written beside it
    (``.partial``) and renamed over it, so that a reader sees the old file or the new
    one, never a part."""
    partial = path.with_suffix(".partial")
    with partial.open("wb") as f:
        yield f
    partial.replace(path)


class DigestStore:
    """A store whose keys are digests of what their values were made from (hex text),
    kept in up to 256 files by the key's first two digits: since a key never changes its
    value, a build rewrites only the files whose keys changed (one, when one content file
    changed), instead of the whole store.

    Only each file's index is read when the store is made: its keys, each with where its
    value lies in the file. A value is read from its file when asked for (:meth:`get`),
    and not held: the memo's values (55 MB at 20,000 entries, with 56,000 keys) stayed on
    the build's heap while it made the outputs, and every worker forked from it counted
    them again. A value this build keeps unread (:meth:`keep`) is copied, as it is, into
    the file written in its place when the store is saved.

    ``stamp`` is what every key is made with besides its value's inputs (the code, the
    salt of the build's keys), kept beside the files. A store saved with another stamp
    holds no key a build with this one can ask for, so none of it is read. The stamp
    never decides what a key gives, only whether the files are read: a store whose files
    and stamp disagree (a build stopped while saving) is still right."""

    def __init__(self, folder: Path | None, stamp: str | None = None):
        self.path = folder
        self.stamp = stamp
        self.new: dict = {}  # put by this build
        self.carried: set[str] = set()  # kept by this build, unread (keep)
        self.unreadable: set[str] = set()  # files a value could not be read from (get)
        # Each file's index, or None for one not read (unreadable, or of another stamp),
        # which save rewrites or removes.
        self.shards: dict[str, Shard | None] = {}
        if folder is None or not folder.is_dir():
            return
        same = stamp is None or _read_stamp(folder) == stamp
        for file in sorted(folder.glob("*.pickle")):
            self.shards[file.stem] = Shard.read(file) if same else None

    def _located(self, key: str) -> tuple[Shard, int] | None:
        shard = self.shards.get(key[:2])
        at = None if shard is None else shard.index.get(key)
        return None if at is None else (shard, at)

    def __contains__(self, key: str) -> bool:
        """Whether the files hold a value for ``key``, without reading it."""
        return self._located(key) is not None

    def get(self, key: str):
        """The value the files hold for ``key``, read now; None when they hold none, or
        when it cannot be read (a damaged file, the cache deleted meanwhile): the value is
        then made again, and put, which writes its file again when the store is saved."""
        found = self._located(key)
        if found is None:
            return None
        shard, at = found
        try:
            return pickle.loads(shard.value(at))
        except Exception:  # a damaged cache is only a slower build: said once per file
            if shard.file not in self.unreadable:
                self.unreadable.add(shard.file)
                log.warning("catalog: ignoring the unreadable cache %s", shard.file)
            return None

    def keep(self, key: str) -> None:
        """Keep the value of ``key`` for the next build without reading it (when the
        files hold one): saved as it is in its file."""
        if self._located(key) is not None:
            self.carried.add(key)

    def put(self, key: str, value) -> None:
        if self.path is not None:  # without a folder, nothing is kept
            self.new[key] = value

    def items(self) -> Iterator[tuple[str, object]]:
        """Every key and value the files hold (to look into a cache)."""
        for name in sorted(self.shards):
            shard = self.shards[name]
            for key in sorted(shard.index if shard is not None else ()):
                yield key, self.get(key)

    def release(self) -> None:
        """Forget every value and index once saved: the rest of the build neither needs
        them nor saves the store again."""
        self.new, self.carried, self.shards, self.path = {}, set(), {}, None
        self.unreadable = set()

    def save(self) -> None:
        """Save what this build put and kept (and nothing else): each file whose keys
        changed, or that holds a value made again (one that could not be read), is
        written again, its kept values copied from the file it replaces."""
        if self.path is None:
            return
        groups: dict[str, dict] = {}
        for key, value in self.new.items():
            groups.setdefault(key[:2], {})[key] = value
        for key in self.carried:
            groups.setdefault(key[:2], {}).setdefault(key, _CARRIED)
        self.path.mkdir(parents=True, exist_ok=True)
        for name, items in groups.items():
            shard = self.shards.get(name)
            if shard is not None and shard.index.keys() == items.keys() and all(
                    value is _CARRIED for value in items.values()):
                continue
            self.shards[name] = Shard.write(self.path / f"{name}.pickle", items, shard)
        for name in self.shards.keys() - groups.keys():
            (self.path / f"{name}.pickle").unlink(missing_ok=True)
            del self.shards[name]
        if self.stamp is not None:
            with _replacing(self.path / STAMP) as f:
                f.write(self.stamp.encode("utf-8"))


_CARRIED = object()  # a value DigestStore.save copies from the file it replaces


@dataclasses.dataclass
class Shard:
    """One file of a DigestStore: a sequence of pickles, its index first (the version,
    then each key with where its value's pickle lies after the index), then the values.
    Only the index is held; a value is read from the file when asked for."""

    index: dict[str, int]  # key: (offset << 32) | length, from ``start``
    start: int  # where the values begin in the file
    file: str  # its path

    @classmethod
    def read(cls, path: Path) -> "Shard | None":
        """The index of the file at ``path``; None when it cannot be read, is of another
        version or is shorter than its index says (said once per file)."""
        try:
            with path.open("rb") as f:
                head = pickle.load(f)
                start = f.tell()
                size = os.fstat(f.fileno()).st_size
            if not (isinstance(head, dict) and head.get("version") == VERSION):
                return None
            index = head["index"]
            if all((at >> 32) + (at & _LENGTH) <= size - start for at in index.values()):
                return cls(index, start, str(path))
        except Exception:  # a damaged cache is only a slower build
            pass
        log.warning("catalog: ignoring the unreadable cache %s", path)
        return None

    def value(self, at: int) -> bytes:
        """The pickle of the value at ``at`` (an index entry), read from the file now: a
        read of a file left open for each would hold up to 768 open files (256 for each
        of the three stores), near a common limit of 1,024 per process."""
        fd = os.open(self.file, os.O_RDONLY)
        try:
            data = os.pread(fd, at & _LENGTH, self.start + (at >> 32))
        finally:
            os.close(fd)
        if len(data) != at & _LENGTH:
            raise EOFError(f"{self.file} is shorter than its index")
        return data

    @classmethod
    def write(cls, path: Path, items: dict, old: "Shard | None") -> "Shard":
        """Write ``items`` to ``path`` whole or not at all; a value that is _CARRIED is
        copied from the file there, whose index is ``old`` (the file read once, whole).
        Returns the new file's index."""
        values, index, offset, was = [], {}, 0, None
        for key, value in items.items():
            if value is _CARRIED:  # copied from the file there (old: its index)
                if was is None:
                    try:
                        was = path.read_bytes()
                    except OSError:  # the cache deleted since: the value is made again
                        was = b""
                at = old.index.get(key) if old is not None else None
                if at is None:  # not in the file there (a save before left it out)
                    continue
                begin = old.start + (at >> 32)
                data = was[begin:begin + (at & _LENGTH)]
                if len(data) != at & _LENGTH:
                    continue
            else:
                data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
            values.append(data)
            index[key] = (offset << 32) | len(data)
            offset += len(data)
        with _replacing(path) as f:
            pickle.dump({"version": VERSION, "index": index}, f, pickle.HIGHEST_PROTOCOL)
            start = f.tell()
            f.writelines(values)
        return cls(index, start, str(path))


_LENGTH = (1 << 32) - 1  # the length's bits in a Shard's index entry


STAMP = "stamp"


def _read_stamp(folder: Path) -> str | None:
    try:
        return (folder / STAMP).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


# The outputs store's two large entries, each a mapping of the site's file paths, held
# through a whole rebuild (383,000 files at 20,000 entries in nine languages), so kept
# compact: every file of the site with its size and time (stat_of), and the file of each
# output with the raw digest of its inputs. The two share their paths' strings (put_files).
FILES = "files"
OUTPUT_KEYS = "output keys"
SALT = "salt"  # of the Keys the outputs' keys were made with
_SIZE_BITS = 48


def stat_of(path: str | Path) -> int:
    """A file's size and time as one number (size_of gives the size back)."""
    info = os.stat(path)
    return info.st_mtime_ns << _SIZE_BITS | info.st_size


def size_of(stat: int) -> int:
    """The size in a number of stat_of."""
    return stat & ((1 << _SIZE_BITS) - 1)


def put_files(store: Store, files: dict[str, int]) -> None:
    """Keep ``files`` (FILES) in ``store``, its outputs' keys under the same path strings,
    which the store's file then holds once."""
    store.put(FILES, files)
    keys = store.new.get(OUTPUT_KEYS)
    if keys:
        same = {path: path for path in files}
        store.put(OUTPUT_KEYS, {same.get(path, path): key for path, key in keys.items()})


class Keys:
    """Keys of what values are made from: this build's salt (code, theme and the whole
    Site) and the fingerprint of each part. ``sources`` gives the model objects that came
    from content files, by ``id``, with the digests of those files."""

    def __init__(self, salt: str, sources: dict[int, tuple[object, str]] | None = None):
        self.salt = salt
        self.seen: dict[int, tuple[object, str]] = dict(sources or {})

    def file_key(self, path: str, inputs: tuple) -> bytes:
        """The key of the file at site path ``path`` made from ``inputs`` in raw bytes:
        ``bytes.fromhex(key("file", path, inputs))`` in half the time (one text hashed,
        no generator, no hex; 4.5 against 9.4 µs). Asked for each of a site's files in
        every build, 383,000 at 20,000 entries in nine languages."""
        if type(inputs) is not tuple:
            return bytes.fromhex(self.key("file", path, inputs))
        items = ",".join(map(self.fingerprint, inputs))
        text = f"{self.salt}\0'file'\0{path!r}\0({items})\0"
        return hashlib.blake2b(text.encode(), digest_size=16).digest()

    def key(self, *parts) -> str:
        """The key of ``parts``. A tuple among them is fingerprinted by its items without
        being held in :attr:`seen`: a key's own tuple (an output's inputs, one per page
        and language) is rarely asked for twice, and holding each with its fingerprint
        kept about 55 MB a language at 20,000 entries; the tuples inside it, which many
        pages share (a listing's circles), are held."""
        return digest(self.salt, *(self._fingerprint_items(p) if isinstance(p, tuple)
                                   else self.fingerprint(p) for p in parts))

    def _fingerprint_items(self, value: tuple) -> str:
        return "(" + ",".join(self.fingerprint(v) for v in value) + ")"

    def fingerprint(self, value) -> str:
        """A text that changes whenever ``value`` does. A model object that came from a
        file has that file's digest; other objects (frozen, like the whole model) are
        fingerprinted from their fields once per build, however many pages show them."""
        if isinstance(value, (str, int, float, bool, type(None))):
            return repr(value)
        if isinstance(value, dict):
            return "{" + ",".join(f"{self.fingerprint(k)}:{self.fingerprint(v)}"
                                  for k, v in value.items()) + "}"
        if isinstance(value, list):
            return "(" + ",".join(self.fingerprint(v) for v in value) + ")"
        known = self.seen.get(id(value))
        if known is None or known[0] is not value:
            # Tuples too: the same ones (a listing's circles) are inputs of many pages.
            known = (value, self._first_fingerprint(value))
            self.seen[id(value)] = known
        return known[1]

    def _first_fingerprint(self, value) -> str:
        """The fingerprint of a tuple or an object not seen before in this build: its
        items, its fields (a dataclass) or its repr."""
        if isinstance(value, tuple):
            return self._fingerprint_items(value)
        if dataclasses.is_dataclass(value):
            return digest(type(value).__name__, *(
                self.fingerprint(getattr(value, f.name)) for f in dataclasses.fields(value)))
        return digest(type(value).__name__, repr(value))


def unlike_written(site: str, files: dict[str, int]) -> set[str]:
    """Those of ``files`` (FILES) that the site at ``site`` no longer holds as they were
    written: edited, replaced or removed since."""
    unlike = set()
    for path, recorded in files.items():
        try:
            if stat_of(os.path.join(site, path)) != recorded:
                unlike.add(path)
        except OSError:
            unlike.add(path)
    return unlike


def unlike_published(site_and_store: tuple[str, str]) -> set[str]:
    """:func:`unlike_written` for the site at ``site`` and the files its outputs store
    (a Store's file) lists: what a fresh process is asked (build.py), which reads the
    list itself rather than be handed 383,000 paths at 20,000 entries."""
    site, store = site_and_store
    return unlike_written(site, Store(Path(store)).get(FILES) or {})


def published_linked(job: tuple[str, str, str]) -> list[str]:
    """The site at ``output`` linked, file by file, into the new folder ``site``
    (staging.link_site), as the file at ``listed`` lists its files (write_paths): what a
    fresh process is asked (build.py). Returns the files listed that the site no longer
    holds. The list is read as written, 14 MB at 20,000 entries, where the outputs store
    it was made from would hold 130 MiB in this process while it links (most of the
    time the build takes to reach the search index, its largest step in memory)."""
    output, listed, site = job
    return staging.link_site(output, site, read_paths(listed))


def staged_linked(job: tuple[str, str, str, str]) -> None:
    """The site made at ``staged`` linked, file by file, into the new folder ``site`` (in
    place of whatever is there), but its folder ``aside``, which the build writes
    meanwhile (the search index): the site a first build keeps in the cache, linked by a
    fresh process (build.py). Each file linked is listed with its :func:`stat_of` in the
    file ``listed``, for :func:`files_listed`: a stat is one more system call here, on
    the core the build leaves to this process, where the build would look at every file
    of the site again (at 20,000 entries, 6.8 s for its 363,000 files). Written as they
    are linked, rather than held and handed back (25 MB there, and as much again to send
    it)."""
    staged, site, aside, listed = job
    staging.remove(site)  # a site kept for an earlier build, or one half linked
    with open(listed, "wb") as out:
        def paths() -> Iterator[str]:
            for relative, path in staging.files_under(staged, aside=aside):
                out.write(b"%s\0%d\0" % (relative.encode(*FILE_NAMES), stat_of(path)))
                yield relative
        staging.link_every(staged, site, paths(), link=staging.link_site)


def files_listed(listed: str | Path) -> dict[str, int]:
    """The files :func:`staged_linked` listed in the file ``listed``, with their size and
    time (FILES)."""
    parts = Path(listed).read_bytes().split(b"\0")
    return {path.decode(*FILE_NAMES): int(stat)
            for path, stat in zip(parts[0:-1:2], parts[1::2])}


def write_paths(path: Path, paths: Collection[str]) -> None:
    """``paths`` into the file ``path``, for :func:`read_paths`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes("\0".join(paths).encode(*FILE_NAMES))


def read_paths(path: str | Path) -> Iterator[str]:
    """The paths :func:`write_paths` wrote, one at a time: none of them is held once it
    is given."""
    data = Path(path).read_bytes()
    start = 0
    while start < len(data):
        end = data.find(b"\0", start)
        end = len(data) if end < 0 else end
        yield data[start:end].decode(*FILE_NAMES)
        start = end + 1


class Reuse:
    """What a build may keep from the previous one: the previous output folder, the keys
    its outputs were made from (by ``keys``) and the files it holds (FILES, asked of the
    store when needed). ``unlike`` gives those of its files that are not as written
    (unlike_written), when another process looked while this one worked; else they are
    looked at when first needed."""

    def __init__(self, store: Store, previous: Path | None, keys: Keys,
                 unlike: Callable[[], set[str]] | None = None):
        self.store = store
        self.previous = previous if previous is not None and previous.is_dir() else None
        self.keys = keys
        self._unlike = unlike
        self._unlike_found: set[str] | None = None
        self.kept = store.kept
        # Keys made with another salt (another code or Site) are none of this build's: they
        # are dropped before any worker is forked (about 40 MB at 20,000 entries, by count:
        # 363,000 digests and their mapping; the paths stay, the files' list holds them).
        # Then no output is kept by its key, and nothing asks for the files' list until
        # the site is assembled: it is set aside at once (see forking).
        if store.get(SALT) != keys.salt:
            store.old.pop(OUTPUT_KEYS, None)
            store.set_aside(FILES)
        self.old_outputs: dict[str, bytes] = store.get(OUTPUT_KEYS) or {}
        self.outputs: dict[str, bytes] = {}  # saved with the store
        store.put(OUTPUT_KEYS, self.outputs)
        store.put(SALT, keys.salt)

    def key(self, *parts) -> str:
        return self.keys.key(*parts)

    def keep_output(self, file: str, path: str, inputs: tuple) -> bool:
        """Record the key of the output at site path ``path`` (its file ``file``) made from
        ``inputs``; True when it was made from the same key last time and the file is
        still in the previous output as that build wrote it: it is kept. An unchanged key
        is recorded as the one read from the cache, so that the build holds one of the
        two (18 MB at 20,000 entries the next day)."""
        key = self.keys.file_key(path, inputs)
        old = self.old_outputs.get(file)
        if old != key:
            self.outputs[file] = key
            return False
        self.outputs[file] = old
        # The file of every output whose key the store holds is among the files it lists
        # (put_files saves both, of one site), so those not as written are all it takes.
        return self.previous is not None and file not in self.unlike()

    def forking(self) -> None:
        """Workers are about to be forked: the files' list, which the outputs do not need
        (keep_output asks for the files not as written only), is set aside until the site
        is assembled, rather than held in every worker (its mapping and numbers, about
        25 MiB for 383,000 files at 20,000 entries, which each worker's resident size
        counts again). It is read again once, after the outputs."""
        if self._unlike is None and self.old_outputs:  # no other process looks at them:
            self.unlike()  # they are looked at from the list now, if a key can be kept
        self.store.set_aside(FILES)

    def release(self) -> None:
        """The outputs are made: drop what only deciding them needed, the keys' fingerprints
        (every model object they saw) and the keys the build before recorded, with the
        store's copy. Their paths are the ones the published site's list held as read, so
        the list read again after the outputs (forking) holds the only copy."""
        self.keys = Keys(self.keys.salt)
        self.old_outputs = {}
        self.store.old.pop(OUTPUT_KEYS, None)

    def kept_outputs(self, written: Collection[str]) -> None:
        """Add to :attr:`kept` the outputs' files that are not among those ``written`` to
        the new site: those :meth:`keep_output` kept. Found once the outputs are made,
        rather than held in a set of their own while workers are forked."""
        self.kept.update(file for file in self.outputs if file not in written)

    def fresh(self, name, key: str, files: list[str]) -> bool:
        """True when ``name`` was made from ``key`` last time and each of its ``files``
        is still in the previous output as that build wrote it: they can stay."""
        old = self.store.get(name)
        return old is not None and old[0] == key and self._as_written(files)

    def _as_written(self, files) -> bool:
        """Whether each of ``files`` is in the previous output as the build before wrote it."""
        if self.previous is None:
            return False
        unlike, listed = self.unlike(), self.store.get(FILES) or {}
        return all(file in listed and file not in unlike for file in files)

    def unlike(self) -> set[str]:
        """The files of the previous output that are not as the build before wrote them."""
        if self._unlike_found is None:
            if self.previous is None:
                self._unlike_found = set()
            elif self._unlike is not None:
                self._unlike_found = self._unlike()
            else:
                self._unlike_found = unlike_written(str(self.previous),
                                                    self.store.get(FILES) or {})
        return self._unlike_found


def sources_of(catalog, digests: dict[tuple[str, str], str]) -> dict[int, tuple[object, str]]:
    """The model objects of ``catalog`` that came from files, with the files' digests
    (``digests`` by (kind, slug), as engine/reading.py records them): the courses,
    circles and organizations, and the topic vocabulary. A circle's holds what the build
    date decides of it too (``Circle.dated``), since the salt of the keys leaves the date
    out (build.write_outputs)."""
    out = {}
    for kind, objects in (("course", catalog.courses), ("circle", catalog.circles),
                          ("organization", catalog.organizations)):
        for slug, obj in objects.items():
            found = digests.get((kind, slug))
            if found is not None and kind == "circle":
                found = digest(found, repr(obj.dated(catalog.today)))
            if found is not None:
                out[id(obj)] = (obj, found)
    # The topic vocabulary came from content/topics.yaml (read as kind "topics").
    found = digests.get(("topics", "topics"))
    if found is not None and catalog.vocabulary.topics:
        out[id(catalog.vocabulary)] = (catalog.vocabulary, found)
    return out
