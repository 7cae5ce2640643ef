"""Every choice that depends on the triage level, in one table: the body map's banner, the
CDS Hooks card indicator, the FHIR referral priority, and whether the level withholds every
region.

The order of the levels, and which of them withhold every region, are the answer's own
(:class:`kneelink.TriageLevel`); this table adds only how each level looks and is coded.

>>> triage_style("emergency").cds_indicator
'critical'
>>> triage_style("consultation").fhir_priority
'routine'
>>> triage_style("self_care").banner is None
True
>>> triage_style("urgnt")
Traceback (most recent call last):
...
ValueError: unknown triage level 'urgnt'...
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from kneelink._errors import closest
from kneelink._triage import TriageLevel

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
    """How one triage level shows: ``banner`` is ``None`` for self care (no banner);
    ``fhir_priority`` is ``None`` when there is no referral."""

    level: str
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

_STYLES = {
    style.level: style
    for style in (
        TriageStyle("emergency_ambulance", Banner("Emergency: call an ambulance now", *_EMERGENCY), "critical", "stat"),
        TriageStyle(
            "emergency", Banner("Emergency: go to an emergency department now", *_EMERGENCY), "critical", "asap"
        ),
        TriageStyle("consultation_24", Banner("See a clinician within 24 hours", *_CONSULTATION), "warning", "urgent"),
        TriageStyle("consultation", Banner("See a clinician", *_CONSULTATION), "warning", "routine"),
        TriageStyle("self_care", None, "info", None),
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
