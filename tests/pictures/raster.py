"""Render SVG with a real renderer (cairosvg) and read pixels back; parse SVG as XML."""

from __future__ import annotations

import io
from collections.abc import Callable
from xml.etree import ElementTree

import pytest

cairosvg = pytest.importorskip("cairosvg")
Image = pytest.importorskip("PIL.Image")

SVG_NS = "{http://www.w3.org/2000/svg}"

Pixels = Callable[[float, float], tuple[int, int, int]]


def rasterize(svg_text: str) -> Pixels:
    """Render SVG text to PNG with cairosvg and return a pixel reader ``(x, y) -> (r, g, b)``."""
    png = cairosvg.svg2png(bytestring=svg_text.encode("utf-8"))
    image = Image.open(io.BytesIO(png)).convert("RGB")

    def pixel(x: float, y: float) -> tuple[int, int, int]:
        return image.getpixel((int(x), int(y)))  # type: ignore[no-any-return]

    return pixel


def parse(svg_text: str) -> ElementTree.Element:
    """Parse SVG text as XML (fails on malformed output)."""
    return ElementTree.fromstring(svg_text)


def hex_rgb(colour: str) -> tuple[int, int, int]:
    """Return ``#RRGGBB`` as an (r, g, b) tuple."""
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def close(a: tuple[int, int, int], b: tuple[int, int, int], tolerance: int = 12) -> bool:
    """Return whether two colours differ by at most ``tolerance`` in every channel."""
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))
