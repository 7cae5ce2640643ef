"""Arbitrary Python values as arguments: only a KneelinkError may escape, never a hang.

The strategies are ``hardening.py``'s (``python tests/support/hardening.py`` runs a larger sample
and prints the counts). Every call runs under a time limit, so a hang fails the test.
The assertion is the strict one: not even a ``TypeError`` or ``ValueError`` of Python's
own escapes, because every check kneelink makes raises its own errors, which subclass
those two anyway.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import pytest
from hardening import (
    Tally,
    load_arguments,
    packs,
    plausible_age,
    plausible_contraindications,
    plausible_side,
    plausible_symptoms,
    suggest_call,
    time_limit,
    values,
)
from hypothesis import HealthCheck, given, settings

import kneelink

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))


def only_kneelink_errors(call: Any) -> None:
    tally = Tally()
    escaped = tally.record(call)
    if escaped is not None:
        raise AssertionError(f"{type(escaped).__name__} escaped kneelink") from escaped


@FUZZ
@given(plausible_symptoms, plausible_side, plausible_age, plausible_contraindications, packs)
def test_suggest_regions_raises_only_kneelink_errors(
    symptoms: object, side: object, age: object, contraindications: object, pack: object
) -> None:
    only_kneelink_errors(lambda: suggest_call(symptoms, side, age, contraindications, pack))


@FUZZ
@given(values, values, values, values)
def test_symptom_report_raises_only_report_errors(symptoms: object, side: object, age: object, other: object) -> None:
    # A report raises ReportError and nothing else, not even another KneelinkError.
    with time_limit(10), contextlib.suppress(kneelink.ReportError):
        kneelink.SymptomReport(symptoms=symptoms, side=side, age=age, contraindications=other)


@settings(FUZZ, max_examples=150)
@given(load_arguments())
def test_load_pack_raises_only_kneelink_errors(argument: object) -> None:
    only_kneelink_errors(lambda: kneelink.load_pack(argument))  # type: ignore[arg-type]


@settings(FUZZ, max_examples=100)
@given(load_arguments())
def test_check_pack_raises_only_kneelink_errors(argument: object) -> None:
    only_kneelink_errors(lambda: kneelink.check_pack(argument))  # type: ignore[arg-type]


def test_the_fuzz_catches_what_escapes() -> None:
    # The harness itself must see an escape: otherwise the tests above prove nothing.
    tally = Tally()

    def leak() -> None:
        raise KeyError("leak")

    assert isinstance(tally.record(leak), KeyError)
    assert (tally.tried, tally.survived, tally.failed) == (1, 0, 1)
    with pytest.raises(AssertionError, match="KeyError escaped"):
        only_kneelink_errors(leak)


def test_the_fuzz_times_out_a_hang(tmp_path: Path) -> None:
    from hardening import Timeout, endless

    tally = Tally()
    assert isinstance(tally.record(lambda: list(endless()), seconds=1), Timeout)
