"""The import of P2PU's answers, from reading them to the report (docs/importing.md)."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

from . import answers, files, mapping, report
from .. import scaffold
from ..source import schemas
from ..source.catalog import build_date, check_content, find_files
from ..source.load import Document, load_file
from ..source.topics import Vocabulary, vocabulary_from
from ..source.validate import RESERVED


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sources = parser.add_subparsers(dest="source", required=True)
    p2pu = sources.add_parser("p2pu", help="circles and courses from P2PU's public API")
    p2pu.add_argument("--circles", required=True, metavar="FILE_OR_URL",
                      help="the answer of /api/learningcircles/, saved or its URL")
    p2pu.add_argument("--courses", metavar="FILE_OR_URL",
                      help="the answer of /api/courses/, saved or its URL")
    p2pu.add_argument("--team", type=int, metavar="ID",
                      help="only this team's circles (added to a URL as team_id)")
    p2pu.add_argument("--organization", metavar="SLUG",
                      help="the organization (in content/organizations/) the circles belong to")
    p2pu.add_argument("--content", type=Path, default=Path("content"), metavar="DIR",
                      help="the content folder to write into (default: content)")
    p2pu.add_argument("--dry-run", action="store_true",
                      help="report what would be written, and write nothing")


@dataclass
class Import:
    """One import: the content it adds to and what it found there."""

    content: Path
    organization: str | None
    vocabulary: Vocabulary
    others: list[Document]
    by_url: dict[str, str]  # course slugs by their URL (mapping.same_course_url)
    plan: files.Plan
    taken: dict[str, set[str]] = field(default_factory=dict)
    entries: list[report.Entry] = field(default_factory=list)
    done: dict[str, str] = field(default_factory=dict)  # course slugs of this import, by URL

    @classmethod
    def into(cls, content: Path, organization: str | None) -> Import:
        others = scaffold.existing_documents(content)
        slugs = {kind: {d.slug for d in others if d.kind == kind} for kind in schemas.KINDS}
        if organization and organization not in slugs["organization"]:
            raise answers.AnswerError(
                f"there is no organization '{organization}' in {content}/organizations/: "
                f"add it first (make new) or leave --organization out")
        return cls(content, organization, _vocabulary(content), others,
                   _course_urls(content), files.Plan.of(content), slugs)

    def slug_for(self, kind: str, key: str, title: str) -> str:
        """The slug an item was written under before, else one made from its title that no
        other file and no page of the site has."""
        known = self.plan.known_path(key)
        if known is not None:
            return known.stem
        base = scaffold.suggest_slug(title) or kind
        taken = self.taken[kind] | RESERVED.get(kind, set())  # pages of the site
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        self.taken[kind].add(slug)
        return slug


def run(args: argparse.Namespace) -> int:
    circles = answers.read_answer(args.circles, "learningcircles", args.team)
    courses = answers.read_answer(args.courses, "courses", args.team) if args.courses else []
    job = Import.into(args.content, args.organization)
    for item in _progress(courses, "courses"):
        add_course(job, item, args.courses, listed=True)
    for item in _progress(circles, "circles"):
        add_circle(job, item, args.circles)
    checked = None
    if not args.dry_run:
        job.plan.commit()
        # The whole folder, as make validate checks it: each file was checked before it
        # was written, and this says the content as a whole still passes.
        checked = check_content(job.content, build_date(), build=False)
    text = report.markdown(job.entries, job.content, build_date(), checked)
    print(text)
    if checked is not None:
        (job.content.parent / "p2pu-import-report.md").write_text(text, encoding="utf-8")
    return 0


def add_course(job: Import, item, source: str, listed: bool = False) -> str | None:
    """The slug of the course ``item`` is (one already there, one of this import, or a
    new file), or None when it is skipped. A ``listed`` course (an item of the courses'
    answer, not a circle's) is reported even when another of the list has its URL."""
    if not isinstance(item, dict) or not mapping.text_of(item.get("link")):
        job.entries.append(report.Entry("course", _name(item), "skipped", None, problems=[
            f"not a course of {source}: an object with a link is needed"]))
        return None
    url = mapping.same_course_url(item["link"])
    if url in job.done:  # a course of this import already, or one of several circles'
        if listed:
            job.entries.append(report.Entry("course", _name(item), "skipped", None, problems=[
                f"the same URL as the course {job.done[url]}, imported once"]))
        return job.done[url]
    there = job.by_url.get(url)
    if there is not None and not job.plan.owns("courses", there):
        job.done[url] = there
        job.entries.append(report.Entry("course", _name(item), "reused", None, guessed=[
            f"the same course as courses/{there} (same URL): that file is kept as it is"]))
        return there
    mapped = mapping.course(item, job.vocabulary)
    key = f"course:{item.get('id')}"
    slug = job.done[url] = job.slug_for("course", key, mapped.data["title"])
    _place(job, "course", key, slug, mapped)
    return slug


def add_circle(job: Import, item, source: str) -> None:
    if not isinstance(item, dict) or "id" not in item:
        job.entries.append(report.Entry("circle", _name(item), "skipped", None, problems=[
            f"not a learning circle of {source}: an object with an id is needed"]))
        return
    course = item.get("course") if isinstance(item.get("course"), dict) else None
    course_slug = add_course(job, course, source) if course else None
    mapped = mapping.circle(item, course_slug, job.organization)
    if not course:
        mapped.missing.append("course: P2PU names none")
    key = f"circle:{item['id']}"
    _place(job, "circle", key, job.slug_for("circle", key, mapped.data["title"] or "circle"),
           mapped)


def _place(job: Import, kind: str, key: str, slug: str, mapped: mapping.Mapped) -> None:
    """Check the item's file as the validator does; write it where it belongs, or to
    needs-review/ with its problems."""
    text = scaffold.render(kind, mapped.data)
    folder = schemas.FOLDERS[kind]
    # The file an earlier import wrote under this slug is the one being made again.
    others = [d for d in job.others if (d.kind, d.slug) != (kind, slug)]
    problems = mapped.problems + files.problems_of(kind, slug, text, others)
    name = mapped.data.get("title", slug)
    if problems:
        path = job.content.parent / "needs-review" / folder / f"{slug}.yaml"
        outcome = job.plan.review(key, path, files.with_problems(text, problems))
    else:
        path = job.plan.known_path(key) or job.content / folder / f"{slug}.yaml"
        outcome = job.plan.place(key, path, text)
        if not any((d.kind, d.slug) == (kind, slug) for d in job.others):
            job.others.append(Document(kind, slug, f"{folder}/{slug}.yaml", {}))
    job.entries.append(report.Entry(kind, name, outcome, path, mapped.guessed, mapped.missing,
                                    problems))


def _name(item) -> str:
    if isinstance(item, dict):
        return mapping.text_of(item.get("name") or item.get("title")) or f"#{item.get('id')}"
    return repr(item)[:40]


def _vocabulary(content: Path) -> Vocabulary:
    path = content / "topics.yaml"
    if not path.is_file():
        return Vocabulary()
    doc, problems = load_file(path, "topics", "topics.yaml")
    return vocabulary_from(doc if not problems else None)


def _course_urls(content: Path) -> dict[str, str]:
    """The courses already in the content, by their URL as compared for duplicates."""
    found = {}
    paths, _ = find_files(content)
    for path, kind in paths:
        if kind == "course":
            doc, _ = load_file(path, kind, path.name)
            url = doc.data.get("url") if doc is not None else None
            if isinstance(url, str):
                found.setdefault(mapping.same_course_url(url), doc.slug)
    return found


def _progress(items: list, what: str):
    """``items``, with a progress bar on a terminal (rich) for a long import."""
    if not sys.stderr.isatty() or len(items) < 20:
        return items
    from rich.console import Console
    from rich.progress import track
    return track(items, description=f"Importing {what}", console=Console(stderr=True))
