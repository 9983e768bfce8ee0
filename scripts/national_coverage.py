"""The synthetic-country coverage table of ``docs/national.md``.

Each row draws ``--replicates`` synthetic countries (``repatcost.national_validity``), observes
four municipalities through the library's own estimates of partial reports, predicts the
other 94 with the national model and records how often the 90% interval covers the true
national total (and how often the naive ratio's interval does). Rows:

- *largest four* / *four at random*, truth as the model assumes (cost proportional to the
  driver, log-normal spread 0.9 between municipalities);
- the same with a *size effect* of -0.5 (cost per unit of driver falls with size: half of cost
  behaves like a fixed cost), which the model does not know about.

    python scripts/national_coverage.py                      # 1,000 per row, a few minutes
    python scripts/national_coverage.py --replicates 100     # a quick look

Not run by CI; ``tests/test_national_validity.py`` checks the machinery on a few countries.
"""

from __future__ import annotations

import argparse
import sys
import time

from repatcost.national_validity import CountryLaw, CoverageRow, Selection, coverage

ROWS: tuple[tuple[str, Selection, CountryLaw], ...] = (
    ("largest four, proportional", "largest", CountryLaw()),
    ("four at random, proportional", "random", CountryLaw()),
    ("largest four, size effect -0.5", "largest", CountryLaw(size_effect=-0.5)),
    ("four at random, size effect -0.5", "random", CountryLaw(size_effect=-0.5)),
)


def table(rows: list[tuple[str, CoverageRow]]) -> str:
    """The rows as a Markdown table (coverage in percent with its standard error)."""
    lines = [
        "| observed four, truth | countries | 90% interval covers | naive ratio covers "
        "| median width / truth |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, row in rows:
        lines.append(
            f"| {label} | {row.replicates:,} | {row.covered:.1%} ± {row.standard_error:.1%} "
            f"| {row.naive_covered:.1%} | {row.width:.2f} |"
        )
    return "\n".join(lines)


def main() -> None:
    """Compute every row and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, default=1_000)
    parser.add_argument("--samples", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=20240222)
    args = parser.parse_args()
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
