"""View objects and HTML pages of trade studies and sensitivities.

:func:`trade_view` and :func:`sensitivity_view` prepare every string a template shows
(values in display units, margins in %, CSS classes); :func:`render_trade` and
:func:`render_sensitivity` render ``trade.html.j2`` and ``sensitivity.html.j2`` through
okaeri's one jinja2 environment. Pages are self-contained (inline CSS and SVG, no script)
and deterministic: the timestamp is the run's (``SOURCE_DATE_EPOCH`` when set).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from okaeri.report.format import number, percent, quantity
from okaeri.report.view_basics import VERDICT_CSS, LabelValue
from okaeri.report.views import ProvenanceView, provenance_view

if TYPE_CHECKING:
    from okaeri.report.plot_style import Plot
    from okaeri.verification.campaigns.sensitivity import Tornado
    from okaeri.verification.campaigns.study import Variable
    from okaeri.verification.campaigns.trade import PointResult, TradeResult
    from okaeri.verification.results import Provenance

MAX_ROWS = 2000
"""Most points listed in the page's table (the CSV and Parquet files have them all)."""

_CLASS_CSS = {"pass": VERDICT_CSS["pass"], "low margin": VERDICT_CSS["low"],
              "inconclusive": VERDICT_CSS["inconclusive"], "fail": VERDICT_CSS["fail"],
              "error": VERDICT_CSS["error"], "": ""}


@dataclass(frozen=True)
class Cell:
    """One table cell: its text and CSS class (``num``, a verdict badge)."""

    text: str
    css: str = ""
    badge: bool = False


@dataclass(frozen=True)
class Row:
    """One table row."""

    cells: tuple[Cell, ...]
    css: str = ""


@dataclass(frozen=True)
class CountView:
    """How many points have a class."""

    label: str
    count: int
    css: str


@dataclass(frozen=True)
class TradeView:
    """Everything ``trade.html.j2`` shows."""

    title: str
    generator: str
    provenance: ProvenanceView
    study: tuple[LabelValue, ...]
    variables: tuple[Row, ...]
    counts: tuple[CountView, ...]
    headers: tuple[Cell, ...]
    rows: tuple[Row, ...]
    rows_left_out: int
    plots: tuple[Plot, ...]


def _value(variable: Variable, value_si: float) -> str:
    return f"{number(value_si / variable.display_factor)} {variable.display_unit}".strip()


def _variable_row(variable: Variable) -> Row:
    values = (", ".join(_value(variable, v) for v in variable.levels) if variable.levels
              else f"{_value(variable, variable.low)} to {_value(variable, variable.high)}")
    return Row((Cell(variable.key), Cell(values),
                Cell(_value(variable, variable.nominal), "num")))


def _headers(result: TradeResult) -> tuple[Cell, ...]:
    cells = [Cell("point", "num")]
    cells += [Cell(v.label, "num") for v in result.study.variables]
    for output in result.study.outputs:
        if output.is_requirement:
            cells.append(Cell(f"{output.name} verdict"))
            if output.quantity is not None:
                cells += [Cell(f"{output.name} value", "num"),
                          Cell(f"{output.name} margin", "num")]
        else:
            cells.append(Cell(output.name, "num"))
    return (*cells, Cell("worst"), Cell("error"))


def _row(result: TradeResult, point: PointResult) -> Row:
    study = result.study
    cells = [Cell(str(point.index), "num")]
    cells += [Cell(_value(v, x), "num") for v, x in zip(study.variables, point.values,
                                                         strict=True)]
    for i, output in enumerate(study.outputs):
        o = point.outputs[i] if point.outputs else None
        if output.is_requirement:
            verdict = o.point_class if o is not None else ""
            cells.append(Cell(verdict, _CLASS_CSS.get(verdict, ""), bool(verdict)))
            if output.quantity is not None:
                cells += [Cell(quantity(o.value if o else None, output.unit), "num"),
                          Cell(percent(o.margin if o else None), "num")]
        else:
            text = quantity(o.value, output.unit) if o is not None else ""
            cells.append(Cell(text or (o.reason if o is not None else ""), "num"))
    worst = point.worst
    cells += [Cell(worst, _CLASS_CSS.get(worst, ""), bool(worst)), Cell(point.error, "small")]
    return Row(tuple(cells), f"row-{_CLASS_CSS[worst]}" if worst and worst != "pass" else "")


