"""The map projection: equirectangular with its scale corrected at the frame's middle latitude.

Over the frames the maps use (a region of a few to a few tens of degrees, up to Europe-to-Korea)
this keeps shapes recognisable near the middle latitude, draws meridians and parallels as straight
lines (a simple graticule) and needs no library.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Projection:
    """Maps (lat, lon) in degrees to (x, y) in px inside a pixel rectangle.

    Attributes:
        west, south, east, north: the framed box in degrees (already matched to the rectangle).
        left, top, width, height: the pixel rectangle.
    """

    west: float
    south: float
    east: float
    north: float
    left: float
    top: float
    width: float
    height: float

    @property
    def kx(self) -> float:
        """Cosine of the middle latitude: how much a degree of longitude is shortened."""
        return math.cos(math.radians((self.south + self.north) / 2))

    @property
    def scale(self) -> float:
        """Pixels per degree of latitude."""
        return self.height / (self.north - self.south)

    def project(self, lat: float, lon: float) -> tuple[float, float]:
        """Return the pixel (x, y) of a point (outside the frame too)."""
        s = self.scale
        return (
            self.left + (lon - self.west) * self.kx * s,
            self.top + (self.north - lat) * s,
        )

    def contains(self, lat: float, lon: float) -> bool:
        """Return whether the point lies inside the framed box."""
        return self.west <= lon <= self.east and self.south <= lat <= self.north

    @property
    def km_per_px(self) -> float:
        """Ground distance of one pixel along a parallel at the middle latitude, in km."""
        return 111.195 / self.scale


def fit(
    box: tuple[float, float, float, float],
    rect: tuple[float, float, float, float],
    *,
    limit: tuple[float, float, float, float] | None = None,
) -> Projection:
    """Return the projection that shows ``box`` whole and centred in ``rect``.

    ``box`` is (west, south, east, north) in degrees; ``rect`` is (left, top, width, height) in
    px. The box is widened in one direction to the rectangle's aspect; if ``limit`` (a box in
    degrees) is given, the result is shifted to stay inside it where it fits.

    Raises:
        ValueError: the box or the rectangle is empty.
    """
    west, south, east, north = box
    left, top, width, height = rect
    if not (east > west and north > south and width > 0 and height > 0):
        raise ValueError(f"cannot fit box {box} into rectangle {rect}")
    # The aspect depends on the middle latitude, which moves as the box grows: iterate a little.
    for _ in range(3):
        kx = math.cos(math.radians((south + north) / 2))
        span_x, span_y = (east - west) * kx, north - south
        if span_x / span_y > width / height:
            grow = (span_x * height / width - span_y) / 2
            south, north = south - grow, north + grow
        else:
            grow = (span_y * width / height - span_x) / kx / 2
            west, east = west - grow, east + grow
        south, north = max(south, -85.0), min(north, 85.0)
    if limit is not None:
        west, east = _shift_inside(west, east, limit[0], limit[2])
        south, north = _shift_inside(south, north, limit[1], limit[3])
    return Projection(west, south, east, north, left, top, width, height)


def _shift_inside(low: float, high: float, floor: float, ceiling: float) -> tuple[float, float]:
    if high - low >= ceiling - floor:
        middle = (low + high) / 2
        half = (high - low) / 2
        return middle - half, middle + half
    if low < floor:
        return floor, high + floor - low
    if high > ceiling:
        return low - (high - ceiling), ceiling
    return low, high
