"""Export a package to one SQLite database (standard library ``sqlite3``), with real types.

Each resource becomes a table with its declared columns: integers and numbers as ``INTEGER`` and
``REAL``, booleans as ``INTEGER`` 0/1, dates as ISO ``TEXT``, list columns as JSON arrays in
``TEXT``. The primary key and single-column foreign keys are declared. Every list column also gets
a link table ``<resource>__<column>`` (the row's key columns, ``position``, ``value``), with a
foreign key to the resource it refers to, so that SQL can join through lists. Opens in Datasette,
DBeaver or any SQL tool.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import tempfile
from pathlib import Path

from kimtravel.db import Dataset
from kimtravel.registry import FieldSpec, Registry, ResourceSpec
from kimtravel.safewrite import OutputError, check_target, write_file

_SQL_TYPES = {
    "integer": "INTEGER",
    "number": "REAL",
    "boolean": "INTEGER",
    "date": "TEXT",
    "string": "TEXT",
}


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _column_sql(field: FieldSpec) -> str:
    kind = "TEXT" if field.is_list else _SQL_TYPES[field.type]
    parts = [_quote(field.name), kind]
    if field.required:
        parts.append("NOT NULL")
    if field.type == "boolean" and not field.is_list:
        parts.append(f"CHECK ({_quote(field.name)} IN (0, 1))")
    return " ".join(parts)


def _table_sql(spec: ResourceSpec, known: set[str]) -> str:
    lines = [_column_sql(f) for f in spec.fields]
    if spec.primary_key:
        lines.append(f"PRIMARY KEY ({', '.join(_quote(k) for k in spec.primary_key)})")
    for field in spec.fields:
        if field.reference and not field.is_list and field.reference[0] in known:
            target, key = field.reference
            lines.append(
                f"FOREIGN KEY ({_quote(field.name)}) REFERENCES {_quote(target)} ({_quote(key)})"
            )
    return f"CREATE TABLE {_quote(spec.name)} (\n  " + ",\n  ".join(lines) + "\n)"


def _sql_value(field: FieldSpec, value: object) -> object:
    if value is None:
        return None
    if isinstance(value, tuple):
        return json.dumps(
            [v.isoformat() if isinstance(v, dt.date) else v for v in value], ensure_ascii=False
        )
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _check_names(registry: Registry) -> dict[tuple[str, str], str]:
    """Return the link table's name of each list column, by (resource, column).

    A link table is named ``<resource>__<column>``, with ``__list`` (and a number) added when a
    resource of the package already has that name; SQLite names ignore case, so that is how they
    are compared.

    Raises:
        OutputError: a resource has two columns whose names differ only in case.
    """
    taken = {name.casefold() for name in registry.resources}
    names: dict[tuple[str, str], str] = {}
    for spec in registry.resources.values():
        seen: dict[str, str] = {}
        for column in spec.columns:
            other = seen.setdefault(column.casefold(), column)
            if other != column:
                raise OutputError(
                    f"cannot export {spec.name!r} to SQLite: its columns {other!r} and {column!r} "
                    "differ only in case, which SQLite does not tell apart"
                )
        if not spec.primary_key:
            continue  # no key to link by: list cells stay JSON text in the table itself
        for field in spec.fields:
            if field.is_list:
                name, n = f"{spec.name}__{field.name}", 1
                while name.casefold() in taken:
                    n += 1
                    name = f"{spec.name}__{field.name}__list" + (str(n) if n > 2 else "")
                taken.add(name.casefold())
                names[(spec.name, field.name)] = name
    return names


def build_sqlite(dataset: Dataset, path: Path) -> None:
    """Write every resource of a dataset into a new SQLite database file at ``path``.

    Raises:
        OutputError: the package cannot be written as SQLite (names SQLite cannot tell apart).
        sqlite3.Error: SQLite refused something else.
    """
    registry = dataset.registry
    known = set(registry.resources)
    links = _check_names(registry)
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        for name in registry.load_order():
            spec = registry.resources[name]
            connection.execute(_table_sql(spec, known))
            for field in spec.fields:
                if (name, field.name) in links:
                    _link_table(connection, spec, field, known, links[(name, field.name)])
            table = dataset.tables[name]
            marks = ", ".join("?" for _ in spec.fields)
            connection.executemany(
                f"INSERT INTO {_quote(name)} VALUES ({marks})",
                (
                    [_sql_value(f, v) for f, v in zip(spec.fields, row, strict=True)]
                    for row in table.rows.values()
                ),
            )
        for name in registry.load_order():
            spec = registry.resources[name]
            for field in spec.fields:
                if (name, field.name) in links:
                    _fill_link(connection, dataset, spec, field, links[(name, field.name)])
        connection.execute("CREATE TABLE _package (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        connection.executemany(
            "INSERT INTO _package VALUES (?, ?)",
            [("name", registry.name), ("version", registry.version)],
        )
        connection.commit()
        problems = connection.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise OutputError(f"the SQLite export fails its foreign key check: {problems[:3]}")
    finally:
        connection.close()


def _link_table(
    connection: sqlite3.Connection,
    spec: ResourceSpec,
    field: FieldSpec,
    known: set[str],
    link: str,
) -> None:
    keys = [(k, _SQL_TYPES[spec.field(k).type]) for k in spec.primary_key]
    lines = [f"{_quote(k)} {t} NOT NULL" for k, t in keys]
    lines += ["position INTEGER NOT NULL", "value TEXT NOT NULL"]
    lines.append(f"PRIMARY KEY ({', '.join(_quote(k) for k, _ in keys)}, position)")
    if keys:
        lines.append(
            f"FOREIGN KEY ({', '.join(_quote(k) for k, _ in keys)}) REFERENCES {_quote(spec.name)} "
            f"({', '.join(_quote(k) for k, _ in keys)})"
        )
    if field.reference and field.reference[0] in known:
        target, key = field.reference
        lines.append(f"FOREIGN KEY (value) REFERENCES {_quote(target)} ({_quote(key)})")
    connection.execute(f"CREATE TABLE {_quote(link)} (\n  " + ",\n  ".join(lines) + "\n)")


def _fill_link(
    connection: sqlite3.Connection,
    dataset: Dataset,
    spec: ResourceSpec,
    field: FieldSpec,
    link: str,
) -> None:
    index = spec.columns.index(field.name)
    key_index = [spec.columns.index(k) for k in spec.primary_key]
    marks = ", ".join("?" for _ in range(len(key_index) + 2))
    rows = []
    for row in dataset.tables[spec.name].rows.values():
        items = row[index]
        for position, item in enumerate(items if isinstance(items, tuple) else (), start=1):
            rows.append(
                [_sql_value(spec.field(spec.columns[i]), row[i]) for i in key_index]
                + [position, str(item)]
            )
    connection.executemany(f"INSERT INTO {_quote(link)} VALUES ({marks})", rows)


def export_sqlite(dataset: Dataset, target: str | Path, *, force: bool = False) -> Path:
    """Write the dataset as a SQLite database file, never overwriting unless ``force``.

    Returns:
        the path written.

    Raises:
        kimtravel.safewrite.OutputError: the target exists (without ``force``) or cannot be
            written, or the package cannot be written as SQLite.
    """
    check_target(Path(target), force=force, folder=False)  # before any work
    with tempfile.TemporaryDirectory() as folder:
        temp = Path(folder) / "kimtravel.sqlite"
        try:
            build_sqlite(dataset, temp)
        except sqlite3.Error as exc:
            raise OutputError(f"cannot export to SQLite: {exc}") from None
        return write_file(target, temp.read_bytes(), force=force)
