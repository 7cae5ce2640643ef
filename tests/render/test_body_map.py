"""The body map: valid, accessible SVG in which every region shows its state on the right leg.

The structural tests read the SVG; the pixel tests render it in headless Chromium and read
the colours a person would see (``tests/support/tools.py`` says when those skip).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest
from headless_browser import OUTSIDE, page, screenshot
from hypothesis import given, settings
from png_pixels import Image, decode_png
from tools import close, expected_state, require_chromium

import kneelink
from kneelink import testing
from kneelink._schema import VIEWS
from kneelink._triage import triage_style
from kneelink.rendering._body_map import BADGE_RADIUS, STATE_COLOURS, Panel, Placement, ViewChoice, layout

SVG = "{http://www.w3.org/2000/svg}"
QUICK_START = (["lateral_knee_pain", "running_downhill"], "right", 34)

# One answer of each kind a person can get: one leg, the other leg, both legs, side not
# given, a withheld region, and a red flag that withholds everything.
SCENARIOS = {
    "right": {"symptoms": ["lateral_knee_pain", "running_downhill"], "side": "right", "age": 34},
    "left": {"symptoms": ["anterior_knee_pain", "stairs_pain"], "side": "left"},
    "both": {"symptoms": ["lateral_knee_pain"], "side": "both"},
    "unspecified": {"symptoms": ["medial_knee_pain"]},
    "withheld": {"symptoms": ["lateral_knee_pain"], "side": "left", "contraindications": [("open_wound", "it_band")]},
    "red_flag": {"symptoms": ["lateral_knee_pain", "one_leg_swelling"], "side": "right"},
}


def answer_for(name: str) -> kneelink.Suggestion:
    return kneelink.suggest_regions(**SCENARIOS[name])  # type: ignore[arg-type]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # raises on anything that is not well-formed XML


def views_of(root: ET.Element) -> dict[str, ET.Element]:
    return {group.get("data-view", ""): group for group in root.iter(f"{SVG}g") if group.get("data-view")}


def check_structure(answer: kneelink.Suggestion, svg: str, pack: kneelink.RulePack) -> None:
    root = parse(svg)
    views = views_of(root)
    assert views
    for view, group in views.items():
        # Every region of the pack appears exactly once per view: drawn, or listed as hidden.
        seen = [element.get("data-region", "") for element in group.iter() if element.get("data-region")]
        assert sorted(seen) == sorted(pack.regions), view
        for region_group in group.iter(f"{SVG}g"):
            region = region_group.get("data-region")
            if region is None:
                continue
            paths = region_group.findall(f"{SVG}path")
            assert sorted(path.get("data-leg", "") for path in paths) == ["left", "right"]
            for path in paths:
                state = expected_state(answer, region, path.get("data-leg", ""))
                assert path.get("data-state") == state, (view, region, path.get("data-leg"))
                assert path.get("fill") == STATE_COLOURS[state]


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_the_svg_is_valid_and_draws_each_region_once_per_view_in_its_state(name: str) -> None:
    answer = answer_for(name)
    check_structure(answer, kneelink.body_map(answer), kneelink.default_pack())


@given(report=testing.reports(contraindications=True))
@settings(max_examples=40)
def test_any_report_gives_a_valid_map_with_every_region_in_its_state(report: kneelink.SymptomReport) -> None:
    answer = kneelink.suggest_regions(report)
    for view in ("front", "back", "both"):
        check_structure(answer, kneelink.body_map(answer, view=view), kneelink.default_pack())


def test_the_map_is_accessible() -> None:
    answer = answer_for("right")
    root = parse(kneelink.body_map(answer))
    assert root.get("role") == "img"
    labelled_by = (root.get("aria-labelledby") or "").split()
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None
    assert desc is not None
    assert labelled_by == [title.get("id"), desc.get("id")]
    assert title.text
    assert "foam-roll" in title.text
    assert desc.text is not None
    for number, region in enumerate(answer.regions, start=1):
        assert f"{number}. {region.label} (right leg, {region.role})" in desc.text
    texts = " ".join("".join(element.itertext()) for element in root.iter(f"{SVG}text"))
    # Real text, not paths: the side convention, the legend, the list.
    assert "the person's right is on your left" in texts
    assert "the person's right is on your right" in texts
    assert "Do not roll" in texts
    assert "1. Gluteal muscles (buttock): right leg, primary" in texts


def test_each_view_says_which_side_is_which_and_labels_the_legs() -> None:
    for view, caption in (("front", "right is on your left"), ("back", "right is on your right")):
        root = parse(kneelink.body_map(answer_for("right"), view=view))  # type: ignore[arg-type]
        texts = ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]
        assert any(caption in text for text in texts)
        assert texts.count("Right leg") == 1
        assert texts.count("Left leg") == 1


def test_side_not_given_is_drawn_on_both_legs_with_a_note() -> None:
    svg = kneelink.body_map(answer_for("unspecified"))
    assert "Side not given: the regions are shown on both legs." in svg
    assert "Side not given" not in kneelink.body_map(answer_for("both"))


def test_triage_banner_only_above_self_care() -> None:
    urgent, calm = answer_for("red_flag"), answer_for("right")
    assert urgent.triage != "self_care"
    assert calm.triage == "self_care"
    banner = triage_style(urgent.triage).banner
    assert banner is not None
    root = parse(kneelink.body_map(urgent))
    groups = [g for g in root.iter(f"{SVG}g") if g.get("class") == "triage"]
    assert len(groups) == 1
    text = " ".join("".join(t.itertext()) for t in groups[0].iter(f"{SVG}text"))
    assert banner.heading in text
    assert urgent.red_flags[0].label in text
    assert not [g for g in parse(kneelink.body_map(calm)).iter(f"{SVG}g") if g.get("class") == "triage"]


def test_withheld_regions_carry_a_do_not_roll_mark_and_line() -> None:
    answer = answer_for("withheld")
    assert [held.region for held in answer.withheld] == ["it_band"]
    root = parse(kneelink.body_map(answer))
    marks = [g for g in root.iter(f"{SVG}g") if g.get("class") == "do-not-roll"]
    assert len(marks) == 4  # two views, two legs
    texts = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    assert "Do not roll (either leg):" in texts
    assert "Never roll over an open wound" in texts


def test_bad_arguments_raise_render_errors() -> None:
    answer = answer_for("right")
    with pytest.raises(kneelink.RenderError, match=r"'side'.*'front', 'back' or 'both'"):
        kneelink.body_map(answer, view="side")  # type: ignore[arg-type]
    with pytest.raises(kneelink.RenderError, match="from 160 to 4000"):
        kneelink.body_map(answer, width=10)
    assert issubclass(kneelink.RenderError, ValueError)


def test_the_answer_renders_through_functions_not_methods() -> None:
    # Issue 23: an answer is data; the renderings are functions of (answer, pack) above it.
    for method in ("to_svg", "to_cds_cards", "to_fhir", "to_text"):
        assert not hasattr(answer_for("left"), method), method


def test_the_svg_width_sets_pixels_and_the_height_follows() -> None:
    root = parse(kneelink.body_map(answer_for("right"), width=800))
    view_box = [float(n) for n in (root.get("viewBox") or "").split()]
    assert root.get("width") == "800"
    assert int(root.get("height") or 0) == round(800 * view_box[3] / view_box[2])


# -- in the browser ---------------------------------------------------------------------

MARGIN = 20


@dataclass(frozen=True)
class Rendered:
    """A body map as Chromium drew it, with where the renderer put each region."""

    image: Image
    placements: list[Placement]
    panels: list[Panel]
    scale: float  # pixels per SVG user unit
    width: int
    height: int

    def at(self, point: tuple[float, float]) -> tuple[int, int, int]:
        """The colour on screen at a point given in SVG user units."""
        return self.image.pixel(round(MARGIN + point[0] * self.scale), round(MARGIN + point[1] * self.scale))


def render(answer: kneelink.Suggestion, view: ViewChoice = "both", pack: kneelink.RulePack | None = None) -> Rendered:
    require_chromium()
    svg, placements, panels, scale = layout(answer, view=view, pack=pack)
    size = re.search(r'width="(\d+)" height="(\d+)"', svg)
    assert size is not None
    width, height = int(size[1]), int(size[2])
    image = decode_png(screenshot(page(svg, margin=MARGIN), width + 2 * MARGIN, height + 2 * MARGIN))
    assert (image.width, image.height) == (width + 2 * MARGIN, height + 2 * MARGIN)
    return Rendered(image, placements, panels, scale, width, height)


def assert_nothing_outside(rendered: Rendered) -> None:
    image, channels = rendered.image, rendered.image.channels
    outside = bytes(OUTSIDE) + (b"\xff" if channels == 4 else b"")

    def stray(row: bytes, start: int, stop: int) -> list[int]:
        return [x for x in range(start, stop) if row[x * channels : (x + 1) * channels] != outside]

    found: list[tuple[int, int]] = []
    for y, row in enumerate(image.rows):
        if MARGIN <= y < MARGIN + rendered.height:
            xs = stray(row, 0, MARGIN) + stray(row, MARGIN + rendered.width, image.width)
        else:
            xs = [] if row == outside * image.width else stray(row, 0, image.width)
        found += [(x, y) for x in xs]
    assert found == [], f"{len(found)} pixels drawn outside the picture, first {found[:5]}"


@pytest.mark.parametrize(
    ("name", "view"), [*((name, "both") for name in sorted(SCENARIOS)), ("left", "front"), ("withheld", "back")]
)
def test_in_the_browser_each_region_shows_its_state_on_the_correct_side(name: str, view: ViewChoice) -> None:
    answer = answer_for(name)
    rendered = render(answer, view=view)
    assert_nothing_outside(rendered)
    midline = {panel.view: panel.midline for panel in rendered.panels}
    views = VIEWS if view == "both" else (view,)
    shapes = [region.shape for region in kneelink.default_pack().regions.values() if region.shape]
    assert len(rendered.placements) == 2 * sum(1 for shape in shapes for v in views if shape.path(v))
    for placement in rendered.placements:
        x, y = placement.probe
        # The person's right is on the viewer's left in the front view, right in the back view.
        on_viewer_left = x < midline[placement.view]
        assert on_viewer_left == ((placement.view == "front") == (placement.leg == "right")), placement
        assert (x - placement.badge[0]) ** 2 + (y - placement.badge[1]) ** 2 > BADGE_RADIUS**2
        want = expected_state(answer, placement.region, placement.leg)
        got = rendered.at(placement.probe)
        assert close(got, STATE_COLOURS[want]), (placement, got, want)


def test_in_the_browser_the_triage_banner_is_the_levels_colour() -> None:
    answer = answer_for("red_flag")
    banner = triage_style(answer.triage).banner
    assert banner is not None
    rendered = render(answer)
    assert close(rendered.at(band_corner(answer, "triage")), banner.fill)
    assert_nothing_outside(rendered)


def band_corner(answer: kneelink.Suggestion, band: str) -> tuple[float, float]:
    """A point just inside the top right corner of the body map's band of class ``band``."""
    rect = next(g for g in parse(kneelink.body_map(answer)).iter(f"{SVG}g") if g.get("class") == band)[0]
    return float(rect.get("x", 0)) + float(rect.get("width", 0)) - 3, float(rect.get("y", 0)) + 3


