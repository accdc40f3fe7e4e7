"""Figures of trade studies and sensitivities, as SVG text
(:class:`~okaeri.report.plot_style.Plot`).

- :func:`output_plots`: each output against each variable, points coloured by their class
  (a requirement output shows its margin with the required margin drawn);
- :func:`feasibility_plots`: the variables two by two, each point coloured by its worst
  verdict (with one variable: the smallest margin above the required one against it);
- :func:`pareto_plot`: the two objectives of every evaluated point, the front joined;
- :func:`tornado_plot`: a requirement's margin at each end of each parameter's variation.

Drawn like every okaeri figure (:mod:`okaeri.report.plots`): a plain matplotlib Figure
in a fixed ``rc_context``, deterministic SVG, matplotlib imported only when drawing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from okaeri.report.format import display_unit, in_display_unit, number, percent
from okaeri.report.plot_style import Plot, draw_legend, new_figure, svg_text

if TYPE_CHECKING:
    from okaeri.verification.campaigns.sensitivity import Tornado
    from okaeri.verification.campaigns.study import Output, Variable
    from okaeri.verification.campaigns.trade import PointResult, TradeResult

CLASS_COLOURS = {
    "pass": "#1e7b34", "low margin": "#d9822b", "inconclusive": "#b59a00",
    "fail": "#b3261e", "error": "#6a1b9a", "": "#1f4e79",
}
"""Colour of a point by its class (``""``: a study without requirement outputs)."""

MAX_PAIRS = 6
"""Most pairs of variables drawn as feasibility maps."""


def _shown(variable: Variable, value_si: float) -> float:
    return value_si / variable.display_factor


def _output_axis(output: Output) -> tuple[str, float]:
    """Axis label and the factor from SI to shown of an output (margin in %)."""
    if output.is_requirement:
        return f"{output.name} margin (%)", 100.0
    unit = display_unit(output.unit)
    factor = in_display_unit(1.0, output.unit)
    return (f"{output.name} ({unit})" if unit else output.name), factor


def _output_value(output: Output, point: PointResult, index: int) -> float | None:
    if point.error or not point.outputs:
        return None
    result = point.outputs[index]
    value = result.margin if output.is_requirement else result.value
    return value if value is not None and math.isfinite(value) else None


def _scatter_by_class(ax: Any, xs: Sequence[float], ys: Sequence[float],
                      classes: Sequence[str]) -> None:
    for name, colour in CLASS_COLOURS.items():
        chosen = [(x, y) for x, y, c in zip(xs, ys, classes, strict=True) if c == name]
        if chosen:
            ax.scatter([p[0] for p in chosen], [p[1] for p in chosen], s=26, color=colour,
                       marker="x" if name == "error" else "o", linewidths=1.2,
                       label=name or "evaluated", zorder=3)


def _join_levels(ax: Any, points: Sequence[tuple[tuple[float, ...], float]], j: int,
                 shown: Any) -> None:
    """Join, in thin grey, the points that share every variable but the ``j``-th (the
    lines of a full factorial design)."""
    groups: dict[tuple[float, ...], list[tuple[float, float]]] = {}
    for values, y in points:
        groups.setdefault(values[:j] + values[j + 1:], []).append((values[j], y))
    for line in groups.values():
        if len(line) > 1:
            line.sort()
            ax.plot([shown(x) for x, _ in line], [y for _, y in line], color="#9aa5b1",
                    linewidth=0.8, zorder=1)


def output_plots(result: TradeResult) -> list[Plot]:
    """Each output against each variable (outputs in the study's order)."""
    plots = []
    study = result.study
    for i, output in enumerate(study.outputs):
        label, factor = _output_axis(output)
        for j, variable in enumerate(study.variables):
            points = [(p, _output_value(output, p, i)) for p in result.points]
            shown = [(p, v) for p, v in points if v is not None]
            name = f"trade_output_{i}_{j}"
            title = f"{output.name} against {variable.key}"
            with new_figure() as figure:
                ax = figure.add_subplot()
                _join_levels(ax, [(p.values, v * factor) for p, v in shown], j,
                             lambda x, v=variable: _shown(v, x))
                _scatter_by_class(ax, [_shown(variable, p.values[j]) for p, _ in shown],
                                  [v * factor for _, v in shown],
                                  [p.outputs[i].point_class if output.is_requirement
                                   else p.worst for p, _ in shown])
                if output.is_requirement:
                    ax.axhline(0.0, color="#b3261e", linewidth=1.2, label="limit (0 %)")
                    required = output.required_margin
                    if required:
                        ax.axhline(100.0 * required, color="#333333", linestyle="--",
                                   linewidth=1.2, label=f"required {percent(required)}")
                ax.set_xlabel(variable.label)
                ax.set_ylabel(label)
                draw_legend(figure)
                svg = svg_text(figure, name, title)
            missing = len(points) - len(shown)
            caption = (f"{len(shown)} points" + (f" ({missing} without a value)" if missing
                                                  else "") + ".")
            plots.append(Plot(name, title, caption, svg))
    return plots


def _worst_margin(point: PointResult, study_outputs: Sequence[Output]) -> float | None:
    """Smallest margin above the required margin among the requirement outputs."""
    found = [r.margin - o.required_margin for o, r in zip(study_outputs, point.outputs,
                                                         strict=True)
             if o.is_requirement and r.margin is not None and math.isfinite(r.margin)]
    return min(found) if found else None


def feasibility_plots(result: TradeResult) -> list[Plot]:
    """The design space coloured by each point's worst verdict (needs a requirement
    output): every pair of variables (at most :data:`MAX_POINTS`), or, with one
    variable, the smallest margin above the required margin against it."""
    study = result.study
    if not any(o.is_requirement for o in study.outputs):
        return []
    classes = [p.worst for p in result.points]
    counts = ", ".join(f"{classes.count(c)} {c}" for c in CLASS_COLOURS if c and c in classes)
    if len(study.variables) == 1:
        variable = study.variables[0]
        margins = [(p, _worst_margin(p, study.outputs)) for p in result.points if not p.error]
        shown = [(p, m) for p, m in margins if m is not None]
        title = f"Feasibility against {variable.key}"
        with new_figure() as figure:
            ax = figure.add_subplot()
            _scatter_by_class(ax, [_shown(variable, p.values[0]) for p, _ in shown],
                              [100.0 * m for _, m in shown], [p.worst for p, _ in shown])
            ax.axhline(0.0, color="#333333", linestyle="--", linewidth=1.2,
                       label="required margin")
            ax.set_xlabel(variable.label)
            ax.set_ylabel("smallest margin above the required margin (%)")
            draw_legend(figure)
            svg = svg_text(figure, "trade_feasibility_0", title)
        return [Plot("trade_feasibility_0", title, f"{len(result.points)} points: {counts}.",
                     svg)]
    plots = []
    pairs = [(a, b) for a in range(len(study.variables))
             for b in range(a + 1, len(study.variables))][:MAX_PAIRS]
    for n, (a, b) in enumerate(pairs):
        va, vb = study.variables[a], study.variables[b]
        name = f"trade_feasibility_{n}"
        title = f"Feasibility: {va.key} and {vb.key}"
        with new_figure() as figure:
            ax = figure.add_subplot()
            _scatter_by_class(ax, [_shown(va, p.values[a]) for p in result.points],
                              [_shown(vb, p.values[b]) for p in result.points], classes)
            ax.set_xlabel(va.label)
            ax.set_ylabel(vb.label)
            draw_legend(figure)
            svg = svg_text(figure, name, title)
        plots.append(Plot(name, title, f"Each point coloured by the worst verdict of its "
                          f"requirement outputs; {len(result.points)} points: {counts}.", svg))
    return plots


def pareto_plot(result: TradeResult) -> Plot | None:
    """The two objectives of every evaluated point, the Pareto front joined (``None``
    without two objectives)."""
    study = result.study
    if len(study.objectives) != 2:
        return None
    (first, sense1), (second, sense2) = study.objectives
    outputs = [study.output(first), study.output(second)]
    (xlabel, xf), (ylabel, yf) = (_output_axis(o) for o in outputs)
    front = result.pareto_front()
    shown = [(p, result.objective_values(p)) for p in result.points]
    values = [(p, v) for p, v in shown if v is not None]
    by_index = {p.index: v for p, v in values}
    title = f"Pareto front: {sense1} {first}, {sense2} {second}"
    with new_figure() as figure:
        ax = figure.add_subplot()
        _scatter_by_class(ax, [v[0] * xf for _, v in values], [v[1] * yf for _, v in values],
                          [p.worst for p, _ in values])
        if front:
            ax.plot([by_index[i][0] * xf for i in front], [by_index[i][1] * yf for i in front],
                    color="#333333", linewidth=1.4, drawstyle="steps-post",
                    label=f"Pareto front ({len(front)} points)", zorder=2)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        draw_legend(figure)
        svg = svg_text(figure, "trade_pareto", title)
    caption = (f"{len(values)} points with both objectives; the front joins the "
               f"{len(front)} points not dominated"
               + (" among the feasible points (every requirement output passes)"
                  if any(o.is_requirement for o in study.outputs) else "")
               + (": " + ", ".join(f"point {i}" for i in front) if front else "") + ".")
    return Plot("trade_pareto", title, caption, svg)


def trade_plots(result: TradeResult) -> list[Plot]:
    """Every figure of a trade study: feasibility, Pareto front, outputs."""
    plots = feasibility_plots(result)
    pareto = pareto_plot(result)
    if pareto is not None:
        plots.append(pareto)
    return plots + output_plots(result)


def tornado_plot(tornado: Tornado, top: int = 10) -> Plot:
    """Bars from the nominal margin to the margin at each end of the ``top`` parameters
    with the largest effect, largest at the top; the required margin dashed."""
    swings = tornado.ranked(top)
    nominal = 100.0 * tornado.nominal_margin
    name = f"tornado_{tornado.requirement.lower().replace('-', '_')}"
    title = f"{tornado.requirement}: parameters that move its margin most"
    labels = [f"{s.variation.key} ({s.variation.basis})" for s in swings]
    with new_figure() as figure:
        figure.set_size_inches(7.0, 1.2 + 0.32 * max(len(swings), 1))
        ax = figure.add_subplot()
        rows = list(range(len(swings)))[::-1]
        for row, swing in zip(rows, swings, strict=True):
            for value, colour, label in ((swing.margin_low, "#7aa6cf", "low value"),
                                         (swing.margin_high, "#1f4e79", "high value")):
                if value is not None and math.isfinite(value):
                    ax.barh(row, 100.0 * value - nominal, left=nominal, height=0.6,
                            color=colour, label=label if row == rows[0] else None)
        ax.axvline(nominal, color="#333333", linewidth=1.0, label=f"nominal {number(nominal)} %")
        if tornado.required_margin:
            ax.axvline(100.0 * tornado.required_margin, color="#b3261e", linestyle="--",
                       linewidth=1.2, label=f"required {percent(tornado.required_margin)}")
        ax.set_yticks(rows, labels, fontsize=7.5)
        ax.set_xlabel(f"{tornado.requirement} margin (%)")
        ax.grid(axis="y", visible=False)
        draw_legend(figure)
        svg = svg_text(figure, name, title)
    how = ("incremental graph re-evaluation" if tornado.method == "graph"
           else "verified at each end")
    caption = (f"{tornado.criterion}; nominal margin {percent(tornado.nominal_margin)}; "
               f"{len(tornado.swings)} parameters varied one at a time ({how}), the "
               f"{len(swings)} with the largest effect shown.")
    return Plot(name, title, caption, svg)
