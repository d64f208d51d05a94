"""The kimtravel command line: every command, human and JSON output, exit codes and errors."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import kimtravel
from kimtravel.cli import main
from kimtravel.db import Dataset
from tests import builders


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(args), out=out)
    return code, out.getvalue()


def test_list_shows_every_trip(bundled: Dataset) -> None:
    code, out = run("list")
    assert code == 0
    for trip in bundled.trips():
        assert trip.id in out
    assert out.rstrip().endswith("first/last reported day shown")


def test_list_filters(bundled: Dataset) -> None:
    code, out = run("list", "--mode", "train", "--json")
    assert code == 0
    assert [row["id"] for row in json.loads(out)] == [t.id for t in bundled.trips_by_mode("train")]
    _, out = run("list", "--country", "CN", "--year", "2018", "--json")
    assert [row["id"] for row in json.loads(out)] == [
        t.id for t in bundled.trips_by_country("CN") if t in bundled.trips_in_year(2018)
    ]
    _, out = run("list", "--with", "Vladimir Putin", "--json")
    assert [row["id"] for row in json.loads(out)] == [
        t.id for t in bundled.trips_with("vladimir-putin")
    ]
    _, out = run("list", "--country", "CN", "--transit", "--json")
    assert [row["id"] for row in json.loads(out)] == [
        t.id for t in bundled.trips_by_country("CN", include_transit=True)
    ]


def test_list_marks_unreported_home_dates(bundled: Dataset) -> None:
    _, out = run("list")
    unknown = next(t for t in bundled.trips() if not t.return_known)
    line = next(line for line in out.splitlines() if line.startswith(unknown.id))
    assert f"{unknown.end_date}?" in line


def test_show_a_trip(bundled: Dataset) -> None:
    trip = bundled.trips_by_mode("train")[0]
    code, out = run("show", trip.id)
    assert code == 0
    assert trip.summary in out
    for leg in trip.legs:
        assert leg.origin.name in out
    for source in trip.sources:
        assert source.publisher in out
    code, out = run("show", trip.id, "--json")
    document = json.loads(out)
    assert document["id"] == trip.id
    assert [leg["seq"] for leg in document["legs"]] == [leg.seq for leg in trip.legs]
    assert len(document["events"]) == len(trip.events)


def test_info(bundled: Dataset) -> None:
    code, out = run("info", "--json")
    info = json.loads(out)
    assert code == 0
    assert info["data_version"] == bundled.version
    assert info["library_version"] == kimtravel.__version__
    assert info["counts"]["trips"] == len(bundled.trips())
    assert info["hashes"]["trips"].startswith("sha256:")
    code, out = run("info")
    assert f"data {bundled.version}" in out


def test_path_points_at_the_bundled_descriptor() -> None:
    code, out = run("path")
    assert code == 0
    assert Path(out.strip()) == Path(kimtravel.bundled_path())
    assert json.loads(Path(out.strip()).read_text(encoding="utf-8"))["name"] == "kimtravel"


def test_export_formats(tmp_path: Path, bundled: Dataset) -> None:
    code, out = run("export", "json")
    assert code == 0
    assert len(json.loads(out)["trips"]) == len(bundled.trips())
    target = tmp_path / "map.geojson"
    code, _ = run("export", "geojson", "--output", str(target))
    assert json.loads(target.read_text(encoding="utf-8"))["type"] == "FeatureCollection"
    code, out = run("export", "csv", "--output", str(tmp_path / "copy"))
    assert code == 0
    assert kimtravel.load(out.strip()).trips() == bundled.trips()


def test_export_csv_needs_a_folder(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("export", "csv")[0] == 2
    assert "needs --output" in capsys.readouterr().err


def test_validate_bundled_and_broken(
    small_rows: builders.Rows, write: Callable[[builders.Rows], Path]
) -> None:
    code, out = run("validate")
    assert code == 0
    assert "valid" in out
    small_rows["legs"][0]["mode"] = "plane"
    broken = write(small_rows)
    code, out = run("validate", str(broken), "--no-frictionless")
    assert code == 1
    assert "legs [2001-01-trip-1/1] .mode" in out
    code, out = run("validate", str(broken.parent), "--json", "--no-frictionless")
    report = json.loads(out)
    assert report["valid"] is False
    assert {"resource": "legs", "key": "2001-01-trip-1/1", "field": "mode"}.items() <= report[
        "problems"
    ][0].items()


def test_diff(small_rows: builders.Rows, write: Callable[[builders.Rows], Path]) -> None:
    old = write(small_rows)
    small_rows["trips"][0]["summary"] = "Changed."
    new = write(small_rows)
    code, out = run("diff", str(old), str(new))
    assert code == 0
    assert "required bump patch" in out
    assert "~ trips 2001-01-trip-1 summary: 'A synthetic trip.' -> 'Changed.'" in out
    _, out = run("diff", str(old), str(new), "--json")
    assert (
        json.loads(out)["resources"]["trips"]["changed"]["2001-01-trip-1"]["summary"]["new"]
        == "Changed."
    )
    _, out = run("diff", str(old), str(new), "--markdown")
    assert out.startswith("### Changed")


def test_data_option_uses_another_package(
    small_rows: builders.Rows, write: Callable[[builders.Rows], Path]
) -> None:
    _, out = run("--data", str(write(small_rows)), "list", "--json")
    assert [row["id"] for row in json.loads(out)] == [t["id"] for t in small_rows["trips"]]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["list", "--mode", "plane"], "unknown mode 'plane'"),
        (["list", "--country", "XX"], "unknown country code 'XX'"),
        (["list", "--with", "Nobody Atall"], "unknown person"),
        (["show", "2018-03-bejing"], "did you mean '2018-03-beijing'"),
        (["--data", "/nonexistent/pkg", "list"], "no such file"),
        (["diff", "/nonexistent/a", "/nonexistent/b"], "no such file"),
    ],
)
def test_user_errors_are_one_clear_line(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _ = run(*args)
    err = capsys.readouterr().err
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_python_dash_m_and_the_console_script_agree() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kimtravel", "list", "--mode", "train", "--json"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert [row["id"] for row in json.loads(result.stdout)] == [
        t.id for t in kimtravel.trips_by_mode("train")
    ]


def test_usage_error_exits_2() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kimtravel", "fly"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert "invalid choice: 'fly'" in result.stderr
