"""What a person reports: :class:`SymptomReport`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator, model_validator

from kneelink._errors import ReportError

Side = Literal["left", "right", "both"]
SymptomId = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Age = Annotated[int, Field(strict=True, ge=0, le=120)]
# In ``SymptomReport.unknown``, this id says the age was asked and is not known.
AGE = "age"
Answer = Literal["yes", "no", "unknown"]


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

    Evidence is tri-state. ``symptoms`` are the ids the person has (present), ``absent``
    the ids they said they do not have, ``unknown`` the ids they were asked about and
    could not say (``"age"`` in ``unknown`` means the age was asked and is not known).
    An id that is in none of the three was not asked: rules never read it as "no". Each
    is a set of vocabulary ids; a lone string is taken as one id. Which ids exist depends
    on the rule pack, so they are checked when the report is evaluated, not here.

    >>> report = SymptomReport(symptoms=["running_downhill", "lateral_knee_pain"], side="right")
    >>> sorted(report.symptoms)
    ['lateral_knee_pain', 'running_downhill']
    >>> SymptomReport(symptoms="knee_pain").symptoms
    frozenset({'knee_pain'})
    >>> report = SymptomReport(symptoms=["knee_pain"], absent=["fever"], unknown=["calf_swelling"])
    >>> report.answered("fever"), report.answered("knee_locked")
    (True, False)
    >>> SymptomReport(symptoms=["knee_pain"], absent=["knee_pain"])
    Traceback (most recent call last):
    ...
    kneelink._errors.ReportError: invalid symptom report: report: Value error, 'knee_pain' is both present and absent
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
    absent: frozenset[SymptomId] = frozenset()
    unknown: frozenset[SymptomId] = frozenset()

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as error:
            raise ReportError(f"invalid symptom report: {_summarise(error)}") from None

    @field_validator("symptoms", "absent", "unknown", mode="before")
    @classmethod
    def _one_string_is_one_id(cls, value: object) -> object:
        # A bare string is iterable; without this it would become a set of letters.
        if isinstance(value, str):
            return [value]
        if isinstance(value, Iterable) and not isinstance(value, (bytes, dict)):
            return list(value)
        return value

    @model_validator(mode="after")
    def _one_answer_per_id(self) -> SymptomReport:
        for first, second, ids in (
            ("present", "absent", self.symptoms & self.absent),
            ("present", "unknown", self.symptoms & self.unknown),
            ("absent", "unknown", self.absent & self.unknown),
        ):
            if ids:
                raise ValueError(f"{sorted(ids)[0]!r} is both {first} and {second}")
        if AGE in self.unknown and self.age is not None:
            raise ValueError(f"the age is both given ({self.age}) and unknown")
        return self

    def answered(self, symptom: str) -> bool:
        """Whether ``symptom`` (or ``"age"``) was answered at all: yes, no or "don't know"."""
        if symptom == AGE:
            return self.age is not None or AGE in self.unknown
        return symptom in self.symptoms or symptom in self.absent or symptom in self.unknown

    def with_answer(self, symptom: str, answer: Answer | int) -> SymptomReport:
        """This report with one more answer: ``"yes"``, ``"no"`` or ``"unknown"`` for a
        symptom; a whole number of years or ``"unknown"`` for ``"age"``. An earlier answer
        for the same id is replaced.

        >>> report = SymptomReport(symptoms=["knee_pain"]).with_answer("fever", "no").with_answer("age", 34)
        >>> sorted(report.absent), report.age
        (['fever'], 34)
        """
        present, absent, unknown = set(self.symptoms), set(self.absent), set(self.unknown)
        for answers in (present, absent, unknown):
            answers.discard(symptom)
        age = self.age
        if symptom == AGE:
            if isinstance(answer, int) and not isinstance(answer, bool):
                age = answer
            elif answer == "unknown":
                age = None
                unknown.add(AGE)
            else:
                raise ReportError(f"an age answer is a whole number of years or 'unknown' (got {answer!r})")
        elif answer in ("yes", "no", "unknown"):
            {"yes": present, "no": absent, "unknown": unknown}[str(answer)].add(symptom)
        else:
            raise ReportError(f"an answer is 'yes', 'no' or 'unknown' (got {answer!r})")
        fields = {**self.model_dump(), "symptoms": present, "absent": absent, "unknown": unknown, "age": age}
        return SymptomReport(**fields)

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
        # A whole-report problem names its ids in the message; echoing the input adds noise.
        got = f" (got {detail['input']!r})" if detail["type"] != "missing" and detail["loc"] else ""
        problems.append(f"{where}: {detail['msg']}{got}")
    return "; ".join(problems)
