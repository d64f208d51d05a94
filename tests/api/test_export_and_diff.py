"""Exports (JSON, GeoJSON, DataFrames) and record-level diffs between package versions."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import kimtravel
from kimtravel import export
from kimtravel.db import Dataset
from kimtravel.diff import diff
from tests import builders


@pytest.fixture
def data(small_rows: builders.Rows, write: Callable[[builders.Rows], Path]) -> Dataset:
    return kimtravel.load(write(small_rows))


def test_json_rows_use_ids_lists_and_nulls(data: Dataset) -> None:
    trips = export.records(data, "trips")
    assert trips[0]["countries"] == ["CN"]
    assert trips[0]["traveler"] == "traveler"
    assert trips[0]["notes"] is None
    assert trips[0]["departure_known"] is True
    legs = export.records(data, "legs")
    assert legs[0]["origin"] == "kp-place-0"
    assert isinstance(legs[0]["seq"], int)
    places = export.records(data, "places")
    assert isinstance(places[0]["latitude"], float)
    json.dumps(export.to_json(data))  # serialisable as is


def test_unknown_resource(data: Dataset) -> None:
    with pytest.raises(ValueError, match="unknown resource 'flights'"):
        export.records(data, "flights")


def test_geojson_places_are_points_and_legs_are_lines(data: Dataset) -> None:
    collection = export.to_geojson(data)
    assert collection["type"] == "FeatureCollection"
    kinds = {f["properties"]["feature"]: f["geometry"]["type"] for f in collection["features"]}
    assert kinds == {"place": "Point", "leg": "LineString"}
    legs = [f for f in collection["features"] if f["properties"]["feature"] == "leg"]
    assert len(legs) == len(data.legs())
    first = data.legs()[0]
    assert legs[0]["geometry"]["coordinates"][0] == [first.origin.longitude, first.origin.latitude]
    assert legs[0]["properties"]["distance_km"] == round(first.distance_km or 0, 1)


def test_geojson_leaves_out_places_without_coordinates(bundled: Dataset) -> None:
    collection = export.to_geojson(bundled)
    points = [f for f in collection["features"] if f["geometry"]["type"] == "Point"]
    assert len(points) == sum(1 for p in bundled.places() if p.latitude is not None)
    for feature in collection["features"]:
        for lon, lat in (
            [feature["geometry"]["coordinates"]]
            if feature["geometry"]["type"] == "Point"
            else feature["geometry"]["coordinates"]
        ):
            assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_dataframe_exports_name_the_extra_when_missing(
    data: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    monkeypatch.setitem(sys.modules, "polars", None)
    with pytest.raises(ModuleNotFoundError, match=r"pip install 'kimtravel\[pandas\]'"):
        export.to_pandas(data)
    with pytest.raises(ModuleNotFoundError, match=r"pip install 'kimtravel\[polars\]'"):
        export.to_polars(data)


def test_pandas_export(data: Dataset) -> None:
    pytest.importorskip("pandas")
    frame = export.to_pandas(data, "legs")
    assert len(frame) == len(data.legs())
    assert str(frame["depart_date"].dtype).startswith("datetime64")


def test_polars_export(data: Dataset) -> None:
    polars = pytest.importorskip("polars")
    frame = export.to_polars(data, "trips")
    assert frame.height == len(data.trips())
    assert frame.schema["start_date"] == polars.Date


def test_diff_of_a_package_with_itself_is_empty(data: Dataset) -> None:
    result = diff(data, data)
    assert result.empty
    assert result.required_bump() == "none"
    assert result.to_markdown() == "No data changes."


def test_diff_names_added_removed_and_changed_records(
    small_rows: builders.Rows, write: Callable[[builders.Rows], Path]
) -> None:
    import copy

    old = kimtravel.load(write(small_rows))
    rows = copy.deepcopy(small_rows)
    rows["trips"][0]["summary"] = "Corrected summary."
    rows["places"][0]["latitude"] = "39.5"
    rows["sources"].append(
        {"id": "src-new", "publisher": "P", "title": "T", "published": "", "url": ""}
    )
    new = kimtravel.load(write(rows))
    result = diff(old, new)
    by_name = {r.name: r for r in result.resources}
    assert by_name["sources"].added == ("src-new",)
    assert by_name["trips"].changed == {
        rows["trips"][0]["id"]: {"summary": ("A synthetic trip.", "Corrected summary.")}
    }
    assert list(by_name["places"].changed) == [rows["places"][0]["id"]]
    assert result.required_bump() == "minor"
    markdown = result.to_markdown()
    assert "### Added\n\n- `sources` (1): `src-new`" in markdown
    assert f"- `trips` `{rows['trips'][0]['id']}`: `summary`" in markdown
    reverse = diff(new, old)
    assert reverse.required_bump() == "major"
    assert {r.name: r.removed for r in reverse.resources}["sources"] == ("src-new",)
    document = result.to_json()
    assert document["required_bump"] == "minor"
    json.dumps(document)


def test_diff_reports_column_changes(
    small_rows: builders.Rows, write: Callable[[builders.Rows], Path]
) -> None:
    old = kimtravel.load(write(small_rows))
    descriptor = builders.descriptor_template()
    people = next(r for r in descriptor["resources"] if r["name"] == "people")
    people["schema"]["fields"].append(
        {"name": "wikidata", "type": "string", "description": "Wikidata id."}
    )
    new = kimtravel.load(
        builders.write_rows(old.path.parent.parent / "cols", small_rows, descriptor=descriptor)
    )
    result = diff(old, new)
    assert {r.name: r.columns_added for r in result.resources}["people"] == ("wikidata",)
    assert result.required_bump() == "minor"
