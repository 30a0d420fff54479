"""Build the site: read and validate everything first, run Pelican into a fresh folder, and
swap it in for ``output/`` only when the whole build succeeded (site-contract.md, "Errors a
contributor sees": a failed build leaves the previous output exactly as it was)."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from datetime import date
from pathlib import Path

from . import cache
from .catalog import check_content
from .problems import ContentErrors, UsageError

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parents[2]


def build_site(content: Path, output: Path, today: date, settings_file: Path | None = None,
               overrides: dict | None = None) -> Path:
    """Validate ``content``, build it for the date ``today`` and put the site at ``output``."""
    output = output.resolve()
    keep = os.environ.get("CATALOG_CACHE", "").strip() not in ("0", "false", "no")
    folder = cache.folder_for(output) if keep else None
    documents = cache.Store(folder / "documents.pickle" if folder else None)
    checked = check_content(content, today, documents=documents)
    if checked.problems:
        raise ContentErrors(checked.problems)
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-", dir=output.parent))
    outputs = cache.Store(folder / "outputs.pickle" if folder else None)
    rendered = cache.Store(folder / "markdown.pickle" if folder else None)
    try:
        run_pelican(content, staging, checked.catalog, settings_file,
                    {"CATALOG_OUTPUTS": outputs, "CATALOG_MARKDOWN": rendered,
                     "CATALOG_PREVIOUS": output, **(overrides or {})})
        swap_in(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    for store in (documents, outputs, rendered):
        store.save()
    return output


def run_pelican(content: Path, output: Path, catalog, settings_file: Path | None,
                overrides: dict) -> None:
    from pelican import Pelican
    from pelican.settings import read_settings

    settings_file = settings_file or ROOT / "pelicanconf.py"
    if not settings_file.is_file():
        raise UsageError(f"{settings_file} does not exist")
    override = {"PATH": str(content.resolve()), "OUTPUT_PATH": str(output),
                "CATALOG": catalog, **overrides}
    if os.environ.get("CATALOG_SEARCH", "").strip() in ("0", "false", "no"):
        override["CATALOG_SEARCH"] = False  # the benchmark's build without the index
    languages = os.environ.get("CATALOG_LANGUAGES", "").replace(",", " ").split()
    if languages:
        override["CATALOG_LANGUAGES"] = languages  # e.g. the benchmark's English-only build
    siteurl = os.environ.get("SITEURL")
    if siteurl is not None:
        override["SITEURL"] = siteurl.rstrip("/")
    settings = read_settings(str(settings_file), override=override)
    Pelican(settings).run()


def swap_in(staging: Path, output: Path) -> None:
    """Replace ``output`` by ``staging`` with two renames, so that readers see either the
    old site or the new one."""
    old = None
    if output.exists():
        old = output.with_name(f".{output.name}-old-{os.getpid()}")
        output.rename(old)
    staging.rename(output)
    staging_mode = 0o755
    output.chmod(staging_mode)  # mkdtemp makes 0700; a web server must read the site
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
