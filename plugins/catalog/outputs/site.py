"""The site being built, as every output reads it: one frozen value made from the Pelican
settings (pelicanconf.py) once, instead of each output reading the settings dict with its
own defaults."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Mapping

from ..source.problems import UsageError

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
    # Who runs the site and how to reach them (the footer and the about page):
    # CATALOG_PUBLISHER, CATALOG_CONTACT (an email address or an http(s) URL) and
    # CATALOG_ABOUT, as (language, text) pairs, the first one shown where a page's own
    # language has none.
    publisher: str = ""
    contact: str = ""
    about: tuple[tuple[str, str], ...] = ()

    @property
    def lang(self) -> str:
        return self.languages[0]

    @property
    def contact_url(self) -> str:
        """The contact as a link: ``mailto:`` for an email address, else the URL itself."""
        if not self.contact:
            return ""
        return self.contact if ":" in self.contact else f"mailto:{self.contact}"

    @property
    def contact_text(self) -> str:
        """The contact as people read it: the address, without ``mailto:``."""
        return self.contact.removeprefix("mailto:")

    def about_in(self, lang: str) -> tuple[str, str] | None:
        """``(language, text)`` of the about text for a page in ``lang``: that language's
        own text, else the first one given; None without any."""
        for code, text in self.about:
            if code == lang:
                return code, text
        return self.about[0] if self.about else None

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
                   default_lang=settings.get("DEFAULT_LANG", "en"),
                   publisher=str(settings.get("CATALOG_PUBLISHER") or "").strip(),
                   contact=contact_setting(settings.get("CATALOG_CONTACT")),
                   about=about_setting(settings.get("CATALOG_ABOUT"), languages[0]))


def contact_setting(value) -> str:
    """CATALOG_CONTACT checked: an email address, a ``mailto:`` link or an http(s) URL."""
    value = str(value or "").strip()
    if not value:
        return ""
    if not (_is_web_address(value) or _is_email(_without_mailto(value))):
        raise UsageError(f"CATALOG_CONTACT must be an email address or an http(s) URL, "
                         f"not {value!r}")
    return value


def _is_web_address(text: str) -> bool:
    scheme, colon, rest = text.partition(":")
    return bool(colon) and scheme.lower() in ("http", "https") and rest.startswith("//") \
        and len(rest) > 2


def _without_mailto(text: str) -> str:
    """The address of a ``mailto:`` link; other text with a colon is no address."""
    scheme, colon, rest = text.partition(":")
    if not colon:
        return text
    return rest if scheme.lower() == "mailto" else ""


def _is_email(text: str) -> bool:
    local, at, domain = text.partition("@")
    return bool(at and local and "." in domain and not any(c.isspace() for c in text))


def about_setting(value, default_lang: str) -> tuple[tuple[str, str], ...]:
    """CATALOG_ABOUT as ``(language, text)`` pairs: one text is in the site's first
    language; a dict gives a text per language code."""
    if not value:
        return ()
    if isinstance(value, str):
        return ((default_lang, value.strip()),)
    if isinstance(value, Mapping):
        return tuple((str(code), str(text).strip()) for code, text in value.items() if text)
    raise UsageError("CATALOG_ABOUT must be a text, or a dict of language codes to texts")
