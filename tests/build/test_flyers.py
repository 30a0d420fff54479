"""Printable flyers: a circle's and an organization's, in every language, with a QR code of
the page when the site has an address (SITEURL), and the path and why not when it has none."""

import re

from catalog.outputs import flyers

SITEURL = "https://circles.example.org"
LANGUAGES = ["", "/de", "/es", "/fi", "/fr", "/pl", "/pt", "/ro", "/sw"]


def many_circles(site, count: int) -> None:
    for n in range(count):
        site.circle(("title: Python at the Library", f"title: Python {n}"),
                    name=f"circles/p{n}.yaml")


def test_a_circle_flyer_in_every_language_with_every_meeting(site, build):
    site.circle(("start_date: 2027-03-02", "start_date: 2027-03-02\n  meetings: 14"))
    out = build(SITEURL=SITEURL)
    for prefix in LANGUAGES:
        page = out.html(f"{prefix}/circles/c/flyer/")
        assert len(re.findall(r'<li><time datetime="2027-', page)) == 14, prefix
        assert '<svg role="img" aria-label="' in page
        strips = page.split('<ul class="flyer-strips"')[1].split("</ul>")[0]
        assert strips.count(f'<span class="flyer-address">circles.example.org{prefix}'
                            '/circles/c/</span></li>') == 8, prefix  # to tear off
    assert '<time datetime="2027-06-01">Tuesday, June 1, 2027</time>' in out.html(
        "/circles/c/flyer/")
    assert '<time datetime="2027-06-01">martes, 1 de junio de 2027</time>' in out.html(
        "/es/circles/c/flyer/")


def test_without_a_site_address_a_flyer_prints_the_path_and_says_why(site, build):
    site.circle()
    page = build().html("/es/circles/c/flyer/")
    assert "<svg" not in page.split('<article class="flyer">')[1]
    assert '<span class="flyer-address">/es/circles/c/</span>' in page
    assert "(SITEURL)" in page


def test_the_qr_code_is_made_once_per_address():
    flyers.qr_code.cache_clear()
    first = flyers.qr_code("https://circles.example.org/circles/c/", "Python")
    assert flyers.qr_code("https://circles.example.org/circles/c/", "Python") is first
    assert first.startswith('<svg role="img" aria-label="Python" viewBox="0 0 ')


def test_circle_and_organization_pages_link_their_flyer(site, build):
    site.circle()
    out = build()
    assert '<a class="flyer-link" href="/fr/circles/c/flyer/">' in out.html("/fr/circles/c/")
    assert '<a class="flyer-link" href="/organizations/tpl/flyer/">' in out.html(
        "/organizations/tpl/")


def test_a_past_circle_has_no_flyer(site, build):
    site.circle(("start_date: 2027-03-02", "start_date: 2026-01-05"))
    out = build()
    assert not (out.root / "circles/c/flyer").exists()
    assert "flyer-link" not in out.html("/circles/c/")


def test_an_organization_flyer_lists_what_fits_and_counts_the_rest(site, build):
    many_circles(site, flyers.ORGANIZATION_FLYER_CIRCLES + 2)
    out = build(SITEURL=SITEURL)
    page = out.html("/es/organizations/tpl/flyer/")
    circles = page.split('<ul class="flyer-circles">')[1].split("</ul>")[0]
    assert circles.count("<li>") == flyers.ORGANIZATION_FLYER_CIRCLES
    assert "Y 2 círculos más en circles.example.org/es/organizations/tpl/" in page
    assert page.count('<svg role="img"') == flyers.ORGANIZATION_FLYER_CIRCLES + 1


def test_an_organization_without_circles_says_so(site, build):
    site.circle(("start_date: 2027-03-02", "start_date: 2026-01-05"))
    page = build().html("/organizations/tpl/flyer/")
    assert "No circle is planned right now." in page and "flyer-circles" not in page
