"""Rule packs: :func:`load_pack`, :func:`default_pack` and :class:`RulePack`."""

from __future__ import annotations

import dataclasses
import functools
import os
import threading
import types
import warnings
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from importlib.resources.abc import Traversable
from pathlib import Path

from kneelink._answer import Caution, PackInfo, Suggestion
from kneelink._citations import resolve_pack
from kneelink._errors import (
    KneelinkError,
    PackError,
    ReportError,
    UnknownContraindicationError,
    UnknownRegionError,
    UnknownSymptomError,
    closest,
    excerpt,
)
from kneelink._explain import Explainer
from kneelink._loader import PackBudget, PackContent, collection_paused, load_content, pack_folder
from kneelink._loader import default_rules_folder as default_rules_folder  # where tools look for it
from kneelink._pool import Fired, Remembering, answers_in_pool
from kneelink._report import MAX_ITEMS, MEASURES, LocalContraindication, Side, SymptomReport, bounded_items
from kneelink._schema import WARNING_SIGN_CATEGORIES, Region, Rule, Symptom, Window, pack_places
from kneelink._windows import Windows, windows_of, with_windows
from kneelink.engines._choice import EngineChoice, build_engine, check_engine_choice
from kneelink.engines._compiler import compile_pack
from kneelink.engines._interface import EngineName, Firing, RuleEngine

Symptoms = SymptomReport | Iterable[str] | str
# (kind, region) tuples, [kind, region] lists as JSON and TOML give them, dicts or models.
Contraindications = Iterable[LocalContraindication | tuple[str, str] | Sequence[str] | Mapping[str, str]]


# Answers kept per pack by default: a Suggestion is a few kB, so this is a few MB at most.
DEFAULT_CACHE_SIZE = 1024
# suggest_many: the most reports one call takes (its answers are all kept in one list, so
# this bounds the memory a call needs; a longer batch goes in slices of this many), the
# fewest it hands to worker processes (fewer are answered before workers would start),
# and how long it waits, by default, for any worker to answer before it gives up.
MAX_BATCH = 100_000
MIN_POOL_BATCH = 2_000
DEFAULT_TIMEOUT = 60.0


