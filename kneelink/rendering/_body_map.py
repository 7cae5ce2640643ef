"""The body map: an answer drawn on both legs and the hips, as a standalone SVG.

Each region of the pack is drawn from its ``shape`` (see :mod:`kneelink._shape`) once per
leg, coloured by its state on that leg: ``primary`` or ``supporting`` where the answer
suggests rolling it, ``withheld`` where it must not be rolled, ``not_involved`` otherwise.
Suggested regions carry their treatment-order number; withheld ones a no-entry mark, a
dashed outline and a "do not roll" line in the list below the legs, so the picture does not
rely on colour alone.

Sides: ``left``/``right`` mark one leg; ``both`` and ``unspecified`` mark both legs, the
latter with a note. A withheld region is marked on both legs: the answer does not say which
leg a red flag or a contraindication concerns, and the safe reading is "neither".

Front view: the person's right is on the viewer's left (as when facing someone); back view:
the person's right is on the viewer's right. Each view says so on the picture.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from kneelink._answer import Suggestion
from kneelink._errors import RenderError
from kneelink._escape import xml_attribute, xml_text
from kneelink._schema import VIEWS, Region, View
from kneelink._shape import CANVAS_HEIGHT, CANVAS_WIDTH, parse_path, roomiest_point
from kneelink._triage import triage_style
from kneelink.rendering._text import NOT_COMPLETE, legs_phrase, ordinal, pack_for, wrap

if TYPE_CHECKING:
    from kneelink._pack import RulePack

Leg = Literal["left", "right"]
LEGS: tuple[Leg, ...] = ("left", "right")
State = Literal["primary", "supporting", "withheld", "not_involved"]
ViewChoice = Literal["front", "back", "both"]

# Okabe-Ito-like blues and a red that stay apart for the common colour-vision deficiencies
# and in greyscale; the marks and the list say the same thing without colour.
STATE_COLOURS: Mapping[State, str] = {
    "primary": "#0B5FA5",
    "supporting": "#8CC4F0",
    "withheld": "#C62828",
    "not_involved": "#D6D6D6",
}
STATE_LABELS: Mapping[State, str] = {
    "primary": "Roll: on the chain (primary)",
    "supporting": "Roll: supporting",
    "withheld": "Do not roll",
    "not_involved": "Not involved",
}
BACKGROUND = "#FFFFFF"
SKIN = "#F3EEE8"
OUTLINE = "#6E6E6E"
TEXT = "#1B1B1B"
BADGE_RADIUS = 7.0

# The half-body silhouette on the shape canvas: hip, thigh, knee, lower leg and foot, from
# the midline (x 0) outward; mirrored for the other half.
SILHOUETTE = (
    "M 0 0 L 74 0 C 86 8 94 26 94 46 C 94 80 84 130 76 166 C 74 176 74 184 75 192 "
    "C 80 212 80 236 72 262 L 66 286 L 68 300 L 42 300 L 43 286 C 38 262 32 232 34 204 "
    "C 34 196 33 188 32 180 C 28 146 20 110 12 86 C 8 80 4 78 0 78 Z"
)

MARGIN = 16.0
PANEL_WIDTH = 2 * CANVAS_WIDTH + 40.0
PANEL_GAP = 24.0
CAPTION_HEIGHT = 40.0
CAPTIONS: Mapping[View, tuple[str, str]] = {
    "front": ("Front view", "the person's right is on your left"),
    "back": ("Back view", "the person's right is on your right"),
}
LEG_LABEL_HEIGHT = 22.0
LINE = 13.0
CHAR_WIDTH = 6.4  # a generous average advance of an 11-unit sans-serif character, for wrapping
BOLD_CHAR_WIDTH = 7.0
MIN_CONTENT_WIDTH = 420.0  # room for the banner, legend and list beside a single view
MIN_WIDTH, MAX_WIDTH = 160, 4000


@dataclass(frozen=True)
class Placement:
    """One region drawn on one leg in one view, in the SVG's user units: where its badge
    sits and a ``probe`` point well inside it, away from the badge (what the pixel tests
    sample)."""

    region: str
    view: View
    leg: Leg
    state: State
    number: int | None
    badge: tuple[float, float]
    probe: tuple[float, float]


@dataclass(frozen=True)
class Panel:
    """Where one view's body sits: the midline's x and the top of the canvas, in user units."""

    view: View
    left: float
    midline: float
    top: float

    def mirrored(self, leg: Leg) -> bool:
        """Whether ``leg`` is drawn to the viewer's left of the midline (x mirrored)."""
        return (self.view == "front") == (leg == "right")

    def to_picture(self, leg: Leg, point: tuple[float, float]) -> tuple[float, float]:
        """A point of the shape canvas, on ``leg``, in the picture's user units."""
        x, y = point
        return (self.midline - x if self.mirrored(leg) else self.midline + x, self.top + y)


