"""Tri-state evidence: present, absent, unknown; what `none` sees; unscreened and complete."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from packs import REGION_CALF, RULE_ROLL_THE_CALF, SYMPTOM_KNEE_PAIN, header, line_with, write_pack

import kneelink
from kneelink import SymptomReport, TriageLevel
from kneelink._explain import UNSCREENED_ADVICE
from kneelink.testing import GeneratedPack, reports, rule_packs

DEFAULT = kneelink.default_pack()

NEGATED_FLAG_PACK = (
    header("negated", "1.0")
    + SYMPTOM_KNEE_PAIN
    + """
[[symptom]]
id = "trauma"
label = "Trauma"
question = "Were you injured?"
category = "red_flag"
cite = ["reference"]
"""
    + REGION_CALF
    + """
[[red_flag]]
id = "atraumatic"
label = "Pain without injury"
level = "consultation"
message = "See a doctor."
cite = ["reference"]

[[rule]]
id = "pain_without_trauma"
summary = "Pain without an injury."
when = { all = ["knee_pain"], none = ["trauma"] }
red_flag = "atraumatic"
extension = true
cite = ["reference"]
"""
    + RULE_ROLL_THE_CALF
)


@pytest.fixture(scope="module")
def negated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_pack(tmp_path_factory.mktemp("negated"), pack=NEGATED_FLAG_PACK)


# --- The report ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"symptoms": ["a"], "absent": ["a"]}, "'a' is both present and absent"),
        ({"symptoms": ["a"], "unknown": ["a"]}, "'a' is both present and unknown"),
        ({"symptoms": ["a"], "absent": ["b"], "unknown": ["b"]}, "'b' is both absent and unknown"),
        ({"symptoms": ["a"], "age": 30, "unknown": ["age"]}, "the age is both given (30) and unknown"),
    ],
)
def test_an_id_has_one_answer(fields: dict[str, object], message: str) -> None:
    with pytest.raises(kneelink.ReportError, match="invalid symptom report") as caught:
        SymptomReport(**fields)
    assert message in str(caught.value)


def test_the_plain_list_api_means_present() -> None:
    report = kneelink._pack.as_report(["knee_pain", "fever"])
    assert report.symptoms == {"knee_pain", "fever"}
    assert report.absent == frozenset()
    assert report.unknown == frozenset()
    assert SymptomReport(symptoms="a", absent="b", unknown="c").absent == {"b"}


def test_with_answer_moves_an_id_between_answers() -> None:
    report = SymptomReport(symptoms=["knee_pain"]).with_answer("fever", "unknown")
    assert report.unknown == {"fever"}
    assert report.answered("fever")
    report = report.with_answer("fever", "yes")
    assert report.symptoms == {"knee_pain", "fever"}
    assert not report.unknown
    report = report.with_answer("age", "unknown").with_answer("age", 40)
    assert report.age == 40
    assert report.unknown == frozenset()
    with pytest.raises(kneelink.ReportError, match="'maybe'"):
        report.with_answer("fever", "maybe")  # type: ignore[arg-type]
    with pytest.raises(kneelink.ReportError, match="whole number"):
        report.with_answer("age", "yes")


def test_absent_and_unknown_ids_are_checked_against_the_pack() -> None:
    for field in ("absent", "unknown"):
        with pytest.raises(kneelink.UnknownSymptomError, match=r"'fevre'.*'fever'"):
            kneelink.suggest_regions(SymptomReport(symptoms=["knee_pain"], **{field: ["fevre"]}))
    # "age" in unknown is not a symptom id, and is accepted.
    assert kneelink.suggest_regions(SymptomReport(symptoms=["knee_pain"], unknown=["age"])).triage == "self_care"


# --- What `none` sees ---------------------------------------------------------------------------


def test_none_matches_only_a_reported_absence(negated: Path) -> None:
    pack = kneelink.load_pack(negated)
    assert pack.suggest_regions(["knee_pain"]).triage == "self_care"  # not asked is not "no"
    unknown = pack.suggest_regions(SymptomReport(symptoms=["knee_pain"], unknown=["trauma"]))
    assert unknown.triage == "self_care"
    absent = pack.suggest_regions(SymptomReport(symptoms=["knee_pain"], absent=["trauma"]))
    assert absent.triage == "consultation"
    assert [hit.rule for hit in absent.red_flags] == ["pain_without_trauma"]


def test_check_warns_when_a_safety_rule_needs_an_answer_of_no(negated: Path) -> None:
    report = kneelink.check_pack(negated)
    warning = next(finding for finding in report.findings if finding.code == "negation-on-safety-rule")
    assert warning.severity == "warning"
    assert warning.path == str(negated / "pack.toml")
    assert warning.line == line_with(NEGATED_FLAG_PACK, 'id = "pain_without_trauma"') - 1  # its [[rule]] line
    assert "'trauma'" in warning.message
    assert "don't know" in warning.message
    assert "lower triage" in warning.message
    # The shipped pack has no such rule.
    assert not [f for f in kneelink.check_pack(DEFAULT).findings if f.code == "negation-on-safety-rule"]


def test_check_warns_about_a_negation_that_feeds_a_flag_through_a_fact(tmp_path: Path) -> None:
    text = NEGATED_FLAG_PACK.replace(
        'when = { all = ["knee_pain"], none = ["trauma"] }\nred_flag = "atraumatic"',
        'when = { all = ["quiet_knee"] }\nred_flag = "atraumatic"',
    ).replace(
        '[[rule]]\nid = "roll_the_calf"',
        '[[fact]]\nid = "quiet_knee"\nlabel = "Quiet"\ncite = ["reference"]\n\n[[rule]]\nid = "quiet"\n'
        'summary = "Quiet."\nwhen = { all = ["knee_pain"], none = ["trauma"] }\nderive = ["quiet_knee"]\n'
        'extension = true\ncite = ["reference"]\n\n[[rule]]\nid = "roll_the_calf"',
    )
    report = kneelink.check_pack(write_pack(tmp_path, pack=text))
    found = [f for f in report.findings if f.code == "negation-on-safety-rule"]
    assert [f.line for f in found] == [line_with(text, 'id = "quiet"') - 1]
    assert "feeds a red flag" in found[0].message


def test_check_requires_a_question_for_every_warning_sign(negated: Path, tmp_path: Path) -> None:
    text = NEGATED_FLAG_PACK.replace('question = "Were you injured?"\n', "")
    report = kneelink.check_pack(write_pack(tmp_path, pack=text))
    error = next(finding for finding in report.errors if finding.code == "missing-question")
    assert error.line == line_with(text, 'id = "trauma"') - 1
    assert "'trauma'" in error.message
    assert "question" in error.message
    assert not report.ok
    # A knee_pain symptom needs none.
    assert not [f for f in kneelink.check_pack(negated).findings if f.code == "missing-question"]


# --- Unscreened and complete --------------------------------------------------------------------


def test_a_plain_list_report_is_not_complete_and_says_so() -> None:
    answer = kneelink.suggest_regions(["lateral_knee_pain", "running_downhill"], age=34)
    assert answer.triage == "self_care"
    assert not answer.complete
    assert answer.advice.startswith(UNSCREENED_ADVICE)
    assert {"knee_injury", "one_leg_swelling", "hot_swollen_knee", "fever"} <= set(answer.unscreened)
    # Not in: a flag needing an age of 15 or under, for a 34-year-old.
    assert "limp_without_injury" not in answer.unscreened
    assert "age" not in answer.unscreened
    # Age unknown: under-16 flags are still possible.
    assert "age" in kneelink.suggest_regions(["lateral_knee_pain"]).unscreened


def test_answering_every_warning_sign_no_makes_it_complete() -> None:
    first = kneelink.suggest_regions(["lateral_knee_pain"], age=34)
    report = SymptomReport(symptoms=["lateral_knee_pain"], absent=first.unscreened, age=34)
    answer = kneelink.suggest_regions(report)
    assert answer.complete
    assert answer.unscreened == ()
    assert not answer.advice.startswith(UNSCREENED_ADVICE)
    assert answer.region_ids == first.region_ids


def test_dont_know_leaves_a_warning_sign_unscreened() -> None:
    first = kneelink.suggest_regions(["lateral_knee_pain"], age=34)
    others = [id_ for id_ in first.unscreened if id_ != "fever"]
    report = SymptomReport(symptoms=["lateral_knee_pain"], absent=others, unknown=["fever"], age=34)
    answer = kneelink.suggest_regions(report)
    assert answer.unscreened == ("fever",)
    assert not answer.complete
    assert answer.triage == "self_care"  # unknown does not raise triage either


def test_a_referral_is_complete_whatever_is_unscreened() -> None:
    answer = kneelink.suggest_regions(["knee_pain", "knee_locked"])
    assert answer.triage_level >= TriageLevel.consultation_24
    assert answer.complete
    assert not answer.advice.startswith(UNSCREENED_ADVICE)


def test_unscreened_leaves_out_flags_that_cannot_change_the_answer() -> None:
    # Already at emergency_ambulance: nothing is more urgent, every region is withheld.
    answer = kneelink.suggest_regions(["knee_pain", "one_leg_swelling", "breathless_or_chest_pain"])
    assert answer.triage == "emergency_ambulance"
    assert answer.unscreened == ()


# --- Properties ---------------------------------------------------------------------------------

PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _unknown_vs_absent(pack: kneelink.RulePack, report: SymptomReport) -> None:
    for id_ in sorted(report.unknown - {"age"}):
        as_absent = SymptomReport(
            symptoms=report.symptoms,
            absent=report.absent | {id_},
            unknown=report.unknown - {id_},
            age=report.age,
            days_since_injury=report.days_since_injury,
            side=report.side,
            contraindications=report.contraindications,
        )
        unknown, absent = pack.suggest_regions(report), pack.suggest_regions(as_absent)
        assert unknown.triage_level >= absent.triage_level, id_
        assert {held.region for held in unknown.withheld} >= {held.region for held in absent.withheld}, id_


@PROPERTY
@given(reports(tri_state=True, max_size=4))
def test_unknown_never_lowers_triage_against_absent_on_the_default_pack(report: SymptomReport) -> None:
    _unknown_vs_absent(DEFAULT, report)
    # No rule of the default pack uses `none`, so "don't know" gives exactly what "no" gives
    # (the README says so): it neither lowers nor raises triage; only `complete` differs.
    as_absent = SymptomReport(
        symptoms=report.symptoms,
        absent=report.absent | (report.unknown - {"age"}),
        age=report.age,
        days_since_injury=report.days_since_injury,
        side=report.side,
        contraindications=report.contraindications,
    )
    unknown, absent = DEFAULT.suggest_regions(report), DEFAULT.suggest_regions(as_absent)
    assert unknown.triage == absent.triage
    assert unknown.region_ids == absent.region_ids
    assert unknown.withheld == absent.withheld


@PROPERTY
@given(rule_packs(), st.data())
def test_unknown_lowers_triage_only_where_check_warns(generated: GeneratedPack, data: st.DataObject) -> None:
    pack = generated.load()
    warned = any(finding.code == "negation-on-safety-rule" for finding in kneelink.check_pack(pack).findings)
    assume(not warned)
    for _ in range(3):
        _unknown_vs_absent(pack, data.draw(reports(pack, tri_state=True, max_size=3)))


@PROPERTY
@given(reports(tri_state=True, max_size=4))
def test_complete_means_no_unscreened_warning_sign_below_consultation_24(report: SymptomReport) -> None:
    answer = DEFAULT.suggest_regions(report)
    assert answer.complete == (answer.triage_level >= TriageLevel.consultation_24 or not answer.unscreened)
    assert answer.advice.startswith(UNSCREENED_ADVICE) == (not answer.complete)
    for id_ in answer.unscreened:
        assert id_ in ("age", "days_since_injury") or DEFAULT.symptoms[id_].category in ("red_flag", "context")
        assert id_ not in report.symptoms
        assert id_ not in report.absent


def test_an_example_can_answer_no_and_dont_know(negated: Path, tmp_path: Path) -> None:
    examples = """
[[example]]
id = "pain_without_trauma"
symptoms = ["knee_pain"]
absent = ["trauma"]
expect = { triage = "consultation" }

[[example]]
id = "pain_trauma_unknown"
symptoms = ["knee_pain"]
unknown = ["trauma"]
expect = { triage = "self_care" }
"""
    folder = write_pack(tmp_path, pack=NEGATED_FLAG_PACK + examples)
    report = kneelink.check_pack(folder)
    assert report.examples_run == 2
    assert not [f for f in report.findings if f.code == "example-failed"]
    wrong = write_pack(
        tmp_path / "wrong", pack=NEGATED_FLAG_PACK + examples.replace('absent = ["trauma"]', 'absent = ["truama"]')
    )
    error = next(f for f in kneelink.check_pack(wrong).findings if f.code == "unknown-reference")
    assert "'truama'" in error.message
