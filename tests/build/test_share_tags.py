"""What a chat shows of a link to a detail page: Open Graph tags (title, description, the
page's address in its language, its locale) and the card Twitter/X draws from them."""

import html
import re

DETAIL_PAGES = ["/circles/c/", "/courses/py4e/", "/organizations/tpl/"]


def tags(page: str) -> dict[str, str]:
    found = re.findall(r'<meta (?:property|name)="((?:og|twitter):[a-z_:]+)" content="([^"]*)">',
                       page)
    return {name: html.unescape(value) for name, value in found}


LOCALES = {"": "en_US", "/es": "es_ES", "/sw": "sw_TZ"}


def test_detail_pages_describe_themselves_in_their_language(site, build):
    site.circle(("title: Python at the Library", 'title: Python "at" the <Library>'))
    out = build(SITEURL="https://circles.example.org")
    for prefix, locale in LOCALES.items():
        for path in DETAIL_PAGES:
            found = tags(out.html(prefix + path))
            assert found["og:url"] == f"https://circles.example.org{prefix}{path}"
            assert found["og:locale"] == locale and found["og:type"] == "website"
            assert found["og:site_name"] and found["og:description"]
            assert found["twitter:card"] == "summary"
        titles = [tags(out.html(prefix + path))["og:title"] for path in DETAIL_PAGES]
        assert titles == ['Python "at" the <Library>', "Python for Everybody",
                          "Toronto Public Library"]


def test_the_description_is_the_pages_own(site, build):
    site.circle()
    out = build()
    page = out.html("/es/circles/c/")
    description = re.search(r'<meta name="description" content="([^"]*)">', page).group(1)
    assert tags(page)["og:description"] == html.unescape(description)
    assert "Toronto" in description


def test_without_a_site_address_no_page_claims_one(site, build):
    site.circle()
    out = build()
    for path in DETAIL_PAGES:
        found = tags(out.html(path))
        assert "og:url" not in found and found["og:title"]


def test_listings_carry_no_share_tags(site, build):
    site.circle()
    out = build()
    for path in ("/", "/circles/", "/topics/python/"):
        assert tags(out.html(path)) == {}, path


def test_the_share_row_links_the_page_in_its_language(site, build):
    site.circle()
    out = build(SITEURL="https://circles.example.org")
    for path in DETAIL_PAGES:
        page = out.html("/fr" + path)
        link = f"https://circles.example.org/fr{path}"
        assert f'<p class="share-link"><a href="{link}">{link}</a></p>' in page
        assert 'src="https://circles.example.org/theme/js/share.js"' in page
