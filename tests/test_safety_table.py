"""Every safety rule, its boundaries, and its criteria without the injury it needs.

Each row is a clinical statement from shared/clinical-reference.md §2-3, written out
by hand: these tables are the specification the rule files must meet.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

import kneelink
from kneelink import Suggestion

INJURY = "recent_knee_injury"


@dataclass(frozen=True)
class Case:
    symptoms: tuple[str, ...]
    age: int | None = None
    rules: frozenset[str] = field(default_factory=frozenset)  # safety rules that must fire
    triage: str = "self_care"


def _case(*symptoms: str, age: int | None = None, fires: tuple[str, ...] = (), triage: str = "urgent") -> Case:
    return Case(tuple(symptoms), age, frozenset(fires), triage if fires else "self_care")


FRACTURE_RULES = {
    "ottawa_age_55_or_over",
    "ottawa_isolated_patellar_tenderness",
    "ottawa_fibular_head_tenderness",
    "ottawa_cannot_flex_90",
    "cannot_bear_weight_after_injury",
    "pittsburgh_under_12",
    "pittsburgh_over_50",
}

CASES: dict[str, Case] = {
    # Ottawa Knee Rule (§2): after an injury, any one criterion means an X-ray.
    "ottawa: age 55 after injury": _case(
        "knee_pain", INJURY, age=55, fires=("ottawa_age_55_or_over", "pittsburgh_over_50")
    ),
    "ottawa: age 54 is Pittsburgh only": _case("knee_pain", INJURY, age=54, fires=("pittsburgh_over_50",)),
    "ottawa: isolated patellar tenderness": _case(
        INJURY, "isolated_patellar_tenderness", age=30, fires=("ottawa_isolated_patellar_tenderness",)
    ),
    "ottawa: fibular head tenderness": _case(
        INJURY, "fibular_head_tenderness", age=30, fires=("ottawa_fibular_head_tenderness",)
    ),
    "ottawa: cannot flex to 90": _case(INJURY, "unable_to_flex_90", age=30, fires=("ottawa_cannot_flex_90",)),
    "ottawa+pittsburgh: cannot bear weight": _case(
        INJURY, "unable_to_bear_weight", age=30, fires=("cannot_bear_weight_after_injury",)
    ),
    # ... and no Ottawa criterion counts without the injury it needs.
    "no injury: age 60": _case("knee_pain", age=60),
    "no injury: isolated patellar tenderness": _case("knee_pain", "isolated_patellar_tenderness", age=30),
    "no injury: fibular head tenderness": _case("knee_pain", "fibular_head_tenderness", age=30),
    "no injury: cannot flex to 90": _case("knee_pain", "unable_to_flex_90", age=30),
    # Pittsburgh Knee Rule (§2): injury with age under 12 or over 50.
    "pittsburgh: age 11": _case("knee_pain", INJURY, age=11, fires=("pittsburgh_under_12",)),
    "pittsburgh: age 12 clear": _case("knee_pain", INJURY, age=12),
    "pittsburgh: age 50 clear": _case("knee_pain", INJURY, age=50),
    "pittsburgh: age 51": _case("knee_pain", INJURY, age=51, fires=("pittsburgh_over_50",)),
    "pittsburgh: age 0": _case(INJURY, age=0, fires=("pittsburgh_under_12",)),
    "pittsburgh: age unknown is not a criterion": _case("knee_pain", INJURY),
    "no injury: age 5": _case("knee_pain", age=5),
    # NHS pathway, BMJ septic arthritis, NHS DVT, children (§2).
    "haemarthrosis": _case("knee_pain", "rapid_swelling_after_injury", fires=("haemarthrosis",)),
    "septic arthritis without fever": _case("hot_swollen_knee", fires=("septic_arthritis",)),
    "septic arthritis with fever": _case(
        "hot_swollen_knee", "fever", fires=("septic_arthritis", "septic_arthritis_with_fever")
    ),
    "fever alone is not septic arthritis": _case("knee_pain", "fever"),
    "dvt signs": _case("knee_pain", "calf_swelling", fires=("dvt_signs",)),
    "locked knee": _case("knee_locked", fires=("locked_knee",)),
    "deformity": _case("visible_deformity", fires=("visible_deformity",)),
    "neurovascular signs": _case("knee_pain", "foot_numbness_or_tingling", fires=("neurovascular_signs",)),
    "cannot walk, no injury": _case("unable_to_bear_weight", fires=("cannot_walk_without_injury",)),
    "limping child": _case("knee_pain", "limp_without_injury", age=9, fires=("limping_child_without_injury",)),
    "gives way after injury": _case(INJURY, "knee_gives_way", age=30, fires=("gives_way_after_injury",)),
    "gives way without injury": _case("knee_pain", "knee_gives_way"),
    "night pain": _case("knee_pain", "night_pain", fires=("night_pain",), triage="see_clinician"),
    "weight loss": _case(
        "knee_pain", "unexplained_weight_loss", fires=("unexplained_weight_loss",), triage="see_clinician"
    ),
}

SAFETY_RULES = {rule.id for rule in kneelink.default_pack().rules if rule.red_flag is not None}


def _answer(case: Case) -> Suggestion:
    return kneelink.suggest_regions(list(case.symptoms), age=case.age)


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_safety_rule_table(case: Case) -> None:
    answer = _answer(case)
    assert set(answer.fired_rules) & SAFETY_RULES == case.rules
    assert answer.triage == case.triage
    if case.triage == "urgent":
        assert answer.regions == ()
    flags = {hit.id for hit in answer.red_flags}
    assert flags == {rule.red_flag for rule in kneelink.default_pack().rules if rule.id in case.rules}


def test_every_safety_rule_has_a_row() -> None:
    covered = set().union(*(case.rules for case in CASES.values()))
    assert covered == SAFETY_RULES


def test_urgent_withholds_every_region_the_chain_would_suggest() -> None:
    plain = kneelink.suggest_regions(["knee_pain", INJURY], age=30)
    flagged = kneelink.suggest_regions(["knee_pain", INJURY], age=70)
    assert flagged.triage == "urgent"
    assert flagged.regions == ()
    assert {held.region for held in flagged.withheld} == set(plain.region_ids)
    fracture = next(hit for hit in flagged.red_flags if hit.id == "possible_fracture")
    assert all(held.reason == fracture.message for held in flagged.withheld)
    assert all(held.rule in FRACTURE_RULES for held in flagged.withheld)


def test_dvt_withholds_the_leg_even_with_no_knee_pain() -> None:
    answer = kneelink.suggest_regions(["calf_swelling"])
    flag = kneelink.default_pack().content.red_flags["possible_dvt"]
    assert "calf" in flag.withhold
    assert {held.region for held in answer.withheld} == set(flag.withhold)
    assert answer.regions == ()


def test_see_clinician_keeps_regions_and_says_what_to_do() -> None:
    plain = kneelink.suggest_regions(["anterior_knee_pain"])
    flagged = kneelink.suggest_regions(["anterior_knee_pain", "night_pain"])
    assert flagged.triage == "see_clinician"
    assert flagged.region_ids == plain.region_ids
    assert flagged.withheld == ()
    (hit,) = flagged.red_flags
    assert hit.level == "see_clinician"
    assert "doctor" in hit.message
    assert hit.source.startswith("clinical reference §2")


def test_red_flag_messages_say_what_to_do_and_how_soon() -> None:
    for flag in kneelink.default_pack().content.red_flags.values():
        text = flag.message.lower()
        assert any(when in text for when in ("today", "now", "next few days", "soon")), flag.id
        if flag.level == "urgent":
            assert "do not" in text, flag.id


def test_local_contraindication_withholds_that_region_only() -> None:
    plain = kneelink.suggest_regions(["lateral_knee_pain"], side="left")
    held = kneelink.suggest_regions(["lateral_knee_pain"], side="left", contraindications=[("open_wound", "it_band")])
    assert held.triage == "self_care"
    assert held.region_ids == tuple(region for region in plain.region_ids if region != "it_band")
    (withheld,) = held.withheld
    assert (withheld.region, withheld.contraindication, withheld.rule) == ("it_band", "open_wound", None)
    assert "Bartsch" in withheld.source


def test_contraindication_over_an_unsuggested_region_is_still_reported() -> None:
    # A person told "not there" should hear it even if nothing suggested the region.
    answer = kneelink.suggest_regions(["knee_pain"], contraindications=[("local_inflammation", "gluteals")])
    assert "gluteals" not in answer.region_ids
    assert [held.region for held in answer.withheld] == ["gluteals"]


def test_safety_rules_fire_before_the_chain() -> None:
    answer = kneelink.suggest_regions(["knee_pain", "calf_swelling"])
    assert answer.fired_rules[0] == "dvt_signs"


def test_every_safety_rule_is_an_extension_citing_the_reference() -> None:
    for rule in kneelink.default_pack().rules:
        if rule.red_flag is not None:
            assert rule.extension
            assert rule.source.reference is not None
            assert rule.source.reference.startswith(("§2", "§3"))
