"""Two trees of kneelink side by side: one table of every figure a benchmark prints.

Run from the repository root, with another checkout of kneelink (``git worktree add
/tmp/before main``, say)::

    .venv/bin/python benchmarks/side_by_side.py /tmp/before [--script bench_suggest.py] [--rounds 3] [-- ARGS]

It runs this tree's benchmark script (``--script``, default ``bench_suggest.py``; any
script here with ``--json``) with ``--json`` and ``ARGS``, importing kneelink from each
tree in turn (``PYTHONPATH``), ``--rounds`` times in alternation (before, after, before,
after...) so a busy spell of a shared machine falls on both. The table shows every number
of the results, the median of the rounds for each tree and after / before. The script
must run against both trees: the benchmarks here use kneelink's public API, and the few
private names they need have kept their meaning.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def numbers(found: Any, prefix: str = "") -> Iterator[tuple[str, float]]:
    """Every number in ``found`` (JSON results), by its path of keys."""
    if isinstance(found, bool):
        return
    if isinstance(found, int | float):
        yield prefix, float(found)
    elif isinstance(found, dict):
        for key, value in found.items():
            yield from numbers(value, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(found, list):
        for index, value in enumerate(found):
            label = value.get("rules", index) if isinstance(value, dict) else index
            yield from numbers(value, f"{prefix}[{label}]")


def run_once(tree: Path, script: str, extra: Sequence[str]) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tree), str(HERE)])}
    done = subprocess.run(
        [sys.executable, str(HERE / script), "--json", *extra],
        env=env,
        cwd=tree,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"{script} failed on {tree}:\n{done.stderr[-2000:]}")
    # A peer engine may print to stdout past the script's control (CLIPS, as it frees an
    # environment): the results are the JSON object that starts a line.
    start = done.stdout.index("{") if done.stdout.startswith("{") else done.stdout.index("\n{") + 1
    found, _ = json.JSONDecoder().raw_decode(done.stdout[start:])
    return dict(numbers(found))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("before", type=Path, help="the other tree (its kneelink is 'before')")
    parser.add_argument("--after", type=Path, default=ROOT, help="this tree by default")
    parser.add_argument("--script", default="bench_suggest.py", help="the benchmark to run (default bench_suggest.py)")
    parser.add_argument("--rounds", type=int, default=3, help="runs per tree, alternated (default 3)")
    args, extra = parser.parse_known_args(argv)
    args.args = [arg for arg in extra if arg != "--"]  # the script's own arguments
    runs: dict[str, list[dict[str, float]]] = {"before": [], "after": []}
    for _ in range(args.rounds):
        runs["before"].append(run_once(args.before.resolve(), args.script, args.args))
        runs["after"].append(run_once(args.after.resolve(), args.script, args.args))
    keys = list(dict.fromkeys(key for run in runs["before"] + runs["after"] for key in run))
    print(f"{args.script} {' '.join(args.args)}: median of {args.rounds} alternated runs per tree")
    print(f"before: {args.before}  after: {args.after}")
    width = max(len(key) for key in keys) + 2
    print(f"{'':{width}}{'before':>14}{'after':>14}{'after/before':>14}")
    for key in keys:
        cells = {}
        for tree, found in runs.items():
            values = [run[key] for run in found if key in run]
            cells[tree] = statistics.median(values) if values else None
        before, after = cells["before"], cells["after"]
        ratio = f"x{after / before:.2f}" if before and after is not None else "-"
        shown = [f"{value:>14.4g}" if value is not None else f"{'-':>14}" for value in (before, after)]
        print(f"{key:{width}}{''.join(shown)}{ratio:>14}")


if __name__ == "__main__":
    main()