class RulePack:
    """A loaded, compiled rule pack. Safe to share between threads.

    Make one with :func:`load_pack` (a folder of rule files) or :func:`default_pack`.
    ``engine`` and ``cache_size`` are as for :func:`load_pack`.
    """

    def __init__(
        self,
        content: PackContent,
        *,
        engine: EngineChoice = "auto",
        cache_size: int = DEFAULT_CACHE_SIZE,
        places: Mapping[str, str] | None = None,
    ) -> None:
        self._choice = check_engine_choice(engine)
        self._places = pack_places(content.header, places)
        if isinstance(cache_size, bool) or not isinstance(cache_size, int) or cache_size < 0:
            raise PackError(f"cache_size must be a whole number, 0 or more (0 turns the cache off); got {cache_size!r}")
        self._cache_size = cache_size
        self._content = content
        self._symptom_ids = frozenset(content.symptoms)
        compiled = compile_pack(content)
        self._rule_for = compiled.rule_for
        self._compiled = compiled
        self._engine = build_engine(compiled, self._choice, content)
        self.info = PackInfo(
            name=content.header.name,
            version=content.header.version,
            content_hash=content.content_hash,
            engine=self._engine.kind,
        )
        explainer = Explainer(content, compiled.rule_for, self.info, resolve_pack(content), self._places)
        self._windows = windows_of(content.symptoms)
        # What a caller may report: every symptom but the windows, which are worked out.
        self._reportable = types.MappingProxyType(
            {id_: s for id_, s in content.symptoms.items() if id_ not in self._windows}
        )
        self._warning_signs = frozenset(
            id_ for id_, symptom in content.symptoms.items() if symptom.category in WARNING_SIGN_CATEGORIES
        )
        # The answer with an engine: this pack's, or one that recalls what a worker's fired.
        self._answer_with: Callable[[RuleEngine, SymptomReport], Suggestion] = functools.partial(
            _suggestion_for, explainer=explainer, windows=self._windows, warning_signs=self._warning_signs
        )
        self._uncached: Callable[[SymptomReport], Suggestion] = functools.partial(self._answer_with, self._engine)
        # The answer cache: keyed by the arguments as given when they are plain (symptom
        # ids as a str, tuple or list of str; a str side; an int age; no local
        # contraindications), so that a repeated call skips building its report, and by the
        # report otherwise. Only calls that succeed are kept; a weak reference keeps the
        # pack collectable.
        pack = weakref.ref(self)

        def answer_to(key: _PlainArguments | SymptomReport) -> Suggestion:
            found = pack()
            assert found is not None, "a pack's cache outlived the pack"
            if isinstance(key, SymptomReport):
                return found._uncached(key)
            return found._uncached(found._report(key[0], key[1], key[2], ()))  # type: ignore[arg-type]  # validated there

        self._cached = functools.lru_cache(maxsize=cache_size)(answer_to) if cache_size else None

    def __repr__(self) -> str:
        return f"<RulePack {self.info.name} {self.info.version} ({len(self.rules)} rules, {self.engine} engine)>"

    def __reduce__(self) -> tuple[Callable[..., RulePack], tuple[object, ...]]:
        # For worker processes (suggest_many, or an app's own): the pack is rebuilt from its content there.
        fields = {field.name: getattr(self._content, field.name) for field in dataclasses.fields(self._content)}
        # Read-only views do not pickle; the worker gets plain dicts and wraps them again.
        portable = {name: dict(value) if isinstance(value, Mapping) else value for name, value in fields.items()}
        return (_rebuild, (portable, self._choice, self._cache_size, dict(self._places)))

    @property
    def places(self) -> Mapping[str, str]:
        """Where the pack's messages send people: ``emergency_number``, ``emergency_department``,
        ``urgent_care`` and ``advice_line`` (see :class:`~kneelink.Places`)."""
        return types.MappingProxyType(self._places)

    def with_places(self, **places: str) -> RulePack:
        """This pack with messages that name other places, for another country:
        ``default_pack().with_places(emergency_number="911", advice_line="your doctor's
        after-hours line")``. Places not given stay as they are.

        >>> us = default_pack().with_places(emergency_number="911")
        >>> "Call 911" in us.suggest_regions(["breathless_or_chest_pain"]).red_flags[0].message
        True
        >>> default_pack().with_places(emergency_numbr="911")
        Traceback (most recent call last):
        ...
        kneelink.PackError: unknown place 'emergency_numbr'; did you mean 'emergency_number'? ...
        """
        return RulePack(
            self._content, engine=self._choice, cache_size=self._cache_size, places={**self._places, **places}
        )

    @property
    def engine(self) -> EngineName:
        """The engine that evaluates this pack: ``"durable"`` or ``"native"``."""
        return self._engine.kind

    @property
    def content(self) -> PackContent:
        """Everything the pack's files define, validated."""
        return self._content

    @property
    def symptoms(self) -> Mapping[str, Symptom]:
        """The symptoms a report may name, by id: every symptom of the pack but its
        windows (:attr:`windows`), which are worked out, never reported."""
        return self._reportable

    @property
    def windows(self) -> Mapping[str, Window]:
        """The pack's window symptoms (``injured_in_last_7_days``...), by id, with their
        windows: worked out from the symptom they follow and ``days_since_injury``."""
        return types.MappingProxyType(dict(self._windows))

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
        days_since_injury: int | None = None,
        contraindications: Contraindications = (),
    ) -> Suggestion:
        """Evaluate a report against this pack; see :func:`kneelink.suggest_regions`."""
        cached = self._cached is not None and days_since_injury is None
        key = _plain(symptoms, side, age, contraindications) if cached else None
        if key is not None and self._cached is not None:
            answer = self._cached(key)
        else:
            answer = self._answer_report(self._report(symptoms, side, age, contraindications, days_since_injury))
        for observer in _observers:  # on cache hits too: rule coverage counts every call
            observer(self, answer)
        return answer

    def _answer_report(self, report: SymptomReport) -> Suggestion:
        return self._uncached(report) if self._cached is None else self._cached(report)

    def _report(
        self,
        symptoms: Symptoms,
        side: Side | None,
        age: int | None,
        contraindications: Contraindications,
        days_since_injury: int | None = None,
    ) -> SymptomReport:
        """The report the arguments make, checked against this pack's vocabulary."""
        # A report names each symptom at most once, so never more than the pack defines.
        report = as_report(
            symptoms,
            side=side,
            age=age,
            days_since_injury=days_since_injury,
            contraindications=contraindications,
            limit=len(self._reportable),
        )
        self._check_vocabulary(report)
        return report

    def suggest_many(
        self, reports: Iterable[Symptoms], *, processes: int | None = None, timeout: float | None = DEFAULT_TIMEOUT
    ) -> list[Suggestion | KneelinkError]:
        """Evaluate many reports in ``processes`` processes: this one and ``processes - 1``
        worker processes (default: one process per CPU this process may use; ``1``
        evaluates them here only).

        Each report is a :class:`SymptomReport`, or symptom ids as for
        :meth:`suggest_regions`. The answers come back in the order of ``reports``; a bad
        report gives its :class:`~kneelink.KneelinkError` in its place instead of stopping
        the batch. Observers (rule coverage) see every answer, in this process.

        The native engine, and a batch of fewer than :data:`MIN_POOL_BATCH` reports, is
        answered here, one report after another. Workers fire the rules and this process
        explains what they fired, which is most of the native engine's work. More ``processes``
        than CPUs is capped at their number, with a :class:`RuntimeWarning`. A batch is at
        most :data:`MAX_BATCH` reports (read no further; more is a
        :class:`~kneelink.ReportError`), and an iterable that fails while it is read is a
        ``ReportError`` naming its error. When no worker answers for ``timeout`` seconds
        (``None``: wait for ever) the workers are killed and it is an
        :class:`~kneelink.EngineError`; so is a worker that ends or fails. No worker
        outlives this process, however it ends. Python's cyclic garbage collector is paused
        while the batch is answered, as while a pack loads, for the whole process (cycles
        other threads leave are collected after); observers run after.

        >>> answers = default_pack().suggest_many([["knee_pain"], ["no_such_symptom"]], processes=1)
        >>> [type(answer).__name__ for answer in answers]
        ['Suggestion', 'UnknownSymptomError']
        """
        if processes is not None and (isinstance(processes, bool) or not isinstance(processes, int) or processes < 1):
            raise ReportError(f"processes must be a whole number, 1 or more, or None; got {processes!r}")
        if timeout is not None and (
            isinstance(timeout, bool) or not isinstance(timeout, int | float) or not 0 < timeout < float("inf")
        ):
            raise ReportError(f"timeout must be a number of seconds above 0, or None; got {timeout!r}")
        batch = read_batch(reports)
        cap = usable_cpus()
        if processes is not None and processes > cap:
            warnings.warn(
                f"suggest_many(processes={processes}) capped at {cap}: the CPUs this process may use",
                RuntimeWarning,
                stacklevel=2,
            )
        used = min(processes or cap, cap, len(batch))  # this process and its workers
        with collection_paused():  # the answers all stay alive: a collection would walk them again and again
            if used <= 1 or len(batch) < MIN_POOL_BATCH or self._engine.kind == "native":
                answers = [self._answer_item(item) for item in batch]
            else:
                items = [_sendable(item) for item in batch]
                answers = answers_in_pool(self, items, used - 1, timeout=timeout, fork=self._may_fork())
        if _observers:
            for answer in answers:
                if isinstance(answer, Suggestion):
                    for observer in _observers:
                        observer(self, answer)
        return answers

    def _may_fork(self) -> bool:
        """Whether worker processes may be forked from this one now: not while another
        thread runs or holds the engine's lock, which a forked worker could inherit held
        for ever (its workers then come from a fork server)."""
        engine_lock = getattr(self._engine, "_lock", None)
        return threading.active_count() == 1 and not (engine_lock is not None and engine_lock.locked())

    def _answer_item(self, item: object, fired: Fired | None = None) -> Suggestion | KneelinkError:
        """The answer to one item of a batch, or why it is not a report this pack can answer;
        with ``fired`` (what a worker's engine fired for it, :meth:`_fire_item`), explained
        from those firings (:class:`~kneelink._pool.Remembering`; the cache is left alone)."""
        try:
            report = as_report(item)  # type: ignore[arg-type]  # a bad item is an error in its place
            if fired is not None:  # checked by the worker that fired it
                return self._answer_with(Remembering(self._engine, fired), report)
            self._check_vocabulary(report)
            return self._answer_report(report)
        except KneelinkError as error:
            return error

    def _fire_item(self, item: object) -> Fired | KneelinkError:
        """What the engine fires for each question an answer to one item of a batch may
        ask it (in a worker of :meth:`suggest_many`, which leaves the explaining to the
        caller), or why it is not a report this pack can answer."""
        try:
            report = as_report(item)  # type: ignore[arg-type]  # a bad item is an error in its place
            self._check_vocabulary(report)
        except KneelinkError as error:
            return error
        engine = Remembering(self._engine, {})
        for asked in (report, *_if_yes(report, self._warning_signs).values()):
            _fire(engine, self._windows, asked)
        return engine.fired

    def _check_vocabulary(self, report: SymptomReport) -> None:
        content, pack = self._content, self.info.name
        answered = report.symptoms | report.absent | (report.unknown - set(MEASURES))
        if not answered <= self._symptom_ids:  # the usual case needs no search for the first unknown
            for symptom in sorted(answered):
                if symptom not in content.symptoms:
                    raise UnknownSymptomError(symptom, self.closest_symptoms(symptom), pack=pack)
        for symptom in sorted(answered & self._windows.keys()):
            window = self._windows[symptom]
            raise ReportError(
                f"{symptom!r} is worked out from {window.after!r} and days_since_injury, not reported: "
                f"report {window.after!r} and, if known, days_since_injury"
            )
        for reported in sorted(report.contraindications, key=lambda c: (c.kind, c.region)):
            if reported.kind not in content.contraindications:
                near = closest(reported.kind, content.contraindications)
                raise UnknownContraindicationError(reported.kind, near, pack=pack, valid=content.contraindications)
            if reported.region not in content.regions:
                raise UnknownRegionError(reported.region, closest(reported.region, content.regions), pack=pack)

    def resolve_symptom(self, text: str) -> str:
        """The symptom id that ``text`` names, as a person may type it: the id in any case
        and with dashes or spaces for ``_`` (``LATERAL-KNEE-PAIN``), or a label or lay
        synonym the pack declares (``outer knee pain``), in any case.

        Raises :class:`~kneelink.UnknownSymptomError` with the closest ids when ``text``
        names no symptom, or names more than one (a phrase two symptoms declare).

        >>> default_pack().resolve_symptom("Outer knee pain")
        'lateral_knee_pain'
        """
        as_id = id_form(text)
        if as_id in self._content.symptoms:
            return as_id
        meant = {
            symptom.id
            for symptom in self._content.symptoms.values()
            for phrase in (symptom.label, *symptom.synonyms)
            if _phrase(phrase) == _phrase(text)
        }
        if len(meant) == 1:
            return meant.pop()
        # Ambiguous: every symptom the phrase names, in pack order; unknown: the closest.
        near = [id_ for id_ in self._content.symptoms if id_ in meant] or self.closest_symptoms(text)
        raise UnknownSymptomError(text, near, pack=self.info.name)

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


