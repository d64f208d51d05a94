"""Typed, immutable records of the kimtravel data package.

Every record is a frozen, strict pydantic v2 model: fields cannot be reassigned, list-valued fields
are tuples, and references between resources are resolved to the records they point to (a
:class:`Leg`'s ``origin`` is a :class:`Place`, not a place id). Empty CSV cells are ``None`` (or
``()`` for lists). Vocabulary columns (``mode``, ``kind``...) are plain strings checked against the
package's own declared vocabulary, so a package that adds a value stays readable.

A record prints short (``<Trip 2019-02-hanoi 2019-02-23..2019-03-05 VN train+car>``); every
detail stays one attribute away. ``tests/schema`` checks that each model's fields are the columns
its resource declares.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from kimtravel import edtf

Mode = Literal["train", "air", "car", "foot", "ship", "unknown"]
"""The modes of the bundled package's vocabulary (``legs.mode``). Record fields are typed ``str``
because a package may declare more; ``Dataset.vocabulary("legs", "mode")`` gives a package's own."""

EARTH_RADIUS_KM = 6371.0088
"""Mean Earth radius (IUGG) used for great-circle distances."""

NonEmpty = Annotated[str, Field(min_length=1)]


class Record(BaseModel):
    """Base of all records: frozen, strict, no extra attributes, compared by value."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    @property
    def key(self) -> str:
        """The record's primary key as text (``2019-02-hanoi``, ``2019-02-hanoi/3``)."""
        raise NotImplementedError

    def _label(self) -> str:
        return self.key

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._label()}>"

    def __str__(self) -> str:
        return self._label()


class Source(Record):
    """A published source that rows cite. Its note in the project's words is ``seeds/<id>.md``."""

    id: NonEmpty
    publisher: NonEmpty
    """The original publisher, spelt one way throughout."""
    kind: NonEmpty
    """``state-media``, ``news-agency``, ``newspaper``... (see the README)."""
    title: str | None = None
    """Title as published; ``None`` when the copy read shows none (never made up)."""
    published: dt.date | None = None
    """Publication date; ``None`` when not shown."""
    url: str | None = None
    """Address of the original; ``None`` when not known."""
    copy_publisher: str | None = None
    """Who published the copy actually read, when it is not the original."""
    copy_url: str | None = None
    """Address of the copy actually read, when it is not ``url``."""
    language: str | None = None
    """ISO 639-1 code of the text read."""
    notes: str | None = None

    @property
    def key(self) -> str:
        return self.id

    def _label(self) -> str:
        when = self.published.isoformat() if self.published else "undated"
        return f"{self.id} ({self.publisher}, {when})"


class Country(Record):
    """A country or former state, with a coarse bounding box for checking coordinates."""

    code: Annotated[str, Field(pattern=r"^[A-Z]{2}([A-Z]{2})?$")]
    """ISO 3166-1 alpha-2, or ISO 3166-3 for a state that no longer exists (``SUHH``)."""
    name: NonEmpty
    valid_from: dt.date | None = None
    """First day the state existed, where it matters to the record."""
    valid_to: dt.date | None = None
    """Last day the state existed; ``None`` for a state that exists today."""
    successors: tuple[str, ...] = ()
    """Present-day countries holding a former state's territory."""
    min_latitude: float
    max_latitude: float
    min_longitude: float
    """Western edge; greater than ``max_longitude`` when the box crosses the antimeridian."""
    max_longitude: float
    sources: tuple[Source, ...] = Field(min_length=1)

    @property
    def key(self) -> str:
        return self.code

    def _label(self) -> str:
        return f"{self.code} {self.name}"

    def existed(self, first: dt.date, last: dt.date) -> bool:
        """Return whether the state existed on every day from ``first`` to ``last``."""
        return (self.valid_from is None or self.valid_from <= first) and (
            self.valid_to is None or last <= self.valid_to
        )

    def contains(self, latitude: float, longitude: float, margin: float = 0.0) -> bool:
        """Return whether a point lies in the bounding box widened by ``margin`` degrees."""
        if not self.min_latitude - margin <= latitude <= self.max_latitude + margin:
            return False
        west, east = self.min_longitude - margin, self.max_longitude + margin
        if self.min_longitude <= self.max_longitude:
            return west <= longitude <= east
        return longitude >= west or longitude <= east


