"""An answer as a FHIR R4 ``CarePlan``.

Why a CarePlan: the answer is a proposed plan of activities (roll these regions, in this
order; do not roll those), not an order and not an observation. So: ``status = draft``,
``intent = proposal``, one ``activity`` per region in treatment order, each a ``detail``
with ``doNotPerform`` true for a withheld region (FHIR's own way to say "do not"), and,
when triage asks for a clinician, one more activity referring to a contained
``ServiceRequest`` whose ``priority`` comes from :mod:`kneelink._triage`.

Body sites: R4's ``CarePlan.activity.detail`` has no body site element, so each activity
carries the core extension ``http://hl7.org/fhir/StructureDefinition/bodySite`` (at most one
per detail, as R4 defines it) referring to one contained ``BodyStructure`` for the region.
Its ``location`` codes the structure in UBERON (the ontology's own IRI as system) and FMA
(HL7's registry gives FMA an OID and no URI, so the system is ``urn:oid:2.16.840.1.113883.6.119``
and the code is the FMA number). A region covering several structures (the gluteals are
two muscles) gets text only in ``location``: the codings of one CodeableConcept must mean
the same thing, and two muscles do not; its ``description`` names each structure with its
ids. ``locationQualifier`` is the laterality, from R4's body-structure location qualifiers
(SNOMED CT 419161000 Unilateral left, 419465000 Unilateral right, 51440002 Bilateral; none
when the side was not given).

SNOMED CT region codes come from UBERON's unverified bridge, so they are never presented as
authoritative. They appear only when the caller gives a ``canonical_base`` (a URL it
controls, such as ``https://fhir.example.org``), as codings with ``userSelected = false``,
no display, and the extension ``{canonical_base}/StructureDefinition/unverified-cross-reference``
saying they are unchecked; without one they are left out, rather than marked by an
extension URL nobody can resolve. The iliotibial tract has no UBERON class and gets no
code, only text.

Every string is free of control characters (FHIR strings allow tab, CR and LF only), and
the plan carries a generated narrative (``text``) listing its activities.

>>> import kneelink
>>> plan = kneelink.care_plan(kneelink.suggest_regions(["lateral_knee_pain"], side="right"))
>>> plan["resourceType"], plan["status"], plan["intent"], len(plan["activity"])
('CarePlan', 'draft', 'proposal', 8)
"""

from __future__ import annotations

import functools
import hashlib
import html
from typing import TYPE_CHECKING, Any

from kneelink._answer import AnswerSide, Suggestion
from kneelink._escape import UNSAFE
from kneelink._schema import CrossReference, Region
from kneelink._triage import triage_style
from kneelink.rendering._text import NOT_COMPLETE, cite, legs_phrase, ordinal, pack_for, unscreened_questions

if TYPE_CHECKING:
    from kneelink._pack import RulePack

SNOMED = "http://snomed.info/sct"
UBERON = "http://purl.obolibrary.org/obo/uberon.owl"
# HL7's OID registry lists FMA as 2.16.840.1.113883.6.119 and gives it no URI; FHIR names
# such a code system by its OID.
FMA = "urn:oid:2.16.840.1.113883.6.119"
BODY_SITE_EXTENSION = "http://hl7.org/fhir/StructureDefinition/bodySite"
UNVERIFIED_PATH = "/StructureDefinition/unverified-cross-reference"
# R4's ValueSet bodystructure-relative-location (R5 changed left and right to 7771000 and 24028007).
LATERALITY: dict[AnswerSide, dict[str, str] | None] = {
    "left": {"system": SNOMED, "code": "419161000", "display": "Unilateral left"},
    "right": {"system": SNOMED, "code": "419465000", "display": "Unilateral right"},
    "both": {"system": SNOMED, "code": "51440002", "display": "Bilateral"},
    "unspecified": None,
}


def clean_text(text: str) -> str:
    """``text`` with the characters a FHIR string (or a card) may not hold made spaces:
    controls, bidi overrides and non-characters (:data:`kneelink._escape.UNSAFE`).

    >>> clean_text("knee\\x00pain\\x1b[31m\\u202e")
    'knee pain [31m '
    """
    return UNSAFE.sub(" ", text)


# A plan's strings recur from answer to answer (labels, reasons, codes): clean each once.
_clean_text = functools.lru_cache(maxsize=8192)(clean_text)


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return _clean_text(value)
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_clean(item) for item in value]
    return value


DISCLAIMER = "Proposed by kneelink, which is not medical advice and does not diagnose."


