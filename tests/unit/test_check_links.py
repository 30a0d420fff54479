"""tools/check_links.py against a local HTTP server on 127.0.0.1: good, missing, moved,
HEAD-refusing, flaky and too-slow links, and the Markdown report of a catalog's links."""

import importlib.util
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from helpers import COURSE, ORGANIZATION

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("check_links", ROOT / "tools" / "check_links.py")
check_links = sys.modules["check_links"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_links)


class Handler(BaseHTTPRequestHandler):
    flaky_calls = 0
    agents: list[str] = []

    def do_HEAD(self):
        if self.path == "/no-head":
            return self._send(405)
        self.do_GET()

    def do_GET(self):
        Handler.agents.append(self.headers.get("User-Agent", ""))
        if self.path == "/slow":
            time.sleep(1.5)
        if self.path == "/flaky":
            Handler.flaky_calls += 1
            if Handler.flaky_calls == 1:
                return self._send(503)
        moves = {"/moved": (301, "/ok"), "/temp": (302, "/ok"), "/gone-moved": (308, "/missing")}
        if self.path in moves:
            code, to = moves[self.path]
            return self._send(code, {"Location": to})
        self._send(200 if self.path in ("/ok", "/no-head", "/flaky", "/slow") else 404)

    def _send(self, code, headers=None):
        self.send_response(code)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def checker():
    return check_links.Checker(timeout=0.5, retries=1, backoff=0.01)


@pytest.mark.parametrize("path, status, broken, final", [
    ("/ok", 200, False, None),
    ("/missing", 404, True, None),
    ("/moved", 200, False, "/ok"),
    ("/temp", 200, False, None),
    ("/gone-moved", 404, True, "/missing"),
    ("/no-head", 200, False, None),
])
def test_answers(server, path, status, broken, final):
    result = checker().check(server + path)
    assert (result.status, result.is_broken) == (status, broken)
    assert result.final_url == (server + final if final else None)


def test_timeout_is_broken_with_a_reason(server):
    result = checker().check(server + "/slow")
    assert (result.status, result.is_broken, result.describe()) == (None, True, "timed out")


def test_a_503_is_retried(server):
    Handler.flaky_calls = 0
    assert checker().check(server + "/flaky").status == 200
    assert Handler.flaky_calls == 2


def test_refused_connection_is_broken():
    result = check_links.Checker(timeout=0.5, retries=0).check("http://127.0.0.1:9/")
    assert (result.status, result.describe()) == (None, "connection refused")


def test_sends_its_user_agent(server):
    Handler.agents.clear()
    checker().check(server + "/ok")
    assert Handler.agents == [check_links.USER_AGENT]


def test_report_of_a_catalog(site, server, tmp_path, capsys):
    site.write("courses/py4e.md", COURSE.replace("https://www.py4e.com/", server + "/missing"))
    site.write("organizations/tpl.yaml", ORGANIZATION.replace(
        "https://www.torontopubliclibrary.ca/", server + "/ok"))
    # A completed circle: its signup form (https, so not on this server) is not checked.
    site.circle(("2027-03-02", "2026-01-06"),
                ("  country: CA", f"  country: CA\n  website: {server}/moved"))
    summary = tmp_path / "summary.md"
    summary.write_text("earlier\n")
    assert check_links.main(["content", "--timeout", "0.5", "--retries", "0",
                             "--summary", str(summary)]) == 0
    text = capsys.readouterr().out
    assert "Checked 3 links on 2027-03-10: 1 broken, 1 moved permanently, 1 fine." in text
    assert f"| {server}/missing | 404 Not Found | content/courses/py4e.md (url) |" in text
    assert f"| {server}/moved | {server}/ok | content/circles/c.yaml (venue.website) |" in text
    assert summary.read_text() == "earlier\n" + text
