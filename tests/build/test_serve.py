"""The development server serves the built site and its own 404 page, a port it cannot take
ends the command with one line before anything is built, and a browser that drops a
connection mid-file (a page left while a large file loads) prints nothing, while any other
fault of a request is still reported."""

import socket
import struct
import sys
import urllib.error
import urllib.request

import pytest

from catalog.cli import main
from catalog.serve import SiteServer
from local_server import QuietHandler, base_url, serving


def test_serves_pages_and_the_sites_404(site, build):
    site.circle()
    out = build()
    with serving(out.root) as server:
        base = base_url(server)
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


class Faulty(QuietHandler):
    def do_POST(self):
        raise ValueError("a fault of the site")


class Recording(SiteServer):
    """Joins its request threads on close, and records what each failed request raised."""

    daemon_threads = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.raised = []

    def handle_error(self, request, client_address):
        self.raised.append(sys.exc_info()[0])
        super().handle_error(request, client_address)

    def stop(self):
        self.shutdown()
        self.server_close()  # waits for the request threads (daemon_threads is off)


@pytest.fixture
def server(tmp_path):
    with open(tmp_path / "big.bin", "wb") as big:
        big.truncate(64 << 20)  # far more than a socket buffers; sparse, so nothing is written
    with serving(tmp_path, Faulty, Recording) as server:
        yield server


def test_a_dropped_download_prints_nothing(server, capsys):
    with socket.create_connection(server.server_address) as client:
        client.sendall(b"GET /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n")
        assert client.recv(1024).startswith(b"HTTP/1.0 200")
        # Closed with a reset, as a browser drops a connection, while the server still writes.
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    server.stop()
    assert server.raised and all(issubclass(kind, ConnectionError) for kind in server.raised)
    assert capsys.readouterr().err == ""


def test_any_other_fault_is_still_reported(server, capsys):
    url = base_url(server) + "/"
    with pytest.raises(Exception):
        urllib.request.urlopen(urllib.request.Request(url, data=b"x", method="POST"))
    server.stop()
    assert server.raised == [ValueError]
    err = capsys.readouterr().err
    assert "Exception occurred during processing of request" in err
    assert "ValueError: a fault of the site" in err
