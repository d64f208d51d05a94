"""The JSON Schemas in schema/ are current, and the descriptor and the JSON export follow them.

Every validation passes a ``referencing`` registry built from the local files, so nothing is
ever fetched over the network.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from referencing import Registry, Resource

from kimtravel.db import Dataset
from kimtravel.export import to_json
from tools import gen_schemas

REPO = Path(__file__).resolve().parents[2]
SCHEMA = REPO / "schema"


def registry() -> Registry:
    resources = []
    for path in SCHEMA.rglob("*.schema.json"):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((contents["$id"], Resource.from_contents(contents)))
    return Registry().with_resources(resources)


def validator(schema_id: str) -> jsonschema.Draft202012Validator:
    reg = registry()
    schema = reg.contents(schema_id)
    return jsonschema.Draft202012Validator(
        schema, registry=reg, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def test_generated_schemas_are_up_to_date() -> None:
    stale = [
        str(path.relative_to(REPO))
        for path, text in gen_schemas.rendered().items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]
    assert not stale, f"run python tools/gen_schemas.py: stale {stale}"


def test_every_schema_is_a_valid_json_schema() -> None:
    for path in SCHEMA.rglob("*.schema.json"):
        jsonschema.Draft202012Validator.check_schema(json.loads(path.read_text(encoding="utf-8")))


def test_descriptor_follows_its_schema() -> None:
    descriptor = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    errors = [e.message for e in validator("urn:kimtravel:datapackage").iter_errors(descriptor)]
    assert not errors


@pytest.mark.parametrize(
    "path",
    [
        "https://example.org/trips.csv",
        "/etc/passwd",
        "../outside.csv",
        "data/../../x.csv",
        "C:/x.csv",
    ],
)
def test_descriptor_schema_refuses_unsafe_paths(path: str) -> None:
    descriptor: dict[str, Any] = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"][0]["path"] = path
    assert not validator("urn:kimtravel:datapackage").is_valid(descriptor)


def test_json_export_follows_its_schema(bundled: Dataset) -> None:
    document = to_json(bundled)
    errors = [
        f"{list(e.path)}: {e.message}"
        for e in validator("urn:kimtravel:export").iter_errors(document)
    ]
    assert not errors, errors[:10]


def test_record_schema_rejects_an_unknown_mode(bundled: Dataset) -> None:
    leg = to_json(bundled)["legs"][0]  # type: ignore[index]
    assert validator("urn:kimtravel:records:legs").is_valid(leg)
    assert not validator("urn:kimtravel:records:legs").is_valid({**leg, "mode": "plane"})  # type: ignore[dict-item]