def trade_view(result: TradeResult) -> TradeView:
    """The view of a trade study's results."""
    from okaeri.report.campaign_plots import CLASS_COLOURS, trade_plots

    study = result.study
    classes = [p.worst for p in result.points]
    counts = tuple(CountView(name, classes.count(name), _CLASS_CSS[name])
                   for name in CLASS_COLOURS if name and classes.count(name))
    design = str(study.design.kind)
    if study.design.samples is not None:
        design += f", {study.design.samples} samples, seed {study.design.seed}"
    rows = [LabelValue("study file", str(study.path)),
            LabelValue("mission", result.provenance.mission),
            LabelValue("design", design),
            LabelValue("points", f"{len(result.points)} ({result.errors} failed to evaluate)"),
            LabelValue("outputs", ", ".join(o.name for o in study.outputs))]
    if study.objectives:
        rows.append(LabelValue("objectives", ", ".join(f"{sense} {name}"
                                                       for name, sense in study.objectives)))
    return TradeView(
        title=f"Trade study {study.name}", generator=f"okaeri "
        f"{result.provenance.package_version}", provenance=provenance_view(result.provenance),
        study=tuple(rows), variables=tuple(_variable_row(v) for v in study.variables),
        counts=counts, headers=_headers(result),
        rows=tuple(_row(result, p) for p in result.points[:MAX_ROWS]),
        rows_left_out=max(len(result.points) - MAX_ROWS, 0),
        plots=tuple(trade_plots(result)))


def render_trade(result: TradeResult) -> str:
    """The HTML page of a trade study."""
    from okaeri.report.environment import environment

    return environment().get_template("trade.html.j2").render(view=trade_view(result))


# --- sensitivity -------------------------------------------------------------------------


@dataclass(frozen=True)
class TornadoView:
    """One requirement's tornado: its table and figure."""

    requirement: str
    anchor: str
    criterion: str
    nominal_margin: str
    required_margin: str
    method: str
    rows: tuple[Row, ...]
    not_varied: tuple[str, ...]
    plot: Plot


@dataclass(frozen=True)
class SensitivityView:
    """Everything ``sensitivity.html.j2`` shows."""

    title: str
    generator: str
    provenance: ProvenanceView
    tornados: tuple[TornadoView, ...]


def _end(value_si: float, unit: str) -> str:
    """A parameter's value in its display unit, or in SI where that would read as a tiny
    number (a 0.8 m diameter, not 0.0008 km)."""
    from okaeri.report.format import in_display_unit

    if not unit:
        return number(value_si)
    shown = in_display_unit(value_si, unit)
    if shown != 0.0 and abs(shown) < 0.01 <= abs(value_si):
        return f"{number(value_si)} {unit}"
    return quantity(value_si, unit)


def tornado_rows(tornado: Tornado, top: int | None = None) -> tuple[Row, ...]:
    """Rank, parameter, basis, low and high values, margins at each end, effect."""
    rows = []
    for rank, swing in enumerate(tornado.ranked(top), start=1):
        v = swing.variation
        rows.append(Row((
            Cell(str(rank), "num"), Cell(v.key), Cell(v.basis),
            Cell(_end(v.low, v.unit), "num"), Cell(_end(v.high, v.unit), "num"),
            Cell(percent(swing.margin_low), "num"), Cell(percent(swing.margin_high), "num"),
            Cell(percent(swing.effect(tornado.nominal_margin)), "num"),
            Cell(swing.error, "small"))))
    return tuple(rows)


def sensitivity_view(tornados: tuple[Tornado, ...], provenance: Provenance,
                     top: int = 10) -> SensitivityView:
    """The view of the tornados of a sensitivity run."""
    from okaeri.report.campaign_plots import tornado_plot
    from okaeri.report.view_basics import anchor

    views = tuple(TornadoView(
        t.requirement, anchor(t.requirement), t.criterion, percent(t.nominal_margin),
        percent(t.required_margin),
        "incremental re-evaluation of the graph" if t.method == "graph"
        else "verified at each end", tornado_rows(t, top), t.not_varied,
        tornado_plot(t, top)) for t in tornados)
    return SensitivityView(f"Sensitivity of {provenance.mission} requirement margins",
                           f"okaeri {provenance.package_version}",
                           provenance_view(provenance), views)


def render_sensitivity(tornados: tuple[Tornado, ...], provenance: Provenance,
                       top: int = 10) -> str:
    """The HTML page of a sensitivity run."""
    from okaeri.report.environment import environment

    return environment().get_template("sensitivity.html.j2").render(
        view=sensitivity_view(tornados, provenance, top))
