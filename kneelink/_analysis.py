"""Static analysis of a rule pack: what ``kneelink check`` reports.

Modelled on a rule verifier (Drools' is the classic): it finds rules that can never fire,
redundant rules, cycles, unused vocabulary, symptoms that lead nowhere, regions no rule
can suggest, regions suggested and withheld by the same report with no priority saying
which was meant, and it runs the examples a rule file carries.

Reachability is decided by search, not proof. A few fixpoints over the whole pack (every
symptom, and every symptom no ``none`` names, at one age from each span the age conditions
mark out) find most rules a report that fires them. For each other rule the checker looks
only at the rules that can help it fire (its dependency cone): it skips the ages where the
rule cannot fire even with every ``none`` waived, then tries candidate reports (what the
rule rests on with ``none`` waived, every useful symptom, then that less the excluded ones).
The search is bounded (:data:`SEARCH_BUDGET` reports a rule, :data:`CHECK_BUDGET` in all);
a rule it gives up on gets a ``search-gave-up`` warning, never a wrong verdict. A rule it
calls reachable comes with a *witness*, a minimal report that fires it, which the tests
confirm on the real engine.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from kneelink._loader import PackContent
from kneelink._schema import VIEWS, WARNING_SIGN_CATEGORIES, Rule
from kneelink._windows import windows_of

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
    days_since_injury: int | None = None

    def __str__(self) -> str:
        age = f" --age {self.age}" if self.age is not None else ""
        days = f" --days-since-injury {self.days_since_injury}" if self.days_since_injury is not None else ""
        return " ".join(self.symptoms) + age + days + "".join(f" --absent {id_}" for id_ in self.absent)

    def reportable(self, content: PackContent) -> Witness:
        """This witness as a report can say it: each window symptom (which the search
        treats as reported) replaced by the symptom it follows, and the days since the
        injury set to the latest first day those windows need (none: day 0 is in all)."""
        windows = windows_of(content.symptoms)
        used = [windows[id_] for id_ in self.symptoms if id_ in windows]
        if not used:
            return self
        symptoms = sorted({windows[id_].after if id_ in windows else id_ for id_ in self.symptoms})
        starts = [window.min_days for window in used if window.min_days]
        absent = tuple(id_ for id_ in self.absent if id_ not in windows and id_ not in symptoms)
        return Witness(tuple(symptoms), self.age, absent, max(starts) if starts else None)


# How many candidate reports the search evaluates for one rule before it gives up (and
# says so): enough for every shipped rule many times over, few enough that an adversarial
# pack of a thousand rules still checks in a second or two.
SEARCH_BUDGET = 200
# And how much the searches of one check may do in all, counted in rules looked at: a pack
# of many undecidable rules gives up on the later ones rather than run for minutes.
CHECK_BUDGET = 500_000


@dataclass
class _Work:
    """What the searches of one check have spent of :data:`CHECK_BUDGET`."""

    spent: int = 0
    limit: int = field(default_factory=lambda: CHECK_BUDGET)


class _Index:
    """Rules indexed by the facts they need and derive, so a fixpoint costs the
    conditions it touches rather than passes over every rule."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = tuple(rules)
        self.needing: dict[str, list[Rule]] = {}
        self.deriving: dict[str, list[Rule]] = {}
        for rule in self.rules:
            for fact in dict.fromkeys(rule.when.positive_ids):
                self.needing.setdefault(fact, []).append(rule)
            for fact in rule.derive:
                self.deriving.setdefault(fact, []).append(rule)
        # The engine sees a `none` only for a symptom the report says is absent: a witness
        # says so for each of these it does not report.
        self.negated = frozenset(symptom for rule in self.rules for symptom in rule.when.none)

    def cone(self, *starts: Rule, within: Collection[str] | None = None) -> list[Rule]:
        """``starts`` and every rule that can help them fire: those deriving what they need,
        and so on back (through the rules whose ids are ``within`` only, if given). ``none``
        names reported symptoms only, so no other rule matters."""
        seen = {rule.id: rule for rule in starts}
        frontier = list(starts)
        while frontier:
            for fact in frontier.pop().when.positive_ids:
                for producer in self.deriving.get(fact, ()):
                    if producer.id not in seen and (within is None or producer.id in within):
                        seen[producer.id] = producer
                        frontier.append(producer)
        return list(seen.values())

    def fixpoint(
        self, symptoms: Iterable[str], age: int | None, *, ignore_none: bool = False
    ) -> tuple[set[str], dict[str, Rule], Because]:
        """Facts that hold, rules that fire, and for each fired rule what it fired on."""
        reported = frozenset(symptoms)
        facts: set[str] = set()
        fired: dict[str, Rule] = {}
        because: Because = {}
        made_by: dict[str, str] = {}  # each derived fact's first producer: derivations stay acyclic
        missing = {rule.id: len(set(rule.when.all)) for rule in self.rules}
        any_met: dict[str, str] = {}
        # In name order, not the set's: which `any` fact a rule is credited with, and so the
        # witness printed, must not change with the process's string hashing.
        queue = sorted(reported, reverse=True)
        while queue:
            fact = queue.pop()
            if fact in facts:
                continue
            facts.add(fact)
            for rule in self.needing.get(fact, ()):
                when = rule.when
                if fact in when.all:
                    missing[rule.id] -= 1
                if fact in when.any:
                    any_met.setdefault(rule.id, fact)
                if (
                    rule.id not in fired
                    and missing[rule.id] == 0
                    and (not when.any or rule.id in any_met)
                    and (ignore_none or not reported.intersection(when.none))
                    and (when.age is None or (age is not None and when.age.admits(age)))
                ):
                    fired[rule.id] = rule
                    on = (*when.all, *((any_met[rule.id],) if when.any else ()))
                    because[rule.id] = tuple((used, made_by.get(used)) for used in on)
                    for derived in rule.derive:
                        if derived not in reported:
                            made_by.setdefault(derived, rule.id)
                    queue.extend(rule.derive)
        return facts, fired, because

    def support(self, rule: Rule, reported: Iterable[str], age: int | None, *, ignore_none: bool = False) -> set[str]:
        """The reported symptoms that ``rule``'s firing rests on (it fires for these alone)."""
        _, _, because = self.fixpoint(reported, age, ignore_none=ignore_none)
        return _rests_on(rule, because)


