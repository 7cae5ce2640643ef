"""Free-text intake v2 (issue 20): the issue's examples, the safety of warning signs, the
corpus targets, the [intake] data, and linear time on the longest text parse takes."""

from __future__ import annotations

import datetime
import functools
import subprocess
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from intake_score import NEW_IN_V3, Scores, load_cases, score
from paths import DATA
from warning_frames import frames, read_absent, warning_phrases

import kneelink
from kneelink import parse
from kneelink.interview._parse import MAX_TEXT, _correct, _english, _vocabulary

PACK = kneelink.default_pack()
WARNING = sorted(id_ for id_, s in PACK.symptoms.items() if s.category in ("red_flag", "context"))
# parse_corpus.toml scored finding by finding, as benchmarks/bench_parse.py scores it (v3's
# new ids left out, the coding closed under the pack's implications), with the parser as it
# was before issue 20 (its ids renamed to v3): findings right 0.883.
PARSE_CORPUS_BEFORE = 0.883
# ... and after the first round of issue 20: the second round tuned on other text, not this.
PARSE_CORPUS_FIRST_ROUND = 0.953
CORPORA = [*sorted(DATA.glob("intake_*.toml")), DATA / "parse_corpus.toml"]


def _read(text: str) -> dict[str, object]:
    parsed = parse(text)
    return {
        "present": set(parsed.symptoms),
        "absent": set(parsed.absent),
        "unknown": set(parsed.unknown | parsed.contradicted),
        "side": parsed.side,
        "age": parsed.age,
        "days": parsed.days_since_injury,
    }


# --- The issue's examples: each was read wrongly before --------------------------------------

EXAMPLES = [
    # hedges: unknown, never absent; "not sure" is no negation
    (
        "Not sure if I twisted it or not, but my knee is puffy",
        {"unknown": {"knee_injury"}, "present": {"swollen_knee"}},
    ),
    ("I think it might be a bit swollen, not sure", {"unknown": {"swollen_knee"}, "present": set()}),
    ("Maybe a slight temperature?", {"unknown": {"fever"}, "present": set()}),
    # negation after the phrase; a pseudo-negation
    ("fever denied", {"absent": {"fever"}, "present": set()}),
    ("not only swollen but also hot", {"present": {"swollen_knee", "hot_swollen_knee"}, "absent": set()}),
    # attachment: a swollen calf or leg is not a swollen knee
    ("My calf is puffy and sore", {"present": {"one_leg_swelling", "one_leg_throbbing_pain"}}),
    ("my left calf has swollen up", {"present": {"one_leg_swelling"}}),
    ("my leg is swollen and warm", {"present": {"one_leg_swelling", "one_leg_warm_or_red"}}),
    # compounds split by commas, pronouns, "and"
    ("feverish and my knee is swolen, hot, and red", {"present": {"fever", "swollen_knee", "hot_swollen_knee"}}),
    ("knee isn't swollen but it feels hot", {"absent": {"swollen_knee", "hot_swollen_knee"}, "present": set()}),
    ("knee is swollen and warm", {"present": {"swollen_knee", "hot_swollen_knee"}}),
    # typos and inflections; where it happened is not what aggravates it
    ("left kneee is swolen", {"present": {"swollen_knee"}, "side": "left"}),
    ("my knee gave out", {"present": {"knee_gives_way"}}),
    ("my knee keeps buckling", {"present": {"knee_gives_way"}}),
    ("my knee swelled", {"present": {"swollen_knee"}}),
    ("my knee gave out on the stairs", {"present": {"knee_gives_way"}}),
    # time against each id's window, and into days_since_injury; surgery out of the window is not
    # recent and is no answer to "recent?" either (round 21: every corpus leaves it uncoded)
    ("Had an arthroscopy years ago, fine since", {"present": set(), "absent": set(), "unknown": set()}),
    ("hurt it skiing two weeks ago", {"present": {"knee_injury"}, "days": 14}),
    ("TKR 6 weeks ago", {"present": {"knee_replacement", "recent_knee_surgery"}}),
    # whose finding it is; a carer describing the patient; brand names; filler inside a phrase
    ("my mum had cancer but I haven't", {"present": set(), "absent": {"cancer_history"}}),
    (
        "My husband is 62, he can't bear any weight on it and takes Eliquis",
        {"present": {"unable_to_bear_weight", "takes_anticoagulants"}, "age": 62},
    ),
    # ambiguous words
    ("since last fall my knee hurts", {"present": {"knee_pain"}}),
    ("my leg fell asleep", {"present": set()}),
    # slang
    ("My knee is killing me", {"present": {"knee_pain"}}),
    ("dodgy knee", {"present": {"knee_pain"}}),
    ("knee went out on me", {"present": {"knee_gives_way"}}),
    ("water on the knee", {"present": {"swollen_knee"}}),
    ("can't weight bear", {"present": {"unable_to_bear_weight"}}),
    ("can't put my foot down", {"present": {"unable_to_bear_weight"}}),
    ("foot has gone dead", {"present": {"foot_numbness_or_tingling"}}),
    ("wrenched my knee", {"present": {"knee_injury"}}),
]


# The second round: each a general rule, each failing before it (most from the corpora's
# failures the first round left, not fitted to one sentence).
SECOND_ROUND = [
    # a fall caused by the knee giving way is the giving way's, a blow in the fall an injury
    ("knee gave way x3 this month, fell each time", {"present": {"knee_gives_way"}}),
    # (a single fall after it is an injury since the 17th round: "SEVENTEENTH_MISSED")
    ("my knee buckled under me and I nearly went down", {"present": {"knee_gives_way"}}),
    ("my knee gave way and I fell onto my knee", {"present": {"knee_gives_way", "knee_injury", "injury_fall_or_blow"}}),
    # "water on the knee", "like a balloon" with no injury said: a swollen knee
    ("Water on the knee again, it's like a balloon", {"present": {"swollen_knee"}}),
    ("cant bare weight on it", {"present": {"unable_to_bear_weight"}}),
    # where an injury happened is not what aggravates the pain
    ("Came off my bike this morning and landed on my knee", {"present": {"knee_injury", "injury_fall_or_blow"}}),
    ("Fell down the stairs", {"present": {"knee_injury", "injury_fall_or_blow"}}),
    ("slipped on the ice, knee hurts", {"present": {"knee_injury", "knee_pain"}}),
    # past states, answers after a dash, questions about a topic
    ("It was swollen last week but it isn't any more", {"absent": {"swollen_knee"}, "present": set()}),
    ("knee pain. Fever - no. Night pain - no.", {"absent": {"fever", "night_pain"}, "present": {"knee_pain"}}),
    ("What's the difference between a sprain and a strain?", {"present": set(), "unknown": set()}),
    ("Is co-codamol a blood thinner? My knee hurts", {"present": {"knee_pain"}, "unknown": set()}),
    # two slips in a long word; medicine names with their sources
    ("I have a tempreture and my knee is swolen", {"present": {"fever", "swollen_knee"}}),
    ("on Humira for Crohn's, knee swollen", {"present": {"immunosuppressed", "swollen_knee"}}),
    ("on Lixiana, knee swollen", {"present": {"takes_anticoagulants", "swollen_knee"}}),
    # a clause that leaves the verb out; the knee as a landmark; "back" the adverb
    ("Knee isn't swollen but my calf is", {"present": {"one_leg_swelling"}, "absent": {"swollen_knee"}}),
    ("My hands go numb but my feet never do", {"absent": {"foot_numbness_or_tingling"}}),
    ("Leg below the knee is puffy", {"present": {"one_leg_swelling"}}),
    ("It popped out and went back in. It's massively swollen now", {"present": {"swollen_knee"}}),
    # hedged denials and unsure times are unknown; "landed hard" and "stop running" are no cues
    ("No pain really, just tight", {"unknown": {"knee_pain"}, "absent": set()}),
    ("had my right knee replaced in March", {"unknown": {"recent_knee_surgery"}}),
    ("landed hard on my knee", {"present": {"knee_injury", "injury_fall_or_blow"}, "unknown": set()}),
    ("I had to stop running because my knee hurt", {"present": {"knee_pain", "running_pain"}, "absent": set()}),
    ("Knee doesn't hurt on stairs", {"absent": {"stairs_pain"}}),
    ("her foot is warm and pink", {"absent": {"foot_cold_pale_or_blue"}}),
]


@pytest.mark.parametrize(("text", "expected"), EXAMPLES, ids=[text for text, _ in EXAMPLES])
def test_the_issues_examples(text: str, expected: dict[str, object]) -> None:
    got = _read(text)
    for key, value in expected.items():
        assert got[key] == value, (key, got)


def test_real_words_are_never_corrected_and_typos_are() -> None:
    vocabulary = _vocabulary(PACK)
    for word in ("sure", "might", "half", "year", "stares", "kneel", "fever"):
        assert _correct(word, vocabulary) == word
    assert _correct("swolen", vocabulary) == "swollen"
    assert _correct("kneee", vocabulary) in ("knee", "knees")  # one stem
    # Two slips are corrected only in a long word, onto a pack word; a short one is left alone.
    assert _correct("tempreture", vocabulary) == "temperature"
    assert _correct("stratghen", vocabulary) == "straighten"
    assert _correct("fvrr", vocabulary) == "fvrr"
    assert _correct("xylophonist", vocabulary) == "xylophonist"
    assert "knee_pain" not in parse("I'm not sure").symptoms
    assert not parse("it might be fine half the time, a year on").symptoms


# --- Warning signs: absent only on a plain negation in their own clause ---------------------

_HEDGES = ["not sure if", "I think", "maybe", "possibly", "I don't remember if", "might have"]


@given(
    st.sampled_from(WARNING),
    st.sampled_from(_HEDGES),
    st.sampled_from(["", "no ", "not ", "never "]),
    st.booleans(),
)
def test_a_hedged_warning_sign_is_never_read_absent(id_: str, hedge: str, negation: str, question: bool) -> None:
    synonyms = PACK.symptoms[id_].synonyms
    assume(synonyms)
    text = f"{hedge} {negation}{synonyms[0]}{'?' if question else ''}"
    parsed = parse(text)
    assert id_ not in parsed.absent, text


@given(st.sampled_from(WARNING), st.sampled_from(["no", "denies", "without"]))
def test_a_plain_negation_makes_a_warning_sign_absent_or_leaves_it(id_: str, negation: str) -> None:
    synonyms = PACK.symptoms[id_].synonyms
    assume(synonyms)
    parsed = parse(f"{negation} {synonyms[0]}")
    assert id_ not in parsed.symptoms


@pytest.mark.parametrize("path", CORPORA, ids=[path.name for path in CORPORA])
def test_no_warning_sign_is_read_absent_and_every_hedge_is_unknown(path: Path) -> None:
    old = path.name == "parse_corpus.toml"
    scores = score(load_cases(path), ignore=NEW_IN_V3 if old else frozenset(), close=old)
    assert scores.warnings_wrongly_absent == []
    assert scores.hedges_read_unknown == scores.hedges


def test_no_regression_on_the_parse_corpus() -> None:
    scores = score(load_cases(DATA / "parse_corpus.toml"), ignore=NEW_IN_V3, close=True)
    assert scores.overall.right >= PARSE_CORPUS_BEFORE
    assert scores.overall.right >= PARSE_CORPUS_FIRST_ROUND


def test_the_development_corpus_is_what_the_issue_asks_for() -> None:
    cases = load_cases(DATA / "intake_dev.toml")
    assert len(cases) >= 150
    assert sum(1 for case in cases if set(case.get("present", [])) & set(WARNING)) >= 40
    for case in cases:
        named = {i for key in ("present", "absent", "unknown") for i in case.get(key, [])}
        assert named <= set(PACK.symptoms), case["text"]


# --- The [intake] table is data, checked where it is read -----------------------------------


def _assert_the_misspelt_id_is_named(tmp_path: Path, intake: str) -> None:
    """A pack with ``intake`` naming ``knee_pian`` fails to load, naming it, the closest id and a line."""
    from packs import REGION_CALF, RULE_ROLL_THE_CALF, header, write_pack

    symptom = '\n[[symptom]]\nid = "knee_pain"\nlabel = "Knee pain"\ncategory = "knee_pain"\ncite = ["article#4"]\n'
    folder = write_pack(tmp_path, pack=header("mine", "1.0") + symptom + REGION_CALF + RULE_ROLL_THE_CALF + intake)
    with pytest.raises(kneelink.RuleFileError, match=r"knee_pian.*did you mean 'knee_pain'") as raised:
        kneelink.load_pack(folder)
    assert raised.value.line is not None


def test_a_bad_intake_table_names_its_file_line_and_the_closest_id(tmp_path: Path) -> None:
    from packs import REGION_CALF, RULE_ROLL_THE_CALF, header, write_pack

    symptom = '\n[[symptom]]\nid = "knee_pain"\nlabel = "Knee pain"\ncategory = "knee_pain"\ncite = ["article#4"]\n'
    _assert_the_misspelt_id_is_named(
        tmp_path, '\n[intake]\nhedges = ["maybe"]\n\n[[intake.phrase]]\nsymptom = "knee_pian"\nwords = ["gammy"]\n'
    )
    bad = '\n[intake]\nhedges = "maybe"\n'
    folder = write_pack(tmp_path / "b", pack=header("mine", "1.0") + symptom + REGION_CALF + RULE_ROLL_THE_CALF + bad)
    with pytest.raises(kneelink.RuleFileError, match="hedges"):
        kneelink.load_pack(folder)


@pytest.mark.parametrize("means", ["unknown", "partly"])
def test_words_that_only_raise_a_symptom_must_be_word_for_word(tmp_path: Path, means: str) -> None:
    from packs import REGION_CALF, RULE_ROLL_THE_CALF, header, write_pack

    symptom = '\n[[symptom]]\nid = "knee_pain"\nlabel = "Knee pain"\ncategory = "knee_pain"\ncite = ["article#4"]\n'
    phrase = f'\n[[intake.phrase]]\nsymptom = "knee_pain"\nwords = ["gammy"]\nmeans = "{means}"\n'
    intake = '\n[intake]\nhedges = ["maybe"]\n' + phrase
    folder = write_pack(tmp_path, pack=header("mine", "1.0") + symptom + REGION_CALF + RULE_ROLL_THE_CALF + intake)
    with pytest.raises(kneelink.RuleFileError, match=f'"{means}" are read word for word: add `exact = true`') as raised:
        kneelink.load_pack(folder)
    assert raised.value.line is not None


def test_medicine_names_cite_sources_the_pack_declares() -> None:
    intake = PACK.content.intake
    assert intake is not None
    assert intake.medicine
    for medicine in intake.medicine:
        for cite in medicine.cite:
            assert cite.partition("#")[0] in PACK.content.sources
    names = {name for medicine in intake.medicine for name in medicine.names}
    assert {"warfarin", "apixaban", "eliquis", "methotrexate"} <= names


# --- Linear time on the longest text: a budget, in a subprocess, per pattern ------------------

# Inputs that make a backtracking pattern or a quadratic loop slow: long whitespace, one
# word repeated, cues and phrases repeated, numbers, punctuation, one endless clause.
ADVERSARIAL = {
    "age then whitespace": "age" + " " * (MAX_TEXT - 4) + "x",
    "whitespace": " " * MAX_TEXT,
    "one long word": "a" * MAX_TEXT,
    "digits": "1" * MAX_TEXT,
    "knee repeated": ("knee " * MAX_TEXT)[:MAX_TEXT],
    "negations and phrases": ("no fever or swelling " * MAX_TEXT)[:MAX_TEXT],
    "hedges": ("maybe not sure " * MAX_TEXT)[:MAX_TEXT],
    "typos": ("swolen kneee " * MAX_TEXT)[:MAX_TEXT],
    "states and parts": ("calf hot knee swollen foot cold " * MAX_TEXT)[:MAX_TEXT],
    "punctuation": ("?!.," * MAX_TEXT)[:MAX_TEXT],
    "apostrophes": ("a'" * MAX_TEXT)[:MAX_TEXT],
    "open parentheses": "(" * MAX_TEXT,
    "slashes": ("a/" * MAX_TEXT)[:MAX_TEXT],
    "times and numbers": ("two weeks ago aged sixty one hundred and " * MAX_TEXT)[:MAX_TEXT],
    "people": ("my mum his knee she is 7 " * MAX_TEXT)[:MAX_TEXT],
    "temperatures": ("temp 38.5 102F 39 degrees 37,2 ° c " * MAX_TEXT)[:MAX_TEXT],
    "digits and points": ("1.2,3.4" * MAX_TEXT)[:MAX_TEXT],
    "a run of denials": ("no fever, " * MAX_TEXT)[: MAX_TEXT - 9] + " not sure",
    "numbers in apposition": ("Farmer, 70, " * MAX_TEXT)[:MAX_TEXT],
    "negations before able to": ("haven't been able to not able to " * MAX_TEXT)[:MAX_TEXT],
    "questions taking their content as said": ("Is it bad that my calf is swollen? " * MAX_TEXT)[:MAX_TEXT],
    "dictated punctuation and alternatives": ("full stop or maybe comma since then, " * MAX_TEXT)[:MAX_TEXT],
    "denied kinds beside injuries": ("twisted it, didn't fall, didn't bang it, " * MAX_TEXT)[:MAX_TEXT],
    "half-said states, places and hedges pointing back": (
        "knee warm and and off the front of it, not sure if that is normal for her, maybe an hour, " * MAX_TEXT
    )[:MAX_TEXT],
    "denials taken back": ("no swelling? not really. maybe a little around it. " * MAX_TEXT)[:MAX_TEXT],
    "phrases after another part": ("after her hip op, my ankle surgery, " * MAX_TEXT)[:MAX_TEXT],
    "only after a denial": ("doesn't hurt at night, only when I run, just my knee, " * MAX_TEXT)[:MAX_TEXT],
    "the knee set aside": ("ankle swollen and hot, not my knee, " * MAX_TEXT)[:MAX_TEXT],
    "steps counted": ("can only manage a step or two, cannot take 4 steps, " * MAX_TEXT)[:MAX_TEXT],
    "signs that came and went": ("foot numb yesterday after the fall, fine now, " * MAX_TEXT)[:MAX_TEXT],
    "falls after a knee that gave way": (
        "knee gave way and I fell, didn't go down, nearly went down the stairs when I fell twice and "
        "tripped, walked into the table " * MAX_TEXT
    )[:MAX_TEXT],
    "first words shared": ("tight ITB and hip flexors + tight hip flexors and ITB and " * MAX_TEXT)[:MAX_TEXT],
    "durations alone": ("about 3 days, twisted it, 2 weeks now. " * MAX_TEXT)[:MAX_TEXT],
    "one sentence of falls": ("knee gave out and i went down and didnt fall and fell " * MAX_TEXT)[:MAX_TEXT],
    "then and now": ("couldn't walk on it, can't walk. Now I can walk on it, " * MAX_TEXT)[:MAX_TEXT],
    "doubted denials of a fall": ("pretty sure I didn't fall or bang it, " * MAX_TEXT)[:MAX_TEXT],
    "undated operations": ("numb since the knee op and my op, " * MAX_TEXT)[:MAX_TEXT],
    "kneecaps and the rest": ("kneecap sore, nowhere else, nothing else tender, " * MAX_TEXT)[:MAX_TEXT],
    "one of both knees": ("both knees, the left one, the right one worse than, " * MAX_TEXT)[:MAX_TEXT],
    "walking said, crashes and hours ago": (
        "gets about with his frame, coming off my motorbike an hour ago, swollen, 2 hours ago, wobbly " * MAX_TEXT
    )[:MAX_TEXT],
    "locks let go": ("it locked. back to normal. locks. jiggle it to get it straight. " * MAX_TEXT)[:MAX_TEXT],
    "doubts and their grounds": ("not sure if it's swollen, it looks swollen, might be swollen, " * MAX_TEXT)[
        :MAX_TEXT
    ],
    "operations dated by a month and said again": (
        "knee replaced last May, op in July, worse than after the op since Monday, it wobbles. " * MAX_TEXT
    )[:MAX_TEXT],
}
# A linear pass over 5,000 characters takes milliseconds; a quadratic one, seconds.
BUDGET_SECONDS = 5.0


PATTERNS = ["_TOKEN", "_UNRECOGNISED", "_PARENTHESES", "_TEMPERATURE"]


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_each_pattern_and_parse_are_linear_at_the_maximum(name: str) -> None:
    # One process an input (starting one costs more than the timings): each regular
    # expression ten times over the text, then parse once, each timed on its own.
    code = f"""
        import time
        import kneelink
        from kneelink.interview import _parse
        kneelink.parse("warm up: swolen")
        text = {ADVERSARIAL[name]!r}
        for pattern in {PATTERNS!r}:
            regex = getattr(_parse, pattern)
            start = time.perf_counter()
            for _ in range(10):
                list(regex.finditer(text))
            print(pattern, time.perf_counter() - start)
        start = time.perf_counter()
        kneelink.parse(text)
        print("parse", time.perf_counter() - start)
    """
    _within_budget(code, [*PATTERNS, "parse"])


def _within_budget(code: str, timed: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=BUDGET_SECONDS * (len(timed) + 5),  # start-up and the pack load are outside the budget
        check=False,
    )
    assert result.returncode == 0, result.stderr
    seconds = dict(line.split() for line in result.stdout.splitlines())
    assert list(seconds) == timed, result.stdout
    over = {what: float(taken) for what, taken in seconds.items() if float(taken) >= BUDGET_SECONDS}
    assert not over, over


_SOUP = [
    "no",
    "not",
    "maybe",
    "knee",
    "calf",
    "foot",
    "swollen",
    "hot",
    "red",
    "cold",
    "numb",
    "left",
    "right",
    "both",
    "my",
    "mum",
    "husband",
    "is",
    "62",
    "ago",
    "weeks",
    "days",
    "yesterday",
    "fever",
    "pain",
    "hurts",
    "can't",
    "walk",
    "I",
    "think",
    "?",
    ",",
    ".",
    "and",
    "but",
    "or",
    "b/l",
    "R",
    "L",
    "TKR",
    "ACL",
    "temp",
    "34",
    "aged",
    "years",
    "old",
    "never",
    "fell",
    "fall",
    "asleep",
    "last",
    "night",
    "swolen",
    "kneee",
    "until",
    "recent",
]


@given(st.lists(st.sampled_from(_SOUP), max_size=40))
def test_any_mix_of_cue_words_parses_into_a_consistent_report(words: list[str]) -> None:
    text = " ".join(words)
    parsed = parse(text)
    for finding in parsed.findings:
        assert text[finding.start : finding.end] == finding.text
    assert not parsed.symptoms & parsed.absent
    assert not parsed.symptoms & parsed.unknown
    assert not parsed.absent & parsed.unknown
    if parsed.symptoms:
        report = parsed.to_report()
        assert report.symptoms == parsed.symptoms


LOCKED = DATA / "locked" / "intake_locked.toml"


@functools.cache
def _scored_part(path: Path) -> Scores:
    """A locked part's scores, worked out once per run: two tests read each part."""
    return score(load_cases(path))


# The first locked part, scored blind once at the end of the first round (findings right
# 0.796, one warning sign read absent, 14 of 18 hedges unknown), is development material
# since: the second round tuned on it. A new locked part, never seen here, is scored by the
# lead; this test keeps the first one's targets from slipping back.
def test_the_locked_corpus_meets_the_issues_targets() -> None:
    scores = _scored_part(LOCKED)
    assert scores.overall.right >= 0.90
    assert scores.warnings_wrongly_absent == []
    assert scores.hedges_read_unknown == scores.hedges


SECOND_LOCKED = DATA / "locked" / "intake_locked_2.toml"


SECOND_BLIND = (
    "issue 20's targets on the second locked part (written blind, scored once at 15:13 on "
    "2026-12-06 after the second round: findings right 0.702, 5 warning signs read absent, "
    "13 of 33 hedges unknown; development material since; after the fourth round 0.839, "
    "0 warning signs read absent, 26 of 33 hedges unknown): findings right stay below 0.90 "
    "and not every hedge is read unknown yet"
)


# --- The third round: denials limited by what the speaker knows -----------------------------

# Each a variant written here, not a corpus sentence: one per cue family.
THIRD_ROUND = [
    # "that I saw/noticed/know of/can think of/remember", after the denial, in its clause
    ("No swelling in my calf that I've noticed", {"unknown": {"one_leg_swelling"}, "absent": set()}),
    ("He hasn't had a twist or a bang that he can remember", {"absent": set()}),
    ("no numbness in her foot that we could see", {"unknown": {"foot_numbness_or_tingling"}, "absent": set()}),
    # "as far as we know", "to my knowledge", before or after
    ("She's not had a fever as far as she knows", {"unknown": {"fever"}, "absent": set()}),
    ("To my knowledge I'm not on blood thinners", {"unknown": {"takes_anticoagulants"}, "absent": set()}),
    # a hedged "nothing happened" carries to the denial that spells it out, in its sentence only
    (
        "Nothing happened to it as far as I know, no twist or bang",
        {"unknown": {"knee_injury"}, "absent": set()},
    ),
    ("Not that I noticed, no fever", {"unknown": {"fever"}, "absent": set()}),
    ("Nothing happened as far as we know. No fever.", {"absent": {"fever"}}),
    # "pretty sure ... but I'd have to check"; "I can't say I've noticed"; "I doubt"
    ("Fairly sure I haven't lost weight", {"unknown": {"unexplained_weight_loss"}, "absent": set()}),
    ("Not on warfarin I think, would have to check", {"unknown": {"takes_anticoagulants"}, "absent": set()}),
    ("I can't say I've noticed my foot going cold", {"absent": set(), "present": set()}),
    ("I doubt it's a fever", {"unknown": {"fever"}, "absent": set()}),
    # feeling "off" raises a fever without saying it; a knee that feels off is no fever
    ("No temperature but I feel a bit off", {"unknown": {"fever"}, "absent": set()}),
    ("My knee feels a bit off", {"unknown": set(), "absent": set(), "present": set()}),
    # a surgery said only by its month is unsure; a plain denial is still absent
    ("the knee op was in January", {"unknown": {"recent_knee_surgery"}}),
    ("No fall, no twist, no fever", {"absent": {"knee_injury", "fever"}}),
    # a fall or blow as people tell it; running a temperature is no running; clinical shorthand
    ("Took a tumble on the ice two days ago", {"present": {"knee_injury", "injury_fall_or_blow"}, "days": 2}),
    ("collided with another player", {"present": {"knee_injury", "injury_fall_or_blow"}}),
    ("Ran into a post, knee is sore", {"present": {"knee_injury", "injury_fall_or_blow", "knee_pain"}}),
    ("I think I'm running a temperature", {"unknown": {"fever"}, "present": set()}),
    ("She's running a temperature", {"present": {"fever"}, "absent": set()}),
    ("Apyrexial. Nil trauma.", {"absent": {"fever", "knee_injury"}}),
    ("My knee has been fine, I'd like to stay injury free", {"present": set(), "absent": set()}),
    # hours and "back" are how long ago; a negation inside the phrase does not deny it
    ("Twisted it 50 hours ago", {"days": 2}),
    ("hurt my knee three weeks back", {"days": 21}),
    ("the physio says my kneecap is not tracking properly", {"present": {"patellar_tracking_problem"}}),
    # a temperature as a number, against [[intake.temperature]]; an angle or an age is none
    ("Temp 38.9 last night", {"present": {"fever"}}),
    ("she's boiling, 101.5F", {"present": {"fever"}}),
    ("temperature was 36.8 this morning", {"absent": {"fever"}, "present": set()}),
    ("temp 37.6", {"unknown": {"fever"}, "present": set()}),
    ("thermometer said 38.2 I think", {"unknown": {"fever"}, "absent": set()}),
    ("the slope was 40 degrees", {"present": set(), "absent": set(), "unknown": set()}),
    ("I'm 39 and my knee hurts", {"present": {"knee_pain"}, "age": 39}),
    ("no fever, no injury, I'm 40", {"absent": {"fever", "knee_injury"}, "age": 40}),
    # warning signs in lay words, and a foot's feeling said with a yes
    ("his kneecap went walkabout in the match", {"present": {"kneecap_dislocated", "knee_injury"}}),
    ("the kneecap did not come out", {"absent": {"kneecap_dislocated"}}),
    ("my knee is bent out of shape", {"present": {"visible_deformity"}}),
    ("I'm a bit out of shape and my knee aches", {"present": {"knee_pain"}}),
    ("my right calf is warmer than the other", {"present": {"one_leg_warm_or_red"}}),
    ("Foot pink, sensation intact", {"absent": {"foot_numbness_or_tingling", "foot_cold_pale_or_blue"}}),
]


_KNOWLEDGE_AFTER = [
    "that I saw",
    "that we can think of",
    "that I've noticed",
    "as far as we know",
    "that she can remember",
    "that I'm aware of",
    "to our knowledge",
]
_KNOWLEDGE_BEFORE = ["Nothing happened as far as we know,", "Not that I noticed,", "Pretty sure", "To my knowledge"]


@given(st.sampled_from(WARNING), st.sampled_from(_KNOWLEDGE_AFTER), st.sampled_from(["no ", "not had ", "never had "]))
def test_a_denial_as_far_as_the_speaker_knows_is_never_absent(id_: str, qualifier: str, negation: str) -> None:
    synonyms = PACK.symptoms[id_].synonyms
    assume(synonyms)
    text = f"{negation}{synonyms[0]} {qualifier}"
    assert id_ not in parse(text).absent, text


@given(st.sampled_from(WARNING), st.sampled_from(_KNOWLEDGE_BEFORE))
def test_a_denial_after_a_hedged_one_is_never_absent(id_: str, lead: str) -> None:
    synonyms = PACK.symptoms[id_].synonyms
    assume(synonyms)
    text = f"{lead} no {synonyms[0]}"
    assert id_ not in parse(text).absent, text


THIRD_LOCKED = DATA / "locked" / "intake_locked_3.toml"


THIRD_BLIND = (
    "issue 20's targets on the third locked part (207 messages written blind, scored once at "
    "15:46 on 2026-12-06 after the third round: findings right 0.686, 6 warning signs read "
    "absent, 25 of 47 hedges unknown; development material since; after the fourth round "
    "0.778, 0 warning signs read absent, 33 of 47 hedges unknown): findings right stay below "
    "0.90 and not every hedge is read unknown yet"
)


FOURTH_LOCKED = DATA / "locked" / "intake_locked_4.toml"
FOURTH_BLIND = (
    "issue 20's targets on the fourth locked part (271 messages written blind, scored once at 17:36 on "
    "2026-12-06 after the fourth round: findings right 0.671 (target 0.90), 12 warning signs read "
    "absent, 43 of 82 hedges unknown; development material since; tuned on in the fifth round, now 0.710, "
    "0 warning signs read absent, 54 of 82 hedges unknown): findings right stay below 0.90 and not every "
    "hedge is read unknown yet"
)


FIFTH_LOCKED = DATA / "locked" / "intake_locked_5.toml"
FIFTH_BLIND = (
    "issue 20's targets on the fifth locked part (276 messages written blind, scored once at 18:03 on "
    "2026-12-06 after the fifth round): findings right 0.737 (target 0.90), 2 warning signs read "
    "absent, 40 of 54 hedges unknown; development material since: 0.740 and no warning sign read absent "
    "after two fixes it showed, 0.756 after the sixth round): findings right stay below 0.90 and not "
    "every hedge is read unknown yet"
)


SIXTH_LOCKED = DATA / "locked" / "intake_locked_6.toml"
SIXTH_BLIND = (
    "issue 20's targets on the sixth locked part (274 messages written blind, scored once at 19:34 on "
    "2026-12-06 after the sixth round: findings right 0.711 (target 0.90), 4 warning signs read "
    "absent, 38 of 57 hedges unknown; development material since: no warning sign read absent after "
    "the seventh round): findings right stay below 0.90 and not every hedge is read unknown yet"
)


