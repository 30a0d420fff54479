"""The benchmark's synthetic catalog is valid content, and the script's last line parses."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from catalog.source.catalog import check_content
from catalog.synthetic import write_catalog
from helpers import TODAY

ROOT = Path(__file__).resolve().parents[2]


def test_synthetic_catalog_is_valid(tmp_path):
    checked = check_content(write_catalog(tmp_path, 120), TODAY)
    assert checked.problems == [] and checked.files == 120
    assert len(checked.catalog.circles) == 105


def test_bench_runs_and_prints_its_figures():
    """At a small size: the whole benchmark runs, and its table and last line parse. The
    figures themselves are never asserted."""
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "bench.py")],
                         env={**os.environ, "BENCH_ENTRIES": "200"}, capture_output=True,
                         text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.strip().splitlines()
    number = r"\d+(\.\d+)?"
    fields = ["validate_s", "build_s", "search_s", "baseline_s", "ratio", "rebuild_s",
              "peak_rss_mb", "query_kb", "growth"]
    pattern = r"bench: entries=200 " + " ".join(f"{f}={number}" for f in fields)
    assert re.fullmatch(pattern, lines[-1]), lines[-1]
    figures = dict(pair.split("=") for pair in lines[-1].split()[1:])
    assert float(figures["ratio"]) == pytest.approx(
        float(figures["build_s"]) / float(figures["baseline_s"]), rel=0.05)
    assert lines[0] == "| | 20 entries | 200 entries |"
    assert any(line.startswith("| plain Pelican, as many articles |") for line in lines)
