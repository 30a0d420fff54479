"""Bringing a kept site up to date (staging.bring_up_to_date): whatever the kept folder
holds, it ends with exactly the files written and the unchanged ones, and the published
site's files are never written through."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from catalog.engine import staging
from helpers import deadline


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file() or p.is_symlink()}


def folders(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_dir()}


def write(root: Path, tree: dict[str, str]) -> None:
    for path, text in tree.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)


def test_the_kept_site_ends_with_the_new_files_and_the_unchanged_ones(tmp_path):
    output, new, spare = tmp_path / "output", tmp_path / "new", tmp_path / "spare"
    write(output, {"index.html": "home v2", "circles/a/index.html": "a",
                   "circles/b/index.html": "b v2", "style.css": "css"})
    write(new, {"index.html": "home v3", "circles/c/index.html": "c",
                "about/index.html": "about", "feeds/x.xml": "new feed"})
    # The kept site: an older build, then whatever a killed build left half done.
    write(spare, {"index.html": "home v1", "circles/b/index.html": "b v1",
                  "circles/gone/index.html": "removed circle", "style.css": "old css",
                  "about": "a file where a folder must be",
                  "feeds/x.xml/stray": "a folder where a file must be"})
    (spare / "circles/a").mkdir()
    os.link(output / "circles/a/index.html", spare / "circles/a/index.html")
    (spare / "empty/deeper").mkdir(parents=True)
    (spare / "circles/link").symlink_to(output / "circles")
    published = {path: (output / path).stat().st_ino for path in files(output)}
    before = files(output)

    moved = staging.bring_up_to_date(spare, new, output,
                                     {"circles/a/index.html", "circles/b/index.html",
                                      "style.css"})

    assert sorted(moved) == ["about/index.html", "circles/c/index.html", "feeds/x.xml",
                             "index.html"]
    assert files(spare) == {"index.html": b"home v3", "circles/c/index.html": b"c",
                            "about/index.html": b"about", "feeds/x.xml": b"new feed",
                            "circles/a/index.html": b"a", "circles/b/index.html": b"b v2",
                            "style.css": b"css"}
    assert folders(spare) == {"circles", "circles/a", "circles/b", "circles/c", "about",
                              "feeds"}, "no folder is left empty"
    for path in ("circles/a/index.html", "circles/b/index.html", "style.css"):
        assert (spare / path).stat().st_ino == published[path], "linked, not copied"
    assert files(output) == before, "the published site is untouched"
    assert {p: (output / p).stat().st_ino for p in files(output)} == published
    assert files(new) == {}, "every written file was moved"


def published_then_kept(tmp_path):
    """A site published by a rebuild, and the site before it, kept: they share the files
    that rebuild left unchanged and differ where it wrote or removed one."""
    output, spare = tmp_path / "output", tmp_path / "spare"
    write(spare, {"index.html": "home v1", "circles/gone/index.html": "removed by v2",
                  "circles/b/index.html": "b v1"})
    write(output, {"index.html": "home v2", "circles/b/index.html": "b v2",
                   "circles/added/index.html": "added by v2"})
    for path in ("style.css", "circles/a/index.html", "circles/c/index.html"):
        write(output, {path: path})
        (spare / path).parent.mkdir(parents=True, exist_ok=True)
        os.link(output / path, spare / path)
    differs = {"index.html", "circles/gone/index.html", "circles/b/index.html",
               "circles/added/index.html"}
    return output, spare, staging.Known(set(files(output)), differs)


def test_a_kept_site_the_cache_knows_is_brought_up_to_date_from_what_differs(tmp_path):
    output, spare, known = published_then_kept(tmp_path)
    new = tmp_path / "new"
    write(new, {"index.html": "home v3", "circles/new/index.html": "new in v3"})
    kept = {"style.css", "circles/a/index.html", "circles/b/index.html",
            "circles/added/index.html"}  # circles/c removed by v3
    published = {path: (output / path).stat().st_ino for path in files(output)}
    before = files(output)
    looked = []
    real_lstat = os.lstat
    os.lstat = lambda path, *a, **k: looked.append(path) or real_lstat(path, *a, **k)
    try:
        moved = staging.bring_up_to_date(spare, new, output, kept, known)
    finally:
        os.lstat = real_lstat
    assert sorted(moved) == ["circles/new/index.html", "index.html"]
    assert files(spare) == {"index.html": b"home v3", "circles/new/index.html": b"new in v3",
                            "style.css": b"style.css",
                            "circles/a/index.html": b"circles/a/index.html",
                            "circles/b/index.html": b"b v2",
                            "circles/added/index.html": b"added by v2"}
    assert folders(spare) == {"circles", "circles/a", "circles/b", "circles/added",
                              "circles/new"}, "no folder is left empty"
    for path in kept:
        assert (spare / path).stat().st_ino == published[path], "the published file"
    assert files(output) == before, "the published site is untouched"
    assert not [path for path in looked if str(path).endswith(("/style.css", "/a/index.html"))], \
        "a file the kept site shares with the published one is not looked at"


def test_a_kept_file_the_cache_did_not_list_is_linked_into_the_kept_site(tmp_path):
    """A file made again the same as one put in the published site by hand is kept
    (keep_identical): the cache never listed it, so the kept site has not got it."""
    output, spare, known = published_then_kept(tmp_path)
    write(output, {"theme/added.css": "by hand"})
    new = tmp_path / "new"
    write(new, {"index.html": "home v3"})
    kept = (set(known.published) - {"index.html"}) | {"theme/added.css"}
    staging.bring_up_to_date(spare, new, output, kept, known)
    assert os.path.samefile(spare / "theme/added.css", output / "theme/added.css")
    assert files(spare) == {**{path: (output / path).read_bytes() for path in kept},
                            "index.html": b"home v3"}


def test_a_kept_site_that_holds_anything_ends_right_without_what_the_cache_knows(tmp_path):
    output, spare, known = published_then_kept(tmp_path)
    write(spare, {"stray.html": "left by a killed build", "circles/b/index.html": "b v0"})
    new = tmp_path / "new"
    write(new, {"index.html": "home v3"})
    kept = set(files(output)) - {"index.html"}
    staging.bring_up_to_date(spare, new, output, kept)
    assert files(spare) == {**{path: (output / path).read_bytes() for path in kept},
                            "index.html": b"home v3"}


def test_the_previous_site_is_kept_where_asked(tmp_path):
    output, site, keep = tmp_path / "output", tmp_path / "site", tmp_path / "cache" / "site"
    write(output, {"index.html": "old"})
    write(site, {"index.html": "new"})
    write(keep, {"stale.html": "an older kept site"})
    staging.swap_in(site, output, keep=keep)
    assert files(output) == {"index.html": b"new"}
    assert files(keep) == {"index.html": b"old"}
    assert not site.exists()


def test_files_made_again_the_same_are_kept_from_the_published_site(tmp_path):
    """The search index and the theme's files are written whole by each build: those the
    published site already has, byte for byte, are linked from it rather than replaced."""
    output, new = tmp_path / "output", tmp_path / "new"
    write(output, {"pagefind/fragment/en_1.pf_fragment": "same", "theme/site.css": "css v1",
                   "pagefind/entry.json": "v1!", "circles/a/index.html": "a"})
    os.symlink("circles/a/index.html", output / "link.html")
    write(new, {"pagefind/fragment/en_1.pf_fragment": "same", "theme/site.css": "css v2",
                "pagefind/entry.json": "v2!", "pagefind/fragment/en_2.pf_fragment": "new",
                "link.html": "a"})
    published = {path: (output / path).stat().st_ino for path in files(output)}
    kept = {"circles/a/index.html"}
    assert staging.keep_identical(new, output, kept) == 1
    assert kept == {"circles/a/index.html", "pagefind/fragment/en_1.pf_fragment"}
    assert files(new) == {"pagefind/entry.json": b"v2!", "link.html": b"a",
                          "pagefind/fragment/en_2.pf_fragment": b"new",
                          "theme/site.css": b"css v2"}, "changed (same size too) and new stay"
    assert {p: (output / p).stat().st_ino for p in files(output)} == published, "untouched"


def test_a_site_is_linked_from_the_list_the_build_writes(tmp_path):
    from catalog.engine import cache
    output = tmp_path / "output"
    odd = os.fsdecode(b"caf\xe9.html")  # a name that is not UTF-8, as the disk holds it
    write(output, {"index.html": "home", "circles/a/index.html": "a", "fr/été.html": "ete",
                   odd: "odd"})
    listed = tmp_path / "cache" / "site.list"
    paths = ["index.html", "circles/a/index.html", "fr/été.html", odd, "gone.html"]
    cache.write_paths(listed, paths)
    assert list(cache.read_paths(listed)) == paths
    job = (str(output), str(listed), str(tmp_path / "site"))
    assert cache.published_linked(job) == ["gone.html"]
    assert files(tmp_path / "site") == files(output)
    assert all(os.path.samefile(tmp_path / "site" / path, output / path) for path in paths[:4])
    cache.write_paths(listed, [])
    assert list(cache.read_paths(listed)) == []


def test_a_site_being_made_is_linked_and_listed_but_its_folder_written_meanwhile(tmp_path):
    """What a first build's fresh process does: whatever is at the kept site's place goes,
    every file of the staged site but the index's folder is linked there, and each is
    listed with its size and time as the cache keeps them."""
    from catalog.engine import cache
    staged, site = tmp_path / "staged", tmp_path / "cache" / "site"
    odd = os.fsdecode(b"caf\xe9.html")  # a name that is not UTF-8, as the disk holds it
    write(staged, {"index.html": "home", "circles/a/index.html": "a", "fr/été.html": "ete",
                   odd: "odd", "pagefind/circles/pagefind.js": "being written",
                   "circles/pagefind/index.html": "a page named as the index"})
    write(site, {"stale.html": "a site kept for another build", "index.html": "old"})
    listed = tmp_path / "cache" / "site.files"
    cache.staged_linked((str(staged), str(site), "pagefind", str(listed)))
    found = cache.files_listed(listed)
    expected = {p: b for p, b in files(staged).items() if not p.startswith("pagefind/")}
    assert files(site) == expected and found.keys() == expected.keys()
    assert all(os.path.samefile(site / p, staged / p) for p in expected)
    assert found == {p: cache.stat_of(staged / p) for p in expected}
    assert cache.size_of(found["circles/a/index.html"]) == 1
    shutil.rmtree(site)
    site.write_text("a file where the site goes", encoding="utf-8")
    cache.staged_linked((str(staged), str(site), "pagefind", str(listed)))
    assert cache.files_listed(listed) == found
    listed.write_bytes(b"")
    assert cache.files_listed(listed) == {}
    # Only a folder of that name is left aside: a file named so is linked.
    other, site = tmp_path / "other", tmp_path / "other-site"
    write(other, {"pagefind": "a file", "index.html": "home"})
    cache.staged_linked((str(other), str(site), "pagefind", str(listed)))
    assert files(site) == files(other) and cache.files_listed(listed).keys() == {
        "pagefind", "index.html"}


def test_files_the_engine_made_from_changed_inputs_are_not_compared(tmp_path):
    output, new = tmp_path / "output", tmp_path / "new"
    write(output, {"circles/a/index.html": "a", "theme/site.css": "css"})
    write(new, {"circles/a/index.html": "a", "theme/site.css": "css"})
    kept: set[str] = set()
    assert staging.keep_identical(new, output, kept, skip={"circles/a/index.html"}) == 1
    assert kept == {"theme/site.css"}
    assert files(new) == {"circles/a/index.html": b"a"}, "written again: its inputs changed"


def test_only_a_regular_published_file_is_kept_and_a_pipe_there_is_not_waited_on(tmp_path):
    """A published path that holds a pipe, a folder or a link, and a file made again that
    is a link or a pipe, are never taken for the same file: the one made stays. Opening
    a pipe to read it would wait for a writer: the test fails instead of hanging."""
    output, new = tmp_path / "output", tmp_path / "new"
    write(output, {"theme/site.css": "css", "theme/real.css": "linked",
                   "theme/folder.css/x": "x"})
    os.mkfifo(output / "theme" / "pipe.css")
    os.symlink("real.css", output / "theme" / "link.css")
    write(new, {"theme/site.css": "css", "theme/pipe.css": "", "theme/folder.css": "f",
                "theme/link.css": "linked", "theme/real.css": "other"})
    os.symlink(output / "theme" / "site.css", new / "theme" / "made-link.css")
    (output / "theme" / "made-link.css").write_text("css")
    os.mkfifo(new / "theme" / "made-pipe.css")  # read without a writer, it holds b""
    (output / "theme" / "made-pipe.css").write_text("")
    kept: set[str] = set()
    with deadline(10, "a writer of a pipe"):
        assert staging.keep_identical(new, output, kept) == 1
    assert kept == {"theme/site.css"}
    assert set(files(new)) == {"theme/pipe.css", "theme/folder.css", "theme/link.css",
                               "theme/real.css", "theme/made-link.css"}
    assert stat.S_ISFIFO(os.lstat(new / "theme" / "made-pipe.css").st_mode), "left as made"
    assert staging.holds(output / "theme" / "site.css", b"css")
    assert not staging.holds(output / "theme" / "site.css", b"cs")
    assert not staging.holds(output / "theme" / "site.css", b"CSS")
    assert not staging.holds(output / "theme" / "gone.css", b"")


def test_a_folder_is_made_with_those_above_it_and_said_new_only_once(tmp_path):
    assert staging.make_folder(str(tmp_path / "a")) is True
    assert staging.make_folder(str(tmp_path / "a")) is False
    assert staging.make_folder(str(tmp_path / "b" / "c" / "d")) is True
    assert (tmp_path / "b" / "c" / "d").is_dir()
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert staging.make_folder(str(tmp_path / "file")) is False


def test_a_kept_site_is_made_of_the_published_one_by_linking_each_file_listed(tmp_path):
    output, site = tmp_path / "output", tmp_path / "site"
    write(output, {"index.html": "home", "circles/a/index.html": "a",
                   "circles/a/calendar.ics": "ics", "feeds/all.xml": "feed",
                   "not-listed.html": "a file the cache does not know"})
    (output / "was-a-file").mkdir()
    listed = ["index.html", "circles/a/index.html", "circles/a/calendar.ics", "feeds/all.xml",
              "circles/gone/index.html", "was-a-file"]
    gone = staging.link_site(str(output), str(site), listed)
    assert gone == ["circles/gone/index.html", "was-a-file"]
    assert files(site) == {"index.html": b"home", "circles/a/index.html": b"a",
                           "circles/a/calendar.ics": b"ics", "feeds/all.xml": b"feed"}
    assert all(os.path.samefile(site / path, output / path) for path in files(site))
    assert not (site / "circles/gone").exists(), "no empty folder for a file that is gone"
    assert sorted(p.name for p in site.iterdir()) == ["circles", "feeds", "index.html"]
    assert (site.stat().st_mode & 0o777) == 0o755, "a web server reads it once published"
    with pytest.raises(FileExistsError):
        staging.link_site(str(output), str(site), listed)  # only ever a new folder
