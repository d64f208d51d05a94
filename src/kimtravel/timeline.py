"""A timeline of journeys as SVG: one band per traveller, each with its own time axis.

The leaders' journeys span 1949 to today with decades of gaps between them, while one journey
lasts days. One shared axis at README width would make every journey a hairline, so each
traveller gets a band zoomed to his own years, and an overview strip at the top keeps the whole
span (and the gaps between the bands) in view. Bars run from ``start_date`` to ``end_date``,
coloured by the first destination country; a journey whose start or end is not known to the day
is hatched.

:func:`render_timeline` returns the SVG text; :func:`layout_timeline` returns it with the layout
(bar positions, bands, labels) for tests.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from kimtravel import geo, svg
from kimtravel.labels import Box, segment_crosses, short_name
from kimtravel.models import Place, Trip, great_circle_km
from kimtravel.routes import legend_swatch
from kimtravel.style import COUNTRY_COLOURS, INK, MUTED, OTHER_COLOUR, legend_order, mode_style

_PLAIN_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
MIN_BAR = 4.0
"""Narrowest bar in px (a day trip is still visible)."""
BAR_HEIGHT = 12.0
LANE = 16.0
LABEL_SIZE = 10.0
LABEL_LANE = 12.0
LABEL_LANES = 3
"""Label lanes on each side of a band's bars (a label is dropped only when all are taken)..."""
MAX_LABEL_LANES = 5
"""...or up to this many, in a band where fewer leave a bar unlabelled."""
LABEL_SHIFTS = (0.0, 10.0, -10.0, 20.0, -20.0)
"""How far (px) a label may move aside from its bar's middle, on a slanting leader line."""
LEADER_CLEARANCE = 3.0
"""Least room in px between a leader line and any bar but its own."""
LEADER = "#8C8C8C"
"""Colour of the line from a label to its bar."""
GRID = "#E6E6E6"
"""Colour of the year lines behind a band."""
HOME_COUNTRY = "KP"
SWATCH = 14.0
"""Length in px of the mode sample drawn before each bar label (the map's line for that mode)."""
NEAR_CITY_KM = 60.0
"""A summit venue is labelled with the journey's city that lies within this distance."""


@dataclass(frozen=True, slots=True)
class Band:
    """One traveller's band: his name, the dates its axis spans and where it is drawn."""

    traveler_id: str
    name: str
    first: dt.date
    last: dt.date
    left: float
    right: float
    top: float
    bottom: float

    def x(self, day: dt.date) -> float:
        """Return the x position (px) of the start of ``day`` on this band's axis."""
        span = (self.last - self.first).days
        return self.left + (day - self.first).days / span * (self.right - self.left)


@dataclass(frozen=True, slots=True)
class Bar:
    """One journey's bar: its trip, band, box in px, colour and whether its dates are uncertain."""

    trip_id: str
    traveler_id: str
    box: Box
    colour: str
    country: str
    uncertain: bool


@dataclass(frozen=True, slots=True)
class TimelineLayout:
    """A rendered timeline and its layout (bands, bars, labels placed, legend countries, modes)."""

    svg: str
    width: float
    height: float
    bands: tuple[Band, ...]
    bars: tuple[Bar, ...]
    labels: tuple[tuple[str, str, Box], ...]
    """(trip id, text, box) of each bar label drawn."""
    legend: tuple[tuple[str, str], ...]
    """(country code or ``other``, colour) in legend order."""
    modes: tuple[str, ...]
    """The main modes the labels show, in the mode legend's order."""


def is_uncertain(trip: Trip) -> bool:
    """Return whether the trip's start or end is not reported as one plain day."""
    return not (_PLAIN_DAY.fullmatch(trip.start_edtf) and _PLAIN_DAY.fullmatch(trip.end_edtf))


def main_mode(trip: Trip) -> str:
    """Return the mode a trip's label shows: its first mode other than ``unknown``, else that."""
    return next((m for m in trip.modes if m != "unknown"), "unknown")


