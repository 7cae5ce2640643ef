"""kneelink quick start: suggest regions to foam-roll for a knee pain report, with the reasons.

Run from the repository root:

    python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/python examples/quickstart.py

kneelink is not medical advice and does not diagnose.
"""

from __future__ import annotations

import textwrap

import kneelink


def show(answer: kneelink.Suggestion) -> None:
    """Print an answer: red flags first, then each region in treatment order, then what not to roll."""
    print(f"triage: {answer.triage}")
    for flag in answer.red_flags:
        print(f"  RED FLAG ({flag.level}) {flag.label}: {flag.message} [{flag.source}]")

    for number, region in enumerate(answer.regions, start=1):
        print(f"{number}. {region.label} ({region.region}) - {region.role}, {region.side} side")
        if region.how_to_roll is not None:
            how = f"how to roll: {region.how_to_roll} [{region.how_to_roll_source}]"
            print(textwrap.fill(how, width=88, initial_indent="   ", subsequent_indent="      "))
        for reason in region.reasons:
            beyond = " (beyond the article)" if reason.extension else ""
            print(f"   why: {' -> '.join(reason.chain)}")
            print(f"        rule {reason.rule}; {reason.source}{beyond}")

    for held in answer.withheld:
        cause = held.rule or held.contraindication
        print(f"  DO NOT ROLL {held.label}: {held.reason} [{cause}: {held.source}]")

    print(f"(rule pack {answer.pack.name} {answer.pack.version})")


def main() -> None:
    answer = kneelink.suggest_regions(["lateral_knee_pain", "running_downhill"], side="right", age=34)
    show(answer)

    # A symptom id the pack does not know raises UnknownSymptomError (a ValueError),
    # with the closest ids it does know.
    try:
        kneelink.suggest_regions(["lateral_knee_pian"])
    except kneelink.UnknownSymptomError as error:
        print()
        print(f"unknown symptom {error.value!r}; did you mean: {', '.join(error.suggestions)}")


if __name__ == "__main__":
    main()
