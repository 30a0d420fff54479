"""The Pelican generator writing the HTML pages of site-contract.md ("Pages") through the
theme, and the sitemap.

Each page is a :class:`Page`: a path, a template and the context documented on the
function that makes it. Templates format what they are given; they compute nothing.
"""

from __future__ import annotations

import functools
import logging
import math
from collections import Counter
from dataclasses import dataclass
from collections.abc import MutableMapping
from typing import Callable, Iterator
from xml.sax.saxutils import escape

from jinja2 import (BytecodeCache, Environment, FileSystemLoader, StrictUndefined,
                    select_autoescape)
from jinja2.bccache import Bucket
from markupsafe import Markup

from . import api, calendars, embeds, flyers, i18n, jsonld, maps, render, search, urls
from .fragments import Once
from .unindent import Unindent
from .i18n import N_
from .output import Output, Page, remembered
from .site import Site
from ..source.slugs import term_slug
from ..source.model import (IN_PROGRESS, TERM_KINDS, UPCOMING, Catalog, Circle,
                            Course, Term)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Section:
    heading: str
    items: tuple


@dataclass(frozen=True)
class Pagination:
    number: int
    count: int
    previous: str | None
    next: str | None
    links: tuple[tuple[int, str], ...]


# -- the pages ----------------------------------------------------------------------------

def site_pages(catalog: Catalog, per_page: int, memo=None) -> Iterator[Page]:
    """Every HTML page of the site (``memo``: what the maps are made from, maps.figures)."""
    yield home_page(catalog)
    current = catalog.current_circles
    yield from listing("/circles/", "circles.html",
                       circle_sections(catalog, current + catalog.called_off_circles), per_page,
                       finder=(catalog, "circle"), memo=memo, title="Learning circles",
                       counted=len(current))
    yield from past_listing(catalog, per_page)
    figures = maps.figures(catalog, memo)  # the pages with a map, and their maps
    yield Page(urls.CIRCLES_MAP, "map.html", {
        "map": figures.get(urls.CIRCLES_MAP),
        "online": sum(1 for c in catalog.current_circles if c.city_venue is None)})
    yield from listing("/courses/", "courses.html", (Section("", catalog.courses_by_title),),
                       per_page, finder=(catalog, "course"), memo=memo, title="Courses")
    yield Page("/organizations/", "organizations.html", {
        "organizations": catalog.organizations_by_name,
        "circle_counts": catalog.circle_counts})
    for circle in catalog.circles.values():
        yield circle_page(catalog, circle, memo)
    for course in catalog.courses.values():
        yield course_page(catalog, course, memo)
    for organization in catalog.organizations.values():
        yield organization_page(catalog, organization, figures)
    yield from flyers.flyer_pages(catalog)
    yield from browse_pages(catalog, per_page, figures)
    yield api.api_page(catalog)
    yield from embeds.embed_pages(catalog)
    # Who runs the site and what it does with visitors' data: from the site's settings,
    # which every template reads as SITE.
    yield Page(urls.ABOUT, "about.html", {})
    yield Page(urls.PRIVACY, "privacy.html", {})
    yield Page(urls.DISPLAY, "display.html", {})


def home_page(catalog: Catalog) -> Page:
    """``open_circles``: up to 6 current circles taking signups; ``counts``: of each kind."""
    open_circles = tuple(c for c in catalog.current_circles if c.signup_open)[:6]
    return Page("/", "home.html", {
        "open_circles": open_circles,
        "counts": {"circles": len(catalog.current_circles), "courses": len(catalog.courses),
                   "organizations": len(catalog.organizations), "cities": len(catalog.cities)},
        "cities": list(catalog.cities.values())[:12],
        "topics": sorted(catalog.topics.values(), key=lambda t: -len(t.items))[:12]})


