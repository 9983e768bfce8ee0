"""``repatcost report --output FILE.html``: the whole report as one self-contained HTML file.

Tables (costs, the range across readings, ratios, implied quantities, triangulation, flags,
what is not included, the evidence with sources) and, when the ``plot`` extra is installed,
inline SVG charts. No JavaScript and no other file: the page can be mailed or archived as
it is.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from repatcost.across_readings import run_with_readings
from repatcost.cli._common import (
    EXIT_USAGE,
    CliError,
    add_run_options,
    add_scenario,
    emit,
    flags_named,
    prepare_output,
    refuse_auto,
    study_from,
)
from repatcost.report_html import render_html, report_charts

__all__ = ["register", "run"]


def register(commands: Any) -> None:
    """Add the ``report`` command."""
    parser = commands.add_parser(
        "report",
        help="write the whole report as one self-contained HTML file",
        description="Run the study and write its report (tables, charts when matplotlib is "
        "installed, sources, what is not included) as one HTML file with no JavaScript.",
    )
    add_scenario(parser)
    add_run_options(parser)
    parser.add_argument(
        "--output",
        type=Path,
        required=True,
        metavar="FILE.html",
        help="the HTML file to write (atomically)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the study and write the HTML report."""
    if args.output.suffix.lower() not in (".html", ".htm"):
        raise CliError(f"--output must name an .html file, got {str(args.output)!r}", EXIT_USAGE)
    refuse_auto(args)
    prepare_output(args.output, args)
    study = study_from(args)
    with flags_named():
        result, across = run_with_readings(study, args.samples, seed=args.seed)
        report = result.report(level=args.level)
        charts = report_charts(result, args.level)
        page = render_html(report, study, charts=charts, across=across)
    emit(page, args.output, args)
    return 0
