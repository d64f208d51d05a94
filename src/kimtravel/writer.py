"""Write records as a data package, and keep a descriptor's ``hash`` and ``bytes`` up to date."""

from __future__ import annotations

import copy
import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

from kimtravel.checks import SEEDS_DIR
from kimtravel.db import Dataset
from kimtravel.models import Record
from kimtravel.package import DESCRIPTOR_NAME
from kimtravel.rows import csv_row
from kimtravel.tables import write_csv


def resource_records(dataset: Dataset, name: str) -> tuple[Record, ...]:
    """Return one resource's records from a dataset (``trips``, ``legs``...).

    Raises:
        ValueError: ``name`` is not a resource.
    """
    getters = {
        "trips": dataset.trips,
        "legs": dataset.legs,
        "events": dataset.events,
        "places": dataset.places,
        "people": dataset.people,
        "countries": dataset.countries,
        "sources": dataset.sources,
    }
    if name not in getters:
        raise ValueError(f"unknown resource {name!r}; resources: {', '.join(getters)}")
    return getters[name]()


def columns_of(descriptor: dict[str, Any], name: str) -> list[str]:
    """Return a resource's column names as its Table Schema declares them."""
    for resource in descriptor["resources"]:
        if resource["name"] == name:
            return [field["name"] for field in resource["schema"]["fields"]]
    raise ValueError(f"the descriptor has no resource {name!r}")


def write_package(
    dataset: Dataset, folder: str | os.PathLike[str], *, version: str | None = None
) -> Path:
    """Write a dataset as a complete package: descriptor, CSV files and source notes.

    The descriptor is the dataset's own, with ``version`` replaced when given and every
    resource's ``hash`` and ``bytes`` recomputed. Source notes (``seeds/``) are copied.

    Returns:
        the path of the written ``datapackage.json``.

    Raises:
        FileExistsError: ``folder`` already holds a ``datapackage.json``.
    """
    out = Path(folder)
    target = out / DESCRIPTOR_NAME
    if target.exists():
        raise FileExistsError(f"{target} exists: write into an empty folder")
    descriptor = dataset.descriptor
    if version is not None:
        descriptor["version"] = version
    for resource in descriptor["resources"]:
        name = resource["name"]
        columns = dataset.resource(name).fields
        data = write_csv(columns, (csv_row(r, columns) for r in resource_records(dataset, name)))
        path = out / resource["path"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    update_integrity(descriptor, out)
    target.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    notes = dataset.path.parent / SEEDS_DIR
    if notes.is_dir():
        shutil.copytree(notes, out / SEEDS_DIR, dirs_exist_ok=True)
    return target


def update_integrity(descriptor: dict[str, Any], root: Path) -> None:
    """Set every resource's ``hash`` (sha256) and ``bytes`` from its file under ``root``."""
    for resource in descriptor["resources"]:
        data = (root / resource["path"]).read_bytes()
        resource["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
        resource["bytes"] = len(data)


def rehash(descriptor_path: str | os.PathLike[str]) -> list[str]:
    """Recompute ``hash`` and ``bytes`` in a descriptor file from its resource files, in place.

    Returns:
        the names of the resources whose entries changed.
    """
    path = Path(descriptor_path)
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    before = copy.deepcopy(descriptor)
    update_integrity(descriptor, path.parent)
    changed = [
        new["name"]
        for old, new in zip(before["resources"], descriptor["resources"], strict=True)
        if (old.get("hash"), old.get("bytes")) != (new["hash"], new["bytes"])
    ]
    if changed:
        path.write_text(
            json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    return changed
