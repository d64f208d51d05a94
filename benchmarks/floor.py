"""The floor: the least work any pydantic-based reader of the package must do.

It imports pydantic, defines the same nine record models as ``kimtravel.models`` (same fields,
same constraints, frozen, closed vocabularies as ``Literal``) but *flat*: a reference stays the id
string from the CSV cell and a list cell becomes a tuple of strings split on ``;``. It reads each
CSV with :class:`csv.DictReader`, maps an empty cell to ``None`` (to ``()`` for a list cell, since
list fields are not optional), validates each table with one ``TypeAdapter(list[Model])`` call, and
answers "which trips have a train leg?".

What it does NOT do, and kimtravel does: check the descriptor, file sizes and sha256 hashes,
primary keys, resolve references into records, run the semantic checks, build query indexes.
``run.py`` compares kimtravel's cold first query against this script, and kimtravel's ``load()``
against :func:`validate_tables` on synthetic packages.

Run ``python benchmarks/floor.py --show`` to print the answer (count, then the sorted trip ids).
This script must not import kimtravel.
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
import typing
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

REPO = Path(__file__).resolve().parents[1]
"""Repository root: the bundled package's CSVs are ``data/*.csv`` under it."""

LIST_SEPARATOR = ";"

VehicleMode = Literal["train", "air", "car", "foot", "ship"]
Mode = Literal["train", "air", "car", "foot", "ship", "unknown"]
EventKind = Literal[
    "summit",
    "talks",
    "meeting",
    "welcome",
    "farewell",
    "banquet",
    "reception",
    "tour",
    "performance",
    "ceremony",
    "signing",
    "parade",
    "other",
]
PlaceKind = Literal["city", "station", "airport", "border-crossing", "venue", "site", "port"]
Basis = Literal["home", "border", "official", "reported"]

CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{2}([A-Z]{2})?$")]
NonEmpty = Annotated[str, Field(min_length=1)]


class Record(BaseModel):
    """Base of all flat records: frozen, no extra attributes (as ``kimtravel.models.Record``)."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=False)


class Source(Record):
    """A published source (no references: as kimtravel's)."""

    id: NonEmpty
    publisher: NonEmpty
    kind: NonEmpty
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    copy_publisher: str | None = None
    copy_url: str | None = None
    language: str | None = None
    notes: str | None = None


class Country(Record):
    """A country or former state and its bounding box; ``sources`` are source ids."""

    code: CountryCode
    name: NonEmpty
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    successors: tuple[CountryCode, ...] = ()
    min_latitude: float = Field(ge=-90, le=90)
    max_latitude: float = Field(ge=-90, le=90)
    min_longitude: float = Field(ge=-180, le=180)
    max_longitude: float = Field(ge=-180, le=180)
    sources: tuple[NonEmpty, ...] = Field(min_length=1)


class Person(Record):
    """A traveller, companion or counterpart; ``sources`` are source ids."""

    id: NonEmpty
    name: NonEmpty
    country: CountryCode
    role: str | None = None
    leader_from: dt.date | None = None
    leader_to: dt.date | None = None
    sources: tuple[NonEmpty, ...] = Field(min_length=1)


class Vehicle(Record):
    """A vehicle; ``operator`` is a country code, ``sources`` source ids."""

    id: NonEmpty
    name: NonEmpty
    mode: VehicleMode
    operator: str | None = None
    description: NonEmpty
    sources: tuple[NonEmpty, ...] = Field(min_length=1)


class Place(Record):
    """A place; ``sources`` are source ids."""

    id: NonEmpty
    name: NonEmpty
    country: CountryCode
    kind: PlaceKind
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)
    precision_m: int | None = None
    notes: str | None = None
    sources: tuple[NonEmpty, ...] = Field(min_length=1)


class Leg(Record):
    """One leg; ``origin`` and ``destination`` are place ids, ``sources`` source ids."""

    trip_id: NonEmpty
    seq: int = Field(ge=1)
    origin: NonEmpty
    destination: NonEmpty
    mode: Mode
    vehicle: str | None = None
    depart_date: dt.date | None = None
    depart_time: str | None = None
    arrive_date: dt.date | None = None
    arrive_time: str | None = None
    notes: str | None = None
    sources: tuple[NonEmpty, ...] = Field(min_length=1)