def test_in_the_browser_a_layered_pack_draws_its_new_region(tmp_path: Path) -> None:
    from packs import header, write_pack

    folder = write_pack(
        tmp_path / "layer",
        pack=header("with-hamstrings", "1.0", extends="default"),
        hamstrings="""schema_version = 2

[[region]]
id = "hamstrings"
label = "Hamstrings, back of the thigh"
body_area = "thigh"
order = 9
cite = ["article#14"]
shape.back = "M 40 96 C 52 92 66 94 74 100 C 72 124 66 146 60 160 C 52 164 46 162 42 158 C 40 136 38 116 40 96 Z"
shape.hidden = ["front"]

[[rule]]
id = "roll_the_hamstrings"
summary = "Roll the hamstrings too."
when = { all = ["knee_pain_reported"] }
suggest = ["hamstrings"]
role = "supporting"
extension = true
cite = ["gaitonde_2019"]
""",
    )
    pack = kneelink.load_pack(folder)
    # The base pack's own examples expect its eight regions exactly; nothing else may complain.
    assert [f.code for f in kneelink.check_pack(pack).findings if f.code != "example-failed"] == []
    answer = pack.suggest_regions(["lateral_knee_pain"], side="left")
    assert "hamstrings" in answer.region_ids
    check_structure(answer, kneelink.body_map(answer, pack=pack), pack)
    rendered = render(answer, view="back", pack=pack)
    drawn = [p for p in rendered.placements if p.region == "hamstrings"]
    assert sorted(p.leg for p in drawn) == ["left", "right"]
    for placement in drawn:
        want = expected_state(answer, "hamstrings", placement.leg)
        assert want == ("supporting" if placement.leg == "left" else "not_involved")
        assert close(rendered.at(placement.probe), STATE_COLOURS[want])


