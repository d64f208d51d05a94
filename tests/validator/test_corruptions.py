"""Named corruptions of a small valid package: each is reported exactly once, at its row and field.

Every test asserts the exact set of ``(resource, key, field, check)`` the validator reports, so a
fault that cascades into false reports fails as surely as a fault that goes unreported. The
package is synthetic (tests/builders.py), so nothing depends on the shipped data's values.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from kimtravel.validation import validate
from tests import builders

Where = tuple[str, str, str, str]


def found(path: Path, *, use_frictionless: bool = False) -> set[Where]:
    report = validate(path, use_frictionless=use_frictionless)
    return {(p.resource, p.key, p.field, p.check) for p in report.problems}


def first_trip(rows: builders.Rows) -> dict[str, str]:
    return rows["trips"][0]


def test_the_small_package_is_valid(
    small_rows: builders.Rows, write: Callable[[builders.Rows], Path]
) -> None:
    assert found(write(small_rows), use_frictionless=True) == set()


CELL_CASES: list[tuple[str, str, str, str]] = [
    # resource, column, bad cell, check
    ("places", "latitude", "139.5", "type-error"),
    ("places", "latitude", "+39_0", "type-error"),
    ("places", "latitude", "NaN", "type-error"),
    ("places", "precision_m", "1_0", "type-error"),
    ("places", "precision_m", " 5", "type-error"),
    ("places", "precision_m", "1.0", "type-error"),
    ("places", "kind", "castle", "type-error"),
    ("places", "id", "Upper-Case", "type-error"),
    ("trips", "departure_known", "yes", "type-error"),
    ("trips", "departure_known", "1", "type-error"),
    ("trips", "departure_known", "True", "type-error"),
    ("trips", "start_date", "2019-02-26T00:00:00", "type-error"),
    ("trips", "start_date", "1551139200", "type-error"),
    ("trips", "start_date", "2019-02-30", "type-error"),
    ("trips", "start_edtf", "2019-13", "type-error"),
    ("trips", "modes", "plane", "type-error"),
    ("trips", "modes", "train;train", "type-error"),
    ("trips", "summary", "", "type-error"),
    ("sources", "published", "0", "type-error"),
    ("sources", "url", "not a uri", "type-error"),
    ("sources", "kind", "blog", "type-error"),
    ("legs", "depart_time", "25:00", "type-error"),
]


@pytest.mark.parametrize(("resource", "column", "cell", "check"), CELL_CASES)
def test_a_bad_cell_is_reported_once_at_its_row(
    small_rows: builders.Rows,
    write: Callable[[builders.Rows], Path],
    resource: str,
    column: str,
    cell: str,
    check: str,
) -> None:
    row = small_rows[resource][-1]
    row[column] = cell
    key = "/".join(row[k] for k in ("trip_id", "seq")) if resource == "legs" else row.get("id", "")
    assert found(write(small_rows)) == {(resource, key, column, check)}


def test_a_dangling_reference_is_reported_and_nothing_downstream(
    small_rows: builders.Rows, write: Callable[[builders.Rows], Path]
) -> None:
    leg = small_rows["legs"][0]
    leg["destination"] = "nowhere"
    key = f"{leg['trip_id']}/{leg['seq']}"
    assert found(write(small_rows)) == {("legs", key, "destination", "foreign-key")}


def test_a_rejected_place_does_not_cascade(
    small_rows: builders.Rows, write: Callable[[builders.Rows], Path]
) -> None:
    place = next(p for p in small_rows["places"] if p["id"] == "cn-place-0")
    place["latitude"] = "95"
    assert found(write(small_rows)) == {("places", "cn-place-0", "latitude", "type-error")}


def test_a_list_reference_is_checked_item_by_item(
    small_rows: builders.Rows, write: Callable[[builders.Rows], Path]
) -> None:
    event = small_rows["events"][0]
    event["counterparts"] = "leader-cn;ghost"
    key = f"{event['trip_id']}/{event['seq']}"
    assert found(write(small_rows)) == {("events", key, "counterparts", "foreign-key")}


def test_duplicate_primary_key(
    small_rows: builders.Rows, write: Callable[[builders.Rows], Path]
) -> None:
    small_rows["sources"].append(dict(small_rows["sources"][0]))
    assert found(write(small_rows)) == {("sources", "src-1", "id", "primary-key")}


def test_dates_out_of_order(
    small_rows: builders.Rows, write: Callable[[builders.Rows], Path]
) -> None:
    trip = first_trip(small_rows)
    leg = next(leg for leg in small_rows["legs"] if leg["trip_id"] == trip["id"])
    leg["arrive_date"] = "1999-01-01"
    key = f"{leg['trip_id']}/{leg['seq']}"
    assert ("legs", key, "arrive_date", "date-order") in found(write(small_rows))
    assert {w[0] for w in found(write(small_rows))} == {"legs"}


def test_a_departure_before_an_earlier_arrival_is_caught_across_an_undated_leg(
    small_rows: builders.Rows, write: Callable[[builders.Rows], Path]
) -> None:
    trip = small_rows["trips"][2]
    legs = [leg for leg in small_rows["legs"] if leg["trip_id"] == trip["id"]]
    first, middle, last = legs[0], legs[1], legs[2]
    middle["depart_date"] = middle["arrive_date"] = ""
    last["depart_date"] = first["depart_date"]
    key = f"{last['trip_id']}/{last['seq']}"
    assert found(write(small_rows)) == {("legs", key, "depart_date", "date-order")}


def test_derived_columns_must_agree(
    small_rows: builders.Rows, write: Callable[[builders.Rows], Path]
) -> None:
    trip = first_trip(small_rows)
    trip["modes"] = "air"
    assert found(write(small_rows)) == {("trips", trip["id"], "modes", "derived")}


def test_derived_days_must_follow_the_edtf(
    small_rows: builders.Rows, write: Callable[[builders.Rows], Path]
) -> None:
    trip = first_trip(small_rows)
    trip["start_edtf"] = trip["start_date"][:7]  # a month: the earliest day is the 1st
    trip["start_basis"] = "reported"
    trip["departure_known"] = "false"
    expected_first = trip["start_date"][:8] + "01"
    report = found(write(small_rows))
    if trip["start_date"] == expected_first:
        assert report == set()
    else:
        assert report == {("trips", trip["id"], "start_date", "derived")}


def test_known_flags_follow_the_basis(
    small_rows: builders.Rows, write: Callable[[builders.Rows], Path]
) -> None:
    trip = first_trip(small_rows)
    trip["start_basis"] = "border"
    assert found(write(small_rows)) == {("trips", trip["id"], "departure_known", "derived")}


def test_overlapping_trips_of_one_traveller(
    small_rows: builders.Rows, write: Callable[[builders.Rows], Path]
) -> None:
    first, second = small_rows["trips"][0], small_rows["trips"][1]
    shift = dt.date.fromisoformat(second["start_date"]) - dt.date.fromisoformat(first["start_date"])
    assert shift.days > 0
    rows = builders.base_rows()
    day = dt.date(2001, 1, 1)
    builders.add_trip(rows, day, [("CN", 0, "train")])
    builders.add_trip(rows, day + dt.timedelta(days=1), [("RU", 0, "train")])
    trips = found(write(rows))
    assert trips == {("trips", rows["trips"][1]["id"], "start_date", "overlap")}


def test_two_travellers_may_travel_on_the_same_days(write: Callable[[builders.Rows], Path]) -> None:
    rows = builders.base_rows()
    day = dt.date(2001, 1, 1)
    builders.add_trip(rows, day, [("CN", 0, "train")])
    builders.add_trip(rows, day, [("CN", 0, "train")], traveler="second-traveler")
    assert found(write(rows), use_frictionless=True) == set()


def test_a_trip_outside_the_travellers_time_as_leader(
    write: Callable[[builders.Rows], Path],
) -> None:
    rows = builders.base_rows()
    builders.add_trip(rows, dt.date(2001, 1, 1), [("CN", 0, "train")])
    rows["people"][0]["leader_from"] = "2005-01-01"
    assert found(write(rows)) == {("trips", rows["trips"][0]["id"], "start_date", "leader")}


def test_a_country_that_did_not_exist_yet(write: Callable[[builders.Rows], Path]) -> None:
    rows = builders.base_rows()
    builders.add_trip(rows, dt.date(2001, 1, 1), [("CN", 0, "train")])
    cn = next(c for c in rows["countries"] if c["code"] == "CN")
    cn["valid_from"] = "2010-01-01"
    trip_id = rows["trips"][0]["id"]
    assert found(write(rows)) == {
        ("trips", trip_id, "countries", "country-dates"),
        ("places", "cn-place-0", "country", "country-dates"),
    }


def test_a_former_state_holds_its_successors_places(write: Callable[[builders.Rows], Path]) -> None:
    rows = builders.base_rows()
    builders.add_trip(rows, dt.date(1980, 1, 1), [("RU", 0, "train")])
    rows["countries"].append(
        {
            "code": "SUHH",
            "name": "Union-like",
            "valid_from": "1922-12-30",
            "valid_to": "1991-12-26",
            "successors": "RU",
            "min_latitude": "40",
            "max_latitude": "80",
            "min_longitude": "20",
            "max_longitude": "170",
            "sources": "src-1",
        }
    )
    next(c for c in rows["countries"] if c["code"] == "RU")["valid_from"] = "1991-12-26"
    trip = rows["trips"][0]
    trip["countries"] = "SUHH"
    assert found(write(rows), use_frictionless=True) == set()
    trip["countries"] = "RU"
    assert found(write(rows)) == {
        ("trips", trip["id"], "countries", "country-dates"),
        ("trips", trip["id"], "countries", "derived"),
    }


def test_coordinates_outside_the_country(
    small_rows: builders.Rows, write: Callable[[builders.Rows], Path]
) -> None:
    place = next(p for p in small_rows["places"] if p["id"] == "cn-place-1")
    place["longitude"] = "140.0"
    assert found(write(small_rows)) == {("places", "cn-place-1", "latitude", "coordinates")}


def test_a_vehicle_of_another_mode(
    small_rows: builders.Rows, write: Callable[[builders.Rows], Path]
) -> None:
    leg = next(leg for leg in small_rows["legs"] if leg["mode"] == "air")
    leg["vehicle"] = "test-train"
    assert found(write(small_rows)) == {
        ("legs", f"{leg['trip_id']}/{leg['seq']}", "vehicle", "vehicle")
    }


def test_a_missing_source_note(
    small_rows: builders.Rows, write: Callable[[builders.Rows], Path]
) -> None:
    path = write(small_rows)
    (path.parent / "seeds" / "src-2.md").unlink()
    assert found(path) == {("sources", "src-2", "id", "source-note")}


def test_a_source_note_that_is_a_folder(
    small_rows: builders.Rows, write: Callable[[builders.Rows], Path]
) -> None:
    path = write(small_rows)
    note = path.parent / "seeds" / "src-3.md"
    note.unlink()
    note.mkdir()
    assert found(path) == {("sources", "src-3", "id", "source-note")}


def test_a_leg_chain_gap(small_rows: builders.Rows, write: Callable[[builders.Rows], Path]) -> None:
    trip = small_rows["trips"][1]
    legs = [leg for leg in small_rows["legs"] if leg["trip_id"] == trip["id"]]
    legs[1]["origin"] = "ru-place-1"
    assert found(write(small_rows)) == {("legs", f"{trip['id']}/2", "origin", "leg-chain")}


def test_tampered_file_is_an_integrity_problem(
    small_rows: builders.Rows, write: Callable[[builders.Rows], Path]
) -> None:
    path = write(small_rows)
    trips = path.parent / "data" / "trips.csv"
    trips.write_bytes(trips.read_bytes().replace(b"A synthetic trip.", b"A synthetic trap."))
    assert found(path) == {("trips", "", "hash", "integrity")}


def test_an_undeclared_column_is_refused(
    small_rows: builders.Rows, write: Callable[[builders.Rows], Path]
) -> None:
    path = write(small_rows)
    sources = path.parent / "data" / "sources.csv"
    lines = sources.read_text(encoding="utf-8").splitlines()
    sources.write_text(
        "\n".join([lines[0] + ",extra"] + [line + ",x" for line in lines[1:]]) + "\n",
        encoding="utf-8",
    )
    builders.rehash(descriptor := builders.descriptor_template(), path.parent)
    builders.write_descriptor(path.parent, descriptor)
    assert found(path) == {("sources", "", "extra", "extra-label")}


def test_swapped_columns_are_refused(
    small_rows: builders.Rows, write: Callable[[builders.Rows], Path]
) -> None:
    path = write(small_rows)
    sources = path.parent / "data" / "sources.csv"
    rows = [line.split(",") for line in sources.read_text(encoding="utf-8").splitlines()]
    for row in rows:
        row[1], row[2] = row[2], row[1]
    sources.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    descriptor = builders.descriptor_template()
    builders.rehash(descriptor, path.parent)
    builders.write_descriptor(path.parent, descriptor)
    assert found(path) == {("sources", "", "", "incorrect-label")}


def test_crlf_line_endings_are_read(
    small_rows: builders.Rows, write: Callable[[builders.Rows], Path]
) -> None:
    path = write(small_rows)
    for csv_file in (path.parent / "data").glob("*.csv"):
        csv_file.write_bytes(csv_file.read_bytes().replace(b"\n", b"\r\n"))
    descriptor = builders.descriptor_template()
    builders.rehash(descriptor, path.parent)
    builders.write_descriptor(path.parent, descriptor)
    assert found(path, use_frictionless=True) == set()


def test_coordinates_in_the_wrong_country_inside_its_box(tmp_path: Path) -> None:
    """Pyongyang's coordinates on a place in China: inside China's box, outside its borders."""
    rows = builders.base_rows()
    builders.add_trip(rows, dt.date(2001, 1, 1), [("CN", 0, "train")])
    cn = next(c for c in rows["countries"] if c["code"] == "CN")
    cn.update(min_latitude="18", max_latitude="54", min_longitude="73", max_longitude="135")
    place = next(p for p in rows["places"] if p["id"] == "cn-place-0")
    place.update(latitude="39.0194", longitude="125.7381")
    path = builders.write_rows(tmp_path / "pkg", rows)
    assert found(path) == {("places", "cn-place-0", "latitude", "coordinates")}
    from kimtravel.db import load

    assert load(path).places()  # load() keeps to the bounding boxes


def test_packages_written_differently_are_read(small_rows: builders.Rows, tmp_path: Path) -> None:
    """A fork may use another delimiter, missing values, formats and exclusive bounds."""
    descriptor = builders.descriptor_template()
    sources = next(r for r in descriptor["resources"] if r["name"] == "sources")
    sources["dialect"] = {"delimiter": "\t", "quoteChar": "'"}
    sources["schema"]["missingValues"] = ["", "NA"]
    sources["schema"]["fields"].append({"name": "contact", "type": "string", "format": "email"})
    places = next(r for r in descriptor["resources"] if r["name"] == "places")
    places["schema"]["fields"].append(
        {"name": "rank", "type": "number", "constraints": {"exclusiveMinimum": 0}}
    )
    for source in small_rows["sources"]:
        source["notes"] = "NA"
        source["contact"] = "desk@example.org"
    for place in small_rows["places"]:
        place["rank"] = "0.5"
    path = builders.write_rows(tmp_path / "pkg", small_rows, descriptor=descriptor)
    sources_csv = path.parent / "data" / "sources.csv"
    sources_csv.write_text(
        sources_csv.read_text(encoding="utf-8").replace(",", "\t"), encoding="utf-8"
    )
    builders.rehash(descriptor, path.parent)
    builders.write_descriptor(path.parent, descriptor)
    assert found(path, use_frictionless=True) == set()
    from kimtravel.db import load

    assert load(path).sources()[0].notes is None
    plain = builders.descriptor_template()
    next(r for r in plain["resources"] if r["name"] == "places")["schema"]["fields"].append(
        {"name": "rank", "type": "number", "constraints": {"exclusiveMinimum": 0}}
    )
    small_rows["places"][0]["rank"] = "0"
    bad = builders.write_rows(tmp_path / "bad", small_rows, descriptor=plain)
    assert found(bad) == {("places", small_rows["places"][0]["id"], "rank", "type-error")}


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        ({"name": "notes", "path": "notes.md", "format": "md"}, "no inline Table Schema"),
        (
            {
                "name": "extra",
                "path": "extra.json",
                "format": "json",
                "schema": {"fields": [{"name": "a", "type": "string"}]},
            },
            "not CSV",
        ),
        (
            {
                "name": "stops",
                "path": "stops.csv",
                "schema": {"fields": [{"name": "when", "type": "datetime"}]},
            },
            "'datetime' column",
        ),
        ({"name": "remote", "path": "https://example.com/x.csv"}, "no inline Table Schema"),
    ],
)
def test_resources_kimtravel_does_not_read_are_left_alone(
    small_rows: builders.Rows,
    tmp_path: Path,
    extra: dict[str, object],
    reason: str,
    no_network: list[object],
) -> None:
    """A fork may add resources of other kinds: not read, not checked, carried through."""
    path = builders.write_rows(tmp_path / "pkg", small_rows)
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["resources"].append(extra)
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    relpath = str(extra["path"])
    if not relpath.startswith("https:"):
        (path.parent / relpath).write_text("when\n2001-01-01T10:00:00\n", encoding="utf-8")
    report = validate(path, use_frictionless=True)
    assert report.ok, report.problems
    assert len(report.not_read) == 1
    name, why = report.not_read[0]
    assert name == extra["name"] and reason in why
    from kimtravel.db import load
    from kimtravel.writer import write_package

    out = write_package(load(path), tmp_path / "out")
    written = json.loads(out.read_text(encoding="utf-8"))
    names = [r["name"] for r in written["resources"]]
    if relpath.startswith("https:"):
        assert extra["name"] not in names  # never fetched, so not carried either
    else:
        assert extra["name"] in names
        assert (out.parent / relpath).read_bytes() == (path.parent / relpath).read_bytes()
    assert validate(out, use_frictionless=True).ok
    assert no_network == []


def test_columns_in_any_order_when_the_schema_says_so(
    small_rows: builders.Rows, tmp_path: Path
) -> None:
    """Table Schema's fieldsMatch 'equal': the same columns in another order, read by name."""
    path = builders.write_rows(tmp_path / "pkg", small_rows)
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    places = next(r for r in descriptor["resources"] if r["name"] == "places")
    places_csv = path.parent / places["path"]
    lines = [line.split(",") for line in places_csv.read_text(encoding="utf-8").splitlines()]
    assert all(len(cells) == len(lines[0]) for cells in lines)  # no quoted commas to mind
    flipped = "\n".join(",".join(reversed(cells)) for cells in lines) + "\n"
    places_csv.write_text(flipped, encoding="utf-8")
    assert found(path)  # declared in order, the flipped file is refused
    places["schema"]["fieldsMatch"] = "equal"
    builders.rehash(descriptor, path.parent)
    builders.write_descriptor(path.parent, descriptor)
    assert found(path, use_frictionless=True) == set()
    from kimtravel.db import load

    first = small_rows["places"][0]
    names = {p.id: p.name for p in load(path).places()}
    assert names[first["id"]] == first["name"]
