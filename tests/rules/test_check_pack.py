"""``kneelink.check_pack``: one test per kind of finding, each on a small broken pack.

Every test writes its pack in ``tmp_path`` and finds the line a finding must point at
from a marker in the text it wrote, then checks the finding's severity, code, exact path
and line, and that its message says how to fix the problem. Then the shipped pack: it
checks clean, every rule the checker calls reachable has a witness that fires it on the
real engine, and the shipped examples together fire every shipped rule.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
from packs import REGION_CALF, SCHEMA_VERSION, SYMPTOM_KNEE_PAIN, header, line_with, write_pack

import kneelink
from kneelink._analysis import Finding, witness
from kneelink._coverage import RuleCoverage
from kneelink._pack import default_rules_folder

HEADER = header("probe", "0.1")

VOCABULARY = SCHEMA_VERSION + SYMPTOM_KNEE_PAIN + REGION_CALF

RULES = """\
schema_version = 2

[[rule]]  # rule roll_calf
id = "roll_calf"
summary = "Roll the calf."
when = { all = ["knee_pain"] }
suggest = ["calf"]
role = "primary"
cite = ["article#14"]
"""

# The pack every test writes, with files swapped in or added: write_pack(folder, PROBE, rules="...").
PROBE = {"pack": HEADER, "vocabulary": VOCABULARY, "rules": RULES}

# Words by which a message tells the author what to do (or what would be valid).
FIX_HINT = re.compile(
    r"\b(did you mean|should|expected|valid|rename|remove|drop|use|set|give|derive|connect|break|make|fix|add|"
    r"change|check|mark|move|delete)\b",
    re.IGNORECASE,
)


def only(report: kneelink.CheckReport, code: str) -> Finding:
    """The one finding of ``report`` with ``code``."""
    found = [finding for finding in report.findings if finding.code == code]
    assert len(found) == 1, f"expected one {code!r} finding, got:\n{report.format()}"
    return found[0]


def codes(report: kneelink.CheckReport) -> list[str]:
    return sorted(finding.code for finding in report.findings)


def assert_at(finding: Finding, severity: str, code: str, path: Path, line: int) -> None:
    assert (finding.severity, finding.code, finding.path, finding.line) == (severity, code, str(path), line), finding


def assert_says_how_to_fix(finding: Finding) -> None:
    assert FIX_HINT.search(finding.message), f"the message says what is wrong, not how to fix it: {finding.message!r}"


# --- Files that do not parse or do not match the schema ------------------------------------


def test_toml_syntax_error(tmp_path: Path) -> None:
    rules = RULES + '\n[[rule]  # broken header\nid = "x"\n'
    folder = write_pack(tmp_path / "pack", PROBE, rules=rules)
    report = kneelink.check_pack(folder)
    finding = only(report, "toml-syntax")
    assert codes(report) == ["toml-syntax"]
    assert_at(finding, "error", "toml-syntax", folder / "rules.toml", line_with(rules, "# broken header"))
    assert "not valid TOML" in finding.message
    assert report.pack is None
    assert report.examples_run == 0
    assert not report.ok
    assert_says_how_to_fix(finding)


def test_every_schema_problem_of_a_file_is_reported(tmp_path: Path) -> None:
    vocabulary = (
        VOCABULARY
        + """
