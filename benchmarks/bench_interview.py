"""How long the interview takes: ``parse``, ``next_question`` and a whole interview.

Run from the repository root::

    .venv/bin/python benchmarks/bench_interview.py [--rounds N] [--json]

It measures, over the sentences of ``tests/data/parse_corpus.toml`` (each timed once per
round):

- ``parse`` of one sentence: median and p99 in microseconds;
- ``next_question`` for the report each sentence gives (one ``suggest_regions`` and the
  screening analysis): median and p99;
- a whole interview from each sentence, every question answered "no": median and p99 in
  milliseconds, and how many questions it asked (median and maximum);
- interviews of ``--people`` generated people (seeded): each has a hidden truth (a knee
  pain, some aggravating factors and conditions, each warning sign with a small chance,
  an age), opens with what is not a warning sign, and answers every question truthfully
  as it is asked (``Question.record``): the mean and worst number of questions.

It prints numbers and asserts nothing about them.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import time
import tomllib
from pathlib import Path
from typing import Any

import kneelink

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "parse_corpus.toml"


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def _interview(report: kneelink.SymptomReport) -> int:
    asked = 0
    while (question := kneelink.next_question(report)) is not None:
        asked += 1
        # Every symptom absent ("no" as the symptom, whatever the question's wording).
        answer = {"age": 40, "days": 3}.get(question.kind, "no")
        report = report.with_answer(question.symptom, answer)  # type: ignore[arg-type]
    return asked


def _person(pack: kneelink.RulePack, rng: random.Random) -> tuple[set[str], int]:
    """A hidden truth: the symptoms a generated person has, and their age."""
    by_category: dict[str, list[str]] = {}
    for id_, symptom in pack.symptoms.items():
        by_category.setdefault(symptom.category, []).append(id_)
    truth = {rng.choice(by_category["knee_pain"])}
    truth |= set(rng.sample(by_category["aggravating_factor"], rng.randint(0, 2)))
    truth |= set(rng.sample(by_category["condition"], rng.randint(0, 1)))
    truth |= {id_ for id_ in by_category["red_flag"] + by_category["context"] if rng.random() < 0.05}
    return truth, rng.randint(8, 85)


def _people(pack: kneelink.RulePack, count: int, seed: int) -> list[int]:
    """How many questions each generated person is asked, answering truthfully."""
    rng = random.Random(seed)
    warning = {id_ for id_, s in pack.symptoms.items() if s.category in ("red_flag", "context")}
    counts: list[int] = []
    for _ in range(count):
        truth, age = _person(pack, rng)
        report = kneelink.SymptomReport(symptoms=truth - warning)
        asked = 0
        while (question := kneelink.next_question(report, pack)) is not None:
            asked += 1
            if question.kind in ("age", "days"):
                report = question.record(report, age if question.kind == "age" else rng.randint(0, 30))
                continue
            has = question.symptom in truth
            reply: kneelink.Answer = "yes" if has != (question.asks == "absent") else "no"
            report = question.record(report, reply)
        counts.append(asked)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--people", type=int, default=200, help="generated people to interview (default 200)")
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    texts = [case["text"] for case in tomllib.loads(CORPUS.read_text(encoding="utf-8"))["case"]]
    reports = [parsed.to_report() for parsed in map(kneelink.parse, texts) if parsed.symptoms]
    kneelink.next_question(reports[0])  # load the pack outside the timings

    parse_s: list[float] = []
    question_s: list[float] = []
    interview_s: list[float] = []
    asked: list[int] = []
    for _ in range(args.rounds):
        for text in texts:
            start = time.perf_counter()
            kneelink.parse(text)
            parse_s.append(time.perf_counter() - start)
        for report in reports:
            start = time.perf_counter()
            kneelink.next_question(report)
            question_s.append(time.perf_counter() - start)
    for report in reports:
        start = time.perf_counter()
        asked.append(_interview(report))
        interview_s.append(time.perf_counter() - start)

    people = _people(kneelink.default_pack(), args.people, args.seed)

    result: dict[str, Any] = {
        "python": platform.python_version(),
        "sentences": len(texts),
        "reports": len(reports),
        "rounds": args.rounds,
        "parse_median_us": statistics.median(parse_s) * 1e6,
        "parse_p99_us": _percentile(parse_s, 0.99) * 1e6,
        "next_question_median_us": statistics.median(question_s) * 1e6,
        "next_question_p99_us": _percentile(question_s, 0.99) * 1e6,
        "interview_median_ms": statistics.median(interview_s) * 1e3,
        "interview_p99_ms": _percentile(interview_s, 0.99) * 1e3,
        "questions_median": statistics.median(asked),
        "questions_max": max(asked),
        "people": args.people,
        "people_questions_mean": statistics.mean(people),
        "people_questions_median": statistics.median(people),
        "people_questions_max": max(people),
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"Python {result['python']}; {len(texts)} sentences, {len(reports)} with a symptom present")
    print(f"parse:          median {result['parse_median_us']:8.1f} µs   p99 {result['parse_p99_us']:8.1f} µs")
    print(
        f"next_question:  median {result['next_question_median_us']:8.1f} µs   "
        f"p99 {result['next_question_p99_us']:8.1f} µs"
    )
    print(
        f"whole interview (all 'no'): median {result['interview_median_ms']:.1f} ms, "
        f"p99 {result['interview_p99_ms']:.1f} ms; questions: median {result['questions_median']}, "
        f"max {result['questions_max']}"
    )
    print(
        f"{args.people} generated people answering truthfully: questions mean "
        f"{result['people_questions_mean']:.1f}, median {result['people_questions_median']}, "
        f"worst {result['people_questions_max']}"
    )


if __name__ == "__main__":
    main()
