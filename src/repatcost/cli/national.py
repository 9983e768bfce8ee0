"""``repatcost national``: the cost in all 98 municipalities, with the spread between them."""

from __future__ import annotations

import argparse

from repatcost.cli import _common as common
from repatcost.cli._command import Command
from repatcost.national_drivers import read_drivers
from repatcost.national_model import national
from repatcost.national_report import render_national

__all__ = ["COMMAND", "run"]


def _options(parser: argparse.ArgumentParser) -> None:
    """``--driver``, ``--drivers FILE.csv`` and ``--year``."""
    parser.add_argument(
        "--driver",
        default="repatriations",
        metavar="NAME",
        help="the central driver: repatriations (default), municipalities, or a column of "
        "--drivers",
    )
    parser.add_argument(
        "--drivers",
        type=common.parse_file,
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


def run(args: argparse.Namespace) -> str:
    """Estimate the national cost; its report."""
    common.refuse_auto(args)
    common.prepare_output(args.output, args)
    table = None if args.drivers is None else read_drivers(args.drivers)
    study = common.study_from(args)
    with common.flags_named():
        answer = national(
            study,
            driver=args.driver,
            drivers=table,
            n=args.samples,
            seed=args.seed,
            year=args.year,
        )
        return render_national(answer, args.format, level=args.level)


COMMAND = Command(
    "national",
    help="estimate the cost in all 98 municipalities from the observed ones",
    description="Scale the observed municipalities' costs to all 98 by a driver "
    "(repatriations by default), with the spread between municipalities and the "
    "uncertainty of estimating it; every driver is shown as a reading beside the naive "
    "ratio estimate.",
    run=run,
    options=_options,
    run_options="fixed",
)
