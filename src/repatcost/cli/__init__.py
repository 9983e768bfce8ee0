"""The ``repatcost`` command line: ``repatcost COMMAND [options]`` (``--help`` lists them).

Each command lives in its own module of this package, which declares it as ``COMMAND``, a
:class:`~repatcost.cli._command.Command`: its name, help, description, run, its own options
and which shared ones it takes (``--scenario``, ``--samples``/``--seed``/``--level``,
``--format``/``--output``); :data:`COMMANDS` lists the modules and :func:`build_parser` turns
each declaration into a parser. Errors a user can fix (bad options, bad files, inapplicable
estimators) print one ``repatcost: error: ...`` message, without a traceback. Exit status:
0 success, 2 a user error (flags, files, paths, a bad scenario), 1 an internal error (a bug:
please report it), 130 interrupted by Ctrl-C.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

from repatcost._interrupt import release
from repatcost.cli._common import (
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    Parser,
    describe_error,
    report_error,
    warnings_as_notes,
)

__all__ = ["COMMANDS", "main"]

COMMANDS: tuple[str, ...] = (
    "estimate",
    "report",
    "validate",
    "data",
    "assumptions",
    "sensitivity",
    "plot",
    "national",
)
"""Modules of :mod:`repatcost.cli` that each declare one command (their ``COMMAND``)."""


def build_parser() -> Parser:
    """The argument parser with every command."""
    parser = Parser(
        prog="repatcost",
        description=(
            "Cost estimates with uncertainty from local bodies' partial reports (the bundled "
            "study: question no. 184, in its domain pack)."
        ),
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    commands.required = True
    for name in COMMANDS:
        importlib.import_module(f"repatcost.cli.{name}").COMMAND.add_to(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (see :mod:`repatcost.cli._common`)."""
    try:
        release()  # from here on Ctrl-C is a KeyboardInterrupt (cleaned up, then exit 130)
        with warnings_as_notes():
            args = build_parser().parse_command(argv)
            return int(args.func(args))
    except KeyboardInterrupt:
        return report_error("interrupted", EXIT_INTERRUPTED)
    except SystemExit as exit_:  # --help and --version exit through argparse
        return int(exit_.code) if isinstance(exit_.code, int) else EXIT_USAGE
    except BaseException as err:
        return report_error(*describe_error(err))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
