"""Copy the icons of the access terms from the pinned Tabler Icons npm package into
``theme/icons/`` (``make icons``): one SVG per term, inlined into pages beside the term's
name, so that no page fetches an icon and the build needs no npm.

Each icon is cleaned for inlining: no class, no invisible bounding path, its size in
``em`` so that it follows the text, and hidden from assistive technology (the name beside
it says what it means).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "@tabler/icons@3.52.0"
ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "theme" / "icons"
# Term of schemas/circle.schema.json -> Tabler icon (outline).
ICONS = {
    "step-free-entrance": "wheelchair", "elevator": "elevator", "accessible-toilet": "badge-wc",
    "gender-neutral-toilet": "gender-bigender", "hearing-loop": "ear", "quiet-room": "volume-off",
    "seating-with-back": "armchair", "large-print-materials": "text-size",
    "sign-language-on-request": "hand-love-you", "service-animals-welcome": "dog",
    "lactation-room": "baby-bottle", "childcare": "baby-carriage", "near-transit": "bus",
    "parking": "parking", "accessible-parking": "accessible",
    "captions": "subtitles", "transcripts": "file-text", "screen-reader-friendly-platform": "keyboard",
    "dial-in": "phone",
}


def cleaned(svg: str) -> str:
    svg = re.sub(r'\s*<path stroke="none" d="M0 0h24v24H0z" fill="none"\s*/>', "", svg)
    svg = re.sub(r'\s+class="[^"]*"', "", svg)
    svg = svg.replace('width="24"', 'width="1.25em"').replace('height="24"', 'height="1.25em"')
    svg = svg.replace("<svg", '<svg aria-hidden="true" focusable="false"', 1)
    return " ".join(svg.split()).replace("> <", "><") + "\n"


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=tmp, check=True,
                       stdout=subprocess.DEVNULL)
        archive = next(Path(tmp).glob("*.tgz"))
        with tarfile.open(archive) as tar:
            tar.extractall(tmp, filter="data")
        source = Path(tmp) / "package"
        shutil.rmtree(TARGET, ignore_errors=True)
        TARGET.mkdir(parents=True)
        for term, name in ICONS.items():
            svg = (source / "icons" / "outline" / f"{name}.svg").read_text(encoding="utf-8")
            (TARGET / f"{term}.svg").write_text(cleaned(svg), encoding="utf-8")
        shutil.copy(source / "LICENSE", TARGET / "LICENSE-tabler-icons.txt")
    print(f"{len(ICONS)} icons from {PACKAGE} in {TARGET.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
