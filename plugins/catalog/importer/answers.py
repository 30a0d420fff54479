"""P2PU's API answers, read from a saved file or fetched (paging through ``offset``), and
checked for the shape its views give them (p2pu/learning-circles, studygroups/views/api.py:
``{"count": N, "items": [...]}``, items from ``serialize_learning_circle`` and
``serialize_course``). Nothing is written before both answers are read and whole."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from ..source.problems import CatalogError

PAGE = 100  # items asked for per request, as P2PU's own pages do
TIMEOUT = 30  # seconds for one request


class AnswerError(CatalogError):
    """The answers cannot be read: one line says why, and nothing is written."""

    exit_code = 1


def read_answer(source: str, what: str, team: int | None = None) -> list[dict]:
    """The items of one answer, from a file or an http(s) URL."""
    if urllib.parse.urlsplit(source).scheme in ("http", "https"):
        return fetch_all(source, what, team)
    path = Path(source)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise AnswerError(f"cannot read the {what} answer {source}: {exc.strerror}") from None
    return items_of(parse(text, source, what), source, what)


def parse(text: str, source: str, what: str) -> dict:
    try:
        answer = json.loads(text)
    except json.JSONDecodeError as exc:
        raise AnswerError(f"{source} is not JSON (line {exc.lineno}, column {exc.colno}: "
                           f"{exc.msg}): save the {what} answer of P2PU's API as it comes") \
            from None
    return answer


def items_of(answer, source: str, what: str) -> list[dict]:
    """The ``items`` of an answer, each an object with the fields it must have."""
    if not isinstance(answer, dict) or not isinstance(answer.get("items"), list) \
            or not isinstance(answer.get("count"), int):
        raise AnswerError(f"{source} is not an answer of P2PU's API: it should be an object "
                           f'with "count" and "items", as /api/{what}/ gives')
    return answer["items"]


def fetch_all(url: str, what: str, team: int | None) -> list[dict]:
    """Every item of a list at ``url``, page by page, until ``count`` are in."""
    items: list[dict] = []
    while True:
        answer = parse(_get(_page_url(url, len(items), team), what), url, what)
        page = items_of(answer, url, what)
        items += page
        if not page or len(items) >= answer["count"]:
            return items


def _page_url(url: str, offset: int, team: int | None) -> str:
    parts = urllib.parse.urlsplit(url)
    query = dict(urllib.parse.parse_qsl(parts.query))
    query.update({"limit": str(PAGE), "offset": str(offset)})
    if team is not None:
        query["team_id"] = str(team)
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def _get(url: str, what: str) -> str:
    request = urllib.request.Request(url, headers={"Accept": "application/json",
                                                   "User-Agent": "learning-circles-import"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise AnswerError(f"cannot fetch the {what} answer from {url}: {reason}") from None
