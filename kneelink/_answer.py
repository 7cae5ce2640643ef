"""What :func:`kneelink.suggest_regions` returns: a :class:`Suggestion` and its parts.

Every model is frozen and serialises to JSON with ``model_dump_json()``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict

Triage = Literal["self_care", "see_clinician", "urgent"]
TRIAGE_ORDER: tuple[Triage, ...] = ("self_care", "see_clinician", "urgent")
Role = Literal["primary", "supporting"]
AnswerSide = Literal["left", "right", "both", "unspecified"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    def __reduce__(self) -> tuple[Callable[..., _Frozen], tuple[type[_Frozen], dict[str, Any], set[str]]]:
        # Answers cross process boundaries in bulk (RulePack.suggest_many); pydantic's own
        # pickling costs several times more than rebuilding from the field values, which
        # were valid when the model was made.
        return (unchecked, (type(self), self.__dict__, self.__pydantic_fields_set__))


_Model = TypeVar("_Model", bound=_Frozen)


def unchecked(model: type[_Model], fields: dict[str, Any], fields_set: set[str] | None = None) -> _Model:
    """``model(**fields)`` without validation, for values that are valid by construction
    (from a validated pack and report, or a model being unpickled). It is what pydantic's
    ``model_construct`` does for a model with every field given and no extras or private
    attributes, at a fraction of the cost; tests/test_engines_agree.py checks answers built
    this way equal validated ones."""
    instance = model.__new__(model)
    object.__setattr__(instance, "__dict__", fields)
    object.__setattr__(instance, "__pydantic_fields_set__", set(fields) if fields_set is None else fields_set)
    object.__setattr__(instance, "__pydantic_extra__", None)
    object.__setattr__(instance, "__pydantic_private__", None)
    return instance


class Reason(_Frozen):
    """Why a region is suggested: the ``rule`` that suggested it, the ``chain`` of facts
    from a reported symptom through derived facts to the region, the ``links``: ids of
    the rules that derived each fact of the chain after the first, and the suggesting
    rule's ``source``. ``extension`` is true when that rule or any link goes beyond the
    article."""

    rule: str
    summary: str
    chain: tuple[str, ...]
    links: tuple[str, ...]
    source: str
    extension: bool


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


class WithheldRegion(_Frozen):
    """A region not to roll, and why: the ``reason``, its ``source``, and what caused it,
    a fired ``rule`` or a reported local ``contraindication`` (the other is ``None``)."""

    region: str
    label: str
    reason: str
    source: str
    rule: str | None = None
    contraindication: str | None = None


class RedFlagHit(_Frozen):
    """A red flag the report raised: what to do (``message``) and how soon (``level``)."""

    id: str
    label: str
    level: Literal["see_clinician", "urgent"]
    message: str
    rule: str
    source: str


class PackInfo(_Frozen):
    """Which rule pack gave the answer: its name, version, a hash of its files, and the
    ``engine`` that evaluated it (``"durable"`` or ``"native"``; both give the same answer)."""

    name: str
    version: str
    content_hash: str
    engine: Literal["durable", "native"]


class Suggestion(_Frozen):
    """The answer to a symptom report.

    ``regions`` are in treatment order. ``triage`` is ``self_care`` unless a red flag fired;
    then ``red_flags`` say what to do, and ``withheld`` lists regions not to roll.
    ``fired_rules`` lists rule ids in the order they first fired.
    """

    regions: tuple[RegionSuggestion, ...]
    triage: Triage
    red_flags: tuple[RedFlagHit, ...]
    withheld: tuple[WithheldRegion, ...]
    fired_rules: tuple[str, ...]
    pack: PackInfo

    @property
    def region_ids(self) -> tuple[str, ...]:
        """The suggested region ids, in treatment order."""
        return tuple(region.region for region in self.regions)
