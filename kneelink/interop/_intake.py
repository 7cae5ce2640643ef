"""From a CDS Hooks request to a symptom report: FHIR in.

Two hooks, two ways in:

- ``patient-view`` (a standard hook): the report comes from the record. The prefetch holds
  the ``Patient`` (its ``birthDate`` gives the age on the request's date) and a ``Bundle``
  of the patient's ``Condition`` resources. A condition's code becomes a symptom id
  through the pack's ``[[code]]`` tables (``rules/codes.toml``), and its side from the
  code itself (ICD-10-CM codes that name the knee) or from a laterality qualifier in
  ``bodySite``. What was used, and which codes kneelink did not understand, is kept in
  :class:`Intake` for the card that says so.
- ``org.kneelink.knee-symptoms`` (a custom hook, named in reverse-domain form as the spec
  asks): an app that already speaks kneelink's ids puts the report in ``context.report``,
  with symptoms as ids or as the labels and lay phrases the CLI accepts.

Everything here reads untrusted JSON: every failure is a :class:`BadRequest` (status 400,
or 412 when the prefetch the service needs is missing).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kneelink._errors import KneelinkError
from kneelink._report import SymptomReport
from kneelink._schema import Code

if TYPE_CHECKING:
    from kneelink._pack import RulePack

CUSTOM_HOOK = "org.kneelink.knee-symptoms"
PATIENT_VIEW = "patient-view"
PREFETCH = {"patient": "Patient/{{context.patientId}}", "conditions": "Condition?patient={{context.patientId}}"}
# Conditions that no longer hold, or were never true, say nothing about today's knee.
_INACTIVE = {"inactive", "remission", "resolved"}
_REFUTED = {"refuted", "entered-in-error"}
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class BadRequest(KneelinkError, ValueError):
    """A request the service cannot answer; its message goes back to the client."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Intake:
    """A report read from a request, and what the service should say about how."""

    report: SymptomReport | None
    used: list[str] = field(default_factory=list)
    not_understood: list[str] = field(default_factory=list)
    unverified: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    patient_id: str | None = None
    from_record: bool = False


