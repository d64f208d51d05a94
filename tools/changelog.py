"""Print the data-changes part of a CHANGELOG entry, produced with kimtravel's own diff.

Usage::

    python tools/changelog.py --previous <commit>           # the previous release's commit (or tag)
    python tools/changelog.py --previous path/to/old/datapackage.json
    python tools/changelog.py --previous <commit> --write   # update CHANGELOG.md in place

The output goes between the ``<!-- data-diff ... -->`` markers of the newest CHANGELOG entry;
``tests/release/test_changelog.py`` regenerates it and fails when the entry differs.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from kimtravel.diff import diff  # noqa: E402


def extract(revision: str, folder: Path) -> Path:
    """Extract the package as it was at a git revision into ``folder``; return the folder."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", revision, "datapackage.json", "data", "seeds"],
        cwd=REPO, capture_output=True, check=True,
    ).stdout  # fmt: skip
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def entry(previous: str) -> str:
    """Return the markdown of the data changes from ``previous`` to the working tree."""
    with tempfile.TemporaryDirectory() as tmp:
        old = Path(previous) if Path(previous).exists() else extract(previous, Path(tmp))
        result = diff(old, REPO)
    return f"Required bump: **{result.required_bump()}**.\n\n{result.to_markdown()}"


def write_newest(text: str, marker: str) -> None:
    """Replace the body of the first ``<!-- data-diff: ... -->`` block in CHANGELOG.md."""
    path = REPO / "CHANGELOG.md"
    changelog = path.read_text(encoding="utf-8")
    start = changelog.index("<!-- data-diff:")
    end = changelog.index("<!-- /data-diff -->", start)
    block = f"<!-- data-diff: {marker} -->\n{text}\n"
    path.write_text(changelog[:start] + block + changelog[end:], encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--previous", required=True, help="git revision or package path of the previous release"
    )
    parser.add_argument(
        "--write", action="store_true", help="replace the newest entry's data-diff block"
    )
    args = parser.parse_args()
    text = entry(args.previous)
    if args.write:
        write_newest(text, f"previous={args.previous}")
    else:
        print(text)


if __name__ == "__main__":
    main()
