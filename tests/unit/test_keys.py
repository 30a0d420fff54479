"""The keys of what outputs are made from (engine.cache.Keys): what changes them, and what
a build holds to make them."""

from dataclasses import dataclass

import pytest

from catalog.build import files_of
from catalog.engine import cache
from catalog.engine.cache import (FILES, OUTPUT_KEYS, SALT, STAMP, DigestStore, Keys,
                                  Reuse, Store, put_files)
from catalog.engine.parallel import MIN_ITEMS
from catalog.engine.staging import paths_under
from catalog.engine.writer import Memo, write_outputs
from catalog.outputs.output import Output, remembered


@dataclass(frozen=True)
class Entry:
    title: str


def test_a_key_changes_with_any_item_of_its_tuples_and_only_then():
    keys = Keys("salt")
    shared = (Entry("a"), Entry("b"))
    first = keys.key("file", "/x/", ("en", "page.html", shared))
    assert keys.key("file", "/x/", ("en", "page.html", (Entry("a"), Entry("b")))) == first
    assert keys.key("file", "/x/", ("es", "page.html", shared)) != first
    assert keys.key("file", "/x/", ("en", "page.html", (Entry("a"), Entry("c")))) != first
    assert Keys("other salt").key("file", "/x/", ("en", "page.html", shared)) != first


def test_a_file_s_key_is_the_general_key_of_its_inputs_in_raw_bytes():
    """The key of each of a site's files is made by a shorter path than Keys.key: the
    same text hashed, so a cache made by either is read by the other."""
    keys = Keys("salt")
    shared = (Entry("a"), Entry("b"))
    for path, inputs in [("/x/", ("en", ("page.html", shared, ()))),
                         ("/es/x/", ("es", ("page.html", shared, ()))),
                         ("/feeds/x.xml", (shared, "2027-03-10", 3, None, {"a": [1.5]})),
                         ("/sitemap.xml", ((),)), ("/y/", ())]:
        general = bytes.fromhex(keys.key("file", path, inputs))
        assert keys.file_key(path, inputs) == general
        assert len(general) == 16
    assert keys.file_key("/x/", ("en", shared)) != keys.file_key("/x/", ("es", shared))
    assert keys.file_key("/x/", ("en", shared)) != keys.file_key("/y/", ("en", shared))
    assert keys.file_key("/x/", ("en", shared)) != Keys("other").file_key("/x/", ("en", shared))


def test_a_key_s_own_tuple_is_not_held_but_the_tuples_it_shares_are():
    """An output's inputs are a new tuple for each page in each language: holding each one
    with its fingerprint grew the build by tens of megabytes a language. The tuples in it
    that many pages share (a listing's circles) are fingerprinted once."""
    keys = Keys("salt")
    shared = (Entry("a"), Entry("b"))
    inputs = [("en", "page.html", shared), ("es", "page.html", shared)]
    for own in inputs:
        keys.key("file", "/x/", own)
    held = {id(value) for value, _ in keys.seen.values()}
    assert id(shared) in held
    assert not held & {id(own) for own in inputs}
    # A tuple fingerprinted on its own, or inside another, gives the same text.
    assert keys.fingerprint(("en", "page.html", shared)) == keys._fingerprint_items(inputs[0])


def outputs(titles: dict[str, str]) -> list[Output]:
    return [Output(path, ("en", Entry(title)), lambda title=title: title)
            for path, title in titles.items()]


