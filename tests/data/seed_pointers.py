"""Read the row pointers in the source notes (``seeds/<id>.md``).

A fact line of a note ends with ``-> <resource> <key>[, <key>] [field]; <resource> <key> ...``,
naming the rows that take the fact: ``trips 2019-02-hanoi (notes)``, ``events 2018-06-beijing/5,
9`` (a bare number continues the previous trip; ``/2-6`` is a range), ``countries CZ, SK (valid_from)``. Words that
are column names (``notes``, ``companions``, ``end_edtf/disclosure``) say which field; parenthesised
text is a comment.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

MARKER = "Facts the data takes from it:"
RESOURCES = ("trips", "legs", "events", "places", "people", "vehicles", "countries", "non_trips")
_SEQ_RESOURCES = ("legs", "events")
_FIELD_WORDS = {"start", "end", "span", "route", "official"}


@dataclass(frozen=True)
class Pointer:
    """One row named by a fact line: its line number in the note, resource and row key."""

    line: int
    resource: str
    key: str


def fact_lines(text: str) -> Iterator[tuple[int, str]]:
    """Yield (line number, line) for the fact lines after the note's marker."""
    if MARKER not in text:
        return
    start = text[: text.index(MARKER)].count("\n") + 1
    for offset, line in enumerate(text[text.index(MARKER) :].splitlines()):
        if line.startswith("- ") and "->" in line:
            yield start + offset, line


def parse_part(part: str, columns: dict[str, set[str]]) -> tuple[str, list[str]] | None:
    """Return (resource, keys) of one ``resource key[, key]`` part, or None if it names none."""
    match = re.match(r"\s*([a-z_]+)\s+(.*)", part)
    if not match or match.group(1) not in RESOURCES:
        return None
    resource, rest = match.group(1), re.sub(r"\([^)]*\)", " ", match.group(2))
    words = _FIELD_WORDS | columns.get(resource, set())
    keys: list[str] = []
    trip = ""
    for token in (t for t in re.split(r"[,\s]+", rest) if t):
        if all(w in words for w in token.split("/")):
            continue
        if resource in _SEQ_RESOURCES:
            if "/" in token and not token.startswith("/"):
                trip, seq = token.rsplit("/", 1)
                span = re.fullmatch(r"(\d+)-(\d+)", seq)
                if span:
                    first, last = int(span.group(1)), int(span.group(2))
                    keys += [f"{trip}/{i}" for i in range(first, last + 1)]
                else:
                    keys.append(token)
            elif trip and token.lstrip("/").isdigit():
                keys.append(f"{trip}/{token.lstrip('/')}")
            else:
                keys.append(token)
        else:
            keys.append(token)
    return resource, keys


def pointers(text: str, columns: dict[str, set[str]]) -> Iterator[Pointer]:
    """Yield every row a note's fact lines name."""
    for number, line in fact_lines(text):
        for part in line.split("->", 1)[1].split(";"):
            parsed = parse_part(part, columns)
            if parsed:
                for key in parsed[1]:
                    yield Pointer(number, parsed[0], key)
