"""Topics, languages and cities whose names give the same slug ("Montréal" and "Montreal";
"C", "C++" and "C#"): each has a page of its own, every link to a term reaches the page
that lists the entries having it, and the URLs depend on the content alone."""

import html
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

from catalog.build import build_site
from helpers import COURSE, ORGANIZATION, TODAY, Built

ROOT = Path(__file__).resolve().parents[2]
TOPICS = {"c-lang": "C", "cpp": "C++", "csharp": "C#"}
CITIES = {"mtl-accent": "Montréal", "mtl-plain": "Montreal"}


def course_text(title: str, topics: list[str]) -> str:
    return (f"title: {title}\nurl: https://example.org/{len(title)}\nprovider: P\n"
            f"language: en\ntopics: {json.dumps(topics)}\nsummary: S\ndescription: D\n")


def circle_text(city: str) -> str:
    return (f"title: Python in {city}\ncourse: py4e\norganization: tpl\nlanguage: en\n"
            f"facilitators: [Ana Silva]\nvenue:\n  name: Library\n  address: 1 Main St\n"
            f"  city: {city}\n  country: CA\nschedule:\n  timezone: America/Toronto\n"
            f"  start_time: \"18:00\"\n  start_date: 2027-03-02\nsignup:\n"
            f"  url: https://forms.example.org/py\ndescription: Weekly Python.\n")


def content_files() -> dict[str, str]:
    """Every file of the content, by its path in the content folder."""
    files = {"courses/py4e.md": COURSE, "organizations/tpl.yaml": ORGANIZATION}
    for slug, topic in TOPICS.items():
        files[f"courses/{slug}.yaml"] = course_text(f"Learn {topic}", [topic])
    for slug, city in CITIES.items():
        files[f"circles/{slug}.yaml"] = circle_text(city)
    return files


def write_content(root: Path, names: list[str]) -> Path:
    """The content folder under ``root``, its files created in the order of ``names``."""
    content = root / "content"
    files = content_files()
    for name in names:
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(files[name], encoding="utf-8")
    return content


def build_in(root: Path, names: list[str]) -> Built:
    content = write_content(root, names)
    return Built(build_site(content, root / "output", TODAY))


def link_to(page: str, folder: str, name: str) -> str:
    """The path a page's link named ``name`` leads to, under /``folder``/."""
    shown = re.escape(html.escape(name))
    found = re.findall(rf'<a href="(/{folder}/[^"]*)" dir="auto">{shown}</a>', page)
    assert found, f"no link to {name} in /{folder}/"
    assert len(set(found)) == 1, found
    return found[0]


def test_names_sharing_a_slug_are_numbered_in_an_order_of_their_own(site):
    """The slugs follow from the names alone: not from the files, nor from which spelling
    of a name comes first, and a numbered slug never takes one a name spells."""
    site.write("courses/a.yaml", course_text("Course A", ["Montréal", "montreal-2", "C#"]))
    site.write("courses/b.yaml", course_text("Course B", ["MONTREAL", "c sharp", "C++"]))
    topics = site.catalog().topics
    assert {key: term.slug for key, term in topics.items()} == {
        "c sharp": "c-sharp", "c#": "c-sharp-2", "c++": "c-plus-plus", "montreal": "montreal",
        "montreal-2": "montreal-2", "montréal": "montreal-3", "programming": "programming",
        "python": "python"}
    site.write("courses/a.yaml", course_text("Course A", ["C", "Montreal", "MONTRÉAL", "c#"]))
    site.write("courses/b.yaml", course_text("Course B", ["c SHARP", "montreal-2"]))
    again = site.catalog().topics
    assert [again[k].slug for k in ("montreal", "montréal", "montreal-2", "c sharp", "c#")] == [
        "montreal", "montreal-3", "montreal-2", "c-sharp", "c-sharp-2"]
    assert again["montréal"].name == "MONTRÉAL" and again["c"].slug == "c"


def test_circles_in_montreal_and_montréal_are_each_on_their_city_page(tmp_path):
    """A circle's page names its city without a link: the city index and the home page
    are where a city's link is."""
    out = build_in(tmp_path, sorted(content_files()))
    index, home = out.html("/cities/"), out.html("/")
    paths = {}
    for slug, city in CITIES.items():
        path = paths[slug] = link_to(index, "cities", city)
        assert link_to(home, "cities", city) == path
        shown = out.html(path)
        assert f'href="/circles/{slug}/"' in shown
        for other in set(CITIES) - {slug}:
            assert f'href="/circles/{other}/"' not in shown
    assert paths == {"mtl-plain": "/cities/montreal/", "mtl-accent": "/cities/montreal-2/"}


