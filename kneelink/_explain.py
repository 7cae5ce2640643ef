"""Turn the engine's firings into a :class:`~kneelink.Suggestion`.

Everything here depends only on the *set* of firings, never the order an engine found
them in, so the same report always gets the same answer, whichever engine ran it.
``fired_rules`` is in agenda order (:func:`firing_order`), computed from that set.
Safety is structural, not a rule priority: a withheld region is removed from the
suggestions whatever suggested it, and an ``urgent`` red flag withholds every region.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from kneelink._answer import (
    TRIAGE_ORDER,
    PackInfo,
    Reason,
    RedFlagHit,
    RegionSuggestion,
    Suggestion,
    WithheldRegion,
)
from kneelink._engines import Firing
from kneelink._loader import PackContent
from kneelink._report import LocalContraindication, SymptomReport
from kneelink._schema import RedFlag, Rule


@dataclass(frozen=True)
class Path:
    """How a fact was reached: the ``facts`` from a reported symptom to it, and the
    ``rules`` that drew each link (one fewer than the facts)."""

    facts: tuple[str, ...]
    rules: tuple[str, ...] = ()

    @property
    def rank(self) -> tuple[int, tuple[str, ...], tuple[str, ...]]:
        # Shortest explanation first; ties broken by the ids so the choice is stable.
        return (len(self.facts), self.facts, self.rules)

    def then(self, fact: str, rule: str) -> Path:
        return Path((*self.facts, fact), (*self.rules, rule))


def best_paths(symptoms: Iterable[str], firings: Sequence[Firing], rule_for: Mapping[str, Rule]) -> dict[str, Path]:
    """The shortest path from a reported symptom to each fact that holds.

    >>> from kneelink._schema import RedFlag, Rule
    >>> def rule(id_, derive):
    ...     return Rule(id=id_, summary="s", when={"all": ["x"]}, derive=derive, source={"article": "1"})
    >>> firings = [Firing("a#0", ("x",)), Firing("b#0", ("y",)), Firing("c#0", ("x", "z"))]
    >>> rules = {"a#0": rule("a", ["y"]), "b#0": rule("b", ["z"]), "c#0": rule("c", ["w"])}
    >>> {fact: path.facts for fact, path in best_paths(["x"], firings, rules).items()}
    {'x': ('x',), 'y': ('x', 'y'), 'z': ('x', 'y', 'z'), 'w': ('x', 'w')}
    >>> best_paths(["x"], firings, rules)["z"].rules
    ('a', 'b')
    """
    best: dict[str, Path] = {symptom: Path((symptom,)) for symptom in symptoms}
    changed = True
    while changed:  # relax until stable; a cycle only offers longer paths, so this ends
        changed = False
        for firing in firings:
            via = best_via(firing, best)
            if via is None:
                continue
            rule = rule_for[firing.name]
            for fact in rule.derive:
                candidate = via.then(fact, rule.id)
                if fact not in best or candidate.rank < best[fact].rank:
                    best[fact] = candidate
                    changed = True
    return best


def best_via(firing: Firing, best: Mapping[str, Path]) -> Path | None:
    """The best path leading to any fact the firing matched."""
    known = [best[fact] for fact in firing.matched if fact in best]
    return min(known, key=lambda path: path.rank) if known else None


def firing_order(
    firings: Iterable[Firing], rule_for: Mapping[str, Rule], symptoms: Iterable[str], position: Mapping[str, int]
) -> list[Firing]:
    """``firings`` in the order a priority agenda fires them: of the firings whose facts
    are known, the rule of highest priority first, ties in pack order; its derived facts
    then become known. It depends on the set of firings only, so both engines agree.

    >>> from kneelink._schema import Rule
    >>> def rule(id_, priority, derive=("y",)):
    ...     when = {"all": ["x"]}
    ...     return Rule(id=id_, summary="s", when=when, derive=derive, priority=priority, source={"article": "1"})
    >>> rules = {"a#0": rule("a", 0), "b#0": rule("b", 5), "c#0": rule("c", 9)}
    >>> found = [Firing("a#0", ("x",)), Firing("c#0", ("y",)), Firing("b#0", ("x",))]
    >>> [f.name for f in firing_order(found, rules, ["x"], {"a": 0, "b": 1, "c": 2})]
    ['b#0', 'c#0', 'a#0']
    """
    known = set(symptoms)
    waiting: dict[str, list[int]] = {}
    missing: list[int] = []
    ready: list[tuple[int, int, int, int]] = []
    items = list(firings)
    keys: list[tuple[int, int, int, int]] = []
    for number, firing in enumerate(items):
        rule = rule_for[firing.name]
        keys.append((-rule.priority, position[rule.id], int(firing.name.rpartition("#")[2]), number))
        unknown = {fact for fact in firing.matched if fact not in known}
        missing.append(len(unknown))
        for fact in unknown:
            waiting.setdefault(fact, []).append(number)
        if not unknown:
            ready.append(keys[number])
    heapq.heapify(ready)
    order: list[int] = []
    while ready:
        number = heapq.heappop(ready)[3]
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


def explain(
    content: PackContent,
    rule_for: Mapping[str, Rule],
    report: SymptomReport,
    firings: Sequence[Firing],
    info: PackInfo,
) -> Suggestion:
    """Build the answer to ``report`` from what fired.

    Where several firings could speak for the same thing (a region's reason from one rule,
    the rule credited with a red flag or a withhold), the shortest path, then the rule
    that comes first in the pack, is chosen, never the first to fire.
    """
    paths = best_paths(report.symptoms, firings, rule_for)
    position = content.rule_positions

    def earliest(current: Rule | None, candidate: Rule) -> Rule:
        return candidate if current is None or position[candidate.id] < position[current.id] else current

    reason_paths: dict[tuple[str, str], Path] = {}  # (region, suggesting rule id) -> best path
    primary: set[str] = set()
    flag_rules: dict[str, Rule] = {}
    withhold_rules: dict[str, Rule] = {}
    for firing in firings:
        rule = rule_for[firing.name]
        via = best_via(firing, paths) or Path(firing.matched)
        for region in rule.suggest:
            held = reason_paths.get((region, rule.id))
            if held is None or via.rank < held.rank:
                reason_paths[(region, rule.id)] = via
            if rule.role == "primary":
                primary.add(region)
        if rule.red_flag is not None:
            flag_rules[rule.red_flag] = earliest(flag_rules.get(rule.red_flag), rule)
        for region in rule.withhold:
            withhold_rules[region] = earliest(withhold_rules.get(region), rule)

    hits = sorted(
        (_red_flag_hit(content.red_flags[flag], rule) for flag, rule in flag_rules.items()),
        key=lambda hit: (-TRIAGE_ORDER.index(hit.level), position[hit.rule]),
    )
    suggested = {region for region, _ in reason_paths}
    withheld = _withhold(content, hits, report.contraindications, withhold_rules, suggested)
    reasons: dict[str, list[Reason]] = {}
    for (region, rule_id), path in reason_paths.items():
        reasons.setdefault(region, []).append(_reason(content.rule(rule_id), path, region, content))
    regions = tuple(
        RegionSuggestion(
            region=region.id,
            label=region.label,
            body_area=region.body_area,
            side=report.side or "unspecified",
            role="primary" if region.id in primary else "supporting",
            reasons=tuple(sorted(reasons[region.id], key=lambda r: (len(r.chain), position[r.rule]))),
            how_to_roll=region.how_to_roll,
            how_to_roll_source=str(region.how_to_roll_source) if region.how_to_roll_source else None,
        )
        for region in content.regions.values()
        if region.id in suggested and region.id not in withheld
    )
    return Suggestion(
        regions=regions,
        triage=hits[0].level if hits else "self_care",
        red_flags=tuple(hits),
        withheld=tuple(withheld[region] for region in content.regions if region in withheld),
        fired_rules=tuple(
            dict.fromkeys(rule_for[f.name].id for f in firing_order(firings, rule_for, report.symptoms, position))
        ),
        pack=info,
    )


def _reason(rule: Rule, path: Path, region: str, content: PackContent) -> Reason:
    links_extend = any(content.rule(link).extension for link in path.rules)
    return Reason(
        rule=rule.id,
        summary=rule.summary,
        chain=(*path.facts, region),
        links=path.rules,
        source=str(rule.source),
        extension=rule.extension or links_extend,
    )


def _red_flag_hit(flag: RedFlag, rule: Rule) -> RedFlagHit:
    return RedFlagHit(
        id=flag.id, label=flag.label, level=flag.level, message=flag.message, rule=rule.id, source=str(rule.source)
    )


def _withhold(
    content: PackContent,
    hits: Sequence[RedFlagHit],
    contraindications: Iterable[LocalContraindication],
    withhold_rules: Mapping[str, Rule],
    suggested: Iterable[str],
) -> dict[str, WithheldRegion]:
    """Regions not to roll, each with the most urgent reason (the first one given wins)."""
    withheld: dict[str, WithheldRegion] = {}

    def hold(region: str, reason: str, source: str, **cause: str) -> None:
        if region not in withheld:
            label = content.regions[region].label
            withheld[region] = WithheldRegion(region=region, label=label, reason=reason, source=source, **cause)

    for hit in hits:
        flag = content.red_flags[hit.id]
        covered = list(flag.withhold) + (sorted(suggested) if flag.level == "urgent" else [])
        for region in covered:
            hold(region, hit.message, hit.source, rule=hit.rule)
    for reported in sorted(contraindications, key=lambda c: (c.region, c.kind)):
        kind = content.contraindications[reported.kind]
        hold(reported.region, kind.message, str(kind.source), contraindication=kind.id)
    for region, rule in sorted(withhold_rules.items()):
        hold(region, rule.summary, str(rule.source), rule=rule.id)
    return withheld
