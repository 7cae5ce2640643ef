"""suggest_many: what it answers, and how its worker processes (kneelink/_pool.py, on
concurrent.futures) start and stop.

The answers from workers must be the answers this process gives itself, in order, errors
in place, whichever engine, however the workers start: forked when no other thread runs
and the pack's engine lock is free, from a fork server otherwise; both ways run here. The
native engine and short batches are answered in this process (reading an answer back
costs about what the native engine takes to make it), so the pool itself is driven
through ``answers_in_pool`` for the native engine. Child processes with a timeout check
that an interrupt stops a batch and leaves no worker behind; the hardening findings
(orphans, endless input, stopped workers...) are tests/engines/test_batch_limits.py.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from installed import DURABLE_INSTALLED

import kneelink
from kneelink import _pack, _pool
from kneelink._answer import Citation, Suggestion
from kneelink._pool import Fired

T = TypeVar("T")
ENGINES: list[kneelink.EngineChoice] = ["durable", "native"] if DURABLE_INSTALLED else ["native"]


def _batch_of(pack: kneelink.RulePack, count: int) -> list[object]:
    """``count`` reports of one to four symptoms, walking the vocabulary, with an unknown
    symptom every 37, an item that is no report at all every 53, a report with age,
    side and absences every 11, and knee pain with a warning sign not known every 13
    (an answer that asks the engine again, as if the sign were there)."""
    symptoms = sorted(pack.symptoms)
    warning_signs = sorted(id_ for id_, symptom in pack.symptoms.items() if symptom.category in ("red_flag", "context"))
    batch: list[object] = []
    for i in range(count):
        if i % 13 == 7:
            unknown = warning_signs[i % len(warning_signs)]
            batch.append(kneelink.SymptomReport(symptoms=["knee_pain"], unknown=[unknown], age=30 + i % 40))
        elif i % 37 == 5:
            batch.append(["no_such_symptom"])
        elif i % 53 == 9:
            batch.append([symptoms[0], i])  # a number among the ids: a ReportError
        elif i % 11 == 3:
            chosen = [symptoms[i % len(symptoms)]]
            absent = [s for s in symptoms[:3] if s not in chosen]
            batch.append(kneelink.SymptomReport(symptoms=chosen, absent=absent, age=20 + i % 60, side="left"))
        else:
            batch.append([symptoms[(i * k) % len(symptoms)] for k in range(1, 2 + i % 4)])
    return batch


def _same_answers(got: list[Suggestion | kneelink.KneelinkError], expected: list[object]) -> None:
    assert len(got) == len(expected)
    for answer, wanted in zip(got, expected, strict=True):
        if isinstance(wanted, kneelink.KneelinkError):
            assert type(answer) is type(wanted)
            assert str(answer) == str(wanted)
        else:
            assert isinstance(answer, Suggestion)
            assert answer == wanted
            assert repr(answer) == repr(wanted)
            assert isinstance(wanted, Suggestion)
            assert answer.model_fields_set == wanted.model_fields_set


def _here(pack: kneelink.RulePack, batch: list[object]) -> list[object]:
    return list(pack.suggest_many(batch, processes=1))  # type: ignore[arg-type]  # bad items on purpose


def _in_pool(
    pack: kneelink.RulePack, batch: list[object], workers: int = 1, *, fork: bool = True
) -> list[Suggestion | kneelink.KneelinkError]:
    """The answers of this process and ``workers`` workers, for either engine."""
    items = [_pack._sendable(item) for item in batch]
    return _pool.answers_in_pool(pack, items, workers, timeout=60, fork=fork)


@pytest.mark.durable
def test_a_long_durable_batch_goes_to_workers_and_gives_the_answers_given_here(
    rules_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pack = kneelink.load_pack(rules_dir, engine="durable", cache_size=0)
    batch = _batch_of(pack, _pack.MIN_POOL_BATCH + 100)
    pools: list[int] = []
    real = _pool.answers_in_pool

    def counted(*args: object, **kwargs: object) -> list[Suggestion | kneelink.KneelinkError]:
        pools.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(_pack, "answers_in_pool", counted)
    answers = pack.suggest_many(batch, processes=2)  # type: ignore[arg-type]
    assert pools == [1]
    _same_answers(answers, _here(pack, batch))


@pytest.mark.parametrize("engine", ENGINES)
def test_native_packs_and_short_batches_are_answered_here(
    engine: kneelink.EngineChoice, rules_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pack = kneelink.load_pack(rules_dir, engine=engine, cache_size=0)

    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a pool was started")

    monkeypatch.setattr(_pack, "answers_in_pool", no_pool)
    short = _batch_of(pack, _pack.MIN_POOL_BATCH - 1)
    assert len(pack.suggest_many(short, processes=2)) == len(short)  # type: ignore[arg-type]
    if engine == "native":
        long = _batch_of(pack, _pack.MIN_POOL_BATCH + 1)
        assert len(pack.suggest_many(long, processes=2)) == len(long)  # type: ignore[arg-type]


@pytest.mark.parametrize("engine", ENGINES)
def test_the_collector_is_paused_while_a_batch_is_answered_and_on_again_for_observers(
    engine: kneelink.EngineChoice, rules_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pack = kneelink.load_pack(rules_dir, engine=engine, cache_size=0)
    answering: list[bool] = []
    observing: list[bool] = []
    answer_item = kneelink.RulePack._answer_item

    def watched(self: kneelink.RulePack, item: object, *fired: Fired) -> Suggestion | kneelink.KneelinkError:
        answering.append(gc.isenabled())
        return answer_item(self, item, *fired)

    def observer(pack: kneelink.RulePack, answer: Suggestion) -> None:
        observing.append(gc.isenabled())

    monkeypatch.setattr(kneelink.RulePack, "_answer_item", watched)
    # Long enough that the durable engine's batch goes to a worker too: this process
    # answers chunks of it, and explains what the worker fired, between the worker's.
    batch = _batch_of(pack, _pack.MIN_POOL_BATCH + 100)
    _pack.add_observer(observer)
    try:
        pack.suggest_many(batch, processes=2)  # type: ignore[arg-type]
    finally:
        _pack.remove_observer(observer)
    assert answering
    assert not any(answering)
    assert observing
    assert all(observing)
    assert gc.isenabled()


def test_the_collector_is_on_again_after_a_batch_that_fails(rules_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pack = kneelink.load_pack(rules_dir, engine="native", cache_size=0)

    def interrupted(self: kneelink.RulePack, item: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(kneelink.RulePack, "_answer_item", interrupted)
    with pytest.raises(KeyboardInterrupt):
        pack.suggest_many([["knee_pain"]], processes=1)
    assert gc.isenabled()


@pytest.mark.parametrize("engine", ENGINES)
def test_forked_workers_give_the_answers_given_here_over_many_chunks(
    engine: kneelink.EngineChoice, rules_dir: Path
) -> None:
    pack = kneelink.load_pack(rules_dir, engine=engine, cache_size=0)
    batch = _batch_of(pack, 700)  # chunks of 43: ~16 of them, shared between two processes
    assert pack._may_fork()
    assert _pool._context(fork=True).get_start_method() == "fork"
    answers = _in_pool(pack, batch)
    _same_answers(answers, _here(pack, batch))
    assert any(isinstance(answer, Suggestion) and any(r.cautions for r in answer.regions) for answer in answers)


def _from_a_thread(
    pack: kneelink.RulePack, batch: list[object]
) -> tuple[bool, list[Suggestion | kneelink.KneelinkError]]:
    """Whether workers would be forked for a batch asked from a second thread, and the
    answers of this process and a worker to it."""
    found: dict[str, object] = {}

    def in_a_thread() -> None:
        found["fork"] = pack._may_fork()
        found["answers"] = _in_pool(pack, batch, fork=pack._may_fork())

    thread = threading.Thread(target=in_a_thread)
    thread.start()
    thread.join()
    return found["fork"], found["answers"]  # type: ignore[return-value]


def test_workers_come_from_the_fork_server_when_another_thread_runs(rules_dir: Path) -> None:
    pack = kneelink.load_pack(rules_dir, engine="native", cache_size=0)
    batch = _batch_of(pack, 300)
    fork, answers = _from_a_thread(pack, batch)
    assert not fork
    assert _pool._context(fork=False).get_start_method() == "forkserver"
    _same_answers(answers, _here(pack, batch))


@pytest.mark.durable
def test_workers_are_not_forked_while_the_engine_lock_is_held(rules_dir: Path) -> None:
    pack = kneelink.load_pack(rules_dir, engine="durable", cache_size=0)
    with pack._engine._lock:  # type: ignore[attr-defined]
        assert not pack._may_fork()
    assert pack._may_fork()


def test_a_part_made_by_hand_keeps_the_fields_it_was_given() -> None:
    # An answer part keeps the fields it was given set, and only those, across processes.
    citation = Citation.model_construct(source="article", title="Knees")  # defaults not set
    again = pickle.loads(pickle.dumps(citation))
    assert again == citation
    assert again.model_fields_set == {"source", "title"}


def test_an_answer_with_fields_left_unset_keeps_them_unset_across_processes(pack: kneelink.RulePack) -> None:
    answer = pack.suggest_regions(["lateral_knee_pain"])
    given = {name: value for name, value in answer.__dict__.items() if name not in {"unscreened", "complete"}}
    partial = Suggestion.model_construct(**given)  # the two left out take their defaults, unset
    read = pickle.loads(pickle.dumps([partial, answer], protocol=pickle.HIGHEST_PROTOCOL))
    assert read == [partial, answer]
    assert read[0].model_fields_set == set(given)
    assert read[1].model_fields_set == set(Suggestion.model_fields)


def test_answers_from_workers_are_the_answers_given_here_with_and_without_a_cache(rules_dir: Path) -> None:
    batch: list[object] = [["knee_pain", "cycling"], ["lateral_knee_pain"]] * 150
    for cache_size in (64, 0):
        pack = kneelink.load_pack(rules_dir, engine="native", cache_size=cache_size)
        _same_answers(_in_pool(pack, batch), _here(pack, batch))


@pytest.mark.durable  # a durable batch is what reaches the pool's workers
@pytest.mark.parametrize("start", ["fork", "forkserver"])
def test_an_interrupt_stops_a_batch_and_leaves_no_worker(start: str) -> None:
    # A batch that takes several seconds in two processes; a Ctrl-C (a real SIGINT, sent
    # a second after the workers have started) while they answer must end it with
    # KeyboardInterrupt and leave no worker behind (chunks not started are dropped). An
    # idle thread makes the workers a fork server's.
    code = textwrap.dedent(
        """
        import multiprocessing, signal, sys, threading
        # Ctrl-C as an interactive Python has it, whatever this test was started under (a
        # shell's background job, nohup and some CI runners start it with SIGINT ignored).
        signal.signal(signal.SIGINT, signal.default_int_handler)
        import kneelink
        from kneelink import _pack, _pool

        if sys.argv[1] == "forkserver":
            threading.Thread(target=threading.Event().wait, daemon=True).start()
        pack = kneelink.load_pack(kneelink._pack.default_rules_folder(), engine="durable", cache_size=0)
        batch = [["lateral_knee_pain", "running_downhill"], ["knee_pain", "cycling"]] * 50_000
        started = []
        real, real_started = _pool.answers_in_pool, _pool._let_go_of_the_workers_pipe

        def answers_in_pool(*args, **kwargs):
            started.append(_pool._context(kwargs["fork"]).get_start_method())
            return real(*args, **kwargs)

        def workers_started(*args):
            real_started(*args)
            print("started", flush=True)

        _pack.answers_in_pool = answers_in_pool
        _pool._let_go_of_the_workers_pipe = workers_started
        try:
            pack.suggest_many(batch, processes=2)
        except KeyboardInterrupt:
            print("interrupted", started, multiprocessing.active_children())
        """
    )
    child = subprocess.Popen(
        [sys.executable, "-c", code, start], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline() == "started\n"
        time.sleep(1)
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=120)
    finally:
        child.kill()
    assert child.returncode == 0, err[-3000:]
    assert out.strip() == f"interrupted ['{start}'] []"
    # The workers ignore the Ctrl-C: none prints a KeyboardInterrupt. (At exit, Python
    # 3.11's own pool may still print an ignored OSError from a race of its exit hook with
    # its thread, CPython gh-125451, fixed in later versions: not asserted here.)
    assert "KeyboardInterrupt" not in err


@pytest.mark.durable  # a durable batch is what reaches the pool's workers
@pytest.mark.parametrize("start", ["fork", "forkserver"])
def test_a_ctrl_c_while_the_workers_start_arrives_once_they_have_and_leaves_no_worker(start: str) -> None:
    # A real SIGINT, sent while the pool starts its workers: held back until every worker
    # is known to the pool, then a KeyboardInterrupt that kills them all.
    code = textwrap.dedent(
        """
        import multiprocessing, os, signal, sys, threading
        # Ctrl-C as an interactive Python has it, whatever this test was started under (a
        # shell's background job, nohup and some CI runners start it with SIGINT ignored).
        signal.signal(signal.SIGINT, signal.default_int_handler)
        import kneelink
        from kneelink import _pool

        if sys.argv[1] == "forkserver":
            threading.Thread(target=threading.Event().wait, daemon=True).start()
        pack = kneelink.load_pack(kneelink._pack.default_rules_folder(), engine="durable", cache_size=0)
        batch = [["lateral_knee_pain", "running_downhill"], ["knee_pain", "cycling"]] * 50_000
        real_started = _pool._let_go_of_the_workers_pipe
        seen = []

        def workers_started(executor, workers):
            os.kill(os.getpid(), signal.SIGINT)  # held back: this is still the workers' start
            seen.append(len(executor._processes))
            return real_started(executor, workers)

        _pool._let_go_of_the_workers_pipe = workers_started
        try:
            pack.suggest_many(batch, processes=2)
        except KeyboardInterrupt:
            print("interrupted", seen, multiprocessing.active_children())
        """
    )
    child = subprocess.run([sys.executable, "-c", code, start], capture_output=True, text=True, timeout=120)
    assert child.returncode == 0, child.stderr[-3000:]
    assert child.stdout.strip() == "interrupted [1] []"
    assert "KeyboardInterrupt" not in child.stderr  # from a worker; see the test above


def test_each_process_checks_the_reports_it_answers(rules_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Checked here before the workers start, the batch would wait on this process alone
    # for part of the work. The forked worker counts in its own copy of `checked`. Its
    # chunks take longer than this process waits for one, so this process answers some.
    pack = kneelink.load_pack(rules_dir, engine="native", cache_size=0)
    batch = _batch_of(pack, 600)
    expected = _here(pack, batch)
    checked: list[kneelink.SymptomReport] = []
    check, fire_item = kneelink.RulePack._check_vocabulary, kneelink.RulePack._fire_item

    def counted(self: kneelink.RulePack, report: kneelink.SymptomReport) -> None:
        checked.append(report)
        check(self, report)

    def slow_in_a_worker(self: kneelink.RulePack, item: object) -> Fired | kneelink.KneelinkError:
        if os.getpid() != _PARENT:
            time.sleep(2 * _pool._WAIT / 37)  # a chunk of 37 reports takes twice the wait
        return fire_item(self, item)

    monkeypatch.setattr(kneelink.RulePack, "_check_vocabulary", counted)
    monkeypatch.setattr(kneelink.RulePack, "_fire_item", slow_in_a_worker)
    _same_answers(_in_pool(pack, batch), expected)
    assert 0 < len(checked) <= len(batch) - _pool.QUEUED_PER_WORKER * _pool.MIN_CHUNK


def test_this_process_explains_what_comes_back_before_it_answers_a_chunk(
    rules_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A worker that keeps up is never kept waiting by this process answering chunks of its
    # own: a whole durable chunk here takes longer than the worker firing one. The wait is
    # made long, so that a worker slow to start on a busy machine still comes back in it.
    monkeypatch.setattr(_pool, "_WAIT", 10.0)
    pack = kneelink.load_pack(rules_dir, engine="native", cache_size=0)
    batch = _batch_of(pack, 600)
    expected = _here(pack, batch)
    answered_here: list[object] = []
    answer_item = kneelink.RulePack._answer_item

    def counted(self: kneelink.RulePack, item: object, *fired: Fired) -> Suggestion | kneelink.KneelinkError:
        if not fired:
            answered_here.append(item)
        return answer_item(self, item, *fired)

    monkeypatch.setattr(kneelink.RulePack, "_answer_item", counted)
    _same_answers(_in_pool(pack, batch), expected)
    assert answered_here == []


def test_items_that_do_not_pickle_are_made_reports_first(rules_dir: Path) -> None:
    # A generator of ids is a report, but does not pickle: this process makes the reports
    # (and finds the bad items) before sending, for forked workers and the fork server's.
    pack = kneelink.load_pack(rules_dir, engine="native", cache_size=0)
    batch = _batch_of(pack, 200)
    expected = _here(pack, batch)
    with_generators = [(symptom for symptom in item) if type(item) is list else item for item in batch]
    _same_answers(_in_pool(pack, list(with_generators)), expected)
    with_generators = [(symptom for symptom in item) if type(item) is list else item for item in batch]
    fork, answers = _from_a_thread(pack, with_generators)
    assert not fork
    _same_answers(answers, expected)


@pytest.mark.parametrize("engine", ENGINES)
def test_an_answer_made_from_a_workers_firings_fires_no_rule_here(
    engine: kneelink.EngineChoice, rules_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What a worker sends back holds every question its answer asked of the engine (here
    # two: the report, and the report as if the unknown warning sign were there), so this
    # process explains them without its engine, into the answer a loop gives.
    pack = kneelink.load_pack(rules_dir, engine=engine, cache_size=0)
    report = kneelink.SymptomReport(symptoms=["knee_pain"], unknown=["one_leg_swelling"], age=40)
    expected = pack.suggest_regions(report)
    assert any(region.cautions for region in expected.regions)
    fired = pack._fire_item(report)
    assert isinstance(fired, dict)
    assert len(fired) == 2

    def no_engine(*args: object) -> None:
        raise AssertionError("the engine was asked again")

    monkeypatch.setattr(type(pack._engine), "evaluate", no_engine)
    assert pack._answer_item(report, fired) == expected


def test_three_processes_give_the_answers_given_here(rules_dir: Path) -> None:
    # This process and two workers: each worker's chunks are read back in their places,
    # among chunks this process answered itself.
    pack = kneelink.load_pack(rules_dir, engine="native", cache_size=0)
    batch = _batch_of(pack, 900)
    _same_answers(_in_pool(pack, batch, workers=2), _here(pack, batch))


_PARENT = os.getpid()


def _crash_in_a_worker(self: kneelink.RulePack, item: object) -> Fired | kneelink.KneelinkError:
    if os.getpid() != _PARENT:
        os._exit(3)
    return _REAL_FIRE_ITEM(self, item)


def _fail_in_a_worker(self: kneelink.RulePack, item: object) -> Fired | kneelink.KneelinkError:
    if os.getpid() != _PARENT:
        raise ValueError("injected: a bug in a worker")
    return _REAL_FIRE_ITEM(self, item)


_REAL_FIRE_ITEM = kneelink.RulePack._fire_item


@pytest.mark.parametrize(
    ("broken", "message"),
    [(_crash_in_a_worker, "ended before it answered"), (_fail_in_a_worker, r"failed: ValueError\('injected")],
)
def test_a_worker_that_dies_or_fails_is_an_engine_error_and_no_worker_is_left(
    broken: object, message: str, rules_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The workers are forked, so they answer with the broken method set here.
    pack = kneelink.load_pack(rules_dir, engine="native", cache_size=0)
    monkeypatch.setattr(kneelink.RulePack, "_fire_item", broken)
    with pytest.raises(kneelink.EngineError, match=message):
        _in_pool(pack, _batch_of(pack, 400))
    assert multiprocessing.active_children() == []


def _exit_at_once(*args: object) -> None:
    os._exit(4)


def test_a_worker_that_ends_as_it_starts_is_an_engine_error(rules_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The worker ends before it reads anything: that is the worker's end, said as such,
    # not a BrokenProcessPool or a BrokenPipeError from the pool.
    pack = kneelink.load_pack(rules_dir, engine="native", cache_size=0)
    monkeypatch.setattr(_pool, "_start_worker", _exit_at_once)
    with pytest.raises(kneelink.EngineError, match="a worker process of suggest_many ended before it answered"):
        _in_pool(pack, _batch_of(pack, 400))
    assert multiprocessing.active_children() == []


def test_big_reports_from_the_fork_server_give_the_answers_given_here() -> None:
    # Reports of ~80 symptoms each make chunks bigger than a pipe holds. In a child
    # process with a timeout, so a batch that hangs fails here instead of hanging CI.
    code = textwrap.dedent(
        """
        import threading
        import kneelink
        from kneelink import _pack, _pool

        threading.Thread(target=threading.Event().wait, daemon=True).start()  # no fork: a fork server
        pack = kneelink.load_pack(kneelink._pack.default_rules_folder(), engine="native", cache_size=0)
        symptoms = sorted(pack.symptoms)
        batch = [symptoms[i % 7 :] for i in range(1_500)]  # reports of ~80 symptoms each
        assert not pack._may_fork()
        answers = _pool.answers_in_pool(pack, batch, 1, timeout=60, fork=pack._may_fork())
        assert answers == pack.suggest_many(batch, processes=1)
        print(len(answers))
        """
    )
    child = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert child.returncode == 0, child.stderr[-3000:]
    assert child.stdout.strip() == "1500"


def test_an_error_a_worker_gives_arrives_as_the_error_given_here(
    rules_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Errors built from an id (or a path and a line) must not come back with their message
    # taken for the id: every KneelinkError pickles as itself.
    pack = kneelink.load_pack(rules_dir, engine="native", cache_size=0)

    check_vocabulary = pack._check_vocabulary

    def refusing_cycling(report: kneelink.SymptomReport) -> None:
        if "cycling" in report.symptoms:
            raise kneelink.UnknownSymptomError("cycling", ["running"], pack=pack.info.name)
        check_vocabulary(report)

    monkeypatch.setattr(pack, "_check_vocabulary", refusing_cycling)  # forked workers inherit it
    batch = [["knee_pain", "cycling"] if i % 5 == 0 else ["knee_pain"] for i in range(300)]
    got, expected = _in_pool(pack, batch), _here(pack, batch)  # type: ignore[arg-type]
    _same_answers(got, expected)
    errors = [answer for answer in got if isinstance(answer, kneelink.UnknownSymptomError)]
    assert len(errors) == 60
    assert {(error.value, error.suggestions, str(error)) for error in errors} == {
        ("cycling", ("running",), f"unknown symptom 'cycling' in rule pack {pack.info.name!r}; did you mean 'running'?")
    }


def test_the_pack_goes_to_each_worker_once_not_with_each_chunk(
    rules_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Workers from the fork server get the pack pickled: once per worker, as the pool's
    # initializer starts it; the chunks carry reports only.
    pack = kneelink.load_pack(rules_dir, engine="native", cache_size=0)
    pickled: list[int] = []
    real = kneelink.RulePack.__reduce__

    def counted(self: kneelink.RulePack) -> tuple[Callable[..., kneelink.RulePack], tuple[object, ...]]:
        pickled.append(1)
        return real(self)

    monkeypatch.setattr(kneelink.RulePack, "__reduce__", counted)
    batch = _batch_of(pack, 700)
    fork, answers = _from_a_thread(pack, batch)
    assert not fork
    _same_answers(answers, _here(pack, batch))
    assert pickled == [1]  # pickled once here; each worker unpickles that once
