"""The command line's data output (issue 23): ``suggest --fhir`` and ``--cards``, ``suggest -``
reading standard input, ``--json`` on ``symptoms`` and ``check``; and
``kneelink.resolve_symptom`` as a top-level function."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from cli import run_with_input as run
from packs import REGION_CALF, RULE_ROLL_THE_CALF, SYMPTOM_KNEE_PAIN, header, write_pack

import kneelink
from kneelink._cli import main

SYMPTOMS = ["lateral_knee_pain", "running_downhill"]
SMALL_PACK = header("small", "0.1") + SYMPTOM_KNEE_PAIN + REGION_CALF + RULE_ROLL_THE_CALF


def test_suggest_fhir_prints_the_answers_care_plan() -> None:
    status, out, _ = run(["suggest", *SYMPTOMS, "--side", "right", "--fhir"])
    assert status == 0
    plan = json.loads(out)
    assert plan["resourceType"] == "CarePlan"
    assert plan == kneelink.care_plan(kneelink.suggest_regions(SYMPTOMS, side="right"), pack=kneelink.default_pack())


def test_suggest_cards_prints_the_answers_cds_hooks_cards() -> None:
    status, out, _ = run(["suggest", "knee_pain", "one_leg_swelling", "--cards"])
    assert status == 0
    cards = json.loads(out)
    assert cards == kneelink.cds_cards(kneelink.suggest_regions(["knee_pain", "one_leg_swelling"]))
    assert cards[0]["indicator"] == "warning"  # consultation_24: a referral, not self care


def test_an_error_with_fhir_or_cards_is_json_on_stderr_and_stdout_stays_empty() -> None:
    for flag in ("--fhir", "--cards"):
        status, out, err = run(["suggest", "knee_pian", flag])
        assert (status, out) == (2, "")
        error = json.loads(err)["error"]
        assert error["type"] == "UnknownSymptomError"
        assert "knee_pain" in error["suggestions"]


def test_one_output_format_at_a_time_and_fhir_takes_symptom_ids_only() -> None:
    with contextlib.redirect_stderr(io.StringIO()), pytest.raises(SystemExit) as exited:
        main(["suggest", "knee_pain", "--json", "--cards"], out=io.StringIO())
    assert exited.value.code == 2
    status, out, err = run(["suggest", "--text", "my knee hurts", "--fhir"])
    assert (status, out) == (2, "")
    assert "--fhir and --cards take symptom ids only" in json.loads(err)["error"]["message"]


def test_suggest_dash_reads_the_symptoms_from_standard_input() -> None:
    expected = run(["suggest", *SYMPTOMS, "--json"])
    assert run(["suggest", "-", "--json"], stdin="lateral_knee_pain\nrunning_downhill\n") == expected
    assert run(["suggest", "lateral_knee_pain", "-", "--json"], stdin="running_downhill") == expected
    status, out, err = run(["suggest", "-"], stdin="knee_pian\n")
    assert (status, out) == (2, "")
    assert "unknown symptom 'knee_pian'" in err


def test_suggest_dash_reads_a_real_pipe(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kneelink", "suggest", "-", "--json"],
        input="lateral_knee_pain running_downhill\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert kneelink.Suggestion.model_validate_json(done.stdout) == kneelink.suggest_regions(SYMPTOMS)


def test_symptoms_json_lists_what_the_text_lists() -> None:
    status, out, _ = run(["symptoms", "--json"])
    assert status == 0
    listed = json.loads(out)
    pack = kneelink.default_pack()
    assert [entry["id"] for entry in listed["symptoms"]] == list(pack.symptoms)
    assert listed["symptoms"][0] == {
        "id": next(iter(pack.symptoms.values())).id,
        "category": next(iter(pack.symptoms.values())).category,
        "label": next(iter(pack.symptoms.values())).label,
    }
    assert [entry["id"] for entry in listed["contraindications"]] == list(pack.content.contraindications)


def test_check_json_gives_the_findings_and_the_same_exit_status(tmp_path: Path) -> None:
    status, out, _ = run(["check", "--json"])
    assert status == 0
    assert json.loads(out) == {
        "pack": "kneelink-default",
        "ok": True,
        "errors": 0,
        "warnings": 0,
        "examples_run": len(kneelink.default_pack().content.examples),
        "findings": [],
    }
    broken = write_pack(
        tmp_path / "broken", pack=SMALL_PACK.replace('when = { all = ["knee_pain"] }', 'when = { all = ["x"] }')
    )
    status, out, _ = run(["check", str(broken), "--json"])
    assert status == 1
    summary = json.loads(out)
    report = kneelink.check_pack(broken)
    assert summary["ok"] is False
    assert summary["errors"] == len(report.errors) >= 1
    assert summary["findings"] == [
        {"severity": f.severity, "code": f.code, "message": f.message, "path": f.path, "line": f.line}
        for f in report.findings
    ]


def test_coverage_json_says_what_the_text_says(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HYPOTHESIS_STORAGE_DIRECTORY", str(tmp_path))
    text_status, text, _ = run(["coverage", "--reports", "30", "--seed", "1"])
    status, out, _ = run(["coverage", "--reports", "30", "--seed", "1", "--json"])
    assert status == text_status == 0
    data = json.loads(out)
    assert (
        text.splitlines()[0] == f"{data['reports']} generated reports fired {data['fired']} of {data['rules']} rules."
    )
    assert data["rules"] == len(kneelink.default_pack().rules)
    assert len(data["not_fired"]) == data["rules"] - data["fired"] == len(text.splitlines()) - 1
    for entry, line in zip(data["not_fired"], text.splitlines()[1:], strict=True):
        witness = entry["witness"]
        assert line.startswith(
            f"  {entry['rule']}: not fired; witness `kneelink suggest {' '.join(witness['symptoms'])}"
        )
        assert entry["witness_fires_it"] is True
        answer = kneelink.suggest_regions(
            kneelink.SymptomReport(
                symptoms=witness["symptoms"],
                age=witness["age"],
                absent=witness["absent"],
                days_since_injury=witness["days_since_injury"],
            )
        )
        assert entry["rule"] in answer.fired_rules


def test_every_subcommand_whose_output_is_data_takes_json() -> None:
    for command in ("suggest", "ask", "symptoms", "check", "coverage"):
        with contextlib.redirect_stdout(io.StringIO()) as printed, pytest.raises(SystemExit):
            main([command, "--help"], out=io.StringIO())
        assert "--json" in printed.getvalue(), command


@pytest.mark.parametrize("typed", ["lateral_knee_pain", "LATERAL-KNEE-PAIN", "Outer knee pain", "knee pian"])
def test_resolve_symptom_is_the_default_packs(typed: str) -> None:
    try:
        expected: str | type[BaseException] = kneelink.default_pack().resolve_symptom(typed)
    except kneelink.UnknownSymptomError:
        expected = kneelink.UnknownSymptomError
    if isinstance(expected, str):
        assert kneelink.resolve_symptom(typed) == expected
    else:
        with pytest.raises(kneelink.UnknownSymptomError) as raised:
            kneelink.resolve_symptom(typed)
        assert "knee_pain" in raised.value.suggestions


def test_resolve_symptom_takes_a_pack(tmp_path: Path) -> None:
    pack = kneelink.load_pack(write_pack(tmp_path / "pack", pack=SMALL_PACK))
    assert kneelink.resolve_symptom("KNEE-PAIN", pack=pack) == "knee_pain"
    with pytest.raises(kneelink.UnknownSymptomError):
        kneelink.resolve_symptom("lateral_knee_pain", pack=pack)
