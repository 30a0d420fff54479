"""The JSON Schemas in ``schemas/``: the single source of field names, types and defaults.

Everything else asks this module: the validator (which subschema governs a value), the
model (defaults), the docs and the tests (the fields of each kind).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schemas"
KINDS = ("course", "circle", "organization")
FOLDERS = {"course": "courses", "circle": "circles", "organization": "organizations"}


@cache
def schema(kind: str) -> dict:
    with (SCHEMA_DIR / f"{kind}.schema.json").open(encoding="utf-8") as f:
        return json.load(f)


def resolve(root: dict, sub: dict) -> dict:
    """Merge a subschema with the local ``$ref`` it points to (siblings win, as in 2020-12)."""
    while "$ref" in sub:
        target = root
        for part in sub["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        sub = {**target, **{k: v for k, v in sub.items() if k != "$ref"}}
    return sub


def subschema(kind: str, key: tuple) -> dict | None:
    """The schema governing the value at ``key`` (a field path), or None if it has none."""
    root = schema(kind)
    node = resolve(root, root)
    for part in key:
        if isinstance(part, int):
            child = node.get("items")
        else:
            child = node.get("properties", {}).get(part)
        if not isinstance(child, dict):
            return None
        node = resolve(root, child)
    return node


def walk(kind: str, data) -> list[tuple[tuple, dict, object]]:
    """Every value present in ``data`` with its path and the subschema governing it."""
    root = schema(kind)
    out = []
    stack = [((), resolve(root, root), data)]
    while stack:
        key, node, value = stack.pop()
        out.append((key, node, value))
        if isinstance(value, dict):
            props = node.get("properties", {})
            for name, child in value.items():
                if name in props:
                    stack.append((key + (name,), resolve(root, props[name]), child))
        elif isinstance(value, list) and isinstance(node.get("items"), dict):
            items = resolve(root, node["items"])
            stack.extend((key + (i,), items, child) for i, child in enumerate(value))
    return out


def field_names(kind: str, key: tuple = ()) -> list[str]:
    """The field names allowed at ``key`` (top level by default)."""
    node = subschema(kind, key) or {}
    return list(node.get("properties", {}))


@cache
def defaults(kind: str) -> dict[str, object]:
    """Every declared default, by dotted field name: ``{"schedule.meetings": 6, ...}``."""
    out = {}
    for name, node in _fields(kind, schema(kind), ()):
        if "default" in node:
            out[name] = node["default"]
    return out


def documented_fields(kind: str) -> list[tuple[str, dict]]:
    """Every field of a kind, nested ones included, as (dotted name, resolved subschema)."""
    return list(_fields(kind, schema(kind), ()))


def _fields(kind, node, prefix):
    root = schema(kind)
    node = resolve(root, node)
    for name, child in node.get("properties", {}).items():
        child = resolve(root, child)
        dotted = ".".join(prefix + (name,))
        yield dotted, child
        if "properties" in child:
            yield from _fields(kind, child, prefix + (name,))
