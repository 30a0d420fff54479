"""schema.org structured data for detail pages: ``Course`` and ``Event``.

When plans change the event says so as Google's event guidelines ask: ``eventStatus``
EventCancelled or EventPostponed for a circle called off, keeping the dates it was announced
for; EventRescheduled with ``previousStartDate`` when it now starts at another time than
announced (its first meeting moved, or cancelled); and each meeting (``subEvent``) has its
own status.
"""

from __future__ import annotations

import json

from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from . import render
from ..source.model import CANCELLED, MOVED, POSTPONED, Circle, Course, Meeting

SCHEMA = "https://schema.org/"
_AVAILABILITY = {"open": "https://schema.org/InStock", "full": "https://schema.org/SoldOut",
                 "closed": "https://schema.org/SoldOut",
                 "deadline-passed": "https://schema.org/SoldOut",
                 "completed": "https://schema.org/Discontinued"}
# A circle called off takes no signups, but not because its places are taken (SoldOut):
# a cancelled circle's offer is withdrawn for good, Discontinued; a postponed one's will
# come back on new dates, OutOfStock (not available for now).
_CALLED_OFF_AVAILABILITY = {CANCELLED: SCHEMA + "Discontinued", POSTPONED: SCHEMA + "OutOfStock"}
_CALLED_OFF_STATUS = {CANCELLED: SCHEMA + "EventCancelled", POSTPONED: SCHEMA + "EventPostponed"}


# How JSON goes into a page's script (here and by the templates' |tojson): keys sorted,
# never NaN or Infinity (not JSON: the script would fail), no spaces after separators
# (the JSON-LD is in every page of every language).
DUMPS = {"sort_keys": True, "allow_nan": False, "separators": (",", ":")}


def script_text(data: dict) -> Markup:
    """``data`` as ``|tojson`` writes it into a page's script, ``<``, ``>``, ``&`` and
    ``'`` escaped so that nothing in it can close the script. A circle's page has the same
    JSON-LD in every language: pages.py makes it once (in the memo) and every language's
    page writes it as it is."""
    return htmlsafe_json_dumps(data, dumps=json.dumps, **DUMPS)


def course(course: Course) -> dict:
    data = {
        "@context": "https://schema.org", "@type": "Course", "name": course.title,
        "description": course.summary, "url": course.url, "inLanguage": course.language,
        "provider": {"@type": "Organization", "name": course.provider},
        "keywords": ", ".join(course.topics),
        "isAccessibleForFree": course.cost != "paid",
    }
    if course.license:
        data["license"] = course.license
    if course.level:
        data["educationalLevel"] = course.level
    return data


def circle(circle: Circle, course: Course | None, organization) -> dict:
    start, end = _span(circle)
    data = {
        "@context": "https://schema.org", "@type": "Event", "name": circle.title,
        "startDate": start.isoformat(), "endDate": end.isoformat(),
        **event_status(circle),
        "eventAttendanceMode": "https://schema.org/" + (
            "OnlineEventAttendanceMode" if circle.online else "OfflineEventAttendanceMode"),
        "inLanguage": circle.language, "isAccessibleForFree": True,
        "location": _location(circle),
        "performer": [{"@type": "Person", "name": name} for name in circle.facilitators],
        "subEvent": sub_events(circle) if len(circle.meetings) > 1 else [],
        "offers": {"@type": "Offer", "url": circle.signup.url, "price": 0,
                   "priceCurrency": "USD", "availability": _availability(circle)},
    }
    if circle.capacity:
        data["maximumAttendeeCapacity"] = circle.capacity
    if organization is not None:
        data["organizer"] = {"@type": "Organization", "name": organization.name,
                             **({"url": organization.url} if organization.url else {})}
    if course is not None:
        data["about"] = {"@type": "Course", "name": course.title, "url": course.url,
                         "provider": {"@type": "Organization", "name": course.provider}}
    return data


def _span(circle: Circle):
    """The event's start and end: those of the meetings that take place; for a circle
    called off, those it was announced with (Google: keep the original dates)."""
    if circle.called_off:
        return (min(m.start for m in circle.meetings), max(m.end for m in circle.meetings))
    return circle.first_meeting.start, circle.last_meeting.end


def event_status(circle: Circle) -> dict:
    """``eventStatus``, with ``previousStartDate`` when the circle starts at another time
    than it was announced for (its first meeting moved, or cancelled)."""
    if circle.called_off:
        return {"eventStatus": _CALLED_OFF_STATUS[circle.status]}
    announced = min(m.original_start or m.start for m in circle.meetings)
    if circle.first_meeting.start != announced:
        return {"eventStatus": SCHEMA + "EventRescheduled",
                "previousStartDate": announced.isoformat()}
    return {"eventStatus": SCHEMA + "EventScheduled"}


def sub_events(circle: Circle) -> list[dict]:
    """Every meeting as announced, in order, each with its own status: a meeting of a
    postponed circle is postponed, a cancelled one cancelled, a moved one rescheduled."""
    return [{"@type": "Event", "name": circle.title, "startDate": m.start.isoformat(),
             "endDate": m.end.isoformat(), **_meeting_status(circle, m)}
            for m in circle.meetings]


def _meeting_status(circle: Circle, meeting: Meeting) -> dict:
    if meeting.called_off:
        return {"eventStatus": _CALLED_OFF_STATUS[circle.status]}
    if meeting.status == CANCELLED:
        return {"eventStatus": SCHEMA + "EventCancelled"}
    if meeting.status == MOVED:
        return {"eventStatus": SCHEMA + "EventRescheduled",
                "previousStartDate": meeting.original_start.isoformat()}
    return {"eventStatus": SCHEMA + "EventScheduled"}


def _availability(circle: Circle) -> str:
    if circle.called_off:
        return _CALLED_OFF_AVAILABILITY[circle.status]
    return _AVAILABILITY[circle.signup_state]


def _location(circle: Circle) -> dict:
    # A VirtualLocation has no amenityFeature (schema.org gives it to Place): an online
    # circle's online access terms have no property to go in, and are left out.
    if circle.city_venue is None:
        return {"@type": "VirtualLocation", "url": circle.signup.url}
    venue = circle.venue
    address = {"@type": "PostalAddress", "streetAddress": venue.address,
               "addressLocality": venue.city, "addressCountry": venue.country}
    if venue.region:
        address["addressRegion"] = venue.region
    place = {"@type": "Place", "name": venue.name, "address": address}
    if venue.latitude is not None:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": venue.latitude,
                        "longitude": venue.longitude}
    if venue.access:
        place["amenityFeature"] = amenity_features(venue.access)
    return place


def amenity_features(access: tuple[str, ...]) -> list[dict]:
    """A venue's access terms as schema.org's LocationFeatureSpecification, each by its
    short name in English (the pages' words), present: the content lists only what a venue
    has."""
    return [{"@type": "LocationFeatureSpecification", "name": render.LABELS["access"][term],
             "value": True} for term in access]
