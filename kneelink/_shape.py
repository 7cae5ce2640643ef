"""Region shapes: the SVG path a rule file gives for a region in one view of the body.

A shape is drawn on a *half-body canvas* of :data:`CANVAS_WIDTH` by :data:`CANVAS_HEIGHT`
units: ``x`` runs from the body's midline (0) outward to the outside of the hip (100), ``y``
from the top of the pelvis (0) down to the sole (300). Every region of a leg is drawn once,
for one leg; the body map mirrors it onto the other leg and onto the correct side of the
picture. Authors never think about which leg is on which side of the screen.

Only the path commands whose curve stays inside the hull of its points are accepted (M, L,
H, V, C, S, Q, T, Z, upper or lower case; no arcs), so "every point inside the canvas"
means "the whole shape inside the canvas".

>>> shape = parse_path("M 10,20 L 30 20 l 0 10 Z")
>>> shape.points
((10.0, 20.0), (30.0, 20.0), (30.0, 30.0))
>>> shape.bounds
(10.0, 20.0, 30.0, 30.0)
>>> parse_path("M 10 20 A 5 5 0 0 1 20 20")
Traceback (most recent call last):
...
ValueError: arcs (A/a) are not supported in a shape; draw the curve with C or Q
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from dataclasses import dataclass

CANVAS_WIDTH = 100.0
CANVAS_HEIGHT = 300.0
MAX_PATH_LENGTH = 4000

# Blanks, then at most one comma and blanks: written so that a long run of blanks is read
# once (`\s*,?\s*` tried every way to share the run between its two `\s*`).
_TOKEN = re.compile(r"\s*+(?:,\s*+)?([MmLlHhVvCcSsQqTtZzAa]|[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)")
# How many numbers each command takes per repetition.
_ARITY = {"M": 2, "L": 2, "H": 1, "V": 1, "C": 6, "S": 4, "Q": 4, "T": 2, "Z": 0}
_CURVE_STEPS = 5


@dataclass(frozen=True)
class ParsedPath:
    """A shape's path, checked: every point it names (ends and control points, absolute),
    and an outline polygon (curves flattened) for finding room inside it."""

    points: tuple[tuple[float, float], ...]
    outline: tuple[tuple[float, float], ...]

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """``(x_min, y_min, x_max, y_max)`` of every point, control points included."""
        xs = [x for x, _ in self.points]
        ys = [y for _, y in self.points]
        return (min(xs), min(ys), max(xs), max(ys))


def _tokens(text: str) -> list[str]:
    tokens: list[str] = []
    position = 0
    stripped = text.rstrip()
    while position < len(stripped):
        match = _TOKEN.match(stripped, position)
        if match is None or match.end() == position:
            while position < len(stripped) - 1 and stripped[position] in " \t\n,":
                position += 1
            raise ValueError(f"unexpected {stripped[position : position + 12]!r} at character {position} of the path")
        tokens.append(match.group(1))
        position = match.end()
    return tokens


def parse_path(text: str) -> ParsedPath:
    """Parse an SVG path ``d`` attribute (the subset described above); raise
    ``ValueError`` saying what is wrong and where."""
    if len(text) > MAX_PATH_LENGTH:
        raise ValueError(f"a shape path is at most {MAX_PATH_LENGTH} characters (got {len(text)})")
    tokens = _tokens(text)
    if not tokens or tokens[0] not in ("M", "m"):
        raise ValueError("a shape path starts with a move command, M or m (such as 'M 10 20')")
    points: list[tuple[float, float]] = []
    outline: list[tuple[float, float]] = []
    x = y = start_x = start_y = 0.0
    previous_control: tuple[float, float] | None = None
    index = 0
    while index < len(tokens):
        command = tokens[index]
        index += 1
        if command in ("A", "a"):
            raise ValueError("arcs (A/a) are not supported in a shape; draw the curve with C or Q")
        if not command.isalpha():
            raise ValueError(f"number {command} where a path command (M, L, C, Z...) was expected")
        upper, relative = command.upper(), command.islower()
        arity = _ARITY[upper]
        numbers: list[float] = []
        while index < len(tokens) and not tokens[index].isalpha():
            numbers.append(float(tokens[index]))
            index += 1
        if arity == 0:
            if numbers:
                raise ValueError("Z takes no numbers")
            x, y = start_x, start_y
            previous_control = None
            continue
        if not numbers or len(numbers) % arity:
            raise ValueError(f"{command} takes numbers in groups of {arity} (got {len(numbers)})")
        for group_start in range(0, len(numbers), arity):
            group = numbers[group_start : group_start + arity]
            base_x, base_y = (x, y) if relative else (0.0, 0.0)
            if upper == "H":
                group = [group[0], y - base_y]
            elif upper == "V":
                group = [x - base_x, group[0]]
            named = [(base_x + group[i], base_y + group[i + 1]) for i in range(0, len(group), 2)]
            if upper in ("S", "T"):
                reflected = (2 * x - previous_control[0], 2 * y - previous_control[1]) if previous_control else (x, y)
                named = [reflected, *named]
            for point in named:
                if not all(math.isfinite(value) for value in point):
                    raise ValueError("a shape path holds a number too large to draw")
            points.extend(point for point in named if point not in points[-1:])
            end = named[-1]
            if upper in ("C", "S", "Q", "T"):
                outline.extend(_flatten((x, y), named))
                previous_control = named[-2]
            else:
                outline.append(end)
                previous_control = None
            if upper == "M" and group_start == 0:
                start_x, start_y = end
            x, y = end
    if len(set(outline)) < 3:
        raise ValueError("a shape needs at least three distinct points to enclose an area")
    return ParsedPath(tuple(points), tuple(outline))


def _flatten(start: tuple[float, float], controls: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Points along a Bezier curve (quadratic or cubic) from ``start``, its end included."""
    nodes = [start, *controls]
    flat = []
    for step in range(1, _CURVE_STEPS + 1):
        t = step / _CURVE_STEPS
        level = nodes
        while len(level) > 1:  # de Casteljau
            level = [((1 - t) * a[0] + t * b[0], (1 - t) * a[1] + t * b[1]) for a, b in itertools.pairwise(level)]
        flat.append(level[0])
    return flat


