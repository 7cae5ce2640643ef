"""Free-text intake: :func:`parse` turns English text into a symptom report.

Lexicon and rules only, from the pack's data: each symptom's ``label`` and ``synonyms``,
and the pack's ``[intake]`` table (``rules/intake.toml``: cue lists, body parts, word
forms, abbreviations, medicine names). How a text is read:

- **Words.** Lower case, apostrophes dropped, abbreviations expanded ("R" = right, "TKR"
  = total knee replacement), then each word reduced to a stem (the Snowball English
  stemmer, and the pack's ``forms`` for what a stemmer cannot see: "gave" = "give").
  A word that is not English (pyspellchecker's English word list) and not in the pack's
  vocabulary is corrected to the pack word one typing slip away that is commonest in
  English ("swolen" = "swollen", "kneee" = "knee"); an English word is never corrected,
  so "sure" stays "sure" and never becomes "sore".
- **Clauses.** Punctuation and ``clause_ends`` ("but", "although"...) end a clause;
  ``scope_ends`` ("and"...) end a cue's reach within it.
- **Phrases.** A phrase matches when its words all stand in one clause, in any order,
  close together; the longest phrase wins where two share a word.
- **Attachment.** A state word ("swollen", "hot", "numb") belongs to the nearest body
  part in its clause, else the last one named before it, else the knee; what it means
  depends on the part ("my calf is puffy" is one leg's swelling, not a swollen knee).
- **Polarity** (after NegEx/ConText): a hedge in a finding's scope ("not sure", "maybe",
  a question mark) makes it *unknown*; otherwise a negation before it ("no", "denies") or
  after it ("fever denied") in its scope makes it *absent*. A hedge always wins, so a
  warning sign is absent only on a plain negation in its own clause. A denial is unsure,
  too, with a hedge or one of the pack's ``unsure_denials`` ("recorded", "I've noticed",
  "sort of") in its clause or trailing it in the next, nothing else named between; and a
  denial its sentence goes on to correct ("wasn't a fall, a trolley rammed into it") is none.
- **Whose, and when.** A clause about another person ("my mum had cancer") is not the
  patient's, unless the text is a carer's about that person ("my husband is 62, he..."). A
  time ("two weeks ago", "yesterday") gives ``days_since_injury`` and is held against a
  symptom's ``window_days``: out of the window, the symptom is not said (no finding).

Clauses in which nothing was recognised are returned as ``unrecognised``, never guessed at.
All work is a fixed number of passes over the words, so time grows linearly with the text.

>>> parsed = parse("my right knee hurts on the outside when I run downhill, no swelling, I'm 34")
>>> sorted(parsed.symptoms), sorted(parsed.absent), parsed.side, parsed.age
(['lateral_knee_pain', 'running_downhill'], ['swollen_knee'], 'right', 34)
>>> sorted(parse("I think it might be a bit swolen, not sure").unknown)
['swollen_knee']
"""

from __future__ import annotations

import bisect
import datetime
import itertools
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict

from kneelink._errors import ReportError
from kneelink._pack import RulePack, default_pack
from kneelink._report import Side, SymptomReport
from kneelink._schema import Intake

# A description, not a document: longer text is refused rather than matched slowly.
MAX_TEXT = 5_000

# Words, numbers (apart from letters: "6wks" is "6" and "wks") and the punctuation that
# ends clauses. One pass, no nesting: linear in the text. Two letters about "/" ("b/l"), and
# the sides compared by ">" or "<" ("L>R", "R > L": a clinician's note of both knees, one
# worse), are one word, spaces dropped, for the pack's abbreviations.
_TOKEN = re.compile(
    r"(?P<w>[^\W\d_]/[^\W\d_](?![^\W\d_])|(?<![^\W\d_])[lLrR][ \t]?[<>][ \t]?[lLrR](?![^\W\d_])"
    r"|[^\W\d_]+(?:['\u2019][^\W\d_]+)*)|(?P<n>\d+)|(?P<p>[.,;!?()\n]|\s[-\u2013]\s)"
)
_SENTENCE_ENDS = frozenset(".!?\n")
# Labels of a question and its answer, as a form writes them out ("Q: fever? A: no").
_LABELS = frozenset(["q", "a", "question", "answer", "ans"])
# A number that may be a body temperature: "38.5", "102F", "39 degrees", "37,8 °C".
_TEMPERATURE = re.compile(
    r"(?<![\d.,])(\d{2,3})(?:[.,](\d))?(?![\d])[ \t]?(?:°[ \t]?)?(c|f|degrees|deg)?(?![^\W\d_])", re.I
)
# Words that lead into a bend's measure ("maybe to about 45 degrees"), and a pattern for them.
_MEASURE_LEAD_WORDS = frozenset(["to", "about", "around", "roughly", "only", "like", "past", "just", "up", "approx"])
_MEASURE_LEAD_WORDS |= frozenset(["maybe", "perhaps", "possibly", "probably", "approximately"])
_HALFWAY = re.compile(r"\bhalf ?way\b", re.I)
_MEASURE_TAIL = frozenset(["degrees", "degree", "deg", "or", "so", "ish"])
_MEASURE_LEADS = r"\b(?:" + "|".join(sorted(_MEASURE_LEAD_WORDS)) + r")\b"
# Words just before such a number that make it a temperature without a unit ("temp 37.2").
_FEVERISH = ("temp", "fever", "thermometer", "running", "burning up", "febrile", "pyrexi", "degrees")
# A parenthesis in a label ("Knee pain (where not given)"): no nesting, no backtracking.
_PARENTHESES = re.compile(r"\([^()]*\)")
# Where the clauses reported as unrecognised end: one character at a time, no repetition.
_UNRECOGNISED = re.compile(r"[.,;:!?()\n]")
# Words a phrase does not need to match ("pain in my knee" = "knee pain").
_FILLER = frozenset(
    [
        "i",
        "my",
        "me",
        "the",
        "a",
        "an",
        "is",
        "are",
        "was",
        "were",
        "am",
        "be",
        "been",
        "being",
        "very",
        "really",
        "quite",
        "just",
        "bit",
        "little",
        "of",
        "to",
        "in",
        "at",
        "on",
        "its",
        "this",
        "that",
        "these",
        "those",
        "has",
        "have",
        "had",
        "some",
        "any",
        "and",
        "or",
        "with",
    ]
)
_SIDE_WORDS: dict[str, Side] = {"left": "left", "right": "right", "both": "both", "bilateral": "both"}
# After a count of days, weeks...: how long ago ("a fortnight back").
_AGO = frozenset(["ago", "back"])
_AFTER_DAY = frozenset(["post", "after", "postop"])  # "day 3 post op"
_AGE_OF_A_THING = frozenset(["day", "week", "month"])  # "the replacement is 5 weeks old" (years old: a person)
# A denial of every time ("never"), not of one time ("didn't").
_EVER = frozenset(["never"])
# Words that may stand between a hedge and the amount it qualifies ("maybe about an hour").
_ABOUT = frozenset(["about", "around", "roughly", "approximately", "like", "nearly", "almost", "just"])
_UNITS = {"day": 1, "night": 1, "week": 7, "fortnight": 14, "month": 30, "year": 365, "hour": 0, "minut": 0}
_NUMBER_WORDS = {
    word: value
    for value, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70}
_TENS |= {"eighty": 80, "ninety": 90}
_FEW = {"a": 1, "an": 1, "few": 3, "couple": 2, "several": 3}
# A sign timed from an injury ("painful swelling within about 2 hours of an injury") is often
# told by the injury's own time instead ("banged it an hour ago and it's already swollen"): an
# injury this many hours ago or fewer, with the swelling the sign implies said now, is the sign.
_WITHIN_HOURS = 2
# Words before a number that make it an age ("I'm 34", "aged 62", "he is 80").
_AGE_BEFORE: tuple[tuple[str, ...], ...] = (
    ("i", "am"),
    ("aged",),
    ("age",),
    ("age", "is"),
    ("turned",),
    ("turning",),
    ("he", "is"),
)
_AGE_BEFORE += (("she", "is"), ("who", "is"), ("is", "age"))
# Words at least this long may be corrected across two typing slips ("tempreture").
_TWO_SLIPS = 7
# How far (in words) a state looks for the body part it describes, and how many places of
# one word a phrase considers: both bound the work per word, so parsing stays linear.
_NEAR = 12
# Words in a hedge that point back at what was just said ("if that counts").
_BACK = frozenset(["that", "thats", "this"])
# After "so" and a hedge, words that point back at what was said as the cause ("so maybe that's why").
_THAT_ONE = _BACK | frozenset(["it", "its", "why", "is"])
# Words of pain: a text with none of them names places on the knee for something else.
_PAIN_STEMS = frozenset(
    [
        "hurt", "throb", "throbbing", "burn", "burning", "tender", "sting", "stab", "stabbing", "wors",
        "kill", "kills", "soreness", "fire", "niggle", "niggling", "agony", "sore", "pain",
    ]
)  # fmt: skip
# Where on the knee a pain is.
_PLACES_OF_PAIN = frozenset(["lateral_knee_pain", "medial_knee_pain", "anterior_knee_pain", "posterior_knee_pain"])
# Why a combination of states is unsure when only one of its states is said.
_HALF_SAID = "only part of it said"
# Why a finding is unsure when words only raise it ("I feel a bit off" for a fever).
_RAISED = "raised, not said"
_STOPS = frozenset(".!?")
# State words that say how a pain feels as often as the state itself ("burning" pain).
_PAIN_LIKE_STATES = frozenset({"burning", "burn", "burns", "burned", "burnt"})
_PLACES = 64
# Words a hedge-only clause may hold besides the hedge.
_PARTISH = frozenset(["knee", "calf", "thigh", "leg", "foot", "it", "he", "she", "they", "or", "if", "whether"])
# Openings of a question asking what to do ("can I foam roll if ...?", "do I need to see a doctor
# for ...?"), words saying a thing is all right ("is it safe to run with ...?"), and the words
# after which such a question names what it takes as so (see _presumed).
_ADVICE_OPENINGS = frozenset([("can", "i"), ("could", "i"), ("do", "i", "need"), ("does", "it", "need")])
_ALL_RIGHT = frozenset(["ok", "okay", "safe", "alright", "fine"])
_CONDITIONS = frozenset(["if", "when", "for", "with"])
# A sentence opening with one of these asks about what it states ("should I worry about my pain?").
_ASKING = frozenset(["should", "will", "would"])
# "Is it <one of these> that/for/to ...?" asks about what it says, not whether it is so.
_PRESUPPOSING = frozenset(
    ["bad", "normal", "serious", "ok", "okay", "worrying", "dangerous", "common", "usual", "safe", "weird", "strange"]
)
# After "why" opening a question, these ask why something said is so ("why does it hurt...?").
_WHY_OF = frozenset(["does", "do", "did", "is", "are", "has", "have", "would", "am", "should"])
# A question opening with one of these and naming no one ("What's the difference between a
# sprain and a strain?", "Is co-codamol a blood thinner?") asks about a topic: no finding.
_TOPIC = frozenset(["what", "whats", "which", "is", "are", "does", "do", "how", "hows", "why"])
# Words of saying: of a suspicion (what someone says), saying it is not so is no limit of knowledge
# (not "never mentioned": what someone did not bring up, they may not know).
_SAYING = frozenset(["says", "said", "say", "told"])
# Of those, the openings of a yes/no question, which the writer may answer themselves.
_YES_NO = frozenset(["is", "are", "does", "do"])
# Words that put the writer or the knee into a question ("is it normal that my knee...?").
_PERSONAL = frozenset(["i", "im", "ive", "id", "my", "me", "mine", "myself", "it", "its", "this", "he", "she", "his"])
_PERSONAL |= frozenset(["her", "hes", "shes", "they", "their", "we", "our", "us", "you", "your", "am"])
# A clause that only denies with one of these says a state has passed ("...but it isn't any more").
_NO_LONGER = frozenset(["now", "anymore", "more", "longer", "nowadays"])
# Month names ("replaced in March"); not "may", a hedge far more often than a month.
_MONTHS = frozenset(["january", "february", "march", "april", "june", "july", "august", "september", "october"])
_MONTHS |= frozenset(["november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct"])
_MONTHS |= frozenset(["nov", "dec"])
# Months and seasons, as a hedge beside one doubts the date ("April I think", "maybe in the
# summer"); not "fall", which is as often a fall. How often, said with a unit ("maybe once a week").
_DATES = _MONTHS | frozenset(["spring", "summer", "autumn", "winter", "christmas", "easter"])
_ONCE = frozenset(["a", "an", "half", "once", "twice"])
# Words a sentence that only says when something happened may hold ("It happened about an hour ago").
_WHEN_ONLY = frozenset(["happened", "it", "this", "that", "was", "about", "around", "roughly", "like", "only", "just"])
_WHEN_ONLY |= frozenset(["approximately", "approx", "so", "all", "did", "i", "the", "injury", "accident"])
# A clause opening with one of these answers the question before it ("Calf swollen? Yes").
_YES = frozenset(["yes", "yeah", "yep", "yup", "aye", "definitely", "absolutely", "certainly", "very"])
# Opening an answer, these say "some", a yes to a degree ("Swelling? A bit.").
_SOME = frozenset([("a", "bit"), ("a", "little"), ("a", "lot"), ("slightly",)])
# After a denied finding, one of these makes the denial unsure ("no pain really").
_SOFTENERS = frozenset(["really"])
# The words that make a phrase negative in itself ("cannot bear weight", "never settles").
_NEGATIVE = frozenset(["cannot", "cant", "not", "no", "never", "wont", "dont", "doesnt", "didnt", "isnt", "aint"])
# A negation followed by one of these in its scope says "later", not "no".
_UNTIL = frozenset(["until", "till", "til"])
# A finding said after "after", past a negation, is an event the sentence takes as having
# happened: "it didn't swell straight away after I fell" denies no fall. ("before" does the
# same as one of the pack's scope ends.)
_EVENT_TIMES = frozenset(["after"])
# An injury told as when something else happened ("a lump since the fall, might be the
# kneecap", "I think it swelled after I twisted it"): the sentence takes it as having
# happened, whatever it doubts or asks about the rest.
_PRESUPPOSED = _EVENT_TIMES | frozenset(["since", "when", "following"])
# The events "post" is "after" before ("post fall", "post op", "post TKR"), as read.
_AFTER_POST = frozenset(
    ["fall", "fell", "operation", "surgery", "injury", "trauma", "total", "arthroscopy", "tackle", "match", "game"]
)
# Negation words that turn an ability said right after them into its lack ("wasn't able to walk").
_NOT_ABLE = _NEGATIVE | frozenset(["wasnt", "werent", "arent", "hasnt", "havent", "hadnt", "nor", "neither"])
_DENYING = _NOT_ABLE | frozenset(["none", "nobody", "noone"])  # "none of us saw her fall"
_BETWEEN_NOT_ABLE = frozenset(["been", "be", "ever", "really"])  # "haven't been able to"
# A negation qualified by one of these leaves the finding open ("no recent injury").
_QUALIFIERS = frozenset(["recent", "recently", "new", "further", "other", "major", "serious", "big", "proper"])
# Words a clause that only names a body part may hold besides ("...but my calf is too").
_ELLIPTIC = frozenset(["do", "does", "did", "too", "also", "either", "though", "definitely", "as", "well", "one"])
# How such a clause ends when a verb is left out: "...but my calf is", "...my feet never do".
_ELLIPSIS_ENDS = frozenset(["is", "are", "was", "were", "do", "does", "did", "has", "have", "had", "too", "well"])
_ELLIPSIS_ENDS |= frozenset(["isnt", "arent", "wasnt", "werent", "dont", "doesnt", "didnt", "hasnt", "havent", "not"])
# Words before "back" that make it the body part.
_DETERMINERS = frozenset(["my", "the", "his", "her", "your", "their", "lower", "upper", "a", "bad"])
# Words before "the knee" that make it where a leg's state starts ("below the knee").
_LANDMARKS = frozenset(["below", "under", "beneath", "above", "from"])
# Words that make what follows a place ("on the stairs"), not an activity ("going down stairs").
_AT = frozenset(["on", "at", "in"])
# How many words before a finding a negation reaches (NegEx uses a window of this size).
_NEGATION_REACH = 6
# Words after a number that make it an age ("34 years old", "62M"), and units that never do.
_YEARS_OLD: tuple[tuple[str, ...], ...] = (
    ("years", "old"),
    ("year", "old"),
    ("yrs", "old"),
    ("yr", "old"),
    ("years", "of", "age"),
    ("yo",),
)
_YEARS_OLD += (("yr",), ("years", "old"), ("m",), ("f",), ("male",), ("female",))
_NOT_AGE_UNITS = frozenset(
    [*_UNITS, "step", "degre", "time", "km", "mile", "kg", "lb", "feet", "foot", "out", "week", "month"]
)
# Words a clause may hold besides a negation and still only deny ("but I haven't", "I don't").
_ELLIPSIS = frozenset(["i", "me", "myself", "either", "though", "personally", "so", "far"])
# Words between "I"/"my" and the knee that keep it the writer's own ("I have got knee pain").
_OWN_BETWEEN = frozenset(["own", "have", "got", *_SIDE_WORDS])
# Two people at once are never the one patient a carer writes about ("Both my parents had knee replacements").
_GROUPS_OF_PEOPLE = frozenset(["parents", "grandparents"])
# "Mine's done the same", "mine's done it": the writer's knee does what the other person's did.
_COPIED = frozenset(["same", "done", "doing"])
# Verbs that make another person the one whose knee is described ("my son keeps limping").
_CARER_VERBS = frozenset(
    ["limping", "limps", "limp", "cannot", "keeps", "started", "fell", "twisted", "injured", "hurt", "complains"]
)


class ParsedFinding(BaseModel):
    """One thing :func:`parse` recognised, and the characters ``start:end`` of the text it came from.

    ``kind`` is ``"symptom"`` (``symptom`` is its id; ``polarity`` is ``"present"``,
    ``"absent"`` or ``"unknown"``, ``present`` says whether it is present, ``negation`` and
    ``hedge`` are the cue words that made it absent or unknown, ``about`` is ``"other"``
    for another person's), ``"side"`` (``side``), ``"age"`` (``age``) or ``"time"``
    (``days`` ago).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["symptom", "side", "age", "time"]
    start: int
    end: int
    text: str
    symptom: str | None = None
    present: bool = True
    polarity: Literal["present", "absent", "unknown"] = "present"
    negation: str | None = None
    hedge: str | None = None
    about: Literal["patient", "other"] = "patient"
    side: Side | None = None
    age: int | None = None
    days: int | None = None


class TextSpan(BaseModel):
    """Characters ``start:end`` of the parsed text."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: int
    end: int
    text: str


