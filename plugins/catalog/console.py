"""What the commands print: one line per problem or fault, never a raw control character,
and inside GitHub Actions an annotation on the problem's line."""

from __future__ import annotations

import os
import sys

from .source.problems import NOTE, Problem, printable, summary


def say(line: str) -> None:
    print(printable(line), file=sys.stderr, flush=True)


def report(problems: list[Problem], files: int | None = None) -> None:
    """Print each problem, the errors before the notes, then the summary; annotate them
    too inside GitHub Actions."""
    problems = sorted(problems, key=lambda p: p.severity == NOTE)
    for problem in problems:
        print(problem, file=sys.stderr)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for problem in problems:
            print(problem.annotation())
    print(summary(problems, files), file=sys.stderr)
