"""The rule-file format, as pydantic models.

A rule pack is a folder of TOML files. Every file states ``schema_version = 1`` and may hold
any of these arrays of tables; exactly one file of the pack holds the ``[pack]`` table::

    [pack]        name, version, description
    [[symptom]]   what a person can report (input facts)
    [[fact]]      what rules derive from symptoms (derived facts)
    [[region]]    where to roll, in treatment order
    [[red_flag]]  what a referral says, and how urgent it is
    [[contraindication]]  what may lie over a region and forbid rolling it
    [[example]]   a report and the outcome it must get (run by ``kneelink check``)
    [[rule]]      when these facts hold, derive / suggest / flag / withhold

These models check one file on its own (shapes, values, unknown keys). Whether the ids a
rule names exist is checked when the files are put together (:mod:`kneelink._loader`).
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Role = Literal["primary", "supporting"]
Level = Literal["see_clinician", "urgent"]
SymptomCategory = Literal["knee_pain", "condition", "aggravating_factor", "red_flag"]

_ARTICLE_LINES = re.compile(r"^\d+(-\d+)?(\s*,\s*\d+(-\d+)?)*$")


class _Strict(BaseModel):
    """Rule-file tables: unknown keys are errors, and nothing changes once loaded.

    ``defer_build``: loading validates whole files through :class:`RuleFile`, whose validator
    covers every table; the tables' own validators would be built at import and never used
    (benchmarks/bench_startup.py measures the import).
    """

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Citation(_Strict):
    """Where a claim comes from: lines of the article, a clinical reference, or both.

    >>> Citation(article="15, 25-27").article_lines
    (15, 25, 26, 27)
    >>> str(Citation(reference="§2 Ottawa Knee Rule (Stiell et al. 1995)"))
    'clinical reference §2 Ottawa Knee Rule (Stiell et al. 1995)'
    """

    article: Annotated[str, Field(pattern=_ARTICLE_LINES.pattern)] | None = None
    reference: Annotated[str, Field(pattern=r"^§[1-5]\s+\S")] | None = None

    @model_validator(mode="after")
    def _cites_something(self) -> Citation:
        if self.article is None and self.reference is None:
            raise ValueError("a source needs `article` line numbers or a `reference` (§N ...)")
        for part in (self.article or "").split(","):
            first, _, last = part.strip().partition("-")
            if last and int(last) < int(first):
                raise ValueError(f"article line range {part.strip()!r} runs backwards")
        return self

    @property
    def article_lines(self) -> tuple[int, ...]:
        lines: list[int] = []
        for part in (self.article or "").split(","):
            if part.strip():
                first, _, last = part.strip().partition("-")
                lines.extend(range(int(first), int(last or first) + 1))
        return tuple(lines)

    def __str__(self) -> str:
        parts = []
        if self.article:
            several = "," in self.article or "-" in self.article  # cheaper than article_lines
            parts.append(f"article line{'s' if several else ''} {self.article}")
        if self.reference:
            parts.append(f"clinical reference {self.reference}")
        return "; ".join(parts)


class Symptom(_Strict):
    """Something a person can report: a pain, a condition, an aggravating factor, a red flag."""

    id: Id
    label: Text
    category: SymptomCategory
    synonyms: tuple[Text, ...] = ()
    source: Citation


class Fact(_Strict):
    """A fact rules derive, such as ``it_band_tension``; it appears in explanation chains."""

    id: Id
    label: Text
    source: Citation


class CrossReference(_Strict):
    """Standard identifiers of one structure a region covers (clinical reference §5).

    SNOMED CT ids come from UBERON's unverified bridge, hence the field's name.
    """

    structure: Text
    uberon: Annotated[str, Field(pattern=r"^UBERON:\d{7}$")] | None = None
    fma: Annotated[str, Field(pattern=r"^FMA:\d+$")] | None = None
    snomed_ct_unverified: Annotated[str, Field(pattern=r"^\d{6,18}$")] | None = None


class Region(_Strict):
    """A part of the hip or leg to roll; ``order`` is its place in the treatment sequence."""

    id: Id
    label: Text
    body_area: Text
    order: int
    how_to_roll: Text | None = None
    how_to_roll_source: Citation | None = None
    xref: tuple[CrossReference, ...] = ()
    source: Citation

    @model_validator(mode="after")
    def _technique_is_cited(self) -> Region:
        if (self.how_to_roll is None) != (self.how_to_roll_source is None):
            raise ValueError("`how_to_roll` and `how_to_roll_source` go together")
        return self


class RedFlag(_Strict):
    """What a referral tells the person, how urgent it is, and which regions it covers.

    ``withhold`` names regions never to roll while this flag stands; an ``urgent`` flag
    withholds every region whatever it names.
    """

    id: Id
    label: Text
    level: Level
    message: Text
    withhold: tuple[Id, ...] = ()
    source: Citation


class Contraindication(_Strict):
    """A local contraindication a person can report over a region (an open wound...).

    It withholds that region, and only that region, whatever the rules suggest.
    """

    id: Id
    label: Text
    message: Text
    source: Citation


class AgeRange(_Strict):
    """Inclusive age bounds in whole years: ``{ min = 55 }``, ``{ max = 11 }``."""

    min: Annotated[int, Field(ge=0, le=120)] | None = None
    max: Annotated[int, Field(ge=0, le=120)] | None = None

    @model_validator(mode="after")
    def _is_a_range(self) -> AgeRange:
        if self.min is None and self.max is None:
            raise ValueError("an age condition needs `min`, `max` or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"age min {self.min} is above max {self.max}")
        return self

    def admits(self, age: int) -> bool:
        return (self.min is None or age >= self.min) and (self.max is None or age <= self.max)


class Condition(_Strict):
    """When a rule fires: every fact in ``all``, at least one in ``any`` (if given),
    none of the symptoms in ``none``, and the reported age inside ``age`` (if given).

    ``none`` may name reported symptoms only, never derived facts: that keeps negation
    stratified, so the answer does not depend on the order rules fire in.
    """

    all: tuple[Id, ...] = ()
    any: tuple[Id, ...] = ()
    none: tuple[Id, ...] = ()
    age: AgeRange | None = None

    @model_validator(mode="after")
    def _can_fire(self) -> Condition:
        if not self.all and not self.any:
            raise ValueError("a condition needs at least one fact in `all` or `any`")
        for name in ("all", "any", "none"):
            ids: tuple[str, ...] = getattr(self, name)
            if len(set(ids)) != len(ids):
                raise ValueError(f"`{name}` lists an id twice")
        contradictions = (set(self.all) | set(self.any)) & set(self.none)
        if contradictions:
            raise ValueError(f"{sorted(contradictions)} both required and excluded")
        return self

    @property
    def positive_ids(self) -> tuple[str, ...]:
        return self.all + self.any


class Rule(_Strict):
    """One rule: a condition and what follows from it. Each rule cites its source;
    a rule that cites no article line goes beyond the article and must say so.

    ``priority`` (-1000..1000, default 0) orders firing: higher fires first. It changes
    only ``fired_rules``' order, never the answer, which is a fixpoint; a withheld
    region stays withheld whatever the priorities. ``override = true`` replaces the
    rule of the same id in the pack this one extends.
    """

    id: Id
    summary: Text
    when: Condition
    derive: tuple[Id, ...] = ()
    suggest: tuple[Id, ...] = ()
    role: Role | None = None
    red_flag: Id | None = None
    withhold: tuple[Id, ...] = ()
    priority: Annotated[int, Field(ge=-1000, le=1000)] = 0
    extension: bool = False
    override: bool = False
    source: Citation

    @model_validator(mode="after")
    def _is_complete(self) -> Rule:
        if not (self.derive or self.suggest or self.red_flag or self.withhold):
            raise ValueError("a rule needs an effect: `derive`, `suggest`, `red_flag` or `withhold`")
        if bool(self.suggest) != (self.role is not None):
            raise ValueError("`suggest` needs a `role` (primary or supporting), and only it does")
        if not self.source.article_lines and not self.extension:
            raise ValueError("this rule cites no article line: mark it `extension = true`")
        return self


class PackHeader(_Strict):
    """The ``[pack]`` table. ``extends = "default"`` layers this pack on kneelink's own:
    its files add symptoms, facts, regions and rules, and replace rules marked ``override``."""

    name: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_.-]*$", max_length=64)]
    version: Annotated[str, StringConstraints(pattern=r"^\d+(\.\d+)*([a-z0-9.+-]*)$")]
    description: str = ""
    extends: Literal["default"] | None = None


class Expectation(_Strict):
    """What an example report must get. Only the keys given are checked."""

    regions: tuple[Id, ...] | None = None  # exactly these, in treatment order
    primary: tuple[Id, ...] | None = None  # exactly these have role "primary"
    triage: Literal["self_care", "see_clinician", "urgent"] | None = None
    red_flags: tuple[Id, ...] | None = None  # exactly these red flag ids
    withheld: tuple[Id, ...] | None = None  # exactly these regions withheld
    fired: tuple[Id, ...] | None = None  # at least these rules fire


class Example(_Strict):
    """A report with its expected outcome; ``kneelink check`` runs every example."""

    id: Id
    symptoms: Annotated[tuple[Id, ...], Field(min_length=1)]
    side: Literal["left", "right", "both"] | None = None
    age: Annotated[int, Field(ge=0, le=120)] | None = None
    contraindications: tuple[tuple[Id, Id], ...] = ()
    expect: Expectation


class RuleFile(_Strict):
    """One TOML file of a pack, as written."""

    schema_version: Literal[1]  # the only version so far; a new format gets a new number
    pack: PackHeader | None = None
    symptom: tuple[Symptom, ...] = ()
    fact: tuple[Fact, ...] = ()
    region: tuple[Region, ...] = ()
    red_flag: tuple[RedFlag, ...] = ()
    contraindication: tuple[Contraindication, ...] = ()
    rule: tuple[Rule, ...] = ()
    example: tuple[Example, ...] = ()


def json_schema() -> dict[str, Any]:
    """The JSON Schema of one rule file, generated from :class:`RuleFile`.

    kneelink ships it as ``rule-file.schema.json`` (``kneelink schema`` prints it) for
    editors; a test keeps the shipped copy equal to this.
    """
    schema = RuleFile.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


SCHEMA_ID = "https://kneelink.invalid/schema/rule-file-v1.json"
