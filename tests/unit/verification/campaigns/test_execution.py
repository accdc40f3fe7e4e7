"""Mapping over chunks: order kept, local processes and Dask, clear errors."""

from __future__ import annotations

import io
import json
import operator
from pathlib import Path

import pytest

from okaeri.verification.campaigns.execution import (
    Execution,
    ExecutionError,
    imap_chunks,
    map_chunks,
)
from okaeri.verification.campaigns.progress import ProgressBar


class Count:
    def __init__(self) -> None:
        self.done = 0

    def advance(self, steps: int = 1) -> None:
        self.done += steps


@pytest.mark.parametrize("workers", [1, 2])
def test_results_come_back_in_the_items_order(workers: int) -> None:
    counter = Count()
    found = list(imap_chunks(operator.neg, range(40), execution=Execution(workers=workers),
                             progress=counter, window=3))
    assert found == [-i for i in range(40)]
    assert counter.done == 40


def test_dask_local_cluster_maps_in_order() -> None:
    pytest.importorskip("distributed")
    assert map_chunks(operator.neg, range(10), execution=Execution(dask="local:2")) == [
        -i for i in range(10)]


@pytest.mark.parametrize("spec", ["local:0", "local:x", " "])
def test_bad_dask_specifications(spec: str) -> None:
    with pytest.raises(ExecutionError, match=r"local:N|scheduler address"):
        Execution(dask=spec)


def test_missing_dask_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    real = importlib.import_module

    def refuse(name: str, package: str | None = None) -> object:
        if name == "distributed":
            raise ImportError("no module named distributed")
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", refuse)
    with pytest.raises(ExecutionError, match=r'pip install "okaeri\[dask\]"'):
        map_chunks(operator.neg, [1], execution=Execution(dask="local:1"))


def test_describe() -> None:
    assert Execution(workers=3).describe() == "local, 3 process(es)"
    assert Execution(dask="tcp://127.0.0.1:8786").describe() == "Dask tcp://127.0.0.1:8786"


def test_progress_bar_draws_only_when_enabled() -> None:
    shown = io.StringIO()
    with ProgressBar(4, "points", enabled=True, stream=shown) as bar:
        for _ in range(4):
            bar.advance()
    assert "points [" in shown.getvalue() and "4/4" in shown.getvalue()
    quiet = io.StringIO()
    with ProgressBar(4, "points", stream=quiet) as bar:  # a StringIO is not a terminal
        bar.advance()
    assert quiet.getvalue() == ""
    assert ProgressBar(10, "x", enabled=False).line(5.0).startswith("x [....")


def test_unreadable_scheduler_file_is_a_clear_error(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    broken = tmp_path / "scheduler.json"
    broken.write_text("not a scheduler file")
    with pytest.raises(ExecutionError, match="is not a Dask scheduler file"):
        map_chunks(operator.neg, [1], execution=Execution(dask=str(broken)))


def test_scheduler_file_of_a_running_cluster(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1,
                                  dashboard_address=None) as cluster:
        (tmp_path / "scheduler.json").write_text(
            json.dumps({"address": cluster.scheduler_address}))
        found = map_chunks(operator.neg, [1, 2],
                           execution=Execution(dask=str(tmp_path / "scheduler.json")))
    assert found == [-1, -2]
