"""The authoring guide (docs/authoring.md) cannot drift from the rule format.

A TOML block whose first line is ``# file: FOLDER/NAME.toml`` is a complete rule file; the
blocks of one folder make a pack, which must load and pass ``kneelink check`` with the
output the guide shows. ``# format 1: FOLDER/NAME.toml`` marks a format-1 file, which must
fail with the findings the guide shows. Every other TOML block is a fragment of one file
and must validate as one. The finding-code tables must name every code kneelink reports.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from paths import ROOT

import kneelink
from kneelink._schema import RuleFile

GUIDE = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
TOML_BLOCKS = re.findall(r"^```toml\n(.*?)^```", GUIDE, flags=re.S | re.M)
MARKED = re.compile(r"# (file|format 1): ([\w-]+)/([\w-]+\.toml)\n")


def _packs(kind: str) -> dict[str, dict[str, str]]:
    packs: dict[str, dict[str, str]] = {}
    for block in TOML_BLOCKS:
        marked = MARKED.match(block)
        if marked and marked.group(1) == kind:
            packs.setdefault(marked.group(2), {})[marked.group(3)] = block
    return packs


def _write(tmp_path: Path, folder: str, files: dict[str, str]) -> Path:
    (tmp_path / folder).mkdir()
    for name, text in files.items():
        (tmp_path / folder / name).write_text(text, encoding="utf-8")
    return tmp_path / folder


def _shown_output(command: str) -> str:
    """What the guide shows ``kneelink <command>`` printing (its first text block for it)."""
    shown = re.search(rf"^\$ kneelink {re.escape(command)}\n(.*?)\n\[exit status \d\]$", GUIDE, flags=re.M | re.S)
    assert shown, f"the guide shows no output for `kneelink {command}`"
    return shown.group(1)


def test_the_guide_marks_its_rule_files() -> None:
    assert {"my-pack", "my-pack-override", "migrated"} <= set(_packs("file"))
    assert set(_packs("format 1")) == {"old-pack"}


@pytest.mark.parametrize("folder", sorted(_packs("file")))
def test_every_pack_in_the_guide_loads_and_checks_as_shown(
    folder: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path, folder, _packs("file")[folder])
    monkeypatch.chdir(tmp_path)
    pack = kneelink.load_pack(path)
    report = kneelink.check_pack(pack)
    assert report.ok, report.format()
    assert report.examples_run > len(kneelink.default_pack().content.examples)
    assert _shown_output(f"check {folder}") == report.format()


def test_the_format_1_pack_fails_with_the_changes_the_guide_lists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path, "old-pack", _packs("format 1")["old-pack"])
    monkeypatch.chdir(tmp_path)
    with pytest.raises(kneelink.RuleFileError) as raised:
        kneelink.load_pack("old-pack")
    assert raised.value.code == "format-1"
    report = kneelink.check_pack("old-pack")
    assert {finding.code for finding in report.findings} == {"format-1"}
    assert _shown_output("check old-pack") == report.format()


@pytest.mark.parametrize("block", [block for block in TOML_BLOCKS if not MARKED.match(block)])
def test_every_fragment_in_the_guide_is_valid_rule_file_content(block: str) -> None:
    RuleFile.model_validate(tomllib.loads("schema_version = 2\n" + block))


def test_the_finding_tables_name_every_code_kneelink_reports() -> None:
    source = "".join((ROOT / "kneelink" / name).read_text() for name in ("_loader.py", "_analysis.py", "_check.py"))
    reported = set(re.findall(r'code="([a-z0-9-]+)"', source))
    reported |= set(re.findall(r'"(?:error|warning)",\s*"([a-z0-9-]+)",', source))
    reported |= set(re.findall(r',\s*"([a-z]+(?:-[a-z0-9]+)+)",?\s*\)', source))
    documented = set(re.findall(r"^\| `([a-z0-9-]+)` \|", GUIDE, flags=re.M))
    assert {"schema", "format-1", "unknown-citation", "compile", "cycle"} <= reported
    assert reported <= documented, f"codes missing from the guide's tables: {sorted(reported - documented)}"
