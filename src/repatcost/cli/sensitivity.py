"""``repatcost sensitivity``: which inputs drive an output, and what to learn next.

``--of`` names the study output (``total``, a municipality key or a ratio); ``--method``
picks the table: ``tornado`` (one at a time), ``sobol`` (global indices with confidence
intervals), ``grid`` (two-way table over ``--x`` and ``--y``), ``voi`` (value of
information), ``rank`` (rank correlations), ``readings`` or ``switch`` (switching values:
the input value or reading at which each verdict of the report about ``--of`` flips;
``--of total`` takes every verdict, ``--given NAME=VALUE`` fixes an input throughout).
``--output FILE`` writes the table safely. Options that belong to another method are
refused rather than ignored.
"""

from __future__ import annotations

import argparse
from typing import Any

import attrs

from repatcost._progress import progress
from repatcost.across_readings import readings_table, run_readings
from repatcost.cli import _common as common
from repatcost.cli._command import Command, ScopedOption, refuse_inapplicable
from repatcost.engine import Design
from repatcost.outputs import study_output
from repatcost.readings import reading_suffix
from repatcost.sensitivity import (
    grid,
    rank_correlations,
    sobol,
    switching_values,
    tornado,
    value_of_information,
)
from repatcost.study import Study
from repatcost.tables import Table

__all__ = ["COMMAND", "METHODS", "run"]

METHODS: tuple[str, ...] = ("tornado", "sobol", "grid", "voi", "rank", "readings", "switch")
"""The values of ``--method``."""

DEFAULT_SAMPLES = {
    "sobol": 4096,
    "voi": 4096,
    "rank": 10_000,
    "readings": 20_000,
    "switch": 20_000,
}
"""Samples per method when ``--samples`` is not given (Sobol: base samples per repeat)."""

_probability = common.number_parser(float, lambda v: 0.0 <= v <= 1.0, "a number in [0, 1]")
_count = common.number_parser(int, lambda v: v >= 2, "a whole number >= 2")


def _numbers(text: str) -> list[float]:
    try:
        return [float(part.replace("_", "")) for part in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected comma-separated numbers such as 0.5,0.7,0.9, got {text!r}"
        ) from None


def _group(text: str) -> tuple[str, list[str]]:
    name, sep, members = text.partition("=")
    parts = [m.strip() for m in members.split(",") if m.strip()]
    if not sep or not name.strip() or not parts:
        raise argparse.ArgumentTypeError(
            f"expected NAME=input,input (e.g. hourly=wage_cost,overhead_share), got {text!r}"
        )
    return name.strip(), parts


def _given(text: str) -> tuple[str, float]:
    name, sep, value = text.partition("=")
    try:
        number = float(value.replace("_", ""))
    except ValueError:
        number = float("nan")
    if not sep or not name.strip() or number != number:
        raise argparse.ArgumentTypeError(
            f"expected NAME=VALUE (e.g. overhead_share=0.2), got {text!r}"
        )
    return name.strip(), number


_SAMPLED = ("sobol", "voi", "rank", "readings", "switch")
"""The methods that draw Monte Carlo samples."""

_OPTIONS = (
    ScopedOption(
        "--samples",
        _SAMPLED,
        "sobol: base samples per repeat, a power of 2 (default 4096); "
        "voi: draws (default 4096); rank: draws (default 10000); readings and switch: "
        "draws (default 20000)",
        type=common.parse_samples,
        metavar="N",
    ),
    ScopedOption(
        "--seed",
        _SAMPLED,
        f"random seed for sobol, voi, rank, readings and switch (default {common.DEFAULT_SEED}); "
        "the same seed gives the same table",
        type=common.parse_seed,
    ),
    ScopedOption(
        "--design",
        ("rank", "readings"),
        "rank, readings: " + common.DESIGN_HELP + " (default mc)",
        type=common.parse_design,
        metavar="{mc,sobol,lhs}",
    ),
    ScopedOption(
        "--low",
        ("tornado",),
        "tornado: low quantile each input swings to (default 0.05)",
        type=_probability,
        metavar="Q",
    ),
    ScopedOption(
        "--high",
        ("tornado",),
        "tornado: high quantile (default 0.95)",
        type=_probability,
        metavar="Q",
    ),
    ScopedOption("--x", ("grid",), "grid: input along columns", metavar="NAME"),
    ScopedOption("--y", ("grid",), "grid: input along rows", metavar="NAME"),
    ScopedOption(
        "--x-values",
        ("grid",),
        "grid: values of --x (default: quantiles 5%% to 95%%)",
        type=_numbers,
        metavar="V,V,...",
    ),
    ScopedOption(
        "--y-values",
        ("grid",),
        "grid: values of --y (default: quantiles 5%% to 95%%)",
        type=_numbers,
        metavar="V,V,...",
    ),
    ScopedOption(
        "--points",
        ("grid", "voi", "switch"),
        "grid: values per axis (default 5); voi: quantiles each input is fixed at (default "
        "16); switch: values scanned per input before bisection (default 17)",
        type=_count,
        metavar="K",
    ),
    ScopedOption(
        "--repeats",
        ("sobol",),
        "sobol: independent repeats behind the confidence intervals (default 8)",
        type=_count,
        metavar="R",
    ),
    ScopedOption(
        "--level",
        ("voi",),
        "voi: level of the interval whose width is compared (default 0.9)",
        type=common.parse_level,
    ),
    ScopedOption(
        "--group",
        ("voi",),
        "voi: also rank knowing inputs A, B together as NAME (repeatable)",
        type=_group,
        metavar="NAME=A,B",
        action="append",
    ),
    ScopedOption(
        "--given",
        ("switch",),
        "switch: fix input NAME at VALUE throughout (repeatable), e.g. overhead_share=0.2",
        type=_given,
        metavar="NAME=VALUE",
        action="append",
    ),
)
"""The options that apply to some methods only."""


