"""durable-rules traps that once crashed or misled kneelink, kept from coming back."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from packs import SOURCES

import kneelink

pytestmark = pytest.mark.durable  # every trap here is durable-rules'


def test_sessions_where_no_rule_fires_do_not_crash_the_process() -> None:
    # durable-rules frees a session's uninitialised action context on delete; before the
    # opening rule, a report that fired nothing ('cycling' alone) killed the process with
    # SIGSEGV on its first call. A subprocess, so a crash fails this test, not the run.
    script = textwrap.dedent(
        """
        import kneelink
        pack = kneelink.default_pack()
        for symptom in sorted(pack.symptoms):
            for _ in range(3):
                pack.suggest_regions([symptom])
        print("survived", len(pack.symptoms))
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"survived {len(kneelink.default_pack().symptoms)}"


def test_a_report_that_fires_nothing_gets_an_empty_answer() -> None:
    answer = kneelink.suggest_regions(["stairs_pain"])  # an aggravating factor with no knee pain
    assert answer.fired_rules == ()
    assert answer.regions == ()
    assert answer.triage == "self_care"


def test_priorities_order_firing_even_when_negative(tmp_path: Path) -> None:
    # durable-rules mis-orders negative `pri`; kneelink maps its priorities onto 0..2000.
    rules = "".join(
        f"""
[[rule]]
id = "{name}"
summary = "fires at priority {priority}"
when = {{ all = ["s"] }}
suggest = ["r"]
role = "primary"
priority = {priority}
cite = ["article#8"]
"""
        for name, priority in [("low", -5), ("lowest", -1000), ("high", 5), ("middle", 0)]
    )
    (tmp_path / "pack.toml").write_text(
        """schema_version = 2
"""
        + SOURCES
        + """
[pack]
name = "priorities"
version = "1"
[[symptom]]
id = "s"
label = "s"
category = "knee_pain"
cite = ["article#8"]
[[region]]
id = "r"
label = "r"
body_area = "hip"
order = 1
cite = ["article#9"]
"""
        + rules
    )
    answer = kneelink.load_pack(tmp_path).suggest_regions(["s"])
    assert answer.fired_rules == ("high", "middle", "low", "lowest")


def test_evaluations_emit_no_warnings() -> None:
    # durable-rules' own host warns on every action under Python 3.12 (utcfromtimestamp);
    # kneelink does not use that host, so users see no warning from kneelink at all.
    import warnings

    pack = kneelink.load_pack(kneelink._pack.default_rules_folder())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pack.suggest_regions(["lateral_knee_pain", "prolonged_sitting"], age=40)
        pack.suggest_regions(["cycling"])
    assert [str(warning.message) for warning in caught] == []
