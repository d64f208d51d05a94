"""Exceptions raised by kimtravel.

Every error a user can cause is a subclass of :class:`KimtravelError`, so
``except kimtravel.KimtravelError`` catches them all; each message says what is wrong and where.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


class KimtravelError(Exception):
    """Base class of every error kimtravel raises on purpose."""


class UnknownValueError(KimtravelError, LookupError):
    """A mode, country, id or person that the data does not have.

    The message names the closest matches, or the valid choices when there are few.
    Also a :class:`LookupError`, so ``except KeyError`` style code that catches
    ``LookupError`` keeps working.
    """

    def __init__(
        self, what: str, value: object, choices: Iterable[str], *, message: str | None = None
    ) -> None:
        self.what = what
        self.value = value
        self.choices: tuple[str, ...] = tuple(sorted(set(choices)))
        super().__init__(message or _unknown_message(what, value, self.choices))


def closest(value: str, choices: Sequence[str], n: int = 3) -> list[str]:
    """Return up to ``n`` choices a mistyped ``value`` most likely meant, best first.

    Choices that start with the value come first (``kis-1984`` -> the 1984 trip's id), then
    those with a word close to it (``Putn`` -> ``Vladimir Putin``), then whole strings close to
    it; case is ignored.
    """
    import difflib
    import re

    wanted = value.strip().casefold()
    if not wanted:
        return []
    folded = {c.casefold(): c for c in choices}
    found = [c for f, c in folded.items() if len(wanted) >= 3 and f.startswith(wanted)]

    def word_score(folded_choice: str) -> float:
        words = [w for w in re.split(r"[\s,()/-]+", folded_choice) if w]
        return max((difflib.SequenceMatcher(None, wanted, w).ratio() for w in words), default=0)

    scored = sorted(((word_score(f), c) for f, c in folded.items()), key=lambda x: -x[0])
    found += [c for score, c in scored if score >= 0.8]
    if not found:  # no prefix or word: whole strings nearly as close as the closest
        whole = sorted(
            ((difflib.SequenceMatcher(None, wanted, f).ratio(), c) for f, c in folded.items()),
            key=lambda x: -x[0],
        )
        if whole and whole[0][0] >= 0.5:
            found = [c for score, c in whole if score >= max(0.5, whole[0][0] - 0.15)]
    return list(dict.fromkeys(found))[:n]


def _unknown_message(what: str, value: object, choices: Sequence[str]) -> str:
    head = f"unknown {what} {value!r}"
    if not choices:
        return f"{head}: the data has none"
    close = closest(str(value), choices)
    if close:
        return f"{head}; did you mean {', '.join(repr(c) for c in close)}?"
    if len(choices) <= 12:
        return f"{head}; valid choices: {', '.join(repr(c) for c in choices)}"
    return f"{head}; {len(choices)} valid choices, e.g. {', '.join(repr(c) for c in choices[:5])}"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a data package.

    Attributes:
        resource: the resource (``trips``, ``legs``...) or ``package`` for the descriptor itself.
        key: the row's primary key (``2018-03-beijing`` or ``2018-03-beijing/2``); empty when
            the problem is not about one row.
        field: the column concerned; empty when the problem is not about one column.
        message: what is wrong, in words.
        check: a short stable name of the check that found it (``date-order``, ``foreign-key``...).
    """

    resource: str
    key: str
    field: str
    message: str
    check: str

    def __str__(self) -> str:
        where = self.resource
        if self.key:
            where += f" [{self.key}]"
        if self.field:
            where += f" .{self.field}"
        return f"{where}: {self.message} ({self.check})"


class PackageError(KimtravelError):
    """A data package that cannot be used: missing, malformed, unsafe, tampered or inconsistent.

    Attributes:
        path: the descriptor or file concerned.
        problems: every problem found (at least one).
    """

    def __init__(self, path: object, problems: Sequence[Problem]) -> None:
        self.path = str(path)
        self.problems: tuple[Problem, ...] = tuple(problems)
        shown = "\n".join(f"  - {p}" for p in self.problems[:20])
        more = len(self.problems) - 20
        tail = f"\n  ... and {more} more" if more > 0 else ""
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{self.path}: {count} {noun}:\n{shown}{tail}")
