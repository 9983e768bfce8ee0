"""``repatcost national``: the cost of a whole population from the observed municipalities."""

from __future__ import annotations

import argparse

from repatcost.cli import _common as common
from repatcost.cli._command import Command
from repatcost.national_drivers import read_drivers, read_population
from repatcost.national_model import CENTRAL_PRIOR, national
from repatcost.national_population import population_for
from repatcost.national_prior import PRIORS
from repatcost.national_report import render_national

__all__ = ["COMMAND", "run"]


def _options(parser: argparse.ArgumentParser) -> None:
    """``--driver``, ``--drivers FILE.csv``, ``--population FILE.csv`` and ``--prior``."""
    parser.add_argument(
        "--driver",
        default=None,
        metavar="NAME",
        help="the central driver (default: the population's; see 'repatcost data --drivers')",
    )
    parser.add_argument(
        "--drivers",
        type=common.parse_file,
        default=None,
        metavar="FILE.csv",
        help="CSV with 'code' (or 'id') and one or more driver columns for every member of "
        "the population (optional 'source' column); lists every member in the output",
    )
    parser.add_argument(
        "--population",
        type=common.parse_file,
        default=None,
        metavar="FILE.csv",
        help="CSV with 'id', 'name' and driver columns (optional 'group', 'source'): the "
        "population the observed municipalities stand for, instead of the pack's",
    )
    parser.add_argument(
        "--prior",
        default=CENTRAL_PRIOR,
        choices=[p.name for p in PRIORS],
        help=f"the prior of the headline figure for the between-municipality scale "
        f"(default {CENTRAL_PRIOR}); the report shows every prior",
    )


def run(args: argparse.Namespace) -> str:
    """Estimate the national cost; its report."""
    common.refuse_auto(args)
    common.prepare_output(args.output, args)
    study = common.study_from(args)
    with common.flags_named():
        if args.population is not None:
            people = read_population(args.population)
        else:
            people = population_for(study)
        if args.drivers is not None:
            people = read_drivers(args.drivers, people)
        answer = national(
            study,
            population=people,
            driver=args.driver,
            prior=args.prior,
            n=args.samples,
            seed=args.seed,
        )
        members = args.drivers is not None or args.population is not None
        return render_national(answer, args.format, level=args.level, members=members)


COMMAND = Command(
    "national",
    help="estimate the cost of a whole population of municipalities from the observed ones",
    description="Scale the observed municipalities' costs to the whole population (the "
    "pack's, or --population FILE.csv) by a driver, as a fixed part per municipality plus a "
    "part scaling with the driver, with the spread between municipalities and the "
    "uncertainty of estimating it. Leads with the median and the central 50%; shows the "
    "interval under each prior for the spread, every driver as a reading beside the naive "
    "ratio and the 'every municipality alike' bounding case.",
    run=run,
    options=_options,
    run_options="fixed",
)
