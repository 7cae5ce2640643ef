"""Hypothesis' entry point for kneelink (``[project.entry-points.hypothesis]``).

Hypothesis runs its entry points whenever it is imported. This module lives outside the
``kneelink`` package, so that importing Hypothesis imports nothing of kneelink (nor
pydantic) in an environment where kneelink is merely installed. ``SymptomReport`` is
registered by whichever of the two is imported second: here if kneelink came first,
else by ``kneelink/__init__.py`` when it is imported after Hypothesis.
"""

from __future__ import annotations

import sys


def _hypothesis_setup_hook() -> None:
    """Register ``st.from_type(kneelink.SymptomReport)`` now if kneelink is already imported."""
    if "kneelink._report" in sys.modules:
        from kneelink._hypothesis_hook import register

        register()
