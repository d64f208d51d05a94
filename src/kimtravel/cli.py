"""The ``kimtravel`` command line: list, show, not-trips, info, path, export, map, timeline,
validate, diff, rehash."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from kimtravel.errors import KimtravelError, PackageError

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
_CONTROL = {
    c: f"\\x{c:02x}"
    for c in (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0))
    if c not in (0x0A, 0x09)
}


def printable(text: str) -> str:
    """Return text with control characters escaped, so nothing from a package drives the terminal."""
    return text.translate(_CONTROL)


class SafeStream:
    """A text stream that escapes control characters (terminal escapes) in what it writes."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(printable(text))

    def flush(self) -> None:
        self._stream.flush()


class UsageError(KimtravelError):
    """A command line that asks for something impossible; the message says what."""


def _dataset(args: argparse.Namespace) -> Any:
    import kimtravel
    from kimtravel.db import load

    return load(args.data) if args.data is not None else kimtravel.dataset()


_JSON_CONTROL = {c: f"\\u{c:04x}" for c in (0x7F, *range(0x80, 0xA0))}
"""DEL and C1 controls, which json leaves raw: written as JSON escapes, never as terminal bytes."""


def json_text(value: object) -> str:
    """Return ``value`` as indented JSON whose every control character is a JSON escape.

    The text is still valid JSON after :class:`SafeStream`, which then has nothing to escape.
    """
    return json.dumps(value, indent=2, ensure_ascii=False).translate(_JSON_CONTROL) + "\n"


def _print_json(value: object, out: Any) -> None:
    out.write(json_text(value))


def _nonempty(what: str) -> Any:
    def parse(text: str) -> str:
        if not text.strip():
            raise argparse.ArgumentTypeError(f"{what} must not be empty")
        return text

    return parse


MAX_PIXELS = 20_000
"""The largest picture side drawn (a bigger one only costs time and memory)."""


def _pixels(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of pixels") from None
    if not 1 <= value <= MAX_PIXELS:
        raise argparse.ArgumentTypeError(f"{value} is not between 1 and {MAX_PIXELS} pixels")
    return value


def _bound(name: str) -> Callable[[str], dt.date]:
    """Return an argparse type reading a ``--from`` (``start``) or ``--to`` (``end``) bound."""

    def read(text: str) -> dt.date:
        from kimtravel.db import parse_bound

        try:
            return parse_bound(name, text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc).replace(f"{name} ", "", 1)) from None

    return read


