"""The learning circle catalog, as a Pelican plugin.

``register()`` connects Pelican's signals to the stages; the stages themselves are plain
modules (load -> validate -> model -> ...) that know nothing of Pelican.
"""
