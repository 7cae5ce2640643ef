"""Rule coverage: which rules fired while some code ran (tests, a batch, a notebook).

:class:`RuleCoverage` watches every ``suggest_regions()`` call in the process, on any
thread, and counts how many calls each rule of one pack fired in. The pytest plugin
(``--kneelink-coverage``) and ``kneelink coverage`` are built on it; it works without
pytest too::

    with kneelink.testing.coverage() as seen:
        run_my_checks()
    print(seen.table())
"""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import TYPE_CHECKING, Any, TextIO

from kneelink._answer import Suggestion
from kneelink._pack import RulePack, add_observer, default_pack, remove_observer
from kneelink._report import SymptomReport

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy


class RuleCoverage:
    """Counts, per rule of ``pack`` (the default pack if ``None``), the calls it fired in.

    Answers from other packs are ignored; a pack is recognised by its content hash, so a
    second load of the same files counts too.

    >>> import kneelink
    >>> with RuleCoverage() as seen:
    ...     _ = kneelink.suggest_regions(["lateral_knee_pain"])
    >>> seen.counts["outer_knee_pain_may_be_the_it_band"], seen.calls
    (1, 1)
    >>> "night_pain" in seen.uncovered
    True
    """

    def __init__(self, pack: RulePack | None = None) -> None:
        self.pack = pack or default_pack()
        self.counts: Counter[str] = Counter()
        self.calls = 0
        self.other_packs: Counter[str] = Counter()  # "name version" -> calls, to explain a 0%
        self._lock = threading.Lock()

    def record(self, pack: RulePack, answer: Suggestion) -> None:
        """Count one answer (an observer of every ``suggest_regions()`` call)."""
        with self._lock:
            if answer.pack.content_hash != self.pack.info.content_hash:
                self.other_packs[f"{answer.pack.name} {answer.pack.version}"] += 1
                return
            self.calls += 1
            self.counts.update(answer.fired_rules)

    def start(self) -> RuleCoverage:
        add_observer(self.record)
        return self

    def stop(self) -> None:
        remove_observer(self.record)

    def __enter__(self) -> RuleCoverage:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def rule_ids(self) -> tuple[str, ...]:
        return tuple(rule.id for rule in self.pack.rules)

    @property
    def covered(self) -> tuple[str, ...]:
        return tuple(rule for rule in self.rule_ids if self.counts[rule])

    @property
    def uncovered(self) -> tuple[str, ...]:
        return tuple(rule for rule in self.rule_ids if not self.counts[rule])

    @property
    def percent(self) -> float:
        return 100.0 * len(self.covered) / len(self.rule_ids) if self.rule_ids else 100.0

    def table(self) -> str:
        """A table of every rule: id, calls it fired in, and its source; then the total."""
        width = max((len(rule) for rule in self.rule_ids), default=4)
        lines = [f"{'rule':<{width}}  {'fired':>6}  source", f"{'-' * width}  {'-' * 6}  {'-' * 6}"]
        for rule in self.pack.rules:
            cites = ", ".join(rule.cite)
            lines.append(f"{rule.id:<{width}}  {self.counts[rule.id]:>6}  {cites}")
        lines.append(
            f"rule coverage of {self.pack.info.name} {self.pack.info.version}: "
            f"{len(self.covered)}/{len(self.rule_ids)} rules ({self.percent:.1f}%) over {_calls(self.calls)}"
        )
        if self.calls == 0:
            lines.append(self._hint())
        return "\n".join(lines)

    def _hint(self) -> str:
        """Why no call counted: calls count only for the measured pack's files."""
        measured = f"{self.pack.info.name} {self.pack.info.version}"
        if not self.other_packs:
            return f"hint: no suggest_regions() call was made while measuring {measured}"
        others = ", ".join(f"{name} ({_calls(count)})" for name, count in sorted(self.other_packs.items()))
        total = sum(self.other_packs.values())
        pack = "another pack" if len(self.other_packs) == 1 else "other packs"
        return (
            f"hint: {_calls(total)} used {pack}: {others}; only calls on {measured} "
            "(a pack loaded from the same files) count"
        )


def _calls(count: int) -> str:
    return f"{count} call{'s' * (count != 1)}"


@contextmanager
def _hypothesis_files_elsewhere() -> Iterator[None]:
    """Keep Hypothesis' files (its example database, cached constants) out of the
    working directory of someone running ``kneelink coverage``: in a temporary folder,
    unless HYPOTHESIS_STORAGE_DIRECTORY says where."""
    from hypothesis import configuration

    previous: Any = getattr(configuration, "__hypothesis_home_directory", None)
    with tempfile.TemporaryDirectory(prefix="kneelink-hypothesis-") as folder:
        configuration.set_hypothesis_home_dir(previous or os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY") or folder)
        try:
            yield
        finally:
            configuration.set_hypothesis_home_dir(previous)


def generated_coverage(
    pack: RulePack,
    generate: SearchStrategy[SymptomReport],
    reports: int,
    seed: int,
    out: TextIO,
    *,
    as_json: bool = False,
) -> int:
    """``kneelink coverage``: fire ``reports`` reports drawn from ``generate`` (a Hypothesis
    strategy: the command passes :func:`kneelink.testing.reports`) at ``pack``, then name
    each rule none of them fired, with a witness report that does fire it if one exists
    (``as_json``: the same as one JSON object).

    Returns 1 if some rule can never fire, else 0.
    """
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as seeded

    from kneelink._analysis import witness

    @seeded(seed)
    @settings(
        max_examples=reports,
        database=None,
        phases=[Phase.generate],
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(generate)
    def fire(report: SymptomReport) -> None:
        pack.suggest_regions(report)

    with _hypothesis_files_elsewhere(), RuleCoverage(pack) as seen:
        fire()
    lines = [f"{seen.calls} generated reports fired {len(seen.covered)} of {len(seen.rule_ids)} rules."]
    not_fired: list[dict[str, Any]] = []
    unreachable = 0
    for rule_id in seen.uncovered:
        found = witness(pack.content, pack.content.rule(rule_id))
        if found is None:
            unreachable += 1
            lines.append(f"  {rule_id}: can never fire (see `kneelink check`)")
            not_fired.append({"rule": rule_id, "witness": None})
            continue
        answer = pack.suggest_regions(SymptomReport(**dataclasses.asdict(found)))  # a witness's fields are a report's
        fires = rule_id in answer.fired_rules
        confirmed = "fires it" if fires else "DOES NOT fire it (please report this)"
        lines.append(f"  {rule_id}: not fired; witness `kneelink suggest {found}` {confirmed}")
        shown = {
            "symptoms": list(found.symptoms),
            "age": found.age,
            "days_since_injury": found.days_since_injury,
            "absent": list(found.absent),
        }
        not_fired.append({"rule": rule_id, "witness": shown, "witness_fires_it": fires})
    if as_json:
        summary = {"reports": seen.calls, "rules": len(seen.rule_ids), "fired": len(seen.covered)}
        out.write(json.dumps({**summary, "not_fired": not_fired}, indent=2) + "\n")
    else:
        out.write("\n".join(lines) + "\n")
    return 1 if unreachable else 0
