"""Command-line entry points: ``python -m catalog validate [CONTENT]``.

Every error the catalog raises on purpose becomes an exit status here, in one place:
0 valid, 1 content errors, 2 the command was misused.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from . import scaffold
from .importer import p2pu
from .console import report, say
from .engine.parallel import WorkerStopped
from .engine.reading import CachedReader
from .source.catalog import build_date, check_content
from .source.problems import BuildFault, CatalogError, ContentErrors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m catalog",
                                     description="Check and build the learning circle catalog.")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check every content file")
    check.add_argument("content", nargs="?", default="content", type=Path,
                       help="the content folder (default: content)")
    build = commands.add_parser("build", help="validate, then build the site")
    serve = commands.add_parser("serve", help="build, serve and rebuild on change")
    for command in (build, serve):
        command.add_argument("content", nargs="?", default="content", type=Path)
        command.add_argument("output", nargs="?", default="output", type=Path)
        command.add_argument("--settings", type=Path, default=None,
                             help="Pelican settings file (default: pelicanconf.py)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    scaffold.add_arguments(commands.add_parser("new", help="write a new content file"))
    p2pu.add_arguments(commands.add_parser(
        "import", help="write content files from another catalog's data (P2PU)"))
    args = parser.parse_args(argv)
    try:
        if args.command == "build":
            return build_command(args.content, args.output, args.settings)
        if args.command == "serve":
            from .serve import serve_forever
            return serve_forever(args.content, args.output, args.settings, args.host, args.port)
        if args.command == "new":
            return scaffold.run(args)
        if args.command == "import":
            return p2pu.run(args)
        return validate(args.content)
    except CatalogError as exc:
        say(f"error: {exc}")
        return exc.exit_code


def validate(content: Path) -> int:
    try:
        checked = check_content(content, build_date(), build=False, read=CachedReader())
    except WorkerStopped as exc:
        raise BuildFault("the files could not all be checked: a worker process stopped "
                         "(killed, or out of memory)") from exc
    report(checked.problems + checked.notes, checked.files)
    return 1 if checked.problems else 0


def build_command(content: Path, output: Path, settings: Path | None) -> int:
    from .build import build_site
    try:
        build_site(content, output, build_date(), settings, report=say)
    except ContentErrors as exc:
        report(exc.problems)
        say(f"nothing was built: {output}/ is unchanged")
        return 1
    return 0
