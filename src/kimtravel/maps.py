"""Maps of journeys as SVG: land and borders, each leg in its mode's style, places and a legend.

:func:`render_map` returns the SVG text; :func:`layout_map` returns it with the layout behind it
(projection, label boxes, modes drawn, legs left off) for tests and callers who place more on it.
Standard library only: the borders come from :mod:`kimtravel.geo`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from kimtravel import geo, svg
from kimtravel.labels import (
    Box,
    LabelRequest,
    Placement,
    candidate,
    marker_box,
    place_labels,
    shared_town,
    short_name,
)
from kimtravel.models import Place, Trip, haversine_km
from kimtravel.projection import Projection, fit
from kimtravel.routes import (
    DrawnLeg,
    great_circle,
    has_coordinates,
    leg_element,
    legend_swatch,
    legs_to_draw,
    route_unreported,
)
from kimtravel.style import (
    BORDER,
    GRATICULE,
    HOME,
    INK,
    LAND,
    MUTED,
    SEA,
    connection_style,
    legend_order,
    mode_style,
)

HOME_NAME = "Pyongyang"
HOME_COUNTRY = "KP"
HOME_LAT, HOME_LON = 39.0194, 125.7381
HOME_MERGE_KM = 3.0
"""Places this close to Pyongyang's centre are drawn as the home marker."""
MARKER_RADIUS = 3.5
HOME_LABEL_SIZE = 12.0
HOME_RADIUS = 7.0
TITLE_HEIGHT = 34.0
TITLE_SIZE = 17.0
FOOTER_LINE = 18.0
ATTRIBUTION = "Basemap: Natural Earth (public domain). Data: kimtravel"


@dataclass(frozen=True, slots=True)
class Marker:
    """A marker on the map: its key (first place id), name, pixel position and radius.

    Places closer than a marker's width at the map's scale share one marker (a station next
    to its city); ``places`` lists their ids, the marker's own place first.
    """

    key: str
    name: str
    x: float
    y: float
    radius: float
    home: bool = False
    places: tuple[str, ...] = ()
    at: tuple[float, float] | None = None
    """Where the place lies when the marker is set aside from the home star (else ``None``)."""


@dataclass(frozen=True, slots=True)
class MapLayout:
    """A rendered map and what was laid out on it.

    Attributes:
        svg: the SVG document.
        projection: degrees -> px for the map frame.
        modes: the modes drawn in their own style, in legend order (the legend lists exactly
            these).
        connections: the modes with a leg drawn as a connection whose route is not reported
            (:func:`kimtravel.routes.route_unreported`), each with its own legend entry.
        legs: the legs drawn.
        markers: the places marked.
        labels: the labels placed.
        dropped_labels: names of places whose label found no free position.
        left_off: one line per leg or event that could not be drawn, saying why.
        unplaced: the trips' countries with no place on the map (:func:`unplaced_countries`),
            named in the footer.
    """

    svg: str
    width: float
    height: float
    projection: Projection
    modes: tuple[str, ...]
    connections: tuple[str, ...]
    legs: tuple[DrawnLeg, ...]
    markers: tuple[Marker, ...]
    labels: tuple[Placement, ...]
    dropped_labels: tuple[str, ...]
    left_off: tuple[str, ...]
    unplaced: tuple[str, ...] = ()


def _is_home(place: Place) -> bool:
    return haversine_km(place.latitude, place.longitude, HOME_LAT, HOME_LON) <= HOME_MERGE_KM


def _frame(points: Sequence[tuple[float, float]]) -> tuple[float, float, float, float]:
    """Return (west, south, east, north) around (lat, lon) points with a margin."""
    if not points:
        return HOME_LON - 8, HOME_LAT - 6, HOME_LON + 8, HOME_LAT + 6
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    south, north, west, east = min(lats), max(lats), min(lons), max(lons)
    span = max(north - south, (east - west) * math.cos(math.radians((north + south) / 2)), 3.0)
    margin = max(0.15 * span, 1.0)
    return west - margin / 0.8, south - margin, east + margin / 0.8, north + margin


@dataclass(frozen=True, slots=True)
class PlaceCounts:
    """What the trips did at a place (or a marker's places).

    Attributes:
        trips: ids of the trips that reach it (a leg's end or an event).
        events: how many events took place there.
        mentions: how many legs' ends and events name it.
        city: whether it is (or holds) a city.
    """

    trips: frozenset[str]
    events: int
    mentions: int
    city: bool


