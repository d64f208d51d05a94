"""README.md stays honest: its examples run, its output is real, its generated parts are current."""

from __future__ import annotations

import doctest
import io
import re
import shlex
from pathlib import Path

from kimtravel.cli import main
from tools import gen_pictures, gen_readme

REPO = Path(__file__).resolve().parents[2]
README = (REPO / "README.md").read_text(encoding="utf-8")


def test_python_examples_run_as_shown() -> None:
    result = doctest.testfile(
        str(REPO / "README.md"), module_relative=False, optionflags=doctest.ELLIPSIS
    )
    assert result.attempted > 15
    assert result.failed == 0


def test_command_line_examples_print_what_is_shown() -> None:
    blocks = re.findall(r"```console\n\$ (kimtravel [^\n]+)\n(.*?)```", README, re.DOTALL)
    assert blocks
    for command, shown in blocks:
        out = io.StringIO()
        assert main(shlex.split(command)[1:], out=out) == 0
        assert out.getvalue() == shown, command


def test_generated_blocks_are_current() -> None:
    assert gen_readme.rendered(README) == README, "run python tools/gen_readme.py"


def test_pictures_are_current() -> None:
    for path, text in gen_pictures.rendered().items():
        assert path.read_text(encoding="utf-8") == text, (
            f"{path.name} is stale: run python tools/gen_pictures.py"
        )
        assert f"({path.relative_to(REPO).as_posix()})" in README


def test_quick_start_commands_are_the_ones_ci_runs() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    test_command = re.search(r"```console\n(python3 -m venv .venv && [^\n]*pytest)\n```", README)
    assert test_command, "README's test command not found"
    assert test_command.group(1) in ci


def test_every_command_is_documented() -> None:
    from kimtravel.cli import build_parser

    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    for name in commands:
        assert f"`kimtravel {name}" in README, name
