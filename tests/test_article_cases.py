"""The article's claims, case by case, against the default pack.

Each case names the lines of shared/article.txt it encodes. What the article says is
written out here (the regions, their roles, the muscle chain); everything else (labels,
techniques, sources, which rules exist) is read from the rule files with tomllib, so
these tests check the pack against the article rather than against a past run.
"""

from __future__ import annotations

import itertools
import shutil
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import kneelink
from kneelink import Suggestion

# Article lines 23 and 33 in order: the hip first, down the outside of the thigh, then the leg.
TREATMENT_ORDER = ("gluteals", "tfl", "it_band", "quadriceps", "adductors", "tibialis_anterior", "fibularis", "calf")
HIP_MUSCLES = frozenset({"gluteals", "tfl"})  # article 19: "I always treat the muscles in their hips"
ALSO_TREAT = frozenset({"quadriceps", "adductors", "tibialis_anterior", "fibularis", "calf"})  # article 33
TECHNIQUE_LINES = frozenset(range(25, 32))  # article 25-31: how to roll the hip and the IT band


def _tables(rules_dir: Path) -> dict[str, dict[str, dict[str, Any]]]:
    """Every table of the pack's files by kind and id, read without kneelink."""
    tables: dict[str, dict[str, dict[str, Any]]] = {}
    for path in sorted(rules_dir.glob("*.toml")):
        for kind, value in tomllib.loads(path.read_text(encoding="utf-8")).items():
            if isinstance(value, list):
                tables.setdefault(kind, {}).update({table["id"]: table for table in value})
    return tables


@pytest.fixture(scope="module")
def tables(rules_dir: Path) -> dict[str, dict[str, dict[str, Any]]]:
    return _tables(rules_dir)


def _lines(citation: str) -> set[int]:
    lines: set[int] = set()
    for part in citation.split(","):
        first, _, last = part.strip().partition("-")
        lines.update(range(int(first), int(last or first) + 1))
    return lines


def _region(answer: Suggestion, region: str) -> kneelink.RegionSuggestion:
    found = [suggestion for suggestion in answer.regions if suggestion.region == region]
    assert found, f"{region} not suggested; got {answer.region_ids}"
    return found[0]


def _rule_links(tables: Mapping[str, Mapping[str, Mapping[str, Any]]], before: str, after: str) -> set[str]:
    """Rules in the files that lead from ``before`` to ``after`` (derive or suggest)."""
    return {
        rule["id"]
        for rule in tables["rule"].values()
        if before in rule["when"].get("all", []) + rule["when"].get("any", [])
        and after in rule.get("derive", []) + rule.get("suggest", [])
    }


@dataclass(frozen=True)
class Case:
    symptoms: tuple[str, ...]
    primary: frozenset[str] = frozenset()
    supporting: frozenset[str] = frozenset()
    # region -> an explanation chain one of its reasons must give, symptom first
    chains: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


CASES = [
    pytest.param(
        Case(
            ("lateral_knee_pain",),
            primary=frozenset({"it_band", "tfl", "gluteals"}),
            chains={
                "it_band": ("lateral_knee_pain", "it_band_tension", "it_band"),
                "tfl": ("lateral_knee_pain", "it_band_tension", "tfl_tightness", "tfl"),
            },
        ),
        id="L15,23: lateral knee pain -> tight IT band, pulled by the TFL",
    ),
    pytest.param(
        Case(
            ("it_band_tightness", "knee_pain"),
            primary=frozenset({"it_band", "tfl"}),
            chains={"it_band": ("it_band_tightness", "it_band_tension", "it_band")},
        ),
        id="L15: a tight IT band with knee pain -> IT band",
    ),
    pytest.param(
        Case(
            ("prolonged_sitting", "knee_pain"),
            primary=frozenset({"tfl"}),
            chains={"tfl": ("prolonged_sitting", "tfl_tightness", "tfl")},
        ),
        id="L15: sitting for long periods tightens the TFL",
    ),
    *(
        pytest.param(
            Case(
                (symptom,),
                primary=frozenset({"quadriceps"}),
                chains={"quadriceps": (symptom, "kneecap_pulled", "quadriceps_pull", "quadriceps")},
            ),
            id=f"L17: {symptom} -> kneecap pulled by the quadriceps",
        )
        for symptom in ("patellar_tracking_problem", "chondromalacia_patellae", "anterior_knee_pain")
    ),
    pytest.param(
        Case(
            ("hip_muscle_tightness", "knee_pain"),
            primary=HIP_MUSCLES,
            chains={"gluteals": ("hip_muscle_tightness", "hip_imbalance", "gluteals")},
        ),
        id="L9,17: tight hip muscles with knee pain are the hip imbalance",
    ),
    pytest.param(
        Case(
            ("knee_pain",),
            primary=frozenset({"gluteals", "tfl", "it_band"}),
            supporting=ALSO_TREAT,
            chains={
                "gluteals": ("knee_pain", "knee_pain_reported", "hip_imbalance", "gluteals"),
                "calf": ("knee_pain", "knee_pain_reported", "calf"),
            },
        ),
        id="L9,19,23,33: knee pain -> the hip muscles first, then the rest of the leg",
    ),
]


