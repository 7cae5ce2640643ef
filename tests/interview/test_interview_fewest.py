"""The interview asks only what can still change the final answer (issue 20): a question
none of whose answers, given what was said, changes the answer at the end is never asked.

Checked exactly, by brute force over every way the rest of the interview could go, on
small random packs (where that is a few hundred answers); on the default pack, by finding
for each question asked a way to go on (one more answer at most) in which its replies
end in different answers."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_interview import ages_to_try, days_to_try

import kneelink
from kneelink import SymptomReport
from kneelink.interview._questions import Question, open_questions, question_for
from kneelink.testing import GeneratedPack, reports, rule_packs

Final = tuple[object, ...]


def final_answer(pack: kneelink.RulePack, report: SymptomReport) -> Final:
    """What a person is told: the triage, the red flags, the regions with their roles and
    cautions, and the regions withheld (not whether the interview was finished)."""
    answer = pack.suggest_regions(report)
    return (
        answer.triage,
        frozenset(hit.id for hit in answer.red_flags),
        tuple((region.region, region.role, tuple(c.symptom for c in region.cautions)) for region in answer.regions),
        frozenset(held.region for held in answer.withheld),
    )


def replies(pack: kneelink.RulePack, id_: str) -> list[object]:
    """Every reply an interview could record for ``id_``."""
    if id_ == "age":
        return [*sorted(ages_to_try(pack)), "unknown"]
    if id_ == "days_since_injury":
        return [*sorted(days_to_try(pack)), "unknown"]
    return ["yes", "no", "unknown"]


def open_ids(pack: kneelink.RulePack, report: SymptomReport) -> list[str]:
    return [id_ for id_ in [*pack.symptoms, "age", "days_since_injury"] if not report.answered(id_)]


def can_change_the_final_answer(pack: kneelink.RulePack, report: SymptomReport, question: Question) -> bool:
    """Whether some way of answering the other open questions (or leaving them) makes two
    replies to ``question`` end in different answers."""
    others = [id_ for id_ in open_ids(pack, report) if id_ != question.symptom]
    for completion in itertools.product(*([None, *replies(pack, id_)] for id_ in others)):
        completed = report
        for id_, reply in zip(others, completion, strict=True):
            if reply is not None:
                completed = completed.with_answer(id_, reply)  # type: ignore[arg-type]
        finals = {final_answer(pack, question.record(completed, r)) for r in replies(pack, question.symptom)}  # type: ignore[arg-type]
        if len(finals) > 1:
            return True
    return False


def _ways(pack: kneelink.RulePack, report: SymptomReport) -> int:
    ways = 1
    for id_ in open_ids(pack, report):
        ways *= len(replies(pack, id_)) + 1
    return ways


def one_way_to_each_effect(pack: kneelink.RulePack) -> bool:
    """Whether every fact, red flag, suggestion and withhold comes from one rule at most,
    each needing all of its ids (no ``any`` of two or more). Where two ways lead to the same
    effect, screening over-approximates (see the pinned example below) and may ask one
    question more than needed; that extra question is safe, and the benchmark counts it."""
    effects: list[str] = []
    for rule in pack.content.rules:
        if len(rule.when.any) > 1:
            return False
        effects += [f"fact:{id_}" for id_ in rule.derive]
        effects += [f"region:{id_}" for id_ in [*rule.suggest, *rule.withhold]]
        if rule.red_flag is not None:
            effects.append(f"flag:{rule.red_flag}")
    return len(effects) == len(set(effects))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(rule_packs(max_symptoms=4, max_rules=6), st.data())
def test_a_question_whose_every_answer_leaves_the_final_answer_unchanged_is_never_asked(
    generated: GeneratedPack, data: st.DataObject
) -> None:
    pack = generated.load()
    assume(one_way_to_each_effect(pack))
    report = data.draw(reports(pack, max_size=2, tri_state=True))
    assume(kneelink.next_question(report, pack) is not None)
    assume(_ways(pack, report) <= 4_000)
    asked = 0
    for _ in range(len(pack.symptoms) + 2):
        question = kneelink.next_question(report, pack)
        if question is None:
            break
        asked += 1
        assert can_change_the_final_answer(pack, report, question), question.symptom
        report = question.record(report, data.draw(st.sampled_from(replies(pack, question.symptom))))
    assert asked


DEFAULT = kneelink.default_pack(engine="native")


def _one_more(pack: kneelink.RulePack, report: SymptomReport, question: Question) -> bool:
    """Whether, with at most one other open question answered, two replies to ``question``
    end in different answers."""
    others: list[tuple[str, object] | None] = [None]
    for id_ in open_ids(pack, report):
        if id_ != question.symptom:
            others += [(id_, reply) for reply in replies(pack, id_) if reply != "unknown"]
    for other in others:
        completed = report if other is None else report.with_answer(*other)  # type: ignore[arg-type]
        finals = {final_answer(pack, question.record(completed, r)) for r in replies(pack, question.symptom)}  # type: ignore[arg-type]
        if len(finals) > 1:
            return True
    return False


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports(DEFAULT, max_size=3, tri_state=True), st.data())
def test_on_the_default_pack_every_question_asked_can_change_the_final_answer(
    report: SymptomReport, data: st.DataObject
) -> None:
    question = kneelink.next_question(report, DEFAULT)
    assume(question is not None)
    for _ in range(6):  # a few steps of an interview from each report
        assert question is not None
        assert _one_more(DEFAULT, report, question), question.symptom
        report = question.record(report, data.draw(st.sampled_from(replies(DEFAULT, question.symptom))))
        question = kneelink.next_question(report, DEFAULT)
        if question is None:
            break


# The counterexample Hypothesis found (shrunk by hand to what matters): flag0 comes from s2,
# or from f0, which needs s0 and s2. s0 can never change whether flag0 is raised (s2 alone
# raises it), yet screening, which asks whether a rule needing s0 could lead to the flag,
# asks for s0. The extra question is safe; asking exactly would mean comparing every way
# the other open ids could go, which screening does only for ids named both ways.
PINNED = """schema_version = 2

