"""A regression corpus of hostile packages: every one gets an answer, fast, in words, offline.

Each case builds a small valid package, breaks it one way, and checks what a user meets:
``kimtravel.validate`` returns a report with problems, ``kimtravel.load`` raises
``PackageError``, and the CLI exits 1 or 2 with a message that names the fault — never a
traceback, a hang, raw Python text, a terminal escape passed through, or a network connection.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import socket
import stat
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import redirect_stderr
from pathlib import Path
from typing import Any

import pytest

import kimtravel
from kimtravel.cli import main
from kimtravel.errors import PackageError
from tests import builders

RAW_PYTHON = ("Traceback", "Errno", "object is not", "NoneType", "embedded null", "RecursionError")


@pytest.fixture
def package(small_rows: builders.Rows, write: Callable[[builders.Rows], Path]) -> Path:
    return write(small_rows)


def edit_descriptor(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    change(descriptor)
    path.write_text(json.dumps(descriptor), encoding="utf-8")


def cli(args: list[str]) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stderr(err):
        code = main(args, out=out)
    return code, out.getvalue() + err.getvalue()


def assert_answered(path: Path | str, *needles: str) -> None:
    """The API and the CLI refuse the package quickly, in words that contain ``needles``."""
    start = time.perf_counter()
    report = kimtravel.validate(path, use_frictionless=True)
    assert not report.ok
    text = "\n".join(str(p) for p in report.problems)
    for needle in needles:
        assert needle in text, text
    with pytest.raises(PackageError):
        kimtravel.load(path)
    for args in (
        ["validate", str(path)],
        ["--data", str(path), "list"],
        ["--data", str(path), "info"],
    ):
        code, output = cli(args)
        assert code in (1, 2), (args, output)
        assert not any(raw in output for raw in RAW_PYTHON), output
        assert "\x1b" not in output
    assert time.perf_counter() - start < 20


@pytest.fixture(autouse=True)
def offline(no_network: list[object]) -> Iterator[None]:
    yield
    assert no_network == []


def test_a_fifo_is_refused_without_blocking(package: Path) -> None:
    trips = package.parent / "data" / "trips.csv"
    trips.unlink()
    os.mkfifo(trips)
    assert_answered(package, "named pipe")


def test_a_link_to_a_fifo_is_refused(package: Path) -> None:
    fifo = package.parent / "pipe"
    os.mkfifo(fifo)
    trips = package.parent / "data" / "trips.csv"
    trips.unlink()
    trips.symlink_to(fifo)
    assert_answered(package, "named pipe")


@pytest.mark.parametrize("target", ["data", "."])
def test_a_folder_as_resource_path(package: Path, target: str) -> None:
    edit_descriptor(package, lambda d: d["resources"][0].update(path=target))
    assert_answered(package, "folder")


def test_a_socket_as_resource(package: Path) -> None:
    trips = package.parent / "data" / "trips.csv"
    trips.unlink()
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(trips))
        assert_answered(package, "socket")
    finally:
        server.close()


def test_a_character_device_as_resource(package: Path) -> None:
    trips = package.parent / "data" / "trips.csv"
    trips.unlink()
    try:
        os.mknod(trips, 0o600 | stat.S_IFCHR, os.makedev(1, 5))  # /dev/zero
    except PermissionError:
        pytest.skip("creating a device needs root")
    assert_answered(package, "character device")


def test_a_symlink_loop(package: Path) -> None:
    loop = package.parent / "data" / "loop.csv"
    loop.symlink_to(loop)
    edit_descriptor(package, lambda d: d["resources"][0].update(path="data/loop.csv"))
    assert_answered(package, "trips")


@pytest.mark.parametrize(
    ("path", "needle"),
    [
        ("data/trips\x00.csv", "NUL"),
        ("data/\ud800.csv", "surrogate"),
        ("../outside.csv", "climbs out"),
        ("/etc/passwd", "absolute"),
        ("https://example.org/trips.csv", "nothing is fetched"),
        ("data/" + "x" * 300 + ".csv", "too long"),
    ],
)
def test_unusable_resource_paths(package: Path, path: str, needle: str) -> None:
    edit_descriptor(package, lambda d: d["resources"][0].update(path=path))
    assert_answered(package, needle)


def test_a_link_out_of_the_package(package: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.csv"
    outside.write_bytes((package.parent / "data" / "trips.csv").read_bytes())
    (package.parent / "data" / "trips.csv").unlink()
    (package.parent / "data" / "trips.csv").symlink_to(outside)
    assert_answered(package, "out of the package")


def test_a_deeply_nested_descriptor(package: Path) -> None:
    package.write_text('{"x": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    assert_answered(package, "levels deep")


def test_an_extra_key_nested_900_levels(package: Path) -> None:
    descriptor = json.loads(package.read_text(encoding="utf-8"))
    text = json.dumps(descriptor)[:-1] + ', "extra": ' + "[" * 900 + "]" * 900 + "}"
    package.write_text(text, encoding="utf-8")
    assert_answered(package, "levels deep")


def test_a_huge_integer(package: Path) -> None:
    text = package.read_text(encoding="utf-8")
    package.write_text(text[:-2] + ', "n": ' + "9" * 5000 + "}\n", encoding="utf-8")
    assert_answered(package, "digits")


def test_duplicate_keys_are_refused(package: Path) -> None:
    text = package.read_text(encoding="utf-8")
    package.write_text(
        text.replace(
            '"path": "data/trips.csv"',
            '"path": "../outside/trips.csv", "path": "data/trips.csv"',
            1,
        ),
        encoding="utf-8",
    )
    assert_answered(package, "appears twice")


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        (lambda d: d["resources"][0]["schema"].update(primaryKey=None), "primaryKey"),
        (lambda d: d["resources"][0]["schema"].update(primaryKey=5), "primaryKey"),
        (lambda d: d["resources"][0]["schema"].update(primaryKey=True), "primaryKey"),
        (lambda d: d["resources"][0]["schema"].update(foreignKeys=5), "foreignKeys"),
        (
            lambda d: d["resources"][0]["schema"]["foreignKeys"][0].update(reference="people"),
            "reference",
        ),
        (
            lambda d: d["resources"][0]["schema"]["fields"][0]["constraints"].update(pattern="(["),
            "regular expression",
        ),
        (
            lambda d: d["resources"][0]["schema"]["fields"][0]["constraints"].update(
                pattern="^([A-Za-z]+ ?)*$"
            ),
            "exponential",
        ),
        (
            lambda d: d["resources"][0].update(dialect="https://example.org/dialect.json"),
            "nothing is fetched",
        ),
        (lambda d: d["resources"][0].update(compression="gz"), "compression"),
        (lambda d: d["resources"][0].update(encoding="latin-1"), "encoding"),
        (lambda d: d["resources"][0].update(format="xlsx"), "format"),
        (lambda d: d["resources"][0]["schema"].update(fields="nope"), "fields"),
        (
            lambda d: d["resources"][0]["schema"]["fields"][1].update(type="geopoint"),
            "not supported",
        ),
        (lambda d: d.update(resources=[]), "resources"),
        (lambda d: d["resources"][0]["schema"]["fields"][1].update(type=["string"]), "type"),
        (lambda d: d["resources"][0]["schema"]["fields"][1].update(format={}), "format"),
        (lambda d: d["resources"][0]["schema"]["fields"][1].update(description=7), "a string"),
        (
            lambda d: d["resources"][0]["schema"]["fields"][0]["constraints"].update(minimum=1),
            "not a constraint of a string column",
        ),
        (lambda d: d["resources"][0].update(dialect={"lineTerminator": 7}), "line ending"),
        (
            lambda d: d["resources"][0]["schema"]["fields"][0]["constraints"].update(enum=5),
            "must be a list, not a number",
        ),
        (lambda d: d["resources"][0].update(name="trips\x1b]0;pwned\x07\x1b[2J"), "resource name"),
    ],
)
def test_malformed_descriptors(
    package: Path, change: Callable[[dict[str, Any]], None], needle: str
) -> None:
    edit_descriptor(package, change)
    assert_answered(package, needle)


def _resource(d: dict[str, Any], name: str) -> dict[str, Any]:
    return next(r for r in d["resources"] if r["name"] == name)


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        (
            lambda d: _resource(d, "legs").update(extrapaths=["https://example.com/more.csv"]),
            "extra data files",
        ),
        (lambda d: _resource(d, "legs").update(extrapaths=["../../outside.csv"]), "extrapaths"),
        (
            lambda d: _resource(d, "legs")["schema"]["foreignKeys"][0]["reference"].update(
                package="https://example.com/datapackage.json"
            ),
            "another package",
        ),
        (
            lambda d: _resource(d, "legs")["schema"]["foreignKeys"][0]["reference"].update(
                fields=["nope"]
            ),
            "'nope' is not a column",
        ),
    ],
)
def test_references_and_extra_files_that_would_reach_outside(
    package: Path, change: Callable[[dict[str, Any]], None], needle: str
) -> None:
    edit_descriptor(package, change)
    assert_answered(package, needle)


def test_a_list_reference_to_a_missing_column_is_one_problem(package: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        for resource in d["resources"]:
            for field in resource["schema"]["fields"]:
                ref = field.get("kimtravel", {}).get("reference")
                if ref:
                    ref["fields"] = ["nope"]
                    return

    edit_descriptor(package, change)
    assert_answered(package, "'nope' is not a column")
    report = kimtravel.validate(package, use_frictionless=False)
    assert len(report.problems) == 1, report.problems


def test_a_standard_looking_profile_url_is_not_fetched(package: Path) -> None:
    edit_descriptor(
        package, lambda d: d.update(profile="https://datapackage.org/profiles/evil.json")
    )
    report = kimtravel.validate(package, use_frictionless=True)
    assert report.ok, report.problems


def test_a_profile_url_is_not_fetched(package: Path) -> None:
    edit_descriptor(package, lambda d: d.update(profile="https://example.org/profile.json"))
    report = kimtravel.validate(package, use_frictionless=True)
    assert report.ok, report.problems


def test_an_empty_path_is_not_the_bundled_package() -> None:
    code, output = cli(["validate", ""])
    assert code == 2 and "empty" in output
    with pytest.raises(PackageError):
        kimtravel.load("")


def test_a_folder_name_with_glob_characters_is_fine(
    small_rows: builders.Rows, tmp_path: Path
) -> None:
    path = builders.write_rows(tmp_path / "export [1]", small_rows)
    report = kimtravel.validate(path, use_frictionless=True)
    assert report.ok, report.problems


def test_a_truncated_file(package: Path) -> None:
    trips = package.parent / "data" / "trips.csv"
    trips.write_bytes(trips.read_bytes()[:-40])
    assert_answered(package, "the file was changed")


def test_not_utf8(package: Path) -> None:
    sources = package.parent / "data" / "sources.csv"
    sources.write_bytes(sources.read_bytes().replace(b"Test Wire", b"Test \xff Wire", 1))
    edit_descriptor(package, lambda d: builders.rehash(d, package.parent))
    assert_answered(package, "not UTF-8")


def test_an_unclosed_quote(package: Path) -> None:
    sources = package.parent / "data" / "sources.csv"
    sources.write_bytes(sources.read_bytes().replace(b"Test Wire", b'"Test Wire', 1))
    edit_descriptor(package, lambda d: builders.rehash(d, package.parent))
    assert_answered(package, "sources")


def test_terminal_escapes_in_cells_are_not_printed(
    small_rows: builders.Rows, write: Callable[[builders.Rows], Path]
) -> None:
    small_rows["trips"][0]["summary"] = "evil \x1b[2J\x1b]0;title\x07 summary"
    path = write(small_rows)
    code, output = cli(["--data", str(path), "show", small_rows["trips"][0]["id"]])
    assert code == 0
    assert "\x1b" not in output and "\x07" not in output
    assert "\\x1b[2J" in output


def test_the_problem_report_is_the_same_without_the_cli(package: Path) -> None:
    edit_descriptor(package, lambda d: d["resources"][0].update(path="missing.csv"))
    code, output = cli(["validate", str(package)])
    assert code == 1
    assert "missing.csv" in output and "no such file" in output
    assert sys.getrecursionlimit() >= 1000


def test_an_unknown_users_home_is_a_clear_problem() -> None:
    report = kimtravel.validate("~no-such-user-here/datapackage.json")
    assert not report.ok and "unknown user" in str(report.problems[0])


def test_notes_linked_out_of_the_package_are_not_notes(package: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    seeds = package.parent / "seeds"
    for note in seeds.iterdir():
        (outside / note.name).write_bytes(note.read_bytes())
    shutil.rmtree(seeds)
    seeds.symlink_to(outside, target_is_directory=True)
    report = kimtravel.validate(package, use_frictionless=False)
    assert [p.check for p in report.problems] == ["source-note"]
    assert "link out" in report.problems[0].message


def test_a_flood_of_bad_rows_is_counted_not_listed(package: Path) -> None:
    legs = package.parent / "data" / "legs.csv"
    legs.write_text(legs.read_text(encoding="utf-8") + "\n" * 5000, encoding="utf-8")
    descriptor = json.loads(package.read_text(encoding="utf-8"))
    builders.rehash(descriptor, package.parent)
    builders.write_descriptor(package.parent, descriptor)
    report = kimtravel.validate(package, use_frictionless=True)
    blank = [p for p in report.problems if p.check == "blank-row"]
    assert len(blank) == 101 and "4900 more" in blank[-1].message
    assert not report.frictionless  # not asked for a second opinion on a refused package


def test_a_missing_foreign_key_declaration_is_reported_not_raised(package: Path) -> None:
    edit_descriptor(
        package,
        lambda d: next(r for r in d["resources"] if r["name"] == "legs")["schema"].update(
            foreignKeys=[]
        ),
    )
    report = kimtravel.validate(package, use_frictionless=False)
    assert not report.ok and "must declare what it refers to" in str(report.problems)