[[symptom]]
id = "Cycling"  # bad id
label = "Worse when cycling"
category = "hobby"  # bad category
cite = ["article#6"]
"""
    )
    folder = write_pack(tmp_path / "pack", PROBE, vocabulary=vocabulary)
    report = kneelink.check_pack(folder)
    assert len(report.findings) == 2, report.format()
    bad_id, bad_category = sorted(report.findings, key=lambda finding: finding.line or 0)
    path = folder / "vocabulary.toml"
    assert_at(bad_id, "error", "schema", path, line_with(vocabulary, "# bad id"))
    assert_at(bad_category, "error", "schema", path, line_with(vocabulary, "# bad category"))
    assert "symptom 'Cycling': `id`" in bad_id.message
    assert "lowercase letters, digits and `_`, starting with a letter" in bad_id.message  # what an id must be
    assert "symptom 'Cycling': `category`" in bad_category.message
    assert "'aggravating_factor'" in bad_category.message  # the values it may take
    assert_says_how_to_fix(bad_id)
    assert_says_how_to_fix(bad_category)


def test_unknown_key_offers_the_closest_valid_key(tmp_path: Path) -> None:
    rules = RULES + '\n[[rule]]\nid = "second"\nsumary = "Typo."  # typo key\n'
    rules += 'summary = "Roll."\nwhen = { all = ["knee_pain"] }\nsuggest = ["calf"]\nrole = "primary"\n'
    rules += 'cite = ["article#14"]\n'
    folder = write_pack(tmp_path / "pack", PROBE, rules=rules)
    report = kneelink.check_pack(folder)
    finding = only(report, "schema")
    assert_at(finding, "error", "schema", folder / "rules.toml", line_with(rules, "# typo key"))
    assert "did you mean 'summary'" in finding.message


# --- Problems between files ---------------------------------------------------------------


def test_duplicate_id(tmp_path: Path) -> None:
    rules = RULES + RULES.removeprefix("schema_version = 2\n").replace("# rule roll_calf", "# again")
    folder = write_pack(tmp_path / "pack", PROBE, rules=rules)
    report = kneelink.check_pack(folder)
    assert codes(report) == ["duplicate-id"]
    finding = only(report, "duplicate-id")
    path = folder / "rules.toml"
    assert_at(finding, "error", "duplicate-id", path, line_with(rules, "# again"))
    assert "'roll_calf'" in finding.message
    assert f"first at {path}:{line_with(rules, '# rule roll_calf')}" in finding.message
    assert_says_how_to_fix(finding)


def test_unknown_reference_offers_the_closest_id(tmp_path: Path) -> None:
    rules = RULES.replace('when = { all = ["knee_pain"] }', 'when = { all = ["knee_pian"] }  # typo')
    folder = write_pack(tmp_path / "pack", PROBE, rules=rules)
    report = kneelink.check_pack(folder)
    assert codes(report) == ["unknown-reference"]
    finding = only(report, "unknown-reference")
    assert_at(finding, "error", "unknown-reference", folder / "rules.toml", line_with(rules, "# typo"))
    assert "'knee_pian'" in finding.message
    assert "did you mean 'knee_pain'?" in finding.message
    assert_says_how_to_fix(finding)


def test_id_clash_between_a_symptom_and_a_fact(tmp_path: Path) -> None:
    facts = 'schema_version = 2\n\n[[fact]]  # clashing fact\nid = "knee_pain"\nlabel = "K"\ncite = ["article#4"]\n'
    folder = write_pack(tmp_path / "pack", PROBE, facts=facts)
    report = kneelink.check_pack(folder)
    assert codes(report) == ["id-clash"]
    finding = only(report, "id-clash")
    assert_at(finding, "error", "id-clash", folder / "facts.toml", line_with(facts, "# clashing fact"))
    assert "'knee_pain'" in finding.message
    assert_says_how_to_fix(finding)


def test_order_clash_between_regions(tmp_path: Path) -> None:
    regions = (
        'schema_version = 2\n\n[[region]]  # same order\nid = "quadriceps"\nlabel = "Quadriceps"\n'
        'body_area = "thigh"\norder = 1\ncite = ["article#14"]\n'
    )
    # Files are read in name order: this one after vocabulary.toml, so its region is the second.
    folder = write_pack(tmp_path / "pack", PROBE, zz_regions=regions)
    report = kneelink.check_pack(folder)
    assert codes(report) == ["order-clash"]
    finding = only(report, "order-clash")
    assert_at(finding, "error", "order-clash", folder / "zz_regions.toml", line_with(regions, "# same order"))
    assert "'quadriceps'" in finding.message
    assert "'calf'" in finding.message
    assert_says_how_to_fix(finding)


# --- Static analysis ----------------------------------------------------------------------


def test_unreachable_rule_needing_a_fact_nothing_derives(tmp_path: Path) -> None:
    rules = (
        RULES
        + """
[[fact]]
id = "tight_calf"
label = "Tight calf"
cite = ["article#14"]

