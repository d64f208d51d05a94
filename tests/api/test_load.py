"""load(): the same API over any package that follows the schema."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import kimtravel
from kimtravel.db import Dataset
from tests import builders


def test_load_accepts_descriptor_or_folder(
    small_rows: builders.Rows, write: Callable[[builders.Rows], Path]
) -> None:
    path = write(small_rows)
    by_file = kimtravel.load(path)
    by_folder = kimtravel.load(path.parent)
    by_str = kimtravel.load(str(path))
    assert by_file.trips() == by_folder.trips() == by_str.trips()
    assert len(by_file.trips()) == 3


def test_loaded_package_has_its_own_version(
    small_rows: builders.Rows, write: Callable[[builders.Rows], Path]
) -> None:
    descriptor = builders.descriptor_template()
    descriptor["version"] = "9.8.7"
    path = builders.write_rows(
        write(small_rows).parent.parent / "versioned", small_rows, descriptor=descriptor
    )
    assert kimtravel.load(path).version == "9.8.7"


def test_references_are_resolved_to_records(
    small_rows: builders.Rows, write: Callable[[builders.Rows], Path]
) -> None:
    data = kimtravel.load(write(small_rows))
    trip = data.trips()[2]
    assert isinstance(trip.traveler, kimtravel.Person)
    assert all(isinstance(leg.origin, kimtravel.Place) for leg in trip.legs)
    assert all(isinstance(p, kimtravel.Person) for e in trip.events for p in e.counterparts)
    assert all(isinstance(s, kimtravel.Source) for s in trip.sources)
    assert [p.id for p in trip.counterparts] == ["leader-vn", "leader-cn", "leader-sg"]
    assert trip.places[0].id == "kp-place-0"


def test_derived_values(small_rows: builders.Rows, write: Callable[[builders.Rows], Path]) -> None:
    trip = kimtravel.load(write(small_rows)).trips()[0]
    assert trip.duration_days == (trip.end_date - trip.start_date).days + 1
    assert trip.distance_km is not None
    assert trip.distance_km == pytest.approx(sum(leg.distance_km or 0 for leg in trip.legs))
    assert trip.modes == ("train",)
    assert trip.countries == ("CN",)


def test_great_circle_distance_known_value() -> None:
    from kimtravel.models import Place, Source, great_circle_km

    src = (Source(id="s", publisher="p", title="t"),)
    # Pyongyang to Beijing is about 810 km along the great circle.
    pyongyang = Place(
        id="a",
        name="A",
        country="KP",
        kind="city",
        latitude=39.0194,
        longitude=125.7381,
        sources=src,
    )
    beijing = Place(
        id="b",
        name="B",
        country="CN",
        kind="city",
        latitude=39.9042,
        longitude=116.4074,
        sources=src,
    )
    assert great_circle_km(pyongyang, beijing) == pytest.approx(809, abs=5)
    nowhere = Place(id="c", name="C", country="CN", kind="city", sources=src)
    assert great_circle_km(pyongyang, nowhere) is None


def test_records_are_immutable(
    small_rows: builders.Rows, write: Callable[[builders.Rows], Path]
) -> None:
    from pydantic import ValidationError

    data = kimtravel.load(write(small_rows))
    trip = data.trips()[0]
    with pytest.raises(ValidationError):
        trip.summary = "changed"  # type: ignore[misc]
    assert isinstance(data.trips(), tuple)
    assert isinstance(trip.legs, tuple)
    assert hash(trip) == hash(data.trip(trip.id))


def test_load_rejects_wrong_type() -> None:
    with pytest.raises(TypeError, match=r"path must be a str or os\.PathLike"):
        kimtravel.load(42)  # type: ignore[arg-type]


def test_dataset_repr_names_version_and_size(
    small_rows: builders.Rows, write: Callable[[builders.Rows], Path]
) -> None:
    data: Dataset = kimtravel.load(write(small_rows))
    assert "3 trips" in repr(data)
    assert data.version in repr(data)
