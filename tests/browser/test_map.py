"""The maps in a browser: no accessibility violation and no sideways scrolling on the map
page, an organization's page and a city's; the land is an image of the site itself (the
page fixture fails a test on any request to another host); markers are links a keyboard
reaches, named by city and count."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PATHS = ["/circles/map/", "/es/circles/map/", "/organizations/toronto-public-library/",
         "/cities/helsinki/"]


@pytest.mark.parametrize("width", [320, 1280])
def test_maps_pass_axe_and_fit_the_window(page, sample_site, axe, width):
    assert axe.sweep(page, sample_site.url, PATHS, width) == []


def test_the_land_is_drawn_from_the_site_and_markers_take_the_keyboard(page, sample_site):
    loaded = []
    page.on("response", lambda r: loaded.append((r.url, r.status)))
    page.goto(sample_site.url + "/circles/map/")
    land = [(url, status) for url, status in loaded if "/maps/" in url]
    assert len(land) == 1 and land[0][0].startswith(sample_site.url) and land[0][1] == 200
    assert page.evaluate("document.querySelector('.map image').getBBox().width") > 0
    marker = page.get_by_role("link", name="Chicago: 4 circles")
    marker.focus()
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Chicago: 4 circles"
    marker.click()
    assert page.url == sample_site.url + "/cities/chicago/"
