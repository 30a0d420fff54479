"""Documents -> problems: the schema checks, then the checks a schema cannot express.

Each message names what is wrong and how to fix it, with "did you mean ..." where a close
match exists. At most one problem is reported per field, so one mistake is one line.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from datetime import date
from functools import cache
from urllib.parse import urlsplit

import ada_url
import jsonschema
import jsonschema_rs

from . import schedule, schemas, topics
from .load import Document, number_problem
from .problems import FILE, Problem, field_name

_TYPE_WORDS = {
    "string": "text", "integer": "a whole number", "number": "a number",
    "boolean": "true or false", "array": "a list", "object": "a group of fields", "null": "empty",
}
_YAML11_BOOLS = {"yes", "no", "on", "off", "y", "n"}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(schemas.subschema("circle", ("schedule", "start_time"))["pattern"])
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-(?:[A-Za-z]{2}|\d{3}))?"
                       r"(-(?:[A-Za-z0-9]{5,8}|\d[A-Za-z0-9]{3}))*$")
_EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
_PHONE = re.compile(r"\+?\d[\d\s().-]{5,}\d")
_SLUG = re.compile(schemas.resolve(schemas.schema("circle"), {"$ref": "#/$defs/slug"})["pattern"])


def validate_document(doc: Document) -> list[Problem]:
    """Every problem of one document on its own (references between files are checked by
    :func:`validate_references`)."""
    found = _Found(doc)
    _read_numbers_as_schema_means(doc, found)
    check_slug(doc, found)
    _check_schema(doc, found)
    check_text(doc, found)
    _check_formats(doc, found)
    if doc.kind == "circle":
        check_schedule(doc, found)
    if doc.kind == topics.KIND:
        found.problems.extend(topics.check(doc))
    return found.problems


def validate_references(docs: list[Document]) -> list[Problem]:
    """Problems between files: two files for one slug, and references to missing files."""
    problems: list[Problem] = []
    slugs: dict[str, dict[str, Document]] = {kind: {} for kind in schemas.KINDS}
    for doc in docs:
        first = slugs[doc.kind].setdefault(doc.slug, doc)
        if first is not doc:
            problems.append(Problem(doc.path, doc.first_line, 1, FILE,
                                    f"has the same slug '{doc.slug}' as {first.path}: keep "
                                    "one file per slug, in one form (.md or .yaml)"))
    for doc in docs:
        found = _Found(doc)
        for name, kind in schemas.references(doc.kind):
            value = doc.data.get(name)
            if isinstance(value, str) and _SLUG.match(value) and value not in slugs[kind]:
                folder = f"content/{schemas.FOLDERS[kind]}/"
                found.add((name,), f"no {kind} '{value}' exists in {folder}"
                                   f"{_did_you_mean(value, slugs[kind])}")
        problems.extend(found.problems)
    return problems


class _Found:
    """The problems of one document, at most one per field."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.problems: list[Problem] = []
        self.explained: set[tuple] = set()  # fields a problem already accounts for

    def add(self, key: tuple, message: str, at_key: bool = False) -> None:
        if key in self.explained:
            return
        self.explained.add(key)
        line, column = self.doc.key_position(key) if at_key else self.doc.position(key)
        self.problems.append(Problem(self.doc.path, line, column, field_name(key), message))


def _read_numbers_as_schema_means(doc: Document, found: _Found) -> None:
    """``title: 1984`` is the text '1984' as written, never a number turned back into text;
    in any other field, a number that is not one (``.nan``), is infinite or is too large
    for JSON is a problem, and the value stays as written."""
    for key, raw in doc.numbers.items():
        node = schemas.subschema(doc.kind, key)
        parent = doc.get(key[:-1])
        if node and node.get("type") == "string":
            parent[key[-1]] = raw
        elif node is not None and (wrong := number_problem(parent[key[-1]], raw)) is not None:
            found.add(key, wrong)
            parent[key[-1]] = raw