def place_counts(trips: Sequence[Trip]) -> tuple[dict[str, Place], dict[str, PlaceCounts]]:
    """Return the trips' places with coordinates by id, and what happened at each."""
    found: dict[str, Place] = {}
    reached: dict[str, set[str]] = {}
    events: dict[str, int] = {}
    mentions: dict[str, int] = {}
    for trip in trips:
        ends = [p for leg in trip.legs for p in (leg.origin, leg.destination)]
        for place in ends + [e.place for e in trip.events]:
            if has_coordinates(place):
                found.setdefault(place.id, place)
                reached.setdefault(place.id, set()).add(trip.id)
                mentions[place.id] = mentions.get(place.id, 0) + 1
        for event in trip.events:
            events[event.place.id] = events.get(event.place.id, 0) + 1
    counts = {
        k: PlaceCounts(frozenset(reached[k]), events.get(k, 0), mentions[k], p.kind == "city")
        for k, p in found.items()
    }
    return found, counts


def merged_counts(counts: Sequence[PlaceCounts]) -> PlaceCounts:
    """Return the counts of a marker holding places with these counts."""
    return PlaceCounts(
        frozenset().union(*(c.trips for c in counts)),
        sum(c.events for c in counts),
        sum(c.mentions for c in counts),
        any(c.city for c in counts),
    )


def label_priority(counts: PlaceCounts) -> tuple[int, int, int, int]:
    """Return a marker's sort key for labelling: destinations and cities first, then by trips.

    A marker holding a city or a place where something happened (an event) comes before one
    of stations and venues passed through; then the more trips reach it, the more events it
    saw and the more legs and events name it, the earlier.
    """
    return (
        0 if counts.city or counts.events else 1,
        -len(counts.trips),
        -counts.events,
        -counts.mentions,
    )


def _marker_name(places: Sequence[Place]) -> str:
    """Return a marker's name: its best city, else the town its places' names share, else its best place.

    ``places`` are in priority order (see :func:`_markers`).
    """
    cities = [p for p in places if p.kind == "city"]
    if cities:
        return short_name(cities[0].name)
    town = shared_town([p.name for p in places]) if len(places) > 1 else None
    return short_name(town or places[0].name)


def _apart(trips: Sequence[Trip], found: dict[str, Place], home_places: set[str]) -> set[str]:
    """Return the places kept out of the home marker: a trip's whole destination would vanish.

    A trip whose every place in its destination countries would merge into the home star (the
    journeys to Panmunjom, 150 km from Pyongyang) keeps those places on a marker of their own.
    """
    apart: set[str] = set()
    for trip in trips:
        codes = {m for c in trip.countries for m in (c, *geo.member_codes(c))}
        codes.discard(HOME_COUNTRY)
        places = [p for leg in trip.legs for p in (leg.origin, leg.destination)]
        places += [e.place for e in trip.events]
        dest = {p.id for p in places if p.id in found and p.country in codes}
        if dest and dest <= home_places:
            apart |= dest
    return apart


def _home_label_box(hx: float, hy: float) -> Box:
    """Return the box of the home label's first choice (right of the star), kept free."""
    request = LabelRequest("@home", HOME_NAME, hx, hy, HOME_RADIUS, HOME_LABEL_SIZE, True)
    return candidate(request, "E").box


def _set_aside(
    x: float, y: float, hx: float, hy: float, taken: Sequence[Marker]
) -> tuple[float, float]:
    """Return where to draw a marker whose place lies under the home star: just outside it.

    The marker moves away from the star's centre in the place's direction, turned a little at
    a time when another marker or the home label's place (right of the star) is there.
    """
    reach = HOME_RADIUS + MARKER_RADIUS + 2
    angle = math.atan2(y - hy, x - hx) if math.hypot(x - hx, y - hy) > 0.5 else math.pi / 2
    label = _home_label_box(hx, hy)
    for turn in (0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6, 7, -7, 8):
        a = angle + turn * math.pi / 8
        cx, cy = hx + reach * math.cos(a), hy + reach * math.sin(a)
        if all(
            math.hypot(m.x - cx, m.y - cy) >= m.radius + MARKER_RADIUS for m in taken
        ) and not marker_box(cx, cy, MARKER_RADIUS + 1).overlaps(label):
            return cx, cy
    return hx + reach * math.cos(angle), hy + reach * math.sin(angle)


