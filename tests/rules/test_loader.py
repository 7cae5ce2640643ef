"""Putting files together: ids that do not resolve, clashes between files, folders that are
not packs, and that a failed load changes nothing. Also :func:`kneelink._locate.line_of`.

Each test writes a small pack in ``tmp_path`` (or copies the shipped one) with one thing
broken, and checks the error's class, exact path, exact line and message.
"""

from __future__ import annotations

import gc
import json
import threading
from collections.abc import Sequence
from importlib.resources.abc import Traversable
from pathlib import Path

import pytest
from packs import (
    FACT_SORE_KNEE,
    REGION_CALF,
    REGION_QUADRICEPS,
    RULE_SORE,
    SCHEMA_VERSION,
    SYMPTOM_KNEE_PAIN,
    header,
    line_with,
    rule_file_error,
    write_pack,
)

import kneelink
from kneelink import _loader
from kneelink._loader import Location, _ParsedFile, collection_paused
from kneelink._locate import line_of
from kneelink._pack import default_rules_folder

PACK = header("tiny", "1.0")

SYMPTOM_HOT_SWOLLEN_KNEE = """
[[symptom]]
id = "hot_swollen_knee"
label = "Hot, swollen knee"
question = "Is this the case?"
category = "red_flag"
cite = ["reference"]
"""

RED_FLAG_INFECTION = """
[[red_flag]]
id = "infection"
label = "Possible joint infection"
level = "consultation_24"
message = "See a doctor today."
withhold = ["calf"]
cite = ["reference"]
"""

RULE_ROLL_THE_LEG = """
[[rule]]
id = "roll_the_leg"
summary = "Roll the calf and quadriceps."
when = { all = ["sore_knee"] }
suggest = ["calf", "quadriceps"]
role = "primary"
cite = ["article#14"]
"""

RULE_FLAG_INFECTION = """
[[rule]]
id = "flag_infection"
summary = "A hot, swollen knee may be infected."
when = { all = ["hot_swollen_knee"] }
red_flag = "infection"
extension = true
cite = ["reference"]
"""

VOCABULARY = SCHEMA_VERSION + SYMPTOM_KNEE_PAIN + SYMPTOM_HOT_SWOLLEN_KNEE + FACT_SORE_KNEE + RED_FLAG_INFECTION
REGIONS = SCHEMA_VERSION + REGION_CALF + REGION_QUADRICEPS
RULES = SCHEMA_VERSION + RULE_SORE + RULE_ROLL_THE_LEG + RULE_FLAG_INFECTION

# The tiny pack every test writes, with one file swapped in: write_pack(folder, TINY, rules="...").
TINY = {"pack": PACK, "vocabulary": VOCABULARY, "regions": REGIONS, "rules": RULES}


_MANY = [f"s{number}" for number in range(33)]
TOO_MANY_CONDITIONS = {
    "zz_many": "schema_version = 2\n"
    + "".join(
        f'\n[[symptom]]\nid = "{id_}"\nlabel = "S"\ncategory = "condition"\ncite = ["article#1"]\n' for id_ in _MANY
    ),
    "rules": RULES
    + '\n[[rule]]\nid = "too_many"\nsummary = "Too many."\n'
    + f"when = {{ all = {json.dumps(_MANY)} }}\n"
    + 'suggest = ["calf"]\nrole = "supporting"\ncite = ["article#14"]\n',
}


def copy_shipped(folder: Path) -> Path:
    """A copy of the shipped rule pack's files in ``folder``."""
    folder.mkdir(parents=True)
    for item in default_rules_folder().iterdir():
        if item.name.endswith(".toml"):
            (folder / item.name).write_bytes(item.read_bytes())
    return folder


def test_the_tiny_pack_loads_and_answers(tmp_path: Path) -> None:
    pack = kneelink.load_pack(write_pack(tmp_path / "pack", TINY))
    assert pack.suggest_regions("knee_pain").region_ids == ("calf", "quadriceps")
    flagged = pack.suggest_regions("hot_swollen_knee")
    assert flagged.triage == "consultation_24"
    assert [hit.id for hit in flagged.red_flags] == ["infection"]
    assert pack.content.location("rule", "flag_infection") == Location(
        str(tmp_path / "pack" / "rules.toml"), line_with(RULES, 'id = "flag_infection"') - 1
    )


