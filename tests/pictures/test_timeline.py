"""The timeline as a reader sees it, rendered to PNG by cairosvg."""

from __future__ import annotations

import datetime as dt

import pytest

from kimtravel import geo
from kimtravel.db import Dataset
from kimtravel.labels import segment_crosses, short_name
from kimtravel.models import Trip
from kimtravel.style import COUNTRY_COLOURS
from kimtravel.timeline import (
    GRID,
    MIN_BAR,
    SWATCH,
    TimelineLayout,
    is_uncertain,
    layout_timeline,
    main_mode,
    render_timeline,
    short_label,
    summit_counterparts,
)
from tests.pictures.raster import SVG_NS, close, hex_rgb, parse, rasterize
from tests.pictures.synthetic import (
    BEIJING,
    CHINA_LINE,
    KIS,
    KJU,
    PUTIN,
    PYONGYANG_STATION,
    SUNAN,
    VLADIVOSTOK,
    VLADIVOSTOK_LINE,
    XI,
    event,
    line,
    place,
    trip,
)

TODAY = dt.date(2025, 6, 1)


def test_output_is_well_formed_and_readme_wide(trips: list[Trip]) -> None:
    root = parse(render_timeline(trips, today=TODAY))
    assert root.get("width") == "900"
    sizes = [float(t.get("font-size", "0")) for t in root.iter(f"{SVG_NS}text")]
    assert min(sizes) >= 9


def test_one_band_per_traveller_in_order(trips: list[Trip]) -> None:
    layout = layout_timeline(trips, today=TODAY)
    assert [b.name for b in layout.bands] == ["Kim Il Sung", "Kim Jong Il", "Kim Jong Un"]
    for upper, lower in zip(layout.bands, layout.bands[1:], strict=False):
        assert upper.bottom < lower.top
    names = {
        "".join(t.itertext())
        for t in parse(layout.svg).iter(f"{SVG_NS}text")
        if t.get("class") == "band-name"
    }
    assert names == {
        "Kim Il Sung \u00b7 3 journeys",
        "Kim Jong Il \u00b7 2 journeys",
        "Kim Jong Un \u00b7 4 journeys",
    }


def test_latest_band_runs_to_today(trips: list[Trip]) -> None:
    layout = layout_timeline(trips, today=TODAY)
    assert layout.bands[-1].last == dt.date(2026, 1, 1)
    assert layout.bands[0].first == dt.date(1975, 1, 1)


def test_bars_sit_at_their_dates(trips: list[Trip]) -> None:
    layout = layout_timeline(trips, today=TODAY)
    bands = {b.traveler_id: b for b in layout.bands}
    by_id = {t.id: t for t in trips}
    assert {b.trip_id for b in layout.bars} == set(by_id)
    for bar in layout.bars:
        t, band = by_id[bar.trip_id], bands[bar.traveler_id]
        assert bar.box.x0 == pytest.approx(band.x(t.start_date))
        end = band.x(t.end_date + dt.timedelta(days=1))
        assert bar.box.x1 == pytest.approx(max(end, bar.box.x0 + MIN_BAR))
        assert band.top < bar.box.y0 < bar.box.y1 < band.bottom
    # The SVG says the same as the layout.
    rects = {
        r.get("data-trip"): r
        for r in parse(layout.svg).iter(f"{SVG_NS}rect")
        if r.get("class") == "bar"
    }
    for bar in layout.bars:
        assert float(rects[bar.trip_id].get("x", "nan")) == pytest.approx(bar.box.x0, abs=0.06)


def test_bars_are_painted_in_their_country_colour(trips: list[Trip]) -> None:
    layout = layout_timeline(trips, today=TODAY)
    image = rasterize(layout.svg)
    for bar in layout.bars:
        x, y = (bar.box.x0 + bar.box.x1) / 2, (bar.box.y0 + bar.box.y1) / 2
        inside = {
            image(px, py)
            for px in range(int(bar.box.x0) + 1, int(bar.box.x1))
            for py in range(int(bar.box.y0) + 2, int(bar.box.y1) - 1)
        }
        assert any(close(c, hex_rgb(bar.colour), 40) for c in inside), bar.trip_id
        if bar.uncertain:  # hatched: stripes of colour on white
            assert any(close(c, (255, 255, 255), 30) for c in inside), bar.trip_id
        else:
            assert close(image(x, y), hex_rgb(bar.colour), 8), bar.trip_id


