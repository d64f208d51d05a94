"""Semantic checks that no Table Schema can express, over built records.

Each check yields :class:`~kimtravel.errors.Problem` values naming the resource, the row's key and
the field. All checks are linear in the number of rows (the overlap check sorts once). A trip with
a leg or event already rejected is not checked again as a whole (its fault is reported once).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from kimtravel import edtf
from kimtravel.errors import Problem
from kimtravel.models import Country, Event, Leg, NonTrip, Place, Source, Trip
from kimtravel.records import Records

SEEDS_DIR = "seeds"
"""Folder beside ``datapackage.json`` holding one note per source: ``seeds/<source id>.md``."""
COORDINATE_MARGIN_DEG = 0.1
"""Slack around a country's bounding box (about 11 km): the boxes come from low-resolution
outlines that clip small islands and coasts."""
HOME_BASIS = "home"
UNKNOWN_MODE = "unknown"
"""The ``legs.mode`` value of a leg whose means no source reports; never in ``trips.modes``."""


def semantic_problems(records: Records, root: Path, *, borders: bool = False) -> list[Problem]:
    """Return every semantic problem of built records (empty when there is none).

    ``borders`` adds the check of each place against its country's shipped borders
    (:func:`kimtravel.geo.in_country`), which catches what a bounding box cannot (Pyongyang's
    coordinates on a Beijing station) but costs the loading of the borders: ``validate`` runs it,
    ``load`` keeps to the bounding boxes.
    """
    trips = records.table("trips", Trip)
    countries = records.table("countries", Country)
    problems: list[Problem] = []
    for trip in trips.values():
        if trip.id in records.tainted:
            continue
        problems.extend(_trip_dates(trip))
        problems.extend(_leg_chain(trip))
        problems.extend(_derived_columns(trip, countries))
        problems.extend(_legs(trip))
    problems.extend(_overlaps(t for t in trips.values() if t.id not in records.tainted))
    outside_box = list(_places(records.table("places", Place), countries))
    problems.extend(outside_box)
    if borders:
        reported = {p.key for p in outside_box}
        problems.extend(
            _borders(p for p in records.table("places", Place).values() if p.id not in reported)
        )
    problems.extend(_countries(countries))
    problems.extend(_non_trips(records.table("non_trips", NonTrip)))
    problems.extend(_source_notes(records.table("sources", Source), root))
    return problems


def _key(row: Leg | Event) -> str:
    return f"{row.trip_id}/{row.seq}"


def _trip_dates(trip: Trip) -> Iterator[Problem]:
    """EDTF and derived days agree; start <= legs and events <= end; the leader was leader."""
    for column, text, derived, bound in (
        ("start_date", trip.start_edtf, trip.start_date, "earliest"),
        ("end_date", trip.end_edtf, trip.end_date, "latest"),
    ):
        if len(text) == 10 and text == derived.isoformat():
            continue  # a plain day that is the derived day: nothing to parse
        value = edtf.parse(text)
        expected = value.earliest if bound == "earliest" else value.latest
        if derived != expected:
            yield Problem(
                "trips",
                trip.id,
                column,
                f"is {derived}, but the {bound} day {text!r} allows is {expected}",
                "derived",
            )
    for column, basis, known in (
        ("departure_known", trip.start_basis, trip.departure_known),
        ("return_known", trip.end_basis, trip.return_known),
    ):
        if known != (basis == HOME_BASIS):
            yield Problem(
                "trips",
                trip.id,
                column,
                f"is {str(known).lower()} but the basis is {basis!r}",
                "derived",
            )
    if trip.start_date > trip.end_date:
        yield Problem(
            "trips",
            trip.id,
            "end_date",
            f"ends {trip.end_date} before it starts {trip.start_date}",
            "date-order",
        )
        return
    if trip.official_start and trip.official_end and trip.official_start > trip.official_end:
        yield Problem(
            "trips",
            trip.id,
            "official_end",
            "the official visit ends before it starts",
            "date-order",
        )
    for column, day in (
        ("official_start", trip.official_start),
        ("official_end", trip.official_end),
    ):
        if day is not None and not trip.start_date <= day <= trip.end_date:
            yield Problem(
                "trips",
                trip.id,
                column,
                f"{day} is outside the trip ({trip.start_date} to {trip.end_date})",
                "date-order",
            )
    traveler = trip.traveler
    if (traveler.leader_from and trip.start_date < traveler.leader_from) or (
        traveler.leader_to and trip.end_date > traveler.leader_to
    ):
        yield Problem(
            "trips",
            trip.id,
            "start_date",
            f"falls outside {traveler.name}'s time as leader ({traveler.leader_from} to {traveler.leader_to or 'today'})",
            "leader",
        )
    latest: tuple[str, object] | None = None  # the last known day so far, and which leg gave it
    for leg in trip.legs:
        key = _key(leg)
        for column, day in (("depart_date", leg.depart_date), ("arrive_date", leg.arrive_date)):
            if day is not None and not trip.start_date <= day <= trip.end_date:
                yield Problem(
                    "legs",
                    key,
                    column,
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
        if latest is not None and leg.depart_date is not None:
            seen_key, seen_day = latest
            if leg.depart_date < seen_day:  # type: ignore[operator]
                yield Problem(
                    "legs",
                    key,
                    "depart_date",
                    f"departs {leg.depart_date}, before leg {seen_key} arrives {seen_day}",
                    "date-order",
                )
        day = leg.arrive_date or leg.depart_date
        if day is not None and (latest is None or day >= latest[1]):  # type: ignore[operator]
            latest = (key, day)
    last_event: Event | None = None
    for event in trip.events:
        if event.date is None:
            continue
        key = _key(event)
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
        start, end = edtf.parse(trip.start_edtf), edtf.parse(trip.end_edtf)
        if (
            trip.departure_known
            and first.depart_date is not None
            and not start.earliest <= first.depart_date <= start.latest
        ):
            yield Problem(
                "trips",
                trip.id,
                "start_date",
                f"departure is known ({trip.start_edtf}) but the first leg departs {first.depart_date}",
                "date-order",
            )
        if (
            trip.return_known
            and last.arrive_date is not None
            and not end.earliest <= last.arrive_date <= end.latest
        ):
            yield Problem(
                "trips",
                trip.id,
                "end_date",
                f"return is known ({trip.end_edtf}) but the last leg arrives {last.arrive_date}",
                "date-order",
            )


def _leg_chain(trip: Trip) -> Iterator[Problem]:
    """Rows numbered 1..n; each leg starts where the previous ended; home at both known ends."""
    if not trip.legs:
        yield Problem(
            "trips",
            trip.id,
            "",
            "the trip has no legs (a leg of unknown mode records a journey whose means are not reported)",
            "leg-chain",
        )
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
                    _key(row),
                    "seq",
                    f"expected seq {expected}: rows of a trip are numbered 1, 2, 3... without gaps",
                    "sequence",
                )
                break
    for before, leg in zip(trip.legs, trip.legs[1:], strict=False):
        if leg.origin.id != before.destination.id:
            yield Problem(
                "legs",
                _key(leg),
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
                _key(first),
                "origin",
                f"the departure from home is known, but the first leg starts in {first.origin.country}, not {home}",
                "home",
            )
        if trip.return_known and last.destination.country != home:
            yield Problem(
                "legs",
                _key(last),
                "destination",
                f"the return home is known, but the last leg ends in {last.destination.country}, not {home}",
                "home",
            )


def leg_modes(trip: Trip) -> tuple[str, ...]:
    """Return the reported modes of a trip's legs, each once, in order of first use."""
    return tuple(dict.fromkeys(leg.mode for leg in trip.legs if leg.mode != UNKNOWN_MODE))


