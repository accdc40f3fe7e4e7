"""Mass growth policies: ESA equipment margins and the AIAA table."""

from __future__ import annotations

import pytest

from okaeri.model import (
    AiaaPolicy,
    EquipmentCategory,
    EsaPolicy,
    Maturity,
    Subsystem,
    growth_fraction,
)
from okaeri.model.policy import AiaaCategory, aiaa_row

ESA = EsaPolicy(kind="esa")
AIAA = AiaaPolicy(kind="aiaa")


@pytest.mark.parametrize(
    ("category", "expected"),
    [(EquipmentCategory.OFF_THE_SHELF, 0.05), (EquipmentCategory.MODIFIED, 0.10),
     (EquipmentCategory.NEW, 0.20)],
)
def test_esa_margin_philosophy_equipment_margins(category: EquipmentCategory,
                                                 expected: float) -> None:
    # ESA SRE-PA/2011.097: 5 / 10 / 20 % by equipment category.
    assert growth_fraction(ESA, Subsystem.STRUCTURE, category, Maturity.LAYOUT, 10.0) == (
        pytest.approx(expected))


def test_aiaa_table_structures_layout() -> None:
    # AIAA MGA table, structures row, layout column: 15 %.
    assert growth_fraction(AIAA, Subsystem.STRUCTURE, EquipmentCategory.NEW, Maturity.LAYOUT,
                           120.0) == pytest.approx(0.15)


@pytest.mark.parametrize(
    ("kilograms", "row"),
    [(4.5, AiaaCategory.ELECTRICAL_SMALL),   # 9.92 lb
     (4.6, AiaaCategory.ELECTRICAL_MEDIUM),  # 10.14 lb
     (13.6, AiaaCategory.ELECTRICAL_MEDIUM),  # 29.98 lb
     (13.7, AiaaCategory.ELECTRICAL_LARGE)],  # 30.20 lb
)
def test_aiaa_electrical_rows_split_by_box_mass_in_pounds(kilograms: float,
                                                          row: AiaaCategory) -> None:
    assert aiaa_row(Subsystem.AVIONICS, kilograms) is row


def test_measured_mass_has_no_growth() -> None:
    assert growth_fraction(AIAA, Subsystem.AVIONICS, EquipmentCategory.OFF_THE_SHELF,
                           Maturity.MEASURED, 3.0) == 0.0
