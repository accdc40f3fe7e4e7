"""The command line's own reference page, as a Sphinx extension: ``.. okaeri-cli::`` prints
the usage and help of ``okaeri`` and of every sub-command, from the argument parser itself
(:func:`okaeri.cli.build_parser`). Add ``"okaeri.cli.reference"`` to a project's
``extensions`` (beside ``"okaeri.sphinxext"``) to use it: the command documents itself, so
the Sphinx extension does not reach up into the command."""

from __future__ import annotations

import argparse
import functools
import importlib
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from okaeri import __version__
from okaeri.report.environment import rst_escape
from okaeri.sphinxext.rst import note_module_dependencies, parse_rst

if TYPE_CHECKING:
    from sphinx.application import Sphinx


HELP_WIDTH = 88
"""Column width of the help texts (fixed, so that the pages do not depend on the
terminal that builds them)."""


def _fixed_width(parser: argparse.ArgumentParser, description: bool = True) -> str:
    """The help of ``parser`` at :data:`HELP_WIDTH` columns, optionally without its
    description (shown as a paragraph instead: raw descriptions are not wrapped)."""
    formatter_class: Any = parser.formatter_class
    text = parser.description
    wide: Any = functools.partial(formatter_class, width=HELP_WIDTH)
    parser.formatter_class = wide
    if not description:
        parser.description = None
    try:
        return parser.format_help()
    finally:
        parser.formatter_class, parser.description = formatter_class, text


def subcommands(parser: argparse.ArgumentParser) -> list[tuple[str, str, argparse.ArgumentParser]]:
    """``(name, one-line help, parser)`` of every sub-command, in ``--help`` order."""
    found = []
    for action in parser._actions:  # argparse keeps sub-parsers in a private action
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help or "" for a in action._choices_actions}
            found += [(name, helps.get(name, ""), sub) for name, sub in action.choices.items()]
    return found


def cli_reference_rst(title_char: str = "-") -> str:
    """Usage and help of ``okaeri`` and every sub-command, as reStructuredText."""
    from okaeri.cli import build_parser

    parser = build_parser()
    out = ["::", "", *_indent(_fixed_width(parser)), ""]
    for name, help_text, sub in subcommands(parser):
        out += _command_rst(["okaeri", name], help_text, sub, title_char)
        for action, action_help, action_parser in subcommands(sub):
            out += _command_rst(["okaeri", name, action], action_help, action_parser,
                                "^" if title_char == "~" else "~")
    return "\n".join(out) + "\n"


def _command_rst(words: list[str], help_text: str, parser: argparse.ArgumentParser,
                 title_char: str) -> list[str]:
    """The section of one command (``okaeri requirements import``)."""
    title = " ".join(words)
    out = [f".. _okaeri-cli-{'-'.join(words[1:])}:", "", title, title_char * len(title), ""]
    if help_text:
        out += [f"*{rst_escape(help_text[0].upper() + help_text[1:])}.*", ""]
    if parser.description:
        out += [rst_escape(" ".join(parser.description.split())), ""]
    return [*out, "::", "", *_indent(_fixed_width(parser, description=False)), ""]


def _indent(text: str) -> list[str]:
    return [f"   {line}".rstrip() for line in text.rstrip().splitlines()]


class CliDirective(SphinxDirective):  # type: ignore[misc,unused-ignore]
    """``.. okaeri-cli::``: the help of every ``okaeri`` command."""

    option_spec: ClassVar[dict[str, Any]] = {
        "title-char": directives.single_char_or_unicode,
    }

    def run(self) -> list[nodes.Node]:
        """The usage and help of every command, as sections."""
        import okaeri.cli

        modules = [importlib.import_module(f"okaeri.cli.{name}") for name in okaeri.cli.COMMANDS]
        note_module_dependencies(self, okaeri.cli, *modules)
        text = cli_reference_rst(self.options.get("title-char", "-"))
        return parse_rst(self, text, allow_section_headings=True)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register ``.. okaeri-cli::``."""
    app.add_directive("okaeri-cli", CliDirective)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}


__all__ = ["HELP_WIDTH", "CliDirective", "cli_reference_rst", "setup", "subcommands"]
