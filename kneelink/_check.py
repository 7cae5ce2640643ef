"""``kneelink.check_pack()``: everything ``kneelink check`` reports about a pack."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path

from kneelink._analysis import Finding, analyse
from kneelink._answer import Suggestion
from kneelink._errors import KneelinkError
from kneelink._loader import pack_folder, read_pack, read_rule_file, rule_files
from kneelink._pack import RulePack
from kneelink._report import SymptomReport
from kneelink._schema import Example
from kneelink.engines._limits import durable_limit_problems


@dataclass(frozen=True)
class CheckReport:
    """What the checker found. ``ok`` is true when there is no error (warnings allowed).

    ``pack`` is the pack's name, or ``None`` when its files did not load; then ``name`` is
    the name its ``[pack]`` table declares, or its folder's name, for :meth:`format`.
    """

    pack: str | None
    findings: tuple[Finding, ...]
    examples_run: int
    name: str = ""

    @property
    def errors(self) -> tuple[Finding, ...]:
        """The findings of severity ``error``."""
        return tuple(finding for finding in self.findings if finding.severity == "error")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """The findings of severity ``warning``."""
        return tuple(finding for finding in self.findings if finding.severity == "warning")

    @property
    def ok(self) -> bool:
        """True when no finding is an error."""
        return not self.errors

    def format(self) -> str:
        """Every finding on a line of its own, then a summary line."""
        lines = [str(finding) for finding in self.findings]
        name = self.pack or self.name or "rule pack"
        lines.append(
            f"{name}: {len(self.errors)} error(s), {len(self.warnings)} warning(s), {self.examples_run} example(s) run"
        )
        return "\n".join(lines)


def check_pack(pack: RulePack | str | Path | Traversable) -> CheckReport:
    """Check a pack (a :class:`RulePack`, or the folder of one) and run its examples.

    Unlike :func:`kneelink.load_pack`, this reports every problem it can find instead of
    raising the first. Each finding has a severity, a code, file and line, and a message
    that says how to fix it.

    >>> import kneelink
    >>> report = kneelink.check_pack(kneelink.default_pack())
    >>> report.ok, report.findings
    (True, ())
    """
    if not isinstance(pack, RulePack):
        folder = pack_folder(pack)
        content, problems = read_pack(folder)
        if content is None:
            found = (
                Finding("error", problem.code, problem.problem, str(problem.path), problem.line) for problem in problems
            )
            return CheckReport(None, tuple(found), 0, name=_declared_name(folder))
        try:
            pack = RulePack(content)
        except KneelinkError as error:
            return CheckReport(content.header.name, (Finding("error", "compile", str(error)),), 0)
    findings = analyse(pack.content) + _durable_limit_findings(pack)
    for example in pack.content.examples:
        findings += _run_example(pack, example)
    return CheckReport(pack.info.name, tuple(findings), len(pack.content.examples))


def _declared_name(folder: Path | Traversable) -> str:
    """The name a pack that does not load gives itself, if a file that still parses says
    it; else its folder's name. Only for calling the pack something a person recognises."""
    try:
        items = rule_files(folder)
    except KneelinkError:
        return folder.name
    for item in items:
        raw = read_rule_file(item)  # never blocks on a FIFO, never leaves the folder
        if isinstance(raw, KneelinkError):
            continue
        try:
            declared = tomllib.loads(raw.decode("utf-8")).get("pack", {}).get("name")
        except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError, AttributeError):
            continue
        if isinstance(declared, str) and declared.strip():
            return declared
    return folder.name


def _durable_limit_findings(pack: RulePack) -> list[Finding]:
    """A warning, at the rule to blame, for each durable-rules limit the pack goes past:
    the native engine still runs it, so it is not an error."""
    findings = []
    for problem in durable_limit_problems(pack._compiled):
        where = pack.content.location("rule", problem.rule) if problem.rule else None
        message = f"{problem.describe()}; kneelink runs this pack on its native engine (engine='auto')"
        findings.append(
            Finding("warning", "durable-limit", message, where.path if where else None, where.line if where else None)
        )
    return findings


def example_failures(answer: Suggestion, example: Example) -> list[str]:
    """How ``answer`` differs from what ``example`` expects (empty when it matches)."""
    expect, problems = example.expect, []
    got: dict[str, object] = {
        "regions": answer.region_ids,
        "primary": tuple(sorted(r.region for r in answer.regions if r.role == "primary")),
        "triage": answer.triage,
        "red_flags": tuple(sorted(flag.id for flag in answer.red_flags)),
        "withheld": tuple(sorted(held.region for held in answer.withheld)),
    }
    wanted: dict[str, object] = {
        "regions": expect.regions,
        "primary": tuple(sorted(expect.primary)) if expect.primary is not None else None,
        "triage": expect.triage,
        "red_flags": tuple(sorted(expect.red_flags)) if expect.red_flags is not None else None,
        "withheld": tuple(sorted(expect.withheld)) if expect.withheld is not None else None,
    }
    for key, value in wanted.items():
        if value is not None and got[key] != value:
            problems.append(f"{key}: expected {value}, got {got[key]}")
    missing = [rule for rule in expect.fired or () if rule not in answer.fired_rules]
    if missing:
        problems.append(f"fired: expected {missing} to fire, fired {list(answer.fired_rules)}")
    return problems


def _run_example(pack: RulePack, example: Example) -> list[Finding]:
    where = pack.content.location("example", example.id)
    path, line = (where.path, where.line) if where else (None, None)
    try:
        # An example names its report's fields as a report does.
        report = SymptomReport(**example.model_dump(include=set(SymptomReport.model_fields)))
        answer = pack.suggest_regions(report)
    except KneelinkError as error:
        return [Finding("error", "example-failed", f"example {example.id!r} could not run: {error}", path, line)]
    return [
        Finding(
            "error",
            "example-failed",
            f"example {example.id!r}: {problem}; fix the rules or the example's `expect`",
            path,
            line,
        )
        for problem in example_failures(answer, example)
    ]