def summit_counterparts(trip: Trip) -> list[str]:
    """Return the names of the first-listed counterparts of the trip's summits, in order."""
    names: list[str] = []
    for event in trip.events:
        if event.kind == "summit" and event.counterparts:
            name = event.counterparts[0].name
            if name not in names:
                names.append(name)
    return names


_TOWN_KINDS = ("city", "station", "airport", "site")
"""Kinds of place that name a town, best first, for labelling a summit held at a venue."""


def _summit_city(trip: Trip) -> str | None:
    """Return where the trip's first summit abroad was held, or ``None`` when it had none.

    A summit held in a city is labelled with it; one held at a venue, with the nearest place of
    the journey within :data:`NEAR_CITY_KM` that names a town (a city, else a station, airport
    or site: ``Beijing Railway Station`` gives ``Beijing``), else with the venue's own name.
    """
    places = [e.place for e in trip.events] + [
        p for leg in trip.legs for p in (leg.origin, leg.destination)
    ]
    for event in trip.events:
        venue = event.place
        if event.kind != "summit" or venue.country == HOME_COUNTRY:
            continue
        if venue.kind == "city":
            return short_name(venue.name)
        for kind in _TOWN_KINDS:
            near = [
                p for p in places if p.kind == kind and great_circle_km(p, venue) <= NEAR_CITY_KM
            ]
            if near:
                return short_name(min(near, key=lambda p: great_circle_km(p, venue)).name)
        return short_name(venue.name)
    return None


def short_label(trip: Trip) -> str:
    """Return a compact label for a trip: where its first summit abroad was held.

    Without a summit: the city with most of its events abroad (the first of them on a tie),
    else the city its legs reach most often, else the first place of its events abroad, else
    the first destination country's name.
    """
    summit = _summit_city(trip)
    if summit:
        return summit
    events_abroad = [e.place for e in trip.events if e.place.country != HOME_COUNTRY]
    cities = [p for p in events_abroad if p.kind == "city"]
    if cities:
        counts = Counter(p.id for p in cities)
        best = max(cities, key=lambda p: (counts[p.id], -cities.index(p)))
        return short_name(best.name)
    reached: list[Place] = [
        leg.destination for leg in trip.legs if leg.destination.country != HOME_COUNTRY
    ]
    reached_cities = [p for p in reached if p.kind == "city"]
    if reached_cities:
        return short_name(Counter(reached_cities).most_common(1)[0][0].name)
    if events_abroad:
        return short_name(events_abroad[0].name)
    return geo.country_name(trip.countries[0])


def country_colours(trips: Sequence[Trip]) -> dict[str, str]:
    """Return the colour of each first-destination country of the trips, in legend order.

    Colours come from the fixed :data:`~kimtravel.style.COUNTRY_COLOURS`, so a country keeps
    its colour whichever trips or travellers a timeline draws; any other country is grey
    (:data:`~kimtravel.style.OTHER_COLOUR`) and listed after them.
    """
    firsts = {t.countries[0] for t in trips}
    colours = {c: colour for c, colour in COUNTRY_COLOURS.items() if c in firsts}
    for code in sorted(firsts - set(COUNTRY_COLOURS)):
        colours[code] = OTHER_COLOUR
    return colours


def _year_step(px_per_year: float) -> int:
    for step in (1, 2, 5, 10, 20):
        if px_per_year * step >= 38:
            return step
    return 50


