"""Backward mass walk against the rocket equation done by hand."""

from __future__ import annotations

import math

import pytest

from okaeri.core.constants import G0
from okaeri.core.propellant import BURN, JOIN, LEAVE, Step, walk_backward


def test_single_burn_matches_tsiolkovsky() -> None:
    # Curtis eq. 6.1: m0 = mf exp(dv / (g0 Isp)); 1000 kg after a 1 km/s burn at 320 s.
    walk = walk_backward(1000.0, [Step("tli", BURN, 1000.0)], 320.0)
    expected = 1000.0 * math.exp(1000.0 / (G0 * 320.0))
    assert walk.initial_mass == pytest.approx(expected, rel=1e-14)
    assert walk.propellant_used == pytest.approx(expected - 1000.0, rel=1e-14)


def test_mass_events_add_and_remove_mass_between_burns() -> None:
    # Burn 1, a 2 kg canister joins, burn 2, a 40 kg capsule leaves, burn 3: by hand.
    isp, r = 320.0, lambda dv: math.exp(dv / (G0 * 320.0))
    steps = [Step("a", BURN, 800.0), Step("c", JOIN, 2.0), Step("b", BURN, 900.0),
             Step("s", LEAVE, 40.0), Step("d", BURN, 20.0)]
    walk = walk_backward(500.0, steps, isp)
    m_before_d = 500.0 * r(20.0)
    m_before_b = (m_before_d + 40.0) * r(900.0)
    m_before_a = (m_before_b - 2.0) * r(800.0)
    assert walk.initial_mass == pytest.approx(m_before_a, rel=1e-14)
    assert walk.propellant == pytest.approx(
        (m_before_a - (m_before_b - 2.0), 0.0, m_before_b - (m_before_d + 40.0), 0.0,
         m_before_d - 500.0), rel=1e-14)
    assert walk.mass_before[1] == pytest.approx(m_before_b - 2.0, rel=1e-14)


def test_propellant_is_conserved_between_walk_and_masses() -> None:
    steps = [Step("a", BURN, 700.0), Step("s", LEAVE, 40.0), Step("b", BURN, 100.0)]
    walk = walk_backward(400.0, steps, 300.0)
    assert walk.initial_mass - 40.0 - walk.propellant_used == pytest.approx(400.0, rel=1e-14)


@pytest.mark.parametrize(
    ("final", "steps", "message"),
    [(0.0, [], "final_mass must be > 0 kg"),
     (10.0, [Step("x", "warp", 1.0)], "unknown step kind 'warp'"),
     (10.0, [Step("x", JOIN, 20.0)], "joins 20.0 kg to a stack of 10.0 kg"),
     (10.0, [Step("x", BURN, -1.0)], "delta_v must be a finite number >= 0")],
)
def test_invalid_walks_are_refused(final: float, steps: list[Step], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        walk_backward(final, steps, 320.0)
