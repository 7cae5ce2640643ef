"""The text renderings of an answer, and the small text helpers every rendering shares.

:func:`answer_text` is an answer as plain text a person can read (``kneelink suggest``
prints it). Layout, in sections separated by one blank line: the triage heading, what it
asks (the answer's ``advice``) and its red flags; the regions to roll, each with how and why
(and the source's own caveat, where it makes one); what not to roll, each reason said once
and its regions listed under it; the pack and the disclaimer. Every line fits in ``width``
columns. Headings come from the triage table (:mod:`kneelink._triage`) and sources from
:func:`cite` alone, in this rendering as in the cards and the FHIR resources.

>>> wrap("Lie face up with the foam roller on the floor", 20)
['Lie face up with the', 'foam roller on the', 'floor']
>>> legs_phrase("unspecified")
'both legs (side not given)'
>>> cite("a source", PackInfo(name="kneelink-default", version="0.1.0", content_hash="ab", engine="native"))
'kneelink-default 0.1.0: a source'
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import TYPE_CHECKING

from kneelink._answer import AnswerSide, PackInfo, RegionSuggestion, Suggestion, WithheldRegion, inconsistencies
from kneelink._errors import PackMismatchError, RenderError, closest, did_you_mean, excerpt
from kneelink._escape import terminal
from kneelink._pack import RulePack, default_pack
from kneelink._triage import triage_style

if TYPE_CHECKING:
    from kneelink._schema import Symptom

DISCLAIMER = "kneelink is not medical advice and does not diagnose. If in doubt, see a clinician."
MIN_WIDTH = 40
# Said wherever "primary" is shown: the role follows the article's chain, and the evidence
# for treating knee pain favours strengthening exercise, not rolling (Willy 2019).
PRIMARY_MEANS = "Primary means the article's muscle chain points there. It is not a proven treatment."

_LEGS = {
    "left": "left leg",
    "right": "right leg",
    "both": "both legs",
    "unspecified": "both legs (side not given)",
}


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` characters (longer words stay whole)."""
    return textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False) or [""]


def legs_phrase(side: AnswerSide) -> str:
    """Which legs an answer's ``side`` marks, in words."""
    return _LEGS[side]


def ordinal(number: int) -> str:
    """``1`` -> ``'1st'``.

    >>> [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22)]
    ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd']
    """
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def cite(source: str, pack: PackInfo | None = None) -> str:
    """A claim's source as every rendering shows it: the source line, after the pack that
    said it (``pack``) where the claim leaves the answer (a card, a FHIR resource).

    One place, so that when sources become data the citation text changes here only.
    """
    return source if pack is None else f"{pack.name} {pack.version}: {source}"


def pack_for(answer: Suggestion, pack: RulePack | None) -> RulePack:
    """The pack that made ``answer``: ``pack`` if given, else kneelink's default pack;
    :class:`~kneelink.PackMismatchError` if that is not the pack the answer names."""
    check_drawable(answer)
    chosen = pack if pack is not None else default_pack()
    if chosen.info != answer.pack:
        raise PackMismatchError(
            f"the answer came from rule pack {answer.pack.name} {answer.pack.version} "
            f"({answer.pack.content_hash[:12]}), not {chosen.info.name} {chosen.info.version} "
            f"({chosen.info.content_hash[:12]}); pass the pack that made it as pack="
        )
    named = [region.region for region in answer.regions] + [held.region for held in answer.withheld]
    for region_id in named:
        if region_id not in chosen.regions:
            raise RenderError(
                f"the answer names region {excerpt(region_id)}, which rule pack {chosen.info.name} "
                f"{chosen.info.version} does not have{did_you_mean(closest(region_id, chosen.regions))}: "
                "it was edited after kneelink gave it"
            )
    return chosen


def check_drawable(answer: Suggestion) -> None:
    """A :class:`~kneelink.RenderError` if ``answer`` is not one a pack could give (see
    :func:`kneelink._answer.inconsistencies`): one built with ``model_construct``, say."""
    problems = inconsistencies(answer)
    if problems:
        raise RenderError(f"cannot draw this answer: {'; '.join(problems[:3])}")


# What an answer's unscreened measures ask, in the interview's words.
_MEASURE_QUESTIONS = {
    "age": "How old is the person?",
    "days_since_injury": "How many days ago was the knee injured?",
}
# Said by every rendering of an answer that is not complete, beside what is still open.
NOT_COMPLETE = "Not complete: some warning signs were not asked about or not known."