def _axis(band: Band, y: float) -> list[str]:
    parts = [
        svg.element("line", x1=band.left, y1=y, x2=band.right, y2=y, stroke=MUTED, stroke_width=0.8)
    ]
    years = (band.last - band.first).days / 365.25
    step = _year_step((band.right - band.left) / years)
    year = band.first.year
    while dt.date(year, 1, 1) <= band.last:
        day = dt.date(year, 1, 1)
        if day >= band.first:
            x = band.x(day)
            major = year % step == 0
            parts.append(
                svg.element(
                    "line",
                    x1=x,
                    y1=y,
                    x2=x,
                    y2=y + (4 if major else 2),
                    stroke=MUTED,
                    stroke_width=0.8,
                )
            )
            if major:
                parts.append(
                    svg.element(
                        "line",
                        x1=x,
                        y1=band.top,
                        x2=x,
                        y2=y,
                        stroke=GRID,
                        stroke_width=0.6,
                        class_="grid",
                    )
                )
                half = svg.text_width(str(year), 10) / 2
                anchor = (
                    "start"
                    if x - half < band.left
                    else "end"
                    if x + half > band.right
                    else "middle"
                )
                parts.append(
                    svg.element(
                        "text",
                        str(year),
                        x=x,
                        y=y + 14,
                        font_size=10.0,
                        fill=MUTED,
                        text_anchor=anchor,
                    )
                )
        year += 1
    return parts


def _hatch(colour: str, index: int) -> tuple[str, str]:
    pattern_id = f"hatch-{index}"
    pattern = svg.element(
        "pattern",
        svg.element("rect", x=0, y=0, width=5, height=5, fill="#FFFFFF")
        + svg.element("path", d="M0 5L5 0M-1 1L1 -1M4 6L6 4", stroke=colour, stroke_width=1.6),
        id=pattern_id,
        width=5,
        height=5,
        patternUnits="userSpaceOnUse",
    )
    return pattern_id, pattern


def _lanes(spans: Sequence[tuple[float, float]]) -> list[int]:
    """Return a lane index for each (x0, x1) span so spans in one lane do not touch."""
    ends: list[float] = []
    lanes = []
    for x0, x1 in spans:
        for i, end in enumerate(ends):
            if x0 >= end + 1:
                ends[i] = x1
                lanes.append(i)
                break
        else:
            ends.append(x1)
            lanes.append(len(ends) - 1)
    return lanes


def in_office(trip: Trip) -> bool:
    """Return whether the trip's traveller is still in office (his ``leader_to`` is empty)."""
    return trip.traveler.leader_to is None


def _band_span(own: Sequence[Trip], today: dt.date | None) -> tuple[dt.date, dt.date]:
    """Return the first and last day of a band's axis: whole years around its journeys.

    With ``today`` (a traveller still in office), the axis runs on to the end of today's year.
    """
    end_day = max(t.end_date for t in own)
    if today is not None:
        end_day = max(end_day, today)
    return dt.date(min(t.start_date for t in own).year, 1, 1), dt.date(end_day.year + 1, 1, 1)


def _overview(
    ordered: Sequence[Trip],
    spans: dict[str, tuple[dt.date, dt.date]],
    names: dict[str, str],
    colours: dict[str, str],
    left: float,
    right: float,
    last_day: dt.date,
) -> list[str]:
    """Return the overview strip: every journey as a tick on one axis, each band bracketed."""
    first = dt.date(ordered[0].start_date.year, 1, 1)
    overview = Band("all", "all", first, dt.date(last_day.year + 1, 1, 1), left, right, 40, 78)
    parts = [svg.element("text", "All years", x=left, y=44, font_size=10.0, fill=MUTED)]
    for trip in ordered:
        parts.append(
            svg.element(
                "rect",
                x=overview.x(trip.start_date) - 1,
                y=50,
                width=2.5,
                height=12,
                fill=colours[trip.countries[0]],
                class_="overview-tick",
                data_trip=trip.id,
            )
        )
    parts += _axis(overview, 66)
    for traveler_id, (start, end) in spans.items():
        ox0, ox1 = overview.x(start), overview.x(end)
        corners = [(ox0, 74), (ox0, 78), (ox1, 78), (ox1, 74)]
        parts.append(
            svg.element("path", d=svg.path_data(corners), fill="none", stroke=INK, stroke_width=1.0)
        )
        parts.append(
            svg.element(
                "text",
                svg.esc(names[traveler_id]),
                x=(ox0 + ox1) / 2,
                y=90,
                font_size=9.0,
                fill=INK,
                text_anchor="middle",
            )
        )
    return parts