# For each fired rule, the facts it fired on, each with the rule that derived it (None
# for a reported symptom).
Because = dict[str, tuple[tuple[str, str | None], ...]]


def _rests_on(rule: Rule, because: Because) -> set[str]:
    """The reported symptoms at the leaves of ``rule``'s derivation in a fixpoint."""
    needed: set[str] = set()
    seen: set[str] = set()
    frontier = [rule.id]
    while frontier:
        current = frontier.pop()
        if current in seen:
            continue
        seen.add(current)
        for fact, producer in because.get(current, ()):
            if producer is None:
                needed.add(fact)
            else:
                frontier.append(producer)
    return needed


def _representative_ages(rules: Iterable[Rule], rule: Rule | None = None) -> list[int | None]:
    """No age, then one age from each span of ages in which every rule's age condition
    gives the same answer, limited to the ages ``rule`` admits (if given)."""
    starts = {0}
    for other in rules:
        if other.when.age is not None:
            if other.when.age.min is not None:
                starts.add(other.when.age.min)
            if other.when.age.max is not None and other.when.age.max < 120:
                starts.add(other.when.age.max + 1)
    ages: list[int | None] = [None, *sorted(starts)]
    if rule is None or rule.when.age is None:
        return ages
    return [age for age in ages if age is not None and rule.when.age.admits(age)]


@dataclass(frozen=True)
class GaveUp:
    """The search for a rule's witness ran out of its budget of ``tried`` reports."""

    tried: int


def search(index: _Index, rule: Rule, symptoms: Iterable[str], work: _Work | None = None) -> Witness | GaveUp | None:
    """A minimal report that fires ``rule``; ``None`` if none does, as far as a search of
    :data:`SEARCH_BUDGET` candidate reports finds; :class:`GaveUp` if that budget, or the
    check's ``work``, ran out first."""
    work = work or _Work()
    cone = _Index(index.cone(rule))
    known = set(symptoms)
    wanted = {fact for other in cone.rules for fact in other.when.positive_ids if fact in known}
    base = wanted - set(rule.when.none)
    negated = sorted(cone.negated & base)
    tried = 0
    for age in _representative_ages(cone.rules, rule):
        _, relaxed, _ = cone.fixpoint(base, age, ignore_none=True)
        if rule.id not in relaxed:
            continue  # not even with every `none` waived: no report of this age fires it
        # First what the rule rests on with every `none` waived: usually a report that fires it.
        rests_on = cone.support(rule, base, age, ignore_none=True)
        candidates = [rests_on, base, base - set(negated), *(base - {symptom} for symptom in negated)]
        for candidate in candidates:
            if tried >= SEARCH_BUDGET or work.spent >= work.limit:
                return GaveUp(tried)
            tried += 1
            work.spent += len(cone.rules)
            if candidate and rule.id in cone.fixpoint(candidate, age)[1]:
                return _minimise(cone, rule, candidate, age)
    return None


