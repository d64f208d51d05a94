"""The pattern vetting that keeps a hostile pattern from running for hours on a long cell."""

from __future__ import annotations

import json

import pytest

import kimtravel
from kimtravel.descriptor import compile_pattern
from kimtravel.patterns import can_backtrack_badly


def test_the_shipped_patterns_pass() -> None:
    descriptor = json.loads(kimtravel.bundled_path().read_text(encoding="utf-8"))
    patterns = {
        field["constraints"]["pattern"]
        for resource in descriptor["resources"]
        for field in resource["schema"]["fields"]
        if "pattern" in field.get("constraints", {})
    }
    assert patterns
    assert [p for p in patterns if compile_pattern(p)[0] is None] == []


@pytest.mark.parametrize(
    "pattern",
    [
        "[a-z]*[a-z]*[a-z]*[a-z]*[a-z]*[a-z]*!",
        "^a*a*$",
        ".*foo.*",
        r"^\w+\s*\w+$",
        "^[a-z]*b[a-z]*$",
        "^(b+)+$",  # nested: exponential, whatever letter the probe tries
        "(x+x+)+y",
        "(.*a){20}",
    ],
)
def test_repetitions_that_trade_characters_are_refused(pattern: str) -> None:
    assert can_backtrack_badly(pattern)
    compiled, reason = compile_pattern(pattern)
    assert compiled is None and ("polynomial" in reason or "exponential" in reason)


@pytest.mark.parametrize(
    "pattern",
    [
        "^[a-z0-9]+(-[a-z0-9]+)*$",
        "^[a-z]+ [a-z]+$",
        r"^\d+\.\d+$",
        "^[^,]+,[^,]+$",
        "^.*$",
        "^[A-Z]{2}([A-Z]{2})?$",
    ],
)
def test_repetitions_with_a_fixed_boundary_are_fine(pattern: str) -> None:
    assert not can_backtrack_badly(pattern)
    assert compile_pattern(pattern)[0] is not None
