"""The rule-file format, as pydantic models.

A rule pack is a folder of TOML files. Every file states ``schema_version = 2`` and may hold
any of these arrays of tables; exactly one file of the pack holds the ``[pack]`` table::

    [pack]        name, version, description
    [[source]]    a published source rules cite, with paraphrases of cited paragraphs
    [[symptom]]   what a person can report (input facts)
    [[fact]]      what rules derive from symptoms (derived facts)
    [[region]]    where to roll, in treatment order
    [[red_flag]]  what a referral says, and how urgent it is
    [[contraindication]]  what may lie over a region and forbid rolling it
    [[example]]   a report and the outcome it must get (run by ``kneelink check``)
    [[code]]      a code a clinical record may carry (SNOMED CT, ICD-10) and the symptom or side it means
    [[rule]]      when these facts hold, derive / suggest / flag / withhold

Everything that makes a claim cites sources by id (``cite = ["article#6", "nhs_dvt"]``):
a source id, or a source id and a paragraph number. These models check one file on its own
(shapes, values, unknown keys). Whether the ids a rule names or cites exist is checked
when the files are put together (:mod:`kneelink._loader`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from kneelink._errors import PackError, closest, did_you_mean
from kneelink._escape import UNSAFE
from kneelink._shape import check_shape
from kneelink._triage import Triage as Triage  # where the rule files' models and their readers find it
from kneelink._triage import TriageLevel
from kneelink._wording import plain

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=64)]


def plain_text(text: str) -> str:
    r"""``text``, if it holds none of the characters a pack text may not: C0 and C1 controls
    but newline (ESC starts terminal escapes, U+0001 makes XML invalid), bidi overrides and
    isolates (they reorder what a reader sees), lone surrogates, non-characters; else a
    ``ValueError`` naming the first one as U+XXXX.

    >>> plain_text("Outer knee pain\nworse on stairs")
    'Outer knee pain\nworse on stairs'
    >>> plain_text("Calf \x1b]0;title\x07")
    Traceback (most recent call last):
    ...
    ValueError: holds U+001B (a control character) at character 6; pack texts may hold printable text and newlines only
    """
    found = UNSAFE.search(text)
    if found is None:
        return text
    char = found.group()
    code = ord(char)
    if code <= 0x9F:
        kind = "a control character"
    elif 0x202A <= code <= 0x2069:
        kind = "a bidirectional override or isolate"
    elif 0xD800 <= code <= 0xDFFF:
        kind = "a lone surrogate"
    else:
        kind = "a Unicode non-character"
    raise ValueError(
        f"holds U+{code:04X} ({kind}) at character {found.start() + 1}; "
        "pack texts may hold printable text and newlines only"
    )


# The pattern says "not only blanks" in the JSON Schema too, where stripping cannot be said.
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, pattern=r"\S"), AfterValidator(plain_text)]
Role = Literal["primary", "supporting"]
# The source id every pack uses for the article the muscle chain comes from.
ARTICLE = "article"
SymptomCategory = Literal["knee_pain", "condition", "aggravating_factor", "red_flag", "context", "window"]
# The categories of the warning signs: symptoms whose questions are the red-flag screen
# (a `red_flag` raises a flag alone, a `context` finding in a pair or with an age).
WARNING_SIGN_CATEGORIES: frozenset[str] = frozenset({"red_flag", "context"})
# The most days a report's ``days_since_injury`` or a window may name: 100 years.
MAX_DAYS = 36_500
Days = Annotated[int, Field(ge=0, le=MAX_DAYS)]


class _Strict(BaseModel):
    """Rule-file tables: unknown keys are errors, nothing changes once loaded, and values
    are never coerced: ``extension = "yes"`` or ``order = "9"`` is a mistake to report at
    its line, as the JSON Schema does, not a ``True`` or a ``9`` to guess.

    TOML arrays arrive as lists and strict pydantic takes only tuples for tuple fields, so
    arrays become tuples first (what JSON input gets in strict mode, too).

    ``defer_build``: loading validates whole files through :class:`RuleFile`, whose validator
    covers every table; the tables' own validators would be built at import and never used
    (benchmarks/bench_startup.py measures the import).
    """

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, defer_build=True)

    @model_validator(mode="before")
    @classmethod
    def _arrays_are_tuples(cls, data: Any) -> Any:
        # Runs for every table of every file (46,000 of them in a 20,000-rule pack), so
        # only arrays cost a call.
        if isinstance(data, dict):
            return {key: _tuples(value) if isinstance(value, list) else value for key, value in data.items()}
        return data


def _tuples(value: Any) -> Any:
    """Lists, and lists inside them, as tuples; tables are left to their own model."""
    if not isinstance(value, list):
        return value
    return tuple([_tuples(item) if isinstance(item, list) else item for item in value])


class Paragraph(_Strict):
    """One cited paragraph of a source: its ``number`` (counted from the start of the text,
    headings not counted), the ``section`` heading it sits under, and a one-line
    ``paraphrase`` in our own words (never the source's text)."""

    number: Annotated[int, Field(ge=1, le=9999)]  # what a citation (`article#N`) can name
    section: Text | None = None
    paraphrase: Text


class Source(_Strict):
    """A published source that rules cite: who wrote or published it, and where to find it.

    ``secondary = true`` marks a page that restates another body's advice (a clinic's page
    restating NHS advice, say); rules resting on it say so in the answer.

    >>> Source(id="nhs_sprains", title="Sprains and strains", publisher="NHS",
    ...        address="https://www.nhs.uk/conditions/sprains-and-strains/").secondary
    False
    """

    id: Id
    title: Text
    author: Text | None = None
    publisher: Text | None = None
    address: Annotated[str, Field(pattern=r"^https://\S+$"), AfterValidator(plain_text)] | None = None
    citation: Text | None = None
    secondary: bool = False
    paragraph: tuple[Paragraph, ...] = ()

    @model_validator(mode="after")
    def _can_be_found(self) -> Source:
        if self.author is None and self.publisher is None:
            raise ValueError("a source needs an `author` or a `publisher`")
        if self.address is None and self.citation is None:
            raise ValueError("a source needs an `address` (https://...) or a `citation` a reader can look up")
        numbers = [paragraph.number for paragraph in self.paragraph]
        if len(set(numbers)) != len(numbers):
            raise ValueError("a paragraph number is given twice")
        return self


def _cite_list(cites: tuple[str, ...]) -> tuple[str, ...]:
    if len(set(cites)) != len(cites):
        raise ValueError("a citation is listed twice")
    return cites


# A citation: a source id, or a source id and a paragraph number ("article#6").
CITE_PATTERN = r"^[a-z][a-z0-9_]*(#[1-9][0-9]{0,3})?$"
Cite = Annotated[str, StringConstraints(pattern=CITE_PATTERN, max_length=70)]
Cites = Annotated[tuple[Cite, ...], Field(min_length=1), AfterValidator(_cite_list)]


def cited_source(cite: str) -> tuple[str, int | None]:
    """``"article#6"`` → ``("article", 6)``; ``"nhs_dvt"`` → ``("nhs_dvt", None)``.

    >>> cited_source("article#6"), cited_source("nhs_dvt")
    (('article', 6), ('nhs_dvt', None))
    """
    source, _, paragraph = cite.partition("#")
    return source, int(paragraph) if paragraph else None


class Window(_Strict):
    """When a window symptom holds: the symptom ``after`` was reported, and the report's
    ``days_since_injury`` lies in ``min_days``..``max_days`` (inclusive) or is not known.

    ``window = { after = "knee_injury", max_days = 7 }`` reads "injured in the last 7
    days". An injury whose date is not known counts as today: it lies inside every
    window that starts at day 0, so not knowing when errs toward the warning signs of a
    fresh injury, and outside a window such as ``min_days = 8`` ("more than a week
    ago"). A window is absent when ``after`` was reported absent or the days fall
    outside, and unknown when ``after`` is unknown.
    """

    after: Id
    min_days: Days | None = None
    max_days: Days | None = None

    @model_validator(mode="after")
    def _is_a_range(self) -> Window:
        if self.min_days is None and self.max_days is None:
            raise ValueError("a window needs `min_days`, `max_days` or both")
        if self.min_days is not None and self.max_days is not None and self.min_days > self.max_days:
            raise ValueError(f"window min_days {self.min_days} is above max_days {self.max_days}")
        return self

    def admits(self, days: int | None) -> bool:
        """Whether an injury ``days`` ago (``None``: not known, read as today) lies inside the window."""
        if days is None:
            days = 0
        return (self.min_days is None or days >= self.min_days) and (self.max_days is None or days <= self.max_days)


class Symptom(_Strict):
    """Something a person can report: a pain, a condition, an aggravating factor, a red flag.

    ``question`` asks about it in plain words, answerable yes, no or "don't know"; the
    interview (:func:`kneelink.next_question`) asks it. Every ``red_flag`` and ``context``
    symptom needs one (``kneelink check``).
    """

    id: Id
    label: Text
    question: Text | None = None
    category: SymptomCategory
    synonyms: tuple[Text, ...] = ()
    window_days: Annotated[int, Field(ge=1, le=MAX_DAYS)] | None = None
    window: Window | None = None
    # "absent": the question is phrased positively ("Can you take 4 steps?"), so yes = absent.
    question_asks: Literal["present", "absent"] = "present"
    cite: Cites

    @model_validator(mode="after")
    def _window_is_a_category(self) -> Symptom:
        if (self.category == "window") != (self.window is not None):
            raise ValueError("a symptom of category `window` needs a `window`, and only it may have one")
        if self.window is not None and (self.question is not None or self.synonyms):
            raise ValueError("a window is worked out from the report, never asked: give it no `question` or `synonyms`")
        return self


class Fact(_Strict):
    """A fact rules derive, such as ``it_band_pulling``; it appears in explanation chains."""

    id: Id
    label: Text
    cite: Cites


class CrossReference(_Strict):
    """Standard identifiers of one structure a region covers: UBERON and FMA ids as UBERON gives them.

    SNOMED CT ids come from UBERON's unverified bridge, hence the field's name.
    """

    structure: Text
    uberon: Annotated[str, Field(pattern=r"^UBERON:\d{7}$")] | None = None
    fma: Annotated[str, Field(pattern=r"^FMA:\d+$")] | None = None
    snomed_ct_unverified: Annotated[str, Field(pattern=r"^\d{6,18}$")] | None = None


View = Literal["front", "back"]
VIEWS: tuple[View, ...] = ("front", "back")
ShapePath = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(check_shape)]


