"""Turn the engine's firings into a :class:`~kneelink.Suggestion`.

Everything here depends only on the *set* of firings, never their order (except
``fired_rules``, which reports it), so the same report always gets the same answer.
Safety is structural, not a rule priority: a withheld region is removed from the
suggestions whatever suggested it, and an ``urgent`` red flag withholds every region.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from kneelink._answer import (
    TRIAGE_ORDER,
    PackInfo,
    Reason,
    RedFlagHit,
    RegionSuggestion,
    Role,
    Suggestion,
    Triage,
    WithheldRegion,
)
from kneelink._engine import Firing
from kneelink._loader import PackContent
from kneelink._report import LocalContraindication, SymptomReport
from kneelink._schema import Rule


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


class _RegionDraft:
    def __init__(self) -> None:
        self.role: Role = "supporting"
        self.reasons: dict[str, Reason] = {}


def explain(
    content: PackContent,
    rule_for: Mapping[str, Rule],
    report: SymptomReport,
    firings: Sequence[Firing],
    info: PackInfo,
) -> Suggestion:
    """Build the answer to ``report`` from what fired."""
    paths = best_paths(report.symptoms, firings, rule_for)
    position = {rule.id: index for index, rule in enumerate(content.rules)}
    extension = {rule.id: rule.extension for rule in content.rules}

    drafts: dict[str, _RegionDraft] = {}
    flags: dict[str, RedFlagHit] = {}
    explicit_withholds: list[tuple[str, Rule]] = []
    for firing in firings:
        rule = rule_for[firing.name]
        via = best_via(firing, paths) or Path(firing.matched)
        for region in rule.suggest:
            draft = drafts.setdefault(region, _RegionDraft())
            if rule.role == "primary":
                draft.role = "primary"
            held = draft.reasons.get(rule.id)
            if held is None or (len(via.facts), via.facts) < (len(held.chain) - 1, held.chain[:-1]):
                draft.reasons[rule.id] = Reason(
                    rule=rule.id,
                    summary=rule.summary,
                    chain=(*via.facts, region),
                    links=via.rules,
                    source=str(rule.source),
                    extension=rule.extension or any(extension[link] for link in via.rules),
                )
        if rule.red_flag is not None and rule.red_flag not in flags:
            flag = content.red_flags[rule.red_flag]
            flags[flag.id] = RedFlagHit(
                id=flag.id,
                label=flag.label,
                level=flag.level,
                message=flag.message,
                rule=rule.id,
                source=str(rule.source),
            )
        explicit_withholds.extend((region, rule) for region in rule.withhold)

    hits = sorted(flags.values(), key=lambda hit: (-TRIAGE_ORDER.index(hit.level), position[hit.rule]))
    triage: Triage = hits[0].level if hits else "self_care"
    withheld = _withhold(content, hits, report.contraindications, explicit_withholds, suggested=list(drafts))

    regions = tuple(
        RegionSuggestion(
            region=region.id,
            label=region.label,
            body_area=region.body_area,
            side=report.side or "unspecified",
            role=drafts[region.id].role,
            reasons=tuple(sorted(drafts[region.id].reasons.values(), key=lambda r: (len(r.chain), position[r.rule]))),
            how_to_roll=region.how_to_roll,
            how_to_roll_source=str(region.how_to_roll_source) if region.how_to_roll_source else None,
        )
        for region in content.regions.values()
        if region.id in drafts and region.id not in withheld
    )
    return Suggestion(
        regions=regions,
        triage=triage,
        red_flags=tuple(hits),
        withheld=tuple(withheld[region] for region in content.regions if region in withheld),
        fired_rules=tuple(dict.fromkeys(rule_for[firing.name].id for firing in firings)),
        pack=info,
    )


def _withhold(
    content: PackContent,
    hits: Sequence[RedFlagHit],
    contraindications: Iterable[LocalContraindication],
    explicit: Sequence[tuple[str, Rule]],
    suggested: Sequence[str],
) -> dict[str, WithheldRegion]:
    """Regions not to roll, each with the most urgent reason (the first one given wins)."""
    withheld: dict[str, WithheldRegion] = {}

    def hold(region: str, reason: str, source: str, **cause: str) -> None:
        if region not in withheld:
            label = content.regions[region].label
            withheld[region] = WithheldRegion(region=region, label=label, reason=reason, source=source, **cause)

    for hit in hits:
        flag = content.red_flags[hit.id]
        covered = list(flag.withhold) + (list(suggested) if flag.level == "urgent" else [])
        for region in covered:
            hold(region, hit.message, hit.source, rule=hit.rule)
    for reported in sorted(contraindications, key=lambda c: (c.region, c.kind)):
        kind = content.contraindications[reported.kind]
        hold(reported.region, kind.message, str(kind.source), contraindication=kind.id)
    for region, rule in explicit:
        hold(region, rule.summary, str(rule.source), rule=rule.id)
    return withheld
