"""Semantic checks that no Table Schema can express, over loaded records.

Each check yields :class:`~kimtravel.errors.Problem` values naming the resource, the row's key and
the field. All checks are linear in the number of rows (the overlap check sorts once).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from kimtravel.errors import Problem
from kimtravel.loader import LoadedData
from kimtravel.models import Country, Event, Leg, Person, Place, Source, Trip

SEEDS_DIR = "seeds"
COORDINATE_MARGIN_DEG = 0.1
"""Slack around a country's bounding box (about 11 km): the boxes come from low-resolution
outlines that clip small islands and coasts (Singapore's Sentosa, for one)."""
"""Folder beside ``datapackage.json`` holding one note per source: ``seeds/<source id>.md``."""


def semantic_problems(loaded: LoadedData) -> list[Problem]:
    """Return every semantic problem of a loaded package (empty when there is none)."""
    trips = loaded.table("trips", Trip)
    countries = loaded.table("countries", Country)
    problems: list[Problem] = []
    for trip in trips.values():
        problems.extend(_trip_dates(trip))
        problems.extend(_leg_chain(trip))
        problems.extend(_derived_columns(trip))
        problems.extend(_trip_countries_known(trip, countries))
    problems.extend(_overlaps(trips.values()))
    problems.extend(_places(loaded.table("places", Place), countries))
    problems.extend(_people(loaded.table("people", Person), countries))
    problems.extend(_source_notes(loaded.table("sources", Source), loaded.files.root))
    return problems


def _leg_key(leg: Leg | Event) -> str:
    return f"{leg.trip_id}/{leg.seq}"


def _trip_dates(trip: Trip) -> Iterator[Problem]:
    """Dates in order: start <= each leg's departure <= its arrival <= next departure <= end."""
    if trip.start_date > trip.end_date:
        yield Problem(
            "trips",
            trip.id,
            "end_date",
            f"ends {trip.end_date} before it starts {trip.start_date}",
            "date-order",
        )
        return
    previous: Leg | None = None
    for leg in trip.legs:
        key = _leg_key(leg)
        for field, day in (("depart_date", leg.depart_date), ("arrive_date", leg.arrive_date)):
            if day is not None and not trip.start_date <= day <= trip.end_date:
                yield Problem(
                    "legs",
                    key,
                    field,
                    f"{day} is outside the trip ({trip.start_date} to {trip.end_date})",
                    "date-order",
                )
        if leg.depart_date and leg.arrive_date and leg.depart_date > leg.arrive_date:
            yield Problem(
                "legs",
                key,
                "arrive_date",
                f"arrives {leg.arrive_date} before it departs {leg.depart_date}",
                "date-order",
            )
        if (
            previous is not None
            and previous.arrive_date
            and leg.depart_date
            and leg.depart_date < previous.arrive_date
        ):
            yield Problem(
                "legs",
                key,
                "depart_date",
                f"departs {leg.depart_date} before the previous leg arrives {previous.arrive_date}",
                "date-order",
            )
        previous = leg
    last_event: Event | None = None
    for event in trip.events:
        key = _leg_key(event)
        if event.date is None:
            continue
        if not trip.start_date <= event.date <= trip.end_date:
            yield Problem(
                "events",
                key,
                "date",
                f"{event.date} is outside the trip ({trip.start_date} to {trip.end_date})",
                "date-order",
            )
        if last_event is not None and last_event.date is not None and event.date < last_event.date:
            yield Problem(
                "events",
                key,
                "date",
                f"{event.date} is before the previous dated event ({last_event.date}): events are numbered in time order",
                "date-order",
            )
        last_event = event
    if trip.legs:
        first, last = trip.legs[0], trip.legs[-1]
        if trip.departure_known and first.depart_date != trip.start_date:
            yield Problem(
                "trips",
                trip.id,
                "start_date",
                f"departure is known but the first leg departs {first.depart_date}, not {trip.start_date}",
                "date-order",
            )
        if trip.return_known and last.arrive_date != trip.end_date:
            yield Problem(
                "trips",
                trip.id,
                "end_date",
                f"return is known but the last leg arrives {last.arrive_date}, not {trip.end_date}",
                "date-order",
            )


def _leg_chain(trip: Trip) -> Iterator[Problem]:
    """Legs and events numbered 1..n; each leg starts where the previous ended; home at both ends."""
    if not trip.legs:
        yield Problem("trips", trip.id, "", "the trip has no legs", "leg-chain")
    if not trip.events:
        yield Problem("trips", trip.id, "", "the trip has no events", "leg-chain")
    numbered: tuple[tuple[str, tuple[Leg | Event, ...]], ...] = (
        ("legs", trip.legs),
        ("events", trip.events),
    )
    for resource, rows in numbered:
        for expected, row in enumerate(rows, start=1):
            if row.seq != expected:
                yield Problem(
                    resource,
                    _leg_key(row),
                    "seq",
                    f"expected seq {expected}: rows of a trip are numbered 1, 2, 3... without gaps",
                    "sequence",
                )
                break
    for before, leg in zip(trip.legs, trip.legs[1:], strict=False):
        if leg.origin.id != before.destination.id:
            yield Problem(
                "legs",
                _leg_key(leg),
                "origin",
                f"starts at {leg.origin.id!r} but the previous leg ended at {before.destination.id!r}",
                "leg-chain",
            )
    if trip.legs:
        home = trip.traveler.country
        first, last = trip.legs[0], trip.legs[-1]
        if trip.departure_known and first.origin.country != home:
            yield Problem(
                "legs",
                _leg_key(first),
                "origin",
                f"the departure from home is known, but the first leg starts in {first.origin.country}, not {home}",
                "home",
            )
        if trip.return_known and last.destination.country != home:
            yield Problem(
                "legs",
                _leg_key(last),
                "destination",
                f"the return home is known, but the last leg ends in {last.destination.country}, not {home}",
                "home",
            )


def expected_modes(trip: Trip) -> tuple[str, ...]:
    """Return the modes a trip's ``modes`` column must hold: each leg mode once, in first use."""
    return tuple(dict.fromkeys(leg.mode for leg in trip.legs))


def visited_countries(trip: Trip) -> tuple[str, ...]:
    """Return the foreign countries of a trip's legs and events, each once, in order of first mention."""
    home = trip.traveler.country
    return tuple(c for c in dict.fromkeys(p.country for p in trip.places) if c != home)


def _derived_columns(trip: Trip) -> Iterator[Problem]:
    """``modes``, ``countries`` and ``transit_countries`` agree with the legs and events."""
    modes = expected_modes(trip)
    if trip.legs and trip.modes != modes:
        yield Problem(
            "trips",
            trip.id,
            "modes",
            f"is {';'.join(trip.modes)} but the legs give {';'.join(modes)}",
            "derived",
        )
    visited = visited_countries(trip)
    declared = set(trip.countries) | set(trip.transit_countries)
    both = set(trip.countries) & set(trip.transit_countries)
    if both:
        yield Problem(
            "trips",
            trip.id,
            "transit_countries",
            f"{';'.join(sorted(both))} listed both as destination and transit",
            "derived",
        )
    if trip.traveler.country in declared:
        yield Problem(
            "trips",
            trip.id,
            "countries",
            f"the home country {trip.traveler.country} is listed",
            "derived",
        )
    if declared - {trip.traveler.country} != set(visited):
        yield Problem(
            "trips",
            trip.id,
            "countries",
            f"countries {';'.join(trip.countries)} and transit {';'.join(trip.transit_countries) or '(none)'} do not match the places of the legs and events ({';'.join(visited) or 'none'})",
            "derived",
        )
    elif tuple(c for c in visited if c in trip.countries) != trip.countries:
        order = ";".join(c for c in visited if c in trip.countries)
        yield Problem(
            "trips",
            trip.id,
            "countries",
            f"is {';'.join(trip.countries)} but the order of first visit is {order}",
            "derived",
        )
    event_countries = {event.place.country for event in trip.events}
    for code in trip.countries:
        if code not in event_countries:
            yield Problem(
                "trips",
                trip.id,
                "countries",
                f"destination {code} has no event; a country only passed through is a transit country",
                "derived",
            )


def _trip_countries_known(trip: Trip, countries: dict[str, Country]) -> Iterator[Problem]:
    for field, codes in (
        ("countries", trip.countries),
        ("transit_countries", trip.transit_countries),
    ):
        for code in codes:
            if code not in countries:
                yield Problem(
                    "trips", trip.id, field, f"{code!r} is not a code in countries", "foreign-key"
                )


def _overlaps(trips: Iterable[Trip]) -> Iterator[Problem]:
    """A traveller's trips do not overlap in time (one sort, then neighbours)."""
    by_traveler: dict[str, list[Trip]] = {}
    for trip in trips:
        by_traveler.setdefault(trip.traveler.id, []).append(trip)
    for group in by_traveler.values():
        group.sort(key=lambda t: (t.start_date, t.end_date))
        latest: Trip | None = None
        for trip in group:
            if latest is not None and trip.start_date <= latest.end_date:
                yield Problem(
                    "trips",
                    trip.id,
                    "start_date",
                    f"starts {trip.start_date}, before {latest.id} ends {latest.end_date}: a traveller's trips cannot overlap",
                    "overlap",
                )
            if latest is None or trip.end_date > latest.end_date:
                latest = trip


def _places(places: dict[str, Place], countries: dict[str, Country]) -> Iterator[Problem]:
    """Each place's country is known and its coordinates fall in that country's bounding box."""
    for place in places.values():
        country = countries.get(place.country)
        if country is None:
            yield Problem(
                "places",
                place.id,
                "country",
                f"{place.country!r} is not a code in countries",
                "foreign-key",
            )
            continue
        if (place.latitude is None) != (place.longitude is None):
            yield Problem(
                "places",
                place.id,
                "latitude",
                "latitude and longitude must be given together",
                "coordinates",
            )
        elif (
            place.latitude is not None
            and place.longitude is not None
            and not country.contains(place.latitude, place.longitude, margin=COORDINATE_MARGIN_DEG)
        ):
            yield Problem(
                "places",
                place.id,
                "latitude",
                f"({place.latitude}, {place.longitude}) is outside {country.name}'s bounding box (with a {COORDINATE_MARGIN_DEG} degree margin)",
                "coordinates",
            )


def _people(people: dict[str, Person], countries: dict[str, Country]) -> Iterator[Problem]:
    for person in people.values():
        if person.country not in countries:
            yield Problem(
                "people",
                person.id,
                "country",
                f"{person.country!r} is not a code in countries",
                "foreign-key",
            )


def _source_notes(sources: dict[str, Source], root: Path) -> Iterator[Problem]:
    """Every source has its note ``seeds/<id>.md`` beside the descriptor."""
    folder = root / SEEDS_DIR
    present = {p.stem for p in folder.glob("*.md")} if folder.is_dir() else set()
    for source_id in sources:
        if source_id not in present:
            yield Problem(
                "sources",
                source_id,
                "id",
                f"no note {SEEDS_DIR}/{source_id}.md: every source needs one",
                "source-note",
            )
