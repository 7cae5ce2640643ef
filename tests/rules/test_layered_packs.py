"""Layered packs: ``[pack] extends = "default"`` adds to kneelink's own pack, and a rule
marked ``override = true`` replaces the default rule of the same id, in its place."""

from __future__ import annotations

from pathlib import Path

import pytest
from packs import header, line_with, write_pack

import kneelink
from kneelink._loader import read_pack
from kneelink._pack import default_rules_folder

HEADER = header("my-knees", "0.1", extends="default")

# The pack every test writes, its rule files added: write_pack(folder, LAYERED, skiing=SKIING).
LAYERED = {"pack": HEADER}

SKIING = """\
schema_version = 2

[[symptom]]
id = "skiing"
label = "Worse when skiing"
category = "aggravating_factor"
cite = ["nhs_dvt"]

[[fact]]
id = "ski_strain"
label = "Thighs strained by skiing"
cite = ["nhs_dvt"]

[[rule]]
id = "skiing_strains_the_thighs"
summary = "Knee pain worse when skiing strains the thighs."
when = { all = ["knee_pain_reported", "skiing"] }
derive = ["ski_strain"]
extension = true
cite = ["nhs_dvt"]

[[rule]]
id = "roll_the_thighs_after_skiing"
summary = "Roll the adductors when skiing strains the thighs."
when = { all = ["ski_strain"] }
suggest = ["adductors"]
role = "primary"
extension = true
cite = ["nhs_dvt"]

[[example]]
id = "skier"
symptoms = ["patellar_tracking_problem", "skiing"]

[example.expect]
primary = ["adductors", "gluteals", "it_band", "quadriceps", "tfl"]
fired = ["roll_the_thighs_after_skiing", "kneecap_conditions"]
"""

# The shipped roll_the_tfl suggests the TFL; this one suggests the calf instead.
OVERRIDE = """\
schema_version = 2

[[rule]]  # the override
id = "roll_the_tfl"
override = true
summary = "Roll the calf, not the TFL (a test override)."
when = { all = ["tfl_tight"] }
suggest = ["calf"]
role = "primary"
extension = true
cite = ["nhs_dvt"]
"""


def reasons_by_region(answer: kneelink.Suggestion) -> dict[str, set[str]]:
    return {region.region: {reason.rule for reason in region.reasons} for region in answer.regions}


def test_a_layered_pack_adds_symptoms_facts_and_rules_to_the_default(tmp_path: Path) -> None:
    default = kneelink.default_pack()
    pack = kneelink.load_pack(write_pack(tmp_path / "mine", LAYERED, skiing=SKIING))
    assert pack.info.name == "my-knees"
    assert set(default.symptoms) | {"skiing"} == set(pack.symptoms)
    assert set(default.content.facts) | {"ski_strain"} == set(pack.content.facts)
    assert [rule.id for rule in pack.rules] == [
        *(rule.id for rule in default.rules),
        "skiing_strains_the_thighs",
        "roll_the_thighs_after_skiing",
    ]

    answer = pack.suggest_regions(["lateral_knee_pain", "skiing"])
    fired = set(answer.fired_rules)
    assert {"outer_knee_pain_may_be_the_it_band", "always_treat_the_hips", "also_treat_the_leg"} <= fired  # default
    assert {"skiing_strains_the_thighs", "roll_the_thighs_after_skiing"} <= fired  # new
    roles = {region.region: region.role for region in answer.regions}
    assert roles["adductors"] == "primary"  # only supporting in the default pack
    assert {r.region: r.role for r in default.suggest_regions(["lateral_knee_pain"]).regions}["adductors"] == (
        "supporting"
    )
    assert "roll_the_thighs_after_skiing" in reasons_by_region(answer)["adductors"]
    # The default pack does not know the new symptom.
    with pytest.raises(kneelink.UnknownSymptomError):
        default.suggest_regions(["lateral_knee_pain", "skiing"])


