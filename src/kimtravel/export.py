"""Exports: JSON records, GeoJSON, and pandas / polars DataFrames (optional extras)."""

from __future__ import annotations

import importlib
from typing import Any

from kimtravel.db import Dataset
from kimtravel.loader import MODELS
from kimtravel.rows import JSONValue, json_row
from kimtravel.writer import resource_records

RESOURCES = ("trips", "legs", "events", "places", "people", "countries", "sources")


def records(dataset: Dataset, resource: str) -> list[dict[str, JSONValue]]:
    """Return one resource as JSON-ready rows (lists as arrays, ids for references, null for empty).

    Each row follows ``schema/records/<resource>.json``.

    Raises:
        ValueError: ``resource`` is not one of :data:`RESOURCES`.
    """
    if resource not in RESOURCES:
        raise ValueError(f"unknown resource {resource!r}; resources: {', '.join(RESOURCES)}")
    known = MODELS[resource].model_fields
    columns = [c for c in dataset.resource(resource).fields if c in known]
    return [json_row(r, columns) for r in resource_records(dataset, resource)]


def to_json(dataset: Dataset) -> dict[str, JSONValue]:
    """Return the whole package as one JSON document: name, version and every resource's rows."""
    document: dict[str, JSONValue] = {"name": "kimtravel", "version": dataset.version}
    for resource in RESOURCES:
        document[resource] = list(records(dataset, resource))
    return document


def to_geojson(dataset: Dataset) -> dict[str, Any]:
    """Return a GeoJSON FeatureCollection: places as Points, legs as LineStrings.

    Coordinates are ``[longitude, latitude]`` (RFC 7946). Places without coordinates, and legs
    with an end that has none, are left out. Each feature's ``properties`` has ``feature`` set
    to ``"place"`` or ``"leg"`` and the row's columns.
    """
    features: list[dict[str, Any]] = []
    place_columns = dataset.resource("places").fields
    for place in dataset.places():
        if place.latitude is None or place.longitude is None:
            continue
        features.append(
            {
                "type": "Feature",
                "id": f"place/{place.id}",
                "geometry": {"type": "Point", "coordinates": [place.longitude, place.latitude]},
                "properties": {"feature": "place", **json_row(place, place_columns)},
            }
        )
    leg_columns = dataset.resource("legs").fields
    for leg in dataset.legs():
        a, b = leg.origin, leg.destination
        if None in (a.latitude, a.longitude, b.latitude, b.longitude):
            continue
        distance = leg.distance_km
        features.append(
            {
                "type": "Feature",
                "id": f"leg/{leg.trip_id}/{leg.seq}",
                "geometry": {
                    "type": "LineString",
                    "coordinates": [[a.longitude, a.latitude], [b.longitude, b.latitude]],
                },
                "properties": {
                    "feature": "leg",
                    **json_row(leg, leg_columns),
                    "distance_km": None if distance is None else round(distance, 1),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _optional(module: str, extra: str) -> Any:
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError:
        raise ModuleNotFoundError(
            f"{module} is not installed: pip install 'kimtravel[{extra}]'"
        ) from None


def to_pandas(dataset: Dataset, resource: str = "trips") -> Any:
    """Return one resource as a pandas DataFrame (dates as ``datetime64``, lists as lists).

    Raises:
        ModuleNotFoundError: pandas is not installed (``pip install 'kimtravel[pandas]'``).
        ValueError: ``resource`` is not a resource.
    """
    pandas = _optional("pandas", "pandas")
    rows = records(dataset, resource)
    frame = pandas.DataFrame.from_records(rows, columns=list(dataset.resource(resource).fields))
    for column in _date_columns(dataset, resource):
        frame[column] = pandas.to_datetime(frame[column])
    return frame


def to_polars(dataset: Dataset, resource: str = "trips") -> Any:
    """Return one resource as a polars DataFrame (dates as ``Date``, lists as ``List``).

    Raises:
        ModuleNotFoundError: polars is not installed (``pip install 'kimtravel[polars]'``).
        ValueError: ``resource`` is not a resource.
    """
    polars = _optional("polars", "polars")
    rows = records(dataset, resource)
    frame = polars.DataFrame(rows, schema=list(dataset.resource(resource).fields), orient="row")
    dates = _date_columns(dataset, resource)
    if dates:
        frame = frame.with_columns([polars.col(c).str.to_date() for c in dates])
    return frame


def _date_columns(dataset: Dataset, resource: str) -> list[str]:
    declared = dataset.resource(resource)
    return [c for c, t in zip(declared.fields, declared.field_types, strict=True) if t == "date"]