SEVENTH_LOCKED = DATA / "locked" / "intake_locked_7.toml"
SEVENTH_BLIND = (
    "issue 20's targets on the seventh locked part (340 messages written blind, scored once at 20:17 on "
    "2026-12-06 after the seventh round: findings right 0.715 (target 0.90), 5 warning signs read "
    "absent, 36 of 56 hedges unknown; development material since: no warning sign read absent after "
    "five fixes it showed): findings right stay below 0.90 and not every hedge is read unknown yet"
)
EIGHTH_LOCKED = DATA / "locked" / "intake_locked_8.toml"
EIGHTH_BLIND = (
    "issue 20's targets on the eighth locked part (264 messages written blind, weighted to hedges, "
    "scored once at 20:54 on 2026-12-06 after the eighth round: findings right 0.722 (target 0.90), "
    "7 warning signs read absent, 68 of 104 hedges unknown; development material since: no warning "
    "sign read absent after seven fixes it showed): findings right stay below 0.90 and not every "
    "hedge is read unknown yet"
)
NINTH_LOCKED = DATA / "locked" / "intake_locked_9.toml"
NINTH_BLIND = (
    "issue 20's targets on the ninth locked part (268 messages written blind, 87 with reported speech, "
    "attributed causes, other-leg comparisons, corrections or passing symptoms; scored once at 22:31 "
    "on 2026-12-06 before the ninth round: findings right 0.757 (target 0.90), 2 warning signs read "
    "absent, 20 of 39 hedges unknown): findings right stay below 0.90 and not every hedge is read "
    "unknown yet"
)
TENTH_LOCKED = DATA / "locked" / "intake_locked_10.toml"
TENTH_BLIND = (
    "issue 20's targets on the tenth locked part (306 messages written blind, weighted to breadth of "
    "wording; scored once at 23:30 on 2026-12-06 after the ninth round and the breadth-of-wording "
    "entries: findings right 0.718 (target 0.90), 3 warning signs read absent, 41 of 72 hedges "
    "unknown): findings right stay below 0.90 and not every hedge is read unknown yet"
)
ELEVENTH_LOCKED = DATA / "locked" / "intake_locked_11.toml"
ELEVENTH_BLIND = (
    "issue 20's targets on the eleventh locked part (286 messages written blind, weighted to time, "
    "stories told out of order and long messages; scored once at 00:12 on 2026-12-07 after the tenth "
    "round: findings right 0.696 (target 0.90), 7 warning signs read absent, 36 of 61 hedges "
    "unknown): findings right stay below 0.90 and not every hedge is read unknown yet"
)
TWELFTH_LOCKED = DATA / "locked" / "intake_locked_12.toml"
TWELFTH_BLIND = (
    "issue 20's targets on the twelfth locked part (277 messages written blind as a representative "
    "sample of ordinary messages rather than hard cases; scored once at 01:50 on 2026-12-07 before "
    "the eleventh round: findings right 0.820 (target 0.90), no warning sign read absent, 38 of 55 "
    "hedges unknown): findings right stay below 0.90 and not every hedge is read unknown yet"
)
THIRTEENTH_LOCKED = DATA / "locked" / "intake_locked_13.toml"
THIRTEENTH_BLIND = (
    "issue 20's targets on the thirteenth locked part (290 messages written blind as a representative "
    "sample of ordinary messages; scored once at 02:53 on 2026-12-07 after the eleventh round: findings "
    "right 0.805 (target 0.90), no warning sign read absent, 36 of 67 hedges unknown): findings right "
    "stay below 0.90 and not every hedge is read unknown yet"
)
FOURTEENTH_LOCKED = DATA / "locked" / "intake_locked_14.toml"
FOURTEENTH_BLIND = (
    "issue 20's targets on the fourteenth locked part (295 messages written blind as a representative "
    "sample of ordinary messages; scored once at 05:27 on 2026-12-07 after the twelfth round: findings "
    "right 0.837 (target 0.90), 2 warning signs read absent, 41 of 52 hedges unknown): findings right "
    "stay below 0.90 and not every hedge is read unknown yet"
)
FIFTEENTH_LOCKED = DATA / "locked" / "intake_locked_15.toml"
FIFTEENTH_BLIND = (
    "issue 20's targets on the fifteenth locked part (283 messages written blind as a representative "
    "sample of ordinary messages; scored once at 06:13 on 2026-12-07 after the thirteenth round: findings "
    "right 0.809 (target 0.90), 6 warning signs read absent, 37 of 63 hedges unknown): findings right "
    "stay below 0.90 and not every hedge is read unknown yet"
)
SIXTEENTH_LOCKED = DATA / "locked" / "intake_locked_16.toml"
SIXTEENTH_BLIND = (
    "issue 20's targets on the sixteenth locked part (287 messages written blind as a representative "
    "sample of ordinary messages; scored once at 06:39 on 2026-12-07 after the fourteenth round: findings "
    "right 0.816 (target 0.90), 1 warning sign read absent, mended at once, 38 of 52 hedges unknown): "
    "findings right stay below 0.90 and not every hedge is read unknown yet"
)
SEVENTEENTH_LOCKED = DATA / "locked" / "intake_locked_17.toml"
SEVENTEENTH_BLIND = (
    "issue 20's targets on the seventeenth locked part (289 messages written blind as a representative "
    "sample of ordinary messages; scored once at 08:41 on 2026-12-07 after the fifteenth round: findings "
    "right 0.809 (target 0.90), 1 warning sign read absent, mended at once, 37 of 55 hedges unknown): "
    "findings right stay below 0.90 and not every hedge is read unknown yet"
)
# The same messages with the 47 on which a second, independent coder differed settled by a third
# reader, all before the parser was run on them (CORPUS-17-README.md).
SEVENTEENTH_ADJUDICATED = DATA / "locked" / "intake_locked_17_adjudicated.toml"
SEVENTEENTH_ADJUDICATED_BLIND = (
    "issue 20's targets on the seventeenth locked part as adjudicated (the writer's and a second "
    "coder's codings agree at 0.922; each reads 0.959 against the adjudicated one); scored once at "
    "08:41 on 2026-12-07 with the writer's: findings right 0.814 (target 0.90), 1 warning sign read "
    "absent, mended at once, 39 of 56 hedges unknown: findings right stay below 0.90 and not every "
    "hedge is read unknown yet"
)
EIGHTEENTH_LOCKED = DATA / "locked" / "intake_locked_18.toml"
EIGHTEENTH_BLIND = (
    "issue 20's targets on the eighteenth locked part (295 messages written blind as a representative "
    "sample of ordinary messages; scored once at 09:16 on 2026-12-07 after the sixteenth round: findings "
    "right 0.820 (target 0.90), 2 warning signs read absent, mended at once, 39 of 54 hedges unknown): "
    "findings right stay below 0.90 and not every hedge is read unknown yet"
)
NINETEENTH_LOCKED = DATA / "locked" / "intake_locked_19.toml"
NINETEENTH_BLIND = (
    "issue 20's targets on the nineteenth locked part (298 messages written blind as a representative "
    "sample of ordinary messages; scored once at 11:48 on 2026-12-07 after the seventeenth round and the "
    "frame scan's mends: findings right 0.845 (target 0.90), no warning sign read absent, 28 of 35 hedges "
    "unknown): findings right stay below 0.90 and not every hedge is read unknown yet"
)
TWENTIETH_LOCKED = DATA / "locked" / "intake_locked_20.toml"
TWENTIETH_BLIND = (
    "issue 20's targets on the twentieth locked part (290 messages written blind as a representative "
    "sample of ordinary messages; scored once at 12:30 on 2026-12-07 after the eighteenth round: findings "
    "right 0.838 (target 0.90), 2 warning signs read absent, mended at once, 32 of 47 hedges unknown): "
    "findings right stay below 0.90 and not every hedge is read unknown yet"
)
TWENTY_FIRST_LOCKED = DATA / "locked" / "intake_locked_21.toml"
TWENTY_FIRST_BLIND = (
    "issue 20's targets on the twenty-first locked part (294 messages written blind as a representative "
    "sample of ordinary messages; scored once at 14:58 on 2026-12-07 after the nineteenth round: findings "
    "right 0.822 (target 0.90), 2 warning signs read absent, mended at once, 29 of 51 hedges unknown): "
    "findings right stay below 0.90 and not every hedge is read unknown yet"
)
TWENTY_SECOND_LOCKED = DATA / "locked" / "intake_locked_22.toml"
TWENTY_SECOND_BLIND = (
    "issue 20's targets on the twenty-second locked part (297 messages written blind as a representative "
    "sample of ordinary messages; scored once at 15:42 on 2026-12-07 after the twentieth round: findings "
    "right 0.815 (target 0.90), no warning sign read absent, 27 of 41 hedges unknown): "
    "findings right stay below 0.90 and not every hedge is read unknown yet"
)
TWENTY_THIRD_LOCKED = DATA / "locked" / "intake_locked_23.toml"
TWENTY_THIRD_BLIND = (
    "issue 20's targets on the twenty-third locked part (310 messages written blind as a representative "
    "sample of ordinary messages; scored once at 18:04 on 2026-12-07 after rounds 21 and 22 and the lead's "
    "mends after part 22: findings right 0.871 (target 0.90), no warning sign read absent, 30 of 45 "
    "hedges unknown): findings right stay below 0.90 and not every hedge is read unknown yet"
)
TWENTY_FOURTH_LOCKED = DATA / "locked" / "intake_locked_24.toml"
TWENTY_FOURTH_BLIND = (
    "issue 20's targets on the twenty-fourth locked part (301 messages written blind as a representative "
    "sample of ordinary messages; scored once at 18:04 on 2026-12-07, with part 23: findings right 0.827 "
    "(target 0.90), 2 warning signs read absent, mended at once, 21 of 35 hedges unknown): findings "
    "right stay below 0.90 and not every hedge is read unknown yet"
)
TWENTY_FIFTH_LOCKED = DATA / "locked" / "intake_locked_25.toml"
TWENTY_FIFTH_BLIND = (
    "issue 20's targets on the twenty-fifth locked part (355 messages written blind as a representative "
    "sample of ordinary messages; scored once at 20:48 on 2026-12-07 after round 23: findings right "
    "0.843 (target 0.90), no warning sign read absent, 47 of 55 hedges unknown): findings right stay "
    "below 0.90 and not every hedge is read unknown yet"
)
TWENTY_SIXTH_LOCKED = DATA / "locked" / "intake_locked_26.toml"
TWENTY_SIXTH_BLIND = (
    "issue 20's targets on the twenty-sixth locked part (353 messages written blind as a representative "
    "sample of ordinary messages; scored once at 20:48 on 2026-12-07, with part 25: findings right 0.825 "
    "(target 0.90), 2 warning signs read absent, mended at once, 46 of 56 hedges unknown): findings "
    "right stay below 0.90 and not every hedge is read unknown yet"
)
TWENTY_SEVENTH_LOCKED = DATA / "locked" / "intake_locked_27.toml"
TWENTY_SEVENTH_BLIND = (
    "issue 20's targets on the twenty-seventh locked part (386 messages written blind as a representative "
    "sample of ordinary messages; scored once at 21:30 on 2026-12-07 after round 24: findings right "
    "0.854 (target 0.90), 1 warning sign read absent, mended at once, 42 of 53 hedges unknown): "
    "findings right stay below 0.90 and not every hedge is read unknown yet"
)
TWENTY_EIGHTH_LOCKED = DATA / "locked" / "intake_locked_28.toml"
TWENTY_EIGHTH_BLIND = (
    "issue 20's targets on the twenty-eighth locked part (378 messages written blind as a representative "
    "sample of ordinary messages; scored once at 21:30 on 2026-12-07, with part 27: findings right 0.857 "
    "(target 0.90), 2 warning signs read absent, mended at once, 53 of 60 hedges unknown): findings "
    "right stay below 0.90 and not every hedge is read unknown yet"
)
TWENTY_NINTH_LOCKED = DATA / "locked" / "intake_locked_29.toml"
TWENTY_NINTH_BLIND = (
    "issue 20's targets on the twenty-ninth locked part (376 messages written blind as a representative "
    "sample of ordinary messages; scored once at 23:48 on 2026-12-07 after round 25: findings right "
    "0.854 (target 0.90), no warning sign read absent, 49 of 62 hedges unknown): findings right stay "
    "below 0.90 and not every hedge is read unknown yet"
)
THIRTIETH_LOCKED = DATA / "locked" / "intake_locked_30.toml"
THIRTIETH_BLIND = (
    "issue 20's targets on the thirtieth locked part (377 messages written blind as a representative "
    "sample of ordinary messages; scored once at 00:10 on 2026-12-08 after round 25 and the lead's mends "
    "after part 29: findings right 0.875 (target 0.90), no warning sign read absent, 58 of 66 hedges "
    "unknown): findings right stay below 0.90 and not every hedge is read unknown yet"
)
THIRTY_FIRST_LOCKED = DATA / "locked" / "intake_locked_31.toml"
THIRTY_FIRST_BLIND = (
    "issue 20's targets on the thirty-first locked part (385 messages written blind as a representative "
    "sample of ordinary messages; scored once at 00:14 on 2026-12-08 after the lead's mends after part "
    "30: findings right 0.830 (target 0.90), 1 warning sign read absent, mended at once, 54 of 67 hedges "
    "unknown): findings right stay below 0.90 and not every hedge is read unknown yet"
)
THIRTY_SECOND_LOCKED = DATA / "locked" / "intake_locked_32.toml"
THIRTY_SECOND_BLIND = (
    "issue 20's targets on the thirty-second locked part (350 messages written blind as a "
    "representative sample of ordinary messages; scored once at 03:23 on 2026-12-08 after round 26: "
    "findings right 0.850 (target 0.90), 1 warning sign read absent, mended at once, 45 of 66 hedges "
    "unknown): findings right stay below 0.90 and not every hedge is read unknown yet"
)
THIRTY_THIRD_LOCKED = DATA / "locked" / "intake_locked_33.toml"
THIRTY_THIRD_BLIND = (
    "issue 20's targets on the thirty-third locked part (351 messages written blind as a "
    "representative sample of ordinary messages; scored once at 03:24 on 2026-12-08 after round 26 and "
    "the lead's mend after part 32: findings right 0.829 (target 0.90), no warning sign read absent, "
    "28 of 34 hedges unknown): findings right stay below 0.90 and not every hedge is read unknown yet"
)
THIRTY_FOURTH_LOCKED = DATA / "locked" / "intake_locked_34.toml"
THIRTY_FOURTH_BLIND = (
    "issue 20's targets on the thirty-fourth locked part (358 messages written blind as a "
    "representative sample of ordinary messages; scored once at 03:24 on 2026-12-08 after round 26 and "
    "the lead's mend after part 32: findings right 0.855 (target 0.90), 1 warning sign read absent, "
    "mended at once, 33 of 44 hedges unknown): findings right stay below 0.90 and not every hedge is "
    "read unknown yet"
)
# Warning signs a blind part showed read absent, until the round that tunes on it mends them.
# The ninth part's 2 ("no swelling? not really. maybe a little around the kneecap"; "was a bit
# numb in my foot yesterday ... fine now") were mended by the ninth round, the tenth's 3 ("Foot
# cold? Not really."; "no witnessed trauma"; "bit wheezy ... no chest pain") at once after it was
# scored; a later part's readings absent wait here until mended.
STILL_READ_ABSENT: dict[Path, str] = {
    FIFTEENTH_LOCKED: (
        "the fifteenth part's 6 warning signs read absent when it was scored: five denials of one kind "
        "of injury ('no fall', 'She hasn't had a fall', 'I haven't fallen or banged it') that its writer "
        "coded as leaving a twist open (knee_injury unsure), where the other parts code the same kind of "
        "denial as no injury in 50 messages and unsure in none (this part itself so in one). The "
        "sixth, 'I can bend to about 80 degrees' (short of 90), was mended by the fourteenth round"
    ),
}


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(path, marks=[pytest.mark.xfail(reason=STILL_READ_ABSENT[path], strict=True)])
        if path in STILL_READ_ABSENT
        else path
        for path in sorted((DATA / "locked").glob("intake_locked*.toml"))
    ],
    ids=lambda path: path.name,
)
def test_every_locked_part_reads_no_warning_sign_absent(path: Path) -> None:
    scores = _scored_part(path)
    assert scores.warnings_wrongly_absent == []


# Parts 2 to 5: each scored blind once after a round and tuned on since; the reasons keep
# the blind scores, and a part that reaches the targets turns its xfail into a failure.
SHORT_OF_THE_TARGETS = {
    SECOND_LOCKED: SECOND_BLIND,
    THIRD_LOCKED: THIRD_BLIND,
    FOURTH_LOCKED: FOURTH_BLIND,
    FIFTH_LOCKED: FIFTH_BLIND,
    SIXTH_LOCKED: SIXTH_BLIND,
    SEVENTH_LOCKED: SEVENTH_BLIND,
    EIGHTH_LOCKED: EIGHTH_BLIND,
    NINTH_LOCKED: NINTH_BLIND,
    TENTH_LOCKED: TENTH_BLIND,
    ELEVENTH_LOCKED: ELEVENTH_BLIND,
    TWELFTH_LOCKED: TWELFTH_BLIND,
    THIRTEENTH_LOCKED: THIRTEENTH_BLIND,
    FOURTEENTH_LOCKED: FOURTEENTH_BLIND,
    FIFTEENTH_LOCKED: FIFTEENTH_BLIND,
    SIXTEENTH_LOCKED: SIXTEENTH_BLIND,
    SEVENTEENTH_LOCKED: SEVENTEENTH_BLIND,
    SEVENTEENTH_ADJUDICATED: SEVENTEENTH_ADJUDICATED_BLIND,
    EIGHTEENTH_LOCKED: EIGHTEENTH_BLIND,
    NINETEENTH_LOCKED: NINETEENTH_BLIND,
    TWENTIETH_LOCKED: TWENTIETH_BLIND,
    TWENTY_FIRST_LOCKED: TWENTY_FIRST_BLIND,
    TWENTY_SECOND_LOCKED: TWENTY_SECOND_BLIND,
    TWENTY_THIRD_LOCKED: TWENTY_THIRD_BLIND,
    TWENTY_FOURTH_LOCKED: TWENTY_FOURTH_BLIND,
    TWENTY_FIFTH_LOCKED: TWENTY_FIFTH_BLIND,
    TWENTY_SIXTH_LOCKED: TWENTY_SIXTH_BLIND,
    TWENTY_SEVENTH_LOCKED: TWENTY_SEVENTH_BLIND,
    TWENTY_EIGHTH_LOCKED: TWENTY_EIGHTH_BLIND,
    TWENTY_NINTH_LOCKED: TWENTY_NINTH_BLIND,
    THIRTIETH_LOCKED: THIRTIETH_BLIND,
    THIRTY_FIRST_LOCKED: THIRTY_FIRST_BLIND,
    THIRTY_SECOND_LOCKED: THIRTY_SECOND_BLIND,
    THIRTY_THIRD_LOCKED: THIRTY_THIRD_BLIND,
    THIRTY_FOURTH_LOCKED: THIRTY_FOURTH_BLIND,
}


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(path, marks=pytest.mark.xfail(reason=why, strict=True))
        for path, why in SHORT_OF_THE_TARGETS.items()
    ],
    ids=lambda path: path.name,
)
def test_each_later_locked_part_meets_the_issues_targets(path: Path) -> None:
    scores = _scored_part(path)
    assert scores.overall.right >= 0.90
    assert scores.warnings_wrongly_absent == []
    assert scores.hedges_read_unknown == scores.hedges


# --- The fourth round: absent is harder to reach ----------------------------------------------

# Each a variant written here, not a corpus sentence: one per mechanism, with controls.
FOURTH_ROUND = [
    # a record, or what the speaker has seen or reckons, is no denial ([intake] unsure_denials)
    ("no falls documented", {"unknown": {"knee_injury"}, "absent": set()}),
    ("No calf swelling on record", {"unknown": {"one_leg_swelling"}, "absent": set()}),
    ("no fever I've noticed, no swelling", {"unknown": {"fever"}, "absent": {"swollen_knee"}}),
    ("I reckon I can stand on it", {"unknown": {"unable_to_bear_weight"}, "absent": set()}),
    ("Patellar tendinopathy I reckon", {"unknown": set()}),
    # partial ability: unknown, never absent; a plain ability stays absent
    ("He can put weight on it but only for a few steps", {"unknown": {"unable_to_bear_weight"}, "absent": set()}),
    ("I can walk on it, sort of", {"unknown": {"unable_to_bear_weight"}, "absent": set()}),
    ("I can walk on it fine", {"absent": {"unable_to_bear_weight"}}),
    # a hedge trailing a denial at the start of the next clause; not one that is another finding's
    ("the knee didn't lock, it felt like it might", {"unknown": {"knee_locked"}, "absent": set()}),
    ("no fever, no idea about the rest", {"unknown": {"fever"}, "absent": set()}),
    ("It hasn't locked, and I don't think it's swollen", {"absent": {"knee_locked"}, "unknown": {"swollen_knee"}}),
    # a denial of one kind of event that the sentence corrects by another, or by the state later
    ("It wasn't a fall, a shopping trolley rammed into my knee", {"present": {"knee_injury", "injury_fall_or_blow"}}),
    ("Didn't swell at first but by the evening it was fat", {"present": {"swollen_knee"}, "absent": set()}),
    ("No swelling. It's swollen now.", {"unknown": {"swollen_knee"}}),
    # general cues from parts 2 and 3, each in words of its own
    ("She's running 38.7 and the knee is sore", {"present": {"fever", "knee_pain"}}),
    ("twisted it 3/7 ago", {"present": {"knee_injury"}, "days": 3}),
    ("pain 24/7", {"days": None}),
    ("my son, 12, fell off his bike onto his knee", {"present": {"knee_injury", "injury_fall_or_blow"}, "age": 12}),
    ("ACL reconstruction four years ago, now my knee aches", {"present": {"knee_pain"}}),
    ("I twisted it while playing football with my daughter", {"present": {"knee_injury"}}),
    ("my brother said my knee looks puffy", {"present": {"swollen_knee"}}),
    ("Crouching doesn't bother it, stairs don't either", {"absent": {"squatting_pain", "stairs_pain"}}),
    (
        "it doesn't hurt at the back, it's on the outside of the knee",
        {"present": {"lateral_knee_pain"}, "absent": set()},
    ),
    ("I'm not on anything", {"absent": {"takes_anticoagulants"}}),
    ("I'm on meds for my heart", {"absent": set(), "present": set()}),
    ("no idea how I did it, knee is swollen", {"present": {"swollen_knee"}, "unknown": {"knee_injury"}}),
    ("no idea how, but it swelled up straight away", {"present": {"swollen_knee"}, "unknown": {"knee_injury"}}),
    ("the pain is right in the middle of my knee", {"side": None}),
    ("the knee blew up like a melon", {"present": {"swollen_knee"}}),
    ("twinges behind the knee when I sprint", {"present": {"posterior_knee_pain", "running_pain"}}),
    ("Hurt it this arvo", {"days": 0}),
    ("Swollen calf? Yes, a bit.", {"present": {"one_leg_swelling"}, "unknown": set()}),
    (
        "Banged my knee on the door. Happened about an hour ago.",
        {"present": {"knee_injury", "injury_fall_or_blow"}, "days": 0},
    ),
    ("Twisted my knee. Fine until about 2 months ago.", {"days": None}),
    ("My calf on the left is sore", {"side": "left"}),
    (
        "58M, unable to WB since the fall",
        {"present": {"unable_to_bear_weight", "knee_injury", "injury_fall_or_blow"}, "age": 58},
    ),
    ("c/o medial pain in the R knee", {"present": {"medial_knee_pain"}, "side": "right"}),
    ("it goes from under me on the stairs", {"present": {"knee_gives_way"}}),
    ("Tripped and went sprawling on the pavement", {"present": {"knee_injury", "injury_fall_or_blow"}}),
    ("squatting is a no-go", {"present": {"squatting_pain"}, "absent": set()}),
    ("It's not swollen or hot.", {"absent": {"hot_swollen_knee", "swollen_knee"}}),
    ("not hot and swollen, just swollen", {"present": {"swollen_knee"}, "absent": {"hot_swollen_knee"}}),
    ("My foot feels normal", {"absent": {"foot_numbness_or_tingling"}}),
    ("Knee feels normal", {"absent": set()}),
    ("I'm on Coumadin", {"present": {"takes_anticoagulants"}}),
    # a negation reaches a finding only when the finding's next word is in its scope
    (
        "my kneecap doesn't track right and there's softening of the cartilage under it",
        {"present": {"patellar_tracking_problem", "chondromalacia_patellae"}, "absent": set()},
    ),
    ("no pins and needles in my foot", {"absent": {"foot_numbness_or_tingling"}}),
    ("a dull throb deep inside the knee", {"present": {"knee_pain"}}),
    # a lock that lets go later in its sentence is catching ([intake.instead]); a denied lock stays denied
    ("The knee locked for a few minutes then let go", {"present": {"knee_catches"}}),
    ("it locks up for a sec then it's fine again", {"present": {"knee_catches"}, "absent": set()}),
    ("my knee is locked and won't straighten", {"present": {"knee_locked", "cannot_lift_leg_straight"}}),
    ("It doesn't lock, it just clunks", {"absent": {"knee_locked"}, "present": set()}),
    # feeling generally unwell is the fever id's other half
    ("knee is swollen and I feel rotten", {"present": {"swollen_knee", "fever"}}),
    ("knee's been playing up something rotten", {"present": {"knee_pain"}}),
    # a clause naming no part goes on about the one before; "rolled" is no twist of the knee
    ("knee's swollen but the calf's fine, not swollen", {"present": {"swollen_knee"}, "absent": {"one_leg_swelling"}}),
    ("No swelling in the knee or the calf, just pain", {"present": {"knee_pain"}}),
    ("ITB rolled but no joy, pain on the outer knee", {"present": {"lateral_knee_pain"}}),
    ("It swelled up fast after I landed", {"present": {"knee_injury", "rapid_swelling_after_injury", "swollen_knee"}}),
]


_UNSURE_DENIALS = ["recorded", "documented", "on record", "I've noticed", "I've seen", "noted in the chart as such"]
_TRAILING = ["not sure", "it felt like it might", "no idea", "wasn't paying attention", "I reckon", "could be wrong"]
_ABILITIES = sorted(
    (phrase.symptom, words)
    for phrase in PACK.content.intake.phrase  # type: ignore[union-attr]
    if phrase.means == "absent" and not phrase.exact and phrase.symptom in WARNING
    for words in phrase.words
)
_PARTLY = [", but only for a few steps", ", sort of", " a bit", " with help", " kind of", ", only a few metres"]


def _synonym(id_: str) -> str:
    synonyms = PACK.symptoms[id_].synonyms
    assume(synonyms)
    return synonyms[0]


@given(st.sampled_from(WARNING), st.sampled_from(_UNSURE_DENIALS), st.sampled_from(["no ", "never had "]))
def test_a_denial_a_record_or_a_view_qualifies_is_never_absent(id_: str, qualifier: str, negation: str) -> None:
    text = f"{negation}{_synonym(id_)} {qualifier}"
    assert id_ not in parse(text).absent, text


@given(st.sampled_from(WARNING), st.sampled_from(_TRAILING), st.sampled_from(["no ", "not had ", "never had "]))
def test_a_hedge_trailing_a_denial_leaves_it_never_absent(id_: str, trailing: str, negation: str) -> None:
    text = f"{negation}{_synonym(id_)}, {trailing}"
    assert id_ not in parse(text).absent, text


@given(st.sampled_from(_ABILITIES), st.sampled_from(_PARTLY), st.sampled_from(["I ", "he ", ""]))
def test_an_ability_said_only_in_part_never_makes_a_warning_sign_absent(
    ability: tuple[str, str], partly: str, who: str
) -> None:
    id_, words = ability
    assume(id_ not in _AT_ALL)  # a sign meaning none at all: the two tests below
    text = f"{who}{words}{partly}"
    parsed = parse(text)
    assert id_ not in parsed.absent, text
    assert id_ not in parse(f"{who}{words}").symptoms  # the plain ability never says the sign


@given(st.sampled_from(WARNING), st.sampled_from(["but later", "but now", "then later on"]))
def test_a_denial_the_sentence_corrects_is_never_absent(id_: str, turn: str) -> None:
    synonym = _synonym(id_)
    text = f"no {synonym} at first, {turn} {synonym}"
    parsed = parse(text)
    assert id_ not in parsed.absent, text
    assume(id_ in parse(synonym).symptoms)  # said alone, the synonym says it
    assert id_ in parsed.symptoms, text  # the correction is the answer, not a contradiction
    assert id_ not in parse(f"no {synonym} at first").symptoms


def test_a_bad_instead_table_names_its_file_line_and_the_closest_id(tmp_path: Path) -> None:
    _assert_the_misspelt_id_is_named(
        tmp_path,
        '\n[intake]\nhedges = ["maybe"]\n\n[intake.instead.knee_pain]\nsymptom = "knee_pian"\nwords = ["let go"]\n',
    )


@pytest.mark.parametrize("key", ["only_present", "suspected", "either"])
def test_a_bad_id_in_an_intake_id_list_names_its_file_line_and_the_closest_id(tmp_path: Path, key: str) -> None:
    _assert_the_misspelt_id_is_named(tmp_path, f'\n[intake]\nhedges = ["maybe"]\n{key} = ["knee_pian"]\n')


def test_a_bad_id_in_at_all_names_its_file_line_and_the_closest_id(tmp_path: Path) -> None:
    _assert_the_misspelt_id_is_named(tmp_path, '\n[intake]\nhedges = ["maybe"]\nat_all = { knee_pian = ["a bit"] }\n')


@pytest.mark.parametrize("table", ['explained = ["knee_pian"]', 'doubted_half = { knee_pian = ["constant"] }'])
def test_a_bad_id_in_the_fifteenth_rounds_lists_names_its_file_line_and_the_closest_id(
    tmp_path: Path, table: str
) -> None:
    _assert_the_misspelt_id_is_named(tmp_path, f'\n[intake]\nhedges = ["maybe"]\n{table}\n')


def test_a_bad_id_in_elsewhere_names_its_file_line_and_the_closest_id(tmp_path: Path) -> None:
    _assert_the_misspelt_id_is_named(tmp_path, '\n[intake]\nhedges = ["maybe"]\nelsewhere = { knee_pian = ["jump"] }\n')


def test_a_bad_id_in_other_activity_names_its_file_line_and_the_closest_id(tmp_path: Path) -> None:
    _assert_the_misspelt_id_is_named(
        tmp_path, '\n[intake]\nhedges = ["maybe"]\nother_activity = { knee_pian = { words = ["hike"] } }\n'
    )


@pytest.mark.parametrize(
    "table",
    ['now_and_then = { knee_pian = ["sometimes"] }', 'told = ["knee_pian"]\ntold_denials = ["nobody"]'],
)
def test_a_bad_id_in_rounds_23_and_24s_tables_names_its_file_line_and_the_closest_id(
    tmp_path: Path, table: str
) -> None:
    _assert_the_misspelt_id_is_named(tmp_path, f'\n[intake]\nhedges = ["maybe"]\n{table}\n')


@pytest.mark.parametrize(
    "table",
    [
        'noises = { knee_pian = ["click"] }',
        'taken_by = { knee_pian = { symptom = "knee_pain", words = ["dodgy"] } }',
        'taken_by = { knee_pain = { symptom = "knee_pian", words = ["dodgy"] } }',
    ],
)
def test_a_bad_id_in_round_25s_tables_names_its_file_line_and_the_closest_id(tmp_path: Path, table: str) -> None:
    _assert_the_misspelt_id_is_named(tmp_path, f'\n[intake]\nhedges = ["maybe"]\n{table}\n')


def test_a_bad_straight_id_of_an_angle_names_its_file_line_and_the_closest_id(tmp_path: Path) -> None:
    _assert_the_misspelt_id_is_named(
        tmp_path,
        '\n[intake]\nhedges = ["maybe"]\n\n[[intake.angle]]\nsymptom = "knee_pain"\nfewer_than = 90\n'
        'words = ["bend"]\nstraight = "knee_pian"\ncite = ["article#4"]\n',
    )


def test_a_bad_steps_table_names_its_file_line_and_the_closest_id(tmp_path: Path) -> None:
    _assert_the_misspelt_id_is_named(
        tmp_path, '\n[intake]\nhedges = ["maybe"]\n\n[intake.steps]\nsymptom = "knee_pian"\nfewer_than = 4\n'
    )


def test_a_bad_distance_table_names_its_file_line_and_the_closest_id(tmp_path: Path) -> None:
    _assert_the_misspelt_id_is_named(
        tmp_path,
        '\n[intake]\nhedges = ["maybe"]\n\n[intake.distance]\nsymptom = "knee_pian"\nunits = ["miles"]\n'
        'activity = ["marathon"]\n',
    )


def test_a_bad_angle_table_names_its_file_line_and_the_closest_id(tmp_path: Path) -> None:
    _assert_the_misspelt_id_is_named(
        tmp_path,
        '\n[intake]\nhedges = ["maybe"]\n\n[[intake.angle]]\nsymptom = "knee_pian"\nfewer_than = 90\n'
        'words = ["bend"]\ncite = ["article#4"]\n',
    )


@given(
    st.integers(min_value=10, max_value=180), st.sampled_from(["I can bend it to", "it bends to", "she can flex it to"])
)
def test_a_bend_in_degrees_short_of_90_is_the_sign_and_90_or_more_denies_it(angle: int, said: str) -> None:
    parsed = parse(f"{said} {angle} degrees")
    if angle < 90:
        assert "unable_to_flex_90" in parsed.symptoms, angle
        assert "unable_to_flex_90" not in parsed.absent, angle
    else:
        assert "unable_to_flex_90" in parsed.absent, angle
    # a fever word before the number makes it a temperature, never an angle
    assert (
        "unable_to_flex_90" not in parse(f"temp of {angle} degrees").symptoms | parse(f"temp of {angle} degrees").absent
    )


@given(st.integers(min_value=1, max_value=12), st.sampled_from(["can only manage", "I can take", "she managed"]))
def test_steps_counted_below_the_bound_are_the_sign_and_at_it_are_weight_borne(count: int, said: str) -> None:
    parsed = parse(f"{said} {count} steps")
    if count < 4:
        assert "unable_to_bear_weight" in parsed.symptoms, count
        assert "unable_to_bear_weight" in parse(f"cannot take {count} steps").symptoms, count
    else:
        assert "unable_to_bear_weight" not in parsed.symptoms, count
        if "only" not in said:  # "can only manage 6 steps" is as unsure as "only a few"
            assert "unable_to_bear_weight" in parsed.absent, count
        assert "unable_to_bear_weight" in parse(f"cannot take {count} steps").symptoms, count


_STATES_SWOLLEN = ["swollen", "puffy", "swelling"]
_STATES_HOT = ["hot", "warm"]


@given(st.sampled_from(_STATES_SWOLLEN), st.sampled_from(_STATES_HOT), st.booleans(), st.booleans())
def test_a_pair_denied_with_or_or_nor_denies_each(swollen: str, hot: str, nor: bool, hot_first: bool) -> None:
    first, second = (hot, swollen) if hot_first else (swollen, hot)
    text = f"my knee is neither {first} nor {second}" if nor else f"my knee is not {first} or {second}"
    assert {"hot_swollen_knee", "swollen_knee"} <= parse(text).absent, text
    # "not hot and swollen" denies the pair only: it may be swollen.
    assert "swollen_knee" not in parse(f"my knee is not {first} and {second}").absent


_RELEASES = list(PACK.content.intake.instead["knee_locked"].words)  # type: ignore[union-attr]


@given(st.sampled_from(PACK.symptoms["knee_locked"].synonyms), st.sampled_from(_RELEASES))
def test_a_lock_that_lets_go_later_in_its_sentence_is_catching(locked: str, release: str) -> None:
    assume(parse(locked).symptoms >= {"knee_locked"})
    text = f"{locked}, then {release}"
    parsed = parse(text)
    assert "knee_catches" in parsed.symptoms, text
    assert "knee_locked" not in parsed.symptoms, text
    assert "knee_locked" in parse(f"{locked}. {release.capitalize()} is how I'd like it").symptoms


# --- The fifth round: limits of knowledge, degree, conditions, concord, closing hedges ---------

# Each a variant written here, not a corpus sentence: one per mechanism, with controls.
FIFTH_ROUND = [
    # what someone remembers, saw or was told, whoever they are, is no denial
    ("She can't remember banging it", {"unknown": {"knee_injury"}, "absent": set()}),
    ("no knocks that the teacher mentioned", {"absent": set()}),
    ("no swelling the nurse saw, no fever", {"unknown": {"swollen_knee"}, "absent": {"fever"}}),
    # a degree makes a denial partial
    ("the calf didn't swell much", {"unknown": {"one_leg_swelling"}, "absent": set()}),
    ("it's not very swollen", {"unknown": {"swollen_knee"}, "absent": set()}),
    ("it's not swollen", {"absent": {"swollen_knee"}}),
    # an ability under a condition, or only in part, is no ability
    ("I can walk on it if I lean on the trolley", {"unknown": {"unable_to_bear_weight"}, "absent": set()}),
    ("he can only manage a couple of hops", {"absent": set()}),
    ("I can walk on it", {"absent": {"unable_to_bear_weight"}}),
    # negative concord: the phrase's own negation said twice
    ("he can't put no weight on that leg", {"present": {"unable_to_bear_weight"}, "absent": set()}),
    ("she cannot bear no weight", {"present": {"unable_to_bear_weight"}, "absent": set()}),
    # a hedge closing a sentence after a run of denials is about the whole run
    (
        "not feverish, no swollen calf, no chest pain, I don't think so anyway",
        {"unknown": {"fever", "one_leg_swelling", "breathless_or_chest_pain"}, "absent": set()},
    ),
    ("no fever, no chest pain. Knee is sore, not sure why", {"absent": {"fever", "breathless_or_chest_pain"}}),
    # a denied sign found by pressing leaves the pain unsaid; a sign that is the id itself is denied
    ("calf not tender", {"unknown": {"one_leg_throbbing_pain"}, "absent": set()}),
    ("no calf pain", {"absent": {"one_leg_throbbing_pain"}}),
    ("the fibula head isn't tender", {"absent": {"fibular_head_tenderness"}}),
    # "noo" is Scots for now, never a slip for no
    ("and noo the knee's swollen", {"present": {"swollen_knee"}, "absent": set()}),
    # "nobody" denies as "no" does; an ability said with "it"
    ("nobody kicked it, no fall", {"absent": {"knee_injury"}}),
    ("I can lift it straight", {"absent": {"cannot_lift_leg_straight"}}),
    ("I can lift it straight if I help it", {"unknown": {"cannot_lift_leg_straight"}, "absent": set()}),
    # an age in apposition to a short opening clause; never a score, a count or a time
    ("Welder, 38, knee aches when I kneel", {"age": 38}),
    ("I'm a teacher, 61.", {"age": 61}),
    ("Pain score, 7.", {"age": None}),
    ("Twisted it, 3 days ago", {"age": None, "days": 3}),
    ("Knee sore, 8/10", {"age": None}),
    # a dropped g is the word ("swellin"); Scots negatives; a speaker who cannot judge
    ("knee's swellin up", {"present": {"swollen_knee"}}),
    ("he cannae stand on it", {"present": {"unable_to_bear_weight"}}),
    ("it's swollen but I'm no expert", {"unknown": {"swollen_knee"}}),
    # "aged N years" and "she is N years," without the "old" are ages; "it is 3 years since" is not
    ("my mother aged 81 years has a swollen knee", {"age": 81, "present": {"swollen_knee"}}),
    ("My father is 77 years, his knee is hot", {"age": 77}),
    ("it is 3 years since my op, knee aches", {"age": None}),
    # a counted number of steps is how far one walks; Scots "sair" is sore
    ("I manage about 20 steps then it aches", {"present": {"knee_pain"}}),
    ("it hurts on the steps", {"present": {"knee_pain", "stairs_pain"}}),
    ("my knee's sair", {"present": {"knee_pain"}}),
    # a fall said as going down, word for word; going down a hill or the stairs is no fall
    ("it's sore going down", {"present": {"knee_pain"}}),
    ("she went down hard on the ice", {"present": {"knee_injury", "injury_fall_or_blow"}}),
    # the season after a word of time, a cold that is an illness
    ("achy since early fall", {"present": {"knee_pain"}, "unknown": set(), "absent": set()}),
    ("stinking cold and an achy knee", {"present": {"knee_pain"}}),
    # out of breath in British slang; "puffed up" stays a swelling
    ("no chest pain but I'm out of puff on the hill", {"present": {"breathless_or_chest_pain"}, "absent": set()}),
    ("knee's all puffed up", {"present": {"swollen_knee"}}),
    # after part 5 was scored: a "no" before another finding's words denies that one only;
    # a pair joined around a negation of one of them is the other alone; "don't think" hedges
    ("my knee is swollen with no heat", {"present": {"swollen_knee"}, "absent": {"hot_swollen_knee"}}),
    ("knee is swollen and not hot", {"present": {"swollen_knee"}, "absent": {"hot_swollen_knee"}}),
    ("knee is swollen and hot", {"present": {"swollen_knee", "hot_swollen_knee"}}),
    ("cycling no problem at all", {"absent": {"cycling"}}),
    ("Fever - no", {"absent": {"fever"}}),
    ("dont think its swollen", {"unknown": {"swollen_knee"}, "absent": set()}),
]


