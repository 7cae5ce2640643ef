"""The one table of triage-dependent choices, and the one-way flow answer -> renderings."""

from __future__ import annotations

import ast
import typing
from pathlib import Path

import pytest
from hypothesis import given

import kneelink
from kneelink import Triage, testing
from kneelink.rendering._triage import triage_style

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


def test_the_answer_model_does_not_import_the_renderings_at_import_time() -> None:
    # Data flows one way: answer -> renderings. _answer.py may reach them only inside its
    # methods (a lazy import), never at module level.
    tree = ast.parse((Path(kneelink.__file__).parent / "_answer.py").read_text(encoding="utf-8"))
    top_level = [
        node.module or ""
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and not any(isinstance(p, ast.FunctionDef) for p in _parents(tree, node))
    ]
    assert not [name for name in top_level if name.startswith(("kneelink.rendering", "kneelink.interop"))]
    lazy = [node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module]
    assert "kneelink.rendering._body_map" in lazy  # ...while the methods do reach them


def _parents(tree: ast.AST, target: ast.AST) -> list[ast.AST]:
    path: list[ast.AST] = []

    def visit(node: ast.AST, trail: list[ast.AST]) -> bool:
        if node is target:
            path.extend(trail)
            return True
        return any(visit(child, [*trail, node]) for child in ast.iter_child_nodes(node))

    visit(tree, [])
    return path
