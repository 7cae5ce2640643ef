"""An answer with warning signs still open says so in every rendering: the text, the CDS
Hooks cards (a warning card listing what to ask), the FHIR CarePlan (a note) and the body
map (a band; tests/render/test_body_map.py looks at it in Chromium)."""

from __future__ import annotations

import kneelink
from kneelink import SymptomReport
from kneelink.rendering._text import NOT_COMPLETE

PACK = kneelink.default_pack()
OPEN = PACK.suggest_regions(["lateral_knee_pain"], side="right")  # no age, no warning sign asked
SCREENED = PACK.suggest_regions(
    SymptomReport(
        symptoms=["lateral_knee_pain"],
        side="right",
        age=34,
        absent=PACK.suggest_regions(["lateral_knee_pain"], age=34).unscreened,
    )
)


def test_the_two_answers_differ_in_completeness_only() -> None:
    assert not OPEN.complete
    assert SCREENED.complete
    assert OPEN.triage == SCREENED.triage == "self_care"
    assert "age" in OPEN.unscreened


def test_the_cards_carry_a_warning_card_listing_each_open_question() -> None:
    cards = kneelink.cds_cards(OPEN)
    (card,) = [card for card in cards if card["summary"].startswith("Not complete")]
    assert card["indicator"] == "warning"
    assert len(card["summary"]) < 140
    assert cards.index(card) == 1, "right after the triage card"
    for id_ in OPEN.unscreened:
        if id_ in PACK.symptoms:
            assert PACK.symptoms[id_].question in card["detail"].replace("\\", ""), id_
    assert "How old is the person?" in card["detail"]
    assert not [card for card in kneelink.cds_cards(SCREENED) if card["summary"].startswith("Not complete")]


def test_the_care_plan_carries_a_note_with_the_open_questions() -> None:
    plan = kneelink.care_plan(OPEN)
    note, *others = plan["note"]
    assert note["text"].startswith(NOT_COMPLETE)
    assert PACK.symptoms["one_leg_swelling"].question in note["text"]
    assert others == kneelink.care_plan(SCREENED)["note"], "the notes every plan has stay"
    assert not any(NOT_COMPLETE in note["text"] for note in kneelink.care_plan(SCREENED)["note"])


def test_the_text_says_it_first() -> None:
    assert kneelink.answer_text(OPEN).splitlines()[1].startswith("This answer is not complete")
    assert "not complete" not in kneelink.answer_text(SCREENED)


def test_a_caution_reaches_the_region_cards() -> None:
    answer = PACK.suggest_regions(SymptomReport(symptoms=["lateral_knee_pain"], unknown=["one_leg_swelling"], age=40))
    region_cards = [card for card in kneelink.cds_cards(answer) if card["summary"].startswith("Roll")]
    assert region_cards
    assert all("Check first:" in card["detail"] for card in region_cards)