def _check_schema(doc: Document, found: _Found) -> None:
    """The problems the document's JSON Schema finds, in words."""
    if _fast_validator(doc.kind).is_valid(doc.data):
        return
    errors = _full_validator(doc.kind).iter_errors(doc.data)
    # Unknown fields first: a misspelled required field is one mistake, reported once.
    for error in sorted(errors, key=lambda e: e.validator != "additionalProperties"):
        _schema_problem(error, found)


def _check_formats(doc: Document, found: _Found) -> None:
    """Every value against its field's "format" check, and whole numbers written with a
    fraction."""
    for key, node, value in schemas.walk(doc.kind, doc.data):
        check = _FORMATS.get(node.get("format"))
        if check and isinstance(value, str):
            message = check(value)
            if message:
                found.add(key, message)
        elif node.get("type") == "integer" and isinstance(value, float):
            found.add(key, _whole_number_message(value, doc.numbers.get(key, value)))


def _whole_number_message(value: float, written) -> str:
    if value.is_integer():
        return f"must be a whole number: write {value:.0f}, not {written}"
    return f"must be a whole number, not {value}"


@cache
def _fast_validator(kind: str):
    return jsonschema_rs.Draft202012Validator(schemas.schema(kind))


@cache
def _full_validator(kind: str):
    return jsonschema.Draft202012Validator(schemas.schema(kind))


# -- schema errors, in words ---------------------------------------------------------------

def _schema_problem(error, found: _Found) -> None:
    key = tuple(error.absolute_path)
    keyword = error.validator
    report = _FIELD_REPORTS.get(keyword)
    if report is not None:
        report(error, key, found)
        return
    if keyword == "enum" and "x-also" in error.schema:
        found.add(key, _enum_message(error.validator_value, error.instance,
                                     error.schema["x-also"]))
        return
    custom = _custom_message(error)
    if custom and keyword in ("pattern", "not", "anyOf", "oneOf", "format", "const",
                              "minProperties"):
        found.add(key, custom)
    else:
        found.add(key, _keyword_message(keyword, error.validator_value, error.instance))


def _custom_message(error) -> str | None:
    """The schema's own wording for the error ("errorMessage"), if it has one."""
    return error.schema.get("errorMessage") if isinstance(error.schema, dict) else None


def _missing_fields(error, key: tuple, found: _Found) -> None:
    custom = _custom_message(error)
    # A field needed because of another one is reported where that one is written.
    at = error.schema.get("x-problem-at")
    for missing in error.validator_value:
        if missing not in error.instance:
            found.add(key + ((at,) if at else (missing,)),
                      custom or _missing_message(found.doc, key + (missing,)), at_key=bool(at))


def _unknown_fields(error, key: tuple, found: _Found) -> None:
    """Each unknown field, with the known field it may be a misspelling of."""
    allowed = list(error.schema.get("properties", {}))
    for name in error.instance:
        if name in allowed:
            continue
        close = _close(name, allowed)
        if close and close[0] not in error.instance:
            found.explained.add(key + (close[0],))
            if close[0] in _alternatives(error.schema):
                found.explained.add(key)  # "either this field or that one": the same mistake
        found.add(key + (name,), f"is not a known field{_did_you_mean(name, allowed)}"
                  if close else f"is not a known field; the fields here are "
                                f"{', '.join(allowed)}", at_key=True)


def _alternatives(schema: dict) -> set[str]:
    """The fields an object needs one of (``oneOf``/``anyOf`` branches that require them)."""
    names = set()
    for rule in (schema, *schema.get("allOf", ())):
        for branch in (*rule.get("oneOf", ()), *rule.get("anyOf", ())):
            names.update(branch.get("required", ()))
    return names


def _fields_without_partner(error, key: tuple, found: _Found) -> None:
    for name, needs in error.validator_value.items():
        for need in needs:
            if name in error.instance and need not in error.instance:
                found.add(key + (name,), f"is given without {need}: give both or neither",
                          at_key=True)


