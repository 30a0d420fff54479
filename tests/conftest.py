"""Fixtures for every test; the shared pieces live in helpers.py."""

from pathlib import Path

import pytest

from catalog.build import build_site
from helpers import TODAY, Built, Site


@pytest.fixture
def site(tmp_path, monkeypatch) -> Site:
    monkeypatch.chdir(tmp_path)
    return Site(tmp_path)


@pytest.fixture
def build(site):
    """Build the site's content for real; returns the built tree."""
    def run(**overrides) -> Built:
        return Built(build_site(Path("content"), site.root / "output", TODAY, overrides=overrides))
    return run


def pytest_collection_modifyitems(session, config, items):
    """A full run must collect every test folder: pytest skips folders named "build" unless
    pytest.ini says otherwise, which once hid tests/build silently."""
    if config.args != config.getini("testpaths") or config.option.keyword:
        return
    folders = {Path(item.fspath).parent.name for item in items}
    missing = {"unit", "build", "browser"} - folders
    if missing:
        raise pytest.UsageError(f"no tests collected from tests/{', tests/'.join(sorted(missing))}")
