"""kneelink: from reported knee symptoms to the hip and leg regions to foam-roll, with reasons.

>>> import kneelink
>>> answer = kneelink.suggest_regions(["lateral_knee_pain", "running_downhill"], side="right", age=34)
>>> answer.region_ids[:3]
('gluteals', 'tfl', 'it_band')
>>> answer.regions[2].reasons[0].chain
('lateral_knee_pain', 'it_band_pulling', 'it_band')

kneelink is not medical advice and does not diagnose; see the documentation's safety model (docs/safety.md).
"""

import sys as _sys
import typing as _typing
from importlib import import_module as _import_module

from kneelink._answer import (
    Caution,
    Citation,
    PackInfo,
    Reason,
    RedFlagHit,
    RegionSuggestion,
    Suggestion,
    WithheldRegion,
)
from kneelink._errors import (
    AnswerError,
    EngineError,
    KneelinkError,
    PackError,
    PackMismatchError,
    RenderError,
    ReportError,
    RuleFileError,
    UnknownContraindicationError,
    UnknownIdError,
    UnknownRegionError,
    UnknownSymptomError,
)
from kneelink._loader import Location, PackBudget, PackContent
from kneelink._pack import Contraindications, RulePack, Symptoms, default_pack, load_pack
from kneelink._pack import chosen_pack as _chosen_pack
from kneelink._report import Answer, LocalContraindication, Side, SymptomReport
from kneelink._schema import (
    AgeRange,
    Condition,
    Contraindication,
    CrossReference,
    Example,
    Expectation,
    Fact,
    PackHeader,
    Paragraph,
    Places,
    RedFlag,
    Region,
    RegionShape,
    Rule,
    Source,
    Symptom,
    Window,
)
from kneelink._triage import Triage, TriageLevel
from kneelink.engines._choice import EngineChoice

if _typing.TYPE_CHECKING:
    # Imported on first use (see __getattr__ below); type checkers and IDEs see them here.
    from kneelink._analysis import Finding
    from kneelink._check import CheckReport, check_pack
    from kneelink.interop._cds import cds_cards
    from kneelink.interop._fhir import care_plan
    from kneelink.interview._parse import ParsedFinding, ParsedReport, TextSpan, parse
    from kneelink.interview._questions import Question, next_question
    from kneelink.rendering._body_map import body_map
    from kneelink.rendering._graph import chain_graph
    from kneelink.rendering._text import answer_text

    __version__: str

# Neither the pack checker, the renderings, the clinical formats nor the interview (free text, the next question)
# are needed to answer a report, so `import kneelink` leaves them (and the package metadata
# behind __version__) until first asked for.
_LAZY_ATTRIBUTES = {
    "CheckReport": "kneelink._check",
    "Finding": "kneelink._analysis",
    "ParsedFinding": "kneelink.interview._parse",
    "ParsedReport": "kneelink.interview._parse",
    "Question": "kneelink.interview._questions",
    "TextSpan": "kneelink.interview._parse",
    "answer_text": "kneelink.rendering._text",
    "body_map": "kneelink.rendering._body_map",
    "care_plan": "kneelink.interop._fhir",
    "cds_cards": "kneelink.interop._cds",
    "chain_graph": "kneelink.rendering._graph",
    "check_pack": "kneelink._check",
    "next_question": "kneelink.interview._questions",
    "parse": "kneelink.interview._parse",
}

__all__ = [
    "AgeRange",
    "Answer",
    "AnswerError",
    "Caution",
    "CheckReport",
    "Citation",
    "Condition",
    "Contraindication",
    "Contraindications",
    "CrossReference",
    "EngineChoice",
    "EngineError",
    "Example",
    "Expectation",
    "Fact",
    "Finding",
    "KneelinkError",
    "LocalContraindication",
    "Location",
    "PackBudget",
    "PackContent",
    "PackError",
    "PackHeader",
    "PackInfo",
    "PackMismatchError",
    "Paragraph",
    "ParsedFinding",
    "ParsedReport",
    "Places",
    "Question",
    "Reason",
    "RedFlag",
    "RedFlagHit",
    "Region",
    "RegionShape",
    "RegionSuggestion",
    "RenderError",
    "ReportError",
    "Rule",
    "RuleFileError",
    "RulePack",
    "Side",
    "Source",
    "Suggestion",
    "Symptom",
    "SymptomReport",
    "Symptoms",
    "TextSpan",
    "Triage",
    "TriageLevel",
    "UnknownContraindicationError",
    "UnknownIdError",
    "UnknownRegionError",
    "UnknownSymptomError",
    "Window",
    "WithheldRegion",
    "__version__",
    "answer_text",
    "body_map",
    "care_plan",
    "cds_cards",
    "chain_graph",
    "check_pack",
    "default_pack",
    "load_pack",
    "next_question",
    "parse",
    "resolve_symptom",
    "suggest_regions",
]