# --- Ids a rule names must exist ----------------------------------------------------------


def test_unknown_fact_in_when_all_offers_the_closest(tmp_path: Path) -> None:
    rules = RULES.replace('when = { all = ["sore_knee"] }', 'when = { all = ["sore_kne"] }')
    folder = write_pack(tmp_path / "pack", TINY, rules=rules)
    error = rule_file_error(folder, "rules.toml", line_with(rules, 'sore_kne"'))
    assert error.problem == "unknown symptom or fact 'sore_kne'; did you mean 'sore_knee'?"


def test_unknown_fact_in_when_any_offers_the_closest(tmp_path: Path) -> None:
    rules = RULES.replace('when = { all = ["sore_knee"] }', 'when = { any = ["sore_knee", "knee_pian"] }')
    folder = write_pack(tmp_path / "pack", TINY, rules=rules)
    error = rule_file_error(folder, "rules.toml", line_with(rules, "knee_pian"))
    assert "'knee_pian'" in error.problem
    assert "did you mean 'knee_pain'" in error.problem


def test_unknown_fact_in_the_shipped_pack_offers_the_closest_shipped_id(tmp_path: Path) -> None:
    folder = copy_shipped(tmp_path / "pack")
    chain = folder / "chain.toml"
    added = (
        '\n[[rule]]\nid = "zz_probe"\nsummary = "Probe."\nwhen = { all = ["lateral_knee_pian"] }\n'
        'suggest = ["calf"]\nrole = "supporting"\ncite = ["article#14"]\n'
    )
    text = chain.read_text(encoding="utf-8") + added
    chain.write_text(text, encoding="utf-8")
    error = rule_file_error(folder, "chain.toml", line_with(text, "lateral_knee_pian"))
    assert error.problem.startswith("unknown symptom or fact 'lateral_knee_pian'; did you mean 'lateral_knee_pain'")


def test_none_naming_a_derived_fact(tmp_path: Path) -> None:
    rules = RULES.replace(
        'when = { all = ["hot_swollen_knee"] }', 'when = { all = ["hot_swollen_knee"], none = ["sore_knee"] }'
    )
    folder = write_pack(tmp_path / "pack", TINY, rules=rules)
    error = rule_file_error(folder, "rules.toml", line_with(rules, 'none = ["sore_knee"]'))
    assert "'sore_knee'" in error.problem
    assert "`none` may name reported symptoms only, not derived facts" in error.problem


def test_none_naming_an_unknown_symptom_offers_the_closest(tmp_path: Path) -> None:
    rules = RULES.replace(
        'when = { all = ["hot_swollen_knee"] }', 'when = { all = ["hot_swollen_knee"], none = ["knee_pian"] }'
    )
    folder = write_pack(tmp_path / "pack", TINY, rules=rules)
    error = rule_file_error(folder, "rules.toml", line_with(rules, "knee_pian"))
    assert error.problem == "unknown symptom 'knee_pian'; did you mean 'knee_pain'?"


def test_derive_naming_a_symptom(tmp_path: Path) -> None:
    rules = RULES.replace('derive = ["sore_knee"]', 'derive = ["knee_pain"]')
    folder = write_pack(tmp_path / "pack", TINY, rules=rules)
    error = rule_file_error(folder, "rules.toml", line_with(rules, 'derive = ["knee_pain"]'))
    assert "'knee_pain'" in error.problem
    assert "rules derive facts; symptoms are only reported" in error.problem


def test_derive_naming_an_unknown_fact_offers_the_closest(tmp_path: Path) -> None:
    rules = RULES.replace('derive = ["sore_knee"]', 'derive = ["sore_knees"]')
    folder = write_pack(tmp_path / "pack", TINY, rules=rules)
    error = rule_file_error(folder, "rules.toml", line_with(rules, "sore_knees"))
    assert error.problem == "unknown fact 'sore_knees'; did you mean 'sore_knee'?"


