"""``okaeri budget``: the mass, delta-v, propellant and heat-load budgets as review tables."""

from __future__ import annotations

import argparse
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from okaeri.cli._common import HelpFormatter, add_json_flag, fail, format_table, print_json

if TYPE_CHECKING:
    from okaeri.budgets import Budgets

KINDS = ("mass", "delta-v", "propellant", "heat")


def register(sub: Any) -> None:
    """Add the ``budget`` sub-command."""
    parser = sub.add_parser(
        "budget",
        help="print the mass, delta-v, propellant and heat-load budgets",
        description="Evaluate the mission's dependency graph and print its budgets with "
        "margins: mass (basic, growth, predicted, harness, system margin, masses per phase, "
        "launch mass), delta-v (per phase with its margin class, against capability), "
        "propellant (per burn, residuals, against tank capacity) and heat load (nominal "
        "entry against the heat shield's qualification).",
        epilog="examples:\n  okaeri budget\n  okaeri budget mass\n  okaeri budget heat "
        "my-mission --json\n\nexit codes: 0 printed, 2 invalid model or arguments",
        formatter_class=HelpFormatter,
    )
    parser.add_argument("what", nargs="*", metavar="[KIND] [PATH]",
                        help=f"budget to print ({', '.join(KINDS)}; default all), then the "
                        "mission folder (default: the reference mission)")
    add_json_flag(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the selected budgets."""
    words = list(args.what)
    kinds = list(KINDS)
    if words and words[0] in KINDS:
        kinds = [words.pop(0)]
    if len(words) > 1:
        return fail(f"okaeri budget: expected [KIND] [PATH], got {' '.join(args.what)!r}; "
                    f"KIND is one of {', '.join(KINDS)}")
    from okaeri.budgets import evaluate_budgets
    from okaeri.cli._common import mission_folder
    from okaeri.model import load_mission

    folder = mission_folder(Path(words[0]) if words else None)
    budgets, _ = evaluate_budgets(load_mission(folder))
    if args.json:
        data = budgets.as_dict()
        print_json({k: data[k.replace("-", "_")] for k in kinds} | {"mission": budgets.mission})
        return 0
    print("\n\n".join(_RENDER[k](budgets) for k in kinds))
    return 0


def _kg(value: float) -> str:
    return f"{value:,.1f}"


def _pct(fraction: float) -> str:
    return "n/a" if math.isnan(fraction) else f"{100 * fraction:.1f}"


def render_mass(b: Budgets) -> str:
    """The mass budget as text tables."""
    out = [f"MASS BUDGET  {b.mission}"]
    for v in b.mass.vehicles:
        rows = [[line.component if line.parent is None else f"  {line.component}",
                 line.subsystem, line.category, line.maturity, _kg(line.basic_mass_kg),
                 _pct(line.growth_fraction), _kg(line.predicted_mass_kg), line.origin]
                for line in v.lines]
        rows += [
            ["components", "", "", "", _kg(v.basic_mass_kg), "", _kg(v.predicted_mass_kg), ""],
            ["harness allocation", "", "", "", "", "", _kg(v.harness_kg), ""],
            ["nominal dry mass", "", "", "", "", "", _kg(v.nominal_dry_mass_kg), ""],
            ["system margin", "", "", "", "", _pct(v.system_margin_fraction),
             _kg(v.system_margin_kg), ""],
            ["dry mass with margin", "", "", "", "", "", _kg(v.dry_mass_with_margin_kg), ""],
        ]
        out += ["", f"{v.vehicle}: {v.name}", format_table(
            ["component", "subsystem", "category", "maturity", "basic kg", "growth %",
             "predicted kg", "origin"], rows, right=frozenset({4, 5, 6}))]
    out += ["", "Stack mass along the mission", _phase_table(b)]
    m = b.mass
    out += ["", f"launch mass          {_kg(m.launch_mass_kg)} kg of {_kg(m.launch_allowance_kg)}"
                f" kg allowed: margin {_pct(m.launch_margin_fraction)} %",
            f"system margin        {_pct(m.available_system_margin_fraction)} % of nominal dry "
            f"mass available (held: {_pct(b.mass.vehicles[0].system_margin_fraction)} %)"]
    return "\n".join(out)


def _phase_table(b: Budgets) -> str:
    rows = [[p.phase, p.stack, f"{p.delta_v_m_s:,.1f}", _kg(p.mass_before_kg),
             _kg(p.propellant_kg), _kg(p.mass_after_kg)] for p in b.propellant.phases]
    return format_table(["burn", "stack", "delta-v m/s", "before kg", "propellant kg",
                         "after kg"], rows, right=frozenset({2, 3, 4, 5}))


def render_delta_v(b: Budgets) -> str:
    """The delta-v budget as a text table."""
    d = b.delta_v
    rows = [[line.phase, line.source, f"{line.nominal_m_s:,.1f}",
             f"{line.gravity_loss_m_s:,.1f}" if line.gravity_loss_m_s else "",
             _pct(line.margin_fraction), f"{line.with_margin_m_s:,.1f}", line.origin]
            for line in d.lines]
    rows += [["total", "", f"{d.total_nominal_m_s:,.1f}", "", "",
              f"{d.total_with_margin_m_s:,.1f}", ""],
             ["capability", "", "", "", "", f"{d.capability_m_s:,.1f}",
              "usable propellant along the mission's mass profile"]]
    return "\n".join([
        f"DELTA-V BUDGET  {b.mission}  ({d.vehicle})",
        format_table(["phase", "source", "nominal m/s", "of which gravity loss", "margin %",
                      "with margin m/s", "origin"], rows, right=frozenset({2, 3, 4, 5})),
        "", f"capability margin    {_pct(d.margin_fraction)} % over the delta-v with margins"])


def render_propellant(b: Budgets) -> str:
    """The propellant budget as text tables."""
    p = b.propellant
    return "\n".join([
        f"PROPELLANT BUDGET  {b.mission}  ({p.vehicle}, Isp {p.isp_s:.1f} s)", _phase_table(b),
        "",
        format_table(["", "kg"], [
            ["used by the burns", _kg(p.used_kg)],
            [f"residuals ({_pct(p.residual_fraction)} %)", _kg(p.residual_kg)],
            ["required load", _kg(p.required_kg)],
            ["usable tank capacity", _kg(p.usable_capacity_kg)],
            ["margin", f"{_kg(p.usable_capacity_kg - p.required_kg)} "
                       f"({_pct(p.margin_fraction)} %)"],
        ], right=frozenset({1})),
    ])


_DISPLAY = {"W/m^2": (1e6, "MW/m^2"), "J/m^2": (1e6, "MJ/m^2")}


def render_heat(b: Budgets) -> str:
    """The heat-load budget as a text table."""
    h = b.heat
    if h is None:
        return "HEAT-LOAD BUDGET: the mission has no entry phase"
    rows = []
    for line in h.lines:
        scale, unit = _DISPLAY[line.unit_si]
        rows.append([line.quantity, f"{line.value_si / scale:,.2f}",
                     f"{line.limit_si / scale:,.2f}", unit, _pct(line.margin_fraction),
                     _pct(line.required_margin_fraction),
                     "ok" if line.meets_required_margin else "BELOW REQUIRED"])
    return "\n".join([
        f"HEAT-LOAD BUDGET  {b.mission}  ({h.vehicle}, nominal entry)",
        f"entry: {h.entry_mass_kg:.1f} kg at {h.entry_speed_inertial_m_s / 1e3:.3f} km/s "
        f"inertial, flight path angle {h.entry_fpa_inertial_deg:.2f} deg inertial",
        f"peak heat flux: convective {h.peak_heat_flux_convective_W_m2 / 1e6:.2f} MW/m^2, "
        f"radiative {h.peak_heat_flux_radiative_W_m2 / 1e6:.2f} MW/m^2",
        format_table(["quantity", "predicted", "limit", "unit", "margin %", "required %",
                      "status"], rows, right=frozenset({1, 2, 4, 5})),
    ])


_RENDER = {"mass": render_mass, "delta-v": render_delta_v, "propellant": render_propellant,
           "heat": render_heat}
