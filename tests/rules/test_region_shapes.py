"""Region shapes in rule files: path syntax, the canvas, and what ``kneelink check`` says."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from packs import (
    REGION_CALF,
    RULE_ROLL_THE_CALF,
    SCHEMA_VERSION,
    SYMPTOM_KNEE_PAIN,
    header,
    line_with,
    rule_file_error,
    write_pack,
)

import kneelink
from kneelink._schema import RegionShape
from kneelink._shape import CANVAS_HEIGHT, CANVAS_WIDTH, contains, parse_path

# The shared calf region without its shape lines.
REGION_WITHOUT_SHAPE = "".join(line for line in REGION_CALF.splitlines(keepends=True) if not line.startswith("shape."))


def pack_with(tmp_path: Path, region: str) -> tuple[Path, str]:
    rules = SCHEMA_VERSION + SYMPTOM_KNEE_PAIN + region + RULE_ROLL_THE_CALF
    return write_pack(tmp_path / "pack", pack=header("shapes", "1.0"), rules=rules), rules


@pytest.mark.parametrize(
    ("shape", "says"),
    [
        ('shape.front = "L 10 10 L 20 20 Z"', "starts with a move command"),
        ('shape.front = "M 10 10 L 20 Z"', "L takes numbers in groups of 2 (got 1)"),
        ('shape.front = "M 10 10 Q 20 20 Z"', "Q takes numbers in groups of 4"),
        ('shape.front = "M 10 10 L 20 20 # Z"', "unexpected '#"),
        ('shape.front = "M 10 10 A 5 5 0 0 1 20 20 Z"', "arcs (A/a) are not supported"),
        ('shape.front = "M 10 10 L 20 20 Z"', "at least three distinct points"),
        ('shape.front = "M 10 10 L 120 20 L 20 30 Z"', "point (120, 20) lies outside the 100 x 300 shape canvas"),
        ('shape.back = "M 10 10 l 0 295 l 5 0 Z"', "point (10, 305) lies outside"),
        ('shape.front = "M 10 10 L 20 20 L 10 30 Z"\nshape.hidden = ["front"]', "has a path and is `hidden`"),
        ('shape.hidden = ["side"]', "should be 'front' or 'back'"),
        ('shape.left = "M 1 1 L 2 2 L 1 3 Z"', "unknown key `shape.left`"),
    ],
)
def test_a_bad_shape_is_an_error_at_its_line(tmp_path: Path, shape: str, says: str) -> None:
    folder, rules = pack_with(tmp_path, REGION_WITHOUT_SHAPE.rstrip("\n") + "\n" + shape + "\n")
    # A problem of the whole shape is reported at its first line.
    error = rule_file_error(folder, "rules.toml", line_with(rules, shape.splitlines()[0]))
    assert says in error.problem
    report = kneelink.check_pack(folder)
    assert not report.ok
    assert [finding.code for finding in report.errors] == [error.code]


def test_check_warns_for_each_view_without_a_shape(tmp_path: Path) -> None:
    folder, rules = pack_with(tmp_path, REGION_WITHOUT_SHAPE)
    report = kneelink.check_pack(folder)
    assert report.ok
    warnings = [finding for finding in report.warnings if finding.code == "region-without-shape"]
    assert [("front" in w.message, "back" in w.message) for w in warnings] == [(True, False), (False, True)]
    for warning in warnings:
        assert (warning.path, warning.line) == (str(folder / "rules.toml"), line_with(rules, 'id = "calf"') - 1)
        assert "add `shape." in warning.message
    half = REGION_WITHOUT_SHAPE.rstrip("\n") + '\nshape.hidden = ["back"]\nshape.front = "M 1 1 L 9 1 L 5 9 Z"\n'
    folder, _ = pack_with(tmp_path / "half", half)
    assert kneelink.check_pack(folder).findings == ()


def test_a_complete_shape_loads_and_checks_clean(tmp_path: Path) -> None:
    folder, _ = pack_with(tmp_path, REGION_CALF)
    pack = kneelink.load_pack(folder)
    shape = pack.regions["calf"].shape
    assert shape is not None
    assert shape.front is not None
    assert shape.back is not None
    assert kneelink.check_pack(pack).findings == ()


def test_every_default_region_has_a_shape_or_says_where_it_is_hidden(pack: kneelink.RulePack) -> None:
    for region in pack.regions.values():
        assert region.shape is not None, region.id
        for view in ("front", "back"):
            assert (region.shape.path(view) is None) == (view in region.shape.hidden), (region.id, view)
        assert region.shape.front or region.shape.back, region.id  # drawn in at least one view


def test_default_shapes_of_one_view_do_not_overlap(pack: kneelink.RulePack) -> None:
    # Each region's roomiest point lies in its own shape and in no other of the same view,
    # so the map never paints one region over another's centre.
    from kneelink._shape import roomiest_point

    for view in ("front", "back"):
        outlines = {
            region.id: parse_path(path).outline
            for region in pack.regions.values()
            if region.shape and (path := region.shape.path(view))
        }
        for region, outline in outlines.items():
            x, y = roomiest_point(outline)
            assert [other for other, shape in outlines.items() if contains(shape, x, y)] == [region], (view, region)


coordinate_x = st.floats(min_value=0, max_value=CANVAS_WIDTH, allow_nan=False).map(lambda v: round(v, 2))
coordinate_y = st.floats(min_value=0, max_value=CANVAS_HEIGHT, allow_nan=False).map(lambda v: round(v, 2))


@given(points=st.lists(st.tuples(coordinate_x, coordinate_y), min_size=3, max_size=12, unique=True))
def test_any_polygon_inside_the_canvas_is_accepted(points: list[tuple[float, float]]) -> None:
    path = "M " + " L ".join(f"{x:g} {y:g}" for x, y in points) + " Z"
    if len({(float(x), float(y)) for x, y in points}) >= 3:
        assert RegionShape(front=path).front == path
        assert set(parse_path(path).points) == {(float(x), float(y)) for x, y in points}


@given(text=st.text(alphabet="MmLlCcQqZzHhVvSsTtAa0123456789.,-+e ", max_size=60))
def test_any_text_parses_or_raises_value_error(text: str) -> None:
    message = ""
    try:
        parse_path(text)
    except ValueError as error:  # the only exception allowed, and it must say something
        message = str(error)
    else:
        message = "parsed"
    assert message
