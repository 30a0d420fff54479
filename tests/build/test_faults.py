"""Faults while building: a build killed at any moment, two builds at once, a full disk, a
read-only folder, a cache folder that is a file, a worker process killed. ``output/`` is at
every moment the whole previous site or the whole new one, and each fault is one clear line
and exit 1."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import re
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from catalog.outputs import search
from catalog.engine import apart, pagefind, parallel, staging
from catalog.build import build_site
from catalog.source.problems import BuildFault
from helpers import COURSE, TODAY, deadline
from test_build import reproducible, tree

ROOT = Path(__file__).resolve().parents[2]
KILLER = Path(__file__).with_name("kill_build.py")
ENV = {**os.environ, "PYTHONPATH": f"{ROOT / 'plugins'}{os.pathsep}{ROOT / 'tests'}",
       "CATALOG_TODAY": TODAY.isoformat()}


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """A command in a process group of its own, so that a kill takes its workers too."""
    return subprocess.run([sys.executable, *args], cwd=cwd, env=ENV, capture_output=True,
                          text=True, timeout=300, start_new_session=True)


def make(cwd: Path) -> subprocess.CompletedProcess:
    done = run("-m", "catalog", "build", "content", "output", cwd=cwd)
    assert done.returncode == 0, done.stderr
    return done


def version_a(site) -> None:
    site.write("courses/py4e.md", COURSE)
    site.circle()
    site.circle(("title: Python at the Library", "title: Old circle"), name="circles/d.yaml")


def version_b(site) -> None:
    """A changed circle, a new one, and one removed: files change, appear and go; and a
    changed course, so that two search bundles are made again (the third is kept)."""
    site.write("courses/py4e.md", COURSE.replace("title: Python for Everybody",
                                                 "title: Python for All"))
    site.circle(("title: Python at the Library", "title: Changed circle"))
    (site.content / "circles/d.yaml").unlink(missing_ok=True)
    site.circle(("title: Python at the Library", "title: New circle"), name="circles/e.yaml")


@pytest.fixture(params=["no site kept", "kept by the first build", "with the site kept"])
def sites(site, tmp_path, request):
    """The output of version A with its cache saved aside, and a fresh build of version B.
    A's cache keeps a site for B to bring up to date: the site before A ("with the site
    kept", as after any rebuild), A's own site linked ("kept by the first build", A was
    the first build), or none (deleted by hand), so that B is made in a new folder, linked
    from the published site, or in the kept one."""
    version_b(site)
    make(site.root)
    expected_b = tree(site.root / "output")
    shutil.rmtree(site.root / "output")
    shutil.rmtree(site.root / ".output-cache")
    (site.content / "circles/e.yaml").unlink()
    version_a(site)
    make(site.root)
    if request.param == "with the site kept":
        make(site.root)
    assert (site.root / ".output-cache/site/index.html").is_file()
    if request.param == "no site kept":
        shutil.rmtree(site.root / ".output-cache/site")
    site.kept = request.param != "no site kept"
    saved = tmp_path / "saved-a"
    saved.mkdir()
    for name in ("output", ".output-cache"):
        shutil.copytree(site.root / name, saved / name, symlinks=True)
    return site, saved, expected_b


def restore_a(site, saved: Path) -> dict[str, str]:
    for name in ("output", ".output-cache"):
        shutil.rmtree(site.root / name, ignore_errors=True)
        shutil.copytree(saved / name, site.root / name, symlinks=True)
    (site.content / "circles/e.yaml").unlink(missing_ok=True)
    version_a(site)
    return tree(site.root / "output")


KILLS = [("write", 1), ("write", 4), ("index", 1), ("index", 2), ("link", 1), ("link", 6),
         ("move", 1), ("move", 5), ("exchange", 1), ("cleanup", 1), ("cache", 2), ("cache", 5),
         ("time", 300), ("time", 900), ("time", 1600)]


def test_a_killed_rebuild_leaves_the_old_site_or_the_new_one(sites):
    site, saved, expected_b = sites
    outcomes = set()
    for point, n in KILLS:
        if point == "link" and site.kept:
            continue  # it is brought up to date where it differs: moved and linked there
        before = restore_a(site, saved)
        version_b(site)
        killed = run(str(KILLER), point, str(n), "content", "output", cwd=site.root)
        now = tree(site.root / "output")
        if now == before:
            outcomes.add("old")
        else:
            assert reproducible(now) == reproducible(expected_b), f"mixed site after {point} {n}"
            assert now.keys() - reproducible(now).keys(), "the new site has its whole index"
            outcomes.add("new")
        assert killed.returncode == -signal.SIGKILL or point == "time", killed.stderr
        # The next build cleans what the killed one left and makes the new site whole.
        make(site.root)
        assert reproducible(tree(site.root / "output")) == reproducible(expected_b), point
        assert staging.leftovers(site.root / "output") == []
    assert outcomes == {"old", "new"}, "kills fell both before and after the exchange"


def test_a_killed_build_leaves_its_staging_folder_to_the_next_build(sites):
    site, saved, _ = sites
    restore_a(site, saved)
    version_b(site)
    run(str(KILLER), "exchange", "1", "content", "output", cwd=site.root)
    # The folder written into (without a kept site, the new one is linked in the cache).
    assert len(staging.leftovers(site.root / "output")) == 1
    make(site.root)
    assert staging.leftovers(site.root / "output") == []


@pytest.mark.parametrize("point, n", [("link", 2), ("link", 40), ("index", 1),
                                      ("exchange", 1), ("cleanup", 1), ("record", 1)])
def test_a_first_build_killed_while_it_keeps_its_site_leaves_the_next_build_whole(
        site, point, n):
    """A first build links the site it made into the one its cache keeps while it makes
    the index. Killed on the way, it publishes nothing or the whole site, and the next
    builds (a first build again, or a rebuild from whatever site was kept) are whole."""
    version_a(site)
    output, kept = site.root / "output", site.root / ".output-cache" / "site"
    killed = run(str(KILLER), point, str(n), "content", "output", cwd=site.root)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    # Killed once the site is published, before its cache is saved ("cleanup") or before
    # the cache's record of the kept site is ("record"), or before it is published.
    assert output.exists() == (point in ("cleanup", "record"))
    assert kept.is_dir() or point != "link", "it was being linked"
    make(site.root)
    assert reproducible(tree(output)) == reproducible(fresh_build(site, "fresh-a"))
    version_b(site)
    make(site.root)
    assert reproducible(tree(output)) == reproducible(fresh_build(site, "fresh-b"))
    assert staging.leftovers(output) == []


def fresh_build(site, name: str) -> dict[str, str]:
    """The site of the content as it is, built into a new folder without a cache."""
    done = subprocess.run([sys.executable, "-m", "catalog", "build", "content", name],
                          cwd=site.root, env={**ENV, "CATALOG_CACHE": "0"},
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return tree(site.root / name)


def test_two_builds_at_once_never_leave_an_empty_search_file(site):
    site.circle()
    for _ in range(3):
        builds = [subprocess.Popen([sys.executable, "-m", "catalog", "build", "content", out],
                                   cwd=site.root, env=ENV, stderr=subprocess.PIPE, text=True)
                  for out in ("one", "two")]
        for build in builds:
            assert build.wait(timeout=300) == 0, build.stderr.read()
            build.stderr.close()
        for out in ("one", "two"):
            pagefind.check_bundles(site.root / out)  # entry parses, nothing missing or empty
            assert all((site.root / out / "pagefind" / b.name / "pagefind.js").stat().st_size
                       for b in search.BUNDLES)


def test_a_second_build_of_the_same_folder_waits_for_the_first(site):
    site.circle()
    output = site.root / "output"
    with staging.locked(output):
        second = subprocess.Popen([sys.executable, "-m", "catalog", "build"], cwd=site.root,
                                  env=ENV, stderr=subprocess.PIPE, text=True)
        line = second.stderr.readline()
        assert line == (f"waiting for the build of output/ that is running (process "
                        f"{os.getpid()}) to finish\n")
        time.sleep(0.5)
        assert not output.exists() and second.poll() is None
    assert second.wait(timeout=300) == 0
    second.stderr.close()
    assert (output / "index.html").is_file()


def test_an_incomplete_search_bundle_stops_the_build(site, build, monkeypatch):
    site.circle()
    before = tree(build().root)
    real = pagefind.write_files

    def lose_the_worker(target, files, *published):
        same = real(target, files, *published)
        (target / "pagefind-worker.js").write_bytes(b"")
        return same
    monkeypatch.setattr(pagefind, "write_files", lose_the_worker)
    site.circle(("title: Python at the Library", "title: Changed circle"))
    with pytest.raises(BuildFault, match=r"the search index could not be made: .*"
                                         r"pagefind-worker\.js is empty; output/ is unchanged"):
        build()
    assert tree(site.root / "output") == before


@pytest.mark.parametrize("damage, message", [
    ("pagefind-entry.json", "is missing or unreadable"),
    ("pagefind.js", "pagefind.js is missing"),
    ("wasm.en.pagefind", "wasm.en.pagefind is missing"),
])
def test_check_bundle_finds_each_missing_file(site, build, damage, message):
    site.circle()
    bundle = build().root / "pagefind" / "circles"
    (bundle / damage).unlink()
    with pytest.raises(pagefind.BundleError, match=message):
        pagefind.check_bundle(bundle)


def test_a_cache_folder_that_is_a_file_is_one_line(site):
    site.circle()
    make(site.root)
    before = tree(site.root / "output")
    shutil.rmtree(site.root / ".output-cache")
    (site.root / ".output-cache").write_text("not a folder")
    done = run("-m", "catalog", "build", "content", "output", cwd=site.root)
    assert (done.returncode, done.stderr) == (1, (
        "error: .output-cache should be the build's cache folder but is a file: delete it "
        "and build again; output/ is unchanged\n"))
    assert tree(site.root / "output") == before


def test_a_write_that_fails_is_one_line_and_the_site_is_untouched(site, build, monkeypatch):
    site.circle()
    before = tree(build().root)
    from catalog.engine import writer

    def full(output, path, body):
        raise OSError(errno.ENOSPC, "No space left on device", str(output / "circles"))
    monkeypatch.setattr(writer, "write_file", full)
    site.circle(("title: Python at the Library", "title: Changed circle"))
    with pytest.raises(BuildFault) as raised:
        build_site(Path("content"), site.root / "output", TODAY)
    assert str(raised.value) == ("the build could not finish (output/circles): the disk is "
                                 "full: free some space and build again; output/ is unchanged")
    assert tree(site.root / "output") == before


@pytest.mark.parametrize("stage", ["pages", "Markdown"])
def test_a_worker_killed_mid_build_is_one_line_and_the_site_is_untouched(site, build,
                                                                          monkeypatch, stage):
    def circles(description: str) -> None:  # enough of them for the work to be shared
        for number in range(parallel.MIN_ITEMS):
            site.circle(("description: Weekly Python.", f"description: {description} {number}."),
                        name=f"circles/c{number}.yaml")
    circles("Python, part")
    monkeypatch.setenv("CATALOG_JOBS", "2")
    before = tree(build().root)
    if stage == "pages":
        from catalog.engine import writer
        parent, write = os.getpid(), writer.write_file

        def killed_in_a_worker(*args):  # as the OOM killer would: pages are written in forks
            if os.getpid() != parent:
                os.kill(os.getpid(), signal.SIGKILL)
            return write(*args)
        monkeypatch.setattr(writer, "write_file", killed_in_a_worker)
        monkeypatch.setenv("CATALOG_CACHE", "0")  # every file written again
    else:
        # Markdown renders in fresh processes, which no patch here reaches: their Python
        # is one that kills itself at once.
        killer = site.root / "python-killed"
        killer.write_text("#!/bin/sh\nkill -KILL $$\n", encoding="utf-8")
        killer.chmod(0o755)
        monkeypatch.setattr(apart, "PYTHON", str(killer))
        circles("Python again, part")  # new texts to render
    with deadline(120), pytest.raises(BuildFault) as raised:
        build()
    assert str(raised.value) == ("the build could not finish: a worker process of the build "
                                 "stopped (killed, or out of memory); output/ is unchanged")
    assert tree(site.root / "output") == before
    assert staging.leftovers(site.root / "output") == []


@contextlib.contextmanager
def mounted(target: Path, *options: str):
    """``mount`` as root, or skip: the real faults need a file system of their own."""
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a file system for this fault needs root")
    target.mkdir(exist_ok=True)
    done = subprocess.run(["mount", *options, str(target)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount here: {done.stderr.strip()}")
    try:
        yield target
    finally:
        subprocess.run(["umount", "-l", str(target)], check=True)


def test_a_full_disk_is_one_line_and_the_site_is_untouched(site, tmp_path):
    site.circle()
    with mounted(tmp_path / "disk", "-t", "tmpfs", "-o", "size=24m", "tmpfs") as disk:
        shutil.copytree(site.content, disk / "content")
        make(disk)
        before = tree(disk / "output")
        with contextlib.suppress(OSError), open(disk / "filler", "wb") as filler:
            while True:  # every byte that is left
                filler.write(b"\0" * (1 << 16))
                filler.flush()
        (disk / "content/circles/c.yaml").write_text(
            (site.content / "circles/c.yaml").read_text().replace("Python at", "Snakes at"))
        done = run("-m", "catalog", "build", "content", "output", cwd=disk)
        assert done.returncode == 1, done.stderr
        assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
        assert done.stderr.startswith("error: the build could not finish")
        assert done.stderr.endswith("the disk is full: free some space and build again; "
                                    "output/ is unchanged\n")
        assert tree(disk / "output") == before
        (disk / "filler").unlink()
        make(disk)
        assert "Snakes at" in (disk / "output/circles/c/index.html").read_text()
        assert staging.leftovers(disk / "output") == []


def test_a_read_only_folder_is_one_line_and_the_site_is_untouched(site, tmp_path):
    site.circle()
    place = tmp_path / "place"
    place.mkdir()
    shutil.copytree(site.content, place / "content")
    make(place)
    before = tree(place / "output")
    with mounted(place, "--bind", str(place)):
        subprocess.run(["mount", "-o", "remount,bind,ro", str(place)], check=True)
        done = run("-m", "catalog", "build", "content", "output", cwd=place)
        assert (done.returncode, done.stderr) == (1, (
            "error: the build could not finish (.output.lock): the file system is read-only: "
            "build into a folder that can be written; output/ is unchanged\n"))
        assert tree(place / "output") == before


def test_a_build_says_what_it_built_in_one_line(site):
    site.circle()
    first = make(site.root)
    assert "Processed" not in first.stderr  # Pelican's articles count reads like a failure
    assert re.fullmatch(r"built output/ in \d+\.\d s: 1 course, 1 circle, 1 organization; "
                        r"[\d,]+ files\n", first.stderr), first.stderr
    site.circle(("title: Python at the Library", "title: Changed circle"))
    second = make(site.root)
    assert re.fullmatch(r"built output/ in \d+\.\d s: 1 course, 1 circle, 1 organization; "
                        r"[\d,]+ files \([\d,]+ written, the rest unchanged\)\n", second.stderr)


def test_a_cache_that_cannot_be_saved_after_publishing_makes_the_next_build_full(
        site, build, monkeypatch, caplog):
    site.circle()
    build()
    site.circle(("title: Python at the Library", "title: Changed circle"))
    from catalog.engine import cache
    real, swap_in = cache.Store.save, staging.swap_in

    def full(store):
        raise OSError(errno.ENOSPC, "No space left on device")

    def swap_in_then_fill_the_disk(*args, **kwargs):
        swap_in(*args, **kwargs)
        monkeypatch.setattr(cache.Store, "save", full)
    monkeypatch.setattr(staging, "swap_in", swap_in_then_fill_the_disk)
    published = build()
    assert "Changed circle" in published.html("/circles/c/")
    assert "the next build will be a full one" in caplog.text
    assert not (site.root / ".output-cache/outputs.pickle").exists()
    monkeypatch.setattr(cache.Store, "save", real)
    inode = (published.root / "circles/c/index.html").stat().st_ino
    assert "Changed circle" in build().html("/circles/c/")
    assert (published.root / "circles/c/index.html").stat().st_ino != inode, "written again"


def test_without_an_exchange_a_failed_second_rename_puts_the_old_site_back(site, build,
                                                                          monkeypatch):
    site.circle()
    before = tree(build().root)

    class WithoutRenameat2(ctypes.CDLL):
        """The C library before glibc 2.28, which cannot exchange two folders."""

        def __getattr__(self, name):
            if name == "renameat2":
                raise AttributeError(name)
            return super().__getattr__(name)
    monkeypatch.setattr(ctypes, "CDLL", WithoutRenameat2)
    real_rename = Path.rename

    def rename(self, target):
        # The new site (made in a staging folder, or the site the cache kept) put in place.
        if Path(target).name == "output" and not self.name.endswith("-old"):
            raise OSError(errno.EIO, "Input/output error", str(self))
        return real_rename(self, target)
    monkeypatch.setattr(Path, "rename", rename)
    site.circle(("title: Python at the Library", "title: Changed circle"))
    with pytest.raises(BuildFault, match="output/ is unchanged"):
        build()
    assert tree(site.root / "output") == before


def test_a_build_killed_between_the_two_renames_gets_the_old_site_back(site, build):
    site.circle()
    before = tree(build().root)
    output = site.root / "output"
    old = output.with_name(".output.staging-abc123-old")
    output.rename(old)  # where the fallback had put it when the build was killed
    staging.clean(output)
    assert tree(output) == before and not old.exists()


def test_a_search_index_that_cannot_be_made_is_one_line(site, build, monkeypatch):
    site.circle()
    before = tree(build().root)

    def stopped(items, target, *published):
        raise pagefind.PagefindError("Pagefind stopped before answering")
    monkeypatch.setattr(pagefind, "write_bundle", stopped)
    site.circle(("title: Python at the Library", "title: Changed circle"))
    with pytest.raises(BuildFault) as raised:
        build()
    assert str(raised.value) == ("the search index could not be made: Pagefind stopped "
                                 "before answering; output/ is unchanged")
    assert tree(site.root / "output") == before


def test_documents_are_checked_again_by_other_checking_code(site, build, monkeypatch):
    from catalog.engine import cache, reading
    site.circle()
    build()
    reads = []
    real_read = reading.read_file
    monkeypatch.setattr(reading, "read_file", lambda *a: reads.append(a[0].name) or real_read(*a))
    build()
    assert reads == [], "unchanged files, same code: taken from the cache"
    monkeypatch.setattr(reading, "checker_digest", lambda: "other rules")
    build()
    assert sorted(reads) == ["c.yaml", "py4e.md", "tpl.yaml"], "new rules check every file"
    assert {p.relative_to(ROOT).as_posix() for p in cache.source_files()} >= {
        "schemas/circle.schema.json", "schemas/api/circles.schema.json", "requirements.txt"}


def test_a_checked_document_that_cannot_be_read_back_is_checked_again(
        site, build, monkeypatch, caplog):
    """The documents' store says it holds a file's document, then cannot give it (its
    file damaged or deleted meanwhile): the file is checked again, never left out, and
    the next build takes it from the cache again."""
    from catalog.engine import cache, reading
    site.circle()
    build()
    for file in (site.root / ".output-cache" / "documents").glob("*.pickle"):
        start, data = cache.Shard.read(file).start, file.read_bytes()
        file.write_bytes(data[:start] + bytes(len(data) - start))  # the values unreadable
    reads = []
    real_read = reading.read_file
    monkeypatch.setattr(reading, "read_file", lambda *a: reads.append(a[0].name) or real_read(*a))
    rebuilt = build()
    assert sorted(reads) == ["c.yaml", "py4e.md", "tpl.yaml"], "each checked again"
    assert "Python at the Library" in rebuilt.html("/circles/c/")
    assert "ignoring the unreadable cache" in caplog.text
    reads.clear()
    build()
    assert reads == [], "checked again, and kept again"
