"""Every choice that depends on the triage level, in one table: the body map's banner, the
CDS Hooks card indicator, the FHIR referral priority, and whether the level withholds every
region.

Both vocabularies are here while issue 7 moves triage to five levels: today's
``urgent`` / ``see_clinician`` / ``self_care``, and the five levels ``emergency_ambulance``,
``emergency``, ``consultation_24``, ``consultation``, ``self_care``. ``urgent`` is read as
"``consultation_24`` or above" (it withholds everything, and its card is ``critical``, so
nothing is understated); ``see_clinician`` is read as ``consultation``. When the five levels
land, delete the two old rows: nothing else changes.

>>> triage_style("emergency").cds_indicator
'critical'
>>> triage_style("consultation").fhir_priority
'routine'
>>> triage_style("self_care").banner is None
True
>>> triage_style("urgnt")
Traceback (most recent call last):
...
ValueError: unknown triage level 'urgnt'; did you mean 'urgent'?
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from kneelink._errors import closest

CdsIndicator = Literal["critical", "warning", "info"]
FhirPriority = Literal["stat", "asap", "urgent", "routine"]


@dataclass(frozen=True)
class Banner:
    """The message drawn across the top of the body map, and its colours."""

    heading: str
    fill: str
    text: str


@dataclass(frozen=True)
class TriageStyle:
    """How one triage level shows: ``rank`` 0 is the most urgent; ``banner`` is ``None``
    for self care (no banner); ``fhir_priority`` is ``None`` when there is no referral."""

    level: str
    rank: int
    banner: Banner | None
    cds_indicator: CdsIndicator
    fhir_priority: FhirPriority | None
    withholds_every_region: bool

    @property
    def above_self_care(self) -> bool:
        """True when the level asks for a clinician, now or later."""
        return self.banner is not None


_EMERGENCY = ("#B3261E", "#FFFFFF")
_CONSULTATION = ("#F2C94C", "#1B1B1B")

_STYLES = {
    style.level: style
    for style in (
        TriageStyle(
            "emergency_ambulance", 0, Banner("Emergency: call an ambulance now", *_EMERGENCY), "critical", "stat", True
        ),
        TriageStyle(
            "emergency",
            1,
            Banner("Emergency: go to an emergency department now", *_EMERGENCY),
            "critical",
            "asap",
            True,
        ),
        TriageStyle(
            "consultation_24", 2, Banner("See a clinician within 24 hours", *_CONSULTATION), "warning", "urgent", True
        ),
        TriageStyle("consultation", 3, Banner("See a clinician", *_CONSULTATION), "warning", "routine", False),
        TriageStyle("self_care", 4, None, "info", None, False),
        # Today's vocabulary, until the five levels land (then delete these two rows).
        TriageStyle("urgent", 1, Banner("Urgent: get medical help now", *_EMERGENCY), "critical", "urgent", True),
        TriageStyle("see_clinician", 3, Banner("See a clinician", *_CONSULTATION), "warning", "routine", False),
    )
}


def triage_style(level: str) -> TriageStyle:
    """How ``level`` shows; ``ValueError`` naming the closest levels for an unknown one."""
    try:
        return _STYLES[level]
    except KeyError:
        near = closest(level, _STYLES)
        hint = f"; did you mean {' or '.join(repr(name) for name in near)}?" if near else ""
        raise ValueError(f"unknown triage level {level!r}{hint}") from None