def _repeated_items(error, key: tuple, found: _Found) -> None:
    seen: list = []
    for i, item in enumerate(error.instance):
        if item in seen:
            found.add(key + (i,), f"{item!r} is listed twice: remove one")
        seen.append(item)


# The keywords whose problems belong to fields or items inside the value, not to the value.
_FIELD_REPORTS = {
    "required": _missing_fields, "additionalProperties": _unknown_fields,
    "dependentRequired": _fields_without_partner, "uniqueItems": _repeated_items,
}


def _missing_message(doc: Document, key: tuple) -> str:
    node = schemas.subschema(doc.kind, key) or {}
    examples = node.get("examples") or []
    example = examples[0] if examples and not isinstance(examples[0], (dict, list)) else None
    hint = f" (e.g. {key[-1]}: {example})" if example is not None else ""
    if key == ("description",) and doc.path.endswith(".md"):
        hint = ": write it as the text after the closing '---' line"
    elif key == ("description",):
        hint = ": add a field 'description: |' with the text indented below it"
    return f"is required but missing{hint}"


def _keyword_message(keyword: str, expected, value) -> str:
    message = _KEYWORD_MESSAGES.get(keyword)
    return message(expected, value) if message else "is not valid here"


def _type_message(expected, value) -> str:
    wanted = expected if isinstance(expected, str) else expected[0]
    if value is None:
        return "is empty: give a value or remove the line"
    mismatch = _TYPE_MISMATCHES.get(wanted)
    message = mismatch(value) if mismatch else None
    if message is not None:
        return message
    words = _TYPE_WORDS.get(wanted, wanted)
    return f"must be {words}, not {_TYPE_WORDS.get(_json_type(value), 'this')}"


def _boolean_mismatch(value) -> str | None:
    if not isinstance(value, str):
        return None
    if value.lower() in _YAML11_BOOLS:
        return f"{value!r} is not true or false: write true or false (without quotes)"
    return "must be true or false (without quotes)"


def _text_mismatch(value) -> str | None:
    if isinstance(value, bool):
        return f"must be text: to mean the word {str(value).lower()}, put it in quotes"
    return None


def _integer_mismatch(value) -> str | None:
    if isinstance(value, str):
        return _quoted_number_message(_TYPE_WORDS["integer"], value)
    if isinstance(value, float):
        return f"must be {_TYPE_WORDS['integer']}, not {value}"
    return None


def _number_mismatch(value) -> str | None:
    return _quoted_number_message(_TYPE_WORDS["number"], value) if isinstance(value, str) else None


def _quoted_number_message(words: str, value: str) -> str:
    if re.fullmatch(r"\s*[-+]?\d+(\.\d+)?\s*", value):
        return f"must be {words}: write {value.strip()} without quotes"
    return f"must be {words}, not {value!r}"


def _list_mismatch(value) -> str | None:
    if not isinstance(value, (list, dict)):
        return f"must be a list: write each item on its own line starting with '- ', or [{value}]"
    return None


def _group_mismatch(value) -> str:
    return "must be a group of fields, each indented on its own line below it"


# The wanted type -> what to say about a value of another type, or None for the general words.
_TYPE_MISMATCHES = {
    "boolean": _boolean_mismatch, "string": _text_mismatch, "integer": _integer_mismatch,
    "number": _number_mismatch, "array": _list_mismatch, "object": _group_mismatch,
}


def _enum_message(expected, value, also: dict | None = None) -> str:
    """``also``: other words people use for the allowed values (``x-also`` in the schema),
    which the hint then suggests: 'lift' -> 'elevator'."""
    options = ", ".join(str(o) for o in expected)
    if not isinstance(value, str):
        return f"must be one of {options}"
    meant = (also or {}).get(re.sub(r"[\s_]+", "-", value.strip().casefold()))
    hint = f" (did you mean {meant!r}?)" if meant else _did_you_mean(value, expected)
    return f"{value!r} is not allowed; use one of {options}{hint}"


