"""How fast kneelink answers, next to the test oracle and other rule engines: one table.

Run from the repository root::

    .venv/bin/python benchmarks/bench_suggest.py [--quick] [--json] [--only latency,peers,chain,sizes,threads]

One run measures, on the default pack over the same seeded reports (1-6 symptoms, a side,
an age), per call and in CPU time of the calling thread (``--clock wall``: wall clock):

- latency: p50 and p99 of ``suggest_regions`` for the native and the durable engine with
  the answer cache off (the explanation memo warm, as a pack serving traffic has it), p50
  with the cache on and every report seen before, p50 of reports each asked once of a
  fresh pack ("first sight"), and of the engine plus an explanation worked out from
  nothing ("nothing kept"); the test oracle (``tests/support/oracle.py``) on the same reports;
- peers: what fires for the same reports (every compiled rule of the default pack, the
  article's chain and the red flags) in a bare Python fixpoint over sets, in CLIPS
  (clipspy), in durable-rules' own host (kneelink's durable engine without the
  explanation) and in zen-engine (a decision graph, one table per link of the chain); each
  counts the reports where it finds the same firings as kneelink's native engine. A peer
  not installed (``pip install -e '.[bench]'``) is left out;
- chain: a generated pack whose 1,000 rules fire one after another, each from the fact the
  one before derived: the native engine alone, and the explanation of what fired worked
  out from nothing (a fresh explainer);
- sizes: generated packs of 100 to 20,000 rules: load time and p50 per engine;
- threads: calls per second with 1 and 2 threads sharing a pack (native).

It prints numbers and asserts nothing about them. ``--json`` prints them for
``side_by_side.py``, which runs this script on two trees and prints one table of both.
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
ORACLE_FILE = REPO / "tests" / "support" / "oracle.py"
ENGINES: tuple[kneelink.EngineChoice, ...] = ("native", "durable")
SIZES = (100, 1_000, 5_000, 20_000)
CHAIN = 1_000
SECTIONS = ("latency", "peers", "chain", "sizes", "threads")


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


def print_results(results: dict[str, Any], as_json: bool, show: Callable[[dict[str, Any]], None]) -> None:
    """Print a benchmark's ``results`` as JSON, or as ``show`` lays them out for a person."""
    if as_json:
        print(json.dumps(results, indent=2))
    else:
        show(results)


def clock_of(name: str) -> Callable[[], int]:
    return time.thread_time_ns if name == "cpu" else time.perf_counter_ns


def percentile(sorted_samples: Sequence[int], fraction: float) -> int:
    """Nearest-rank percentile of already sorted samples."""
    return sorted_samples[max(1, math.ceil(fraction * len(sorted_samples))) - 1]


def latency(call: Callable[[Any], object], items: Sequence[Any], rounds: int, clock: str) -> tuple[float, float]:
    """p50 and p99 in microseconds: every item once per round, after a warm-up pass."""
    now = clock_of(clock)
    for item in items:
        call(item)
    gc.collect()
    samples: list[int] = []
    for _ in range(rounds):
        for item in items:
            before = now()
            call(item)
            samples.append(now() - before)
    samples.sort()
    return statistics.median(samples) / 1000, percentile(samples, 0.99) / 1000


def once_each(call: Callable[[Any], object], items: Sequence[Any], clock: str) -> float:
    """p50 in microseconds of calling once per item, no warm-up."""
    now = clock_of(clock)
    gc.collect()
    samples = []
    for item in items:
        before = now()
        call(item)
        samples.append(now() - before)
    return float(statistics.median(samples)) / 1000


def suggest(pack: RulePack) -> Callable[[Report], object]:
    def call(report: Report) -> object:
        return pack.suggest_regions(report.symptoms, side=report.side, age=report.age)

    return call