def test_suggest_naming_an_unknown_region(tmp_path: Path) -> None:
    rules = RULES.replace('suggest = ["calf", "quadriceps"]', 'suggest = ["calf", "quadricep"]')
    folder = write_pack(tmp_path / "pack", TINY, rules=rules)
    error = rule_file_error(folder, "rules.toml", line_with(rules, 'quadricep"'))
    assert error.problem == "unknown region 'quadricep'; did you mean 'quadriceps'?"


def test_rule_withhold_naming_an_unknown_region(tmp_path: Path) -> None:
    rules = RULES.replace('red_flag = "infection"', 'red_flag = "infection"\nwithhold = ["calves"]')
    folder = write_pack(tmp_path / "pack", TINY, rules=rules)
    error = rule_file_error(folder, "rules.toml", line_with(rules, "calves"))
    assert error.problem.startswith("unknown region 'calves'; did you mean 'calf'")


def test_rule_naming_an_unknown_red_flag(tmp_path: Path) -> None:
    rules = RULES.replace('red_flag = "infection"', 'red_flag = "infecton"')
    folder = write_pack(tmp_path / "pack", TINY, rules=rules)
    error = rule_file_error(folder, "rules.toml", line_with(rules, "infecton"))
    assert error.problem == "unknown red flag 'infecton'; did you mean 'infection'?"


def test_red_flag_withholding_an_unknown_region(tmp_path: Path) -> None:
    vocabulary = VOCABULARY.replace('withhold = ["calf"]', 'withhold = ["calf", "quads"]')
    folder = write_pack(tmp_path / "pack", TINY, vocabulary=vocabulary)
    error = rule_file_error(folder, "vocabulary.toml", line_with(vocabulary, "quads"))
    assert "unknown region 'quads'" in error.problem
    assert "did you mean 'quadriceps'" in error.problem


@pytest.mark.durable
def test_rule_with_more_conditions_than_durable_rules_takes(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "pack", TINY, **TOO_MANY_CONDITIONS)
    rules = TOO_MANY_CONDITIONS["rules"]
    with pytest.raises(kneelink.RuleFileError) as caught:
        kneelink.load_pack(folder, engine="durable")
    assert caught.value.path == folder / "rules.toml"
    assert caught.value.line == line_with(rules, 'id = "too_many"') - 1
    assert caught.value.problem == (
        "rule 'too_many' has 33 facts to match at once (`all`, one `any` item, age, `none`); "
        "durable-rules takes at most 16; load it with engine='native' or engine='auto'"
    )
    assert kneelink.load_pack(folder).engine == "native"  # auto runs it on the native engine


def test_a_copy_of_the_shipped_pack_gives_the_same_answers(tmp_path: Path) -> None:
    copy = kneelink.load_pack(copy_shipped(tmp_path / "pack"))
    for symptoms in (["lateral_knee_pain", "running_downhill"], ["anterior_knee_pain"], ["knee_pain"]):
        assert copy.suggest_regions(symptoms, side="left") == kneelink.suggest_regions(symptoms, side="left")


# --- Clashes between definitions --------------------------------------------------------


def test_duplicate_id_across_two_files_points_at_the_second(tmp_path: Path) -> None:
    extra = (
        'schema_version = 2\n\n[[rule]]\nid = "roll_the_leg"\nsummary = "Again."\n'
        'when = { all = ["knee_pain"] }\nsuggest = ["calf"]\nrole = "supporting"\ncite = ["article#14"]\n'
    )
    folder = write_pack(tmp_path / "pack", TINY, zz_more_rules=extra)
    error = rule_file_error(folder, "zz_more_rules.toml", line_with(extra, "[[rule]]"))
    first_line = line_with(RULES, 'id = "roll_the_leg"') - 1
    first = f"{folder / 'rules.toml'}:{first_line}"
    assert error.problem == (
        f"rule id 'roll_the_leg' is defined twice (first at {first}); "
        "rename one of them or remove one (ids of rules must be unique)"
    )


