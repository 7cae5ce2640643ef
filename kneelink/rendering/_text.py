"""Small text helpers shared by the renderings and the interop formats.

>>> wrap("Lie face up with the foam roller on the floor", 20)
['Lie face up with the', 'foam roller on the', 'floor']
>>> legs_phrase("unspecified")
'both legs (side not given)'
>>> cite(PackInfo(name="kneelink-default", version="0.1.0", content_hash="ab", engine="native"), "a source")
'kneelink-default 0.1.0: a source'
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import TYPE_CHECKING

from kneelink._answer import AnswerSide, PackInfo, Suggestion, inconsistencies
from kneelink._errors import PackMismatchError, RenderError, closest, excerpt

if TYPE_CHECKING:
    from kneelink._pack import RulePack
    from kneelink._schema import Symptom

_LEGS = {
    "left": "left leg",
    "right": "right leg",
    "both": "both legs",
    "unspecified": "both legs (side not given)",
}


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` characters (longer words stay whole)."""
    return textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False) or [""]


def legs_phrase(side: AnswerSide) -> str:
    """Which legs an answer's ``side`` marks, in words."""
    return _LEGS[side]


def ordinal(number: int) -> str:
    """``1`` -> ``'1st'``.

    >>> [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22)]
    ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd']
    """
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def cite(pack: PackInfo, source: str) -> str:
    """A citation for a card or resource: which pack said it, and the source it rests on.

    One place, so that when sources become data (issue 7's ``[[source]]`` tables) the
    citation text changes here only.
    """
    return f"{pack.name} {pack.version}: {source}"


def pack_for(answer: Suggestion, pack: RulePack | None) -> RulePack:
    """The pack that made ``answer``: ``pack`` if given, else kneelink's default pack;
    :class:`~kneelink.PackMismatchError` if that is not the pack the answer names."""
    from kneelink._pack import default_pack

    check_drawable(answer)
    chosen = pack if pack is not None else default_pack()
    if chosen.info != answer.pack:
        raise PackMismatchError(
            f"the answer came from rule pack {answer.pack.name} {answer.pack.version} "
            f"({answer.pack.content_hash[:12]}), not {chosen.info.name} {chosen.info.version} "
            f"({chosen.info.content_hash[:12]}); pass the pack that made it as pack="
        )
    named = [region.region for region in answer.regions] + [held.region for held in answer.withheld]
    for region_id in named:
        if region_id not in chosen.regions:
            near = closest(region_id, chosen.regions)
            hint = f"; did you mean {' or '.join(repr(n) for n in near)}?" if near else ""
            raise RenderError(
                f"the answer names region {excerpt(region_id)}, which rule pack {chosen.info.name} "
                f"{chosen.info.version} does not have{hint}: it was edited after kneelink gave it"
            )
    return chosen


def check_drawable(answer: Suggestion) -> None:
    """A :class:`~kneelink.RenderError` if ``answer`` is not one a pack could give (see
    :func:`kneelink._answer.inconsistencies`): one built with ``model_construct``, say."""
    problems = inconsistencies(answer)
    if problems:
        raise RenderError(f"cannot draw this answer: {'; '.join(problems[:3])}")


# What an answer's unscreened measures ask, in the interview's words.
_MEASURE_QUESTIONS = {
    "age": "How old is the person?",
    "days_since_injury": "How many days ago was the knee injured?",
}
# Said by every rendering of an answer that is not complete, beside what is still open.
NOT_COMPLETE = "Not complete: some warning signs were not asked about or not known."


def unscreened_questions(answer: Suggestion, pack: RulePack | None = None) -> list[str]:
    """The questions still open on ``answer`` (its ``unscreened``), in the pack's words:
    each warning sign's question, or its id where ``pack`` (default kneelink's own) is not
    the pack that made the answer."""
    try:
        symptoms: Mapping[str, Symptom] = pack_for(answer, pack).symptoms
    except (PackMismatchError, RenderError):  # the questions need the pack; the ids do not
        symptoms = {}
    questions = []
    for id_ in answer.unscreened:
        symptom = symptoms.get(id_)
        if id_ in _MEASURE_QUESTIONS:
            questions.append(_MEASURE_QUESTIONS[id_])
        elif symptom is not None:
            questions.append(symptom.question or symptom.label)
        else:
            questions.append(id_)
    return questions
