"""The development server serves the built site and its own 404 page, and a port it cannot
take ends the command with one line before anything is built."""

import functools
import http.server
import socket
import threading
import urllib.error
import urllib.request

from catalog.cli import main
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
        with urllib.request.urlopen(base + "/api/v1/circles.geojson") as geojson:
            assert geojson.headers["Content-Type"] == "application/geo+json"  # RFC 7946
            assert geojson.headers["Access-Control-Allow-Origin"] == "*"
    finally:
        server.shutdown()


def test_a_busy_port_stops_serve_before_any_build(site, capsys):
    site.circle()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "content", "output", "--port", str(port)]) == 1
    assert capsys.readouterr().err == (
        f"error: port {port} on 127.0.0.1 is in use (another server is running?): "
        f"choose another with make serve PORT={port + 1}\n")
    assert not (site.root / "output").exists()
    assert list(site.root.glob(".output*")) == []


def test_a_bad_host_is_one_line_too(site, capsys):
    site.circle()
    assert main(["serve", "--host", "no-such-host.invalid", "--port", "0"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: cannot serve on no-such-host.invalid port 0: ")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not (site.root / "output").exists()
