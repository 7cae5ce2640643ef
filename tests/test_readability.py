"""Every text a member of the public reads is plain: Flesch-Kincaid grade 8 or below.

Grade 8 is what a 12- or 13-year-old reads; the NHS and most health services aim for it.
The formula (textstat's) counts words per sentence and syllables per word, so a message
fails by long sentences or long words, which is what makes advice hard to act on.
"""

from __future__ import annotations

import itertools

import pytest
import textstat

import kneelink
from kneelink._explain import advice
from kneelink._triage import TriageLevel

MAX_GRADE = 8.0
PACK = kneelink.default_pack()


def _public_texts() -> dict[str, str]:
    content = PACK.content
    texts = {f"red flag {flag.id}": flag.message.format_map(PACK.places) for flag in content.red_flags.values()}
    texts |= {f"contraindication {kind.id}": kind.message for kind in content.contraindications.values()}
    texts |= {f"how to roll {r.id}": r.how_to_roll for r in content.regions.values() if r.how_to_roll}
    texts |= {f"question {symptom.id}": symptom.question for symptom in content.symptoms.values() if symptom.question}
    for level, any_region, any_withheld, complete in itertools.product(TriageLevel, *[(True, False)] * 3):
        texts[f"advice {level} {any_region} {any_withheld} {complete}"] = advice(
            level, any_region, any_withheld, complete
        )
    return texts


TEXTS = _public_texts()


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_public_text_reads_at_grade_8_or_below(name: str) -> None:
    grade = textstat.flesch_kincaid_grade(TEXTS[name])
    assert grade <= MAX_GRADE, f"{name} reads at grade {grade}: {TEXTS[name]}"


def test_the_formula_does_fail_hard_text() -> None:
    hard = (
        "Notwithstanding considerable interindividual variability, contemporaneous radiographic evaluation "
        "is unequivocally recommended following traumatic musculoskeletal presentations."
    )
    assert textstat.flesch_kincaid_grade(hard) > MAX_GRADE