def _max_length_message(expected, value) -> str:
    return (f"is {len(value)} characters long; at most {expected} are allowed "
            f"(shorten it by {len(value) - expected})")


def _minimum_message(expected, value) -> str:
    return f"is {value}; the smallest allowed value is {expected}"


def _maximum_message(expected, value) -> str:
    return f"is {value}; the largest allowed value is {expected}"


# A schema keyword -> its message, from the keyword's value and the value found.
_KEYWORD_MESSAGES = {
    "type": _type_message,
    "enum": _enum_message,
    "const": lambda expected, value: f"must be {expected!r}",
    "minLength": lambda expected, value: (f"is {len(value)} characters long; it needs at "
                                          f"least {expected}"),
    "maxLength": _max_length_message,
    "minItems": lambda expected, value: f"lists {len(value)} items; it needs at least {expected}",
    "maxItems": lambda expected, value: f"lists {len(value)} items; at most {expected} are allowed",
    "minimum": _minimum_message, "exclusiveMinimum": _minimum_message,
    "maximum": _maximum_message, "exclusiveMaximum": _maximum_message,
    "pattern": lambda expected, value: f"{value!r} is not in the expected form",
}


def _json_type(value) -> str:
    for name, types in (("boolean", bool), ("integer", int), ("number", float), ("string", str),
                        ("array", list), ("object", dict)):
        if isinstance(value, types):
            return name
    return "null"


# -- text ---------------------------------------------------------------------------------

# Characters no text may hold, other than tab and newline: C0 and C1 controls and DEL (XML
# 1.0 section 2.2 forbids most of them in feeds, RFC 5545 section 3.1 forbids them in
# calendars, and they can act on a terminal), lone surrogates, and U+FFFE/U+FFFF.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def check_text(doc: Document, found: _Found) -> None:
    """Every text of the document, at any depth and under any field name, holds no
    character of ``_CONTROL``; the problem names the line of the character."""
    stack = [((), doc.data)]
    while stack:
        key, value = stack.pop()
        if isinstance(value, dict):
            stack.extend((key + (name,), child) for name, child in value.items())
        elif isinstance(value, list):
            stack.extend((key + (i,), child) for i, child in enumerate(value))
        elif isinstance(value, str) and (bad := _CONTROL.search(value)):
            line, column = doc.position(key)
            if key == ("description",) and doc.path.endswith(".md"):
                line, column = line + value.count("\n", 0, bad.start()), None
            found.problems.append(Problem(
                doc.path, line, column, field_name(key),
                f"contains the control character U+{ord(bad.group()):04X}, which text may "
                "not hold (it breaks feeds and calendars): remove it"))
            found.explained.add(key)


# -- formats: the checks behind the schemas' "format" keywords ----------------------------

# What a browser would have to repair in an address (WHATWG URL: "invalid URL unit"):
# characters outside RFC 3987's IRIs, bidirectional controls (RFC 3987 section 4.1), and
# a % that does not start an escape.
_URL_UNIT = re.compile("[\x00-\x20\x7f-\x9f\"<>\\\\^`{|}\u200e\u200f\u202a-\u202e\u2066-\u2069]"
                       "|%(?![0-9A-Fa-f]{2})")


def check_url(value: str) -> str | None:
    return _url_character_problem(value) or _url_address_problem(value)


def _url_character_problem(value: str) -> str | None:
    """A space, or a character an address must hold escaped."""
    if re.search(r"\s", value):
        return "contains a space: remove it, or write it as %20"
    bad = _URL_UNIT.search(value)
    if bad is None:
        return None
    char = bad.group()
    if char == "%":
        return "has a % that does not start an escape such as %20: write it as %25"
    if ord(char) >= 0x80:  # an invisible control: nothing to write instead
        return f"contains the invisible character U+{ord(char):04X}: remove it"
    return f"contains {char!r}, which a web address cannot hold: write it as %{ord(char):02X}"


