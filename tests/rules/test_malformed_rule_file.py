"""One file on its own: each kind of malformed rule file gives a RuleFileError at its exact line.

Every test writes a small pack in ``tmp_path``, breaks exactly one thing, and checks the
error's class, path, line and message. The line is found from a marker in the text the
test wrote, so it is exact without hard-coding line numbers.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import assume, given
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
from kneelink._schema import AgeRange, Condition, Rule, Source, cited_source

PACK = header("tiny", "1.0")

RULE_ROLL_CALF = """
[[rule]]
id = "roll_calf"
summary = "Roll the calf."
when = { all = ["sore_knee"] }
suggest = ["calf"]
role = "primary"
cite = ["article#14"]
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
    assert "rule 'roll_calf': unknown key `sugest`" in error.problem
    assert "did you mean 'suggest'?" in error.problem
    assert error.problem.endswith(f"(valid keys here: {', '.join(sorted(Rule.model_fields))})")


def test_unknown_key_inside_inline_table_suggests_the_valid_key(tmp_path: Path) -> None:
    rules = RULES.replace('when = { all = ["sore_knee"] }', 'when = { all = ["sore_knee"], nome = ["x"] }')
    folder = write_pack(tmp_path / "pack", TINY, rules=rules)
    error = rule_file_error(folder, "rules.toml", line_with(rules, "nome"))
    assert "rule 'roll_calf': unknown key `when.nome`" in error.problem
    assert "did you mean 'none'?" in error.problem


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
    assert "rule 'roll_calf': `role`" in error.problem
    assert "(got 'main')" in error.problem
    assert "'primary'" in error.problem
    assert "'supporting'" in error.problem


def test_invalid_red_flag_level_names_the_value_and_the_choices(tmp_path: Path) -> None:
    vocabulary = VOCABULARY + (
        '\n[[red_flag]]\nid = "hot_knee"\nlabel = "Hot knee"\nlevel = "soon"\n'
        'message = "See a clinician."\ncite = ["reference"]\n'
    )
    folder = write_pack(tmp_path / "pack", TINY, vocabulary=vocabulary)
    error = rule_file_error(folder, "vocabulary.toml", line_with(vocabulary, 'level = "soon"'))
    assert "(got 'soon')" in error.problem
    assert "'consultation_24'" in error.problem
    assert "'emergency_ambulance'" in error.problem


def test_id_with_capitals_is_rejected_at_its_line(tmp_path: Path) -> None:
    regions = REGIONS.replace('id = "calf"', 'id = "Calf"')
    folder = write_pack(tmp_path / "pack", TINY, regions=regions)
    error = rule_file_error(folder, "regions.toml", line_with(regions, 'id = "Calf"'))
    assert "region 'Calf': `id` should be lowercase letters" in error.problem
    assert "(got 'Calf')" in error.problem


def test_rule_without_citation(tmp_path: Path) -> None:
    rules = RULES.replace('role = "primary"\ncite = ["article#14"]', 'role = "primary"')
    assert rules != RULES
    folder = write_pack(tmp_path / "pack", TINY, rules=rules)
    error = rule_file_error(folder, "rules.toml", line_with(rules, 'id = "roll_calf"') - 1)
    assert error.problem == "rule 'roll_calf': `cite` is required"


def test_rule_citing_no_article_line_must_be_an_extension(tmp_path: Path) -> None:
    cited = RULES.replace('cite = ["article#14"]', 'cite = ["reference"]')
    folder = write_pack(tmp_path / "pack", TINY, rules=cited)
    error = rule_file_error(folder, "rules.toml", line_with(cited, 'id = "roll_calf"') - 1)
    assert error.problem.startswith("rule 'roll_calf': ")
    assert "extension = true" in error.problem

    marked = cited.replace('role = "primary"', 'role = "primary"\nextension = true')
    pack = kneelink.load_pack(write_pack(tmp_path / "marked", TINY, rules=marked))
    reason = pack.suggest_regions("knee_pain").regions[0].reasons[0]
    assert reason.extension is True
    assert reason.source == '"Test reference" (Test publisher)'
    assert [citation.source for citation in reason.citations] == ["reference"]


def test_citation_of_an_unknown_source_names_the_closest(tmp_path: Path) -> None:
    rules = RULES.replace('cite = ["article#14"]', 'cite = ["article#14", "refernce"]')
    folder = write_pack(tmp_path / "pack", TINY, rules=rules)
    error = rule_file_error(folder, "rules.toml", line_with(rules, "refernce"))
    assert error.code == "unknown-citation"
    assert "'refernce' names no source of the pack; did you mean 'reference'?" in error.problem


