"""Every fact's best path spelt out from the explanation's links, for the tests that
compare them with a plain fixpoint."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from kneelink._explain import _linked_paths

Path = tuple[int, tuple[str, ...], tuple[str, ...]]
Steps = Sequence[tuple[tuple[str, ...], str, tuple[str, ...]]]


def best_paths(symptoms: Iterable[str], steps: Steps) -> dict[str, Path]:
    """The shortest path from a reported symptom to each fact that holds, given the
    (matched facts, rule id, derived facts) of each firing: ``(length, facts, rules)``."""
    links = _linked_paths(symptoms, steps)
    return {fact: links.path(fact) for fact in links.parent}
