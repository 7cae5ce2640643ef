"""durable-rules' hard limits: a pack at each limit runs on durable-rules, one just past it
is refused with the limit, the count and the rule's file and line, and ``auto`` runs it on
the native engine instead.

Past these limits durable-rules spins forever in ``create_ruleset``, overflows a stack
(error 303), runs out of message frames (304, or a crash) or refuses the ruleset (106,
108) without saying where. Every case runs in a child process with a timeout, so a
regression fails the test instead of hanging or killing the test run.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from packs import generated_pack, line_with, suggesting_rule

from kneelink.engines import _limits

pytestmark = pytest.mark.durable  # each case runs the pack at the limit on durable-rules

CHILD = textwrap.dedent(
    """
    import json, sys
    import kneelink

    at, past, check = sys.argv[1], sys.argv[2], sys.argv[5]
    symptoms, age = json.loads(sys.argv[3]), json.loads(sys.argv[4])

    def report(pack):
        # Every symptom not reported is answered "no", so the `none` conditions can hold.
        absent = [id_ for id_ in pack.symptoms if id_ not in symptoms]
        return kneelink.SymptomReport(symptoms=symptoms, age=age, absent=absent)

    durable = kneelink.load_pack(at, engine="durable", cache_size=0)
    answer = durable.suggest_regions(report(durable))
    native_pack = kneelink.load_pack(at, engine="native", cache_size=0)
    native = native_pack.suggest_regions(report(native_pack))
    same = answer.model_dump(exclude={"pack": {"engine"}}) == native.model_dump(exclude={"pack": {"engine"}})
    result = {"at": {"engine": durable.engine, "fired": len(answer.fired_rules), "same": same}}
    try:
        kneelink.load_pack(past, engine="durable")
    except kneelink.PackError as error:
        result["past"] = {"type": type(error).__name__, "message": str(error), "line": getattr(error, "line", None)}
    auto = kneelink.load_pack(past)
    result["auto"] = {"engine": auto.engine, "fired": len(auto.suggest_regions(report(auto)).fired_rules)}
    if check == "check":
        findings = [f for f in kneelink.check_pack(past).findings if f.code == "durable-limit"]
        result["check"] = [[f.severity, f.message, f.line] for f in findings]
    print(json.dumps(result))
    """
)


@dataclass(frozen=True)
class Case:
    """A pack at a limit and one just past it: symptoms and rule blocks of each, a report
    that fires rules in both, and what the refusal must say."""

    symptoms: Sequence[str]
    at: Sequence[str]
    past: Sequence[str]
    report: Sequence[str]
    age: int | None
    fired: int  # rules the report fires in the pack at the limit
    problem: str  # the refusal's message, without file and line
    blamed: str  # the rule whose line the refusal names
    # check_pack's reachability analysis is slow on 500 rules (issue 12, point 6), so the
    # largest pack skips it; the others check the finding check_pack gives.
    check: bool = True


def _ids(prefix: str, count: int) -> list[str]:
    return [f"{prefix}{index}" for index in range(count)]


def _list(ids: Sequence[str]) -> str:
    return "[" + ", ".join(f'"{id_}"' for id_ in ids) + "]"


def _distinct_tests() -> Case:
    # Every required fact and every `none` symptom is a distinct test; ten rules use `none`.
    limit = _limits.MAX_DISTINCT_TESTS
    symptoms = _ids("s", limit + 1)
    negated = [suggesting_rule(f"n{i}", f'{{ all = ["s0"], none = ["s{i}"] }}') for i in range(1, 11)]

    def rules(tests: int) -> list[str]:
        return negated + [suggesting_rule(f"r{i}", f'{{ all = ["s{i}"] }}') for i in range(tests - 10)]

    return Case(
        symptoms,
        rules(limit),
        rules(limit + 1),
        report=["s0", "s1", "s250", symptoms[limit - 11]],
        age=None,
        fired=4 + 9,  # r0, r1, r250, the last r; and every n but n1
        problem=f"the pack has {limit + 1} distinct condition tests; durable-rules takes at most {limit}"
        f" (rule 'r{limit - 10}' is the first past it)",
        blamed=f"r{limit - 10}",
        check=False,
    )


def _rules_per_test() -> Case:
    limit = _limits.MAX_RULES_PER_TEST
    symptoms = ["s", *_ids("t", 8)]

    def rules(count: int) -> list[str]:
        return [suggesting_rule(f"r{i}", f'{{ all = ["s", "t{i % 8}"] }}') for i in range(count)]

    return Case(
        symptoms,
        rules(limit),
        rules(limit + 1),
        report=["s", "t3"],
        age=None,
        fired=limit // 8,
        problem=(
            f"the pack has {limit + 1} compiled rules sharing one condition (fact 's'); "
            f"durable-rules takes at most {limit} (rule 'r{limit}' is the first past it)"
        ),
        blamed=f"r{limit}",
    )


def _compiled_rules() -> Case:
    # 256 rules of 16 `any` alternatives each: 4,096 compiled rules over 128 symptoms, each
    # symptom in 64 of them, so no other limit is near.
    limit = _limits.MAX_COMPILED_RULES
    a, b = _ids("a", 64), _ids("b", 64)

    def rules(count: int) -> list[str]:
        blocks = []
        for index in range(256):
            alternatives = [b[(index * 16 + k) % 64] for k in range(min(16, count - index * 16))]
            blocks.append(suggesting_rule(f"r{index}", f'{{ all = ["{a[index % 64]}"], any = {_list(alternatives)} }}'))
        return blocks

    return Case(
        a + b,
        rules(limit),
        rules(limit + 1),
        report=["a0", "b0", "b1"],
        age=None,
        fired=4,  # r0 (a0 with b0, b1) and r64, r128, r192 (a0 with b0, b1 too)
        problem=(
            f"the pack has {limit + 1} compiled rules (each `any` alternative counts); "
            f"durable-rules takes at most {limit} (rule 'r255' is the first past it)"
        ),
        blamed="r255",
    )


def _facts_per_rule() -> Case:
    limit = _limits.MAX_FACTS_PER_RULE
    symptoms = _ids("s", limit + 1)
    at = suggesting_rule("big", f"{{ all = {_list(symptoms[:limit])} }}")
    # Age and `none` count as facts too: 15 symptoms, an age and one absence.
    past = suggesting_rule("big", f'{{ all = {_list(symptoms[: limit - 1])}, age = {{ min = 1 }}, none = ["s16"] }}')
    return Case(
        symptoms,
        [at],
        [past],
        report=symptoms[:limit],
        age=40,
        fired=1,
        problem=(
            f"rule 'big' has {limit + 1} facts to match at once (`all`, one `any` item, age, `none`); "
            f"durable-rules takes at most {limit}"
        ),
        blamed="big",
    )


def _age_ranges() -> Case:
    limit = _limits.MAX_AGE_TESTS
    symptoms = _ids("s", limit + 1)

    def rules(count: int) -> list[str]:
        return [suggesting_rule(f"r{i}", f'{{ all = ["s{i}"], age = {{ min = {i} }} }}') for i in range(count)]

    return Case(
        symptoms,
        rules(limit),
        rules(limit + 1),
        report=symptoms[:limit],  # an age of 100 passes every range at once
        age=100,
        fired=limit,
        problem=f"the pack has {limit + 1} distinct age ranges; durable-rules takes at most {limit}"
        f" (rule 'r{limit}' is the first past it)",
        blamed=f"r{limit}",
    )


CASES = {
    "distinct_tests": _distinct_tests,
    "rules_per_test": _rules_per_test,
    "compiled_rules": _compiled_rules,
    "facts_per_rule": _facts_per_rule,
    "age_ranges": _age_ranges,
}


def _run_child(at: Path, past: Path, case: Case) -> dict[str, Any]:
    check = "check" if case.check else "no-check"
    args = [str(at), str(past), json.dumps(list(case.report)), json.dumps(case.age), check]
    child = subprocess.run(
        [sys.executable, "-X", "faulthandler", "-c", CHILD, *args], capture_output=True, text=True, timeout=240
    )
    assert child.returncode == 0, f"exit status {child.returncode}; stderr:\n{child.stderr[-3000:]}"
    result: dict[str, Any] = json.loads(child.stdout)
    return result


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_pack_at_the_limit_runs_and_one_past_it_is_refused(name: str, tmp_path: Path) -> None:
    case = CASES[name]()
    at = generated_pack(tmp_path / "at", case.symptoms, case.at)
    past = generated_pack(tmp_path / "past", case.symptoms, case.past)
    result = _run_child(at, past, case)

    assert result["at"] == {"engine": "durable", "fired": case.fired, "same": True}

    text = (past / "pack.toml").read_text(encoding="utf-8")
    line = line_with(text, f'id = "{case.blamed}"') - 1  # the [[rule]] header
    fix = "load it with engine='native' or engine='auto'"
    assert result["past"] == {
        "type": "RuleFileError",
        "message": f"{past / 'pack.toml'}:{line}: {case.problem}; {fix}",
        "line": line,
    }
    assert result["auto"]["engine"] == "native"
    assert result["auto"]["fired"] >= 1
    if case.check:
        assert result["check"] == [
            ["warning", f"{case.problem}; kneelink runs this pack on its native engine (engine='auto')", line]
        ]


# Builds the durable-rules ruleset for the pack past the limit without kneelink's guard,
# and evaluates the report: durable-rules itself must fail there, or the bound is too low.
UNGUARDED = textwrap.dedent(
    """
    import json, sys
    import kneelink
    from kneelink.engines._compiler import compile_pack
    from kneelink.engines._durable import Engine
    from kneelink._loader import load_content

    past, symptoms, age = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
    try:
        content = load_content(kneelink._pack.Path(past))
        engine = Engine(compile_pack(content), "unguarded")
        engine.evaluate(frozenset(symptoms), age, frozenset(content.symptoms) - frozenset(symptoms))
    except kneelink.EngineError as error:
        print("failed:", error)
    else:
        print("worked")
    """
)


@pytest.mark.parametrize("name", sorted(CASES))
def test_durable_rules_itself_fails_just_past_each_bound(name: str, tmp_path: Path) -> None:
    case = CASES[name]()
    past = generated_pack(tmp_path / "past", case.symptoms, case.past)
    report = case.report if name != "distinct_tests" else [*case.report, f"s{_limits.MAX_DISTINCT_TESTS - 10}"]
    args = [str(past), json.dumps(list(report)), json.dumps(case.age)]
    child = subprocess.run(
        [sys.executable, "-c", UNGUARDED, *args], capture_output=True, text=True, timeout=120, check=False
    )
    # durable-rules' own error code for the limit (rules.h), or a crash: the bound is exact.
    code = {
        "distinct_tests": 303,
        "rules_per_test": 108,
        "compiled_rules": 106,
        "facts_per_rule": 304,
        "age_ranges": 303,
    }
    assert child.returncode != 0 or f"error code: {code[name]}" in child.stdout, child.stdout