def test_citation_of_an_undeclared_paragraph_lists_the_declared_ones(tmp_path: Path) -> None:
    rules = RULES.replace('cite = ["article#14"]', 'cite = ["article#99"]')
    folder = write_pack(tmp_path / "pack", TINY, rules=rules)
    error = rule_file_error(folder, "rules.toml", line_with(rules, "article#99"))
    assert error.code == "unknown-citation"
    assert "source 'article' declares no paragraph 99 (its paragraphs: 1, 2, 3," in error.problem


@pytest.mark.parametrize("cite", ["article#", "article#0", "Article#1", "article 14", "article#14#2", ""])
def test_malformed_citation_names_the_value(tmp_path: Path, cite: str) -> None:
    rules = RULES.replace('cite = ["article#14"]', f'cite = ["article#4", "{cite}"]')
    folder = write_pack(tmp_path / "pack", TINY, rules=rules)
    error = rule_file_error(folder, "rules.toml", line_with(rules, '"article#4", '))
    assert "rule 'roll_calf': `cite.1` should be a source id, or a source id and a paragraph number" in error.problem
    assert f"(got {cite!r})" in error.problem


def test_a_citation_listed_twice_or_none_at_all(tmp_path: Path) -> None:
    twice = RULES.replace('cite = ["article#14"]', 'cite = ["article#14", "article#14"]')
    error = rule_file_error(write_pack(tmp_path / "twice", TINY, rules=twice), "rules.toml", line_with(twice, '#14", '))
    assert "a citation is listed twice" in error.problem
    empty = RULES.replace('cite = ["article#14"]', "cite = []")
    error = rule_file_error(
        write_pack(tmp_path / "empty", TINY, rules=empty), "rules.toml", line_with(empty, "cite = []")
    )
    assert "rule 'roll_calf': `cite` needs at least 1 item" in error.problem


def test_a_source_must_say_who_and_where(tmp_path: Path) -> None:
    bare = PACK.replace('publisher = "Test publisher"\ncitation = "kneelink\'s test suite"\n', "")
    assert bare != PACK
    folder = write_pack(tmp_path / "pack", TINY, pack=bare)
    error = rule_file_error(folder, "pack.toml", line_with(bare, 'id = "reference"') - 1)
    assert "a source needs an `author` or a `publisher`" in error.problem


def test_format_1_files_are_told_exactly_what_to_change(tmp_path: Path) -> None:
    old = 'schema_version = 1\n\n[[rule]]\nid = "r"\nsource = { article = "15, 33" }\n[[red_flag]]\nlevel = "urgent"\n'
    folder = write_pack(tmp_path / "pack", TINY, rules=old)
    report = kneelink.check_pack(folder)
    assert [(finding.line, finding.code) for finding in report.findings] == [
        (1, "format-1"),
        (5, "format-1"),
        (7, "format-1"),
    ]
    assert "set `schema_version = 2`" in report.findings[0].message
    assert 'with `cite = ["article#6", "article#14"]`' in report.findings[1].message
    assert '"consultation_24", "emergency" or "emergency_ambulance"' in report.findings[2].message
    error = rule_file_error(folder, "rules.toml", 1)
    assert error.code == "format-1"
    assert "(and 2 more problems)" in error.problem


def test_how_to_roll_without_its_source(tmp_path: Path) -> None:
    regions = REGIONS.replace("order = 1", 'order = 1\nhow_to_roll = "Lie on the roller."')
    folder = write_pack(tmp_path / "pack", TINY, regions=regions)
    error = rule_file_error(folder, "regions.toml", line_with(regions, "[[region]]"))
    assert error.problem == "region 'calf': `how_to_roll` and `how_to_roll_cite` go together"


def test_how_to_roll_source_without_how_to_roll(tmp_path: Path) -> None:
    regions = REGIONS.replace("order = 1", 'order = 1\nhow_to_roll_cite = ["article#10"]')
    folder = write_pack(tmp_path / "pack", TINY, regions=regions)
    error = rule_file_error(folder, "regions.toml", line_with(regions, "[[region]]"))
    assert "`how_to_roll` and `how_to_roll_cite` go together" in error.problem


def test_condition_with_only_none(tmp_path: Path) -> None:
    rules = RULES.replace('when = { all = ["sore_knee"] }', 'when = { none = ["knee_pain"] }')
    folder = write_pack(tmp_path / "pack", TINY, rules=rules)
    error = rule_file_error(folder, "rules.toml", line_with(rules, "none = "))
    assert error.problem == "rule 'roll_calf': `when`: a condition needs at least one fact in `all` or `any`"


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
    assert error.problem == "rule 'roll_calf': `when.age`: age min 60 is above max 50"


