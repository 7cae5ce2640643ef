"""Rule coverage: the pytest plugin (``--kneelink-coverage`` and friends), run on inner test
suites with pytester, and :class:`RuleCoverage` used directly."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from packs import REGION_CALF, RULE_ROLL_THE_CALF, SYMPTOM_KNEE_PAIN, header, write_pack

import kneelink
from kneelink._coverage import RuleCoverage
from kneelink._pack import default_rules_folder
from kneelink._schema import Rule

pytest_plugins = ["pytester"]

PARTIAL_SUITE = """
import kneelink

def test_outer_knee_pain():
    assert kneelink.suggest_regions(["lateral_knee_pain"]).regions

def test_outer_knee_pain_again():
    assert kneelink.suggest_regions(["lateral_knee_pain"]).regions
"""

# Every shipped example, which together fire every shipped rule.
FULL_SUITE = """
import kneelink

def test_every_example():
    pack = kneelink.default_pack()
    for example in pack.content.examples:
        pack.suggest_regions(
            example.symptoms, side=example.side, age=example.age, days_since_injury=example.days_since_injury,
            contraindications=example.contraindications
        )
"""

SMALL_PACK = (
    header("small", "0.3")
    + SYMPTOM_KNEE_PAIN
    + """
[[symptom]]
id = "cycling"
label = "Worse when cycling"
category = "aggravating_factor"
cite = ["article#6"]
"""
    + REGION_CALF
    + RULE_ROLL_THE_CALF
    + """
[[rule]]
id = "cycling_rolls_the_calf"
summary = "Cycling rolls the calf."
when = { all = ["knee_pain", "cycling"] }
suggest = ["calf"]
role = "supporting"
cite = ["article#6"]
"""
)


def summary_line(name: str, version: str, covered: int, total: int, calls: int) -> str:
    percent = 100 * covered / total
    return f"rule coverage of {name} {version}: {covered}/{total} rules ({percent:.1f}%) over {calls} call" + "s" * (
        calls != 1
    )


def row_count(lines: list[str], rule: Rule) -> int:
    """The count the coverage table gives ``rule`` (its row: id, count, source)."""
    cites = ", ".join(rule.cite)
    pattern = re.compile(rf"^{re.escape(rule.id)}\s+(\d+)\s+{re.escape(cites)}$")
    counts = [int(match.group(1)) for line in lines if (match := pattern.match(line))]
    assert len(counts) == 1, f"no single table row for {rule.id!r}"
    return counts[0]


@pytest.fixture(scope="module")
def outer_knee_pain_rules() -> tuple[str, ...]:
    """What one report of outer knee pain fires, in default pack order."""
    fired = set(kneelink.suggest_regions(["lateral_knee_pain"]).fired_rules)
    return tuple(rule.id for rule in kneelink.default_pack().rules if rule.id in fired)


def test_the_table_and_summary_line(pytester: pytest.Pytester, outer_knee_pain_rules: tuple[str, ...]) -> None:
    pack = kneelink.default_pack()
    pytester.makepyfile(test_inner=PARTIAL_SUITE)
    result = pytester.runpytest_inprocess("--kneelink-coverage")
    result.assert_outcomes(passed=2)
    assert result.ret == 0
    lines = result.outlines
    assert any("kneelink rule coverage" in line for line in lines)
    assert re.search(r"^rule\s+fired\s+source$", "\n".join(lines), re.MULTILINE)
    covered = len(outer_knee_pain_rules)
    assert 0 < covered < len(pack.rules)
    assert summary_line(pack.info.name, pack.info.version, covered, len(pack.rules), 2) in lines
    for rule in pack.rules:
        assert row_count(lines, rule) == (2 if rule.id in outer_knee_pain_rules else 0), rule.id


def test_without_the_option_there_is_no_table(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_inner=PARTIAL_SUITE)
    result = pytester.runpytest_inprocess()
    assert result.ret == 0
    assert "rule coverage" not in result.stdout.str()


def test_fail_under_on_a_partial_suite_fails_and_names_the_rules_never_fired(
    pytester: pytest.Pytester, outer_knee_pain_rules: tuple[str, ...]
) -> None:
    pack = kneelink.default_pack()
    pytester.makepyfile(test_inner=PARTIAL_SUITE)
    result = pytester.runpytest_inprocess("--kneelink-coverage-fail-under=100")
    result.assert_outcomes(passed=2)  # every test passed, yet the run fails
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    never = [rule.id for rule in pack.rules if rule.id not in outer_knee_pain_rules]
    percent = 100 * len(outer_knee_pain_rules) / len(pack.rules)
    assert f"FAIL: rule coverage {percent:.1f}% is under 100%; never fired: {', '.join(never)}" in result.outlines
    # The table comes with it, though --kneelink-coverage was not given.
    assert summary_line(pack.info.name, pack.info.version, len(outer_knee_pain_rules), len(pack.rules), 2) in (
        result.outlines
    )


def test_fail_under_met_passes(pytester: pytest.Pytester, outer_knee_pain_rules: tuple[str, ...]) -> None:
    pack = kneelink.default_pack()
    total = len(pack.rules)
    pytester.makepyfile(test_inner=FULL_SUITE)
    result = pytester.runpytest_inprocess("--kneelink-coverage-fail-under=100")
    assert result.ret == 0
    calls = len(pack.content.examples)
    assert summary_line(pack.info.name, pack.info.version, total, total, calls) in result.outlines
    assert not any(line.startswith("FAIL: rule coverage") for line in result.outlines)

    # A threshold the partial suite just meets passes too; one just above it does not.
    percent = 100 * len(outer_knee_pain_rules) / total
    pytester.makepyfile(test_inner=PARTIAL_SUITE)
    assert pytester.runpytest_inprocess(f"--kneelink-coverage-fail-under={percent - 0.01}").ret == 0
    assert pytester.runpytest_inprocess(f"--kneelink-coverage-fail-under={percent + 0.01}").ret == 1


def test_a_failing_suite_keeps_its_own_exit_status(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_inner=PARTIAL_SUITE + "\ndef test_fails():\n    assert False\n")
    result = pytester.runpytest_inprocess("--kneelink-coverage-fail-under=100")
    result.assert_outcomes(passed=2, failed=1)
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_coverage_of_another_pack(pytester: pytest.Pytester) -> None:
    folder = write_pack(pytester.path / "small_pack", pack=SMALL_PACK)
    pytester.makepyfile(
        test_inner=f"""
