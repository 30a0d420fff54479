"""make screenshots: the README's pictures are taken from the bundled site by Chromium, at
both widths, so that they cannot go stale."""

import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
NAMES = ("home", "search", "circle", "widget")


def size(png: Path) -> tuple[int, int]:
    head = png.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", png
    return struct.unpack(">II", head[16:24])


def test_make_screenshots_photographs_each_page_at_both_widths(tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "screenshots.py")],
                          env={**os.environ, "SCREENSHOTS_DIR": str(tmp_path),
                               "PYTHONPATH": str(ROOT / "plugins")},
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    for name in NAMES:
        assert size(tmp_path / f"{name}.png") == (1280, 800)
        assert size(tmp_path / f"{name}-phone.png") == (320, 640)
        # A page, not a blank: the PNG of a real page is many kilobytes.
        assert (tmp_path / f"{name}.png").stat().st_size > 20_000


def test_the_readme_shows_the_screenshots_it_makes():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in NAMES:
        assert f"docs/screenshots/{name}.png" in readme or f"docs/screenshots/{name}-phone.png" in readme
        assert (ROOT / "docs" / "screenshots" / f"{name}.png").is_file()
