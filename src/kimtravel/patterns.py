"""Spot regular expressions that backtrack exponentially or polynomially, before any cell meets them.

Python's ``re`` backtracks: ``[a-z]*[a-z]*!`` on a long run of letters tries every way to share
them between the two repetitions, which is quadratic per repetition added and, on a long cell,
runs for hours. :func:`polynomial` finds such a pair: two unbounded repetitions in one sequence
that can take the same characters, with nothing between them that forces where the first ends.
It works on the parsed pattern (over ASCII, every other character counted as one), so it is
conservative: ``.*foo.*`` is flagged too (it is quadratic). A repeated body that can split a
run of text in more than one way (``(a+)+``, ``(a|aa)+``), which backtracks exponentially, is
found the same way. Reading the pattern, not timing it, keeps the verdict independent of load.
"""

from __future__ import annotations

from re import _constants as sre  # type: ignore[attr-defined]  # the parser re itself uses
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

_ALL = frozenset(range(129))  # 0-127, and 128 standing for every other character


def _ascii(test: Any) -> frozenset[int]:
    """Return the ASCII codes ``test`` accepts, and 128 (other characters may match too)."""
    return frozenset(c for c in range(128) if test(chr(c))) | {128}


_DIGIT = _ascii(str.isdigit)
_WORD = _ascii(lambda ch: ch.isalnum() or ch == "_")
_SPACE = _ascii(str.isspace)
_CATEGORIES = {
    sre.CATEGORY_DIGIT: _DIGIT,
    sre.CATEGORY_WORD: _WORD,
    sre.CATEGORY_SPACE: _SPACE,
    sre.CATEGORY_NOT_DIGIT: _ALL - _DIGIT | {128},
    sre.CATEGORY_NOT_WORD: _ALL - _WORD | {128},
    sre.CATEGORY_NOT_SPACE: _ALL - _SPACE | {128},
}
"""The characters each escape class (``\\d``, ``\\W``...) can match, over the same alphabet."""


def _class(items: list[Any]) -> frozenset[int]:
    out: set[int] = set()
    negate = False
    for op, av in items:
        if op is sre.NEGATE:
            negate = True
        elif op is sre.LITERAL:
            out.add(av if av < 128 else 128)
        elif op is sre.RANGE:
            lo, hi = av
            out.update(range(min(lo, 128), min(hi, 127) + 1))
            if hi >= 128:
                out.add(128)
        elif op is sre.CATEGORY:
            out |= _CATEGORIES.get(av, _ALL)
        else:
            out |= _ALL
    return (_ALL - out) | {128} if negate else frozenset(out)


def _chars(item: tuple[Any, Any]) -> frozenset[int]:
    """Return every character an item can consume."""
    op, av = item
    if op is sre.LITERAL:
        return frozenset({av if av < 128 else 128})
    if op is sre.NOT_LITERAL:
        return _ALL - {av}
    if op is sre.ANY:
        return _ALL
    if op is sre.IN:
        return _class(av)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        return _seq_chars(av[2])
    if op is sre.SUBPATTERN:
        return _seq_chars(av[-1])
    if op is sre.BRANCH:
        return frozenset().union(*(_seq_chars(b) for b in av[1]))
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return frozenset()
    return _ALL


def _seq_chars(seq: Any) -> frozenset[int]:
    return frozenset().union(*(_chars(i) for i in seq)) if len(seq) else frozenset()


def _first(seq: Any) -> tuple[frozenset[int], bool]:
    """Return the characters a sequence can start with, and whether it can match empty."""
    out: set[int] = set()
    for item in seq:
        op, av = item
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            continue
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            chars, empty = _first(av[2])
            out |= chars
            if av[0] > 0 and not empty:
                return frozenset(out), False
            continue
        if op is sre.SUBPATTERN:
            chars, empty = _first(av[-1])
            out |= chars
            if not empty:
                return frozenset(out), False
            continue
        if op is sre.BRANCH:
            results = [_first(b) for b in av[1]]
            out |= frozenset().union(*(r[0] for r in results))
            if not any(r[1] for r in results):
                return frozenset(out), False
            continue
        out |= _chars(item)
        return frozenset(out), False
    return frozenset(out), True


def _repeats_inside(seq: Any) -> frozenset[int]:
    """Return the characters that optional or repeated parts inside a sequence can take.

    These are what a repeated body may or may not consume, so a new round of the body that can
    start with one of them gives the engine a choice at every such character.
    """
    out: set[int] = set()
    for op, av in seq:
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            if av[1] == sre.MAXREPEAT or av[0] == 0:
                out |= _seq_chars(av[2])
            out |= _repeats_inside(av[2])
        elif op is sre.SUBPATTERN:
            out |= _repeats_inside(av[-1])
        elif op is sre.BRANCH:
            if any(_first(branch)[1] for branch in av[1]):  # an alternative that can be empty
                out |= _chars((op, av))
            for branch in av[1]:
                out |= _repeats_inside(branch)
    return frozenset(out)


def _ambiguous_body(body: Any) -> bool:
    """Return whether a repeated body can split one run of text in more than one way.

    Either a repetition inside it can take what a new round of the body starts with
    (``(b+)+``), or two of its alternatives can start alike (``([a-z]|[a-z])*``).
    """
    start, _ = _first(body)
    if _repeats_inside(body) & start:
        return True
    for item in body:
        if item[0] is sre.SUBPATTERN and len(item[1][-1]) == 1:
            item = item[1][-1][0]  # noqa: PLW2901  (a group that only holds alternatives)
        op, av = item
        if op is sre.BRANCH:
            starts = [_first(branch)[0] for branch in av[1]]
            for i, a in enumerate(starts):
                if any(a & b for b in starts[i + 1 :]):
                    return True
    return False


def polynomial(seq: Any) -> bool:
    """Return whether a parsed sequence has two unbounded repetitions that can trade characters."""
    pending: frozenset[int] = frozenset()  # what the last unbounded repetition may still take
    for item in seq:
        op, av = item
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            if polynomial(av[2]) or (av[1] > 1 and _ambiguous_body(av[2])):
                return True
            start, _ = _first(av[2])
            if av[1] == sre.MAXREPEAT:
                if pending & start:
                    return True
                pending = _seq_chars(av[2])
            elif pending & start:
                pending = pending | _seq_chars(av[2])
            elif av[0] > 0:
                pending = frozenset()
            continue
        if op is sre.SUBPATTERN:
            if polynomial(av[-1]):
                return True
            start, empty = _first(av[-1])
            if pending & start:
                pending = pending | _seq_chars(av[-1])
            elif not empty:
                pending = frozenset()
            continue
        if op is sre.BRANCH:
            if any(polynomial(b) for b in av[1]):
                return True
            start, empty = _first([item])
            if pending & start:
                pending = pending | _chars(item)
            elif not empty:
                pending = frozenset()
            continue
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            continue
        chars = _chars(item)
        # an overlapping item leaves the split point free; a disjoint one fixes it
        pending = pending | chars if pending & chars else frozenset()
    return False


def can_backtrack_badly(pattern: str) -> bool:
    """Return whether ``pattern`` has repetitions that can trade characters.

    That is two in a row that can take the same characters, or a repeated body that can split
    a run of text in more than one way (nested repetition, overlapping alternatives), which
    backtracks exponentially.

    Raises:
        re.error: the pattern does not parse.
    """
    return polynomial(sre_parse.parse(pattern))