def _bar_element(trip: Trip, bar: Bar, fill: str) -> str:
    tip = svg.element(
        "title",
        svg.esc(
            f"{trip.id}: {trip.start_edtf} to {trip.end_edtf}, "
            + ", ".join(geo.country_name(c) for c in trip.countries)
            + f"; by {' and '.join(trip.modes)}"
            + (f"; summits: {', '.join(met)}" if (met := summit_counterparts(trip)) else "")
        ),
    )
    return svg.element(
        "rect",
        tip,
        x=bar.box.x0,
        y=bar.box.y0,
        width=bar.box.x1 - bar.box.x0,
        height=BAR_HEIGHT,
        fill=fill,
        stroke=bar.colour,
        stroke_width=1.0,
        class_="bar",
        data_trip=trip.id,
    )


@dataclass(frozen=True, slots=True)
class _Wanted:
    """A bar label to place: its trip, bar, text and the mode its sample line shows."""

    trip: Trip
    bar: Bar
    text: str
    mode: str

    @property
    def width(self) -> float:
        return SWATCH + 3 + svg.text_width(self.text, LABEL_SIZE)


Segment = tuple[float, float, float, float]
_Spot = tuple[Box, float, Segment | None]
"""A label's box, its text baseline, and its leader line (``None`` when it touches its bar)."""


def _spots(item: _Wanted, baselines: Sequence[float], frame: Band) -> Iterator[_Spot]:
    """Yield the positions a bar label may take, best first.

    Centred over the bar in each lane (nearest first), then starting or ending at the bar (so
    that a label in a nearer lane leaves room for its neighbour's leader), then moved aside by
    each of :data:`LABEL_SHIFTS`; a label away from its bar gets a leader line from the middle
    of the bar's edge to the nearest point of the label's edge.
    """
    bar = item.bar.box
    middle = (bar.x0 + bar.x1) / 2
    w = item.width
    edge = w / 2 - 3  # the label starting (or ending) just at its bar, the leader still upright
    for shift in (LABEL_SHIFTS[0], edge, -edge, *LABEL_SHIFTS[1:]):
        for base in baselines:
            cx = max(frame.left + w / 2, min(frame.right - w / 2, middle + shift))
            box = Box(cx - w / 2 - 1, base - LABEL_SIZE, cx + w / 2 + 1, base + 2)
            leader: Segment | None = None
            if box.y1 < bar.y0 - 1:
                leader = (min(max(middle, box.x0 + 2), box.x1 - 2), box.y1, middle, bar.y0)
            elif box.y0 > bar.y1 + 1:
                leader = (middle, bar.y1, min(max(middle, box.x0 + 2), box.x1 - 2), box.y0)
            yield box, base, leader


def _fits(
    spot: _Spot,
    item: _Wanted,
    bars: Sequence[Bar],
    others: Iterable[tuple[Box, Segment | None]],
) -> bool:
    """Return whether a label may sit at ``spot`` beside the bars and the labels ``others``.

    Its box overlaps no bar, no other label and no other label's leader; its leader crosses no
    other label and keeps :data:`LEADER_CLEARANCE` px from every other bar. A leader slants (at
    most 45 degrees) only from a bar in the outermost lane on the label's side, so that it never
    threads between other bars.
    """
    top = min(b.box.y0 for b in bars)
    bottom = max(b.box.y1 for b in bars)
    label_above = spot[0].y1 < item.bar.box.y0
    outermost = item.bar.box.y0 == top if label_above else item.bar.box.y1 == bottom
    box, _, leader = spot
    if leader is not None:
        x0, y0, x1, y1 = leader
        if abs(x1 - x0) > 1 and (abs(x1 - x0) > abs(y1 - y0) or not outermost):
            return False  # a slanting leader is steep, and only from a bar nothing hides
    for bar in bars:
        b = bar.box
        if box.overlaps(Box(b.x0 - 1, b.y0, b.x1 + 1, b.y1)):
            return False
        if leader is not None and bar is not item.bar:
            c = LEADER_CLEARANCE
            if segment_crosses(leader, Box(b.x0 - c, b.y0 - c, b.x1 + c, b.y1 + c)):
                return False
    for other, line in others:
        if box.overlaps(other) or (line is not None and segment_crosses(line, box)):
            return False
        if leader is not None and segment_crosses(leader, other):
            return False
    return True


