"""A small reader for the dates of the Extended Date/Time Format (EDTF, ISO 8601-2) the data uses.

The data records the start and end of a journey as sources report them: a day (``1984-05-16``),
a month (``1970-10``), a year (``1953``), qualified as approximate (``~``), uncertain (``?``) or
both (``%``), or one of a set (``[1964-10,1964-11]``) or a range of candidates
(``[1964-10..1964-12]``), or an interval (``2020-01/2022-12``, for a period). :func:`parse` turns such a value into an :class:`EDTF` with the earliest
and latest day it allows, which is what sorting and date queries use. The full EDTF grammar is
much larger; a value outside this subset is refused with a message. The tests check this reader
against the ``edtf`` reference implementation.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_QUALIFIED = re.compile(r"(\d{4}(?:-\d{2}(?:-\d{2})?)?)([?~%]?)")
PRECISIONS = ("day", "month", "year")


@dataclass(frozen=True, slots=True)
class EDTF:
    """One EDTF date value of the subset the data uses.

    Attributes:
        text: the value as written (``1953-11-12~``).
        earliest: the first day it allows.
        latest: the last day it allows.
        precision: ``day``, ``month`` or ``year`` (the coarsest among a set's candidates).
        approximate: marked ``~`` or ``%``.
        uncertain: marked ``?`` or ``%``, or a set of candidates.
        candidates: for a set, its members as written; empty otherwise.
        interval: whether the value is an interval (``A/B``): every day in it, not one of them.
    """

    text: str
    earliest: dt.date
    latest: dt.date
    precision: str
    approximate: bool = False
    uncertain: bool = False
    candidates: tuple[str, ...] = ()
    interval: bool = False

    @property
    def exact(self) -> bool:
        """Whether the value is one day, neither approximate nor uncertain."""
        return self.precision == "day" and not (self.approximate or self.uncertain or self.interval)

    def __str__(self) -> str:
        return self.text


def _month_end(year: int, month: int) -> dt.date:
    first_of_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_of_next - dt.timedelta(days=1)


def _bounds(text: str) -> tuple[dt.date, dt.date, str]:
    match = _DATE.fullmatch(text)
    if match is None:
        raise ValueError(f"{text!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    y = int(year)
    if not 1 <= y <= 9998:  # 9999 leaves room for the day after a December end
        raise ValueError(f"{text!r} is outside the years 0001-9998 that dates here can hold")
    if month is None:
        return dt.date(y, 1, 1), dt.date(y, 12, 31), "year"
    m = int(month)
    if not 1 <= m <= 12:
        raise ValueError(f"{text!r} has no month {m}")
    if day is None:
        return dt.date(y, m, 1), _month_end(y, m), "month"
    try:
        value = dt.date(y, m, int(day))
    except ValueError:
        raise ValueError(f"{text!r} is not a day of the calendar") from None
    return value, value, "day"


@functools.lru_cache(maxsize=4096)
def parse(text: str) -> EDTF:
    """Parse an EDTF value of the subset described in the module docstring.

    Raises:
        ValueError: the text is not such a value (the message says why).
    """
    if not isinstance(text, str):
        raise TypeError(f"an EDTF value must be a str, not {type(text).__name__}")
    if text.startswith("[") and text.endswith("]"):
        inner = text[1:-1]
        if ".." in inner:
            first, _, last = inner.partition("..")
            a, b = _bounds(first), _bounds(last)
            if b[1] < a[0]:
                raise ValueError(f"{text!r}: the range ends before it starts")
            coarsest = max(a[2], b[2], key=PRECISIONS.index)
            return EDTF(text, a[0], b[1], coarsest, uncertain=True, candidates=(first, last))
        parts = inner.split(",")
        if len(parts) < 2:
            raise ValueError(f"{text!r}: a set needs at least two candidates")
        bounds = [_bounds(p) for p in parts]
        coarsest = max((b[2] for b in bounds), key=PRECISIONS.index)
        return EDTF(
            text,
            min(b[0] for b in bounds),
            max(b[1] for b in bounds),
            coarsest,
            uncertain=True,
            candidates=tuple(parts),
        )
    if "/" in text:
        first, _, last = text.partition("/")
        start, end = parse(first), parse(last)
        if start.interval or end.interval or start.candidates or end.candidates:
            raise ValueError(f"{text!r}: each end of an interval must be one date")
        if end.latest < start.earliest:
            raise ValueError(f"{text!r}: the interval ends before it starts")
        coarsest = max(start.precision, end.precision, key=PRECISIONS.index)
        return EDTF(
            text,
            start.earliest,
            end.latest,
            coarsest,
            approximate=start.approximate or end.approximate,
            uncertain=start.uncertain or end.uncertain,
            interval=True,
        )
    match = _QUALIFIED.fullmatch(text)
    if match is None:
        raise ValueError(
            f"{text!r} is not an EDTF date of the forms YYYY, YYYY-MM, YYYY-MM-DD (with ?, ~ or %), "
            "[A,B], [A..B] or A/B"
        )
    value, qualifier = match.groups()
    earliest, latest, precision = _bounds(value)
    return EDTF(
        text,
        earliest,
        latest,
        precision,
        approximate=qualifier in ("~", "%"),
        uncertain=qualifier in ("?", "%"),
    )
