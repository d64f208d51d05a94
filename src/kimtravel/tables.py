"""Read and write the package's CSV tables (UTF-8, header row, ``;``-separated list cells)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from kimtravel.errors import PackageError, Problem
from kimtravel.package import ResourceFile


def parse_csv(resource: ResourceFile, data: bytes) -> tuple[tuple[str, ...], list[list[str]]]:
    """Parse a resource's CSV bytes.

    Returns:
        the header and the data rows (lists of cell strings, one per header column).

    Raises:
        PackageError: the file is not UTF-8, not well-formed CSV, has no header, has a header that
            lacks a declared column, or has a row with the wrong number of cells.
    """
    name = resource.name
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PackageError(
            resource.path,
            [Problem(name, "", "", f"not UTF-8 (line {line}, byte {exc.start})", "encoding")],
        ) from None
    # csv's own cell limit (131,072 characters) stops an unclosed quote from swallowing the
    # file; it is process-wide, so it is left as it is rather than changed under other threads.
    try:
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        try:
            header = tuple(next(reader))
        except StopIteration:
            raise PackageError(
                resource.path,
                [Problem(name, "", "", "the file is empty: no header row", "missing-label")],
            ) from None
        rows = list(reader)
    except csv.Error as exc:
        raise PackageError(
            resource.path,
            [Problem(name, "", "", f"malformed CSV near line {reader.line_num}: {exc}", "csv")],
        ) from None
    problems = [
        Problem(
            name,
            "",
            column,
            "column declared in the descriptor is missing from the header",
            "missing-label",
        )
        for column in resource.fields
        if column not in header
    ]
    width = len(header)
    for index, row in enumerate(rows):
        if len(row) != width:
            if not row:
                problems.append(Problem(name, f"line {index + 2}", "", "blank row", "blank-row"))
            else:
                problems.append(
                    Problem(
                        name,
                        f"line {index + 2}",
                        "",
                        f"{len(row)} cells where the header has {width}",
                        "row-width",
                    )
                )
    if problems:
        raise PackageError(resource.path, problems)
    return header, rows


def write_csv(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    """Return CSV bytes (UTF-8, ``\\n`` line ends, minimal quoting) for a header and rows."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")
