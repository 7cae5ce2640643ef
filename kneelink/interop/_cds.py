"""An answer as CDS Hooks 2.0 cards.

The cards, in order: one triage card (always: a clinician should see that the report was
triaged, and how); one card per region to roll, in treatment order (a region is the unit a
clinician accepts or rejects, and its card carries its own chain and technique); and one
"do not roll" card listing every withheld region, with why (one card, because a withheld
list can hold every region of the pack and each says the same thing).

The triage card's indicator comes from :mod:`kneelink._triage`: ``critical`` for
the emergency levels, ``warning`` for the consultations, ``info`` for self care. Region
cards are ``info``; the "do not roll" card is ``warning``. Every ``summary`` is under 140
characters (the specification's limit); ``detail`` is GitHub-flavoured Markdown in which
every text from the pack is escaped (it is untrusted: no links, HTML or emphasis of its
own); ``source`` carries the pack and the citation the card rests on, its ``url`` only
when the citation's address is a plain http(s) URL. ``links`` lists every such address.

The triage card carries a suggestion (``selectionBehavior = "any"``) whose ``create``
action holds the answer as a draft FHIR CarePlan, referral included, so a clinician can
keep the plan with one click. A card's ``uuid`` is derived from the request's
``hookInstance``, the answer and the card, so it is unique per card per request (and the
same when the library is asked twice for the same answer without a hook instance).

>>> import kneelink
>>> cards = kneelink.cds_cards(kneelink.suggest_regions(["lateral_knee_pain"], side="right"))
>>> [card["indicator"] for card in cards][:3]
['info', 'warning', 'info']
>>> [card["summary"] for card in cards][1:3]
['Not complete: ... warning signs not checked yet', 'Roll 1st: Gluteal muscles (buttock), right leg (primary)']

An answer with warning signs still open (``complete`` false) gets the warning card second:
what to ask, by question, before acting on the advice.
"""

from __future__ import annotations

import functools
import hashlib
import re
import uuid
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from kneelink._answer import Citation, RegionSuggestion, Suggestion
from kneelink._errors import PackMismatchError, RenderError
from kneelink._escape import markdown, markdown_code
from kneelink._triage import triage_style
from kneelink.interop._fhir import care_plan, clean_text
from kneelink.rendering._text import NOT_COMPLETE, check_drawable, cite, legs_phrase, ordinal, unscreened_questions

if TYPE_CHECKING:
    from kneelink._pack import RulePack

SUMMARY_LIMIT = 140
# Why a clinician may set a card aside (CDS Hooks 2.0 ``overrideReasons``; the spec leaves the
# set to each service). kneelink's own codes, in a code system named under the canonical base
# when one is configured, else by a fixed URN (a Coding needs a system, and a URL nobody
# serves would pretend to be resolvable).
OVERRIDE_REASONS = (
    ("not-applicable", "Does not apply to this patient"),
    ("already-addressed", "Already assessed, referred or treated"),
    ("patient-declined", "The patient declined"),
    ("clinical-judgement", "Clinical assessment differs"),
)
OVERRIDE_SYSTEM_URN = "urn:uuid:69edf058-6425-4afa-ad27-d673593deabf"
OVERRIDE_SYSTEM_PATH = "/CodeSystem/override-reason"
# What the care-plan suggestion's uuid is derived from, as a card's is from its kind.
SUGGESTION_KEY = "suggestion:care-plan"
DISCLAIMER = "kneelink is not medical advice and does not diagnose."
# A stable namespace, so the same answer always gets the same card uuids.
_NAMESPACE = uuid.UUID("5d7c3b9e-2f0a-4a3e-9b1c-6a1f0c2d8e47")
# An address a card may link to: http(s), a host, and only the characters RFC 3986 allows
# unescaped (no quotes, angle brackets or spaces that could leave an attribute).
_URL = re.compile(
    r"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~%!$&'()*+,;=:@/-]*)?(\?[A-Za-z0-9._~%!$&'()*+,;=:@/?-]*)?(#[A-Za-z0-9._~%!$&'()*+,;=:@/?-]*)?$"
)


