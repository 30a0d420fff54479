"""Contributor Markdown rendered up front, for every output that shows it: in child
processes, one per core (cmark-gfm does not free what it allocates, about 9 kB a
description, and what a child holds goes when it ends), and kept between builds by the
digest of the code and the text, so that a rebuild renders only what changed."""

from __future__ import annotations

from ..outputs import render
from . import parallel
from .cache import DigestStore, digest


def render_all(texts, store: DigestStore | None, code: str, jobs: int) -> None:
    """Render each of ``texts`` once (render.convert) and give the HTML to render.remember,
    before the workers that show it are forked; ``code`` is the digest of the code, so a
    change to the sanitizer renders everything again."""
    texts = sorted({t for t in texts if t})
    keys = {t: digest(code, t) for t in texts} if store is not None else {}
    known = {t: html for t in texts if (html := store.get(keys[t]) if store is not None
                                        else None) is not None}
    todo = [t for t in texts if t not in known]
    made = dict(zip(todo, parallel.map_items(render.convert, todo, jobs, parent=False)))
    render.remember(known)
    render.remember(made)
    if store is not None:
        for text in texts:
            store.put(keys[text], known.get(text) or made[text])