def _markers(trips: Sequence[Trip], proj: Projection, frame: Box) -> dict[str, Marker]:
    """Return the markers by key: home first, then by :func:`label_priority`, near places merged.

    Places are taken cities first, then by the trips that reach them and their events; each joins
    the first marker it would touch, or starts one. So a marker sits on the city it is named
    after (Vladivostok, not its border station). A merged marker without a city is named after
    the town its places share (Singapore, not its hotel).
    """
    found, counts = place_counts(trips)
    hx, hy = proj.project(HOME_LAT, HOME_LON)
    order = sorted(
        found,
        key=lambda k: (
            not counts[k].city,
            -len(counts[k].trips),
            -counts[k].events,
            -counts[k].mentions,
            k,
        ),
    )

    def build(apart: set[str]) -> list[Marker]:
        home_used = any(_is_home(p) for p in found.values())
        markers: list[Marker] = []
        if home_used or (frame.x0 <= hx <= frame.x1 and frame.y0 <= hy <= frame.y1):
            markers.append(Marker("@home", HOME_NAME, hx, hy, HOME_RADIUS, home=True))
        for place_id in order:
            place = found[place_id]
            x, y = proj.project(place.latitude, place.longitude)
            for i, m in enumerate(markers):
                if m.home and place_id in apart:
                    continue
                if m.at is not None and place_id not in apart:
                    continue  # a marker set aside holds only the places kept apart
                mx, my = m.at or (m.x, m.y)
                near = math.hypot(mx - x, my - y) < m.radius + MARKER_RADIUS + 1
                if near or (m.home and _is_home(place)):
                    markers[i] = Marker(
                        m.key, m.name, m.x, m.y, m.radius, m.home, (*m.places, place_id), m.at
                    )
                    break
            else:
                at = None
                under_home = math.hypot(x - hx, y - hy) < HOME_RADIUS + MARKER_RADIUS + 1
                if place_id in apart and under_home and markers and markers[0].home:
                    at = (x, y)
                    x, y = _set_aside(x, y, hx, hy, markers)
                markers.append(Marker(place_id, "", x, y, MARKER_RADIUS, places=(place_id,), at=at))
        return markers

    markers = build(set())
    home_places = {k for m in markers if m.home for k in m.places}
    apart = _apart(trips, found, home_places)
    if apart:
        markers = build(apart)
    named = [
        m
        if m.home
        else Marker(
            m.key,
            _marker_name([found[k] for k in m.places]),
            m.x,
            m.y,
            m.radius,
            m.home,
            m.places,
            m.at,
        )
        for m in markers
    ]
    rest = sorted(
        (m for m in named if not m.home),
        key=lambda m: (m.at is None, label_priority(merged_counts([counts[k] for k in m.places]))),
    )
    return {m.key: m for m in [*(m for m in named if m.home), *rest]}


def _graticule_step(span: float) -> float:
    for step in (1.0, 2.0, 5.0, 10.0, 15.0, 20.0, 30.0):
        if span / step <= 7:
            return step
    return 45.0


def _degree_label(value: float, positive: str, negative: str) -> str:
    hemisphere = positive if value >= 0 else negative
    return f"{abs(value):g}\u00b0{hemisphere}" if value else "0\u00b0"


def _basemap_layer(proj: Projection) -> list[str]:
    view = (proj.west - 1, proj.south - 1, proj.east + 1, proj.north + 1)
    paths = []
    for shape in geo.basemap().countries.values():
        west, south, east, north = shape.bbox
        if east < view[0] or west > view[2] or north < view[1] or south > view[3]:
            continue
        parts = []
        for ring in shape.rings():
            pixels: list[tuple[float, float]] = []
            for lon, lat in ring:
                x, y = proj.project(lat, lon)
                if not pixels or abs(x - pixels[-1][0]) + abs(y - pixels[-1][1]) >= 0.7:
                    pixels.append((x, y))
            if len(pixels) >= 3:
                parts.append(svg.path_data(pixels, closed=True))
        if parts:
            paths.append(
                svg.element(
                    "path",
                    d="".join(parts),
                    fill=LAND,
                    stroke=BORDER,
                    stroke_width=0.7,
                    stroke_linejoin="round",
                    fill_rule="evenodd",
                    data_country=shape.code,
                )
            )
    return paths


