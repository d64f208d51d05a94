"""Print the data-changes part of a CHANGELOG entry, produced with kimtravel's own diff.

Usage::

    python tools/changelog.py --initial              # first release: everything is added
    python tools/changelog.py --previous v1.0.0      # a git tag or commit of the previous release
    python tools/changelog.py --previous path/to/old/datapackage.json
    python tools/changelog.py --previous v1.0.0 --write   # update CHANGELOG.md in place

The output goes between the ``<!-- data-diff ... -->`` markers of the newest CHANGELOG entry;
``tests/release/test_changelog.py`` regenerates it and fails when the entry differs.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

import kimtravel  # noqa: E402
from kimtravel.db import Dataset  # noqa: E402
from kimtravel.diff import diff  # noqa: E402
from kimtravel.tables import write_csv  # noqa: E402
from kimtravel.writer import columns_of, update_integrity  # noqa: E402


def empty_package(folder: Path) -> Dataset:
    """Write and load a package with the current schema and no rows (the state before 1.0.0)."""
    descriptor = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["version"] = "0.0.0"
    for resource in descriptor["resources"]:
        path = folder / resource["path"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(write_csv(columns_of(descriptor, resource["name"]), []))
    update_integrity(descriptor, folder)
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return kimtravel.load(folder)


def package_at(revision: str, folder: Path) -> Dataset:
    """Extract the package as it was at a git revision and load it."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", revision, "datapackage.json", "data", "seeds"],
        cwd=REPO, capture_output=True, check=True,
    ).stdout  # fmt: skip
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return kimtravel.load(folder)


def entry(previous: str | None) -> str:
    """Return the markdown of the data changes from ``previous`` (``None``: empty) to now."""
    current = kimtravel.load(REPO)
    with tempfile.TemporaryDirectory() as tmp:
        if previous is None:
            old = empty_package(Path(tmp))
        elif Path(previous).exists():
            old = kimtravel.load(previous)
        else:
            old = package_at(previous, Path(tmp))
        result = diff(old, current)
    head = "First release." if previous is None else f"Required bump: **{result.required_bump()}**."
    return f"{head}\n\n{result.to_markdown()}"


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
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--initial", action="store_true", help="diff against an empty package")
    group.add_argument("--previous", help="git revision or package path of the previous release")
    parser.add_argument(
        "--write", action="store_true", help="replace the newest entry's data-diff block"
    )
    args = parser.parse_args()
    text = entry(None if args.initial else args.previous)
    if args.write:
        write_newest(text, "initial" if args.initial else f"previous={args.previous}")
    else:
        print(text)


if __name__ == "__main__":
    main()