def cmd_list(args: argparse.Namespace, out: Any) -> int:
    from kimtravel.export import records

    if args.transit and not args.country:
        raise UsageError("--transit needs --country")
    data = _dataset(args)
    selections = []
    if args.traveler:
        selections.append(data.trips(args.traveler))
    if args.mode:
        selections.append(data.trips_by_mode(args.mode))
    if args.country:
        selections.append(data.trips_by_country(args.country, include_transit=args.transit))
    if args.year is not None:
        selections.append(data.trips_in_year(args.year))
    if args.start or args.end:
        selections.append(data.trips_between(args.start or dt.date.min, args.end or dt.date.max))
    if args.person:
        selections.append(data.trips_with(args.person))
    wanted = {t.id for t in data.trips()}
    for selected in selections:
        wanted &= {t.id for t in selected}
    trips = [t for t in data.trips() if t.id in wanted]
    if args.json:
        by_id = {row["id"]: row for row in records(data, "trips") if row["id"] in wanted}
        _print_json([by_id[t.id] for t in trips], out)  # in date order, as the table
        return EXIT_OK
    if args.csv:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(
            [
                "id",
                "traveler",
                "start",
                "end",
                "start_date",
                "end_date",
                "dates_exact",
                "days",
                "modes",
                "countries",
                "transit_countries",
            ]
        )
        for t in trips:
            writer.writerow(
                [
                    t.id,
                    t.traveler.id,
                    t.start_edtf,
                    t.end_edtf,
                    t.start_date,
                    t.end_date,
                    str(t.start.exact and t.end.exact).lower(),
                    t.duration_days,
                    ";".join(t.modes),
                    ";".join(t.countries),
                    ";".join(t.transit_countries),
                ]
            )
        return EXIT_OK
    if not trips:
        out.write(
            "no trips match; `kimtravel not-trips` lists periods with no journey abroad and "
            "claims that are not trips\n"
        )
        return EXIT_OK
    rows = []
    for t in trips:
        start = t.start_edtf + ("" if t.departure_known else "*")
        end = t.end_edtf + ("" if t.return_known else "*")
        days = str(t.duration_days) if t.start.exact and t.end.exact else f"<={t.duration_days}"
        via = f" (via {','.join(t.transit_countries)})" if t.transit_countries else ""
        rows.append((t.id, start, end, days, ",".join(t.modes), ",".join(t.countries) + via))
    head = ("ID", "START", "END", "DAYS", "MODES", "COUNTRIES")
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(5)]
    for r in [head, *rows]:
        out.write(
            f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]:<{widths[2]}}  {r[3]:>{widths[3]}}  {r[4]:<{widths[4]}}  {r[5]}\n"
        )
    noun = "trip" if len(trips) == 1 else "trips"
    out.write(
        f"{len(trips)} {noun}; * = not the day he left or reached home (see `kimtravel show ID`)\n"
    )
    return EXIT_OK


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def cmd_show(args: argparse.Namespace, out: Any) -> int:
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
    w(f"{trip.id}: {trip.traveler.name}\n  {trip.summary}\n\n")
    basis = {
        "home": "left home",
        "border": "crossed the border",
        "official": "official visit began",
        "reported": "earliest reported day",
    }
    back = {
        "home": "back home",
        "border": "crossed back home",
        "official": "official visit ended",
        "reported": "latest reported day",
    }
    w(f"  start  {trip.start_edtf}  ({basis.get(trip.start_basis, trip.start_basis)})\n")
    w(f"  end    {trip.end_edtf}  ({back.get(trip.end_basis, trip.end_basis)})\n")
    if trip.official_start or trip.official_end:
        w(f"  official visit  {trip.official_start or '?'} to {trip.official_end or '?'}\n")
    span = (
        _days(trip.duration_days)
        if trip.start.exact and trip.end.exact
        else f"at most {_days(trip.duration_days)} (the dates allow)"
    )
    w(f"  {span}; made public: {trip.disclosure}\n")
    w(
        f"  countries: {', '.join(trip.countries)}; transit: {', '.join(trip.transit_countries) or 'none'}\n"
    )
    distance = trip.distance_km
    w(
        f"  modes: {', '.join(trip.modes) or 'not reported'}; straight-line distance: "
        f"{'no legs recorded' if distance is None else f'{distance:,.0f} km'}\n"
    )
    if trip.companions:
        w(f"  with: {', '.join(p.name for p in trip.companions)}\n")
    if trip.legs:
        w("\n  Legs\n")
    for leg in trip.legs:
        depart = " ".join(
            x for x in (str(leg.depart_date or "undated"), leg.depart_time or "") if x
        )
        arrive = " ".join(
            x for x in (str(leg.arrive_date or "undated"), leg.arrive_time or "") if x
        )
        vehicle = f" [{leg.vehicle.name}]" if leg.vehicle else ""
        w(
            f"  {leg.seq:>2}. {depart} -> {arrive}  {leg.mode:<7} {leg.origin.name} ({leg.origin.country}) -> "
            f"{leg.destination.name} ({leg.destination.country}){vehicle} {leg.distance_km:,.0f} km\n"
        )
    if trip.events:
        w("\n  Events\n")
    for event in trip.events:
        who = ", ".join(p.name for p in event.counterparts)
        when = " ".join(
            x for x in (str(event.date) if event.date else "undated", event.time or "") if x
        )
        w(
            f"  {when:<16} {event.kind:<11} {event.place.name}{': ' + who if who else ''}\n      {event.summary}\n"
        )
    if trip.notes:
        w(f"\n  Notes\n  {trip.notes}\n")
    w("\n  Sources\n")
    for source in trip.sources:
        title = f'"{source.title}"' if source.title else "(no headline)"
        where = source.url or source.copy_url
        copy = f" (read in {source.copy_publisher})" if source.copy_publisher else ""
        tail = f", {where}" if where else ""
        w(f"  - {source.publisher}, {title}, {source.published or 'undated'}{tail}{copy}\n")
    return EXIT_OK