# A pack's texts recur in every answer: escape each once.
md = functools.lru_cache(maxsize=4096)(markdown)


@functools.lru_cache(maxsize=4096)
def _code(text: str) -> str:
    """``text`` as a Markdown code span (where backslash escapes do not work: no backticks inside)."""
    return f"`{markdown_code(text)}`"


def safe_url(address: str | None) -> str | None:
    """``address`` if it is a plain http(s) URL a card may link to, else ``None``."""
    return address if address is not None and _URL.match(address) else None


@functools.lru_cache(maxsize=4096)
def _summary(text: str) -> str:
    text = " ".join(clean_text(text).split())
    return text if len(text) < SUMMARY_LIMIT else text[: SUMMARY_LIMIT - 2].rstrip() + "…"


def override_reasons(canonical_base: str | None) -> list[dict[str, str]]:
    """The ``overrideReasons`` of every card: Codings with a ``display``, as the spec requires."""
    system = canonical_base.rstrip("/") + OVERRIDE_SYSTEM_PATH if canonical_base else OVERRIDE_SYSTEM_URN
    return [{"system": system, "code": code, "display": display} for code, display in OVERRIDE_REASONS]


def answer_digest(answer: Suggestion, answer_json: str) -> str:
    """What names an answer in its cards' uuids: its pack's content and its JSON
    (``answer_json``, ``answer.model_dump_json()``), hashed. Equal answers have equal digests."""
    return hashlib.sha256(f"{answer.pack.content_hash}:{answer_json}".encode()).hexdigest()


@functools.lru_cache(maxsize=1024)
def kind_tag(key: str) -> bytes:
    """Four bytes naming a card's kind (``triage``, ``region:ID``...): the last four of its uuid.

    Feedback names a card only by its uuid; with the kind inside it, the feedback endpoint
    reads the kind back from the uuid alone, after a restart as before one, without keeping
    a record of every card issued."""
    return hashlib.sha256(key.encode()).digest()[:4]


def card_kinds(pack: RulePack) -> list[str]:
    """Every kind of card (and suggestion) ``pack``'s answers can carry."""
    return ["triage", "unscreened", "withheld", "data", SUGGESTION_KEY, *(f"region:{r}" for r in pack.regions)]


def card_uuid(digest: str, hook_instance: str | None, key: str) -> str:
    """The uuid of card (or suggestion) ``key`` of the answer whose digest is ``digest``: a
    name-based uuid (version 5) whose last four bytes are :func:`kind_tag` of ``key`` (the
    version and variant bits lie before them)."""
    hashed = uuid.uuid5(_NAMESPACE, f"{hook_instance or ''}:{digest}:{key}").bytes
    return str(uuid.UUID(bytes=hashed[:12] + kind_tag(key)))


class _Cards:
    """The cards of one answer for one request: the answer's JSON is made once, here."""

    def __init__(
        self,
        answer: Suggestion,
        hook_instance: str | None,
        uuids: Callable[[str], str] | None,
        canonical_base: str | None = None,
        answer_json: str | None = None,
    ) -> None:
        self.answer = answer
        self.canonical_base = canonical_base
        self.json = answer.model_dump_json() if answer_json is None else answer_json
        self.digest = answer_digest(answer, self.json)
        self.hook_instance = hook_instance
        self.uuids = uuids

    def uuid(self, key: str) -> str:
        if self.uuids is not None:
            return self.uuids(key)
        return card_uuid(self.digest, self.hook_instance, key)

    def card(
        self,
        key: str,
        summary: str,
        detail: str,
        indicator: str,
        source: str,
        citations: Sequence[Citation] = (),
    ) -> dict[str, Any]:
        card_source: dict[str, str] = {"label": _summary(cite(source, self.answer.pack))}
        addresses = list(dict.fromkeys(a for a in (safe_url(c.address) for c in citations) if a is not None))
        # CDS Hooks gives a card one source link: the first citation a reader can open.
        if addresses:
            card_source["url"] = addresses[0]
        card: dict[str, Any] = {
            "uuid": self.uuid(key),
            "summary": _summary(summary),
            "detail": detail,
            "indicator": indicator,
            "source": card_source,
            "overrideReasons": override_reasons(self.canonical_base),
        }
        if addresses:
            titles = {safe_url(c.address): c.title for c in citations}
            card["links"] = [
                {"label": _summary(titles.get(address) or address), "url": address, "type": "absolute"}
                for address in addresses
            ]
        return card


