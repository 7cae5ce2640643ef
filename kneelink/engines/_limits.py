"""durable-rules' hard limits, counted before a ruleset is created.

durable-rules 2.0.28 fails badly past fixed sizes in its C code: some limits give an error
code with no location, others spin forever or crash the process. kneelink counts each one
for a compiled pack before calling ``create_ruleset``; ``engine="durable"`` refuses a pack
over a limit with a :class:`~kneelink.PackError` naming the limit and the count, and
``engine="auto"`` runs it on the native engine instead. Every bound below was found by
experiment on durable-rules 2.0.28 (each probe in a child process with a timeout;
``tests/engines/test_durable_limits.py`` keeps them) and is the largest pack size that works; kneelink's
own opening rule (see :mod:`kneelink.engines._durable`) is already subtracted.

- :data:`MAX_DISTINCT_TESTS`: distinct condition tests in the whole pack (every fact id a
  rule requires, every ``none`` symptom, every distinct age range). durable-rules keeps the
  first test of every condition in one hash table of 512 slots (``NEXT_BUCKET_LENGTH``);
  with 512 tests an assertion overflows its stack (error 303) or loops, with 513
  ``create_ruleset`` never returns.
- :data:`MAX_RULES_PER_TEST`: compiled rules sharing one test (``BETA_LIST_LENGTH``;
  error 108 past it).
- :data:`MAX_COMPILED_RULES`: compiled rules, each ``any`` alternative counting
  (``MAX_ACTIONS`` = 4096 with the opening rule; error 106 past it).
- :data:`MAX_FACTS_PER_RULE`: facts one firing matches, positives, age and ``none``
  symptoms together (``MAX_MESSAGE_FRAMES``); past it, the rule fails with error 304 when
  it fires, or crashes the process.
- :data:`MAX_AGE_TESTS`: distinct age ranges; one age can match them all at once, and
  durable-rules' matcher stacks each match (``MAX_STACK_SIZE`` = 64; error 303 past it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from kneelink._errors import PackError, RuleFileError
from kneelink._loader import PackContent
from kneelink.engines._compiler import CompiledPack, CompiledRule

MAX_DISTINCT_TESTS = 510
MAX_RULES_PER_TEST = 256
MAX_COMPILED_RULES = 4095
MAX_FACTS_PER_RULE = 16
MAX_AGE_TESTS = 64

Test = tuple[str, str] | tuple[str, int | None, int | None]


@dataclass(frozen=True)
class LimitProblem:
    """A durable-rules limit the pack goes past: which, by how much, and the rule to
    blame where there is one (the first rule that takes the count past the limit)."""

    limit: str
    count: int
    maximum: int
    rule: str | None
    per_rule: bool = False

    def describe(self) -> str:
        if self.per_rule:
            return f"rule {self.rule!r} has {self.count} {self.limit}; durable-rules takes at most {self.maximum}"
        blame = f" (rule {self.rule!r} is the first past it)" if self.rule else ""
        return f"the pack has {self.count} {self.limit}; durable-rules takes at most {self.maximum}{blame}"


def _tests(compiled: CompiledRule) -> Iterator[Test]:
    yield from (("fact", id_) for id_ in compiled.positive)
    if compiled.has_age:
        yield ("age", compiled.age_min, compiled.age_max)
    yield from (("absent", id_) for id_ in compiled.none)


def _describe_test(test: Test) -> str:
    if len(test) == 3:
        return f"age range {test[1]}..{test[2]}"
    kind = "fact" if test[0] == "fact" else "absence of symptom"
    return f"{kind} {test[1]!r}"


def durable_limit_problems(compiled: CompiledPack) -> list[LimitProblem]:
    """Every durable-rules limit ``compiled`` goes past (empty when durable can run it)."""
    problems: list[LimitProblem] = []
    first_over: dict[str, str] = {}
    seen: set[Test] = set()
    ages: set[Test] = set()
    sharing: Counter[Test] = Counter()
    for index, rule in enumerate(compiled.rules):
        if rule.fact_count > MAX_FACTS_PER_RULE:
            limit = "facts to match at once (`all`, one `any` item, age, `none`)"
            problems.append(LimitProblem(limit, rule.fact_count, MAX_FACTS_PER_RULE, rule.rule.id, per_rule=True))
        for test in _tests(rule):
            sharing[test] += 1
            if sharing[test] == MAX_RULES_PER_TEST + 1:
                first_over[f"rules:{test}"] = rule.rule.id
            if test not in seen:
                seen.add(test)
                if len(seen) == MAX_DISTINCT_TESTS + 1:
                    first_over["distinct"] = rule.rule.id
                if test[0] == "age":
                    ages.add(test)
                    if len(ages) == MAX_AGE_TESTS + 1:
                        first_over["ages"] = rule.rule.id
        if index == MAX_COMPILED_RULES:
            first_over["compiled"] = rule.rule.id
    if len(seen) > MAX_DISTINCT_TESTS:
        problems.append(LimitProblem("distinct condition tests", len(seen), MAX_DISTINCT_TESTS, first_over["distinct"]))
    if len(ages) > MAX_AGE_TESTS:
        problems.append(LimitProblem("distinct age ranges", len(ages), MAX_AGE_TESTS, first_over["ages"]))
    if len(compiled.rules) > MAX_COMPILED_RULES:
        problems.append(
            LimitProblem(
                "compiled rules (each `any` alternative counts)",
                len(compiled.rules),
                MAX_COMPILED_RULES,
                first_over["compiled"],
            )
        )
    for test, count in sharing.items():
        if count > MAX_RULES_PER_TEST:
            limit = f"compiled rules sharing one condition ({_describe_test(test)})"
            problems.append(LimitProblem(limit, count, MAX_RULES_PER_TEST, first_over[f"rules:{test}"]))
    return problems


def check_durable_limits(compiled: CompiledPack, content: PackContent) -> None:
    """Raise for the first limit ``compiled`` goes past: a :class:`~kneelink.RuleFileError`
    at the rule to blame, or a :class:`~kneelink.PackError`."""
    for problem in durable_limit_problems(compiled):
        message = f"{problem.describe()}; load it with engine='native' or engine='auto'"
        where = content.location("rule", problem.rule) if problem.rule else None
        if where is not None:
            raise RuleFileError(where.path, where.line, message, code="durable-limit")
        raise PackError(f"rule pack {content.header.name!r}: {message}")