def _url_address_problem(value: str) -> str | None:
    """A scheme other than http(s), a missing host, or an address a browser rejects."""
    try:
        parts = urlsplit(value)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        return f"{value!r} is not a valid web address"
    if parts.scheme.lower() not in ("http", "https"):
        return "must be a web address starting with https:// or http://"
    if not host or ("." not in host and host != "localhost"):
        return f"{value!r} has no valid host name (such as www.example.org)"
    if not ada_url.check_url(value):  # as a browser parses it (WHATWG URL)
        return f"{value!r} is not a valid web address"
    return None


# The years a date may name: every meeting, skip and deadline of a schedule, and every
# moment in UTC, must stay within what Python's dates hold (year 1 to 9999).
FIRST_DATE, LAST_DATE = date(1900, 1, 1), date(2999, 12, 31)


def check_date(value: str) -> str | None:
    if not _DATE.match(value):
        return f"{value!r} is not a date written YYYY-MM-DD (e.g. 2027-03-02)"
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return f"{value!r} is not a real date"
    if not FIRST_DATE <= day <= LAST_DATE:
        return (f"{value} is outside the dates the catalog accepts ({FIRST_DATE} to "
                f"{LAST_DATE}): check the year")
    return None


def check_time_zone(value: str) -> str | None:
    zones = schedule.time_zones()
    if value in zones:
        return None
    if value in schedule.LEGACY_ZONES:
        return (f"{value!r} does not follow any place's daylight saving rules: use the zone "
                "of the city, such as 'America/New_York' or 'Europe/Berlin'")
    return f"{value!r} is not an IANA time zone{_did_you_mean(_zone_guess(value), zones)}"


def _zone_guess(value: str) -> str:
    """Turn 'toronto', 'America/Toront' or 'New York' into the closest zone name's spelling."""
    by_lower = _zones_by_lower_name()
    wanted = value.strip().replace(" ", "_").lower()
    return by_lower.get(wanted, value)


@cache
def _zones_by_lower_name() -> dict[str, str]:
    out: dict[str, str] = {}
    for name in sorted(schedule.time_zones()):
        out.setdefault(name.lower(), name)
        out.setdefault(name.rsplit("/", 1)[-1].lower(), name)
    return out


def check_language(value: str) -> str | None:
    if _LANGUAGE.match(value):
        return None
    guess = _language_codes().get(value.strip().lower())
    hint = f" (did you mean {guess!r}?)" if guess else " such as 'en', 'es' or 'pt-BR'"
    return f"{value!r} is not a BCP 47 language tag{hint}"


def check_country(value: str) -> str | None:
    codes = _country_codes()
    if value in codes:
        return None
    guess = value.upper() if value.upper() in codes else codes_by_name().get(value.strip().lower())
    hint = f" (did you mean {guess!r}?)" if guess else " such as 'CA', 'KE' or 'NO'"
    return f"{value!r} is not an ISO 3166-1 alpha-2 country code{hint}"


def check_person_name(value: str) -> str | None:
    value = _plain(value)
    if _EMAIL.search(value):
        return "contains an e-mail address: list names only, contact details are not published"
    if _PHONE.search(value):
        return "contains a phone number: list names only, contact details are not published"
    return None


# What NFKC leaves: hyphens that read as '-' in a phone number (not the en dash of
# "2024–2025"), and the ideographic full stops that read as '.' in an address.
_LOOK_ALIKES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2043": "-",
                              "\u2212": "-", "\u3002": ".", "\uff61": "."})


def _plain(text: str) -> str:
    """``text`` as a reader sees it: compatibility forms folded (NFKC: a fullwidth ＠ is @),
    look-alike hyphens and full stops as - and ., every space a space, and invisible format
    characters removed, so that contact details cannot hide behind look-alike characters."""
    text = unicodedata.normalize("NFKC", text).translate(_LOOK_ALIKES)
    return "".join(" " if unicodedata.category(c) == "Zs" else c
                   for c in text if unicodedata.category(c) != "Cf")


