"""schema.org JSON-LD on detail pages, parsed and checked."""


def test_circle_event(site, build):
    site.circle(("  country: CA", "  country: CA\n  latitude: 43.67\n  longitude: -79.39"))
    event = build().json_ld("/circles/c/")
    assert event["@type"] == "Event"
    assert (event["startDate"], event["endDate"]) == ("2027-03-02T18:00:00-05:00",
                                                      "2027-04-06T20:00:00-04:00")
    assert event["location"]["@type"] == "Place"
    assert event["location"]["address"] == {
        "@type": "PostalAddress", "streetAddress": "789 Yonge St", "addressLocality": "Toronto",
        "addressCountry": "CA"}
    assert event["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert event["organizer"]["name"] == "Toronto Public Library"
    assert event["offers"]["url"] == "https://forms.example.org/py"
    assert event["isAccessibleForFree"] is True
    assert len(event["subEvent"]) == 6


def test_online_circle_is_a_virtual_location(site, build):
    site.circle(("facilitators:", "online: true\nfacilitators:"))
    event = build().json_ld("/circles/c/")
    assert event["location"]["@type"] == "VirtualLocation"
    assert event["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"


def test_course(site, build):
    site.circle()
    course = build().json_ld("/courses/py4e/")
    assert (course["@type"], course["name"], course["provider"]["name"]) == (
        "Course", "Python for Everybody", "University of Michigan")


def test_json_ld_cannot_close_its_script(site, build):
    site.circle(("title: Python at the Library", 'title: "</script><script>alert(1)</script>"'))
    out = build()
    assert out.json_ld("/circles/c/")["name"] == "</script><script>alert(1)</script>"
    assert "<script>alert(1)" not in out.html("/circles/c/")


def test_completed_circle_offer_is_discontinued(site, build):
    site.circle(("start_date: 2027-03-02", "start_date: 2026-09-01"))
    assert build().json_ld("/circles/c/")["offers"]["availability"] == "https://schema.org/Discontinued"


def test_each_entry_s_json_ld_is_made_once_for_every_language(site, build, monkeypatch):
    """The JSON-LD does not depend on the page's language: it is made once per circle and
    course, and each language's page holds the same, as JSON-LD of its own entry. A
    rebuild with nothing changed takes it from the cache."""
    from catalog.outputs import jsonld

    site.circle()
    made = []
    for kind in ("circle", "course"):
        monkeypatch.setattr(jsonld, kind, lambda *args, _make=getattr(jsonld, kind), _kind=kind:
                            made.append((_kind, args[0].slug)) or _make(*args))
    out = build()
    assert sorted(made) == [("circle", "c"), ("course", "py4e")]
    for path in ("/circles/c/", "/courses/py4e/"):
        scripts = {out.html(f"/{lang}{path}" if lang != "en" else path).split(
            '<script type="application/ld+json">')[1].split("</script>")[0]
            for lang in ("en", "es", "fr", "de", "fi", "pl", "ro", "pt", "sw")}
        assert len(scripts) == 1, path
    assert out.json_ld("/fi/circles/c/")["name"] == out.json_ld("/circles/c/")["name"]
    made.clear()
    (out.root / "circles" / "c" / "index.html").unlink()  # made again: from the cache
    build()
    assert made == []
