"""The pages of the site contract, built for real and read back."""

import pytest

SIGNUP = ("https://forms.example.org/py", "https://forms.example.org/py\n  status: {}")


def test_every_contract_page_exists(site, build):
    site.circle()
    out = build()
    for path in ["/", "/courses/", "/courses/py4e/", "/circles/", "/circles/past/", "/circles/c/",
                 "/organizations/", "/organizations/tpl/", "/topics/python/", "/languages/en/",
                 "/cities/toronto/"]:
        assert "<main id=\"main\"" in out.html(path), path
    assert "<loc>/circles/c/</loc>" in (out.root / "sitemap.xml").read_text()


def test_pelican_does_not_publish_content_files_itself(site, build):
    site.circle()
    out = build()
    languages = ["de", "es", "fi", "fr", "pl", "pt", "ro", "sw"]  # the interface's, README
    assert sorted(p.name for p in out.root.iterdir()) == sorted([
        "404.html", "about", "api", "circles", "circles.ics", "cities", "courses", "display", "embed", "embed.js",
        "feeds", "index.html", "languages", "organizations", "pagefind", "schemas",
        "privacy", "sitemap.xml", "theme", "topics", *languages])


def test_circle_page_shows_local_times_across_dst(site, build):
    site.circle()
    page = build().html("/circles/c/")
    assert "6 weekly meetings on Tuesdays" in page
    # The clock as English writes it, the zone as people name it, whichever side of the
    # change: "Eastern Time", never "America/New_York", "EST" or "UTC-05:00".
    assert ('<time datetime="2027-03-09T18:00:00-05:00">6:00\u202fPM</time> – <time datetime="2027-03-09T'
            '20:00:00-05:00">8:00\u202fPM</time> Eastern Time') in page
    assert '<time datetime="2027-03-16T18:00:00-04:00">6:00\u202fPM</time>' in page
    assert "Time zone: <strong>Eastern Time</strong>" in page and "America/" not in page
    assert "Tuesday, March 16, 2027" in page
    assert "Next meeting:</strong> Tuesday, March 16, 2027" in page


@pytest.mark.parametrize("change, shown, linked", [
    ((), "Sign up<span class=\"visually-hidden\"> for Python at the Library", True),
    ((SIGNUP[0], SIGNUP[1].format("full")), "This circle is full", False),
    ((SIGNUP[0], SIGNUP[1].format("closed")), "Signup for this circle is closed", False),
    ((SIGNUP[0], SIGNUP[0] + "\n  deadline: 2027-03-01"), "The signup deadline, Monday, March 1, "
     "2027, has passed", False),
    (("start_date: 2027-03-02", "start_date: 2026-09-01"), "This circle has finished", False),
])
def test_signup_states(site, build, change, shown, linked):
    site.circle(*([change] if change else []))
    page = build().html("/circles/c/")
    assert shown in page
    assert ('href="https://forms.example.org/py"' in page) is linked


def test_rhythm_wording(site, build):
    site.circle(("start_date: 2027-03-02", "start_date: 2027-03-02\n  frequency: biweekly\n"
                                           "  meetings: 4\n  skip_dates: [2027-03-16]"))
    page = build().html("/circles/c/")
    assert "4 meetings every two weeks on Tuesdays" in page
    assert "No meeting on Tuesday, March 16, 2027; that meeting is added at the end." in page


def test_explicit_dates_and_late_meetings(site, build):
    site.circle(("start_date: 2027-03-02", "dates: [2027-03-20, 2027-04-02]"),
                ('"18:00"', '"23:00"\n  duration_minutes: 90'))
    page = build().html("/circles/c/")
    assert "2 meetings on set dates" in page
    assert "(ends the next day)" in page


def test_venue_online_and_map(site, build):
    site.circle(("  country: CA", "  country: CA\n  details: Room 3B, step-free\n"
                                  "  latitude: 43.67\n  longitude: -79.39"))
    page = build().html("/circles/c/")
    assert "Room 3B, step-free" in page
    assert "https://www.openstreetmap.org/?mlat=43.67&amp;mlon=-79.39#map=18/43.67/-79.39" in page
    assert 'href="/circles/c/calendar.ics"' in page


def test_listings_group_sort_and_paginate(site, build):
    for i in range(5):
        site.circle(("start_date: 2027-03-02", f"start_date: 2027-0{4 + i % 2}-0{i + 1}"),
                    name=f"circles/c{i}.yaml")
    site.circle(name="circles/now.yaml")
    out = build(CATALOG_PAGE_SIZE=4)
    first, second = out.html("/circles/"), out.html("/circles/page/2/")
    first = first.split("data-finder-static")[1]  # the listing, after the search interface
    assert first.index("In progress") < first.index('href="/circles/now/"') < first.index("Upcoming")
    assert [first.index(f'href="/circles/c{i}/"') for i in (0, 2)] == sorted(
        first.index(f'href="/circles/c{i}/"') for i in (0, 2))
    assert '<link rel="next" href="/circles/page/2/">' in out.html("/circles/")
    assert '<link rel="prev" href="/circles/">' in second and "c1" in second


def test_course_page(site, build):
    site.circle()
    site.circle(("start_date: 2027-03-02", "start_date: 2026-03-02"), name="circles/old.yaml")
    site.write("courses/other.yaml", "title: Data\nurl: https://example.org/\nprovider: P\n"
               "language: es\ntopics: [Python]\nsummary: S\ndescription: D\n")
    page = build().html("/courses/py4e/")
    assert page.index('href="/circles/c/"') < page.index("Past circles") < page.index('href="/circles/old/"')
    assert 'href="/courses/other/"' in page.split("Similar courses")[1]
    assert '<li lang="es"><a href="/courses/other/"' in page


def test_browse_pages(site, build):
    site.circle()
    out = build()
    assert 'href="/circles/c/"' in out.html("/cities/toronto/")
    assert 'href="/courses/py4e/"' in out.html("/topics/programming/")
    assert 'href="/circles/c/"' in out.html("/topics/programming/")
    assert 'href="/courses/py4e/"' in out.html("/languages/en/")
    assert 'href="/topics/python/"' in out.html("/topics/")
