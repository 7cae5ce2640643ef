"""The breadth of wording in rules/intake.toml (issue 20): the ways people say each finding,
written from each id's meaning. One sentence of our own per id at least (none of them read
before those entries), each read as its id; sentences with the same words in another sense
read as nothing; and none of those entries says a warning sign is absent."""

from __future__ import annotations

import tomllib

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from paths import ROOT

import kneelink
from kneelink import parse

PACK = kneelink.default_pack()
WARNING = frozenset(id_ for id_, s in PACK.symptoms.items() if s.category in ("red_flag", "context"))
HEADER = "# --- Breadth of wording, written from each id's meaning"

# (id, a sentence that says it in words only the breadth-of-wording entries know)
WORDING = [
    ("knee_pain", "My knee is smarting"),
    ("knee_pain", "Dad keeps clutching his knee and wincing"),
    ("lateral_knee_pain", "It is sore on the outer joint line"),
    ("medial_knee_pain", "It is sore on the inner joint line"),
    ("anterior_knee_pain", "There is a dull ache behind the knee cap"),
    ("posterior_knee_pain", "Pain in the crook of my knee when I straighten it"),
    ("posterior_knee_pain", "a throbbing ache in the knee pit"),
    ("patellar_tracking_problem", "The physio says my kneecap drifts to the outside"),
    ("chondromalacia_patellae", "I was told I have softened cartilage"),
    ("it_band_tightness", "My IT band is like a guitar string"),
    ("hip_muscle_tightness", "My glutes are knotted and my knee aches"),
    ("tight_hip_flexors", "My psoas is tight from sitting"),
    ("prolonged_sitting", "I'm a lorry driver"),
    ("prolonged_sitting", "I have an office job"),
    ("running_downhill", "It hurts running down steep slopes"),
    ("cycling", "It aches after pedalling for an hour"),
    ("running_pain", "Sore knee after pounding the pavement"),
    ("stairs_pain", "It kills going up the apples and pears"),
    ("squatting_pain", "It hurts when I get down on my haunches"),
    ("knee_injury", "I jarred my knee getting off the bus"),
    ("knee_injury", "I buggered my knee at work"),
    ("injury_fall_or_blow", "Took a spill on the ice rink last night"),
    ("injury_fall_or_blow", "A cow pinned me against the fence"),
    ("unable_to_bear_weight", "I can only manage a step or two before I have to sit"),
    ("unable_to_bear_weight", "she has had to crawl to the bathroom"),
    ("unable_to_move_knee", "My knee won't budge"),
    ("rapid_swelling_after_injury", "I twisted it and my knee swelled rapidly"),
    ("hot_swollen_knee", "My knee is hot and like a tennis ball"),
    ("fever", "I feel yucky today"),
    ("fever", "Mum is not her usual self and her knee is swollen"),
    ("one_leg_swelling", "My left calf is twice the size of the right"),
    ("one_leg_warm_or_red", "My calf looks angry"),
    ("one_leg_throbbing_pain", "My calf is pounding"),
    ("breathless_or_chest_pain", "I've been gasping for air on the stairs"),
    ("knee_locked", "My knee is jammed and I cannot unbend it"),
    ("knee_gives_way", "My knee crumpled under me"),
    ("foot_numbness_or_tingling", "My foot feels like cotton wool"),
    ("foot_numbness_or_tingling", "my foot has gone fuzzy"),
    ("foot_cold_pale_or_blue", "My foot is freezing"),
    ("foot_cold_pale_or_blue", "my foot has gone greyish"),
    ("visible_deformity", "My knee is sitting at a funny angle"),
    ("kneecap_dislocated", "I dislocated my patella at netball"),
    ("suspected_tendon_rupture", "I think I tore my tendon above the kneecap"),
    ("cannot_lift_leg_straight", "My quad won't fire at all"),
    ("dent_near_kneecap", "There is a divot just above my kneecap"),
    ("night_pain", "It aches round the clock"),
    ("unexplained_weight_loss", "My clothes are hanging off me lately"),
    ("isolated_patellar_tenderness", "My patella is tender, nothing else is"),
    ("fibular_head_tenderness", "The bony knob on the outside is tender"),
    ("unable_to_flex_90", "I can't get my heel to my bum"),
    ("limp_without_injury", "He's walking funny for no reason"),
    ("knee_catches", "It sticks for a sec then clicks free"),
    ("swollen_knee", "My knee is double the size"),
    ("recent_knee_surgery", "I had a meniscal repair eight weeks ago"),
    ("knee_replacement", "I have an artificial knee"),
    ("immunosuppressed", "I have no spleen"),
    ("cancer_history", "I had a melanoma removed"),
    ("takes_anticoagulants", "I go to the INR clinic every month"),
]

