"""The answer depends on which rules fired, never on the order they fired in."""

from __future__ import annotations

from random import Random

import pytest
from best_paths import best_paths
from hypothesis import given
from hypothesis import strategies as st

import kneelink
from kneelink._citations import resolve_pack
from kneelink._explain import Explainer
from kneelink._windows import with_windows
from kneelink.testing import reports


@pytest.mark.parametrize("engine", ["durable", "native"])
@given(report=reports(max_size=7, contraindications=True), random=st.randoms(use_true_random=False))
def test_explanations_do_not_depend_on_firing_order(
    engine: kneelink.EngineChoice, report: kneelink.SymptomReport, random: Random
) -> None:
    pack = kneelink.default_pack(engine=engine)
    windowed = with_windows(report, pack.windows)  # the windows an answer works out first
    firings = list(pack._engine.evaluate(windowed.symptoms, windowed.age, windowed.absent))
    shuffled = list(firings)
    random.shuffle(shuffled)
    cited = resolve_pack(pack.content)
    in_order = Explainer(pack.content, pack._rule_for, pack.info, cited).explain(windowed, firings)
    out_of_order = Explainer(pack.content, pack._rule_for, pack.info, cited).explain(windowed, shuffled)
    assert in_order == out_of_order  # fired_rules too: it is in agenda order, not firing order
    assert in_order == pack.suggest_regions(report)


_Path = tuple[int, tuple[str, ...], tuple[str, ...]]


def _relaxed_paths(symptoms: list[str], steps: list[tuple[tuple[str, ...], str, tuple[str, ...]]]) -> dict[str, _Path]:
    """Best paths by relaxing every step until nothing improves: slow, and plainly right."""
    best: dict[str, _Path] = {symptom: (1, (symptom,), ()) for symptom in symptoms}
    changed = True
    while changed:
        changed = False
        for matched, rule_id, derive in steps:
            known = [best[fact] for fact in matched if fact in best]
            if not known:
                continue
            length, facts, rules = min(known)
            for fact in derive:
                candidate = (length + 1, (*facts, fact), (*rules, rule_id))
                if fact not in best or candidate < best[fact]:
                    best[fact] = candidate
                    changed = True
    return best


_FACTS = st.sampled_from(["a", "b", "c", "d", "e", "f"])


@given(
    symptoms=st.lists(_FACTS, max_size=3, unique=True),
    steps=st.lists(
        st.tuples(
            st.lists(_FACTS, min_size=1, max_size=3, unique=True).map(tuple),
            st.sampled_from(["r1", "r2", "r3", "r4"]),
            st.lists(_FACTS, min_size=1, max_size=2, unique=True).map(tuple),
        ),
        max_size=8,
    ),
)
def test_best_paths_equal_relaxing_every_step_to_a_fixpoint(
    symptoms: list[str], steps: list[tuple[tuple[str, ...], str, tuple[str, ...]]]
) -> None:
    # Cycles, ties and steps whose facts never hold included: the settled-first order
    # must find exactly the least path the plain fixpoint finds.
    assert best_paths(symptoms, steps) == _relaxed_paths(symptoms, steps)


def test_best_paths_are_the_shortest_with_the_rules_that_drew_them() -> None:
    steps = [(("x",), "a", ("y",)), (("y",), "b", ("z",)), (("x", "z"), "c", ("w",))]
    paths = best_paths(["x"], steps)
    assert {fact: path[1] for fact, path in paths.items()} == {
        "w": ("x", "w"),
        "x": ("x",),
        "y": ("x", "y"),
        "z": ("x", "y", "z"),
    }
    assert paths["z"][2] == ("a", "b")
