"""Lint, format and type checks, run as part of the test suite."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The folders mypy checks (pyproject.toml's [tool.mypy] files), minus any with no Python yet:
# mypy refuses a folder with no .py files in it.
MYPY_FOLDERS = ("kneelink", "tests", "examples", "benchmarks")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600, check=False
    )


def test_ruff_check() -> None:
    done = _run("ruff", "check", "--no-cache", ".")
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff_format() -> None:
    done = _run("ruff", "format", "--check", "--no-cache", ".")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy() -> None:
    folders = [name for name in MYPY_FOLDERS if (ROOT / name).is_dir() and any((ROOT / name).rglob("*.py"))]
    assert "kneelink" in folders
    assert "tests" in folders
    done = _run("mypy", *folders)
    assert done.returncode == 0, done.stdout + done.stderr
