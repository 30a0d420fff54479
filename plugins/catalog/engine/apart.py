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

import os
import pickle
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, Sequence

from . import parallel

PYTHON = sys.executable  # the interpreter of the children: this process's own

def map_apart(function: Callable, items: Sequence, jobs: int = 1) -> list:
    """``[function(item) for item in items]``, computed in ``jobs`` fresh processes
    (``function`` must be importable by name, ``items`` and results must pickle). Fewer
    than parallel.MIN_ITEMS items are handled here: starting a process would cost more
    than their memory. Raises parallel.WorkerStopped when a process ends without handing
    back its results, and what ``function`` raised when it raises."""
    if len(items) < parallel.MIN_ITEMS:
        return [function(item) for item in items]
    jobs = parallel.jobs_for(items, jobs)
    with ThreadPoolExecutor(jobs) as threads:
        shares = list(threads.map(lambda number: _run(function, items[number::jobs]),
                                  range(jobs)))
    return parallel.gathered(shares, len(items))


def _run(function: Callable, items: Sequence) -> list:
    """The results of one share, from a process of its own."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    child = subprocess.Popen([PYTHON, "-m", __name__, str(os.getpid())],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
    out, _ = child.communicate(pickle.dumps((function, items), pickle.HIGHEST_PROTOCOL))
    if child.returncode != 0 or not out:
        raise parallel.WorkerStopped("a worker process stopped before handing back its "
                                     f"results (exit status {child.returncode})")
    done, value = pickle.loads(out)
    if not done:
        raise value
    return value


def _serve(parent: int) -> None:
    """In the child: compute the share read from standard input, write the results."""
    parallel.end_with(parent)
    function, items = pickle.load(sys.stdin.buffer)
    try:
        answer = (True, [function(item) for item in items])
    except Exception as exc:  # handed to the build process, which raises it
        answer = (False, exc)
    sys.stdout.buffer.write(pickle.dumps(answer, pickle.HIGHEST_PROTOCOL))
    sys.stdout.flush()


if __name__ == "__main__":
    _serve(int(sys.argv[1]))
    os._exit(0)  # what it allocated goes with it, without being freed object by object