def circle_page(catalog: Catalog, circle: Circle, memo=None) -> Page:
    """``circle``, its ``course`` and ``organization`` (or None) and its JSON-LD, as the
    page's script holds it (made once for every language, kept in ``memo``)."""
    course = catalog.courses.get(circle.course) if circle.course else None
    organization = catalog.organizations.get(circle.organization) if circle.organization else None
    return Page(urls.page_path(circle), "circle.html", (circle, course, organization),
                functools.partial(circle_context, memo=memo))


def past_listing(catalog: Catalog, per_page: int) -> Iterator[Page]:
    """/circles/past/: the completed circles, then those called off whose meetings have all
    passed, each under its heading; ``counted`` is the number of completed ones and
    ``called_off`` of the others, which the page's lead names apart."""
    completed = tuple(c for c in catalog.past_circles if not c.called_off)
    called_off = tuple(c for c in catalog.past_circles if c.called_off)
    sections = tuple(Section(heading, circles) for heading, circles
                     in (("Completed", completed), (CALLED_OFF_HEADING, called_off)) if circles)
    yield from listing("/circles/past/", "circles.html", sections, per_page,
                       title="Past learning circles", counted=len(completed),
                       called_off=len(called_off))


def circle_context(circle: Circle, course, organization, memo=None) -> dict:
    return {"circle": circle, "course": course, "organization": organization,
            "map_url": urls.openstreetmap(circle.venue) if circle.venue else None,
            "calendar_url": urls.calendar_path(circle),
            "json_ld": remembered(memo, ("json-ld", circle, course, organization),
                                  lambda: jsonld.script_text(
                                      jsonld.circle(circle, course, organization)))}


def course_page(catalog: Catalog, course, memo=None) -> Page:
    """``course``, its ``current``, ``called_off`` (with meetings still to come) and
    ``past`` circles, ``similar`` courses, JSON-LD (as circle_page's)."""
    slug = course.slug
    return Page(urls.page_path(course), "course.html", (
        course, catalog.current_by_course.get(slug, ()),
        catalog.called_off_by_course.get(slug, ()), catalog.past_by_course.get(slug, ()),
        tuple(catalog.similar_courses(course))), functools.partial(course_context, memo=memo))


def course_context(course, current, called_off, past, similar, memo=None) -> dict:
    return {"course": course, "current": current, "called_off": called_off, "past": past,
            "similar": similar,
            "json_ld": remembered(memo, ("json-ld", course),
                                  lambda: jsonld.script_text(jsonld.course(course)))}


def organization_page(catalog: Catalog, organization, figures: dict) -> Page:
    """``organization``, its ``current``, ``called_off`` and ``past`` circles and the
    ``map`` of where its current ones meet (None without coordinates)."""
    slug = organization.slug
    path = urls.page_path(organization)
    return Page(path, "organization.html", {
        "organization": organization,
        "current": catalog.current_by_organization.get(slug, ()), "map": figures.get(path),
        "called_off": catalog.called_off_by_organization.get(slug, ()),
        "past": catalog.past_by_organization.get(slug, ())})


def browse_pages(catalog: Catalog, per_page: int, figures: dict) -> Iterator[Page]:
    """Topic, language and city pages, and an index of each; a city's with its map."""
    kinds = (("topics", "Topics", catalog.topics), ("languages", "Languages", catalog.languages),
             ("cities", "Cities", catalog.cities))
    for kind, title, terms in kinds:
        yield Page(f"/{kind}/", "browse_index.html", {
            "kind": kind, "title": title,
            "terms": [(term, urls.term_path(kind, term)) for term in terms.values()]})
        for term in terms.values():
            sections = term_sections(catalog, kind, term)
            access = access_links(term, sections) if kind == "cities" else ()
            path = urls.term_path(kind, term)
            yield from listing(path, "browse.html", sections, per_page, title=term.name,
                               kind=kind, term=term.named, access=access, map=figures.get(path))
            yield from city_access_pages(catalog, term, sections, access, per_page)


