"""Properties of every answer, over reports drawn by :mod:`kneelink.testing`, and a
differential check of the real engine against tests/support/oracle.py, on the default pack and
on a small pack that uses every feature of the rule format. Every test here runs once per
engine, with no answer cache, so each call really evaluates."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from oracle import Oracle
from packs import SOURCES

import kneelink
from kneelink import TriageLevel
from kneelink.testing import reports, symptom_ids

HIP_MUSCLES = {"gluteals", "tfl"}  # article line 19: for any knee pain, treat the hip muscles


@pytest.fixture(scope="module", params=["durable", "native"])
def engine(request: pytest.FixtureRequest) -> kneelink.EngineChoice:
    choice: kneelink.EngineChoice = request.param
    return choice


@pytest.fixture(scope="module")
def pack(engine: kneelink.EngineChoice, rules_dir: Path) -> kneelink.RulePack:
    return kneelink.load_pack(rules_dir, engine=engine, cache_size=0)


def _knee_pain(pack: kneelink.RulePack, report: kneelink.SymptomReport) -> bool:
    return any(pack.symptoms[id_].category == "knee_pain" for id_ in report.symptoms)


# --- the same question, the same answer ----------------------------------------------------


@given(report=reports(contraindications=True))
def test_the_same_report_gets_the_same_answer(pack: kneelink.RulePack, report: kneelink.SymptomReport) -> None:
    assert pack.suggest_regions(report) == pack.suggest_regions(report)


@given(data=st.data(), report=reports(contraindications=True))
def test_the_order_of_symptoms_does_not_matter(
    pack: kneelink.RulePack, data: st.DataObject, report: kneelink.SymptomReport
) -> None:
    ids = sorted(report.symptoms)
    shuffled = data.draw(st.permutations(ids))
    local = [(item.kind, item.region) for item in report.contraindications]
    first = pack.suggest_regions(ids, side=report.side, age=report.age, contraindications=local)
    again = pack.suggest_regions(shuffled, side=report.side, age=report.age, contraindications=local[::-1])
    assert first == again


# --- what every answer looks like ----------------------------------------------------------


@given(report=reports(contraindications=True))
def test_every_answer_is_well_formed(pack: kneelink.RulePack, report: kneelink.SymptomReport) -> None:
    answer = pack.suggest_regions(report)
    order = list(pack.regions)
    assert set(answer.region_ids) <= set(order)
    assert list(answer.region_ids) == sorted(answer.region_ids, key=order.index)
    assert {suggestion.side for suggestion in answer.regions} <= {report.side or "unspecified"}
    withheld = [item.region for item in answer.withheld]
    assert withheld == sorted(withheld, key=order.index)
    assert not set(withheld) & set(answer.region_ids)
    assert all(suggestion.reasons for suggestion in answer.regions)
    assert len(set(answer.fired_rules)) == len(answer.fired_rules)
    for local in report.contraindications:
        assert local.region in withheld
        assert local.region not in answer.region_ids


@given(report=reports(contraindications=True))
def test_every_chain_runs_from_a_reported_symptom_through_derived_facts(
    pack: kneelink.RulePack, report: kneelink.SymptomReport
) -> None:
    answer = pack.suggest_regions(report)
    facts = pack.content.facts
    for suggestion in answer.regions:
        for reason in suggestion.reasons:
            assert reason.chain[0] in report.symptoms, reason
            assert reason.chain[-1] == suggestion.region, reason
            assert all(step in facts for step in reason.chain[1:-1]), reason
            assert len(set(reason.chain)) == len(reason.chain), f"a chain that loops: {reason}"
            assert reason.rule in answer.fired_rules


# --- the article's rules, whatever else is reported ---------------------------------------


# From 16: knee pain in a child holds rolling back until a doctor has checked the hip
# (test_safety_rules.py, "knee pain at 15").
ADULT_AGES = st.none() | st.integers(min_value=16, max_value=120)


@given(report=reports(red_flags=False, ages=ADULT_AGES))
def test_knee_pain_always_gets_the_hip_muscles(pack: kneelink.RulePack, report: kneelink.SymptomReport) -> None:
    answer = pack.suggest_regions(report)
    roles = {suggestion.region: suggestion.role for suggestion in answer.regions}
    if _knee_pain(pack, report):
        assert {region: roles.get(region) for region in HIP_MUSCLES} == dict.fromkeys(HIP_MUSCLES, "primary")


@given(report=reports(contraindications=True))
def test_only_a_red_flag_or_a_contraindication_takes_the_hip_muscles_away(
    pack: kneelink.RulePack, report: kneelink.SymptomReport
) -> None:
    answer = pack.suggest_regions(report)
    if _knee_pain(pack, report) and answer.triage_level < TriageLevel.consultation_24:
        missing = HIP_MUSCLES - set(answer.region_ids)
        held = {item.region: item for item in answer.withheld}
        assert missing <= set(held), answer
        for region in missing:
            cause = held[region]
            assert cause.contraindication is not None or cause.rule is not None, cause


@given(data=st.data(), report=reports(red_flags=False, ages=ADULT_AGES))
def test_adding_a_symptom_never_removes_a_region(
    pack: kneelink.RulePack, data: st.DataObject, report: kneelink.SymptomReport
) -> None:
    # Red flags are left out, and so are children, whose knee pain is one: they rightly take regions away.
    extra = data.draw(symptom_ids(categories={"knee_pain", "condition", "aggravating_factor"}))
    before = pack.suggest_regions(report)
    after = pack.suggest_regions(
        [*report.symptoms, extra], side=report.side, age=report.age, days_since_injury=report.days_since_injury
    )
    removed = set(before.region_ids) - set(after.region_ids)
    assert not removed, f"adding {extra} to {sorted(report.symptoms)} removed {sorted(removed)}"


# --- the engine against the oracle, on any pack ----------------------------------------------

# Every feature of the rule format, in one small pack: `any` mixing symptoms and facts, a
# cycle of derived facts, an id in both `all` and `any`, `none` on a symptom that sorts
# after the positive one, age bounds, explicit withholding, both red-flag levels (one
# withholding a region it names), a local contraindication, and priorities.
EDGE_PACK = (
    """
