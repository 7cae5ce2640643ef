"""kneelink: from reported knee symptoms to the hip and leg regions to foam-roll, with reasons.

>>> import kneelink
>>> answer = kneelink.suggest_regions(["lateral_knee_pain", "running_downhill"], side="right", age=34)
>>> answer.region_ids[:3]
('gluteals', 'tfl', 'it_band')
>>> answer.regions[2].reasons[0].chain
('lateral_knee_pain', 'it_band_pulling', 'it_band')

kneelink is not medical advice and does not diagnose; see the README's safety section.
"""

from importlib.metadata import PackageNotFoundError as _PackageNotFoundError
from importlib.metadata import version as _version

from kneelink._analysis import Finding
from kneelink._answer import (
    Citation,
    PackInfo,
    Reason,
    RedFlagHit,
    RegionSuggestion,
    Suggestion,
    WithheldRegion,
)
from kneelink._check import CheckReport, check_pack
from kneelink._errors import (
    EngineError,
    KneelinkError,
    PackError,
    ReportError,
    RuleFileError,
    UnknownContraindicationError,
    UnknownIdError,
    UnknownRegionError,
    UnknownSymptomError,
)
from kneelink._interview import Question, next_question
from kneelink._pack import Contraindications, RulePack, Symptoms, default_pack, load_pack
from kneelink._parse import ParsedFinding, ParsedReport, TextSpan, parse
from kneelink._report import Answer, LocalContraindication, Side, SymptomReport
from kneelink._schema import Triage
from kneelink._triage import TriageLevel

try:
    __version__ = _version("kneelink")
except _PackageNotFoundError:  # pragma: no cover - running from a bare source tree
    __version__ = "0.0.0"

__all__ = [
    "Answer",
    "CheckReport",
    "Citation",
    "Contraindications",
    "EngineError",
    "Finding",
    "KneelinkError",
    "LocalContraindication",
    "PackError",
    "PackInfo",
    "ParsedFinding",
    "ParsedReport",
    "Question",
    "Reason",
    "RedFlagHit",
    "RegionSuggestion",
    "ReportError",
    "RuleFileError",
    "RulePack",
    "Side",
    "Suggestion",
    "SymptomReport",
    "Symptoms",
    "TextSpan",
    "Triage",
    "TriageLevel",
    "UnknownContraindicationError",
    "UnknownIdError",
    "UnknownRegionError",
    "UnknownSymptomError",
    "WithheldRegion",
    "__version__",
    "check_pack",
    "default_pack",
    "load_pack",
    "next_question",
    "parse",
    "suggest_regions",
]


def suggest_regions(
    symptoms: Symptoms,
    *,
    side: Side | None = None,
    age: int | None = None,
    contraindications: Contraindications = (),
    pack: RulePack | None = None,
) -> Suggestion:
    """Suggest the hip and leg regions to roll for a symptom report, with the reasons.

    ``symptoms`` is a :class:`SymptomReport`, or symptom ids (then ``side``, ``age`` and
    local ``contraindications`` go beside them). ``pack`` defaults to the pack shipped
    with kneelink.

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
    kneelink._errors.UnknownSymptomError: unknown symptom 'lateral_knee_pian' ...; did you mean 'lateral_knee_pain'...
    """
    return (pack or default_pack()).suggest_regions(symptoms, side=side, age=age, contraindications=contraindications)