class Person(Record):
    """A traveller, a companion, or a counterpart met on a trip."""

    id: NonEmpty
    name: NonEmpty
    country: NonEmpty
    """Code of the country the person represented at the time."""
    role: str | None = None
    """Office or role at the time of the meetings; ``None`` when not reported."""
    leader_from: dt.date | None = None
    """For a traveller: his first day as leader."""
    leader_to: dt.date | None = None
    """For a traveller: his last day as leader; ``None`` for the present leader."""
    sources: tuple[Source, ...] = Field(min_length=1)

    @property
    def key(self) -> str:
        return self.id

    def _label(self) -> str:
        return f"{self.id} ({self.name}, {self.country})"


class Vehicle(Record):
    """A train, aircraft or car that legs were travelled in."""

    id: NonEmpty
    name: NonEmpty
    mode: NonEmpty
    operator: str | None = None
    """Code of the country that provided it; ``None`` when not known."""
    description: NonEmpty
    sources: tuple[Source, ...] = Field(min_length=1)

    @property
    def key(self) -> str:
        return self.id

    def _label(self) -> str:
        return f"{self.id} ({self.mode})"


class Place(Record):
    """A place a leg or an event refers to."""

    id: NonEmpty
    name: NonEmpty
    country: NonEmpty
    """ISO 3166-1 alpha-2 code of the country the place is in today."""
    kind: NonEmpty
    latitude: float = Field(ge=-90, le=90)
    """WGS84 latitude in decimal degrees."""
    longitude: float = Field(ge=-180, le=180)
    """WGS84 longitude in decimal degrees."""
    precision_m: int | None = None
    """Rough precision of the coordinates in metres; ``None`` when not assessed."""
    notes: str | None = None
    """What is uncertain about the place or its coordinates."""
    sources: tuple[Source, ...] = Field(min_length=1)

    @property
    def key(self) -> str:
        return self.id

    def _label(self) -> str:
        return f"{self.id} ({self.country} {self.latitude:.3f},{self.longitude:.3f})"


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle (haversine) distance between two points in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def great_circle_km(a: Place, b: Place) -> float:
    """Return the great-circle (haversine) distance between two places in kilometres."""
    return haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)


class Leg(Record):
    """One leg of a trip's journey."""

    trip_id: NonEmpty
    seq: int = Field(ge=1)
    """Position in the trip, from 1, in travel order."""
    origin: Place
    destination: Place
    mode: NonEmpty
    """``train``, ``air``, ``car``, ``foot``, ``ship``, or ``unknown`` when no source says."""
    vehicle: Vehicle | None = None
    """The vehicle where reported."""
    depart_date: dt.date | None = None
    """Local date the leg started; ``None`` when not reported."""
    depart_time: str | None = None
    """Local time the leg started (``HH:MM``); ``None`` when not reported."""
    arrive_date: dt.date | None = None
    """Local date the leg ended; ``None`` when not reported."""
    arrive_time: str | None = None
    """Local time the leg ended (``HH:MM``); ``None`` when not reported."""
    notes: str | None = None
    sources: tuple[Source, ...] = Field(min_length=1)

    @property
    def key(self) -> str:
        return f"{self.trip_id}/{self.seq}"

    def _label(self) -> str:
        when = self.depart_date.isoformat() if self.depart_date else "undated"
        return f"{self.key} {when} {self.origin.id} -> {self.destination.id} by {self.mode}"

    @property
    def distance_km(self) -> float:
        """Great-circle distance from origin to destination in km.

        This is a straight-line lower bound: the train's track is longer.
        """
        return great_circle_km(self.origin, self.destination)


class Event(Record):
    """A meeting or visit during a trip."""

    trip_id: NonEmpty
    seq: int = Field(ge=1)
    """Position in the trip, from 1, in time order."""
    date: dt.date | None = None
    """Local date of the event; ``None`` when sources do not date it."""
    time: str | None = None
    """Local time the event began (``HH:MM``); ``None`` when not reported."""
    place: Place
    kind: NonEmpty
    counterparts: tuple[Person, ...] = ()
    """People met; empty for a visit with no named counterpart."""
    summary: NonEmpty
    sources: tuple[Source, ...] = Field(min_length=1)

    @property
    def key(self) -> str:
        return f"{self.trip_id}/{self.seq}"

    def _label(self) -> str:
        when = self.date.isoformat() if self.date else "undated"
        who = ",".join(p.id for p in self.counterparts)
        return f"{self.key} {when} {self.kind} at {self.place.id}" + (f" with {who}" if who else "")


