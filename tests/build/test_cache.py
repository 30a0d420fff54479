"""Rebuilds reuse what did not change: files are neither parsed nor rendered again, yet
the site is exactly what a fresh build makes."""

from __future__ import annotations

import shutil
import weakref
from pathlib import Path

import pytest

from catalog.source.problems import BuildFault, ContentErrors
from test_build import reproducible, tree


def inode(root, path: str) -> int:
    return (root / path).stat().st_ino


def assert_no_staging_folder(site) -> None:
    assert sorted(p.name for p in site.root.iterdir() if p.name.startswith(".output")) == [
        ".output-cache", ".output.lock"], "no staging folder is left behind"


def assert_equals_a_fresh_build(site, build, rebuilt) -> None:
    cached = tree(rebuilt.root)
    shutil.rmtree(site.root / ".output-cache")
    assert reproducible(cached) == reproducible(tree(build().root))


def built_with_two_circles(site, build):
    site.circle()
    site.circle(("title: Python at the Library", "title: Other circle"), name="circles/d.yaml")
    return build()


def change_the_other_circle(site) -> None:
    site.circle(("title: Python at the Library", "title: Changed circle"), name="circles/d.yaml")


def test_rebuild_after_one_change_equals_a_fresh_build(site, build, monkeypatch):
    first = built_with_two_circles(site, build)
    kept = {p: inode(first.root, p) for p in ("circles/c/index.html", "circles/c/calendar.ics",
                                              "courses/py4e/index.html")}
    reads = []
    import catalog.engine.reading as reading
    real_read = reading.read_file
    monkeypatch.setattr(reading, "read_file", lambda *a: reads.append(a[0].name) or real_read(*a))
    import catalog.outputs.api as api_module
    encoded, real_object = [], api_module.circle_object
    monkeypatch.setattr(api_module, "circle_object",
                        lambda c, *rest: encoded.append(c.slug) or real_object(c, *rest))
    change_the_other_circle(site)
    second = build()
    assert reads == ["d.yaml"], "only the changed file is parsed and validated"
    assert encoded == ["d"], "only the changed circle is encoded again for the API"
    assert "Changed circle" in second.html("/circles/d/")
    assert "Changed circle" in (second.root / "circles/d/calendar.ics").read_text()
    assert "Changed circle" in (second.root / "circles.ics").read_text()
    assert "Changed circle" in second.html("/courses/py4e/"), "pages that list it change too"
    assert inode(second.root, "circles/c/index.html") == kept["circles/c/index.html"]
    assert inode(second.root, "circles/c/calendar.ics") == kept["circles/c/calendar.ics"]
    assert inode(second.root, "courses/py4e/index.html") != kept["courses/py4e/index.html"]
    cached = tree(second.root)
    shutil.rmtree(site.root / ".output-cache")
    fresh = tree(build().root)
    assert reproducible(cached) == reproducible(fresh)


def test_the_cache_keeps_each_file_and_output_in_short_form(site, build):
    # Every file of the site and the key of each output (383,000 files at 20,000 entries
    # in nine languages) are held through a whole rebuild: two mappings of the same path
    # strings, to one number each (size and time) and to a raw digest.
    import pickle
    from catalog.engine import cache
    site.circle()
    built = build()
    with (site.root / ".output-cache/outputs.pickle").open("rb") as f:
        items = pickle.load(f)["items"]
    files, keys = items[cache.FILES], items[cache.OUTPUT_KEYS]
    bundles = {name for name in items if isinstance(name, tuple) and name[0] == "bundle"}
    assert set(items) == {cache.FILES, cache.OUTPUT_KEYS, cache.SALT} | bundles and bundles, (
        set(items))
    assert isinstance(items[cache.SALT], str)
    assert set(files) == set(tree(built.root))
    for path in ("circles/c/index.html", "es/circles/c/index.html", "circles/c/calendar.ics"):
        info = (built.root / path).stat()
        assert files[path] == cache.stat_of(built.root / path)
        assert cache.size_of(files[path]) == info.st_size and files[path] >> 48 == info.st_mtime_ns
        assert path in keys
    assert all(isinstance(key, bytes) and len(key) == 16 for key in keys.values())
    assert len(keys) == len(set(keys.values())), "each output has a key of its own"
    same = {path: path for path in files}
    assert all(same[path] is path for path in keys), "the file holds each path once"


def test_a_setting_change_renders_everything_again(site, build, monkeypatch):
    site.circle()
    first = build()
    before = inode(first.root, "circles/c/index.html")
    monkeypatch.setenv("SITEURL", "https://circles.example.org")
    second = build()
    assert inode(second.root, "circles/c/index.html") != before
    assert 'href="https://circles.example.org/courses/py4e/"' in second.html("/circles/c/")


def test_a_damaged_cache_is_only_a_slower_build(site, build):
    site.circle()
    build()
    damaged = [site.root / ".output-cache/outputs.pickle",
               *(site.root / ".output-cache/documents").glob("*.pickle")]
    assert len(damaged) > 1
    for path in damaged:
        path.write_bytes(b"not a pickle")
    assert "Python at the Library" in build().html("/circles/c/")


def test_an_invalid_file_is_never_cached(site, build):
    site.circle(("America/Toronto", "America/Toront"))
    with pytest.raises(ContentErrors):
        build()
    with pytest.raises(ContentErrors):
        build()  # still reported the second time
    site.circle()
    assert "Python at the Library" in build().html("/circles/c/")


def test_a_cached_file_points_at_its_line_when_another_file_breaks_it(site, build):
    site.circle()
    build()
    (site.content / "courses" / "py4e.md").rename(site.content / "courses" / "py4e-2.md")
    with pytest.raises(ContentErrors) as raised:
        build()  # the circle is taken from the cache, its positions unpacked for the problem
    assert [str(p) for p in raised.value.problems] == [
        "content/circles/c.yaml:2:9: error: course: no course 'py4e' exists in content/courses/ "
        "(did you mean 'py4e-2'?)"]


