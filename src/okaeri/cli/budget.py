"""``okaeri budget``: every budget of a mission (okaeri's own and the declared ones) as
review tables or JSON."""

from __future__ import annotations

import argparse
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from okaeri.cli._common import HelpFormatter, add_json_flag, fail, print_json
from okaeri.report.terminal import format_table

if TYPE_CHECKING:
    from okaeri.budgets import Budgets
    from okaeri.budgets.results import DeclaredBudget

BUILT_IN = ("mass", "delta-v", "propellant", "heat")
"""okaeri's own budgets; a mission adds the budgets it declares (``power.otv``)."""


def register(sub: Any) -> None:
    """Add the ``budget`` sub-command."""
    parser = sub.add_parser(
        "budget",
        help="list the mission's budgets and print any of them with margins",
        description="Evaluate the mission's dependency graph and print its budgets with "
        "margins: okaeri's own (mass: basic, growth, predicted, harness, system margin, "
        "masses per phase, launch mass; delta-v per phase against capability; propellant "
        "per burn against tank capacity; heat load against the heat shield's "
        "qualification) and every budget the mission declares (power per mode, data, "
        "...: each component's value with its equipment margin, the system margin, the "
        "total against the capacity in each mode). NAME is a budget ('mass', "
        "'power.otv') or a declared budget's id ('power': all its scopes). Analysis "
        "results and parsed files are cached as 'okaeri verify' caches them "
        "($OKAERI_CACHE_DIR, --no-cache).",
        epilog="examples:\n  okaeri budget --list\n  okaeri budget\n  okaeri budget mass"
        "\n  okaeri budget power.otv --json\n  okaeri budget heat my-mission\n\n"
        "exit codes: 0 printed, 2 invalid model, unknown budget or bad arguments",
        formatter_class=HelpFormatter,
    )
    parser.add_argument("what", nargs="*", metavar="[NAME] [PATH]",
                        help="budget to print (default: all), then the mission folder "
                        "(default: the reference mission)")
    parser.add_argument("--list", action="store_true",
                        help="list the budgets (name, property, modes, title) and stop")
    parser.add_argument("--no-cache", action="store_true",
                        help="do not read or write the cache (analysis results, parsed "
                        "files), as 'okaeri verify' keeps it")
    add_json_flag(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the selected budgets."""
    words = list(args.what)
    if len(words) > 2:
        return fail(f"okaeri budget: expected [NAME] [PATH], got {' '.join(args.what)!r}")
    path = None
    if words and (len(words) == 2 or Path(words[-1]).is_dir()):
        path = Path(words.pop())
    budgets = _evaluated(path, args.no_cache)
    available = budget_names(budgets)
    names = list(available)
    if words:
        names = [n for n in available if words[0] in (n, n.split(".", 1)[0])]
        if not names:
            from okaeri.errors import did_you_mean

            hint = did_you_mean(words[0], available)
            return fail(f"okaeri budget: unknown budget '{words[0]}'"
                        f"{'; ' + hint if hint else ''}; the budgets of "
                        f"{budgets.mission} are {', '.join(available)} (okaeri budget --list)")
    if args.list:
        return _print_list(budgets, names, args.json)
    if args.json:
        print_json({name: available[name]() for name in names} | {"mission": budgets.mission})
        return 0
    print("\n\n".join(_render(budgets, name) for name in names))
    return 0


def budget_names(budgets: Budgets) -> dict[str, Any]:
    """Every budget of a mission by name, each with a function giving its JSON form."""
    data = budgets.as_dict()
    names: dict[str, Any] = {kind: (lambda kind=kind: data[kind.replace("-", "_")])
                             for kind in BUILT_IN
                             if data[kind.replace("-", "_")] is not None}
    for declared in budgets.declared:
        names[declared.name_key()] = declared.as_dict
    return names


def _declared(budgets: Budgets, name: str) -> DeclaredBudget | None:
    return next((d for d in budgets.declared if d.name_key() == name), None)


def _evaluated(path: Path | None, no_cache: bool) -> Budgets:
    """The budgets of the mission at ``path``, its parsed files and analysis results
    read from and kept in the cache folder (unless ``no_cache``)."""
    from okaeri.budgets import build_graph, evaluate_budgets
    from okaeri.cli._common import cached_mission

    mission, cache = cached_mission(path, no_cache)
    graph = build_graph(mission)
    graph.use_memo(cache.memo)
    return evaluate_budgets(mission, graph)[0]


def _print_list(budgets: Budgets, names: list[str], as_json: bool) -> int:
    rows = []
    for name in names:
        declared = _declared(budgets, name)
        if declared is None:
            rows.append([name, "okaeri", "", "", _BUILT_IN_TITLES[name]])
        else:
            modes = ", ".join(m.mode for m in declared.modes if m.mode is not None)
            rows.append([name, "declared", declared.property, modes, declared.name])
    if as_json:
        print_json({"mission": budgets.mission, "budgets": [
            dict(zip(("name", "origin", "property", "modes", "title"), row, strict=True))
            for row in rows]})
        return 0
    print(f"BUDGETS  {budgets.mission}")
    print(format_table(["name", "origin", "property", "modes", "title"], rows))
    return 0


_BUILT_IN_TITLES = {
    "mass": "mass roll-up with growth and system margin, launch mass against the allowance",
    "delta-v": "delta-v per phase with margins against the capability",
    "propellant": "propellant per burn and residuals against the usable tank capacity",
    "heat": "nominal entry heating against the heat shield's qualification",
}


def _render(budgets: Budgets, name: str) -> str:
    declared = _declared(budgets, name)
    return render_declared(declared) if declared is not None else _RENDER[name](budgets)


def render_declared(budget: DeclaredBudget) -> str:
    """A declared budget: per mode, each component's value with its margin, the totals
    against the capacity."""
    from okaeri.report.format import display_unit, quantity

    unit = display_unit(budget.unit_si)
    out = [f"{budget.name.upper()}  {budget.name_key()}  ({budget.property}, equipment "
           f"margins: {budget.margin_rule}, system margin "
           f"{_pct(budget.system_margin_fraction)} %)"]
    for mode in budget.modes:
        def shown(value_si: float | None) -> str:
            return "" if value_si is None else quantity(value_si, budget.unit_si).removesuffix(
                f" {unit}")
        rows = [[line.component if len(_vehicles(budget)) == 1
                 else f"{line.vehicle}.{line.component}", line.category, shown(line.value_si),
                 _pct(line.margin_fraction), shown(line.predicted_si), line.origin]
                for line in mode.lines]
        rows += [["total", "", shown(mode.basic_si), "", shown(mode.predicted_si), ""],
                 ["system margin", "", "", _pct(budget.system_margin_fraction),
                  shown(mode.system_margin_si), ""],
                 ["with margin", "", "", "", shown(mode.with_margin_si), ""]]
        if mode.capacity_si is not None and mode.margin_fraction is not None:
            rows.append(["capacity", "", "", "", shown(mode.capacity_si), mode.capacity_origin])
            rows.append(["margin", "", "", "", f"{_pct(mode.margin_fraction)} %", ""])
        title = f"mode {mode.mode}" if mode.mode is not None else "all modes"
        out += ["", title, format_table(
            ["component", "category", f"basic {unit}", "margin %", f"with margin {unit}",
             "origin"], rows, right=frozenset({2, 3, 4}))]
    out += ["", f"source: {budget.source}"] if budget.source else []
    return "\n".join(out)


def _vehicles(budget: DeclaredBudget) -> set[str]:
    return {line.vehicle for mode in budget.modes for line in mode.lines}


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
    rows = [[p.phase, p.stack, f"{p.delta_v_m_s:,.1f}" if not p.event else "",
             _kg(p.mass_before_kg), _kg(p.propellant_kg) if not p.event else "",
             _kg(p.mass_after_kg), p.event or "burn"] for p in b.propellant.phases]
    return format_table(["step", "stack", "delta-v m/s", "before kg", "propellant kg",
                         "after kg", "what happens"], rows, right=frozenset({2, 3, 4, 5}))


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
            ["attitude control, with its margin", _kg(p.acs_kg)],
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
