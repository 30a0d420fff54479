"""The Atom feeds (site-contract.md, "Data, feeds and embeds"), built for real and read
back with ElementTree in the Atom namespace (RFC 4287)."""

import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

from catalog.build import build_site

NS = {"a": "http://www.w3.org/2005/Atom"}
PAYLOAD = '<script>alert("x")</script> & "q"'


def parse(root: Path, path: str) -> ET.Element:
    return ET.parse(root / path.lstrip("/")).getroot()


def texts(element: ET.Element, path: str) -> list[str]:
    return [e.text for e in element.findall(path, NS)]


def links(element: ET.Element) -> dict[str, str]:
    return {link.get("rel"): link.get("href") for link in element.findall("a:link", NS)}


def three_circles(site) -> None:
    for name, start in (("early", "2027-03-02"), ("late", "2027-05-04"), ("mid", "2027-04-06")):
        site.circle(("start_date: 2027-03-02", f"start_date: {start}"),
                    ("title: Python", f"title: {name} Python"), name=f"circles/{name}.yaml")
    site.circle(("start_date: 2027-03-02", "start_date: 2026-09-01"), name="circles/done.yaml")


def test_feed_has_the_required_atom_elements(site, build):
    three_circles(site)
    feed = parse(build().root, "/feeds/circles.atom.xml")
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    for required in ("a:id", "a:title", "a:updated", "a:author/a:name"):
        assert texts(feed, required)[0], required
    assert texts(feed, "a:updated") == ["2027-03-10T00:00:00Z"]
    assert links(feed) == {"self": "/feeds/circles.atom.xml", "alternate": "/circles/"}
    for entry in feed.findall("a:entry", NS):
        for required in ("a:id", "a:title", "a:updated", "a:summary", "a:author/a:name"):
            assert texts(entry, required)[0], required
        assert entry.find("a:content", NS).get("type") == "html"
        assert links(entry)["alternate"].startswith("/circles/")


def test_newest_first_and_only_joinable_circles(site, build):
    three_circles(site)
    feed = parse(build().root, "/feeds/circles.atom.xml")
    assert texts(feed, "a:entry/a:title") == [
        f"{name} Python at the Library" for name in ("late", "mid", "early")]


def test_a_feed_holds_the_newest_circles_only(site, build):
    three_circles(site)
    out = build(CATALOG_FEED_ENTRIES=2)
    for path in ("/feeds/circles.atom.xml", "/feeds/organizations/tpl.atom.xml"):
        assert texts(parse(out.root, path), "a:entry/a:title") == [
            f"{name} Python at the Library" for name in ("late", "mid")], path


def test_entry_ids_do_not_depend_on_the_build_date(site, build):
    three_circles(site)
    first = texts(parse(build().root, "/feeds/circles.atom.xml"), "a:entry/a:id")
    assert len(set(first)) == 3 and all(i.startswith("urn:uuid:") for i in first)
    later = build_site(Path("content"), site.root / "later", date(2027, 3, 20))
    again = parse(later, "/feeds/circles.atom.xml")
    assert sorted(texts(again, "a:entry/a:id")) == sorted(first)
    assert texts(again, "a:updated") == ["2027-03-20T00:00:00Z"]


def test_organization_feed(site, build):
    three_circles(site)
    site.circle(("organization: tpl\n", ""), ("title: Python", "title: Other"),
                name="circles/other.yaml")
    out = build(SITEURL="https://circles.example.org")
    feed = parse(out.root, "/feeds/organizations/tpl.atom.xml")
    assert len(feed.findall("a:entry", NS)) == 3
    assert texts(feed, "a:author/a:name") == ["Toronto Public Library"]
    assert links(feed) == {
        "self": "https://circles.example.org/feeds/organizations/tpl.atom.xml",
        "alternate": "https://circles.example.org/organizations/tpl/"}


def test_contributor_payloads_are_escaped(site, build):
    site.circle(("title: Python at the Library", f"title: '{PAYLOAD}'"),
                ("description: Weekly Python.", f"description: '{PAYLOAD} <img src=x onerror=y>'"))
    out = build()
    raw = (out.root / "feeds/circles.atom.xml").read_text(encoding="utf-8")
    assert "<script" not in raw and "<img" not in raw
    entry = parse(out.root, "/feeds/circles.atom.xml").find("a:entry", NS)
    assert entry.find("a:title", NS).text == PAYLOAD
    content = entry.find("a:content", NS).text
    assert "<script" not in content and "onerror" not in content
    assert "&amp;" in content  # the HTML itself escapes the ampersand


def test_pages_announce_their_feeds(site, build):
    site.circle()
    out = build()
    alternate = '<link rel="alternate" type="application/atom+xml"'
    assert (f'{alternate} title="Learning Circles: learning circles" '
            'href="/feeds/circles.atom.xml">') in out.html("/circles/")
    organization = out.html("/organizations/tpl/")
    assert alternate in organization
    assert 'href="/feeds/organizations/tpl.atom.xml"' in organization
