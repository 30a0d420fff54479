"""``make serve``: build, serve the output on localhost, and rebuild when a source changes.

A rebuild that fails prints its problems and keeps serving the last good site."""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path

from .build import ROOT, build_site
from .catalog import build_date
from .cli import report
from .problems import ContentErrors

WATCHED = ("content", "theme", "pelicanconf.py")  # code and schema changes need a restart
# Read by the widget from other sites' pages (README, "Embedding"), so open to every origin.
CORS_PATHS = ("/api/", "/embed.js")


def rebuild(content: Path, output: Path, settings: Path | None) -> bool:
    try:
        build_site(content, output, build_date(), settings)
    except ContentErrors as exc:
        report(exc.problems)
        print("the site was not rebuilt; still serving the last good build", file=sys.stderr)
        return False
    print(f"built {output}/", file=sys.stderr)
    return True


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site, with its own 404 page as a static host would, and lets any
    origin read the API and the widget."""

    def end_headers(self):
        if self.path.startswith(CORS_PATHS):
            self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def serve_forever(content: Path, output: Path, settings: Path | None, host: str,
                  port: int) -> int:
    if not rebuild(content, output, settings) and not output.exists():
        return 1
    # The handler resolves the folder per request, so it serves each swapped-in build.
    handler = functools.partial(SiteHandler, directory=str(output))
    server = http.server.ThreadingHTTPServer((host, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"serving http://{host}:{port}/ (Ctrl-C to stop)", file=sys.stderr)
    try:
        watch(content, output, settings)
    except KeyboardInterrupt:
        pass
    server.shutdown()
    return 0


def watch(content: Path, output: Path, settings: Path | None) -> None:
    from watchfiles import watch as changes

    paths = [p for p in (ROOT / name for name in WATCHED) if p.exists()]
    if content.resolve() not in [p.resolve() for p in paths]:
        paths.append(content)
    for _ in changes(*paths, watch_filter=lambda change, path: "__pycache__" not in path):
        rebuild(content, output, settings)
