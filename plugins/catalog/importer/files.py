"""Writing what was imported: each file checked by the validator first, an invalid circle
to ``needs-review/`` (beside the content folder) with its problems at its top, and a
manifest that tells a file the importer wrote from one a person has edited since.

The manifest (``content/.p2pu-import.json``) holds, for each P2PU item, the file it was
written to and the SHA-256 of the bytes written. On the next import a file whose bytes
still have that digest is the importer's own and is brought up to date; a file whose
bytes differ was edited by a person and is left alone; a file that is gone was removed by
a person and is not made again. Each case is reported.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from .. import scaffold
from ..source.load import Document

MANIFEST = ".p2pu-import.json"


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Plan:
    """Files to write, by path relative to the content folder's parent, and what became of
    each item: ``outcomes[key]`` is one of written, updated, unchanged, edited, removed,
    needs-review."""

    content: Path
    manifest: dict
    writes: dict[Path, str] = field(default_factory=dict)
    outcomes: dict[str, tuple[str, Path]] = field(default_factory=dict)

    @classmethod
    def of(cls, content: Path) -> Plan:
        path = content / MANIFEST
        manifest = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        return cls(content, manifest)

    def owns(self, folder: str, slug: str) -> bool:
        """Whether an earlier import wrote the file ``slug`` of ``folder``."""
        return f"{folder}/{slug}.yaml" in {entry["path"] for entry in self.manifest.values()}

    def known_path(self, key: str) -> Path | None:
        """Where an item was written by an earlier import."""
        entry = self.manifest.get(key)
        return self.content / entry["path"] if entry else None

    def place(self, key: str, path: Path, text: str) -> str:
        """Write ``text`` at ``path`` for the item ``key`` unless a person has changed or
        removed the file written there before; what became of it."""
        entry = self.manifest.get(key)
        if entry is not None and entry["path"] == _relative(path, self.content):
            if not path.exists():
                return self._outcome(key, "removed", path)
            current = path.read_text(encoding="utf-8")
            if digest(current) != entry["sha256"]:
                return self._outcome(key, "edited", path)
            if current == text:
                return self._outcome(key, "unchanged", path)
            self._write(key, path, text)
            return self._outcome(key, "updated", path)
        self._write(key, path, text)
        return self._outcome(key, "written", path)

    def review(self, key: str, path: Path, text: str) -> str:
        self.writes[path] = text
        return self._outcome(key, "needs-review", path)

    def _write(self, key: str, path: Path, text: str) -> None:
        self.writes[path] = text
        self.manifest[key] = {"path": _relative(path, self.content), "sha256": digest(text)}

    def _outcome(self, key: str, what: str, path: Path) -> str:
        self.outcomes[key] = (what, path)
        return what

    def commit(self) -> None:
        """Write every planned file, then the manifest."""
        for path, text in self.writes.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        (self.content / MANIFEST).write_text(
            json.dumps(self.manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def _relative(path: Path, content: Path) -> str:
    return path.relative_to(content).as_posix()


def problems_of(kind: str, slug: str, text: str, others: list[Document]) -> list[str]:
    """What the validator says of ``text`` as the file ``slug``.yaml, among ``others``
    (every other file of the content, and those being imported, for references)."""
    return [line.split(": ", 1)[1] if ": " in line else line
            for line in scaffold.check_text(kind, slug, text, others)]


def with_problems(text: str, problems: list[str]) -> str:
    """A file for needs-review/: its problems as YAML comments above it."""
    head = ["# Not imported into the catalog: fix what is listed, then move this file to",
            "# content/circles/ (make validate checks it there).", "#"]
    head += [f"# - {line}" for problem in problems for line in problem.splitlines()]
    return "\n".join(head) + "\n" + text
