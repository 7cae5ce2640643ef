"""Property tests reject the inputs they do not test with ``assume()``, never an early
``return``: Hypothesis counts a ``return`` as a passing example, so a test can pass
while testing almost nothing (issue 23 found one that skipped 83 of its 150 packs)."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from paths import ROOT


def _given_functions(tree: ast.AST) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(
            "given(" in ast.unparse(decorator) for decorator in node.decorator_list
        ):
            yield node


def _own_returns(function: ast.AST) -> Iterator[ast.Return]:
    """The ``return`` statements of ``function`` itself, not of functions defined inside it."""
    for child in ast.iter_child_nodes(function):
        if isinstance(child, ast.Return):
            yield child
        if not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            yield from _own_returns(child)


def _early_returns(source: str) -> list[str]:
    return [
        f"{function.name} (line {found.lineno})"
        for function in _given_functions(ast.parse(source))
        for found in _own_returns(function)
    ]


def test_no_property_test_returns_early() -> None:
    found = {
        str(path.relative_to(ROOT)): returns
        for path in sorted([*ROOT.glob("tests/**/*.py"), *ROOT.glob("kneelink/**/*.py")])
        if (returns := _early_returns(path.read_text(encoding="utf-8")))
    }
    assert found == {}, "use assume() to reject an input, not return"


def test_the_check_sees_a_return_in_a_property_but_not_in_a_helper_inside_it() -> None:
    source = """
@settings(max_examples=5)
@given(st.integers())
def test_bad(n):
    if n < 0:
        return
    def helper():
        return n
    assert helper() >= 0
"""
    assert _early_returns(source) == ["test_bad (line 6)"]
    assert _early_returns(source.replace("        return\n", "        pass\n")) == []
