"""Time to accuracy: plain Monte Carlo against scrambled Sobol points on the bundled study.

``python benchmarks/designs.py [--seeds S] [--rounds R]``:

1. reference: the total's 5%, 50% and 95% quantiles from one chunked Monte Carlo run of
   2^22 samples (``Study.run_costs``; their own relative standard errors are about 3e-5);
2. accuracy: for each design and each n = 2^8 ... 2^18, the root mean square over S seeds of
   each quantile's error relative to the reference; a design reaches a tolerance at the
   smallest n where all three are within it;
3. time: ``study.run(n, seed, design)`` and the total's three quantiles at that n, for both
   designs in turn, R interleaved rounds after a warm-up (in process: the inverse CDFs'
   set-up and scipy's import are paid once, before the rounds; the first call's cost is
   printed apart).

Prints a Markdown table for RESULTS.md with the load average before and after.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

import numpy as np

from repatcost.data import bundled_study
from repatcost.study import Study

PROBS = (0.05, 0.5, 0.95)
TOLERANCES = (5e-3, 1e-3, 5e-4)
SIZES = tuple(2**k for k in range(8, 19))
DESIGNS = ("mc", "sobol")


def _load() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def reference(study: Study) -> np.ndarray:
    """The total's quantiles from 2^22 chunked Monte Carlo samples."""
    return np.quantile(study.run_costs(2**22, seed=987_654).total.samples, PROBS)


def _quantiles(study: Study, n: int, seed: int, design: str) -> np.ndarray:
    return np.quantile(study.run(n, seed=seed, design=design).total.samples, PROBS)  # type: ignore[arg-type]


def rmse(study: Study, ref: np.ndarray, seeds: int) -> dict[str, dict[int, np.ndarray]]:
    """Relative RMSE of each quantile, per design and n, over ``seeds`` seeds."""
    out: dict[str, dict[int, np.ndarray]] = {d: {} for d in DESIGNS}
    for design in DESIGNS:
        for n in SIZES:
            errors = [(_quantiles(study, n, s, design) - ref) / ref for s in range(1, seeds + 1)]
            out[design][n] = np.sqrt(np.mean(np.square(errors), axis=0))
    return out


def needed(errors: dict[int, np.ndarray], tolerance: float) -> int | None:
    """The smallest n whose three relative RMSEs are within ``tolerance``."""
    return next((n for n in SIZES if np.all(errors[n] <= tolerance)), None)


def timed(study: Study, cases: dict[str, tuple[int, str]], rounds: int) -> dict[str, list[float]]:
    """Interleaved wall times of each case (a run of n samples of a design, and its total's
    quantiles), after one warm-up call each."""
    for n, design in cases.values():
        _quantiles(study, n, 0, design)
    times: dict[str, list[float]] = {name: [] for name in cases}
    for r in range(rounds):
        for name, (n, design) in cases.items():
            start = time.perf_counter()
            _quantiles(study, n, 100 + r, design)
            times[name].append(time.perf_counter() - start)
    return times


def main() -> int:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    study = bundled_study()
    before = _load()
    start = time.perf_counter()
    _quantiles(study, 1024, 0, "sobol")
    first = time.perf_counter() - start
    ref = reference(study)
    errors = rmse(study, ref, args.seeds)
    cases = {}
    for tol in TOLERANCES:
        for design in DESIGNS:
            n = needed(errors[design], tol)
            if n is not None:
                cases[f"{design} {tol:g}"] = (n, design)
    times = timed(study, cases, args.rounds)
    print(
        f"load average (1/5/15 min) {before} -> {_load()}; {args.seeds} seeds for the RMSE; "
        f"{args.rounds} interleaved timing rounds; first Sobol call (scipy import and the "
        f"inverse CDFs' set-up included) {first:.2f} s"
    )
    print("reference quantiles (2^22 MC): " + ", ".join(f"{q:,.0f}" for q in ref))
    print(
        "| tolerance | design | samples needed | RMSE p5 / p50 / p95 (relative) | time (s) "
        "| time / mc |"
    )
    print("|---:|---|---:|---|---:|---:|")
    for tol in TOLERANCES:
        mc = cases.get(f"mc {tol:g}")
        base = statistics.median(times[f"mc {tol:g}"]) if mc else float("nan")
        for design in DESIGNS:
            name = f"{design} {tol:g}"
            if name not in cases:
                print(f"| {tol:g} | {design} | > {SIZES[-1]:,} | | | |")
                continue
            n = cases[name][0]
            t = statistics.median(times[name])
            rel = " / ".join(f"{e:.1e}" for e in errors[design][n])
            print(f"| {tol:g} | {design} | {n:,} | {rel} | {t:.4f} | {t / base:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