def test_an_override_replaces_the_default_rule_in_its_place(tmp_path: Path) -> None:
    default = kneelink.default_pack()
    pack = kneelink.load_pack(write_pack(tmp_path / "mine", LAYERED, override=OVERRIDE))
    ids = [rule.id for rule in pack.rules]
    assert ids == [rule.id for rule in default.rules]  # same rules, same order: replaced in place
    replaced = pack.rules[ids.index("roll_the_tfl")]
    assert replaced.suggest == ("calf",)
    assert replaced.summary.startswith("Roll the calf, not the TFL")
    assert ids.count("roll_the_tfl") == 1

    symptoms = ["knee_pain", "prolonged_sitting"]  # fires roll_the_tfl through sitting_tightens_tfl
    old, new = default.suggest_regions(symptoms), pack.suggest_regions(symptoms)
    assert "roll_the_tfl" in old.fired_rules
    assert "roll_the_tfl" in new.fired_rules
    old_reasons, new_reasons = reasons_by_region(old), reasons_by_region(new)
    assert "roll_the_tfl" in old_reasons["tfl"]  # the old behaviour ...
    assert "roll_the_tfl" not in new_reasons["tfl"]  # ... is gone
    assert "roll_the_tfl" in new_reasons["calf"]  # the new one is visible
    assert {r.region: r.role for r in new.regions}["calf"] == "primary"
    assert {r.region: r.role for r in old.regions}["calf"] == "supporting"


def test_a_duplicate_rule_id_without_override_says_to_set_it(tmp_path: Path) -> None:
    text = OVERRIDE.replace("override = true\n", "")
    folder = write_pack(tmp_path / "mine", LAYERED, override=text)
    with pytest.raises(kneelink.RuleFileError) as caught:
        kneelink.load_pack(folder)
    error = caught.value
    assert error.code == "duplicate-id"
    assert error.path == folder / "override.toml"
    assert error.line == line_with(text, "# the override")
    assert "'roll_the_tfl'" in error.problem
    assert "chain.toml" in error.problem  # where the default one is
    assert "set `override = true` to replace it" in str(error)


def test_overriding_an_id_that_does_not_exist_is_a_bad_override(tmp_path: Path) -> None:
    text = OVERRIDE.replace('id = "roll_the_tfl"', 'id = "roll_the_tfll"')
    folder = write_pack(tmp_path / "mine", LAYERED, override=text)
    content, problems = read_pack(folder)
    assert content is None
    assert [problem.code for problem in problems] == ["bad-override"]
    assert problems[0].path == folder / "override.toml"
    assert problems[0].line == line_with(text, "override = true")
    assert "'roll_the_tfll'" in problems[0].problem
    with pytest.raises(kneelink.RuleFileError) as caught:
        kneelink.load_pack(folder)
    assert caught.value.code == "bad-override"
    assert kneelink.check_pack(folder).findings[0].code == "bad-override"


def test_overriding_a_rule_of_the_pack_itself_is_a_bad_override(tmp_path: Path) -> None:
    twice = SKIING + OVERRIDE.removeprefix("schema_version = 2\n").replace(
        '"roll_the_tfl"', '"skiing_strains_the_thighs"'
    )
    folder = write_pack(tmp_path / "mine", LAYERED, skiing=twice)
    content, problems = read_pack(folder)
    assert content is None
    assert [problem.code for problem in problems] == ["bad-override"]
    assert "only a rule of the base pack" in problems[0].problem


def test_the_error_of_a_pack_with_several_problems_keeps_the_first_ones_code(tmp_path: Path) -> None:
    text = OVERRIDE.replace('"roll_the_tfl"', '"no_such_rule"') + OVERRIDE.removeprefix("schema_version = 2\n").replace(
        '"roll_the_tfl"', '"nor_this_one"'
    )
    folder = write_pack(tmp_path / "mine", LAYERED, override=text)
    assert [problem.code for problem in read_pack(folder)[1]] == ["bad-override", "bad-override"]
    with pytest.raises(kneelink.RuleFileError) as caught:
        kneelink.load_pack(folder)
    assert "(and 1 more problem)" in str(caught.value)
    assert caught.value.code == "bad-override"


