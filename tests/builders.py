"""Build synthetic kimtravel packages for tests and benchmarks.

A package is described as plain rows (``{resource: [ {column: cell string} ]}``), written as CSV
with the repository's own descriptor (hashes recomputed) and a note per source, so tests can
corrupt any cell and see whether the validator names it. Nothing here depends on the shipped
data's values.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import hashlib
import io
import json
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
Rows = dict[str, list[dict[str, str]]]

# Synthetic countries with coarse boxes, and two real inland points in each (so that places also
# pass the check against the shipped borders); names are made up for the tests.
COUNTRIES = {
    "KP": ("Home", 37.0, 43.0, 124.0, 131.0),
    "CN": ("China-like", 18.0, 54.0, 73.0, 135.0),
    "RU": ("Russia-like", 41.0, 82.0, 27.0, 180.0),
    "VN": ("Vietnam-like", 8.0, 24.0, 102.0, 110.0),
    "SG": ("Singapore-like", 1.15, 1.5, 103.6, 104.1),
}
POINTS = {
    "KP": ((39.03, 125.75), (40.10, 124.40)),
    "CN": ((39.90, 116.40), (31.23, 121.47)),
    "RU": ((43.12, 131.89), (48.48, 135.07)),
    "VN": ((21.03, 105.85), (10.82, 106.63)),
    "SG": ((1.29, 103.85), (1.35, 103.82)),
}
FOREIGN = [c for c in COUNTRIES if c != "KP"]
TRAVELERS = ("traveler", "second-traveler")


def descriptor_template() -> dict[str, Any]:
    """Return a copy of the repository's descriptor (the schema every package follows)."""
    return copy.deepcopy(json.loads((REPO / "datapackage.json").read_text(encoding="utf-8")))


def columns(descriptor: dict[str, Any], name: str) -> list[str]:
    """Return the column names of one resource."""
    resource = next(r for r in descriptor["resources"] if r["name"] == name)
    return [f["name"] for f in resource["schema"]["fields"]]


def empty_rows(descriptor: dict[str, Any] | None = None) -> Rows:
    """Return an empty row list for every resource of the descriptor."""
    descriptor = descriptor or descriptor_template()
    return {r["name"]: [] for r in descriptor["resources"]}


def base_rows(places_per_country: int = 2) -> Rows:
    """Return sources, countries, people, vehicles and places that synthetic trips refer to."""
    rows = empty_rows()
    rows["sources"] = [
        {
            "id": f"src-{i}",
            "publisher": "Test Wire",
            "kind": "news-agency",
            "title": f"Report {i}",
            "published": "2020-01-01",
            "url": f"https://example.org/{i}",
            "language": "en",
        }
        for i in range(1, 4)
    ]
    for code, (name, lat0, lat1, lon0, lon1) in COUNTRIES.items():
        rows["countries"].append(
            {
                "code": code,
                "name": name,
                "min_latitude": str(lat0),
                "max_latitude": str(lat1),
                "min_longitude": str(lon0),
                "max_longitude": str(lon1),
                "sources": "src-1",
            }
        )
        for i in range(places_per_country):
            lat, lon = POINTS[code][i % 2]
            rows["places"].append(
                {
                    "id": f"{code.lower()}-place-{i}",
                    "name": f"{name} place {i}",
                    "country": code,
                    "kind": "city",
                    "latitude": f"{lat:.4f}",
                    "longitude": f"{lon:.4f}",
                    "precision_m": "1000",
                    "sources": "src-1",
                }
            )
        rows["people"].append(
            {
                "id": f"leader-{code.lower()}",
                "name": f"Leader of {name}",
                "country": code,
                "role": "Leader",
                "sources": "src-2",
            }
        )
    rows["people"][0] = {
        "id": "traveler",
        "name": "The Traveller",
        "country": "KP",
        "leader_from": "1800-01-01",
        "sources": "src-2",
    }
    rows["people"].append(
        {
            "id": "second-traveler",
            "name": "The Second Traveller",
            "country": "KP",
            "leader_from": "1800-01-01",
            "sources": "src-2",
        }
    )
    rows["vehicles"] = [
        {
            "id": "test-train",
            "name": "A train",
            "mode": "train",
            "operator": "KP",
            "description": "A train for tests.",
            "sources": "src-1",
        }
    ]
    return rows


