"""Legs as lines on a map: which legs to draw, their pixel paths, and their SVG in each mode's style.

Ground legs are straight lines between their places (legs are already station to station); a
flight is its great circle, bowed a little so that it reads as a flight and so that an outbound
and a return flight between the same places stay apart.

A straight line only stands for a railway or a road where one could run there. A surface leg
(train, car, on foot) whose line would cross the sea, or that runs thousands of kilometres with
no stop in between, is drawn as a *connection*: a thin dash-dot line in its mode's colour that
says the two places were linked without pretending to show the way (:func:`route_unreported`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kimtravel import geo, svg
from kimtravel.models import Leg, Place, Trip, haversine_km
from kimtravel.projection import Projection
from kimtravel.style import connection_style, mode_style

SURFACE_MODES = ("train", "car", "foot")
"""Modes whose leg follows the ground: drawn straight only where the straight line could be it."""
WATER_TOLERANCE_KM = 15.0
"""Longest stretch of water a surface leg's straight line may cross and keep its mode's style:
a river, a strait, a bay's tip, or a coast the 1:50m borders simplify (see
:data:`kimtravel.geo.DEFAULT_TOLERANCE_KM`)."""
SHORE_KM = 30.0
"""Water at either end of a line up to this long is the place lying off the shipped coast (an
island the 1:50m data lacks, a place in a bay), not a crossing."""
LONG_LEG_KM = 2500.0
"""A surface leg this long has stops no source reports: its straight line is no route."""


@dataclass(frozen=True, slots=True)
class DrawnLeg:
    """A leg drawn on the map: trip id, sequence, mode and the pixel points of its line.

    ``connection`` is true for a surface leg drawn as a connection whose route is not reported
    (see :func:`route_unreported`).
    """

    trip_id: str
    seq: int
    mode: str
    points: tuple[tuple[float, float], ...]
    connection: bool = False


def has_coordinates(place: Place) -> bool:
    lat = getattr(place, "latitude", None)
    lon = getattr(place, "longitude", None)
    return isinstance(lat, int | float) and isinstance(lon, int | float)


def route_unreported(leg: Leg) -> bool:
    """Return whether a leg is drawn as a connection rather than in its mode's style.

    True for a surface leg (:data:`SURFACE_MODES`) with coordinates at both ends whose straight
    line crosses more than :data:`WATER_TOLERANCE_KM` of water (checked against the shipped
    coasts), or that is :data:`LONG_LEG_KM` or longer. The data records only the stops sources
    give; the picture must not draw a railway across a sea or a steppe no source names.
    """
    if leg.mode not in SURFACE_MODES:
        return False
    o, d = leg.origin, leg.destination
    if not (has_coordinates(o) and has_coordinates(d)):
        return False
    if haversine_km(o.latitude, o.longitude, d.latitude, d.longitude) >= LONG_LEG_KM:
        return True
    water = geo.water_km(o.latitude, o.longitude, d.latitude, d.longitude, shore_km=SHORE_KM)
    return water > WATER_TOLERANCE_KM


def great_circle(
    lat1: float, lon1: float, lat2: float, lon2: float, steps: int = 32
) -> list[tuple[float, float]]:
    """Return (lat, lon) points along the great circle between two points."""
    p1, l1, p2, l2 = map(math.radians, (lat1, lon1, lat2, lon2))
    a = (math.cos(p1) * math.cos(l1), math.cos(p1) * math.sin(l1), math.sin(p1))
    b = (math.cos(p2) * math.cos(l2), math.cos(p2) * math.sin(l2), math.sin(p2))
    omega = math.acos(max(-1.0, min(1.0, sum(x * y for x, y in zip(a, b, strict=True)))))
    if omega < 1e-9:
        return [(lat1, lon1), (lat2, lon2)]
    out = []
    for i in range(steps + 1):
        t = i / steps
        f1 = math.sin((1 - t) * omega) / math.sin(omega)
        f2 = math.sin(t * omega) / math.sin(omega)
        x, y, z = (f1 * u + f2 * v for u, v in zip(a, b, strict=True))
        out.append((math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x))))
    return out


def air_path(proj: Projection, origin: Place, destination: Place) -> list[tuple[float, float]]:
    """Return pixel points of a flight: the great circle, bowed so that it reads as an arc."""
    points = [
        proj.project(lat, lon)
        for lat, lon in great_circle(
            origin.latitude, origin.longitude, destination.latitude, destination.longitude
        )
    ]
    (x0, y0), (x1, y1) = points[0], points[-1]
    length = math.hypot(x1 - x0, y1 - y0)
    if length < 1:
        return points
    # Bow to the left of the direction of travel (so an outbound and a return flight separate),
    # less where the great circle already curves on the map.
    nx, ny = (y1 - y0) / length, -(x1 - x0) / length
    mx, my = points[len(points) // 2]
    curve = (mx - x0) * nx + (my - y0) * ny  # > 0: the great circle already bends left
    bow = 0.0 if abs(curve) >= 0.12 * length else 0.12 * length - curve
    n = len(points) - 1
    return [
        (x + nx * bow * math.sin(math.pi * i / n), y + ny * bow * math.sin(math.pi * i / n))
        for i, (x, y) in enumerate(points)
    ]


MIN_VISIBLE_PX = 3.0
"""A leg showing less than this between its two markers is not drawn."""


def legs_to_draw(
    trips: Sequence[Trip],
    proj: Projection,
    marker_of: Mapping[str, str],
    *,
    radius_of: Mapping[str, float] | None = None,
    moved: Mapping[str, tuple[float, float]] | None = None,
) -> list[DrawnLeg]:
    """Return the legs to draw, in pixels, in the trips' order.

    ``marker_of`` maps a place id to the marker that shows it. A leg without coordinates at
    either end is not drawn (the caller lists it as left off); nor is a leg whose two ends
    share one marker at this scale (a car ride across town would hide
    under the marker, and its mode would be in the legend with nothing to show for it), nor,
    given ``radius_of`` (marker key -> radius), one that would show less than
    :data:`MIN_VISIBLE_PX` between its markers. ``moved`` maps a place id to where its marker
    was set aside (see :mod:`kimtravel.maps`): a ground leg ends there.
    """
    drawn = []
    for trip in trips:
        for leg in trip.legs:
            if not (has_coordinates(leg.origin) and has_coordinates(leg.destination)):
                continue
            a, b = marker_of.get(leg.origin.id, "a"), marker_of.get(leg.destination.id, "b")
            if a == b:
                continue
            if mode_style(leg.mode).curved:
                pts = air_path(proj, leg.origin, leg.destination)
            else:
                ends = (leg.origin, leg.destination)
                pts = [
                    (moved or {}).get(p.id) or proj.project(p.latitude, p.longitude) for p in ends
                ]
            if radius_of is not None:
                (x0, y0), (x1, y1) = pts[0], pts[-1]
                room = math.hypot(x1 - x0, y1 - y0) - radius_of.get(a, 0) - radius_of.get(b, 0)
                if room < MIN_VISIBLE_PX:
                    continue
            drawn.append(
                DrawnLeg(trip.id, leg.seq, leg.mode, tuple(pts), connection=route_unreported(leg))
            )
    return drawn


def leg_element(leg: DrawnLeg) -> str:
    """Return a leg's SVG: its mode's line, or a connection's thin dash-dot line."""
    style = connection_style(leg.mode) if leg.connection else mode_style(leg.mode)
    d = svg.path_data(leg.points)
    common = {"fill": "none", "stroke_linecap": "round", "stroke_linejoin": "round"}
    parts = []
    if style.ties:
        parts.append(
            svg.element(
                "path",
                d=d,
                stroke=style.colour,
                stroke_width=6.0,
                stroke_dasharray="1.3 6",
                **{**common, "stroke_linecap": "butt"},
            )
        )
    parts.append(
        svg.element(
            "path",
            d=d,
            stroke=style.colour,
            stroke_width=style.width,
            stroke_dasharray=style.dash,
            **common,
        )
    )
    return svg.element(
        "g",
        "".join(parts),
        class_="leg",
        data_trip=leg.trip_id,
        data_seq=leg.seq,
        data_mode=leg.mode,
        data_route="not-reported" if leg.connection else None,
    )


def legend_swatch(
    mode: str, x: float, y: float, length: float = 30.0, *, connection: bool = False
) -> str:
    """Return a sample of a mode's line, ``length`` px long from (x, y), as drawn on the map.

    ``connection`` draws the sample of a connection whose route is not reported.
    """
    leg = DrawnLeg("legend", 0, mode, ((x, y), (x + length, y)), connection=connection)
    if mode_style(mode).curved and not connection:
        k = length / 30.0
        leg = DrawnLeg(
            "legend",
            0,
            mode,
            ((x, y + 3 * k), (x + 8 * k, y - k), (x + 22 * k, y - k), (x + length, y + 3 * k)),
        )
    return leg_element(leg)
