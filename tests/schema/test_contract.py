"""The descriptor is the contract: every layer that restates part of it agrees with it."""

from __future__ import annotations

import re
import typing
from pathlib import Path

import pytest

import kimtravel
from kimtravel.descriptor import read_registry
from kimtravel.records import CHILDREN, MODELS
from kimtravel.registry import Registry

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def registry() -> Registry:
    return read_registry(REPO / "datapackage.json")


@pytest.mark.parametrize("resource", list(MODELS))
def test_record_models_have_exactly_the_descriptor_columns(
    registry: Registry, resource: str
) -> None:
    columns = list(registry.resources[resource].columns)
    fields = [
        f for f in MODELS[resource].model_fields if not (resource == "trips" and f in CHILDREN)
    ]
    assert fields == columns


@pytest.mark.parametrize("resource", list(MODELS))
def test_required_columns_are_required_fields(registry: Registry, resource: str) -> None:
    model = MODELS[resource]
    for spec in registry.resources[resource].fields:
        info = model.model_fields[spec.name]
        optional = type(None) in typing.get_args(info.annotation) or not info.is_required()
        if spec.required:
            assert info.is_required() or spec.is_list, (resource, spec.name)
        else:
            assert optional, (resource, spec.name)


def test_every_vocabulary_value_is_defined(registry: Registry) -> None:
    for resource in registry.resources.values():
        for spec in resource.fields:
            if spec.enum is not None and not spec.is_list:
                assert tuple(spec.definitions) == spec.enum, (resource.name, spec.name)


def test_list_patterns_follow_their_items(registry: Registry) -> None:
    for resource in registry.resources.values():
        for spec in resource.fields:
            if not spec.is_list:
                continue
            assert spec.pattern is not None, (resource.name, spec.name)
            whole = spec.pattern.pattern[3:-3]
            if spec.enum is not None:
                item = "|".join(spec.enum)
                assert whole == f"^({item})(;({item}))*$", (resource.name, spec.name)
            else:
                assert re.fullmatch(r"\^\((.+)\)\(;\(\1\)\)\*\$", whole), (resource.name, spec.name)


def test_list_references_point_to_keys(registry: Registry) -> None:
    for resource in registry.resources.values():
        for spec, target, key in resource.references():
            assert target in registry.resources
            assert registry.resources[target].primary_key == (key,), (resource.name, spec.name)


def test_the_shipped_package_passes_frictionless(registry: Registry) -> None:
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(REPO / "datapackage.json"), type="package")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "message"])[:10]


def test_the_bundled_package_is_the_repository_package() -> None:
    assert Path(kimtravel.bundled_path()).resolve() == (REPO / "datapackage.json").resolve()


def test_the_benchmark_floor_reads_the_same_columns_and_vocabularies(registry: Registry) -> None:
    import sys

    sys.path.insert(0, str(REPO / "benchmarks"))
    import floor

    for name, model in floor.MODELS.items():
        assert list(model.model_fields) == list(registry.resources[name].columns), name
        for column, info in model.model_fields.items():
            spec = registry.resources[name].field(column)
            literal = typing.get_args(info.annotation)
            inner = (
                typing.get_args(literal[0])
                if literal and typing.get_origin(literal[0]) is typing.Literal
                else literal
            )
            if typing.get_origin(info.annotation) is typing.Literal:
                assert typing.get_args(info.annotation) == spec.enum, (name, column)
            elif spec.enum is not None and spec.is_list and inner:
                assert inner == spec.enum, (name, column)


def test_the_mode_type_is_the_bundled_vocabulary(registry: Registry) -> None:
    from kimtravel.models import Mode

    assert typing.get_args(Mode) == registry.resources["legs"].field("mode").enum