def _is_subsequence(part: tuple[str, ...], whole: tuple[str, ...]) -> bool:
    remaining = iter(whole)
    return all(item in remaining for item in part)


def state_at(code: str, trip: Trip, countries: dict[str, Country]) -> str | None:
    """Return the state that held a present-day country on a trip's dates.

    That is the country itself when it existed then, otherwise the former state listing it as a
    successor that existed then (``RU`` in 1984 is ``SUHH``); ``None`` when neither.
    """
    country = countries.get(code)
    if country is not None and country.existed(trip.start_date, trip.end_date):
        return code
    for former in countries.values():
        if code in former.successors and former.existed(trip.start_date, trip.end_date):
            return former.code
    return None


def visited_states(trip: Trip, countries: dict[str, Country]) -> tuple[str, ...]:
    """Return the foreign states of a trip's places on its dates, each once, in first mention."""
    home = trip.traveler.country
    states = (state_at(p.country, trip, countries) or p.country for p in trip.places)
    return tuple(c for c in dict.fromkeys(states) if c != home)


def _derived_columns(trip: Trip, countries: dict[str, Country]) -> Iterator[Problem]:
    """``modes``, ``countries`` and ``transit_countries`` agree with the legs and events."""
    modes = leg_modes(trip)
    given = ";".join(trip.modes)
    if UNKNOWN_MODE in trip.modes and (len(trip.modes) > 1 or modes):
        yield Problem(
            "trips",
            trip.id,
            "modes",
            f"is {given}: `unknown` stands alone, for no reported mode",
            "derived",
        )
    elif UNKNOWN_MODE not in trip.modes and trip.modes[: len(modes)] != modes:
        yield Problem(
            "trips",
            trip.id,
            "modes",
            f"is {given} but must begin with the legs' modes in order of use ({';'.join(modes)})",
            "derived",
        )
    for column, codes in (
        ("countries", trip.countries),
        ("transit_countries", trip.transit_countries),
    ):
        for code in codes:
            country = countries.get(code)
            if country is not None and not country.existed(trip.start_date, trip.end_date):
                yield Problem(
                    "trips",
                    trip.id,
                    column,
                    f"{code} ({country.name}) did not exist from {trip.start_date} to {trip.end_date}",
                    "country-dates",
                )
    unplaced = [p for p in trip.places if state_at(p.country, trip, countries) is None]
    for place in unplaced:
        yield Problem(
            "places",
            place.id,
            "country",
            f"no state in countries held {place.country} on the dates of {trip.id}",
            "country-dates",
        )
    if unplaced:
        return  # the comparisons below would only repeat this fault
    visited = visited_states(trip, countries)
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
    undeclared = [c for c in visited if c not in declared]
    if undeclared:
        yield Problem(
            "trips",
            trip.id,
            "countries",
            f"the legs and events reach {';'.join(undeclared)}, listed neither as a destination nor as transit",
            "derived",
        )
    elif not _is_subsequence(tuple(c for c in visited if c in trip.countries), trip.countries):
        order = ";".join(c for c in visited if c in trip.countries)
        yield Problem(
            "trips",
            trip.id,
            "countries",
            f"is {';'.join(trip.countries)} but the legs and events reach them in the order {order}",
            "derived",
        )


