"""The ``kimtravel`` command line: list, show, info, path, export, validate, diff."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from kimtravel.errors import KimtravelError

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _dataset(args: argparse.Namespace) -> Any:
    import kimtravel
    from kimtravel.db import load

    return load(args.data) if args.data else kimtravel.dataset()


def _print_json(value: object, out: TextIO) -> None:
    json.dump(value, out, indent=2, ensure_ascii=False)
    out.write("\n")


def cmd_list(args: argparse.Namespace, out: TextIO) -> int:
    from kimtravel.export import records

    data = _dataset(args)
    selections = []
    if args.mode:
        selections.append(data.trips_by_mode(args.mode))
    if args.country:
        selections.append(data.trips_by_country(args.country, include_transit=args.transit))
    if args.year is not None:
        selections.append(data.trips_in_year(args.year))
    if args.person:
        selections.append(data.trips_with(args.person))
    wanted = {t.id for t in data.trips()}
    for selected in selections:
        wanted &= {t.id for t in selected}
    trips = [t for t in data.trips() if t.id in wanted]
    if args.json:
        _print_json([row for row in records(data, "trips") if row["id"] in wanted], out)
        return EXIT_OK
    header = f"{'ID':<26} {'LEFT':<11} {'BACK':<11}  {'DAYS':>4}  {'MODES':<16} COUNTRIES"
    out.write(header + "\n")
    for t in trips:
        back = str(t.end_date) + ("" if t.return_known else "?")
        left = str(t.start_date) + ("" if t.departure_known else "?")
        countries = ",".join(t.countries) + (
            f" (via {','.join(t.transit_countries)})" if t.transit_countries else ""
        )
        out.write(
            f"{t.id:<26} {left:<11} {back:<11}  {t.duration_days:>4}  {','.join(t.modes):<16} {countries}\n"
        )
    noun = "trip" if len(trips) == 1 else "trips"
    out.write(f"{len(trips)} {noun}; ? = day not reported, first/last reported day shown\n")
    return EXIT_OK


def cmd_show(args: argparse.Namespace, out: TextIO) -> int:
    from kimtravel.export import records

    data = _dataset(args)
    trip = data.trip(args.id)
    if args.json:
        doc: dict[str, Any] = next(r for r in records(data, "trips") if r["id"] == trip.id)
        doc["legs"] = [r for r in records(data, "legs") if r["trip_id"] == trip.id]
        doc["events"] = [r for r in records(data, "events") if r["trip_id"] == trip.id]
        _print_json(doc, out)
        return EXIT_OK
    w = out.write
    w(f"{trip.id}: {trip.summary}\n")
    left = "left home" if trip.departure_known else "first reported day (departure not reported)"
    back = "back home" if trip.return_known else "last reported day (return not reported)"
    w(f"  {trip.start_date} {left}\n  {trip.end_date} {back}\n  {trip.duration_days} days\n")
    w(
        f"  countries: {', '.join(trip.countries)}; transit: {', '.join(trip.transit_countries) or 'none'}\n"
    )
    distance = trip.distance_km
    w(
        f"  modes: {', '.join(trip.modes)}; straight-line distance: {'unknown' if distance is None else f'{distance:,.0f} km'}\n"
    )
    w("\n  Legs\n")
    for leg in trip.legs:
        dates = f"{leg.depart_date or '?'} -> {leg.arrive_date or '?'}"
        vehicle = f" [{leg.vehicle}]" if leg.vehicle else ""
        km = "" if leg.distance_km is None else f" {leg.distance_km:,.0f} km"
        w(
            f"  {leg.seq:>2}. {dates}  {leg.mode:<5} {leg.origin.name} ({leg.origin.country}) -> {leg.destination.name} ({leg.destination.country}){vehicle}{km}\n"
        )
    w("\n  Events\n")
    for event in trip.events:
        who = ", ".join(p.name for p in event.counterparts)
        w(
            f"  {event.date}  {event.kind:<11} {event.place.name}{': ' + who if who else ''}\n      {event.summary}\n"
        )
    if trip.notes:
        w(f"\n  Notes\n  {trip.notes}\n")
    w("\n  Sources\n")
    for source in trip.sources:
        w(
            f'  - {source.publisher}, "{source.title or "(untitled)"}", {source.published or "undated"}{", " + source.url if source.url else ""}\n'
        )
    return EXIT_OK


def cmd_info(args: argparse.Namespace, out: TextIO) -> int:
    import kimtravel

    data = _dataset(args)
    descriptor = data.descriptor
    info = {
        "library_version": kimtravel.__version__,
        "data_version": data.version,
        "descriptor": str(data.path),
        "counts": {r["name"]: _count(data, r["name"]) for r in descriptor["resources"]},
        "hashes": {r["name"]: r.get("hash") for r in descriptor["resources"]},
    }
    if args.json:
        _print_json(info, out)
        return EXIT_OK
    out.write(
        f"kimtravel {info['library_version']}, data {info['data_version']}\n{info['descriptor']}\n"
    )
    for r in descriptor["resources"]:
        out.write(f"  {r['name']:<10} {info['counts'][r['name']]:>5} rows  {r.get('hash')}\n")
    return EXIT_OK


def _count(data: Any, name: str) -> int:
    from kimtravel.writer import resource_records

    return len(resource_records(data, name))


def cmd_path(args: argparse.Namespace, out: TextIO) -> int:
    import kimtravel

    out.write(f"{Path(kimtravel.bundled_path())}\n")
    return EXIT_OK


def cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    from kimtravel import export
    from kimtravel.writer import write_package

    data = _dataset(args)
    if args.format == "csv":
        if not args.output:
            raise KimtravelError("export csv needs --output FOLDER")
        written = write_package(data, args.output)
        out.write(f"{written}\n")
        return EXIT_OK
    document = export.to_geojson(data) if args.format == "geojson" else export.to_json(data)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            _print_json(document, handle)
    else:
        _print_json(document, out)
    return EXIT_OK


def cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    import kimtravel
    from kimtravel.validation import validate

    path = args.path or kimtravel.bundled_path()
    report = validate(path, use_frictionless=False if args.no_frictionless else None)
    if args.json:
        _print_json(
            {
                "path": report.path,
                "version": report.version,
                "valid": report.ok,
                "frictionless": report.frictionless,
                "problems": [
                    {
                        "resource": p.resource,
                        "key": p.key,
                        "field": p.field,
                        "message": p.message,
                        "check": p.check,
                    }
                    for p in report.problems
                ],
            },
            out,
        )
    else:
        for problem in report.problems:
            out.write(f"{problem}\n")
        extra = (
            " (kimtravel checks and frictionless)"
            if report.frictionless
            else " (kimtravel checks; frictionless not run)"
        )
        verdict = "valid" if report.ok else f"INVALID: {len(report.problems)} problems"
        out.write(f"{report.path}: {verdict}{extra}\n")
    return EXIT_OK if report.ok else EXIT_INVALID


def cmd_diff(args: argparse.Namespace, out: TextIO) -> int:
    from kimtravel.db import load
    from kimtravel.diff import diff

    result = diff(load(args.old), load(args.new))
    if args.json:
        _print_json(result.to_json(), out)
    elif args.markdown:
        out.write(result.to_markdown() + "\n")
    else:
        out.write(
            f"{result.old_version} -> {result.new_version}: required bump {result.required_bump()}\n"
        )
        for r in result.resources:
            for key in r.added:
                out.write(f"+ {r.name} {key}\n")
            for key in r.removed:
                out.write(f"- {r.name} {key}\n")
            for key, fields in r.changed.items():
                for name, (old, new) in fields.items():
                    out.write(f"~ {r.name} {key} {name}: {old!r} -> {new!r}\n")
            for column in r.columns_added:
                out.write(f"+ {r.name} column {column}\n")
            for column in r.columns_removed:
                out.write(f"- {r.name} column {column}\n")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``kimtravel`` command."""
    parser = argparse.ArgumentParser(
        prog="kimtravel", description="Kim Jong Un's foreign trips, leg by leg, every fact cited."
    )
    parser.add_argument(
        "--data",
        metavar="PATH",
        help="use this data package (datapackage.json or its folder) instead of the bundled one",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("list", help="list trips, optionally filtered")
    p.add_argument("--mode", help="train, air, car, foot or ship")
    p.add_argument("--country", help="destination country, ISO 3166-1 alpha-2 (CN)")
    p.add_argument(
        "--transit",
        action="store_true",
        help="with --country: include trips that only passed through",
    )
    p.add_argument("--year", type=int, help="calendar year")
    p.add_argument("--with", dest="person", metavar="PERSON", help="counterpart met: id or name")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("show", help="show one trip with its legs and events")
    p.add_argument("id", help="trip id, e.g. 2018-03-beijing")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("info", help="versions, row counts and hashes")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_info)

    p = sub.add_parser("path", help="print the path of the bundled datapackage.json")
    p.set_defaults(func=cmd_path)

    p = sub.add_parser("export", help="export as JSON, GeoJSON or a CSV data package")
    p.add_argument("format", choices=("json", "geojson", "csv"))
    p.add_argument(
        "-o",
        "--output",
        help="file (json, geojson) or empty folder (csv); default: standard output",
    )
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("validate", help="validate a data package (default: the bundled one)")
    p.add_argument("path", nargs="?", help="datapackage.json or the folder holding it")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument(
        "--no-frictionless",
        action="store_true",
        help="skip frictionless even where it is installed",
    )
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser(
        "diff", help="records added, removed and changed between two package versions"
    )
    p.add_argument("old", help="the older package")
    p.add_argument("new", help="the newer package")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--json", action="store_true", help="machine-readable output")
    group.add_argument(
        "--markdown", action="store_true", help="Keep a Changelog sections, for CHANGELOG.md"
    )
    p.set_defaults(func=cmd_diff)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line.

    Returns:
        the exit status: 0 success, 1 an invalid package (``validate``), 2 a usage or data error.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    stream = out if out is not None else sys.stdout
    try:
        return int(args.func(args, stream))
    except (KimtravelError, TypeError, ValueError, OSError) as exc:
        sys.stderr.write(f"kimtravel: error: {exc}\n")
        return EXIT_USAGE
