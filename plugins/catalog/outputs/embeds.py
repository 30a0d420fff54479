"""Embeds for libraries' own sites (site-contract.md, "Pages": ``/embed/``; "Data, feeds and
embeds": ``/embed.js``): the embed builder page, the chrome-less iframe pages under
``/embed/`` and the script widget, copied to the site root.

The widget reads the JSON API in the visitor's browser; the iframe pages are rendered here
from the catalog's current circles and those called off while still planned, so both show
what the circle pages show.
"""

from __future__ import annotations

import logging
from html import escape
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from . import render, urls
from .output import Output, Page
from .site import Site
from ..source.model import CALLED_OFF, Catalog, Circle, Organization

log = logging.getLogger(__name__)

WIDGET_SOURCE = Path("static") / "embed" / "embed.js"  # inside the theme
HEIGHT_MESSAGE = "learning-circles:height"  # the type of frame.js's postMessage
# A frame lists at most this many circles of each kind, the soonest first, and links to the
# page of all of them: the frame of every circle of a network of 20,000 entries was 13 MB,
# in each of nine languages, for a visitor on a library's page.
FRAME_LIMIT = 50
FRAME_HEIGHT = "40rem"  # the iframe snippet's height before the frame reports its own
# For the embedding page: size each of our iframes to the height it posts. Matching the
# message's source window to the iframe is the whole check: a height is all it can set.
LISTENER_SNIPPET = f"""<script>
addEventListener("message", function (event) {{
  var data = event.data;
  if (!data || data.type !== "{HEIGHT_MESSAGE}" || typeof data.height !== "number") return;
  document.querySelectorAll("iframe").forEach(function (frame) {{
    if (frame.contentWindow === event.source) frame.style.height = data.height + "px";
  }});
}});
</script>"""


def embed_pages(catalog: Catalog) -> Iterator[Page]:
    """The builder, the iframe page of all current circles and one per organization."""
    yield Page(urls.EMBED_BUILDER, "embed_builder.html", builder_context(catalog))
    yield Page(urls.embed_frame_path(), "embed_frame.html", frame_context(catalog, None))
    for organization in catalog.organizations_by_name:
        yield Page(urls.embed_frame_path(organization), "embed_frame.html",
                   frame_context(catalog, organization))


def frame_context(catalog: Catalog, organization: Organization | None) -> dict:
    """``organization`` (or None), its ``circles`` (current ones, in listing order: the
    first :data:`FRAME_LIMIT`) and how many there are (``count``), the
    ``called_off`` ones still planned, as (status, circles) pairs: a library's visitors
    learn there that a circle they looked for will not meet, as on the site's pages; and
    the ``listing_path`` of the site page showing them."""
    circles, called_off = catalog.current_circles, catalog.called_off_circles
    if organization is not None:
        circles = catalog.current_by_organization.get(organization.slug, ())
        called_off = catalog.called_off_by_organization.get(organization.slug, ())
    return {"organization": organization, "circles": circles[:FRAME_LIMIT],
            "count": len(circles),
            "called_off": tuple((status, group[:FRAME_LIMIT])
                                for status, group in by_status(called_off)),
            "listing_path": listing_path(organization)}


def by_status(circles: tuple[Circle, ...]) -> tuple[tuple[str, tuple[Circle, ...]], ...]:
    """Postponed circles, then cancelled ones, each group in the order given; no empty group."""
    groups = ((status, tuple(c for c in circles if c.status == status)) for status in CALLED_OFF)
    return tuple((status, group) for status, group in groups if group)


@dataclass(frozen=True)
class Choice:
    """One of the builder's selects: the widget's ``data-NAME`` and its (value, text) options."""

    name: str
    label: str
    any: str
    options: tuple[tuple[str, str], ...]


def builder_context(catalog: Catalog) -> dict:
    """The builder's ``organizations`` and its other ``choices`` (course, city, language),
    each drawn from the circles; the ``script_snippet``, ``iframe_snippet``,
    ``listing_title``, ``listing_path`` and ``frame_path`` functions and ``script_path``, from
    which the page and its script build the same snippets; ``listener_snippet`` and the
    ``height_message`` type for the parent page of an iframe."""
    return {
        "organizations": catalog.organizations_by_name, "choices": choices(catalog),
        "script_snippet": script_snippet, "iframe_snippet": iframe_snippet,
        "listener_snippet": LISTENER_SNIPPET, "height_message": HEIGHT_MESSAGE,
        "listing_title": listing_title, "listing_path": listing_path,
        "frame_path": urls.embed_frame_path, "script_path": urls.EMBED_SCRIPT,
    }


def choices(catalog: Catalog) -> tuple[Choice, ...]:
    circles = catalog.circles.values()
    used = {c.course for c in circles}
    cities = sorted({c.city_venue.city for c in circles if c.city_venue},
                    key=lambda city: (city.casefold(), city))
    return (
        Choice("course", "Course", "Any course",
               tuple((c.slug, c.title) for c in catalog.courses_by_title if c.slug in used)),
        Choice("city", "City", "Any city", tuple((city, city) for city in cities)),
        Choice("language", "Language", "Any language",
               tuple((tag, render.language_name(tag)) for tag in sorted({c.language for c in circles}))),
    )


# -- snippets (the builder's script builds the same ones; tests compare them) --------------

def script_snippet(site: str, organization: Organization | None, **filters: str) -> str:
    """A link to the listing, then the widget that replaces it once the circles arrive."""
    link_path = listing_path(organization)
    attributes = {"organization": organization.slug} if organization else {}
    attributes.update(filters)
    data = "".join(f' data-{name}="{escape(value)}"' for name, value in attributes.items())
    return (f'<a href="{escape(site + link_path)}">{escape(listing_title(organization))}</a>\n'
            f'<script src="{escape(site + urls.EMBED_SCRIPT)}"{data} async></script>')


def iframe_snippet(site: str, organization: Organization | None) -> str:
    src = site + urls.embed_frame_path(organization)
    return (f'<iframe src="{escape(src)}" title="{escape(listing_title(organization))}" '
            f'style="width:100%;height:{FRAME_HEIGHT};border:0" loading="lazy"></iframe>')


def listing_path(organization: Organization | None) -> str:
    """The site page listing the circles an embed shows."""
    return urls.page_path(organization) if organization else "/circles/"


def listing_title(organization: Organization | None) -> str:
    return f"Learning circles at {organization.name}" if organization else "Learning circles"


# -- the widget file ----------------------------------------------------------------------

def outputs(catalog: Catalog, site: Site, memo) -> list[Output]:
    """The widget at ``/embed.js``, where the contract's snippet loads it from (its pages,
    the builder and the frames, are rendered with the others: :func:`embed_pages`)."""
    source = site.theme / WIDGET_SOURCE
    return [Output(urls.EMBED_SCRIPT, (source.read_bytes(),), source.read_bytes)]
