"""Per-row data-quality checks over the shipped data; failures print the offending keys."""

from __future__ import annotations

import datetime as dt
import re

from kimtravel.db import Dataset
from kimtravel.validation import validate

TRIP_ID = re.compile(r"^(\d{4})-(\d{2})-[a-z0-9]+(-[a-z0-9]+)*$")


def test_shipped_package_passes_the_validator(bundled: Dataset) -> None:
    report = validate(bundled.path)
    assert report.ok, "\n".join(map(str, report.problems))


def test_trip_ids_say_when_he_left(bundled: Dataset) -> None:
    bad = []
    for trip in bundled.trips():
        match = TRIP_ID.match(trip.id)
        if not match or (int(match[1]), int(match[2])) != (
            trip.start_date.year,
            trip.start_date.month,
        ):
            bad.append(trip.id)
    assert not bad, f"trip ids that do not start with their start month: {bad}"


def test_trips_fall_in_his_rule(bundled: Dataset) -> None:
    # He became leader in December 2011; nothing can be later than today.
    bad = [
        t.id
        for t in bundled.trips()
        if not dt.date(2011, 12, 17) <= t.start_date <= dt.date.today()
    ]
    assert not bad


def test_every_trip_is_kim_jong_uns_and_leaves_north_korea(bundled: Dataset) -> None:
    bad = [t.id for t in bundled.trips() if t.traveler.id != "kim-jong-un" or "KP" in t.countries]
    assert not bad


def test_unknown_home_dates_are_explained(bundled: Dataset) -> None:
    bad = [
        t.id for t in bundled.trips() if not (t.departure_known and t.return_known) and not t.notes
    ]
    assert not bad, f"trips whose departure or return is not reported must say so in notes: {bad}"


def test_legs_without_dates_are_explained(bundled: Dataset) -> None:
    bad = [
        f"{leg.trip_id}/{leg.seq}"
        for leg in bundled.legs()
        if not (leg.depart_date and leg.arrive_date) and not leg.notes
    ]
    assert not bad


def test_known_trips_are_present(bundled: Dataset) -> None:
    # The seed factbox (Reuters, 8 Sep 2023) lists these; each must be in the data with a
    # matching month.
    expected = {
        "2018-03-beijing", "2018-04-panmunjom", "2018-05-dalian", "2018-06-singapore",
        "2018-06-beijing", "2019-01-beijing", "2019-02-hanoi", "2019-04-vladivostok",
        "2019-06-panmunjom", "2023-09-russian-far-east",
    }  # fmt: skip
    missing = expected - {t.id for t in bundled.trips()}
    assert not missing


def test_the_may_2018_panmunjom_meeting_is_not_a_trip(bundled: Dataset) -> None:
    # 26 May 2018 was held on the North's side: he did not cross, so it is not a foreign trip.
    assert not bundled.trips_between("2018-05-26", "2018-05-26")


def test_places_have_coordinates_or_cite_why_not(bundled: Dataset) -> None:
    without = [p.id for p in bundled.places() if p.latitude is None]
    with_coordinates = len(bundled.places()) - len(without)
    # Coordinates are left empty when no source gives them; most places have them.
    assert with_coordinates > len(without), without


def test_every_row_cites_an_existing_source(bundled: Dataset) -> None:
    known = {s.id for s in bundled.sources()}
    rows = [
        *bundled.trips(),
        *bundled.legs(),
        *bundled.events(),
        *bundled.places(),
        *bundled.people(),
    ]
    bad = [repr(r)[:60] for r in rows if not r.sources or any(s.id not in known for s in r.sources)]  # type: ignore[attr-defined]
    assert not bad


def test_sources_have_a_publisher_and_a_way_to_find_them(bundled: Dataset) -> None:
    bad = [s.id for s in bundled.sources() if not s.publisher or not (s.url or s.title)]
    assert not bad
