"""LSR-1's own analysis: the OTV's X-band downlink budget at the largest Earth-Moon range.

A mission-folder analysis, loaded by okaeri when the mission is (like pytest's
``conftest.py``): it declares its ports, okaeri checks every bound value's unit against
them, caches its result by its input values and this file's contents, and the outputs
become graph values (``link.downlink.<output>``) that requirements read.

Levels in dB add as a link budget does (Sklar, "Digital Communications", 2nd ed., 2001,
ch. 5; Larson and Wertz, SMAD 3rd ed., 1999, section 13.3)::

    EIRP    = 10 log10(P_tx / 1 W) + G_tx - L_line                 [dBW]
    L_fs    = 20 log10(4 pi d f / c)                               [dB]
    C/N0    = EIRP - L_fs - L_other + G/T - 10 log10(k)           [dBHz]
    Eb/N0   = C/N0 - 10 log10(R_b)                                 [dB]
    margin  = Eb/N0 - (Eb/N0)_required                             [dB]

with Boltzmann's constant k = 1.380649e-23 J/K (SI 2019, exact).
"""

from __future__ import annotations

import math

from okaeri.analysis import Port, analysis

_SPEED_OF_LIGHT = 299_792_458.0  # m/s, exact (SI)
_BOLTZMANN = 1.380649e-23  # J/K, exact (SI 2019)


@analysis("link.downlink", version="1", inputs={
    "transmit_power": Port("W", "RF output of the transmitter"),
    "antenna_gain": Port("dB", "transmit antenna gain (dBi)"),
    "line_losses": Port("dB", "line and pointing losses on board"),
    "frequency": Port("Hz", "carrier frequency"),
    "range": Port("m", "largest distance to the ground station"),
    "other_losses": Port("dB", "atmospheric and polarisation losses"),
    "ground_g_over_t": Port("dB", "ground station figure of merit G/T (dB/K)"),
    "data_rate": Port("1/s", "information bit rate"),
    "required_eb_n0": Port("dB", "Eb/N0 the coding needs for the required bit error rate"),
}, outputs={
    "eirp": Port("dB", "equivalent isotropically radiated power (dBW)"),
    "free_space_loss": Port("dB", "free-space path loss"),
    "c_over_n0": Port("dB", "carrier to noise density (dBHz)"),
    "eb_n0": Port("dB", "received energy per bit to noise density"),
    "eb_n0_margin": Port("dB", "received Eb/N0 above the required"),
})
def downlink(transmit_power: float, antenna_gain: float, line_losses: float,
             frequency: float, range: float, other_losses: float,
             ground_g_over_t: float, data_rate: float, required_eb_n0: float
             ) -> dict[str, float]:
    """X-band downlink budget (equations in the module docstring)."""
    eirp = 10.0 * math.log10(transmit_power) + antenna_gain - line_losses
    free_space = 20.0 * math.log10(4.0 * math.pi * range * frequency / _SPEED_OF_LIGHT)
    c_over_n0 = eirp - free_space - other_losses + ground_g_over_t - 10.0 * math.log10(
        _BOLTZMANN)
    eb_n0 = c_over_n0 - 10.0 * math.log10(data_rate)
    return {"eirp": eirp, "free_space_loss": free_space, "c_over_n0": c_over_n0,
            "eb_n0": eb_n0, "eb_n0_margin": eb_n0 - required_eb_n0}
