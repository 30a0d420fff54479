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

# Who runs this site, shown in every page's footer and on the about page (/about/), which
# also says how to reach them. Set these to your own library or group before publishing.
# CATALOG_PUBLISHER: the name of the person, library or group that runs the site.
CATALOG_PUBLISHER = "Friends of Learning Circles"
# CATALOG_CONTACT: how to reach them, an email address ("team@example.org") or the http(s)
# address of a contact page. The build stops with an error when it is neither.
CATALOG_CONTACT = "hello@learningcircles.example"
# CATALOG_ABOUT (optional): a paragraph at the top of the about page, in Markdown (links
# allowed). A text is in the first of CATALOG_LANGUAGES; a dict gives one per language,
# {"en": "...", "es": "..."}, and a language without its own text shows the first one.
CATALOG_ABOUT = {
    "en": "This is a free catalog of learning circles: study groups that public libraries "
          "and community groups run in their branches and online. It lists where and when "
          "each circle meets and links to the organizer’s own signup form.",
    "es": "Este es un catálogo gratuito de círculos de aprendizaje: grupos de estudio que "
          "las bibliotecas públicas y los grupos comunitarios organizan en sus sedes y en "
          "línea. Indica dónde y cuándo se reúne cada círculo y enlaza con el formulario de "
          "inscripción del propio organizador.",
}
