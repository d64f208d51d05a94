"""Each release's data changes in CHANGELOG.md are exactly what the project's diff produces."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tools import changelog

REPO = Path(__file__).resolve().parents[2]
BLOCK = re.compile(
    r"<!-- data-diff: (initial|previous=(\S+)) -->\n(.*?)<!-- /data-diff -->", re.DOTALL
)


def newest_block() -> re.Match[str]:
    text = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    newest = text.split("\n## [", 2)[2]  # skip the intro and [Unreleased]
    match = BLOCK.search(newest.split("\n## [")[0])
    assert match, "the newest release has no <!-- data-diff --> block"
    return match


def test_newest_entry_lists_the_data_changes_from_the_diff_tool() -> None:
    match = newest_block()
    previous = match.group(2)
    assert previous is not None, "the newest entry must name the previous release's commit"
    known = subprocess.run(
        ["git", "cat-file", "-e", f"{previous}^{{commit}}"], cwd=REPO, check=False
    )
    if known.returncode != 0:
        pytest.skip(f"{previous} is not in this clone (a shallow clone?)")
    assert match.group(3).strip() == changelog.entry(previous).strip()


def test_keep_a_changelog_shape() -> None:
    text = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    assert text.startswith("# Changelog\n")
    assert "## [Unreleased]" in text
    for heading in re.findall(r"^### (.+)$", text, re.MULTILINE):
        assert heading in {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}, (
            heading
        )
