"""Write a dataset as a data package, and keep a descriptor's ``hash`` and ``bytes`` up to date."""

from __future__ import annotations

import copy
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from kimtravel.checks import SEEDS_DIR
from kimtravel.db import Dataset
from kimtravel.descriptor import DESCRIPTOR_NAME, read_registry, unsafe_path_reason
from kimtravel.errors import PackageError, Problem
from kimtravel.files import FileProblemError, read_file
from kimtravel.registry import Registry
from kimtravel.rows import csv_rows
from kimtravel.safewrite import write_file, write_folder
from kimtravel.tables import DEFAULT_MAX_RESOURCE_BYTES, read_bytes, write_csv

MAX_NOTE_BYTES = 1024 * 1024


def descriptor_text(descriptor: dict[str, Any]) -> str:
    """Return a descriptor as the project writes it: two-space indent, UTF-8, final newline."""
    return json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"


def write_package(
    dataset: Dataset,
    folder: str | os.PathLike[str],
    *,
    version: str | None = None,
    force: bool = False,
) -> Path:
    """Write a dataset as a complete package: descriptor, CSV files and source notes.

    Every declared resource and column is written, including ones this library does not model.
    The descriptor is the dataset's own, with ``version`` replaced when given and every
    resource's ``hash`` and ``bytes`` recomputed. The folder is filled under a temporary name and
    renamed into place, so nothing existing is overwritten and no link is followed.

    Returns:
        the path of the written ``datapackage.json``.

    Raises:
        kimtravel.safewrite.OutputError: ``folder`` exists and is not empty (without ``force``),
            is a file or a link, or cannot be written.
    """
    descriptor = dataset.descriptor
    if version is not None:
        descriptor["version"] = version
    registry = dataset.registry

    def fill(out: Path) -> None:
        kept = []
        for item in descriptor["resources"]:
            if item["name"] in registry.not_read:
                if _carry(registry, item, out):
                    kept.append(item)
                continue
            kept.append(item)
            spec = registry.resources[item["name"]]
            data = write_csv(
                spec.columns,
                csv_rows(dataset.tables[spec.name]),
                delimiter=spec.delimiter,
                quote_char=spec.quote_char,
            )
            path = out / spec.relpath
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            item["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
            item["bytes"] = len(data)
        descriptor["resources"] = kept
        (out / DESCRIPTOR_NAME).write_text(descriptor_text(descriptor), encoding="utf-8")
        notes = out / SEEDS_DIR
        notes.mkdir(exist_ok=True)
        for source in dataset.sources():
            name = f"{source.id}.md"
            try:
                text = read_file(
                    registry.root / SEEDS_DIR / name,
                    root=registry.root,
                    max_bytes=MAX_NOTE_BYTES,
                    resource="sources",
                )
            except FileProblemError:
                continue
            (notes / name).write_bytes(text)

    written = write_folder(folder, fill, force=force)
    return written / DESCRIPTOR_NAME


def _carry(registry: Registry, item: dict[str, Any], out: Path) -> bool:
    """Copy a resource kimtravel does not read into ``out`` as it is; return whether it was.

    Only a regular file at a safe relative path inside the package is copied (bytes unchanged,
    so its declared hash still holds); anything else is left out of the export.
    """
    relpath = item.get("path")
    if not isinstance(relpath, str) or unsafe_path_reason(registry.root, relpath):
        return False
    try:
        data = read_file(
            registry.root / relpath,
            root=registry.root,
            max_bytes=DEFAULT_MAX_RESOURCE_BYTES,
            resource=str(item["name"]),
        )
    except FileProblemError:
        return False
    target = out / relpath
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return True


def rehash(
    descriptor_path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_RESOURCE_BYTES
) -> list[str]:
    """Recompute ``hash`` and ``bytes`` in a descriptor from its resource files, in place.

    For maintainers of a fork or a derived package after editing CSV files. The files are read
    with the same safety rules as :func:`kimtravel.load`; the descriptor is replaced atomically.

    Returns:
        the names of the resources whose entries changed.

    Raises:
        PackageError: the descriptor or a resource file cannot be read safely.
    """
    registry = read_registry(descriptor_path)
    descriptor = copy.deepcopy(dict(registry.descriptor))
    changed = []
    problems: list[Problem] = []
    for item in descriptor["resources"]:
        if item["name"] in registry.not_read:
            continue  # not a table kimtravel reads: its entry is left as it is
        spec = registry.resources[item["name"]]
        try:
            data = read_bytes(spec, registry, max_bytes=max_bytes, verify=False)
        except PackageError as exc:
            problems.extend(exc.problems)
            continue
        digest, size = "sha256:" + hashlib.sha256(data).hexdigest(), len(data)
        if (item.get("hash"), item.get("bytes")) != (digest, size):
            item["hash"], item["bytes"] = digest, size
            changed.append(spec.name)
    if problems:
        raise PackageError(registry.descriptor_path, problems)
    if changed:
        write_file(
            registry.descriptor_path, descriptor_text(descriptor).encode("utf-8"), force=True
        )
    return changed