def cmd_info(args: argparse.Namespace, out: Any) -> int:
    import kimtravel

    data = _dataset(args)
    info = {
        "library_version": kimtravel.__version__,
        "data_version": data.version,
        "descriptor": str(data.path),
        "travelers": {p.id: len(data.trips(p)) for p in data.travelers()},
        "counts": {name: len(table.rows) for name, table in data.tables.items()},
        "hashes": {
            name: f"sha256:{spec.sha256}" if spec.sha256 else None
            for name, spec in data.registry.resources.items()
        },
    }
    if args.json:
        _print_json(info, out)
        return EXIT_OK
    out.write(
        f"kimtravel {info['library_version']}, data {info['data_version']}\n{info['descriptor']}\n"
    )
    for person in data.travelers():
        out.write(f"  {person.name}: {len(data.trips(person))} trips\n")
    for name in data.tables:
        out.write(f"  {name:<10} {info['counts'][name]:>5} rows  {info['hashes'][name]}\n")
    return EXIT_OK


def cmd_path(args: argparse.Namespace, out: Any) -> int:
    import kimtravel

    out.write(f"{Path(kimtravel.bundled_path())}\n")
    return EXIT_OK


def cmd_export(args: argparse.Namespace, out: Any) -> int:
    from kimtravel import export
    from kimtravel.safewrite import write_file

    if args.layer and args.format != "geojson":
        raise UsageError("--layer is for geojson exports")
    data = _dataset(args)
    if args.format == "csv":
        from kimtravel.writer import write_package

        if not args.output:
            raise UsageError("export csv needs --output FOLDER (a new or empty folder)")
        out.write(f"{write_package(data, args.output, force=args.force)}\n")
        return EXIT_OK
    if args.format == "sqlite":
        from kimtravel.sqlite import export_sqlite

        if not args.output:
            raise UsageError("export sqlite needs --output FILE")
        out.write(f"{export_sqlite(data, args.output, force=args.force)}\n")
        return EXIT_OK
    document = (
        export.to_geojson(data, args.layer or "legs")
        if args.format == "geojson"
        else export.to_json(data)
    )
    text = json_text(document)
    if args.output:
        out.write(f"{write_file(args.output, text.encode('utf-8'), force=args.force)}\n")
    else:
        out.write(text)
    return EXIT_OK


