"""suggest_many in two processes, counted in instructions: what two free cores would give.

Run from the repository root (needs ``valgrind``)::

    .venv/bin/python benchmarks/bench_processes_instructions.py [--reports N] [--engines E] [--pieces] [--json]

``bench_engines.py`` times ``suggest_many`` with 1 and 2 processes by the wall clock, and
on a machine shared with other jobs two processes get two whole cores only some of the
time: two processes that share nothing reach anywhere from 1.2x to 2.2x there, run to run.
This counts instructions instead, with ``valgrind --tool=callgrind``, which gives the same
count for the same work whatever else the machine is doing. For each engine, fresh
processes load the default pack, answer 200 seeded reports once each (so what a pack keeps
is warm, as in ``bench_engines.py``'s rounds), build a batch from them and answer it with
``suggest_many``: with ``processes=1``, and with ``processes=2`` (the caller and one forked
worker, whose instructions are counted from the fork on:
``--zero-before=PyOS_AfterFork_Child``). Each is run with a batch of ``N`` reports and of
``3N``; the difference between the two is what ``2N`` more reports cost, so what every
run does once (loading, warming, importing ``multiprocessing``, starting the worker)
drops out, and is shown apart as the fixed cost of a batch:

- per report, 1 process: every instruction of answering it alone;
- per report, 2 processes: the caller's (its share of the answers, checking every report,
  handing out chunks, reading the worker's answers back) and the worker's (its share of
  the answers, sending them back);
- "caller + worker / 1 process": what splitting a batch adds to the work in all: every
  answer the worker gives is pickled there and read back here;
- "per answer the worker gives": that addition divided by the answers the worker gave,
  what sending one answer costs (pickling it there, reading it here). How the chunks fall
  between the caller and the worker depends on how fast each ran at the time, which under
  valgrind on a shared machine moves from run to run, and the total moves with it (the
  more the worker answers, the more is pickled and read back), so runs compare by this;
- "evenly loaded, 2 free cores": the speed-up two free cores give a big batch when each
  process answers half of it and the two finish together, as the chunks (which shrink
  towards the end of the batch) are meant to make them: ``2 x 1 process / (1 process +
  half the cost of sending an answer)``;
- "this run's split": ``1 process / the busier of the two``.

The split itself moves the figures: a run whose worker happened to give more answers
also moved a full collection of the garbage collector (which walks every answer kept so
far) into or out of the difference, and the same code has printed 11.7 k and 29.0 k per
answer sent. ``--pieces`` counts instead, each in one process, so the count repeats
exactly for the same code: per answer (again the difference between batches of ``N`` and
``3N``) what the caller spends answering one and keeping it (``T``), what the worker
spends answering one (it makes only the answer's fields), pickling it in chunks as
``suggest_many``'s workers do and letting it go (``W``), and what the caller spends
reading one back and keeping it (``R``). When the caller answers ``k`` reports and reads
the other ``N - k`` while the worker answers those, and both finish together,
``k T + (N - k) R = (N - k) W``, so two free cores give ``(T + W - R) / W`` ("evenly
loaded, piece by piece"). The pieces are counted with the garbage collector off (see
:func:`piece`), and leave out what the caller spends looking at the pipe and handing
out chunks (~1 k instructions a slice of 16 answers).

It prints numbers and asserts nothing about them.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench_engines import ENGINES, comma_separated, make_reports, print_results

import kneelink
from kneelink import KneelinkError, Suggestion, _batch, load_pack
from kneelink._pack import default_rules_folder
from kneelink.engines._choice import durable_available

HERE = Path(__file__).resolve()
SEED = 20240601
DISTINCT_REPORTS = 200
# valgrind's summary line: "==<pid>== Collected : <instructions>"
COLLECTED = re.compile(r"^==(\d+)== Collected : (\d+)$", re.MULTILINE)


def child(engine: kneelink.EngineChoice, processes: int, count: int) -> None:
    """In a process under valgrind: warm a pack, build the batch, answer it in
    ``processes`` processes (0: do not answer it)."""
    pack = load_pack(default_rules_folder(), engine=engine, cache_size=0)
    reports = make_reports(sorted(pack.symptoms), DISTINCT_REPORTS, SEED)
    batch = [r.symptom_report() for r in reports]
    pack.suggest_many(batch, processes=1)  # what the pack keeps is warm, as after bench_engines' first round
    batch = (batch * (count // len(batch) + 1))[:count]
    if processes:
        given_by_workers = 0
        receive = _batch._Worker.receive

        def counting(worker: _batch._Worker) -> list[Suggestion | KneelinkError]:
            nonlocal given_by_workers
            answers = receive(worker)
            given_by_workers += len(answers)
            return answers

        _batch._Worker.receive = counting  # type: ignore[method-assign,assignment]
        answers = pack.suggest_many(batch, processes=processes)
        if len(answers) != count:
            raise RuntimeError(f"suggest_many gave {len(answers)} answers to {count} reports")
        print(f"given by workers: {given_by_workers}")


PIECES = ("none", "caller", "worker", "reader")


def piece(engine: kneelink.EngineChoice, name: str, count: int) -> None:
    """In a process under valgrind: warm a pack as :func:`child` does, then do one piece
    of ``suggest_many``'s work on a batch of ``count`` reports ("none": nothing)."""
    pack = load_pack(default_rules_folder(), engine=engine, cache_size=0)
    reports = [r.symptom_report() for r in make_reports(sorted(pack.symptoms), DISTINCT_REPORTS, SEED)]
    pack.suggest_many(reports, processes=1)
    batch = (reports * (count // len(reports) + 1))[:count]
    spans = _batch.chunk_spans(count, 2)
    # A full collection walks everything kept, and whether one falls in a run of N or 3N
    # answers moved a piece by ~11 k per answer. What collections cost per answer kept is
    # the same for an answer made here as for one read here, so it adds equally to T and R
    # and drops out of (T + W - R) / W; counted without it, the pieces repeat exactly.
    gc.disable()
    if name == "caller":
        kept = [pack._answer_item(report) for report in batch]  # kept, as suggest_many's answers are
    elif name in ("worker", "reader"):
        _batch._worker_pack = pack  # what a worker answers with, as a worker answers
        writer = _batch._AnswerWriter(answers_repeat=False)  # as for a pack with no answer cache
        messages = [writer.answers(_batch._worker_answers(batch[start:stop])) for start, stop in spans]
        if name == "reader":
            del writer  # its memo keeps what it sent alive, in the worker, not in the caller
            reader = _batch._AnswerReader(answers_repeat=False)  # the pack has no answer cache
            kept = []
            for message in messages:
                kept += reader.read(message)
    os._exit(0)  # as a worker ends, and so that nothing kept is counted freed


def counted(engine: str, processes: int, count: int, cache: str) -> tuple[dict[int, int], int]:
    """Instructions of each process of one child run, by process id (the first is the
    caller), and how many answers the workers gave."""
    # A forked worker is counted from the fork on.
    run = under_callgrind(["--child", engine, str(processes), str(count)], cache, "--zero-before=PyOS_AfterFork_Child")
    found = {int(pid): int(total) for pid, total in COLLECTED.findall(run.stderr)}
    caller = run_pid(run.stderr)
    given = re.search(r"^given by workers: (\d+)$", run.stdout, re.MULTILINE)
    return {caller: found.pop(caller), **found}, int(given.group(1)) if given else 0


def run_pid(log: str) -> int:
    """The process id valgrind started with: the first one its log names."""
    first = re.search(r"^==(\d+)==", log, re.MULTILINE)
    if first is None:
        raise RuntimeError("valgrind printed no process id")
    return int(first.group(1))


def under_callgrind(arguments: Sequence[str], cache: str, *options: str) -> subprocess.CompletedProcess[str]:
    """This script run with ``arguments`` under callgrind, with the pack cache ``cache``."""
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *options, sys.executable, str(HERE)]
    # The same hash seed in every run, so set and dict orders (and so instructions) repeat.
    env = {**os.environ, "PYTHONHASHSEED": "0", "KNEELINK_CACHE_DIR": cache}
    run = subprocess.run([*command, *arguments], env=env, capture_output=True, text=True, check=False)
    if run.returncode != 0:
        raise RuntimeError(f"valgrind run failed ({run.returncode}):\n{run.stderr[-2000:]}")
    return run


def counted_piece(engine: str, name: str, count: int, cache: str) -> int:
    run = under_callgrind(["--piece", engine, name, str(count)], cache)
    (_, total), *others = COLLECTED.findall(run.stderr)
    if others:
        raise RuntimeError("a piece ran in more than one process")
    return int(total)


def results_of(count: int) -> dict[str, Any]:
    """Where a run's results go: the machine, and the two batch sizes compared."""
    return {
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "reports": [count, 3 * count],
    }


def runnable(engines: Sequence[str]) -> list[str]:
    return [engine for engine in engines if engine != "durable" or durable_available()]


def measure_pieces(count: int, engines: Sequence[str] = ENGINES) -> dict[str, Any]:
    results = results_of(count)
    with tempfile.TemporaryDirectory() as cache:
        for engine in runnable(engines):
            counted_piece(engine, "none", DISTINCT_REPORTS, cache)  # fills the pack cache
            per = {
                name: (counted_piece(engine, name, 3 * count, cache) - counted_piece(engine, name, count, cache))
                / (2 * count)
                for name in PIECES
            }
            results[engine] = {
                "caller_answers": per["caller"] - per["none"],
                "worker_answers_and_pickles": per["worker"] - per["none"],
                "caller_reads": per["reader"] - per["worker"],
            }
    return results


def show_pieces(results: dict[str, Any]) -> None:
    def cells(found: dict[str, Any]) -> dict[str, str]:
        answer, work, read = found["caller_answers"], found["worker_answers_and_pickles"], found["caller_reads"]
        return {
            "T: the caller answers one and keeps it": f"{answer:>12,.0f}",
            "W: the worker answers one and pickles it": f"{work:>12,.0f}",
            "R: the caller reads one back and keeps it": f"{read:>12,.0f}",
            "evenly loaded, piece by piece (T+W-R)/W": f"{(answer + work - read) / work:>11.2f}x",
        }

    title = "suggest_many's pieces, each in one process, instructions per answer (batches of {small:,} and {big:,})"
    show_table(results, title, 44, cells)


def show_table(
    results: dict[str, Any], title: str, width: int, cells: Callable[[dict[str, Any]], dict[str, str]]
) -> None:
    """Print ``cells`` of each engine's results as a row per label, under ``title``
    (which may name the batch sizes, ``{small}`` and ``{big}``)."""
    engines = [engine for engine in ENGINES if engine in results]
    small, big = results["reports"]
    print(f"kneelink on Python {results['python']} ({results['machine']}), valgrind --tool=callgrind")
    print(title.format(small=small, big=big))
    print()
    print(f"{'':{width}}" + "".join(f"{engine:>12}" for engine in engines))
    rows: dict[str, list[str]] = {}
    for engine in engines:
        for label, cell in cells(results[engine]).items():
            rows.setdefault(label, []).append(cell)
    for label, cells_of_engines in rows.items():
        print(f"{label:{width}}" + "".join(cells_of_engines))


def measure(count: int, engines: Sequence[str] = ENGINES) -> dict[str, Any]:
    results = results_of(count)
    with tempfile.TemporaryDirectory() as cache:
        for engine in runnable(engines):
            counted(engine, 0, DISTINCT_REPORTS, cache)  # fills the pack cache, so every run reads it alike
            runs: dict[tuple[int, int], list[int]] = {}
            given: dict[int, int] = {}
            for processes in (1, 2):
                for size in (count, 3 * count):
                    found, given_by_workers = counted(engine, processes, size, cache)
                    if len(found) != processes:
                        raise RuntimeError(f"expected {processes} processes, valgrind counted {len(found)}")
                    runs[processes, size] = list(found.values())
                    if processes == 2:
                        given[size] = given_by_workers
            more = 2 * count
            (one_small,), (one_big,) = runs[1, count], runs[1, 3 * count]
            (caller_small, worker_small), (caller_big, worker_big) = runs[2, count], runs[2, 3 * count]
            # What 2 processes add to one's work, per run: a fixed cost (starting the worker)
            # and a cost per answer the worker gives; two runs with different counts give both.
            added_small = caller_small + worker_small - one_small
            added_big = caller_big + worker_big - one_big
            if given[3 * count] == given[count]:
                raise RuntimeError("the worker gave as many answers in both batches; run again")
            per_sent = (added_big - added_small) / (given[3 * count] - given[count])
            results[engine] = {
                "per_report": {
                    "one_process": (one_big - one_small) / more,
                    "caller": (caller_big - caller_small) / more,
                    "worker": (worker_big - worker_small) / more,
                },
                "worker_answers": [given[count], given[3 * count]],
                "per_answer_sent": per_sent,
                # What a batch of 2 processes costs beyond its reports and the answers sent.
                "fixed_two_processes": added_small - given[count] * per_sent,
            }
    return results


def show(results: dict[str, Any]) -> None:
    def cells(found: dict[str, Any]) -> dict[str, str]:
        per = found["per_report"]
        one, caller, worker = per["one_process"], per["caller"], per["worker"]
        sent = found["per_answer_sent"]
        small_given, big_given = found["worker_answers"]
        return {
            "1 process": f"{one:>12,.0f}",
            "2 processes: the caller": f"{caller:>12,.0f}",
            "2 processes: the worker": f"{worker:>12,.0f}",
            "answers the worker gave": f"{f'{small_given:,}/{big_given:,}':>12}",
            "caller + worker / 1 process": f"{(caller + worker) / one:>11.2f}x",
            "per answer the worker gives": f"{sent:>12,.0f}",
            "evenly loaded, 2 free cores": f"{2 * one / (one + sent / 2):>11.2f}x",
            "this run's split: 1 / the busier": f"{one / max(caller, worker):>11.2f}x",
            "fixed cost of 2 processes (M)": f"{found['fixed_two_processes'] / 1e6:>12.1f}",
        }

    title = "suggest_many on the default pack, instructions per report (from batches of {small:,} and {big:,})"
    show_table(results, title, 38, cells)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--reports", type=int, default=2000, help="reports in the batch (default 2000)")
    parser.add_argument(
        "--engines",
        type=comma_separated(ENGINES, "engine"),
        default=list(ENGINES),
        help=f"comma-separated engines (default: {','.join(ENGINES)})",
    )
    parser.add_argument(
        "--pieces", action="store_true", help="count suggest_many's pieces one by one, each in one process"
    )
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--child", nargs=3, metavar=("ENGINE", "PROCESSES", "COUNT"), help=argparse.SUPPRESS)
    parser.add_argument("--piece", nargs=3, metavar=("ENGINE", "PIECE", "COUNT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        engine, processes, count = args.child
        child(engine, int(processes), int(count))
        return
    if args.piece:
        engine, name, count = args.piece
        piece(engine, name, int(count))
        return
    if shutil.which("valgrind") is None:
        parser.error("valgrind is not installed (Debian: apt-get install valgrind)")
    if args.pieces:
        print_results(measure_pieces(args.reports, args.engines), args.json, show_pieces)
    else:
        print_results(measure(args.reports, args.engines), args.json, show)


if __name__ == "__main__":
    main()
