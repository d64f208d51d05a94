"""Property tests over generated packages: valid ones validate and round-trip; corruptions are caught.

Packages are generated (trips, stops, modes, dates, travellers), not sampled from the shipped
data, so the properties hold for any package that follows the schema.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kimtravel
from kimtravel.diff import diff
from kimtravel.validation import validate
from kimtravel.writer import write_package
from tests import builders

MODES = ["train", "air", "car", "foot", "ship"]
stop = st.tuples(st.sampled_from(builders.FOREIGN), st.integers(0, 1), st.sampled_from(MODES))


@st.composite
def packages(draw: st.DrawFn) -> builders.Rows:
    rows = builders.base_rows()
    day = draw(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2020, 1, 1)))
    for _ in range(draw(st.integers(1, 6))):
        traveler = draw(st.sampled_from(builders.TRAVELERS))
        stops = draw(st.lists(stop, min_size=1, max_size=4))
        end = builders.add_trip(
            rows, day, stops, stay_days=draw(st.integers(0, 3)), traveler=traveler
        )
        day = end + dt.timedelta(days=draw(st.integers(1, 400)))
    return rows


SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(packages())
def test_generated_packages_are_valid_and_round_trip(rows: builders.Rows) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = builders.write_rows(Path(tmp) / "pkg", rows)
        report = validate(path, use_frictionless=False)
        assert report.ok, report.problems
        data = kimtravel.load(path)
        assert len(data.trips()) == len(rows["trips"])
        assert [t.start_date for t in data.trips()] == sorted(t.start_date for t in data.trips())
        copy = write_package(data, Path(tmp) / "copy")
        assert diff(path, copy).empty
        again = kimtravel.load(copy)
        assert again.trips() == data.trips()


@SETTINGS
@given(packages(), st.data())
def test_helpers_agree_with_plain_filters(rows: builders.Rows, data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        loaded = kimtravel.load(builders.write_rows(Path(tmp) / "pkg", rows))
        trips = loaded.trips()
        mode = data.draw(st.sampled_from(MODES))
        assert loaded.trips_by_mode(mode) == tuple(t for t in trips if mode in t.modes)
        code = data.draw(st.sampled_from(builders.FOREIGN))
        assert loaded.trips_by_country(code) == tuple(t for t in trips if code in t.countries)
        first = data.draw(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2040, 1, 1)))
        last = first + dt.timedelta(days=data.draw(st.integers(0, 2000)))
        assert loaded.trips_between(first, last) == tuple(
            t for t in trips if t.start_date <= last and t.end_date >= first
        )
        who = data.draw(st.sampled_from(builders.TRAVELERS))
        assert loaded.trips(who) == tuple(t for t in trips if t.traveler.id == who)


CORRUPTIONS = {
    "bad latitude": ("places", "latitude", "91"),
    "bad boolean": ("trips", "return_known", "yes"),
    "unknown mode": ("legs", "mode", "plane"),
    "dangling place": ("legs", "origin", "nowhere"),
    "bad date": ("events", "date", "2001-02-30"),
    "empty summary": ("events", "summary", ""),
    "unknown source": ("trips", "sources", "src-1;ghost"),
}


@SETTINGS
@given(packages(), st.sampled_from(sorted(CORRUPTIONS)), st.data())
def test_each_corruption_is_reported_at_its_row(
    rows: builders.Rows, name: str, data: st.DataObject
) -> None:
    resource, column, cell = CORRUPTIONS[name]
    index = data.draw(st.integers(0, len(rows[resource]) - 1))
    row = rows[resource][index]
    row[column] = cell
    key = f"{row['trip_id']}/{row['seq']}" if resource in ("legs", "events") else row["id"]
    with tempfile.TemporaryDirectory() as tmp:
        report = validate(builders.write_rows(Path(tmp) / "pkg", rows), use_frictionless=False)
    assert {(p.resource, p.key, p.field) for p in report.problems} == {(resource, key, column)}
