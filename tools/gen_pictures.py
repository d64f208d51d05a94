"""Regenerate the pictures README.md shows (``docs/map.svg``, ``docs/timeline.svg``) from the data.

They are drawn as of the data's release date (the descriptor's ``created``), so the same data
gives the same files; ``tests/release/test_readme.py`` fails when they are stale::

    python tools/gen_pictures.py
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from kimtravel.db import load  # noqa: E402
from kimtravel.pictures import map_svg, timeline_svg  # noqa: E402

MAP = REPO / "docs" / "map.svg"
TIMELINE = REPO / "docs" / "timeline.svg"


def rendered() -> dict[Path, str]:
    """Return each picture's path and its exact SVG text."""
    data = load(REPO / "datapackage.json")
    return {MAP: map_svg(data), TIMELINE: timeline_svg(data)}


def main() -> None:
    for path, text in rendered().items():
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(path.relative_to(REPO))


if __name__ == "__main__":
    main()
