"""Mapping a function over chunks of work: locally on a process pool, or on Dask.

:func:`imap_chunks` applies a module-level function to each item (a trade point, a chunk
of Monte Carlo samples) and yields the results **in the items' order**, whatever order
they complete in, so that a reduction over them gives the same floats on one process,
two, or a cluster. At most ``window`` items are in flight at once, so memory stays
bounded however many items there are.

Where the work runs (:class:`Execution`):

- locally (default): a :class:`concurrent.futures.ProcessPoolExecutor` with one process
  per core (``spawn`` start method: no fork of a process holding threads); one worker,
  or one item, runs in this process;
- ``dask="local:N"``: a :class:`distributed.LocalCluster` of N single-threaded worker
  processes, started for the call and closed after;
- ``dask=ADDRESS``: the Dask scheduler at ADDRESS (``tcp://host:8786``), or a scheduler
  file (JSON written by ``dask scheduler --scheduler-file``), such as a cluster started
  by dask-jobqueue or dask-kubernetes. Its workers need okaeri installed.

Each task runs single-threaded (numba's threads are set to one inside it): the
parallelism comes from the workers. The entry kernels hold the GIL, so a Dask worker
should have one thread per process (``--nthreads 1``).

Dask is an optional dependency (``pip install "okaeri[dask]"``), imported only here and
only when asked for.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

from okaeri.errors import OkaeriError

T = TypeVar("T")
R = TypeVar("R")

DASK_HINT = 'install the Dask extra: pip install "okaeri[dask]"'


class Advance(Protocol):
    """What :func:`imap_chunks` reports progress to (a :class:`~.progress.ProgressBar`)."""

    def advance(self, steps: int = 1) -> None:
        """``steps`` more units of work are done."""


class ExecutionError(OkaeriError):
    """The cluster cannot be reached or started, or Dask is not installed."""


@dataclass(frozen=True)
class Execution:
    """Where chunks run: local processes (default) or a Dask cluster."""

    dask: str | None = None
    """``None`` (local), ``"local:N"`` (a LocalCluster of N workers), a scheduler
    address (``tcp://10.0.0.5:8786``) or the path of a scheduler file."""
    workers: int | None = None
    """Local processes; default: one per core. Ignored with ``dask``."""

    def __post_init__(self) -> None:
        if self.workers is not None and self.workers < 1:
            raise ExecutionError(f"workers must be 1 or more, got {self.workers}")
        if self.dask is not None:
            local_workers(self.dask)

    def describe(self) -> str:
        """``local, 2 processes`` or ``Dask local:2`` or ``Dask tcp://...``."""
        if self.dask is None:
            return f"local, {self.local_processes()} process(es)"
        return f"Dask {self.dask}"

    def local_processes(self) -> int:
        """Processes of the local pool."""
        return self.workers or os.cpu_count() or 1


def local_workers(spec: str) -> int | None:
    """N of ``"local:N"``; ``None`` for an address. Raises for ``local:`` without N ≥ 1."""
    if not spec.startswith("local:"):
        if not spec.strip():
            raise ExecutionError("--dask needs a scheduler address (tcp://host:8786), a "
                                 "scheduler file, or local:N")
        return None
    count = spec.removeprefix("local:")
    if not count.isdigit() or int(count) < 1:
        raise ExecutionError(f"--dask local:N needs a number of workers of 1 or more, got "
                             f"'{spec}'")
    return int(count)


def single_threaded() -> None:
    """Run numba kernels on one thread in this process (parallelism is the workers')."""
    import numba

    numba.set_num_threads(1)


def _call(function: Callable[[T], R], item: T) -> R:
    single_threaded()
    return function(item)


def imap_chunks(function: Callable[[T], R], items: Iterable[T], *,
                execution: Execution | None = None, progress: Advance | None = None,
                window: int | None = None) -> Iterator[R]:
    """``function(item)`` for each item, yielded in the items' order.

    Parameters
    ----------
    function : callable
        A module-level function (it is pickled by reference to the workers).
    items : iterable
        Picklable work items; consumed lazily.
    execution : Execution, optional
        Where to run (default: local processes).
    progress : object with ``advance()``, optional
        Told of each result.
    window : int, optional
        Most items in flight at once (default: four per worker).

    Raises
    ------
    ExecutionError
        When Dask is missing or the cluster cannot be reached; an exception raised by
        ``function`` propagates.
    """
    execution = execution or Execution()
    with _submitter(execution) as (submit, slots):
        pending: deque[Any] = deque()
        limit = window or 4 * slots
        for item in items:
            pending.append(submit(function, item))
            if len(pending) >= limit:
                yield _result(pending.popleft(), progress)
        while pending:
            yield _result(pending.popleft(), progress)


def map_chunks(function: Callable[[T], R], items: Iterable[T], *,
               execution: Execution | None = None, progress: Advance | None = None
               ) -> list[R]:
    """The list of :func:`imap_chunks`."""
    return list(imap_chunks(function, items, execution=execution, progress=progress))


def _result(future: Any, progress: Advance | None) -> Any:
    value = future.result()
    if progress is not None:
        progress.advance()
    return value


class _Done:
    """A result computed in this process, with the interface of a future."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def result(self) -> Any:
        return self.value


Submit = Callable[[Callable[[Any], Any], Any], Any]


@contextmanager
def _submitter(execution: Execution) -> Iterator[tuple[Submit, int]]:
    if execution.dask is not None:
        with _dask_client(execution.dask) as client:
            slots = max(sum(client.nthreads().values()), 1)

            def submit_dask(function: Callable[[Any], Any], item: Any) -> Any:
                return client.submit(_call, function, item, pure=False)

            yield submit_dask, slots
        return
    processes = execution.local_processes()
    if processes == 1:
        yield (lambda function, item: _Done(function(item))), 1
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn"),
                             initializer=single_threaded) as pool:
        yield (lambda function, item: pool.submit(function, item)), processes


@contextmanager
def _dask_client(spec: str) -> Iterator[Any]:
    import importlib

    try:
        distributed: Any = importlib.import_module("distributed")  # optional: through Any
    except ImportError:
        raise ExecutionError(f"--dask needs Dask's distributed scheduler, which is not "
                             f"installed; {DASK_HINT}") from None
    count = local_workers(spec)
    if count is not None:
        with distributed.LocalCluster(n_workers=count, threads_per_worker=1, processes=True,
                                      dashboard_address=None) as cluster, \
                distributed.Client(cluster) as client:
            yield client
        return
    address = _scheduler_file_address(Path(spec)) if Path(spec).is_file() else spec
    try:
        client = distributed.Client(address, timeout="20s")
    except Exception as exc:  # any failure to connect (distributed raises many kinds)
        raise ExecutionError(
            f"cannot reach the Dask scheduler at '{spec}' ({type(exc).__name__}: {exc}); "
            "check the address (tcp://HOST:8786) or the scheduler file, and that the "
            "scheduler is running") from None
    with client:
        yield client


def _scheduler_file_address(path: Path) -> str:
    """The scheduler address a scheduler file (``dask scheduler --scheduler-file``) holds."""
    import json

    try:
        address = json.loads(path.read_text(encoding="utf-8")).get("address")
    except (OSError, UnicodeDecodeError, ValueError, AttributeError):
        address = None
    if not isinstance(address, str) or not address:
        raise ExecutionError(f"'{path}' is not a Dask scheduler file (JSON with the "
                             "scheduler's 'address'); give the file that 'dask scheduler "
                             "--scheduler-file' wrote, or the address tcp://HOST:8786")
    return address
