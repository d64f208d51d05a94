"""A loaded data package with precomputed indexes and the query helpers over it."""

from __future__ import annotations

import bisect
import copy
import datetime as dt
import itertools
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from kimtravel.errors import PackageError, UnknownValueError
from kimtravel.loader import LoadedData, gc_paused
from kimtravel.models import Country, Event, Leg, Person, Place, Source, Trip
from kimtravel.package import DEFAULT_MAX_RESOURCE_BYTES, ResourceFile
from kimtravel.validation import check_package
from kimtravel.vocab import MODES, Mode

K = TypeVar("K")


def load(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_RESOURCE_BYTES) -> Dataset:
    """Load and validate a data package that follows the kimtravel schema.

    Args:
        path: a ``datapackage.json`` or the folder holding one.
        max_bytes: the largest resource file accepted.

    Returns:
        the loaded :class:`Dataset`.

    Raises:
        TypeError: ``path`` is not a string or path.
        PackageError: the package is missing, malformed, unsafe, tampered with, or fails a check;
            the error lists every problem with its resource, row key and field.
    """
    with gc_paused():
        loaded, problems = check_package(path, max_bytes=max_bytes)
        if problems or loaded is None:
            raise PackageError(path, problems)
        return Dataset(loaded)


class Dataset:
    """The records of one data package, with indexes for fast queries.

    Every result is a tuple of frozen records in chronological order, so no caller can change
    the shared data. Build one with :func:`kimtravel.load`.
    """

    def __init__(self, loaded: LoadedData) -> None:
        self._files = loaded.files
        trips = sorted(loaded.table("trips", Trip).values(), key=lambda t: (t.start_date, t.id))
        self._trips: tuple[Trip, ...] = tuple(trips)
        self._by_id = {t.id: t for t in trips}
        self._legs = tuple(leg for trip in trips for leg in trip.legs)
        self._events = tuple(event for trip in trips for event in trip.events)
        self._sources = tuple(loaded.table("sources", Source).values())
        self._people = tuple(loaded.table("people", Person).values())
        self._places = tuple(loaded.table("places", Place).values())
        self._countries = tuple(loaded.table("countries", Country).values())
        self._people_by_key: dict[str, Person] = {}
        for person in self._people:
            self._people_by_key[person.id] = person
            self._people_by_key.setdefault(person.name.casefold(), person)
        self._by_mode = _index(trips, lambda t: {leg.mode for leg in t.legs})
        self._by_country = _index(trips, lambda t: set(t.countries))
        self._by_any_country = _index(trips, lambda t: {*t.countries, *t.transit_countries})
        self._by_year = _index(trips, lambda t: set(range(t.start_date.year, t.end_date.year + 1)))
        self._by_person = _index(trips, lambda t: {p.id for p in t.counterparts})
        self._starts = [t.start_date for t in trips]
        self._latest_end = list(itertools.accumulate((t.end_date for t in trips), max))

    # -- about the package -------------------------------------------------------------
    @property
    def version(self) -> str:
        """The package's ``version`` from its descriptor."""
        return self._files.version

    @property
    def descriptor(self) -> dict[str, Any]:
        """A copy of the package's parsed ``datapackage.json``."""
        return copy.deepcopy(self._files.descriptor)

    def resource(self, name: str) -> ResourceFile:
        """Return how the package declares one resource (columns, their types, primary key).

        Raises:
            UnknownValueError: the package has no such resource.
        """
        try:
            return self._files.resources[name]
        except KeyError:
            raise UnknownValueError("resource", name, self._files.resources) from None

    @property
    def path(self) -> Path:
        """Absolute path of the package's ``datapackage.json``."""
        return self._files.descriptor_path

    def __repr__(self) -> str:
        return f"<kimtravel.Dataset {self.version} from {self.path}: {len(self._trips)} trips>"

    # -- whole resources ---------------------------------------------------------------
    def trips(self) -> tuple[Trip, ...]:
        """Return every trip, chronologically (by start date)."""
        return self._trips

    def legs(self) -> tuple[Leg, ...]:
        """Return every leg, chronologically (by trip, then travel order)."""
        return self._legs

    def events(self) -> tuple[Event, ...]:
        """Return every event, chronologically (by trip, then time order)."""
        return self._events

    def places(self) -> tuple[Place, ...]:
        """Return every place, in the package's order."""
        return self._places

    def people(self) -> tuple[Person, ...]:
        """Return every person, in the package's order."""
        return self._people

    def countries(self) -> tuple[Country, ...]:
        """Return every country the data refers to, in the package's order."""
        return self._countries

    def sources(self) -> tuple[Source, ...]:
        """Return every source, in the package's order."""
        return self._sources

    # -- queries -----------------------------------------------------------------------
    def trip(self, trip_id: str) -> Trip:
        """Return the trip with this id.

        Raises:
            TypeError: ``trip_id`` is not a string.
            UnknownValueError: no trip has this id (the message names the closest ids).
        """
        _require_str("trip_id", trip_id)
        try:
            return self._by_id[trip_id]
        except KeyError:
            raise UnknownValueError("trip id", trip_id, self._by_id) from None

    def trips_by_mode(self, mode: Mode | str) -> tuple[Trip, ...]:
        """Return the trips with at least one leg of this mode (``train``, ``air``...).

        Raises:
            TypeError: ``mode`` is not a string.
            UnknownValueError: ``mode`` is not one of :data:`kimtravel.vocab.MODES`.
        """
        _require_str("mode", mode)
        if mode not in MODES:
            raise UnknownValueError("mode", mode, MODES)
        return self._by_mode.get(mode, ())

    def trips_by_country(self, code: str, *, include_transit: bool = False) -> tuple[Trip, ...]:
        """Return the trips to a country (ISO 3166-1 alpha-2, any case).

        Args:
            code: the country code, e.g. ``"CN"``.
            include_transit: also return trips that only passed through the country.

        Raises:
            TypeError: ``code`` is not a string.
            UnknownValueError: the data has no country with this code.
        """
        _require_str("code", code)
        upper = code.upper()
        if upper not in {c.code for c in self._countries}:
            raise UnknownValueError("country code", code, (c.code for c in self._countries))
        index = self._by_any_country if include_transit else self._by_country
        return index.get(upper, ())

    def trips_in_year(self, year: int) -> tuple[Trip, ...]:
        """Return the trips that touch a calendar year (any day of the trip in it).

        Raises:
            TypeError: ``year`` is not an int.
        """
        if not isinstance(year, int) or isinstance(year, bool):
            raise TypeError(f"year must be an int, not {type(year).__name__}")
        return self._by_year.get(year, ())

    def trips_between(self, start: dt.date | str, end: dt.date | str) -> tuple[Trip, ...]:
        """Return the trips with at least one day between ``start`` and ``end`` (both included).

        Args:
            start: a :class:`datetime.date` or an ISO 8601 date string.
            end: likewise; not before ``start``.

        Raises:
            TypeError: a bound is neither a date nor a string.
            ValueError: a string is not an ISO date, or ``end`` is before ``start``.
        """
        first, last = _as_date("start", start), _as_date("end", end)
        if last < first:
            raise ValueError(f"end {last} is before start {first}")
        low = bisect.bisect_left(self._latest_end, first)
        high = bisect.bisect_right(self._starts, last)
        return tuple(t for t in self._trips[low:high] if t.end_date >= first)

    def trips_with(self, person: Person | str) -> tuple[Trip, ...]:
        """Return the trips on which the traveller met a person.

        Args:
            person: a :class:`Person`, a person id (``"xi-jinping"``) or a name (any case).

        Raises:
            TypeError: ``person`` is neither a Person nor a string.
            UnknownValueError: no such person (the message names the closest).
        """
        return self._by_person.get(self.person(person).id, ())

    def person(self, person: Person | str) -> Person:
        """Return the person with this id or name (any case).

        Raises:
            TypeError: ``person`` is neither a Person nor a string.
            UnknownValueError: no such person.
        """
        if isinstance(person, Person):
            key = person.id
        else:
            _require_str("person", person)
            key = person
        found = self._people_by_key.get(key) or self._people_by_key.get(key.casefold())
        if found is None:
            names = [p.id for p in self._people] + [p.name for p in self._people]
            raise UnknownValueError("person", person, names)
        return found


def _index(
    trips: Iterable[Trip], keys_of: Callable[[Trip], Iterable[K]]
) -> dict[K, tuple[Trip, ...]]:
    """Group chronologically ordered trips by every key ``keys_of(trip)`` returns."""
    groups: dict[K, list[Trip]] = {}
    for trip in trips:
        for key in keys_of(trip):
            groups.setdefault(key, []).append(trip)
    return {key: tuple(group) for key, group in groups.items()}


def _require_str(name: str, value: object) -> None:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {type(value).__name__}")


def _as_date(name: str, value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{name} {value!r} is not an ISO 8601 date (YYYY-MM-DD)") from None
    raise TypeError(
        f"{name} must be a datetime.date or an ISO date string, not {type(value).__name__}"
    )


__all__ = ["Dataset", "load"]
