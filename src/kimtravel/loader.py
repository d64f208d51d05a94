"""Turn a checked package's CSV tables into resolved, immutable records.

One generic engine serves every resource: a column plan derived from the record model says, for
each column, whether its cell is a plain value, a ``;``-separated list, or a reference (or list of
references) to another resource's records. Problems are collected, not raised one at a time, so
a caller sees every bad row at once.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import types
import typing
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError

from kimtravel.errors import PackageError, Problem
from kimtravel.models import Country, Event, Leg, Person, Place, Record, Source, Trip
from kimtravel.package import DEFAULT_MAX_RESOURCE_BYTES, PackageFiles, read_resource
from kimtravel.tables import parse_csv
from kimtravel.vocab import LIST_SEPARATOR

R = TypeVar("R", bound=Record)

MODELS: dict[str, type[Record]] = {
    "sources": Source,
    "countries": Country,
    "people": Person,
    "places": Place,
    "legs": Leg,
    "events": Event,
    "trips": Trip,
}
"""Record model of each resource, in load order (a resource only refers to earlier ones)."""

TARGETS: dict[type[Record], str] = {Source: "sources", Person: "people", Place: "places"}
"""Resource that a reference to each record type points into."""

CHILD_FIELDS = {"legs": "legs", "events": "events"}
"""Trip fields filled from child resources rather than from a column."""


@dataclass
class LoadedData:
    """Everything read from one package: records by resource and key, and the problems found."""

    files: PackageFiles
    records: dict[str, dict[str, Record]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def table(self, name: str, model: type[R]) -> dict[str, R]:
        """Return one resource's records by key, typed as ``model``."""
        return typing.cast(dict[str, R], self.records[name])


@dataclass(frozen=True, slots=True)
class Column:
    """How one column's cell becomes a model field value."""

    name: str
    index: int
    target: str | None
    """Resource the cell refers into, or ``None`` for a plain value."""
    many: bool
    """Whether the cell is a ``;``-separated list."""


@functools.cache
def _adapter(model: type[Record]) -> TypeAdapter[list[Any]]:
    return TypeAdapter(list[model])  # type: ignore[valid-type]


@functools.cache
def _column_kinds(model: type[Record]) -> dict[str, tuple[str | None, bool]]:
    kinds: dict[str, tuple[str | None, bool]] = {}
    for name, info in model.model_fields.items():
        annotation = info.annotation
        many = typing.get_origin(annotation) is tuple
        inner = typing.get_args(annotation)[0] if many else annotation
        if typing.get_origin(inner) in (typing.Union, types.UnionType):
            inner = next(a for a in typing.get_args(inner) if a is not type(None))
        target = TARGETS.get(inner) if isinstance(inner, type) else None
        kinds[name] = (target, many)
    return kinds


def _plan(model: type[Record], header: Sequence[str]) -> list[Column]:
    position = {column: i for i, column in enumerate(header)}
    return [
        Column(name, position[name], target, many)
        for name, (target, many) in _column_kinds(model).items()
        if name in position
    ]


def key_of(values: Sequence[str]) -> str:
    """Return the printable key of a row from its primary-key cells (``2018-03-beijing/2``)."""
    return "/".join(values)


def load_package(
    files: PackageFiles, *, max_bytes: int = DEFAULT_MAX_RESOURCE_BYTES, verify: bool = True
) -> LoadedData:
    """Read every resource of a checked package into records.

    Returns:
        the records by resource and key, and every problem found on the way (rows with problems
        are left out of the records).

    Raises:
        PackageError: a file is missing, oversized, tampered with (when ``verify``), or not
            readable as CSV; row-level problems are collected in the result instead.
    """
    loaded = LoadedData(files)
    with gc_paused():
        _load_resources(loaded, max_bytes=max_bytes, verify=verify)
    return loaded


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while records are built.

    Records form no reference cycles, so the collector has nothing to free during a load, yet
    it would rescan every new record many times: pausing it halves the load time of a large
    package. The previous state is restored, also on error.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _load_resources(loaded: LoadedData, *, max_bytes: int, verify: bool) -> None:
    files = loaded.files
    children: dict[str, dict[str, list[Record]]] = {"legs": {}, "events": {}}
    for name, model in MODELS.items():
        resource = files.resources[name]
        header, rows = parse_csv(
            resource, read_resource(resource, max_bytes=max_bytes, verify=verify)
        )
        missing = [
            n
            for n, i in model.model_fields.items()
            if i.is_required() and n not in header and n not in CHILD_FIELDS
        ]
        if missing:
            raise PackageError(
                resource.path,
                [
                    Problem(name, "", m, "required column missing from the file", "missing-label")
                    for m in missing
                ],
            )
        key_index = [header.index(k) for k in resource.primary_key if k in header]
        extra = children if name == "trips" else None
        records = _build(name, model, header, rows, key_index, loaded, extra)
        loaded.records[name] = records
        if name in children:
            _group(name, records, children[name], loaded)


