"""An answer as a FHIR R4 ``CarePlan``.

Why a CarePlan: the answer is a proposed plan of activities (roll these regions, in this
order; do not roll those), not an order and not an observation. So: ``status = draft``,
``intent = proposal``, one ``activity`` per region in treatment order, each a ``detail``
with ``doNotPerform`` true for a withheld region (FHIR's own way to say "do not"), and,
when triage asks for a clinician, one more activity referring to a contained
``ServiceRequest`` whose ``priority`` comes from :mod:`kneelink.rendering._triage`.

Body sites: R4's ``CarePlan.activity.detail`` has no body site element, so each activity
carries the core extension ``http://hl7.org/fhir/StructureDefinition/bodySite`` referring to
contained ``BodyStructure`` resources, one per anatomical structure the region covers (the
gluteals are two). A BodyStructure's ``location`` codes that structure in UBERON and FMA
(the ontologies' own IRIs as systems: neither has an HL7-registered URI) and in SNOMED CT;
its ``locationQualifier`` is the laterality, from HL7's body-structure laterality codes
(SNOMED CT 7771000 left, 24028007 right, 51440002 both; none when the side was not given).

SNOMED CT region codes come from UBERON's unverified bridge, so they
are never presented as authoritative: such a coding has ``userSelected = false``, no
display (we do not know the release's preferred term), and the extension
:data:`UNVERIFIED_EXTENSION` saying it is an unchecked cross-reference. The iliotibial tract
has no UBERON class and gets no code, only text.

>>> import kneelink
>>> plan = kneelink.suggest_regions(["lateral_knee_pain"], side="right").to_fhir()
>>> plan["resourceType"], plan["status"], plan["intent"], len(plan["activity"])
('CarePlan', 'draft', 'proposal', 8)
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from kneelink._answer import AnswerSide, Suggestion
from kneelink._escape import json_strings
from kneelink._schema import CrossReference, Region
from kneelink.rendering._text import cite, legs_phrase, ordinal, pack_for
from kneelink.rendering._triage import triage_style

if TYPE_CHECKING:
    from kneelink._pack import RulePack

SNOMED = "http://snomed.info/sct"
UBERON = "http://purl.obolibrary.org/obo/uberon.owl"
FMA = "http://purl.org/sig/ont/fma.owl"
BODY_SITE_EXTENSION = "http://hl7.org/fhir/StructureDefinition/bodySite"
UNVERIFIED_EXTENSION = "https://kneelink.invalid/fhir/StructureDefinition/unverified-cross-reference"
LATERALITY: dict[AnswerSide, dict[str, str] | None] = {
    "left": {"system": SNOMED, "code": "7771000", "display": "Left"},
    "right": {"system": SNOMED, "code": "24028007", "display": "Right"},
    "both": {"system": SNOMED, "code": "51440002", "display": "Right and left"},
    "unspecified": None,
}
DISCLAIMER = "Proposed by kneelink, which is not medical advice and does not diagnose."


def _codings(xref: CrossReference) -> list[dict[str, Any]]:
    codings: list[dict[str, Any]] = []
    if xref.uberon:
        codings.append({"system": UBERON, "code": xref.uberon, "display": xref.structure})
    if xref.fma:
        codings.append({"system": FMA, "code": xref.fma, "display": xref.structure})
    if xref.snomed_ct_unverified:
        codings.append(
            {
                "extension": [
                    {
                        "url": UNVERIFIED_EXTENSION,
                        "valueString": "unverified cross-reference from UBERON's SNOMED CT bridge; "
                        "not checked against a SNOMED CT release",
                    }
                ],
                "system": SNOMED,
                "code": xref.snomed_ct_unverified,
                "userSelected": False,
            }
        )
    return codings


def _body_structures(region: Region, side: AnswerSide, subject: dict[str, str]) -> list[dict[str, Any]]:
    """One contained BodyStructure per structure the region covers (or one, text only)."""
    structures: list[tuple[str, dict[str, Any]]] = [
        (xref.structure, {"coding": _codings(xref), "text": xref.structure}) for xref in region.xref
    ] or [(region.label, {"text": region.label})]
    laterality = LATERALITY[side]
    resources = []
    for index, (name, location) in enumerate(structures):
        resource: dict[str, Any] = {
            "resourceType": "BodyStructure",
            "id": f"body-{region.id.replace('_', '-')}-{side}-{index}",
            "location": location,
            "description": f"{name}, {legs_phrase(side)}",
            "patient": subject,
        }
        if laterality is not None:
            resource["locationQualifier"] = [{"coding": [laterality], "text": laterality["display"]}]
        resources.append(resource)
    return resources


def _site_extensions(structures: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"url": BODY_SITE_EXTENSION, "valueReference": {"reference": f"#{s['id']}"}} for s in structures]


def care_plan(answer: Suggestion, *, subject: str | None = None, pack: RulePack | None = None) -> dict[str, Any]:
    """``answer`` as a FHIR R4 CarePlan resource (JSON-ready dict); see the module doc.

    ``subject`` is a reference such as ``"Patient/123"``; without one the plan names its
    subject by display text only. ``pack`` is the pack that made the answer (its regions'
    cross-references give the codes); default kneelink's own.
    """
    regions = pack_for(answer, pack).regions
    who = {"reference": subject} if subject else {"display": "the person who reported the knee symptoms"}
    contained: list[dict[str, Any]] = []
    activities: list[dict[str, Any]] = []
    for number, suggestion in enumerate(answer.regions, start=1):
        structures = _body_structures(regions[suggestion.region], suggestion.side, who)
        contained += structures
        why = [{"text": f"{reason.summary} ({cite(answer.pack, reason.source)})"} for reason in suggestion.reasons]
        detail: dict[str, Any] = {
            "extension": _site_extensions(structures),
            "code": {"text": f"Foam rolling: {suggestion.label}"},
            "reasonCode": why,
            "status": "not-started",
            "doNotPerform": False,
            "description": f"{ordinal(number)} in treatment order ({suggestion.role}). "
            + (suggestion.how_to_roll or f"Roll the {suggestion.label.lower()}."),
        }
        activities.append({"detail": detail})
    for held in answer.withheld:
        structures = _body_structures(regions[held.region], "both", who)
        contained += structures
        detail = {
            "extension": _site_extensions(structures),
            "code": {"text": f"Foam rolling: {held.label}"},
            "reasonCode": [{"text": f"{held.reason} ({cite(answer.pack, held.source)})"}],
            "status": "not-started",
            "doNotPerform": True,
            "description": f"Do not roll the {held.label.lower()}, on either leg. {held.reason}",
        }
        activities.append({"detail": detail})
    style = triage_style(answer.triage)
    if style.fhir_priority is not None and style.banner is not None:
        contained.append(
            {
                "resourceType": "ServiceRequest",
                "id": "referral",
                "status": "draft",
                "intent": "proposal",
                "priority": style.fhir_priority,
                "code": {"text": style.banner.heading},
                "reasonCode": [{"text": f"{flag.label}: {flag.message}"} for flag in answer.red_flags],
                "subject": who,
                "note": [{"text": cite(answer.pack, flag.source)} for flag in answer.red_flags],
            }
        )
        activities.insert(0, {"reference": {"reference": "#referral", "display": style.banner.heading}})
    digest = hashlib.sha256(answer.model_dump_json().encode()).hexdigest()[:16]
    plan: dict[str, Any] = {
        "resourceType": "CarePlan",
        "id": f"kneelink-{digest}",
        "status": "draft",
        "intent": "proposal",
        "title": "Foam rolling for reported knee symptoms",
        "description": f"Rule pack {answer.pack.name} {answer.pack.version}, triage {answer.triage}. {DISCLAIMER}",
        "subject": who,
        "note": [{"text": DISCLAIMER}],
    }
    if contained:
        plan["contained"] = contained
    if activities:
        plan["activity"] = activities
    # Pack texts are checked when loaded; an answer read back from JSON was not.
    cleaned: dict[str, Any] = json_strings(plan)
    return cleaned