@pytest.mark.parametrize("case", CASES)
def test_article_case(case: Case, pack: kneelink.RulePack, tables: Mapping[str, Mapping[str, Any]]) -> None:
    answer = pack.suggest_regions(list(case.symptoms))
    roles = {suggestion.region: suggestion.role for suggestion in answer.regions}
    assert {region: roles.get(region) for region in case.primary} == dict.fromkeys(case.primary, "primary")
    assert {region: roles.get(region) for region in case.supporting} == dict.fromkeys(case.supporting, "supporting")
    for region, chain in case.chains.items():
        # The expected chain must be one the rule files can make, link by link ...
        for before, after in itertools.pairwise(chain):
            assert _rule_links(tables, before, after), f"no rule leads from {before} to {after}"
        # ... and the answer must give it as the reason from the rule that suggests the region.
        reasons = {reason.chain: reason.rule for reason in _region(answer, region).reasons}
        assert chain in reasons, f"{region}: {sorted(reasons)}"
        assert reasons[chain] in _rule_links(tables, chain[-2], region)


def test_lateral_knee_pain_explains_the_it_band_first(pack: kneelink.RulePack) -> None:
    # Shortest explanation first: the article's own IT band chain (line 15), not the
    # longer route through the hip muscles.
    it_band = _region(pack.suggest_regions("lateral_knee_pain"), "it_band")
    assert it_band.reasons[0].chain == ("lateral_knee_pain", "it_band_tension", "it_band")


def _ids_of(category: str) -> list[str]:
    return [id_ for id_, symptom in kneelink.default_pack().symptoms.items() if symptom.category == category]


@pytest.mark.parametrize("symptom", _ids_of("knee_pain"))
def test_L19_any_knee_pain_treats_the_hip_muscles_and_L33_the_leg(symptom: str, pack: kneelink.RulePack) -> None:
    answer = pack.suggest_regions(symptom)
    roles = {suggestion.region: suggestion.role for suggestion in answer.regions}
    assert {region: roles.get(region) for region in HIP_MUSCLES} == dict.fromkeys(HIP_MUSCLES, "primary")
    assert set(roles) >= ALSO_TREAT
    assert all(roles[region] == "supporting" for region in ALSO_TREAT - {"quadriceps"})
    assert answer.triage == "self_care"


def test_L33_quadriceps_is_supporting_unless_the_kneecap_is_pulled(pack: kneelink.RulePack) -> None:
    # Line 33 lists the quadriceps among the "also treat" regions; line 17 puts it on the
    # chain when the kneecap is involved.
    assert _region(pack.suggest_regions("knee_pain"), "quadriceps").role == "supporting"
    assert _region(pack.suggest_regions("anterior_knee_pain"), "quadriceps").role == "primary"


