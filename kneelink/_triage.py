"""The five triage levels, and how to compare them.

kneelink uses the levels that symptom-checker integrators already know (Infermedica's
triage levels, restated by Microsoft's Azure Health Bot documentation), as plain strings
in every answer: ``"emergency_ambulance"``, ``"emergency"``, ``"consultation_24"``,
``"consultation"`` and ``"self_care"``, most urgent first. :class:`TriageLevel` orders them,
so an app can write ``TriageLevel[answer.triage] >= TriageLevel.consultation_24``.

>>> TriageLevel["emergency"] > TriageLevel["consultation_24"]
True
>>> max(["consultation", "emergency"], key=TriageLevel.of)
'emergency'
>>> TriageLevel.consultation_24.withholds_every_region
True
"""

from __future__ import annotations

from enum import IntEnum

from kneelink._errors import ReportError, closest
from kneelink._schema import Triage


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
            raise ReportError(
                f"unknown triage level {level!r}; did you mean {' or '.join(repr(n) for n in near)}?"
            ) from None

    @property
    def level(self) -> Triage:
        """The level's name, as answers carry it."""
        return _NAMES[self]

    @property
    def withholds_every_region(self) -> bool:
        """From ``consultation_24`` up, nothing is rolled until a clinician has seen the knee."""
        return self >= TriageLevel.consultation_24

    @property
    def instruction(self) -> str:
        """What the level asks a person to do, in plain words."""
        return _INSTRUCTIONS[self]


# Restated in our own words from the levels' published definitions.
_INSTRUCTIONS = {
    TriageLevel.emergency_ambulance: "This may be serious: call an ambulance now.",
    TriageLevel.emergency: ("Go to an emergency department now. If you cannot get there, call an ambulance."),
    TriageLevel.consultation_24: (
        "See a doctor within 24 hours. If it suddenly gets worse, go to an emergency department."
    ),
    TriageLevel.consultation: "Book an appointment with a doctor. If it gets worse, see one straight away.",
    TriageLevel.self_care: (
        "Nothing reported calls for a doctor. If it does not get better, or it gets worse, see a doctor."
    ),
}

_NAMES: dict[TriageLevel, Triage] = {
    TriageLevel.emergency_ambulance: "emergency_ambulance",
    TriageLevel.emergency: "emergency",
    TriageLevel.consultation_24: "consultation_24",
    TriageLevel.consultation: "consultation",
    TriageLevel.self_care: "self_care",
}

# Most urgent first, as the answer lists red flags.
TRIAGE_LEVELS: tuple[Triage, ...] = ("emergency_ambulance", "emergency", "consultation_24", "consultation", "self_care")
