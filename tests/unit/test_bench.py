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
sys.path.insert(0, str(ROOT / "tools"))

import bench  # noqa: E402
import bench_peers  # noqa: E402
import page_weight  # noqa: E402
import peer_inputs  # noqa: E402
import profile_report  # noqa: E402


def test_synthetic_catalog_is_valid(tmp_path):
    checked = check_content(write_catalog(tmp_path, 120), TODAY)
    assert checked.problems == [] and checked.files == 120
    assert len(checked.catalog.circles) == 105


def test_bench_runs_and_prints_its_figures():
    """At a small size: the whole benchmark runs, and its tables and last line parse (a
    peer that is not installed is null). The figures themselves are never asserted."""
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "bench.py")],
                         env={**os.environ, "BENCH_ENTRIES": "100"}, capture_output=True,
                         text=True, timeout=1200)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.strip().splitlines()
    number = r"\d+(\.\d+)?"
    fields = ["validate_s", "build_s", "search_s", "baseline_s", "ratio", "rebuild_s",
              "peak_rss_mb", "query_kb", "growth", "shipped_s", "shipped_rebuild_s",
              "shipped_rebuild_kept_s", "shipped_next_day_s", "shipped_code_change_s",
              "shipped_plugin_change_s", "shipped_second_day_s", "shipped_third_day_s",
              "shipped_peak_rss_mb", "shipped_peak_pss_mb", "en_search_s"]
    peers = ["hugo9_s", "hugo1_pagefind_s", "eleventy_pagefind_s", "pelican_pagefind_s",
             "floor9_s"]
    pattern = (r"bench: entries=100 " + " ".join(f"{f}={number}" for f in fields) + " "
               + " ".join(f"{f}=({number}|null)" for f in peers) + f" site_mb={number}")
    assert re.fullmatch(pattern, lines[-1]), lines[-1]
    figures = dict(pair.split("=") for pair in lines[-1].split()[1:])
    assert float(figures["shipped_peak_pss_mb"]) > 0  # this kernel gives the PSS
    assert "| build | 10 entries | 100 entries | peak RSS | peak PSS | ours ÷ peer |" in lines
    assert any(line.startswith("reading the PSS took ") for line in lines)
    cold = next(line for line in lines if line.startswith("| ours as shipped: nine "))
    assert re.fullmatch(r"\| .* \| [\d,]+ MB \| [\d,]+ MB \| \|", cold), cold
    assert float(figures["ratio"]) == pytest.approx(
        float(figures["build_s"]) / float(figures["baseline_s"]), rel=0.05)
    assert lines[0] == "| | 10 entries | 100 entries |"
    assert any(line.startswith("| plain Pelican, as many articles |") for line in lines)
    for _, label, _ in bench_peers.OURS[1:]:  # each step of the site as shipped, with its share
        row = next(line for line in lines if line.startswith(f"| {label} |"))
        assert "% of the cold build)" in row or label.startswith("ours, English"), row
    steps = [f"{name}_s" for name, *_ in bench.STEPS]
    assert [key for key, *_ in bench_peers.OURS] == [*steps, "en_search_s"], \
        "a row for each step, in their order, then English"
    assert figures["pelican_pagefind_s"] != "null" and figures["floor9_s"] != "null"
    for label, key in [("Hugo, nine languages", "hugo9_s"),
                       ("Eleventy 3 + Pagefind", "eleventy_pagefind_s")]:
        row = next(line for line in lines if line.startswith(f"| {label} |"))
        assert ("not installed" in row) == (figures[key] == "null"), row


def test_the_change_of_theme_makes_every_page_again(site, tmp_path):
    """The benchmark's rebuild after a change of code: with the settings it writes, every
    page but the embedded listings (embed/.../, a template of their own) differs from the build
    before, by the mark added to the theme, and every page is made again."""
    from catalog.build import build_site
    site.circle()
    output, said = site.root / "output", []
    build_site(Path("content"), output, TODAY, report=said.append)
    pages = sorted(p.relative_to(output) for p in output.rglob("*.html"))
    before = {p: (output / p).read_bytes() for p in pages}
    settings = bench.changed_theme(tmp_path / "work")
    build_site(Path("content"), output, TODAY, settings, report=said.append)
    after = {p: (output / p).read_bytes() for p in pages}
    changed = {p for p in pages if after[p] != before[p]}
    assert changed == {p for p in pages if "embed" not in p.parts[:-2]}
    assert all(after[p] == before[p] + b"<!-- changed -->\n" for p in changed)
    written = int(re.search(r"\(([\d,]+) written", said[-1]).group(1).replace(",", ""))
    assert written >= len(pages), said[-1]


