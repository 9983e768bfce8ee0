"""The misspecification table of ``docs/validity.md``: coverage when the assumptions are wrong.

Synthetic municipalities are drawn from a truth that differs from what the estimator assumes,
and the library's intervals are checked against it (``repatcost.validation``):

- *as assumed*: the truth follows the assumptions (the calibration check itself);
- *spreads x1.5*, *x2*: every uncertain input's true spread about its mode (or centre) is 1.5
  or 2 times the assumed one: the shared assumptions (wage cost, overhead, productive hours,
  interpreter share and fee, show-up rate, ...) and the reported figures' own uncertainty
  (rounding cell, "about", "cautious"); shares are cut at 0 and 1;
- *assumptions x2* / *reported figures x2*: only one of the two groups widened;
- *cautious skew ignored*: the truth behind a "cautious estimate" is skewed upward as the
  qualifier mapping says, but the estimator reads "cautious" like "about" (symmetric).

- *centre shifts* (second pair of tables): the truth's law moves one main default (mode and
  range) by +-10%, or the show-up rate to U(0.3, 0.7); the estimator keeps the defaults;
- *centre shifts on the bundled study* (next table): each centre shift taken as the truth of
  the bundled study, with the share of its draws inside the central 90% interval and inside
  the range across readings (the envelope, ``ReadingsResult.envelope``);
- *readings as the truth* (last table): each alternative reading of the bundled study taken
  as the truth, with the share of its draws inside the central 90% interval and inside the
  range across readings.

Each cell of the first table is the coverage of the 90% interval / the 50% interval / the hard
range, in percent; the second table says on which side the 90% interval missed. Print the
Markdown tables (pasted into docs/validity.md)::

    python scripts/misspecification.py                # n = 2,000 per cell, a few minutes
    python scripts/misspecification.py --n 1000 --samples 1000  # the centre-shift tables
    python scripts/misspecification.py --n 100 --samples 500 --truth-draws 10000  # a look

A progress line runs on standard error while it works (only on a terminal; ``--quiet``
silences it).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from typing import Any, Literal

import attrs
import numpy as np

from repatcost._progress import progress
from repatcost.across_readings import run_readings
from repatcost.assumptions import Assumptions, default_assumptions
from repatcost.cli._common import add_quiet
from repatcost.data import bundled_study
from repatcost.distributions import Uniform
from repatcost.qualifiers import QualifierMapping
from repatcost.validation import Coverage, Style, TruthLaw, calibrate

Row = Callable[[int, int, int, Assumptions, TruthLaw], Coverage]


def _style(style: Style | Literal["total"], cautious_share: float | None = None) -> Row:
    def run(
        n: int, samples: int, seed: int, assumptions: Assumptions, truth: TruthLaw
    ) -> Coverage:
        return calibrate(
            style,
            n=n,
            samples=samples,
            seed=seed,
            assumptions=assumptions,
            truth=truth,
            cautious_share=cautious_share,
        )

    return run


ROWS: tuple[tuple[str, Row], ...] = (
    ("spending (rounded money)", _style("spending")),
    ("conversation time (about / cautious hours)", _style("conversation_time")),
    ("conversation time, cautious hours only", _style("conversation_time", 1.0)),
    ("staff allocation", _style("staff_allocation")),
    ("total hours", _style("total_hours")),
    ("four-municipality total", _style("total")),
)


def scenarios() -> tuple[tuple[str, Assumptions, TruthLaw], ...]:
    """(column title, the estimator's assumptions, the truth's law) of every column."""
    assumed = default_assumptions()
    spread = assumed.qualifiers.approximate_spread
    symmetric = attrs.evolve(
        assumed,
        qualifiers=QualifierMapping(
            approximate_spread=spread, cautious_below=spread, cautious_above=spread
        ),
    )
    return (
        ("as assumed", assumed, TruthLaw(assumed)),
        ("spreads x1.5", assumed, TruthLaw(assumed, assumption_spread=1.5, report_spread=1.5)),
        ("spreads x2", assumed, TruthLaw(assumed, assumption_spread=2.0, report_spread=2.0)),
        ("assumptions x2", assumed, TruthLaw(assumed, assumption_spread=2.0)),
        ("reported figures x2", assumed, TruthLaw(assumed, report_spread=2.0)),
        ("cautious skew ignored", symmetric, TruthLaw(assumed)),
    )


SHIFTED: tuple[str, ...] = ("wage_cost", "overhead_share", "productive_hours", "interpreter_fee")
"""The main defaults whose mode (and whole range) the centre-shift columns move by +-10%."""


def _moved(assumed: Assumptions, name: str, factor: float) -> Assumptions:
    """``assumed`` with the distribution of ``name`` scaled by ``factor`` (mode and range)."""
    dist = assumed.distribution(name)
    scaled = attrs.evolve(
        dist, **{f: getattr(dist, f) * factor for f in ("low", "mode", "high") if hasattr(dist, f)}
    )
    return assumed.override(f"{name} x {factor:g} (misspecification)", **{name: scaled})


def centre_scenarios(
    assumed: Assumptions | None = None,
) -> tuple[tuple[str, Assumptions, TruthLaw], ...]:
    """Columns where the truth's centre differs from the assumed one (``assumed``, default
    the library's defaults): each main default's mode (and range) moved by +-10%, and the
    show-up rate moved to U(0.3, 0.7)."""
    assumed = assumed or default_assumptions()
    columns = [
        (f"{name} {sign}10%", assumed, TruthLaw(_moved(assumed, name, 1.0 + d)))
        for name in SHIFTED
        for sign, d in (("+", 0.1), ("-", 0.1 * -1))
    ]
    low_show_up = assumed.override("show-up moved", show_up_rate=Uniform(0.3, 0.7))
    columns.append(("show-up U(0.3, 0.7)", assumed, TruthLaw(low_show_up)))
    return tuple(columns)


def _shares_inside(truth: np.ndarray, ends: tuple[float, float] | list[float]) -> float:
    """Share of ``truth``'s draws between ``ends`` (inclusive), in percent."""
    return float(100 * np.mean((truth >= ends[0]) & (truth <= ends[1])))


