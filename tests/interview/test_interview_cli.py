"""`kneelink ask` through a real pseudo-terminal, and `kneelink suggest --text`."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pexpect
import pytest
from paths import EXAMPLES

import kneelink
from kneelink._cli import main
from kneelink.interview._questions import question_for

QUESTION = r"\[y/n/\?\] $"
AGE = r"\[age in years, or \?\] $"
DAYS = r"\[days, or \?\] $"
END = r"\(Why each step: run again with --explain"


def spawn(*args: str) -> tuple[pexpect.spawn[str], io.StringIO]:
    """`kneelink ask` in a pseudo-terminal, and everything it prints."""
    child = pexpect.spawn(
        sys.executable, ["-m", "kneelink._cli", "ask", *args], encoding="utf-8", timeout=60, dimensions=(50, 200)
    )
    child.delaybeforesend = None
    transcript = io.StringIO()
    child.logfile_read = transcript
    return child, transcript


POSITIVE = [s.question or "" for s in kneelink.default_pack().symptoms.values() if s.question_asks == "absent"]


def test_ask_runs_an_interview_in_a_terminal() -> None:
    child, transcript = spawn()
    child.expect("Describe your knee problem in a sentence: ")
    child.sendline("my knee hurts on the outside when I cycle, no swelling, I'm 34")
    child.expect("I understood:")
    child.expect('Pain on the outside of the knee \\(from "knee hurts on the outside"\\)')
    child.expect(r"Is that right\? \[y/n\] ")
    child.sendline("y")
    asked: list[str] = []
    replies = iter(["?", "maybe"])  # "don't know" first, then a reply it must ask again for
    while True:
        found = child.expect([QUESTION, AGE, END])
        if found == 2:
            break
        question = str(child.before).strip().splitlines()[-1]
        assert question not in asked, f"asked twice: {question}"
        asked.append(question)
        # A runner with nothing wrong: "no" to every sign, "yes" to "Can you take 4 steps?".
        reply = next(replies, "y" if any(question.startswith(q) for q in POSITIVE) else "n")
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
    # "no swelling" is a warning sign read as absent: its own question confirms it first.
    assert "You wrote that you do not have this; to be sure:" in transcript.getvalue()
    assert asked[0].startswith(pack.symptoms["swollen_knee"].question or "")
    assert asked[1].startswith(pack.symptoms["one_leg_swelling"].question or "")
    # The first answer was "don't know": the answer says it is not complete, and what.
    assert "This answer is not complete" in transcript.getvalue()
    assert f"You did not know: {pack.symptoms['swollen_knee'].label}." in transcript.getvalue()
    # Nothing is left to ask, so the lead does not send the person to remaining questions.
    assert "some warning signs are not known (the ones you did not know are listed below)" in transcript.getvalue()
    assert "Answer the remaining questions" not in transcript.getvalue()


def test_ask_with_text_ends_at_once_when_nothing_can_change() -> None:
    child, transcript = spawn("--text", "swollen calf and chest pain, my knee hurts")
    child.expect(r"Is that right\? \[y/n\] ")
    child.sendline("y")
    child.expect(END)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "What to do: This may be serious: call an ambulance now." in transcript.getvalue()
    assert "Not now (any part of the leg)" in transcript.getvalue()
    assert "[y/n/?]" not in transcript.getvalue()


def test_ask_json_keeps_stdout_for_the_answer() -> None:
    # Questions on stderr, the answer alone on stdout: a pipe, not a terminal, on purpose.
    replies = "y\n" + "\n".join(["n"] * 60) + "\n"
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
    # "n" to "Can you take 4 steps on that leg?" means unable: Question.record reads it so.
    assert "unable_to_bear_weight" in result["report"]["symptoms"]
    assert result["answer"]["triage"] in ("emergency", "emergency_ambulance")
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
    # Stopped early, questions are left: the lead says to answer them.
    assert "Answer the remaining questions" in done.stdout


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
    assert '  - Worse on stairs (from "stairs")' in text
    assert "side: left" in text
    assert '(not understood: "My cat is grumpy")' in text
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
    example = EXAMPLES / "interview.py"
    done = subprocess.run([sys.executable, str(example)], capture_output=True, text=True, timeout=120, check=True)
    assert "[knee hurts on the outside]" in done.stdout
    assert "not understood: 'My dog is called Rex'" in done.stdout
    # "yes" to a positively phrased question, recorded by Question.record, is "absent".
    assert "Can you take 4 steps on that leg, even with a limp?  -> yes" in done.stdout
    assert "triage self_care; complete: False" in done.stdout
    assert "Still open: A high temperature, or feeling generally unwell" in done.stdout


def test_ask_asks_again_for_a_description_it_cannot_read() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kneelink._cli", "ask"],
        input="hello there\nmy knee hurts, I'm 40\ny\n" + "y\n" * 60,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert '(not understood: "hello there")' in done.stdout
    assert "I need at least one thing the knee does" in done.stdout
    assert '  - Knee pain (where on the knee not given) (from "knee hurts")' in done.stdout
    assert "This answer is not complete" not in done.stdout  # every question answered


# --- Issue 20: echo and correction, confirmation, positive questions, a short answer ----------


def _json_at_the_end(transcript: str) -> dict[str, object]:
    start = transcript.rindex('{\r\n  "report"')
    return json.loads(transcript[start:].replace("\r\n", "\n"))  # type: ignore[no-any-return]


def _answer_all(child: pexpect.spawn[str], replies: dict[str, str]) -> list[str]:
    """Answer every question: by the start of its text from ``replies``, else as a person
    with nothing wrong would ("yes" to "Can you...?", "no" to the rest)."""
    asked: list[str] = []
    while child.expect([QUESTION, AGE, DAYS, pexpect.EOF]) != 3:
        question = str(child.before).strip().splitlines()[-1]
        asked.append(question)
        reply = next((r for start, r in replies.items() if question.startswith(start)), None)
        if reply is None:
            reply = (
                "40"
                if "age in years" in str(child.after) or "days, or" in str(child.after)
                else "y"
                if any(question.startswith(q) for q in POSITIVE)
                else "n"
            )
        child.sendline(reply)
    return asked


def test_ask_echoes_each_finding_with_its_words_and_lets_the_person_correct_them() -> None:
    child, transcript = spawn("--json", "--text", "my knee is swolen and I have a fever, I'm 40")
    child.expect("I understood:")
    child.expect('Swollen knee \\(from "knee is swolen"\\)')
    child.expect(r"Is that right\? \[y/n\] ")
    child.sendline("n")
    child.expect(r"Type what I got wrong in your own words \(or just press Enter\): ")
    child.sendline("")  # no words: each finding by its own question
    child.expect("Let's check each one.")
    pack = kneelink.default_pack()
    # Each finding is asked by its own question: the knee is not swollen after all.
    _answer_all(child, {pack.symptoms["swollen_knee"].question or "": "n", pack.symptoms["fever"].question or "": "y"})
    child.close()
    report = _json_at_the_end(transcript.getvalue())["report"]
    assert isinstance(report, dict)
    assert "swollen_knee" in report["absent"]
    assert "fever" in report["symptoms"]


def test_a_warning_sign_read_as_absent_is_confirmed_by_its_own_question() -> None:
    child, transcript = spawn("--json", "--text", "my knee hurts on the outside, no fever, no injury, I'm 40")
    child.expect(r"Is that right\? \[y/n\] ")
    child.sendline("y")
    child.expect("You wrote that you do not have this; to be sure:")
    pack = kneelink.default_pack()
    fever, injury = pack.symptoms["fever"].question or "", pack.symptoms["knee_injury"].question or ""
    asked = _answer_all(child, {fever: "y", injury: "n"})
    child.close()
    assert sorted(asked[:2]) == sorted([injury, fever])  # before any other question
    report = _json_at_the_end(transcript.getvalue())["report"]
    assert isinstance(report, dict)
    assert "fever" in report["symptoms"]  # the text said no; the question said yes
    # No follow-up about an injury after "no injury": answered no along with it.
    follow_ups = pack.content.intake.follow_ups if pack.content.intake else {}
    for question, premise in follow_ups.items():
        if premise != "knee_injury":
            continue
        assert not any(q.startswith(pack.symptoms[question].question or "?") for q in asked)
        assert question in report["absent"]


def test_yes_to_a_positive_question_means_the_warning_sign_is_absent() -> None:
    pack = kneelink.default_pack()
    report = kneelink.SymptomReport(symptoms=["knee_injury"])
    positive = [id_ for id_, s in pack.symptoms.items() if s.question_asks == "absent"]
    assert "unable_to_bear_weight" in positive
    for id_ in positive:
        question = question_for(id_, pack)
        assert question.asks == "absent"
        assert id_ in question.record(report, "yes").absent
        assert id_ in question.record(report, "no").symptoms
        assert id_ in question.record(report, "unknown").unknown
    with pytest.raises(kneelink.ReportError, match="'maybe'"):
        question_for("fever", pack).record(report, "maybe")  # type: ignore[arg-type]


def test_the_answer_is_short_and_in_words_with_the_reasoning_behind_explain() -> None:
    def run(*extra: str) -> str:
        child, transcript = spawn("--text", "outer knee pain when I run downhill, I'm 34", *extra)
        child.expect(r"Is that right\? \[y/n\] ")
        child.sendline("y")
        _answer_all(child, {})  # a runner with nothing wrong
        child.close()
        assert child.exitstatus == 0
        return transcript.getvalue()

    short = run()
    answer = short[short.index("What to do:") :]
    assert answer.count("How:") == answer.count("Why:") >= 1
    assert "->" not in answer
    assert "[" not in answer
    assert not any(rule.id in answer for rule in kneelink.default_pack().content.rules)
    assert len(answer.splitlines()) <= 40
    explained = run("--explain")
    assert "->" in explained  # the chains are there when asked for


def test_no_question_asks_about_an_inability() -> None:
    """ "Are you unable to take 4 steps?" invites a double negative; each such question is
    asked positively ("Can you ...?") with question_asks = "absent"."""
    pack = kneelink.default_pack()
    for symptom in pack.symptoms.values():
        question = (symptom.question or "").lower()
        assert "unable to" not in question, symptom.id
        assert not question.startswith(("can't", "cannot", "can you not")), symptom.id
        if question.startswith(("can you", "lying or sitting, can you")):
            assert symptom.question_asks == "absent", symptom.id


def test_suggest_text_never_takes_a_warning_sign_as_absent_without_confirmation() -> None:
    # "no fever" in free text is not a confirmed no: fever stays unknown, the answer is not
    # complete and says so; --absent fever is the confirmation.
    text = "my knee hurts on the outside when I run, no fever, never injured it, I'm 30"
    assert {"fever", "knee_injury"} <= kneelink.parse(text).absent
    out = io.StringIO()
    assert main(["suggest", "--json", "--text", text], out) == 0
    answer = json.loads(out.getvalue())
    assert {"fever", "knee_injury"} <= set(answer["unscreened"])
    assert answer["complete"] is False
    shown = io.StringIO()
    assert main(["suggest", "--text", text], shown) == 0
    assert "Not confirmed, so counted as not known: " in shown.getvalue()
    assert "This answer is not complete" in shown.getvalue()
    confirmed = io.StringIO()
    assert main(["suggest", "--json", "--text", text, "--absent", "fever", "--absent", "knee_injury"], confirmed) == 0
    assert not {"fever", "knee_injury"} & set(json.loads(confirmed.getvalue())["unscreened"])


def test_ask_takes_a_correction_typed_in_the_persons_own_words() -> None:
    child, transcript = spawn("--json", "--text", "my knee hurts on the outside and I have a fever, I'm 40")
    child.expect(r"Is that right\? \[y/n\] ")
    child.sendline("n")
    child.expect(r"Type what I got wrong in your own words \(or just press Enter\): ")
    # The re-typed words replace what the first text said of the same findings, and
    # nothing else; a warning sign they deny is still confirmed by its own question.
    child.sendline("no fever, and I am not sure if it is swollen")
    child.expect('not: A high temperature, or feeling generally unwell \\(from "fever"\\)')
    child.expect("You wrote that you do not have this; to be sure:")
    pack = kneelink.default_pack()
    fever = pack.symptoms["fever"].question or ""
    asked = _answer_all(child, {fever: "n"})
    child.close()
    assert asked[0].startswith(fever)
    assert not any(q.startswith(pack.symptoms["swollen_knee"].question or "?") for q in asked)
    report = _json_at_the_end(transcript.getvalue())["report"]
    assert isinstance(report, dict)
    assert "fever" in report["absent"]
    assert "swollen_knee" in report["unknown"]
    assert "lateral_knee_pain" in report["symptoms"]
    assert report["age"] == 40


def test_ask_goes_through_each_finding_when_the_correction_cannot_be_read() -> None:
    child, _ = spawn("--text", "my knee is swollen, I'm 40")
    child.expect(r"Is that right\? \[y/n\] ")
    child.sendline("n")
    child.expect(r"Type what I got wrong")
    child.sendline("blah blah")
    child.expect("I could not read that as a correction.")
    child.expect("Let's check each one.")
    child.expect(QUESTION)
    child.close()
