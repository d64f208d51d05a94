"""Loading: lazy, cheap import; one load of the bundled package; load() over any package."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

import kimtravel
from kimtravel.errors import PackageError
from tests import builders


def test_import_reads_no_file_and_imports_nothing_heavy() -> None:
    code = (
        "import sys, kimtravel; "
        "heavy = {'pydantic', 'pandas', 'polars', 'sqlite3', 'frictionless', 'jsonschema', 'csv', 'json', 'typing'}; "
        "print(sorted(heavy & set(sys.modules)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_the_bundled_package_is_loaded_once_even_from_threads() -> None:
    results: list[object] = []
    threads = [
        threading.Thread(target=lambda: results.append(kimtravel.dataset())) for _ in range(8)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(r) for r in results}) == 1


def test_load_any_package(
    small_rows: builders.Rows, write: Callable[[builders.Rows], Path]
) -> None:
    path = write(small_rows)
    data = kimtravel.load(path)
    assert len(data.trips()) == 3
    assert kimtravel.load(path.parent).version == data.version
    assert repr(data).startswith("<kimtravel.Dataset ")


def test_load_refuses_an_invalid_package_with_every_problem(
    small_rows: builders.Rows, write: Callable[[builders.Rows], Path]
) -> None:
    small_rows["places"][1]["latitude"] = "100"
    small_rows["events"][0]["kind"] = "picnic"
    with pytest.raises(PackageError) as caught:
        kimtravel.load(write(small_rows))
    assert {(p.resource, p.field) for p in caught.value.problems} == {
        ("places", "latitude"),
        ("events", "kind"),
    }
    assert "2 problems" in str(caught.value)


def test_load_rejects_a_wrong_argument_type() -> None:
    with pytest.raises(TypeError):
        kimtravel.load(42)  # type: ignore[arg-type]


def test_an_added_column_and_resource_are_carried_not_refused(
    small_rows: builders.Rows, tmp_path: Path
) -> None:
    descriptor = builders.descriptor_template()
    trips = next(r for r in descriptor["resources"] if r["name"] == "trips")
    trips["schema"]["fields"].append({"name": "weather", "type": "string"})
    descriptor["resources"].append(
        {
            "name": "extras",
            "path": "data/extras.csv",
            "schema": {"fields": [{"name": "id", "type": "string"}], "primaryKey": ["id"]},
        }
    )
    for trip in small_rows["trips"]:
        trip["weather"] = "sunny"
    small_rows["extras"] = [{"id": "a"}]
    path = builders.write_rows(tmp_path / "pkg", small_rows, descriptor=descriptor)
    data = kimtravel.load(path)
    assert not hasattr(data.trips()[0], "weather")
    from kimtravel.export import records, to_json
    from kimtravel.writer import write_package

    assert records(data, "trips")[0]["weather"] == "sunny"
    assert to_json(data)["extras"] == [{"id": "a"}]
    copy = write_package(data, tmp_path / "copy")
    assert (
        "weather"
        in (copy.parent / "data" / "trips.csv").read_text(encoding="utf-8").splitlines()[0]
    )
    assert kimtravel.load(copy).tables["extras"].rows == {"a": ("a",)}


def test_an_added_vocabulary_value_is_accepted(small_rows: builders.Rows, tmp_path: Path) -> None:
    descriptor = builders.descriptor_template()
    events = next(r for r in descriptor["resources"] if r["name"] == "events")
    kind = next(f for f in events["schema"]["fields"] if f["name"] == "kind")
    kind["constraints"]["enum"].append("picnic")
    small_rows["events"][0]["kind"] = "picnic"
    data = kimtravel.load(builders.write_rows(tmp_path / "pkg", small_rows, descriptor=descriptor))
    assert [e.kind for e in data.events_by_kind("picnic")] == ["picnic"]