def _place_bar_labels(
    wanted: Sequence[_Wanted], baselines: Sequence[float], frame: Band
) -> dict[str, _Spot]:
    """Return where each bar label goes, by trip id; a label with no room is left out.

    Labels are placed one by one. Each takes, among its free positions (:func:`_spots`), one
    that stands in the way of the fewest bars still to be labelled (whose upright leader would
    have to cross it), the first such. Then each label left out tries to take the place of a
    neighbour that can move elsewhere (one swap at a time, while that labels more bars). This
    is done in date order, latest first, and widest first; the layout labelling most bars wins
    (the earliest tried on a tie).
    """
    bars = [item.bar for item in wanted]
    above = [b for b in baselines if b < wanted[0].bar.box.y0] if wanted else []
    top = min((b.box.y0 for b in bars), default=0.0)
    bottom = max((b.box.y1 for b in bars), default=0.0)
    by_id = {item.trip.id: item for item in wanted}

    def attempt(order: Sequence[_Wanted]) -> dict[str, _Spot]:
        placed: dict[str, _Spot] = {}

        def in_the_way(spot: _Spot, item: _Wanted) -> int:
            # A label blocks the upright leaders of the bars under it from the lanes beyond
            # it: none from the outermost lane, most from the lane next to the bars. Only bars
            # facing that side count (those in the lane of bars next to it).
            box, base, _ = spot
            up = base in above
            side = above if up else [b for b in baselines if b not in above]
            beyond = len(side) - 1 - side.index(base)  # lanes farther out (nearest first)
            covered = sum(
                1
                for other in wanted
                if other is not item
                and other.trip.id not in placed
                and (other.bar.box.y0 == top if up else other.bar.box.y1 == bottom)
                and box.x0 <= (other.bar.box.x0 + other.bar.box.x1) / 2 <= box.x1
            )
            return covered * beyond

        def best_fit(item: _Wanted) -> _Spot | None:
            around = [(box, line) for box, _, line in placed.values()]
            free = [s for s in _spots(item, baselines, frame) if _fits(s, item, bars, around)]
            return min(free, key=lambda s: in_the_way(s, item), default=None)

        for item in order:
            spot = best_fit(item)
            if spot is not None:
                placed[item.trip.id] = spot
        improved = True
        while improved:
            improved = False
            for item in order:
                if item.trip.id in placed:
                    continue
                middle = (item.bar.box.x0 + item.bar.box.x1) / 2
                near = [
                    k
                    for k in placed
                    if abs((by_id[k].bar.box.x0 + by_id[k].bar.box.x1) / 2 - middle)
                    < item.width + by_id[k].width
                ]
                for k in near:
                    moved = placed.pop(k)
                    spot = best_fit(item)
                    if spot is not None:
                        placed[item.trip.id] = spot
                        again = best_fit(by_id[k])
                        if again is not None:
                            placed[k] = again
                            improved = True
                            break
                        del placed[item.trip.id]
                    placed[k] = moved
        return placed

    orders = (
        list(wanted),
        list(reversed(wanted)),
        sorted(wanted, key=lambda item: -item.width),
    )
    best: dict[str, _Spot] = {}
    for order in orders:
        placed = attempt(order)
        if len(placed) > len(best):
            best = placed
        if len(best) == len(wanted):
            break
    return best