def _legs(trip: Trip) -> Iterator[Problem]:
    """A leg's vehicle is one of its mode."""
    for leg in trip.legs:
        if leg.vehicle is not None and leg.mode not in (UNKNOWN_MODE, leg.vehicle.mode):
            yield Problem(
                "legs",
                _key(leg),
                "vehicle",
                f"{leg.vehicle.id!r} is a {leg.vehicle.mode} vehicle but the leg's mode is {leg.mode}",
                "vehicle",
            )


def _overlaps(trips: Iterable[Trip]) -> Iterator[Problem]:
    """A traveller's trips do not overlap in time (one sort, then neighbours)."""
    by_traveler: dict[str, list[Trip]] = {}
    for trip in trips:
        by_traveler.setdefault(trip.traveler.id, []).append(trip)
    for group in by_traveler.values():
        group.sort(key=lambda t: (t.start_date, t.end_date, t.id))
        latest: Trip | None = None
        for trip in group:
            if (
                latest is not None
                and trip.start_date <= latest.end_date
                and _both_exact(trip, latest)
            ):
                yield Problem(
                    "trips",
                    trip.id,
                    "start_date",
                    f"starts {trip.start_date}, before {latest.id} ends {latest.end_date}: a traveller's trips cannot overlap",
                    "overlap",
                )
            if latest is None or trip.end_date > latest.end_date:
                latest = trip


