"""The five triage levels, how to compare them, and everything that depends on the level.

kneelink uses the levels that symptom-checker integrators already know (Infermedica's
triage levels, restated by Microsoft's Azure Health Bot documentation), as plain strings
in every answer: ``"emergency_ambulance"``, ``"emergency"``, ``"consultation_24"``,
``"consultation"`` and ``"self_care"``, most urgent first. :class:`TriageLevel` orders them,
so an app can write ``TriageLevel[answer.triage] >= TriageLevel.consultation_24``.

Every choice that depends on the level is one row of one table, :data:`TRIAGE_TABLE`: what
the level asks of a person, the text answer's heading, the body map's banner, the CDS Hooks
card indicator and the FHIR referral priority. A new level, or a new way to show one, is
one edit here.

>>> TriageLevel["emergency"] > TriageLevel["consultation_24"]
True
>>> max(["consultation", "emergency"], key=TriageLevel.of)
'emergency'
>>> TriageLevel.consultation_24.withholds_every_region
True
>>> triage_style("emergency").cds_indicator
'critical'
>>> triage_style("consultation").fhir_priority
'routine'
>>> triage_style("self_care").banner is None
True
>>> triage_style("urgnt")
Traceback (most recent call last):
...
kneelink.ReportError: unknown triage level 'urgnt'...
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Literal

from kneelink._errors import ReportError, closest, did_you_mean

# The five triage levels, most urgent first (Infermedica's names).
Triage = Literal["emergency_ambulance", "emergency", "consultation_24", "consultation", "self_care"]
CdsIndicator = Literal["critical", "warning", "info"]
FhirPriority = Literal["stat", "asap", "urgent", "routine"]


class TriageLevel(IntEnum):
    """A triage level; a larger value is more urgent. ``str(level)`` is its name."""

    self_care = 0
    consultation = 1
    consultation_24 = 2
    emergency = 3
    emergency_ambulance = 4

    def __str__(self) -> str:
        return self.name

    @classmethod
    def of(cls, level: str) -> TriageLevel:
        """The level named ``level``; a :class:`~kneelink.ReportError` (a ``ValueError``)
        naming the closest levels if there is none."""
        try:
            return cls[level]
        except KeyError:
            near = closest(str(level), cls.__members__) or list(cls.__members__)
            raise ReportError(f"unknown triage level {level!r}{did_you_mean(near)}") from None

    @property
    def level(self) -> Triage:
        """The level's name, as answers carry it."""
        return _STYLES[self.name].level

    @property
    def withholds_every_region(self) -> bool:
        """From ``consultation_24`` up, nothing is rolled until a clinician has seen the knee."""
        return self >= TriageLevel.consultation_24

    @property
    def instruction(self) -> str:
        """What the level asks a person to do, in plain words."""
        return _STYLES[self.name].instruction


@dataclass(frozen=True)
class Banner:
    """The message drawn across the top of the body map, and its colours."""

    heading: str
    fill: str
    text: str


@dataclass(frozen=True)
class TriageStyle:
    """One row of the triage table: the ``level``; its ``instruction`` (what it asks of a
    person); the ``heading`` that opens the text answer; the body map's ``banner`` (``None``
    for self care: no banner); the CDS Hooks card ``cds_indicator``; and the FHIR referral
    ``fhir_priority`` (``None`` when there is no referral)."""

    level: Triage
    instruction: str
    heading: str
    banner: Banner | None
    cds_indicator: CdsIndicator
    fhir_priority: FhirPriority | None

    @property
    def rank(self) -> int:
        """0 for the most urgent level."""
        return int(TriageLevel.emergency_ambulance - TriageLevel[self.level])

    @property
    def withholds_every_region(self) -> bool:
        """True from ``consultation_24`` up."""
        return TriageLevel[self.level].withholds_every_region

    @property
    def above_self_care(self) -> bool:
        """True when the level asks for a clinician, now or later."""
        return self.banner is not None


_EMERGENCY = ("#B3261E", "#FFFFFF")
_CONSULTATION = ("#F2C94C", "#1B1B1B")

# Most urgent first. The instructions are restated in our own words from the levels'
# published definitions.
TRIAGE_TABLE: tuple[TriageStyle, ...] = (
    TriageStyle(
        "emergency_ambulance",
        "This may be serious: call an ambulance now.",
        "EMERGENCY: CALL AN AMBULANCE",
        Banner("Emergency: call an ambulance now", *_EMERGENCY),
        "critical",
        "stat",
    ),
    TriageStyle(
        "emergency",
        "Go to an emergency department now. If you cannot get there, call an ambulance.",
        "EMERGENCY: GO TO AN EMERGENCY DEPARTMENT",
        Banner("Emergency: go to an emergency department now", *_EMERGENCY),
        "critical",
        "asap",
    ),
    TriageStyle(
        "consultation_24",
        "See a doctor within 24 hours. If it suddenly gets worse, go to an emergency department.",
        "SEE A DOCTOR WITHIN 24 HOURS",
        Banner("See a clinician within 24 hours", *_CONSULTATION),
        "warning",
        "urgent",
    ),
    TriageStyle(
        "consultation",
        "Book an appointment with a doctor. If it gets worse, see one straight away.",
        "SEE A DOCTOR",
        Banner("See a clinician", *_CONSULTATION),
        "warning",
        "routine",
    ),
    TriageStyle(
        "self_care",
        "Nothing reported calls for a doctor. If it does not get better, or it gets worse, see a doctor.",
        "SELF CARE",
        None,
        "info",
        None,
    ),
)
_STYLES: dict[str, TriageStyle] = {style.level: style for style in TRIAGE_TABLE}

# Most urgent first, as the answer lists red flags.
TRIAGE_LEVELS: tuple[Triage, ...] = tuple(style.level for style in TRIAGE_TABLE)


def triage_style(level: str) -> TriageStyle:
    """The row of ``level``; a :class:`~kneelink.ReportError` (a ``ValueError``) naming the
    closest levels for an unknown one."""
    style = _STYLES.get(level)
    return style if style is not None else _STYLES[TriageLevel.of(level).name]
