"""``repatcost estimate``: each municipality's annual cost and the total."""

from __future__ import annotations

import argparse
import math

from repatcost._progress import progress
from repatcost.across_readings import readings_around, run_with_readings
from repatcost.cli import _common as common
from repatcost.cli._command import Command
from repatcost.packs import findings_of
from repatcost.precision import run_to_tolerance
from repatcost.report import ADJUST_LATER_THRESHOLD, render_report
from repatcost.report_answer import build_answer
from repatcost.sensitivity import tornado

__all__ = ["COMMAND", "run"]

_fraction = common.number_parser(float, lambda v: 0 < v < math.inf, "a positive number")


def _options(parser: argparse.ArgumentParser) -> None:
    """``--tolerance`` (of ``--samples auto``) and ``--adjust-threshold``."""
    parser.add_argument(
        "--tolerance",
        type=_fraction,
        default=0.005,
        help="with --samples auto: the largest relative Monte Carlo error "
        "allowed for any median or interval end (default 0.005)",
    )
    parser.add_argument(
        "--adjust-threshold",
        type=_fraction,
        default=ADJUST_LATER_THRESHOLD,
        help="flag 'adjust later' when the interval is wider than this share "
        f"of the median (default {ADJUST_LATER_THRESHOLD})",
    )


def run(args: argparse.Namespace) -> str:
    """Run the study; its report."""
    common.prepare_output(args.output, args)
    study = common.study_from(args)
    if args.samples == "auto":
        with progress("estimate --samples auto", show=not args.quiet), common.flags_named():
            result, report = run_to_tolerance(
                study,
                args.tolerance,
                seed=args.seed,
                level=args.level,
                max_samples=common.MAX_SAMPLES,
                adjust_threshold=args.adjust_threshold,
                design=args.design,
            )
            across = (
                readings_around(result, keep="costs" if args.design == "mc" else "all")
                if study.readings
                else None
            )
    else:  # the auto report also states the tolerance reached (shown in JSON)
        with common.flags_named():
            result, across = run_with_readings(
                study, args.samples, seed=args.seed, design=args.design
            )
            report = result.report(level=args.level, adjust_threshold=args.adjust_threshold)
    if args.format != "markdown":
        return render_report(report, args.format, across=across)
    answer = build_answer(result, report, across=across, ranking=tornado(study, "total"))
    findings = findings_of(result)
    return render_report(report, args.format, across=across, findings=findings, answer=answer)


COMMAND = Command(
    "estimate",
    help="estimate each municipality's annual cost and the total",
    description="Estimate each municipality's annual cost (the study's currency at its price "
    "year) with a "
    "median, an equal-tailed interval and a hard range, and the total of all of them.",
    run=run,
    options=_options,
    run_options="auto",
    design=True,
)
