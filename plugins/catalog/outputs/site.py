"""The site being built, as every output reads it: one frozen value made from the Pelican
settings (pelicanconf.py) once, instead of each output reading the settings dict with its
own defaults."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

DEFAULT_LANGUAGES = ("en",)
FEED_ENTRIES = 100


@dataclass(frozen=True)
class Site:
    """``url`` has no trailing slash ('' for a site served from any host); ``languages``
    start with the default one, whose pages are at the root; ``today`` is the build date."""

    name: str
    url: str
    languages: tuple[str, ...]
    today: date
    theme: Path
    static_dir: str = "theme"
    page_size: int = 24
    feed_entries: int = FEED_ENTRIES
    search: bool = True
    default_lang: str = "en"  # Pelican's DEFAULT_LANG: the language feeds declare

    @property
    def lang(self) -> str:
        return self.languages[0]

    @classmethod
    def from_settings(cls, settings: dict, today: date) -> "Site":
        languages = tuple(settings.get("CATALOG_LANGUAGES") or DEFAULT_LANGUAGES)
        return cls(name=settings.get("SITENAME", "Learning Circles"),
                   url=(settings.get("SITEURL") or "").rstrip("/"),
                   languages=languages, today=today,
                   theme=Path(settings.get("THEME", "theme")),
                   static_dir=settings.get("THEME_STATIC_DIR", "theme"),
                   page_size=int(settings.get("CATALOG_PAGE_SIZE", 24)),
                   feed_entries=int(settings.get("CATALOG_FEED_ENTRIES", FEED_ENTRIES)),
                   search=bool(settings.get("CATALOG_SEARCH", True)),
                   default_lang=settings.get("DEFAULT_LANG", "en"))
