"""The JSON Schemas in schema/ are generated from the descriptor and describe the exports."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

import kimtravel
from kimtravel.export import to_json
from tools import gen_schemas

REPO = Path(__file__).resolve().parents[2]
AJV = REPO / ".ci" / "node_modules" / "ajv"


def test_schemas_are_up_to_date() -> None:
    for path, text in gen_schemas.rendered().items():
        assert path.read_text(encoding="utf-8") == text, (
            f"{path.name} is stale: run python tools/gen_schemas.py"
        )


def _validator(schema: dict[str, Any]) -> Any:
    jsonschema = pytest.importorskip("jsonschema")
    referencing = pytest.importorskip("referencing")
    resources = [
        (
            json.loads(p.read_text(encoding="utf-8"))["$id"],
            referencing.Resource.from_contents(json.loads(p.read_text(encoding="utf-8"))),
        )
        for p in (REPO / "schema" / "records").glob("*.json")
    ]
    registry = referencing.Registry().with_resources(resources)
    return jsonschema.Draft202012Validator(
        schema, registry=registry, format_checker=jsonschema.FormatChecker()
    )


def test_the_export_follows_its_schema() -> None:
    schema = json.loads((REPO / "schema" / "export.schema.json").read_text(encoding="utf-8"))
    errors = list(_validator(schema).iter_errors(to_json(kimtravel.dataset())))
    assert errors == []


def test_list_items_are_checked() -> None:
    schema = json.loads(
        (REPO / "schema" / "records" / "trips.schema.json").read_text(encoding="utf-8")
    )
    row = dict(to_json(kimtravel.dataset())["trips"][0])  # type: ignore[index, call-overload]
    validator = _validator(schema)
    assert not list(validator.iter_errors(row))
    for bad in (["plane"], ["train", "train"]):
        assert list(validator.iter_errors({**row, "modes": bad}))


def test_the_descriptor_follows_its_schema() -> None:
    schema = json.loads((REPO / "schema" / "datapackage.schema.json").read_text(encoding="utf-8"))
    descriptor = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    assert list(_validator(schema).iter_errors(descriptor)) == []


@pytest.mark.skipif(
    not AJV.exists() or shutil.which("node") is None, reason="ajv is installed by .ci/run (npm)"
)
def test_schemas_compile_under_ajv_strict_mode() -> None:
    result = subprocess.run(
        ["node", str(REPO / ".ci" / "ajv-check.mjs"), str(REPO / "schema")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