def _graticule_layer(proj: Projection, frame: Box) -> tuple[list[str], list[Box]]:
    step = _graticule_step(max(proj.east - proj.west, proj.north - proj.south))
    lines: list[str] = []
    texts: list[str] = []
    boxes: list[Box] = []
    lon = math.ceil(proj.west / step) * step
    while lon <= proj.east:
        x, _ = proj.project(proj.north, lon)
        lines.append(svg.path_data([(x, frame.y0), (x, frame.y1)]))
        label = _degree_label(lon, "E", "W")
        w = svg.text_width(label, 9)
        if frame.x0 + 2 <= x - w / 2 and x + w / 2 <= frame.x1 - 2:
            texts.append(
                svg.halo_text(x, frame.y1 - 3, label, size=9, anchor="middle", fill=MUTED, halo=SEA)
            )
            boxes.append(Box(x - w / 2, frame.y1 - 13, x + w / 2, frame.y1))
        lon += step
    lat = math.ceil(proj.south / step) * step
    while lat <= proj.north:
        _, y = proj.project(lat, proj.west)
        lines.append(svg.path_data([(frame.x0, y), (frame.x1, y)]))
        label = _degree_label(lat, "N", "S")
        if frame.y0 + 10 <= y - 2 and y + 2 <= frame.y1 - 14:
            texts.append(svg.halo_text(frame.x0 + 3, y - 2, label, size=9, fill=MUTED, halo=SEA))
            boxes.append(Box(frame.x0, y - 12, frame.x0 + 5 + svg.text_width(label, 9), y))
        lat += step
    layer = [svg.element("path", d="".join(lines), fill="none", stroke=GRATICULE, stroke_width=0.6)]
    return layer + texts, boxes


def _star(x: float, y: float, radius: float) -> str:
    points = []
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.45
        angle = math.pi / 2 + i * math.pi / 5
        points.append((x + r * math.cos(angle), y - r * math.sin(angle)))
    return svg.element(
        "path",
        d=svg.path_data(points, closed=True),
        fill=HOME,
        stroke="#FFFFFF",
        stroke_width=1.0,
        stroke_linejoin="round",
        class_="home",
    )


def _default_title(trips: Sequence[Trip], width: float | None = None) -> str:
    """Return a map's title: a trip's traveller, countries and dates, or the trips' years.

    With ``width`` (px at the title's size), a trip's country list is shortened until the title
    fits: the first countries "and N more", then "N countries"; the dates are kept whole.
    """
    if not trips:
        return "No journeys"
    if len(trips) == 1:
        trip = trips[0]
        names = [geo.country_name(c) for c in trip.countries]
        dates = f"{trip.start_edtf} to {trip.end_edtf}"
        options = [", ".join(names)]
        if width is not None:
            options += [
                f"{', '.join(names[:k])} and {len(names) - k} more"
                for k in range(len(names) - 1, 0, -1)
            ]
            options.append(f"{len(names)} countries")
        for where in options:
            text = f"{trip.traveler.name} to {where}, {dates}"
            if width is None or svg.text_width(text, TITLE_SIZE, bold=True) <= width:
                return text
        return text
    first = min(t.start_date for t in trips).year
    last = max(t.end_date for t in trips).year
    span = f"{first}" if first == last else f"{first}\u2013{last}"
    return f"{len(trips)} journeys abroad, {span}"


def unplaced_countries(trips: Sequence[Trip]) -> tuple[str, ...]:
    """Return the trips' countries (codes, in order) where no place of theirs can be marked.

    A country counts as placed when a leg's end or an event with coordinates lies in it (or,
    for a former state, in one of its successors) on any of the trips.
    """
    places = [p for t in trips for leg in t.legs for p in (leg.origin, leg.destination)]
    places += [e.place for t in trips for e in t.events]
    placed = {p.country for p in places if has_coordinates(p)}
    out: list[str] = []
    for code in (c for t in trips for c in t.countries):
        if code not in out and not ({code, *geo.member_codes(code)} & placed):
            out.append(code)
    return tuple(out)


