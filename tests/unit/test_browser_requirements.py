"""The browser tests' gate: a missing requirement fails them, naming it and how to install
it, unless CATALOG_SKIP_BROWSER=1 asks to skip them; nothing missing, they run."""

import importlib.util
import sys
from pathlib import Path

import pytest

CONFTEST = Path(__file__).resolve().parents[1] / "browser" / "conftest.py"


@pytest.fixture(scope="module")
def gate():
    # Loaded under its own name: it is the browser folder's conftest, not a module of ours.
    name = "browser_conftest_gate"
    spec = importlib.util.spec_from_file_location(name, CONFTEST)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # its dataclasses look their module up there
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules[name]


CHROMIUM = "/usr/bin/chromium (apt-get install chromium)"
AXE = "node_modules/axe-core/axe.min.js (run `npm ci` in /src)"


def test_nothing_missing_runs(gate):
    assert gate.requirements_decision([], {}) == ("run", "")
    assert gate.requirements_decision([], {"CATALOG_SKIP_BROWSER": "1"}) == ("run", "")


@pytest.mark.parametrize("environ", [{}, {"CATALOG_SKIP_BROWSER": ""},
                                     {"CATALOG_SKIP_BROWSER": "0"}, {"CI": "true"}])
def test_missing_without_opt_out_fails_naming_what_and_how(gate, environ):
    assert gate.requirements_decision([CHROMIUM, AXE], environ) == (
        "fail",
        "browser tests need /usr/bin/chromium (apt-get install chromium); "
        "node_modules/axe-core/axe.min.js (run `npm ci` in /src). "
        "Install what is missing, or set CATALOG_SKIP_BROWSER=1 to skip the browser tests")


def test_missing_with_opt_out_skips_naming_the_variable(gate):
    assert gate.requirements_decision([CHROMIUM], {"CATALOG_SKIP_BROWSER": "1"}) == (
        "skip",
        "browser tests need /usr/bin/chromium (apt-get install chromium); "
        "skipped because CATALOG_SKIP_BROWSER=1")


def test_the_requirements_name_their_install_commands(gate, monkeypatch):
    monkeypatch.setattr(gate, "CHROMIUM", Path("/nonexistent/chromium"))
    monkeypatch.setattr(gate, "AXE", gate.ROOT / "no-such-folder" / "axe.min.js")
    missing = gate.missing_requirements()
    assert missing[:2] == ["/nonexistent/chromium (apt-get install chromium)",
                           f"no-such-folder/axe.min.js (run `npm ci` in {gate.ROOT})"]


def test_the_fixture_acts_on_the_decision(gate, monkeypatch):
    fixture = gate.browser_requirements.__wrapped__
    monkeypatch.setattr(gate, "missing_requirements", lambda: [CHROMIUM])
    monkeypatch.delenv("CATALOG_SKIP_BROWSER", raising=False)
    with pytest.raises(pytest.fail.Exception, match="CATALOG_SKIP_BROWSER=1 to skip"):
        fixture()
    monkeypatch.setenv("CATALOG_SKIP_BROWSER", "1")
    with pytest.raises(pytest.skip.Exception, match="because CATALOG_SKIP_BROWSER=1"):
        fixture()
    monkeypatch.setattr(gate, "missing_requirements", lambda: [])
    assert fixture() is None