def test_age_out_of_range_names_the_value(tmp_path: Path) -> None:
    rules = RULES.replace('when = { all = ["sore_knee"] }', 'when = { all = ["sore_knee"], age = { min = 130 } }')
    folder = write_pack(tmp_path / "pack", TINY, rules=rules)
    error = rule_file_error(folder, "rules.toml", line_with(rules, "min = 130"))
    assert "rule 'roll_calf': `when.age.min` should be at most 120" in error.problem
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


@pytest.mark.parametrize(("version", "got"), [("3", "3"), ("0", "0"), ('"2"', "'2'")])
def test_wrong_schema_version(tmp_path: Path, version: str, got: str) -> None:
    regions = REGIONS.replace("schema_version = 2", f"schema_version = {version}")
    folder = write_pack(tmp_path / "pack", TINY, regions=regions)
    error = rule_file_error(folder, "regions.toml", line_with(regions, "schema_version"))
    assert error.problem.startswith("`schema_version` should be 2")
    assert f"(got {got})" in error.problem


def test_missing_schema_version(tmp_path: Path) -> None:
    regions = REGIONS.replace("schema_version = 2\n", "")
    folder = write_pack(tmp_path / "pack", TINY, regions=regions)
    error = rule_file_error(folder, "regions.toml", 1)  # a key missing from the top of the file
    assert error.problem == "`schema_version` is required"


def test_several_problems_report_the_first_and_count_the_rest(tmp_path: Path) -> None:
    rules = RULES.replace('role = "primary"', 'role = "main"\nsugest = ["calf"]')
    folder = write_pack(tmp_path / "pack", TINY, rules=rules)
    error = rule_file_error(folder, "rules.toml", line_with(rules, 'role = "main"'))
    assert error.problem.endswith("(and 1 more problem); `kneelink check` lists them all")


# --- The models on their own --------------------------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        {"id": "x", "title": "T"},
        {"id": "x", "title": "T", "author": "A"},
        {"id": "x", "title": "T", "publisher": "P", "address": "www.nhs.uk"},
        {"id": "x", "title": "T", "publisher": "P", "address": "http://insecure.example"},
        {"id": "X", "title": "T", "publisher": "P", "citation": "c"},
        {"id": "x", "title": "", "publisher": "P", "citation": "c"},
        {"id": "x", "title": "T", "publisher": "P", "citation": "c", "paragraph": [{"number": 0, "paraphrase": "p"}]},
        {"id": "x", "title": "T", "publisher": "P", "citation": "c", "paragraph": [{"number": 1}]},
        {
            "id": "x",
            "title": "T",
            "publisher": "P",
            "citation": "c",
            "paragraph": [{"number": 1, "paraphrase": "p"}, {"number": 1, "paraphrase": "q"}],
        },
        {"id": "x", "title": "T", "publisher": "P", "citation": "c", "page": "3"},
    ],
)
def test_source_rejects(fields: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Source.model_validate(fields)


# Mostly citation-shaped text (so assume() rejects few draws), and some of anything.
@given(
    st.from_regex(r"[a-z][a-z0-9_]{0,10}(#[0-9]{1,4})?", fullmatch=True)
    | st.text(alphabet="abcz_#0123456789", max_size=12)
)
def test_cited_source_splits_every_valid_citation(text: str) -> None:
    try:
        Rule.model_validate(
            {"id": "r", "summary": "S.", "when": {"all": ["a"]}, "derive": ["b"], "extension": True, "cite": [text]}
        )
        valid = True
    except ValidationError:
        valid = False
    assume(valid)
    source, number = cited_source(text)
    assert text == (source if number is None else f"{source}#{number}")


def test_source_is_frozen() -> None:
    source = Source(id="x", title="T", publisher="P", citation="c")
    with pytest.raises(ValidationError):
        source.title = "U"


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
    base = {"id": "r", "summary": "S.", "when": {"all": ["a"]}, "cite": ["article#1"]}
    with pytest.raises(ValidationError, match="only it does"):
        Rule.model_validate({**base, "derive": ["b"], "role": "primary"})
    assert Rule.model_validate({**base, "suggest": ["c"], "role": "supporting"}).role == "supporting"


def test_a_format_1_layered_pack_is_told_the_default_packs_new_ids(tmp_path: Path) -> None:
    old = (
        'schema_version = 1\n\n[[rule]]\nid = "mine"\nwhen = { all = ["it_band_tension"] }\n'
        'derive = ["hip_imbalance"]\nsource = { article = "15" }\n'
    )
    folder = write_pack(tmp_path / "pack", TINY, rules=old)
    messages = {finding.line: finding.message for finding in kneelink.check_pack(folder).findings}
    assert "`it_band_tension` is now `it_band_pulling`" in messages[5]
    assert "`hip_imbalance` is now `hip_muscles_tight`" in messages[6]
    assert 4 not in messages  # the rule's own id is not a default id being named
