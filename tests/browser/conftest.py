"""Real-browser tests: build a site, serve it on 127.0.0.1 and drive Debian's Chromium
through Playwright.

Needs /usr/bin/chromium and node_modules/axe-core (``npm ci``). Without them every test here
fails, naming what is missing and how to install it, since a skip would let a run look
green when nothing here ran; ``CATALOG_SKIP_BROWSER=1`` skips them instead, on purpose.
"""

from __future__ import annotations

import contextlib
import os
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from unittest import mock
from urllib.parse import urlsplit

import pytest

from catalog.build import build_site
from catalog.source.catalog import load_catalog
from local_server import base_url, serving

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
TODAY = date(2027, 3, 10)  # the bundled circles' dates are laid out for this day
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def missing_requirements() -> list[str]:
    missing = []
    if not CHROMIUM.is_file():
        missing.append(f"{CHROMIUM} (apt-get install chromium)")
    if not AXE.is_file():
        missing.append(f"{AXE.relative_to(ROOT)} (run `npm ci` in {ROOT})")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the playwright Python package (pip install -r requirements-test.txt)")
    return missing


SKIP_VARIABLE = "CATALOG_SKIP_BROWSER"


def opted_out(environ) -> bool:
    """Whether ``CATALOG_SKIP_BROWSER`` is set to a true value (``1``, ``yes``, ``true``)."""
    return environ.get(SKIP_VARIABLE, "").strip().lower() not in ("", "0", "false", "no")


def requirements_decision(missing: list[str], environ) -> tuple[str, str]:
    """What to do with the browser tests: ``("run", "")`` when nothing is missing, else
    ``("fail", message)``, or ``("skip", reason)`` when the environment opts out."""
    if not missing:
        return "run", ""
    need = "browser tests need " + "; ".join(missing)
    if opted_out(environ):
        return "skip", f"{need}; skipped because {SKIP_VARIABLE}={environ[SKIP_VARIABLE]}"
    return "fail", (f"{need}. Install what is missing, or set {SKIP_VARIABLE}=1 to skip the "
                    "browser tests")


@pytest.fixture(scope="session", autouse=True)
def browser_requirements():
    """Fail every browser test when a requirement is missing, unless CATALOG_SKIP_BROWSER=1
    asks to skip them."""
    action, message = requirements_decision(missing_requirements(), os.environ)
    if action == "fail":
        pytest.fail(message, pytrace=False)
    if action == "skip":
        pytest.skip(message)


# -- serving a built site -----------------------------------------------------------------

@dataclass
class Site:
    """A built site served over HTTP: ``url`` has no trailing slash, ``root`` is the output."""

    url: str
    root: Path
    catalog: object

    def paths(self) -> list[str]:
        """The path of every page listed in sitemap.xml, e.g. '/circles/past/'."""
        sitemap = self.root / "sitemap.xml"
        assert sitemap.is_file(), f"the build wrote no {sitemap}"
        locs = [e for e in ET.parse(sitemap).iter() if e.tag.rpartition("}")[2] == "loc"]
        assert locs, f"{sitemap} lists no page"
        return [urlsplit(loc.text.strip()).path or "/" for loc in locs]


@contextlib.contextmanager
def serve_site(content_dir: Path, tmp_path_factory, addressed: bool = False):
    """Build ``content_dir`` for TODAY into a fresh tmp folder and serve it; yield a Site.
    ``addressed``: built with the address it is served at as SITEURL, as a published site
    is (absolute links, QR codes); else with none."""
    output = tmp_path_factory.mktemp("site") / "output"
    output.mkdir()
    with serving(output) as server:
        url = base_url(server)
        with mock.patch.dict(os.environ):
            os.environ.pop("SITEURL", None)  # links must stay on our server
            build_site(content_dir, output, TODAY, overrides={"SITEURL": url} if addressed else None)
        yield Site(url=url, root=output, catalog=load_catalog(content_dir, TODAY))


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory):
    with serve_site(CONTENT, tmp_path_factory) as site:
        yield site


@pytest.fixture(scope="session")
def site_factory(tmp_path_factory):
    """``site_factory(content_dir, addressed=False)`` builds and serves another content
    folder until the end of the session."""
    with contextlib.ExitStack() as stack:
        yield lambda content_dir, addressed=False: stack.enter_context(
            serve_site(content_dir, tmp_path_factory, addressed))