@dataclass(frozen=True)
class AccessLink:
    """A link of a city page's access filter: the ``term`` (of the venue access vocabulary),
    how many of the city's listed circles meet at a venue with it, and its page."""

    term: str
    count: int
    path: str


def access_links(city: Term, sections: tuple[Section, ...]) -> tuple[AccessLink, ...]:
    """The access terms of the venues of the circles a city's page lists, in the
    vocabulary's order, each with its count: a filter that works without JavaScript,
    offering only what some circle there has."""
    circles = [item for section in sections for item in section.items
               if isinstance(item, Circle)]
    counts = Counter(term for circle in circles for term in circle.venue.access)
    return tuple(AccessLink(term, counts[term], urls.city_access_path(city, term))
                 for term in render.LABELS["access"] if counts[term])


def city_access_pages(catalog: Catalog, city: Term, sections: tuple[Section, ...],
                      access: tuple[AccessLink, ...], per_page: int) -> Iterator[Page]:
    """For each link of ``access``, the page of the city's circles whose venue has that
    term, by status as on the city's page; each page offers the other terms and the way
    back to the whole city."""
    for link in access:
        having = tuple(item for section in sections for item in section.items
                       if isinstance(item, Circle) and link.term in item.venue.access)
        yield from listing(link.path, "browse_access.html", circle_sections(catalog, having),
                           per_page, title=city.name, term=city.named, access=access,
                           current=link.term)


def term_sections(catalog: Catalog, kind: str, term: Term) -> tuple[Section, ...]:
    """A term's circles that are not past, by status, then its courses."""
    courses = tuple(i for i in term.items if not isinstance(i, Circle))
    circles = term_circles(catalog, kind, term)
    sections = circle_sections(catalog, circles)
    if courses:
        sections += (Section("Courses", courses),)
    return sections


def term_circles(catalog: Catalog, kind: str, term: Term) -> tuple[Circle, ...]:
    """A term's circles; a topic's are the current and called off ones on its courses."""
    if kind == "topics":
        return catalog.announced_of(kind, term)
    return tuple(i for i in term.items if isinstance(i, Circle))


# The headings of a listing's circles that are not past, in their order.
CIRCLE_HEADINGS = {IN_PROGRESS: "In progress", UPCOMING: "Upcoming"}
CALLED_OFF_HEADING = N_("Cancelled or postponed")


def circle_sections(catalog: Catalog, circles: tuple[Circle, ...]) -> tuple[Section, ...]:
    """``circles`` in progress, upcoming, then cancelled or postponed while meetings of them
    were still to come: a circle called off keeps a place in every listing of current
    circles, under its own heading, until its meetings have passed. Past circles are left
    out."""
    called_off = {c.slug for c in catalog.called_off_circles}
    groups: dict[str, list[Circle]] = {}
    for circle in circles:
        heading = (CALLED_OFF_HEADING if circle.slug in called_off
                   else CIRCLE_HEADINGS.get(circle.status))
        if heading is not None:
            groups.setdefault(heading, []).append(circle)
    order = (*CIRCLE_HEADINGS.values(), CALLED_OFF_HEADING)
    return tuple(Section(heading, tuple(groups[heading])) for heading in order if heading in groups)


def listing(path: str, template: str, sections, per_page: int,
            finder: tuple[Catalog, str] | None = None, memo: MutableMapping | None = None,
            **context) -> Iterator[Page]:
    """A list in pages of ``per_page`` entries; each gets ``sections`` and ``pagination``,
    and the first one, with ``finder`` (the catalog and the kind searched), the search
    interface (None on the others), made only when that page is rendered: in a worker,
    and not in a rebuild that keeps it; once for every language, with a ``memo``."""
    flat = [(s.heading, item) for s in sections for item in s.items]
    count = max(1, math.ceil(len(flat) / per_page))
    links = tuple((n, urls.paginated(path, n)) for n in range(1, count + 1))
    for number in range(1, count + 1):
        chunk = flat[(number - 1) * per_page:number * per_page]
        shown = {**context, "sections": chunk_sections(chunk),
                 "pagination": pagination(number, links), "total": len(flat), "finder": None}
        if finder is not None and number == 1:
            yield Page(urls.paginated(path, number), template, (shown, *finder),
                       functools.partial(_with_finder, memo=memo))
        else:
            yield Page(urls.paginated(path, number), template, shown)


