"""kimtravel: the journeys abroad of North Korea's leaders, leg by leg, every fact cited.

Quick start::

    >>> import kimtravel
    >>> [t.id for t in kimtravel.trips_by_mode("train", traveler="kim-jong-un")][:2]
    ['2018-03-beijing', '2019-01-beijing']

Importing this module reads no file and imports nothing heavy: the bundled data package is
loaded on the first query, once, thread-safely. :func:`load` gives the same API over any package
that follows the schema.
"""

from __future__ import annotations

import _thread

# Not typing.TYPE_CHECKING: importing typing would double the cost of ``import kimtravel``.
# Type checkers treat any constant named TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime as dt
    import os
    from typing import Any

    from kimtravel.db import Dataset, load
    from kimtravel.errors import KimtravelError, PackageError, Problem, UnknownValueError
    from kimtravel.models import (
        Country,
        Event,
        Leg,
        Mode,
        NonTrip,
        Person,
        Place,
        Source,
        Trip,
        Vehicle,
    )
    from kimtravel.validation import Report, validate

__all__ = [
    "Country",
    "Dataset",
    "Event",
    "KimtravelError",
    "Leg",
    "Mode",
    "NonTrip",
    "PackageError",
    "Person",
    "Place",
    "Problem",
    "Report",
    "Source",
    "Trip",
    "UnknownValueError",
    "Vehicle",
    "bundled_path",
    "countries",
    "country",
    "dataset",
    "events",
    "events_by_kind",
    "legs",
    "load",
    "map_svg",
    "non_trips",
    "people",
    "person",
    "places",
    "sources",
    "timeline_svg",
    "to_arrow",
    "to_pandas",
    "to_polars",
    "travelers",
    "trip",
    "trips",
    "trips_between",
    "trips_by_country",
    "trips_by_mode",
    "trips_by_vehicle",
    "trips_in_year",
    "trips_with",
    "validate",
    "vehicles",
]

_LAZY = {
    "Dataset": "kimtravel.db",
    "load": "kimtravel.db",
    "KimtravelError": "kimtravel.errors",
    "PackageError": "kimtravel.errors",
    "Problem": "kimtravel.errors",
    "UnknownValueError": "kimtravel.errors",
    "Country": "kimtravel.models",
    "Event": "kimtravel.models",
    "Leg": "kimtravel.models",
    "Mode": "kimtravel.models",
    "NonTrip": "kimtravel.models",
    "Person": "kimtravel.models",
    "Place": "kimtravel.models",
    "Source": "kimtravel.models",
    "Trip": "kimtravel.models",
    "Vehicle": "kimtravel.models",
    "Report": "kimtravel.validation",
    "validate": "kimtravel.validation",
}

_lock = _thread.allocate_lock()
_default: Dataset | None = None


def __getattr__(name: str) -> Any:
    """Import public names on first use, so that ``import kimtravel`` stays cheap."""
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    if name == "__version__":
        from kimtravel._version import package_version

        return package_version()
    if name == "__data_version__":
        return dataset().version
    raise AttributeError(f"module 'kimtravel' has no attribute {name!r}")


def bundled_path() -> os.PathLike[str]:
    """Return the path of the bundled ``datapackage.json`` (for tools that read it directly)."""
    from kimtravel.bundled import bundled_descriptor

    return bundled_descriptor()


def dataset() -> Dataset:
    """Return the bundled data package, loading and validating it on the first call only.

    Raises:
        PackageError: the installed data was changed (hash mismatch) or is otherwise invalid.
    """
    global _default
    if _default is None:
        with _lock:
            if _default is None:
                from kimtravel.db import load

                _default = load(bundled_path())
    return _default


def trips(traveler: Person | str | None = None) -> tuple[Trip, ...]:
    """Return every trip (of one traveller, when given), chronologically."""
    return dataset().trips(traveler)


def travelers() -> tuple[Person, ...]:
    """Return the leaders who travelled, in order of their first trip."""
    return dataset().travelers()


def trip(trip_id: str) -> Trip:
    """Return the trip with this id (``"2019-02-hanoi"``); see :meth:`Dataset.trip`."""
    return dataset().trip(trip_id)


def trips_by_mode(mode: str, *, traveler: Person | str | None = None) -> tuple[Trip, ...]:
    """Return the trips with a leg of this mode (``"train"``); see :meth:`Dataset.trips_by_mode`."""
    return dataset().trips_by_mode(mode, traveler=traveler)


