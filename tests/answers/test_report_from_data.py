"""Reports from data: every shape JSON and TOML give a report is
accepted, a framework can validate a report from JSON, and ``ReportError`` says where and
what in kneelink's words, with structured ``errors()`` like pydantic's."""

from __future__ import annotations

import json
import tomllib
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

import kneelink
from kneelink import LocalContraindication, SymptomReport

# The README's form of a report, as a web client sends it.
README_BODY = {
    "symptoms": ["lateral_knee_pain", "running_downhill"],
    "side": "right",
    "age": 34,
    "contraindications": [["open_wound", "calf"]],
}
CALF_WOUND = LocalContraindication(kind="open_wound", region="calf")

PYDANTIC_PHRASES = (
    "Input should",
    "after validation",
    "Frozenset",
    "Value error",
    "String should",
    "valid integer",
    "Field required",
    "Extra inputs",
)


def test_a_json_list_is_a_contraindication() -> None:
    report = SymptomReport(symptoms=["knee_pain"], contraindications=[["open_wound", "calf"]])
    assert report.contraindications == frozenset({CALF_WOUND})
    answer = kneelink.suggest_regions(["knee_pain"], contraindications=[["open_wound", "calf"]])
    assert [(held.region, held.contraindication) for held in answer.withheld] == [("calf", "open_wound")]


def test_the_toml_form_is_a_contraindication() -> None:
    data = tomllib.loads('symptoms = ["knee_pain"]\ncontraindications = [["open_wound", "calf"]]\n')
    assert SymptomReport(**data).contraindications == frozenset({CALF_WOUND})


@pytest.mark.parametrize(
    "given_as",
    [[["open_wound", "calf"]], [("open_wound", "calf")], [{"kind": "open_wound", "region": "calf"}], [CALF_WOUND]],
    ids=["list", "tuple", "dict", "model"],
)
def test_every_shape_gives_the_same_report(given_as: list[Any]) -> None:
    assert SymptomReport(symptoms=["knee_pain"], contraindications=given_as).contraindications == {CALF_WOUND}


def test_model_validate_json_reads_the_readme_body() -> None:
    report = SymptomReport.model_validate_json(json.dumps(README_BODY))
    assert report.contraindications == frozenset({CALF_WOUND})
    assert report.age == 34
    assert kneelink.suggest_regions(report).withheld[0].region == "calf"


def test_a_framework_validating_through_a_type_adapter_accepts_the_readme_body() -> None:
    # What FastAPI does with a request body: pydantic's own JSON validation, no __init__.
    adapter = TypeAdapter(SymptomReport)
    report = adapter.validate_json(json.dumps(README_BODY))
    assert report == SymptomReport(**{**README_BODY, "contraindications": [("open_wound", "calf")]})
    with pytest.raises(ValidationError) as caught:
        adapter.validate_json(json.dumps({**README_BODY, "age": 300}))
    assert [error["loc"] for error in caught.value.errors()] == [("age",)]


def test_the_request_json_schema_admits_the_readme_body() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = SymptomReport.model_json_schema(mode="validation")
    jsonschema.validate(README_BODY, schema)
    jsonschema.validate({**README_BODY, "contraindications": [{"kind": "open_wound", "region": "calf"}]}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**README_BODY, "contraindications": [["open_wound"]]}, schema)


@pytest.mark.parametrize("method", ["model_validate", "model_validate_json"])
def test_model_validate_raises_report_error(method: str) -> None:
    bad = {"symptoms": ["knee_pain"], "age": 300}
    argument: Any = json.dumps(bad) if method == "model_validate_json" else bad
    with pytest.raises(kneelink.ReportError) as caught:
        getattr(SymptomReport, method)(argument)
    assert not isinstance(caught.value, ValidationError)
    assert [error["loc"] for error in caught.value.errors()] == [("age",)]


def test_report_error_has_structured_errors_with_locations() -> None:
    with pytest.raises(kneelink.ReportError) as caught:
        SymptomReport(symptoms=["knee_pain", ""], side="up", contraindications=[["open_wound"]])
    error = caught.value
    assert isinstance(error, ValueError)
    found = {tuple(problem["loc"]): problem for problem in error.errors()}
    assert set(found) == {("symptoms", 1), ("side",), ("contraindications", 0)}
    for loc, problem in found.items():
        assert {"loc", "msg", "type", "input"} <= set(problem)
        assert problem["msg"] in str(error)
        assert ".".join(str(part) for part in loc) in str(error)
    assert found[("side",)]["input"] == "up"


