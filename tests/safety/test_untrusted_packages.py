"""load() treats a package as untrusted input: clear errors, nothing fetched, nothing silently used."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import kimtravel
from kimtravel.errors import PackageError
from tests import builders

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def package(small_rows: builders.Rows, write: Callable[[builders.Rows], Path]) -> Path:
    return write(small_rows)


def edit_descriptor(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    change(descriptor)
    path.write_text(json.dumps(descriptor), encoding="utf-8")


def problems_of(path: Path, **kwargs: Any) -> list[tuple[str, str, str, str]]:
    with pytest.raises(PackageError) as info:
        kimtravel.load(path, **kwargs)
    assert str(path.parent.name) in str(info.value) or str(path) in str(info.value)
    return [(p.resource, p.key, p.field, p.check) for p in info.value.problems]


@pytest.mark.parametrize(
    ("resource_path", "reason"),
    [
        ("https://example.org/trips.csv", "URLs are not read"),
        ("//example.org/trips.csv", "URLs are not read"),
        ("/etc/passwd", "absolute paths are not allowed"),
        ("../trips.csv", "climbs out of the package folder"),
        ("data/../../trips.csv", "climbs out of the package folder"),
    ],
)
def test_unsafe_resource_paths_are_refused(package: Path, resource_path: str, reason: str) -> None:
    edit_descriptor(package, lambda d: d["resources"][0].__setitem__("path", resource_path))
    with pytest.raises(PackageError, match=reason) as info:
        kimtravel.load(package)
    assert [(p.resource, p.key, p.field, p.check) for p in info.value.problems] == [
        ("package", "trips", "path", "unsafe-path")
    ]


def test_symlink_out_of_the_package_is_refused(package: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.csv"
    shutil.copy(package.parent / "data" / "trips.csv", outside)
    (package.parent / "data" / "trips.csv").unlink()
    os.symlink(outside, package.parent / "data" / "trips.csv")
    with pytest.raises(PackageError, match="leads out of the package folder"):
        kimtravel.load(package)


def test_url_given_as_the_package_is_refused() -> None:
    with pytest.raises(PackageError, match="nothing is fetched"):
        kimtravel.load("https://example.org/datapackage.json")


def test_tampered_file_is_reported(package: Path) -> None:
    legs = package.parent / "data" / "legs.csv"
    legs.write_bytes(
        legs.read_bytes().replace(b"train", b"trainX", 1).replace(b"trainX", b"tr4in", 1)
    )
    found = problems_of(package)
    assert ("legs", "", "hash", "integrity") in found


def test_tampered_bundled_copy_is_reported(tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    copy.mkdir()
    shutil.copy(REPO / "datapackage.json", copy)
    shutil.copytree(REPO / "data", copy / "data")
    shutil.copytree(REPO / "seeds", copy / "seeds")
    kimtravel.load(copy)  # an untouched copy loads
    trips = copy / "data" / "trips.csv"
    trips.write_text(
        trips.read_text(encoding="utf-8").replace("2018-03-25", "2018-03-24", 1), encoding="utf-8"
    )
    found = problems_of(copy / "datapackage.json")
    assert ("trips", "", "hash", "integrity") in found


def test_oversized_file_is_refused(package: Path) -> None:
    with pytest.raises(PackageError, match="over the limit of 100"):
        kimtravel.load(package, max_bytes=100)


def test_missing_package(tmp_path: Path) -> None:
    with pytest.raises(PackageError, match="no such file"):
        kimtravel.load(tmp_path / "nothing-here")


def test_descriptor_not_json(package: Path) -> None:
    package.write_text("{ not json", encoding="utf-8")
    with pytest.raises(PackageError, match=r"not valid JSON: .* line 1, column 3"):
        kimtravel.load(package)


def test_descriptor_not_an_object(package: Path) -> None:
    package.write_text("[]", encoding="utf-8")
    with pytest.raises(PackageError, match="must be a JSON object"):
        kimtravel.load(package)


def test_descriptor_missing_a_resource(package: Path) -> None:
    edit_descriptor(package, lambda d: d["resources"].pop())
    assert problems_of(package) == [("package", "sources", "resources", "descriptor")]


def test_missing_resource_file(package: Path) -> None:
    (package.parent / "data" / "events.csv").unlink()
    assert problems_of(package) == [("events", "", "path", "missing-file")]


def rewrite(package: Path, name: str, data: bytes) -> None:
    """Replace a resource file and re-declare its hash, as a careless fork would."""
    from kimtravel.writer import rehash

    (package.parent / "data" / f"{name}.csv").write_bytes(data)
    rehash(package)


def test_csv_not_utf8(package: Path) -> None:
    rewrite(package, "people", "id,name\nx,Caf\xe9\n".encode("latin-1"))
    with pytest.raises(PackageError, match=r"not UTF-8 \(line 2"):
        kimtravel.load(package)


def test_csv_unclosed_quote(package: Path) -> None:
    header = (package.parent / "data" / "people.csv").read_text(encoding="utf-8").splitlines()[0]
    rewrite(package, "people", (header + '\nx,"never closed\n' + "y" * 200_000).encode())
    with pytest.raises(PackageError, match="malformed CSV"):
        kimtravel.load(package)


def test_csv_missing_column(package: Path) -> None:
    path = package.parent / "data" / "places.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    rewrite(package, "places", "\n".join(",".join(line.split(",")[:-1]) for line in lines).encode())
    found = problems_of(package)
    assert ("places", "", "sources", "missing-label") in found


def test_csv_row_with_wrong_width(package: Path) -> None:
    path = package.parent / "data" / "people.csv"
    rewrite(package, "people", path.read_bytes() + b"lonely,cell\n")
    found = problems_of(package)
    assert found[0][3] == "row-width"


def test_empty_csv(package: Path) -> None:
    rewrite(package, "sources", b"")
    assert problems_of(package) == [("sources", "", "", "missing-label")]


def test_extra_columns_of_a_newer_minor_release_are_ignored(
    small_rows: builders.Rows, write: Callable[[builders.Rows], Path]
) -> None:
    descriptor = builders.descriptor_template()
    trips = next(r for r in descriptor["resources"] if r["name"] == "trips")
    trips["schema"]["fields"].append(
        {"name": "added_later", "type": "string", "description": "A new column."}
    )
    for row in small_rows["trips"]:
        row["added_later"] = "x"
    path = builders.write_rows(
        write(small_rows).parent.parent / "newer", small_rows, descriptor=descriptor
    )
    assert len(kimtravel.load(path).trips()) == 3


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    import socket

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    yield


def test_whole_api_runs_with_the_network_blocked(no_network: None, tmp_path: Path) -> None:
    from kimtravel import export
    from kimtravel.cli import main
    from kimtravel.diff import diff
    from kimtravel.validation import validate

    data = kimtravel.load(kimtravel.bundled_path())
    for trip in data.trips():
        assert data.trip(trip.id) is trip
        for mode in trip.modes:
            assert trip in data.trips_by_mode(mode)
    data.trips_by_country("CN")
    data.trips_with("xi-jinping")
    data.trips_between("2018-01-01", "2030-01-01")
    export.to_json(data)
    export.to_geojson(data)
    assert diff(data, data).empty
    assert validate(kimtravel.bundled_path()).ok  # frictionless too, where installed
    out = tmp_path / "out"
    assert main(["export", "csv", "--output", str(out)]) == 0
    assert main(["validate", str(out)]) == 0
