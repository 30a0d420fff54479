"""Check the catalog's outside links and print a Markdown report (issue 6, the weekly link
check): course pages and facilitator guides, organization sites, venue websites and the
signup forms of circles that are not completed.

Each URL is asked once with HEAD, then with GET when HEAD fails (many servers refuse HEAD),
with a timeout, a few retries for timeouts, 429 and 5xx answers, at most two requests at a
time per host, and a User-Agent that says who is asking. Dead links are reported, never
turned into a failure: the exit status is 0 unless the command itself could not run.

    python tools/check_links.py [CONTENT] [--timeout S] [--workers N] [--summary FILE]

Inside GitHub Actions the report is also appended to $GITHUB_STEP_SUMMARY.
"""

from __future__ import annotations

import argparse
import os
import socket
import ssl
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.client import HTTPException
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))

from catalog.source.catalog import build_date, load_catalog  # noqa: E402
from catalog.source.model import COMPLETED  # noqa: E402
from catalog.source.problems import CatalogError, ContentErrors  # noqa: E402

USER_AGENT = ("learning-circles-catalog-link-check/1.0 (+weekly check of the links listed in "
              "a learning circle catalog; one request per link)")
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
PERMANENT = frozenset({301, 308})
PER_HOST = 2
MAX_BACKOFF = 10.0


@dataclass(frozen=True)
class Result:
    """What one URL answered."""

    url: str
    status: int | None = None  # the final HTTP status; None when there was no answer
    error: str | None = None  # why there was no answer (timeout, DNS, refused, ...)
    final_url: str | None = None  # where a permanent redirect leads
    reason: str = ""

    @property
    def is_broken(self) -> bool:
        return self.status is None or self.status >= 400

    @property
    def has_moved(self) -> bool:
        return not self.is_broken and self.final_url is not None

    def describe(self) -> str:
        if self.status is None:
            return self.error or "no answer"
        return f"{self.status} {self.reason}".strip()


@dataclass
class Checker:
    timeout: float = 15.0
    retries: int = 2
    backoff: float = 1.0
    user_agent: str = USER_AGENT
    _hosts: dict = field(default_factory=lambda: defaultdict(lambda: threading.Semaphore(PER_HOST)))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def check(self, url: str) -> Result:
        """HEAD, then GET if HEAD did not give a good answer; each with retries."""
        with self._host(url):
            head = self._with_retries(url, "HEAD")
            if not head.is_broken:
                return head
            return self._with_retries(url, "GET")

    def _host(self, url: str) -> threading.Semaphore:
        with self._lock:
            return self._hosts[urlsplit(url).netloc.lower()]

    def _with_retries(self, url: str, method: str) -> Result:
        for attempt in range(self.retries + 1):
            result, retry_after = self._request(url, method)
            retryable = result.status is None or result.status in RETRY_STATUSES
            if not retryable or attempt == self.retries:
                return result
            time.sleep(min(retry_after or self.backoff * 2 ** attempt, MAX_BACKOFF))
        raise AssertionError("unreachable")

    def _request(self, url: str, method: str) -> tuple[Result, float | None]:
        redirects = _RecordRedirects()
        opener = urllib.request.build_opener(redirects)
        request = urllib.request.Request(url, method=method, headers={
            "User-Agent": self.user_agent, "Accept": "text/html,*/*;q=0.8"})
        try:
            with opener.open(request, timeout=self.timeout) as response:
                if method == "GET":
                    response.read(1024)  # enough to know the body starts; not the whole page
                return self._result(url, response.status, response.reason, redirects), None
        except urllib.error.HTTPError as exc:
            result = self._result(url, exc.code, exc.reason, redirects)
            return result, _retry_after(exc.headers.get("Retry-After"))
        except (urllib.error.URLError, HTTPException, OSError, ValueError) as exc:
            return Result(url, error=_error_words(exc)), None

    @staticmethod
    def _result(url, status, reason, redirects) -> Result:
        moved = redirects.permanent_target()
        return Result(url, status=status, reason=str(reason or ""), final_url=moved)

    def check_all(self, urls: list[str], workers: int = 8) -> list[Result]:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            return list(pool.map(self.check, urls))


