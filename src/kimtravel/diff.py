"""Record-level differences between two versions of a data package, and the SemVer bump they need.

The comparison reads both packages through the registry and the typed tables, so it works on any
two versions (each read with its own descriptor) and sees every declared resource and column.

The policy (README, "Versions"):

- **major**: a resource, column or row removed (a removed or renamed id is a removal; a
  resource may declare removals a correction, as ``sources`` does for replaced citations), a
  column's type changed or a column turned into a list (or back), a vocabulary value removed, a
  required column made optional;
- **minor**: a resource, column, row or vocabulary value added;
- **patch**: values corrected in rows that exist in both;
- **none**: no data change.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field

from kimtravel.db import Dataset
from kimtravel.descriptor import read_registry
from kimtravel.errors import PackageError, Problem
from kimtravel.registry import FieldSpec, Registry
from kimtravel.rows import JSONValue, json_value
from kimtravel.tables import Table, read_tables

BUMPS = ("none", "patch", "minor", "major")


@dataclass(frozen=True, slots=True)
class Change:
    """One change to the shape of the data, with the bump it needs."""

    bump: str
    what: str


@dataclass(frozen=True, slots=True)
class ResourceDiff:
    """What changed in one resource.

    Attributes:
        name: the resource.
        added: keys of rows only in the new version.
        removed: keys of rows only in the old version.
        changed: for each key in both whose row differs, ``{column: (old value, new value)}``.
        columns_added: columns only in the new version.
        columns_removed: columns only in the old version.
        schema: changes to column types and vocabularies, each with its bump.
    """

    name: str
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: dict[str, dict[str, tuple[JSONValue, JSONValue]]] = field(default_factory=dict)
    columns_added: tuple[str, ...] = ()
    columns_removed: tuple[str, ...] = ()
    schema: tuple[Change, ...] = ()
    removal_bump: str = "major"

    @property
    def empty(self) -> bool:
        """Whether nothing changed."""
        return not (
            self.added
            or self.removed
            or self.changed
            or self.columns_added
            or self.columns_removed
            or self.schema
        )

    def bump(self) -> str:
        """Return the bump this resource's changes need."""
        needed = [c.bump for c in self.schema]
        if self.columns_removed:
            needed.append("major")
        if self.removed:
            needed.append(self.removal_bump)
        if self.added or self.columns_added:
            needed.append("minor")
        if self.changed:
            needed.append("patch")
        return max(needed, key=BUMPS.index, default="none")


@dataclass(frozen=True, slots=True)
class PackageDiff:
    """What changed between two versions of a package."""

    old_version: str
    new_version: str
    resources: tuple[ResourceDiff, ...]
    resources_added: tuple[str, ...] = ()
    resources_removed: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        """Whether the two versions hold the same data."""
        return not (self.resources_added or self.resources_removed) and all(
            r.empty for r in self.resources
        )

    def required_bump(self) -> str:
        """Return the smallest SemVer bump the changes need under the README's policy."""
        needed = [r.bump() for r in self.resources]
        if self.resources_removed:
            needed.append("major")
        if self.resources_added:
            needed.append("minor")
        return max(needed, key=BUMPS.index, default="none")

    def to_json(self) -> dict[str, JSONValue]:
        """Return the diff as a JSON-ready document."""
        return {
            "old_version": self.old_version,
            "new_version": self.new_version,
            "required_bump": self.required_bump(),
            "resources_added": list(self.resources_added),
            "resources_removed": list(self.resources_removed),
            "resources": {
                r.name: {
                    "added": list(r.added),
                    "removed": list(r.removed),
                    "changed": {
                        key: {f: {"old": old, "new": new} for f, (old, new) in fields.items()}
                        for key, fields in r.changed.items()
                    },
                    "columns_added": list(r.columns_added),
                    "columns_removed": list(r.columns_removed),
                    "schema": [{"bump": c.bump, "change": c.what} for c in r.schema],
                }
                for r in self.resources
            },
        }

    def to_markdown(self) -> str:
        """Return the changes as Keep a Changelog sections (``### Added`` ...), record by record."""
        sections: dict[str, list[str]] = {"Added": [], "Changed": [], "Removed": []}
        for name in self.resources_added:
            sections["Added"].append(f"- resource `{name}`")
        for name in self.resources_removed:
            sections["Removed"].append(f"- resource `{name}`")
        for r in self.resources:
            if r.columns_added:
                sections["Added"].append(f"- `{r.name}` columns: {_ticks(r.columns_added)}")
            for change in r.schema:
                section = (
                    "Added" if change.bump == "minor" and "added" in change.what else "Changed"
                )
                sections[section].append(f"- `{r.name}` {change.what}")
            if r.added:
                sections["Added"].append(f"- `{r.name}` ({len(r.added)}): {_ticks(r.added)}")
            if r.columns_removed:
                sections["Removed"].append(f"- `{r.name}` columns: {_ticks(r.columns_removed)}")
            if r.removed:
                sections["Removed"].append(f"- `{r.name}` ({len(r.removed)}): {_ticks(r.removed)}")
            for key, fields in r.changed.items():
                sections["Changed"].append(f"- `{r.name}` `{key}`: {_ticks(fields)}")
        parts = [
            f"### {title}\n\n" + "\n".join(lines) for title, lines in sections.items() if lines
        ]
        return "\n\n".join(parts) if parts else "No data changes."


