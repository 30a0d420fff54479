"""The build, top to bottom: read -> check -> make every output -> index -> swap in.

1. Every content file is read and checked (source/); nothing is written unless all are
   valid (site-contract.md, "Errors a contributor sees").
2. Pelican runs with the theme and calls :func:`write_outputs`, which asks each module of
   ``outputs.OUTPUTS`` what it makes and has the engine write it into a staging folder
   beside ``output/``: only what changed, with the cache (engine/).
3. The search index is made from the model's records, once the pages' memory is freed.
4. The staging folder, with the unchanged files of the previous site linked in, takes the
   place of ``output/`` in one step (engine/staging.py).
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import logging
import os
import shutil
import time
from collections.abc import Collection
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Callable, NamedTuple

from .engine import apart, cache, markdown, pagefind, parallel, staging
from .engine.reading import CachedReader
from .engine.writer import Memo
from .engine.writer import write_outputs as write_outputs_of
from . import outputs
from .outputs import render, search
from .outputs.search import FOLDER
from .outputs.site import Site
from .source.catalog import build_date, check_content, load_catalog
from .source.model import Catalog
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
    except pagefind.PagefindError as exc:  # checked before the swap: nothing was published
        raise BuildFault(f"the search index could not be made: {exc}; "
                         f"{display_path(output)}/ is unchanged") from exc
    except parallel.WorkerStopped as exc:  # every worker runs before the swap
        raise BuildFault("the build could not finish: a worker process of the build stopped "
                         f"(killed, or out of memory); {display_path(output)}/ is "
                         "unchanged") from exc
    finally:
        gc.set_threshold(*thresholds)


def _build(content: Path, output: Path, today: date, settings_file: Path | None,
           overrides: dict | None, report: Callable[[str], None] | None) -> Path:
    started = time.monotonic()
    stores = Stores.beside(output)
    with _published_looked_at(stores, output) as (unlike, linked):
        # 1. Read and check every file; nothing is written unless all of them are valid.
        run = Run(*_checked(content, today, stores.documents, report), stores, output, unlike,
                  linked)
        # 2. Make every output in a staging folder, index it for search, check it;
        # 3. publish.
        files, written = _publish(content, output, run, settings_file, overrides or {})
    if stores.folder:
        cache.put_files(stores.outputs, files)
        _save_after_publishing(stores.folder, stores.after_publishing())
        too_large = size_warning(sum(map(cache.size_of, files.values())))
        if too_large:
            log.warning("catalog: %s", too_large)
    if report is not None:
        try:
            report(_summary(output, run.counts, len(files) if stores.folder else None,
                            written, time.monotonic() - started))
        except OSError:  # the site is published; a closed terminal changes nothing
            pass
    return output


@contextlib.contextmanager
def _published_looked_at(stores: Stores, output: Path):
    """What gives the files of the published site that are not as written (a rebuild
    keeps none of those), looked at by a fresh process while this one reads the content
    and makes the outputs: at 20,000 entries, 383,000 files, 2 to 3 s of one core; and,
    when the cache keeps no site to bring up to date (deleted by hand, or a cache made
    before first builds kept theirs: _index_and_keep), what gives the published files
    that are gone, once another fresh process has linked the others into a new kept site
    (cache.published_linked: 383,000 links, 13 to 25 s of system calls, on the other
    core rather than after the outputs), from the list of them this process writes.
    Nones without a published site the cache knows."""
    if stores.published(output) is None:
        yield None, None
        return
    store, spare = str(stores.outputs.path), stores.spare
    if spare.is_symlink() or (spare.exists() and not spare.is_dir()):
        spare.unlink()  # the cache's own path, where a site is moved, linked and removed
    with contextlib.ExitStack() as stack:
        unlike = stack.enter_context(apart.beside(cache.unlike_published, (str(output), store)))
        linked = None
        if not spare.is_dir():
            # What the cache says of a kept site is of none now: a site half made here
            # (a build stopped on the way) is looked at whole by the next build.
            stores.forget_spare()
            listed = stores.folder / "site.list"
            stack.callback(listed.unlink, missing_ok=True)
            cache.write_paths(listed, stores.published(output))
            linked = stack.enter_context(apart.beside(cache.published_linked,
                                                      (str(output), str(listed), str(spare))))
        yield unlike, linked


def _checked(content: Path, today: date, documents: cache.DigestStore,
             report: Callable[[str], None] | None = None) -> tuple[Catalog, dict]:
    """Read and check every file of ``content``: the catalog and the digests of its files.
    Raises ContentErrors unless all of them are valid; gives ``report`` each note."""
    reader = CachedReader(documents)
    checked = check_content(content, today, read=reader)
    if checked.problems:
        raise ContentErrors(checked.problems + checked.notes)
    for note in checked.notes if report is not None else ():
        report(str(note))
    documents.save()  # valid files stay valid, whatever happens to the build
    documents.release()
    return checked.catalog, reader.digests


def _publish(content: Path, output: Path, run: Run, settings_file: Path | None,
             overrides: dict) -> tuple[dict[str, int], int | None]:
    """Make every output in a staging folder (Pelican runs the theme and calls
    write_outputs), index it for search and check it, then publish it: the new site takes
    the old one's place in one step. Returns the files of the site (when the cache keeps
    them) and how many were written (when the unchanged ones were linked)."""
    folder = staging.new_folder(output)
    try:
        run_pelican(content, folder, run, settings_file, overrides)
        run.release()
        assembled = (_index_and_keep if run.previous is None else _index_and_assemble)(
            run, folder, output)
        if (assembled.site / FOLDER).is_dir():
            pagefind.check_bundles(assembled.site)
        if not staging.swap_in(assembled.site, output, keep=run.stores.spare) and \
                assembled.linked:
            # The site kept is the one just published, file for file. (Had a site been
            # put at output/ meanwhile, it would be the one kept, and not known.)
            run.stores.remember_spare(set())
    finally:
        # What the build wrote, when it failed; the folders its files were moved out of.
        shutil.rmtree(folder, ignore_errors=True)
    written = assembled.written
    return assembled.files, None if written is None else len(written)


class Assembled(NamedTuple):
    """A new site, ready to publish: where it is, its files with their size and time for
    the cache (none without one), the paths a rebuild wrote (None for a first build) and
    whether a first build linked it into a new site kept in the cache."""

    site: Path
    files: dict[str, int]
    written: list[str] | None = None
    linked: bool = False


def _index_and_keep(run: Run, folder: Path, output: Path) -> Assembled:
    """A first build's search index in ``folder``, while a fresh process links the rest
    of the site made there into a new site kept in the cache (cache.staged_linked), on
    the core Pagefind leaves idle; then the index's files too. The first rebuild brings
    that site up to date as any kept site, where it would otherwise link the whole
    published site into a new one while it makes its outputs (at 20,000 entries, 383,000
    links: 13 to 25 s of system calls on the core its outputs need).

    Where a site is published already (the cache did not know it), nothing is linked:
    that site is the one kept (staging.swap_in), and the next build looks at every file
    of it; the index is made and the files listed from the disk."""
    stores = run.stores
    # What the cache says of a kept site is of none now (see _index_and_assemble).
    stores.forget_spare()
    if stores.folder is None or output.exists():
        _index(run, folder)
        return Assembled(folder, files_of(folder) if stores.folder is not None else {})
    listed = stores.folder / "site.files"
    try:
        with apart.beside(cache.staged_linked,
                          (str(folder), str(stores.spare), FOLDER, str(listed))) as linked:
            _index(run, folder)
            linked()
        files = cache.files_listed(listed)
    finally:
        listed.unlink(missing_ok=True)
    index = [f"{FOLDER}/{path}" for path in staging.paths_under(folder / FOLDER)
             ] if (folder / FOLDER).is_dir() else []
    staging.link_every(str(folder), str(stores.spare), index, link=staging.link_into)
    files.update((path, cache.stat_of(folder / path)) for path in index)
    return Assembled(folder, files, linked=True)


def _index_and_assemble(run: Run, folder: Path, output: Path) -> Assembled:
    """A rebuild's search index in ``folder`` (unless write_outputs made it with the
    outputs), then the new site: the files written in ``folder`` and the unchanged ones
    of ``output``, brought into the site kept in the cache (made of the published one
    by a fresh process when there was none: run.linked)."""
    kept, spare = run.stores.outputs.kept, run.stores.spare
    _index(run, folder)  # unless write_outputs made it (one bundle to make again)
    # Nothing has changed the kept site so far (a build stopped before here leaves it as
    # the cache says); it is about to, in a rebuild or when this site is published.
    differs = run.stores.forget_spare()
    written = staging.paths_under(folder)
    run.reuse.kept_outputs(set(written))
    # What was made again the same (the index's entry file and scripts, the theme's
    # files) stays as published.
    staging.keep_identical(folder, output, kept, skip=run.made, paths=written)
    if run.linked is not None:
        # The published site, linked: it differs from it where its files were not as
        # written, and where they were gone.
        differs = set(run.linked()).union(run.unlike())
    # The site before the previous one (or the previous one), kept in the cache.
    published = None if differs is None else run.stores.published(output)
    known = None if published is None else staging.Known(published, differs)
    written = staging.bring_up_to_date(spare, folder, output, kept, known)
    return Assembled(spare, _files_of_site(run, spare, written), written)


def _files_of_site(run: Run, site: Path, written: list[str]) -> dict[str, int]:
    """The files of the new ``site`` a rebuild made, with their size and time, for the
    cache (none without); also how the site it replaces differs from it."""
    if not run.stores.folder:
        return {}
    published = run.stores.published(run.previous)
    if published is None:  # its cache could not be read again (cache.Store.set_aside)
        return files_of(site)  # and the next build looks at every file of the kept site
    files = files_after(published, run.stores.outputs.kept, written, site)
    run.stores.remember_spare(set(written).union(published.keys() - files.keys()))
    return files


def files_after(published: dict[str, int], kept: set[str], written: list[str],
                site: Path) -> dict[str, int]:
    """The files of the new ``site`` with their size and time, from those of the published
    site: a kept file is the published one (linked), so only the written ones are read."""
    files = {path: published.get(path) or cache.stat_of(site / path) for path in kept}
    files.update((path, cache.stat_of(site / path)) for path in written)
    return files


def _index(run: Run, folder: Path) -> None:
    """The search index of the site in ``folder``, from the entries ``run`` left (none
    when it was made already, beside the outputs)."""
    if run.entries:
        # The search index is the build's largest step in memory: it runs once the
        # catalog, the templates and the rendered Markdown are gone.
        release_memory()
        pagefind.write_records(run.entries, folder, run.reuse, run.previous)
        run.entries.clear()


@dataclass
class Stores:
    """The cache of one output folder (``.output-cache/``; none with CATALOG_CACHE=0)."""

    folder: Path | None
    documents: cache.DigestStore
    outputs: cache.Store
    markdown: cache.DigestStore
    memo: cache.DigestStore
    kept_site: cache.Store  # how the kept site differs from the published one

    @classmethod
    def beside(cls, output: Path) -> "Stores":
        keep = os.environ.get("CATALOG_CACHE", "").strip() not in ("0", "false", "no")
        folder = cache.folder_for(output) if keep else None
        if folder is not None and folder.exists() and not folder.is_dir():
            raise BuildFault(f"{display_path(folder)} should be the build's cache folder but "
                             f"is a file: delete it and build again; {display_path(output)}/ "
                             "is unchanged")
        if not keep:
            # This build replaces the output the cache describes: forget what it holds.
            (cache.folder_for(output) / "outputs.pickle").unlink(missing_ok=True)
        def at(name: str) -> Path | None:
            return folder / name if folder is not None else None
        # The markdown and the memo are read once the build knows its code (made_with).
        # The documents' keys hold the digest of the code that checked them: a store saved
        # by other code holds none this build can ask for, so it is not read.
        # What the kept site differs by is read when the build comes to the kept site:
        # every file of the site after a change of code, 363,000 paths at 20,000 entries
        # (40 MiB), which every worker forked for the outputs would hold again.
        return cls(folder, cache.DigestStore(at("documents"), stamp=cache.checker_digest()),
                   cache.Store(at("outputs.pickle")),
                   cache.DigestStore(None), cache.DigestStore(None),
                   cache.Store(at("site.pickle"), when_asked=True))

    def made_with(self, code: str, salt: str) -> None:
        """Read the rendered Markdown, whose keys hold the digest of the ``code``, and the
        memo, whose keys hold the ``salt`` of the build's keys; neither is read when it
        was saved by a build with others (cache.DigestStore)."""
        if self.folder is not None:
            self.markdown = cache.DigestStore(self.folder / "markdown", stamp=code)
            self.memo = cache.DigestStore(self.folder / "memo", stamp=salt)

    @property
    def spare(self) -> Path | None:
        """Where the previous site is kept for the next build (staging.bring_up_to_date)."""
        return self.folder / "site" if self.folder is not None else None

    @classmethod
    def none(cls) -> "Stores":
        return cls(None, cache.DigestStore(None), cache.Store(None), cache.DigestStore(None),
                   cache.DigestStore(None), cache.Store(None))

    def published(self, output: Path) -> dict[str, int] | None:
        """The files of the site at ``output`` with their size and time as the build that
        made it wrote them, when the cache knows them (the rebuild's starting point)."""
        if not (self.folder and output.is_dir()):
            return None
        return self.outputs.get(cache.FILES)

    def forget_spare(self) -> set[str] | None:
        """The paths at which the kept site differs from the published one (staging.Known),
        forgotten from now on: until this build has published and saved its cache, the
        kept site may hold anything, and the next build looks at every file of it."""
        differs = self.kept_site.take("differs")
        if self.kept_site.path is not None:
            self.kept_site.path.unlink(missing_ok=True)
        return differs

    def remember_spare(self, differs: set[str]) -> None:
        """Once published, the site replaced is the kept one: it differs from the new site
        at ``differs``, what this build wrote and removed."""
        self.kept_site.put("differs", differs)

    def after_publishing(self) -> tuple:
        """The stores to save once the site is published, the kept site's last."""
        known = (self.kept_site,) if self.kept_site.new else ()
        return (self.outputs, self.markdown, self.memo, *known)


class Run:
    """One build as Pelican hands it back to :func:`write_outputs`: the checked catalog,
    the digests of its files, the cache, and the search entries it leaves for the index."""

    def __init__(self, catalog: Catalog, digests: dict, stores: Stores, output: Path,
                 unlike: Callable[[], set[str]] | None = None,
                 linked: Callable[[], list[str]] | None = None):
        self.catalog = catalog
        self.digests = digests
        self.stores = stores
        self.counts = (len(catalog.courses), len(catalog.circles), len(catalog.organizations))
        # A rebuild when the cache knows the files of the previous build, with their size
        # and time as that build wrote them: then only what changed is written, and the
        # rest is linked from the previous site (asked of the cache when needed).
        self.previous = output if stores.published(output) is not None else None
        self.unlike = unlike  # those of them not as written (cache.Reuse)
        self.entries: list[pagefind.Entry] = []
        self.made: Collection[str] = set()  # the files write_outputs made (or kept) from inputs
        self.reuse: cache.Reuse | None = None
        self.linked = linked  # the published files gone, once a kept site is made of it

    def release(self) -> None:
        """Save and drop what the rest of the build does not need (valid whatever
        happens next, as the documents)."""
        self.catalog = None
        if self.reuse is not None:
            self.reuse.release()
        for store in (self.stores.markdown, self.stores.memo):
            store.save()
            store.release()
        render.forget()


def write_outputs(settings: dict, folder: Path, run: Run | None = None) -> None:
    """Every output of the catalog into ``folder``: what Pelican's generator calls. Without
    a ``run`` (Pelican run on its own), the catalog is read here and nothing is kept."""
    if run is None:
        run = Run(load_catalog(Path(settings["PATH"]), build_date()), {}, Stores.none(),
                  folder)
    catalog = run.catalog
    site = Site.from_settings(settings, catalog.today)
    jobs = parallel.jobs(settings)
    code = cache.code_digest(site.theme)
    # The build date is left out of the salt: an output that shows the date has it among
    # its inputs, and a circle's fingerprint holds what the date decides of it, so a
    # rebuild on the next day makes again only what the day changed.
    salt = cache.digest(code, repr(replace(site, today=None)))
    run.stores.made_with(code, salt)
    markdown.render_all(descriptions(catalog), run.stores.markdown if run.stores.folder
                        else None, code, jobs)
    keys = cache.Keys(salt, cache.sources_of(catalog, run.digests))
    reuse = None
    if run.stores.folder is not None:
        reuse = cache.Reuse(run.stores.outputs, run.previous, keys, run.unlike)
        run.reuse = reuse  # the search index is kept by the same rules (_index)
    memo = Memo(keys, run.stores.memo if run.stores.folder is not None else None)
    # The catalog, the caches and the memo live as long as the outputs are made: the
    # collection before each batch's fork leaves them out.
    with parallel.long_lived(), ThreadPoolExecutor(1) as thread:
        planned = None
        if site.search and reuse is not None and run.previous is not None:
            planned = _indexed_beside(catalog, memo, reuse)
        # The thread only writes the bundles; what the cache records of them is recorded
        # here, once it is done.
        indexing = None if planned is None else thread.submit(pagefind.write_plan, planned,
                                                              folder, run.previous)
        made = itertools.chain.from_iterable(module.outputs(catalog, site, memo)
                                             for module in outputs.OUTPUTS)
        # A batch that needs workers waits for the index first: Pagefind and the workers
        # would hold memory at once.
        run.made = write_outputs_of(made, folder, reuse, memo, jobs,
                                    indexing.result if indexing is not None else None)
        log.info("catalog: wrote %d files", len(run.made))
        if indexing is not None:
            indexing.result().record(reuse)
        elif site.search:
            run.entries.extend(pagefind.entries_made(search.sources(catalog), memo))


def _indexed_beside(catalog: Catalog, memo: Memo, reuse: cache.Reuse
                    ) -> list[pagefind.Planned] | None:
    """The search index's plan when the index is made beside the outputs: in a rebuild
    that makes one bundle of it again (one changed circle). That rebuild keeps most
    outputs, which this process alone finds unchanged, while Pagefind makes the bundle on
    another core, before any worker is forked for what changed (the two would hold memory
    at once). More bundles (the next day's rebuild) are made after the outputs, once the
    build's memory is freed; their records are not held meanwhile (the memo keeps them)."""
    return pagefind.plan(pagefind.entries_of(search.sources(catalog), memo), reuse,
                         memo.keep_stored, most=1)


def descriptions(catalog: Catalog) -> list[str]:
    return [e.description for kind in (catalog.courses, catalog.circles,
                                       catalog.organizations) for e in kind.values()]


def _save_after_publishing(folder: Path, stores) -> None:
    """Save the cache of a site already published. A fault now (a full disk) must not say
    the site is unchanged: the cache's list of files is removed instead, so that the next
    build is a full one, and the build says so."""
    try:
        for store in stores:
            store.save()
    except OSError as exc:
        try:
            (folder / "outputs.pickle").unlink(missing_ok=True)
        except OSError:
            pass  # still safe: a file is kept only when its size and time are those listed
        log.warning("catalog: the site was published, but its cache could not be saved (%s); "
                    "the next build will be a full one", exc.strerror or exc)


# GitHub Pages, the default host (README, "Deploy"), publishes sites of at most 1 GB.
PAGES_LIMIT = 10**9


def size_warning(size: int) -> str | None:
    """What to say of a site of ``size`` bytes that GitHub Pages would not publish."""
    if size <= PAGES_LIMIT:
        return None
    return (f"the site is {size / 1e9:.1f} GB, past the 1 GB GitHub Pages publishes: publish "
            "it with another host or fewer CATALOG_LANGUAGES (README, \"Deploy\")")


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


def run_pelican(content: Path, output: Path, run: Run, settings_file: Path | None,
                overrides: dict) -> None:
    from pelican import Pelican
    from pelican.settings import read_settings

    settings_file = settings_file or ROOT / "pelicanconf.py"
    if not settings_file.is_file():
        raise UsageError(f"{settings_file} does not exist")
    override = {"PATH": str(content.resolve()), "OUTPUT_PATH": str(output), **overrides}
    if os.environ.get("CATALOG_SEARCH", "").strip() in ("0", "false", "no"):
        override["CATALOG_SEARCH"] = False  # the benchmark's build without the index
    languages = os.environ.get("CATALOG_LANGUAGES", "").replace(",", " ").split()
    if languages:
        override["CATALOG_LANGUAGES"] = languages  # e.g. the benchmark's English-only build
    siteurl = os.environ.get("SITEURL")
    if siteurl is not None:
        override["SITEURL"] = siteurl.rstrip("/")
    settings = read_settings(str(settings_file), override=override)
    settings["CATALOG_RUN"] = run  # what the generator hands to write_outputs (host.py)
    # Pelican ends with "Processed 0 articles, 0 drafts, ...", which reads like a failure
    # here: the catalog is not made of articles. The build says what it made instead.
    from pelican.log import console
    quiet, console.quiet = console.quiet, True
    try:
        Pelican(settings).run()
    finally:
        console.quiet = quiet


def files_of(output: Path) -> dict[str, int]:
    """Every file under ``output`` with its size and time."""
    return {path: cache.stat_of(source) for path, source in staging.files_under(output)}


def release_memory() -> None:
    """Collect what the build no longer holds and hand the freed heap back to the system
    (glibc keeps it otherwise, and the index would run beside it)."""
    gc.collect()
    parallel.trim()
