"""What Python itself costs: the benchmark's plain Markdown pages (tools/peer_inputs.py)
read with CSafeLoader, rendered with cmark-gfm into one Jinja template and written, in
every language given, each entry's page and list pages of 24, in two processes.

    python tools/floor.py PAGES OUTPUT [LANGUAGE ...]
"""

from __future__ import annotations

import sys
from multiprocessing import Pool
from pathlib import Path

import cmarkgfm
import jinja2
import yaml
from markupsafe import Markup

PER_PAGE = 24
TEMPLATE = jinja2.Template("""<!DOCTYPE html>
<html lang="{{ language }}"><head><meta charset="utf-8"><title>{{ title }} | Floor</title></head>
<body><header><a href="/{{ language }}/">Floor</a></header><main><h1>{{ title }}</h1>
{% if body %}<time>{{ date }}</time>{{ body }}{% endif %}
{% if items %}<ul>{% for item in items %}<li><a href="/{{ language }}/{{ item.path }}/">{{ item.title }}</a></li>
{% endfor %}</ul>{% endif %}{% if next %}<a href="{{ next }}">next</a>{% endif %}</main></body></html>
""", autoescape=True)


def read(path: Path, markdown: bool = True) -> dict:
    _, head, body = path.read_text(encoding="utf-8").split("---\n", 2)
    page = yaml.load(head, Loader=yaml.CSafeLoader)
    page["path"] = f"{path.parent.name}/{path.stem}"
    if markdown:
        page["body"] = Markup(cmarkgfm.github_flavored_markdown_to_html(body))
    return page


def write(output: Path, where: str, **context) -> None:
    folder = output / where
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(TEMPLATE.render(**context), encoding="utf-8")


def build(job: tuple[list[Path], Path, list[str]]) -> int:
    """Every page of ``files`` in every language; the lists of the sections they are in."""
    files, output, languages = job
    pages = [read(path) for path in files]
    for language in languages:
        for page in pages:
            write(output, f"{language}/{page['path']}", language=language, **page)
    return len(pages) * len(languages)


def lists(section: Path, output: Path, languages: list[str]) -> int:
    """A section's list pages, from the titles alone."""
    items = [{"path": f"{section.name}/{p.stem}", "title": read(p, markdown=False)["title"]}
             for p in sorted(section.glob("*.md"))]
    count = 0
    for language in languages:
        for start in range(0, len(items), PER_PAGE):
            number = start // PER_PAGE + 1
            path = f"{language}/{section.name}" + (f"/page/{number}" if number > 1 else "")
            following = f"/{language}/{section.name}/page/{number + 1}/"
            write(output, path, language=language, title=section.name,
                  items=items[start:start + PER_PAGE],
                  next=following if start + PER_PAGE < len(items) else None)
            count += 1
    return count


def main(argv: list[str]) -> int:
    pages, output, languages = Path(argv[0]), Path(argv[1]), argv[2:] or ["en"]
    files = sorted(pages.glob("*/*.md"))
    sections = sorted(p for p in pages.iterdir() if p.is_dir())
    with Pool(2) as pool:
        counted = pool.map(build, [(files[i::2], output, languages) for i in range(2)])
        counted += pool.starmap(lists, [(s, output, languages) for s in sections])
    print(f"floor: {sum(counted)} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
