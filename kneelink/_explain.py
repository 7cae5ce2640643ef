"""Turn the engine's firings into a :class:`~kneelink.Suggestion`.

Everything here depends only on the *set* of firings, never the order an engine found
them in, so the same report always gets the same answer, whichever engine ran it.
``fired_rules`` is in agenda order (:func:`firing_order`), computed from that set.
Safety is structural, not a rule priority: a withheld region is removed from the
suggestions whatever suggested it, and a red flag at ``consultation_24`` or above (or one
marked ``withhold_all``) withholds every region of the pack, suggested or not.

An :class:`Explainer` keeps, per pack, the answers it has worked out under what decides
them (one memo; see :meth:`Explainer.explain`), and builds reasons only for regions that
are shown.
"""

from __future__ import annotations

import functools
import heapq
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from kneelink._answer import (
    Caution,
    PackInfo,
    Reason,
    RedFlagHit,
    RegionSuggestion,
    Suggestion,
    WithheldRegion,
)
from kneelink._citations import Cited, flag_citations
from kneelink._loader import PackContent
from kneelink._report import SymptomReport
from kneelink._schema import Rule, pack_places
from kneelink._screening import Outcome, screened_part, unscreened
from kneelink._triage import TriageLevel
from kneelink.engines._interface import Firing

# Answers an Explainer keeps, per pack; after that it works out new ones without keeping them.
_CACHE_LIMIT = 4096
# TriageLevel[name] without the enum's lookup code, on every answer.
_LEVELS: Mapping[str, TriageLevel] = {level.name: level for level in TriageLevel}


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


# A path to a fact: its length, the ``facts`` from a reported symptom to it, and the ``rules``
# that drew each link (one fewer than the facts).
_RawPath = tuple[int, tuple[str, ...], tuple[str, ...]]


class _Links(NamedTuple):
    """Best paths as links: each fact's ``parent`` (the fact its path extends and the rule
    that drew the link; ``None`` for a reported symptom) and ``rank``, its path's place
    among all paths, as ``(length, place among the paths of that length)``: two facts'
    ranks compare as their paths do. A path is spelt out only when asked (:meth:`path`),
    so working them out costs what the firings do, not the sum of the paths' lengths."""

    parent: dict[str, tuple[str, str] | None]
    rank: dict[str, tuple[int, int]]

    def path(self, fact: str) -> _RawPath:
        facts, rules = [fact], []
        link = self.parent[fact]
        while link is not None:
            fact, rule = link
            facts.append(fact)
            rules.append(rule)
            link = self.parent[fact]
        return (len(facts), tuple(reversed(facts)), tuple(reversed(rules)))


def _linked_paths(symptoms: Iterable[str], steps: Sequence[tuple[tuple[str, ...], str, tuple[str, ...]]]) -> _Links:
    """The shortest path from a reported symptom to each fact that holds, as
    :class:`_Links`, given the (matched facts, rule id, derived facts) of each firing.
    Paths compare shortest first, ties broken by the ids, so the choice is stable.

    Breadth first, one path length at a time, the facts of each length in their paths'
    order: a step is taken from the first of its facts reached, whose path is the least of
    them, and a derived fact keeps the least path of the next length, which extends the
    least parent (by rank) and then the least rule id, as comparing the paths would.
    """
    parent: dict[str, tuple[str, str] | None] = dict.fromkeys(symptoms)
    rank: dict[str, tuple[int, int]] = {}
    steps_from: dict[str, list[int]] = {}
    for number, (matched, _, _) in enumerate(steps):
        for fact in matched:
            steps_from.setdefault(fact, []).append(number)
    taken: set[int] = set()
    layer, length = sorted(parent), 1
    while layer:
        following: dict[str, tuple[int, str]] = {}  # derived fact -> (its parent's place, rule id)
        for place, fact in enumerate(layer):
            rank[fact] = (length, place)
            for number in steps_from.get(fact, ()):
                if number in taken:
                    continue
                taken.add(number)
                _, rule_id, derive = steps[number]
                for derived in derive:
                    if derived in parent:  # reached by a path no longer than this one
                        continue
                    held = following.get(derived)
                    if held is None or (place, rule_id) < held:
                        following[derived] = (place, rule_id)
        for derived, (place, rule_id) in following.items():
            parent[derived] = (layer[place], rule_id)
        layer = sorted(following, key=lambda fact: (following[fact][0], fact))
        length += 1
    return _Links(parent, rank)


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
    known = set(symptoms)
    waiting: dict[str, list[int]] = {}
    missing: list[int] = []
    ready: list[tuple[tuple[int, int, int], int]] = []
    keys: list[tuple[tuple[int, int, int], int]] = []
    for number, firing in enumerate(items):
        # A compiled rule's place on the agenda: priority, then pack order, then its part.
        rule = rule_for[firing.name]
        key = ((-rule.priority, position[rule.id], int(firing.name.rpartition("#")[2])), number)
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
        for fact in rule_for[items[number].name].derive:
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