def test_a_rebuild_holds_one_copy_of_each_unchanged_key_and_no_second_set_of_files(tmp_path):
    """What a rebuild holds for its outputs is held through every fork of its workers, and
    each worker's resident size counts it again: an unchanged output's key is the bytes
    read from the cache, the files made are the keys' own paths, and the files kept are
    found once the outputs are written."""
    titles = {"/a/": "A", "/b/": "B", "/c/": "C"}
    previous, store = tmp_path / "previous", Store(tmp_path / "outputs.pickle")
    write_outputs(outputs(titles), previous, Reuse(store, None, Keys("s")), Memo(Keys("s")))
    put_files(store, files_of(previous))
    store.save()

    store = Store(tmp_path / "outputs.pickle")
    reuse, new = Reuse(store, previous, Keys("s")), tmp_path / "new"
    made = write_outputs(outputs(titles | {"/b/": "B, changed", "/d/": "D"}), new, reuse,
                         Memo(Keys("s")))
    old = store.get(OUTPUT_KEYS)
    assert sorted(made) == ["a/index.html", "b/index.html", "c/index.html", "d/index.html"]
    assert made == reuse.outputs.keys()
    assert reuse.outputs["a/index.html"] is old["a/index.html"]
    assert reuse.outputs["c/index.html"] is old["c/index.html"]
    assert reuse.outputs["b/index.html"] != old["b/index.html"]
    assert reuse.kept == set()
    written = paths_under(new)
    assert sorted(written) == ["b/index.html", "d/index.html"]
    reuse.kept_outputs(set(written))
    assert reuse.kept == {"a/index.html", "c/index.html"}


def test_a_rebuild_with_another_salt_holds_none_of_the_keys_made_with_the_old_one(
        tmp_path, monkeypatch):
    """After a change of code or of the Site, no output's key can be the one recorded:
    the recorded ones are dropped before any output is made (they would be held through
    every fork), and the site's files, which the rebuild needs only once the outputs are
    made, are set aside and read again from the store's file when asked for."""
    titles = {"/a/": "A", "/b/": "B"}
    previous, store = tmp_path / "previous", Store(tmp_path / "outputs.pickle")
    write_outputs(outputs(titles), previous, Reuse(store, None, Keys("s")), Memo(Keys("s")))
    put_files(store, files_of(previous))
    store.save()

    same = Store(tmp_path / "outputs.pickle")
    assert Reuse(same, previous, Keys("s")).old_outputs.keys() == {"a/index.html",
                                                                  "b/index.html"}
    other = Store(tmp_path / "outputs.pickle")
    reuse = Reuse(other, previous, Keys("other salt"))
    assert reuse.old_outputs == {} and OUTPUT_KEYS not in other.old
    assert FILES not in other.old
    reads = []
    monkeypatch.setattr(cache, "_read_items", lambda path: reads.append(path))
    reuse.forking()  # no key can be kept: nothing to look at in the list before a fork
    assert reads == [] and FILES in other.aside
    monkeypatch.undo()
    new = tmp_path / "new"
    write_outputs(outputs(titles), new, reuse, Memo(Keys("other salt")))
    assert other.get(FILES).keys() == {"a/index.html", "b/index.html"}
    assert sorted(paths_under(new)) == ["a/index.html", "b/index.html"], "all made again"
    put_files(other, files_of(new))
    other.save()
    again = Store(tmp_path / "outputs.pickle")
    assert again.get(SALT) == "other salt"
    assert Reuse(again, new, Keys("other salt")).old_outputs == reuse.outputs


@pytest.mark.parametrize("looked_at_beside", [True, False])
def test_a_rebuild_that_forks_workers_sets_the_files_aside_and_keeps_only_what_is_as_written(
        tmp_path, looked_at_beside):
    """Workers forked for a batch would each hold the published site's list of files
    again: it is set aside at the first fork and read again once, after the outputs. The
    batches after it still keep an unchanged output only where its file is as written:
    as another process found (a build), or as looked at before the list was set aside."""
    many = {f"/one/{n}/": ("one", f"page {n}") for n in range(MIN_ITEMS + 6)}
    few = {"/two/a/": ("two", "A"), "/two/b/": ("two", "B"), "/two/c/": ("two", "C")}

    def batches(changed: str) -> list[Output]:
        return [Output(path, ("en", Entry(title + (changed if batch == "one" else ""))),
                       lambda title=title: title, batch)
                for path, (batch, title) in (many | few).items()]

    previous, store = tmp_path / "previous", Store(tmp_path / "outputs.pickle")
    write_outputs(batches(""), previous, Reuse(store, None, Keys("s")), Memo(Keys("s")))
    put_files(store, files_of(previous))
    store.save()
    listed = store.new[FILES]
    (previous / "two" / "b" / "index.html").write_text("edited since")
    (previous / "two" / "c" / "index.html").unlink()

    store = Store(tmp_path / "outputs.pickle")
    unlike = {"two/b/index.html", "two/c/index.html"}
    reuse = Reuse(store, previous, Keys("s"), (lambda: unlike) if looked_at_beside else None)
    new = tmp_path / "new"
    write_outputs(batches(", changed"), new, reuse, Memo(Keys("s")), jobs=2)
    assert FILES not in store.old and FILES in store.aside, "set aside, not read again"
    assert reuse.unlike() == unlike
    written = paths_under(new)
    assert sorted(p for p in written if p.startswith("two/")) == ["two/b/index.html",
                                                                 "two/c/index.html"]
    assert len(written) == len(many) + 2
    reuse.release()  # the outputs' old keys go before the list is read again
    assert OUTPUT_KEYS not in store.old and reuse.old_outputs == {}
    reuse.kept_outputs(set(written))
    assert reuse.kept == {"two/a/index.html"}
    assert store.get(FILES) == listed and not store.aside, "read again once asked for"


