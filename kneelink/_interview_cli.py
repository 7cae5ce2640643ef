"""The interview on the command line: ``kneelink ask`` and ``kneelink suggest --text``.

- ``kneelink ask [--text TEXT] [--json] [--pack DIR]``: describe the knee in a sentence,
  then answer the questions :func:`kneelink.next_question` asks (``y``, ``n`` or ``?`` for
  "don't know"; a number for the age), and get the answer. With ``--json`` the questions
  go to standard error and standard output holds only the answer as JSON.
- ``kneelink suggest --text TEXT``, and ``--absent ID`` / ``--unknown ID`` beside symptom
  ids: a suggestion from free text, or from tri-state answers.

Registered on the ``kneelink`` command by :func:`add_interview_commands`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import TextIO

from kneelink._answer import Suggestion
from kneelink._errors import ReportError
from kneelink._pack import RulePack, default_pack, load_pack
from kneelink._report import Answer, SymptomReport
from kneelink.interview._parse import ParsedReport, parse
from kneelink.interview._questions import Question, next_question

Run = Callable[[argparse.Namespace, TextIO], int]
_YES, _NO, _UNKNOWN = {"y", "yes"}, {"n", "no"}, {"?", "dk", "don't know", "dont know", "unknown", "not sure"}


def add_interview_commands(
    commands: argparse._SubParsersAction,  # type: ignore[type-arg]
    suggest: argparse.ArgumentParser,
    run_suggest: Run,
    render: Callable[[Suggestion], str],
) -> None:
    """Add ``ask`` to ``commands``, and ``--text``, ``--absent``, ``--unknown`` to ``suggest``."""
    suggest.add_argument("--text", help='describe the knee in English instead of ids, e.g. "my left knee is swollen"')
    suggest.add_argument("--absent", action="append", default=[], metavar="ID", help="a symptom answered no")
    suggest.add_argument("--unknown", action="append", default=[], metavar="ID", help="a symptom answered don't know")

    def run(args: argparse.Namespace, out: TextIO) -> int:
        if args.text is None and not args.absent and not args.unknown:
            if not args.symptoms:
                raise ReportError("give symptom ids (see `kneelink symptoms`) or --text")
            return run_suggest(args, out)
        return _suggest_tri_state(args, out, render)

    suggest.set_defaults(run=run)

    ask = commands.add_parser(
        "ask",
        help="an interview: describe the knee, answer questions, get the answer",
        description="An interview: describe the knee in a sentence, answer the questions kneelink asks "
        "(y, n or ? for don't know; a number for the age), and get the answer.",
    )
    ask.add_argument("--text", help="the opening description (asked for when not given)")
    ask.add_argument("--json", action="store_true", help="print the answer as JSON (questions go to stderr)")
    ask.add_argument("--pack", metavar="DIR", help="a rule pack folder instead of the default pack")
    ask.set_defaults(run=lambda args, out: _ask(args, out, sys.stdin, render))


def _pack(path: str | None) -> RulePack:
    return load_pack(path) if path else default_pack()


def _suggest_tri_state(args: argparse.Namespace, out: TextIO, render: Callable[[Suggestion], str]) -> int:
    pack = _pack(args.pack)
    symptoms, absent, unknown = set(args.symptoms), set(args.absent), set(args.unknown)
    side, age = args.side, args.age
    if args.text is not None:
        parsed = parse(args.text, pack)
        if not args.json:
            out.write(understood(parsed, pack) + "\n\n")
        symptoms |= parsed.symptoms
        absent |= parsed.absent
        unknown |= parsed.contradicted
        side = side or parsed.side
        age = age if age is not None else parsed.age
    if not symptoms:
        raise ReportError("found no symptom that is present; describe what the knee does, or give symptom ids")
    report = SymptomReport(
        symptoms=symptoms, absent=absent, unknown=unknown, side=side, age=age, contraindications=args.contraindication
    )
    answer = pack.suggest_regions(report)
    out.write((answer.model_dump_json(indent=2) if args.json else _render(answer, pack, render)) + "\n")
    return 0


def understood(parsed: ParsedReport, pack: RulePack) -> str:
    """What :func:`parse` read, in words a person can check."""
    lines = ["I understood:"]
    for finding in parsed.findings:
        if finding.kind == "symptom" and finding.symptom is not None:
            label = pack.symptoms[finding.symptom].label
            lines.append(f"  {'yes' if finding.present else 'no '}  {label}  (from {finding.text!r})")
        elif finding.kind == "side":
            lines.append(f"  side: {finding.side}  (from {finding.text!r})")
        elif finding.kind == "age":
            lines.append(f"  age: {finding.age}  (from {finding.text!r})")
    if len(lines) == 1:
        lines.append("  nothing I know.")
    for span in parsed.unrecognised:
        lines.append(f"  (not understood: {span.text!r})")
    return "\n".join(lines)


def _render(answer: Suggestion, pack: RulePack, render: Callable[[Suggestion], str]) -> str:
    text = render(answer)  # it opens with the triage and the answer's advice
    if answer.unscreened:
        open_labels = [pack.symptoms[id_].label if id_ in pack.symptoms else "Age" for id_ in answer.unscreened]
        text = text + "\nNot asked or not known: " + "; ".join(open_labels)
    return text


def _ask(args: argparse.Namespace, out: TextIO, given: TextIO, render: Callable[[Suggestion], str]) -> int:
    pack = _pack(args.pack)
    talk = sys.stderr if args.json else out
    text = args.text
    report: SymptomReport | None = None
    while report is None:
        if text is None:
            text = _read(talk, given, "Describe your knee problem in a sentence: ")
            if text is None:
                return 2
        parsed = parse(text, pack)
        talk.write(understood(parsed, pack) + "\n")
        if parsed.symptoms:
            report = parsed.to_report()
        else:
            talk.write("I need at least one thing the knee does (for example: 'my knee hurts on stairs').\n")
            text = None
    while (question := next_question(report, pack)) is not None:
        answer = _ask_one(question, talk, given)
        if answer is None:
            talk.write("\n(stopped: the answer below is from what you have said so far)\n")
            break
        report = report.with_answer(question.symptom, answer)
    suggestion = pack.suggest_regions(report)
    if args.json:
        dumped = {"report": report.model_dump(mode="json"), "answer": suggestion.model_dump(mode="json")}
        out.write(json.dumps(dumped, indent=2))
        out.write("\n")
    else:
        out.write("\n" + _render(suggestion, pack, render) + "\n")
    return 0


def _ask_one(question: Question, talk: TextIO, given: TextIO) -> Answer | int | None:
    hint = {"age": "[age in years, or ?]", "days": "[days, or ?]"}.get(question.kind, "[y/n/?]")
    while True:
        reply = _read(talk, given, f"{question.text} {hint} ")
        if reply is None:
            return None
        word = reply.strip().lower()
        if word in _UNKNOWN:
            return "unknown"
        if question.kind == "age":
            if word.isdigit() and 0 <= int(word) <= 120:
                return int(word)
            talk.write("Please give a whole number of years (0 to 120), or ? if you don't know.\n")
            continue
        if question.kind == "days":
            if word.isdigit() and int(word) <= 36_500:
                return int(word)
            talk.write("Please give a whole number of days (0 for today), or ? if you don't know.\n")
            continue
        if word in _YES:
            return "yes"
        if word in _NO:
            return "no"
        talk.write("Please answer y (yes), n (no) or ? (don't know).\n")


def _read(talk: TextIO, given: TextIO, prompt: str) -> str | None:
    """A line from ``given``, or ``None`` at end of input or Ctrl-C (the interview stops)."""
    talk.write(prompt)
    talk.flush()
    try:
        line = given.readline()
    except KeyboardInterrupt:
        talk.write("\n")
        return None
    if not line:
        return None
    return line.rstrip("\n")
