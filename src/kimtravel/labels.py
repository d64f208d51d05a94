"""Greedy placement of point labels that never overlap each other, markers or other obstacles.

Each label tries eight positions around its point (right, left, upper right, lower right, upper
left, lower left, above, below) in that order and takes the first free one; a label with no free
position is dropped (the marker stays). Labels are handled in the order given: put the most
important first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kimtravel.svg import text_width

POSITIONS = ("E", "W", "NE", "SE", "NW", "SW", "N", "S")
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


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a label went: its box, the position code, and where to draw the text.

    ``text_x``/``baseline`` with ``anchor`` (``start``, ``middle``, ``end``) are SVG text
    attributes.
    """

    request: LabelRequest
    position: str
    box: Box
    text_x: float
    baseline: float
    anchor: str


def candidate(request: LabelRequest, position: str, gap: float = 2.5) -> Placement:
    """Return the placement of ``request`` at one of :data:`POSITIONS`."""
    w = text_width(request.text, request.size, bold=request.bold)
    h = request.size * 1.15
    d = request.radius + gap
    diag = d * 0.75
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
    else:
        raise ValueError(f"unknown label position {position!r}")
    box = Box(x0, y0, x0 + w, y0 + h)
    # Baseline sits about a fifth of the box height above its bottom (DejaVu's descent).
    return Placement(request, position, box, x0, y0 + h * 0.8, "start")


def place_labels(
    requests: Sequence[LabelRequest],
    obstacles: Iterable[Box],
    bounds: Box,
) -> tuple[list[Placement], list[LabelRequest]]:
    """Return (placed, dropped): each request placed at its first free position, or dropped.

    A position is free when its box lies inside ``bounds`` and overlaps no obstacle (markers,
    legend...) and no label placed before it.
    """
    taken = list(obstacles)
    placed: list[Placement] = []
    dropped: list[LabelRequest] = []
    for request in requests:
        for position in POSITIONS:
            option = candidate(request, position)
            if option.box.within(bounds) and not any(option.box.overlaps(b) for b in taken):
                placed.append(option)
                taken.append(option.box)
                break
        else:
            dropped.append(request)
    return placed, dropped


def marker_box(x: float, y: float, radius: float) -> Box:
    """Return the box around a round marker."""
    return Box(x - radius, y - radius, x + radius, y + radius)
