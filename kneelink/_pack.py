"""Rule packs: :func:`load_pack`, :func:`default_pack` and :class:`RulePack`."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from importlib.resources.abc import Traversable
from pathlib import Path

from kneelink._answer import PackInfo, Suggestion
from kneelink._citations import resolve_pack
from kneelink._compiler import compile_pack
from kneelink._engine import Engine, Firing
from kneelink._errors import (
    ReportError,
    UnknownContraindicationError,
    UnknownRegionError,
    UnknownSymptomError,
    closest,
)
from kneelink._explain import explain
from kneelink._loader import PackContent, load_content
from kneelink._loader import default_rules_folder as default_rules_folder  # where tools look for it
from kneelink._report import AGE, LocalContraindication, Side, SymptomReport
from kneelink._schema import Region, Rule, Symptom

Symptoms = SymptomReport | Iterable[str] | str
Contraindications = Iterable[LocalContraindication | tuple[str, str] | Mapping[str, str]]


class RulePack:
    """A loaded, compiled rule pack. Safe to share between threads.

    Make one with :func:`load_pack` (a folder of rule files) or :func:`default_pack`.
    """

    def __init__(self, content: PackContent) -> None:
        self._content = content
        compiled = compile_pack(content)
        self._rule_for = compiled.rule_for
        self._compiled = compiled
        self._engine = Engine(compiled.definition, content.header.name)
        self._cited = resolve_pack(content)
        self.info = PackInfo(
            name=content.header.name, version=content.header.version, content_hash=content.content_hash
        )

    def __repr__(self) -> str:
        return f"<RulePack {self.info.name} {self.info.version} ({len(self.rules)} rules)>"

    @property
    def content(self) -> PackContent:
        """Everything the pack's files define, validated."""
        return self._content

    @property
    def symptoms(self) -> Mapping[str, Symptom]:
        """The symptoms a report may name, by id."""
        return self._content.symptoms

    @property
    def regions(self) -> Mapping[str, Region]:
        """Regions in treatment order."""
        return self._content.regions

    @property
    def rules(self) -> tuple[Rule, ...]:
        """Every rule, in file order (files sorted by name)."""
        return self._content.rules

    def suggest_regions(
        self,
        symptoms: Symptoms,
        *,
        side: Side | None = None,
        age: int | None = None,
        contraindications: Contraindications = (),
    ) -> Suggestion:
        """Evaluate a report against this pack; see :func:`kneelink.suggest_regions`."""
        report = as_report(symptoms, side=side, age=age, contraindications=contraindications)
        self._check_vocabulary(report)
        facts = self._compiled.input_facts(report.symptoms, report.age, report.absent)
        firings = self._engine.run(facts, self._derive)
        answer = explain(self._content, self._rule_for, report, firings, self.info, self._cited)
        for observer in _observers:
            observer(self, answer)
        return answer

    def _derive(self, firing: Firing) -> tuple[str, ...]:
        return self._rule_for[firing.name].derive

    def _check_vocabulary(self, report: SymptomReport) -> None:
        content, pack = self._content, self.info.name
        answered = report.symptoms | report.absent | (report.unknown - {AGE})
        for symptom in sorted(answered):
            if symptom not in content.symptoms:
                raise UnknownSymptomError(symptom, self.closest_symptoms(symptom), pack=pack)
        for reported in sorted(report.contraindications, key=lambda c: (c.kind, c.region)):
            if reported.kind not in content.contraindications:
                near = closest(reported.kind, content.contraindications)
                raise UnknownContraindicationError(reported.kind, near, pack=pack)
            if reported.region not in content.regions:
                raise UnknownRegionError(reported.region, closest(reported.region, content.regions), pack=pack)

    def closest_symptoms(self, text: str) -> list[str]:
        """Symptom ids that ``text`` may have meant: an exact label or lay synonym first,
        then ids that look like it, then labels and synonyms that look like it.

        >>> default_pack().closest_symptoms("tight ITB")
        ['it_band_tightness', 'hip_muscle_tightness']
        >>> default_pack().closest_symptoms("lateral_knee_pian")
        ['lateral_knee_pain', 'anterior_knee_pain', 'medial_knee_pain']
        """
        by_phrase: dict[str, str] = {}
        for symptom in self._content.symptoms.values():
            for phrase in (symptom.label, *symptom.synonyms):
                by_phrase.setdefault(phrase.lower(), symptom.id)
        exact = [by_phrase[text.lower()]] if text.lower() in by_phrase else []
        found = exact + closest(text, self._content.symptoms)
        found += [by_phrase[phrase] for phrase in closest(text.lower(), by_phrase)]
        return list(dict.fromkeys(found))[:3]


def as_report(
    symptoms: Symptoms, *, side: Side | None = None, age: int | None = None, contraindications: Contraindications = ()
) -> SymptomReport:
    """A :class:`SymptomReport` from a report, or from symptom ids and the other fields."""
    if isinstance(symptoms, SymptomReport):
        if side is not None or age is not None or contraindications:
            raise ReportError("pass side, age and contraindications inside the SymptomReport, not beside it")
        return symptoms
    return SymptomReport(symptoms=symptoms, side=side, age=age, contraindications=contraindications)


def load_pack(path: str | Path | Traversable) -> RulePack:
    """Load and compile the rule pack in the folder ``path``.

    Raises :class:`~kneelink.RuleFileError` (file and line) for a bad rule file and
    :class:`~kneelink.PackError` for a folder that is not a pack.
    """
    root = Path(path) if isinstance(path, str) else path
    return RulePack(load_content(root))


Observer = Callable[[RulePack, Suggestion], None]
# Replaced, never mutated, so suggest_regions can read it without a lock.
_observers: tuple[Observer, ...] = ()
_observers_lock = threading.Lock()


def add_observer(observer: Observer) -> None:
    """Call ``observer(pack, answer)`` after every evaluation, in the evaluating thread."""
    global _observers
    with _observers_lock:
        _observers = (*_observers, observer)


def remove_observer(observer: Observer) -> None:
    global _observers
    with _observers_lock:
        # ==, not `is`: each access to a bound method (recorder.record) makes a new object.
        _observers = tuple(other for other in _observers if other != observer)


_default: RulePack | None = None
_default_lock = threading.Lock()


def default_pack() -> RulePack:
    """The pack shipped with kneelink, loaded once per process on first use."""
    global _default
    with _default_lock:
        if _default is None:
            _default = load_pack(default_rules_folder())
        return _default