def _triage_card(cards: _Cards) -> dict[str, Any]:
    answer = cards.answer
    style = triage_style(answer.triage)
    flags = answer.red_flags
    if style.banner is None and not flags:
        summary = "No red flag in this report: self care, foam rolling as suggested"
        detail = f"No red flag was raised by the reported symptoms.\n\n_{DISCLAIMER}_"
        return cards.card("triage", summary, detail, style.cds_indicator, "no red flag raised")
    # Self care can still hold rolling back (the first days after an injury): say so.
    heading = style.banner.heading if style.banner is not None else "Self care, but no foam rolling for now"
    summary = f"{heading} ({flags[0].label})"
    lines = [f"**{md(heading)}.**", ""]
    lines += [
        f"- **{md(flag.label)}**: {md(flag.message)} _(rule {_code(flag.rule)}; {md(flag.source)})_" for flag in flags
    ]
    if style.withholds_every_region:
        lines += ["", "Every region is withheld: no foam rolling until a clinician has seen the person."]
    lines += ["", f"_{DISCLAIMER}_"]
    source = "; ".join(dict.fromkeys(flag.source for flag in flags))
    citations = [citation for flag in flags for citation in flag.citations]
    return cards.card("triage", summary, "\n".join(lines), style.cds_indicator, source, citations)


def _unscreened_card(cards: _Cards, pack: RulePack | None) -> dict[str, Any]:
    """A warning card for an answer that is not complete: what is still open, by question."""
    questions = unscreened_questions(cards.answer, pack)
    count = len(questions)
    summary = f"Not complete: {count} warning sign{'s' if count != 1 else ''} not checked yet"
    lines = [
        f"**{md(NOT_COMPLETE)}**",
        "",
        "Ask these before acting on the advice; a yes to any of them could change it:",
    ]
    lines += [f"- {md(question)}" for question in questions]
    lines += ["", f"_{DISCLAIMER}_"]
    return cards.card("unscreened", summary, "\n".join(lines), "warning", "warning signs not yet checked")


def _region_card(cards: _Cards, number: int, region: RegionSuggestion) -> dict[str, Any]:
    summary = f"Roll {ordinal(number)}: {region.label}, {legs_phrase(region.side)} ({region.role})"
    lines = [f"**{number}. {md(region.label)}** ({legs_phrase(region.side)}; {region.role}).", ""]
    if region.how_to_roll:
        lines += [f"**How to roll:** {md(region.how_to_roll)} _({md(region.how_to_roll_source or '')})_", ""]
    for caution in region.cautions:
        lines += [
            f'**Check first:** {md(caution.question)} (answered "don\'t know"; if yes, do not roll this region)',
            "",
        ]
    lines.append("**Why:**")
    for reason in region.reasons:
        beyond = " (goes beyond the article)" if reason.extension else ""
        chain = " → ".join(_code(step) for step in reason.chain)
        lines.append(f"- {chain}: {md(reason.summary)} _(rule {_code(reason.rule)}; {md(reason.source)}{beyond})_")
        if reason.caveat:
            lines.append(f"  Caveat: {md(reason.caveat)}")
    lines += ["", f"_{DISCLAIMER}_"]
    first = region.reasons[0]
    return cards.card(f"region:{region.region}", summary, "\n".join(lines), "info", first.source, first.citations)