class RegionShape(_Strict):
    """How the body map draws a region: an SVG path per view, on the half-body canvas of
    :mod:`kneelink._shape` (x 0-100 from the midline outward, y 0-300 from the top of the
    pelvis down), for one leg; the map mirrors it onto the other. ``hidden`` names the views
    a region cannot be seen from, so the map lists it under that view instead of drawing it.

    >>> RegionShape(front="M 0 0 L 10 0 L 10 10 Z", hidden=["back"]).path("back") is None
    True
    """

    front: ShapePath | None = None
    back: ShapePath | None = None
    hidden: tuple[View, ...] = ()

    @model_validator(mode="after")
    def _drawn_or_hidden(self) -> RegionShape:
        if len(set(self.hidden)) != len(self.hidden):
            raise ValueError("`hidden` lists a view twice")
        for view in self.hidden:
            if self.path(view) is not None:
                raise ValueError(f"the {view} view has a path and is `hidden`; keep one")
        return self

    def path(self, view: View) -> str | None:
        """The path drawn in ``view``, or ``None``."""
        return self.front if view == "front" else self.back


class Region(_Strict):
    """A part of the hip or leg to roll; ``order`` is its place in the treatment sequence;
    ``shape`` is how the body map draws it."""

    id: Id
    label: Text
    body_area: Text
    order: int
    how_to_roll: Text | None = None
    how_to_roll_cite: Cites | None = None
    xref: tuple[CrossReference, ...] = ()
    shape: RegionShape | None = None
    cite: Cites

    @model_validator(mode="after")
    def _technique_is_cited(self) -> Region:
        if (self.how_to_roll is None) != (self.how_to_roll_cite is None):
            raise ValueError("`how_to_roll` and `how_to_roll_cite` go together")
        return self


