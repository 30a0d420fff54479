"""What tests share: a scratch content folder with a valid course, organization and circle,
which a test edits to make the one mistake it is about, and a built site to read back."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
from datetime import date
from pathlib import Path

from catalog.source.catalog import check_content

os.environ["CATALOG_TODAY"] = "2027-03-10"
TODAY = date(2027, 3, 10)

COURSE = """\
---
title: Python for Everybody
url: https://www.py4e.com/
provider: University of Michigan
language: en
topics: [programming, python]
summary: Learn to program in Python.
---
A course for beginners.
"""

ORGANIZATION = """\
name: Toronto Public Library
url: https://www.torontopubliclibrary.ca/
city: Toronto
country: CA
"""

CIRCLE = """\
title: Python at the Library
course: py4e
organization: tpl
language: en
facilitators: [Ana Silva]
venue:
  name: Toronto Reference Library
  address: 789 Yonge St
  city: Toronto
  country: CA
schedule:
  timezone: America/Toronto
  start_time: "18:00"
  start_date: 2027-03-02
signup:
  url: https://forms.example.org/py
description: Weekly Python.
"""


class Site:
    """A content folder in tmp_path holding one valid file of each kind."""

    def __init__(self, root: Path):
        self.root = root
        self.content = root / "content"
        for folder in ("courses", "circles", "organizations"):
            (self.content / folder).mkdir(parents=True)
        self.write("courses/py4e.md", COURSE)
        self.write("organizations/tpl.yaml", ORGANIZATION)

    def write(self, name: str, text: str | bytes) -> Path:
        path = self.content / name
        if isinstance(text, str):
            text = text.encode("utf-8")
        path.write_bytes(text)
        return path

    def circle(self, *replacements: tuple[str, str], name: str = "circles/c.yaml") -> Path:
        """Write the valid circle with each (old, new) text replacement applied."""
        text = CIRCLE
        for old, new in replacements:
            assert old in text, old
            text = text.replace(old, new, 1)
        return self.write(name, text)

    def problems(self) -> list[str]:
        return [str(p) for p in check_content(Path("content"), TODAY).problems]

    def catalog(self):
        checked = check_content(Path("content"), TODAY)
        assert checked.problems == []
        return checked.catalog


class Built:
    """A built site in a folder, read back page by page."""

    def __init__(self, root: Path):
        self.root = root

    def html(self, path: str) -> str:
        return (self.root / path.lstrip("/") / "index.html").read_text(encoding="utf-8")

    def json_ld(self, path: str) -> dict:
        found = re.search(r'<script type="application/ld\+json">(.*?)</script>', self.html(path),
                          re.S)
        return json.loads(found.group(1))


@contextlib.contextmanager
def deadline(seconds: int, waiting_for: str = ""):
    """Fail the test instead of waiting past ``seconds`` (for what could hang), saying
    what it was ``waiting_for`` when given."""
    import pytest

    what = f" for {waiting_for}" if waiting_for else ""

    def expired(signum, frame):
        pytest.fail(f"still waiting{what} after {seconds} s")
    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