[[rule]]  # needs tight_calf
id = "roll_a_tight_calf"
summary = "Roll a tight calf."
when = { all = ["knee_pain", "tight_calf"] }
suggest = ["calf"]
role = "supporting"
cite = ["article#14"]
"""
    )
    folder = write_pack(tmp_path / "pack", PROBE, rules=rules)
    report = kneelink.check_pack(folder)
    assert codes(report) == ["unreachable-rule"]
    finding = only(report, "unreachable-rule")
    assert_at(finding, "error", "unreachable-rule", folder / "rules.toml", line_with(rules, "# needs tight_calf"))
    assert "'roll_a_tight_calf'" in finding.message
    assert "'tight_calf'" in finding.message
    assert "derive it or drop the condition" in finding.message
    assert_says_how_to_fix(finding)
    pack = kneelink.load_pack(folder)
    assert witness(pack.content, pack.rules[1]) is None


def test_unreachable_rule_whose_age_window_misses_the_rule_it_needs(tmp_path: Path) -> None:
    rules = (
        RULES
        + """
[[fact]]
id = "young_knee"
label = "A young knee"
cite = ["article#4"]

[[rule]]  # young
id = "young_knee_pain"
summary = "Knee pain up to 20."
when = { all = ["knee_pain"], age = { max = 20 } }
derive = ["young_knee"]
cite = ["article#4"]

[[rule]]  # old and young
id = "old_young_knee"
summary = "A young knee from 60."
when = { all = ["young_knee"], age = { min = 60 } }
suggest = ["calf"]
role = "supporting"
cite = ["article#14"]
"""
    )
    folder = write_pack(tmp_path / "pack", PROBE, rules=rules)
    report = kneelink.check_pack(folder)
    assert codes(report) == ["unreachable-rule"]  # young_knee_pain itself can fire
    finding = only(report, "unreachable-rule")
    assert_at(finding, "error", "unreachable-rule", folder / "rules.toml", line_with(rules, "# old and young"))
    assert "'old_young_knee'" in finding.message
    assert "`age`" in finding.message
    assert_says_how_to_fix(finding)
    # Neither window alone is impossible: the engine confirms no age fires the rule.
    pack = kneelink.load_pack(folder)
    for age in (None, 0, 20, 21, 59, 60, 120):
        assert "old_young_knee" not in pack.suggest_regions(["knee_pain"], age=age).fired_rules


CYCLING = """
[[symptom]]  # symptom cycling
id = "cycling"
label = "Worse when cycling"
category = "aggravating_factor"
cite = ["article#6"]
"""


NARROWER = """
[[rule]]  # narrower
id = "roll_calf_when_cycling"
summary = "Roll the calf when cycling hurts."
when = { all = ["knee_pain", "cycling"] }
suggest = ["calf"]
role = "primary"
cite = ARTICLE
"""


def test_redundant_rule(tmp_path: Path) -> None:
    rules = RULES + CYCLING + NARROWER.replace("ARTICLE", '["article#14"]')
    folder = write_pack(tmp_path / "pack", PROBE, rules=rules)
    report = kneelink.check_pack(folder)
    assert codes(report) == ["redundant-rule"]
    finding = only(report, "redundant-rule")
    assert_at(finding, "warning", "redundant-rule", folder / "rules.toml", line_with(rules, "# narrower"))
    assert "'roll_calf_when_cycling'" in finding.message
    assert "'roll_calf'" in finding.message
    assert "remove it" in finding.message
    assert_says_how_to_fix(finding)
    assert report.ok  # a warning only


def test_a_narrower_rule_citing_another_source_is_not_redundant(tmp_path: Path) -> None:
    folder = write_pack(
        tmp_path / "pack", PROBE, rules=RULES + CYCLING + NARROWER.replace("ARTICLE", '["article#6", "article#14"]')
    )
    assert kneelink.check_pack(folder).findings == ()


def test_an_identical_pair_of_rules_is_reported_once_at_the_second(tmp_path: Path) -> None:
    twin = RULES.removeprefix("schema_version = 2\n").replace("roll_calf", "roll_calf_again")
    rules = RULES + twin
    folder = write_pack(tmp_path / "pack", PROBE, rules=rules)
    report = kneelink.check_pack(folder)
    assert codes(report) == ["redundant-rule"]
    finding = only(report, "redundant-rule")
    assert_at(finding, "warning", "redundant-rule", folder / "rules.toml", line_with(rules, "# rule roll_calf_again"))


def test_cycle_of_derived_facts(tmp_path: Path) -> None:
    rules = (
        RULES
        + """
