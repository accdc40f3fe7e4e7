"""The ``okaeri`` command.

Each sub-command lives in its own module of this package with a ``register`` function
that adds its parser; modules import their heavy dependencies inside ``run`` so that
``okaeri --help`` stays fast.

Exit codes: 0 success (every requirement passes), 1 a verification failed or errored,
2 invalid input (model findings, bad arguments).
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import NoReturn

from okaeri import __version__

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_INVALID = 2

# Sub-command modules, in the order --help lists them.
COMMANDS: tuple[str, ...] = (
    "check", "verify", "report", "review", "budget", "impact", "graph", "entry", "transfer",
    "diff", "history", "trade", "sensitivity", "requirements", "schema", "init"
)

_EPILOG = """exit codes:
  0  success
  1  a requirement failed or its analysis errored
  2  invalid input: model findings or bad arguments

Run 'okaeri COMMAND --help' for the options of a command."""


def build_parser(commands: Sequence[str] = COMMANDS) -> argparse.ArgumentParser:
    """The argument parser with ``commands`` registered (every sub-command by default)."""
    parser = argparse.ArgumentParser(
        prog="okaeri",
        description="Model-based systems engineering and verification of lunar sample "
        "return missions.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"okaeri {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in commands:
        importlib.import_module(f"okaeri.cli.{name}").register(sub)
    return parser


GC_THRESHOLD = (100_000, 50, 100)
"""Garbage collector thresholds while a command runs (Python's default: 700, 10, 10).

A command builds many small, long-lived objects (a requirement's result, a YAML node's
position) and little cyclic garbage. With the defaults the collector ran about every
700 allocations and re-walked everything built so far: 0.6 s of the 3.7 s that
``okaeri verify`` of 10,000 requirements took (``benchmarks/verify.py``). Collections
still happen, 140 times less often in the youngest generation."""


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the block with :data:`GC_THRESHOLD`, then restore the previous thresholds (for
    scripts that load large missions through the API)."""
    previous = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    with fewer_collections():
        return _main(argv)


def command() -> NoReturn:
    """The ``okaeri`` command (and ``python -m okaeri``): :func:`main`, then exit.

    Before exiting, every object is frozen out of the garbage collector (``gc.freeze``).
    Python's exit otherwise walks every object still alive, again and again while it
    clears the modules: 0.4 s after an ``okaeri verify`` that loaded numba's compiler,
    0.15 s after one answered from the cache. Frozen, they are freed by reference count
    or with the process. The only difference is that an object in a reference cycle
    gets no ``__del__`` at exit, which Python never promised; the command has written
    and closed its files by then, and ``atexit`` handlers run as before."""
    with fewer_collections():
        code = _main(None)
        gc.freeze()  # before the thresholds are restored, which would collect at once
    sys.exit(code)


def _main(argv: Sequence[str] | None) -> int:
    from okaeri.errors import ModelError, OkaeriError

    words = list(sys.argv[1:] if argv is None else argv)
    if words[:1] == ["transfer"]:
        from okaeri.cli.transfer import rewrite_args

        words = rewrite_args(words)
    # A named command needs only its own parser: the others' modules are not imported
    # (40 ms). Anything else (--help, a misspelt command) gets them all.
    parser = build_parser(words[:1] if words[:1] and words[0] in COMMANDS else COMMANDS)
    args = parser.parse_args(words)
    if args.command is None:
        parser.print_help()
        return EXIT_INVALID
    try:
        code: int = args.run(args)
    except ModelError as exc:
        print(exc, file=sys.stderr)
        return EXIT_INVALID
    except OkaeriError as exc:
        print(f"okaeri {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into a reader that stopped (| head)
        sys.stderr.close()
        return 0
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
