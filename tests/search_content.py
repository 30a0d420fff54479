"""A small multilingual catalog for the search tests: circles in six languages and five
countries, on known weekdays and in each status, for the build date 2027-03-10."""

from __future__ import annotations

from pathlib import Path

COURSES = {
    "py4e": ("Python for Everybody", "University of Michigan", "en", "[programming, python]", "course"),
    "invatare": ("Învățare automată pentru toți", "Universitatea din București", "ro",
                 "[învățare automată, date]", "video"),
    "tekoaly": ("Tekoälyn perusteet", "Helsingin yliopisto", "fi", "[tekoäly]", "course"),
    "kompyuta": ("Kujifunza kompyuta", "Maktaba Kuu", "sw", "[kompyuta]", "book"),
    "clima": ("Cambio climático para todos", "UNESCO", "es", "[cambio climático]", "course"),
}

ORGANIZATIONS = {
    "tpl": ("Toronto Public Library", "Toronto", "CA"),
    "krakow": ("Biblioteka Kraków", "Kraków", "PL"),
    "knls": ("Kenya National Library Service", "Nairobi", "KE"),
}

# slug: title, course, organization, language, city, country, (lat, lon) or None for online,
#       zone, first date, weekday of that date
CIRCLES = {
    "toronto-python": ("Python at Toronto Reference Library", "py4e", "tpl", "en", "Toronto",
                       "CA", (43.6717, -79.3868), "America/Toronto", "2027-03-16"),  # Tuesday
    "north-york-python": ("Python evenings at North York", "py4e", "tpl", "en", "Toronto", "CA",
                          (43.7677, -79.4145), "America/Toronto", "2027-03-18"),  # Thursday
    "krakow-python": ("Programowanie w Pythonie w Krakowie", "py4e", "krakow", "pl", "Kraków",
                      "PL", (50.0614, 19.9366), "Europe/Warsaw", "2027-03-18"),  # Thursday
    "cluj-invatare": ("Cerc de învățare automată", "invatare", None, "ro", "Cluj-Napoca", "RO",
                      (46.7712, 23.6236), "Europe/Bucharest", "2027-03-16"),  # Tuesday
    "nairobi-kompyuta": ("Kujifunza kompyuta pamoja", "kompyuta", "knls", "sw", "Nairobi", "KE",
                         (-1.2921, 36.8219), "Africa/Nairobi", "2027-03-06"),  # Saturday, in progress
    "online-clima": ("Cambio climático en línea", "clima", None, "es", None, None, None,
                     "America/Bogota", "2027-03-17"),  # Wednesday, online
    "helsinki-tekoaly": ("Tekoäly opintopiiri Oodissa", "tekoaly", None, "fi", "Helsinki", "FI",
                         (60.1738, 24.9382), "Europe/Helsinki", "2026-10-05"),  # Monday, completed
}


def write_search_content(root: Path) -> Path:
    content = root / "content"
    for folder in ("courses", "circles", "organizations"):
        (content / folder).mkdir(parents=True, exist_ok=True)
    for slug, (title, provider, language, topics, fmt) in COURSES.items():
        (content / "courses" / f"{slug}.md").write_text(
            f"---\ntitle: {title}\nurl: https://courses.example.org/{slug}\n"
            f"provider: {provider}\nlanguage: {language}\ntopics: {topics}\n"
            f"format: {fmt}\nsummary: {title}, free and online.\n---\nA course: {title}.\n",
            encoding="utf-8")
    for slug, (name, city, country) in ORGANIZATIONS.items():
        (content / "organizations" / f"{slug}.yaml").write_text(
            f"name: {name}\ncity: {city}\ncountry: {country}\n", encoding="utf-8")
    for slug, (title, course, org, language, city, country, point, zone, first) in CIRCLES.items():
        lines = [f"title: {title}", f"course: {course}", f"language: {language}",
                 "facilitators: [Ana Silva]"]
        if org:
            lines.append(f"organization: {org}")
        if point:
            lines += ["venue:", f"  name: {city} library", "  address: 1 Main Street",
                      f"  city: {city}", f"  country: {country}",
                      f"  latitude: {point[0]}", f"  longitude: {point[1]}"]
        else:
            lines.append("online: true")
        lines += ["schedule:", f"  timezone: {zone}", '  start_time: "18:00"',
                  f"  start_date: {first}", "signup:",
                  f"  url: https://forms.example.org/{slug}", f"description: Meet to study {title}."]
        (content / "circles" / f"{slug}.yaml").write_text("\n".join(lines) + "\n",
                                                          encoding="utf-8")
    return content
