"""The benchmark's synthetic catalog is valid content, and the script's last line parses."""

import os
import re
import subprocess
import sys
from pathlib import Path

from catalog.catalog import check_content
from catalog.synthetic import write_catalog
from helpers import TODAY

ROOT = Path(__file__).resolve().parents[2]


def test_synthetic_catalog_is_valid(tmp_path):
    checked = check_content(write_catalog(tmp_path, 120), TODAY)
    assert checked.problems == [] and checked.files == 120
    assert len(checked.catalog.circles) == 105


def test_bench_prints_its_figures():
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "bench_validate.py")],
                         env={**os.environ, "BENCH_ENTRIES": "100"}, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    last = run.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"bench: entries=100 validate_s=\d+\.\d\d peak_rss_mb=\d+", last), last
