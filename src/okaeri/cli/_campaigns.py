"""Options shared by the campaign sub-commands (``trade``, ``sensitivity``)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from okaeri.verification.campaigns.execution import Execution

EXECUTION_EPILOG = """where the work runs:
  default         local processes, one per core
  --workers N     N local processes (1: in this process)
  --dask local:N  a Dask LocalCluster of N single-threaded workers, started and closed
  --dask ADDRESS  an existing Dask scheduler (tcp://host:8786) or its scheduler file,
                  e.g. started by dask-jobqueue (SLURM, PBS) or dask-kubernetes; its
                  workers need okaeri installed ('pip install "okaeri[dask]"')
Results are the same wherever they run. A progress bar shows on a terminal (not in CI).
Analysis results are cached in $OKAERI_CACHE_DIR (default ~/.cache/okaeri) unless
--no-cache is given."""


def add_campaign_arguments(parser: argparse.ArgumentParser) -> None:
    """``--mission``, ``--dask``, ``--workers``, ``--no-cache``."""
    parser.add_argument("--mission", type=Path, metavar="PATH",
                        help="mission folder (default: the study's, else the reference "
                        "mission shipped with okaeri)")
    parser.add_argument("--dask", metavar="SCHEDULER",
                        help="run on Dask: local:N, a scheduler address or a scheduler file")
    parser.add_argument("--workers", type=_positive, metavar="N",
                        help="local processes (default: one per core)")
    parser.add_argument("--no-cache", action="store_true",
                        help="do not read or write the analysis cache")


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, got '{text}'")
    return int(text)


def execution_of(args: argparse.Namespace) -> Execution:
    """Where to run, from the arguments (raises ExecutionError for a bad --dask)."""
    from okaeri.verification.campaigns.execution import Execution

    return Execution(dask=args.dask, workers=args.workers)
