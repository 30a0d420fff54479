"""What a build keeps for the next one, so that changing one circle rebuilds little.

- **Documents**: each content file that validated, under the digest of its bytes. An
  unchanged file is neither parsed nor validated again (references between files are
  still checked every time: they are cheap and cross files).
- **Outputs**: for each page or file written, a key made from everything that went into
  it (its context, the templates, the code and the settings). When the key is unchanged
  and the previous output still holds the file, the file is hard-linked from there
  instead of rendered: the previous site is replaced only after the new one is complete,
  and a link survives that replacement.

The cache lives beside the output folder (``.output-cache/`` for ``output/``). Deleting it
only makes the next build a full one. It is written only after a build succeeded.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import shutil
from pathlib import Path

log = logging.getLogger(__name__)

VERSION = 1
ROOT = Path(__file__).resolve().parents[2]


def folder_for(output: Path) -> Path:
    return output.parent / f".{output.name}-cache"


def digest(*parts: bytes | str) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part.encode() if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


def code_digest(theme: Path) -> str:
    """The plugin's code and the theme's templates and static files: a change to either
    renders everything again."""
    files = sorted((ROOT / "plugins" / "catalog").glob("*.py")) + sorted(
        p for p in theme.rglob("*") if p.is_file())
    return digest(*(p.read_bytes() for p in files), str(VERSION))


class Store:
    """One pickle file of a mapping, read at the start of a build and written at its end."""

    def __init__(self, path: Path | None):
        self.path = path
        self.old: dict = {}
        self.new: dict = {}
        if path is not None and path.is_file():
            try:
                with path.open("rb") as f:
                    stored = pickle.load(f)
                if stored.get("version") == VERSION:
                    self.old = stored["items"]
            except Exception:  # a damaged cache is only a slower build
                log.warning("catalog: ignoring the unreadable cache %s", path)

    def get(self, key):
        return self.old.get(key)

    def put(self, key, value) -> None:
        self.new[key] = value

    def save(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_suffix(".partial")
        with partial.open("wb") as f:
            pickle.dump({"version": VERSION, "items": self.new}, f, pickle.HIGHEST_PROTOCOL)
        partial.replace(self.path)


def reuse(previous: Path | None, output: Path, path: str) -> bool:
    """Hard-link ``path`` from the previous output into ``output`` (copy where links are
    not possible); False when the previous output does not have it."""
    if previous is None:
        return False
    source, target = previous / path, output / path
    if not source.is_file():
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
    return True


class Reuse:
    """What a build may take from the previous one: the previous output folder, the keys
    its outputs were made from, and this build's salt (code, theme and settings)."""

    def __init__(self, store: Store, previous: Path | None, salt: str):
        self.store = store
        self.previous = previous if previous is not None and previous.is_dir() else None
        self.salt = salt
        self.seen: dict[int, tuple[object, str]] = {}

    def key(self, *parts) -> str:
        return digest(self.salt, *(self.fingerprint(p) for p in parts))

    def fingerprint(self, value) -> str:
        """A text that changes whenever ``value`` does. The model's objects are frozen, so
        each one's is computed once per build, however many pages show it."""
        if isinstance(value, (str, int, float, bool, type(None))):
            return repr(value)
        if isinstance(value, dict):
            return "{" + ",".join(f"{self.fingerprint(k)}:{self.fingerprint(v)}"
                                  for k, v in value.items()) + "}"
        if isinstance(value, (tuple, list)):
            return "(" + ",".join(self.fingerprint(v) for v in value) + ")"
        known = self.seen.get(id(value))
        if known is None or known[0] is not value:
            known = (value, digest(repr(value)))
            self.seen[id(value)] = known
        return known[1]

    def fresh(self, name, key: str, output: Path, files: list[str]) -> bool:
        """True when ``name`` was made from ``key`` last time and every one of its
        ``files`` could be taken from the previous output."""
        if self.store.get(name) is None or self.store.get(name)[0] != key:
            return False
        return all(reuse(self.previous, output, f) for f in files)
