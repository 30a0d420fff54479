"""The JSON Schemas in ``schemas/``: the single source of field names, types and defaults.

Everything else asks this module: the validator (which subschema governs a value), the
model (defaults), the docs and the tests (the fields of each kind).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

SCHEMA_DIR = Path(__file__).resolve().parents[3] / "schemas"
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
    node = tree(kind)
    for part in key:
        node = node.items if isinstance(part, int) else node.properties.get(part)
        if node is None:
            return None
    return node.schema


class Node:
    """A subschema with its ``$ref`` resolved and its children compiled, made once per kind."""

    __slots__ = ("schema", "properties", "items")

    def __init__(self, root: dict, sub: dict, memo: dict):
        memo[id(sub)] = self
        self.schema = resolve(root, sub)
        self.properties = {name: _node(root, child, memo)
                           for name, child in self.schema.get("properties", {}).items()}
        items = self.schema.get("items")
        self.items = _node(root, items, memo) if isinstance(items, dict) else None


def _node(root: dict, sub: dict, memo: dict) -> Node:
    return memo.get(id(sub)) or Node(root, sub, memo)


@cache
def tree(kind: str) -> Node:
    root = schema(kind)
    return Node(root, root, {})


def walk(kind: str, data) -> list[tuple[tuple, dict, object]]:
    """Every value present in ``data`` with its path and the subschema governing it."""
    out = []
    stack = [((), tree(kind), data)]
    while stack:
        key, node, value = stack.pop()
        out.append((key, node.schema, value))
        if isinstance(value, dict):
            props = node.properties
            for name, child in value.items():
                if name in props:
                    stack.append((key + (name,), props[name], child))
        elif isinstance(value, list) and node.items is not None:
            items = node.items
            stack.extend((key + (i,), items, child) for i, child in enumerate(value))
    return out


def references(kind: str) -> list[tuple[str, str]]:
    """The top-level fields naming another file, with the kind they name."""
    return [(name, node.schema["x-reference"]) for name, node in tree(kind).properties.items()
            if "x-reference" in node.schema]


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


def nested_fields(kind: str, node: dict) -> list[tuple[str, dict]]:
    """The fields of a subschema of ``kind`` (such as an item of a list), nested ones
    included, as (dotted name, resolved subschema)."""
    return list(_fields(kind, node, ()))


def _fields(kind, node, prefix):
    root = schema(kind)
    node = resolve(root, node)
    for name, child in node.get("properties", {}).items():
        child = resolve(root, child)
        dotted = ".".join(prefix + (name,))
        yield dotted, child
        if "properties" in child:
            yield from _fields(kind, child, prefix + (name,))
        items = resolve(root, child.get("items", {})) if child.get("type") == "array" else {}
        if "properties" in items:  # a list of groups of fields: 'schedule.changes[].date'
            yield from _fields(kind, items, prefix + (name + "[]",))
