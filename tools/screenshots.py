"""The README's screenshots (make screenshots): the bundled content built for a fixed date,
served on this machine, and photographed by Chromium at 1280 x 800 and 320 x 640, so that
they show the site as it is now and never go stale.

    docs/screenshots/home.png, home-phone.png          the home page
    docs/screenshots/search.png, search-phone.png      /circles/ after a search
    docs/screenshots/circle.png, circle-phone.png      a circle's page
    docs/screenshots/widget.png, widget-phone.png      the widget on a library's own page
    docs/screenshots/map.png, map-phone.png            /circles/map/
    docs/screenshots/flyer.png                         a circle's flyer, as printed

The site is built with the address it is served at as SITEURL, as a published site is, so
that the flyer carries its QR code.

Chromium is Debian's (apt-get install chromium); nothing is downloaded. SCREENSHOTS_DIR
puts them elsewhere.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import sys
import tempfile
import threading
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))

from catalog.build import build_site  # noqa: E402
from catalog.outputs import embeds  # noqa: E402
from catalog.serve import SiteHandler  # noqa: E402
from catalog.source.catalog import load_catalog  # noqa: E402

TODAY = date(2027, 3, 10)
OUT = Path(os.environ.get("SCREENSHOTS_DIR") or ROOT / "docs" / "screenshots")
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--no-first-run",
        "--disable-sync"]
SIZES = {"": {"width": 1280, "height": 800}, "-phone": {"width": 320, "height": 640}}
CIRCLE = "tpl-cs50x-winter-2027"
ORGANIZATION = "toronto-public-library"
SEARCH = "python"


class Quiet(SiteHandler):
    def log_message(self, format, *args):  # noqa: A002 - the name http.server uses
        pass


@contextlib.contextmanager
def serving(folder: Path):
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def host_page(folder: Path, site: str) -> str:
    """A library's page with the widget of one organization, as the embed builder gives it."""
    catalog = load_catalog(ROOT / "content", TODAY)
    snippet = embeds.script_snippet(site, catalog.organizations[ORGANIZATION])
    (folder / "library.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Toronto Public Library: programs</title>"
        "<style>body{font:17px/1.5 Georgia,serif;margin:0;background:#f4f1ea;color:#222}"
        "header{background:#243b55;color:#fff;padding:1rem 1.5rem;font-size:1.4rem}"
        "main{max-width:40rem;margin:0 auto;padding:1rem 1.5rem}</style></head>"
        "<body><header>Your library</header><main><h1>Study together this spring</h1>"
        f"<p>Join a free learning circle at one of our branches.</p>{snippet}</main>"
        "</body></html>", encoding="utf-8")
    return "library.html"


def shoot(page, url: str, path: Path, ready: str | None = None, search: str | None = None):
    page.goto(url)
    if search is not None:
        page.wait_for_selector("[data-finder]:not([hidden])")
        page.fill("#finder-q", search)
        page.wait_for_function("q => new URLSearchParams(location.search).get('q') === q",
                               arg=search)
        page.wait_for_selector("[data-results] li")
    if ready:
        page.wait_for_selector(ready)
    page.wait_for_timeout(300)
    page.screenshot(path=str(path))


def main() -> int:
    from playwright.sync_api import sync_playwright

    os.environ["CATALOG_TODAY"] = TODAY.isoformat()
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="screenshots-") as tmp:
        output, library = Path(tmp) / "output", Path(tmp) / "library"
        output.mkdir()
        library.mkdir()
        with serving(output) as site, serving(library) as host, sync_playwright() as pw:
            build_site(ROOT / "content", output, TODAY, overrides={"SITEURL": site})
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            widget = f"{host}/{host_page(library, site)}"
            for suffix, viewport in SIZES.items():
                page = browser.new_page(viewport=viewport, color_scheme="light")
                shoot(page, f"{site}/", OUT / f"home{suffix}.png")
                shoot(page, f"{site}/circles/", OUT / f"search{suffix}.png", search=SEARCH)
                shoot(page, f"{site}/circles/{CIRCLE}/", OUT / f"circle{suffix}.png")
                shoot(page, widget, OUT / f"widget{suffix}.png", ready=".learning-circles-embed")
                shoot(page, f"{site}/circles/map/", OUT / f"map{suffix}.png")
                page.close()
            page = browser.new_page(viewport={"width": 816, "height": 1056})  # Letter, 96 dpi
            page.emulate_media(media="print")
            shoot(page, f"{site}/circles/{CIRCLE}/flyer/", OUT / "flyer.png")
            browser.close()
    for name in sorted(OUT.glob("*.png")):
        print(name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
