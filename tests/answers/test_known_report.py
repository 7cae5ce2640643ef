"""The report a plain call makes without pydantic (``known_report``) is the report
validation makes, and anything it cannot vouch for goes through validation."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import kneelink
from kneelink._pack import as_report, default_rules_folder, known_report

PACK = kneelink.default_pack()
IDS = list(PACK.symptoms)
plain_ids = st.sampled_from(IDS)
symptom_arguments = (
    plain_ids
    | st.lists(plain_ids, min_size=1, max_size=8)
    | st.lists(plain_ids, min_size=1, max_size=8).map(tuple)
    | st.lists(plain_ids | st.text(max_size=5) | st.just(" knee_pain") | st.integers(), max_size=4)
    | st.frozensets(plain_ids, min_size=1, max_size=3)
    | st.just(())
)
sides = st.sampled_from([None, "left", "right", "both", "LEFT", "middle"])
ages = st.none() | st.integers(-5, 130) | st.booleans() | st.floats(0, 50)
contraindications = st.sampled_from([(), [], [("open_wound", "calf")]])


# Most draws are deliberately outside what known_report vouches for (the test below covers
# those); assume() has Hypothesis keep drawing until max_examples were inside it.
@settings(suppress_health_check=[HealthCheck.filter_too_much])
@given(symptoms=symptom_arguments, side=sides, age=ages, given_contraindications=contraindications)
def test_a_known_report_equals_the_validated_one(
    symptoms: object, side: object, age: object, given_contraindications: object
) -> None:
    quick = known_report(symptoms, side, age, given_contraindications, PACK.symptoms)
    assume(quick is not None)  # known_report left it to validation, which other tests cover
    validated = as_report(symptoms, side=side, age=age, contraindications=given_contraindications)  # type: ignore[arg-type]
    assert quick == validated
    assert hash(quick) == hash(validated)
    assert quick.model_dump() == validated.model_dump()
    assert quick.model_fields_set == validated.model_fields_set


def test_known_report_leaves_what_it_cannot_vouch_for_to_validation() -> None:
    assert known_report(["lateral_knee_pain"], "right", 34, (), PACK.symptoms) is not None
    assert known_report(["no_such_symptom"], None, None, (), PACK.symptoms) is None
    assert known_report([" lateral_knee_pain"], None, None, (), PACK.symptoms) is None
    assert known_report([], None, None, (), PACK.symptoms) is None
    assert known_report(["lateral_knee_pain"], "middle", None, (), PACK.symptoms) is None
    assert known_report(["lateral_knee_pain"], None, True, (), PACK.symptoms) is None
    assert known_report(["lateral_knee_pain"], None, 121, (), PACK.symptoms) is None
    assert known_report(["lateral_knee_pain"], None, None, [("open_wound", "calf")], PACK.symptoms) is None
    assert known_report(["lateral_knee_pain"] * (len(IDS) + 1), None, None, (), PACK.symptoms) is None


def test_errors_still_come_from_validation() -> None:
    pack = kneelink.load_pack(default_rules_folder(), cache_size=0)
    with pytest.raises(kneelink.ReportError, match="age: should be at most 120"):
        pack.suggest_regions(["lateral_knee_pain"], age=130)
    with pytest.raises(kneelink.UnknownSymptomError, match="lateral_knee_pian"):
        pack.suggest_regions(["lateral_knee_pian"])
