"""The two engines give identical answers, and the pack-level features around them
(engine choice, the answer cache, suggest_many) behave as documented.

The differential property runs durable-rules and the native engine on random packs
(:func:`kneelink.testing.rule_packs`) and random reports, and on the default pack; the
answers must be equal as models, except ``pack.engine``, which names the engine. The
independent oracle (``tests/support/oracle.py``) is checked against each engine elsewhere
(test_answer_properties.py, test_random_packs.py); this test needs no oracle.
"""

from __future__ import annotations

import pickle
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from installed import DURABLE_INSTALLED

import kneelink
from kneelink.testing import GeneratedPack, coverage, reports, rule_packs


def _both(folder: Path) -> tuple[kneelink.RulePack, kneelink.RulePack]:
    durable = kneelink.load_pack(folder, engine="durable", cache_size=0)
    native = kneelink.load_pack(folder, engine="native", cache_size=0)
    return durable, native


def _same(durable: kneelink.Suggestion, native: kneelink.Suggestion) -> None:
    assert durable.pack.engine == "durable"
    assert native.pack.engine == "native"
    assert durable == native.model_copy(update={"pack": durable.pack})


@pytest.mark.durable
@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(generated=rule_packs(max_rules=12), data=st.data())
def test_durable_and_native_give_identical_answers_on_random_packs(
    generated: GeneratedPack, data: st.DataObject
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        durable, native = _both(generated.write(Path(folder)))
    for _ in range(6):
        report = data.draw(reports(durable, max_size=5, contraindications=True))
        _same(durable.suggest_regions(report), native.suggest_regions(report))


@pytest.mark.durable
@given(report=reports(max_size=8, contraindications=True, ages=st.none() | st.integers(0, 120)))
def test_durable_and_native_give_identical_answers_on_the_default_pack(report: kneelink.SymptomReport) -> None:
    durable, native = kneelink.default_pack(engine="durable"), kneelink.default_pack(engine="native")
    _same(durable.suggest_regions(report), native.suggest_regions(report))


# --- choosing an engine --------------------------------------------------------------------


@pytest.mark.durable
def test_auto_chooses_durable_rules_when_it_can(rules_dir: Path) -> None:
    assert kneelink.load_pack(rules_dir).engine == "durable"
    assert kneelink.default_pack().engine == "durable"
    assert kneelink.suggest_regions("knee_pain").pack.engine == "durable"


@pytest.mark.durable
def test_default_pack_is_one_pack_per_engine() -> None:
    native, durable = kneelink.default_pack(engine="native"), kneelink.default_pack(engine="durable")
    assert native is kneelink.default_pack(engine="native")
    assert durable is kneelink.default_pack(engine="durable")
    assert native is not durable
    assert native.engine == "native"
    assert durable.engine == "durable"
    assert kneelink.suggest_regions("knee_pain", pack=native).pack.engine == "native"


@pytest.mark.parametrize("engine", ["rete", "", None, "Native", 1])
def test_an_unknown_engine_is_a_pack_error_naming_the_choices(engine: object, rules_dir: Path) -> None:
    with pytest.raises(kneelink.PackError) as by_load:
        kneelink.load_pack(rules_dir, engine=engine)  # type: ignore[arg-type]
    with pytest.raises(kneelink.PackError) as by_default:
        kneelink.default_pack(engine=engine)  # type: ignore[arg-type]
    for caught in (by_load, by_default):
        assert str(caught.value) == f"unknown engine {engine!r}; choose one of 'auto', 'durable', 'native'"
        assert isinstance(caught.value, ValueError)


# --- the answer cache ----------------------------------------------------------------------


def test_a_cached_answer_is_the_same_answer_and_still_counts_for_coverage(rules_dir: Path) -> None:
    pack = kneelink.load_pack(rules_dir, engine="native", cache_size=4)
    first = pack.suggest_regions(["lateral_knee_pain"], side="right", age=34)
    with coverage(pack) as seen:
        again = pack.suggest_regions(["lateral_knee_pain"], side="right", age=34)
        pack.suggest_regions(["lateral_knee_pain"], side="right", age=34)
    assert again is first  # served from the cache
    assert seen.counts[first.fired_rules[0]] == 2  # and coverage saw both calls
    assert pack.suggest_regions(["lateral_knee_pain"], side="left", age=34) is not first  # a different report


def test_the_cache_keeps_only_the_most_recent_answers(rules_dir: Path) -> None:
    pack = kneelink.load_pack(rules_dir, engine="native", cache_size=2)
    knee_pain = pack.suggest_regions("knee_pain")
    cycling = pack.suggest_regions("cycling")
    assert pack.suggest_regions("knee_pain") is knee_pain  # knee_pain is now the most recent
    pack.suggest_regions("running_downhill")  # evicts cycling, the least recent
    assert pack.suggest_regions("knee_pain") is knee_pain
    again = pack.suggest_regions("cycling")
    assert again == cycling
    assert again is not cycling


def test_cache_size_zero_evaluates_every_call(rules_dir: Path) -> None:
    pack = kneelink.load_pack(rules_dir, cache_size=0)
    first, again = pack.suggest_regions("knee_pain"), pack.suggest_regions("knee_pain")
    assert first == again
    assert first is not again


@pytest.mark.parametrize("size", [-1, 1.5, "10", True])
def test_a_bad_cache_size_is_a_pack_error(size: object, rules_dir: Path) -> None:
    with pytest.raises(kneelink.PackError, match=f"cache_size must be a whole number.*got {size!r}"):
        kneelink.load_pack(rules_dir, cache_size=size)  # type: ignore[arg-type]


# --- suggest_many --------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ["durable", "native"])
def test_suggest_many_in_two_processes_keeps_order_and_errors_in_place(
    engine: kneelink.EngineChoice, rules_dir: Path
) -> None:
    pack = kneelink.load_pack(rules_dir, engine=engine)
    symptoms = sorted(pack.symptoms)
    # Long enough that the durable engine's batch goes to a worker process.
    count = kneelink._pack.MIN_POOL_BATCH + 60
    batch: list[object] = [[symptoms[i % len(symptoms)], symptoms[(i * 7) % len(symptoms)]] for i in range(count)]
    batch.insert(5, ["lateral_knee_pian"])
    batch.insert(17, kneelink.SymptomReport(symptoms=["knee_pain"], age=70, side="left"))
    batch.insert(30, 42)
    with coverage(pack) as seen:
        answers = pack.suggest_many(batch, processes=2)  # type: ignore[arg-type]  # 42 is on purpose
    assert seen.calls == len(batch) - 2  # observers saw every answer, none of the errors
    assert len(answers) == len(batch)
    for item, answer in zip(batch, answers, strict=True):
        if item == ["lateral_knee_pian"]:
            assert isinstance(answer, kneelink.UnknownSymptomError)
            assert answer.suggestions[0] == "lateral_knee_pain"
        elif item == 42:
            assert isinstance(answer, kneelink.ReportError)
        else:
            assert isinstance(item, kneelink.SymptomReport | list)
            assert answer == pack.suggest_regions(item)
            assert isinstance(answer, kneelink.Suggestion)
            assert answer.pack.engine == engine


def test_suggest_many_with_one_process_runs_here(rules_dir: Path) -> None:
    pack = kneelink.load_pack(rules_dir)
    answers = pack.suggest_many(["knee_pain", ["cycling"], "nope"], processes=1)
    assert answers[:2] == [pack.suggest_regions("knee_pain"), pack.suggest_regions(["cycling"])]
    assert isinstance(answers[2], kneelink.UnknownSymptomError)
    assert pack.suggest_many([], processes=2) == []
    with pytest.raises(kneelink.ReportError, match="processes must be"):
        pack.suggest_many(["knee_pain"], processes=0)


@given(report=reports(max_size=8, contraindications=True))
def test_answers_are_the_models_validation_would_build(report: kneelink.SymptomReport) -> None:
    # Answers are built without pydantic's validation (their values are valid by
    # construction); they must be indistinguishable from validated models.
    for engine in ("durable", "native") if DURABLE_INSTALLED else ("native",):
        answer = kneelink.default_pack(engine=engine).suggest_regions(report)
        validated = kneelink.Suggestion.model_validate(answer.model_dump())
        assert validated == answer
        assert repr(validated) == repr(answer)
        assert hash(validated) == hash(answer)
        assert kneelink.Suggestion.model_validate_json(answer.model_dump_json()) == answer
        assert validated.model_dump_json() == answer.model_dump_json()
        again = pickle.loads(pickle.dumps(answer))  # as suggest_many's workers send them back
        assert again == answer
        assert repr(again) == repr(answer)
        assert again.model_fields_set == validated.model_fields_set


def test_the_cache_never_answers_a_call_that_should_fail(rules_dir: Path) -> None:
    # Plain arguments are a cache key of their own; True == 1 and hash(True) == hash(1),
    # so the key must tell them apart, and a failing call must never be cached.
    pack = kneelink.load_pack(rules_dir, cache_size=8)
    answer = pack.suggest_regions(["knee_pain"], age=1)
    assert pack.suggest_regions(("knee_pain",), age=1) == answer
    with pytest.raises(kneelink.ReportError):
        pack.suggest_regions(["knee_pain"], age=True)
    with pytest.raises(kneelink.UnknownSymptomError):
        pack.suggest_regions(["knee_pian"])
    with pytest.raises(kneelink.UnknownSymptomError):
        pack.suggest_regions(["knee_pian"])  # still an error the second time
    with pytest.raises(kneelink.ReportError):
        pack.suggest_regions("knee_pain", side="up")  # type: ignore[arg-type]


@given(report=reports(max_size=6, contraindications=True), data=st.data())
def test_a_cached_pack_answers_as_an_uncached_one(report: kneelink.SymptomReport, data: st.DataObject) -> None:
    cached, uncached = kneelink.default_pack(), _uncached_default()
    ids = data.draw(st.permutations(sorted(report.symptoms)))
    local = [(item.kind, item.region) for item in report.contraindications]
    for form in (ids, tuple(ids), report):
        if isinstance(form, kneelink.SymptomReport):
            assert cached.suggest_regions(form) == uncached.suggest_regions(form)
        else:
            expected = uncached.suggest_regions(form, side=report.side, age=report.age, contraindications=local)
            assert cached.suggest_regions(form, side=report.side, age=report.age, contraindications=local) == expected
            assert cached.suggest_regions(form, side=report.side, age=report.age, contraindications=local) == expected


_UNCACHED: list[kneelink.RulePack] = []


def _uncached_default() -> kneelink.RulePack:
    if not _UNCACHED:
        _UNCACHED.append(kneelink.load_pack(kneelink._pack.default_rules_folder(), cache_size=0))
    return _UNCACHED[0]


def test_errors_of_an_uncached_plain_call_come_from_validation(rules_dir: Path) -> None:
    pack = kneelink.load_pack(rules_dir, cache_size=0)
    with pytest.raises(kneelink.ReportError, match="age: should be at most 120"):
        pack.suggest_regions(["lateral_knee_pain"], age=130)
    with pytest.raises(kneelink.UnknownSymptomError, match="lateral_knee_pian"):
        pack.suggest_regions(["lateral_knee_pian"])


def test_one_cache_holds_plain_calls_and_reports_apart(rules_dir: Path) -> None:
    # Plain arguments and a SymptomReport are keys of one cache: each is kept, neither
    # answers for the other (a report never equals a tuple of arguments).
    pack = kneelink.load_pack(rules_dir, cache_size=8)
    plain = pack.suggest_regions(["lateral_knee_pain"], side="left", age=30)
    report = kneelink.SymptomReport(symptoms=["lateral_knee_pain"], side="left", age=30)
    by_report = pack.suggest_regions(report)
    assert by_report == plain
    assert by_report is not plain
    assert pack.suggest_regions(report) is by_report
    assert pack.suggest_regions(["lateral_knee_pain"], side="left", age=30) is plain
