"""Turn the engine's firings into a :class:`~kneelink.Suggestion`.

Everything here depends only on the *set* of firings, never the order an engine found
them in, so the same report always gets the same answer, whichever engine ran it.
``fired_rules`` is in agenda order (:func:`firing_order`), computed from that set.
Safety is structural, not a rule priority: a withheld region is removed from the
suggestions whatever suggested it, and a red flag at ``consultation_24`` or above (or one
marked ``withhold_all``) withholds every region of the pack, suggested or not.

This runs on every call, so an :class:`Explainer` works out once per pack what it can:
each compiled rule's effects, resolved citations, extension flags, caveats and pack
positions, the red-flag hits and withheld regions (immutable models, built once and
reused), and it builds reasons only for regions that are shown.
"""

from __future__ import annotations

import functools
import heapq
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple, TypeVar

from kneelink._answer import (
    Caution,
    PackInfo,
    Reason,
    RedFlagHit,
    RegionSuggestion,
    Suggestion,
    WithheldRegion,
    _Frozen,
    unchecked,
)
from kneelink._citations import Cited, flag_citations
from kneelink._loader import PackContent
from kneelink._report import LocalContraindication, SymptomReport
from kneelink._schema import Rule, Triage, pack_places
from kneelink._screening import Outcome, unscreened
from kneelink._triage import TriageLevel
from kneelink.engines._choice import Firing

# Reasons and withheld regions are cached up to this many of each per pack.
_CACHE_LIMIT = 4096
# TriageLevel[name] without the enum's lookup code, on every answer.
_LEVELS: Mapping[str, TriageLevel] = {level.name: level for level in TriageLevel}

_Model = TypeVar("_Model", bound=_Frozen)


def _construct(model: type[_Model], **fields: object) -> _Model:
    return unchecked(model, fields)


def withholds_every_region(level: Triage) -> bool:
    """Whether a red flag of ``level`` withholds every region, not only its own list."""
    return TriageLevel[level].withholds_every_region


# Said first by every answer below consultation_24 that leaves a warning sign unscreened.
UNSCREENED_ADVICE = (
    "This answer is not complete: some warning signs were not asked about or not known. "
    "Answer the remaining questions, or see a doctor if you are unsure."
)


@functools.cache  # a few dozen answers in all: one string each, shared by every answer that says it
def advice(triage: TriageLevel, any_region: bool, any_withheld: bool, complete: bool = True) -> str:
    """What the answer as a whole asks of the person, in plain words; an answer with
    warning signs still unscreened says so before anything else."""
    if triage.withholds_every_region:
        scope = "Do not foam-roll any part of the leg until a clinician has seen you."
    elif any_region and triage > TriageLevel.self_care:
        scope = "Until then, the regions below may be rolled as described."
    elif any_region:
        scope = "The regions to roll are below."
    elif any_withheld:
        scope = "Hold off foam-rolling for now: see why below."
    else:
        scope = "Nothing reported points at a region to roll."
    if not complete:
        return f"{UNSCREENED_ADVICE} {triage.instruction} {scope}"
    return f"{triage.instruction} {scope}"


class Path(NamedTuple):
    """How a fact was reached: the ``facts`` from a reported symptom to it, and the
    ``rules`` that drew each link (one fewer than the facts). Paths compare shortest
    first, ties broken by the ids, so the choice is stable."""

    length: int
    facts: tuple[str, ...]
    rules: tuple[str, ...] = ()

    def then(self, fact: str, rule: str) -> Path:
        return Path(self.length + 1, (*self.facts, fact), (*self.rules, rule))


def best_paths(symptoms: Iterable[str], firings: Sequence[Firing], rule_for: Mapping[str, Rule]) -> dict[str, Path]:
    """The shortest path from a reported symptom to each fact that holds.

    >>> from kneelink._schema import RedFlag, Rule
    >>> def rule(id_, derive):
    ...     return Rule(id=id_, summary="s", when={"all": ["x"]}, derive=derive, cite=["article#1"])
    >>> firings = [Firing("a#0", ("x",)), Firing("b#0", ("y",)), Firing("c#0", ("x", "z"))]
    >>> rules = {"a#0": rule("a", ["y"]), "b#0": rule("b", ["z"]), "c#0": rule("c", ["w"])}
    >>> {fact: path.facts for fact, path in sorted(best_paths(["x"], firings, rules).items())}
    {'w': ('x', 'w'), 'x': ('x',), 'y': ('x', 'y'), 'z': ('x', 'y', 'z')}
    >>> best_paths(["x"], firings, rules)["z"].rules
    ('a', 'b')
    """
    steps = [(firing.matched, rule.id, rule.derive) for firing in firings if (rule := rule_for[firing.name]).derive]
    return {fact: Path(*path) for fact, path in _best_paths(symptoms, steps).items()}


