"""Free-text intake: :func:`parse` turns an English sentence into a symptom report.

Lexicon and rules only, from the pack's own data: each symptom's ``label`` (without its
parenthesis) and ``synonyms`` are its phrases. Text and phrases are normalised the same
way (lower case, apostrophes dropped, ``can't`` = ``cannot``, a plural ``s`` dropped,
filler words such as "my" and "the" skipped) and a word of five letters or more matches
a word one typing slip away (a letter added, dropped, changed or two swapped). The
longest phrase wins where two overlap.

A phrase is *absent* when a negation ("no", "not", "without", "denies", "never",
"don't"...) comes before it in the same clause (clauses end at punctuation and at "and",
"but", "although"...; "or" and "nor" carry the negation on: "no fever or swelling"), or
when it is followed by ": no" or "- none". Side is "left"/"right" next to a body part, or
"both"/"bilateral"; both sides named make "both". Age is a number (digits or words up to
"one hundred and twenty") after "I'm", "aged", "age" or before "years old"/"yo". Clauses
in which nothing was recognised are returned as ``unrecognised``, never guessed at.

>>> parsed = parse("my right knee hurts on the outside when I run downhill, no swelling, I'm 34")
>>> sorted(parsed.symptoms), sorted(parsed.absent), parsed.side, parsed.age
(['lateral_knee_pain', 'running_downhill'], ['swollen_knee'], 'right', 34)
>>> [(f.kind, f.text) for f in parsed.findings][:3]
[('side', 'right'), ('symptom', 'knee hurts on the outside'), ('symptom', 'run downhill')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict

from kneelink._errors import ReportError
from kneelink._pack import RulePack, default_pack
from kneelink._report import Side, SymptomReport

# A description, not a document: longer text is refused rather than matched slowly.
MAX_TEXT = 5_000

_WORD = re.compile("[a-z0-9]+(?:['\u2019][a-z]+)?", re.IGNORECASE)
_CONTRACTIONS = {
    "cant": "cannot",
    "wont": "will_not",
    "im": "i_am",
    "ive": "i_have",
    "dont": "do_not",
    "doesnt": "does_not",
    "didnt": "did_not",
    "isnt": "is_not",
    "arent": "are_not",
    "wasnt": "was_not",
    "havent": "have_not",
    "hasnt": "has_not",
    "couldnt": "cannot",
    "unable": "cannot",
}
_FILLER = frozenset(
    [
        "i",
        "my",
        "me",
        "the",
        "a",
        "an",
        "his",
        "her",
        "their",
        "your",
        "our",
        "this",
        "that",
        "these",
        "it",
        "its",
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
        "so",
        "just",
        "bit",
        "little",
        "of",
        "to",
        "in",
        "at",
    ]
)
_NEGATIONS = frozenset(
    [
        "no",
        "not",
        "without",
        "denies",
        "deny",
        "denied",
        "never",
        "nor",
        "neither",
        "none",
        "nothing",
        "do_not",
        "does_not",
        "did_not",
        "is_not",
        "are_not",
        "was_not",
        "have_not",
        "has_not",
        "will_not",
        "free",
    ]
)
# Words that end a negation's reach (with punctuation); "or" and "nor" do not.
_CLAUSE_ENDS = frozenset(
    [
        "and",
        "but",
        "although",
        "though",
        "however",
        "except",
        "yet",
        "so",
        "because",
        "since",
        "while",
        "whereas",
        "also",
    ]
)
_AFTER_NEGATIONS = frozenset({"no", "none", "nope", "never"})
_BODY = frozenset(["knee", "leg", "side", "calf", "thigh", "hip", "kneecap", "one", "foot", "shin", "ankle"])
_SIDE_WORDS: dict[str, Side] = {"left": "left", "right": "right", "both": "both", "bilateral": "both"}
_STOP = (
    _FILLER
    | _CLAUSE_ENDS
    | frozenset(
        ["or", "and", "when", "if", "with", "for", "on", "up", "down", "have", "has", "had", "do", "does", "did"]
    )
)

_UNITS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
_UNITS += "seventeen eighteen nineteen"
_NUMBER_WORDS = {word: value for value, word in enumerate(_UNITS.split())}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70}
_TENS |= {"eighty": 80, "ninety": 90}


def _alternatives(words: list[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_SMALL = (
    rf"(?:(?:{_alternatives(list(_TENS))})(?:[\s-]+(?:{_alternatives(_UNITS.split()[1:10])}))?"
    rf"|{_alternatives(list(_NUMBER_WORDS))})"
)
_NUMBER = rf"(?:\d{{1,3}}|(?:one\s+|a\s+)?hundred(?:\s+and\s+{_SMALL})?|{_SMALL})"
_NOT_YEARS = r"(?!\s*(?:days?|weeks?|months?|hours?|minutes?|steps?|degrees?|times?|km|miles?|%|foot|feet|kg|lbs?))"
_AGE_BEFORE = re.compile(
    r"\b(?:i['\u2019]?\s*a?m|(?:he|she)\s+is|(?:he|she)['\u2019]s|aged?|age\s*(?:is|:)?|turned|turning)"
    rf"\s+(?P<n>{_NUMBER})\b{_NOT_YEARS}",
    re.IGNORECASE,
)
_AGE_AFTER = re.compile(
    rf"\b(?P<n>{_NUMBER})[\s-]*(?:years?|yrs?|yr)(?:[\s-]*old|\s+of\s+age)\b|\b(?P<m>{_NUMBER})\s*(?:yo|y/o)\b",
    re.IGNORECASE,
)
_CLAUSE_SPLIT = re.compile(r"[.,;:!?()\n]+|\s+(?:but|although|though|however)\s+")


class ParsedFinding(BaseModel):
    """One thing :func:`parse` recognised, and the characters ``start:end`` of the text it came from.

    ``kind`` is ``"symptom"`` (``symptom`` is its id, ``present`` false when negated, and
    ``negation`` the word that negated it), ``"side"`` (``side``) or ``"age"`` (``age``).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["symptom", "side", "age"]
    start: int
    end: int
    text: str
    symptom: str | None = None
    present: bool = True
    negation: str | None = None
    side: Side | None = None
    age: int | None = None