def test_an_answer_needs_the_pack_that_made_it(tmp_path: Path) -> None:
    from packs import header, write_pack

    other = kneelink.load_pack(write_pack(tmp_path / "layer", pack=header("other", "1.0", extends="default")))
    answer = other.suggest_regions(["knee_pain"])
    with pytest.raises(kneelink.PackMismatchError, match="pass the pack that made it"):
        kneelink.body_map(answer)
    assert kneelink.body_map(answer, pack=other).startswith("<svg")


def test_in_the_browser_the_outside_check_sees_a_stray_mark() -> None:
    # The check above must be able to fail: draw one small square past the right edge.
    answer = answer_for("right")
    require_chromium()
    svg, placements, panels, scale = layout(answer)
    view_box_width = float(re.findall(r'viewBox="0 0 ([\d.]+)', svg)[0])
    stray = f'<rect x="{view_box_width + 2}" y="40" width="6" height="6" fill="#000000"/></svg>'
    size = re.search(r'width="(\d+)" height="(\d+)"', svg)
    assert size is not None
    width, height = int(size[1]), int(size[2])
    shot = screenshot(page(svg.replace("</svg>", stray), margin=MARGIN), width + 2 * MARGIN, height + 2 * MARGIN)
    rendered = Rendered(decode_png(shot), placements, panels, scale, width, height)
    with pytest.raises(AssertionError, match="pixels drawn outside the picture"):
        assert_nothing_outside(rendered)


