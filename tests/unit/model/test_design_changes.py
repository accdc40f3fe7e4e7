"""Design changes recorded as comments in a mission's files."""

from __future__ import annotations

from pathlib import Path

from okaeri.model import reference_mission_path
from okaeri.model.design_changes import design_changes


def test_the_reference_mission_records_its_design_changes() -> None:
    changes = design_changes(reference_mission_path())
    assert len(changes) >= 7
    for change in changes:
        line = (reference_mission_path() / change.file).read_text().splitlines()[change.line - 1]
        assert "# Design change" in line, change
    texts = " ".join(c.text for c in changes)
    for figure in ("2,000 kg", "950 W", "1,000 N", "1,310 kg"):  # each change's outcome
        assert figure in texts, figure


def test_a_block_ends_at_the_first_line_that_is_not_its_comment(tmp_path: Path) -> None:
    (tmp_path / "model").mkdir()
    (tmp_path / "model" / "a.yaml").write_text(
        "vehicles:\n"
        "  # Design change (X-1): the value was 1 kg,\n"
        "  # now 2 kg.\n"
        "  #   - kept as a list item\n"
        "  mass: 2\n"
        "  # an ordinary comment\n"
        "    # Design changes: first\n"
        "    # - one\n"
        "    # - two\n")
    first, second = design_changes(tmp_path)
    assert (first.file, first.line) == ("model/a.yaml", 2)
    assert first.text == "Design change (X-1): the value was 1 kg, now 2 kg.\n- kept as a list item"
    assert (second.line, second.text) == (7, "Design changes: first\n- one\n- two")
    assert design_changes(tmp_path / "nowhere") == []
