"""Work spread over the machine's cores.

Workers are forked, so they inherit the built catalog, the templates and everything else
without pickling; each takes every n-th item (sizes vary along a list, so interleaving
balances the load) and writes its own files. The parent process is one of the workers, so
two cores cost one extra process. Where ``fork`` is missing (Windows, macOS defaults), or
with one job, the items are handled in order in this process. A worker that ends before
handing back its results (killed, out of memory) is an error, never a wait.

Work whose memory must not stay in this process goes to fresh processes instead
(apart.py).
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import gc
import multiprocessing
import os
import signal
from concurrent.futures.process import BrokenProcessPool, ProcessPoolExecutor
from typing import Callable, Iterator, Sequence

# Below this many items a fork costs more than it saves.
MIN_ITEMS = 64
_task: tuple[Callable, Sequence, int] | None = None


class WorkerStopped(RuntimeError):
    """A worker process ended before handing back its results (killed, out of memory)."""

    def __init__(self, detail: str = ""):
        super().__init__("a worker process stopped before handing back its results" + detail)


def jobs(settings: dict) -> int:
    """``CATALOG_JOBS`` (setting or environment), else the cores this process may use."""
    value = settings.get("CATALOG_JOBS") or os.environ.get("CATALOG_JOBS")
    if value:
        return max(1, int(value))
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return os.cpu_count() or 1


def map_items(function: Callable, items: Sequence, jobs: int = 1) -> list:
    """``[function(item) for item in items]``, computed across ``jobs`` processes, this
    one and forked workers; the results come back to this process, so they must pickle.
    Raises WorkerStopped when a worker process ends before handing back its results."""
    if not forks(len(items), jobs):
        return [function(item) for item in items]
    return gathered(_shares(function, items, jobs_for(items, jobs)), len(items))


def jobs_for(items: Sequence, jobs: int) -> int:
    """How many processes share ``items``: no more than one per half MIN_ITEMS."""
    return max(1, min(jobs, len(items) // (MIN_ITEMS // 2)))


def gathered(shares: list[list], count: int) -> list:
    """The results in the items' order, from the shares that took every n-th item."""
    out = [None] * count
    for number, share in enumerate(shares):
        out[number::len(shares)] = share
    return out


def forks(count: int, jobs: int) -> bool:
    """Whether ``count`` items go to forked workers rather than stay in this process."""
    return (jobs > 1 and count >= MIN_ITEMS
            and "fork" in multiprocessing.get_all_start_methods())


def _shares(function: Callable, items: Sequence, jobs: int) -> list[list]:
    """The results of each of the ``jobs`` shares, in order: share 0 computed in this
    process, the others in forked workers."""
    global _task
    _task = (function, items, jobs)
    # What this process no longer uses is not inherited by the workers: the garbage in
    # cycles, which the collector's thresholds (build.build_site) leave for long (each
    # language's templates and cards at the end of its batch), then the heap freed.
    # Within long_lived(), the collection walks only what was made since it began.
    gc.collect()
    trim()
    try:
        with ProcessPoolExecutor(jobs - 1, mp_context=multiprocessing.get_context("fork"),
                                 initializer=_worker_starts, initargs=(os.getpid(),)) as pool:
            # The workers are forked at the first submit: every share is handed out before
            # this process takes its own.
            others = [pool.submit(_share, number) for number in range(1, jobs)]
            return [_share(0)] + [other.result() for other in others]
    except BrokenProcessPool as exc:
        raise WorkerStopped() from exc
    finally:
        _task = None


@contextlib.contextmanager
def long_lived() -> Iterator[None]:
    """Within this block, what exists when it begins (a build's catalog, caches and
    memo, hundreds of thousands of objects) is left out of the collection before each
    fork: that collection is for the garbage of the work since (a language's templates
    and cards), and walking everything took half a second per batch at 20,000 entries,
    while the cores waited. Cycles among the objects left out are freed after the block."""
    if gc.get_freeze_count():  # the caller keeps its own frozen objects
        yield
        return
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _worker_starts(parent: int) -> None:
    """In a worker, first: end with the build process, and leave what it inherited out of
    its own collections, or every page they touch is copied into the worker (memory
    counted twice). Moving the collector's lists costs the same however much they hold."""
    end_with(parent)
    gc.freeze()


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def end_with(parent: int) -> None:
    """In a worker: be killed as soon as the build process ends, whatever ends it (the OOM
    killer picks the largest process, which is often the build's own). Left alone, a worker
    would wait forever to hand back its results, holding the output folder's lock, and
    the next build would wait for it."""
    try:
        _libc().prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: a worker may outlive a killed build
        return
    if os.getppid() != parent:  # the build ended before the line above
        os._exit(1)


def _share(number: int) -> list:
    function, items, count = _task
    return [function(item) for item in items[number::count]]


@functools.cache
def _libc() -> ctypes.CDLL:
    """The C library this process runs with (glibc's extras are missing elsewhere)."""
    return ctypes.CDLL(None)


def trim() -> None:
    """Hand the heap this process freed back to the system (glibc keeps it otherwise)."""
    try:
        _libc().malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: the memory is only kept longer
        pass