def read_batch(reports: object) -> list[object]:
    """The items of ``reports`` as a list, read no further than :data:`MAX_BATCH` + 1;
    what cannot be a batch, or fails while it is read, is a :class:`~kneelink.ReportError`.

    >>> read_batch(iter([["knee_pain"]]))
    [['knee_pain']]
    >>> read_batch("knee_pain")
    Traceback (most recent call last):
    ...
    kneelink.ReportError: suggest_many takes an iterable of reports (a list of them, say), not str 'knee_pain'
    """
    if isinstance(reports, str | bytes | bytearray | Mapping | SymptomReport) or not isinstance(reports, Iterable):
        raise ReportError(
            f"suggest_many takes an iterable of reports (a list of them, say), not {type(reports).__name__} "
            f"{excerpt(reports)}"
        )
    batch: list[object] = []
    try:
        for item in reports:
            if len(batch) == MAX_BATCH:
                raise ReportError(
                    f"more than {MAX_BATCH:,} reports in one batch; suggest_many takes at most {MAX_BATCH:,} "
                    "at a time: split the batch"
                )
            batch.append(item)
    except KneelinkError:
        raise
    except Exception as error:
        raise ReportError(
            f"the reports could not be read after {len(batch):,} of them: {type(error).__name__}: {excerpt(str(error))}"
        ) from error
    return batch


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity where the system says), at least 1."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def _sendable(item: object) -> object:
    """``item`` as it can go to a worker: as it is when plain (it pickles, and the worker
    checks it), else the report made from it here (a generator of ids does not pickle),
    or the :class:`~kneelink.KneelinkError` that says why it is not a report."""
    kind = type(item)
    if kind is str or kind is SymptomReport:
        return item
    if (kind is list or kind is tuple) and all(type(id_) is str for id_ in item):  # type: ignore[attr-defined]
        return item
    try:
        return as_report(item)  # type: ignore[arg-type]  # a bad item is an error in its place
    except KneelinkError as error:
        return error