[[fact]]  # fact a
id = "a"
label = "A"
cite = ["article#4"]

[[fact]]
id = "b"
label = "B"
cite = ["article#4"]

[[rule]]
id = "knee_pain_gives_a"
summary = "Knee pain gives a."
when = { all = ["knee_pain"] }
derive = ["a"]
cite = ["article#4"]

[[rule]]
id = "a_gives_b"
summary = "a gives b."
when = { all = ["a"] }
derive = ["b"]
cite = ["article#4"]

[[rule]]
id = "b_gives_a"
summary = "b gives a."
when = { all = ["b"] }
derive = ["a"]
cite = ["article#4"]

[[rule]]
id = "b_rolls_the_calf"
summary = "b rolls the calf."
when = { all = ["b"] }
suggest = ["calf"]
role = "supporting"
cite = ["article#14"]
"""
    )
    folder = write_pack(tmp_path / "pack", PROBE, rules=rules)
    report = kneelink.check_pack(folder)
    assert codes(report) == ["cycle"]  # once, though it runs through two facts
    finding = only(report, "cycle")
    assert_at(finding, "warning", "cycle", folder / "rules.toml", line_with(rules, "# fact a"))
    assert "a -> b -> a" in finding.message
    assert "break it" in finding.message
    assert_says_how_to_fix(finding)


def test_unused_symptom_fact_region_and_red_flag(tmp_path: Path) -> None:
    unused = (
        "schema_version = 2\n"
        + CYCLING
        + """
[[fact]]  # fact lonely
id = "lonely"
label = "Nothing derives or needs this"
cite = ["article#4"]

[[region]]  # region quadriceps
id = "quadriceps"
label = "Quadriceps"
body_area = "thigh"
order = 2
cite = ["article#14"]
shape.hidden = ["front", "back"]

[[red_flag]]  # red flag fracture
id = "fracture"
label = "Possible fracture"
level = "consultation_24"
message = "Get an X-ray today."
cite = ["reference"]
"""
    )
    folder = write_pack(tmp_path / "pack", PROBE, unused=unused)
    report = kneelink.check_pack(folder)
    assert codes(report) == ["unused"] * 4
    path = folder / "unused.toml"
    by_id = {re.findall(r"'(\w+)'", finding.message)[0]: finding for finding in report.findings}
    for id_, marker in (
        ("cycling", "# symptom cycling"),
        ("lonely", "# fact lonely"),
        ("quadriceps", "# region quadriceps"),
        ("fracture", "# red flag fracture"),
    ):
        assert_at(by_id[id_], "warning", "unused", path, line_with(unused, marker))
        assert marker.removeprefix("# ").rsplit(" ", 1)[0] in by_id[id_].message  # names the kind
        assert "use it or remove it" in by_id[id_].message
        assert_says_how_to_fix(by_id[id_])


def test_dead_end_symptom(tmp_path: Path) -> None:
    rules = (
        RULES
        + CYCLING
        + """
[[fact]]
id = "pedalling"
label = "Pedalling"
cite = ["article#6"]

[[rule]]
id = "cycling_is_pedalling"
summary = "Cycling is pedalling, which leads nowhere."
when = { all = ["cycling"] }
derive = ["pedalling"]
cite = ["article#6"]
"""
    )
    folder = write_pack(tmp_path / "pack", PROBE, rules=rules)
    report = kneelink.check_pack(folder)
    assert codes(report) == ["dead-end", "unused"]  # and the fact it derives is needed by no rule
    finding = only(report, "dead-end")
    assert_at(finding, "warning", "dead-end", folder / "rules.toml", line_with(rules, "# symptom cycling"))
    assert "'cycling'" in finding.message
    assert "connect it to a rule with an outcome" in finding.message
    assert_says_how_to_fix(finding)


# A region that only a rule that can never fire suggests: an error and a warning.
TIGHT_THIGH = """
[[fact]]
id = "tight_thigh"
label = "Tight thigh"
cite = ["article#14"]

