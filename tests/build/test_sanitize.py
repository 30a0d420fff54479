"""Nothing a contributor writes can run: payloads in every contributor-written field."""

from html.parser import HTMLParser

import pytest

from catalog.outputs.render import markdown

PAYLOADS = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>',
            '"><svg onload=alert(1)>', "{{7*7}}"]


@pytest.mark.parametrize("text, expected", [
    # A link whose address nh3 removes becomes its text: no <a rel> to nowhere.
    ("[x](javascript:alert(1))", "<p>x</p>"),
    ('<a href="javascript:alert(1)" title="a href=">x</a> [y](https://ok.example)',
     '<p>x <a href="https://ok.example" rel="nofollow ugc noopener">y</a></p>'),
    ("<script>alert(1)</script>", ""),
    ('<img src=x onerror="alert(1)">', ""),
    ('<a href="https://ok.example" onclick="x()">ok</a>', '<p><a href="https://ok.example" rel="nofollow ugc noopener">ok</a></p>'),
    ("[mail](mailto:a@example.org)", '<p><a href="mailto:a@example.org" rel="nofollow ugc noopener">mail</a></p>'),
    ("<iframe src=https://evil.example></iframe>", ""),
    ('<p style="position:fixed">x</p>', "<p>x</p>"),
    ("**bold** and *it*", "<p><strong>bold</strong> and <em>it</em></p>"),
    # GitHub Flavored Markdown, as GitHub's editor previews it: a list right after a line,
    # bare links, struck text.
    ("Bring:\n- a laptop\n- a pen", "<p>Bring:</p>\n<ul>\n<li>a laptop</li>\n<li>a pen</li>\n</ul>"),
    ("See https://example.org/x.", '<p>See <a href="https://example.org/x" rel="nofollow ugc noopener">https://example.org/x</a>.</p>'),
    ("~~Tuesdays~~ Thursdays", "<p><del>Tuesdays</del> Thursdays</p>"),
    ("<javascript:alert(1)>", "<p>javascript:alert(1)</p>"),
])
def test_markdown_sanitizer(text, expected):
    assert str(markdown(text)) == expected


def payload_circle(site):
    p = " | ".join(PAYLOADS)
    site.circle(("title: Python at the Library", f"title: '{p}'"),
                ("[Ana Silva]", f"['{p}']"),
                ("  name: Toronto Reference Library", f"  name: '{p}'"),
                ("  address: 789 Yonge St", f"  address: '{p}'\n  details: '{p}'"),
                ("  city: Toronto", f"  city: '{p}'"),
                ("description: Weekly Python.", "description: |\n  " + p + "\n\n  [x](javascript:alert(1))"))


class Elements(HTMLParser):
    """Every start tag of a page with its attributes."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


# The only scripts a page may hold: structured data, the search interface's words (a JSON
# data block) and our own modules.
OUR_SCRIPTS = ({"type": "application/ld+json"}, {"type": "application/json", "data-finder-words": None},
               {"type": "module", "src": "/theme/js/search.js"},
               {"type": "module", "src": "/theme/js/share.js"},
               {"type": "module", "src": "/theme/js/preferences.js"},
               {"src": "/theme/js/preferences-head.js"})



def test_no_payload_survives_as_markup(site, build):
    payload_circle(site)
    out = build()
    for path in ("/circles/c/", "/circles/", "/", "/courses/py4e/", "/organizations/tpl/",
                 "/cities/"):
        tags = [(t, a) for t, a in Elements(out.html(path)).tags
                if a.get("class") != "brand-mark"]  # the theme's own logo
        scripts = [a for t, a in tags if t == "script"]
        assert {} not in scripts, (path, "no inline script")
        assert all(a in OUR_SCRIPTS for a in scripts if a), (path, scripts)
        assert not [t for t, _ in tags if t in ("img", "svg", "iframe")], path
        assert not [(t, k) for t, a in tags for k in a if k.startswith("on")], path
        assert not [a for t, a in tags for v in a.values() if v and "javascript:" in v], path
    page = out.html("/circles/c/")
    assert "{{7*7}}" in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_payloads_in_the_search_words_stay_data(site, build):
    """City names go into the search interface's JSON data block: `</script>` cannot end it
    early, and the text comes back exactly as written."""
    import json
    import re
    payload_circle(site)
    page = build().html("/circles/")
    blocks = re.findall(r'<script type="application/json" data-finder-words>(.*?)</script>', page, re.S)
    assert len(blocks) == 1 and "<" not in blocks[0]
    cities = json.loads(blocks[0])["labels"]["city"]
    assert " | ".join(PAYLOADS) in cities
