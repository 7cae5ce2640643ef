"""How long a fresh Python process takes to import kneelink and to give its first answer.

Run from the repository root::

    .venv/bin/python benchmarks/bench_startup.py [--runs N] [--top N] [--json]

Every run is a new interpreter (``sys.executable``), so nothing is cached in memory. The
children may write byte-code caches even where ``PYTHONDONTWRITEBYTECODE`` is set (as on
the CI machines): an installed wheel has them, and compiling kneelink's sources on every
run would add tens of milliseconds no user sees; one untimed run writes them first. For
each run it records:

- ``import kneelink``: from just before the import to just after it, timed inside the child;
- import + first answer: from just before the import to just after the first
  ``suggest_regions`` call returns (this includes loading and compiling the default pack);
- the whole process, timed by the parent: interpreter start-up, the above, and exit;
- the CPU time of each of these (``time.process_time`` in the child; user + system for the
  whole process), which other processes on a busy machine disturb less than the wall clock;
- the same whole-process time for ``python -c pass``, the floor no library can go below;
- and for importing pydantic and building one model (which makes pydantic import
  ``importlib.metadata`` and look for plugins), the floor while answers are pydantic models.

It prints the median of the runs (and the fastest, which shows the noise on a shared
machine), which modules the first answer brought in that it should not need (the checker,
Hypothesis), and with ``--top N`` the N slowest imports from one
``python -X importtime -c "import kneelink"``. It asserts nothing about time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

# The child imports nothing before the first clock reading but ``time`` (built in), so
# everything kneelink pulls in is inside the measurement.
CHILD = """\
import time
_started, _started_cpu = time.perf_counter(), time.process_time()
import kneelink
_imported, _imported_cpu = time.perf_counter(), time.process_time()
kneelink.suggest_regions(["lateral_knee_pain", "running_downhill"], side="right", age=34)
_answered, _answered_cpu = time.perf_counter(), time.process_time()
import sys
_unneeded = [name for name in {unneeded!r} if name in sys.modules]
print(_imported - _started, _answered - _started, _imported_cpu - _started_cpu, _answered_cpu - _started_cpu,
      len(sys.modules), ",".join(_unneeded))
"""
# Modules a plain import should leave alone: the checker, the test tools, the interview, the
# format-1 reader and suggest_many's process pool are only needed when something asks for them.
# (pydantic itself imports ``importlib.metadata`` when it builds its first model, to look for
# plugins, so that one is not listed.)
UNNEEDED_AT_IMPORT = (
    "kneelink._analysis",
    "kneelink._check",
    "kneelink.testing",
    "hypothesis",
    "kneelink._migrate",
    "kneelink.interview._parse",
    "kneelink.interview._questions",
    "multiprocessing",
    "concurrent.futures",
)


@dataclass(frozen=True)
class Run:
    import_ms: float
    first_answer_ms: float
    import_cpu_ms: float
    first_answer_cpu_ms: float
    process_ms: float
    process_cpu_ms: float
    modules: int
    unneeded: tuple[str, ...]


PYDANTIC_FLOOR = "from pydantic import BaseModel\nclass Model(BaseModel):\n    x: int\nModel(x=1)"


# Where a tree older than this one (side_by_side.py) keeps the default pack's content on
# disk between processes: the benchmark's folder, not the user's ~/.cache.
_CACHE_FOLDER = tempfile.mkdtemp(prefix="kneelink-bench-cache-")


def child_env() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["KNEELINK_CACHE_DIR"] = _CACHE_FOLDER
    return env


def run_child() -> Run:
    code = CHILD.format(unneeded=UNNEEDED_AT_IMPORT)
    cpu_before = _children_cpu_s()
    before = time.perf_counter()
    env = child_env()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    process = time.perf_counter() - before
    cpu = _children_cpu_s() - cpu_before
    imported, answered, imported_cpu, answered_cpu, modules, *unneeded = done.stdout.split()
    return Run(
        import_ms=float(imported) * 1000,
        first_answer_ms=float(answered) * 1000,
        import_cpu_ms=float(imported_cpu) * 1000,
        first_answer_cpu_ms=float(answered_cpu) * 1000,
        process_ms=process * 1000,
        process_cpu_ms=cpu * 1000,
        modules=int(modules),
        unneeded=tuple(name for names in unneeded for name in names.split(",")),
    )


def _children_cpu_s() -> float:
    """User + system CPU time of every finished child so far: less disturbed by other
    processes on a busy machine than wall-clock time."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def process_ms(code: str) -> float:
    """Wall-clock milliseconds of a fresh ``python -c code``."""
    before = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=child_env())
    return (time.perf_counter() - before) * 1000


