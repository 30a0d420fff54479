"""The learning circle catalog, as a Pelican plugin.

``register()`` connects Pelican's signals to plain functions; the stages are plain modules
that know nothing of Pelican: source/ (load -> validate -> model), outputs/ (one module per
kind of output), engine/ (cache, workers, staging), run in order by build.py.
"""


def register():
    from pelican import signals

    from .host import get_generators
    signals.get_generators.connect(get_generators)