def explained_from_nothing(pack: RulePack) -> Callable[[Report], object]:
    """The engine's firings and their explanation by a fresh explainer: the whole
    explanation worked out, nothing kept from an earlier call (private API, which the
    trees this script compares share)."""
    from kneelink._citations import resolve_pack
    from kneelink._explain import Explainer
    from kneelink._windows import with_windows

    engine, rule_for, cited, screens = (
        cast(Any, pack)._engine,
        cast(Any, pack)._rule_for,
        resolve_pack(pack.content),
        _screens(pack),
    )

    def call(report: Report) -> object:
        if screens is not None:  # a tree whose screening keeps answers of its own
            screens.clear()
        windowed = with_windows(report.symptom_report(), pack.windows)
        firings = engine.evaluate(windowed.symptoms, windowed.age, windowed.absent)
        return Explainer(pack.content, rule_for, pack.info, cited).explain(windowed, firings)

    return call


def _screens(pack: RulePack) -> dict[Any, Any] | None:
    for module in ("kneelink._screening", "kneelink.interview._screening"):
        try:
            index = importlib.import_module(module)._index(pack.content)
        except ImportError:
            continue
        return getattr(index, "screens", None)
    return None


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
    return cast(Callable[[Path], OracleLike], module.Oracle)(pack_dir)


# --- peers: other ways to find what fires -----------------------------------------------------


def compiled_rules(pack: RulePack) -> list[Any]:
    return list(cast(Any, pack)._compiled.rules)


def fixpoint(pack: RulePack) -> Callable[[Report], frozenset[str]]:
    """A bare Python fixpoint over sets: every rule tried until nothing new fires."""
    rules = [
        (r.name, frozenset(r.positive), frozenset(r.none), r.age_min, r.age_max, r.rule.derive)
        for r in compiled_rules(pack)
    ]

    def call(report: Report) -> frozenset[str]:
        known, absent, age = set(report.symptoms), frozenset[str](), report.age
        fired: set[str] = set()
        changed = True
        while changed:
            changed = False
            for name, positive, none, low, high, derive in rules:
                if name in fired or not positive <= known or not none <= absent:
                    continue
                if (low is not None or high is not None) and (
                    age is None or (low is not None and age < low) or (high is not None and age > high)
                ):
                    continue
                fired.add(name)
                known.update(derive)
                changed = True
        return frozenset(fired)

    return call


def clips_peer(pack: RulePack) -> Callable[[Report], frozenset[str]] | None:
    """The compiled rules as CLIPS rules (clipspy): facts ``(fact x)``, ``(absent x)``,
    ``(age n)``; each rule asserts ``(fired n)`` and what it derives."""
    try:
        import clips
    except ImportError:
        return None
    environment = clips.Environment()
    rules = compiled_rules(pack)
    for number, rule in enumerate(rules):
        patterns = [f"(fact {fact})" for fact in rule.positive] + [f"(absent {fact})" for fact in rule.none]
        if rule.age_min is not None or rule.age_max is not None:
            tests = [f"&:(>= ?a {rule.age_min})" if rule.age_min is not None else ""]
            tests.append(f"&:(<= ?a {rule.age_max})" if rule.age_max is not None else "")
            patterns.append(f"(age ?a{''.join(tests)})")
        actions = [f"(assert (fired {number}))"] + [f"(assert (fact {fact}))" for fact in rule.rule.derive]
        environment.build(f"(defrule r{number} {' '.join(patterns)} => {' '.join(actions)})")
    names = [rule.name for rule in rules]

    def call(report: Report) -> frozenset[str]:
        environment.reset()
        for symptom in report.symptoms:
            environment.assert_string(f"(fact {symptom})")
        if report.age is not None:
            environment.assert_string(f"(age {report.age})")
        environment.run()
        return frozenset(names[int(fact[0])] for fact in environment.facts() if fact.template.name == "fired")

    return call


def durable_host(pack: RulePack) -> Callable[[Report], frozenset[str]] | None:
    """durable-rules' own host: kneelink's durable engine, firings only (no explanation)."""
    try:
        durable = load_pack(default_rules_folder(), engine="durable", cache_size=0)
    except kneelink.PackError:
        return None
    engine = cast(Any, durable)._engine

    def call(report: Report) -> frozenset[str]:
        return frozenset(firing.name for firing in engine.evaluate(frozenset(report.symptoms), report.age, frozenset()))

    return call