_WHO = ["he", "she", "they", "my wife", "the school", "staff", "the carers", "I"]
_NOT_KNOWING = ["doesn't remember", "can't recall", "never mentioned", "didn't mention", "don't remember"]


@given(st.sampled_from(WARNING), st.sampled_from(_WHO), st.sampled_from(_NOT_KNOWING), st.booleans())
def test_a_denial_limited_by_anyones_knowledge_is_never_absent(id_: str, who: str, verb: str, after: bool) -> None:
    synonym = _synonym(id_)
    text = f"no {synonym} that {who} saw" if after else f"{who} {verb} any {synonym}"
    assert id_ not in parse(text).absent, text


_CLOSING = ["I don't think so anyway", "not sure", "I think", "probably", "I doubt it"]


@given(st.sampled_from(WARNING), st.sampled_from(WARNING), st.sampled_from(_CLOSING), st.sampled_from([" - ", ", "]))
def test_a_hedge_closing_a_run_of_denials_leaves_each_never_absent(
    first: str, second: str, hedge: str, mark: str
) -> None:
    assume(first != second)
    text = f"no {_synonym(first)}, no {_synonym(second)}{mark}{hedge}"
    parsed = parse(text)
    assert first not in parsed.absent, text
    assert second not in parsed.absent, text


_DEGREES = ["didn't have much {}", "not much {}", "no {} to speak of", "not very much {}"]


@given(st.sampled_from(WARNING), st.sampled_from(_DEGREES))
def test_a_denial_said_by_degree_is_never_absent(id_: str, degree: str) -> None:
    text = degree.format(_synonym(id_))
    assert id_ not in parse(text).absent, text


_OPENING_IDIOMS = [
    "ok ",
    "ok so ",
    "Okay ",
    "okay so my ",
    "OK, so ",
    "right ok so ",
    "fine so ",
    "no worries ",
    "not gonna lie ",
    "no joke ",
    "no lie ",
    "no kidding ",
    "never mind that ",
    "no offence but ",
]


@given(st.sampled_from(WARNING), st.sampled_from(_OPENING_IDIOMS))
def test_a_message_opening_with_ok_or_an_idiom_never_denies_a_warning_sign(id_: str, opener: str) -> None:
    # "ok so knee = swollen, hot" (part 18): "ok", "no worries", "not gonna lie" open what is
    # said; they deny nothing after them.
    synonym = _synonym(id_)
    assume(id_ in parse(synonym).symptoms)
    text = f"{opener}{synonym}"
    assert id_ not in parse(text).absent, text


# Frames around a plainly said sign that deny nothing in it: closing the list, a person said
# fine after it, a doubt about the cause, a question, another fact denied before it.
_PLAIN_FRAMES = [
    "it was fine then {}",
    "felt fine then {}",
    "ok at first then {}",
    "walked in fine and now {}",
    "{}, nothing more",
    "other than {} I'm fine",
    "{} no clue why",
    "{} no idea why",
    "is it bad if {}?",
    "no meds, {}",
    "never had it before, {}",
    "nothing else to report, {}",
    "{}, should I be worried?",
    "not sure it's related but {}",
    "no worries but {}",
    "{}, no GP till Monday",
]


@given(st.sampled_from(WARNING), st.sampled_from(_PLAIN_FRAMES))
def test_a_sign_said_plainly_in_a_frame_that_denies_nothing_is_never_absent(id_: str, frame: str) -> None:
    synonym = _synonym(id_)
    assume(id_ in parse(synonym).symptoms)
    text = frame.format(synonym)
    assert id_ not in parse(text).absent, text


# Every warning-sign phrase of the pack in every frame of tests/data/warning_frames.txt
# (benchmarks/scan_frames.py reads them all; each run here samples them).
_WARNING_PHRASES = warning_phrases(PACK)


# The one pair the scan still reads absent, held by the strict xfail below.
_NOT_MENDED = ("{} non stop", "wouldnt weight bear")


@given(st.sampled_from(_WARNING_PHRASES), st.sampled_from(frames()))
def test_any_warning_sign_phrase_in_a_frame_that_denies_nothing_is_never_absent(
    phrase: tuple[str, str], frame: str
) -> None:
    id_, words = phrase
    assume(id_ in parse(words).symptoms)
    assume((frame, words) != _NOT_MENDED)
    assert not read_absent(PACK, id_, words, frame), frame.format(words)


@pytest.mark.xfail(
    strict=True,
    reason="found by benchmarks/scan_frames.py, not mended: the pack's 'non weight bearing' is gathered from "
    "'weight bear non' (its 'non' from 'non stop') before 'wouldnt weight bear', and the 'wouldnt' then denies it",
)
def test_an_inability_said_non_stop_is_not_denied() -> None:
    frame, words = _NOT_MENDED
    assert not read_absent(PACK, "unable_to_bear_weight", words, frame)


# Frames the scan found and no round has mended, so they are not in warning_frames.txt: a
# phrase's words gathered across a clause of its own ("when I'm not even moving", "that won't
# shift") take that clause's negation as their denial.
GATHERED_ACROSS_A_CLAUSE = [
    ("kneecap_dislocated", "kneecap went out when I'm not even moving"),
    ("unable_to_bear_weight", "wouldnt walk that won't shift"),
    ("immunosuppressed", "on chemo even when I'm not doing anything"),
]


@pytest.mark.xfail(strict=True, reason="found by benchmarks/scan_frames.py, not mended (see the list's comment)")
@pytest.mark.parametrize(("id_", "text"), GATHERED_ACROSS_A_CLAUSE, ids=[text for _, text in GATHERED_ACROSS_A_CLAUSE])
def test_a_phrase_gathered_across_a_clause_of_its_own_is_not_denied(id_: str, text: str) -> None:
    assert id_ not in parse(text).absent


def test_a_denial_before_and_does_not_reach_a_calf_said_after_it() -> None:
    # "swelling ... calf" gathered across the "and" into one phrase read the calf as denied;
    # a phrase across a scope end with a negation in it now comes after the others.
    assert "one_leg_swelling" not in parse("no swelling and calf is fatter").absent
    assert "foot_numbness_or_tingling" in parse("no pins and needles in my foot").absent


def test_ok_after_what_it_says_still_denies_it() -> None:
    assert "one_leg_swelling" in parse("Knee ok, calf swollen").symptoms
    assert "fever" in parse("temperature ok").absent


_CONDITIONS = [
    " if I hold onto something",
    " as long as I lean on the wall",
    " only if someone holds me",
    ", but only a few hobbles",
]


@given(st.sampled_from(_ABILITIES), st.sampled_from(_CONDITIONS), st.sampled_from(["I ", "he ", ""]))
def test_an_ability_under_a_condition_never_makes_a_warning_sign_absent(
    ability: tuple[str, str], condition: str, who: str
) -> None:
    id_, words = ability
    assume(id_ not in _AT_ALL)  # a sign meaning none at all: the two tests below
    text = f"{who}{words}{condition}"
    assert id_ not in parse(text).absent, text


# Signs whose meaning is none at all ("cannot move the knee at all", [intake] at_all): some
# of the ability, said in one of its words of degree, denies them; a hedge or a condition
# still leaves them unsure.
_AT_ALL = PACK.content.intake.at_all  # type: ignore[union-attr]
_AT_ALL_ABILITIES = [ability for ability in _ABILITIES if ability[0] in _AT_ALL]
_SOME = [" a bit", " a little", " a little bit", " slightly", ", but only a little", ", only slightly", " a tiny bit"]


@given(st.sampled_from(_AT_ALL_ABILITIES), st.sampled_from(_SOME), st.sampled_from(["I ", "he ", ""]))
def test_some_of_an_ability_denies_a_sign_meaning_none_at_all(ability: tuple[str, str], some: str, who: str) -> None:
    id_, words = ability
    assume(words.split()[0] in ("can", "i", "able"))  # "can move it", said as an ability
    text = f"{who}{words}{some}"
    assert id_ in parse(text).absent, text


@given(
    st.sampled_from(_AT_ALL_ABILITIES),
    st.sampled_from([*_CONDITIONS[:3], ", sort of", " kind of", " with help", ", I think", ", maybe"]),
    st.sampled_from(["I ", "he ", ""]),
)
def test_a_hedge_or_a_condition_leaves_a_sign_meaning_none_at_all_unsure(
    ability: tuple[str, str], doubt: str, who: str
) -> None:
    id_, words = ability
    text = f"{who}{words}{doubt}"
    assert id_ not in parse(text).absent, text


_PHRASES = PACK.content.intake.phrase  # type: ignore[union-attr]
_NEGATIVE_PHRASES = sorted(
    (id_, words)
    for id_ in WARNING
    for words in (
        *PACK.symptoms[id_].synonyms,
        *(w for p in _PHRASES if p.symptom == id_ and p.means == "present" for w in p.words),
    )
    if words.split()[0] in ("cannot", "cant", "can't") and len(words.split()) >= 3
)


@given(st.sampled_from(_NEGATIVE_PHRASES), st.sampled_from(["cant", "can't", "cannot"]))
def test_negative_concord_never_denies_a_negative_phrase(phrase: tuple[str, str], cannot: str) -> None:
    id_, words = phrase
    _, verb, *rest = words.split()
    assume(id_ in parse(words).symptoms)
    text = f"{cannot} {verb} no {' '.join(rest)}"
    assert id_ not in parse(text).absent, text


_VOCABULARY = _vocabulary(PACK)
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


@given(st.sampled_from(sorted(_VOCABULARY.negation_words)), st.integers(0, 6), st.sampled_from(_LETTERS), st.booleans())
def test_a_slip_is_never_corrected_into_a_negation(negation: str, at: int, letter: str, insert: bool) -> None:
    assume(at <= len(negation) and " " not in negation)
    slipped = negation[:at] + letter + negation[at + (0 if insert else 1) :]
    assume(slipped != negation)
    assert _correct(slipped, _VOCABULARY) not in _VOCABULARY.negation_words - {slipped}, slipped


_IN_PART = sorted(
    (id_, synonym)
    for id_ in WARNING
    for synonym in PACK.symptoms[id_].synonyms
    if any(word in _VOCABULARY.in_part for word in (_VOCABULARY.forms.get(w, w) for w in synonym.split()))
    or any(w.startswith("tender") for w in synonym.split())
)


@given(st.sampled_from(_IN_PART), st.sampled_from(["no {}", "not {}", "denies {}"]))
def test_a_denied_sign_found_by_pressing_leaves_the_pain_unsaid(pair: tuple[str, str], negation: str) -> None:
    id_, synonym = pair
    assume("tender" not in id_)  # a symptom that is the tenderness itself is denied by it
    text = negation.format(synonym)
    assert id_ not in parse(text).absent, text


@given(st.sampled_from(WARNING), st.data())
def test_a_denial_of_one_way_to_say_a_sign_that_another_affirms_is_never_absent(id_: str, data: st.DataObject) -> None:
    synonyms = PACK.symptoms[id_].synonyms
    assume(len(synonyms) >= 2)
    denied, said = data.draw(st.sampled_from(synonyms)), data.draw(st.sampled_from(synonyms))
    assume(denied != said and id_ in parse(said).symptoms)
    text = f"no {denied} but I do have {said}"
    assert id_ not in parse(text).absent, text


_ING = sorted(word for word in _VOCABULARY.words if word.endswith("ing") and len(word) >= 6)


@given(st.sampled_from(_ING))
def test_a_dropped_g_is_read_as_the_word(word: str) -> None:
    dropped = word[:-1]
    assume(dropped not in _VOCABULARY.words)
    assume(dropped not in _english())  # type: ignore[operator]  # "cabin" is a word of its own
    assert _correct(dropped, _VOCABULARY) == word


_STATES_ON_THE_KNEE = ["swollen", "puffy", "swelled up"]
_HEAT_DENIED = ["with no heat", "and not hot", "but not hot", "and no warmth", "with no warmth in it"]


@given(
    st.sampled_from(_STATES_ON_THE_KNEE),
    st.sampled_from(_HEAT_DENIED),
    st.sampled_from(["My knee is", "knee", "Her knee is"]),
)
def test_a_finding_said_before_a_denial_of_another_stays_present(state: str, denial: str, lead: str) -> None:
    text = f"{lead} {state} {denial}"
    parsed = parse(text)
    assert "swollen_knee" not in parsed.absent, text
    assert "hot_swollen_knee" not in parsed.symptoms, text


# --- The sixth round: shorthand, the leg below the knee, a year said, behaviour ------------

# Each a variant written here, not a corpus sentence: one per mechanism, with controls.
SIXTH_ROUND = [
    # clinical shorthand: the foot's nerves and blood supply checked, the leg raised straight
    ("no NV deficit", {"absent": {"foot_numbness_or_tingling", "foot_cold_pale_or_blue"}, "present": set()}),
    (
        "NV intact, SLR intact",
        {"absent": {"foot_numbness_or_tingling", "foot_cold_pale_or_blue", "cannot_lift_leg_straight"}},
    ),
    ("SLR ok", {"absent": {"cannot_lift_leg_straight"}, "present": set()}),
    ("cannot do a straight leg raise", {"present": {"cannot_lift_leg_straight"}}),
    # the foot lies below the knee; a swollen leg below the knee stays the leg's
    ("her leg is numb from the knee down", {"present": {"foot_numbness_or_tingling"}}),
    ("leg gone cold below the knee", {"present": {"foot_cold_pale_or_blue"}}),
    ("leg swollen from the knee down", {"present": {"one_leg_swelling"}}),
    ("my leg is numb", {"present": set()}),
    # not standing, told as what the person does
    ("he's refusing to stand", {"present": {"unable_to_bear_weight"}}),
    ("she couldn't get out of the chair", {"present": {"unable_to_bear_weight"}}),
    ("she got out of the chair fine", {"present": set()}),
    # going on is not being carried
    ("it frees up and I carry on", {"present": set()}),
    ("he had to be carried off", {"present": {"unable_to_bear_weight"}}),
    # a year said long before the window is not recent surgery, nor a time since the injury
    ("had a scope in 2015", {"present": set(), "absent": set()}),
    ("had a scope 2 weeks ago", {"present": {"recent_knee_surgery"}}),
    ("twisted it in 2019", {"present": {"knee_injury"}, "days": None}),
    # an age with "years" and the "old" left out, before "and"
    ("my father is 72 years and has a swollen knee", {"age": 72}),
    ("it is 3 years and the knee still hurts", {"age": None}),
    # Scots: "nae" is no, "no himsel" is not himself
    ("nae fall", {"absent": {"knee_injury"}}),
    ("he's no himsel", {"present": {"fever"}}),
    ("no history of cancer myself", {"present": set()}),
    # the side said to be normal is the one compared with
    ("my left calf is swollen, the right one is normal", {"side": "left"}),
    ("right knee is fine, left knee is swollen", {"side": "left"}),
    ("my left calf is swollen, the right one too", {"side": "both"}),
    # a kneecap gone round the side
    ("the kneecap has gone round the side", {"present": {"kneecap_dislocated", "knee_injury"}}),
]


_FOOT_STATES = {
    "numb": "foot_numbness_or_tingling",
    "tingly": "foot_numbness_or_tingling",
    "cold": "foot_cold_pale_or_blue",
    "pale": "foot_cold_pale_or_blue",
}
_BELOW_THE_KNEE = ["from the knee down", "below the knee", "under my knee", "from my knee down", "beneath the knee"]


@given(
    st.sampled_from(sorted(_FOOT_STATES)),
    st.sampled_from(_BELOW_THE_KNEE),
    st.sampled_from(["my leg is", "leg", "her leg went"]),
)
def test_a_foot_state_on_the_leg_below_the_knee_is_the_foots(state: str, landmark: str, lead: str) -> None:
    text = f"{lead} {state} {landmark}"
    assert _FOOT_STATES[state] in parse(text).symptoms, text


_NV_SAID = ["NV intact", "no NV deficit", "neurovascularly intact", "NVI", "neurovascular status intact"]


@given(st.sampled_from(_NV_SAID), st.sampled_from(["", "Pt 45M, twisting injury L knee, ", "swollen knee, "]))
def test_a_neurovascular_check_found_normal_denies_both_foot_signs(said: str, lead: str) -> None:
    parsed = parse(lead + said)
    assert {"foot_numbness_or_tingling", "foot_cold_pale_or_blue"} <= parsed.absent, lead + said
    assert not {"foot_numbness_or_tingling", "foot_cold_pale_or_blue"} & parsed.symptoms, lead + said


@given(
    st.integers(1900, datetime.date.today().year - 2),
    st.sampled_from(["had a scope in {}", "knee operation in {}", "I had an arthroscopy in {}"]),
)
def test_a_year_long_before_the_window_is_never_recent_surgery(year: int, said: str) -> None:
    text = said.format(year)
    undated = parse(said.format(""))
    assume((undated.symptoms | undated.unknown) & {"recent_knee_surgery"})  # undated: asked
    parsed = parse(text)
    assert "recent_knee_surgery" not in parsed.symptoms, text
    assert parsed.days_since_injury is None, text


@given(st.sampled_from(["father", "mother", "husband", "wife", "mum"]), st.integers(18, 110))
def test_a_persons_years_before_and_is_their_age(person: str, age: int) -> None:
    text = f"my {person} is {age} years and has a swollen knee"
    assert parse(text).age == age, text


@given(
    st.sampled_from([("left", "right"), ("right", "left")]),
    st.sampled_from(["calf", "knee", "leg"]),
    st.sampled_from(["normal", "fine", "ok", "unaffected"]),
    st.booleans(),
)
def test_the_side_said_to_be_normal_is_not_the_findings(
    sides: tuple[str, str], part: str, word: str, normal_first: bool
) -> None:
    ill, well = sides
    said = [f"my {ill} {part} is swollen", f"the {well} one is {word}"]
    text = ", ".join(reversed(said) if normal_first else said)
    assert parse(text).side == ill, text


# --- The seventh round: "isn't just", a knowledge limit without "that", dictated punctuation ---

# Each a variant written here, not a corpus sentence: one per mechanism, with controls.
SEVENTH_ROUND = [
    # any negation before a word a pseudo-negation puts after "not" ("not just") affirms
    ("my knee wasn't only puffy, it was warm as well", {"present": {"swollen_knee", "hot_swollen_knee"}}),
    (
        "the calf isn't just sore, it's swollen too",
        {"present": {"one_leg_throbbing_pain", "one_leg_swelling"}, "absent": set()},
    ),
    ("my knee isn't swollen", {"absent": {"swollen_knee"}, "present": set()}),
    # a limit of what the speaker knows, said without "that": unknown, never absent
    ("no fall I can think of", {"unknown": {"knee_injury"}, "absent": set()}),
    ("no blood thinners I know of", {"unknown": {"takes_anticoagulants"}, "absent": set()}),
    ("twisted my knee, that is all I can think of", {"present": {"knee_injury"}, "unknown": set()}),
    # punctuation spoken into voice-to-text ends the clause, and "stop" in it denies nothing
    (
        "calf is sore full stop I have a temperature full stop",
        {"present": {"fever", "one_leg_throbbing_pain"}, "absent": set()},
    ),
    (
        "knee hot and swollen comma feeling shivery new line",
        {"present": {"fever", "hot_swollen_knee", "swollen_knee"}},
    ),
    ("no fever full stop", {"absent": {"fever"}}),
    ("the pain stopped me running", {"present": {"knee_pain", "running_pain"}, "absent": set()}),
    # the speaker's own "I reckon" before what they name hedges it; another's reports it
    ("I reckon my calf is a bit swollen", {"unknown": {"one_leg_swelling"}, "present": set()}),
    ("she reckons her foot is numb", {"present": {"foot_numbness_or_tingling"}, "unknown": set()}),
    # unsure whether what they name counts as the sign
    ("I have been off my food if that counts", {"unknown": {"fever"}, "present": set()}),
    ("I have been off my food", {"present": {"fever"}}),
    # "or maybe ..." offers another reading of the clause before it
    ("my foot is tingly, or perhaps I sat on it funny", {"unknown": {"foot_numbness_or_tingling"}}),
    ("my foot is tingly, or my toes at least", {"present": {"foot_numbness_or_tingling"}}),
    # a hedge-only clause reaches back over a clause that only says when
    ("chest feels tight since this morning, probably nothing", {"unknown": {"breathless_or_chest_pain"}}),
    (
        "chest feels tight since this morning, and my calf is sore",
        {"present": {"breathless_or_chest_pain", "one_leg_throbbing_pain"}, "unknown": set()},
    ),
    # kneeling is not squatting
    ("it hurts when I kneel on the floor", {"present": {"knee_pain"}}),
    ("it hurts when I squat", {"present": {"knee_pain", "squatting_pain"}}),
    # a fall told as where someone was found; something dropped on the knee
    ("she was found on the floor", {"present": {"injury_fall_or_blow", "knee_injury"}}),
    ("dropped a box on my knee", {"present": {"injury_fall_or_blow", "knee_injury"}}),
    # knee pain in other Englishes
    ("my knee has been at me all week", {"present": {"knee_pain"}}),
    ("his knee is paining", {"present": {"knee_pain"}}),
    ("she looked at me", {"present": set()}),
    # an ability, clinical or plain, is weight borne; a negation right before it is its lack
    ("she is able to walk", {"absent": {"unable_to_bear_weight"}, "present": set()}),
    ("Able to WB with a stick", {"absent": {"unable_to_bear_weight"}}),
    ("she wasn't able to walk", {"present": {"unable_to_bear_weight"}, "absent": set()}),
    ("no longer able to put weight on it", {"present": {"unable_to_bear_weight"}, "absent": set()}),
    # colours that are no sign: a saying, a whole person's colour
    ("my knee started aching out of the blue", {"present": {"knee_pain"}}),
    ("he looks pale and his knee is swollen", {"present": {"swollen_knee"}}),
    ("my foot has gone blue", {"present": {"foot_cold_pale_or_blue"}}),
    # swelling within minutes of an injury; without an injury said, a swollen knee only
    (
        "twisted it and it swelled up within minutes",
        {"present": {"knee_injury", "rapid_swelling_after_injury", "swollen_knee"}},
    ),
    ("it swelled up within minutes", {"present": {"swollen_knee"}}),
    # feeling generally unwell, in more words; running downhill stays running
    ("I feel run down", {"present": {"fever"}}),
    ("I run down the hill", {"present": {"running_downhill"}}),
    # an injury said as the knee "done" or going sideways; knee exercises are none
    ("he has done his knee at rugby", {"present": {"knee_injury"}}),
    ("landed badly and my knee went sideways", {"present": {"knee_injury"}}),
    ("copped a boot to the knee", {"present": {"knee_injury", "injury_fall_or_blow"}}),
    ("I did my knee exercises", {"present": set()}),
    # "is it bad that ...?" takes what it asks about as said; "is it ...?" asks whether
    ("Is it bad that my calf is swollen?", {"present": {"one_leg_swelling"}, "unknown": set()}),
    ("Is my calf swollen?", {"unknown": {"one_leg_swelling"}, "present": set()}),
    ("is it ok if my calf is swollen?", {"unknown": {"one_leg_swelling"}, "absent": set()}),
    # a blow said of "it" denied is no injury; a denied kind beside an injury said is no denial
    ("I didnt bang it", {"absent": {"knee_injury"}, "present": set()}),
    ("I twisted it, didn't fall", {"present": {"knee_injury"}, "absent": set(), "unknown": set()}),
    ("didn't fall", {"absent": {"knee_injury"}}),
    # nothing done to it, said with its denial; without one the words say nothing
    ("sore since Monday, didn't do anything to it", {"absent": {"knee_injury"}}),
    ("I can do anything to it", {"present": set(), "absent": set()}),
    # "post" before an event is "after", not the back of the knee
    ("knee pain post fall", {"present": {"knee_pain", "knee_injury", "injury_fall_or_blow"}}),
    ("post knee pain on stairs", {"present": {"knee_pain", "stairs_pain"}}),
    ("knee pain post op", {"present": {"knee_pain", "recent_knee_surgery"}}),
    # knee pain that flares or acts up; pain a carer sees, not hears
    ("my knee's flaring again", {"present": {"knee_pain"}}),
    ("my psoriasis is flaring", {"present": set()}),
    ("she won't let me touch her knee", {"present": {"knee_pain"}}),
    # a medicine that raises the question of a weak immune system without answering it
    ("I take hydroxychloroquine for my lupus", {"unknown": {"immunosuppressed"}, "present": set()}),
    ("on Plaquenil and methotrexate", {"present": {"immunosuppressed"}, "unknown": set()}),
    ("no immune suppressants", {"absent": {"immunosuppressed"}}),
    # a negation before "able to" is "cannot"
    ("I haven't been able to straighten it since Friday", {"present": {"cannot_lift_leg_straight", "knee_locked"}}),
    ("she is not able to bend it beyond half", {"present": {"unable_to_flex_90"}}),
    ("I was able to walk", {"absent": {"unable_to_bear_weight"}, "present": set()}),
    # the back of the knee, the knee named before; a back alone is no knee's
    ("my knee aches round the back", {"present": {"posterior_knee_pain"}}),
    ("my back hurts", {"present": set()}),
    # a fall a giving knee led to, the knee named before it, is the giving way's
    ("her knee keeps giving way and she's fallen twice", {"present": {"knee_gives_way"}}),
    (
        "my knee gave way and I fell onto my knee",
        {"present": {"knee_gives_way", "knee_injury", "injury_fall_or_blow"}},
    ),
    # an illness caught and the season are no falls
    ("came down with a cold last week", {"present": set()}),
    ("all through fall and into winter my knee has ached", {"present": {"knee_pain"}}),
    # feeling generally unwell in more words
    ("she's off colour today", {"present": {"fever"}}),
    # weight not borne, told as what the leg or the person will not do
    ("he won't put his foot down", {"present": {"unable_to_bear_weight"}}),
    ("the knee won't hold me", {"present": {"unable_to_bear_weight"}}),
    ("she can put her foot down", {"present": set()}),
]


@given(
    st.sampled_from(["not", "wasn't", "haven't been", "hasn't been", "never been"]),
    st.sampled_from(["straighten it", "bend it past 90", "lift my leg", "put weight on it", "move it"]),
)
def test_a_negation_before_able_to_reads_as_cannot(negation: str, action: str) -> None:
    cannot = parse(f"I cannot {action}")
    assume(cannot.symptoms)
    parsed = parse(f"I {negation} able to {action}")
    assert cannot.symptoms <= parsed.symptoms, (negation, action)
    assert not cannot.symptoms & parsed.absent, (negation, action)


@given(
    st.sampled_from(["twisted it", "twisted my knee", "hurt my knee", "sprained it"]),
    st.sampled_from(["didn't fall", "no fall", "didn't bang it", "wasn't a fall", "no knock"]),
    st.booleans(),
)
def test_a_denied_kind_of_injury_beside_an_injury_said_leaves_the_injury_present(
    injury: str, denial: str, injury_first: bool
) -> None:
    assume("knee_injury" in parse(injury).symptoms)
    text = f"{injury}, {denial}" if injury_first else f"{denial}, {injury}"
    parsed = parse(text)
    assert "knee_injury" in parsed.symptoms, text
    assert "knee_injury" not in parsed.absent, text


@given(
    st.sampled_from(["bad", "normal", "serious", "okay"]),
    st.sampled_from(["that", "when"]),
    st.sampled_from(["my calf is swollen", "my foot is numb", "I have a fever", "my knee gave way"]),
)
def test_a_question_about_what_it_takes_as_said_is_no_hedge(word: str, joint: str, said: str) -> None:
    plain = parse(said).symptoms
    assume(plain)
    text = f"Is it {word} {joint} {said}?"
    parsed = parse(text)
    assert plain <= parsed.symptoms, text
    assert not plain & parsed.unknown, text


@given(
    st.sampled_from(["not", "wasn't", "isn't", "no longer", "never", "hasn't been", "can't"]),
    st.sampled_from(["able to walk", "able to weight bear", "able to bear weight", "able to put weight on it"]),
    st.sampled_from(["she is", "he", "I'm", ""]),
)
def test_an_ability_with_a_negation_right_before_it_is_never_read_as_weight_borne(
    negation: str, ability: str, lead: str
) -> None:
    assume("unable_to_bear_weight" in parse(f"{lead} {ability}").absent)
    text = f"{lead} {negation} {ability}"
    parsed = parse(text)
    assert "unable_to_bear_weight" not in parsed.absent, text
    assert "unable_to_bear_weight" in parsed.symptoms, text


_ANOTHER_READING = ["or maybe it's just my sock", "or it might be the cold", "or perhaps I slept on it"]


@given(st.sampled_from(WARNING), st.sampled_from(_ANOTHER_READING))
def test_a_warning_sign_followed_by_or_and_a_hedge_is_unknown(id_: str, alternative: str) -> None:
    synonyms = PACK.symptoms[id_].synonyms
    assume(synonyms)
    assume(id_ not in _vocabulary(PACK).suspected)  # a suspicion stays one whatever the hedge
    said = f"I have {synonyms[0]}"
    assume(parse(said).symptoms == {id_})
    parsed = parse(f"{said}, {alternative}")
    assert id_ in parsed.unknown, (said, alternative)
    assert id_ not in parsed.absent, (said, alternative)


@given(
    st.sampled_from(["isn't", "wasn't", "is not", "was not", "aren't"]),
    st.sampled_from(["just", "only"]),
    st.sampled_from(["swollen", "puffy"]),
    st.sampled_from(["hot", "red", "stiff"]),
)
def test_a_state_said_not_just_so_is_never_read_absent(negation: str, only: str, state: str, more: str) -> None:
    text = f"my knee {negation} {only} {state}, it's {more} too"
    assume("swollen_knee" in parse(f"my knee is {state}").symptoms)
    parsed = parse(text)
    assert "swollen_knee" in parsed.symptoms, text
    assert "swollen_knee" not in parsed.absent, text


_KNOWLEDGE_WITHOUT_THAT = ["I can think of", "I know of", "we know of", "I can recollect", "I can remember"]


@given(st.sampled_from(WARNING), st.sampled_from(_KNOWLEDGE_WITHOUT_THAT), st.sampled_from(["no ", "never had "]))
def test_a_denial_limited_by_what_the_speaker_knows_without_that_is_never_absent(
    id_: str, limit: str, negation: str
) -> None:
    synonyms = PACK.symptoms[id_].synonyms
    assume(synonyms)
    assume(id_ in parse(f"{negation}{synonyms[0]}").absent)
    text = f"{negation}{synonyms[0]} {limit}"
    parsed = parse(text)
    assert id_ not in parsed.absent, text
    assert id_ in parsed.unknown | parsed.contradicted, text


@given(
    st.sampled_from(["full stop", "comma", "new line", "new paragraph", "exclamation mark"]),
    st.sampled_from(["I feel feverish", "I have a temperature", "my calf is swollen", "I'm short of breath"]),
)
def test_dictated_punctuation_is_no_negation(mark: str, finding: str) -> None:
    said = parse(finding).symptoms
    assume(said)
    parsed = parse(f"my knee is sore {mark} {finding} {mark}")
    assert said <= parsed.symptoms, (mark, finding)
    assert not said & parsed.absent, (mark, finding)


# The warning signs the seventh blind part showed read absent, each mended in words of its own.
AFTER_PART_SEVEN = [
    # "seem" limits a denial to how it looks ("doesn't seem swollen"): unknown, not absent
    ("she doesn't seem feverish", {"unknown": {"fever"}, "absent": set()}),
    ("she has no fever", {"absent": {"fever"}}),
    # a new subject ends a cue's reach: "fine" about the knee denies nothing about the foot
    (
        "the knee itself is fine its my foot that has gone pale",
        {"present": {"foot_cold_pale_or_blue"}, "absent": set()},
    ),
    ("knee pain, fine on the bike", {"present": {"knee_pain"}, "absent": {"cycling"}}),
    # what came before an event is denied, not the event (a lump, since read as no swelling,
    # was the first wording)
    (
        "the swelling wasn't there before I fell on it",
        {"present": {"knee_injury", "injury_fall_or_blow", "swollen_knee"}, "absent": set()},
    ),
    ("no swelling before", {"absent": {"swollen_knee"}}),
    # a speaker correcting themselves is no denial
    ("no wait, it's the right knee I banged", {"present": {"knee_injury", "injury_fall_or_blow"}, "absent": set()}),
    ("no, I didn't bang it", {"absent": {"knee_injury"}}),
    # denying a fall beside an injury raised in doubt leaves the injury in doubt, not denied
    ("I never fell, I may have turned awkwardly on the stairs", {"unknown": {"knee_injury"}, "absent": set()}),
    ("I turned over in bed and my knee clicked", {"present": set(), "absent": set()}),
]


