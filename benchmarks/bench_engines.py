"""Both engines side by side: latency, the answer cache, pack size, threads and processes.

Run from the repository root::

    .venv/bin/python benchmarks/bench_engines.py [--quick] [--json] [--only threads,processes]

One run prints, for the durable-rules engine and the native engine:

- the default pack: p50 and p99 per call (answer cache off), the test oracle
  (``tests/oracle.py``) on the same reports, and each engine's ratio to the oracle;
- the answer cache: p50 of a call whose report was seen before;
- first sight: p50 over reports each asked once, of a fresh pack (answer cache off). With
  the cache off, a pack still keeps what many reports share (the chains a set of
  firings decides, ``unscreened`` per warning-sign projection, built reasons and regions):
  the rounds above reuse them, as a pack serving traffic does. This row shows the same
  reports never repeated, and "nothing kept" shows each call with every kept value
  forgotten first: the whole explanation worked out from nothing;
- generated packs of 100, 1,000, 5,000 and 20,000 rules: load time and p50 per call, for
  each engine that can take the pack (durable-rules refuses packs past its limits);
- throughput on the default pack: calls per second with 1, 2 and 4 threads sharing a
  pack (the median of several runs, interleaved, with the CPU time per call the threads
  used, and the 2-to-1 ratio of each run), and with ``RulePack.suggest_many`` in 1 and 2
  processes (10,000 reports; 2,000 with ``--quick``), as a caller times it, start-up
  included; beside it what starting and stopping the workers costs alone (a batch of two),
  and two independent processes each answering half the batch with a pack of their own,
  started together: what two processes can do on this machine at that moment.

Latencies are per-call CPU time of the calling thread (``time.thread_time_ns``) by
default, so a busy shared machine inflates them less than wall-clock time would;
``--clock wall`` uses ``perf_counter``. Throughput is always wall clock. It prints numbers
and asserts nothing about them. ``--quick`` (fewer rounds and reports) takes a couple of
minutes; ``--only`` runs some sections (latency, threads, processes, sizes) of the run.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import math
import os
import platform
import random
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, cast

import kneelink
from kneelink import RulePack, load_pack
from kneelink._pack import default_rules_folder

REPO = Path(__file__).resolve().parent.parent
ORACLE_FILE = REPO / "tests" / "oracle.py"
ENGINES: tuple[kneelink.EngineChoice, ...] = ("durable", "native")
SIZES = (100, 1_000, 5_000, 20_000)


@dataclass(frozen=True)
class Report:
    symptoms: tuple[str, ...]
    side: kneelink.Side | None
    age: int | None

    def symptom_report(self) -> kneelink.SymptomReport:
        """This report as suggest_many takes it."""
        return kneelink.SymptomReport(symptoms=self.symptoms, side=self.side, age=self.age)


class OracleLike(Protocol):
    def evaluate(self, symptoms: Iterable[str], age: int | None = None, contraindications: Sequence[Any] = ()) -> Any:
        """The oracle's answer to one report."""


def make_reports(vocabulary: Sequence[str], count: int, seed: int, most: int = 6) -> list[Report]:
    """``count`` seeded reports of 1 to ``most`` symptom ids, with a side and an age."""
    rng = random.Random(seed)
    sides: tuple[kneelink.Side | None, ...] = (None, "left", "right", "both")
    reports = []
    for _ in range(count):
        symptoms = tuple(rng.sample(vocabulary, rng.randint(1, min(most, len(vocabulary)))))
        age = None if rng.random() < 0.25 else rng.randint(5, 90)
        reports.append(Report(symptoms, rng.choice(sides), age))
    return reports


def percentile(sorted_samples: Sequence[int], fraction: float) -> int:
    """Nearest-rank percentile of already sorted samples."""
    return sorted_samples[max(1, math.ceil(fraction * len(sorted_samples))) - 1]


