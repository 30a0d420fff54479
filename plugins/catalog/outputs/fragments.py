"""``{% once KEY, ... %}...{% endonce %}``: a part of a template rendered once per key.

Every page of a language repeats the same header and footer: their links and words are
the same on every page but for which of them is the current one. Rendering them on each
page (Jinja's call, escape and lookup per value, over 380,000 pages at 20,000 entries)
was most of the 16% of a nine-language build's samples spent in base.html's own code.
Within ``once``, the body is rendered the first time its key is met, and the same text
is given back each time after::

    {% once "header", section %}<nav>...</nav>{% endonce %}

The body must depend on nothing but its keys and what is the same for every page of the
environment (its language, the site's settings): the keys name what differs. Each
language has its own environment (pages.environment), so the words are always the
page's. Texts are kept in the environment, in the process that rendered them, as
Django's ``{% cache %}`` keeps fragments, without an expiry: an environment lives for one
language of one build.
"""

from __future__ import annotations

from jinja2 import nodes
from jinja2.ext import Extension


class Once(Extension):
    tags = {"once"}

    def __init__(self, environment):
        super().__init__(environment)
        environment.extend(fragments={})

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        keys = [parser.parse_expression()]
        while parser.stream.skip_if("comma"):
            keys.append(parser.parse_expression())
        body = parser.parse_statements(("name:endonce",), drop_needle=True)
        # The template's name and line tell one fragment from another with the same keys.
        where = nodes.Const((parser.name, lineno))
        return nodes.CallBlock(self.call_method("_fragment", [where, nodes.Tuple(keys, "load")]),
                               [], [], body).set_lineno(lineno)

    def _fragment(self, where: tuple, keys: tuple, caller) -> str:
        fragments = self.environment.fragments
        key = (where, keys)
        found = fragments.get(key)
        if found is None:
            found = fragments[key] = caller()
        return found