def test_a_value_set_aside_is_read_again_once_or_is_none_when_its_file_is_damaged(
        tmp_path, caplog):
    path = tmp_path / "outputs.pickle"
    store = Store(path)
    store.put(FILES, {"a/index.html": 1})
    store.put(SALT, "s")
    store.save()
    kept, damaged, unsaved = Store(path), Store(path), Store(None)
    for held in (kept, damaged):
        held.set_aside(FILES)
        assert FILES not in held.old and held.get(SALT) == "s"
    assert kept.get(FILES) == {"a/index.html": 1} and kept.old[FILES] is kept.get(FILES)
    path.write_bytes(b"damaged")
    assert damaged.get(FILES) is None and damaged.get(FILES) is None
    assert caplog.text.count("ignoring the unreadable cache") == 1, "read again only once"
    unsaved.put(FILES, {})
    unsaved.set_aside(FILES)  # a store without a file has nothing to read again
    assert unsaved.get(FILES) is None and not unsaved.aside


def test_a_store_read_when_asked_leaves_out_what_was_set_aside_before_and_takes_a_value(
        tmp_path, monkeypatch):
    """A store read ``when_asked`` reads its file at the first get, not before; a key set
    aside before that is left out of what it then holds, and read again once asked for.
    ``take`` gives a value and forgets it."""
    import catalog.engine.cache as cache_module
    path = tmp_path / "site.pickle"
    store = Store(path)
    store.put(FILES, {"a/index.html": 1})
    store.put("differs", {"a/index.html"})
    store.save()
    reads = []
    real = cache_module._read_items
    monkeypatch.setattr(cache_module, "_read_items", lambda p: reads.append(p) or real(p))
    lazy = Store(path, when_asked=True)
    lazy.set_aside(FILES)
    assert reads == [] and FILES in lazy.aside, "set aside without reading the file"
    assert lazy.take("differs") == {"a/index.html"} and len(reads) == 1
    assert lazy.old == {}, "neither the value taken nor the one set aside is held"
    assert lazy.get("differs") is None and len(reads) == 1
    assert lazy.get(FILES) == {"a/index.html": 1} and len(reads) == 2 and not lazy.aside
    assert Store(None, when_asked=True).get(FILES) is None and len(reads) == 2
    asked = Store(path, when_asked=True)
    asked.set_aside(FILES)
    assert asked.get(FILES) == {"a/index.html": 1} and len(reads) == 3, (
        "a key set aside and then asked for first is read with the rest, once")
    assert asked.get("differs") == {"a/index.html"} and len(reads) == 3 and not asked.aside


