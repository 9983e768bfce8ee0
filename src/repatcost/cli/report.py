"""``repatcost report --output FILE.html``: the whole report as one self-contained HTML file.

Tables (costs, the range across readings, ratios, implied quantities, triangulation, flags,
what is not included, the evidence with sources) and, when the ``plot`` extra is installed,
inline SVG charts. No JavaScript and no other file: the page can be mailed or archived as
it is.
"""

from __future__ import annotations

import argparse

from repatcost.across_readings import run_with_readings
from repatcost.cli import _common as common
from repatcost.cli._command import Command
from repatcost.packs import findings_of
from repatcost.report_answer import build_answer
from repatcost.report_html import render_html, report_charts
from repatcost.sensitivity import tornado

__all__ = ["COMMAND", "run"]


def run(args: argparse.Namespace) -> str:
    """Run the study; its HTML report."""
    if args.output.suffix.lower() not in (".html", ".htm"):
        raise common.CliError(
            f"--output must name an .html file, got {str(args.output)!r}", common.EXIT_USAGE
        )
    common.refuse_auto(args)
    common.prepare_output(args.output, args)
    study = common.study_from(args)
    with common.flags_named():
        result, across = run_with_readings(study, args.samples, seed=args.seed, design=args.design)
        report = result.report(level=args.level)
        ranking = tornado(study, "total")
        answer = build_answer(result, report, across=across, ranking=ranking)
        charts = report_charts(result, args.level, across, ranking)
        findings = findings_of(result)
        return render_html(
            report, study, charts=charts, across=across, findings=findings, answer=answer
        )


COMMAND = Command(
    "report",
    help="write the whole report as one self-contained HTML file",
    description="Run the study and write its report (tables, charts when matplotlib is "
    "installed, sources, what is not included) as one HTML file with no JavaScript.",
    run=run,
    options=lambda parser: common.add_output_file(parser, "HTML"),
    run_options="fixed",
    design=True,
    formats=(),
)
