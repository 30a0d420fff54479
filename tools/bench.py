"""The benchmark (make bench): our build of a synthetic catalog against plain Pelican
building as many plain Markdown articles, and the site as shipped (every language of
pelicanconf.py and the search index, as `make build` makes it) against its peers
(tools/bench_peers.py), in one run on one machine.

BENCH_ENTRIES=N (default 20,000: 2,000 courses, 17,500 circles, 500 organizations) sets the
size; every figure is also taken at N/10 to show how the cost grows. Each step runs as its
own process, timed from outside, with the peak RSS of its whole process tree sampled from
/proc. The steps of the site as shipped also have the peak of the tree's summed PSS: the
summed RSS counts every page a forked worker shares with the build twice, the PSS once.
The last line holds the figures in one line for machines to read:

bench: entries=N validate_s=... build_s=... search_s=... baseline_s=... ratio=... rebuild_s=...
       peak_rss_mb=... query_kb=... growth=... shipped_s=... shipped_rebuild_s=...
       shipped_rebuild_kept_s=... shipped_next_day_s=... shipped_code_change_s=...
       shipped_plugin_change_s=... shipped_second_day_s=... shipped_third_day_s=...
       shipped_peak_rss_mb=... shipped_peak_pss_mb=... en_search_s=... hugo9_s=...
       hugo1_pagefind_s=... eleventy_pagefind_s=... pelican_pagefind_s=... floor9_s=...
       site_mb=...

(one line; a peer that is not installed is ``null``, and so is the PSS on a kernel that
does not give it). ``peak_rss_mb`` stays the English builds'; ``shipped_peak_rss_mb`` and
``shipped_peak_pss_mb`` are the highest of the steps of the site as shipped (STEPS), each
step's own in the table.

BENCH_AGAINST=REV (a git revision) also compares this code with that one side by side, at N:
the English site without the index is built by each in turn, three times, each a first
build then a rebuild after one circle changed, so that both meet the same moments of a
noisy machine. Its line: ``against: rev=... build_s=OLD/NEW ... rebuild_s=OLD/NEW ...``.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))

from catalog.synthetic import body, paragraph, write_catalog  # noqa: E402
from bench_peers import peer_table, run_peers  # noqa: E402

TODAY = "2027-03-10"
PAGE = 24  # results the search interface shows first
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")  # of memory


@dataclass
class Run:
    seconds: float
    peak_rss_mb: float
    peak_pss_mb: float | None = None  # sampled only when asked (measure's ``pss``)
    pss_cpu_s: float = 0.0  # the CPU time its reads took, beside the step's


PSS_EVERY = 0.5  # seconds between two reads of the tree's proportional set size


def measure(command: list[str], env: dict | None = None, cwd: Path | None = None,
            pss: bool = False) -> Run:
    """Run ``command`` and sample the summed RSS of it and its descendants every 20 ms;
    with ``pss``, also their summed PSS (tree_pss), every PSS_EVERY seconds at most."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "CATALOG_TODAY": TODAY,
           **(env or {})}
    env.pop("SITEURL", None)
    # What the steps before wrote goes to disk first, so that its writeback does not run
    # into this step's time (the synthetic catalog alone is 20,000 new files).
    os.sync()
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    peak, peak_pss, pss_cpu = [0], [0 if pss else None], [0.0]
    done = threading.Event()

    def sample():
        read = 0.0  # when the PSS was last read
        while not done.is_set():
            pids = tree(process.pid)
            rss = sum(pids.values())
            peak[0] = max(peak[0], rss)
            # A process's PSS is never more than its RSS: a sample whose RSS is under the
            # peak PSS cannot raise it, and its PSS (a walk of every page) is not read.
            if (peak_pss[0] is not None and rss > peak_pss[0]
                    and time.perf_counter() - read >= PSS_EVERY):
                read, cpu = time.perf_counter(), time.thread_time()
                sampled = tree_pss(pids)
                # The processes are read one after the other: one that ended or was
                # forked meanwhile would leave its shared pages counted wrongly.
                if sampled is None:
                    peak_pss[0] = None
                elif tree(process.pid).keys() == pids.keys():
                    peak_pss[0] = max(peak_pss[0], sampled)
                pss_cpu[0] += time.thread_time() - cpu
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, errors = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{errors[-3000:]}")
    return Run(seconds, peak[0] / 2**20, None if peak_pss[0] is None else peak_pss[0] / 2**20,
               pss_cpu[0])