def _ticks(names: Iterable[str]) -> str:
    return ", ".join(f"`{n}`" for n in names)


def _schema_changes(old: FieldSpec, new: FieldSpec) -> list[Change]:
    changes = []
    if old.type != new.type:
        changes.append(Change("major", f"column `{new.name}`: type {old.type} -> {new.type}"))
    if old.is_list and not new.is_list:
        changes.append(Change("major", f"column `{new.name}` now holds a single value"))
    elif new.is_list and not old.is_list:
        # A text column now declared as a list: the cells are the same text, so a CSV reader
        # sees no change; only the declaration (and the JSON shape) is new.
        changes.append(
            Change("minor", f"column `{new.name}` declared as a `{new.delimiter}`-separated list")
        )
    if old.required and not new.required:
        changes.append(Change("major", f"column `{new.name}` may now be empty"))
    if old.enum is not None and new.enum is not None:
        removed = [v for v in old.enum if v not in new.enum]
        added = [v for v in new.enum if v not in old.enum]
        if removed:
            changes.append(
                Change("major", f"column `{new.name}`: values removed {_ticks(removed)}")
            )
        if added:
            changes.append(Change("minor", f"column `{new.name}`: values added {_ticks(added)}"))
    return changes


def _keyed(table: Table, as_lists: dict[str, str]) -> dict[str, dict[str, JSONValue]]:
    """Return rows by key as JSON values; text columns named in ``as_lists`` are split into lists."""
    columns = table.spec.columns
    out = {}
    for key, row in table.rows.items():
        values = {c: json_value(v) for c, v in zip(columns, row, strict=True)}
        for column, delimiter in as_lists.items():
            value = values.get(column)
            if isinstance(value, str):
                values[column] = list(value.split(delimiter))
            elif value is None:
                values[column] = []
        out[key] = values
    return out


def read_for_diff(path: str | os.PathLike[str]) -> tuple[Registry, dict[str, Table]]:
    """Read a package's registry and typed tables (structure checked, meaning not).

    Raises:
        PackageError: the package cannot be read, or its tables break their declaration.
    """
    registry = read_registry(path)
    problems: list[Problem] = []
    tables = read_tables(registry, problems)
    if problems:
        raise PackageError(registry.descriptor_path, problems)
    return registry, tables


def diff_tables(
    old: tuple[Registry, dict[str, Table]], new: tuple[Registry, dict[str, Table]]
) -> PackageDiff:
    """Compare two read packages resource by resource, row by row (by primary key)."""
    (old_registry, old_tables), (new_registry, new_tables) = old, new
    result = []
    for name, new_spec in new_registry.resources.items():
        if name not in old_registry.resources:
            continue
        old_spec = old_registry.resources[name]
        old_columns, new_columns = old_spec.columns, new_spec.columns
        common = [c for c in new_columns if c in old_columns]
        schema = [
            c for col in common for c in _schema_changes(old_spec.field(col), new_spec.field(col))
        ]
        newly_lists = {
            c: new_spec.field(c).delimiter or ";"
            for c in common
            if new_spec.field(c).is_list and not old_spec.field(c).is_list
        }
        before, after = _keyed(old_tables[name], newly_lists), _keyed(new_tables[name], {})
        changed: dict[str, dict[str, tuple[JSONValue, JSONValue]]] = {}
        for key in after:
            if key in before:
                fields = {
                    c: (before[key][c], after[key][c])
                    for c in common
                    if before[key][c] != after[key][c]
                }
                if fields:
                    changed[key] = fields
        result.append(
            ResourceDiff(
                name,
                added=tuple(k for k in after if k not in before),
                removed=tuple(k for k in before if k not in after),
                changed=changed,
                columns_added=tuple(c for c in new_columns if c not in old_columns),
                columns_removed=tuple(c for c in old_columns if c not in new_columns),
                schema=tuple(schema),
                removal_bump=new_spec.removals,
            )
        )
    return PackageDiff(
        old_registry.version,
        new_registry.version,
        tuple(result),
        resources_added=tuple(n for n in new_registry.resources if n not in old_registry.resources),
        resources_removed=tuple(
            n for n in old_registry.resources if n not in new_registry.resources
        ),
    )


def diff(
    old: str | os.PathLike[str] | Dataset, new: str | os.PathLike[str] | Dataset
) -> PackageDiff:
    """Compare two packages: each a ``datapackage.json``, its folder, or a loaded ``Dataset``.

    Returns:
        a :class:`PackageDiff`; ``diff(a, a).empty`` is true.

    Raises:
        PackageError: either package cannot be read.
    """
    return diff_tables(_read(old), _read(new))


def _read(package: str | os.PathLike[str] | Dataset) -> tuple[Registry, dict[str, Table]]:
    if isinstance(package, Dataset):
        return package.registry, dict(package.tables)
    return read_for_diff(package)