def latency(
    call: Callable[[Report], object], reports: Sequence[Report], rounds: int, clock: str
) -> tuple[float, float]:
    """p50 and p99 in microseconds: every report once per round, after a warm-up pass."""
    now = time.thread_time_ns if clock == "cpu" else time.perf_counter_ns
    for report in reports:
        call(report)
    gc.collect()
    samples: list[int] = []
    for _ in range(rounds):
        for report in reports:
            before = now()
            call(report)
            samples.append(now() - before)
    samples.sort()
    return statistics.median(samples) / 1000, percentile(samples, 0.99) / 1000


def first_sight(pack: RulePack, reports: Sequence[Report], clock: str, forget: bool) -> float:
    """p50 in microseconds of answering each report once (``forget``: with every value the
    pack keeps between calls forgotten before each call, outside the timing)."""
    now = time.thread_time_ns if clock == "cpu" else time.perf_counter_ns
    call = suggest(pack)
    gc.collect()
    samples: list[int] = []
    for report in reports:
        if forget:
            forget_kept(pack)
        before = now()
        call(report)
        samples.append(now() - before)
    return float(statistics.median(samples)) / 1000


def forget_kept(pack: RulePack) -> None:
    """Forget what ``pack`` keeps between calls besides its answer cache: the explainer's
    answers under what decides them (private state: a benchmark's business)."""
    from kneelink._explain import Explainer

    explainer = cast(Any, pack)._uncached.args[1]
    assert isinstance(explainer, Explainer)
    explainer._answers.clear()


def suggest(pack: RulePack) -> Callable[[Report], object]:
    def call(report: Report) -> object:
        return pack.suggest_regions(report.symptoms, side=report.side, age=report.age)

    return call


def load_oracle(pack_dir: Path) -> OracleLike | None:
    """The test oracle, imported by file path (``tests/`` is not a package), or ``None``."""
    if not ORACLE_FILE.is_file():
        return None
    spec = importlib.util.spec_from_file_location("kneelink_tests_oracle", ORACLE_FILE)
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return cast(Callable[[Path], OracleLike], module.Oracle)(pack_dir)


# --- generated packs of any size ------------------------------------------------------------


