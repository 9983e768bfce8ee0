"""``repatcost assumptions``: every assumption of a scenario, its domain, band and users."""

from __future__ import annotations

import argparse
from typing import Any

from repatcost.audit import assumption_table
from repatcost.cli._common import add_output, add_scenario, emit, prepare_output, study_from
from repatcost.tables import FORMATS

__all__ = ["register", "run"]


def register(commands: Any) -> None:
    """Add the ``assumptions`` command."""
    parser = commands.add_parser(
        "assumptions",
        help="list every assumption with its domain, plausible band, source and users",
        description="List every assumption of the scenario (the shared ones and each "
        "municipality's own): distribution, unit, domain, plausible band and its source, "
        "source, rationale and the municipalities whose models read it.",
    )
    add_scenario(parser)
    add_output(parser, FORMATS)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the assumption table."""
    prepare_output(args.output, args)
    text = assumption_table(study_from(args)).render(args.format)
    emit(text if text.endswith("\n") else text + "\n", args.output, args)
    return 0
