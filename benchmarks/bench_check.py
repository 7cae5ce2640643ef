"""How long ``kneelink check``'s static analysis takes on large and adversarial packs.

Run from the repository root::

    .venv/bin/python benchmarks/bench_check.py [--timeout SECONDS]

Each pack is generated into a temporary folder from the blocks of ``tests/support/packs.py``; the
time printed is reading and validating the files plus the analysis (``read_pack`` then
``analyse``), the part of ``check_pack`` that does not depend on the engine (a 1,000-rule
chain is beyond what durable-rules compiles). Each pack runs in a subprocess with a
timeout, so a pack the checker cannot finish shows as ``> timeout``. It prints numbers and
asserts nothing about them.

- ``chain-N-top-down`` / ``chain-N-bottom-up``: one symptom, then N rules each deriving
  the fact the next one needs, written in chain order or in reverse.
- ``none-and-ages``: 205 rules, 200 of them with a ``none`` condition and an age range, 5
  of them needing two facts whose age ranges may not overlap.
- ``search-gives-up``: a rule the bounded search cannot decide (``search-gave-up``).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "support"))

from packs import chain, none_and_ages, search_gives_up, write_pack


def _time_one(folder: str) -> None:
    from kneelink._analysis import analyse
    from kneelink._loader import read_pack

    start = time.perf_counter()
    content, problems = read_pack(Path(folder))
    assert content is not None, problems
    read = time.perf_counter() - start
    findings = analyse(content)
    total = time.perf_counter() - start
    codes = sorted({finding.code for finding in findings})
    print(f"{len(content.rules)} rules, read {read:.2f} s, read+analyse {total:.2f} s, findings {codes}")


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        _time_one(sys.argv[2])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args()
    packs = {
        "chain-508-top-down": chain(508, bottom_up=False),
        "chain-508-bottom-up": chain(508, bottom_up=True),
        "chain-1000-top-down": chain(1000, bottom_up=False),
        "chain-1000-bottom-up": chain(1000, bottom_up=True),
        "none-and-ages": none_and_ages(),
        "search-gives-up": search_gives_up(),
    }
    with tempfile.TemporaryDirectory() as tmp:
        for name, files in packs.items():
            folder = write_pack(Path(tmp) / name, **files)
            try:
                done = subprocess.run(
                    [sys.executable, __file__, "--one", str(folder)],
                    capture_output=True,
                    text=True,
                    timeout=args.timeout,
                    check=False,
                )
                result = (done.stdout or done.stderr).strip().splitlines()[-1]
            except subprocess.TimeoutExpired:
                result = f"> {args.timeout:.0f} s (stopped)"
            print(f"{name:22} {result}")


if __name__ == "__main__":
    main()