class RedFlag(_Strict):
    """What a referral tells the person, how urgent it is, and which regions it covers.

    ``level`` is one of the five triage levels. A flag at ``consultation_24`` or above
    withholds every region of the pack; below that, ``withhold`` names regions never to
    roll while the flag stands, and ``withhold_all = true`` holds back every region without
    a referral (the first days after an injury, when no massage is advised).
    """

    id: Id
    label: Text
    level: Triage
    message: Text
    withhold: tuple[Id, ...] = ()
    withhold_all: bool = False
    cite: Cites

    @field_validator("message")
    @classmethod
    def _places_are_known(cls, message: str) -> str:
        # Checked here, so a mistake is reported at its line; filled in by the pack.
        for name in _PLACEHOLDER.findall(message):
            if name not in PLACE_NAMES:
                choices = ", ".join("{" + place + "}" for place in PLACE_NAMES)
                raise ValueError(f"unknown place {{{name}}} in the message; the places are {choices}")
        if _PLACEHOLDER.sub("", message).count("{") or _PLACEHOLDER.sub("", message).count("}"):
            raise ValueError("a message uses braces only around a place name, such as {emergency_number}")
        return message

    @property
    def withholds_every_region(self) -> bool:
        """Whether the flag holds back every region of the pack, not only its ``withhold``."""
        return self.withhold_all or TriageLevel[self.level].withholds_every_region


class Contraindication(_Strict):
    """A local contraindication a person can report over a region (an open wound...).

    It withholds that region, and only that region, whatever the rules suggest.
    """

    id: Id
    label: Text
    message: Text
    cite: Cites