def test_no_cache_with_catalog_cache_0(site, build, monkeypatch):
    monkeypatch.setenv("CATALOG_CACHE", "0")
    site.circle()
    build()
    assert not (site.root / ".output-cache").exists()
    assert (site.root / "output" / "circles" / "c" / "index.html").is_file()


def test_rendered_markdown_is_reused_only_from_the_same_code(site, build, monkeypatch):
    """Descriptions are rendered in a child process, so the rendering is seen in the
    pages: a stand-in renderer's mark shows only where a description was rendered again."""
    import catalog.outputs.render as render_module
    site.circle()
    build()
    monkeypatch.setattr(render_module, "convert", lambda t: "<p>rendered again</p>")
    page = build().html("/circles/c/")
    assert "rendered again" not in page and "Weekly Python." in page, (
        "the previous build's rendering is reused")
    monkeypatch.setattr("catalog.engine.cache.code_digest", lambda theme: "other code")
    assert "rendered again" in build().html("/circles/c/"), "other code renders again"


def test_a_rebuild_after_a_change_of_code_reads_no_memo_or_markdown_of_the_old_code(
        site, build, monkeypatch):
    """A change of code (an upgrade of the site) makes every key new: the old memo,
    rendered Markdown and checked documents are not read, so the build does not hold them
    beside the new ones; the site is still the one a fresh build makes, and the next
    rebuild reads the new ones."""
    import catalog.build as build_module
    import catalog.engine.cache as cache_module
    built_with_two_circles(site, build)
    cache = site.root / ".output-cache"
    read, real, lists = [], cache_module._read_items, []

    class Files(dict):  # the published site's files as read, which a weak reference sees
        pass

    def reading(path):
        read.append(path.parent.name)
        items = real(path)
        if items and cache_module.FILES in items:
            items[cache_module.FILES] = Files(items[cache_module.FILES])
            lists.append(weakref.ref(items[cache_module.FILES]))
        return items
    monkeypatch.setattr(cache_module, "_read_items", reading)
    shard = cache_module.Shard.read  # the memo's, the Markdown's and the documents' files
    monkeypatch.setattr(cache_module.Shard, "read", classmethod(
        lambda cls, path: read.append(path.parent.name) or shard(path)))
    # Whether the build process holds the published site's files while it makes the
    # outputs (and so in every worker it forks).
    held, write = [], build_module.write_outputs_of
    monkeypatch.setattr(build_module, "write_outputs_of", lambda *args: (
        held.append(lists[-1]() is not None) or write(*args)))
    build()
    assert {"memo", "markdown", "documents"} <= set(read), "the same code reads them"
    assert held[-1], "the same code keeps outputs by the files' list"
    read.clear()
    monkeypatch.setattr(cache_module, "code_digest", lambda theme: "other code")
    monkeypatch.setattr(cache_module, "checker_digest", lambda: "other checker")
    rebuilt = tree(build().root)
    assert "memo" not in read and "markdown" not in read and "documents" not in read
    assert not held[-1], "no output can be kept: the files' list is set aside"
    files = cache_module.Store(cache / "outputs.pickle").get(cache_module.FILES)
    assert files == build_module.files_of(site.root / "output"), "and read again at the end"
    assert all((cache / name / "stamp").is_file() for name in ("memo", "markdown", "documents"))
    assert cache_module.Store(cache / "outputs.pickle").get(cache_module.SALT)
    read.clear()
    build()
    assert {"memo", "markdown", "documents"} <= set(read), (
        "and the next build with the new code does")
    shutil.rmtree(cache)
    assert reproducible(rebuilt) == reproducible(tree(build().root))


def test_a_list_of_files_set_aside_and_unreadable_after_the_outputs_is_only_slower(
        site, build, monkeypatch, caplog):
    """After a change of code, the published site's files are read again from the cache
    once the outputs are made: when they cannot be (a damaged cache), the site is
    assembled and listed from the disk, and it and the next rebuild are still right."""
    import catalog.build as build_module
    import catalog.engine.cache as cache_module
    from helpers import TODAY
    built_with_two_circles(site, build)
    monkeypatch.setattr(cache_module, "code_digest", lambda theme: "other code")
    index = build_module._index

    def damaged(run, folder):
        (site.root / ".output-cache" / "outputs.pickle").write_bytes(b"damaged")
        index(run, folder)
    monkeypatch.setattr(build_module, "_index", damaged)
    rebuilt = tree(build().root)
    assert "ignoring the unreadable cache" in caplog.text
    monkeypatch.setattr(build_module, "_index", index)
    files = cache_module.Store(site.root / ".output-cache" / "outputs.pickle").get(
        cache_module.FILES)
    assert files == build_module.files_of(site.root / "output")
    fresh = build_module.build_site(Path("content"), site.root / "fresh", TODAY)
    assert reproducible(rebuilt) == reproducible(tree(fresh))
    change_the_other_circle(site)  # the next rebuild, from the site the cache kept
    assert_equals_a_fresh_build(site, build, build())


def test_an_unchanged_rebuild_touches_no_file(site, build):
    site.circle()
    first = build()
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in first.root.rglob("*.html")}
    build()
    after = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in first.root.rglob("*.html")}
    assert before == after


