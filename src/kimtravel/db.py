"""A loaded data package with precomputed indexes and the query helpers over it."""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from kimtravel import edtf
from kimtravel.errors import PackageError, UnknownValueError
from kimtravel.models import Country, Event, Leg, NonTrip, Person, Place, Source, Trip, Vehicle
from kimtravel.records import Records, gc_paused
from kimtravel.registry import Registry, ResourceSpec
from kimtravel.tables import DEFAULT_MAX_RESOURCE_BYTES, Table
from kimtravel.validation import check_package

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
        checked, problems = check_package(path, max_bytes=max_bytes)
        if problems or checked is None or checked.records is None:
            raise PackageError(
                path if checked is None else checked.registry.descriptor_path, problems
            )
        return Dataset(checked.registry, checked.tables, checked.records)


def _fold(text: str) -> str:
    """Return ``text`` as lookups compare it: any case, accents dropped, hyphens as spaces."""
    import unicodedata

    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(plain.casefold().replace("-", " ").split())


class Dataset:
    """The records of one data package, with indexes for fast queries.

    Every result is a tuple of frozen records in chronological order, so no caller can change
    the shared data. Build one with :func:`kimtravel.load`.
    """

    def __init__(self, registry: Registry, tables: dict[str, Table], records: Records) -> None:
        self._registry = registry
        self._tables = MappingProxyType(dict(tables))
        trips = sorted(
            records.table("trips", Trip).values(), key=lambda t: (t.start_date, t.end_date, t.id)
        )
        self._trips: tuple[Trip, ...] = tuple(trips)
        self._by_id = {t.id: t for t in trips}
        self._legs = tuple(leg for trip in trips for leg in trip.legs)
        self._events = tuple(event for trip in trips for event in trip.events)
        self._sources = tuple(records.table("sources", Source).values())
        self._people = tuple(records.table("people", Person).values())
        self._places = tuple(records.table("places", Place).values())
        self._countries = tuple(records.table("countries", Country).values())
        self._vehicles = tuple(records.table("vehicles", Vehicle).values())
        self._non_trips = tuple(
            sorted(
                records.table("non_trips", NonTrip).values(), key=lambda n: (n.date.earliest, n.id)
            )
        )
        self._people_by_id = {p.id: p for p in self._people}
        leaders = {p.id: p for p in self._people if p.leader_from is not None}
        for trip in trips:
            leaders.setdefault(trip.traveler.id, trip.traveler)
        self._travelers = tuple(
            sorted(leaders.values(), key=lambda p: (p.leader_from or dt.date.max, p.id))
        )
        self._by_mode = _index(trips, lambda t: set(t.modes))
        self._by_country = _index(trips, lambda t: set(t.countries))
        self._by_any_country = _index(trips, lambda t: {*t.countries, *t.transit_countries})
        self._by_year = _index(trips, lambda t: set(range(t.start_date.year, t.end_date.year + 1)))
        self._by_person = _index(trips, lambda t: {p.id for p in t.counterparts})
        self._by_traveler = _index(trips, lambda t: {t.traveler.id})
        self._by_vehicle = _index(
            trips, lambda t: {leg.vehicle.id for leg in t.legs if leg.vehicle}
        )
        self._starts = [t.start_date for t in trips]
        self._latest_end = list(itertools.accumulate((t.end_date for t in trips), max))

    # -- about the package -------------------------------------------------------------
    @property
    def version(self) -> str:
        """The package's ``version`` from its descriptor."""
        return self._registry.version

    @property
    def registry(self) -> Registry:
        """The package's resources as its descriptor declares them."""
        return self._registry

    @property
    def tables(self) -> MappingProxyType[str, Table]:
        """Every resource's typed rows, including columns and resources the models do not know."""
        return self._tables

    @property
    def descriptor(self) -> dict[str, Any]:
        """A copy of the package's parsed ``datapackage.json``."""
        import copy

        return copy.deepcopy(dict(self._registry.descriptor))

    def resource(self, name: str) -> ResourceSpec:
        """Return how the package declares one resource (columns, types, keys).

        Raises:
            UnknownValueError: the package has no such resource.
        """
        try:
            return self._registry.resources[name]
        except KeyError:
            raise UnknownValueError("resource", name, self._registry.resources) from None

    @property
    def path(self) -> Path:
        """Absolute path of the package's ``datapackage.json``."""
        return self._registry.descriptor_path

    def __repr__(self) -> str:
        return f"<kimtravel.Dataset {self.version}: {len(self._trips)} trips from {self.path}>"

    # -- whole resources ---------------------------------------------------------------
    def trips(self, traveler: Person | str | None = None) -> tuple[Trip, ...]:
        """Return every trip (of one traveller, when given), chronologically.

        Raises:
            UnknownValueError: ``traveler`` is not a traveller of the data.
        """
        if traveler is None:
            return self._trips
        return self._by_traveler.get(self.traveler(traveler).id, ())

    def travelers(self) -> tuple[Person, ...]:
        """Return the leaders (people with a time as leader, or with trips), earliest first."""
        return self._travelers

    def traveler(self, who: Person | str) -> Person:
        """Return a traveller by id, name or unambiguous part of the name (``"Kim Jong Il"``).

        Raises:
            TypeError: ``who`` is neither a Person nor a string.
            UnknownValueError: not a traveller of the data.
        """
        return self._find_person(who, self.travelers(), "traveller")

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

    def vehicles(self) -> tuple[Vehicle, ...]:
        """Return every vehicle, in the package's order."""
        return self._vehicles

    def non_trips(self, traveler: Person | str | None = None) -> tuple[NonTrip, ...]:
        """Return the journeys that are not trips (claims, rumours, visits not made), by date."""
        if traveler is None:
            return self._non_trips
        wanted = self.traveler(traveler).id
        return tuple(n for n in self._non_trips if n.traveler.id == wanted)

    # -- queries -----------------------------------------------------------------------
    def vocabulary(self, resource: str, column: str) -> tuple[str, ...]:
        """Return the values a column allows (``vocabulary("legs", "mode")``).

        Raises:
            UnknownValueError: no such resource or column, or the column has no vocabulary.
        """
        spec = self.resource(resource)
        try:
            enum = spec.field(column).enum
        except KeyError:
            raise UnknownValueError(f"column of {resource}", column, spec.columns) from None
        if enum is None:
            raise UnknownValueError(f"column of {resource} with a vocabulary", column, ())
        return enum

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
            found = self._by_id.get(trip_id.strip().casefold())
            if found is not None:
                return found
            wanted = trip_id.strip().casefold()
            if any(n.id == wanted for n in self._non_trips):
                raise UnknownValueError(
                    "trip id",
                    trip_id,
                    self._by_id,
                    message=f"{trip_id!r} is a claim the data records as not a trip: see "
                    "non_trips() or `kimtravel not-trips`",
                ) from None
            raise UnknownValueError("trip id", trip_id, self._by_id) from None

    def trips_by_mode(self, mode: str, *, traveler: Person | str | None = None) -> tuple[Trip, ...]:
        """Return the trips with at least one leg of this mode (``train``, ``air``...; any case).

        Raises:
            TypeError: ``mode`` is not a string.
            UnknownValueError: ``mode`` is not in the package's vocabulary of modes.
        """
        _require_str("mode", mode)
        modes = self.vocabulary("legs", "mode")
        key = mode.strip().casefold()
        if key not in modes:
            raise UnknownValueError("mode", mode, modes)
        return self._filter(self._by_mode.get(key, ()), traveler)

    def country(self, code_or_name: str) -> Country:
        """Return a country by code (any case) or English name (any case): ``"cn"``, ``"China"``.

        Raises:
            TypeError: not a string.
            UnknownValueError: no such country (the message names the closest).
        """
        _require_str("country", code_or_name)
        key = _fold(code_or_name)
        for country in self._countries:
            if key in (country.code.casefold(), _fold(country.name)):
                return country
        choices = [c.code for c in self._countries] + [c.name for c in self._countries]
        raise UnknownValueError("country", code_or_name, choices)

    def trips_by_country(
        self, country: str, *, include_transit: bool = False, traveler: Person | str | None = None
    ) -> tuple[Trip, ...]:
        """Return the trips to a country, given by code or name in any case (``"CN"``, ``"china"``).

        A former state is its own country: ``"SUHH"`` (Soviet Union) finds the journeys to the
        Soviet Union, ``"RU"`` those to the Russian Federation.

        Args:
            country: the country code or name.
            include_transit: also return trips that only passed through the country.
            traveler: only this traveller's trips.

        Raises:
            TypeError: ``country`` is not a string.
            UnknownValueError: the data has no such country.
        """
        code = self.country(country).code
        index = self._by_any_country if include_transit else self._by_country
        return self._filter(index.get(code, ()), traveler)

    def trips_in_year(self, year: int, *, traveler: Person | str | None = None) -> tuple[Trip, ...]:
        """Return the trips that may have touched a calendar year (between start_date and end_date).

        Raises:
            TypeError: ``year`` is not an int.
        """
        if not isinstance(year, int) or isinstance(year, bool):
            raise TypeError(f"year must be an int, not {type(year).__name__}")
        return self._filter(self._by_year.get(year, ()), traveler)

    def trips_between(
        self, start: dt.date | str, end: dt.date | str, *, traveler: Person | str | None = None
    ) -> tuple[Trip, ...]:
        """Return the trips that may have had a day between ``start`` and ``end`` (both included).

        A trip counts when its span from ``start_date`` (earliest possible start) to
        ``end_date`` (latest possible end) meets the range, so a journey known only to the month
        is found by a query on any day of that month. A bound may be a month or a year
        (``trips_between("1970-10", "1970-12")``): ``start`` means its first day, ``end`` its last.

        Raises:
            TypeError: a bound is neither a date nor a string.
            ValueError: a string is not a day, month or year, or ``end`` is before ``start``.
        """
        first, last = _as_date("start", start), _as_date("end", end)
        if last < first:
            raise ValueError(f"end {last} is before start {first}")
        low = bisect.bisect_left(self._latest_end, first)
        high = bisect.bisect_right(self._starts, last)
        return self._filter(
            tuple(t for t in self._trips[low:high] if t.end_date >= first), traveler
        )

    def trips_with(
        self, person: Person | str, *, traveler: Person | str | None = None
    ) -> tuple[Trip, ...]:
        """Return the trips on which the traveller met a person.

        Args:
            person: a :class:`Person`, an id (``"xi-jinping"``), a full name or an unambiguous
                part of one (``"Xi"``, ``"putin"``), in any case.
            traveler: only this traveller's trips.

        Raises:
            TypeError: ``person`` is neither a Person nor a string.
            UnknownValueError: no such person, or several match (the message names them).
        """
        return self._filter(self._by_person.get(self.person(person).id, ()), traveler)

    def trips_by_vehicle(self, vehicle: Vehicle | str) -> tuple[Trip, ...]:
        """Return the trips with a leg in this vehicle (an id such as ``"armoured-train"``).

        Raises:
            UnknownValueError: no such vehicle.
        """
        return self._by_vehicle.get(self.vehicle(vehicle).id, ())

    def vehicle(self, vehicle: Vehicle | str) -> Vehicle:
        """Return a vehicle by id (any case).

        Raises:
            TypeError: not a Vehicle or string.
            UnknownValueError: no such vehicle.
        """
        if isinstance(vehicle, Vehicle):
            return vehicle
        _require_str("vehicle", vehicle)
        key = vehicle.strip().casefold()
        for v in self._vehicles:
            if v.id == key:
                return v
        raise UnknownValueError("vehicle", vehicle, (v.id for v in self._vehicles))

    def events_by_kind(self, kind: str) -> tuple[Event, ...]:
        """Return every event of a kind (``summit``, ``visit``...; any case), chronologically.

        Raises:
            UnknownValueError: ``kind`` is not in the package's vocabulary of event kinds.
        """
        _require_str("kind", kind)
        kinds = self.vocabulary("events", "kind")
        key = kind.strip().casefold()
        if key not in kinds:
            raise UnknownValueError("event kind", kind, kinds)
        return tuple(e for e in self._events if e.kind == key)

    def person(self, person: Person | str) -> Person:
        """Return a person by id, full name or an unambiguous part of the name (any case).

        Raises:
            TypeError: ``person`` is neither a Person nor a string.
            UnknownValueError: no such person, or several match.
        """
        return self._find_person(person, self._people, "person")

    def _find_person(self, who: Person | str, among: Iterable[Person], what: str) -> Person:
        people = tuple(among)
        if isinstance(who, Person):
            if who in people:
                return who
            raise UnknownValueError(what, who.id, (p.id for p in people))
        _require_str(what, who)
        key = _fold(who)
        for p in people:
            if key in (p.id, _fold(p.id), _fold(p.name)):
                return p
        words = key.split()
        partial = [p for p in people if words and all(w in _fold(p.name).split() for w in words)]
        if len(partial) == 1:
            return partial[0]
        if len(partial) > 1:
            names = ", ".join(f"{p.name} ({p.id})" for p in partial[:8])
            raise UnknownValueError(
                what, who, (p.id for p in partial), message=f"{who!r} is ambiguous: {names}"
            )
        raise UnknownValueError(what, who, [p.name for p in people])

    def _filter(self, trips: tuple[Trip, ...], traveler: Person | str | None) -> tuple[Trip, ...]:
        if traveler is None:
            return trips
        wanted = self.traveler(traveler).id
        return tuple(t for t in trips if t.traveler.id == wanted)


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
    """Return a query bound as a day; a month or a year stands for its first day (``start``)
    or its last (``end``), as the data's own dates do.

    Raises:
        TypeError: neither a date nor a string.
        ValueError: a string that is not ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return parse_bound(name, value)
    raise TypeError(
        f"{name} must be a datetime.date or an ISO date string, not {type(value).__name__}"
    )


def parse_bound(name: str, text: str) -> dt.date:
    """Return the day a ``start`` or ``end`` bound means: ``1970-10`` is 1 or 31 October.

    A bound is read as the data's own dates are (:func:`kimtravel.edtf.parse`): ``start`` is its
    earliest day, ``end`` its latest.

    Raises:
        ValueError: ``text`` is not ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (or another date the
            data's EDTF allows).
    """
    try:
        value = edtf.parse(text.strip())
    except ValueError:
        raise ValueError(
            f"{name} {text!r} is not a date (YYYY-MM-DD), a month (YYYY-MM) or a year (YYYY)"
        ) from None
    return value.latest if name == "end" else value.earliest


__all__ = ["Dataset", "load"]
