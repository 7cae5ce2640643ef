"""``st.from_type(kneelink.SymptomReport)``: reports over the default pack.

Called once both kneelink and Hypothesis are imported, by whichever came second (see
``_kneelink_hypothesis``, the entry point, outside this package). The strategy is deferred:
``kneelink.testing`` and the default pack load only when a strategy is first drawn from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

    from kneelink._report import SymptomReport


def _default_reports() -> SearchStrategy[SymptomReport]:
    from kneelink.testing import reports

    return reports()


def register() -> None:
    """Let ``st.from_type(kneelink.SymptomReport)`` draw reports over the default pack."""
    from hypothesis import strategies as st

    from kneelink._report import SymptomReport

    st.register_type_strategy(SymptomReport, st.deferred(_default_reports))
