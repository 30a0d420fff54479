"""Write the data outputs of site-contract.md ("Data, feeds and embeds"): the JSON API and
its schemas, the iCalendar files and the Atom feeds, all from the one Catalog."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable

from . import api, calendars, feeds
from ..engine import cache, parallel
from ..source.model import Catalog

log = logging.getLogger(__name__)


def data_makers(catalog: Catalog, settings: dict,
                reuse=None) -> list[tuple[str, tuple, Callable]]:
    """Every data file but the calendars: its path, its inputs and what makes its bytes."""
    siteurl = settings.get("SITEURL", "").rstrip("/")
    out = api.response_makers(catalog, siteurl, reuse)
    out += [(path, (source.read_bytes(),), source.read_bytes)
            for path, source in api.schema_files().items()]
    out += feeds.feed_makers(catalog, settings)
    return out


def write_data(catalog: Catalog, output: Path, settings: dict, reuse=None) -> list[str]:
    """Write every data file under ``output``; returns their site paths. With ``reuse``,
    a file whose inputs did not change since the previous build is kept."""
    jobs = parallel.jobs(settings)
    paths = cache.write_all(reuse, output, data_makers(catalog, settings, reuse), jobs)
    if reuse is not None:
        # The circles' JSON is complete: saved now and dropped, before the calendars
        # (the next workers) are forked.
        reuse.api.save()
        reuse.api.release()
    paths += calendars.write_calendars(catalog, output, settings, jobs, reuse)
    log.info("catalog: wrote %d data files", len(paths))
    return paths
