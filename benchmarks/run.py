"""Benchmark kimtravel against what it must cost at least, side by side, in one run.

Usage::

    python benchmarks/run.py           # full run (1k, 10k and 100k-trip packages), a few minutes
    python benchmarks/run.py --quick   # fewer repeats, no 100k package, well under a minute

Every figure is printed, never asserted: the machine may be shared and noisy. To keep the noise
fair, compared commands are interleaved run by run (their order alternating) and medians of the
repeats are reported. See ``benchmarks/README.md`` for what each figure compares.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gc
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import floor

REPO = Path(__file__).resolve().parents[1]
FLOOR = Path(floor.__file__).resolve()
PYTHON = sys.executable

IMPORT_TARGET = 1.1
FIRST_QUERY_TARGET = 1.2
LOAD_TARGET = 1.5

FIRST_QUERY = "import kimtravel; kimtravel.trips_by_mode('train')"
SHOW_FIRST_QUERY = (
    "import kimtravel; found = kimtravel.trips_by_mode('train'); "
    "print(len(found), ' '.join(sorted(trip.id for trip in found)))"
)


@dataclass(frozen=True)
class Settings:
    """How much to repeat: the full run or ``--quick``."""

    cold_repeats: int
    warm_rounds: int
    sizes: tuple[int, ...]
    load_repeats: Callable[[int], int]


FULL = Settings(20, 7, (1_000, 10_000, 100_000), lambda n: 3 if n >= 100_000 else 5)
QUICK = Settings(10, 5, (1_000, 10_000), lambda n: 3)


# -- printing --------------------------------------------------------------------------------
def section(title: str) -> None:
    """Print a section title."""
    print(f"\n== {title} ==")


def verdict(ratio: float, target: float) -> str:
    """Return ``ratio`` with its target and whether it is within it (information, not a test)."""
    state = "within target" if ratio <= target else "OVER target"
    return f"{ratio:.2f}x (target <= {target}x: {state})"


def cpu_model() -> str:
    """Return the CPU model named in ``/proc/cpuinfo``, or what :mod:`platform` knows."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def usable_cpus() -> int:
    """Return the number of CPUs this process may run on (what ``nproc`` prints)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _git(*args: str) -> str:
    """Return the stripped output of a git command run in the repository."""
    return subprocess.run(
        ["git", *args], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.strip()


def git_revision() -> str:
    """Return the repository's short commit, marked ``+dirty`` with local changes."""
    try:
        head = _git("rev-parse", "--short", "HEAD")
        dirty = _git("status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{head}+dirty" if dirty else head


def header(quick: bool) -> None:
    """Print the machine, the software and the date, so figures can be compared across runs."""
    import pydantic

    import kimtravel

    load1, load5, _ = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    print("kimtravel benchmarks" + (" (--quick)" if quick else ""))
    print(f"date:      {dt.datetime.now().astimezone().isoformat(timespec='seconds')}")
    print(f"machine:   {platform.platform()} ({platform.machine()})")
    print(f"cpu:       {cpu_model()}; nproc {usable_cpus()}; load average {load1:.2f} {load5:.2f}")
    print(f"python:    {platform.python_implementation()} {platform.python_version()} ({PYTHON})")
    print(f"pydantic:  {pydantic.VERSION}; kimtravel {kimtravel.__version__} @ {git_revision()}")


# -- measuring -------------------------------------------------------------------------------
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
"""Child processes may use and write bytecode, as an installed wheel (compiled by pip) does."""


def compile_sources() -> None:
    """Compile kimtravel and the floor to bytecode first, so no run pays for compiling."""
    import compileall

    for folder in (REPO / "src", REPO / "benchmarks"):
        compileall.compile_dir(folder, quiet=1, force=False)


def run_command(argv: Sequence[str]) -> float:
    """Run a command to completion and return its wall time in seconds (it must succeed)."""
    start = time.perf_counter()
    subprocess.run(argv, cwd=REPO, check=True, stdout=subprocess.DEVNULL, env=ENV)
    return time.perf_counter() - start


def interleave(
    first: Callable[[], float], second: Callable[[], float], repeats: int
) -> tuple[list[float], list[float]]:
    """Time two measurements ``repeats`` times each, alternating which one goes first.

    Returns:
        the times of ``first`` and of ``second``, in run order.
    """
    times: tuple[list[float], list[float]] = ([], [])
    for repeat in range(repeats):
        order = (0, 1) if repeat % 2 == 0 else (1, 0)
        for which in order:
            times[which].append((first, second)[which]())
    return times


def timed(call: Callable[[], Any]) -> Callable[[], float]:
    """Return a measurement: collect garbage, then time one ``call()`` in seconds."""

    def measure() -> float:
        gc.collect()
        start = time.perf_counter()
        call()
        return time.perf_counter() - start

    return measure


def python(*args: str) -> Callable[[], float]:
    """Return a measurement of a fresh ``python`` process run with ``args``."""
    argv = [PYTHON, *args]
    return lambda: run_command(argv)


def compare_cold(
    label_a: str, args_a: Sequence[str], label_b: str, args_b: Sequence[str], repeats: int
) -> float:
    """Time two fresh-interpreter commands interleaved; print their medians; return b / a."""
    a, b = python(*args_a), python(*args_b)
    a(), b()  # warm-up, not timed: byte-code caches written, files in the page cache
    times_a, times_b = interleave(a, b, repeats)
    median_a, median_b = statistics.median(times_a), statistics.median(times_b)
    width = max(len(label_a), len(label_b))
    for label, median, times in ((label_a, median_a, times_a), (label_b, median_b, times_b)):
        print(
            f"  {label:<{width}}  median {median * 1e3:7.1f} ms"
            f"  (min {min(times) * 1e3:.1f}, max {max(times) * 1e3:.1f}, n={len(times)})"
        )
    return median_b / median_a


# -- synthetic packages ----------------------------------------------------------------------
class Packages:
    """Synthetic packages written once per size into one temporary folder."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._paths: dict[int, Path] = {}

    def path(self, trips: int) -> Path:
        """Return the ``datapackage.json`` of a package of ``trips`` trips, writing it once."""
        if trips not in self._paths:
            if str(REPO) not in sys.path:
                sys.path.insert(0, str(REPO))
            from tests import builders

            start = time.perf_counter()
            target = builders.write_rows(
                self._folder / f"trips-{trips}", builders.synthetic_rows(trips)
            )
            elapsed = time.perf_counter() - start
            print(f"  (wrote the {trips:,}-trip synthetic package in {elapsed:.2f} s)")
            self._paths[trips] = target
        return self._paths[trips]


# -- figures ---------------------------------------------------------------------------------
def cold_import(settings: Settings) -> None:
    """Figure 1: a bare interpreter against one that imports kimtravel."""
    section("1. cold import: fresh `python -c` processes")
    ratio = compare_cold(
        "python -c pass",
        ["-c", "pass"],
        "python -c 'import kimtravel'",
        ["-c", "import kimtravel"],
        settings.cold_repeats,
    )
    print(f"  ratio import/bare: {verdict(ratio, IMPORT_TARGET)}")


def cold_first_query(settings: Settings) -> None:
    """Figure 2: kimtravel's first query in a fresh process against the floor script."""
    section("2. cold first query: fresh processes, bundled data")
    ratio = compare_cold(
        "floor.py",
        [str(FLOOR)],
        "kimtravel.trips_by_mode('train')",
        ["-c", FIRST_QUERY],
        settings.cold_repeats,
    )
    print(f"  ratio kimtravel/floor: {verdict(ratio, FIRST_QUERY_TARGET)}")
    ours = subprocess.run(
        [PYTHON, "-c", SHOW_FIRST_QUERY], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split()
    theirs = subprocess.run(
        [PYTHON, str(FLOOR), "--show"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split()
    print(
        f"  answer: kimtravel {ours[0]} trips, floor {theirs[0]} trips; "
        f"same trip ids: {'yes' if ours[1:] == theirs[1:] else 'NO'}"
    )


def per_call_us(
    first: Callable[[], object], second: Callable[[], object], rounds: int
) -> tuple[float, float, tuple[int, int]]:
    """Time two callables with :mod:`timeit`, rounds interleaved.

    Each callable gets its own call count (``Timer.autorange``: at least 0.2 s a round).

    Returns:
        the median µs per call of ``first`` and of ``second``, and their call counts per round.
    """
    timers = (timeit.Timer(first), timeit.Timer(second))
    numbers = (timers[0].autorange()[0], timers[1].autorange()[0])
    times = interleave(
        functools.partial(timers[0].timeit, numbers[0]),
        functools.partial(timers[1].timeit, numbers[1]),
        rounds,
    )
    first_us = statistics.median(times[0]) / numbers[0] * 1e6
    second_us = statistics.median(times[1]) / numbers[1] * 1e6
    return first_us, second_us, numbers


def warm_helper(settings: Settings, packages: Packages) -> None:
    """Figure 3: the mode index against a scan over every trip's legs, in a warm process."""
    import kimtravel

    section("3. warm helper: trips_by_mode('train') (index) vs a scan of every trip's legs")
    synthetic = kimtravel.load(packages.path(10_000))
    cases: list[tuple[str, Callable[[], tuple[Any, ...]], Callable[[], tuple[Any, ...]]]] = [
        (
            f"bundled ({len(kimtravel.trips())} trips)",
            lambda: kimtravel.trips_by_mode("train"),
            lambda: tuple(
                t for t in kimtravel.trips() if any(leg.mode == "train" for leg in t.legs)
            ),
        ),
        (
            f"synthetic ({len(synthetic.trips()):,} trips)",
            lambda: synthetic.trips_by_mode("train"),
            lambda: tuple(
                t for t in synthetic.trips() if any(leg.mode == "train" for leg in t.legs)
            ),
        ),
    ]
    for label, index, scan in cases:
        same = index() == scan()
        index_us, scan_us, numbers = per_call_us(index, scan, settings.warm_rounds)
        print(f"  {label}: {len(index())} train trips, same result: {'yes' if same else 'NO'}")
        print(
            f"    index  {index_us:12.3f} µs/call  ({numbers[0]:,} calls x {settings.warm_rounds})"
        )
        print(
            f"    scan   {scan_us:12.3f} µs/call  ({numbers[1]:,} calls x {settings.warm_rounds})"
        )
        print(f"    ratio scan/index: {scan_us / index_us:,.0f}x")


def load_scaling(settings: Settings, packages: Packages) -> None:
    """Figure 4: ``kimtravel.load()`` against a flat read-and-validate baseline, by size.

    ``load()`` pauses the cyclic garbage collector while it builds records; a plain script
    does not. The like-for-like line shows the ratio when the baseline pauses it too, so the
    reader sees how much of the difference is the pause and how much the extra checks.
    """
    import kimtravel
    from kimtravel.records import gc_paused

    section("4. load() scaling: kimtravel.load(path) vs flat csv + TypeAdapter baseline")
    rows: list[tuple[int, int, float, float]] = []
    for size in settings.sizes:
        descriptor = packages.path(size)
        root = descriptor.parent
        repeats = settings.load_repeats(size)
        counts: dict[str, int] = {}

        def run_load(descriptor: Path = descriptor, counts: dict[str, int] = counts) -> None:
            counts["load"] = len(kimtravel.load(descriptor).trips())

        def run_baseline(root: Path = root, counts: dict[str, int] = counts) -> None:
            counts["baseline"] = len(floor.validate_tables(root)["trips"])

        def run_baseline_paused(root: Path = root) -> None:
            with gc_paused():
                floor.validate_tables(root)

        times_load, times_base = interleave(timed(run_load), timed(run_baseline), repeats)
        _, times_paused = interleave(timed(run_load), timed(run_baseline_paused), repeats)
        load_s, base_s = statistics.median(times_load), statistics.median(times_base)
        paused_s = statistics.median(times_paused)
        print(
            f"  {size:>7,} trips (n={repeats}): load {load_s:8.3f} s   baseline {base_s:8.3f} s"
            f"   [trips: load {counts['load']:,}, baseline {counts['baseline']:,}]"
        )
        print(f"  {'':>7}  ratio load/baseline: {verdict(load_s / base_s, LOAD_TARGET)}")
        print(
            f"  {'':>7}  like for like (baseline also with the garbage collector paused,"
            f" {paused_s:.3f} s): {load_s / paused_s:.2f}x"
        )
        rows.append((size, repeats, load_s, base_s))
    print("  per trip (linear growth shows as a flat column):")
    print(f"    {'trips':>9}  {'load µs/trip':>13}  {'baseline µs/trip':>17}")
    for size, _, load_s, base_s in rows:
        print(f"    {size:>9,}  {load_s / size * 1e6:13.1f}  {base_s / size * 1e6:17.1f}")


VALIDATE_SCRIPT = """
import json, resource, sys, time
import kimtravel
start = time.perf_counter()
report = kimtravel.validate(sys.argv[1], use_frictionless=False)
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"ok": report.ok, "seconds": elapsed, "peak_bytes": peak}))
"""


def rows_of(descriptor: Path) -> int:
    """Return the number of data rows in a package's CSV files."""
    total = 0
    for path in (descriptor.parent / "data").glob("*.csv"):
        with path.open("rb") as handle:
            total += sum(1 for _ in handle) - 1
    return total


def validate_memory(settings: Settings, packages: Packages) -> None:
    """Figure 5: validating a large package, in a fresh process: time and peak memory per row.

    Beside it, frictionless's own validation of the same package (full run only: it is slow).
    """
    section("5. validate(): time and peak memory on the largest package, beside frictionless")
    size = max(settings.sizes)
    descriptor = packages.path(size)
    rows = rows_of(descriptor)
    out = subprocess.run(
        [PYTHON, "-c", VALIDATE_SCRIPT, str(descriptor)],
        cwd=REPO,
        env=ENV,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    import json

    result = json.loads(out)
    print(
        f"  {size:,} trips, {rows:,} rows: kimtravel validate {result['seconds']:.1f} s, "
        f"peak {result['peak_bytes'] / 2**20:,.0f} MiB ({result['peak_bytes'] / rows / 1024:.2f} KiB per row), "
        f"valid: {result['ok']}"
    )
    if settings is QUICK:
        print("  (frictionless skipped in --quick)")
        return
    frictionless = Path(PYTHON).parent / "frictionless"
    if not frictionless.exists():
        print("  (frictionless not installed)")
        return
    start = time.perf_counter()
    subprocess.run(
        [str(frictionless), "validate", str(descriptor)],
        cwd=REPO,
        env=ENV,
        capture_output=True,
        check=False,
    )
    print(f"  frictionless validate on the same package: {time.perf_counter() - start:.1f} s")


def main(argv: Sequence[str] | None = None) -> None:
    """Parse the options and print every figure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="fewer repeats and no 100k-trip package"
    )
    options = parser.parse_args(argv)
    settings = QUICK if options.quick else FULL
    started = time.perf_counter()
    header(options.quick)
    compile_sources()
    with tempfile.TemporaryDirectory(prefix="kimtravel-bench-") as folder:
        packages = Packages(Path(folder))
        cold_import(settings)
        cold_first_query(settings)
        warm_helper(settings, packages)
        load_scaling(settings, packages)
        validate_memory(settings, packages)
    print(f"\ntotal benchmark time: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
