"""Build the basemap shipped in ``src/kimtravel/basemap/countries.json`` from Natural Earth.

Source: Natural Earth Admin 0 countries at 1:50m (public domain), as redistributed in TopoJSON by
the npm package ``world-atlas`` (``countries-50m.json``). Steps:

1. decode the TopoJSON arcs (delta-encoded, quantized) to longitude/latitude;
2. simplify each *arc* with Douglas-Peucker (arcs are shared by neighbouring countries, so a
   border is simplified once and neighbours still meet without gaps or slivers);
3. assemble each country's rings from its arcs, with longitudes made continuous across the
   antimeridian;
4. clip every ring to the region box (Sutherland-Hodgman against a rectangle);
5. drop rings that became degenerate or smaller than ``--min-area`` square degrees;
6. round coordinates to ``--digits`` decimals, store each ring as integer deltas (the first
   point, then the difference to the previous one) and write compact JSON.

Usage::

    python tools/make_basemap.py                    # npm-installs world-atlas into a temp dir
    python tools/make_basemap.py --topojson PATH    # use a countries-50m.json already on disk

Needs ``npm`` (unless ``--topojson`` is given) and, to map ISO numeric ids to alpha-2 codes,
``pycountry`` (a build-time tool only; the runtime needs neither).
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

WORLD_ATLAS_VERSION = "2.0.2"
DEFAULT_BBOX = (-30.0, -20.0, 180.0, 84.0)
"""West, south, east, north in degrees: Iceland and Mauritania to Chukotka, Java to the Arctic."""
DEFAULT_TOLERANCE = 0.02
DEFAULT_DIGITS = 2
DEFAULT_MIN_AREA = 0.01
OUTPUT = Path(__file__).resolve().parent.parent / "src" / "kimtravel" / "basemap" / "countries.json"

# Natural Earth features without an ISO numeric id: codes in common use (user-assigned XK etc.).
_NO_ID = {
    "Kosovo": "XK",
    "N. Cyprus": "CY-NC",
    "Somaliland": "SO-SL",
    "Siachen Glacier": "IN-SG",
    "Indian Ocean Ter.": "AU-IOT",
}

Point = tuple[float, float]
Ring = list[Point]


def fetch_topojson(workdir: Path) -> Path:
    """Install ``world-atlas`` with npm into ``workdir`` and return its ``countries-50m.json``.

    Raises:
        subprocess.CalledProcessError: npm failed.
    """
    subprocess.run(
        [
            "npm",
            "install",
            "--no-save",
            "--prefix",
            str(workdir),
            f"world-atlas@{WORLD_ATLAS_VERSION}",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return workdir / "node_modules" / "world-atlas" / "countries-50m.json"


def decode_arcs(topology: dict[str, Any]) -> list[list[Point]]:
    """Return the topology's arcs as lists of (lon, lat), undoing quantization and deltas."""
    scale_x, scale_y = topology["transform"]["scale"]
    dx, dy = topology["transform"]["translate"]
    arcs: list[list[Point]] = []
    for arc in topology["arcs"]:
        x = y = 0
        points: list[Point] = []
        for qx, qy in arc:
            x += qx
            y += qy
            points.append((x * scale_x + dx, y * scale_y + dy))
        arcs.append(points)
    return arcs


def _segment_distance(p: Point, a: Point, b: Point) -> float:
    ax, ay = a
    bx, by = b
    px, py = p
    vx, vy = bx - ax, by - ay
    length2 = vx * vx + vy * vy
    if length2 == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * vx + (py - ay) * vy) / length2))
    return math.hypot(px - ax - t * vx, py - ay - t * vy)


