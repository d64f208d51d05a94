"""Typed, immutable records of the kimtravel data package.

Every record is a frozen pydantic v2 model: fields cannot be reassigned, list-valued fields are
tuples, and references between resources are resolved to the records they point to (a
:class:`Leg`'s ``origin`` is a :class:`Place`, not a place id). Empty CSV cells are ``None``.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from kimtravel.vocab import EventKind, Mode, PlaceKind

EARTH_RADIUS_KM = 6371.0088
"""Mean Earth radius (IUGG) used for great-circle distances."""

CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
NonEmpty = Annotated[str, Field(min_length=1)]


class Record(BaseModel):
    """Base of all records: frozen, no extra attributes, compared by value."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=False)


class Source(Record):
    """A published source that rows cite. Its note in the project's words is ``seeds/<id>.md``."""

    id: NonEmpty
    publisher: NonEmpty
    title: str | None = None
    """Title as published; ``None`` when the stored page shows none."""
    published: dt.date | None = None
    """Publication date; ``None`` when the source does not show one."""
    url: str | None = None
    """Where the source was read; ``None`` when not known."""


class Country(Record):
    """A country the data refers to, with a coarse bounding box for checking coordinates."""

    code: CountryCode
    """ISO 3166-1 alpha-2 code."""
    name: NonEmpty
    min_latitude: float = Field(ge=-90, le=90)
    max_latitude: float = Field(ge=-90, le=90)
    min_longitude: float = Field(ge=-180, le=180)
    """Western edge; greater than ``max_longitude`` when the box crosses the antimeridian."""
    max_longitude: float = Field(ge=-180, le=180)
    sources: tuple[Source, ...] = Field(min_length=1)

    def contains(self, latitude: float, longitude: float, margin: float = 0.0) -> bool:
        """Return whether a point lies in the bounding box widened by ``margin`` degrees."""
        if not self.min_latitude - margin <= latitude <= self.max_latitude + margin:
            return False
        west, east = self.min_longitude - margin, self.max_longitude + margin
        if self.min_longitude <= self.max_longitude:
            return west <= longitude <= east
        return longitude >= west or longitude <= east


class Person(Record):
    """The traveller or a counterpart met on a trip."""

    id: NonEmpty
    name: NonEmpty
    country: CountryCode
    """ISO 3166-1 alpha-2 code of the country the person represented."""
    role: str | None = None
    """Office or role at the time of the meetings; ``None`` when not reported."""
    sources: tuple[Source, ...] = Field(min_length=1)


class Place(Record):
    """A place a leg or an event refers to."""

    id: NonEmpty
    name: NonEmpty
    country: CountryCode
    """ISO 3166-1 alpha-2 code of the country the place is in."""
    kind: PlaceKind
    latitude: float | None = Field(default=None, ge=-90, le=90)
    """WGS84 latitude in decimal degrees; ``None`` when no source gives it."""
    longitude: float | None = Field(default=None, ge=-180, le=180)
    """WGS84 longitude in decimal degrees; ``None`` when no source gives it."""
    sources: tuple[Source, ...] = Field(min_length=1)


def great_circle_km(a: Place, b: Place) -> float | None:
    """Return the great-circle (haversine) distance between two places in kilometres.

    Returns ``None`` when either place has no coordinates.
    """
    if a.latitude is None or a.longitude is None or b.latitude is None or b.longitude is None:
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


class Leg(Record):
    """One leg of a trip's journey."""

    trip_id: NonEmpty
    seq: int = Field(ge=1)
    """Position in the trip, from 1, in travel order."""
    origin: Place
    destination: Place
    mode: Mode
    vehicle: str | None = None
    """The vehicle where reported; ``None`` when not reported."""
    depart_date: dt.date | None = None
    """Local date the leg started; ``None`` when not reported."""
    arrive_date: dt.date | None = None
    """Local date the leg ended; ``None`` when not reported."""
    notes: str | None = None
    sources: tuple[Source, ...] = Field(min_length=1)

    @property
    def distance_km(self) -> float | None:
        """Great-circle distance from origin to destination in km (``None`` without coordinates).

        This is a straight-line lower bound: the train's track is longer.
        """
        return great_circle_km(self.origin, self.destination)


class Event(Record):
    """A meeting or visit during a trip."""

    trip_id: NonEmpty
    seq: int = Field(ge=1)
    """Position in the trip, from 1, in time order."""
    date: dt.date | None = None
    """Local date of the event; ``None`` when sources do not date it (see ``summary``)."""
    place: Place
    kind: EventKind
    counterparts: tuple[Person, ...] = ()
    """People met; empty for a visit with no named counterpart."""
    summary: NonEmpty
    sources: tuple[Source, ...] = Field(min_length=1)


class Trip(Record):
    """A foreign trip, from leaving home to coming back, with its legs and events."""

    id: NonEmpty
    """Stable id ``YYYY-MM-destination`` (``2018-03-beijing``)."""
    traveler: Person
    start_date: dt.date
    """Day he left home when ``departure_known``; otherwise the earliest reported day."""
    end_date: dt.date
    """Day he was back home when ``return_known``; otherwise the latest reported day."""
    departure_known: bool
    return_known: bool
    countries: tuple[CountryCode, ...] = Field(min_length=1)
    """Destination countries (ISO 3166-1 alpha-2), in order of first visit."""
    transit_countries: tuple[CountryCode, ...] = ()
    """Countries passed through on the ground that were not destinations."""
    modes: tuple[Mode, ...] = Field(min_length=1)
    """Modes of the legs, each once, in order of first use."""
    summary: NonEmpty
    notes: str | None = None
    """Disputed or unreported facts; ``None`` when there is nothing to note."""
    sources: tuple[Source, ...] = Field(min_length=1)
    legs: tuple[Leg, ...] = ()
    """The journey, in travel order."""
    events: tuple[Event, ...] = ()
    """Meetings and visits, in time order."""

    @property
    def duration_days(self) -> int:
        """Number of calendar days the trip touches, counting both ends (a day trip is 1)."""
        return (self.end_date - self.start_date).days + 1

    @property
    def distance_km(self) -> float | None:
        """Sum of the legs' great-circle distances in km; ``None`` if any leg lacks coordinates."""
        total = 0.0
        for leg in self.legs:
            d = leg.distance_km
            if d is None:
                return None
            total += d
        return total

    @property
    def places(self) -> tuple[Place, ...]:
        """Every place of the trip's legs and events, each once, in order of first mention."""
        seen: dict[str, Place] = {}
        for leg in self.legs:
            seen.setdefault(leg.origin.id, leg.origin)
            seen.setdefault(leg.destination.id, leg.destination)
        for event in self.events:
            seen.setdefault(event.place.id, event.place)
        return tuple(seen.values())

    @property
    def counterparts(self) -> tuple[Person, ...]:
        """Every person met on the trip, each once, in order of first meeting."""
        seen: dict[str, Person] = {}
        for event in self.events:
            for person in event.counterparts:
                seen.setdefault(person.id, person)
        return tuple(seen.values())

    def __str__(self) -> str:
        return f"{self.id} ({self.start_date} to {self.end_date}, {'/'.join(self.modes)})"