def _collect(trips: Sequence[Trip]) -> tuple[list[tuple[float, float]], list[str]]:
    """Return the (lat, lon) points the frame must hold, and a note per leg or event left off."""
    left_off: list[str] = []
    points: list[tuple[float, float]] = []
    for trip in trips:
        for leg in trip.legs:
            missing = [p.name for p in (leg.origin, leg.destination) if not has_coordinates(p)]
            if missing:
                left_off.append(
                    f"{trip.id} leg {leg.seq} ({leg.mode}): no coordinates for "
                    + " and ".join(missing)
                )
                continue
            points += [(p.latitude, p.longitude) for p in (leg.origin, leg.destination)]
            if mode_style(leg.mode).curved:
                arc = great_circle(
                    leg.origin.latitude,
                    leg.origin.longitude,
                    leg.destination.latitude,
                    leg.destination.longitude,
                    8,
                )
                points += arc[1:-1]
        for event in trip.events:
            if has_coordinates(event.place):
                points.append((event.place.latitude, event.place.longitude))
            else:
                left_off.append(
                    f"{trip.id} event {event.seq}: no coordinates for {event.place.name}"
                )
    return points, left_off


def _label_layer(
    markers: dict[str, Marker], frame: Box, obstacles: list[Box], callouts: set[str]
) -> tuple[list[str], list[Placement], list[LabelRequest]]:
    """Return the label SVG parts, the labels placed and those dropped.

    Labels go home first, then by the markers' order (:func:`label_priority`), each name once;
    they avoid every marker, the graticule's labels and each other, inside the frame. A label
    with no room next to its marker may be set off a little, on a leader line, when its marker
    is in ``callouts`` (home, and the places where something happened).
    """
    parts: list[str] = []
    order = list(markers.values())  # already home first, then by label priority
    requests, seen_names = [], set()
    for marker in order:
        inside = frame.x0 <= marker.x <= frame.x1 and frame.y0 <= marker.y <= frame.y1
        if marker.name in seen_names or not inside:
            continue
        seen_names.add(marker.name)
        requests.append(
            LabelRequest(
                marker.key,
                marker.name,
                marker.x,
                marker.y,
                marker.radius,
                HOME_LABEL_SIZE if marker.home else 11.0,
                marker.home,
                callout=marker.key in callouts,
            )
        )
    obstacles = [marker_box(m.x, m.y, m.radius + 1) for m in markers.values()] + obstacles
    inner = Box(frame.x0 + 2, frame.y0 + 2, frame.x1 - 2, frame.y1 - 2)
    centres = [(m.x, m.y) for m in markers.values()]
    placed, dropped = place_labels(requests, obstacles, inner, centres)
    for p in placed:
        if p.leader is not None:
            x0, y0, x1, y1 = p.leader
            parts.append(
                svg.element(
                    "path",
                    d=svg.path_data([(x0, y0), (x1, y1)]),
                    stroke=INK,
                    stroke_width=0.8,
                    class_="leader",
                    data_place=p.request.key,
                )
            )
        parts.append(
            svg.element(
                "g",
                svg.halo_text(
                    p.text_x,
                    p.baseline,
                    p.request.text,
                    size=p.request.size,
                    bold=p.request.bold,
                    fill=HOME if p.request.bold else INK,
                ),
                class_="label",
                data_place=p.request.key,
            )
        )
    return parts, placed, dropped


CONNECTION_KEY = "~"
"""Prefix of a legend key for a mode drawn as a connection whose route is not reported."""


def _legend_entries(
    modes: Sequence[str], connections: Sequence[str], home: bool
) -> list[tuple[str, str, float]]:
    """Return (key, text, width in px) for each legend entry.

    The key is a mode, :data:`CONNECTION_KEY` and a mode (that mode's connections), or
    ``@home``.
    """
    entries = [
        (m, mode_style(m).label, 36 + svg.text_width(mode_style(m).label, 11)) for m in modes
    ]
    for m in connections:
        text = connection_style(m).label
        entries.append((CONNECTION_KEY + m, text, 36 + svg.text_width(text, 11)))
    if home:
        text = "Pyongyang (home)"
        entries.append(("@home", text, 16 + svg.text_width(text, 11)))
    return entries