def _codings(xref: CrossReference, canonical_base: str | None) -> list[dict[str, Any]]:
    codings: list[dict[str, Any]] = []
    if xref.uberon:
        codings.append({"system": UBERON, "code": xref.uberon, "display": xref.structure})
    if xref.fma:
        codings.append({"system": FMA, "code": xref.fma.removeprefix("FMA:"), "display": xref.structure})
    if xref.snomed_ct_unverified and canonical_base:
        codings.append(
            {
                "extension": [
                    {
                        "url": canonical_base.rstrip("/") + UNVERIFIED_PATH,
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


def _ids(xref: CrossReference) -> str:
    return ", ".join(i for i in (xref.uberon, xref.fma) if i)


def _body_structure(
    region: Region, side: AnswerSide, subject: dict[str, str], canonical_base: str | None
) -> dict[str, Any]:
    """The one contained BodyStructure of a region on a side (see the module doc)."""
    if len(region.xref) == 1:
        (xref,) = region.xref
        location: dict[str, Any] = {"coding": _codings(xref, canonical_base), "text": xref.structure}
        description = f"{xref.structure}, {legs_phrase(side)}"
    else:
        # R4's bodySite extension is 0..1 per detail and one CodeableConcept's codings must be
        # equivalent, so several structures are named in the description, not coded together.
        location = {"text": region.label}
        parts = [f"{xref.structure} ({_ids(xref)})" if _ids(xref) else xref.structure for xref in region.xref]
        description = f"{region.label}, {legs_phrase(side)}" + (f": {'; '.join(parts)}" if parts else "")
    resource: dict[str, Any] = {
        "resourceType": "BodyStructure",
        "id": f"body-{region.id.replace('_', '-')}-{side}",
        "location": location,
        "description": description,
        "patient": subject,
    }
    laterality = LATERALITY[side]
    if laterality is not None:
        resource["locationQualifier"] = [{"coding": [laterality], "text": laterality["display"]}]
    return resource


def _site_extension(structure: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"url": BODY_SITE_EXTENSION, "valueReference": {"reference": f"#{structure['id']}"}}]


def _narrative(plan: dict[str, Any], activities: list[dict[str, Any]]) -> dict[str, str]:
    items = []
    for activity in activities:
        if "detail" in activity:
            detail = activity["detail"]
            items.append(("Do not: " if detail["doNotPerform"] else "") + detail["description"])
        else:
            items.append(f"Referral: {activity['reference']['display']}")
    listed = "".join(f"<li>{html.escape(item, quote=False)}</li>" for item in items)
    body = f"<p><b>{html.escape(plan['title'], quote=False)}</b>. {html.escape(plan['description'], quote=False)}</p>"
    div = f'<div xmlns="http://www.w3.org/1999/xhtml">{body}' + (f"<ol>{listed}</ol>" if listed else "") + "</div>"
    return {"status": "generated", "div": div}


def care_plan(
    answer: Suggestion,
    *,
    subject: str | None = None,
    pack: RulePack | None = None,
    canonical_base: str | None = None,
    answer_json: str | None = None,
) -> dict[str, Any]:
    """``answer`` as a FHIR R4 CarePlan resource (JSON-ready dict); see the module doc.

    ``subject`` is a reference such as ``"Patient/123"``; without one the plan names its
    subject by display text only. ``pack`` is the pack that made the answer (its regions'
    cross-references give the codes); default kneelink's own. ``canonical_base`` is the
    base URL of kneelink's extensions where you publish them; without it, no extension
    of kneelink's own appears (and so no unverified SNOMED CT code). ``answer_json`` is
    ``answer.model_dump_json()`` when the caller has made it already.
    """
    regions = pack_for(answer, pack).regions
    who = {"reference": subject} if subject else {"display": "the person who reported the knee symptoms"}
    contained: list[dict[str, Any]] = []
    activities: list[dict[str, Any]] = []
    for number, suggestion in enumerate(answer.regions, start=1):
        structure = _body_structure(regions[suggestion.region], suggestion.side, who, canonical_base)
        contained.append(structure)
        why = [{"text": f"{reason.summary} ({cite(reason.source, answer.pack)})"} for reason in suggestion.reasons]
        detail: dict[str, Any] = {
            "extension": _site_extension(structure),
            "code": {"text": f"Foam rolling: {suggestion.label}"},
            "reasonCode": why,
            "status": "not-started",
            "doNotPerform": False,
            "description": f"{ordinal(number)} in treatment order ({suggestion.role}). "
            + (suggestion.how_to_roll or f"Roll the {suggestion.label.lower()}."),
        }
        activities.append({"detail": detail})
    for held in answer.withheld:
        structure = _body_structure(regions[held.region], "both", who, canonical_base)
        contained.append(structure)
        detail = {
            "extension": _site_extension(structure),
            "code": {"text": f"Foam rolling: {held.label}"},
            "reasonCode": [{"text": f"{held.reason} ({cite(held.source, answer.pack)})"}],
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
                "note": [{"text": cite(flag.source, answer.pack)} for flag in answer.red_flags],
            }
        )
        activities.insert(0, {"reference": {"reference": "#referral", "display": style.banner.heading}})
    answer_json = answer.model_dump_json() if answer_json is None else answer_json
    digest = hashlib.sha256(answer_json.encode()).hexdigest()[:16]
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
    if not answer.complete:
        open_questions = "; ".join(unscreened_questions(answer, pack))
        plan["note"] = [{"text": f"{NOT_COMPLETE} Still to ask: {open_questions}"}, *plan.get("note", [])]
    plan["text"] = _narrative(plan, activities)
    # Every text in the plan comes from the answer, the subject or the base, and an answer
    # read back from JSON never met the loader's checks: clean every string.
    return _clean(plan)  # type: ignore[no-any-return]
