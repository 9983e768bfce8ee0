"""The ``repatcost`` command line: ``repatcost COMMAND [options]`` (``--help`` lists them).

Each command lives in its own module of this package with ``register(subparsers)`` (which
sets ``func`` on its parser); :data:`COMMANDS` lists them. Errors a user can fix (bad options,
bad files, inapplicable estimators) print one ``repatcost: error: ...`` message and exit
non-zero, without a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from repatcost.cli._common import EXIT_USAGE, CliError, Parser, report_error
from repatcost.errors import RepatcostError

__all__ = ["COMMANDS", "main"]

COMMANDS: tuple[str, ...] = ("estimate", "validate", "data", "sensitivity", "plot", "national")
"""Modules of :mod:`repatcost.cli` that each add one command."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every command."""
    parser = Parser(
        prog="repatcost",
        description=("Cost estimates with uncertainty for repatriation-guidance conversations."),
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    commands.required = True
    for name in COMMANDS:
        importlib.import_module(f"repatcost.cli.{name}").register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        return int(args.func(args))
    except CliError as err:
        return report_error(str(err), err.status)
    except (RepatcostError, ValueError, OSError) as err:
        return report_error(str(err), 1)
    except SystemExit as exit_:
        return int(exit_.code) if isinstance(exit_.code, int) else EXIT_USAGE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
