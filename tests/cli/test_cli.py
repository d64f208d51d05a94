"""The command line as a user meets it: output, filters, errors, exit codes, safe writes."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from contextlib import redirect_stderr
from pathlib import Path

import pytest

import kimtravel
from kimtravel.cli import main
from tests import builders


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stderr(err):
        code = main(list(args), out=out)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def pkg(small_rows: builders.Rows, write: Callable[[builders.Rows], Path]) -> Path:
    return write(small_rows)


def test_version() -> None:
    with pytest.raises(SystemExit) as caught, redirect_stderr(io.StringIO()):
        main(["--version"], out=io.StringIO())
    assert caught.value.code == 0
    result = subprocess.run(
        [sys.executable, "-m", "kimtravel", "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == f"kimtravel {kimtravel.__version__}"


def test_list_filters_combine(pkg: Path) -> None:
    code, out, _ = run("--data", str(pkg), "list", "--mode", "AIR", "--country", "vn")
    assert code == 0
    assert out.splitlines()[-1].startswith("1 trip;")


def test_list_date_range_and_csv(pkg: Path) -> None:
    code, out, _ = run(
        "--data", str(pkg), "list", "--from", "2001-01-01", "--to", "2001-01-05", "--csv"
    )
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("id,traveler,start,end") and len(lines) == 2


def test_list_by_traveller(pkg: Path) -> None:
    code, out, _ = run("--data", str(pkg), "list", "--traveler", "The Traveller", "--json")
    assert code == 0 and len(json.loads(out)) == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["list", "--transit"], "--transit needs --country"),
        (["list", "--country", ""], "must not be empty"),
        (["list", "--mode", "plane"], "unknown mode"),
        (["list", "--from", "soon"], "not a date"),
        (["show", "no-such-trip"], "unknown trip id"),
        (["validate", ""], "empty"),
    ],
)
def test_usage_errors_exit_2_with_a_message(pkg: Path, args: list[str], message: str) -> None:
    with redirect_stderr(io.StringIO()) as err:
        try:
            code = main(["--data", str(pkg), *args], out=io.StringIO())
        except SystemExit as exc:  # argparse's own usage errors
            code = int(exc.code or 0)
    assert code == 2
    assert message in err.getvalue()


def test_show_prints_no_none_and_counts_days(pkg: Path, small_rows: builders.Rows) -> None:
    code, out, _ = run("--data", str(pkg), "show", small_rows["trips"][0]["id"])
    assert code == 0
    assert "None" not in out
    assert " days" in out or " day" in out


def test_show_on_the_bundled_data_says_undated(bundled: object) -> None:
    undated = next(e for e in kimtravel.events() if e.date is None)
    code, out, _ = run("show", undated.trip_id)
    assert code == 0 and "undated" in out and "None" not in out
    one_day = next(t for t in kimtravel.trips() if t.duration_days == 1)
    assert "1 day;" in run("show", one_day.id)[1]


def test_export_json_to_a_closed_pipe_is_quiet() -> None:
    command = f"{sys.executable} -m kimtravel export json | head -1"
    result = subprocess.run(command, shell=True, capture_output=True, text=True, check=False)
    assert result.stdout.strip() == "{"
    assert "Broken pipe" not in result.stderr and "Traceback" not in result.stderr


def test_exports_never_overwrite(pkg: Path, tmp_path: Path) -> None:
    existing = tmp_path / "existing.json"
    existing.write_text("keep me", encoding="utf-8")
    code, _, err = run("--data", str(pkg), "export", "json", "-o", str(existing))
    assert code == 2 and "exists" in err and existing.read_text(encoding="utf-8") == "keep me"
    code, _, err = run("--data", str(pkg), "export", "json", "-o", str(tmp_path))
    assert code == 2 and "is a folder" in err
    code, _, _ = run("--data", str(pkg), "export", "json", "-o", str(existing), "--force")
    assert code == 0 and json.loads(existing.read_text(encoding="utf-8"))["trips"]


def test_export_csv_refuses_a_folder_with_content_and_links(pkg: Path, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "trips.csv").write_text("mine", encoding="utf-8")
    code, _, err = run("--data", str(pkg), "export", "csv", "-o", str(folder))
    assert code == 2 and "not empty" in err
    assert (folder / "data" / "trips.csv").read_text(encoding="utf-8") == "mine"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    link = tmp_path / "link"
    link.symlink_to(elsewhere)
    code, _, err = run("--data", str(pkg), "export", "csv", "-o", str(link))
    assert code == 2 and "symbolic link" in err and not any(elsewhere.iterdir())


def test_export_csv_writes_a_valid_package(pkg: Path, tmp_path: Path) -> None:
    code, out, _ = run("--data", str(pkg), "export", "csv", "-o", str(tmp_path / "copy"))
    assert code == 0
    assert kimtravel.validate(out.strip(), use_frictionless=False).ok


def test_export_sqlite(pkg: Path, tmp_path: Path) -> None:
    code, out, _ = run("--data", str(pkg), "export", "sqlite", "-o", str(tmp_path / "k.sqlite"))
    assert code == 0
    db = sqlite3.connect(out.strip())
    assert db.execute("SELECT count(*) FROM trips").fetchone() == (3,)
    db.close()


def test_export_geojson_layer(pkg: Path) -> None:
    code, out, _ = run("--data", str(pkg), "export", "geojson", "--layer", "places")
    assert code == 0 and json.loads(out)["name"] == "places"


def test_validate_reports_and_exits_1(pkg: Path) -> None:
    trips = pkg.parent / "data" / "trips.csv"
    trips.write_bytes(trips.read_bytes() + b"\n")
    code, out, _ = run("validate", str(pkg), "--no-frictionless")
    assert code == 1 and "the file was changed" in out


def test_rehash_refreshes_the_hashes(pkg: Path) -> None:
    sources = pkg.parent / "data" / "sources.csv"
    sources.write_text(
        sources.read_text(encoding="utf-8").replace("Report 1", "Report One"), encoding="utf-8"
    )
    assert run("validate", str(pkg), "--no-frictionless")[0] == 1
    code, out, _ = run("rehash", str(pkg))
    assert code == 0 and "sources" in out
    assert run("validate", str(pkg), "--no-frictionless")[0] == 0


def test_info_counts_every_resource(pkg: Path) -> None:
    code, out, _ = run("--data", str(pkg), "info", "--json")
    info = json.loads(out)
    assert (
        code == 0
        and info["counts"]["trips"] == 3
        and set(info["counts"]) == set(kimtravel.load(pkg).registry.resources)
    )


def test_not_trips_lists_the_claims() -> None:
    code, out, _ = run("not-trips", "--traveler", "kim-jong-un")
    assert code == 0 and "why not:" in out


def test_diff(pkg: Path, tmp_path: Path, small_rows: builders.Rows) -> None:
    small_rows["trips"][0]["summary"] = "Changed."
    new = builders.write_rows(tmp_path / "new", small_rows)
    code, out, _ = run("diff", str(pkg), str(new))
    assert code == 0 and "required bump patch" in out and "~ trips" in out


def test_python_dash_m_is_the_same_program() -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [sys.executable, "-m", "kimtravel", "path"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    assert result.stdout.strip().endswith("datapackage.json")


def test_list_json_is_in_date_order_like_the_table() -> None:
    code, out, _ = run("list", "--mode", "train", "--json")
    assert code == 0
    ids = [row["id"] for row in json.loads(out)]
    assert ids == [t.id for t in kimtravel.trips_by_mode("train")]
    assert ids[0] == "kis-1949-03-moscow"  # the file lists Kim Jong Un's trips first


def test_list_bounds_may_be_months_or_years() -> None:
    code, out, _ = run("list", "--from", "1970-10", "--to", "1970-12", "--csv")
    assert code == 0
    assert [line.split(",")[0] for line in out.splitlines()[1:]] == ["kis-1970-10-beijing"]
    err = io.StringIO()
    with pytest.raises(SystemExit) as caught, redirect_stderr(err):
        main(["list", "--from", "1970-13"], out=io.StringIO())
    assert caught.value.code == 2 and "a month (YYYY-MM)" in err.getvalue()


def test_show_a_non_trip_says_what_it_is() -> None:
    code, _, err = run("show", "kju-2015-05-moscow-victory-day")
    assert code == 2
    assert "not a trip" in err and "not-trips" in err


def test_validate_of_nothing_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run("validate", str(tmp_path / "missing.json"))
    assert code == 2
    assert "no such file or folder" in err


def test_list_csv_keeps_uncertain_lengths_apart() -> None:
    code, out, _ = run("list", "--year", "1987", "--csv")
    assert code == 0
    header, row = out.splitlines()[:2]
    cells = dict(zip(header.split(","), row.split(","), strict=True))
    assert cells["dates_exact"] == "false"  # the end is known only to the month
    assert cells["end_date"] == "1987-05-31"


def test_an_empty_list_says_where_to_look() -> None:
    code, out, _ = run("list", "--year", "2021")
    assert code == 0
    assert out.startswith("no trips match") and "not-trips" in out
