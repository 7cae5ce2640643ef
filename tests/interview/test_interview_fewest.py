"""The interview asks only what can still change the final answer (issue 20): a question
none of whose answers, given what was said, changes the answer at the end is never asked.

Checked exactly, by brute force over every way the rest of the interview could go, on
small random packs (where that is a few hundred answers); on the default pack, by finding
for each question asked a way to go on (one more answer at most) in which its replies
end in different answers."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_interview import ages_to_try, days_to_try

import kneelink
from kneelink import SymptomReport
from kneelink.interview._questions import Question
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


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(rule_packs(max_symptoms=4, max_rules=6), st.data())
def test_a_question_whose_every_answer_leaves_the_final_answer_unchanged_is_never_asked(
    generated: GeneratedPack, data: st.DataObject
) -> None:
    pack = generated.load()
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
