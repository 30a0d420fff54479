"""Whatever bytes or YAML a file holds, checking it ends in problems or success: never an
exception, never an internal error."""

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.source.load import load_file
from catalog.source.validate import validate_document

INTERNAL = "could not be checked (internal error"
SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=20), st.sampled_from(["18:00", "NO", "yes", "2027-01-12",
                                                           "~", "0o17", ".inf", "*x", "&a b"]))
keys = st.sampled_from(["title", "course", "language", "facilitators", "online", "venue",
                        "schedule", "signup", "timezone", "start_time", "dates", "start_date",
                        "skip_dates", "url", "latitude", "description", "x"])
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(keys, inner, max_size=5), max_leaves=20)


def check(tmp_path, name: str, data: bytes, kind: str):
    path = tmp_path / name
    path.write_bytes(data)
    doc, problems = load_file(path, kind)
    if doc is not None:
        problems += validate_document(doc)
    # The message of a bug, not a value that happens to say "internal error": Hypothesis
    # draws strings from the code under test, and a problem may quote the value it is about.
    assert not any(p.message.startswith(INTERNAL) for p in problems), problems
    return problems


@SETTINGS
@given(data=st.binary(max_size=400), kind=st.sampled_from(["course", "circle", "organization"]),
       name=st.sampled_from(["a.yaml", "a.md"]))
def test_arbitrary_bytes(tmp_path, data, kind, name):
    check(tmp_path, name, data, kind)


@SETTINGS
@given(text=st.text(alphabet=string.printable + "é–✓\u2028\ufeff", max_size=300),
       name=st.sampled_from(["a.yaml", "a.md"]))
def test_arbitrary_text(tmp_path, text, name):
    check(tmp_path, name, ("---\n" + text + "\n---\n" if name == "a.md" else text).encode(), "circle")


@SETTINGS
@given(doc=st.dictionaries(keys, values, max_size=8))
def test_arbitrary_yaml_documents(tmp_path, doc):
    import yaml
    check(tmp_path, "a.yaml", yaml.safe_dump(doc, allow_unicode=True).encode(), "circle")


@SETTINGS
@given(schedule=st.dictionaries(keys, values, max_size=8), online=scalars)
def test_arbitrary_schedules(tmp_path, schedule, online):
    import yaml
    doc = {"title": "Circle", "language": "en", "facilitators": ["A"], "online": online,
           "schedule": schedule, "signup": {"url": "https://f.example.org"}, "description": "d"}
    check(tmp_path, "a.yaml", yaml.safe_dump(doc).encode(), "circle")
