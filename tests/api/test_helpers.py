"""Query helpers: results, order, immutability, and the errors a user can cause."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

import kimtravel
from kimtravel.db import Dataset
from tests import builders


@pytest.fixture
def data(small_rows: builders.Rows, write: Callable[[builders.Rows], Path]) -> Dataset:
    return kimtravel.load(write(small_rows))


def ids(trips: tuple[kimtravel.Trip, ...]) -> list[str]:
    return [t.id for t in trips]


def test_trip_by_id(data: Dataset) -> None:
    first = data.trips()[0]
    assert data.trip(first.id) is first


def test_unknown_trip_suggests_closest(data: Dataset) -> None:
    first = data.trips()[0].id
    with pytest.raises(kimtravel.UnknownValueError, match=f"did you mean '{first}'"):
        data.trip(first.replace("trip", "trp"))


def test_trips_by_mode(data: Dataset) -> None:
    assert ids(data.trips_by_mode("air")) == ids(data.trips())[1:]
    assert ids(data.trips_by_mode("train")) == ids(data.trips())
    assert data.trips_by_mode("ship") == ()


def test_unknown_mode_names_valid_modes(data: Dataset) -> None:
    with pytest.raises(kimtravel.UnknownValueError) as info:
        data.trips_by_mode("plane")
    message = str(info.value)
    assert "'plane'" in message
    for mode in ("train", "air", "car", "foot", "ship"):
        assert mode in message


def test_mode_typo_suggests(data: Dataset) -> None:
    with pytest.raises(kimtravel.UnknownValueError, match="did you mean 'train'"):
        data.trips_by_mode("trian")


@pytest.mark.parametrize("bad", [None, 1, b"train", ["train"]])
def test_mode_wrong_type(data: Dataset, bad: object) -> None:
    with pytest.raises(TypeError, match="mode must be a str"):
        data.trips_by_mode(bad)  # type: ignore[arg-type]


def test_trips_by_country(data: Dataset) -> None:
    trips = data.trips()
    assert ids(data.trips_by_country("CN")) == [trips[0].id, trips[2].id]
    assert ids(data.trips_by_country("cn")) == ids(data.trips_by_country("CN"))
    assert ids(data.trips_by_country("RU")) == [trips[1].id]


def test_trips_by_country_transit(
    small_rows: builders.Rows, write: Callable[[builders.Rows], Path]
) -> None:
    trip = small_rows["trips"][2]
    trip["countries"], trip["transit_countries"] = "VN;SG", "CN"
    small_rows["events"] = [
        e
        for e in small_rows["events"]
        if not (e["trip_id"] == trip["id"] and e["place"].startswith("cn"))
    ]
    for n, event in enumerate(e for e in small_rows["events"] if e["trip_id"] == trip["id"]):
        event["seq"] = str(n + 1)
    data = kimtravel.load(write(small_rows))
    assert trip["id"] not in ids(data.trips_by_country("CN"))
    assert trip["id"] in ids(data.trips_by_country("CN", include_transit=True))


def test_unknown_country(data: Dataset) -> None:
    with pytest.raises(kimtravel.UnknownValueError, match="unknown country code 'XX'"):
        data.trips_by_country("XX")
    with pytest.raises(TypeError):
        data.trips_by_country(86)  # type: ignore[arg-type]


def test_trips_in_year(data: Dataset) -> None:
    assert ids(data.trips_in_year(2001)) == ids(data.trips())
    assert data.trips_in_year(1999) == ()
    with pytest.raises(TypeError, match="year must be an int"):
        data.trips_in_year("2001")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        data.trips_in_year(True)


def test_trips_between(data: Dataset) -> None:
    first, second, _ = data.trips()
    assert data.trips_between(first.start_date, first.end_date) == (first,)
    assert data.trips_between(first.end_date.isoformat(), second.start_date.isoformat()) == (
        first,
        second,
    )
    gap = first.end_date + dt.timedelta(days=1)
    assert data.trips_between(gap, gap) == ()
    assert data.trips_between(dt.datetime(2001, 1, 1, 12), "2001-01-01") == (first,)


def test_trips_between_errors(data: Dataset) -> None:
    with pytest.raises(ValueError, match="before start"):
        data.trips_between("2001-02-01", "2001-01-01")
    with pytest.raises(ValueError, match="not an ISO 8601 date"):
        data.trips_between("01/02/2001", "2001-03-01")
    with pytest.raises(TypeError):
        data.trips_between(2001, "2001-03-01")  # type: ignore[arg-type]


def test_trips_with_person_by_id_name_or_record(data: Dataset) -> None:
    expected = ids(data.trips_with("leader-cn"))
    assert len(expected) == 2
    assert ids(data.trips_with("Leader of China-like")) == expected
    assert ids(data.trips_with("leader of china-like")) == expected
    assert ids(data.trips_with(data.person("leader-cn"))) == expected


def test_unknown_person_suggests(data: Dataset) -> None:
    with pytest.raises(kimtravel.UnknownValueError, match="did you mean 'leader-cn'"):
        data.trips_with("leader-cm")
    with pytest.raises(TypeError):
        data.trips_with(7)  # type: ignore[arg-type]


def test_unknown_value_error_is_a_lookup_error(data: Dataset) -> None:
    with pytest.raises(LookupError):
        data.trip("nope")


def test_whole_resources_are_chronological_tuples(data: Dataset) -> None:
    trips = data.trips()
    assert list(trips) == sorted(trips, key=lambda t: t.start_date)
    legs = data.legs()
    assert isinstance(legs, tuple)
    assert [(leg.trip_id, leg.seq) for leg in legs] == [
        (t.id, leg.seq) for t in trips for leg in t.legs
    ]
    assert len(data.events()) == sum(len(t.events) for t in trips)
    assert {p.id for p in data.places()} >= {p.id for t in trips for p in t.places}
    assert len(data.people()) == 5
    assert [c.code for c in data.countries()] == list(builders.COUNTRIES)
    assert len(data.sources()) == 3


def test_module_helpers_delegate_to_the_bundled_dataset(bundled: Dataset) -> None:
    assert kimtravel.trips() == bundled.trips()
    assert kimtravel.legs() == bundled.legs()
    assert kimtravel.events() == bundled.events()
    assert kimtravel.places() == bundled.places()
    assert kimtravel.people() == bundled.people()
    assert kimtravel.sources() == bundled.sources()
    assert kimtravel.countries() == bundled.countries()
    first = bundled.trips()[0]
    assert kimtravel.trip(first.id) == first
    assert kimtravel.trips_by_mode("train") == bundled.trips_by_mode("train")
    assert kimtravel.trips_by_country("CN") == bundled.trips_by_country("CN")
    assert kimtravel.trips_in_year(2018) == bundled.trips_in_year(2018)
    assert kimtravel.trips_between("2018-01-01", "2018-12-31") == bundled.trips_in_year(2018)
    assert kimtravel.trips_with("xi-jinping") == bundled.trips_with("Xi Jinping")
    assert kimtravel.person("xi-jinping").name == "Xi Jinping"


def test_versions(bundled: Dataset) -> None:
    assert kimtravel.__data_version__ == bundled.version
    assert isinstance(kimtravel.__version__, str)
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = kimtravel.nope  # type: ignore[attr-defined]


def test_default_dataset_loads_once_across_threads() -> None:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: kimtravel.dataset(), range(32)))
    assert all(r is results[0] for r in results)


def test_public_functions_are_not_shadowed_by_submodules() -> None:
    # Loading the data imports every submodule; the package's functions must still be functions.
    import importlib

    kimtravel.dataset()
    for module in ("db", "validation", "export", "diff", "writer", "cli"):
        importlib.import_module(f"kimtravel.{module}")
    for name in ("dataset", "load", "validate", "trips", "bundled_path"):
        assert callable(getattr(kimtravel, name)), name
    assert kimtravel.validate(kimtravel.bundled_path(), use_frictionless=False).ok
