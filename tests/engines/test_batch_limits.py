"""suggest_many at its limits (orphan workers, endless input, stopped workers), each run
in a child process with a timeout and
a memory cap (RLIMIT_AS), which must end cleanly with the right kneelink exception:

- workers left behind when the caller is ended by SIGTERM or SIGKILL (no worker may
  outlive it: the kernel's parent-death signal, and each worker's watch on its parent,
  each tested alone and together);
- an endless iterable read until memory ran out (a batch is bounded, as a report is);
- a generator raising ``OSError`` midway, which let the raw ``OSError`` out;
- ``processes=200`` forking 199 workers on a 2-core machine (capped, with a warning);
- a stopped worker (SIGSTOP) that left the caller waiting for ever (``timeout``).

The argument checks that need no child process run here too.
"""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import kneelink
from kneelink import _pack

TIMEOUT = 120  # seconds for a child; each takes a few when it works
MEMORY_CAP = 1024**3  # address space of a child (and its workers): a batch needs a fraction
# How long the workers may take to end after their caller did: the watch looks 4 times a second.
ORPHAN_BUDGET = 10.0

PRELUDE = f"""
import resource
resource.setrlimit(resource.RLIMIT_AS, ({MEMORY_CAP}, {MEMORY_CAP}))
import itertools, json, os, sys, threading, time, warnings
import kneelink
from kneelink import _pack, _pool

def outcome(call):
    try:
        result = call()
    except BaseException as error:
        print(json.dumps({{"raised": type(error).__name__, "message": str(error)[:2000],
                          "kneelink": isinstance(error, kneelink.KneelinkError),
                          "cause": type(error.__cause__).__name__}}))
    else:
        print(json.dumps({{"returned": len(result)}}))

durable = kneelink.load_pack(_pack.default_rules_folder(), engine="durable", cache_size=0)
"""

# A batch that keeps a worker busy for a minute or so.
LONG_BATCH = 'batch = [["lateral_knee_pain", "running_downhill"], ["knee_pain", "cycling"]] * 40_000\n'