schema_version = 2
"""
    + SOURCES
    + """
[pack]
name = "edge-cases"
version = "0.1"

[[symptom]]
id = "ache"
label = "Ache"
category = "knee_pain"
cite = ["article#4"]

[[symptom]]
id = "bent"
label = "Bent"
category = "condition"
cite = ["article#7"]

[[symptom]]
id = "climbing"
label = "Climbing"
category = "aggravating_factor"
cite = ["article#6"]

[[symptom]]
id = "fused"
label = "Fused"
category = "condition"
cite = ["article#7"]

[[symptom]]
id = "warm"
label = "Warm"
question = "Is this the case?"
category = "red_flag"
cite = ["reference"]

[[symptom]]
id = "zigzag"
label = "Zigzag"
question = "Is this the case?"
category = "red_flag"
cite = ["reference"]

[[fact]]
id = "one"
label = "One"
cite = ["article#4"]

[[fact]]
id = "two"
label = "Two"
cite = ["article#4"]

[[fact]]
id = "loop"
label = "Loop"
cite = ["article#4"]

[[region]]
id = "r_hip"
label = "Hip"
body_area = "hip"
order = 1
cite = ["article#9"]

[[region]]
id = "r_thigh"
label = "Thigh"
body_area = "thigh"
order = 2
cite = ["article#14"]

[[region]]
id = "r_shin"
label = "Shin"
body_area = "shin"
order = 3
cite = ["article#14"]

[[region]]
id = "r_calf"
label = "Calf"
body_area = "calf"
order = 4
cite = ["article#14"]

[[red_flag]]
id = "soon"
label = "See someone soon"
level = "consultation"
message = "Book an appointment."
withhold = ["r_thigh"]
cite = ["reference"]

[[red_flag]]
id = "now"
label = "Get help now"
level = "consultation_24"
message = "Get help today."
cite = ["reference"]

[[contraindication]]
id = "wound"
label = "Wound"
message = "Not over a wound."
cite = ["reference"]

[[rule]]
id = "ache_is_one"
summary = "Ache derives one."
when = { all = ["ache"] }
derive = ["one"]
cite = ["article#4"]

[[rule]]
id = "one_rolls_hip_and_thigh"
summary = "One: roll the hip and thigh."
when = { all = ["one"] }
suggest = ["r_hip", "r_thigh"]
role = "supporting"
cite = ["article#8"]

[[rule]]
id = "bent_or_two_is_loop"
summary = "Bent, or two, derives loop."
when = { any = ["bent", "two"] }
derive = ["loop"]
cite = ["article#7"]

[[rule]]
id = "loop_is_two"
summary = "Loop derives two: a cycle."
when = { all = ["loop"] }
derive = ["two"]
cite = ["article#7"]

[[rule]]
id = "loop_and_climbing_roll_the_shin"
summary = "Loop while climbing: roll the shin."
when = { all = ["loop", "climbing"] }
suggest = ["r_shin"]
role = "primary"
priority = 5
cite = ["article#6"]

