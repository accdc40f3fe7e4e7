"""Safe YAML reading with positions: typing of plain scalars, refusals, limits."""

from __future__ import annotations

from pathlib import Path

import yaml

from okaeri.model.yaml_source import MAX_DEPTH, read_yaml


def read(tmp_path: Path, text: str) -> tuple[object, list[str]]:
    path = tmp_path / "f.yaml"
    path.write_text(text)
    document, findings = read_yaml(path, "f.yaml")
    return (None if document is None else document.data), [str(f) for f in findings]


def test_plain_scalars_are_typed_like_pyyaml_safe_load(tmp_path: Path) -> None:
    text = "a: [1, 2.5, yes, null, ~, 2026-01-01, '3', \"x\", 0x1f, 1e3, .inf, Off]\n"
    data, findings = read(tmp_path, text)
    assert findings == []
    assert data == yaml.safe_load(text)


def test_positions_are_one_based(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("vehicles:\n  - id: capsule\n    mass: '40 kg'\n")
    document, _ = read_yaml(path, "f.yaml")
    assert document is not None
    location = document.location(("vehicles", 0, "mass"))
    assert (location.line, location.column, location.path) == (3, 11, "capsule.mass")


def test_unknown_alias_and_tags_are_findings(tmp_path: Path) -> None:
    _, findings = read(tmp_path, "a: *nowhere\nb: !!python/name:os.system x\n")
    assert "unknown YAML alias '*nowhere'" in findings[0]
    assert "YAML tag 'tag:yaml.org,2002:python/name:os.system' is not allowed" in findings[1]


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ["a0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 7)]
    data, findings = read(tmp_path, "\n".join(lines) + "\n")
    assert data is None and "alias bomb" in findings[0]


def test_deep_nesting_is_okaeris_own_finding(tmp_path: Path) -> None:
    depth = 2 * MAX_DEPTH
    data, findings = read(tmp_path, "a: " + "[" * depth + "]" * depth + "\n")
    assert data is None
    assert findings == [f"f.yaml:1:{MAX_DEPTH + 4}: YAML document nested more than "
                        f"{MAX_DEPTH} levels deep [okaeri.yaml_nesting]\n    hint: model "
                        "files nest a few levels deep; check the brackets and indentation"]


def test_extreme_nesting_is_a_finding_not_a_crash(tmp_path: Path) -> None:
    # libyaml may refuse this itself, in its own words: only okaeri's code is asserted
    path = tmp_path / "f.yaml"
    path.write_text("a: " + "[" * 5000 + "]" * 5000 + "\n")
    document, findings = read_yaml(path, "f.yaml")
    assert document is None
    assert [f.code for f in findings] in (["okaeri.yaml_nesting"], ["okaeri.yaml_syntax"])


def test_second_document_is_refused(tmp_path: Path) -> None:
    _, findings = read(tmp_path, "a: 1\n---\nb: 2\n")
    assert "one YAML document" in findings[0]


def test_merge_keys_are_refused(tmp_path: Path) -> None:
    _, findings = read(tmp_path, "base: &b {x: 1}\nitem:\n  <<: *b\n")
    assert "merge keys" in findings[0]