def test_an_answer_that_is_not_complete_says_so_in_a_band_of_its_own() -> None:
    open_answer = kneelink.suggest_regions(["lateral_knee_pain"])
    screened = kneelink.suggest_regions(
        kneelink.SymptomReport(
            symptoms=["lateral_knee_pain"],
            age=34,
            absent=kneelink.suggest_regions(["lateral_knee_pain"], age=34).unscreened,
        )
    )
    assert not open_answer.complete
    assert screened.complete
    root = parse(kneelink.body_map(open_answer))
    (band,) = [g for g in root.iter(f"{SVG}g") if g.get("class") == "not-complete"]
    assert "Not complete" in " ".join("".join(t.itertext()) for t in band.iter(f"{SVG}text"))
    assert "Not complete" in "".join(root.find(f"{SVG}desc").itertext())  # type: ignore[union-attr]
    assert not [g for g in parse(kneelink.body_map(screened)).iter(f"{SVG}g") if g.get("class") == "not-complete"]


def test_in_the_browser_the_not_complete_band_shows_in_the_consultation_colour() -> None:
    answer = kneelink.suggest_regions(["lateral_knee_pain"], side="right")
    colours = triage_style("consultation").banner
    assert colours is not None
    rendered = render(answer)
    assert close(rendered.at(band_corner(answer, "not-complete")), colours.fill)
    assert_nothing_outside(rendered)
