"""Greedy placement of point labels that never overlap each other, markers or other obstacles.

Each label tries eight positions around its point (right, left, upper right, lower right, upper
left, lower left, above, below) in that order and takes the first free one. A label that may be
set off (``callout``) then tries the same eight directions farther out (:data:`CALLOUT_GAPS`),
joined to its point by a leader line that crosses no other label or marker; a label with no free
position is dropped (the marker stays). Labels are handled in the order given: put the most
important first.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kimtravel.svg import text_width

POSITIONS = ("E", "W", "NE", "SE", "NW", "SW", "N", "S")
CALLOUT_POSITIONS = (*POSITIONS, "ENE", "ESE", "WNW", "WSW", "NNE", "NNW", "SSE", "SSW")
"""Directions a label set off on a leader line tries (the eight, then those between them)."""
_ANGLES = {
    "E": 0.0,
    "ENE": -22.5,
    "NE": -45.0,
    "NNE": -67.5,
    "N": -90.0,
    "NNW": -112.5,
    "NW": -135.0,
    "WNW": -157.5,
    "W": 180.0,
    "WSW": 157.5,
    "SW": 135.0,
    "SSW": 112.5,
    "S": 90.0,
    "SSE": 67.5,
    "SE": 45.0,
    "ESE": 22.5,
}
"""Direction of each position in degrees, clockwise from east (y grows downwards)."""
GAP = 2.5
"""Space in px between a marker and its label next to it."""
CALLOUT_GAPS = (8.0, 14.0, 22.0, 32.0)
"""Farther gaps a ``callout`` label tries, joined to its marker by a leader line."""
AMBIGUITY_PX = 2.0
"""A label next to its marker keeps at least this much nearer to it than to any other marker..."""
RIVAL_PX = 9.0
"""...that lies closer to the label than this (a marker farther off is not read as its)."""
_SUFFIXES = (
    " International Airport",
    " Railway Station",
    " railway station",
    " Airport",
    " Station",
    " station",
)


def short_name(name: str, limit: int = 26) -> str:
    """Return a place name shortened for a label.

    Drops what follows a comma or an opening parenthesis and a trailing "Railway Station" or
    "Airport" (``Khasan Railway Station`` -> ``Khasan``), then cuts to ``limit`` characters
    with an ellipsis.
    """
    for cut in (",", " ("):
        name = name.split(cut, 1)[0]
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
            break
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "\u2026"


def shared_town(names: Sequence[str]) -> str | None:
    """Return the town that several place names give after a comma or in parentheses, if any.

    ``The Istana, Singapore`` and ``Marina Bay Sands (SkyPark), Singapore`` share ``Singapore``;
    ``Peace House (Panmunjom)`` and ``Panmunjom, South Korean side`` share ``Panmunjom``. The
    part named by most (at least two) wins; ``None`` when no part is named twice.
    """
    counts: dict[str, int] = {}
    for name in names:
        parts = {
            part.strip()
            for chunk in name.replace(")", ",").split(",")
            for part in chunk.split(" (")
            if part.strip()
        }
        for part in parts:
            counts[part] = counts.get(part, 0) + 1
    best = max(counts.items(), key=lambda kv: (kv[1], -len(kv[0])), default=None)
    if best is None or best[1] < 2:
        return None
    return best[0]


@dataclass(frozen=True, slots=True)
class Box:
    """An axis-aligned rectangle in px (x0 <= x1, y0 <= y1)."""

    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box) -> bool:
        """Return whether the two boxes share interior area (touching edges do not count)."""
        return (
            self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1
        )

    def within(self, other: Box) -> bool:
        """Return whether this box lies wholly inside ``other``."""
        return (
            other.x0 <= self.x0
            and self.x1 <= other.x1
            and other.y0 <= self.y0
            and self.y1 <= other.y1
        )


@dataclass(frozen=True, slots=True)
class LabelRequest:
    """A label wanted next to a point: its text, the point, and the marker's radius there."""

    key: str
    text: str
    x: float
    y: float
    radius: float
    size: float = 11.0
    bold: bool = False
    callout: bool = False


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a label went: its box, the position code, and where to draw the text.

    ``text_x``/``baseline`` with ``anchor`` (``start``, ``middle``, ``end``) are SVG text
    attributes. ``leader`` is the line (x0, y0, x1, y1) from the marker's edge to a label set
    off from it, or ``None`` for a label next to its marker.
    """

    request: LabelRequest
    position: str
    box: Box
    text_x: float
    baseline: float
    anchor: str
    leader: tuple[float, float, float, float] | None = None


def candidate(request: LabelRequest, position: str, gap: float = GAP) -> Placement:
    """Return the placement of ``request`` at one of :data:`POSITIONS`, ``gap`` px out.

    Beyond :data:`GAP`, the placement has a leader line from the marker's edge to the box.
    """
    w = text_width(request.text, request.size, bold=request.bold)
    h = request.size * 1.15
    d = request.radius + gap
    diag = max(d * 0.75, request.radius + 1.0)  # the corner clears the marker's box
    x, y = request.x, request.y
    if position == "E":
        x0, y0 = x + d, y - h / 2
    elif position == "W":
        x0, y0 = x - d - w, y - h / 2
    elif position == "NE":
        x0, y0 = x + diag, y - diag - h
    elif position == "SE":
        x0, y0 = x + diag, y + diag
    elif position == "NW":
        x0, y0 = x - diag - w, y - diag - h
    elif position == "SW":
        x0, y0 = x - diag - w, y + diag
    elif position == "N":
        x0, y0 = x - w / 2, y - d - h
    elif position == "S":
        x0, y0 = x - w / 2, y + d
    elif position in _ANGLES:
        # Between the eight: the box's nearest edge or corner d px out in that direction.
        angle = math.radians(_ANGLES[position])
        px, py = x + d * math.cos(angle), y + d * math.sin(angle)
        cos, sin = math.cos(angle), math.sin(angle)
        x0 = px if cos > 0.38 else px - w if cos < -0.38 else px - w / 2
        y0 = py if sin > 0.38 else py - h if sin < -0.38 else py - h / 2
    else:
        raise ValueError(f"unknown label position {position!r}")
    box = Box(x0, y0, x0 + w, y0 + h)
    leader = None
    if gap > GAP:
        # From the marker's edge towards the nearest point of the text's ink (the box less the
        # width estimate's slack and the line's leading), stopping 1 px short.
        ink = Box(x0, y0 + 0.15 * h, x0 + w / 1.05, y0 + 0.85 * h)
        bx, by = min(max(x, ink.x0), ink.x1), min(max(y, ink.y0), ink.y1)
        length = math.hypot(bx - x, by - y)
        ux, uy = (bx - x) / length, (by - y) / length
        leader = (
            x + ux * request.radius,
            y + uy * request.radius,
            bx - ux,
            by - uy,
        )
    # Baseline sits about a fifth of the box height above its bottom (DejaVu's descent).
    return Placement(request, position, box, x0, y0 + h * 0.8, "start", leader)


def segment_crosses(segment: tuple[float, float, float, float], box: Box) -> bool:
    """Return whether a line segment passes through a box's interior (Liang-Barsky clipping)."""
    x0, y0, x1, y1 = segment
    dx, dy = x1 - x0, y1 - y0
    low, high = 0.0, 1.0
    for p, q in ((-dx, x0 - box.x0), (dx, box.x1 - x0), (-dy, y0 - box.y0), (dy, box.y1 - y0)):
        if p == 0:
            if q <= 0:
                return False
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low >= high:
            return False
    return True


