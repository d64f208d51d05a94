"""Rewrite the header of every source note in ``seeds/`` from ``data/sources.csv``.

A note is ``seeds/<source id>.md``: a header naming the source (title, publisher, date, address,
and the copy read when it differs), then the facts the data takes from it, in the project's own
words. The header restates the source's row, so it is generated from it; the facts are written by
hand. ``tests/data/test_shipped_rows.py`` checks that headers and rows agree::

    python tools/gen_notes.py
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from kimtravel.descriptor import read_registry  # noqa: E402
from kimtravel.tables import read_tables  # noqa: E402

MARKER = "Facts the data takes from it:"


def header(row: dict[str, object]) -> str:
    """Return the header lines of a source's note (ending with a blank line)."""
    title = row["title"] or "(no headline shown in the copy read)"
    when = row["published"].isoformat() if row["published"] else "undated"  # type: ignore[attr-defined]
    lines = [
        f"# {title}",
        "",
        f"{row['publisher']} ({row['kind']}), {when}, {row['url'] or 'no address of the original known'}",
    ]
    if row["copy_publisher"] or row["copy_url"]:
        lines.append(
            f"Copy read: {row['copy_publisher'] or row['publisher']}, {row['copy_url'] or row['url']}"
        )
    return "\n".join(lines) + "\n\n"


def rendered(row: dict[str, object], text: str) -> str:
    """Return a note's text with its header regenerated (the facts kept as written)."""
    body = text[text.index(MARKER) :] if MARKER in text else f"{MARKER}\n{text}"
    return header(row) + body


def main() -> None:
    registry = read_registry(REPO / "datapackage.json")
    problems: list[object] = []
    table = read_tables(registry, problems, names=["sources"])["sources"]
    for row in table.dicts():
        path = REPO / "seeds" / f"{row['id']}.md"
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        new = rendered(row, text)
        if new != text:
            path.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    main()
