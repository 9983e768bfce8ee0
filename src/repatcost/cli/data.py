"""``repatcost data``: the evidence of a scenario (the bundled one by default) with sources;
``--municipalities``: the population the scenario's municipalities stand for (id, name,
group, drivers) with its source; ``--drivers``: every member's drivers, each with its
document."""

from __future__ import annotations

import argparse

from repatcost.cli import _common as common
from repatcost.cli._command import Command
from repatcost.national_population import population_for
from repatcost.report import evidence_table

__all__ = ["COMMAND", "run"]


def _options(parser: argparse.ArgumentParser) -> None:
    """``--municipalities`` and ``--drivers``."""
    shown = parser.add_mutually_exclusive_group()
    shown.add_argument(
        "--municipalities",
        action="store_true",
        help="list the population the municipalities stand for (id, name, group, drivers) "
        "instead, with its source",
    )
    shown.add_argument(
        "--drivers",
        action="store_true",
        help="list every member's value of every national driver instead, each row with "
        "its document",
    )


def run(args: argparse.Namespace) -> str:
    """The evidence table (or the population, or its drivers)."""
    common.prepare_output(args.output, args)
    study = common.study_from(args)
    if args.municipalities or args.drivers:
        people = population_for(study)
        table = people.members_table() if args.municipalities else people.drivers_table()
    else:
        table = evidence_table(study)
    return common.render_table(table, args.format, title=False)


COMMAND = Command(
    "data",
    help="list the evidence and its sources",
    description="List every reported figure with its qualifier and source section.",
    run=run,
    options=_options,
)