def _both_exact(a: Trip, b: Trip) -> bool:
    """Whether two trips' days are known well enough for an overlap to be a contradiction."""
    return all(
        edtf.parse(t).precision == "day"
        for t in (a.start_edtf, a.end_edtf, b.start_edtf, b.end_edtf)
    )


def _places(places: dict[str, Place], countries: dict[str, Country]) -> Iterator[Problem]:
    """Each place's coordinates fall in its country's bounding box."""
    for place in places.values():
        country = countries.get(place.country)
        if country is not None and not country.contains(
            place.latitude, place.longitude, margin=COORDINATE_MARGIN_DEG
        ):
            yield Problem(
                "places",
                place.id,
                "latitude",
                f"({place.latitude}, {place.longitude}) is outside {country.name}'s bounding box "
                f"(with a {COORDINATE_MARGIN_DEG} degree margin)",
                "coordinates",
            )


def _borders(places: Iterable[Place]) -> Iterator[Problem]:
    """Each place lies within its country's shipped borders (with their tolerance)."""
    from kimtravel import geo

    for place in places:
        try:
            inside = geo.in_country(place.country, place.latitude, place.longitude)
        except (KeyError, ValueError):
            continue  # a country or region the shipped borders do not cover
        if not inside:
            distance = geo.distance_to_country_km(place.country, place.latitude, place.longitude)
            yield Problem(
                "places",
                place.id,
                "latitude",
                f"({place.latitude}, {place.longitude}) lies {distance:.0f} km outside {place.country}'s borders",
                "coordinates",
            )


def _countries(countries: dict[str, Country]) -> Iterator[Problem]:
    """A former state has an end and successors; dates are in order."""
    for country in countries.values():
        if country.valid_from and country.valid_to and country.valid_from > country.valid_to:
            yield Problem(
                "countries",
                country.code,
                "valid_to",
                "the state ends before it begins",
                "date-order",
            )
        if country.successors and country.valid_to is None:
            yield Problem(
                "countries",
                country.code,
                "successors",
                "only a state that no longer exists has successors",
                "derived",
            )
        if country.code in country.successors:
            yield Problem(
                "countries", country.code, "successors", "a state cannot succeed itself", "derived"
            )


def _non_trips(non_trips: dict[str, NonTrip]) -> Iterator[Problem]:
    """A claim about a traveller names a traveller (someone with a time as leader)."""
    for claim in non_trips.values():
        if claim.traveler.leader_from is None:
            yield Problem(
                "non_trips",
                claim.id,
                "traveler",
                f"{claim.traveler.id!r} has no time as leader in people",
                "leader",
            )


def _source_notes(sources: dict[str, Source], root: Path) -> Iterator[Problem]:
    """Every source has its note ``seeds/<id>.md``, a regular file beside the descriptor."""
    present: set[str] = set()
    folder = root / SEEDS_DIR
    if folder.is_symlink() and sources:
        yield Problem(
            "sources",
            "",
            "",
            f"{SEEDS_DIR}/ is a link out of the package: the source notes must be in it",
            "source-note",
        )
        return
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                # a regular file, not a link: what the export copies, so the two agree
                if entry.name.endswith(".md") and entry.is_file(follow_symlinks=False):
                    present.add(entry.name[:-3])
    except OSError:
        pass
    for source_id in sources:
        if source_id not in present:
            yield Problem(
                "sources",
                source_id,
                "id",
                f"no note {SEEDS_DIR}/{source_id}.md: every source needs one (a file)",
                "source-note",
            )
