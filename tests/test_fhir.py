"""``Suggestion.to_fhir()``: a CarePlan that fhir.resources (an independent implementation of
the FHIR models) accepts, with coded body sites, laterality, and SNOMED CT never presented
as authoritative.

fhir.resources 8 ships R5 at its top level, and R4B (4.3) and STU3 beside it; it has no
R4 (4.0.1) package. R4B did not change CarePlan, BodyStructure or ServiceRequest from R4
(its changes are to medication, subscription and evidence resources), so the R4B models
check the R4 resource kneelink writes.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings

import kneelink
from kneelink import testing
from kneelink.interop._fhir import BODY_SITE_EXTENSION, SNOMED, UBERON, UNVERIFIED_EXTENSION

careplan = pytest.importorskip("fhir.resources.R4B.careplan")

LATERALITY = {"left": "7771000", "right": "24028007", "both": "51440002"}


def validate(plan: dict[str, Any]) -> None:
    careplan.CarePlan.model_validate(plan)  # raises on anything FHIR R4B forbids


def contained(plan: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f"#{resource['id']}": resource for resource in plan.get("contained", [])}


def sites(plan: dict[str, Any], activity: dict[str, Any]) -> list[dict[str, Any]]:
    extensions = activity["detail"]["extension"]
    assert {extension["url"] for extension in extensions} == {BODY_SITE_EXTENSION}
    return [contained(plan)[extension["valueReference"]["reference"]] for extension in extensions]


@given(report=testing.reports(contraindications=True))
@settings(max_examples=60)
def test_every_answer_is_a_valid_fhir_care_plan(report: kneelink.SymptomReport) -> None:
    answer = kneelink.suggest_regions(report)
    plan = answer.to_fhir()
    validate(plan)
    assert (plan["resourceType"], plan["status"], plan["intent"]) == ("CarePlan", "draft", "proposal")
    activities = [a for a in plan.get("activity", []) if "detail" in a]
    assert len(activities) == len(answer.regions) + len(answer.withheld)
    for activity, region in zip(activities, answer.regions, strict=False):
        assert activity["detail"]["doNotPerform"] is False
        assert region.label in activity["detail"]["code"]["text"]
        for site in sites(plan, activity):
            qualifiers = site.get("locationQualifier", [])
            if region.side == "unspecified":
                assert qualifiers == []
            else:
                assert [q["coding"][0]["code"] for q in qualifiers] == [LATERALITY[region.side]]
    for activity in activities[len(answer.regions) :]:
        assert activity["detail"]["doNotPerform"] is True
    referral = [a for a in plan.get("activity", []) if "reference" in a]
    assert len(referral) == (0 if answer.triage == "self_care" else 1)


def test_codes_come_from_the_pack_and_snomed_is_marked_unverified() -> None:
    plan = kneelink.suggest_regions(["lateral_knee_pain"], side="left").to_fhir(subject="Patient/123")
    validate(plan)
    assert plan["subject"] == {"reference": "Patient/123"}
    first = plan["activity"][0]
    structures = sites(plan, first)  # gluteals: gluteus maximus and medius
    assert [s["location"]["text"] for s in structures] == ["gluteus maximus", "gluteus medius"]
    codings = structures[0]["location"]["coding"]
    assert {"system": UBERON, "code": "UBERON:0001370", "display": "gluteus maximus"} in codings
    (snomed,) = [coding for coding in codings if coding["system"] == SNOMED]
    assert snomed["code"] == "181674001"
    assert snomed["userSelected"] is False
    assert "display" not in snomed
    assert snomed["extension"][0]["url"] == UNVERIFIED_EXTENSION
    assert "unverified" in snomed["extension"][0]["valueString"]
    assert structures[0]["locationQualifier"][0]["coding"][0] == {
        "system": SNOMED,
        "code": "7771000",
        "display": "Left",
    }
    assert structures[0]["patient"] == {"reference": "Patient/123"}


def test_the_iliotibial_tract_gets_text_and_no_code() -> None:
    plan = kneelink.suggest_regions(["lateral_knee_pain"], side="right").to_fhir()
    it_band = next(a for a in plan["activity"] if "IT (iliotibial) band" in a["detail"]["code"]["text"])
    (site,) = sites(plan, it_band)
    assert site["location"] == {"text": "IT (iliotibial) band, outside of the thigh"}


def test_a_red_flag_becomes_a_prioritised_referral_and_do_not_perform_activities() -> None:
    answer = kneelink.suggest_regions(["lateral_knee_pain", "one_leg_swelling"], side="right")
    plan = answer.to_fhir()
    validate(plan)
    referral = contained(plan)["#referral"]
    assert referral["resourceType"] == "ServiceRequest"
    assert referral["priority"] == "urgent"  # consultation_24; "stat"/"asap" for the emergency levels
    assert plan["activity"][0]["reference"]["reference"] == "#referral"
    assert all(a["detail"]["doNotPerform"] for a in plan["activity"][1:])
    assert len(plan["activity"]) == 1 + len(kneelink.default_pack().regions)


def test_the_validator_bites() -> None:
    # fhir.resources checks cardinality, types and unknown elements (not value-set bindings):
    # prove it rejects a plan that breaks them, so the passes above mean something.
    plan = kneelink.suggest_regions(["knee_pain"]).to_fhir()
    validate(plan)
    for broken in (
        {key: value for key, value in plan.items() if key != "intent"},
        {**plan, "bodySite": []},
        {**plan, "activity": [{"detail": {"doNotPerform": "maybe"}}]},
    ):
        with pytest.raises(ValueError, match="validation error"):
            validate(broken)
