"""Build the site: read and validate everything first, run Pelican into a staging folder,
and move it into ``output/`` only when the whole build succeeded (site-contract.md, "Errors
a contributor sees": a failed build leaves the previous output exactly as it was).

A rebuild with the cache writes only the files that changed into the staging folder
(cache.py) and hard-links the unchanged ones from the previous site, which is left as it
was; then the two folders are exchanged in one step (staging.py).
"""

from __future__ import annotations

import gc
import logging
import os
import shutil
import time
from datetime import date
from pathlib import Path
from typing import Callable

from .engine import cache, parallel, staging
from .outputs import render, search
from .source.catalog import check_content
from .source.problems import BuildFault, ContentErrors, UsageError, display_path

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parents[2]


def build_site(content: Path, output: Path, today: date, settings_file: Path | None = None,
               overrides: dict | None = None, report: Callable[[str], None] | None = None
               ) -> Path:
    """Validate ``content``, build it for the date ``today`` and put the site at ``output``.

    One build of an output folder runs at a time (a second one waits for the first). The
    site is made in a staging folder beside ``output`` and exchanged with it in one step,
    so ``output`` is at every moment the whole previous site or the whole new one. A fault
    (a full disk, a read-only folder) raises BuildFault and leaves ``output`` as it was.
    ``report`` is given one line saying what was built."""
    output = output.resolve()
    # A build makes millions of small objects that live until its end; collecting after
    # every 700 of them (Python's default) cost a tenth of a rebuild.
    thresholds = gc.get_threshold()
    gc.set_threshold(50_000, 20, 100)
    try:
        with staging.locked(output):
            staging.clean(output)
            return _build(content, output, today, settings_file, overrides, report)
    except OSError as exc:
        raise BuildFault(staging.describe(exc, output)) from exc
    finally:
        gc.set_threshold(*thresholds)


def _build(content: Path, output: Path, today: date, settings_file: Path | None,
           overrides: dict | None, report: Callable[[str], None] | None) -> Path:
    started = time.monotonic()
    keep = os.environ.get("CATALOG_CACHE", "").strip() not in ("0", "false", "no")
    folder = cache.folder_for(output) if keep else None
    if folder is not None and folder.exists() and not folder.is_dir():
        raise BuildFault(f"{display_path(folder)} should be the build's cache folder but is "
                         f"a file: delete it and build again; {display_path(output)}/ is "
                         "unchanged")
    if not keep:
        # This build replaces the output the cache describes: forget what it holds.
        (cache.folder_for(output) / "outputs.pickle").unlink(missing_ok=True)
    documents = cache.DigestStore(folder / "documents" if folder else None)
    checked = check_content(content, today, documents=documents)
    if checked.problems:
        raise ContentErrors(checked.problems)
    documents.save()  # valid files stay valid, whatever happens to the build
    documents.release()
    counts = _counts(checked.catalog)
    site = staging.new_folder(output)
    outputs = cache.Store(folder / "outputs.pickle" if folder else None)
    rendered = cache.DigestStore(folder / "markdown" if folder else None)
    texts = cache.DigestStore(folder / "texts" if folder else None)
    encoded = cache.DigestStore(folder / "api" if folder else None)
    # The files of the previous build, when the cache knows them: then only what changed
    # is written, and the rest is linked from the previous site.
    previous = outputs.get(cache.FILES) if folder and output.is_dir() else None
    records: list = []
    try:
        run_pelican(content, site, checked.catalog, settings_file,
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
            search.write_records(records, site)
            del records
        written = len(files_of(site)) if previous is not None else None
        if previous is not None:
            staging.link_unchanged(output, site, outputs.kept)
        if (site / search.FOLDER).is_dir():
            search.check_bundles(site)
        files = files_of(site) if folder else {}
        staging.swap_in(site, output)
    except BaseException:
        shutil.rmtree(site, ignore_errors=True)
        raise
    if folder:
        outputs.put(cache.FILES, files)
        _save_after_publishing(folder, (outputs, rendered, texts))
    if report is not None:
        report(_summary(output, counts, len(files) if folder else None, written,
                        time.monotonic() - started))
    return output


def _save_after_publishing(folder: Path, stores) -> None:
    """Save the cache of a site already published. A fault now (a full disk) must not say
    the site is unchanged: the cache's list of files is removed instead, so that the next
    build is a full one, and the build says so."""
    try:
        for store in stores:
            store.save()
    except OSError as exc:
        (folder / "outputs.pickle").unlink(missing_ok=True)
        log.warning("catalog: the site was published, but its cache could not be saved (%s); "
                    "the next build will be a full one", exc.strerror or exc)


def _counts(catalog) -> tuple[int, int, int]:
    return len(catalog.courses), len(catalog.circles), len(catalog.organizations)


def _summary(output: Path, counts: tuple[int, int, int], files: int | None,
             written: int | None, seconds: float) -> str:
    """``built output/ in 2.7 s: 12 courses, 27 circles, 5 organizations; 1,853 files
    (40 written, the rest unchanged)``."""
    courses, circles, organizations = counts
    what = (f"{_plural(courses, 'course')}, {_plural(circles, 'circle')}, "
            f"{_plural(organizations, 'organization')}")
    made = ""
    if files is not None:
        made = f"; {files:,} files"
        if written is not None:
            made += f" ({written:,} written, the rest unchanged)"
    return f"built {display_path(output)}/ in {seconds:.1f} s: {what}{made}"


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


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
    # Pelican ends with "Processed 0 articles, 0 drafts, ...", which reads like a failure
    # here: the catalog is not made of articles. The build says what it made instead.
    from pelican.log import console
    quiet, console.quiet = console.quiet, True
    try:
        Pelican(settings).run()
    finally:
        console.quiet = quiet


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
