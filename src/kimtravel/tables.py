"""Read a package's CSV resources into typed tables, as their Table Schemas declare them.

This layer knows nothing of trips or legs: it serves any resource the registry declares, so that
exports, the writer and ``diff`` carry through columns and resources the library does not model.
Every cell is read by the one codec (:mod:`kimtravel.codec`); every fault is reported once, at its
resource, row key and field, and a rejected row is left out of the table. References between
tables are checked by :func:`check_references`, which leaves out (without reporting them again)
rows that refer to a row already rejected.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from kimtravel.codec import CellError, Decoder, Value, decoder, is_plain_text
from kimtravel.errors import PackageError, Problem
from kimtravel.files import FileProblemError, read_file
from kimtravel.registry import Registry, ResourceSpec

DEFAULT_MAX_RESOURCE_BYTES = 1024 * 1024 * 1024
"""Largest resource file read by default (1 GiB)."""


@dataclass
class Table:
    """One resource's rows, typed.

    Attributes:
        spec: the resource as declared.
        rows: the valid rows by key, each a tuple of values in the declared column order
            (``None`` for a missing value, tuples for list columns).
        rejected: keys of rows left out because of a problem (reported once, or a consequence).
    """

    spec: ResourceSpec
    rows: dict[str, tuple[Value, ...]] = field(default_factory=dict)
    rejected: set[str] = field(default_factory=set)

    @property
    def name(self) -> str:
        """The resource's name."""
        return self.spec.name

    def dicts(self) -> Iterator[dict[str, Value]]:
        """Yield each row as ``{column: value}``, in file order."""
        columns = self.spec.columns
        for row in self.rows.values():
            yield dict(zip(columns, row, strict=True))


def key_of(values: Sequence[str]) -> str:
    """Return the printable key of a row from its primary-key cells (``2018-03-beijing/2``)."""
    return "/".join(values)


def integrity_problems(spec: ResourceSpec, data: bytes) -> list[Problem]:
    """Return the problems with a file's declared ``bytes`` and ``hash`` (empty when they match)."""
    problems = []
    if spec.bytes is not None and spec.bytes != len(data):
        problems.append(
            Problem(
                spec.name,
                "",
                "bytes",
                f"the descriptor declares {spec.bytes} bytes, the file has {len(data)}: the file was changed",
                "integrity",
            )
        )
    for algorithm, declared in (("sha256", spec.sha256), ("md5", spec.md5)):
        if declared is not None:
            actual = hashlib.new(algorithm, data).hexdigest()
            if actual != declared:
                problems.append(
                    Problem(
                        spec.name,
                        "",
                        "hash",
                        f"{algorithm} {actual} differs from the declared {declared}: the file was changed",
                        "integrity",
                    )
                )
    return problems


def read_bytes(
    spec: ResourceSpec, registry: Registry, *, max_bytes: int, verify: bool = True
) -> bytes:
    """Read a resource's file safely and check its declared size and hash.

    Raises:
        PackageError: the file is missing, not a regular file, outside the package, too large,
            or (when ``verify``) differs from its declared ``bytes`` or ``hash``.
    """
    try:
        data = read_file(
            spec.path,
            root=registry.root,
            max_bytes=max_bytes,
            resource=spec.name,
            shown=spec.relpath,
        )
    except FileProblemError as exc:
        raise PackageError(spec.path, [exc.problem]) from None
    if verify:
        problems = integrity_problems(spec, data)
        if problems:
            raise PackageError(spec.path, problems)
    return data


MAX_PER_CHECK = 100
"""Problems of one kind reported per resource before the rest are only counted."""


