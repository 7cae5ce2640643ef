"""Properties over random rule packs (kneelink.testing.rule_packs), not only the shipped one.

For any valid pack: the checker never crashes, durable-rules agrees with the test oracle
on every report, and every rule the checker calls reachable has a witness report that
fires it on the real engine.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oracle import Oracle

import kneelink
from kneelink import TriageLevel
from kneelink._analysis import _Checker, witness
from kneelink.testing import GeneratedPack, reports, rule_packs

PACKS = settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _load(generated: GeneratedPack, engine: kneelink.EngineChoice = "auto") -> tuple[kneelink.RulePack, Oracle]:
    with tempfile.TemporaryDirectory() as folder:
        written = generated.write(Path(folder))
        return kneelink.load_pack(written, engine=engine, cache_size=0), Oracle(written)


@PACKS
@given(rule_packs())
def test_the_checker_never_crashes_and_reports_in_the_pack(generated: GeneratedPack) -> None:
    pack = generated.load()
    report = kneelink.check_pack(pack)
    rule_ids = {rule.id for rule in pack.rules}
    for finding in report.findings:
        assert finding.severity in ("error", "warning")
        assert finding.message
        if finding.code == "unreachable-rule":
            assert any(f"rule {rule_id!r}" in finding.message for rule_id in rule_ids)


@pytest.mark.parametrize("engine", ["durable", "native"])
@PACKS
@given(generated=rule_packs(), data=st.data())
def test_engine_and_oracle_agree_on_random_packs(
    engine: kneelink.EngineChoice, generated: GeneratedPack, data: st.DataObject
) -> None:
    pack, oracle = _load(generated, engine)
    for _ in range(5):
        report = data.draw(reports(pack, max_size=5, contraindications=True, tri_state=True))
        answer = pack.suggest_regions(report)
        expected = oracle.evaluate(
            report.symptoms, report.age, [(c.kind, c.region) for c in report.contraindications], report.absent
        )
        assert set(answer.fired_rules) == expected.fired
        assert {region.region: region.role for region in answer.regions} == dict(expected.regions)
        assert answer.triage == expected.triage
        assert {hit.id for hit in answer.red_flags} == expected.red_flags
        assert {held.region for held in answer.withheld} == expected.withheld
        _assert_safe(pack, answer)


def _assert_safe(pack: kneelink.RulePack, answer: kneelink.Suggestion) -> None:
    withheld = {held.region for held in answer.withheld}
    assert not withheld & set(answer.region_ids)
    if answer.triage_level >= TriageLevel.consultation_24:
        assert answer.regions == ()
        assert withheld >= set(pack.regions)


@PACKS
@given(rule_packs(negation=False), st.data())
def test_on_random_packs_adding_a_symptom_never_lowers_triage(generated: GeneratedPack, data: st.DataObject) -> None:
    pack = generated.load()
    for _ in range(5):
        report = data.draw(reports(pack, max_size=4))
        extra = data.draw(st.sampled_from(sorted(pack.symptoms)))
        before = pack.suggest_regions(report)
        after = pack.suggest_regions(report.model_copy(update={"symptoms": report.symptoms | {extra}}))
        assert after.triage_level >= before.triage_level
        _assert_safe(pack, before)
        _assert_safe(pack, after)


@PACKS
@given(rule_packs())
def test_every_reachable_rule_has_a_witness_that_fires_it(generated: GeneratedPack) -> None:
    pack, oracle = _load(generated)
    unreachable = {
        finding.message.split("'")[1]
        for finding in kneelink.check_pack(pack).findings
        if finding.code == "unreachable-rule"
    }
    for rule in pack.rules:
        found = witness(pack.content, rule)
        assert (found is None) == (rule.id in unreachable)
        if found is not None:
            witnessed = kneelink.SymptomReport(symptoms=found.symptoms, age=found.age, absent=found.absent)
            assert rule.id in pack.suggest_regions(witnessed).fired_rules
            assert rule.id in oracle.evaluate(found.symptoms, found.age, absent=found.absent).fired


@PACKS
@given(rule_packs())
def test_the_checkers_own_witnesses_fire_their_rules(generated: GeneratedPack) -> None:
    # The checker finds most witnesses from a few pack-wide fixpoints, not witness():
    # those must fire their rules on the engine and in the oracle too.
    pack, oracle = _load(generated)
    for rule_id, found in _Checker(pack.content).witnesses.items():
        if found is not None:
            witnessed = kneelink.SymptomReport(symptoms=found.symptoms, age=found.age, absent=found.absent)
            assert rule_id in pack.suggest_regions(witnessed).fired_rules
            assert rule_id in oracle.evaluate(found.symptoms, found.age, absent=found.absent).fired


@settings(max_examples=30)
@given(rule_packs(), st.data())
def test_a_rule_no_report_fires_is_called_unreachable(generated: GeneratedPack, data: st.DataObject) -> None:
    # The converse, probed from outside: whatever fires on some report is not unreachable.
    pack = generated.load()
    unreachable = {
        finding.message.split("'")[1]
        for finding in kneelink.check_pack(pack).findings
        if finding.code == "unreachable-rule"
    }
    for _ in range(10):
        fired = set(pack.suggest_regions(data.draw(reports(pack))).fired_rules)
        assert not fired & unreachable


@settings(max_examples=20)
@given(st.from_type(kneelink.SymptomReport))
def test_from_type_draws_reports_over_the_default_pack(report: kneelink.SymptomReport) -> None:
    # Registered through Hypothesis' entry point (kneelink._hypothesis_hook).
    assert report.symptoms <= set(kneelink.default_pack().symptoms)
    kneelink.suggest_regions(report)
