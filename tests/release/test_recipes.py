"""The README's recipes for other tools run and give the right answers (DuckDB, R, SQLite)."""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

import kimtravel
from kimtravel.sqlite import export_sqlite

REPO = Path(__file__).resolve().parents[2]
README = (REPO / "README.md").read_text(encoding="utf-8")


def block(language: str, containing: str) -> str:
    for body in re.findall(rf"```{language}\n(.*?)```", README, re.DOTALL):
        if containing in body:
            return str(body)
    raise AssertionError(f"no ```{language} block with {containing!r}")


def trains_per_traveler() -> dict[str, int]:
    counts: dict[str, int] = {}
    for trip in kimtravel.trips():
        if "train" in trip.modes:
            counts[trip.traveler.id] = counts.get(trip.traveler.id, 0) + 1
    return counts


def test_duckdb_recipe_splits_lists() -> None:
    duckdb = pytest.importorskip("duckdb")
    rows = (
        duckdb.connect()
        .execute(block("sql", "string_split").replace("'data/", f"'{REPO}/data/"))
        .fetchall()
    )
    assert dict(rows) == trains_per_traveler()


def test_r_recipe_counts_train_trips() -> None:
    if shutil.which("Rscript") is None:
        pytest.skip("R is not installed (Debian: r-base-core r-cran-readr)")
    script = block("r", "read_csv")
    result = subprocess.run(
        ["Rscript", "-e", script], cwd=REPO, capture_output=True, text=True, check=False
    )
    if "there is no package called" in result.stderr:
        pytest.skip("readr is not installed")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == str(sum(trains_per_traveler().values()))


def test_sqlite_recipe_joins_through_lists(tmp_path: Path) -> None:
    path = export_sqlite(kimtravel.dataset(), tmp_path / "kimtravel.sqlite")
    db = sqlite3.connect(path)
    try:
        rows = db.execute(block("sql", "events__counterparts")).fetchall()
    finally:
        db.close()
    met: dict[str, int] = {}
    for event in kimtravel.events():
        for person in event.counterparts:
            met[person.name] = met.get(person.name, 0) + 1
    expected = sorted(met.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
    assert rows == expected


def test_frictionless_recipe() -> None:
    if (
        shutil.which("frictionless") is None
        and not (Path(__import__("sys").executable).parent / "frictionless").exists()
    ):
        pytest.skip("frictionless is not installed")
    exe = shutil.which("frictionless") or str(
        Path(__import__("sys").executable).parent / "frictionless"
    )
    result = subprocess.run(
        [exe, "validate", "datapackage.json"], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-2000:]