def test_L23_L33_treatment_order(pack: kneelink.RulePack, tables: Mapping[str, Mapping[str, Any]]) -> None:
    by_order = sorted(tables["region"].values(), key=lambda region: region["order"])
    assert tuple(region["id"] for region in by_order) == TREATMENT_ORDER
    assert tuple(pack.regions) == TREATMENT_ORDER
    # Lateral knee pain with a kneecap problem gets every region; they come in that order.
    answer = pack.suggest_regions(["lateral_knee_pain", "patellar_tracking_problem"])
    assert answer.region_ids == TREATMENT_ORDER


@pytest.mark.parametrize("region", TREATMENT_ORDER)
def test_L25_31_how_to_roll_only_where_the_article_describes_it(
    region: str, pack: kneelink.RulePack, tables: Mapping[str, Mapping[str, Any]]
) -> None:
    suggestion = _region(pack.suggest_regions(["lateral_knee_pain", "anterior_knee_pain"]), region)
    table = tables["region"][region]
    assert suggestion.label == table["label"]
    if region in {"gluteals", "tfl", "it_band"}:
        assert suggestion.how_to_roll == table["how_to_roll"].strip()
        assert suggestion.how_to_roll_source is not None
        assert suggestion.how_to_roll_source.startswith("article line")
        cited = _lines(table["how_to_roll_source"]["article"])
        assert cited
        assert cited <= TECHNIQUE_LINES
        assert table["how_to_roll_source"]["article"] in suggestion.how_to_roll_source
    else:
        assert suggestion.how_to_roll is None
        assert suggestion.how_to_roll_source is None


def test_L25_31_the_technique_covers_every_line(tables: Mapping[str, Mapping[str, Any]]) -> None:
    cited: set[int] = set()
    for table in tables["region"].values():
        if "how_to_roll_source" in table:
            cited |= _lines(table["how_to_roll_source"]["article"])
    # Lines 26, 28 and 30 are blank in the article.
    assert cited == TECHNIQUE_LINES - {26, 28, 30}


@pytest.mark.parametrize(
    ("side", "shown"), [("right", "right"), ("left", "left"), ("both", "both"), (None, "unspecified")]
)
def test_L25_side_is_carried_to_every_region(side: kneelink.Side | None, shown: str, pack: kneelink.RulePack) -> None:
    # Line 25: roll the hip on the same side as the painful knee.
    answer = pack.suggest_regions("lateral_knee_pain", side=side)
    assert answer.regions
    assert {suggestion.side for suggestion in answer.regions} == {shown}


@pytest.mark.parametrize("symptom", _ids_of("aggravating_factor"))
def test_L15_aggravating_factors_alone_are_not_knee_pain(symptom: str, pack: kneelink.RulePack) -> None:
    # Sitting (line 15) and the clinical patterns make knee pain worse; on their own
    # they are not a knee complaint, so nothing is rolled.
    answer = pack.suggest_regions(symptom)
    assert answer.regions == ()
    assert answer.triage == "self_care"
    assert answer.withheld == ()


def test_aggravating_factors_together_are_still_not_knee_pain(pack: kneelink.RulePack) -> None:
    answer = pack.suggest_regions(_ids_of("aggravating_factor"))
    assert answer.regions == ()


def test_aggravating_factors_add_to_knee_pain(pack: kneelink.RulePack) -> None:
    plain = set(pack.suggest_regions("knee_pain").fired_rules)
    for symptom in _ids_of("aggravating_factor"):
        assert set(pack.suggest_regions(["knee_pain", symptom]).fired_rules) > plain, symptom


def test_extension_flag_of_each_reason_follows_its_rule(
    pack: kneelink.RulePack, tables: Mapping[str, Mapping[str, Any]]
) -> None:
    answer = pack.suggest_regions(["lateral_knee_pain", "patellar_tracking_problem", "running_downhill", "stairs_pain"])
    for suggestion in answer.regions:
        for reason in suggestion.reasons:
            rule = tables["rule"][reason.rule]
            if rule.get("extension", False):
                assert reason.extension, reason
            assert reason.summary == rule["summary"].strip()


