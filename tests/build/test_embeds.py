"""The embeds (site-contract.md, "Data, feeds and embeds"; README, "Embedding"): the widget
file, the iframe pages and the builder page, built for real and read back."""

import html
import json
import re
import urllib.request

from catalog.outputs import embeds
from catalog.build import ROOT
from local_server import base_url, serving

WIDGET = ROOT / "theme" / embeds.WIDGET_SOURCE

ROGUE = '<script>window.__pwned=1</script>"\'&'
ROGUE_ORG = f"name: {json.dumps('Rogue ' + ROGUE)}\ncity: Toronto\n"  # JSON is YAML


def frame_titles(page: str) -> list[str]:
    return [html.unescape(t) for t in re.findall(r'class="card-title" dir="auto"><a href="[^"]+">([^<]+)</a>', page)]


def test_widget_is_published_at_the_root_and_small(site, build):
    site.circle()
    out = build()
    widget = out.root / "embed.js"
    assert widget.read_bytes() == WIDGET.read_bytes()
    # 25.1 kB since it names the access terms in 9 languages beside their icons (10.2 kB
    # gzipped; test_access_embeds.py holds the gzipped size down).
    assert widget.stat().st_size < 26_000, f"embed.js is {widget.stat().st_size} bytes"


def test_widget_never_parses_markup():
    source = WIDGET.read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                 "new Function", "DOMParser", "createContextualFragment"):
        assert sink not in source, f"embed.js uses {sink}"


def two_organizations(site, title: str, start: str) -> None:
    """The sample circle and another of the same organization, ``title``, starting on
    ``start``; and "Elsewhere at the Library", of Other Library."""
    site.circle()
    site.circle(("title: Python at the Library", f"title: {title}"),
                ("start_date: 2027-03-02", f"start_date: {start}"), name="circles/second.yaml")
    site.circle(("organization: tpl", "organization: other"), ("title: Python", "title: Elsewhere"),
                name="circles/elsewhere.yaml")
    site.write("organizations/other.yaml", "name: Other Library\n")


def test_frame_pages_list_current_circles_per_organization(site, build):
    two_organizations(site, "Old circle", "2026-01-06")
    out = build()
    assert frame_titles(out.html("/embed/organizations/tpl/")) == ["Python at the Library"]
    assert frame_titles(out.html("/embed/organizations/other/")) == ["Elsewhere at the Library"]
    assert sorted(frame_titles(out.html("/embed/circles/"))) == [
        "Elsewhere at the Library", "Python at the Library"]


def test_frame_pages_are_chrome_less_and_need_no_inline_script(site, build):
    site.circle()
    page = build().html("/embed/organizations/tpl/")
    assert '<base target="_top">' in page
    assert "site-header" not in page and "site-footer" not in page and "site.css" not in page
    scripts = re.findall(r"<script[^>]*>", page)
    assert scripts == ['<script src="/theme/embed/frame.js">'], scripts
    assert '<link rel="canonical" href="/organizations/tpl/">' in page
    assert len(page.encode()) < 6_000


def test_frame_assets_are_light(site, build):
    site.circle()
    static = build().root / "theme" / "embed"
    assert (static / "frame.css").stat().st_size < 4_000
    assert (static / "frame.js").stat().st_size < 2_000  # the height, and ?text-size=
    assert embeds.HEIGHT_MESSAGE in (static / "frame.js").read_text()


def test_builder_lists_both_snippets_for_every_organization(site, build):
    site.circle()
    site.write("organizations/other.yaml", "name: Other Library\n")
    page = html.unescape(build().html("/embed/"))
    assert '<section id="builder" class="builder" aria-labelledby="builder-heading" hidden' in page
    for slug, name in (("tpl", "Toronto Public Library"), ("other", "Other Library")):
        assert (f'<a href="/organizations/{slug}/">Learning circles at {name}</a>\n'
                f'<script src="/embed.js" data-organization="{slug}" async></script>') in page
        assert f'<iframe src="/embed/organizations/{slug}/" title="Learning circles at {name}"' in page
    assert embeds.LISTENER_SNIPPET in page


def test_builder_offers_the_circles_choices(site, build):
    site.circle()
    page = build().html("/embed/")
    assert '<option value="py4e">Python for Everybody</option>' in page
    assert '<option value="Toronto">Toronto</option>' in page
    assert '<option value="en">English</option>' in page
    assert '<option value="tpl" data-title="Learning circles at Toronto Public Library"' in page


def test_contributor_text_is_escaped_in_snippets_and_frames(site, build):
    site.circle(("organization: tpl", "organization: rogue"), ("title: Python at the Library", f"title: {json.dumps(ROGUE + ' Python')}"))
    site.write("organizations/rogue.yaml", ROGUE_ORG)
    out = build()
    frame, builder = out.html("/embed/organizations/rogue/"), out.html("/embed/")
    assert "<script>window" not in frame and "<script>window" not in builder
    assert frame_titles(frame) == [f"{ROGUE} Python"]
    # In a textarea the snippet is text: its own escaping shows, escaped once more.
    escaped_once = html.escape(f"Learning circles at Rogue {ROGUE}")
    assert html.escape(escaped_once) in builder
    rogue = site.catalog().organizations["rogue"]
    assert embeds.script_snippet("", rogue).startswith(
        f'<a href="/organizations/rogue/">{escaped_once}</a>\n<script ')


def test_siteurl_makes_snippets_absolute(site, build):
    site.circle()
    page = html.unescape(build(SITEURL="https://circles.example.org").html("/embed/"))
    assert '<script src="https://circles.example.org/embed.js" data-organization="tpl" async>' in page
    assert '<iframe src="https://circles.example.org/embed/organizations/tpl/"' in page
    assert 'data-site="https://circles.example.org"' in page


def test_dev_server_lets_other_origins_read_the_api_and_widget(site, build):
    site.circle()
    out = build()
    with serving(out.root) as server:
        def allow(path):
            return urllib.request.urlopen(base_url(server) + path).headers.get(
                "Access-Control-Allow-Origin")
        assert allow("/embed.js") == "*"
        assert allow("/api/v1/organizations/tpl/circles.json") == "*"
        assert allow("/embed/organizations/tpl/") is None


def test_a_frame_lists_the_soonest_circles_and_says_how_many_there_are(site, build,
                                                                      monkeypatch):
    monkeypatch.setattr(embeds, "FRAME_LIMIT", 1)
    two_organizations(site, "Later circle", "2027-04-06")
    out = build()
    page = out.html("/embed/organizations/tpl/")
    assert frame_titles(page) == ["Python at the Library"], "the soonest"
    assert "<p>Showing 1 of 2.</p>" in page
    assert "All circles of" in page.split("Showing 1 of 2.")[1], "then the link to all of them"
    assert len(frame_titles(out.html("/embed/circles/"))) == 1
    assert "<p>Showing 1 of 3.</p>" in out.html("/embed/circles/")
    whole = out.html("/embed/organizations/other/")
    assert frame_titles(whole) == ["Elsewhere at the Library"] and "Showing" not in whole
    assert "Se muestran 1 de 2." in out.html("/es/embed/organizations/tpl/")
