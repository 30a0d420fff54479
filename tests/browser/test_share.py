"""The share row of a detail page: "Copy link" copies the page's address and says so in a
status region; the browser's own share sheet is offered only where it has one; without
JavaScript the address is there to copy by hand and no button that cannot work is shown."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

NO_SHARE_SHEET = "delete Navigator.prototype.share; delete Navigator.prototype.canShare;"
SHARE_SHEET = ("Navigator.prototype.share = function (data) { window.shared = data; "
               "return Promise.resolve(); }; delete Navigator.prototype.canShare;")


def open_spanish(page, sample_site, sample_pages, kind: str) -> str:
    url = sample_site.url + "/es" + sample_pages[kind]
    page.goto(url)
    return url


@pytest.mark.parametrize("kind", ["circle-open", "course", "organization"])
def test_copy_link_copies_the_address_and_says_so(page, sample_site, sample_pages, kind):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    url = open_spanish(page, sample_site, sample_pages, kind)
    page.get_by_role("button", name="Copiar el enlace a esta página").click()
    # The status is written once the clipboard's promise settles: wait for it.
    expect(page.locator(".share-status")).to_have_text("Enlace copiado.")
    assert page.evaluate("navigator.clipboard.readText()") == url
    assert page.locator(".share-link a").text_content() == url
    assert not page.errors


def test_a_refused_copy_says_how_to_copy_by_hand(page, sample_site, sample_pages):
    page.add_init_script("navigator.clipboard.writeText = () => Promise.reject(new Error('no'));")
    open_spanish(page, sample_site, sample_pages, "circle-open")
    page.get_by_role("button", name="Copiar el enlace a esta página").click()
    expect(page.locator(".share-status")).to_have_text(
        "No se pudo copiar el enlace: selecciónalo y cópialo a mano.")


def test_the_share_sheet_gets_the_page_title_and_address(page, sample_site, sample_pages):
    page.add_init_script(SHARE_SHEET)
    url = open_spanish(page, sample_site, sample_pages, "circle-open")
    page.get_by_role("button", name="Compartir…").click()
    page.wait_for_function("window.shared !== undefined")
    assert page.evaluate("window.shared") == {"title": page.title(), "url": url}


def test_no_share_button_where_the_browser_has_no_share_sheet(page, sample_site, sample_pages):
    page.add_init_script(NO_SHARE_SHEET)
    open_spanish(page, sample_site, sample_pages, "circle-open")
    assert page.get_by_role("button", name="Copiar el enlace a esta página").is_visible()
    assert page.locator(".share-native").is_hidden()


def test_without_javascript_the_address_is_a_link_and_no_button_shows(browser, sample_site,
                                                                       sample_pages):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(sample_site.url + sample_pages["course"])
    assert page.locator(".share-link a").get_attribute("href") == sample_pages["course"]
    assert page.locator(".share-actions").is_hidden()
    assert page.locator(".share button:visible").count() == 0
    context.close()
