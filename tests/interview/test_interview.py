"""The interview: next_question asks what could still change the answer, on the real engine."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kneelink
from kneelink import Question, SymptomReport, TriageLevel
from kneelink.interview._questions import AGE_QUESTION, open_questions
from kneelink.testing import GeneratedPack, reports, rule_packs

DEFAULT = kneelink.default_pack()
Result = tuple[str, tuple[tuple[str, str], ...], frozenset[str]]


def result(pack: kneelink.RulePack, report: SymptomReport) -> Result:
    """What the interview promises to settle: triage, regions with roles, withheld regions."""
    answer = pack.suggest_regions(report)
    return (
        answer.triage,
        tuple((region.region, region.role) for region in answer.regions),
        frozenset(held.region for held in answer.withheld),
    )


def ages_to_try(pack: kneelink.RulePack) -> set[int]:
    ages = {0, 120}
    for rule in pack.rules:
        if rule.when.age is not None:
            for bound in (rule.when.age.min, rule.when.age.max):
                if bound is not None:
                    ages |= {max(0, bound - 1), bound, min(120, bound + 1)}
    return ages


def days_to_try(pack: kneelink.RulePack) -> set[int]:
    days = {0}
    for window in pack.windows.values():
        for bound in (window.min_days, window.max_days):
            if bound is not None:
                days |= {max(0, bound - 1), bound, bound + 1}
    return days


def changing_answers(pack: kneelink.RulePack, report: SymptomReport) -> set[str]:
    """Every unasked id for which some single answer changes the result (brute force)."""
    before, changing = result(pack, report), set()
    for id_ in pack.symptoms:
        if report.answered(id_):
            continue
        for answer in ("yes", "no"):
            if result(pack, report.with_answer(id_, answer)) != before:
                changing.add(id_)
    ages = [] if report.answered("age") else sorted(ages_to_try(pack))
    if any(result(pack, report.with_answer("age", age)) != before for age in ages):
        changing.add("age")
    days = [] if report.answered("days_since_injury") else sorted(days_to_try(pack))
    if any(result(pack, report.with_answer("days_since_injury", day)) != before for day in days):
        changing.add("days_since_injury")
    return changing


# --- Examples on the default pack ---------------------------------------------------------------


def test_the_most_urgent_warning_sign_is_asked_first() -> None:
    question = kneelink.next_question(SymptomReport(symptoms=["lateral_knee_pain"], age=34))
    assert isinstance(question, Question)
    assert question.symptom == "one_leg_swelling"
    assert question.level == "emergency_ambulance"
    assert question.text == DEFAULT.symptoms["one_leg_swelling"].question
    assert question.answers == ("yes", "no", "unknown")
    assert question.kind == "yes_no"
    assert "possible_clot_in_lungs" in question.red_flags
    assert question.why.startswith("To check for a warning sign:")


def test_red_flag_questions_come_before_region_questions_and_by_level() -> None:
    asked = open_questions(SymptomReport(symptoms=["lateral_knee_pain"]))
    levels = [TriageLevel.of(q.level) if q.level else None for q in asked]
    screening = [level for level in levels if level is not None]
    assert screening == sorted(screening, reverse=True)
    first_region_question = levels.index(None)
    assert all(level is None for level in levels[first_region_question:])
    assert asked[first_region_question].regions == ("quadriceps",)
    assert asked[first_region_question].why.startswith("The answer could change the regions to roll")


def test_age_is_asked_when_an_age_bound_could_raise_a_flag() -> None:
    report = SymptomReport(symptoms=["knee_pain"], absent=["knee_injury"])
    asked = {q.symptom: q for q in open_questions(report)}
    assert asked["age"].kind == "age"
    assert asked["age"].text == AGE_QUESTION
    assert "child_with_knee_pain" in asked["age"].red_flags
    # Answered, as a number or as "don't know": never asked again.
    assert "age" not in {q.symptom for q in open_questions(report.with_answer("age", 40))}
    assert "age" not in {q.symptom for q in open_questions(report.with_answer("age", "unknown"))}


def test_a_recent_injury_makes_the_ottawa_findings_questions() -> None:
    without = {q.symptom for q in open_questions(SymptomReport(symptoms=["knee_pain"], absent=["knee_injury"]))}
    assert "isolated_patellar_tenderness" not in without
    injured = {q.symptom for q in open_questions(SymptomReport(symptoms=["knee_pain", "knee_injury"], age=30))}
    assert {"isolated_patellar_tenderness", "fibular_head_tenderness", "unable_to_flex_90"} <= injured


def test_nothing_to_ask_once_the_answer_is_an_ambulance() -> None:
    report = SymptomReport(symptoms=["knee_pain", "one_leg_swelling", "breathless_or_chest_pain"])
    assert kneelink.next_question(report) is None
    assert changing_answers(DEFAULT, report) == set()


def test_dont_know_is_an_answer_and_is_not_asked_again() -> None:
    report = SymptomReport(symptoms=["lateral_knee_pain"], age=34, unknown=["one_leg_swelling"])
    assert "one_leg_swelling" not in {q.symptom for q in open_questions(report)}
    assert "one_leg_swelling" in kneelink.suggest_regions(report).unscreened


# --- Properties -------------------------------------------------------------------------------

INTERVIEW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def interview(
    pack: kneelink.RulePack, report: SymptomReport, data: st.DataObject, *, dont_know: bool
) -> tuple[SymptomReport, list[str]]:
    """Answer the questions in the order given until there are none; check each step."""
    asked: list[str] = []
    limit = len(pack.symptoms) + 2  # and the age, and the day of the injury
    ages = sorted(ages_to_try(pack))
    while (question := kneelink.next_question(report, pack)) is not None:
        assert question.symptom not in asked, f"{question.symptom!r} asked twice"
        assert not report.answered(question.symptom)
        asked.append(question.symptom)
        assert len(asked) <= limit
        choices: list[object] = ["unknown"] if dont_know else []
        if question.kind == "age":
            answer = data.draw(st.sampled_from([*ages, *choices]))
        elif question.kind == "days":
            answer = data.draw(st.sampled_from([*sorted(days_to_try(pack)), *choices]))
        else:
            answer = data.draw(st.sampled_from(["yes", "no", *choices]))
        report = question.record(report, answer)  # type: ignore[arg-type]
    return report, asked


@INTERVIEW
@given(reports(max_size=2, red_flags=False), st.data())
def test_an_interview_on_the_default_pack_ends_complete(report: SymptomReport, data: st.DataObject) -> None:
    final, asked = interview(DEFAULT, report, data, dont_know=False)
    answer = DEFAULT.suggest_regions(final)
    assert answer.complete
    assert answer.unscreened == ()
    assert len(asked) <= len(DEFAULT.symptoms) + 1


@INTERVIEW
@given(reports(max_size=2, red_flags=False), st.data())
def test_dont_know_answers_end_the_interview_with_them_unscreened(report: SymptomReport, data: st.DataObject) -> None:
    final, _ = interview(DEFAULT, report, data, dont_know=True)
    answer = DEFAULT.suggest_regions(final)
    # An interview leaves a warning sign unscreened only after a "don't know": the sign
    # itself, or one that matters only together with it (breathlessness with a calf
    # nobody could describe).
    assert answer.complete or final.unknown
    assert not set(answer.unscreened) & (final.symptoms | final.absent)
    assert answer.complete == (answer.triage_level >= TriageLevel.consultation_24 or not answer.unscreened)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports(max_size=2, red_flags=False), st.data())
def test_on_the_default_pack_none_means_no_single_answer_changes_the_result(
    report: SymptomReport, data: st.DataObject
) -> None:
    final, _ = interview(DEFAULT, report, data, dont_know=True)
    assert changing_answers(DEFAULT, final) == set()


@INTERVIEW
@given(rule_packs(max_symptoms=4, max_rules=6), st.data())
def test_on_random_packs_every_answer_that_could_change_the_result_is_asked(
    generated: GeneratedPack, data: st.DataObject
) -> None:
    pack = generated.load()
    report = data.draw(reports(pack, max_size=2, tri_state=True))
    # Soundness at every step: whatever one answer can change is among the open questions.
    for _ in range(len(pack.symptoms) + 3):
        asked = {question.symptom for question in open_questions(report, pack)}
        assert changing_answers(pack, report) <= asked
        question = kneelink.next_question(report, pack)
        if question is None:
            assert not asked
            break
        if question.kind == "age":
            report = report.with_answer("age", data.draw(st.sampled_from([*sorted(ages_to_try(pack)), "unknown"])))
        elif question.kind == "days":
            days = [*sorted(days_to_try(pack)), "unknown"]
            report = report.with_answer("days_since_injury", data.draw(st.sampled_from(days)))
        else:
            report = report.with_answer(question.symptom, data.draw(st.sampled_from(["yes", "no", "unknown"])))
    else:
        raise AssertionError("the interview did not end within one question per symptom, the age and the day")


@INTERVIEW
@given(rule_packs(max_symptoms=4, max_rules=6), st.data())
def test_on_random_packs_yes_no_interviews_end_complete(generated: GeneratedPack, data: st.DataObject) -> None:
    pack = generated.load()
    final, asked = interview(pack, data.draw(reports(pack, max_size=2)), data, dont_know=False)
    assert pack.suggest_regions(final).complete
    assert len(asked) == len(set(asked)) <= len(pack.symptoms) + 1


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports(max_size=2, red_flags=False), st.data())
def test_on_the_default_pack_every_step_asks_whatever_could_change_the_result(
    report: SymptomReport, data: st.DataObject
) -> None:
    for _ in range(len(DEFAULT.symptoms) + 2):
        questions = open_questions(report)
        assert changing_answers(DEFAULT, report) <= {question.symptom for question in questions}
        if not questions:
            break
        question = questions[0]
        by_kind: dict[str, list[object]] = {
            "yes_no": ["yes", "no", "unknown"],
            "age": [12, 40, 60, "unknown"],
            "days": [*sorted(days_to_try(DEFAULT)), "unknown"],
        }
        choices = by_kind[question.kind]
        # Recorded as the interview records it: a "no" answers the question's follow-ups too.
        report = question.record(report, data.draw(st.sampled_from(choices)))
    else:
        raise AssertionError("the interview did not end within one question per symptom, the age and the day")
