"""What :func:`kneelink.suggest_regions` returns: a :class:`Suggestion` and its parts.

Every model is frozen and serialises to JSON with ``model_dump_json()``. Every claim in an
answer carries its :class:`Citation`\\ s: the published source, where to find it, and for
the article the paragraph and what it says in our words, so an app can show "why"
without kneelink's rule files.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from kneelink._schema import Triage
from kneelink._triage import TriageLevel

Role = Literal["primary", "supporting"]
AnswerSide = Literal["left", "right", "both", "unspecified"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


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


class RegionSuggestion(_Frozen):
    """One region to roll. ``role`` is ``primary`` when the region lies on the chain that
    explains the symptoms, ``supporting`` for the regions the article says to treat too."""

    region: str
    label: str
    body_area: str
    side: AnswerSide
    role: Role
    reasons: tuple[Reason, ...]
    how_to_roll: str | None
    how_to_roll_source: str | None
    how_to_roll_citations: tuple[Citation, ...] = ()


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
    """Which rule pack gave the answer: its name, version and a hash of its files."""

    name: str
    version: str
    content_hash: str


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

    @property
    def region_ids(self) -> tuple[str, ...]:
        """The suggested region ids, in treatment order."""
        return tuple(region.region for region in self.regions)

    @property
    def triage_level(self) -> TriageLevel:
        """``triage`` as a comparable :class:`~kneelink.TriageLevel`."""
        return TriageLevel[self.triage]
