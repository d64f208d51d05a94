"""Country borders shipped with kimtravel, and questions about points and countries.

The borders are Natural Earth's 1:50m Admin 0 countries (public domain), clipped to the region the
journeys cover (:func:`region`), simplified and rounded (``tools/make_basemap.py`` makes
``basemap/countries.json``). They answer a validator's question "is this point in country CC?" to
within a few kilometres, and give the map its land. Nothing is downloaded; the file is read once,
on first use.

Former states (``SUHH``, ``DDDE``, ``YUCS``, ``CSHH``, ``VDVN``) are answered with the union of
the present-day countries holding their territory (:data:`FORMER_STATES`).
"""

from __future__ import annotations

import functools
import itertools
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources

from kimtravel.models import EARTH_RADIUS_KM, haversine_km

KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180

Point = tuple[float, float]
"""(longitude, latitude) in degrees."""
Ring = tuple[Point, ...]
Polygon = tuple[Ring, ...]
"""An outer ring followed by its holes."""

FORMER_STATES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "SUHH": (
        "SU",
        "Soviet Union",
        ("RU", "UA", "BY", "MD", "LT", "LV", "EE", "GE", "AM", "AZ", "KZ", "UZ", "TM", "KG", "TJ"),
    ),
    "DDDE": ("DD", "East Germany", ("DE",)),
    "YUCS": ("YU", "Yugoslavia", ("RS", "HR", "SI", "BA", "MK", "ME", "XK")),
    "CSHH": ("CS", "Czechoslovakia", ("CZ", "SK")),
    "VDVN": ("VD", "North Vietnam", ("VN",)),
}
"""ISO 3166-3 code -> (former alpha-2, short name, present-day countries on its territory)."""


@dataclass(frozen=True, slots=True)
class CountryShape:
    """One country's borders as shipped.

    Attributes:
        code: ISO 3166-1 alpha-2 (or a stand-in such as ``CY-NC`` for a feature without one).
        name: Natural Earth's short name (``Dem. Rep. Korea`` is ``North Korea`` here).
        polygons: the country's polygons, each an outer ring and its holes, as (lon, lat).
        bbox: (west, south, east, north) of all its polygons.
    """

    code: str
    name: str
    polygons: tuple[Polygon, ...]
    bbox: tuple[float, float, float, float]

    def rings(self) -> Iterator[Ring]:
        """Yield every ring (outer rings and holes) of every polygon."""
        for polygon in self.polygons:
            yield from polygon


@dataclass(frozen=True, slots=True)
class Basemap:
    """The shipped basemap: its provenance, region and countries (by code)."""

    source: str
    region: tuple[float, float, float, float]
    countries: dict[str, CountryShape]


def decode_ring(flat: list[int], unit: float) -> Ring:
    """Return the ring stored as integer deltas in units of ``unit`` degrees, as (lon, lat).

    See ``tools/make_basemap.py`` for the encoding (the first point, then differences).
    """
    points = []
    x = y = 0
    for i in range(0, len(flat) - 1, 2):
        x += flat[i]
        y += flat[i + 1]
        points.append((round(x * unit, 6), round(y * unit, 6)))
    return tuple(points)


def _bbox(rings: Iterator[Ring]) -> tuple[float, float, float, float]:
    west = south = math.inf
    east = north = -math.inf
    for ring in rings:
        for lon, lat in ring:
            west, east = min(west, lon), max(east, lon)
            south, north = min(south, lat), max(north, lat)
    return west, south, east, north


@functools.cache
def basemap() -> Basemap:
    """Return the shipped basemap, reading ``kimtravel/basemap/countries.json`` on the first call.

    Raises:
        FileNotFoundError: the basemap file is missing from the installation.
        ValueError: the file is not the JSON document ``tools/make_basemap.py`` writes.
    """
    path = resources.files("kimtravel").joinpath("basemap", "countries.json")
    document = json.loads(path.read_text(encoding="utf-8"))
    countries: dict[str, CountryShape] = {}
    try:
        unit = 10.0 ** -int(document["digits"])
        for item in document["countries"]:
            polygons = tuple(
                tuple(decode_ring(r, unit) for r in polygon) for polygon in item["polygons"]
            )
            rings = (ring for polygon in polygons for ring in polygon)
            countries[item["code"]] = CountryShape(
                item["code"], item["name"], polygons, _bbox(rings)
            )
        west, south, east, north = (float(v) for v in document["bbox"])
        return Basemap(str(document["source"]), (west, south, east, north), countries)
    except (KeyError, TypeError, IndexError) as error:
        raise ValueError(f"the basemap file is malformed: {error!r}") from error