def test_duplicate_shipped_rule_id_in_an_added_file(tmp_path: Path) -> None:
    shipped = kneelink.default_pack()
    rule = shipped.rules[0]
    where = shipped.content.location("rule", rule.id)
    assert where is not None
    folder = copy_shipped(tmp_path / "pack")
    extra = (
        f'schema_version = 2\n\n# a copy of a shipped rule\n[[rule]]\nid = "{rule.id}"\nsummary = "Again."\n'
        'when = { all = ["knee_pain"] }\nsuggest = ["calf"]\nrole = "supporting"\ncite = ["article#14"]\n'
    )
    (folder / "zz_more_rules.toml").write_text(extra, encoding="utf-8")
    error = rule_file_error(folder, "zz_more_rules.toml", line_with(extra, "[[rule]]"))
    first = f"{folder / Path(where.path).name}:{where.line}"
    assert error.problem == (
        f"rule id {rule.id!r} is defined twice (first at {first}); "
        "rename one of them or remove one (ids of rules must be unique)"
    )


def test_duplicate_region_id_in_one_file(tmp_path: Path) -> None:
    regions = REGIONS.replace('id = "quadriceps"', 'id = "calf"')
    folder = write_pack(tmp_path / "pack", TINY, regions=regions)
    error = rule_file_error(folder, "regions.toml", line_with(regions, "order = 2") - 4)
    assert error.problem == (
        f"region id 'calf' is defined twice (first at {folder / 'regions.toml'}:3); "
        "rename one of them or remove one (ids of regions must be unique)"
    )


def test_symptom_id_also_used_as_a_fact_id(tmp_path: Path) -> None:
    extra = 'schema_version = 2\n\n[[fact]]\nid = "knee_pain"\nlabel = "Knee pain, derived"\ncite = ["article#4"]\n'
    folder = write_pack(tmp_path / "pack", TINY, zz_facts=extra)
    error = rule_file_error(folder, "zz_facts.toml", line_with(extra, "[[fact]]"))
    assert error.problem == "'knee_pain' is both a symptom and a derived fact; rename one (rules match facts by id)"


def test_two_regions_with_the_same_order(tmp_path: Path) -> None:
    regions = REGIONS.replace("order = 2", "order = 1")
    folder = write_pack(tmp_path / "pack", TINY, regions=regions)
    error = rule_file_error(folder, "regions.toml", line_with(regions, 'id = "quadriceps"') - 1)
    assert error.problem == (
        "region 'quadriceps' has order 1, as 'calf' does; give each region its own place in the treatment order"
    )


def test_regions_come_in_treatment_order_not_file_order(tmp_path: Path) -> None:
    regions = REGIONS.replace("order = 1", "order = 9")
    pack = kneelink.load_pack(write_pack(tmp_path / "pack", TINY, regions=regions))
    assert list(pack.regions) == ["quadriceps", "calf"]
    assert pack.suggest_regions("knee_pain").region_ids == ("quadriceps", "calf")


# --- The [pack] table -------------------------------------------------------------------


def test_no_pack_table(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "pack", TINY, pack="schema_version = 2\n")
    with pytest.raises(kneelink.PackError) as caught:
        kneelink.load_pack(folder)
    assert not isinstance(caught.value, kneelink.RuleFileError)
    assert isinstance(caught.value, ValueError)
    assert "no rule file has a [pack] table" in str(caught.value)
    assert str(folder / "rules.toml") in str(caught.value)


def test_two_pack_tables(tmp_path: Path) -> None:
    vocabulary = VOCABULARY.replace(
        "schema_version = 2\n", 'schema_version = 2\n\n[pack]\nname = "other"\nversion = "2.0"\n', 1
    )
    folder = write_pack(tmp_path / "pack", TINY, vocabulary=vocabulary)
    error = rule_file_error(folder, "vocabulary.toml", line_with(vocabulary, "[pack]"))
    assert error.problem == f"a second [pack] table (the first is in {folder / 'pack.toml'})"


def test_bad_pack_name_names_the_value(tmp_path: Path) -> None:
    pack = PACK.replace('name = "tiny"', 'name = "Tiny Pack"')
    folder = write_pack(tmp_path / "pack", TINY, pack=pack)
    error = rule_file_error(folder, "pack.toml", line_with(pack, "Tiny Pack"))
    assert "[pack]: `name`" in error.problem
    assert "(got 'Tiny Pack')" in error.problem


