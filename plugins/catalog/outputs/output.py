"""What an output module says it makes: :class:`Output`, a file of the site, and
:class:`Page`, an HTML page before it is rendered.

An output module has one function the build calls::

    def outputs(catalog: Catalog, site: Site, memo: MutableMapping) -> Iterable[Output]

Each Output is a site path, the inputs its bytes are made from, and a function that makes
them from those inputs alone. The build date is an input like any other: a file that
shows it has ``catalog.today`` among its inputs (what the date decides of a circle is
already part of the circle's key). The engine decides which outputs are still fresh from the
previous build (their inputs are the same), which are made in which worker, and when
memory is freed; an output module never sees it. What several outputs share and is costly
to make (a circle's calendar events, its JSON) is asked of ``memo``, a mapping the engine
supplies (keep it by what the value is made from: ``memo[("events", circle)]``;
:func:`remembered` asks it and makes what it lacks); in a unit test it is a plain dict.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Callable, TypeVar

T = TypeVar("T")


def remembered(memo: MutableMapping | None, key: tuple, make: Callable[[], T]) -> T:
    """``memo[key]``, made by ``make()`` and kept there the first time it is asked for
    (made each time without a memo). None is never kept: the memo holds it as missing."""
    if memo is None:
        return make()
    found = memo.get(key)
    if found is None:
        found = make()
        if found is not None:
            memo[key] = found
    return found


@dataclass(frozen=True)
class Output:
    """One file: ``path`` is root-relative ('/circles/x/' is its index.html), ``inputs``
    all that ``make()`` reads. Outputs of one ``batch`` are made together, batches in the
    order they come, and a batch may read in the memo what an earlier one put there.
    ``leaves`` are the memo keys of what ``make()`` puts there for other outputs (a
    circle's calendar leaves its events for the calendars of many circles): while the
    output is kept, those values are kept for the next build, which may make the others
    again without making the output."""

    path: str
    inputs: tuple
    make: Callable[[], bytes | str]
    batch: object = None
    leaves: tuple[tuple, ...] = ()


@dataclass(frozen=True)
class Page:
    """A page: its path (root-relative, ending in "/" for an index.html), its template and
    what it shows. With ``make``, ``inputs`` are what the context is made from, and the
    context is made only when the page is rendered (a rebuild that keeps the page compares
    the inputs only); without it, ``inputs`` is the context."""

    path: str
    template: str
    inputs: dict | tuple
    make: Callable[..., dict] | None = None

    @property
    def context(self) -> dict:
        if self.make is None:
            return self.inputs
        made = self.__dict__.get("_context")
        if made is None:
            made = self.make(*self.inputs)
            object.__setattr__(self, "_context", made)
        return made