[[region]]  # region quadriceps
id = "quadriceps"
label = "Quadriceps"
body_area = "thigh"
order = 2
cite = ["article#14"]
shape.hidden = ["front", "back"]

[[rule]]  # never fires
id = "roll_a_tight_thigh"
summary = "Roll a tight thigh."
when = { all = ["tight_thigh"] }
suggest = ["quadriceps"]
role = "supporting"
cite = ["article#14"]
"""


def test_unsuggestable_region(tmp_path: Path) -> None:
    rules = RULES + TIGHT_THIGH
    folder = write_pack(tmp_path / "pack", PROBE, rules=rules)
    report = kneelink.check_pack(folder)
    assert codes(report) == ["unreachable-rule", "unsuggestable-region"]
    path = folder / "rules.toml"
    assert_at(only(report, "unreachable-rule"), "error", "unreachable-rule", path, line_with(rules, "# never fires"))
    finding = only(report, "unsuggestable-region")
    assert_at(finding, "warning", "unsuggestable-region", path, line_with(rules, "# region quadriceps"))
    assert "'quadriceps'" in finding.message
    assert_says_how_to_fix(finding)


WITHHOLD_CALF = """
[[symptom]]
id = "one_leg_swelling"
label = "Swollen calf"
question = "Is this the case?"
category = "context"  # a red_flag symptom that raises no flag is a finding of its own
cite = ["reference"]

[[rule]]  # withholds the calf
id = "do_not_roll_a_swollen_calf"
summary = "Never roll a swollen calf."
when = { all = ["one_leg_swelling"] }
withhold = ["calf"]
priority = PRIORITY
extension = true
cite = ["reference"]
"""


def test_suggest_withhold_conflict(tmp_path: Path) -> None:
    rules = RULES + WITHHOLD_CALF.replace("PRIORITY", "0")
    folder = write_pack(tmp_path / "pack", PROBE, rules=rules)
    report = kneelink.check_pack(folder)
    assert codes(report) == ["suggest-withhold-conflict"]
    finding = only(report, "suggest-withhold-conflict")
    path = folder / "rules.toml"
    assert_at(finding, "warning", "suggest-withhold-conflict", path, line_with(rules, "# withholds the calf"))
    assert "'roll_calf' suggests ['calf']" in finding.message
    assert "'do_not_roll_a_swollen_calf' withholds it" in finding.message
    assert "give 'do_not_roll_a_swollen_calf' a higher priority than 'roll_calf'" in finding.message
    assert_says_how_to_fix(finding)
    # The report the message names fires both rules on the real engine; the region is withheld.
    named = re.search(r"for the report `([^`]*)`", finding.message)
    assert named is not None
    answer = kneelink.load_pack(folder).suggest_regions(named.group(1).split())
    assert {"roll_calf", "do_not_roll_a_swollen_calf"} <= set(answer.fired_rules)
    assert [held.region for held in answer.withheld] == ["calf"]
    assert "calf" not in answer.region_ids


def test_a_higher_priority_on_the_withholding_rule_says_the_conflict_is_meant(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "pack", PROBE, rules=RULES + WITHHOLD_CALF.replace("PRIORITY", "10"))
    report = kneelink.check_pack(folder)
    assert report.findings == ()
    assert report.ok


def test_a_red_flag_that_withholds_a_suggested_region_conflicts_too(tmp_path: Path) -> None:
    rules = (
        RULES
        + """
[[symptom]]
id = "one_leg_swelling"
label = "Swollen calf"
question = "Is this the case?"
category = "red_flag"
cite = ["reference"]

[[red_flag]]
id = "possible_dvt"
label = "Possible deep vein thrombosis"
level = "consultation"
message = "See a doctor today."
withhold = ["calf"]
cite = ["reference"]

