"""Where a build's time goes, from a py-spy profile of its whole process tree:

    py-spy record --subprocesses --format raw -o build.raw -- python -m catalog build ...
    python tools/profile_report.py build.raw

prints the share of all samples by kind of work, by outermost template (the page kind)
and the top frames by their own samples, as Markdown tables."""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

# The first rule whose pattern is in a sample's stack names its kind of work.
KINDS = [("Markdown", re.compile(r"cmarkgfm|catalog/source/markdown")),
         ("JSON-LD", re.compile(r"catalog/outputs/jsonld\.py")),
         ("calendars", re.compile(r"catalog/outputs/calendars\.py")),
         ("search records and Pagefind", re.compile(r"catalog/(outputs|engine)/(search|pagefind)")),
         ("API, feeds, maps, flyers, embeds",
          re.compile(r"catalog/outputs/(api|feeds|maps|flyers|embeds)")),
         ("writing files", re.compile(r"write_file \(catalog/engine/writer")),
         ("HTML pages: template code", re.compile(r"\(\w+\.html:\d+\)")),
         ("HTML pages: compiling templates", re.compile(r"Environment\._compile|Lexer\.")),
         ("HTML pages: contexts and dispatch", re.compile(r"catalog/outputs/pages\.py")),
         ("reading, validating, the model", re.compile(r"catalog/source/")),
         ("caches and keys", re.compile(r"catalog/engine/cache")),
         ("workers (forking, queues)", re.compile(r"catalog/engine/parallel|multiprocessing")),
         ("the rest", re.compile(""))]


def samples(raw: Path):
    """(frames, count) for each line of py-spy's raw (collapsed stack) output."""
    for line in raw.read_text(encoding="utf-8").splitlines():
        stack, _, count = line.rpartition(" ")
        yield stack.split(";"), int(count)


def shares(raw: Path) -> tuple[int, Counter, Counter, Counter]:
    kinds, pages, frames = Counter(), Counter(), Counter()
    total = 0
    for stack, count in samples(raw):
        total += count
        joined = ";".join(stack)
        kinds[next(name for name, pattern in KINDS if pattern.search(joined))] += count
        templates = [m.group(1) for f in stack if (m := re.search(r"\((\w+\.html):\d+\)", f))]
        if templates:
            pages[templates[0]] += count
        frames[re.sub(r":\d+\)$", ")", stack[-1])] += count
    return total, kinds, pages, frames


def table(title: str, counter: Counter, total: int, top: int) -> str:
    rows = [f"| {title} | share of samples |", "| --- | ---: |"]
    rows += [f"| {name} | {count / total:.1%} |" for name, count in counter.most_common(top)]
    return "\n".join(rows)


def main(argv: list[str]) -> int:
    total, kinds, pages, frames = shares(Path(argv[0]))
    print(f"{total:,} samples\n")
    print(table("kind of work", kinds, total, len(KINDS)) + "\n")
    print(table("outermost template", pages, total, 12) + "\n")
    print(table("frame (own samples)", frames, total, 20))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
