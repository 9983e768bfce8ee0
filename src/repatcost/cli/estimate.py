"""``repatcost estimate``: each municipality's annual cost and the total."""

from __future__ import annotations

import argparse
from typing import Any

from repatcost.cli._common import (
    CliError,
    add_output,
    add_run_options,
    add_scenario,
    emit,
    study_from,
)
from repatcost.report import render_study
from repatcost.tables import FORMATS

__all__ = ["register", "run"]


def register(commands: Any) -> None:
    """Add the ``estimate`` command."""
    parser = commands.add_parser(
        "estimate", help="estimate each municipality's annual cost and the total",
        description="Estimate each municipality's annual cost (DKK at the price year) with a "
        "median, an equal-tailed interval and a hard range, and the total of all of them.")
    add_scenario(parser)
    add_run_options(parser)
    add_output(parser, FORMATS)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the study and print (or write) the report."""
    if args.samples == "auto":
        raise CliError("--samples auto is not available for this command")
    result = study_from(args).run(args.samples, seed=args.seed)
    emit(render_study(result, args.format, level=args.level), args.output)
    return 0
