"""Fuzzing: random byte and cell mutations of a valid package, hashes kept in step.

Whatever the mutation, validation answers within a bound, raises nothing, and reports every
package that frictionless finds invalid (the library is at least as strict on types and
constraints, and stricter on meaning).
"""

from __future__ import annotations

import contextlib
import csv
import io
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kimtravel
from kimtravel.errors import PackageError
from tests import builders

pytest.importorskip("frictionless")

RESOURCES = ["trips", "legs", "events", "places", "people", "sources", "countries", "vehicles"]
CELLS = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "true",
            "yes",
            "1",
            "0",
            "1.5",
            "-1",
            "1_0",
            "NaN",
            "2019-02-30",
            "2019-02-26T00:00:00",
            "x;y",
            ";",
            "plane",
            "CN;CN",
            "\x00",
        ]
    ),
    st.text(max_size=12),
)


def small_package(folder: Path) -> Path:
    import datetime as dt

    rows = builders.base_rows()
    day = builders.add_trip(rows, dt.date(2001, 1, 1), [("CN", 0, "train"), ("RU", 1, "air")])
    builders.add_trip(
        rows, day + dt.timedelta(days=2), [("VN", 0, "car")], traveler="second-traveler"
    )
    return builders.write_rows(folder, rows)


def refresh(path: Path) -> None:
    descriptor = builders.descriptor_template()
    builders.rehash(descriptor, path.parent)
    builders.write_descriptor(path.parent, descriptor)


def verdicts(path: Path) -> tuple[bool, bool]:
    """Return (kimtravel found problems, frictionless found type/constraint/key problems)."""
    import frictionless

    start = time.perf_counter()
    report = kimtravel.validate(path, use_frictionless=False)
    with contextlib.suppress(PackageError):
        kimtravel.load(path)
    assert time.perf_counter() - start < 20
    other = frictionless.Package(str(path), basepath=str(path.parent)).validate()
    return (not report.ok), (not other.valid)


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.sampled_from(RESOURCES), st.data())
def test_cell_mutations_are_caught_whenever_frictionless_catches_them(
    resource: str, data: st.DataObject
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = small_package(Path(tmp) / "pkg")
        target = path.parent / "data" / f"{resource}.csv"
        rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"))))
        row = data.draw(st.integers(1, len(rows) - 1))
        column = data.draw(st.integers(0, len(rows[0]) - 1))
        rows[row][column] = data.draw(CELLS)
        buffer = io.StringIO(newline="")
        csv.writer(buffer, lineterminator="\n").writerows(rows)
        target.write_text(buffer.getvalue(), encoding="utf-8")
        refresh(path)
        ours, theirs = verdicts(path)
        if theirs:
            assert ours, (
                f"frictionless found a fault kimtravel missed: {resource} row {row} column {rows[0][column]}"
            )


@SETTINGS
@given(st.sampled_from(RESOURCES), st.binary(min_size=1, max_size=8), st.data())
def test_byte_mutations_never_escape(resource: str, junk: bytes, data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = small_package(Path(tmp) / "pkg")
        target = path.parent / "data" / f"{resource}.csv"
        content = target.read_bytes()
        at = data.draw(st.integers(0, len(content)))
        target.write_bytes(content[:at] + junk + content[at + data.draw(st.integers(0, 4)) :])
        refresh(path)
        start = time.perf_counter()
        report = kimtravel.validate(path, use_frictionless=True)
        assert time.perf_counter() - start < 20
        assert all(p.message for p in report.problems)
