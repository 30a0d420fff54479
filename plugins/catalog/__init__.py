"""The learning circle catalog, as a Pelican plugin.

``register()`` connects Pelican's signals to the stages; the stages themselves are plain
modules (load -> validate -> model -> pages | data | search) that know nothing of Pelican.
"""


def get_generators(pelican):
    from .outputs.pages import CatalogGenerator
    return CatalogGenerator


def register():
    from pelican import signals
    signals.get_generators.connect(get_generators)
