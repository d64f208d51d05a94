"""``diff`` classifies every change by the README's version policy (one test per rule)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kimtravel.diff import diff
from tests import builders


def package(
    tmp_path: Path, name: str, rows: builders.Rows, descriptor: dict[str, Any] | None = None
) -> Path:
    return builders.write_rows(tmp_path / name, rows, descriptor=descriptor)


def field(descriptor: dict[str, Any], resource: str, column: str) -> dict[str, Any]:
    schema = next(r["schema"] for r in descriptor["resources"] if r["name"] == resource)
    found: dict[str, Any] = next(f for f in schema["fields"] if f["name"] == column)
    return found


@pytest.fixture
def old(tmp_path: Path, small_rows: builders.Rows) -> Path:
    return package(tmp_path, "old", small_rows)


def test_no_change(old: Path) -> None:
    result = diff(old, old)
    assert result.empty and result.required_bump() == "none"


def test_a_corrected_value_is_a_patch(tmp_path: Path, old: Path, small_rows: builders.Rows) -> None:
    small_rows["trips"][0]["summary"] = "Corrected."
    result = diff(old, package(tmp_path, "new", small_rows))
    assert result.required_bump() == "patch"
    trips = next(r for r in result.resources if r.name == "trips")
    assert trips.changed == {
        small_rows["trips"][0]["id"]: {"summary": ("A synthetic trip.", "Corrected.")}
    }


def test_an_added_row_is_minor(tmp_path: Path, old: Path, small_rows: builders.Rows) -> None:
    builders.add_trip(small_rows, dt.date(2010, 1, 1), [("CN", 0, "train")])
    assert diff(old, package(tmp_path, "new", small_rows)).required_bump() == "minor"


def test_a_removed_row_is_major(tmp_path: Path, old: Path, small_rows: builders.Rows) -> None:
    small_rows["people"] = [p for p in small_rows["people"] if p["id"] != "second-traveler"]
    assert diff(old, package(tmp_path, "new", small_rows)).required_bump() == "major"


def test_a_replaced_source_is_a_patch_where_the_resource_says_so(
    tmp_path: Path, old: Path, small_rows: builders.Rows
) -> None:
    small_rows["sources"][2]["id"] = "src-3b"
    for event in small_rows["events"]:
        event["sources"] = "src-3b"
    result = diff(old, package(tmp_path, "new", small_rows))
    sources = next(r for r in result.resources if r.name == "sources")
    assert sources.removed == ("src-3",) and sources.added == ("src-3b",)
    assert result.required_bump() == "minor"


def test_an_added_column_is_minor_and_a_removed_one_major(
    tmp_path: Path, old: Path, small_rows: builders.Rows
) -> None:
    descriptor = builders.descriptor_template()
    next(r for r in descriptor["resources"] if r["name"] == "trips")["schema"]["fields"].append(
        {"name": "extra", "type": "string"}
    )
    assert diff(old, package(tmp_path, "added", small_rows, descriptor)).required_bump() == "minor"
    assert diff(package(tmp_path, "added2", small_rows, descriptor), old).required_bump() == "major"


def test_a_removed_resource_is_major(tmp_path: Path, old: Path, small_rows: builders.Rows) -> None:
    descriptor = builders.descriptor_template()
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] != "non_trips"]
    result = diff(old, package(tmp_path, "new", small_rows, descriptor))
    assert result.resources_removed == ("non_trips",) and result.required_bump() == "major"


def test_vocabulary_values(tmp_path: Path, old: Path, small_rows: builders.Rows) -> None:
    added = builders.descriptor_template()
    field(added, "events", "kind")["constraints"]["enum"].append("picnic")
    assert diff(old, package(tmp_path, "added", small_rows, added)).required_bump() == "minor"
    removed = builders.descriptor_template()
    field(removed, "events", "kind")["constraints"]["enum"].remove("parade")
    assert diff(old, package(tmp_path, "removed", small_rows, removed)).required_bump() == "major"


def test_a_changed_type_is_major(tmp_path: Path, old: Path, small_rows: builders.Rows) -> None:
    changed = builders.descriptor_template()
    precision = field(changed, "places", "precision_m")
    precision["type"] = "number"
    assert diff(old, package(tmp_path, "new", small_rows, changed)).required_bump() == "major"


def test_a_required_column_made_optional_is_major(
    tmp_path: Path, old: Path, small_rows: builders.Rows
) -> None:
    changed = builders.descriptor_template()
    del field(changed, "events", "summary")["constraints"]["required"]
    assert diff(old, package(tmp_path, "new", small_rows, changed)).required_bump() == "major"


def test_markdown_lists_records(
    tmp_path: Path, old: Path, small_rows: builders.Rows, write: Callable[[builders.Rows], Path]
) -> None:
    builders.add_trip(small_rows, dt.date(2010, 1, 1), [("CN", 0, "train")])
    text = diff(old, package(tmp_path, "new", small_rows)).to_markdown()
    assert "### Added" in text and "`2010-01-trip-4`" in text