def slowest_imports(top: int) -> list[tuple[str, float, float]]:
    """The ``top`` imports with the largest cumulative time: (module, self ms, cumulative ms)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import kneelink"],
        capture_output=True,
        text=True,
        check=True,
        env=child_env(),
    )
    rows = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, cumulative_us, name = line.removeprefix("import time:").split("|")
        rows.append((name.strip(), int(self_us) / 1000, int(cumulative_us) / 1000))
    return sorted(rows, key=lambda row: row[2], reverse=True)[:top]


def summary(samples: Sequence[float]) -> dict[str, float]:
    return {"median": statistics.median(samples), "fastest": min(samples)}


def run(runs: int, top: int) -> dict[str, Any]:
    run_child()  # write the byte-code caches, warm the file system
    process_ms(PYDANTIC_FLOOR)
    children, bare, floor = [], [], []
    for _ in range(runs):  # interleaved, so a burst of load elsewhere hits all three alike
        children.append(run_child())
        bare.append(process_ms("pass"))
        floor.append(process_ms(PYDANTIC_FLOOR))
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "runs": runs,
        "import_ms": summary([child.import_ms for child in children]),
        "first_answer_ms": summary([child.first_answer_ms for child in children]),
        "import_cpu_ms": summary([child.import_cpu_ms for child in children]),
        "first_answer_cpu_ms": summary([child.first_answer_cpu_ms for child in children]),
        "process_ms": summary([child.process_ms for child in children]),
        "process_cpu_ms": summary([child.process_cpu_ms for child in children]),
        "bare_interpreter_ms": summary(bare),
        "pydantic_floor_ms": summary(floor),
        "modules_after_first_answer": children[-1].modules,
        "unneeded_at_import": list(children[-1].unneeded),
        "slowest_imports": [
            {"module": name, "self_ms": self_ms, "cumulative_ms": cumulative}
            for name, self_ms, cumulative in (slowest_imports(top) if top else [])
        ],
        "last_run": asdict(children[-1]),
    }


def show(results: dict[str, Any]) -> None:
    print(f"kneelink start-up on Python {results['python']} ({results['platform']}), {results['runs']} fresh processes")
    for key, label in (
        ("import_ms", "import kneelink"),
        ("first_answer_ms", "import + first answer"),
        ("import_cpu_ms", "import kneelink, CPU time"),
        ("first_answer_cpu_ms", "import + first answer, CPU time"),
        ("process_ms", "whole process (python -c ...)"),
        ("process_cpu_ms", "whole process, CPU time (user+sys)"),
        ("bare_interpreter_ms", "bare interpreter (python -c pass)"),
        ("pydantic_floor_ms", "pydantic + one model (whole process)"),
    ):
        numbers = results[key]
        print(f"{label:<36} median {numbers['median']:7.1f} ms   fastest {numbers['fastest']:7.1f} ms")
    unneeded = results["unneeded_at_import"]
    print(f"modules loaded after the first answer: {results['modules_after_first_answer']}")
    print("unneeded modules after import + first answer:", ", ".join(unneeded) if unneeded else "none")
    if results["slowest_imports"]:
        print("slowest imports (python -X importtime -c 'import kneelink'; one run):")
        for row in results["slowest_imports"]:
            print(f"  {row['cumulative_ms']:7.1f} ms cumulative {row['self_ms']:7.1f} ms self  {row['module']}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=15, help="fresh processes to time (default 15)")
    parser.add_argument("--top", type=int, default=0, help="also show the N slowest imports (default 0)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.top < 0:
        parser.error("--runs must be at least 1 and --top at least 0")
    try:
        results = run(args.runs, args.top)
    finally:
        shutil.rmtree(_CACHE_FOLDER, ignore_errors=True)
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        show(results)


if __name__ == "__main__":
    main()