EIGHTH_ROUND = [
    # one state of a combination said of its part by name, the rest unsaid: the combination
    # is unsure (and the unsaid state is not raised on its own)
    ("his knee feels warm to touch", {"unknown": {"hot_swollen_knee"}, "present": set(), "absent": set()}),
    ("his knee is warm and swollen", {"present": {"hot_swollen_knee", "swollen_knee"}, "unknown": set()}),
    ("the knee is warm but not swollen", {"absent": {"hot_swollen_knee", "swollen_knee"}, "unknown": set()}),
    # ... not when the other state is placed on another part, nor when "burning" is a pain
    ("my knee is warm, my calf is swollen", {"present": {"one_leg_swelling"}, "unknown": set()}),
    ("the outside of my knee burns when I run", {"unknown": set()}),
    # more words for swelling: "puffiness", "the size of a ..."
    ("no puffiness in the knee", {"absent": {"swollen_knee"}}),
    ("her knee is the size of a melon", {"present": {"swollen_knee"}}),
    # a closing hedge reaches a finding past a part of its clause that names nothing
    ("I've had a fever off and on, I think", {"unknown": {"fever"}, "present": set()}),
    ("I've had a fever and my knee aches, I think", {"present": {"fever"}, "unknown": {"knee_pain"}}),
    # a hedge beside a time is unsure of when, not of what
    ("it swelled up before I got home, maybe an hour", {"present": {"swollen_knee"}, "unknown": set()}),
    ("it swelled up before I got home, maybe", {"unknown": {"swollen_knee"}, "present": set()}),
    # a hedge pointing back ("if that is normal") doubts the clause before it, whoever it names
    ("my foot has been tingly, not sure if that is normal for her", {"unknown": {"foot_numbness_or_tingling"}}),
    ("my foot has been tingly, not sure if my sister gets the same", {"present": {"foot_numbness_or_tingling"}}),
    # "not sure" with a word of degree inside is a hedge, never a denial
    ("not entirely sure my calf is swollen", {"unknown": {"one_leg_swelling"}, "absent": set()}),
    ("not totally sure she can put weight on it", {"unknown": {"unable_to_bear_weight"}, "absent": set()}),
    ("my calf is not swollen", {"absent": {"one_leg_swelling"}}),
    # a place on the knee is where a pain is only in a text that speaks of pain (a lump, since
    # read as no swelling, was the first wording)
    ("the swelling is on the inside of the knee", {"present": {"swollen_knee"}}),
    ("the swelling is on the inside of the knee and it hurts", {"present": {"medial_knee_pain", "swollen_knee"}}),
    ("my foot is fine, its the inside of my knee", {"present": {"medial_knee_pain"}}),
    # a knee that feels as if it would give way raises the sign; a giving way said is present,
    # and a plain denial later in the sentence answers the feeling (not one before it)
    ("my knee feels wobbly at times", {"unknown": {"knee_gives_way"}, "present": set()}),
    ("the knee feels wobbly, it gave way on the stairs", {"present": {"knee_gives_way"}, "unknown": set()}),
    ("it feels wobbly but it has never given way", {"absent": {"knee_gives_way"}, "unknown": set()}),
    ("no fever, but I do feel a bit off", {"unknown": {"fever"}, "absent": set()}),
    # chemotherapy said finished leaves the immune system open, not weakened for certain
    ("finished my chemo last month, knee is swollen", {"unknown": {"immunosuppressed"}}),
    ("still on chemo, knee is swollen", {"present": {"immunosuppressed", "swollen_knee"}, "unknown": set()}),
    # "hit" with what it struck is a blow; "hit" alone is not
    ("he might have hit it on the car door", {"unknown": {"injury_fall_or_blow", "knee_injury"}}),
    ("I hit it on the table", {"present": {"injury_fall_or_blow", "knee_injury"}}),
    ("it hit me that I should ask", {"present": set(), "unknown": set()}),
    # "warmer"/"hotter" than the other side is the warm state, on whichever part it is said of
    ("her right calf feels hotter than the left", {"present": {"one_leg_warm_or_red"}}),
    ("the knee is warmer than the other one", {"unknown": {"hot_swollen_knee"}, "present": set()}),
    # the half that is no finding of its own, denied, denies the combination; a denied
    # swelling is its own finding and leaves the combination unsaid
    ("her knee isn't warm at all", {"absent": {"hot_swollen_knee"}, "unknown": set()}),
    ("no swelling in the knee", {"absent": {"swollen_knee"}}),
    # a degree on the state said ("a bit warm") does not soften the other state's denial
    (
        "his knee is a bit warm but it is not swollen",
        {"absent": {"hot_swollen_knee", "swollen_knee"}, "unknown": set()},
    ),
    ("his knee is warm but not very swollen", {"unknown": {"hot_swollen_knee", "swollen_knee"}, "absent": set()}),
]


# The warning signs the eighth blind part showed read absent, each mended in words of its own.
AFTER_PART_EIGHT = [
    # what the speaker can feel, see or tell limits a denial
    ("no swelling that I can see", {"unknown": {"swollen_knee"}, "absent": set()}),
    ("no swelling", {"absent": {"swollen_knee"}}),
    # a denial someone else reports, or one said not to fit exactly, is no plain denial
    ("he didn't fall, he says", {"unknown": {"knee_injury"}, "absent": set()}),
    ("my wife says I'm not limping", {"unknown": {"limp_without_injury"}, "absent": set()}),
    ("not cold exactly, just a bit pale", {"absent": set()}),
    # "No" as the answer before what is said denies nothing of it
    ("No she can't put her foot down", {"present": {"unable_to_bear_weight"}, "absent": set()}),
    ("No, she hasn't fallen", {"absent": {"knee_injury"}}),
    # an event after "after" or "before", past a negation, happened
    (
        "it didn't swell at once after she fell",
        {"present": {"knee_injury", "injury_fall_or_blow"}, "absent": {"swollen_knee"}},
    ),
    (
        "no swelling after the fall",
        {"present": {"knee_injury", "injury_fall_or_blow"}, "absent": {"swollen_knee"}},
    ),
    # a bit short of breath is breathlessness: a chest pain denied beside it denies half the sign
    ("no chest pain but a bit puffed walking up the hill", {"absent": set()}),
    ("no chest pain, no breathlessness", {"absent": {"breathless_or_chest_pain"}}),
]

NINTH_ROUND = [
    # a clause opening with a hedge and a degree takes back part of the denial before it
    ("no swelling? not really. maybe a bit around the knee cap", {"unknown": {"swollen_knee"}, "absent": set()}),
    ("Swelling? No. Perhaps a little.", {"unknown": {"swollen_knee"}, "absent": set()}),
    ("Not swollen. Well, maybe a bit.", {"unknown": {"swollen_knee"}, "absent": set()}),
    ("the knee isn't hot, well maybe a touch", {"unknown": {"hot_swollen_knee"}, "absent": set()}),
    ("no fever. perhaps a tiny bit", {"unknown": {"fever"}, "absent": set()}),
    # ... not what the degree goes on to name, nor a denial it does not follow
    ("no swelling. maybe a little stiff", {"absent": {"swollen_knee"}}),
    ("No fever. Maybe a little sore.", {"absent": {"fever"}, "unknown": {"knee_pain"}}),
    ("no swelling. my knee aches. maybe a bit", {"absent": {"swollen_knee"}, "present": {"knee_pain"}}),
    ("no swelling, and it is a bit sore", {"absent": {"swollen_knee"}, "present": {"knee_pain"}}),
    # a sign said to have passed ("fine now", "gone now") came and went: unknown, not denied
    ("my foot was numb but it's fine now", {"unknown": {"foot_numbness_or_tingling"}, "absent": set()}),
    ("my calf was swollen yesterday, it's gone now", {"unknown": {"one_leg_swelling"}, "absent": set()}),
    ("felt feverish last night but it's settled now", {"unknown": {"fever"}, "absent": set()}),
    ("foot went numb for a minute, it went away", {"unknown": {"foot_numbness_or_tingling"}, "present": set()}),
    (
        "my foot tingled for a second when I landed, all fine now",
        {"unknown": {"foot_numbness_or_tingling"}, "present": {"knee_injury"}},
    ),
    # ... an injury still happened, a state denied outright stays absent, and a part said
    # fine is that part's own
    ("twisted my knee on Saturday, fine now", {"present": {"knee_injury"}, "unknown": set()}),
    ("It was swollen last week but it isn't any more", {"absent": {"swollen_knee"}, "unknown": set()}),
    ("my calf was swollen yesterday, my foot is fine now", {"present": {"one_leg_swelling"}, "unknown": set()}),
    ("my foot was numb. My knee is fine now", {"present": {"foot_numbness_or_tingling"}, "unknown": set()}),
    # a time before "after the injury" dates what followed it, not the injury
    ("numb foot yesterday after the injury, I twisted it 2 days ago", {"days": 2}),
    ("I twisted it yesterday", {"days": 1}),
    # a sentence that only says when, before the injury's as after it; "this am" is today
    ("It happened 48 hours ago. Twisted it on a night out.", {"days": 2, "present": {"knee_injury"}}),
    ("It happened 48 hours ago. My calf aches. Twisted it on a night out.", {"days": None}),
    ("Resident found on floor this am, knee swollen", {"days": 0}),
    # a side compared with or set aside is not the patient's ("than my left", "not the right")
    ("My left knee is bigger than my right knee", {"side": "left", "present": {"swollen_knee"}}),
    ("my left calf is fatter than my right calf", {"side": "left"}),
    ("it's the right knee, not the left knee", {"side": "right"}),
    ("sorry I meant my LEFT knee not the right, it locked", {"side": "left"}),
    ("my left calf is swollen compared to the right", {"side": "left"}),
    # "only the left" ending its clause says the side, as "on the left" does
    ("my thigh hurts, only the left, and it's warm", {"side": "left"}),
    ("the pain is only the right way round", {"side": None}),
    ("my left knee and my right knee both ache", {"side": "both"}),
    # an injury told as when something else happened is taken as said, whatever is doubted
    ("could be 3 weeks since I fell? maybe 4", {"present": {"knee_injury", "injury_fall_or_blow"}}),
    ("I think it swelled up after I twisted it", {"present": {"knee_injury"}, "unknown": {"swollen_knee"}}),
    ("not sure if I fell", {"unknown": {"knee_injury"}, "present": set()}),
    # two knees meeting is a blow only word for word, not any two mentions of a knee
    ("went knee on knee in the tackle", {"present": {"knee_injury", "injury_fall_or_blow"}}),
    ("my left knee hurts and my right knee is fine", {"present": {"knee_pain"}}),
    # steps counted as what one can manage: fewer than four is the sign, four or more is not
    ("she can only manage a step or two with the frame", {"present": {"unable_to_bear_weight"}}),
    ("Just a couple of steps and I have to sit down", {"present": {"unable_to_bear_weight"}}),
    ("can't take 4 steps", {"present": {"unable_to_bear_weight"}}),
    ("yes i can take 4 steps", {"absent": {"unable_to_bear_weight"}}),
    ("I can walk about 10 steps before it hurts", {"absent": {"unable_to_bear_weight"}}),
    ("i reckon i could manage four steps if i had to", {"unknown": {"unable_to_bear_weight"}, "absent": set()}),
    ("she can only hop", {"present": {"unable_to_bear_weight"}}),
    # ... not steps fallen down, nor "a few" (as many as four, or not)
    ("fell down the last two steps", {"present": {"knee_injury", "injury_fall_or_blow"}}),
    ("can manage a few steps", {"present": set()}),
    # a phrase naming no part, right after another part, is that part's ("her hip op")
    ("I'm on Clexane injections after my hip op", {"present": {"takes_anticoagulants"}, "unknown": set()}),
    ("Lovenox shots since my hip surgery", {"present": {"takes_anticoagulants"}, "unknown": set()}),
    ("my left knee op was 3 weeks ago", {"present": {"recent_knee_surgery"}}),
    ("had an op 3 weeks ago", {"present": {"recent_knee_surgery"}}),
    # the speaker cannot see for themselves what someone else says
    ("My partner says my knee is swollen but I can't see it myself", {"unknown": {"swollen_knee"}, "present": set()}),
    ("my knee is swollen, I can't see my foot", {"present": {"swollen_knee"}}),
    # a reason given after "as it's" is said as fact, past a doubt about what it explains
    ("they said might be an infection as it's hot and swollen", {"present": {"hot_swollen_knee", "swollen_knee"}}),
    ("they said might be an infection, it's hot and swollen I think", {"present": set()}),
    # after a plain denial, "only ..." / "just my knee" says what the complaint is: the knee hurts
    ("it doesn't hurt at night, only when I run", {"present": {"knee_pain", "running_pain"}, "absent": {"night_pain"}}),
    ("Nah no chest pain mate, just my knee", {"present": {"knee_pain"}, "absent": {"breathless_or_chest_pain"}}),
    ("not feeling unwell, just the knee", {"present": {"knee_pain"}}),
    # ... not another part's or another state's complaint, nor a denial softened
    ("No chest pain, just my calf", {"present": set()}),
    ("My knee isn't painful at all, just swollen", {"present": {"swollen_knee"}, "absent": {"knee_pain"}}),
    ("no pain at night really, only when I run", {"present": {"running_pain"}}),
    # a state said of another part, then the knee set aside, denies the knee's finding of it
    ("the swelling is in my ANKLE not my knee, the knee just hurts", {"absent": {"swollen_knee"}}),
    ("ankle is swollen and hot, not the knee", {"absent": {"swollen_knee", "hot_swollen_knee"}}),
    ("his leg is swollen from the knee down, not the knee itself", {"absent": {"swollen_knee"}}),
    # ... unsure under a hedge, never the knee's pain, and not a part set aside for the knee
    ("I think the swelling is in my ankle, not my knee", {"unknown": {"swollen_knee"}, "absent": set()}),
    ("an ache in my thigh, not the knee", {"absent": set()}),
    ("my knee is swollen, not my calf", {"present": {"swollen_knee"}, "absent": set()}),
]

# The three warning signs the tenth locked part showed read absent, each mended by a general
# mechanism; variants written here, with controls.
AFTER_PART_TEN = [
    # an unsure answer to a question leaves it open, as the same words do after a denial
    ("Calf swollen? Not really. Knee sore", {"unknown": {"one_leg_swelling"}, "absent": set()}),
    ("Fever? Not as such.", {"unknown": {"fever"}, "absent": set()}),
    ("Calf swollen? No. Knee sore", {"absent": {"one_leg_swelling"}}),
    # what was witnessed limits a denial as what was seen does
    ("no witnessed injury, she is 80 and her knee is sore", {"unknown": {"knee_injury"}, "absent": set()}),
    ("no trauma, knee sore", {"absent": {"knee_injury"}}),
    # a wheeze is part of what the breathing sign means: a chest pain denied leaves it open
    ("a bit wheezy but no chest pain, knee aches", {"unknown": {"breathless_or_chest_pain"}, "absent": set()}),
    ("wheezing and short of breath", {"present": {"breathless_or_chest_pain"}}),
    ("no chest pain, knee aches", {"absent": {"breathless_or_chest_pain"}}),
]


# Round 10: precision on new text. A state word said of a place or the weather is no finding;
# a low mood and giving way on the road are not signs; "won't budge" is no knee that cannot move.
TENTH_ROUND: list[tuple[str, object]] = [
    ("my warehouse is freezing, knee aches when I squat", {"present": {"knee_pain", "squatting_pain"}}),
    ("the office is freezing cold, my foot is numb", {"present": {"foot_numbness_or_tingling"}}),
    ("the weather is freezing and my feet are like ice", {"present": {"foot_cold_pale_or_blue"}}),
    ("my foot is freezing", {"present": {"foot_cold_pale_or_blue"}}),
    ("my foot is freezing, the office is warm", {"present": {"foot_cold_pale_or_blue"}}),
    ("feeling a little blue, knee sore", {"present": {"knee_pain"}}),
    ("my foot is a bit blue", {"present": {"foot_cold_pale_or_blue"}}),
    ("I gave way at a roundabout, knee aches", {"present": {"knee_pain"}}),
    ("my knee gave way at the top of the stairs", {"present": {"knee_gives_way", "stairs_pain"}}),
    ("my knee won't budge", {"present": {"unable_to_move_knee"}}),
    ("the lid won't budge, knee aches", {"present": {"knee_pain"}}),
    ("can't budge my knee at all", {"present": {"unable_to_move_knee"}}),
    # a word with a sense off the body: worn out, a knee's state, small things let fall
    ("all achey and wiped out", {"present": {"knee_pain"}}),
    ("wiped out on my bike", {"present": {"injury_fall_or_blow", "knee_injury"}}),
    ("it's the knee that's wrecked", {"present": set()}),
    ("wrecked my knee skiing", {"present": {"knee_injury"}}),
    ("jammed my knee in the car door", {"present": {"knee_injury"}}),
    ("Dropped the van keys and the knee locked up", {"present": {"knee_locked"}}),
    ("bloke dropped a pallet on my knee", {"present": {"injury_fall_or_blow", "knee_injury"}}),
    ("My kneecap went sideways playing netball", {"present": {"kneecap_dislocated", "knee_injury"}}),
    # recall by general cues: clinical shorthand, Indian English, weight lost on purpose,
    # a denial of "other medicines" after one is named
    ("SLR intact, full ROM", {"absent": {"cannot_lift_leg_straight", "unable_to_flex_90", "unable_to_move_knee"}}),
    ("full range of movement but it hurts", {"present": {"knee_pain"}}),
    ("knee effusion, ROM limited", {"absent": set()}),
    ("pain in left knee more while sitting in Indian toilet", {"present": {"knee_pain", "squatting_pain"}}),
    ("now he cannot fold the knee fully", {"present": {"unable_to_flex_90"}}),
    ("he can fold the knee fine", {"present": set()}),
    ("dropped 8kg but I've been on Weight Watchers so that's deliberate", {"absent": {"unexplained_weight_loss"}}),
    ("lost weight without trying, knee aches", {"present": {"knee_pain", "unexplained_weight_loss"}}),
    (
        "steroid injection in the knee 6 weeks ago, not on any other medicines",
        {"absent": {"immunosuppressed", "takes_anticoagulants"}},
    ),
    ("not on any medication at all, knee sore", {"absent": {"takes_anticoagulants"}}),
]

# Four of the seven warning signs the eleventh locked part showed read absent, mended by limits
# in the pack's unsure_denials; variants written here, with controls.
AFTER_PART_SIXTEEN = [
    # an ability "not without" help is only with it: unsure, never a plain ability
    ("i can walk but not without crutches", {"unknown": {"unable_to_bear_weight"}, "absent": set()}),
    ("she can walk, not without her frame", {"unknown": {"unable_to_bear_weight"}, "absent": set()}),
    ("i can walk but it hurts", {"absent": {"unable_to_bear_weight"}}),
]

FIFTEENTH_ROUND = [
    # the patient's knees, plural, with something said of them and no side named, are both
    ("my knees ache on the stairs", {"present": {"knee_pain", "stairs_pain"}, "side": "both"}),
    ("Sore knees from kneeling at church", {"side": "both"}),
    ("Cant do stairs. Knees killing me.", {"side": "both"}),
    ("my husband is 70 and his knees are stiff and sore", {"side": "both", "age": 70}),
    # controls: one knee ("knee's" is "knee is"), a typo of "knee", another person's knees,
    # kneeling posture, knees said to be fine, a side named
    ("knee's been killing me for weeks", {"side": None}),
    ("kneee hurts on the stairs", {"side": None}),
    ("my mum's knees are bad and my calf is swollen", {"side": None}),
    ("I work on my knees all day and my knee hurts", {"side": None}),
    ("knees are fine, it's my calf that is swollen", {"side": None}),
    ("my left knee aches when my knees are cold", {"side": "left"}),
    # the message's last word is not the word before its first ("same" closing it likens nothing)
    ("Knees like my mum, sore, the same", {"side": None}),
    # a knee moved only a little moves: the sign is "cannot move the knee at all" ([intake] at_all)
    ("can move it a little bit but it really hurts", {"absent": {"unable_to_move_knee"}, "unknown": set()}),
    ("I can only move it slightly", {"absent": {"unable_to_move_knee"}, "unknown": set()}),
    ("can move it but only a little", {"absent": {"unable_to_move_knee"}, "unknown": set()}),
    # controls: a hedge or a condition still leaves it unsure; other abilities keep "a bit" unsure
    ("i can sort of move it", {"unknown": {"unable_to_move_knee"}, "absent": set()}),
    ("can move it if I hold it", {"unknown": {"unable_to_move_knee"}, "absent": set()}),
    ("can walk a bit with a limp", {"unknown": {"unable_to_bear_weight"}, "absent": set()}),
]

# The fifteenth round's other mechanisms (not its hedges), each recurring in three or more of
# the representative blind parts 12 to 16.
FIFTEENTH_MORE: list[tuple[str, object]] = [
    # what "kills my knee(s)" is a knee pain with no place said (convention 3)
    ("kneeling at work kills my knee", {"present": {"knee_pain"}}),
    ("the stairs kill my knees", {"present": {"knee_pain", "stairs_pain"}}),
    # controls: a place said is the place only; something else killing no knee pain
    ("squatting kills my knees, right at the front", {"present": {"anterior_knee_pain", "squatting_pain"}}),
    ("this heat kills me, knee is fine", {"present": set()}),
    # a distance said as when the pain comes on, in a text about running, is pain when running
    ("training for a marathon, my knee hurts after about 5 miles", {"present": {"knee_pain", "running_pain"}}),
    ("runner here, outer knee pain at mile 8", {"present": {"lateral_knee_pain", "running_pain"}}),
    (
        "half marathon in May, the front of my knee aches 3 miles in",
        {"present": {"anterior_knee_pain", "running_pain"}},
    ),
    # controls: the distance covered another way, per week, or with no pain in its sentence
    ("marathon runner, knee sore after a 10 mile hike", {"present": {"knee_pain"}}),
    ("marathon runner, knee aches after biking about 10 miles", {"present": {"knee_pain", "cycling"}}),
    ("marathon runner, knee aches, I do 50 miles a week", {"present": {"knee_pain"}}),
    ("marathon runner, did 20 miles yesterday and my knee is swollen", {"present": {"swollen_knee"}}),
    ("my knee hurts after about 5 miles", {"present": {"knee_pain"}}),
    # the person said well apart from what they tell: no fever (convention 8)
    ("knee swollen after a fall, I'm fine otherwise", {"absent": {"fever"}}),
    ("my knee is hot and swollen but I feel perfectly fine otherwise", {"absent": {"fever"}}),
    ("I'm 50 and generally fit, knee aches on stairs", {"absent": {"fever"}, "age": 50}),
    ("she's otherwise fine, knee swollen", {"absent": {"fever"}, "present": {"swollen_knee"}}),
    # controls: a knee or "it" fine otherwise says nothing of a fever; a temperature said wins
    ("knee is scraped and sore but fine otherwise", {"absent": set(), "unknown": set()}),
    ("calf is warm, knee fine otherwise", {"absent": set()}),
    ("it hurts when I run, it's fine otherwise", {"absent": set()}),
    ("I feel fine otherwise but I've had a temp of 38.5", {"present": {"fever"}, "absent": set()}),
    # an age said bare between two clauses of a sentence, or after a longer "I am a ..." opening
    ("knee swollen, 78, on warfarin", {"age": 78}),
    ("she's on apixaban, 81, knee swollen after a fall", {"age": 81}),
    ("my husband (52) twisted his knee", {"age": 52}),
    ("I'm a PE teacher, 42. Felt something go in my knee", {"age": 42}),
    # controls: a temperature, a count going on, a number closing its sentence (writers differ)
    ("I've got a temp, 38, and my knee is hot", {"age": None, "present": {"fever"}}),
    ("pain comes on after 20, 30 minutes of walking", {"age": None}),
    ("pain on the outside, 41", {"age": None}),
    # a knee moved a little is moved ([intake] at_all), but not under a condition besides
    ("I can move it only if someone holds me", {"unknown": {"unable_to_move_knee"}, "absent": set()}),
    ("can move it a little, but only if I hold it", {"unknown": {"unable_to_move_knee"}, "absent": set()}),
    ("can move it a little", {"absent": {"unable_to_move_knee"}}),
    # a knee said to pop out is an injury, the kneecap raised; a knee that popped is an injury
    (
        "my knee popped out at netball and went back in",
        {"present": {"knee_injury"}, "unknown": {"kneecap_dislocated"}},
    ),
    ("knee popped while I was dancing", {"present": {"knee_injury"}}),
    # controls: a knee that pops clicks; the kneecap said is the kneecap; a knee that went out gave way
    ("my knee pops when I squat", {"present": {"squatting_pain"}}),
    ("my kneecap popped out", {"present": {"knee_injury", "kneecap_dislocated"}, "unknown": set()}),
    ("my knee went out on me", {"present": {"knee_gives_way"}}),
    # feeling generally unwell said as a person's muddle or refusal to eat is a fever (convention 8)
    ("my dad is 81 and a bit confused today, his knee is hot", {"present": {"fever"}, "age": 81}),
    ("she's not eating and her knee is swollen", {"present": {"fever", "swollen_knee"}}),
    ("he isn't eating and seems muddled, knee red", {"present": {"fever"}, "absent": set()}),
    # controls: a muddle of someone else's, the writer confused by advice, eating less for a reason
    ("the GP got it muddled, knee sore", {"present": {"knee_pain"}}),
    ("I'm confused about which stretch to do for my knee", {"present": set()}),
    ("not been eating much since my wife passed, knee sore", {"present": {"knee_pain"}}),
    # a bend short of full, with no measure, raises the sign short of a right angle: unsure
    ("twisted it on Saturday and I can't bend it all the way", {"unknown": {"unable_to_flex_90"}, "absent": set()}),
    ("still can't fully bend my knee", {"unknown": {"unable_to_flex_90"}, "absent": set()}),
    # controls: a bend short of a right angle, none at all, a measure short of it
    ("I can't bend it to 90", {"present": {"unable_to_flex_90"}}),
    ("can't bend it at all", {"present": {"unable_to_flex_90"}}),
    ("cant bend it much past halfway", {"present": {"unable_to_flex_90"}}),
]

AFTER_PART_SEVENTEEN = [
    # a denial graded by "properly" ("never hurt it properly") leaves the sign unsure
    ("No swelling, never hurt it properly.", {"unknown": {"knee_injury"}, "absent": {"swollen_knee"}}),
    ("never hurt it", {"absent": {"knee_injury"}}),
    # off one's legs, weight kept off the leg now, a foot not put down: the sign, said of the
    # person described (parts 7, 13, 14, 16 and 17)
    ("grandad is 91 and off his legs today", {"present": {"unable_to_bear_weight"}, "age": 91}),
    ("he's on crutches, not putting any weight through it", {"present": {"unable_to_bear_weight"}}),
    ("this morning she wouldn't put her foot down at all", {"present": {"unable_to_bear_weight"}}),
    # controls: back on her feet
    ("she is not off her legs any more", {"present": set()}),
    # "and so am I" after another person's finding: the writer's too (parts 6, 14, 15)
    ("my mum is on warfarin and so am I", {"present": {"takes_anticoagulants"}}),
    (
        "Dad's on Eliquis and so am I actually, my knee is swollen",
        {"present": {"takes_anticoagulants", "swollen_knee"}},
    ),
    # controls: "me too" inside another clause, "I am too" before an adjective, no "so am I"
    ("my son has a bleeding disorder (we're waiting on tests for me too)", {"present": set()}),
    ("my mum is on warfarin, I am too young for that", {"present": set()}),
    ("my mum is on warfarin", {"present": set()}),
]

AFTER_PART_EIGHTEEN = [
    # "no clue" is "no idea": a hedge before what it doubts, unsure of the cause after it
    ("no clue if I fell", {"unknown": {"knee_injury"}, "absent": set()}),
    ("fell on my knee no clue why", {"present": {"knee_injury", "injury_fall_or_blow"}, "absent": set()}),
    # an idiom opening the message denies nothing
    ("no worries but my knee is hot and swollen", {"present": {"hot_swollen_knee", "swollen_knee"}}),
    # control: "ok" after what it says is fine still denies it
    ("temp ok, knee swollen", {"absent": {"fever"}, "present": {"swollen_knee"}}),
    # "wouldn't" as "won't": a refusal to walk is the sign, and it denies what it is said of
    ("she wouldn't walk this morning", {"present": {"unable_to_bear_weight"}}),
    ("it wouldn't swell, it just ached", {"absent": {"swollen_knee"}}),
    # an ability whose words stand around a negation was not said ("fine ... wouldn't walk")
    ("it was fine then she wouldn't walk", {"present": {"unable_to_bear_weight"}, "absent": set()}),
    ("walking is not fine", {"absent": set()}),
    # ... or around a turn to another time ("then", "now", "until") or a refusal
    ("she was fine this morning then refused to walk", {"present": {"unable_to_bear_weight"}, "absent": set()}),
    ("felt fine then feel bad in myself", {"absent": set()}),
    # control: the ability said plainly
    ("I can walk fine", {"absent": {"unable_to_bear_weight"}}),
    # "no meds" denies the medicines, not what follows it without a stop
    ("no meds knee gave out", {"absent": {"takes_anticoagulants"}, "present": {"knee_gives_way"}}),
]

FRAME_SCAN = [
    # a phrase gathered across "and" around a negation comes after the phrase said in one scope
    ("my leg won't lift and I can't work", {"present": {"cannot_lift_leg_straight"}, "absent": set()}),
    ("no feeling in my toes and I cannot drive", {"present": {"foot_numbness_or_tingling"}, "absent": set()}),
    ("he wouldnt weight bear and it's not right", {"present": {"unable_to_bear_weight"}, "absent": set()}),
    ("nothing I do helps and I'm on chemo", {"present": {"immunosuppressed"}, "absent": set()}),
    # controls: an ability gathered across "and" is still said; a denial in one scope still denies
    ("he can bend it fine and lift his leg straight", {"absent": {"cannot_lift_leg_straight", "unable_to_flex_90"}}),
    ("knee not swollen and no calf pain", {"absent": {"swollen_knee", "one_leg_throbbing_pain"}}),
    # "no" with words after it is about them, not an answer for what came before
    ("calf swollen so no football this week", {"present": {"one_leg_swelling"}, "absent": set()}),
    ("chest pain so no gym", {"present": {"breathless_or_chest_pain"}, "absent": set()}),
    ("rugby injury so no football this week", {"present": {"knee_injury"}, "absent": set()}),
    # controls: "no" answering for the words before it, and "no problem" after an activity
    ("calf swelling no", {"absent": {"one_leg_swelling"}}),
    ("calf swelling no thanks", {"absent": {"one_leg_swelling"}}),
    ("cycling no problem at all", {"absent": {"cycling"}}),
    # how it came on, and "not even joking", deny nothing
    ("without warning my knee gave way", {"present": {"knee_gives_way"}, "absent": set()}),
    ("without any reason I feel short of breath", {"present": {"breathless_or_chest_pain"}, "absent": set()}),
    ("pain at rest not even joking", {"present": {"knee_pain", "night_pain"}, "absent": set()}),
    ("nothing I do helps and had to be helped off", {"present": {"unable_to_bear_weight"}, "absent": set()}),
    # the "fine" of "I'm fine" is no word of an ability ("walk ... fine")
    ("other than refused to walk I'm fine", {"present": {"unable_to_bear_weight"}, "absent": set()}),
    ("other than lost the feeling in my foot I'm fine", {"present": {"foot_numbness_or_tingling"}, "absent": set()}),
    ("I can walk, I'm fine", {"absent": {"unable_to_bear_weight"}}),
    # control: "without" before the finding still denies it
    ("walking without a limp", {"absent": {"limp_without_injury"}}),
    # a hedge closing the sentence is about every denial of its clause, past an "and"
    ("no fever and no swelling as far as I know", {"unknown": {"fever", "swollen_knee"}, "absent": set()}),
    ("no knee is hot and swollen that I saw", {"unknown": {"hot_swollen_knee", "swollen_knee"}, "absent": set()}),
    # control: what the clause says present stays present
    ("knee swollen and not on blood thinners as far as I know", {"present": {"swollen_knee"}}),
    # what it leads to, with its own subject, holds its own negation
    ("my foot has gone blue so I'm not going in to work", {"present": {"foot_cold_pale_or_blue"}, "absent": set()}),
    ("no feeling in my toes so I can't drive", {"present": {"foot_numbness_or_tingling"}, "absent": set()}),
    ("it's not the first time my knee has given way", {"present": {"knee_gives_way"}, "absent": set()}),
    # controls: "so" as a degree, and a denial before "so I", still deny
    ("knee not so swollen today", {"absent": {"swollen_knee"}}),
    ("no fever so I went to work", {"absent": {"fever"}}),
]

AFTER_PART_TWENTY = [
    # a child described by a carer past eight words ("Kid has a fever of 102 and is limping"):
    # the findings are the patient's, and "didn't hurt himself" denies the injury, not the limp
    (
        "Kid has a fever of 102 and is limping, didn't hurt himself",
        {"present": {"fever", "limp_without_injury"}, "absent": {"knee_injury"}},
    ),
    ("My son has a fever of 102 and is limping", {"present": {"fever", "limp_without_injury"}}),
    # control: another person's history beside the writer's own denial
    ("my mum had cancer but I haven't", {"absent": {"cancer_history"}, "present": set()}),
    # pain that "hasn't let up" has gone on: no denial
    (
        "The last few nights the pain hasn't let up at all and I'm up at 3am with it.",
        {"present": {"knee_pain", "night_pain"}, "absent": set()},
    ),
    ("calf pain that won't let up", {"present": {"one_leg_throbbing_pain"}, "absent": set()}),
]

# The two warning signs the twenty-first part showed read absent, mended at once after it was
# scored: a denial of how soon a knee swelled, said with no injury, denied the swelling; and
# Scots "mind" (remember) in "I dinnae mind hurting it" was read as a plain denial.
AFTER_PART_TWENTY_ONE = [
    ("No it didn't swell straight away, it came up the next day", {"absent": set(), "unknown": {"swollen_knee"}}),
    ("I dinnae mind hurting it", {"unknown": {"knee_injury"}, "absent": set()}),
    ("knee sore, cannae mind hurting it", {"unknown": {"knee_injury"}, "present": {"knee_pain"}}),
    # controls: a swelling denied outright, an injury denied in Scots, and how soon denied after one
    ("it didn't swell", {"absent": {"swollen_knee"}}),
    ("I didnae hurt it", {"absent": {"knee_injury"}}),
    ("twisted it and it didn't swell straight away", {"absent": {"rapid_swelling_after_injury"}}),
]

# A denial opening a list of bare items reaches each item when an "or" closes the list or a
# record denies it ("Pt denies fever, chills, calf pain" read the fever and the calf pain
# present in part 21, and "no swelling, heat, redness or fever" the fever).
DENIED_LISTS = [
    (
        "no swelling, heat, redness or fever",
        {"absent": {"swollen_knee", "hot_swollen_knee", "fever"}, "present": set()},
    ),
    ("Pt denies fever, chills, calf pain.", {"absent": {"fever", "one_leg_throbbing_pain"}, "present": set()}),
    ("calf isn't swollen, red or warm", {"absent": {"one_leg_swelling", "one_leg_warm_or_red"}}),
    # controls: no "or" after a plain "no", and an item saying more, leave what follows said
    ("no calf pain, fever", {"absent": {"one_leg_throbbing_pain"}, "present": {"fever"}}),
    ("no swelling, just pain at night", {"absent": {"swollen_knee"}, "present": {"knee_pain", "night_pain"}}),
    ("no swelling, heat, redness, fever", {"present": {"fever"}}),
    # a clinician's "non-tender calf" is no calf pain said (parts 6, 10, 11, 15 and 21 write it):
    # like "no calf tenderness", it leaves the pain open, never says it
    ("non-tender calf", {"present": set(), "unknown": {"one_leg_throbbing_pain"}}),
    ("calf soft and nontender", {"present": set(), "unknown": {"one_leg_throbbing_pain"}}),
    # control: a tender calf is still the sign
    ("calf tender to touch", {"present": {"one_leg_throbbing_pain"}}),
    # the Ottawa signs said non-tender in a note are denied (parts 21 and 22 write it so)
    (
        "Fibular head non-tender. Patella non-tender.",
        {"absent": {"fibular_head_tenderness", "isolated_patellar_tenderness"}, "present": set()},
    ),
    ("patella tender", {"present": {"isolated_patellar_tenderness"}}),
]