[[rule]]  # flags a dvt
id = "flag_a_dvt"
summary = "A swollen calf may be a DVT."
when = { all = ["one_leg_swelling"] }
red_flag = "possible_dvt"
extension = true
cite = ["reference"]
"""
    )
    folder = write_pack(tmp_path / "pack", PROBE, rules=rules)
    report = kneelink.check_pack(folder)
    assert codes(report) == ["suggest-withhold-conflict"]
    assert_at(
        only(report, "suggest-withhold-conflict"),
        "warning",
        "suggest-withhold-conflict",
        folder / "rules.toml",
        line_with(rules, "# flags a dvt"),
    )


# --- Examples ----------------------------------------------------------------------------


def test_failing_example_is_reported_at_its_line(tmp_path: Path) -> None:
    examples = """\
schema_version = 2

[[example]]  # passes
id = "knee_pain_rolls_the_calf"
symptoms = ["knee_pain"]
expect = { regions = ["calf"], primary = ["calf"], triage = "self_care", fired = ["roll_calf"] }

[[example]]  # fails
id = "knee_pain_is_urgent"
symptoms = ["knee_pain"]
expect = { regions = [], triage = "consultation_24" }
"""
    folder = write_pack(tmp_path / "pack", PROBE, examples=examples)
    report = kneelink.check_pack(folder)
    assert report.examples_run == 2
    assert codes(report) == ["example-failed", "example-failed"]  # one per key that does not match
    path, line = folder / "examples.toml", line_with(examples, "# fails")
    for finding in report.findings:
        assert_at(finding, "error", "example-failed", path, line)
        assert "'knee_pain_is_urgent'" in finding.message
        assert "fix the rules or the example's `expect`" in finding.message
        assert_says_how_to_fix(finding)
    messages = sorted(finding.message for finding in report.findings)
    assert "regions: expected (), got ('calf',)" in messages[0]
    assert "triage: expected consultation_24, got self_care" in messages[1]
    assert not report.ok


def test_example_expecting_a_rule_that_does_not_fire(tmp_path: Path) -> None:
    rules = (
        RULES
        + CYCLING.replace("# symptom cycling", "")
        + (
            '\n[[rule]]\nid = "cycling_rolls_the_calf"\nsummary = "Cycling rolls the calf."\n'
            'when = { all = ["cycling"] }\nsuggest = ["calf"]\nrole = "supporting"\ncite = ["article#6"]\n'
        )
    )
    examples = 'schema_version = 2\n\n[[example]]  # wrong rule\nid = "x"\nsymptoms = ["knee_pain"]\n'
    examples += 'expect = { fired = ["roll_calf", "cycling_rolls_the_calf"] }\n'
    folder = write_pack(tmp_path / "pack", PROBE, rules=rules, examples=examples)
    report = kneelink.check_pack(folder)
    finding = only(report, "example-failed")
    assert_at(finding, "error", "example-failed", folder / "examples.toml", line_with(examples, "# wrong rule"))
    assert "expected ['cycling_rolls_the_calf'] to fire" in finding.message


def test_example_naming_an_unknown_symptom(tmp_path: Path) -> None:
    examples = """\
schema_version = 2