def _draw_band(
    frame: Band,
    own: Sequence[Trip],
    colours: dict[str, str],
    hatch: Callable[[str], str],
) -> tuple[Band, list[Bar], list[tuple[str, str, Box]], list[str]]:
    """Draw one traveller's band below ``frame.top``; return (band, bars, labels, SVG parts).

    Bars that would touch share no lane. Each label tries the lanes above the bars, nearest
    first, then those below (:data:`LABEL_LANES` each side, more up to :data:`MAX_LABEL_LANES`
    where a label finds no room), centred on its bar, then moved aside
    (:data:`LABEL_SHIFTS`), and is dropped only when all are taken. A label away from its
    bar hangs on a leader line from the bar's middle that crosses no other label or bar; labels
    are drawn over the grid on a white halo.
    """
    spans = []
    for trip in own:
        x0 = frame.x(trip.start_date)
        x1 = max(frame.x(trip.end_date + dt.timedelta(days=1)), x0 + MIN_BAR)
        spans.append((x0, x1))
    lanes = _lanes(spans)
    # Three label lanes a side, or more in a band too crowded to label every bar.
    for n in range(LABEL_LANES, MAX_LABEL_LANES + 1):
        label_top = frame.top + 18
        bar_top = label_top + n * LABEL_LANE + 2
        bars_bottom = bar_top + (max(lanes) + 1) * LANE
        parts: list[str] = []
        bars: list[Bar] = []
        for trip, (x0, x1), lane in zip(own, spans, lanes, strict=True):
            top = bar_top + lane * LANE
            country = trip.countries[0]
            bar = Bar(
                trip.id,
                frame.traveler_id,
                Box(x0, top, x1, top + BAR_HEIGHT),
                colours[country],
                country,
                is_uncertain(trip),
            )
            bars.append(bar)
            parts.append(
                _bar_element(
                    trip, bar, f"url(#{hatch(bar.colour)})" if bar.uncertain else bar.colour
                )
            )
        baselines = [label_top + k * LABEL_LANE - 2 for k in range(n, 0, -1)] + [
            bars_bottom + k * LABEL_LANE for k in range(1, n + 1)
        ]
        wanted = [
            _Wanted(trip, bar, short_label(trip), main_mode(trip))
            for trip, bar in zip(own, bars, strict=True)
        ]
        placed = _place_bar_labels(wanted, baselines, frame)
        if len(placed) == len(wanted):
            break
    labels: list[tuple[str, str, Box]] = []
    leaders: list[str] = []
    texts: list[str] = []
    lowest = bars_bottom
    for item in wanted:
        spot = placed.get(item.trip.id)
        if spot is None:
            continue
        box, base, leader = spot
        labels.append((item.trip.id, item.text, box))
        lowest = max(lowest, base)
        if leader is not None:
            lx0, ly0, lx1, ly1 = leader
            leaders.append(
                svg.element(
                    "line",
                    x1=lx0,
                    y1=ly0,
                    x2=lx1,
                    y2=ly1,
                    stroke=LEADER,
                    stroke_width=0.7,
                    class_="label-leader",
                    data_trip=item.trip.id,
                )
            )
        x0 = box.x0 + 1
        texts.append(
            svg.element(
                "g",
                legend_swatch(item.mode, x0, base - LABEL_SIZE * 0.35, SWATCH)
                + svg.halo_text(
                    x0 + SWATCH + 3, base, item.text, size=LABEL_SIZE, fill=INK, halo="#FFFFFF"
                ),
                class_="bar-label",
                data_trip=item.trip.id,
                data_mode=item.mode,
            )
        )
    axis_y = (lowest + 4) if lowest > bars_bottom else bars_bottom + 2
    band = Band(
        frame.traveler_id,
        frame.name,
        frame.first,
        frame.last,
        frame.left,
        frame.right,
        frame.top,
        axis_y,
    )
    # The grid goes under everything; labels, on their halos, over the bars and leaders.
    return band, bars, labels, _axis(band, axis_y) + parts + leaders + texts