def test_a_circle_s_events_outlast_a_rebuild_that_did_not_ask_for_them(site, build,
                                                                       monkeypatch):
    """/circles.ics is put together from each circle's events, which the circle's own
    calendar leaves in the memo. A rebuild that keeps both asks for none of them; the
    rebuild after it, which makes /circles.ics again for one changed circle, still takes
    the other circles' events from the memo rather than making them again."""
    from catalog.outputs import calendars
    first = built_with_two_circles(site, build)
    whole = (first.root / "circles.ics").read_bytes()
    calendars_of = ("circles.ics", "circles/c/calendar.ics", "circles/d/calendar.ics")
    before = {path: inode(first.root, path) for path in calendars_of}
    build()  # nothing changed: every file kept, and nothing asks for the events
    assert {path: inode(first.root, path) for path in calendars_of} == before
    made, real = [], calendars._Site.circle_events
    monkeypatch.setattr(calendars._Site, "circle_events",
                        lambda self, circle: made.append(circle.slug) or real(self, circle))
    change_the_other_circle(site)
    second = build()
    assert made == ["d"], "only the changed circle's events are made again"
    assert (second.root / "circles.ics").read_bytes() == whole.replace(
        b"SUMMARY:Other circle", b"SUMMARY:Changed circle")


def test_a_rebuild_hands_the_workers_only_what_it_makes_again(site, build, monkeypatch):
    site.circle()
    site.circle(("title: Python at the Library", "title: Other circle"), name="circles/d.yaml")
    build(CATALOG_LANGUAGES=["en", "es"])
    from catalog.engine import parallel
    from catalog.outputs.output import Output
    handed, real = [], parallel.map_items
    monkeypatch.setattr(parallel, "map_items", lambda f, items, jobs=1: handed.extend(
        o.path for o in items if isinstance(o, Output)) or real(f, items, jobs))
    change_the_other_circle(site)
    build(CATALOG_LANGUAGES=["en", "es"])
    assert {"/circles/d/", "/es/circles/d/", "/circles/d/calendar.ics"} <= set(handed)
    assert not {"/circles/c/", "/es/circles/c/", "/circles/c/calendar.ics"} & set(handed), \
        "an output whose inputs are unchanged is kept by the build process itself"
    assert len(handed) == len(set(handed))


def test_a_removed_circle_leaves_nothing_behind(site, build):
    first = built_with_two_circles(site, build)
    assert (first.root / "circles/d/calendar.ics").is_file()
    (site.root / "content/circles/d.yaml").unlink()
    second = build()
    assert not (second.root / "circles/d").exists(), "its files and its folder are gone"
    assert "Other circle" not in (second.root / "circles.ics").read_text()
    assert_equals_a_fresh_build(site, build, second)


def test_a_file_changed_in_the_output_is_written_again(site, build):
    site.circle()
    first = build()
    page = first.root / "circles/c/index.html"
    page.write_text("edited by hand", encoding="utf-8")
    (first.root / "courses/py4e/index.html").unlink()
    second = build()
    assert "Python at the Library" in second.html("/circles/c/")
    assert "Python at the Library" in second.html("/courses/py4e/")


def test_a_rebuild_reads_what_its_kept_site_differs_by_only_when_it_comes_to_it(
        site, build, monkeypatch):
    """What the kept site differs by (every file of the site, after a change of code) is
    not held while the outputs are made, nor by the workers forked for them: it is read
    once they are made and indexed. A rebuild stopped before that leaves it as it was,
    since nothing has changed the kept site yet, and the next rebuild is still right."""
    import catalog.build as build_module
    import catalog.engine.cache as cache_module
    built_with_two_circles(site, build)
    change_the_other_circle(site)
    build()  # the first rebuild: the kept site, and what it differs by
    record = site.root / ".output-cache" / "site.pickle"
    saved = record.read_bytes()
    events, read, write = [], cache_module._read_items, build_module.write_outputs_of
    monkeypatch.setattr(cache_module, "_read_items",
                        lambda path: events.append(path.name) or read(path))
    monkeypatch.setattr(build_module, "write_outputs_of",
                        lambda *args: events.append("outputs") or write(*args))
    index = build_module._index
    monkeypatch.setattr(build_module, "_index",
                        lambda *args: index(*args) or events.append("indexed"))
    site.circle(("title: Python at the Library", "title: Changed again"),
                name="circles/d.yaml")

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")
    with monkeypatch.context() as stopped:
        stopped.setattr("catalog.outputs.api.outputs", broken)
        with pytest.raises(RuntimeError):
            build()
    assert "site.pickle" not in events and record.read_bytes() == saved
    events.clear()
    rebuilt = build()
    assert events.index("outputs") < events.index("indexed") < events.index("site.pickle")
    assert "Changed again" in rebuilt.html("/circles/d/")
    assert_equals_a_fresh_build(site, build, rebuilt)


def test_a_failed_rebuild_leaves_the_output_as_it_was(site, build, monkeypatch):
    site.circle()
    first = build()
    before = tree(first.root)
    site.circle(("title: Python at the Library", "title: Changed circle"))

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")
    monkeypatch.setattr("catalog.outputs.api.outputs", broken)
    with pytest.raises(RuntimeError):
        build()
    assert tree(first.root) == before
    assert_no_staging_folder(site)


def waiting_for_a_page(real, seen: list):
    """pagefind.write_plan, once the changed circle's page is written in the folder of
    the new site (up to 10 s): a rebuild makes its index while it makes its outputs."""
    import threading
    import time

    def write_plan(planned, folder, *published):
        target = folder / "circles/d/index.html"
        for _ in range(200):
            if target.exists():
                break
            time.sleep(0.05)
        seen.append((target.exists(), threading.current_thread() is threading.main_thread()))
        return real(planned, folder, *published)
    return write_plan


