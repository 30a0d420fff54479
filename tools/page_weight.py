"""What fills a built site: the mean bytes of a circle page by part, and the site's size by
kind of file, as Markdown tables.

    python tools/page_weight.py OUTPUT
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

# Each part of a page, in the order they are cut out of it: what a later pattern matches
# no longer holds what an earlier one took.
PARTS = [("hreflang links", re.compile(r'<link rel="alternate" hreflang=[^>]*>\n?')),
         ("JSON-LD", re.compile(r'<script type="application/ld\+json">.*?</script>\n?', re.S)),
         ("head (the rest)", re.compile(r"<head>.*?</head>", re.S)),
         ("header", re.compile(r'<header class="site-header">.*?</header>', re.S)),
         ("footer", re.compile(r'<footer class="site-footer">.*?</footer>', re.S)),
         ("per-meeting calendar links",
          re.compile(r'<a class="meeting-calendar".*?</a>', re.S)),
         ("main (the rest)", re.compile(r"<main.*?</main>", re.S))]
LANGUAGES = {"de", "es", "fi", "fr", "pl", "pt", "ro", "sw"}


def parts(html: str) -> Counter:
    """Bytes (UTF-8) of each part of one page; what no part holds is "the rest"."""
    sizes = Counter()
    for name, pattern in PARTS:
        for match in pattern.finditer(html):
            sizes[name] += len(match.group().encode())
        html = pattern.sub("", html)
    sizes["the rest"] = len(html.encode())
    return sizes


def kind(path: Path, output: Path) -> str:
    """A file's kind: an HTML page by its first folder (a detail page when deeper), other
    files by their top folder or suffix."""
    relative = path.relative_to(output).parts
    if relative[0] in LANGUAGES:
        relative = relative[1:]
    if path.suffix != ".html":
        return f"{relative[0]}/" if len(relative) > 1 else f"*{path.suffix}"
    if len(relative) == 1:
        return "top-level pages"
    if len(relative) > 3 and relative[1] != "page":
        return f"{relative[0]}/*/{relative[2]}/"
    detail = len(relative) > 2 and relative[1] != "page"
    return f"{relative[0]}/ ({'each' if detail else 'listing'})"


def by_kind(output: Path) -> tuple[Counter, Counter, Counter]:
    """Bytes and files by kind; bytes by language (English has no folder of its own)."""
    sizes, counts, languages = Counter(), Counter(), Counter()
    for path in output.rglob("*"):
        if path.is_file() and ".output-cache" not in path.parts:
            size, top = path.stat().st_size, path.relative_to(output).parts[0]
            sizes[kind(path, output)] += size
            counts[kind(path, output)] += 1
            languages[top if top in LANGUAGES else "en and shared files"] += size
    return sizes, counts, languages


def main(argv: list[str]) -> int:
    output = Path(argv[0])
    pages = [p for p in output.glob("*/circles/*/index.html")] + list(
        output.glob("circles/*/index.html"))
    total = Counter()
    for page in pages:
        total.update(parts(page.read_text(encoding="utf-8")))
    whole = sum(total.values())
    print(f"{len(pages):,} circle pages, {whole / len(pages) / 1000:.1f} kB each on average\n")
    print("| part of a circle page | mean bytes | share |\n| --- | ---: | ---: |")
    for name, size in total.most_common():
        print(f"| {name} | {size / len(pages):,.0f} | {size / whole:.0%} |")
    sizes, counts, languages = by_kind(output)
    every = sum(sizes.values())
    print("\n| kind of file | files | MB | share |\n| --- | ---: | ---: | ---: |")
    for name, size in sizes.most_common(16):
        print(f"| {name} | {counts[name]:,} | {size / 1e6:,.1f} | {size / every:.0%} |")
    print(f"| all | {sum(counts.values()):,} | {every / 1e6:,.1f} | |")
    print("\n| language | MB |\n| --- | ---: |")
    print("\n".join(f"| {name} | {size / 1e6:,.1f} |" for name, size in languages.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
