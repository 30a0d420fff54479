"""Write the data outputs of site-contract.md ("Data, feeds and embeds"): the JSON API and
its schemas, the iCalendar files and the Atom feeds, all from the one Catalog."""

from __future__ import annotations

import logging
from pathlib import Path

from . import api, calendars, feeds, parallel, urls
from .model import Catalog

log = logging.getLogger(__name__)


def data_files(catalog: Catalog, settings: dict) -> dict[str, bytes]:
    """Every data file but the calendars by its site path, in a stable order."""
    siteurl = settings.get("SITEURL", "").rstrip("/")
    out = {path: api.to_json(body) for path, body in api.responses(catalog, siteurl).items()}
    out.update({path: source.read_bytes() for path, source in api.schema_files().items()})
    out.update(feeds.feed_files(catalog, settings))
    return out


def write_data(catalog: Catalog, output: Path, settings: dict, reuse=None) -> list[str]:
    """Write every data file under ``output``; returns their site paths."""
    files = data_files(catalog, settings)
    for path, body in files.items():
        urls.write_file(output, path, body)
    paths = list(files) + calendars.write_calendars(catalog, output, settings,
                                                    parallel.jobs(settings), reuse)
    log.info("catalog: wrote %d data files", len(paths))
    return paths
