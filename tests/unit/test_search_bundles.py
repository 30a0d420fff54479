"""What a search bundle is kept by (engine/pagefind.plan): the memo's keys of its records,
in order, which change whenever anything a record is made from does; which records a
plan asks for; and which files of a bundle made again are written (write_files)."""

from __future__ import annotations

import base64
import os
from types import SimpleNamespace

from catalog.engine import pagefind
from catalog.engine.pagefind import Entry, keys_digest
from catalog.outputs.search import Record
from helpers import deadline


def test_each_key_its_order_and_their_number_change_the_digest():
    assert keys_digest(["a1", "b2"]) != keys_digest(["a1", "b3"])
    assert keys_digest(["a1", "b2"]) != keys_digest(["b2", "a1"])
    assert keys_digest(["a1"]) != keys_digest(["a1", "a1"])
    assert keys_digest(["a1", "b2"]) != keys_digest(["a1b2"]), "keys are kept apart"
    assert keys_digest(["a1", "b2"]) == keys_digest(["a1", "b2"])


class Previous:
    """The cache of a build that made each bundle from ``keys`` (its name: its key)."""

    def __init__(self, keys: dict[str, str]):
        self.store = SimpleNamespace(get=lambda name: (keys[name[1]], (f"{name[1]}/f",))
                                     if name[1] in keys else None)
        self.keys = keys

    @staticmethod
    def key(*parts) -> str:
        return "|".join(parts)

    def fresh(self, name, key, files) -> bool:
        return self.keys.get(name[1]) == key


def entry(url: str, type: str, status: str | None, asked: list) -> Entry:
    record = Record(url, url, {}, {"type": [type]}, {})
    return Entry(type, status, f"key of {url}", lambda: asked.append(url) or record)


def test_only_the_records_of_a_bundle_made_again_are_asked_for():
    asked, kept = [], []
    entries = [entry("/circles/a/", "circle", "upcoming", asked),
               entry("/circles/b/", "circle", "completed", asked),
               entry("/courses/c/", "course", None, asked),
               entry("/organizations/d/", "organization", None, asked)]
    made_from = {"circles": "bundle|" + keys_digest(["key of /circles/a/"]),
                 "past-circles": "bundle|" + keys_digest(["key of /circles/b/"]),
                 "courses": "bundle|" + keys_digest(["key of /courses/c/"])}
    planned = pagefind.plan(entries, Previous(made_from), kept.append)
    assert [(p.bundle.name, p.entries, [r.url for r in p.held], p.kept) for p in planned] == [
        ("circles", 1, [], ("circles/f",)),
        ("past-circles", 1, [], ("past-circles/f",)),
        ("courses", 2, ["/courses/c/", "/organizations/d/"], None)]
    assert asked == ["/courses/c/", "/organizations/d/"], "a kept bundle's are not read"
    assert kept == ["key of /circles/a/", "key of /circles/b/"], (
        "the memo keeps a kept bundle's records for the build that makes it again")
    asked.clear(), kept.clear()
    assert pagefind.plan(entries, Previous(made_from), kept.append, most=1) is not None
    asked.clear(), kept.clear()
    assert pagefind.plan(entries, Previous(made_from), kept.append, most=0) is None, (
        "more bundles to make than asked for")
    assert asked == kept == [], "nothing is read or kept for a plan not made"


def test_without_a_cache_every_record_is_asked_for():
    asked = []
    entries = [entry("/circles/a/", "circle", "in-progress", asked),
               entry("/courses/c/", "course", None, asked)]
    planned = pagefind.plan(entries)
    assert [(p.bundle.name, [r.url for r in p.held], p.kept) for p in planned] == [
        ("circles", ["/circles/a/"], None), ("past-circles", [], None),
        ("courses", ["/courses/c/"], None)]
    assert asked == ["/circles/a/", "/courses/c/"]


def test_a_bundle_is_written_less_the_chunks_published_as_they_are(tmp_path):
    """A chunk or fragment the published bundle holds byte for byte is not written (its
    path is returned, to be kept as published); one that differs in its bytes or size,
    one not there, a link, a folder or a pipe there, the entry file and the scripts
    are."""
    published, target = tmp_path / "published", tmp_path / "new"
    for name, content in {"pagefind-entry.json": b"{}", "fragment/a.pf": b"a",
                          "fragment/b.pf": b"old", "fragment/e.pf": b"e", "real": b"c"}.items():
        (published / name).parent.mkdir(parents=True, exist_ok=True)
        (published / name).write_bytes(content)
    (published / "index").mkdir()
    os.symlink(published / "real", published / "index" / "c.pf")
    (published / "index" / "folder.pf").mkdir()
    os.mkfifo(published / "index" / "pipe.pf")  # opened, it would wait for a writer
    made = {"pagefind-entry.json": b"{}", "fragment/a.pf": b"a", "fragment/b.pf": b"new",
            "fragment/e.pf": b"ee", "index/c.pf": b"c", "fragment/d.pf": b"d",
            "index/folder.pf": b"f", "index/pipe.pf": b"p", "pagefind-ui.js": b"unused"}
    files = [{"path": name, "content": base64.b64encode(content).decode()}
             for name, content in made.items()]
    # Opening the pipe to read would wait for a writer: fail instead of hanging.
    with deadline(10, "a writer of the published pipe"):
        assert pagefind.write_files(target, files, published) == ["fragment/a.pf"]
    written = {str(p.relative_to(target)): p.read_bytes() for p in target.rglob("*")
               if p.is_file()}
    assert written == {name: content for name, content in made.items()
                       if name not in ("fragment/a.pf", "pagefind-ui.js")}
    assert pagefind.write_files(tmp_path / "first", files) == [], "with none published"
    assert len(list((tmp_path / "first").rglob("*.pf"))) == 7


def test_a_bundle_written_again_where_its_folders_were_removed_makes_them_again(tmp_path):
    """The bundles' folder is removed before they are written (write_plan): a folder this
    process made for the bundle before, and remembers making, is made again."""
    import shutil
    files = [{"path": name, "content": base64.b64encode(b"x").decode()}
             for name in ("pagefind-entry.json", "fragment/a.pf", "index/deep/b.pf")]
    target = tmp_path / "pagefind" / "circles"
    for _ in range(2):
        shutil.rmtree(tmp_path / "pagefind", ignore_errors=True)
        assert pagefind.write_files(target, files) == []
        assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*")
                      if p.is_file()) == ["fragment/a.pf", "index/deep/b.pf",
                                          "pagefind-entry.json"]