def chunk_sections(chunk: list[tuple[str, object]]) -> list[Section]:
    """The sections of one page: its ``(heading, item)`` entries, a section per run of
    the same heading."""
    page_sections: list[Section] = []
    for heading, item in chunk:
        if not page_sections or page_sections[-1].heading != heading:
            page_sections.append(Section(heading, ()))
        last = page_sections[-1]
        page_sections[-1] = Section(last.heading, last.items + (item,))
    return page_sections


def pagination(number: int, links: tuple[tuple[int, str], ...]) -> Pagination:
    """Page ``number`` of as many as ``links``, with the previous and next ones' paths."""
    count = len(links)
    return Pagination(number, count,
                      links[number - 2][1] if number > 1 else None,
                      links[number][1] if number < count else None, links)


def _with_finder(context: dict, catalog: Catalog, kind: str,
                 memo: MutableMapping | None = None) -> dict:
    """The first page's context with its search interface, whose filter counts go over
    the whole catalog."""
    return {**context, "finder": search.finder(catalog, kind, memo)}


# -- writing ------------------------------------------------------------------------------

class _Environment(Environment):
    """Jinja's environment, whose templates share its globals dict itself. (Jinja's own
    ``make_globals`` gives each template a ChainMap over them, which every render copies
    key by key into a new dict: a tenth of a circle page's time.)"""

    def make_globals(self, d):
        return {**self.globals, **d} if d else self.globals


def term_links(catalog: Catalog | None) -> dict[str, Callable[[str], str]]:
    """The templates' ``topic_path``, ``language_path`` and ``city_path``: the browse page
    of the term a name belongs to, at the slug the catalog gave that term; and
    ``topic_terms(course)``, a course's topics as terms, each once. Without a catalog (a
    template rendered on its own), each name is taken as the only one of its kind."""
    def path_of(kind: str, name: str) -> str:
        term = catalog.term(kind, name) if catalog is not None else Term.alone(name)
        return urls.term_path(kind, term)

    def topic_terms(course: Course) -> tuple[Term, ...]:
        if catalog is not None:
            return catalog.topic_terms(course)
        return tuple(Term.alone(name) for name in dict.fromkeys(course.topics))
    return {"topic_path": functools.partial(path_of, "topics"),
            "language_path": functools.partial(path_of, "languages"),
            "city_path": functools.partial(path_of, "cities"),
            "topic_terms": topic_terms}


def renamed_terms(catalog: Catalog) -> list[tuple[str, str, str]]:
    """``(kind, key, slug)`` of each term whose slug is not the one its name spells, because
    another name spells it too ('montreal-2' for 'Montréal'). A link to any other term
    follows from its name alone: these are all that a page linking terms depends on
    besides the names it shows."""
    return [(kind, key, term.slug) for kind in TERM_KINDS
            for key, term in getattr(catalog, kind).items() if term.slug != term_slug(key)]


class CompiledTemplates(BytecodeCache):
    """Templates compiled in one language, kept in the outputs' memo by the template's name
    and source: a worker forked later, or the next build, loads the compiled code instead of
    compiling it again (compiling every template in nine languages had been two fifths of a
    rebuild's time). The memo's keys also hold the code, the theme and the site, so the
    words compiled into a template (i18n.ConstantTranslations) are always this build's; and
    Jinja itself rejects code compiled by another version of Python or of Jinja."""

    def __init__(self, memo: MutableMapping, lang: str):
        self.memo, self.lang = memo, lang

    def load_bytecode(self, bucket: Bucket) -> None:
        found = self.memo.get(("template", self.lang, bucket.key, bucket.checksum))
        if found is not None:
            bucket.bytecode_from_string(found)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.memo[("template", self.lang, bucket.key, bucket.checksum)] = \
            bucket.bytecode_to_string()


