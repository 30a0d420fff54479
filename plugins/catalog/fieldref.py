"""The field reference of CONTRIBUTING.md, generated from the JSON Schemas in ``schemas/``
(content-format.md, "Course", "Learning circle", "Organization"), so the guide cannot drift
from what the validator checks.

``python -m catalog.fieldref CONTRIBUTING.md`` (``make fields``) rewrites the part of the
file between the two markers; ``--check`` only says whether it is current.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .source import schemas

BEGIN = "<!-- BEGIN FIELD REFERENCE: generated from schemas/ by `make fields`; do not edit -->"
END = "<!-- END FIELD REFERENCE -->"
_FORMATS = {
    "date": "date, YYYY-MM-DD", "iana-time-zone": "IANA time zone",
    "language-tag": "BCP 47 language tag", "country-code": "ISO 3166-1 alpha-2 country code",
    "person-name": "name (no e-mail address or phone number)",
}
_PLURALS = {"date": "dates, YYYY-MM-DD", "person-name": "names (no e-mail addresses or phone numbers)"}


def reference() -> str:
    """The whole generated section: one table per kind of file, then the topics file's."""
    return "\n".join([*(kind_reference(kind) for kind in schemas.KINDS), topics_reference(),
                      terms_reference()])


# The fixed lists whose terms promise something, with the fields that take them.
TERM_LISTS = (("accessTerm", "Venue access terms", "venue.access"),
              ("onlineAccessTerm", "Online access terms", "online_access"))


def terms_reference() -> str:
    """What each term of the fixed lists promises (``enumDescriptions`` in the schema)."""
    root = schemas.schema("circle")
    parts = []
    for name, title, field in TERM_LISTS:
        terms = root["$defs"][name]
        rows = ["| term | what it promises |", "| --- | --- |"]
        rows += [f"| `{term}` | {_cell(promise)} |"
                 for term, promise in zip(terms["enum"], terms["enumDescriptions"])]
        parts.append(f"### {title}\n\nThe terms `{field}` takes. List a term only when it is "
                     "true for every meeting.\n\n" + "\n".join(rows) + "\n")
    return "\n".join(parts)


def topics_reference() -> str:
    """The fields of each entry of ``content/topics.yaml``."""
    root = schemas.schema("topics")
    entry = schemas.resolve(root, root["$defs"]["topic"])
    rows = ["| field | type | required | meaning | example |", "| --- | --- | --- | --- | --- |"]
    for name, node in schemas.nested_fields("topics", entry):
        parent = name.rsplit(".", 1)[0] if "." in name else None
        required = (entry if parent is None else schemas.resolve(
            root, entry["properties"][parent])).get("required", ())
        rows.append("| " + " | ".join(_cell(c) for c in (
            f"`{name}`", type_words(node, root),
            "yes" if name.rsplit(".", 1)[-1] in required else "no",
            node.get("description", ""), _example(node))) + " |")
    return (f"### {root['title']}: `content/topics.yaml`\n\n{root['description']} The file "
            "holds `topics:`, a list of entries with these fields.\n\n" + "\n".join(rows) + "\n")


def kind_reference(kind: str) -> str:
    root = schemas.schema(kind)
    rows = ["| field | type | required | default | meaning | example |",
            "| --- | --- | --- | --- | --- | --- |"]
    for name, node in schemas.documented_fields(kind):
        rows.append("| " + " | ".join(_cell(c) for c in (
            f"`{name}`", "Markdown" if name == "description" else type_words(node, root),
            required_words(kind, name),
            _code(node["default"]) if "default" in node else "",
            node.get("description", ""), _example(node))) + " |")
    folder = schemas.FOLDERS[kind]
    return (f"### {root['title']}: `content/{folder}/SLUG.md` or `SLUG.yaml`\n\n"
            f"{root['description']}\n\n" + "\n".join(rows) + "\n")


def type_words(node: dict, root: dict | None = None) -> str:
    """What kind of value a field takes, in words (``root`` resolves list items' $refs)."""
    if "enum" in node:
        return "one of " + ", ".join(_code(v) for v in node["enum"])
    if "const" in node:
        return _code(node["const"])
    if "x-reference" in node:
        kind = node["x-reference"]
        return f"slug of a file in `content/{schemas.FOLDERS[kind]}/`"
    if node.get("format") == "uri":
        scheme = "http:// or https://" if "[Ss]?" in node.get("pattern", "") else "https://"
        return f"web address ({scheme})"
    if node.get("format") in _FORMATS:
        return _FORMATS[node["format"]]
    return _json_type_words(node, root)


