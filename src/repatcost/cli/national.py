"""``repatcost national``: the cost in all 98 municipalities, with the spread between them."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from repatcost.cli._common import (
    add_output,
    add_run_options,
    add_scenario,
    emit,
    flags_named,
    prepare_output,
    refuse_auto,
    study_from,
)
from repatcost.national_drivers import read_drivers
from repatcost.national_model import national
from repatcost.national_report import render_national
from repatcost.tables import FORMATS

__all__ = ["register", "run"]


def register(commands: Any) -> None:
    """Add the ``national`` command."""
    parser = commands.add_parser(
        "national",
        help="estimate the cost in all 98 municipalities from the observed ones",
        description="Scale the observed municipalities' costs to all 98 by a driver "
        "(repatriations by default), with the spread between municipalities and the "
        "uncertainty of estimating it; every driver is shown as a reading beside the naive "
        "ratio estimate.",
    )
    add_scenario(parser)
    add_run_options(parser)
    parser.add_argument(
        "--driver",
        default="repatriations",
        metavar="NAME",
        help="the central driver: repatriations (default), municipalities, or a column of "
        "--drivers",
    )
    parser.add_argument(
        "--drivers",
        type=Path,
        default=None,
        metavar="FILE.csv",
        help="CSV with 'code' and one or more driver columns for all 98 municipalities "
        "(optional 'source' column); lists every municipality in the output",
    )
    parser.add_argument(
        "--year",
        type=int,
        default=2023,
        help="year of the repatriation counts (default 2023, the study's year)",
    )
    add_output(parser, FORMATS)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Estimate the national cost and print (or write) the report."""
    refuse_auto(args)
    prepare_output(args.output, args)
    table = None if args.drivers is None else read_drivers(args.drivers)
    study = study_from(args)
    with flags_named():
        answer = national(
            study,
            driver=args.driver,
            drivers=table,
            n=args.samples,
            seed=args.seed,
            year=args.year,
        )
        text = render_national(answer, args.format, level=args.level)
    emit(text, args.output, args)
    return 0
