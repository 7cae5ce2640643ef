"""kneelink interview: how an app runs one, from a sentence to a complete answer.

The flow an app would build (a chat screen, a form that grows question by question):

1. ``kneelink.parse`` reads what the person typed; the app shows what it understood,
   highlighting each finding's span, and what it did not understand.
2. ``kneelink.next_question`` asks, one at a time, what could still change the answer:
   warning signs first. The person answers yes, no or "don't know" (a number for the age).
3. When it returns ``None``, the answer is as good as these answers allow. If it is not
   ``complete`` (a warning sign answered "don't know"), the app must say so, as
   ``advice`` does, and never show it as the whole story.

Here the "person" is a script of answers, so the example runs unattended:

    python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/python examples/interview.py

kneelink is not medical advice and does not diagnose.
"""

from __future__ import annotations

import kneelink

TEXT = "My right knee hurts on the outside when I cycle, no swelling, I'm 34. My bike is new."
# What the person would answer, by question id; anything else is "no".
ANSWERS: dict[str, kneelink.Answer | int] = {"fever": "unknown"}


def highlight(parsed: kneelink.ParsedReport) -> str:
    """The text with each finding in [brackets], as an app would highlight it."""
    text, marked, at = parsed.text, [], 0
    for finding in parsed.findings:
        if finding.start < at:
            continue  # a side word inside a longer finding
        marked += [text[at : finding.start], f"[{text[finding.start : finding.end]}]"]
        at = finding.end
    return "".join([*marked, text[at:]])


def main() -> None:
    pack = kneelink.default_pack()
    parsed = kneelink.parse(TEXT)
    print(highlight(parsed))
    for span in parsed.unrecognised:
        print(f"  not understood: {span.text!r}")
    report = parsed.to_report()

    asked = 0
    while (question := kneelink.next_question(report)) is not None:
        asked += 1
        answer = ANSWERS.get(question.symptom, "no" if question.kind == "yes_no" else "unknown")
        print(f"Q{asked}: {question.text}  -> {answer}")
        report = report.with_answer(question.symptom, answer)

    result = kneelink.suggest_regions(report)
    print(f"\n{asked} questions; triage {result.triage}; complete: {result.complete}")
    print(result.advice)
    if result.unscreened:
        labels = [pack.symptoms[id_].label for id_ in result.unscreened if id_ in pack.symptoms]
        print("Still open:", "; ".join(labels))
    print("Regions:", ", ".join(f"{region.label} ({region.role})" for region in result.regions))


if __name__ == "__main__":
    main()