def trips_by_country(
    country: str, *, include_transit: bool = False, traveler: Person | str | None = None
) -> tuple[Trip, ...]:
    """Return the trips to a country (``"CN"``, ``"China"``); see :meth:`Dataset.trips_by_country`."""
    return dataset().trips_by_country(country, include_transit=include_transit, traveler=traveler)


def trips_in_year(year: int, *, traveler: Person | str | None = None) -> tuple[Trip, ...]:
    """Return the trips touching a calendar year; see :meth:`Dataset.trips_in_year`."""
    return dataset().trips_in_year(year, traveler=traveler)


def trips_between(
    start: dt.date | str, end: dt.date | str, *, traveler: Person | str | None = None
) -> tuple[Trip, ...]:
    """Return the trips with a day in ``[start, end]``; see :meth:`Dataset.trips_between`."""
    return dataset().trips_between(start, end, traveler=traveler)


def trips_with(person: Person | str, *, traveler: Person | str | None = None) -> tuple[Trip, ...]:
    """Return the trips on which a person was met (id, name or surname); see :meth:`Dataset.trips_with`."""
    return dataset().trips_with(person, traveler=traveler)


def trips_by_vehicle(vehicle: Vehicle | str) -> tuple[Trip, ...]:
    """Return the trips with a leg in a vehicle (``"armoured-train"``); see :meth:`Dataset.trips_by_vehicle`."""
    return dataset().trips_by_vehicle(vehicle)


def events_by_kind(kind: str) -> tuple[Event, ...]:
    """Return every event of a kind (``"summit"``); see :meth:`Dataset.events_by_kind`."""
    return dataset().events_by_kind(kind)


def person(person: Person | str) -> Person:
    """Return a person by id, name or unambiguous part of a name; see :meth:`Dataset.person`."""
    return dataset().person(person)


def country(code_or_name: str) -> Country:
    """Return a country by code or name, any case; see :meth:`Dataset.country`."""
    return dataset().country(code_or_name)


def legs() -> tuple[Leg, ...]:
    """Return every leg, chronologically."""
    return dataset().legs()


def events() -> tuple[Event, ...]:
    """Return every event, chronologically."""
    return dataset().events()


def non_trips(traveler: Person | str | None = None) -> tuple[NonTrip, ...]:
    """Return the journeys reported or claimed that are not trips, with the reason, by date."""
    return dataset().non_trips(traveler)


def places() -> tuple[Place, ...]:
    """Return every place."""
    return dataset().places()


def people() -> tuple[Person, ...]:
    """Return every person."""
    return dataset().people()


def vehicles() -> tuple[Vehicle, ...]:
    """Return every vehicle."""
    return dataset().vehicles()


def countries() -> tuple[Country, ...]:
    """Return every country and former state the data refers to."""
    return dataset().countries()


def sources() -> tuple[Source, ...]:
    """Return every source."""
    return dataset().sources()


def map_svg(*trip_ids: str, traveler: str | None = None, title: str | None = None) -> str:
    """Return an SVG route map of the trips named (default: all, or one traveller's).

    See :func:`kimtravel.pictures.map_svg`; ``kimtravel map -o FILE.svg`` writes one.
    """
    from kimtravel.pictures import map_svg

    return map_svg(dataset(), trip_ids, traveler=traveler, title=title)


def timeline_svg(traveler: str | None = None) -> str:
    """Return an SVG timeline of every trip (or one traveller's); see :mod:`kimtravel.pictures`."""
    from kimtravel.pictures import timeline_svg

    return timeline_svg(dataset(), traveler=traveler)


def to_pandas(table: str = "trips") -> Any:
    """Return a flat table (``trips``, ``legs``, ``events``) or a resource as a pandas DataFrame.

    Needs ``pip install 'kimtravel[pandas]'``; see :func:`kimtravel.frames.flat_rows`.
    """
    from kimtravel.frames import to_pandas

    return to_pandas(dataset(), table)


def to_polars(table: str = "trips") -> Any:
    """Return a flat table or a resource as a polars DataFrame (``pip install 'kimtravel[polars]'``)."""
    from kimtravel.frames import to_polars

    return to_polars(dataset(), table)


def to_arrow(table: str = "trips") -> Any:
    """Return a flat table or a resource as a pyarrow Table (``pip install pyarrow``)."""
    from kimtravel.frames import to_arrow

    return to_arrow(dataset(), table)
