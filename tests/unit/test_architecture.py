"""The shape of the code: import contracts that fail when a stage imports the engine, and
a new kind of output added as one module listed once, with nothing changed in the engine."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import types
from pathlib import Path

import catalog.outputs
from catalog.outputs.output import Output

ROOT = Path(__file__).resolve().parents[2]
LINT = Path(sys.executable).with_name("lint-imports")


def lint(plugins: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT), str(ROOT / ".importlinter")],
                          env={**os.environ, "PYTHONPATH": str(plugins)}, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_the_import_contracts_hold():
    done = lint(ROOT / "plugins")
    assert done.returncode == 0, done.stdout
    assert "3 kept, 0 broken" in done.stdout


def test_an_output_that_imports_the_engine_breaks_a_contract(tmp_path):
    shutil.copytree(ROOT / "plugins" / "catalog", tmp_path / "catalog",
                    ignore=shutil.ignore_patterns("__pycache__"))
    api = tmp_path / "catalog" / "outputs" / "api.py"
    lines = api.read_text().splitlines(keepends=True)
    after = next(n for n, line in enumerate(lines) if line.startswith("from __future__"))
    lines.insert(after + 1, "from ..engine import cache\n")
    api.write_text("".join(lines))
    done = lint(tmp_path)
    assert done.returncode != 0
    assert "The stages never see the engine or the commands BROKEN" in done.stdout
    assert f"catalog.outputs.api -> catalog.engine.cache (l.{after + 2})" in done.stdout


def test_a_cycle_breaks_a_contract(tmp_path):
    shutil.copytree(ROOT / "plugins" / "catalog", tmp_path / "catalog",
                    ignore=shutil.ignore_patterns("__pycache__"))
    model = tmp_path / "catalog" / "source" / "model.py"
    model.write_text(model.read_text() + "\nfrom . import catalog as _circle  # noqa\n")
    done = lint(tmp_path)
    assert done.returncode != 0 and "No module imports in a circle BROKEN" in done.stdout


def humans_txt() -> types.ModuleType:
    """A new kind of output, as a module of outputs/ would be: /humans.txt names every
    organization, and is made again only when one of them changes."""
    module = types.ModuleType("catalog.outputs.humans")

    def outputs(catalog, site, memo):
        names = catalog.organizations_by_name
        return [Output("/humans.txt", (names,),
                       lambda: "".join(f"{o.name}\n" for o in names), "humans")]
    module.outputs = outputs
    return module


def test_a_new_output_is_one_module_and_one_line(site, build, monkeypatch):
    monkeypatch.setattr(catalog.outputs, "OUTPUTS", (*catalog.outputs.OUTPUTS, humans_txt()))
    site.circle()
    first = build()
    humans = first.root / "humans.txt"
    assert humans.read_text() == "Toronto Public Library\n"
    inode = humans.stat().st_ino
    site.circle(("title: Python at the Library", "title: Changed circle"))
    assert build().root.joinpath("humans.txt").stat().st_ino == inode, "kept: inputs unchanged"
    site.write("organizations/tpl.yaml", "name: Toronto Libraries\ncity: Toronto\ncountry: CA\n")
    assert build().root.joinpath("humans.txt").read_text() == "Toronto Libraries\n"
