"""A :class:`~kneelink.Suggestion` as plain text a person can read: what
``Suggestion.to_text()`` returns and ``kneelink suggest`` prints.

Layout, in sections separated by one blank line: the triage level, what it asks (the
answer's ``advice``) and its red flags; the regions to roll, each with how and why (and the
source's own caveat, where it makes one); what not to roll, each reason said once and its
regions listed under it; the pack and the disclaimer. Every line fits in ``width`` columns.

Triage levels and citations are rendered by :func:`triage_heading` and :func:`cite`
alone, so a change to either (more triage levels, sources as data) is one edit here.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from typing import TYPE_CHECKING

from kneelink._escape import terminal

if TYPE_CHECKING:
    from kneelink._answer import RegionSuggestion, Suggestion, WithheldRegion

DISCLAIMER = "kneelink is not medical advice and does not diagnose. If in doubt, see a clinician."
MIN_WIDTH = 40
# Said wherever "primary" is shown: the role follows the article's chain, and the evidence
# for treating knee pain favours strengthening exercise, not rolling (Willy 2019).
PRIMARY_MEANS = "Primary means the article's muscle chain points there. It is not a proven treatment."


_HEADINGS = {
    "emergency_ambulance": "EMERGENCY: CALL AN AMBULANCE",
    "emergency": "EMERGENCY: GO TO AN EMERGENCY DEPARTMENT",
    "consultation_24": "SEE A DOCTOR WITHIN 24 HOURS",
    "consultation": "SEE A DOCTOR",
    "self_care": "SELF CARE",
}


def triage_heading(triage: str) -> str:
    """The line that opens an answer: ``TRIAGE: SEE A DOCTOR WITHIN 24 HOURS``."""
    return f"TRIAGE: {_HEADINGS.get(triage, triage.replace('_', ' ').upper())}"


def cite(source: str) -> str:
    """A claim's source, as shown after it."""
    return f"({source})"


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
    lines = [*_fill(triage_heading(answer.triage), width, "", "  "), *_fill(answer.advice, width, "", "")]
    for flag in answer.red_flags:
        lines += _fill(f"{flag.label}: {flag.message}", width, "  ! ", "    ")
        lines += _fill(cite(flag.source), width, "    ", "    ")
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
        lines += _fill(f"{region.how_to_roll} {cite(region.how_to_roll_source or '')}", width, "   How: ", " " * 8)
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
            heading = f"Do not roll these regions: {reason} {cite(source)}"
        lines += _fill(heading, width, "", "")
        lines += _listed((held.label for held in regions), width)
    return lines


def _listed(labels: Iterable[str], width: int) -> list[str]:
    lines: list[str] = []
    for label in labels:
        lines += _fill(label, width, "  - ", "    ")
    return lines


def render(answer: Suggestion, width: int = 88) -> str:
    """The text of :meth:`kneelink.Suggestion.to_text`."""
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
