"""What a person reports: :class:`SymptomReport`."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Annotated, Any, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from kneelink._errors import ReportError, excerpt
from kneelink._wording import plain

Side = Literal["left", "right", "both"]
# Strict: ids are text; bytes are refused, not decoded with a guessed encoding.
SymptomId = Annotated[str, Strict(), StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
# However many a pack defines, a report is read no further than this: an endless
# iterator or range(10**9) is refused after this many items, not read into memory.
MAX_ITEMS = 10_000
# An error message quotes at most this many of a report's problems.
MAX_PROBLEMS_QUOTED = 5
Age = Annotated[int, Field(strict=True, ge=0, le=120)]
# Whole days since the knee injury, 0 meaning today; at most 100 years.
DaysSinceInjury = Annotated[int, Field(strict=True, ge=0, le=36_500)]
# In ``SymptomReport.unknown``, these ids say the age, or the days since the injury, were
# asked and are not known.
AGE = "age"
DAYS_SINCE_INJURY = "days_since_injury"
MEASURES = (AGE, DAYS_SINCE_INJURY)
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


# A contraindication as JSON and TOML give it: ["open_wound", "calf"] or {"kind": ..., "region": ...}.
_PAIR_SCHEMA = Annotated[tuple[SymptomId, SymptomId], Field(title="[kind, region]")]


class SymptomReport(BaseModel):
    """The symptoms a person reports, which knee (``side``), their ``age``, and any
    local ``contraindications`` (given as models, dicts, or ``(kind, region)`` pairs:
    tuples, or the two-item lists JSON and TOML give).

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
    >>> report = SymptomReport(symptoms=["knee_pain"], absent=["fever"], unknown=["one_leg_swelling"])
    >>> report.answered("fever"), report.answered("knee_locked")
    (True, False)
    >>> SymptomReport(symptoms=["knee_pain"], absent=["knee_pain"])
    Traceback (most recent call last):
    ...
    kneelink.ReportError: invalid symptom report: report: 'knee_pain' is both present and absent
    >>> SymptomReport(symptoms=["knee_pain"], age=130)
    Traceback (most recent call last):
    ...
    kneelink.ReportError: invalid symptom report: age: should be at most 120 (got 130)

    ``model_validate`` and ``model_validate_json`` raise :class:`ReportError` too, so a JSON
    body is read the same way:

    >>> SymptomReport.model_validate_json('{"symptoms": ["knee_pain"], "contraindications": [["open_wound", "calf"]]}')
    SymptomReport(symptoms=frozenset({'knee_pain'}), side=None, age=None, days_since_injury=None, ...)
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    symptoms: Annotated[frozenset[SymptomId], Field(min_length=1)]
    side: Side | None = None
    age: Age | None = None
    days_since_injury: DaysSinceInjury | None = None
    contraindications: frozenset[LocalContraindication] = frozenset()
    absent: frozenset[SymptomId] = frozenset()
    unknown: frozenset[SymptomId] = frozenset()

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as error:
            raise report_error(error) from None

    # Tells pydantic this __init__ only validates, as BaseModel's does (RootModel does the
    # same). Without it, pydantic calls __init__ from model_validate and from a framework's
    # TypeAdapter, and the ReportError raised here would lose every field location.
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    @classmethod
    def model_validate(cls, obj: Any, **options: Any) -> Self:
        """Validate ``obj`` (a dict...) as a report; raises :class:`ReportError`."""
        try:
            return super().model_validate(obj, **options)
        except ValidationError as error:
            raise report_error(error) from None

    @classmethod
    def model_validate_json(cls, json_data: str | bytes | bytearray, **options: Any) -> Self:
        """Validate a JSON document as a report; raises :class:`ReportError`."""
        try:
            return super().model_validate_json(json_data, **options)
        except ValidationError as error:
            raise report_error(error) from None

    @field_validator("symptoms", "absent", "unknown", mode="before")
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
        if DAYS_SINCE_INJURY in self.unknown and self.days_since_injury is not None:
            raise ValueError(f"the days since the injury are both given ({self.days_since_injury}) and unknown")
        return self

    def answered(self, symptom: str) -> bool:
        """Whether ``symptom`` (or ``"age"``) was answered at all: yes, no or "don't know"."""
        if symptom == AGE:
            return self.age is not None or AGE in self.unknown
        if symptom == DAYS_SINCE_INJURY:
            return self.days_since_injury is not None or DAYS_SINCE_INJURY in self.unknown
        return symptom in self.symptoms or symptom in self.absent or symptom in self.unknown

    def with_answer(self, symptom: str, answer: Answer | int) -> SymptomReport:
        """This report with one more answer: ``"yes"``, ``"no"`` or ``"unknown"`` for a
        symptom; a whole number of years or ``"unknown"`` for ``"age"``, of days or ``"unknown"``
        for ``"days_since_injury"``. An earlier answer for the same id is replaced.

        >>> report = SymptomReport(symptoms=["knee_pain"]).with_answer("fever", "no").with_answer("age", 34)
        >>> sorted(report.absent), report.age
        (['fever'], 34)
        """
        present, absent, unknown = set(self.symptoms), set(self.absent), set(self.unknown)
        for answers in (present, absent, unknown):
            answers.discard(symptom)
        measures = {AGE: self.age, DAYS_SINCE_INJURY: self.days_since_injury}
        if symptom in measures:
            if isinstance(answer, int) and not isinstance(answer, bool):
                measures[symptom] = answer
            elif answer == "unknown":
                measures[symptom] = None
                unknown.add(symptom)
            else:
                unit = "years" if symptom == AGE else "days"
                raise ReportError(
                    f"an answer for {symptom!r} is a whole number of {unit} or 'unknown' (got {answer!r})"
                )
        elif answer in ("yes", "no", "unknown"):
            {"yes": present, "no": absent, "unknown": unknown}[str(answer)].add(symptom)
        else:
            raise ReportError(f"an answer is 'yes', 'no' or 'unknown' (got {answer!r})")
        # The fields themselves, not model_dump(): that turns contraindications into dicts,
        # which a frozenset cannot hold.
        fields = {name: getattr(self, name) for name in type(self).model_fields}
        fields |= {"symptoms": present, "absent": absent, "unknown": unknown, **measures}
        return SymptomReport(**fields)

    @field_validator(
        "contraindications", mode="before", json_schema_input_type=list[LocalContraindication | _PAIR_SCHEMA]
    )
    @classmethod
    def _pairs_are_contraindications(cls, value: object) -> object:
        if isinstance(value, str):
            return value
        items = bounded_items(value, MAX_ITEMS, "contraindications")
        if isinstance(items, list):
            return [
                {"kind": item[0], "region": item[1]} if isinstance(item, (tuple, list)) and len(item) == 2 else item
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


def _say(detail: Any) -> str:
    if detail["type"] == "extra_forbidden":
        return f"is not a field of a symptom report (the fields: {', '.join(SymptomReport.model_fields)})"
    if tuple(detail["loc"][:1]) == ("contraindications",) and detail["type"] in ("model_type", "model_attributes_type"):
        return f"should be [kind, region] or {{kind, region}} (got {excerpt(detail['input'])})"
    return plain(detail, too_short="a report needs at least one symptom")


def report_error(error: ValidationError) -> ReportError:
    """A pydantic error about a report as a :class:`ReportError`, in kneelink's words."""
    problems = [
        {"loc": tuple(detail["loc"]), "msg": _say(detail), "type": detail["type"], "input": detail["input"]}
        for detail in error.errors()
    ]
    quoted = [
        f"{'.'.join(str(part) for part in problem['loc']) or 'report'}: {problem['msg']}"
        for problem in problems[:MAX_PROBLEMS_QUOTED]
    ]
    if len(problems) > MAX_PROBLEMS_QUOTED:
        quoted.append(f"and {len(problems) - MAX_PROBLEMS_QUOTED} more")
    summary = "; ".join(quoted)
    return ReportError(f"invalid symptom report: {summary}", problems)
