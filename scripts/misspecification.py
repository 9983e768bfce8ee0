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

Each cell of the first table is the coverage of the 90% interval / the 50% interval / the hard
range, in percent; the second table says on which side the 90% interval missed. Print the
Markdown tables (pasted into docs/validity.md)::

    python scripts/misspecification.py                 # n = 2,000 per cell, about a minute
    python scripts/misspecification.py --n 500 --samples 1000   # a quick look
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

import attrs

from repatcost.assumptions import Assumptions, default_assumptions
from repatcost.qualifiers import QualifierMapping
from repatcost.validation import Coverage, TruthLaw, calibrate, calibrate_total

Row = Callable[[int, int, int, Assumptions, TruthLaw], Coverage]


def _style(style: str, cautious_share: float | None = None) -> Row:
    def run(
        n: int, samples: int, seed: int, assumptions: Assumptions, truth: TruthLaw
    ) -> Coverage:
        return calibrate(
            style,
            n=n,
            samples=samples,
            seed=seed,  # type: ignore[arg-type]
            assumptions=assumptions,
            truth=truth,
            cautious_share=cautious_share,
        )

    return run


def _total(n: int, samples: int, seed: int, assumptions: Assumptions, truth: TruthLaw) -> Coverage:
    return calibrate_total(n=n, samples=samples, seed=seed, assumptions=assumptions, truth=truth)


ROWS: tuple[tuple[str, Row], ...] = (
    ("spending (rounded money)", _style("spending")),
    ("conversation time (about / cautious hours)", _style("conversation_time")),
    ("conversation time, cautious hours only", _style("conversation_time", 1.0)),
    ("staff allocation", _style("staff_allocation")),
    ("total hours", _style("total_hours")),
    ("four-municipality total", _total),
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


def _coverage_cell(coverage: Coverage) -> str:
    return (
        f"{100 * coverage.covered(0.9):.1f} / {100 * coverage.covered(0.5):.1f} / "
        f"{100 * coverage.in_hard_range:.1f}"
    )


def _misses_cell(coverage: Coverage) -> str:
    return f"{100 * coverage.below[0.9]:.1f} / {100 * coverage.above[0.9]:.1f}"


def tables(n: int, samples: int, seed: int) -> tuple[str, str]:
    """Two Markdown tables from the same runs: coverage (90% / 50% / hard range) and where
    the 90% interval's misses fall (truth below / above), in percent."""
    columns = scenarios()
    head = [
        "| synthetic municipalities | " + " | ".join(c[0] for c in columns) + " |",
        "|---|" + "---:|" * len(columns),
    ]
    coverage, misses = list(head), list(head)
    for title, row in ROWS:
        results = [row(n, samples, seed, assumptions, truth) for _, assumptions, truth in columns]
        coverage.append(f"| {title} | " + " | ".join(map(_coverage_cell, results)) + " |")
        misses.append(f"| {title} | " + " | ".join(map(_misses_cell, results)) + " |")
    return "\n".join(coverage) + "\n", "\n".join(misses) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Print the table with the settings it was produced with."""
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
    parser.add_argument("--seed", type=int, default=2024, help="random seed (default 2024)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    coverage, misses = tables(args.n, args.samples, args.seed)
    sys.stdout.write(
        f"Coverage in percent: 90% interval / 50% interval / hard range; {args.n:,} synthetic "
        f"municipalities (or four-municipality studies) per cell, {args.samples:,} samples "
        f"each, seed {args.seed}.\n\n{coverage}\n"
        f"Where the 90% interval misses, in percent: truth below / truth above "
        f"(5.0 / 5.0 when calibrated).\n\n{misses}"
    )
    print(f"\n(computed in {time.perf_counter() - start:.0f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
