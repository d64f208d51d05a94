"""Record-level differences between two versions of a data package, by primary key."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from kimtravel.db import Dataset
from kimtravel.export import RESOURCES, records
from kimtravel.rows import JSONValue


@dataclass(frozen=True, slots=True)
class ResourceDiff:
    """What changed in one resource.

    Attributes:
        name: the resource.
        added: keys of rows only in the new version.
        removed: keys of rows only in the old version.
        changed: for each key in both whose row differs, the changed fields as
            ``{field: (old value, new value)}``.
        columns_added: columns only in the new version.
        columns_removed: columns only in the old version.
    """

    name: str
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: dict[str, dict[str, tuple[JSONValue, JSONValue]]] = field(default_factory=dict)
    columns_added: tuple[str, ...] = ()
    columns_removed: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        """Whether nothing changed."""
        return not (
            self.added or self.removed or self.changed or self.columns_added or self.columns_removed
        )


@dataclass(frozen=True, slots=True)
class PackageDiff:
    """What changed between two versions of a package."""

    old_version: str
    new_version: str
    resources: tuple[ResourceDiff, ...]

    @property
    def empty(self) -> bool:
        """Whether the two versions hold the same data."""
        return all(r.empty for r in self.resources)

    def required_bump(self) -> str:
        """Return the smallest SemVer bump the changes need under the README's policy.

        ``major``: a removed id or column; ``minor``: added rows or columns; ``patch``:
        corrected values only; ``none``: no data change.
        """
        if any(r.removed or r.columns_removed for r in self.resources):
            return "major"
        if any(r.added or r.columns_added for r in self.resources):
            return "minor"
        if any(r.changed for r in self.resources):
            return "patch"
        return "none"

    def to_json(self) -> dict[str, JSONValue]:
        """Return the diff as a JSON-ready document."""
        return {
            "old_version": self.old_version,
            "new_version": self.new_version,
            "required_bump": self.required_bump(),
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
                }
                for r in self.resources
            },
        }

    def to_markdown(self) -> str:
        """Return the changes as Keep a Changelog sections (``### Added`` ...), record by record.

        Added and removed records are listed by key, one line per resource; changed records
        name the fields that changed.
        """
        sections: dict[str, list[str]] = {"Added": [], "Changed": [], "Removed": []}
        for r in self.resources:
            if r.columns_added:
                sections["Added"].append(f"- `{r.name}` columns: {_ticks(r.columns_added)}")
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


def _keyed(dataset: Dataset, resource: str) -> dict[str, dict[str, JSONValue]]:
    key_fields = dataset.resource(resource).primary_key
    return {"/".join(str(row[k]) for k in key_fields): row for row in records(dataset, resource)}


def diff(old: Dataset, new: Dataset) -> PackageDiff:
    """Compare two loaded packages resource by resource, row by row (by primary key).

    Returns:
        a :class:`PackageDiff`; ``diff(a, a).empty`` is true.
    """
    result = []
    for resource in RESOURCES:
        before, after = _keyed(old, resource), _keyed(new, resource)
        old_columns = old.resource(resource).fields
        new_columns = new.resource(resource).fields
        common = [c for c in new_columns if c in old_columns]
        changed: dict[str, dict[str, tuple[JSONValue, JSONValue]]] = {}
        for key in before.keys() & after.keys():
            fields = {
                c: (before[key][c], after[key][c])
                for c in common
                if before[key][c] != after[key][c]
            }
            if fields:
                changed[key] = fields
        result.append(
            ResourceDiff(
                resource,
                added=tuple(k for k in after if k not in before),
                removed=tuple(k for k in before if k not in after),
                changed={k: changed[k] for k in after if k in changed},
                columns_added=tuple(c for c in new_columns if c not in old_columns),
                columns_removed=tuple(c for c in old_columns if c not in new_columns),
            )
        )
    return PackageDiff(old.version, new.version, tuple(result))
