"""Layouts of the compiled entry kernel's arrays (private; see :mod:`okaeri.core.entry`):
the parameter vector (``P_*``), the tables of a trajectory (``E_*``, ``T_*``), the state
vector (``Y_*``), the monitored quantities (``M_*``), the summary vector (``S_*``), the
event codes and the deployment modes. Plain integers and one scale array, read by the
kernel modules and by :mod:`okaeri.core.entry`, which packs and unpacks the arrays."""

from __future__ import annotations

import numpy as np

# --- parameter vector ------------------------------------------------------------------
P_CDA_M = 0  # Cd * S / m (m^2/kg)
P_LD = 1  # lift-to-drag ratio
P_RN = 2  # nose radius (m)
P_RHO_FACTOR = 3  # density multiplier
P_RADIUS = 4  # planet radius (m)
P_MU = 5  # gravitational parameter (m^3/s^2)
P_J2 = 6  # second zonal harmonic (0: off)
P_OMEGA = 7  # rotation rate (rad/s)
P_ATM = 8  # 0: US 1976, 1: exponential
P_RHO0 = 9  # exponential: surface density (kg/m^3)
P_HSCALE = 10  # exponential: scale height (m)
P_GRAVITY = 11  # 0: none, 1: inverse square (+ J2 term if P_J2 != 0)
P_K_SG = 12  # Sutton-Graves constant (kg^0.5/m)
P_RADIATIVE = 13  # 1: add Tauber-Sutton radiative heating
P_DEPLOY_MACH = 14  # deploy when Mach below (NaN: not used)
P_DEPLOY_Q = 15  # ... and dynamic pressure below (Pa) (NaN: not used)
P_DEPLOY_ALT = 16  # ... and altitude below (m) (NaN: not used)
P_SKIP_ALT = 17  # skip-out when climbing above this altitude (m)
P_GROUND_ALT = 18  # ground impact altitude (m)
P_T_MAX = 19  # time limit (s)
P_RTOL = 20  # relative tolerance
P_MAX_STEP = 21  # largest step (s)
P_FIRST_STEP = 22  # first trial step (s)
P_BANK = 23  # constant bank angle (rad), used when the schedule is empty
P_BANK_TIME = 24  # 1: schedule abscissa is time (s); 0: relative speed (m/s)
P_MAX_STEPS = 25  # step budget
P_RAD_REGIME = 26  # internal: 1 while V >= 9 km/s at the step start, else 0
P_DEPLOY_MODE = 27  # 0: conditions (Mach, q, altitude); 1: g-switch + timer; 2: timer
P_GSW_LEVEL = 28  # g-switch threshold on the sensed aerodynamic acceleration (m/s^2)
P_GSW_EDGE = 29  # 0: closes when the acceleration falls below the level after exceeding
#                  it (after the peak); 1: closes when it first rises above the level
P_DEPLOY_DELAY = 30  # timer (s): after the g-switch (mode 1) or from t = 0 (mode 2)
P_DESCENT = 31  # 1: descend under the parachutes to the ground after deployment
P_DROGUE_CDA_M = 32  # drogue system drag area over mass, Cd S / m (m^2/kg)
P_MAIN_CDA_M = 33  # main system drag area over mass (m^2/kg) (NaN: no main)
P_MAIN_ALT = 34  # main deploys below this altitude (m) (NaN: not used)
P_MAIN_DELAY = 35  # ... or this long after the drogue (s) (NaN: not used)
P_DESCENT_STEP = 36  # altitude step of the descent integration (m)
P_GSW_ARM = 37  # falling edge: the g-switch arms above this acceleration (m/s^2)
NP = 38

DEPLOY_CONDITIONS, DEPLOY_G_SWITCH, DEPLOY_TIMER = 0, 1, 2

# --- tables of a trajectory (the tuple env) ----------------------------------------------
E_TAB, E_T_BASE, E_P_BASE, E_AUX = 0, 1, 2, 3  # atmosphere tables; the aux array
# the batch tables (see env_row): the same three, then
T_RHO_H, T_RHO_F, T_CD_MACH, T_CD_RATIO, T_WIND_H, T_WIND_E, T_WIND_N = 3, 4, 5, 6, 7, 8, 9
AUX_HEADER = 3  # n_rho, n_cd, n_wind

# --- constants the kernels pass as arguments -------------------------------------------
# numba compiles a function once per argument type, and a Python literal (3, True) is a
# type of its own: passed as numpy scalars, these compile each function once (a few
# seconds less on a first run).
AUX_START = np.int64(AUX_HEADER)  # where the first table of aux starts
LINEAR, SMOOTH = np.bool_(False), np.bool_(True)  # interp's interpolation
# the crossings locate() finds (kinds 0-2 are the deployment conditions)
CROSS_ALTITUDE, CROSS_SPEED, CROSS_G_LOAD = np.int64(3), np.int64(4), np.int64(5)

# --- state vector ----------------------------------------------------------------------
Y_H, Y_LON, Y_LAT, Y_V, Y_GAMMA, Y_PSI, Y_QC, Y_QR, Y_WD = 0, 1, 2, 3, 4, 5, 6, 7, 8
H_INDEX, V_INDEX = np.int64(Y_H), np.int64(Y_V)  # as arguments (see AUX_START)
NY = 9
Y_SCALE = np.array([1.0e4, 1.0, 1.0, 1.0e3, 1.0, 1.0, 1.0e6, 1.0e6, 1.0e6])

# --- monitored quantities --------------------------------------------------------------
M_QC, M_QR, M_Q, M_G, M_PDYN = 0, 1, 2, 3, 4
NM = 5

# --- summary vector --------------------------------------------------------------------
S_PEAK = 0  # NM peak values: 0..4
S_PEAK_T = 5  # NM times of the peaks: 5..9
S_PEAK_H = 10  # NM altitudes of the peaks: 10..14
S_END_T = 15
S_END_Y = 16  # NY end state values: 16..24
S_END_MACH = 25
S_END_PDYN = 26
S_EVENT = 27
S_STEPS = 28
S_REJECTED = 29
S_NFEV = 30
S_DEP_T = 31  # deployment: time (s)
S_DEP_H = 32  # altitude (m)
S_DEP_V = 33  # Earth-relative speed (m/s)
S_DEP_FPA = 34  # flight path angle (rad)
S_DEP_LAT = 35  # latitude (rad)
S_DEP_LON = 36  # longitude (rad)
S_DEP_MACH = 37  # Mach number
S_DEP_Q = 38  # dynamic pressure (Pa)
S_SWITCH_T = 39  # g-switch closure (s)
S_MAIN_T = 40  # main parachute: time (s)
S_MAIN_H = 41  # altitude (m)
S_LAND_T = 42  # ground impact after the descent: time (s)
S_LAND_LAT = 43  # latitude (rad)
S_LAND_LON = 44  # longitude (rad)
S_LAND_VZ = 45  # descent rate at impact (m/s)
S_DEP_PSI = 46  # heading at deployment (rad)
NS = 47

EVENT_NONE, EVENT_DEPLOY, EVENT_GROUND, EVENT_SKIP, EVENT_TIME = 0, 1, 2, 3, 4
EVENT_STEP_LIMIT, EVENT_FAILURE = 5, 6
