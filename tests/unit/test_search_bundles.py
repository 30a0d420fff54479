"""What a search bundle is kept by (engine/pagefind.records_digest): every field of every
record, in order, so that a bundle is made again whenever anything it holds changes."""

from __future__ import annotations

import dataclasses

import pytest

from catalog.engine.pagefind import records_digest
from catalog.outputs.search import Record

RECORD = Record("/circles/a/", "Python at the Library", {"title": "Python"},
                {"type": ["circle"], "status": ["upcoming"]}, {"title": "python"})


@pytest.mark.parametrize("field", [f.name for f in dataclasses.fields(Record)])
def test_every_field_of_a_record_changes_the_digest(field):
    value = getattr(RECORD, field)
    other = value + "x" if isinstance(value, str) else {**value, "extra": ["x"]}
    assert records_digest([dataclasses.replace(RECORD, **{field: other})]) != \
        records_digest([RECORD])


def test_the_order_and_the_number_of_records_change_it():
    second = dataclasses.replace(RECORD, url="/circles/b/")
    assert records_digest([RECORD, second]) != records_digest([second, RECORD])
    assert records_digest([RECORD]) != records_digest([RECORD, RECORD])
    assert records_digest([RECORD, second]) == records_digest([RECORD, second])


def test_a_dict_s_order_does_not():
    shuffled = dataclasses.replace(RECORD, filters={"status": ["upcoming"], "type": ["circle"]})
    assert records_digest([shuffled]) == records_digest([RECORD])