def test_a_rebuild_makes_its_index_while_it_makes_its_outputs(site, build, monkeypatch):
    from catalog.engine import pagefind
    first = built_with_two_circles(site, build)
    page = inode(first.root, "circles/c/index.html")
    change_the_other_circle(site)
    seen: list = []
    monkeypatch.setattr(pagefind, "write_plan", waiting_for_a_page(pagefind.write_plan, seen))
    second = build()
    assert seen == [(True, False)], "the changed page was written while the index was made"
    assert inode(second.root, "circles/c/index.html") == page
    assert "Changed circle" in second.html("/circles/d/")
    assert_equals_a_fresh_build(site, build, second)


def test_a_bundle_made_again_is_written_less_the_files_published_as_they_are(
        site, build, monkeypatch):
    """After one circle changed, its bundle is made again, and written less the chunks and
    fragments the published site holds byte for byte (most of them: Pagefind names them
    by their content). Those stay as published, linked, and the site is the one a fresh
    build makes."""
    from catalog.engine import staging
    first = built_with_two_circles(site, build)
    before = tree(first.root)
    published = {p: inode(first.root, p) for p in before if p.startswith("pagefind/")}
    change_the_other_circle(site)
    compared, real = [], staging.keep_identical
    monkeypatch.setattr(staging, "keep_identical", lambda new, output, kept, skip=(), paths=None:
                        compared.extend(paths) or real(new, output, kept, skip, paths))
    second = build()
    after = tree(second.root)
    chunks = {p for p in after if p.startswith("pagefind/circles/") and p.count("/") > 2}
    written = chunks.intersection(compared)
    assert written and all(before.get(p) != after[p] for p in written), (
        "only the chunks and fragments that changed are written")
    same = {p for p in chunks - written if before.get(p) == after[p]}
    assert any(p.startswith("pagefind/circles/fragment/") for p in same), (
        "the unchanged circle's fragment is the published one")
    assert all(inode(second.root, p) == published[p] for p in same), "linked, not written"
    assert chunks == written | same
    assert_equals_a_fresh_build(site, build, second)


def test_an_index_that_fails_while_the_outputs_are_made_leaves_the_output(
        site, build, monkeypatch):
    from catalog.engine import pagefind
    before = tree(built_with_two_circles(site, build).root)
    change_the_other_circle(site)

    def broken(*args):
        raise RuntimeError("the index failed")
    seen: list = []
    monkeypatch.setattr(pagefind, "write_plan", waiting_for_a_page(broken, seen))
    with pytest.raises(RuntimeError):
        build()
    assert seen == [(True, False)]
    assert tree(site.root / "output") == before
    assert_no_staging_folder(site)


def test_a_rebuild_that_makes_several_bundles_again_indexes_after_its_outputs(
        site, build, monkeypatch):
    """Each bundle is one Pagefind after the other: more than one beside the outputs
    would hold more memory than the build allows (the next day's rebuild)."""
    import threading
    from catalog.engine import pagefind
    from helpers import COURSE
    site.circle()
    build()
    where, real = [], pagefind.write_plan
    monkeypatch.setattr(pagefind, "write_plan", lambda *a: where.append(
        threading.current_thread() is threading.main_thread()) or real(*a))
    # The course's own record and its circle's, which names it: two bundles.
    site.write("courses/py4e.md", COURSE.replace("Python for Everybody", "Python for All"))
    second = build()
    assert where == [True]
    assert "Python for All" in second.html("/circles/c/")
    assert_equals_a_fresh_build(site, build, second)


def test_a_rebuild_forks_no_worker_until_its_index_is_made(site, build, monkeypatch):
    """Pagefind and the workers would hold their memory at once."""
    import time
    from catalog.engine import pagefind, parallel
    site.circle()
    build(CATALOG_JOBS=2)
    events, real_index, real_shares = [], pagefind.write_plan, parallel._shares

    def write_plan(*args):
        events.append("index")
        time.sleep(0.5)  # long enough for a fork that does not wait to come first
        indexed = real_index(*args)
        events.append("indexed")
        return indexed
    monkeypatch.setattr(pagefind, "write_plan", write_plan)
    monkeypatch.setattr(parallel, "_shares", lambda *a: events.append("fork") or real_shares(*a))
    monkeypatch.setattr(parallel, "MIN_ITEMS", 2)  # every batch of two outputs or more forks
    site.circle(("title: Python at the Library", "title: Changed circle"))
    build(CATALOG_JOBS=2)  # its page and the listings that show it, in each language
    outputs = events[events.index("index"):]  # the content is read before, across forks too
    assert outputs[:2] == ["index", "indexed"] and "fork" in outputs, events


def test_a_build_without_the_cache_makes_the_next_one_full(site, build, monkeypatch):
    site.circle()
    site.circle(("title: Python at the Library", "title: Other circle"), name="circles/d.yaml")
    build()
    monkeypatch.setenv("CATALOG_CACHE", "0")
    (site.root / "content/circles/d.yaml").unlink()
    build()
    assert not (site.root / ".output-cache/outputs.pickle").exists()
    monkeypatch.delenv("CATALOG_CACHE")
    third = tree(build().root)
    shutil.rmtree(site.root / ".output-cache")
    assert reproducible(third) == reproducible(tree(build().root))


def test_a_rebuild_without_the_index_removes_it(site, build, monkeypatch):
    site.circle()
    first = build()
    assert (first.root / "pagefind").is_dir()
    monkeypatch.setenv("CATALOG_SEARCH", "0")
    second = build()
    assert not (second.root / "pagefind").exists()
    assert_equals_a_fresh_build(site, build, second)


def shard_times(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in folder.glob("*.pickle")}


def changed_between(before: dict, after: dict) -> set[str]:
    return {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}


