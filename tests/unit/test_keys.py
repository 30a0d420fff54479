"""The keys of what outputs are made from (engine.cache.Keys): what changes them, and what
a build holds to make them."""

from dataclasses import dataclass

from catalog.engine.cache import Keys


@dataclass(frozen=True)
class Entry:
    title: str


def test_a_key_changes_with_any_item_of_its_tuples_and_only_then():
    keys = Keys("salt")
    shared = (Entry("a"), Entry("b"))
    first = keys.key("file", "/x/", ("en", "page.html", shared))
    assert keys.key("file", "/x/", ("en", "page.html", (Entry("a"), Entry("b")))) == first
    assert keys.key("file", "/x/", ("es", "page.html", shared)) != first
    assert keys.key("file", "/x/", ("en", "page.html", (Entry("a"), Entry("c")))) != first
    assert Keys("other salt").key("file", "/x/", ("en", "page.html", shared)) != first


def test_a_key_s_own_tuple_is_not_held_but_the_tuples_it_shares_are():
    """An output's inputs are a new tuple for each page in each language: holding each one
    with its fingerprint grew the build by tens of megabytes a language. The tuples in it
    that many pages share (a listing's circles) are fingerprinted once."""
    keys = Keys("salt")
    shared = (Entry("a"), Entry("b"))
    inputs = [("en", "page.html", shared), ("es", "page.html", shared)]
    for own in inputs:
        keys.key("file", "/x/", own)
    held = {id(value) for value, _ in keys.seen.values()}
    assert id(shared) in held
    assert not held & {id(own) for own in inputs}
    # A tuple fingerprinted on its own, or inside another, gives the same text.
    assert keys.fingerprint(("en", "page.html", shared)) == keys._fingerprint_items(inputs[0])