class Explainer:
    """Builds answers for one pack; safe to share between threads (its memo only ever
    gains entries that are the same whichever thread adds them)."""

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
        self._position = content.rule_positions
        # Answers worked out, under what decides them (see explain): most reports share one.
        self._answers: dict[tuple[object, ...], Suggestion] = {}

    def caution(self, symptom_id: str) -> Caution:
        """The caution a region carries while ``symptom_id`` is answered "don't know"."""
        symptom = self._content.symptoms[symptom_id]
        return Caution(symptom=symptom.id, label=symptom.label, question=symptom.question or symptom.label)

    def explain(self, report: SymptomReport, firings: Sequence[Firing]) -> Suggestion:
        """Build the answer to ``report`` from what fired.

        Where several firings could speak for the same thing (a region's reason from one
        rule, the rule credited with a red flag or a withhold), the shortest path, then
        the rule that comes first in the pack, is chosen, never the first to fire.

        The answer is kept under what decides it: the set of firings (by the names of the
        compiled rules that fired), the side, the local contraindications, and the part of
        the report ``unscreened`` reads (:func:`~kneelink._screening.screened_part`). The
        set decides the rest because a firing's facts are reported symptoms or facts other
        firings derive (no id is both), a fact's best path runs only through firings, and
        no two compiled rules share an agenda sort key.
        """
        key = (
            frozenset(firing.name for firing in firings),
            report.side,
            report.contraindications,
            screened_part(self._content, report),
        )
        answer = self._answers.get(key)
        if answer is None:
            # Without validation: every field comes from a validated pack and report, and
            # tests/engines/test_engines_agree.py checks such answers equal validated ones.
            answer = Suggestion.model_construct(**self._work_out(report, firings))
            if len(self._answers) < _CACHE_LIMIT:
                self._answers[key] = answer
        # A new answer each time, of the kept parts: a caller's answer cache, not this
        # memo, decides whether two calls get the same object.
        return answer.model_copy()

    def _work_out(self, report: SymptomReport, firings: Sequence[Firing]) -> dict[str, Any]:
        """The fields of :meth:`explain`'s answer, every one, in the order
        :class:`~kneelink.Suggestion` declares them."""
        content, position, rule_for, symptoms = self._content, self._position, self._rule_for, report.symptoms
        fired = [(firing, rule_for[firing.name]) for firing in firings]
        steps = [(firing.matched, rule.id, rule.derive) for firing, rule in fired if rule.derive]
        links = _linked_paths(symptoms, steps)
        rank = links.rank

        def path_rank(via: str | tuple[str, ...]) -> tuple[int, int]:
            return rank[via] if isinstance(via, str) else (len(via), -1)

        # (region, suggesting rule id) -> the fact its best path ends at: the least path to
        # any fact the firing matched (engines report only firings whose facts hold; were
        # none reached, the path is the matched facts themselves).
        reason_via: dict[tuple[str, str], str | tuple[str, ...]] = {}
        primary: set[str] = set()
        flag_rules: dict[str, Rule] = {}
        withhold_rules: dict[str, Rule] = {}
        for firing, rule in fired:
            if rule.suggest:
                reached = [fact for fact in firing.matched if fact in rank]
                via = min(reached, key=rank.__getitem__) if reached else firing.matched
                for region in rule.suggest:
                    held = reason_via.get((region, rule.id))
                    if held is None or path_rank(via) < path_rank(held):
                        reason_via[(region, rule.id)] = via
                    if rule.role == "primary":
                        primary.add(region)
            if rule.red_flag is not None:
                current = flag_rules.get(rule.red_flag)
                if current is None or position[rule.id] < position[current.id]:
                    flag_rules[rule.red_flag] = rule
            for region in rule.withhold:
                current = withhold_rules.get(region)
                if current is None or position[rule.id] < position[current.id]:
                    withhold_rules[region] = rule

        hits = tuple(
            sorted(
                (self._hit(flag, rule) for flag, rule in flag_rules.items()),
                key=lambda hit: (-_LEVELS[hit.level], position[hit.rule]),
            )
        )
        withheld = self._withheld(hits, report, withhold_rules)
        side = report.side or "unspecified"
        shown: dict[str, list[Reason]] = {}
        paths: dict[str | tuple[str, ...], _RawPath] = {}
        for (region, rule_id), via in reason_via.items():
            if region not in withheld:  # reasons only for regions that are shown
                path = paths.get(via)
                if path is None:
                    path = paths[via] = links.path(via) if isinstance(via, str) else (len(via), via, ())
                shown.setdefault(region, []).append(self._reason(rule_id, path, region))
        regions = tuple(
            self._region(region, side, "primary" if region in primary else "supporting", shown[region])
            for region in content.regions
            if region in shown
        )
        triage = _LEVELS[hits[0].level] if hits else TriageLevel.self_care
        outcome = Outcome(
            triage=triage,
            flags=frozenset(hit.id for hit in hits),
            regions={region.region: region.role for region in regions},
            withheld=frozenset(withheld),
            facts=symptoms.union(links.parent),
        )
        open_screens = unscreened(content, report, outcome)
        complete = triage.withholds_every_region or not open_screens
        order = firing_order(firings, rule_for, symptoms, position)
        return {
            "regions": regions,
            "triage": triage.level,
            "advice": advice(triage, bool(regions), bool(withheld), complete),
            "unscreened": open_screens,
            "complete": complete,
            "red_flags": hits,
            "withheld": tuple(withheld[region] for region in content.regions if region in withheld),
            "fired_rules": tuple(dict.fromkeys(rule_for[firing.name].id for firing in order)),
            "pack": self._info,
        }

    def _region(self, region_id: str, side: str, role: str, reasons: list[Reason]) -> RegionSuggestion:
        position = self._position
        region = self._content.regions[region_id]
        how = self._cited[region.how_to_roll_cite] if region.how_to_roll_cite else None
        return RegionSuggestion.model_construct(
            region=region_id,
            label=region.label,
            body_area=region.body_area,
            side=side,
            role=role,
            reasons=tuple(sorted(reasons, key=lambda r: (len(r.chain), position[r.rule]))),
            how_to_roll=region.how_to_roll,
            how_to_roll_source=how.text if how else None,
            how_to_roll_citations=how.citations if how else (),
            cautions=(),
        )

    def _reason(self, rule_id: str, path: _RawPath, region: str) -> Reason:
        rule, links = self._content.rule(rule_id), path[2]
        own = self._cited[rule.cite]
        # A hedge on any link of the chain is a hedge on the reason, as an extension is.
        rules = [self._content.rule(link) for link in links]
        caveat = rule.caveat or next((link.caveat for link in rules if link.caveat), None)
        return Reason.model_construct(
            rule=rule_id,
            summary=rule.summary,
            chain=(*path[1], region),
            links=links,
            source=own.text,
            citations=own.citations,
            extension=rule.extension or any(link.extension for link in rules),
            caveat=caveat,
        )

    def _hit(self, flag_id: str, rule: Rule) -> RedFlagHit:
        flag = self._content.red_flags[flag_id]
        # The flag's sources back its level and message; the rule's, what raised it.
        because = self._cited[flag_citations(self._content, rule)]
        return RedFlagHit.model_construct(
            id=flag.id,
            label=flag.label,
            level=flag.level,
            message=flag.message.format_map(self._places),
            rule=rule.id,
            source=because.text,
            citations=because.citations,
        )

    def _withheld(
        self, hits: Sequence[RedFlagHit], report: SymptomReport, withhold_rules: Mapping[str, Rule]
    ) -> dict[str, WithheldRegion]:
        """Regions not to roll, each with the most urgent reason (the first one given wins).

        A flag from ``consultation_24`` up, or marked ``withhold_all``, holds back every
        region of the pack, whether or not a rule suggested it: an app drawing "do not roll"
        must draw the whole leg, not only what the chain happened to reach.
        """
        content, cited = self._content, self._cited
        withheld: dict[str, WithheldRegion] = {}

        def hold(region: str, reason: str, because: Cited, **cause: str) -> None:
            if region not in withheld:
                withheld[region] = WithheldRegion.model_construct(
                    region=region,
                    label=content.regions[region].label,
                    reason=reason,
                    source=because.text,
                    citations=because.citations,
                    red_flag=cause.get("red_flag"),
                    rule=cause.get("rule"),
                    contraindication=cause.get("contraindication"),
                )

        for hit in hits:
            flag = content.red_flags[hit.id]
            because = cited[flag_citations(content, content.rule(hit.rule))]
            for region in content.regions if flag.withholds_every_region else flag.withhold:
                hold(region, hit.message, because, red_flag=hit.id, rule=hit.rule)
        for reported in sorted(report.contraindications, key=lambda c: (c.region, c.kind)):
            kind = content.contraindications[reported.kind]
            hold(reported.region, kind.message, cited[kind.cite], contraindication=kind.id)
        for region, rule in sorted(withhold_rules.items()):
            hold(region, rule.summary, cited[content.rule(rule.id).cite], rule=rule.id)
        return withheld