def centre_envelope_coverage(samples: int, seed: int, level: float = 0.9) -> str:
    """Each centre shift of :func:`centre_scenarios` taken as the truth of the bundled study:
    the share of the truth's draws (run on the same seed) inside the central reading's
    interval and inside the range across readings (``ReadingsResult.envelope``)."""
    study = bundled_study()
    across = run_readings(study, samples, seed=seed)
    low, high = across.central.total.interval(level)
    envelope = across.envelope(level)["total"]
    lines = [
        f"| centre shift taken as the truth | truth's median | parametric {level:.0%} "
        "interval covers | envelope covers |",
        "|---|---:|---:|---:|",
    ]
    for title, _, truth in centre_scenarios(study.assumptions):
        shifted = attrs.evolve(study, assumptions=truth.assumptions)
        draws = shifted.run(samples, seed=seed).total.samples
        lines.append(
            f"| {title} | {np.median(draws):,.0f} | {_shares_inside(draws, (low, high)):.1f} | "
            f"{_shares_inside(draws, envelope):.1f} |"
        )
    return "\n".join(lines) + "\n"


def _others_range(across: Any, reading: Any, level: float) -> tuple[float, float]:
    """The range of the 90% intervals of every non-central alternative of the *other*
    readings (not the central run, not the extremes, nothing of ``reading`` itself): a
    range that does not contain the truth's own interval by construction."""
    ends = [
        run.result.total.interval(level)
        for run in across.runs
        if run.reading is not reading and not run.is_central
    ]
    return min(e[0] for e in ends), max(e[1] for e in ends)


def readings_coverage(samples: int, seed: int, level: float = 0.9) -> str:
    """Each alternative reading of the bundled study taken as the truth: the share of its
    draws inside the central reading's interval, inside the range across the other readings
    (a check that can miss) and inside the range across readings (which contains the
    truth's own interval, so holds at >= ``level`` by construction)."""
    across = run_readings(bundled_study(), samples, seed=seed)
    low, high = across.central.total.interval(level)
    env_low, env_high = across.envelope(level)["total"]
    lines = [
        f"| reading taken as the truth | truth's median | in the central {level:.0%} "
        "interval | in the range across the other readings (can miss) | in the range "
        f"across readings (by construction: >= {level:.0%}) |",
        "|---|---:|---:|---:|---:|",
    ]
    for run in across.runs:
        truth = run.result.total.samples
        others = _others_range(across, run.reading, level)
        lines.append(
            f"| {run.reading.name} = {run.alternative.label} | {np.median(truth):,.0f} | "
            f"{_shares_inside(truth, (low, high)):.1f} | {_shares_inside(truth, others):.1f} | "
            f"{_shares_inside(truth, (env_low, env_high)):.1f} |"
        )
    return "\n".join(lines) + "\n"


