"""``repatcost plot KIND --output FILE.png``: tornado, interval (forest) or histogram chart.

Needs the optional ``plot`` extra (matplotlib); without it the command exits non-zero with a
one-line hint saying how to install it. The PNG is written atomically.
"""

from __future__ import annotations

import argparse

from repatcost.across_readings import run_with_readings
from repatcost.cli import _common as common
from repatcost.cli._command import Command, ScopedOption, refuse_inapplicable
from repatcost.engine import draw_inputs
from repatcost.outputs import study_output
from repatcost.readings import reading_suffix
from repatcost.sensitivity import tornado

__all__ = ["COMMAND", "KINDS", "run"]

KINDS: tuple[str, ...] = ("tornado", "interval", "histogram")
"""The chart kinds."""

_DRAWN = ("interval", "histogram")
"""The chart kinds drawn from Monte Carlo samples."""

_OPTIONS = (
    ScopedOption(
        "--of",
        ("tornado", "histogram"),
        "tornado, histogram: the study output (default total)",
        metavar="NAME",
    ),
    ScopedOption(
        "--samples",
        _DRAWN,
        f"interval, histogram: Monte Carlo samples (default {common.DEFAULT_SAMPLES:,})",
        type=common.parse_samples,
        metavar="N",
    ),
    ScopedOption(
        "--seed",
        _DRAWN,
        f"interval, histogram: random seed (default {common.DEFAULT_SEED})",
        type=common.parse_seed,
    ),
    ScopedOption(
        "--level",
        _DRAWN,
        "interval, histogram: level of the interval (default 0.9)",
        type=common.parse_level,
    ),
)
"""The options that apply to some chart kinds only."""


def _options(parser: argparse.ArgumentParser) -> None:
    """The chart kind, the PNG file and the scenario."""
    parser.add_argument("kind", choices=KINDS, help="tornado, interval or histogram")
    common.add_output_file(parser, "PNG")
    common.add_scenario(parser)


def _check(args: argparse.Namespace) -> None:
    refuse_inapplicable(args, _OPTIONS, args.kind, f"'plot {args.kind}'")
    common.refuse_auto(args)
    if str(args.output) != "-" and args.output.suffix.lower() != ".png":
        raise common.CliError(
            f"--output must name a .png file, got {str(args.output)!r}", common.EXIT_USAGE
        )


def run(args: argparse.Namespace) -> str | bytes:
    """Draw the chart; the PNG."""
    from repatcost import plotting

    plotting.require_matplotlib()  # before any work: fail fast with the install hint
    _check(args)
    common.prepare_output(args.output, args)
    study = common.study_from(args)
    name = "total" if args.of is None else args.of
    common.check_output_name(study, name)
    samples = common.DEFAULT_SAMPLES if args.samples is None else args.samples
    seed = common.DEFAULT_SEED if args.seed is None else args.seed
    level = 0.9 if args.level is None else args.level
    if args.kind == "tornado":
        figure = plotting.tornado_chart(tornado(study, name), labels=plotting.input_labels(study))
    elif args.kind == "interval":
        with common.flags_named():
            result, across = run_with_readings(study, samples, seed=seed)
        figure = plotting.interval_chart(result, level=level, across=across)
    else:
        output = study_output(study, name)
        draws = draw_inputs(output.inputs, samples, seed=seed)
        figure = plotting.histogram_chart(
            output.function(draws.values), title=output.label, unit=output.unit, level=level
        )
    if suffix := reading_suffix(study):  # a reading chosen with --reading is named
        figure.suptitle(suffix.removeprefix(", ").capitalize(), fontsize="small")
    return plotting.png_bytes(figure)


COMMAND = Command(
    "plot",
    help="draw a chart to a PNG file (needs the plot extra)",
    description="Draw a tornado chart of an output, an interval (forest) chart of every "
    "municipality and the total, or a histogram of an output, to a PNG file. Needs "
    'matplotlib: pip install "repatcost[plot]".',
    run=run,
    options=_options,
    scenario=False,  # added after the chart kind and its file, as its own options
    formats=(),
    scoped=_OPTIONS,
)
