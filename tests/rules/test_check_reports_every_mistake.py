"""`kneelink check` says everything wrong at once: every mistake in one rule or condition,
and a red-flag symptom that raises no flag (issue 23)."""

from __future__ import annotations

from pathlib import Path

import pytest

import kneelink

HEADER = """schema_version = 2

[pack]
name = "mistakes"
version = "0.1.0"
extends = "default"
"""


def _check(tmp_path: Path, rules: str) -> kneelink.CheckReport:
    (tmp_path / "pack.toml").write_text(HEADER, encoding="utf-8")
    (tmp_path / "rules.toml").write_text("schema_version = 2\n" + rules, encoding="utf-8")
    return kneelink.check_pack(tmp_path)


def test_two_mistakes_in_one_rule_are_both_reported(tmp_path: Path) -> None:
    report = _check(
        tmp_path,
        """
[[rule]]
id = "two_mistakes"
summary = "Suggests without a role, and cites no paragraph of the article without saying so."
when = { all = ["knee_pain"] }
suggest = ["gluteals"]
cite = ["bmj_it_band_syndrome"]
""",
    )
    (finding,) = report.errors
    assert finding.code == "schema"
    assert finding.line == 3
    assert "`suggest` needs a `role`" in finding.message
    assert "mark it `extension = true`" in finding.message
    assert "two_mistakes" in finding.message


def test_every_mistake_in_one_condition_is_reported(tmp_path: Path) -> None:
    report = _check(
        tmp_path,
        """
[[rule]]
id = "contradiction"
summary = "Lists an id twice and requires what it excludes."
when = { all = ["knee_pain", "knee_pain"], none = ["knee_pain"] }
derive = ["knee_pain_reported"]
cite = ["article#4"]
""",
    )
    (finding,) = report.errors
    assert "`all` lists an id twice" in finding.message
    assert "both required and excluded" in finding.message


@pytest.mark.parametrize(
    ("effect", "warned"),
    [
        ('suggest = ["calf"]\nrole = "supporting"', True),  # leads to a region, never to a flag
        ('red_flag = "possible_dvt"\npriority = 100', False),
        ('derive = ["knee_pain_reported"]', False),  # knee pain under 16 raises a flag
    ],
)
def test_a_red_flag_symptom_that_raises_no_flag_is_a_warning(tmp_path: Path, effect: str, warned: bool) -> None:
    report = _check(
        tmp_path,
        f"""
[[symptom]]
id = "knee_on_fire"
label = "Knee feels on fire"
category = "red_flag"
question = "Does your knee feel as if it were on fire?"
cite = ["nhs_septic_arthritis"]

[[rule]]
id = "knee_on_fire_rule"
summary = "A rule on the new symptom."
when = {{ all = ["knee_on_fire"] }}
{effect}
extension = true
cite = ["nhs_septic_arthritis"]
""",
    )
    assert report.ok, report.format()
    codes = [(finding.code, finding.line) for finding in report.warnings]
    assert (("red-flag-symptom-without-flag", 3) in codes) is warned, report.format()


def test_an_unused_red_flag_symptom_is_warned_of_twice(tmp_path: Path) -> None:
    report = _check(
        tmp_path,
        """
[[symptom]]
id = "knee_on_fire"
label = "Knee feels on fire"
category = "red_flag"
question = "Does your knee feel as if it were on fire?"
cite = ["nhs_septic_arthritis"]
""",
    )
    assert {finding.code for finding in report.warnings} == {"unused", "red-flag-symptom-without-flag"}


def test_every_red_flag_symptom_of_the_default_pack_raises_a_flag() -> None:
    report = kneelink.check_pack(kneelink.default_pack())
    assert not [finding for finding in report.findings if finding.code == "red-flag-symptom-without-flag"]