_RawPath = tuple[int, tuple[str, ...], tuple[str, ...]]  # a Path's fields, as a plain tuple for speed


def _best_paths(
    symptoms: Iterable[str], steps: Sequence[tuple[tuple[str, ...], str, tuple[str, ...]]]
) -> dict[str, _RawPath]:
    """:func:`best_paths` over (matched facts, rule id, derived facts) of each firing.

    Dijkstra's order: facts are settled shortest path first, so a step is taken from the
    first of its facts to settle, whose path is the least of them; a step's path is one
    link longer than the one it extends, so no settled path can improve later.
    """
    best: dict[str, _RawPath] = {symptom: (1, (symptom,), ()) for symptom in symptoms}
    if not steps:
        return best
    steps_from: dict[str, list[int]] = {}
    for number, (matched, _, _) in enumerate(steps):
        for fact in matched:
            steps_from.setdefault(fact, []).append(number)
    frontier = [(path, fact) for fact, path in best.items() if fact in steps_from]
    heapq.heapify(frontier)
    settled: set[str] = set()
    taken: set[int] = set()
    while frontier:
        path, fact = heapq.heappop(frontier)
        if fact in settled:
            continue
        settled.add(fact)
        length, facts, rules = path
        for number in steps_from.get(fact, ()):
            if number in taken:
                continue
            taken.add(number)
            _, rule_id, derive = steps[number]
            for derived in derive:
                candidate = (length + 1, (*facts, derived), (*rules, rule_id))
                current = best.get(derived)
                if current is None or candidate < current:
                    best[derived] = candidate
                    heapq.heappush(frontier, (candidate, derived))
    return best


def firing_order(
    firings: Iterable[Firing], rule_for: Mapping[str, Rule], symptoms: Iterable[str], position: Mapping[str, int]
) -> list[Firing]:
    """``firings`` in the order a priority agenda fires them: of the firings whose facts
    are known, the rule of highest priority first, ties in pack order; its derived facts
    then become known. It depends on the set of firings only, so both engines agree.

    >>> from kneelink._schema import Rule
    >>> def rule(id_, priority, derive=("y",)):
    ...     when = {"all": ["x"]}
    ...     return Rule(id=id_, summary="s", when=when, derive=derive, priority=priority, cite=["article#1"])
    >>> rules = {"a#0": rule("a", 0), "b#0": rule("b", 5), "c#0": rule("c", 9)}
    >>> found = [Firing("a#0", ("x",)), Firing("c#0", ("y",)), Firing("b#0", ("x",))]
    >>> [f.name for f in firing_order(found, rules, ["x"], {"a": 0, "b": 1, "c": 2})]
    ['b#0', 'c#0', 'a#0']
    """
    items = list(firings)
    agenda = {firing.name: _agenda_entry(firing.name, rule_for[firing.name], position) for firing in items}
    return _firing_order(items, agenda, symptoms)


_AgendaEntry = tuple[tuple[int, int, int], tuple[str, ...]]


def _agenda_entry(name: str, rule: Rule, position: Mapping[str, int]) -> _AgendaEntry:
    # What the agenda needs of a compiled rule: its sort key, and what it derives.
    return (-rule.priority, position[rule.id], int(name.rpartition("#")[2])), rule.derive


