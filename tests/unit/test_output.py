"""outputs.output.remembered: what output modules ask of the memo."""

from catalog.outputs.output import remembered


def test_a_value_is_made_once_and_then_taken_from_the_memo():
    memo, made = {}, []

    def make():
        made.append(1)
        return "value"
    assert remembered(memo, ("k", 1), make) == "value"
    assert remembered(memo, ("k", 1), make) == "value"
    assert made == [1] and memo == {("k", 1): "value"}
    assert remembered(memo, ("k", 2), make) == "value" and made == [1, 1], "another key"


def test_without_a_memo_it_is_made_each_time_and_none_is_never_kept():
    made = []
    assert remembered(None, ("k",), lambda: made.append(1) or 3) == 3
    assert remembered(None, ("k",), lambda: made.append(1) or 3) == 3
    assert made == [1, 1]
    memo = {}
    assert remembered(memo, ("none",), lambda: None) is None
    assert memo == {}
