"""Run one build and kill it, with its whole process group, at a chosen point:

    python kill_build.py POINT N CONTENT OUTPUT

POINT names a function the build calls (``write``: a file of the site written, ``index``:
a search bundle written, ``link``: an unchanged file linked, ``exchange``: the new site
about to be put in place, ``cleanup``: the previous site about to be deleted, ``cache``: a
file of the cache about to be written); the build is killed at its N-th call. ``time``
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

from catalog.engine import pagefind, staging, writer
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
          "link": (os, "link"), "exchange": (staging, "swap_in"),
          "cleanup": (shutil, "rmtree"), "cache": (pickle, "dump")}


def main(point: str, n: int, content: str, output: str) -> None:
    if point == "time":
        threading.Timer(n / 1000, kill).start()
    elif point == "cleanup":
        # The previous site is deleted right after the exchange: kill at that call only.
        original = staging.swap_in

        def swap_in(site, out):
            kill_at(shutil, "rmtree", 1)
            original(site, out)
        staging.swap_in = swap_in
    else:
        kill_at(*POINTS[point], n)
    build_site(Path(content), Path(output), build_date())
    time.sleep(0)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4])