def leg_states(answer: Suggestion) -> dict[str, dict[Leg, State]]:
    """Each region's state on each leg, for the regions the answer names."""
    states: dict[str, dict[Leg, State]] = {}
    for suggestion in answer.regions:
        legs: tuple[Leg, ...] = (suggestion.side,) if suggestion.side in ("left", "right") else ("left", "right")
        states[suggestion.region] = {
            leg: (suggestion.role if leg in legs else "not_involved") for leg in ("left", "right")
        }
    for held in answer.withheld:
        states[held.region] = {"left": "withheld", "right": "withheld"}
    return states


def _views(view: str) -> tuple[View, ...]:
    if view == "both":
        return VIEWS
    if view in VIEWS:
        return (view,)
    raise RenderError(f"unknown view {view!r}; choose 'front', 'back' or 'both'")


def _stroke(state: State) -> str:
    """A region's outline, on the map and in the legend: dashed dark red where it is withheld."""
    if state == "withheld":
        return 'stroke="#4A0B0B" stroke-width="2" stroke-dasharray="4 2"'
    return f'stroke="{OUTLINE}" stroke-width="0.8"'


class _Svg:
    def __init__(self) -> None:
        self.parts: list[str] = []

    def add(self, text: str) -> None:
        self.parts.append(text)

    def text(self, x: float, y: float, content: str, *, size: float = 11, weight: str = "normal", **attrs: str) -> None:
        fill = attrs.pop("fill", TEXT)
        extra = "".join(
            f" {name.rstrip('_').replace('_', '-')}={xml_attribute(value)}" for name, value in attrs.items()
        )
        self.add(
            f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:g}" font-weight="{weight}" fill="{fill}"'
            f"{extra}>{xml_text(content)}</text>"
        )


