"""A synthetic catalog of realistic size and shape, for the benchmark.

Deterministic for a given size: the same files every time, so runs compare.
"""

from __future__ import annotations

import itertools
import random
from datetime import date, timedelta
from pathlib import Path

ZONES = [
    ("America/Toronto", "Toronto", "CA", 43.65, -79.38), ("America/Chicago", "Chicago", "US", 41.88, -87.63),
    ("Africa/Nairobi", "Nairobi", "KE", -1.29, 36.82), ("Europe/Helsinki", "Helsinki", "FI", 60.17, 24.94),
    ("Europe/Warsaw", "Kraków", "PL", 50.06, 19.94), ("America/Bogota", "Bogotá", "CO", 4.71, -74.07),
    ("Europe/Bucharest", "Cluj-Napoca", "RO", 46.77, 23.59), ("America/Sao_Paulo", "São Paulo", "BR", -23.55, -46.63),
    ("Asia/Kathmandu", "Kathmandu", "NP", 27.72, 85.32), ("America/St_Johns", "St. John's", "CA", 47.56, -52.71),
    ("Australia/Sydney", "Sydney", "AU", -33.87, 151.21), ("Europe/Berlin", "Hamburg", "DE", 53.55, 9.99),
]
LANGUAGES = ["en", "es", "fr", "de", "fi", "pl", "ro", "pt", "sw"]
WORDS = ("learning circle library course python data climate writing health money history "
         "design music science community career web statistics art language reading "
         "nauka kirjasto aprendizaje învățare maktaba Bücherei éducation").split()
TOPICS = ["programming", "python", "data", "climate change", "writing", "personal finance",
          "health", "history", "design", "web", "statistics", "art", "languages", "careers"]


SYLLABLES = ("ka ri mo ta le si na vo pe lu da ke mi so ra ni te bo ja fu "
             "gar lin tor mes pal dun vik sel ham ost").split()


def _vocabulary(size: int = 6000) -> list[str]:
    """Real words first (the most frequent), then made-up words of two to four syllables,
    so that the index sees a realistic spread of rare and common words."""
    rng = random.Random(0)
    words = list(WORDS)
    seen = set(words)
    while len(words) < size:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


VOCABULARY = _vocabulary()
# Zipf's law: the word of rank r turns up in proportion to 1/r, as in real text.
CUMULATIVE = list(itertools.accumulate(1 / rank for rank in range(1, len(VOCABULARY) + 1)))


def paragraph(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choices(VOCABULARY, cum_weights=CUMULATIVE, k=words))
    return text[0].upper() + text[1:] + "."


def body(rng: random.Random) -> str:
    parts = [paragraph(rng, rng.randint(40, 90)) for _ in range(rng.randint(2, 4))]
    parts.insert(1, "\n".join(f"- {paragraph(rng, 6)}" for _ in range(3)))
    return "\n\n".join(parts) + "\n"


