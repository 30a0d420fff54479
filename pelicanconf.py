"""Pelican settings for building the catalog site (make build / make serve)."""

SITENAME = "Learning Circles"
SITEURL = ""
PATH = "content"
THEME = "theme"
THEME_STATIC_DIR = "theme"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"

PLUGIN_PATHS = ["plugins"]
PLUGINS = ["catalog"]
CATALOG_PAGE_SIZE = 24

# The catalog plugin writes every page. Pelican's own article and page machinery must not
# pick up the content folders, nor write its blog pages and feeds.
ARTICLE_PATHS = []
PAGE_PATHS = []
STATIC_PATHS = []
ARTICLE_EXCLUDES = PAGE_EXCLUDES = ["courses", "circles", "organizations"]
DIRECT_TEMPLATES = []
PAGINATED_TEMPLATES = {}
FEED_ALL_ATOM = FEED_ALL_RSS = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
for _kind in ("ARTICLE", "ARTICLE_LANG", "DRAFT", "DRAFT_LANG", "PAGE", "PAGE_LANG",
              "DRAFT_PAGE", "DRAFT_PAGE_LANG", "CATEGORY", "TAG", "AUTHOR", "YEAR_ARCHIVE",
              "MONTH_ARCHIVE", "DAY_ARCHIVE"):
    globals()[f"{_kind}_SAVE_AS"] = ""
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False

# The interface's languages (README, "Languages"): the first at the site's root, every other
# one under /LANG/. Each needs its catalog theme/translations/LANG/LC_MESSAGES/messages.po.
CATALOG_LANGUAGES = ["en", "es", "fr", "de", "fi", "pl", "ro", "pt", "sw"]
