"""Read an untrusted ``datapackage.json`` and check it into a :class:`~kimtravel.registry.Registry`.

The descriptor is parsed with bounds (size, nesting depth, length of numbers; duplicate keys and
``NaN`` refused), then every property the library relies on is type-checked before use. What the
library cannot read faithfully (a compression, another encoding, a remote dialect or schema, a
field type it does not know) is refused in words rather than ignored. URLs are never fetched.
Every fault is a :class:`~kimtravel.errors.Problem` of resource ``package`` (or the resource's
name), collected so that a user sees them all at once.
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from types import MappingProxyType
from typing import Any

from kimtravel.errors import PackageError, Problem
from kimtravel.files import FileProblemError, path_text_problem, read_file
from kimtravel.registry import FieldSpec, Registry, ResourceSpec

DESCRIPTOR_NAME = "datapackage.json"
MAX_DESCRIPTOR_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 64
"""Deepest nesting of arrays and objects accepted in a descriptor."""
MAX_NUMBER_DIGITS = 40
MAX_PATTERN_LENGTH = 2000
TYPES = frozenset({"string", "integer", "number", "boolean", "date"})
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_HASH = re.compile(r"^(?:(sha256|md5):)?([0-9a-fA-F]+)$")
_DIGEST_LENGTH = {"sha256": 64, "md5": 32}
_CONSTRAINT_TYPES: dict[str, tuple[type, ...]] = {
    "required": (bool,),
    "unique": (bool,),
    "enum": (list,),
    "pattern": (str,),
    "minimum": (int, float),
    "maximum": (int, float),
    "exclusiveMinimum": (int, float),
    "exclusiveMaximum": (int, float),
    "minLength": (int,),
    "maxLength": (int,),
}
_JSON_TYPE = {
    "NoneType": "null",
    "bool": "a boolean",
    "int": "a number",
    "float": "a number",
    "str": "a string",
    "list": "a list",
    "dict": "an object",
}
"""Python's type names as a descriptor's author knows them (JSON's)."""
_NUMERIC = frozenset({"integer", "number"})
_CONSTRAINT_COLUMN_TYPES: dict[str, frozenset[str]] = {
    "minimum": _NUMERIC,
    "maximum": _NUMERIC,
    "exclusiveMinimum": _NUMERIC,
    "exclusiveMaximum": _NUMERIC,
    "minLength": frozenset({"string"}),
    "maxLength": frozenset({"string"}),
    "pattern": frozenset({"string"}),
}
"""The column types a constraint applies to (Table Schema refuses it on others)."""
_DIALECT_DEFAULTS: dict[str, object] = {
    "header": True,
    "headerRow": 1,
    "doubleQuote": True,
    "skipInitialSpace": False,
    "caseSensitiveHeader": False,
    "csvddfVersion": 1.2,
}


def _problem(field: str, message: str, check: str = "descriptor", key: str = "") -> Problem:
    return Problem("package", key, field, message, check)


def descriptor_path_of(path: object) -> Path:
    """Return the descriptor path for a ``datapackage.json`` path or a folder holding one.

    Raises:
        TypeError: ``path`` is not a string or path.
        PackageError: the path is empty, a URL, or not a usable file name.
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a str or os.PathLike, not {type(path).__name__}")
    text = os.fspath(path)
    if not isinstance(text, str):
        raise TypeError("path must be text, not bytes")
    reason = path_text_problem(text)
    if reason:
        raise PackageError(repr(text), [_problem("path", reason, "unsafe-path")])
    if "://" in text:
        raise PackageError(
            text,
            [_problem("path", "a URL is not a local package; nothing is fetched", "unsafe-path")],
        )
    try:
        p = Path(text).expanduser()
    except RuntimeError:  # "~someone" for a user the system does not know
        raise PackageError(
            text, [_problem("path", "names the home folder of an unknown user", "unsafe-path")]
        ) from None
    try:
        is_dir = p.is_dir()
    except (OSError, ValueError):
        is_dir = False
    return p / DESCRIPTOR_NAME if is_dir else p


def _depth_over(value: object, limit: int) -> bool:
    """Whether arrays and objects in a parsed JSON value nest deeper than ``limit`` (no recursion)."""
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values() if isinstance(v, (dict, list)))
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item if isinstance(v, (dict, list)))
    return False


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"the key {key!r} appears twice in one object")
        result[key] = value
    return result


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise ValueError(f"a number of {len(text)} digits is too long")
    return int(text)


def _bounded_float(text: str) -> float:
    if len(text) > MAX_NUMBER_DIGITS * 2:
        raise ValueError(f"a number of {len(text)} characters is too long")
    return float(text)


def _refuse_constant(text: str) -> Any:
    raise ValueError(f"{text} is not valid JSON")


def parse_json(data: bytes, where: str) -> Any:
    """Parse descriptor bytes with bounds.

    Raises:
        PackageError: not UTF-8, not JSON, nested deeper than :data:`MAX_DEPTH`, a duplicate key,
            an over-long number or ``NaN``.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PackageError(
            where, [_problem("", f"not UTF-8 at byte {exc.start}", "encoding")]
        ) from None
    too_deep = PackageError(
        where, [_problem("", f"arrays and objects nest more than {MAX_DEPTH} levels deep", "json")]
    )
    try:
        value = json.loads(
            text,
            object_pairs_hook=_no_duplicates,
            parse_int=_bounded_int,
            parse_float=_bounded_float,
            parse_constant=_refuse_constant,
        )
    except json.JSONDecodeError as exc:
        message = f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        raise PackageError(where, [_problem("", message, "json")]) from None
    except RecursionError:
        raise too_deep from None
    except ValueError as exc:
        raise PackageError(where, [_problem("", f"not usable JSON: {exc}", "json")]) from None
    if _depth_over(value, MAX_DEPTH):
        raise too_deep
    return value


def read_registry(path: object, *, max_bytes: int = MAX_DESCRIPTOR_BYTES) -> Registry:
    """Read and check a package descriptor.

    Returns:
        the package's :class:`Registry`.

    Raises:
        TypeError: ``path`` is not a string or path.
        PackageError: the descriptor is missing, unreadable, malformed, or declares something
            unsafe or unsupported; the error lists every problem.
    """
    dpath = descriptor_path_of(path)
    try:
        data = read_file(
            dpath, root=None, max_bytes=max_bytes, resource="package", field="", shown=str(dpath)
        )
    except FileProblemError as exc:
        raise PackageError(dpath, [exc.problem]) from None
    descriptor = parse_json(data, str(dpath))
    if not isinstance(descriptor, dict):
        raise PackageError(dpath, [_problem("", "the descriptor must be a JSON object")])
    try:
        root = Path(os.path.realpath(dpath.parent))
    except (OSError, ValueError) as exc:
        raise PackageError(dpath, [_problem("", f"its folder cannot be resolved: {exc}")]) from None
    problems: list[Problem] = []
    version = descriptor.get("version")
    if not isinstance(version, str) or not version:
        problems.append(_problem("version", "missing or not a string"))
        version = ""
    name = descriptor.get("name", "")
    if not isinstance(name, str):
        problems.append(_problem("name", "must be a string"))
        name = ""
    declared = descriptor.get("resources")
    if not isinstance(declared, list) or not declared:
        problems.append(_problem("resources", "missing, empty or not a list"))
        raise PackageError(dpath, problems)
    raw: dict[str, dict[str, Any]] = {}
    for index, item in enumerate(declared):
        checked = _resource_shape(index, item, problems)
        if checked is None:
            continue
        if checked["name"] in raw:
            problems.append(_problem("name", "two resources have this name", key=checked["name"]))
            continue
        raw[checked["name"]] = checked
    from kimtravel.records import MODELS  # the resources the library models must be read

    not_read = {
        rname: reason
        for rname, item in raw.items()
        if rname not in MODELS and (reason := _not_a_table(item))
    }
    for rname in not_read:
        del raw[rname]
    resources: dict[str, ResourceSpec] = {}
    refused_some = len(raw) + len(not_read) < len(declared)
    for rname, item in raw.items():
        spec = _resource_spec(root, rname, item, raw, problems, refused_some)
        if spec is not None:
            resources[rname] = spec
    if problems:
        raise PackageError(dpath, problems)
    return Registry(
        dpath.absolute(),
        root,
        version,
        name,
        MappingProxyType(resources),
        MappingProxyType(descriptor),
        MappingProxyType(not_read),
    )


def _not_a_table(item: dict[str, Any]) -> str:
    """Return why a resource is not a table kimtravel reads, or ``""`` if it is one."""
    schema = item.get("schema")
    if not isinstance(schema, dict):
        return "no inline Table Schema"
    if "data" in item:
        return "inline data"
    for key, allowed in (("format", {"csv"}), ("mediatype", {"text/csv"})):
        value = item.get(key)
        if value is not None and (not isinstance(value, str) or value.lower() not in allowed):
            return f"{key} {str(value)[:40]!r}, not CSV"
    path = item.get("path")
    if isinstance(path, str) and "format" not in item and not path.lower().endswith(".csv"):
        return "not a .csv file"
    for field in _raw_fields(item).values():
        ftype = field.get("type", "string")
        if isinstance(ftype, str) and ftype not in TYPES:
            return f"a {ftype[:20]!r} column"
    return ""


def _resource_shape(index: int, item: object, problems: list[Problem]) -> dict[str, Any] | None:
    """Check a resource's name; return it as a dict, or ``None`` after recording a problem."""
    if not isinstance(item, dict):
        problems.append(_problem(f"resources[{index}]", "a resource must be a JSON object"))
        return None
    name = item.get("name")
    if not isinstance(name, str) or not _NAME.match(name) or len(name) > 100:
        shown = repr(name)[:80]
        problems.append(
            _problem(
                f"resources[{index}].name",
                f"{shown} is not a resource name (lower-case letters, digits, '.', '_' or '-')",
            )
        )
        return None
    return item


def _resource_spec(
    root: Path,
    name: str,
    item: dict[str, Any],
    all_items: dict[str, dict[str, Any]],
    problems: list[Problem],
    refused_some: bool = False,
) -> ResourceSpec | None:
    before = len(problems)

    def bad(field: str, message: str, check: str = "descriptor") -> None:
        if refused_some and message.endswith("is not a resource of the package"):
            return  # a resource refused above: references to it would only repeat that fault
        problems.append(Problem(name, "", field, message, check))

    if "data" in item:
        bad("data", "inline data is not supported: the rows must be in a CSV file")
    if "extrapaths" in item:
        bad("extrapaths", "extra data files are not supported: the rows must be in the one 'path'")
    relpath = item.get("path")
    if not isinstance(relpath, str) or not relpath:
        bad("path", "must be one relative file path (a string)", "unsafe-path")
        relpath = None
    else:
        reason = unsafe_path_reason(root, relpath)
        if reason:
            bad("path", f"{relpath!r} refused: {reason}", "unsafe-path")
            relpath = None
    for key, allowed in (
        ("scheme", {"file"}),
        ("format", {"csv"}),
        ("mediatype", {"text/csv"}),
        ("compression", {"no", ""}),
    ):
        value = item.get(key)
        if value is not None and (not isinstance(value, str) or value.lower() not in allowed):
            bad(key, f"{value!r} is not supported: kimtravel reads uncompressed local CSV files")
    encoding = item.get("encoding")
    if encoding is not None and (
        not isinstance(encoding, str)
        or encoding.lower().replace("_", "-") not in {"utf-8", "utf8", "utf-8-sig"}
    ):
        bad("encoding", f"{encoding!r} is not supported: the CSV files must be UTF-8")
    delimiter, quote_char = _dialect(item.get("dialect"), bad)
    sha256 = md5 = None
    declared_hash = item.get("hash")
    if declared_hash is not None:
        match = _HASH.match(declared_hash) if isinstance(declared_hash, str) else None
        algo = (match.group(1) or "md5") if match else ""
        if not match or len(match.group(2)) != _DIGEST_LENGTH[algo]:
            bad(
                "hash",
                f"{str(declared_hash)[:100]!r} is not a sha256 or md5 hash ('sha256:<64 hex digits>')",
                "hash",
            )
        elif algo == "sha256":
            sha256 = match.group(2).lower()
        else:
            md5 = match.group(2).lower()
    declared_bytes = item.get("bytes")
    if declared_bytes is not None and (
        not isinstance(declared_bytes, int)
        or isinstance(declared_bytes, bool)
        or declared_bytes < 0
    ):
        bad("bytes", "must be a whole number of bytes")
        declared_bytes = None
    schema = item.get("schema")
    if not isinstance(schema, dict):
        bad(
            "schema", "must be an inline Table Schema (an object); a schema path or URL is not read"
        )
        return None
    fields = _fields(name, schema, all_items, bad)
    missing = schema.get("missingValues", [""])
    if not isinstance(missing, list) or not all(isinstance(v, str) for v in missing):
        bad("schema.missingValues", "must be a list of strings")
        missing = [""]
    primary_key = _key_list(schema.get("primaryKey", []), "schema.primaryKey", bad)
    names = _column_names(item)  # as declared: a field refused above is not also missing here
    for column in primary_key:
        if column not in names:
            bad("schema.primaryKey", f"{column!r} is not a column of {name!r}")
    _foreign_keys(name, schema.get("foreignKeys", []), names, all_items, bad)
    fields_match = schema.get("fieldsMatch", "exact")
    if fields_match not in ("exact", "equal"):
        bad(
            "schema.fieldsMatch",
            f"{str(fields_match)[:20]!r} is not supported ('exact', or 'equal': the same "
            "columns in any order)",
        )
        fields_match = "exact"
    for text_key in ("title", "description"):
        if text_key in item and not isinstance(item[text_key], str):
            bad(text_key, "must be a string")
    ext = item.get("kimtravel", {})
    removals = ext.get("removals", "major") if isinstance(ext, dict) else None
    if removals not in ("major", "minor", "patch"):
        bad("kimtravel.removals", "must be 'major', 'minor' or 'patch'")
        removals = "major"
    if len(problems) > before or fields is None or relpath is None:
        return None
    return ResourceSpec(
        name=name,
        relpath=relpath,
        path=root / relpath,
        fields=fields,
        primary_key=tuple(primary_key),
        missing_values=frozenset(missing),
        delimiter=delimiter,
        quote_char=quote_char,
        sha256=sha256,
        md5=md5,
        bytes=declared_bytes,
        title=str(item.get("title", "")),
        description=str(item.get("description", "")),
        removals=str(removals),
        any_column_order=fields_match == "equal",
    )


def _dialect(dialect: object, bad: Callable[[str, str], None]) -> tuple[str, str]:
    """Return the CSV delimiter and quote character a dialect declares (refusing the rest)."""
    if dialect is None:
        return ",", '"'
    if not isinstance(dialect, dict):
        bad(
            "dialect",
            "must be an inline object; a dialect path or URL is not read (nothing is fetched)",
        )
        return ",", '"'
    delimiter = dialect.get("delimiter", ",")
    quote_char = dialect.get("quoteChar", '"')
    for key, value in (("delimiter", delimiter), ("quoteChar", quote_char)):
        if not isinstance(value, str) or len(value) != 1 or value in "\r\n":
            bad(f"dialect.{key}", f"{value!r} must be one character")
    if delimiter == quote_char:
        bad("dialect", "the delimiter and the quote character must differ")
    terminator = dialect.get("lineTerminator", "\r\n")
    if terminator not in ("\r\n", "\n", "\r"):
        bad("dialect.lineTerminator", f"{str(terminator)[:20]!r} must be a line ending")
    for key, value in dialect.items():
        if key in ("delimiter", "quoteChar", "lineTerminator", "$schema", "profile"):
            continue
        if key in _DIALECT_DEFAULTS:
            if value != _DIALECT_DEFAULTS[key]:
                bad(
                    f"dialect.{key}",
                    f"{value!r} is not supported (only {_DIALECT_DEFAULTS[key]!r})",
                )
        else:
            bad(f"dialect.{key}", "is not supported by kimtravel's CSV reader")
    ok = isinstance(delimiter, str) and isinstance(quote_char, str)
    return (delimiter, quote_char) if ok else (",", '"')


def _raw_fields(item: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    """Return the fields a resource's raw descriptor declares, by name (none if malformed)."""
    schema = item.get("schema") if item else None
    fields = schema.get("fields") if isinstance(schema, dict) else None
    if not isinstance(fields, list):
        return {}
    return {f["name"]: f for f in fields if isinstance(f, dict) and isinstance(f.get("name"), str)}


def _column_names(item: dict[str, Any]) -> set[str]:
    """Return the column names a resource's raw descriptor declares."""
    return set(_raw_fields(item))


def _list_columns(item: dict[str, Any]) -> set[str]:
    """Return the names of the columns a resource's raw descriptor declares as lists."""
    return {
        name
        for name, f in _raw_fields(item).items()
        if isinstance(f.get("kimtravel"), dict) and "delimiter" in f["kimtravel"]
    }


def _key_list(value: object, where: str, bad: Callable[[str, str], None]) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    bad(where, "must be a column name or a list of column names")
    return []


def _foreign_keys(
    name: str,
    declared: object,
    names: set[str],
    all_items: dict[str, dict[str, Any]],
    bad: Callable[[str, str], None],
) -> None:
    if not isinstance(declared, list):
        bad("schema.foreignKeys", "must be a list of objects")
        return
    for i, fk in enumerate(declared):
        where = f"schema.foreignKeys[{i}]"
        if not isinstance(fk, dict) or not isinstance(fk.get("reference"), dict):
            bad(where, "must be an object with 'fields' and a 'reference' object")
            continue
        fields = _key_list(fk.get("fields"), f"{where}.fields", bad)
        reference = fk["reference"]
        target = reference.get("resource", "")
        target_fields = _key_list(reference.get("fields"), f"{where}.reference.fields", bad)
        if not isinstance(target, str):
            bad(f"{where}.reference.resource", "must be a resource name")
            continue
        target = target or name
        if len(fields) != len(target_fields) or len(fields) != 1:
            bad(where, "kimtravel supports single-column foreign keys only")
            continue
        if "package" in reference:
            bad(
                f"{where}.reference.package",
                "a reference to another package is not supported (nothing is fetched)",
            )
        if fields[0] not in names:
            bad(f"{where}.fields", f"{fields[0]!r} is not a column of {name!r}")
        elif fields[0] in _list_columns(all_items.get(name, {})):
            bad(
                f"{where}.fields",
                f"{fields[0]!r} is a list column: its reference goes in the field's "
                "'kimtravel.reference' (a foreign key compares whole cells)",
            )
        if target not in all_items:
            bad(f"{where}.reference.resource", f"{target!r} is not a resource of the package")
        elif target_fields[0] not in _column_names(all_items[target]):
            bad(
                f"{where}.reference.fields",
                f"{target_fields[0]!r} is not a column of {target!r}",
            )


def _fields(
    name: str,
    schema: dict[str, Any],
    all_items: dict[str, dict[str, Any]],
    bad: Callable[[str, str], None],
) -> tuple[FieldSpec, ...] | None:
    declared = schema.get("fields")
    if not isinstance(declared, list) or not declared:
        bad("schema.fields", "must be a non-empty list of fields")
        return None
    foreign = {}
    fks = schema.get("foreignKeys", [])
    if isinstance(fks, list):
        for fk in fks:
            if isinstance(fk, dict) and isinstance(fk.get("reference"), dict):
                cols = fk.get("fields")
                ref = fk["reference"]
                target_cols = ref.get("fields")
                col = cols[0] if isinstance(cols, list) and cols else cols
                tcol = (
                    target_cols[0] if isinstance(target_cols, list) and target_cols else target_cols
                )
                target = ref.get("resource", "") or name
                if isinstance(col, str) and isinstance(tcol, str) and isinstance(target, str):
                    foreign[col] = (target, tcol)
    specs: list[FieldSpec] = []
    seen: set[str] = set()
    for i, field in enumerate(declared):
        spec = _field(name, i, field, foreign, all_items, bad)
        if spec is None:
            continue
        if spec.name in seen:
            bad(f"schema.fields[{i}]", f"the column {spec.name!r} is declared twice")
            continue
        seen.add(spec.name)
        specs.append(spec)
    return tuple(specs) if len(specs) == len(declared) else None


def _field(
    resource: str,
    index: int,
    field: object,
    foreign: dict[str, tuple[str, str]],
    all_items: dict[str, dict[str, Any]],
    bad: Callable[[str, str], None],
) -> FieldSpec | None:
    where = f"schema.fields[{index}]"
    if not isinstance(field, dict) or not isinstance(field.get("name"), str) or not field["name"]:
        bad(where, "a field must be an object with a non-empty 'name'")
        return None
    fname: str = field["name"]
    where = f"schema.fields[{fname!r}]"
    ftype = field.get("type", "string")
    ok = True
    for text_key in ("title", "description"):
        if text_key in field and not isinstance(field[text_key], str):
            bad(f"{where}.{text_key}", "must be a string")
            ok = False
    if not isinstance(ftype, str) or ftype not in TYPES:
        bad(
            f"{where}.type",
            f"{str(ftype)[:40]!r} is not supported (kimtravel reads {', '.join(sorted(TYPES))})",
        )
        ok = False
    fmt = field.get("format", "default")
    allowed_formats = {"string": {"default", "uri", "email", "uuid"}}.get(str(ftype), {"default"})
    if not isinstance(fmt, str) or fmt not in allowed_formats:
        bad(f"{where}.format", f"{str(fmt)[:40]!r} is not supported for a {ftype} column")
        ok = False
    constraints = field.get("constraints", {})
    if not isinstance(constraints, dict):
        bad(f"{where}.constraints", "must be an object")
        return None
    for key, value in constraints.items():
        expected = _CONSTRAINT_TYPES.get(key)
        if expected is None:
            bad(f"{where}.constraints.{key}", "is not a constraint kimtravel checks")
            ok = False
        elif not isinstance(value, expected) or (isinstance(value, bool) and bool not in expected):
            wanted = " or ".join(sorted({_JSON_TYPE.get(t.__name__, t.__name__) for t in expected}))
            bad(
                f"{where}.constraints.{key}",
                f"must be {wanted}, not {_JSON_TYPE.get(type(value).__name__, 'that')}",
            )
            ok = False
        elif (
            key in _CONSTRAINT_COLUMN_TYPES
            and isinstance(ftype, str)
            and ftype in TYPES  # an unknown type is reported once, above
            and ftype not in _CONSTRAINT_COLUMN_TYPES[key]
        ):
            bad(
                f"{where}.constraints.{key}",
                f"is not a constraint of a {str(ftype)[:20]} column (Table Schema)",
            )
            ok = False
    enum = constraints.get("enum")
    if isinstance(enum, list) and not all(isinstance(v, str) for v in enum):
        bad(f"{where}.constraints.enum", "must list strings (as they are written in the CSV)")
        ok = False
    elif enum is not None and not isinstance(enum, list):
        ok = False  # already reported as the wrong type above
    pattern = None
    if isinstance(constraints.get("pattern"), str):
        pattern, reason = compile_pattern(constraints["pattern"])
        if reason:
            bad(f"{where}.constraints.pattern", reason)
            ok = False
    bool_values = {}
    for key in ("trueValues", "falseValues"):
        values = field.get(key)
        if values is not None and (
            not isinstance(values, list) or not all(isinstance(v, str) for v in values)
        ):
            bad(f"{where}.{key}", "must be a list of strings")
            ok = False
        elif values is not None:
            bool_values[key] = tuple(values)
    ext = field.get("kimtravel", {})
    if not isinstance(ext, dict):
        bad(f"{where}.kimtravel", "must be an object")
        return None
    delimiter = ext.get("delimiter")
    if delimiter is not None and (not isinstance(delimiter, str) or len(delimiter) != 1):
        bad(f"{where}.kimtravel.delimiter", "must be one character")
        ok = False
    reference = foreign.get(fname)
    ext_ref = ext.get("reference")
    if ext_ref is not None:
        target = ext_ref.get("resource") if isinstance(ext_ref, dict) else None
        tfields = ext_ref.get("fields") if isinstance(ext_ref, dict) else None
        if (
            not isinstance(target, str)
            or not isinstance(tfields, list)
            or len(tfields) != 1
            or not isinstance(tfields[0], str)
        ):
            bad(f"{where}.kimtravel.reference", "must be {'resource': NAME, 'fields': [COLUMN]}")
            ok = False
        elif target not in all_items:
            bad(f"{where}.kimtravel.reference", f"{target!r} is not a resource of the package")
            ok = False
        elif tfields[0] not in _column_names(all_items[target]):
            bad(f"{where}.kimtravel.reference", f"{tfields[0]!r} is not a column of {target!r}")
            ok = False
        else:
            reference = (target, tfields[0])
    items_of = ext.get("itemsOf")
    if items_of is not None:
        item_enum = _items_of(items_of, all_items)
        if item_enum is None:
            if not _declares_enum(items_of, all_items):  # else its own fault is reported there
                bad(f"{where}.kimtravel.itemsOf", "must name a resource and a column with an enum")
            ok = False
        else:
            enum = item_enum
    edtf = ext.get("format")
    if edtf not in (None, "edtf"):
        bad(f"{where}.kimtravel.format", f"{str(edtf)[:40]!r} is not supported (only 'edtf')")
        ok = False
    definitions = ext.get("definitions", {})
    if not isinstance(definitions, dict) or not all(
        isinstance(v, str) for v in definitions.values()
    ):
        bad(f"{where}.kimtravel.definitions", "must map each value to its meaning (text)")
        definitions = {}
    description = field.get("description", "")
    if not ok:
        return None
    return FieldSpec(
        name=fname,
        type=str(ftype),
        description=description if isinstance(description, str) else "",
        required=bool(constraints.get("required", False)),
        unique=bool(constraints.get("unique", False)),
        enum=tuple(enum) if enum is not None else None,
        pattern=pattern,
        minimum=constraints.get("minimum"),
        maximum=constraints.get("maximum"),
        exclusive_minimum=constraints.get("exclusiveMinimum"),
        exclusive_maximum=constraints.get("exclusiveMaximum"),
        min_length=constraints.get("minLength"),
        max_length=constraints.get("maxLength"),
        format="edtf" if edtf == "edtf" else str(fmt),
        delimiter=delimiter,
        reference=reference,
        definitions=MappingProxyType(dict(definitions)),
        **_bool_kwargs(bool_values),
    )


def _bool_kwargs(values: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    out = {}
    if "trueValues" in values:
        out["true_values"] = values["trueValues"]
    if "falseValues" in values:
        out["false_values"] = values["falseValues"]
    return out


def _items_of_target(items_of: object, all_items: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Return the raw field an ``itemsOf`` names (empty if it names none)."""
    if not isinstance(items_of, dict):
        return {}
    fields = _raw_fields(all_items.get(str(items_of.get("resource"))))
    return fields.get(str(items_of.get("field")), {})


def _declares_enum(items_of: object, all_items: dict[str, dict[str, Any]]) -> bool:
    """Return whether ``itemsOf`` names a column that declares an ``enum`` (even a bad one)."""
    constraints = _items_of_target(items_of, all_items).get("constraints")
    return isinstance(constraints, dict) and "enum" in constraints


def _items_of(items_of: object, all_items: dict[str, dict[str, Any]]) -> list[str] | None:
    """Return the vocabulary an ``itemsOf`` names, less its ``except`` values, or ``None``."""
    constraints = _items_of_target(items_of, all_items).get("constraints")
    enum = constraints.get("enum") if isinstance(constraints, dict) else None
    excluded = items_of.get("except", []) if isinstance(items_of, dict) else []
    if (
        isinstance(enum, list)
        and all(isinstance(v, str) for v in enum)
        and isinstance(excluded, list)
    ):
        return [v for v in enum if v not in excluded]
    return None


@functools.lru_cache(maxsize=256)  # one pattern serves many columns (every list of ids)
def compile_pattern(pattern: str) -> tuple[re.Pattern[str] | None, str]:
    """Compile a declared ``pattern``, refusing one that is invalid or could run for too long.

    A pattern whose matching can backtrack exponentially (``^([A-Za-z]+ ?)*$``) or polynomially
    (``[a-z]*[a-z]*!``) is refused before any cell or other tool meets it; the test reads the
    parsed pattern (:mod:`kimtravel.patterns`), so it does not depend on timing or load.

    Returns:
        the compiled pattern (anchored to the whole cell) and ``""``, or ``None`` and the reason.
    """
    if len(pattern) > MAX_PATTERN_LENGTH:
        return None, f"is {len(pattern)} characters long, over the limit of {MAX_PATTERN_LENGTH}"
    try:
        compiled = re.compile(f"(?:{pattern})\\Z")
    except (re.error, RecursionError, OverflowError) as exc:
        return None, f"is not a valid regular expression: {exc}"
    from kimtravel.patterns import can_backtrack_badly

    try:
        polynomial = can_backtrack_badly(pattern)
    except (re.error, RecursionError, OverflowError):  # parsed above; kept for safety
        polynomial = True
    if polynomial:
        return None, (
            "could take exponential or polynomial time to match (repetitions that can take the "
            "same characters, such as [a-z]*[a-z]* or (a+)+); refused"
        )
    return compiled, ""


def unsafe_path_reason(root: Path, relpath: str) -> str:
    """Return why a resource path is unsafe, or ``""`` when it names a file inside ``root``."""
    reason = path_text_problem(relpath)
    if reason:
        return reason
    if "://" in relpath or relpath.startswith("//"):
        return "URLs are not read; nothing is fetched over the network"
    if (
        os.path.isabs(relpath)
        or relpath.startswith(("/", "\\"))
        or (len(relpath) > 1 and relpath[1] == ":")
    ):
        return "absolute paths are not allowed"
    if ".." in Path(relpath).parts or ".." in relpath.replace("\\", "/").split("/"):
        return "the path climbs out of the package folder"
    try:
        resolved = Path(os.path.realpath(root / relpath))
    except (OSError, ValueError) as exc:
        return f"it cannot be resolved ({exc})"
    if not resolved.is_relative_to(root):
        return "the path leads out of the package folder (through a link)"
    return ""