[[rule]]
id = "ache_also_in_any"
summary = "Ache, with ache or fused."
when = { all = ["ache"], any = ["ache", "fused"] }
suggest = ["r_calf"]
role = "primary"
cite = ["article#14"]

[[rule]]
id = "one_unless_zigzag"
summary = "One, unless zigzag: the hip is primary."
when = { all = ["one"], none = ["zigzag"] }
suggest = ["r_hip"]
role = "primary"
cite = ["article#8"]

[[rule]]
id = "middle_aged_ache"
summary = "Ache between 40 and 60: see someone."
when = { all = ["ache"], age = { min = 40, max = 60 } }
red_flag = "soon"
extension = true
cite = ["reference"]

[[rule]]
id = "young_and_bent"
summary = "Bent at 11 or under."
when = { any = ["bent", "fused"], age = { max = 11 }, none = ["warm"] }
suggest = ["r_calf"]
role = "supporting"
cite = ["article#14"]

[[rule]]
id = "warm_is_urgent"
summary = "Warm: urgent."
when = { any = ["warm", "zigzag"] }
red_flag = "now"
priority = 100
extension = true
cite = ["reference"]

[[rule]]
id = "fused_one_holds_the_hip"
summary = "Fused with one: do not roll the hip."
when = { all = ["fused", "one"] }
withhold = ["r_hip"]
extension = true
cite = ["reference"]
"""
)


@pytest.fixture(scope="session")
def edge_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("edge-pack")
    (folder / "pack.toml").write_text(textwrap.dedent(EDGE_PACK), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def edge_pack(edge_dir: Path, engine: kneelink.EngineChoice) -> kneelink.RulePack:
    return kneelink.load_pack(edge_dir, engine=engine, cache_size=0)


@pytest.fixture(scope="session")
def edge_oracle(edge_dir: Path) -> Oracle:
    return Oracle(edge_dir)


def _differ(pack: kneelink.RulePack, oracle: Oracle, report: kneelink.SymptomReport) -> None:
    answer = pack.suggest_regions(report)
    local = [(item.kind, item.region) for item in report.contraindications]
    expected = oracle.evaluate(report.symptoms, report.age, local, report.absent, report.days_since_injury)
    assert set(answer.fired_rules) == expected.fired
    assert {suggestion.region: suggestion.role for suggestion in answer.regions} == dict(expected.regions)
    assert answer.triage == expected.triage
    assert {hit.id for hit in answer.red_flags} == expected.red_flags
    assert {item.region for item in answer.withheld} == expected.withheld


AGES = (
    st.none() | st.integers(min_value=0, max_value=120) | st.sampled_from([10, 11, 12, 39, 40, 50, 51, 54, 55, 60, 61])
)


@given(report=reports(max_size=8, ages=AGES, contraindications=True))
def test_the_engine_agrees_with_the_oracle_on_the_default_pack(
    pack: kneelink.RulePack, oracle: Oracle, report: kneelink.SymptomReport
) -> None:
    _differ(pack, oracle, report)


@given(data=st.data())
def test_the_engine_agrees_with_the_oracle_on_every_feature(
    edge_pack: kneelink.RulePack, edge_oracle: Oracle, data: st.DataObject
) -> None:
    report = data.draw(reports(edge_pack, ages=AGES, contraindications=True, tri_state=True))
    _differ(edge_pack, edge_oracle, report)


def test_the_edge_pack_exercises_what_it_claims(edge_pack: kneelink.RulePack, edge_oracle: Oracle) -> None:
    # Without these, the differential test above could agree on a pack where most rules
    # never fire.
    oracle = edge_oracle
    everything = oracle.evaluate(["ache", "bent", "climbing", "fused", "zigzag"], 50, [("wound", "r_calf")])
    assert everything.triage == "consultation_24"
    assert everything.fired >= {"loop_is_two", "loop_and_climbing_roll_the_shin", "middle_aged_ache"}
    assert "one_unless_zigzag" not in everything.fired
    # `none` matches only a reported absence.
    assert oracle.evaluate(["ache"], absent=["zigzag"]).fired >= {"ache_also_in_any", "one_unless_zigzag"}
    assert "one_unless_zigzag" not in oracle.evaluate(["ache"]).fired
    assert oracle.evaluate(["bent"], 11, absent=["warm"]).regions == {"r_calf": "supporting"}
    assert oracle.evaluate(["bent", "warm"], 11).fired == {"bent_or_two_is_loop", "loop_is_two", "warm_is_urgent"}
    answer = edge_pack.suggest_regions(["ache", "bent", "climbing"], age=45)
    assert answer.triage == "consultation"
    assert "r_thigh" in {item.region for item in answer.withheld}