def _withheld_card(cards: _Cards) -> dict[str, Any]:
    answer = cards.answer
    labels = [held.label for held in answer.withheld]
    summary = f"Do not roll: {', '.join(labels)}"
    lines = ["**Do not roll these regions, on either leg:**", ""]
    grouped: dict[tuple[str, str, str], list[str]] = {}  # one line per reason, not per region
    for held in answer.withheld:
        cause = f"rule {_code(held.rule)}" if held.rule else f"reported {_code(held.contraindication or '')}"
        grouped.setdefault((held.reason, cause, held.source), []).append(held.label)
    for (reason, cause, source), names in grouped.items():
        lines.append(f"- **{'; '.join(md(name) for name in names)}**: {md(reason)} _({cause}; {md(source)})_")
    lines += ["", f"_{DISCLAIMER}_"]
    sources = "; ".join(dict.fromkeys(held.source for held in answer.withheld))
    citations = [citation for held in answer.withheld for citation in held.citations]
    return cards.card("withheld", summary, "\n".join(lines), "warning", sources, citations)


def keyed_cards(
    answer: Suggestion,
    *,
    hook_instance: str | None = None,
    subject: str | None = None,
    canonical_base: str | None = None,
    pack: RulePack | None = None,
    uuids: Callable[[str], str] | None = None,
    answer_json: str | None = None,
) -> list[tuple[str, dict[str, Any]]]:
    """The cards for ``answer``, each with its kind (``triage``, ``region:ID``, ``withheld``).

    The care-plan suggestion needs the pack that made the answer (``pack``, default
    kneelink's own); an answer from another pack, without it, gets no suggestion.
    ``uuids``, when given, gives each card's (and the suggestion's) uuid from its key
    instead of :func:`card_uuid`: a caller that serializes the cards once for many requests
    puts a placeholder there. ``answer_json``: ``answer.model_dump_json()``, when the
    caller has made it already."""
    check_drawable(answer)
    cards = _Cards(answer, hook_instance, uuids, canonical_base, answer_json)
    triage = _triage_card(cards)
    try:
        plan = care_plan(answer, subject=subject, canonical_base=canonical_base, pack=pack, answer_json=cards.json)
    except (PackMismatchError, RenderError):  # the plan needs the pack's regions; the cards do not
        plan = None
    referral = triage_style(answer.triage).fhir_priority is not None
    if plan is not None:
        triage["suggestions"] = [
            {
                "label": "Keep this as a draft care plan" + (", referral included" if referral else ""),
                "uuid": cards.uuid(SUGGESTION_KEY),
                "isRecommended": True,
                "actions": [
                    {"type": "create", "description": "Add a draft CarePlan (proposal) from kneelink", "resource": plan}
                ],
            }
        ]
        triage["selectionBehavior"] = "any"
    keyed = [("triage", triage)]
    if not answer.complete:
        keyed.append(("unscreened", _unscreened_card(cards, pack)))
    keyed += [(f"region:{region.region}", _region_card(cards, n, region)) for n, region in enumerate(answer.regions, 1)]
    if answer.withheld:
        keyed.append(("withheld", _withheld_card(cards)))
    return keyed


def cds_cards(
    answer: Suggestion,
    *,
    hook_instance: str | None = None,
    subject: str | None = None,
    canonical_base: str | None = None,
    pack: RulePack | None = None,
) -> list[dict[str, Any]]:
    """``answer`` as CDS Hooks 2.0 cards (JSON-ready dicts): a triage card, then one card per
    region to roll, then one "do not roll" card if any region is withheld. ``hook_instance``
    (the request's) makes the card uuids unique to that request. ``pack`` is the pack that
    made the answer (default kneelink's own): it words the open questions, and with
    ``subject`` and ``canonical_base`` makes the CarePlan the triage card offers (see
    :func:`kneelink.care_plan`)."""
    keyed = keyed_cards(answer, hook_instance=hook_instance, subject=subject, canonical_base=canonical_base, pack=pack)
    return [card for _, card in keyed]
