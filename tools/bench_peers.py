"""The benchmark's peers, each from the same synthetic entries (tools/peer_inputs.py):
Hugo (Debian's package) in nine languages and in one, Eleventy 3 and Pelican 4.12, each
of the last three followed by Pagefind over its output, and tools/floor.py in nine
languages. `make bench-peers` installs Hugo and Eleventy; a peer that is not installed
gets no figures (None)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Callable

import peer_inputs

ROOT = Path(__file__).resolve().parents[1]
ELEVENTY = ROOT / "tools" / "peers" / "node_modules" / "@11ty" / "eleventy" / "cmd.cjs"


def pagefind_binary() -> str:
    """The Pagefind binary the site's own build runs (the ``pagefind_bin`` package)."""
    from pagefind.service import get_executable
    return str(get_executable())


def installed() -> dict[str, bool]:
    return {"hugo": shutil.which("hugo") is not None,
            "eleventy": ELEVENTY.exists() and shutil.which("node") is not None}


def with_pagefind(measure: Callable, command: list[str], output: Path, cwd: Path) -> tuple:
    """A peer's build, then Pagefind over what it wrote: seconds added, the larger peak."""
    build = measure(command, cwd=cwd)
    index = measure([pagefind_binary(), "--site", str(output)], cwd=cwd)
    return build.seconds + index.seconds, max(build.peak_rss_mb, index.peak_rss_mb)


def run_peers(measure: Callable, content: Path, work: Path, languages: list[str]) -> dict:
    """Seconds and peak RSS (MB) of every peer, as ``{name: (seconds, mb) or None}``."""
    entries = peer_inputs.read_entries(content)
    have = installed()
    figures: dict[str, tuple | None] = dict.fromkeys(
        ("hugo9", "hugo1_pagefind", "eleventy_pagefind", "pelican_pagefind", "floor9"))
    if have["hugo"]:
        for name, chosen in (("hugo9", languages), ("hugo1_pagefind", languages[:1])):
            site = peer_inputs.write_hugo(entries, work / name, chosen)
            command = ["hugo", "--quiet", "--source", str(site), "-d", str(site / "public")]
            if name == "hugo9":
                run = measure(command, cwd=site)
                figures[name] = (run.seconds, run.peak_rss_mb)
            else:
                figures[name] = with_pagefind(measure, command, site / "public", site)
    if have["eleventy"]:
        site = peer_inputs.write_eleventy(entries, work / "eleventy")
        figures["eleventy_pagefind"] = with_pagefind(
            measure, ["node", str(ELEVENTY), "--quiet", "--output=_site"], site / "_site", site)
    site = peer_inputs.write_pelican(entries, work / "pelican")
    figures["pelican_pagefind"] = with_pagefind(
        measure, [sys.executable, "-m", "pelican", "content", "-o", "output", "-s",
                  "pelicanconf.py", "-q"], site / "output", site)
    pages = peer_inputs.write_markdown(entries, work / "floor" / "pages")
    run = measure([sys.executable, str(ROOT / "tools" / "floor.py"), str(pages),
                   str(work / "floor" / "output"), *languages])
    figures["floor9"] = (run.seconds, run.peak_rss_mb)
    return figures


# (key, label, the figure of ours it is compared with)
PEERS = [("hugo9", "Hugo, nine languages", "shipped_s"),
         ("hugo1_pagefind", "Hugo, one language, + Pagefind", "en_search_s"),
         ("eleventy_pagefind", "Eleventy 3 + Pagefind", "en_search_s"),
         ("pelican_pagefind", "Pelican 4.12 + Pagefind", "en_search_s"),
         ("floor9", "minimal Python build, nine languages", "shipped_s")]
OURS = [("shipped_s", "ours as shipped: nine languages + search, cold", "shipped_rss_mb"),
        ("shipped_rebuild_s", "ours as shipped, rebuild after one circle changed",
         "shipped_rebuild_rss_mb"),
        ("shipped_rebuild_kept_s", "ours as shipped, the next rebuild (from the kept site)",
         "shipped_rebuild_kept_rss_mb"),
        ("shipped_next_day_s", "ours as shipped, the next day's rebuild (nothing changed)",
         "shipped_next_day_rss_mb"),
        ("shipped_code_change_s", "ours as shipped, rebuild after a change of the theme",
         "shipped_code_change_rss_mb"),
        ("shipped_plugin_change_s", "ours as shipped, rebuild after a change of the plugin's code",
         "shipped_plugin_change_rss_mb"),
        ("shipped_second_day_s", "ours as shipped, the next day's rebuild with that code",
         "shipped_second_day_rss_mb"),
        ("shipped_third_day_s", "ours as shipped, the day after's (a next day after a next day)",
         "shipped_third_day_rss_mb"),
        ("en_search_s", "ours, English + search, cold", "search_rss_mb")]


def peer_table(large: dict, small: dict) -> str:
    """Ours and each peer at N/10 and N, with peak RSS at N (and PSS, where sampled) and
    ours over the peer's time."""
    lines = [f"| build | {small['entries']:,} entries | {large['entries']:,} entries "
             "| peak RSS | peak PSS | ours ÷ peer |", "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for key, label, rss in OURS:
        share = (f" ({large[key] / large['shipped_s']:.0%} of the cold build)"
                 if key.startswith("shipped_") and key != "shipped_s"
                 else "")
        pss = large.get(rss.replace("_rss_", "_pss_"))  # sampled for the shipped steps
        pss_cell = "" if pss is None else f" {pss:,.0f} MB"
        lines.append(f"| {label} | {small[key]:.1f} s | {large[key]:.1f} s{share} "
                     f"| {large[rss]:,.0f} MB |{pss_cell} | |")
    for key, label, ours in PEERS:
        if large["peers"][key] is None:
            lines.append(f"| {label} | not installed | not installed | | | |")
            continue
        (seconds, mb), (few, _) = large["peers"][key], small["peers"][key]
        lines.append(f"| {label} | {few:.1f} s | {seconds:.1f} s | {mb:,.0f} MB | "
                     f"| {large[ours] / seconds:.2f} ({ours.removesuffix('_s')}) |")
    return "\n".join(lines)
