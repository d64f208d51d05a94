"""Exports: JSON rows, GeoJSON layers, and pandas / polars DataFrames (optional extras).

Row exports read the typed tables, so every column and resource the descriptor declares is
carried through, including ones this version of the library does not model.
"""

from __future__ import annotations

import importlib
from typing import Any

from kimtravel.db import Dataset
from kimtravel.errors import UnknownValueError
from kimtravel.models import Event, Leg, Place
from kimtravel.rows import JSONValue, json_rows, json_value

GEOJSON_LAYERS = ("places", "legs", "events")
"""GeoJSON layers: one geometry type each (points, lines, points), so GIS tools read them as layers."""


def records(dataset: Dataset, resource: str) -> list[dict[str, JSONValue]]:
    """Return one resource as JSON-ready rows (lists as arrays, ids for references, null for empty).

    Each row of a resource this library models follows ``schema/records/<resource>.schema.json``.

    Raises:
        UnknownValueError: the package has no such resource.
    """
    dataset.resource(resource)
    return json_rows(dataset.tables[resource])


def to_json(dataset: Dataset) -> dict[str, JSONValue]:
    """Return the whole package as one JSON document: name, version and every resource's rows."""
    document: dict[str, JSONValue] = {"name": dataset.registry.name, "version": dataset.version}
    for resource in dataset.registry.resources:
        document[resource] = list(records(dataset, resource))
    return document


def _point(place: Place) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [place.longitude, place.latitude]}


def _row(dataset: Dataset, resource: str, key: str) -> dict[str, JSONValue]:
    table = dataset.tables[resource]
    return {c: json_value(v) for c, v in zip(table.spec.columns, table.rows[key], strict=True)}


def to_geojson(dataset: Dataset, layer: str = "legs") -> dict[str, Any]:
    """Return one layer as a GeoJSON FeatureCollection (RFC 7946, ``[longitude, latitude]``).

    Layers: ``places`` (points), ``legs`` (lines from origin to destination, with the trip's
    traveller and ``distance_km``), ``events`` (points at the event's place, with place name and
    counterpart names). Every row of the layer is a feature: places always have coordinates.

    Raises:
        UnknownValueError: ``layer`` is not one of :data:`GEOJSON_LAYERS`.
    """
    if layer not in GEOJSON_LAYERS:
        raise UnknownValueError("GeoJSON layer", layer, GEOJSON_LAYERS)
    features: list[dict[str, Any]] = []
    if layer == "places":
        for place in dataset.places():
            features.append(
                {
                    "type": "Feature",
                    "id": f"place/{place.id}",
                    "geometry": _point(place),
                    "properties": _row(dataset, "places", place.key),
                }
            )
    elif layer == "legs":
        for leg in dataset.legs():
            features.append(_leg_feature(dataset, leg))
    else:
        for event in dataset.events():
            features.append(_event_feature(dataset, event))
    return {"type": "FeatureCollection", "name": layer, "features": features}


def _leg_feature(dataset: Dataset, leg: Leg) -> dict[str, Any]:
    a, b = leg.origin, leg.destination
    trip = dataset.trip(leg.trip_id)
    return {
        "type": "Feature",
        "id": f"leg/{leg.key}",
        "geometry": {
            "type": "LineString",
            "coordinates": [[a.longitude, a.latitude], [b.longitude, b.latitude]],
        },
        "properties": {
            **_row(dataset, "legs", leg.key),
            "traveler": trip.traveler.id,
            "origin_name": a.name,
            "destination_name": b.name,
            "distance_km": round(leg.distance_km, 1),
        },
    }


def _event_feature(dataset: Dataset, event: Event) -> dict[str, Any]:
    trip = dataset.trip(event.trip_id)
    return {
        "type": "Feature",
        "id": f"event/{event.key}",
        "geometry": _point(event.place),
        "properties": {
            **_row(dataset, "events", event.key),
            "traveler": trip.traveler.id,
            "place_name": event.place.name,
            "country": event.place.country,
            "counterpart_names": [p.name for p in event.counterparts],
        },
    }


def optional_module(module: str, extra: str) -> Any:
    """Import an optional dependency, or say which extra installs it.

    Raises:
        ModuleNotFoundError: the module is not installed (the message names the extra).
    """
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError:
        raise ModuleNotFoundError(
            f"{module} is not installed: pip install 'kimtravel[{extra}]'"
        ) from None