@cache
def _language_codes() -> dict[str, str]:
    from babel import Locale
    return {name.lower(): code for code, name in Locale("en").languages.items() if "_" not in code}


@cache
def _country_codes() -> frozenset[str]:
    from babel import Locale
    return frozenset(c for c in Locale("en").territories if len(c) == 2 and c.isalpha() and c != "ZZ")


@cache
def codes_by_name() -> dict[str, str]:
    from babel import Locale
    return {name.lower(): code for code, name in Locale("en").territories.items()
            if code in _country_codes()}


_FORMATS = {
    "uri": check_url, "date": check_date, "iana-time-zone": check_time_zone,
    "language-tag": check_language, "country-code": check_country, "person-name": check_person_name,
}


# -- the rest: file names and schedules ---------------------------------------------------

# Slugs whose page path is another page's: /circles/past/ lists the completed circles,
# /circles/map/ shows where the current ones meet.
RESERVED = {"circle": {"past", "map"}}


def check_slug(doc: Document, found: _Found) -> None:
    if doc.slug in RESERVED.get(doc.kind, ()):
        found.problems.append(Problem(doc.path, doc.first_line, 1, FILE, (
            f"the file name '{doc.slug}' is taken by a page of the site "
            f"(/{schemas.FOLDERS[doc.kind]}/{doc.slug}/): choose another name")))
        return
    if _SLUG.match(doc.slug) and len(doc.slug) <= 80:
        return
    better = re.sub(r"[^a-z0-9]+", "-", doc.slug.lower()).strip("-")[:80].strip("-")
    hint = f": rename the file to '{better}{doc.path[doc.path.rfind('.'):]}'" if better else ""
    found.problems.append(Problem(doc.path, doc.first_line, 1, FILE,
                                  f"the file name '{doc.slug}' is not a valid slug (lower-case "
                                  f"letters, digits and single hyphens, at most 80){hint}"))


def check_schedule(doc: Document, found: _Found) -> None:
    sched = doc.get(("schedule",))
    if not isinstance(sched, dict):
        return
    dates = _dates(sched.get("dates"))
    if dates is not None:
        dates = _check_dates_increase(dates, found)
    elif _date(sched.get("start_date")) is not None and not _defaults_broken(sched):
        dates = _check_series(doc, sched, found)
    _check_wall_clock(doc, sched, dates or [], found)
    if dates:
        _check_changes(doc, sched, dates, found)
        _check_status_from(doc, dates, found)


def _check_dates_increase(dates: list[date | None], found: _Found) -> list[date]:
    """Each listed date comes after the one before it; returns the real dates."""
    for i in range(1, len(dates)):
        if dates[i] is not None and dates[i - 1] is not None and dates[i] <= dates[i - 1]:
            word = "repeats" if dates[i] == dates[i - 1] else "comes before"
            found.add(("schedule", "dates", i), f"{dates[i]} {word} the date before it "
                      f"({dates[i - 1]}): list the dates in increasing order, each once")
    return [d for d in dates if d is not None]


def _check_series(doc: Document, sched: dict, found: _Found) -> list[date]:
    defaults = schemas.defaults("circle")
    start = _date(sched["start_date"])
    count = sched.get("meetings", defaults["schedule.meetings"])
    frequency = sched.get("frequency", defaults["schedule.frequency"])
    skips = _dates(sched.get("skip_dates")) or []
    dates, unused = schedule.series_dates(start, count, frequency,
                                          tuple(d for d in skips if d is not None))
    every = "every week" if frequency == "weekly" else "every other week"
    for i, skip in enumerate(skips):
        if skip not in unused:
            continue
        if skip < start:
            why = f"is before the first meeting ({start})"
        elif skip > dates[-1]:
            why = f"is after the last meeting ({dates[-1]})"
        else:
            why = (f"is not a meeting date: this series meets on {start:%A}s {every} "
                   f"from {start}")
        found.add(("schedule", "skip_dates", i), f"{skip} {why}; skip dates must be dates "
                                                 "of the series")
    return dates