class AgeRange(_Strict):
    """Inclusive age bounds in whole years: ``{ min = 55 }``, ``{ max = 11 }``."""

    min: Annotated[int, Field(ge=0, le=120)] | None = None
    max: Annotated[int, Field(ge=0, le=120)] | None = None

    @model_validator(mode="after")
    def _is_a_range(self) -> AgeRange:
        if self.min is None and self.max is None:
            raise ValueError("an age condition needs `min`, `max` or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"age min {self.min} is above max {self.max}")
        return self

    def admits(self, age: int) -> bool:
        """Whether ``age`` lies inside the bounds."""
        return (self.min is None or age >= self.min) and (self.max is None or age <= self.max)


class Condition(_Strict):
    """When a rule fires: every fact in ``all``, at least one in ``any`` (if given),
    none of the symptoms in ``none``, and the reported age inside ``age`` (if given).

    ``none`` may name reported symptoms only, never derived facts: that keeps negation
    stratified, so the answer does not depend on the order rules fire in.
    """

    all: tuple[Id, ...] = ()
    any: tuple[Id, ...] = ()
    none: tuple[Id, ...] = ()
    age: AgeRange | None = None

    @model_validator(mode="after")
    def _can_fire(self) -> Condition:
        problems = []  # every mistake at once, as for a rule
        if not self.all and not self.any:
            problems.append("a condition needs at least one fact in `all` or `any`")
        for name in ("all", "any", "none"):
            ids: tuple[str, ...] = getattr(self, name)
            if len(set(ids)) != len(ids):
                problems.append(f"`{name}` lists an id twice")
        contradictions = (set(self.all) | set(self.any)) & set(self.none)
        if contradictions:
            problems.append(f"{sorted(contradictions)} both required and excluded")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @property
    def positive_ids(self) -> tuple[str, ...]:
        """The ids in ``all`` then ``any``: what must be present for the rule to fire."""
        return self.all + self.any


class Rule(_Strict):
    """One rule: a condition and what follows from it. Each rule cites its sources; a
    rule that cites no paragraph of the article goes beyond the article and must say so
    (``extension = true``). ``caveat`` is a hedge the source itself makes, shown with
    every reason the rule gives.

    ``priority`` (-1000..1000, default 0) orders firing: higher fires first. It changes
    only ``fired_rules``' order, never the answer, which is a fixpoint; a withheld
    region stays withheld whatever the priorities. ``override = true`` replaces the
    rule of the same id in the pack this one extends.
    """

    id: Id
    summary: Text
    when: Condition
    derive: tuple[Id, ...] = ()
    suggest: tuple[Id, ...] = ()
    role: Role | None = None
    red_flag: Id | None = None
    withhold: tuple[Id, ...] = ()
    priority: Annotated[int, Field(ge=-1000, le=1000)] = 0
    extension: bool = False
    override: bool = False
    caveat: Text | None = None
    cite: Cites

    @model_validator(mode="after")
    def _is_complete(self) -> Rule:
        # Every mistake at once, so `kneelink check` does not reveal them one run at a time.
        problems = []
        if not (self.derive or self.suggest or self.red_flag or self.withhold):
            problems.append("a rule needs an effect: `derive`, `suggest`, `red_flag` or `withhold`")
        if bool(self.suggest) != (self.role is not None):
            problems.append("`suggest` needs a `role` (primary or supporting), and only it does")
        cites_article = any(source == ARTICLE and number for source, number in map(cited_source, self.cite))
        if not self.extension and not cites_article:
            problems.append(f"this rule cites no paragraph of the article (`{ARTICLE}#N`): mark it `extension = true`")
        if problems:
            raise ValueError("; ".join(problems))
        return self


class Places(_Strict):
    """Where a person can get help, named in the pack's messages as ``{emergency_number}``,
    ``{emergency_department}``, ``{urgent_care}`` and ``{advice_line}``. The default pack
    gives the UK's (its sources are NHS pages); an app serving another country sets its own
    with ``load_pack(..., places=...)``, so no number is written into a message."""

    emergency_number: Annotated[str, StringConstraints(pattern=r"^[0-9]{2,4}$")] = "999"
    emergency_department: Text = "A&E (the emergency department)"
    urgent_care: Text = "an urgent treatment centre"
    advice_line: Text = "NHS 111"


PLACE_NAMES: tuple[str, ...] = tuple(Places.model_fields)
_PLACEHOLDER = re.compile(r"\{([^{}]{0,64})\}")


def pack_places(header: PackHeader, chosen: Mapping[str, str] | None = None) -> dict[str, str]:
    """The places a pack's messages name: its ``[pack.places]`` (or the defaults), with
    ``chosen`` over them. A :class:`~kneelink.PackError` names an unknown place or a bad value.

    >>> pack_places(PackHeader(name="p", version="1"), {"emergency_number": "112"})["emergency_number"]
    '112'
    """
    places = (header.places or Places()).model_dump()
    for name, value in (chosen or {}).items():
        if name not in places:
            near = did_you_mean(closest(str(name), PLACE_NAMES))
            raise PackError(f"unknown place {name!r}{near} (the places: {', '.join(PLACE_NAMES)})")
        places[name] = value
    try:
        return Places.model_validate(places).model_dump()
    except ValidationError as error:
        problem = error.errors()[0]
        where = ".".join(str(part) for part in problem["loc"])
        raise PackError(f"place {where}: {plain(problem)} (got {problem['input']!r})") from None


class PackHeader(_Strict):
    """The ``[pack]`` table. ``extends = "default"`` layers this pack on kneelink's own:
    its files add symptoms, facts, regions and rules, and replace rules marked ``override``."""

    name: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_.-]*$", max_length=64)]
    version: Annotated[str, StringConstraints(pattern=r"^\d+(\.\d+)*([a-z0-9.+-]*)$")]
    description: Annotated[str, AfterValidator(plain_text)] = ""
    extends: Literal["default"] | None = None
    places: Places | None = None