def cmd_validate(args: argparse.Namespace, out: Any) -> int:
    import kimtravel
    from kimtravel.validation import validate

    if args.path == "":
        raise UsageError("the package path is empty: give a datapackage.json or its folder")
    path = args.path if args.path is not None else kimtravel.bundled_path()
    if not os.path.lexists(path):
        # nothing to judge: like any command pointed at no package, a usage error (exit 2)
        raise UsageError(f"{path}: no such file or folder")
    report = validate(path, use_frictionless=False if args.no_frictionless else None)
    if args.json:
        _print_json(
            {
                "path": report.path,
                "version": report.version,
                "valid": report.ok,
                "frictionless": report.frictionless,
                "not_read": {name: reason for name, reason in report.not_read},
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
        for name, reason in report.not_read:
            out.write(f"{name}: not a table kimtravel reads ({reason}); not checked\n")
        extra = (
            " (kimtravel checks and frictionless)"
            if report.frictionless
            else " (kimtravel checks; frictionless not run)"
        )
        count = len(report.problems)
        verdict = "valid" if report.ok else f"INVALID: {count} problem{'s' if count != 1 else ''}"
        out.write(f"{report.path}: {verdict}{extra}\n")
    return EXIT_OK if report.ok else EXIT_INVALID


def cmd_diff(args: argparse.Namespace, out: Any) -> int:
    from kimtravel.diff import diff

    result = diff(args.old, args.new)
    if args.json:
        _print_json(result.to_json(), out)
    elif args.markdown:
        out.write(result.to_markdown() + "\n")
    else:
        out.write(
            f"{result.old_version} -> {result.new_version}: required bump {result.required_bump()}\n"
        )
        for name in result.resources_added:
            out.write(f"+ resource {name}\n")
        for name in result.resources_removed:
            out.write(f"- resource {name}\n")
        for r in result.resources:
            for change in r.schema:
                out.write(f"! {r.name} {change.what} ({change.bump})\n")
            for column in r.columns_added:
                out.write(f"+ {r.name} column {column}\n")
            for column in r.columns_removed:
                out.write(f"- {r.name} column {column}\n")
            for key in r.added:
                out.write(f"+ {r.name} {key}\n")
            for key in r.removed:
                out.write(f"- {r.name} {key}\n")
            for key, fields in r.changed.items():
                for name, (old, new) in fields.items():
                    out.write(f"~ {r.name} {key} {name}: {old!r} -> {new!r}\n")
    return EXIT_OK


def cmd_rehash(args: argparse.Namespace, out: Any) -> int:
    from kimtravel.writer import rehash

    changed = rehash(args.path)
    out.write(
        f"updated hash and bytes of: {', '.join(changed)}\n"
        if changed
        else "hashes already up to date\n"
    )
    return EXIT_OK


def cmd_not_trips(args: argparse.Namespace, out: Any) -> int:
    from kimtravel.export import records

    data = _dataset(args)
    claims = data.non_trips(args.traveler)
    if args.json:
        wanted = {c.id for c in claims}
        _print_json(
            [r for r in records(data, "non_trips") if r["id"] in wanted]
            if "non_trips" in data.tables
            else [],
            out,
        )
        return EXIT_OK
    for claim in claims:
        out.write(
            f"{claim.id}  {claim.date_edtf}  {','.join(claim.countries)}  {claim.verdict}\n    {claim.claim}\n    why not: {claim.reason}\n"
        )
    out.write(f"{len(claims)} claims that are not trips\n")
    return EXIT_OK


def cmd_map(args: argparse.Namespace, out: Any) -> int:
    from kimtravel import pictures

    data = _dataset(args)
    svg = pictures.map_svg(
        data,
        args.ids,
        traveler=args.traveler,
        title=args.title,
        width=args.width,
        height=args.height,
    )
    for item in pictures.left_off(data, args.ids, traveler=args.traveler):
        sys.stderr.write(f"kimtravel: left off the map: {printable(item)}\n")
    if args.output:
        out.write(f"{pictures.write_picture(svg, args.output, force=args.force)}\n")
    else:
        out.write(svg)
    return EXIT_OK


def cmd_timeline(args: argparse.Namespace, out: Any) -> int:
    from kimtravel import pictures

    svg = pictures.timeline_svg(_dataset(args), traveler=args.traveler, width=args.width)
    if args.output:
        out.write(f"{pictures.write_picture(svg, args.output, force=args.force)}\n")
    else:
        out.write(svg)
    return EXIT_OK


def _picture_output(parser: argparse.ArgumentParser) -> None:
    """Add the ``-o`` and ``--force`` options of a command that draws a picture."""
    parser.add_argument(
        "-o",
        "--output",
        type=_nonempty("--output"),
        help="FILE.svg or FILE.png (default: SVG on standard output)",
    )
    parser.add_argument("--force", action="store_true", help="replace an existing file")


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``kimtravel`` command."""
    from kimtravel._version import package_version

    parser = argparse.ArgumentParser(
        prog="kimtravel",
        description="The journeys abroad of North Korea's leaders, leg by leg, every fact cited.",
    )
    parser.add_argument("--version", action="version", version=f"kimtravel {package_version()}")
    parser.add_argument(
        "--data",
        metavar="PATH",
        type=_nonempty("--data"),
        help="use this data package (datapackage.json or its folder) instead of the bundled one",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("list", help="list trips, optionally filtered")
    p.add_argument(
        "--traveler",
        type=_nonempty("--traveler"),
        help="kim-jong-un, kim-jong-il, kim-il-sung (or a name)",
    )
    p.add_argument("--mode", type=_nonempty("--mode"), help="train, air, car, foot or ship")
    p.add_argument(
        "--country",
        type=_nonempty("--country"),
        help="destination country: code (CN) or name (China)",
    )
    p.add_argument(
        "--transit",
        action="store_true",
        help="with --country: include trips that only passed through",
    )
    p.add_argument("--year", type=int, help="calendar year")
    p.add_argument(
        "--from",
        dest="start",
        type=_bound("start"),
        metavar="DATE",
        help="trips with a day on or after DATE (a day, or a month or year: its first day)",
    )
    p.add_argument(
        "--to",
        dest="end",
        type=_bound("end"),
        metavar="DATE",
        help="trips with a day on or before DATE (a day, or a month or year: its last day)",
    )
    p.add_argument(
        "--with",
        dest="person",
        type=_nonempty("--with"),
        metavar="PERSON",
        help="counterpart met: id or name",
    )
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument(
        "--json", action="store_true", help="machine-readable output (the trips' rows)"
    )
    fmt.add_argument("--csv", action="store_true", help="CSV output")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("show", help="show one trip with its legs, events, notes and sources")
    p.add_argument("id", help="trip id, e.g. 2019-02-hanoi")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("not-trips", help="journeys reported or claimed that are not trips, and why")
    p.add_argument("--traveler", type=_nonempty("--traveler"), help="one traveller's claims")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_not_trips)

    p = sub.add_parser("info", help="versions, row counts and hashes")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_info)

    p = sub.add_parser("path", help="print the path of the bundled datapackage.json")
    p.set_defaults(func=cmd_path)

    p = sub.add_parser("export", help="export as JSON, GeoJSON, a CSV data package or SQLite")
    p.add_argument("format", choices=("json", "geojson", "csv", "sqlite"))
    p.add_argument(
        "-o",
        "--output",
        type=_nonempty("--output"),
        help="file (json, geojson, sqlite) or new folder (csv); json and geojson default to standard output",
    )
    p.add_argument(
        "--layer", choices=("places", "legs", "events"), help="geojson layer (default: legs)"
    )
    p.add_argument("--force", action="store_true", help="replace an existing output")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("map", help="draw a route map of trips (SVG, or PNG with kimtravel[png])")
    p.add_argument(
        "ids", nargs="*", metavar="TRIP_ID", help="trips to draw (default: all, or the traveller's)"
    )
    p.add_argument("--traveler", type=_nonempty("--traveler"), help="only this traveller's trips")
    p.add_argument("--title", help="the map's title")
    p.add_argument(
        "--width", type=_pixels, default=1000, help="width in pixels (default 1000, at most 20000)"
    )
    p.add_argument(
        "--height", type=_pixels, default=700, help="height in pixels (default 700, at most 20000)"
    )
    _picture_output(p)
    p.set_defaults(func=cmd_map)

    p = sub.add_parser(
        "timeline", help="draw every trip on a time axis (SVG, or PNG with kimtravel[png])"
    )
    p.add_argument("--traveler", type=_nonempty("--traveler"), help="only this traveller's trips")
    p.add_argument(
        "--width", type=_pixels, default=900, help="width in pixels (default 900, at most 20000)"
    )
    _picture_output(p)
    p.set_defaults(func=cmd_timeline)

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
    p.add_argument("old", type=_nonempty("OLD"), help="the older package")
    p.add_argument("new", type=_nonempty("NEW"), help="the newer package")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--json", action="store_true", help="machine-readable output")
    group.add_argument(
        "--markdown", action="store_true", help="Keep a Changelog sections, for CHANGELOG.md"
    )
    p.set_defaults(func=cmd_diff)

    p = sub.add_parser(
        "rehash",
        help="refresh hash and bytes in a package's descriptor after editing its CSV files",
    )
    p.add_argument("path", type=_nonempty("PATH"), help="datapackage.json or the folder holding it")
    p.set_defaults(func=cmd_rehash)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line.

    Returns:
        the exit status: 0 success, 1 an invalid package (``validate``), 2 a usage error or a
        package that cannot be used.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    stream = SafeStream(out if out is not None else sys.stdout)
    errors = SafeStream(sys.stderr)
    try:
        code = int(args.func(args, stream))
        stream.flush()
        return code
    except BrokenPipeError:
        # The reader (``| head``) has gone: stop quietly, as other command-line tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except PackageError as exc:
        errors.write(f"kimtravel: error: {exc}\n")
        return EXIT_USAGE
    except (
        KimtravelError,
        TypeError,
        ValueError,
        OSError,
        ModuleNotFoundError,
        RecursionError,
    ) as exc:
        errors.write(f"kimtravel: error: {exc}\n")
        return EXIT_USAGE