def test_content_hash_differs_from_the_default_and_is_stable(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "mine", LAYERED, skiing=SKIING)
    first, second = kneelink.load_pack(folder), kneelink.load_pack(folder)
    assert first.info.content_hash == second.info.content_hash
    assert first.info.content_hash != kneelink.default_pack().info.content_hash
    assert first.info.content_hash.startswith("sha256:")
    # It follows the files: the same layered pack elsewhere hashes the same, a change does not.
    assert (
        kneelink.load_pack(write_pack(tmp_path / "copy", LAYERED, skiing=SKIING)).info.content_hash
        == first.info.content_hash
    )
    changed = write_pack(tmp_path / "changed", LAYERED, skiing=SKIING.replace("Worse when skiing", "Worse skiing"))
    assert kneelink.load_pack(changed).info.content_hash != first.info.content_hash
    overridden = kneelink.load_pack(write_pack(tmp_path / "overridden", LAYERED, override=OVERRIDE))
    assert overridden.info.content_hash not in (first.info.content_hash, kneelink.default_pack().info.content_hash)


def test_check_pack_on_a_layered_pack(tmp_path: Path) -> None:
    default = kneelink.default_pack()
    folder = write_pack(tmp_path / "mine", LAYERED, skiing=SKIING)
    report = kneelink.check_pack(folder)
    assert report.findings == (), report.format()
    assert report.pack == "my-knees"
    assert report.examples_run == len(default.content.examples) + 1  # the default's examples, and its own

    broken = write_pack(tmp_path / "broken", LAYERED, skiing=SKIING.replace('primary = ["adductors", ', "primary = ["))
    failed = kneelink.check_pack(broken)
    assert [(finding.code, finding.path) for finding in failed.findings] == [
        ("example-failed", str(broken / "skiing.toml"))
    ]
    assert "'skier'" in failed.findings[0].message

    # An override that changes what a default example expects fails that example, at its line.
    overridden = kneelink.check_pack(write_pack(tmp_path / "overridden", LAYERED, override=OVERRIDE))
    assert not overridden.ok
    chain = Path(str(default_rules_folder() / "chain.toml"))
    failed_examples = {finding.message.split("'")[1] for finding in overridden.errors}
    assert "desk_worker_with_knee_pain" in failed_examples
    desk = next(finding for finding in overridden.errors if "'desk_worker_with_knee_pain'" in finding.message)
    assert desk.path == str(chain)
    assert desk.line == line_with(chain.read_text(encoding="utf-8"), 'id = "desk_worker_with_knee_pain"') - 1


def test_the_default_pack_is_unaffected_by_layered_packs(tmp_path: Path) -> None:
    default = kneelink.default_pack()
    before = (default.info, [rule.model_dump() for rule in default.rules], dict(default.symptoms))
    symptoms = ["knee_pain", "prolonged_sitting"]
    answer_before = kneelink.suggest_regions(symptoms)
    kneelink.load_pack(write_pack(tmp_path / "added", LAYERED, skiing=SKIING)).suggest_regions(["knee_pain", "skiing"])
    kneelink.load_pack(write_pack(tmp_path / "overridden", LAYERED, override=OVERRIDE)).suggest_regions(symptoms)
    assert kneelink.default_pack() is default
    assert (default.info, [rule.model_dump() for rule in default.rules], dict(default.symptoms)) == before
    assert "skiing" not in default.symptoms
    assert kneelink.suggest_regions(symptoms) == answer_before
    fresh = kneelink.load_pack(default_rules_folder())
    assert fresh.info == default.info
    assert kneelink.check_pack(default).findings == ()