class _BodyMap:
    def __init__(self, answer: Suggestion, pack: RulePack, views: tuple[View, ...], width: int) -> None:
        self.answer, self.pack, self.views = answer, pack, views
        self.regions: Mapping[str, Region] = pack.regions
        self.states = leg_states(answer)
        self.numbers = {suggestion.region: index for index, suggestion in enumerate(answer.regions, start=1)}
        self.withheld = {held.region: held for held in answer.withheld}
        self.style = triage_style(answer.triage)
        self.panels_width = len(views) * PANEL_WIDTH + (len(views) - 1) * PANEL_GAP
        self.view_width = max(self.panels_width, MIN_CONTENT_WIDTH)
        self.width_units = self.view_width + 2 * MARGIN
        self.chars = int(self.view_width / CHAR_WIDTH)
        self.bold_chars = int((self.view_width - 16) / BOLD_CHAR_WIDTH)
        self.pixel_width = width
        self.hidden = {view: [r for r in self.regions.values() if self._path(r, view) is None] for view in views}
        self.prefix = "kneelink-" + hashlib.sha256(answer.model_dump_json().encode()).hexdigest()[:10]

    def state(self, region: str, leg: Leg) -> State:
        return self.states.get(region, {}).get(leg, "not_involved")

    @staticmethod
    def _path(region: Region, view: View) -> str | None:
        return region.shape.path(view) if region.shape is not None else None

    # -- layout -----------------------------------------------------------------------
    def banner_lines(self) -> list[tuple[str, str]]:
        """``(text, weight)`` lines of the triage banner; empty at self care."""
        if self.style.banner is None:
            return []
        lines = [(line, "bold") for line in wrap(self.style.banner.heading, self.bold_chars)]
        for flag in self.answer.red_flags:
            lines += [(line, "normal") for line in wrap(f"{flag.label}: {flag.message}", self.chars - 3)]
        if self.style.withholds_every_region:
            stop = "Do not foam-roll until a clinician has seen you."
            lines += [(line, "bold") for line in wrap(stop, self.bold_chars)]
        return lines

    def panels(self, top: float) -> list[Panel]:
        return [
            Panel(view, left, left + PANEL_WIDTH / 2, top + CAPTION_HEIGHT)
            for index, view in enumerate(self.views)
            for left in [MARGIN + (self.view_width - self.panels_width) / 2 + index * (PANEL_WIDTH + PANEL_GAP)]
        ]

    def placements(self, panels: list[Panel]) -> Iterator[Placement]:
        for panel in panels:
            for region in self.regions.values():
                d = self._path(region, panel.view)
                if d is None:
                    continue
                outline = parse_path(d).outline
                badge = roomiest_point(outline)
                probe = roomiest_point(outline, (*badge, BADGE_RADIUS + 2))
                for leg in LEGS:
                    state = self.state(region.id, leg)
                    number = self.numbers.get(region.id) if state in ("primary", "supporting") else None
                    yield Placement(
                        region.id,
                        panel.view,
                        leg,
                        state,
                        number,
                        panel.to_picture(leg, badge),
                        panel.to_picture(leg, probe),
                    )

    # -- drawing ----------------------------------------------------------------------
    def render(self) -> tuple[str, list[Placement], list[Panel]]:
        svg = _Svg()
        y = MARGIN + 16
        svg.text(MARGIN, y, "Where to foam-roll", size=16, weight="bold")
        y += 16
        subtitle = f"Rule pack {self.answer.pack.name} {self.answer.pack.version}. Not medical advice."
        for index, line in enumerate(wrap(subtitle, int(self.view_width / 5.8))):
            y += LINE if index else 0
            svg.text(MARGIN, y, line, size=10)
        y += 10
        banner = self.banner_lines()
        if banner and self.style.banner is not None:
            group = f'class="triage" data-triage="{self.answer.triage}"'
            y = self._band(svg, y, group, banner, self.style.banner.fill, self.style.banner.text)
        if not self.answer.complete:
            # Below consultation_24 an answer with warning signs still open says so in a band of
            # its own, in the consultation colours: a plain map would read as a clean bill.
            caution = triage_style("consultation").banner
            assert caution is not None, "the consultation level has a banner"
            said = wrap(f"{NOT_COMPLETE} Answer the remaining questions before rolling.", self.bold_chars)
            lines = [(line, "bold") for line in said]
            y = self._band(svg, y, 'class="not-complete"', lines, caution.fill, caution.text)
        if any(suggestion.side == "unspecified" for suggestion in self.answer.regions):
            y += LINE
            svg.text(MARGIN, y, "Side not given: the regions are shown on both legs.", weight="bold", class_="note")
            y += 4
        y += 6
        panels = self.panels(y)
        placements = list(self.placements(panels))
        hidden_height = max(self._hidden_height(view) for view in self.views)
        for panel in panels:
            self._panel(svg, panel, [p for p in placements if p.view == panel.view])
        y = panels[0].top + CANVAS_HEIGHT + LEG_LABEL_HEIGHT + hidden_height + 10
        y = self._legend(svg, y)
        y = self._lists(svg, y)
        height = y + MARGIN
        return self._document(svg, height), placements, panels

    def _band(self, svg: _Svg, y: float, group: str, lines: list[tuple[str, str]], fill: str, text: str) -> float:
        """A coloured band across the picture at ``y`` holding ``(text, weight)`` lines; where
        the next thing goes."""
        height = 12 + len(lines) * LINE
        svg.add(
            f'<g {group}><rect x="{MARGIN}" y="{y:.1f}" width="{self.view_width:.1f}" height="{height:.1f}" '
            f'rx="4" fill="{fill}"/>'
        )
        for index, (line, weight) in enumerate(lines):
            svg.text(MARGIN + 8, y + 6 + (index + 1) * LINE - 2, line, weight=weight, fill=text)
        svg.add("</g>")
        return y + height + 6

    def _panel(self, svg: _Svg, panel: Panel, placements: list[Placement]) -> None:
        heading, caption = CAPTIONS[panel.view]
        svg.add(f'<g class="view" data-view="{panel.view}">')
        svg.text(panel.midline, panel.top - CAPTION_HEIGHT + 10, heading, weight="bold", text_anchor="middle")
        svg.text(panel.midline, panel.top - CAPTION_HEIGHT + 23, caption, size=10, text_anchor="middle")
        for leg in ("left", "right"):
            svg.add(
                f'<path d="{SILHOUETTE}" transform="{self._transform(panel, leg)}" fill="{SKIN}" stroke="{OUTLINE}"/>'
            )
        by_region: dict[str, list[Placement]] = {}
        for placement in placements:
            by_region.setdefault(placement.region, []).append(placement)
        for region in self.regions.values():
            d = self._path(region, panel.view)
            if d is not None:
                self._region(svg, panel, region, d, by_region[region.id])
        for leg in ("left", "right"):
            x, _ = panel.to_picture(leg, (CANVAS_WIDTH / 2, 0))  # type: ignore[arg-type]
            label = f"{leg.capitalize()} leg"
            svg.text(x, panel.top + CANVAS_HEIGHT + 15, label, weight="bold", text_anchor="middle", class_="leg-label")
        y = panel.top + CANVAS_HEIGHT + LEG_LABEL_HEIGHT - 2
        if self.hidden[panel.view]:
            y += LINE
            svg.text(panel.left + 6, y, f"Not visible from the {panel.view}:", size=10, weight="bold")
        for region in self.hidden[panel.view]:
            svg.add(f'<text class="region-hidden" data-region="{region.id}" font-size="10" fill="{TEXT}">')
            for index, line in enumerate(self._hidden_lines(region)):
                y += LINE
                svg.add(f'<tspan x="{panel.left + 6 + (8 if index else 0):.1f}" y="{y:.1f}">{xml_text(line)}</tspan>')
            svg.add("</text>")
        svg.add("</g>")

    def _hidden_lines(self, region: Region) -> list[str]:
        return wrap(self._short_state(region), int((PANEL_WIDTH - 12) / 5.6))

    def _hidden_height(self, view: View) -> float:
        hidden = self.hidden[view]
        return (1 + sum(len(self._hidden_lines(region)) for region in hidden)) * LINE if hidden else 0.0

    def _short_state(self, region: Region) -> str:
        if region.id in self.withheld:
            return f"{region.label} (DO NOT ROLL)"
        if region.id in self.numbers:
            return f"{self.numbers[region.id]}. {region.label}"
        return region.label

    @staticmethod
    def _transform(panel: Panel, leg: Leg) -> str:
        scale = " scale(-1 1)" if panel.mirrored(leg) else ""
        return f"translate({panel.midline:.1f} {panel.top:.1f}){scale}"

    def _region(self, svg: _Svg, panel: Panel, region: Region, d: str, placements: list[Placement]) -> None:
        svg.add(f'<g class="region" data-region="{region.id}">')
        for placement in placements:
            state = placement.state
            svg.add(
                f'<path d="{d}" transform="{self._transform(panel, placement.leg)}" fill="{STATE_COLOURS[state]}" '
                f'{_stroke(state)} data-leg="{placement.leg}" data-state="{state}">'
                f"<title>{xml_text(self._tooltip(region, placement))}</title></path>"
            )
        for placement in placements:
            bx, by = placement.badge
            if placement.state == "withheld":
                r = BADGE_RADIUS
                svg.add(
                    f'<g class="do-not-roll" data-leg="{placement.leg}"><circle cx="{bx:.1f}" cy="{by:.1f}" r="{r:g}" '
                    f'fill="#FFFFFF" stroke="#4A0B0B" stroke-width="2"/><line x1="{bx - r * 0.7:.1f}" '
                    f'y1="{by - r * 0.7:.1f}" x2="{bx + r * 0.7:.1f}" y2="{by + r * 0.7:.1f}" stroke="#4A0B0B" '
                    f'stroke-width="2"/></g>'
                )
            elif placement.number is not None:
                svg.add(
                    f'<g class="order" data-leg="{placement.leg}"><circle cx="{bx:.1f}" cy="{by:.1f}" '
                    f'r="{BADGE_RADIUS:g}" fill="#FFFFFF" stroke="{TEXT}" stroke-width="1"/>'
                )
                svg.text(bx, by + 3.5, str(placement.number), size=10, weight="bold", text_anchor="middle")
                svg.add("</g>")
        svg.add("</g>")

    def _tooltip(self, region: Region, placement: Placement) -> str:
        leg = f"{placement.leg} leg"
        if placement.state == "withheld":
            return f"{region.label}, {leg}: do not roll. {self.withheld[region.id].reason}"
        if placement.number is not None:
            return f"{region.label}, {leg}: roll {ordinal(placement.number)} ({placement.state})"
        return f"{region.label}, {leg}: not involved"

    def _legend(self, svg: _Svg, y: float) -> float:
        svg.add('<g class="legend">')
        column = self.view_width / 2
        for index, (state, label) in enumerate(STATE_LABELS.items()):
            x = MARGIN + (index % 2) * column
            row_y = y + (index // 2) * 18
            fill = STATE_COLOURS[state]
            svg.add(f'<rect x="{x:.1f}" y="{row_y:.1f}" width="14" height="12" fill="{fill}" {_stroke(state)}/>')
            svg.text(x + 20, row_y + 10, label, class_="legend-label", data_state=state)
        svg.add("</g>")
        return y + 2 * 18 + 6

    def _lists(self, svg: _Svg, y: float) -> float:
        if self.answer.regions:
            y += LINE
            svg.text(MARGIN, y, "Roll in this order:", weight="bold")
            for number, suggestion in enumerate(self.answer.regions, start=1):
                text = f"{number}. {suggestion.label}: {legs_phrase(suggestion.side)}, {suggestion.role}"
                for index, line in enumerate(wrap(text, self.chars - 2)):
                    y += LINE
                    svg.text(MARGIN + (10 if index else 0), y, line)
        if self.answer.withheld:
            y += LINE + 4
            svg.text(MARGIN, y, "Do not roll (either leg):", weight="bold", fill="#8E1B1B")
            by_reason: dict[str, list[str]] = {}
            for held in self.answer.withheld:
                by_reason.setdefault(held.reason, []).append(held.label)
            for reason, labels in by_reason.items():
                for index, line in enumerate(wrap(f"{'; '.join(labels)}. Why: {reason}", self.chars - 2)):
                    y += LINE
                    svg.text(MARGIN + (10 if index else 0), y, line)
        if not self.answer.regions and not self.answer.withheld:
            y += LINE
            svg.text(MARGIN, y, "Nothing in this report points at a region to roll.")
        return y

    def _document(self, svg: _Svg, height: float) -> str:
        pixel_height = round(self.pixel_width * height / self.width_units)
        p = self.prefix
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{p}-title {p}-desc" '
            f'width="{self.pixel_width}" height="{pixel_height}" viewBox="0 0 {self.width_units:g} {height:.1f}" '
            'font-family="DejaVu Sans, Verdana, Arial, sans-serif">\n'
            f'<title id="{p}-title">Body map: where to foam-roll for the reported knee symptoms</title>\n'
            f'<desc id="{p}-desc">{xml_text(self.description())}</desc>\n'
            f'<rect x="0" y="0" width="{self.width_units:g}" height="{height:.1f}" fill="{BACKGROUND}"/>\n'
            + "\n".join(svg.parts)
            + "\n</svg>\n"
        )

    def description(self) -> str:
        parts = []
        if self.style.banner is not None:
            parts.append(f"{self.style.banner.heading}.")
            parts += [f"{flag.label}: {flag.message}" for flag in self.answer.red_flags]
        if self.answer.regions:
            order = "; ".join(
                f"{n}. {s.label} ({legs_phrase(s.side)}, {s.role})" for n, s in enumerate(self.answer.regions, start=1)
            )
            parts.append(f"Roll in this order: {order}.")
        if self.answer.withheld:
            parts.append("Do not roll: " + "; ".join(f"{h.label} ({h.reason})" for h in self.answer.withheld))
        if not parts:
            parts.append("Nothing in this report points at a region to roll.")
        if not self.answer.complete:
            parts.insert(0, NOT_COMPLETE)
        parts.append("In the front view the person's right is on the viewer's left.")
        return " ".join(parts)


