"""The one table of triage-dependent choices (kneelink._triage), and every rendering reading it."""

from __future__ import annotations

import typing

import pytest
from hypothesis import given

import kneelink
from kneelink import Triage, testing
from kneelink._triage import TRIAGE_LEVELS, TRIAGE_TABLE, Banner, TriageLevel, triage_style

FIVE_LEVELS = ("emergency_ambulance", "emergency", "consultation_24", "consultation", "self_care")


def test_the_five_levels_in_order_of_urgency() -> None:
    styles = [triage_style(level) for level in FIVE_LEVELS]
    assert [style.rank for style in styles] == sorted(style.rank for style in styles)
    assert len({style.rank for style in styles}) == 5
    assert [style.cds_indicator for style in styles] == ["critical", "critical", "warning", "warning", "info"]
    assert [style.fhir_priority for style in styles] == ["stat", "asap", "urgent", "routine", None]
    assert [style.withholds_every_region for style in styles] == [True, True, True, False, False]
    assert [style.above_self_care for style in styles] == [True, True, True, True, False]


def test_every_level_an_answer_can_have_is_in_the_table() -> None:
    for level in typing.get_args(Triage):
        assert triage_style(level).level == level


@given(report=testing.reports())
def test_a_level_that_withholds_everything_leaves_nothing_to_roll(report: kneelink.SymptomReport) -> None:
    answer = kneelink.suggest_regions(report)
    style = triage_style(answer.triage)
    if style.withholds_every_region:
        assert answer.regions == ()
    # A self-care flag (the first days after an injury) holds rolling back without a referral.
    assert style.above_self_care == any(hit.triage_level > kneelink.TriageLevel.self_care for hit in answer.red_flags)


def test_an_unknown_level_names_the_closest() -> None:
    with pytest.raises(ValueError, match="did you mean 'consultation_24'"):
        triage_style("consultation24")


def test_the_table_row_by_row() -> None:
    # Every choice that depends on the level, as the answer, the text, the body map, the
    # CDS cards and the FHIR referral use it, in one row per level, most urgent first.
    rows = [
        (style.level, style.heading, style.banner, style.cds_indicator, style.fhir_priority) for style in TRIAGE_TABLE
    ]
    emergency, consultation = ("#B3261E", "#FFFFFF"), ("#F2C94C", "#1B1B1B")
    assert rows == [
        (
            "emergency_ambulance",
            "EMERGENCY: CALL AN AMBULANCE",
            Banner("Emergency: call an ambulance now", *emergency),
            "critical",
            "stat",
        ),
        (
            "emergency",
            "EMERGENCY: GO TO AN EMERGENCY DEPARTMENT",
            Banner("Emergency: go to an emergency department now", *emergency),
            "critical",
            "asap",
        ),
        (
            "consultation_24",
            "SEE A DOCTOR WITHIN 24 HOURS",
            Banner("See a clinician within 24 hours", *consultation),
            "warning",
            "urgent",
        ),
        ("consultation", "SEE A DOCTOR", Banner("See a clinician", *consultation), "warning", "routine"),
        ("self_care", "SELF CARE", None, "info", None),
    ]
    assert TRIAGE_LEVELS == FIVE_LEVELS == typing.get_args(Triage)
    assert [TriageLevel[style.level] for style in TRIAGE_TABLE] == sorted(TriageLevel, reverse=True)


def test_each_level_asks_in_its_own_words_and_every_answer_says_it() -> None:
    instructions = [style.instruction for style in TRIAGE_TABLE]
    assert len(set(instructions)) == 5
    assert "ambulance now" in instructions[0]
    assert "emergency department now" in instructions[1]
    assert "within 24 hours" in instructions[2]
    assert "Book an appointment" in instructions[3]
    assert "Nothing reported calls for a doctor" in instructions[4]
    for style in TRIAGE_TABLE:
        assert TriageLevel[style.level].instruction == style.instruction
        assert TriageLevel[style.level].level == style.level


@given(report=testing.reports())
def test_every_rendering_takes_the_levels_look_from_the_table(report: kneelink.SymptomReport) -> None:
    answer = kneelink.suggest_regions(report)
    style = triage_style(answer.triage)
    assert style.instruction in answer.advice
    assert kneelink.answer_text(answer).startswith(f"TRIAGE: {style.heading}\n")
    assert kneelink.cds_cards(answer)[0]["indicator"] == style.cds_indicator
    referrals = [
        item for item in kneelink.care_plan(answer).get("contained", []) if item["resourceType"] == "ServiceRequest"
    ]
    assert [item["priority"] for item in referrals] == ([style.fhir_priority] if style.fhir_priority else [])
    svg = kneelink.body_map(answer)
    if style.banner is None:
        assert 'class="triage"' not in svg
    else:
        assert f'fill="{style.banner.fill}"' in svg