class TextSpan(BaseModel):
    """Characters ``start:end`` of the parsed text."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: int
    end: int
    text: str


class ParsedReport(BaseModel):
    """What :func:`parse` read in a text: symptoms present and absent, side, age, each
    finding with its span, the symptoms said both ways (``contradicted``, reported as
    unknown), and the clauses in which nothing was recognised."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str
    findings: tuple[ParsedFinding, ...]
    symptoms: frozenset[str]
    absent: frozenset[str]
    contradicted: frozenset[str]
    side: Side | None
    age: int | None
    unrecognised: tuple[TextSpan, ...]

    def to_report(self) -> SymptomReport:
        """The :class:`SymptomReport` this text gives: a contradicted symptom is unknown.

        Raises :class:`~kneelink.ReportError` when no symptom was found present.
        """
        return SymptomReport(
            symptoms=self.symptoms, absent=self.absent, unknown=self.contradicted, side=self.side, age=self.age
        )


@dataclass(frozen=True)
class _Token:
    raw: str  # as written, lower case, without apostrophes
    word: str  # normalised
    start: int
    end: int
    boundary_before: bool  # punctuation between this token and the one before


def _normalise(word: str) -> str:
    word = word.lower().replace("'", "").replace("\u2019", "")
    word = _CONTRACTIONS.get(word, word)
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    return word


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    previous_end = 0
    # Matched on the text as given (case-insensitively), so spans index the caller's string.
    for match in _WORD.finditer(text):
        between = text[previous_end : match.start()]
        raw = match.group().lower().replace("'", "").replace("\u2019", "")
        boundary = bool(re.search(r"[.,;:!?()]", between))
        tokens.append(_Token(raw, _normalise(match.group()), match.start(), match.end(), boundary))
        previous_end = match.end()
    return tokens


def _phrase_words(phrase: str) -> tuple[str, ...]:
    words = [_normalise(match.group()) for match in _WORD.finditer(phrase.lower())]
    return tuple(word for word in words if word not in _FILLER)


