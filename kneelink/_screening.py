"""Which unanswered questions could still change an answer.

A report is tri-state: present, absent, unknown, and everything else not asked. The
rules are monotone in what is answered (a ``none`` matches only a reported absence), so
an answer can only ever make *more* rules fire. An id (a symptom, or ``"age"``) is
*open* when it is not answered; an answer to it can change the outcome only through a
rule that

1. could still fire: each of its conditions holds or could still come to hold through
   open ids (its ``none`` symptoms absent or open, its age bound met or the age open);
2. would change the outcome if it fired: a red flag not yet raised that is more urgent
   than the answer's triage or would withhold a region not yet withheld; a withhold of a
   region not yet withheld; a suggestion of a region neither suggested nor withheld, or
   a primary role for a region now only supporting;
3. needs the id: the id is in its conditions, or in the conditions of a rule that could
   still fire and derives a fact it needs that does not hold yet (followed back to the
   reported symptoms).

That is an over-approximation (two open ids may both be needed), never an under one: if
one answer changes the outcome, the id is open and relevant. :func:`relevant_openings`
computes it for :func:`kneelink.next_question` (where "don't know" is an answer and is
not asked again) and for :attr:`kneelink.Suggestion.unscreened` (where "don't know" is not
an answer: the warning sign is still unscreened).
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field

from kneelink._loader import PackContent
from kneelink._report import AGE, SymptomReport
from kneelink._schema import AgeRange
from kneelink._triage import TriageLevel

# Which categories of symptom are warning signs: their questions are the red-flag screen.
SCREENING_CATEGORIES = frozenset({"red_flag", "context"})


@dataclass(frozen=True)
class Outcome:
    """The part of an answer that another answer could change, and the facts that hold."""

    triage: TriageLevel
    flags: frozenset[str]
    regions: Mapping[str, str]  # region id -> role, after withholding
    withheld: frozenset[str]
    facts: frozenset[str]  # reported symptoms and derived facts that hold


@dataclass
class Opening:
    """What answering one open id could do: raise these ``flags`` (the most urgent at
    ``level``), or change these ``regions``; ``rules`` is how many rules it could change."""

    flags: set[str] = field(default_factory=set)
    level: TriageLevel | None = None
    regions: set[str] = field(default_factory=set)
    rules: int = 0


@dataclass(frozen=True)
class _Rule:
    """A rule's condition and effects as plain sets, read once per pack."""

    all: frozenset[str]
    any: frozenset[str]
    none: frozenset[str]
    age: AgeRange | None
    derive: frozenset[str]
    suggest: tuple[str, ...]
    primary: bool
    red_flag: str | None
    withhold: frozenset[str]


class _Index:
    def __init__(self, content: PackContent) -> None:
        self.content = weakref.ref(content)
        self.rules = tuple(
            _Rule(
                all=frozenset(rule.when.all),
                any=frozenset(rule.when.any),
                none=frozenset(rule.when.none),
                age=rule.when.age,
                derive=frozenset(rule.derive),
                suggest=rule.suggest,
                primary=rule.role == "primary",
                red_flag=rule.red_flag,
                withhold=frozenset(rule.withhold),
            )
            for rule in content.rules
        )
        self.derivers: dict[str, list[int]] = {}
        for number, rule in enumerate(self.rules):
            for fact in rule.derive:
                self.derivers.setdefault(fact, []).append(number)
        # What unscreened() needs on every answer, worked out once: the rules that derive
        # facts (only they widen what could still hold), each red-flag rule with its flag's
        # level and the regions the flag would hold back, and the warning-sign ids in pack order.
        self.deriving = tuple((number, rule) for number, rule in enumerate(self.rules) if rule.derive)
        # A flag rule is "direct" when no rule derives any of its facts: what it needs is
        # then read off its own conditions, without following derivations back.
        self.flag_rules: tuple[tuple[int, _Rule, str, TriageLevel, frozenset[str], frozenset[str], bool], ...] = tuple(
            (
                number,
                rule,
                rule.red_flag,
                *_flag_reach(content, rule.red_flag),
                rule.all | rule.any,
                rule.all.isdisjoint(self.derivers) and rule.any.isdisjoint(self.derivers),
            )
            for number, rule in enumerate(self.rules)
            if rule.red_flag is not None
        )
        self.symptom_ids = frozenset(content.symptoms)
        self.screening_ids = tuple(
            id_ for id_, symptom in content.symptoms.items() if symptom.category in SCREENING_CATEGORIES
        )


def _flag_reach(content: PackContent, flag_id: str) -> tuple[TriageLevel, frozenset[str]]:
    """A red flag's level, and the regions it holds back when raised."""
    red_flag = content.red_flags[flag_id]
    level = TriageLevel.of(red_flag.level)
    covered = content.regions if level.withholds_every_region or red_flag.withhold_all else red_flag.withhold
    return level, frozenset(covered)


_indexes: dict[int, _Index] = {}


def _index(content: PackContent) -> _Index:
    found = _indexes.get(id(content))
    if found is None or found.content() is not content:
        found = _indexes[id(content)] = _Index(content)
        weakref.finalize(content, _indexes.pop, id(content), None)
    return found


