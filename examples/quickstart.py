"""kneelink quick start: suggest regions to foam-roll for a knee pain report, with the reasons.

Run from the repository root:

    python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/python examples/quickstart.py

kneelink is not medical advice and does not diagnose.
"""

from __future__ import annotations

import kneelink


def main() -> None:
    answer = kneelink.suggest_regions(["lateral_knee_pain", "running_downhill"], side="right", age=34)
    # Red flags first, then each region in treatment order with how and why, then what
    # not to roll; the same text `kneelink suggest` prints. The answer's fields are all
    # there for your own rendering (answer.regions, answer.red_flags, answer.withheld...).
    print(kneelink.answer_text(answer))

    # A symptom id the pack does not know raises UnknownSymptomError (a ValueError),
    # with the closest ids it does know.
    try:
        kneelink.suggest_regions(["lateral_knee_pian"])
    except kneelink.UnknownSymptomError as error:
        print()
        print(f"unknown symptom {error.value!r}; did you mean: {', '.join(error.suggestions)}")


if __name__ == "__main__":
    main()