def _check_wall_clock(doc: Document, sched: dict, dates: list[date], found: _Found) -> None:
    name, at = sched.get("timezone"), sched.get("start_time")
    if not (isinstance(name, str) and name in schedule.time_zones()
            and isinstance(at, str) and _TIME.match(at)):
        return
    tz, clock = schedule.zone(name), schedule.parse_time(at)
    for day in dates:
        if schedule.local_start(day, clock, tz) is None:
            frm, to = schedule.gap_around(day, clock, tz)
            found.add(("schedule", "start_time"),
                      f"{at} does not exist on {day} in {name}: the clocks jump from {frm} to "
                      f"{to} that night; choose another start time or move that meeting")
            return


def _check_changes(doc: Document, sched: dict, dates: list[date], found: _Found) -> None:
    """Each change names a meeting of the schedule, once; a moved meeting starts at a time
    that exists, somewhere new, and overlaps no other meeting; not every meeting is
    cancelled (that is the whole circle's status)."""
    changes = sched.get("changes")
    if not isinstance(changes, list):
        return
    named = _named_meetings(changes, dates, found)
    cancelled = sum(changes[i].get("cancelled") is True for i in named.values())
    if cancelled and cancelled == len(dates) and doc.get(("status",)) is None:
        found.add(("schedule", "changes"), "cancels every meeting: write status: cancelled "
                  "with a status_note instead, so that the circle shows as cancelled")
    clock = _clock(sched)
    if clock is not None:
        _check_moves(sched, dates, named, clock, found)


def _named_meetings(changes: list, dates: list[date], found: _Found) -> dict[date, int]:
    """The meetings the changes name, each with the index of its change: a date that is no
    meeting, or a meeting named twice, is a problem."""
    named: dict[date, int] = {}
    for i, change in enumerate(changes):
        day = _date(change.get("date")) if isinstance(change, dict) else None
        if day is None:
            continue
        key = ("schedule", "changes", i, "date")
        if day not in dates:
            found.add(key, f"{day} is not a meeting date of this schedule"
                           f"{_nearest(day, dates)}; a change names a meeting by its date "
                           "as announced")
        elif day in named:
            found.add(key, f"{day} is changed twice (item {named[day] + 1} changes it too): "
                           "keep one change per meeting")
        else:
            named[day] = i
    return named


def _check_moves(sched: dict, dates: list[date], named: dict[date, int],
                 clock: tuple, found: _Found) -> None:
    """Where each moved meeting lands: a time that exists, not where it was, clear of the
    other meetings (as they take place: a cancelled one leaves its time free)."""
    at = clock[1]
    times = {day: _span(day, at, clock) for day in dates}
    moves = {}
    for day, i in named.items():
        change = sched["changes"][i]
        if change.get("cancelled") is True:
            times[day] = None
            continue
        span = _moved_span(day, change, sched["start_time"], clock,
                           ("schedule", "changes", i, "moved_to"), found)
        if span is not None:
            moves[day], times[day] = i, span
    _check_overlaps(moves, times, found)


def _span(day: date, at, clock: tuple) -> tuple | None:
    """A meeting's start and end, or None when its start does not exist that day."""
    tz, _, minutes = clock
    start = schedule.local_start(day, at, tz)
    return start and schedule.meeting_times(start, minutes)


def _moved_span(day: date, change: dict, start_time: str, clock: tuple, key: tuple,
                found: _Found) -> tuple | None:
    """Where a moved meeting lands, or None when it cannot be told (a problem the schema
    reports) or is a problem: a start that does not exist, or no move at all."""
    tz, at, _ = clock
    moved = change.get("moved_to")
    if not isinstance(moved, dict) or change.get("cancelled") is not None:
        return None
    new_day = _date(moved.get("date")) if "date" in moved else day
    new_at = moved.get("start_time", start_time)
    if new_day is None or not (isinstance(new_at, str) and _TIME.match(new_at)):
        return None
    new_time = schedule.parse_time(new_at)
    span = _span(new_day, new_time, clock)
    if span is None:
        frm, to = schedule.gap_around(new_day, new_time, tz)
        found.add(key, f"{new_at} does not exist on {new_day} in {tz.key}: the clocks jump "
                       f"from {frm} to {to} that night; choose another start time")
    elif (new_day, new_time) == (day, at):
        found.add(key, f"moves the meeting of {day} to the date and time it already has: "
                       "give a new date or start_time, or remove the change")
        return None
    return span


