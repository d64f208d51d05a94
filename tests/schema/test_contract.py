"""Facts written in more than one place agree: vocabularies, columns, country codes, frictionless."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kimtravel.db import Dataset
from kimtravel.loader import CHILD_FIELDS, MODELS
from kimtravel.vocab import EVENT_KINDS, MODES, PLACE_KINDS

REPO = Path(__file__).resolve().parents[2]
DESCRIPTOR: dict[str, Any] = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))


def field(resource: str, name: str) -> dict[str, Any]:
    schema = next(r["schema"] for r in DESCRIPTOR["resources"] if r["name"] == resource)
    found: dict[str, Any] = next(f for f in schema["fields"] if f["name"] == name)
    return found


@pytest.mark.parametrize(
    ("resource", "column", "vocabulary"),
    [("legs", "mode", MODES), ("events", "kind", EVENT_KINDS), ("places", "kind", PLACE_KINDS)],
)
def test_descriptor_enums_match_the_python_vocabularies(
    resource: str, column: str, vocabulary: tuple[str, ...]
) -> None:
    assert tuple(field(resource, column)["constraints"]["enum"]) == vocabulary


def test_modes_pattern_lists_every_mode() -> None:
    pattern = field("trips", "modes")["constraints"]["pattern"]
    assert pattern == "^({0})(;({0}))*$".format("|".join(MODES))


def test_country_vocabulary_is_the_countries_resource(bundled: Dataset) -> None:
    codes = [c.code for c in bundled.countries()]
    for resource, column in (("places", "country"), ("people", "country"), ("countries", "code")):
        assert sorted(field(resource, column)["constraints"]["enum"]) == sorted(codes), (
            resource,
            column,
        )
    alternatives = "|".join(sorted(codes))
    for column in ("countries", "transit_countries"):
        assert (
            field("trips", column)["constraints"]["pattern"]
            == f"^({alternatives})(;({alternatives}))*$"
        )


@pytest.mark.parametrize("resource", list(MODELS))
def test_record_models_have_exactly_the_descriptor_columns(resource: str) -> None:
    schema = next(r["schema"] for r in DESCRIPTOR["resources"] if r["name"] == resource)
    columns = [f["name"] for f in schema["fields"]]
    model_fields = [
        n for n in MODELS[resource].model_fields if not (resource == "trips" and n in CHILD_FIELDS)
    ]
    assert model_fields == columns


def test_every_field_is_documented() -> None:
    undocumented = [
        f"{r['name']}.{f['name']}"
        for r in DESCRIPTOR["resources"]
        for f in r["schema"]["fields"]
        if len(f.get("description", "")) < 10
    ]
    assert not undocumented


def test_every_resource_has_a_primary_key_hash_and_bytes() -> None:
    for resource in DESCRIPTOR["resources"]:
        assert resource["schema"]["primaryKey"], resource["name"]
        assert resource["hash"].startswith("sha256:"), resource["name"]
        assert isinstance(resource["bytes"], int), resource["name"]


def test_frictionless_finds_the_package_valid_offline() -> None:
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(REPO / "datapackage.json"), type="package")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "message"])


def test_benchmark_floor_defines_the_same_models() -> None:
    """benchmarks/floor.py copies the models on purpose (it must not import kimtravel)."""
    import importlib.util
    import sys
    import typing

    spec = importlib.util.spec_from_file_location(
        "kimtravel_floor", REPO / "benchmarks" / "floor.py"
    )
    assert spec and spec.loader
    floor = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = floor
    spec.loader.exec_module(floor)
    assert list(floor.MODELS) == list(MODELS)
    for name, model in MODELS.items():
        ours = [n for n in model.model_fields if not (name == "trips" and n in CHILD_FIELDS)]
        assert list(floor.MODELS[name].model_fields) == ours, name
    assert typing.get_args(floor.Mode) == MODES
    assert typing.get_args(floor.EventKind) == EVENT_KINDS
    assert typing.get_args(floor.PlaceKind) == PLACE_KINDS