def test_a_rebuild_rewrites_only_the_cache_of_what_changed(site, build):
    site.circle()
    site.circle(("title: Python at the Library", "title: Other circle"), name="circles/d.yaml")
    build()
    shards = site.root / ".output-cache/documents"
    before = shard_times(shards)
    build()
    assert shard_times(shards) == before
    change_the_other_circle(site)
    build()
    changed = changed_between(before, shard_times(shards))
    assert 1 <= len(changed) <= 2, "the old file's shard and the new one's"


def test_a_changed_description_rewrites_only_its_part_of_the_markdown_cache(site, build):
    site.circle()
    site.circle(("title: Python at the Library", "title: Other circle"), name="circles/d.yaml")
    build()
    shards = site.root / ".output-cache/markdown"
    before = shard_times(shards)
    assert before, "the rendered descriptions are kept"
    site.circle(("title: Python at the Library", "title: Other circle"),
                ("Weekly Python.", "Python, once a week."), name="circles/d.yaml")
    assert "Python, once a week." in build().html("/circles/d/")
    changed = changed_between(before, shard_times(shards))
    assert len(changed) == 1, "the shard of the new text; the old one's stays (circle c has it)"


def compiled_templates(monkeypatch) -> list[str]:
    """The names of the templates Jinja compiles from here on (this process: a small site
    renders its pages without forking)."""
    from catalog.outputs import pages
    names, real = [], pages._Environment.compile

    def compile(self, source, name=None, filename=None, *args, **kwargs):
        names.append(name)
        return real(self, source, name, filename, *args, **kwargs)
    monkeypatch.setattr(pages._Environment, "compile", compile)
    return names


def test_a_rebuild_compiles_no_template(site, build, monkeypatch):
    site.circle()
    compiled = compiled_templates(monkeypatch)
    build(CATALOG_LANGUAGES=["en", "es"])
    assert compiled.count("circle.html") == 2, "once per language"
    compiled.clear()
    site.circle(("title: Python at the Library", "title: Changed circle"))
    second = build(CATALOG_LANGUAGES=["en", "es"])
    assert "Changed circle" in second.html("/circles/c/")
    assert "Changed circle" in second.html("/es/circles/c/")
    assert 'lang="es"' in second.html("/es/circles/c/")
    assert compiled == [], "each template is loaded as the first build compiled it"


def test_a_changed_template_is_compiled_again(site, build, monkeypatch):
    site.circle()
    theme = site.root / "theme"
    shutil.copytree(Path(__file__).resolve().parents[2] / "theme", theme)
    build(THEME=str(theme))
    page = theme / "templates" / "circle.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        '<h2 id="schedule-heading">', '<h2 id="schedule-heading" class="changed">'),
        encoding="utf-8")
    compiled = compiled_templates(monkeypatch)
    assert 'class="changed"' in build(THEME=str(theme)).html("/circles/c/")
    assert "circle.html" in compiled


def test_rebuild_after_rebuild_equals_a_fresh_build_each_time(site, build, tmp_path):
    """From the second rebuild on, the site kept in the cache is brought up to date from
    what the cache knows of it: what each build wrote and removed."""
    from catalog.build import build_site
    from helpers import TODAY

    def fresh() -> dict[str, str]:
        out = tmp_path / f"fresh-{len(list(tmp_path.glob('fresh-*')))}"
        return tree(build_site(Path("content"), out, TODAY))

    site.circle()
    site.circle(("title: Python at the Library", "title: Other circle"), name="circles/d.yaml")
    published = tree(build().root)
    changes = [
        lambda: site.circle(("title: Python at the Library", "title: Changed circle")),
        lambda: (site.content / "circles/d.yaml").unlink(),
        lambda: site.circle(("title: Python at the Library", "title: New circle"),
                            name="circles/e.yaml"),
        lambda: site.circle(("title: Python at the Library", "title: Other circle"),
                            name="circles/d.yaml"),
    ]
    for step, change in enumerate(changes):
        change()
        built = build()
        assert (site.root / ".output-cache/site.pickle").is_file(), "the kept site is known"
        assert tree(site.root / ".output-cache/site") == published, "the site replaced is kept"
        published = tree(built.root)
        assert reproducible(published) == reproducible(fresh()), f"after change {step}"


def test_a_rebuild_indexes_again_only_the_search_bundle_that_changed(site, build,
                                                                    monkeypatch):
    from catalog.engine import pagefind
    site.circle()
    first = build()
    entry = "pagefind/{}/pagefind-entry.json"
    before = {name: inode(first.root, entry.format(name)) for name in ("circles", "courses")}
    indexed = []
    real = pagefind.write_bundle
    monkeypatch.setattr(pagefind, "write_bundle",
                        lambda items, target, *published: indexed.append(target.name)
                        or real(items, target, *published))
    from catalog.outputs import search
    recorded, real_record = [], search.record_of
    monkeypatch.setattr(search, "record_of",
                        lambda c, entry, *a: recorded.append(entry.slug) or real_record(c, entry, *a))
    site.circle(("title: Python at the Library", "title: Changed circle"))
    second = build()
    assert recorded == ["c"], "only the changed circle's record is made again"
    assert indexed == ["circles"], "the courses and the past circles are unchanged"
    assert inode(second.root, entry.format("courses")) == before["courses"]
    assert inode(second.root, entry.format("circles")) != before["circles"]
    indexed.clear()
    build()
    assert indexed == [], "nothing changed"
    # A bundle file changed in the output: that bundle is made again.
    meta = next((second.root / "pagefind/courses").glob("pagefind.*.pf_meta"))
    meta.write_bytes(meta.read_bytes() + b"!")
    third = build()
    assert indexed == ["courses"]
    cached = tree(third.root)
    shutil.rmtree(site.root / ".output-cache")
    assert reproducible(cached) == reproducible(tree(build().root))


