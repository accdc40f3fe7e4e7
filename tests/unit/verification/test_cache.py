"""The analysis cache's entries: long lists of floats are kept as float64 bytes, read back
bit for bit; a damaged entry is a miss."""

from __future__ import annotations

import json
import math
import struct
from pathlib import Path

import numpy as np
import pytest

from okaeri.graph import AnalysisIdentity
from okaeri.verification.cache import PACKED, AnalysisCache, pack, unpack

SPECIAL = [0.0, -0.0, math.inf, -math.inf, math.nan, 5e-324, 1.7976931348623157e308,
           0.1, 1.0 / 3.0]


def _bits(values: list[float]) -> list[bytes]:
    return [struct.pack("<d", v) for v in values]


def test_long_float_lists_read_back_bit_for_bit() -> None:
    rng = np.random.default_rng(7)
    samples = rng.normal(size=4093).tolist() + SPECIAL
    result = {"peak": samples, "nested": {"table": [samples[:100], [1, 2, 3]]},
              "short": samples[:63], "ints": list(range(100)), "count": 4093,
              "mixed": [1.5] * 70 + [2]}
    packed = pack(result)
    assert set(packed["peak"]) == {PACKED}
    assert set(packed["nested"]["table"][0]) == {PACKED}
    assert packed["short"] == samples[:63]  # short lists stay JSON numbers
    assert packed["ints"] == list(range(100)) and packed["mixed"] == [1.5] * 70 + [2]
    back = unpack(json.loads(json.dumps(packed, allow_nan=True)))
    assert _bits(back["peak"]) == _bits(samples)
    assert _bits(back["nested"]["table"][0]) == _bits(samples[:100])
    assert back["nested"]["table"][1] == [1, 2, 3] and back["count"] == 4093
    assert all(type(x) is float for x in back["peak"])
    plain = json.loads(json.dumps(result, allow_nan=True))  # what an unpacked entry gives
    assert _bits(plain["peak"]) == _bits(back["peak"])


@pytest.mark.parametrize("damage", ["not base64 !", "AAAA"])  # AAAA: 3 bytes, not 8
def test_a_damaged_packed_list_is_a_miss(tmp_path: Path, damage: str) -> None:
    cache = AnalysisCache(tmp_path)
    identity = AnalysisIdentity("test.samples", "1", None, "")
    samples = [float(i) / 7.0 for i in range(100)]
    calls = []

    def compute() -> dict[str, list[float]]:
        calls.append(1)
        return {"x": samples}

    assert cache.memo(identity, {"a": 1.0}, compute) == {"x": samples}
    assert cache.memo(identity, {"a": 1.0}, compute) == {"x": samples}
    assert (len(calls), cache.hits) == (1, 1)
    (entry,) = tmp_path.glob("*.json")
    entry.write_text(json.dumps({"x": {PACKED: damage}}))
    assert cache.memo(identity, {"a": 1.0}, compute) == {"x": samples}
    assert (len(calls), cache.hits, cache.misses) == (2, 1, 2)
