"""Every text a member of the public reads is plain: Flesch-Kincaid grade 8 or below.

Grade 8 is what a 12- or 13-year-old reads; the NHS and most health services aim for it.
The formula counts words per sentence and syllables per word, so a message fails by long
sentences or long words, which is what makes advice hard to act on.

The formula is Kincaid et al.'s (1975): 0.39 x words per sentence + 11.8 x syllables per
word - 15.59. Syllables are counted from Pyphen's English hyphenation dictionary, as
textstat 0.7 did; textstat itself is not used, since its later releases download NLTK data
when first used and its 0.7 releases need setuptools' pkg_resources, which Python 3.12's
venvs no longer carry.
"""

from __future__ import annotations

import itertools
import re

import pyphen
import pytest

import kneelink
from kneelink._explain import advice
from kneelink._triage import TriageLevel

MAX_GRADE = 8.0
PACK = kneelink.default_pack()
_HYPHENATION = pyphen.Pyphen(lang="en_US")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*|[0-9]+")
_SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*(?:\s|$)")


def flesch_kincaid_grade(text: str) -> float:
    """The Flesch-Kincaid grade level of ``text``.

    >>> round(flesch_kincaid_grade("The cat sat on the mat. It was happy."), 1)  # 9 words, 2 sentences, 10 syllables
    -0.7
    """
    words = _WORD.findall(text)
    sentences = max(1, len(_SENTENCE_END.findall(text.strip() + " ")))
    syllables = sum(len(_HYPHENATION.positions(word)) + 1 for word in words)
    return 0.39 * len(words) / sentences + 11.8 * syllables / max(1, len(words)) - 15.59


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
    grade = flesch_kincaid_grade(TEXTS[name])
    assert grade <= MAX_GRADE, f"{name} reads at grade {grade}: {TEXTS[name]}"


def test_the_formula_does_fail_hard_text() -> None:
    hard = (
        "Notwithstanding considerable interindividual variability, contemporaneous radiographic evaluation "
        "is unequivocally recommended following traumatic musculoskeletal presentations."
    )
    assert flesch_kincaid_grade(hard) > MAX_GRADE
