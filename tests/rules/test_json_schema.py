"""The JSON Schema of a rule file: the shipped copy is the generated one, and the shipped
rule files validate against it (with ``jsonschema``, when it is installed)."""

from __future__ import annotations

import json
import tomllib
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

from kneelink._pack import default_rules_folder
from kneelink._schema import SCHEMA_ID, json_schema

REGENERATE = (
    "kneelink/rule-file.schema.json (what `kneelink schema` prints) is out of date; regenerate it with\n"
    '  python -c "import json; from kneelink._schema import json_schema; '
    'print(json.dumps(json_schema(), indent=2, sort_keys=True))" > kneelink/rule-file.schema.json'
)


def shipped_schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((files("kneelink") / "rule-file.schema.json").read_text(encoding="utf-8"))
    return loaded


def shipped_rule_files() -> list[Path]:
    folder = Path(str(default_rules_folder()))
    return sorted(folder.glob("*.toml"))


def test_the_shipped_schema_is_the_generated_one() -> None:
    assert shipped_schema() == json_schema(), REGENERATE


def test_the_schema_names_itself_and_forbids_unknown_keys() -> None:
    schema = json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == SCHEMA_ID
    assert schema["additionalProperties"] is False
    assert schema["required"] == ["schema_version"]
    assert {"pack", "symptom", "fact", "region", "red_flag", "contraindication", "rule", "example"} <= set(
        schema["properties"]
    )
    assert schema["$defs"]["Rule"]["additionalProperties"] is False


def test_json_schema_is_fresh_each_call() -> None:
    first = json_schema()
    first["$id"] = "changed"
    assert json_schema()["$id"] == SCHEMA_ID


@pytest.fixture(scope="module")
def validator() -> Any:
    jsonschema = pytest.importorskip("jsonschema")
    cls = jsonschema.validators.validator_for(json_schema())
    cls.check_schema(json_schema())
    return cls(json_schema())


@pytest.mark.parametrize("path", shipped_rule_files(), ids=lambda path: path.name)
def test_every_shipped_rule_file_validates_against_the_schema(path: Path, validator: Any) -> None:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    errors = [f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(data)]
    assert errors == [], f"{path.name} does not match the schema"


def test_shipped_rule_files_are_found() -> None:
    assert {path.name for path in shipped_rule_files()} >= {"pack.toml", "chain.toml"}


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda data: data["rule"][0].update(sumary="typo"), ["rule", 0]),
        (lambda data: data.update(rules=[]), []),
        (lambda data: data["rule"][0]["when"].update(every=["knee_pain"]), ["rule", 0, "when"]),
    ],
    ids=["key-in-a-rule", "top-level-key", "key-in-a-condition"],
)
def test_a_file_with_an_unknown_key_fails_the_schema(change: Any, where: list[object], validator: Any) -> None:
    data = tomllib.loads((Path(str(default_rules_folder())) / "chain.toml").read_text(encoding="utf-8"))
    assert validator.is_valid(data)
    change(data)
    errors = list(validator.iter_errors(data))
    assert errors, "an unknown key passed the schema"
    assert any(list(error.absolute_path) == where and "additional" in error.message.lower() for error in errors), [
        (list(error.absolute_path), error.message) for error in errors
    ]
