"""A consumer's ``mypy --strict`` is clean: the package ships ``py.typed`` and typed records."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

CONSUMER = """
import datetime as dt

import kimtravel
from kimtravel import Leg, NonTrip, Trip
from kimtravel.edtf import EDTF
from kimtravel.export import to_geojson


def train_days() -> int:
    trips: tuple[Trip, ...] = kimtravel.trips_by_mode("train", traveler="kim-jong-il")
    return sum(t.duration_days for t in trips)


def first_leg_km(trip_id: str) -> float:
    leg: Leg = kimtravel.trip(trip_id).legs[0]
    return leg.distance_km


def modes_of(trip: Trip) -> tuple[str, ...]:
    return trip.modes


def started(trip: Trip) -> dt.date:
    start: EDTF = trip.start
    return start.earliest


claims: tuple[NonTrip, ...] = kimtravel.non_trips("Kim Il Sung")
features = len(to_geojson(kimtravel.dataset(), "legs")["features"])
svg: str = kimtravel.map_svg("2019-02-hanoi")
names: list[str] = [p.name for p in kimtravel.people()]
version: str = kimtravel.load(kimtravel.bundled_path()).version
"""


def test_consumer_code_passes_mypy_strict(tmp_path: Path) -> None:
    pytest.importorskip("mypy")
    source = tmp_path / "consumer.py"
    source.write_text(CONSUMER, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(source)],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_py_typed_is_inside_the_package() -> None:
    import kimtravel

    assert (Path(kimtravel.__file__).parent / "py.typed").is_file()
