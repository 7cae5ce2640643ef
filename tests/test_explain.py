"""The answer depends on which rules fired, never on the order they fired in."""

from __future__ import annotations

from random import Random

from hypothesis import given
from hypothesis import strategies as st

import kneelink
from kneelink._explain import explain
from kneelink.testing import reports


@given(reports(max_size=7, contraindications=True), st.randoms(use_true_random=False))
def test_explanations_do_not_depend_on_firing_order(report: kneelink.SymptomReport, random: Random) -> None:
    pack = kneelink.default_pack()
    facts = pack._compiled.input_facts(report.symptoms, report.age, report.absent)
    firings = pack._engine.run(facts, pack._derive)
    shuffled = list(firings)
    random.shuffle(shuffled)
    in_order = explain(pack.content, pack._rule_for, report, firings, pack.info, pack._cited)
    out_of_order = explain(pack.content, pack._rule_for, report, shuffled, pack.info, pack._cited)
    assert in_order.model_copy(update={"fired_rules": ()}) == out_of_order.model_copy(update={"fired_rules": ()})
    assert set(in_order.fired_rules) == set(out_of_order.fired_rules)
    assert in_order == kneelink.suggest_regions(report)