def test_short_trips_stay_visible() -> None:
    day = trip(
        "day-trip",
        KJU,
        "2019-04-25",
        "2019-04-25",
        ("RU",),
        [(PYONGYANG_STATION, VLADIVOSTOK, "train")],
    )
    long = trip(
        "long",
        KJU,
        "2010-01-01",
        "2024-12-31",
        ("RU",),
        [(PYONGYANG_STATION, VLADIVOSTOK, "train")],
    )
    layout = layout_timeline([day, long], today=TODAY)
    bar = next(b for b in layout.bars if b.trip_id == "day-trip")
    assert bar.box.x1 - bar.box.x0 >= MIN_BAR


def test_uncertain_dates_are_hatched(trips: list[Trip]) -> None:
    layout = layout_timeline(trips, today=TODAY)
    rects = {
        r.get("data-trip", ""): r
        for r in parse(layout.svg).iter(f"{SVG_NS}rect")
        if r.get("class") == "bar"
    }
    by_id = {t.id: t for t in trips}
    assert any(is_uncertain(t) for t in trips)
    for trip_id, rect in rects.items():
        hatched = rect.get("fill", "").startswith("url(#hatch-")
        assert hatched == is_uncertain(by_id[trip_id]), trip_id
    assert parse(layout.svg).find(f".//{SVG_NS}g[@class='legend-hatch']") is not None


def test_legend_lists_each_first_country_once(trips: list[Trip]) -> None:
    layout = layout_timeline(trips, today=TODAY)
    firsts = {t.countries[0] for t in trips}
    own = firsts & set(COUNTRY_COLOURS)
    assert firsts - own, "some synthetic first countries have no colour of their own"
    assert [code for code, _ in layout.legend] == [
        *(c for c in COUNTRY_COLOURS if c in own),
        "other",
    ]
    colours = [c for _, c in layout.legend]
    assert len(colours) == len(set(colours))
    texts = {
        "".join(t.itertext())
        for g in parse(layout.svg).iter(f"{SVG_NS}g")
        if g.get("class") == "legend-item"
        for t in g.iter(f"{SVG_NS}text")
    }
    assert texts == {geo.country_name(c) for c in own} | {"Other"}
    assert "Soviet Union" in texts


def test_labels_do_not_overlap_bars_or_each_other(trips: list[Trip]) -> None:
    layout = layout_timeline(trips, today=TODAY)
    boxes = [box for _, _, box in layout.labels]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b)
        for bar in layout.bars:
            assert not a.overlaps(bar.box)
        assert a.x0 >= 0 and a.x1 <= layout.width
    assert {text for _, text, _ in layout.labels} >= {"Hanoi", "Singapore", "Moscow"}


def test_many_countries_fall_back_to_other() -> None:
    codes = ["CN", "RU", "VN", "SG", "MN", "DE", "RO", "DZ", "MR"]
    many = [
        trip(
            f"t{i}",
            KJU,
            f"{2000 + i}-05-01",
            f"{2000 + i}-05-09",
            (code,),
            [(PYONGYANG_STATION, VLADIVOSTOK, "train")],
        )
        for i, code in enumerate(codes)
    ]
    layout = layout_timeline(many, today=TODAY)
    # Colours are fixed by country: those without one of their own share the grey "Other".
    assert layout.legend == (
        ("CN", COUNTRY_COLOURS["CN"]),
        ("RU", COUNTRY_COLOURS["RU"]),
        ("RO", COUNTRY_COLOURS["RO"]),
        ("other", "#9E9E9E"),
    )
    assert {b.colour for b in layout.bars if b.country in {"VN", "SG", "DZ"}} == {"#9E9E9E"}


def test_empty_input_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one"):
        render_timeline([])


def test_one_traveller_needs_no_overview(hanoi: Trip) -> None:
    root = parse(render_timeline([hanoi], today=TODAY))
    ticks = [r for r in root.iter(f"{SVG_NS}rect") if r.get("class") == "overview-tick"]
    assert ticks == []


def test_label_names_the_city_not_the_station(hanoi: Trip) -> None:
    assert short_label(hanoi) == "Hanoi"
    assert short_name("Khasan Railway Station") == "Khasan"
    assert short_name("Capella Hotel, Sentosa") == "Capella Hotel"
    assert short_name("A" * 40).endswith("\u2026")
    assert len(short_name("A" * 40)) == 26


def test_each_label_shows_its_journeys_main_mode(trips: list[Trip]) -> None:
    layout = layout_timeline(trips, today=TODAY)
    by_id = {t.id: t for t in trips}
    groups = [g for g in parse(layout.svg).iter(f"{SVG_NS}g") if g.get("class") == "bar-label"]
    assert {g.get("data-trip") for g in groups} == {trip_id for trip_id, _, _ in layout.labels}
    for g in groups:
        trip = by_id[g.get("data-trip", "")]
        assert g.get("data-mode") == main_mode(trip)
        swatch = g.find(f"{SVG_NS}g[@class='leg']")
        assert swatch is not None and swatch.get("data-mode") == main_mode(trip)
    # The mode legend names exactly the modes the labels show.
    legend = [
        g.get("data-mode")
        for g in parse(layout.svg).iter(f"{SVG_NS}g")
        if g.get("class") == "legend-mode"
    ]
    assert legend == list(layout.modes)
    assert set(legend) == {main_mode(t) for t in trips}


