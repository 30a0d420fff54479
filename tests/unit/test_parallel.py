"""Work across processes: the results in order, whoever computes them."""

import importlib
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import catalog
from catalog.engine import apart, parallel

PLUGINS = Path(catalog.__file__).parents[1]


def pid_of(item):
    return item * 2, os.getpid()


def test_results_come_back_in_order_across_jobs():
    items = list(range(300))
    results = parallel.map_items(pid_of, items, 2)
    assert [r for r, _ in results] == [i * 2 for i in items]
    pids = {pid for _, pid in results}
    assert os.getpid() in pids and len(pids) == 2, "the parent is one of the two workers"


def test_apart_every_item_is_handled_in_a_fresh_process():
    for jobs, items in ((1, list(range(100))), (2, list(range(300)))):
        results = apart.map_apart(pid_of, items, jobs)
        assert [r for r, _ in results] == [i * 2 for i in items]
        pids = {pid for _, pid in results}
        # Any of the children may take any share: only the parent must take none.
        assert os.getpid() not in pids and 1 <= len(pids) <= jobs


def modules_of(item):
    return "catalog.build" in sys.modules


def test_apart_the_processes_start_from_nothing_rather_than_forked():
    importlib.import_module("catalog.build")  # here, so a forked child would hold it too
    assert "catalog.build" in sys.modules
    assert not any(apart.map_apart(modules_of, list(range(100)), 2))


def test_one_job_or_few_items_stay_in_this_process():
    assert {pid for _, pid in parallel.map_items(pid_of, list(range(300)), 1)} == {os.getpid()}
    assert {pid for _, pid in parallel.map_items(pid_of, [1, 2], 2)} == {os.getpid()}
    assert {pid for _, pid in apart.map_apart(pid_of, [1, 2], 2)} == {os.getpid()}
    assert apart.map_apart(pid_of, [], 2) == []


def test_a_memo_value_read_from_the_store_in_a_worker_is_kept_by_the_parent(tmp_path):
    """A worker that reads a value from the store sends back its key, not the value: the
    parent, whose store has the same files, keeps it for the next build unread."""
    from catalog.engine.cache import DigestStore, Keys
    from catalog.engine.writer import Memo, Packed

    keys = Keys("salt")
    stored = keys.key("memo", "events", "c")
    saved = Memo(keys, DigestStore(tmp_path / "memo"))
    saved[("events", "c")] = [b"event"]
    saved.store.save()

    worker = Memo(keys, DigestStore(tmp_path / "memo"))
    assert worker[("events", "c")] == [b"event"] and worker.values == {}, "read, not held"
    added = worker.take_added()
    assert added == [(stored, None)]
    parent = Memo(keys, DigestStore(tmp_path / "memo"))
    parent.merge(added)
    assert parent.store.carried == {stored} and parent.store.new == {}
    parent.store.save()
    assert dict(DigestStore(tmp_path / "memo").items()) == {stored: Packed.of([b"event"])}
    # Without the key sent back (the control), the next build has nothing to take.
    forgetful = Memo(keys, DigestStore(tmp_path / "memo"))
    forgetful.store.save()
    assert dict(DigestStore(tmp_path / "memo").items()) == {}


def disk_full_on_three(n: int) -> int:
    if n == 3:
        raise OSError(28, "No space left on device", "site/x")
    return n


def fails_on_three(item):
    if item == 3:
        raise ValueError("three")
    return item


def test_apart_what_the_function_raises_is_raised_here():
    with pytest.raises(ValueError, match="three"):
        apart.map_apart(fails_on_three, list(range(100)), 2)


def test_apart_a_system_error_keeps_its_number():
    """The build names a fault by its number (a full disk): one raised in a fresh process
    (a kept site linked beside the build) is told the same."""
    with pytest.raises(OSError) as raised:
        apart.map_apart(disk_full_on_three, list(range(100)), 2)
    assert raised.value.errno == 28 and raised.value.filename == "site/x"


