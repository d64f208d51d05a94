"""The one registry of a package's resources, read from its checked ``datapackage.json``.

Every layer (loader, validator, exports, writer, diff, CLI, JSON Schema generation, README tables)
asks this registry what a resource's columns are, how each cell is typed and constrained, which
columns are lists or references, and what the primary key is. Nothing else restates the shape of
the data: the descriptor is the contract, and :mod:`kimtravel.descriptor` builds a
:class:`Registry` from it after checking it.

kimtravel extends the Table Schema with one namespaced property per field, ``"kimtravel"``:

- ``delimiter``: the cell is a list of items separated by this character (``;``);
- ``reference``: ``{"resource": ..., "fields": [...]}``, a list column whose items are keys of
  another resource (Table Schema foreign keys cannot express lists);
- ``itemsOf``: ``{"resource": ..., "field": ..., "except": [...]}``, a list column whose items
  are another column's ``enum`` values, less any listed in ``except`` (``trips.modes`` takes
  ``legs.mode`` but not ``unknown``);
- ``format``: ``"edtf"``, the cell is an Extended Date/Time Format value;
- ``definitions``: ``{value: meaning}`` for every value of an ``enum``.

and one per resource: ``"kimtravel": {"removals": "patch"}`` says that removing a row of it is a
correction rather than a breaking change (``diff`` reads it).
"""

from __future__ import annotations

import re
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

_NO_DEFINITIONS: MappingProxyType[str, str] = MappingProxyType({})


class FieldSpec(NamedTuple):
    """One column as the descriptor declares it.

    Attributes:
        name: column name.
        type: Table Schema type: ``string``, ``integer``, ``number``, ``boolean`` or ``date``.
        description: the column's documentation.
        required: an empty cell is an error.
        unique: no two rows share a value.
        enum: allowed values (for a list column: allowed items, also when they follow another
            column through ``itemsOf``), or ``None``.
        pattern: the declared ``pattern`` (a whole-cell match), or ``None``.
        minimum: smallest allowed number, or ``None``.
        maximum: largest allowed number, or ``None``.
        exclusive_minimum: a number must be greater than this, or ``None``.
        exclusive_maximum: a number must be less than this, or ``None``.
        min_length: shortest allowed text, or ``None``.
        max_length: longest allowed text, or ``None``.
        format: ``default``, ``uri``, ``email``, ``uuid`` (strings) or ``edtf``.
        true_values: cells read as ``True`` (booleans).
        false_values: cells read as ``False`` (booleans).
        delimiter: the list separator for a list column, else ``None``.
        reference: ``(resource, field)`` the cell (or each item) must be a key of, or ``None``.
        definitions: meaning of each ``enum`` value, when declared.
    """

    name: str
    type: str
    description: str = ""
    required: bool = False
    unique: bool = False
    enum: tuple[str, ...] | None = None
    pattern: re.Pattern[str] | None = None
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: float | None = None
    exclusive_maximum: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    format: str = "default"
    true_values: tuple[str, ...] = ("true", "True", "TRUE", "1")
    false_values: tuple[str, ...] = ("false", "False", "FALSE", "0")
    delimiter: str | None = None
    reference: tuple[str, str] | None = None
    definitions: MappingProxyType[str, str] = _NO_DEFINITIONS

    @property
    def is_list(self) -> bool:
        """Whether the cell holds a delimited list."""
        return self.delimiter is not None


class ResourceSpec(NamedTuple):
    """One tabular resource: its file, its columns and its keys.

    Attributes:
        name: resource name (``trips``).
        relpath: the path as written in the descriptor (``data/trips.csv``).
        path: absolute path of the file, inside the package folder.
        fields: the declared columns, in order.
        primary_key: the primary key's column names.
        missing_values: cells that mean "no value" (``[""]`` by default).
        delimiter: the CSV delimiter (``,``).
        quote_char: the CSV quote character (``"``).
        sha256: declared sha256 hex digest, or ``None``.
        md5: declared md5 hex digest, or ``None``.
        bytes: declared size in bytes, or ``None``.
        title: the resource's title.
        description: the resource's description.
        removals: the SemVer bump a removed row needs (``major`` unless the resource declares
            ``"kimtravel": {"removals": "patch"}``, as ``sources`` does: a citation replaced by
            better evidence).
        any_column_order: the file may give the declared columns in any order (Table Schema
            ``"fieldsMatch": "equal"``); they are read by name.
    """

    name: str
    relpath: str
    path: Path
    fields: tuple[FieldSpec, ...]
    primary_key: tuple[str, ...]
    missing_values: frozenset[str] = frozenset({""})
    delimiter: str = ","
    quote_char: str = '"'
    sha256: str | None = None
    md5: str | None = None
    bytes: int | None = None
    title: str = ""
    description: str = ""
    removals: str = "major"
    any_column_order: bool = False

    @property
    def columns(self) -> tuple[str, ...]:
        """The declared column names, in order."""
        return tuple(f.name for f in self.fields)

    def field(self, name: str) -> FieldSpec:
        """Return the declared column ``name``.

        Raises:
            KeyError: the resource has no such column.
        """
        for spec in self.fields:
            if spec.name == name:
                return spec
        raise KeyError(name)

    def references(self) -> tuple[tuple[FieldSpec, str, str], ...]:
        """Return ``(column, resource, key column)`` for every column that refers to a key."""
        return tuple((f, *f.reference) for f in self.fields if f.reference is not None)


class Registry(NamedTuple):
    """Every resource of one package, as its checked descriptor declares them.

    Attributes:
        descriptor_path: absolute path of ``datapackage.json``.
        root: the folder holding it; resource paths are relative to it.
        version: the package's ``version``.
        name: the package's ``name``.
        resources: resources by name, in the descriptor's order.
        descriptor: the parsed descriptor (read-only by convention; copy before changing it).
        not_read: see below.
    """

    descriptor_path: Path
    root: Path
    version: str
    name: str
    resources: MappingProxyType[str, ResourceSpec]
    descriptor: MappingProxyType[str, Any]
    not_read: MappingProxyType[str, str] = MappingProxyType({})
    """Resources a fork adds that are not tables kimtravel reads (no inline Table Schema, not a
    CSV file, a column type it does not read), by name, with the reason: left alone, never
    opened, and carried through an export as they are."""

    def resource(self, name: str) -> ResourceSpec:
        """Return a resource by name.

        Raises:
            KeyError: no such resource.
        """
        return self.resources[name]

    def load_order(self) -> tuple[str, ...]:
        """Return resource names so that every resource comes after those it refers to.

        A resource that refers to itself, or a cycle, keeps the descriptor's order among the
        resources in the cycle.
        """
        done: list[str] = []
        visiting: set[str] = set()

        def visit(name: str) -> None:
            if name in done or name in visiting:
                return
            visiting.add(name)
            for _, target, _key in self.resources[name].references():
                if target in self.resources and target != name:
                    visit(target)
            visiting.discard(name)
            done.append(name)

        for name in self.resources:
            visit(name)
        return tuple(done)