def id_form(text: str) -> str:
    """``text`` written as an id: lower case, ``_`` for dashes and runs of spaces."""
    return "_".join(text.strip().lower().replace("-", " ").split())


def _phrase(text: str) -> str:
    """A label or synonym compared loosely: case, ``_``, ``-`` and runs of spaces aside."""
    return " ".join(text.lower().replace("_", " ").replace("-", " ").split())


_PlainArguments = tuple[str | tuple[str, ...], str | None, int | None]


def _plain(symptoms: object, side: object, age: object, contraindications: object) -> _PlainArguments | None:
    """The arguments as a cache key, when their types make equal keys mean equal reports
    (exact types: ``True`` must not find the answer cached for an age of 1)."""
    if contraindications != () or not (age is None or type(age) is int) or not (side is None or type(side) is str):
        return None
    if type(symptoms) is str:
        return (symptoms, side, age)
    if isinstance(symptoms, tuple | list) and type(symptoms) in (tuple, list):
        ids = tuple(symptoms)
        if all(type(id_) is str for id_ in ids):
            return (ids, side, age)
    return None


def _suggestion_for(
    engine: RuleEngine,
    report: SymptomReport,
    *,
    explainer: Explainer,
    windows: Windows,
    warning_signs: frozenset[str],
) -> Suggestion:
    answer = explainer.explain(*_fire(engine, windows, report))
    if not answer.regions or report.unknown.isdisjoint(warning_signs):
        return answer
    return _with_cautions(answer, _if_yes(report, warning_signs), engine, explainer, windows)


