"""The analyses reference (``.. okaeri-analyses::``) and the model reference's text for
properties, modes, budgets and admissible ranges."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from okaeri.analysis import Port, analysis
from okaeri.units import Length, within


def test_every_analysis_is_listed_with_its_ports_units_settings_and_wiring(
        build_root: Callable[..., Any]) -> None:
    from okaeri.sphinxext.analyses import analysis_label, okaeri_analyses

    built = build_root("analyses")
    warnings = built.warning_lines()
    assert [w["type"] for w in warnings] == ["okaeri.unknown_option"], built.warnings
    assert "elsewhere" in warnings[0]["message"]
    assert warnings[0]["location"].endswith("index.rst:20")
    html = built.html()
    for item in okaeri_analyses():
        assert f'id="{analysis_label(item.name)}"' in html, item.name
        for name in [*item.inputs, *item.outputs]:
            assert f'<span class="pre">{name}</span>' in html, (item.name, name)
    # units in words, per-sample outputs, on-demand analyses
    assert "(a heat flux)" in html and "(one value per sample)" in html
    assert "on demand: when a requirement" in html
    # the settings models, with units and admissible ranges
    for model in ("montecarlosettings", "dispersions", "corridorsettings"):
        assert f'id="analysis-settings-{model}"' in html
    assert "admissible: &gt;= 0 deg and &lt;= 10 deg" in html
    assert "integer from 1 to 10,000,000" in html
    # the reference mission's wiring, and its own analysis
    assert "LSR-1 key" in html
    assert '<span class="pre">budget.mass.capsule.with_margin</span>' in html
    assert 'id="analysis-link-downlink"' in html
    assert "analyses/link.py" in html
    assert re.search(r"bound by the activity that names it", html)


class _Site(BaseModel):
    site_altitude: Length = "0 m"  # type: ignore[assignment]


@analysis("test.level", version="7", settings=_Site, lazy=True,
          inputs={"height": Port("km", "how high")},
          outputs={"level": Port("dB", "a level"), "trace": Port("s", "times", samples=True)})
def _level(height: float, settings: _Site) -> dict[str, float]:
    """A test analysis."""
    return {"level": height}


def test_analyses_rst_without_a_mission_gives_the_declared_ports() -> None:
    from okaeri.sphinxext.analyses import analyses_rst

    text = analyses_rst([(_level, "``tests``")], own=False)
    assert ".. _analysis-test-level:" in text
    assert "``7``" in text and "A test analysis." in text
    assert "``km`` (a length)" in text and "``dB`` (a level)" in text
    assert "times (one value per sample)" in text
    assert "on demand" in text and "bound by the activity" in text
    assert ":ref:`_Site <analysis-settings-_site>`" in text
    assert "key ``LSR-1" not in text and "LSR-1 key" not in text


def test_model_reference_describes_properties_modes_budgets_and_ranges() -> None:
    from typing import Annotated

    from okaeri.model import ModelFile
    from okaeri.sphinxext.reference import model_reference_rst

    text = model_reference_rst(ModelFile, "model")
    rows = dict(re.findall(r"\* - ``(\w+)``\n\s+- (.*)", text))
    assert rows["properties"].startswith("mapping of id (``^[a-z][a-z0-9_]*$``) to a "
                                         "quantity with its unit")
    assert rows["properties"].endswith("or the value in each operating mode")
    assert "list of ids" in text and "mapping of id (``^[a-z][a-z0-9_]*$``) to id" in text
    assert ".. _model-budgetdeclaration:" in text
    assert "default: empty" in text and "default: \n" not in text

    class Ranged(BaseModel):
        height: Annotated[Length, *within(gt="0 m", le="5 km")]

    ranged = model_reference_rst(Ranged, "x")
    # the leading '>' is escaped (\>) so that it can never start a block quote
    assert "**a length** [m], e.g. ``\"0.8 m\"``; admissible: \\> 0 m and <= 5 km" in ranged
