"""Property tests over the shipped data: invariants, and helpers that agree with plain filters."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

import kimtravel
from kimtravel.vocab import MODES

DATA = kimtravel.dataset()
TRIPS = DATA.trips()
trips = st.sampled_from(TRIPS)
days = st.dates(min_value=dt.date(2011, 1, 1), max_value=dt.date(2027, 12, 31))


def chronological(result: tuple[kimtravel.Trip, ...]) -> bool:
    return list(result) == sorted(result, key=lambda t: (t.start_date, t.id))


@given(trips)
def test_trip_by_id_round_trips(trip: kimtravel.Trip) -> None:
    assert kimtravel.trip(trip.id) == trip


@given(trips)
def test_dates_are_in_order(trip: kimtravel.Trip) -> None:
    assert trip.start_date <= trip.end_date
    previous_arrival = trip.start_date
    for leg in trip.legs:
        if leg.depart_date:
            assert previous_arrival <= leg.depart_date
        if leg.depart_date and leg.arrive_date:
            assert leg.depart_date <= leg.arrive_date
        previous_arrival = leg.arrive_date or leg.depart_date or previous_arrival
        assert previous_arrival <= trip.end_date
    assert all(trip.start_date <= e.date <= trip.end_date for e in trip.events if e.date)


@given(trips)
def test_legs_chain_and_derived_columns_agree(trip: kimtravel.Trip) -> None:
    for before, after in zip(trip.legs, trip.legs[1:], strict=False):
        assert after.origin == before.destination
    assert trip.modes == tuple(dict.fromkeys(leg.mode for leg in trip.legs))
    foreign = {p.country for p in trip.places} - {trip.traveler.country}
    assert set(trip.countries) | set(trip.transit_countries) == foreign
    assert not set(trip.countries) & set(trip.transit_countries)


@given(st.sampled_from(MODES))
def test_trips_by_mode_is_exactly_the_trips_with_such_a_leg(mode: str) -> None:
    result = kimtravel.trips_by_mode(mode)
    assert result == tuple(t for t in TRIPS if any(leg.mode == mode for leg in t.legs))
    assert chronological(result)


def test_union_over_modes_is_every_trip() -> None:
    union = {t.id for mode in MODES for t in kimtravel.trips_by_mode(mode)}
    assert union == {t.id for t in TRIPS}


@given(st.sampled_from([c.code for c in DATA.countries()]), st.booleans())
def test_trips_by_country_matches_a_filter(code: str, transit: bool) -> None:
    result = kimtravel.trips_by_country(code, include_transit=transit)
    expected = tuple(
        t for t in TRIPS if code in t.countries or (transit and code in t.transit_countries)
    )
    assert result == expected
    assert chronological(result)


@given(st.integers(min_value=2010, max_value=2027))
def test_trips_in_year_matches_a_filter(year: int) -> None:
    assert kimtravel.trips_in_year(year) == tuple(
        t for t in TRIPS if t.start_date.year <= year <= t.end_date.year
    )


@given(days, days)
def test_trips_between_matches_a_filter(a: dt.date, b: dt.date) -> None:
    start, end = min(a, b), max(a, b)
    result = kimtravel.trips_between(start, end)
    assert result == tuple(t for t in TRIPS if t.start_date <= end and t.end_date >= start)
    assert chronological(result)


@settings(max_examples=30)
@given(st.sampled_from(DATA.people()))
def test_trips_with_matches_a_filter(person: kimtravel.Person) -> None:
    result = kimtravel.trips_with(person.id)
    assert result == tuple(t for t in TRIPS if any(person in e.counterparts for e in t.events))
    assert kimtravel.trips_with(person.name.upper()) == result


def test_trips_are_chronological_and_do_not_overlap() -> None:
    assert chronological(TRIPS)
    for before, after in itertools.pairwise(TRIPS):
        assert before.end_date < after.start_date, (before.id, after.id)
