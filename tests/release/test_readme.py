"""README.md stays honest: its examples run, its output is real, its reference is current."""

from __future__ import annotations

import doctest
import io
import re
import shlex
from pathlib import Path

from kimtravel.cli import main
from kimtravel.db import Dataset
from kimtravel.writer import resource_records
from tools import gen_readme

REPO = Path(__file__).resolve().parents[2]
README = (REPO / "README.md").read_text(encoding="utf-8")


def test_python_examples_run_as_shown() -> None:
    result = doctest.testfile(
        str(REPO / "README.md"), module_relative=False, optionflags=doctest.ELLIPSIS
    )
    assert result.attempted > 10
    assert result.failed == 0


def test_command_line_examples_print_what_is_shown() -> None:
    blocks = re.findall(r"```console\n\$ (kimtravel [^\n]+)\n(.*?)```", README, re.DOTALL)
    assert blocks
    for command, shown in blocks:
        out = io.StringIO()
        assert main(shlex.split(command)[1:], out=out) == 0
        assert out.getvalue() == shown, command


def test_column_reference_is_generated_from_the_descriptor() -> None:
    assert gen_readme.rendered(README) == README, "run python tools/gen_readme.py"


def test_counts_in_the_introduction(bundled: Dataset) -> None:
    match = re.search(
        r"Data version (\S+) holds (\d+) trips .*?, (\d+) legs, (\d+) events, (\d+) places,\s+(\d+) people and (\d+) sources",
        README,
        re.DOTALL,
    )
    assert match, "introduction sentence with the counts not found"
    version, *counts = match.groups()
    assert version == bundled.version
    names = ["trips", "legs", "events", "places", "people", "sources"]
    assert [int(c) for c in counts] == [len(resource_records(bundled, n)) for n in names]


def test_quick_start_commands_are_the_ones_ci_runs() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    test_command = re.search(r"```console\n(python3 -m venv .venv && [^\n]*pytest)\n```", README)
    assert test_command, "README's test command not found"
    assert test_command.group(1) in ci