def environment(site: Site, lang: str | None = None, catalog: Catalog | None = None,
                memo: MutableMapping | None = None) -> Environment:
    """The templates of ``site``'s theme in ``lang`` (the site's first language by
    default), with what they may call; with ``catalog``, links to its terms; with ``memo``,
    compiled once for this build and the next (:class:`CompiledTemplates`)."""
    theme, langs = site.theme, site.languages
    lang = lang or langs[0]
    # Templates do not change during a build: no check of their files on each use.
    env = _Environment(loader=FileSystemLoader(str(theme / "templates")),
                       autoescape=select_autoescape(default=True, default_for_string=True),
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                       keep_trailing_newline=True,
                       extensions=[i18n.ConstantTranslations, Unindent, Once],
                       auto_reload=False,
                       bytecode_cache=CompiledTemplates(memo, lang) if memo is not None else None)
    # |tojson writes the search's data as the JSON-LD is written (jsonld.DUMPS): NaN or
    # Infinity there is not JSON, and the page's script would fail (validation rejects
    # them first; this is the second guard).
    env.policies["json.dumps_kwargs"] = dict(jsonld.DUMPS)
    words = i18n.translations(theme, lang)
    env.install_gettext_translations(words, newstyle=True)
    env.constant_gettext = words.gettext
    env.globals["gettext"] = env.globals["_"] = i18n.fast_gettext(words.gettext)
    env.filters.update(render.localized_filters(lang))
    env.filters["access_icon"] = functools.partial(render.access_icon, icons=theme / "icons")
    siteurl = site.url
    env.globals.update({
        "SITENAME": site.name, "SITEURL": siteurl, "SITE": site,
        "url": lambda path: siteurl + i18n.localized(path, lang, langs),
        "page_path": urls.page_path,
        "has_flyer": flyers.has_flyer, "qr_code": flyers.qr_code,
        "short_address": flyers.short_address,
        "search_bundles": lambda kind: search.bundles_of(kind, siteurl),
        **term_links(catalog), "lang": lang, "urls": urls,
        "STATIC": f"{siteurl}/{site.static_dir}",
        "LABELS": render.labels(words.gettext),
        "LANGUAGES": langs, "own_name": i18n.own_name, "neutral": lambda p: i18n.neutral(p, langs),
        "in_language": lambda path, code: siteurl + i18n.localized(path, code, langs),
        # The page in each language: its code, address and the language's own name, for
        # the page's alternates and the language menu.
        "alternates": lambda path: tuple((code, siteurl + i18n.localized(path, code, langs),
                                          i18n.own_name(code)) for code in langs),
        "localized_path": lambda path: i18n.localized(path, lang, langs),
        "plural_table": functools.partial(i18n.plural_table, words, lang),
        "option_label": functools.partial(search.option_label_in, lang=lang, gettext=words.gettext),
        "finder_labels": functools.partial(search.labels_in, lang=lang, gettext=words.gettext),
    })
    env.globals["card"] = Cards(env)
    env.globals["card_words"] = functools.partial(card_words, env)
    env.globals["TIMED_FORMS"] = render.TIMED_FORMS
    return env


class Cards:
    """``card(item, heading="h3")`` in a template: the card of a circle or a course
    (macros.html). A circle's card is the same on each of the listings that show it (its
    course, organization, topics, language, city, the circles and an embed): each card is
    rendered once per language and process, then reused."""

    def __init__(self, env: Environment):
        self.env = env
        self.made: dict[tuple, Markup] = {}

    def __call__(self, item, heading: str = "h3") -> Markup:
        circle = isinstance(item, Circle)
        key = (circle, item.slug, heading)
        found = self.made.get(key)
        if found is None:
            macros = self.env.get_template("macros.html").module
            make = macros.circle_card if circle else macros.course_card
            found = self.made[key] = make(item, heading=heading)
        return found


