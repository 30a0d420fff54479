"""Contributor Markdown rendered up front, for every output that shows it: in fresh
processes, one per core (cmark-gfm does not free what it allocates, about 9 kB a
description, and what a child holds goes when it ends; apart.py), and kept between builds
by the digest of the code and the text, so that a rebuild renders only what changed."""

from __future__ import annotations

from ..outputs import render
from . import apart
from .cache import DigestStore, digest


def render_all(texts, store: DigestStore | None, code: str, jobs: int) -> None:
    """Render each of ``texts`` once (render.convert) and give the HTML to render.remember,
    before the workers that show it are forked; ``code`` is the digest of the code, so a
    change to the sanitizer renders everything again."""
    texts = sorted({t for t in texts if t})
    if store is None:
        render.remember(_rendered(texts, jobs))
        return
    keys = {t: digest(code, t) for t in texts}
    known = _stored(store, keys)
    made = _rendered([t for t in texts if t not in known], jobs)
    render.remember(known)
    render.remember(made)
    for text in texts:
        if text in known:
            store.keep(keys[text])
        else:
            store.put(keys[text], made[text])


def _stored(store: DigestStore, keys: dict[str, str]) -> dict[str, str]:
    """The HTML ``store`` holds of the texts of ``keys`` (``{text: key}``)."""
    return {t: html for t, key in keys.items() if (html := store.get(key)) is not None}


def _rendered(texts: list[str], jobs: int) -> dict[str, str]:
    """The HTML of each of ``texts``, rendered in child processes."""
    return dict(zip(texts, apart.map_apart(render.convert, texts, jobs)))
