"""The loader is as strict as the shipped JSON Schema.

TOML has booleans, integers and strings; a rule file that writes ``extension = "yes"``
or ``order = "9"`` has a mistake in it, which the loader must report at its line rather
than quietly turn into ``True`` or ``9``. A property test keeps the loader and the schema
(what editors check files with) in agreement over generated documents.
"""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from packs import (
    CONTRAINDICATION_OPEN_WOUND,
    REGION_CALF,
    RULE_OLDER_ROLL_THE_CALF,
    RULE_ROLL_THE_CALF,
    SYMPTOM_KNEE_PAIN,
    header,
    line_with,
    rule_file_error,
    write_pack,
)
from pydantic import ValidationError

from kneelink._schema import RuleFile, json_schema

# The shared age rule, with a priority to get wrong.
AGE_RULE = RULE_OLDER_ROLL_THE_CALF.replace("extension = true", "extension = true\npriority = 5")

EXAMPLE = """
[[example]]
id = "wound"
symptoms = ["knee_pain"]
side = "left"
age = 40
contraindications = [["open_wound", "calf"]]
expect = { regions = [], withheld = ["calf"], triage = "self_care" }
"""

TEXT = (
    header("strict", "1.0")
    + SYMPTOM_KNEE_PAIN
    + REGION_CALF
    + CONTRAINDICATION_OPEN_WOUND
    + RULE_ROLL_THE_CALF
    + AGE_RULE
)


def test_the_control_pack_loads(tmp_path: Path) -> None:
    import kneelink

    pack = kneelink.load_pack(write_pack(tmp_path, pack=TEXT))
    assert pack.suggest_regions("knee_pain", age=60).region_ids == ("calf",)


@pytest.mark.parametrize(
    ("old", "new", "got"),
    [
        ("extension = true", 'extension = "yes"', "'yes'"),
        ("order = 1", 'order = "9"', "'9'"),
        ("min = 55", 'min = "55"', "'55'"),
        ("min = 55", "min = 55.0", "55.0"),
        ("priority = 5", "priority = true", "True"),
        ("extension = true", "extension = 1", "1"),
    ],
    ids=["bool-from-text", "int-from-text", "age-from-text", "int-from-float", "int-from-bool", "bool-from-int"],
)
def test_a_value_of_the_wrong_type_is_rejected_at_its_line(tmp_path: Path, old: str, new: str, got: str) -> None:
    assert old in TEXT
    text = TEXT.replace(old, new)
    error = rule_file_error(write_pack(tmp_path, pack=text), "pack.toml", line_with(text, new))
    assert f"(got {got})" in error.problem


@pytest.mark.parametrize(("version", "got"), [('"2"', "'2'"), ("true", "True"), ("2.0", "2.0")])
def test_schema_version_of_another_type_is_rejected(tmp_path: Path, version: str, got: str) -> None:
    # A bool is an int in Python: `schema_version = true` once passed for format 1 (found by the test below),
    # and must be neither format 2 nor the format-1 migration.
    text = TEXT.replace("schema_version = 2", f"schema_version = {version}")
    error = rule_file_error(write_pack(tmp_path, pack=text), "pack.toml", 1)
    assert error.problem == f"`schema_version` should be 2 (got {got})"


def test_a_label_of_blanks_is_rejected_by_the_loader_and_the_schema(tmp_path: Path) -> None:
    text = TEXT.replace('label = "Calf"', 'label = "   "')
    rule_file_error(write_pack(tmp_path, pack=text), "pack.toml", line_with(text, 'label = "   "'))
    jsonschema = pytest.importorskip("jsonschema")
    assert not jsonschema.Draft202012Validator(json_schema()).is_valid(tomllib.loads(text))


# --- The loader and the schema agree -------------------------------------------------------

BASE_DOCUMENT = tomllib.loads(TEXT + EXAMPLE)
KEYS = sorted(
    {"id", "label", "order", "min", "max", "all", "any", "extension", "priority", "source", "article", "sumary"}
)
_text = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\r\n"), max_size=6)
# Integral floats are left out: JSON Schema cannot tell 9.0 from 9, so the schema accepts
# `order = 9.0` where the loader (rightly, for TOML) does not.
_leaf = st.one_of(
    st.integers(-3, 200),
    st.booleans(),
    st.floats(allow_nan=False, allow_infinity=False).filter(lambda number: not number.is_integer()),
    _text,
    st.sampled_from(["9", "yes", "55", "knee_pain", "calf", "primary", "urgent", "§2 Ref", "15", "15-20", "Calf"]),
)
_value = st.recursive(
    _leaf,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(KEYS), inner, max_size=2),
    max_leaves=6,
)


def _retyped(value: Any) -> st.SearchStrategy[Any]:
    """Another type's spelling of ``value``, of the kind a lax validator would quietly
    coerce back: the mistakes this test exists for."""
    if isinstance(value, bool):
        return st.sampled_from(["yes", "no", "true", "false", "1", "0", int(value)])
    if isinstance(value, int):
        return st.sampled_from([str(value), f" {value}", value % 2 == 1])
    if isinstance(value, str):
        return st.sampled_from([[value], 7, True])
    return _value


def _places(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _places(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _places(value, (*path, index))
    return found


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    """The base document with one to three values retyped or replaced, keys added or keys removed."""
    document = copy.deepcopy(BASE_DOCUMENT)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_places(document)[1:]))
        parent = document
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["retype", "retype", "replace", "add", "remove"]))
        if action == "retype":
            parent[path[-1]] = draw(_retyped(parent[path[-1]]))
        elif action == "replace":
            parent[path[-1]] = draw(_value)
        elif action == "add" and isinstance(parent[path[-1]], dict):
            parent[path[-1]][draw(st.sampled_from(KEYS))] = draw(_value)
        elif action == "remove" and isinstance(parent, dict):
            del parent[path[-1]]
    return document


def loader_accepts_the_shapes(document: dict[str, Any]) -> bool:
    """Whether the loader's validation finds the document well-typed. Cross-field rules
    ("a rule needs an effect", "min above max") are the loader's alone: JSON Schema cannot
    say them, so their errors (pydantic's ``value_error``) do not count here."""
    try:
        RuleFile.model_validate(document)
    except ValidationError as error:
        return all(problem["type"] == "value_error" for problem in error.errors())
    return True


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_the_loader_and_the_schema_agree(document: dict[str, Any]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema_accepts = jsonschema.Draft202012Validator(json_schema()).is_valid(document)
    assert loader_accepts_the_shapes(document) == schema_accepts, document


def test_the_base_document_is_valid_to_both() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    assert jsonschema.Draft202012Validator(json_schema()).is_valid(BASE_DOCUMENT)
    RuleFile.model_validate(BASE_DOCUMENT)