def add_trip(
    rows: Rows,
    start: dt.date,
    stops: list[tuple[str, int, str]],
    stay_days: int = 1,
    *,
    traveler: str = "traveler",
) -> dt.date:
    """Append a valid trip: home -> each stop -> home, one leg per move, one event per stop.

    Args:
        rows: the package rows to extend.
        start: the day the trip leaves home.
        stops: ``(country, place index, mode of the leg that reaches it)`` for each stop; the
            leg home uses the last stop's mode.
        stay_days: days spent at each stop (an event on the day of arrival).
        traveler: the people id of the traveller.

    Returns:
        the day the trip ends (back home).
    """
    day = start
    prefix = "" if traveler == "traveler" else "tt-"
    trip_id = f"{prefix}{start:%Y-%m}-trip-{len(rows['trips']) + 1}"
    previous = "kp-place-0"
    legs: list[dict[str, str]] = []
    events: list[dict[str, str]] = []
    for seq, (code, index, mode) in enumerate(stops, start=1):
        place = f"{code.lower()}-place-{index}"
        legs.append(_leg(trip_id, seq, previous, place, mode, day, day + dt.timedelta(days=1)))
        day += dt.timedelta(days=1)
        events.append(
            {
                "trip_id": trip_id,
                "seq": str(seq),
                "date": day.isoformat(),
                "place": place,
                "kind": "summit",
                "counterparts": f"leader-{code.lower()}",
                "summary": "Talks.",
                "sources": "src-3",
            }
        )
        day += dt.timedelta(days=stay_days)
        previous = place
    legs.append(
        _leg(
            trip_id,
            len(stops) + 1,
            previous,
            "kp-place-0",
            stops[-1][2],
            day,
            day + dt.timedelta(days=1),
        )
    )
    end = day + dt.timedelta(days=1)
    destinations = list(dict.fromkeys(code for code, _, _ in stops))
    rows["trips"].append(
        {
            "id": trip_id,
            "traveler": traveler,
            "start_edtf": start.isoformat(),
            "end_edtf": end.isoformat(),
            "start_date": start.isoformat(),
            "end_date": end.isoformat(),
            "start_basis": "home",
            "end_basis": "home",
            "departure_known": "true",
            "return_known": "true",
            "disclosure": "announced",
            "disclosure_sources": "src-1",
            "countries": ";".join(destinations),
            "transit_countries": "",
            "modes": ";".join(dict.fromkeys(leg["mode"] for leg in legs)),
            "summary": "A synthetic trip.",
            "sources": "src-1;src-2",
        }
    )
    rows["legs"] += legs
    rows["events"] += events
    return end


def _leg(
    trip_id: str,
    seq: int,
    origin: str,
    destination: str,
    mode: str,
    depart: dt.date,
    arrive: dt.date,
) -> dict[str, str]:
    return {
        "trip_id": trip_id,
        "seq": str(seq),
        "origin": origin,
        "destination": destination,
        "mode": mode,
        "vehicle": "test-train" if mode == "train" else "",
        "depart_date": depart.isoformat(),
        "arrive_date": arrive.isoformat(),
        "sources": "src-1",
    }


def synthetic_rows(trips: int, stops_per_trip: int = 2) -> Rows:
    """Return a valid package of ``trips`` trips, each with ``stops_per_trip`` stops (benchmarks)."""
    rows = base_rows()
    modes = ["train", "air", "car"]
    day = dt.date(1900, 1, 1)
    for i in range(trips):
        stops = [
            (FOREIGN[(i + s) % len(FOREIGN)], s % 2, modes[(i + s) % 3])
            for s in range(stops_per_trip)
        ]
        day = add_trip(rows, day, stops) + dt.timedelta(days=1)
    return rows


def csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    """Return CSV bytes as the project writes them (UTF-8, ``\\n``, minimal quoting)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def rehash(descriptor: dict[str, Any], folder: Path) -> None:
    """Set every resource's ``hash`` and ``bytes`` from its file under ``folder``."""
    for resource in descriptor["resources"]:
        data = (folder / resource["path"]).read_bytes()
        resource["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
        resource["bytes"] = len(data)


def write_descriptor(folder: Path, descriptor: dict[str, Any]) -> Path:
    """Write a descriptor as ``folder/datapackage.json``; return its path."""
    target = folder / "datapackage.json"
    target.write_text(json.dumps(descriptor, indent=2) + "\n", encoding="utf-8")
    return target


def write_rows(
    folder: Path, rows: Rows, *, descriptor: dict[str, Any] | None = None, notes: bool = True
) -> Path:
    """Write rows as a package in ``folder`` (CSV, descriptor with fresh hashes, source notes).

    Returns:
        the path of ``datapackage.json``.
    """
    descriptor = descriptor or descriptor_template()
    folder.mkdir(parents=True, exist_ok=True)
    for resource in descriptor["resources"]:
        names = columns(descriptor, resource["name"])
        path = folder / resource["path"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(
            csv_bytes(
                names, [[row.get(c, "") for c in names] for row in rows.get(resource["name"], [])]
            )
        )
    rehash(descriptor, folder)
    target = write_descriptor(folder, descriptor)
    if notes:
        (folder / "seeds").mkdir(exist_ok=True)
        for source in rows["sources"]:
            (folder / "seeds" / f"{source['id']}.md").write_text(
                f"# {source['title']}\n\nTest note.\n", encoding="utf-8"
            )
    return target