class Expectation(_Strict):
    """What an example report must get. Only the keys given are checked."""

    regions: tuple[Id, ...] | None = None  # exactly these, in treatment order
    primary: tuple[Id, ...] | None = None  # exactly these have role "primary"
    triage: Triage | None = None
    red_flags: tuple[Id, ...] | None = None  # exactly these red flag ids
    withheld: tuple[Id, ...] | None = None  # exactly these regions withheld
    fired: tuple[Id, ...] | None = None  # at least these rules fire


class Example(_Strict):
    """A report with its expected outcome; ``kneelink check`` runs every example.

    ``absent`` and ``unknown`` are symptoms answered "no" and "don't know" (a rule's
    ``none`` matches only an ``absent`` one).
    """

    id: Id
    symptoms: Annotated[tuple[Id, ...], Field(min_length=1)]
    absent: tuple[Id, ...] = ()
    unknown: tuple[Id, ...] = ()
    side: Literal["left", "right", "both"] | None = None
    age: Annotated[int, Field(ge=0, le=120)] | None = None
    days_since_injury: Days | None = None
    contraindications: tuple[tuple[Id, Id], ...] = ()
    expect: Expectation


Cue = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=60, pattern=r"\S"),
    AfterValidator(plain_text),
]


class IntakeState(_Strict):
    """A state a body part can be in (``"swollen"``): the words that say it, and which
    symptom it is on each part (``on = { knee = "swollen_knee" }``)."""

    name: Id
    words: Annotated[tuple[Cue, ...], Field(min_length=1)]
    on: dict[Id, Id]
    default: Id | None = None  # the part meant when its clause names none ("numb" = the foot)
    # "absent": the state says the part's symptom is absent ("it's a normal colour" on the foot)
    means: Literal["present", "absent"] = "present"


class IntakeCombination(_Strict):
    """Two or more states of one part that together are one symptom; each group of
    ``states`` is met by any one of its states."""

    symptom: Id
    part: Id
    states: Annotated[tuple[tuple[Id, ...], ...], Field(min_length=2)]


class IntakePhrase(_Strict):
    """More words for a symptom, beside its ``synonyms``. With ``timed = true`` they count
    only with a stated time inside the symptom's ``window_days``; with ``means = "absent"``
    they say the symptom is absent ("I can walk on it" for ``unable_to_bear_weight``); with
    ``means = "unknown"`` they raise it without saying it ("I feel a bit off" for ``fever``);
    with ``means = "partly"`` they raise it as one part of what it means, so a denial of
    another part leaves it open ("wheezy, no chest pain" for ``breathless_or_chest_pain``).
    ``unknown`` and ``partly`` are read word for word (``exact = true``)."""

    symptom: Id
    words: Annotated[tuple[Cue, ...], Field(min_length=1)]
    timed: bool = False
    means: Literal["present", "absent", "unknown", "partly"] = "present"  # "absent": "I can walk"
    exact: bool = False  # these words in this order, as written (not stemmed)

    @model_validator(mode="after")
    def _raised_word_for_word(self) -> IntakePhrase:
        if self.means in ("unknown", "partly") and not self.exact:
            raise ValueError(f'words that mean "{self.means}" are read word for word: add `exact = true`')
        return self


class IntakeMedicine(_Strict):
    """Medicine names (generic and brand) that say a symptom, with the sources naming them."""

    symptom: Id
    names: Annotated[tuple[Cue, ...], Field(min_length=1)]
    cite: Cites


class IntakeTemperature(_Strict):
    """A body temperature said as a number ("temp 38.5", "102F"): from ``high`` degrees
    Celsius up it says the symptom is present, up to ``normal`` it says it is absent,
    between them it is unknown; with the sources that give both."""

    symptom: Id
    high: Annotated[float, Field(ge=30, le=45)]
    normal: Annotated[float, Field(ge=30, le=45)]
    cite: Cites


class IntakeAngle(_Strict):
    """A knee bend said as a number ("bends to about 80 degrees", "only bends to 45"), read
    after one of ``words``: under ``fewer_than`` degrees says the symptom is present, that many
    or more says it is absent; with the sources that give the line."""

    symptom: Id
    fewer_than: Annotated[int, Field(ge=1, le=180)]
    words: Annotated[tuple[Cue, ...], Field(min_length=1)]
    # A range said from nought ("ROM 0-130"): the knee straightens fully, so this id is absent.
    straight: Id | None = None
    cite: Cites


