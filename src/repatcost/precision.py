"""Sampling until the Monte Carlo error of every reported figure is small enough.

Every median and interval end in a report carries its Monte Carlo standard error
(:meth:`~repatcost.estimate.Estimate.summary`). :func:`run_to_tolerance` doubles the
number of samples, starting from ``start``, until the largest of those errors relative to
its median is at most ``tolerance`` for every figure of the report (each municipality, the
total, ratios, implied quantities and cross-checks). Each attempt is a fresh run with the
same seed, so the result equals ``study.run(n, seed=seed)`` for the final ``n``.

>>> from repatcost.data import bundled_study
>>> result, report = run_to_tolerance(bundled_study(), 0.01, seed=1, start=2_000)
>>> report.max_relative_error() <= 0.01 and report.tolerance == 0.01
True
"""

from __future__ import annotations

import math

import attrs

from repatcost._validators import fail
from repatcost.engine import Seed, resolve_seed
from repatcost.study import Study, StudyResult
from repatcost.study_report import ADJUST_LATER_THRESHOLD, StudyReport

__all__ = ["max_relative_error", "run_to_tolerance"]


def max_relative_error(report: StudyReport) -> float:
    """The largest Monte Carlo standard error (median or interval end) relative to its
    median, over every figure of a typed report (absolute where a median is 0)."""
    return report.max_relative_error()


PILOT_SLACK = 2.0
"""How far beyond ``max_samples`` the pilot's projection may reach before the run is refused
(a Monte Carlo error estimate from one run is itself uncertain)."""


def _check_reachable(tolerance: float, error: float, n: int, max_samples: int) -> None:
    """Refuse at once a tolerance the pilot run shows to be out of reach: the Monte Carlo
    error falls as 1 / sqrt(samples), so ``tolerance`` needs about n (error / tolerance)^2."""
    ratio = error / tolerance
    needed = n * ratio * ratio  # inf rather than OverflowError for an absurd tolerance
    if needed > PILOT_SLACK * max_samples:
        about = f"about {needed:.3g}" if math.isfinite(needed) else "more than 1e308"
        raise fail(
            "run_to_tolerance",
            "tolerance",
            tolerance,
            f"reachable within {max_samples:,} samples: the pilot run of {n:,} samples "
            f"reached a relative error of {error:.3g}, and the error falls as "
            f"1/sqrt(samples), so {tolerance:g} would need {about} samples",
        )


def run_to_tolerance(
    study: Study,
    tolerance: float,
    *,
    seed: Seed = None,
    level: float = 0.9,
    start: int = 10_000,
    max_samples: int = 10_000_000,
    adjust_threshold: float = ADJUST_LATER_THRESHOLD,
) -> tuple[StudyResult, StudyReport]:
    """Run ``study`` with doubling sample sizes until every reported figure's relative
    Monte Carlo error is <= ``tolerance``; returns the run and its typed report, which
    records the tolerance and the error reached.

    Raises ``ValueError`` when ``max_samples`` is reached first.
    """
    if (
        isinstance(tolerance, bool)
        or not isinstance(tolerance, int | float)
        or not (0 < tolerance < 1)
    ):
        raise fail("run_to_tolerance", "tolerance", tolerance, "a number in (0, 1)")
    if isinstance(start, bool) or not isinstance(start, int) or start < 100:
        raise fail("run_to_tolerance", "start", start, "an integer >= 100")
    entropy = resolve_seed(seed)
    n = start
    while True:
        result = study.run(n, seed=entropy)
        report = result.report(level=level, adjust_threshold=adjust_threshold)
        error = report.max_relative_error()
        if error <= tolerance:
            return result, attrs.evolve(report, tolerance=tolerance, max_relative_mc_error=error)
        if n == start:
            _check_reachable(tolerance, error, n, max_samples)
        if n >= max_samples:
            raise fail(
                "run_to_tolerance",
                "tolerance",
                tolerance,
                f"reachable within {max_samples:,} samples (the largest relative "
                f"Monte Carlo error there was {error:.4f})",
            )
        n = min(2 * n, max_samples)
