"""Printable flyers (site-contract.md, "Pages"): ``/circles/SLUG/flyer/`` for each circle
people can still join, and ``/organizations/SLUG/flyer/`` listing an organization's, for the
notice board and the desk. They are pages like the others, rendered in every language by
pages.py; this module says which there are and draws their QR codes.

A QR code is an inline SVG drawn at build time by segno, at error correction level Q (a
quarter of the code can be lost: a photocopy of a photocopy, a pin through it, still scan).
It encodes the page's absolute address, which only a site with SITEURL has; without one a
flyer prints the path and says why there is no code.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterator

import segno
from markupsafe import Markup, escape

from . import urls
from .output import Page
from ..source.model import Catalog, Circle, Organization

# As many circles as one printed page of an organization's flyer holds, each with its code;
# the flyer names how many more there are and where.
ORGANIZATION_FLYER_CIRCLES = 4


def flyer_pages(catalog: Catalog) -> Iterator[Page]:
    """The flyer of each circle people can still join, then each organization's."""
    for circle in catalog.current_circles:
        course = catalog.courses.get(circle.course) if circle.course else None
        organization = (catalog.organizations.get(circle.organization)
                        if circle.organization else None)
        yield Page(urls.flyer_path(circle), "flyer.html", (circle, course, organization),
                   circle_flyer)
    for organization in catalog.organizations.values():
        current = catalog.current_by_organization.get(organization.slug, ())
        yield Page(urls.flyer_path(organization), "organization_flyer.html",
                   (organization, current), organization_flyer)


def has_flyer(thing: Circle | Organization) -> bool:
    """Whether ``thing`` has a flyer: every organization, and the circles people can still
    join (upcoming or in progress)."""
    return not isinstance(thing, Circle) or thing.current


def circle_flyer(circle: Circle, course, organization) -> dict:
    """``circle``, its ``course`` and ``organization`` (or None)."""
    return {"circle": circle, "course": course, "organization": organization}


def organization_flyer(organization: Organization, current: tuple[Circle, ...]) -> dict:
    """``organization``, the first ``circles`` of its ``current`` ones that fit a page, and
    how many ``more`` there are."""
    shown = current[:ORGANIZATION_FLYER_CIRCLES]
    return {"organization": organization, "circles": shown, "more": len(current) - len(shown)}


@lru_cache(maxsize=4096)
def qr_code(address: str, label: str) -> Markup:
    """The QR code of ``address`` as inline SVG, named ``label`` for screen readers. Its
    size is the stylesheet's: the drawing is in modules, with the four-module quiet zone
    the standard asks for."""
    code = segno.make(address, error="q")
    svg = code.svg_inline(scale=1, border=4, omitsize=True, svgclass="qr", lineclass=None)
    return Markup(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1))


def short_address(address: str) -> str:
    """What a person types from a flyer: the address without its scheme."""
    return address.partition("://")[2] or address