def test_unknown_ids_have_locations_too() -> None:
    with pytest.raises(kneelink.UnknownSymptomError) as caught:
        kneelink.suggest_regions(["knee_pain", "knee_pian"])
    (problem,) = caught.value.errors()
    assert problem["loc"] == ("symptoms",)
    assert problem["input"] == "knee_pian"
    assert problem["type"] == "unknown_symptom"
    with pytest.raises(kneelink.UnknownRegionError) as region:
        kneelink.suggest_regions(["knee_pain"], contraindications=[["open_wound", "calff"]])
    assert [problem["loc"] for problem in region.value.errors()] == [("contraindications", "region")]


def test_a_report_error_without_a_field_is_at_the_root() -> None:
    with pytest.raises(kneelink.ReportError) as caught:
        kneelink.suggest_regions(SymptomReport(symptoms=["knee_pain"]), age=3)
    (problem,) = caught.value.errors()
    assert problem["loc"] == ()
    assert problem["msg"] == str(caught.value)


# --- Finding 7: kneelink's words, not pydantic's ---------------------------------------------


def test_an_empty_report_says_it_needs_a_symptom() -> None:
    with pytest.raises(kneelink.ReportError) as caught:
        SymptomReport(symptoms=[])
    assert str(caught.value) == "invalid symptom report: symptoms: a report needs at least one symptom"


@pytest.mark.parametrize(
    "fields",
    [
        {"symptoms": []},
        {"symptoms": [""]},
        {"symptoms": ["x" * 101]},
        {"symptoms": [7]},
        {"symptoms": 7},
        {"symptoms": ["a"], "age": "34"},
        {"symptoms": ["a"], "age": 130},
        {"symptoms": ["a"], "age": -1},
        {"symptoms": ["a"], "side": "rigth"},
        {"symptoms": ["a"], "sex": "f"},
        {"symptom": ["a"]},
        {"symptoms": ["a"], "contraindications": [["open_wound"]]},
        {"symptoms": ["a"], "contraindications": [{"kind": "open_wound"}]},
    ],
)
def test_no_pydantic_phrasing_leaks(fields: dict[str, Any]) -> None:
    with pytest.raises(kneelink.ReportError) as caught:
        SymptomReport(**fields)
    message = str(caught.value)
    assert message.startswith("invalid symptom report: ")
    for phrase in PYDANTIC_PHRASES:
        assert phrase not in message


def test_a_bad_side_gets_did_you_mean_and_the_valid_values() -> None:
    with pytest.raises(kneelink.ReportError) as caught:
        SymptomReport(symptoms=["a"], side="rigth")
    assert str(caught.value) == (
        "invalid symptom report: side: should be 'left', 'right' or 'both'; did you mean 'right'? (got 'rigth')"
    )


def test_fastapi_takes_the_readme_body_and_points_at_a_bad_field() -> None:
    # A real app, when FastAPI is installed (it is in the `test` extra).
    fastapi = pytest.importorskip("fastapi")
    testclient = pytest.importorskip("fastapi.testclient")

    def suggest(report: SymptomReport) -> list[str]:
        return list(kneelink.suggest_regions(report).region_ids)

    app = fastapi.FastAPI()
    app.add_api_route("/suggest", suggest, methods=["POST"])
    client = testclient.TestClient(app)
    answer = client.post("/suggest", json=README_BODY)
    assert answer.status_code == 200
    expected = kneelink.suggest_regions(
        ["lateral_knee_pain", "running_downhill"], side="right", age=34, contraindications=[("open_wound", "calf")]
    )
    assert answer.json() == list(expected.region_ids)
    refused = client.post("/suggest", json={**README_BODY, "age": 300})
    assert refused.status_code == 422
    assert [error["loc"] for error in refused.json()["detail"]] == [["body", "age"]]
    schema = client.get("/openapi.json").json()["components"]["schemas"]["SymptomReport"]
    forms = schema["properties"]["contraindications"]["items"]["anyOf"]
    assert any(form.get("type") == "array" for form in forms)  # [kind, region] is documented
