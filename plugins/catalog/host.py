"""Pelican, the host: its generator hands the build to :func:`build.write_outputs`, and
``pelicanconf.py`` stays the place the site is configured."""

from __future__ import annotations

from pathlib import Path


class CatalogGenerator:
    """Pelican's hook. In a build, the catalog, already checked, comes with the settings
    (``CATALOG_RUN``); when Pelican is run on its own, write_outputs reads it."""

    def __init__(self, context, settings, path, theme, output_path, **kwargs):
        self.settings = settings
        self.output_path = Path(output_path)

    def generate_context(self):
        pass

    def generate_output(self, writer):
        from .build import write_outputs
        write_outputs(self.settings, self.output_path, self.settings.get("CATALOG_RUN"))


def get_generators(pelican):
    return CatalogGenerator
