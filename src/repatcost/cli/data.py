"""``repatcost data``: the evidence of a scenario (the bundled one by default) with sources."""

from __future__ import annotations

import argparse
from typing import Any

from repatcost.cli._common import add_output, add_scenario, emit, study_from
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
    add_output(parser, FORMATS)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the evidence table."""
    table = evidence_table(study_from(args))
    text = table.render(args.format)
    emit(text if text.endswith("\n") else text + "\n", args.output)
    return 0