def test_main_mode_skips_unknown_parts() -> None:
    hops = [(SUNAN, BEIJING, "unknown"), (BEIJING, SUNAN, "air")]
    assert main_mode(trip("t", KIS, "1970-10", "1970-10", ("CN",), hops)) == "air"
    only = [(SUNAN, BEIJING, "unknown")]
    assert main_mode(trip("u", KIS, "1970-10", "1970-10", ("CN",), only)) == "unknown"


def test_label_names_the_town_of_the_first_summit() -> None:
    guesthouse = place("guesthouse", "State Guesthouse", "CN", 39.91, 116.31, "venue")
    venue_only = place("cosmodrome", "Far Cosmodrome", "RU", 51.88, 128.33, "site")
    dalian = place("dalian", "Dalian", "CN", 38.91, 121.60)
    china = line(CHINA_LINE)
    at_venue = trip(
        "v",
        KJU,
        "2019-01-07",
        "2019-01-10",
        ("CN",),
        china,
        (event("v", 1, dalian, (), "tour"), event("v", 2, guesthouse, (XI,), "summit")),
    )
    # The venue is labelled with the journey's town nearest to it (Beijing, 8 km away),
    # not with the first city visited.
    assert short_label(at_venue) == "Beijing"
    far = trip(
        "f",
        KJU,
        "2023-09-10",
        "2023-09-19",
        ("RU",),
        line(VLADIVOSTOK_LINE),
        (event("f", 1, venue_only, (PUTIN,), "summit"),),
    )
    assert short_label(far) == "Far Cosmodrome"
    assert summit_counterparts(far) == ["Vladimir Putin"]


def _axis_years(svg_text: str) -> list[int]:
    return [
        int(t.text)
        for t in parse(svg_text).iter(f"{SVG_NS}text")
        if t.text and t.text.isdigit() and len(t.text) == 4
    ]


def test_a_traveller_out_of_office_has_no_axis_to_today(trips: list[Trip]) -> None:
    kis = [t for t in trips if t.traveler.id == "kim-il-sung"]
    layout = layout_timeline(kis, today=TODAY)
    (band,) = layout.bands
    assert band.last == dt.date(1985, 1, 1)  # his last journey is in 1984, not today
    assert max(_axis_years(layout.svg)) <= 1985
    # In the full timeline, too, only Kim Jong Un (in office) runs to today.
    full = layout_timeline(trips, today=TODAY)
    assert [b.last.year for b in full.bands] == [1985, 2011, 2026]


def test_a_traveller_in_office_runs_to_today(trips: list[Trip]) -> None:
    kju = [t for t in trips if t.traveler.id == "kim-jong-un"]
    layout = layout_timeline(kju, today=TODAY)
    assert layout.bands[0].last == dt.date(2026, 1, 1)
    assert max(_axis_years(layout.svg)) >= 2025


def test_the_title_names_the_one_traveller(trips: list[Trip]) -> None:
    kis = [t for t in trips if t.traveler.id == "kim-il-sung"]
    title = parse(render_timeline(kis, today=TODAY)).find(f"{SVG_NS}title")
    assert title is not None
    assert title.text == "Journeys abroad of Kim Il Sung, 1975\u20131984: 3 journeys"
    shown = "".join(parse(render_timeline(kis, today=TODAY)).find(f"{SVG_NS}g").itertext())
    assert "Kim Il Sung" in shown
    many = parse(render_timeline(trips, today=TODAY)).find(f"{SVG_NS}title")
    assert many is not None and many.text is not None and "by 3 leaders" in many.text


def test_a_country_keeps_its_colour_whoever_is_drawn(trips: list[Trip]) -> None:
    full = layout_timeline(trips, today=TODAY)
    colour_in_full = {b.trip_id: b.colour for b in full.bars}
    image_full = rasterize(full.svg)
    for traveler in ("kim-il-sung", "kim-jong-il", "kim-jong-un"):
        own = [t for t in trips if t.traveler.id == traveler]
        one = layout_timeline(own, today=TODAY)
        image_one = rasterize(one.svg)
        for bar in one.bars:
            assert bar.colour == colour_in_full[bar.trip_id], (traveler, bar.trip_id)
            if bar.uncertain:
                continue
            # What the reader sees: the same paint in both pictures.
            twin = next(b for b in full.bars if b.trip_id == bar.trip_id)
            mid = ((bar.box.x0 + bar.box.x1) / 2, (bar.box.y0 + bar.box.y1) / 2)
            mid_full = ((twin.box.x0 + twin.box.x1) / 2, (twin.box.y0 + twin.box.y1) / 2)
            assert close(image_one(*mid), image_full(*mid_full), 8), bar.trip_id
        legend = dict(one.legend)
        assert all(legend[c] == dict(full.legend)[c] for c in legend), traveler
    assert dict(full.legend)["CN"] != dict(full.legend)["SUHH"]