def tree_rss(root: int) -> int:
    """Bytes resident in ``root`` and every process below it."""
    return sum(tree(root).values())


def tree(root: int) -> dict[int, int]:
    """``root`` and every process below it, each with its resident bytes, from one read
    of each process's ``/proc/<pid>/stat`` (its parent, field 4, and its resident pages,
    field 24): a sample costs the build little of a core (2 ms against 15 for reading
    ``stat`` and ``statm`` through ``Path`` objects, for 74 processes).

    The sum of their RSS counts a page shared by several processes in each: a worker
    forked from the build counts, from its first moment, every page of the build's heap
    it inherited (tree_pss does not)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            fd = os.open(f"/proc/{name}/stat", os.O_RDONLY)
            try:
                stat = os.read(fd, 4096)
            finally:
                os.close(fd)
        except OSError:  # the process ended meanwhile
            continue
        fields = stat.rpartition(b")")[2].split()  # a command's name may hold ")"
        pid = int(name)
        children.setdefault(int(fields[1]), []).append(pid)
        rss[pid] = int(fields[21]) * PAGE_BYTES
    found, stack = {}, [root]
    while stack:
        pid = stack.pop()
        if pid in rss:
            found[pid] = rss[pid]
        stack.extend(children.get(pid, ()))
    return found


def tree_pss(pids) -> int | None:
    """The summed proportional set size of ``pids`` (bytes), from each one's
    ``/proc/<pid>/smaps_rollup``: a page shared by n processes counts 1/n in each, so the
    sum is the memory the processes hold together, each page once. Reading it walks every
    page of the process (16 ms for 700 MB), hence measure's PSS_EVERY. None where the
    kernel does not give it (before Linux 4.14) or this process may not read it."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
                rollup = f.read()
        except FileNotFoundError:
            if not os.path.exists(f"/proc/{pid}"):
                continue  # the process ended meanwhile
            return None
        except ProcessLookupError:  # ended, not yet reaped
            continue
        except PermissionError:
            return None
        for line in rollup.splitlines():
            if line.startswith(b"Pss:"):
                total += int(line.split()[1]) * 1024
                break
    return total


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def query_bytes(bundle: Path) -> int:
    """What a browser fetches for a first query on /circles/ (the search the home page's
    box leads to), from the files of the bundle of current circles, which that query
    searches alone and without a filter: Pagefind's code, worker and WebAssembly, its
    entry and metadata, one word-index chunk (the mean) and the first page of result
    fragments. (The counts, which come after the results, are not included.)"""
    def mean(folder: str) -> float:
        sizes = [p.stat().st_size for p in (bundle / folder).iterdir()]
        return sum(sizes) / len(sizes) if sizes else 0
    fixed = ["pagefind.js", "pagefind-worker.js", "pagefind-entry.json"]
    total = sum((bundle / name).stat().st_size for name in fixed)
    total += (bundle / "wasm.en.pagefind").stat().st_size
    total += sum(p.stat().st_size for p in bundle.glob("pagefind.*.pf_meta"))
    return int(total + mean("index") + PAGE * mean("fragment"))


def write_articles(folder: Path, count: int) -> None:
    """Plain Pelican articles of the same body sizes: title, date, category, tags."""
    rng = random.Random(count)
    folder.mkdir(parents=True)
    for i in range(count):
        tags = ", ".join(NAMES[n] for n in rng.sample(range(50), rng.randint(1, 3)))
        (folder / f"article-{i}.md").write_text(
            f"Title: {paragraph(rng, 5)[:-1]} {i}\nDate: 2026-{i % 12 + 1:02d}-{i % 28 + 1:02d}\n"
            f"Category: {NAMES[i % 20]}\nTags: {tags}\nSummary: {paragraph(rng, 18)}\n\n"
            f"{body(rng)}", encoding="utf-8")