class ParsedReport(BaseModel):
    """What :func:`parse` read in a text: symptoms present, absent and unknown (hedged, or
    said both ways: ``contradicted``), side, age, days since the injury, each finding with
    its span, and the clauses in which nothing was recognised."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str
    findings: tuple[ParsedFinding, ...]
    symptoms: frozenset[str]
    absent: frozenset[str]
    unknown: frozenset[str] = frozenset()
    contradicted: frozenset[str]
    side: Side | None
    age: int | None
    days_since_injury: int | None = None
    unrecognised: tuple[TextSpan, ...]

    def to_report(self) -> SymptomReport:
        """The :class:`SymptomReport` this text gives: hedged and contradicted symptoms are unknown.

        Raises :class:`~kneelink.ReportError` when no symptom was found present.
        """
        return SymptomReport(
            symptoms=self.symptoms,
            absent=self.absent,
            unknown=self.unknown | self.contradicted,
            side=self.side,
            age=self.age,
            days_since_injury=self.days_since_injury,
        )


# --- The vocabulary, compiled once per pack ----------------------------------------------


@dataclass(frozen=True)
class _Entry:
    stems: tuple[str, ...]
    symptoms: frozenset[str]
    timed: frozenset[str]
    absent: frozenset[str]  # symptoms these words say are absent ("I can walk")


class _CueList(tuple[tuple[str, ...], ...]):
    """Cue phrases (their stems), each also listed under its first stem, once, for
    :func:`_mark_cues`, which looks for them in every message."""

    by_first: dict[str, list[tuple[str, ...]]]

    def __new__(cls, cues: Iterable[tuple[str, ...]] = ()) -> _CueList:
        self = super().__new__(cls, cues)
        self.by_first = {}
        for cue in self:
            self.by_first.setdefault(cue[0], []).append(cue)
        return self


@dataclass
class _Vocabulary:
    words: frozenset[str]  # every word the pack knows, for typo correction
    abbreviations: dict[str, tuple[str, ...]]
    forms: dict[str, str]
    hedges: _CueList
    negations: _CueList
    negations_after: _CueList
    pseudo: _CueList
    unsure_denials: _CueList
    clause_ends: _CueList
    scope_ends: _CueList
    ignore: _CueList
    surroundings: _CueList
    others: _CueList
    third_person: frozenset[str]
    parts: dict[str, str]  # stem -> part group
    states: list[tuple[tuple[str, ...], str]]  # stems -> state name
    state_on: dict[str, dict[str, str]]
    combinations: list[tuple[str, str, tuple[tuple[str, ...], ...]]]
    entries: list[_Entry]
    carers: _CueList = field(default_factory=_CueList)
    for_myself: _CueList = field(default_factory=_CueList)
    state_cues: _CueList = field(default_factory=_CueList)  # the stems of every state
    hedges_back: _CueList = field(default_factory=_CueList)  # hedges pointing back ("not sure about that")
    pseudo_hedges: _CueList = field(default_factory=_CueList)  # "no idea why": unsure of the cause only
    # Word-for-word phrases by their first word: (words, id, means).
    exact: dict[str, list[tuple[tuple[str, ...], str, str]]] = field(default_factory=dict)
    temperatures: list[tuple[str, float, float]] = field(default_factory=list)  # id, high, normal (Celsius)
    angles: list[tuple[str, int]] = field(default_factory=list)  # id, fewer than
    # id -> its bend words, each at a word's start ("rom" is no part of "from")
    angle_words: dict[str, re.Pattern[str]] = field(default_factory=dict)
    angle_straight: dict[str, str] = field(default_factory=dict)  # id -> the id a range from 0 denies
    bend_stems: frozenset[str] = frozenset()  # the stems of every angle's bend words
    only_present: frozenset[str] = frozenset()
    suspected: frozenset[str] = frozenset()
    implies: dict[str, tuple[str, ...]] = field(default_factory=dict)
    needs: dict[str, str] = field(default_factory=dict)
    results: dict[str, frozenset[str]] = field(default_factory=dict)  # finding -> stems of what it led to
    led_to: dict[str, _CueList] = field(default_factory=dict)  # finding -> what it led to, as cues
    result_is: dict[str, tuple[str, _CueList]] = field(default_factory=dict)  # finding -> a result once is
    repeated: _CueList = field(default_factory=_CueList)  # "fell each time": a result one of many
    near_misses: _CueList = field(default_factory=_CueList)  # "nearly went down": no result
    instead: dict[str, tuple[str, _CueList]] = field(default_factory=dict)  # finding -> other, cues
    by_stem: dict[str, list[int]] = field(default_factory=dict)
    by_rarest: dict[str, list[int]] = field(default_factory=dict)  # each entry under its least shared stem
    joined: set[tuple[str, ...]] = field(default_factory=set)  # entries holding a scope end ("pins and needles")
    phrase_runs: set[tuple[str, ...]] = field(default_factory=set)  # runs of two or more stems inside an entry
    symptom_parts: dict[str, frozenset[str]] = field(default_factory=dict)
    windows: dict[str, int] = field(default_factory=dict)
    categories: dict[str, str] = field(default_factory=dict)
    state_stems: frozenset[str] = frozenset()
    state_default: dict[str, str] = field(default_factory=dict)
    state_absent: frozenset[str] = frozenset()  # states that say their symptom is absent
    state_names: dict[str, str] = field(default_factory=dict)  # one-word state stem -> state
    by_initial: dict[str, tuple[str, ...]] = field(default_factory=dict)  # pack words by first letter
    negation_words: frozenset[str] = frozenset()  # one-word negations, which no slip becomes
    in_part: frozenset[str] = frozenset()  # stems of words that deny only part of a finding
    after_not: frozenset[str] = frozenset()  # stems that follow "not" in a pseudo-negation ("just")
    passed: _CueList = field(default_factory=_CueList)  # "fine now": what came before came and went
    degrees: _CueList = field(default_factory=_CueList)  # "maybe a little": a denial taken back
    corrections: _CueList = field(default_factory=_CueList)  # "Wait, actually": the last denial taken back
    stopped: _CueList = field(default_factory=_CueList)  # "came off it": the medicine before is not taken
    medicines: frozenset[str] = frozenset()  # the symptoms medicine names say
    steps: tuple[str, int] | None = None  # the symptom steps counted say, and its bound
    distance: tuple[str, frozenset[str], _CueList, _CueList] | None = None  # id, unit stems, activity, not with
    either: frozenset[str] = frozenset()  # ids meaning one thing or another ("fever")
    at_all: dict[str, frozenset[str]] = field(default_factory=dict)  # id -> degrees that leave it denied
    doubted_half: dict[tuple[str, ...], str] = field(default_factory=dict)  # words of one part -> id
    doubted_halves: _CueList = field(default_factory=_CueList)  # the same words, as cues
    now_and_then: dict[tuple[str, ...], frozenset[str]] = field(default_factory=dict)  # "sometimes" -> ids
    now_and_thens: _CueList = field(default_factory=_CueList)  # the same words, as cues
    build: frozenset[str] = frozenset()  # stems of state words that also name a body's build ("fat")
    explained: frozenset[str] = frozenset()  # ids a reason given denies ("lost weight but been dieting")
    never_so: _CueList = field(default_factory=_CueList)  # "but it never has": what was feared did not happen
    told: frozenset[str] = frozenset()  # ids that are what someone said ("has a clinician told you")
    told_denials: _CueList = field(default_factory=_CueList)  # "nobody has", "never been": the saying denied
    also_me: _CueList = field(default_factory=_CueList)  # "and so am I": another's finding is the writer's too
    grading: _CueList = field(default_factory=_CueList)  # "much", "a lot": degrees of their own clause's word
    moments: _CueList = field(default_factory=_CueList)  # "stood up from": the factor is when it happened
    noises: dict[str, _CueList] = field(default_factory=dict)  # id -> a joint's noises ("cracks"), no pain
    taken_by: dict[str, tuple[str, _CueList]] = field(default_factory=dict)  # "dodgy" -> gives way
    elsewhere: dict[str, _CueList] = field(default_factory=dict)  # id -> words saying it was of something else
    # id -> the words of another activity, and of its own ("a long hike ... the downhills")
    other_activity: dict[str, tuple[_CueList, _CueList]] = field(default_factory=dict)
    pairs: frozenset[tuple[str, str]] = frozenset()  # stems side by side in the pack's phrases
    part_words: frozenset[str] = frozenset()  # the parts' words as written ("kneecap")
    content_pairs: frozenset[tuple[str, str]] = frozenset()  # the same, filler words left out
    sound_alikes: dict[str, tuple[str, frozenset[str]]] = field(default_factory=dict)  # typed -> meant, beside


def _stemmer() -> object:
    import snowballstemmer  # type: ignore[import-untyped]

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=1)
def _english() -> object:
    """pyspellchecker's English word list and frequencies, loaded at the first unknown word.

    Chosen over wordfreq (frequencies only, no candidate generation, four more
    dependencies) and symspellpy (a compiled edit-distance dependency and a larger
    dictionary to load): pure Python, no dependencies, its word list ships in the wheel
    and works offline, and it gives both halves of the rule, "is this an English word?"
    and the one-slip candidates ranked by frequency. Candidates are kept only when they
    are pack words, so a correction can only ever land on the vocabulary."""
    from spellchecker import SpellChecker

    return SpellChecker(language="en", distance=1)


_STEM = _stemmer()


@lru_cache(maxsize=50_000)
def _stem(word: str) -> str:
    return str(_STEM.stemWord(word))  # type: ignore[attr-defined]


def _typed(word: str) -> str:
    """A word of ``_TOKEN`` as the lexicon holds it: lower case, no apostrophes, no spaces ("L > R")."""
    return word.lower().replace("'", "").replace("\u2019", "").replace(" ", "").replace("\t", "")


def _raw_words(phrase: str) -> list[str]:
    return [_typed(m.group()) for m in _TOKEN.finditer(phrase) if m.lastgroup != "p"]


def _phrase_stems(vocabulary: _Vocabulary | None, phrase: str, keep_filler: bool = False) -> tuple[str, ...]:
    stems: list[str] = []
    for word in _raw_words(phrase):
        expanded = vocabulary.abbreviations.get(word, (word,)) if vocabulary else (word,)
        for part in expanded:
            stem = _form(vocabulary, part)
            if keep_filler or part not in _FILLER:
                stems.append(stem)
    return tuple(stems) if stems or keep_filler else tuple(_form(vocabulary, w) for w in _raw_words(phrase))


def _form(vocabulary: _Vocabulary | None, word: str) -> str:
    if vocabulary is not None and word in vocabulary.forms:
        return vocabulary.forms[word]
    return _stem(word)


@lru_cache(maxsize=8)
def _vocabulary(pack: RulePack) -> _Vocabulary:
    intake = pack.content.intake or Intake()
    vocabulary = _Vocabulary(
        words=frozenset(),
        abbreviations={key: tuple(_raw_words(value)) for key, value in intake.abbreviations.items()},
        forms={key: _stem(_raw_words(value)[0]) for key, value in intake.forms.items()},
        hedges=_CueList(),
        negations=_CueList(),
        negations_after=_CueList(),
        pseudo=_CueList(),
        unsure_denials=_CueList(),
        clause_ends=_CueList(),
        scope_ends=_CueList(),
        ignore=_CueList(),
        surroundings=_CueList(),
        others=_CueList(),
        third_person=frozenset(),
        parts={},
        states=[],
        state_on={},
        combinations=[],
        entries=[],
    )

    def cues(words: Iterable[str]) -> _CueList:
        found = {_phrase_stems(vocabulary, word, keep_filler=True) for word in words if word != "?"}
        return _CueList(sorted((cue for cue in found if cue), key=len, reverse=True))

    vocabulary.hedges = cues(intake.hedges)
    vocabulary.hedges_back = _CueList(cue for cue in vocabulary.hedges if any(word in _BACK for word in cue))
    vocabulary.negations = cues(intake.negations)
    vocabulary.negations_after = cues(intake.negations_after)
    vocabulary.negation_words = frozenset(
        word for cue in (*intake.negations, *intake.negations_after) for word in [cue.lower()] if " " not in word
    )
    vocabulary.pseudo = cues(intake.pseudo_negations)
    # Said after "not" in a pseudo-negation, these words make any negation one ("isn't just").
    vocabulary.after_not = frozenset(cue[1] for cue in vocabulary.pseudo if len(cue) == 2 and cue[0] == _stem("not"))
    vocabulary.unsure_denials = cues(intake.unsure_denials)
    vocabulary.pseudo_hedges = cues(intake.pseudo_hedges)
    vocabulary.in_part = frozenset(_form(vocabulary, word) for word in intake.denied_in_part)
    vocabulary.passed = cues(intake.passed)
    vocabulary.degrees = cues(intake.degrees)
    vocabulary.corrections = cues(intake.corrections)
    vocabulary.stopped = cues(intake.stopped)
    vocabulary.medicines = frozenset(medicine.symptom for medicine in intake.medicine)
    vocabulary.steps = (intake.steps.symptom, intake.steps.fewer_than) if intake.steps else None
    if intake.distance is not None:
        units = frozenset(_form(vocabulary, unit.lower()) for unit in intake.distance.units)
        vocabulary.distance = (
            intake.distance.symptom,
            units,
            cues(intake.distance.activity),
            cues(intake.distance.not_with),
        )
    vocabulary.either = frozenset(intake.either)
    vocabulary.at_all = {id_: frozenset(word.lower() for word in words) for id_, words in intake.at_all.items()}
    vocabulary.doubted_half = {cue: id_ for id_, words in intake.doubted_half.items() for cue in cues(words)}
    vocabulary.doubted_halves = _CueList(sorted(vocabulary.doubted_half, key=len, reverse=True))
    now_and_then: dict[tuple[str, ...], set[str]] = {}
    for id_, seldom in intake.now_and_then.items():
        for cue in cues(seldom):
            now_and_then.setdefault(cue, set()).add(id_)
    vocabulary.now_and_then = {cue: frozenset(ids) for cue, ids in now_and_then.items()}
    vocabulary.now_and_thens = _CueList(sorted(vocabulary.now_and_then, key=len, reverse=True))
    vocabulary.build = frozenset(_form(vocabulary, word.lower()) for word in intake.build)
    vocabulary.explained = frozenset(intake.explained)
    vocabulary.never_so = cues(intake.never_so)
    vocabulary.told = frozenset(intake.told)
    vocabulary.told_denials = cues(intake.told_denials)
    vocabulary.also_me = cues(intake.also_me)
    vocabulary.grading = cues(intake.grading)
    vocabulary.moments = cues(intake.moments)
    vocabulary.noises = {id_: cues(words) for id_, words in intake.noises.items()}
    vocabulary.taken_by = {id_: (by.symptom, cues(by.words)) for id_, by in intake.taken_by.items()}
    vocabulary.elsewhere = {id_: cues(words) for id_, words in intake.elsewhere.items()}
    vocabulary.other_activity = {
        id_: (cues(other.words), cues(other.unless)) for id_, other in intake.other_activity.items()
    }
    vocabulary.sound_alikes = {
        typed: (alike.means, frozenset(alike.beside)) for typed, alike in intake.sound_alikes.items()
    }
    said = [p for s in pack.symptoms.values() for p in (*s.synonyms, s.label)] + [
        w for p in intake.phrase for w in p.words
    ]
    said += [w for s in intake.state for w in s.words]
    kept = [_phrase_stems(vocabulary, phrase, keep_filler=True) for phrase in said]
    content = [_phrase_stems(vocabulary, phrase) for phrase in said]
    vocabulary.pairs = frozenset(pair for stems in kept for pair in itertools.pairwise(stems))
    vocabulary.content_pairs = frozenset(pair for stems in content for pair in itertools.pairwise(stems))
    vocabulary.clause_ends = cues(intake.clause_ends)
    vocabulary.scope_ends = cues(intake.scope_ends)
    vocabulary.ignore = cues(intake.ignore)
    vocabulary.surroundings = cues(intake.surroundings)
    vocabulary.others = cues(intake.others)
    vocabulary.carers = cues(intake.carers)
    vocabulary.for_myself = cues(intake.for_myself)
    vocabulary.third_person = frozenset(_form(vocabulary, word) for word in intake.third_person)
    vocabulary.parts = {_form(vocabulary, w): part for part, words in intake.parts.items() for w in words}
    vocabulary.part_words = frozenset(w for words in intake.parts.values() for w in words)
    vocabulary.states = sorted(
        (
            (_phrase_stems(vocabulary, word, keep_filler=True), state.name)
            for state in intake.state
            for word in state.words
        ),
        key=lambda item: -len(item[0]),
    )
    vocabulary.state_cues = _CueList(stems for stems, _ in vocabulary.states)
    vocabulary.state_on = {state.name: dict(state.on) for state in intake.state}
    vocabulary.state_default = {state.name: state.default for state in intake.state if state.default}
    vocabulary.state_absent = frozenset(state.name for state in intake.state if state.means == "absent")
    # A state's filler words ("twice the size") say no state alone.
    vocabulary.state_stems = frozenset(stem for stems, _ in vocabulary.states for stem in stems if stem not in _FILLER)
    vocabulary.state_names = {stems[0]: name for stems, name in vocabulary.states if len(stems) == 1}
    vocabulary.categories = {symptom.id: symptom.category for symptom in pack.symptoms.values()}
    vocabulary.combinations = [(c.symptom, c.part, c.states) for c in intake.combination]
    for state in intake.state:
        for part, id_ in state.on.items():
            vocabulary.symptom_parts[id_] = vocabulary.symptom_parts.get(id_, frozenset()) | {part}
    for combination in intake.combination:
        vocabulary.symptom_parts[combination.symptom] = frozenset({combination.part})

    lexicon: dict[tuple[str, ...], tuple[set[str], set[str], set[str]]] = {}

    def add(phrase: str, symptom: str, timed: bool = False, absent: bool = False) -> None:
        stems = _phrase_stems(vocabulary, phrase)
        if stems:
            if any((word,) in vocabulary.scope_ends for word in _raw_words(phrase)):
                vocabulary.joined.add(stems)
            ids, timed_ids, absent_ids = lexicon.setdefault(stems, (set(), set(), set()))
            (absent_ids if absent else timed_ids if timed else ids).add(symptom)

    for symptom in pack.symptoms.values():
        if symptom.category == "window":
            continue  # worked out from the report (an injury and its day), never read
        label = _PARENTHESES.sub("", symptom.label).split(":")[0]
        for phrase in (*symptom.synonyms, label):
            add(phrase, symptom.id)
        if symptom.window_days is not None:
            vocabulary.windows[symptom.id] = symptom.window_days
    for extra in intake.phrase:
        for phrase in extra.words:
            if extra.exact:
                written = tuple(_raw_words(phrase))
                vocabulary.exact.setdefault(written[0], []).append((written, extra.symptom, extra.means))
            else:
                add(phrase, extra.symptom, timed=extra.timed, absent=extra.means == "absent")
    for medicine in intake.medicine:
        for name in medicine.names:
            add(name, medicine.symptom)
    vocabulary.only_present = frozenset(intake.only_present)
    vocabulary.suspected = frozenset(intake.suspected)
    vocabulary.implies = {finding: tuple(implied) for finding, implied in intake.implies.items()}
    vocabulary.needs = dict(intake.needs)
    vocabulary.temperatures = [(t.symptom, t.high, t.normal) for t in intake.temperature]
    vocabulary.angles = [(a.symptom, a.fewer_than) for a in intake.angle]
    vocabulary.angle_straight = {a.symptom: a.straight for a in intake.angle if a.straight is not None}
    vocabulary.bend_stems = frozenset(_stem(word.lower()) for a in intake.angle for word in a.words)
    vocabulary.angle_words = {
        a.symptom: re.compile(r"\b(?:" + "|".join(re.escape(w.lower()) for w in a.words) + ")") for a in intake.angle
    }
    vocabulary.results = {
        finding: frozenset(stem for word in words for stem in _phrase_stems(vocabulary, word, keep_filler=True))
        for finding, words in intake.results.items()
    }
    vocabulary.instead = {finding: (other.symptom, cues(other.words)) for finding, other in intake.instead.items()}
    vocabulary.led_to = {finding: cues(words) for finding, words in intake.results.items()}
    vocabulary.result_is = {finding: (other.symptom, cues(other.words)) for finding, other in intake.result_is.items()}
    vocabulary.repeated = cues(intake.repeated)
    vocabulary.near_misses = cues(intake.near_misses)
    vocabulary.entries = sorted(
        (_Entry(stems, frozenset(a), frozenset(b), frozenset(c)) for stems, (a, b, c) in lexicon.items()),
        key=lambda entry: -len(entry.stems),
    )
    for index, entry in enumerate(vocabulary.entries):
        for stem in set(entry.stems):
            vocabulary.by_stem.setdefault(stem, []).append(index)
        stems = entry.stems
        vocabulary.phrase_runs.update(stems[i:j] for i in range(len(stems)) for j in range(i + 2, len(stems) + 1))
    for index, entry in enumerate(vocabulary.entries):  # a clause's candidates are found by their rarest word
        rarest = min(entry.stems, key=lambda stem: len(vocabulary.by_stem[stem]))
        vocabulary.by_rarest.setdefault(rarest, []).append(index)
    words: set[str] = set(_SIDE_WORDS) | set(_NUMBER_WORDS) | set(_TENS)
    texts = [*intake.hedges, *intake.negations, *intake.negations_after, *intake.pseudo_negations]
    texts += [*intake.unsure_denials, *(w for other in intake.instead.values() for w in other.words)]
    texts += [*intake.pseudo_hedges]
    texts += [*intake.passed, *intake.degrees, *intake.corrections, *intake.stopped]
    texts += [*intake.clause_ends, *intake.scope_ends, *intake.others, *intake.forms, *intake.forms.values()]
    texts += [w for words_ in intake.parts.values() for w in words_] + [w for s in intake.state for w in s.words]
    texts += [w for p in intake.phrase for w in p.words] + [n for m in intake.medicine for n in m.names]
    texts += [p for s in pack.symptoms.values() for p in (*s.synonyms, s.label)]
    for text in texts:
        words.update(_raw_words(text))
    vocabulary.words = frozenset(words)
    initials: dict[str, list[str]] = {}
    for word in sorted(words):
        initials.setdefault(word[:1], []).append(word)
    vocabulary.by_initial = {initial: tuple(found) for initial, found in initials.items()}
    return vocabulary


# --- Tokens ---------------------------------------------------------------------------


@dataclass
class _Token:
    raw: str  # as written, lower case, without apostrophes
    word: str  # abbreviation expanded, typo corrected
    stem: str
    start: int
    end: int
    number: bool = False
    clause: int = 0
    scope: int = 0
    sentence: int = 0
    used: bool = False  # taken by a phrase, a cue or a state
    question: bool = False  # a question mark follows
    dash: bool = False  # a dash follows ("Fever - no")
    slips: tuple[str, ...] = ()  # the pack words a misspelt word may be (see _in_context)
    hedge: bool = False  # part of a hedge cue
    possessive: bool = False  # written with an apostrophe ("calf's" is one calf)
    joins: bool = False  # a clause end ("but"): used, yet a word a phrase may spell out
    links: bool = False  # a scope end ("and", "then"): used, yet a word a word-for-word phrase may spell out
    ignored: tuple[int, int] | None = None  # the pack's `ignore` words it stands in, first and last


def _correct(word: str, vocabulary: _Vocabulary) -> str:
    """``word`` itself when English or known to the pack; else the commonest pack word one
    typing slip away; else ``word``."""
    return _commonest(_candidates(word, vocabulary), word)


def _commonest(candidates: list[str], word: str) -> str:
    """The commonest of ``candidates`` (pack words ``word`` may be a slip for); ``word``
    itself when there are none."""
    if not candidates:
        return word
    frequency = _english().word_usage_frequency  # type: ignore[attr-defined]
    # A slip rarely hits the first letter: "kne" is "knee", not "one".
    return max(sorted(candidates), key=lambda c: (c[0] == word[0], frequency(c)))


def _candidates(word: str, vocabulary: _Vocabulary) -> list[str]:
    """The pack words ``word`` may be a typing slip for: none when it is English or known."""
    if len(word) < 3 or word in vocabulary.words:
        return []
    english = _english()
    if word in english:  # type: ignore[operator]
        return []
    if len(word) >= 5 and word.endswith("in") and (word + "g" in vocabulary.words or word + "g" in english):  # type: ignore[operator]
        return [word + "g"]  # a dropped g ("roastin", "feelin") is no slip to guess at
    # A slip never becomes a negation: one letter must not flip what a person said ("noo" is
    # Scots for now, not "no").
    candidates = [
        c
        for c in english.edit_distance_1(word)  # type: ignore[attr-defined]
        if c in vocabulary.words and c not in vocabulary.negation_words
    ]
    if not candidates and len(word) >= _TWO_SLIPS:
        # Two slips ("tempreture", "stratghen"), only in a long word, only onto a pack word
        # of the same first letter and about the same length: few candidates, each compared
        # in a band, so a word costs a bounded amount of work.
        candidates = [
            c
            for c in vocabulary.by_initial.get(word[0], ())
            if abs(len(c) - len(word)) <= 2
            and len(c) >= _TWO_SLIPS - 1
            and c not in vocabulary.negation_words
            and _within_two(word, c)
        ]
    return candidates


def _in_context(tokens: list[_Token], vocabulary: _Vocabulary) -> None:
    """Choose between a slip's candidates by the words beside it ("I fel on my knee" is "fell",
    "my nee" is "knee": the pack word that goes with its neighbours in the pack's phrases
    beats the commonest English one), and read a real word typed for a sound-alike pack word
    ("gave weigh", "cant bare wait") as that word beside a word the pack lists for it."""
    for index, token in enumerate(tokens):
        if token.number:
            continue
        alike = vocabulary.sound_alikes.get(token.raw)
        if alike is not None:
            beside = [tokens[i] for i in (index - 1, index + 1) if 0 <= i < len(tokens)]
            if any(other.raw in alike[1] and other.clause == token.clause for other in beside):
                token.word, token.stem = alike[0], _form(vocabulary, alike[0])
            continue
        if len(token.slips) < 2:
            continue
        fit = {c: _fit(index, _form(vocabulary, c), tokens, vocabulary) for c in sorted(token.slips)}
        best = max(fit, key=lambda c: fit[c])
        if fit[best] > fit.get(token.word, 0):
            token.word, token.stem = best, _form(vocabulary, best)


def _fit(index: int, stem: str, tokens: list[_Token], vocabulary: _Vocabulary) -> int:
    """How well ``stem`` at ``index`` goes with its neighbours in its clause: a pair of the
    pack's phrases with the word beside it, and (counting double) with the nearest word
    beside it that is not filler."""
    clause = tokens[index].clause
    score = 0
    for step in (-1, 1):
        near = [i for i in range(index + step, index + 4 * step, step) if 0 <= i < len(tokens)]
        near = [i for i in near if tokens[i].clause == clause]
        pair = (lambda other: (other, stem)) if step < 0 else (lambda other: (stem, other))
        if near and pair(tokens[near[0]].stem) in vocabulary.pairs:
            score += 1
        content = next((i for i in near if tokens[i].word not in _FILLER), None)
        if content is not None and pair(tokens[content].stem) in vocabulary.content_pairs:
            score += 2
    return score


def _within_two(a: str, b: str) -> bool:
    """Whether ``a`` becomes ``b`` by at most two slips (a letter added, dropped, changed,
    or two neighbours swapped: optimal string alignment distance)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > 2:
            return False
        previous2, previous = previous, current
    return previous[-1] <= 2


def _tokens(text: str, vocabulary: _Vocabulary) -> list[_Token]:
    """The words of ``text``, numbered by punctuation clause and sentence."""
    tokens: list[_Token] = []
    clause = sentence = 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "p":
            mark = match.group().strip()
            if tokens and tokens[-1].clause == clause:
                tokens[-1].question = mark == "?"
                tokens[-1].dash = mark in ("-", "\u2013")
                clause += 1
            if mark in _SENTENCE_ENDS or match.group() == "\n":
                sentence += 1
            continue
        raw = _typed(match.group())
        start = match.start()
        # A form's label opening a clause ("Q: can you take 4 steps? A: yes, with a limp") is
        # no word of it: the answer's "yes" or "no" opens its clause, as typed without labels.
        if raw in _LABELS and text.startswith(":", match.end()) and (not tokens or tokens[-1].clause != clause):
            continue
        # A number typed for a sound ("2day", "2nite") is one word when the pack says so.
        glued = kind == "w" and tokens and tokens[-1].number and tokens[-1].end == start
        if glued and tokens[-1].raw + raw in vocabulary.abbreviations:
            raw, start = tokens[-1].raw + raw, tokens.pop().start
        # A body part typed as two words is one ("knee cap hurts" is the kneecap's pain).
        split = kind == "w" and tokens and tokens[-1].clause == clause and not tokens[-1].number
        if split and vocabulary.forms.get(tokens[-1].raw + raw, tokens[-1].raw + raw) in vocabulary.part_words:
            raw, start = tokens[-1].raw + raw, tokens.pop().start
        if kind == "n":
            tokens.append(_Token(raw, raw, raw, match.start(), match.end(), True, clause, clause, sentence))
            continue
        expanded = vocabulary.abbreviations.get(raw)
        slips: list[str] = []
        if expanded is None:
            slips = _candidates(raw, vocabulary)
            expanded = (_commonest(slips, raw),)
        for word in expanded:
            stem = _form(vocabulary, word)
            token = _Token(raw, word, stem, start, match.end(), False, clause, 0, sentence)
            token.possessive = "'" in match.group() or "\u2019" in match.group()
            token.slips = tuple(slips)
            tokens.append(token)
    return tokens


def _post_as_after(tokens: list[_Token]) -> None:
    """Read "post" as "after", not "posterior", before an event ("pain post fall", "post op")."""
    for token, following in itertools.pairwise(tokens):
        if token.raw == "post" and following.word in _AFTER_POST:
            token.word, token.stem = "after", _stem("after")


def _not_able_as_cannot(tokens: list[_Token]) -> None:
    """Read a negation before "able to" as "cannot" ("haven't been able to straighten it" is
    "cannot straighten it"), as "unable" already is."""
    for index, token in enumerate(tokens):
        if token.word != "able" or index + 1 >= len(tokens) or tokens[index + 1].word != "to":
            continue
        before = index - 1
        while before >= 0 and tokens[before].word in _BETWEEN_NOT_ABLE and index - before < 3:
            before -= 1
        if before >= 0 and tokens[before].word in _NOT_ABLE and tokens[before].clause == token.clause:
            tokens[before].word, tokens[before].stem = "cannot", _stem("cannot")


def _find(stems: list[str], cue: tuple[str, ...], start: int) -> bool:
    return tuple(stems[start : start + len(cue)]) == cue


def _mark_cues(tokens: list[_Token], cues: _CueList) -> list[tuple[int, int]]:
    """Where each cue stands (first and last token), longest cue first, cues not overlapping
    and not crossing a clause; cues are at most a few words, so this is linear."""
    stems = [token.stem for token in tokens]
    by_first = cues.by_first
    found: list[tuple[int, int]] = []
    if by_first.keys().isdisjoint(stems):  # most cue lists have nothing in most messages
        return found
    after = 0  # cues do not overlap
    for index, stem in enumerate(stems):
        if index < after or stem not in by_first:
            continue
        for cue in by_first[stem]:
            end = index + len(cue) - 1
            if end < len(tokens) and _find(stems, cue, index) and tokens[end].clause == tokens[index].clause:
                found.append((index, end))
                after = end + 1
                break
    return found


# --- Parsing ----------------------------------------------------------------------------


@dataclass
class _Hit:
    symptom: str
    first: int
    last: int
    tokens: tuple[int, ...]
    timed: bool = False
    means_absent: bool = False  # the words say the symptom is absent ("I can walk")
    polarity: Literal["present", "absent", "unknown"] | None = None  # fixed already (a combination)
    about: Literal["patient", "other"] | None = None  # fixed already ("my mum had cancer, I haven't")
    hedge: str | None = None  # fixed already (a combination only half said)
    stopped: bool = False  # a medicine said stopped: absent, whatever the record said ("GP notes say")
    # What a sign needing an event implies, that sign read without its event ("it didn't swell
    # straight away"): a denial is of how soon, not of the swelling.
    of_timed: bool = False


def parse(text: str, pack: RulePack | None = None) -> ParsedReport:
    """Read an English description of a knee problem into a :class:`ParsedReport`.

    ``pack`` (default: kneelink's own) gives the vocabulary: its symptoms' labels and
    synonyms, and its ``[intake]`` table. No model and no network: what the lexicon and
    the rules above do not recognise is returned in ``unrecognised``. A year said as a date
    ("a scope in 2015") is read against today's date, the one input besides the text and
    the pack.

    >>> parse("Twisted my left knee yesterday, can't straighten it. No fever. Aged sixty-two.").age
    62
    >>> sorted(parse("denies calf swelling or chest pain").absent)
    ['breathless_or_chest_pain', 'one_leg_swelling']
    """
    if not isinstance(text, str):
        raise ReportError(f"parse takes a string, not {type(text).__name__}")
    if len(text) > MAX_TEXT:
        raise ReportError(f"text is {len(text)} characters long; parse takes at most {MAX_TEXT}")
    pack = pack or default_pack()
    vocabulary = _vocabulary(pack)
    tokens = _tokens(text, vocabulary)
    _in_context(tokens, vocabulary)
    _post_as_after(tokens)
    _not_able_as_cannot(tokens)
    _split_clauses(tokens, vocabulary)

    for first, last in _mark_cues(tokens, vocabulary.ignore):
        for index in range(first, last + 1):
            tokens[index].used = True
            tokens[index].ignored = (first, last)
    for index, token in enumerate(tokens[1:], start=1):
        counted = tokens[index - 1].number or tokens[index - 1].word in _NUMBER_WORDS
        if token.word in ("step", "steps") and counted:
            token.used = True  # "about 10 steps": how far one walks, not stairs
    times = _times(tokens)
    durations = _durations(tokens)
    for first, last, *_ in times + durations:
        for index in range(first, last + 1):
            tokens[index].used = True
    hedges = _cue_spans(tokens, vocabulary.hedges)
    # A pseudo-hedge may open with the word that opens its clause ("... walk but barely").
    not_hedges = _mark_cues(tokens, vocabulary.pseudo_hedges)
    hedges = [span for span in _of_the_finding(hedges, tokens, not_hedges) if not _of_a_bend(span, tokens, vocabulary)]
    pseudo = _cue_spans(tokens, vocabulary.pseudo)
    denials = _cue_spans(tokens, vocabulary.negations)
    pseudo += _not_just(tokens, denials, vocabulary)
    negations = [span for span in denials if not _inside(span, pseudo + hedges)]
    after = [span for span in _cue_spans(tokens, vocabulary.negations_after) if not _inside(span, pseudo + hedges)]
    for first, last in hedges:
        for index in range(first, last + 1):
            tokens[index].hedge = True
    unsure = [span for span in _cue_spans(tokens, vocabulary.unsure_denials) if not _inside(span, not_hedges)]
    doubts = _Doubts.of(tokens, hedges + unsure, _grading(tokens, unsure, vocabulary))
    told_denied = _told_denied(tokens, unsure, vocabulary)
    denied_from: dict[int, int] = {}  # scope -> where its first negation ends
    for first, last in negations:
        denied_from.setdefault(tokens[first].scope, last)
    passing = _cue_spans(tokens, vocabulary.passed)
    came_and_went = _came_and_went(tokens, passing)

    parts = [vocabulary.parts.get(token.stem) for token in tokens]
    for index, token in enumerate(tokens):
        # "Went back in by itself", "came back": an adverb, not the body part ("my back").
        if token.word == "back" and (index == 0 or tokens[index - 1].word not in _DETERMINERS):
            parts[index] = None
    hits = _exact_hits(tokens, vocabulary)
    hits += _of_another_part(_phrase_hits(tokens, vocabulary, parts, negations, pseudo), tokens, vocabulary, parts)
    hits += _shared_word(hits, tokens, vocabulary)
    states = _mark_cues(tokens, vocabulary.state_cues)  # where state words stand ("swollen", "red")
    hits += _state_hits(tokens, vocabulary, _parts_left(hits, parts, vocabulary), states)
    hits += _counted_steps(tokens, vocabulary)
    hits += _not_the_knee(tokens, vocabulary, parts)
    hits += _only_the_knee(tokens, parts, negations, hits, vocabulary)
    hits += _in_doubt(hits, tokens, vocabulary, parts)
    hits += _coordinated(hits, tokens, vocabulary, parts)
    hits += _elliptic(hits, tokens, vocabulary, parts, negations)
    hits = _of_a_sign(_where_pain_is(hits, tokens, vocabulary), tokens, vocabulary)
    hits += _round_the_kneecap(hits, tokens, parts, vocabulary)
    hits += _distance_run(hits, tokens, vocabulary)
    hits += _swelled_within(hits, tokens, vocabulary)
    found_in = {tokens[hit.first].clause for hit in hits}  # clauses that name a finding
    cues = _cues(tokens, negations, after, hedges, found_in)
    cues.listed = _denied_lists(tokens, negations, hits, states, found_in, parts)
    for hit in hits:
        for index in (hit.first, hit.last):
            clause = tokens[index].clause
            cues.last_found[clause] = max(cues.last_found.get(clause, -1), tokens[index].scope)
    # "Swelled up fast, maybe an hour": a hedge beside a time is unsure of when, not of what.
    cues.hedge_only -= {tokens[first].clause for first, *_ in times}
    cues.hedge_only -= {token.clause for token in tokens if token.stem in _UNITS and token.clause in cues.hedge_only}
    cues.hedge_only |= _pointing_back(tokens, vocabulary, found_in) & set(cues.hedges_by_clause)
    cues.hedge_only |= _so_unsure(tokens, cues, found_in)
    # A hedged denial may hold its negation in the hedge ("not that I noticed").
    _hedged_denials(cues, tokens, [span for span in denials if not _inside(span, pseudo)], hits)
    hits = _combine(hits, tokens, vocabulary, parts, cues)
    hits = _where_not_why(hits, tokens, vocabulary)
    hits = _led_to(hits, tokens, vocabulary, cues)
    hits = _needing(hits, vocabulary)
    hits = _instead(hits, tokens, vocabulary, negations)
    hits = _taken_by(hits, tokens, vocabulary, denied_from)
    hits = _stopped(hits, tokens, vocabulary)
    hits = _elsewhere(hits, tokens, vocabulary)
    hits = _other_activity(hits, tokens, vocabulary)
    hits = _limp_as_manner(hits, tokens)

    people = _people(tokens, vocabulary, parts)
    other_at = [first for first, _ in _named_people(tokens, vocabulary)]
    naming = {tokens[hit.first].clause for hit in hits}  # "I don't have pain" denies its own finding
    hits += _not_me([h for h in hits if not _first_person(h, tokens, other_at)], tokens, people, negations, naming)
    hits = _not_topics(hits, tokens, parts)
    hits = _no_longer(hits, tokens, [span for span in negations if not _inside(span, passing)])
    findings: list[ParsedFinding] = []
    days_since_injury: int | None = None
    within_hours = [
        time for time in times if (hours := _hours_ago(tokens, time)) is not None and hours <= _WITHIN_HOURS
    ]
    fresh_injury = False  # an injury said to be no more than _WITHIN_HOURS ago
    bare_days: int | None = None  # from a duration said alone, when no injury has a time of its own
    sentences_found = {tokens[hit.first].sentence for hit in hits}
    # "It doesn't hurt on stairs": the denial is of the situation, not of the pain.
    situations = {tokens[h.first].clause for h in hits if vocabulary.categories.get(h.symptom) == "aggravating_factor"}
    # Words that also name the kind of a finding ("fall" is an injury and the fall kind of one).
    kinds: dict[tuple[int, ...], set[str]] = {}
    for hit in hits:
        if hit.symptom in vocabulary.only_present:
            kinds.setdefault(hit.tokens, set()).update(vocabulary.implies.get(hit.symptom, ()))
    kind_denials: list[ParsedFinding] = []
    reasons: list[tuple[ParsedFinding, bool]] = []  # a reason given for an id that leaves one out
    unfulfilled = _result_denied(hits, tokens, vocabulary, negations)
    # Where each clause names a sign timed from an event ("swelled up within an hour of the fall").
    timed_from = {tokens[h.first].clause: h.last for h in hits if h.symptom in vocabulary.needs}
    half_doubted = _half_doubted(hits, tokens, vocabulary, cues)
    # "aches at night sometimes": (scope, id) -> the words saying it comes only now and then.
    now_and_then: dict[tuple[int, str], str] = {}
    for first, last in _mark_cues(tokens, vocabulary.now_and_thens):
        for id_ in vocabulary.now_and_then[tuple(t.stem for t in tokens[first : last + 1])]:
            now_and_then.setdefault((tokens[first].scope, id_), " ".join(t.raw for t in tokens[first : last + 1]))
    # Where a surgery is first dated by a month alone ("replaced in August"): "the op" said after
    # it is the same operation, so a time near that back-reference dates something else.
    month_dated: dict[str, int] = {}
    for h in hits:
        if h.symptom in vocabulary.windows and h.symptom not in month_dated and _month_said(h, tokens):
            month_dated[h.symptom] = h.last
    for hit in sorted(hits, key=lambda h: (h.first, h.last)):
        polarity, negation, hedge = _polarity(hit, tokens, cues)
        if hit.polarity is not None:
            polarity = hit.polarity
            hedge = hit.hedge or hedge
        if polarity == "present" and (denial := unfulfilled.get((tokens[hit.first].sentence, hit.symptom))):
            polarity, hedge = "unknown", denial  # "gave way but I didn't fall": half of what the sign is
        if polarity == "absent" and hit.of_timed:
            polarity, negation, hedge = "unknown", None, _RAISED  # "didn't swell straight away": later, then?
        half = polarity == "present" and (tokens[hit.first].sentence, hit.symptom) in half_doubted
        if half:  # "sore at night, not sure if it's constant": half doubted, the pain said
            polarity, hedge = "unknown", half_doubted[(tokens[hit.first].sentence, hit.symptom)]
        if polarity == "present" and (
            (seldom := now_and_then.get((tokens[hit.first].scope, hit.symptom)))
            or (seldom := now_and_then.get((tokens[hit.last].scope, hit.symptom)))
        ):
            polarity, hedge = "unknown", seldom  # "sore at night sometimes": not said to be constant
        if (
            polarity == "absent"
            and vocabulary.categories.get(hit.symptom) == "knee_pain"
            and tokens[hit.first].clause in situations
        ):
            continue
        injury = hit.symptom == "knee_injury" or "knee_injury" in vocabulary.implies.get(hit.symptom, ())
        if polarity == "present" and tokens[hit.first].clause in came_and_went and not injury:
            polarity, hedge = "unknown", "came and went"  # an injury is an event: it still happened
        if polarity == "unknown" and injury and hit.hedge is None and _told_as_when(hit, tokens):
            polarity, hedge = "present", None
        elif polarity == "absent" and injury and negation in _FINE and _told_as_when(hit, tokens):
            polarity, negation = "present", None  # "after the fall it was fine": the fall happened
        elif (
            polarity == "unknown"
            and injury
            and hit.hedge is None
            and hit.first > timed_from.get(tokens[hit.first].clause, len(tokens))
        ):
            polarity, hedge = "present", None  # "I think it swelled within an hour of the fall": the fall is the when
        # "I think it swelled up within an hour": unsure how fast, not whether it swelled.
        timing_doubted = polarity == "unknown" and hedge not in (None, "?") and hit.symptom in vocabulary.needs
        # "Nobody's mentioned a torn tendon, not that I remember" doubts a denial: still unsure.
        denied = denied_from.get(tokens[hit.first].scope, len(tokens)) < hit.first
        # "They said something about a tendon possibly being torn, I can't remember exactly": a
        # hedge closing the sentence doubts the saying, not only the suspicion said.
        doubted = _doubted_after(hit, tokens, cues)
        if polarity == "unknown" and hit.symptom in vocabulary.suspected and not denied and not doubted:
            polarity, hedge = "present", None  # "the doctor thinks I may have torn it": suspected
        if hit.means_absent and polarity != "unknown" and _negated_right_before(hit, tokens):
            polarity, negation = "present", None  # "not able to walk": an ability denied, whatever hid the "not"
        elif hit.means_absent and polarity != "unknown":
            polarity = "present" if polarity == "absent" else "absent"
        doubt = doubts.about(hit, tokens, hits) if polarity == "absent" and not hit.stopped else None
        if doubt is not None and hit.symptom in vocabulary.told and told_denied:
            # "Nobody's mentioned a tendon tear": the saying denied is the id denied
            doubt = doubts.about(hit, tokens, hits, told_denied)
        if doubt is not None and hit.means_absent and doubts.all_of(hit, tokens, vocabulary.at_all.get(hit.symptom)):
            # "can move it a little" denies a knee that cannot move at all; an ability under a
            # condition besides ("only if someone holds me") or a denial by degree is unsure still.
            doubt = None
        # A suspicion is what someone says: "the doctor said it isn't a tendon tear" denies it
        # outright; a record ("no tendon tear recorded") or a hedge still leaves it unsure.
        if doubt is not None and (hit.symptom not in vocabulary.suspected or doubt not in _SAYING):
            polarity, negation, hedge = "unknown", None, doubt
        if polarity == "absent" and (part := _in_part(hit, tokens, vocabulary)) is not None:
            polarity, negation, hedge = "unknown", None, part  # "no calf tenderness": the pain is unsaid
        if polarity == "absent" and hit.symptom in vocabulary.only_present:
            continue
        # "Her knee replacement is swollen today": "today" says how a thing is now, not when it was done.
        when = _time_for(hit, tokens, [t for t in times if t[4] > 0] if hit.timed else times, sentences_found)
        if when is None and hit.timed and (since := _count_after(hit, tokens)) is not None:
            # "unable to bend to 90 a week after my tkr": the operation a week ago (parts 13 and
            # 19, and 4, code it recent, 4 of 4), as an injury's count since it is its time
            when = (since, since, since)
        window = vocabulary.windows.get(hit.symptom)
        # "...worse than right after the op": the operation said before, whatever time is near.
        again = month_dated.get(hit.symptom, len(tokens)) < hit.first and tokens[hit.first - 1].word == "the"
        month = again or (when is None and _month_said(hit, tokens))
        if window is not None and polarity == "present" and month:
            # "replaced in March", "the op in January": recent? A month is not how long ago.
            polarity, hedge = "unknown", "a month, not how long ago"
        elif hit.timed and (when is None or window is None or when[1] > window):
            continue  # "a knee replacement" is recent surgery only when said to be recent
        elif (
            when is None
            and window is not None
            and polarity == "present"
            and (least := _year_before(hit, tokens)) is not None
            and least > window
        ):
            continue  # "a scope in 2015": said as long before the window, so not said as recent
        elif when is None and window is not None and polarity == "present" and not _said_recent(hit, tokens, times):
            # "pins and needles since the knee op": that it was done, not when; recent is asked.
            polarity, hedge = "unknown", "not said when"
        if when is not None and window is not None and polarity == "present":
            if when[1] > window:
                continue  # "knee surgery 8 months ago": done, and not recent; no answer to "recent?"
            if when[2] > window:
                polarity, hedge = "unknown", "maybe longer ago than that"
        about = hit.about or people[tokens[hit.first].clause]
        if about == "other" and hit.about is None and _first_person(hit, tokens, other_at):
            about = "patient"
        if injury and polarity == "present" and about == "patient" and when is not None:
            # A count said gives the days; "a few days ago", "last year" give none, as the writers
            # code them; "last week" stays a week, coded so about as often as not.
            if when[1] == when[2] or when[:2] == (7, 1):
                days_since_injury = when[0] if days_since_injury is None else min(days_since_injury, when[0])
            fresh_injury = fresh_injury or _time_for(hit, tokens, within_hours, sentences_found) is not None
        elif (
            injury and polarity == "present" and about == "patient" and (since := _days_after(hit, tokens)) is not None
        ):
            days_since_injury = since if days_since_injury is None else min(days_since_injury, since)
        elif injury and polarity == "present" and about == "patient" and durations:
            # "right knee, 3 days, fell off a ladder": a form's answer of how long, beside an
            # injury said with no time of its own, is how long ago the injury was.
            lasted = _time_for(hit, tokens, durations, sentences_found)
            if lasted is not None:
                bare_days = lasted[0] if bare_days is None else min(bare_days, lasted[0])
        start, end = tokens[hit.first].start, tokens[hit.last].end
        symptoms = [hit.symptom]
        if polarity == "unknown" and hit.symptom in vocabulary.only_present and _denied_before(hit, tokens):
            # "No fall that we saw", "pretty sure I didn't bang it", "can't remember if I hit it":
            # a denial under a hedge or a record leaves the injury unsure; what kind it was is a
            # question for an injury that happened (the corpora's writers code no kind for it).
            symptoms = list(vocabulary.implies.get(hit.symptom, ()))
        if polarity == "absent" and any(tokens[i].word in ("or", "nor") for i in range(hit.first, hit.last)):
            # "not swollen or hot" denies each of them, so what the pair implies too.
            symptoms[:0] = vocabulary.implies.get(hit.symptom, ())
        made = [
            ParsedFinding(
                kind="symptom",
                start=start,
                end=end,
                text=text[start:end],
                symptom=symptom,
                present=polarity == "present",
                polarity=polarity,
                negation=negation,
                hedge=hedge if symptom == hit.symptom else None,
                about=about,
            )
            for symptom in symptoms
        ]
        if (timing_doubted or half) and about == "patient":
            made += [
                made[0].model_copy(update={"symptom": implied, "present": True, "polarity": "present", "hedge": None})
                for implied in vocabulary.implies.get(hit.symptom, ())
                if implied != vocabulary.needs.get(hit.symptom)
            ]
        if hit.means_absent and hit.symptom in vocabulary.explained and polarity != "present" and about == "patient":
            reasons.append((made[0], _after_but(hit, tokens)))
        if polarity == "absent" and hit.symptom in kinds.get(hit.tokens, ()):
            kind_denials += made
        findings += made
    findings = _explained(findings, reasons, text)
    findings = _never_so(findings, tokens, vocabulary, text)
    findings += _also_me(findings, tokens, vocabulary)
    if kind_denials:
        # "Twisted it, didn't fall": denying one kind of injury denies no injury said otherwise,
        # or raised ("didn't fall, might have turned it awkwardly").
        said = {f.symptom for f in findings if f.polarity in ("present", "unknown") and f.about == "patient"}
        said |= {implied for symptom in list(said) for implied in vocabulary.implies.get(symptom or "", ())}
        denied_kinds = {id(k) for k in kind_denials}
        findings = [f for f in findings if not (f.symptom in said and id(f) in denied_kinds)]
    read = _temperatures(text, tokens, vocabulary, people, cues)
    if read:
        # "temp 37.2": the number says what the word before it would have said alone.
        angled = {symptom for symptom, _ in vocabulary.angles}
        straightened = set(vocabulary.angle_straight.values())
        findings = [
            f
            for f in findings
            # a range from 0 ("ROM 0-120") measures no straightening said beside it ("knee locked, ROM
            # 0-120" is said both ways, so unsure)
            if not any(
                (_names_the_number(f, t, text) and t.symptom not in straightened) or _bent_as_far(f, t, text, angled)
                for t in read
            )
        ]
        findings += read
    sides = _sides(text, tokens, parts, people)
    findings += sides or _plural_knees(text, tokens, people, findings)
    findings += _ages(text, tokens, vocabulary, people)
    findings += [
        ParsedFinding(
            kind="time", start=tokens[a].start, end=tokens[b].end, text=text[tokens[a].start : tokens[b].end], days=d
        )
        for a, b, d, *_ in times
    ]
    findings.sort(key=lambda finding: (finding.start, finding.end))
    findings = _corrected(findings, tokens, vocabulary)
    findings = _now_again(findings, tokens, vocabulary)
    findings = _taken_back(findings, tokens, hedges, vocabulary)
    if fresh_injury:
        findings += _swelling_since(findings, vocabulary)
    kept = _knee_spared(findings, tokens, parts, vocabulary)
    if len(kept) < len(findings):
        findings, days_since_injury, bare_days = kept, None, None
    return _report(text, findings, bare_days if days_since_injury is None else days_since_injury, vocabulary)