def test_a_kept_bundle_s_records_are_not_read_but_kept_for_the_build_that_needs_them(
        site, build, monkeypatch):
    """A rebuild knows a search bundle by the memo's keys of its records: those of a kept
    bundle are not read, and the memo keeps them, so that a later build that makes the
    bundle again makes only the records that changed."""
    from catalog.engine import writer
    from catalog.outputs import search
    from helpers import COURSE
    site.circle()
    site.write("courses/other.md", COURSE.replace("Python for Everybody", "Other course"))
    build()
    read, real_made = [], writer.Memo.made
    monkeypatch.setattr(writer.Memo, "made",
                        lambda memo, key, make: read.append(key) or real_made(memo, key, make))
    recorded, real_record = [], search.record_of
    monkeypatch.setattr(search, "record_of",
                        lambda c, entry, *a: recorded.append(entry.slug) or real_record(c, entry, *a))
    site.circle(("title: Python at the Library", "title: Changed circle"))
    build()
    assert recorded == ["c"]
    assert len(read) == 1, "only the circles' bundle is made again: one record is read"
    read.clear()
    recorded.clear()
    site.write("courses/other.md", COURSE.replace("Python for Everybody", "Another course"))
    third = build()
    assert recorded == ["other"], "the kept bundle's other records were kept in the memo"
    assert len(read) == 3, "the courses' bundle: two courses and an organization"
    assert "Another course" in third.html("/courses/other/")
    assert_equals_a_fresh_build(site, build, third)


def test_a_course_record_follows_when_its_next_circle_meets(site, build, monkeypatch):
    """A course's search record sorts by when its soonest circle meets: a circle that
    moves makes the course's record again, though the course's file is unchanged."""
    from catalog.outputs import search
    site.circle()
    build()
    recorded, real_record = [], search.record_of
    monkeypatch.setattr(search, "record_of",
                        lambda c, entry, *a: recorded.append(entry.slug) or real_record(c, entry, *a))
    site.circle(('start_time: "18:00"', 'start_time: "19:30"'))
    cached = tree(build().root)
    assert sorted(recorded) == ["c", "py4e"]
    shutil.rmtree(site.root / ".output-cache")
    assert reproducible(cached) == reproducible(tree(build().root))


def test_the_search_interface_is_made_once_for_every_language(site, build, monkeypatch):
    """Its counts go over every entry; the first page of /circles/ and /courses/ shows it
    in each language."""
    from catalog.outputs import search
    monkeypatch.setenv("CATALOG_JOBS", "1")
    made, real = [], search._finder
    monkeypatch.setattr(search, "_finder", lambda catalog, kind: made.append(kind) or real(catalog, kind))
    site.circle()
    out = build()
    assert sorted(made) == ["circle", "course"]
    assert 'data-finder="circle"' in out.html("/es/circles/")
    made.clear()
    build()
    assert made == [], "kept with the pages that show it"


def test_a_rebuild_on_another_day_makes_again_only_what_the_day_changed(site, build,
                                                                       tmp_path):
    """The build date is not in every key: a page is made again the next day only where
    the day changed what it shows (a status, a signup's state, a meeting gone by), and
    each day's site is still exactly what a fresh build of that day makes."""
    from datetime import timedelta

    from catalog.build import build_site
    from helpers import TODAY, Built

    site.circle()  # meets on 2 and 9 March, then the 16th: the same on the 10th and 11th
    site.circle(("start_date: 2027-03-02", "start_date: 2027-03-11"), ("title: Python at",
                "title: Starting at"), name="circles/starts.yaml")
    site.circle(("start_date: 2027-03-02", "start_date: 2027-03-03"), ("title: Python at",
                "title: Meeting at"), name="circles/meets.yaml")
    site.circle(("start_date: 2027-03-02", "start_date: 2027-04-06"), ("title: Python at",
                "title: Closing at"), ("url: https://forms.example.org/py",
                "url: https://forms.example.org/py\n  deadline: 2027-03-10"),
                name="circles/closes.yaml")
    output, cache = site.root / "output", site.root / ".output-cache"

    def fresh(day) -> dict[str, str]:
        out = tmp_path / f"fresh-{day}"
        return reproducible(tree(build_site(Path("content"), out, day)))

    build_site(Path("content"), output, TODAY)
    before = {p: inode(output, p) for p in (
        "circles/c/index.html", "fr/circles/c/index.html", "circles/c/flyer/index.html",
        "circles/starts/index.html", "circles/meets/index.html", "circles/closes/index.html",
        "circles/c/calendar.ics", "feeds/circles.atom.xml")}
    next_day = TODAY + timedelta(days=1)
    build_site(Path("content"), output, next_day)
    after = {p: inode(output, p) for p in before}
    kept = {p for p in before if before[p] == after[p]}
    assert kept == {"circles/c/index.html", "fr/circles/c/index.html",
                    "circles/c/flyer/index.html"}, "only what the day changed is made again"
    assert "In progress" in Built(output).html("/circles/starts/")
    assert reproducible(tree(output)) == fresh(next_day)
    pages = [p.relative_to(output).as_posix() for p in output.rglob("index.html")]
    for step in (2, 3, 8):  # nothing changes of any circle from the 12th to the 13th
        day = TODAY + timedelta(days=step)
        before = {p: inode(output, p) for p in pages}
        build_site(Path("content"), output, day)
        assert (cache / "site.pickle").is_file()
        assert reproducible(tree(output)) == fresh(day), f"on {day}"
        if step == 3:
            made = {p for p in pages if inode(output, p) != before[p]}
            # /circles/ and /courses/ in each language: their search filters count circles
            finders = {p for p in pages if len(Path(p).parts) <= 3 and p[:6] != "embed/"
                       and Path(p).parent.name in ("circles", "courses")}
            assert made == finders and len(finders) == 18


