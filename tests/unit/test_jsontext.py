"""json_text indents the top levels and writes records on one line; the oracle is the
standard library's ``json.dumps`` at both ends (all levels indented, none indented),
and it refuses NaN as json does."""

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


def _indented(data: Any) -> str:
    return json.dumps(data, indent=2, sort_keys=True, allow_nan=False)


def _one_line(data: Any) -> str:
    return json.dumps(data, sort_keys=True, allow_nan=False, separators=(", ", ": "))


_scalars = (st.none() | st.booleans() | st.integers() | st.text()
            | st.floats(allow_nan=False, allow_infinity=False))
_documents = st.recursive(
    _scalars, lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
    | st.dictionaries(st.text(), inner, max_size=4), max_leaves=30)


@given(_documents, st.integers(0, 4))
def test_every_depth_reads_back_as_the_same_document(data: Any, depth: int) -> None:
    assert json.loads(json_text(data, depth)) == json.loads(_indented(data))


@given(_documents)
def test_indented_levels_and_one_line_records_are_the_standard_librarys(data: Any) -> None:
    assert json_text(data, 100) == _indented(data)
    assert json_text(data, 0) == _one_line(data)


def test_records_below_the_indented_levels_take_one_line_each() -> None:
    run = {"requirements": [{"id": "CAP-010", "evidence": [{"kind": "analysis"}]},
                            {"id": "CAP-020", "value_si": 1.5}], "counts": {"pass": 2}}
    assert json_text(run).splitlines() == [
        "{",
        '  "counts": {',
        '    "pass": 2',
        "  },",
        '  "requirements": [',
        '    {"evidence": [{"kind": "analysis"}], "id": "CAP-010"},',
        '    {"id": "CAP-020", "value_si": 1.5}',
        "  ]",
        "}",
    ]


@pytest.mark.parametrize("data", [
    {"verdict": _Colour.RED, "n": True, "x": [1.5, -0.0, 1e300, 10**30]},
    {"nested": {"empty_list": [], "empty_dict": {}, "unicode": "µ°–\u2028\"\\"}},
    [(1, 2), {"b": None, "a": float(3)}],
])
def test_enums_empty_containers_and_escapes(data: Any) -> None:
    assert json_text(data, 100) == _indented(data)
    assert json_text(data, 1) == json_text(json.loads(_indented(data)), 1)


def test_keys_that_are_not_strings_are_converted_as_json_does() -> None:
    data = {"top": {1: "integer key", 2: "converted"}}
    assert json.loads(json_text(data)) == json.loads(json.dumps(data))


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_non_finite_numbers_are_refused_as_json_does(bad: float) -> None:
    for depth in (0, 1, 2):
        with pytest.raises(ValueError):
            json_text({"value": [bad]}, depth)
    with pytest.raises(ValueError):
        _indented({"value": [bad]})