def test_the_change_of_the_plugins_code_checks_and_makes_everything_again(site, tmp_path):
    """The benchmark's upgrade: its copy of the code, with a comment added to the plugin,
    builds (as `python -m catalog build`, with the copy first on the path) the same site
    as ours, checks every content file again and makes every file again but those that
    do not depend on the code."""
    from catalog.build import build_site
    site.circle()
    output, said = site.root / "output", []
    build_site(Path("content"), output, TODAY, report=said.append)
    cache = site.root / ".output-cache"
    stamps = {name: (cache / name / "stamp").read_text() for name in ("documents", "memo")}
    before = files_of(output)
    inodes = {p: p.stat().st_ino for p in output.rglob("*") if p.is_file()}
    plugins, settings = bench.changed_code(tmp_path / "work")
    assert (plugins / "catalog" / "build.py").read_text().endswith("# changed\n")
    run = subprocess.run([sys.executable, "-m", "catalog", "build", "content", str(output),
                          "--settings", str(settings)], cwd=site.root, capture_output=True,
                         text=True, timeout=600,
                         env={**os.environ, "PYTHONPATH": str(plugins),
                              "CATALOG_TODAY": TODAY.isoformat()})
    assert run.returncode == 0, run.stderr
    assert all((cache / name / "stamp").read_text() != stamp for name, stamp in stamps.items()), \
        "checked and made by other code"
    after = files_of(output)
    # Pagefind's filter and meta files are named anew in every run (Pagefind/pagefind#638).
    assert ({k: v for k, v in after.items() if not k.startswith("pagefind/")}
            == {k: v for k, v in before.items() if not k.startswith("pagefind/")}), \
        "the same site"
    # Linked from the site before (the same inode): the theme's static files, copied as
    # they are, and those of the search index made from the same records.
    kept = {p.relative_to(output).parts[0] for p, inode in inodes.items()
            if p.exists() and p.stat().st_ino == inode}
    assert kept == {"theme", "pagefind"}, "every other file made again"


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*") if p.is_file()}


GRANDCHILD = "import sys; held = b'x' * (64 << 20); print('ready', flush=True); sys.stdin.read()"
# The child passes on the grandchild's line, or says it ended without one: the test reads
# a line either way and never waits for ever.
CHILD = f"""import subprocess, sys
grandchild = subprocess.Popen([sys.executable, "-c", {GRANDCHILD!r}], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
sys.stdout.write(grandchild.stdout.readline() or "the grandchild ended\\n")
sys.stdout.flush()
sys.stdin.read()
grandchild.stdin.close()
grandchild.wait()"""