def region() -> tuple[float, float, float, float]:
    """Return the (west, south, east, north) box the shipped borders cover."""
    return basemap().region


def in_region(lat: float, lon: float) -> bool:
    """Return whether a point lies in the region the shipped borders cover."""
    west, south, east, north = region()
    return west <= lon <= east and south <= lat <= north


def country_name(code: str) -> str:
    """Return a short English name for a country code (former states included).

    Falls back to the code itself for a code the basemap does not know.
    """
    if code in FORMER_STATES:
        return FORMER_STATES[code][1]
    shape = basemap().countries.get(code)
    return shape.name if shape else code


def member_codes(code: str) -> tuple[str, ...]:
    """Return the basemap codes whose union is ``code`` (a former state's successors, or itself)."""
    if code in FORMER_STATES:
        return FORMER_STATES[code][2]
    return (code,)


def _ring_contains(ring: Ring, lon: float, lat: float) -> bool:
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def _polygon_contains(polygon: Polygon, lon: float, lat: float) -> bool:
    return _ring_contains(polygon[0], lon, lat) and not any(
        _ring_contains(hole, lon, lat) for hole in polygon[1:]
    )


def _shape_contains(shape: CountryShape, lon: float, lat: float) -> bool:
    west, south, east, north = shape.bbox
    if not (west <= lon <= east and south <= lat <= north):
        return False
    return any(_polygon_contains(p, lon, lat) for p in shape.polygons)


def country_at(lat: float, lon: float) -> str | None:
    """Return the code of the country whose shipped polygon contains the point.

    Returns ``None`` for a point at sea, outside :func:`region`, or in a gap left by
    simplification (use :func:`in_country` with a tolerance for coastal points).
    """
    for code, shape in basemap().countries.items():
        if _shape_contains(shape, lon, lat):
            return code
    return None


def _ring_distance_km(ring: Ring, lon: float, lat: float) -> float:
    """Return the distance from the point to the ring's edges on a local flat approximation."""
    kx = KM_PER_DEGREE * math.cos(math.radians(lat))
    ky = KM_PER_DEGREE
    best = math.inf
    prev = ring[-1]
    for cur in ring:
        ax, ay = (prev[0] - lon) * kx, (prev[1] - lat) * ky
        bx, by = (cur[0] - lon) * kx, (cur[1] - lat) * ky
        vx, vy = bx - ax, by - ay
        length2 = vx * vx + vy * vy
        t = 0.0 if length2 == 0 else max(0.0, min(1.0, -(ax * vx + ay * vy) / length2))
        best = min(best, math.hypot(ax + t * vx, ay + t * vy))
        prev = cur
    return best


def distance_to_country_km(code: str, lat: float, lon: float) -> float:
    """Return how far the point lies outside country ``code``'s shipped borders, in km.

    Returns 0.0 for a point inside. Distances are approximate (flat-earth near the point) and
    meant for tolerances of tens of kilometres.

    Raises:
        KeyError: the basemap has no country ``code`` (nor, for a former state, any successor).
    """
    shapes = [basemap().countries[c] for c in member_codes(code) if c in basemap().countries]
    if not shapes:
        raise KeyError(f"the basemap has no country {code!r}")
    if any(_shape_contains(s, lon, lat) for s in shapes):
        return 0.0
    return min(_ring_distance_km(ring, lon, lat) for s in shapes for ring in s.rings())


DEFAULT_TOLERANCE_KM = 15.0
"""Default slack of :func:`in_country`: 1:50m lacks small islands (Russky Island, Vladivostok,
is absent: its aquarium lies 10.3 km off the mainland polygon) and simplifies borders by ~2 km
(Panmunjom's Peace House lies 2.3 km outside the South Korean polygon)."""


