"""The interview on the command line: ``kneelink ask`` and ``kneelink suggest --text``.

- ``kneelink ask [--text TEXT] [--json] [--explain] [--pack DIR]``: describe the knee in a
  sentence, check what was understood (each finding with the words it came from; answer
  ``n`` and type what was wrong in your own words, or press Enter to correct the
  findings one by one), confirm each warning sign the text said you do not
  have, then answer the questions :func:`kneelink.next_question` asks (``y``, ``n`` or
  ``?`` for "don't know"; a number for the age), and get a short answer: what to do, where
  and how to roll, and why. ``--explain`` prints the full answer with its chains, rules
  and sources; with ``--json`` the questions go to standard error and standard output
  holds only the answer as JSON.
- ``kneelink suggest --text TEXT``, and ``--absent ID`` / ``--unknown ID`` beside symptom
  ids: a suggestion from free text, or from tri-state answers. A warning sign the text
  seems to deny counts as not known (the answer says it is not complete) unless
  ``--absent ID`` says no to it.

Registered on the ``kneelink`` command by :func:`add_interview_commands`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable
from typing import TextIO

from kneelink._answer import Suggestion
from kneelink._errors import ReportError
from kneelink._escape import terminal
from kneelink._explain import UNSCREENED_ADVICE
from kneelink._pack import RulePack, default_pack, load_pack
from kneelink._report import AGE, Answer, SymptomReport
from kneelink._schema import WARNING_SIGN_CATEGORIES
from kneelink.interview._parse import ParsedReport, parse
from kneelink.interview._questions import Question, next_question, question_for

Run = Callable[[argparse.Namespace, TextIO], int]
# The questions answered by a number: the most it may be, and how the person is asked again.
_MEASURED = {"age": (120, "years (0 to 120)"), "days": (36_500, "days (0 for today)")}
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
    ask.add_argument("--explain", action="store_true", help="the full answer: every reason, chain, rule and source")
    ask.add_argument("--pack", metavar="DIR", help="a rule pack folder instead of the default pack")
    ask.set_defaults(run=lambda args, out: _ask(args, out, sys.stdin, render))


def _pack(path: str | None) -> RulePack:
    return load_pack(path) if path else default_pack()


def _suggest_tri_state(args: argparse.Namespace, out: TextIO, render: Callable[[Suggestion], str]) -> int:
    pack = _pack(args.pack)
    symptoms, absent, unknown = set(args.symptoms), set(args.absent), set(args.unknown)
    side, age, days = args.side, args.age, None
    if args.text is not None:
        parsed = parse(args.text, pack)
        # A warning sign the text seems to deny is not taken as a "no" without a confirmation
        # this command cannot ask for: it stays unknown, so the answer says it is not complete.
        unconfirmed = set(_warning_signs(parsed.absent, pack)) - absent
        if not args.json:
            out.write(understood(parsed, pack) + "\n")
            if unconfirmed:
                labels = "; ".join(pack.symptoms[id_].label for id_ in _warning_signs(unconfirmed, pack))
                out.write(
                    terminal(
                        f"Not confirmed, so counted as not known: {labels}. To say no, give --absent ID "
                        "(or answer it in `kneelink ask`)."
                    )
                    + "\n"
                )
            out.write("\n")
        symptoms |= parsed.symptoms
        absent |= parsed.absent - unconfirmed
        unknown |= parsed.unknown | parsed.contradicted | unconfirmed
        side = side or parsed.side
        age = age if age is not None else parsed.age
        days = parsed.days_since_injury
    if not symptoms:
        raise ReportError("found no symptom that is present; describe what the knee does, or give symptom ids")
    report = SymptomReport(
        symptoms=symptoms,
        absent=absent,
        unknown=unknown,
        side=side,
        age=age,
        days_since_injury=days,
        contraindications=args.contraindication,
    )
    answer = pack.suggest_regions(report)
    out.write((answer.model_dump_json(indent=2) if args.json else _render(answer, pack, render)) + "\n")
    return 0


def understood(parsed: ParsedReport, pack: RulePack) -> str:
    """What :func:`parse` read, each finding with the words it came from, for a person to check.

    What the person typed and what the pack says reach the terminal escaped (no ESC, no BEL)."""
    lines = ["I understood:"]
    for finding in parsed.findings:
        where = f'(from "{finding.text}")'
        if finding.kind == "symptom" and finding.symptom is not None:
            label = pack.symptoms[finding.symptom].label
            if finding.about == "other":
                lines.append(f"  - about someone else, not counted: {label} {where}")
            else:
                said = {"present": "", "absent": "not: ", "unknown": "not sure: "}[finding.polarity]
                lines.append(f"  - {said}{label} {where}")
        elif finding.kind == "side":
            lines.append(f"  - side: {finding.side} {where}")
        elif finding.kind == "age" and finding.about == "patient":
            lines.append(f"  - age: {finding.age} {where}")
        elif finding.kind == "time" and finding.days is not None:
            lines.append(f"  - when: {finding.days} day{'s' * (finding.days != 1)} ago {where}")
    if len(lines) == 1:
        lines.append("  nothing I know.")
    for span in parsed.unrecognised:
        lines.append(f'  (not understood: "{span.text}")')
    return terminal("\n".join(lines))


_NOT_KNOWN_ADVICE = (
    "This answer is not complete: some warning signs are not known (the ones you did not know "
    "are listed below). See a doctor if you are unsure."
)


def lay_result(answer: Suggestion, report: SymptomReport, pack: RulePack, *, asked_all: bool = False) -> str:
    """The answer in a few lines a person reads: what to do, where and how to roll, why, and
    what is still not known (``asked_all``: the interview has no question left to ask). The
    chains and ids are behind ``--explain`` and ``--json``."""
    advice = answer.advice
    if asked_all:
        # No question is left that could change the answer, so what keeps it open is what the
        # person did not know: "answer the remaining questions" would send them looking.
        advice = advice.replace(UNSCREENED_ADVICE, _NOT_KNOWN_ADVICE, 1)
    lines = [f"What to do: {advice}"]
    if answer.regions:
        lines.append("Where to roll, in this order:")
        for number, region in enumerate(answer.regions, 1):
            role = "main region" if region.role == "primary" else "also roll"
            lines.append(f"  {number}. {region.label} ({role})")
            how = region.how_to_roll or "our source gives no step-by-step for this region; ask a physiotherapist."
            lines.append(f"     How: {how}")
            if region.reasons:
                lines.append(f"     Why: {region.reasons[0].summary}")
    reasons: dict[str, list[str]] = {}
    for held in answer.withheld:
        reasons.setdefault(held.reason, []).append(held.label)
    for reason, labels in reasons.items():
        where = "any part of the leg" if len(labels) == len(pack.regions) else "; ".join(labels)
        lines.append(f"Not now ({where}): {reason}")
    open_ids = [id_ for id_ in answer.unscreened if id_ in report.unknown or (id_ == AGE and AGE in report.unknown)]
    if open_ids:
        labels = [pack.symptoms[id_].label if id_ in pack.symptoms else "Age" for id_ in open_ids]
        lines.append("You did not know: " + "; ".join(labels) + ". Ask a clinician about these.")
    lines.append("(Why each step: run again with --explain. The whole answer as data: --json.)")
    return terminal("\n".join(lines))


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
    to_confirm: list[str] = []
    while report is None:
        if text is None:
            text = _read(talk, given, "Describe your knee problem in a sentence: ")
            if text is None:
                return 2
        parsed = parse(text, pack)
        talk.write(understood(parsed, pack) + "\n")
        text = None
        if not parsed.symptoms:
            talk.write("I need at least one thing the knee does (for example: 'my knee hurts on stairs').\n")
            continue
        report, to_confirm = _report_to_check(parsed, pack)
        if any(f.kind == "symptom" and f.about == "patient" for f in parsed.findings):
            reply = _yes_no(talk, given, "Is that right? [y/n] ")
            if reply == "no":
                fixed = _read(talk, given, "Type what I got wrong in your own words (or just press Enter): ")
                retyped = _retype(fixed, report, to_confirm, pack, talk) if fixed and fixed.strip() else None
                if retyped is not None:
                    report, to_confirm = retyped
                else:
                    talk.write("Let's check each one.\n")
                    checked = _check_each(parsed, report, pack, talk, given)
                    if checked is not None:
                        report, to_confirm = checked, []
    # A warning sign read as absent from free text is confirmed by its own question first.
    confirming = [question_for(id_, pack, why="You wrote that you do not have this; to be sure:") for id_ in to_confirm]
    stopped = False
    while (question := confirming.pop(0) if confirming else next_question(report, pack)) is not None:
        if question.why.startswith("You wrote"):
            talk.write(question.why + "\n")
        answered = _ask_one(question, talk, given)
        if answered is None:
            talk.write("\n(stopped: the answer below is from what you have said so far)\n")
            stopped = True
            break
        report = question.record(report, answered)
    suggestion = pack.suggest_regions(report)
    if args.json:
        dumped = {"report": report.model_dump(mode="json"), "answer": suggestion.model_dump(mode="json")}
        out.write(json.dumps(dumped, indent=2))
        out.write("\n")
    elif args.explain:
        out.write("\n" + _render(suggestion, pack, render) + "\n")
    else:
        out.write("\n" + lay_result(suggestion, report, pack, asked_all=not stopped) + "\n")
        if stopped and not suggestion.complete:
            out.write("Some questions were not answered: this answer is not complete.\n")
    return 0


def _report_to_check(parsed: ParsedReport, pack: RulePack) -> tuple[SymptomReport, list[str]]:
    """The report the text gives, less the warning signs it read as absent, which are to be
    confirmed by their own questions."""
    warning = _warning_signs(parsed.absent, pack)
    report = SymptomReport(
        symptoms=parsed.symptoms,
        absent=parsed.absent - set(warning),
        unknown=parsed.unknown | parsed.contradicted,
        side=parsed.side,
        age=parsed.age,
        days_since_injury=parsed.days_since_injury,
    )
    return report, warning


def _warning_signs(ids: Iterable[str], pack: RulePack) -> list[str]:
    """The warning signs among ``ids``, in pack order."""
    return [id_ for id_, symptom in pack.symptoms.items() if id_ in ids and symptom.category in WARNING_SIGN_CATEGORIES]


def _retype(
    text: str, report: SymptomReport, to_confirm: list[str], pack: RulePack, talk: TextIO
) -> tuple[SymptomReport, list[str]] | None:
    """The report with what the re-typed ``text`` says in place of what the first text said,
    id by id (a warning sign it reads as absent is still to be confirmed); ``None`` when it
    says nothing readable about the patient, or would leave nothing the knee does."""
    again = parse(text, pack)
    talk.write(understood(again, pack) + "\n")
    said = {f.symptom: f.polarity for f in again.findings if f.kind == "symptom" and f.about == "patient" and f.symptom}
    if not said:
        talk.write("I could not read that as a correction.\n")
        return None
    warning = _warning_signs(again.absent, pack)
    present, absent, unknown = again.symptoms, again.absent - set(warning), again.unknown | again.contradicted
    newly = present | again.absent | unknown | set(said)
    symptoms = (report.symptoms - newly) | present
    if not symptoms:
        talk.write("(I need at least one thing the knee does; keeping what you wrote first.)\n")
        return None
    corrected = SymptomReport(
        symptoms=symptoms,
        absent=(report.absent - newly) | absent,
        unknown=(report.unknown - newly) | unknown,
        side=again.side or report.side,
        age=again.age if again.age is not None else report.age,
        days_since_injury=again.days_since_injury if again.days_since_injury is not None else report.days_since_injury,
    )
    confirm = [id_ for id_ in to_confirm if id_ not in newly] + warning
    return corrected, confirm


def _check_each(
    parsed: ParsedReport, report: SymptomReport, pack: RulePack, talk: TextIO, given: TextIO
) -> SymptomReport | None:
    """Each symptom the text gave, asked by its own question: the person's replies replace it."""
    ids = list(dict.fromkeys(f.symptom for f in parsed.findings if f.kind == "symptom" and f.about == "patient"))
    for id_ in [i for i in ids if i is not None]:
        question = question_for(id_, pack)
        reply = _ask_one(question, talk, given)
        if reply is None:
            return None
        if question.record(report, reply).symptoms:
            report = question.record(report, reply)
        else:
            # The last symptom said no: keep the report valid and let the interview go on.
            talk.write("(I need at least one thing the knee does; keeping this one.)\n")
    return report


def _yes_no(talk: TextIO, given: TextIO, prompt: str) -> Answer | None:
    while True:
        reply = _read(talk, given, prompt)
        if reply is None:
            return None
        word = reply.strip().lower()
        if word in _YES:
            return "yes"
        if word in _NO:
            return "no"
        talk.write("Please answer y (yes) or n (no).\n")


def _ask_one(question: Question, talk: TextIO, given: TextIO) -> Answer | int | None:
    hint = {"age": "[age in years, or ?]", "days": "[days, or ?]"}.get(question.kind, "[y/n/?]")
    while True:
        reply = _read(talk, given, f"{question.text} {hint} ")
        if reply is None:
            return None
        word = reply.strip().lower()
        if word in _UNKNOWN:
            return "unknown"
        if question.kind in _MEASURED:
            most, unit = _MEASURED[question.kind]
            if word.isdigit() and int(word) <= most:
                return int(word)
            talk.write(f"Please give a whole number of {unit}, or ? if you don't know.\n")
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
