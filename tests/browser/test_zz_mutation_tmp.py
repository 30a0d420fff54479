import pytest
from test_keyboard import FOCUS_STYLE, FOCUSED
pytestmark = pytest.mark.browser

@pytest.mark.parametrize("css", ["", "*:focus, *:focus-visible {outline: none !important; box-shadow: none !important}"])
def test_focus(page, sample_site, sample_pages, css):
    page.goto(sample_site.url + sample_pages["circle-open"])
    if css: page.add_style_tag(content=css)
    page.focus(".signup-button")  # programmatic: may not match focus-visible
    for _ in range(40):
        page.keyboard.press("Tab")
        if "signup-button" in page.evaluate(FOCUSED)["cls"]: break
    print(page.evaluate(FOCUSED), page.evaluate(FOCUS_STYLE))