def test_a_digest_store_of_another_stamp_is_not_read_and_is_replaced_when_saved(tmp_path):
    """The memo and the rendered Markdown are keyed with the salt and the code: saved with
    another, none of their keys can be asked for, so their files are not read (and the
    build holds one memo, not two); a damaged file is replaced too. Files and stamp that
    disagree (a build stopped while saving) only make a slower build."""
    folder = tmp_path / "memo"
    first = DigestStore(folder, stamp="one")
    first.new = {"aa1": 1, "ab2": 2}
    first.save()
    assert (folder / STAMP).read_text() == "one"
    assert dict(DigestStore(folder, stamp="one").items()) == {"aa1": 1, "ab2": 2}
    assert dict(DigestStore(folder).items()) == {"aa1": 1, "ab2": 2}, (
        "a store made without a stamp reads its files, whatever stamp they hold")

    other = DigestStore(folder, stamp="two")
    assert dict(other.items()) == {} and other.get("aa1") is None
    other.new = {"ab3": 3}
    other.save()
    assert sorted(p.name for p in folder.iterdir()) == ["ab.pickle", STAMP]
    assert dict(DigestStore(folder, stamp="two").items()) == {"ab3": 3}
    assert dict(DigestStore(folder, stamp="one").items()) == {}

    (folder / "ab.pickle").write_bytes(b"damaged")
    (folder / "cd.pickle").write_bytes(b"damaged")
    damaged = DigestStore(folder, stamp="two")
    assert dict(damaged.items()) == {}
    damaged.new = {"ef4": 4}
    damaged.save()
    assert sorted(p.name for p in folder.iterdir()) == ["ef.pickle", STAMP]

    (folder / STAMP).unlink()  # stopped before the stamp was written
    assert dict(DigestStore(folder, stamp="two").items()) == {}
    assert dict(DigestStore(folder).items()) == {"ef4": 4}


def test_a_digest_store_reads_a_value_when_asked_and_copies_a_kept_one_unread(tmp_path):
    """Only each file's index is read when the store is made: a value is read from its
    file when asked for. What the build neither put nor kept is gone after a save; a
    kept value is copied as it is into the file written in its place, and a file whose
    keys did not change is not written again."""
    folder = tmp_path / "memo"
    first = DigestStore(folder, stamp="s")
    first.new = {"aa1": "one", "aa2": "two", "aa3": "a third", "ab3": "three", "cd4": "four"}
    first.save()
    untouched = (folder / "cd.pickle").stat()

    store = DigestStore(folder, stamp="s")
    assert "aa1" in store and "aa9" not in store and store.get("aa9") is None
    # The value is read from the file when asked for, not when the store was made.
    data = (folder / "aa.pickle").read_bytes()
    (folder / "aa.pickle").write_bytes(data.replace(b"one", b"ONE"))
    assert store.get("aa1") == "ONE" and store.get("aa2") == "two"

    store.keep("aa1")  # kept unread: copied as it is
    store.keep("aa3")
    store.keep("aa9")  # not in the files: nothing to keep
    store.put("aa5", "five")  # the aa file is written again
    store.keep("cd4")  # the cd file holds the same keys: not written again
    assert store.new == {"aa5": "five"}, "what is kept is not read"
    store.save()
    assert dict(DigestStore(folder, stamp="s").items()) == {
        "aa1": "ONE", "aa3": "a third", "aa5": "five", "cd4": "four"}, (
        "aa2 and ab3 neither put nor kept")
    assert not (folder / "ab.pickle").exists()
    kept = (folder / "cd.pickle").stat()
    assert (kept.st_ino, kept.st_mtime_ns) == (untouched.st_ino, untouched.st_mtime_ns)
    # The store saved reads what it wrote.
    assert store.get("aa5") == "five" and store.get("aa1") == "ONE"


