"""External programs the picture tests use (Chromium, Graphviz), and when to skip.

A test that needs one skips when it is missing on a developer's machine, and fails when it
is missing in CI (``CI=true``), where ``.ci/run`` installs both: a green CI run must never
hide a picture check that did not run.
"""

from __future__ import annotations

import os
import shutil

import pytest
from headless_browser import chromium

from kneelink._answer import Suggestion
from kneelink.rendering._body_map import State


def _require(found: bool, what: str) -> None:
    if found:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is missing in CI; .ci/run installs it with apt-get")
    pytest.skip(f"{what} is not installed (Debian: see .ci/run)")


def require_chromium() -> None:
    """Skip (or, in CI, fail) unless Debian's chromium is installed."""
    _require(chromium() is not None, "chromium")


def require_dot() -> str:
    """The path of Graphviz's ``dot``; skip (or, in CI, fail) without it."""
    found = shutil.which("dot")
    _require(found is not None, "graphviz (dot)")
    assert found is not None
    return found


def expected_state(answer: Suggestion, region: str, leg: str) -> State:
    """What a region should look like on one leg, worked out from the answer alone:
    withheld on both legs; suggested on the named leg, or both for ``both``/``unspecified``."""
    if any(held.region == region for held in answer.withheld):
        return "withheld"
    for suggestion in answer.regions:
        if suggestion.region == region:
            legs = (suggestion.side,) if suggestion.side in ("left", "right") else ("left", "right")
            return suggestion.role if leg in legs else "not_involved"
    return "not_involved"


def close(colour: tuple[int, int, int], hex_colour: str, tolerance: int = 8) -> bool:
    """Whether ``colour`` is within ``tolerance`` per channel of ``#RRGGBB``."""
    wanted = tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return all(abs(a - b) <= tolerance for a, b in zip(colour, wanted, strict=True))