def _near(word: str, other: str, known: frozenset[str] = frozenset()) -> bool:
    """Whether ``word`` (from the text) is ``other`` (from a phrase) or one slip from it;
    a word the lexicon or the rules know ("never") is never taken for another ("fever")."""
    if word == other:
        return True
    if word in known or word in _NEGATIONS or word in _STOP or word in _NUMBER_WORDS or word in _TENS:
        return False
    if len(word) < 5 or len(other) < 5 or abs(len(word) - len(other)) > 1:
        return False
    return _one_slip(word, other)


def _one_slip(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by one insertion, deletion, substitution or swap."""
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diffs) == 1 or (
            len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


@lru_cache(maxsize=8)
def _known_words(pack: RulePack) -> frozenset[str]:
    return frozenset(word for words, _ in _lexicon(pack) for word in words)


@lru_cache(maxsize=8)
def _lexicon(pack: RulePack) -> tuple[tuple[tuple[str, ...], str], ...]:
    entries: dict[tuple[str, ...], str] = {}
    for symptom in pack.symptoms.values():
        label = re.sub(r"\([^()]*\)", "", symptom.label).split(":")[0]
        for phrase in (*symptom.synonyms, label):
            words = _phrase_words(phrase)
            if words:
                entries.setdefault(words, symptom.id)
    return tuple(sorted(entries.items(), key=lambda entry: -len(entry[0])))


def parse(text: str, pack: RulePack | None = None) -> ParsedReport:
    """Read an English description of a knee problem into a :class:`ParsedReport`.

    ``pack`` (default: kneelink's own) gives the vocabulary: its symptoms' labels and
    synonyms. No model and no network: what the lexicon and the rules above do not
    recognise is returned in ``unrecognised``.

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
    tokens = _tokens(text)
    # Side words are read apart, so "twisted my left knee" still says "twisted my knee".
    content = [index for index, token in enumerate(tokens) if token.word not in _FILLER | _SIDE_WORDS.keys()]
    findings: list[ParsedFinding] = []
    taken: set[int] = set()
    for start, end, symptom in _phrase_matches(tokens, content, _lexicon(pack), _known_words(pack)):
        if taken & set(range(start, end + 1)):
            continue
        taken.update(range(start, end + 1))
        negation = _negation(tokens, start, end, taken)
        first, last = tokens[start], tokens[end]
        findings.append(
            ParsedFinding(
                kind="symptom",
                start=first.start,
                end=last.end,
                text=text[first.start : last.end],
                symptom=symptom,
                present=negation is None,
                negation=negation,
            )
        )
    findings += _sides(text, tokens, _known_words(pack))
    findings += _ages(text)
    findings.sort(key=lambda finding: (finding.start, finding.end))

    present = {f.symptom for f in findings if f.kind == "symptom" and f.present and f.symptom}
    absent = {f.symptom for f in findings if f.kind == "symptom" and not f.present and f.symptom}
    sides = {f.side for f in findings if f.kind == "side"}
    side: Side | None = None if not sides else "both" if len(sides) > 1 or "both" in sides else sides.pop()
    ages = [f.age for f in findings if f.kind == "age"]
    return ParsedReport(
        text=text,
        findings=tuple(findings),
        symptoms=frozenset(present - absent),
        absent=frozenset(absent - present),
        contradicted=frozenset(present & absent),
        side=side,
        age=ages[0] if ages else None,
        unrecognised=tuple(_unrecognised(text, findings)),
    )


def _phrase_matches(
    tokens: list[_Token],
    content: list[int],
    lexicon: tuple[tuple[tuple[str, ...], str], ...],
    known: frozenset[str],
) -> Iterator[tuple[int, int, str]]:
    """(first token, last token, symptom) for each phrase found, longest first, then leftmost."""
    # Which lexicon words each token may be, worked out once per token, not once per phrase.
    may_be = [{word for word in known if _near(tokens[index].word, word, known)} for index in content]
    found: list[tuple[int, int, int, str]] = []
    for position in range(len(content)):
        if not may_be[position]:
            continue
        for words, symptom in lexicon:
            end = position + len(words)
            if end > len(content) or words[0] not in may_be[position]:
                continue
            window = content[position:end]
            if any(tokens[window[k]].boundary_before for k in range(1, len(window))):
                continue
            if all(words[k] in may_be[position + k] for k in range(1, len(words))):
                found.append((len(words), window[0], window[-1], symptom))
    for _, start, end, symptom in sorted(found, key=lambda item: (-item[0], item[1])):
        yield start, end, symptom


def _negation(tokens: list[_Token], start: int, end: int, taken: set[int]) -> str | None:
    index = start
    while index > 0:
        if tokens[index].boundary_before:
            break
        index -= 1
        word = tokens[index].word
        if word in _CLAUSE_ENDS:
            break
        if (word in _NEGATIONS or tokens[index].raw in _NEGATIONS) and index not in taken:
            return tokens[index].word.replace("_", " ")
    after = end + 1
    if after < len(tokens) and tokens[after].word in _AFTER_NEGATIONS and tokens[after].boundary_before:
        last = after + 1 == len(tokens) or tokens[after + 1].boundary_before
        if last:
            return tokens[after].word
    return None


def _sides(text: str, tokens: list[_Token], known: frozenset[str]) -> list[ParsedFinding]:
    """ "left"/"right" before a body part ("left knee", "right one", "left and right"), and
    "both" before one, or "bilateral"; not "right away" or "a right angle"."""
    found: list[ParsedFinding] = []
    for index, token in enumerate(tokens):
        word = next((side for side in _SIDE_WORDS if _near(token.word, side, known)), None)
        if word is None:
            continue
        side = _SIDE_WORDS[word]
        following = [t.word for t in tokens[index + 1 : index + 4] if t.word not in _FILLER][:2]
        before = [t.word for t in tokens[max(0, index - 2) : index]]
        on_the = before == ["on", "the"] and (index + 1 == len(tokens) or tokens[index + 1].boundary_before)
        paired = following[:1] == ["and"] or (before[-1:] == ["and"] and before[0] in _SIDE_WORDS)
        if word == "bilateral" or any(w in _BODY for w in following) or paired or on_the:
            where = text[token.start : token.end]
            found.append(ParsedFinding(kind="side", start=token.start, end=token.end, text=where, side=side))
    return found


def _number(words: str) -> int | None:
    """``"34"``, ``"thirty-four"``, ``"a hundred and two"`` → the number; ``None`` if not one."""
    words = words.lower().replace("-", " ")
    if words.isdigit():
        return int(words)
    parts = [word for word in words.split() if word not in ("a", "and")]
    total = 0
    if "hundred" in parts:
        if parts.index("hundred") not in (0, 1) or parts[0] not in ("one", "hundred"):
            return None
        total, parts = 100, parts[parts.index("hundred") + 1 :]
    for word in parts:
        if word in _TENS:
            total += _TENS[word]
        elif word in _NUMBER_WORDS:
            total += _NUMBER_WORDS[word]
        else:
            return None
    return total


def _ages(text: str) -> list[ParsedFinding]:
    found: list[ParsedFinding] = []
    for pattern in (_AGE_BEFORE, _AGE_AFTER):
        for match in pattern.finditer(text):
            group = "n" if match.group("n") else "m"
            value = _number(match.group(group))
            if value is None or not 0 <= value <= 120:
                continue
            if any(f.start <= match.start() < f.end or match.start() <= f.start < match.end() for f in found):
                continue
            found.append(
                ParsedFinding(
                    kind="age", start=match.start(), end=match.end(), text=text[match.start() : match.end()], age=value
                )
            )
    return found


def _unrecognised(text: str, findings: list[ParsedFinding]) -> Iterator[TextSpan]:
    start = 0
    pieces = [*(m for m in _CLAUSE_SPLIT.finditer(text)), None]
    for separator in pieces:
        end = separator.start() if separator is not None else len(text)
        clause = text[start:end]
        words = [w for w in (_normalise(m.group()) for m in _WORD.finditer(clause.lower())) if w not in _STOP]
        covered = any(f.start < end and f.end > start for f in findings)
        if words and not covered:
            stripped = clause.strip()
            offset = start + clause.index(stripped)
            yield TextSpan(start=offset, end=offset + len(stripped), text=stripped)
        if separator is not None:
            start = separator.end()
