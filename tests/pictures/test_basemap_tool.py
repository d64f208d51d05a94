"""The basemap builder's steps, on small shapes whose answers are known."""

from __future__ import annotations

from kimtravel import geo
from tools import make_basemap as mb


def test_douglas_peucker_keeps_corners_and_drops_near_straight_points() -> None:
    line = [(0.0, 0.0), (1.0, 0.01), (2.0, 0.0), (2.0, 2.0)]
    assert mb.douglas_peucker(line, 0.05) == [(0.0, 0.0), (2.0, 0.0), (2.0, 2.0)]
    assert mb.douglas_peucker(line, 0.001) == line


def test_clip_ring_cuts_to_the_box() -> None:
    square = [(-5.0, -5.0), (5.0, -5.0), (5.0, 5.0), (-5.0, 5.0)]
    clipped = mb.clip_ring(square, (0.0, 0.0, 10.0, 10.0))
    assert sorted(set(clipped)) == [(0.0, 0.0), (0.0, 5.0), (5.0, 0.0), (5.0, 5.0)]
    assert mb.ring_area(clipped) == 25.0


def test_rings_across_the_antimeridian_are_unwrapped() -> None:
    ring = [(179.0, 65.0), (-179.0, 65.0), (-179.0, 66.0), (179.0, 66.0)]
    unwrapped = mb.unwrap_ring(ring)
    assert [p[0] for p in unwrapped] == [179.0, 181.0, 181.0, 179.0]
    clipped = mb.clip_ring(unwrapped, (170.0, 60.0, 180.0, 70.0))
    assert max(p[0] for p in clipped) == 180.0 and min(p[0] for p in clipped) == 179.0


def test_encoded_rings_decode_to_the_rounded_points() -> None:
    ring = [(125.751, 39.019), (125.9, 39.2), (125.9, 39.2), (125.6, 39.3), (125.751, 39.019)]
    flat = mb.encode_ring(ring, 2)
    assert flat == [12575, 3902, 15, 18, -30, 10]
    assert geo.decode_ring(flat, 0.01) == ((125.75, 39.02), (125.9, 39.2), (125.6, 39.3))


def test_arcs_are_joined_into_rings() -> None:
    arcs = [[(0.0, 0.0), (1.0, 0.0), (1.0, 1.0)], [(0.0, 0.0), (0.0, 1.0), (1.0, 1.0)]]
    assert mb.assemble_ring([0, ~1], arcs) == [
        (0.0, 0.0),
        (1.0, 0.0),
        (1.0, 1.0),
        (0.0, 1.0),
        (0.0, 0.0),
    ]


def test_decode_arcs_undoes_quantization_and_deltas() -> None:
    topology = {
        "transform": {"scale": [0.5, 0.25], "translate": [10, 20]},
        "arcs": [[[0, 0], [2, 4], [-1, 0]]],
    }
    assert mb.decode_arcs(topology) == [[(10.0, 20.0), (11.0, 21.0), (10.5, 21.0)]]
