"""kneelink's own engine: forward chaining over a compiled pack, in pure Python.

Each compiled rule is indexed under every positive fact it needs. Evaluating a report
walks the facts as they become known (reported symptoms first, then what firings
derive), counting for each rule how many of its facts hold; a rule fires when the count
reaches its number of facts and its static tests pass: no symptom of its ``none`` was
reported, and the age is inside its range. So the work per call grows with the rules a
report touches, not with the size of the pack. There is no lock and no global state: a
call only reads the index, which is built once and never changed.

>>> import kneelink
>>> from kneelink.engines._compiler import compile_pack
>>> engine = NativeEngine(compile_pack(kneelink.default_pack().content))
>>> sorted(firing.name for firing in engine.evaluate(frozenset({"lateral_knee_pain"}), 34))[:3]
['also_treat_the_leg#0', 'always_treat_the_hips#0', 'any_knee_pain#1']
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kneelink.engines._compiler import CompiledPack
from kneelink.engines._interface import EngineName, Firing


@dataclass(slots=True, eq=False)  # not frozen: a frozen __init__ is slow for 20,000 rules
class _Entry:
    """What the hot loop needs of a compiled rule, precomputed (hashed by identity; never
    changed after the engine is built)."""

    needed: int
    firing: Firing
    none: tuple[str, ...]
    age_min: int | None
    age_max: int | None
    has_age: bool
    derive: tuple[str, ...]
    unconditional: bool  # no age range and no absence test: admits() is always true

    def admits(self, absent: frozenset[str], age: int | None) -> bool:
        if self.has_age:
            if age is None:
                return False
            if (self.age_min is not None and age < self.age_min) or (self.age_max is not None and age > self.age_max):
                return False
        # Absence only as reported: a symptom nobody asked about, or "don't know", is not "no".
        return all(symptom in absent for symptom in self.none)


class NativeEngine:
    """A compiled pack, evaluated by indexed forward chaining. Safe to share between threads."""

    kind: EngineName = "native"

    def __init__(self, compiled: CompiledPack) -> None:
        index: dict[str, list[_Entry]] = {}
        for rule in compiled.rules:
            entry = _Entry(
                needed=len(rule.positive),
                firing=Firing(rule.name, rule.positive),
                none=rule.none,
                age_min=rule.age_min,
                age_max=rule.age_max,
                has_age=rule.has_age,
                derive=rule.rule.derive,
                unconditional=not rule.has_age and not rule.none,
            )
            for fact in rule.positive:
                index.setdefault(fact, []).append(entry)
        self._index: Mapping[str, tuple[_Entry, ...]] = {fact: tuple(entries) for fact, entries in index.items()}

    def evaluate(self, symptoms: frozenset[str], age: int | None, absent: frozenset[str] = frozenset()) -> list[Firing]:
        """Every compiled rule whose conditions hold for the report, each firing once."""
        index = self._index
        known = set(symptoms)
        pending = list(symptoms)
        counts: dict[_Entry, int] = {}
        firings: list[Firing] = []
        while pending:
            for entry in index.get(pending.pop(), ()):
                count = counts.get(entry, 0) + 1
                counts[entry] = count
                if count == entry.needed and (entry.unconditional or entry.admits(absent, age)):
                    firings.append(entry.firing)
                    for fact in entry.derive:
                        if fact not in known:
                            known.add(fact)
                            pending.append(fact)
        return firings
