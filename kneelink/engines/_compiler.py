"""Compile a validated pack into rules either engine can run.

Each rule becomes one compiled rule per alternative of its ``any`` list, named
``"<rule id>#<n>"``: a rule with ``any = [a, b]`` fires once for ``a`` and once for ``b``,
so neither engine needs an ``any`` operator, and explanations know which fact counted.
A :class:`CompiledRule` holds what must hold for it to fire: its positive facts, in the
order of its conditions, the absence of each symptom of ``none``, and an age range.

For durable-rules (:attr:`CompiledPack.definition`), facts are small JSON objects:
``{"f": "<symptom or fact id>"}`` for what was reported or derived, ``{"age": 34}`` for the
reported age, and ``{"absent": "<id>"}`` for each symptom some rule's ``none`` names and
the report says is absent. ``none`` compiles to a match on those absence facts, not to
durable-rules' ``$not``: durable-rules does not withdraw a ``$not`` match when the excluded
fact arrives later in the same batch, and no order of assertion avoids that when a symptom
is both excluded by one rule and required by another. Absence is just another fact,
asserted only when it was reported: a symptom not asked about, or answered "don't know",
matches no ``none``.

>>> when = {"all": ["x"], "any": ["z"], "none": ["y"], "age": {"min": 55}}
>>> rule = Rule(id="r", summary="s", when=when, derive=["w"], cite=["article#1"])
>>> [_expressions(compiled) for compiled in compile_rule(rule)]
[[{'c0': {'f': 'x'}}, {'c1': {'f': 'z'}}, {'age': {'$gte': {'age': 55}}}, {'n0': {'absent': 'y'}}]]
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from kneelink._loader import PackContent
from kneelink._schema import Condition, Rule

PRIORITY_LIMIT = 1000


class CompiledRule(NamedTuple):  # a NamedTuple: packs may compile tens of thousands
    """One alternative of one rule: it fires when every ``positive`` fact holds, no
    symptom of ``none`` was reported, and the age is inside ``age_min``..``age_max``."""

    name: str
    rule: Rule
    positive: tuple[str, ...]
    none: tuple[str, ...]
    age_min: int | None
    age_max: int | None

    @property
    def has_age(self) -> bool:
        return self.age_min is not None or self.age_max is not None

    @property
    def fact_count(self) -> int:
        """How many facts one firing matches: its positives, the age, each absence."""
        return len(self.positive) + self.has_age + len(self.none)


@dataclass(frozen=True)
class CompiledPack:
    """Every rule of a pack, compiled; and the durable-rules ruleset made from them."""

    rules: tuple[CompiledRule, ...]
    negated_symptoms: frozenset[str]

    @functools.cached_property
    def rule_for(self) -> Mapping[str, Rule]:
        """The rule behind each compiled rule name."""
        return {compiled.name: compiled.rule for compiled in self.rules}

    @functools.cached_property
    def definition(self) -> Mapping[str, Any]:
        """The durable-rules ruleset definition (built on first use: the native engine
        never needs it)."""
        return {
            compiled.name: {"all": _expressions(compiled), "pri": durable_pri(compiled.rule.priority)}
            for compiled in self.rules
        }


def durable_pri(priority: int) -> int:
    """durable-rules' ``pri`` for a kneelink ``priority``.

    durable-rules fires the lowest ``pri`` first and mis-orders negative values, so
    kneelink's priorities (higher first, -1000..1000) map onto 0..2000.

    >>> [durable_pri(p) for p in (100, 0, -1000)]
    [900, 1000, 2000]
    """
    return PRIORITY_LIMIT - priority


def age_test(age_min: int | None, age_max: int | None) -> dict[str, Any] | None:
    """The durable-rules test of an age range, or ``None`` for no range."""
    bounds: list[dict[str, Any]] = []
    if age_min is not None:
        bounds.append({"$gte": {"age": age_min}})
    if age_max is not None:
        bounds.append({"$lte": {"age": age_max}})
    if not bounds:
        return None
    return bounds[0] if len(bounds) == 1 else {"$and": bounds}


def _positive(condition: Condition, alternative: str | None) -> tuple[str, ...]:
    # One fact cannot fill two conditions of a durable-rules rule, so an `any` alternative
    # that `all` already requires adds nothing.
    extra = (alternative,) if alternative is not None and alternative not in condition.all else ()
    return (*condition.all, *extra)


def _expressions(compiled: CompiledRule) -> list[dict[str, Any]]:
    expressions: list[dict[str, Any]] = [{f"c{i}": {"f": id_}} for i, id_ in enumerate(compiled.positive)]
    age = age_test(compiled.age_min, compiled.age_max)
    if age is not None:
        expressions.append({"age": age})
    expressions += [{f"n{i}": {"absent": id_}} for i, id_ in enumerate(compiled.none)]
    return expressions


def compile_rule(rule: Rule) -> list[CompiledRule]:
    """One compiled rule per alternative of ``rule``'s ``any`` (one if it has none)."""
    when, age = rule.when, rule.when.age
    alternatives: list[str | None] = list(when.any) or [None]
    return [
        CompiledRule(
            f"{rule.id}#{number}",
            rule,
            _positive(when, alternative),
            when.none,
            age.min if age else None,
            age.max if age else None,
        )
        for number, alternative in enumerate(alternatives)
    ]


def compile_pack(content: PackContent) -> CompiledPack:
    """Compile every rule of ``content``, in pack order."""
    compiled = tuple(item for rule in content.rules for item in compile_rule(rule))
    negated = frozenset(id_ for rule in content.rules for id_ in rule.when.none)
    return CompiledPack(compiled, negated)
