"""pytest plugin (entry point ``pytest11``): rule coverage of a test run.

``pytest --kneelink-coverage`` prints, after the run, every rule of the pack with the
number of ``suggest_regions()`` calls it fired in; ``--kneelink-coverage-fail-under=N``
fails the run when fewer than N percent of the rules fired; ``--kneelink-coverage-pack=DIR``
measures another pack than kneelink's own (and turns coverage on by itself).
"""

from __future__ import annotations

import pytest

from kneelink._coverage import RuleCoverage

_RECORDER = pytest.StashKey[RuleCoverage]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("kneelink", "kneelink rule coverage")
    group.addoption("--kneelink-coverage", action="store_true", help="report which kneelink rules the tests fired")
    group.addoption(
        "--kneelink-coverage-fail-under",
        type=float,
        default=None,
        metavar="PERCENT",
        help="fail if less than PERCENT of the rules fired (implies --kneelink-coverage)",
    )
    group.addoption(
        "--kneelink-coverage-pack",
        metavar="DIR",
        help="the rule pack folder to measure (default: kneelink's); turns coverage on",
    )


def pytest_configure(config: pytest.Config) -> None:
    folder = config.getoption("--kneelink-coverage-pack")
    wanted = (
        config.getoption("--kneelink-coverage")
        or config.getoption("--kneelink-coverage-fail-under") is not None
        or folder is not None  # naming a pack to measure asks for its coverage
    )
    if not wanted:
        return
    from kneelink._errors import KneelinkError
    from kneelink._pack import load_pack

    try:
        pack = load_pack(folder) if folder else None
    except KneelinkError as error:
        # A usage error, said in one line, rather than pytest's INTERNALERROR traceback.
        raise pytest.UsageError(f"--kneelink-coverage-pack={folder}: {error}") from None
    config.stash[_RECORDER] = RuleCoverage(pack).start()


def pytest_unconfigure(config: pytest.Config) -> None:
    recorder = config.stash.get(_RECORDER, None)
    if recorder is not None:
        recorder.stop()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    recorder = session.config.stash.get(_RECORDER, None)
    threshold = session.config.getoption("--kneelink-coverage-fail-under")
    if recorder is not None and threshold is not None and recorder.percent < threshold and exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    recorder = config.stash.get(_RECORDER, None)
    if recorder is None:
        return
    terminalreporter.write_sep("-", "kneelink rule coverage")
    terminalreporter.write_line(recorder.table())
    threshold = config.getoption("--kneelink-coverage-fail-under")
    if threshold is not None and recorder.percent < threshold:
        missing = ", ".join(recorder.uncovered)
        terminalreporter.write_line(
            f"FAIL: rule coverage {recorder.percent:.1f}% is under {threshold:g}%; never fired: {missing}", red=True
        )