def _options(parser: argparse.ArgumentParser) -> None:
    """``--of`` and ``--method``."""
    parser.add_argument(
        "--of",
        default="total",
        metavar="NAME",
        help="the study output: total, a municipality key (e.g. aarhus) or a "
        "ratio (cost_per_UNIT, cost_per_OUTCOME); default total. With "
        "--method switch: the verdicts about it (total: every verdict), or one verdict "
        "by name (e.g. kobenhavn.crosscheck)",
    )
    parser.add_argument(
        "--method",
        choices=METHODS,
        default="tornado",
        help="tornado (default), sobol, grid, voi, rank, readings (each alternative "
        "reading of the source, biggest change first) or switch (the input values and "
        "readings at which the report's verdicts about --of flip)",
    )


def _readings(study: Any, output: str, samples: int, seed: int, design: Design) -> Table:
    """The readings table of ``output`` (the total or a municipality key)."""
    keys = ("total", *(m.key for m in study.municipalities))
    if output not in keys:
        raise common.CliError(
            f"--method readings takes --of {', '.join(keys)}; got {output!r}", common.EXIT_USAGE
        )
    if not study.readings:
        raise common.CliError(
            "--method readings: this scenario names no readings", common.EXIT_USAGE
        )
    return readings_table(run_readings(study, samples, seed=seed, design=design), output)


def _check_options(args: argparse.Namespace) -> None:
    refuse_inapplicable(args, _OPTIONS, args.method, f"--method {args.method}")
    if args.method == "grid" and (args.x is None or args.y is None):
        raise common.CliError(
            "--method grid needs --x NAME and --y NAME (two inputs of the output)",
            common.EXIT_USAGE,
        )
    common.refuse_auto(args)


def _inputs_known(args: argparse.Namespace, known: tuple[str, ...]) -> None:
    """Refuse an unknown --x, --y or --group input with a did-you-mean suggestion."""
    named = [("--x", args.x), ("--y", args.y)]
    named += [("--group", m) for _, members in (args.group or []) for m in members]
    for flag, name in named:
        if name is not None and name not in known:
            raise common.CliError(
                f"{flag} {name!r} is not an input of --of {args.of!r}"
                f"{common.suggest(name, known)}; its inputs are {', '.join(known)}",
                common.EXIT_USAGE,
            )


def _sobol(study: Study, args: argparse.Namespace, samples: int, seed: int) -> Table:
    if samples & (samples - 1) or samples < 2:
        raise common.CliError(
            f"--samples must be a power of 2 for --method sobol (e.g. 4096), got {samples}",
            common.EXIT_USAGE,
        )
    repeats = 8 if args.repeats is None else args.repeats
    return sobol(study, args.of, n=samples, seed=seed, repeats=repeats).table()


def _voi(study: Study, args: argparse.Namespace, samples: int, seed: int) -> Table:
    return value_of_information(
        study,
        args.of,
        n=samples,
        seed=seed,
        groups=None if args.group is None else dict(args.group),
        level=0.9 if args.level is None else args.level,
        points=16 if args.points is None else args.points,
    ).table()


def _table(study: Study, args: argparse.Namespace) -> Table:
    """The table of ``--method`` for ``--of``."""
    method = args.method
    samples = args.samples if args.samples is not None else DEFAULT_SAMPLES.get(method, 0)
    seed = common.DEFAULT_SEED if args.seed is None else args.seed
    design: Design = "mc" if args.design is None else args.design
    if method == "tornado":
        low = 0.05 if args.low is None else args.low
        high = 0.95 if args.high is None else args.high
        return tornado(study, args.of, low=low, high=high).table()
    if method == "sobol":
        return _sobol(study, args, samples, seed)
    if method == "voi":
        return _voi(study, args, samples, seed)
    if method == "grid":
        points = 5 if args.points is None else args.points
        return grid(
            study,
            args.of,
            args.x,
            args.y,
            x_values=args.x_values,
            y_values=args.y_values,
            points=points,
        ).table()
    if method == "readings":
        return _readings(study, args.of, samples, seed, design)
    if method == "switch":
        return switching_values(
            study,
            args.of,
            given=None if args.given is None else dict(args.given),
            n=samples,
            seed=seed,
            points=17 if args.points is None else args.points,
        ).table()
    return rank_correlations(study, args.of, n=samples, seed=seed, design=design).table()


def run(args: argparse.Namespace) -> str:
    """The chosen table."""
    _check_options(args)
    common.prepare_output(args.output, args)
    study = common.study_from(args)
    if args.method != "switch":  # switch takes verdict names too; the library checks --of
        common.check_output_name(study, args.of)
        _inputs_known(args, tuple(study_output(study, args.of).inputs))
    with (
        progress(f"sensitivity --method {args.method}", show=not args.quiet),
        common.flags_named(),
    ):
        table = _table(study, args)
    if suffix := reading_suffix(study):  # a reading chosen with --reading is named
        table = attrs.evolve(table, title=table.title + suffix)
    return common.render_table(table, args.format)


COMMAND = Command(
    "sensitivity",
    help="sensitivity tables: tornado, Sobol, grid, value of information",
    description="Which inputs drive an output of the study, and which figure would be "
    "worth knowing next. Tables in Markdown, CSV, JSON or LaTeX.",
    run=run,
    options=_options,
    what="table",
    scoped=_OPTIONS,
)