def suggest_regions(
    symptoms: Symptoms,
    *,
    side: Side | None = None,
    age: int | None = None,
    days_since_injury: int | None = None,
    contraindications: Contraindications = (),
    pack: RulePack | None = None,
) -> Suggestion:
    """Suggest the hip and leg regions to roll for a symptom report, with the reasons.

    ``symptoms`` is a :class:`SymptomReport`, or symptom ids (then ``side``, ``age``,
    ``days_since_injury`` (whole days since a knee injury, 0 meaning today) and local
    ``contraindications`` go beside them). ``pack`` is a :class:`RulePack` (from
    :func:`load_pack`); ``None`` means the pack shipped with kneelink. Anything else, a
    folder's path included, raises :class:`PackError`.

    Raises :class:`UnknownSymptomError` (a ``ValueError``) naming an id the pack does not
    know and the closest ones it does, :class:`ReportError` for any other bad input, and
    :class:`EngineError` if durable-rules fails; a failed call changes nothing.

    >>> suggest_regions("knee_pain").triage
    'self_care'
    >>> suggest_regions(["knee_pain", "knee_locked"]).triage_level >= TriageLevel.consultation_24
    True
    >>> suggest_regions(["lateral_knee_pian"])
    Traceback (most recent call last):
    ...
    kneelink.UnknownSymptomError: unknown symptom 'lateral_knee_pian' ...; did you mean 'lateral_knee_pain'...
    """
    return _chosen_pack(pack).suggest_regions(
        symptoms, side=side, age=age, days_since_injury=days_since_injury, contraindications=contraindications
    )


def resolve_symptom(text: str, *, pack: RulePack | None = None) -> str:
    """The symptom id that ``text`` names in ``pack`` (``None``: the default pack), as a
    person may type it: the id in any case with dashes or spaces for ``_``, or a label or
    lay synonym the pack declares. The same as :meth:`RulePack.resolve_symptom`.

    Raises :class:`UnknownSymptomError` with the closest ids when ``text`` names no
    symptom, or names more than one.

    >>> resolve_symptom("Outer knee pain")
    'lateral_knee_pain'
    >>> resolve_symptom("LATERAL-KNEE-PAIN")
    'lateral_knee_pain'
    """
    return _chosen_pack(pack).resolve_symptom(text)


def _claim(name: str, value: object) -> None:
    """Make ``help()``, reprs and tracebacks say ``kneelink.Symptom``, not the private
    module it is defined in: those paths are not importable promises. Pickle still finds
    each object, since ``kneelink`` exports it under the same name."""
    module: str = getattr(value, "__module__", "")
    private = module.startswith("kneelink.") and any(part.startswith("_") for part in module.split("."))
    if private and getattr(value, "__name__", None) == name:
        value.__module__ = __name__


for _name in __all__:
    if _name in globals():  # the lazy ones are claimed when first loaded
        _claim(_name, globals()[_name])


if not _typing.TYPE_CHECKING:  # a module __getattr__ would hide misspelt names from type checkers

    def __getattr__(name: str) -> object:
        if name == "__version__":
            from importlib.metadata import PackageNotFoundError, version

            try:
                value: object = version("kneelink")
            except PackageNotFoundError:  # pragma: no cover - running from a bare source tree
                value = "0.0.0"
        elif name in _LAZY_ATTRIBUTES:
            value = getattr(_import_module(_LAZY_ATTRIBUTES[name]), name)
            _claim(name, value)
        else:
            raise AttributeError(f"module 'kneelink' has no attribute {name!r}")
        globals()[name] = value  # later look-ups find it without calling __getattr__
        return value

    def __dir__() -> list[str]:
        return sorted(set(globals()) | set(__all__))


# Hypothesis' entry point registers SymptomReport only when kneelink is already imported
# (it must not import kneelink itself); if Hypothesis came first, register it here.
if "hypothesis" in _sys.modules:
    from kneelink._hypothesis_hook import register as _register_with_hypothesis

    _register_with_hypothesis()
