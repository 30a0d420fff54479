"""Build the site: read and validate everything first, run Pelican into a staging folder,
and move it into ``output/`` only when the whole build succeeded (site-contract.md, "Errors
a contributor sees": a failed build leaves the previous output exactly as it was).

The first build, or one without the cache, swaps the staging folder in for the previous
output with two renames. A rebuild with the cache writes only the files that changed into
the staging folder (cache.py), then moves each into place and deletes the files the new
site no longer has; files that did not change are not touched at all.
"""

from __future__ import annotations

import gc
import logging
import os
import shutil
import tempfile
from datetime import date
from pathlib import Path

from . import cache, parallel, render, search
from .catalog import check_content
from .problems import ContentErrors, UsageError

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parents[2]


def build_site(content: Path, output: Path, today: date, settings_file: Path | None = None,
               overrides: dict | None = None) -> Path:
    """Validate ``content``, build it for the date ``today`` and put the site at ``output``."""
    # A build makes millions of small objects that live until its end; collecting after
    # every 700 of them (Python's default) cost a tenth of a rebuild.
    thresholds = gc.get_threshold()
    gc.set_threshold(50_000, 20, 100)
    try:
        return _build(content, output, today, settings_file, overrides)
    finally:
        gc.set_threshold(*thresholds)


def _build(content: Path, output: Path, today: date, settings_file: Path | None,
           overrides: dict | None) -> Path:
    output = output.resolve()
    keep = os.environ.get("CATALOG_CACHE", "").strip() not in ("0", "false", "no")
    folder = cache.folder_for(output) if keep else None
    if not keep:
        # This build replaces the output the cache describes: forget what it holds.
        (cache.folder_for(output) / "outputs.pickle").unlink(missing_ok=True)
    documents = cache.DigestStore(folder / "documents" if folder else None)
    checked = check_content(content, today, documents=documents)
    if checked.problems:
        raise ContentErrors(checked.problems)
    documents.save()  # valid files stay valid, whatever happens to the build
    documents.release()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-", dir=output.parent))
    outputs = cache.Store(folder / "outputs.pickle" if folder else None)
    rendered = cache.DigestStore(folder / "markdown" if folder else None)
    texts = cache.DigestStore(folder / "texts" if folder else None)
    encoded = cache.DigestStore(folder / "api" if folder else None)
    # The files of the previous build, when the cache knows them: then only what changed
    # is written, and the rest stays in place.
    previous = outputs.get(cache.FILES) if folder and output.is_dir() else None
    records: list = []
    try:
        run_pelican(content, staging, checked.catalog, settings_file,
                    {"CATALOG_OUTPUTS": outputs, "CATALOG_MARKDOWN": rendered,
                     "CATALOG_TEXTS": texts, "CATALOG_API": encoded,
                     "CATALOG_PREVIOUS": output if previous is not None else None,
                     "CATALOG_INDEX_LATER": records, **(overrides or {})})
        if records:
            # The search index is the build's largest step in memory: it runs once the
            # catalog, the templates and the rendered Markdown are gone.
            del checked
            for store in (rendered, texts):  # valid whatever happens next, as documents
                store.save()
                store.release()
            render.forget()
            release_memory()
            search.write_records(records, staging)
            del records
        if previous is not None:
            files = merge_in(staging, output, outputs.kept, previous)
        else:
            swap_in(staging, output)
            files = files_of(output) if folder else {}
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if folder:
        outputs.put(cache.FILES, files)
    for store in (outputs, rendered, texts):
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


def merge_in(staging: Path, output: Path, kept: set[str],
             previous: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    """Move every file of ``staging`` into ``output``, replacing the old one; delete the
    files of the previous build that this one neither wrote nor ``kept``. Returns every
    file of the site with its size and time (cache.stat_of)."""
    files: dict[str, tuple[int, int]] = {}
    for path, source in _files_under(staging):
        target = output / path
        _make_folder(target.parent, output)
        files[path] = cache.stat_of(source)
        if target.is_dir():
            shutil.rmtree(target)
        os.replace(source, target)
    for path in kept:
        files[path] = previous[path]
    emptied = set()
    for path in previous.keys() - files.keys():
        (output / path).unlink(missing_ok=True)
        emptied.update(Path(path).parents)
    emptied.discard(Path("."))
    for folder in sorted(emptied, key=lambda f: len(f.parts), reverse=True):
        try:
            (output / folder).rmdir()  # only if left empty
        except OSError:
            pass
    shutil.rmtree(staging, ignore_errors=True)
    return files


def _make_folder(folder: Path, output: Path) -> None:
    """``folder`` (inside ``output``) and its parents, replacing a file of the previous
    site that stands where a folder must be."""
    if not folder.is_dir():
        for parent in reversed((folder, *folder.relative_to(output).parents)):
            if (output / parent).is_file():
                (output / parent).unlink()
        folder.mkdir(parents=True, exist_ok=True)


def files_of(output: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``output`` with its size and time."""
    return {path: cache.stat_of(source) for path, source in _files_under(output)}


def _files_under(root: Path):
    """``(site path relative to root, full path)`` of every file under ``root``."""
    for folder, _, names in os.walk(root):
        relative = os.path.relpath(folder, root)
        for name in names:
            yield (name if relative == "." else f"{relative}/{name}"), os.path.join(folder, name)


def release_memory() -> None:
    """Collect what the build no longer holds and hand the freed heap back to the system
    (glibc keeps it otherwise, and the index would run beside it)."""
    gc.collect()
    parallel.trim()