# -- the browser --------------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh page that may only talk to our own server.

    Any request to another host is aborted and recorded, and fails the test at teardown:
    our pages must not make third-party requests. ``page.errors`` collects console errors
    and uncaught exceptions, ``page.dialogs`` the message of every alert/confirm/prompt.
    CSP is bypassed so that axe can be injected, and so that escaping alone must stop the
    payloads (an embedding page has no CSP of ours).
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True,
                                  service_workers="block")
    third_party: list[str] = []

    def route(request_route):
        if urlsplit(request_route.request.url).hostname in LOCAL_HOSTS:
            request_route.continue_()
        else:
            third_party.append(f"{request_route.request.resource_type} {request_route.request.url}")
            request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.errors, page.dialogs = [], []
    page.on("console", lambda m: m.type == "error" and page.errors.append(
        f"console error: {m.text} ({m.location.get('url')})"))
    page.on("pageerror", lambda exc: page.errors.append(f"uncaught exception: {exc}"))
    page.on("dialog", lambda d: (page.dialogs.append(f"{d.type}: {d.message}"), d.dismiss()))
    yield page
    context.close()
    assert not third_party, "the page tried third-party requests:\n" + "\n".join(third_party)


# -- axe-core -----------------------------------------------------------------------------

def axe_violations(page, context=None) -> list[dict]:
    """Run axe-core's WCAG 2.0/2.1/2.2 A and AA rules on the page (or on the CSS selector
    ``context``) and return its violations."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async ([context, tags]) => (await axe.run(context || document,
               {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})).violations""",
        [context, WCAG_TAGS])


def format_violations(violations: list[dict], nodes: int = 3) -> str:
    """One paragraph per violation: rule id, impact, help and the first ``nodes`` targets."""
    lines = [f"{len(violations)} axe violation(s):"]
    for v in violations:
        lines.append(f"- {v['id']} [{v['impact']}] {v['help']} ({len(v['nodes'])} node(s)) {v['helpUrl']}")
        for node in v["nodes"][:nodes]:
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    {node['target']}: {node['html'][:160]}\n      {summary[:300]}")
    return "\n".join(lines)


def sweep(page, base: str, paths, width: int) -> list[str]:
    """Visits ``base + path`` for each path at ``width`` px and returns what is wrong, one
    line a page: an HTTP error, axe violations, or a page wider than the window (sideways
    scrolling on a phone, WCAG 1.4.10)."""
    page.set_viewport_size({"width": width, "height": 800})
    found = []
    for path in paths:
        response = page.goto(base + path)
        if not response.ok:
            found.append(f"{path}: HTTP {response.status}")
            continue
        violations = axe_violations(page)
        if violations:
            found.append(f"{path}: {format_violations(violations)}")
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            found.append(f"{path}: {overflow} px wider than the window at {width} px")
    return found


@pytest.fixture
def axe():
    """``axe.violations(page, context=None)``, ``axe.report(violations)`` and
    ``axe.sweep(page, base, paths, width)`` (axe and overflow on each page)."""
    return SimpleNamespace(violations=axe_violations, report=format_violations, sweep=sweep)


# -- the sample site's pages, one of each kind ---------------------------------------------

def first_page(root: Path, folder: str, exclude: tuple[str, ...] = ()) -> str:
    found = sorted(p.parent.name for p in (root / folder).glob("*/index.html"))
    found = [name for name in found if name not in exclude]
    assert found, f"the build wrote no {folder}/*/index.html page"
    return f"/{folder}/{found[0]}/"


def circle_page(site: Site, *states: str, online: bool = False) -> str:
    """The page of the first circle whose signup state is one of ``states``."""
    slugs = [s for s, c in sorted(site.catalog.circles.items())
             if c.signup_state in states and c.online == online]
    assert slugs, f"the content has no {'online ' if online else ''}circle with signup {states}"
    return f"/circles/{slugs[0]}/"


@pytest.fixture(scope="session")
def sample_pages(sample_site) -> dict[str, str]:
    """Path of one page of each kind of the sample site."""
    root = sample_site.root
    return {
        "home": "/", "courses": "/courses/", "circles": "/circles/",
        "past-circles": "/circles/past/", "organizations": "/organizations/",
        "course": first_page(root, "courses"),
        "circle-open": circle_page(sample_site, "open"),
        "circle-online": circle_page(sample_site, "open", online=True),
        "circle-full": circle_page(sample_site, "full"),
        "circle-closed": circle_page(sample_site, "closed", "deadline-passed"),
        "circle-completed": circle_page(sample_site, "completed"),
        "organization": first_page(root, "organizations"),
        "topics": "/topics/", "languages": "/languages/", "cities": "/cities/",
        "topic": first_page(root, "topics"),
        "language": first_page(root, "languages"),
        "city": first_page(root, "cities"),
        "not-found": "/404.html",
    }