def _object(value: object, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise BadRequest(f"{what} must be a JSON object")
    return value


def read_request(request: object, pack: RulePack, today: dt.date) -> Intake:
    """The report in a CDS Hooks ``request`` (parsed JSON) for ``pack``, read on ``today``."""
    body = _object(request, "the request body")
    for key in ("hook", "hookInstance"):
        if not isinstance(body.get(key), str) or not body[key]:
            raise BadRequest(f"the request needs `{key}`, a non-empty string (CDS Hooks 2.0)")
    context = _object(body.get("context"), "the request's `context`")
    prefetch = body.get("prefetch")
    if prefetch is not None:
        _object(prefetch, "`prefetch`")
    if body["hook"] == CUSTOM_HOOK:
        return _custom(context, pack)
    if body["hook"] == PATIENT_VIEW:
        return _patient_view(context, prefetch or {}, pack, today)
    raise BadRequest(f"hook {body['hook'][:60]!r} is not one this service answers ({PATIENT_VIEW}, {CUSTOM_HOOK})")


def _custom(context: dict[str, Any], pack: RulePack) -> Intake:
    report = context.get("report")
    if not isinstance(report, dict):
        raise BadRequest(f"the {CUSTOM_HOOK} hook puts the symptom report, a JSON object, in context.report")
    fields = dict(report)
    symptoms = fields.get("symptoms")
    if isinstance(symptoms, list):
        # Labels and lay phrases as the CLI takes them ("outer knee pain"), through the pack's resolver.
        fields["symptoms"] = [pack.resolve_symptom(s) if isinstance(s, str) else s for s in symptoms]
    pairs = fields.get("contraindications")
    if isinstance(pairs, list):  # JSON has no tuples: [kind, region] pairs arrive as lists
        fields["contraindications"] = [tuple(p) if isinstance(p, list) else p for p in pairs]
    try:
        built = SymptomReport(**fields)
    except TypeError as error:  # a non-string key
        raise BadRequest(f"invalid symptom report: {error}") from None
    patient = context.get("patientId")
    return Intake(built, used=["context.report"], patient_id=patient if isinstance(patient, str) else None)


def _patient_view(context: dict[str, Any], prefetch: dict[str, Any], pack: RulePack, today: dt.date) -> Intake:
    patient_id = context.get("patientId")
    if not isinstance(patient_id, str) or not patient_id:
        raise BadRequest("patient-view needs context.patientId, a non-empty string")
    if not isinstance(context.get("userId"), str):
        raise BadRequest("patient-view needs context.userId, a string such as Practitioner/123")
    missing = [key for key in PREFETCH if prefetch.get(key) is None]
    if missing:
        # The spec's answer when a service cannot get the data it needs: 412. The service
        # fetched what it could (kneelink.interop._fetch) before this point.
        raise BadRequest(
            f"prefetch {', '.join(missing)} is missing ({', '.join(PREFETCH[k] for k in missing)}) and kneelink "
            "cannot fetch it: it reads the request's fhirServer with its fhirAuthorization only for a client "
            "whose signed JWT it verified",
            412,
        )
    patient = _object(prefetch["patient"], "prefetch.patient")
    if patient.get("resourceType") != "Patient":
        raise BadRequest("prefetch.patient must be a Patient resource")
    bundle = _object(prefetch["conditions"], "prefetch.conditions")
    if bundle.get("resourceType") != "Bundle":
        raise BadRequest("prefetch.conditions must be a Bundle of Condition resources")
    intake = Intake(None, patient_id=patient_id, from_record=True)
    age = _age(patient.get("birthDate"), today, intake)
    codes: dict[tuple[str, str], Code] = {(code.system, code.code): code for code in pack.content.codes}
    symptoms: list[str] = []
    sides: set[str] = set()
    entries = bundle.get("entry", [])
    if not isinstance(entries, list):
        raise BadRequest("prefetch.conditions.entry must be a list")
    for entry in entries:
        resource = _object(entry, "a Bundle entry").get("resource")
        if not isinstance(resource, dict) or resource.get("resourceType") != "Condition":
            continue
        if not _current(resource, patient_id, intake):
            continue
        found = _condition(resource, codes, intake)
        if found is not None:
            symptom, side = found
            symptoms.append(symptom)
            if side is not None:
                sides.add(side)
    side = None if not sides else sides.pop() if len(sides) == 1 else "both"
    if age is not None:
        intake.used.append(f"Patient.birthDate (age {age} on {today.isoformat()})")
    if symptoms:
        try:
            intake.report = SymptomReport(symptoms=symptoms, side=side, age=age)
        except KneelinkError as error:
            raise BadRequest(f"the coded conditions make no valid report: {error}") from None
    return intake


def _age(birth: object, today: dt.date, intake: Intake) -> int | None:
    if birth is None:
        intake.notes.append("the Patient has no birthDate: age not known")
        return None
    match = _DATE.match(birth) if isinstance(birth, str) else None
    if match is None:
        raise BadRequest("Patient.birthDate must be a FHIR date (YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = int(match[1]), match[2], match[3]
    try:
        earliest = dt.date(year, int(month or 1), int(day or 1))
        if day is not None:
            latest = earliest
        elif month is not None:
            latest = (earliest.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        else:
            latest = dt.date(year, 12, 31)
    except ValueError:
        raise BadRequest(f"Patient.birthDate {birth!r} is not a real date") from None
    if earliest > today:
        raise BadRequest(f"Patient.birthDate {birth!r} is after the request's date {today.isoformat()}")
    oldest, youngest = _years(earliest, today), _years(latest, today)
    if oldest != youngest:
        # A partial date can span two ages; a rule with an age bound could go either way.
        intake.notes.append(f"birthDate {birth} gives age {youngest} or {oldest}: age left out")
        return None
    if oldest > 120:
        intake.notes.append(f"birthDate {birth} gives an age over 120: age left out")
        return None
    return oldest


def _years(born: dt.date, today: dt.date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _codes_of(concept: object) -> list[tuple[str, str, str]]:
    """(system, code, display) of each coding of a CodeableConcept."""
    if not isinstance(concept, dict) or not isinstance(concept.get("coding", []), list):
        return []
    found = []
    for coding in concept.get("coding", []):
        if isinstance(coding, dict) and isinstance(coding.get("system"), str) and isinstance(coding.get("code"), str):
            display = coding.get("display")
            found.append((coding["system"], coding["code"], display if isinstance(display, str) else ""))
    return found


def _status(resource: Mapping[str, Any], key: str) -> set[str]:
    """The codes of a status CodeableConcept (its system is FHIR's own; not required here)."""
    concept = resource.get(key)
    codings = concept.get("coding", []) if isinstance(concept, dict) else []
    return (
        {c["code"] for c in codings if isinstance(c, dict) and isinstance(c.get("code"), str)}
        if isinstance(codings, list)
        else set()
    )


def _current(resource: dict[str, Any], patient_id: str, intake: Intake) -> bool:
    subject = resource.get("subject")
    reference = subject.get("reference") if isinstance(subject, dict) else None
    if isinstance(reference, str) and reference not in (f"Patient/{patient_id}", patient_id):
        intake.notes.append(f"a Condition about {reference[:60]!r}, not this patient: left out")
        return False
    return not (_status(resource, "clinicalStatus") & _INACTIVE or _status(resource, "verificationStatus") & _REFUTED)


def _condition(
    resource: dict[str, Any], codes: Mapping[tuple[str, str], Code], intake: Intake
) -> tuple[str, str | None] | None:
    codings = _codes_of(resource.get("code"))
    known = [codes[(system, code)] for system, code, _ in codings if (system, code) in codes]
    symptom_codes = [code for code in known if code.symptom is not None]
    if not symptom_codes:
        for system, code, display in codings:
            intake.not_understood.append(f"{system}|{code}" + (f" ({display})" if display else ""))
        if not codings:
            text = resource.get("code", {}).get("text") if isinstance(resource.get("code"), dict) else None
            said = f"a Condition with no coding ({str(text)[:60]!r})" if text else "a Condition with no code"
            intake.not_understood.append(said)
        return None
    chosen = symptom_codes[0]  # codings of one concept are alternatives: they mean the same thing
    side = chosen.side
    for site in resource.get("bodySite", []) if isinstance(resource.get("bodySite"), list) else []:
        for system, code, _ in _codes_of(site):
            qualifier = codes.get((system, code))
            if qualifier is not None and qualifier.side is not None:
                side = qualifier.side if side in (None, qualifier.side) else "both"
                intake.used.append(f"bodySite {system}|{code} ({qualifier.display}): {qualifier.side}")
    intake.used.append(f"Condition {chosen.system}|{chosen.code} ({chosen.display}) → {chosen.symptom}")
    if not chosen.verified:
        intake.unverified.append(f"{chosen.system}|{chosen.code}")
    assert chosen.symptom is not None
    return chosen.symptom, side