# Letters only: Pelican's page 2 of "tag3" is tag32.html, which a tag named "tag32" would
# overwrite.
NAMES = [f"{a}{b}" for a in "abcdefghij" for b in "klmno"]

BASELINE_SETTINGS = """\
SITENAME = "Baseline"
SITEURL = ""
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_PAGINATION = 10
LOAD_CONTENT_CACHE = False
"""


def change_circle(content: Path, at: float) -> None:
    """Change the title of one circle, as a contributor's pull request would."""
    circles = sorted((content / "circles").iterdir())
    circle = circles[int(len(circles) * at)]
    circle.write_text(circle.read_text(encoding="utf-8").replace("title: ", "title: Changed ", 1),
                      encoding="utf-8")


def settings_of(path: Path, code: Path, theme: Path) -> Path:
    """Settings at ``path``: those of ``code``'s pelicanconf.py, with the ``theme`` and the
    plugin of ``code`` at absolute paths, so that they hold wherever the build runs."""
    path.write_text(f"exec(open({str(code / 'pelicanconf.py')!r}, encoding='utf-8').read())\n"
                    f"THEME = {str(theme)!r}\nPLUGIN_PATHS = [{str(code / 'plugins')!r}]\n",
                    encoding="utf-8")
    return path


def changed_theme(work: Path) -> Path:
    """Settings as pelicanconf.py's, with a copy of the theme that changes every page: a
    build with them after one with ours makes every page again, as the first build after
    an upgrade of the site's code does (every key of the cache holds the code)."""
    theme = work / "theme-changed"
    shutil.copytree(ROOT / "theme", theme)
    base = theme / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8") + "<!-- changed -->\n", encoding="utf-8")
    return settings_of(work / "pelicanconf-changed.py", ROOT, theme)


