"""The interview: :func:`next_question` asks what could still change the answer.

Questions come from the compiled rules, not a script: an id is asked when it is not
answered (present, absent or "don't know") and an answer to it could change the result,
that is the triage, the regions to roll and their roles, or the regions withheld (see
:mod:`kneelink._screening` for the exact test). Red-flag screening comes first: the
questions that could raise a red flag, most urgent possible level first, a premise before
its follow-ups (a "no" to "Is the knee swollen?" answers "hot, swollen and painful?"), then
those that could change the most rules; then the questions that could change the regions. When no
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

import itertools
from typing import Literal

from pydantic import BaseModel, ConfigDict

from kneelink._answer import Suggestion
from kneelink._errors import ReportError
from kneelink._pack import RulePack, Symptoms, as_report, default_pack
from kneelink._report import AGE, DAYS_SINCE_INJURY, Answer, SymptomReport
from kneelink._schema import WARNING_SIGN_CATEGORIES, Triage
from kneelink._screening import Opening, Outcome, relevant_openings
from kneelink._triage import TriageLevel

AGE_QUESTION = "How old are you, in whole years?"
DAYS_QUESTION = "How many days ago did you injure the knee? (0 if it was today.)"
YES_NO_UNKNOWN: tuple[Literal["yes", "no", "unknown"], ...] = ("yes", "no", "unknown")
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

    ``asks`` is ``"absent"`` when the question is phrased positively, so that "yes" means
    the symptom is absent ("Can you take 4 steps on that leg?"). Record a reply with
    :meth:`record`, which reads it the way the question was asked: an app never inverts
    a red flag by mistake. ``follow_ups`` are the questions that follow from this one
    ("did it swell within 2 hours of the injury?"): a "no" here answers them no as well.
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
    asks: Literal["present", "absent"] = "present"
    follow_ups: tuple[str, ...] = ()

    def record(self, report: SymptomReport, reply: Answer | int) -> SymptomReport:
        """``report`` with the person's ``reply`` to this question as it was asked: ``"yes"``,
        ``"no"`` or ``"unknown"`` (for the age or the days since the injury, a whole number
        or ``"unknown"``).

        >>> import kneelink
        >>> report = kneelink.SymptomReport(symptoms=["knee_injury"])
        >>> question = next(q for q in open_questions(report) if q.symptom == "unable_to_bear_weight")
        >>> question.text, question.asks
        ('Can you take 4 steps on that leg, even with a limp?', 'absent')
        >>> sorted(question.record(report, "yes").absent)  # yes, I can: not unable
        ['unable_to_bear_weight']
        """
        if self.kind in ("age", "days"):
            return report.with_answer(self.symptom, reply)
        if reply not in YES_NO_UNKNOWN:
            raise ReportError(f"a reply to {self.symptom!r} is 'yes', 'no' or 'unknown' (got {reply!r})")
        if self.asks == "absent" and reply != "unknown":
            reply = "no" if reply == "yes" else "yes"
        report = report.with_answer(self.symptom, reply)
        if reply == "no":
            for follow_up in self.follow_ups:
                if not report.answered(follow_up):
                    report = report.with_answer(follow_up, "no")
        return report


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
    # A follow-up question ("did it swell within 2 hours of the injury?") is not asked
    # once its premise is answered no.
    follow_ups = pack.content.intake.follow_ups if pack.content.intake is not None else {}
    openings = {id_: o for id_, o in openings.items() if follow_ups.get(id_) not in report.absent}
    openings = {id_: o for id_, o in openings.items() if not _only_another_way(pack, report, id_, o)}
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

    # A question whose "no" answers others (their premise) goes before them at its level:
    # "Is the knee swollen?" before "Is the knee hot, swollen and painful?".
    settles: dict[str, int] = {}
    for id_ in openings:
        if follow_ups.get(id_) in openings:
            settles[follow_ups[id_]] = settles.get(follow_ups[id_], 0) + 1

    def rank(id_: str) -> tuple[int, int, int, int, int, int]:
        opening = openings[id_]
        screens = 0 if opening.flags else 1
        level = -int(opening.level) if opening.level is not None else 0
        return (
            screens,
            level,
            -settles.get(id_, 0),
            -opening.rules,
            _CATEGORY_RANK.get(category(id_), 3),
            position[id_],
        )

    return [_question(pack, id_, openings[id_]) for id_ in sorted(openings, key=rank)]


# The most other open ids whose answers _only_another_way tries together (4 ** this ways:
# each unanswered, yes, no or "don't know"), which bounds what one question costs.
_WITH_LIMIT = 3


def _only_another_way(pack: RulePack, report: SymptomReport, id_: str, opening: Opening) -> bool:
    """Whether what answering ``id_`` could change comes as well without it in every way of
    answering the open ids its rules need with it ("front knee pain with tight hip
    flexors" makes the quadriceps primary, but tight hip flexors alone do so already).
    Only for an ordinary symptom that raises no flag, whose rules need few others: a
    warning sign answered "don't know" changes the answer by its cautions."""
    if opening.flags or id_ not in pack.symptoms or pack.symptoms[id_].category in WARNING_SIGN_CATEGORIES:
        return False
    others = sorted(opening.with_)
    if len(others) > _WITH_LIMIT or not set(others) <= pack.symptoms.keys():
        return False
    for answers in itertools.product((None, *YES_NO_UNKNOWN), repeat=len(others)):
        world = report
        for other, reply in zip(others, answers, strict=True):
            world = world if reply is None else world.with_answer(other, reply)
        if len({_told(pack.suggest_regions(world.with_answer(id_, reply))) for reply in YES_NO_UNKNOWN}) > 1:
            return False
    return True


def _told(answer: Suggestion) -> tuple[object, ...]:
    """What an answer tells a person: the triage, the flags, the regions with their roles
    and cautions, and the regions held back."""
    return (
        answer.triage,
        frozenset(hit.id for hit in answer.red_flags),
        tuple((region.region, region.role, region.cautions) for region in answer.regions),
        frozenset(held.region for held in answer.withheld),
    )


def next_question(report: Symptoms, pack: RulePack | None = None) -> Question | None:
    """The next question to ask about ``report`` (a :class:`SymptomReport`, or symptom
    ids meaning "present"), or ``None`` when no answer to any question can change the
    result. ``pack`` defaults to the pack shipped with kneelink.

    Record the reply with :meth:`Question.record` and ask again. An answered id
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


def _follow_ups(pack: RulePack, id_: str) -> tuple[str, ...]:
    follow_ups = pack.content.intake.follow_ups if pack.content.intake is not None else {}
    return tuple(question for question, premise in follow_ups.items() if premise == id_)


def question_for(id_: str, pack: RulePack | None = None, why: str = "To check what you wrote.") -> Question:
    """The question that asks about symptom ``id_`` (or ``"age"``, ``"days_since_injury"``)
    whether or not it is open: to confirm what free text said, or to let a person correct it."""
    pack = pack or default_pack()
    if id_ in _NUMBER_QUESTIONS:
        text, kind = _NUMBER_QUESTIONS[id_]
        return Question(
            symptom=id_,
            text=text,
            kind=kind,
            answers=("unknown",),
            why=why,
            level=None,
            red_flags=(),
            regions=(),
        )
    if id_ not in pack.symptoms:
        raise ReportError(f"no symptom {id_!r} in the pack")
    symptom = pack.symptoms[id_]
    return Question(
        symptom=id_,
        text=symptom.question or f"Do you have this: {symptom.label}?",
        kind="yes_no",
        answers=YES_NO_UNKNOWN,
        why=why,
        level=None,
        red_flags=(),
        regions=(),
        asks=symptom.question_asks,
        follow_ups=_follow_ups(pack, id_),
    )


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
    # The question itself is question_for's; an opening adds why, and what an answer could change.
    return question_for(id_, pack, why).model_copy(
        update={
            "level": opening.level.level if opening.level is not None else None,
            "red_flags": tuple(flags),
            "regions": tuple(regions),
        }
    )
