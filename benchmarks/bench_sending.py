"""What sending an answer from a worker back to the caller costs in ``suggest_many``.

Run from the repository root::

    .venv/bin/python benchmarks/bench_sending.py [--repeats N] [--json]

A worker of ``suggest_many`` pickles its answers (``kneelink._batch._AnswerWriter``; for
a pack with no answer cache, only each answer's fields) and the calling process reads
them (``_AnswerReader``), one chunk per message. Both are
work that one process answering the whole batch would not do, so they decide how close
two processes come to twice one. This answers 200 seeded reports 20 times over with the
native engine and its answer cache off (4,000 answers, each a new object sharing its
parts with the others, as in a batch), then, for chunks of 8, 50 and 200 answers, writes
every chunk with one writer and reads every message back with one reader, the fastest of
``--repeats`` runs, with the garbage collector paused (as it is while answers are read).

It prints, per answer: the time to answer it in one process, to pickle it, to read it
back, and the bytes sent. It checks that what is read equals what was sent and asserts
nothing about time.
"""

from __future__ import annotations

import argparse
import platform
import time
from collections.abc import Sequence
from typing import Any

from bench_engines import make_reports, print_results

from kneelink import KneelinkError, Suggestion, load_pack
from kneelink._batch import _AnswerReader, _AnswerWriter
from kneelink._loader import collection_paused
from kneelink._pack import default_rules_folder

SEED = 20240601
DISTINCT_REPORTS, ROUNDS = 200, 20
CHUNKS = (8, 50, 200)


def fastest_per_answer(seconds: Sequence[float], answers: int) -> float:
    return min(seconds) / answers * 1e6


def measure(repeats: int) -> dict[str, Any]:
    pack = load_pack(default_rules_folder(), engine="native", cache_size=0)
    seeded = make_reports(sorted(pack.symptoms), DISTINCT_REPORTS, SEED)
    reports = [r.symptom_report() for r in seeded] * ROUNDS
    answering: list[float] = []
    for _ in range(repeats):
        started = time.perf_counter()
        answers: list[Suggestion | KneelinkError] = [pack._answer_item(report) for report in reports]
        answering.append(time.perf_counter() - started)
    # A worker of a pack with no answer cache sends each answer's fields, not the answer.
    sent = [pack._fields_of_item(report) for report in reports]
    results: dict[str, Any] = {
        "python": platform.python_version(),
        "answers": len(answers),
        "answer_us": fastest_per_answer(answering, len(answers)),
        "chunks": {},
    }
    for size in CHUNKS:
        chunks = [sent[start : start + size] for start in range(0, len(sent), size)]
        writing, reading = [], []
        for _ in range(repeats):
            with collection_paused():
                writer = _AnswerWriter(answers_repeat=False)  # as suggest_many writes for a pack with no answer cache
                started = time.perf_counter()
                messages = [writer.answers(chunk) for chunk in chunks]
                writing.append(time.perf_counter() - started)
                reader = _AnswerReader(answers_repeat=False)  # as suggest_many reads a pack with no answer cache
                started = time.perf_counter()
                read = [answer for message in messages for answer in reader.read(message)]
                reading.append(time.perf_counter() - started)
            if read != answers:
                raise RuntimeError(f"chunks of {size}: the answers read back differ from those sent")
        results["chunks"][size] = {
            "pickle_us": fastest_per_answer(writing, len(answers)),
            "read_us": fastest_per_answer(reading, len(answers)),
            "bytes": sum(map(len, messages)) / len(answers),
        }
    return results


def show(results: dict[str, Any]) -> None:
    print(f"kneelink on Python {results['python']}: sending {results['answers']:,} native answers back")
    print(f"answering, one process: {results['answer_us']:.2f} us per answer")
    print()
    print(f"{'chunk':>6}{'pickled (us)':>14}{'read (us)':>11}{'bytes':>8}   per answer")
    for size, row in results["chunks"].items():
        print(f"{size:>6}{row['pickle_us']:>14.2f}{row['read_us']:>11.2f}{row['bytes']:>8.0f}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeats", type=int, default=9, help="runs of each, the fastest kept (default 9)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    if args.repeats < 1:
        parser.error("--repeats must be 1 or more")
    print_results(measure(args.repeats), args.json, show)


if __name__ == "__main__":
    main()
