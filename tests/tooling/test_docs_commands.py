"""Every ``$ kneelink ...`` transcript in the authoring guide and the command-line page is
what the command prints today.

The guide's text blocks show a command, its output and ``[exit status N]``. Each runs here
in a temporary folder holding the guide's packs: the ``# file:`` and ``# format 1:`` blocks,
and the variants the prose describes (a copy of a pack with one change, such as a misspelt
key), built by the edits in ``VARIANTS``. A line ``...`` in a transcript stands for lines
left out; ``<kneelink>/rules/`` for the default pack's folder.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from paths import ROOT

from kneelink._cli import main
from kneelink._loader import default_rules_folder

GUIDE = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
# The pages with transcripts; all run in a folder holding the guide's packs.
PAGES = {name: (ROOT / "docs" / name).read_text(encoding="utf-8") for name in ("authoring.md", "cli.md")}
# The marker comment stays in the file, as line 1: the guide's line numbers count it.
MARKED = re.compile(r"^```toml\n(# (?:file|format 1): ([\w-]+)/([\w-]+\.toml)\n.*?)^```", flags=re.S | re.M)
TRANSCRIPT = re.compile(
    r"^\$ kneelink (?P<argv>.+)\n(?P<output>(?:(?!```|\$ kneelink ).*\n)*?)\[exit status (?P<status>\d)\]$", re.M
)

# The variants the guide describes in words: (new folder, folder it copies, file, old text, new text).
VARIANTS: list[tuple[str, str, str, str, str]] = [
    # "Making those changes ... here in a copy, `mid-pack`": the migrated files, before the renamed fact.
    ("mid-pack", "migrated", "running.toml", 'derive = ["it_band_pulling"]', 'derive = ["it_band_tension"]'),
    # "An example whose expectation is wrong (here `primary` also lists `quadriceps`)".
    (
        "wrong",
        "my-pack",
        "running.toml",
        'primary = ["gluteals", "tfl", "it_band"]',
        'primary = ["gluteals", "tfl", "it_band", "quadriceps"]',
    ),
    # "Without `extension = true`".
    ("noext", "my-pack", "running.toml", "extension = true\n", ""),
    # "A misspelt key".
    ("typo", "my-pack", "running.toml", 'summary = """IT band', 'sumary = """IT band'),
    # "and a misspelt fact".
    ("typo2", "my-pack", "running.toml", 'derive = ["it_band_pulling"]', 'derive = ["it_band_pullin"]'),
    # "Giving the new rule the id of a default rule, without `override`".
    (
        "dup",
        "my-pack",
        "running.toml",
        'id = "cambered_roads_may_be_the_it_band"',
        'id = "downhill_or_cycling_may_be_the_it_band"',
    ),
]
# "A misspelt source id on the symptom, and ... `article#5` added to the rule's `cite`".
CITES = [
    ('cite = ["bmj_it_band_syndrome"]\n\n[[rule]]', 'cite = ["bmj_itb_syndrome"]\n\n[[rule]]'),
    (
        'extension = true\ncite = ["bmj_it_band_syndrome"]',
        'extension = true\ncite = ["article#5", "bmj_it_band_syndrome"]',
    ),
]
# "overriding `dvt_signs` to raise the `consultation` flag `serious_cause_to_rule_out`", in a copy
# of the worked example's pack, `weaker`.
WEAKER_RULE = """
[[rule]]
id = "dvt_signs"
override = true
summary = "One calf painful, swollen and warm: possible deep vein thrombosis; never roll the leg."
when = { all = ["one_leg_swelling"] }
red_flag = "serious_cause_to_rule_out"
priority = 100
extension = true
cite = ["nhs_dvt", "bartsch_2021"]
"""


def _write_packs(root: Path) -> None:
    for text, folder, name in MARKED.findall(GUIDE):
        (root / folder).mkdir(exist_ok=True)
        (root / folder / name).write_text(text, encoding="utf-8")

    def copy(new: str, old: str) -> Path:
        (root / new).mkdir()
        for file in (root / old).iterdir():
            (root / new / file.name).write_text(file.read_text(encoding="utf-8"), encoding="utf-8")
        return root / new

    def edit(path: Path, old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{path.name}: the guide's change {old!r} no longer applies"
        path.write_text(text.replace(old, new), encoding="utf-8")

    for new, old, name, before, after in VARIANTS:
        edit(copy(new, old) / name, before, after)
    cites = copy("cites", "my-pack")
    for before, after in CITES:
        edit(cites / "running.toml", before, after)
    weaker = copy("weaker", "my-pack")
    (weaker / "running.toml").write_text((weaker / "running.toml").read_text(encoding="utf-8") + WEAKER_RULE)


API_EXAMPLE = re.compile(
    r"^```python\n(?P<code>.*?)^```\n\n```text\n\$ python api\.py\n(?P<output>.*?)^```", re.S | re.M
)


def _transcripts(page: str = "authoring.md") -> list[tuple[str, str, int]]:
    return [(m["argv"], m["output"], int(m["status"])) for m in TRANSCRIPT.finditer(PAGES[page])]


ALL_TRANSCRIPTS = [(page, *transcript) for page in PAGES for transcript in _transcripts(page)]


def _pattern(shown: str) -> re.Pattern[str]:
    """The shown output as a pattern: ``...`` lines match any lines, the rest literally."""
    parts = [r"(?:.*\n)*?" if line == "..." else re.escape(line) + r"\n" for line in shown.splitlines()]
    return re.compile("".join(parts))


@pytest.mark.parametrize("page", sorted(PAGES))
def test_every_command_a_page_shows_running_has_a_transcript(page: str) -> None:
    text_blocks = "".join(re.findall(r"^```text\n(.*?)^```", PAGES[page], re.S | re.M))
    shown_running = re.findall(r"^\$ kneelink (.+)$", text_blocks, re.M)
    assert [argv for argv, _, _ in _transcripts(page)] == shown_running
    assert {argv.split()[0] for argv in shown_running} == {"check", "suggest", "coverage"}
    assert len(shown_running) >= {"authoring.md": 15, "cli.md": 4}[page]


def test_the_witnesses_coverage_prints_do_not_depend_on_string_hashing(tmp_path: Path) -> None:
    printed = set()
    for seed in ("0", "3"):  # two seeds that picked different witnesses before the fix
        done = subprocess.run(
            [sys.executable, "-m", "kneelink", "coverage", "--reports", "50", "--seed", "1"],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
            env={**os.environ, "PYTHONHASHSEED": seed, "HYPOTHESIS_STORAGE_DIRECTORY": str(tmp_path)},
        )
        assert done.returncode == 0, done.stderr
        printed.add(done.stdout)
    assert len(printed) == 1


@pytest.mark.parametrize(
    ("page", "argv", "shown", "status"), ALL_TRANSCRIPTS, ids=[f"{t[0]}: {t[1]}" for t in ALL_TRANSCRIPTS]
)
def test_every_transcript_on_the_pages_is_what_the_command_prints(
    page: str, argv: str, shown: str, status: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write_packs(tmp_path)
    monkeypatch.chdir(tmp_path)
    printed = io.StringIO()
    with contextlib.redirect_stderr(printed):
        got = main(argv.split(), out=printed)
    output = printed.getvalue().replace(f"{default_rules_folder()}/", "<kneelink>/rules/")
    assert _pattern(shown).fullmatch(output), f"kneelink {argv} printed:\n{output}"
    assert got == status


def test_the_guides_python_example_prints_what_the_guide_shows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    example = API_EXAMPLE.search(GUIDE)
    assert example, "the guide shows no `$ python api.py` run"
    _write_packs(tmp_path)
    monkeypatch.chdir(tmp_path)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(example["code"], "api.py", "exec"), {"__name__": "__main__"})
    assert printed.getvalue() == example["output"]
