"""`kneelink ask` through a real pseudo-terminal, and `kneelink suggest --text`."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

import kneelink
from kneelink._cli import main

QUESTION = r"\[y/n/\?\] $"
AGE = r"\[age in years, or \?\] $"
END = r"Rule pack kneelink-default"


def spawn(*args: str) -> tuple[pexpect.spawn[str], io.StringIO]:
    """`kneelink ask` in a pseudo-terminal, and everything it prints."""
    child = pexpect.spawn(
        sys.executable, ["-m", "kneelink._cli", "ask", *args], encoding="utf-8", timeout=60, dimensions=(50, 200)
    )
    child.delaybeforesend = None
    transcript = io.StringIO()
    child.logfile_read = transcript
    return child, transcript


def test_ask_runs_an_interview_in_a_terminal() -> None:
    child, transcript = spawn()
    child.expect("Describe your knee problem in a sentence: ")
    child.sendline("my knee hurts on the outside when I cycle, no swelling, I'm 34")
    child.expect("I understood:")
    child.expect("Pain on the outside of the knee")
    asked: list[str] = []
    replies = iter(["?", "maybe"])  # "don't know" first, then a reply it must ask again for
    while True:
        found = child.expect([QUESTION, AGE, END])
        if found == 2:
            break
        question = str(child.before).strip().splitlines()[-1]
        assert question not in asked, f"asked twice: {question}"
        asked.append(question)
        reply = next(replies, "n")
        child.sendline(reply)
        if reply == "maybe":
            child.expect("Please answer y \\(yes\\), n \\(no\\) or \\? \\(don't know\\).")
            child.expect(QUESTION)
            child.sendline("n")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    pack = kneelink.default_pack()
    assert 1 < len(asked) <= len(pack.symptoms) + 1
    assert asked[0].startswith(pack.symptoms["one_leg_swelling"].question or "")
    # The first answer was "don't know": the answer says it is not complete, and why.
    assert "This answer is not complete" in transcript.getvalue()
    assert "Not asked or not known: Swelling in one calf or one thigh" in transcript.getvalue()


def test_ask_with_text_ends_at_once_when_nothing_can_change() -> None:
    child, transcript = spawn("--text", "swollen calf and chest pain, my knee hurts")
    child.expect(END)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "TRIAGE: EMERGENCY: CALL AN AMBULANCE" in transcript.getvalue()
    assert "[y/n/?]" not in transcript.getvalue()


def test_ask_json_keeps_stdout_for_the_answer() -> None:
    # Questions on stderr, the answer alone on stdout: a pipe, not a terminal, on purpose.
    replies = "\n".join(["n"] * 60) + "\n"
    done = subprocess.run(
        [sys.executable, "-m", "kneelink._cli", "ask", "--json", "--text", "twisted my knee, I'm 30"],
        input=replies,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result = json.loads(done.stdout)
    assert result["answer"]["complete"] is True
    assert result["answer"]["triage"] == "self_care"  # no Ottawa finding; 3 days without rolling
    assert "knee_injury" in result["report"]["symptoms"]
    assert "[y/n/?]" in done.stderr


def test_ask_stops_cleanly_at_end_of_input() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kneelink._cli", "ask", "--text", "my knee hurts"],
        input="",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0
    assert "stopped: the answer below is from what you have said so far" in done.stdout
    assert "This answer is not complete" in done.stdout


def test_suggest_text_json() -> None:
    out = io.StringIO()
    status = main(["suggest", "--json", "--text", "Twisted my right knee, can't walk on it, no fever, aged 60"], out)
    assert status == 0
    answer = json.loads(out.getvalue())
    assert answer["triage"] == "emergency"
    assert answer["complete"] is True


def test_suggest_text_says_what_it_understood() -> None:
    out = io.StringIO()
    assert main(["suggest", "--text", "my left knee hurts on stairs. My cat is grumpy."], out) == 0
    text = out.getvalue()
    assert "yes  Worse on stairs" in text
    assert "side: left" in text
    assert "(not understood: 'My cat is grumpy')" in text
    assert "This answer is not complete" in text


def test_suggest_absent_and_unknown_ids() -> None:
    out = io.StringIO()
    args = ["suggest", "knee_pain", "--unknown", "one_leg_swelling", "--absent", "fever", "--json"]
    assert main(args, out) == 0
    answer = json.loads(out.getvalue())
    assert "one_leg_swelling" in answer["unscreened"]
    assert "fever" not in answer["unscreened"]


def test_suggest_needs_ids_or_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["suggest"], io.StringIO()) == 2
    assert "give symptom ids" in capsys.readouterr().err
    assert main(["suggest", "--text", "no fever"], io.StringIO()) == 2
    assert "found no symptom that is present" in capsys.readouterr().err


def test_the_example_app_flow_runs() -> None:
    example = Path(__file__).resolve().parent.parent / "examples" / "interview.py"
    done = subprocess.run([sys.executable, str(example)], capture_output=True, text=True, timeout=120, check=True)
    assert "[knee hurts on the outside]" in done.stdout
    assert "not understood: 'My bike is new'" in done.stdout
    assert "triage self_care; complete: False" in done.stdout
    assert "Still open: A high temperature, or feeling generally unwell" in done.stdout


def test_ask_asks_again_for_a_description_it_cannot_read() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kneelink._cli", "ask"],
        input="hello there\nmy knee hurts, I'm 40\n" + "n\n" * 60,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert "(not understood: 'hello there')" in done.stdout
    assert "I need at least one thing the knee does" in done.stdout
    assert "Knee pain (where on the knee not given)  (from 'knee hurts')" in done.stdout
    assert "The regions to roll are below." in done.stdout
    assert "This answer is not complete" not in done.stdout  # every question answered