class IntakeInstead(_Strict):
    """A finding read as another when its sentence goes on to say one of ``words`` ("it
    locked ... then it let go" is a knee that catches, not one that is locked)."""

    symptom: Id
    words: Annotated[tuple[Cue, ...], Field(min_length=1)]


class IntakeSoundAlike(_Strict):
    """A real word typed for a pack word that sounds alike ("gave weigh" for "gave way"): read
    as ``means`` only beside one of ``beside``, as the word is a word in its own right too."""

    means: Cue
    beside: Annotated[tuple[Cue, ...], Field(min_length=1)]


class IntakeSteps(_Strict):
    """Steps counted as what one can manage ("can only manage a couple of steps", "yes I can
    take 4 steps"): fewer than ``fewer_than`` says ``symptom`` is present, as many or more
    says it is absent."""

    symptom: Id
    fewer_than: Annotated[int, Field(ge=1, le=100)]


class IntakeDistance(_Strict):
    """A distance said as when a pain comes on ("sore after about 5 miles", "hurts at mile 8",
    "6 miles in"), in a sentence that names a pain: ``symptom``, when the text names one of
    ``activity`` and the sentence none of ``not_with`` (another way to cover the distance)
    before it or in its clause."""

    symptom: Id
    units: Annotated[tuple[Cue, ...], Field(min_length=1)]
    activity: Annotated[tuple[Cue, ...], Field(min_length=1)]
    not_with: tuple[Cue, ...] = ()


class IntakeOtherActivity(_Strict):
    """A finding said of one activity, in a sentence naming another (one of ``words``) in a
    text naming none of the finding's own (``unless``): it is of that other, and no finding
    ("knee sore after a long hike, mostly on the downhills" is no worse running downhill)."""

    words: Annotated[tuple[Cue, ...], Field(min_length=1)]
    unless: tuple[Cue, ...] = ()


