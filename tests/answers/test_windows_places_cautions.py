"""Pack 3.0.0's data model: when an injury happened (windows), where messages send people
(places), and what a "don't know" does to the regions (cautions)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from packs import header, line_with, write_pack

import kneelink
from kneelink import ReportError, RuleFileError, SymptomReport

PACK = kneelink.default_pack()


# --- Windows ------------------------------------------------------------------------------


@given(days=st.integers(min_value=0, max_value=36_500))
def test_the_no_massage_window_holds_for_the_first_3_days_only(days: int) -> None:
    answer = PACK.suggest_regions(["knee_pain", "knee_injury"], age=30, days_since_injury=days)
    assert ("recent_injury" in {hit.id for hit in answer.red_flags}) == (days <= 3)
    assert (answer.regions == ()) == (days <= 3)


@given(days=st.integers(min_value=0, max_value=36_500), age=st.integers(min_value=55, max_value=120))
def test_the_ottawa_age_criterion_holds_for_7_days_only(days: int, age: int) -> None:
    answer = PACK.suggest_regions(["knee_pain", "knee_injury"], age=age, days_since_injury=days)
    assert ("fracture_check_for_age" in {hit.id for hit in answer.red_flags}) == (days <= 7)


def test_an_injury_on_a_day_not_known_counts_as_today() -> None:
    unknown_day = PACK.suggest_regions(["knee_pain", "knee_injury"], age=60)
    today = PACK.suggest_regions(["knee_pain", "knee_injury"], age=60, days_since_injury=0)
    assert unknown_day.triage == today.triage == "consultation_24"
    assert [hit.id for hit in unknown_day.red_flags] == [hit.id for hit in today.red_flags]


def test_a_window_is_unknown_when_the_injury_is_and_absent_when_it_is_denied() -> None:
    unknown = PACK.suggest_regions(SymptomReport(symptoms=["knee_pain"], unknown=["knee_injury"], age=60))
    denied = PACK.suggest_regions(SymptomReport(symptoms=["knee_pain"], absent=["knee_injury"], age=60))
    assert unknown.red_flags == denied.red_flags == ()
    assert "knee_injury" in unknown.unscreened
    assert "knee_injury" not in denied.unscreened


def test_a_report_cannot_name_a_window_itself() -> None:
    with pytest.raises(ReportError, match=r"'injured_in_last_7_days' is worked out from 'knee_injury'"):
        PACK.suggest_regions(["knee_pain", "injured_in_last_7_days"])


def test_days_since_injury_is_checked_like_age() -> None:
    with pytest.raises(ReportError, match="days_since_injury"):
        PACK.suggest_regions(["knee_injury"], days_since_injury=-1)
    with pytest.raises(ReportError, match="both given"):
        SymptomReport(symptoms=["knee_injury"], days_since_injury=2, unknown=["days_since_injury"])
    report = SymptomReport(symptoms=["knee_injury"]).with_answer("days_since_injury", 9)
    assert report.days_since_injury == 9
    assert report.answered("days_since_injury")


def test_a_window_in_a_rule_file_needs_its_range(tmp_path: Path) -> None:
    text = (
        header("windows", "1")
        + '\n[[symptom]]\nid = "hurt"\nlabel = "Hurt"\ncategory = "red_flag"\ncite = ["article#4"]\n'
        + '\n[[symptom]]\nid = "hurt_lately"\nlabel = "Hurt lately"\ncategory = "window"\n'
        + 'window = { after = "hurt" }\ncite = ["article#4"]\n'
    )
    with pytest.raises(RuleFileError) as raised:
        kneelink.load_pack(write_pack(tmp_path, pack=text))
    assert "a window needs `min_days`, `max_days` or both" in str(raised.value)
    assert f"pack.toml:{line_with(text, 'window = ')}" in str(raised.value)


# --- Places -------------------------------------------------------------------------------


def test_an_app_sets_the_places_and_every_message_follows() -> None:
    us = PACK.with_places(emergency_number="911", emergency_department="the emergency room")
    assert us.places["emergency_number"] == "911"
    for symptoms in (["breathless_or_chest_pain"], ["knee_locked"], ["one_leg_swelling"]):
        for hit in us.suggest_regions(symptoms).red_flags:
            assert "999" not in hit.message
            assert "A&E" not in hit.message
    assert "the emergency room" in us.suggest_regions(["knee_locked"]).red_flags[0].message
    assert PACK.places["emergency_number"] == "999", "with_places makes a new pack"


@pytest.mark.parametrize(
    ("places", "says"),
    [
        ({"emergency_numbr": "911"}, "unknown place 'emergency_numbr'; did you mean 'emergency_number'?"),
        ({"emergency_number": "call us"}, "place emergency_number"),
    ],
)
def test_a_bad_place_is_a_pack_error(places: dict[str, str], says: str) -> None:
    with pytest.raises(kneelink.PackError, match=says):
        PACK.with_places(**places)


def test_a_message_naming_an_unknown_place_is_refused_at_its_line(tmp_path: Path) -> None:
    text = (
        header("places", "1")
        + '\n[[red_flag]]\nid = "call"\nlabel = "Call"\nlevel = "emergency"\n'
        + 'message = "Call {ambulance_number} now."\ncite = ["article#4"]\n'
    )
    with pytest.raises(RuleFileError) as raised:
        kneelink.load_pack(write_pack(tmp_path, pack=text))
    message = str(raised.value)
    assert "unknown place {ambulance_number}" in message
    assert "{emergency_number}" in message
    assert f"pack.toml:{line_with(text, 'message = ')}" in message


# --- Cautions -----------------------------------------------------------------------------


def test_dont_know_to_a_clot_sign_puts_a_caution_on_every_region_it_would_withhold() -> None:
    report = SymptomReport(symptoms=["lateral_knee_pain"], unknown=["one_leg_swelling"], age=40)
    answer = PACK.suggest_regions(report)
    assert answer.regions, "a don't know is not a yes: the regions are still shown"
    for region in answer.regions:
        assert [caution.symptom for caution in region.cautions] == ["one_leg_swelling"]
        assert region.cautions[0].question == PACK.symptoms["one_leg_swelling"].question
    text = kneelink.answer_text(answer)
    assert "Check first: Is one calf or one thigh swollen?" in text
    assert "don't know" in text


def test_dont_know_to_a_sign_that_withholds_nothing_adds_no_caution() -> None:
    answer = PACK.suggest_regions(SymptomReport(symptoms=["lateral_knee_pain"], unknown=["cancer_history"], age=40))
    assert all(region.cautions == () for region in answer.regions)


def test_a_no_leaves_no_caution() -> None:
    answer = PACK.suggest_regions(SymptomReport(symptoms=["lateral_knee_pain"], absent=["one_leg_swelling"], age=40))
    assert all(region.cautions == () for region in answer.regions)


def test_the_text_says_what_primary_means() -> None:
    assert "It is not a proven treatment." in kneelink.answer_text(PACK.suggest_regions(["lateral_knee_pain"]))


# --- What changed for a pack author ------------------------------------------------------


def test_a_layered_pack_naming_an_id_pack_3_renamed_is_told_what_to_use(tmp_path: Path) -> None:
    rules = (
        'schema_version = 2\n\n[[rule]]\nid = "skier_fell"\nsummary = "A skier\'s fall."\n'
        'when = { all = ["recent_knee_injury"] }\nred_flag = "recent_injury"\nextension = true\n'
        'cite = ["nhs_sprains_and_strains"]\n'
    )
    folder = write_pack(tmp_path, pack=header("skiing", "1", extends="default"), rules=rules)
    with pytest.raises(RuleFileError) as raised:
        kneelink.load_pack(folder)
    message = str(raised.value)
    assert "rules.toml:6" in message
    assert "renamed it `knee_injury`" in message
    assert "`injured_in_last_3_days`" in message


def test_an_answer_can_be_added_to_a_report_with_contraindications() -> None:
    # with_answer used to dump the report, turning contraindications into dicts a frozenset cannot hold.
    report = SymptomReport(symptoms=["knee_pain"], contraindications=[("open_wound", "calf")])
    assert report.with_answer("fever", "no").contraindications == report.contraindications
