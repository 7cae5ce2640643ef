"""The ``kneelink`` command: ``suggest`` and ``symptoms``, text and JSON, and bad input."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli import run
from packs import RULE_OLDER_ROLL_THE_CALF, SYMPTOM_KNEE_PAIN, header, write_pack

import kneelink
from kneelink._cli import main

AGE_PACK = (
    header("ages", "0.1")
    + SYMPTOM_KNEE_PAIN
    + """
[[region]]
id = "quadriceps"
label = "Quadriceps"
body_area = "thigh"
order = 1
cite = ["article#14"]

[[region]]
id = "calf"
label = "Calf"
body_area = "calf"
order = 2
cite = ["article#14"]

[[rule]]
id = "roll_the_thigh"
summary = "Roll the thigh."
when = { all = ["knee_pain"] }
suggest = ["quadriceps"]
role = "primary"
cite = ["article#14"]
"""
    + RULE_OLDER_ROLL_THE_CALF
)


@pytest.fixture
def age_pack(tmp_path: Path) -> Path:
    return write_pack(tmp_path, pack=AGE_PACK)


def test_suggest_prints_regions_in_treatment_order_with_reasons() -> None:
    symptoms = ["lateral_knee_pain", "running_downhill"]
    status, text = run(["suggest", *symptoms])
    assert status == 0
    answer = kneelink.suggest_regions(symptoms)
    assert len(answer.regions) >= 3
    positions = [text.index(f". {region.label} [{region.role}]") for region in answer.regions]
    assert positions == sorted(positions)
    for number, region in enumerate(answer.regions, start=1):
        assert f"\n{number}. {region.label} [{region.role}]" in "\n" + text
        for reason in region.reasons:
            assert f"Why: {' -> '.join(reason.chain)}\n" in text
            assert f"[{reason.rule}; {reason.source}" in " ".join(text.split())
    assert "lateral_knee_pain -> it_band_pulling -> it_band" in text
    assert "not medical advice" in text
    assert f"Rule pack {answer.pack.name} {answer.pack.version}." in text


def test_suggest_json_is_the_library_answer() -> None:
    symptoms = ["anterior_knee_pain", "stairs_pain"]
    status, text = run(["suggest", *symptoms, "--json"])
    assert status == 0
    parsed = kneelink.Suggestion.model_validate_json(text)
    assert parsed == kneelink.suggest_regions(symptoms)
    assert json.loads(text)["triage"] == parsed.triage


def test_side_and_age_are_passed_through() -> None:
    symptoms = ["lateral_knee_pain"]
    status, text = run(["suggest", *symptoms, "--side", "right", "--age", "34", "--json"])
    assert status == 0
    parsed = kneelink.Suggestion.model_validate_json(text)
    assert parsed == kneelink.suggest_regions(symptoms, side="right", age=34)
    assert {region.side for region in parsed.regions} == {"right"}

    status, text = run(["suggest", *symptoms, "--side", "left"])
    assert status == 0
    assert ", left side]" in text
    assert ", right side]" not in text


def test_age_changes_the_answer_through_the_command(age_pack: Path) -> None:
    young = kneelink.Suggestion.model_validate_json(
        run(["suggest", "knee_pain", "--age", "30", "--json", "--pack", str(age_pack)])[1]
    )
    old = kneelink.Suggestion.model_validate_json(
        run(["suggest", "knee_pain", "--age", "60", "--json", "--pack", str(age_pack)])[1]
    )
    assert young.region_ids == ("quadriceps",)
    assert old.region_ids == ("quadriceps", "calf")
    assert old.pack.name == "ages"


def test_contraindication_option_withholds_the_region() -> None:
    status, text = run(["suggest", "knee_pain", "--contraindication", "open_wound:calf", "--json"])
    assert status == 0
    answer = kneelink.Suggestion.model_validate_json(text)
    expected = kneelink.suggest_regions(["knee_pain"], contraindications=[("open_wound", "calf")])
    assert answer == expected
    assert [(held.region, held.contraindication) for held in answer.withheld] == [("calf", "open_wound")]


def test_malformed_contraindication_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["suggest", "knee_pain", "--contraindication", "open_wound"])
    assert exited.value.code == 2
    assert "expected KIND:REGION" in capsys.readouterr().err


def test_symptoms_lists_every_symptom_id_then_contraindication_kinds() -> None:
    status, text = run(["symptoms"])
    assert status == 0
    pack = kneelink.default_pack()
    listed = [line.split()[0] for line in text.splitlines() if line.strip()]
    assert listed == [*pack.symptoms, *pack.content.contraindications]
    for symptom in pack.symptoms.values():
        assert symptom.label in text
    for kind in pack.content.contraindications.values():
        assert kind.label in text


def test_symptoms_of_another_pack(age_pack: Path) -> None:
    status, text = run(["symptoms", "--pack", str(age_pack)])
    assert status == 0
    assert [line.split()[0] for line in text.splitlines()] == ["knee_pain"]


def test_unknown_symptom_is_a_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    status, text = run(["suggest", "lateral_knee_pian"])
    captured = capsys.readouterr()
    assert status == 2
    assert text == ""
    assert captured.out == ""
    assert captured.err.startswith("kneelink: error: unknown symptom 'lateral_knee_pian'")
    assert "'lateral_knee_pain'" in captured.err
    assert captured.err.endswith("\n")
    assert captured.err.count("\n") == 1
    assert "Traceback" not in captured.err


def test_bad_age_is_a_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    status, _ = run(["suggest", "knee_pain", "--age", "130"])
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith("kneelink: error: invalid symptom report: age")
    assert err.count("\n") == 1


def test_bad_pack_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _ = run(["suggest", "knee_pain", "--pack", str(tmp_path / "missing")])
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith("kneelink: error: rule pack folder")
    assert err.count("\n") == 1


def test_bad_usage_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["suggest", "knee_pain", "--side", "up"], out=io.StringIO())
    assert caught.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def _console_script() -> Path:
    script = Path(sys.executable).parent / "kneelink"
    assert script.is_file(), f"no console script at {script}"
    return script


def test_installed_console_script(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    done = subprocess.run(
        [str(_console_script()), "suggest", "lateral_knee_pain", "--json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert kneelink.Suggestion.model_validate_json(done.stdout) == kneelink.suggest_regions(["lateral_knee_pain"])

    failed = subprocess.run(
        [str(_console_script()), "suggest", "lateral_knee_pian"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
        check=False,
    )
    assert failed.returncode == 2
    assert failed.stdout == ""
    assert failed.stderr.startswith("kneelink: error: unknown symptom 'lateral_knee_pian'")
    assert failed.stderr.count("\n") == 1
