"""Run one build and kill it, with its whole process group, at a chosen point:

    python kill_build.py POINT N CONTENT OUTPUT

POINT names a function the build calls (``write``: a file of the site written, ``index``:
a search bundle written, ``link``: the N-th file of the published site linked into a new
kept site (a first rebuild; a fresh process links them), ``move``: a file moved or linked
into the site kept from an earlier build, ``exchange``: the new site about to be put in place,
``cleanup``: the previous site about to be kept or deleted, or the staging folder about
to be deleted, ``cache``: a file of the cache about to be written, ``record``: the
cache's record of the kept site about to be written, the last); the build is killed at
its N-th call (``link``: once the kept site holds N files). ``time``
kills it N milliseconds after it starts instead. Used by test_faults.py; exits 0 only when
the build finished without being killed.
"""

import os
import pickle
import shutil
import signal
import sys
import threading
import time
from pathlib import Path

from catalog.engine import cache, pagefind, staging, writer
from catalog.build import build_site
from catalog.source.catalog import build_date


def kill() -> None:
    os.killpg(os.getpgid(0), signal.SIGKILL)


def kill_at(owner, name: str, n: int) -> None:
    original = getattr(owner, name)
    calls = [0]

    def wrapped(*args, **kwargs):
        calls[0] += 1
        if calls[0] >= n:
            kill()
        return original(*args, **kwargs)
    setattr(owner, name, wrapped)


POINTS = {"write": (writer, "write_file"), "index": (pagefind, "write_bundle"),
          "move": (staging, "_put_in"), "exchange": (staging, "swap_in"),
          "cleanup": (shutil, "rmtree"), "cache": (pickle, "dump")}


def kill_once_linked(site: Path, n: int) -> None:
    """Kill the build once ``site`` holds ``n`` files: they are linked by a fresh process
    of the build (in its process group), which cannot be wrapped from here."""
    def watch():
        while True:
            found = sum(len(names) for _, _, names in os.walk(site))
            if found >= n:
                kill()
            time.sleep(0.0005)
    threading.Thread(target=watch, daemon=True).start()


def main(point: str, n: int, content: str, output: str) -> None:
    if point == "time":
        threading.Timer(n / 1000, kill).start()
    elif point == "link":
        output_path = Path(output).resolve()
        kill_once_linked(output_path.parent / f".{output_path.name}-cache" / "site", n)
    elif point == "record":
        original_write = cache._write_items

        def write_items(path, items):
            if Path(path).name == "site.pickle":
                kill()
            original_write(path, items)
        cache._write_items = write_items
    elif point == "cleanup":
        # Right after the exchange, the previous site is kept (or deleted) and the staging
        # folder deleted: kill at the first of those calls.
        original = staging.swap_in

        def swap_in(*args, **kwargs):
            kill_at(shutil, "rmtree", 1)
            kill_at(staging, "keep_previous", 1)
            original(*args, **kwargs)
        staging.swap_in = swap_in
    else:
        kill_at(*POINTS[point], n)
    build_site(Path(content), Path(output), build_date())
    time.sleep(0)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4])
