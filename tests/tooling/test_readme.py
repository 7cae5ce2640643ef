"""What the README and the safety page show is what the code gives today: the red-flag
table is the default pack's, row for row, and the quick start's output is the example's.

Regenerate the table with ``python tests/tooling/test_readme.py`` and paste the output
between the ``<!-- red-flags -->`` markers in docs/safety.md.
"""

from __future__ import annotations

import subprocess
import sys

from paths import README, ROOT

import kneelink
from kneelink import TriageLevel
from kneelink._schema import Condition

START, END = "<!-- red-flags: start -->", "<!-- red-flags: end -->"


def _when(condition: Condition) -> str:
    parts = [" and ".join(f"`{id_}`" for id_ in condition.all)] if condition.all else []
    if condition.any:
        parts.append("one of " + ", ".join(f"`{id_}`" for id_ in condition.any))
    if condition.none:
        parts.append("no " + ", ".join(f"`{id_}`" for id_ in condition.none))
    if condition.age is not None:
        low, high = condition.age.min, condition.age.max
        parts.append(
            f"age {low} or over" if high is None else f"age {high} or under" if low is None else f"age {low}-{high}"
        )
    return ", ".join(parts)


def red_flag_table(pack: kneelink.RulePack) -> str:
    """One row per red flag, most urgent first: its level, what raises it, its message and sources."""
    rows = ["| red flag | level | raised by (rule: reported) | message | sources |", "|---|---|---|---|---|"]
    content = pack.content
    flags = sorted(content.red_flags.values(), key=lambda flag: -TriageLevel[flag.level])
    for flag in flags:
        raised = "<br>".join(f"`{rule.id}`: {_when(rule.when)}" for rule in content.rules if rule.red_flag == flag.id)
        cites = {cite.partition("#")[0] for rule in content.rules if rule.red_flag == flag.id for cite in rule.cite}
        cites |= {cite.partition("#")[0] for cite in flag.cite}
        titles = "; ".join(
            sorted(
                f"{content.sources[id_].title} ({content.sources[id_].author or content.sources[id_].publisher})"
                for id_ in cites
            )
        )
        message = " ".join(flag.message.format_map(pack.places).split())
        every = (
            " (withholds every region)" if TriageLevel[flag.level].withholds_every_region or flag.withhold_all else ""
        )
        rows.append(f"| `{flag.id}` | `{flag.level}`{every} | {raised} | {message} | {titles} |")
    return "\n".join(rows)


def test_the_safety_pages_red_flag_table_is_the_packs() -> None:
    text = (ROOT / "docs" / "safety.md").read_text(encoding="utf-8")
    assert START in text
    assert END in text
    shown = text.split(START, 1)[1].split(END, 1)[0].strip()
    assert shown == red_flag_table(kneelink.default_pack())


def test_nothing_in_the_repository_points_outside_it() -> None:
    # Users of the library have this repository (or the wheel), nothing beside it.
    root = README.parent
    for path in [README, *root.glob("docs/*.md"), *root.glob("rules/*.toml"), *root.glob("kneelink/**/*.py")]:
        text = path.read_text(encoding="utf-8")
        for outside in ("shared/", "clinical-reference", "clinical reference §", "article.txt"):
            assert outside not in text, f"{path.relative_to(root)} refers to {outside!r}"


if __name__ == "__main__":
    print(red_flag_table(kneelink.default_pack()))


def test_the_readme_shows_what_the_quick_start_example_prints() -> None:
    printed = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "quickstart.py")], capture_output=True, text=True, check=True
    ).stdout
    shown = README.read_text(encoding="utf-8").split("<!-- quickstart-output -->\n```text\n", 1)[1]
    assert shown.split("\n```\n<!-- /quickstart-output -->", 1)[0] == printed.rstrip("\n")
