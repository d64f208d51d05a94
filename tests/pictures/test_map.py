"""The map as a reader sees it, rendered to PNG by cairosvg."""

from __future__ import annotations

import math
import re

import pytest

from kimtravel import svg
from kimtravel.db import Dataset
from kimtravel.labels import (
    AMBIGUITY_PX,
    POSITIONS,
    RIVAL_PX,
    Box,
    LabelRequest,
    box_distance,
    candidate,
    marker_box,
    segment_crosses,
    shared_town,
)
from kimtravel.maps import (
    HOME_LAT,
    HOME_LON,
    MapLayout,
    Marker,
    label_priority,
    layout_map,
    merged_counts,
    place_counts,
    render_map,
)
from kimtravel.models import Leg, Place, Trip
from kimtravel.routes import route_unreported
from kimtravel.style import (
    BORDER,
    CONNECTION_DASH,
    CONNECTION_WIDTH,
    LAND,
    MODE_ORDER,
    SEA,
    connection_style,
    mode_style,
)
from tests.pictures.raster import SVG_NS, close, hex_rgb, parse, rasterize
from tests.pictures.synthetic import (
    BEIJING,
    BERLIN,
    BUCHAREST,
    HALONG,
    HANOI,
    KHABAROVSK,
    KHASAN,
    KIS,
    KJU,
    MOSCOW,
    PUTIN,
    PYONGYANG_STATION,
    RUSSKY,
    SINUIJU,
    SUNAN,
    TIANJIN,
    TRUMP,
    USSURIYSK,
    VLADIVOSTOK,
    VLADIVOSTOK_LINE,
    ZHENGZHOU,
    S,
    all_trips,
    event,
    line,
    place,
    trip,
)

GROUND = {"train"}
"""Modes whose straight legs must stay over land (a car may cross a bridge: Russky Island)."""


def _layouts(trips: list[Trip], hanoi: Trip) -> list[tuple[list[Trip], MapLayout]]:
    return [(trips, layout_map(trips)), ([hanoi], layout_map([hanoi]))]


def _land_near(pixel: object, x: float, y: float, radius: int) -> bool:
    colours = [
        pixel(x + dx, y + dy)  # type: ignore[operator]
        for dx in range(-radius, radius + 1)
        for dy in range(-radius, radius + 1)
    ]
    return any(close(c, hex_rgb(LAND), 6) or close(c, hex_rgb(BORDER), 20) for c in colours)


def test_output_is_well_formed_svg(trips: list[Trip], hanoi: Trip) -> None:
    for _, layout in _layouts(trips, hanoi):
        root = parse(layout.svg)
        assert root.tag == f"{SVG_NS}svg"
        assert root.get("width") == "800"


@pytest.mark.parametrize(
    "which",
    ["all", "2019-02-hanoi", "2019-04-vladivostok", "kis-1984-05-moscow", "2018-03-beijing"],
)
def test_ground_routes_and_places_lie_over_land(which: str, trips: list[Trip]) -> None:
    chosen = trips if which == "all" else [t for t in trips if t.id == which]
    full = layout_map(chosen)
    base = rasterize(layout_map(chosen, routes=False).svg)
    assert base(5, 5) == (255, 255, 255)
    for leg in full.legs:
        if leg.mode not in GROUND or leg.connection:  # a connection claims no route
            continue
        (x0, y0), (x1, y1) = leg.points[0], leg.points[-1]
        for t in (0.2, 0.35, 0.5, 0.65, 0.8):
            x, y = x0 + t * (x1 - x0), y0 + t * (y1 - y0)
            assert _land_near(base, x, y, 1), (leg.trip_id, leg.seq, t, base(x, y))
    # Shore places may sit off the 1:50m coast (Russky Island is not in it): allow 10 km,
    # the tolerance geo.in_country uses, plus 2 px for anti-aliasing.
    reach = math.ceil(10 / full.projection.km_per_px) + 2
    for marker in full.markers:
        assert _land_near(base, marker.x, marker.y, reach), marker.key