def _firing_order(
    items: Sequence[Firing], agenda: Mapping[str, tuple[tuple[int, int, int], tuple[str, ...]]], symptoms: Iterable[str]
) -> list[Firing]:
    known = set(symptoms)
    waiting: dict[str, list[int]] = {}
    missing: list[int] = []
    ready: list[tuple[tuple[int, int, int], int]] = []
    keys: list[tuple[tuple[int, int, int], int]] = []
    for number, firing in enumerate(items):
        key = (agenda[firing.name][0], number)
        keys.append(key)
        unknown = [fact for fact in firing.matched if fact not in known]
        missing.append(len(unknown))
        for fact in unknown:
            waiting.setdefault(fact, []).append(number)
        if not unknown:
            ready.append(key)
    if not waiting:  # every firing ready from the start: the agenda is the keys' order
        ready.sort()
        return [items[number] for _, number in ready]
    heapq.heapify(ready)
    order: list[int] = []
    while ready:
        number = heapq.heappop(ready)[1]
        order.append(number)
        for fact in agenda[items[number].name][1]:
            if fact not in known:
                known.add(fact)
                for other in waiting.pop(fact, ()):
                    missing[other] -= 1
                    if missing[other] == 0:
                        heapq.heappush(ready, keys[other])
    # An engine only reports firings whose facts held, so nothing is left; keep any anyway.
    placed = set(order)
    order += sorted((number for number in range(len(items)) if number not in placed), key=keys.__getitem__)
    return [items[number] for number in order]


@dataclass(frozen=True, slots=True)
class _RuleFacts:
    """What explanations need of one rule, worked out once per pack."""

    position: int
    cited: Cited
    extension: bool
    caveat: str | None


class _Effect(NamedTuple):
    """What an answer needs of a compiled rule when it fires, looked up once per firing."""

    rule: Rule
    id: str
    position: int
    suggest: tuple[str, ...]
    primary: bool
    red_flag: str | None
    withhold: tuple[str, ...]
    derive: tuple[str, ...]

    @classmethod
    def of(cls, rule: Rule, position: Mapping[str, int]) -> _Effect:
        return cls(
            rule,
            rule.id,
            position[rule.id],
            rule.suggest,
            rule.role == "primary",
            rule.red_flag,
            rule.withhold,
            rule.derive,
        )


class _Chains(NamedTuple):
    """What the set of firings alone decides of an answer, kept per set (by the names of
    the compiled rules that fired): most reports share one of a few sets.

    The set decides it because a firing's facts are reported symptoms or facts other
    firings derive (no id is both), a fact's best path runs only through firings, and no
    two compiled rules share an agenda sort key. What else a report says (its side, local
    contraindications, the warning signs it answered) is applied per call.
    """

    reason_paths: tuple[tuple[str, str, _RawPath], ...]  # (region, suggesting rule id, best path)
    primary: frozenset[str]  # regions a primary rule suggested
    hits: tuple[RedFlagHit, ...]  # most urgent first
    withhold_rules: Mapping[str, Rule]  # region -> the rule credited with withholding it
    derived: frozenset[str]  # the facts the firings derived
    fired_rules: tuple[str, ...]  # rule ids in agenda order (firing_order)
    triage: TriageLevel
    flags: frozenset[str]


class _HeldBack(NamedTuple):
    """The regions an answer withholds, kept whole per cause (see :meth:`Explainer._withhold`)."""

    in_order: tuple[WithheldRegion, ...]  # in the pack's treatment order, as the answer lists them
    regions: frozenset[str]


_NOTHING_HELD_BACK = _HeldBack((), frozenset())

_Key = TypeVar("_Key")
_Value = TypeVar("_Value")


class _Lazy(dict[_Key, _Value]):
    """A dict that works out a missing value on first lookup and keeps it. Lookups of
    values already there cost what a dict's do. Two threads may work out the same value at
    once; both get equal values, so that is harmless."""

    def __init__(self, make: Callable[[_Key], _Value]) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, key: _Key) -> _Value:
        value = self[key] = self._make(key)
        return value


