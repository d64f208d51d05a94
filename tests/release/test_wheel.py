"""Build the sdist and wheel, install the wheel in a fresh virtual environment with the source tree
out of reach, and use the installed copy: API, CLI, frictionless, tamper detection.

Marked ``slow`` (it downloads build and runtime dependencies from PyPI, or takes them from pip's
cache): deselect with ``-m "not slow"`` while iterating.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow

API_SCRIPT = """
import json, kimtravel
from importlib.metadata import version
data = kimtravel.dataset()
print(json.dumps({
    "file": kimtravel.__file__,
    "version": kimtravel.__version__,
    "metadata": version("kimtravel"),
    "data_version": kimtravel.__data_version__,
    "train": [t.id for t in kimtravel.trips_by_mode("train", traveler="kim-jong-un")],
    "trips": len(kimtravel.trips()),
    "valid": kimtravel.validate(kimtravel.bundled_path()).ok,
    "path": str(kimtravel.bundled_path()),
}))
"""


def run(args: list[str], cwd: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")
    }
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, check=check, timeout=900
    )


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "build", "--outdir", str(out), str(REPO)], cwd=out)
    return out


def expected_wheel_files() -> set[str]:
    descriptor = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    files = {
        f"kimtravel/{p.name}" for p in (REPO / "src" / "kimtravel").iterdir() if p.suffix == ".py"
    }
    files |= {"kimtravel/py.typed", "kimtravel/datapackage.json"}
    files |= {f"kimtravel/{r['path']}" for r in descriptor["resources"]}
    files |= {
        f"kimtravel/{p.relative_to(REPO).as_posix()}" for p in (REPO / "schema").rglob("*.json")
    }
    files |= {f"kimtravel/seeds/{p.name}" for p in (REPO / "seeds").glob("*.md")}
    files |= {"kimtravel/basemap/countries.json"}
    return files


def test_wheel_holds_exactly_the_library_and_one_copy_of_the_data(dist: Path) -> None:
    (wheel,) = dist.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    package_files = {n for n in names if not n.startswith("kimtravel-")}
    assert package_files == expected_wheel_files()
    assert {n.split("/", 1)[1] for n in names - package_files} >= {
        "METADATA",
        "RECORD",
        "entry_points.txt",
    }


def test_sdist_holds_what_the_wheel_is_built_from(dist: Path) -> None:
    (sdist,) = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    for required in (
        "datapackage.json",
        "data/trips.csv",
        "schema/export.schema.json",
        "README.md",
        "LICENSE-DATA",
        "tests/conftest.py",
    ):
        assert required in names, required
    assert not any(n.startswith((".venv/", ".git/")) or "__pycache__" in n for n in names)


def test_installed_wheel_works_without_the_source_tree(dist: Path, tmp_path: Path) -> None:
    (wheel,) = dist.glob("*.whl")
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", str(venv)], cwd=tmp_path)
    python, bin_dir = venv / "bin" / "python", venv / "bin"
    run([str(python), "-m", "pip", "install", "--quiet", f"{wheel}[validate]"], cwd=tmp_path)

    api = json.loads(run([str(python), "-c", API_SCRIPT], cwd=tmp_path).stdout)
    assert "site-packages" in api["file"] and str(REPO) not in api["file"]
    descriptor_version = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))[
        "version"
    ]
    assert api["version"] == api["metadata"] == api["data_version"] == descriptor_version
    assert api["train"][0] == "2018-03-beijing"
    assert api["valid"] is True
    installed = Path(api["path"])
    assert "site-packages" in str(installed)

    listing = run([str(bin_dir / "kimtravel"), "list", "--mode", "train"], cwd=tmp_path)
    assert "2018-03-beijing" in listing.stdout and "kji-2001-07-moscow" in listing.stdout
    drawn = run(
        [str(bin_dir / "kimtravel"), "map", "2019-02-hanoi", "-o", str(tmp_path / "hanoi.svg")],
        cwd=tmp_path,
    )
    assert drawn.returncode == 0 and (tmp_path / "hanoi.svg").read_text(
        encoding="utf-8"
    ).startswith("<svg")
    validated = run([str(bin_dir / "kimtravel"), "validate"], cwd=tmp_path)
    assert "valid (kimtravel checks and frictionless)" in validated.stdout
    run([str(bin_dir / "frictionless"), "validate", str(installed)], cwd=tmp_path)

    trips = installed.parent / "data" / "trips.csv"
    trips.write_bytes(trips.read_bytes() + b"\n")  # any change to the bytes, whatever the data
    tampered = run([str(bin_dir / "kimtravel"), "list"], cwd=tmp_path, check=False)
    assert tampered.returncode == 2
    assert "the file was changed" in tampered.stderr
    assert "Traceback" not in tampered.stderr