[pack]
name = "pinned"
version = "0.1"

[[source]]
id = "reference"
title = "Generated reference"
publisher = "kneelink.testing"
citation = "x"

[[symptom]]
id = "s0"
label = "s0"
category = "knee_pain"
cite = ["reference"]

[[symptom]]
id = "s1"
label = "s1"
category = "knee_pain"
cite = ["reference"]

[[symptom]]
id = "s2"
label = "s2"
category = "knee_pain"
cite = ["reference"]

[[fact]]
id = "f0"
label = "f0"
cite = ["reference"]

[[region]]
id = "r0"
label = "r0"
body_area = "leg"
order = 1
cite = ["reference"]

[[red_flag]]
id = "flag0"
label = "flag0"
level = "emergency_ambulance"
message = "see a clinician today"
cite = ["reference"]

[[rule]]
id = "s1_rolls_r0"
summary = "s1 suggests r0"
when = { all = ["s1"] }
suggest = ["r0"]
role = "primary"
cite = ["reference"]
extension = true

[[rule]]
id = "s2_or_f0_raises_flag0"
summary = "s2, or f0, raises flag0"
when = { any = ["s2", "f0"] }
red_flag = "flag0"
cite = ["reference"]
extension = true

[[rule]]
id = "s0_with_s2_is_f0"
summary = "s0 with s2 derives f0"
when = { all = ["s0", "s2"] }
derive = ["f0"]
cite = ["reference"]
extension = true
"""


def test_a_question_whose_rules_only_repeat_another_way_to_their_regions_is_not_asked() -> None:
    # Found by the property above: front knee pain with tight hip flexors makes the
    # quadriceps primary, and tight hip flexors alone do so already, so with tight hip
    # muscles denied, front knee pain can change nothing and is not asked; the hip
    # flexors are.
    still_open = {"knee_catches", "running_downhill", "anterior_knee_pain", "tight_hip_flexors"}
    report = SymptomReport(
        symptoms={"knee_catches", "running_downhill"},
        absent=set(DEFAULT.symptoms) - still_open - set(DEFAULT.windows),
        unknown={"age"},
    )
    asked = [question.symptom for question in open_questions(report, DEFAULT)]
    assert "tight_hip_flexors" in asked
    assert "anterior_knee_pain" not in asked
    question = question_for("anterior_knee_pain", DEFAULT)
    assert not can_change_the_final_answer(DEFAULT, report, question)


@pytest.mark.xfail(
    reason="screening over-approximates when two ways lead to one red flag: it asks s0, which no answer makes matter",
    strict=True,
)
def test_a_question_that_only_duplicates_another_way_to_a_flag_is_not_asked(tmp_path: Path) -> None:
    (tmp_path / "pack.toml").write_text(PINNED, encoding="utf-8")
    pack = kneelink.load_pack(tmp_path, engine="native", cache_size=0)
    report = SymptomReport(symptoms=["s1"])
    asked: list[str] = []
    while (question := kneelink.next_question(report, pack)) is not None and len(asked) < 5:
        asked.append(question.symptom)
        report = question.record(report, "no")
    assert asked, "the pinned pack must ask something, or the test shows nothing"
    assert "s0" not in asked, asked
