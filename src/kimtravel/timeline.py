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
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from kimtravel import geo, svg
from kimtravel.labels import Box, short_name
from kimtravel.models import Place, Trip, great_circle_km
from kimtravel.routes import legend_swatch
from kimtravel.style import COUNTRY_COLOURS, INK, MODE_ORDER, MUTED, OTHER_COLOUR, mode_style

_PLAIN_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
MIN_BAR = 4.0
"""Narrowest bar in px (a day trip is still visible)."""
BAR_HEIGHT = 12.0
LANE = 16.0
LABEL_SIZE = 10.0
LABEL_LANE = 12.0
LABEL_LANES = 3
"""Label lanes on each side of a band's bars (a label is dropped only when all are taken)."""
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
                        "line", x1=x, y1=band.top, x2=x, y2=y, stroke="#E6E6E6", stroke_width=0.6
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


def _draw_band(
    frame: Band,
    own: Sequence[Trip],
    colours: dict[str, str],
    hatch: Callable[[str], str],
) -> tuple[Band, list[Bar], list[tuple[str, str, Box]], list[str]]:
    """Draw one traveller's band below ``frame.top``; return (band, bars, labels, SVG parts).

    Bars that would touch share no lane. Each label tries the lanes above the bars, nearest
    first, then those below (:data:`LABEL_LANES` each side), and is dropped only when all are
    taken.
    """
    spans = []
    for trip in own:
        x0 = frame.x(trip.start_date)
        x1 = max(frame.x(trip.end_date + dt.timedelta(days=1)), x0 + MIN_BAR)
        spans.append((x0, x1))
    lanes = _lanes(spans)
    label_top = frame.top + 18
    bar_top = label_top + LABEL_LANES * LABEL_LANE + 2
    bars_bottom = bar_top + (max(lanes) + 1) * LANE
    parts: list[str] = []
    bars: list[Bar] = []
    taken: list[Box] = []
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
            _bar_element(trip, bar, f"url(#{hatch(bar.colour)})" if bar.uncertain else bar.colour)
        )
        taken.append(Box(x0 - 1, top, x1 + 1, top + BAR_HEIGHT))
    baselines = [label_top + k * LABEL_LANE - 2 for k in range(LABEL_LANES, 0, -1)] + [
        bars_bottom + k * LABEL_LANE for k in range(1, LABEL_LANES + 1)
    ]
    labels: list[tuple[str, str, Box]] = []
    lowest = bars_bottom
    for trip, bar in zip(own, bars, strict=True):
        text = short_label(trip)
        mode = main_mode(trip)
        w = SWATCH + 3 + svg.text_width(text, LABEL_SIZE)
        cx = max(frame.left + w / 2, min(frame.right - w / 2, (bar.box.x0 + bar.box.x1) / 2))
        for base in baselines:
            box = Box(cx - w / 2 - 1, base - LABEL_SIZE, cx + w / 2 + 1, base + 2)
            if any(box.overlaps(b) for b in taken):
                continue
            taken.append(box)
            labels.append((trip.id, text, box))
            lowest = max(lowest, base)
            if box.y1 < bar.box.y0 - 1 or box.y0 > bar.box.y1 + 1:
                y1, y2 = (box.y1, bar.box.y0) if box.y1 < bar.box.y0 else (bar.box.y1, box.y0)
                parts.append(
                    svg.element(
                        "line", x1=cx, y1=y1, x2=cx, y2=y2, stroke="#BBBBBB", stroke_width=0.6
                    )
                )
            x0 = cx - w / 2
            parts.append(
                svg.element(
                    "g",
                    legend_swatch(mode, x0, base - LABEL_SIZE * 0.35, SWATCH)
                    + svg.element(
                        "text",
                        svg.esc(text),
                        x=x0 + SWATCH + 3,
                        y=base,
                        font_size=LABEL_SIZE,
                        fill=INK,
                    ),
                    class_="bar-label",
                    data_trip=trip.id,
                    data_mode=mode,
                )
            )
            break
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
    return band, bars, labels, parts + _axis(band, axis_y)


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
    x = left
    items = []
    for code, colour in legend:
        text = "Other" if code == "other" else geo.country_name(code)
        w = 16 + svg.text_width(text, 11) + 16
        if x + w > right:
            x = left
            y += 18
        items.append(
            svg.element(
                "g",
                svg.element("rect", x=x, y=y - 9, width=12, height=10, fill=colour)
                + svg.element("text", svg.esc(text), x=x + 16, y=y, font_size=11.0, fill=INK),
                class_="legend-item",
                data_country=code,
            )
        )
        x += w
    if any(b.uncertain for b in bars):
        text = "date not known to the day"
        if x + 16 + svg.text_width(text, 11) > right:
            x = left
            y += 18
        pattern = hatch(MUTED)
        items.append(
            svg.element(
                "g",
                svg.element(
                    "rect",
                    x=x,
                    y=y - 9,
                    width=12,
                    height=10,
                    fill=f"url(#{pattern})",
                    stroke=MUTED,
                    stroke_width=1.0,
                )
                + svg.element("text", svg.esc(text), x=x + 16, y=y, font_size=11.0, fill=INK),
                class_="legend-hatch",
            )
        )
    body.append(svg.element("g", "".join(items), class_="legend"))
    # Second legend: the mode sample drawn before each label.
    shown_modes = {main_mode(t) for t in ordered}
    modes = tuple(m for m in MODE_ORDER if m in shown_modes) + tuple(
        sorted(shown_modes - set(MODE_ORDER))
    )
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
    y += 18
    x = left
    mode_items = []
    for mode in modes:
        text = mode_style(mode).label
        w = 30 + 4 + svg.text_width(text, 11) + 16
        if x + w > right:
            x = left
            y += 18
        mode_items.append(
            svg.element(
                "g",
                legend_swatch(mode, x, y - 4)
                + svg.element("text", svg.esc(text), x=x + 34, y=y, font_size=11.0, fill=INK),
                class_="legend-mode",
                data_mode=mode,
            )
        )
        x += w
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