# What part 22 showed, each seen in at least three parts. A person named after "at" or "with"
# is company or the place, not whose clause it is (parts 9, 10, 11, 17, 22).
AFTER_PART_TWENTY_TWO = [
    (
        "came off the swing at my nephews birthday and my knee is swollen",
        {"present": {"injury_fall_or_blow", "knee_injury", "swollen_knee"}},
    ),
    ("twisted my knee dancing at my sister's wedding", {"present": {"knee_injury"}}),
    ("I'll have to check with my wife if I'm on blood thinners", {"unknown": {"takes_anticoagulants"}}),
    # controls: the person as the clause's subject, or whose the finding is
    ("my sister had cancer, my knee aches", {"present": {"knee_pain"}}),
    ("my husband is on warfarin, I'm not", {"present": set(), "absent": {"takes_anticoagulants"}}),
    # The leg of a straight leg raise is the test's, no place for a pain said after it: the
    # knee's pain, not a throbbing leg (parts 5, 9, 19, 21 and 22 write it so).
    ("I can raise my leg straight fine, but it hurts", {"present": {"knee_pain"}}),
    ("SLR fine but sore", {"present": {"knee_pain"}, "absent": {"cannot_lift_leg_straight"}}),
    # control: a leg said to hurt on its own is the sign
    ("my leg is throbbing, the calf", {"present": {"one_leg_throbbing_pain"}}),
    # "Went over on" word for word: "the skin over my knee has gone red" is no injury (parts 7,
    # 14, 16 and 22 read an injury from words gathered across such a clause).
    ("the skin over my knee has gone a bit red", {"present": set()}),
    # control: going over on the knee, said in order, is the injury
    ("I've gone over on my knee at training", {"present": {"knee_injury"}}),
    # A limp beside an injury that another finding implies (a blow, a kneecap out, a fast
    # swelling) is the injury's limp, not a limp without one (parts 7, 12, 13, 15, 17, 18, 19).
    ("got a boot to the knee at football and now I'm limping", {"present": {"injury_fall_or_blow", "knee_injury"}}),
    # control: a limp with no injury said is the sign
    ("limping since Tuesday, knee sore", {"present": {"knee_pain", "limp_without_injury"}}),
    # Constant or night pain told to a knee checker is the knee's pain too (parts 14, 16, 19, 20
    # and 22 code both; about six in seven of the representative parts' night pains).
    ("it hurts day and night, never stops", {"present": {"knee_pain", "night_pain"}}),
    # controls: a pain with its place keeps only the place; a denial denies only the night pain
    ("pain at the front, even at night", {"present": {"anterior_knee_pain", "night_pain"}}),
    ("no pain at night", {"present": set(), "absent": {"night_pain"}}),
    # A pain that kicks in or kicks off is a pain starting, not a kick (parts 5, 20, 21, 22).
    ("the pain kicks in after about 3 miles", {"present": {"knee_pain"}}),
    ("my knee kicks off after an hour at my desk", {"present": {"prolonged_sitting"}}),
    # controls: a kick to the knee, said any way, stays a blow
    ("got kicked in the knee at football", {"present": {"injury_fall_or_blow", "knee_injury"}}),
    ("knee swollen after a kick in training", {"present": {"injury_fall_or_blow", "knee_injury", "swollen_knee"}}),
    # The IT band named as what is wrong is the tight band (parts 17, 19, 20, 21, 22 code it so).
    ("physio says ITB syndrome, outer knee sore", {"present": {"it_band_tightness", "lateral_knee_pain"}}),
    ("my ITB is flaring up again", {"present": {"it_band_tightness"}}),
    # control: a band only to be rolled is no finding
    ("how do I foam roll my IT band?", {"present": set()}),
    # A body part typed as two words is one: "knee cap" is the kneecap (parts 5, 17, 19, 21).
    ("my knee cap aches on the stairs", {"present": {"anterior_knee_pain", "stairs_pain"}}),
    # controls: two words that make no part stay two ("foot tingly"), and the knee alone
    ("foot tingly", {"present": {"foot_numbness_or_tingling"}}),
    ("my knee aches on the stairs", {"present": {"knee_pain", "stairs_pain"}}),
    # Warning signs said in words the pack lacked. A knee that will not go straight cannot be
    # straightened (parts 13, 19, 21); a record's "T 38.4" is a temperature (parts 6, 19, 20,
    # 22); a knee out of shape is misshapen (parts 15, 20), and a kneecap sitting to the side
    # is out of place and misshapen (parts 14, 17, 19, 21, 22).
    ("my knee won't go straight", {"present": {"cannot_lift_leg_straight", "knee_locked"}}),
    ("Obs: T 38.6, HR 104, knee hot and swollen", {"present": {"fever", "hot_swollen_knee", "swollen_knee"}}),
    (
        "fell off my bike and the knee looks out of shape",
        {"present": {"injury_fall_or_blow", "knee_injury", "visible_deformity"}},
    ),
    (
        "landed badly and my kneecap is off to the side",
        {"present": {"knee_injury", "kneecap_dislocated", "visible_deformity"}},
    ),
    # controls: a person out of shape, a pain at the side of the kneecap, a T that is no record
    ("I'm out of shape and my knee hurts", {"present": {"knee_pain"}}),
    ("pain on the side of the kneecap", {"present": {"anterior_knee_pain"}}),
    ("Apt 38, knee sore", {"present": {"knee_pain"}, "absent": set()}),
    # "Got hurt" word for word: "got" and a pain word gathered were read an injury ("I've got
    # kneecap pain" in parts 13, 21, 22; "I've got no calf pain" denied an injury in part 18).
    ("I've got patellofemoral pain", {"present": {"anterior_knee_pain"}}),
    (
        "I've got no pain in my calf or swelling myself, just a sore knee",
        {"absent": {"one_leg_swelling", "one_leg_throbbing_pain"}},
    ),
    # control: someone who got hurt was injured
    ("got hurt at football, knee swollen", {"present": {"knee_injury", "swollen_knee"}}),
    # A lump is no swelling: no writer of parts 2 to 22 codes a swollen knee for a lump said
    # alone (a Baker's cyst, a bony lump after a blow; parts 13, 14, 16, 17, 19, 20).
    ("there's a squishy lump behind my knee", {"present": set(), "unknown": set()}),
    # control: a lump said swollen is
    ("knee is swollen, a big lump on the side", {"present": {"swollen_knee"}}),
    # A swelling told with how soon it came, within two hours, is the sign after an injury
    # (parts 4, 7, 10, 12, 18, 20, 22: "swelled up in about an hour", "within twenty minutes",
    # "over the next hour"); a haemarthrosis is a swelling (parts 14, 19, 20, 21).
    (
        "fell on it and it swelled in about an hour",
        {"present": {"injury_fall_or_blow", "knee_injury", "swollen_knee", "rapid_swelling_after_injury"}},
    ),
    (
        "twisted it, it swelled up over the next hour",
        {"present": {"knee_injury", "swollen_knee", "rapid_swelling_after_injury"}},
    ),
    ("twisting injury, haemarthrosis", {"present": {"knee_injury", "swollen_knee"}}),
    # controls: later than two hours, an activity's hour, and no injury said
    ("twisted it, it swelled up in about 5 hours", {"present": {"knee_injury", "swollen_knee"}}),
    (
        "twisted it years ago, now it swells after an hour of running",
        {"present": {"knee_injury", "running_pain", "swollen_knee"}},
    ),
    ("my knee swelled up in about an hour, no idea why", {"present": {"swollen_knee"}}),
    # Ages and times as the writers code them: "now" before a number closing its clause after a
    # past event is the age (parts 13, 19, 20); "a wee one (4)" is a child written for (part 15);
    # "a few days ago" and "last year" give no count of days (parts 3, 6, 7, 15, 16, 19; the
    # corpora's convention 12), while "last week" stays a week (coded so about as often as not).
    ("Tore my ACL at uni, now 45 and it clicks", {"age": 45}),
    ("our wee one (3) won't walk on it", {"age": 3, "present": {"unable_to_bear_weight"}}),
    ("twisted it a few days ago", {"days": None, "present": {"knee_injury"}}),
    ("fell over last year, still sore", {"days": None}),
    # controls: a temperature "now" is no age; a count of days and "last week" are kept
    ("temp now 38, knee swollen", {"age": None, "present": {"fever", "swollen_knee"}}),
    ("twisted it 3 days ago", {"days": 3}),
    ("twisted it last week", {"days": 7}),
    # The frame scan: "fibula is tender non stop" took the "non" of "non stop" for a gathered
    # "fibula non tender" and read the Ottawa sign denied; the denials are now word for word.
    ("fibula is tender non stop", {"present": {"fibular_head_tenderness", "knee_pain", "night_pain"}, "absent": set()}),
    ("kneecap is tender non stop", {"absent": set()}),
    # controls: the note's denials still deny
    (
        "Fibular head non-tender. Patella is non-tender.",
        {"absent": {"fibular_head_tenderness", "isolated_patellar_tenderness"}},
    ),
    # Sides as records and answers give them: "L>R" is both (parts 17, 19, 21); a side said as a
    # clause of its own ("swollen calf. left.", "it's the left", "side R") is the side (parts 12,
    # 14, 18, 20); "bilat" and "rhs" are short for bilateral and the right-hand side.
    ("anterior knee pain R>L", {"side": "both"}),
    ("calf sore. right. since Monday", {"side": "right"}),
    ("bilat knee pain on stairs", {"side": "both"}),
    # controls: "Right, so" opening a message is no side, nor a turn to the right
    ("Right, so my knee hurts on the stairs", {"side": None}),
    ("turn right, then it hurts", {"side": None}),
    # A catch at cricket is no knee that catches (parts 14 and 20, each the fall lost with it).
    ("went for a catch and landed on my knee", {"present": {"injury_fall_or_blow", "knee_injury"}}),
    # control: a catch in the knee is the knee catching
    ("there's a catch in my knee when I bend it", {"present": {"knee_catches"}}),
    # A blow to the kneecap is a blow (parts 6, 17, 20, 21, 22: the blow phrases named the knee).
    ("a cricket ball hit my kneecap", {"present": {"injury_fall_or_blow", "knee_injury"}}),
    ("someone slid into my knee at football", {"present": {"injury_fall_or_blow", "knee_injury"}}),
    # control: a bruise alone says no blow
    ("there's a bruise on my knee, not sure how", {"present": set()}),
]

# The two warning signs part 24 showed read absent when it was scored, each mended at once: a
# pain that will not settle goes on, and a note's own question of the cause answered with
# another cause denies nothing else it named. And an injury told as when a state was fine
# ("after the fall it was fine") happened: "fine" is of the state.
AFTER_PART_TWENTY_FOUR = [
    ("the ache just won't settle at night", {"present": {"knee_pain", "night_pain"}, "absent": set()}),
    ("the swelling won't go away", {"present": {"swollen_knee"}, "absent": set()}),
    (
        "patella tender post twisting injury? no, post fall onto it",
        {"absent": set(), "present": {"injury_fall_or_blow", "knee_injury"}},
    ),
    ("after the fall it was fine for a day", {"present": {"injury_fall_or_blow", "knee_injury"}, "absent": set()}),
    # controls: a plain answer "no" still denies, and a denial of the pain at night still denies
    ("Pain at night? No.", {"absent": {"night_pain"}}),
    ("no fall, knee fine", {"absent": {"knee_injury"}}),
    # A swelling said to come later, "not straight away", after an injury denies the swelling
    # within two hours (parts 5, 7, 9, 10, 22 and 24 code it absent, none otherwise).
    (
        "twisted it at netball, it swelled up the day after, not straight away",
        {"absent": {"rapid_swelling_after_injury"}, "present": {"knee_injury", "swollen_knee"}},
    ),
    # controls: with no injury said it denies nothing; said at once, the sign
    ("my knee swelled up, not straight away", {"absent": set(), "present": {"swollen_knee"}}),
    (
        "twisted it and it swelled up straight away",
        {"present": {"knee_injury", "swollen_knee", "rapid_swelling_after_injury"}},
    ),
]

# A note's "ambulatory" or "ambulating": steps are taken, so weight is borne (parts 19 to 23
# code each absent, none otherwise). Word for word, as "ambulance" shares their stem; not
# "weight bearing with ...", which ends "non weight bearing with no improvement" too (the
# frame scan found it read absent).
BEFORE_PART_TWENTY_FIVE = [
    ("Ottawa negative, flexes >90, ambulatory.", {"absent": {"unable_to_bear_weight", "unable_to_flex_90"}}),
    ("pt fell on ice, ambulating with limp", {"absent": {"unable_to_bear_weight"}}),
    # controls: the sign said in the same words, an ambulance, and a pain on weight bearing
    (
        "non-ambulatory since the fall",
        {"present": {"unable_to_bear_weight", "knee_injury", "injury_fall_or_blow"}, "absent": set()},
    ),
    ("she's not ambulating", {"present": {"unable_to_bear_weight"}, "absent": set()}),
    ("pt not weight bearing, ambulance called", {"present": {"unable_to_bear_weight"}, "absent": set()}),
    ("not sure if ambulance needed, knee swollen", {"present": {"swollen_knee"}, "absent": set()}),
    ("unable to WB with crutches", {"present": {"unable_to_bear_weight"}, "absent": set()}),
    ("pain on weight bearing", {"absent": set()}),
    ("non weight bearing with no improvement", {"present": {"unable_to_bear_weight"}, "absent": set()}),
    ("refusing to weight bear with no reason", {"present": {"unable_to_bear_weight"}, "absent": set()}),
]

# Part 26's two warning signs read absent when it was scored. An ability said short of full
# ("I can bend it, just not all the way") is only in part: the bend's sign is unsure, not
# denied. A count of steps whose only word of ability is the negation before it ("can't even
# do 4 steps") is the sign: "do" was no word of an ability, so the "can't" was read as the
# ability's own word and the count of four as steps managed.
AFTER_PART_TWENTY_SIX = [
    ("I can bend it, just not all the way, maybe to about halfway? it's sore", {"absent": set()}),
    ("I can bend it, just not all the way", {"absent": set(), "unknown": {"unable_to_flex_90"}}),
    ("can bend it but not fully", {"absent": set(), "unknown": {"unable_to_flex_90"}}),
    ("omg knee 2 sore 2 walk on, cant even do 4 steps", {"present": {"knee_pain", "unable_to_bear_weight"}}),
    ("couldn't do four steps", {"present": {"unable_to_bear_weight"}, "absent": set()}),
    ("cannot 4 steps", {"present": {"unable_to_bear_weight"}, "absent": set()}),
    # controls: a full bend and a count of steps managed are abilities, denying the signs
    ("I can bend it all the way", {"absent": {"unable_to_flex_90"}}),
    ("can do 4 steps", {"absent": {"unable_to_bear_weight"}}),
    ("yes I can take 4 steps", {"absent": {"unable_to_bear_weight"}}),
    ("can only do 2 steps", {"present": {"unable_to_bear_weight"}}),
]

# Parts 27 and 28's three warning signs read absent when they were scored: "outta" was no
# word, so "slid outta place" left the kneecap's own ability phrase ("kneecap ... in place")
# to take the words; a sign never measured ("never checked my temperature") is not known to be
# absent; and "doesn't look swollen to me" is the writer's own view, as "that I can tell" is.
AFTER_PART_TWENTY_EIGHT = [
    (
        "y'all my kneecap done slid outta place when I pivoted at softball, popped it back myself",
        {"present": {"kneecap_dislocated", "knee_injury", "visible_deformity"}, "absent": set()},
    ),
    ("dunno, never checked my temperature, I feel fine in myself though", {"unknown": {"fever"}, "absent": set()}),
    ("His knee doesn't look swollen to me.", {"unknown": {"swollen_knee"}, "absent": set()}),
    # controls: a denial the writer checked stays a denial, and a plain look stays a denial
    ("No temperature, I checked twice, 36.8", {"absent": {"fever"}}),
    ("no fever, checked this morning", {"absent": {"fever"}}),
    ("knee doesn't look swollen", {"absent": {"swollen_knee"}}),
]

# Frames of clinical notes, forms and chat (benchmarks/scan_frames.py): a sign a clinician has
# not ruled out is in question, not denied; a clause opening with "and" answers no dash.
CLINICAL_FRAMES = [
    ("calf swelling cannot be ruled out", {"unknown": {"one_leg_swelling"}, "absent": set()}),
    ("can't rule out a high temperature", {"unknown": {"fever"}, "absent": set()}),
    ("short of breath, not been excluded", {"unknown": {"breathless_or_chest_pain"}, "absent": set()}),
    ("r/o fever", {"unknown": {"fever"}, "absent": set()}),
    ("Calf swollen - and no, it's not the first time", {"present": {"one_leg_swelling"}, "absent": set()}),
    # an injury minutes ago with the knee swollen now: swelling within 2 hours of it, as an
    # hour ago is (round 19 left "blew up" to a time said; minutes are one)
    (
        "fell on it 30 min ago and it blew up",
        {"present": {"knee_injury", "injury_fall_or_blow", "swollen_knee", "rapid_swelling_after_injury"}},
    ),
    ("twisted it 3 hours ago and it's swollen", {"present": {"knee_injury", "swollen_knee"}}),
    # what the writer is without while typing, and no cause known, deny nothing
    ("sorry for no punctuation short of breath", {"present": {"breathless_or_chest_pain"}, "absent": set()}),
    ("calf swelling with nothing to explain it", {"present": {"one_leg_swelling"}, "absent": set()}),
    # controls: ruled out, and a dash answered "no", still deny
    ("calf swelling ruled out", {"absent": {"one_leg_swelling"}}),
    ("Calf swelling - no", {"absent": {"one_leg_swelling"}}),
]

AFTER_PART_ELEVEN = [
    # what "we" can tell limits a denial as what "I" can tell does
    ("his calf isn't swollen that we can tell", {"unknown": {"one_leg_swelling"}, "absent": set()}),
    ("his calf isn't swollen", {"absent": {"one_leg_swelling"}}),
    # an ability said with its limit is partial
    ("she can get to the toilet and back, that's about it", {"unknown": {"unable_to_bear_weight"}, "absent": set()}),
    ("she can walk to the toilet and back, that's about it", {"unknown": {"unable_to_bear_weight"}, "absent": set()}),
    ("she can walk to the toilet and back", {"absent": {"unable_to_bear_weight"}}),
    # what someone wrote is a record, not the patient's denial
    ("the GP wrote no fever on the form, knee sore", {"unknown": {"fever"}, "absent": set()}),
    # a hedge ending a sentence closes the run of denials before it, a list's bare items too
    (
        "No calf swelling, redness or fever as far as I know",
        {"unknown": {"one_leg_swelling", "one_leg_warm_or_red", "fever"}},
    ),
    ("no calf swelling, no fever as far as I know", {"unknown": {"one_leg_swelling", "fever"}, "absent": set()}),
    ("no calf swelling. My knee aches, I think", {"absent": {"one_leg_swelling"}}),
]


# Round 11: the eleventh part's last two warning signs read absent, mended by general
# mechanisms (a correction opening a sentence; a double negative), then part 12's commonest
# failures on ordinary text; variants written here, with controls.
ELEVENTH_ROUND: list[tuple[str, object]] = [
    # a pain word in the scope of a sign found by pressing a place says that sign; a knee
    # after "below"/"under"/"above" is where something else is
    ("the bone on the outside just under my knee is sore to press", {"present": {"fibular_head_tenderness"}}),
    (
        "the bony bit on the outside below my knee is tender and my knee aches",
        {"present": {"fibular_head_tenderness", "knee_pain"}},
    ),
    ("my calf is swollen below my bad knee", {"present": {"one_leg_swelling"}}),
    ("my bad knee aches", {"present": {"knee_pain"}}),
    # a correction opening a sentence takes back the denials of the sentence before it
    ("No fever. I tell a lie, I had the shivers last night.", {"present": {"fever"}, "absent": set()}),
    ("Didn't hurt it. Scratch that, I banged it on a table.", {"absent": set()}),
    ("No calf swelling. Wait, actually, it's hard to say.", {"unknown": {"one_leg_swelling"}, "absent": set()}),
    ("She hasn't fallen. On second thoughts, she may have.", {"unknown": {"knee_injury"}, "absent": set()}),
    ("No fever. Wait till the doctor sees it.", {"absent": {"fever"}}),
    ("No fever. The knee hurts, wait, it's fine now.", {"absent": {"fever"}}),
    # an unsure denial of a fall leaves the injury unsure; its kind is asked only after it
    ("no fall that we saw, she is limping", {"unknown": {"knee_injury"}, "present": {"limp_without_injury"}}),
    ("nobody tackled him that I know of", {"unknown": {"knee_injury"}}),
    ("no falls documented, knee sore", {"unknown": {"knee_injury"}}),
    ("might have banged it on the table", {"unknown": {"knee_injury", "injury_fall_or_blow"}}),
    ("pretty sure I didn't bang it", {"unknown": {"knee_injury"}}),
    # a person said to be a bit hot may have a temperature: asked, and no warm leg
    ("he won't walk on his left leg, he's a bit hot", {"unknown": {"fever"}, "present": {"unable_to_bear_weight"}}),
    ("his left leg is a bit hot", {"present": {"one_leg_warm_or_red"}, "unknown": set()}),
    # "pred", the short form patients type for prednisolone (a public patient's blog, cited in the pack)
    (
        "I'm on pred for my asthma, knee hot and swollen",
        {"present": {"immunosuppressed", "hot_swollen_knee", "swollen_knee"}},
    ),
    ("knee is red, predicted to settle", {"present": set()}),
    # "anything else" beside a medicine named says nothing of blood thinners; a plain "not on anything" does
    ("I take aspirin, not on anything else, knee aches", {"absent": set(), "present": {"knee_pain"}}),
    ("not on anything, knee aches", {"absent": {"takes_anticoagulants"}}),
    # a knee that locks and is wiggled free is catching; one that will not come free is locked
    ("her knee locks now and then but she can wiggle it free", {"present": {"knee_catches"}}),
    ("his knee locked and won't unlock", {"present": {"knee_locked"}}),
    ("my knee locked and I couldn't work it loose", {"present": {"knee_locked"}}),
    # not all of one's weight is some weight borne: asked, not answered
    ("she can't put her full weight on it", {"unknown": {"unable_to_bear_weight"}, "present": set()}),
    ("she can't put any weight on it", {"present": {"unable_to_bear_weight"}}),
    # a medicine once taken and no more is not taken now
    ("I used to take methotrexate, knee aches", {"absent": {"immunosuppressed"}, "present": {"knee_pain"}}),
    ("I used to be on warfarin, now on apixaban", {"present": {"takes_anticoagulants"}, "absent": set()}),
    # steps taken with an aid or a hobble are weight borne; the same words denied are the sign
    ("she's walking with her frame, knee swollen", {"absent": {"unable_to_bear_weight"}}),
    ("I'm hobbling about", {"absent": {"unable_to_bear_weight"}}),
    ("he isn't walking on it at all", {"present": {"unable_to_bear_weight"}, "absent": set()}),
    # a parking permit is no colour; a knee held in a brace is not stuck
    ("Blue badge holder, knee aches", {"present": {"knee_pain"}}),
    ("my knee is locked in a brace after the op three weeks ago", {"present": {"recent_knee_surgery"}}),
    ("my knee has locked, it's stuck bent", {"present": {"knee_locked"}}),
    # a double negative says it is so
    ("his knee is not not swollen", {"present": {"swollen_knee"}, "absent": set()}),
    ("I'm not limping", {"absent": {"limp_without_injury"}}),
    # another person's history, then the writer's own knee ("Mine is ...", "I have knee pain")
    ("My uncle had a knee replacement. Mine just aches on the stairs", {"present": {"knee_pain", "stairs_pain"}}),
    ("My twin dislocated his kneecap, mine just aches", {"present": {"knee_pain"}}),
    (
        "My uncle had a knee replacement and it aches on the stairs",
        {"present": {"knee_replacement", "knee_pain", "stairs_pain"}},
    ),
    # ... and "I don't have it", "I've never had it" deny it for the writer
    ("Nan died of cancer, I've never had it", {"absent": {"cancer_history"}, "present": set()}),
    ("Nan died of cancer", {"absent": set(), "present": set()}),
    # "today" says how a carer's patient's replacement is now, not when it was done
    (
        "Writing for my dad, his knee replacement is hot and swollen today",
        {"present": {"knee_replacement", "hot_swollen_knee", "swollen_knee"}},
    ),
    ("my knee replacement is only 5 weeks old and it's red", {"present": {"knee_replacement", "recent_knee_surgery"}}),
    (
        "day 3 after my knee replacement, calf swollen",
        {"present": {"knee_replacement", "recent_knee_surgery", "one_leg_swelling"}},
    ),
]

TWELFTH_HEDGES: list[tuple[str, object]] = [
    # unsure why it happened is not unsure that it did; unsure what it is still is
    ("my knee blew up last night, not sure why", {"present": {"swollen_knee"}, "unknown": set()}),
    (
        "calf swollen and red, dunno what caused it",
        {"present": {"one_leg_swelling", "one_leg_warm_or_red"}, "unknown": set()},
    ),
    ("my knee is swollen, not sure", {"unknown": {"swollen_knee"}, "present": set()}),
    ("not sure why, but my calf might be swollen", {"unknown": {"one_leg_swelling"}}),
    # a hedge on the amount of time said right after it doubts the time, not the finding
    (
        "it ballooned within maybe half an hour of the fall",
        {
            "present": {"rapid_swelling_after_injury", "swollen_knee", "knee_injury", "injury_fall_or_blow"},
            "unknown": set(),
        },
    ),
    ("I fell on it possibly 3 weeks ago", {"present": {"knee_injury", "injury_fall_or_blow"}, "unknown": set()}),
    ("maybe it swelled a bit after the fall", {"unknown": {"swollen_knee"}}),
    # a knee that gives way but has never made one fall is half of the sign (it "makes you
    # fall"): unsure, never absent; one time without a fall leaves the others as said
    ("my knee buckles now and then but I have never gone down", {"unknown": {"knee_gives_way"}, "absent": set()}),
    ("her knee gives out sometimes, she's never fallen", {"unknown": {"knee_gives_way"}, "absent": set()}),
    ("my knee gives way and I fall", {"present": {"knee_gives_way"}}),
    ("my knee gave way on the escalator, didn't go down", {"present": {"knee_gives_way"}}),
    ("my knee doesn't give way and I've never fallen", {"absent": {"knee_gives_way"}}),
    # a question asking whether, or why, something is so takes it as said; one asking whether
    # it is there raises it
    ("is it normal to have pins and needles in my foot?", {"present": {"foot_numbness_or_tingling"}}),
    ("Is my calf supposed to be this swollen?", {"present": {"one_leg_swelling"}, "unknown": set()}),
    ("So why is my knee so swollen?", {"present": {"swollen_knee"}, "unknown": set()}),
    ("Is it safe for my calf to be this red?", {"present": {"one_leg_warm_or_red"}}),
    ("Is my calf swollen?", {"unknown": {"one_leg_swelling"}, "present": set()}),
    # a reason to doubt that ends in "so" and a hedge doubts what was said before it; "so
    # probably nothing" dismisses without doubting that it is there
    ("my calf is red but I was out in the sun so not sure", {"unknown": {"one_leg_warm_or_red"}, "present": set()}),
    ("my knee looks swollen but I had a long day so I dunno", {"unknown": {"swollen_knee"}, "present": set()}),
    ("a bit breathless but I'm unfit so probably nothing", {"present": {"breathless_or_chest_pain"}}),
    # a yes answering one's own question, hedged, is unsure; a plain yes says it
    ("Calf swollen? Yeah kinda.", {"unknown": {"one_leg_swelling"}, "present": set()}),
    ("Calf swollen? Yes, I think so.", {"unknown": {"one_leg_swelling"}, "present": set()}),
    ("Calf swollen? Yes.", {"present": {"one_leg_swelling"}, "unknown": set()}),
    # ... and "definitely", "very", "a bit" answering it are a yes
    ("Calf sore? Definitely.", {"present": {"one_leg_throbbing_pain"}, "unknown": set()}),
    ("Knee swollen? Very.", {"present": {"swollen_knee"}, "unknown": set()}),
    ("Knee swollen? A bit.", {"present": {"swollen_knee"}, "unknown": set()}),
    ("Knee swollen? A bit, maybe.", {"unknown": {"swollen_knee"}, "present": set()}),
    # what the writer was told of themselves is unsure, never a denial
    ("apparently I'm on warfarin, my daughter sorts my pills", {"unknown": {"takes_anticoagulants"}, "present": set()}),
    ("apparently I'm not on any blood thinners", {"unknown": {"takes_anticoagulants"}, "absent": set()}),
    ("I'm on warfarin", {"present": {"takes_anticoagulants"}}),
    # a hedge on how fast a knee swelled after an injury doubts the speed: the swelling and
    # the injury it is timed from are said
    (
        "it swelled up fast after the fall, maybe",
        {"unknown": {"rapid_swelling_after_injury"}, "present": {"swollen_knee", "knee_injury", "injury_fall_or_blow"}},
    ),
    (
        "I reckon it swelled up within an hour of the tackle, can't be certain",
        {"unknown": {"rapid_swelling_after_injury"}, "present": {"swollen_knee", "knee_injury", "injury_fall_or_blow"}},
    ),
]


# Round 12: part 13's commonest failures outside hedges, each checked for how often it recurs
# across all parts, mended by general mechanisms; variants written here, with controls.
THIRTEENTH_HEDGES: list[tuple[str, object]] = [
    # a yes/no question naming a knee that the writer answers at once is about their own knee,
    # and the answer says how sure; unanswered, or naming no knee, it asks about a topic
    ("Is the knee hot? Yeah kinda.", {"unknown": {"hot_swollen_knee"}, "present": set()}),
    ("Is the knee swollen? Yes", {"present": {"swollen_knee"}, "unknown": set()}),
    ("is the knee swollen? no", {"absent": {"swollen_knee"}, "present": set()}),
    ("is there a gap above the kneecap? maybe, it feels soft", {"unknown": {"dent_near_kneecap"}}),
    ("Is the knee swollen?", {"present": set(), "absent": set(), "unknown": set()}),
    ("Is co-codamol a blood thinner? No idea.", {"present": set(), "absent": set(), "unknown": set()}),
    # "May" the month after a word that only a date follows is no hedge; "may" the verb is one
    ("Partial knee replacement last May, swollen again", {"present": {"knee_replacement", "swollen_knee"}}),
    # (round 18: the month, as "in March" is, leaves the surgery's recency unknown, convention 13)
    (
        "knee replaced in May, now hot and swollen",
        {"present": {"knee_replacement", "hot_swollen_knee", "swollen_knee"}, "unknown": {"recent_knee_surgery"}},
    ),
    ("I may have a fever", {"unknown": {"fever"}}),
    ("this may be swollen, the knee I mean", {"unknown": {"swollen_knee"}, "present": set()}),
    # "probably from ..." guesses at the cause of what is named, not at whether it is so; the
    # hedge before it still doubts its own finding
    (
        "its not too bad, might be a bit swollen, probably from the run",
        {"present": {"running_pain"}, "unknown": {"swollen_knee"}},
    ),
    ("the bone round it is tender, probably from the fall", {"unknown": set()}),
    ("my foot tingles, probably from the cold", {"present": {"foot_numbness_or_tingling"}, "unknown": set()}),
    ("probably a bit swollen", {"unknown": {"swollen_knee"}, "present": set()}),
    # "kinda" before a pain word says how much it hurts; before a sign it still doubts it
    ("Going downstairs kinda hurts too", {"present": {"stairs_pain", "knee_pain"}, "unknown": set()}),
    ("My knee is kinda sore on the outside when I bike", {"present": {"lateral_knee_pain", "cycling"}}),
    ("my knee is kinda swollen", {"unknown": {"swollen_knee"}, "present": set()}),
    # the air where the writer is, as another reason for a sign, is no cold foot; the sign it
    # explains stays unsure
    (
        "I think my foot feels a bit numb but it could just be cold out",
        {"unknown": {"foot_numbness_or_tingling"}, "present": set()},
    ),
    (
        "not sure if my foot is tingling or if it's just cold in here",
        {"unknown": {"foot_numbness_or_tingling"}, "present": set()},
    ),
    ("my foot went cold out of nowhere", {"present": {"foot_cold_pale_or_blue"}}),
    ("it's freezing in here and my foot is blue", {"present": {"foot_cold_pale_or_blue"}}),
    # a hedge on how often or on the date beside it doubts the time, not what happened
    ("It locks up completely maybe once a month", {"present": {"knee_locked"}, "unknown": set()}),
    ("My knee has been catching maybe once a week for months", {"present": {"knee_catches"}, "unknown": set()}),
    ("She had the knee replaced in the spring, April I think", {"present": {"knee_replacement"}, "unknown": set()}),
    (
        "pain at the front when I squat, started maybe in the summer",
        {"present": {"anterior_knee_pain", "squatting_pain"}, "unknown": set()},
    ),
    ("maybe my knee is swollen in the summer", {"unknown": {"swollen_knee"}, "present": set()}),
    ("my knee might give way once in a while", {"unknown": {"knee_gives_way"}, "present": set()}),
    # "if anything" says the opposite is nearer the truth: the denial before it stands; "if"
    # alone still leaves it unsure
    ("I haven't lost any weight, if anything I've put it on", {"absent": {"unexplained_weight_loss"}}),
    ("He's not lost weight, if anything he's put it on", {"absent": {"unexplained_weight_loss"}, "unknown": set()}),
    ("no swelling if I remember rightly", {"unknown": {"swollen_knee"}, "absent": set()}),
    # a suspicion is what someone says: their saying it is not so denies it; a hedge on the
    # denial leaves it unsure (never present); a hedged suspicion is still present
    ("Dr says it isn't a tendon tear, it's just bruising", {"absent": {"suspected_tendon_rupture"}}),
    ("Doc ruled out a tendon tear, said everything's intact", {"absent": {"suspected_tendon_rupture"}}),
    ("no torn tendon recorded", {"unknown": {"suspected_tendon_rupture"}, "absent": set()}),
    (
        "Nobody's mentioned a torn tendon, not that I remember",
        {"unknown": {"suspected_tendon_rupture"}, "present": set(), "absent": set()},
    ),
    ("The doctor thinks I may have ruptured my quad tendon", {"present": {"suspected_tendon_rupture"}}),
    ("no fall, she says", {"unknown": {"knee_injury"}, "absent": set()}),
    # a hedge closing the sentence doubts the saying of a suspicion, not only the suspicion
    (
        "They did say something about a tendon possibly being torn at A&E, I can't remember exactly",
        {"unknown": {"suspected_tendon_rupture"}, "present": set()},
    ),
    ("the doctor said I might have torn my quad tendon, not sure", {"unknown": {"suspected_tendon_rupture"}}),
    (
        "Doc thinks I might have ruptured my patellar tendon, theres a dip just under the kneecap",
        {"present": {"suspected_tendon_rupture", "dent_near_kneecap"}, "unknown": set()},
    ),
    # asking whether something is bad takes it as said; asking whether it is ok only raises it
    ("is it bad if my knee just folds on the escalator?", {"present": {"knee_gives_way"}, "unknown": set()}),
    ("is it bad if my calf is swollen?", {"present": {"one_leg_swelling"}, "unknown": set()}),
    ("is it ok if my calf is swollen?", {"unknown": {"one_leg_swelling"}, "present": set()}),
]