def check_inside_canvas(path: ParsedPath) -> None:
    """Raise ``ValueError`` naming the first point outside the half-body canvas."""
    for px, py in path.points:
        if not (0 <= px <= CANVAS_WIDTH and 0 <= py <= CANVAS_HEIGHT):
            raise ValueError(
                f"point ({px:g}, {py:g}) lies outside the {CANVAS_WIDTH:g} x {CANVAS_HEIGHT:g} shape canvas "
                f"(x 0-{CANVAS_WIDTH:g} from the body's midline outward, y 0-{CANVAS_HEIGHT:g} from the top "
                "of the pelvis down)"
            )


def check_shape(text: str) -> str:
    """A pydantic validator: ``text`` parses and lies inside the canvas; returns it unchanged."""
    check_inside_canvas(parse_path(text))
    return text


def contains(outline: tuple[tuple[float, float], ...], x: float, y: float) -> bool:
    """Whether ``(x, y)`` lies inside the polygon ``outline`` (even-odd rule)."""
    inside = False
    for (x1, y1), (x2, y2) in zip(outline, outline[1:] + outline[:1], strict=False):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _edge_distance(outline: tuple[tuple[float, float], ...], x: float, y: float) -> float:
    best = math.inf
    for (x1, y1), (x2, y2) in zip(outline, outline[1:] + outline[:1], strict=True):
        dx, dy = x2 - x1, y2 - y1
        length = dx * dx + dy * dy
        t = 0.0 if length == 0 else ((x - x1) * dx + (y - y1) * dy) / length
        t = 0.0 if t < 0 else (1.0 if t > 1 else t)
        ex, ey = x - x1 - t * dx, y - y1 - t * dy
        squared = ex * ex + ey * ey
        if squared < best:
            best = squared
    return math.sqrt(best)


@functools.lru_cache(maxsize=512)
def roomiest_point(
    outline: tuple[tuple[float, float], ...], avoid: tuple[float, float, float] | None = None
) -> tuple[float, float]:
    """The point inside ``outline`` farthest from its edges (and from the circle ``avoid``
    = ``(x, y, radius)``, if given), to 0.1 unit: where a label or a probe fits best.
    A coarse grid over the bounding box, then finer grids around the best point so far.

    >>> roomiest_point(((0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)))
    (5.0, 5.0)
    >>> roomiest_point(((0.0, 0.0), (40.0, 0.0), (40.0, 10.0), (0.0, 10.0)), (20.0, 5.0, 4.0))
    (5.0, 5.0)
    """
    xs = [x for x, _ in outline]
    ys = [y for _, y in outline]

    def room(x: float, y: float) -> float:
        if not contains(outline, x, y):
            return -math.inf
        distance = _edge_distance(outline, x, y)
        if avoid is not None:
            distance = min(distance, math.hypot(x - avoid[0], y - avoid[1]) - avoid[2])
        return distance

    step = max(max(xs) - min(xs), max(ys) - min(ys)) / 16
    candidates = [
        (min(xs) + i * step, min(ys) + j * step)
        for i in range(int((max(xs) - min(xs)) / step) + 1)
        for j in range(int((max(ys) - min(ys)) / step) + 1)
    ]
    best = max(candidates, key=lambda point: room(*point))
    while step > 0.1:
        step /= 2.5
        around = [(best[0] + i * step, best[1] + j * step) for i in range(-2, 3) for j in range(-2, 3)]
        best = max(around, key=lambda point: room(*point))
    return (round(best[0], 1), round(best[1], 1))
