"""The small EDTF reader agrees with the ``edtf`` reference implementation (PyPI) on its subset."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kimtravel import edtf

reference = pytest.importorskip("edtf")


def _bounds(text: str) -> tuple[dt.date, dt.date]:
    value = reference.parse_edtf(text)
    low, high = value.lower_strict(), value.upper_strict()
    return dt.date(*low[:3]), dt.date(*high[:3])


EXAMPLES = [
    "1970-10",
    "1953",
    "1984-05-16",
    "1953-11-12~",
    "1961-07?",
    "1961-07%",
    "[1964-10,1964-11]",
    "[1964-10..1964-12]",
    "1949-03-03/1949-03-25",
    "2011-12/2018-03",
    "2000-02-29",
]


@pytest.mark.parametrize("text", EXAMPLES)
def test_earliest_and_latest_days_match_the_reference(text: str) -> None:
    ours = edtf.parse(text)
    assert (ours.earliest, ours.latest) == _bounds(text)


DAY = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31))


@st.composite
def edtf_values(draw: st.DrawFn) -> str:
    def one() -> str:
        day = draw(DAY)
        precision = draw(st.sampled_from(["day", "month", "year"]))
        text = {"day": day.isoformat(), "month": day.isoformat()[:7], "year": day.isoformat()[:4]}[
            precision
        ]
        return text + draw(st.sampled_from(["", "~", "?", "%"]))

    shape = draw(st.sampled_from(["single", "set", "interval"]))
    if shape == "single":
        return one()
    a, b = sorted([draw(DAY), draw(DAY)])
    if shape == "set":
        return f"[{a.isoformat()[:7]},{b.isoformat()[:7]}]"
    return f"{a.isoformat()}/{b.isoformat()}"


@given(edtf_values())
def test_generated_values_agree_with_the_reference(text: str) -> None:
    ours = edtf.parse(text)
    assert (ours.earliest, ours.latest) == _bounds(text)
    assert ours.exact == (
        ours.precision == "day" and text[-1].isdigit() and "/" not in text and "[" not in text
    )


@pytest.mark.parametrize(
    "text", ["1970-13", "2019-02-30", "19", "1970-10-01T10:00", "[1970]", "1970/1969", "~1970", ""]
)
def test_values_outside_the_subset_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        edtf.parse(text)


def test_precision_and_qualifiers() -> None:
    value = edtf.parse("1953-11-12~")
    assert (value.precision, value.approximate, value.uncertain, value.exact) == (
        "day",
        True,
        False,
        False,
    )
    assert edtf.parse("1970-10").precision == "month"
    assert edtf.parse("[1964-10,1964-11]").candidates == ("1964-10", "1964-11")
    assert edtf.parse("2011-12/2018-03").interval
