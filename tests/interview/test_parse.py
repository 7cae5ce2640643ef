"""Free-text intake: parse() on a corpus of written sentences, and its contracts."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from intake_score import NEW_IN_V3, implied
from paths import DATA

import kneelink
from kneelink import ParsedReport, parse

CORPUS = DATA / "parse_corpus.toml"
CASES: list[dict[str, Any]] = tomllib.loads(CORPUS.read_text(encoding="utf-8"))["case"]
# The lexicon was tuned on the first cases; the held-out ones were written afterwards and
# never tuned on, so they are the honest estimate.
DEVELOPMENT = [case for case in CASES if not case.get("held_out")]
HELD_OUT = [case for case in CASES if case.get("held_out")]
# Floors a little under the measured numbers (README, "Interview"): a change that loses them fails.
# Precision on the development part is lower than before vocabulary v3 by design:
# v3 reads findings this corpus never coded ("I can walk" = unable_to_bear_weight absent;
# "not swollen, not hot" = hot_swollen_knee absent; a hot swollen knee is a swollen knee
# too, which this corpus coded only as the former). tests/interview/test_intake.py holds the whole
# corpus to the score the parser had before v3, finding by finding.
FLOORS = {
    "development": {"present": 0.93, "absent": 0.92, "side": 0.95, "age": 0.95},
    # One held-out case codes "both" for "Right knee sore ..., left one fine"; the parser
    # reads the side of the knee that has the problem (right).
    "held out": {"present": 0.9, "absent": 0.85, "side": 0.85, "age": 0.95},
}
KINDS = ("present", "absent", "side", "age")


@dataclass
class Score:
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, expected: set[str], got: set[str], text: str) -> None:
        self.true_positive += len(expected & got)
        self.false_positive += len(got - expected)
        self.false_negative += len(expected - got)
        if expected != got:
            self.misses.append(f"{text!r}: expected {sorted(expected)}, got {sorted(got)}")

    @property
    def precision(self) -> float:
        found = self.true_positive + self.false_positive
        return self.true_positive / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positive + self.false_negative
        return self.true_positive / wanted if wanted else 1.0


def _as_sets(parsed: ParsedReport) -> dict[str, set[str]]:
    return {
        "present": set(parsed.symptoms),
        "absent": set(parsed.absent),
        "side": {parsed.side} if parsed.side else set(),
        "age": {str(parsed.age)} if parsed.age is not None else set(),
    }


def score_corpus(cases: list[dict[str, Any]], ignore: frozenset[str] = frozenset()) -> dict[str, Score]:
    scores = {kind: Score() for kind in KINDS}
    for case in cases:
        expected = {
            "present": set(case.get("present", [])),
            "absent": set(case.get("absent", [])),
            "side": {case["side"]} if "side" in case else set(),
            "age": {str(case["age"])} if "age" in case else set(),
        }
        got = {kind: values - ignore for kind, values in _as_sets(parse(case["text"])).items()}
        for kind in KINDS:
            scores[kind].add(expected[kind], got[kind], case["text"])
    return scores


def format_scores(scores: dict[str, Score], cases: int) -> str:
    lines = [f"parse corpus: {cases} sentences", "finding   precision  recall  true+  false+  false-"]
    for kind, score in scores.items():
        lines.append(
            f"{kind:9} {score.precision:9.3f} {score.recall:7.3f} {score.true_positive:6} "
            f"{score.false_positive:7} {score.false_negative:7}"
        )
    return "\n".join(lines)


def test_the_corpus_is_big_and_names_real_ids() -> None:
    assert len(DEVELOPMENT) >= 150
    assert len(HELD_OUT) >= 40
    symptoms = set(kneelink.default_pack().symptoms)
    for case in CASES:
        assert set(case.get("present", [])) | set(case.get("absent", [])) <= symptoms, case["text"]
    assert sum(1 for case in CASES if case.get("absent")) >= 30
    assert sum(1 for case in CASES if case.get("side") == "both") >= 5
    assert sum(1 for case in CASES if len(case.get("present", [])) >= 2) >= 50


@pytest.mark.parametrize(("part", "cases"), [("development", DEVELOPMENT), ("held out", HELD_OUT)])
def test_precision_and_recall_on_the_corpus(
    part: str, cases: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    # Coded before vocabulary v3: the ids v3 added are left out, and the coding is closed
    # under the pack's implications, as benchmarks/bench_parse.py scores it.
    cases = [
        {
            key: [i for i in value if i not in NEW_IN_V3] if isinstance(value, list) else value
            for key, value in implied(c, kneelink.default_pack()).items()
        }
        for c in cases
    ]
    scores = score_corpus(cases, ignore=NEW_IN_V3)
    with capsys.disabled():
        print(f"\n{part}: " + format_scores(scores, len(cases)))
    for kind, floor in FLOORS[part].items():
        assert scores[kind].precision >= floor, (kind, scores[kind].misses)
        assert scores[kind].recall >= floor, (kind, scores[kind].misses)


# --- Contracts ----------------------------------------------------------------------------------


def test_spans_point_at_the_text_each_finding_came_from() -> None:
    text = "My right knee hurts on the outside when I run downhill, no swelling, I'm 34"
    parsed = parse(text)
    for finding in parsed.findings:
        assert text[finding.start : finding.end] == finding.text
    by_kind = {(f.kind, f.symptom or f.side or f.age): f.text for f in parsed.findings}
    assert by_kind[("symptom", "swollen_knee")] == "swelling"
    assert by_kind[("side", "right")] == "right"
    assert by_kind[("age", 34)] == "I'm 34"
    swelling = next(f for f in parsed.findings if f.symptom == "swollen_knee")
    assert not swelling.present
    assert swelling.negation == "no"


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("no swelling", {"swollen_knee"}),
        ("it is not swollen", {"swollen_knee"}),
        ("without fever", {"fever"}),
        ("denies fever", {"fever"}),
        ("I don't have a fever", {"fever"}),
        ("no fever or chest pain", {"fever", "breathless_or_chest_pain"}),
        ("fever: no", {"fever"}),
    ],
)
def test_negations(text: str, absent: set[str]) -> None:
    parsed = parse(text)
    assert parsed.absent == absent
    assert not parsed.symptoms


def test_a_negation_stops_at_the_clause() -> None:
    parsed = parse("no fever, but my knee is swollen")
    assert parsed.absent == {"fever"}
    assert parsed.symptoms == {"swollen_knee"}
    parsed = parse("no injury and my knee hurts")
    assert parsed.symptoms == {"knee_pain"}


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("I'm 34", 34),
        ("I am thirty-four", 34),
        ("aged 60", 60),
        ("age: 7", 7),
        ("a 45 year old", 45),
        ("twelve years old", 12),
        ("I'm 5 days after the fall", None),
        ("I can't bend it to 90 degrees", None),
        ("I'm one hundred and two", 102),
        ("I'm 130", None),
    ],
)
def test_ages(text: str, age: int | None) -> None:
    assert parse(text).age == age


@pytest.mark.parametrize(
    ("text", "side"),
    [
        ("my left knee", "left"),
        ("the right one hurts", "right"),
        ("both knees", "both"),
        ("left and right", "both"),
        ("my left knee and my right knee", "both"),
        ("bilateral pain", "both"),
        ("it hurts right away", None),
        ("bend to a right angle", None),
    ],
)
def test_sides(text: str, side: str | None) -> None:
    assert parse(text).side == side


def test_unrecognised_text_is_reported_not_guessed() -> None:
    parsed = parse("My knee hurts. The weather is lovely; my cat is called Biscuit.")
    assert parsed.symptoms == {"knee_pain"}
    assert [span.text for span in parsed.unrecognised] == ["The weather is lovely", "my cat is called Biscuit"]
    for span in parsed.unrecognised:
        assert parsed.text[span.start : span.end] == span.text


def test_a_contradiction_becomes_unknown() -> None:
    parsed = parse("my knee is swollen. No swelling.")
    assert parsed.contradicted == {"swollen_knee"}
    assert not parsed.symptoms
    assert not parsed.absent


def test_to_report_runs_on_the_engine() -> None:
    parsed = parse("Twisted my right knee, can't walk on it, no fever, aged sixty")
    report = parsed.to_report()
    assert report.symptoms == {"knee_injury", "unable_to_bear_weight"}
    assert report.absent == {"fever"}
    assert report.side == "right"
    assert report.age == 60
    answer = kneelink.suggest_regions(report)
    assert answer.triage == "emergency"
    with pytest.raises(kneelink.ReportError):
        parse("no fever").to_report()


def test_parse_reads_a_pack_of_your_own(tmp_path: Path) -> None:
    from packs import REGION_CALF, RULE_ROLL_THE_CALF, header, write_pack

    symptom = '\n[[symptom]]\nid = "knee_pain"\nlabel = "Knee pain"\ncategory = "knee_pain"\n'
    symptom += 'synonyms = ["gammy knee"]\ncite = ["article#4"]\n'
    pack = kneelink.load_pack(
        write_pack(tmp_path, pack=header("mine", "1.0") + symptom + REGION_CALF + RULE_ROLL_THE_CALF)
    )
    assert parse("my gammy knee", pack).symptoms == {"knee_pain"}
    assert parse("calf swelling", pack).symptoms == frozenset()


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_parses_with_spans_inside_it(text: str) -> None:
    parsed = parse(text)
    for finding in parsed.findings:
        assert 0 <= finding.start <= finding.end <= len(text)
        assert text[finding.start : finding.end] == finding.text
    assert not parsed.symptoms & parsed.absent
    assert parsed.age is None or 0 <= parsed.age <= 120


def test_bad_input_is_a_report_error() -> None:
    with pytest.raises(kneelink.ReportError, match="at most 5000"):
        parse("knee pain " * 600)
    with pytest.raises(kneelink.ReportError, match="not bytes"):
        parse(b"knee pain")  # type: ignore[arg-type]
