"""Exports as a user opens them: JSON rows, GeoJSON layers, SQLite, flat frames."""

from __future__ import annotations

import os
import sqlite3
import stat
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import kimtravel
from kimtravel import export, frames
from kimtravel.db import Dataset
from kimtravel.safewrite import OutputError
from kimtravel.sqlite import export_sqlite
from tests import builders


@pytest.fixture
def data(small_rows: builders.Rows, write: Callable[[builders.Rows], Path]) -> Dataset:
    return kimtravel.load(write(small_rows))


def test_json_rows_hold_lists_and_nulls(data: Dataset) -> None:
    doc = export.to_json(data)
    assert set(doc) == {"name", "version", *data.registry.resources}
    trip = doc["trips"][0]  # type: ignore[index]
    assert isinstance(trip["countries"], list) and trip["notes"] is None


@pytest.mark.parametrize(
    ("layer", "geometry"), [("places", "Point"), ("legs", "LineString"), ("events", "Point")]
)
def test_geojson_layers_have_one_geometry_each_and_every_row(
    data: Dataset, layer: str, geometry: str
) -> None:
    doc = export.to_geojson(data, layer)
    assert {f["geometry"]["type"] for f in doc["features"]} == {geometry}
    expected = {"places": data.places(), "legs": data.legs(), "events": data.events()}[layer]
    assert len(doc["features"]) == len(expected)


def test_sqlite_opens_with_real_types_and_link_tables(data: Dataset, tmp_path: Path) -> None:
    path = export_sqlite(data, tmp_path / "k.sqlite")
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        (flag,) = db.execute("SELECT typeof(departure_known) FROM trips LIMIT 1").fetchone()
        assert flag == "integer"
        counts = db.execute(
            "SELECT t.id, count(*) FROM trips t JOIN trips__countries c ON c.id = t.id GROUP BY t.id"
        ).fetchall()
        assert dict(counts) == {t.id: len(t.countries) for t in data.trips()}
        (people,) = db.execute("SELECT count(*) FROM events__counterparts").fetchone()
        assert people == sum(len(e.counterparts) for e in data.events())
    finally:
        db.close()
    with pytest.raises(OutputError, match="exists"):
        export_sqlite(data, path)


def test_flat_tables_need_no_joins(data: Dataset) -> None:
    events = frames.flat_rows(data, "events")
    assert len(events) == len(data.events())
    assert {"place", "country", "latitude", "longitude", "counterparts", "traveler"} <= set(
        events[0]
    )
    legs = frames.flat_rows(data, "legs")
    assert legs[0]["origin"] == data.legs()[0].origin.name


def test_flat_tables_carry_ids_to_join_back_and_one_missing_value(data: Dataset) -> None:
    events = frames.flat_rows(data, "events")
    for row, event in zip(events, data.events(), strict=True):
        assert row["place_id"] == event.place.id
        ids = [p.id for p in event.counterparts]
        assert row["counterpart_ids"] == ("; ".join(ids) or None)
        assert row["counterparts"] != ""  # no counterpart is missing (None), like any empty cell
    legs = frames.flat_rows(data, "legs")
    assert legs[0]["origin_id"] == data.legs()[0].origin.id


def test_pandas_and_polars_frames(data: Dataset) -> None:
    pandas = pytest.importorskip("pandas")
    frame = frames.to_pandas(data, "events")
    assert len(frame) == len(data.events())
    assert str(frame["date"].dtype).startswith("datetime64")
    assert isinstance(frame, pandas.DataFrame)
    polars = pytest.importorskip("polars")
    pframe = frames.to_polars(data, "legs")
    assert pframe.height == len(data.legs())
    assert pframe.schema["depart_date"] == polars.Date


def test_arrow_tables_type_their_dates_like_the_other_frames(data: Dataset) -> None:
    pyarrow = pytest.importorskip("pyarrow")
    table = frames.to_arrow(data, "legs")
    assert table.num_rows == len(data.legs())
    assert table.schema.field("depart_date").type == pyarrow.date32()
    trips = kimtravel.to_arrow("trips")
    assert trips.schema.field("start_date").type == pyarrow.date32()
    first = trips.column("start_date")[0].as_py()
    assert first == kimtravel.trips()[0].start_date


def test_one_line_frame_of_the_bundled_data() -> None:
    pytest.importorskip("pandas")
    frame = kimtravel.to_pandas("events")
    assert len(frame) == len(kimtravel.events())
    assert frame.iloc[0]["traveler"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_written_files_follow_the_umask_like_any_new_file(tmp_path: Path) -> None:
    from kimtravel.safewrite import write_file, write_folder

    old = os.umask(0o022)
    try:
        made = write_file(tmp_path / "map.svg", b"<svg/>")
        folder = write_folder(tmp_path / "pkg", lambda d: (d / "a.csv").write_text("x\n"))
    finally:
        os.umask(old)
    assert stat.S_IMODE(made.stat().st_mode) == 0o644
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755
    assert stat.S_IMODE((folder / "a.csv").stat().st_mode) == 0o644


def test_sqlite_export_of_forks_with_awkward_names(
    small_rows: builders.Rows, tmp_path: Path
) -> None:
    import json

    path = builders.write_rows(tmp_path / "pkg", small_rows)
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    trips = next(r for r in descriptor["resources"] if r["name"] == "trips")
    list_column = next(
        f["name"] for f in trips["schema"]["fields"] if "delimiter" in f.get("kimtravel", {})
    )
    clash = f"trips__{list_column}"  # a legal resource name that is also a link table's name
    descriptor["resources"].append(
        {
            "name": clash,
            "path": "clash.csv",
            "schema": {"fields": [{"name": "a", "type": "string"}]},
        }
    )
    (path.parent / "clash.csv").write_text("a\nx\n", encoding="utf-8")
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    out = export_sqlite(kimtravel.load(path), tmp_path / "a.sqlite")
    db = sqlite3.connect(out)
    try:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {clash, f"{clash}__list"} <= tables
        assert db.execute(f'SELECT a FROM "{clash}"').fetchall() == [("x",)]
    finally:
        db.close()
    # columns that differ only in case: a clear refusal, and no file
    template = builders.descriptor_template()
    places = next(r for r in template["resources"] if r["name"] == "places")
    places["schema"]["fields"].append({"name": "NAME", "type": "string"})
    cased = builders.write_rows(tmp_path / "cased", small_rows, descriptor=template)
    with pytest.raises(OutputError, match="differ only in case"):
        export_sqlite(kimtravel.load(cased), tmp_path / "b.sqlite")
    assert not (tmp_path / "b.sqlite").exists()
