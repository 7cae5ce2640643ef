"""Turn the engine's firings into a :class:`~kneelink.Suggestion`.

Everything here depends only on the *set* of firings, never their order (except
``fired_rules``, which reports it), so the same report always gets the same answer.
Safety is structural, not a rule priority: a withheld region is removed from the
suggestions whatever suggested it, and a red flag at ``consultation_24`` or above (or one
marked ``withhold_all``) withholds every region of the pack, suggested or not.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from kneelink._answer import (
    PackInfo,
    Reason,
    RedFlagHit,
    RegionSuggestion,
    Suggestion,
    WithheldRegion,
)
from kneelink._citations import Cited, flag_citations
from kneelink._engine import Firing
from kneelink._loader import PackContent
from kneelink._report import LocalContraindication, SymptomReport
from kneelink._schema import Rule
from kneelink._screening import Outcome, unscreened
from kneelink._triage import TriageLevel


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

    >>> from kneelink._schema import Rule
    >>> def rule(id_, derive):
    ...     return Rule(id=id_, summary="s", when={"all": ["x"]}, derive=derive, cite=["article#1"])
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


def explain(
    content: PackContent,
    rule_for: Mapping[str, Rule],
    report: SymptomReport,
    firings: Sequence[Firing],
    info: PackInfo,
    cited: Mapping[tuple[str, ...], Cited],
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
        (_red_flag_hit(content, rule, cited) for rule in flag_rules.values()),
        key=lambda hit: (-hit.triage_level, position[hit.rule]),
    )
    withheld = _withhold(content, hits, report.contraindications, withhold_rules, cited)
    reasons: dict[str, list[Reason]] = {}
    for (region, rule_id), path in reason_paths.items():
        if region not in withheld:
            reasons.setdefault(region, []).append(_reason(content.rule(rule_id), path, region, content, cited))
    regions = tuple(
        RegionSuggestion(
            region=region.id,
            label=region.label,
            body_area=region.body_area,
            side=report.side or "unspecified",
            role="primary" if region.id in primary else "supporting",
            reasons=tuple(sorted(reasons[region.id], key=lambda r: (len(r.chain), position[r.rule]))),
            how_to_roll=region.how_to_roll,
            how_to_roll_source=cited[region.how_to_roll_cite].text if region.how_to_roll_cite else None,
            how_to_roll_citations=cited[region.how_to_roll_cite].citations if region.how_to_roll_cite else (),
        )
        for region in content.regions.values()
        if region.id in reasons
    )
    triage = hits[0].triage_level if hits else TriageLevel.self_care
    outcome = Outcome(
        triage=triage,
        flags=frozenset(hit.id for hit in hits),
        regions={region.region: region.role for region in regions},
        withheld=frozenset(withheld),
        facts=frozenset(paths),
    )
    open_screens = unscreened(content, report, outcome)
    complete = triage.withholds_every_region or not open_screens
    return Suggestion(
        regions=regions,
        triage=triage.level,
        advice=_advice(triage, bool(regions), bool(withheld), complete),
        unscreened=open_screens,
        complete=complete,
        red_flags=tuple(hits),
        withheld=tuple(withheld[region] for region in content.regions if region in withheld),
        fired_rules=tuple(dict.fromkeys(rule_for[firing.name].id for firing in firings)),
        pack=info,
    )


def _advice(triage: TriageLevel, any_region: bool, any_withheld: bool, complete: bool = True) -> str:
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


# Said first by every answer below consultation_24 that leaves a warning sign unscreened.
UNSCREENED_ADVICE = (
    "This answer is not complete: some warning signs were not asked about or not known. "
    "Answer the remaining questions, or see a doctor if you are unsure."
)


def _reason(
    rule: Rule, path: Path, region: str, content: PackContent, cited: Mapping[tuple[str, ...], Cited]
) -> Reason:
    links_extend = any(content.rule(link).extension for link in path.rules)
    return Reason(
        rule=rule.id,
        summary=rule.summary,
        chain=(*path.facts, region),
        links=path.rules,
        source=cited[rule.cite].text,
        citations=cited[rule.cite].citations,
        extension=rule.extension or links_extend,
        caveat=rule.caveat,
    )


def _red_flag_hit(content: PackContent, rule: Rule, cited: Mapping[tuple[str, ...], Cited]) -> RedFlagHit:
    assert rule.red_flag is not None
    flag = content.red_flags[rule.red_flag]
    because = cited[flag_citations(content, rule)]
    return RedFlagHit(
        id=flag.id,
        label=flag.label,
        level=flag.level,
        message=flag.message,
        rule=rule.id,
        source=because.text,
        citations=because.citations,
    )


def _withhold(
    content: PackContent,
    hits: Sequence[RedFlagHit],
    contraindications: Iterable[LocalContraindication],
    withhold_rules: Mapping[str, Rule],
    cited: Mapping[tuple[str, ...], Cited],
) -> dict[str, WithheldRegion]:
    """Regions not to roll, each with the most urgent reason (the first one given wins).

    A flag from ``consultation_24`` up, or marked ``withhold_all``, holds back every region
    of the pack, whether or not a rule suggested it: an app drawing "do not roll" must
    draw the whole leg, not only what the chain happened to reach.
    """
    withheld: dict[str, WithheldRegion] = {}

    def hold(region: str, reason: str, because: Cited, **cause: str) -> None:
        if region not in withheld:
            label = content.regions[region].label
            withheld[region] = WithheldRegion(
                region=region, label=label, reason=reason, source=because.text, citations=because.citations, **cause
            )

    for hit in hits:
        flag = content.red_flags[hit.id]
        covered = content.regions if hit.triage_level.withholds_every_region or flag.withhold_all else flag.withhold
        for region in covered:
            hold(
                region,
                hit.message,
                cited[flag_citations(content, content.rule(hit.rule))],
                red_flag=hit.id,
                rule=hit.rule,
            )
    for reported in sorted(contraindications, key=lambda c: (c.region, c.kind)):
        kind = content.contraindications[reported.kind]
        hold(reported.region, kind.message, cited[kind.cite], contraindication=kind.id)
    for region, rule in sorted(withhold_rules.items()):
        hold(region, rule.summary, cited[rule.cite], rule=rule.id)
    return withheld