class Intake(_Strict):
    """The ``[intake]`` table: how :func:`kneelink.parse` reads free text (cue lists in
    the manner of NegEx/ConText, body parts, word forms, names). One file of a pack holds it."""

    hedges: tuple[Cue, ...] = ()
    negations: tuple[Cue, ...] = ()
    negations_after: tuple[Cue, ...] = ()
    pseudo_negations: tuple[Cue, ...] = ()
    # Hold a hedge and are not one: unsure of the cause, not of the finding ("swelled up
    # overnight, no idea why").
    pseudo_hedges: tuple[Cue, ...] = ()
    # Words that make a denial or a stated ability unsure but leave a finding said present
    # as it is ("no falls recorded", "I reckon I can walk on it, sort of").
    unsure_denials: tuple[Cue, ...] = ()
    # Words that, in a denied phrase, name only a sign or a part of what its symptom means
    # ("no calf tenderness" is no denial of calf pain): the denial is left unknown.
    denied_in_part: tuple[Cue, ...] = ()
    # A clause saying only that a sign has passed ("..., fine now"): what its sentence said
    # before it came and went, so it is unknown (not current, not denied).
    passed: tuple[Cue, ...] = ()
    # Words of degree that, right after a hedge opening a clause ("... no swelling? not
    # really. maybe a little"), take back some of the denial before it.
    degrees: tuple[Cue, ...] = ()
    # Words opening a sentence that take back what the sentence before denied ("I haven't
    # hurt it. Wait, actually, I knelt on a pin"): that denial is left unknown.
    corrections: tuple[Cue, ...] = ()
    # Words saying a medicine named before them was stopped ("I was on warfarin but came off
    # it"): that medicine is not taken now.
    stopped: tuple[Cue, ...] = ()
    clause_ends: tuple[Cue, ...] = ()
    scope_ends: tuple[Cue, ...] = ()
    ignore: tuple[Cue, ...] = ()
    # Places, the weather and the air: a state word said of one of these in a clause naming
    # no body part ("the warehouse is freezing") is no finding.
    surroundings: tuple[Cue, ...] = ()
    only_present: tuple[Id, ...] = ()
    suspected: tuple[Id, ...] = ()
    others: tuple[Cue, ...] = ()
    third_person: tuple[Cue, ...] = ()
    carers: tuple[Cue, ...] = ()  # "writing for my son": the text describes someone else's knee
    # "this is about me", "I'm asking for myself": after another person's history, the writer's own knee.
    for_myself: tuple[Cue, ...] = ()
    # A key may be two letters about "/" ("b/l") or compared by ">" or "<" ("l>r", a note's
    # "L>R": both knees, the left worse), as the reader takes each for one word.
    abbreviations: dict[
        Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+([/<>][a-z0-9]+)?$", max_length=20)], Cue
    ] = {}
    forms: dict[Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+$", max_length=30)], Cue] = {}
    parts: dict[Id, tuple[Cue, ...]] = {}
    state: tuple[IntakeState, ...] = ()
    combination: tuple[IntakeCombination, ...] = ()
    phrase: tuple[IntakePhrase, ...] = ()
    medicine: tuple[IntakeMedicine, ...] = ()
    temperature: tuple[IntakeTemperature, ...] = ()
    angle: tuple[IntakeAngle, ...] = ()
    # The interview's follow-ups: question id -> the id it follows ("rapid swelling after
    # an injury" follows "knee_injury"), not asked once that is answered no.
    follow_ups: dict[Id, Id] = {}
    # What a finding says about others: "injury_fall_or_blow" is an injury; present (or
    # unsure) implies present (or unsure).
    implies: dict[Id, tuple[Id, ...]] = {}
    # A finding read only when the text also says another ("swelled up straight away" is the
    # sign after an injury only when an injury is said); without it, what it implies besides.
    needs: dict[Id, Id] = {}
    # Words that, in the sentence of a finding, say what it led to ("my knee gave way and I
    # fell"); "result_is" says what they are read as, and when they are the finding's own.
    results: dict[Id, tuple[Cue, ...]] = {}
    # What some of a finding's results (``words``), said once and plainly, are read as
    # (``symptom``): "my knee gave way and I fell" is a fall, so an injury. Denied, doubted,
    # nearly so or one of many, they stay the finding's own.
    result_is: dict[Id, IntakeInstead] = {}
    # Words in a result's sentence that make it one of many ("fell each time", "keeps falling",
    # "fallen twice"): the finding's own sign, not one event of its own.
    repeated: tuple[Cue, ...] = ()
    # Words right before a result that say it nearly happened ("nearly went down"): no result.
    near_misses: tuple[Cue, ...] = ()
    # A finding that its sentence, later on, shows to be another: id -> the other and the words.
    instead: dict[Id, IntakeInstead] = {}
    # A finding said in one of ``words`` ("a dodgy knee") in a text that says ``symptom`` (the knee
    # giving way) and does not deny it: the words are said of that other, and no finding of their own.
    taken_by: dict[Id, IntakeInstead] = {}
    # Steps counted as what one can manage: the symptom the count says, and its bound.
    steps: IntakeSteps | None = None
    # A distance said as when a pain comes on ("after about 5 miles"): the symptom it says.
    distance: IntakeDistance | None = None
    # Ids whose meaning is one thing or another ("a high temperature, or feeling generally
    # unwell"): one half denied and the other said in other words is the id said.
    either: tuple[Id, ...] = ()
    # Ids whose meaning is none at all ("cannot move the knee at all"), with the words of
    # degree that leave their ability plain: some of it ("can move it a little") is not none.
    at_all: dict[Id, tuple[Cue, ...]] = {}
    # Ids whose meaning holds two parts ("constant pain, including at night"), with the words
    # of one part: a hedge on those words ("not sure if it's constant") leaves the id unsure in
    # the sentence that says the other part plainly.
    doubted_half: dict[Id, tuple[Cue, ...]] = {}
    # Ids whose meaning says always ("constant pain, including at night"), with the words that
    # say it comes only now and then ("sometimes"): said in the finding's clause, the id is
    # raised, not said.
    now_and_then: dict[Id, tuple[Cue, ...]] = {}
    # Words for a state that also name a body's build ("fat"): said of a finding in a sentence
    # that doubts it ("can't say if it's swollen, it's always been a bit fat"), they give the
    # reason for the doubt, not the state.
    build: tuple[Cue, ...] = ()
    # Ids whose meaning leaves a reason out ("losing weight without trying"): the reason the
    # pack reads as their denial ("been dieting"), said after "but" in their sentence, denies
    # them; hedged ("not sure if it's the new diet"), leaves them unsure.
    explained: tuple[Id, ...] = ()
    # Ids whose meaning is what someone said ("Has a clinician told you ...?", "Has anyone said
    # you may have torn a tendon?"), and the words that deny the saying itself ("nobody's
    # mentioned a tendon tear", "never been told about tracking"): a saying word just after one
    # of them in the finding's clause is the denial of the id, not a limit of what is known.
    told: tuple[Id, ...] = ()
    told_denials: tuple[Cue, ...] = ()
    # A clause that is only these words ("... but it never has") denies what the clause before
    # it only feared or raised ("feels like it might give way").
    never_so: tuple[Cue, ...] = ()
    # Words that say the writer shares what another person was just said to have ("my mum
    # is on warfarin and so am I"): that finding is the patient's too.
    also_me: tuple[Cue, ...] = ()
    # Unsure denials that say a degree ("much", "a lot"): after a denial, in the next clause
    # naming a word of its own, they grade that word, not the denial.
    grading: tuple[Cue, ...] = ()
    # Words that make an aggravating factor the moment something happened ("stuck bent when I
    # stood up from squatting", "popped while I was squatting"): with an injury or a warning
    # sign in its sentence and no pain in its clause, it is not what makes the knee worse.
    moments: tuple[Cue, ...] = ()
    # Aggravating factors, with the words for a joint's noise ("my knees crack when I squat"): the
    # factor said in a clause that names one of them and no pain or ache says when the noise
    # comes, not what makes the knee worse.
    noises: dict[Id, tuple[Cue, ...]] = {}
    # Ids with the words that, in a finding's words or just after them in its clause, say it
    # was of something else: a landing from a jump or on someone's foot is no fall or blow to
    # the knee ("landed on someone's foot and my knee went inwards"), only what it implies.
    elsewhere: dict[Id, tuple[Cue, ...]] = {}
    # Ids said of one activity, with the words of another that, in the finding's sentence and
    # with none of its own activity in the text, say it was of that other: a hike's downhills
    # are no running downhill, as the writers code them (round 21, parts 12, 14, 16, 21, 22).
    other_activity: dict[Id, IntakeOtherActivity] = {}
    # Real words typed for pack words that sound alike, by the word as typed.
    sound_alikes: dict[Annotated[str, StringConstraints(pattern=r"^[a-z]+$", max_length=30)], IntakeSoundAlike] = {}

    @field_validator(
        "parts",
        "implies",
        "results",
        "at_all",
        "doubted_half",
        "now_and_then",
        "elsewhere",
        "noises",
        mode="before",
    )
    @classmethod
    def _part_words_are_tuples(cls, value: Any) -> Any:
        # The base validator turns only top-level arrays into tuples; these sit in a table.
        return {key: _tuples(words) for key, words in value.items()} if isinstance(value, dict) else value

    @model_validator(mode="after")
    def _parts_named(self) -> Intake:
        for state in self.state:
            for part in state.on:
                if part not in self.parts:
                    raise ValueError(f"state {state.name!r} names part {part!r}, which `parts` does not define")
        names = {state.name for state in self.state}
        for combination in self.combination:
            for group in combination.states:
                for name in group:
                    if name not in names:
                        raise ValueError(f"combination {combination.symptom!r} names unknown state {name!r}")
        return self


# Code systems a [[code]] table may name (HL7's URIs for them).
CodeSystem = Literal["http://snomed.info/sct", "http://hl7.org/fhir/sid/icd-10", "http://hl7.org/fhir/sid/icd-10-cm"]


class Code(_Strict):
    """A code a clinical record may carry, and what it means to the pack: a ``symptom`` id,
    a ``side`` (a laterality qualifier, or a code that names the knee's side), or both.

    Like a region's SNOMED CT cross-reference, a mapping is marked ``verified`` only when
    the code and its meaning were checked on a public page (``checked`` says which); an
    unverified mapping is used, and the answer says it is unverified.

    >>> Code(system="http://hl7.org/fhir/sid/icd-10-cm", code="M25.561", display="Pain in right knee",
    ...      symptom="knee_pain", side="right", verified=True, checked="https://example.org/").side
    'right'
    """

    system: CodeSystem
    code: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9.]{0,17}$")]
    display: Text
    symptom: Id | None = None
    side: Literal["left", "right", "both"] | None = None
    verified: bool
    checked: Text | None = None

    @model_validator(mode="after")
    def _means_something(self) -> Code:
        if self.symptom is None and self.side is None:
            raise ValueError("a code needs a `symptom`, a `side`, or both")
        if self.verified and self.checked is None:
            raise ValueError("a verified code needs `checked`: where it was checked")
        return self


