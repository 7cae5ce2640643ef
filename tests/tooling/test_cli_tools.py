"""The rule author's commands: ``kneelink check``, ``kneelink schema`` and ``kneelink coverage``."""

from __future__ import annotations

import json
import re
from pathlib import Path

from cli import run
from packs import REGION_CALF, RULE_ROLL_THE_CALF, SYMPTOM_KNEE_PAIN, header, line_with, write_pack

import kneelink
from kneelink._schema import json_schema

HEADER = header("tools", "0.2")

BASE = SYMPTOM_KNEE_PAIN + REGION_CALF + RULE_ROLL_THE_CALF

UNREACHABLE = """
[[fact]]
id = "tight_calf"
label = "Tight calf"
cite = ["article#14"]

[[rule]]  # never fires
id = "roll_a_tight_calf"
summary = "Roll a tight calf."
when = { all = ["tight_calf"] }
suggest = ["calf"]
role = "supporting"
cite = ["article#14"]
"""

# Thirty symptoms, and a rule that needs four of them at once, which a generator drawing
# a few symptoms at a time almost never picks together. (Not the first or last ids:
# Hypothesis draws the ends of a list more often than the middle.)
MANY = [f"s{number:02}" for number in range(30)]
RARE = [MANY[7], MANY[13], MANY[19], MANY[23]]
RARE_PACK = (
    "".join(
        f'\n[[symptom]]\nid = "{id_}"\nlabel = "Symptom {id_}"\ncategory = "condition"\ncite = ["article#4"]\n'
        for id_ in MANY
    )
    + REGION_CALF
    + f"""
[[rule]]
id = "any_symptom_rolls_the_calf"
summary = "Any symptom rolls the calf."
when = {{ any = {json.dumps(MANY)} }}
suggest = ["calf"]
role = "supporting"
cite = ["article#14"]

[[rule]]
id = "four_together"
summary = "Four symptoms together make the calf primary."
when = {{ all = {json.dumps(RARE)} }}
suggest = ["calf"]
role = "primary"
cite = ["article#14"]
"""
)


def test_check_of_the_shipped_pack_is_clean() -> None:
    status, text = run(["check"])
    assert status == 0
    examples = len(kneelink.default_pack().content.examples)
    assert text == f"kneelink-default: 0 error(s), 0 warning(s), {examples} example(s) run\n"


def test_check_of_a_clean_pack_folder(tmp_path: Path) -> None:
    status, text = run(["check", str(write_pack(tmp_path / "pack", pack=HEADER + BASE))])
    assert (status, text) == (0, "tools: 0 error(s), 0 warning(s), 0 example(s) run\n")


def findings_by_line(text: str, path: Path) -> set[tuple[int, str, str]]:
    """``(line, severity, code)`` of every finding line of ``kneelink check`` output, all in ``path``."""
    found = set()
    for line in text.splitlines()[:-1]:
        match = re.fullmatch(rf"{re.escape(str(path))}:(\d+): (error|warning): .+ \[([a-z-]+)\]", line)
        assert match, f"not a file:line finding: {line!r}"
        found.add((int(match.group(1)), match.group(2), match.group(3)))
    return found


def test_check_of_a_broken_pack_lists_each_finding_at_its_file_and_line(tmp_path: Path) -> None:
    body = BASE + UNREACHABLE + '\n[[symptom]]  # unused\nid = "cycling"\nlabel = "Cycling"\n'
    body += 'category = "aggravating_factor"\ncite = ["article#6"]\n'
    folder = write_pack(tmp_path / "pack", pack=HEADER + body)
    status, text = run(["check", str(folder)])
    assert status == 1
    full = HEADER + body
    assert text.splitlines()[-1] == "tools: 1 error(s), 1 warning(s), 0 example(s) run"
    assert findings_by_line(text, folder / "pack.toml") == {
        (line_with(full, "# never fires"), "error", "unreachable-rule"),
        (line_with(full, "# unused"), "warning", "unused"),
    }
    assert len(text.splitlines()) == 3


