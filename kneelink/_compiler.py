"""Compile a validated pack into a durable-rules ruleset definition.

Facts in the engine are small JSON objects: ``{"f": "<symptom or fact id>"}`` for what
was reported or derived, ``{"age": 34}`` for the reported age, and ``{"absent": "<id>"}``
for each symptom some rule's ``none`` names and the report says is absent. ``none``
compiles to a match on those absence facts, not to durable-rules' ``$not``: durable-rules
does not withdraw a ``$not`` match when the excluded fact arrives later in the same batch,
and no order of assertion avoids that when a symptom is both excluded by one rule and
required by another. Absence is just another fact, asserted only when it was reported: a
symptom nobody asked about, or answered "don't know", matches no ``none``. Each rule becomes one
durable-rules rule per alternative of its ``any`` list, named ``"<rule id>#<n>"``, so a
rule with ``any = [a, b]`` fires once for ``a`` and once for ``b`` and the engine never
needs its own ``any`` operator (whose matches carry less information for explanations).

>>> from kneelink._schema import Condition
>>> _conditions(Condition(all=["x"], none=["y"], age={"min": 55}), "z")
[{'c0': {'f': 'x'}}, {'c1': {'f': 'z'}}, {'age': {'$gte': {'age': 55}}}, {'n0': {'absent': 'y'}}]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from kneelink._errors import RuleFileError
from kneelink._loader import PackContent
from kneelink._schema import Condition, Rule

# durable-rules keeps at most this many expressions in one rule (MAX_SEQUENCE_EXPRESSIONS).
MAX_EXPRESSIONS = 32
PRIORITY_LIMIT = 1000


@dataclass(frozen=True)
class CompiledPack:
    """A ruleset definition for durable-rules, and how to read its firings back."""

    definition: Mapping[str, Any]
    rule_for: Mapping[str, Rule]
    negated_symptoms: frozenset[str]

    def input_facts(self, symptoms: Iterable[str], age: int | None, absent: Iterable[str] = ()) -> list[dict[str, Any]]:
        """The facts to assert for a report: its symptoms, its age, and the absence of
        each symptom a rule excludes and the report says is ``absent``.

        Sorting makes the firing order independent of the order symptoms were given in.

        >>> compiled = CompiledPack({}, {}, frozenset({"injury", "limp", "fever"}))
        >>> compiled.input_facts(["pain", "limp"], 40, absent=["injury", "swelling"])
        [{'age': 40}, {'f': 'limp'}, {'f': 'pain'}, {'absent': 'injury'}]
        >>> compiled.input_facts(["pain"], None)  # nothing reported absent: no `none` can match
        [{'f': 'pain'}]
        """
        reported = set(symptoms)
        facts: list[dict[str, Any]] = [] if age is None else [{"age": age}]
        facts += [{"f": id_} for id_ in sorted(reported)]
        facts += [{"absent": id_} for id_ in sorted(self.negated_symptoms.intersection(absent) - reported)]
        return facts


def durable_pri(priority: int) -> int:
    """durable-rules' ``pri`` for a kneelink ``priority``.

    durable-rules fires the lowest ``pri`` first and mis-orders negative values, so
    kneelink's priorities (higher first, -1000..1000) map onto 0..2000.

    >>> [durable_pri(p) for p in (100, 0, -1000)]
    [900, 1000, 2000]
    """
    return PRIORITY_LIMIT - priority


def _age_test(condition: Condition) -> list[dict[str, Any]]:
    if condition.age is None:
        return []
    bounds: list[dict[str, Any]] = []
    if condition.age.min is not None:
        bounds.append({"$gte": {"age": condition.age.min}})
    if condition.age.max is not None:
        bounds.append({"$lte": {"age": condition.age.max}})
    test = bounds[0] if len(bounds) == 1 else {"$and": bounds}
    return [{"age": test}]


def _conditions(condition: Condition, alternative: str | None) -> list[dict[str, Any]]:
    # One fact cannot fill two conditions of a durable-rules rule, so an `any` alternative
    # that `all` already requires adds nothing.
    extra = [alternative] if alternative is not None and alternative not in condition.all else []
    positive = [*condition.all, *extra]
    expressions: list[dict[str, Any]] = [{f"c{i}": {"f": id_}} for i, id_ in enumerate(positive)]
    expressions += _age_test(condition)
    expressions += [{f"n{i}": {"absent": id_}} for i, id_ in enumerate(condition.none)]
    return expressions


def compile_pack(content: PackContent) -> CompiledPack:
    """Turn every rule of ``content`` into durable-rules rules."""
    definition: dict[str, Any] = {}
    rule_for: dict[str, Rule] = {}
    for rule in content.rules:
        alternatives: list[str | None] = list(rule.when.any) or [None]
        for number, alternative in enumerate(alternatives):
            expressions = _conditions(rule.when, alternative)
            if len(expressions) > MAX_EXPRESSIONS:
                where = content.location("rule", rule.id)
                raise RuleFileError(
                    where.path if where else content.header.name,
                    where.line if where else None,
                    f"rule {rule.id!r} has {len(expressions)} conditions; "
                    f"durable-rules takes at most {MAX_EXPRESSIONS}",
                )
            name = f"{rule.id}#{number}"
            definition[name] = {"all": expressions, "pri": durable_pri(rule.priority)}
            rule_for[name] = rule
    negated = frozenset(id_ for rule in content.rules for id_ in rule.when.none)
    return CompiledPack(definition, rule_for, negated)