def _leaders(layout: TimelineLayout) -> list[tuple[str, tuple[float, float, float, float]]]:
    return [
        (
            line.get("data-trip", ""),
            tuple(float(line.get(k, "nan")) for k in ("x1", "y1", "x2", "y2")),  # type: ignore[misc]
        )
        for line in parse(layout.svg).iter(f"{SVG_NS}line")
        if line.get("class") == "label-leader"
    ]


@pytest.mark.parametrize("which", ["synthetic", "bundled"])
def test_leader_lines_join_a_label_to_its_own_bar_and_cross_nothing(
    which: str, trips: list[Trip], bundled: Dataset
) -> None:
    chosen = trips if which == "synthetic" else list(bundled.trips())
    layout = layout_timeline(chosen, today=TODAY)
    bars = {b.trip_id: b for b in layout.bars}
    boxes = {trip_id: box for trip_id, _, box in layout.labels}
    leaders = _leaders(layout)
    assert leaders
    for trip_id, (x1, y1, x2, y2) in leaders:
        bar, box = bars[trip_id].box, boxes[trip_id]
        # One end on the bar's edge, within the bar; the other on the label's edge.
        ends = [(x1, y1), (x2, y2)]
        on_bar = [p for p in ends if bar.x0 <= p[0] <= bar.x1 and p[1] in (bar.y0, bar.y1)]
        on_label = [
            p
            for p in ends
            if box.x0 <= p[0] <= box.x1 and abs(p[1] - box.y0) * abs(p[1] - box.y1) < 0.01
        ]
        assert on_bar and on_label, (trip_id, ends, bar, box)
        segment = (x1, y1, x2, y2)
        for other_id, other in boxes.items():
            if other_id != trip_id:
                assert not segment_crosses(segment, other), (trip_id, other_id)
        for other_bar in layout.bars:
            if other_bar.trip_id != trip_id:
                assert not segment_crosses(segment, other_bar.box), (trip_id, other_bar.trip_id)
    # Every bar of the bundled data keeps its label.
    if which == "bundled":
        assert len(layout.labels) == len(layout.bars)


def test_labels_sit_over_the_grid_on_a_halo(bundled: Dataset) -> None:
    layout = layout_timeline(bundled.trips(), today=TODAY)
    root = parse(layout.svg)
    # Each band's grid is drawn before (under) that band's labels.
    drawn = list(root.iter())
    band_of = {b.trip_id: b.traveler_id for b in layout.bars}
    tops = {b.traveler_id: b.top for b in layout.bands}
    for i, el in enumerate(drawn):
        if el.get("class") != "bar-label":
            continue
        top = tops[band_of[el.get("data-trip", "")]]
        later = [
            g for g in drawn[i:] if g.get("class") == "grid" and float(g.get("y1", "0")) == top
        ]
        assert not later, el.get("data-trip")
    for group in root.iter(f"{SVG_NS}g"):
        if group.get("class") == "bar-label":
            texts = [t for t in group.iter(f"{SVG_NS}text")]
            assert texts[0].get("stroke") == "#ffffff" or texts[0].get("stroke") == "#FFFFFF"
    # What the reader sees: where a grid line runs through a label's text, the letters look
    # the same as with no grid at all (the halo hides the line next to them).
    image = rasterize(layout.svg)
    bare = rasterize(layout.svg.replace(f'stroke="{GRID}"', 'stroke="none"'))
    crossed = 0
    for rule in root.iter(f"{SVG_NS}line"):
        if rule.get("class") != "grid":
            continue
        x = float(rule.get("x1", "nan"))
        for _, _, box in layout.labels:
            if not box.x0 + SWATCH + 4 < x < box.x1 - 1:  # through the text, past the swatch
                continue
            crossed += 1
            for px in range(int(x) - 2, int(x) + 3):
                for py in range(int(box.y0) + 1, int(box.y1)):
                    if max(bare(px, py)) < 120:  # ink of a letter: it and its neighbours
                        for dx in (-1, 0, 1):
                            for dy in (-1, 0, 1):
                                here = (px + dx, py + dy)
                                assert close(image(*here), bare(*here), 8), (box, here)
    assert crossed
