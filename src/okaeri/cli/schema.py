"""``okaeri schema``: write the JSON Schema of the model files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from okaeri.cli._common import HelpFormatter

_EPILOG = """Editor set-up (VS Code with the YAML extension, or any editor using
yaml-language-server): write the schema beside your model folder with
    okaeri schema --out okaeri-model.schema.json
and start each model file with
    # yaml-language-server: $schema=../okaeri-model.schema.json
(okaeri init does both)."""


def register(sub: Any) -> None:
    """Add the ``schema`` sub-command."""
    parser = sub.add_parser(
        "schema",
        help="write the JSON Schema of the model files",
        description="Print (or write to a file) the JSON Schema that model files follow, "
        "for editor completion and validation.",
        epilog=_EPILOG,
        formatter_class=HelpFormatter,
    )
    parser.add_argument("--out", type=Path, metavar="FILE",
                        help="write the schema to FILE instead of standard output")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Write the schema."""
    from okaeri.fileio import write_text_atomic
    from okaeri.model.schema import model_schema_text

    text = model_schema_text()
    if args.out is None:
        sys.stdout.write(text)
    else:
        write_text_atomic(args.out, text)
        print(f"wrote {args.out}")
    return 0
