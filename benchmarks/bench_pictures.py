"""How long the renderings and exports take, per answer.

Run from the repository root::

    .venv/bin/python benchmarks/bench_pictures.py [--rounds N]

For the quick-start answer and for a red-flag answer it times, median of ``N`` rounds in
milliseconds: ``body_map`` (both views; the shapes' label points are cached after the first
call, so the first call is reported apart), ``chain_graph`` in Mermaid and DOT,
``cds_cards`` and ``care_plan``; and, when Chromium is installed, one headless render of
the body map to PNG. It prints numbers and asserts nothing about them.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "support"))

from headless_browser import chromium, page, screenshot

import kneelink


def median_ms(call: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=20)
    rounds = parser.parse_args().rounds
    answers = {
        "quick start": kneelink.suggest_regions(["lateral_knee_pain", "running_downhill"], side="right", age=34),
        "red flag": kneelink.suggest_regions(["lateral_knee_pain", "one_leg_swelling"], side="left"),
    }
    start = time.perf_counter()
    kneelink.body_map(answers["quick start"])
    print(f"body_map, first call (label points computed): {(time.perf_counter() - start) * 1000:8.2f} ms")
    for name, answer in answers.items():
        timings = {
            "body_map (both views)": lambda a=answer: kneelink.body_map(a),
            "chain_graph mermaid": lambda a=answer: kneelink.chain_graph(a),
            "chain_graph dot": lambda a=answer: kneelink.chain_graph(a, "dot"),
            "cds_cards": lambda a=answer: kneelink.cds_cards(a),
            "care_plan": lambda a=answer: kneelink.care_plan(a),
        }
        for label, call in timings.items():
            print(f"{name:12} {label:24} {median_ms(call, rounds):8.2f} ms (median of {rounds})")
    if chromium() is not None:
        svg = kneelink.body_map(answers["quick start"])
        start = time.perf_counter()
        screenshot(page(svg), 680, 900)
        print(f"headless Chromium render to PNG, one call: {(time.perf_counter() - start) * 1000:8.0f} ms")


if __name__ == "__main__":
    main()
