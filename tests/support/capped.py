"""Running a piece of Python in a subprocess with a timeout and a memory cap, for the
reproducers of hostile input: a regression shows as a failed test, never as a hung or
swapping test run.

Tests import it as ``from capped import run_capped``.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

MEMORY = 2 * 1024**3  # bytes of address space; a pack that exhausts memory hits this instead
TIMEOUT = 120  # seconds; each reproducer takes a few when it works

# The code every reproducer runs after: ``report(call)`` prints what ``call`` raised, as JSON.
PRELUDE = f"""
import itertools, json, sys
from pathlib import Path
sys.path.insert(0, {str(Path(__file__).parent)!r})
import kneelink

def report(call):
    try:
        result = call()
    except BaseException as error:
        print(json.dumps({{"raised": type(error).__name__, "message": str(error)[:4000], "length": len(str(error)),
                          "kneelink": isinstance(error, kneelink.KneelinkError),
                          "line": getattr(error, "line", None), "code": getattr(error, "code", None)}}))
    else:
        print(json.dumps({{"raised": None, "result": result if isinstance(result, (int, str, list)) else None}}))
"""


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run_capped(
    args: list[str], *, stdin: str | None = None, timeout: float = TIMEOUT
) -> subprocess.CompletedProcess[str]:
    """``args`` run with :data:`MEMORY` of address space at most; a timeout is a failed test."""
    try:
        return subprocess.run(
            args,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            preexec_fn=_cap_memory,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"still running after {timeout} s (a hang): {' '.join(args)[:300]}")


def run_python(code: str) -> dict[str, Any]:
    """``code`` (after :data:`PRELUDE`) in a fresh, capped interpreter: it must exit cleanly,
    without a traceback, and its last line of output is returned, read as JSON."""
    done = run_capped([sys.executable, "-c", PRELUDE + textwrap.dedent(code)])
    assert done.returncode == 0, f"exit {done.returncode} (a crash, or out of memory?):\n{done.stderr[-3000:]}"
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    outcome: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return outcome


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """The ``kneelink`` command, capped; it must end by itself, without a traceback."""
    done = run_capped([sys.executable, "-m", "kneelink._cli", *args])
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    return done
