"""The import's report, in Markdown: counts, then for each entry what became of it, what was
guessed, what is missing and what keeps it out of the catalog. Printed, and saved beside
the content folder (p2pu-import-report.md)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..source.catalog import Checked

# What became of an entry, in the order the counts are given, and how the report says it.
OUTCOMES = {
    "written": "written (new)",
    "updated": "updated from newer data",
    "unchanged": "unchanged",
    "reused": "already in the content: reused, not overwritten",
    "edited": "left alone: edited by a person since it was imported",
    "removed": "left alone: removed by a person since it was imported",
    "needs-review": "written to needs-review/: not valid as P2PU gives it",
    "skipped": "skipped",
}


@dataclass
class Entry:
    kind: str  # course or circle
    name: str
    outcome: str  # a key of OUTCOMES
    path: Path | None
    guessed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def markdown(entries: list[Entry], content: Path, today: date, checked: Checked | None) -> str:
    """The report; ``checked`` is the content folder as make validate found it after the
    import, None for a dry run."""
    lines = [f"# Import from P2PU, {today.isoformat()}", ""]
    lines += validation(checked, content) + [""]
    lines += counts(entries) + [""]
    for kind, heading in (("circle", "Circles"), ("course", "Courses")):
        own = [e for e in entries if e.kind == kind]
        if own:
            lines += [f"## {heading}", ""]
            for entry in own:
                lines += described(entry, content.parent)
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def validation(checked: Checked | None, content: Path) -> list[str]:
    if checked is None:
        return ["A dry run: nothing was written."]
    if not checked.problems:
        return [f"`make validate` passes on {content} ({checked.files} files)."]
    return [f"`make validate` finds {len(checked.problems)} problems in {content}:", ""] + [
        f"- {problem}" for problem in checked.problems]


def counts(entries: list[Entry]) -> list[str]:
    tally = Counter((e.kind, e.outcome) for e in entries)
    rows = ["| | circles | courses |", "| --- | ---: | ---: |"]
    for outcome, words in OUTCOMES.items():
        circles, courses = tally[("circle", outcome)], tally[("course", outcome)]
        if circles or courses:
            rows.append(f"| {words} | {circles} | {courses} |")
    return rows


def described(entry: Entry, base: Path) -> list[str]:
    where = f" (`{_shown(entry.path, base)}`)" if entry.path else ""
    lines = [f"- **{entry.name}**{where}: {OUTCOMES[entry.outcome]}"]
    lines += [f"  - guessed: {note}" for note in entry.guessed]
    lines += [f"  - missing: {note}" for note in entry.missing]
    why = "why" if entry.outcome == "skipped" else "to fix"
    lines += [f"  - {why}: {note}" for note in entry.problems]
    return lines


def _shown(path: Path, base: Path) -> str:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return str(path)
