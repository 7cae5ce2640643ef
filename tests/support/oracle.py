"""An independent, deliberately naive evaluator of the rule-file semantics.

Differential tests compare kneelink's answers (pydantic models, durable-rules' Rete
engine, explanation code) with this one: plain TOML dicts and a set fixpoint. It must
never import kneelink, or a bug shared by both would agree with itself.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LEVELS = ("self_care", "consultation", "consultation_24", "emergency", "emergency_ambulance")


@dataclass(frozen=True)
class OracleAnswer:
    facts: frozenset[str]
    fired: frozenset[str]
    suggested: Mapping[str, str]  # region -> role, before withholding
    regions: Mapping[str, str]  # region -> role, after withholding
    triage: str
    red_flags: frozenset[str]
    withheld: frozenset[str]


class Oracle:
    def __init__(self, pack_dir: Path) -> None:
        self.rules: list[dict[str, Any]] = []
        self.flags: dict[str, dict[str, Any]] = {}
        self.regions: list[str] = []
        # Window symptoms: id -> (the symptom they follow, first day, last day).
        self.windows: dict[str, tuple[str, int, int | None]] = {}
        for path in sorted(pack_dir.glob("*.toml")):
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            for symptom in data.get("symptom", []):
                if "window" in symptom:
                    window = symptom["window"]
                    self.windows[symptom["id"]] = (window["after"], window.get("min_days", 0), window.get("max_days"))
            self.rules += data.get("rule", [])
            self.flags.update({flag["id"]: flag for flag in data.get("red_flag", [])})
            self.regions += [region["id"] for region in data.get("region", [])]

    def _fires(self, rule: dict[str, Any], facts: set[str], absent: set[str], age: int | None) -> bool:
        when = rule["when"]
        if not all(id_ in facts for id_ in when.get("all", [])):
            return False
        if when.get("any") and not any(id_ in facts for id_ in when["any"]):
            return False
        # `none` matches a symptom only when the report says it is absent.
        if not all(id_ in absent for id_ in when.get("none", [])):
            return False
        if "age" in when:
            low, high = when["age"].get("min"), when["age"].get("max")
            if age is None or (low is not None and age < low) or (high is not None and age > high):
                return False
        return True

    def evaluate(
        self,
        symptoms: Iterable[str],
        age: int | None = None,
        contraindications: Iterable[tuple[str, str]] = (),
        absent: Iterable[str] = (),
        days_since_injury: int | None = None,
    ) -> OracleAnswer:
        reported, said_absent = set(symptoms), set(absent) - set(symptoms)
        # A window holds when what it follows was reported and the day is inside it; a day
        # not given counts as day 0. It is absent when what it follows was denied or the
        # day is outside.
        day = 0 if days_since_injury is None else days_since_injury
        for window, (after, first, last) in self.windows.items():
            if after in reported:
                inside = first <= day and (last is None or day <= last)
                (reported if inside else said_absent).add(window)
            elif after in said_absent:
                said_absent.add(window)
        facts, fired = set(reported), set()
        changed = True
        while changed:
            changed = False
            for rule in self.rules:
                if rule["id"] not in fired and self._fires(rule, facts, said_absent, age):
                    fired.add(rule["id"])
                    facts.update(rule.get("derive", []))
                    changed = True
        firing = [rule for rule in self.rules if rule["id"] in fired]

        suggested: dict[str, str] = {}
        for rule in firing:
            for region in rule.get("suggest", []):
                if suggested.get(region) != "primary":
                    suggested[region] = rule["role"]

        red_flags = {rule["red_flag"] for rule in firing if "red_flag" in rule}
        levels = [self.flags[flag]["level"] for flag in red_flags]
        triage = max(levels, key=LEVELS.index, default="self_care")

        withheld: set[str] = set()
        for flag in red_flags:
            withheld.update(self.flags[flag].get("withhold", []))
            # From consultation_24 up, or when the flag says so, nothing is rolled.
            if LEVELS.index(self.flags[flag]["level"]) >= 2 or self.flags[flag].get("withhold_all"):
                withheld.update(self.regions)
        for rule in firing:
            withheld.update(rule.get("withhold", []))
        withheld.update(region for _, region in contraindications)

        regions = {region: role for region, role in suggested.items() if region not in withheld}
        return OracleAnswer(
            facts=frozenset(facts),
            fired=frozenset(fired),
            suggested=suggested,
            regions=regions,
            triage=triage,
            red_flags=frozenset(red_flags),
            withheld=frozenset(withheld),
        )
