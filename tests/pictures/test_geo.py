"""The shipped borders: size, coverage, and point-in-country answers a validator relies on."""

from __future__ import annotations

import itertools
from importlib import resources

import pytest

from kimtravel import geo
from kimtravel.models import haversine_km
from tests.pictures.synthetic import all_trips

CAPITALS = {
    "KP": (39.03, 125.75),
    "CN": (39.90, 116.40),
    "VN": (21.03, 105.85),
    "RU": (55.75, 37.62),
    "DZ": (36.75, 3.06),
    "MR": (18.09, -15.98),
    "MN": (47.92, 106.92),
    "DE": (52.52, 13.40),
    "RO": (44.43, 26.10),
    "ID": (-6.20, 106.85),
}


def test_basemap_file_is_small() -> None:
    path = resources.files("kimtravel").joinpath("basemap", "countries.json")
    assert len(path.read_bytes()) < 300_000


def test_basemap_records_its_source_and_region() -> None:
    base = geo.basemap()
    assert "Natural Earth" in base.source
    assert "world-atlas" in base.source
    west, south, east, north = base.region
    assert west <= -17 and east >= 150 and south <= -10 and north >= 72


@pytest.mark.parametrize(("code", "point"), sorted(CAPITALS.items()))
def test_capitals_fall_in_their_country(code: str, point: tuple[float, float]) -> None:
    assert geo.country_at(*point) == code
    assert geo.in_country(code, *point, tolerance_km=0)


def test_sea_is_no_country() -> None:
    assert geo.country_at(38.0, 123.0) is None  # Yellow Sea
    assert geo.country_at(40.0, 135.0) is None  # Sea of Japan


def test_coastal_places_need_the_tolerance_only() -> None:
    # Sentosa's hotel sits on the shore: inside Singapore within a few km.
    assert geo.in_country("SG", 1.2494, 103.8244, tolerance_km=5)
    assert geo.distance_to_country_km("SG", 1.2494, 103.8244) < 5
    assert geo.in_country("RU", 43.12, 131.89)
    # Russky Island is not in the 1:50m data: its places need the default 15 km.
    assert geo.country_at(43.024, 131.893) is None
    assert geo.in_country("RU", 43.024, 131.893)


def test_a_point_across_the_border_is_refused() -> None:
    # Pyongyang is ~160 km from China; Dandong is in China, Sinuiju in North Korea.
    assert not geo.in_country("CN", 39.03, 125.75, tolerance_km=50)
    assert geo.distance_to_country_km("CN", 39.03, 125.75) > 100
    assert geo.country_at(40.12, 124.39) == "CN"
    assert geo.country_at(40.05, 124.45) == "KP"


def test_former_states_use_their_successors() -> None:
    assert geo.in_country("SUHH", 55.75, 37.62)  # Moscow
    assert geo.in_country("SUHH", 50.45, 30.52)  # Kyiv
    assert geo.in_country("DDDE", 52.52, 13.40)
    assert not geo.in_country("DDDE", 44.43, 26.10)
    assert geo.country_name("SUHH") == "Soviet Union"


def test_errors_are_explicit() -> None:
    with pytest.raises(KeyError):
        geo.in_country("ZZ", 39.0, 125.0)
    with pytest.raises(ValueError, match="outside"):
        geo.in_country("US", 38.9, -77.0)


def test_every_synthetic_place_is_in_its_country() -> None:
    places = {p.id: p for t in all_trips() for p in t.places}
    for place in places.values():
        assert geo.in_country(place.country, place.latitude, place.longitude), place.id


def test_neighbours_share_their_border() -> None:
    # Arcs are simplified once for both neighbours, so no point inland falls in a gap or sliver.
    for i in range(15):
        for j in range(36):
            lat, lon = 40.6 + i * 0.1, 125.0 + j * 0.1
            assert geo.country_at(lat, lon) in {"CN", "KP"}, (lat, lon)


def test_a_line_is_cut_into_land_and_water_stretches() -> None:
    # Tianjin to Pyongyang, straight: over the Bohai Sea and Korea Bay.
    pieces = geo.stretches(39.14, 117.18, 39.03, 125.74)
    assert pieces[0].country == "CN" and pieces[-1].country == "KP"
    assert None in {p.country for p in pieces}
    assert pieces[0].start == 0.0 and pieces[-1].end == 1.0
    for a, b in itertools.pairwise(pieces):
        assert a.end == b.start and a.country != b.country
    total = sum(p.km for p in pieces)
    assert abs(total - haversine_km(39.14, 117.18, 39.03, 125.74)) < 1
    assert geo.water_km(39.14, 117.18, 39.03, 125.74) > 200
    # Beijing to Zhengzhou stays in China.
    assert [p.country for p in geo.stretches(39.90, 116.40, 34.75, 113.63)] == ["CN"]
    assert geo.water_km(39.90, 116.40, 34.75, 113.63) == 0.0


def test_water_at_an_end_within_the_shore_tolerance_is_no_crossing() -> None:
    # Russky Island's campus lies off the 1:50m coast: the line ends over water.
    pieces = geo.stretches(43.12, 131.89, 43.024, 131.893)
    assert pieces[-1].country is None
    assert geo.water_km(43.12, 131.89, 43.024, 131.893) == 0.0
    assert geo.water_km(43.12, 131.89, 43.024, 131.893, shore_km=0) > 0