def outputs(catalog: Catalog, site: Site, memo) -> Iterator[Output]:
    """Every page in every language, a batch per language (each made with its own
    templates), then the sitemap."""
    pages = list(site_pages(catalog, site.page_size, memo))
    pages.append(Page("/404.html", "404.html", {}))
    repeated = sorted(path for path, n in Counter(p.path for p in pages).items() if n > 1)
    if repeated:  # one would overwrite the other
        raise ValueError(f"pages sharing a path: {', '.join(repeated)}")
    langs = site.languages
    # A page links topics, languages and cities by their slugs: every page depends on the
    # slugs that are not the ones their names spell, and on the topic vocabulary, which
    # names and gathers the topics it shows.
    renamed = (tuple(renamed_terms(catalog)), catalog.vocabulary)
    # What a page is made from besides its language, one tuple for all of them: the cache
    # fingerprints it once, not once per language.
    made_from = [(page.template, page.inputs, renamed) for page in pages]
    paths = []
    for lang in langs:
        env = language_environment(site, lang, catalog, memo)
        # Every template of the theme compiled here, those the pages' templates extend,
        # import and include too, before the workers that render the pages are forked:
        # they inherit the templates instead of each compiling them in each language.
        for name in env.list_templates(extensions=("html",)):
            env.get_template(name)
        for page, inputs in zip(pages, made_from):
            path = i18n.localized(page.path, lang, langs)
            localized = Page(path, page.template, page.inputs, page.make)
            yield Output(path, (lang, inputs), functools.partial(_render, env, localized),
                         ("pages", lang))
            if page.template != "404.html":
                paths.append(path)
    yield Output("/sitemap.xml", (tuple(paths),), lambda: sitemap(paths, site.url), "sitemap")


def language_environment(site: Site, lang: str, catalog: Catalog,
                         memo: MutableMapping | None = None) -> Environment:
    env = environment(site, lang, catalog, memo)
    # Templates see the date only through what it decides of a circle (its status, its
    # meetings still to come: Circle.dated), which is part of the circle's key.
    env.globals["addable"] = functools.partial(calendars.addable, today=catalog.today)
    return env


def card_words(env: Environment, found: search.Finder) -> dict:
    """What the circle search (search.js, card-when.js) writes a result's card lines with,
    in the page's language: each sentence of when_sentence with ``{weekday}``, ``{date}``,
    ``{time}`` and ``{zone}`` to fill in, the sentence of each rhythm its circles have (by
    render.rhythm_key), the names of their time zones, and render.calendar_words. The
    words the macros write on the page's own cards, so a result says what they say."""
    if found.kind != "circle":
        return {}
    macros = env.get_template("macros.html").module
    lang = env.globals["lang"]
    return {"when": {form: Markup(macros.when_sentence(form, "{weekday}", "", "{date}", "{time}",
                                                       "{zone}")).striptags()
                     for form in render.WHEN_FORMS},
            "rhythm": {render.rhythm_key(r): Markup(macros.rhythm_sentence(r)).striptags()
                       for r in found.rhythms},
            "zones": {zone: render.zone_name(zone, lang) for zone in found.zones},
            "calendar": render.calendar_words(lang)}


def _render(env: Environment, page: Page) -> str:
    return env.get_template(page.template).render(page=page, **page.context)


def sitemap(paths: list[str], siteurl: str) -> str:
    """sitemaps.org XML listing every page (relative URLs when no SITEURL is set)."""
    rows = "".join(f"  <url><loc>{escape(siteurl + path)}</loc></url>\n" for path in paths)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{rows}</urlset>\n")
