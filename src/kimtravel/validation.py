"""The one validator: used by ``kimtravel validate``, by :func:`kimtravel.load` and by the tests.

Layers, in order:

1. the descriptor and files: safe paths, sizes, ``bytes`` and ``sha256`` (tampering);
2. structure: CSV well-formed, columns present, types and constraints (pydantic models),
   primary keys unique, references resolve;
3. semantics (:mod:`kimtravel.checks`): dates in order, legs chain, no overlapping trips,
   derived columns agree, coordinates in their country, every source has its note;
4. optionally frictionless's own validation of the Table Schemas, where it is installed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from kimtravel.checks import semantic_problems
from kimtravel.errors import PackageError, Problem
from kimtravel.loader import LoadedData, load_package
from kimtravel.package import DEFAULT_MAX_RESOURCE_BYTES, descriptor_path_of, read_descriptor


@dataclass(frozen=True, slots=True)
class Report:
    """What the validator found.

    Attributes:
        path: the descriptor validated.
        version: the package's version (empty when the descriptor could not be read).
        problems: every problem, in the order found.
        frictionless: whether frictionless's own validation ran.
    """

    path: str
    version: str
    problems: tuple[Problem, ...]
    frictionless: bool

    @property
    def ok(self) -> bool:
        """Whether no problem was found."""
        return not self.problems


def check_package(
    path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_RESOURCE_BYTES
) -> tuple[LoadedData | None, list[Problem]]:
    """Run layers 1-3 on a package.

    Returns:
        the loaded data (``None`` when the files could not be read at all) and every problem.

    Raises:
        TypeError: ``path`` is not a string or path.
    """
    try:
        files = read_descriptor(path)
        loaded = load_package(files, max_bytes=max_bytes)
    except PackageError as exc:
        return None, list(exc.problems)
    return loaded, [*loaded.problems, *semantic_problems(loaded)]


def validate(path: str | os.PathLike[str], *, use_frictionless: bool | None = None) -> Report:
    """Validate a data package (a ``datapackage.json`` or the folder holding one).

    Args:
        path: the package.
        use_frictionless: run frictionless's validation too: ``None`` (default) when it is
            installed, ``True`` to require it, ``False`` to skip it.

    Returns:
        a :class:`Report`; ``report.ok`` tells whether the package is valid.

    Raises:
        TypeError: ``path`` is not a string or path.
        ModuleNotFoundError: ``use_frictionless=True`` and frictionless is not installed
            (``pip install 'kimtravel[validate]'``).
    """
    descriptor = descriptor_path_of(path)
    loaded, problems = check_package(descriptor)
    ran = False
    if use_frictionless is not False and loaded is not None:
        try:
            problems.extend(frictionless_problems(descriptor))
            ran = True
        except ModuleNotFoundError:
            if use_frictionless:
                raise ModuleNotFoundError(
                    "frictionless is not installed: pip install 'kimtravel[validate]'"
                ) from None
    version = loaded.files.version if loaded is not None else ""
    return Report(str(descriptor), version, tuple(problems), ran)


def frictionless_problems(descriptor: Path) -> list[Problem]:
    """Return frictionless's findings on a package as problems (raises if it is not installed)."""
    import frictionless

    report = frictionless.validate(str(descriptor), type="package")
    problems = [Problem("package", "", "", error.message, error.type) for error in report.errors]
    for task in report.tasks:
        for error in task.errors:
            row = getattr(error, "row_number", None)
            field = getattr(error, "field_name", "") or ""
            key = f"row {row}" if row else ""
            problems.append(Problem(task.name or "package", key, field, error.message, error.type))
    return problems
