"""The synthetic-country coverage table of ``docs/national.md``.

Each row draws ``--replicates`` synthetic countries (``repatcost.national_validity``) whose
true between-municipality spread is 0.3, 0.9 or 1.5 (spanning the priors' range), observes
four municipalities (the four largest, or four at random) through the library's own
estimates of partial reports, predicts the other 94 under every prior of the national prior
table and records how often each prior's 90% interval covers the true national total and its
median width relative to the truth; and how often the naive ratio's interval covers it. The
last two rows add a size effect (half of cost behaving like a fixed cost) that the model does
not know about.

    python scripts/national_coverage.py                      # 300 per row, several minutes
    python scripts/national_coverage.py --replicates 4 --samples 300    # a quick look

``tests/test_national_validity.py`` runs it on a small run and checks its output.
"""

from __future__ import annotations

import argparse
import sys
import time

from repatcost.national_prior import PRIORS
from repatcost.national_validity import CountryLaw, CoverageRow, Selection, coverage

ROWS: tuple[tuple[str, Selection, CountryLaw], ...] = (
    *(
        (f"{name}, spread {spread:g}", selection, CountryLaw(spread=spread))
        for spread in (0.3, 0.9, 1.5)
        for name, selection in (("largest four", "largest"), ("four at random", "random"))
    ),
    ("largest four, spread 0.9, size effect -0.5", "largest", CountryLaw(size_effect=-0.5)),
    ("four at random, spread 0.9, size effect -0.5", "random", CountryLaw(size_effect=-0.5)),
)


def table(rows: list[tuple[str, CoverageRow]]) -> str:
    """The rows as a Markdown table: per prior, coverage (± its standard error) and the
    median width of the interval relative to the truth."""
    head = " | ".join(f"{p.label}: covers / width" for p in PRIORS)
    lines = [
        f"| observed four, truth | countries | {head} | naive ratio covers |",
        "|---|---:|" + "---:|" * len(PRIORS) + "---:|",
    ]
    for label, row in rows:
        cells = " | ".join(
            f"{p.covered:.1%} ± {row.standard_error(p.covered):.1%} / {p.width:.2f}"
            for p in row.by_prior
        )
        lines.append(f"| {label} | {row.replicates:,} | {cells} | {row.naive_covered:.1%} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Compute every row and print the table."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--replicates", type=int, default=300)
    parser.add_argument("--samples", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=20240222)
    args = parser.parse_args(argv)
    rows = []
    for i, (label, selection, law) in enumerate(ROWS):
        start = time.perf_counter()
        row = coverage(
            selection,
            replicates=args.replicates,
            samples=args.samples,
            seed=args.seed + i,
            law=law,
        )
        rows.append((label, row))
        print(f"{label}: {time.perf_counter() - start:.0f} s", file=sys.stderr)
    print(table(rows))


if __name__ == "__main__":
    main()
