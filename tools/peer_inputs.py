"""The benchmark's peers' inputs: the entries of the synthetic catalog as plain Markdown
pages (a title, a date, a body), laid out as Hugo, Eleventy, Pelican and tools/floor.py
each expect them, with list pages of 24 entries per section."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import yaml

PER_PAGE = 24
SECTIONS = ("courses", "circles", "organizations")


@dataclass(frozen=True)
class Entry:
    section: str
    slug: str
    title: str
    date: str
    body: str


def read_entries(content: Path) -> list[Entry]:
    """Every course, circle and organization of ``content``: its title (an organization's
    name) and its Markdown body (an organization's description)."""
    entries = []
    for section in SECTIONS:
        for number, path in enumerate(sorted((content / section).iterdir())):
            text = path.read_text(encoding="utf-8")
            if path.suffix == ".md":
                _, head, body = text.split("---\n", 2)
            else:
                head, body = text, ""
            data = yaml.load(head, Loader=yaml.CSafeLoader)
            entries.append(Entry(section, path.stem, str(data.get("title") or data["name"]),
                                 f"2026-{number % 12 + 1:02d}-{number % 28 + 1:02d}",
                                 body or data.get("description", "")))
    return entries


def front_matter(entry: Entry, **more) -> str:
    head = {"title": entry.title, "date": entry.date, **more}
    return "---\n" + "".join(f"{k}: {json.dumps(v)}\n" for k, v in head.items()) + "---\n"


def write_markdown(entries: list[Entry], folder: Path, **more) -> Path:
    """``folder/SECTION/SLUG.md`` with YAML front matter, as Hugo, Eleventy and the floor
    build read them."""
    for section in SECTIONS:
        (folder / section).mkdir(parents=True, exist_ok=True)
    for entry in entries:
        (folder / entry.section / f"{entry.slug}.md").write_text(
            front_matter(entry, **more) + "\n" + entry.body, encoding="utf-8")
    return folder


HUGO_LAYOUT = """<!DOCTYPE html>
<html lang="{{ .Site.Language.Lang }}"><head><meta charset="utf-8">
<title>{{ .Title }} | {{ .Site.Title }}</title></head>
<body><header><a href="{{ "/" | relLangURL }}">{{ .Site.Title }}</a></header><main>
{{ block "main" . }}{{ end }}</main></body></html>
"""
HUGO_SINGLE = """{{ define "main" }}<h1>{{ .Title }}</h1>
<time>{{ .Date.Format "2006-01-02" }}</time>{{ .Content }}{{ end }}
"""
HUGO_LIST = """{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Summary }}</li>
{{ end }}</ul>{{ with .Paginator.Next }}<a href="{{ .URL }}">next</a>{{ end }}{{ end }}
"""


def write_hugo(entries: list[Entry], folder: Path, languages: list[str]) -> Path:
    """A Hugo site: one content folder mounted in every language of ``languages``."""
    write_markdown(entries, folder / "content")
    layouts = folder / "layouts" / "_default"
    layouts.mkdir(parents=True)
    for name, text in (("baseof", HUGO_LAYOUT), ("single", HUGO_SINGLE), ("list", HUGO_LIST)):
        (layouts / f"{name}.html").write_text(text, encoding="utf-8")
    config = ['baseURL = "https://example.org/"', 'title = "Peer"', f"paginate = {PER_PAGE}",
              f'defaultContentLanguage = "{languages[0]}"',
              "defaultContentLanguageInSubdir = true",
              'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]']
    for weight, language in enumerate(languages, 1):
        config += [f"[languages.{language}]", f"weight = {weight}"]
    for language in languages:
        config += ["[[module.mounts]]", 'source = "content"', 'target = "content"',
                   f'lang = "{language}"']
    (folder / "hugo.toml").write_text("\n".join(config) + "\n", encoding="utf-8")
    return folder


ELEVENTY_CONFIG = """export default function (config) {
  for (const section of ["courses", "circles", "organizations"]) {
    config.addCollection(section, (api) => api.getFilteredByGlob(`content/${section}/*.md`));
  }
  return { dir: { input: "content", includes: "../_includes" }, markdownTemplateEngine: false };
}
"""
ELEVENTY_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }} | Peer</title></head>
<body><header><a href="/">Peer</a></header><main><h1>{{ title }}</h1>
{{ content | safe }}</main></body></html>
"""
ELEVENTY_LIST = """---
pagination: {{data: collections.{section}, size: {size}}}
permalink: "{section}/{{% if pagination.pageNumber > 0 %}}page/{{{{ pagination.pageNumber + 1 }}}}/{{% endif %}}index.html"
---
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{section} | Peer</title></head>
<body><main><h1>{section}</h1><ul>
{{% for item in pagination.items %}}<li><a href="{{{{ item.url }}}}">{{{{ item.data.title }}}}</a></li>
{{% endfor %}}</ul>{{% if pagination.href.next %}}<a href="{{{{ pagination.href.next }}}}">next</a>{{% endif %}}
</main></body></html>
"""


def write_eleventy(entries: list[Entry], folder: Path) -> Path:
    """An Eleventy 3 project: the pages in one layout, and a paginated list per section."""
    write_markdown(entries, folder / "content", layout="page.njk")
    (folder / "_includes").mkdir(parents=True)
    (folder / "_includes" / "page.njk").write_text(ELEVENTY_PAGE, encoding="utf-8")
    (folder / "eleventy.config.js").write_text(ELEVENTY_CONFIG, encoding="utf-8")
    for section in SECTIONS:
        (folder / "content" / f"{section}-list.njk").write_text(
            ELEVENTY_LIST.format(section=section, size=PER_PAGE), encoding="utf-8")
    return folder


PELICAN_SETTINGS = f"""\
SITENAME = "Peer"
SITEURL = ""
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_PAGINATION = {PER_PAGE}
LOAD_CONTENT_CACHE = False
"""


def write_pelican(entries: list[Entry], folder: Path) -> Path:
    """Pelican articles (its own metadata lines), one category per section."""
    (folder / "content").mkdir(parents=True)
    for entry in entries:
        (folder / "content" / f"{entry.section}-{entry.slug}.md").write_text(
            f"Title: {entry.title}\nDate: {entry.date}\nCategory: {entry.section}\n"
            f"Slug: {entry.section}-{entry.slug}\n\n{entry.body}", encoding="utf-8")
    (folder / "pelicanconf.py").write_text(PELICAN_SETTINGS, encoding="utf-8")
    return folder