def _legend_rows(entries: Sequence[tuple[str, str, float]], width: float) -> list[list[int]]:
    """Return the entries' indices split into rows that fit ``width`` px."""
    rows: list[list[int]] = [[]]
    used = 0.0
    for i, (_, _, w) in enumerate(entries):
        if rows[-1] and used + w > width:
            rows.append([])
            used = 0.0
        rows[-1].append(i)
        used += w + 18
    return rows


def _footer(
    frame: Box,
    modes: Sequence[str],
    connections: Sequence[str],
    home: bool,
    version: str | None,
    left_off: Sequence[str],
    unplaced: Sequence[str] = (),
) -> list[str]:
    """Return the footer: the legend (modes, connections, home), attribution, what is not shown.

    Below the attribution, one line names the countries visited with no place on the map
    (``unplaced``, codes), and one the legs and events left off.

    The legend wraps onto more rows when the map is narrow (see :func:`_footer_lines`).
    """
    entries = _legend_entries(modes, connections, home)
    y = frame.y1 + FOOTER_LINE - 4
    legend = []
    for row in _legend_rows(entries, frame.x1 - frame.x0):
        x = frame.x0
        for i in row:
            key, text, w = entries[i]
            label = svg.element(
                "text",
                svg.esc(text),
                x=x + w - svg.text_width(text, 11),
                y=y,
                font_size=11.0,
                fill=INK,
            )
            if key == "@home":
                legend.append(
                    svg.element("g", _star(x + 6, y - 4, 6) + label, class_="legend-home")
                )
            elif key.startswith(CONNECTION_KEY):
                mode = key[len(CONNECTION_KEY) :]
                legend.append(
                    svg.element(
                        "g",
                        legend_swatch(mode, x, y - 4, connection=True) + label,
                        class_="legend-connection",
                        data_mode=mode,
                    )
                )
            else:
                legend.append(
                    svg.element(
                        "g",
                        legend_swatch(key, x, y - 4) + label,
                        class_="legend-item",
                        data_mode=key,
                    )
                )
            x += w + 18
        y += FOOTER_LINE
    parts = [svg.element("g", "".join(legend), class_="legend")]
    attribution = f"{ATTRIBUTION} {version}" if version else ATTRIBUTION
    parts.append(
        svg.element(
            "text",
            svg.esc(attribution),
            x=frame.x1,
            y=y,
            font_size=10.0,
            fill=MUTED,
            text_anchor="end",
            class_="attribution",
        )
    )
    notes = []
    if unplaced:
        names = ", ".join(geo.country_name(c) for c in unplaced)
        notes.append((f"Visited, no place recorded: {names}", "unplaced"))
    if left_off:
        notes.append((f"Left off ({len(left_off)}): " + "; ".join(left_off), "left-off"))
    for note, kind in notes:
        y += FOOTER_LINE
        parts.append(
            svg.element(
                "text",
                svg.esc(svg.fit_text(note, 10, frame.x1 - frame.x0)),
                x=frame.x0,
                y=y,
                font_size=10.0,
                fill=MUTED,
                class_=kind,
            )
        )
    return parts


def _footer_lines(
    trips: Sequence[Trip], width: float, left_off: Sequence[str], unplaced: Sequence[str]
) -> int:
    """Return the footer's height in lines, reserving legend rows for every mode the trips use."""
    modes = {leg.mode for t in trips for leg in t.legs}
    joined = {leg.mode for t in trips for leg in t.legs if route_unreported(leg)}
    rows = len(
        _legend_rows(_legend_entries(legend_order(modes), legend_order(joined), True), width - 16)
    )
    return rows + 1 + (1 if left_off else 0) + (1 if unplaced else 0)


