"""Pictures of a dataset: a route map and a timeline, as SVG (or PNG where a renderer is installed).

Thin glue between a :class:`~kimtravel.db.Dataset` and the renderers in :mod:`kimtravel.maps` and
:mod:`kimtravel.timeline`: choose the trips, title them, and write the file safely.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from kimtravel.db import Dataset
from kimtravel.errors import KimtravelError
from kimtravel.export import optional_module
from kimtravel.models import Trip
from kimtravel.safewrite import write_file

FORMATS = (".svg", ".png")


def choose_trips(
    data: Dataset, trip_ids: Sequence[str] = (), traveler: str | None = None
) -> tuple[Trip, ...]:
    """Return the trips a picture shows: those named, else the traveller's, else all.

    Raises:
        UnknownValueError: a trip id or the traveller is not in the data.
    """
    if trip_ids:
        trips = tuple(data.trip(i) for i in trip_ids)
        if traveler is not None:
            wanted = data.traveler(traveler).id
            trips = tuple(t for t in trips if t.traveler.id == wanted)
        return trips
    return data.trips(traveler)


def data_date(data: Dataset) -> dt.date:
    """Return the day the data was released (the descriptor's ``created``), for reproducible pictures."""
    created = data.registry.descriptor.get("created")
    if isinstance(created, str) and len(created) >= 10:
        try:
            return dt.date.fromisoformat(created[:10])
        except ValueError:
            pass
    return dt.date.today()


def _title(trips: Sequence[Trip]) -> str | None:
    if len(trips) == 1:
        return None  # the map names a single trip itself
    first = min(t.start_date for t in trips).year
    last = max(t.end_date for t in trips).year
    names = sorted({t.traveler.name for t in trips})
    who = names[0] if len(names) == 1 else "North Korea's leaders"
    return f"Journeys abroad of {who}, {first}-{last}"


def map_svg(
    data: Dataset,
    trip_ids: Sequence[str] = (),
    *,
    traveler: str | None = None,
    title: str | None = None,
    width: int = 1000,
    height: int = 700,
) -> str:
    """Return an SVG route map: the trips named, a traveller's, or every trip.

    Raises:
        UnknownValueError: a trip id or traveller that the data does not have.
        ValueError: no trip to draw, or a size too small to draw in.
    """
    from kimtravel.maps import render_map

    trips = choose_trips(data, trip_ids, traveler)
    if not trips:
        raise ValueError("no trip to draw")
    return render_map(
        trips, title=title or _title(trips), width=width, height=height, version=data.version
    )


def left_off(
    data: Dataset, trip_ids: Sequence[str] = (), *, traveler: str | None = None
) -> tuple[str, ...]:
    """Return what a map of these trips leaves off (places without coordinates), in words."""
    from kimtravel.maps import layout_map

    return tuple(layout_map(choose_trips(data, trip_ids, traveler)).left_off)


def timeline_svg(data: Dataset, *, traveler: str | None = None, width: int = 900) -> str:
    """Return an SVG timeline of every trip (or one traveller's), drawn as of the data's date.

    Raises:
        UnknownValueError: the traveller is not in the data.
        ValueError: no trip to draw, or a width too narrow.
    """
    from kimtravel.timeline import render_timeline

    return render_timeline(data.trips(traveler), width=width, today=data_date(data))


def write_picture(svg: str, target: str | Path, *, force: bool = False) -> Path:
    """Write a picture as SVG, or as PNG when the name ends in ``.png`` (needs cairosvg).

    Raises:
        KimtravelError: the extension is neither ``.svg`` nor ``.png``.
        ModuleNotFoundError: PNG asked for and cairosvg is not installed (``kimtravel[png]``).
        kimtravel.safewrite.OutputError: the file exists (without ``force``) or cannot be written.
    """
    path = Path(target)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise KimtravelError(f"{path.name!r}: write a picture as .svg or .png")
    if suffix == ".svg":
        return write_file(path, svg.encode("utf-8"), force=force)
    cairosvg = optional_module("cairosvg", "png")
    return write_file(path, cairosvg.svg2png(bytestring=svg.encode("utf-8")), force=force)