# Sentences whose words the entries use in another sense, and the ids they must not read.
CONTROLS = [
    ("It's so cold my hands are freezing", {"foot_cold_pale_or_blue"}),
    ("Her face went white as a sheet when she heard", {"foot_cold_pale_or_blue"}),
    ("The skin on my arm is mottled", {"foot_cold_pale_or_blue", "one_leg_warm_or_red"}),
    ("My head feels fuzzy from the cold medicine", {"foot_numbness_or_tingling"}),
    ("My heart is pounding", {"one_leg_throbbing_pain", "breathless_or_chest_pain"}),
    ("The music was pounding all night", {"one_leg_throbbing_pain"}),
    ("I have been hopping mad about it", {"unable_to_bear_weight"}),
    ("The plumber crawled under the sink", {"unable_to_bear_weight"}),
    ("It kills me that I can't play football this season", {"knee_pain"}),
    ("My husband says I look angry", {"one_leg_warm_or_red"}),
    ("I came off my bike last week", {"cycling"}),
    ("I have lost sensation in my foot", {"knee_injury", "injury_fall_or_blow"}),
    ("My calf is thumping", {"knee_injury", "injury_fall_or_blow"}),
    ("There is a bruise the size of a cricket ball on my shin", {"knee_injury", "injury_fall_or_blow"}),
]


def _tail() -> dict[str, object]:
    text = (ROOT / "rules" / "intake.toml").read_text(encoding="utf-8")
    assert HEADER in text
    # The entries after the header, as a TOML document of their own (they are all tables).
    return tomllib.loads(text.split(HEADER, 1)[1].split("\n", 1)[1])


@pytest.mark.parametrize(("id_", "text"), WORDING, ids=[f"{id_}: {text}" for id_, text in WORDING])
def test_each_wording_reads_as_its_id(id_: str, text: str) -> None:
    parsed = parse(text)
    assert id_ in parsed.symptoms, (text, sorted(parsed.symptoms), sorted(parsed.unknown))
    assert not parsed.absent, (text, sorted(parsed.absent))


def test_every_id_has_a_wording_sentence() -> None:
    read = {id_ for id_, s in PACK.symptoms.items() if s.category != "window"}
    assert read - {id_ for id_, _ in WORDING} == set()


@pytest.mark.parametrize(("text", "not_read"), CONTROLS, ids=[text for text, _ in CONTROLS])
def test_the_same_words_in_another_sense_are_not_the_finding(text: str, not_read: set[str]) -> None:
    parsed = parse(text)
    assert not_read.isdisjoint(parsed.symptoms | parsed.unknown | parsed.absent), (text, parsed.findings)


@given(st.sampled_from([(id_, text) for id_, text in WORDING if id_ in WARNING]))
def test_a_warning_sign_said_in_new_words_and_hedged_is_never_absent(case: tuple[str, str]) -> None:
    id_, text = case
    assume(id_ in parse(text).symptoms)
    parsed = parse(f"Not sure if this matters, but {text[0].lower()}{text[1:]}?")
    assert id_ not in parsed.absent, (text, sorted(parsed.absent))


def test_no_wording_entry_says_a_warning_sign_is_absent() -> None:
    tail = _tail()
    intake = tail["intake"]
    assert isinstance(intake, dict)
    phrases = intake.get("phrase", [])
    assert phrases, "the breadth-of-wording header heads no entries"
    for entry in phrases:
        assert entry.get("means", "present") != "absent", entry["symptom"]
    for state in intake.get("state", []):
        assert set(state["on"].values()) <= WARNING | {"knee_pain", "one_leg_swelling", "swollen_knee"}, state


# Words that may or may not mean a warning sign raise it as a question: panting after effort
# is often ordinary, and a knee that "doesn't look right" may be swollen rather than misshapen.
RAISED_ONLY = [
    ("breathless_or_chest_pain", "I was panting at the top of the stairs and my knee ached"),
    ("visible_deformity", "Her knee doesn't look right and it hurts"),
    ("visible_deformity", "my knee looks different to the other one, sore at the front"),
]


@pytest.mark.parametrize(("id_", "text"), RAISED_ONLY)
def test_words_that_may_mean_a_warning_sign_raise_it_as_a_question(id_: str, text: str) -> None:
    parsed = parse(text)
    assert id_ in parsed.unknown, (text, sorted(parsed.symptoms))
    assert id_ not in parsed.symptoms | parsed.absent
