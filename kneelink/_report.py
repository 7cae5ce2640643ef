"""What a person reports: :class:`SymptomReport`."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, Strict, StringConstraints, ValidationError, field_validator

from kneelink._errors import ReportError, excerpt

Side = Literal["left", "right", "both"]
# Strict: ids are text; bytes are refused, not decoded with a guessed encoding.
SymptomId = Annotated[str, Strict(), StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
# However many a pack defines, a report is read no further than this: an endless
# iterator or range(10**9) is refused after this many items, not read into memory.
MAX_ITEMS = 10_000
# An error message quotes at most this many of a report's problems.
MAX_PROBLEMS_QUOTED = 5
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
        items = bounded_items(value, MAX_ITEMS, "symptoms")
        if isinstance(items, list):
            for item in items:
                if isinstance(item, (bytes, bytearray)):
                    raise ValueError(f"symptom ids are text (str), not bytes ({excerpt(item)}); decode them first")
        return items

    @field_validator("contraindications", mode="before")
    @classmethod
    def _pairs_are_contraindications(cls, value: object) -> object:
        if isinstance(value, str):
            return value
        items = bounded_items(value, MAX_ITEMS, "contraindications")
        if isinstance(items, list):
            return [
                {"kind": item[0], "region": item[1]} if isinstance(item, tuple) and len(item) == 2 else item
                for item in items
            ]
        return items


def bounded_items(value: object, limit: int, what: str) -> object:
    """The items of an iterable ``value`` as a list, read no further than ``limit`` + 1;
    ``value`` itself if it is not iterable (or is text, bytes or a dict, which pydantic
    then refuses with its own message).

    >>> bounded_items(iter("ab"), 5, "symptoms")
    ['a', 'b']
    >>> import itertools
    >>> bounded_items(itertools.repeat("knee_pain"), 3, "symptoms")
    Traceback (most recent call last):
    ...
    ValueError: more than 3 symptoms; a report names at most 3
    """
    if isinstance(value, (str, bytes, bytearray, dict)) or not isinstance(value, Iterable):
        if isinstance(value, (bytes, bytearray)):
            raise ValueError(f"{what} are text (str), not bytes ({excerpt(value)}); decode them first")
        return value
    try:
        items = list(itertools.islice(value, limit + 1))
    except Exception as error:
        raise ValueError(f"could not be read: {type(error).__name__}: {excerpt(str(error))}") from error
    if len(items) > limit:
        raise ValueError(f"more than {limit} {what}; a report names at most {limit}")
    return items


def _summarise(error: ValidationError) -> str:
    details = error.errors()
    problems = []
    for detail in details[:MAX_PROBLEMS_QUOTED]:
        where = ".".join(str(part) for part in detail["loc"]) or "report"
        got = f" (got {excerpt(detail['input'])})" if detail["type"] != "missing" else ""
        problems.append(f"{where}: {str(detail['msg']).removeprefix('Value error, ')}{got}")
    if len(details) > MAX_PROBLEMS_QUOTED:
        problems.append(f"and {len(details) - MAX_PROBLEMS_QUOTED} more")
    return "; ".join(problems)