def _coverage_cell(coverage: Coverage) -> str:
    return (
        f"{100 * coverage.covered(0.9):.1f} / {100 * coverage.covered(0.5):.1f} / "
        f"{100 * coverage.in_hard_range:.1f}"
    )


def _misses_cell(coverage: Coverage) -> str:
    return f"{100 * coverage.below[0.9]:.1f} / {100 * coverage.above[0.9]:.1f}"


def tables(
    n: int, samples: int, seed: int, columns: tuple[tuple[str, Assumptions, TruthLaw], ...] = ()
) -> tuple[str, str]:
    """Two Markdown tables from the same runs: coverage (90% / 50% / hard range) and where
    the 90% interval's misses fall (truth below / above), in percent."""
    columns = columns or scenarios()
    head = [
        "| synthetic municipalities | " + " | ".join(c[0] for c in columns) + " |",
        "|---|" + "---:|" * len(columns),
    ]
    coverage, misses = list(head), list(head)
    for title, row in ROWS:
        results = [row(n, samples, seed, assumptions, truth) for _, assumptions, truth in columns]
        cells = [
            _coverage_cell(r) + (" (c)" if column[0] == "as assumed" else "")
            for r, column in zip(results, columns, strict=True)
        ]  # as assumed, the hard range holds by construction: the truth is drawn inside it
        coverage.append(f"| {title} | " + " | ".join(cells) + " |")
        misses.append(f"| {title} | " + " | ".join(map(_misses_cell, results)) + " |")
    return "\n".join(coverage) + "\n", "\n".join(misses) + "\n"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--n",
        type=int,
        default=2_000,
        help="synthetic municipalities (or studies) per cell (default 2000)",
    )
    parser.add_argument(
        "--samples",
        type=int,
        default=2_000,
        help="Monte Carlo samples per estimate (default 2000)",
    )
    parser.add_argument(
        "--truth-draws",
        type=int,
        default=100_000,
        help="draws of each truth of the bundled study (readings, centre shifts; default 100000)",
    )
    parser.add_argument("--seed", type=int, default=2024, help="random seed (default 2024)")
    add_quiet(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Print the tables with the settings they were produced with (progress on stderr)."""
    args = _parser().parse_args(argv)
    start = time.perf_counter()
    with progress("misspecification: spreads", show=not args.quiet):
        coverage, misses = tables(args.n, args.samples, args.seed)
    with progress("misspecification: centre shifts", show=not args.quiet):
        shifted, shifted_misses = tables(args.n, args.samples, args.seed, centre_scenarios())
    with progress(
        "misspecification: centre shifts and the range across readings", show=not args.quiet
    ):
        envelope = centre_envelope_coverage(args.truth_draws, args.seed)
    with progress("misspecification: readings taken as the truth", show=not args.quiet):
        readings = readings_coverage(args.truth_draws, args.seed)
    sys.stdout.write(
        f"Coverage in percent: 90% interval / 50% interval / hard range; {args.n:,} synthetic "
        f"municipalities (or four-municipality studies) per cell, {args.samples:,} samples "
        f"each, seed {args.seed}.\n\n{coverage}\n"
        f"Where the 90% interval misses, in percent: truth below / truth above "
        f"(5.0 / 5.0 when calibrated).\n\n{misses}\n"
        f"Centre shifts, coverage as above:\n\n{shifted}\n"
        f"Centre shifts, misses below / above:\n\n{shifted_misses}\n"
        f"Centre shifts taken as the truth of the bundled study ({args.truth_draws:,} draws "
        f"each), coverage in percent:\n\n{envelope}\n"
        f"Readings taken as the truth (bundled study, {args.truth_draws:,} samples):\n\n"
        f"{readings}"
    )
    if not args.quiet:
        print(f"\n(computed in {time.perf_counter() - start:.0f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