def recorded_beside(monkeypatch) -> list:
    """The functions the build hands to fresh processes (apart.beside), as it does."""
    from catalog.engine import apart
    started, real_beside = [], apart.beside

    def beside(function, argument):
        started.append(function)
        return real_beside(function, argument)
    monkeypatch.setattr(apart, "beside", beside)
    return started


def test_a_first_build_keeps_its_site_linked_for_the_first_rebuild(site, build,
                                                                    monkeypatch):
    """A first build links the site it made, file by file, into the cache's kept site
    (from a fresh process, while the index is made), and lists the files with their size
    and time as they are: the first rebuild brings that site up to date as any kept
    site, without linking the published one."""
    import catalog.build as build_module
    from catalog.engine import cache
    started = recorded_beside(monkeypatch)
    first = built_with_two_circles(site, build)
    assert started == [cache.staged_linked]
    cache_folder = site.root / ".output-cache"
    published, kept = tree(first.root), tree(cache_folder / "site")
    assert published.keys() == kept.keys() and any(p.startswith("pagefind/") for p in kept)
    assert all(inode(first.root, p) == inode(cache_folder / "site", p) for p in published)
    files = cache.Store(cache_folder / "outputs.pickle").get(cache.FILES)
    assert files == build_module.files_of(first.root)
    assert cache.Store(cache_folder / "site.pickle").get("differs") == set()
    assert not (cache_folder / "site.files").exists(), "the list is read into the cache"
    page, changed = (inode(first.root, p) for p in ("es/circles/c/index.html",
                                                   "circles/d/index.html"))
    started.clear()
    change_the_other_circle(site)
    second = build()
    assert started == [cache.unlike_published], "no fresh process links the published site"
    assert inode(second.root, "es/circles/c/index.html") == page, "linked, not written"
    assert inode(second.root, "circles/d/index.html") != changed
    assert "Changed circle" in second.html("/circles/d/")
    # The site replaced is kept, where the build before had kept it.
    assert inode(cache_folder / "site", "circles/d/index.html") == changed
    assert_equals_a_fresh_build(site, build, second)


def test_a_first_build_replaces_whatever_the_cache_kept_where_its_site_goes(site, build):
    """A cache kept without its site (the published site deleted by hand) may hold a kept
    site of another build, half linked, or a file where it goes: the first build's kept
    site replaces it, and holds exactly the published files."""
    from catalog.engine import staging
    built_with_two_circles(site, build)
    cache_folder = site.root / ".output-cache"
    # A file where the site goes; a site half linked, with a file unlike the one built;
    # another build's site, with a file this one does not have.
    for stray, whole in (("site", False), ("site/circles/c/index.html", False),
                         ("site/stray.html", True)):
        shutil.rmtree(site.root / "output")
        if not whole:
            staging.remove(cache_folder / "site")
        (cache_folder / stray).parent.mkdir(parents=True, exist_ok=True)
        (cache_folder / stray).write_text("stray", encoding="utf-8")
        rebuilt = build()
        kept = tree(cache_folder / "site")
        assert kept == tree(rebuilt.root), stray
        change_the_other_circle(site)
        assert_equals_a_fresh_build(site, build, build())


def test_a_first_build_over_a_site_it_does_not_know_keeps_that_site(site, build,
                                                                     monkeypatch):
    """A first build where a site is published that the cache does not list (the cache
    deleted) keeps the site it replaces, as any build does; the next build looks at
    every file of it."""
    from catalog.engine import cache
    first = built_with_two_circles(site, build)
    page = inode(first.root, "es/circles/c/index.html")
    shutil.rmtree(site.root / ".output-cache")
    started = recorded_beside(monkeypatch)
    second = build()
    assert cache.staged_linked not in started, "nothing is linked"
    assert inode(site.root / ".output-cache" / "site", "es/circles/c/index.html") == page
    assert not (site.root / ".output-cache" / "site.pickle").exists()
    change_the_other_circle(site)
    rebuilt = build()
    assert "Changed circle" in rebuilt.html("/circles/d/")
    assert inode(rebuilt.root, "es/circles/c/index.html") == inode(second.root,
                                                                    "es/circles/c/index.html")
    assert_equals_a_fresh_build(site, build, rebuilt)


def test_a_link_that_fails_while_a_first_build_keeps_its_site_publishes_nothing(
        site, build, monkeypatch):
    """A fault while a first build links its site into the kept one (a full disk) is the
    build's: nothing is published, and the next build makes the whole site. The links
    are made in a fresh process, run here instead so that the fault can be made."""
    from catalog.engine import cache
    site.circle()
    with pytest.MonkeyPatch.context() as patch:
        in_process(patch, cache.staged_linked, "es/circles/c/index.html")
        with pytest.raises(BuildFault, match="the disk is full"):
            build()
    assert not (site.root / "output").exists()
    assert_no_staging_folder(site)
    assert not (site.root / ".output-cache" / "site.files").exists()
    site.circle(("title: Python at the Library", "title: Other circle"), name="circles/d.yaml")
    built = build()
    assert tree(site.root / ".output-cache" / "site") == tree(built.root)
    change_the_other_circle(site)
    assert_equals_a_fresh_build(site, build, build())


