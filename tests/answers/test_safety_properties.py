"""Safety properties over reports that mix the muscle chain with red flags.

No chain can outvote a red flag or a contraindication; these hold for every report.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from oracle import Oracle

import kneelink
from kneelink import TriageLevel
from kneelink.testing import reports, symptom_ids

MIXED = reports(max_size=7, contraindications=True)


@given(MIXED, symptom_ids())
def test_triage_never_drops_when_a_symptom_is_added(report: kneelink.SymptomReport, extra: str) -> None:
    before = kneelink.suggest_regions(report)
    after = kneelink.suggest_regions(report.model_copy(update={"symptoms": report.symptoms | {extra}}))
    assert after.triage_level >= before.triage_level


@given(MIXED)
def test_a_referral_lists_no_region_and_withholds_every_region(report: kneelink.SymptomReport) -> None:
    answer = kneelink.suggest_regions(report)
    if answer.triage_level >= TriageLevel.consultation_24:
        assert answer.regions == ()
        assert {held.region for held in answer.withheld} >= set(kneelink.default_pack().regions)
        assert answer.red_flags[0].level == answer.triage
        assert all(held.red_flag is not None for held in answer.withheld)


@given(MIXED)
def test_no_withheld_region_is_ever_suggested(report: kneelink.SymptomReport) -> None:
    answer = kneelink.suggest_regions(report)
    assert not {held.region for held in answer.withheld} & set(answer.region_ids)
    for contraindication in report.contraindications:
        assert contraindication.region not in answer.region_ids
        assert contraindication.region in {held.region for held in answer.withheld}


@given(MIXED)
def test_the_calf_is_never_suggested_with_one_leg_swelling(report: kneelink.SymptomReport) -> None:
    with_swelling = report.model_copy(update={"symptoms": report.symptoms | {"one_leg_swelling"}})
    answer = kneelink.suggest_regions(with_swelling)
    assert "calf" not in answer.region_ids
    assert "calf" in {held.region for held in answer.withheld}
    assert answer.triage_level >= TriageLevel.consultation_24


@given(MIXED)
def test_triage_matches_the_red_flags_it_reports(report: kneelink.SymptomReport) -> None:
    answer = kneelink.suggest_regions(report)
    highest = max((hit.triage_level for hit in answer.red_flags), default=TriageLevel.self_care)
    assert answer.triage_level == highest
    assert list(answer.red_flags) == sorted(answer.red_flags, key=lambda hit: -hit.triage_level)
    for hit in answer.red_flags:
        assert hit.message
        assert hit.citations
        assert all(citation.address or citation.citation for citation in hit.citations)


@given(report=MIXED)
def test_the_oracle_agrees_on_triage_and_withheld_sets(oracle: Oracle, report: kneelink.SymptomReport) -> None:
    answer = kneelink.suggest_regions(report)
    expected = oracle.evaluate(
        report.symptoms,
        report.age,
        [(c.kind, c.region) for c in report.contraindications],
        report.absent,
        report.days_since_injury,
    )
    assert answer.triage == expected.triage
    assert {held.region for held in answer.withheld} == expected.withheld
    assert {hit.id for hit in answer.red_flags} == expected.red_flags


@given(st.sampled_from(sorted(kneelink.default_pack().regions)), MIXED)
def test_a_local_contraindication_withholds_that_region_only(region: str, report: kneelink.SymptomReport) -> None:
    bare = report.model_copy(update={"contraindications": frozenset()})
    covered = report.model_copy(
        update={"contraindications": frozenset({kneelink.LocalContraindication(kind="open_wound", region=region)})}
    )
    plain, held = kneelink.suggest_regions(bare), kneelink.suggest_regions(covered)
    assert held.region_ids == tuple(r for r in plain.region_ids if r != region)
    assert held.triage == plain.triage
