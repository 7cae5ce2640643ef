"""The pictures the README and docs show are what the code draws today: the body map PNG (re-rendered in
Chromium and compared with a tolerance for anti-aliasing) and the Mermaid chain graph."""

from __future__ import annotations

import re
from pathlib import Path

from paths import ROOT
from png_pixels import Image, decode_png
from readme_picture import DEFAULT_OUTPUT, main, picture, quick_start_answer
from tools import require_chromium

import kneelink

README = ROOT / "README.md"
REGENERATE = "docs/body-map.png is out of date: run `python tests/support/readme_picture.py`"
# Anti-aliasing and font hinting may move a few edge pixels; a changed region, colour,
# number or line of text changes far more than this.
MAX_CHANGED_FRACTION = 0.002
CHANGED = 48  # a pixel has changed when a channel moved by more than this


def changed_pixels(old: Image, new: Image) -> int:
    count = 0
    for old_row, new_row in zip(old.rows, new.rows, strict=True):
        if old_row == new_row:
            continue
        count += sum(
            1
            for x in range(old.width)
            if max(
                abs(p - q)
                for p, q in zip(
                    old_row[x * old.channels : x * old.channels + 3],
                    new_row[x * new.channels : x * new.channels + 3],
                    strict=True,
                )
            )
            > CHANGED
        )
    return count


def test_the_readme_shows_the_picture_and_its_file_exists() -> None:
    assert "![" in README.read_text(encoding="utf-8")
    assert "(docs/body-map.png)" in README.read_text(encoding="utf-8")
    assert (ROOT / DEFAULT_OUTPUT).is_file()


def test_the_committed_body_map_matches_what_the_code_draws(tmp_path: Path) -> None:
    require_chromium()
    committed = decode_png((ROOT / DEFAULT_OUTPUT).read_bytes())
    fresh_file = tmp_path / "body-map.png"
    assert main([str(fresh_file)]) == 0  # the script itself, as a person runs it
    fresh = decode_png(fresh_file.read_bytes())
    assert (fresh.width, fresh.height) == (committed.width, committed.height), REGENERATE
    changed = changed_pixels(committed, fresh)
    assert changed <= MAX_CHANGED_FRACTION * fresh.width * fresh.height, f"{changed} pixels differ. {REGENERATE}"


def test_the_comparison_sees_a_different_answer() -> None:
    # The tolerance must not swallow a real change: the same report on the other leg
    # (same size, same text but one word per line) is far over it.
    require_chromium()
    committed = decode_png((ROOT / DEFAULT_OUTPUT).read_bytes())
    answer = kneelink.suggest_regions(["lateral_knee_pain", "running_downhill"], side="left", age=34)
    other = decode_png(picture(answer))
    assert (other.width, other.height) == (committed.width, committed.height)
    assert changed_pixels(committed, other) > 10 * MAX_CHANGED_FRACTION * other.width * other.height


def test_the_pictures_pages_mermaid_graph_is_the_quick_start_chain() -> None:
    page = (ROOT / "docs" / "pictures.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```mermaid\n(.*?)```", page, flags=re.DOTALL)
    assert blocks, "docs/pictures.md has no Mermaid chain graph"
    assert blocks[0] == kneelink.chain_graph(quick_start_answer(), fired_only=True), (
        "regenerate docs/pictures.md's Mermaid block with kneelink.chain_graph(quick_start_answer(), fired_only=True)"
    )
