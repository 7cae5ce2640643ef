"""Interrupts and faults at every step of a durable-rules session (issue 12, points 1, 3
and 10), each in a child process with a timeout: a crash there fails the test, not the run.

durable-rules frees a session's action context when the session is deleted, and never
initialises it until an action starts. An interrupt between asserting the report and
starting the first action used to leave such a session, and deleting it crashed the
process. A ``KeyboardInterrupt`` or ``SystemExit`` must also reach the caller unchanged,
never as an ``EngineError`` that ``except KneelinkError`` would swallow.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from packs import generated_pack, suggesting_rule

import kneelink

# Makes one durable-rules call (or kneelink's action) raise once, at the given call number,
# either before the real call runs or just after it returns; then checks the pack still
# gives the answer it gave before, and reports what was raised.
CHILD = textwrap.dedent(
    """
    import gc, json, sys
    import durable_rules_engine as dre
    import kneelink

    target, number, when, raised_name = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    raised = {"KeyboardInterrupt": KeyboardInterrupt, "SystemExit": SystemExit,
              "ValueError": ValueError, "durable_error": dre.error}[raised_name]
    pack = kneelink.load_pack(kneelink._pack.default_rules_folder(), engine="durable", cache_size=0)
    report = ["lateral_knee_pain", "running_downhill"]
    expected = pack.suggest_regions(report, age=30)
    calls = [0]

    def wrap(real):
        def faulty(*args):
            calls[0] += 1
            if calls[0] == number and when == "before":
                raise raised("injected")
            result = real(*args)
            if calls[0] == number and when == "after":
                raise raised("injected")
            return result
        return faulty

    if target == "action":
        pack._engine._derive = wrap(pack._engine._derive)
    else:
        setattr(dre, target, wrap(getattr(dre, target)))
    outcome = None
    try:
        pack.suggest_regions(report, age=30)
    except BaseException as error:
        outcome = type(error).__name__
        cause = type(error.__cause__).__name__ if error.__cause__ else None
    else:
        cause = None
    calls[0] = -10**9  # no more faults
    again = [pack.suggest_regions(report, age=30) == expected for _ in range(3)]
    del pack
    gc.collect()
    print(json.dumps({"raised": outcome, "cause": cause, "calls": calls[0], "again": again}))
    """
)


def _inject(target: str, number: int, when: str, raised: str) -> dict[str, object]:
    child = subprocess.run(
        [sys.executable, "-X", "faulthandler", "-c", CHILD, target, str(number), when, raised],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == 0, f"exit status {child.returncode}; stderr:\n{child.stderr[-3000:]}"
    result: dict[str, object] = json.loads(child.stdout)
    assert result["again"] == [True, True, True], "the pack did not recover"
    return result


# Where an interrupt can land in a session: before and after each C call kneelink makes.
STEPS = [
    ("assert_facts", 1, "before"),
    ("assert_facts", 1, "after"),  # the session exists, no action has started, no handle
    ("start_action_for_state", 1, "before"),  # issue 12, point 3
    ("start_action_for_state", 1, "after"),
    ("assert_facts", 2, "before"),  # the first derived facts
    ("complete_and_start_action", 1, "before"),
    ("complete_and_start_action", 3, "after"),
    ("action", 1, "before"),
    ("action", 4, "after"),
]


@pytest.mark.durable
@pytest.mark.parametrize(("target", "number", "when"), STEPS)
@pytest.mark.parametrize("raised", ["KeyboardInterrupt", "SystemExit"])
def test_an_interrupt_anywhere_in_a_session_propagates_unchanged(
    target: str, number: int, when: str, raised: str
) -> None:
    result = _inject(target, number, when, raised)
    assert result["raised"] == raised  # not EngineError: except KneelinkError must not catch a Ctrl-C


@pytest.mark.durable
@pytest.mark.parametrize(("target", "number", "when"), STEPS)
def test_an_exception_anywhere_in_a_session_is_an_engine_error(target: str, number: int, when: str) -> None:
    raised = "ValueError" if target == "action" else "durable_error"
    result = _inject(target, number, when, raised)
    assert result["raised"] == "EngineError"
    if target == "action":
        assert result["cause"] == "ValueError"


@pytest.mark.durable
def test_a_rule_needing_seventeen_facts_runs_natively_not_into_a_crash(tmp_path: Path) -> None:
    # 17 reported symptoms all required by one rule made durable-rules crash when it fired
    # (issue 12, point 1). durable refuses the pack now; auto evaluates it natively.
    symptoms = [f"s{index}" for index in range(17)]
    needed = "[" + ", ".join(f'"{id_}"' for id_ in symptoms) + "]"
    folder = generated_pack(tmp_path / "pack", symptoms, [suggesting_rule("everything", f"{{ all = {needed} }}")])
    code = textwrap.dedent(
        """
        import json, sys, kneelink
        folder, symptoms = sys.argv[1], json.loads(sys.argv[2])
        pack = kneelink.load_pack(folder)
        answer = pack.suggest_regions(symptoms)
        try:
            kneelink.load_pack(folder, engine="durable")
            refused = None
        except kneelink.RuleFileError as error:
            refused = error.line
        print(json.dumps([pack.engine, answer.fired_rules, refused]))
        """
    )
    child = subprocess.run(
        [sys.executable, "-X", "faulthandler", "-c", code, str(folder), json.dumps(symptoms)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == 0, f"exit status {child.returncode}; stderr:\n{child.stderr[-3000:]}"
    engine, fired, refused = json.loads(child.stdout)
    assert engine == "native"
    assert fired == ["everything"]
    text = (folder / "pack.toml").read_text(encoding="utf-8")
    assert refused == text.splitlines().index('id = "everything"')  # the [[rule]] line, 1-based


def test_kneelink_works_without_durable_rules() -> None:
    # durable-rules is imported only to build a durable engine: without it (as on a Python
    # it does not build for), auto is native and durable is a clear error.
    code = textwrap.dedent(
        """
        import sys
        sys.modules["durable_rules_engine"] = None  # import fails, as if not installed
        import kneelink
        pack = kneelink.default_pack()
        print(pack.engine, kneelink.suggest_regions(["lateral_knee_pain"]).region_ids[:2])
        try:
            kneelink.default_pack(engine="durable")
        except kneelink.PackError as error:
            print(error)
        print("durable_rules_engine" in sys.modules and sys.modules["durable_rules_engine"] is not None)
        """
    )
    child = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert child.returncode == 0, child.stderr[-3000:]
    assert child.stdout.splitlines() == [
        "native ('gluteals', 'tfl')",
        "engine='durable' needs durable-rules, which is not installed here; use engine='native'",
        "False",
    ]
    assert kneelink.default_pack(engine="native").suggest_regions(["lateral_knee_pain"]).region_ids[:2] == (
        "gluteals",
        "tfl",
    )


@pytest.mark.durable
def test_suggest_many_works_while_another_thread_holds_the_pack() -> None:
    # Worker processes must not inherit the pack's lock in the state another thread holds
    # it (as fork would): they rebuild the pack from its content. Held on purpose by a
    # second thread for a second, while this one starts the batch (and, answering its
    # own share, waits for the lock like any caller).
    code = textwrap.dedent(
        """
        import threading, time
        import kneelink
        pack = kneelink.load_pack(kneelink._pack.default_rules_folder(), engine="durable", cache_size=0)
        held = threading.Event()

        def hold():
            with pack._engine._lock:
                held.set()
                time.sleep(1)

        holder = threading.Thread(target=hold)
        holder.start()
        held.wait()
        assert not pack._may_fork()
        # Long enough to go to a worker (shorter batches are answered here).
        batch = [["knee_pain"], ["lateral_knee_pain"]] * kneelink._pack.MIN_POOL_BATCH
        answers = pack.suggest_many(batch, processes=2)
        holder.join()
        assert answers == pack.suggest_many(batch, processes=1)
        print([answer.region_ids[:1] for answer in answers[:2]])
        """
    )
    child = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert child.returncode == 0, child.stderr[-3000:]
    assert child.stdout.strip() == "[('gluteals',), ('gluteals',)]"


@pytest.mark.durable
def test_the_native_engine_never_imports_durable_rules() -> None:
    code = textwrap.dedent(
        """
        import sys, kneelink
        pack = kneelink.default_pack(engine="native")
        pack.suggest_regions(["lateral_knee_pain"], age=30)
        kneelink.check_pack(pack)
        print("durable_rules_engine" in sys.modules)
        kneelink.default_pack()  # auto: now it is imported, to build the durable engine
        print("durable_rules_engine" in sys.modules)
        """
    )
    child = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert child.returncode == 0, child.stderr[-3000:]
    assert child.stdout.split() == ["False", "True"]
