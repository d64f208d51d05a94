"""Shared fixtures: the bundled dataset and synthetic packages written to pytest's tmp_path."""

from __future__ import annotations

import datetime as dt
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import kimtravel
from kimtravel.db import Dataset
from tests import builders


@pytest.fixture(scope="session")
def bundled() -> Dataset:
    """The data package shipped with the library."""
    return kimtravel.dataset()


@pytest.fixture
def small_rows() -> builders.Rows:
    """Rows of a small valid package: three trips with one, two and three stops."""
    rows = builders.base_rows()
    day = dt.date(2001, 1, 1)
    day = builders.add_trip(rows, day, [("CN", 0, "train")]) + dt.timedelta(days=3)
    day = builders.add_trip(rows, day, [("RU", 0, "train"), ("RU", 1, "air")]) + dt.timedelta(
        days=3
    )
    builders.add_trip(rows, day, [("VN", 0, "air"), ("CN", 1, "train"), ("SG", 0, "air")])
    return rows


@pytest.fixture
def write(tmp_path: Path) -> Callable[[builders.Rows], Path]:
    """Write rows as a package in a fresh folder under tmp_path; return its ``datapackage.json``."""
    counter = iter(range(1_000_000))

    def _write(rows: builders.Rows) -> Path:
        return builders.write_rows(tmp_path / f"pkg{next(counter)}", rows)

    return _write


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """Make every attempt to open a network connection fail loudly (and record it)."""
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    yield attempts