def unscreened_questions(answer: Suggestion, pack: RulePack | None = None) -> list[str]:
    """The questions still open on ``answer`` (its ``unscreened``), in the pack's words:
    each warning sign's question, or its id where ``pack`` (default kneelink's own) is not
    the pack that made the answer."""
    try:
        symptoms: Mapping[str, Symptom] = pack_for(answer, pack).symptoms
    except (PackMismatchError, RenderError):  # the questions need the pack; the ids do not
        symptoms = {}
    questions = []
    for id_ in answer.unscreened:
        symptom = symptoms.get(id_)
        if id_ in _MEASURE_QUESTIONS:
            questions.append(_MEASURE_QUESTIONS[id_])
        elif symptom is not None:
            questions.append(symptom.question or symptom.label)
        else:
            questions.append(id_)
    return questions


def _fill(text: str, width: int, first: str, rest: str) -> list[str]:
    """``text`` wrapped to ``width``, the first line after ``first``, the others after ``rest``."""
    lines = textwrap.wrap(
        text,
        width=width,
        initial_indent=first,
        subsequent_indent=rest,
        break_on_hyphens=False,  # ids and line ranges ("25-31") stay whole
    )
    # textwrap can leave a space before a long word it had to break (a web address).
    return [line.rstrip() for line in lines] or [first.rstrip()]


def _triage(answer: Suggestion, width: int) -> list[str]:
    lines = [
        *_fill(f"TRIAGE: {triage_style(answer.triage).heading}", width, "", "  "),
        *_fill(answer.advice, width, "", ""),
    ]
    for flag in answer.red_flags:
        lines += _fill(f"{flag.label}: {flag.message}", width, "  ! ", "    ")
        lines += _fill(f"({cite(flag.source)})", width, "    ", "    ")
    return lines


def _region(number: int, region: RegionSuggestion, width: int) -> list[str]:
    side = "" if region.side == "unspecified" else f", {region.side} side"
    lines = _fill(f"{region.label} [{region.role}{side}]", width, f"{number}. ", "   ")
    for caution in region.cautions:
        lines += _fill(
            f'{caution.question} You answered "don\'t know". If the answer is yes, do not roll this region: '
            "see a doctor first.",
            width,
            "   Check first: ",
            " " * 8,
        )
    if region.how_to_roll:
        lines += _fill(f"{region.how_to_roll} ({cite(region.how_to_roll_source or '')})", width, "   How: ", " " * 8)
    for reason in region.reasons:
        extension = "; extension beyond the article" if reason.extension else ""
        lines += _fill(" -> ".join(reason.chain), width, "   Why: ", " " * 8)
        lines += _fill(f"{reason.summary} [{reason.rule}; {reason.source}{extension}]", width, " " * 8, " " * 8)
        if reason.caveat:
            lines += _fill(f"Caveat: {reason.caveat}", width, " " * 8, " " * 8)
    return lines


def _withheld(answer: Suggestion, width: int) -> list[str]:
    """Each distinct reason once, then the regions it withholds. A reason that is a red
    flag's message, already said above, is referred to by the flag's label."""
    said_above = {flag.message: flag.label for flag in answer.red_flags}
    groups: dict[tuple[str, str], list[WithheldRegion]] = {}
    for held in answer.withheld:
        groups.setdefault((held.reason, held.source), []).append(held)
    lines: list[str] = []
    for (reason, source), regions in groups.items():
        if reason in said_above:
            heading = f"Do not roll these regions (red flag above: {said_above[reason]}):"
        else:
            heading = f"Do not roll these regions: {reason} ({cite(source)})"
        lines += _fill(heading, width, "", "")
        for held in regions:
            lines += _fill(held.label, width, "  - ", "    ")
    return lines


def answer_text(answer: Suggestion, width: int = 88) -> str:
    """``answer`` as plain text a person can read, every line at most ``width`` columns
    (40 or more): the triage and its red flags first, then each region to roll with how and
    why, then what not to roll, each reason said once. ``kneelink suggest`` prints this.

    >>> import kneelink
    >>> text = kneelink.answer_text(kneelink.suggest_regions(["lateral_knee_pain"]), width=60)
    >>> [line for line in text.splitlines() if line.startswith("1. ")]
    ['1. Gluteal muscles (buttock) [primary]']
    >>> max(len(line) for line in text.splitlines()) <= 60
    True
    """
    if width < MIN_WIDTH:
        raise ValueError(f"width must be at least {MIN_WIDTH} columns (got {width})")
    sections: list[list[str]] = [_triage(answer, width)]
    if answer.regions:
        regions = _fill("Regions to roll, in this order:", width, "", "")
        if any(region.role == "primary" for region in answer.regions):
            regions += _fill(PRIMARY_MEANS, width, "", "")
        for number, region in enumerate(answer.regions, start=1):
            regions += _region(number, region, width)
        sections.append(regions)
    if answer.withheld:
        sections.append(_withheld(answer, width))
    sections.append(_fill(f"Rule pack {answer.pack.name} {answer.pack.version}. {DISCLAIMER}", width, "", ""))
    # Pack texts are checked when loaded, but an answer may come from elsewhere (JSON):
    # nothing a terminal would act on gets through.
    return terminal("\n\n".join("\n".join(section) for section in sections))