def _zen_chain(
    zen: Any, rules: Sequence[Any], depth: dict[str, int], tables: int
) -> Callable[[Report], frozenset[str]]:
    """One decision per link of the chain, each given the facts found so far: a zen
    decision graph of one table per link, evaluated link after link."""
    decisions = []
    engine = zen.ZenEngine()
    for level in range(tables):
        rows = []
        for rule in (r for r in rules if depth[r.name] == level):
            tests = [f"contains(facts, '{fact}')" for fact in rule.positive]
            tests += [f"contains(absent, '{fact}')" for fact in rule.none]
            if rule.age_min is not None:
                tests.append(f"age != null and age >= {rule.age_min}")
            if rule.age_max is not None:
                tests.append(f"age != null and age <= {rule.age_max}")
            rows.append(
                {
                    "_id": rule.name,
                    "when": " and ".join(tests) or "true",
                    "fired": json.dumps(rule.name),
                    "derive": json.dumps(list(rule.rule.derive)),
                }
            )
        graph = {
            "nodes": [
                {"id": "in", "type": "inputNode", "name": "in", "position": {"x": 0, "y": 0}},
                {
                    "id": "table",
                    "type": "decisionTableNode",
                    "name": "table",
                    "position": {"x": 0, "y": 0},
                    "content": {
                        "hitPolicy": "collect",
                        "inputs": [{"id": "when", "name": "when", "field": ""}],
                        "outputs": [
                            {"id": "fired", "name": "fired", "field": "fired"},
                            {"id": "derive", "name": "derive", "field": "derive"},
                        ],
                        "rules": rows,
                    },
                },
                {"id": "out", "type": "outputNode", "name": "out", "position": {"x": 0, "y": 0}},
            ],
            "edges": [
                {"id": "a", "sourceId": "in", "targetId": "table", "type": "edge"},
                {"id": "b", "sourceId": "table", "targetId": "out", "type": "edge"},
            ],
        }
        decisions.append(engine.create_decision(json.dumps(graph)))

    def call(report: Report) -> frozenset[str]:
        facts, fired = list(report.symptoms), set()
        for decision in decisions:
            rows = decision.evaluate({"facts": facts, "absent": [], "age": report.age})["result"]
            for row in rows:
                fired.add(row["fired"])
                facts += [fact for fact in row["derive"] if fact not in facts]
        return frozenset(fired)

    return call


def peers(pack: RulePack, reports: Sequence[Report], rounds: int, clock: str) -> dict[str, Any]:
    native = cast(Any, pack)._engine
    expected = [frozenset(f.name for f in native.evaluate(frozenset(r.symptoms), r.age, frozenset())) for r in reports]
    found: dict[str, Any] = {}
    makers: dict[str, Callable[[RulePack], Callable[[Report], frozenset[str]] | None]] = {
        "native engine alone": lambda p: (
            lambda r: frozenset(f.name for f in native.evaluate(frozenset(r.symptoms), r.age, frozenset()))
        ),
        "bare Python fixpoint": fixpoint,
        "clipspy (CLIPS)": clips_peer,
        "durable-rules host": durable_host,
        "zen-engine": zen_peer,
    }
    for name, make in makers.items():
        call = make(pack)
        if call is None:
            found[name] = None
            continue
        same = sum(call(r) == e for r, e in zip(reports, expected, strict=True))
        found[name] = {"p50_us": latency(call, reports, rounds, clock)[0], "same_firings": same}
    return found


def zen_peer(pack: RulePack) -> Callable[[Report], frozenset[str]] | None:
    try:
        import zen
    except ImportError:
        return None
    rules = compiled_rules(pack)
    depth: dict[str, int] = {}
    derived_at: dict[str, int] = {}
    for _ in range(len(rules) + 1):  # the default pack's chain has no cycle: this settles
        changed = False
        for rule in rules:
            level = max((derived_at[fact] + 1 for fact in rule.positive if fact in derived_at), default=0)
            if depth.get(rule.name) != level:
                depth[rule.name], changed = level, True
            for fact in rule.rule.derive:
                if derived_at.get(fact, -1) < level:
                    derived_at[fact], changed = level, True
        if not changed:
            break
    return _zen_chain(zen, rules, depth, max(depth.values()) + 1)


