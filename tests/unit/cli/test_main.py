"""okaeri.cli.main: a command runs with the CLI's garbage collector thresholds, and the
caller's thresholds come back afterwards, also when the command fails."""

from __future__ import annotations

import gc
import subprocess
import sys
from collections.abc import Iterator, Sequence

import pytest

import okaeri.cli
from okaeri.cli import GC_THRESHOLD, main


@pytest.fixture
def default_thresholds() -> Iterator[tuple[int, int, int]]:
    saved = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield gc.get_threshold()
    gc.set_threshold(*saved)


def test_a_command_runs_with_the_cli_thresholds_and_restores_the_callers(
    default_thresholds: tuple[int, int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = []

    def command(_argv: Sequence[str] | None) -> int:
        seen.append(gc.get_threshold())
        return 0

    monkeypatch.setattr(okaeri.cli, "_main", command)
    assert main([]) == 0
    assert seen == [GC_THRESHOLD]
    assert gc.get_threshold() == default_thresholds


def test_the_thresholds_come_back_when_argparse_exits(
    default_thresholds: tuple[int, int, int], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main(["--version"])
    assert "okaeri" in capsys.readouterr().out
    assert gc.get_threshold() == default_thresholds


def test_a_named_command_imports_only_its_own_module() -> None:
    # The other commands' modules cost about 40 ms of every command's start-up.
    code = ("import sys\nfrom okaeri.cli import COMMANDS, main\n"
            "try:\n    main(['schema', '--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(c for c in COMMANDS if f'okaeri.cli.{c}' in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip().splitlines()[-1] == "['schema']"


def test_the_command_exits_with_mains_code_after_freezing_and_runs_atexit_handlers() -> None:
    # okaeri.cli.command is the console script: its exit skips the collector's walks over
    # everything alive (gc.freeze), but keeps the exit code and the atexit handlers.
    code = ("import atexit, gc\nimport okaeri.cli\n"
            "okaeri.cli._main = lambda argv: 3\n"
            "atexit.register(lambda: print('frozen', gc.get_freeze_count() > 0))\n"
            "okaeri.cli.command()\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=False)
    assert out.returncode == 3
    assert out.stdout.strip() == "frozen True"
