"""``python -m okaeri``: the same as the ``okaeri`` command."""

from okaeri.cli import command

command()
