"""What a person reports: :class:`SymptomReport`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator

from kneelink._errors import ReportError

Side = Literal["left", "right", "both"]
SymptomId = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Age = Annotated[int, Field(strict=True, ge=0, le=120)]


class LocalContraindication(BaseModel):
    """Something over one region that forbids rolling it, such as an open wound.

    ``kind`` and ``region`` are ids from the rule pack (``kneelink symptoms`` lists kinds).

    >>> LocalContraindication(kind="open_wound", region="calf")
    LocalContraindication(kind='open_wound', region='calf')
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: SymptomId
    region: SymptomId


class SymptomReport(BaseModel):
    """The symptoms a person reports, which knee (``side``), their ``age``, and any
    local ``contraindications`` (given as models, ``(kind, region)`` pairs or dicts).

    ``symptoms`` is a set of vocabulary ids; a lone string is taken as one id.
    Which ids exist depends on the rule pack, so they are checked when the report is
    evaluated, not here.

    >>> report = SymptomReport(symptoms=["running_downhill", "lateral_knee_pain"], side="right")
    >>> sorted(report.symptoms)
    ['lateral_knee_pain', 'running_downhill']
    >>> SymptomReport(symptoms="knee_pain").symptoms
    frozenset({'knee_pain'})
    >>> SymptomReport(symptoms=["knee_pain"], age=130)
    Traceback (most recent call last):
    ...
    kneelink._errors.ReportError: invalid symptom report: age: Input should be less than or equal to 120 (got 130)
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    symptoms: Annotated[frozenset[SymptomId], Field(min_length=1)]
    side: Side | None = None
    age: Age | None = None
    contraindications: frozenset[LocalContraindication] = frozenset()

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as error:
            raise ReportError(f"invalid symptom report: {_summarise(error)}") from None

    @field_validator("symptoms", mode="before")
    @classmethod
    def _one_string_is_one_id(cls, value: object) -> object:
        # A bare string is iterable; without this it would become a set of letters.
        if isinstance(value, str):
            return [value]
        if isinstance(value, Iterable) and not isinstance(value, (bytes, dict)):
            return list(value)
        return value

    @field_validator("contraindications", mode="before")
    @classmethod
    def _pairs_are_contraindications(cls, value: object) -> object:
        if isinstance(value, Iterable) and not isinstance(value, (str, bytes, dict)):
            return [
                {"kind": item[0], "region": item[1]} if isinstance(item, tuple) and len(item) == 2 else item
                for item in value
            ]
        return value


def _summarise(error: ValidationError) -> str:
    problems = []
    for detail in error.errors():
        where = ".".join(str(part) for part in detail["loc"]) or "report"
        got = f" (got {detail['input']!r})" if detail["type"] != "missing" else ""
        problems.append(f"{where}: {detail['msg']}{got}")
    return "; ".join(problems)
