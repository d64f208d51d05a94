"""Generate ``schema/records/*.schema.json`` and ``schema/export.schema.json`` from the descriptor.

The Table Schemas in ``datapackage.json`` are the one place columns, types and vocabularies are
written. The JSON Schemas for JSON consumers are derived from them (list-valued columns, which a
CSV holds as ``;``-separated strings, become arrays). ``tests/schema/test_json_schemas.py`` fails
when the files in ``schema/`` are out of date; rerun::

    python tools/gen_schemas.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DRAFT = "https://json-schema.org/draft/2020-12/schema"
TYPES = {
    "string": "string",
    "date": "string",
    "integer": "integer",
    "number": "number",
    "boolean": "boolean",
}


def list_columns() -> dict[str, set[str]]:
    """Return, per resource, the columns the library reads as lists (its record models say so)."""
    sys.path.insert(0, str(REPO / "src"))
    from kimtravel.loader import MODELS, _column_kinds

    return {
        name: {c for c, (_, many) in _column_kinds(model).items() if many}
        for name, model in MODELS.items()
    }


def field_schema(field: dict[str, Any], is_list: bool) -> dict[str, Any]:
    """Return the JSON Schema of one column's JSON value."""
    constraints = field.get("constraints", {})
    required = bool(constraints.get("required"))
    out: dict[str, Any] = {"description": field.get("description", "")}
    if is_list:
        out["type"] = "array"
        out["items"] = {"type": "string", "minLength": 1}
        if required:
            out["minItems"] = 1
        return out
    kind = TYPES[field["type"]]
    out["type"] = kind if required else [kind, "null"]
    if field["type"] == "date":
        out["format"] = "date"
    if "enum" in constraints:
        out["enum"] = list(constraints["enum"]) + ([] if required else [None])
    if "pattern" in constraints:
        out["pattern"] = constraints["pattern"]
    for key in ("minimum", "maximum"):
        if key in constraints:
            out[key] = constraints[key]
    if field.get("format") == "uri":
        out["format"] = "uri"
    return out


def record_schemas(descriptor: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Return the record JSON Schema of every resource, by resource name."""
    lists = list_columns()
    schemas = {}
    for resource in descriptor["resources"]:
        name = resource["name"]
        fields = resource["schema"]["fields"]
        schemas[name] = {
            "$schema": DRAFT,
            "$id": f"urn:kimtravel:records:{name}",
            "title": f"kimtravel {name} record",
            "description": f"One row of the `{name}` resource as JSON (`kimtravel export json`): "
            + resource.get("description", ""),
            "type": "object",
            "additionalProperties": False,
            "required": [f["name"] for f in fields],
            "properties": {
                f["name"]: field_schema(f, f["name"] in lists.get(name, set())) for f in fields
            },
        }
    return schemas


def export_schema(descriptor: dict[str, Any]) -> dict[str, Any]:
    """Return the JSON Schema of the whole ``kimtravel export json`` document."""
    names = [r["name"] for r in descriptor["resources"]]
    return {
        "$schema": DRAFT,
        "$id": "urn:kimtravel:export",
        "title": "kimtravel JSON export",
        "type": "object",
        "additionalProperties": False,
        "required": ["name", "version", *names],
        "properties": {
            "name": {"const": "kimtravel"},
            "version": {"type": "string"},
            **{
                n: {"type": "array", "items": {"$ref": f"urn:kimtravel:records:{n}"}} for n in names
            },
        },
    }


def rendered() -> dict[Path, str]:
    """Return every generated file's path and its exact text."""
    descriptor = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    files = {
        REPO / "schema" / "records" / f"{name}.schema.json": schema
        for name, schema in record_schemas(descriptor).items()
    }
    files[REPO / "schema" / "export.schema.json"] = export_schema(descriptor)
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