TWELFTH_ROUND: list[tuple[str, object]] = [
    # an age with "years" and no "old", after the person or "I am"; a time is not an age
    ("My mother 81 years slipped and banged her knee", {"age": 81}),
    ("I am 36 years female, knee aches on stairs", {"age": 36, "present": {"knee_pain", "stairs_pain"}}),
    ("my mother 3 years ago had a knee replacement, mine aches", {"age": None}),
    ("married to my husband 30 years, knee aches", {"age": None}),
    # a bare number opening its sentence, or a sentence of its own; a reading or a count is not
    ("23, netball, knee gives way", {"age": 23, "present": {"knee_gives_way"}}),
    ("Knee aches at night. 67.", {"age": 67}),
    ("38.5, knee hot and swollen", {"age": None}),
    ("20, 30 minutes of walking and it aches", {"age": None}),
    # a sex written as a capital after the age
    ("knee is swollen and hot. 52 M", {"age": 52}),
    ("ran 21 m and my knee hurt", {"age": None}),
    # "I'm N" is the writer's age, another person named after it or not
    ("I'm 17 and my dad thinks I'm making it up, knee aches", {"age": 17}),
    ("My dad is 70 and I'm 40, his knee is swollen", {"age": 70}),
    # "Mam", "Da": a parent, as Irish, Scots and northern English write it
    ("Mam's 83, her knee is hot and swollen", {"age": 83, "present": {"hot_swollen_knee", "swollen_knee"}}),
    # walking said as no trouble, or getting about the house, is weight borne; denied, the sign
    ("knee's sore, no problems walking", {"absent": {"unable_to_bear_weight"}, "present": {"knee_pain"}}),
    ("banged my knee, no trouble walking on it", {"absent": {"unable_to_bear_weight"}}),
    ("he can get round the house with his frame", {"absent": {"unable_to_bear_weight"}}),
    ("he isn't walking on it", {"present": {"unable_to_bear_weight"}, "absent": set()}),
    ("she can't get about the house", {"present": {"unable_to_bear_weight"}, "absent": set()}),
    ("I have trouble walking since the fall", {"absent": set()}),
    # a medicine said stopped after it is named is not taken now, whatever a record says;
    # unsure when the stopping is hedged; "came off it" then names no fall
    ("I was on azathioprine but came off it last year, knee swollen", {"absent": {"immunosuppressed"}}),
    ("the hospital letter says rivaroxaban but I stopped taking it in June", {"absent": {"takes_anticoagulants"}}),
    ("On Xarelto. Well, I was, stopped it at Easter.", {"absent": {"takes_anticoagulants"}, "present": set()}),
    ("on warfarin but I think I came off it", {"unknown": {"takes_anticoagulants"}, "absent": set()}),
    ("I'm on apixaban and I stopped it hurting with an ice pack", {"present": {"takes_anticoagulants"}}),
    (
        "I take warfarin. Got on the quad bike and came off it, knee swollen",
        {"present": {"takes_anticoagulants", "knee_injury", "injury_fall_or_blow", "swollen_knee"}},
    ),
    ("used to be on warfarin, switched to apixaban", {"present": {"takes_anticoagulants"}, "absent": set()}),
    # a sign said with what one was doing, no pain in its clause, says nothing is worse then
    ("I get really short of breath climbing the stairs", {"present": {"breathless_or_chest_pain"}}),
    ("my knee catches going downstairs", {"present": {"knee_catches"}}),
    ("my knee felt a bit warm after my run", {"present": set(), "unknown": {"hot_swollen_knee"}}),
    # ... a pain in it, "when", or a sign the corpora code with its trigger, keep the factor
    ("my knee catches and aches going downstairs", {"present": {"knee_catches", "knee_pain", "stairs_pain"}}),
    ("my toes go numb when I run", {"present": {"foot_numbness_or_tingling", "running_pain"}}),
    ("my knee buckles going down stairs", {"present": {"knee_gives_way", "stairs_pain"}}),
    # times typed short ("tonite", "last nite", "yest", "this morn", "1hr ago", "30 min ago")
    ("dislocated my kneecap at netball tonite", {"days": 0}),
    ("fell off my bike last nite", {"days": 1}),
    ("twisted my knee at footy yest", {"days": 1}),
    ("slipped on the ice this morn", {"days": 0}),
    ("fell down the stairs about 1hr ago", {"days": 0}),
    ("got kicked in the knee 30 min ago", {"days": 0}),
    ("my knee aches at nite", {"present": {"knee_pain", "night_pain"}}),
    # an injury told as what one did, or as what hit the knee; a steroid shot is neither
    ("done my knee in at the gym, swollen", {"present": {"knee_injury", "swollen_knee"}}),
    ("he did his knee at rugby on Saturday", {"present": {"knee_injury"}}),
    ("jumped off the wall and landed funny", {"present": {"knee_injury"}}),
    ("my son got cleated in the knee at practice", {"present": {"knee_injury", "injury_fall_or_blow"}}),
    ("took a ball straight to the knee", {"present": {"knee_injury", "injury_fall_or_blow"}}),
    ("went ower on it on the ice", {"present": {"knee_injury"}}),
    ("had a cortisone shot in the knee last month, still sore", {"present": {"knee_pain"}}),
    ("I did my knee exercises and it aches", {"present": {"knee_pain"}}),
    # locked out of a house is no locked knee; feet cold for years are no cold foot
    ("Locked myself out and climbed the fence, knee aches", {"present": {"knee_pain"}}),
    ("my knee locked this morning and won't straighten", {"present": {"knee_locked", "cannot_lift_leg_straight"}}),
    ("my feet are always cold, knee sore on the inside", {"present": {"medial_knee_pain"}}),
    (
        "my foot has gone cold since the fall",
        {"present": {"foot_cold_pale_or_blue", "knee_injury", "injury_fall_or_blow"}},
    ),
    # behind the kneecap is the front of the knee, whatever names the knee before it
    ("my knee throbs behind the kneecap after a film", {"present": {"anterior_knee_pain", "prolonged_sitting"}}),
    ("my knee hurts behind the knee when I squat", {"present": {"posterior_knee_pain", "squatting_pain"}}),
]


# The thirteenth round's variants and controls (not its hedges).
THIRTEENTH_ROUND: list[tuple[str, object]] = [
    # a doubt before a list in its own scope doubts the whole list ("doesn't remember falling or
    # hurting it"); one in another scope does not reach it
    ("He doesn't remember falling or hurting it", {"unknown": {"knee_injury"}, "absent": set()}),
    ("she doesn't recall twisting or banging it", {"unknown": {"knee_injury"}, "absent": set()}),
    ("no swelling or heat that I've noticed", {"unknown": {"swollen_knee", "hot_swollen_knee"}, "absent": set()}),
    ("she didn't fall or bang it", {"absent": {"knee_injury"}, "unknown": set()}),
    # one half of an either-or id denied, the other said in other words: the id is said
    ("No fever but I do feel really run down", {"present": {"fever"}, "absent": set(), "unknown": set()}),
    ("no temperature, though I feel rotten", {"present": {"fever"}, "absent": set(), "unknown": set()}),
    ("Pins and needles in my toes but no numbness", {"present": {"foot_numbness_or_tingling"}, "absent": set()}),
    # controls: the same half said and denied stays unsure; one half denied alone is absent;
    # "run down the hill" is a run
    ("had a temp last week, no temp now", {"unknown": {"fever"}, "present": set(), "absent": set()}),
    ("No fever", {"absent": {"fever"}}),
    ("knee hurts when I run down the hill", {"present": {"knee_pain", "running_downhill"}}),
    # moving about on the leg, limping or not, is taking steps: the weight is borne
    ("She carried on walking with a limp", {"absent": {"unable_to_bear_weight"}, "present": {"limp_without_injury"}}),
    ("I'm limping around the house", {"absent": {"unable_to_bear_weight"}, "present": {"limp_without_injury"}}),
    ("he is hobbling about ok", {"absent": {"unable_to_bear_weight"}}),
    ("he can still skate on it", {"absent": {"unable_to_bear_weight"}}),
    # controls: "about" a time, crutches without the foot down, walking the dog
    ("been limping for about a week", {"absent": set(), "present": {"limp_without_injury"}}),
    ("I get about on crutches without putting the foot down", {"absent": set()}),
    ("hurts when walking the dog", {"absent": set(), "present": {"knee_pain"}}),
    ("He's walking funny", {"absent": set(), "present": {"limp_without_injury"}}),
    # a slip's candidates chosen by the words beside it, not by English frequency alone
    ("I fel on my knee yestrday", {"present": {"knee_injury", "injury_fall_or_blow"}, "days": 1}),
    ("the back of my nee is sore", {"present": {"posterior_knee_pain"}}),
    ("swolen knee after a fal", {"present": {"swollen_knee", "knee_injury", "injury_fall_or_blow"}}),
    # a real word typed for a sound-alike, beside a word it goes with
    ("my knee gave weigh", {"present": {"knee_gives_way"}}),
    ("I cant bare any wait on it", {"present": {"unable_to_bear_weight"}}),
    ("my need is swollen", {"present": {"swollen_knee"}}),
    # controls: the real words as themselves; slang that is no slip for a fall
    ("I weigh 80 kilos and my knee aches", {"present": {"knee_pain"}}),
    ("I need help, my knee aches", {"present": {"knee_pain"}}),
    ("I can't wait to get back to it, my knee aches", {"present": {"knee_pain"}, "absent": set()}),
    ("y'all my knee is swollen", {"present": {"swollen_knee"}}),
    # the knee going from under someone is giving way, whoever it went from under
    ("it went from under me twice this week", {"present": {"knee_gives_way"}}),
    ("this morning it went from under him in the yard", {"present": {"knee_gives_way"}}),
]

# The fourteenth round's variants and controls (not its hedges).
FOURTEENTH_ROUND: list[tuple[str, object]] = [
    # a knee bend said in degrees, read against the Ottawa line of 90 ([[intake.angle]])
    ("I can bend to about 80 degrees", {"present": {"unable_to_flex_90"}, "absent": set()}),
    ("it only bends to 45", {"present": {"unable_to_flex_90"}}),
    ("she can bend it to 120 degrees now", {"absent": {"unable_to_flex_90"}}),
    ("I can't bend it past 90", {"present": {"unable_to_flex_90"}, "absent": set()}),
    ("can't bend beyond 120 degrees", {"present": {"unable_to_flex_90"}, "absent": set()}),
    ("I can bend it to maybe 60 degrees", {"unknown": {"unable_to_flex_90"}, "absent": set()}),
    # controls: a temperature in degrees, a knee held bent at an angle, the weather
    ("temp 39 degrees and my knee bends fine", {"present": {"fever"}}),
    ("frozen bent at about 30 degrees", {"present": {"knee_locked"}, "absent": set()}),
    ("it's 39 degrees today, knee aches", {"present": {"knee_pain"}, "absent": set()}),
    # a number typed for a sound is the word the pack says ("2day" is today)
    ("hurt my knee at work 2day", {"present": {"knee_injury"}, "days": 0}),
    ("twisted it 2nite at training", {"present": {"knee_injury"}, "days": 0}),
    # controls: a number glued to a unit stays a count
    ("I fell 2days ago", {"present": {"knee_injury", "injury_fall_or_blow"}, "days": 2}),
    ("6wks ago I fell", {"present": {"knee_injury", "injury_fall_or_blow"}, "days": 42}),
    # the age of a thing read as a finding is no one's age
    (
        "My knee replacement is 12 years old and has started to ache",
        {"present": {"knee_replacement", "knee_pain"}, "age": None},
    ),
    # controls: a person, or one named by "who", is as old as said
    ("my mother who is 67 years old has a swollen knee", {"present": {"swollen_knee"}, "age": 67}),
    ("Mum is 79 years old, her knee is swollen", {"present": {"swollen_knee"}, "age": 79}),
    # a person "of" an age, the writer among them when they say they are one
    ("I am a lady of 77 with arthritis and my knee hurts", {"present": {"knee_pain"}, "age": 77}),
    ("I care for a lady of 86, her knee is swollen", {"present": {"swollen_knee"}, "age": 86}),
    # control: a friend of some years is no age
    ("a friend of 20 years had the same knee pain", {"age": None}),
]

FOURTEENTH_HEDGES: list[tuple[str, object]] = [
    # a guess at a setting behind the pain (too low, too high) doubts the setting, not the
    # cycling named beside it
    (
        "sore at the front after long rides, the saddle is probably too high",
        {"present": {"cycling", "anterior_knee_pain"}, "unknown": set()},
    ),
    (
        "pain at the front after long rides, maybe too low a saddle",
        {"present": {"cycling", "anterior_knee_pain"}, "unknown": set()},
    ),
    # controls: a guess that the saddle itself is to blame stays unsure
    ("pain at the front, the saddle may be the problem", {"unknown": {"cycling"}}),
    ("pain at the front, could be the saddle", {"unknown": {"cycling"}}),
    # the IT band blamed for the pain raises the tight band, unsure
    ("sore on the outside after long runs, reckon it's the ITB again", {"unknown": {"it_band_tightness"}}),
    ("the physio says it's probably my IT band", {"unknown": {"it_band_tightness"}}),
    ("knee hurts on runs, probably the IT band", {"unknown": {"it_band_tightness"}}),
    ("outer knee aches, the IT band I think", {"unknown": {"it_band_tightness"}}),
    # controls: a band said tight is present; one only named is nothing
    ("outer knee aches and my IT band is tight", {"present": {"lateral_knee_pain", "it_band_tightness"}}),
    ("how do I foam roll the IT band?", {"unknown": set(), "present": set()}),
    # a hedge stops at "and there's": what is there after it is said plainly
    ("maybe I twisted it and there's swelling now", {"unknown": {"knee_injury"}, "present": {"swollen_knee"}}),
    (
        "could be a torn tendon and there is a dip above my kneecap",
        {"present": {"dent_near_kneecap", "suspected_tendon_rupture"}, "unknown": set()},
    ),
    # control: a hedge inside the new clause still doubts it
    ("I twisted it and there's maybe some swelling", {"unknown": {"swollen_knee"}}),
]

FIFTEENTH_HEDGES: list[tuple[str, object]] = [
    # night pain is constant pain, including at night: a hedge on the constancy ([intake]
    # doubted_half) leaves the night said in its sentence unsure, and the pain said
    ("my knee aches most nights, maybe not constant", {"unknown": {"night_pain"}, "present": {"knee_pain"}}),
    ("it hurts at night but I'm not sure it's constant", {"unknown": {"night_pain"}, "present": {"knee_pain"}}),
    ("Hard to say if it's there all the time, it wakes me most nights", {"unknown": {"night_pain"}}),
    # controls: constancy said plainly; a hedge on something else; another sentence
    ("knee pain at night, constant really", {"present": {"knee_pain", "night_pain"}, "unknown": set()}),
    ("the pain is constant, maybe worse at night", {"present": {"knee_pain", "night_pain"}}),
    ("it wakes me at night. Not sure if the swelling is constant", {"present": {"knee_pain", "night_pain"}}),
    # weight lost without trying: the reason given after "but" ([intake] explained) denies it,
    # hedged it leaves it unsure
    ("I've lost half a stone but I've been on a diet", {"absent": {"unexplained_weight_loss"}, "unknown": set()}),
    ("my mum has lost weight but she's been dieting", {"absent": {"unexplained_weight_loss"}, "unknown": set()}),
    ("I've lost weight, maybe it's the new diet", {"unknown": {"unexplained_weight_loss"}, "absent": set()}),
    # controls: no reason, the reason denied, a reason given otherwise stays unsure
    ("I've lost weight without trying", {"present": {"unexplained_weight_loss"}, "absent": set()}),
    ("I've lost weight but I haven't been dieting", {"present": {"unexplained_weight_loss"}, "absent": set()}),
    ("I've lost weight though I've been dieting", {"unknown": {"unexplained_weight_loss"}, "absent": set()}),
    # a clause that only says it never has ([intake] never_so) denies what the clause before
    # only feared: giving way that never happened
    ("it feels like my knee is about to give way but it never has", {"absent": {"knee_gives_way"}, "unknown": set()}),
    ("feels wobbly, like it might buckle, but it never actually has", {"absent": {"knee_gives_way"}}),
    # controls: "hasn't yet" stays unsure; a plain finding is not taken back; only the
    # nearest finding feared; another sentence
    ("like it might give way, hasn't yet", {"unknown": {"knee_gives_way"}, "absent": set()}),
    ("my knee gives way but it never has", {"present": {"knee_gives_way"}, "absent": set()}),
    (
        "my calf might be swollen and my knee might give way but it never has",
        {"unknown": {"one_leg_swelling"}, "absent": {"knee_gives_way"}},
    ),
    ("I feel like it might give way. It never has.", {"unknown": {"knee_gives_way"}, "absent": set()}),
    # a degree in the clause after a denial ([intake] grading) grades a word of that clause,
    # not the denial
    ("my knee doesn't swell, it just aches a lot", {"absent": {"swollen_knee"}, "unknown": set()}),
    ("no fever at all, I've not been out much", {"absent": {"fever"}, "unknown": set()}),
    ("she can walk to the car, but it is very bruised", {"absent": {"unable_to_bear_weight"}, "unknown": set()}),
    # controls: a clause with no word of its own takes the denial back; a degree in its own
    # clause still limits it
    ("no swelling, well not much", {"unknown": {"swollen_knee"}, "absent": set()}),
    ("no fever, not a lot anyway", {"unknown": {"fever"}, "absent": set()}),
    ("my knee didn't swell much", {"unknown": {"swollen_knee"}, "absent": set()}),
    # a blow doubted with "hit it" alone ("pretty sure I didn't hit it") leaves the injury unsure
    # (its kind is asked only after it, as the 17th round has it of every doubted denial)
    (
        "fairly sure I didn't hit it but it's puffy",
        {"unknown": {"knee_injury"}, "present": {"swollen_knee"}},
    ),
    ("not sure if I hit it or not", {"unknown": {"knee_injury"}, "absent": set()}),
    # controls: a plain blow; a plain denial denies no injury said otherwise, and none here
    ("I hit it getting out of the car", {"present": {"knee_injury", "injury_fall_or_blow"}}),
    ("I didn't hit it", {"present": set(), "absent": set(), "unknown": set()}),
]


SIXTEENTH_PRECISION: list[tuple[str, object]] = [
    # a relative's knee replacement, the writer then turning to their own knee (convention 14):
    # "mine's", "the same knee(s)" likened to theirs, or two parents (never the one patient)
    (
        "My nan had a knee replacement that failed, so I worry. Mine's just stiff in the mornings.",
        {"present": set()},
    ),
    ("my sister had a knee replacement, I have the same knee pain she had", {"present": {"knee_pain"}}),
    ("Both my grandparents had knee replacements. I'm 45 and my knees click", {"present": set(), "age": 45}),
    (
        "my parents both have bad knees and now I'm 50 and mine are going too, sore on stairs",
        {"present": {"knee_pain", "stairs_pain"}, "age": 50},
    ),
    # controls: a carer's patient keeps their replacement; "mine's done the same" takes the other's finding
    (
        "My dad had a knee replacement 6 weeks ago and now his calf is swollen",
        {"present": {"knee_replacement", "recent_knee_surgery", "one_leg_swelling"}},
    ),
    (
        "my mum had her kneecap dislocate and now mine's done the same",
        {"present": {"knee_injury", "kneecap_dislocated"}},
    ),
    # a lay "lock" that frees itself later in its sentence catches (convention 9): shaken loose,
    # clicked back, a wiggle, back to normal
    ("my knee locks up now and then but I shake it loose", {"present": {"knee_catches"}}),
    ("it locked on the stairs, then clicked back and carried on", {"present": {"knee_catches"}}),
    (
        "the knee locks every so often, I give it a wiggle and it goes back to normal",
        {"present": {"knee_catches"}},
    ),
    ("knee locked last night and I had to jiggle it until it clicked", {"present": {"knee_catches"}}),
    # controls: stuck still, or a return to normal denied, is locked
    ("knee locked bent this morning and it is still stuck", {"present": {"knee_locked"}}),
    ("my knee locked and it has not gone back to normal", {"present": {"knee_locked"}}),
    ("knee locks and I can wiggle it a bit but it stays stuck", {"present": {"knee_locked"}}),
    # squatting said as the moment an injury or a warning sign happened is not what makes it
    # worse (convention 4): "got up from", "while I was", or the factor in the past tense
    (
        "my knee got stuck when I got up from squatting and it still will not straighten",
        {"present": {"knee_locked", "cannot_lift_leg_straight"}},
    ),
    ("I twisted my knee while I was squatting to lift a box", {"present": {"knee_injury"}}),
    ("his knee locked when he crouched down to tie his lace", {"present": {"knee_locked"}}),
    # controls: a pain said with it, or no event in its sentence, keeps the factor
    ("my knee locks and it hurts when I squat", {"present": {"knee_locked", "knee_pain", "squatting_pain"}}),
    ("I squatted at the gym and now the front of my knee aches", {"present": {"anterior_knee_pain", "squatting_pain"}}),
    ("my knee gave a pop while I was squatting in the garden", {"present": {"squatting_pain"}}),
    # a landing from a jump or on someone's foot is an injury, not a fall or a blow (convention 11)
    ("I landed on someone's foot at basketball and my knee twisted", {"present": {"knee_injury"}}),
    (
        "she went pop landing a jump at gymnastics, knee is massive",
        {"present": {"knee_injury", "swollen_knee"}},
    ),
    # controls: landing on the knee, or a fall said, is a fall or a blow
    ("fell off a ladder and landed on my knee", {"present": {"knee_injury", "injury_fall_or_blow"}}),
    (
        "I came down on the knee hard when I fell off my bike",
        {"present": {"knee_injury", "injury_fall_or_blow"}},
    ),
]

SEVENTEENTH_MISSED: list[tuple[str, object]] = [
    # a knee that gave way once and a fall said plainly after it is a fall, so an injury (the
    # writers of parts 12 to 18 code it so, and an injury is a warning sign)
    (
        "Knee gave out going down the stairs and I fell",
        {"present": {"knee_gives_way", "knee_injury", "injury_fall_or_blow"}},
    ),
    (
        "Mum's knee gave way in the kitchen and she went down",
        {"present": {"knee_gives_way", "knee_injury", "injury_fall_or_blow"}},
    ),
    (
        "my knee went out on me at the gym, I hit the floor",
        {"present": {"knee_gives_way", "knee_injury", "injury_fall_or_blow"}},
    ),
    # controls: no fall, a fall denied, nearly, asked, said as what happens or one of many, or
    # "going down" the stairs: the giving way alone
    ("my knee gave way", {"present": {"knee_gives_way"}, "absent": set()}),
    ("knee gave way but I didn't fall", {"present": {"knee_gives_way"}, "absent": set()}),
    ("my knee gave way and I nearly went down", {"present": {"knee_gives_way"}}),
    ("knee gave way and I fell?", {"present": {"knee_gives_way"}}),
    ("knee keeps giving way, fell twice this week", {"present": {"knee_gives_way"}}),
    ("my dad keeps falling because his knee buckles", {"present": {"knee_gives_way"}}),
    ("my knee gave out as I was going down the road", {"present": {"knee_gives_way"}}),
    ("my knee gave way yesterday, then I fell asleep on the sofa", {"present": {"knee_gives_way"}}),
    ("knee gave way and I went down to the GP", {"present": {"knee_gives_way"}}),
    # a trip, a face-first fall and walking into something are a fall or a blow
    (
        "my knee is bruised and swollen after I tripped",
        {"present": {"knee_injury", "injury_fall_or_blow", "swollen_knee"}},
    ),
    ("knee bruised after I walked into the coffee table", {"present": {"knee_injury", "injury_fall_or_blow"}}),
    (
        "tripped over the cat and went flat on my face, knee is sore",
        {"present": {"knee_injury", "injury_fall_or_blow", "knee_pain"}},
    ),
    # controls: walking into a room; a face-first fall after a knee that keeps giving way
    ("I walked into the kitchen and my knee gave way", {"present": {"knee_gives_way"}}),
    ("my knee keeps giving way, went flat on my face", {"present": {"knee_gives_way"}}),
    # a form's answer of how long, alone in its clause, beside an injury with no time of its
    # own, is how long ago the injury was (convention 12)
    ("right knee, 4 days, fell off a step", {"present": {"knee_injury", "injury_fall_or_blow"}, "days": 4}),
    ("Age 40, left knee, about 2 weeks, twisted it at football", {"present": {"knee_injury"}, "days": 14}),
    # controls: no injury, an injury with its own time, a replacement (no injury, no window)
    ("R knee. sore. 2 wks. no injury.", {"days": None, "absent": {"knee_injury"}}),
    ("twisted it yesterday, knee sore, 2 weeks", {"days": 1}),
    ("TKR. 3 months.", {"present": {"knee_replacement"}, "days": None}),
    ("twisted knee, 60 years, swelling", {"present": {"knee_injury", "swollen_knee"}, "days": None}),
    # a first word said once for two things joined by "and" ("tight ITB and hip flexors", as a
    # physio's notes list them) names both
    ("physio says tight ITB and hip flexors", {"present": {"it_band_tightness", "tight_hip_flexors"}}),
    ("Tight hip flexors and ITB", {"present": {"it_band_tightness", "tight_hip_flexors"}}),
    # controls: a state said of one part, a new thing after "and"
    ("my calf is swollen and sore", {"present": {"one_leg_swelling", "one_leg_throbbing_pain"}}),
    ("tight hip flexors and a sore knee", {"present": {"tight_hip_flexors", "knee_pain"}}),
]


SEVENTEENTH_INVENTED: list[tuple[str, object]] = [
    # a fall or a blow under a doubted denial ("I don't think I", "can't remember if", "none of
    # the staff saw") leaves the injury unsure and its kind unasked (convention 11: the kind
    # qualifies an injury that happened)
    ("I don't think I knocked it, but the knee is bruised", {"unknown": {"knee_injury"}, "absent": set()}),
    ("none of the staff saw him fall", {"unknown": {"knee_injury"}, "absent": set()}),
    ("can't remember if I fell on it", {"unknown": {"knee_injury"}, "absent": set()}),
    # controls: a fall or a blow raised in doubt keeps its kind; a plain denial denies the injury
    ("I might have knocked it on the door", {"unknown": {"knee_injury", "injury_fall_or_blow"}}),
    ("I think I fell on it", {"unknown": {"knee_injury", "injury_fall_or_blow"}}),
    ("no fall", {"absent": {"knee_injury"}, "unknown": set()}),
    # then and now (convention 2: the current state is coded): a plain ability said as now, after
    # a word of now or with one in its clause, answers the inability said of before
    (
        "couldn't put weight on it at first, I can walk on it now",
        {"absent": {"unable_to_bear_weight"}, "unknown": set()},
    ),
    (
        "Couldn't take a step last night. Today I can walk on it fine",
        {"absent": {"unable_to_bear_weight"}, "unknown": set()},
    ),
    ("wasn't able to stand on it yesterday. Now I'm hobbling about", {"absent": {"unable_to_bear_weight"}}),
    # controls: "now" said of the inability, or the inability said as now, is no answer
    ("I can't walk on it now, I could walk yesterday", {"unknown": {"unable_to_bear_weight"}, "absent": set()}),
    ("I could walk at first but now I can't walk", {"present": {"unable_to_bear_weight"}, "absent": set()}),
    ("I've been shivery all week, no temperature now though", {"present": {"fever"}, "absent": set()}),
    # surgery said with no time near it ("since the knee op") cannot be placed against the
    # 183-day window (convention 13): unknown, asked
    (
        "my foot has been tingly since the knee op",
        {"unknown": {"recent_knee_surgery"}, "present": {"foot_numbness_or_tingling"}},
    ),
    (
        "been on blood thinning injections since my operation, calf aches",
        {"unknown": {"recent_knee_surgery"}, "present": {"takes_anticoagulants", "one_leg_throbbing_pain"}},
    ),
    # controls: a time, a count of weeks, a weekday or "just" said with it keeps it recent
    ("had a knee op 3 weeks ago", {"present": {"recent_knee_surgery"}, "unknown": set()}),
    ("just had my knee op and it is swollen", {"present": {"recent_knee_surgery", "swollen_knee"}}),
    ("limping 3 weeks after knee surgery", {"present": {"recent_knee_surgery", "limp_without_injury"}}),
    ("had the arthroscopy on Tuesday, knee is hot", {"present": {"recent_knee_surgery"}}),
    # the rest of the knee denied beside a kneecap's pain ("nowhere else", "nothing else") says
    # the kneecap's tenderness alone (isolated_patellar_tenderness), not a knee pain besides
    ("the kneecap hurts when I press it, nowhere else hurts", {"present": {"isolated_patellar_tenderness"}}),
    ("I think I bruised my kneecap, it's sore there and nowhere else", {"present": {"isolated_patellar_tenderness"}}),
    # controls: a knee pain said in its own sentence or clause, or no rest denied, stays
    (
        "kneecap tender, the rest of the knee is fine, my knee aches at night",
        {"present": {"isolated_patellar_tenderness", "knee_pain", "night_pain"}},
    ),
    ("my knee hurts all over, kneecap included", {"present": {"knee_pain"}}),
    ("knee sore, tender over the kneecap", {"present": {"knee_pain", "isolated_patellar_tenderness"}}),
    # a lock let go by the person or by itself later in its sentence catches (convention 9)
    ("My knee locked on the stairs and I had to jiggle it to get it straight", {"present": {"knee_catches"}}),
    ("it locks when I kneel and I have to wiggle it to get it straight", {"present": {"knee_catches"}}),
    ("knee locked up this morning, went back to normal after lunch", {"present": {"knee_catches"}}),
    # controls: still stuck, a wait before it straightens, or a release in another sentence
    ("My knee locked on the stairs and it is still stuck now", {"present": {"knee_locked"}}),
    ("My knee locked on the stairs, I have to wait ages before I can straighten it", {"present": {"knee_locked"}}),
    ("My knee locked on the stairs. Back to normal is all I want", {"present": {"knee_locked"}}),
    # "the left one" singled out after "both knees" is the knee the message is about (its side)
    ("arthritis in both knees for years, now the left one has swelled up", {"side": "left"}),
    ("I fell on both knees and the right one is bleeding", {"side": "right"}),
    # controls: the two compared, or a knee named as such beside both, stay both
    ("both knees ache, worse on the right, and the right one clicks", {"side": "both"}),
    ("both knees ache and the left knee is swollen", {"side": "both"}),
]


EIGHTEENTH_MISSED: list[tuple[str, object]] = [
    # walking said as done or as no trouble, in several Englishes and a clinical note: weight is
    # borne (parts 14, 15, 17 and 19 code it so)
    ("Grandad had a fall in the garden, he can get about with his frame", {"absent": {"unable_to_bear_weight"}}),
    ("it's grand to walk on but sore", {"present": {"knee_pain"}, "absent": {"unable_to_bear_weight"}}),
    ("UCC note: tender over fibular head. Walked in unaided.", {"absent": {"unable_to_bear_weight"}}),
    # controls: denied, told as before, or getting about on crutches (the foot may be held up)
    ("he can't get about with his frame", {"present": {"unable_to_bear_weight"}, "absent": set()}),
    ("he was walking unaided until today, now he can't stand", {"present": {"unable_to_bear_weight"}}),
    ("I can get about on crutches without putting the foot down", {"absent": set()}),
    # coming off a bike or a motorbike, a crash on one: a fall or a blow (parts 14, 16, 18, 19)
    (
        "knee looks out of place after coming off my motorbike",
        {"present": {"visible_deformity", "knee_injury", "injury_fall_or_blow"}},
    ),
    (
        "can't put weight on it after a stack on the mountain bike",
        {"present": {"unable_to_bear_weight", "knee_injury", "injury_fall_or_blow"}},
    ),
    # controls: a slip (coded as a twist about as often as a fall), coming off a drug
    ("slipped on ice and twisted my knee", {"present": {"knee_injury"}}),
    ("knee aches since coming off the painkillers", {"present": {"knee_pain"}}),
    # an injury said to be no more than 2 hours ago with the knee swollen now: swelling within
    # 2 hours of it (parts 13, 16 and 19, and every earlier part, code it so)
    (
        "Banged my knee an hour ago and it's already swollen",
        {"present": {"knee_injury", "injury_fall_or_blow", "swollen_knee", "rapid_swelling_after_injury"}},
    ),
    (
        "knee huge since a twist on the stairs 2 hours ago",
        {"present": {"knee_injury", "swollen_knee", "rapid_swelling_after_injury"}},
    ),
    (
        "twisted it a couple of hours ago, knee is swollen",
        {"present": {"knee_injury", "swollen_knee", "rapid_swelling_after_injury"}},
    ),
    # controls: longer ago, hours not counted, the swelling denied or doubted, the sign denied
    ("twisted it 3 hours ago, knee is swollen", {"present": {"knee_injury", "swollen_knee"}}),
    ("hours ago I twisted it and it is swollen", {"present": {"knee_injury", "swollen_knee"}}),
    ("twisted it an hour ago, knee isn't swollen", {"present": {"knee_injury"}, "absent": {"swollen_knee"}}),
    ("twisted it an hour ago, maybe a bit swollen", {"present": {"knee_injury"}, "unknown": {"swollen_knee"}}),
    (
        "twisted it an hour ago, it didn't swell straight away",
        {"present": {"knee_injury"}, "absent": {"rapid_swelling_after_injury"}},
    ),
    # a knee said to wobble or be unsteady in any words, not said to give way: unsure (parts 13,
    # 15, 17 and 19 code it so)
    ("Age 88. Knee pain. Wobbly.", {"present": {"knee_pain"}, "unknown": {"knee_gives_way"}}),
    ("my knee wobbles when I go downstairs", {"unknown": {"knee_gives_way"}}),
    # controls: said never to give way, or said to give way
    ("it feels wobbly but it's never given way", {"absent": {"knee_gives_way"}, "unknown": set()}),
    ("knee is wobbly and gave way twice", {"present": {"knee_gives_way"}, "unknown": set()}),
]

