"""Regenerate the generated blocks of README.md from the package's registry (its descriptor).

The descriptor is the one place each column and each vocabulary value is described; README.md
shows the same text between ``<!-- columns:start -->`` / ``<!-- columns:end -->`` and
``<!-- vocabularies:start -->`` / ``<!-- vocabularies:end -->``, and the counts (from the data)
between ``<!-- counts:start -->`` / ``<!-- counts:end -->``. ``tests/release/test_readme.py`` fails when a
block is out of date; rerun::

    python tools/gen_readme.py
"""

from __future__ import annotations

import re
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from kimtravel.descriptor import read_registry  # noqa: E402
from kimtravel.registry import FieldSpec, Registry  # noqa: E402

UNITS = {
    "date": "ISO 8601 date",
    "integer": "integer",
    "number": "decimal",
    "boolean": "`true`/`false`",
    "string": "text",
}


def _type(field: FieldSpec) -> str:
    if field.is_list:
        text = f"list, `{field.delimiter}`-separated"
        if field.enum is not None:
            text += " of " + ", ".join(f"`{v}`" for v in field.enum)
    elif field.enum is not None:
        text = "one of " + ", ".join(f"`{v}`" for v in field.enum)
    elif field.format == "edtf":
        text = "EDTF date"
    else:
        text = UNITS[field.type]
    return text + ("" if field.required else "; may be empty")


def columns_block(registry: Registry) -> str:
    """Return the markdown of every resource's columns."""
    parts = []
    for resource in registry.resources.values():
        key = ", ".join(f"`{k}`" for k in resource.primary_key)
        parts.append(
            f"#### `{resource.name}` ({resource.relpath}, key {key})\n\n{resource.description}\n"
        )
        parts.append("| column | type | description |\n|---|---|---|")
        for field in resource.fields:
            description = field.description.replace("|", "\\|")
            parts.append(f"| `{field.name}` | {_type(field)} | {description} |")
        parts.append("")
    return "\n".join(parts).rstrip() + "\n"


def vocabularies_block(registry: Registry) -> str:
    """Return the markdown of every vocabulary's values and their meanings."""
    parts = []
    for resource in registry.resources.values():
        for field in resource.fields:
            if not field.definitions:
                continue
            parts.append(f"**`{resource.name}.{field.name}`**\n")
            parts.append("| value | meaning |\n|---|---|")
            for value, meaning in field.definitions.items():
                escaped = meaning.replace("|", "\\|")
                parts.append(f"| `{value}` | {escaped} |")
            parts.append("")
    return "\n".join(parts).rstrip() + "\n"


def counts_block() -> str:
    """Return the introduction's sentence with the data's counts."""
    from kimtravel.db import load

    data = load(REPO / "datapackage.json")
    n = {name: len(table.rows) for name, table in data.tables.items()}
    per = ", ".join(f"{p.name} {len(data.trips(p))}" for p in data.travelers())
    text = (
        f"Data version {data.version} holds {n['trips']} trips ({per}), {n['legs']} legs, "
        f"{n['events']} events, {n['non_trips']} claims that are not trips, {n['places']} places, "
        f"{n['people']} people, {n['vehicles']} vehicles, {n['countries']} countries and former "
        f"states, and {n['sources']} sources."
    )
    return textwrap.fill(text, width=96) + "\n"


def _replace(text: str, name: str, body: str) -> str:
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.DOTALL)
    if not pattern.search(text):
        raise SystemExit(f"README.md has no {start} ... {end} block")
    return pattern.sub(lambda _: f"{start}\n{body}{end}", text)


def rendered(readme: str) -> str:
    """Return README text with every generated block regenerated."""
    registry = read_registry(REPO / "datapackage.json")
    text = _replace(readme, "columns", columns_block(registry))
    text = _replace(text, "counts", counts_block())
    return _replace(text, "vocabularies", vocabularies_block(registry))


def main() -> None:
    path = REPO / "README.md"
    path.write_text(rendered(path.read_text(encoding="utf-8")), encoding="utf-8")


if __name__ == "__main__":
    main()
