"""The engine interface, and choosing an engine for a pack.

Two engines run a :class:`~kneelink.engines._compiler.CompiledPack`: ``"durable"``, the
durable-rules Rete engine (:mod:`kneelink.engines._durable`), and ``"native"``, kneelink's own
forward-chaining evaluator (:mod:`kneelink.engines._native`). Both return the same *set* of
:class:`Firing`\\ s for a report, so the explanation step gives the same answer whichever
ran. ``"auto"`` picks durable-rules where it imports and the pack is within its limits
(:mod:`kneelink.engines._limits`), and the native engine otherwise. durable-rules is imported only
when a durable engine is built, so kneelink works without it installed.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol, get_args

from kneelink._errors import PackError
from kneelink._loader import PackContent
from kneelink.engines._compiler import CompiledPack
from kneelink.engines._limits import check_durable_limits, durable_limit_problems

EngineName = Literal["durable", "native"]
EngineChoice = Literal["auto", "durable", "native"]
ENGINE_CHOICES: tuple[str, ...] = get_args(EngineChoice)


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


@functools.cache
def durable_available() -> bool:
    """Whether durable-rules' C extension imports here (imported on the first question)."""
    try:
        import durable_rules_engine  # noqa: F401
    except ImportError:
        return False
    return True


def check_engine_choice(engine: object) -> EngineChoice:
    """``engine`` if it names an engine choice; a :class:`~kneelink.PackError` otherwise."""
    if engine not in ENGINE_CHOICES:
        raise PackError(f"unknown engine {engine!r}; choose one of {', '.join(map(repr, ENGINE_CHOICES))}")
    return engine  # type: ignore[return-value]  # checked against ENGINE_CHOICES just above


def build_engine(compiled: CompiledPack, choice: EngineChoice, content: PackContent) -> RuleEngine:
    """The engine ``choice`` names for ``compiled`` (see the module docstring for ``auto``).

    ``"durable"`` raises :class:`~kneelink.PackError` (a :class:`~kneelink.RuleFileError`
    with file and line where one rule is to blame) for a pack beyond durable-rules'
    limits, and when durable-rules is not installed.
    """
    if choice == "native" or (choice == "auto" and (not durable_available() or durable_limit_problems(compiled))):
        from kneelink.engines._native import NativeEngine

        return NativeEngine(compiled)
    if not durable_available():
        raise PackError("engine='durable' needs durable-rules, which is not installed here; use engine='native'")
    check_durable_limits(compiled, content)
    from kneelink.engines._durable import Engine

    return Engine(compiled, content.header.name)
