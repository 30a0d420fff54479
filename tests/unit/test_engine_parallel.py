"""A worker process that dies (killed, out of memory) is an error at once, never a wait."""

from __future__ import annotations

import functools
import gc
import os
import signal
import time

import pytest

from catalog.engine import apart, parallel
from helpers import deadline


def killed_in_a_child(parent: int):
    """An item function whose worker processes kill themselves, as the OOM killer does."""
    def function(item):
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return item
    return function


def killed_unless_in(parent: int, item):
    """As :func:`killed_in_a_child`, importable, for processes started afresh."""
    if os.getpid() != parent:
        os.kill(os.getpid(), signal.SIGKILL)
    return item


def test_a_killed_worker_is_an_error_at_once():
    items = list(range(300))  # this process takes share 0, a worker the other
    started = time.monotonic()
    with deadline(60), pytest.raises(parallel.WorkerStopped):
        parallel.map_items(killed_in_a_child(os.getpid()), items, 2)
    assert time.monotonic() - started < 10
    assert gc.get_freeze_count() == 0, "the collector walks this process's objects again"
    assert parallel.map_items(abs, [-i for i in items], 2) == items


def test_a_killed_process_apart_is_an_error_at_once():
    items = list(range(parallel.MIN_ITEMS))  # every item in a child
    started = time.monotonic()
    with deadline(60), pytest.raises(parallel.WorkerStopped):
        apart.map_apart(functools.partial(killed_unless_in, os.getpid()), items, 1)
    assert time.monotonic() - started < 10
    assert apart.map_apart(abs, [-i for i in items], 1) == items


def test_make_validate_says_so_in_one_line_when_a_worker_dies(tmp_path, monkeypatch, capsys):
    from catalog import cli
    from catalog.engine import reading
    for n in range(parallel.MIN_ITEMS + 1):  # enough files to be read across processes
        (tmp_path / "courses").mkdir(exist_ok=True)
        (tmp_path / "courses" / f"c{n}.yaml").write_text("title: x\n", encoding="utf-8")
    parent, read = os.getpid(), reading.read_file

    def killed_in_a_worker(*args):
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return read(*args)
    monkeypatch.setattr(reading, "read_file", killed_in_a_worker)
    monkeypatch.setenv("CATALOG_JOBS", "2")
    with deadline(60):
        code = cli.main(["validate", str(tmp_path)])
    assert code == 1
    err = capsys.readouterr()
    lines = (err.out + err.err).strip().splitlines()
    assert lines == ["error: the files could not all be checked: a worker process stopped "
                     "(killed, or out of memory)"], lines


class _Cycle:
    """An object that refers to itself: freed only by the cyclic collector."""

    def __init__(self):
        self.me = self


def test_garbage_in_cycles_is_not_inherited_by_the_workers():
    # The build's collector thresholds leave such garbage for long (a language's
    # templates and cards, once its pages are written); a worker forked with it would
    # count it in its own memory a second time.
    import weakref
    enabled = gc.isenabled()
    gc.disable()  # no automatic collection may free it before the fork
    try:
        garbage = _Cycle()
        alive = weakref.ref(garbage)
        del garbage
        assert alive() is not None
        seen = parallel.map_items(lambda item: alive() is None, list(range(300)), 2)
    finally:
        if enabled:
            gc.enable()
    assert all(seen) and len(seen) == 300



def _tracked(obj) -> bool:
    """Whether the collector walks ``obj`` (frozen objects are in no generation)."""
    return any(o is obj for o in gc.get_objects())


def test_what_lives_long_is_left_out_of_the_collections_before_each_fork():
    import weakref
    enabled = gc.isenabled()
    gc.disable()
    try:
        kept = _Cycle()
        with parallel.long_lived():
            assert not _tracked(kept), "what existed when the block began is left out"
            garbage = _Cycle()  # made since: still the collection's to free
            assert _tracked(garbage)
            alive = weakref.ref(garbage)
            del garbage
            seen = parallel.map_items(lambda item: alive() is None, list(range(300)), 2)
            assert all(seen) and len(seen) == 300
        assert gc.get_freeze_count() == 0 and _tracked(kept)
    finally:
        if enabled:
            gc.enable()


def test_the_long_lived_objects_are_collected_again_when_the_block_fails():
    with pytest.raises(ZeroDivisionError), parallel.long_lived():
        assert gc.get_freeze_count() > 0
        1 / 0
    assert gc.get_freeze_count() == 0


def test_objects_frozen_by_the_caller_stay_frozen():
    # Asked of one object: the count of frozen objects falls whenever one of them is
    # freed, which any other thread of the process may do meanwhile.
    mine = _Cycle()
    gc.freeze()
    try:
        with parallel.long_lived():
            pass
        assert gc.get_freeze_count() > 0 and not _tracked(mine)
    finally:
        gc.unfreeze()


def test_a_worker_leaves_what_it_inherited_out_of_its_own_collections():
    # Its collector would otherwise touch, and so copy, every page it shares with the
    # build process.
    parent = os.getpid()
    frozen = parallel.map_items(
        lambda item: os.getpid() != parent and gc.get_freeze_count() > 0, list(range(300)), 2)
    assert frozen[1::2] == [True] * 150 and frozen[0::2] == [False] * 150
    assert gc.get_freeze_count() == 0

ORPHANED = """
import os, signal, sys, time
sys.path.insert(0, {plugins!r})
from catalog.engine import apart, parallel

def kill_the_build(item):
    parent = int(os.environ["BUILD_PROCESS"])
    if os.getpid() != parent:
        os.kill(parent, signal.SIGKILL)  # the build only, as the OOM killer would
        time.sleep(60)  # a worker that outlives it holds the output's lock all this time
    return item

if __name__ == "__main__":
    os.environ["BUILD_PROCESS"] = str(os.getpid())  # the fresh processes' too
    if sys.argv[1] == "forked":
        parallel.map_items(kill_the_build, list(range(300)), 2)
    else:  # processes started afresh (apart.py), which import the function from here
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        from orphaned import kill_the_build
        apart.map_apart(kill_the_build, list(range(300)), 2)
"""


@pytest.mark.parametrize("how", ["forked", "apart"])
def test_a_worker_ends_when_the_build_process_is_killed(tmp_path, how):
    import subprocess
    import sys
    from pathlib import Path
    script = tmp_path / "orphaned.py"
    plugins = str(Path(parallel.__file__).resolve().parents[2])
    script.write_text(ORPHANED.format(plugins=plugins), encoding="utf-8")
    with deadline(60):
        build = subprocess.Popen([sys.executable, str(script), how], start_new_session=True)
        assert build.wait() == -signal.SIGKILL
        group, gone = build.pid, False
        for _ in range(200):  # 10 s
            try:
                os.killpg(group, 0)
            except ProcessLookupError:
                gone = True
                break
            time.sleep(0.05)
        if not gone:
            os.killpg(group, signal.SIGKILL)
    assert gone, "a worker of the killed build is still running"
