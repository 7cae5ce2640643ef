"""Running the ``kneelink`` command in this process, as the command-line tests do."""

from __future__ import annotations

import contextlib
import io
import sys

import pytest

from kneelink._cli import main


def run(argv: list[str]) -> tuple[int, str]:
    """``kneelink ARGV``: its exit status and what it printed."""
    out = io.StringIO()
    status = main(argv, out=out)
    return status, out.getvalue()


def run_with_input(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    """``kneelink ARGV < STDIN``: its exit status, what it printed and what it wrote to stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "stdin", io.StringIO(stdin))
        status = main(argv, out=out)
    return status, out.getvalue(), err.getvalue()