def write_catalog(root: Path, entries: int) -> Path:
    """Write about ``entries`` files (10% courses, 87.5% circles, 2.5% organizations)."""
    rng = random.Random(entries)
    content = root / "content"
    for folder in ("courses", "circles", "organizations"):
        (content / folder).mkdir(parents=True, exist_ok=True)
    courses = max(1, entries // 10)
    organizations = max(1, entries // 40)
    circles = max(1, entries - courses - organizations)
    for i in range(organizations):
        zone, city, country, *_ = ZONES[i % len(ZONES)]
        (content / "organizations" / f"org-{i}.yaml").write_text(
            f"name: {city} Library {i}\nurl: https://library{i}.example.org/\ncity: {city}\n"
            f"country: {country}\ndescription: |\n  {paragraph(rng, 30)}\n", encoding="utf-8")
    for i in range(courses):
        topics = ", ".join(rng.sample(TOPICS, rng.randint(1, 4)))
        (content / "courses" / f"course-{i}.md").write_text(
            f"---\ntitle: {paragraph(rng, 5)[:-1]} {i}\nurl: https://courses.example.org/{i}/\n"
            f"provider: Provider {i % 97}\nlanguage: {LANGUAGES[i % len(LANGUAGES)]}\n"
            f"topics: [{topics}]\nsummary: {paragraph(rng, 18)}\nplatform: Example\n"
            f"license: CC-BY-4.0\nlevel: beginner\naccessibility: [captions]\n---\n{body(rng)}",
            encoding="utf-8")
    first = date(2026, 1, 6)
    for i in range(circles):
        (content / "circles" / f"circle-{i}.md").write_text(
            circle_text(i, rng, first, courses, organizations), encoding="utf-8")
    return content


def circle_text(i: int, rng: random.Random, first: date, courses: int, organizations: int) -> str:
    zone = ZONES[i % len(ZONES)][0]
    start = first + timedelta(days=rng.randint(0, 700))
    hour = rng.choice(["10:00", "14:30", "17:00", "18:00", "18:30", "20:30"])
    count, frequency = rng.randint(4, 10), rng.choice(['weekly', 'weekly', 'biweekly'])
    schedule = f"  start_date: {start}\n  meetings: {count}\n  frequency: {frequency}\n"
    schedule += changes(i, start, timedelta(weeks=1 if frequency == "weekly" else 2))
    if i % 9 == 0:
        dates = sorted({start + timedelta(days=rng.randint(0, 90)) for _ in range(5)})
        schedule = "  dates: [" + ", ".join(map(str, dates)) + "]\n"
    where = venue_text(i, rng)
    return (
        f"---\ntitle: {paragraph(rng, 4)[:-1]} circle {i}\ncourse: course-{i % courses}\n"
        f"organization: org-{i % organizations}\nlanguage: {LANGUAGES[i % len(LANGUAGES)]}\n"
        f"facilitators: [Facilitator {i % 300}, Co Facilitator {i % 211}]\n{where}"
        f"schedule:\n  timezone: {zone}\n  start_time: \"{hour}\"\n"
        f"  duration_minutes: {rng.choice([90, 120, 120, 150])}\n{schedule}"
        f"signup:\n  url: https://forms.example.org/{i}\n"
        f"  status: {rng.choice(['open', 'open', 'open', 'closed', 'full'])}\n"
        + (f"  waitlist_url: https://forms.example.org/{i}/waitlist\n" if i % 5 == 0 else "")
        + f"capacity: {rng.randint(5, 20)}\n"
        + ("status: cancelled\nstatus_note: The branch is closed for repairs.\n"
           if i % 50 == 0 else "")
        + f"---\n{body(rng)}")


# Access terms as venues list them: most have a step-free entrance, some more.
ACCESS = ("[step-free-entrance]", "[step-free-entrance, elevator, accessible-toilet]",
          "[step-free-entrance, hearing-loop, near-transit]", "[elevator]")


def venue_text(i: int, rng: random.Random) -> str:
    """Where circle ``i`` meets: online (one in 11) or at a branch of its city."""
    if i % 11 == 0:
        return "online: true\n" + ("online_access: [captions]\n" if i % 2 else "")
    _, city, country, lat, lon = ZONES[i % len(ZONES)]
    return (f"venue:\n  name: {city} Branch {i % 50}\n  address: {i % 900 + 1} Main Street\n"
            f"  city: {city}\n  country: {country}\n  details: Room {i % 7}\n"
            f"  access: {ACCESS[i % len(ACCESS)]}\n"
            f"  latitude: {lat + rng.uniform(-0.1, 0.1):.4f}\n"
            f"  longitude: {lon + rng.uniform(-0.1, 0.1):.4f}\n")


def changes(i: int, start: date, step: timedelta) -> str:
    """Plans that changed, as in a real catalog: one circle in 17 has its second meeting
    cancelled, one in 23 its third meeting moved to later that day."""
    if i % 17 == 0:
        return (f"  changes:\n    - date: {start + step}\n      cancelled: true\n"
                "      note: The library is closed that day.\n")
    if i % 23 == 0:
        return (f"  changes:\n    - date: {start + 2 * step}\n"
                "      moved_to: {start_time: \"21:45\"}\n      note: The room is booked earlier.\n")
    return ""