def _if_yes(report: SymptomReport, warning_signs: frozenset[str]) -> dict[str, SymptomReport]:
    """``report`` with each warning sign it leaves open (answered "don't know") said yes,
    by sign: what an answer asks the engine besides the report itself."""
    return {sign: report.with_answer(sign, "yes") for sign in sorted(report.unknown & warning_signs)}


def _fire(engine: RuleEngine, windows: Windows, report: SymptomReport) -> tuple[SymptomReport, Sequence[Firing]]:
    """``report`` with its windows worked out, and what ``engine`` fires for it."""
    report = with_windows(report, windows)
    return report, engine.evaluate(report.symptoms, report.age, report.absent)


def _with_cautions(
    answer: Suggestion,
    if_yes: Mapping[str, SymptomReport],
    engine: RuleEngine,
    explainer: Explainer,
    windows: Windows,
) -> Suggestion:
    """``answer`` with a caution on each region that a "yes" to one of the warning signs
    answered "don't know" would withhold (``if_yes``: the report with it said yes, by sign):
    "don't know" is never read as "no", so such a region is not shown plainly. Each sign is
    tried on its own."""
    shown = {region.region for region in answer.regions}
    found: dict[str, list[Caution]] = {}
    for sign, report in if_yes.items():
        held = shown - {region.region for region in explainer.explain(*_fire(engine, windows, report)).regions}
        if held:
            caution = explainer.caution(sign)
            for region in held:
                found.setdefault(region, []).append(caution)
    if not found:
        return answer
    regions = tuple(
        region.model_copy(update={"cautions": tuple(found[region.region])}) if region.region in found else region
        for region in answer.regions
    )
    return answer.model_copy(update={"regions": regions})


def _rebuild(
    fields: dict[str, object], engine: EngineChoice, cache_size: int, places: dict[str, str] | None = None
) -> RulePack:
    views = {
        name: types.MappingProxyType(value) if isinstance(value, dict) else value for name, value in fields.items()
    }
    return RulePack(PackContent(**views), engine=engine, cache_size=cache_size, places=places)  # type: ignore[arg-type]