# Findings of another body part, of the whole person or of their history: said beside an
# injury, none makes it the knee's.
_NOT_OF_THE_KNEE = frozenset(
    [
        "one_leg_swelling",
        "one_leg_warm_or_red",
        "one_leg_throbbing_pain",
        "foot_numbness_or_tingling",
        "foot_cold_pale_or_blue",
        "breathless_or_chest_pain",
        "fever",
        "immunosuppressed",
        "cancer_history",
        "takes_anticoagulants",
        "unexplained_weight_loss",
        "limp_without_injury",
    ]
)
_SPARED_BUT = frozenset(["rest", "until", "till", "til", "before", "not", "isnt", "wasnt", "otherwise"])


def _knee_spared(
    findings: list[ParsedFinding], tokens: list[_Token], parts: list[str | None], vocabulary: _Vocabulary
) -> list[ParsedFinding]:
    """ "Had a fall yesterday, knee is fine but my hip hurts", "knee ok, wrist sore": an injury told
    with no knee in its clause, in a message that says the knee is fine, names another body part
    and says nothing else of the knee, was that part's (parts 18, 22 and 24, and 2, 10 and 11,
    leave the injury uncoded, 8 of 8; "the rest of the knee is ok", "fine until I twisted it" and
    a knee finding beside it keep it)."""
    injuries = {"knee_injury"} | {i for i, implied in vocabulary.implies.items() if "knee_injury" in implied}
    said = [f for f in findings if f.kind == "symptom" and f.polarity == "present" and f.about == "patient"]
    hurt = [f for f in said if f.symptom in injuries]
    if not hurt or any(f.symptom not in injuries | _NOT_OF_THE_KNEE for f in said):
        return findings
    fine: set[int] = set()  # clauses saying the knee is fine
    for index, token in enumerate(tokens):
        if parts[index] != "knee" or token.word not in ("knee", "knees"):
            continue
        words = {t.word for t in tokens[max(0, index - 4) : index + 4] if t.clause == token.clause}
        after = {t.word for t in tokens[index + 1 : index + 4] if t.clause == token.clause}
        if after & _UNAFFECTED and not words & _SPARED_BUT:
            fine.add(token.clause)
    other = any(p in ("leg", "foot", "other") for p in parts)
    if not fine or not other:
        return findings
    at = {t.start: t for t in tokens}
    dropped: set[int] = set()
    for f in hurt:
        first = at.get(f.start)
        if first is None:
            return findings
        if first.clause in fine or any(parts[i] == "knee" for i, t in enumerate(tokens) if t.clause == first.clause):
            return findings  # "landed on my knee, the rest of it is fine": the knee's injury
        dropped.add(id(f))
    return [f for f in findings if id(f) not in dropped]


def _told_as_when(hit: _Hit, tokens: list[_Token]) -> bool:
    """Whether ``hit`` follows "after", "since" or "when" in its clause, past filler words
    only ("since the fall", "when I fell")."""
    for before in range(hit.first - 1, max(-1, hit.first - 4), -1):
        if tokens[before].clause != tokens[hit.first].clause and tokens[before].word not in _PRESUPPOSED:
            return False
        if tokens[before].word in _PRESUPPOSED:
            return True
        if tokens[before].word not in _FILLER and tokens[before].word not in _PERSONAL:
            return False
    return False


def _denied_before(hit: _Hit, tokens: list[_Token]) -> bool:
    """Whether a negation stands before ``hit`` in its clause, plain or held by a hedge ("none
    of us saw her fall", "can't remember if I fell", "pretty sure I didn't bang it")."""
    token = tokens[hit.first]
    before = tokens[max(0, hit.first - 2 * _NEAR) : hit.first]
    return any(t.clause == token.clause and t.word in _DENYING for t in before)


def _negated_right_before(hit: _Hit, tokens: list[_Token]) -> bool:
    """Whether a negation word stands in the two words before ``hit`` in its clause ("wasn't |
    able to walk", "no longer | able to walk")."""
    return any(
        tokens[before].clause == tokens[hit.first].clause and tokens[before].word in _NOT_ABLE
        for before in range(max(0, hit.first - 2), hit.first)
    )


def _in_part(hit: _Hit, tokens: list[_Token], vocabulary: _Vocabulary) -> str | None:
    """The word of ``hit`` that names only a sign or part of its symptom, unless the symptom
    is that sign itself ("fibular_head_tenderness")."""
    own = {_stem(word) for word in hit.symptom.split("_")}
    return next((tokens[i].raw for i in hit.tokens if tokens[i].stem in vocabulary.in_part - own), None)


@dataclass
class _Doubts:
    """Hedges and unsure denials by clause: what leaves a denial unsure besides a hedge's own reach."""

    by_clause: dict[int, list[tuple[int, int]]]
    words: dict[tuple[int, int], str]
    asked: frozenset[int]  # clauses ending in "?" or a dash: the next clause answers them
    grading: frozenset[tuple[int, int]] = frozenset()  # degrees of a word of their own clause

    @classmethod
    def of(
        cls, tokens: list[_Token], spans: list[tuple[int, int]], grading: frozenset[tuple[int, int]] = frozenset()
    ) -> _Doubts:
        by_clause: dict[int, list[tuple[int, int]]] = {}
        for span in sorted(set(spans)):
            by_clause.setdefault(tokens[span[0]].clause, []).append(span)
        words = {span: " ".join(t.raw for t in tokens[span[0] : span[1] + 1]) for span in spans}
        return cls(by_clause, words, frozenset(t.clause for t in tokens if t.question or t.dash), grading)

    def all_of(self, hit: _Hit, tokens: list[_Token], degrees: frozenset[str] | None) -> bool:
        """Whether every doubt in ``hit``'s clause, and in the next clause of its sentence, is
        one of ``degrees`` (words of degree)."""
        clause, sentence = tokens[hit.first].clause, tokens[hit.first].sentence
        spans = [*self.by_clause.get(clause, ())]
        spans += [s for s in self.by_clause.get(clause + 1, ()) if tokens[s[0]].sentence == sentence]
        return bool(degrees) and all(" ".join(self.words[s].lower().split()) in (degrees or ()) for s in spans)

    def about(
        self, hit: _Hit, tokens: list[_Token], hits: list[_Hit], skip: frozenset[tuple[int, int]] = frozenset()
    ) -> str | None:
        """The doubt that leaves ``hit``'s denial unknown, or ``None``: one in its clause, or
        trailing it at the start of the next clause of its sentence ("no swelling I've
        noticed", "didn't come out, it just felt like it might") or in the answer to its
        question ("Foot cold? Not really."), with no other finding named between them; the
        doubts in ``skip`` are left out."""
        clause, sentence = tokens[hit.first].clause, tokens[hit.first].sentence
        spans = [s for s in self.by_clause.get(clause, ()) if s not in skip]
        own = [s for s in spans if not set(range(s[0], s[1] + 1)) & set(hit.tokens)]
        inside = [s for s in own if hit.first < s[0] and s[1] < hit.last]  # "can put a bit of weight on it"
        if inside:
            return self.words[inside[0]]
        before = [s for s in own if s[1] < hit.first][-1:]
        # A doubt that takes the phrase's last word on past it ("able to weight bear with help",
        # the phrase "weight bear with"): it trails the phrase as much as one after it.
        trailing = [s for s in spans if hit.first < s[0] <= hit.last < s[1]]
        after = trailing[:1] or [s for s in own if s[0] > hit.last][:1]
        if not after:
            after = [
                s
                for s in [s for s in self.by_clause.get(clause + 1, ()) if s not in skip][:1]
                if (tokens[s[0]].sentence == sentence or clause in self.asked) and s not in self.grading
            ]
        near = (clause, clause + 1)
        others = [h for h in hits if tokens[h.first].clause in near and (h.first < hit.first or h.first > hit.last)]
        for span in before + after:
            low, high = (span[1], hit.first) if span[1] < hit.first else (hit.last, span[0])
            scope = tokens[span[0]].scope
            # "doesn't remember falling or hurting it": a list in the doubt's own scope is all doubted.
            between = [h for h in others if low < h.first < high]
            if tokens[hit.first].scope == scope and all(tokens[h.first].scope == scope for h in between):
                return self.words[span]
            # Another finding between them, or in the doubt's own scope, is what it is about.
            if not any(low < h.first < high or tokens[h.first].scope == scope for h in others):
                return self.words[span]
        return None


# Words of saying that a denial of the saying itself (the pack's ``told_denials``) makes the
# denial of an id that is what someone said ("nobody's mentioned a tendon tear").
_TOLD = frozenset(["told", "tell", "mentioned", "mention", "said", "say", "says"])


def _told_denied(
    tokens: list[_Token], unsure: list[tuple[int, int]], vocabulary: _Vocabulary
) -> frozenset[tuple[int, int]]:
    """The unsure denials that are a saying denied ("nobody's mentioned", "never been told"):
    a word of saying at most three words after one of the pack's ``told_denials`` in its clause."""
    if not unsure or not vocabulary.told:
        return frozenset()
    denials = _cue_spans(tokens, vocabulary.told_denials)
    return frozenset(
        span
        for span in unsure
        if span[0] == span[1]
        and tokens[span[0]].word in _TOLD
        and any(
            tokens[first].clause == tokens[span[0]].clause and first < span[0] and span[0] - last <= 3
            for first, last in denials
        )
    )


_GRADING_ASIDE = frozenset(["well", "anyway", "really", "though", "actually", "just", "even", "so", "too"])


def _grading(
    tokens: list[_Token], unsure: list[tuple[int, int]], vocabulary: _Vocabulary
) -> frozenset[tuple[int, int]]:
    """The unsure denials that are the pack's ``grading`` words (degrees) in a clause naming a
    word of its own for them to grade ("it just clicks a lot", "it's very bruised", "I haven't
    even been out much"); not in one that only takes a denial back ("no swelling, well not much")."""
    degrees = set(_mark_cues(tokens, vocabulary.grading)) & set(unsure)
    inside = {i for first, last in degrees for i in range(first, last + 1)}
    own: set[int] = set()  # clauses with a word of their own, in one pass
    for index, token in enumerate(tokens):
        if index in inside or token.used or token.word in _FILLER or token.word in _DENYING:
            continue
        if token.word not in _PERSONAL and token.word not in _GRADING_ASIDE:
            own.add(token.clause)
    return frozenset(span for span in degrees if tokens[span[0]].clause in own)


def _corrected(findings: list[ParsedFinding], tokens: list[_Token], vocabulary: _Vocabulary) -> list[ParsedFinding]:
    """ "Wasn't a fall, a trolley rammed into my knee", "didn't swell at first but by morning it
    was fat": a denial the same sentence goes on to correct, saying the finding present, is
    the speaker's first thought, not their answer."""
    sentence = {token.start: token.sentence for token in tokens}
    # Findings are in text order: the last present one of each symptom in each sentence.
    later = {
        (said, sentence.get(f.start)): f.start
        for f in findings
        if f.polarity == "present" and f.symptom
        for said in (f.symptom, *vocabulary.implies.get(f.symptom, ()))
    }
    return [
        f
        for f in findings
        if not (
            f.kind == "symptom"
            and f.polarity == "absent"
            and later.get((f.symptom or "", sentence.get(f.start)), -1) > f.start
        )
    ]


_NOW = frozenset(["now", "today", "currently", "nowadays"])


def _now_again(findings: list[ParsedFinding], tokens: list[_Token], vocabulary: _Vocabulary) -> list[ParsedFinding]:
    """ "Couldn't walk on it that night. Now I can walk", "couldn't put weight on it at first,
    I can walk on it now": a plain denial said as how things are now, after a word of now in a
    later clause than what it answers or with one in its own clause, answers for the present
    what was said of before, a few sentences back at most; that is the past. Not for an
    either-or id: "felt run down, no temp now" denies one half and leaves the other said.
    One pass over the findings in text order, each word of now found by bisection."""
    now_at = [(t.start, t.sentence, t.clause) for t in tokens if t.word in _NOW]
    if not now_at:
        return findings
    starts = [at for at, *_ in now_at]
    where = {token.start: (token.sentence, token.clause) for token in tokens}
    said_before: dict[str, deque[ParsedFinding]] = {}  # present or unsure, in text order
    dropped: set[int] = set()
    for finding in findings:
        if finding.kind != "symptom" or finding.about != "patient" or not finding.symptom:
            continue
        earlier = said_before.setdefault(finding.symptom, deque())
        sentence, clause = where.get(finding.start, (0, 0))
        if finding.polarity != "absent":
            earlier.append(finding)
            continue
        while earlier and sentence - where.get(earlier[0].start, (0, 0))[0] > 3:
            earlier.popleft()
        if not earlier or finding.symptom in vocabulary.either:
            continue
        last = earlier[-1]
        last_clause = where.get(last.start, (0, 0))[1]
        between = bisect.bisect_left(starts, finding.start) - 1  # the last word of now before it
        after = between + 1  # the first at or after it
        now_between = between >= 0 and starts[between] >= last.end and now_at[between][2] > last_clause
        now_between = now_between and now_at[between][1] >= sentence - 1
        now_in_clause = after < len(now_at) and now_at[after][2] == clause > last_clause
        if now_between or now_in_clause:
            dropped |= {id(f) for f in earlier}
            earlier.clear()
    return [f for f in findings if id(f) not in dropped]


def _clause_openings(tokens: list[_Token], skipping: frozenset[str]) -> dict[int, int]:
    """Each clause's first word not in ``skipping`` ("well", "but"...): clause -> its index."""
    opening: dict[int, int] = {}
    for index, token in enumerate(tokens):
        if token.clause not in opening and token.word not in skipping:
            opening[token.clause] = index
    return opening


# Words that may open a clause before a hedge taking a denial back ("well, maybe a bit").
_OPENERS = frozenset(["well", "actually", "ok", "okay", "oh", "hmm", "um", "erm", "but", "though"])
# Words after such a degree that say where, not what ("maybe a little around the kneecap").
_WHERE = _AT | _LANDMARKS | frozenset(["around", "round", "near", "by", "behind", "over", "across", "there", "here"])


def _taken_back(
    findings: list[ParsedFinding],
    tokens: list[_Token],
    hedges: list[tuple[int, int]],
    vocabulary: _Vocabulary,
) -> list[ParsedFinding]:
    """ "No swelling? Not really. Maybe a little around the kneecap": a clause opening with a
    hedge and a degree takes back part of the denial said last before it, which is unknown.
    What the degree goes on to name, unless where it is, is the clause's own ("maybe a little
    sore", "maybe a bit stiff"). A correction opening a sentence ("Wait, actually, ...") takes
    back every denial of the sentence before it."""
    degrees = dict(_mark_cues(tokens, vocabulary.degrees))

    def own(index: int) -> bool:  # the word after a degree
        return (
            index < len(tokens)
            and tokens[index].clause == tokens[index - 1].clause
            and tokens[index].word not in _WHERE
        )

    opening = _clause_openings(tokens, _OPENERS)
    taking_back = [
        (tokens[first].start, " ".join(t.raw for t in tokens[first : degrees[last + 1] + 1]))
        for first, last in hedges
        if opening.get(tokens[first].clause) == first and last + 1 in degrees and not own(degrees[last + 1] + 1)
    ]
    sentence_at = {token.start: token.sentence for token in tokens}
    # "I haven't done anything to it. Wait, actually, I knelt on a pin": a correction
    # opening a sentence, alone in its clause, takes back every denial of the sentence before.
    for first, last in _mark_cues(tokens, vocabulary.corrections):
        prior = first - 1
        while prior >= 0 and tokens[prior].sentence == tokens[first].sentence and tokens[prior].word in _OPENERS:
            prior -= 1
        after = tokens[last + 1] if last + 1 < len(tokens) else None
        if prior < 0 or tokens[prior].sentence == tokens[first].sentence:
            continue
        if after is not None and after.clause == tokens[last].clause and after.word not in _OPENERS:
            continue  # said alone or before "actually": not "wait till the doctor sees it"
        words = " ".join(t.raw for t in tokens[first : last + 1])
        findings = [
            f.model_copy(update={"polarity": "unknown", "negation": None, "hedge": words})
            if f.kind == "symptom" and f.polarity == "absent" and sentence_at.get(f.start) == tokens[prior].sentence
            else f
            for f in findings
        ]
    if not taking_back:
        return findings
    clause_at = {token.start: token.clause for token in tokens}
    out = list(findings)
    for at, words in taking_back:
        before = [i for i, f in enumerate(out) if f.kind == "symptom" and f.end <= at and f.about == "patient"]
        if not before or out[before[-1]].polarity != "absent":
            continue
        clause = clause_at.get(out[before[-1]].start)
        for i in before:
            if out[i].polarity == "absent" and clause_at.get(out[i].start) == clause:
                out[i] = out[i].model_copy(update={"polarity": "unknown", "negation": None, "hedge": words})
    return out


def _build_as_reason(text: str, mine: list[ParsedFinding], vocabulary: _Vocabulary) -> list[ParsedFinding]:
    """ "Can't say if it's swollen, it's always been a bit fat": a finding said only in a word
    that also names a body's build (the pack's ``build``), in a sentence that doubts the same
    finding, is the reason for the doubt, not the finding said."""
    doubted = [f for f in mine if f.polarity == "unknown"]
    if not doubted:
        return mine
    state_stems = vocabulary.state_stems - vocabulary.build

    def build_only(f: ParsedFinding) -> bool:
        stems = {_form(vocabulary, word) for word in _raw_words(f.text.lower())}
        return bool(stems & vocabulary.build) and not stems & state_stems

    def same_sentence(a: ParsedFinding, b: ParsedFinding) -> bool:
        first, second = (a, b) if a.start <= b.start else (b, a)
        return not _STOPS & set(text[first.end : second.start])

    return [
        f
        for f in mine
        if not (
            f.polarity == "present"
            and any(d.symptom == f.symptom and same_sentence(d, f) for d in doubted)
            and build_only(f)
        )
    ]


def _report(
    text: str, findings: list[ParsedFinding], days_since_injury: int | None, vocabulary: _Vocabulary
) -> ParsedReport:
    mine = [f for f in findings if f.kind == "symptom" and f.about == "patient" and f.symptom]
    if vocabulary.build:
        mine = _build_as_reason(text, mine, vocabulary)
    present = {f.symptom for f in mine if f.polarity == "present" and f.symptom}
    absent = {f.symptom for f in mine if f.polarity == "absent" and f.symptom}
    unknown = {f.symptom for f in mine if f.polarity == "unknown" and f.symptom}
    present -= _doubted_then_told(text, mine, vocabulary)
    # "Her knee is warm" raises a hot swollen knee, not the swelling it leaves unsaid.
    half = _unsure_only_as(mine, _HALF_SAID)
    for finding, implied in vocabulary.implies.items():  # "injury_fall_or_blow" is an injury
        if finding in present:
            present.update(implied)
        elif finding in unknown and finding not in half:
            unknown.update(implied)
    # After what findings imply: "hit his knee on the kerb ... walking with a limp" is an injury's limp.
    if "knee_injury" in present:
        present.discard("limp_without_injury")
    # A more exact knee pain makes the plain one redundant, said or implied.
    if present & _PLACES_OF_PAIN:
        present.discard("knee_pain")
        absent.discard("knee_pain")  # "doesn't hurt at the front, it's all round the outside"
        unknown.discard("knee_pain")  # "hurts at the front ... sometimes at night": the pain is said
    # "Feels unstable but it has never given way": what only raised a finding is answered by
    # a plain denial of it later in its sentence ("no temperature, but I feel a bit off" is not).
    raised = _unsure_only_as(mine, _RAISED)
    unknown -= {
        symptom
        for symptom in raised & absent
        if all(
            any(
                d.symptom == symptom
                and d.polarity == "absent"
                and d.start > r.end
                and not _STOPS & set(text[r.end : d.start])
                for d in mine
            )
            for r in mine
            if r.symptom == symptom and r.hedge == _RAISED
        )
    }
    contradicted = present & absent
    # "No fever, but I do feel really run down": one half of an either-or id denied, the other
    # said in other words, says the id.
    said_by_other_half = {symptom for symptom in contradicted & vocabulary.either if _other_half(symptom, mine)}
    contradicted -= said_by_other_half
    absent -= said_by_other_half
    # Said present in one place and unsure in another, it is present (the safe reading).
    unknown -= present
    sides = {f.side for f in findings if f.kind == "side" and f.about == "patient"}
    side: Side | None = None if not sides else "both" if len(sides) > 1 or "both" in sides else sides.pop()
    ages = [f.age for f in findings if f.kind == "age" and f.about == "patient"]
    return ParsedReport(
        text=text,
        findings=tuple(findings),
        symptoms=frozenset(present - absent),
        absent=frozenset(absent - present - unknown),
        unknown=frozenset(unknown - contradicted),
        contradicted=frozenset(contradicted),
        side=side,
        age=ages[0] if ages else None,
        days_since_injury=days_since_injury,
        unrecognised=tuple(_unrecognised(text, findings)),
    )


def _doubted_then_told(text: str, mine: list[ParsedFinding], vocabulary: _Vocabulary) -> set[str]:
    """The findings first doubted by a hedge cue and then said, later in the sentence, only
    after a comma: what follows gives the grounds for the doubt, not the finding ("might be
    immunocompromised, I had a transplant years back"; "not sure if it's swollen, it looks a
    bit bigger"). Said after a ``clause_ends`` word ("not 100% sure but I had a transplant")
    or anywhere before the doubt, it stays present; an ``either`` id is said by its other half."""
    doubted: set[str] = set()
    for symptom in {f.symptom for f in mine if f.polarity == "unknown" and f.symptom} - vocabulary.either:
        told = [f.start for f in mine if f.symptom == symptom and f.polarity == "present"]
        if not told:
            continue
        # Every saying of it in the doubt's sentence, after it: the sentence of the last one.
        sentence = max(text.rfind(stop, 0, max(told)) for stop in _STOPS) + 1
        doubts = [
            f
            for f in mine
            if f.symptom == symptom
            and f.polarity == "unknown"
            and f.hedge
            and sentence <= f.start
            and f.end <= min(told)
        ]
        first = min(doubts, key=lambda f: f.start, default=None)
        if (
            first
            and _said_before(text[sentence : first.start], first, vocabulary)
            and _grounds(text, first, told, vocabulary)
        ):
            doubted.add(symptom)
    return doubted


def _grounds(text: str, doubt: ParsedFinding, told: list[int], vocabulary: _Vocabulary) -> bool:
    """Whether each saying at ``told`` follows ``doubt`` after a comma and no ``clause_ends`` word."""
    if "," not in text[doubt.end : min(told)]:
        return False
    words = _raw_words(text[doubt.end : max(told)])
    return not any(
        tuple(words[i : i + len(cue)]) == cue
        for i in range(len(words))
        for cue in vocabulary.clause_ends.by_first.get(words[i], ())
    )


def _said_before(before: str, finding: ParsedFinding, vocabulary: _Vocabulary) -> bool:
    """Whether the hedge of ``finding`` is one of the pack's and said in ``before``, the words of
    its sentence before it, of it alone ("not sure if it's swollen"; not "I've had cancer, not
    sure if that matters", nor a choice, "not sure if it's my calf or my knee that's swollen",
    which what follows may settle)."""
    cue, words = _raw_words(finding.hedge or ""), _raw_words(before)
    if tuple(cue) not in set(vocabulary.hedges):
        return False
    # No "or" after the cue: "not sure if it's my calf or my knee".
    after_or = max((i + 1 for i, word in enumerate(words) if word == "or"), default=0)
    return any(words[i : i + len(cue)] == cue for i in range(max(after_or - len(cue), 0), len(words)))


def _other_half(symptom: str, mine: list[ParsedFinding]) -> bool:
    """Whether ``symptom`` is said present in words sharing none with a denial of it ("no
    temperature" and "feel rotten"; not "no temp now" and "a temp of 39 last week")."""
    said = [f for f in mine if f.symptom == symptom and f.polarity in ("present", "absent")]
    words = {id(f): set(_raw_words(f.text)) - _FILLER for f in said}
    return any(
        not words[id(p)] & words[id(d)] for p in said if p.polarity == "present" for d in said if d.polarity == "absent"
    )


