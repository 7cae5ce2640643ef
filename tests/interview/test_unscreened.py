"""``unscreened`` (computed on every answer, so trimmed to what red flags need) names
exactly the warning signs the general :func:`relevant_openings` finds flags for."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kneelink
from kneelink._report import AGE, DAYS_SINCE_INJURY, SymptomReport
from kneelink._schema import WARNING_SIGN_CATEGORIES
from kneelink._screening import relevant_openings, unscreened
from kneelink.interview._questions import outcome_of
from kneelink.testing import GeneratedPack, reports, rule_packs


def _by_openings(pack: kneelink.RulePack, report: SymptomReport) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``unscreened`` worked out from every opening, as it was before it had a fast path,
    beside the fast path's answer for the same outcome."""
    content = pack.content
    outcome = outcome_of(pack.suggest_regions(report), report, pack)
    openings = relevant_openings(content, report, outcome, unknown_is_open=True)
    expected = [
        id_
        for id_, symptom in content.symptoms.items()
        if symptom.category in WARNING_SIGN_CATEGORIES and id_ in openings and openings[id_].flags
    ]
    expected += [measure for measure in (AGE, DAYS_SINCE_INJURY) if measure in openings and openings[measure].flags]
    return tuple(expected), unscreened(content, report, outcome)


@given(report=reports(max_size=8, tri_state=True, ages=st.none() | st.integers(0, 120)))
def test_unscreened_matches_the_general_openings_on_the_default_pack(report: SymptomReport) -> None:
    pack = kneelink.default_pack(engine="native")
    expected, fast = _by_openings(pack, report)
    assert fast == expected
    assert pack.suggest_regions(report).unscreened == expected


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(generated=rule_packs(max_rules=12), data=st.data())
def test_unscreened_matches_the_general_openings_on_random_packs(generated: GeneratedPack, data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as folder:
        pack = kneelink.load_pack(generated.write(Path(folder)), engine="native", cache_size=0)
    for _ in range(6):
        expected, fast = _by_openings(pack, data.draw(reports(pack, max_size=5, tri_state=True)))
        assert fast == expected


def test_the_comparison_sees_unscreened_warning_signs() -> None:
    # Guards the properties above against comparing empty answers only.
    expected, fast = _by_openings(kneelink.default_pack(), SymptomReport(symptoms=["lateral_knee_pain"]))
    assert "age" in expected
    assert "one_leg_swelling" in expected
    assert fast == expected
