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
    PackMismatchError,
    RenderError,
    ReportError,
    RuleFileError,
    UnknownContraindicationError,
    UnknownIdError,
    UnknownRegionError,
    UnknownSymptomError,
)
from kneelink._loader import Location, PackContent
from kneelink._pack import Contraindications, RulePack, Symptoms, default_pack, load_pack
from kneelink._report import LocalContraindication, Side, SymptomReport
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
    RedFlag,
    Region,
    RegionShape,
    Rule,
    Source,
    Symptom,
    Triage,
)
from kneelink._triage import TriageLevel
from kneelink.rendering._body_map import body_map
from kneelink.rendering._graph import chain_graph

try:
    __version__ = _version("kneelink")
except _PackageNotFoundError:  # pragma: no cover - running from a bare source tree
    __version__ = "0.0.0"

__all__ = [
    "AgeRange",
    "CheckReport",
    "Citation",
    "Condition",
    "Contraindication",
    "Contraindications",
    "CrossReference",
    "EngineError",
    "Example",
    "Expectation",
    "Fact",
    "Finding",
    "KneelinkError",
    "LocalContraindication",
    "Location",
    "PackContent",
    "PackError",
    "PackHeader",
    "PackInfo",
    "PackMismatchError",
    "Paragraph",
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
    "Triage",
    "TriageLevel",
    "UnknownContraindicationError",
    "UnknownIdError",
    "UnknownRegionError",
    "UnknownSymptomError",
    "WithheldRegion",
    "__version__",
    "body_map",
    "chain_graph",
    "check_pack",
    "default_pack",
    "load_pack",
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
    kneelink.UnknownSymptomError: unknown symptom 'lateral_knee_pian' ...; did you mean 'lateral_knee_pain'...
    """
    return (pack or default_pack()).suggest_regions(symptoms, side=side, age=age, contraindications=contraindications)


def _claim_public_objects() -> None:
    """Make ``help()``, reprs and tracebacks say ``kneelink.Symptom``, not the private
    module it is defined in: those paths are not importable promises. Pickle still finds
    each object, since ``kneelink`` exports it under the same name."""
    namespace = globals()
    for name in __all__:
        value = namespace[name]
        module: str = getattr(value, "__module__", "")
        private = module.startswith("kneelink.") and any(part.startswith("_") for part in module.split("."))
        if private and getattr(value, "__name__", None) == name:
            value.__module__ = __name__


_claim_public_objects()
