"""Hypothesis' entry point into kneelink (see ``[project.entry-points.hypothesis]``).

Kept apart from :mod:`kneelink.testing`: Hypothesis runs entry points while it is itself
being imported, which ``kneelink.testing`` does at its top, so the hook must not need
``kneelink.testing`` to be importable yet. Everything is imported when first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

    from kneelink._report import SymptomReport


def _default_reports() -> SearchStrategy[SymptomReport]:
    from kneelink.testing import reports

    return reports()


def _hypothesis_setup_hook() -> None:
    """Let ``st.from_type(kneelink.SymptomReport)`` draw reports over the default pack."""
    from hypothesis import strategies as st

    from kneelink._report import SymptomReport

    st.register_type_strategy(SymptomReport, st.deferred(_default_reports))
