"""Turn checked tables into resolved, immutable records.

One generic engine serves every resource: for each model field that is a column of the table, the
cell's value is taken as it is, or, when the field holds records (``Leg.origin`` is a
:class:`Place`), resolved through the column's declared reference. Columns the models do not know
are ignored here (exports carry them through from the tables). Legs and events are gathered into
their trips.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError

from kimtravel.errors import PackageError, Problem
from kimtravel.models import (
    Country,
    Event,
    Leg,
    NonTrip,
    Person,
    Place,
    Record,
    Source,
    Trip,
    Vehicle,
)
from kimtravel.registry import Registry
from kimtravel.tables import Table

R = TypeVar("R", bound=Record)

MODELS: dict[str, type[Record]] = {
    "sources": Source,
    "countries": Country,
    "vehicles": Vehicle,
    "people": Person,
    "places": Place,
    "legs": Leg,
    "events": Event,
    "trips": Trip,
    "non_trips": NonTrip,
}
"""Record model of each resource the library models, in build order."""
OPTIONAL = frozenset({"vehicles", "non_trips"})
"""Modelled resources a package may lack (read as empty)."""
CHILDREN = {"legs": "trip_id", "events": "trip_id"}
"""Resources gathered into their trip, and the column naming the trip."""


@dataclass
class Records:
    """Records by resource and key, and what could not be built.

    Attributes:
        by_resource: records by resource name and key.
        tainted: trips with a leg or event left out because of a problem, whose trip-level
            checks would only repeat that problem.
    """

    by_resource: dict[str, dict[str, Record]] = field(default_factory=dict)
    tainted: set[str] = field(default_factory=set)

    def table(self, name: str, model: type[R]) -> dict[str, R]:
        """Return one resource's records by key, typed as ``model``."""
        return typing.cast(dict[str, R], self.by_resource.get(name, {}))


@functools.cache
def _adapter(model: type[Record]) -> TypeAdapter[list[Any]]:
    return TypeAdapter(list[model])  # type: ignore[valid-type]


@functools.cache
def _holds_records(model: type[Record]) -> dict[str, bool]:
    """Return, for each field of a model, whether it holds records rather than plain values."""
    out = {}
    for name, info in model.model_fields.items():
        annotation = info.annotation
        if typing.get_origin(annotation) is tuple:
            annotation = typing.get_args(annotation)[0]
        if typing.get_origin(annotation) in (typing.Union, types.UnionType):
            annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        out[name] = isinstance(annotation, type) and issubclass(annotation, Record)
    return out


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while records are built.

    Records form no reference cycles, so the collector has nothing to free during a load, yet it
    would rescan every new record many times. The previous state is restored, also on error.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def required_columns_problems(registry: Registry) -> list[Problem]:
    """Return a problem for each resource or column the models need that the package lacks."""
    problems = []
    for name, model in MODELS.items():
        spec = registry.resources.get(name)
        if spec is None:
            if name not in OPTIONAL:
                problems.append(
                    Problem(
                        "package",
                        name,
                        "resources",
                        f"no resource named {name!r}: the library needs it",
                        "descriptor",
                    )
                )
            continue
        columns = set(spec.columns)
        for column, info in model.model_fields.items():
            if (
                info.is_required()
                and column not in columns
                and not (name == "trips" and column in ("legs", "events"))
            ):
                problems.append(
                    Problem(
                        name,
                        "",
                        column,
                        "column required by the library is not declared",
                        "missing-label",
                    )
                )
    return problems


def build_records(
    registry: Registry, tables: dict[str, Table], problems: list[Problem], *, release: bool = False
) -> Records:
    """Build every modelled resource's records from checked tables.

    Args:
        release: empty each table once its records are built (for validation, which needs the
            records but not the rows, so that both are never held at once).

    Returns:
        the records; rows that fail (which the codec makes rare) are reported in ``problems``
        and left out.
    """
    records = Records()
    children: dict[str, dict[str, list[Record]]] = {name: {} for name in CHILDREN}
    for name, model in MODELS.items():
        table = tables.get(name)
        if table is None:
            records.by_resource[name] = {}
            continue
        if name in CHILDREN:
            for key in table.rejected:
                records.tainted.add(key.rpartition("/")[0])
        built = _build(name, model, registry, table, records, children, problems)
        records.by_resource[name] = built
        if release:
            table.rows = {}
        if name in CHILDREN:
            column = CHILDREN[name]
            groups = children[name]
            for record in built.values():
                groups.setdefault(getattr(record, column), []).append(record)
            for group in groups.values():
                group.sort(key=lambda r: typing.cast(Leg | Event, r).seq)
    return records


