"""Each kind of corruption applied to a valid package is caught, naming the right row and field."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kimtravel.validation import validate
from tests import builders

Mutation = Callable[[builders.Rows], None]


def row(rows: builders.Rows, resource: str, **key: str) -> dict[str, str]:
    """Return the one row of ``resource`` whose cells match ``key``."""
    (found,) = [r for r in rows[resource] if all(r[k] == v for k, v in key.items())]
    return found


def second_trip(rows: builders.Rows) -> str:
    return rows["trips"][1]["id"]


def swap_trip_dates(rows: builders.Rows) -> None:
    trip = rows["trips"][1]
    trip["start_date"], trip["end_date"] = trip["end_date"], trip["start_date"]


def swap_leg_dates(rows: builders.Rows) -> None:
    leg = row(rows, "legs", trip_id=second_trip(rows), seq="2")
    leg["depart_date"], leg["arrive_date"] = leg["arrive_date"], leg["depart_date"]


def break_leg_chain(rows: builders.Rows) -> None:
    row(rows, "legs", trip_id=second_trip(rows), seq="2")["origin"] = "cn-place-1"


def overlap_trips(rows: builders.Rows) -> None:
    first, second = rows["trips"][0], rows["trips"][1]
    first["return_known"] = "false"
    first["end_date"] = second["start_date"]


def unknown_mode(rows: builders.Rows) -> None:
    row(rows, "legs", trip_id=second_trip(rows), seq="1")["mode"] = "plane"


def dangling_place(rows: builders.Rows) -> None:
    row(rows, "legs", trip_id=second_trip(rows), seq="1")["destination"] = "atlantis"


def dangling_counterpart(rows: builders.Rows) -> None:
    row(rows, "events", trip_id=second_trip(rows), seq="1")["counterparts"] = "leader-ru;nobody"


def dangling_source(rows: builders.Rows) -> None:
    rows["trips"][1]["sources"] = "src-1;src-404"


def dangling_trip(rows: builders.Rows) -> None:
    row(rows, "events", trip_id=second_trip(rows), seq="2")["trip_id"] = "1999-01-ghost"


def modes_out_of_step(rows: builders.Rows) -> None:
    rows["trips"][1]["modes"] = "train"


def countries_out_of_step(rows: builders.Rows) -> None:
    rows["trips"][1]["countries"] = "CN"


def missing_citation(rows: builders.Rows) -> None:
    row(rows, "legs", trip_id=second_trip(rows), seq="3")["sources"] = ""


def place_outside_country(rows: builders.Rows) -> None:
    place = row(rows, "places", id="ru-place-1")
    place["latitude"], place["longitude"] = "-33.9", "18.4"


def duplicate_key(rows: builders.Rows) -> None:
    rows["places"].append(dict(row(rows, "places", id="cn-place-0")))


def event_outside_trip(rows: builders.Rows) -> None:
    row(rows, "events", trip_id=second_trip(rows), seq="2")["date"] = "2001-12-31"


def seq_gap(rows: builders.Rows) -> None:
    row(rows, "legs", trip_id=second_trip(rows), seq="3")["seq"] = "4"


def starts_abroad(rows: builders.Rows) -> None:
    leg = row(rows, "legs", trip_id=second_trip(rows), seq="1")
    leg["origin"] = "cn-place-0"


def bad_date(rows: builders.Rows) -> None:
    row(rows, "legs", trip_id=second_trip(rows), seq="1")["depart_date"] = "2001-02-30"


def unknown_trip_country(rows: builders.Rows) -> None:
    rows["trips"][1]["transit_countries"] = "ZZ"


def leg_departs_before_previous_arrives(rows: builders.Rows) -> None:
    trip = second_trip(rows)
    first = row(rows, "legs", trip_id=trip, seq="1")
    row(rows, "legs", trip_id=trip, seq="2")["depart_date"] = first["depart_date"]


CASES: list[tuple[str, Mutation, tuple[str, str, str, str]]] = [
    # (name, corruption, expected (resource, key, field, check)); "{t}" is the second trip's id
    ("trip dates swapped", swap_trip_dates, ("trips", "{t}", "end_date", "date-order")),
    ("leg dates swapped", swap_leg_dates, ("legs", "{t}/2", "arrive_date", "date-order")),
    (
        "leg departs before previous arrives",
        leg_departs_before_previous_arrives,
        ("legs", "{t}/2", "depart_date", "date-order"),
    ),
    ("leg chain broken", break_leg_chain, ("legs", "{t}/2", "origin", "leg-chain")),
    ("overlapping trips", overlap_trips, ("trips", "{t}", "start_date", "overlap")),
    ("unknown mode", unknown_mode, ("legs", "{t}/1", "mode", "type-error")),
    ("dangling place", dangling_place, ("legs", "{t}/1", "destination", "foreign-key")),
    (
        "dangling counterpart",
        dangling_counterpart,
        ("events", "{t}/1", "counterparts", "foreign-key"),
    ),
    ("dangling source", dangling_source, ("trips", "{t}", "sources", "foreign-key")),
    ("dangling trip", dangling_trip, ("events", "1999-01-ghost/2", "trip_id", "foreign-key")),
    ("modes out of step", modes_out_of_step, ("trips", "{t}", "modes", "derived")),
    ("countries out of step", countries_out_of_step, ("trips", "{t}", "countries", "derived")),
    ("missing citation", missing_citation, ("legs", "{t}/3", "sources", "type-error")),
    (
        "place outside its country",
        place_outside_country,
        ("places", "ru-place-1", "latitude", "coordinates"),
    ),
    ("duplicate primary key", duplicate_key, ("places", "cn-place-0", "id", "primary-key")),
    ("event outside its trip", event_outside_trip, ("events", "{t}/2", "date", "date-order")),
    ("gap in seq", seq_gap, ("legs", "{t}/4", "seq", "sequence")),
    ("trip starts abroad", starts_abroad, ("legs", "{t}/1", "origin", "home")),
    ("impossible date", bad_date, ("legs", "{t}/1", "depart_date", "type-error")),
    (
        "unknown country code",
        unknown_trip_country,
        ("trips", "{t}", "transit_countries", "foreign-key"),
    ),
]


def test_the_uncorrupted_package_is_valid(
    small_rows: builders.Rows, write: Callable[[builders.Rows], Path]
) -> None:
    report = validate(write(small_rows), use_frictionless=False)
    assert report.ok, "\n".join(map(str, report.problems))


@pytest.mark.parametrize(("name", "corrupt", "expected"), CASES, ids=[c[0] for c in CASES])
def test_corruption_is_caught_and_located(
    name: str,
    corrupt: Mutation,
    expected: tuple[str, str, str, str],
    small_rows: builders.Rows,
    write: Callable[[builders.Rows], Path],
) -> None:
    trip_id = second_trip(small_rows)
    corrupt(small_rows)
    report = validate(write(small_rows), use_frictionless=False)
    found = {(p.resource, p.key, p.field, p.check) for p in report.problems}
    resource, key, field, check = expected
    wanted = (resource, key.format(t=trip_id), field, check)
    assert not report.ok
    assert wanted in found, f"{name}: expected {wanted}, got:\n" + "\n".join(
        map(str, report.problems)
    )


def test_every_corruption_fails_load(
    small_rows: builders.Rows, write: Callable[[builders.Rows], Path]
) -> None:
    import copy

    import kimtravel

    for name, corrupt, _ in CASES:
        rows = copy.deepcopy(small_rows)
        corrupt(rows)
        with pytest.raises(kimtravel.PackageError) as info:
            kimtravel.load(write(rows))
        assert info.value.problems, name


def test_missing_source_note_is_caught(
    small_rows: builders.Rows, write: Callable[[builders.Rows], Path]
) -> None:
    path = write(small_rows)
    (path.parent / "seeds" / "src-2.md").unlink()
    report = validate(path, use_frictionless=False)
    assert [(p.resource, p.key, p.field, p.check) for p in report.problems] == [
        ("sources", "src-2", "id", "source-note")
    ]
