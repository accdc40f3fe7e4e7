"""Mutated missions through ``okaeri check`` and ``okaeri verify`` (issue 10, item 11):
every run ends in an exit code of 0, 1 or 2, never in a traceback, every finding is
located, and ``verify`` gives the same verdicts and values with and without the cache.

A few hundred derandomized examples, so that CI stays bounded (under a minute); the
campaign (``tests/fuzz/campaign.py``) runs the same mutations by the ten thousand.
"""

from __future__ import annotations

import random
from pathlib import Path

import cli_outcomes as outcomes
import mission_mutations as mutations
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

DOCUMENTS = mutations.load_documents()
FIXTURES = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
            HealthCheck.filter_too_much]


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=FIXTURES)
@given(rng=st.randoms(use_true_random=False))
def test_mutated_missions_give_located_findings_never_tracebacks(
        tmp_path: Path, rng: random.Random) -> None:
    mutant = mutations.draw_mutations(rng, DOCUMENTS)
    folder = mutations.write_mission(tmp_path / "mission", mutant, DOCUMENTS)
    checked = outcomes.check(folder)
    assert checked.problems == [], mutant.as_json()
    assert checked.code in (0, 2)
    if checked.code == 2:
        assert checked.data["findings"]
        assert all(f["code"].startswith("okaeri.") for f in checked.data["findings"])


@settings(max_examples=6, deadline=None, derandomize=True, suppress_health_check=FIXTURES)
@given(rng=st.randoms(use_true_random=False))
def test_mutated_missions_verify_alike_with_and_without_the_cache(
        tmp_path: Path, rng: random.Random) -> None:
    mutant = mutations.draw_mutations(rng, DOCUMENTS)
    folder = mutations.write_mission(tmp_path / "mission", mutant, DOCUMENTS)
    assume(outcomes.check(folder).code == 0)  # findings: the test above covers them
    cache = tmp_path / "cache"
    runs = [outcomes.verify(folder, tmp_path, None), outcomes.verify(folder, tmp_path, cache),
            outcomes.verify(folder, tmp_path, cache)]
    for run in runs:
        assert run.problems == [], mutant.as_json()
        assert run.code in (0, 1)
    assert len({r.code for r in runs}) == 1
    assert outcomes.disagreements(runs[0].data, runs[1].data) == []
    assert outcomes.disagreements(runs[0].data, runs[2].data) == []
