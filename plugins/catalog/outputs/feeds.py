"""Atom 1.0 feeds (RFC 4287) of site-contract.md ("Data, feeds and embeds"):
``/feeds/circles.atom.xml``, and one per organization, course, topic and city ("tell me
when a new circle of this course starts", no account needed), of the circles people can still join
(upcoming and in progress) and of those cancelled or postponed while meetings of them were
still to come, so that a reader learns of the change where it learnt of the circle.

Circles have no "added on" date, so "newest first" is read as the latest first meeting
first: the circle furthest ahead is the one most recently announced. ``updated`` is the
build date (the time statuses and signup states were computed for), which keeps builds
reproducible. Entry ids are ``urn:uuid`` names derived from the site's host and the
circle's page, so they never change while a circle keeps its slug (section 4.2.6).
When plans change, an entry says so first: its title begins "Cancelled: " or "Postponed: "
for a circle called off (its category is that status), and its summary and content begin
with what changed (changes.what_changed). Its ``updated`` stays the build date: the content
records no date of the change, and nothing it does record goes up with each change, so the
entry of a changed circle reads as updated by the build that publishes the change (as
every entry of that build does).
A feed holds the newest ``CATALOG_FEED_ENTRIES`` circles (100): a reader polls it for what
is new, and the listing it links to as ``alternate`` holds every circle. (Every current
circle of 20,000 entries made a 20 MB feed, more than feed readers fetch.)
Contributor text is escaped by ElementTree; the HTML content is the sanitized Markdown
of the pages (render.markdown).
"""

from __future__ import annotations

import functools
import html
import uuid
import xml.etree.ElementTree as ET
from datetime import datetime, time, timezone
from . import changes, render, urls
from .output import Output
from .site import Site
from ..source.model import Catalog, Circle

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ET.register_namespace("", ATOM)


def outputs(catalog: Catalog, site: Site, memo) -> list[Output]:
    """The site's feed, then one per organization, course, topic and city: each is made
    from the circles it shows, so a change to any other circle leaves it as it is."""
    out = [followed(catalog, site, urls.CIRCLES_FEED, f"{site.name}: learning circles",
                    "/circles/", catalog.announced_circles)]
    for organization in catalog.organizations.values():
        out.append(followed(
            catalog, site, urls.organization_feed_path(organization),
            f"{organization.name}: learning circles", urls.page_path(organization),
            catalog.announced_by_organization.get(organization.slug, ()),
            author=organization.name))
    for course in catalog.courses.values():
        out.append(followed(
            catalog, site, urls.course_feed_path(course), f"{course.title}: learning circles",
            urls.page_path(course), catalog.announced_by_course.get(course.slug, ())))
    for kind in urls.FOLLOWED_TERMS:
        for term in getattr(catalog, kind).values():
            out.append(followed(catalog, site, urls.term_feed_path(kind, term),
                                TERM_TITLES[kind].format(term.label()),
                                urls.term_path(kind, term), catalog.announced_of(kind, term)))
    return out


# The titles of the feeds of a topic's and a city's circles, in the site's first language
# like the other feeds' (their entries are each in its circle's language).
TERM_TITLES = {"topics": "Learning circles on {}", "cities": "Learning circles in {}"}


def followed(catalog: Catalog, site: Site, path: str, title: str, page: str, circles,
             author: str | None = None) -> Output:
    """The feed at ``path`` of the newest of ``circles``, titled ``title``, whose
    ``alternate`` is the page at ``page``. Entries name their circle's organization, so
    the feed is made from those organizations too."""
    newest = newest_first(circles, site.feed_entries)
    named = dict.fromkeys(c.organization for c in newest if c.organization)
    organizations = tuple(catalog.organizations[slug] for slug in named
                          if slug in catalog.organizations)
    about = {"title": title, "author": author or site.name, "lang": site.default_lang,
             "self": path, "page": page}
    return Output(path, (catalog.today, newest, organizations, about),
                  functools.partial(feed, catalog, newest, site.url, about))


