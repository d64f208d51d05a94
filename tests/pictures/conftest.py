"""Fixtures for the picture tests: synthetic trips built from kimtravel.models."""

from __future__ import annotations

import pytest

from kimtravel.models import Trip
from tests.pictures.synthetic import all_trips, hanoi_trip


@pytest.fixture(scope="session")
def trips() -> list[Trip]:
    """A varied synthetic set of trips by three travellers."""
    return all_trips()


@pytest.fixture(scope="session")
def hanoi() -> Trip:
    """A Hanoi-like trip: train through China, car in Vietnam, train back."""
    return hanoi_trip()
