"""The interview: :func:`next_question` asks what could still change the answer.

Questions come from the compiled rules, not a script: an id is asked when it is not
answered (present, absent or "don't know") and an answer to it could change the result,
that is the triage, the regions to roll and their roles, or the regions withheld (see
:mod:`kneelink.interview._screening` for the exact test). Red-flag screening comes first: the
questions that could raise a red flag, most urgent possible level first, then those that
could change the most rules; then the questions that could change the regions. When no
answer to any one question can change the result, there is nothing to ask.

>>> import kneelink
>>> report = kneelink.SymptomReport(symptoms=["lateral_knee_pain"], age=34)
>>> question = kneelink.next_question(report)
>>> question.symptom, question.level
('one_leg_swelling', 'emergency_ambulance')
>>> question.text
'Is one calf or one thigh swollen?'
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from kneelink._answer import Suggestion
from kneelink._pack import RulePack, Symptoms, as_report, default_pack
from kneelink._report import AGE, DAYS_SINCE_INJURY, SymptomReport
from kneelink._schema import Triage
from kneelink._triage import TriageLevel
from kneelink.interview._screening import Opening, Outcome, relevant_openings

AGE_QUESTION = "How old are you, in whole years?"
DAYS_QUESTION = "How many days ago did you injure the knee? (0 if it was today.)"
YES_NO_UNKNOWN = ("yes", "no", "unknown")
_CATEGORY_RANK = {"red_flag": 0, AGE: 1, DAYS_SINCE_INJURY: 1, "context": 2}
# The questions that take a number, and the unit each answer counts.
_NUMBER_QUESTIONS: dict[str, tuple[str, Literal["age", "days"]]] = {
    AGE: (AGE_QUESTION, "age"),
    DAYS_SINCE_INJURY: (DAYS_QUESTION, "days"),
}


class Question(BaseModel):
    """One question of the interview.

    ``symptom`` is the symptom id asked about, or ``"age"``; ``text`` asks it in plain
    words (the symptom's ``question`` in the pack). ``kind`` is ``"yes_no"`` (answers
    ``"yes"``, ``"no"`` or ``"unknown"`` for "don't know"), ``"age"`` (a whole number of
    years, or ``"unknown"``) or ``"days"`` (``symptom`` is ``"days_since_injury"``: whole
    days since the injury, or ``"unknown"``); :meth:`SymptomReport.with_answer` takes each. ``why`` says
    why it is asked; ``red_flags`` are the flags an answer could raise (the most urgent at
    ``level``), ``regions`` the regions it could add, withhold or make primary.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    symptom: str
    text: str
    kind: Literal["yes_no", "age", "days"]
    answers: tuple[str, ...]
    why: str
    level: Triage | None
    red_flags: tuple[str, ...]
    regions: tuple[str, ...]


def outcome_of(answer: Suggestion, report: SymptomReport, pack: RulePack) -> Outcome:
    """The part of ``answer`` another answer could change, and the facts that hold."""
    derived = {fact for rule in answer.fired_rules for fact in pack.content.rule(rule).derive}
    return Outcome(
        triage=answer.triage_level,
        flags=frozenset(hit.id for hit in answer.red_flags),
        regions={region.region: region.role for region in answer.regions},
        withheld=frozenset(held.region for held in answer.withheld),
        facts=frozenset(report.symptoms | derived),
    )


def open_questions(report: Symptoms, pack: RulePack | None = None) -> list[Question]:
    """Every question whose answer could still change the result, in the order
    :func:`next_question` would ask them (each asked once, answers as they stand)."""
    pack = pack or default_pack()
    report = as_report(report)
    answer = pack.suggest_regions(report)
    openings = relevant_openings(pack.content, report, outcome_of(answer, report, pack), unknown_is_open=False)
    if not report.answered(DAYS_SINCE_INJURY) and any(
        window.after in report.symptoms for window in pack.windows.values()
    ):
        # An injury on a day not known is read as today, the most urgent reading: the day
        # can only lift flags that reading raised, which screening (which only ever adds
        # flags) does not look for. So ask it whenever an injury was reported.
        openings.setdefault(DAYS_SINCE_INJURY, Opening(rules=1))
    position = {id_: index for index, id_ in enumerate([*pack.symptoms, AGE, DAYS_SINCE_INJURY])}

    def category(id_: str) -> str:
        return id_ if id_ in _NUMBER_QUESTIONS else pack.symptoms[id_].category

    def rank(id_: str) -> tuple[int, int, int, int, int]:
        opening = openings[id_]
        screens = 0 if opening.flags else 1
        level = -int(opening.level) if opening.level is not None else 0
        return (screens, level, -opening.rules, _CATEGORY_RANK.get(category(id_), 3), position[id_])

    return [_question(pack, id_, openings[id_]) for id_ in sorted(openings, key=rank)]


def next_question(report: Symptoms, pack: RulePack | None = None) -> Question | None:
    """The next question to ask about ``report`` (a :class:`SymptomReport`, or symptom
    ids meaning "present"), or ``None`` when no answer to any question can change the
    result. ``pack`` defaults to the pack shipped with kneelink.

    Answer it with :meth:`SymptomReport.with_answer` and ask again. An answered id
    (present, absent or unknown; for the age, a number or ``"unknown"``) is never asked
    again, so an interview ends within one question per symptom of the pack, plus one
    for the age.

    >>> import kneelink
    >>> report = kneelink.SymptomReport(symptoms=["knee_pain", "one_leg_swelling", "breathless_or_chest_pain"])
    >>> kneelink.next_question(report) is None  # an ambulance already, every region withheld
    True
    """
    found = open_questions(report, pack)
    return found[0] if found else None


def _question(pack: RulePack, id_: str, opening: Opening) -> Question:
    flags = sorted(
        opening.flags,
        key=lambda flag: (-TriageLevel.of(pack.content.red_flags[flag].level), flag),
    )
    regions = [region for region in pack.regions if region in opening.regions]
    if flags:
        labels = "; ".join(pack.content.red_flags[flag].label for flag in flags)
        why = f"To check for a warning sign: {labels}."
    else:
        why = f"The answer could change the regions to roll: {', '.join(pack.regions[r].label for r in regions)}."
    if id_ in _NUMBER_QUESTIONS:
        text, kind = _NUMBER_QUESTIONS[id_]
        return Question(
            symptom=id_,
            text=text,
            kind=kind,
            answers=("unknown",),
            why=why,
            level=opening.level.level if opening.level is not None else None,
            red_flags=tuple(flags),
            regions=tuple(regions),
        )
    symptom = pack.symptoms[id_]
    return Question(
        symptom=id_,
        text=symptom.question or f"Do you have this: {symptom.label}?",
        kind="yes_no",
        answers=YES_NO_UNKNOWN,
        why=why,
        level=opening.level.level if opening.level is not None else None,
        red_flags=tuple(flags),
        regions=tuple(regions),
    )
