"""What :func:`kneelink.suggest_regions` returns: a :class:`Suggestion` and its parts.

Every model is frozen and serialises to JSON with ``model_dump_json()``. Every claim in an
answer carries its :class:`Citation`\\ s: the published source, where to find it, and for
the article the paragraph and what it says in our words, so an app can show "why"
without kneelink's rule files.
"""

from __future__ import annotations

from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from kneelink._errors import AnswerError
from kneelink._escape import terminal
from kneelink._triage import Triage, TriageLevel

Role = Literal["primary", "supporting"]
AnswerSide = Literal["left", "right", "both", "unspecified"]


class _Frozen(BaseModel):
    # defer_build: answers are made without validation (``model_construct``), so most of
    # these validators and serializers would be built at import for nothing; each is built
    # when first used (a Citation when a pack is loaded, a Suggestion when one is dumped,
    # validated or asked for its JSON Schema). tests/tooling/test_startup.py checks both.
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Citation(_Frozen):
    """One source a claim rests on, resolved from the rule pack.

    ``source`` is the source's id in the pack; ``title``, ``author``, ``publisher``,
    ``address`` (a web address) and ``citation`` (a reference a reader can look up) say
    what it is and where to find it. ``secondary`` marks a page that restates another
    body's advice. For a cited paragraph, ``paragraph`` (its number, headings not
    counted), ``section`` (the heading it is under) and ``paraphrase`` (what it says, in
    our words, never the source's text).
    """

    source: str
    title: str
    author: str | None = None
    publisher: str | None = None
    address: str | None = None
    citation: str | None = None
    secondary: bool = False
    paragraph: int | None = None
    section: str | None = None
    paraphrase: str | None = None

    def __str__(self) -> str:
        """One line: title, paragraph, where to find it.

        >>> print(Citation(source="nhs_dvt", title="DVT", publisher="NHS", address="https://www.nhs.uk/x/"))
        "DVT", NHS (https://www.nhs.uk/x/)
        >>> print(Citation(source="a", title="Knees", author="A chiropractor", citation="blog", paragraph=6,
        ...                paraphrase="The TFL pulls the IT band."))
        "Knees", A chiropractor, paragraph 6: The TFL pulls the IT band. (blog)
        """
        who = ", ".join(part for part in (self.author, self.publisher) if part)
        text = f'"{self.title}", {who}'
        if self.paragraph is not None:
            text += f", paragraph {self.paragraph}"
        if self.paraphrase:
            text += f": {self.paraphrase}"
        where = self.address or self.citation
        if self.secondary:
            where = f"{where}; a secondary source"
        return f"{text} ({where})"


class Reason(_Frozen):
    """Why a region is suggested: the ``rule`` that suggested it, the ``chain`` of facts
    from a reported symptom through derived facts to the region, the ``links``: ids of
    the rules that derived each fact of the chain after the first, ``source`` (the
    suggesting rule's citations as one line) and ``citations`` (the same, resolved).
    ``extension`` is true when that rule or any link goes beyond the article; ``caveat``
    is a hedge the source itself makes about this reasoning."""

    rule: str
    summary: str
    chain: tuple[str, ...]
    links: tuple[str, ...]
    source: str
    citations: tuple[Citation, ...]
    extension: bool
    caveat: str | None = None


class Caution(_Frozen):
    """A warning sign answered "don't know" that would stop a region from being rolled
    if the answer were "yes": check it (``question``) before rolling that region."""

    symptom: str
    label: str
    question: str


class RegionSuggestion(_Frozen):
    """One region to roll. ``role`` is ``primary`` when the region lies on the chain that
    explains the symptoms, ``supporting`` for the regions the article says to treat too
    ("primary" follows the article's chain; it is not a proven treatment). ``cautions``
    are warning signs answered "don't know" that would withhold the region on a "yes":
    a "don't know" is never read as "no", so the region is shown with them, not plainly."""

    region: str
    label: str
    body_area: str
    side: AnswerSide
    role: Role
    reasons: tuple[Reason, ...]
    how_to_roll: str | None
    how_to_roll_source: str | None
    how_to_roll_citations: tuple[Citation, ...] = ()
    cautions: tuple[Caution, ...] = ()


class WithheldRegion(_Frozen):
    """A region not to roll, and why: the ``reason``, its ``source`` and ``citations``,
    and what caused it: a ``red_flag`` (with the ``rule`` that raised it), a ``rule`` that
    withholds it, or a reported local ``contraindication``."""

    region: str
    label: str
    reason: str
    source: str
    citations: tuple[Citation, ...]
    red_flag: str | None = None
    rule: str | None = None
    contraindication: str | None = None


class RedFlagHit(_Frozen):
    """A red flag the report raised: what to do (``message``), how soon (``level``, one of
    the five triage levels), the ``rule`` that raised it and the sources it rests on. A
    flag at ``self_care`` asks for no doctor but still holds rolling back (the first days
    after an injury)."""

    id: str
    label: str
    level: Triage
    message: str
    rule: str
    source: str
    citations: tuple[Citation, ...]

    @property
    def triage_level(self) -> TriageLevel:
        """``level`` as a comparable :class:`~kneelink.TriageLevel`."""
        return TriageLevel[self.level]


