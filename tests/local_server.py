"""A built site served on 127.0.0.1 as ``make serve`` serves it, for the tests that fetch
pages over HTTP (a module of its own: importing the server brings the whole build)."""

from __future__ import annotations

import contextlib
import functools
import threading
from pathlib import Path

from catalog.serve import SiteHandler, SiteServer


class QuietHandler(SiteHandler):
    """``make serve``'s handler without its line on stderr for every request."""

    def log_message(self, format, *args):  # noqa: A002 - the name http.server uses
        pass


def base_url(server: SiteServer) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


@contextlib.contextmanager
def serving(root: Path, handler=QuietHandler, server_class=SiteServer):
    """Serve ``root`` as ``make serve`` does, on 127.0.0.1 on a port the OS chooses, from a
    thread; yield the server (``base_url`` gives its address). Stopping it twice is harmless,
    so a test may stop it itself before it checks what the server did."""
    server = server_class(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