_LegendEntry = tuple[float, Callable[[float, float], str], str, dict[str, object]]
"""A legend entry: its swatch's width, a drawer of the swatch at (x, baseline), its text and the
attributes of its group."""


def _rect_swatch(x: float, y: float, **paint: object) -> str:
    """Return a 12 x 10 px colour swatch beside a legend text whose baseline is ``y``."""
    return svg.element("rect", x=x, y=y - 9, width=12, height=10, **paint)


def _mode_swatch(mode: str, x: float, y: float) -> str:
    """Return a sample of a mode's map line beside a legend text whose baseline is ``y``."""
    return legend_swatch(mode, x, y - 4)


def _flow(
    entries: Sequence[_LegendEntry], left: float, right: float, y: float
) -> tuple[list[str], float]:
    """Lay legend entries out left to right from ``left``, wrapping at ``right``.

    Returns:
        the entries' SVG groups and the baseline of the last row.
    """
    parts: list[str] = []
    x = left
    for swatch_width, swatch, text, attrs in entries:
        width = swatch_width + 4 + svg.text_width(text, 11) + 16
        if x + width > right and x > left:
            x, y = left, y + 18
        text_svg = svg.element(
            "text", svg.esc(text), x=x + swatch_width + 4, y=y, font_size=11.0, fill=INK
        )
        parts.append(svg.element("g", swatch(x, y) + text_svg, **attrs))
        x += width
    return parts, y


