"""What a search bundle is kept by (engine/pagefind.plan): the memo's keys of its records,
in order, which change whenever anything a record is made from does; and which records a
plan asks for."""

from __future__ import annotations

from types import SimpleNamespace

from catalog.engine import pagefind
from catalog.engine.pagefind import Entry, keys_digest
from catalog.outputs.search import Record


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
