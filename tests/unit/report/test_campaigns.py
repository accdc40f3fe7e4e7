"""The trade study and sensitivity pages: escaped, deterministic, every figure present."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from okaeri.report.campaign_plots import tornado_plot, trade_plots
from okaeri.report.campaigns import render_sensitivity, render_trade
from okaeri.verification import load_project
from okaeri.verification.campaigns.execution import Execution
from okaeri.verification.campaigns.sensitivity import run_sensitivity
from okaeri.verification.campaigns.study import load_study
from okaeri.verification.campaigns.trade import TradeResult, run_trade
from okaeri.verification.runner import provenance


@pytest.fixture(scope="module")
def one_variable(tmp_path_factory: pytest.TempPathFactory) -> TradeResult:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1795000000")
        path = tmp_path_factory.mktemp("page") / "isp <b>.yaml"
        path.write_text('trade:\n  variables:\n    otv.propulsion.isp: ["280 s", "300 s", '
                        '"320 s"]\n  outputs: [SYS-010, SYS-020, budget.propellant.required]\n')
        study, project = load_study(path)
        return run_trade(study, project, execution=Execution(workers=1))


def test_trade_page_escapes_user_text_and_is_deterministic(one_variable: TradeResult) -> None:
    page = render_trade(one_variable)
    assert "isp &lt;b&gt;.yaml" in page and "isp <b>" not in page
    assert page == render_trade(one_variable)
    assert "<script" not in page


def test_one_variable_has_a_margin_feasibility_plot(one_variable: TradeResult) -> None:
    names = [p.name for p in trade_plots(one_variable)]
    assert names[0] == "trade_feasibility_0"
    assert len(names) == 1 + 3  # no Pareto front without objectives; 3 outputs x 1 variable
    # an Isp of 280 s leaves no margin: the study shows the failing class
    classes = [p.worst for p in one_variable.points]
    assert classes[0] == "fail" and classes[-1] == "pass"


def test_svg_ids_are_prefixed_with_the_figure_name(one_variable: TradeResult) -> None:
    for plot in trade_plots(one_variable):
        ids = re.findall(r'\bid="([^"]+)"', plot.svg)
        assert ids and all(i.startswith(plot.name + "-") for i in ids)


def test_sensitivity_page() -> None:
    project = load_project()
    tornados = run_sensitivity(project, ["SYS-010", "CAP-030"])
    page = render_sensitivity(tornados, provenance(project), top=4)
    assert 'id="req-sys-010"' in page and 'id="fig-tornado_cap_030"' in page
    assert page.count("<tr><td class=\"num\">") == 8  # four rows per requirement
    assert [t.requirement for t in tornados] == ["CAP-030", "SYS-010"]  # id order
    plot = tornado_plot(tornados[1], 4)
    assert "otv.propulsion.isp (± 10 %)" in plot.svg
    assert Path(plot.filename).suffix == ".svg"


def test_tornado_rows_show_parameters_in_readable_units() -> None:
    from okaeri.report.campaigns import tornado_rows

    (tornado,) = run_sensitivity(load_project(), ["CAP-030"])
    rows = {row.cells[1].text: row for row in tornado_rows(tornado)}
    diameter = rows["capsule.aeroshell.diameter"]
    assert (diameter.cells[3].text, diameter.cells[4].text) == ("0.7200 m", "0.8800 m")
    assert diameter.cells[2].text == "± 10 %"