class Explainer:
    """Builds answers for one pack; safe to share between threads (its caches only ever
    gain entries that are the same whichever thread adds them)."""

    def __init__(
        self,
        content: PackContent,
        rule_for: Mapping[str, Rule],
        info: PackInfo,
        cited: Mapping[tuple[str, ...], Cited],
        places: Mapping[str, str] | None = None,
    ) -> None:
        self._content = content
        self._rule_for = rule_for
        self._info = info
        self._cited = cited
        # Filled into red-flag messages: the pack's places, or the ones an app chose.
        self._places = places if places is not None else pack_places(content.header)
        position = self._position = content.rule_positions
        self._how_to_roll = {
            region.id: cited[region.how_to_roll_cite] if region.how_to_roll_cite else None
            for region in content.regions.values()
        }
        # Worked out per rule on first use, not up front: a pack may have 20,000 rules and
        # a call only needs the few that fire.
        self._facts: _Lazy[str, _RuleFacts] = _Lazy(lambda id_: self._rule_facts(id_))
        self._agenda: _Lazy[str, _AgendaEntry] = _Lazy(lambda name: _agenda_entry(name, rule_for[name], position))
        self._effects: _Lazy[str, _Effect] = _Lazy(lambda name: _Effect.of(rule_for[name], position))
        self._chains: dict[frozenset[str], _Chains] = {}
        # An answer's regions, by the firings, the side and the regions withheld, which
        # decide them: a repeated answer shares its regions with the earlier one.
        self._shown: dict[tuple[frozenset[str], str, frozenset[str]], tuple[RegionSuggestion, ...]] = {}
        self._regions: dict[tuple[str, str, str, tuple[int, ...]], RegionSuggestion] = {}
        self._hits: dict[tuple[str, str], RedFlagHit] = {}
        self._withheld: dict[tuple[str | None, ...], WithheldRegion] = {}
        self._reasons: dict[tuple[str, _RawPath, str], Reason] = {}
        self._withheld_sets: dict[
            tuple[tuple[tuple[str, str], ...], frozenset[LocalContraindication], tuple[tuple[str, str], ...]],
            _HeldBack,
        ] = {}

    def caution(self, symptom_id: str) -> Caution:
        """The caution a region carries while ``symptom_id`` is answered "don't know"."""
        symptom = self._content.symptoms[symptom_id]
        return Caution(symptom=symptom.id, label=symptom.label, question=symptom.question or symptom.label)

    def _rule_facts(self, rule_id: str) -> _RuleFacts:
        rule = self._content.rule(rule_id)
        return _RuleFacts(self._position[rule_id], self._cited[rule.cite], rule.extension, rule.caveat)

    def explain(self, report: SymptomReport, firings: Sequence[Firing]) -> Suggestion:
        """Build the answer to ``report`` from what fired.

        Where several firings could speak for the same thing (a region's reason from one
        rule, the rule credited with a red flag or a withhold), the shortest path, then
        the rule that comes first in the pack, is chosen, never the first to fire.
        """
        return unchecked(Suggestion, self.answer_fields(report, firings))

    def answer_fields(self, report: SymptomReport, firings: Sequence[Firing]) -> dict[str, object]:
        """The fields of :meth:`explain`'s answer, every one, in the order
        :class:`~kneelink.Suggestion` declares them."""
        content = self._content
        names = frozenset(firing.name for firing in firings)
        chains = self._chains.get(names)
        if chains is None:
            chains = self._work_out_chains(report.symptoms, firings)
            if len(self._chains) < _CACHE_LIMIT:
                self._chains[names] = chains
        hits, withhold_rules = chains.hits, chains.withhold_rules
        holding = hits or withhold_rules or report.contraindications
        held_back = self._withhold(hits, report, withhold_rules) if holding else _NOTHING_HELD_BACK
        side = report.side or "unspecified"
        shown_key = (names, side, held_back.regions)
        regions = self._shown.get(shown_key)
        if regions is None:
            regions = self._shown_regions(chains, side, held_back.regions)
            if len(self._shown) < _CACHE_LIMIT:
                self._shown[shown_key] = regions
        triage = chains.triage
        outcome = Outcome(
            triage=triage,
            flags=chains.flags,
            regions={region.region: region.role for region in regions},
            withheld=held_back.regions,
            facts=report.symptoms | chains.derived,
        )
        open_screens = unscreened(content, report, outcome)
        complete = triage.withholds_every_region or not open_screens
        return {
            "regions": regions,
            "triage": triage.level,
            "advice": advice(triage, bool(regions), bool(held_back.regions), complete),
            "unscreened": open_screens,
            "complete": complete,
            "red_flags": hits,
            "withheld": held_back.in_order,
            "fired_rules": chains.fired_rules,
            "pack": self._info,
        }

    def _shown_regions(self, chains: _Chains, side: str, withheld: frozenset[str]) -> tuple[RegionSuggestion, ...]:
        """The regions to show, in treatment order, with their reasons."""
        shown: dict[str, list[Reason]] = {}
        for region, rule_id, path in chains.reason_paths:
            if region not in withheld:  # reasons only for regions that are shown
                shown.setdefault(region, []).append(self._reason(rule_id, path, region))
        primary = chains.primary
        return tuple(
            self._region(region, side, "primary" if region in primary else "supporting", shown[region])
            for region in self._content.regions
            if region in shown
        )

    def _work_out_chains(self, symptoms: frozenset[str], firings: Sequence[Firing]) -> _Chains:
        """What the set of ``firings`` alone decides of an answer (see :class:`_Chains`)."""
        position, effects, rule_for = self._position, self._effects, self._rule_for
        fired = [(firing, effects[firing.name]) for firing in firings]
        paths = _best_paths(symptoms, [(f.matched, e.id, e.derive) for f, e in fired if e.derive])

        reason_paths: dict[tuple[str, str], _RawPath] = {}  # (region, suggesting rule id) -> best path
        primary: set[str] = set()
        flag_rules: dict[str, Rule] = {}
        withhold_rules: dict[str, Rule] = {}
        for firing, (rule, rule_id, place, suggest, is_primary, red_flag, withhold, _) in fired:
            if suggest:
                # The shortest path to any fact it matched (the first of equals, as min gives).
                via: _RawPath | None = None
                for fact in firing.matched:
                    path = paths.get(fact)
                    if path is not None and (via is None or path < via):
                        via = path
                if via is None:
                    via = (len(firing.matched), firing.matched, ())
                for region in suggest:
                    held = reason_paths.get((region, rule_id))
                    if held is None or via < held:
                        reason_paths[(region, rule_id)] = via
                    if is_primary:
                        primary.add(region)
            if red_flag is not None:
                current = flag_rules.get(red_flag)
                if current is None or place < position[current.id]:
                    flag_rules[red_flag] = rule
            for region in withhold:
                current = withhold_rules.get(region)
                if current is None or place < position[current.id]:
                    withhold_rules[region] = rule

        hits = tuple(
            sorted(
                (self._hit(flag, rule) for flag, rule in flag_rules.items()),
                key=lambda hit: (-_LEVELS[hit.level], position[hit.rule]),
            )
        )
        order = _firing_order(firings, self._agenda, symptoms)
        return _Chains(
            reason_paths=tuple((region, rule_id, path) for (region, rule_id), path in reason_paths.items()),
            primary=frozenset(primary),
            hits=hits,
            withhold_rules=withhold_rules,
            derived=frozenset(paths) - symptoms,
            fired_rules=tuple(dict.fromkeys(rule_for[firing.name].id for firing in order)),
            triage=_LEVELS[hits[0].level] if hits else TriageLevel.self_care,
            flags=frozenset(hit.id for hit in hits),
        )

    def _region(self, region_id: str, side: str, role: str, reasons: list[Reason]) -> RegionSuggestion:
        position = self._position
        ordered = tuple(
            sorted(reasons, key=lambda r: (len(r.chain), position[r.rule])) if len(reasons) > 1 else reasons
        )
        # Reasons are cached objects, so their ids name them; a cached region holds its
        # reasons, so those ids cannot be reused while it is in the cache.
        key = (region_id, side, role, tuple(map(id, ordered)))
        made = self._regions.get(key)
        if made is None:
            region = self._content.regions[region_id]
            how = self._how_to_roll[region_id]
            made = _construct(
                RegionSuggestion,
                region=region_id,
                label=region.label,
                body_area=region.body_area,
                side=side,
                role=role,
                reasons=ordered,
                how_to_roll=region.how_to_roll,
                how_to_roll_source=how.text if how else None,
                how_to_roll_citations=how.citations if how else (),
                cautions=(),
            )
            if len(self._regions) < _CACHE_LIMIT:
                self._regions[key] = made
        return made

    def _reason(self, rule_id: str, path: _RawPath, region: str) -> Reason:
        key = (rule_id, path, region)
        reason = self._reasons.get(key)
        if reason is None:
            rule, facts = self._content.rule(rule_id), self._facts
            own = facts[rule_id]
            # A hedge on any link of the chain is a hedge on the reason, as an extension is.
            caveat = own.caveat or next((facts[link].caveat for link in path[2] if facts[link].caveat), None)
            reason = _construct(
                Reason,
                rule=rule_id,
                summary=rule.summary,
                chain=(*path[1], region),
                links=path[2],
                source=own.cited.text,
                citations=own.cited.citations,
                extension=own.extension or any(facts[link].extension for link in path[2]),
                caveat=caveat,
            )
            if len(self._reasons) < _CACHE_LIMIT:
                self._reasons[key] = reason
        return reason

    def _hit(self, flag_id: str, rule: Rule) -> RedFlagHit:
        hit = self._hits.get((flag_id, rule.id))
        if hit is None:
            flag = self._content.red_flags[flag_id]
            # The flag's sources back its level and message; the rule's, what raised it.
            because = self._cited[flag_citations(self._content, rule)]
            hit = _construct(
                RedFlagHit,
                id=flag.id,
                label=flag.label,
                level=flag.level,
                message=flag.message.format_map(self._places),
                rule=rule.id,
                source=because.text,
                citations=because.citations,
            )
            self._hits[(flag_id, rule.id)] = hit  # at most one per (flag, rule): bounded by the pack
        return hit

    def _withhold(
        self, hits: Sequence[RedFlagHit], report: SymptomReport, withhold_rules: Mapping[str, Rule]
    ) -> _HeldBack:
        """Regions not to roll, each with the most urgent reason (the first one given wins).

        A flag from ``consultation_24`` up, or marked ``withhold_all``, holds back every
        region of the pack, whether or not a rule suggested it: an app drawing "do not roll"
        must draw the whole leg, not only what the chain happened to reach.
        """
        # The same flags, contraindications and withholding rules always hold back the same
        # regions for the same reasons, so the whole result is kept (callers only read it).
        key = (
            tuple((hit.id, hit.rule) for hit in hits),
            report.contraindications,
            tuple(sorted((region, rule.id) for region, rule in withhold_rules.items())),
        )
        found = self._withheld_sets.get(key)
        if found is None:
            by_region = self._work_out_withheld(hits, report, withhold_rules)
            in_order = tuple(by_region[region] for region in self._content.regions if region in by_region)
            found = _HeldBack(in_order, frozenset(by_region))
            if len(self._withheld_sets) < _CACHE_LIMIT:
                self._withheld_sets[key] = found
        return found

    def _work_out_withheld(
        self, hits: Sequence[RedFlagHit], report: SymptomReport, withhold_rules: Mapping[str, Rule]
    ) -> dict[str, WithheldRegion]:
        content, cited = self._content, self._cited
        withheld: dict[str, WithheldRegion] = {}

        def hold(region: str, reason: str, because: Cited, **cause: str) -> None:
            if region in withheld:
                return
            key = (region, reason, cause.get("red_flag"), cause.get("rule"), cause.get("contraindication"))
            made = self._withheld.get(key)
            if made is None:
                made = _construct(
                    WithheldRegion,
                    region=region,
                    label=content.regions[region].label,
                    reason=reason,
                    source=because.text,
                    citations=because.citations,
                    red_flag=cause.get("red_flag"),
                    rule=cause.get("rule"),
                    contraindication=cause.get("contraindication"),
                )
                if len(self._withheld) < _CACHE_LIMIT:
                    self._withheld[key] = made
            withheld[region] = made

        for hit in hits:
            flag = content.red_flags[hit.id]
            every = withholds_every_region(flag.level) or flag.withhold_all
            because = cited[flag_citations(content, content.rule(hit.rule))]
            for region in content.regions if every else flag.withhold:
                hold(region, hit.message, because, red_flag=hit.id, rule=hit.rule)
        for reported in sorted(report.contraindications, key=lambda c: (c.region, c.kind)):
            kind = content.contraindications[reported.kind]
            hold(reported.region, kind.message, cited[kind.cite], contraindication=kind.id)
        for region, rule in sorted(withhold_rules.items()):
            hold(region, rule.summary, self._facts[rule.id].cited, rule=rule.id)
        return withheld


def explain(
    content: PackContent,
    rule_for: Mapping[str, Rule],
    report: SymptomReport,
    firings: Sequence[Firing],
    info: PackInfo,
    cited: Mapping[tuple[str, ...], Cited],
) -> Suggestion:
    """Build the answer to ``report`` from what fired (see :meth:`Explainer.explain`;
    a pack keeps one :class:`Explainer` instead of calling this)."""
    return Explainer(content, rule_for, info, cited).explain(report, firings)
