"""``repatcost data``: the evidence of a scenario (the bundled one by default) with sources;
``--municipalities``: Denmark's 98 municipalities (code, name, region) with their source."""

from __future__ import annotations

import argparse
from typing import Any

from repatcost.cli._common import (
    EXIT_USAGE,
    CliError,
    add_output,
    add_scenario,
    emit,
    prepare_output,
    render_table,
    study_from,
)
from repatcost.national_data import municipalities_table
from repatcost.report import evidence_table
from repatcost.tables import FORMATS

__all__ = ["register", "run"]


def register(commands: Any) -> None:
    """Add the ``data`` command."""
    parser = commands.add_parser(
        "data",
        help="list the evidence and its sources",
        description="List every reported figure with its qualifier and source section.",
    )
    add_scenario(parser)
    parser.add_argument(
        "--municipalities",
        action="store_true",
        help="list Denmark's 98 municipalities (code, name, region) instead, with their source",
    )
    add_output(parser, FORMATS)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the evidence table (or, with ``--municipalities``, the list of municipalities)."""
    prepare_output(args.output, args)
    if args.municipalities:
        if args.scenario is not None:
            raise CliError("--municipalities takes no --scenario", EXIT_USAGE)
        table = municipalities_table()
    else:
        table = evidence_table(study_from(args))
    emit(render_table(table, args.format, title=False), args.output, args)
    return 0