def changed_code(work: Path) -> tuple[Path, Path]:
    """A copy of the site's code (the plugin, the schemas, the pinned requirements, the
    settings and the theme) whose plugin has a comment added: a build with it after one
    with ours checks every content file again and makes every page again, as the first
    build after an upgrade of the plugin does (a change of the theme alone checks nothing
    again: the documents' keys hold the plugin's code, not the theme). Returns the copy's
    plugins folder, for PYTHONPATH, and its settings."""
    copy = work / "code-changed"
    for name in ("plugins", "schemas", "theme"):
        shutil.copytree(ROOT / name, copy / name,
                        ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("requirements.txt", "pelicanconf.py"):
        shutil.copy2(ROOT / name, copy / name)
    code = copy / "plugins" / "catalog" / "build.py"
    code.write_text(code.read_text(encoding="utf-8") + "# changed\n", encoding="utf-8")
    return copy / "plugins", settings_of(copy / "pelicanconf-changed.py", copy, copy / "theme")


# The steps of the site as shipped, in the order they run: the key of each, its build
# date (days after TODAY), the code that builds it (shipped) and the circle changed
# before it (change_circle's ``at``), if any.
STEPS = [("shipped", 0, "ours", None), ("shipped_rebuild", 0, "ours", 0.25),
         ("shipped_rebuild_kept", 0, "ours", 0.75), ("shipped_next_day", 1, "ours", None),
         ("shipped_code_change", 1, "theme", None), ("shipped_plugin_change", 1, "plugin", None),
         ("shipped_second_day", 2, "plugin", None), ("shipped_third_day", 3, "plugin", None)]


def shipped(build: list[str], content: Path) -> dict:
    """The site as `make build` makes it (every language of pelicanconf.py, with the search
    index), in the steps of STEPS: a first build; a rebuild with its cache after one other
    circle changed; a rebuild after a third circle changed, from the site the first
    rebuild kept; the next day's rebuild with nothing changed, as a daily build makes it;
    that day's rebuild after a change of the theme (every page made again), then after a
    change of the plugin's code (every content file checked again too); then the next
    day's rebuild with that code, and the day after's: a daily rebuild after an upgrade,
    and one after another daily rebuild."""
    as_shipped = {"CATALOG_LANGUAGES": "", "CATALOG_SEARCH": ""}  # pelicanconf.py decides
    work = Path(build[-1]).parent
    plugins, upgraded = changed_code(work)
    codes = {"ours": (build, {}),
             "theme": ([*build[:4], "--settings", str(changed_theme(work)), *build[4:]], {}),
             "plugin": ([*build[:4], "--settings", str(upgraded), *build[4:]],
                        {"PYTHONPATH": str(plugins)})}
    steps = {}
    for name, day, code, change in STEPS:
        if change is not None:
            change_circle(content, change)
        command, env = codes[code]
        today = (date.fromisoformat(TODAY) + timedelta(days=day)).isoformat()
        steps[name] = measure(command, env={**as_shipped, **env, "CATALOG_TODAY": today},
                              pss=True)
        if name == "shipped":
            site_bytes, site_files = folder_size(Path(build[-1]))
    figures = {}
    for name, run in steps.items():
        figures.update({f"{name}_s": run.seconds, f"{name}_rss_mb": run.peak_rss_mb,
                        f"{name}_pss_mb": run.peak_pss_mb})
    pss = [run.peak_pss_mb for run in steps.values()]
    return {**figures, "shipped_peak_rss_mb": max(run.peak_rss_mb for run in steps.values()),
            "shipped_peak_pss_mb": None if None in pss else max(pss),
            "shipped_runs": list(steps.values()),
            "site_mb": site_bytes / 1e6, "shipped_files": site_files}


def languages() -> list[str]:
    """The site's languages, as pelicanconf.py lists them."""
    settings: dict = {}
    exec((ROOT / "pelicanconf.py").read_text(encoding="utf-8"), settings)
    return list(settings["CATALOG_LANGUAGES"])


def bench(entries: int, work: Path) -> dict:
    """Every figure at one size. The builds compared with Pelican are of the English
    site, since the articles are in one language; then the site as shipped, and the
    peers."""
    python = sys.executable
    content = write_catalog(work / "catalog", entries)
    files = sum(1 for _ in content.rglob("*.*"))
    validate = measure([python, "-m", "catalog", "validate", str(content)])
    # Nothing is deleted while the benchmark runs: for a minute or more after many files
    # are deleted, ext4 is slower to create new ones (it skips recently freed inodes), and
    # that would fall on whichever step came next.
    # Both builds are first builds as `make build` runs them, keeping the cache that a
    # rebuild of the same kind (without, then with the index) uses.
    output, plain_output = work / "output", work / "output-plain"
    build = [python, "-m", "catalog", "build", str(content), str(output)]
    build_plain = build[:-1] + [str(plain_output)]
    english = {"CATALOG_LANGUAGES": "en"}
    no_index = {"CATALOG_SEARCH": "0", **english}
    plain = measure(build_plain, env=no_index)
    full = measure(build, env=english)
    site_bytes, site_files = folder_size(output)
    index_bytes, index_files = folder_size(output / "pagefind")
    change_circle(content, 0.5)
    rebuild = measure(build_plain, env=no_index)
    rebuild_search = measure(build, env=english)
    ours = shipped(build[:-1] + [str(work / "output-shipped")], content)
    articles = work / "baseline" / "content"
    write_articles(articles, files)
    (work / "baseline" / "pelicanconf.py").write_text(BASELINE_SETTINGS, encoding="utf-8")
    baseline = measure([python, "-m", "pelican", str(articles), "-o", str(work / "baseline" / "output"),
                        "-s", str(work / "baseline" / "pelicanconf.py"), "-q"], cwd=work / "baseline")
    return {"entries": files, "validate_s": validate.seconds, "build_s": plain.seconds,
            "search_s": full.seconds, "baseline_s": baseline.seconds,
            "rebuild_s": rebuild.seconds, "rebuild_search_s": rebuild_search.seconds,
            "peak_rss_mb": max(plain.peak_rss_mb, full.peak_rss_mb),
            "build_rss_mb": plain.peak_rss_mb, "baseline_rss_mb": baseline.peak_rss_mb,
            "en_site_mb": site_bytes / 1e6, "site_files": site_files,
            "index_mb": index_bytes / 1e6, "index_files": index_files,
            "query_kb": query_bytes(output / "pagefind" / "circles") / 1000,
            "en_search_s": full.seconds, "search_rss_mb": full.peak_rss_mb, **ours,
            "peers": run_peers(measure, content, work / "peers", languages())}


ROWS = [("entries", "entries (files)", "{:,.0f}"), ("validate_s", "validate", "{:.1f} s"),
        ("build_s", "build without search index", "{:.1f} s"),
        ("search_s", "build with search index", "{:.1f} s"),
        ("baseline_s", "plain Pelican, as many articles", "{:.1f} s"),
        ("ratio", "ratio (build / Pelican)", "{:.2f}"),
        ("rebuild_s", "rebuild after one circle changed", "{:.1f} s"),
        ("rebuild_search_s", "the same, with the search index", "{:.1f} s"),
        ("peak_rss_mb", "peak RSS, process tree", "{:,.0f} MB"),
        ("baseline_rss_mb", "peak RSS, plain Pelican", "{:,.0f} MB"),
        ("en_site_mb", "output size", "{:,.1f} MB"), ("site_files", "output files", "{:,.0f}"),
        ("index_mb", "search index size", "{:,.1f} MB"),
        ("index_files", "search index files", "{:,.0f}"),
        ("query_kb", "first query fetches", "{:,.0f} kB"),
        ("site_mb", "output size as shipped (every language, search)", "{:,.1f} MB"),
        ("shipped_files", "output files as shipped", "{:,.0f}")]


def table(large: dict, small: dict) -> str:
    lines = ["| | " + f"{small['entries']:,} entries | {large['entries']:,} entries |",
             "| --- | ---: | ---: |"]
    for key, label, form in ROWS:
        lines.append(f"| {label} | {form.format(small[key])} | {form.format(large[key])} |")
    return "\n".join(lines)


def last_line(large: dict, growth: float) -> str:
    """The figures at N in one line, for scripts; a peer not installed is ``null``."""
    peers = {f"{name}_s": None if run is None else run[0]
             for name, run in large["peers"].items()}
    return (f"bench: entries={large['entries']} validate_s={large['validate_s']:.2f} "
            f"build_s={large['build_s']:.2f} search_s={large['search_s']:.2f} "
            f"baseline_s={large['baseline_s']:.2f} ratio={large['ratio']:.3f} "
            f"rebuild_s={large['rebuild_s']:.2f} peak_rss_mb={large['peak_rss_mb']:.0f} "
            f"query_kb={large['query_kb']:.0f} growth={growth:.3f} "
            + "".join(f"{name}_s={large[f'{name}_s']:.2f} " for name, *_ in STEPS)
            + f"shipped_peak_rss_mb={large['shipped_peak_rss_mb']:.0f} "
            f"shipped_peak_pss_mb={_or_null(large['shipped_peak_pss_mb'], '{:.0f}')} "
            f"en_search_s={large['en_search_s']:.2f} "
            + " ".join(f"{key}={_or_null(value, '{:.2f}')}" for key, value in peers.items())
            + f" site_mb={large['site_mb']:.1f}")


def _or_null(value: float | None, form: str) -> str:
    """``value`` in ``form``, or ``null`` for a figure that was not measured."""
    return "null" if value is None else form.format(value)


def against(rev: str, entries: int, work: Path, rounds: int = 3) -> dict:
    """This code and the code of ``rev``, alternately: the English site without the index,
    a first build and a rebuild after one circle changed, ``rounds`` times each."""
    old = work / "old"
    old.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", rev, "plugins", "theme", "schemas",
                              "pelicanconf.py"], cwd=ROOT, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(old)], input=archive.stdout, check=True)
    content = write_catalog(work / "catalog", entries)
    circle = sorted((content / "circles").iterdir())[entries // 3]
    text = circle.read_text(encoding="utf-8")
    env = {"CATALOG_SEARCH": "0", "CATALOG_LANGUAGES": "en"}
    figures: dict[str, list] = {"old": [], "new": []}
    for number in range(rounds):
        for name, code in (("old", old), ("new", ROOT)):
            output = work / f"{name}-{number}"
            command = [sys.executable, "-m", "catalog", "build", str(content), str(output)]
            circle.write_text(text, encoding="utf-8")
            first = measure(command, env={**env, "PYTHONPATH": str(code / "plugins")}, cwd=code)
            circle.write_text(text.replace("title: ", "title: Changed ", 1), encoding="utf-8")
            again = measure(command, env={**env, "PYTHONPATH": str(code / "plugins")}, cwd=code)
            figures[name].append((first.seconds, again.seconds, first.peak_rss_mb))
            print(f"against: {name} {number + 1}: build {first.seconds:.1f} s, rebuild "
                  f"{again.seconds:.1f} s, peak {first.peak_rss_mb:,.0f} MB",
                  file=sys.stderr, flush=True)
    return figures


def against_lines(rev: str, figures: dict) -> str:
    def best(name: str, i: int) -> float:
        return min(f[i] for f in figures[name])
    rows = ["| round | build (old / new) | rebuild (old / new) | peak RSS (old / new) |",
            "| --- | ---: | ---: | ---: |"]
    for number, (old, new) in enumerate(zip(figures["old"], figures["new"]), 1):
        rows.append(f"| {number} | {old[0]:.1f} / {new[0]:.1f} s | {old[1]:.1f} / {new[1]:.1f} s"
                    f" | {old[2]:,.0f} / {new[2]:,.0f} MB |")
    return "\n".join(rows) + (
        f"\nagainst: rev={rev} build_s={best('old', 0):.2f}/{best('new', 0):.2f} "
        f"rebuild_s={best('old', 1):.2f}/{best('new', 1):.2f} "
        f"peak_rss_mb={best('old', 2):.0f}/{best('new', 2):.0f}")


def main() -> int:
    entries = int(os.environ.get("BENCH_ENTRIES", "20000"))
    if entries < 100:
        print("BENCH_ENTRIES must be at least 100", file=sys.stderr)
        return 2
    rev = os.environ.get("BENCH_AGAINST", "").strip()
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        compared = against(rev, entries, Path(tmp) / "against") if rev else None
        results = {}
        for size in (entries // 10, entries):
            work = Path(tmp) / str(size)
            print(f"bench: {size:,} entries ...", file=sys.stderr, flush=True)
            results[size] = bench(size, work)
            results[size]["ratio"] = results[size]["build_s"] / results[size]["baseline_s"]
        # The figures come out before the work files go: at 20,000 entries, more than
        # 15 GB of small files, which a slow disk took half an hour to delete.
        report(results[entries], results[entries // 10], rev, compared)
        print("bench: deleting the work files ...", file=sys.stderr, flush=True)
    return 0


def report(large: dict, small: dict, rev: str, compared: dict | None) -> None:
    """The tables, the last line and, with BENCH_AGAINST, the comparison, on stdout."""
    growth = (large["build_s"] / large["entries"]) / (small["build_s"] / small["entries"])
    print(table(large, small))
    print(f"\ncost growth per entry from {small['entries']:,} to {large['entries']:,}: {growth:.2f}")
    print("\nthe site as shipped and its peers, from the same entries "
          "(peak RSS and PSS: the process tree, sampled):")
    print(peer_table(large, small))
    # What the PSS cost: its reads take CPU beside the steps they sample, which no peer
    # is timed with.
    runs = large["shipped_runs"]
    print(f"\nreading the PSS took {sum(run.pss_cpu_s for run in runs):.1f} s of CPU beside "
          f"the {sum(run.seconds for run in runs):.1f} s of the {len(runs)} steps of the site "
          "as shipped")
    print(last_line(large, growth))
    if compared:
        print(f"\nthis code against {rev}, alternately, at {large['entries']:,} entries "
              "(English, no index):")
        print(against_lines(rev, compared))
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