class RuleFile(_Strict):
    """One TOML file of a pack, as written."""

    schema_version: Literal[2]  # format 1 cited article line numbers; see kneelink._migrate
    pack: PackHeader | None = None
    source: tuple[Source, ...] = ()
    symptom: tuple[Symptom, ...] = ()
    fact: tuple[Fact, ...] = ()
    region: tuple[Region, ...] = ()
    red_flag: tuple[RedFlag, ...] = ()
    contraindication: tuple[Contraindication, ...] = ()
    rule: tuple[Rule, ...] = ()
    example: tuple[Example, ...] = ()
    intake: Intake | None = None
    code: tuple[Code, ...] = ()

    @field_validator("schema_version", mode="before")
    @classmethod
    def _true_is_not_one(cls, value: Any) -> Any:
        # A bool is an int and 2.0 == 2 in Python; neither is a version number.
        if type(value) is not int:
            raise PydanticCustomError("literal_error", "Input should be {expected}", {"expected": "2"})
        return value


def json_schema() -> dict[str, Any]:
    """The JSON Schema of one rule file, generated from :class:`RuleFile`.

    kneelink ships it as ``rule-file.schema.json`` (``kneelink schema`` prints it) for
    editors; a test keeps the shipped copy equal to this.
    """
    schema = RuleFile.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


SCHEMA_ID = "https://kneelink.invalid/schema/rule-file-v2.json"