class Event(Record):
    """One event; ``place`` is a place id, ``counterparts`` person ids, ``sources`` source ids."""

    trip_id: NonEmpty
    seq: int = Field(ge=1)
    date: dt.date | None = None
    time: str | None = None
    place: NonEmpty
    kind: EventKind
    counterparts: tuple[NonEmpty, ...] = ()
    summary: NonEmpty
    sources: tuple[NonEmpty, ...] = Field(min_length=1)


class Trip(Record):
    """One trip row; ``traveler`` is a person id. No ``legs``/``events``: rows stay flat."""

    id: NonEmpty
    traveler: NonEmpty
    start_edtf: NonEmpty
    end_edtf: NonEmpty
    start_date: dt.date
    end_date: dt.date
    start_basis: Basis
    end_basis: Basis
    departure_known: bool
    return_known: bool
    official_start: dt.date | None = None
    official_end: dt.date | None = None
    disclosure: NonEmpty
    disclosure_sources: tuple[NonEmpty, ...] = ()
    countries: tuple[CountryCode, ...] = Field(min_length=1)
    transit_countries: tuple[CountryCode, ...] = ()
    modes: tuple[Mode, ...] = Field(min_length=1)
    companions: tuple[NonEmpty, ...] = ()
    summary: NonEmpty
    notes: str | None = None
    sources: tuple[NonEmpty, ...] = Field(min_length=1)


class NonTrip(Record):
    """A claim that is not a trip; ``traveler`` is a person id."""

    id: NonEmpty
    traveler: NonEmpty
    date_edtf: NonEmpty
    countries: tuple[CountryCode, ...] = ()
    verdict: NonEmpty
    claim: NonEmpty
    reason: NonEmpty
    sources: tuple[NonEmpty, ...] = Field(min_length=1)


MODELS: dict[str, type[Record]] = {
    "sources": Source,
    "countries": Country,
    "vehicles": Vehicle,
    "people": Person,
    "places": Place,
    "legs": Leg,
    "events": Event,
    "trips": Trip,
    "non_trips": NonTrip,
}
"""Flat model of each table (``data/<name>.csv``)."""


def list_columns(model: type[Record]) -> frozenset[str]:
    """Return the fields of ``model`` whose CSV cell is a ``;``-separated list (tuple fields)."""
    return frozenset(
        name
        for name, info in model.model_fields.items()
        if typing.get_origin(info.annotation) is tuple
    )


def read_rows(path: Path, lists: frozenset[str]) -> list[dict[str, Any]]:
    """Read one CSV: ``''`` becomes ``None`` (``()`` in a list column), list cells are split."""
    rows: list[dict[str, Any]] = []
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            item: dict[str, Any] = {}
            for key, cell in row.items():
                if key in lists:
                    item[key] = tuple(cell.split(LIST_SEPARATOR)) if cell else ()
                else:
                    item[key] = cell if cell != "" else None
            rows.append(item)
    return rows


def validate_tables(root: Path) -> dict[str, list[Any]]:
    """Read and validate every table of the package rooted at ``root`` (``root/data/*.csv``).

    Returns:
        the validated flat records of each table, in file order.

    Raises:
        pydantic.ValidationError: a row breaks its model's constraints.
    """
    tables: dict[str, list[Any]] = {}
    for name, model in MODELS.items():
        rows = read_rows(root / "data" / f"{name}.csv", list_columns(model))
        adapter: TypeAdapter[list[Any]] = TypeAdapter(list[model])  # type: ignore[valid-type]
        tables[name] = adapter.validate_python(rows)
    return tables


def train_trips(tables: dict[str, list[Any]]) -> tuple[Trip, ...]:
    """Return the trips with at least one leg whose mode is ``train``."""
    with_train = {leg.trip_id for leg in tables["legs"] if leg.mode == "train"}
    return tuple(trip for trip in tables["trips"] if trip.id in with_train)


def main(argv: list[str]) -> None:
    """Answer the cold first query from the bundled CSVs; print it only with ``--show``."""
    found = train_trips(validate_tables(REPO))
    if "--show" in argv:
        print(len(found), " ".join(sorted(trip.id for trip in found)))


if __name__ == "__main__":
    main(sys.argv[1:])
