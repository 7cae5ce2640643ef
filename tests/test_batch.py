"""suggest_many in worker processes (kneelink/_batch.py): how workers start, and that the
answers they send back, with their shared parts sent once per worker, are the answers the
calling process would give itself, in order, errors in place.

Workers are forked when no other thread runs and the pack's engine lock is free, and come
from a fork server otherwise; both ways are run here. A child process with a timeout
checks that an interrupt stops a batch and leaves no worker behind.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import pickle
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from conftest import DURABLE_INSTALLED

import kneelink
from kneelink import _batch
from kneelink._answer import Citation, Suggestion, unchecked

T = TypeVar("T")
ENGINES: list[kneelink.EngineChoice] = ["durable", "native"] if DURABLE_INSTALLED else ["native"]


def _batch_of(pack: kneelink.RulePack, count: int) -> list[object]:
    """``count`` reports of one to four symptoms, walking the vocabulary, with an unknown
    symptom every 37, an item that is no report at all every 53 and a report with age,
    side and absences every 11."""
    symptoms = sorted(pack.symptoms)
    batch: list[object] = []
    for i in range(count):
        if i % 37 == 5:
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


@pytest.mark.parametrize("engine", ENGINES)
def test_forked_workers_give_the_answers_given_here_over_many_chunks(
    engine: kneelink.EngineChoice, rules_dir: Path
) -> None:
    pack = kneelink.load_pack(rules_dir, engine=engine, cache_size=0)
    batch = _batch_of(pack, 700)  # chunks of 21: ~16 per worker, so parts are named by number
    assert _batch.worker_context(pack).get_start_method() == "fork"
    answers = pack.suggest_many(batch, processes=2)  # type: ignore[arg-type]
    _same_answers(answers, _here(pack, batch))
    # Parts a worker sent once are the same objects in every answer that names them.
    suggestions = [answer for answer in answers if isinstance(answer, Suggestion)]
    assert len({id(answer.pack) for answer in suggestions}) <= 2  # one PackInfo per worker


def _from_a_thread(
    pack: kneelink.RulePack, batch: list[object]
) -> tuple[str, list[Suggestion | kneelink.KneelinkError]]:
    """How workers start for a batch asked from a second thread, and its answers."""
    found: dict[str, object] = {}

    def in_a_thread() -> None:
        found["method"] = _batch.worker_context(pack).get_start_method()
        found["answers"] = pack.suggest_many(batch, processes=2)  # type: ignore[arg-type]

    thread = threading.Thread(target=in_a_thread)
    thread.start()
    thread.join()
    return found["method"], found["answers"]  # type: ignore[return-value]


def test_workers_come_from_the_fork_server_when_another_thread_runs(rules_dir: Path) -> None:
    pack = kneelink.load_pack(rules_dir, engine="native", cache_size=0)
    batch = _batch_of(pack, 300)
    method, answers = _from_a_thread(pack, batch)
    assert method == "forkserver"
    _same_answers(answers, _here(pack, batch))


@pytest.mark.durable
def test_workers_are_not_forked_while_the_engine_lock_is_held(rules_dir: Path) -> None:
    pack = kneelink.load_pack(rules_dir, engine="durable", cache_size=0)
    with pack._engine._lock:  # type: ignore[attr-defined]
        assert _batch.worker_context(pack).get_start_method() == "forkserver"
    assert _batch.worker_context(pack).get_start_method() == "fork"


def _messages(writer: _batch._AnswerWriter, chunks: list[list[Suggestion]]) -> list[bytes]:
    return [writer.answers(list(chunk)) for chunk in chunks]


def _read(messages: list[bytes], *, answers_repeat: bool = True) -> list[list[Suggestion]]:
    reader = _batch._AnswerReader(answers_repeat=answers_repeat)
    chunks = [reader.read(message) for message in messages]
    answers = [[answer for answer in chunk if isinstance(answer, Suggestion)] for chunk in chunks]
    assert answers == chunks
    return answers


def test_a_part_crosses_once_per_worker_and_is_named_by_number_after(rules_dir: Path) -> None:
    pack = kneelink.load_pack(rules_dir, cache_size=0)  # every answer a new object; its parts shared
    reports = [["lateral_knee_pain"], ["lateral_knee_pain", "cycling"]] * 2
    answers = [pack.suggest_regions(symptoms) for symptoms in reports]
    messages = _messages(_batch._AnswerWriter(), [[answer] for answer in answers])
    assert len(messages[2]) < len(messages[0]) / 3  # the first chunk carried the parts; this names them
    read = [chunk[0] for chunk in _read(messages)]
    assert read == answers
    assert [answer.model_fields_set for answer in read] == [answer.model_fields_set for answer in answers]
    first, again = read[0], read[2]
    assert first is not again
    assert again.regions[0] is first.regions[0]  # named by number: the part read before
    assert again.pack is first.pack
    assert again.advice is first.advice


def test_both_ends_forget_what_was_sent_every_so_many_answers(
    pack: kneelink.RulePack, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A long batch must not keep every answer alive in the worker; the reader must forget
    # in step, or a number would name the wrong object.
    monkeypatch.setattr(_batch, "_MEMO_ANSWERS", 3)
    symptoms = sorted(pack.symptoms)
    chunks = [[pack.suggest_regions([symptom]) for symptom in symptoms[i : i + 2]] for i in range(0, 8, 2)]
    writer = _batch._AnswerWriter()
    messages, remembered = [], []
    for chunk in chunks:
        messages += _messages(writer, [chunk])
        remembered.append(len(writer._pickler.memo.copy()))
    assert [message[:1] for message in messages] == [b"\x00", b"\x00", b"\x01", b"\x00"]
    assert remembered[2] < remembered[1]  # what the first two chunks sent is let go
    read = _read(messages)
    assert read == chunks
    assert read[2][0].pack is not read[1][0].pack  # sent again after forgetting
    assert read[3][0].pack is read[2][0].pack


def _fields(pack: kneelink.RulePack, symptoms: list[str]) -> dict[str, object]:
    fields = pack._fields_of_item(symptoms)
    assert isinstance(fields, dict)
    return fields


def test_without_a_cache_fields_made_of_parts_sent_before_go_as_a_number(rules_dir: Path) -> None:
    # A worker sends the fields of each answer; the same report gives the very same parts,
    # so after the first, such fields are a number, and the reader makes a new answer from
    # a copy of the fields it read first.
    pack = kneelink.load_pack(rules_dir, engine="native", cache_size=0)
    reports = [["lateral_knee_pain"], ["lateral_knee_pain", "cycling"]] * 3
    fields = [_fields(pack, symptoms) for symptoms in reports]
    writer = _batch._AnswerWriter(answers_repeat=False)
    messages = _messages(writer, [fields[:2], fields[2:4], fields[4:]])  # type: ignore[list-item]
    assert len(messages[1]) <= 30  # two small numbers and the message's own framing
    assert len(messages[0]) > 1_000  # every part, the first time
    read = [answer for chunk in _read(messages, answers_repeat=False) for answer in chunk]
    assert read == [pack.suggest_regions(symptoms) for symptoms in reports]
    assert all(answer.model_fields_set == set(Suggestion.model_fields) for answer in read)
    assert len({id(answer) for answer in read}) == 6
    assert len({id(answer.__dict__) for answer in read}) == 6  # each answer its own fields
    assert read[4].regions is read[2].regions is read[0].regions


@pytest.mark.parametrize("engine", ENGINES)
def test_fields_come_in_the_models_order_and_answers_made_elsewhere_go_whole(
    engine: kneelink.EngineChoice, rules_dir: Path
) -> None:
    # Fields are numbered by the ids of their values, which is sound only if every answer's
    # fields come in one order; an answer made elsewhere is sent whole, and must not shift
    # the numbers of the fields sent after it.
    pack = kneelink.load_pack(rules_dir, engine=engine, cache_size=0)
    first, other = _fields(pack, ["lateral_knee_pain"]), _fields(pack, ["knee_pain"])
    assert list(first) == list(other) == list(Suggestion.model_fields)
    made_elsewhere = pack.suggest_regions(["lateral_knee_pain", "cycling"])
    again = _fields(pack, ["knee_pain"])
    chunks = [[first, made_elsewhere], [other, again, made_elsewhere, first]]
    messages = _messages(_batch._AnswerWriter(answers_repeat=False), chunks)  # type: ignore[arg-type]
    expected = [
        [unchecked(Suggestion, fields) if type(fields) is dict else fields for fields in chunk] for chunk in chunks
    ]
    assert _read(messages, answers_repeat=False) == expected


def test_numbers_restart_on_both_ends_when_they_forget(rules_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_batch, "_MEMO_ANSWERS", 3)
    pack = kneelink.load_pack(rules_dir, engine="native", cache_size=0)
    symptoms = sorted(pack.symptoms)[:3]
    chunks = [[_fields(pack, [symptom]) for symptom in symptoms[i % 2 : i % 2 + 2]] for i in range(6)]
    messages = _messages(_batch._AnswerWriter(answers_repeat=False), chunks)  # type: ignore[arg-type]
    assert [message[:1] for message in messages].count(b"\x01") == 2
    expected = [[unchecked(Suggestion, fields) for fields in chunk] for chunk in chunks]
    assert _read(messages, answers_repeat=False) == expected


def test_a_part_made_by_hand_keeps_the_fields_it_was_given() -> None:
    # Only an answer with every field set leaves its fields set out of the pickle.
    citation = Citation.model_construct(source="article", title="Knees")  # defaults not set
    again = pickle.loads(pickle.dumps(citation))
    assert again == citation
    assert again.model_fields_set == {"source", "title"}


def test_an_answer_sent_twice_is_one_object_here_as_there(pack: kneelink.RulePack) -> None:
    # The pack's answer cache gives the same object for the same report; so does the reader.
    cached = pack.suggest_regions(["lateral_knee_pain", "running_downhill"])
    other = pack.suggest_regions(["knee_pain"])
    assert pack.suggest_regions(["lateral_knee_pain", "running_downhill"]) is cached
    read = _read(_messages(_batch._AnswerWriter(), [[cached, other, cached], [cached]]))
    assert read == [[cached, other, cached], [cached]]
    assert read[0][0] is read[0][2] is read[1][0]
    assert read[0][1] is not read[0][0]


def test_answers_repeat_across_processes_only_as_the_packs_cache_repeats_them(rules_dir: Path) -> None:
    # With an answer cache, one report asked 300 times is one answer in each process (the
    # reader keeps what a worker sent twice as one object); without one, every answer is
    # new, and the reader need not keep track.
    batch: list[object] = [["knee_pain", "cycling"]] * 300
    for cache_size, objects in ((64, 2), (0, 300)):
        pack = kneelink.load_pack(rules_dir, engine="native", cache_size=cache_size)
        answers = pack.suggest_many(batch, processes=2)  # type: ignore[arg-type]
        _same_answers(answers, _here(pack, batch))
        assert len({id(answer) for answer in answers}) == objects


def test_a_reader_told_answers_do_not_repeat_reads_the_same_answers(rules_dir: Path) -> None:
    pack = kneelink.load_pack(rules_dir, cache_size=0)
    answers = [pack.suggest_regions(symptoms) for symptoms in (["knee_pain"], ["lateral_knee_pain", "cycling"])]
    writer, reader = _batch._AnswerWriter(), _batch._AnswerReader(answers_repeat=False)
    read = [[a for a in reader.read(writer.answers(list(answers))) if isinstance(a, Suggestion)] for _ in range(2)]
    assert read == [answers, answers]
    assert read[1][0].regions[0] is read[0][0].regions[0]  # the parts are still sent once
    assert [answer.model_fields_set for answer in read[1]] == [answer.model_fields_set for answer in answers]


def test_an_answer_with_fields_left_unset_keeps_them_unset(pack: kneelink.RulePack) -> None:
    answer = pack.suggest_regions(["lateral_knee_pain"])
    given = {name: value for name, value in answer.__dict__.items() if name not in {"unscreened", "complete"}}
    partial = Suggestion.model_construct(**given)  # the two left out take their defaults, unset
    (read,) = _read(_messages(_batch._AnswerWriter(), [[partial, answer]]))
    assert read == [partial, answer]
    assert read[0].model_fields_set == set(given)
    assert read[1].model_fields_set == set(Suggestion.model_fields)


def test_a_workers_failure_is_read_as_an_engine_error() -> None:
    message = _batch._AnswerWriter().failure("ValueError('injected')")
    with pytest.raises(kneelink.EngineError, match=r"failed: ValueError\('injected'\)"):
        _batch._AnswerReader().read(message)


@pytest.mark.parametrize("start", ["fork", "forkserver"])
def test_an_interrupt_stops_a_batch_and_leaves_no_worker(start: str) -> None:
    # A batch that takes several seconds in two processes; a Ctrl-C (SIGINT, here from an
    # alarm) while the workers answer must end it with KeyboardInterrupt and leave no
    # worker behind (chunks not started are dropped). An idle thread makes the workers
    # a fork server's.
    code = textwrap.dedent(
        """
        import multiprocessing, signal, sys, threading
        import kneelink
        from kneelink import _batch

        if sys.argv[1] == "forkserver":
            threading.Thread(target=threading.Event().wait, daemon=True).start()
        pack = kneelink.load_pack(kneelink._pack.default_rules_folder(), engine="native", cache_size=0)
        batch = [["lateral_knee_pain", "running_downhill"], ["knee_pain", "cycling"]] * 100_000
        started = []
        real = _batch.answers_in_processes

        def answers_in_processes(*args):
            started.append(_batch.worker_context(pack).get_start_method())
            signal.signal(signal.SIGALRM, signal.default_int_handler)  # a KeyboardInterrupt, as Ctrl-C
            signal.alarm(2)
            return real(*args)

        _batch.answers_in_processes = answers_in_processes
        try:
            pack.suggest_many(batch, processes=2)
        except KeyboardInterrupt:
            print("interrupted", started, multiprocessing.active_children())
        """
    )
    child = subprocess.run([sys.executable, "-c", code, start], capture_output=True, text=True, timeout=120)
    assert child.returncode == 0, child.stderr[-3000:]
    assert child.stdout.strip() == f"interrupted ['{start}'] []"


def test_each_process_checks_the_reports_it_answers(rules_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Checked here before the workers start, the batch would wait on this process alone
    # for ~7% of the work. The forked worker counts in its own copy of `checked`, and it
    # is sent two chunks before this process answers any.
    pack = kneelink.load_pack(rules_dir, engine="native", cache_size=0)
    batch = _batch_of(pack, 600)
    expected = _here(pack, batch)
    checked: list[kneelink.SymptomReport] = []
    check = kneelink.RulePack._check_vocabulary

    def counted(self: kneelink.RulePack, report: kneelink.SymptomReport) -> None:
        checked.append(report)
        check(self, report)

    monkeypatch.setattr(kneelink.RulePack, "_check_vocabulary", counted)
    _same_answers(pack.suggest_many(batch, processes=2), expected)  # type: ignore[arg-type]
    assert 0 < len(checked) <= len(batch) - 2 * _batch.MIN_CHUNK


def test_items_a_fork_server_worker_cannot_be_sent_are_made_reports_first(rules_dir: Path) -> None:
    # A generator of ids is a report, but does not pickle: for workers that do not inherit
    # the batch, this process makes the reports (and finds the bad items) before sending.
    pack = kneelink.load_pack(rules_dir, engine="native", cache_size=0)
    batch = _batch_of(pack, 200)
    expected = _here(pack, batch)
    with_generators = [(symptom for symptom in item) if type(item) is list else item for item in batch]
    method, answers = _from_a_thread(pack, with_generators)
    assert method == "forkserver"
    _same_answers(answers, expected)


def test_three_processes_give_the_answers_given_here(rules_dir: Path) -> None:
    # This process and two workers: each worker's answers are read in the order it sent
    # them, with the parts it sent before, among chunks this process answered itself.
    pack = kneelink.load_pack(rules_dir, engine="native", cache_size=0)
    batch = _batch_of(pack, 900)
    _same_answers(pack.suggest_many(batch, processes=3), _here(pack, batch))  # type: ignore[arg-type]


def test_chunks_cover_the_batch_once_in_order_and_shrink() -> None:
    for count in (1, 7, 8, 9, 100, 1_000, 10_000, 123_457):
        for processes in (2, 3, 8):
            spans = _batch.chunk_spans(count, processes)
            assert spans[0][0] == 0
            assert spans[-1][1] == count
            assert all(stop == start for (_, stop), (start, _) in itertools.pairwise(spans))
            sizes = [stop - start for start, stop in spans]
            assert all(_batch.MIN_CHUNK <= size <= _batch.MAX_CHUNK for size in sizes[:-1])
            assert all(size >= after for size, after in itertools.pairwise(sizes))  # they never grow


def _crash(reports: object) -> list[Suggestion]:
    os._exit(3)


def _fail(reports: object) -> list[Suggestion]:
    raise ValueError("injected: a bug in a worker")


@pytest.mark.parametrize(("broken", "message"), [(_crash, r"ended \(exit code 3\)"), (_fail, "failed: ValueError")])
def test_a_worker_that_dies_or_fails_is_an_engine_error_and_no_worker_is_left(
    broken: object, message: str, rules_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The workers are forked, so they answer with the broken function set here.
    pack = kneelink.load_pack(rules_dir, engine="native", cache_size=0)
    assert _batch.worker_context(pack).get_start_method() == "fork"
    monkeypatch.setattr(_batch, "_worker_answers", broken)
    with pytest.raises(kneelink.EngineError, match=message):
        pack.suggest_many(_batch_of(pack, 400), processes=2)  # type: ignore[arg-type]
    assert multiprocessing.active_children() == []


def _exit_at_once(*args: object) -> None:
    os._exit(4)


def test_a_chunk_sent_to_a_worker_that_is_gone_is_an_engine_error(
    rules_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The worker ends before it reads anything, so sending it a chunk breaks the pipe:
    # that is the worker's end, said as such, not a BrokenPipeError from the pipe.
    pack = kneelink.load_pack(rules_dir, engine="native", cache_size=0)
    monkeypatch.setattr(_batch, "_serve", _exit_at_once)
    worker = _batch._Worker.start(multiprocessing.get_context("fork"), pack, [["knee_pain"]], answers_repeat=False)
    try:
        worker.process.join(timeout=30)
        with pytest.raises(kneelink.EngineError, match=r"ended \(exit code 4\)"):
            worker.send(0, (0, 1))
        assert not worker.in_flight
        assert worker.has_news()  # the end of the pipe is news: reading it gives the same error
        with pytest.raises(kneelink.EngineError, match=r"ended \(exit code 4\)"):
            worker.receive()
    finally:
        worker.end()


def test_big_reports_from_the_fork_server_give_the_answers_given_here() -> None:
    # A worker from the fork server gets every report as it starts and then only spans,
    # as a forked one does; reports of ~80 symptoms each make ~200 KB chunks. In a child
    # process with a timeout, so a batch that hangs fails here instead of hanging CI.
    code = textwrap.dedent(
        """
        import threading
        import kneelink
        from kneelink import _batch

        threading.Thread(target=threading.Event().wait, daemon=True).start()  # no fork: a fork server
        pack = kneelink.load_pack(kneelink._pack.default_rules_folder(), engine="native", cache_size=0)
        symptoms = sorted(pack.symptoms)
        batch = [symptoms[i % 7 :] for i in range(1_500)]  # reports of ~80 symptoms each
        assert _batch.worker_context(pack).get_start_method() == "forkserver"
        answers = pack.suggest_many(batch, processes=2)
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

    def refusing_cycling(answer: Callable[[kneelink.SymptomReport], T]) -> Callable[[kneelink.SymptomReport], T]:
        def refusing(report: kneelink.SymptomReport) -> T:
            if "cycling" in report.symptoms:
                raise kneelink.UnknownSymptomError("cycling", ["running"], pack=pack.info.name)
            return answer(report)

        return refusing

    # Forked workers inherit both: this process answers, the workers send fields.
    monkeypatch.setattr(pack, "_answer", refusing_cycling(pack._answer))
    monkeypatch.setattr(pack, "_uncached_fields", refusing_cycling(pack._uncached_fields))
    batch = [["knee_pain", "cycling"] if i % 5 == 0 else ["knee_pain"] for i in range(300)]
    assert _batch.worker_context(pack).get_start_method() == "fork"
    got, expected = pack.suggest_many(batch, processes=2), _here(pack, batch)  # type: ignore[arg-type]
    _same_answers(got, expected)
    errors = [answer for answer in got if isinstance(answer, kneelink.UnknownSymptomError)]
    assert len(errors) == 60
    assert {(error.value, error.suggestions, str(error)) for error in errors} == {
        ("cycling", ("running",), f"unknown symptom 'cycling' in rule pack {pack.info.name!r}; did you mean 'running'?")
    }
