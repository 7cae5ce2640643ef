"""The answer depends on which rules fired, never on the order they fired in."""

from __future__ import annotations

from random import Random

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kneelink
from kneelink._citations import resolve_pack
from kneelink._explain import explain
from kneelink.testing import reports


@pytest.mark.parametrize("engine", ["durable", "native"])
@given(report=reports(max_size=7, contraindications=True), random=st.randoms(use_true_random=False))
def test_explanations_do_not_depend_on_firing_order(
    engine: kneelink.EngineChoice, report: kneelink.SymptomReport, random: Random
) -> None:
    pack = kneelink.default_pack(engine=engine)
    firings = list(pack._engine.evaluate(report.symptoms, report.age, report.absent))
    shuffled = list(firings)
    random.shuffle(shuffled)
    cited = resolve_pack(pack.content)
    in_order = explain(pack.content, pack._rule_for, report, firings, pack.info, cited)
    out_of_order = explain(pack.content, pack._rule_for, report, shuffled, pack.info, cited)
    assert in_order == out_of_order  # fired_rules too: it is in agenda order, not firing order
    assert in_order == pack.suggest_regions(report)
