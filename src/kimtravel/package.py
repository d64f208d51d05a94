"""Open a data package safely: locate the descriptor, check resource paths, sizes and hashes.

A package is untrusted input. Resource paths must be relative and stay inside the package
folder; URLs are refused (nothing is ever fetched); every file is read with a size limit; a
declared ``bytes`` or ``hash`` that does not match the file is a problem, not a warning.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kimtravel.errors import PackageError, Problem

DESCRIPTOR_NAME = "datapackage.json"
RESOURCE_NAMES = ("trips", "legs", "events", "places", "people", "countries", "sources")
"""Resources every kimtravel package has, in the order they are loaded."""

MAX_DESCRIPTOR_BYTES = 4 * 1024 * 1024
DEFAULT_MAX_RESOURCE_BYTES = 1024 * 1024 * 1024
"""Largest resource file read by default (1 GiB); pass ``max_bytes`` to change it."""


@dataclass(frozen=True, slots=True)
class ResourceFile:
    """One tabular resource as the descriptor declares it.

    Attributes:
        name: resource name (``trips``).
        path: absolute path of the CSV file, inside the package folder.
        relpath: the path as written in the descriptor (``data/trips.csv``).
        fields: column names the Table Schema declares, in order.
        field_types: the Table Schema ``type`` of each column, in the same order.
        primary_key: the primary key's column names.
        sha256: declared hex digest, or ``None`` when the descriptor declares none.
        bytes: declared size, or ``None`` when the descriptor declares none.
    """

    name: str
    path: Path
    relpath: str
    fields: tuple[str, ...]
    field_types: tuple[str, ...]
    primary_key: tuple[str, ...]
    sha256: str | None
    bytes: int | None


@dataclass(frozen=True, slots=True)
class PackageFiles:
    """A descriptor that was read and checked, with its resources.

    Attributes:
        descriptor_path: absolute path of ``datapackage.json``.
        root: the folder holding it; resource paths are relative to it.
        descriptor: the parsed descriptor.
        version: the package's ``version``.
        resources: resources by name.
    """

    descriptor_path: Path
    root: Path
    descriptor: dict[str, Any]
    version: str
    resources: dict[str, ResourceFile]


def descriptor_path_of(path: str | os.PathLike[str]) -> Path:
    """Return the descriptor path for a ``datapackage.json`` path or a folder holding one.

    Raises:
        TypeError: ``path`` is not a string or path.
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a str or os.PathLike, not {type(path).__name__}")
    text = os.fspath(path)
    if "://" in text:
        raise PackageError(
            text,
            [_problem("path", "a URL is not a local package; nothing is fetched", "unsafe-path")],
        )
    p = Path(text).expanduser()
    return p / DESCRIPTOR_NAME if p.is_dir() else p


def _problem(field: str, message: str, check: str, key: str = "") -> Problem:
    return Problem("package", key, field, message, check)


def read_descriptor(path: str | os.PathLike[str]) -> PackageFiles:
    """Read and check a package descriptor.

    Returns:
        the checked :class:`PackageFiles`.

    Raises:
        TypeError: ``path`` is not a string or path.
        PackageError: the descriptor is missing, too large, not JSON, lacks a resource, or
            declares a resource path that is absolute, a URL or outside the package folder.
    """
    dpath = descriptor_path_of(path)
    if not dpath.is_file():
        raise PackageError(dpath, [_problem("", "no such file", "missing-file")])
    size = dpath.stat().st_size
    if size > MAX_DESCRIPTOR_BYTES:
        raise PackageError(
            dpath,
            [
                _problem(
                    "",
                    f"descriptor is {size} bytes, over the {MAX_DESCRIPTOR_BYTES} limit",
                    "too-large",
                )
            ],
        )
    try:
        descriptor = json.loads(dpath.read_bytes().decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise PackageError(
            dpath, [_problem("", f"not UTF-8 at byte {exc.start}", "encoding")]
        ) from None
    except json.JSONDecodeError as exc:
        raise PackageError(
            dpath,
            [
                _problem(
                    "",
                    f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}",
                    "json",
                )
            ],
        ) from None
    if not isinstance(descriptor, dict):
        raise PackageError(
            dpath, [_problem("", "the descriptor must be a JSON object", "descriptor")]
        )
    root = dpath.parent.resolve()
    problems: list[Problem] = []
    version = descriptor.get("version")
    if not isinstance(version, str) or not version:
        problems.append(_problem("version", "missing or not a string", "descriptor"))
        version = ""
    declared = descriptor.get("resources")
    if not isinstance(declared, list):
        raise PackageError(
            dpath, [*problems, _problem("resources", "missing or not a list", "descriptor")]
        )
    resources: dict[str, ResourceFile] = {}
    for index, item in enumerate(declared):
        resource = _resource_file(root, index, item, problems)
        if resource is not None:
            resources[resource.name] = resource
    for name in RESOURCE_NAMES:
        if name not in resources and not any(p.key == name for p in problems):
            problems.append(
                _problem("resources", f"no resource named {name!r}", "descriptor", key=name)
            )
    if problems:
        raise PackageError(dpath, problems)
    return PackageFiles(dpath.resolve(), root, descriptor, version, resources)


