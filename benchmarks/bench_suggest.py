"""How fast kneelink loads its rules and answers reports, next to the test oracle.

Run from the repository root::

    .venv/bin/python benchmarks/bench_suggest.py [--rounds N] [--json]

It measures, in one run:

- cold start: ``load_pack`` of the default rules folder (read, validate, compile, create the
  durable-rules ruleset), the median of several loads;
- latency of ``suggest_regions`` on the default rules (default engine, answer cache off)
  over a fixed, seeded set of varied reports,
  every report timed once per round: median and p99 in microseconds, and calls per second;
- the same reports through the test oracle (``tests/support/oracle.py``, a plain-Python evaluator
  of the same rule files), the ratio kneelink / oracle of the medians and of the p99s, and
  how many reports get the same regions, roles and triage from both;
- throughput with 2 threads against 1 thread, sharing one pack.

It prints numbers and asserts nothing about them. The garbage collector stays enabled.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import math
import platform
import random
import statistics
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol, cast

import kneelink
from kneelink import RulePack, Side, load_pack
from kneelink._pack import default_rules_folder

REPO = Path(__file__).resolve().parent.parent
ORACLE_FILE = REPO / "tests" / "support" / "oracle.py"
SIDES: tuple[Side | None, ...] = (None, "left", "right", "both")
COLD_LOADS = 7


@dataclass(frozen=True)
class Report:
    symptoms: tuple[str, ...]
    side: Side | None
    age: int | None


@dataclass(frozen=True)
class Latency:
    calls: int
    median_us: float
    p99_us: float
    calls_per_s: float


class OracleLike(Protocol):
    def evaluate(self, symptoms: Iterable[str], age: int | None = None, contraindications: Sequence[Any] = ()) -> Any:
        """The oracle's answer to one report."""


def make_reports(pack: RulePack, count: int, seed: int) -> list[Report]:
    """``count`` varied reports: 1-6 symptom ids from the pack's vocabulary, a side, an age."""
    rng = random.Random(seed)
    vocabulary = sorted(pack.symptoms)
    reports = []
    for _ in range(count):
        symptoms = tuple(rng.sample(vocabulary, rng.randint(1, min(6, len(vocabulary)))))
        age = None if rng.random() < 0.25 else rng.randint(5, 90)
        reports.append(Report(symptoms, rng.choice(SIDES), age))
    return reports


def percentile(sorted_samples: Sequence[int], fraction: float) -> int:
    """Nearest-rank percentile of already sorted samples."""
    rank = max(1, math.ceil(fraction * len(sorted_samples)))
    return sorted_samples[rank - 1]


def measure(call: Callable[[Report], object], reports: Sequence[Report], rounds: int) -> Latency:
    """Time every report once per round, after one untimed warm-up pass."""
    for report in reports:
        call(report)
    samples: list[int] = []
    clock = time.perf_counter_ns
    started = clock()
    for _ in range(rounds):
        for report in reports:
            before = clock()
            call(report)
            samples.append(clock() - before)
    elapsed = clock() - started
    samples.sort()
    return Latency(
        calls=len(samples),
        median_us=statistics.median(samples) / 1000,
        p99_us=percentile(samples, 0.99) / 1000,
        calls_per_s=len(samples) / (elapsed / 1e9),
    )


def cold_start_ms(loads: int) -> float:
    """Median time to load and compile the default rules folder, in milliseconds."""
    folder = default_rules_folder()
    load_pack(folder)  # warm the file system cache and any lazy imports
    times = []
    for _ in range(loads):
        before = time.perf_counter_ns()
        load_pack(folder)
        times.append(time.perf_counter_ns() - before)
    return statistics.median(times) / 1e6


def throughput(pack: RulePack, reports: Sequence[Report], threads: int, rounds: int) -> float:
    """Calls per second with ``threads`` threads, each running every report ``rounds`` times."""
    barrier = threading.Barrier(threads + 1)

    def work() -> None:
        barrier.wait()
        for _ in range(rounds):
            for report in reports:
                pack.suggest_regions(report.symptoms, side=report.side, age=report.age)

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    barrier.wait()
    started = time.perf_counter_ns()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter_ns() - started
    return threads * rounds * len(reports) / (elapsed / 1e9)


def load_oracle(pack_dir: Path) -> OracleLike | None:
    """The test oracle, imported by file path (``tests/`` is not a package), or ``None``."""
    if not ORACLE_FILE.is_file():
        return None
    spec = importlib.util.spec_from_file_location("kneelink_tests_oracle", ORACLE_FILE)
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses and pydantic look their module up here
    spec.loader.exec_module(module)
    oracle_class = cast(Callable[[Path], OracleLike], module.Oracle)
    return oracle_class(pack_dir)


