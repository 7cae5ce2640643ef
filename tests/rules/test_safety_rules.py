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

INJURY = "knee_injury"


@dataclass(frozen=True)
class Case:
    symptoms: tuple[str, ...]
    age: int | None = None
    flags: frozenset[str] = field(default_factory=frozenset)  # red flags that must be raised, and no others
    triage: str = "self_care"
    days: int | None = None  # days since the injury; None: not known


def _case(
    *symptoms: str,
    age: int | None = None,
    flags: tuple[str, ...] = (),
    triage: str = "self_care",
    days: int | None = None,
) -> Case:
    return Case(tuple(symptoms), age, frozenset(flags), triage, days)


# An injury in the last 3 days (or on a day not known) raises the "no massage yet" flag.
RECENT = "recent_injury"
FRACTURE = ("possible_fracture", RECENT)
AGE_ONLY = ("fracture_check_for_age", RECENT)
FALL = "injury_fall_or_blow"

CASES: dict[str, Case] = {
    # Ottawa Knee Rule: an injury in the last 7 days and any one criterion means an X-ray.
    # An examination finding is a suspected fracture, which the NHS pathway sends to an
    # emergency department; age alone asks for an X-ray today (consultation_24).
    "ottawa: age 55 after injury": _case("knee_pain", INJURY, age=55, flags=AGE_ONLY, triage="consultation_24"),
    "ottawa: age 54, a twist": _case("knee_pain", INJURY, age=54, flags=(RECENT,)),
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
    # ... inside its 7-day window, and not after it ...
    "ottawa: day 7": _case(
        INJURY, "fibular_head_tenderness", age=30, days=7, flags=("possible_fracture",), triage="emergency"
    ),
    # ... and a week on, a bone still tender is an injury not getting better: a GP.
    "ottawa: day 8": _case(
        "knee_pain",
        INJURY,
        "fibular_head_tenderness",
        age=30,
        days=8,
        flags=("injury_not_settling",),
        triage="consultation",
    ),
    "ottawa: age 55 on day 8": _case("knee_pain", INJURY, age=55, days=8),
    # ... and no Ottawa criterion counts without the injury it needs ...
    "no injury: age 60": _case("knee_pain", age=60),
    "no injury: isolated patellar tenderness": _case("knee_pain", "isolated_patellar_tenderness", age=30),
    "no injury: fibular head tenderness": _case("knee_pain", "fibular_head_tenderness", age=30),
    "no injury: cannot flex to 90": _case("knee_pain", "unable_to_flex_90", age=30),
    # An injury means no massage or rolling for 3 days (NHS sprains and strains).
    "injury alone at 30": _case("knee_pain", INJURY, age=30, flags=(RECENT,)),
    "injury, age unknown": _case("knee_pain", INJURY, flags=(RECENT,)),
    "injury on day 3": _case("knee_pain", INJURY, age=30, days=3, flags=(RECENT,)),
    "injury on day 4": _case("knee_pain", INJURY, age=30, days=4),
    "injury 2 weeks ago": _case("knee_pain", INJURY, age=30, days=14),
    # Pittsburgh Knee Rule: a fall or a blow in the last 7 days, with age under 12 or over 50.
    "pittsburgh: age 11": _case(
        "knee_pain", INJURY, FALL, age=11, flags=(*AGE_ONLY, "child_with_knee_pain"), triage="consultation_24"
    ),
    "pittsburgh: age 12": _case(
        "knee_pain", INJURY, FALL, age=12, flags=(RECENT, "child_with_knee_pain"), triage="consultation"
    ),
    "pittsburgh: age 50": _case("knee_pain", INJURY, FALL, age=50, flags=(RECENT,)),
    "pittsburgh: age 51": _case("knee_pain", INJURY, FALL, age=51, flags=AGE_ONLY, triage="consultation_24"),
    "pittsburgh: age 51, a twist": _case("knee_pain", INJURY, age=51, flags=(RECENT,)),
    "pittsburgh: age 0": _case(INJURY, FALL, age=0, flags=AGE_ONLY, triage="consultation_24"),
    "pittsburgh: day 8": _case("knee_pain", INJURY, FALL, age=51, days=8),
    # Devon referral guidance: knee pain under 16 is a reason to refer, and rolling waits
    # for the doctor; a limping child with no injury needs an examination.
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
    # NICE NG12: night pain in a child or young person (up to 24): an X-ray within 48 hours.
    "night pain at 13": _case(
        "knee_pain",
        "night_pain",
        age=13,
        flags=("young_person_bone_pain", "child_with_knee_pain", "serious_cause_to_rule_out"),
        triage="consultation_24",
    ),
    "night pain at 24": _case(
        "knee_pain",
        "night_pain",
        age=24,
        flags=("young_person_bone_pain", "serious_cause_to_rule_out"),
        triage="consultation_24",
    ),
    "night pain at 25": _case(
        "knee_pain", "night_pain", age=25, flags=("serious_cause_to_rule_out",), triage="consultation"
    ),
    # NHS knee pathway: emergency department.
    "deformity": _case("visible_deformity", flags=("possible_dislocation",), triage="emergency"),
    "kneecap dislocated": _case("kneecap_dislocated", flags=("patellar_dislocation",), triage="emergency"),
    "tendon rupture": _case("suspected_tendon_rupture", flags=("tendon_rupture",), triage="emergency"),
    "dent near the kneecap": _case("dent_near_kneecap", flags=("tendon_rupture",), triage="emergency"),
    "cannot lift the leg after an injury": _case(
        INJURY,
        "cannot_lift_leg_straight",
        age=30,
        days=10,
        flags=("tendon_rupture", "cannot_walk_or_move_knee"),
        triage="emergency",
    ),
    "cannot lift the leg, no injury": _case(
        "cannot_lift_leg_straight", flags=("cannot_walk_or_move_knee",), triage="consultation_24"
    ),
    "locked knee": _case("knee_locked", flags=("locked_knee",), triage="emergency"),
    "catches now and then": _case("knee_pain", "knee_catches"),
    "cold or blue foot": _case("foot_cold_pale_or_blue", flags=("foot_blood_supply",), triage="emergency"),
    # NHS knee pathway: urgent fracture clinic, or the same day.
    "haemarthrosis": _case(
        "knee_pain", "rapid_swelling_after_injury", flags=("possible_haemarthrosis",), triage="consultation_24"
    ),
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
    "numb foot after an injury": _case(
        INJURY,
        "foot_numbness_or_tingling",
        age=30,
        days=2,
        flags=("numb_after_injury", "nerve_problem", RECENT),
        triage="emergency",
    ),
    "injury older than a week, still sore, but nothing a week on says": _case(INJURY, age=30, days=20),
    "numb or tingling foot": _case(
        "knee_pain", "foot_numbness_or_tingling", flags=("nerve_problem",), triage="consultation_24"
    ),
    # Infection: a hot swollen knee; a swollen knee with a temperature; knee pain while unwell.
    # The pathway sends a suspected joint infection to an emergency department; a hot,
    # swollen, painful knee is one until proven otherwise, fever or not (BMJ).
    "septic arthritis without fever": _case(
        "hot_swollen_knee", flags=("possible_joint_infection",), triage="emergency"
    ),
    "unwell with knee pain": _case("knee_pain", "fever", flags=("unwell_with_knee_pain",), triage="consultation_24"),
    "a temperature, no knee complaint": _case("fever"),
    "pair: hot swollen knee and fever": _case(
        "hot_swollen_knee",
        "fever",
        flags=("possible_joint_infection", "joint_infection_with_fever"),
        triage="emergency",
    ),
    "pair: swollen knee and fever": _case(
        "swollen_knee", "fever", flags=("joint_infection_with_fever",), triage="emergency"
    ),
    "swollen knee alone": _case("knee_pain", "swollen_knee"),
    # Devon: knee pain within 6 months of surgery, or in a replaced knee, is a reason to
    # refer; swelling alone is usual for weeks, so it asks for nothing more urgent.
    "knee surgery alone": _case("recent_knee_surgery", age=40),
    "knee pain after surgery": _case(
        "knee_pain", "recent_knee_surgery", flags=("knee_pain_after_surgery",), triage="consultation"
    ),
    "swollen knee after surgery": _case(
        "knee_pain", "recent_knee_surgery", "swollen_knee", flags=("knee_pain_after_surgery",), triage="consultation"
    ),
    "swollen knee replacement": _case(
        "knee_pain", "knee_replacement", "swollen_knee", flags=("knee_pain_after_surgery",), triage="consultation"
    ),
    "pair: hot swollen knee after surgery": _case(
        "recent_knee_surgery",
        "hot_swollen_knee",
        flags=("possible_joint_infection_after_surgery", "possible_joint_infection"),
        triage="emergency",
    ),
    "pair: hot swollen knee replacement": _case(
        "knee_replacement",
        "hot_swollen_knee",
        flags=("possible_joint_infection_after_surgery", "possible_joint_infection"),
        triage="emergency",
    ),
    "immunosuppressed alone": _case("knee_pain", "immunosuppressed"),
    "pair: swollen knee, immunosuppressed": _case(
        "immunosuppressed", "swollen_knee", flags=("possible_joint_infection",), triage="emergency"
    ),
    # Clots: any one sign in one calf or thigh; with chest symptoms, an ambulance.
    "dvt: swelling": _case("knee_pain", "one_leg_swelling", flags=("possible_dvt",), triage="consultation_24"),
    "dvt: warm or red skin": _case("one_leg_warm_or_red", flags=("possible_dvt",), triage="consultation_24"),
    "dvt: throbbing pain": _case("one_leg_throbbing_pain", flags=("possible_dvt",), triage="consultation_24"),
    "chest symptoms alone": _case(
        "knee_pain", "breathless_or_chest_pain", flags=("chest_symptoms",), triage="emergency_ambulance"
    ),
    "pair: dvt signs and chest symptoms": _case(
        "one_leg_swelling",
        "breathless_or_chest_pain",
        flags=("possible_dvt", "possible_clot_in_lungs", "chest_symptoms"),
        triage="emergency_ambulance",
    ),
    # Bleeding into the joint on anticoagulants: with an injury, or with a swollen knee.
    "anticoagulants alone": _case("knee_pain", "takes_anticoagulants"),
    "pair: anticoagulants and injury": _case(
        "takes_anticoagulants", INJURY, age=30, flags=("possible_bleeding_into_joint", RECENT), triage="emergency"
    ),
    "pair: anticoagulants and swollen knee": _case(
        "takes_anticoagulants", "swollen_knee", flags=("possible_bleeding_into_joint",), triage="emergency"
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


def answer_of(case: Case) -> Suggestion:
    return kneelink.suggest_regions(list(case.symptoms), age=case.age, days_since_injury=case.days)


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_safety_rule_table(case: Case) -> None:
    answer = answer_of(case)
    assert {hit.id for hit in answer.red_flags} == case.flags
    assert answer.triage == case.triage
    if TriageLevel[case.triage] >= TriageLevel.consultation_24 or {RECENT, "child_with_knee_pain"} & case.flags:
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
    for symptoms in (["knee_injury", "fibular_head_tenderness"], ["knee_locked"], ["hot_swollen_knee"]):
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
    answer = kneelink.suggest_regions(["lateral_knee_pain", "running_downhill", INJURY], age=34, days_since_injury=2)
    assert answer.triage == "self_care"
    assert answer.regions == ()
    (hit,) = answer.red_flags
    assert hit.id == RECENT
    # Positive advice for the first days, what to avoid, and when to get help.
    for words in ("3 days", "rest", "ice", "massage", "NHS 111", "999"):
        assert words in hit.message, words
    assert hit.citations[0].address == "https://www.nhs.uk/conditions/sprains-and-strains/"
    assert "Hold off foam-rolling" in answer.advice


def test_consultation_keeps_regions_and_says_so() -> None:
    plain = kneelink.suggest_regions(["anterior_knee_pain"], age=40)
    flagged = kneelink.suggest_regions(["anterior_knee_pain", "night_pain"], age=40)
    assert flagged.triage == "consultation"
    assert flagged.region_ids == plain.region_ids
    assert flagged.withheld == ()
    (hit,) = flagged.red_flags
    assert hit.level == "consultation"
    assert "Book a GP appointment" in hit.message
    assert "Book an appointment with a doctor" in flagged.advice
    assert "the regions below may be rolled" in flagged.advice


# What each level's message must say: a place the public can reach, and how soon.
HOW_SOON = {
    "emergency_ambulance": ("for an ambulance now",),
    "emergency": ("now",),
    "consultation_24": ("today", "within 24 hours"),
    "consultation": ("book a gp appointment",),
    "self_care": ("first 3 days",),
}
# Urgency words that belong to another level: "now" in a consultation_24 message would
# tell a person to go at once while the level says today, and the reverse.
NOT_SAID = {
    "emergency_ambulance": (),
    "emergency": ("within 24 hours", "book"),
    "consultation_24": ("go now", "call {emergency_number} now", "book"),
    "consultation": ("go now", "today"),
    "self_care": ("go now",),
}


def test_red_flag_messages_say_where_to_go_and_how_soon_as_their_level_does() -> None:
    for flag in PACK.content.red_flags.values():
        text = flag.message.lower()
        assert any(when in text for when in HOW_SOON[flag.level]), flag.id
        assert not any(words in text for words in NOT_SAID[flag.level]), flag.id
        assert "fracture clinic" not in text, f"{flag.id}: the public cannot book a fracture clinic"
        if TriageLevel[flag.level].withholds_every_region:
            assert "do not" in text, flag.id


def test_no_message_writes_an_emergency_number_into_its_prose() -> None:
    for flag in PACK.content.red_flags.values():
        assert not any(number in flag.message for number in ("999", "911", "112")), flag.id
    american = PACK.with_places(emergency_number="911", advice_line="your doctor's after-hours line")
    message = american.suggest_regions(["breathless_or_chest_pain"]).red_flags[0].message
    assert "Call 911 for an ambulance now" in message
    answer = american.suggest_regions(["knee_injury", "knee_pain"], age=30)
    assert "999" not in answer.red_flags[0].message
    assert "your doctor's after-hours line" in answer.red_flags[0].message


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
    answer = kneelink.suggest_regions(["knee_pain", "one_leg_swelling"])
    assert answer.fired_rules[0] == "dvt_signs"