def _json_type_words(node: dict, root: dict | None) -> str:
    """What a field takes by its JSON type: a list, a group of fields, text or a number."""
    kind = node.get("type")
    if kind == "array":
        items = schemas.resolve(root or {}, node.get("items", {}))
        return f"list of {_range(node, 'minItems', 'maxItems', ' ')}{_item_words(items)}"
    if kind == "object":
        return "group of the fields below"
    if node.get("errorMessage", "").startswith("must be "):  # a pattern, such as HH:MM
        return node["errorMessage"].removeprefix("must be ")
    if kind == "string":
        length = _range(node, "minLength", "maxLength", " ")
        return f"text, {length}characters" if length else "text"
    return _number_words(node, kind)


def _number_words(node: dict, kind: str | None) -> str:
    """A number, whole number or true/false, with the range allowed."""
    words = {"integer": "whole number", "number": "number", "boolean": "`true` or `false`"}
    limits = _range(node, "minimum", "maximum", "")
    return words.get(kind, kind or "") + (f" from {limits}" if limits else "")


def required_words(kind: str, dotted: str) -> str:
    """yes, no, or the condition under which the field is required."""
    key = tuple(part for name in dotted.split(".")
                for part in ((name[:-2], 0) if name.endswith("[]") else (name,)))
    parent = schemas.subschema(kind, key[:-1]) or {}
    name = key[-1]
    if name in parent.get("required", ()):
        return "yes"
    for rule in parent.get("allOf", ()):
        words = _alternative_words(rule, name) or _condition_words(rule, name)
        if words:
            return words
    return "no"


def _alternative_words(rule: dict, name: str) -> str | None:
    """'yes, or `dates` instead' for a field the rule needs one of (anyOf/oneOf)."""
    alternatives = [r["required"][0] for r in rule.get("anyOf", rule.get("oneOf", ()))
                    if "required" in r]
    if name not in alternatives:
        return None
    others = " or ".join(f"`{a}`" for a in alternatives if a != name)
    return f"yes, or {others} instead"


def _condition_words(rule: dict, name: str) -> str | None:
    """'yes, unless `online: true`' for a field an if/else rule requires."""
    if name not in rule.get("else", {}).get("required", ()):
        return None
    field, test = next(iter(rule["if"]["properties"].items()))
    return f"yes, unless `{field}: {json.dumps(test['const'])}`"


def _item_words(items: dict) -> str:
    if "properties" in items:
        return "groups of the fields below"
    if "enum" in items:
        return "words from " + ", ".join(_code(v) for v in items["enum"])
    return _PLURALS.get(items.get("format"), "texts")


def _range(node: dict, low: str, high: str, unit: str) -> str:
    """'1 to 8 ', 'at most 300 ', or '' (followed by what is counted)."""
    lo, hi = node.get(low), node.get(high)
    if lo is not None and hi is not None:
        return f"{lo} to {hi}{unit}"
    if hi is not None:
        return f"at most {hi}{unit}"
    if lo is not None and lo > 1:
        return f"at least {lo}{unit}"
    return ""


def _example(node: dict) -> str:
    examples = node.get("examples") or []
    if not examples or isinstance(examples[0], dict):
        return ""
    first = examples[0]
    return _code(json.dumps(first) if isinstance(first, (list, bool)) else first)


def _code(value) -> str:
    text = json.dumps(value) if isinstance(value, bool) else str(value)
    return f"`{text}`"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


# -- the file -----------------------------------------------------------------------------

def updated(text: str) -> str:
    """``text`` with the part between the markers replaced by the current reference."""
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        raise ValueError(f"the markers {BEGIN!r} and {END!r} are missing")
    return text[:start + len(BEGIN)] + "\n\n" + reference() + "\n" + text[end:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m catalog.fieldref",
                                     description="Write the field reference into a guide.")
    parser.add_argument("guide", type=Path, nargs="?", default=Path("CONTRIBUTING.md"))
    parser.add_argument("--check", action="store_true", help="only check that it is current")
    args = parser.parse_args(argv)
    text = args.guide.read_text(encoding="utf-8")
    new = updated(text)
    if args.check:
        if new != text:
            print(f"{args.guide} is out of date: run make fields", file=sys.stderr)
            return 1
        return 0
    if new != text:
        args.guide.write_text(new, encoding="utf-8")
        print(f"updated the field reference in {args.guide}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
