"""A dry run of the deploy build: the bundled content built with publishconf.py and a
SITEURL with a path, as GitHub Pages gives a project site. Every link into the site in the
sitemap, the JSON-LD and (when the build writes them) the feeds, the API and the calendars
is absolute under SITEURL, and no page links to the host's root."""

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from catalog.build import build_site
from helpers import TODAY

ROOT = Path(__file__).resolve().parents[2]
SITEURL = "https://example.github.io/learning-circles"
HOST = urlsplit(SITEURL).netloc
URL_IN_TEXT = re.compile(r"^(?:https?:)?//|^/")


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SITEURL", SITEURL)
        return build_site(ROOT / "content", tmp_path_factory.mktemp("deploy") / "output", TODAY,
                          settings_file=ROOT / "publishconf.py")


def misplaced(urls) -> list[str]:
    """The URLs that are relative, or on the site's host but outside SITEURL."""
    bad = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https", "webcal") or not parts.netloc:
            bad.append(url)
        elif parts.netloc == HOST and not url.split("://", 1)[1].startswith(
                SITEURL.split("://", 1)[1] + "/"):
            bad.append(url)
    return bad


def json_urls(value, key: str = "") -> list[str]:
    """Every string in a JSON value that is a URL or a path: by its key or by its form."""
    if isinstance(value, dict):
        return [u for k, v in value.items() for u in json_urls(v, k)]
    if isinstance(value, list):
        return [u for v in value for u in json_urls(v, key)]
    if isinstance(value, str) and (key.endswith(("url", "Url", "@id")) or
                                   URL_IN_TEXT.match(value)):
        return [value]
    return []


def pages(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def test_sitemap_lists_every_page_under_siteurl(out):
    locs = [e.text for e in ET.parse(out / "sitemap.xml").getroot().iter()
            if e.tag.endswith("loc")]
    assert len(locs) > 50 and misplaced(locs) == []
    assert f"{SITEURL}/" in locs and f"{SITEURL}/circles/" in locs


def test_json_ld_links_are_absolute(out):
    blocks = [json.loads(m) for page in pages(out) for m in re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', page.read_text(), re.S)]
    assert len(blocks) >= 60  # every course and circle page
    assert misplaced(u for block in blocks for u in json_urls(block)) == []


def test_feeds_link_under_siteurl(out):
    feeds = sorted(out.rglob("*.atom.xml"))
    elements = [e for feed in feeds for e in ET.parse(feed).getroot().iter()]
    links = [e.get("href") for e in elements if e.tag.endswith("}link")]
    ids = [e.text for e in elements if e.tag.endswith("}id") and URL_IN_TEXT.match(e.text or "")]
    assert misplaced(links + ids) == []
    assert not feeds or f"{SITEURL}/feeds/circles.atom.xml" in links


def test_api_urls_are_under_siteurl(out):
    documents = [json.loads(p.read_text()) for p in sorted((out / "api").rglob("*.json"))] \
        if (out / "api").is_dir() else []
    urls = [u for doc in documents for u in json_urls(doc)]
    assert misplaced(urls) == []
    page_urls = [u for u in urls if u.startswith(f"{SITEURL}/circles/")]
    assert not documents or page_urls


def test_calendars_link_under_siteurl(out):
    calendars = sorted(out.rglob("*.ics"))
    text = "\n".join(p.read_text().replace("\r\n ", "") for p in calendars)  # RFC 5545 3.1
    urls = re.findall(r"^URL[^:]*:(.+?)\r?$", text, re.M)
    assert misplaced(urls) == []


def test_no_page_links_to_the_host_root(out):
    """Under a path (a GitHub project site), '/circles/' would leave the site."""
    rooted = {(p.relative_to(out).as_posix(), m) for p in pages(out)
              for m in re.findall(r'(?:href|src|action)="(/[^"/][^"]*|/)"', p.read_text())}
    assert rooted == set()


def test_a_site_past_what_github_pages_publishes_is_said_once(site, build, monkeypatch,
                                                               caplog):
    """GitHub Pages publishes at most 1 GB: a larger site builds, and the build says why
    it may not publish there and what to do (here with the limit lowered to 10 kB)."""
    from catalog import build as building

    site.circle()
    build()
    assert "GitHub Pages" not in caplog.text, "a small site is not warned of"
    monkeypatch.setattr(building, "PAGES_LIMIT", 10_000)
    out = build()
    size = sum(p.stat().st_size for p in out.root.rglob("*") if p.is_file())
    (warning,) = [r.getMessage() for r in caplog.records if "GitHub Pages" in r.getMessage()]
    assert warning == (f"catalog: the site is {size / 1e9:.1f} GB, past the 1 GB GitHub Pages "
                       "publishes: publish it with another host or fewer CATALOG_LANGUAGES "
                       '(README, "Deploy")')


def test_the_size_warning_starts_past_one_gigabyte():
    from catalog.build import size_warning

    assert size_warning(10**9) is None
    assert size_warning(5_800_400_000).startswith("the site is 5.8 GB, past the 1 GB")
