"""kimtravel: the foreign trips of Kim Jong Un, leg by leg, every fact cited.

Quick start::

    >>> import kimtravel
    >>> [t.id for t in kimtravel.trips_by_mode("train")][:2]
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
    from kimtravel.models import Country, Event, Leg, Person, Place, Source, Trip
    from kimtravel.validation import Report, validate
    from kimtravel.vocab import Mode

__all__ = [
    "Country",
    "Dataset",
    "Event",
    "KimtravelError",
    "Leg",
    "Mode",
    "PackageError",
    "Person",
    "Place",
    "Problem",
    "Report",
    "Source",
    "Trip",
    "UnknownValueError",
    "bundled_path",
    "countries",
    "dataset",
    "events",
    "legs",
    "load",
    "people",
    "person",
    "places",
    "sources",
    "trip",
    "trips",
    "trips_between",
    "trips_by_country",
    "trips_by_mode",
    "trips_in_year",
    "trips_with",
    "validate",
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
    "Person": "kimtravel.models",
    "Place": "kimtravel.models",
    "Source": "kimtravel.models",
    "Trip": "kimtravel.models",
    "Report": "kimtravel.validation",
    "validate": "kimtravel.validation",
    "Mode": "kimtravel.vocab",
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


def trips() -> tuple[Trip, ...]:
    """Return every trip, chronologically."""
    return dataset().trips()


def trip(trip_id: str) -> Trip:
    """Return the trip with this id (``"2018-03-beijing"``); see :meth:`Dataset.trip`."""
    return dataset().trip(trip_id)


def trips_by_mode(mode: Mode | str) -> tuple[Trip, ...]:
    """Return the trips with a leg of this mode (``"train"``); see :meth:`Dataset.trips_by_mode`."""
    return dataset().trips_by_mode(mode)


def trips_by_country(code: str, *, include_transit: bool = False) -> tuple[Trip, ...]:
    """Return the trips to a country (``"CN"``); see :meth:`Dataset.trips_by_country`."""
    return dataset().trips_by_country(code, include_transit=include_transit)


def trips_in_year(year: int) -> tuple[Trip, ...]:
    """Return the trips touching a calendar year; see :meth:`Dataset.trips_in_year`."""
    return dataset().trips_in_year(year)


def trips_between(start: dt.date | str, end: dt.date | str) -> tuple[Trip, ...]:
    """Return the trips with a day in ``[start, end]``; see :meth:`Dataset.trips_between`."""
    return dataset().trips_between(start, end)


def trips_with(person: Person | str) -> tuple[Trip, ...]:
    """Return the trips on which he met a person (id or name); see :meth:`Dataset.trips_with`."""
    return dataset().trips_with(person)


def person(person: Person | str) -> Person:
    """Return a person by id or name; see :meth:`Dataset.person`."""
    return dataset().person(person)


def legs() -> tuple[Leg, ...]:
    """Return every leg, chronologically."""
    return dataset().legs()


def events() -> tuple[Event, ...]:
    """Return every event, chronologically."""
    return dataset().events()


def places() -> tuple[Place, ...]:
    """Return every place."""
    return dataset().places()


def people() -> tuple[Person, ...]:
    """Return every person."""
    return dataset().people()


def countries() -> tuple[Country, ...]:
    """Return every country the data refers to."""
    return dataset().countries()


def sources() -> tuple[Source, ...]:
    """Return every source."""
    return dataset().sources()
