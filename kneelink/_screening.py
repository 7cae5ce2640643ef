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
one answer changes the outcome, the id is open and relevant. Two things it would
otherwise count are left out, as no answer could make them matter: an `any` group that
the rule's `all` or what holds already meets, and a rule that could fire only if an id
were present and absent at once, or the age inside two ranges that do not meet (tried
answer by answer, see ``_matters``). A follow-up of a premise answered no (the pack's
``[intake] follow_ups``) counts as answered no (``settled``). :func:`relevant_openings`
computes it for :func:`kneelink.next_question` (where "don't know" is an answer and is
not asked again) and for :attr:`kneelink.Suggestion.unscreened` (where "don't know" is not
an answer: the warning sign is still unscreened).
"""

from __future__ import annotations

import bisect
import itertools
import weakref
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import NamedTuple

from kneelink._loader import PackContent
from kneelink._report import AGE, DAYS_SINCE_INJURY, SymptomReport
from kneelink._schema import WARNING_SIGN_CATEGORIES, AgeRange, Window
from kneelink._triage import TriageLevel
from kneelink._windows import windows_of


class Outcome(NamedTuple):  # a tuple: one is made on every answer
    """The part of an answer that another answer could change, and the facts that hold."""

    triage: TriageLevel
    flags: frozenset[str]
    regions: Mapping[str, str]  # region id -> role, after withholding
    withheld: frozenset[str]
    facts: frozenset[str]  # reported symptoms and derived facts that hold


@dataclass
class Opening:
    """What answering one open id could do: raise these ``flags`` (the most urgent at
    ``level``), or change these ``regions``; ``rules`` is how many rules it could change,
    and ``with_`` the other open ids those rules need too."""

    flags: set[str] = field(default_factory=set)
    level: TriageLevel | None = None
    regions: set[str] = field(default_factory=set)
    rules: int = 0
    with_: set[str] = field(default_factory=set)


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
    # The windows its `all` names (each read as the symptom it follows, in `all`), tested
    # on the days since the injury as `age` is on the age.
    windows: tuple[Window, ...] = ()

    def admits_days(self, days: int | None) -> bool:
        """Whether the day of the injury (``None``: not known, read as day 0) is inside its windows."""
        return all(window.admits(days) for window in self.windows)

    def needs_a_day(self, holding: frozenset[str] | set[str]) -> bool:
        """Whether a day not known keeps it from firing once what its windows follow holds
        (in ``holding``): a window that starts after day 0. One that starts at day 0 holds
        already, so the day could only stop it firing; and until the injury is reported,
        the injury is the question, not its day."""
        return any(window.min_days and window.after in holding for window in self.windows)


class _Index:
    def __init__(self, content: PackContent) -> None:
        self.content = weakref.ref(content)
        # A window is answered by the symptom it follows and the day of the injury: here each
        # rule names that symptom in its place, and keeps the window to test the day.
        windows = windows_of(content.symptoms)

        def plain(ids: tuple[str, ...]) -> frozenset[str]:
            return frozenset(windows[id_].after if id_ in windows else id_ for id_ in ids)

        self.rules = tuple(
            _Rule(
                all=plain(rule.when.all),
                any=plain(rule.when.any),
                none=plain(rule.when.none),
                windows=tuple(windows[id_] for id_ in rule.when.all if id_ in windows),
                age=rule.when.age,
                derive=frozenset(rule.derive),
                suggest=rule.suggest,
                primary=rule.role == "primary",
                red_flag=rule.red_flag,
                withhold=frozenset(rule.withhold),
            )
            for rule in content.rules
        )
        # Ids some rule needs present and another absent: for these, what could fire with the
        # id open is checked again with each answer to it (see _matters).
        named = frozenset().union(*(rule.all | rule.any for rule in self.rules))
        self.both_ways = named & frozenset().union(*(rule.none for rule in self.rules))
        self.derivers: dict[str, list[int]] = {}
        for number, rule in enumerate(self.rules):
            for fact in rule.derive:
                self.derivers.setdefault(fact, []).append(number)
        # Rules whose chain (the rule and every rule deriving a fact it needs, followed back)
        # holds two age ranges no one age meets: with the age open, each age is tried (_matters).
        self.age_conflict = frozenset(number for number in range(len(self.rules)) if self._ages_conflict(number))
        # What unscreened() needs on every answer, worked out once (see _FlagRule).
        self.deriving = tuple((number, rule) for number, rule in enumerate(self.rules) if rule.derive)
        self.symptom_ids = frozenset(id_ for id_ in content.symptoms if id_ not in windows)
        self.screening_ids = tuple(
            id_ for id_, symptom in content.symptoms.items() if symptom.category in WARNING_SIGN_CATEGORIES
        )
        screening = frozenset(self.screening_ids)
        self.flag_rules = {
            number: self._flag_rule(content, number, rule, screening)
            for number, rule in enumerate(self.rules)
            if rule.red_flag is not None
        }
        # Only the rules a flag rule's derived facts come from, followed back, can change
        # whether it could fire: the chain unscreened() runs needs no others.
        behind = {
            number for flag_rule in self.flag_rules.values() if not flag_rule.direct for number in flag_rule.behind
        }
        self.chain_rules = tuple((number, rule) for number, rule in self.deriving if number in behind)
        # unscreened() reads a report and an outcome only through the ids the red-flag rules
        # and the rules behind them name, the warning signs, and which of their age ranges
        # the age falls in (screened_part): an explanation is kept under that projection.
        looked_at = [self.rules[number] for flag_rule in self.flag_rules.values() for number in flag_rule.behind]
        self.screen_ids = frozenset(
            {*screening, *(self.symptom_ids & {AGE})}.union(
                *(rule.all | rule.any | rule.none | rule.derive for rule in looked_at)
            )
        )
        ranges = {rule.age for rule in looked_at if rule.age is not None}
        bounds = {bound for range_ in ranges for bound in (range_.min, None if range_.max is None else range_.max + 1)}
        self.age_bounds = tuple(sorted(bound for bound in bounds if bound is not None))
        spans = {window for rule in looked_at for window in rule.windows}
        days = {day for span in spans for day in (span.min_days, None if span.max_days is None else span.max_days + 1)}
        self.day_bounds = tuple(sorted(day for day in days if day is not None))

    def _behind(self, number: int) -> set[int]:
        """Rule ``number`` and every rule that derives a fact it needs, followed back."""
        seen: set[int] = set()
        frontier = [number]
        while frontier:
            current = frontier.pop()
            if current in seen:
                continue
            seen.add(current)
            rule = self.rules[current]
            for fact in rule.all | rule.any:
                frontier += self.derivers.get(fact, ())
        return seen

    def _ages_conflict(self, number: int) -> bool:
        ranges: list[AgeRange] = [age for n in self._behind(number) if (age := self.rules[n].age) is not None]
        low = max((r.min for r in ranges if r.min is not None), default=None)
        high = min((r.max for r in ranges if r.max is not None), default=None)
        return low is not None and high is not None and low > high

    def _flag_rule(self, content: PackContent, number: int, rule: _Rule, screening: frozenset[str]) -> _FlagRule:
        assert rule.red_flag is not None, "only red-flag rules are read here"
        red_flag = content.red_flags[rule.red_flag]
        level = TriageLevel.of(red_flag.level)
        covered = content.regions if red_flag.withholds_every_region else red_flag.withhold
        # Every id _needed could ever name for this rule: its own conditions and those of
        # every rule that derives a fact it needs, followed back.
        reach: set[str] = set()
        seen = self._behind(number)
        for current in seen:
            other = self.rules[current]
            reach |= other.all | other.any | other.none
            if other.age is not None:
                reach.add(AGE)
            if any(window.min_days for window in other.windows):
                reach.add(DAYS_SINCE_INJURY)
        return _FlagRule(
            number=number,
            rule=rule,
            flag=rule.red_flag,
            level=level,
            covered=frozenset(covered),
            inputs=rule.all | rule.any,
            direct=rule.all.isdisjoint(self.derivers) and rule.any.isdisjoint(self.derivers),
            reach=frozenset(reach & (screening | {AGE, DAYS_SINCE_INJURY})),
            behind=frozenset(seen),
        )


@dataclass(frozen=True, slots=True)
class _FlagRule:
    """A red-flag rule as unscreened() reads it: the flag's ``level`` and the regions it
    would hold back (``covered``); the facts it needs (``inputs``), ``direct`` when no rule
    derives any of them (what it needs is then read off its own conditions); and
    ``reach``, the warning-sign ids (and ``"age"``) it could ever make unscreened."""

    number: int
    rule: _Rule
    flag: str
    level: TriageLevel
    covered: frozenset[str]
    inputs: frozenset[str]
    direct: bool
    reach: frozenset[str]
    behind: frozenset[int]  # this rule and every rule that derives a fact it needs, followed back


_indexes: dict[int, _Index] = {}


def _index(content: PackContent) -> _Index:
    found = _indexes.get(id(content))
    if found is None or found.content() is not content:
        found = _indexes[id(content)] = _Index(content)
        weakref.finalize(content, _indexes.pop, id(content), None)
    return found


def settled(content: PackContent, report: SymptomReport) -> SymptomReport:
    """``report`` with each follow-up of a premise answered no answered no as well (the
    pack's ``[intake] follow_ups``: no injury means no swelling after an injury; a knee
    that is not swollen is not hot and swollen), however the report was made."""
    follow_ups = content.intake.follow_ups if content.intake is not None else {}
    for question, premise in follow_ups.items():
        if premise in report.absent and not report.answered(question):
            report = report.with_answer(question, "no")
    return report


def relevant_openings(
    content: PackContent, report: SymptomReport, outcome: Outcome, *, unknown_is_open: bool
) -> dict[str, Opening]:
    """Each open id whose answer could change ``outcome``, with what it could change.

    ``unknown_is_open`` counts "don't know" answers as open (for ``unscreened``).
    """
    index = _index(content)
    report = settled(content, report)
    answered = report.symptoms | report.absent | (frozenset() if unknown_is_open else report.unknown)
    open_ids = {id_ for id_ in index.symptom_ids if id_ not in answered}
    age_open = report.age is None and (unknown_is_open or AGE not in report.unknown)
    days_open = report.days_since_injury is None and (unknown_is_open or DAYS_SINCE_INJURY not in report.unknown)
    absent_or_open = open_ids | report.absent

    known = _Known(absent_or_open, report.age, age_open, report.days_since_injury, days_open)
    _, could_fire = _chain(enumerate(index.rules), report.symptoms | open_ids, known)

    openings: dict[str, Opening] = {}
    through: dict[str, list[int]] = {}  # id -> the rules that make it open
    for number in sorted(could_fire):
        flag, regions = _change(index, number, outcome)
        if flag is None and not regions:
            continue
        needed = _needed(index, number, could_fire, outcome.facts, open_ids, age_open, days_open)
        for id_ in needed:
            through.setdefault(id_, []).append(number)
            opening = openings.setdefault(id_, Opening())
            opening.rules += 1
            opening.with_ |= needed - {id_}
            opening.regions |= regions
            if flag is not None:
                opening.flags.add(flag)
                level = index.flag_rules[number].level
                opening.level = level if opening.level is None else max(opening.level, level)
    two_way = index.both_ways & open_ids
    if len(two_way) <= _TWO_WAY_LIMIT:
        for id_ in list(openings):
            ages = age_open and not index.age_conflict.isdisjoint(through[id_])
            if (two_way or ages) and not _matters(index, id_, through[id_], report, open_ids, age_open, days_open):
                del openings[id_]
    return openings


def screened_part(content: PackContent, report: SymptomReport) -> tuple[object, ...]:
    """What :func:`unscreened` reads of ``report`` beyond the outcome: the symptoms it
    reports and denies among the ids the red-flag rules (and the rules behind them) and
    the warning signs name, and where its age and day of injury fall among those rules'
    bounds. Reports with equal parts and equal outcomes have equal ``unscreened``."""
    index = _index(content)
    report = settled(content, report)
    ids, age, days = index.screen_ids, report.age, report.days_since_injury
    return (
        report.symptoms & ids,
        report.absent & ids,
        None if age is None else bisect.bisect_right(index.age_bounds, age),
        None if days is None else bisect.bisect_right(index.day_bounds, days),
    )


# How many open ids named both ways _matters tries every answer to (3 ** this worlds at most).
_TWO_WAY_LIMIT = 6


def _matters(
    index: _Index,
    id_: str,
    rules: list[int],
    report: SymptomReport,
    open_ids: set[str],
    age_open: bool,
    days_open: bool,
) -> bool:
    """Whether any of ``rules`` could still fire with ``id_`` and every open id some rule
    needs present and another absent each answered yes, no or not at all. Left open, one
    rule may count on such an id present and another on it absent at once ("s1 and not s3
    gives f0; s3 and f0 gives r0": no answer to s3 gives r0)."""
    wanted = set(rules)
    fixed = sorted((index.both_ways & open_ids) | ({id_} & open_ids))
    free = open_ids - set(fixed)
    # With the age open and a chain of disjoint age ranges, each age that could matter is tried.
    ages: list[int | None] = [report.age]
    age_free = age_open
    if age_open and not index.age_conflict.isdisjoint(rules):
        bounds = {b for r in index.rules if r.age is not None for b in (r.age.min, r.age.max) if b is not None}
        ages, age_free = [None, *sorted(bounds)], False
    days = report.days_since_injury
    for answers, age in itertools.product(itertools.product((True, False, None), repeat=len(fixed)), ages):
        possible = set(report.symptoms) | free | {f for f, a in zip(fixed, answers, strict=True) if a is True}
        absent_or_open = free | report.absent | {f for f, a in zip(fixed, answers, strict=True) if a is False}
        known = _Known(absent_or_open, age, age_free, days, days_open)
        if _chain(enumerate(index.rules), possible, known)[1] & wanted:
            return True
    return False


def unscreened(content: PackContent, report: SymptomReport, outcome: Outcome) -> tuple[str, ...]:
    """The warning-sign questions (red-flag and context symptoms, and ``"age"``) not
    answered yes or no that could still raise a red flag changing ``outcome``, in pack order.

    The same as the ids whose :func:`relevant_openings` (``unknown_is_open=True``) have
    flags, computed on every answer worked out, so it does only the part of that work
    flags need: it looks only at red-flag rules that would change ``outcome`` and could
    name a warning sign still open (none open: nothing is unscreened), and chains what
    could still hold, from the rules that derive facts alone, only for a rule that needs it.
    It reads ``report`` only through :func:`screened_part`.
    """
    index, report = _index(content), settled(content, report)
    age, symptoms, absent, days = report.age, report.symptoms, report.absent, report.days_since_injury
    # Only an open warning sign (or "age") can be unscreened, and each needs naming once:
    # ``open_signs`` holds those not found yet, and a rule that could name none is skipped.
    # (A symptom may be called "age" too; then, as in relevant_openings, the two are one id.)
    # Worked out from the warning signs alone, so a pack with none open costs nothing here
    # however many symptoms it has.
    age_open = age is None
    open_signs = {id_ for id_ in index.screening_ids if id_ not in symptoms and id_ not in absent}
    if age_open or (AGE in index.symptom_ids and AGE not in symptoms and AGE not in absent):
        open_signs.add(AGE)
    days_open = days is None and bool(index.day_bounds)
    day_unknown = days is None  # what could fire reads an unknown day as open, named or not
    if days_open:
        open_signs.add(DAYS_SINCE_INJURY)
    if not open_signs:
        return ()
    flags, withheld, triage, holding = outcome.flags, outcome.withheld, outcome.triage, outcome.facts
    possible: AbstractSet[str]
    if absent:
        open_ids = index.symptom_ids - symptoms - absent
        absent_or_open, possible = open_ids | absent, open_ids | symptoms
    else:  # the usual report, and the same sets without building two more
        open_ids = absent_or_open = index.symptom_ids - symptoms
        possible = index.symptom_ids
    known = _Known(absent_or_open, age, age_open, days, day_unknown)
    could_fire: set[int] | None = None  # the deriving rules that could fire, found on first need
    needed: set[str] = set()
    for flag_rule in index.flag_rules.values():
        if not open_signs:
            break
        if (
            flag_rule.reach.isdisjoint(open_signs)
            or flag_rule.flag in flags
            or not (flag_rule.level > triage or not flag_rule.covered <= withheld)
        ):
            continue
        rule = flag_rule.rule
        if flag_rule.direct:
            # No rule derives its facts, so what could hold of them is known without chaining,
            # and what it needs is what _needed gives when there is no derivation to follow.
            if not known.admit(rule, possible):
                continue
            inputs = rule.all if rule.any and not rule.any.isdisjoint(rule.all | holding) else flag_rule.inputs
            found = open_signs & (rule.none | (inputs - holding))
            if rule.age is not None and age_open and AGE in open_signs:
                found.add(AGE)
            if days_open and rule.needs_a_day(holding):
                found.add(DAYS_SINCE_INJURY)
        else:
            if could_fire is None:
                # Only the rules a flag rule's facts come from (``chain_rules``: every rule
                # that derives a fact any of them needs is among them) can change what it needs.
                possible, could_fire = _chain(index.chain_rules, possible, known)
            if not known.admit(rule, possible):
                continue
            found = _needed(index, flag_rule.number, could_fire, holding, open_ids, age_open, days_open) & open_signs
        needed |= found
        open_signs -= found
    if not needed:
        return ()
    if index.both_ways & open_ids or (age_open and index.age_conflict):
        # An id some rule needs absent and another present: the general analysis decides.
        openings = relevant_openings(content, report, outcome, unknown_is_open=True)
        needed = {id_ for id_, opening in openings.items() if opening.flags}
    screens = [id_ for id_ in index.screening_ids if id_ in needed]
    screens += [measure for measure in (AGE, DAYS_SINCE_INJURY) if measure in needed]
    return tuple(screens)


class _Known(NamedTuple):
    """What a report leaves open beyond what may hold: the ids that may be absent
    (``absent_or_open``), and the age and the day of the injury, each given or open."""

    absent_or_open: AbstractSet[str]
    age: int | None
    age_open: bool
    days: int | None
    days_open: bool

    def admit(self, rule: _Rule, possible: AbstractSet[str]) -> bool:
        """Whether ``rule`` could still fire when the ids in ``possible`` may hold. An open
        age or day admits every rule; else the rule's range must admit it (an age not known
        admits no range, a day not known reads as the day of the injury)."""
        if rule.age is not None and not self.age_open and (self.age is None or not rule.age.admits(self.age)):
            return False
        if rule.windows and not self.days_open and not rule.admits_days(self.days):
            return False
        return (
            rule.all <= possible
            and (not rule.any or not rule.any.isdisjoint(possible))
            and rule.none <= self.absent_or_open
        )


def _chain(
    rules: Iterable[tuple[int, _Rule]], possible: AbstractSet[str], known: _Known
) -> tuple[AbstractSet[str], set[int]]:
    """What could still hold, and the numbers of the ``rules`` that could still fire, when
    the ids in ``possible`` may hold, chaining what each derives (see :meth:`_Known.admit`).
    Rules are monotone in what could hold, so a rule could fire exactly when its test passes
    on the final ``possible``, and only rules that derive facts make it grow."""
    rules = tuple(rules)
    could_fire: set[int] = set()
    changed = True
    while changed:
        changed = False
        for number, rule in rules:
            if number not in could_fire and known.admit(rule, possible):
                could_fire.add(number)
                possible = possible | rule.derive
                changed = True
    return possible, could_fire


def _change(index: _Index, number: int, outcome: Outcome) -> tuple[str | None, set[str]]:
    """The flag rule ``number`` would newly raise (if it changes the outcome) and the regions it would change."""
    rule, flag_rule = index.rules[number], index.flag_rules.get(number)
    regions: set[str] = set(rule.withhold - outcome.withheld)
    flag = None
    if flag_rule is not None and flag_rule.flag not in outcome.flags:
        newly_held = flag_rule.covered - outcome.withheld
        if flag_rule.level > outcome.triage or newly_held:
            flag = flag_rule.flag
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
    days_open: bool,
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
        if days_open and rule.needs_a_day(holding):
            needed.add(DAYS_SINCE_INJURY)
        needed |= rule.none & open_ids
        # An `any` group its `all` or what holds already meets needs none of its other ids.
        any_met = not rule.any or not rule.any.isdisjoint(rule.all | holding)
        for id_ in rule.all if any_met else rule.all | rule.any:
            if id_ in holding:
                continue
            if id_ in open_ids:
                needed.add(id_)
            else:
                frontier += [other for other in index.derivers.get(id_, ()) if other in could_fire]
    return needed