class _RecordRedirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects like urllib does, remembering each hop's status and target."""

    def __init__(self):
        self.hops: list[tuple[int, str]] = []

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        self.hops.append((code, newurl))
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and req.get_method() == "HEAD":
            new.method = "HEAD"  # urllib turns a redirected HEAD into a GET otherwise
        return new

    def permanent_target(self) -> str | None:
        """The final URL when every hop was permanent (so the link should be updated)."""
        if self.hops and all(code in PERMANENT for code, _ in self.hops):
            return self.hops[-1][1]
        return None


def _retry_after(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None


def _error_words(exc: Exception) -> str:
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, TimeoutError) or "timed out" in str(reason):
        return "timed out"
    if isinstance(reason, socket.gaierror):
        return "host not found"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, ssl.SSLError):
        return f"TLS error: {getattr(reason, 'reason', None) or reason}"
    return str(reason) or type(exc).__name__


# -- the catalog's links ------------------------------------------------------------------

def catalog_links(catalog) -> dict[str, list[str]]:
    """Every outside URL of the catalog, with where each is written (``file (field)``)."""
    links: dict[str, list[str]] = defaultdict(list)

    def add(url, thing, name):
        if url:
            links[url].append(f"{thing.source_path} ({name})")

    for course in catalog.courses.values():
        add(course.url, course, "url")
        add(course.facilitator_guide, course, "facilitator_guide")
    for organization in catalog.organizations.values():
        add(organization.url, organization, "url")
    for circle in catalog.circles.values():
        if circle.status != COMPLETED:  # a finished circle's form may close: that is fine
            add(circle.signup.url, circle, "signup.url")
        if circle.venue is not None:
            add(circle.venue.website, circle, "venue.website")
    return dict(sorted(links.items()))


# -- the report ---------------------------------------------------------------------------

def report(results: list[Result], links: dict[str, list[str]], today) -> str:
    """The Markdown summary: counts, then a table of broken links and one of moved ones."""
    broken = [r for r in results if r.is_broken]
    moved = [r for r in results if r.has_moved]
    fine = len(results) - len(broken) - len(moved)
    lines = ["## Link check", "",
             f"Checked {len(results)} links on {today}: {len(broken)} broken, "
             f"{len(moved)} moved permanently, {fine} fine.", ""]
    if broken:
        lines += ["### Broken", "", "| link | answer | used in |", "| --- | --- | --- |"]
        lines += [_row(r.url, r.describe(), links.get(r.url, [])) for r in broken] + [""]
    if moved:
        lines += ["### Moved permanently: update the link", "",
                  "| link | now at | used in |", "| --- | --- | --- |"]
        lines += [_row(r.url, r.final_url, links.get(r.url, [])) for r in moved] + [""]
    if not broken and not moved:
        lines += ["Every link answered.", ""]
    return "\n".join(lines)


def _row(url: str, answer: str, where: list[str]) -> str:
    cells = (url, answer, "<br>".join(where))
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check the catalog's outside links.")
    parser.add_argument("content", nargs="?", default="content", type=Path)
    parser.add_argument("--timeout", type=float, default=15.0, help="seconds per request")
    parser.add_argument("--retries", type=int, default=2)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--summary", type=Path, default=os.environ.get("GITHUB_STEP_SUMMARY"),
                        help="also append the report to this file (default: "
                             "$GITHUB_STEP_SUMMARY)")
    args = parser.parse_args(argv)
    try:
        today = build_date()
        catalog = load_catalog(args.content, today)
    except ContentErrors as exc:
        print("\n".join(str(p) for p in exc.problems), file=sys.stderr)
        return 1
    except CatalogError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    links = catalog_links(catalog)
    checker = Checker(timeout=args.timeout, retries=args.retries)
    text = report(checker.check_all(list(links), args.workers), links, today)
    print(text)
    if args.summary:
        with Path(args.summary).open("a", encoding="utf-8") as f:
            f.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
