"""What every engine is: the interface the engines implement and the pack calls.

The engines (:mod:`._durable`, :mod:`._native`) import this module, and the chooser
(:mod:`._choice`) imports them: the interface sits below both, so neither engine reaches
back up to the module that picks it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

EngineName = Literal["durable", "native"]


@dataclass(frozen=True)
class Firing:
    """One rule firing: the compiled rule name (``"<rule id>#<n>"``) and the fact ids it
    matched, in the order of the rule's conditions."""

    name: str
    matched: tuple[str, ...]


class RuleEngine(Protocol):
    """What a pack needs from an engine: the firings for a report's symptoms and age."""

    @property
    def kind(self) -> EngineName:
        """Which engine this is."""

    def evaluate(
        self, symptoms: frozenset[str], age: int | None, absent: frozenset[str] = frozenset()
    ) -> Sequence[Firing]:
        """Fire rules to a fixpoint from the reported ``symptoms`` and ``age``; every
        compiled rule whose conditions hold fires exactly once. A ``none`` condition holds
        only for symptoms the report says are ``absent``."""
