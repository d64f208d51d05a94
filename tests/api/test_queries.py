"""Query helpers and forgiving lookups, on a synthetic package and on the shipped data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

import kimtravel
from kimtravel.db import Dataset
from kimtravel.errors import UnknownValueError
from tests import builders


@pytest.fixture
def data(small_rows: builders.Rows, write: Callable[[builders.Rows], Path]) -> Dataset:
    return kimtravel.load(write(small_rows))


def test_modes_any_case(data: Dataset) -> None:
    assert data.trips_by_mode("TRAIN") == data.trips_by_mode("train")
    with pytest.raises(UnknownValueError, match="did you mean 'train'"):
        data.trips_by_mode("trian")
    with pytest.raises(TypeError):
        data.trips_by_mode(3)  # type: ignore[arg-type]


def test_countries_by_code_or_name_any_case(data: Dataset) -> None:
    assert (
        data.trips_by_country("cn")
        == data.trips_by_country("China-like")
        == data.trips_by_country("CN")
    )
    with pytest.raises(UnknownValueError, match="unknown country"):
        data.trips_by_country("Atlantis")


def test_transit(data: Dataset) -> None:
    assert set(data.trips_by_country("CN", include_transit=True)) >= set(
        data.trips_by_country("CN")
    )


def test_people_by_id_name_or_unambiguous_part(data: Dataset) -> None:
    leader = data.person("leader-cn")
    assert data.person("Leader of China-like") == leader
    assert data.person("china-like") == leader
    assert data.trips_with("LEADER OF CHINA-LIKE") == data.trips_with(leader)
    with pytest.raises(UnknownValueError, match="ambiguous"):
        data.person("Leader")
    with pytest.raises(UnknownValueError):
        data.person("Nobody At All")


def test_between_and_years(data: Dataset) -> None:
    first = data.trips()[0]
    assert data.trips_between(first.start_date, first.start_date) == (first,)
    assert first in data.trips_in_year(first.start_date.year)
    with pytest.raises(ValueError, match="before start"):
        data.trips_between("2001-02-01", "2001-01-01")
    with pytest.raises(ValueError, match="is not a date"):
        data.trips_between("yesterday", "2001-01-01")
    with pytest.raises(TypeError):
        data.trips_in_year("2001")  # type: ignore[arg-type]


def test_trip_lookup_suggests(data: Dataset) -> None:
    trip = data.trips()[0]
    assert data.trip(trip.id.upper()) == trip
    with pytest.raises(UnknownValueError, match="did you mean"):
        data.trip(trip.id[:-1] + "x")


def test_short_reprs(data: Dataset) -> None:
    trip = data.trips()[0]
    assert len(repr(data.trips())) < 400
    assert repr(trip).startswith(f"<Trip {trip.id} ")
    assert "days" in str(trip) or "day" in str(trip)
    assert repr(trip.legs[0]).startswith(f"<Leg {trip.id}/1 ")
    assert repr(trip.traveler) == "<Person traveler (The Traveller, KP)>"


def test_records_are_frozen(data: Dataset) -> None:
    trip = data.trips()[0]
    with pytest.raises(Exception, match="frozen"):
        trip.summary = "changed"  # type: ignore[misc]


def test_travellers(data: Dataset) -> None:
    assert [p.id for p in data.travelers()] == ["second-traveler", "traveler"]
    assert data.trips("The Traveller") == data.trips()
    assert data.trips("second-traveler") == ()
    with pytest.raises(UnknownValueError):
        data.trips("leader-cn")


def test_vehicles_and_event_kinds(data: Dataset) -> None:
    trains = data.trips_by_vehicle("test-train")
    assert trains == tuple(
        t
        for t in data.trips()
        if any(leg.vehicle and leg.vehicle.id == "test-train" for leg in t.legs)
    )
    assert data.events_by_kind("SUMMIT") == tuple(e for e in data.events() if e.kind == "summit")
    with pytest.raises(UnknownValueError):
        data.events_by_kind("picnic")


# -- the shipped data ----------------------------------------------------------------------


def test_module_helpers_answer_from_the_bundled_data(bundled: Dataset) -> None:
    assert kimtravel.trips() == bundled.trips()
    assert kimtravel.trips_by_mode("train") == bundled.trips_by_mode("train")
    assert (
        kimtravel.person("Xi Jinping") == kimtravel.person("xi") == kimtravel.person("xi-jinping")
    )
    assert kimtravel.trips_with("Putin") == bundled.trips_with("vladimir-putin")
    assert kimtravel.trips_by_country("China") == kimtravel.trips_by_country("cn")
    assert kimtravel.__data_version__ == bundled.version


def test_every_traveller_has_trips_in_his_time_as_leader(bundled: Dataset) -> None:
    for person in bundled.travelers():
        trips = bundled.trips(person)
        assert trips, person
        assert all(person.leader_from and t.start_date >= person.leader_from for t in trips)
        assert all(person.leader_to is None or t.end_date <= person.leader_to for t in trips)


def test_trips_are_chronological(bundled: Dataset) -> None:
    starts = [t.start_date for t in bundled.trips()]
    assert starts == sorted(starts)


def test_uncertain_dates_are_found_by_any_day_they_allow(bundled: Dataset) -> None:
    for trip in bundled.trips():
        assert trip in bundled.trips_between(trip.start_date, trip.start_date)
        assert trip in bundled.trips_between(trip.end_date, trip.end_date)
        start = trip.start
        assert start.earliest == trip.start_date
        assert start.precision in ("day", "month", "year")


def test_kim_jong_un_record_is_unchanged_by_the_other_travellers(bundled: Dataset) -> None:
    ids = [t.id for t in bundled.trips("kim-jong-un")]
    assert ids[:2] == ["2018-03-beijing", "2018-04-panmunjom"]
    assert all(not i.startswith(("kji-", "kis-")) for i in ids)
    assert dt.date(2018, 3, 25) == bundled.trip("2018-03-beijing").start_date


@pytest.mark.parametrize(
    ("lookup", "typed", "meant"),
    [
        ("trips_with", "Putn", "Vladimir Putin"),  # a word of the name, mistyped
        ("trip", "kis-1984", "kis-1984-05-ussr-eastern-europe"),  # the start of an id
        ("trips_with", "Xi Jinpin", "Xi Jinping"),  # the whole name, mistyped
    ],
)
def test_suggestions_name_what_was_meant_first(lookup: str, typed: str, meant: str) -> None:
    with pytest.raises(UnknownValueError) as caught:
        getattr(kimtravel, lookup)(typed)
    assert f"did you mean {meant!r}" in str(caught.value)
    assert "O Jin U" not in str(caught.value)  # no far-fetched extras after a close match


def test_month_and_year_bounds_mean_their_first_and_last_days() -> None:
    assert kimtravel.trips_between("1984", "1984") == kimtravel.trips_between(
        "1984-01-01", "1984-12-31"
    )
    assert kimtravel.trips_between("2019-02", "2019-02") == kimtravel.trips_between(
        "2019-02-01", "2019-02-28"
    )
    with pytest.raises(ValueError, match="a month"):
        kimtravel.trips_between("2019-2", "2019-03")


def test_names_match_without_their_accents() -> None:
    assert kimtravel.trips_with("Ceausescu") == kimtravel.trips_with("Nicolae Ceaușescu")
    assert kimtravel.trips_with("janos kadar") == kimtravel.trips_with("János Kádár")