def relevant_openings(
    content: PackContent, report: SymptomReport, outcome: Outcome, *, unknown_is_open: bool
) -> dict[str, Opening]:
    """Each open id whose answer could change ``outcome``, with what it could change.

    ``unknown_is_open`` counts "don't know" answers as open (for ``unscreened``).
    """
    index = _index(content)
    answered = report.symptoms | report.absent | (frozenset() if unknown_is_open else report.unknown)
    open_ids = {id_ for id_ in content.symptoms if id_ not in answered}
    age_open = report.age is None and (unknown_is_open or AGE not in report.unknown)
    absent_or_open = open_ids | report.absent

    possible = set(report.symptoms) | open_ids
    could_fire: set[int] = set()
    changed = True
    while changed:
        changed = False
        for number, rule in enumerate(index.rules):
            if number in could_fire:
                continue
            if rule.age is not None and not age_open and (report.age is None or not rule.age.admits(report.age)):
                continue
            if (
                rule.all <= possible
                and (not rule.any or not rule.any.isdisjoint(possible))
                and rule.none <= absent_or_open
            ):
                could_fire.add(number)
                possible |= rule.derive
                changed = True

    openings: dict[str, Opening] = {}
    for number in sorted(could_fire):
        flag, regions = _change(content, index.rules[number], outcome)
        if flag is None and not regions:
            continue
        for id_ in _needed(index, number, could_fire, outcome.facts, open_ids, age_open):
            opening = openings.setdefault(id_, Opening())
            opening.rules += 1
            opening.regions |= regions
            if flag is not None:
                opening.flags.add(flag)
                level = TriageLevel.of(content.red_flags[flag].level)
                opening.level = level if opening.level is None else max(opening.level, level)
    return openings


def unscreened(content: PackContent, report: SymptomReport, outcome: Outcome) -> tuple[str, ...]:
    """The warning-sign questions (red-flag and context symptoms, and ``"age"``) not
    answered yes or no that could still raise a red flag changing ``outcome``, in pack order.

    The same as the ids whose :func:`relevant_openings` (``unknown_is_open=True``) have
    flags, computed on every answer, so it does only the part of that work flags need:
    it looks only at red-flag rules that would change ``outcome`` (none: nothing is
    unscreened), and finds what could still hold from the rules that derive facts alone.
    """
    index = _index(content)
    flags, withheld, triage = outcome.flags, outcome.withheld, outcome.triage
    changing = [
        (number, rule, inputs, direct)
        for number, rule, flag, level, covered, inputs, direct in index.flag_rules
        if flag not in flags and (level > triage or not covered <= withheld)
    ]
    if not changing:
        return ()
    age = report.age
    open_ids = index.symptom_ids - report.symptoms - report.absent
    absent_or_open = open_ids | report.absent
    possible = open_ids | report.symptoms
    # Rules are monotone in what could hold, so a rule could fire exactly when its test
    # passes on the final ``possible``; only rules that derive facts make it grow.
    could_fire: set[int] = set()
    changed = True
    while changed:
        changed = False
        for number, rule in index.deriving:
            if number not in could_fire and _could_fire(rule, possible, absent_or_open, age):
                could_fire.add(number)
                possible |= rule.derive
                changed = True
    needed: set[str] = set()
    age_open = age is None
    holding = outcome.facts
    for number, rule, inputs, direct in changing:
        if not _could_fire(rule, possible, absent_or_open, age):
            continue
        if direct:  # what _needed gives when there is no derivation to follow
            if rule.age is not None and age_open:
                needed.add(AGE)
            needed |= rule.none & open_ids
            needed |= (inputs - holding) & open_ids
        else:
            needed |= _needed(index, number, could_fire, holding, open_ids, age_open)
    if not needed:
        return ()
    screens = [id_ for id_ in index.screening_ids if id_ in needed]
    if AGE in needed:
        screens.append(AGE)
    return tuple(screens)


def _could_fire(
    rule: _Rule, possible: set[str] | frozenset[str], absent_or_open: frozenset[str], age: int | None
) -> bool:
    """Whether ``rule`` could still fire (age known: its range must admit it; unknown: open)."""
    if rule.age is not None and age is not None and not rule.age.admits(age):
        return False
    return rule.all <= possible and (not rule.any or not rule.any.isdisjoint(possible)) and rule.none <= absent_or_open


def _change(content: PackContent, rule: _Rule, outcome: Outcome) -> tuple[str | None, set[str]]:
    """The flag ``rule`` would newly raise (if it changes the outcome) and the regions it would change."""
    regions: set[str] = set(rule.withhold - outcome.withheld)
    flag = None
    if rule.red_flag is not None and rule.red_flag not in outcome.flags:
        red_flag = content.red_flags[rule.red_flag]
        level = TriageLevel.of(red_flag.level)
        covered = content.regions if level.withholds_every_region or red_flag.withhold_all else red_flag.withhold
        newly_held = {region for region in covered if region not in outcome.withheld}
        if level > outcome.triage or newly_held:
            flag = rule.red_flag
            regions |= newly_held
    for region in rule.suggest:
        if region in outcome.withheld:
            continue
        if region not in outcome.regions or (rule.primary and outcome.regions[region] != "primary"):
            regions.add(region)
    return flag, regions


def _needed(
    index: _Index,
    start: int,
    could_fire: set[int],
    holding: frozenset[str],
    open_ids: set[str] | frozenset[str],
    age_open: bool,
) -> set[str]:
    """The open ids (and ``"age"``) that rule ``start`` needs, directly or through derived facts."""
    needed: set[str] = set()
    seen: set[int] = set()
    frontier = [start]
    while frontier:
        number = frontier.pop()
        if number in seen:
            continue
        seen.add(number)
        rule = index.rules[number]
        if rule.age is not None and age_open:
            needed.add(AGE)
        needed |= rule.none & open_ids
        for id_ in rule.all | rule.any:
            if id_ in holding:
                continue
            if id_ in open_ids:
                needed.add(id_)
            else:
                frontier += [other for other in index.derivers.get(id_, ()) if other in could_fire]
    return needed