def _unsure_only_as(mine: list[ParsedFinding], why: str) -> set[str | None]:
    """The findings made unsure for ``why`` and for no other reason."""
    return {f.symptom for f in mine if f.hedge == why} - {
        f.symptom for f in mine if f.polarity == "unknown" and f.hedge != why
    }


def _split_clauses(tokens: list[_Token], vocabulary: _Vocabulary) -> None:
    """Number clauses (punctuation and ``clause_ends``) and scopes (also ``scope_ends``)."""
    ends = dict(_mark_cues(tokens, vocabulary.clause_ends))
    scope_ends = dict(_mark_cues(tokens, vocabulary.scope_ends))
    clause = scope = 0
    previous_clause = tokens[0].clause if tokens else 0
    for index, token in enumerate(tokens):
        if token.clause != previous_clause:
            previous_clause = token.clause
            clause += 1
            scope += 1
        elif index in ends:
            clause += 1
            scope += 1
        elif index in scope_ends:
            scope += 1
        token.clause, token.scope = clause, scope
    for index in [*ends, *scope_ends]:
        for inner in range(index, ends.get(index, scope_ends.get(index, index)) + 1):
            tokens[inner].used = True
            tokens[inner].joins = index in ends
            tokens[inner].links = index not in ends


def _cue_spans(tokens: list[_Token], cues: _CueList) -> list[tuple[int, int]]:
    return [(first, last) for first, last in _mark_cues(tokens, cues) if not tokens[first].used]


def _not_just(tokens: list[_Token], denials: list[tuple[int, int]], vocabulary: _Vocabulary) -> list[tuple[int, int]]:
    """Denials followed by a word that a ``pseudo_negations`` entry puts after "not" ("not
    just", "not only"), whichever negation says it: "isn't just swollen, it's hot too" says
    it is swollen."""
    return [
        (first, last + 1)
        for first, last in denials
        if last + 1 < len(tokens)
        and tokens[last + 1].stem in vocabulary.after_not
        and tokens[last + 1].clause == tokens[last].clause
    ]