class Trip(Record):
    """A journey abroad, from leaving home to coming back, with its legs and events."""

    id: NonEmpty
    """Stable id (``2018-03-beijing``, ``kji-2001-07-moscow``)."""
    traveler: Person
    start_edtf: NonEmpty
    """The start as reported, in EDTF (``2018-03-25``, ``1970-10``, ``1953-11-12~``)."""
    end_edtf: NonEmpty
    """The end as reported, in EDTF."""
    start_date: dt.date
    """Earliest day the journey can have started."""
    end_date: dt.date
    """Latest day the journey can have ended."""
    start_basis: NonEmpty
    """What ``start_edtf`` is: ``home``, ``border``, ``official`` or ``reported``."""
    end_basis: NonEmpty
    """What ``end_edtf`` is: ``home``, ``border``, ``official`` or ``reported``."""
    departure_known: bool
    return_known: bool
    official_start: dt.date | None = None
    """First day of the officially announced visit, when reported."""
    official_end: dt.date | None = None
    """Last day of the officially announced visit, when reported."""
    disclosure: NonEmpty
    """When it was made public: ``announced``, ``after``, ``secret`` or ``unknown``."""
    disclosure_sources: tuple[Source, ...] = ()
    countries: tuple[str, ...] = Field(min_length=1)
    """Destination countries, in order of first visit."""
    transit_countries: tuple[str, ...] = ()
    """Countries passed through on the ground that were not destinations."""
    modes: tuple[str, ...] = Field(min_length=1)
    """Reported modes of the legs, each once, in order of first use (``("unknown",)`` if none)."""
    companions: tuple[Person, ...] = ()
    """People reported travelling with him."""
    summary: NonEmpty
    notes: str | None = None
    """Disputed or unreported facts; ``None`` when there is nothing to note."""
    sources: tuple[Source, ...] = Field(min_length=1)
    legs: tuple[Leg, ...] = ()
    """The journey, in travel order."""
    events: tuple[Event, ...] = ()
    """Meetings and visits, in time order."""

    @property
    def key(self) -> str:
        return self.id

    def _label(self) -> str:
        when = f"{self.start_edtf}..{self.end_edtf}"
        return (
            f"{self.id} {when} {'+'.join(self.countries)} {'+'.join(self.modes) or 'modes unknown'}"
        )

    def __str__(self) -> str:
        days = self.duration_days
        noun = "day" if days == 1 else "days"
        return (
            f"{self.id}: {self.traveler.name} to {', '.join(self.countries)}, "
            f"{self.start_edtf} to {self.end_edtf} ({days} {noun}) by {', '.join(self.modes) or 'unknown means'}"
        )

    @property
    def start(self) -> edtf.EDTF:
        """The reported start with its precision and earliest/latest days."""
        return edtf.parse(self.start_edtf)

    @property
    def end(self) -> edtf.EDTF:
        """The reported end with its precision and earliest/latest days."""
        return edtf.parse(self.end_edtf)

    @property
    def duration_days(self) -> int:
        """Calendar days from ``start_date`` to ``end_date``, both counted (a day trip is 1).

        For an uncertain start or end this is the longest the journey can have lasted.
        """
        return (self.end_date - self.start_date).days + 1

    @property
    def distance_km(self) -> float | None:
        """Sum of the legs' great-circle distances in km; ``None`` when no leg is recorded."""
        if not self.legs:
            return None
        return sum(leg.distance_km for leg in self.legs)

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


class NonTrip(Record):
    """A journey that was reported, expected, rumoured or claimed but is not a trip here."""

    id: NonEmpty
    traveler: Person
    date_edtf: NonEmpty
    """When it was claimed or expected, in EDTF."""
    countries: tuple[str, ...] = ()
    """Countries the claimed journey was to; empty for a period with no journey at all."""
    verdict: NonEmpty
    """Why it is not a trip: ``not-made``, ``rumoured``, ``contradicted``..."""
    claim: NonEmpty
    reason: NonEmpty
    sources: tuple[Source, ...] = Field(min_length=1)

    @property
    def key(self) -> str:
        return self.id

    def _label(self) -> str:
        return f"{self.id} {self.date_edtf} {'+'.join(self.countries)} ({self.verdict})"

    @property
    def date(self) -> edtf.EDTF:
        """The claimed date with its precision and earliest/latest days."""
        return edtf.parse(self.date_edtf)