class PackInfo(_Frozen):
    """Which rule pack gave the answer: its name, version, a hash of its files, and the
    ``engine`` that evaluated it (``"durable"`` or ``"native"``; both give the same answer)."""

    name: str
    version: str
    content_hash: str
    engine: Literal["durable", "native"]


class Suggestion(_Frozen):
    """The answer to a symptom report.

    ``triage`` is the most urgent level of the red flags raised (``self_care`` when none
    is), and ``advice`` says in plain words what that level asks of the person.
    ``regions`` are the regions to roll, in treatment order; from ``consultation_24`` up
    there are none, and every region of the pack is in ``withheld`` with the flag that
    holds it back. ``red_flags`` are most urgent first; ``fired_rules`` lists rule ids in
    the order they first fired.

    ``unscreened`` are the warning-sign questions (red-flag and context symptom ids, and
    ``"age"``) that were not answered yes or no ("don't know" leaves one unscreened) and
    whose answer could still raise a red flag that changes this answer: a more urgent
    triage, or a region withheld. ``complete`` is false when triage is below
    ``consultation_24`` and any warning sign is unscreened; ``advice`` then says so first.
    Never present an answer that is not ``complete`` as the whole story.

    An answer is data: show or send it with :func:`kneelink.answer_text`,
    :func:`kneelink.body_map`, :func:`kneelink.chain_graph`, :func:`kneelink.cds_cards` or
    :func:`kneelink.care_plan`.
    """

    regions: tuple[RegionSuggestion, ...]
    triage: Triage
    advice: str
    unscreened: tuple[str, ...] = ()
    complete: bool = True
    red_flags: tuple[RedFlagHit, ...]
    withheld: tuple[WithheldRegion, ...]
    fired_rules: tuple[str, ...]
    pack: PackInfo

    @classmethod
    def model_validate(cls, obj: Any, **options: Any) -> Self:
        """Validate ``obj`` (a dict...) as an answer; raises :class:`~kneelink.AnswerError`."""
        try:
            return super().model_validate(obj, **options)
        except ValidationError as error:
            raise answer_error(error) from None

    @classmethod
    def model_validate_json(cls, json_data: str | bytes | bytearray, **options: Any) -> Self:
        """Validate a JSON document as an answer; raises :class:`~kneelink.AnswerError`."""
        try:
            return super().model_validate_json(json_data, **options)
        except ValidationError as error:
            raise answer_error(error) from None

    @model_validator(mode="after")
    def _consistent(self) -> Suggestion:
        # Runs for an answer read from outside (model_validate_json, a web request), never
        # for one kneelink makes (``model_construct``): an edited answer that no pack could give
        # is refused here, not met as an IndexError in a rendering.
        problems = inconsistencies(self)
        if problems:
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            raise ValueError(f"not an answer kneelink could give: {problems[0]}{more}")
        return self

    @property
    def region_ids(self) -> tuple[str, ...]:
        """The suggested region ids, in treatment order."""
        return tuple(region.region for region in self.regions)

    @property
    def triage_level(self) -> TriageLevel:
        """``triage`` as a comparable :class:`~kneelink.TriageLevel`."""
        return TriageLevel[self.triage]


def inconsistencies(answer: Suggestion) -> list[str]:
    """What makes ``answer`` one no rule pack could give, and no rendering could draw:
    a region with no reason, a reason with an empty chain, a region named twice or both
    suggested and withheld, a triage level that is not that of its most urgent red flag.

    >>> import kneelink
    >>> inconsistencies(kneelink.suggest_regions(["lateral_knee_pain"]))
    []
    """
    problems: list[str] = []
    seen: set[str] = set()
    for region in answer.regions:
        if region.region in seen:
            problems.append(f"region {region.region!r} is suggested twice")
        seen.add(region.region)
        if not region.reasons:
            problems.append(f"region {region.region!r} is suggested with no reason")
        for reason in region.reasons:
            if not reason.chain:
                problems.append(f"a reason of region {region.region!r} (rule {reason.rule!r}) has an empty chain")
    held = [withheld.region for withheld in answer.withheld]
    for region_id in sorted(seen & set(held)):
        problems.append(f"region {region_id!r} is both suggested and withheld")
    if len(set(held)) != len(held):
        problems.append("a withheld region is listed twice")
    levels = [TriageLevel[flag.level] for flag in answer.red_flags]
    expected = max(levels).level if levels else "self_care"
    if answer.triage != expected:
        why = "its most urgent red flag makes it" if levels else "no red flag was raised, which makes it"
        problems.append(f"triage is {answer.triage!r} but {why} {expected!r}")
    return problems


def answer_error(error: ValidationError) -> AnswerError:
    """A pydantic error about an answer as an :class:`~kneelink.AnswerError`, naming the
    first few problems and where they are."""
    problems = [
        {"loc": tuple(detail["loc"]), "msg": detail["msg"], "type": detail["type"], "input": detail["input"]}
        for detail in error.errors()
    ]
    quoted = []
    for problem in problems[:3]:
        said = terminal(str(problem["msg"]).removeprefix("Value error, "))
        said = said if len(said) <= 300 else said[:297] + "..."
        where = ".".join(str(part) for part in problem["loc"])
        quoted.append(f"{where}: {said}" if where else said)
    if len(problems) > 3:
        quoted.append(f"and {len(problems) - 3} more")
    return AnswerError(f"not a kneelink answer: {'; '.join(quoted)}", problems)
