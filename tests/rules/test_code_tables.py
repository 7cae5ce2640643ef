"""``[[code]]`` tables (``rules/codes.toml``): codes a record may carry, as data, checked
where they are written, and every verified mapping saying where it was checked."""

from __future__ import annotations

from pathlib import Path

import pytest
from packs import header, line_with, write_pack

import kneelink
from kneelink._loader import read_pack

HEADER = header("coded", "0.1", extends="default")


def problems(tmp_path: Path, codes: str) -> list[kneelink.RuleFileError]:
    folder = write_pack(tmp_path / "pack", {"pack": HEADER}, codes=codes)
    content, found = read_pack(folder)
    assert content is None
    return found


def test_the_shipped_codes_name_known_symptoms_and_say_where_they_were_checked() -> None:
    pack = kneelink.default_pack()
    codes = pack.content.codes
    assert {code.symptom for code in codes if code.symptom} <= set(pack.symptoms)
    assert len({(code.system, code.code) for code in codes}) == len(codes)
    assert all(code.checked and code.checked.startswith("http") for code in codes if code.verified)
    by_code = {code.code: code for code in codes}
    right_knee = by_code["M25.561"]
    assert (right_knee.symptom, right_knee.side, right_knee.verified) == ("knee_pain", "right", True)
    assert by_code["30989003"].verified is False  # not confirmed on a public page: used, and said so
    assert {by_code[c].side for c in ("419161000", "419465000", "51440002")} == {"left", "right", "both"}


def test_a_code_for_an_unknown_symptom_is_reported_at_its_line(tmp_path: Path) -> None:
    codes = (
        'schema_version = 2\n\n[[code]]\nsystem = "http://snomed.info/sct"\ncode = "1"\ndisplay = "x"\n'
        'symptom = "knee_pian"  # here\nverified = false\n'
    )
    (problem,) = problems(tmp_path, codes)
    assert problem.line is not None
    assert problem.line <= line_with(codes, "# here")
    assert "unknown symptom 'knee_pian'" in problem.problem
    assert "did you mean 'knee_pain'" in problem.problem


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ('system = "http://snomed.info/sct"\ncode = "1"\ndisplay = "x"\nverified = false\n', "`symptom`, a `side`"),
        ('system = "http://snomed.info/sct"\ncode = "1"\ndisplay = "x"\nside = "left"\nverified = true\n', "`checked`"),
        ('system = "http://loinc.org"\ncode = "1"\ndisplay = "x"\nside = "left"\nverified = false\n', "system"),
        ('system = "http://snomed.info/sct"\ncode = "1 OR 1"\ndisplay = "x"\nside = "left"\nverified = false', "code"),
    ],
)
def test_a_bad_code_table_is_a_clear_error(tmp_path: Path, body: str, says: str) -> None:
    (problem,) = problems(tmp_path, f"schema_version = 2\n\n[[code]]\n{body}")
    assert says in problem.problem
    assert str(problem.path).endswith("codes.toml")


def test_a_code_mapped_twice_is_an_error(tmp_path: Path) -> None:
    # The default pack already maps ICD-10-CM M25.561; a layered pack may not map it again.
    codes = (
        'schema_version = 2\n\n[[code]]\nsystem = "http://hl7.org/fhir/sid/icd-10-cm"\ncode = "M25.561"\n'
        'display = "x"\nsymptom = "lateral_knee_pain"\nverified = false\n'
    )
    (problem,) = problems(tmp_path, codes)
    assert "mapped twice" in problem.problem


def test_warning_signs_have_codes_a_record_carries() -> None:
    # A knee sprain, a cancer history and drug immunosuppression in the record reach the
    # warning-sign rules; a mapping seen only on a machine-written page stays unverified.
    by_code = {code.code: code for code in kneelink.default_pack().content.codes}
    assert (by_code["S83.91XA"].symptom, by_code["S83.91XA"].side) == ("knee_injury", "right")
    assert (by_code["S83.92XA"].symptom, by_code["S83.92XA"].side) == ("knee_injury", "left")
    assert by_code["Z85.9"].symptom == "cancer_history"
    assert by_code["D84.821"].symptom == "immunosuppressed"
    assert by_code["S83.006A"].verified is False
    coded = {code.symptom for code in by_code.values() if code.symptom}
    assert {"knee_injury", "kneecap_dislocated", "cancer_history", "immunosuppressed", "fever"} <= coded
