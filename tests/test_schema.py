"""One file on its own: each kind of malformed rule file gives a RuleFileError at its exact line.

Every test writes a small pack in ``tmp_path``, breaks exactly one thing, and checks the
error's class, path, line and message. The line is found from a marker in the text the
test wrote, so it is exact without hard-coding line numbers.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from packs import (
    FACT_SORE_KNEE,
    REGION_CALF,
    RULE_SORE,
    SCHEMA_VERSION,
    SYMPTOM_KNEE_PAIN,
    header,
    line_with,
    rule_file_error,
    write_pack,
)
from pydantic import ValidationError

import kneelink
from kneelink._schema import AgeRange, Citation, Condition, Rule

PACK = header("tiny", "1.0")

RULE_ROLL_CALF = """
[[rule]]
id = "roll_calf"
summary = "Roll the calf."
when = { all = ["sore_knee"] }
suggest = ["calf"]
role = "primary"
source = { article = "33" }
"""

VOCABULARY = SCHEMA_VERSION + SYMPTOM_KNEE_PAIN + FACT_SORE_KNEE
REGIONS = SCHEMA_VERSION + REGION_CALF
RULES = SCHEMA_VERSION + RULE_SORE + RULE_ROLL_CALF

# The tiny pack every test writes, with one file swapped in: write_pack(folder, TINY, rules="...").
TINY = {"pack": PACK, "vocabulary": VOCABULARY, "regions": REGIONS, "rules": RULES}


def test_the_tiny_pack_loads_and_answers(tmp_path: Path) -> None:
    # The control for every test below: without the one broken thing, the pack works.
    pack = kneelink.load_pack(write_pack(tmp_path / "pack", TINY))
    answer = pack.suggest_regions(["knee_pain"])
    assert answer.region_ids == ("calf",)
    assert answer.regions[0].reasons[0].chain == ("knee_pain", "sore_knee", "calf")
    assert pack.info.name == "tiny"


def test_toml_syntax_error_reports_tomllib_line(tmp_path: Path) -> None:
    rules = RULES.replace('id = "roll_calf"', 'id = "roll_calf" oops')
    folder = write_pack(tmp_path / "pack", TINY, rules=rules)
    error = rule_file_error(folder, "rules.toml", line_with(rules, "oops"))
    assert error.problem.startswith("not valid TOML: ")
    assert f"(at line {error.line}, column" in error.problem


def test_toml_duplicate_key_is_a_syntax_error(tmp_path: Path) -> None:
    rules = RULES.replace('role = "primary"', 'role = "primary"\nrole = "supporting"')
    folder = write_pack(tmp_path / "pack", TINY, rules=rules)
    error = rule_file_error(folder, "rules.toml", line_with(rules, 'role = "supporting"'))
    assert "not valid TOML" in error.problem


def test_file_that_is_not_utf8_names_the_line_of_the_first_bad_byte(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "pack", TINY)
    (folder / "rules.toml").write_bytes(RULES.encode("utf-8") + b"\n# caf\xe9 \xff\n")
    error = rule_file_error(folder, "rules.toml", RULES.count("\n") + 2)
    assert "UTF-8" in error.problem
    assert "column 6" in error.problem


def test_unknown_key_in_rule_suggests_the_valid_key(tmp_path: Path) -> None:
    rules = RULES.replace('suggest = ["calf"]', 'sugest = ["calf"]')
    folder = write_pack(tmp_path / "pack", TINY, rules=rules)
    error = rule_file_error(folder, "rules.toml", line_with(rules, "sugest"))
    assert "unknown key `rule.1.sugest`" in error.problem
    assert "did you mean 'suggest'?" in error.problem
    assert error.problem.endswith(f"(valid keys here: {', '.join(sorted(Rule.model_fields))})")


def test_unknown_key_inside_inline_table_suggests_the_valid_key(tmp_path: Path) -> None:
    rules = RULES.replace('source = { article = "33" }', 'source = { articel = "33" }')
    folder = write_pack(tmp_path / "pack", TINY, rules=rules)
    error = rule_file_error(folder, "rules.toml", line_with(rules, "articel"))
    assert "`rule.1.source.articel`" in error.problem
    assert "did you mean 'article'?" in error.problem


def test_unknown_table_suggests_the_valid_table(tmp_path: Path) -> None:
    regions = REGIONS.replace("[[region]]", "[[regoin]]")
    folder = write_pack(tmp_path / "pack", TINY, regions=regions)
    error = rule_file_error(folder, "regions.toml", line_with(regions, "[[regoin]]"))
    assert "`regoin`" in error.problem
    assert "did you mean 'region'?" in error.problem


def test_invalid_role_names_the_value_and_the_choices(tmp_path: Path) -> None:
    rules = RULES.replace('role = "primary"', 'role = "main"')
    folder = write_pack(tmp_path / "pack", TINY, rules=rules)
    error = rule_file_error(folder, "rules.toml", line_with(rules, 'role = "main"'))
    assert "`rule.1.role`" in error.problem
    assert "(got 'main')" in error.problem
    assert "'primary'" in error.problem
    assert "'supporting'" in error.problem


def test_invalid_red_flag_level_names_the_value_and_the_choices(tmp_path: Path) -> None:
    vocabulary = VOCABULARY + (
        '\n[[red_flag]]\nid = "hot_knee"\nlabel = "Hot knee"\nlevel = "soon"\n'
        'message = "See a clinician."\nsource = { reference = "§2 Red flags" }\n'
    )
    folder = write_pack(tmp_path / "pack", TINY, vocabulary=vocabulary)
    error = rule_file_error(folder, "vocabulary.toml", line_with(vocabulary, 'level = "soon"'))
    assert "(got 'soon')" in error.problem
    assert "'see_clinician'" in error.problem
    assert "'urgent'" in error.problem


def test_id_with_capitals_is_rejected_at_its_line(tmp_path: Path) -> None:
    regions = REGIONS.replace('id = "calf"', 'id = "Calf"')
    folder = write_pack(tmp_path / "pack", TINY, regions=regions)
    error = rule_file_error(folder, "regions.toml", line_with(regions, 'id = "Calf"'))
    assert "`region.0.id`" in error.problem
    assert "(got 'Calf')" in error.problem


def test_rule_without_source(tmp_path: Path) -> None:
    rules = RULES.replace('role = "primary"\nsource = { article = "33" }', 'role = "primary"')
    assert rules != RULES
    folder = write_pack(tmp_path / "pack", TINY, rules=rules)
    error = rule_file_error(folder, "rules.toml", line_with(rules, 'id = "roll_calf"') - 1)
    assert error.problem == "`rule.1.source`: Field required"


def test_rule_citing_no_article_line_must_be_an_extension(tmp_path: Path) -> None:
    cited = RULES.replace('source = { article = "33" }', 'source = { reference = "§4 Calf tightness" }')
    folder = write_pack(tmp_path / "pack", TINY, rules=cited)
    error = rule_file_error(folder, "rules.toml", line_with(cited, 'id = "roll_calf"') - 1)
    assert "`rule.1`" in error.problem
    assert "extension = true" in error.problem

    marked = cited.replace('role = "primary"', 'role = "primary"\nextension = true')
    pack = kneelink.load_pack(write_pack(tmp_path / "marked", TINY, rules=marked))
    reason = pack.suggest_regions("knee_pain").regions[0].reasons[0]
    assert reason.extension is True
    assert reason.source == "clinical reference §4 Calf tightness"


def test_backwards_article_line_range(tmp_path: Path) -> None:
    rules = RULES.replace('source = { article = "33" }', 'source = { article = "9, 33-31" }')
    folder = write_pack(tmp_path / "pack", TINY, rules=rules)
    error = rule_file_error(folder, "rules.toml", line_with(rules, "33-31"))
    assert error.problem == "`rule.1.source`: article line range '33-31' runs backwards"


def test_malformed_article_lines_name_the_value(tmp_path: Path) -> None:
    rules = RULES.replace('source = { article = "33" }', 'source = { article = "line 33" }')
    folder = write_pack(tmp_path / "pack", TINY, rules=rules)
    error = rule_file_error(folder, "rules.toml", line_with(rules, "line 33"))
    assert "`rule.1.source.article`" in error.problem
    assert "(got 'line 33')" in error.problem


def test_how_to_roll_without_its_source(tmp_path: Path) -> None:
    regions = REGIONS.replace("order = 1", 'order = 1\nhow_to_roll = "Lie on the roller."')
    folder = write_pack(tmp_path / "pack", TINY, regions=regions)
    error = rule_file_error(folder, "regions.toml", line_with(regions, "[[region]]"))
    assert error.problem == "`region.0`: `how_to_roll` and `how_to_roll_source` go together"


def test_how_to_roll_source_without_how_to_roll(tmp_path: Path) -> None:
    regions = REGIONS.replace("order = 1", 'order = 1\nhow_to_roll_source = { article = "25" }')
    folder = write_pack(tmp_path / "pack", TINY, regions=regions)
    error = rule_file_error(folder, "regions.toml", line_with(regions, "[[region]]"))
    assert "`how_to_roll` and `how_to_roll_source` go together" in error.problem


def test_condition_with_only_none(tmp_path: Path) -> None:
    rules = RULES.replace('when = { all = ["sore_knee"] }', 'when = { none = ["knee_pain"] }')
    folder = write_pack(tmp_path / "pack", TINY, rules=rules)
    error = rule_file_error(folder, "rules.toml", line_with(rules, "none = "))
    assert error.problem == "`rule.1.when`: a condition needs at least one fact in `all` or `any`"


def test_condition_requiring_and_excluding_the_same_id(tmp_path: Path) -> None:
    rules = RULES.replace('when = { all = ["knee_pain"] }', 'when = { all = ["knee_pain"], none = ["knee_pain"] }')
    folder = write_pack(tmp_path / "pack", TINY, rules=rules)
    error = rule_file_error(folder, "rules.toml", line_with(rules, "none = "))
    assert "['knee_pain'] both required and excluded" in error.problem


def test_age_min_above_max(tmp_path: Path) -> None:
    rules = RULES.replace(
        'when = { all = ["sore_knee"] }', 'when = { all = ["sore_knee"], age = { min = 60, max = 50 } }'
    )
    folder = write_pack(tmp_path / "pack", TINY, rules=rules)
    error = rule_file_error(folder, "rules.toml", line_with(rules, "min = 60"))
    assert error.problem == "`rule.1.when.age`: age min 60 is above max 50"


def test_age_out_of_range_names_the_value(tmp_path: Path) -> None:
    rules = RULES.replace('when = { all = ["sore_knee"] }', 'when = { all = ["sore_knee"], age = { min = 130 } }')
    folder = write_pack(tmp_path / "pack", TINY, rules=rules)
    error = rule_file_error(folder, "rules.toml", line_with(rules, "min = 130"))
    assert "`rule.1.when.age.min`" in error.problem
    assert "(got 130)" in error.problem


def test_rule_without_an_effect(tmp_path: Path) -> None:
    rules = RULES.replace('derive = ["sore_knee"]\n', "")
    folder = write_pack(tmp_path / "pack", TINY, rules=rules)
    error = rule_file_error(folder, "rules.toml", line_with(rules, 'id = "sore"') - 1)
    assert "a rule needs an effect" in error.problem


def test_suggest_without_role(tmp_path: Path) -> None:
    rules = RULES.replace('role = "primary"\n', "")
    folder = write_pack(tmp_path / "pack", TINY, rules=rules)
    error = rule_file_error(folder, "rules.toml", line_with(rules, 'id = "roll_calf"') - 1)
    assert "`suggest` needs a `role`" in error.problem


@pytest.mark.parametrize(("version", "got"), [("2", "2"), ("0", "0"), ('"1"', "'1'")])
def test_wrong_schema_version(tmp_path: Path, version: str, got: str) -> None:
    regions = REGIONS.replace("schema_version = 1", f"schema_version = {version}")
    folder = write_pack(tmp_path / "pack", TINY, regions=regions)
    error = rule_file_error(folder, "regions.toml", line_with(regions, "schema_version"))
    assert error.problem.startswith("`schema_version`: Input should be 1")
    assert f"(got {got})" in error.problem


def test_missing_schema_version(tmp_path: Path) -> None:
    regions = REGIONS.replace("schema_version = 1\n", "")
    folder = write_pack(tmp_path / "pack", TINY, regions=regions)
    error = rule_file_error(folder, "regions.toml", 1)  # a key missing from the top of the file
    assert error.problem == "`schema_version`: Field required"


def test_several_problems_report_the_first_and_count_the_rest(tmp_path: Path) -> None:
    rules = RULES.replace('role = "primary"', 'role = "main"\nsugest = ["calf"]')
    folder = write_pack(tmp_path / "pack", TINY, rules=rules)
    error = rule_file_error(folder, "rules.toml", line_with(rules, 'role = "main"'))
    assert error.problem.endswith("(and 1 more problem); `kneelink check` lists them all")


# --- The models on their own --------------------------------------------------------------


def test_citation_parses_article_lines() -> None:
    assert Citation(article="15, 25-27").article_lines == (15, 25, 26, 27)
    assert Citation(article="9").article_lines == (9,)
    assert Citation(article="25-25").article_lines == (25,)
    assert Citation(article="3,4 , 10-11").article_lines == (3, 4, 10, 11)
    assert Citation(reference="§4 Something").article_lines == ()


def test_citation_str() -> None:
    assert str(Citation(article="9")) == "article line 9"
    assert str(Citation(article="25-26")) == "article lines 25-26"
    assert str(Citation(article="9, 17")) == "article lines 9, 17"
    assert str(Citation(reference="§2 Ottawa Knee Rule")) == "clinical reference §2 Ottawa Knee Rule"
    both = Citation(article="15", reference="§4 IT band syndrome")
    assert str(both) == "article line 15; clinical reference §4 IT band syndrome"


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"article": ""},
        {"article": "a"},
        {"article": "15-"},
        {"article": "15,,16"},
        {"article": "-3"},
        {"article": "27-25"},
        {"reference": "Ottawa Knee Rule"},
        {"reference": "§6 Not a section"},
        {"reference": "§2"},
        {"article": "9", "page": "3"},
    ],
)
def test_citation_rejects(fields: dict[str, str]) -> None:
    with pytest.raises(ValidationError):
        Citation.model_validate(fields)


@given(st.lists(st.tuples(st.integers(0, 500), st.integers(0, 20)), min_size=1, max_size=6))
def test_citation_article_lines_expand_every_range(ranges: list[tuple[int, int]]) -> None:
    text = ", ".join(str(first) if width == 0 else f"{first}-{first + width}" for first, width in ranges)
    expected = tuple(line for first, width in ranges for line in range(first, first + width + 1))
    citation = Citation(article=text)
    assert citation.article_lines == expected
    assert str(citation) == f"article line{'s' if len(expected) > 1 else ''} {text}"


def test_citation_is_frozen() -> None:
    citation = Citation(article="9")
    with pytest.raises(ValidationError):
        citation.article = "10"


def test_age_range_admits_inclusive_bounds() -> None:
    adults = AgeRange(min=18, max=64)
    assert [adults.admits(age) for age in (17, 18, 64, 65)] == [False, True, True, False]
    assert AgeRange(min=55).admits(120)
    assert not AgeRange(max=11).admits(12)
    with pytest.raises(ValidationError, match="needs `min`, `max` or both"):
        AgeRange()


def test_condition_rejects_an_id_listed_twice() -> None:
    with pytest.raises(ValidationError, match="`any` lists an id twice"):
        Condition(any=("a", "a"))
    assert Condition(all=("a",), any=("b",)).positive_ids == ("a", "b")


def test_rule_model_needs_a_role_only_with_suggest() -> None:
    base = {"id": "r", "summary": "S.", "when": {"all": ["a"]}, "source": {"article": "1"}}
    with pytest.raises(ValidationError, match="only it does"):
        Rule.model_validate({**base, "derive": ["b"], "role": "primary"})
    assert Rule.model_validate({**base, "suggest": ["c"], "role": "supporting"}).role == "supporting"