def layout_timeline(
    trips: Sequence[Trip],
    *,
    width: float = 900,
    title: str | None = None,
    today: dt.date | None = None,
) -> TimelineLayout:
    """Lay out and draw a timeline of ``trips``; return the SVG with its layout.

    Each traveller's band spans his journeys' years; a traveller still in office (no
    ``leader_to``) has his run on to ``today``, by default the current date. With more than one
    traveller, an overview strip on top shows every journey on one axis from the earliest year
    to the last band's end, and brackets each band's years. Colours are fixed by country
    (:func:`country_colours`). The title names the traveller when there is one.

    Raises:
        ValueError: no trips, or ``width`` too narrow to draw.
    """
    if not trips:
        raise ValueError("a timeline needs at least one trip")
    if width < 300:
        raise ValueError(f"a timeline {width} px wide leaves no room to draw")
    today = today or dt.date.today()
    ordered = sorted(trips, key=lambda t: (t.start_date, t.id))
    travelers: dict[str, list[Trip]] = {}
    for trip in ordered:
        travelers.setdefault(trip.traveler.id, []).append(trip)
    colours = country_colours(ordered)
    left, right = 16.0, width - 16.0
    body: list[str] = []
    defs: list[str] = []
    hatch_ids: dict[str, str] = {}

    def hatch(colour: str) -> str:
        if colour not in hatch_ids:
            pattern_id, pattern = _hatch(colour, len(hatch_ids))
            hatch_ids[colour] = pattern_id
            defs.append(pattern)
        return hatch_ids[colour]

    first_year = ordered[0].start_date.year
    current = {k for k, own in travelers.items() if in_office(own[0])}
    last_day = max(t.end_date for t in ordered)
    if current:
        last_day = max(last_day, today)
    if len(travelers) == 1:
        name = ordered[0].traveler.name
        heading = title or (
            f"Journeys abroad of {name}, {first_year}\u2013{last_day.year}: "
            f"{len(ordered)} {'journey' if len(ordered) == 1 else 'journeys'}"
        )
    else:
        heading = title or (
            f"Journeys abroad, {first_year}\u2013{last_day.year}: "
            f"{len(ordered)} journeys by {len(travelers)} leaders"
        )
    shown = svg.fit_text(heading, 16, right - left, bold=True)
    body.append(
        svg.element("g", svg.halo_text(left, 24, shown, size=16, bold=True), class_="title")
    )

    spans_by_traveler = {
        k: _band_span(own, today if k in current else None) for k, own in travelers.items()
    }
    y = 40.0
    if len(travelers) > 1:
        names = {k: own[0].traveler.name for k, own in travelers.items()}
        body += _overview(ordered, spans_by_traveler, names, colours, left, right, last_day)
        y = 100.0
    bands: list[Band] = []
    bars: list[Bar] = []
    labels: list[tuple[str, str, Box]] = []
    for traveler_id, own in travelers.items():
        start, end = spans_by_traveler[traveler_id]
        name = own[0].traveler.name
        header = f"{name} \u00b7 {len(own)} {'journey' if len(own) == 1 else 'journeys'}"
        band_top = y
        band, own_bars, own_labels, parts = _draw_band(
            Band(traveler_id, name, start, end, left, right, band_top, 0), own, colours, hatch
        )
        bands.append(band)
        bars += own_bars
        labels += own_labels
        body += parts
        # The name goes over the band's grid lines, on a white halo.
        header_at = {"x": left, "y": y + 12, "font_size": 13.0, "font_weight": "bold"}
        body.append(
            svg.element(
                "text",
                svg.esc(header),
                **header_at,
                fill="#FFFFFF",
                stroke="#FFFFFF",
                stroke_width=4.0,
                stroke_linejoin="round",
            )
        )
        body.append(svg.element("text", svg.esc(header), **header_at, fill=INK, class_="band-name"))
        y = band.bottom + 34

    # Legend: countries (first destination) in colour order, then the hatching.
    legend: list[tuple[str, str]] = []
    seen_other = False
    for code, colour in colours.items():
        if colour == OTHER_COLOUR:
            if not seen_other:
                legend.append(("other", colour))
                seen_other = True
            continue
        legend.append((code, colour))
    body.append(
        svg.element(
            "text", "Colour: first destination country", x=left, y=y, font_size=10.0, fill=MUTED
        )
    )
    y += 18
    entries: list[_LegendEntry] = [
        (
            12,
            functools.partial(_rect_swatch, fill=colour),
            "Other" if code == "other" else geo.country_name(code),
            {"class_": "legend-item", "data_country": code},
        )
        for code, colour in legend
    ]
    if any(b.uncertain for b in bars):
        entries.append(
            (
                12,
                functools.partial(
                    _rect_swatch, fill=f"url(#{hatch(MUTED)})", stroke=MUTED, stroke_width=1.0
                ),
                "date not known to the day",
                {"class_": "legend-hatch"},
            )
        )
    items, y = _flow(entries, left, right, y)
    body.append(svg.element("g", "".join(items), class_="legend"))
    # Second legend: the mode sample drawn before each label.
    modes = legend_order({main_mode(t) for t in ordered})
    y += 24
    body.append(
        svg.element(
            "text",
            "Line before a label: the journey's main mode, drawn as on the map",
            x=left,
            y=y,
            font_size=10.0,
            fill=MUTED,
        )
    )
    mode_entries: list[_LegendEntry] = [
        (
            30,
            functools.partial(_mode_swatch, mode),
            mode_style(mode).label,
            {"class_": "legend-mode", "data_mode": mode},
        )
        for mode in modes
    ]
    mode_items, y = _flow(mode_entries, left, right, y + 18)
    body.append(svg.element("g", "".join(mode_items), class_="legend"))
    height = y + 14
    body.insert(0, svg.element("defs", "".join(defs)))
    body.insert(0, svg.element("rect", x=0, y=0, width=width, height=height, fill="#FFFFFF"))
    text = svg.document(width, height, body, title=heading)
    return TimelineLayout(
        text, width, height, tuple(bands), tuple(bars), tuple(labels), tuple(legend), modes
    )


def render_timeline(
    trips: Sequence[Trip],
    *,
    width: float = 900,
    title: str | None = None,
    today: dt.date | None = None,
) -> str:
    """Return an SVG timeline of ``trips`` (see :func:`layout_timeline`).

    Raises:
        ValueError: no trips, or ``width`` too narrow to draw.
    """
    return layout_timeline(trips, width=width, title=title, today=today).svg