def test_peak_memory_counts_every_process_below_the_one_started():
    """The benchmark's peak RSS is the sum over the process tree: a grandchild holding
    64 MB counts in its grandparent's sum, and a process outside the tree does not."""
    child = subprocess.Popen([sys.executable, "-c", CHILD], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline() == "ready\n"
        alone = int(Path(f"/proc/{child.pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        tree = bench.tree_rss(child.pid)
        assert tree - alone >= 64 << 20
        assert bench.tree_rss(os.getpid()) >= tree  # this process is above them
        assert bench.tree_rss(1 << 30) == 0  # no such process
    finally:
        child.stdin.close()
        child.wait(timeout=60)


FORKED = """import os, sys, time
held = os.urandom(64 << 20)  # pages no two alike, which nothing could merge
pid = os.fork()
if pid == 0:
    print("ready", flush=True)
{wait}
if pid == 0:
    os._exit(0)
os.waitpid(pid, 0)"""


def test_the_peak_pss_counts_once_what_a_forked_worker_shares():
    """A process holding 64 MB forks: the two share those pages, which the summed RSS
    counts twice and the summed PSS once, whether read at once (tree_pss) or as the
    benchmark samples a step (measure)."""
    child = subprocess.Popen([sys.executable, "-c", FORKED.format(wait="sys.stdin.read()")],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline() == "ready\n"  # the fork is made
        pids = bench.tree(child.pid)
        assert len(pids) == 2 and sum(pids.values()) >= 128 << 20
        assert 64 << 20 <= bench.tree_pss(pids) <= sum(pids.values()) - (60 << 20)
        assert bench.tree_pss([1 << 30]) == 0  # no such process: it ended
    finally:
        child.stdin.close()  # both read the same pipe, and both end
        child.wait(timeout=60)
    run = bench.measure([sys.executable, "-c", FORKED.format(wait="time.sleep(2.5)")], pss=True)
    assert run.peak_rss_mb >= 128 and 64 <= run.peak_pss_mb <= run.peak_rss_mb - 48
    assert bench.measure([sys.executable, "-c", "pass"]).peak_pss_mb is None  # not asked


@pytest.fixture(scope="module")
def entries(tmp_path_factory):
    """60 entries: 6 courses, 1 organization and 53 circles, three list pages of them."""
    return peer_inputs.read_entries(write_catalog(tmp_path_factory.mktemp("catalog"), 60))


def test_peer_entries_are_the_catalogs(entries):
    assert [len([e for e in entries if e.section == s]) for s in peer_inputs.SECTIONS] == [6, 53, 1]
    assert all(e.title and e.body.strip() for e in entries)


PEERS = {  # each peer: its input, its command, where its output is, where page 3 of circles is
    "hugo": (lambda e, f: peer_inputs.write_hugo(e, f, ["en", "de"]),
             ["hugo", "--quiet", "-d", "out"], "{}/circles/page/3/index.html"),
    "eleventy": (peer_inputs.write_eleventy, ["node", str(bench_peers.ELEVENTY), "--quiet",
                                              "--output=out"], "circles/page/3/index.html"),
    "pelican": (peer_inputs.write_pelican, [sys.executable, "-m", "pelican", "content", "-o",
                                            "out", "-s", "pelicanconf.py", "-q"],
                "category/circles3.html"),
    "floor": (peer_inputs.write_markdown, [sys.executable, str(ROOT / "tools" / "floor.py"), ".",
                                           "out", "en", "de"], "{}/circles/page/3/index.html"),
}


@pytest.mark.parametrize("peer", PEERS)
def test_each_peer_builds_its_input(peer, entries, tmp_path):
    """Each peer reads what its generator wrote: every entry's page, and list pages of 24
    (53 circles: three pages, no fourth)."""
    if not bench_peers.installed().get(peer, True):
        pytest.skip(f"{peer} is not installed (make bench-peers)")
    write, command, third = PEERS[peer]
    folder = write(entries, tmp_path / peer)
    subprocess.run(command, cwd=folder, check=True, capture_output=True, timeout=300)
    out = folder / "out"
    for language in (["en", "de"] if "{}" in third else [""]):
        assert (out / third.format(language)).is_file()
        assert not (out / third.format(language).replace("3", "4")).exists()
    pages = [p for p in out.rglob("*.html") if "circle 52" in p.read_text(encoding="utf-8")]
    assert len(pages) >= (2 if "{}" in third else 1)



@pytest.mark.parametrize("html, expected", [
    ('<head><link rel="alternate" hreflang="de" href="/de/">\n</head>',
     {"hreflang links": 49, "head (the rest)": 13, "the rest": 0}),
    ('<main id="m"><p>x</p><a class="meeting-calendar" href="data:,A">Add</a></main>',
     {"per-meeting calendar links": 50, "main (the rest)": 28, "the rest": 0}),
    ('<script type="application/ld+json">{}</script>\n<footer class="site-footer">f</footer>!',
     {"JSON-LD": 47, "footer": 38, "the rest": 1}),
])
def test_page_weight_cuts_a_page_into_parts(html, expected):
    assert page_weight.parts(html) == expected


def test_profile_report_shares_samples_by_kind(tmp_path):
    raw = tmp_path / "build.raw"
    raw.write_text("main (catalog/cli.py:1);write_file (catalog/engine/writer.py:9) 3\n"
                   "main (catalog/cli.py:1);root (circle.html:4);escape (markupsafe/x.py:2) 5\n"
                   "main (catalog/cli.py:1);load (catalog/source/load.py:7) 2\n")
    total, kinds, pages, frames = profile_report.shares(raw)
    assert (total, pages, frames["escape (markupsafe/x.py)"]) == (10, {"circle.html": 5}, 5)
    assert kinds == {"writing files": 3, "HTML pages: template code": 5,
                     "reading, validating, the model": 2}
