"""Table rows as JSON values and as CSV cells: the one place typed values become text again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TypeAlias

from kimtravel.codec import Value, encode
from kimtravel.tables import Table

JSONValue: TypeAlias = str | int | float | bool | list["JSONValue"] | dict[str, "JSONValue"] | None


def json_value(value: Value) -> JSONValue:
    """Return a cell value as JSON: dates as ISO text, lists as arrays, ``None`` as null."""
    if isinstance(value, tuple):
        return [json_value(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def json_rows(table: Table) -> list[dict[str, JSONValue]]:
    """Return a table's rows as JSON objects, every declared column a key, in file order."""
    columns = table.spec.columns
    return [
        {column: json_value(value) for column, value in zip(columns, row, strict=True)}
        for row in table.rows.values()
    ]


def csv_rows(table: Table) -> Iterator[list[str]]:
    """Yield a table's rows as CSV cells, written the way the codec reads them."""
    fields = table.spec.fields
    missing = next(iter(sorted(table.spec.missing_values)), "")
    for row in table.rows.values():
        yield [encode(spec, value, missing) for spec, value in zip(fields, row, strict=True)]
