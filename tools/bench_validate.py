"""Measure validation of a synthetic catalog (BENCH_ENTRIES files, default 20,000).

The full benchmark of builds and search grows from this script."""

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))

from catalog.synthetic import write_catalog  # noqa: E402


def main() -> int:
    entries = int(os.environ.get("BENCH_ENTRIES", "20000"))
    with tempfile.TemporaryDirectory() as tmp:
        content = write_catalog(Path(tmp), entries)
        env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "CATALOG_TODAY": "2027-03-10"}
        started = time.perf_counter()
        run = subprocess.run([sys.executable, "-m", "catalog", "validate", str(content)],
                             env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - started
    if run.returncode != 0:
        print(run.stderr[-2000:], file=sys.stderr)
        return 1
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"bench: entries={entries} validate_s={seconds:.2f} peak_rss_mb={peak:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
