"""The one validator: used by ``kimtravel validate``, by :func:`kimtravel.load` and by the tests.

Layers, in order:

1. the descriptor (:mod:`kimtravel.descriptor`): bounded JSON, every property the library uses
   type-checked, safe resource paths, nothing remote, nothing it cannot read faithfully;
2. files and tables (:mod:`kimtravel.tables`): regular files only, sizes, ``bytes`` and hashes,
   the declared header, every cell through the declared types and constraints, primary keys,
   unique columns, references (list cells too);
3. records and meaning (:mod:`kimtravel.records`, :mod:`kimtravel.checks`): dates in order, legs
   chain, no overlapping trips, derived columns agree, countries existed on the trip's dates,
   coordinates in their country, every source has its note;
4. optionally frictionless's own validation, on the descriptor already checked in layer 1 and
   only as a second opinion: its findings are added for a resource where layers 1-3 found
   nothing, so one fault is reported once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from kimtravel.checks import semantic_problems
from kimtravel.descriptor import descriptor_path_of, read_registry
from kimtravel.errors import PackageError, Problem
from kimtravel.records import Records, build_records, gc_paused, required_columns_problems
from kimtravel.registry import Registry
from kimtravel.tables import DEFAULT_MAX_RESOURCE_BYTES, Table, read_tables

STANDARD_PROFILES = frozenset(
    [
        f"https://datapackage.org/profiles/{version}/{name}.json"
        for version in ("1.0", "2.0")
        for name in ("datapackage", "dataresource", "tabledialect", "tableschema")
    ]
    + ["data-package", "tabular-data-package", "data-resource", "tabular-data-resource"]
)
"""Profiles frictionless reads without fetching them; any other is dropped before it sees it."""


@dataclass(frozen=True, slots=True)
class Report:
    """What the validator found.

    Attributes:
        path: the descriptor validated.
        version: the package's version (empty when the descriptor could not be read).
        problems: every problem, in the order found.
        frictionless: whether frictionless's own validation ran.
        not_read: resources a fork adds that are not tables kimtravel reads, with the reason
            (not checked, by kimtravel or frictionless).
    """

    path: str
    version: str
    problems: tuple[Problem, ...]
    frictionless: bool
    not_read: tuple[tuple[str, str], ...] = ()

    @property
    def ok(self) -> bool:
        """Whether no problem was found."""
        return not self.problems


@dataclass(frozen=True, slots=True)
class Checked:
    """A package read through layers 1-3."""

    registry: Registry
    tables: dict[str, Table]
    records: Records | None
    """``None`` when the package lacks what the record models need."""


def check_package(
    path: str | os.PathLike[str],
    *,
    max_bytes: int = DEFAULT_MAX_RESOURCE_BYTES,
    borders: bool = False,
    keep_tables: bool = True,
) -> tuple[Checked | None, list[Problem]]:
    """Run layers 1-3 on a package.

    ``borders`` also checks places against the shipped borders; ``keep_tables=False`` empties the
    tables as their records are built (``validate`` needs only the records).

    Returns:
        what could be read (``None`` when the descriptor or a file could not be read at all)
        and every problem found.

    Raises:
        TypeError: ``path`` is not a string or path.
    """
    problems: list[Problem] = []
    try:
        registry = read_registry(path)
        with gc_paused():
            tables = read_tables(registry, problems, max_bytes=max_bytes)
    except PackageError as exc:
        return None, list(exc.problems)
    missing = required_columns_problems(registry)
    if missing:
        return Checked(registry, tables, None), [*problems, *missing]
    try:
        with gc_paused():
            records = build_records(registry, tables, problems, release=not keep_tables)
    except PackageError as exc:  # the package lacks what the record models need
        return Checked(registry, tables, None), [*problems, *exc.problems]
    problems.extend(semantic_problems(records, registry.root, borders=borders))
    return Checked(registry, tables, records), problems


def validate(path: str | os.PathLike[str], *, use_frictionless: bool | None = None) -> Report:
    """Validate a data package (a ``datapackage.json`` or the folder holding one).

    Args:
        path: the package.
        use_frictionless: run frictionless's validation too, on a package kimtravel's own checks
            find valid: ``None`` (default) when it is installed, ``True`` to require it,
            ``False`` to skip it.

    Returns:
        a :class:`Report`; ``report.ok`` tells whether the package is valid.

    Raises:
        TypeError: ``path`` is not a string or path.
        ModuleNotFoundError: ``use_frictionless=True`` and frictionless is not installed
            (``pip install 'kimtravel[validate]'``).
    """
    if use_frictionless:
        import importlib.util

        if importlib.util.find_spec("frictionless") is None:
            raise ModuleNotFoundError(
                "frictionless is not installed: pip install 'kimtravel[validate]'"
            )
    try:
        descriptor = descriptor_path_of(path)
    except PackageError as exc:
        return Report(exc.path, "", exc.problems, False)
    checked, problems = check_package(descriptor, borders=True, keep_tables=False)
    ran = False
    # frictionless is a second opinion on a package kimtravel finds valid: on one it has already
    # refused it would only repeat the faults, and on a hostile file take minutes and gigabytes
    if use_frictionless is not False and checked is not None and not problems:
        try:
            problems.extend(frictionless_problems(checked.registry))
            ran = True
        except ModuleNotFoundError:
            pass  # not installed, and not required
    version = checked.registry.version if checked is not None else ""
    not_read = tuple(checked.registry.not_read.items()) if checked is not None else ()
    return Report(str(descriptor), version, tuple(problems), ran, not_read)


def safe_descriptor(registry: Registry) -> dict[str, Any]:
    """Return a copy of a checked descriptor fit to hand to another tool.

    A ``profile`` or ``$schema`` other than the standard ones frictionless knows (it would fetch
    it) is dropped, and so are the resources kimtravel does not read. The checks have already
    refused everything else that could reach outside (extra data paths, references to other
    packages), and every resource path, dialect and schema is known to be local and inline.
    """
    import copy

    descriptor = copy.deepcopy(dict(registry.descriptor))

    def keep_standard(mapping: dict[str, Any]) -> None:
        # frictionless reads the version (v1 or v2) from these, and fetches anything else
        for key in ("profile", "$schema"):
            if key in mapping and mapping[key] not in STANDARD_PROFILES:
                del mapping[key]

    keep_standard(descriptor)
    # a resource kimtravel does not read is not handed on either: its path was never checked
    descriptor["resources"] = [
        r for r in descriptor.get("resources", []) if r.get("name") not in registry.not_read
    ]
    for resource in descriptor["resources"]:
        keep_standard(resource)
        for part in ("dialect", "schema"):
            if isinstance(resource.get(part), dict):
                keep_standard(resource[part])
    return descriptor


def frictionless_problems(registry: Registry) -> list[Problem]:
    """Return frictionless's findings on a checked package as problems.

    Raises:
        ModuleNotFoundError: frictionless is not installed.
    """
    import frictionless

    try:
        package = frictionless.Package(safe_descriptor(registry), basepath=str(registry.root))
        report = package.validate()
    except Exception as exc:  # frictionless raises many kinds; none may escape as a traceback
        return [
            Problem(
                "package",
                "",
                "",
                f"frictionless could not validate the package: {exc}",
                "frictionless",
            )
        ]
    problems = [Problem("package", "", "", error.message, error.type) for error in report.errors]
    for task in report.tasks:
        for error in task.errors:
            row = getattr(error, "row_number", None)
            field = getattr(error, "field_name", "") or ""
            key = f"line {row}" if row else ""
            problems.append(Problem(task.name or "package", key, field, error.message, error.type))
    return problems