[[example]]
id = "typo"
symptoms = ["knee_pian"]  # typo
expect = { regions = [] }
"""
    folder = write_pack(tmp_path / "pack", PROBE, examples=examples)
    report = kneelink.check_pack(folder)
    assert codes(report) == ["unknown-reference"]
    finding = only(report, "unknown-reference")
    assert_at(finding, "error", "unknown-reference", folder / "examples.toml", line_with(examples, "# typo"))
    assert "unknown symptom 'knee_pian'" in finding.message
    assert "did you mean 'knee_pain'?" in finding.message


# --- check_pack itself, and CheckReport ---------------------------------------------------


def test_check_pack_accepts_a_loaded_pack(tmp_path: Path) -> None:
    rules = RULES + WITHHOLD_CALF.replace("PRIORITY", "0")
    folder = write_pack(tmp_path / "pack", PROBE, rules=rules)
    from_folder = kneelink.check_pack(folder)
    from_text = kneelink.check_pack(str(folder))
    from_pack = kneelink.check_pack(kneelink.load_pack(folder))
    assert from_folder.findings  # there is something to compare
    assert from_pack == from_folder == from_text
    assert from_pack.pack == "probe"


def test_check_report_sorts_errors_from_warnings_and_formats_them(tmp_path: Path) -> None:
    rules = RULES + TIGHT_THIGH
    folder = write_pack(tmp_path / "pack", PROBE, rules=rules)
    report = kneelink.check_pack(folder)
    assert [finding.code for finding in report.errors] == ["unreachable-rule"]
    assert [finding.code for finding in report.warnings] == ["unsuggestable-region"]
    assert not report.ok
    error, warning = report.errors[0], report.warnings[0]
    assert str(error) == f"{error.path}:{error.line}: error: {error.message} [unreachable-rule]"
    assert report.format().splitlines() == [
        *(str(finding) for finding in report.findings),
        "probe: 1 error(s), 1 warning(s), 0 example(s) run",
    ]
    assert str(warning).startswith(f"{folder / 'rules.toml'}:{warning.line}: warning: ")

    warnings_only = kneelink.check_pack(write_pack(tmp_path / "warned", PROBE, rules=RULES + CYCLING))
    assert warnings_only.ok
    assert warnings_only.errors == ()
    assert [finding.code for finding in warnings_only.warnings] == ["unused"]
    assert warnings_only.format().endswith("probe: 0 error(s), 1 warning(s), 0 example(s) run")


def test_a_finding_without_a_place_prints_without_one() -> None:
    assert str(Finding("error", "compile", "it broke")) == "error: it broke [compile]"
    assert str(Finding("warning", "x", "hm", "a.toml")) == "a.toml: warning: hm [x]"


# --- The shipped pack ----------------------------------------------------------------------

DEFAULT = kneelink.default_pack()


def test_the_shipped_pack_checks_clean_and_runs_every_example() -> None:
    shipped = sum(
        line.startswith("[[example]]")
        for item in default_rules_folder().iterdir()
        if item.name.endswith(".toml")
        for line in item.read_text(encoding="utf-8").splitlines()
    )
    assert shipped > 0
    for report in (kneelink.check_pack(default_rules_folder()), kneelink.check_pack(DEFAULT)):
        assert report.findings == (), report.format()
        assert report.ok
        assert report.pack == "kneelink-default"
        assert report.examples_run == shipped == len(DEFAULT.content.examples)
        assert report.format() == f"kneelink-default: 0 error(s), 0 warning(s), {shipped} example(s) run"


@functools.cache
def _unreachable_shipped_rules() -> frozenset[str]:
    """The shipped rules that the checker calls unreachable (by the id its message names)."""
    report = kneelink.check_pack(DEFAULT)
    return frozenset(re.findall(r"'(\w+)'", f.message)[0] for f in report.findings if f.code == "unreachable-rule")


@pytest.mark.parametrize("rule", [rule.id for rule in DEFAULT.rules])
def test_every_reachable_shipped_rule_has_a_witness_that_fires_it_on_the_engine(rule: str) -> None:
    if rule in _unreachable_shipped_rules():
        pytest.fail(f"the checker calls the shipped rule {rule!r} unreachable")
    found = witness(DEFAULT.content, next(r for r in DEFAULT.rules if r.id == rule))
    assert found is not None
    assert found.symptoms
    answer = kneelink.suggest_regions(
        kneelink.SymptomReport(
            symptoms=found.symptoms, age=found.age, absent=found.absent, days_since_injury=found.days_since_injury
        )
    )
    assert rule in answer.fired_rules, f"witness `{found}` does not fire {rule!r} on the engine"


def test_the_shipped_examples_together_fire_every_shipped_rule() -> None:
    with RuleCoverage(DEFAULT) as seen:
        for example in DEFAULT.content.examples:
            DEFAULT.suggest_regions(
                example.symptoms,
                side=example.side,
                age=example.age,
                days_since_injury=example.days_since_injury,
                contraindications=example.contraindications,
            )
    assert seen.calls == len(DEFAULT.content.examples)
    assert seen.uncovered == (), f"no shipped example fires {seen.uncovered}"
    assert seen.percent == 100.0
