"""json_text writes exactly what json.dumps(indent=2, sort_keys=True, allow_nan=False)
writes (the oracle is the standard library), and refuses NaN as it does."""

from __future__ import annotations

import json
import math
from enum import StrEnum
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from okaeri.jsontext import json_text


class _Colour(StrEnum):
    RED = "red"


def _standard(data: Any) -> str:
    return json.dumps(data, indent=2, sort_keys=True, allow_nan=False)


_scalars = (st.none() | st.booleans() | st.integers() | st.text()
            | st.floats(allow_nan=False, allow_infinity=False))
_documents = st.recursive(
    _scalars, lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
    | st.dictionaries(st.text(), inner, max_size=4), max_leaves=30)


@given(_documents)
def test_same_text_as_the_standard_library(data: Any) -> None:
    assert json_text(data) == _standard(data)


@pytest.mark.parametrize("data", [
    {"verdict": _Colour.RED, "n": True, "x": [1.5, -0.0, 1e300, 10**30]},
    {"nested": {"empty_list": [], "empty_dict": {}, "unicode": "µ°–\u2028\"\\"}},
    {1: "integer key", 2: "falls back"},
    [(1, 2), {"b": None, "a": float(3)}],
])
def test_enums_empty_containers_escapes_and_other_keys(data: Any) -> None:
    assert json_text(data) == _standard(data)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_non_finite_numbers_are_refused_as_json_does(bad: float) -> None:
    with pytest.raises(ValueError, match="Out of range"):
        json_text({"value": [bad]})
    with pytest.raises(ValueError):
        _standard({"value": [bad]})
