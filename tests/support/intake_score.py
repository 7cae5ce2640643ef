"""Scoring :func:`kneelink.parse` on a coded corpus (used by tests/interview/test_intake.py and
benchmarks/bench_parse.py).

A corpus is a TOML file of ``[[case]]`` tables: ``text``, and what a careful reader codes
from it: ``present``, ``absent`` and ``unknown`` (symptom ids), ``side``, ``age`` and
``days_since_injury`` where the text states them. Other keys (a case's ``category``,
``note``...) are kept but not scored.

A *finding* is one coded fact: an id with its polarity (``present:fever``), the side,
the age or the days since the injury. For each case the parse's findings are compared
with the coded ones: a *hit* is in both, *missed* only in the coding, *invented* only in
the parse. ``findings right`` = hits / (hits + missed + invented).
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import kneelink
from kneelink import ParsedReport
from kneelink._pack import RulePack, default_pack

WARNING_CATEGORIES = ("red_flag", "context")
# Ids (and the report field) vocabulary v3 added, which parse_corpus.toml (coded before them)
# never codes: scoring that corpus leaves them out on both sides.
NEW_IN_V3 = frozenset(
    {
        "injury_fall_or_blow",
        "running_pain",
        "tight_hip_flexors",
        "knee_catches",
        "one_leg_warm_or_red",
        "one_leg_throbbing_pain",
        "dent_near_kneecap",
        "cannot_lift_leg_straight",
        "days_since_injury",
    }
)
POLARITIES = ("present", "absent", "unknown")


def load_cases(path: Path) -> list[dict[str, Any]]:
    """The ``[[case]]`` tables of the corpus at ``path``."""
    cases = tomllib.loads(path.read_text(encoding="utf-8")).get("case", [])
    if not isinstance(cases, list):
        raise ValueError(f"{path}: `case` should be an array of tables")
    return cases


def coded(case: dict[str, Any], ignore: Collection[str] = ()) -> set[tuple[str, str]]:
    """The findings a case codes, as (kind, value) pairs."""
    found = {(polarity, id_) for polarity in POLARITIES for id_ in case.get(polarity, []) if id_ not in ignore}
    for key in ("side", "age", "days_since_injury"):
        if case.get(key) is not None and key not in ignore:
            found.add((key, str(case[key])))
    return found


def read(parsed: ParsedReport, ignore: Collection[str] = ()) -> set[tuple[str, str]]:
    """The findings a parse gives, as (kind, value) pairs."""
    unknown = parsed.unknown | parsed.contradicted
    found = {("present", id_) for id_ in parsed.symptoms} | {("absent", id_) for id_ in parsed.absent}
    found |= {("unknown", id_) for id_ in unknown}
    found = {(kind, id_) for kind, id_ in found if id_ not in ignore}
    for key, value in (("side", parsed.side), ("age", parsed.age), ("days_since_injury", parsed.days_since_injury)):
        if value is not None and key not in ignore:
            found.add((key, str(value)))
    return found


@dataclass
class Tally:
    """Hits, missed and invented findings of one category."""

    hits: int = 0
    missed: int = 0
    invented: int = 0

    @property
    def precision(self) -> float:
        return self.hits / (self.hits + self.invented) if self.hits + self.invented else 1.0

    @property
    def recall(self) -> float:
        return self.hits / (self.hits + self.missed) if self.hits + self.missed else 1.0

    @property
    def right(self) -> float:
        total = self.hits + self.missed + self.invented
        return self.hits / total if total else 1.0


@dataclass
class Failure:
    """A case not read fully right: what was missed and what was invented."""

    text: str
    missed: list[tuple[str, str]]
    invented: list[tuple[str, str]]
    warning_read_absent: list[str]


@dataclass
class Scores:
    cases: int = 0
    fully_right: int = 0
    overall: Tally = field(default_factory=Tally)
    by_category: dict[str, Tally] = field(default_factory=dict)
    hedges: int = 0  # coded unknown
    hedges_read_unknown: int = 0
    warnings_wrongly_absent: list[tuple[str, str]] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "cases": self.cases,
            "sentences_fully_right": self.fully_right,
            "findings_right": round(self.overall.right, 4),
            "precision": round(self.overall.precision, 4),
            "recall": round(self.overall.recall, 4),
            "hedges": self.hedges,
            "hedges_read_unknown": self.hedges_read_unknown,
            "warning_signs_wrongly_absent": len(self.warnings_wrongly_absent),
            "by_category": {
                name: {"precision": round(t.precision, 4), "recall": round(t.recall, 4), "right": round(t.right, 4)}
                for name, t in sorted(self.by_category.items())
            },
        }


def _category(finding: tuple[str, str], pack: RulePack) -> str:
    kind, value = finding
    if kind in POLARITIES:
        symptom = pack.symptoms.get(value)
        return symptom.category if symptom is not None else "unknown_id"
    return kind


def implied(case: dict[str, Any], pack: RulePack) -> dict[str, Any]:
    """``case`` with what its findings imply by the pack's ``[intake] implies`` added (a
    corpus coded before those implications: "swelled up straight away" was coded as rapid
    swelling alone, and v3 reads it as a swollen knee too)."""
    implies = pack.content.intake.implies if pack.content.intake is not None else {}
    case = dict(case)
    for polarity in ("present", "unknown"):
        found = set(case.get(polarity, []))
        for finding in list(found):
            found.update(implies.get(finding, ()))
        case[polarity] = sorted(found - (set(case.get("present", [])) if polarity == "unknown" else set()))
    return case


def score(
    cases: Iterable[dict[str, Any]],
    pack: RulePack | None = None,
    ignore: Collection[str] = (),
    close: bool = False,
) -> Scores:
    """Score :func:`kneelink.parse` on ``cases``; ids in ``ignore`` are left out on both sides
    (for a corpus coded before those ids existed); with ``close``, each case's coding is
    closed under the pack's implications first (see :func:`implied`)."""
    pack = pack or default_pack()
    if close:
        cases = [implied(case, pack) for case in cases]
    scores = Scores()
    warning = {id_ for id_, symptom in pack.symptoms.items() if symptom.category in WARNING_CATEGORIES}
    for case in cases:
        parsed = kneelink.parse(case["text"], pack)
        expected, got = coded(case, ignore), read(parsed, ignore)
        scores.cases += 1
        hits, missed, invented = expected & got, expected - got, got - expected
        for findings, attribute in ((hits, "hits"), (missed, "missed"), (invented, "invented")):
            for finding in findings:
                tally = scores.by_category.setdefault(_category(finding, pack), Tally())
                setattr(tally, attribute, getattr(tally, attribute) + 1)
                setattr(scores.overall, attribute, getattr(scores.overall, attribute) + 1)
        hedged = set(case.get("unknown", [])) - set(ignore)
        scores.hedges += len(hedged)
        scores.hedges_read_unknown += len(hedged & (parsed.unknown | parsed.contradicted))
        # The dangerous error: a warning sign the text gives as present or unsure, read as "no".
        wrongly = sorted((set(case.get("present", [])) | hedged) & parsed.absent & warning)
        scores.warnings_wrongly_absent += [(case["text"], id_) for id_ in wrongly]
        if not missed and not invented:
            scores.fully_right += 1
        else:
            scores.failures.append(Failure(case["text"], sorted(missed), sorted(invented), wrongly))
    return scores


def format_scores(name: str, scores: Scores) -> str:
    """The scores of one corpus, as a person reads them."""
    lines = [
        f"{name}: {scores.cases} sentences, {scores.fully_right} fully right "
        f"({scores.fully_right / max(1, scores.cases):.0%}); findings right {scores.overall.right:.3f} "
        f"(precision {scores.overall.precision:.3f}, recall {scores.overall.recall:.3f})",
        f"  hedges read as unknown: {scores.hedges_read_unknown}/{scores.hedges}; "
        f"warning signs wrongly read as absent: {len(scores.warnings_wrongly_absent)}",
    ]
    for category, tally in sorted(scores.by_category.items()):
        lines.append(
            f"  {category:<20} precision {tally.precision:.3f}  recall {tally.recall:.3f}  "
            f"(hits {tally.hits}, missed {tally.missed}, invented {tally.invented})"
        )
    return "\n".join(lines)
