"""Every platform: a Windows-style clone keeps the data bytes exact; CI files are well-formed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import kimtravel

REPO = Path(__file__).resolve().parents[2]


def test_a_clone_with_autocrlf_still_validates(tmp_path: Path) -> None:
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("needs git and a repository")
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.strip()
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "-c", "core.autocrlf=true", "clone", "--quiet", "--no-checkout", str(REPO), str(clone)],
        check=True, capture_output=True,
    )  # fmt: skip
    subprocess.run(
        ["git", "-c", "core.autocrlf=true", "checkout", "--quiet", head],
        cwd=clone,
        check=True,
        capture_output=True,
    )
    # .gitattributes in the committed tree is what protects the clone: check the working copy
    for name in (".gitattributes",):
        if not (clone / name).exists():
            pytest.skip("the committed tree has no .gitattributes yet")
    assert b"\r\n" not in (clone / "data" / "trips.csv").read_bytes()
    report = kimtravel.validate(clone, use_frictionless=False)
    assert report.ok, report.problems[:5]


def test_workflows_parse_and_run_the_test_suite() -> None:
    yaml = pytest.importorskip("yaml")
    workflows = {
        p.name: yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in (REPO / ".github" / "workflows").glob("*.yml")
    }
    assert set(workflows) == {"tests.yml", "release.yml"}
    matrix = workflows["tests.yml"]["jobs"]["test"]["strategy"]["matrix"]
    assert set(matrix["os"]) == {"ubuntu-latest", "macos-latest", "windows-latest"}
    assert matrix["python"] == ["3.11", "3.12", "3.13"]
    steps = " ".join(str(s.get("run", "")) for s in workflows["tests.yml"]["jobs"]["test"]["steps"])
    assert "pytest" in steps and "mypy --strict" in steps
    publish = workflows["release.yml"]["jobs"]["publish"]
    assert publish["permissions"] == {"id-token": "write"}
    assert any("pypi-publish" in str(s.get("uses", "")) for s in publish["steps"])