def _child(code: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", PRELUDE + textwrap.dedent(code), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finished(child: subprocess.Popen[str]) -> dict[str, object]:
    """The outcome a child printed, once it ended cleanly (exit 0, nothing on stderr)."""
    try:
        out, err = child.communicate(timeout=TIMEOUT)
    finally:
        child.kill()
    assert child.returncode == 0, err[-3000:]
    assert "Traceback" not in err, err[-3000:]
    outcome = json.loads(out.strip().splitlines()[-1])
    assert isinstance(outcome, dict)
    return outcome


def _stat(pid: int) -> list[str] | None:
    """The fields of /proc/PID/stat after the command's name, or None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rsplit(")", 1)[1].split()


def _descendants(pid: int) -> set[int]:
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = _stat(int(entry))
            if fields is not None:
                parents[int(entry)] = int(fields[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _running(pid: int) -> bool:
    """Whether ``pid`` is a process that has not ended (a zombie has ended)."""
    fields = _stat(pid)
    return fields is not None and fields[0] != "Z"


def _busy_workers(child: subprocess.Popen[str]) -> set[int]:
    """The child's worker processes, once one has answered for a while (so it started,
    asked for its parent's death signal and watches its parent)."""
    deadline = time.monotonic() + TIMEOUT
    ticks = os.sysconf("SC_CLK_TCK")
    while time.monotonic() < deadline:
        assert child.poll() is None, child.communicate()[1][-3000:]
        below = _descendants(child.pid)
        busy = {pid for pid in below if (fields := _stat(pid)) is not None and int(fields[11]) > ticks // 2}
        if busy:
            return below
        time.sleep(0.1)
    raise AssertionError("no worker started answering")


def _all_ended(pids: set[int]) -> set[int]:
    """The processes of ``pids`` still running after :data:`ORPHAN_BUDGET` seconds."""
    deadline = time.monotonic() + ORPHAN_BUDGET
    while (left := {pid for pid in pids if _running(pid)}) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


# Which of the two ways a worker ends with its parent are left on: both (as shipped),
# only the kernel's parent-death signal, or only the worker's watch on its caller.
MECHANISMS = {
    "both": "",
    "death signal only": "_pool.watch_caller = lambda caller: None\n",
    "caller watch only": "_pool.ask_to_die_with_parent = lambda: False\n",
}


@pytest.mark.durable
@pytest.mark.parametrize("mechanism", sorted(MECHANISMS))
@pytest.mark.parametrize("ending", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_no_worker_outlives_a_caller_ended_by_a_signal(mechanism: str, ending: signal.Signals) -> None:
    child = _child(MECHANISMS[mechanism] + LONG_BATCH + "durable.suggest_many(batch, processes=2)\n")
    try:
        workers = _busy_workers(child)
        os.kill(child.pid, ending)
        assert child.wait(timeout=TIMEOUT) == -ending
        assert _all_ended(workers) == set()
    finally:
        child.kill()


@pytest.mark.durable
def test_no_worker_from_the_fork_server_outlives_a_killed_caller() -> None:
    # Another thread runs, so the workers come from a fork server: their parent is the
    # server, which the workers keep alive (they hold the pipe that tells it the caller is
    # gone), so they must watch the caller; then the server and the resource tracker end too.
    code = "threading.Thread(target=threading.Event().wait, daemon=True).start()\n"
    child = _child(code + LONG_BATCH + "durable.suggest_many(batch, processes=2)\n")
    try:
        below = _busy_workers(child)
        assert len(below) >= 2  # the fork server and its worker at least
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=TIMEOUT) == -signal.SIGKILL
        assert _all_ended(below) == set()
    finally:
        child.kill()


@pytest.mark.durable  # the child's pack is durable's, which reaches the pool
def test_an_endless_iterable_of_reports_is_refused_not_read_into_memory() -> None:
    child = _child('outcome(lambda: durable.suggest_many(itertools.repeat(["knee_pain"]), processes=2))\n')
    assert _finished(child) == {
        "raised": "ReportError",
        "message": f"more than {_pack.MAX_BATCH:,} reports in one batch; suggest_many takes at most "
        f"{_pack.MAX_BATCH:,} at a time: split the batch",
        "kneelink": True,
        "cause": "NoneType",
    }


@pytest.mark.durable  # the child's pack is durable's, which reaches the pool
def test_a_generator_that_fails_midway_is_a_report_error_naming_its_error() -> None:
    code = """
    def reports():
        yield ["knee_pain"]
        yield ["lateral_knee_pain"]
        raise OSError(5, "Input/output error", "reports.csv")

    outcome(lambda: durable.suggest_many(reports(), processes=2))
    """
    assert _finished(_child(code)) == {
        "raised": "ReportError",
        "message": "the reports could not be read after 2 of them: OSError: "
        "\"[Errno 5] Input/output error: 'reports.csv'\"",
        "kneelink": True,
        "cause": "OSError",
    }


@pytest.mark.durable
def test_processes_beyond_the_cpus_are_capped_with_a_warning() -> None:
    code = """
    import multiprocessing.process
    started = []
    real_start = multiprocessing.process.BaseProcess.start

    def start(self):
        started.append(self.name)
        real_start(self)

    multiprocessing.process.BaseProcess.start = start
    batch = [["knee_pain", "cycling"], ["lateral_knee_pain"]] * _pack.MIN_POOL_BATCH
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        answers = durable.suggest_many(batch, processes=200)
    print(json.dumps({"cpus": _pack.usable_cpus(), "workers": len(started), "answers": len(answers),
                      "warnings": [(w.category.__name__, str(w.message)) for w in caught]}))
    """
    found = _finished(_child(code))
    cpus = found["cpus"]
    assert isinstance(cpus, int)
    assert found["workers"] == cpus - 1  # this process is the other one
    assert found["answers"] == 2 * _pack.MIN_POOL_BATCH
    assert found["warnings"] == [
        ["RuntimeWarning", f"suggest_many(processes=200) capped at {cpus}: the CPUs this process may use"]
    ]


@pytest.mark.durable
def test_a_stopped_worker_is_an_engine_error_after_the_timeout_and_is_killed() -> None:
    child = _child(LONG_BATCH + "outcome(lambda: durable.suggest_many(batch, processes=2, timeout=3))\n")
    try:
        workers = _busy_workers(child)
        for worker in workers:
            os.kill(worker, signal.SIGSTOP)
        stopped = time.monotonic()
        outcome = _finished(child)
        assert time.monotonic() - stopped < 3 + 30  # the timeout, and a generous margin for a busy machine
    finally:
        for worker in workers:
            if _running(worker):
                os.kill(worker, signal.SIGKILL)
    assert outcome == {
        "raised": "EngineError",
        "message": "no worker process of suggest_many answered for 3 s (timeout=3); the workers were killed",
        "kneelink": True,
        "cause": "NoneType",
    }
    assert _all_ended(workers) == set()


# --- the arguments, checked before any work -----------------------------------------------


def test_a_batch_longer_than_the_bound_is_refused_after_reading_one_more(pack: kneelink.RulePack) -> None:
    read: list[int] = []

    def counted() -> Iterator[list[str]]:
        for i in itertools.count():
            read.append(i)
            yield ["knee_pain"]

    with pytest.raises(kneelink.ReportError, match=f"more than {_pack.MAX_BATCH:,} reports in one batch"):
        pack.suggest_many(counted(), processes=1)
    assert len(read) == _pack.MAX_BATCH + 1
    assert len(pack.suggest_many([["knee_pain"]] * 3, processes=1)) == 3


@pytest.mark.parametrize(
    ("reports", "named"),
    [
        ("knee_pain", "str 'knee_pain'"),
        (b"knee_pain", "bytes b'knee_pain'"),
        ({"symptoms": ["knee_pain"]}, "dict"),
        (kneelink.SymptomReport(symptoms=["knee_pain"]), "SymptomReport"),
        (42, "int 42"),
        (None, "NoneType None"),
    ],
)
def test_what_is_not_a_batch_is_a_report_error_naming_it(reports: object, named: str, pack: kneelink.RulePack) -> None:
    with pytest.raises(kneelink.ReportError, match=f"suggest_many takes an iterable of reports .*, not {named}"):
        pack.suggest_many(reports, processes=1)  # type: ignore[arg-type]


def test_an_error_reading_the_batch_keeps_its_cause(pack: kneelink.RulePack) -> None:
    def failing() -> Iterator[list[str]]:
        yield ["knee_pain"]
        raise OSError("the disk went away")

    with pytest.raises(kneelink.ReportError, match="after 1 of them: OSError: 'the disk went away'") as raised:
        pack.suggest_many(failing(), processes=1)
    assert isinstance(raised.value.__cause__, OSError)


@pytest.mark.parametrize("timeout", [0, -1, float("inf"), float("nan"), "10", True])
def test_a_bad_timeout_is_a_report_error(timeout: object, pack: kneelink.RulePack) -> None:
    with pytest.raises(kneelink.ReportError, match=f"timeout must be a number of seconds above 0.*got {timeout!r}"):
        pack.suggest_many([["knee_pain"]], processes=1, timeout=timeout)  # type: ignore[arg-type]


def test_more_processes_than_cpus_warn_and_name_the_cap(pack: kneelink.RulePack) -> None:
    cap = _pack.usable_cpus()
    with pytest.warns(RuntimeWarning, match=rf"processes={cap + 1}\) capped at {cap}: the CPUs"):
        answers = pack.suggest_many([["knee_pain"]], processes=cap + 1)
    assert answers == [pack.suggest_regions(["knee_pain"])]


def test_the_cap_is_the_cpus_this_process_may_use() -> None:
    if hasattr(os, "sched_getaffinity"):
        assert _pack.usable_cpus() == len(os.sched_getaffinity(0))
    else:
        assert _pack.usable_cpus() == (os.cpu_count() or 1)


@pytest.mark.parametrize("start", ["fork", "forkserver"])
def test_workers_killed_while_they_write_an_answer_leave_no_stuck_exit(start: str, tmp_path: Path) -> None:
    # A worker killed halfway through writing an answer leaves half a message in the pipe
    # the pool's thread reads; this process holds a write end of it too, so without
    # closing that end the thread waited for the rest for ever, and so did Python's exit
    # (a Ctrl-C during a durable batch hung CI this way). Answers of 20 MB each make sure
    # the kill lands mid-message.
    script = tmp_path / "kill_mid_answer.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import concurrent.futures, multiprocessing, time
            from kneelink import _pool

            def big(_):
                return b"x" * 20_000_000

            if __name__ == "__main__":
                context = multiprocessing.get_context({start!r})
                pool = concurrent.futures.ProcessPoolExecutor(2, mp_context=context)
                futures = [pool.submit(big, n) for n in range(10)]
                time.sleep(0.5)
                _pool._kill(pool)
                print("killed", flush=True)
            """
        ),
        encoding="utf-8",
    )
    try:
        done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail("the process did not end after its workers were killed mid-answer")
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout == "killed\n"
