"""Every page the build writes is valid HTML: no error from the Nu Html Checker (vnu, the
W3C's checker), pinned in package-lock.json. The bundled content is checked in full (every
language, the embed frames, the 404 page), and so is a small site whose descriptions hold
what the sanitizer has to repair: a link to a ``javascript:`` address, headings that skip
a level.

Needs Java (11 or later) and node_modules/vnu-jar (``npm ci``). Without them the test fails,
naming what is missing and how to install it; ``CATALOG_SKIP_BROWSER=1``, which skips the
browser tests, skips it too."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from catalog.build import build_site
from catalog.outputs.render import markdown
from helpers import TODAY, Site

ROOT = Path(__file__).resolve().parents[2]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SKIP_VARIABLE = "CATALOG_SKIP_BROWSER"

# A page with one error the checker must report: proof that it ran and that its report is
# read, so that an empty list of errors means valid pages.
CANARY = ('<!DOCTYPE html>\n<html lang="en">\n<head><title>canary</title></head>\n'
          '<body><form action=""></form></body>\n</html>\n')


def missing_requirements() -> list[str]:
    missing = []
    if shutil.which("java") is None:
        missing.append("java (apt-get install default-jre-headless)")
    if not VNU.is_file():
        missing.append(f"{VNU.relative_to(ROOT)} (run `npm ci` in {ROOT})")
    return missing


def opted_out() -> bool:
    return os.environ.get(SKIP_VARIABLE, "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="module")
def checker():
    """The command that runs vnu; fails (or skips, on request) when it cannot run."""
    missing = missing_requirements()
    if missing:
        need = "the HTML check needs " + "; ".join(missing)
        if opted_out():
            pytest.skip(f"{need}; skipped because {SKIP_VARIABLE}={os.environ[SKIP_VARIABLE]}")
        pytest.fail(f"{need}. Install what is missing, or set {SKIP_VARIABLE}=1 to skip it",
                    pytrace=False)
    return ["java", "-jar", str(VNU)]


DESCRIPTION = """\
Bring a laptop. [Our form](javascript:alert(1)), <javascript:alert(2)> and
<a href="javascript:alert(3)" title="a href=">a link</a> lose their addresses.

#### Week one

Install Python.

## Later

#### Week two
"""


def small_site(root: Path) -> Path:
    """One course, organization and circle whose descriptions need repairs."""
    site = Site(root)
    site.circle(("description: Weekly Python.",
                 "description: |\n" + "".join(f"  {line}\n" for line in DESCRIPTION.splitlines())))
    site.write("courses/py4e.md", (site.content / "courses/py4e.md").read_text(encoding="utf-8")
               + "\n" + DESCRIPTION)
    site.write("organizations/tpl.yaml",
               (site.content / "organizations/tpl.yaml").read_text(encoding="utf-8")
               + "description: |\n" + "".join(f"  {line}\n" for line in
                                             ("### Branches", "", "#### Toronto Reference")))
    assert site.problems() == []
    return site.content


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> list[Path]:
    """The bundled content and the small site, each built for TODAY."""
    built = []
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SITEURL", raising=False)
        patch.setenv("CATALOG_TODAY", TODAY.isoformat())
        built.append(build_site(ROOT / "content", tmp_path_factory.mktemp("bundled") / "output",
                                TODAY))
        content = small_site(tmp_path_factory.mktemp("small"))
        built.append(build_site(content, tmp_path_factory.mktemp("small-site") / "output",
                                TODAY))
    return built


def vnu_errors(command: list[str], folders: list[Path]) -> list[dict]:
    """Every error vnu finds in the HTML files under ``folders``, in one run."""
    run = subprocess.run([*command, "--format", "json", "--errors-only", "--skip-non-html",
                          *map(str, folders)], capture_output=True, text=True, timeout=900)
    try:
        return json.loads(run.stderr)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"vnu exited with {run.returncode} and no report:\n{run.stderr}{run.stdout}",
                    pytrace=False)


def described(error: dict, sites: dict[str, Path]) -> str:
    """'bundled site: circles/index.html:55: Bad value ...'."""
    where = error.get("url", "").removeprefix("file:")
    for name, root in sites.items():
        if where.startswith(f"{root}/"):
            where = f"{name}: {where.removeprefix(f'{root}/')}"
    return f"{where}:{error.get('lastLine', '?')}: {error.get('message', error)}"


def test_every_page_is_valid_html(checker, sites, tmp_path):
    pages = [p for site in sites for p in site.rglob("*.html")]
    assert len(pages) > 1000, "the bundled content builds over a thousand pages"
    for site in sites:  # the pages that are easiest to forget
        assert (site / "404.html").is_file() and list((site / "embed").rglob("*.html"))
    assert {p.parent.name for p in sites[0].glob("*/index.html")} >= {
        "de", "es", "fi", "fr", "pl", "pt", "ro", "sw"}
    canary = tmp_path / "canary" / "canary.html"
    canary.parent.mkdir()
    canary.write_text(CANARY, encoding="utf-8")

    errors = vnu_errors(checker, [*sites, canary.parent])

    caught = [e for e in errors if e.get("url", "").endswith("/canary.html")]
    assert caught and "action" in caught[0].get("message", ""), (
        f"vnu did not report the canary page's error: {errors[:3]}")
    names = dict(zip(("bundled site", "small site"), sites))
    found = [described(e, names) for e in errors if e not in caught]
    assert not found, f"{len(found)} HTML errors:\n" + "\n".join(found)


def test_description_headings_never_skip_a_level():
    text = "#### Week one\n\ntext\n\n## Later\n\n#### Week two\n\n### Week three"
    assert str(markdown(text)) == (
        "<h3>Week one</h3>\n<p>text</p>\n<h2>Later</h2>\n<h3>Week two</h3>\n<h3>Week three</h3>")
    assert str(markdown("### Branches\n\n#### Toronto", 1)) == "<h2>Branches</h2>\n<h3>Toronto</h3>"
    assert str(markdown("## About\n\n### More")) == "<h2>About</h2>\n<h3>More</h3>"
