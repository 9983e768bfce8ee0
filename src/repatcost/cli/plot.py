"""``repatcost plot KIND --output FILE.png``: tornado, interval (forest) or histogram chart.

Needs the optional ``plot`` extra (matplotlib); without it the command exits non-zero with a
one-line hint saying how to install it. The PNG is written atomically.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from repatcost.cli._common import (
    DEFAULT_SEED,
    EXIT_USAGE,
    CliError,
    add_scenario,
    check_output_name,
    emit,
    parse_level,
    parse_samples,
    parse_seed,
    prepare_output,
    refuse_auto,
    refuse_inapplicable,
    study_from,
)
from repatcost.engine import draw_inputs
from repatcost.outputs import study_output
from repatcost.sensitivity import tornado

__all__ = ["KINDS", "register", "run"]

KINDS: tuple[str, ...] = ("tornado", "interval", "histogram")
"""The chart kinds."""

DEFAULT_SAMPLES = 20_000
"""Monte Carlo samples behind the interval chart and the histogram."""


def register(commands: Any) -> None:
    """Add the ``plot`` command."""
    parser = commands.add_parser(
        "plot",
        help="draw a chart to a PNG file (needs the plot extra)",
        description="Draw a tornado chart of an output, an interval (forest) chart of every "
        "municipality and the total, or a histogram of an output, to a PNG file. Needs "
        'matplotlib: pip install "repatcost[plot]".',
    )
    parser.add_argument("kind", choices=KINDS, help="tornado, interval or histogram")
    parser.add_argument(
        "--output",
        type=Path,
        required=True,
        metavar="FILE.png",
        help="the PNG file to write (atomically)",
    )
    add_scenario(parser)
    parser.add_argument(
        "--of",
        default=None,
        metavar="NAME",
        help="tornado, histogram: the study output (default total)",
    )
    parser.add_argument(
        "--samples",
        type=parse_samples,
        default=None,
        metavar="N",
        help=f"interval, histogram: Monte Carlo samples (default {DEFAULT_SAMPLES:,})",
    )
    parser.add_argument(
        "--seed",
        type=parse_seed,
        default=None,
        help=f"interval, histogram: random seed (default {DEFAULT_SEED})",
    )
    parser.add_argument(
        "--level",
        type=parse_level,
        default=None,
        help="interval, histogram: level of the interval (default 0.9)",
    )
    parser.set_defaults(func=run)


_OPTIONS: dict[str, tuple[str, ...]] = {
    "of": ("tornado", "histogram"),
    "samples": ("interval", "histogram"),
    "seed": ("interval", "histogram"),
    "level": ("interval", "histogram"),
}
"""Which chart kinds each option applies to."""


def _check(args: argparse.Namespace) -> None:
    refuse_inapplicable(args, _OPTIONS, args.kind, f"'plot {args.kind}'")
    refuse_auto(args)
    if str(args.output) != "-" and args.output.suffix.lower() != ".png":
        raise CliError(f"--output must name a .png file, got {str(args.output)!r}", EXIT_USAGE)


def run(args: argparse.Namespace) -> int:
    """Draw the chart and write the PNG."""
    from repatcost import plotting

    plotting.require_matplotlib()  # before any work: fail fast with the install hint
    _check(args)
    prepare_output(args.output, args)
    study = study_from(args)
    name = "total" if args.of is None else args.of
    check_output_name(study, name)
    samples = DEFAULT_SAMPLES if args.samples is None else args.samples
    seed = DEFAULT_SEED if args.seed is None else args.seed
    level = 0.9 if args.level is None else args.level
    if args.kind == "tornado":
        figure = plotting.tornado_chart(tornado(study, name), labels=plotting.input_labels(study))
    elif args.kind == "interval":
        figure = plotting.interval_chart(study.run(samples, seed=seed), level=level)
    else:
        output = study_output(study, name)
        draws = draw_inputs(output.inputs, samples, seed=seed)
        figure = plotting.histogram_chart(
            output.function(draws.values), title=output.label, unit=output.unit, level=level
        )
    emit(plotting.png_bytes(figure), args.output, args)
    return 0