def generated_pack_document(rules: int) -> dict[str, object]:
    """A pack of ``rules`` rules over ``rules // 5`` symptoms (at least 20): each rule needs
    two symptoms, a quarter of them derive a fact that a later rule needs, so any report
    fires about as many rules whatever the size of the pack."""
    count = max(20, rules // 5)
    symptoms = [f"s{index}" for index in range(count)]
    facts = [f"f{index}" for index in range(max(1, rules // 8))]
    cite = ["article#1"]
    table: list[dict[str, object]] = []
    for index in range(rules):
        first, second = symptoms[index % count], symptoms[(index * 7 + 1) % count]
        rule: dict[str, object] = {"id": f"r{index}", "summary": f"rule {index}", "cite": cite}
        if index % 4 == 3:  # needs the fact an earlier rule derives
            rule["when"] = {"all": [facts[(index // 4) % len(facts)]], "any": [first, second]}
        else:
            rule["when"] = {"all": [first, second] if first != second else [first]}
        if index % 4 == 0:
            rule["derive"] = [facts[(index // 4) % len(facts)]]
        else:
            rule["suggest"], rule["role"] = [f"g{index % 3}"], "supporting"
        table.append(rule)
    return {
        "schema_version": 2,
        "pack": {"name": f"generated-{rules}", "version": "1"},
        "source": [
            {
                "id": "article",
                "title": "Generated article",
                "author": "bench_engines.py",
                "citation": "generated",
                "paragraph": [{"number": 1, "paraphrase": "A generated paragraph."}],
            }
        ],
        "symptom": [{"id": s, "label": s, "category": "knee_pain", "cite": cite} for s in symptoms],
        "fact": [{"id": f, "label": f, "cite": cite} for f in facts],
        "region": [
            {"id": f"g{n}", "label": f"g{n}", "body_area": "leg", "order": n + 1, "cite": cite} for n in range(3)
        ],
        "rule": table,
    }


# Rules per file: the loader refuses a rule file over 2,000,000 bytes (MAX_FILE_BYTES).
RULES_PER_FILE = 2_500


def write_generated_pack(folder: Path, document: dict[str, object]) -> None:
    """``document`` as rule files in ``folder``: the rules in files of ``RULES_PER_FILE``
    (loaded in name order, so the rule order is kept), everything else in pack.toml."""
    # Imported here, not at the top: kneelink.testing imports hypothesis, and worker
    # processes that import this script as their main module need neither.
    from kneelink.testing import to_toml

    rules = cast(list[dict[str, object]], document["rule"])
    rest = {key: value for key, value in document.items() if key != "rule"}
    (folder / "pack.toml").write_text(to_toml(rest), encoding="utf-8")
    for start in range(0, len(rules), RULES_PER_FILE):
        part = {"schema_version": document["schema_version"], "rule": rules[start : start + RULES_PER_FILE]}
        (folder / f"rules-{start // RULES_PER_FILE:03d}.toml").write_text(to_toml(part), encoding="utf-8")


def firing_reports(pack: RulePack, count: int, seed: int) -> list[Report]:
    """Reports that fire rules: the symptoms two random rules need, and one more."""
    rng = random.Random(seed)
    needs = [rule.when.all for rule in pack.rules if len(rule.when.all) == 2]
    vocabulary = sorted(pack.symptoms)
    reports = []
    for _ in range(count):
        symptoms = {*rng.choice(needs), *rng.choice(needs), rng.choice(vocabulary)}
        reports.append(Report(tuple(sorted(symptoms)), None, rng.randint(5, 90)))
    return reports


def _forget_scans() -> None:
    """Drop the loader's cache of scanned rule files, so that each engine's load of a
    generated pack reads and scans its files afresh, as a first load does."""
    from kneelink import _locate

    forget = getattr(getattr(_locate, "_scan", None) or _locate.scan, "cache_clear", None)
    if forget is not None:
        forget()


def sized_packs(quick: bool, clock: str, folder: Path, seed: int) -> list[dict[str, Any]]:
    rows = []
    for size in SIZES:
        pack_dir = folder / f"rules-{size}"
        pack_dir.mkdir()
        write_generated_pack(pack_dir, generated_pack_document(size))
        row: dict[str, Any] = {"rules": size}
        for engine in ENGINES:
            _forget_scans()
            started = time.perf_counter()
            try:
                pack = load_pack(pack_dir, engine=engine, cache_size=0)
            except kneelink.PackError as error:
                row[engine] = {"refused": str(error).split(": ", 1)[-1].split(";")[0]}
                continue
            loaded = time.perf_counter() - started
            reports = firing_reports(pack, 50 if quick else 200, seed)
            p50, p99 = latency(suggest(pack), reports, 3 if quick else 10, clock)
            fired = statistics.mean(len(pack.suggest_regions(r.symptoms, age=r.age).fired_rules) for r in reports)
            row[engine] = {"load_s": loaded, "p50_us": p50, "p99_us": p99, "rules_fired": fired}
            del pack
            gc.collect()
        rows.append(row)
    return rows


# --- throughput -----------------------------------------------------------------------------


def threads_calls_per_s(pack: RulePack, reports: Sequence[Report], threads: int, rounds: int) -> tuple[float, float]:
    """Calls per second (wall clock) of ``threads`` threads sharing ``pack``, each making
    every call ``rounds`` times, and the CPU time per call (us) the threads used."""
    barrier = threading.Barrier(threads + 1)
    call = suggest(pack)
    cpu: list[int] = []

    def work() -> None:
        barrier.wait()
        started = time.thread_time_ns()
        for _ in range(rounds):
            for report in reports:
                call(report)
        cpu.append(time.thread_time_ns() - started)

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    barrier.wait()
    started = time.perf_counter()
    for worker in workers:
        worker.join()
    calls = threads * rounds * len(reports)
    return calls / (time.perf_counter() - started), sum(cpu) / calls / 1000


THREAD_COUNTS = (1, 2, 4)


def threads_rows(pack: RulePack, reports: Sequence[Report], rounds: int, repeats: int) -> dict[str, Any]:
    """Median calls/s and CPU per call for 1, 2 and 4 threads, over ``repeats`` runs of
    each, interleaved (1, 2, 4, 1, 2, 4...) so a busy spell of a shared machine does not
    land on one thread count only."""
    runs: dict[int, list[tuple[float, float]]] = {n: [] for n in THREAD_COUNTS}
    for _ in range(repeats):
        for n in THREAD_COUNTS:
            runs[n].append(threads_calls_per_s(pack, reports, n, rounds))
    return {
        "threads": {n: statistics.median(rate for rate, _ in runs[n]) for n in THREAD_COUNTS},
        "threads_cpu_us": {n: statistics.median(cpu for _, cpu in runs[n]) for n in THREAD_COUNTS},
        "threads_2_over_1_each": [two[0] / one[0] for one, two in zip(runs[1], runs[2], strict=True)],
    }


def processes_calls_per_s(pack: RulePack, reports: Sequence[Report], processes: int, rounds: int) -> float:
    batch = [r.symptom_report() for r in reports] * rounds
    started = time.perf_counter()
    pack.suggest_many(batch, processes=processes)
    return len(batch) / (time.perf_counter() - started)


def pool_start_ms(pack: RulePack, reports: Sequence[Report]) -> float:
    """What suggest_many costs beyond the answers: two reports in two processes, so the
    time is almost all starting and stopping the workers."""
    batch = [r.symptom_report() for r in reports[:2]]
    started = time.perf_counter()
    pack.suggest_many(batch, processes=2)
    return (time.perf_counter() - started) * 1000


def _evaluate_half(engine: kneelink.EngineChoice, reports: list[Report], barrier: Any, times: Any, slot: int) -> None:
    """In a child process: load the pack, wait for the other child, answer ``reports``."""
    pack = load_pack(default_rules_folder(), engine=engine, cache_size=0)
    call = suggest(pack)
    call(reports[0])
    barrier.wait()
    started = time.perf_counter()  # CLOCK_MONOTONIC: comparable between processes
    for report in reports:
        call(report)
    times[2 * slot], times[2 * slot + 1] = started, time.perf_counter()


def independent_calls_per_s(engine: kneelink.EngineChoice, reports: Sequence[Report], rounds: int) -> float:
    """Two processes that share nothing, each answering half the batch with its own pack,
    started together: what two processes can do on this machine right now, the ceiling
    for suggest_many with two."""
    import multiprocessing

    batch = list(reports) * rounds
    halves = [batch[: len(batch) // 2], batch[len(batch) // 2 :]]
    context = multiprocessing.get_context("spawn")
    barrier, times = context.Barrier(2), context.Array("d", 4)
    children = [
        context.Process(target=_evaluate_half, args=(engine, half, barrier, times, slot))
        for slot, half in enumerate(halves)
    ]
    for child in children:
        child.start()
    for child in children:
        child.join()
    if any(child.exitcode != 0 for child in children):
        raise RuntimeError("a child process of the independent-processes row failed")
    spans = cast(Sequence[float], times)
    return len(batch) / (max(spans[1], spans[3]) - min(spans[0], spans[2]))


# --- the run ----------------------------------------------------------------------------------


SECTIONS = ("latency", "threads", "processes", "sizes")


def run(quick: bool, clock: str, seed: int, sections: Sequence[str] = SECTIONS) -> dict[str, Any]:
    rounds = 5 if quick else 20
    folder = default_rules_folder()
    vocabulary = sorted(kneelink.default_pack(engine="native").symptoms)
    reports = make_reports(vocabulary, 100 if quick else 200, seed)
    results: dict[str, Any] = {
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}",
        "clock": clock,
        "reports": len(reports),
        "rounds": rounds,
        "sections": list(sections),
    }
    oracle = load_oracle(Path(str(folder))) if "latency" in sections else None
    if oracle is not None:
        checked = oracle
        results["oracle"] = latency(lambda r: checked.evaluate(r.symptoms, age=r.age), reports, rounds, clock)
    thread_rounds, thread_repeats, process_rounds = (2, 3, 20) if quick else (5, 5, 50)
    for engine in ENGINES:
        pack = load_pack(folder, engine=engine, cache_size=0)
        row: dict[str, Any] = {}
        if "latency" in sections:
            started = time.perf_counter()
            load_pack(folder, engine=engine)
            row["load_ms"] = (time.perf_counter() - started) * 1000
            row["p50_us"], row["p99_us"] = latency(suggest(pack), reports, rounds, clock)
            cached = load_pack(folder, engine=engine, cache_size=len(reports))
            row["cached_p50_us"] = latency(suggest(cached), reports, rounds, clock)[0]
            unseen = make_reports(vocabulary, 500 if quick else 2000, seed + 1)
            fresh = load_pack(folder, engine=engine, cache_size=0)
            row["first_sight_p50_us"] = first_sight(fresh, unseen, clock, False)
            row["nothing_kept_p50_us"] = first_sight(pack, unseen[:200], clock, True)
        if "threads" in sections:
            row.update(threads_rows(pack, reports, thread_rounds, thread_repeats))
        if "processes" in sections:
            row["processes"] = {n: processes_calls_per_s(pack, reports, n, process_rounds) for n in (1, 2)}
            row["pool_start_ms"] = pool_start_ms(pack, reports)
            row["independent_2"] = independent_calls_per_s(engine, reports, process_rounds)
        results[engine] = row
    if "sizes" in sections:
        with tempfile.TemporaryDirectory(prefix="kneelink-bench-") as scratch:
            results["sizes"] = sized_packs(quick, clock, Path(scratch), seed)
    return results


def show(results: dict[str, Any]) -> None:
    durable, native, oracle = results["durable"], results["native"], results.get("oracle")
    sections = results.get("sections", SECTIONS)
    print(f"kneelink on Python {results['python']} ({results['machine']})")
    print(
        f"default pack, {results['reports']} reports x {results['rounds']} rounds, "
        f"{results['clock']} time per call, answer cache off unless said"
    )
    print()
    print(f"{'':34}{'durable':>12}{'native':>12}{'oracle':>12}")
    if "latency" in sections:
        print(f"{'load_pack (ms)':34}{durable['load_ms']:>12.1f}{native['load_ms']:>12.1f}")
        for label, index in (("p50 per call (us)", 0), ("p99 per call (us)", 1)):
            key = "p50_us" if index == 0 else "p99_us"
            theirs = f"{oracle[index]:>12.1f}" if oracle else f"{'-':>12}"
            print(f"{label:34}{durable[key]:>12.1f}{native[key]:>12.1f}{theirs}")
        if oracle:
            for label, index, key in (("p50 / oracle p50", 0, "p50_us"), ("p99 / oracle p99", 1, "p99_us")):
                print(f"{label:34}{durable[key] / oracle[index]:>11.2f}x{native[key] / oracle[index]:>11.2f}x")
        print(f"{'cached p50 per call (us)':34}{durable['cached_p50_us']:>12.1f}{native['cached_p50_us']:>12.1f}")
        cold = (("first sight p50 (us)", "first_sight_p50_us"), ("nothing kept p50 (us)", "nothing_kept_p50_us"))
        for label, key in cold:
            print(f"{label:34}{durable[key]:>12.1f}{native[key]:>12.1f}")
    if "threads" in sections:
        for n in THREAD_COUNTS:
            label = f"{n} thread{'s' if n > 1 else ''} (calls/s)"
            print(f"{label:34}{durable['threads'][n]:>12.0f}{native['threads'][n]:>12.0f}")
        for n in THREAD_COUNTS:
            label = f"{n} thread{'s' if n > 1 else ''}, CPU per call (us)"
            print(f"{label:34}{durable['threads_cpu_us'][n]:>12.1f}{native['threads_cpu_us'][n]:>12.1f}")
    if "processes" in sections:
        for n in (1, 2):
            label = f"suggest_many, {n} process{'es' if n > 1 else ''} (calls/s)"
            print(f"{label:34}{durable['processes'][n]:>12.0f}{native['processes'][n]:>12.0f}")
        print(
            f"{'suggest_many, 2 processes, start (ms)':34}"
            f"{durable['pool_start_ms']:>12.1f}{native['pool_start_ms']:>12.1f}"
        )
        print(
            f"{'2 independent processes (calls/s)':34}{durable['independent_2']:>12.0f}{native['independent_2']:>12.0f}"
        )
    for label, key, more, present in (
        ("2 threads / 1 thread", "threads", 2, "threads" in sections),
        ("2 processes / 1 process", "processes", 2, "processes" in sections),
    ):
        if present:
            left, right = (results[engine][key][more] / results[engine][key][1] for engine in ENGINES)
            print(f"{label:34}{left:>11.2f}x{right:>11.2f}x")
    if "threads" in sections:
        each = [" ".join(f"{ratio:.2f}" for ratio in results[engine]["threads_2_over_1_each"]) for engine in ENGINES]
        print(f"  each run, durable: {each[0]}; native: {each[1]}")
    if "processes" in sections:
        left, right = (results[engine]["independent_2"] / results[engine]["processes"][1] for engine in ENGINES)
        print(f"{'2 independent / 1 process':34}{left:>11.2f}x{right:>11.2f}x")
    if "sizes" not in sections:
        return
    print()
    heading = f"{'generated pack':18}{'durable load':>14}{'durable p50':>13}{'native load':>13}{'native p50':>12}"
    print(f"{heading}{'rules fired':>13}")
    for row in results["sizes"]:
        cells = []
        for engine in ENGINES:
            found = row[engine]
            if "refused" in found:
                cells += [f"{'refused':>14}" if engine == "durable" else f"{'refused':>13}", f"{'':>13}"]
            else:
                width = 14 if engine == "durable" else 13
                cells += [f"{found['load_s']:>{width - 2}.2f} s", f"{found['p50_us']:>10.1f} us"]
        fired = row["native"].get("rules_fired", 0)
        print(f"{row['rules']:>7,} rules      {''.join(cells)}{fired:>13.1f}")
    refused = [row["durable"]["refused"] for row in results["sizes"] if "refused" in row["durable"]]
    if refused:
        print(f"durable-rules refused: {refused[0]}")


def print_results(results: dict[str, Any], as_json: bool, show: Callable[[dict[str, Any]], None]) -> None:
    """Print a benchmark's ``results`` as JSON, or as ``show`` lays them out for a person."""
    if as_json:
        print(json.dumps(results, indent=2))
    else:
        show(results)


def comma_separated(valid: Sequence[str], what: str) -> Callable[[str], list[str]]:
    """An argparse ``type`` for a comma-separated list of ``valid`` names, naming any ``what``
    that is not one of them."""

    def parse(text: str) -> list[str]:
        given = [part for part in text.split(",") if part]
        unknown = sorted(set(given) - set(valid))
        if unknown:
            raise argparse.ArgumentTypeError(f"unknown {what} {', '.join(unknown)}; choose from {', '.join(valid)}")
        return given

    return parse


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="fewer reports and rounds (a couple of minutes)")
    parser.add_argument("--clock", choices=("cpu", "wall"), default="cpu", help="per-call clock (default cpu)")
    parser.add_argument("--seed", type=int, default=20240601, help="seed for the reports (default 20240601)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument(
        "--only",
        type=comma_separated(SECTIONS, "section"),
        default=list(SECTIONS),
        help=f"comma-separated sections to run (default all: {','.join(SECTIONS)})",
    )
    args = parser.parse_args(argv)
    print_results(run(args.quick, args.clock, args.seed, args.only), args.json, show)


if __name__ == "__main__":
    main()