def _witnesses_at_once(index: _Index, content: PackContent) -> dict[str, Witness]:
    """Witnesses for most rules from a few fixpoints over the whole pack: every symptom,
    and every symptom no `none` names, at each representative age. What fires there rests
    on a few symptoms, which a search per rule would find again, one rule at a time."""
    every, negated = frozenset(content.symptoms), index.negated
    found: dict[str, Witness] = {}
    for age in _representative_ages(content.rules):
        if len(found) == len(content.rules):
            break
        for reported in (every, every - negated):
            _, fired, because = index.fixpoint(reported, age)
            for rule in fired.values():
                if rule.id not in found:
                    rests_on = _rests_on(rule, because)
                    if len(rests_on) > 1:
                        found[rule.id] = _minimise(_Index(index.cone(rule)), rule, rests_on, age)
                    else:
                        found[rule.id] = Witness(tuple(rests_on), age, tuple(sorted(negated - set(rests_on))))
    return found


def witness(content: PackContent, rule: Rule) -> Witness | None:
    """A minimal report that fires ``rule``, or ``None`` if the search finds none."""
    found = search(_Index(content.rules), rule, content.symptoms)
    return found.reportable(content) if isinstance(found, Witness) else None


def _minimise(index: _Index, rule: Rule, symptoms: set[str], age: int | None) -> Witness:
    symptoms = index.support(rule, symptoms, age) or symptoms
    for symptom in sorted(symptoms):
        trial = symptoms - {symptom}
        if trial and rule.id in index.fixpoint(trial, age)[1]:
            symptoms = trial
    return Witness(tuple(sorted(symptoms)), age, tuple(sorted(index.negated - symptoms)))