def test_apart_the_calling_script_is_not_run_again(tmp_path):
    # multiprocessing's spawn runs the main script again in each child: a script without
    # an `if __name__ == "__main__"` guard would build again in each.
    runs = tmp_path / "runs.txt"
    script = tmp_path / "unguarded.py"
    script.write_text(textwrap.dedent(f"""\
        from catalog.engine import apart
        with open({str(runs)!r}, "a") as f:
            f.write("run\\n")
        print(sum(apart.map_apart(abs, [-n for n in range(200)], 2)))
        """), encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=60, env={**os.environ, "PYTHONPATH": str(PLUGINS)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(sum(range(200)))
    assert runs.read_text() == "run\n"


def test_the_memo_holds_its_values_compressed_and_gives_each_reader_its_own(tmp_path):
    from catalog.engine.cache import DigestStore, Keys
    from catalog.engine.writer import Memo, Packed

    store = DigestStore(tmp_path / "memo")
    memo = Memo(Keys("salt"), store)
    events = [b"BEGIN:VEVENT\r\nSUMMARY:Python at the Library\r\nEND:VEVENT\r\n" * 20] * 10
    memo[("events", "c")] = events
    (held,) = memo.values.values()
    assert isinstance(held, Packed) and store.new == {next(iter(memo.values)): held}
    assert len(held) * 20 < sum(map(len, events)), "compressed"
    first, second = memo[("events", "c")], memo[("events", "c")]
    assert first == second == events and first is not second
    assert memo.get(("events", "other")) is None
    assert ("events", "c") in memo and ("events", "other") not in memo


def printing(item):
    print("a line the work prints", item)
    return item


class OddError(Exception):
    def __init__(self, first, second):
        super().__init__(f"{first} and {second}")


def raises_odd(item):
    if item == 5:
        raise OddError("one", "two")
    return item


def killed_or_slow(item):
    if item == 0:  # the first share's first item
        os.kill(os.getpid(), 9)
    if item == 1:  # the second share's: would take a minute
        time.sleep(60)
    return item


def test_apart_what_the_work_prints_does_not_mix_with_its_results(capfd):
    # One process: two would write their lines into the same stream in blocks that mix.
    assert apart.map_apart(printing, list(range(100)), 1) == list(range(100))
    assert "a line the work prints 7\n" in capfd.readouterr().err


def test_apart_an_error_that_does_not_pickle_back_is_raised_as_its_text():
    with pytest.raises(RuntimeError, match="OddError: one and two") as raised:
        apart.map_apart(raises_odd, list(range(100)), 2)
    assert "raises_odd" in str(raised.value.__cause__), "the child's traceback"


def test_apart_one_process_stopped_stops_the_others_at_once():
    started = time.monotonic()
    with pytest.raises(parallel.WorkerStopped):
        apart.map_apart(killed_or_slow, list(range(100)), 2)
    assert time.monotonic() - started < 30


def started_then_waits(paths: tuple[str, str]):
    """Say it started (its pid in the first file), then wait up to a minute for the
    second file to appear."""
    started, go_on = map(Path, paths)
    started.write_text(str(os.getpid()))
    for _ in range(600):
        if go_on.exists():
            return os.getpid()
        time.sleep(0.1)
    return None


def wait_for(path: Path) -> int:
    for _ in range(600):
        if path.exists() and path.read_text():
            return int(path.read_text())
        time.sleep(0.1)
    raise AssertionError(f"{path} never came")


def test_apart_beside_computes_in_a_fresh_process_while_the_block_runs(tmp_path):
    started, go_on = tmp_path / "started", tmp_path / "go on"
    with apart.beside(started_then_waits, (str(started), str(go_on))) as result:
        pid = wait_for(started)  # running before its result is asked for
        go_on.touch()
        assert result() == pid != os.getpid()
        assert result() == pid, "asked again, the same result"


def test_apart_beside_ends_its_process_when_the_block_is_left_early(tmp_path):
    started, go_on = tmp_path / "started", tmp_path / "go on"
    begun = time.monotonic()
    with pytest.raises(KeyError):
        with apart.beside(started_then_waits, (str(started), str(go_on))):
            pid = wait_for(started)
            raise KeyError("the caller's own error")
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    assert time.monotonic() - begun < 50, "the process was ended, not waited for"


def test_apart_beside_raises_what_the_work_raises_when_asked():
    with apart.beside(raises_odd, 5) as result:
        with pytest.raises(RuntimeError, match="OddError: one and two"):
            result()
    with apart.beside(killed_or_slow, 0) as result:
        with pytest.raises(parallel.WorkerStopped):
            result()


def test_a_batch_is_written_largest_first_a_page_by_what_it_shows(tmp_path):
    # Each process takes every n-th output, so the largest go first to be shared out. A
    # page's inputs are its language and one tuple of (template, what it shows, renamed).
    from catalog.engine.cache import Keys
    from catalog.engine.writer import Memo, write_batch
    from catalog.outputs.output import Output

    made = []

    def output(path, inputs):
        return Output(path, inputs, lambda: made.append(path) or path)

    listing = output("/circles/", ("en", ("list.html", tuple(range(24)), ((), "v"))))
    circle = output("/circles/a/", ("en", ("circle.html", ("c", "k", "o"), ((), "v"))))
    api = output("/api/circles.json", ("today", tuple(range(500))))
    about = output("/about/", ("en", ("about.html", {}, ((), "v"))))
    files = write_batch([about, circle, api, listing], tmp_path, None, Memo(Keys("s")), 1)
    assert made == ["/api/circles.json", "/circles/", "/circles/a/", "/about/"]
    assert files == ["about/index.html", "circles/a/index.html", "api/circles.json",
                     "circles/index.html"]
    assert (tmp_path / "circles/index.html").read_text() == "/circles/"