def _build(
    name: str,
    model: type[Record],
    registry: Registry,
    table: Table,
    records: Records,
    children: dict[str, dict[str, list[Record]]],
    problems: list[Problem],
) -> dict[str, Record]:
    spec = table.spec
    holds = _holds_records(model)
    plain: list[tuple[str, int]] = []
    resolved: list[tuple[str, int, bool, dict[str, Record]]] = []
    for index, field_spec in enumerate(spec.fields):
        if field_spec.name not in holds:
            continue
        if holds[field_spec.name]:
            if field_spec.reference is None:
                raise PackageError(
                    registry.descriptor_path,
                    [
                        Problem(
                            name,
                            "",
                            field_spec.name,
                            "the column must declare what it refers to",
                            "descriptor",
                        )
                    ],
                )
            target = records.by_resource.get(field_spec.reference[0], {})
            resolved.append((field_spec.name, index, field_spec.is_list, target))
        else:
            plain.append((field_spec.name, index))
    gather = name == "trips"
    keys: list[str] = []
    values: list[dict[str, Any]] = []
    for key, row in table.rows.items():
        item: dict[str, Any] = {column: row[i] for column, i in plain if row[i] is not None}
        complete = True
        for column, i, many, target in resolved:
            value = row[i]
            if not value:  # None, or an empty list
                continue
            if many:
                found = tuple(target.get(v) for v in typing.cast(tuple[str, ...], value))
                if any(r is None for r in found):
                    complete = False  # refers to a row that failed to build: already reported
                    break
                item[column] = found
            else:
                one = target.get(typing.cast(str, value))
                if one is None:
                    complete = False
                    break
                item[column] = one
        if not complete:
            continue
        if gather:
            for child, groups in children.items():
                item[child] = tuple(groups.get(key, ()))
        keys.append(key)
        values.append(item)
    return _validate(name, model, keys, values, problems)


BATCH = 20_000
"""Rows validated per call: bounds the memory of the intermediate dicts on large packages."""


def _validate(
    name: str,
    model: type[Record],
    keys: list[str],
    values: list[dict[str, Any]],
    problems: list[Problem],
) -> dict[str, Record]:
    """Validate rows in batches; report each bad row once and keep the good ones.

    The list of field dicts is consumed as it goes (each batch's dicts are released).
    """
    built: dict[str, Record] = {}
    for start in range(0, len(values), BATCH):
        chunk = values[start : start + BATCH]
        for i in range(start, min(start + BATCH, len(values))):
            values[i] = {}  # the chunk holds the only reference now
        built.update(_validate_chunk(name, model, keys[start : start + BATCH], chunk, problems))
    return built


def _validate_chunk(
    name: str,
    model: type[Record],
    keys: list[str],
    values: list[dict[str, Any]],
    problems: list[Problem],
) -> dict[str, Record]:
    adapter = _adapter(model)
    try:
        return dict(zip(keys, adapter.validate_python(values), strict=True))
    except ValidationError as exc:
        bad: dict[int, Problem] = {}
        for error in exc.errors(include_url=False):
            loc = error["loc"]
            index = int(loc[0]) if loc and isinstance(loc[0], int) else -1
            if index in bad:
                continue
            column = str(loc[1]) if len(loc) > 1 else ""
            message = "a value is required" if error["type"] == "missing" else error["msg"]
            bad[index] = Problem(
                name, keys[index] if index >= 0 else "", column, message, "type-error"
            )
        problems.extend(bad.values())
    good = [i for i in range(len(values)) if i not in bad]
    validated = adapter.validate_python([values[i] for i in good])
    return {keys[i]: record for i, record in zip(good, validated, strict=True)}
