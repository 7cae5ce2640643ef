"""Every safety rule, its boundaries, and its criteria without the findings it needs.

Each row is a clinical statement, written out by hand from the sources the rule files
cite (Ottawa and Pittsburgh knee rules, an NHS knee pathway, NHS and BMJ pages on septic
arthritis, DVT and sprains, NHS referral guidance): these tables are the specification
the rule files must meet, triage level included.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

import kneelink
from kneelink import Suggestion, TriageLevel

INJURY = "recent_knee_injury"


@dataclass(frozen=True)
class Case:
    symptoms: tuple[str, ...]
    age: int | None = None
    flags: frozenset[str] = field(default_factory=frozenset)  # red flags that must be raised, and no others
    triage: str = "self_care"


def _case(*symptoms: str, age: int | None = None, flags: tuple[str, ...] = (), triage: str = "self_care") -> Case:
    return Case(tuple(symptoms), age, frozenset(flags), triage)


# Every injury also raises the 72-hour "no massage yet" flag.
RECENT = "recent_injury"
FRACTURE = ("possible_fracture", RECENT)

CASES: dict[str, Case] = {
    # Ottawa Knee Rule: after an injury, any one criterion means an X-ray: a suspected
    # fracture, which the NHS pathway sends to an emergency department.
    "ottawa: age 55 after injury": _case("knee_pain", INJURY, age=55, flags=FRACTURE, triage="emergency"),
    "ottawa: age 54 is Pittsburgh only": _case("knee_pain", INJURY, age=54, flags=FRACTURE, triage="emergency"),
    "ottawa: isolated patellar tenderness": _case(
        INJURY, "isolated_patellar_tenderness", age=30, flags=FRACTURE, triage="emergency"
    ),
    "ottawa: fibular head tenderness": _case(
        INJURY, "fibular_head_tenderness", age=30, flags=FRACTURE, triage="emergency"
    ),
    "ottawa: cannot flex to 90": _case(INJURY, "unable_to_flex_90", age=30, flags=FRACTURE, triage="emergency"),
    "ottawa+pittsburgh: cannot bear weight": _case(
        INJURY, "unable_to_bear_weight", age=30, flags=(*FRACTURE, "cannot_walk_or_move_knee"), triage="emergency"
    ),
    # ... no Ottawa criterion counts without the injury it needs ...
    "no injury: age 60": _case("knee_pain", age=60),
    "no injury: isolated patellar tenderness": _case("knee_pain", "isolated_patellar_tenderness", age=30),
    "no injury: fibular head tenderness": _case("knee_pain", "fibular_head_tenderness", age=30),
    "no injury: cannot flex to 90": _case("knee_pain", "unable_to_flex_90", age=30),
    # ... and an injury alone means no massage or rolling for 3 days (NHS sprains and strains).
    "injury alone at 30": _case("knee_pain", INJURY, age=30, flags=(RECENT,)),
    "injury, age unknown": _case("knee_pain", INJURY, flags=(RECENT,)),
    # Pittsburgh Knee Rule: injury with age under 12 or over 50.
    "pittsburgh: age 11": _case(
        "knee_pain", INJURY, age=11, flags=(*FRACTURE, "child_with_knee_pain"), triage="emergency"
    ),
    "pittsburgh: age 12": _case(
        "knee_pain", INJURY, age=12, flags=(RECENT, "child_with_knee_pain"), triage="consultation"
    ),
    "pittsburgh: age 50": _case("knee_pain", INJURY, age=50, flags=(RECENT,)),
    "pittsburgh: age 51": _case("knee_pain", INJURY, age=51, flags=FRACTURE, triage="emergency"),
    "pittsburgh: age 0": _case(INJURY, age=0, flags=FRACTURE, triage="emergency"),
    # Devon referral guidance: knee pain under 16 is a reason to refer; a limping child
    # with no injury needs an examination (hip disease can show up as knee pain).
    "knee pain at 15": _case("knee_pain", age=15, flags=("child_with_knee_pain",), triage="consultation"),
    "knee pain at 16": _case("knee_pain", age=16),
    "limping child at 15": _case(
        "knee_pain",
        "limp_without_injury",
        age=15,
        flags=("limping_child", "child_with_knee_pain"),
        triage="consultation_24",
    ),
    "limping at 16": _case("knee_pain", "limp_without_injury", age=16),
    "limping, age unknown": _case("knee_pain", "limp_without_injury"),
    # NHS knee pathway: emergency department.
    "deformity": _case("visible_deformity", flags=("possible_dislocation",), triage="emergency"),
    "kneecap dislocated": _case("kneecap_dislocated", flags=("patellar_dislocation",), triage="emergency"),
    "tendon rupture": _case("suspected_tendon_rupture", flags=("tendon_rupture",), triage="emergency"),
    # NHS knee pathway: urgent fracture clinic, or the same day.
    "haemarthrosis": _case(
        "knee_pain", "rapid_swelling_after_injury", flags=("possible_haemarthrosis",), triage="consultation_24"
    ),
    "locked knee": _case("knee_locked", flags=("locked_knee",), triage="consultation_24"),
    "gives way after injury": _case(
        INJURY,
        "knee_gives_way",
        age=30,
        flags=("possible_ligament_injury", "knee_gives_way", RECENT),
        triage="consultation_24",
    ),
    "gives way, no injury": _case("knee_pain", "knee_gives_way", flags=("knee_gives_way",), triage="consultation"),
    "cannot walk, no injury": _case(
        "unable_to_bear_weight", flags=("cannot_walk_or_move_knee",), triage="consultation_24"
    ),
    "cannot move the knee": _case("unable_to_move_knee", flags=("cannot_walk_or_move_knee",), triage="consultation_24"),
    "neurovascular signs": _case(
        "knee_pain", "foot_numbness_or_tingling", flags=("nerve_or_circulation_problem",), triage="consultation_24"
    ),
    # Infection: a hot swollen knee, feeling unwell, and the pair of both.
    "septic arthritis without fever": _case(
        "hot_swollen_knee", flags=("possible_joint_infection",), triage="consultation_24"
    ),
    "unwell with knee pain": _case("knee_pain", "fever", flags=("unwell_with_knee_pain",), triage="consultation_24"),
    "pair: hot swollen knee and fever": _case(
        "hot_swollen_knee",
        "fever",
        flags=("possible_joint_infection", "unwell_with_knee_pain", "joint_infection_with_fever"),
        triage="emergency",
    ),
    "swollen knee alone": _case("knee_pain", "swollen_knee"),
    "knee surgery alone": _case("knee_pain", "recent_knee_surgery_or_replacement"),
    "pair: swollen knee after surgery": _case(
        "recent_knee_surgery_or_replacement",
        "swollen_knee",
        flags=("possible_joint_infection_after_surgery",),
        triage="consultation_24",
    ),
    "immunosuppressed alone": _case("knee_pain", "immunosuppressed"),
    "pair: swollen knee, immunosuppressed": _case(
        "immunosuppressed", "swollen_knee", flags=("possible_joint_infection",), triage="consultation_24"
    ),
    # Clots: DVT signs, and the pair with breathlessness or chest pain.
    "dvt signs": _case("knee_pain", "calf_swelling", flags=("possible_dvt",), triage="consultation_24"),
    "breathless alone": _case("knee_pain", "breathless_or_chest_pain"),
    "pair: dvt signs and chest symptoms": _case(
        "calf_swelling",
        "breathless_or_chest_pain",
        flags=("possible_dvt", "possible_clot_in_lungs"),
        triage="emergency_ambulance",
    ),
    # Bleeding into the joint on anticoagulants: with an injury, or with a swollen knee.
    "anticoagulants alone": _case("knee_pain", "takes_anticoagulants"),
    "pair: anticoagulants and injury": _case(
        "takes_anticoagulants", INJURY, age=30, flags=("possible_bleeding_into_joint", RECENT), triage="consultation_24"
    ),
    "pair: anticoagulants and swollen knee": _case(
        "takes_anticoagulants", "swollen_knee", flags=("possible_bleeding_into_joint",), triage="consultation_24"
    ),
    # Night pain, weight loss, and night pain after cancer.
    "night pain": _case("knee_pain", "night_pain", flags=("serious_cause_to_rule_out",), triage="consultation"),
    "weight loss": _case(
        "knee_pain", "unexplained_weight_loss", flags=("serious_cause_to_rule_out",), triage="consultation"
    ),
    "cancer history alone": _case("knee_pain", "cancer_history"),
    "pair: night pain after cancer": _case(
        "night_pain",
        "cancer_history",
        flags=("serious_cause_to_rule_out", "night_pain_after_cancer"),
        triage="consultation_24",
    ),
}

PACK = kneelink.default_pack()
RED_FLAGS = set(PACK.content.red_flags)
EVERY_REGION = set(PACK.regions)


def _answer(case: Case) -> Suggestion:
    return kneelink.suggest_regions(list(case.symptoms), age=case.age)


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_safety_rule_table(case: Case) -> None:
    answer = _answer(case)
    assert {hit.id for hit in answer.red_flags} == case.flags
    assert answer.triage == case.triage
    if TriageLevel[case.triage] >= TriageLevel.consultation_24 or RECENT in case.flags:
        assert answer.regions == ()
        assert {held.region for held in answer.withheld} == EVERY_REGION
    elif answer.red_flags:
        assert answer.regions, "a consultation keeps the regions"


def test_every_red_flag_has_a_row() -> None:
    covered = set().union(*(case.flags for case in CASES.values()))
    assert covered == RED_FLAGS


def test_every_red_flag_symptom_raises_something_on_its_own() -> None:
    for symptom in PACK.symptoms.values():
        if symptom.category == "red_flag":
            assert kneelink.suggest_regions([symptom.id]).red_flags, symptom.id


def test_context_findings_raise_nothing_on_their_own() -> None:
    # They matter only in pairs; each pair has a row above showing both halves alone.
    for symptom in PACK.symptoms.values():
        if symptom.category == "context":
            assert kneelink.suggest_regions([symptom.id], age=30).red_flags == (), symptom.id


def test_a_referral_withholds_every_region_of_the_pack_with_the_flag_that_caused_it() -> None:
    for symptoms in (["recent_knee_injury", "fibular_head_tenderness"], ["knee_locked"], ["hot_swollen_knee"]):
        answer = kneelink.suggest_regions(symptoms, age=30)
        assert answer.triage_level >= TriageLevel.consultation_24
        assert answer.regions == ()
        assert [held.region for held in answer.withheld] == list(PACK.regions)
        first = answer.red_flags[0]
        assert all(
            (held.red_flag, held.rule, held.reason) == (first.id, first.rule, first.message) for held in answer.withheld
        )


def test_a_referral_withholds_more_than_the_chain_suggested() -> None:
    answer = kneelink.suggest_regions(["hip_muscle_tightness", "knee_locked"])
    assert set(kneelink.suggest_regions(["hip_muscle_tightness"]).region_ids) == {"gluteals", "tfl", "it_band"}
    assert {held.region for held in answer.withheld} == EVERY_REGION


def test_a_recent_injury_never_gets_the_rolling_programme() -> None:
    answer = kneelink.suggest_regions(["lateral_knee_pain", "running_downhill", INJURY], age=34)
    assert answer.triage == "self_care"
    assert answer.regions == ()
    (hit,) = answer.red_flags
    assert hit.id == RECENT
    assert "3 days" in hit.message
    assert "massage" in hit.message
    assert "2 weeks" in hit.message
    assert [citation.address for citation in hit.citations] == ["https://www.nhs.uk/conditions/sprains-and-strains/"]
    assert "3 days" in PACK.symptoms[INJURY].label
    assert "Hold off foam-rolling" in answer.advice


def test_consultation_keeps_regions_and_says_so() -> None:
    plain = kneelink.suggest_regions(["anterior_knee_pain"])
    flagged = kneelink.suggest_regions(["anterior_knee_pain", "night_pain"])
    assert flagged.triage == "consultation"
    assert flagged.region_ids == plain.region_ids
    assert flagged.withheld == ()
    (hit,) = flagged.red_flags
    assert hit.level == "consultation"
    assert "book an appointment" in hit.message
    assert "Book an appointment with a doctor" in flagged.advice
    assert "the regions below may be rolled" in flagged.advice


def test_red_flag_messages_say_what_to_do_and_how_soon() -> None:
    how_soon = {
        "emergency_ambulance": ("call an ambulance now",),
        "emergency": ("emergency department now", "emergency department today"),
        "consultation_24": ("today", "within 24 hours"),
        "consultation": ("book an appointment",),
        "self_care": ("first 3 days",),
    }
    for flag in PACK.content.red_flags.values():
        text = flag.message.lower()
        assert any(when in text for when in how_soon[flag.level]), flag.id
        if TriageLevel[flag.level].withholds_every_region:
            assert "do not" in text, flag.id


def test_every_safety_rule_is_an_extension_citing_a_published_source() -> None:
    for rule in PACK.rules:
        if rule.red_flag is not None:
            assert rule.extension, rule.id
            assert not any(cite.startswith("article") for cite in rule.cite), rule.id
            for cite in rule.cite:
                source = PACK.content.sources[cite]
                assert source.address or source.citation


def test_local_contraindication_withholds_that_region_only() -> None:
    plain = kneelink.suggest_regions(["lateral_knee_pain"], side="left")
    held = kneelink.suggest_regions(["lateral_knee_pain"], side="left", contraindications=[("open_wound", "it_band")])
    assert held.triage == "self_care"
    assert held.region_ids == tuple(region for region in plain.region_ids if region != "it_band")
    (withheld,) = held.withheld
    assert (withheld.region, withheld.contraindication, withheld.rule) == ("it_band", "open_wound", None)
    assert "foam rolling" in withheld.source
    assert withheld.citations[0].address == "https://doi.org/10.3390/jcm10225360"


def test_contraindication_over_an_unsuggested_region_is_still_reported() -> None:
    # A person told "not there" should hear it even if nothing suggested the region.
    answer = kneelink.suggest_regions(["knee_pain"], contraindications=[("local_inflammation", "gluteals")])
    assert "gluteals" not in answer.region_ids
    assert [held.region for held in answer.withheld] == ["gluteals"]


def test_safety_rules_fire_before_the_chain() -> None:
    answer = kneelink.suggest_regions(["knee_pain", "calf_swelling"])
    assert answer.fired_rules[0] == "dvt_signs"
