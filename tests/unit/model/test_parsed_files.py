"""Parsed YAML files kept on disk: a kept file reads back exactly as composing it does, and
nothing stale, damaged or unkeepable is ever read back."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from okaeri.model import parsed_files, reference_mission_path, yaml_source
from okaeri.model.parsed_files import DOCUMENTS_DIR, kept_parsed_files
from okaeri.model.yaml_source import SourceDocument, read_yaml


def _composed(document: SourceDocument | None) -> tuple[object, ...]:
    assert document is not None
    return document.data, document.positions, document.key_positions


def _no_composing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("composed again: the kept file was not read back")

    monkeypatch.setattr(yaml_source, "_Composer", refuse)


def _entries(cache: Path) -> list[Path]:
    folder = cache / DOCUMENTS_DIR
    return sorted(folder.iterdir()) if folder.is_dir() else []


def test_every_reference_file_reads_back_as_composed(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    files = sorted(reference_mission_path().rglob("*.yaml"))
    assert len(files) > 10
    fresh = {path: _composed(read_yaml(path, path.name)[0]) for path in files}
    with kept_parsed_files(tmp_path):
        for path in files:
            document, findings = read_yaml(path, path.name)
            assert findings == []
            assert _composed(document) == fresh[path]
        kept = [p for p in files
                if parsed_files._entry(tmp_path / DOCUMENTS_DIR, p.read_bytes()).exists()]
        # all but those holding dates (the review's and the evidence's)
        assert len(kept) >= len(files) - 2
        assert len(_entries(tmp_path)) == len({p.read_bytes() for p in kept})
        _no_composing(monkeypatch)
        for path in kept:
            document, findings = read_yaml(path, "shown.yaml")
            assert findings == []
            assert document is not None and document.display == "shown.yaml"
            assert _composed(document) == fresh[path]


def test_a_changed_file_is_composed_again(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("mass: 1.0 kg\n")
    with kept_parsed_files(tmp_path / "cache"):
        read_yaml(path, "f.yaml")
        path.write_text("mass: 2.0 kg\n")
        document, _ = read_yaml(path, "f.yaml")
    assert document is not None and document.data == {"mass": "2.0 kg"}
    assert len(_entries(tmp_path / "cache")) == 2


@pytest.mark.parametrize("damage", ["flip", "truncate", "empty", "foreign"])
def test_a_damaged_entry_is_a_miss(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("a:\n  b: [1, 2.5, xyzzy]\n")
    expected = _composed(read_yaml(path, "f.yaml")[0])
    cache = tmp_path / "cache"
    with kept_parsed_files(cache):
        read_yaml(path, "f.yaml")
        (entry,) = _entries(cache)
        blob = bytearray(entry.read_bytes())
        if damage == "flip":  # still marshal data, but not what was kept
            at = blob.index(b"xyzzy")
            blob[at:at + 5] = b"plugh"
        elif damage == "truncate":
            del blob[len(blob) // 2:]
        elif damage == "empty":
            blob.clear()
        else:  # a well-formed entry that does not hold a composed file
            import hashlib
            import marshal

            payload = marshal.dumps(["not", "a", "document"])
            blob = bytearray(hashlib.sha256(payload).digest() + payload)
        entry.write_bytes(bytes(blob))
        document, findings = read_yaml(path, "f.yaml")
    assert findings == []
    assert _composed(document) == expected


def test_files_with_findings_or_timestamps_are_not_kept(tmp_path: Path) -> None:
    duplicate = tmp_path / "dup.yaml"
    duplicate.write_text("a: 1\na: 2\n")
    dated = tmp_path / "dated.yaml"
    dated.write_text("review: 2026-12-03\n")
    with kept_parsed_files(tmp_path / "cache"):
        for _ in range(2):
            _, findings = read_yaml(duplicate, "dup.yaml")
            assert [f.code for f in findings] == ["okaeri.duplicate_key"]
            document, findings = read_yaml(dated, "dated.yaml")
            assert findings == [] and document is not None
            assert str(document.data["review"]) == "2026-12-03"
    assert _entries(tmp_path / "cache") == []


def test_nothing_is_kept_outside_the_block(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OKAERI_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "f.yaml"
    path.write_text("a: 1\n")
    with kept_parsed_files(None):
        read_yaml(path, "f.yaml")
    read_yaml(path, "f.yaml")
    assert not (tmp_path / "cache").exists()


def test_an_unwritable_cache_only_costs_speed(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / DOCUMENTS_DIR).write_text("a file where the folder would be\n")
    path = tmp_path / "f.yaml"
    path.write_text("a: [1, 2]\n")
    with kept_parsed_files(cache):
        document, findings = read_yaml(path, "f.yaml")
    assert findings == [] and document is not None and document.data == {"a": [1, 2]}


def test_line_ends_of_any_system_read_alike(tmp_path: Path) -> None:
    """The file's bytes are parsed (and keyed) as they are: the parser takes CR LF and CR
    as line breaks, as a file opened as text would give them."""
    text = "a:\n  b: |\n    two\n    lines\n  c: 'x'\n"
    unix, windows, old_mac = (tmp_path / n for n in ("unix.yaml", "win.yaml", "mac.yaml"))
    unix.write_bytes(text.encode())
    windows.write_bytes(text.replace("\n", "\r\n").encode())
    old_mac.write_bytes(text.replace("\n", "\r").encode())
    expected = _composed(read_yaml(unix, "f.yaml")[0])
    assert expected[0] == {"a": {"b": "two\nlines\n", "c": "x"}}
    assert _composed(read_yaml(windows, "f.yaml")[0]) == expected
    assert _composed(read_yaml(old_mac, "f.yaml")[0]) == expected


def test_the_entries_used_longest_ago_go_first(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    files = {}
    for name in "abc":
        files[name] = tmp_path / f"{name}.yaml"
        files[name].write_text(f"{name}: [{', '.join(name * 40)}]\n")
    folder = tmp_path / "cache" / DOCUMENTS_DIR

    def entry(name: str) -> Path:
        return parsed_files._entry(folder, files[name].read_bytes())

    with kept_parsed_files(tmp_path / "cache"):
        read_yaml(files["a"], "a.yaml")
        read_yaml(files["b"], "b.yaml")
        size = entry("a").stat().st_size
        monkeypatch.setattr(parsed_files, "MAX_BYTES", 2 * size + size // 2)
        os.utime(entry("a"), (1_000, 1_000))
        os.utime(entry("b"), (2_000, 2_000))
        read_yaml(files["a"], "a.yaml")  # a is used again: b is now the oldest
        read_yaml(files["c"], "c.yaml")
    assert [entry(n).exists() for n in "abc"] == [True, False, True]


def test_the_index_of_a_file_is_kept_by_its_bytes_and_name(tmp_path: Path) -> None:
    files = sorted((reference_mission_path() / "model").glob("*.yaml"))
    fresh = {path: _document(path, f"model/{path.name}").index() for path in files}
    with kept_parsed_files(tmp_path):
        for path in files:
            assert _document(path, f"model/{path.name}").index() == fresh[path]  # keeps it
        for path in files:
            # read back, not computed: a document without data would index nothing
            hollow = SourceDocument(f"model/{path.name}", {}, raw=path.read_bytes())
            assert hollow.index() == fresh[path]
        renamed = _document(files[0], "renamed.yaml").index()
    assert renamed.keys() == fresh[files[0]].keys()
    assert {fields[0] for fields in renamed.values()} == {"renamed.yaml"}
    assert SourceDocument("renamed.yaml", {}, raw=files[0].read_bytes()).index() == {
        "": ("renamed.yaml", 1, 1, "")}  # outside the block: computed


def _document(path: Path, display: str) -> SourceDocument:
    document, findings = read_yaml(path, display)
    assert document is not None and findings == []
    return document