EIGHTEENTH_INVENTED: list[tuple[str, object]] = [
    # a wobble or unsteadiness of the knee without a giving way said is a hedged instability
    # (convention 10): unknown, asked, in whatever words ("it wobbles", "unsteady", "like it
    # could give way")
    ("my knee wobbles on the stairs, I haven't fallen", {"unknown": {"knee_gives_way"}, "present": set()}),
    ("a bit unsteady on the left knee, no falls", {"unknown": {"knee_gives_way"}, "present": set()}),
    ("feels like it could give way on hills", {"unknown": {"knee_gives_way"}, "present": set()}),
    # controls: a giving way said beside the wobble is present; denied, absent
    ("it wobbles and then gives way, I fell twice", {"present": {"knee_gives_way"}, "unknown": set()}),
    ("wobbly knee, it has never given way", {"absent": {"knee_gives_way"}, "unknown": set()}),
    ("my knee gave way on the stairs", {"present": {"knee_gives_way"}}),
    # surgery dated by a month alone cannot be placed against the 183-day window (convention
    # 13): "May" after "in" or "last" is the month, and "the op" said after it is the same
    # operation, whatever time is said near the back-reference
    (
        "had my knee replaced in July. Since Monday it's hotter than it was after the op",
        {"unknown": {"recent_knee_surgery"}, "present": {"knee_replacement"}},
    ),
    ("had a knee op last May, it has been swollen since Monday", {"unknown": {"recent_knee_surgery"}}),
    ("knee replacement in May, hot since the weekend", {"unknown": {"recent_knee_surgery"}}),
    # controls: a surgery dated as weeks ago, another operation with its own time, and "may"
    # as a hedge keep what they said
    (
        "had my knee replaced 3 weeks ago. Since Monday it's hotter than it was after the op",
        {"present": {"knee_replacement", "recent_knee_surgery"}, "unknown": set()},
    ),
    (
        "had my knee replaced in August, had a washout 2 weeks ago",
        {"present": {"knee_replacement", "recent_knee_surgery"}},
    ),
    ("had a knee op 2 weeks ago and it may be infected", {"present": {"recent_knee_surgery"}, "unknown": set()}),
    # an operation still to come ("waiting for surgery", "need surgery", "waiting for a knee
    # replacement") is no surgery had: neither recent surgery nor a replaced knee
    ("ruptured my ACL, waiting for surgery", {"present": {"knee_injury"}, "unknown": set()}),
    ("the surgeon says I need surgery", {"present": set(), "unknown": set()}),
    ("waiting for a knee replacement, knee aches at night", {"present": {"knee_pain", "night_pain"}}),
    # controls: surgery had, with a need besides, or dated, stays
    ("had knee surgery last week and I need physio", {"present": {"recent_knee_surgery"}}),
    ("had a knee replacement 3 weeks ago", {"present": {"knee_replacement", "recent_knee_surgery"}}),
    # "G'day" is a greeting, not a typing slip for "grey" (a foot's colour)
    ("G'day, my knee is sore", {"present": {"knee_pain"}}),
    # control: a grey foot said after the greeting is still the sign
    ("G'day, my foot has gone grey", {"present": {"foot_cold_pale_or_blue"}}),
]
# The nineteenth round's hedges: findings coded unsure read otherwise, and a hedge-like word
# read as a doubt where the writers code the finding plainly. Variants written here, not
# corpus sentences, one or more per mechanism, with controls.
NINETEENTH_HEDGES: list[tuple[str, object]] = [
    # a form's "Q:" and "A:" labels: the answer is read as if typed without them (parts 16, 18,
    # 19 and 20 code the answer, every one)
    ("Q: Are you able to take 4 steps? A: yes with a limp", {"absent": {"unable_to_bear_weight"}, "unknown": set()}),
    (
        "Q: did it swell within 2 hours? A: yes",
        {"present": {"knee_injury", "swollen_knee", "rapid_swelling_after_injury"}, "unknown": set()},
    ),
    ("Q: any fever? A: no", {"absent": {"fever"}, "unknown": set()}),
    # controls: a hedged answer stays unsure; an "A" that is a word ("A little") is no label
    (
        "Q: did it swell within 2 hours? A: not sure",
        {"present": set(), "unknown": {"knee_injury", "swollen_knee", "rapid_swelling_after_injury"}},
    ),
    ("any fever? A little", {"present": {"fever"}}),
    # a cause offered with a doubt after "so", pointing back ("so maybe that's why", "so maybe
    # that's it"): what the sentence said before is unsure (parts 16, 17 and 20, and 11)
    ("I've lost weight but work's been hectic so maybe that's why", {"unknown": {"unexplained_weight_loss"}}),
    (
        "a bit short of breath but I'm a smoker so maybe that's it",
        {"unknown": {"breathless_or_chest_pain"}, "present": set()},
    ),
    # controls: "so probably nothing" goes on to say of what, a cause given plainly, or none
    ("a bit short of breath but I'm a smoker so probably nothing", {"present": {"breathless_or_chest_pain"}}),
    ("a bit short of breath but I'm a smoker", {"present": {"breathless_or_chest_pain"}}),
    ("lost weight but I've been dieting", {"absent": {"unexplained_weight_loss"}}),
    # walking said to be hard ("can hardly walk", "can hobble but barely") is walking: weight
    # borne, as every writer codes it (parts 12, 13, 15 and 19, and 6 and 10)
    ("I'm 70 and I can hardly walk on it since the fall", {"absent": {"unable_to_bear_weight"}, "unknown": set()}),
    ("she can hobble but barely", {"absent": {"unable_to_bear_weight"}, "unknown": set()}),
    # controls: a step barely taken, a hedge on the count, a few steps only: unsure or unsaid
    ("I can barely take a step", {"absent": set()}),
    ("I can barely walk, maybe two steps", {"absent": set(), "unknown": {"unable_to_bear_weight"}}),
    ("I can walk but only a few steps", {"absent": set(), "unknown": {"unable_to_bear_weight"}}),
]
# The twentieth round's hedges: a bend said short without a measure. Variants written here,
# not corpus sentences, with controls.
TWENTIETH_HEDGES: list[tuple[str, object]] = [
    # a bend said "not properly" or "not much" with no measure: whether the knee reaches a
    # right angle is not said, so the sign is raised, unsure (parts 13, 14, 18 and 20, and 4, 6
    # and 7 code it so; none codes it present without a measure)
    (
        "since the fall he can't bend his knee properly",
        {"unknown": {"unable_to_flex_90"}, "present": {"knee_injury", "injury_fall_or_blow"}},
    ),
    ("she cant bend her knee much and it's swelling", {"unknown": {"unable_to_flex_90"}, "present": {"swollen_knee"}}),
    # ... and its "can't" still says an inability joined to it by "or"
    (
        "he can't bend his knee properly or straighten it",
        {"unknown": {"unable_to_flex_90"}, "present": {"knee_locked", "cannot_lift_leg_straight"}},
    ),
    # controls: a measure short of a right angle said with it, or no bend at all, is the sign
    # (every writer codes these present); a full bend denies it
    ("he can't bend his knee much past halfway", {"present": {"unable_to_flex_90"}, "unknown": set()}),
    ("she can't bend her knee properly, not even to 90", {"present": {"unable_to_flex_90"}, "unknown": set()}),
    ("she can't bend her knee much past 60 degrees", {"present": {"unable_to_flex_90"}, "unknown": set()}),
    ("he can't bend his knee at all", {"present": {"unable_to_flex_90"}, "unknown": set()}),
    ("she can bend her knee fully", {"absent": {"unable_to_flex_90"}, "unknown": set()}),
]
NINETEENTH_MISSED: list[tuple[str, object]] = [
    # a spin class is cycling on a fixed bike: worse when cycling (parts 15, 18, 19 and 20 code
    # it so, as parts 2 and 6 do "the spin bike")
    ("front of my knee aches after my spin classes", {"present": {"anterior_knee_pain", "cycling"}}),
    ("I go to spin on Tuesdays and my knee hurts after", {"present": {"knee_pain", "cycling"}}),
    # controls: a spin that is no bike (of the knee, of the head)
    ("my knee went into a spin on the dance floor", {"present": set()}),
    ("my head is in a spin, knee sore", {"present": {"knee_pain"}}),
    # long rides and climbs, as cyclists say what makes it worse: cycling (parts 14, 16, 18 and
    # 20 code it so, as parts 5, 6 and 8 do)
    ("road cyclist here, the inside of my knee aches on long climbs", {"present": {"medial_knee_pain", "cycling"}}),
    ("knee sore after long rides at the weekend", {"present": {"knee_pain", "cycling"}}),
    # controls: long car rides are sitting, climbing the stairs is the stairs
    ("knee stiff after long car rides", {"present": set()}),
    ("knee hurts climbing the stairs", {"present": {"knee_pain", "stairs_pain"}}),
    # the joint line tender on one side, in a clinician's note: pain on that side of the knee
    # (parts 12, 18, 19 and 20 code it so, as parts 6 and 9 code "medial joint line pain")
    ("O/E: tenderness along the lateral joint line, no effusion", {"present": {"lateral_knee_pain"}}),
    ("medial joint line is tender, ligaments stable", {"present": {"medial_knee_pain"}}),
    # controls: a joint line with no side stays a knee pain, a denied tenderness is no pain said
    ("joint line tender, no effusion", {"present": {"knee_pain"}, "absent": {"swollen_knee"}}),
    ("no medial joint line tenderness", {"present": set(), "absent": set()}),
    # a knee said to have gone or come up big is swollen (parts 15, 19 and 20 code it so)
    (
        "knocked it on the table and the knee has gone really big",
        {"present": {"knee_injury", "injury_fall_or_blow", "swollen_knee"}},
    ),
    ("the knee came up big overnight", {"present": {"swollen_knee"}}),
    # controls: "big" before a noun, and a big calf, which is the one leg's swelling
    ("big bruise on my knee, no swelling", {"present": set(), "absent": {"swollen_knee"}}),
    ("my big toe is numb", {"present": {"foot_numbness_or_tingling"}}),
    ("my calf has gone big and tight", {"present": {"one_leg_swelling"}}),
    # a limp and walking said on either side of a "but": steps are taken, weight is borne
    # (parts 13, 14, 18 and 19 code it so, as parts 5 and 6 do)
    ("my daughter is limping but walking after the fall", {"absent": {"unable_to_bear_weight"}}),
    ("he walks but limps since the tackle", {"absent": {"unable_to_bear_weight"}}),
    # controls: no limp said (the walking only hurts), walking said of the day before
    ("no limp but walking hurts", {"present": {"knee_pain"}, "absent": {"limp_without_injury"}}),
    (
        "he was limping but walking yesterday, today he can't stand",
        {"present": {"limp_without_injury", "unable_to_bear_weight"}, "absent": set()},
    ),
]
NINETEENTH_INVENTED: list[tuple[str, object]] = [
    # a knee that blew up or ballooned after an injury, with no time said, is swollen, not
    # swollen within 2 hours (parts 16, 18 and 20 code it so, as parts 4, 7, 8 and 10 do)
    (
        "fell off my bike yesterday and the knee has ballooned",
        {"present": {"knee_injury", "injury_fall_or_blow", "swollen_knee"}},
    ),
    (
        "knocked it on the table last night and it blew up",
        {"present": {"knee_injury", "injury_fall_or_blow", "swollen_knee"}},
    ),
    # controls: the time said, it is
    (
        "knee blew up within 20 minutes of the tackle",
        {"present": {"knee_injury", "injury_fall_or_blow", "swollen_knee", "rapid_swelling_after_injury"}},
    ),
    (
        "twisted it and it ballooned straight away",
        {"present": {"knee_injury", "swollen_knee", "rapid_swelling_after_injury"}},
    ),
]
TWENTIETH_MISSED: list[tuple[str, object]] = [
    # sitting said to make the knee worse with no length of time, or sitting "too long" or "for
    # a while": sitting for long periods (parts 17, 18, 20 and 21 code it so, as parts 11 and 5
    # do "sit too long")
    ("my kneecap is worse when sitting and on the stairs", {"present": {"prolonged_sitting", "stairs_pain"}}),
    (
        "the back of the knee aches if I sit too long at the desk",
        {"present": {"posterior_knee_pain", "prolonged_sitting"}},
    ),
    ("it's stiff once I've been sitting for a while", {"present": {"prolonged_sitting"}}),
    # controls: a knee fine or not hurting when sitting, sitting as a posture that is no length
    ("knee is grand when sitting, the stairs are worse", {"present": {"stairs_pain"}}),
    ("my knee doesn't hurt sitting, only running", {"present": {"knee_pain", "running_pain"}}),
    ("I can't bend it enough to sit on the floor", {"present": {"unable_to_flex_90"}}),
    # the knee said with a contraction to be crook, cactus or stuffed: knee pain, as "knee is
    # crook" already is (parts 14, 15, 17 and 20 code it so, as parts 6, 10 and 11 do; parts 16
    # and 18 do not, once each)
    ("my knee's crook since the weekend", {"present": {"knee_pain"}}),
    ("her knee's stuffed after netball", {"present": {"knee_pain"}}),
    # controls: crook said of the person, and a knee stuffed on one side is pain on that side
    ("I'm crook in myself, knee fine", {"present": set()}),
    ("the outside of my knee's stuffed after the run", {"present": {"lateral_knee_pain", "running_pain"}}),
]
TWENTY_FIRST_HEDGES: list[tuple[str, object]] = [
    # an X-ray typed as one word is no grey foot, in doubt or said (parts 15, 16, 21 and 22, and
    # 4, code no foot colour for it)
    ("they did an xray at the walk-in, knee still sore", {"present": {"knee_pain"}, "unknown": set()}),
    ("xrays were clear but the knee aches", {"present": {"knee_pain"}, "unknown": set()}),
    # control: a grey foot is still one
    (
        "her foot has gone grey since the fall",
        {"present": {"foot_cold_pale_or_blue", "knee_injury", "injury_fall_or_blow"}},
    ),
    # a pain said to be slight is neither denied nor in doubt: no finding (parts 13, 15, 19 and 22,
    # and 5 and 11, leave it uncoded)
    ("my knee doesn't hurt much but it's swollen", {"present": {"swollen_knee"}, "unknown": set(), "absent": set()}),
    ("it's not too painful, just puffy", {"present": {"swollen_knee"}, "unknown": set(), "absent": set()}),
    ("knee is swollen, no pain to speak of", {"present": {"swollen_knee"}, "unknown": set(), "absent": set()}),
    # control: a plain denial still denies
    ("my knee doesn't hurt but it's swollen", {"present": {"swollen_knee"}, "absent": {"knee_pain"}}),
    # a doubt just before a measure short of a right angle, of a bend said short before it, or a
    # measure alone in the clause after the bend, says the sign (parts 16, 21 and 22, and 9 and
    # 10, code it present)
    ("he can't bend his knee much, perhaps to 50 degrees", {"present": {"unable_to_flex_90"}, "unknown": set()}),
    ("she can't bend it past maybe 60", {"present": {"unable_to_flex_90"}, "unknown": set()}),
    ("I can't bend it properly, maybe half way", {"present": {"unable_to_flex_90"}, "unknown": set()}),
    # controls: a doubted measure at or past the line, one after a bend said plainly, a doubt of
    # the whole, and a doubt that is not of the measure leave it unsure; a temperature doubted
    # stays a doubted fever
    ("I can bend it to maybe 100 degrees", {"present": set(), "unknown": {"unable_to_flex_90"}}),
    ("she can bend it to maybe 50 degrees", {"present": set(), "unknown": {"unable_to_flex_90"}}),
    ("I think she can bend it to 60 degrees", {"present": set(), "unknown": {"unable_to_flex_90"}}),
    ("I can't bend it much, I think half way", {"present": set(), "unknown": {"unable_to_flex_90"}}),
    ("can't bend it, temp maybe 39", {"present": {"unable_to_flex_90"}, "unknown": {"fever"}}),
    # a kneecap that only feels as if it slips out, in the present, raises a dislocation and does
    # not say one (parts 16, 18 and 22 code it unknown, 18, 20 and 21 leave it uncoded; none
    # codes it present)
    (
        "my kneecap feels like it slides out to the side when I pivot",
        {"present": set(), "unknown": {"kneecap_dislocated", "knee_injury"}},
    ),
    (
        "her kneecap feels like it's slipping when she turns",
        {"present": set(), "unknown": {"kneecap_dislocated", "knee_injury"}},
    ),
    # controls: a kneecap that slipped or slid out is a dislocation said
    ("my kneecap slid out when I turned and went back", {"present": {"kneecap_dislocated", "knee_injury"}}),
    ("my kneecap slipped out to the side when I pivoted", {"present": {"kneecap_dislocated", "knee_injury"}}),
    # a question asking what to do about what it names after "if", "when", "for" or "with" takes
    # that as said (parts 17, 21 and 22 code it present)
    ("can I keep cycling when my knee is swollen?", {"present": {"swollen_knee"}}),
    (
        "do I need to see someone for a calf that is swollen and red?",
        {"present": {"one_leg_swelling", "one_leg_warm_or_red"}},
    ),
    ("is running ok with a tight IT band?", {"present": {"it_band_tightness"}, "unknown": set()}),
    # controls: what the question asks itself stays asked, "is it ok if ...?" only raises it, and a
    # denial in the question is no denial
    ("can I walk on it when it's this swollen?", {"present": {"swollen_knee"}, "unknown": {"unable_to_bear_weight"}}),
    ("is it ok if my knee is swollen?", {"present": set(), "unknown": {"swollen_knee"}}),
    ("do I need to see someone for a knee that isn't swollen?", {"absent": set(), "unknown": {"swollen_knee"}}),
]
TWENTY_FIRST_MISSED: list[tuple[str, object]] = [
    # pain that "kicks in" or "kicks off" at a point starts there: no kick, so no blow (parts 20,
    # 21 and 22 code no injury, as part 5 codes the injury absent)
    ("the ache on the outside of my knee kicks in at about 3 miles", {"present": {"lateral_knee_pain"}}),
    # control: a kick is still a blow
    ("got kicked in the knee at five-a-side", {"present": {"injury_fall_or_blow", "knee_injury"}}),
    # straightening said done: the knee is not stuck (parts 16, 18, 19 and 22 code it absent, as
    # parts 3, 4, 7, 9 and 20 do; none otherwise); the "can" is shared with a bend said beside it
    (
        "he can straighten his knee and bend it fine, just sore at the front",
        {"absent": {"knee_locked", "unable_to_flex_90"}, "present": {"anterior_knee_pain"}},
    ),
    ("straightens fine but it hurts at the back", {"absent": {"knee_locked"}, "present": {"posterior_knee_pain"}}),
    # controls: pain when straightening, an ability only after a wait, and a doubt
    ("it aches at the back when I straighten it fully", {"absent": set(), "present": {"posterior_knee_pain"}}),
    ("it locks and I wait a minute until I can straighten it", {"absent": set(), "present": {"knee_locked"}}),
    ("not sure I can straighten it all the way", {"absent": set(), "unknown": {"knee_locked"}}),
    # IT band syndrome named: the tight band it is (parts 17, 20 and 22 code it so; none otherwise)
    (
        "knee sore on the outside, physio says it's IT band syndrome",
        {"present": {"lateral_knee_pain", "it_band_tightness"}},
    ),
    # controls: the band named alone, and a topic asked about
    ("the physio told me to stretch my IT band", {"present": set()}),
    ("what's the difference between ITB syndrome and a tight ITB?", {"present": set(), "unknown": set()}),
    # downhill in a sentence about a hike or a hill walk, and no running in the text: walking
    # downhill, not running (parts 12, 14, 16, 21 and 22 code no running downhill; none do)
    ("knee aches after a long hill walk, worst coming down the hills", {"present": {"knee_pain"}}),
    # controls: a runner's downhills beside a hike, and downhill with no activity
    (
        "knee aches coming down the hills on my trail runs and on the hikes",
        {"present": {"knee_pain", "running_downhill"}},
    ),
    ("my knee hurts going downhill", {"present": {"knee_pain", "running_downhill"}}),
    # surgery dated out of its window is not recent and no denial of recent surgery: every corpus
    # leaves it uncoded (parts 16, 19, 21 and 22, and 1 to 11 and intake_dev; none absent)
    ("my knee was scoped 9 months ago and now it clicks", {"present": set(), "absent": set(), "unknown": set()}),
    # controls: surgery in the window, one that may be out of it, and a plain denial
    ("had a knee op 3 weeks ago", {"present": {"recent_knee_surgery"}}),
    ("knee op maybe 5 or 6 months ago, now it's swollen", {"unknown": {"recent_knee_surgery"}}),
    ("no knee surgery in the last 6 months", {"absent": {"recent_knee_surgery"}}),
    # a record's "T 38.4", the letter alone before the number: a temperature, as every part with
    # it codes it (parts 19, 20 and 22, and 6)
    ("Obs: knee hot and swollen, T 38.6, HR 100", {"present": {"fever", "hot_swollen_knee", "swollen_knee"}}),
    # controls: a temperature between the two lines is unsure, and a letter in other words is none
    ("knee swollen, T 37.6", {"present": {"swollen_knee"}, "unknown": {"fever"}}),
    ("he is in room T 38 of the ward, knee swollen", {"present": {"swollen_knee"}, "unknown": set()}),
]
TWENTY_SECOND_HEDGES: list[tuple[str, object]] = [
    # someone else said plainly to be or feel hot is the fever, as a parent or a carer tells it
    # (parts 15, 17 and 21, and 3 and 5, code it present; none otherwise)
    (
        "she felt hot in the night and won't walk on that leg",
        {"present": {"fever", "unable_to_bear_weight"}, "unknown": set()},
    ),
    ("he feels warm and keeps rubbing his knee", {"present": {"fever"}, "unknown": set()}),
    # controls: "a bit" hot leaves it asked, the speaker's own doubted "hot and cold" too, and a
    # hot knee or leg is no fever
    ("she's a bit hot and limping", {"unknown": {"fever"}}),
    ("temp maybe? I feel hot and cold, knee sore", {"unknown": {"fever"}}),
    ("his knee feels hot", {"present": set(), "unknown": {"hot_swollen_knee"}}),
    # nothing done to the knee that the speaker remembers leaves the injury open, as "don't
    # remember hurting it" does (parts 15, 21 and 22 code it unknown; none otherwise)
    ("knee's puffy today, I can't recall doing anything to it", {"unknown": {"knee_injury"}, "absent": set()}),
    ("don't remember doing anything, knee just aches", {"unknown": {"knee_injury"}, "absent": set()}),
    # controls: nothing done, said plainly, denies it; something remembered done is no doubt
    ("knee aches, I didn't do anything to it", {"absent": {"knee_injury"}, "unknown": set()}),
    ("I remember doing something to it at football, knee sore", {"unknown": set()}),
]
TWENTY_SECOND_MISSED: list[tuple[str, object]] = [
    # a note's "L>R" or "R > L": both knees, one the worse (convention 16; parts 17, 19 and 21
    # code it both, none otherwise)
    (
        "medial knee pain R>L for a year, worse on stairs",
        {"present": {"medial_knee_pain", "stairs_pain"}, "side": "both"},
    ),
    ("knee swelling L > R", {"present": {"swollen_knee"}, "side": "both"}),
    # controls: one side said, and a letter compared that is no side
    ("L knee sore, R fine", {"present": {"knee_pain"}, "side": "left"}),
    ("pain score went from a > b on the chart", {"side": None}),
    # a medicine said stopped with nothing stopped named, ending its clause or saying when:
    # not taken now (parts 16, 19 and 21 code it absent, none otherwise; convention 15)
    ("I was on rivaroxaban for a while but stopped, now my knee is swollen", {"absent": {"takes_anticoagulants"}}),
    ("used prednisolone for my asthma but stopped last spring", {"absent": {"immunosuppressed"}}),
    ("had the clexane jabs after the op but finished those a fortnight ago", {"absent": {"takes_anticoagulants"}}),
    # controls: a stop of something else after the medicine, and a stop of a pain
    (
        "I'm on apixaban but stopped at the shops and fell on my knee",
        {"present": {"takes_anticoagulants", "injury_fall_or_blow", "knee_injury"}, "absent": set()},
    ),
    ("on warfarin but stopped running because of my knee", {"present": {"takes_anticoagulants"}}),
    # a note's "no bony tenderness": neither bone the Ottawa rule presses is tender (parts 18, 21
    # and 22, and 5, code both absent; none otherwise)
    (
        "fell off a ladder onto the knee, walking ok, no bony tenderness",
        {"absent": {"isolated_patellar_tenderness", "fibular_head_tenderness", "unable_to_bear_weight"}},
    ),
    # controls: another bone's tenderness beside a tender kneecap, and a doubted report (no denial)
    (
        "tender over the kneecap only, no other bony tenderness",
        {"present": {"isolated_patellar_tenderness"}, "absent": set()},
    ),
    (
        "the physio says no bony tenderness but I'm not so sure",
        {"absent": set()},
    ),
    # a side said by itself in a note about a knee, leg or foot: a clause of its own or a letter
    # closing a clause ("swollen calf. left.", "lateral knee pain L."), as parts 12, 14, 20 and 21
    # (and 3, 5, 9, 10 and 11) code it; none leaves such a side uncoded
    ("thigh sore and tight. right. since the weekend", {"present": {"one_leg_throbbing_pain"}, "side": "right"}),
    (
        "Physio note. Medial knee pain R, worse on stairs",
        {"present": {"medial_knee_pain", "stairs_pain"}, "side": "right"},
    ),
    # controls: a side alone with no knee, leg or foot named, and "all right"
    ("yes, left. since friday", {"side": None}),
    ("knee hurt yesterday but it feels all right.", {"side": None}),
]
TWENTY_THIRD_HEDGES: list[tuple[str, object]] = [
    # night pain said to come only now and then ("sometimes") in its clause is not the constant
    # pain the id means: raised, not said (parts 16, 23 and 24, and 8, code every such text
    # unknown; none present; part 6 leaves one uncoded)
    (
        "my knees ache on the stairs and at night sometimes",
        {"unknown": {"night_pain"}, "present": {"knee_pain", "stairs_pain"}},
    ),
    ("knee is sore in bed at night occasionally", {"unknown": {"night_pain"}, "present": {"knee_pain"}}),
    ("from time to time the knee aches at night", {"unknown": {"night_pain"}, "present": {"knee_pain"}}),
    # controls: night pain said plainly, "sometimes" of another finding, and "some nights"
    # (coded present, part 11) stay said
    ("knee hurts at night", {"present": {"knee_pain", "night_pain"}, "unknown": set()}),
    (
        "it sometimes gives way and it aches every night",
        {"present": {"knee_gives_way", "knee_pain", "night_pain"}, "unknown": set()},
    ),
    ("my knee aches at night, I can't sleep some nights", {"present": {"knee_pain", "night_pain"}, "unknown": set()}),
    # a plain knee pain left unsure beside a located pain said is redundant, as a said or denied
    # one already was: no writer codes the plain pain unsure beside a located one (parts 17, 19
    # and 22, and 6, 7 and 9, had it read so; convention 3)
    (
        "i think i hurt it but it might be growing pains. it hurts just below my kneecap",
        {"unknown": {"knee_injury"}, "present": {"anterior_knee_pain"}},
    ),
    ("pain where? outside of the knee. fever? no", {"unknown": set(), "present": {"lateral_knee_pain"}}),
    # controls: a plain knee pain in doubt alone, and a located pain in doubt, stay unsure
    ("maybe my knee hurts, not sure", {"unknown": {"knee_pain"}, "present": set()}),
    ("I think my knee hurts at the front", {"unknown": {"anterior_knee_pain"}, "present": set()}),
    # a knee's build given as why a swelling is hard to tell ("always been a bit fat") is the
    # reason for the doubt, not the swelling said (parts 16, 17 and 21, and 4, code every such
    # text unknown; none present)
    (
        "knee sore, can't say if it's swollen, it's always been a bit fat",
        {"unknown": {"swollen_knee"}, "present": {"knee_pain"}},
    ),
    ("might be swollen, hard to say cos my knees are both fat", {"unknown": {"swollen_knee"}, "present": set()}),
    # controls: "fat" said plainly, beside a doubt of something else, or in a sentence of its
    # own after the doubt, is still the swelling
    ("knee is hot and fat", {"present": {"hot_swollen_knee", "swollen_knee"}, "unknown": set()}),
    ("I think it's just a sprain but the knee is fat now", {"present": {"swollen_knee"}}),
    ("not sure if it's swollen. it's fat now", {"present": {"swollen_knee"}, "unknown": set()}),
]

TWENTY_THIRD_MISSED: list[tuple[str, object]] = [
    # "ankle and knee both": both of two body parts, not both knees (parts 17, 21 and 23, and
    # 3, leave the side uncoded, 4 of 4)
    ("hip and knee both ache after the long walk", {"present": {"knee_pain"}, "side": None}),
    ("wrist and knee both bruised after I came off the bike", {"side": None}),
    # controls: two knees both, and both knees said beside another part
    ("left knee and right knee both swollen", {"side": "both"}),
    ("ankle and knee both sore, both knees actually", {"side": "both"}),
    # a small number in brackets after the message's first words: a small child's age (parts 15,
    # 18, 20 and 24 code "Toddler (2)" so, 4 of 4)
    ("Toddler (3) won't walk on her right leg since this morning", {"age": 3}),
    ("Baby (1) not crawling on his leg", {"age": 1}),
    # controls: a list's numbering, a number after a body part, and a number in a later sentence
    ("(1) knee swollen (2) calf sore", {"age": None}),
    ("my knee (3) hurts", {"age": None}),
    ("Knee swollen. Toddler (2) at home to look after", {"age": None}),
    # both knees named for a long-standing arthritis, then one knee named: that knee (parts 15,
    # 16, 18, 22 and 23, and 11, code that side, 6 of 6)
    ("Osteoarthritis in both knees. Left one has swollen up this week", {"side": "left"}),
    ("I have arthritis in both knees, and yesterday I fell on my right knee", {"side": "right"}),
    # controls: both knees with no arthritis named, a note's "L>R", and the two compared
    ("Both knees ache and my left knee is swollen", {"side": "both"}),
    ("OA both knees, L>R, worse on stairs", {"side": "both"}),
    ("arthritis in both knees, the right one worse than the left", {"side": "both"}),
    # a count of the time since an injury in a clause about now: "swollen 2 weeks after a fall"
    # (parts 17, 19, 22 and 23, and 4 and 11, 8 of 8), "now, three days later" in a sentence
    # after it (parts 14, 18 and 22, 3 of 3)
    ("knee still sore 5 days after I twisted it", {"days": 5}),
    ("my knee is paining from 1 week after the fall", {"days": 7}),
    ("Slipped on the ice. Now, four days later, it still won't bend", {"days": 4}),
    # controls: a clause in the past dates something else, hours are the swelling's timing, and
    # a stretch "for" weeks after
    ("it swelled up about 3 days after the twist, not straight away", {"days": None}),
    ("knee swelled up 2 hours after I fell", {"days": None}),
    ("Knee was in a brace for 6 weeks after the tackle", {"days": None}),
    ("Fell off my bike on Sunday. Two days later it got red and it's swollen now", {"days": None}),
    # the same count after a knee replacement dates the operation: recent (parts 13 and 19, and
    # 4, code it so, 4 of 4)
    (
        "still can't bend it to 90 two weeks after my TKR",
        {"present": {"knee_replacement", "recent_knee_surgery", "unable_to_flex_90"}},
    ),
    (
        "limping 3 weeks after my knee was replaced",
        {"present": {"knee_replacement", "limp_without_injury", "recent_knee_surgery"}},
    ),
    # controls: a count past the window, and a clause in the past
    (
        "knee pain 8 months after my total knee replacement",
        {"present": {"knee_pain", "knee_replacement"}, "unknown": set()},
    ),
    ("it swelled up 2 weeks after my TKR", {"present": {"knee_replacement", "swollen_knee"}}),
    # an injury told with no knee in its clause, the knee said fine and another part named, was
    # that part's (parts 18, 22 and 24, and 2, 10 and 11, leave it uncoded, 8 of 8)
    ("tripped on the kerb this morning, knee's fine but my wrist is killing me", {"present": set(), "days": None}),
    ("Had a tumble yesterday. Knee ok, hip sore.", {"present": set(), "absent": set()}),
    # controls: the knee in the injury's clause, the rest of the knee, a knee finding beside it,
    # and the knee fine until the injury
    (
        "fell on my knee yesterday, the rest of the knee is fine, wrist sore",
        {"present": {"knee_injury", "injury_fall_or_blow"}},
    ),
    (
        "he fell off a ladder, says his knee is fine but he can't lift his leg straight",
        {"present": {"knee_injury", "injury_fall_or_blow", "cannot_lift_leg_straight"}},
    ),
    ("knee was fine until I twisted it yesterday, ankle fine", {"present": {"knee_injury"}, "days": 1}),
    # long flights, in the plural, as what keeps making the knee worse: sitting for long periods
    # (parts 20, 22, 23 and 24 code it present, part 12 once uncoded of a calf: 4 to 1)
    ("the front of my knee aches after long flights", {"present": {"anterior_knee_pain", "prolonged_sitting"}}),
    ("knee is worse after long haul flights", {"present": {"prolonged_sitting"}}),
    # controls: one long flight said once is travel before a clot sign, not what makes it worse
    ("my calf is swollen since a long flight", {"present": {"one_leg_swelling"}}),
    ("knee sore since the flight home from Spain", {"present": {"knee_pain"}}),
    # a place said of numbness in its own clause is the numbness's: the ache said apart is a
    # knee pain with no place (parts 21, 22 and 24, and 5 and 11, code it so, 6 of 6)
    ("my knee has been numb on the inside since the op, and it aches", {"present": {"knee_pain"}}),
    ("skin below the kneecap is numb since surgery and the knee aches a bit", {"present": {"knee_pain"}}),
    # controls: the ache pointing back to the place, the place in the ache's clause, a numb foot
    (
        "numb on the outside of my knee where the scar is, and it aches there too",
        {"present": {"lateral_knee_pain"}},
    ),
    ("knee is numb, and it aches on the inside", {"present": {"medial_knee_pain"}}),
    ("my foot is numb, knee aches on the outside", {"present": {"foot_numbness_or_tingling", "lateral_knee_pain"}}),
    # a limp said as how the steps are taken answers the ability, no limp without an injury
    # (parts 16, 18, 19, 20, 22 and 24, and 4, leave it uncoded, 7 of 7; walking with a limp stays
    # a limp, as the thirteenth round holds it)
    ("Can she walk? Yes, with a bit of a limp", {"present": set(), "absent": {"unable_to_bear_weight"}}),
    ("Q: 4 steps? A: yes but I limp, knee sore", {"present": {"knee_pain"}}),
    # controls: a limp that is the complaint, and a limp with no injury
    ("He's 6. Came home from school on Monday with a limp, no fall", {"present": {"limp_without_injury"}}),
    ("limping since Tuesday, no injury", {"present": {"limp_without_injury"}}),
    # someone of the writer's named opening the message, with a number: that person's age (every
    # "my/our X's N" of the corpora is coded so, 31 of 31; parts 14, 22 and 24, and 4, missed it)
    ("Our lad's 11, got a knock on the knee at rugby", {"age": 11}),
    ("Ma da's 80, his knee is swollen", {"age": 80}),
    # controls: a body part's measure, a time and a temperature
    ("my knee's 90 degrees now", {"age": None}),
    ("my op's 2 weeks ago", {"age": None}),
    ("My temp's 38, knee hot", {"age": None}),
]
TWENTY_FOURTH_MISSED: list[tuple[str, object]] = [
    # long spells on the sofa or couch, and screen binges, as what makes the knee worse: sitting
    # for long periods (parts 23, 25 and 26, and 4, code every such text present, 7 of 7; part
    # 7's one evening on the couch before a locked knee uncoded: 7 to 1)
    ("the back of my knee aches after hours on the couch", {"present": {"posterior_knee_pain", "prolonged_sitting"}}),
    ("knee stiff after a netflix marathon", {"present": {"prolonged_sitting"}}),
    (
        "kneecap sore after evenings on the sofa with the telly",
        {"present": {"anterior_knee_pain", "prolonged_sitting"}},
    ),
    # controls: getting up from, lying on and falling asleep on the sofa say no length of time
    ("knee clicks when I get up from the couch", {"present": set()}),
    ("fell asleep on the sofa with my leg bent, now the knee aches", {"present": {"knee_pain"}}),
    # a parkrun as when the knee hurts: pain when running (parts 17, 19 and 26 code it so, 3 of
    # 3; the adjudicated copy of part 17 leaves it uncoded: 3 to 1)
    ("the outside of my knee aches after a parkrun", {"present": {"lateral_knee_pain", "running_pain"}}),
    ("knee sore after the parkrun on saturday", {"present": {"knee_pain", "running_pain"}}),
    # controls: an injury at a parkrun, and a parkrun done now and then
    ("twisted my knee at parkrun this morning", {"present": {"knee_injury"}}),
    ("I do the odd parkrun, knee aches on the stairs", {"present": {"knee_pain", "stairs_pain"}}),
    # a kneecap said not to glide as it should: the tracking problem (parts 12, 20, 22, 25 and
    # 26, and 7 and 10, code every such text present, 8 of 8)
    ("the surgeon told me my kneecaps don't glide right", {"present": {"patellar_tracking_problem"}}),
    (
        "my osteo says my kneecap isn't gliding properly, aches on stairs",
        {"present": {"knee_pain", "patellar_tracking_problem", "stairs_pain"}},
    ),
    # controls: a kneecap gliding fine, and the glide in doubt
    ("physio checked and my kneecap glides fine", {"present": set()}),
    ("maybe my kneecap doesn't glide properly, not sure", {"unknown": {"patellar_tracking_problem"}}),
    # a note's capital "R" or "L" standing apart after or before a finding's name: the side (parts
    # 20, 22, 23, 25 and 26, and 6 and the dev set, code every such letter so, 7 of 7)
    ("Sports med: PFPS L, worse on stairs", {"side": "left"}),
    ("Dx: R patellar tendinopathy, sore when jumping", {"side": "right"}),
    ("Noble's positive L. Tight ITB.", {"side": "left"}),
    # controls: letters comparing the sides or joined, and a message typed in capitals
    ("Anterior knee pain L>R, worse on stairs", {"side": "both"}),
    ("Dr L thinks it is PFPS", {"side": None}),
    ("WORSE ON STAIRS L", {"side": None}),
]