def test_a_site_put_at_the_output_while_a_first_build_indexes_is_kept_unknown(site, build):
    """A first build links the site it made for the next build while it makes the index.
    A site put at output/ meanwhile (by hand, or by a deploy) is then the one it replaces,
    and so the one it keeps: the cache must not say that site is the one published, and
    the next build looks at every file of it."""
    import catalog.build as build_module
    index = build_module._index

    def meanwhile(run, folder):
        index(run, folder)
        (site.root / "output" / "circles" / "c").mkdir(parents=True)
        (site.root / "output" / "circles" / "c" / "index.html").write_text("put by hand")
        (site.root / "output" / "stray.html").write_text("stray", encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(build_module, "_index", meanwhile)
        first = built_with_two_circles(site, build)
    assert "put by hand" not in first.html("/circles/c/")
    cache_folder = site.root / ".output-cache"
    assert sorted(tree(cache_folder / "site")) == ["circles/c/index.html", "stray.html"]
    assert (cache_folder / "site/circles/c/index.html").read_text() == "put by hand"
    assert not (cache_folder / "site.pickle").exists(), "nothing is known of it"
    change_the_other_circle(site)
    rebuilt = build()
    assert "stray.html" not in tree(rebuilt.root)
    assert "put by hand" not in rebuilt.html("/circles/c/")
    assert_equals_a_fresh_build(site, build, rebuilt)


def in_process(monkeypatch, linking, failing: str) -> None:
    """Run ``linking`` (what a fresh process is handed) in this process instead, with a
    full disk when it comes to link the file ``failing``."""
    import contextlib
    from catalog.engine import apart, staging
    real_link, real_beside = staging.link_into, apart.beside

    def link_into(output, target, paths):
        paths = list(paths)
        if failing in paths:
            raise OSError(28, "No space left on device")
        return real_link(output, target, paths)

    @contextlib.contextmanager
    def beside(function, argument):
        if function is not linking:
            with real_beside(function, argument) as result:
                yield result
            return
        try:
            value, raised = function(argument), None
        except OSError as exc:
            value, raised = None, exc

        def result():
            if raised is not None:
                raise raised
            return value
        yield result
    monkeypatch.setattr(staging, "link_into", link_into)
    monkeypatch.setattr(apart, "beside", beside)


def test_a_first_rebuild_links_the_published_site_from_a_fresh_process_and_keeps_it(
        site, build, monkeypatch):
    """Without a kept site (deleted by hand, or never made: a cache of an older build), a
    fresh process links every file of the published site into a new one in the cache
    while the build reads the content and decides; the build then brings it up to date
    as any kept site, and keeps the site it replaces for the next rebuild."""
    from catalog.engine import cache
    site.circle(("title: Python at the Library", "title: Gone circle"), name="circles/e.yaml")
    first = built_with_two_circles(site, build)
    assert (first.root / "es/circles/e/index.html").is_file()
    cache_folder = site.root / ".output-cache"
    shutil.rmtree(cache_folder / "site")
    page, changed = (inode(first.root, path) for path in ("es/circles/c/index.html",
                                                         "circles/d/index.html"))
    started = recorded_beside(monkeypatch)
    # A file gone from the published site since it was built, and one edited.
    (first.root / "es/courses/py4e/index.html").unlink()
    (first.root / "courses/py4e/index.html").write_text("edited", encoding="utf-8")
    change_the_other_circle(site)
    (site.content / "circles/e.yaml").unlink()
    second = build()
    linked = tree(second.root)
    assert not any("circles/e/" in path for path in linked), "a circle removed is gone"
    assert started == [cache.unlike_published, cache.published_linked]
    assert inode(second.root, "es/circles/c/index.html") == page, "linked, not written"
    assert inode(second.root, "circles/d/index.html") != changed
    assert "Changed circle" in second.html("/circles/d/")
    assert "edited" not in second.html("/courses/py4e/")
    assert (second.root / "es/courses/py4e/index.html").is_file()
    assert_no_staging_folder(site)
    # The site replaced is kept, with where it differs from the new one: the next rebuild
    # brings it up to date without a fresh process to link anything.
    assert inode(cache_folder / "site", "circles/d/index.html") == changed
    started.clear()
    change_the_other_circle(site)
    third = build()
    assert started == [cache.unlike_published]
    assert inode(third.root, "es/circles/c/index.html") == page
    assert_equals_a_fresh_build(site, build, third)
    # Both rebuilds made the site of the same content: the fresh build's.
    assert reproducible(linked) == reproducible(tree(site.root / "output"))


def test_a_build_stopped_while_a_kept_site_is_linked_leaves_no_word_of_the_old_one(
        site, build):
    """The cache records where the kept site differs from the published one. Once that
    site is gone (deleted by hand), a build that starts linking a new one and stops
    (here on an invalid file) leaves a site half made: the record must go with it, or
    the next build would take the half-made site for the one recorded."""
    built_with_two_circles(site, build)
    change_the_other_circle(site)
    build()
    cache_folder = site.root / ".output-cache"
    assert (cache_folder / "site.pickle").is_file() and (cache_folder / "site").is_dir()
    shutil.rmtree(cache_folder / "site")
    site.write("circles/d.yaml", "title: [not closed\n")
    with pytest.raises(ContentErrors):
        build()
    assert not (cache_folder / "site.pickle").exists()
    site.circle(("title: Python at the Library", "title: Fixed circle"), name="circles/d.yaml")
    rebuilt = build()
    assert "Fixed circle" in rebuilt.html("/circles/d/")
    assert_equals_a_fresh_build(site, build, rebuilt)


def test_a_link_that_fails_while_the_outputs_are_made_leaves_the_output(
        site, build, monkeypatch):
    """A fault while the published site is linked into a kept one (a full disk) is the
    build's: nothing is published. The links are made in a fresh process, run here
    instead so that the fault can be made."""
    from catalog.engine import cache
    before = tree(built_with_two_circles(site, build).root)
    shutil.rmtree(site.root / ".output-cache" / "site")  # so that the rebuild links one
    in_process(monkeypatch, cache.published_linked, "es/circles/c/index.html")
    change_the_other_circle(site)
    with pytest.raises(BuildFault, match="the disk is full"):
        build()
    assert tree(site.root / "output") == before
    assert_no_staging_folder(site)