def douglas_peucker(points: Sequence[Point], tolerance: float) -> list[Point]:
    """Return ``points`` simplified with Douglas-Peucker; the first and last points are kept."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, index = 0.0, -1
        for i in range(first + 1, last):
            d = _segment_distance(points[i], points[first], points[last])
            if d > worst:
                worst, index = d, i
        if index >= 0 and worst > tolerance:
            keep[index] = True
            stack.extend(((first, index), (index, last)))
    return [p for p, k in zip(points, keep, strict=True) if k]


def assemble_ring(indices: Sequence[int], arcs: Sequence[Sequence[Point]]) -> Ring:
    """Return the ring made by joining arcs (``~i`` means arc ``i`` reversed)."""
    ring: Ring = []
    for index in indices:
        arc = list(arcs[~index])[::-1] if index < 0 else list(arcs[index])
        ring.extend(arc[1:] if ring else arc)
    return ring


def unwrap_ring(ring: Ring) -> Ring:
    """Return the ring with longitudes made continuous across the antimeridian (may exceed 180).

    A ring that crosses the antimeridian (Chukotka) would otherwise be clipped into a band
    across the whole map.
    """
    out: Ring = []
    offset = 0.0
    previous: float | None = None
    for lon, lat in ring:
        if previous is not None:
            if lon + offset - previous > 180:
                offset -= 360
            elif lon + offset - previous < -180:
                offset += 360
        out.append((lon + offset, lat))
        previous = lon + offset
    if out and min(p[0] for p in out) < -180:
        out = [(lon + 360, lat) for lon, lat in out]
    return out


def _clip_edge(ring: Ring, inside: Any, cross: Any) -> Ring:
    out: Ring = []
    if not ring:
        return out
    prev = ring[-1]
    for cur in ring:
        if inside(cur):
            if not inside(prev):
                out.append(cross(prev, cur))
            out.append(cur)
        elif inside(prev):
            out.append(cross(prev, cur))
        prev = cur
    return out


def clip_ring(ring: Ring, bbox: tuple[float, float, float, float]) -> Ring:
    """Return ``ring`` clipped to the rectangle ``bbox`` (west, south, east, north)."""
    west, south, east, north = bbox

    def at_x(x: float) -> Any:
        def cross(p: Point, q: Point) -> Point:
            t = (x - p[0]) / (q[0] - p[0])
            return (x, p[1] + t * (q[1] - p[1]))

        return cross

    def at_y(y: float) -> Any:
        def cross(p: Point, q: Point) -> Point:
            t = (y - p[1]) / (q[1] - p[1])
            return (p[0] + t * (q[0] - p[0]), y)

        return cross

    if ring and ring[0] == ring[-1]:
        ring = ring[:-1]
    ring = _clip_edge(ring, lambda p: p[0] >= west, at_x(west))
    ring = _clip_edge(ring, lambda p: p[0] <= east, at_x(east))
    ring = _clip_edge(ring, lambda p: p[1] >= south, at_y(south))
    ring = _clip_edge(ring, lambda p: p[1] <= north, at_y(north))
    return ring


def ring_area(ring: Sequence[Point]) -> float:
    """Return the absolute area of a ring in square degrees (shoelace formula)."""
    total = 0.0
    for (x1, y1), (x2, y2) in zip(ring, [*ring[1:], ring[0]], strict=True):
        total += x1 * y2 - x2 * y1
    return abs(total) / 2


def encode_ring(ring: Ring, digits: int) -> list[int]:
    """Return the ring as flat integers: the first point, then deltas, in units of 10**-digits.

    Coordinates are rounded to ``digits`` decimals; repeated points (after rounding) and a
    closing point equal to the first are removed.
    """
    factor = 10**digits
    points: list[tuple[int, int]] = []
    for lon, lat in ring:
        point = (round(lon * factor), round(lat * factor))
        if not points or point != points[-1]:
            points.append(point)
    if len(points) > 1 and points[0] == points[-1]:
        points.pop()
    flat: list[int] = []
    last = (0, 0)
    for x, y in points:
        flat.extend((x - last[0], y - last[1]))
        last = (x, y)
    return flat


def alpha2(numeric: str | None, name: str) -> str:
    """Return the ISO 3166-1 alpha-2 code for a Natural Earth feature (or a stand-in code)."""
    if numeric is None:
        return _NO_ID[name]
    import pycountry

    country = pycountry.countries.get(numeric=numeric)
    if country is None:
        raise KeyError(f"no ISO 3166-1 country with numeric code {numeric} ({name})")
    return str(country.alpha_2)


def build(
    topology: dict[str, Any],
    bbox: tuple[float, float, float, float],
    tolerance: float,
    digits: int,
    min_area: float,
    source: str,
) -> dict[str, Any]:
    """Return the basemap document: countries in ``bbox`` with simplified, rounded polygons."""
    arcs = [douglas_peucker(arc, tolerance) for arc in decode_arcs(topology)]
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        name = geometry["properties"]["name"]
        shapes: list[list[list[int]]] = []
        for polygon in polygons:
            rings: list[list[int]] = []
            for k, indices in enumerate(polygon):
                ring = clip_ring(unwrap_ring(assemble_ring(indices, arcs)), bbox)
                if len(ring) < 3 or ring_area(ring) < min_area:
                    if k == 0:
                        break  # the outer ring is gone: drop the holes too
                    continue
                flat = encode_ring(ring, digits)
                if len(flat) >= 6:
                    rings.append(flat)
                elif k == 0:
                    break
            if rings:
                shapes.append(rings)
        if shapes:
            numeric = geometry.get("id")
            countries.append(
                {
                    "code": alpha2(numeric, name),
                    "numeric": numeric,
                    "name": name,
                    "polygons": shapes,
                }
            )
    countries.sort(key=lambda c: c["code"])
    return {
        "source": source,
        "license": "public domain (Natural Earth)",
        "bbox": list(bbox),
        "tolerance_deg": tolerance,
        "digits": digits,
        "min_area_deg2": min_area,
        "format": "polygons: list of polygons; polygon: outer ring then holes; ring: flat integers "
        "[lon0, lat0, dlon1, dlat1, ...]: the first point then deltas, in units of 10**-digits "
        "degrees; rings are implicitly closed",
        "countries": countries,
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topojson", type=Path, help="countries-50m.json (default: npm install)")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument(
        "--bbox",
        type=float,
        nargs=4,
        default=DEFAULT_BBOX,
        metavar=("WEST", "SOUTH", "EAST", "NORTH"),
    )
    parser.add_argument(
        "--tolerance",
        type=float,
        default=DEFAULT_TOLERANCE,
        help="Douglas-Peucker tolerance in degrees",
    )
    parser.add_argument("--digits", type=int, default=DEFAULT_DIGITS)
    parser.add_argument(
        "--min-area",
        type=float,
        default=DEFAULT_MIN_AREA,
        help="drop rings smaller than this many square degrees",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.topojson or fetch_topojson(Path(tmp))
        topology = json.loads(path.read_text(encoding="utf-8"))
        version = WORLD_ATLAS_VERSION
        package = path.parent / "package.json"
        if package.exists():
            version = json.loads(package.read_text(encoding="utf-8"))["version"]
    source = (
        f"Natural Earth 4.1.0 Admin 0 countries, 1:50m, via npm world-atlas {version} "
        "(countries-50m.json)"
    )
    document = build(topology, tuple(args.bbox), args.tolerance, args.digits, args.min_area, source)
    text = json.dumps(document, separators=(",", ":"), ensure_ascii=False)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text + "\n", encoding="utf-8")
    points = sum(len(r) // 2 for c in document["countries"] for p in c["polygons"] for r in p)
    print(
        f"{args.output}: {len(document['countries'])} countries, {points} points, "
        f"{len(text) + 1} bytes",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