def layout(
    answer: Suggestion, *, view: ViewChoice = "both", width: int = 640, pack: RulePack | None = None
) -> tuple[str, list[Placement], list[Panel], float]:
    """The SVG with where everything went: its placements, panels, and the number of
    pixels per user unit. For tests and tools that must find a region in the picture."""
    if isinstance(width, bool) or not isinstance(width, int) or not MIN_WIDTH <= width <= MAX_WIDTH:
        raise RenderError(f"width must be a whole number of pixels from {MIN_WIDTH} to {MAX_WIDTH} (got {width!r})")
    drawing = _BodyMap(answer, pack_for(answer, pack), _views(view), width)
    svg, placements, panels = drawing.render()
    return svg, placements, panels, width / drawing.width_units


def body_map(answer: Suggestion, *, view: ViewChoice = "both", width: int = 640, pack: RulePack | None = None) -> str:
    """The answer drawn on both legs and the hips: a standalone, accessible SVG document.

    ``view`` is ``"front"``, ``"back"`` or ``"both"`` (side by side); ``width`` is in
    pixels (the height follows). ``pack`` is the pack that made the answer (default:
    kneelink's own); its region shapes are what gets drawn. Raises
    :class:`~kneelink.RenderError` for a bad view or width and
    :class:`~kneelink.PackMismatchError` when ``pack`` did not make ``answer``.

    >>> import kneelink
    >>> answer = kneelink.suggest_regions(["lateral_knee_pain"], side="right")
    >>> svg = kneelink.body_map(answer, view="front")
    >>> svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" role="img"')
    True
    >>> "the person&#x27;s right is on your left" in svg or "the person's right is on your left" in svg
    True
    """
    return layout(answer, view=view, width=width, pack=pack)[0]
