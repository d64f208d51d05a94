"""Turn records back into table rows: typed JSON values, or CSV cell strings.

The inverse of :mod:`kimtravel.loader`: a reference becomes the id it resolved from, a tuple
becomes a list (``;``-joined in CSV), ``None`` becomes ``null`` (an empty CSV cell).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TypeAlias

from kimtravel.models import Country, Record
from kimtravel.vocab import LIST_SEPARATOR

JSONValue: TypeAlias = str | int | float | bool | list["JSONValue"] | dict[str, "JSONValue"] | None


def _plain(value: object) -> str | int | float | bool | None:
    if isinstance(value, Country):
        return value.code
    if isinstance(value, Record):
        return str(getattr(value, "id"))  # noqa: B009 - every referenced record has an id
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"cannot put a {type(value).__name__} in a table cell")


def json_row(record: Record, columns: Sequence[str]) -> dict[str, JSONValue]:
    """Return a record as a JSON-ready row: ``columns`` as keys, ids for references."""
    row: dict[str, JSONValue] = {}
    for column in columns:
        value = getattr(record, column)
        row[column] = [_plain(v) for v in value] if isinstance(value, tuple) else _plain(value)
    return row


def csv_cell(value: JSONValue) -> str:
    """Return the CSV cell for a JSON row value (``true``, ``CN;RU``, empty for null)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(csv_cell(v) for v in value)
    if isinstance(value, float):
        return repr(value)
    return str(value)


def csv_row(record: Record, columns: Sequence[str]) -> list[str]:
    """Return a record as CSV cells in the order of ``columns``."""
    row = json_row(record, columns)
    return [csv_cell(row[c]) for c in columns]