def _build(
    name: str,
    model: type[Record],
    header: Sequence[str],
    rows: list[list[str]],
    key_index: list[int],
    loaded: LoadedData,
    children: dict[str, dict[str, list[Record]]] | None,
) -> dict[str, Record]:
    """Turn one resource's rows into field dicts (references resolved), then validate them."""
    plan = _plan(model, header)
    plain = [(c.name, c.index) for c in plan if c.target is None and not c.many]
    lists = [(c.name, c.index) for c in plan if c.target is None and c.many]
    refs = [(c, loaded.records[c.target]) for c in plan if c.target is not None]
    problems = loaded.problems
    keys: list[str] = []
    values: list[dict[str, Any]] = []
    seen: set[str] = set()
    single_key = key_index[0] if len(key_index) == 1 else None
    for line, row in enumerate(rows, start=2):
        if single_key is not None:
            key = row[single_key]
        else:
            key = key_of([row[i] for i in key_index]) if key_index else f"line {line}"
        if key in seen:
            field = ",".join(header[i] for i in key_index)
            problems.append(Problem(name, key, field, "duplicate primary key", "primary-key"))
            continue
        seen.add(key)
        # An empty cell is left out, so the model's default (None or ()) applies.
        item: dict[str, Any] = {field: row[i] for field, i in plain if row[i]}
        for field, i in lists:
            if row[i]:
                item[field] = tuple(row[i].split(LIST_SEPARATOR))
        ok = True
        for column, table in refs:
            cell = row[column.index]
            if not cell:
                continue
            if not column.many:
                target = table.get(cell)
                if target is None:
                    problems.append(_dangling(name, key, column, cell))
                    ok = False
                else:
                    item[column.name] = target
                continue
            resolved = []
            for ref in cell.split(LIST_SEPARATOR):
                target = table.get(ref)
                if target is None:
                    problems.append(_dangling(name, key, column, ref))
                    ok = False
                else:
                    resolved.append(target)
            item[column.name] = tuple(resolved)
        if children is not None:
            for child, by_trip in children.items():
                item[child] = tuple(by_trip.pop(key, ()))
        if ok:
            keys.append(key)
            values.append(item)
    if children is not None:
        for child, orphans in children.items():
            for trip_id, rows_of in orphans.items():
                for record in rows_of:
                    seq = getattr(record, "seq", "")
                    message = f"{trip_id!r} is not an id in trips"
                    problems.append(
                        Problem(child, f"{trip_id}/{seq}", "trip_id", message, "foreign-key")
                    )
    return _validate(name, model, keys, values, problems) if values else {}


def _dangling(resource: str, key: str, column: Column, ref: str) -> Problem:
    message = f"{ref!r} is not an id in {column.target}"
    return Problem(resource, key, column.name, message, "foreign-key")


def _validate(
    name: str,
    model: type[Record],
    keys: list[str],
    values: list[dict[str, Any]],
    problems: list[Problem],
) -> dict[str, Record]:
    """Validate rows in one call; on failure, report each bad row and keep the good ones.

    Returns:
        the valid records by key.
    """
    adapter = _adapter(model)
    try:
        return dict(zip(keys, adapter.validate_python(values), strict=True))
    except ValidationError as exc:
        bad: set[int] = set()
        for error in exc.errors(include_url=False):
            loc = error["loc"]
            index = int(loc[0]) if loc and isinstance(loc[0], int) else -1
            column = str(loc[1]) if len(loc) > 1 else ""
            bad.add(index)
            got = error.get("input")
            shown = "" if isinstance(got, dict) or error["type"] == "missing" else f" (got {got!r})"
            message = "a value is required" if error["type"] == "missing" else error["msg"]
            problems.append(
                Problem(
                    name,
                    keys[index] if index >= 0 else "",
                    column,
                    f"{message}{shown}",
                    "type-error",
                )
            )
    good = [i for i in range(len(values)) if i not in bad]
    validated = adapter.validate_python([values[i] for i in good])
    return {keys[i]: record for i, record in zip(good, validated, strict=True)}


def _group(
    name: str, records: dict[str, Record], into: dict[str, list[Record]], loaded: LoadedData
) -> None:
    """Group leg or event records by trip id, each group sorted by ``seq``."""
    for record in records.values():
        trip_id = typing.cast(Leg | Event, record).trip_id
        into.setdefault(trip_id, []).append(record)
    for group in into.values():
        group.sort(key=lambda r: typing.cast(Leg | Event, r).seq)
