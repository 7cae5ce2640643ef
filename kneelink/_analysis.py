"""Static analysis of a rule pack: what ``kneelink check`` reports.

Modelled on a rule verifier (Drools' is the classic): it finds rules that can never fire,
redundant rules, cycles, unused vocabulary, symptoms that lead nowhere, regions no rule
can suggest, regions suggested and withheld by the same report with no priority saying
which was meant, and it runs the examples a rule file carries.

Reachability is decided by search, not proof: for each rule the checker builds candidate
reports (every symptom but the ones the rule excludes, at each age boundary any rule
names) and evaluates them with a small fixpoint. A rule it calls reachable comes with a
*witness*, a minimal report that fires it, which the tests confirm on the real engine.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from kneelink._loader import PackContent
from kneelink._schema import Rule

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    """One thing the checker found: how bad, what kind (``code``), where, and what to do."""

    severity: Severity
    code: str
    message: str
    path: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}: " if self.path and self.line else (f"{self.path}: " if self.path else "")
        return f"{where}{self.severity}: {self.message} [{self.code}]"


@dataclass(frozen=True)
class Witness:
    """A report that fires a rule: symptom ids, an age (or ``None``) and the symptoms it
    must report absent (those a ``none`` names and the report lacks)."""

    symptoms: tuple[str, ...]
    age: int | None
    absent: tuple[str, ...] = ()

    def __str__(self) -> str:
        age = f" --age {self.age}" if self.age is not None else ""
        return " ".join(self.symptoms) + age + "".join(f" --absent {id_}" for id_ in self.absent)


def fires(rule: Rule, facts: set[str], symptoms: frozenset[str], age: int | None) -> bool:
    """Whether ``rule``'s condition holds, by the rule-file semantics, for a report that
    answered every symptom (what it does not report present, it reports absent)."""
    when = rule.when
    return (
        all(fact in facts for fact in when.all)
        and (not when.any or any(fact in facts for fact in when.any))
        and not any(symptom in symptoms for symptom in when.none)
        and (when.age is None or (age is not None and when.age.admits(age)))
    )


def closure(rules: Sequence[Rule], symptoms: Iterable[str], age: int | None) -> tuple[set[str], set[str]]:
    """Every fact that holds and every rule that fires for a report (a plain fixpoint)."""
    reported = frozenset(symptoms)
    facts, fired = set(reported), set[str]()
    changed = True
    while changed:
        changed = False
        for rule in rules:
            if rule.id not in fired and fires(rule, facts, reported, age):
                fired.add(rule.id)
                facts.update(rule.derive)
                changed = True
    return facts, fired


def _candidate_ages(content: PackContent, rule: Rule) -> list[int | None]:
    bounds: set[int | None] = {None}
    for other in content.rules:
        if other.when.age is not None:
            for bound in (other.when.age.min, other.when.age.max):
                if bound is not None:
                    bounds.update(value for value in (bound - 1, bound, bound + 1) if 0 <= value <= 120)
    admitted = [age for age in bounds if rule.when.age is None or (age is not None and rule.when.age.admits(age))]
    return sorted(admitted, key=lambda age: (age is not None, age or 0))


def witness(content: PackContent, rule: Rule) -> Witness | None:
    """A minimal report that fires ``rule``, or ``None`` if the search finds none."""
    symptoms = set(content.symptoms)
    negated = {symptom for other in content.rules for symptom in other.when.none}
    base = symptoms - set(rule.when.none)
    candidates = [base, base - negated, *(base - {symptom} for symptom in sorted(negated))]
    for age in _candidate_ages(content, rule):
        for candidate in candidates:
            if rule.id in closure(content.rules, candidate, age)[1]:
                return _minimise(content, rule, set(candidate), age)
    return None


def _minimise(content: PackContent, rule: Rule, symptoms: set[str], age: int | None) -> Witness:
    for symptom in sorted(symptoms):
        trial = symptoms - {symptom}
        if trial and rule.id in closure(content.rules, trial, age)[1]:
            symptoms = trial
    negated = {symptom for other in content.rules for symptom in other.when.none}
    return Witness(tuple(sorted(symptoms)), age, tuple(sorted(negated - symptoms)))


class _Checker:
    def __init__(self, content: PackContent) -> None:
        self.content = content
        self.findings: list[Finding] = []
        self.witnesses = {rule.id: witness(content, rule) for rule in content.rules}
        self.reachable = [rule for rule in content.rules if self.witnesses[rule.id] is not None]

    def add(self, severity: Severity, code: str, kind: str, id_: str, message: str) -> None:
        where = self.content.location(kind, id_)
        self.findings.append(
            Finding(severity, code, message, where.path if where else None, where.line if where else None)
        )

    def run(self) -> list[Finding]:
        self.unreachable_rules()
        self.redundant_rules()
        self.cycles()
        self.unused_vocabulary()
        self.dead_ends()
        self.suggest_withhold_conflicts()
        self.negation_on_safety_rules()
        self.missing_questions()
        return self.findings

    def negation_on_safety_rules(self) -> None:
        # The facts that red-flag and withholding rules need, followed back through derivations.
        rules = self.content.rules
        safety = [rule for rule in rules if rule.red_flag or rule.withhold]
        needed = {id_ for rule in safety for id_ in rule.when.positive_ids}
        changed = True
        while changed:
            changed = False
            for rule in rules:
                if set(rule.derive) & needed and not set(rule.when.positive_ids) <= needed:
                    needed.update(rule.when.positive_ids)
                    changed = True
        for rule in rules:
            if not rule.when.none or not (rule.red_flag or rule.withhold or set(rule.derive) & needed):
                continue
            effect = "raises a red flag" if rule.red_flag else "withholds" if rule.withhold else "feeds a red flag"
            excluded = ", ".join(repr(id_) for id_ in rule.when.none)
            self.add(
                "warning",
                "negation-on-safety-rule",
                "rule",
                rule.id,
                f"rule {rule.id!r} {effect} only when {excluded} is answered 'no'; an answer of \"don't know\" "
                "(or a question not asked) then gives a lower triage than 'no' would. Make the rule need a "
                "finding that is present, not one that is absent",
            )

    def missing_questions(self) -> None:
        for symptom in self.content.symptoms.values():
            if symptom.category in ("red_flag", "context") and symptom.question is None:
                self.add(
                    "error",
                    "missing-question",
                    "symptom",
                    symptom.id,
                    f"{symptom.category.replace('_', '-')} symptom {symptom.id!r} has no `question`; the interview "
                    'must be able to ask about every warning sign: add `question = "..."` in plain words',
                )

    def unreachable_rules(self) -> None:
        producible = set(self.content.symptoms) | {fact for rule in self.reachable for fact in rule.derive}
        for rule in self.content.rules:
            if self.witnesses[rule.id] is not None:
                continue
            missing = [fact for fact in rule.when.positive_ids if fact not in producible]
            if missing:
                why = f"it needs {missing[0]!r}, which no rule that can fire derives; derive it or drop the condition"
            else:
                why = "its conditions cannot all hold at once (check `none` and `age` against the rules it depends on)"
            self.add("error", "unreachable-rule", "rule", rule.id, f"rule {rule.id!r} can never fire: {why}")

    def redundant_rules(self) -> None:
        for rule in self.content.rules:
            for other in self.content.rules:
                if other.id != rule.id and _subsumes(other, rule) and other.cite == rule.cite:
                    positions = self.content.rule_positions
                    if _subsumes(rule, other) and positions[rule.id] < positions[other.id]:
                        continue  # report an identical pair once, at the second rule
                    self.add(
                        "warning",
                        "redundant-rule",
                        "rule",
                        rule.id,
                        f"rule {rule.id!r} adds nothing: {other.id!r} fires whenever it does, with the same "
                        "effects and source; remove it or make its condition or effect different",
                    )
                    break

    def cycles(self) -> None:
        edges: dict[str, set[str]] = {}
        for rule in self.content.rules:
            for source in rule.when.positive_ids:
                edges.setdefault(source, set()).update(rule.derive)
        reported: set[frozenset[str]] = set()
        for start in sorted(self.content.facts):
            path = _path_back(edges, start)
            if path and frozenset(path) not in reported:
                reported.add(frozenset(path))
                loop = " -> ".join([*path, path[0]])
                self.add(
                    "warning",
                    "cycle",
                    "fact",
                    start,
                    f"derived facts form a cycle ({loop}); it cannot explain anything, break it",
                )

    def unused_vocabulary(self) -> None:
        rules = self.content.rules
        in_conditions = {fact for rule in rules for fact in (*rule.when.positive_ids, *rule.when.none)}
        regions_named = {region for rule in rules for region in (*rule.suggest, *rule.withhold)}
        regions_named |= {region for flag in self.content.red_flags.values() for region in flag.withhold}
        flags_named = {rule.red_flag for rule in rules}
        for kind, ids, used in (
            ("symptom", self.content.symptoms, in_conditions),
            ("fact", self.content.facts, in_conditions),
            ("region", self.content.regions, regions_named),
            ("red_flag", self.content.red_flags, flags_named),
        ):
            for id_ in ids:
                if id_ not in used:
                    what = kind.replace("_", " ")
                    self.add("warning", "unused", kind, id_, f"{what} {id_!r} is used by no rule; use it or remove it")

    def dead_ends(self) -> None:
        # Walk back from every reachable rule with an outcome to the ids that feed it.
        leading: set[str] = set()
        frontier = [rule for rule in self.reachable if rule.suggest or rule.red_flag or rule.withhold]
        seen: set[str] = set()
        while frontier:
            rule = frontier.pop()
            if rule.id in seen:
                continue
            seen.add(rule.id)
            for fact in rule.when.positive_ids:
                leading.add(fact)
                frontier += [other for other in self.reachable if fact in other.derive]
        used = {fact for rule in self.content.rules for fact in rule.when.positive_ids}
        for symptom in self.content.symptoms:
            if symptom in used and symptom not in leading:
                self.add(
                    "warning",
                    "dead-end",
                    "symptom",
                    symptom,
                    f"symptom {symptom!r} leads to no region and no triage; connect it to a rule with an outcome",
                )
        suggestable = {region for rule in self.reachable for region in rule.suggest}
        for region in self.content.regions:
            named = any(region in rule.suggest for rule in self.content.rules)
            if named and region not in suggestable:
                self.add(
                    "warning",
                    "unsuggestable-region",
                    "region",
                    region,
                    f"region {region!r} is suggested only by rules that can never fire; fix those rules "
                    "(see their unreachable-rule errors) or suggest it from one that can",
                )

    def suggest_withhold_conflicts(self) -> None:
        withholders = [
            (rule, set(rule.withhold) | set(self.content.red_flags[rule.red_flag].withhold if rule.red_flag else ()))
            for rule in self.reachable
        ]
        for suggester in self.reachable:
            for holder, regions in withholders:
                clash = sorted(set(suggester.suggest) & regions)
                if not clash or holder.priority > suggester.priority:
                    continue
                both = self._report_firing_both(suggester, holder)
                if both is None:
                    continue
                self.add(
                    "warning",
                    "suggest-withhold-conflict",
                    "rule",
                    holder.id,
                    f"for the report `{both}`, {suggester.id!r} suggests {clash} and {holder.id!r} withholds "
                    f"{'it' if len(clash) == 1 else 'them'}; kneelink withholds, but give {holder.id!r} a higher "
                    f"priority than {suggester.id!r} to say that is meant",
                )

    def _report_firing_both(self, first: Rule, second: Rule) -> Witness | None:
        one, two = self.witnesses[first.id], self.witnesses[second.id]
        if one is None or two is None:
            return None
        symptoms = set(one.symptoms) | set(two.symptoms)
        negated = {symptom for rule in self.content.rules for symptom in rule.when.none}
        for age in (one.age, two.age):
            fired = closure(self.content.rules, symptoms, age)[1]
            if first.id in fired and second.id in fired:
                return Witness(tuple(sorted(symptoms)), age, tuple(sorted(negated - symptoms)))
        return None


def _path_back(edges: dict[str, set[str]], start: str) -> list[str] | None:
    """A cycle through ``start`` in ``edges``, as the list of its nodes, or ``None``."""
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    visited: set[str] = set()
    while stack:
        node, path = stack.pop()
        for following in sorted(edges.get(node, ())):
            if following == start:
                return path
            if following not in visited:
                visited.add(following)
                stack.append((following, [*path, following]))
    return None


def _subsumes(general: Rule, specific: Rule) -> bool:
    """Whether ``general`` fires whenever ``specific`` does, with at least its effects."""
    g, s = general.when, specific.when
    any_covered = not g.any or (bool(s.any) and set(s.any) <= set(g.any)) or bool(set(g.any) & set(s.all))
    age_covered = g.age is None or (
        s.age is not None
        and (g.age.min or 0) <= (s.age.min or 0)
        and (120 if g.age.max is None else g.age.max) >= (120 if s.age.max is None else s.age.max)
    )
    effects_covered = (
        set(specific.derive) <= set(general.derive)
        and set(specific.suggest) <= set(general.suggest)
        and (not specific.suggest or specific.role == general.role)
        and specific.red_flag in (None, general.red_flag)
        and set(specific.withhold) <= set(general.withhold)
    )
    return set(g.all) <= set(s.all) and any_covered and set(g.none) <= set(s.none) and age_covered and effects_covered


def analyse(content: PackContent) -> list[Finding]:
    """Every static finding for a pack that loaded."""
    return _Checker(content).run()
