"""The development server serves the built site and its own 404 page."""

import functools
import http.server
import threading
import urllib.error
import urllib.request

from catalog.serve import SiteHandler


def test_serves_pages_and_the_sites_404(site, build):
    site.circle()
    out = build()
    handler = functools.partial(SiteHandler, directory=str(out.root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        assert "Python at the Library" in urllib.request.urlopen(base + "/circles/c/").read().decode()
        try:
            urllib.request.urlopen(base + "/circles/nope/")
        except urllib.error.HTTPError as error:
            assert error.code == 404 and "Page not found" in error.read().decode()
        else:
            raise AssertionError("a missing page answered 200")
    finally:
        server.shutdown()
