"""One cell codec, driven by the declared Table Schema: CSV cell text to typed values and back.

The loader and the validator read cells with :func:`decoder`, the writer writes them with
:func:`encode`, so the library accepts exactly what the descriptor declares: ``true``/``false``
(or the declared ``trueValues``/``falseValues``) for booleans, plain digits for integers, decimal
numbers, ``YYYY-MM-DD`` dates, and every ``enum``, ``pattern``, ``minimum``/``maximum``,
length and ``uri`` constraint. It is stricter than frictionless where frictionless is lenient
(``1_0`` or `` 5`` as integers, ``NaN`` as a latitude) and never looser.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from typing import TypeAlias

from kimtravel import edtf
from kimtravel.registry import FieldSpec

Value: TypeAlias = str | int | float | bool | dt.date | tuple["Value", ...] | None
Decoder: TypeAlias = Callable[[str], Value]

_INTEGER = re.compile(r"[+-]?[0-9]{1,18}")
_NUMBER = re.compile(
    r"[+-]?(?:[0-9]{1,30}(?:\.[0-9]{0,30})?|\.[0-9]{1,30})(?:[eE][+-]?[0-9]{1,3})?"
)
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s\x00-\x1f\x7f]+")
_FORMATS = {
    "uri": (_URI, "a URI (scheme:address, no spaces)"),
    "email": (re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+"), "an email address"),
    "uuid": (
        re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"),
        "a UUID",
    ),
}


class CellError(ValueError):
    """A cell that does not follow its column's declaration; the message says how."""


def _shown(cell: str) -> str:
    return repr(cell if len(cell) <= 60 else cell[:57] + "...")


def _scalar(spec: FieldSpec) -> Decoder:
    """Return the decoder of one (non-list) value of a column."""
    kind = spec.type
    if kind == "string":
        return _string(spec)
    if kind == "integer":

        def integer(cell: str) -> Value:
            if not _INTEGER.fullmatch(cell):
                raise CellError(f"{_shown(cell)} is not a whole number (digits only)")
            return _bounded(spec, int(cell), cell)

        return integer
    if kind == "number":

        def number(cell: str) -> Value:
            if not _NUMBER.fullmatch(cell):
                raise CellError(f"{_shown(cell)} is not a decimal number")
            value = float(cell)
            if not math.isfinite(value):
                raise CellError(f"{_shown(cell)} is not a finite number")
            return _bounded(spec, value, cell)

        return number
    if kind == "boolean":
        truths, falsities = frozenset(spec.true_values), frozenset(spec.false_values)
        allowed = " or ".join(repr(v) for v in (*spec.true_values, *spec.false_values))

        def boolean(cell: str) -> Value:
            if cell in truths:
                return True
            if cell in falsities:
                return False
            raise CellError(f"{_shown(cell)} is not a boolean ({allowed})")

        return boolean
    if kind == "date":

        def date(cell: str) -> Value:
            # YYYY-MM-DD only: fromisoformat alone would also take 20190226 or 2019-W09-2
            if len(cell) != 10 or cell[4] != "-" or cell[7] != "-" or not cell[:4].isdigit():
                raise CellError(f"{_shown(cell)} is not a date (YYYY-MM-DD)")
            try:
                return dt.date.fromisoformat(cell)
            except ValueError:
                raise CellError(f"{_shown(cell)} is not a day of the calendar") from None

        return date
    raise CellError(f"type {kind!r} is not supported")  # the descriptor check refuses it first


def _bounded(spec: FieldSpec, value: float, cell: str) -> float:
    if spec.minimum is not None and value < spec.minimum:
        raise CellError(f"{_shown(cell)} is below the minimum {spec.minimum}")
    if spec.maximum is not None and value > spec.maximum:
        raise CellError(f"{_shown(cell)} is above the maximum {spec.maximum}")
    if spec.exclusive_minimum is not None and value <= spec.exclusive_minimum:
        raise CellError(f"{_shown(cell)} must be greater than {spec.exclusive_minimum}")
    if spec.exclusive_maximum is not None and value >= spec.exclusive_maximum:
        raise CellError(f"{_shown(cell)} must be less than {spec.exclusive_maximum}")
    if spec.enum is not None and cell not in spec.enum:
        raise CellError(f"{_shown(cell)} is not one of the allowed values")
    return value


