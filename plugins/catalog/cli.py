"""Command-line entry points: ``python -m catalog validate [CONTENT]``.

Every error the catalog raises on purpose becomes an exit status here, in one place:
0 valid, 1 content errors, 2 the command was misused.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .catalog import build_date, check_content
from .problems import CatalogError, Problem, summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m catalog",
                                     description="Check and build the learning circle catalog.")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check every content file")
    check.add_argument("content", nargs="?", default="content", type=Path,
                       help="the content folder (default: content)")
    args = parser.parse_args(argv)
    try:
        return validate(args.content)
    except CatalogError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code


def validate(content: Path) -> int:
    checked = check_content(content, build_date(), build=False)
    report(checked.problems, checked.files)
    return 1 if checked.problems else 0


def report(problems: list[Problem], files: int | None = None) -> None:
    """Print each problem, then the summary; annotate them too inside GitHub Actions."""
    for problem in problems:
        print(problem, file=sys.stderr)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for problem in problems:
            print(problem.annotation())
    print(summary(problems, files), file=sys.stderr)
