"""How well and how fast ``kneelink.parse`` reads free text: the corpus scores and the time per sentence.

Run from the repository root::

    .venv/bin/python benchmarks/bench_parse.py                      # the corpora in tests/data (and locked/)
    .venv/bin/python benchmarks/bench_parse.py --corpus PATH.toml   # any coded corpus, alone
    .venv/bin/python benchmarks/bench_parse.py --failures 10 --json

For each corpus it prints (tests/support/intake_score.py says how they are counted): sentences
fully right, findings right = hits / (hits + missed + invented), precision and recall per
symptom category (and side, age, days since the injury), hedges read as unknown, and
warning signs wrongly read as absent. ``parse_corpus.toml`` was coded before vocabulary
v3: the ids v3 added are left out of its score on both sides, and its coding is closed
under the pack's implications (a hot swollen knee is a swollen knee). Then the time ``parse``
takes per sentence over every corpus (median and p99, each sentence timed ``--rounds``
times). It prints numbers and asserts nothing about them.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "support"))

from intake_score import NEW_IN_V3, format_scores, load_cases, score  # noqa: E402

import kneelink  # noqa: E402

DATA = ROOT / "tests" / "data"


def default_corpora() -> list[tuple[Path, frozenset[str]]]:
    """The corpora in tests/data, with the ids left out of each one's score."""
    corpora = [(DATA / "parse_corpus.toml", NEW_IN_V3)]
    if (DATA / "intake_dev.toml").exists():
        corpora.append((DATA / "intake_dev.toml", frozenset()))
    # The locked parts once scored are development material (tests/data/locked/README.md).
    corpora += [(path, frozenset()) for path in sorted((DATA / "locked").glob("intake_locked*.toml"))]
    return corpora


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--corpus", action="append", type=Path, help="score this corpus (may be repeated)")
    parser.add_argument("--rounds", type=int, default=5, help="times each sentence is timed (default 5)")
    parser.add_argument("--failures", type=int, default=0, help="print this many failures per corpus")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    corpora = [(path, frozenset[str]()) for path in args.corpus] if args.corpus else default_corpora()
    results: dict[str, Any] = {"python": platform.python_version(), "corpora": {}}
    texts: list[str] = []
    shown: list[str] = []
    for path, ignore in corpora:
        cases = load_cases(path)
        texts += [case["text"] for case in cases]
        scores = score(cases, ignore=ignore, close=path.name == "parse_corpus.toml")
        results["corpora"][path.name] = scores.as_dict()
        shown.append(format_scores(path.name, scores))
        for failure in scores.failures[: args.failures]:
            shown.append(f"    {failure.text!r}\n      missed {failure.missed}\n      invented {failure.invented}")
        for text, id_ in scores.warnings_wrongly_absent:
            shown.append(f"    WARNING SIGN READ AS ABSENT: {id_} in {text!r}")

    kneelink.parse("warm-up: load the pack and the word list outside the timings, swolen")
    samples: list[float] = []
    for _ in range(args.rounds):
        for text in texts:
            start = time.perf_counter()
            kneelink.parse(text)
            samples.append(time.perf_counter() - start)
    results["sentences"] = len(texts)
    results["parse_median_ms"] = statistics.median(samples) * 1e3
    results["parse_p99_ms"] = _percentile(samples, 0.99) * 1e3
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print("\n".join(shown))
    print(
        f"parse, Python {results['python']}, {len(texts)} sentences x {args.rounds}: "
        f"median {results['parse_median_ms']:.3f} ms, p99 {results['parse_p99_ms']:.3f} ms"
    )


if __name__ == "__main__":
    main()
