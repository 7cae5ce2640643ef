"""Hypothesis' entry point: importing Hypothesis imports nothing of kneelink, nor pydantic,
and ``st.from_type(kneelink.SymptomReport)`` draws reports over the default pack whichever
of the two a program imports first (issue 23)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest


def _python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120, check=False
    )


def test_importing_hypothesis_imports_nothing_of_kneelink_nor_pydantic() -> None:
    done = _python(
        """
        import hypothesis, sys
        assert "pydantic" not in sys.modules
        ours = sorted(name for name in sys.modules if "kneelink" in name)
        assert ours == ["_kneelink_hypothesis"], ours
        """
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    "first",
    ["import hypothesis\nimport kneelink", "import kneelink\nimport hypothesis", "import kneelink.testing"],
    ids=["hypothesis first", "kneelink first", "kneelink.testing first"],
)
def test_from_type_draws_reports_over_the_default_pack_whichever_comes_first(first: str) -> None:
    done = _python(
        first
        + """
import kneelink
from hypothesis import given, settings, strategies as st

vocabulary = set(kneelink.default_pack().symptoms)
drawn = []

@settings(max_examples=30, database=None)
@given(st.from_type(kneelink.SymptomReport))
def check(report):
    assert report.symptoms <= vocabulary, report
    drawn.append(report)

check()
assert len({report.symptoms for report in drawn}) > 5
"""
    )
    assert done.returncode == 0, done.stderr