def _check_overlaps(moves: dict[date, int], times: dict[date, tuple | None],
                    found: _Found) -> None:
    """A moved meeting that overlaps another meeting: said once per pair."""
    reported: set[frozenset] = set()
    for day, i in moves.items():
        start, end = times[day]
        other = next((o for o, span in times.items()
                      if o != day and span is not None and span[0] < end and start < span[1]
                      and frozenset((day, o)) not in reported), None)
        if other is not None:
            reported.add(frozenset((day, other)))
            found.add(("schedule", "changes", i, "moved_to"),
                      f"the moved meeting ({start:%Y-%m-%d %H:%M} to {end:%H:%M}) overlaps "
                      f"the meeting {_meeting_words(other, times[other])}: "
                      "choose another date or time")


def _meeting_words(day: date, span: tuple) -> str:
    """'of 2027-03-16 (18:00 to 20:00)', or 'of 2027-03-16, moved to 2027-03-17 (...)'."""
    start, end = span
    moved = f", moved to {start.date()}" if start.date() != day else ""
    return f"of {day}{moved} ({start:%H:%M} to {end:%H:%M})"


def _clock(sched: dict) -> tuple | None:
    """The schedule's zone, start time and duration, when all are valid."""
    name, at = sched.get("timezone"), sched.get("start_time")
    minutes = sched.get("duration_minutes", schemas.defaults("circle")["schedule.duration_minutes"])
    if not (isinstance(name, str) and name in schedule.time_zones()
            and isinstance(at, str) and _TIME.match(at)
            and isinstance(minutes, int) and not isinstance(minutes, bool)
            and 15 <= minutes <= 480):
        return None
    return schedule.zone(name), schedule.parse_time(at), minutes


def _check_status_from(doc: Document, dates: list[date], found: _Found) -> None:
    day = _date(doc.get(("status_from",)))
    if day is not None and day not in dates:
        found.add(("status_from",), f"{day} is not a meeting date of this schedule"
                                    f"{_nearest(day, dates)}; status_from is the date of the "
                                    "first meeting that will not take place")


def _nearest(day: date, dates: list[date]) -> str:
    """' (did you mean 2027-03-09, the nearest meeting?)'"""
    best = min(dates, key=lambda d: (abs((d - day).days), d))
    return f" (did you mean {best}, the nearest meeting?)"


def _defaults_broken(sched: dict) -> bool:
    """A series whose meetings or frequency is invalid cannot be expanded (already reported)."""
    defaults = schemas.defaults("circle")
    count = sched.get("meetings", defaults["schedule.meetings"])
    frequency = sched.get("frequency", defaults["schedule.frequency"])
    return (not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= 52
            or not isinstance(frequency, str) or frequency not in schedule.STEPS)


def _date(value) -> date | None:
    if isinstance(value, str) and check_date(value) is None:
        return date.fromisoformat(value)
    return None


def _dates(values) -> list[date | None] | None:
    return [_date(v) for v in values] if isinstance(values, list) else None


# -- suggestions --------------------------------------------------------------------------

def _close(value: str, choices) -> list[str]:
    return difflib.get_close_matches(value, [str(c) for c in choices], n=1, cutoff=0.6)


def _did_you_mean(value: str, choices) -> str:
    if value in choices:
        return f" (did you mean {value!r}?)"
    match = _close(value, choices)
    return f" (did you mean {match[0]!r}?)" if match else ""