def newest_first(circles, size: int) -> tuple[Circle, ...]:
    """The ``size`` circles that start last, the latest first."""
    return tuple(sorted(circles, key=lambda c: (-c.first_meeting.start.timestamp(),
                                                c.slug))[:size])


def feed(catalog: Catalog, circles, siteurl: str, about: dict) -> bytes:
    """A feed of ``circles`` in their order (:func:`newest_first`); ``about``: the feed's
    ``title``, ``author``, ``lang``, ``self`` and ``page`` paths."""
    updated = datetime.combine(catalog.today, time(), tzinfo=timezone.utc).isoformat()
    updated = updated.replace("+00:00", "Z")
    root = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: about["lang"]})
    _add(root, "id", entry_id(siteurl, about["self"]))
    _add(root, "title", about["title"])
    _add(root, "updated", updated)
    _add(_add(root, "author"), "name", about["author"])
    _link(root, "self", urls.absolute(siteurl, about["self"]), "application/atom+xml")
    _link(root, "alternate", urls.absolute(siteurl, about["page"]), "text/html")
    _add(root, "generator", "Learning circle catalog")
    for circle in circles:
        root.append(entry(catalog, circle, siteurl, updated))
    ET.indent(root)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8",
                                                                      xml_declaration=False) + b"\n"


def entry(catalog: Catalog, circle: Circle, siteurl: str, updated: str) -> ET.Element:
    page = urls.page_path(circle)
    item = ET.Element(f"{{{ATOM}}}entry", {XML_LANG: circle.language})
    _add(item, "id", entry_id(siteurl, page))
    _add(item, "title", title(circle))
    _add(item, "updated", updated)
    organization = catalog.organizations.get(circle.organization) if circle.organization else None
    for name in ((organization.name,) if organization else circle.facilitators):
        _add(_add(item, "author"), "name", name)
    _link(item, "alternate", urls.absolute(siteurl, page), "text/html")
    _add(item, "category", None, term=circle.status)
    changed = changes.what_changed(circle)
    _add(item, "summary", f"{changed} {summary(circle)}" if changed else summary(circle),
         type="text")
    notice = f"<p>{html.escape(changed)}</p>\n" if changed else ""
    _add(item, "content", notice + str(render.markdown(circle.description)), type="html")
    return item


def title(circle: Circle) -> str:
    """The circle's title, after "Cancelled: " or "Postponed: " when it is called off."""
    return f"{circle.status.capitalize()}: {circle.title}" if circle.called_off else circle.title


def summary(circle: Circle) -> str:
    """'Starts Thursday, March 18, 2027, 6:00 PM Eastern Time; 8 meetings; Central Library,
    Boston. Signup open.' (the meetings as announced; 'First meeting' for a circle called
    off)."""
    first = circle.next_meeting or circle.first_meeting
    when = f"{_start_word(circle)} {changes.when(first.start, circle.schedule.timezone)}"
    count = len(circle.meetings)
    where = "online" if circle.venue is None else f"{circle.venue.name}, {circle.venue.city}"
    signup = "Signup open." if circle.signup_open else (
        f"Signup {circle.signup_state.replace('-', ' ')}.")
    return f"{when}; {count} meeting{'s' if count != 1 else ''}; {where}. {signup}"


def _start_word(circle: Circle) -> str:
    if circle.status == "in-progress":
        return "Next meeting"
    # A circle called off may or may not have met: it is known by its first meeting.
    return "First meeting" if circle.called_off else "Starts"


def entry_id(siteurl: str, path: str) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"https://{urls.host(siteurl)}{path}").urn


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes) -> ET.Element:
    child = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    child.text = text
    return child


def _link(parent: ET.Element, rel: str, href: str, media_type: str) -> None:
    _add(parent, "link", rel=rel, href=href, type=media_type)
