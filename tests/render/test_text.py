"""``kneelink.answer_text(answer, width=...)``, the one plain-text rendering
that the CLI and the quick-start example both print. The tests look at its structure
(widths, how often a message is said, blank lines), not at fixed wording."""

from __future__ import annotations

import io
import runpy
import textwrap
from contextlib import redirect_stdout

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from paths import EXAMPLES

import kneelink
from kneelink._cli import main
from kneelink.testing import reports

URGENT = ["lateral_knee_pain", "knee_injury", "unable_to_bear_weight"]
QUICK_START = ["lateral_knee_pain", "running_downhill"]  # examples/quickstart.py's report, right side, at 34


def flat(text: str) -> str:
    """Text with every run of whitespace as one space, so wrapping does not matter."""
    return " ".join(text.split())


def test_an_urgent_answer_says_its_message_once_then_lists_the_withheld_regions() -> None:
    answer = kneelink.suggest_regions(URGENT)
    assert answer.triage_level >= kneelink.TriageLevel.consultation_24
    assert len(answer.withheld) > 3
    text = kneelink.answer_text(answer)
    for flag in answer.red_flags:  # the first is the cause of every withheld region
        assert flat(text).count(flat(flag.message)) == 1
    lines = text.splitlines()
    for held in answer.withheld:
        assert sum(held.label in line for line in lines) == 1, held.label
    listed = [line for line in lines if any(line.strip().endswith(held.label) for held in answer.withheld)]
    assert len(listed) == len(answer.withheld)  # one line per region, the reason not repeated on it


def test_a_contraindication_keeps_its_own_reason_beside_the_urgent_message() -> None:
    answer = kneelink.suggest_regions(["knee_pain"], contraindications=[["open_wound", "calf"]])
    (held,) = answer.withheld
    text = kneelink.answer_text(answer)
    assert flat(held.reason) in flat(text)
    assert held.label in text


def test_why_lines_are_wrapped_like_how_lines() -> None:
    answer = kneelink.suggest_regions(QUICK_START, side="right", age=34)
    width = 60
    lines = kneelink.answer_text(answer, width=width).splitlines()
    assert max(len(line) for line in lines) <= width
    why = [number for number, line in enumerate(lines) if line.lstrip().startswith("Why: ")]
    how = [number for number, line in enumerate(lines) if line.lstrip().startswith("How: ")]
    assert why
    assert how
    indents = {len(lines[number]) - len(lines[number].lstrip()) for number in why + how}
    assert len(indents) == 1  # "How:" and "Why:" start in the same column
    (indent,) = indents
    # A why line too long for the width goes on under the text after "Why: ", as "How:" does.
    chains = [" -> ".join(reason.chain) for region in answer.regions for reason in region.reasons]
    assert any(len(chain) + indent + len("Why: ") > width for chain in chains)
    for number in why:
        assert len(lines[number]) <= width
        assert lines[number + 1].startswith(" " * (indent + len("Why: ")))


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(report=reports(contraindications=True), width=st.integers(40, 140))
def test_every_line_fits_and_there_is_never_a_double_blank_line(report: kneelink.SymptomReport, width: int) -> None:
    answer = kneelink.suggest_regions(report)
    text = kneelink.answer_text(answer, width=width)
    assert max(len(line) for line in text.splitlines()) <= width
    assert "\n\n\n" not in text
    assert not text.startswith("\n")
    assert not text.endswith("\n")
    for line in text.splitlines():
        assert line == line.rstrip()
    for flag in answer.red_flags:
        assert flat(text).count(flat(flag.message)) == 1
    for region in answer.regions:
        assert flat(region.label) in flat(text)
        for reason in region.reasons:
            assert flat(" -> ".join(reason.chain)) in flat(text)
    assert "not medical advice" in flat(text)


def test_a_narrow_width_is_refused() -> None:
    with pytest.raises(ValueError, match="width"):
        kneelink.answer_text(kneelink.suggest_regions("knee_pain"), width=10)


def test_the_cli_prints_to_text() -> None:
    out = io.StringIO()
    assert main(["suggest", *URGENT], out=out) == 0
    assert out.getvalue() == kneelink.answer_text(kneelink.suggest_regions(URGENT)) + "\n"


def test_the_quick_start_example_prints_to_text() -> None:
    example = EXAMPLES / "quickstart.py"
    printed = io.StringIO()
    with redirect_stdout(printed):
        runpy.run_path(str(example), run_name="__main__")
    answer = kneelink.suggest_regions(QUICK_START, side="right", age=34)
    assert printed.getvalue().startswith(kneelink.answer_text(answer) + "\n")


def test_answer_text_is_documented_with_an_example() -> None:
    doc = textwrap.dedent(kneelink.answer_text.__doc__ or "")
    assert ">>> " in doc
