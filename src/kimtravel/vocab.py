"""Closed vocabularies of the kimtravel data package.

Each vocabulary is a ``Literal`` type (for type checkers) and a tuple of its values (for code that
needs to iterate). The descriptor's ``enum`` constraints must list the same values in the same
order; ``tests/schema/test_vocab_agrees.py`` checks that they do.
"""

from __future__ import annotations

from typing import Literal, get_args

Mode = Literal["train", "air", "car", "foot", "ship"]
"""How a leg was travelled."""

EventKind = Literal[
    "summit",
    "talks",
    "meeting",
    "banquet",
    "reception",
    "tour",
    "ceremony",
    "signing",
    "performance",
    "parade",
    "other",
]
"""What kind of meeting or visit an event was."""

PlaceKind = Literal["city", "station", "airport", "border-crossing", "venue", "site", "port"]
"""What kind of place a place is."""

MODES: tuple[Mode, ...] = get_args(Mode)
EVENT_KINDS: tuple[EventKind, ...] = get_args(EventKind)
PLACE_KINDS: tuple[PlaceKind, ...] = get_args(PlaceKind)

LIST_SEPARATOR = ";"
"""Separator of list-valued CSV cells (``CN;RU``)."""