def parse_table(spec: ResourceSpec, data: bytes, problems: list[Problem]) -> Table:
    """Parse one resource's CSV bytes into a :class:`Table`, appending every fault to ``problems``.

    Raises:
        PackageError: the file cannot be read as a table at all: not UTF-8, malformed CSV, no
            header, or a header that is not the declared columns in the declared order.
    """
    name = spec.name
    counts: dict[str, int] = {}

    def report(problem: Problem) -> None:
        # the first MAX_PER_CHECK of each kind, then a count: a file of a million bad rows is
        # answered in seconds, not flooded
        seen = counts[problem.check] = counts.get(problem.check, 0) + 1
        if seen <= MAX_PER_CHECK:
            problems.append(problem)

    try:
        data.decode("utf-8")  # checks the whole file once; the rows are decoded line by line
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PackageError(
            spec.path,
            [Problem(name, "", "", f"not UTF-8 (line {line}, byte {exc.start})", "encoding")],
        ) from None
    if b"\x00" in data:
        raise PackageError(
            spec.path, [Problem(name, "", "", "the file holds a NUL character", "csv")]
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    # Lines are decoded one at a time (no second copy of the whole file as text); csv joins the
    # lines of a quoted cell that spans several.
    lines = (line.decode("utf-8") for line in data.splitlines(keepends=True))
    reader = csv.reader(lines, delimiter=spec.delimiter, quotechar=spec.quote_char, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise PackageError(
            spec.path, [Problem(name, "", "", f"malformed CSV in the header: {exc}", "csv")]
        ) from None
    if header is None:
        raise PackageError(
            spec.path, [Problem(name, "", "", "the file is empty: no header row", "missing-label")]
        )
    order = _column_order(spec, header)
    table = Table(spec)
    decoders = [decoder(f, spec.missing_values) for f in spec.fields]
    # Plain optional text (most notes and titles) needs no call: an empty cell is None.
    plain = spec.missing_values == frozenset({""})
    fast: list[Decoder | None] = [
        None if plain and is_plain_text(f) else d
        for f, d in zip(spec.fields, decoders, strict=True)
    ]
    columns = spec.columns
    width = len(columns)
    key_index = [columns.index(k) for k in spec.primary_key]
    seen_unique: list[tuple[int, str, dict[object, str]]] = [
        (i, f.name, {})
        for i, f in enumerate(spec.fields)
        if f.unique and f.name not in spec.primary_key
    ]
    rows = table.rows
    try:
        for line, read_cells in enumerate(reader, start=2):
            cells = (
                [read_cells[i] for i in order]
                if order is not None and len(read_cells) == width
                else read_cells
            )
            if len(cells) != width:
                key = f"line {line}"
                if not cells:
                    report(Problem(name, key, "", "blank row", "blank-row"))
                else:
                    report(
                        Problem(
                            name,
                            key,
                            "",
                            f"{len(cells)} cells where the header has {width}",
                            "row-width",
                        )
                    )
                continue
            key = key_of([cells[i] for i in key_index]) if key_index else f"line {line}"
            if key in rows or key in table.rejected:
                field_name = ",".join(spec.primary_key)
                report(
                    Problem(
                        name, key, field_name, f"duplicate primary key (line {line})", "primary-key"
                    )
                )
                continue
            try:
                values: list[Value] = [
                    (cell or None) if decode is None else decode(cell)
                    for decode, cell in zip(fast, cells, strict=True)
                ]
                ok = True
            except CellError:
                values, ok = [], False
                for column, decode, cell in zip(columns, decoders, cells, strict=True):
                    try:
                        decode(cell)
                    except CellError as exc:  # report every bad cell of the row
                        report(Problem(name, key, column, str(exc), "type-error"))
            if not ok:
                table.rejected.add(key)
                continue
            for index, column, taken in seen_unique:
                value = values[index]
                if value is None:
                    continue
                if value in taken:
                    report(
                        Problem(
                            name,
                            key,
                            column,
                            f"{value!r} is also the value of {taken[value]}: it must be unique",
                            "unique",
                        )
                    )
                    ok = False
                else:
                    taken[value] = key
            if ok:
                rows[key] = tuple(values)
            else:
                table.rejected.add(key)
    except csv.Error as exc:
        raise PackageError(
            spec.path,
            [Problem(name, "", "", f"malformed CSV near line {reader.line_num}: {exc}", "csv")],
        ) from None
    for check, seen in counts.items():
        if seen > MAX_PER_CHECK:
            problems.append(
                Problem(
                    name,
                    "",
                    "",
                    f"... and {seen - MAX_PER_CHECK} more like these",
                    check,
                )
            )
    return table


def _column_order(spec: ResourceSpec, header: Sequence[str]) -> list[int] | None:
    """Return where each declared column sits in the header, or ``None`` if in order.

    Raises:
        PackageError: the header lacks a declared column, has an undeclared or repeated one,
            or (unless the resource allows any order) gives them in another order.
    """
    columns = spec.columns
    if tuple(header) == columns:
        return None
    if spec.any_column_order and len(set(header)) == len(header) and set(header) == set(columns):
        return [list(header).index(c) for c in columns]
    _check_header(spec, header)
    return None


def _check_header(spec: ResourceSpec, header: Sequence[str]) -> None:
    columns = spec.columns
    if tuple(header) == columns:
        return
    problems = [
        Problem(
            spec.name,
            "",
            column,
            "column declared in the descriptor is missing from the file",
            "missing-label",
        )
        for column in columns
        if column not in header
    ]
    problems += [
        Problem(
            spec.name,
            "",
            column,
            "column in the file is not declared in the descriptor",
            "extra-label",
        )
        for column in header
        if column not in columns
    ]
    if len(set(header)) != len(header):
        problems.append(
            Problem(spec.name, "", "", "the header names a column twice", "duplicate-label")
        )
    if not problems:
        problems.append(
            Problem(
                spec.name,
                "",
                "",
                f"the columns are not in the declared order ({', '.join(columns)})",
                "incorrect-label",
            )
        )
    raise PackageError(spec.path, problems)


def check_references(registry: Registry, tables: dict[str, Table], problems: list[Problem]) -> None:
    """Check every reference (foreign keys and list references) between loaded tables.

    A row whose reference is missing is reported and rejected; a row that refers to a row that
    was rejected for another reason is rejected silently, since its fault is already reported.
    Rejections propagate in the registry's load order.
    """
    for name in registry.load_order():
        table = tables.get(name)
        if table is None:
            continue
        refs = []
        for spec, target, target_field in table.spec.references():
            other = tables.get(target)
            if other is None:
                continue
            index = table.spec.columns.index(spec.name)
            keys, gone = _key_sets(other, target_field)
            refs.append((index, spec.name, spec.is_list, target, keys, gone))
        if not refs:
            continue
        for key in list(table.rows):
            row = table.rows[key]
            ok = True
            for index, column, many, target, keys, gone in refs:
                value = row[index]
                if value is None or value == ():
                    continue
                items: Iterable[Value] = value if many and isinstance(value, tuple) else (value,)
                for item in items:
                    if item in keys:
                        continue
                    ok = False
                    if item not in gone:
                        problems.append(
                            Problem(
                                name,
                                key,
                                column,
                                f"{item!r} is not a key of {target}",
                                "foreign-key",
                            )
                        )
            if not ok:
                del table.rows[key]
                table.rejected.add(key)


def _key_sets(table: Table, field_name: str) -> tuple[set[Value], set[Value]]:
    """Return the values of a key column among the valid rows and among the rejected rows."""
    spec = table.spec
    if spec.primary_key == (field_name,):
        return set(table.rows), set(table.rejected)
    index = spec.columns.index(field_name)
    return {row[index] for row in table.rows.values()}, set()


def read_tables(
    registry: Registry,
    problems: list[Problem],
    *,
    names: Iterable[str] | None = None,
    max_bytes: int = DEFAULT_MAX_RESOURCE_BYTES,
    verify: bool = True,
) -> dict[str, Table]:
    """Read resources of a checked package into tables and check references between them.

    Args:
        registry: the package.
        problems: row-level problems are appended here.
        names: the resources to read (default: all).
        max_bytes: the largest file accepted.
        verify: check each file's declared ``bytes`` and ``hash``.

    Raises:
        PackageError: a file is missing, unsafe, too large, tampered with (when ``verify``) or
            not readable as a table; every such file's problems are listed.
    """
    wanted = list(registry.resources) if names is None else list(names)
    tables: dict[str, Table] = {}
    fatal: list[Problem] = []
    for name in wanted:
        spec = registry.resources[name]
        try:
            tables[name] = parse_table(
                spec, read_bytes(spec, registry, max_bytes=max_bytes, verify=verify), problems
            )
        except PackageError as exc:
            fatal.extend(exc.problems)
    if fatal:
        raise PackageError(registry.descriptor_path, fatal)
    check_references(registry, tables, problems)
    return tables


def write_csv(
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    delimiter: str = ",",
    quote_char: str = '"',
) -> bytes:
    """Return CSV bytes (UTF-8, ``\\n`` line ends, minimal quoting) for a header and rows."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n", delimiter=delimiter, quotechar=quote_char)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")
