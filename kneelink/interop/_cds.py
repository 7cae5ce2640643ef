"""An answer as CDS Hooks 2.0 cards.

The cards, in order: one triage card (always: a clinician should see that the report was
triaged, and how); one card per region to roll, in treatment order (a region is the unit a
clinician accepts or rejects, and its card carries its own chain and technique); and one
"do not roll" card listing every withheld region, with why (one card, because a withheld
list can hold every region of the pack and each says the same thing).

The triage card's indicator comes from :mod:`kneelink.rendering._triage`: ``critical`` for
the emergency levels, ``warning`` for the consultations, ``info`` for self care. Region
cards are ``info``; the "do not roll" card is ``warning``. Every ``summary`` is at most 140
characters (the specification's limit); ``detail`` is GitHub-flavoured Markdown; ``source``
carries the pack and the citation the card rests on.

>>> import kneelink
>>> cards = kneelink.suggest_regions(["lateral_knee_pain"], side="right").to_cds_cards()
>>> [card["indicator"] for card in cards][:2]
['info', 'info']
>>> cards[1]["summary"]
'Roll 1st: Gluteal muscles (buttock), right leg (primary)'
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from kneelink._answer import Citation, RegionSuggestion, Suggestion
from kneelink._escape import json_text
from kneelink._escape import markdown as md
from kneelink._escape import markdown_code as code
from kneelink.rendering._text import check_drawable, cite, legs_phrase, ordinal
from kneelink.rendering._triage import triage_style

SUMMARY_LIMIT = 140
DISCLAIMER = "kneelink is not medical advice and does not diagnose."
# A stable namespace, so the same answer always gets the same card uuids.
_NAMESPACE = uuid.UUID("5d7c3b9e-2f0a-4a3e-9b1c-6a1f0c2d8e47")


def _summary(text: str) -> str:
    return text if len(text) <= SUMMARY_LIMIT else text[: SUMMARY_LIMIT - 1].rstrip() + "…"


def _card(
    answer: Suggestion,
    key: str,
    summary: str,
    detail: str,
    indicator: str,
    source: str,
    citations: Sequence[Citation] = (),
) -> dict[str, Any]:
    card_source: dict[str, str] = {"label": _summary(json_text(cite(answer.pack, source)))}
    # CDS Hooks gives a card one source link: the first citation a reader can open.
    address = next((citation.address for citation in citations if citation.address), None)
    if address is not None:
        card_source["url"] = json_text(address)
    return {
        "uuid": str(uuid.uuid5(_NAMESPACE, f"{answer.pack.content_hash}:{answer.model_dump_json()}:{key}")),
        "summary": _summary(json_text(summary)),
        "detail": detail,
        "indicator": indicator,
        "source": card_source,
    }


def _triage_card(answer: Suggestion) -> dict[str, Any]:
    style = triage_style(answer.triage)
    flags = answer.red_flags
    if style.banner is None and not flags:
        summary = "No red flag in this report: self care, foam rolling as suggested"
        detail = f"No red flag was raised by the reported symptoms.\n\n_{DISCLAIMER}_"
        return _card(answer, "triage", summary, detail, style.cds_indicator, "no red flag raised")
    # Self care can still hold rolling back (the first days after an injury): say so.
    heading = style.banner.heading if style.banner is not None else "Self care, but no foam rolling for now"
    summary = f"{heading} ({flags[0].label})"
    lines = [f"**{heading}.**", ""]
    lines += [
        f"- **{md(flag.label)}**: {md(flag.message)} _(rule `{code(flag.rule)}`; {md(flag.source)})_" for flag in flags
    ]
    if style.withholds_every_region:
        lines += ["", "Every region is withheld: no foam rolling until a clinician has seen the person."]
    lines += ["", f"_{DISCLAIMER}_"]
    source = "; ".join(dict.fromkeys(flag.source for flag in flags))
    citations = [citation for flag in flags for citation in flag.citations]
    return _card(answer, "triage", summary, "\n".join(lines), style.cds_indicator, source, citations)


def _region_card(answer: Suggestion, number: int, region: RegionSuggestion) -> dict[str, Any]:
    summary = f"Roll {ordinal(number)}: {region.label}, {legs_phrase(region.side)} ({region.role})"
    lines = [f"**{number}. {md(region.label)}** ({legs_phrase(region.side)}; {region.role}).", ""]
    if region.how_to_roll:
        lines += [f"**How to roll:** {md(region.how_to_roll)} _({md(region.how_to_roll_source or '')})_", ""]
    lines.append("**Why:**")
    for reason in region.reasons:
        beyond = " (goes beyond the article)" if reason.extension else ""
        chain = " → ".join(f"`{code(step)}`" for step in reason.chain)
        lines.append(f"- {chain}: {md(reason.summary)} _(rule `{code(reason.rule)}`; {md(reason.source)}{beyond})_")
        if reason.caveat:
            lines.append(f"  Caveat: {md(reason.caveat)}")
    lines += ["", f"_{DISCLAIMER}_"]
    first = region.reasons[0]
    return _card(answer, f"region:{region.region}", summary, "\n".join(lines), "info", first.source, first.citations)


def _withheld_card(answer: Suggestion) -> dict[str, Any]:
    labels = [held.label for held in answer.withheld]
    summary = f"Do not roll: {', '.join(labels)}"
    lines = ["**Do not roll these regions, on either leg:**", ""]
    grouped: dict[tuple[str, str, str], list[str]] = {}  # one line per reason, not per region
    for held in answer.withheld:
        cause = f"rule `{code(held.rule)}`" if held.rule else f"reported `{code(held.contraindication or '')}`"
        grouped.setdefault((held.reason, cause, held.source), []).append(held.label)
    for (reason, cause, source), names in grouped.items():
        lines.append(f"- **{'; '.join(map(md, names))}**: {md(reason)} _({cause}; {md(source)})_")
    lines += ["", f"_{DISCLAIMER}_"]
    sources = "; ".join(dict.fromkeys(held.source for held in answer.withheld))
    citations = [citation for held in answer.withheld for citation in held.citations]
    return _card(answer, "withheld", summary, "\n".join(lines), "warning", sources, citations)


def cds_cards(answer: Suggestion) -> list[dict[str, Any]]:
    """The CDS Hooks 2.0 cards for ``answer``, as JSON-ready dicts (see the module doc)."""
    check_drawable(answer)
    cards = [_triage_card(answer)]
    cards += [_region_card(answer, number, region) for number, region in enumerate(answer.regions, start=1)]
    if answer.withheld:
        cards.append(_withheld_card(answer))
    return cards