def test_routes_are_drawn_where_the_layout_says(trips: list[Trip], hanoi: Trip) -> None:
    for chosen in (trips, [hanoi]):
        layout = layout_map(chosen)
        base = rasterize(layout_map(chosen, routes=False).svg)
        drawn = rasterize(layout.svg)
        boxes = [p.box for p in layout.labels] + [
            marker_box(m.x, m.y, m.radius + 2) for m in layout.markers
        ]
        checked = 0
        for leg in layout.legs:
            (x0, y0), (x1, y1) = leg.points[0], leg.points[-1]
            if math.hypot(x1 - x0, y1 - y0) < 20:
                continue
            x, y = leg.points[len(leg.points) // 2]
            if len(leg.points) == 2:
                x, y = (x0 + x1) / 2, (y0 + y1) / 2
            if any(Box(x - 3, y - 3, x + 3, y + 3).overlaps(b) for b in boxes):
                continue
            ink = hex_rgb(mode_style(leg.mode).colour)
            window = [(x + dx, y + dy) for dx in range(-3, 4) for dy in range(-3, 4)]
            assert any(close(drawn(*p), ink, 70) for p in window), (leg.trip_id, leg.seq)
            assert any(drawn(*p) != base(*p) for p in window)
            checked += 1
        assert checked >= 10


def test_labels_never_overlap_each_other_or_markers(trips: list[Trip], hanoi: Trip) -> None:
    for _, layout in _layouts(trips, hanoi):
        boxes = [p.box for p in layout.labels]
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                assert not a.overlaps(b), (a, b)
            for m in layout.markers:
                assert not a.overlaps(marker_box(m.x, m.y, m.radius)), m.key
        assert len(layout.labels) >= 8


def test_a_label_is_dropped_only_when_all_eight_positions_are_taken(trips: list[Trip]) -> None:
    layout = layout_map(trips)
    assert layout.dropped_labels, "the all-trips map is crowded enough to drop some labels"
    placed = [p.box for p in layout.labels]
    leaders = [p.leader for p in layout.labels if p.leader is not None]
    markers = [marker_box(m.x, m.y, m.radius + 1) for m in layout.markers]
    by_name = {m.name: m for m in layout.markers}
    for name in layout.dropped_labels:
        marker = by_name[name]
        request = LabelRequest(marker.key, name, marker.x, marker.y, marker.radius)
        for position in POSITIONS:
            box = candidate(request, position).box
            blocked = any(box.overlaps(b) for b in placed + markers)
            blocked |= any(segment_crosses(line, box) for line in leaders)
            # Nearer another marker than its own: it would be read as that marker's name.
            own = box_distance(box, marker.x, marker.y)
            ambiguous = any(
                box_distance(box, m.x, m.y) < min(own + AMBIGUITY_PX, RIVAL_PX)
                for m in layout.markers
                if m is not marker
            )
            frame = layout.projection
            outside = not (
                frame.left < box.x0
                and box.x1 < frame.left + frame.width
                and frame.top < box.y0
                and box.y1 < frame.top + frame.height
            )
            assert blocked or ambiguous or outside, (name, position)


def test_a_label_is_nearer_its_marker_than_any_other(trips: list[Trip], bundled: Dataset) -> None:
    for chosen in (trips, list(bundled.trips()), list(bundled.trips("kim-jong-un"))):
        layout = layout_map(chosen, width=1000, height=700)
        for p in layout.labels:
            if p.leader is not None or p.request.bold:
                continue
            own = box_distance(p.box, p.request.x, p.request.y)
            for m in layout.markers:
                if m.key != p.request.key:
                    assert box_distance(p.box, m.x, m.y) >= min(own + AMBIGUITY_PX, RIVAL_PX), (
                        p.request.text,
                        m.name,
                    )


def test_every_place_has_one_visible_marker(trips: list[Trip], hanoi: Trip) -> None:
    for chosen in (trips, [hanoi]):
        layout = layout_map(chosen)
        ids = [pid for m in layout.markers for pid in m.places]
        assert len(ids) == len(set(ids))
        assert set(ids) == {p.id for t in chosen for p in t.places}
        for i, a in enumerate(layout.markers):
            for b in layout.markers[i + 1 :]:
                assert math.hypot(a.x - b.x, a.y - b.y) >= a.radius + b.radius, (a.key, b.key)
        root = parse(layout.svg)
        circles = root.findall(f".//{SVG_NS}circle[@class='place']")
        assert {c.get("data-place") for c in circles} == {
            m.key for m in layout.markers if not m.home
        }
        image = rasterize(layout.svg)
        for m in layout.markers:
            if not m.home:
                assert close(image(m.x, m.y), (255, 255, 255), 30), m.key  # white, on top


def test_pyongyang_is_marked_distinctively(hanoi: Trip) -> None:
    layout = layout_map([hanoi])
    homes = [m for m in layout.markers if m.home]
    assert len(homes) == 1
    x, y = layout.projection.project(HOME_LAT, HOME_LON)
    assert (homes[0].x, homes[0].y) == (x, y)
    # Pyongyang station (1 km away) is merged into the home marker, not drawn again.
    assert PYONGYANG_STATION.id in homes[0].places
    assert PYONGYANG_STATION.id not in {m.key for m in layout.markers}
    image = rasterize(layout.svg)
    assert close(image(x, y), hex_rgb("#C0392B"), 40)
    assert any(p.request.text == "Pyongyang" and p.request.bold for p in layout.labels)


@pytest.mark.parametrize(
    ("which", "expected"), [("all", {"train", "air"}), ("hanoi", {"train", "car"})]
)
def test_legend_lists_exactly_the_modes_drawn(
    which: str, expected: set[str], trips: list[Trip], hanoi: Trip
) -> None:
    layout = layout_map(trips if which == "all" else [hanoi])
    drawn = {leg.mode for leg in layout.legs}
    root = parse(layout.svg)
    items = root.findall(f".//{SVG_NS}g[@class='legend-item']")
    in_legend = [g.get("data-mode") for g in items]
    assert set(in_legend) == drawn == expected
    assert len(in_legend) == len(set(in_legend))
    texts = {"".join(t.itertext()) for g in items for t in g.iter(f"{SVG_NS}text")}
    assert texts == {mode_style(m).label for m in expected}


def test_legs_hidden_under_one_marker_are_not_drawn(trips: list[Trip]) -> None:
    # At the scale of all trips, Singapore's car rides (a few km) fall inside one marker: they
    # are not drawn, and "Car" is not in the legend, though the trips have car legs.
    layout = layout_map(trips)
    assert any(leg.mode == "car" for t in trips for leg in t.legs)
    assert "car" not in layout.modes
    marker_of = {pid: m.key for m in layout.markers for pid in m.places}
    by_key = {(t.id, leg.seq): leg for t in trips for leg in t.legs}
    for drawn in layout.legs:
        leg = by_key[(drawn.trip_id, drawn.seq)]
        assert marker_of[leg.origin.id] != marker_of[leg.destination.id]


def test_attribution_names_source_and_version(hanoi: Trip) -> None:
    text = render_map([hanoi], version="1.4.0")
    root = parse(text)
    attribution = root.find(f".//{SVG_NS}text[@class='attribution']")
    assert attribution is not None
    assert attribution.text == "Basemap: Natural Earth (public domain). Data: kimtravel 1.4.0"


def test_title_defaults_and_overrides(trips: list[Trip], hanoi: Trip) -> None:
    assert "Kim Jong Un to Vietnam" in render_map([hanoi])
    assert "journeys abroad, 1975" in render_map(trips)
    assert "My title" in render_map([hanoi], title="My title")


def test_one_trip_is_framed_tightly(trips: list[Trip], hanoi: Trip) -> None:
    one = layout_map([hanoi]).projection
    everything = layout_map(trips).projection
    assert one.east - one.west < (everything.east - everything.west) / 3
    for p in hanoi.places:
        assert one.contains(p.latitude, p.longitude)


def test_a_place_without_coordinates_is_left_off_not_fatal() -> None:
    nowhere = Place.model_construct(
        id="nowhere",
        name="Unknown halt",
        country="CN",
        kind="station",
        latitude=None,  # type: ignore[arg-type]  # what a model without validation may hold
        longitude=None,  # type: ignore[arg-type]
        sources=S,
    )
    good = trip(
        "t-1", KJU, "2019-02-23", "2019-02-26", ("VN",), [(PYONGYANG_STATION, HANOI, "air")]
    )
    broken = Leg.model_construct(
        trip_id="t-1", seq=2, origin=HANOI, destination=nowhere, mode="car", sources=S
    )
    t = good.model_copy(update={"legs": (*good.legs, broken)})
    layout = layout_map([t])
    assert layout.left_off == ("t-1 leg 2 (car): no coordinates for Unknown halt",)
    assert [leg.seq for leg in layout.legs] == [1]
    assert layout.modes == ("air",)
    assert "Left off (1): t-1 leg 2" in layout.svg


def test_text_width_estimate_covers_the_rendered_text() -> None:
    # Render labels alone and compare the ink's extent with the width the layout reserved.
    for text, bold in (
        ("Pyongyang", True),
        ("Vladivostok", False),
        ("Ha Long Bay", False),
        ("Komsomolsk-on-Amur", False),
    ):
        size = 12.0 if bold else 11.0
        body = [
            svg.element("rect", x=0, y=0, width=300, height=30, fill="#FFFFFF"),
            svg.element(
                "text",
                svg.esc(text),
                x=10,
                y=20,
                font_size=size,
                font_weight="bold" if bold else None,
                fill="#000000",
            ),
        ]
        image = rasterize(svg.document(300, 30, body))
        columns = [x for x in range(300) for y in range(30) if image(x, y)[0] < 128]
        ink = max(columns) - min(columns) + 1
        estimate = svg.text_width(text, size, bold=bold)
        assert ink <= estimate + 1, (text, ink, estimate)
        assert estimate <= ink * 1.25 + 3, (text, ink, estimate)


def test_map_is_readable_at_800_px(trips: list[Trip]) -> None:
    root = parse(render_map(trips))
    sizes = [float(t.get("font-size", "0")) for t in root.iter(f"{SVG_NS}text")]
    assert min(sizes) >= 9
    assert root.get("font-family") == "DejaVu Sans, Arial, sans-serif"


def test_air_legs_are_curved(trips: list[Trip]) -> None:
    layout = layout_map(trips)
    for leg in layout.legs:
        if leg.mode != "air":
            continue
        (x0, y0), (x1, y1) = leg.points[0], leg.points[-1]
        xm, ym = leg.points[len(leg.points) // 2]
        chord = math.hypot(x1 - x0, y1 - y0)
        offset = abs((xm - x0) * (y1 - y0) - (ym - y0) * (x1 - x0)) / chord
        assert offset >= 0.08 * chord, (leg.trip_id, leg.seq)


def test_sea_and_land_colours_differ() -> None:
    assert not close(hex_rgb(SEA), hex_rgb(LAND), 6)


def test_no_trips_draws_the_home_region() -> None:
    layout = layout_map([])
    assert layout.legs == () and layout.modes == ()
    assert [m.name for m in layout.markers] == ["Pyongyang"]
    assert "No journeys" in layout.svg


def test_every_mode_has_its_own_look_and_a_narrow_legend_wraps() -> None:
    wonsan = place("wonsan", "Wonsan", "KP", 39.1528, 127.4436, "city")
    nampo = place("nampo", "Nampo", "KP", 38.7375, 125.3781, "city")
    kaesong = place("kaesong", "Kaesong", "KP", 37.9708, 126.5544, "city")
    panmunjom = place("panmunjom", "Panmunjom", "KR", 37.9560, 126.6770, "site")
    t = trip(
        "all-modes",
        KJU,
        "2018-04-27",
        "2018-05-08",
        ("KR", "RU", "CN"),
        [
            (PYONGYANG_STATION, kaesong, "car"),
            (kaesong, panmunjom, "foot"),  # too short to show at this scale: left out
            (panmunjom, wonsan, "air"),
            (wonsan, VLADIVOSTOK, "ship"),
            (VLADIVOSTOK, USSURIYSK, "foot"),  # made up, long enough to be seen
            (USSURIYSK, BEIJING, "train"),
            (BEIJING, nampo, "air"),
        ],
    )
    layout = layout_map([t], width=420, height=420)
    assert set(layout.modes) == {"car", "foot", "air", "ship", "train"}
    looks = {(mode_style(m).colour, mode_style(m).dash, mode_style(m).ties) for m in layout.modes}
    assert len(looks) == len(layout.modes)
    root = parse(layout.svg)
    items = root.findall(f".//{SVG_NS}g[@class='legend-item']")
    assert {g.get("data-mode") for g in items} == set(layout.modes)
    home = root.find(f".//{SVG_NS}g[@class='legend-home']")
    assert home is not None
    rows = {float(t.get("y", "0")) for g in [*items, home] for t in g.iter(f"{SVG_NS}text")}
    assert len(rows) >= 2  # five modes and home do not fit one 404 px row
    for g in items:
        text = g.find(f"{SVG_NS}text")
        assert text is not None
        right = float(text.get("x", "0")) + svg.text_width(text.text or "", 11)
        assert right <= 420
    attribution = root.find(f".//{SVG_NS}text[@class='attribution']")
    assert attribution is not None
    assert float(attribution.get("y", "0")) <= 420 - 2
    title = "".join(root.findall(f"{SVG_NS}g[@class='title']/{SVG_NS}text")[-1].itertext())
    assert title.endswith("\u2026")  # the long title is cut to the width, not clipped


def _ties_near(pixel: object, layout: MapLayout, seq: int, colour: str) -> int:
    """Count pixels of ``colour`` 2.5 px either side of a straight leg's middle fifth.

    A railway's cross-ties reach 3 px either side of its line; a thin connection line does not.
    Points under a label or a marker are skipped.
    """
    points = next(leg.points for leg in layout.legs if leg.seq == seq)
    covered = [p.box for p in layout.labels] + [
        marker_box(m.x, m.y, m.radius + 2) for m in layout.markers
    ]
    (x0, y0), (x1, y1) = points[0], points[-1]
    length = math.hypot(x1 - x0, y1 - y0)
    nx, ny = -(y1 - y0) / length, (x1 - x0) / length
    ink = hex_rgb(colour)
    hits = 0
    for i in range(41):
        t = 0.4 + 0.2 * i / 40
        x, y = x0 + t * (x1 - x0), y0 + t * (y1 - y0)
        for side in (-2.5, 2.5):
            px, py = x + side * nx, y + side * ny
            if any(Box(px - 1, py - 1, px + 1, py + 1).overlaps(b) for b in covered):
                continue
            if close(pixel(px, py), ink, 90):  # type: ignore[operator]
                hits += 1
    return hits


def test_surface_legs_over_sea_or_very_long_are_connections_not_railways() -> None:
    t = trip(
        "t-sea",
        KJU,
        "2019-02-23",
        "2019-03-05",
        ("CN", "RU"),
        [
            (MOSCOW, KHABAROVSK, "train"),  # 6,100 km with no stop: no route is reported
            (KHABAROVSK, BEIJING, "air"),
            (BEIJING, ZHENGZHOU, "train"),  # over land: a railway
            (ZHENGZHOU, TIANJIN, "train"),
            (TIANJIN, PYONGYANG_STATION, "train"),  # straight across the Bohai Sea
        ],
    )
    layout = layout_map([t])
    by_seq = {leg.seq: leg for leg in layout.legs}
    assert [s for s, leg in by_seq.items() if leg.connection] == [1, 5]
    image = rasterize(layout.svg)
    train = mode_style("train").colour
    for seq in (1, 5):  # thin, no cross-ties: the reader sees no railway over the sea
        assert _ties_near(image, layout, seq, train) == 0, seq
    assert _ties_near(image, layout, 3, train) > 10
    # Over the sea the connection still shows, in the train's colour.
    (x0, y0), (x1, y1) = by_seq[5].points
    window = [
        image(x0 + t * (x1 - x0) + dx, y0 + t * (y1 - y0) + dy)
        for t in (0.45, 0.5, 0.55)
        for dx in (-1, 0, 1)
        for dy in (-1, 0, 1)
    ]
    assert any(close(c, hex_rgb(train), 90) for c in window)
    # The legend says so, once, with the train still listed for its railway legs.
    root = parse(layout.svg)
    joined = root.findall(f".//{SVG_NS}g[@class='legend-connection']")
    assert [g.get("data-mode") for g in joined] == ["train"]
    assert "route not reported" in "".join(joined[0].itertext())
    assert layout.modes == ("train", "air") and layout.connections == ("train",)
    marks = root.findall(f".//{SVG_NS}g[@data-trip='t-sea'][@data-route='not-reported']")
    assert {g.get("data-seq") for g in marks} == {"1", "5"}
    # A connection looks like no mode's own line (the foot's black dots, the unknown's dashes).
    looks = {(s.colour, s.dash, s.width) for s in map(mode_style, (*MODE_ORDER, "unknown"))}
    assert (connection_style("train").colour, CONNECTION_DASH, CONNECTION_WIDTH) not in looks


def test_no_connection_legend_without_a_connection(hanoi: Trip) -> None:
    layout = layout_map([hanoi])
    assert not any(leg.connection for leg in layout.legs)
    assert layout.connections == ()
    assert "legend-connection" not in layout.svg and "route not reported" not in layout.svg


def test_a_short_strait_or_an_offshore_end_keeps_the_railway() -> None:
    # Khasan to Ussuriysk crosses 11 km of bay; Hanoi to Ha Long Bay ends 16 km off the coast.
    hops = [(KHASAN, USSURIYSK, "train"), (HANOI, HALONG, "car"), (VLADIVOSTOK, RUSSKY, "car")]
    t = trip("t-short", KJU, "2019-04-24", "2019-04-27", ("RU", "VN"), hops)
    assert [route_unreported(leg) for leg in t.legs] == [False, False, False]


PRAGUE = place("prague", "Prague", "CZ", 50.0755, 14.4378)
BUDAPEST = place("budapest", "Budapest", "HU", 47.4979, 19.0402)


def _tour_1984() -> Trip:
    return trip(
        "t-tour",
        KIS,
        "1984-05-16",
        "1984-07-01",
        ("SUHH", "PL", "DDDE", "CSHH", "HU", "YUCS", "BG", "RO"),
        [
            (MOSCOW, BERLIN, "train"),
            (BERLIN, PRAGUE, "train"),
            (PRAGUE, BUDAPEST, "train"),
            (BUDAPEST, BUCHAREST, "train"),
            (BUCHAREST, SUNAN, "air"),
        ],
    )


def _title_text(layout: MapLayout) -> str:
    groups = parse(layout.svg).findall(f"{SVG_NS}g[@class='title']")
    return "".join(groups[0].findall(f"{SVG_NS}text")[-1].itertext())


def test_a_long_country_list_is_shortened_before_the_dates() -> None:
    layout = layout_map([_tour_1984()])
    shown = _title_text(layout)
    assert shown.startswith("Kim Il Sung to Soviet Union")
    assert shown.endswith(", 1984-05-16 to 1984-07-01"), shown
    assert "\u2026" not in shown
    assert re.search(r" and \d more,| \d countries,", shown), shown
    assert svg.text_width(shown, 17, bold=True) <= layout.width - 16
    # The reader sees the whole title: no ink right of the frame on the title's row.
    image = rasterize(layout.svg)
    assert all(
        close(image(x, y), (255, 255, 255), 10) for x in range(793, 800) for y in range(5, 30)
    )
    # Wide enough, every country is named.
    wide = _title_text(layout_map([_tour_1984()], width=1400))
    assert "Romania" in wide and "more" not in wide
    # The SVG's own title (tooltips, screen readers) keeps the whole list.
    assert "Bulgaria, Romania, 1984-05-16" in layout.svg.split("</title>")[0]


def test_countries_visited_with_no_place_are_named_in_the_footer() -> None:
    layout = layout_map([_tour_1984()])
    assert layout.unplaced == ("PL", "YUCS", "BG")
    root = parse(layout.svg)
    note = root.find(f".//{SVG_NS}text[@class='unplaced']")
    assert note is not None
    assert note.text == "Visited, no place recorded: Poland, Yugoslavia, Bulgaria"
    attribution = root.find(f".//{SVG_NS}text[@class='attribution']")
    assert attribution is not None
    y = float(note.get("y", "0"))
    assert float(attribution.get("y", "0")) + 12 <= y <= layout.height - 3
    image = rasterize(layout.svg)  # drawn inside the picture, under the map
    assert any(image(x, y - 4)[0] < 160 for x in range(8, 200))


def test_no_unplaced_line_when_every_country_has_a_place(hanoi: Trip) -> None:
    layout = layout_map([hanoi])
    assert layout.unplaced == ()
    assert 'class="unplaced"' not in layout.svg


def _marker_holding(layout: MapLayout, place_id: str) -> Marker:
    return next(m for m in layout.markers if place_id in m.places)


def test_a_merged_marker_sits_on_its_city_and_is_named_after_it(trips: list[Trip]) -> None:
    # Khasan's station is reached by more trips than Vladivostok, 125 km away: the marker
    # holding both is still Vladivostok, drawn on the city and labelled with its name; the
    # station near the city (Artyom) does not take its label.
    artyom = place(
        "artyom", "Artyom-Primorsky-1 railway station", "RU", 43.3527, 132.1880, "station"
    )
    extra = trip(
        "t-artyom",
        KJU,
        "2023-09-12",
        "2023-09-17",
        ("RU",),
        [*line([*VLADIVOSTOK_LINE[:-1], artyom])],
        (event("t-artyom", 1, artyom, (PUTIN,), "welcome"),),
    )
    layout = layout_map([*trips, extra])
    proj = layout.projection
    marker = _marker_holding(layout, VLADIVOSTOK.id)
    assert marker.name == "Vladivostok"
    assert (marker.x, marker.y) == proj.project(VLADIVOSTOK.latitude, VLADIVOSTOK.longitude)
    assert KHASAN.id in marker.places and "artyom" in marker.places
    labels = {p.request.text: p for p in layout.labels}
    assert labels["Vladivostok"].request.key == marker.key
    assert not any(text.startswith("Artyom") or text == "Khasan" for text in labels)


def test_a_marker_without_a_city_is_named_after_the_town_its_places_share() -> None:
    hotel = place("capella", "Capella Hotel, Sentosa, Singapore", "SG", 1.2494, 103.8244, "venue")
    palace = place("istana", "The Istana, Singapore", "SG", 1.3070, 103.8430, "venue")
    airport = place("changi", "Singapore Changi Airport", "SG", 1.3644, 103.9915, "airport")
    t = trip(
        "t-sg",
        KJU,
        "2018-06-10",
        "2018-06-12",
        ("SG",),
        [(SUNAN, airport, "air"), (airport, hotel, "car"), (hotel, palace, "car")],
        (event("t-sg", 1, hotel, (TRUMP,), "summit"),),
    )
    layout = layout_map([t, *[x for x in all_trips() if x.id == "kis-1975-05-africa"]])
    marker = _marker_holding(layout, "capella")
    assert set(marker.places) == {"capella", "istana", "changi"}
    assert marker.name == "Singapore"
    assert "Singapore" in {p.request.text for p in layout.labels}
    assert shared_town(["Peace House (Panmunjom)", "Panmunjom, South Korean side"]) == "Panmunjom"
    assert shared_town(["Bangchuidao Guesthouse, Dalian", "Zhoushuizi Airport"]) is None


def test_markers_are_labelled_destinations_and_cities_first_by_trips(trips: list[Trip]) -> None:
    layout = layout_map(trips)
    _, counts = place_counts(trips)
    keys = [
        label_priority(merged_counts([counts[k] for k in m.places])) for m in layout.markers[1:]
    ]
    assert layout.markers[0].home
    assert keys == sorted(keys)
    # A city where something happened outranks a station passed through on more trips.
    beijing = label_priority(counts[BEIJING.id])
    assert beijing < label_priority(counts[SINUIJU.id])
    assert label_priority(counts[HANOI.id]) < label_priority(counts[TIANJIN.id])


def _panmunjom_trips() -> list[Trip]:
    peace = place("peace-house", "Peace House (Panmunjom)", "KR", 37.9553, 126.6772, "venue")
    freedom = place("freedom-house", "Freedom House (Panmunjom)", "KR", 37.9561, 126.6776, "venue")
    kaesong = place("kaesong", "Kaesong", "KP", 37.9708, 126.5544, "city")
    t = trip(
        "t-panmunjom",
        KJU,
        "2018-04-27",
        "2018-04-27",
        ("KR",),
        [(PYONGYANG_STATION, kaesong, "car"), (kaesong, peace, "car"), (peace, freedom, "foot")],
        (
            event("t-panmunjom", 1, peace, (), "summit"),
            event("t-panmunjom", 2, freedom, (), "talks"),
        ),
    )
    return [*all_trips(), t]


def test_a_destination_under_the_home_star_keeps_a_marker_and_label() -> None:
    layout = layout_map(_panmunjom_trips())
    home = next(m for m in layout.markers if m.home)
    marker = _marker_holding(layout, "peace-house")
    assert not marker.home and marker.at is not None
    assert set(marker.places) == {"peace-house", "freedom-house"}
    assert marker.name == "Panmunjom"
    assert "kaesong" in home.places  # at home's side of the border: still the star
    gap = math.hypot(marker.x - home.x, marker.y - home.y)
    assert gap >= home.radius + marker.radius
    # The reader sees a white marker outside the star, labelled, and a line to its place.
    image = rasterize(layout.svg)
    assert close(image(marker.x, marker.y), (255, 255, 255), 30)
    label = next(p for p in layout.labels if p.request.key == marker.key)
    assert label.request.text == "Panmunjom"
    assert f'class="set-aside" data-place="{marker.key}"' in layout.svg
    # Its car and foot legs would show nothing between the star and the marker: not drawn,
    # and not in the legend.
    assert "car" not in layout.modes and "foot" not in layout.modes


def test_bundled_overview_labels_the_main_places(bundled: Dataset) -> None:
    layout = layout_map(bundled.trips(), width=1000, height=700)
    texts = {p.request.text: p.request.key for p in layout.labels}
    for name in ("Pyongyang", "Beijing", "Moscow", "Vladivostok", "Singapore", "Panmunjom"):
        assert name in texts, name
    for name in ("Dalian", "Manzhouli", "Hanoi", "Shanghai"):
        assert name in texts, name
    assert not {"Artyom-Primorsky-1", "Capella Hotel", "Khasan"} & set(texts)
    by_key = {m.key: m for m in layout.markers}
    assert by_key[texts["Vladivostok"]].key == "vladivostok"  # on the city, not Khasan
    assert "capella-singapore" in by_key[texts["Singapore"]].places
    assert "panmunjom-south" in by_key[texts["Panmunjom"]].places


def test_leader_lines_cross_no_other_label_or_marker(bundled: Dataset) -> None:
    for size in ((1000, 700), (800, 600)):
        layout = layout_map(bundled.trips(), width=size[0], height=size[1])
        leaders = [p for p in layout.labels if p.leader is not None]
        assert leaders, "the crowded overview sets some labels off"
        for p in leaders:
            assert p.leader is not None
            x0, y0, x1, y1 = p.leader
            assert math.hypot(x1 - x0, y1 - y0) <= 40, p.request.text  # stays near its marker
            for other in layout.labels:
                if other is not p:
                    assert not segment_crosses(p.leader, other.box), (p.request.text, other)
            for m in layout.markers:
                if m.key != p.request.key:
                    box = marker_box(m.x, m.y, m.radius)
                    assert not segment_crosses(p.leader, box), (p.request.text, m.name)


def test_control_characters_never_break_the_xml(hanoi: Trip) -> None:
    text = render_map([hanoi], title="T\x01\x1b[31m", version="1.4.0\x07")
    root = parse(text)  # well-formed XML: XML 1.0 forbids these characters
    assert "\x01" not in text and "\x1b" not in text and "\x07" not in text
    assert root is not None