def box_distance(box: Box, x: float, y: float) -> float:
    """Return the distance from a point to the nearest point of a box (0 inside)."""
    dx = max(box.x0 - x, 0.0, x - box.x1)
    dy = max(box.y0 - y, 0.0, y - box.y1)
    return math.hypot(dx, dy)


def place_labels(
    requests: Sequence[LabelRequest],
    obstacles: Iterable[Box],
    bounds: Box,
    points: Sequence[tuple[float, float]] = (),
) -> tuple[list[Placement], list[LabelRequest]]:
    """Return (placed, dropped): each request placed at its first free position, or dropped.

    A position is free when its box lies inside ``bounds`` and overlaps no obstacle (markers,
    legend...) and no label placed before it; a set-off position's leader line must also cross
    no label and no obstacle other than the label's own marker, and later labels avoid it.
    Given ``points`` (every marker's centre), a label next to its marker must lie nearer to it
    than to any other marker close to it (:data:`AMBIGUITY_PX`, :data:`RIVAL_PX`), so that it
    cannot be read as another marker's.
    """
    blocks = list(obstacles)
    taken = list(blocks)
    leaders: list[tuple[float, float, float, float]] = []
    placed: list[Placement] = []
    dropped: list[LabelRequest] = []
    for request in requests:
        gaps = (GAP, *CALLOUT_GAPS) if request.callout else (GAP,)
        options = (
            candidate(request, p, gap)
            for gap in gaps
            for p in (POSITIONS if gap == GAP else CALLOUT_POSITIONS)
        )
        for option in options:
            if not option.box.within(bounds) or any(option.box.overlaps(b) for b in taken):
                continue
            if any(segment_crosses(line, option.box) for line in leaders):
                continue
            if option.leader is not None:
                own = marker_box(request.x, request.y, request.radius + 1)
                if any(segment_crosses(option.leader, b) for b in taken if b != own):
                    continue
                leaders.append(option.leader)
            elif not request.bold:  # (bold: home's label, in its star's colour, is unmistakable)
                near = min(box_distance(option.box, request.x, request.y) + AMBIGUITY_PX, RIVAL_PX)
                if any(
                    box_distance(option.box, px, py) < near
                    for px, py in points
                    if (px, py) != (request.x, request.y)
                ):
                    continue
            placed.append(option)
            taken.append(option.box)
            break
        else:
            dropped.append(request)
    return placed, dropped


def marker_box(x: float, y: float, radius: float) -> Box:
    """Return the box around a round marker."""
    return Box(x - radius, y - radius, x + radius, y + radius)