def test_a_digest_store_whose_file_is_damaged_or_gone_only_makes_values_again(
        tmp_path, caplog):
    """A file cut short, a value that cannot be read and a cache deleted while the build
    runs give no value (said once per file), and nothing of them is saved: the values are
    made again, and a file that held one made again is written again, whatever else it
    holds."""
    folder = tmp_path / "memo"
    first = DigestStore(folder)
    first.new = {"aa1": "one" * 100, "ab2": "two" * 100, "ab3": "three", "cd4": "four",
                 "ef6": "six"}
    first.save()
    data = (folder / "aa.pickle").read_bytes()
    (folder / "aa.pickle").write_bytes(data[:-10])  # cut short
    data = (folder / "ab.pickle").read_bytes()
    (folder / "ab.pickle").write_bytes(data.replace(b"two" * 100, b"\xff" * 300))

    store = DigestStore(folder)
    assert "aa1" not in store and store.get("aa1") is None
    assert "ab2" in store and store.get("ab2") is None and store.get("ab2") is None
    assert store.get("ab3") == "three", "the file's other values are read"
    assert [r.getMessage() for r in caplog.records] == [
        f"catalog: ignoring the unreadable cache {folder / 'aa.pickle'}",
        f"catalog: ignoring the unreadable cache {folder / 'ab.pickle'}"]
    store.put("ab2", "two, made again")  # the ab file's keys are the same: written again
    store.keep("ab3")
    store.keep("cd4")
    store.put("cd5", "five")
    store.keep("ef6")
    (folder / "cd.pickle").unlink()  # the cache deleted meanwhile
    (folder / "ef.pickle").unlink()
    assert store.get("ef6") is None
    store.save()
    saved = {"ab2": "two, made again", "ab3": "three", "cd5": "five"}
    assert dict(DigestStore(folder).items()) == saved
    assert sorted(p.name for p in folder.iterdir()) == ["ab.pickle", "cd.pickle"]
    store.save()  # again: what it could not copy is still left out
    assert dict(DigestStore(folder).items()) == saved


@pytest.mark.parametrize("leaves", [True, False])
def test_what_a_kept_output_left_in_the_memo_is_kept_for_the_build_that_needs_it(
        tmp_path, leaves):
    """The memo saves only what a build asked for or made. A circle's calendar leaves its
    events for /circles.ics: when a build keeps both, nothing asks for the events, and the
    build after it, which makes /circles.ics again, would make the events again. A value
    named in a kept output's ``leaves`` is kept for it."""
    made, previous = [], tmp_path / "previous"

    def build(listed: str, folder) -> None:
        """One build with the cache of the one before: /a/calendar.ics leaves the events
        of "a", which /calendar.ics, listing ``listed`` too, reads."""
        memo = Memo(Keys("s"), DigestStore(tmp_path / "memo", stamp="s"))

        def leave():
            made.append("left")
            memo[("events", "a")] = b"EVENTS OF A"
            return "a"

        def read():
            return remembered(memo, ("events", "a"), lambda: made.append("again")
                              or b"EVENTS OF A").decode() + listed
        store = Store(tmp_path / "outputs.pickle")
        write_outputs([Output("/a/calendar.ics", ("a",), leave, "one",
                              leaves=((("events", "a"),) if leaves else ())),
                       Output("/calendar.ics", ("a", listed), read, "many")],
                      folder, Reuse(store, None if folder == previous else previous,
                                    Keys("s")), memo)
        memo.store.save()
        put_files(store, files_of(previous))  # the kept files stay those of the first
        store.save()

    build(" and b", previous)
    assert made == ["left"] and (previous / "calendar.ics").read_text() == "EVENTS OF A and b"
    build(" and b", tmp_path / "kept")
    assert not (tmp_path / "kept").exists(), "both kept: nothing asked for the events"
    build(" and c", tmp_path / "changed")
    assert (tmp_path / "changed/calendar.ics").read_text() == "EVENTS OF A and c"
    assert not (tmp_path / "changed/a").exists()
    # Without ``leaves`` (the control), the value is made again: the test can fail.
    assert made == (["left"] if leaves else ["left", "again"])


def test_the_records_of_circles_on_a_topic_hold_one_named_term_which_is_fingerprinted_once(site):
    """Each circle's search record names its course's topics: one object per topic, which
    the keys fingerprint once a build (a new one per record made 35,000 fingerprints at
    20,000 entries, before the search index of a rebuild could start)."""
    from catalog.outputs import search
    site.circle()
    site.circle(name="circles/other.yaml")
    catalog = site.catalog()
    inputs = [search.record_inputs(catalog, circle) for circle in catalog.circles.values()]
    topics = [topics for _, _, topics, _ in inputs]  # (circle, course, topics, organization)
    assert len(topics) == 2 and [t.name for t in topics[0]] == ["programming", "python"]
    assert all(a is b for a, b in zip(*topics))
    assert [t.items for t in topics[0]] == [(), ()]
    keys = Keys("salt")
    for one in inputs:
        keys.key("memo", "record", *one)
    named = [value for value, _ in keys.seen.values() if any(value is t for t in topics[0])]
    assert len(named) == 2
