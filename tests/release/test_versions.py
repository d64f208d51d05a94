"""One version: the descriptor's, and every copy of it agrees. Versions only go up."""

from __future__ import annotations

import json
import re
import tomllib
from importlib.metadata import version
from pathlib import Path

import kimtravel

REPO = Path(__file__).resolve().parents[2]
SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")


def descriptor_version() -> str:
    return str(json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))["version"])


def changelog_releases() -> list[tuple[str, str]]:
    text = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    return re.findall(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$", text, re.MULTILINE)


def test_descriptor_version_is_semver() -> None:
    assert SEMVER.match(descriptor_version())


def test_every_copy_of_the_version_agrees() -> None:
    expected = descriptor_version()
    citation = (REPO / "CITATION.cff").read_text(encoding="utf-8")
    assert kimtravel.__version__ == expected
    assert version("kimtravel") == expected
    assert kimtravel.__data_version__ == expected
    assert changelog_releases()[0][0] == expected
    assert re.search(rf'^version: "{re.escape(expected)}"$', citation, re.MULTILINE)
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    major_minor = ".".join(expected.split(".")[:2])
    assert f"`kimtravel=={expected}`" in readme and f"`kimtravel~={major_minor}`" in readme
    assert f"data package version {expected}." in readme


def test_citation_date_is_the_release_date() -> None:
    citation = (REPO / "CITATION.cff").read_text(encoding="utf-8")
    assert re.search(rf'^date-released: "{changelog_releases()[0][1]}"$', citation, re.MULTILINE)


def test_versions_only_go_up() -> None:
    releases = changelog_releases()
    numbers = [tuple(int(p) for p in v.split(".")) for v, _ in releases]
    dates = [d for _, d in releases]
    assert numbers == sorted(numbers, reverse=True)
    assert len(set(numbers)) == len(numbers)
    assert dates == sorted(dates, reverse=True)


def test_the_build_reads_the_version_from_the_descriptor() -> None:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["dynamic"] == ["version"]
    config = pyproject["tool"]["hatch"]["version"]
    assert config["path"] == "datapackage.json"
    found = re.search(config["pattern"], (REPO / "datapackage.json").read_text(encoding="utf-8"))
    assert found and found.group("version") == descriptor_version()


def test_licences_are_declared_in_both_places() -> None:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    descriptor = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    assert "CC-BY-4.0" in pyproject["project"]["license"]
    assert "MIT" in pyproject["project"]["license"]
    assert [lic["name"] for lic in descriptor["licenses"]] == ["CC-BY-4.0"]
    assert (REPO / "LICENSE").is_file() and (REPO / "LICENSE-DATA").is_file()