# --- generated packs --------------------------------------------------------------------------


def pack_document(
    name: str, symptoms: Sequence[str], facts: Sequence[str], rules: list[dict[str, object]]
) -> dict[str, object]:
    cite = ["article#1"]
    return {
        "schema_version": 2,
        "pack": {"name": name, "version": "1"},
        "source": [
            {
                "id": "article",
                "title": "Generated article",
                "author": "bench_suggest.py",
                "citation": "generated",
                "paragraph": [{"number": 1, "paraphrase": "A generated paragraph."}],
            }
        ],
        "symptom": [{"id": s, "label": s, "category": "knee_pain", "cite": cite} for s in symptoms],
        "fact": [{"id": f, "label": f, "cite": cite} for f in facts],
        "region": [
            {"id": f"g{n}", "label": f"g{n}", "body_area": "leg", "order": n + 1, "cite": cite} for n in range(3)
        ],
        "rule": rules,
    }


def generated_pack_document(rules: int) -> dict[str, object]:
    """A pack of ``rules`` rules over ``rules // 5`` symptoms (at least 20): each rule needs
    two symptoms, a quarter of them derive a fact that a later rule needs, so any report
    fires about as many rules whatever the size of the pack."""
    count = max(20, rules // 5)
    symptoms = [f"s{index}" for index in range(count)]
    facts = [f"f{index}" for index in range(max(1, rules // 8))]
    table: list[dict[str, object]] = []
    for index in range(rules):
        first, second = symptoms[index % count], symptoms[(index * 7 + 1) % count]
        rule: dict[str, object] = {"id": f"r{index}", "summary": f"rule {index}", "cite": ["article#1"]}
        if index % 4 == 3:  # needs the fact an earlier rule derives
            rule["when"] = {"all": [facts[(index // 4) % len(facts)]], "any": [first, second]}
        else:
            rule["when"] = {"all": [first, second] if first != second else [first]}
        if index % 4 == 0:
            rule["derive"] = [facts[(index // 4) % len(facts)]]
        else:
            rule["suggest"], rule["role"] = [f"g{index % 3}"], "supporting"
        table.append(rule)
    return pack_document(f"generated-{rules}", symptoms, facts, table)


def chain_pack_document(length: int) -> dict[str, object]:
    """``length`` rules that fire one after another from the symptom ``s0``: rule ``c{n}``
    derives ``f{n + 1}`` from the fact before it, and the last suggests region ``g0``."""
    facts = [f"f{index}" for index in range(1, length)]
    table: list[dict[str, object]] = []
    for index in range(length):
        rule: dict[str, object] = {
            "id": f"c{index}",
            "summary": f"link {index}",
            "cite": ["article#1"],
            "when": {"all": ["s0" if index == 0 else f"f{index}"]},
        }
        if index < length - 1:
            rule["derive"] = [f"f{index + 1}"]
        else:
            rule["suggest"], rule["role"] = ["g0"], "primary"
        table.append(rule)
    return pack_document(f"chain-{length}", ["s0"], facts, table)


# Rules per file: the loader refuses a rule file over 2,000,000 bytes.
RULES_PER_FILE = 2_500


def write_pack(folder: Path, document: dict[str, object]) -> Path:
    """``document`` as rule files in ``folder``: the rules in files of ``RULES_PER_FILE``
    (loaded in name order, so the rule order is kept), everything else in pack.toml."""
    from kneelink.testing import to_toml  # imports hypothesis: only where a pack is written

    folder.mkdir(parents=True, exist_ok=True)
    rules = cast(list[dict[str, object]], document["rule"])
    rest = {key: value for key, value in document.items() if key != "rule"}
    (folder / "pack.toml").write_text(to_toml(rest), encoding="utf-8")
    for start in range(0, len(rules), RULES_PER_FILE):
        part = {"schema_version": document["schema_version"], "rule": rules[start : start + RULES_PER_FILE]}
        (folder / f"rules-{start // RULES_PER_FILE:03d}.toml").write_text(to_toml(part), encoding="utf-8")
    return folder


def firing_reports(pack: RulePack, count: int, seed: int) -> list[Report]:
    """Reports that fire rules: the symptoms two random rules need, and one more."""
    rng = random.Random(seed)
    needs = [rule.when.all for rule in pack.rules if len(rule.when.all) == 2]
    vocabulary = sorted(pack.symptoms)
    return [
        Report(
            tuple(sorted({*rng.choice(needs), *rng.choice(needs), rng.choice(vocabulary)})), None, rng.randint(5, 90)
        )
        for _ in range(count)
    ]


def sized_packs(quick: bool, clock: str, folder: Path, seed: int) -> list[dict[str, Any]]:
    rows = []
    for size in SIZES[:2] if quick else SIZES:
        pack_dir = write_pack(folder / f"rules-{size}", generated_pack_document(size))
        row: dict[str, Any] = {"rules": size}
        for engine in ENGINES:
            started = time.perf_counter()
            try:
                pack = load_pack(pack_dir, engine=engine, cache_size=0)
            except kneelink.PackError:
                row[engine] = None  # past durable-rules' limits
                continue
            loaded = time.perf_counter() - started
            reports = firing_reports(pack, 50 if quick else 200, seed)
            row[engine] = {"load_s": loaded, "p50_us": latency(suggest(pack), reports, 3 if quick else 10, clock)[0]}
            del pack
            gc.collect()
        rows.append(row)
    return rows


def chain(folder: Path, clock: str, rounds: int) -> dict[str, Any]:
    pack = load_pack(write_pack(folder / "chain", chain_pack_document(CHAIN)), engine="native", cache_size=0)
    report = [Report(("s0",), None, None)]
    engine = cast(Any, pack)._engine
    answer = pack.suggest_regions(["s0"])
    return {
        "rules_fired": len(answer.fired_rules),
        "engine_ms": latency(
            lambda r: engine.evaluate(frozenset(r.symptoms), None, frozenset()), report * 5, rounds, clock
        )[0]
        / 1000,
        "explanation_ms": latency(explained_from_nothing(pack), report * 5, rounds, clock)[0] / 1000,
    }


def threads_calls_per_s(pack: RulePack, reports: Sequence[Report], threads: int, rounds: int) -> float:
    """Calls per second (wall clock) of ``threads`` threads sharing ``pack``."""
    barrier = threading.Barrier(threads + 1)
    call = suggest(pack)

    def work() -> None:
        barrier.wait()
        for _ in range(rounds):
            for report in reports:
                call(report)

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    barrier.wait()
    started = time.perf_counter()
    for worker in workers:
        worker.join()
    return threads * rounds * len(reports) / (time.perf_counter() - started)


# --- the run ----------------------------------------------------------------------------------


def run(quick: bool, clock: str, seed: int, sections: Sequence[str]) -> dict[str, Any]:
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
    }
    if "latency" in sections:
        oracle = load_oracle(Path(str(folder)))
        if oracle is not None:
            checked = oracle
            results["oracle_p50_us"], results["oracle_p99_us"] = latency(
                lambda r: checked.evaluate(r.symptoms, age=r.age), reports, rounds, clock
            )
        unseen = make_reports(vocabulary, 500 if quick else 2000, seed + 1)
        for engine in ENGINES:
            try:
                pack = load_pack(folder, engine=engine, cache_size=0)
            except kneelink.PackError:
                continue
            row: dict[str, Any] = {}
            row["p50_us"], row["p99_us"] = latency(suggest(pack), reports, rounds, clock)
            cached = load_pack(folder, engine=engine, cache_size=len(reports))
            row["cached_p50_us"] = latency(suggest(cached), reports, rounds, clock)[0]
            row["first_sight_p50_us"] = once_each(
                suggest(load_pack(folder, engine=engine, cache_size=0)), unseen, clock
            )
            row["nothing_kept_p50_us"] = latency(explained_from_nothing(pack), unseen[:200], 1, clock)[0]
            results[engine] = row
    if "peers" in sections:
        results["peers"] = peers(load_pack(folder, engine="native", cache_size=0), reports, rounds, clock)
    with tempfile.TemporaryDirectory(prefix="kneelink-bench-") as scratch:
        if "chain" in sections:
            results["chain"] = chain(Path(scratch), clock, 3 if quick else 10)
        if "sizes" in sections:
            results["sizes"] = sized_packs(quick, clock, Path(scratch), seed)
    if "threads" in sections:
        pack = load_pack(folder, engine="native", cache_size=0)
        threads_calls_per_s(pack, reports, 1, 1)
        results["threads_calls_per_s"] = {n: threads_calls_per_s(pack, reports, n, rounds // 2) for n in (1, 2)}
    return results


def show(results: dict[str, Any]) -> None:
    print(f"kneelink on Python {results['python']} ({results['machine']})")
    print(f"default pack, {results['reports']} reports x {results['rounds']} rounds, {results['clock']} time per call")
    print()
    rows: list[tuple[str, str]] = []
    for engine in ENGINES:
        row = results.get(engine)
        if row is None:
            continue
        rows += [
            (f"{engine}: p50, answer cache off (us)", f"{row['p50_us']:.1f}"),
            (f"{engine}: p99, answer cache off (us)", f"{row['p99_us']:.1f}"),
            (f"{engine}: p50, answer cached (us)", f"{row['cached_p50_us']:.1f}"),
            (f"{engine}: p50, first sight (us)", f"{row['first_sight_p50_us']:.1f}"),
            (f"{engine}: p50, engine + explanation from nothing (us)", f"{row['nothing_kept_p50_us']:.1f}"),
        ]
        if "oracle_p50_us" in results:
            rows.append((f"{engine}: p50 / oracle p50", f"x{row['p50_us'] / results['oracle_p50_us']:.2f}"))
    if "oracle_p50_us" in results:
        rows.append(("test oracle: p50 (us)", f"{results['oracle_p50_us']:.1f}"))
    for name, found in results.get("peers", {}).items():
        cell = (
            "not installed"
            if found is None
            else f"{found['p50_us']:.1f} ({found['same_firings']}/{results['reports']} same)"
        )
        rows.append((f"peer, firings only: {name} p50 (us)", cell))
    if "chain" in results:
        found = results["chain"]
        rows.append((f"chain of {found['rules_fired']:,} rules: engine (ms)", f"{found['engine_ms']:.2f}"))
        rows.append(
            (
                f"chain of {found['rules_fired']:,} rules: explanation from nothing (ms)",
                f"{found['explanation_ms']:.2f}",
            )
        )
    for size_row in results.get("sizes", []):
        for engine in ENGINES:
            found = size_row[engine]
            label = f"generated {size_row['rules']:,} rules, {engine}: load (s) / p50 (us)"
            rows.append((label, "refused" if found is None else f"{found['load_s']:.2f} / {found['p50_us']:.1f}"))
    for n, rate in results.get("threads_calls_per_s", {}).items():
        rows.append((f"native, {n} thread{'s' if int(n) > 1 else ''} (calls/s)", f"{rate:,.0f}"))
    width = max(len(label) for label, _ in rows) + 2
    for label, value in rows:
        print(f"{label:{width}}{value:>24}")


def comma_separated(valid: Sequence[str], what: str) -> Callable[[str], list[str]]:
    def parse(text: str) -> list[str]:
        given = [part for part in text.split(",") if part]
        unknown = sorted(set(given) - set(valid))
        if unknown:
            raise argparse.ArgumentTypeError(f"unknown {what} {', '.join(unknown)}; choose from {', '.join(valid)}")
        return given

    return parse


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="fewer reports, rounds and pack sizes")
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
