"""``make serve``: build, serve the output on localhost, and rebuild when a source changes.

The port is taken before the first build, so a busy port or a bad host ends the command at
once with one line. A rebuild that fails prints its problems and keeps serving the last good
site."""

from __future__ import annotations

import errno
import functools
import http.server
import sys
import threading
from pathlib import Path

from .build import ROOT, build_site
from .source.catalog import build_date
from .console import report, say
from .source.problems import BuildFault, CatalogError, ContentErrors

WATCHED = ("content", "theme", "pelicanconf.py")  # code and schema changes need a restart
# Read by the widget from other sites' pages (README, "Embedding"), so open to every origin.
CORS_PATHS = ("/api/", "/embed.js")


def rebuild(content: Path, output: Path, settings: Path | None) -> bool:
    try:
        build_site(content, output, build_date(), settings, report=say)
    except ContentErrors as exc:
        report(exc.problems)
    except BuildFault as exc:  # a full disk: the next change tries again
        say(f"error: {exc}")
    else:
        return True
    say("the site was not rebuilt; still serving the last good build")
    return False


class ServeError(CatalogError):
    """The server cannot listen where it was asked to (the port is taken, the host unknown)."""

    exit_code = 1


class SiteServer(http.server.ThreadingHTTPServer):
    # SO_REUSEADDR (inherited) lets a restart reuse a port still in TIME_WAIT; SO_REUSEPORT
    # would let a second server share the port of a running one, so never ask for it.
    allow_reuse_port = False

    def handle_error(self, request, client_address):
        # A browser that leaves a page while a large file loads closes the connection
        # mid-write: not a fault of the site, so no traceback. Anything else is reported.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


def listen(host: str, port: int, output: Path) -> SiteServer:
    """Bind ``host``:``port`` for the site in ``output`` (which need not exist yet), or raise
    ServeError with the one line that says what to do."""
    handler = functools.partial(SiteHandler, directory=str(output))
    try:
        return SiteServer((host, port), handler)
    except OSError as exc:
        if exc.errno in (errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", None)):
            raise ServeError(f"port {port} on {host} is in use (another server is running?): "
                             f"choose another with make serve PORT={other_port(port)}") from None
        reason = exc.strerror or str(exc)
        raise ServeError(f"cannot serve on {host} port {port}: {reason}: "
                         "choose another with make serve HOST=127.0.0.1 PORT=8000") from None
    except OverflowError:  # a port outside 0-65535
        raise ServeError(f"cannot serve on {host} port {port}: ports go from 0 to 65535: "
                         "choose another with make serve PORT=8000") from None


def other_port(port: int) -> int:
    return port + 1 if 0 < port < 65535 else 8001


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site, with its own 404 page as a static host would, and lets any
    origin read the API and the widget."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".geojson": "application/geo+json"}  # RFC 7946 section 12

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
    # Bound before the build: a busy port must not cost a whole build to find out.
    # The handler resolves the folder per request, so it serves each swapped-in build.
    server = listen(host, port, output)
    try:
        if not rebuild(content, output, settings) and not output.exists():
            return 1
        threading.Thread(target=server.serve_forever, daemon=True).start()
        print(f"serving http://{host}:{server.server_address[1]}/ (Ctrl-C to stop)",
              file=sys.stderr)
        try:
            watch(content, output, settings)
        except KeyboardInterrupt:
            pass
        server.shutdown()
        return 0
    finally:
        server.server_close()


def watch(content: Path, output: Path, settings: Path | None) -> None:
    from watchfiles import watch as changes

    paths = [p for p in (ROOT / name for name in WATCHED) if p.exists()]
    if content.resolve() not in [p.resolve() for p in paths]:
        paths.append(content)
    for _ in changes(*paths, watch_filter=lambda change, path: "__pycache__" not in path):
        rebuild(content, output, settings)
