"""schema.org structured data for detail pages: ``Course`` and ``Event``."""

from __future__ import annotations

from ..source.model import Circle, Course

_AVAILABILITY = {"open": "https://schema.org/InStock", "full": "https://schema.org/SoldOut",
                 "closed": "https://schema.org/SoldOut",
                 "deadline-passed": "https://schema.org/SoldOut",
                 "completed": "https://schema.org/Discontinued"}


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
    first, last = circle.first_meeting, circle.last_meeting
    data = {
        "@context": "https://schema.org", "@type": "Event", "name": circle.title,
        "startDate": first.start.isoformat(), "endDate": last.end.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/" + (
            "OnlineEventAttendanceMode" if circle.online else "OfflineEventAttendanceMode"),
        "inLanguage": circle.language, "isAccessibleForFree": True,
        "location": _location(circle),
        "performer": [{"@type": "Person", "name": name} for name in circle.facilitators],
        "subEvent": [{"@type": "Event", "name": circle.title,
                      "startDate": m.start.isoformat(), "endDate": m.end.isoformat()}
                     for m in circle.meetings] if len(circle.meetings) > 1 else [],
        "offers": {"@type": "Offer", "url": circle.signup.url, "price": 0,
                   "priceCurrency": "USD", "availability": _AVAILABILITY[circle.signup_state]},
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


def _location(circle: Circle) -> dict:
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
    return place
