"""Rule-file errors in kneelink's words. A schema error names the
table by its id (``symptom 'knee_pain': `category` ...``), never pydantic's ``symptom.0``;
a value outside a fixed set gets "did you mean" and the valid values; and a pack whose
files do not load is called by its name."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from packs import REGION_CALF, RULE_ROLL_THE_CALF, SYMPTOM_KNEE_PAIN, header, line_with, rule_file_error, write_pack

import kneelink
from kneelink._cli import main

TEXT = header("wording", "1.0") + SYMPTOM_KNEE_PAIN + REGION_CALF + RULE_ROLL_THE_CALF
PYDANTIC_PHRASES = ("Input should", "Field required", "Value error", "String should", "valid integer", "Extra inputs")


def problem_after(tmp_path: Path, old: str, new: str, at: str = "") -> str:
    """The problem the loader reports once ``old`` becomes ``new``, at the line of ``at``
    (default: the first line of ``new``)."""
    assert old in TEXT
    text = TEXT.replace(old, new)
    error = rule_file_error(write_pack(tmp_path, pack=text), "pack.toml", line_with(text, at or new.splitlines()[0]))
    return error.problem


def test_a_schema_error_names_the_table_by_its_id(tmp_path: Path) -> None:
    problem = problem_after(tmp_path, 'category = "knee_pain"', 'category = "conditon"')
    assert problem == (
        "symptom 'knee_pain': `category` should be 'knee_pain', 'condition', 'aggravating_factor', 'red_flag', "
        "'context' or 'window'; did you mean 'condition'? (got 'conditon')"
    )


def test_a_bad_literal_in_a_rule_gets_did_you_mean(tmp_path: Path) -> None:
    problem = problem_after(tmp_path, 'role = "primary"', 'role = "primery"')
    assert (
        problem
        == "rule 'roll_the_calf': `role` should be 'primary' or 'supporting'; did you mean 'primary'? (got 'primery')"
    )


def test_a_missing_key_is_said_plainly(tmp_path: Path) -> None:
    problem = problem_after(tmp_path, 'body_area = "calf"\n', "", at="[[region]]")
    assert problem == "region 'calf': `body_area` is required"


def test_an_unknown_key_is_named_in_its_table(tmp_path: Path) -> None:
    problem = problem_after(tmp_path, 'role = "primary"', 'role = "primary"\nsumary = "Roll it."', at="sumary")
    assert problem.startswith("rule 'roll_the_calf': unknown key `sumary`; did you mean 'summary'? (valid keys here: ")


def test_a_nested_error_names_the_table_and_the_path(tmp_path: Path) -> None:
    problem = problem_after(
        tmp_path, 'when = { all = ["knee_pain"] }', 'when = { all = ["knee_pain"], age = { min = 130 } }'
    )
    assert problem == "rule 'roll_the_calf': `when.age.min` should be at most 120 (got 130)"


def test_a_table_without_a_usable_id_is_named_by_its_place(tmp_path: Path) -> None:
    problem = problem_after(tmp_path, 'id = "calf"', "id = 7")
    assert problem == "region #1: `id` should be text (got 7)"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('category = "knee_pain"', 'category = "knee"'),
        ('id = "calf"', 'id = "Calf"'),
        ("order = 1", 'order = "1"'),
        ('body_area = "calf"\n', ""),
        ('summary = "Roll the calf."', 'sumary = "Roll the calf."'),
        ('summary = "Roll the calf."', 'summary = ""'),
        ('role = "primary"', "role = 1"),
        ("schema_version = 2", "schema_version = 3"),
        ('suggest = ["calf"]', 'suggest = "calf"'),
    ],
)
def test_no_pydantic_phrasing_leaks_from_rule_files(tmp_path: Path, old: str, new: str) -> None:
    text = TEXT.replace(old, new)
    with pytest.raises(kneelink.RuleFileError) as caught:
        kneelink.load_pack(write_pack(tmp_path, pack=text))
    for phrase in PYDANTIC_PHRASES:
        assert phrase not in caught.value.problem
    assert ".0." not in caught.value.problem


def test_a_pack_that_fails_to_load_is_called_by_its_name(tmp_path: Path) -> None:
    folder = write_pack(tmp_path, pack=TEXT.replace('category = "knee_pain"', 'category = "knee"'))
    report = kneelink.check_pack(folder)
    assert not report.ok
    assert report.format().splitlines()[-1] == "wording: 1 error(s), 0 warning(s), 0 example(s) run"
    out = io.StringIO()
    assert main(["check", str(folder)], out=out) == 1
    assert out.getvalue().splitlines()[-1].startswith("wording: ")