def layout_map(
    trips: Sequence[Trip],
    *,
    title: str | None = None,
    width: float = 800,
    height: float = 600,
    version: str | None = None,
    routes: bool = True,
) -> MapLayout:
    """Lay out and draw a map of ``trips``; return the SVG with its layout.

    The frame holds every place of the trips with a margin (Pyongyang's region when there is
    none). ``version`` goes into the attribution line. ``routes=False`` draws the basemap and
    graticule only, which lets a test see what lies under each route.

    Raises:
        ValueError: ``width`` or ``height`` leaves no room for the map.
    """
    points, left_off = _collect(trips)

    unplaced = unplaced_countries(trips)
    footer_lines = _footer_lines(trips, width, left_off, unplaced)
    top = TITLE_HEIGHT
    map_height = height - top - footer_lines * FOOTER_LINE - 6
    if width < 200 or map_height < 100:
        raise ValueError(f"a {width}x{height} map leaves no room to draw")
    frame = Box(8, top, width - 8, top + map_height)
    proj = fit(
        _frame(points),
        (frame.x0, frame.y0, frame.x1 - frame.x0, frame.y1 - frame.y0),
        limit=geo.region(),
    )

    area = {
        "x": frame.x0,
        "y": frame.y0,
        "width": frame.x1 - frame.x0,
        "height": frame.y1 - frame.y0,
    }
    heading = title if title is not None else _default_title(trips)
    body: list[str] = [svg.element("rect", x=0, y=0, width=width, height=height, fill="#FFFFFF")]
    body.append(
        svg.element(
            "defs",
            svg.element(
                "clipPath",
                svg.element("rect", **area),
                id="map-frame",
            ),
        )
    )
    map_parts = [svg.element("rect", **area, fill=SEA)]
    map_parts += _basemap_layer(proj)
    grid, grid_boxes = _graticule_layer(proj, frame)
    map_parts += grid

    drawn: list[DrawnLeg] = []
    markers: dict[str, Marker] = {}
    if routes:
        markers = _markers(trips, proj, frame)
        marker_of = {pid: m.key for m in markers.values() for pid in m.places}
        drawn = legs_to_draw(
            trips,
            proj,
            marker_of,
            radius_of={m.key: m.radius for m in markers.values()},
            moved={k: (m.x, m.y) for m in markers.values() if m.at for k in m.places},
        )
    modes = legend_order({leg.mode for leg in drawn if not leg.connection})
    connections = legend_order({leg.mode for leg in drawn if leg.connection})
    map_parts += [leg_element(leg) for leg in drawn]
    for marker in markers.values():
        if marker.at is not None:  # set aside from the home star: a short line to its place
            map_parts.append(
                svg.element(
                    "path",
                    d=svg.path_data([marker.at, (marker.x, marker.y)]),
                    stroke=INK,
                    stroke_width=1.0,
                    class_="set-aside",
                    data_place=marker.key,
                )
            )
    for marker in markers.values():
        if marker.home:
            map_parts.append(_star(marker.x, marker.y, marker.radius))
        else:
            map_parts.append(
                svg.element(
                    "circle",
                    cx=marker.x,
                    cy=marker.y,
                    r=marker.radius,
                    fill="#FFFFFF",
                    stroke=INK,
                    stroke_width=1.4,
                    class_="place",
                    data_place=marker.key,
                )
            )
    body.append(svg.element("g", "".join(map_parts), clip_path="url(#map-frame)"))
    body.append(svg.element("rect", **area, fill="none", stroke="#8A8A8A", stroke_width=0.8))

    _, counts = place_counts(trips)
    callouts = {
        m.key
        for m in markers.values()
        if m.home or m.at is not None or any(counts[k].events for k in m.places)
    }
    label_parts, placed, dropped = _label_layer(markers, frame, grid_boxes, callouts)
    body += label_parts

    shown = svg.fit_text(
        title if title is not None else _default_title(trips, frame.x1 - frame.x0),
        TITLE_SIZE,
        frame.x1 - frame.x0,
        bold=True,
    )
    title_text = svg.halo_text(frame.x0, 23, shown, size=TITLE_SIZE, bold=True, fill=INK)
    body.append(svg.element("g", title_text, class_="title"))

    home = any(m.home for m in markers.values())
    body += _footer(frame, modes, connections, home, version, left_off, unplaced)
    text = svg.document(width, height, body, title=heading or None)
    return MapLayout(
        text,
        width,
        height,
        proj,
        modes,
        connections,
        tuple(drawn),
        tuple(markers.values()),
        tuple(placed),
        tuple(r.text for r in dropped),
        tuple(left_off),
        unplaced,
    )


def render_map(
    trips: Sequence[Trip],
    *,
    title: str | None = None,
    width: float = 800,
    height: float = 600,
    version: str | None = None,
) -> str:
    """Return an SVG map of ``trips`` (see :func:`layout_map`).

    Raises:
        ValueError: ``width`` or ``height`` leaves no room for the map.
    """
    return layout_map(trips, title=title, width=width, height=height, version=version).svg