@pytest.mark.parametrize("factor", ["running_downhill", "cycling", "stairs_pain", "squatting_pain"])
def test_reasons_resting_on_an_extension_rule_say_so(
    factor: str, pack: kneelink.RulePack, tables: Mapping[str, Mapping[str, Any]]
) -> None:
    # These aggravating factors come from the clinical reference (§4), not the article;
    # only `extension = true` rules link them to the muscle chain. A reason whose chain
    # starts at one of them must not pass for the article's own claim.
    answer = pack.suggest_regions(["knee_pain", factor])
    fired = set(answer.fired_rules)
    resting = [
        (suggestion.region, reason)
        for suggestion in answer.regions
        for reason in suggestion.reasons
        if any(
            not any(
                not tables["rule"][rule].get("extension", False) for rule in _rule_links(tables, before, after) & fired
            )
            for before, after in zip(reason.chain, reason.chain[1:], strict=False)
        )
    ]
    assert resting, f"no reason's chain starts at {factor}: the test no longer exercises extension links"
    for region, reason in resting:
        assert reason.extension, f"{region}: {reason.chain} rests on an extension rule but is marked extension=False"


def test_a_suggesting_extension_rule_is_marked(tmp_path: Path, rules_dir: Path) -> None:
    pack_dir = tmp_path / "pack"
    shutil.copytree(rules_dir, pack_dir)
    with (pack_dir / "extra.toml").open("w", encoding="utf-8") as extra:
        extra.write(
            "schema_version = 1\n\n[[rule]]\n"
            'id = "medial_pain_rolls_the_adductors"\n'
            'summary = "Inner knee pain: roll the adductors."\n'
            'when = { all = ["medial_knee_pain"] }\n'
            'suggest = ["adductors"]\nrole = "primary"\nextension = true\n'
            'source = { reference = "§4 Medial knee pain: pes anserine bursitis" }\n'
        )
    answer = kneelink.load_pack(pack_dir).suggest_regions("medial_knee_pain")
    reasons = {reason.rule: reason for reason in _region(answer, "adductors").reasons}
    assert reasons["medial_pain_rolls_the_adductors"].extension is True
    assert reasons["medial_pain_rolls_the_adductors"].source.startswith("clinical reference §4")
    assert reasons["also_treat_the_leg"].extension is False
    assert _region(answer, "adductors").role == "primary"


def test_fired_rules_and_pack_info(pack: kneelink.RulePack, rules_dir: Path) -> None:
    answer = pack.suggest_regions("lateral_knee_pain")
    header = tomllib.loads((rules_dir / "pack.toml").read_text(encoding="utf-8"))["pack"]
    assert (answer.pack.name, answer.pack.version) == (header["name"], header["version"])
    assert answer.pack.content_hash.startswith("sha256:")
    assert len(answer.pack.content_hash) == len("sha256:") + 64
    assert len(set(answer.fired_rules)) == len(answer.fired_rules)
    # Line 15's chain, rule by rule.
    assert {"any_knee_pain", "it_band_pulls_outside_of_knee", "tfl_pulls_it_band", "roll_the_it_band"} <= set(
        answer.fired_rules
    )
    suggesting = {reason.rule for suggestion in answer.regions for reason in suggestion.reasons}
    assert suggesting <= set(answer.fired_rules)


def test_content_hash_follows_the_files(tmp_path: Path, rules_dir: Path, pack: kneelink.RulePack) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(rules_dir, copy)
    assert kneelink.load_pack(copy).info.content_hash == pack.info.content_hash
    with (copy / "pack.toml").open("a", encoding="utf-8") as header:
        header.write("\n# a comment changes the files, so the hash\n")
    assert kneelink.load_pack(copy).info.content_hash != pack.info.content_hash


@pytest.mark.parametrize(
    "symptoms", [["lateral_knee_pain", "prolonged_sitting"], ["anterior_knee_pain"], ["cycling"]], ids=str
)
def test_answer_round_trips_through_json(symptoms: list[str], pack: kneelink.RulePack) -> None:
    answer = pack.suggest_regions(symptoms, side="left", age=40)
    assert Suggestion.model_validate_json(answer.model_dump_json()) == answer