def as_report(
    symptoms: Symptoms,
    *,
    side: Side | None = None,
    age: int | None = None,
    days_since_injury: int | None = None,
    contraindications: Contraindications = (),
    limit: int = MAX_ITEMS,
) -> SymptomReport:
    """A :class:`SymptomReport` from a report, or from symptom ids and the other fields;
    more than ``limit`` symptoms is a :class:`~kneelink.ReportError` (read no further)."""
    if isinstance(symptoms, SymptomReport):
        if side is not None or age is not None or days_since_injury is not None or _given(contraindications):
            raise ReportError(
                "pass side, age, days_since_injury and contraindications inside the SymptomReport, not beside it"
            )
        if len(symptoms.symptoms) > limit:
            raise ReportError(f"invalid symptom report: more than {limit} symptoms; a report names at most {limit}")
        return symptoms
    try:
        items = bounded_items(symptoms, limit, "symptoms")
    except ValueError as error:
        raise ReportError(f"invalid symptom report: symptoms: {error}") from error.__cause__
    return SymptomReport(
        symptoms=items, side=side, age=age, days_since_injury=days_since_injury, contraindications=contraindications
    )


def _given(contraindications: object) -> bool:
    """Whether a ``contraindications`` argument names any, without trusting its ``bool``."""
    try:
        return bool(contraindications)
    except Exception:
        return True


def load_pack(
    path: str | Path | Traversable,
    *,
    engine: EngineChoice = "auto",
    cache_size: int = DEFAULT_CACHE_SIZE,
    budget: PackBudget | None = None,
) -> RulePack:
    """Load and compile the rule pack in the folder ``path``.

    ``engine`` chooses what evaluates it: ``"durable"`` (durable-rules' Rete engine),
    ``"native"`` (kneelink's own, pure Python) or ``"auto"``: durable-rules where it is
    installed and the pack is within its limits, else native. Both give the same answers;
    ``RulePack.engine`` and each answer's ``pack.engine`` say which one runs.
    ``cache_size`` answers are kept, per pack, for reports seen before (``0``: none).
    ``budget`` bounds what the pack may hold in all (files, bytes, rules, conditions); the
    default :class:`~kneelink.PackBudget` fits packs of tens of thousands of rules.

    ``path`` is a ``str``, a ``pathlib.Path`` or a :class:`~importlib.resources.abc.Traversable`.
    Raises :class:`~kneelink.RuleFileError` (file and line) for a bad rule file, and
    :class:`~kneelink.PackError` for a folder that is not a pack, for anything that is not a
    folder's path (``None``, ``""``, bytes...), for a bad ``engine`` or ``cache_size``, or
    (``engine="durable"``) for a pack beyond durable-rules' limits, or a pack over its ``budget``.

    >>> from kneelink._loader import default_rules_folder
    >>> load_pack(default_rules_folder(), engine="native").engine
    'native'
    >>> load_pack(default_rules_folder(), engine="rete")
    Traceback (most recent call last):
    ...
    kneelink.PackError: unknown engine 'rete'; choose one of 'auto', 'durable', 'native'
    >>> load_pack("")
    Traceback (most recent call last):
    ...
    kneelink.PackError: the rule pack folder is an empty path; name the folder ("." for the current one)
    """
    choice = check_engine_choice(engine)
    with collection_paused():  # compiling makes as many lasting objects as reading does
        return RulePack(load_content(pack_folder(path), budget), engine=choice, cache_size=cache_size)


def chosen_pack(pack: object) -> RulePack:
    """The pack a ``pack=`` argument names: a :class:`RulePack`, or ``None`` for the default.

    Anything else, a folder's path included, is a :class:`~kneelink.PackError`: a path
    would be loaded and compiled again on every call, so load it once with
    :func:`load_pack` and pass the pack.
    """
    if pack is None:
        return default_pack()
    if isinstance(pack, RulePack):
        return pack
    hint = ""
    if isinstance(pack, (str, os.PathLike)):
        hint = f"; load the folder once with kneelink.load_pack({excerpt(pack)}) and pass that"
    raise PackError(
        f"pack= takes a RulePack (from kneelink.load_pack) or None for the default pack, "
        f"not {type(pack).__name__} {excerpt(pack)}{hint}"
    )


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


_defaults: dict[EngineChoice, RulePack] = {}
_default_lock = threading.Lock()


def default_pack(engine: EngineChoice = "auto") -> RulePack:
    """The pack shipped with kneelink, loaded once per process and engine on first use.

    >>> default_pack() is default_pack()
    True
    >>> default_pack(engine="native").engine
    'native'
    """
    choice = check_engine_choice(engine)
    found = _defaults.get(choice)  # once loaded, no lock: every call of suggest_regions() comes here
    if found is not None:
        return found
    with _default_lock:
        if choice not in _defaults:
            _defaults[choice] = load_pack(default_rules_folder(), engine=choice)
        return _defaults[choice]