# --- Folders that are not packs -----------------------------------------------------------


def _pack_error(path: Path) -> kneelink.PackError:
    with pytest.raises(kneelink.PackError) as caught:
        kneelink.load_pack(path)
    assert not isinstance(caught.value, kneelink.RuleFileError)
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, kneelink.KneelinkError)
    assert repr(str(path)) in str(caught.value)
    return caught.value


def test_empty_folder(tmp_path: Path) -> None:
    assert "holds no .toml rule files" in str(_pack_error(tmp_path))


def test_folder_without_toml_files(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("not a rule file\n", encoding="utf-8")
    (tmp_path / "rules.toml.bak").write_text(PACK, encoding="utf-8")
    assert "holds no .toml rule files" in str(_pack_error(tmp_path))


def test_missing_folder(tmp_path: Path) -> None:
    assert "does not exist or is not a folder" in str(_pack_error(tmp_path / "nowhere"))


def test_file_instead_of_folder(tmp_path: Path) -> None:
    file = write_pack(tmp_path / "pack", TINY) / "rules.toml"
    assert "does not exist or is not a folder" in str(_pack_error(file))


def test_path_given_as_str(tmp_path: Path) -> None:
    pack = kneelink.load_pack(str(write_pack(tmp_path / "pack", TINY)))
    assert pack.info.name == "tiny"


def test_content_hash_depends_on_the_files(tmp_path: Path) -> None:
    first = kneelink.load_pack(write_pack(tmp_path / "a", TINY)).info.content_hash
    again = kneelink.load_pack(write_pack(tmp_path / "b", TINY)).info.content_hash
    changed = kneelink.load_pack(write_pack(tmp_path / "c", TINY, rules=RULES + "# a comment\n")).info.content_hash
    assert first == again
    assert changed != first
    assert first.startswith("sha256:")


# --- A failed load changes nothing ------------------------------------------------------

BROKEN = {
    "syntax": {"rules": RULES + "\n[[rule]\n"},
    "schema": {"rules": RULES.replace('role = "primary"', 'role = "main"')},
    "unknown_id": {"rules": RULES.replace('suggest = ["calf", "quadriceps"]', 'suggest = ["shin"]')},
    "duplicate": {"zz": RULES},
    "no_pack": {"pack": "schema_version = 2\n"},
    "too_many_conditions": TOO_MANY_CONDITIONS,
}


@pytest.mark.parametrize("broken", sorted(BROKEN))
def test_failed_load_leaves_loaded_packs_working(tmp_path: Path, broken: str) -> None:
    tiny = kneelink.load_pack(write_pack(tmp_path / "good", TINY))
    default = kneelink.default_pack()
    tiny_before = tiny.suggest_regions(["knee_pain", "hot_swollen_knee"], side="left")
    default_before = kneelink.suggest_regions(["lateral_knee_pain"], side="right", age=34)

    with pytest.raises(kneelink.PackError):
        kneelink.load_pack(write_pack(tmp_path / "bad", TINY, **BROKEN[broken]), engine="durable")

    assert tiny.suggest_regions(["knee_pain", "hot_swollen_knee"], side="left") == tiny_before
    assert kneelink.default_pack() is default
    assert kneelink.suggest_regions(["lateral_knee_pain"], side="right", age=34) == default_before
    # The same pack name can still be loaded again; nothing was left registered half-built.
    again = kneelink.load_pack(write_pack(tmp_path / "good_again", TINY))
    assert again.suggest_regions(["knee_pain", "hot_swollen_knee"], side="left") == tiny_before


# --- _locate.line_of ----------------------------------------------------------------------

LOCATE = """\
schema_version = 2  # a comment

# [[rule]] in a comment is not a header
[pack]
name = "x"

[[region]]
id = "a"

[[region.xref]]
structure = "x"

[[region]]   # the second region
id = "b"
order = 2

[[region.xref]]
structure = "y"

[[region.xref]]
structure = "z"
uberon = "UBERON:1"

[[rule]]
id = "r"
when = { all = ["q"] }
[[rule]]
id = "s"
# cite = "not this line"
when.all = ["q"]
cite = ["article#1"]
"""


@pytest.mark.parametrize(
    ("loc", "marker", "offset"),
    [
        (("schema_version",), "schema_version", 0),
        (("pack",), "[pack]", 0),
        (("pack", "name"), 'name = "x"', 0),
        (("region", 0), 'id = "a"', -1),
        (("region", 0, "id"), 'id = "a"', 0),
        (("region", 1), "the second region", 0),
        (("region", 1, "order"), "order = 2", 0),
        (("rule", 0, "when", "all", 0), "when = {", 0),
        (("rule", 1, "when", "all", 0), "when.all", 0),
        (("rule", 1, "cite"), 'cite = ["', 0),
        (("rule", 1, "nowhere"), 'id = "s"', -1),
    ],
)
def test_line_of(loc: tuple[str | int, ...], marker: str, offset: int) -> None:
    assert line_of(LOCATE, loc) == line_with(LOCATE, marker) + offset


def test_line_of_skips_headers_and_keys_in_comments() -> None:
    # The commented `[[rule]]` near the top must not be counted as the first rule.
    assert line_of(LOCATE, ("rule", 0)) == line_with(LOCATE, 'id = "r"') - 1
    assert line_of(LOCATE, ("rule", 1, "cite")) == line_with(LOCATE, 'cite = ["')


def test_line_of_nested_array_table() -> None:
    # `region.1.xref.1.uberon` is the uberon key of the second [[region.xref]] of the second region.
    assert line_of(LOCATE, ("region", 1, "xref", 1, "uberon")) == line_with(LOCATE, "uberon")


@pytest.mark.parametrize("loc", [(), (0,), ("nowhere",), ("rule", 7), ("region", 2, "id")])
def test_line_of_unknown_places(loc: tuple[str | int, ...]) -> None:
    assert line_of(LOCATE, loc) is None


def test_bad_cross_reference_points_at_its_line(tmp_path: Path) -> None:
    regions = REGIONS.replace(
        'cite = ["article#14"]\n',
        'cite = ["article#14"]\n\n[[region.xref]]\nstructure = "gastrocnemius"\nuberon = "UBERON:12"\n',
        1,
    )
    folder = write_pack(tmp_path / "pack", TINY, regions=regions)
    error = rule_file_error(folder, "regions.toml", line_with(regions, "UBERON:12"))
    assert "(got 'UBERON:12')" in error.problem


# --- collection_paused: the garbage collector is paused while packs load, then as it was --


def test_the_collector_is_paused_during_a_load_and_on_again_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    original = _loader._parse_all

    def parse_all(
        items: Sequence[Traversable], budget: kneelink.PackBudget, root: object
    ) -> tuple[list[_ParsedFile], list[kneelink.RuleFileError]]:
        seen.append(gc.isenabled())
        return original(items, budget, root)

    monkeypatch.setattr(_loader, "_parse_all", parse_all)
    kneelink.load_pack(write_pack(tmp_path / "good", TINY), cache_size=0)
    with pytest.raises(kneelink.RuleFileError):
        kneelink.load_pack(write_pack(tmp_path / "bad", TINY, extra="[[rule]]\nid = 3\n"), cache_size=0)
    assert seen == [False, False]
    assert gc.isenabled()


def test_a_collector_turned_off_stays_off_and_nested_loads_restore_it_once() -> None:
    gc.disable()
    try:
        with collection_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # it was off before: a load must not turn it on
    finally:
        gc.enable()
    with collection_paused():
        with collection_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer load is still under way
    assert gc.isenabled()


def test_loads_in_threads_leave_the_collector_on() -> None:
    folder = default_rules_folder()
    barrier = threading.Barrier(4)

    def load() -> None:
        barrier.wait()
        for _ in range(3):
            kneelink.load_pack(folder, engine="native", cache_size=0)

    threads = [threading.Thread(target=load) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert gc.isenabled()
