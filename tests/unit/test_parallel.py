"""Work across processes: the results in order, whoever computes them."""

import os

from catalog.engine import parallel


def pid_of(item):
    return item * 2, os.getpid()


def test_results_come_back_in_order_across_jobs():
    items = list(range(300))
    results = parallel.map_items(pid_of, items, 2)
    assert [r for r, _ in results] == [i * 2 for i in items]
    pids = {pid for _, pid in results}
    assert os.getpid() in pids and len(pids) == 2, "the parent is one of the two workers"


def test_without_the_parent_every_item_is_handled_in_a_child():
    for jobs, items in ((1, [1, 2, 3]), (2, list(range(300)))):
        results = parallel.map_items(pid_of, items, jobs, parent=False)
        assert [r for r, _ in results] == [i * 2 for i in items]
        pids = {pid for _, pid in results}
        # Any of the children may take any share: only the parent must take none.
        assert os.getpid() not in pids and 1 <= len(pids) <= jobs


def test_one_job_or_few_items_stay_in_this_process():
    assert {pid for _, pid in parallel.map_items(pid_of, list(range(300)), 1)} == {os.getpid()}
    assert {pid for _, pid in parallel.map_items(pid_of, [1, 2], 2)} == {os.getpid()}
    assert parallel.map_items(pid_of, [], 2, parent=False) == []


def test_a_memo_value_read_from_the_store_in_a_worker_reaches_the_parent():
    from catalog.engine.cache import Keys, Store
    from catalog.engine.writer import Memo

    store = Store(None)
    store.path = "kept"  # a store that keeps what is put, as one with a file does
    keys = Keys("salt")
    store.old[keys.key("memo", "events", "c")] = [b"event"]
    memo = Memo(keys, store)
    assert memo[("events", "c")] == [b"event"]
    added = memo.take_added()
    assert added == [(keys.key("memo", "events", "c"), [b"event"])]
    parent = Memo(keys, Store(None))
    parent.merge(added)
    assert parent[("events", "c")] == [b"event"]