def test_courses_on_c_c_plus_plus_and_c_sharp_are_each_on_their_topic_page(tmp_path):
    out = build_in(tmp_path, sorted(content_files()))
    index, listing = out.html("/topics/"), out.html("/courses/")
    paths = {}
    for slug, topic in TOPICS.items():
        # The course's page, its card on the listing and the index all link the same page.
        path = paths[slug] = link_to(out.html(f"/courses/{slug}/"), "topics", topic)
        assert link_to(listing, "topics", topic) == path
        assert link_to(index, "topics", topic) == path
        shown = out.html(path)
        assert f'href="/courses/{slug}/"' in shown
        for other in set(TOPICS) - {slug}:
            assert f'href="/courses/{other}/"' not in shown
    assert paths == {"c-lang": "/topics/c/", "cpp": "/topics/c-plus-plus/",
                     "csharp": "/topics/c-sharp/"}


def test_the_sitemap_lists_each_url_once(tmp_path):
    out = build_in(tmp_path, sorted(content_files()))
    locs = re.findall(r"<loc>([^<]*)</loc>", (out.root / "sitemap.xml").read_text())
    assert [loc for loc, n in Counter(locs).items() if n > 1] == []
    # A page for each term: none written over another's.
    assert sorted(loc for loc in locs if re.fullmatch(r"/(topics|cities)/[^/]+/", loc)) == [
        "/cities/montreal-2/", "/cities/montreal/", "/topics/c-plus-plus/", "/topics/c-sharp/",
        "/topics/c/", "/topics/programming/", "/topics/python/"]


def _compared(root: Path) -> dict[str, bytes]:
    """The pages that list or link terms, in every language: the browse pages and their
    indexes, the courses and their listing, the home page; and the sitemap."""
    shown = re.compile(r"(?:[a-z]{2}/)?(?:(?:topics|languages|cities|courses)/.*)?index\.html")
    return {path: p.read_bytes() for p in sorted(root.rglob("*"))
            if shown.fullmatch(path := p.relative_to(root).as_posix())
            or path == "sitemap.xml"}


def test_the_same_content_gives_the_same_pages_whatever_the_order_and_hash_seed(tmp_path):
    names = sorted(content_files())
    first = _compared(build_in(tmp_path / "a", names).root)
    second = _compared(build_in(tmp_path / "b", names[::-1]).root)
    content = write_content(tmp_path / "c", names[1::2] + names[::2])
    seed = "2" if os.environ.get("PYTHONHASHSEED") == "1" else "1"  # another than ours
    run = subprocess.run([sys.executable, "-m", "catalog", "build", str(content),
                          str(tmp_path / "c" / "output")], capture_output=True, text=True,
                         cwd=tmp_path / "c",
                         env={**os.environ, "PYTHONHASHSEED": seed,
                              "PYTHONPATH": str(ROOT / "plugins"),
                              "CATALOG_TODAY": TODAY.isoformat()})
    assert run.returncode == 0, run.stderr
    third = _compared(tmp_path / "c" / "output")
    assert {"cities/montreal/index.html", "topics/c-sharp/index.html",
            "es/topics/c-plus-plus/index.html", "courses/cpp/index.html"} <= first.keys()
    for other in (second, third):
        assert sorted(other) == sorted(first)
        assert [path for path in first if first[path] != other[path]] == []


def test_a_rebuild_follows_a_term_to_its_new_slug(site, build):
    """A new name taking a slug moves the term that had it: the pages linking that term
    are made again, though nothing they show changed."""
    site.write("courses/csharp.yaml", course_text("Learn C#", ["C#"]))
    out = build()
    assert link_to(out.html("/courses/csharp/"), "topics", "C#") == "/topics/c-sharp/"
    site.write("courses/words.yaml", course_text("Learn C Sharp", ["C Sharp"]))
    out = build()
    for page in ("/courses/csharp/", "/courses/", "/topics/", "/es/courses/csharp/"):
        assert link_to(out.html(page), r"(?:es/)?topics", "C#").endswith("/topics/c-sharp-2/")
    for page in ("/courses/words/", "/courses/", "/topics/"):
        assert link_to(out.html(page), "topics", "C Sharp") == "/topics/c-sharp/", page
    assert 'href="/courses/csharp/"' in out.html("/topics/c-sharp-2/")
    assert 'href="/courses/csharp/"' not in out.html("/topics/c-sharp/")
