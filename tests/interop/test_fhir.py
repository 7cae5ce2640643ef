"""``kneelink.care_plan(answer)``: a FHIR R4 CarePlan checked by independent validators, with coded
body sites (one per activity), R4's laterality codes, HL7's FMA system, narrative, no
control characters, and SNOMED CT never presented as authoritative.

Validators: fhir.resources 8's R4B models in this process (R4B did not change CarePlan,
BodyStructure or ServiceRequest from R4), and two checks of R4 itself (4.0.1), installed
on first use by :mod:`fhir_validators`: fhir.resources 6.4.0's R4 models, and HL7's
official R4 JSON Schema.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from fhir_validators import r4_model_problems, r4_schema_validator
from hypothesis import given, settings
from hypothesis import strategies as st

import kneelink
from kneelink import testing
from kneelink.interop._fhir import BODY_SITE_EXTENSION, FMA, SNOMED, UBERON, UNVERIFIED_PATH

careplan = pytest.importorskip("fhir.resources.R4B.careplan")

LATERALITY = {"left": "419161000", "right": "419465000", "both": "51440002"}  # R4's bodystructure-relative-location
BASE = "https://fhir.example.org/kneelink"
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def validate(plan: dict[str, Any]) -> None:
    careplan.CarePlan.model_validate(plan)  # raises on anything FHIR R4B forbids


def contained(plan: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f"#{resource['id']}": resource for resource in plan.get("contained", [])}


def site(plan: dict[str, Any], activity: dict[str, Any]) -> dict[str, Any]:
    (extension,) = activity["detail"]["extension"]  # R4: bodySite is 0..1 per detail
    assert extension["url"] == BODY_SITE_EXTENSION
    return contained(plan)[extension["valueReference"]["reference"]]


def strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in strings(item)]
    return []


@given(report=testing.reports(contraindications=True), base=st.sampled_from([None, BASE]))
@settings(max_examples=60)
def test_every_answer_is_a_valid_fhir_care_plan(report: kneelink.SymptomReport, base: str | None) -> None:
    answer = kneelink.suggest_regions(report)
    plan = kneelink.care_plan(answer, canonical_base=base)
    validate(plan)
    assert (plan["resourceType"], plan["status"], plan["intent"]) == ("CarePlan", "draft", "proposal")
    assert plan["text"]["status"] == "generated"
    assert plan["text"]["div"].startswith('<div xmlns="http://www.w3.org/1999/xhtml">')
    activities = [a for a in plan.get("activity", []) if "detail" in a]
    assert len(activities) == len(answer.regions) + len(answer.withheld)
    for activity, region in zip(activities, answer.regions, strict=False):
        assert activity["detail"]["doNotPerform"] is False
        assert region.label in activity["detail"]["code"]["text"]
        qualifiers = site(plan, activity).get("locationQualifier", [])
        if region.side == "unspecified":
            assert qualifiers == []
        else:
            assert [q["coding"][0]["code"] for q in qualifiers] == [LATERALITY[region.side]]
    for activity in activities[len(answer.regions) :]:
        assert activity["detail"]["doNotPerform"] is True
        assert site(plan, activity)["locationQualifier"][0]["coding"][0]["display"] == "Bilateral"
    referral = [a for a in plan.get("activity", []) if "reference" in a]
    assert len(referral) == (0 if answer.triage == "self_care" else 1)
    extensions = [text for text in strings(plan) if text.startswith(("http://", "https://")) and "Definition" in text]
    assert all(url == BODY_SITE_EXTENSION or url.startswith(BASE) for url in extensions)
    assert not any(".invalid" in text for text in strings(plan))


def test_r4_models_and_hl7s_r4_json_schema_accept_the_plans() -> None:
    plans = [
        kneelink.care_plan(kneelink.suggest_regions(["lateral_knee_pain"], side="left"), subject="Patient/123"),
        kneelink.care_plan(
            kneelink.suggest_regions(["lateral_knee_pain", "one_leg_swelling"], side="both"), canonical_base=BASE
        ),
        kneelink.care_plan(
            kneelink.suggest_regions(
                ["anterior_knee_pain", "stairs_pain"], side="right", contraindications=[("open_wound", "calf")]
            ),
            subject="Patient/9",
            canonical_base=BASE,
        ),
        kneelink.care_plan(kneelink.suggest_regions(["knee_pain", "one_leg_swelling", "breathless_or_chest_pain"])),
    ]
    assert r4_model_problems(plans) == [None] * len(plans)
    schema = r4_schema_validator("CarePlan")
    for plan in plans:
        assert [error.message for error in schema.iter_errors(plan)] == []


def test_the_r4_validators_bite() -> None:
    # Prove each rejects what R4 forbids, so the passes above mean something.
    plan = kneelink.care_plan(kneelink.suggest_regions(["lateral_knee_pain"], side="left"))
    broken = [
        {key: value for key, value in plan.items() if key != "intent"},  # intent is 1..1
        {**plan, "bodySite": []},  # no such element in R4's CarePlan
        {**plan, "activity": [{"detail": {"status": "not-started", "doNotPerform": "maybe"}}]},
    ]
    assert all(problem is not None for problem in r4_model_problems(broken))
    schema = r4_schema_validator("CarePlan")
    # The JSON Schema leaves required primitives out of `required` (an _intent extension may
    # stand for one), but checks elements and types.
    broken[0] = {**plan, "title": 5}
    assert all(list(schema.iter_errors(resource)) for resource in broken)


def test_codes_come_from_the_pack_and_snomed_needs_a_canonical_base() -> None:
    answer = kneelink.suggest_regions(["lateral_knee_pain"], side="left")
    plan = kneelink.care_plan(answer, subject="Patient/123", canonical_base=BASE)
    validate(plan)
    assert plan["subject"] == {"reference": "Patient/123"}
    tfl = site(plan, plan["activity"][1])  # the TFL: one structure, coded
    codings = tfl["location"]["coding"]
    assert {"system": UBERON, "code": "UBERON:0001376", "display": "tensor fasciae latae"} in codings
    assert {"system": FMA, "code": "22423", "display": "tensor fasciae latae"} in codings
    assert FMA == "urn:oid:2.16.840.1.113883.6.119"  # HL7's OID registry; FMA has no HL7 URI
    (snomed,) = [coding for coding in codings if coding["system"] == SNOMED]
    assert snomed["code"] == "181671009"
    assert snomed["userSelected"] is False
    assert "display" not in snomed
    assert snomed["extension"][0]["url"] == BASE + UNVERIFIED_PATH
    assert "unverified" in snomed["extension"][0]["valueString"]
    assert tfl["locationQualifier"][0]["coding"][0] == {
        "system": SNOMED,
        "code": "419161000",
        "display": "Unilateral left",
    }
    assert tfl["patient"] == {"reference": "Patient/123"}
    without = kneelink.care_plan(answer)
    assert all(c["system"] != SNOMED for c in site(without, without["activity"][1])["location"]["coding"])


def test_a_region_of_two_structures_names_both_and_codes_neither() -> None:
    plan = kneelink.care_plan(kneelink.suggest_regions(["lateral_knee_pain"], side="right"), canonical_base=BASE)
    gluteals = site(plan, plan["activity"][0])
    assert gluteals["location"] == {"text": "Gluteal muscles (buttock)"}
    assert "gluteus maximus (UBERON:0001370, FMA:22314)" in gluteals["description"]
    assert "gluteus medius (UBERON:0001371, FMA:22315)" in gluteals["description"]
    it_band = next(a for a in plan["activity"] if "IT (iliotibial) band" in a["detail"]["code"]["text"])
    assert site(plan, it_band)["location"] == {"text": "IT (iliotibial) band, outside of the thigh"}


def test_a_red_flag_becomes_a_prioritised_referral_and_do_not_perform_activities() -> None:
    answer = kneelink.suggest_regions(["lateral_knee_pain", "one_leg_swelling"], side="right")
    plan = kneelink.care_plan(answer)
    validate(plan)
    referral = contained(plan)["#referral"]
    assert referral["resourceType"] == "ServiceRequest"
    assert referral["priority"] == "urgent"  # consultation_24; "stat"/"asap" for the emergency levels
    assert plan["activity"][0]["reference"]["reference"] == "#referral"
    assert all(a["detail"]["doNotPerform"] for a in plan["activity"][1:])
    assert len(plan["activity"]) == 1 + len(kneelink.default_pack().regions)
    assert "<li>Referral: See a clinician within 24 hours</li>" in plan["text"]["div"]


def test_no_control_character_reaches_a_fhir_string() -> None:
    answer = kneelink.suggest_regions(["lateral_knee_pain"], side="right")
    region = answer.regions[0]
    reason = region.reasons[0].model_copy(update={"summary": "bad\x00text\x1b[31m & <b>"})
    hostile = answer.model_copy(update={"regions": (region.model_copy(update={"reasons": (reason,)}),)})
    plan = kneelink.care_plan(hostile)
    assert [text for text in strings(plan) if CONTROL.search(text)] == []
    assert "bad text [31m" in plan["activity"][0]["detail"]["reasonCode"][0]["text"]
    assert "&lt;b&gt;" in plan["text"]["div"] or "bad" not in plan["text"]["div"]  # escaped in the narrative
    assert "<b>" not in plan["text"]["div"].replace("<b>Foam rolling", "")
