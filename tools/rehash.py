"""Recompute the ``hash`` (sha256) and ``bytes`` of every resource in a descriptor, in place.

Usage::

    python tools/rehash.py [path/to/datapackage.json]   # default: the repository's

Run it after editing any file under ``data/``; then validate (``kimtravel validate``).
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from kimtravel.writer import rehash  # noqa: E402


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "datapackage.json"
    changed = rehash(path)
    print(f"{path}: updated {', '.join(changed)}" if changed else f"{path}: hashes already current")


if __name__ == "__main__":
    main()