import kneelink

def test_small_pack():
    pack = kneelink.load_pack({str(folder)!r})
    assert pack.suggest_regions(["knee_pain"]).region_ids == ("calf",)
    assert pack.suggest_regions(["knee_pain"]).region_ids == ("calf",)

def test_default_pack_is_not_counted():
    kneelink.suggest_regions(["knee_pain", "cycling"])
"""
    )
    result = pytester.runpytest_inprocess(f"--kneelink-coverage-pack={folder}", "--kneelink-coverage-fail-under=50")
    result.assert_outcomes(passed=2)
    assert result.ret == 0
    assert summary_line("small", "0.3", 1, 2, 2) in result.outlines
    pack = kneelink.load_pack(folder)
    assert row_count(result.outlines, pack.rules[0]) == 2
    assert row_count(result.outlines, pack.rules[1]) == 0
    assert not any(line.startswith("any_knee_pain") for line in result.outlines)  # no default rule in the table

    failed = pytester.runpytest_inprocess(f"--kneelink-coverage-pack={folder}", "--kneelink-coverage-fail-under=51")
    assert failed.ret == 1
    assert "FAIL: rule coverage 50.0% is under 51%; never fired: cycling_rolls_the_calf" in failed.outlines


def test_the_plugin_is_registered_by_the_installed_entry_point(pytester: pytest.Pytester) -> None:
    pack = kneelink.default_pack()
    pytester.makepyfile(test_inner=PARTIAL_SUITE)
    result = pytester.runpytest_subprocess("--kneelink-coverage", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)
    assert any(line.startswith(f"rule coverage of {pack.info.name} {pack.info.version}: ") for line in result.outlines)
    help_text = pytester.runpytest_subprocess("--help").stdout.str()
    for option in ("--kneelink-coverage", "--kneelink-coverage-fail-under", "--kneelink-coverage-pack"):
        assert option in help_text


# --- RuleCoverage directly ------------------------------------------------------------------

REPORTS: list[list[str]] = [
    ["lateral_knee_pain"],
    ["patellar_tracking_problem", "stairs_pain"],
    ["knee_injury", "unable_to_bear_weight"],
    ["hot_swollen_knee", "fever", "knee_pain"],
]


def test_rule_coverage_counts_calls_from_four_threads() -> None:
    pack = kneelink.default_pack()
    per_thread = 15
    fired = [pack.suggest_regions(report).fired_rules for report in REPORTS]  # before counting starts
    expected: dict[str, int] = {}
    for rules in fired:
        for rule in rules:
            expected[rule] = expected.get(rule, 0) + per_thread
    barrier = threading.Barrier(len(REPORTS))
    problems: list[BaseException] = []

    def work(report: list[str]) -> None:
        try:
            barrier.wait()
            for _ in range(per_thread):
                pack.suggest_regions(report)
        except BaseException as error:  # pragma: no cover - reported below
            problems.append(error)

    with RuleCoverage() as seen:
        threads = [threading.Thread(target=work, args=(report,)) for report in REPORTS]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert problems == []
    assert seen.calls == per_thread * len(REPORTS)
    assert dict(+seen.counts) == expected
    assert set(seen.covered) == set(expected)
    assert set(seen.uncovered) == {rule.id for rule in pack.rules} - set(expected)
    assert seen.percent == pytest.approx(100 * len(expected) / len(pack.rules))


def test_rule_coverage_ignores_other_packs(tmp_path: Path) -> None:
    small = kneelink.load_pack(write_pack(tmp_path, pack=SMALL_PACK))
    with RuleCoverage() as default_seen, RuleCoverage(small) as small_seen:
        small.suggest_regions(["knee_pain", "cycling"])
        kneelink.suggest_regions(["night_pain"])
        # The same files loaded again are the same pack (recognised by content hash).
        kneelink.load_pack(default_rules_folder()).suggest_regions(["night_pain"])
    assert default_seen.pack is kneelink.default_pack()
    assert default_seen.calls == 2
    assert dict(+default_seen.counts) == {"night_pain": 2}
    assert small_seen.calls == 1
    assert dict(+small_seen.counts) == {"roll_the_calf": 1, "cycling_rolls_the_calf": 1}
    assert small_seen.percent == 100.0
    assert small_seen.rule_ids == ("roll_the_calf", "cycling_rolls_the_calf")


def test_rule_coverage_stops_counting_when_the_block_ends() -> None:
    observers = len(kneelink._pack._observers)
    with RuleCoverage() as seen:
        assert len(kneelink._pack._observers) == observers + 1
        kneelink.suggest_regions(["night_pain"])
    assert seen.calls == 1
    kneelink.suggest_regions(["night_pain"])  # after the block: not counted
    assert seen.calls == 1, "RuleCoverage still counts after stop()"
    assert len(kneelink._pack._observers) == observers, "stop() left the observer registered"


def test_rule_coverage_table_lists_every_rule_in_pack_order(tmp_path: Path) -> None:
    small = kneelink.load_pack(write_pack(tmp_path, pack=SMALL_PACK))
    with RuleCoverage(small) as seen:
        small.suggest_regions(["knee_pain"])
    lines = seen.table().splitlines()
    assert [line.split()[0] for line in lines[2:-1]] == ["roll_the_calf", "cycling_rolls_the_calf"]
    assert row_count(lines, small.rules[0]) == 1
    assert row_count(lines, small.rules[1]) == 0
    assert lines[-1] == summary_line("small", "0.3", 1, 2, 1)
    assert seen.uncovered == ("cycling_rolls_the_calf",)
