"""``repatcost data``: the evidence of a scenario (the bundled one by default) with sources;
``--municipalities``: Denmark's 98 municipalities (code, name, region) with their source."""

from __future__ import annotations

import argparse

from repatcost.cli import _common as common
from repatcost.cli._command import Command
from repatcost.national_data import municipalities_table
from repatcost.report import evidence_table

__all__ = ["COMMAND", "run"]


def _options(parser: argparse.ArgumentParser) -> None:
    """``--municipalities``."""
    parser.add_argument(
        "--municipalities",
        action="store_true",
        help="list Denmark's 98 municipalities (code, name, region) instead, with their source",
    )


def run(args: argparse.Namespace) -> str:
    """The evidence table (or, with ``--municipalities``, the list of municipalities)."""
    common.prepare_output(args.output, args)
    if args.municipalities:
        if args.scenario is not None:
            raise common.CliError("--municipalities takes no --scenario", common.EXIT_USAGE)
        table = municipalities_table()
    else:
        table = evidence_table(common.study_from(args))
    return common.render_table(table, args.format, title=False)


COMMAND = Command(
    "data",
    help="list the evidence and its sources",
    description="List every reported figure with its qualifier and source section.",
    run=run,
    options=_options,
)