def _resource_file(
    root: Path, index: int, item: object, problems: list[Problem]
) -> ResourceFile | None:
    if not isinstance(item, dict) or not isinstance(item.get("name"), str):
        problems.append(
            _problem(
                f"resources[{index}]", "a resource must be an object with a name", "descriptor"
            )
        )
        return None
    name: str = item["name"]
    relpath = item.get("path")
    if not isinstance(relpath, str) or not relpath:
        problems.append(
            _problem("path", "must be one relative file path (a string)", "unsafe-path", key=name)
        )
        return None
    reason = _unsafe_path_reason(root, relpath)
    if reason:
        problems.append(_problem("path", f"{relpath!r} refused: {reason}", "unsafe-path", key=name))
        return None
    schema = item.get("schema")
    fields_decl = schema.get("fields") if isinstance(schema, dict) else None
    if not isinstance(fields_decl, list) or not all(
        isinstance(f, dict) and isinstance(f.get("name"), str) for f in fields_decl
    ):
        problems.append(
            _problem(
                "schema", "must be an inline Table Schema with named fields", "descriptor", key=name
            )
        )
        return None
    fields = tuple(str(f["name"]) for f in fields_decl)
    field_types = tuple(str(f.get("type", "string")) for f in fields_decl)
    pk = schema.get("primaryKey", ()) if isinstance(schema, dict) else ()
    primary_key = (pk,) if isinstance(pk, str) else tuple(str(k) for k in pk)
    sha256 = None
    declared_hash = item.get("hash")
    if declared_hash is not None:
        text = str(declared_hash)
        algo, _, digest = text.partition(":") if ":" in text else ("md5", "", text)
        if algo != "sha256":
            problems.append(
                _problem(
                    "hash", f"only sha256 hashes are supported, got {algo!r}", "hash", key=name
                )
            )
        sha256 = digest.lower()
    declared_bytes = item.get("bytes")
    if declared_bytes is not None and (
        not isinstance(declared_bytes, int) or isinstance(declared_bytes, bool)
    ):
        problems.append(_problem("bytes", "must be an integer", "descriptor", key=name))
        declared_bytes = None
    return ResourceFile(
        name,
        (root / relpath).resolve(),
        relpath,
        fields,
        field_types,
        primary_key,
        sha256,
        declared_bytes,
    )


def _unsafe_path_reason(root: Path, relpath: str) -> str:
    """Return why a resource path is unsafe, or ``""`` when it is a file inside ``root``."""
    if "://" in relpath or relpath.startswith("//"):
        return "URLs are not read; nothing is fetched over the network"
    if (
        os.path.isabs(relpath)
        or relpath.startswith(("/", "\\"))
        or (len(relpath) > 1 and relpath[1] == ":")
    ):
        return "absolute paths are not allowed"
    parts = Path(relpath).parts
    if ".." in parts:
        return "the path climbs out of the package folder"
    resolved = (root / relpath).resolve()
    if not resolved.is_relative_to(root):
        return "the path leads out of the package folder (through a link)"
    return ""


def read_resource(
    resource: ResourceFile, *, max_bytes: int = DEFAULT_MAX_RESOURCE_BYTES, verify: bool = True
) -> bytes:
    """Read a resource file, checking its size, ``bytes`` and ``sha256``.

    Returns:
        the file's content.

    Raises:
        PackageError: the file is missing, larger than ``max_bytes``, or (when ``verify``) its
            size or sha256 differ from what the descriptor declares.
    """
    where = resource.path
    try:
        size = resource.path.stat().st_size
    except OSError:
        raise PackageError(
            where,
            [
                Problem(
                    resource.name,
                    "",
                    "path",
                    f"file {resource.relpath!r} not found",
                    "missing-file",
                )
            ],
        ) from None
    if size > max_bytes:
        raise PackageError(
            where,
            [
                Problem(
                    resource.name,
                    "",
                    "path",
                    f"file is {size} bytes, over the limit of {max_bytes}",
                    "too-large",
                )
            ],
        )
    data = resource.path.read_bytes()
    if verify:
        problems = integrity_problems(resource, data)
        if problems:
            raise PackageError(where, problems)
    return data


def integrity_problems(resource: ResourceFile, data: bytes) -> list[Problem]:
    """Return the problems with a resource's declared ``bytes`` and ``hash`` (empty when they match)."""
    problems = []
    if resource.bytes is not None and resource.bytes != len(data):
        problems.append(
            Problem(
                resource.name,
                "",
                "bytes",
                f"descriptor declares {resource.bytes} bytes, file has {len(data)}: the file was changed",
                "integrity",
            )
        )
    if resource.sha256 is not None:
        actual = hashlib.sha256(data).hexdigest()
        if actual != resource.sha256:
            problems.append(
                Problem(
                    resource.name,
                    "",
                    "hash",
                    f"sha256 {actual} differs from the declared {resource.sha256}: the file was changed",
                    "integrity",
                )
            )
    return problems
