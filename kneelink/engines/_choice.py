"""Choosing an engine for a pack.

Two engines run a :class:`~kneelink.engines._compiler.CompiledPack`: ``"durable"``, the
durable-rules Rete engine (:mod:`kneelink.engines._durable`), and ``"native"``, kneelink's own
forward-chaining evaluator (:mod:`kneelink.engines._native`). Both return the same *set* of
:class:`~kneelink.engines._interface.Firing`\\ s for a report, so the explanation step gives the same answer whichever
ran. ``"auto"`` picks durable-rules where it imports and the pack is within its limits
(:mod:`kneelink.engines._limits`), and the native engine otherwise. durable-rules is imported only
when a durable engine is built, so kneelink works without it installed.
"""

from __future__ import annotations

import functools
from typing import Literal, get_args

from kneelink._errors import PackError
from kneelink._loader import PackContent
from kneelink.engines._compiler import CompiledPack
from kneelink.engines._interface import RuleEngine
from kneelink.engines._limits import check_durable_limits, durable_limit_problems

EngineChoice = Literal["auto", "durable", "native"]
ENGINE_CHOICES: tuple[str, ...] = get_args(EngineChoice)


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