def _string(spec: FieldSpec) -> Decoder:
    enum = frozenset(spec.enum) if spec.enum is not None and not spec.is_list else None
    pattern = spec.pattern if not spec.is_list else None
    fmt = _FORMATS.get(spec.format)
    is_edtf = spec.format == "edtf"
    low, high = spec.min_length, spec.max_length
    if (
        enum is None
        and pattern is None
        and fmt is None
        and not is_edtf
        and low is None
        and high is None
    ):
        return _identity
    choices = ", ".join(repr(v) for v in spec.enum or ())

    def string(cell: str) -> Value:
        if enum is not None and cell not in enum:
            raise CellError(f"{_shown(cell)} is not one of {choices}")
        if pattern is not None and not pattern.match(cell):
            raise CellError(f"{_shown(cell)} does not match the declared pattern")
        if fmt is not None and not fmt[0].fullmatch(cell):
            raise CellError(f"{_shown(cell)} is not {fmt[1]}")
        if low is not None and len(cell) < low:
            raise CellError(f"{_shown(cell)} is shorter than {low} characters")
        if high is not None and len(cell) > high:
            raise CellError(f"{_shown(cell)} is longer than {high} characters")
        if is_edtf:
            try:
                edtf.parse(cell)
            except ValueError as exc:
                raise CellError(str(exc)) from None
        return cell

    return string


def _identity(cell: str) -> Value:
    return cell


def is_plain_text(spec: FieldSpec) -> bool:
    """Whether a column's cells are read as they are: optional, unconstrained, single text."""
    return (
        spec.type == "string"
        and not spec.is_list
        and not spec.required
        and _string(spec) is _identity
    )


def decoder(spec: FieldSpec, missing: frozenset[str] = frozenset({""})) -> Decoder:
    """Return the function that reads a column's cell text into its value.

    The function returns ``None`` for a missing value (an optional empty cell; an empty list for
    a list column), a ``str``/``int``/``float``/``bool``/``date`` for a plain column, and a tuple
    of item values for a list column. It raises :class:`CellError` for a cell that breaks the
    declaration: a required cell that is empty, a wrong type, a value outside the ``enum``, a
    ``pattern`` that does not match, a duplicate or empty list item.
    """
    item = _scalar(spec)
    required = spec.required
    if not spec.is_list and item is _identity:

        def text(cell: str) -> Value:
            if cell in missing:
                if required:
                    raise CellError("a value is required")
                return None
            return cell

        return text
    if not spec.is_list:

        def plain(cell: str) -> Value:
            if cell in missing:
                if required:
                    raise CellError("a value is required")
                return None
            return item(cell)

        return plain
    separator = spec.delimiter or ";"
    whole = spec.pattern
    enum = frozenset(spec.enum) if spec.enum is not None else None
    choices = ", ".join(repr(v) for v in spec.enum or ())

    plain_items = enum is None and item is _identity

    def many(cell: str) -> Value:
        if cell in missing:
            if required:
                raise CellError("a value is required (at least one item)")
            return ()
        if whole is not None and not whole.match(cell):
            raise CellError(f"{_shown(cell)} does not match the declared pattern")
        parts = cell.split(separator)
        if len(set(parts)) != len(parts):
            raise CellError(f"{_shown(cell)} lists an item twice")
        if "" in parts:
            raise CellError(f"{_shown(cell)} has an empty item")
        if plain_items:
            return tuple(parts)
        values = []
        for part in parts:
            if enum is not None and part not in enum:
                raise CellError(f"item {_shown(part)} is not one of {choices}")
            values.append(item(part))
        return tuple(values)

    return many


def encode(spec: FieldSpec, value: object, missing: str = "") -> str:
    """Return the cell text of a value (the inverse of :func:`decoder`).

    Raises:
        TypeError: the value cannot be written in this column.
    """
    if value is None or (spec.is_list and value == ()):
        return missing
    if spec.is_list:
        if not isinstance(value, (tuple, list)):
            raise TypeError(f"column {spec.name!r} holds lists, not {type(value).__name__}")
        return (spec.delimiter or ";").join(_encode_one(spec, v) for v in value)
    return _encode_one(spec, value)


def _encode_one(spec: FieldSpec, value: object) -> str:
    if isinstance(value, bool):
        return spec.true_values[0] if value else spec.false_values[0]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (str, int)):
        return str(value)
    key = getattr(value, "key", None)
    if isinstance(key, str):
        return key
    raise TypeError(f"cannot write a {type(value).__name__} in column {spec.name!r}")
