"""Flat, readable tables for analysis, and DataFrames of them (pandas, polars, Arrow).

A flat table has one trip, leg or event per row with names beside ids (traveller, places,
countries, counterparts), coordinates and dates, so that a chart needs no joins and no list
splitting: list values are joined with ``"; "``. Other resources are returned as their rows.
pandas, polars and pyarrow are optional and imported only when a frame is asked for.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kimtravel.db import Dataset
from kimtravel.export import optional_module, records
from kimtravel.models import Event, Leg, Trip
from kimtravel.rows import JSONValue

FLAT_TABLES = ("trips", "legs", "events")
JOIN = "; "


def _names(people: Any) -> str | None:
    """Return the names joined with ``; ``, or ``None`` (missing, like any empty cell) if none."""
    return JOIN.join(p.name for p in people) or None


def _ids(records: Any) -> str | None:
    """Return the ids joined with ``; `` (to join back to the records), or ``None`` if none."""
    return JOIN.join(r.id for r in records) or None


def _trip_row(data: Dataset, trip: Trip) -> dict[str, JSONValue]:
    names = {c.code: c.name for c in data.countries()}
    distance = trip.distance_km
    return {
        "trip_id": trip.id,
        "traveler": trip.traveler.name,
        "traveler_id": trip.traveler.id,
        "start_date": trip.start_date.isoformat(),
        "end_date": trip.end_date.isoformat(),
        "start_edtf": trip.start_edtf,
        "end_edtf": trip.end_edtf,
        "dates_exact": trip.start.exact and trip.end.exact,
        "duration_days": trip.duration_days,
        "countries": JOIN.join(names.get(c, c) for c in trip.countries),
        "country_codes": JOIN.join(trip.countries),
        "transit_countries": JOIN.join(names.get(c, c) for c in trip.transit_countries) or None,
        "modes": JOIN.join(trip.modes),
        "counterparts": _names(trip.counterparts),
        "counterpart_ids": _ids(trip.counterparts),
        "companions": _names(trip.companions),
        "companion_ids": _ids(trip.companions),
        "legs": len(trip.legs),
        "events": len(trip.events),
        "distance_km": None if distance is None else round(distance, 1),
        "disclosure": trip.disclosure,
        "summary": trip.summary,
    }


def _leg_row(data: Dataset, leg: Leg) -> dict[str, JSONValue]:
    trip = data.trip(leg.trip_id)
    a, b = leg.origin, leg.destination
    return {
        "trip_id": leg.trip_id,
        "traveler": trip.traveler.name,
        "seq": leg.seq,
        "mode": leg.mode,
        "vehicle": leg.vehicle.name if leg.vehicle else None,
        "vehicle_id": leg.vehicle.id if leg.vehicle else None,
        "depart_date": leg.depart_date.isoformat() if leg.depart_date else None,
        "depart_time": leg.depart_time,
        "arrive_date": leg.arrive_date.isoformat() if leg.arrive_date else None,
        "arrive_time": leg.arrive_time,
        "origin": a.name,
        "origin_id": a.id,
        "origin_country": a.country,
        "origin_latitude": a.latitude,
        "origin_longitude": a.longitude,
        "destination": b.name,
        "destination_id": b.id,
        "destination_country": b.country,
        "destination_latitude": b.latitude,
        "destination_longitude": b.longitude,
        "distance_km": round(leg.distance_km, 1),
    }


def _event_row(data: Dataset, event: Event) -> dict[str, JSONValue]:
    trip = data.trip(event.trip_id)
    place = event.place
    return {
        "trip_id": event.trip_id,
        "traveler": trip.traveler.name,
        "seq": event.seq,
        "date": event.date.isoformat() if event.date else None,
        "time": event.time,
        "kind": event.kind,
        "place": place.name,
        "place_id": place.id,
        "country": place.country,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "counterparts": _names(event.counterparts),
        "counterpart_ids": _ids(event.counterparts),
        "summary": event.summary,
    }


def flat_rows(data: Dataset, table: str = "trips") -> list[dict[str, JSONValue]]:
    """Return a flat table: ``trips``, ``legs`` or ``events`` with names, or any resource's rows.

    Raises:
        UnknownValueError: neither a flat table nor a resource of the package.
    """
    if table == "trips":
        return [_trip_row(data, t) for t in data.trips()]
    if table == "legs":
        return [_leg_row(data, leg) for leg in data.legs()]
    if table == "events":
        return [_event_row(data, e) for e in data.events()]
    return records(data, table)


def _date_columns(data: Dataset) -> set[str]:
    """Return the names of every date column the package declares (flat tables reuse them)."""
    return {f.name for r in data.registry.resources.values() for f in r.fields if f.type == "date"}


def to_pandas(data: Dataset, table: str = "trips") -> Any:
    """Return a table (see :func:`flat_rows`) as a pandas DataFrame, dates as ``datetime64``.

    Raises:
        ModuleNotFoundError: pandas is not installed (``pip install 'kimtravel[pandas]'``).
        UnknownValueError: no such table.
    """
    pandas = optional_module("pandas", "pandas")
    rows = flat_rows(data, table)
    frame = pandas.DataFrame.from_records(rows, columns=list(rows[0]) if rows else None)
    for column in _date_columns(data):
        if column in frame.columns:
            frame[column] = pandas.to_datetime(frame[column])
    return frame


def to_polars(data: Dataset, table: str = "trips") -> Any:
    """Return a table (see :func:`flat_rows`) as a polars DataFrame, dates as ``Date``.

    Raises:
        ModuleNotFoundError: polars is not installed (``pip install 'kimtravel[polars]'``).
        UnknownValueError: no such table.
    """
    polars = optional_module("polars", "polars")
    rows = flat_rows(data, table)
    frame = polars.DataFrame(rows, infer_schema_length=None)
    dates = [
        c for c in _date_columns(data) if c in frame.columns and frame.schema[c] == polars.String
    ]
    if dates:
        frame = frame.with_columns([polars.col(c).str.to_date() for c in dates])
    return frame


def to_arrow(data: Dataset, table: str = "trips") -> Any:
    """Return a table (see :func:`flat_rows`) as a pyarrow Table, dates as ``date32``.

    Raises:
        ModuleNotFoundError: pyarrow is not installed (``pip install 'kimtravel[arrow]'``).
        UnknownValueError: no such table.
    """
    pyarrow = optional_module("pyarrow", "arrow")
    rows = flat_rows(data, table)
    arrow_table = pyarrow.Table.from_pylist(rows)
    for column in _date_columns(data):
        index = arrow_table.schema.get_field_index(column)
        if index >= 0 and pyarrow.types.is_string(arrow_table.schema.field(index).type):
            days = pyarrow.array(
                [dt.date.fromisoformat(v) if v else None for v in arrow_table[column].to_pylist()],
                type=pyarrow.date32(),
            )
            arrow_table = arrow_table.set_column(index, column, days)
    return arrow_table
