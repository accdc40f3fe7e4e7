"""``okaeri check``'s summary names each vehicle without the retired ``kind``."""

from __future__ import annotations

import pytest

from okaeri.cli import main


def test_vehicles_are_listed_without_a_kind(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert "Vehicle otv (Orbital Transfer Vehicle)\n" in out
    assert "kind None" not in out