def _of_the_finding(
    hedges: list[tuple[int, int]], tokens: list[_Token], pseudo: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The hedges that doubt what is said, not why ("no idea why", a ``pseudo_hedges`` entry)
    nor how much ("within maybe an hour": the amount is unsure, the swelling is not)."""
    return [span for span in hedges if not _inside(span, pseudo) and not _of_an_amount(span, tokens)]


def _doubted_after(hit: _Hit, tokens: list[_Token], cues: _Cues) -> bool:
    """Whether a clause that is only a hedge follows ``hit``'s clause in its sentence
    ("..., I can't remember exactly", "..., not sure")."""
    clause = tokens[hit.last].clause
    following = cues.next_said.get(clause, clause + 1)
    return following in cues.hedge_only and cues.sentence_of.get(following) == tokens[hit.last].sentence


def _of_an_amount(span: tuple[int, int], tokens: list[_Token]) -> bool:
    """Whether the hedge at ``span`` qualifies the amount of time said right after it
    ("maybe an hour", "possibly 3 weeks ago", "maybe once a month") or the date beside it
    ("maybe in the summer", "April I think"); a hedge said of more or less ("maybe
    longer") is no amount."""
    index = span[1] + 1
    if span[0] > 0 and tokens[span[0] - 1].word in _DATES and tokens[span[0] - 1].clause == tokens[span[0]].clause:
        return True
    named = [t.word for t in tokens[index : index + 3] if t.word != "the"]
    if named[:1] in (["in"], ["last"]) and named[1:2] and named[1] in _DATES:
        return True
    if index < len(tokens) and tokens[index].word in _ABOUT:
        index += 1
    if index >= len(tokens) or not (
        tokens[index].number or tokens[index].word in _NUMBER_WORDS or tokens[index].word in _ONCE
    ):
        return False
    unit = next((i for i in range(index + 1, min(len(tokens), index + 3)) if tokens[i].stem in _UNITS), None)
    return unit is not None and all(tokens[i].clause == tokens[span[0]].clause for i in range(span[0], unit + 1))


def _measure_ends(tokens: list[_Token], index: int) -> bool:
    """Whether the number at ``index`` ends what its clause says, but for a unit of angle ("45
    degrees", "60 or so", "45 degrees and it hurts"): a measure, not a time or a temperature."""
    scope = tokens[index].scope
    return all(t.raw in _MEASURE_TAIL for t in tokens[index + 1 : index + 4] if t.scope == scope) and (
        index + 4 >= len(tokens) or tokens[index + 4].scope != scope
    )


def _of_a_bend(span: tuple[int, int], tokens: list[_Token], vocabulary: _Vocabulary) -> bool:
    """Whether the hedge at ``span`` doubts only how far a bend said short before it in its
    sentence goes, every amount it doubts short of the line ("can't bend it past maybe 45
    degrees", "I can't bend it much, maybe to 60"): the bend is short of a right angle whatever
    the amount, as every writer codes it. A doubted measure at or past the line ("maybe 100")
    stays unsure."""
    if not vocabulary.angles:
        return False
    index = span[1] + 1
    while index < len(tokens) and index - span[1] <= 3 and tokens[index].raw in _MEASURE_LEAD_WORDS:
        index += 1
    if index >= len(tokens) or tokens[index].sentence != tokens[span[0]].sentence:
        return False
    if tokens[index].raw == "half" and index + 1 < len(tokens) and tokens[index + 1].raw == "way":
        index += 1  # "maybe half way": half a bend, short of the line
    elif tokens[index].raw != "halfway" and (
        not tokens[index].raw.isdigit() or int(tokens[index].raw) >= min(line for _, line in vocabulary.angles)
    ):
        return False
    if not _measure_ends(tokens, index):
        return False  # "maybe 3 weeks": a time (see _of_an_amount); "maybe 39 fever"
    feverish = [word for word in _FEVERISH if word != "degrees"]
    if any(word in t.raw for t in tokens if t.clause == tokens[index].clause for word in feverish):
        return False  # "temp maybe 39"
    # The bend said short before the doubt ("can't bend it past", "not much"): the doubt is of how
    # short. A bend said plainly ("I can bend it to maybe 60 degrees") is doubted as a whole.
    before = [t for t in tokens[max(0, span[0] - 12) : span[0]] if t.sentence == tokens[span[0]].sentence]
    short = any(t.word in vocabulary.negation_words or t.word == "cannot" for t in before)
    return short and any(t.stem in vocabulary.bend_stems for t in before)


def _inside(span: tuple[int, int], others: list[tuple[int, int]]) -> bool:
    return any(first <= span[0] and span[1] <= last for first, last in others)


def _exact_hits(tokens: list[_Token], vocabulary: _Vocabulary) -> list[_Hit]:
    """Phrases that count only as written, word for word ("hurt my knee" is an injury), within
    a sentence ("sore since fall. On and off it aches" is no fall on anything). A
    phrase that spells out a clause's end itself ("limping but walking") is said across it, and
    one that spells out all of an ignored expression and more ("coming down with something", where
    "coming down with" is no fall) is said with its words, unless it denies: a denial or an ability
    read through ignored words ("carried on walking") would be a warning sign newly read absent.
    A scope's end inside the phrase ("I feel hot and cold") is one of its words, so the phrase
    claims all of them (no "cold" left over for a foot), again unless it denies."""
    hits: list[_Hit] = []
    for index, token in enumerate(tokens):
        matched: tuple[str, ...] | None = None  # the same words may say more than one finding
        following = tokens[index + 1].word if index + 1 < len(tokens) else None
        for words, symptom, means in vocabulary.exact.get(token.word, ()):
            span = range(index, index + len(words))
            if matched == words or (
                matched is None
                and (len(words) == 1 or words[1] == following)
                and span.stop <= len(tokens)
                and all(
                    tokens[i].word == w
                    and tokens[i].sentence == token.sentence
                    and (
                        not tokens[i].used
                        or tokens[i].joins
                        or (means != "absent" and tokens[i].links and 0 < i - span.start < len(words) - 1)
                        or (means != "absent" and _spells_out(tokens[i], span))
                    )
                    for i, w in zip(span, words, strict=False)
                )
            ):
                matched = words
                for i in span:
                    # The "can't" of a bend raised ("can't bend it properly") is free for an
                    # inability it is said with ("... or straighten it"), and the "can" of an
                    # ability for an ability it is said with ("can straighten it and lift my leg").
                    tokens[i].used = not (i == span.start and (tokens[i].word, means) in _SHARED_FIRST)
                hit = _Hit(symptom, span.start, span.stop - 1, tuple(span))
                if means == "unknown":  # "I feel a bit off": a question about a fever, not an answer
                    hit.polarity, hit.hedge = "unknown", _RAISED
                elif means == "partly":  # "wheezy": of breathlessness or chest pain, no denial of the chest answers it
                    hit.polarity, hit.hedge = "unknown", _HALF_SAID
                hit.means_absent = means == "absent"
                hits.append(hit)
    return hits


def _spells_out(token: _Token, span: range) -> bool:
    """Whether ``token`` is used only as one of the pack's ``ignore`` words and ``span`` holds
    all of them and more: the phrase says what the ignored words leave unsaid."""
    if token.ignored is None:
        return False
    first, last = token.ignored
    return span.start <= first and last < span.stop and len(span) > last - first + 1


# The first word of a word-for-word phrase, with what the phrase means, that stays free for the
# phrases said with it ("can't bend it properly or straighten it", "can straighten it and bend it").
_SHARED_FIRST = frozenset([("cannot", "unknown"), ("can", "absent")])


# Words that turn to another time or thing between a denial's or an ability's words ("felt
# fine, then feel bad in myself"; "fine then refuses to walk"): its words were not said together.
_SCOPE_TURNS = frozenset(["then", "now", "until", "till", "refus", "but"])


def _phrase_hits(
    tokens: list[_Token],
    vocabulary: _Vocabulary,
    parts: list[str | None],
    negations: list[tuple[int, int]],
    pseudo: list[tuple[int, int]],
) -> list[_Hit]:
    """Phrases whose words all stand in one clause, in any order and close together."""
    hits: list[_Hit] = []
    negated = {tokens[first].scope for first, _ in negations}
    # The "can't" of "can't deny it" is no word of "can't lift my leg" (but the "no" of "no
    # reason" is a word of "limping for no reason"), nor the "fine" of "I'm fine" one of "walk fine".
    idiom = {
        i
        for first, last in pseudo
        if tuple(token.stem for token in tokens[first : last + 1]) not in vocabulary.phrase_runs
        for i in range(first, last + 1)
        # "non stop", not "non weight bearing"; the "fine" of "I'm fine", not of "walking fine"
        if tokens[i].word in _NEGATIVE or tokens[i].word in vocabulary.negation_words or tokens[i].word == "non"
    }
    clauses: dict[int, list[int]] = {}
    for index, token in enumerate(tokens):
        if not token.used and token.raw not in _FILLER and index not in idiom:
            clauses.setdefault(token.clause, []).append(index)
    for members in clauses.values():
        where: dict[str, list[int]] = {}
        for index in members:
            where.setdefault(tokens[index].stem, []).append(index)
        candidates = sorted(
            e
            for stem in where
            for e in vocabulary.by_rarest.get(stem, ())
            if all(other in where for other in vocabulary.entries[e].stems)
        )
        taken: set[int] = set()
        later: set[int] = set()  # entries the first pass left for the second
        # A phrase gathered across a scope end around a negation comes after the others:
        # "leg won't lift and I can't work" is the phrase "leg won't lift", not "can't lift
        # leg" gathered across the "and", whose "won't" would then read as its denial. Not
        # an ability ("can bend it fine and lift his leg"), nor a phrase that holds its own
        # "and" ("knee is hot and swollen").
        for entry_index, first_pass in [(e, True) for e in candidates] + [(e, False) for e in candidates]:
            if not first_pass and entry_index not in later:
                continue
            entry = vocabulary.entries[entry_index]
            chosen = _place(entry, where, taken)
            deferred = not entry.absent and entry.stems not in vocabulary.joined
            if chosen is not None and first_pass and deferred and _across_a_negation(chosen, tokens, negated):
                # ... or placed from another of its first word's places ("nothing I do helps
                # and had to be helped off": "helped off", not "helps ... off").
                starts = where[entry.stems[0]][:_PLACES]
                placings = (_place(entry, where, taken, start) for start in starts)
                chosen = next((c for c in placings if c and not _across_a_negation(c, tokens, negated)), None)
                if chosen is None:
                    later.add(entry_index)
            if chosen is None:
                continue
            # "swollen and not hot" is no "swollen and hot": a phrase whose words are joined
            # around a negation of one of them was not said (unlike "kneecap isn't sore"),
            # nor is "injury so no football" a football injury.
            # Nor is "chest is tight without pain" a chest pain denied: words either side of a
            # "without" that is none of the phrase's own were not said together.
            if any(
                (tokens[i].word in _NEGATIVE and tokens[i - 1].word in ("and", "but", "so"))
                or tokens[i].word == "without"
                for i in range(min(chosen) + 1, max(chosen))
                if i not in chosen
            ):
                continue
            # "it was fine then she wouldn't walk" is no "walking fine": an ability whose
            # words stand around a negation was not said.
            if entry.absent and any(
                tokens[i].word in _NOT_ABLE
                or tokens[i].word in ("wouldnt", "couldnt")
                or tokens[i].stem in _SCOPE_TURNS
                for i in range(min(chosen) + 1, max(chosen))
                if i not in chosen
            ):
                continue
            symptoms = sorted(entry.symptoms | entry.timed | entry.absent)
            fits = [s for s in symptoms if _fits(s, chosen, tokens, vocabulary, parts, s in entry.absent)]
            if not fits:
                continue
            # "knee pain when squatting" is knee pain too: a phrase that is not itself a knee
            # pain leaves the knee and its pain to one that is.
            shared = [i for i in chosen if parts[i] == "knee" or tokens[i].stem == "hurt"]
            knee_named = any(parts[i] == "knee" for i in members)
            lends = all(
                vocabulary.categories.get(s) == "aggravating_factor"
                or (knee_named and vocabulary.categories.get(s) == "red_flag")
                for s in fits
            )
            if len(shared) < len(chosen) and lends:
                taken.update(i for i in chosen if i not in shared)
            else:
                taken.update(chosen)
            for symptom in fits:
                hit = _Hit(symptom, min(chosen), max(chosen), tuple(chosen), symptom in entry.timed)
                hit.means_absent = symptom in entry.absent
                hits.append(hit)
        for index in taken:
            tokens[index].used = True
    return hits


def _across_a_negation(chosen: list[int], tokens: list[_Token], negated: set[int]) -> bool:
    """Whether the words at ``chosen`` stand in more than one scope, with a negative word
    among them or a negation in one of those scopes (``negated``: the scopes that hold one)."""
    scopes = {tokens[i].scope for i in chosen}
    if len(scopes) == 1:
        return False
    return not scopes.isdisjoint(negated) or any(tokens[i].word in _NEGATIVE for i in range(min(chosen), max(chosen)))


# Words before a count of steps that make it what one can manage ("can only manage two steps").
_ABLE = frozenset(["can", "could", "cannot", "manage", "managed", "manages", "take", "took", "walk", "walked"])
_ABLE |= frozenset(["only", "just", "able", "hobble", "hobbled"])
_ABLE |= frozenset(["do", "did", "does", "make", "made"])
_STEP_WORDS = frozenset(["step", "steps", "hop", "hops"])
# Words before a distance that make it when something happens ("after about 5 miles", "more than 10k").
_DISTANCE_WHEN = _ABOUT | frozenset(["after", "at", "by", "from", "past", "over", "than", "beyond"])


def _counted_steps(tokens: list[_Token], vocabulary: _Vocabulary) -> list[_Hit]:
    """ "She can only manage a step or two", "yes I can take 4 steps": steps counted as what
    one can manage. Fewer than the pack's bound is its symptom, whatever denies or doubts
    it ("can't take two steps"); as many or more is an ability, read as any other."""
    if vocabulary.steps is None:
        return []
    symptom, bound = vocabulary.steps
    hits: list[_Hit] = []
    for index, token in enumerate(tokens):
        count = _step_count(tokens, index) if token.word in _STEP_WORDS else None
        if count is None:
            continue
        value, first = count
        earlier = range(first - 1, max(-1, first - 5), -1)
        able = next((i for i in earlier if tokens[i].clause == token.clause and tokens[i].word in _ABLE), None)
        if able is not None:
            span = tuple(range(able, index + 1))
            # "cannot ... 4 steps" with no other word of an ability between: the count denied is the sign
            fewer = value < bound or tokens[able].word in _NOT_ABLE
            hits.append(_Hit(symptom, able, index, span, means_absent=not fewer, polarity="present" if fewer else None))
    return hits


def _distance_run(hits: list[_Hit], tokens: list[_Token], vocabulary: _Vocabulary) -> list[_Hit]:
    """ "Marathon training, outer knee sore after 8 miles": a distance said as when a pain comes
    on ("after", "at", "about" before it, "in" or "into" after it), in a sentence naming a knee
    pain and a text naming the pack's activity, is that activity's pain; a distance covered
    some other way in its sentence ("after biking about 10 miles") or per day or week ("50
    miles a week") is not."""
    if vocabulary.distance is None:
        return []
    symptom, units, activity, not_with = vocabulary.distance
    found = [index for index, token in enumerate(tokens) if token.stem in units]
    if not found or not _mark_cues(tokens, activity):
        return []
    pained = {tokens[h.first].sentence for h in hits if vocabulary.categories.get(h.symptom) == "knee_pain"}
    other = [first for first, _ in _mark_cues(tokens, not_with)]
    made: list[_Hit] = []
    for index in found:
        token = tokens[index]
        if token.sentence not in pained or any(
            tokens[at].sentence == token.sentence and (at < index or tokens[at].clause == token.clause) for at in other
        ):
            continue
        first = index - 1 if index > 0 and _number_at(tokens, index - 1) is not None else index
        if first == index and (index + 1 == len(tokens) or _number_at(tokens, index + 1) is None):
            continue  # "mile 8" or "8 miles"; a unit with no number is no distance
        last = index + 1 if first == index else index
        before = [t.word for t in tokens[max(0, first - 2) : first] if t.clause == token.clause]
        after = [t.word for t in tokens[last + 1 : last + 3] if t.clause == token.clause]
        when = bool(_DISTANCE_WHEN & set(before)) or after[:1] in (["in"], ["into"])
        if when and not (after[:1] in (["a"], ["per"], ["each"], ["every"]) and after[1:] != ["run"]):
            made.append(_Hit(symptom, first, last, tuple(range(first, last + 1))))
    return made


def _step_count(tokens: list[_Token], index: int) -> tuple[int, int] | None:
    """The count of the steps at ``index`` and where it starts: "two steps", "a couple of
    steps", "a step or two"; none for "a few" (as many as four, or not)."""
    if index + 2 < len(tokens) and tokens[index + 1].word == "or" and tokens[index - 1].word in ("a", "one"):
        more = _number_at(tokens, index + 2)
        return (more[0], index - 1) if more is not None else None
    before = [i for i in range(max(0, index - 3), index) if tokens[i].word not in ("of", "more", "than")][-1:]
    if not before:
        return None
    if tokens[before[0]].word == "couple":
        return 2, before[0]
    number = _number_at(tokens, before[0])
    return (number[0], before[0]) if number is not None and number[1] == before[0] else None


def _of_another_part(
    hits: list[_Hit], tokens: list[_Token], vocabulary: _Vocabulary, parts: list[str | None]
) -> list[_Hit]:
    """ "After my hip op", "since her ankle surgery": a phrase that names no body part itself,
    right after a part of another group (past "my", "her"...), is about that part, not the knee."""
    kept: list[_Hit] = []
    for hit in hits:
        before = hit.first - 1
        while before >= 0 and tokens[before].word in _DETERMINERS and tokens[before].clause == tokens[hit.first].clause:
            before -= 1
        part = parts[before] if before >= 0 and tokens[before].clause == tokens[hit.first].clause else None
        own = any(parts[i] for i in hit.tokens) or part in vocabulary.symptom_parts.get(hit.symptom, ())
        if part in (None, "knee") or own:
            kept.append(hit)
    return kept


def _place(entry: _Entry, where: dict[str, list[int]], taken: set[int], start: int | None = None) -> list[int] | None:
    """Token positions for ``entry``'s words, free and close together (its first word at
    ``start``, when given), or ``None``."""
    chosen: list[int] = []
    for stem in entry.stems:
        free = [i for i in where[stem][:_PLACES] if i not in taken and i not in chosen]
        if start is not None and not chosen:
            free = [start] if start in free else []
        if not free:
            return None
        anchor = chosen[-1] if chosen else free[0]
        # Nearest, in the phrase's own order where there is a choice ("limping for no reason").
        chosen.append(min(free, key=lambda i: (abs(i - anchor) + (2 if i < anchor else 0), i)))
    if max(chosen) - min(chosen) > 2 * len(entry.stems) + 3:
        return None
    return chosen


def _parts_left(hits: list[_Hit], parts: list[str | None], vocabulary: _Vocabulary) -> list[str | None]:
    """``parts`` without the parts a symptom's own words name as no place of a state: "I can lift
    my leg straight, but bending it hurts" is the knee's pain, the leg being the test's."""
    left = list(parts)
    for hit in hits:
        for index in hit.tokens:
            if parts[index] == "leg" and "leg" not in vocabulary.symptom_parts.get(hit.symptom, ()):
                left[index] = None
    return left


def _part_of(index: int, tokens: list[_Token], parts: list[str | None]) -> str:
    """The body part the word at ``index`` is about: the nearest named in its scope, else in
    its clause; else the last named in the clause before it, when that clause names parts but
    not the knee; else the knee when its sentence names the knee; else the last part named
    before it, else the next in its sentence, else the knee."""
    token = tokens[index]
    for same in ("scope", "clause"):
        best: tuple[int, int, str, int] | None = None
        for offset in range(1, _NEAR):
            for other, bias in ((index - offset, 0), (index + offset, 1)):
                if 0 <= other < len(tokens) and parts[other] and getattr(tokens[other], same) == getattr(token, same):
                    candidate = (offset, bias, parts[other] or "", other)
                    if best is None or candidate < best:
                        best = candidate
            if best is not None:
                return _landmark(best[3], tokens, parts) or best[2]
    sentence = list(range(max(0, index - _NEAR * 4), min(len(tokens), index + _NEAR * 4)))
    sentence = [i for i in sentence if tokens[i].sentence == token.sentence]
    # "..., the calf's fine, not swollen": a clause naming no part goes on about the clause before.
    before = [i for i in sentence if i < index and tokens[i].clause == token.clause - 1 and parts[i]]
    if before and not any(parts[i] == "knee" for i in before):
        return parts[before[-1]] or "knee"
    if any(parts[i] == "knee" for i in sentence):
        return "knee"
    # Before this sentence, only a pronoun ("It also feels warm.") refers back to a part.
    refers = any(tokens[i].word in ("it", "its", "that", "this") for i in sentence if tokens[i].clause == token.clause)
    for other in range(index - 1, max(-1, index - _NEAR * 8), -1):
        if parts[other] and (refers or tokens[other].sentence == token.sentence):
            return parts[other] or "knee"
    for other in sentence:
        if other > index and parts[other]:
            return parts[other] or "knee"
    return "knee"


def _landmark(index: int, tokens: list[_Token], parts: list[str | None]) -> str | None:
    """ "My leg below the knee is puffy", "swollen from the knee down": the knee is where the
    leg's state starts, not what is in that state. The leg part named just before, or None."""
    before = [i for i in range(max(0, index - 3), index) if tokens[i].clause == tokens[index].clause]
    words = [tokens[i].word for i in before if tokens[i].word not in ("the", "my", "his", "her", "your")]
    if parts[index] != "knee" or not words or words[-1] not in _LANDMARKS:
        return None
    for other in range(index - 1, max(-1, index - 8), -1):
        if tokens[other].clause != tokens[index].clause:
            break
        if parts[other] == "leg":
            return "leg"
    return None


def _below_the_knee(index: int, tokens: list[_Token], parts: list[str | None]) -> bool:
    """Whether the clause of ``index`` names the leg from the knee down ("from the knee
    down", "below the knee", "under my knee")."""
    clause = tokens[index].clause
    for at in range(max(0, index - _NEAR), min(len(tokens), index + _NEAR)):
        if parts[at] != "knee" or tokens[at].clause != clause:
            continue
        before = [t.word for t in tokens[max(0, at - 3) : at] if t.clause == clause and t.word not in _DETERMINERS]
        after = tokens[at + 1].word if at + 1 < len(tokens) and tokens[at + 1].clause == clause else ""
        if before[-1:] in (["below"], ["under"], ["beneath"]) or (before[-1:] == ["from"] and after == "down"):
            return True
    return False


def _fits(
    symptom: str,
    chosen: list[int],
    tokens: list[_Token],
    vocabulary: _Vocabulary,
    parts: list[str | None],
    opposite: bool = False,
) -> bool:
    """Whether a phrase about ``symptom`` is about the part it names: each state word in it
    ("swollen", "cold") must, on the part it describes, mean this symptom ("foot is cold"
    is no numb foot; "calf pain and swelling" is two findings, not one). A phrase saying the
    symptom is absent (``opposite``: "the foot is warm" for a cold foot) names the
    opposite state, so only its part must fit."""
    wanted = vocabulary.symptom_parts.get(symptom)
    if not wanted:
        return True
    if wanted == {"leg"} and _both_legs(chosen[0], tokens, parts):
        return False  # both legs swollen is not the one-leg sign
    named = {_landmark(i, tokens, parts) or parts[i] for i in chosen if parts[i]}
    if named and not named & wanted:
        return False
    if opposite:
        return True
    groups = next((g for c, _, g in vocabulary.combinations if c == symptom), None)
    combination = groups is not None
    if groups is not None:
        named_states = {vocabulary.state_names.get(tokens[i].stem) for i in chosen}
        if not all(named_states & set(group) for group in groups):
            return False  # "swelling or redness" is not "hot and swollen": each state on its own
    for i in chosen:
        name = vocabulary.state_names.get(tokens[i].stem)
        if name is None:
            continue
        part = _part_of(i, tokens, parts)
        if part not in wanted:
            return False
        if not combination and vocabulary.state_on.get(name, {}).get(part) != symptom:
            return False
    return True


def _state_hits(
    tokens: list[_Token], vocabulary: _Vocabulary, parts: list[str | None], states: list[tuple[int, int]]
) -> list[_Hit]:
    hits: list[_Hit] = []
    # "The warehouse is freezing": a state of a place or the weather, in a clause naming no part.
    around = {(tokens[first].clause, tokens[first].scope) for first, _ in _cue_spans(tokens, vocabulary.surroundings)}
    for first, last in states:
        if any(tokens[i].used for i in range(first, last + 1)):
            continue
        where = (tokens[first].clause, tokens[first].scope)
        if where in around and not any(
            parts[i] and (tokens[i].clause, tokens[i].scope) == where
            for i in range(max(0, first - 30), min(len(tokens), first + 30))
        ):
            continue
        stems = tuple(token.stem for token in tokens[first : last + 1])
        name = next(n for s, n in vocabulary.states if s == stems)
        part = _part_of(first, tokens, parts)
        if name in vocabulary.state_default and not _clause_names_part(first, tokens, parts):
            part = vocabulary.state_default[name]
        symptom = vocabulary.state_on.get(name, {}).get(part)
        if symptom is None and part == "leg" and _below_the_knee(first, tokens, parts):
            # "numb from the knee down": the foot lies below the knee, so a state the leg does
            # not have a finding for ("numb", "cold") is the foot's.
            symptom = vocabulary.state_on.get(name, {}).get("foot")
        if symptom is not None and part == "leg" and _both_legs(first, tokens, parts):
            symptom = None  # both legs swollen is not the one-leg sign
        for index in range(first, last + 1):
            tokens[index].used = True
        span = tuple(range(first, last + 1))
        absent = symptom is not None and name in vocabulary.state_absent
        hits.append(_Hit(symptom or f"state:{name}:{part}", first, last, span, means_absent=absent))

    return hits


# Words that open a clause saying what the complaint is after a denial ("..., only when I run").
_ONLY = frozenset(["only", "just"])
_BEFORE_ONLY = frozenset(["its", "it", "is", "but", "and", "thats", "that", "mate"])


def _only_the_knee(
    tokens: list[_Token],
    parts: list[str | None],
    negations: list[tuple[int, int]],
    hits: list[_Hit],
    vocabulary: _Vocabulary,
) -> list[_Hit]:
    """ "It doesn't hurt at night, only when I run", "no chest pain, just my knee": after a
    plain denial, a clause opening with "only" or "just" says what the complaint is, so the
    knee hurts (the pain denied was of the night, the pain of the chest). Not where the
    clause says another complaint ("isn't painful, just swollen"; "just my calf"), nor after
    a situation denied (what "doesn't hurt on stairs" leaves of the pain is the pack's)."""
    denying = {tokens[first].clause for first, _ in negations}
    denying -= {t.clause for t in tokens if t.hedge or t.word in _SOFTENERS}  # "no pain really, just..."
    denying -= {tokens[h.first].clause for h in hits if vocabulary.categories.get(h.symptom) == "aggravating_factor"}
    opening = _clause_openings(tokens, _BEFORE_ONLY)
    pain_at: dict[int, int] = {}  # clause -> its first word of pain
    for index, token in enumerate(tokens):
        if token.stem in _PAIN_STEMS or token.word in _PAIN_STEMS:
            pain_at.setdefault(token.clause, index)
    found: list[_Hit] = []
    for clause, first in opening.items():
        before = clause - 1
        if (
            tokens[first].word not in _ONLY
            or before not in denying
            or tokens[first].sentence != tokens[opening.get(before, first)].sentence
        ):
            continue
        rest = [i for i in range(first + 1, min(len(tokens), first + 4)) if tokens[i].clause == clause]
        whole = range(first + 1, min(len(tokens), first + _NEAR))
        if any(
            tokens[i].clause == clause and (parts[i] not in (None, "knee") or tokens[i].stem in vocabulary.state_stems)
            for i in whole
        ):
            continue  # "no chest pain, just my calf", "isn't painful, just swollen": another complaint
        knee = [i for i in rest if parts[i] == "knee" and all(tokens[j].word in _DETERMINERS for j in rest if j < i)]
        said = pain_at.get(before) if before in pain_at else (knee[0] if knee and knee[-1] == rest[-1] else None)
        if said is not None:
            found.append(_Hit("knee_pain", said, said, (said,), polarity="present"))
    return found


def _not_the_knee(tokens: list[_Token], vocabulary: _Vocabulary, parts: list[str | None]) -> list[_Hit]:
    """ "The swelling is in my ankle, not my knee": a state said of another part, then the
    knee set aside, denies the knee's finding of that state; not its pain ("an ache in my
    thigh, not the knee" says only where the ache is)."""
    hits: list[_Hit] = []
    for index, token in enumerate(tokens):
        knee = next((i for i in range(index + 1, min(len(tokens), index + 3)) if parts[i] == "knee"), None)
        if token.word != "not" or knee is None or tokens[knee - 1].word not in (*_DETERMINERS, "not"):
            continue
        going_on = knee + 1 < len(tokens) and tokens[knee + 1].clause == tokens[knee].clause
        if going_on and tokens[knee + 1].word not in ("itself", "though"):
            continue  # "not my knee that hurts, it's my calf": another sentence shape
        said = [i for i in range(max(0, index - _NEAR), index) if tokens[i].sentence == token.sentence]
        if not any(parts[i] not in (None, "knee") for i in said):
            continue
        names = {vocabulary.state_names[tokens[i].stem] for i in said if tokens[i].stem in vocabulary.state_names}
        denied = {vocabulary.state_on.get(name, {}).get("knee") for name in names}
        denied |= {
            s for s, part, groups in vocabulary.combinations if part == "knee" and all(names & set(g) for g in groups)
        }
        hedge = next((tokens[i].raw for i in said if tokens[i].hedge), None)  # "I think it's my ankle, not..."
        for symptom in sorted(d for d in denied if d and vocabulary.categories.get(d) != "knee_pain"):
            span = tuple(range(index, knee + 1))
            hits.append(_Hit(symptom, index, knee, span, polarity="unknown" if hedge else "absent", hedge=hedge))
    return hits


# "Mum died of cancer, I've never had it", "I don't have it": the other's finding, denied.
_HAVING_IT = frozenset(["have", "has", "had", "got", "it", "that", "one", "any"])


def _not_me(
    hits: list[_Hit],
    tokens: list[_Token],
    people: dict[int, Literal["patient", "other"]],
    negations: list[tuple[int, int]],
    naming: set[int],
) -> list[_Hit]:
    """ "My mum had cancer but I haven't": the other person's finding, absent for the patient."""
    negated = {tokens[first].clause for first, _ in negations}
    words: dict[int, set[str]] = {}
    for token in tokens:
        if token.word not in _FILLER and not token.used:
            words.setdefault(token.clause, set()).add(token.word)
    mine: list[_Hit] = []
    for hit in hits:
        clause = tokens[hit.first].clause
        following = clause + 1
        if people.get(clause) != "other" or following not in negated:
            continue
        rest = words.get(following, set()) - _ELLIPSIS - (set() if following in naming else _HAVING_IT)
        if not rest or all(
            any(tokens[i].word == w for i in range(n[0], n[1] + 1))
            for w in rest
            for n in negations
            if tokens[n[0]].clause == following
        ):
            copy = _Hit(hit.symptom, hit.first, hit.last, hit.tokens, polarity="absent", about="patient")
            mine.append(copy)
    return mine


def _not_topics(hits: list[_Hit], tokens: list[_Token], parts: list[str | None]) -> list[_Hit]:
    """ "What's the difference between a sprain and a strain?": a question about a topic,
    naming neither the writer nor a knee, says nothing about the patient."""
    first: dict[int, str] = {}
    personal: set[int] = set()
    asked: set[int] = set()
    for token in tokens:
        first.setdefault(token.sentence, token.raw)
        if token.raw in _PERSONAL:
            personal.add(token.sentence)
        if token.question:
            asked.add(token.sentence)
    # "Is the knee hot? Yeah kinda": a yes/no question naming a knee that the writer answers (a
    # yes, a "no" or a hedge opening the next sentence) asks about their own knee.
    kneed = {tokens[i].sentence for i, part in enumerate(parts) if part == "knee"}
    for index, token in enumerate(tokens):
        asking = token.sentence - 1
        opens = index > 0 and tokens[index - 1].sentence == asking
        answer = token.word in _YES or token.word in ("no", "nope", "nah") or token.hedge
        if opens and answer and asking in asked and asking in kneed and first.get(asking) in _YES_NO:
            personal.add(asking)
    topics = {s for s, word in first.items() if word in _TOPIC and s in asked and s not in personal}
    return [hit for hit in hits if tokens[hit.first].sentence not in topics]


# Words a clause saying a sign has passed may hold besides ("but it's all fine now").
_PASSING_ASIDE = _NO_LONGER | _ELLIPSIS | _PERSONAL | frozenset(["but", "though", "all", "again", "completely"])


def _came_and_went(tokens: list[_Token], passing: list[tuple[int, int]]) -> set[int]:
    """The clauses before one that says only that a sign has passed, in its sentence ("my
    foot went numb for a minute, fine now"): what they say came and went."""
    inside = {index for first, last in passing for index in range(first, last + 1)}
    clauses = {tokens[first].clause for first, _ in passing}
    for index, token in enumerate(tokens):
        if index not in inside and not token.used and token.word not in _FILLER | _PASSING_ASIDE:
            clauses.discard(token.clause)
    last_passing: dict[int, int] = {}  # sentence -> its last such clause
    for token in tokens:
        if token.clause in clauses:
            last_passing[token.sentence] = token.clause
    return {token.clause for token in tokens if token.clause < last_passing.get(token.sentence, -1)}


def _no_longer(hits: list[_Hit], tokens: list[_Token], negations: list[tuple[int, int]]) -> list[_Hit]:
    """ "It was swollen last week but it isn't any more": a clause that only denies, and says
    the state has passed, makes the findings of the clause before it absent."""
    negated = {tokens[first].clause: (first, last) for first, last in negations}
    content: dict[int, list[str]] = {}
    for index, token in enumerate(tokens):
        span = negated.get(token.clause)
        if span is not None and not span[0] <= index <= span[1] and token.word not in _FILLER:
            content.setdefault(token.clause, []).append(token.word)
    passed = {
        clause - 1
        for clause in negated
        if (words := content.get(clause, []))
        and any(w in _NO_LONGER for w in words)
        and all(w in _NO_LONGER or w in _ELLIPSIS or w in _PERSONAL or w in ("but", "though") for w in words)
    }
    if not passed:
        return hits
    out: list[_Hit] = []
    for hit in hits:
        if tokens[hit.first].clause in passed and hit.polarity is None:
            hit = _Hit(hit.symptom, hit.first, hit.last, hit.tokens, hit.timed, hit.means_absent, "absent", hit.about)
        out.append(hit)
    return out


def _elsewhere(hits: list[_Hit], tokens: list[_Token], vocabulary: _Vocabulary) -> list[_Hit]:
    """ "Landed on someone's foot and my knee went inwards", "knee went pop landing a jump": a
    finding whose words, or the few after them in its clause, hold the pack's ``elsewhere``
    words for it was of something else; what it implies stays ("a landing is an injury")."""
    out: list[_Hit] = []
    for hit in hits:
        words = vocabulary.elsewhere.get(hit.symptom)
        said_of = words is not None and any(
            hit.first <= first <= hit.last + _ELSEWHERE_REACH and tokens[first].clause == tokens[hit.first].clause
            for first, _ in _mark_cues(tokens, words)
        )
        if not said_of:
            out.append(hit)
            continue
        for implied in vocabulary.implies.get(hit.symptom, ()):
            out.append(
                _Hit(implied, hit.first, hit.last, hit.tokens, hit.timed, hit.means_absent, hit.polarity, hit.about)
            )
    return out


def _other_activity(hits: list[_Hit], tokens: list[_Token], vocabulary: _Vocabulary) -> list[_Hit]:
    """ "Knee sore after a long hike, mostly on the downhills": a finding said of one activity
    (the pack's ``other_activity``), in a sentence naming another and a text naming none of its
    own, was of that other: no finding."""
    out: list[_Hit] = []
    of_other: dict[str, set[int]] = {}  # id -> the sentences naming another activity
    for hit in hits:
        words = vocabulary.other_activity.get(hit.symptom)
        if words is not None and hit.symptom not in of_other:
            other, own = words
            of_other[hit.symptom] = (
                set() if _mark_cues(tokens, own) else {tokens[i].sentence for i, _ in _mark_cues(tokens, other)}
            )
        if tokens[hit.first].sentence not in of_other.get(hit.symptom, ()):
            out.append(hit)
    return out


# Words of an ability asked or answered that a limp may be the manner of ("take 4 steps? yes,
# with a limp", "able to bear weight with limp", "can get round the house with a limp"); steps
# stem as stairs. Walking with a limp is left a limp, as the thirteenth round holds it.
_WALKING = frozenset(["stair", "step", "bear", "weight", "wb", "yes", "yeah", "yep", "get"])


def _limp_as_manner(hits: list[_Hit], tokens: list[_Token]) -> list[_Hit]:
    """ "Can you take 4 steps? - yes, with a limp", "able to bear weight with limp": a limp said
    as how the steps are taken answers the ability, and says no limp without an injury (parts
    16, 18, 19, 20, 22 and 24, and 4, leave it uncoded, 7 of 7); "came home with a limp",
    "woke up with a limp" are the limp itself."""
    out: list[_Hit] = []
    for hit in hits:
        at = next((i for i in hit.tokens if tokens[i].stem == "limp"), None)
        if hit.symptom != "limp_without_injury" or at is None or at < 2:
            out.append(hit)
            continue
        before = [t.word for t in tokens[max(0, at - 5) : at]]  # "with a bit of a limp"
        manner = "with" in before or before[-2:] == ["but", "i"]
        sentences = (tokens[at].sentence, tokens[at].sentence - 1)
        near = [t for t in tokens[max(0, at - 12) : at] if t.sentence in sentences]
        if manner and any(t.stem in _WALKING or t.word in _WALKING for t in near):
            continue
        out.append(hit)
    return out


# A stop said with no object ("but stopped"), and the words that may follow it: the medicine
# named again ("but stopped it") or when ("but stopped in the summer").
_BARE_STOPS = frozenset(["stopped", "finished"])
_WHEN = frozenset(["it", "them", "that", "those", "these", "in", "last", "a", "an", "after", "when", "because"])
_WHEN |= frozenset(["since", "before", "about", "ago", "recently"])


def _stopped(hits: list[_Hit], tokens: list[_Token], vocabulary: _Vocabulary) -> list[_Hit]:
    """ "I was on methotrexate but stopped it", "on Eliquis. Well, I was, came off it in the
    summer": a medicine said stopped after it is named, in its sentence or the one before, is
    not taken now; unsure when the words saying so are hedged ("I think I came off it"). The
    words say nothing else ("came off it" is no fall from a bike here)."""
    stops = [
        (first, last)
        for first, last in _mark_cues(tokens, vocabulary.stopped)
        if last + 1 >= len(tokens)
        or tokens[last + 1].clause != tokens[last].clause
        or (
            not tokens[last + 1].word.endswith("ing")  # "stopped it hurting": not a medicine
            # "but stopped" with nothing stopped named: only as said of when ("but stopped in the
            # summer", "but stopped. Now..."), not "but stopped at the shops and fell"
            and (tokens[last].word not in _BARE_STOPS or tokens[last + 1].number or tokens[last + 1].word in _WHEN)
        )
    ]
    if not stops:
        return hits
    out: list[_Hit] = []
    said: set[tuple[int, int]] = set()
    for hit in hits:
        stop = next(
            (
                (first, last)
                for first, last in stops
                if 0 < first - hit.last <= 2 * _NEAR
                and (
                    tokens[first].sentence == tokens[hit.last].sentence
                    or (  # "on Eliquis. Well, I was, stopped it": a short reply opening the next
                        tokens[first].sentence == tokens[hit.last].sentence + 1
                        and tokens[max(0, first - 4)].sentence != tokens[first].sentence
                    )
                )
            ),
            None,
        )
        if stop is not None and hit.symptom in vocabulary.medicines and hit.polarity is None:
            said.add(stop)
            clause = tokens[stop[0]].clause
            near = tokens[max(0, stop[0] - _NEAR) : stop[0] + _NEAR]
            unsure = any(t.hedge for t in near if t.clause == clause)
            hit = replace(hit, polarity="unknown" if unsure else "absent", hedge="stopped, maybe" if unsure else None)
            hit.stopped = not unsure
        out.append(hit)
    return [hit for hit in out if not _inside((hit.first, hit.last), list(said))]


_JOINING = frozenset(["and", "&", "+", "plus"])
_SHARED_REACH = 3


def _shared_word(hits: list[_Hit], tokens: list[_Token], vocabulary: _Vocabulary) -> list[_Hit]:
    """ "Tight ITB and hip flexors", "tight hip flexors and ITB": a phrase's first word said
    once for two things joined by "and" makes a phrase with the other too, which found its
    first word taken. Never a warning sign, and never an ability: only what a word of degree or
    kind shares, as a physio's list does."""
    found: list[_Hit] = []
    for hit in list(hits):
        first = tokens[hit.first]
        rest = [i for i in hit.tokens if i != hit.first]
        if not rest or hit.means_absent:
            continue
        others: list[list[int]] = []
        # "tight ITB and hip flexors": the other thing between the shared word and the rest.
        between = list(range(hit.first + 1, min(rest)))
        if between and len(between) <= _SHARED_REACH + 1:
            joined = [i for i in between if tokens[i].word in _JOINING]
            if joined in ([], [between[-1]]):
                others.append([i for i in between if i not in joined])
        # "tight hip flexors and ITB": the other thing after the rest and a joining word.
        after = max(rest) + 1
        if after < len(tokens) and tokens[after].word in _JOINING:
            others.append(list(range(after + 1, min(len(tokens), after + 1 + _SHARED_REACH))))
        for other in others:
            other = [i for i in other if tokens[i].clause == first.clause and not tokens[i].used]
            for length in range(len(other), 0, -1):
                words = other[:length]
                stems = {first.stem, *(tokens[i].stem for i in words)}
                entry = next(
                    (
                        vocabulary.entries[e]
                        for e in vocabulary.by_stem.get(first.stem, ())
                        if set(vocabulary.entries[e].stems) == stems and len(vocabulary.entries[e].stems) == length + 1
                    ),
                    None,
                )
                if entry is None or entry.absent:
                    continue
                symptoms = [
                    s
                    for s in sorted(entry.symptoms)
                    if s != hit.symptom and vocabulary.categories.get(s) not in ("red_flag", "context")
                ]
                if not symptoms:
                    continue
                found += [_Hit(s, min(hit.first, *words), max(words), (hit.first, *words)) for s in symptoms]
                for i in words:
                    tokens[i].used = True
                break
    return found


def _coordinated(
    hits: list[_Hit], tokens: list[_Token], vocabulary: _Vocabulary, parts: list[str | None]
) -> list[_Hit]:
    """ "No swelling in the knee or the calf": a state said of parts joined by "or" / "and"."""
    more: list[_Hit] = []
    for hit in hits:
        names = [vocabulary.state_names[tokens[i].stem] for i in hit.tokens if tokens[i].stem in vocabulary.state_names]
        if not names:
            continue
        clause = tokens[hit.first].clause
        near = [i for i in range(max(0, hit.first - 4), min(len(tokens), hit.last + 6)) if tokens[i].clause == clause]
        named = [i for i in near if parts[i]]
        for first, second in itertools.pairwise(named):
            between = [tokens[i].word for i in range(first + 1, second)]
            if any(w in ("or", "nor", "and") for w in between) and all(w in _FILLER or w == "nor" for w in between):
                for part in (parts[first], parts[second]):
                    symptom = vocabulary.state_on.get(names[0], {}).get(part or "")
                    if symptom is not None and symptom != hit.symptom:
                        more.append(_Hit(symptom, hit.first, hit.last, hit.tokens))
    return more


def _elliptic(
    hits: list[_Hit],
    tokens: list[_Token],
    vocabulary: _Vocabulary,
    parts: list[str | None],
    negations: list[tuple[int, int]],
) -> list[_Hit]:
    """ "Knee isn't swollen but my calf is", "my hands go numb but my feet never do": a clause
    that only names a body part (and perhaps denies) says the state of the clause before of
    that part."""
    negated = {i for first, last in negations for i in range(first, last + 1)}
    by_clause: dict[int, list[int]] = {}
    for index, token in enumerate(tokens):
        by_clause.setdefault(token.clause, []).append(index)
    stated: dict[int, str] = {}
    for hit in hits:
        for i in hit.tokens:
            name = vocabulary.state_names.get(tokens[i].stem)
            if name is not None:
                stated.setdefault(tokens[hit.first].clause, name)
    found_in = {tokens[hit.first].clause for hit in hits}
    more: list[_Hit] = []
    for clause, members in by_clause.items():
        name = stated.get(clause - 1)
        if name is None or clause in found_in:
            continue
        if tokens[members[0]].sentence != tokens[by_clause[clause - 1][0]].sentence:
            continue
        named = [i for i in members if parts[i]]
        rest = [
            i
            for i in members
            if not parts[i] and i not in negated and not tokens[i].used and tokens[i].word not in _FILLER
        ]
        if len(named) != 1 or any(tokens[i].word not in _ELLIPTIC for i in rest):
            continue
        if tokens[members[-1]].raw not in _ELLIPSIS_ENDS:
            continue  # "calf fine", "not the leg": no verb left out, so no state carried over
        part = parts[named[0]] or ""
        symptom = vocabulary.state_on.get(name, {}).get(part)
        if symptom is None:
            continue
        polarity: Literal["present", "absent", "unknown"] = "present"
        if any(tokens[i].hedge for i in members):
            polarity = "unknown"
        elif any(i in negated for i in members):
            polarity = "absent"
        more.append(_Hit(symptom, named[0], named[0], (named[0],), polarity=polarity))
    return more


def _in_doubt(hits: list[_Hit], tokens: list[_Token], vocabulary: _Vocabulary, parts: list[str | None]) -> list[_Hit]:
    """ "Something's puffy, not sure if it's the knee or the calf": the state on each part it may be, unknown."""
    more: list[_Hit] = []
    for hit in hits:
        names = [
            vocabulary.state_names[t.stem] for t in (tokens[i] for i in hit.tokens) if t.stem in vocabulary.state_names
        ]
        for other in _parts_in_doubt(hit.first, tokens, parts) if names else ():
            maybe = vocabulary.state_on.get(names[0], {}).get(other)
            if maybe is not None and maybe != hit.symptom:
                more.append(_Hit(maybe, hit.first, hit.last, hit.tokens, polarity="unknown"))
    return more


def _parts_in_doubt(index: int, tokens: list[_Token], parts: list[str | None]) -> set[str]:
    """The parts a hedged clause right after this word's clause names, when its own names none."""
    if _clause_names_part(index, tokens, parts):
        return set()
    following = [
        i for i in range(index + 1, min(len(tokens), index + _NEAR * 2)) if tokens[i].clause == tokens[index].clause + 1
    ]
    if not any(tokens[i].hedge for i in following):
        return set()
    return {parts[i] or "" for i in following if parts[i]}


def _both_legs(index: int, tokens: list[_Token], parts: list[str | None]) -> bool:
    clause = tokens[index].clause
    near = [i for i in range(max(0, index - 8), min(len(tokens), index + 8)) if tokens[i].clause == clause]
    plural = any(parts[i] == "leg" and tokens[i].word.endswith(("s", "ves")) and not tokens[i].possessive for i in near)
    return plural or any(tokens[i].word in ("both", "bilateral") for i in near)


def _combine(
    hits: list[_Hit],
    tokens: list[_Token],
    vocabulary: _Vocabulary,
    parts: list[str | None],
    cues: _Cues,
) -> list[_Hit]:
    """States of one part that together are one symptom ("hot" and "swollen" knee): present
    when every group has a state said present, unknown when some are only unsure, absent
    when a group's states are all said absent; bare states that are no symptom are dropped."""
    said: dict[tuple[str, str], dict[str, list[_Hit]]] = {}
    for hit in hits:
        if hit.symptom.startswith("state:"):
            _, name, part = hit.symptom.split(":")
        else:
            found = [(n, p) for n, on in vocabulary.state_on.items() for p, s in on.items() if s == hit.symptom]
            if not found:
                continue
            name, part = found[0]
        polarity = _polarity(hit, tokens, cues)[0]
        if hit.means_absent:
            continue
        said.setdefault((name, part), {}).setdefault(polarity, []).append(hit)
    out = [hit for hit in hits if not hit.symptom.startswith("state:")]
    for symptom, part, groups in vocabulary.combinations:
        levels: list[str] = []
        used: list[_Hit] = []
        unsaid = 0
        hinted = False
        denied_half = False
        denied: list[_Hit] = []
        for group in groups:
            polarities = {p: h for name in group for p, h in said.get((name, part), {}).items()}
            level = next((p for p in ("present", "unknown", "absent") if p in polarities), None)
            if level is None:
                unsaid += 1
                continue
            # A state that is no finding of its own on this part ("hot" on the knee), said of
            # the part by name in its clause, is half of the combination: the rest is unsaid.
            hinted = hinted or (
                level != "absent"
                and any(part not in vocabulary.state_on.get(name, {}) for name in group)
                and any(_names_own_part(h, tokens, parts, part) for h in polarities[level])
            )
            # "The knee isn't hot": the same state denied denies the combination.
            denied_half = denied_half or (
                level == "absent" and any(part not in vocabulary.state_on.get(name, {}) for name in group)
            )
            levels.append(level)
            used += polarities[level]
            denied += polarities[level] if level == "absent" else []
        missing = {name for group in groups for name in group if (name, part) not in said}
        rest = {vocabulary.state_on.get(name, {}).get(part) for name in missing} - {None}
        # "Knee ballooned and it's roasting": the swelling said by a finding that implies it;
        # "hot knee, swollen calf": said, of another part, so the speaker placed it there.
        implied = any(h.symptom in rest or rest & set(vocabulary.implies.get(h.symptom, ())) for h in hits)
        implied = implied or any(name in missing and state_part != part for name, state_part in said)
        hedge: str | None = None
        overall: Literal["present", "absent", "unknown"]
        if unsaid and hinted and not implied and "absent" not in levels:
            # "Her knee is warm": is it swollen too? Unsure, for the interview to ask.
            overall, hedge = "unknown", _HALF_SAID
        elif unsaid and denied_half and set(levels) == {"absent"}:
            overall = "absent"  # "The knee isn't hot": one state the combination needs, denied, denies it.
        elif not unsaid:
            overall = "absent" if "absent" in levels else "unknown" if "unknown" in levels else "present"
            # Denied, it is as plain as its denied state ("a bit warm but not swollen": the "a
            # bit" is about the warmth, not the denial).
            used = denied if overall == "absent" else used
        else:
            continue
        combined = _Hit(
            symptom, min(h.first for h in used), max(h.last for h in used), tuple(i for h in used for i in h.tokens)
        )
        combined.polarity, combined.hedge = overall, hedge
        out.append(combined)
    return out


def _names_own_part(hit: _Hit, tokens: list[_Token], parts: list[str | None], part: str) -> bool:
    """Whether a state word is said of ``part`` named in its own clause ("her knee is warm"),
    not of a part guessed from the sentence, and means the state itself: "burning" says how
    a pain feels as often as that a knee is hot."""
    if any(tokens[i].word in _PAIN_LIKE_STATES for i in hit.tokens):
        return False
    clause = tokens[hit.first].clause
    near = range(max(0, hit.first - _NEAR), min(len(tokens), hit.last + _NEAR))
    return any(parts[i] == part and tokens[i].clause == clause for i in near)


# Aggravating factors that are circumstances, not "worse when" ("a long flight" is sitting).
_CIRCUMSTANCES = frozenset(["prolonged_sitting"])
# Signs that the corpora code with what brings them on ("buckles on stairs", "swells up after
# every run" are stairs and running pain too).
_WORSE_WHEN = frozenset(["knee_gives_way", "swollen_knee"])
# How many words after a finding the pack's ``elsewhere`` words reach ("came down on someone's foot").
_ELSEWHERE_REACH = 4
_ACHING = frozenset(["ach", "achi"])
_ACHING_OR_WHEN = _ACHING | frozenset(["when", "whenev"])


def _where_not_why(hits: list[_Hit], tokens: list[_Token], vocabulary: _Vocabulary) -> list[_Hit]:
    """ "My knee gave out on the stairs": where a warning sign happened is not what makes
    the pain worse. An aggravating factor in a clause with a red flag and no word of pain
    is dropped."""
    flagged = {tokens[h.first].clause for h in hits if vocabulary.categories.get(h.symptom) == "red_flag"}
    pained: set[int] = set()
    aching: set[int] = set()  # a pain of any word, or "when" ("my foot goes white when I run")
    ached: set[int] = set()  # a pain of any word
    for token in tokens:
        if token.stem in ("hurt", "wors"):
            pained.add(token.clause)
        if token.stem in _PAIN_STEMS or token.stem in _ACHING_OR_WHEN:
            aching.add(token.clause)
        if token.stem in _PAIN_STEMS or token.stem in _ACHING:
            ached.add(token.clause)

    def place(hit: _Hit) -> bool:
        before = [tokens[i].word for i in range(max(0, hit.first - 2), hit.first)]
        return len(before) == 2 and before[0] in _AT and before[1] == "the"

    # "Came off my bike", "fell down the stairs": where an injury happened, not what hurts.
    injured = {
        tokens[h.first].clause
        for h in hits
        if h.symptom == "knee_injury" or "knee_injury" in vocabulary.implies.get(h.symptom, ())
    }
    # "Breathless climbing stairs", "it catches going downstairs", "a bit warm after my run": a
    # sign said with what one was doing, and no pain in its clause, says nothing is worse then;
    # "when" makes it what brings the sign on ("my foot goes white when I run").
    signed = {
        tokens[h.first].clause
        for h in hits
        if vocabulary.categories.get(h.symptom) in ("red_flag", "context", "condition") and h.symptom not in _WORSE_WHEN
    }
    # "It got stuck bent when I stood up from squatting", "popped while I was squatting": the
    # moment an injury or a warning sign happened, said in its sentence.
    happened = {tokens[h.first].sentence for h in hits if tokens[h.first].clause in flagged | injured}
    moments = {last for _, last in _mark_cues(tokens, vocabulary.moments)}
    # "My knees crack when I squat", "clicks on the stairs but doesn't hurt": a joint's noise said
    # with what one was doing, and no pain or ache in its clause, is when the noise comes.
    noisy = {
        (id_, tokens[first].clause)
        for id_, words in vocabulary.noises.items()
        for first, _ in _mark_cues(tokens, words)
    }
    return [
        hit
        for hit in hits
        if not ((hit.symptom, tokens[hit.first].clause) in noisy and tokens[hit.first].clause not in ached)
        and not (
            vocabulary.categories.get(hit.symptom) == "aggravating_factor"
            and tokens[hit.first].clause not in pained
            and (
                (tokens[hit.first].clause in flagged and place(hit))
                or tokens[hit.first].clause in injured
                or (
                    tokens[hit.first].sentence in happened
                    and (
                        any(hit.first - 1 <= last <= hit.last for last in moments)
                        or any(tokens[i].raw.endswith("ed") for i in hit.tokens)  # "when he squatted"
                    )
                )
            )
        )
        and not (
            vocabulary.categories.get(hit.symptom) == "aggravating_factor"
            and hit.symptom not in _CIRCUMSTANCES
            and tokens[hit.first].clause in signed - aching
        )
    ]


_ALONG = frozenset(
    ["the", "a", "stair", "hill", "hills", "slope", "slopes", "them", "some", "that", "this", "ramp", "to", "into"]
)
_CONDITION = frozenset(["when", "whenever", "if"])
# A finding said in the present, or kept up ("gives way", "keeps giving out"): what happens.
_HAPPENS = frozenset(["gives", "give", "giving", "goes", "going", "buckles", "buckling", "collapses", "keeps", "keep"])


def _led_to(hits: list[_Hit], tokens: list[_Token], vocabulary: _Vocabulary, cues: _Cues) -> list[_Hit]:
    """ "My knee gave way and I fell": what another finding in its sentence led to (the pack's
    ``results``), said once and plainly, is what the pack's ``result_is`` names (a fall), read
    also where its words alone name nothing ("... and I went down"). Denied, doubted, nearly
    so or one of many ("fell each time"), a finding's words made only of it are that finding's,
    not one of their own."""
    led: dict[int, frozenset[str]] = {}
    for hit in hits:
        words = vocabulary.results.get(hit.symptom)
        if words:
            sentence = tokens[hit.first].sentence
            led[sentence] = led.get(sentence, frozenset()) | words
    if not led:
        return hits
    once = _results_once(hits, tokens, vocabulary, cues, set(led))
    if once:
        plain = {tokens[first].sentence for _, first, _ in once}
        led = {sentence: words for sentence, words in led.items() if sentence not in plain}
        taken = {(hit.symptom, i) for hit in hits for i in hit.tokens}
        hits = hits + [
            _Hit(symptom, first, last, tuple(range(first, last + 1)))
            for symptom, first, last in once
            if not any((symptom, i) in taken for i in range(first, last + 1))
        ]

    def only_results(hit: _Hit) -> bool:
        results = led.get(tokens[hit.first].sentence, frozenset())
        said = [i for i in hit.tokens if tokens[i].stem in results]
        # "knee keeps giving way and she's fallen": a body part named before the result, the
        # phrase read backwards ("fall ... knee"), is the giving knee's, not a blow to it.
        return bool(said) and all(
            i in said or (vocabulary.parts.get(tokens[i].stem) and i < said[0]) for i in hit.tokens
        )

    return [hit for hit in hits if hit.symptom in vocabulary.results or not only_results(hit)]


def _results_once(
    hits: list[_Hit], tokens: list[_Token], vocabulary: _Vocabulary, cues: _Cues, sentences: set[int]
) -> list[tuple[str, int, int]]:
    """(what it is, first, last) of each result said once and plainly in ``sentences``: not in
    a sentence that says it again and again ("fell each time", "keeps falling"), not right
    after a near miss ("nearly went down"), not denied before it in its scope ("didn't fall")
    and not in a doubted or asking clause."""
    many = {tokens[first].sentence for first, _ in _mark_cues(tokens, vocabulary.repeated)}
    near = {last for _, last in _mark_cues(tokens, vocabulary.near_misses)}
    # "fell asleep", "last fall": words the pack says never make a finding make no fall either.
    ignored = {i for first, last in _mark_cues(tokens, vocabulary.ignore) for i in range(first, last + 1)}
    denied_from = {scope: min(span[1] for span in spans) for scope, spans in cues.negations_by_scope.items()}
    found: list[tuple[str, int, int]] = []
    for symptom in {hit.symptom for hit in hits if tokens[hit.first].sentence in sentences}:
        if symptom not in vocabulary.result_is:
            continue
        result, words = vocabulary.result_is[symptom]
        # "it gives way and I fall", "keeps giving out": a finding said as what happens, not
        # as what happened once, makes what follows it one of many too.
        said = {
            tokens[hit.first].sentence
            for hit in hits
            if hit.symptom == symptom
            and not any(t.raw in _HAPPENS for t in tokens[max(0, hit.first - 2) : hit.last + 1])
        }
        for first, last in _mark_cues(tokens, words):
            token = tokens[first]
            if token.sentence not in said or token.sentence in many or first - 1 in near or token.raw == "falls":
                continue
            if any(i in ignored for i in range(first, last + 1)):
                continue
            if token.clause in cues.hedges_by_clause or token.clause in cues.questions:
                continue
            after = tokens[last + 1] if last + 1 < len(tokens) and tokens[last + 1].clause == token.clause else None
            if tokens[last].stem == "down" and after is not None and after.stem in _ALONG:
                continue  # "gave out going down the stairs": a way walked, not a fall
            if any(t.word in _CONDITION for t in tokens[max(0, first - 3) : first] if t.clause == token.clause):
                continue  # "gives out when I go down steps": what happens, not a fall that did
            if denied_from.get(token.scope, len(tokens)) < first:
                continue
            found.append((result, first, last))
    return found


def _result_denied(
    hits: list[_Hit], tokens: list[_Token], vocabulary: _Vocabulary, negations: list[tuple[int, int]]
) -> dict[tuple[int, str], str]:
    """(sentence, finding) -> the words denying, in that sentence, that the finding ever led
    to what the pack's ``results`` name: "it gives way but I've never fallen" says the knee
    gives way and not that it makes one fall, which the sign is, so it is unsure. One time
    it did not ("gave way on the escalator, didn't go down") leaves the others said."""
    found: dict[tuple[int, str], str] = {}
    denied_before = {last: first for first, last in negations if any(t.word in _EVER for t in tokens[first : last + 1])}
    for symptom in {hit.symptom for hit in hits if hit.symptom in vocabulary.led_to}:
        for first, last in _mark_cues(tokens, vocabulary.led_to[symptom]):
            start = next(
                (
                    denied_before[i]
                    for i in range(first - 1, max(-1, first - 1 - _NEGATION_REACH), -1)
                    if i in denied_before and tokens[i].clause == tokens[first].clause
                ),
                None,
            )
            if start is not None:
                words = " ".join(t.raw for t in tokens[start : last + 1])
                found.setdefault((tokens[first].sentence, symptom), words)
    return found


def _taken_by(
    hits: list[_Hit], tokens: list[_Token], vocabulary: _Vocabulary, denied_from: dict[int, int]
) -> list[_Hit]:
    """ "Dodgy knee, goes out on me every few weeks": a finding said in the pack's ``taken_by``
    words for it, in a text that says their other finding and does not deny it, is said of that
    other ("dodgy" is how the knee gives way), and no finding of its own. ``denied_from``: each
    scope's first negation's end."""
    if not vocabulary.taken_by:
        return hits
    said = {
        hit.symptom
        for hit in hits
        if hit.polarity is None and not denied_from.get(tokens[hit.first].scope, len(tokens)) < hit.first
    }
    taken: dict[str, set[int]] = {}  # id -> where its taken_by words stand, found once per id
    for id_, (other, words) in vocabulary.taken_by.items():
        if other in said:
            taken[id_] = {i for first, last in _mark_cues(tokens, words) for i in range(first, last + 1)}
    return [hit for hit in hits if not taken.get(hit.symptom, set()) & set(hit.tokens)]


def _instead(
    hits: list[_Hit], tokens: list[_Token], vocabulary: _Vocabulary, negations: list[tuple[int, int]]
) -> list[_Hit]:
    """ "The knee locked ... till it suddenly let go": a finding its sentence later shows to be
    another (the pack's ``instead``) is that other; a denied one ("it doesn't lock, it just
    clunks") stays as it is."""
    out: list[_Hit] = []
    shown: dict[str, list[tuple[int, int]]] = {}
    negated: dict[int, int] = {}  # scope -> where its first negation ends
    for first, last in negations:
        negated.setdefault(tokens[first].scope, last)
    for hit in hits:
        other = vocabulary.instead.get(hit.symptom)
        denied = negated.get(tokens[hit.first].scope, len(tokens)) < hit.first
        if other is not None and not denied:
            if hit.symptom not in shown:
                # "... and won't unlock", "can't wiggle it free": a cue denied shows nothing.
                shown[hit.symptom] = [
                    (first, last)
                    for first, last in _mark_cues(tokens, other[1])
                    if not any(
                        t.word in _DENYING and t.scope == tokens[first].scope for t in tokens[max(0, first - 4) : first]
                    )
                ]
            sentence = tokens[hit.first].sentence
            if any(first > hit.last and tokens[first].sentence == sentence for first, _ in shown[hit.symptom]):
                hit = _Hit(
                    other[0], hit.first, hit.last, hit.tokens, hit.timed, hit.means_absent, hit.polarity, hit.about
                )
        out.append(hit)
    return out


def _needing(hits: list[_Hit], vocabulary: _Vocabulary) -> list[_Hit]:
    """A finding the pack says ``needs`` another ("swelled up straight away" needs an injury)
    counts only when the text says that other too; alone it is what it implies besides
    ("water on the knee, like a balloon" is a swollen knee, not a sign after an injury)."""
    out: list[_Hit] = []
    said: dict[str, int] = {}  # symptom -> how many hits say it, directly or by implication
    for hit in hits:
        if hit.polarity == "unknown":
            continue  # "no idea how" leaves an injury open: it does not say one
        for symptom in {hit.symptom, *vocabulary.implies.get(hit.symptom, ())}:
            said[symptom] = said.get(symptom, 0) + 1
    for hit in hits:
        needed = vocabulary.needs.get(hit.symptom)
        own = needed is not None and needed in vocabulary.implies.get(hit.symptom, ())
        if needed is None or said.get(needed, 0) > int(own):
            out.append(hit)
            continue
        for instead in vocabulary.implies.get(hit.symptom, ()):
            if instead != needed:
                out.append(
                    _Hit(
                        instead, hit.first, hit.last, hit.tokens, polarity=hit.polarity, about=hit.about, of_timed=True
                    )
                )
    return out


@dataclass
class _Cues:
    """Cue spans indexed by clause and scope, so each finding looks only at its own."""

    hedges_by_clause: dict[int, list[tuple[int, int]]]
    negations_by_scope: dict[int, list[tuple[int, int]]]
    after_by_scope: dict[int, list[tuple[int, int]]]
    questions: set[int]
    hedge_only: set[int]  # clauses that hold nothing but a hedge ("..., not sure")
    answers: dict[int, tuple[int, int]]  # clauses that are only a "no" ("Injury? No.")
    last_scope: dict[int, int] = field(default_factory=dict)  # clause -> its last scope
    asking: set[int] = field(default_factory=set)  # clauses of a sentence that asks ("should I...?")
    sentence_of: dict[int, int] = field(default_factory=dict)  # clause -> the sentence it opens in
    dashed: set[int] = field(default_factory=set)  # clauses a dash ends ("Fever - no")
    # Clauses that deny nothing in particular and hedge it ("nothing happened as far as we know")
    hedged_denials: dict[int, tuple[int, int]] = field(default_factory=dict)
    affirmed: set[int] = field(default_factory=set)  # clauses opening with a "yes" ("Knee pain? Yes.")
    denying: set[int] = field(default_factory=set)  # clauses that hold a negation
    # Clauses that close their sentence with a hedge and little else ("- I don't think so anyway")
    closing_hedges: set[int] = field(default_factory=set)
    closed_by: dict[int, int] = field(default_factory=dict)  # clause -> closing hedge its run of denials reaches
    next_said: dict[int, int] = field(default_factory=dict)  # clause -> the next clause that says something
    last_found: dict[int, int] = field(default_factory=dict)  # clause -> its last scope holding a finding's word
    ends_hedged: dict[int, tuple[int, int]] = field(default_factory=dict)  # clause -> the hedge closing its sentence
    # Bare items of a list a denial opens ("No swelling, heat, redness or fever") -> that denial
    listed: dict[int, tuple[int, int]] = field(default_factory=dict)
    # Clauses of a question asking what to do about what it names ("can I foam roll if my calf is
    # swollen?") -> the word after which what it names is taken as said
    presumed: dict[int, int] = field(default_factory=dict)


def _presumed(tokens: list[_Token], first_in: dict[int, int], cues: _Cues) -> dict[int, int]:
    """The clauses of a question asking what to do, or whether a thing is all right, about
    something it names after "if", "when", "for" or "with" ("can I foam roll if my calf is
    swollen?", "do I need to see a doctor for a swollen knee?", "is stretching ok for a tight IT
    band?"): what follows the condition is taken as so, as the writers of parts 17, 21 and 22
    code it; what the question asks about itself ("can I walk on it if ...?") stays asked. A
    denial after the condition ("... with no pain?") leaves the clause asked."""
    presumed: dict[int, int] = {}
    for sentence, index in first_in.items():
        opening = tuple(t.word for t in tokens[index : index + 3])
        advice = opening[:2] in _ADVICE_OPENINGS or opening in _ADVICE_OPENINGS
        # "Is stretching ok for ...", "is it safe to run with ...": whether a thing is all right.
        words = [t.word for t in tokens[index : index + 4] if t.sentence == sentence]
        # "is it ok if my calf is swollen?" still only raises it: whether it is so is the question.
        all_right = not advice and words[:1] == ["is"] and any(w in _ALL_RIGHT for w in words[1:])
        if not advice and not all_right:
            continue
        conditions = _CONDITIONS - {"if", "when"} if all_right else _CONDITIONS
        for at in range(index, len(tokens)):
            token = tokens[at]
            if token.sentence != sentence:
                break
            if token.word in conditions and token.clause in cues.questions and token.clause not in presumed:
                scopes: set[int] = set()
                for later in itertools.islice(tokens, at, None):  # the rest of its clause only
                    if later.clause != token.clause:
                        break
                    scopes.add(later.scope)
                if not any(span[0] > at for scope in scopes for span in cues.negations_by_scope.get(scope, ())):
                    presumed[token.clause] = at
    return presumed


# Denials a record opens a list with ("Denies fever, chills, calf pain"): they reach each bare
# item of it, with no "or" to close it.
_RECORD_DENIALS = frozenset(["denies", "denied", "deny"])
# A part said with how it is ("knee painful", "calf swollen"): a statement, never a bare item of
# a list a denial opened ("fever denied, calf swollen" says the calf is swollen).
_SAID_OF_A_PART = frozenset(["painful", "swollen", "puffy", "hot", "warm", "red", "tender", "sore", "stiff", "bruised"])


def _denied_lists(
    tokens: list[_Token],
    negations: list[tuple[int, int]],
    hits: list[_Hit],
    states: list[tuple[int, int]],
    found_in: set[int],
    parts: list[str | None],
) -> dict[int, tuple[int, int]]:
    """Clauses that are bare items of a list a denial opens, each with that denial: "No
    swelling, heat, redness or fever", "Pt denies fever, chills, calf pain". A clause whose
    denial is followed only by what it names opens the list; each clause after it in its
    sentence that names a finding or a state and nothing else is an item, up to one holding
    "or" or "nor", which closes it. A list no "or" closes is read so only after a record's
    denial: "no calf pain, fever" may be two things said, and the fever is left as said."""
    phrased = {i for hit in hits for i in hit.tokens}
    named = phrased | {i for first, last in [*negations, *states] for i in range(first, last + 1)}
    first_of: dict[int, int] = {}
    last_named: dict[int, int] = {}  # clause -> its last word of a finding, a state or a denial
    words: dict[int, list[int]] = {}  # clause -> its words besides findings, states, denials and fillers
    closing: set[int] = set()  # clauses holding an "or" or a "nor"
    for index, token in enumerate(tokens):
        first_of.setdefault(token.clause, index)
        if index in named:
            last_named[token.clause] = index
        if token.word in ("or", "nor") and index not in phrased:
            closing.add(token.clause)  # not a phrase's own "or" ("can't bend or straighten")
        elif index not in named and token.word not in _FILLER and token.word not in ("or", "nor"):
            words.setdefault(token.clause, []).append(index)
    # A denial opens a list only before what it denies: "fever denied" has closed its item.
    opening = {
        tokens[span[0]].clause: span
        for span in negations
        if tokens[span[0]].clause in found_in
        and tokens[span[0]].clause not in closing
        and not any(i > span[1] for i in words.get(tokens[span[0]].clause, ()))
        and last_named.get(tokens[span[0]].clause, -1) > span[1]
    }
    stated = {  # clauses ending in how a part is, after the part: "knee painful"
        tokens[index].clause
        for index, token in enumerate(tokens)
        if token.word in _SAID_OF_A_PART
        and (index + 1 == len(tokens) or tokens[index + 1].clause != token.clause)
        and any(parts[i] is not None and tokens[i].clause == token.clause for i in range(max(0, index - 3), index))
    }
    listed: dict[int, tuple[int, int]] = {}
    for clause, span in opening.items():
        items: list[int] = []
        closed = tokens[span[0]].word in _RECORD_DENIALS
        item = clause + 1
        # A list ends where another denial opens one of its own, so each clause is walked once.
        while (
            item in first_of
            and item not in words
            and item not in opening
            and item not in stated
            and tokens[first_of[item]].sentence == tokens[span[0]].sentence
        ):
            items.append(item)
            if item in closing:
                closed = True
                break
            item += 1
        if closed:
            listed.update((item, span) for item in items)
    return listed


def _meant_to(tokens: list[_Token], index: int) -> bool:
    """Whether the sentence opening at ``index`` asks "is my foot meant (supposed) to ...?"."""
    words = [t.word for t in tokens[index : index + 6] if t.sentence == tokens[index].sentence]
    if words[:1] != ["is"]:
        return False
    at = next((i for i, word in enumerate(words) if word in ("meant", "supposed")), None)
    return at is not None and at + 1 < len(words) and words[at + 1] == "to"


def _cues(
    tokens: list[_Token],
    negations: list[tuple[int, int]],
    after: list[tuple[int, int]],
    hedges: list[tuple[int, int]],
    found_in: set[int],
) -> _Cues:
    cues = _Cues({}, {}, {}, {token.clause for token in tokens if token.question}, set(), {})
    cues.dashed = {token.clause for token in tokens if token.dash}
    first_of: dict[int, int] = {}  # clause -> index of its first word
    first_in: dict[int, int] = {}  # sentence -> index of its first word
    for index, token in enumerate(tokens):
        first_of.setdefault(token.clause, index)
        first_in.setdefault(token.sentence, index)
        cues.last_scope[token.clause] = token.scope
    opening = {clause: tokens[index].word for clause, index in first_of.items()}
    cues.sentence_of = {clause: tokens[index].sentence for clause, index in first_of.items()}
    cues.affirmed = {clause for clause, word in opening.items() if word in _YES}
    cues.affirmed |= {
        clause
        for clause, index in first_of.items()
        if any(tuple(t.word for t in tokens[index : index + len(some)]) == some for some in _SOME)
    }
    # "Should I worry about my knee pain?" asks about a pain it states; "maybe a fever?" hedges.
    cues.asking = {t.clause for t in tokens if tokens[first_in[t.sentence]].word in _ASKING}
    # "..., should I worry about my knee pain at night?": a clause that opens asking, too.
    cues.asking |= {clause for clause, word in opening.items() if word in _ASKING}
    # "Is it bad that there's a dip above my kneecap?": the question takes what it asks about as said.
    presupposing: set[int] = set()
    for sentence, index in first_in.items():
        words = [t.word for t in tokens[index : index + 4]]
        if (
            len(words) == 4
            and words[0] == "is"
            and words[1] in ("it", "this", "that")
            and words[2] in _PRESUPPOSING
            and words[3] in ("that", "for", "when", "to")
        ):
            presupposing.add(sentence)
        # "Is it bad if my knee clicks?", "Is it a bad sign if your knee is warm?": whether what
        # is so is bad; "is it ok if my calf is swollen?" still only raises it.
        bad = [t.word for t in tokens[index : index + 6] if t.word not in ("a", "sign")][:4]
        if bad[:2] in (["is", "it"], ["is", "this"], ["is", "that"]) and bad[2:] in (["bad", "if"], ["serious", "if"]):
            presupposing.add(sentence)
        # "Is my foot meant to tingle?", "Why does it hurt more after sitting?": asked of what is so.
        why = words[1:] if words[:1] in (["and"], ["so"], ["but"]) else words
        if _meant_to(tokens, index) or (why[:1] == ["why"] and why[1:2] and why[1] in _WHY_OF):
            presupposing.add(sentence)
    cues.asking |= {t.clause for t in tokens if t.sentence in presupposing}
    for span in hedges:
        cues.hedges_by_clause.setdefault(tokens[span[0]].clause, []).append(span)
    for span in negations:
        cues.negations_by_scope.setdefault(tokens[span[0]].scope, []).append(span)
        cues.denying.add(tokens[span[0]].clause)
    for span in after:
        cues.after_by_scope.setdefault(tokens[span[0]].scope, []).append(span)
    cues.presumed = _presumed(tokens, first_in, cues)
    # A clause that is only a hedge: no finding, and at most one word besides the hedge
    # ("..., not sure", "I'm not sure if it's the knee or the calf"; not "think I tore something").
    content: dict[int, int] = {}
    for token in tokens:
        if not token.hedge and not token.used and token.word not in _FILLER and token.stem not in _PARTISH:
            content[token.clause] = content.get(token.clause, 0) + 1
    cues.hedge_only = {c for c in cues.hedges_by_clause if c not in found_in and content.get(c, 0) <= 1}
    # "..., or maybe it's just gone to sleep": a clause opening with "or" and a hedge offers
    # another reading of what the clause before it said, so that is unsure too.
    cues.hedge_only |= {
        c
        for c, spans in cues.hedges_by_clause.items()
        if tokens[first_of[c]].word == "or" and any(span[0] - first_of[c] in (1, 2) for span in spans)
    }
    # Clauses that say nothing (a time, "since yesterday"): a hedge-only clause after them
    # reaches the clause before them ("a bit off since yesterday, maybe anxiety").
    said = {t.clause for t in tokens if not t.used and t.word not in _FILLER} | found_in
    for clause in sorted(opening, reverse=True):  # one pass from the end: linear in the clauses
        following = clause + 1
        empty = following in opening and following not in said and following not in cues.hedges_by_clause
        cues.next_said[clause] = cues.next_said.get(following, following) if empty else following
    last_clause = {token.sentence: token.clause for token in tokens}
    cues.closing_hedges = {
        c for c in cues.hedges_by_clause if c not in found_in and content.get(c, 0) <= 2 and c in last_clause.values()
    }
    # "no swelling, no fever as far as I know": a hedge ending a sentence closes the run of
    # denials before it, even where its own clause names a finding too.
    last_token = {token.sentence: index for index, token in enumerate(tokens)}
    ends_hedged = {
        c for c, spans in cues.hedges_by_clause.items() if spans[-1][1] == last_token[tokens[spans[-1][1]].sentence]
    }
    cues.ends_hedged = {c: cues.hedges_by_clause[c][-1] for c in ends_hedged}
    # A denial, or a list's bare item ("No swelling, heat, redness or fever ..."), is in the run.
    in_run = {c for c in opening if c in cues.denying or c not in found_in or not content.get(c, 0)}
    for clause in sorted(opening, reverse=True):  # one pass from the end: linear in the clauses
        following = clause + 1
        if following in cues.closing_hedges or (following in ends_hedged and following in in_run):
            cues.closed_by[clause] = following
        elif following in cues.closed_by and following in in_run:
            cues.closed_by[clause] = cues.closed_by[following]
    in_after = {i for first, last in after for i in range(first, last + 1)}
    answered = {token.clause for i, token in enumerate(tokens) if i not in in_after and token.word not in _FILLER}
    # "Calf swollen - and no, it's not the first time": a clause opening with "and" adds to
    # what came before it, and answers no question or dash.
    answered |= {clause for clause, word in opening.items() if word in _JOINING}
    for span in after:
        clause = tokens[span[0]].clause
        # "tender post inversion injury? no, post direct blow": a "no" going on with another
        # cause corrects the question's cause, and answers nothing else it named.
        following = span[1] + 1
        corrected = following < len(tokens) and tokens[following].sentence == tokens[span[1]].sentence
        corrected = corrected and tokens[following].raw in _OTHER_CAUSE
        if clause not in answered and not corrected:
            cues.answers[clause] = span
    return cues


_OTHER_CAUSE = frozenset(["post", "after", "from"])
# Words that deny what they follow by saying it is fine ("knee fine"), not that it never was.
_FINE = frozenset(["fine", "ok", "okay", "normal"])


def _where_pain_is(hits: list[_Hit], tokens: list[_Token], vocabulary: _Vocabulary) -> list[_Hit]:
    """ "Cartilage under my kneecap is soft": a place on the knee is where a pain is only in a
    text that speaks of pain (a word of pain, a pain or what makes it worse); a place alone
    says where something else is."""
    # "knee is numb on the outside since my op and aches a bit": the place is the numbness's, in
    # a clause of its own, and the ache, not pointing back to it ("and it aches there too"), is
    # a pain with no place (parts 21, 22 and 24, and 5 and 11, code knee pain so, 6 of 6).
    numb = {t.clause for t in tokens if t.stem == "numb"}
    pained = {t.clause for t in tokens if t.stem in _PAIN_STEMS or t.word in _PAIN_STEMS}
    if numb - pained and pained - numb and not any(t.word == "there" and t.clause in pained for t in tokens):
        hits = [
            h
            for h in hits
            if not (
                h.symptom in _PLACES_OF_PAIN
                and tokens[h.first].clause in numb - pained
                and tokens[h.last].clause in numb - pained
            )
        ]
    if any(t.stem in _PAIN_STEMS or t.word in _PAIN_STEMS for t in tokens) or any(
        vocabulary.categories.get(h.symptom) in ("knee_pain", "aggravating_factor") and h.symptom not in _PLACES_OF_PAIN
        for h in hits
    ):
        return hits
    # "My calf is fine, it's the back of my knee": a place said as where "it" is, the complaint.
    return [
        hit
        for hit in hits
        if hit.symptom not in _PLACES_OF_PAIN
        or any(
            t.word == "its" and t.clause == tokens[hit.first].clause for t in tokens[max(0, hit.first - 3) : hit.first]
        )
    ]


_ELSE = frozenset(["else", "nowhere", "other", "rest"])
_KNEECAP = frozenset([_stem("kneecap"), _stem("patella")])


def _of_a_sign(hits: list[_Hit], tokens: list[_Token], vocabulary: _Vocabulary) -> list[_Hit]:
    """ "The bony bit just under my knee is tender": a pain word in the scope of a sign found
    by pressing a place says that sign, not a knee pain besides; "below my bad knee", a place."""
    pressed = [h for h in hits if vocabulary.in_part & {_stem(w) for w in h.symptom.split("_")}]
    signs = {tokens[h.first].scope for h in pressed}
    # "Kneecap tender, nothing else tender", "it hurts but nowhere else hurts": the rest of the
    # knee denied beside a sign found by pressing says the sign's "only", not a pain besides.
    beside = {tokens[h.first].sentence for h in pressed}
    rest = {t.clause for t in tokens if t.word in _ELSE and t.sentence in beside}
    out = [
        h
        for h in hits
        if not (
            h.symptom == "knee_pain"
            and (tokens[h.first].scope in signs or tokens[h.first].clause in rest or _a_place(h, tokens))
        )
    ]
    if pressed or "isolated_patellar_tenderness" not in vocabulary.categories:
        return out
    # "My kneecap is sore when I touch it but nowhere else is", "cracked my kneecap, it's
    # tender just there and nowhere else": a pain of the kneecap, the rest of the knee then
    # denied in its sentence, is the kneecap's tenderness alone.
    kneecap_by: dict[int, int] = {}  # sentence -> where its kneecap is first named
    else_after: dict[int, int] = {}  # sentence -> where its last word of the rest is
    for index, token in enumerate(tokens):
        cap = token.stem in _KNEECAP or (token.word == "cap" and index and tokens[index - 1].word == "knee")
        if cap:
            kneecap_by.setdefault(token.sentence, index)
        if token.word in _ELSE:
            else_after[token.sentence] = index
    return [
        replace(h, symptom="isolated_patellar_tenderness")
        if h.symptom == "knee_pain"
        and kneecap_by.get(tokens[h.first].sentence, len(tokens)) <= h.last
        and else_after.get(tokens[h.first].sentence, -1) > h.last
        else h
        for h in out
    ]


# Where a pain is about a thing "it" stands for ("hurts behind it", "aches round it").
_ABOUT_IT = frozenset(["behind", "round", "around", "under", "beneath"])
_PRESSING = frozenset(_stem(word) for word in ["press", "touch", "push", "prod", "poke", "feel"])
# How many words back "it" may reach for the part it stands for.
_IT_REACH = 16


def _round_the_kneecap(
    hits: list[_Hit], tokens: list[_Token], parts: list[str | None], vocabulary: _Vocabulary
) -> list[_Hit]:
    """ "My kneecap doesn't track properly, hurts behind it on stairs", "the kneecap has never come
    out. It just aches round it": a pain behind or round "it", where the last part named before
    it is the kneecap, is at the front of the knee; "knee ache behind it" stays the knee's."""
    if "anterior_knee_pain" not in vocabulary.categories:
        return []
    found: list[_Hit] = []
    elsewhere = {t.clause for t in tokens if t.word in _ELSE}
    for index in range(2, len(tokens)):
        if tokens[index].word != "it" or tokens[index - 1].word not in _ABOUT_IT:
            continue
        clause = tokens[index].clause
        # "Nowhere else hurts when I press around it": where it is pressed, the rest denied.
        if tokens[index - 2].stem in _PRESSING or clause in elsewhere:
            continue
        pain = [
            i
            for i in range(max(0, index - 5), index - 1)
            if tokens[i].clause == clause and (tokens[i].stem in _PAIN_STEMS or tokens[i].stem in _ACHING)
        ]
        if not pain:
            continue
        named = next(
            (i for i in range(index - 2, max(-1, index - _IT_REACH), -1) if parts[i] is not None),
            None,
        )
        if named is None or not (
            tokens[named].stem in _KNEECAP
            or (tokens[named].word == "cap" and named > 0 and tokens[named - 1].word == "knee")
        ):
            continue
        if any(h.symptom in _PLACES_OF_PAIN and h.first <= index <= h.last + 3 for h in hits):
            continue
        found.append(_Hit("anterior_knee_pain", pain[0], index, (pain[0], index - 1, index)))
    return found


def _a_place(hit: _Hit, tokens: list[_Token]) -> bool:
    """ "My foot is cold below the bad knee": a phrase after "below", "under" or "above" says
    where something else is."""
    before = [t.word for t in tokens[max(0, hit.first - 3) : hit.first] if t.clause == tokens[hit.first].clause]
    before = [word for word in before if word not in _DETERMINERS]
    return before[-1:] in (["below"], ["under"], ["beneath"], ["above"])


def _pointing_back(tokens: list[_Token], vocabulary: _Vocabulary, found_in: set[int]) -> set[int]:
    """Clauses that doubt what the clause before them said, by a hedge pointing back at it
    ("..., not sure if that's normal for him"): no finding of their own, and at most two
    words besides the hedge (whoever or whatever it names)."""
    spans = _mark_cues(tokens, vocabulary.hedges_back)
    inside = {i for first, last in spans for i in range(first, last + 1)}
    clauses = {tokens[first].clause for first, _ in spans} - found_in
    content: dict[int, int] = {}
    for index, token in enumerate(tokens):
        if token.clause not in clauses or index in inside or token.hedge or token.used:
            continue
        if token.word not in _FILLER and token.stem not in _PARTISH:
            content[token.clause] = content.get(token.clause, 0) + 1
    return {clause for clause in clauses if content.get(clause, 0) <= 2}


def _so_unsure(tokens: list[_Token], cues: _Cues, found_in: set[int]) -> set[int]:
    """Clauses naming nothing that end in "so" and a hedge ("... but I had a hot water bottle
    on it so I dunno"): a reason to doubt, concluding that what was said before is unsure
    ("so probably nothing", "so hard to say where" go on to say of what). The hedge may point
    back at what was said as its cause ("lost weight but I've been stressed so maybe that's
    why", "short of breath but I've got asthma so maybe that's it")."""
    out: set[int] = set()
    for clause, spans in cues.hedges_by_clause.items():
        last = spans[-1][1] + 1
        while last < len(tokens) and tokens[last].clause == clause and tokens[last].word in _THAT_ONE:
            last += 1
        if last < len(tokens) and tokens[last].clause == clause:
            continue
        first = spans[-1][0] - 1
        while first >= 0 and tokens[first].word in _PERSONAL and tokens[first].clause == clause:
            first -= 1
        if clause not in found_in and first >= 0 and tokens[first].word == "so" and tokens[first].clause == clause:
            out.add(clause)
    return out


def _hedged_denials(cues: _Cues, tokens: list[_Token], denials: list[tuple[int, int]], hits: list[_Hit]) -> None:
    """Note the clauses that deny nothing named and hedge it ("nothing happened as far as we know")."""
    found_in = {tokens[hit.first].clause for hit in hits}
    for span in denials:
        clause = tokens[span[0]].clause
        if clause in cues.hedges_by_clause and clause not in found_in:
            cues.hedged_denials.setdefault(clause, cues.hedges_by_clause[clause][0])


def _never_so(
    findings: list[ParsedFinding], tokens: list[_Token], vocabulary: _Vocabulary, text: str
) -> list[ParsedFinding]:
    """ "I feel like my knee is going to give way but it never has": a clause that is only the
    pack's ``never_so`` words (and "but", "it", "actually") denies what the clause before it in
    its sentence only feared or raised; it leaves alone what that clause says plainly."""
    clause_at = {token.start: token.clause for token in tokens}
    for first, last in _mark_cues(tokens, vocabulary.never_so):
        clause = tokens[first].clause
        start, end = first, last  # the clause around the cue, walked once per cue it holds
        while start > 0 and tokens[start - 1].clause == clause:
            start -= 1
        while end + 1 < len(tokens) and tokens[end + 1].clause == clause:
            end += 1
        around = [*tokens[start:first], *tokens[last + 1 : end + 1]]
        if any(t.word not in _FILLER and t.word not in _NEVER_SO_ASIDE for t in around) or start == 0:
            continue
        if tokens[start - 1].sentence != tokens[first].sentence:
            continue
        feared = [
            f
            for f in findings
            if f.kind == "symptom"
            and f.polarity == "unknown"
            and f.about == "patient"
            and clause_at.get(f.start) == clause - 1
            and not _STOPS & set(text[f.end : tokens[first].start])
        ]
        if not feared:
            continue
        denial = " ".join(t.raw for t in tokens[first : last + 1])
        last_feared = feared[-1].symptom  # the nearest: "maybe swollen, and it might give way"
        findings = [
            f.model_copy(update={"polarity": "absent", "present": False, "negation": denial, "hedge": None})
            if any(f is g for g in feared) and f.symptom == last_feared
            else f
            for f in findings
        ]
    return findings


def _also_me(findings: list[ParsedFinding], tokens: list[_Token], vocabulary: _Vocabulary) -> list[ParsedFinding]:
    """ "My mum is on warfarin and so am I": what another person was said to have in the
    clause right before one of the pack's ``also_me`` words, in the same sentence, the
    patient has too (a copy of each such finding, about the patient)."""
    clause_at = {token.start: token.clause for token in tokens}
    shared: list[ParsedFinding] = []
    for first, last in _mark_cues(tokens, vocabulary.also_me):
        clause, sentence = tokens[first].clause, tokens[first].sentence
        after = [t for t in tokens[last + 1 :] if t.clause == clause]
        opens = first == 0 or tokens[first - 1].clause != clause or tokens[first - 1].word in ("and", "but")
        if not opens or any(t.word not in _ALSO_ME_ASIDE for t in after):
            continue  # "tests for me too", "I am too young": not said on its own
        before = {t.clause for t in tokens[:first] if t.sentence == sentence and t.clause >= clause - 1}
        shared += [
            f.model_copy(update={"about": "patient"})
            for f in findings
            if f.kind == "symptom" and f.about == "other" and clause_at.get(f.start) in before
        ]
    return shared


_ALSO_ME_ASIDE = frozenset(["and", "actually", "but", "though", "as", "well", "too"])
_NEVER_SO_ASIDE = frozenset(["but", "though", "it", "actually", "thankfully", "luckily"])


def _after_but(hit: _Hit, tokens: list[_Token]) -> bool:
    """Whether ``hit``'s clause opens with "but" ("I've lost weight but I've been dieting")."""
    first = hit.first
    while first > 0 and tokens[first - 1].clause == tokens[hit.first].clause:
        first -= 1
    return tokens[first].word == "but"


def _explained(
    findings: list[ParsedFinding], reasons: list[tuple[ParsedFinding, bool]], text: str
) -> list[ParsedFinding]:
    """An id that leaves a reason out, said and then given that reason in its sentence: said
    plainly after "but" ("I have lost weight but I have been dieting"), the reason denies it;
    hedged ("Lost a bit of weight, not sure if it's the new diet"), it leaves it unsure. A
    reason given otherwise ("... though I have been dieting") leaves the two readings as they are."""
    for reason, but in reasons:
        if reason.polarity == "absent" and not but:
            continue
        update: dict[str, object] = (
            {"polarity": "absent", "present": False, "negation": reason.text, "hedge": None}
            if reason.polarity == "absent"
            else {"polarity": "unknown", "present": False, "negation": None, "hedge": reason.hedge}
        )
        findings = [
            f.model_copy(update=update)
            if f.symptom == reason.symptom
            and f.polarity != "absent"
            and f.about == "patient"
            and f.end <= reason.start
            and not _STOPS & set(text[f.end : reason.start])
            else f
            for f in findings
        ]
    return findings


def _half_doubted(
    hits: list[_Hit], tokens: list[_Token], vocabulary: _Vocabulary, cues: _Cues
) -> dict[tuple[int, str], str]:
    """(sentence, id) -> the hedge on the words of one part of the id's meaning ("Pain's there
    most nights, maybe not constant"; the pack's ``doubted_half``), in a clause that names no
    other finding: what the sentence says of the other part is unsure too."""
    out: dict[tuple[int, str], str] = {}
    for first, last in _mark_cues(tokens, vocabulary.doubted_halves):
        symptom = vocabulary.doubted_half[tuple(t.stem for t in tokens[first : last + 1])]
        clause = tokens[first].clause
        hedges = cues.hedges_by_clause.get(clause)
        if not hedges or any(h.symptom != symptom and tokens[h.first].clause == clause for h in hits):
            continue
        out.setdefault(
            (tokens[first].sentence, symptom), " ".join(t.raw for t in tokens[hedges[0][0] : hedges[0][1] + 1])
        )
    return out


def _polarity(
    hit: _Hit, tokens: list[_Token], cues: _Cues
) -> tuple[Literal["present", "absent", "unknown"], str | None, str | None]:
    polarity, negation, hedge = _clause_polarity(hit, tokens, cues)
    if polarity == "absent":
        # "Nothing happened as far as we know, no fall or knock": the denial that follows a
        # hedged one in its sentence spells it out, and is as unsure.
        before = cues.hedged_denials.get(tokens[hit.first].clause - 1)
        if before is not None and tokens[before[0]].sentence == tokens[hit.first].sentence:
            return "unknown", None, " ".join(token.raw for token in tokens[before[0] : before[1] + 1])
        # "No calf pain, no swelling, no breathlessness - I don't think so anyway": a hedge
        # trailing a run of denials in its sentence is about the whole run, not its last.
        later = cues.closed_by.get(tokens[hit.first].clause, -1)
        trailing = cues.hedges_by_clause.get(later, [])
        if trailing and tokens[trailing[0][0]].sentence == tokens[hit.first].sentence:
            return "unknown", None, " ".join(token.raw for token in tokens[trailing[0][0] : trailing[0][1] + 1])
        # ... and within one clause, past an "and" ("no fever and no swelling as far as I know").
        closing = cues.ends_hedged.get(tokens[hit.first].clause)
        if closing is not None and closing[0] > hit.last:
            return "unknown", None, " ".join(token.raw for token in tokens[closing[0] : closing[1] + 1])
    return polarity, negation, hedge


def _clause_polarity(
    hit: _Hit, tokens: list[_Token], cues: _Cues
) -> tuple[Literal["present", "absent", "unknown"], str | None, str | None]:
    token = tokens[hit.first]
    scope, clause = token.scope, token.clause

    def words(span: tuple[int, int]) -> str:
        return " ".join(token.raw for token in tokens[span[0] : span[1] + 1])

    # A hedge reaches forward through its clause, and back within its scope; a clause that
    # is only a hedge ("..., not sure") or a question mark, to the last scope before it.
    # A phrase may hold a scope end itself ("pins and needles ... that I saw").
    for span in cues.hedges_by_clause.get(clause, ()):
        if span[0] < hit.first or tokens[span[0]].scope in (scope, tokens[hit.last].scope):
            return "unknown", None, words(span)
    # The last scope of its clause that names anything: "a temperature on and off, I think"
    # (the scope "off" names nothing, so the closing hedge reaches the temperature).
    end = tokens[hit.last].scope
    last = cues.last_found.get(clause, -1) <= end
    hedged = cues.next_said.get(clause, clause + 1)
    if last and hedged in cues.hedge_only and tokens[cues.hedges_by_clause[hedged][0][0]].sentence == token.sentence:
        return "unknown", None, words(cues.hedges_by_clause[hedged][0])
    following = clause + 1
    if clause in cues.dashed and following in cues.answers:  # "Fever - no."
        return "absent", words(cues.answers[following]), None
    if clause in cues.questions:
        if following in cues.answers:  # "Injury? No."
            return "absent", words(cues.answers[following]), None
        if following in cues.affirmed and tokens[hit.last].clause == clause:  # "Calf swollen? Yes."
            # "Calf swollen? Yeah kinda.", "... Yes, I think so.": a hedged yes.
            for answer in (following, following + 1):
                doubt = cues.hedges_by_clause.get(answer)
                joined = doubt is not None and cues.sentence_of.get(following) == tokens[doubt[0][0]].sentence
                if doubt and (answer == following or (answer in cues.hedge_only and joined)):
                    return "unknown", None, words(doubt[0])
            return "present", None, None
        presumed = cues.presumed.get(clause)
        if last and clause not in cues.asking and (presumed is None or hit.first < presumed):
            return "unknown", None, "?"
    # Before the finding's last word and not one of its words: "no fever", "knee isn't swollen".
    for span in cues.negations_by_scope.get(scope, ()):
        own = any(i in hit.tokens for i in range(span[0], span[1] + 1))  # "is not tracking right"
        # "kneecap doesn't track right and there's softening...": the finding's next word is in its scope.
        beyond = tokens[min((i for i in hit.tokens if i > span[1]), default=hit.last)].scope == scope
        # "cant put no weight on it": a negation inside a phrase that is itself negative is
        # negative concord (dialect), the phrase's own negation said twice, not its denial.
        if any(i < span[0] and tokens[i].word in _NEGATIVE for i in hit.tokens):
            continue
        if span[1] < hit.last and not own and beyond and hit.first - span[1] <= _NEGATION_REACH:
            reach = range(span[1] + 1, min(len(tokens), hit.last + _NEGATION_REACH))
            if any(tokens[i].scope == scope and tokens[i].word in _UNTIL for i in reach):
                continue  # "it didn't swell until the next day": it did swell
            if any(tokens[i].word in _EVENT_TIMES for i in range(span[1] + 1, hit.first)):
                continue
            if any(tokens[i].word in _QUALIFIERS for i in range(span[1] + 1, hit.last)):
                return "unknown", None, words((span[0], hit.last))  # "no recent injury": an older one?
            after_hit = range(hit.last + 1, min(len(tokens), hit.last + 3))
            softened = next((i for i in after_hit if tokens[i].scope == scope and tokens[i].word in _SOFTENERS), None)
            if softened is not None:
                return "unknown", None, words((span[0], softened))  # "no pain really": a hedged no
            return "absent", words(span), None
    for span in cues.after_by_scope.get(scope, ()):
        # "swollen with no heat": a "no" right before words of another finding denies that
        # one, not the finding before it ("cycling no problem" still denies the cycling).
        following = span[1] + 1
        if (
            span[0] == span[1]
            and following < len(tokens)
            and tokens[following].scope == scope
            and (tokens[following].used or (tokens[span[0]].word == "no" and tokens[following].word not in _AFTER_NO))
        ):
            continue  # ... and "calf swollen so no football" denies the football
        if span[0] > hit.last and not hit.means_absent:  # "can walk ok" is no "can walk: no"
            return "absent", words(span), None
    listed = cues.listed.get(clause)
    if listed is not None and not hit.means_absent:
        return "absent", words(listed), None
    return "present", None, None


# What may follow a "no" that answers for the words before it ("fever no, not really",
# "cycling no problem"); any other word after it is what the "no" is about ("so no football").
_AFTER_NO = frozenset(
    {"not", "really", "at", "whatsoever", "never", "none", "thanks", "thank", "ta", "cheers", "sorry"}
    | {"problem", "problems", "probs", "issue", "issues", "bother", "trouble", "worries", "dramas"}
)


def _clause_names_part(index: int, tokens: list[_Token], parts: list[str | None]) -> bool:
    clause = tokens[index].clause
    for step in (-1, 1):
        other = index + step
        while 0 <= other < len(tokens) and tokens[other].clause == clause and abs(other - index) < 30:
            if parts[other]:
                return True
            other += step
    return False


# --- Time, people, side, age --------------------------------------------------------------


def _number_at(tokens: list[_Token], index: int) -> tuple[int, int] | None:
    """The number starting at ``index`` (digits, or words up to "ninety-nine", or "a
    hundred and..."), as (value, last token)."""
    token = tokens[index]
    if token.number:
        return (int(token.raw), index) if len(token.raw) <= 3 else None
    word = token.word
    if word in ("hundred",) or (
        word in ("a", "one") and index + 1 < len(tokens) and tokens[index + 1].word == "hundred"
    ):
        last = index if word == "hundred" else index + 1
        value = 100
        if last + 2 < len(tokens) and tokens[last + 1].word == "and":
            more = _number_at(tokens, last + 2)
            if more is not None and more[0] < 100:
                return value + more[0], more[1]
        return value, last
    if word in _TENS:
        value = _TENS[word]
        if (
            index + 1 < len(tokens)
            and tokens[index + 1].raw in _NUMBER_WORDS
            and 0 < _NUMBER_WORDS[tokens[index + 1].raw] < 10
        ):
            return value + _NUMBER_WORDS[tokens[index + 1].raw], index + 1
        return value, index
    if word in _NUMBER_WORDS:
        return _NUMBER_WORDS[word], index
    return None


def _times(tokens: list[_Token]) -> list[tuple[int, int, int, int, int]]:
    """(first token, last token, days ago, at least, at most) for each time the text gives:
    "two weeks ago" is 14 days, "last year" 365, anything from 1 to 730."""
    found: list[tuple[int, int, int, int, int]] = []
    index = 0
    raw = [token.word for token in tokens]
    while index < len(tokens):
        word = raw[index]
        span: tuple[int, int] | None = None
        if word == "yesterday":
            span = (index, 1)
        elif (
            word == "day"
            and index + 2 < len(tokens)
            and tokens[index + 2].raw in _AFTER_DAY
            and tokens[index + 1].number
        ):
            # "day 3 post op", "day 5 after surgery": the count of days since it.
            days = int(raw[index + 1])
            found.append((index, index + 1, days, days, days))
        elif word in ("today", "tonight") or (
            word == "this"
            and index + 1 < len(tokens)
            and raw[index + 1] in ("morning", "afternoon", "evening", "arvo", "am", "pm")
        ):
            span = (index + (word == "this"), 0)
        elif word in ("last", "past") and index + 1 < len(tokens) and _stem(raw[index + 1]) in _UNITS:
            length = 1 if raw[index + 1] == "night" else _UNITS[_stem(raw[index + 1])]
            found.append((index, index + 1, length, 1, max(1, 2 * length) if raw[index + 1] != "night" else 1))
        elif word in _AGO and index > 1 and _fraction(tokens, index - 2):
            # Clinical shorthand: "2/7 ago" is two days, "2/52 ago" two weeks, "2/12 ago" two months.
            days = int(raw[index - 2]) * _PER[raw[index - 1]]
            found.append((index - 2, index, days, days, days))
        elif (
            word in _AGO
            # "2 weeks since"; not "in about an hour. Since then", a new sentence's opening
            or (
                word == "since"
                and index > 1
                and raw[index - 2] not in ("for",)
                and tokens[index - 1].sentence == tokens[index].sentence
            )
            or (word == "old" and index > 0 and _stem(raw[index - 1]) in _AGE_OF_A_THING)  # "only 5 weeks old"
        ) and index > 0:
            unit = _stem(raw[index - 1])
            if unit in _UNITS:
                count = 2 if raw[index - 1].endswith("s") else 1
                start = index - 1
                if index >= 2:
                    number = None
                    for back in (index - 2, index - 3):
                        if back >= 0:
                            candidate = _number_at(tokens, back)
                            if candidate is not None and candidate[1] == index - 2:
                                number = candidate
                                start = back
                                break
                    if number is not None:
                        count = number[0]
                    elif raw[index - 2] in _FEW or (index >= 3 and raw[index - 2 : index] == ["of", raw[index - 1]]):
                        few_at = index - 2 if raw[index - 2] in _FEW else index - 3  # "a couple of weeks"
                        count, start = _FEW.get(raw[few_at], 2), few_at
                        if few_at > 0 and raw[few_at - 1] == "a" and raw[few_at] in ("few", "couple"):
                            start = few_at - 1
                days = count // 24 if unit == "hour" else count * _UNITS[unit]  # "36 hours ago": a day
                # "a few days", "several weeks": about so many, no count said
                vague = raw[start] in ("few", "several") or raw[start : start + 2] == ["a", "few"]
                spread = _UNITS[unit] if vague else 0
                found.append((start, index, days, max(1, days - spread) if spread else days, days + 2 * spread))
        if span is not None:
            found.append((index, span[0], span[1], span[1], span[1]))
        index += 1
    return found


# Words that tell a clause in the past: "it swelled up 2 days after the twist" dates the
# swelling, not how long ago the twist was.
_PAST = frozenset(["was", "were", "got", "went", "came", "swelled", "had", "did", "started", "began", "became"])
# Words between "after" and the injury it dates ("2 weeks after a fall", "3 days after I slipped").
_AFTER_WHAT = frozenset(
    ["a", "an", "the", "my", "his", "her", "i", "he", "she", "we", "being", "having", "knee", "total"]
)


def _counted(tokens: list[_Token], unit_at: int) -> int | None:
    """Days in the count of days, weeks, fortnights or months ending at ``unit_at`` ("2 weeks",
    "a fortnight", "ten days"); hours and years are left out."""
    unit = _stem(tokens[unit_at].word)
    if unit not in _UNITS or unit in ("hour", "minut", "year") or unit_at == 0:
        return None
    number = _number_at(tokens, unit_at - 1)
    if number is not None and number[1] == unit_at - 1:
        return number[0] * _UNITS[unit]
    return _UNITS[unit] if tokens[unit_at - 1].word in ("a", "an") else None


def _count_after(hit: _Hit, tokens: list[_Token]) -> int | None:
    """Days in a count said right before "after" the event ``hit`` names, in a clause about now
    ("Knee swollen 2 weeks after a fall", "unable to bend to 90 a week after my tkr"); not in a
    clause in the past ("it swelled up 2 days after the twist") or a stretch ("for 6 weeks after")."""
    for start in sorted({hit.first, hit.last}):  # the event's word opens or closes the hit
        back = start - 1
        while back >= 0 and start - back <= 4 and tokens[back].word in _AFTER_WHAT:
            back -= 1
        if back >= 2 and tokens[back].word == "after" and tokens[back].clause == tokens[start].clause:
            days = _counted(tokens, back - 1)
            clause = [t.word for t in tokens[max(0, back - 16) : back - 1] if t.clause == tokens[back].clause]
            if days is not None and not set(clause) & _PAST and "for" not in clause[-3:]:
                return days
    return None


def _days_after(hit: _Hit, tokens: list[_Token]) -> int | None:
    """How long ago an injury was, from a count said of the time since it in a clause about
    now: "Knee swollen 2 weeks after a fall", "paining since 3 days after I slipped" (parts 17,
    19, 22 and 23, and 4 and 11, code the count, 8 of 8), or "Now, two days later, it locks" in
    a sentence after the injury (parts 14, 18 and 22, 3 of 3). A clause in the past ("it swelled
    up 2 days after the twist", "Two days later it got red") or a stretch ("for 6 weeks after")
    dates something else."""
    since = _count_after(hit, tokens)
    if since is not None:
        return since
    # a bounded look ahead: the few sentences after the injury
    for index in range(hit.last + 1, min(len(tokens), hit.last + 8 * _NEAR)):
        if tokens[index].word != "later":
            continue
        days = _counted(tokens, index - 1)
        near = tokens[max(0, index - _NEAR) : index + _NEAR]
        sentence = {t.word for t in near if t.sentence == tokens[index].sentence}
        after = {t.word for t in tokens[index + 1 : index + 5] if t.clause == tokens[index].clause}
        if days is not None and {"now", "still"} & sentence and not after & _PAST:
            return days
    return None


def _durations(tokens: list[_Token]) -> list[tuple[int, int, int, int, int]]:
    """Clauses that are only a duration, as a form's answers give it ("right knee, 3 days,
    fell off a ladder", "left. about 2 weeks."), as :func:`_times` gives times, years left
    out. Read only as the time of an injury that has none of its own: a duration alone says
    how long, not of what."""
    found: list[tuple[int, int, int, int, int]] = []
    start = 0
    for index in range(len(tokens) + 1):
        if index < len(tokens) and tokens[index].clause == tokens[start].clause:
            continue
        words = tokens[start:index]
        first = 1 if words and words[0].word in _ABOUT else 0
        last = len(words) - (1 if words and words[-1].word == "now" else 0)
        # Years said alone are an age as often as a time ("male, 45 years, twisted knee").
        if last - first == 2 and _stem(words[last - 1].word) in _UNITS and _stem(words[last - 1].word) != "year":
            number = _number_at(tokens, start + first)
            count = number[0] if number is not None and number[1] == start + first else _FEW.get(words[first].word)
            if count is not None:
                unit = _stem(words[last - 1].word)
                days = count // 24 if unit == "hour" else count * _UNITS[unit]
                found.append((start + first, start + last - 1, days, days, days))
        start = index
    return found


_PER = {"7": 1, "52": 7, "12": 30}
_IN_YEAR = frozenset(["in", "during"])


def _fraction(tokens: list[_Token], index: int) -> bool:
    """Whether the tokens at ``index`` are a count over 7, 52 or 12 written with a slash ("2/7")."""
    count, per = tokens[index], tokens[index + 1]
    return count.number and per.number and per.raw in _PER and per.start == count.end + 1 and len(count.raw) <= 2


def _temperatures(
    text: str,
    tokens: list[_Token],
    vocabulary: _Vocabulary,
    people: dict[int, Literal["patient", "other"]],
    cues: _Cues,
) -> list[ParsedFinding]:
    """A temperature said as a number, read against each ``[[intake.temperature]]``: a unit
    (C, F, a degree sign) or a fever word just before it says it is one. A number after a
    bend word with neither is an angle, read against each ``[[intake.angle]]``."""
    found: list[ParsedFinding] = []
    if not vocabulary.temperatures and not vocabulary.angles:
        return found
    starts = [token.start for token in tokens]

    def words_of(span: tuple[int, int]) -> str:
        return " ".join(token.raw for token in tokens[span[0] : span[1] + 1])

    for match in _HALFWAY.finditer(text):
        found += _halfway(match, tokens, starts, vocabulary, people, cues)
    for match in _TEMPERATURE.finditer(text):
        unit = (match.group(3) or "").lower()
        # The words just before it, back to the last punctuation: "no fever, I'm 40" is an age.
        before = re.split(r"[.,;:!?()]", text[max(0, match.start() - 30) : match.start()].lower())[-1]
        # A record's "..., T 38.4": the letter alone opening the number's part of the clause is a
        # temperature's label ("room T 38" is no temperature).
        if before.split() == ["t"]:
            before += " temp"
        explicit = unit in ("c", "f") or "°" in match.group(0)
        if unit not in ("c", "f") and not any(word in before for word in _FEVERISH if word != "degrees"):
            angle = _angle(match, before, tokens, starts, vocabulary, people, cues)
            if angle:
                found += angle
                continue
        if not explicit and not any(word in before for word in _FEVERISH if word != "degrees") and unit == "":
            continue
        if not explicit and unit in ("degrees", "deg") and not any(word in before for word in _FEVERISH):
            continue  # "bends to 40 degrees" is an angle
        value = int(match.group(1)) + int(match.group(2) or 0) / 10
        if unit == "f" or (unit != "c" and 93 <= value < 110):
            value = (value - 32) * 5 / 9
        if not 34 <= value < 43:
            continue
        if not tokens:
            continue
        at = min(bisect.bisect_left(starts, match.start()), len(tokens) - 1)
        clause = tokens[at].clause
        # "38.2" is two tokens and the point ends a sentence: the number's clauses are both.
        last = max(at, bisect.bisect_left(starts, match.end()) - 1)
        hedged = [c for c in {tokens[i].clause for i in range(at, last + 1)} if c in cues.hedges_by_clause]
        for symptom, high, normal in vocabulary.temperatures:
            polarity: Literal["present", "absent", "unknown"]
            polarity = "present" if value >= high else "absent" if value <= normal else "unknown"
            hedge = None
            if hedged:  # "might be 38", "37.2 I think"
                polarity, hedge = "unknown", words_of(cues.hedges_by_clause[hedged[0]][0])
            hedge = hedge or ("between normal and high" if polarity == "unknown" else None)
            about = people.get(clause, "patient")
            found.append(_number_read(match, symptom, polarity, "a normal temperature", hedge, about))
    return found


def _number_read(
    match: re.Match[str],
    symptom: str,
    polarity: Literal["present", "absent", "unknown"],
    negation: str,
    hedge: str | None,
    about: Literal["patient", "other"],
) -> ParsedFinding:
    """The finding a number says (a temperature, a bend), ``negation`` naming why when absent."""
    return ParsedFinding(
        kind="symptom",
        start=match.start(),
        end=match.end(),
        text=match.group(0),
        symptom=symptom,
        present=polarity == "present",
        polarity=polarity,
        negation=negation if polarity == "absent" else None,
        hedge=hedge,
        about=about,
    )


def _angle(
    match: re.Match[str],
    before: str,
    tokens: list[_Token],
    starts: list[int],
    vocabulary: _Vocabulary,
    people: dict[int, Literal["patient", "other"]],
    cues: _Cues,
) -> list[ParsedFinding]:
    """The knee bend a number after a bend word says ("bends to about 80 degrees"), for each
    ``[[intake.angle]]`` whose words come just before it; none when no bend word does."""
    found: list[ParsedFinding] = []
    if not tokens:
        return found
    value = int(match.group(1))
    at = min(bisect.bisect_left(starts, match.start()), len(tokens) - 1)
    clause = tokens[at].clause
    # "can't bend it past 90": a bound not reached, so short of the line only up to it.
    denied = any(
        tokens[i].word in vocabulary.negation_words or tokens[i].word == "cannot"
        for i in range(max(0, at - 8), at)
        if tokens[i].clause == clause
    )
    # "I can't bend it much, maybe to 45 degrees": a measure alone in its clause, after a clause
    # that bends, measures that bend; it may only say the sign (a bend past the line is read
    # where the bend word and the number share a clause).
    earlier = ""
    if not re.search(r"[a-z]", re.sub(_MEASURE_LEADS, "", before)) and _measure_ends(tokens, at):
        earlier = _clause_before(match)
    # A count of something else ("ROM exercises for 20 minutes", "bend it 30 times"): no angle.
    if _NOT_AN_ANGLE.match(match.string, match.end()):
        return found
    # A note's "ROM limited <90", "flexion < 90": short of the number said, so short of the line at it.
    short = before.rstrip().endswith("<")
    for symptom, fewer_than in vocabulary.angles:
        if value > 180 or (denied and value > fewer_than):
            continue
        bend = vocabulary.angle_words[symptom]
        measured_before = value < fewer_than and bend.search(earlier) is not None
        if not bend.search(before) and not measured_before:
            continue
        polarity: Literal["present", "absent", "unknown"]
        polarity = "present" if value < fewer_than or (short and value <= fewer_than) or denied else "absent"
        hedge = None
        if clause in cues.hedges_by_clause:  # "maybe 80 degrees"
            first, last = cues.hedges_by_clause[clause][0]
            polarity, hedge = "unknown", " ".join(token.raw for token in tokens[first : last + 1])
        negation = f"a bend of {fewer_than} degrees or more"
        found.append(_number_read(match, symptom, polarity, negation, hedge, people.get(clause, "patient")))
        straight = vocabulary.angle_straight.get(symptom)
        if straight is not None and hedge is None and not denied and _FROM_NOUGHT.search(before):
            # "ROM 0-130": measured from full straightening, so the knee straightens
            found.append(
                _number_read(match, straight, "absent", "a range from 0 degrees", None, people.get(clause, "patient"))
            )
    return found


# A range said from nought, just before its other end ("ROM 0-130", "0 to 120").
_FROM_NOUGHT = re.compile(r"(?<![\d.,])0\s*(?:-|\u2013|to)\s*$")
_NOT_AN_ANGLE = re.compile(  # a bounded gap: the pattern stays linear however much blank follows
    r"\s{0,3}(?:(?:minutes?|mins?|seconds?|secs?|reps?|times|hours?|hrs?|days?|weeks?|months?|years?|percent|kg|lbs?)\b|%)",
    re.I,
)


def _clause_before(match: re.Match[str]) -> str:
    """The clause before the one a measure stands in, within its sentence ("I can't bend it
    much, maybe to 45"), lower-cased; empty when the measure's clause opens its sentence."""
    earlier = re.split(r"[.;:!?()]", match.string[max(0, match.start() - 80) : match.start()].lower())[-1]
    return earlier.rsplit(",", 2)[-2] if "," in earlier else ""


def _halfway(
    match: re.Match[str],
    tokens: list[_Token],
    starts: list[int],
    vocabulary: _Vocabulary,
    people: dict[int, Literal["patient", "other"]],
    cues: _Cues,
) -> list[ParsedFinding]:
    """ "I can't bend it much, maybe half way": half a bend, alone in its clause after a clause
    that bends, is short of a right angle, as "only halfway" and "not even halfway" are."""
    found: list[ParsedFinding] = []
    if not tokens:
        return found
    at = min(bisect.bisect_left(starts, match.start()), len(tokens) - 1)
    last = min(bisect.bisect_left(starts, match.end()) - 1, len(tokens) - 1)
    chunk = re.split(r"[.;:!?(),]", match.string[max(0, match.start() - 40) : match.start()].lower())[-1]
    if re.search(r"[a-z]", re.sub(_MEASURE_LEADS, "", chunk)) or not _measure_ends(tokens, last):
        return found
    earlier = _clause_before(match)
    clause = tokens[at].clause
    for symptom, _ in vocabulary.angles:
        if not vocabulary.angle_words[symptom].search(earlier):
            continue
        polarity: Literal["present", "absent", "unknown"] = "present"
        hedge = None
        if clause in cues.hedges_by_clause:  # "I think half way"
            first, end = cues.hedges_by_clause[clause][0]
            polarity, hedge = "unknown", " ".join(token.raw for token in tokens[first : end + 1])
        found.append(_number_read(match, symptom, polarity, "", hedge, people.get(clause, "patient")))
    return found


def _bent_as_far(finding: ParsedFinding, angle: ParsedFinding, text: str, angled: set[str]) -> bool:
    """Whether ``finding`` is the bend word a number after it measures ("can bend to 80
    degrees" is no "can bend"): the number says how far, whatever the words read as."""
    between = text[finding.end : angle.start]
    return (
        angle.symptom in angled
        and finding.symptom == angle.symptom
        and 0 <= angle.start - finding.end <= 40
        and not any(mark in between for mark in ".!?;")
    )


def _names_the_number(finding: ParsedFinding, temperature: ParsedFinding, text: str) -> bool:
    between = text[finding.end : temperature.start]
    # "running 39 degrees": a fever word just before the number is the number's, whatever it read as.
    feverish = finding.text.lower() in _FEVERISH and temperature.start - finding.end <= 3
    return (
        (finding.symptom == temperature.symptom or feverish)
        and finding.polarity == "present"
        and 0 <= temperature.start - finding.end <= 20
        and not any(mark in between for mark in ".!?;")
    )


def _year_before(hit: _Hit, tokens: list[_Token]) -> int | None:
    """The fewest days ago a year said in the finding's sentence ("a scope in 2015") can be:
    from that year's last day to today. None when no year is said, or one to come."""
    today = datetime.date.today()
    for index in range(1, len(tokens)):
        token = tokens[index]
        if token.sentence != tokens[hit.first].sentence or not token.number or len(token.raw) != 4:
            continue
        if tokens[index - 1].word in _IN_YEAR and 1900 <= int(token.raw) <= today.year:
            return max(0, (today - datetime.date(int(token.raw), 12, 31)).days)
    return None


_RECENT = frozenset(["recent", "recently", "just", "new", "post", "postop", "fresh", "wk", "week", "weekend"])
_RECENT |= frozenset(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])


def _said_recent(hit: _Hit, tokens: list[_Token], times: list[tuple[int, int, int, int, int]]) -> bool:
    """Whether the finding's sentence, or the next, says when or that it was lately ("just had
    my knee op", "post-op", "on Friday", "3 weeks after knee surgery", "Had the keyhole 2
    weeks ago"): a time said anywhere near, even one that dates what followed."""
    sentence = tokens[hit.first].sentence
    if any(sentence <= tokens[first].sentence <= sentence + 1 for first, *_ in times):
        return True
    near = range(max(0, hit.first - _NEAR), min(len(tokens), hit.last + _NEAR))
    for i in near:
        if tokens[i].sentence != sentence:
            continue
        if tokens[i].raw.lower() in _RECENT:
            return True
        # "3 weeks after knee surgery", "on the 1st of this month": a count of time, or this one
        before = tokens[i - 1] if i else None
        counted = before is not None and (before.number or before.word in _NUMBER_WORDS or before.word == "this")
        if tokens[i].stem in _UNITS and counted:
            return True
    return False


def _month_said(hit: _Hit, tokens: list[_Token]) -> bool:
    """Whether the finding's clause names a month ("replaced in March", "last May"): a time, but
    not how long ago."""
    clause = tokens[hit.first].clause
    near = range(max(0, hit.first - _NEAR), min(len(tokens), hit.last + _NEAR))
    return any(tokens[i].clause == clause and _is_month(i, tokens) for i in near)


def _is_month(index: int, tokens: list[_Token]) -> bool:
    """Whether the token at ``index`` names a month; "may" only after a word that dates it ("in
    May", "last May"), as elsewhere it hedges."""
    if tokens[index].raw in _MONTHS:
        return True
    return tokens[index].raw == "may" and index > 0 and tokens[index - 1].word in _BEFORE_MAY


# Words before "may" that make it the month ("since May"), not a hedge ("it may be").
_BEFORE_MAY = frozenset(["in", "last", "since", "early", "late", "mid", "of", "from"])


def _hours_ago(tokens: list[_Token], time: tuple[int, int, int, int, int]) -> int | None:
    """How many hours ago a time of :func:`_times` says ("an hour ago", "a couple of hours
    ago", "2 hrs ago"; minutes, "30 min ago", are within the hour), or None when it is not
    counted in hours or minutes."""
    first, last = time[0], time[1]
    unit = _stem(tokens[last - 1].word) if last > 0 else ""
    if tokens[last].word not in _AGO or unit not in ("hour", "minut"):
        return None
    if unit == "minut":
        return 0
    number = _number_at(tokens, first)
    if number is not None:
        return number[0]
    counts = [_FEW[token.word] for token in tokens[first : last - 1] if token.word in _FEW]
    return max(counts) if counts else None  # "hours ago" alone counts nothing


# Words before a length of time that make it how soon something came ("swelled up in about an
# hour", "came up massive within twenty minutes", "over the next hour or so").
_HOW_SOON = frozenset(["in", "within", "inside", "under", "next"])


def _swelled_within(hits: list[_Hit], tokens: list[_Token], vocabulary: _Vocabulary) -> list[_Hit]:
    """A swelling said in a clause that gives how soon it came, within ``_WITHIN_HOURS``: the
    sign timed from an injury ("knee swelled up in about an hour", "came up massive within
    twenty minutes"). It still ``needs`` the injury said."""
    made: list[_Hit] = []
    for sign, event in vocabulary.needs.items():
        states = set(vocabulary.implies.get(sign, ())) - {event}
        event_said = any(h.symptom == event or event in vocabulary.implies.get(h.symptom, ()) for h in hits)
        for hit in hits:
            if hit.symptom not in states:
                continue
            # "it swelled up the next day, not straight away": the sign denied, with the event said
            later = _not_at_once(tokens, hit.last + 1)
            if event_said and later is not None:
                made.append(_Hit(sign, hit.first, later, (*hit.tokens, later), polarity="absent", about=hit.about))
                continue
            clause = tokens[hit.first].clause
            for index in range(hit.last + 1, min(len(tokens), hit.last + _NEAR)):
                token = tokens[index]
                if token.clause != clause:
                    break
                hours = _hours_soon(tokens, index)
                if hours is not None and hours <= _WITHIN_HOURS:
                    made.append(_Hit(sign, hit.first, index, (*hit.tokens, index), about=hit.about))
                    break
    return made


# How soon, denied after a swelling in its sentence ("... the next day, not straight away").
_AT_ONCE = (("straight", "away"), ("right", "away"), ("straightaway",), ("immediately",), ("at", "once"))


def _not_at_once(tokens: list[_Token], start: int) -> int | None:
    """The last token of a "not straight away" in the sentence from ``start``, a few clauses
    on at most, else None."""
    if start >= len(tokens):
        return None
    sentence = tokens[start - 1].sentence
    for index in range(start, min(len(tokens), start + _NEAR)):
        if tokens[index].sentence != sentence:
            return None
        if tokens[index].word == "not":
            for words in _AT_ONCE:
                if tuple(t.word for t in tokens[index + 1 : index + 1 + len(words)]) == words:
                    return index + len(words)
    return None


def _hours_soon(tokens: list[_Token], index: int) -> int | None:
    """The hours a length of time ending at the unit ``index`` says, when a word of how soon
    comes before it in a few words ("within about an hour", "in twenty minutes", "inside half an
    hour"), else None."""
    unit = tokens[index].stem
    if unit not in ("hour", "minut", "min", "hr", "mins", "hrs"):
        return None
    before = [t for t in tokens[max(0, index - 4) : index] if t.clause == tokens[index].clause]
    if not any(t.word in _HOW_SOON for t in before):
        return None
    if unit in ("minut", "min", "mins"):
        return 0
    numbers = [_number_at(tokens, i) for i in range(max(0, index - 2), index)]
    count = next((n[0] for n in numbers if n is not None and n[1] == index - 1), None)
    if count is None and tokens[index].word in ("hour", "hr"):
        count = 1  # "within the hour", "over the next hour", "inside half an hour"
    return count


def _swelling_since(findings: list[ParsedFinding], vocabulary: _Vocabulary) -> list[ParsedFinding]:
    """The signs that need an injury, read from what they imply said present of the patient
    ("Banged my knee an hour ago and it's already swollen"), when the injury was said to be
    within ``_WITHIN_HOURS`` and the sign was not read otherwise (a denial, a doubt stay)."""
    mine = [f for f in findings if f.kind == "symptom" and f.about == "patient" and f.symptom]
    said = {f.symptom for f in mine}
    made: list[ParsedFinding] = []
    for sign, event in vocabulary.needs.items():
        if sign in said:
            continue
        states = set(vocabulary.implies.get(sign, ())) - {event}
        swelling = [
            f
            for f in mine
            if f.polarity == "present"
            and (f.symptom in states or states & set(vocabulary.implies.get(f.symptom or "", ())))
        ]
        if swelling:
            made.append(swelling[0].model_copy(update={"symptom": sign, "hedge": None}))
    return made


def _time_for(
    hit: _Hit, tokens: list[_Token], times: list[tuple[int, int, int, int, int]], found_in: set[int]
) -> tuple[int, int, int] | None:
    """The time (days ago, at least, at most) said in the finding's clause, else its sentence,
    else the next sentence when that names no finding (``found_in``: sentences that do)."""
    clause, sentence = tokens[hit.first].clause, tokens[hit.first].sentence
    # "Numb yesterday after the injury": a time before "after" dates what followed the event.
    times = [
        time
        for time in times
        if not (
            time[1] < hit.first <= time[1] + _NEAR
            and tokens[time[0]].word != "day"  # "day 3 after the op" counts from the op itself
            and any(t.word in _EVENT_TIMES for t in tokens[time[1] + 1 : hit.first])
        )
    ]
    same_clause = [time[2:] for time in times if tokens[time[0]].clause == clause]
    if same_clause:
        return same_clause[0]
    same_sentence = [time[2:] for time in times if tokens[time[0]].sentence == sentence]
    if same_sentence:
        return same_sentence[0]
    # "Cracked my knee on the table. Happened about an hour ago.": a sentence that only says
    # when, next to the finding's (after it, else before it: "It happened 48 hours ago. Twisted it").
    for other in (sentence + 1, sentence - 1):
        beside = [time for time in times if tokens[time[0]].sentence == other]
        if not beside or other in found_in:
            continue
        first, last = beside[0][:2]
        rest = [t.word for t in tokens[last + 1 : last + 8] if t.sentence == other]
        rest += [t.word for t in tokens[max(0, first - 8) : first] if t.sentence == other]
        if all(word in _WHEN_ONLY for word in rest):
            return beside[0][2:]
    return None


# Words before a person that make them the writer's company or the place, not whose clause it
# is: "fell off the trampoline at my cousins party", "playing with my kids", "I'll check with my wife".
_IN_COMPANY = frozenset(["at", "with"])


def _named_people(tokens: list[_Token], vocabulary: _Vocabulary) -> list[tuple[int, int]]:
    """The pack's other people named in ``tokens`` as whose clause it is (first, last token)."""
    named = []
    for first, last in _mark_cues(tokens, vocabulary.others):
        before = first - 1 if first and tokens[first - 1].word in _DETERMINERS else first
        if before and tokens[before - 1].word in _IN_COMPANY and tokens[before - 1].clause == tokens[first].clause:
            continue
        named.append((first, last))
    return named


def _people(
    tokens: list[_Token], vocabulary: _Vocabulary, parts: list[str | None]
) -> dict[int, Literal["patient", "other"]]:
    """Whose each clause is: the patient's, or another person's."""
    other_at = _named_people(tokens, vocabulary)
    raw = [token.raw for token in tokens]
    cared_for = [(first, last) for first, last in other_at if raw[last] not in _GROUPS_OF_PEOPLE]
    # A carer writes about the patient: "my husband is 62", "his knee", "my son's knee".
    carer = False
    their_age = False  # the other person's age is given: "my dad is 70 and I'm 40"
    for _, last in cared_for:
        following = raw[last + 1 : last + 4]
        aged = following[:1] in (["is"], ["aged"]) and len(following) > 1 and bool(_number_at(tokens, last + 2))
        carer = carer or following[:1] == ["s"] or aged
        their_age = their_age or aged
        # "my dad's 71", "my grandson (14)", "my son, 13": the person's age, so the text is about them.
        if following and _number_at(tokens, last + 1):
            unit = raw[last + 2 : last + 3]
            aged = not (unit and _stem(unit[0]) in _NOT_AGE_UNITS)
            carer = carer or aged
            their_age = their_age or aged
        if last + 1 < len(tokens) and parts[last + 1] is not None:
            carer = True
    for index, word in enumerate(raw[:-1]):
        if word in ("his", "her", "their") and (parts[index + 1] or (index + 2 < len(tokens) and parts[index + 2])):
            carer = True
    # "My daughter has knee pain", "my son keeps limping", "Kid has a fever of 102 and is
    # limping": the other person's knee is the subject.
    for first, last in cared_for:
        sentence = tokens[first].sentence
        rest = [i for i in range(last + 1, min(len(tokens), last + 16)) if tokens[i].sentence == sentence]
        if any(parts[i] in ("knee", "leg", "foot") for i in rest) or any(raw[i] in _CARER_VERBS for i in rest):
            carer = True
    # "Writing for my son", "the lady I look after": the writer says so.
    said_carer = bool(_mark_cues(tokens, vocabulary.carers))
    carer = carer or said_carer
    # "Dad had a DVT after his knee op. I'm 40 and my knee hurts", "I have knee pain", "my own
    # knee", "Mine is swollen": the writer turns to their own knee.
    words = [token.word for token in tokens]
    own = any(
        (word == "mine" and words[index - 1 : index] != ["of"])  # not "a friend of mine"
        # "Mine's just sore"; "mine's done the same" takes the other person's finding as its own.
        or (word == "mines" and not _COPIED & set(words[index + 1 : index + 5]))
        # "I've got the same knee pain he had": the writer's own knee, likened to another's.
        or (
            word == "same"
            and "i" in words[max(0, index - 4) : index]
            and any(parts[j] in ("knee", "leg") for j in range(index + 1, min(len(tokens), index + 3)))
        )
        or (
            word in ("my", "i")
            and any(
                parts[j] in ("knee", "leg") and all(words[k] in _OWN_BETWEEN for k in range(index + 1, j))
                for j in range(index + 1, min(len(tokens), index + 4))
            )
        )
        for index, word in enumerate(words)
    )
    # "My dad had bone cancer in his leg, so I'm worried. I'm 19, knee aches", "My husband has
    # leukaemia but this is about me, 44": after another person's history the writer gives their
    # own age, or says the text is about them; the knee is theirs (parts 4, 9, 11, 13, 23, 26,
    # 29, 30 and 31; all 10 such texts code the other person's history not the writer's).
    own = own or bool(_mark_cues(tokens, vocabulary.for_myself))
    # Not where the text says it is written for someone, or gives the other person's age too.
    told_whose = said_carer or their_age
    own = own or (not told_whose and any(_own_age(tokens, index) for index in range(len(tokens) - 2)))
    carer = carer and not own
    people: dict[int, Literal["patient", "other"]] = {token.clause: "patient" for token in tokens}
    if carer:
        named = {tokens[first].clause: raw[first] for first, _ in other_at}
        patient = named[min(named)] if named else None
        for clause, who in named.items():
            if who != patient:
                people[clause] = "other"
        return people
    for first, _ in other_at:
        people[tokens[first].clause] = "other"
    return people


def _own_age(tokens: list[_Token], index: int) -> bool:
    """Whether the writer gives their own age at ``index``: "I'm 19", "I am 45 and fit"."""
    if tokens[index].word != "i" or tokens[index + 1].word != "am":
        return False
    number = _number_at(tokens, index + 2)
    if number is None or not 0 < number[0] < 120:
        return False
    unit = tokens[number[1] + 1].raw if number[1] + 1 < len(tokens) else ""
    return _stem(unit) not in _NOT_AGE_UNITS if unit else True


def _first_person(hit: _Hit, tokens: list[_Token], other_at: list[int]) -> bool:
    """Whether a finding in a clause naming another person is the writer's own: "she said
    my knee looks swollen", "I hyperextended it on the trampoline with the kids"."""
    before = [t.word for t in tokens[max(0, hit.first - 2) : hit.first] if t.word not in _SIDE_WORDS]
    if before[-1:] == ["my"]:
        return True
    clause = tokens[hit.first].clause
    members = range(max(0, hit.first - _NEAR), hit.first)
    subject = any(tokens[i].clause == clause and tokens[i].word == "i" for i in members)
    return subject and all(first > hit.last for first in other_at if tokens[first].clause == clause)


# Marks beside a side letter that compare the two sides or join letters ("L>R", "R/L", "R&L").
_COMPARING_MARKS = frozenset([">", "<", "/", "&", "=", "-"])

_TITLES = frozenset(["dr", "mr", "mrs", "ms", "miss", "prof", "nurse", "sister"])

# Words after "right" that make it an adverb ("right in the knee"), not a side.
_RIGHT_AS_ADVERB = frozenset(["in", "on", "at", "behind", "under", "above", "below", "through", "into", "over"])
_RIGHT_AS_ADVERB |= frozenset(["across", "around", "round", "where", "there", "here", "away", "now", "up", "down"])


def _sides(
    text: str, tokens: list[_Token], parts: list[str | None], people: dict[int, Literal["patient", "other"]]
) -> list[ParsedFinding]:
    """ "left"/"right" before a body part ("left knee", "right one", "R knee"), "both" before
    one, "on the left" ending a clause, or "bilateral"; not "right away" or "a right angle"."""
    found: list[ParsedFinding] = []
    of_knee: list[bool] = []
    normal: list[bool] = []
    of_a_limb = any(part in ("knee", "leg", "foot") for part in parts)  # a side alone needs one named
    singled = {
        token.start
        for index, token in enumerate(tokens[1:-1], start=1)
        if token.word in ("left", "right")
        and tokens[index + 1].word == "one"
        # "the right one", or "Right one" opening a sentence after the first
        and (tokens[index - 1].word == "the" or tokens[index - 1].sentence != token.sentence)
    }
    for index, token in enumerate(tokens):
        side = _SIDE_WORDS.get(token.word)
        if side is None:
            continue
        after_the = index > 0 and tokens[index - 1].word == "the"  # "on the right in 2015"
        if (
            token.word == "right"
            and index + 1 < len(tokens)
            and tokens[index + 1].word in _RIGHT_AS_ADVERB
            and not after_the
        ):
            continue  # "the pain's right in the knee", "landed right on it"
        following = [i for i in range(index + 1, min(len(tokens), index + 4)) if tokens[i].word not in _FILLER][:2]
        # "Both legs", "both ankles": the knee's side only when it is the knees that are both.
        sided = ("knee",) if side == "both" else ("knee", "leg", "foot")
        near_part = any(parts[i] in sided or tokens[i].stem in ("one", "side", "them") for i in following)
        paired = (
            index + 2 < len(tokens)
            and tokens[index + 1].word in ("and", "or")
            and tokens[index + 2].word in _SIDE_WORDS
        )
        paired = paired or (
            index >= 2 and tokens[index - 1].word in ("and", "or") and tokens[index - 2].word in _SIDE_WORDS
        )
        end_of_clause = index + 1 == len(tokens) or tokens[index + 1].clause != token.clause
        if index == 0 and token.word == "right" and len(tokens) > 1 and tokens[1].clause != token.clause:
            continue  # "Right, so my knee...": a word opening the message, no side
        on_the = index >= 2 and tokens[index - 2].word in ("on", "in", "only") and tokens[index - 1].word == "the"
        # "on the left" / "only the left" ending its clause, or said of the knee ("TKR on the left 10 weeks ago").
        knee_before = any(
            parts[i] == "knee" for i in range(max(0, index - 6), index) if tokens[i].clause == token.clause
        )
        part_before = index >= 3 and parts[index - 3] in ("knee", "leg", "foot")  # "my calf on the left aches"
        on_the = on_the and (end_of_clause or knee_before or part_before)
        after_knee = index >= 1 and parts[index - 1] == "knee" and tokens[index - 1].clause == token.clause
        if (
            side == "both"
            and after_knee
            and index >= 3
            and tokens[index - 2].word in _JOINING
            and parts[index - 3] not in (None, "knee")
        ):
            # "ankle and knee both swollen": both of two body parts, not both knees (parts 17,
            # 21 and 23, and 3, leave the side uncoded; none codes both)
            continue
        # "...the outside of my left knee and the inside of my right": the knee left out.
        elided = end_of_clause and index >= 1 and tokens[index - 1].word in ("my", "the", "his", "her") and knee_before
        # A side said by itself in a note about a knee, leg or foot, after the first clause: a
        # clause of its own ("swollen calf. left. since wed") or a letter closing a clause ("lateral
        # knee pain L."), as the writers code it; not "Right, so..." opening a text, nor "all right".
        alone = (
            end_of_clause
            and token.clause != tokens[0].clause
            and side != "both"
            and of_a_limb
            and (
                token.raw in ("l", "r")
                or all(t.word in _ALONE_WITH for t in tokens if t.clause == token.clause and t is not token)
            )
        )
        # A note's capital "R" or "L" standing apart from a comparison ("PFPS R", "patellar
        # dislocation R during football", "Ober's +ve R"): the side, as every writer codes such a
        # letter (parts 20, 22, 23, 25 and 26, and 6 and the dev set, 7 of 7; "L>R" compares).
        letter = (
            text[token.start : token.end] in ("R", "L")
            and text[max(0, token.start - 1) : token.start].strip() not in _COMPARING_MARKS
            and text[token.end : token.end + 1] not in _COMPARING_MARKS
            and text[max(0, token.start - 2) : token.start].strip() not in _COMPARING_MARKS
            and text[token.end : token.end + 2].strip() not in _COMPARING_MARKS
            and not text.isupper()
            # "2 L of fluid", "Dr L": a measure or a name
            and not (index > 0 and (tokens[index - 1].raw[-1:].isdigit() or tokens[index - 1].word in _TITLES))
        )
        if (
            token.word == "bilateral"
            or near_part
            or (paired and side != "both")
            or on_the
            or after_knee
            or elided
            or alone
            or letter
        ):
            about = people.get(token.clause, "patient")
            where = text[token.start : token.end]
            found.append(
                ParsedFinding(kind="side", start=token.start, end=token.end, text=where, side=side, about=about)
            )
            # "both knees ..., the right one": one of the knees named before it
            of_two = token.start in singled and any(
                f.side == "both" and k for f, k in zip(found, of_knee, strict=False)
            )
            of_knee.append(after_knee or elided or any(parts[i] == "knee" for i in following) or of_two)
            before = [t.word for t in tokens[max(0, index - 3) : index] if t.clause == token.clause]
            normal.append(
                any(
                    tokens[i].word in _UNAFFECTED and tokens[i].clause == token.clause
                    for i in range(index + 1, min(len(tokens), index + 6))
                )
                # "bigger than my left one", "my LEFT knee, not the right": compared or set aside
                or any(word in _COMPARED for word in before if word not in _FILLER)
            )
    # "Swollen right knee, and a throbbing pain in the left calf": the side is the knee's.
    if any(of_knee):
        found, normal = (
            [f for f, k in zip(found, of_knee, strict=True) if k],
            [n for n, k in zip(normal, of_knee, strict=True) if k],
        )
    # "my left calf is swollen, the right one is normal": the side said to be normal is the
    # one compared with, not the one that has the finding.
    if not all(normal):
        found = [finding for finding, fine in zip(found, normal, strict=True) if not fine]
    # "Arthritis in both knees for years, but the left one has started to swell": one of the
    # two singled out after them is the knee the message is about; not where the two are
    # compared ("both ache, worse on the right", "the right is worse"), which says both.
    last = max((f.start for f in found if f.start in singled), default=None)
    compared = any(
        t.stem in _WORSE
        and (
            (i + 1 < len(tokens) and tokens[i + 1].word in ("than", "on", "in"))
            or any(b.word in _SIDE_WORDS for b in tokens[max(0, i - 2) : i])
        )
        for i, t in enumerate(tokens)
    )
    if last is not None and not compared:
        return [f for f in found if not (f.side == "both" and f.start < last)]
    # "Osteoarthritis both knees. Right one has gone hot and swollen": both knees named for a
    # long-standing arthritis, then one knee named, is the knee the message is about (parts
    # 15, 16, 18, 22 and 23, and 11, code that side, 6 of 6; "OA both knees, R>L" stays both).
    chronic = {tokens[i].sentence for i, t in enumerate(tokens) if t.stem in _CHRONIC}
    at = {token.start: token for token in tokens}
    single = [f.start for f in found if f.side in ("left", "right")]
    if single and not compared and len({f.side for f in found if f.side in ("left", "right")}) == 1:
        return [
            f
            for f in found
            if not (f.side == "both" and f.start < single[-1] and f.start in at and at[f.start].sentence in chronic)
        ]
    return found


# Long-standing arthritis, whose "both knees" is background to the knee a message is about.
_CHRONIC = frozenset([_stem("arthritis"), _stem("osteoarthritis"), _stem("arthritic")])
_WORSE = frozenset([_stem("worse"), _stem("worst"), _stem("better")])


def _plural_knees(
    text: str,
    tokens: list[_Token],
    people: dict[int, Literal["patient", "other"]],
    findings: list[ParsedFinding],
) -> list[ParsedFinding]:
    """ "My knees ache", "sore knees": with no side named, the patient's knees said to have
    something in their own clause are both; not "on my knees all day", "my knees are fine"."""
    for index, token in enumerate(tokens):
        # "Grandad had his knee replaced and I've got the same knees, both ache", "my parents have
        # OA knees and now mine are starting, sore": knees likened to another's are the writer's.
        likened = people.get(token.clause, "patient") != "patient" and (
            (index > 0 and tokens[index - 1].word == "same")
            or any(t.word == "mine" for t in tokens[index + 1 : index + 8] if t.clause == token.clause)
        )
        if (
            token.word != "knees"
            or not token.raw.endswith("s")
            or token.possessive
            or (people.get(token.clause, "patient") != "patient" and not likened)
        ):
            continue  # "knee's been killing me" is one knee
        if index >= 1 and tokens[index - 1].possessive:
            continue  # "my mum's knees"
        if index >= 2 and tokens[index - 2].word == "on":
            continue  # "on my knees": kneeling, not which knee
        clause = [
            t for t in tokens if (t.sentence if likened else t.clause) == (token.sentence if likened else token.clause)
        ]
        begin, end = clause[0].start, clause[-1].end
        if any(
            f.kind == "symptom" and f.polarity == "present" and f.about == "patient" and begin <= f.start < end
            for f in findings
        ):
            where = text[token.start : token.end]
            return [ParsedFinding(kind="side", start=token.start, end=token.end, text=where, side="both")]
    return []


# Words a clause holding only a side may hold besides ("..., the left.", "yes, it's the left").
_ALONE_WITH = frozenset(["the", "its", "it", "is", "yes", "on", "side", "that"])


# Words that say a side is the one compared with ("the right one is normal").
_UNAFFECTED = frozenset(["normal", "fine", "ok", "okay", "unaffected", "perfect", "good", "alright"])
# Words before a side that make it the one compared with or set aside ("than the right", "not the left").
_COMPARED = frozenset(["than", "not", "compared", "vs", "versus", "unlike", "nor"])
# Words of a clause before a number that make the number a score or a reading, not an age.
_NOT_AN_AGE_BEFORE = frozenset(["score", "scale", "level", "rating", "number", "fever", "out", "about", "day", "week"])


def _appositive(tokens: list[_Token], index: int, last: int) -> bool:
    """Whether the number at ``index``..``last`` is a clause of its own right after a short
    opening clause of its sentence that says who is writing ("Farmer, 70."): an age in apposition."""
    if index == 0 or tokens[index - 1].clause == tokens[index].clause:
        return False
    if last + 1 < len(tokens) and tokens[last + 1].clause == tokens[last].clause:
        return False
    first = index - 1
    while first > 0 and tokens[first - 1].clause == tokens[index - 1].clause and index - first <= 8:
        first -= 1  # a bounded walk back: the opening clause is at most four words, or eight saying "I am"
    opening = tokens[first:index]
    words = [t.word for t in opening]
    return (
        (len(opening) <= 4 or (len(opening) <= 8 and ("i", "am") in itertools.pairwise(words)))
        and (first == 0 or tokens[first - 1].clause != opening[0].clause)
        and opening[0].sentence == tokens[index].sentence
        and (first == 0 or tokens[first - 1].sentence != opening[0].sentence)
        and not any(t.number or t.stem in _NOT_AN_AGE_BEFORE or t.stem == "hurt" for t in opening)
    )


# Words after "N years" that make it a time, not an age ("my wife 10 years ago").
_WITH_SOMEONE = frozenset(["with", "to", "for", "of", "than", "known"])  # "married to my wife 30 years"
_YEARS_AS_TIME = _AGO | frozenset(["later", "before", "since", "after", "post", "out", "on", "of"])


def _alone(text: str, tokens: list[_Token], index: int) -> bool:
    """Whether the number at ``index`` (digits) is a clause of its own that opens its sentence
    ("16, play basketball", "No swelling. 56.") or stands between two clauses of one ("I'm a
    PE teacher, 42, and...", "Knee pain, 60, ex-smoker", "my husband (52) stepped..."): an age
    said bare, as every corpus writer codes it, unless a fever word stands before it ("a temp,
    38, and"). One closing a sentence ("pain on the outside, 41") is left unread: corpus
    writers differ on it."""
    token = tokens[index]
    before = tokens[index - 1] if index else None
    after = tokens[index + 1] if index + 1 < len(tokens) else None
    inside = (
        before is not None
        and after is not None
        and before.sentence == token.sentence == after.sentence
        and before.clause != token.clause
        and not before.word.startswith(_FEVERISH)
    )
    if not token.number or (before and before.sentence == token.sentence and not inside):
        return False
    if after and after.clause == token.clause:
        return False
    if text[token.end : token.end + 2][1:].isdigit():
        return False  # "38.5": a reading, not a clause
    # "10, 15 minutes": a count going on
    return not (after and after.sentence == token.sentence and (after.number or _stem(after.word) in _NOT_AGE_UNITS))


# Words opening a message before someone of the writer's ("our lad's 11", "ma da's 80").
_OPENING_OWNERS = frozenset(["my", "our", "ma", "me", "mi"])


def _bracketed(text: str, tokens: list[_Token], index: int, vocabulary: _Vocabulary) -> bool:
    """Whether the number at ``index`` stands alone in brackets in the first sentence, after
    words that name no number and no body part ("Toddler (2)"; not "my knee (3)")."""
    token = tokens[index]
    return (
        token.number
        and token.sentence == tokens[0].sentence
        and text[token.start - 1 : token.start] == "("
        and text[token.end : token.end + 1] == ")"
        and not any(t.number or t.stem in vocabulary.parts for t in tokens[:index])
        and _alone(text, tokens, index)
    )


def _ages(
    text: str, tokens: list[_Token], vocabulary: _Vocabulary, people: dict[int, Literal["patient", "other"]]
) -> list[ParsedFinding]:
    """Ages: a number after "I'm", "aged", "he is"..., after a person ("my son, 13", "my mom
    (78)", "my mum's 83") or before "years old", "yo", "M"/"F"; never one followed by a unit."""
    found: list[ParsedFinding] = []
    words = [token.word for token in tokens]
    others = {last: first for first, last in _mark_cues(tokens, vocabulary.others)}
    index = 0
    while index < len(tokens):
        number = _number_at(tokens, index)
        if number is None:
            index += 1
            continue
        value, last = number
        after = words[last + 1 : last + 4]
        before = tuple(words[max(0, index - 2) : index])
        years = next((len(form) for form in _YEARS_OLD if tuple(after[: len(form)]) == form), 0)
        if years and after[0] in ("m", "f") and tokens[last + 1].start != tokens[last].end:
            years = years if text[tokens[last + 1].start] in "MF" else 0  # "62M", "29 F"; "31 m" is not
        unit_after = bool(after) and _stem(after[0]) in _NOT_AGE_UNITS
        cue = next((cue for cue in _AGE_BEFORE if before[-len(cue) :] == cue), None)
        thing = cue is None and before[-1:] == ("is",) and index >= 2 and tokens[index - 2].used
        if years and thing and index - 2 not in others:
            index = last + 1  # "my knee replacement is 12 years old": the age of a thing read as a finding
            continue
        said_of = others.get(index - 1, 0)
        if (
            not years
            and after[:1] in (["years"], ["yrs"])
            and index - 1 in others
            and after[1:2] != ["old"]
            and (said_of < 2 or words[said_of - 2] not in _WITH_SOMEONE)
        ):
            # "My wife 45 yrs fell", "my father 72 years operated": the person's age
            years = 0 if set(after[1:2]) & _YEARS_AS_TIME else 1
            unit_after = unit_after and not years
        if not years and after[:1] in (["years"], ["yrs"]) and before[-2:] == ("i", "am"):
            before = (*before[:-1], "is")  # "I am 40 years male": as "she is 40 years"
        if not years and after[:1] in (["years"], ["yrs"]) and (before[-1:] in (("aged",), ("age",), ("is",))):
            # "aged 66 years", "she is 72 years," (the "old" left out): an age, not a time
            ends = (
                last + 2 >= len(tokens)
                or tokens[last + 2].clause != tokens[last + 1].clause
                or words[last + 2] == "and"  # "my father is 72 years and having swelling"
            )
            someone = index - 2 in others or before[-2:] in (("he", "is"), ("she", "is"), ("i", "is"))
            ends = ends or words[last + 2] in ("male", "female", "m", "f")
            if before[-1:] != ("is",) or (ends and someone):
                years, unit_after = 1, False
        person = next(
            (
                i
                for i in (index - 1, index - 2)
                if i in others and (i == index - 1 or before[-1:] in (("is",), ("s",), ("aged",), ("of",)))
            ),
            None,
        )
        clause_ends = last + 1 == len(tokens) or tokens[last + 1].clause != tokens[last].clause or after[:1] == ["and"]
        if cue is None and person is None and before[-1:] == ("is",) and clause_ends:
            cue = ("is",)
        # "Tore my ACL in college, now 40 and it locks": "now" before a number closing its clause.
        if cue is None and person is None and before[-1:] == ("now",) and clause_ends and value >= 16:
            clause = tokens[index].clause
            if not any(t.stem in _NOT_AN_AGE_BEFORE for t in tokens[:index] if t.clause == clause):
                cue = ("now",)  # not "temp now 38"
        if cue is None and person is None and _appositive(tokens, index, last) and value >= 10:
            cue = ()  # "Plasterer, 47, on my feet all day", "I'm a nurse, 52."
        if cue is None and person is None and 10 <= value <= 105 and _alone(text, tokens, index):
            cue = ()
        if (
            cue is None
            and person is None
            and index == 2
            and tokens[0].word in _OPENING_OWNERS
            and tokens[1].possessive
            and tokens[1].stem not in vocabulary.parts
            and not tokens[1].word.startswith(_FEVERISH)
            and not unit_after
            and not text[tokens[index].end : tokens[index].end + 2][1:].isdigit()
        ):
            # "Our lad's 11, got a knock", "Ma da's 80": someone of the writer's named opening the
            # message, with a number, is that person's age (every "my/our X's N" of the corpora
            # is coded so, 31 of 31; parts 14, 22 and 24, and 4, were missed)
            cue = ()
        if (
            cue is None
            and person is None
            and value < 10
            and 0 < index <= 3
            and _bracketed(text, tokens, index, vocabulary)
        ):
            # "Toddler (2) limping since this morning": a small number in brackets after the
            # message's first words is a small child's age (parts 15, 18, 20 and 24 code 2, all four)
            cue = ()
        if (years or ((cue is not None or person is not None) and not unit_after)) and 0 <= value <= 120:
            end = min(last + years, len(tokens) - 1)
            start_at = index if person is not None or cue is None else max(0, index - len(cue))
            while start_at > 0 and tokens[start_at - 1].start == tokens[start_at].start:
                start_at -= 1  # "I'm" is one word written, two read
            clause = tokens[others[person]].clause if person is not None else tokens[index].clause
            about = people.get(clause, "patient")
            if cue == ("i", "am") and not any(
                tokens[o].clause == clause and o < index and words[o] not in _GROUPS_OF_PEOPLE for o in others
            ):
                # "I'm 13 and my mum doesn't believe me", "both my parents have OA knees and now I'm 40"
                about = "patient"  # the writer's age
            if person is not None and tuple(words[max(0, person - 3) : person]) in (
                ("i", "am", "a"),
                ("i", "am", "an"),
            ):
                about = "patient"  # "I am a lady of 77": the writer says who they are
            found.append(
                ParsedFinding(
                    kind="age",
                    start=tokens[start_at].start,
                    end=tokens[end].end,
                    text=text[tokens[start_at].start : tokens[end].end],
                    age=value,
                    about=about,
                )
            )
        index = last + 1
    return found


def _unrecognised(text: str, findings: list[ParsedFinding]) -> Iterator[TextSpan]:
    spans = sorted((f.start, f.end) for f in findings)
    start = 0
    pieces = [*(m for m in _UNRECOGNISED.finditer(text)), None]
    cursor = 0
    for separator in pieces:
        end = separator.start() if separator is not None else len(text)
        clause = text[start:end]
        while cursor < len(spans) and spans[cursor][1] <= start:
            cursor += 1
        covered = cursor < len(spans) and spans[cursor][0] < end
        words = [w for w in _raw_words(clause) if w not in _FILLER]
        if words and not covered:
            stripped = clause.strip()
            offset = start + clause.index(stripped)
            yield TextSpan(start=offset, end=offset + len(stripped), text=stripped)
        if separator is not None:
            start = separator.end()
