"""Flyers printed by Chromium to PDF, as a library prints them: exactly one page on A4 and on
US Letter, every meeting date in the printed words, and a QR code that a phone reads as the
page's absolute address (decoded by zxing-cpp from the printed page drawn by PDFium)."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pypdf
import pypdfium2
import pytest
import zxingcpp


pytestmark = pytest.mark.browser

CONTENT = Path(__file__).resolve().parents[2] / "content"
CIRCLE = "/circles/tpl-elements-of-ai-fr-2027/"
ORGANIZATION = "/organizations/toronto-public-library/"
LONG_CIRCLE = "/circles/long-python/"


@pytest.fixture(scope="module")
def addressed_site(site_factory, tmp_path_factory):
    """The sample content and a circle of 20 meetings, built with the address it is served
    at as SITEURL, as a published site is: its codes must lead back to it."""
    content = tmp_path_factory.mktemp("content") / "content"
    shutil.copytree(CONTENT, content)
    source = (content / "circles/tpl-elements-of-ai-fr-2027.md").read_text()
    (content / "circles/long-python.md").write_text(source.replace(
        "meetings: 6", "meetings: 20").replace("Cercle d'apprentissage Elements of AI", "Long"))
    return site_factory(content, addressed=True).url


def printed(page, url: str, paper: str) -> bytes:
    page.goto(url)
    page.emulate_media(media="print")
    return page.pdf(format=paper, print_background=True)


def words(text: str) -> str:
    """``text`` with each run of white space one space, as lines wrap where they fit."""
    return " ".join(text.split())


def codes_on(pdf: bytes) -> list[str]:
    image = pypdfium2.PdfDocument(pdf)[0].render(scale=3).to_pil()
    return [result.text for result in zxingcpp.read_barcodes(image)]


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("path, meetings", [
    (CIRCLE, 6), ("/es" + CIRCLE, 6), ("/fi" + LONG_CIRCLE, 20)])
def test_a_circle_flyer_prints_on_one_page_with_its_dates_and_code(page, addressed_site,
                                                                   paper, path, meetings):
    pdf = printed(page, f"{addressed_site}{path}flyer/", paper)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = words(reader.pages[0].extract_text())
    dates = [words(d) for d in page.locator(".flyer-dates time").all_text_contents()]
    assert len(dates) == meetings and all(date in text for date in dates), (dates, text)
    assert codes_on(pdf) == [f"{addressed_site}{path}"]
    for screen_only in (".flyer-help", ".site-footer p", ".skip-link"):  # not printed
        assert words(page.locator(screen_only).first.text_content()) not in text, screen_only


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_an_organization_flyer_prints_on_one_page_with_a_code_each(page, addressed_site, paper):
    pdf = printed(page, f"{addressed_site}{ORGANIZATION}flyer/", paper)
    assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages) == 1
    links = page.locator(".flyer-circles h2").count()
    found = codes_on(pdf)
    assert f"{addressed_site}{ORGANIZATION}" in found
    assert len([c for c in found if "/circles/" in c]) == links >= 3


def test_flyers_pass_axe_and_fit_a_phone(page, addressed_site, axe):
    paths = [f"/es{CIRCLE}flyer/", f"/es{ORGANIZATION}flyer/"]
    for width in (320, 1280):
        assert axe.sweep(page, addressed_site, paths, width) == []