def test_check_with_warnings_only_exits_0(tmp_path: Path) -> None:
    body = BASE + '\n[[symptom]]  # unused\nid = "cycling"\nlabel = "Cycling"\n'
    body += 'category = "aggravating_factor"\ncite = ["article#6"]\n'
    folder = write_pack(tmp_path / "pack", pack=HEADER + body)
    status, text = run(["check", str(folder)])
    assert status == 0
    assert findings_by_line(text, folder / "pack.toml") == {(line_with(HEADER + body, "# unused"), "warning", "unused")}


def test_check_of_a_pack_that_does_not_load_exits_1_with_every_problem(tmp_path: Path) -> None:
    body = BASE.replace('category = "knee_pain"', 'category = "knee"  # bad category')
    body += '\n[[rule]]\nid = "X"  # bad id\nsummary = "Bad id."\nwhen = { all = ["knee_pain"] }\n'
    body += 'suggest = ["calf"]\nrole = "primary"\ncite = ["article#14"]\n'
    folder = write_pack(tmp_path / "pack", pack=HEADER + body)
    status, text = run(["check", str(folder)])
    assert status == 1
    full = HEADER + body
    assert text.splitlines()[-1] == "tools: 2 error(s), 0 warning(s), 0 example(s) run"  # the pack's name
    assert {(line, severity) for line, severity, _ in findings_by_line(text, folder / "pack.toml")} == {
        (line_with(full, "# bad category"), "error"),
        (line_with(full, "# bad id"), "error"),
    }


def test_schema_prints_the_json_schema() -> None:
    status, text = run(["schema"])
    assert status == 0
    assert json.loads(text) == json_schema()


def test_coverage_of_the_shipped_pack() -> None:
    status, text = run(["coverage", "--reports", "200"])
    assert status == 0
    rules = kneelink.default_pack().rules
    match = re.match(r"(\d+) generated reports fired (\d+) of (\d+) rules\.\n", text)
    assert match, text
    calls, fired, total = (int(group) for group in match.groups())
    assert 0 < calls <= 200
    assert total == len(rules)
    assert 0 < fired <= total
    # Each rule not fired is listed, with a witness the command confirmed.
    listed = re.findall(r"^  (\w+): not fired; witness `kneelink suggest [^`]+` fires it$", text, re.MULTILINE)
    assert len(listed) == total - fired
    assert "can never fire" not in text
    assert "DOES NOT" not in text


def test_coverage_names_a_rule_that_can_never_fire(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "pack", pack=HEADER + BASE + UNREACHABLE)
    status, text = run(["coverage", "--pack", str(folder), "--reports", "30"])
    assert status == 1
    assert text.splitlines()[0] == "30 generated reports fired 1 of 2 rules."
    assert "  roll_a_tight_calf: can never fire (see `kneelink check`)" in text.splitlines()
    assert "roll_the_calf" not in text


def test_coverage_finds_a_witness_for_a_rule_random_reports_rarely_fire(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "pack", pack=HEADER + RARE_PACK)
    status, text = run(["coverage", "--pack", str(folder), "--reports", "100"])
    assert status == 0
    assert text.splitlines()[0].endswith(" generated reports fired 1 of 2 rules.")
    witness = " ".join(RARE)
    assert f"  four_together: not fired; witness `kneelink suggest {witness}` fires it" in text.splitlines()
    # The witness is a command that works, and it does fire the rule.
    pack = kneelink.load_pack(folder)
    assert "four_together" in pack.suggest_regions(RARE).fired_rules
    assert "four_together" not in pack.suggest_regions(RARE[:3]).fired_rules  # and it is minimal
    status, shown = run(["suggest", *RARE, "--pack", str(folder), "--json"])
    assert status == 0
    assert "four_together" in json.loads(shown)["fired_rules"]


def test_coverage_is_reproducible_for_a_seed(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "pack", pack=HEADER + RARE_PACK)
    first = run(["coverage", "--pack", str(folder), "--reports", "40", "--seed", "7"])
    assert run(["coverage", "--pack", str(folder), "--reports", "40", "--seed", "7"]) == first