class _Checker:
    def __init__(self, content: PackContent) -> None:
        self.content = content
        self.findings: list[Finding] = []
        self.index = _Index(content.rules)
        searched: dict[str, Witness | GaveUp | None] = dict(_witnesses_at_once(self.index, content))
        work = _Work()
        for rule in content.rules:
            if rule.id not in searched:
                searched[rule.id] = search(self.index, rule, content.symptoms, work=work)
        self.witnesses = {id_: found if isinstance(found, Witness) else None for id_, found in searched.items()}
        self.gave_up = {id_: found for id_, found in searched.items() if isinstance(found, GaveUp)}
        self.reachable = [rule for rule in content.rules if self.witnesses[rule.id] is not None]
        # Rules the search gave up on may fire: warnings about what cannot happen count them.
        self.maybe_reachable = [rule for rule in content.rules if rule.id in self.gave_up or self.witnesses[rule.id]]

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
        self.region_shapes()
        self.negation_on_safety_rules()
        self.missing_questions()
        self.red_flag_symptoms_without_a_flag()
        return self.findings

    def red_flag_symptoms_without_a_flag(self) -> None:
        # A symptom filed as a red flag that no flag rule can be reached from is a safety
        # finding a person reports and the answer then ignores: say so even if it is unused.
        feeding = self._ids_feeding([rule for rule in self.maybe_reachable if rule.red_flag])
        for symptom in self.content.symptoms.values():
            if symptom.category == "red_flag" and symptom.id not in feeding:
                self.add(
                    "warning",
                    "red-flag-symptom-without-flag",
                    "symptom",
                    symptom.id,
                    f"symptom {symptom.id!r} is in category red_flag but no rule that can fire raises a flag "
                    "from it; add a [[rule]] with `red_flag`, or file it under another category",
                )

    def region_shapes(self) -> None:
        for region in self.content.regions.values():
            for view in VIEWS:
                shape = region.shape
                if shape is None or (shape.path(view) is None and view not in shape.hidden):
                    self.add(
                        "warning",
                        "region-without-shape",
                        "region",
                        region.id,
                        f"region {region.id!r} has no shape for the {view} view, so the body map can only list it "
                        f'there; add `shape.{view} = "M ..."` (an SVG path) or `shape.hidden = ["{view}"]`',
                    )

    def negation_on_safety_rules(self) -> None:
        # The facts that red-flag and withholding rules need, followed back through every derivation.
        rules = self.content.rules
        needed = self._ids_feeding([rule for rule in rules if rule.red_flag or rule.withhold], rules)
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
            if symptom.category in WARNING_SIGN_CATEGORIES and symptom.question is None:
                self.add(
                    "error",
                    "missing-question",
                    "symptom",
                    symptom.id,
                    f"{symptom.category.replace('_', '-')} symptom {symptom.id!r} has no `question`; the interview "
                    'must be able to ask about every warning sign: add `question = "..."` in plain words',
                )

    def unreachable_rules(self) -> None:
        producible = set(self.content.symptoms) | {fact for rule in self.maybe_reachable for fact in rule.derive}
        for rule in self.content.rules:
            if self.witnesses[rule.id] is not None:
                continue
            if rule.id in self.gave_up:
                self.add(
                    "warning",
                    "search-gave-up",
                    "rule",
                    rule.id,
                    f"rule {rule.id!r}: the search for a report that fires it stopped at its budget "
                    f"({self.gave_up[rule.id].tried} reports tried for this rule, none fired it), so the checker "
                    "cannot say whether it can fire; add an [[example]] that fires it or make the `none` and "
                    "`age` conditions it depends on simpler",
                )
                continue
            missing = [fact for fact in rule.when.positive_ids if fact not in producible]
            if missing:
                why = f"it needs {missing[0]!r}, which no rule that can fire derives; derive it or drop the condition"
            else:
                why = "its conditions cannot all hold at once (check `none` and `age` against the rules it depends on)"
            self.add("error", "unreachable-rule", "rule", rule.id, f"rule {rule.id!r} can never fire: {why}")

    def redundant_rules(self) -> None:
        # A rule that subsumes another has at least its effects: look only among the rules
        # sharing its first effect, not at every pair.
        by_effect: dict[tuple[str, str], list[Rule]] = {}
        for rule in self.content.rules:
            for effect in _effects(rule):
                by_effect.setdefault(effect, []).append(rule)
        positions = self.content.rule_positions
        # What every subsuming rule's condition must be a subset of, checked first and cheaply.
        needs = {rule.id: frozenset(rule.when.all) for rule in self.content.rules}
        bars = {rule.id: frozenset(rule.when.none) for rule in self.content.rules}
        for rule in self.content.rules:
            effects = _effects(rule)
            others = by_effect.get(effects[0], []) if effects else self.content.rules
            for other in others:
                if not (needs[other.id] <= needs[rule.id] and bars[other.id] <= bars[rule.id]):
                    continue
                if other.id != rule.id and set(other.cite) == set(rule.cite) and _subsumes(other, rule):
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
        on_cycles = _on_cycles(edges)
        for start in sorted(fact for fact in self.content.facts if fact in on_cycles):
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

    def _ids_feeding(self, starts: list[Rule], through: Sequence[Rule] | None = None) -> set[str]:
        """Every id the rules of ``starts`` need, and those the rules deriving them need,
        followed back through the rules of ``through`` (default: those that may fire)."""
        followed = {rule.id for rule in (self.maybe_reachable if through is None else through)}
        return {fact for rule in self.index.cone(*starts, within=followed) for fact in rule.when.positive_ids}

    def dead_ends(self) -> None:
        # Walk back from every reachable rule with an outcome to the ids that feed it.
        leading = self._ids_feeding(
            [rule for rule in self.maybe_reachable if rule.suggest or rule.red_flag or rule.withhold]
        )
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
        suggestable = {region for rule in self.maybe_reachable for region in rule.suggest}
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
        withholders = [(rule, regions) for rule, regions in withholders if regions]
        for suggester in (rule for rule in self.reachable if rule.suggest):
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
                    f"for the report `{both.reportable(self.content)}`, {suggester.id!r} suggests {clash} "
                    f"and {holder.id!r} withholds "
                    f"{'it' if len(clash) == 1 else 'them'}; kneelink withholds, but give {holder.id!r} a higher "
                    f"priority than {suggester.id!r} to say that is meant",
                )

    def _report_firing_both(self, first: Rule, second: Rule) -> Witness | None:
        one, two = self.witnesses[first.id], self.witnesses[second.id]
        if one is None or two is None:
            return None
        symptoms = set(one.symptoms) | set(two.symptoms)
        for age in (one.age, two.age):
            fired = self.index.fixpoint(symptoms, age)[1]
            if first.id in fired and second.id in fired:
                return Witness(tuple(sorted(symptoms)), age, tuple(sorted(self.index.negated - symptoms)))
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


def _on_cycles(edges: dict[str, set[str]]) -> set[str]:
    """The nodes of ``edges`` that lie on a cycle (Tarjan's strongly connected components)."""
    number: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: set[str] = set()
    for root in edges:
        if root in number:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        number[root] = low[root] = len(number)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, following = work[-1]
            step = next(following, None)
            if step is not None:
                if step not in number:
                    number[step] = low[step] = len(number)
                    stack.append(step)
                    on_stack.add(step)
                    work.append((step, iter(sorted(edges.get(step, ())))))
                elif step in on_stack:
                    low[node] = min(low[node], number[step])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == number[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in edges.get(node, ()):
                    found.update(component)
    return found


def _effects(rule: Rule) -> list[tuple[str, str]]:
    """What a rule does, one item per effect."""
    flag = [("red_flag", rule.red_flag)] if rule.red_flag else []
    return [
        *(("derive", fact) for fact in rule.derive),
        *(("suggest", region) for region in rule.suggest),
        *flag,
        *(("withhold", region) for region in rule.withhold),
    ]


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