TWENTY_FOURTH_HEDGES: list[tuple[str, object]] = [
    # night pain denied in words of the night alone, beside a pain said ("never at night", "fine
    # at night", "doesn't bother me at night"): parts 18, 22, 24, 25 and 26, and 3, 7 and 11, code
    # every such text absent (8 of 8), none otherwise
    (
        "knee aches on the inside when I cycle, never at night",
        {"absent": {"night_pain"}, "present": {"cycling", "medial_knee_pain"}},
    ),
    ("front of my knee hurts on stairs, fine at night", {"absent": {"night_pain"}, "unknown": set()}),
    ("outside of the knee hurts when I run, doesn't bother me at night", {"absent": {"night_pain"}}),
    ("knee sore on and off, not at night", {"absent": {"night_pain"}, "present": {"knee_pain"}}),
    # controls: night pain said, a hedged denial, and the day said free of it (contested, round
    # 23) are not read absent
    ("knee hurts at night", {"present": {"knee_pain", "night_pain"}, "absent": set()}),
    ("knee hurts on stairs, I think it's fine at night", {"absent": set()}),
    ("My knee throbs at night but it's fine during the day", {"absent": set()}),
    # a doubt that takes an ability's last word on past it ("with help" after the phrase "weight
    # bear with") trails the ability: no plain ability, so the sign is unsure, never denied (a
    # warning sign read absent that the property test below found)
    ("able to weight bear with help", {"unknown": {"unable_to_bear_weight"}, "absent": set()}),
    ("he can weight bear with help from his mum", {"absent": set()}),
    # controls: an ability with a stick, crutches or a limp is weight borne (parts 4, 7, 10, 23,
    # 25 and 26 code each absent)
    ("able to WB with crutches", {"absent": {"unable_to_bear_weight"}}),
    ("can weight bear with a limp", {"absent": {"unable_to_bear_weight"}}),
    # an id that is what someone said ("has a clinician told you...", "has anyone said you may
    # have torn a tendon") denied by a denial of the saying itself ("nobody's mentioned", "never
    # been told"): parts 24, 25 and 26, and 3, 10 and 11, code every such text absent (11 of 11)
    ("no one has mentioned a torn tendon, knee sore after a fall", {"absent": {"suspected_tendon_rupture"}}),
    ("never been told about a tracking problem, front of knee aches", {"absent": {"patellar_tracking_problem"}}),
    ("nobody's said anything about chondromalacia", {"absent": {"chondromalacia_patellae"}}),
    # controls: someone not mentioning it, a saying doubted, a suspicion the writer hedges, and
    # another finding nobody mentioned stay unsure
    ("he never mentioned any tendon tear", {"unknown": {"suspected_tendon_rupture"}, "absent": set()}),
    ("nobody's mentioned a torn tendon, not that I remember", {"unknown": {"suspected_tendon_rupture"}}),
    (
        "I think the kneecap might not track properly but nobody has told me that",
        {"unknown": {"patellar_tracking_problem"}, "absent": set()},
    ),
    ("nobody mentioned a fall", {"unknown": {"knee_injury"}, "absent": set()}),
    # a note's range of movement in numbers is the bend: past a right angle denies the sign,
    # short of it (or "<90") says it (parts 6, 10, 16, 19, 21 and 26 code each by the number, 7
    # of 7)
    ("Swelling: none; ROM 0-130; pain medial", {"absent": {"knee_locked", "swollen_knee", "unable_to_flex_90"}}),
    ("AROM 0-125, SLR intact", {"absent": {"knee_locked", "unable_to_flex_90", "cannot_lift_leg_straight"}}),
    (
        "knee effusion, warm, ROM limited <90",
        {"present": {"hot_swollen_knee", "swollen_knee", "unable_to_flex_90"}, "absent": set()},
    ),
    ("flexion < 90, effusion", {"present": {"swollen_knee", "unable_to_flex_90"}, "absent": set()}),
    ("hot swollen knee, ROM 10-70", {"present": {"unable_to_flex_90", "hot_swollen_knee", "swollen_knee"}}),
    # controls: "from" holds no "rom", a count of something else is no angle, and a bend word
    # with its number reads as before
    ("knee paining from 20 days", {"present": {"knee_pain"}, "absent": set()}),
    ("ROM exercises for 20 minutes twice a day", {"present": set(), "absent": set()}),
    ("bends to 120", {"absent": {"unable_to_flex_90"}}),
    ("can only bend it to 80 degrees", {"present": {"unable_to_flex_90"}}),
    # a range said from nought is measured from full straightening: no locked knee (parts 19, 21
    # and 26 code each "ROM 0-120" or "ROM 0-130" so, 3 of 3)
    ("pain medial, ROM 0-135", {"absent": {"knee_locked", "unable_to_flex_90"}}),
    ("flexion 0 to 110, no effusion", {"absent": {"knee_locked", "swollen_knee", "unable_to_flex_90"}}),
    # controls: a range from another number, a hedged range, and a locked knee said beside the
    # range (said both ways: unsure, never denied)
    ("ROM 10-100", {"absent": set()}),
    ("ROM maybe 0-120?", {"absent": set()}),
    ("knee locked, ROM 0-120", {"unknown": {"knee_locked"}, "present": set()}),
]

TWENTY_FIFTH_HEDGES: list[tuple[str, object]] = [
    # a knee's heat said before a fever word in its clause is the knee's, not the fever phrase
    # "hot and shivery" gathered across the clause (parts 23, 24 and 26: the writers code the
    # knee's heat, unsure with its swelling unsaid, in all 8 such texts)
    (
        "the knee is hot and I've been shivery all night",
        {"unknown": {"hot_swollen_knee"}, "present": {"fever"}},
    ),
    ("his knee's red hot and he's got a temperature", {"unknown": {"hot_swollen_knee"}, "present": {"fever"}}),
    ("knee warm and I have the chills", {"unknown": {"hot_swollen_knee"}, "present": {"fever"}}),
    (
        "knee swollen, really hot and I've got a temperature of 38.8",
        {"present": {"fever", "hot_swollen_knee", "swollen_knee"}, "unknown": set()},
    ),
    # controls: a person hot and shivery is a fever, and says nothing of the knee's heat
    ("she's been hot and shivery, knee sore", {"present": {"fever", "knee_pain"}, "unknown": set()}),
    ("I feel hot and shivery, knee aches", {"present": {"fever", "knee_pain"}, "unknown": set()}),
    ("knee puffy and hot and she's running a temp", {"present": {"fever", "hot_swollen_knee", "swollen_knee"}}),
    # an illness felt coming on is feeling unwell, unsure under a hedge (parts 17 and 20 present,
    # 12, 16 and 26 unknown where hedged: 5 of 5), read through the `ignore` words "coming down
    # with" that keep it from being a fall
    ("think I might be coming down with something, knee is swollen", {"unknown": {"fever"}}),
    ("I think I'm coming down with the flu, knee aches", {"unknown": {"fever"}, "present": {"knee_pain"}}),
    ("feel like I'm coming down with a bug and my knee is red and puffy", {"present": {"fever", "swollen_knee"}}),
    # controls: an illness caught before is not read, and a fall or a step down is no illness; an
    # ability read through ignored words ("carried on walking") is left unread, never newly absent
    ("came down with something last month, knee sore since", {"present": {"knee_pain"}, "unknown": set()}),
    ("coming down the stairs my knee gave way", {"present": {"knee_gives_way", "stairs_pain"}}),
    ("he limped off but carried on walking", {"absent": set()}),
]

TWENTY_FIFTH_MISSED: list[tuple[str, object]] = [
    # cramp in both calves at night beside a knee's ache: the night is the cramp's, no night pain
    # (parts 12, 25, 26 and 28 had it read so; the corpora code none of 23 such texts)
    ("both my calves cramp at night and my knee aches", {"present": {"knee_pain"}}),
    ("knees hurt and both calves cramp at night", {"present": {"knee_pain"}}),
    # controls: one calf cramping at night is the one-leg sign, and a knee aching at night is night pain
    ("my right calf keeps cramping at night", {"present": {"one_leg_throbbing_pain"}, "side": "right"}),
    ("my knee aches at night and wakes me up", {"present": {"knee_pain", "night_pain"}}),
    # another player's knee in the thigh: the thigh was struck, not the knee (parts 16, 19 and
    # 25 had it read as a blow to the knee; 4 such texts code none, 1 with the knee struck too)
    ("copped a knee in the thigh at rugby, thigh is really sore", {"present": {"one_leg_throbbing_pain"}}),
    ("copped a knee to the thigh on saturday, it is bruised and stiff", {"present": set()}),
    # controls: a knee struck by another's knee, and a boot to the knee
    ("copped a knee to the side of my knee at footy", {"present": {"injury_fall_or_blow", "knee_injury"}}),
    ("took a boot to the knee at training", {"present": {"injury_fall_or_blow", "knee_injury"}}),
    # a knee that cracks is the joint's noise: "cracked my knee" is a blow only word for word
    # (parts 14, 25 and 27 had it read as a blow; no writer codes one, 4 of 4)
    ("both my knees crack all the time", {"present": set()}),
    ("my knee cracks loudly when I kneel down", {"present": set()}),
    # controls: a knee cracked on something is a blow
    ("cracked my knee on the bed frame last night", {"present": {"injury_fall_or_blow", "knee_injury"}}),
    ("I cracked it on the corner of the desk", {"present": {"injury_fall_or_blow", "knee_injury"}}),
    # a noise when squatting, with no pain or ache in its clause, is no squatting pain (parts 14,
    # 24 and 27, and 7 and 10, code none of 5 such texts present)
    ("my kneecaps creak when I squat down", {"present": set()}),
    ("knees grinding when I squat at the gym", {"present": set()}),
    # controls: a noise with a pain in its clause
    ("my knee clicks and hurts when I squat", {"present": {"knee_pain", "squatting_pain"}}),
    ("clicking in my knee and it is sore when I squat", {"present": {"knee_pain", "squatting_pain"}}),
    # a dodgy or bad knee in a text that says it gives way: how it gives way, no pain (parts 15,
    # 22, 23 and 26, and 6 and the dev set, leave the pain uncoded; part 11 codes it: 6 to 1)
    ("my bad knee gave way again at netball", {"present": {"knee_gives_way"}}),
    ("my knee is bad, keeps buckling", {"present": {"knee_gives_way"}}),
    # controls: giving way denied, and a pain said in words of its own
    ("dodgy knee, it has never given way but it aches", {"present": {"knee_pain"}, "absent": {"knee_gives_way"}}),
    (
        "dodgy knee, sore on the stairs and gives way now and then",
        {"present": {"knee_gives_way", "knee_pain", "stairs_pain"}},
    ),
    # a pain behind or round "it", the kneecap being the last part named: the front of the knee
    # (parts 24, 27 and 28 had a knee pain with no place; 4 of 4 such texts are coded so)
    (
        "the surgeon says my kneecap sits a bit high, it aches behind it when I kneel",
        {"present": {"anterior_knee_pain"}},
    ),
    ("my kneecap grinds and there is a throbbing pain around it after football", {"present": {"anterior_knee_pain"}}),
    # controls: "it" the knee, and the kneecap pressed with the rest denied
    ("I have a sore knee, pain behind it when I bend", {"present": {"knee_pain"}}),
    (
        "my kneecap is tender and nothing else hurts when I touch around it",
        {"present": {"isolated_patellar_tenderness"}},
    ),
]

AFTER_PART_TWENTY_NINE: list[tuple[str, object]] = [
    # "since fall" with where one fell is a fall, not the season (parts 28 and 29)
    (
        "swollen since fall on the ice 3 days ago",
        {"present": {"injury_fall_or_blow", "knee_injury", "swollen_knee"}, "days": 3},
    ),
    ("quads weak since fall down the stairs", {"present": {"injury_fall_or_blow", "knee_injury"}}),
    # controls: the season stays no injury, and a word-for-word phrase never reaches across a
    # sentence's end
    ("been sore since fall started", {"present": {"knee_pain"}}),
    ("sore since fall. On and off it aches", {"present": {"knee_pain"}}),
    ("My knee hurts when I run. Into week 3 of it now", {"present": {"knee_pain", "running_pain"}}),
    # not one's usual self, word for word: "not weighed myself" is no illness (parts 27, 28, 29)
    ("I've not weighed myself but my knee aches at night", {"present": {"knee_pain", "night_pain"}}),
    ("not had any surgery myself, knee aches", {"present": {"knee_pain"}}),
    ("not unwell in myself, no fever", {"absent": {"fever"}, "present": set()}),
    ("he isn't himself and the knee is hot and swollen", {"present": {"fever", "hot_swollen_knee", "swollen_knee"}}),
    ("she's not really herself today", {"present": {"fever"}}),
    # not been well, said of the person, is unwell (parts 28 and 29)
    ("he hasn't been well and his knee is swollen", {"present": {"fever", "swollen_knee"}}),
    ("not been very well, knee puffy", {"present": {"fever", "swollen_knee"}}),
    # controls: not well enough to do something, or something not well controlled, is no illness
    ("I'm not well enough to walk far, knee aches", {"present": {"knee_pain"}}),
    ("sugars not well controlled, knee aches", {"present": {"knee_pain"}}),
    # the Ottawa pair denied together denies both (parts 23 and 29)
    ("no patellar or fibular head tenderness", {"absent": {"isolated_patellar_tenderness", "fibular_head_tenderness"}}),
    (
        "no fibular head or patellar tenderness, knee sore",
        {"absent": {"isolated_patellar_tenderness", "fibular_head_tenderness"}},
    ),
    # patellofemoral pain and PFPS are the front's pain, a knee named before them too (14, 25, 29)
    ("R knee PFPS", {"present": {"anterior_knee_pain"}, "side": "right"}),
    ("left knee patellofemoral pain", {"present": {"anterior_knee_pain"}}),
    # worn out is no fall (part 29): "falling apart" and "falling to bits" are ignored words
    ("I feel like I'm falling apart, knee aches", {"present": {"knee_pain"}}),
    ("my knees are falling to bits", {"present": set()}),
    ("I fell apart after the fall on the ice", {"present": {"injury_fall_or_blow", "knee_injury"}}),
    # walking downhill is no running downhill (parts 25, 27, 28 and 29)
    ("knee aches walking downhill", {"present": {"knee_pain"}}),
    ("it gives way when I walk down hill", {"present": {"knee_gives_way"}}),
    # control: running downhill stays, in the same sentence as walking
    ("aches walking downhill and running downhill", {"present": {"knee_pain", "running_downhill"}}),
]

TWENTY_FIFTH_INVENTED: list[tuple[str, object]] = [
    # the person's "hot and cold" (said as "I feel hot" and the cold paired with it) is a fever
    # felt, never a cold foot (parts 5, 13, 23 and 25 read one; no writer of the 8 such texts
    # codes it)
    ("I feel hot and cold, knee is puffy", {"present": {"swollen_knee"}, "unknown": {"fever"}}),
    ("not sure if I've a temp but I felt hot and cold all night, knee swollen", {"present": {"swollen_knee"}}),
    ("I feel hot then cold, my knee aches", {"present": {"knee_pain"}, "unknown": {"fever"}}),
    ("he feels hot and cold and won't eat", {"present": {"fever"}}),
    # controls: a foot said to be cold beside the heat is still a cold foot; "hot and cold" said
    # otherwise is read as before
    ("I feel hot and my foot is cold", {"present": {"foot_cold_pale_or_blue"}, "unknown": {"fever"}}),
    ("I feel hot, foot freezing cold", {"present": {"foot_cold_pale_or_blue"}}),
    ("I keep going hot and cold, knee is huge", {"present": {"fever", "swollen_knee"}}),
    # a knee that cracks (the knee before the word) makes a noise; it took no blow (parts 14, 25
    # and 27 read one; the writers of all 5 such texts code none)
    ("both knees crack a lot, is that arthritis?", {"present": set()}),
    ("my knee cracks every time I stand up", {"present": set()}),
    ("knee cracks and pops when I kneel, no pain", {"present": set(), "absent": {"knee_pain"}}),
    # controls: a knee cracked against something is a blow
    ("cracked my knee on the coffee table last night", {"present": {"injury_fall_or_blow", "knee_injury"}}),
    ("slipped and cracked my knee on the kerb", {"present": {"injury_fall_or_blow", "knee_injury"}}),
    ("fell off the ladder and cracked it on a step", {"present": {"injury_fall_or_blow", "knee_injury"}}),
]

AFTER_PART_THIRTY: list[tuple[str, object]] = [
    # a record's denial after its finding ("fever denied") has closed its item: what the next
    # clause says is said, not denied (part 30's "fever denied, knee painful"; the frame scan
    # then read 1,453 warning-sign phrases absent after "fever denied, ")
    (
        "fever denied, calf swollen and tender",
        {"present": {"one_leg_swelling", "one_leg_throbbing_pain"}, "absent": {"fever"}},
    ),
    (
        "chest pain denied, knee hot and swollen",
        {"present": {"hot_swollen_knee", "swollen_knee"}, "absent": {"breathless_or_chest_pain"}},
    ),
    ("Fever: denied, foot cold and pale", {"present": {"foot_cold_pale_or_blue"}, "absent": {"fever"}}),
    ("fever denied, knee painful", {"present": {"knee_pain"}, "absent": {"fever"}}),
    # ... and a part said with how it is ("calf swollen") is a statement, no item of a list a
    # record's "denies" opens
    ("denies fever, calf swollen", {"present": {"one_leg_swelling"}, "absent": {"fever"}}),
    # controls: bare items of a record's list are still each denied, before or after
    ("Pt denies fever, chills, calf pain", {"present": set(), "absent": {"fever", "one_leg_throbbing_pain"}}),
    (
        "denies calf swelling or chest pain",
        {"present": set(), "absent": {"one_leg_swelling", "breathless_or_chest_pain"}},
    ),
    ("it isn't swollen, red or warm", {"present": set(), "absent": {"swollen_knee", "hot_swollen_knee"}}),
]

AFTER_PART_THIRTY_ONE: list[tuple[str, object]] = [
    # getting about on one leg is hopping, the sign, not weight borne (part 31 read it absent)
    (
        "I've been getting around on one leg since the fall",
        {"present": {"injury_fall_or_blow", "knee_injury", "unable_to_bear_weight"}, "absent": set()},
    ),
    ("she's hobbling about on one leg", {"present": {"unable_to_bear_weight"}, "absent": set()}),
    # control: getting around said plainly is still weight borne
    ("I can get around ok, it just aches", {"present": {"knee_pain"}, "absent": {"unable_to_bear_weight"}}),
    # words either side of a "without" were not said together: "chest is tight without pain"
    # denied the chest's sign (a frame probe: 25 of 2,220 phrases read absent in "{} without
    # pain"), and "can't squat without pain" denied the squatting pain (parts 17 and 25)
    ("chest is tight without pain", {"absent": set()}),
    ("pressure in my chest without pain", {"absent": set()}),
    ("can't squat without it hurting", {"present": {"squatting_pain"}, "absent": set()}),
    # controls: "without" said with its own finding still denies it
    ("knee swollen without injury", {"present": {"swollen_knee"}, "absent": {"knee_injury"}}),
    ("limping without any injury", {"present": {"limp_without_injury"}, "absent": {"knee_injury"}}),
]

# Each round's variants, written by hand (not corpus sentences), with their controls.
AFTER_PART_THIRTY_TWO: list[tuple[str, object]] = [
    # a denial as far as the person will own up to leaves the injury open (part 32 read it absent)
    ("no fall or bang that he'll admit to", {"unknown": {"knee_injury"}, "absent": set()}),
    ("no fall that he admits", {"unknown": {"knee_injury"}, "absent": set()}),
    # controls: a denial taken back in a clause of its own (read unsure before), a plain denial,
    # and an admitted fall
    ("she says no injury, none that she will admit to anyway", {"unknown": {"knee_injury"}, "absent": set()}),
    ("no fall, knee hurts like hell", {"present": {"knee_pain"}, "absent": {"knee_injury"}}),
    ("he admits he fell off the wall", {"present": {"injury_fall_or_blow", "knee_injury"}}),
]


AFTER_PART_THIRTY_FOUR: list[tuple[str, object]] = [
    # a comparison says less of it, not none (part 34 read "no as hot as yesterday" a denial)
    (
        "knee still swollen but it's no as hot as yesterday",
        {"present": {"hot_swollen_knee", "swollen_knee"}, "absent": set()},
    ),
    ("calf not as swollen as it was this morning", {"present": {"one_leg_swelling"}, "absent": set()}),
    ("temp not quite as high today", {"present": {"fever"}, "absent": set()}),
    # controls: "no" answering, then a denial; a plain denial; "not as if" is no comparison
    ("No, as I said, no swelling", {"absent": {"swollen_knee"}}),
    ("it's not as if I fell or anything", {"present": set()}),
    ("calf isn't as swollen as yesterday", {"present": {"one_leg_swelling"}, "absent": set()}),
    ("the calf wasn't as red this morning", {"present": {"one_leg_warm_or_red"}, "absent": set()}),
    ("calf isn't swollen", {"absent": {"one_leg_swelling"}}),
    ("calf not swollen", {"absent": {"one_leg_swelling"}}),
    # found on review: a walk limited in distance or by pain is a walk, so the 4 steps are asked,
    # and the "without" says what walking brings (the sign read present, the pain absent)
    ("I can't walk as far as I used to", {"unknown": {"unable_to_bear_weight"}, "present": set()}),
    ("can't walk without it aching", {"unknown": {"unable_to_bear_weight"}, "present": {"knee_pain"}, "absent": set()}),
    (
        "can't walk for long without pain on the outside of my knee",
        {"unknown": {"unable_to_bear_weight"}, "present": {"lateral_knee_pain"}, "absent": set()},
    ),
    ("she can't walk without her crutches", {"unknown": {"unable_to_bear_weight"}, "present": set()}),
    # controls: walking not done, and a walk without pain
    ("can't walk on it at all", {"present": {"unable_to_bear_weight"}}),
    ("can't walk, knee swollen", {"present": {"unable_to_bear_weight", "swollen_knee"}}),
    ("I walk without pain now", {"absent": {"knee_pain"}}),
]


TWENTY_SIXTH_MISSED: list[tuple[str, object]] = [
    # a colour said normal of the part named before it (a pronoun's, or the clause's own): the foot
    # is not pale or blue (parts 25, 27 and 30, and 7 and 8; 31 texts code it absent, none present)
    (
        "my foot isn't tingly, it's a normal colour though",
        {"absent": {"foot_cold_pale_or_blue", "foot_numbness_or_tingling"}},
    ),
    ("my foot is not a normal colour", {"present": {"foot_cold_pale_or_blue"}}),
    (
        "Toes aren't tingly and they are a good colour",
        {"absent": {"foot_cold_pale_or_blue", "foot_numbness_or_tingling"}},
    ),
    ("checked both feet, colour is normal, my knee aches", {"absent": {"foot_cold_pale_or_blue"}}),
    # controls: the knee's colour is no finding, a hedge leaves the foot's unsure
    ("my knee looks a normal colour but it is swollen", {"absent": set(), "present": {"swollen_knee"}}),
    ("my foot is a normal colour I think", {"unknown": {"foot_cold_pale_or_blue"}}),
    # a foot said colder, with no "than": cold (9 of 9 texts code it present or, hedged, unknown)
    ("maybe my foot is a bit colder? the knee is sore", {"unknown": {"foot_cold_pale_or_blue"}}),
    (
        "his foot has gone colder and he can't feel his toes",
        {"present": {"foot_cold_pale_or_blue", "foot_numbness_or_tingling"}},
    ),
    # controls: the weather or the knee colder is no sign
    ("my knee aches more now the weather is colder", {"present": {"knee_pain"}, "absent": set()}),
    # a knee that will neither bend nor straighten cannot be moved, and is locked with the leg not
    # held straight as "can't straighten" says (parts 15, 18, 19 and 25; 12 texts code the knee
    # unable to move, 1 leaves it uncoded)
    (
        "since the fall I cannot bend or straighten it",
        {
            "present": {
                "unable_to_move_knee",
                "knee_locked",
                "cannot_lift_leg_straight",
                "injury_fall_or_blow",
                "knee_injury",
            }
        },
    ),
    (
        "his knee will not bend or straighten this morning",
        {"present": {"unable_to_move_knee", "knee_locked", "cannot_lift_leg_straight", "unable_to_flex_90"}},
    ),
    (
        "can't bend it or straighten it after the tackle",
        {
            "present": {
                "unable_to_move_knee",
                "knee_locked",
                "cannot_lift_leg_straight",
                "injury_fall_or_blow",
                "knee_injury",
            }
        },
    ),
    # controls: one of the two denied, the two said done, or a doubt about them
    ("I can bend it but I can't straighten it", {"present": {"knee_locked", "cannot_lift_leg_straight"}}),
    ("I can bend and straighten it fine", {"present": set()}),
    ("not sure if I can bend or straighten it", {"present": set()}),
]


TWENTY_SIXTH_INVENTED: list[tuple[str, object]] = [
    # after another person's history the writer gives their own age ("I'm 33") or says the text
    # is about them ("this is about me", "asking for myself"): the knee is the writer's, and the
    # other person's cancer or knee replacement is not (parts 9, 11, 13, 23, 26, 29, 30 and 31
    # read one; the writers of all 10 such texts code none)
    ("My sister has lymphoma but this is about me, knee aches when I cycle", {"present": {"cycling", "knee_pain"}}),
    (
        "Grandad had bowel cancer so I'm nervous, I'm 33 and the knee aches at night",
        {"present": {"knee_pain", "night_pain"}},
    ),
    ("my aunt had a tumour in her leg, I am 28, knee sore after netball", {"present": {"knee_pain"}}),
    ("my brother is on chemo for leukaemia, I'm asking for myself, knee is swollen", {"present": {"swollen_knee"}}),
    (
        "Mum had a knee replacement last year. I am 52, knee sore after running",
        {"present": {"knee_pain", "running_pain"}, "unknown": set()},
    ),
    # controls: a carer who says so, or gives the other person's age, still writes about them
    (
        "Writing for my dad, I'm 40 and he is 75, he has prostate cancer and his knee aches at night",
        {"present": {"cancer_history", "knee_pain", "night_pain"}},
    ),
    ("My dad is 70, he had lymphoma, knee aches at night", {"present": {"cancer_history", "knee_pain", "night_pain"}}),
    (
        "Grandad had bowel cancer, he is 80 and the knee aches at night",
        {"present": {"cancer_history", "knee_pain", "night_pain"}},
    ),
    ("I'm 33 and had lymphoma, knee aches at night", {"present": {"cancer_history", "knee_pain", "night_pain"}}),
    # a knee that catches on the stairs, with no pain or ache in its clause, is when it catches,
    # not stairs pain (parts 16, 24, 28 and 31 read one; 11 of the 12 such texts code none)
    ("my knee catches when I go down the stairs", {"present": {"knee_catches"}}),
    ("knee keeps catching when I walk up the stairs", {"present": {"knee_catches"}}),
    ("a catching feeling when I go downstairs", {"present": {"knee_catches"}}),
    ("sometimes catches when I'm going up steps", {"present": {"knee_catches"}}),
    # controls: an ache or pain in the clause keeps the stairs
    ("knee catches and aches on the stairs", {"present": {"knee_catches", "knee_pain", "stairs_pain"}}),
    ("catches on the stairs and hurts after", {"present": {"knee_catches", "knee_pain", "stairs_pain"}}),
    ("knee hurts going up stairs and it catches", {"present": {"knee_catches", "knee_pain", "stairs_pain"}}),
]


TWENTY_SIXTH_HEDGES: list[tuple[str, object]] = [
    # a finding doubted first and then said, after only a comma in its sentence, is still
    # doubted: what follows is the grounds for the doubt (parts 16, 26, 29, 30 and 31, with 8 and
    # 9: 8 texts coded unknown against 1, "I wouldn't say it's not swollen, it's a bit bigger")
    (
        "might be immunosuppressed, I had a liver transplant a few years ago, knee is sore",
        {"unknown": {"immunosuppressed"}, "present": {"knee_pain"}},
    ),
    ("not sure if my knee is swollen, it looks a little bigger than the left one", {"unknown": {"swollen_knee"}}),
    (
        "dunno if I'd call it short of breath, I get puffed quicker on the hill",
        {"unknown": {"breathless_or_chest_pain"}},
    ),
    (
        "I think it swelled up quickly after the fall, within the hour, I wasn't watching",
        {"unknown": {"rapid_swelling_after_injury"}, "present": {"injury_fall_or_blow", "knee_injury", "swollen_knee"}},
    ),
    # controls: said after "but", before the doubt, in the next sentence, under a hedge that
    # follows what it doubts, as one of a choice, or as the other half of an either-or id
    ("not 100% sure I'm immunosuppressed but I had a liver transplant", {"present": {"immunosuppressed"}}),
    ("I had a liver transplant, might be immunosuppressed, knee aches", {"present": {"immunosuppressed", "knee_pain"}}),
    ("might be swollen. It looks a bit bigger than the other one", {"present": {"swollen_knee"}}),
    ("my knee is swollen, not sure if that matters, it looks a bit bigger", {"present": {"swollen_knee"}}),
    (
        "not sure if it's my thigh or my knee that's swollen, the whole leg looks puffy",
        {"present": {"one_leg_swelling"}, "unknown": {"swollen_knee"}},
    ),
    ("I might have a temperature, I feel shivery and rough", {"present": {"fever"}, "unknown": set()}),
    # "can't think of any injury" leaves it open, as "no injury that I can think of" does (a
    # hedge in the pack: parts 24, 27 and 28 code it unknown, none otherwise)
    ("I cannot think of an injury", {"unknown": {"knee_injury"}, "present": set()}),
    ("honestly cant think of any injury, the knee just aches", {"unknown": {"knee_injury"}, "present": {"knee_pain"}}),
    # control: nothing else in its sentence is doubted
    ("I can't think of anything worse, my knee is swollen", {"present": {"swollen_knee"}, "unknown": set()}),
]

ROUNDS: dict[str, Sequence[tuple[str, object]]] = {
    "2nd": SECOND_ROUND,
    "3rd": THIRD_ROUND,
    "4th": FOURTH_ROUND,
    "5th": FIFTH_ROUND,
    "6th": SIXTH_ROUND,
    "7th": SEVENTH_ROUND,
    "after part 7": AFTER_PART_SEVEN,
    "after part 8": AFTER_PART_EIGHT,
    "8th": EIGHTH_ROUND,
    "9th": NINTH_ROUND,
    "after part 10": AFTER_PART_TEN,
    "10th": TENTH_ROUND,
    "after part 11": AFTER_PART_ELEVEN,
    "11th": ELEVENTH_ROUND,
    "12th hedges": TWELFTH_HEDGES,
    "12th": TWELFTH_ROUND,
    "13th hedges": THIRTEENTH_HEDGES,
    "13th": THIRTEENTH_ROUND,
    "14th hedges": FOURTEENTH_HEDGES,
    "14th": FOURTEENTH_ROUND,
    "after part 16": AFTER_PART_SIXTEEN,
    "15th": FIFTEENTH_ROUND,
    "15th hedges": FIFTEENTH_HEDGES,
    "15th more": FIFTEENTH_MORE,
    "after part 17": AFTER_PART_SEVENTEEN,
    "16th precision": SIXTEENTH_PRECISION,
    "after part 18": AFTER_PART_EIGHTEEN,
    "frame scan": FRAME_SCAN,
    "17th missed": SEVENTEENTH_MISSED,
    "17th invented": SEVENTEENTH_INVENTED,
    "18th missed": EIGHTEENTH_MISSED,
    "18th invented": EIGHTEENTH_INVENTED,
    "19th hedges": NINETEENTH_HEDGES,
    "19th missed": NINETEENTH_MISSED,
    "19th invented": NINETEENTH_INVENTED,
    "20th hedges": TWENTIETH_HEDGES,
    "20th missed": TWENTIETH_MISSED,
    "after part 20": AFTER_PART_TWENTY,
    "clinical frames": CLINICAL_FRAMES,
    "after part 21": AFTER_PART_TWENTY_ONE,
    "denied lists": DENIED_LISTS,
    "after part 22": AFTER_PART_TWENTY_TWO,
    "21st hedges": TWENTY_FIRST_HEDGES,
    "21st missed": TWENTY_FIRST_MISSED,
    "22nd hedges": TWENTY_SECOND_HEDGES,
    "22nd missed": TWENTY_SECOND_MISSED,
    "23rd hedges": TWENTY_THIRD_HEDGES,
    "24th hedges": TWENTY_FOURTH_HEDGES,
    "after part 24": AFTER_PART_TWENTY_FOUR,
    "before part 25": BEFORE_PART_TWENTY_FIVE,
    "23rd missed": TWENTY_THIRD_MISSED,
    "after part 26": AFTER_PART_TWENTY_SIX,
    "24th missed": TWENTY_FOURTH_MISSED,
    "after part 28": AFTER_PART_TWENTY_EIGHT,
    "25th hedges": TWENTY_FIFTH_HEDGES,
    "25th missed": TWENTY_FIFTH_MISSED,
    "after part 29": AFTER_PART_TWENTY_NINE,
    "after part 30": AFTER_PART_THIRTY,
    "after part 31": AFTER_PART_THIRTY_ONE,
    "after part 32": AFTER_PART_THIRTY_TWO,
    "after part 34": AFTER_PART_THIRTY_FOUR,
    "25th invented": TWENTY_FIFTH_INVENTED,
    "26th missed": TWENTY_SIXTH_MISSED,
    "26th invented": TWENTY_SIXTH_INVENTED,
    "26th hedges": TWENTY_SIXTH_HEDGES,
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(text, expected, id=f"{round_} round: {text}")
        for round_, cases in ROUNDS.items()
        for text, expected in cases
    ],
)
def test_each_rounds_rules(text: str, expected: dict[str, object]) -> None:
    got = _read(text)
    for key, value in expected.items():
        assert got[key] == value, (key, got)


_UNSURE_INTENSIFIERS = ["entirely", "totally", "completely", "quite", "too", "so"]


@given(st.sampled_from(WARNING), st.sampled_from(_UNSURE_INTENSIFIERS))
def test_not_quite_sure_is_never_a_denial(id_: str, degree: str) -> None:
    synonyms = PACK.symptoms[id_].synonyms
    assume(synonyms)
    assume(id_ in parse(synonyms[0]).symptoms)
    intake = PACK.content.intake
    assume(intake is None or id_ not in intake.suspected)  # a suspicion is said present, hedged or not
    parsed = parse(f"not {degree} sure if {synonyms[0]}")
    assert id_ not in parsed.absent, (degree, synonyms[0])
    if intake is not None and id_ in intake.only_present:
        # the kind of a doubted injury is asked only after it: the injury it implies is unsure
        assert set(intake.implies.get(id_, ())) <= parsed.unknown, (degree, synonyms[0])
    else:
        assert id_ in parsed.unknown, (degree, synonyms[0])


@given(st.sampled_from(WARNING), st.sampled_from(["for her", "for him", "for me", "at all", "really"]))
def test_a_hedge_pointing_back_leaves_the_clause_before_it_unsure(id_: str, rest: str) -> None:
    synonyms = PACK.symptoms[id_].synonyms
    assume(synonyms)
    assume(id_ in parse(synonyms[0]).symptoms)
    intake = PACK.content.intake
    assume(intake is None or id_ not in intake.suspected)
    parsed = parse(f"{synonyms[0]}, not sure if that is normal {rest}")
    assert id_ in parsed.unknown, (rest, synonyms[0])
    assert id_ not in parsed.absent, (rest, synonyms[0])


@given(st.sampled_from(WARNING), st.sampled_from(["fine now", "gone now", "ok now", "settled now", "all fine now"]))
def test_a_warning_sign_that_came_and_went_is_unknown_never_absent(id_: str, passed: str) -> None:
    synonyms = PACK.symptoms[id_].synonyms
    assume(synonyms)
    assume(id_ in parse(synonyms[0]).symptoms)
    parsed = parse(f"{synonyms[0]} yesterday, but it's {passed}")
    assert id_ not in parsed.absent, (passed, synonyms[0])
    intake = PACK.content.intake
    events = {"knee_injury"} | (
        {i for i, implied in intake.implies.items() if "knee_injury" in implied} if intake else set()
    )
    if id_ in events or (intake is not None and id_ in intake.suspected):
        assert id_ in parsed.symptoms, (passed, synonyms[0])  # an injury still happened
    else:
        assert id_ in parsed.unknown, (passed, synonyms[0])


@given(st.sampled_from(WARNING), st.sampled_from(["maybe a little", "perhaps a bit", "well, maybe slightly"]))
def test_a_denial_taken_back_by_a_hedge_and_a_degree_is_unknown(id_: str, back: str) -> None:
    synonyms = PACK.symptoms[id_].synonyms
    assume(synonyms)
    assume(id_ in parse(f"no {synonyms[0]}").absent)
    parsed = parse(f"no {synonyms[0]}. {back}")
    assert id_ in parsed.unknown, (back, synonyms[0])
    assert id_ not in parse(f"no {synonyms[0]}. {back} sore").unknown, (back, synonyms[0])


@given(st.sampled_from(["warm", "hot", "roasting"]), st.sampled_from(["knee", "kneecap", "left knee"]))
def test_a_knee_said_hot_alone_leaves_the_hot_swollen_knee_unsure(state: str, part: str) -> None:
    said = parse(f"my {part} is {state}")
    assume(not said.absent)
    assert "hot_swollen_knee" in said.unknown
    assert "swollen_knee" not in said.unknown
    both = parse(f"my {part} is {state} and swollen")
    assert "hot_swollen_knee" in both.symptoms


@given(st.sampled_from(WARNING), st.sampled_from(["no idea why", "not sure why", "dunno what caused it"]))
def test_a_warning_sign_said_with_no_idea_why_stays_present(id_: str, cause: str) -> None:
    synonyms = PACK.symptoms[id_].synonyms
    assume(synonyms)
    said = f"I have {synonyms[0]}"
    assume(parse(said).symptoms == {id_})
    parsed = parse(f"{said}, {cause}")
    assert id_ in parsed.symptoms, (said, cause)
    assert id_ not in parsed.absent | parsed.unknown, (said, cause)
