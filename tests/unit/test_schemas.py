"""The schemas are the single source of truth: documented, valid, and matched by the model."""

import dataclasses
from pathlib import Path

import jsonschema
import pytest

from catalog.source import model, schemas

MODEL = {"course": model.Course, "circle": model.Circle, "organization": model.Organization}


@pytest.mark.parametrize("kind", schemas.KINDS)
def test_schema_is_valid_draft_2020_12(kind):
    jsonschema.Draft202012Validator.check_schema(schemas.schema(kind))
    assert schemas.schema(kind)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("kind, name", [(k, n) for k in schemas.KINDS
                                        for n, _ in schemas.documented_fields(k)])
def test_every_field_is_documented(kind, name):
    node = dict(schemas.documented_fields(kind))[name]
    assert node.get("title") and node.get("description") and node.get("examples"), name


@pytest.mark.parametrize("kind, name", [(k, n) for k in schemas.KINDS
                                        for n, _ in schemas.documented_fields(k)])
def test_examples_are_valid(kind, name):
    node = dict(schemas.documented_fields(kind))[name]
    for example in node["examples"]:
        jsonschema.Draft202012Validator(
            {**node, "$defs": schemas.schema(kind)["$defs"]}).validate(example)


@pytest.mark.parametrize("kind", schemas.KINDS)
def test_model_holds_every_schema_field(kind):
    fields = {f.name for f in dataclasses.fields(MODEL[kind])}
    assert set(schemas.field_names(kind)) <= fields


@pytest.mark.parametrize("key, cls", [(("venue",), model.Venue), (("schedule",), model.Schedule),
                                      (("signup",), model.Signup)])
def test_nested_model_matches_schema(key, cls):
    assert {f.name for f in dataclasses.fields(cls)} == set(schemas.field_names("circle", key))


def test_defaults_come_from_the_schemas(site):
    site.circle()
    circle = site.catalog().circles["c"]
    defaults = schemas.defaults("circle")
    assert circle.online is defaults["online"]
    assert circle.schedule.meetings == defaults["schedule.meetings"] == len(circle.meetings)
    assert circle.schedule.duration_minutes == defaults["schedule.duration_minutes"]
    assert circle.signup.status == defaults["signup.status"]
    course = site.catalog().courses["py4e"]
    assert (course.format, course.cost, course.on_demand) == ("course", "free", True)


@pytest.mark.parametrize("name", ["accessTerm", "onlineAccessTerm"])
def test_every_access_term_says_what_it_promises(name):
    terms = schemas.schema("circle")["$defs"][name]
    assert len(terms["enumDescriptions"]) == len(terms["enum"])
    assert all(text.endswith(".") and len(text) > 20 for text in terms["enumDescriptions"])
    # Other words people use point at a term of the list, never at another word.
    assert set(terms["x-also"].values()) <= set(terms["enum"])
    assert not set(terms["x-also"]) & set(terms["enum"])


@pytest.mark.parametrize("name, group", [("accessTerm", "access"),
                                         ("onlineAccessTerm", "online_access")])
def test_every_access_term_has_a_name_and_an_icon(name, group):
    from catalog.outputs import render

    terms = schemas.schema("circle")["$defs"][name]["enum"]
    assert list(render.LABELS[group]) == terms
    icons = Path(__file__).resolve().parents[2] / "theme" / "icons"
    for term in terms:
        svg = (icons / f"{term}.svg").read_text(encoding="utf-8")
        assert svg.startswith('<svg aria-hidden="true" focusable="false" ') and "<path" in svg
