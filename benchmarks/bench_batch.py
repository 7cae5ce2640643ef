"""``suggest_many`` against a plain loop, for both engines, side by side in one run.

Run from the repository root::

    .venv/bin/python benchmarks/bench_batch.py [--reports N] [--repeats N] [--json]

For each engine, on the default pack with the answer cache off (every report is worked
out; with the cache on and reports that repeat, a loop is all a batch needs), over the
same seeded reports (20,000 by default, as ``SymptomReport`` with a side and an age):

- a plain loop: ``suggest_regions`` on each report, catching kneelink's errors, as a
  caller without ``suggest_many`` would write it;
- ``suggest_many`` with ``processes=1`` and ``processes=2`` (what it runs is its choice:
  the native engine is answered in this process, the durable engine's batch goes to this
  process and a worker), start-up included;
- the pool itself with one worker, for both engines (``answers_in_pool``, which
  ``suggest_many`` skips for the native engine): the measurement behind that choice;
- two independent processes, each answering half the batch with a pack of its own,
  started together and timed from the first start to the last end (loading and a warm-up
  pass excluded):
  what two processes can do on this machine at that moment, the ceiling for a pool of two.

Each repeat runs every row once, interleaved, so a busy spell of a shared machine falls
on all of them; the table shows the median calls per second (wall clock) and the median
of each repeat's ratio to the loop, and the load average before and after (other
processes on the machine take the cores two processes need). It prints numbers and
asserts nothing about them.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from collections.abc import Callable, Sequence
from typing import Any

from bench_suggest import make_reports, print_results

import kneelink
from kneelink import KneelinkError, RulePack, Suggestion, load_pack
from kneelink._pack import _sendable, default_rules_folder, usable_cpus
from kneelink._pool import answers_in_pool

SEED = 20240601
ENGINES: tuple[kneelink.EngineChoice, ...] = ("native", "durable")
Batch = Sequence[kneelink.SymptomReport]


def plain_loop(pack: RulePack, batch: Batch) -> list[Suggestion | KneelinkError]:
    answers: list[Suggestion | KneelinkError] = []
    for report in batch:
        try:
            answers.append(pack.suggest_regions(report))
        except KneelinkError as error:
            answers.append(error)
    return answers


def in_pool(pack: RulePack, batch: Batch) -> list[Suggestion | KneelinkError]:
    """This process and one worker, whichever the engine."""
    return answers_in_pool(pack, [_sendable(report) for report in batch], 1, timeout=600, fork=pack._may_fork())


def _answer_half(engine: kneelink.EngineChoice, batch: Batch, barrier: Any, times: Any, slot: int) -> None:
    """In a child process: load the pack, answer ``batch`` once untimed (as the loop's
    process has, so what the pack keeps is as warm), wait for the other child, answer it."""
    pack = load_pack(default_rules_folder(), engine=engine, cache_size=0)
    plain_loop(pack, batch)
    barrier.wait()
    times[2 * slot] = time.perf_counter()  # CLOCK_MONOTONIC: comparable between processes
    plain_loop(pack, batch)
    times[2 * slot + 1] = time.perf_counter()


def independent(pack: RulePack, batch: Batch) -> list[Suggestion | KneelinkError]:
    """Two processes sharing nothing, each answering half of ``batch``; returns the
    answers of a plain loop here (untimed) and leaves the two processes' span in ``SPANS``."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    barrier, times = context.Barrier(2), context.Array("d", 4)
    halves = [batch[: len(batch) // 2], batch[len(batch) // 2 :]]
    children = [
        context.Process(target=_answer_half, args=(pack.engine, half, barrier, times, slot))
        for slot, half in enumerate(halves)
    ]
    for child in children:
        child.start()
    for child in children:
        child.join()
    if any(child.exitcode != 0 for child in children):
        raise RuntimeError("a child process of the independent-processes row failed")
    SPANS.append(max(times[1], times[3]) - min(times[0], times[2]))
    return []


SPANS: list[float] = []
CEILING = "2 independent processes"

ROWS: dict[str, Callable[[RulePack, Batch], list[Suggestion | KneelinkError]]] = {
    "plain loop": plain_loop,
    "suggest_many, processes=1": lambda pack, batch: pack.suggest_many(batch, processes=1),
    "suggest_many, processes=2": lambda pack, batch: pack.suggest_many(batch, processes=2),
    "pool: this process + 1 worker": in_pool,
    CEILING: independent,
}


def measure(reports: int, repeats: int) -> dict[str, Any]:
    results: dict[str, Any] = {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "usable_cpus": usable_cpus(),
        "reports": reports,
        "repeats": repeats,
        "load_average_before": os.getloadavg()[0],
        "engines": {},
    }
    for engine in ENGINES:
        pack = load_pack(default_rules_folder(), engine=engine, cache_size=0)
        batch = [report.symptom_report() for report in make_reports(sorted(pack.symptoms), reports, SEED)]
        expected = plain_loop(pack, batch)  # also warms what the pack keeps between calls
        rates: dict[str, list[float]] = {row: [] for row in ROWS}
        for _ in range(repeats):
            for row, run in ROWS.items():
                started = time.perf_counter()
                answers = run(pack, batch)
                rates[row].append(len(batch) / (SPANS.pop() if row == CEILING else time.perf_counter() - started))
                if row != CEILING and answers != expected:
                    raise RuntimeError(f"{row} gave other answers than the plain loop ({engine})")
        results["engines"][engine] = {
            "calls_per_s": {row: statistics.median(rates[row]) for row in ROWS},
            "over_loop": {
                row: statistics.median(r / loop for r, loop in zip(rates[row], rates["plain loop"], strict=True))
                for row in ROWS
            },
        }
    results["load_average_after"] = os.getloadavg()[0]
    return results


def show(results: dict[str, Any]) -> None:
    engines = results["engines"]
    print(
        f"{results['reports']:,} reports, answer cache off, median of {results['repeats']} interleaved repeats; "
        f"Python {results['python']}, {results['usable_cpus']} usable CPUs, load average "
        f"{results['load_average_before']:.1f} before and {results['load_average_after']:.1f} after"
    )
    print(f"{'calls/s (x the plain loop)':32}" + "".join(f"{engine:>22}" for engine in engines))
    for row in ROWS:
        cells = "".join(
            f"{engines[e]['calls_per_s'][row]:>13,.0f} (x{engines[e]['over_loop'][row]:.2f})" for e in engines
        )
        print(f"{row:32}{cells}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--reports", type=int, default=20_000, help="reports per batch (default 20,000)")
    parser.add_argument("--repeats", type=int, default=3, help="interleaved repeats (default 3)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    print_results(measure(args.reports, args.repeats), args.json, show)


if __name__ == "__main__":
    main()
