"""Generate the JSON Schemas in ``schema/`` from the package's registry (its descriptor).

The Table Schemas in ``datapackage.json`` are the one place columns, types and vocabularies are
written. The JSON Schemas for JSON consumers are derived from them through the same registry the
library uses: a list column (a ``;``-separated CSV cell) becomes an array with its items' enum or
pattern and ``uniqueItems``. ``tests/schema/test_json_schemas.py`` fails when the files are out of
date, and checks them under a second implementation's strict mode (ajv) where npm is available::

    python tools/gen_schemas.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from kimtravel.descriptor import read_registry  # noqa: E402
from kimtravel.registry import FieldSpec, Registry, ResourceSpec  # noqa: E402

DRAFT = "https://json-schema.org/draft/2020-12/schema"
JSON_TYPES = {
    "string": "string",
    "date": "string",
    "integer": "integer",
    "number": "number",
    "boolean": "boolean",
}
SEMVER = r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$"


def _key_pattern(registry: Registry, field: FieldSpec) -> str | None:
    """Return the pattern of the key a reference points to, when that key declares one."""
    if field.reference is None or field.reference[0] not in registry.resources:
        return None
    target = registry.resources[field.reference[0]].field(field.reference[1])
    return target.pattern.pattern[3:-3] if target.pattern is not None else None


def _scalar(field: FieldSpec, item_pattern: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"type": JSON_TYPES[field.type]}
    if field.type == "date":
        out["format"] = "date"
    if field.format == "uri":
        out["format"] = "uri"
    if field.enum is not None:
        out["enum"] = list(field.enum)
    elif item_pattern is not None:
        out["pattern"] = item_pattern
    elif field.pattern is not None and not field.is_list:
        out["pattern"] = field.pattern.pattern[3:-3]  # the registry anchors it as (?:...)\Z
    for key, value in (("minimum", field.minimum), ("maximum", field.maximum)):
        if value is not None:
            out[key] = value
    if field.min_length is not None:
        out["minLength"] = field.min_length
    if field.max_length is not None:
        out["maxLength"] = field.max_length
    return out


def field_schema(registry: Registry, field: FieldSpec) -> dict[str, Any]:
    """Return the JSON Schema of one column's JSON value (``kimtravel export json``)."""
    if field.is_list:
        items = _scalar(field, _key_pattern(registry, field) or "^[^;]+$")
        out: dict[str, Any] = {
            "description": field.description,
            "type": "array",
            "items": items,
            "uniqueItems": True,
        }
        if field.required:
            out["minItems"] = 1
        return out
    scalar = _scalar(field)
    if field.required:
        return {"description": field.description, **scalar}
    return {"description": field.description, "anyOf": [scalar, {"type": "null"}]}


def record_schema(registry: Registry, resource: ResourceSpec) -> dict[str, Any]:
    """Return the JSON Schema of one row of a resource."""
    return {
        "$schema": DRAFT,
        "$id": f"urn:kimtravel:records:{resource.name}",
        "title": f"kimtravel {resource.name} record",
        "description": f"One row of the `{resource.name}` resource as JSON (`kimtravel export json`): {resource.description}",
        "type": "object",
        "additionalProperties": False,
        "required": list(resource.columns),
        "properties": {f.name: field_schema(registry, f) for f in resource.fields},
    }


def export_schema(registry: Registry) -> dict[str, Any]:
    """Return the JSON Schema of the whole ``kimtravel export json`` document."""
    names = list(registry.resources)
    return {
        "$schema": DRAFT,
        "$id": "urn:kimtravel:export",
        "title": "kimtravel JSON export",
        "type": "object",
        "additionalProperties": False,
        "required": ["name", "version", *names],
        "properties": {
            "name": {"type": "string", "const": registry.name},
            "version": {"type": "string", "pattern": SEMVER},
            **{
                n: {"type": "array", "items": {"$ref": f"urn:kimtravel:records:{n}"}} for n in names
            },
        },
    }


def descriptor_schema(registry: Registry) -> dict[str, Any]:
    """Return the JSON Schema of what a kimtravel ``datapackage.json`` holds beyond Data Package v2."""
    names = list(registry.resources)
    resource = {
        "type": "object",
        "required": ["name", "path", "schema", "hash", "bytes"],
        "properties": {
            "name": {"type": "string", "enum": names},
            "path": {"type": "string", "pattern": "^[^/\\\\:][^:]*\\.csv$"},
            "hash": {"type": "string", "pattern": "^sha256:[0-9a-f]{64}$"},
            "bytes": {"type": "integer", "minimum": 0},
            "schema": {
                "type": "object",
                "required": ["fields", "primaryKey"],
                "properties": {
                    "fields": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "required": ["name", "type"],
                            "properties": {"name": {"type": "string"}, "type": {"type": "string"}},
                        },
                    },
                    "primaryKey": {"type": "array", "minItems": 1, "items": {"type": "string"}},
                },
            },
        },
    }
    return {
        "$schema": DRAFT,
        "$id": "urn:kimtravel:datapackage",
        "title": "kimtravel data package descriptor",
        "description": "What a kimtravel datapackage.json holds beyond the generic Data Package v2 profile: its resources as local CSV files with a sha256 hash, a size and an inline Table Schema with a primary key, and a SemVer version. Generated from the registry by tools/gen_schemas.py.",
        "type": "object",
        "required": ["name", "version", "licenses", "resources"],
        "properties": {
            "name": {"type": "string", "const": registry.name},
            "version": {"type": "string", "pattern": SEMVER},
            "licenses": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "required": ["name"],
                    "properties": {"name": {"type": "string"}},
                },
            },
            "resources": {"type": "array", "minItems": len(names), "items": resource},
        },
    }


def rendered() -> dict[Path, str]:
    """Return every generated file's path and its exact text."""
    registry = read_registry(REPO / "datapackage.json")
    files = {
        REPO / "schema" / "records" / f"{name}.schema.json": record_schema(registry, spec)
        for name, spec in registry.resources.items()
    }
    files[REPO / "schema" / "export.schema.json"] = export_schema(registry)
    files[REPO / "schema" / "datapackage.schema.json"] = descriptor_schema(registry)
    return {
        path: json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
        for path, schema in files.items()
    }


def main() -> None:
    for path, text in rendered().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(path.relative_to(REPO))


if __name__ == "__main__":
    main()