def in_country(
    code: str, lat: float, lon: float, tolerance_km: float = DEFAULT_TOLERANCE_KM
) -> bool:
    """Return whether the point lies in country ``code`` or within ``tolerance_km`` of its border.

    The tolerance absorbs the scale and simplification of the shipped borders and places on
    the shore (see :data:`DEFAULT_TOLERANCE_KM`); it still catches a swapped or mis-signed
    coordinate or a place put in the wrong country. A former state's code tests the union of
    its present-day successors.

    Raises:
        KeyError: the basemap has no country ``code``.
        ValueError: the point lies outside the region the shipped borders cover, where the
            answer would be meaningless.
    """
    if not in_region(lat, lon):
        raise ValueError(f"({lat}, {lon}) lies outside the basemap region {region()}")
    return distance_to_country_km(code, lat, lon) <= tolerance_km


@dataclass(frozen=True, slots=True)
class Stretch:
    """A stretch of a straight line between two points, over one country or over water.

    Attributes:
        start, end: where the stretch begins and ends, as fractions (0 to 1) of the line.
        country: the country it lies in, or ``None`` over water (or outside :func:`region`).
        km: its length in km.
    """

    start: float
    end: float
    country: str | None
    km: float


def _crossing(a: Point, b: Point, c: Point, d: Point) -> float | None:
    """Return where segment a-b crosses segment c-d, as a fraction of a-b, or ``None``."""
    rx, ry = b[0] - a[0], b[1] - a[1]
    sx, sy = d[0] - c[0], d[1] - c[1]
    denominator = rx * sy - ry * sx
    if denominator == 0:
        return None
    qx, qy = c[0] - a[0], c[1] - a[1]
    t = (qx * sy - qy * sx) / denominator
    u = (qx * ry - qy * rx) / denominator
    return t if 0.0 < t < 1.0 and 0.0 <= u <= 1.0 else None


@functools.cache
def stretches(lat1: float, lon1: float, lat2: float, lon2: float) -> tuple[Stretch, ...]:
    """Return the stretches of the line a map draws between two points, land and water.

    The line is straight in longitude and latitude (how the maps draw a ground leg). It is cut
    where it crosses a shipped border or coast, and each piece is given the country holding its
    middle (``None`` at sea); neighbouring pieces in one country are joined.
    """
    a, b = (lon1, lat1), (lon2, lat2)
    west, east = min(lon1, lon2), max(lon1, lon2)
    south, north = min(lat1, lat2), max(lat1, lat2)
    cuts = {0.0, 1.0}
    for shape in basemap().countries.values():
        s_west, s_south, s_east, s_north = shape.bbox
        if s_east < west or s_west > east or s_north < south or s_south > north:
            continue
        for ring in shape.rings():
            prev = ring[-1]
            for cur in ring:
                if not (
                    max(prev[0], cur[0]) < west
                    or min(prev[0], cur[0]) > east
                    or max(prev[1], cur[1]) < south
                    or min(prev[1], cur[1]) > north
                ):
                    t = _crossing(a, b, prev, cur)
                    if t is not None:
                        cuts.add(t)
                prev = cur
    ordered = sorted(cuts)
    pieces: list[Stretch] = []
    for cut, t1 in itertools.pairwise(ordered):
        if t1 - cut < 1e-12:
            continue
        mid = (cut + t1) / 2
        code = country_at(lat1 + mid * (lat2 - lat1), lon1 + mid * (lon2 - lon1))
        t0 = pieces.pop().start if pieces and pieces[-1].country == code else cut
        km = haversine_km(
            lat1 + t0 * (lat2 - lat1),
            lon1 + t0 * (lon2 - lon1),
            lat1 + t1 * (lat2 - lat1),
            lon1 + t1 * (lon2 - lon1),
        )
        pieces.append(Stretch(t0, t1, code, km))
    return tuple(pieces)


def water_km(
    lat1: float, lon1: float, lat2: float, lon2: float, *, shore_km: float = DEFAULT_TOLERANCE_KM
) -> float:
    """Return the longest stretch over water of the straight line between two points, in km.

    A stretch of water at either end shorter than ``shore_km`` does not count: a place on the
    shore or on a small island may lie that far off the shipped coast (see
    :data:`DEFAULT_TOLERANCE_KM`).
    """
    pieces = stretches(lat1, lon1, lat2, lon2)
    longest = 0.0
    for i, piece in enumerate(pieces):
        if piece.country is not None:
            continue
        at_end = i == 0 or i == len(pieces) - 1
        if at_end and piece.km <= shore_km:
            continue
        longest = max(longest, piece.km)
    return longest
