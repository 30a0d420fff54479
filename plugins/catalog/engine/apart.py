"""Work done in fresh processes, which share nothing with the build's: for work whose
memory must not stay in the build process (cmark-gfm frees nothing it allocates).

A forked child would hold a copy of the build process's pages, and its resident size
counts every one of them, so two forked children of a build process of 400 MB count
1.2 GB between them before they do anything. A child here is a new interpreter
(``python -m catalog.engine.apart``, 0.3 s of imports) that imports what it runs and
nothing else: its function and items come pickled through its standard input, and its
results go back through its standard output. multiprocessing's ``spawn`` does the same,
but runs the calling program's main script again in every child, which makes any script
that calls the build without an ``if __name__ == "__main__"`` guard build again, and wait
forever on its own output folder's lock.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import subprocess
import sys
import traceback
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from pathlib import Path
from typing import Callable, Iterator, Sequence

from . import parallel

PYTHON = sys.executable  # the interpreter of the children: this process's own
PLUGINS = Path(__file__).resolve().parents[2]  # the folder of the catalog package


def map_apart(function: Callable, items: Sequence, jobs: int = 1) -> list:
    """``[function(item) for item in items]``, computed in ``jobs`` fresh processes
    (``function`` must be importable by name, ``items`` and results must pickle). Fewer
    than parallel.MIN_ITEMS items are handled here: starting a process would cost more
    than their memory. Raises parallel.WorkerStopped when a process ends without handing
    back its results, and what ``function`` raised when it raises; either stops the
    other processes at once."""
    if len(items) < parallel.MIN_ITEMS:
        return [function(item) for item in items]
    jobs = parallel.jobs_for(items, jobs)
    children = _Children()
    with ThreadPoolExecutor(jobs) as threads:
        shares = [threads.submit(children.run, function, items[number::jobs])
                  for number in range(jobs)]
        wait(shares, return_when=FIRST_EXCEPTION)
        failed = next((share for share in shares if share.done() and share.exception()), None)
        if failed is not None:
            children.stop()
            raise failed.exception()
    return parallel.gathered([share.result() for share in shares], len(items))


@contextlib.contextmanager
def beside(function: Callable, argument) -> Iterator[Callable[[], object]]:
    """``function(argument)`` computed in a fresh process while the block runs (from a
    thread that waits for it): the block gets what gives its result, waiting for it the
    first time. Leaving the block ends the process if it is still running. The result
    raises what map_apart would."""
    children = _Children()
    with ThreadPoolExecutor(1) as thread:
        share = thread.submit(children.run, function, [argument])
        try:
            yield lambda: share.result()[0]
        finally:
            children.stop()


class _Children:
    """The processes of one map_apart, each run from a thread of its own.

    No lock is needed between :meth:`run` and :meth:`stop`: ``stop`` sets ``stopped``
    before it kills what ``started`` holds, and ``run`` adds its process to ``started``
    before it reads ``stopped`` again. A process added before the flag is set is killed
    by ``stop``; one added after sees the flag and is killed by its own thread."""

    def __init__(self):
        self.started: list[subprocess.Popen] = []
        self.stopped = False

    def run(self, function: Callable, items: Sequence) -> list:
        """The results of one share, from a process of its own."""
        if self.stopped:
            return []
        # The catalog package's folder first: Pelican, run on its own, loads the plugin
        # from its PLUGIN_PATHS without putting that folder on sys.path.
        path = [str(PLUGINS), *(p for p in sys.path if p)]
        try:
            child = subprocess.Popen([PYTHON, "-m", __name__, str(os.getpid())],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     env={**os.environ, "PYTHONPATH": os.pathsep.join(path)})
        except OSError as exc:
            raise parallel.WorkerStopped(f" (it could not start: {exc})") from exc
        self.started.append(child)
        if self.stopped:  # stopped while it started
            child.kill()
        out, _ = child.communicate(pickle.dumps((function, items), pickle.HIGHEST_PROTOCOL))
        try:
            done, value, remote = pickle.loads(out)
        except Exception:  # nothing, or not what _serve writes: the process was stopped
            raise parallel.WorkerStopped(f" (exit status {child.returncode})") from None
        if not done:
            raise value from RemoteTraceback(remote)
        return value

    def stop(self) -> None:
        self.stopped = True
        for child in self.started:
            child.kill()  # nothing happens to one that has ended


class RemoteTraceback(Exception):
    """Where a fresh process raised what map_apart raises (its traceback, as text)."""


def _serve(parent: int) -> None:
    """In the child: compute the share read from standard input, write the results to
    what was standard output, which is the standard error from now on (what the work
    prints must not mix with its results)."""
    parallel.end_with(parent)
    results = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    function, items = pickle.load(sys.stdin.buffer)
    try:
        answer = pickle.dumps((True, [function(item) for item in items], ""),
                              pickle.HIGHEST_PROTOCOL)
    except Exception as exc:  # handed to the build process, which raises it
        remote = traceback.format_exc()
        try:
            answer = pickle.dumps((False, exc, remote), pickle.HIGHEST_PROTOCOL)
            pickle.loads(answer)  # an exception that does not pickle back is sent as text
        except Exception:
            answer = pickle.dumps((False, RuntimeError(remote.strip().splitlines()[-1]),
                                   remote), pickle.HIGHEST_PROTOCOL)
    results.write(answer)
    results.flush()


if __name__ == "__main__":
    _serve(int(sys.argv[1]))
    os._exit(0)  # what it allocated goes with it, without being freed object by object
