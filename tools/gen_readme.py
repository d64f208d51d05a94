"""Regenerate the column reference in README.md from the descriptor's Table Schemas.

The descriptor is the one place each column is described; README.md shows the same text between
``<!-- columns:start -->`` and ``<!-- columns:end -->``. ``tests/release/test_readme.py`` fails
when that block is out of date; rerun::

    python tools/gen_readme.py
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
START, END = "<!-- columns:start -->", "<!-- columns:end -->"
UNITS = {
    "date": "ISO 8601 date",
    "integer": "integer",
    "number": "decimal",
    "boolean": "`true`/`false`",
    "string": "text",
}


def _type(field: dict[str, Any]) -> str:
    constraints = field.get("constraints", {})
    text = UNITS[field["type"]]
    if "enum" in constraints:
        text = "one of " + ", ".join(f"`{v}`" for v in constraints["enum"])
    elif ";" in constraints.get("pattern", ""):
        text = "list, `;`-separated"
    return text + ("" if constraints.get("required") else "; may be empty")


def columns_block(descriptor: dict[str, Any]) -> str:
    """Return the markdown of every resource's columns."""
    parts = []
    for resource in descriptor["resources"]:
        key = ", ".join(f"`{k}`" for k in resource["schema"]["primaryKey"])
        parts.append(
            f"#### `{resource['name']}` ({resource['path']}, key {key})\n\n{resource['description']}\n"
        )
        parts.append("| column | type | description |\n|---|---|---|")
        for field in resource["schema"]["fields"]:
            description = field["description"].replace("|", "\\|")
            parts.append(f"| `{field['name']}` | {_type(field)} | {description} |")
        parts.append("")
    return "\n".join(parts).rstrip() + "\n"


def rendered(readme: str) -> str:
    """Return README text with the columns block regenerated."""
    descriptor = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.DOTALL)
    return pattern.sub(lambda _: f"{START}\n{columns_block(descriptor)}{END}", readme)


def main() -> None:
    path = REPO / "README.md"
    path.write_text(rendered(path.read_text(encoding="utf-8")), encoding="utf-8")


if __name__ == "__main__":
    main()