def agrees(pack: RulePack, oracle: OracleLike, report: Report) -> bool:
    """Whether kneelink and the oracle give ``report`` the same regions, roles and triage."""
    ours = pack.suggest_regions(report.symptoms, side=report.side, age=report.age)
    theirs = oracle.evaluate(report.symptoms, age=report.age)
    roles = {region.region: region.role for region in ours.regions}
    return bool(roles == dict(theirs.regions) and ours.triage == theirs.triage)


def run(rounds: int, count: int, seed: int) -> dict[str, Any]:
    gc.collect()
    cold = cold_start_ms(COLD_LOADS)

    pack = load_pack(default_rules_folder(), cache_size=0)  # every call evaluates; see bench_engines.py
    reports = make_reports(pack, count, seed)

    def kneelink_call(report: Report) -> object:
        return pack.suggest_regions(report.symptoms, side=report.side, age=report.age)

    gc.collect()
    ours = measure(kneelink_call, reports, rounds)

    results: dict[str, Any] = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "kneelink_version": kneelink.__version__,
        "pack": f"{pack.info.name} {pack.info.version}",
        "reports": len(reports),
        "rounds": rounds,
        "seed": seed,
        "cold_start_ms": cold,
        "kneelink": asdict(ours),
        "oracle": None,
        "ratio_median": None,
        "ratio_p99": None,
        "oracle_agrees": None,
    }

    pack_dir = Path(str(default_rules_folder()))
    oracle = load_oracle(pack_dir)
    if oracle is not None:
        checked = oracle

        def oracle_call(report: Report) -> object:
            return checked.evaluate(report.symptoms, age=report.age)

        gc.collect()
        theirs = measure(oracle_call, reports, rounds)
        results["oracle"] = asdict(theirs)
        results["ratio_median"] = ours.median_us / theirs.median_us
        results["ratio_p99"] = ours.p99_us / theirs.p99_us
        results["oracle_agrees"] = sum(agrees(pack, checked, report) for report in reports)

    thread_rounds = max(1, rounds // 2)
    throughput(pack, reports, 1, 1)  # warm-up
    gc.collect()
    one = throughput(pack, reports, 1, thread_rounds)
    gc.collect()
    two = throughput(pack, reports, 2, thread_rounds)
    results["threads"] = {"rounds_per_thread": thread_rounds, "one_calls_per_s": one, "two_calls_per_s": two}
    results["threads"]["speedup"] = two / one
    return results


def show(results: dict[str, Any]) -> None:
    print(f"kneelink {results['kneelink_version']} on Python {results['python']} ({results['platform']})")
    reports, seed, rounds = results["reports"], results["seed"], results["rounds"]
    print(f"rule pack {results['pack']}; {reports} reports (seed {seed}), {rounds} rounds")
    print(f"cold start (load_pack of the default rules, median of {COLD_LOADS}): {results['cold_start_ms']:.2f} ms")
    ours = results["kneelink"]
    print(
        f"kneelink suggest_regions: median {ours['median_us']:.1f} us, p99 {ours['p99_us']:.1f} us, "
        f"{ours['calls_per_s']:.0f} calls/s ({ours['calls']} calls)"
    )
    theirs = results["oracle"]
    if theirs is None:
        print(f"oracle: not measured ({ORACLE_FILE.relative_to(REPO)} not found)")
    else:
        print(
            f"oracle evaluate:          median {theirs['median_us']:.1f} us, p99 {theirs['p99_us']:.1f} us, "
            f"{theirs['calls_per_s']:.0f} calls/s ({theirs['calls']} calls)"
        )
        print(f"kneelink / oracle: median x{results['ratio_median']:.2f}, p99 x{results['ratio_p99']:.2f}")
        print(f"same regions, roles and triage as the oracle: {results['oracle_agrees']} of {reports} reports")
    threads = results["threads"]
    print(
        f"throughput: 1 thread {threads['one_calls_per_s']:.0f} calls/s, 2 threads {threads['two_calls_per_s']:.0f} "
        f"calls/s (x{threads['speedup']:.2f}; {threads['rounds_per_thread']} rounds per thread)"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=20, help="timed passes over the reports (default 20)")
    parser.add_argument("--reports", type=int, default=200, help="how many reports to generate (default 200)")
    parser.add_argument("--seed", type=int, default=20240601, help="seed for the reports (default 20240601)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    if args.rounds < 1 or args.reports < 1:
        parser.error("--rounds and --reports must be at least 1")
    results = run(args.rounds, args.reports, args.seed)
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        show(results)


if __name__ == "__main__":
    main()
