"""Sampling until the Monte Carlo error of every reported figure is small enough.

Every median and interval end in a report carries its Monte Carlo standard error
(:meth:`~repatcost.estimate.Estimate.summary`). :func:`run_to_tolerance` doubles the
number of samples, starting from ``start``, until the largest of those errors relative to
its median is at most ``tolerance`` for every figure of the report (each municipality, the
total, ratios, implied quantities and cross-checks). Each attempt is a fresh run with the
same seed, so the result equals ``study.run(n, seed=seed)`` for the final ``n``.

With a design (``"sobol"`` or ``"lhs"``) the order-statistic errors, exact for plain Monte
Carlo, overstate the error, so the design gives its own estimate: ``REPLICATES``
independently randomised replicates of ``n`` points each (scrambled Sobol sets, Latin
hypercubes) are run and summarised, and a figure's error is the spread of its replicates
over ``sqrt(REPLICATES)``; once the largest, relative to its median, is within
``tolerance``, the study is run once on ``REPLICATES x n`` points of the design (for Sobol, a
power of 2 again), whose error the replicates' bound from above. The report records that
error (``max_relative_mc_error``); its per-figure order-statistic errors stay as they are,
an upper bound.

>>> from repatcost.data import bundled_study
>>> result, report = run_to_tolerance(bundled_study(), 0.01, seed=1, start=2_000)
>>> report.max_relative_error() <= 0.01 and report.tolerance == 0.01
True
"""

from __future__ import annotations

import math

import attrs
import numpy as np

from repatcost._validators import fail
from repatcost.engine import Design, Seed, resolve_seed
from repatcost.estimate import interval_samples
from repatcost.study import Study, StudyResult
from repatcost.study_report import ADJUST_LATER_THRESHOLD, StudyReport

__all__ = ["REPLICATES", "max_relative_error", "replicate_error", "run_to_tolerance"]

REPLICATES = 8
"""Randomised replicates behind a design's own error estimate (see module docs)."""


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
    design: Design = "mc",
) -> tuple[StudyResult, StudyReport]:
    """Run ``study`` with doubling sample sizes until every reported figure's relative
    Monte Carlo error is <= ``tolerance``; returns the run and its typed report, which
    records the tolerance and the error reached. ``design``: ``"mc"``, or ``"sobol"`` /
    ``"lhs"`` with the design's own error estimate (see module docs).

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
    if design != "mc":
        return _designed(
            study, tolerance, entropy, level, start, max_samples, adjust_threshold, design
        )
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


def replicate_error(
    study: Study,
    n: int,
    *,
    seed: int,
    design: Design,
    level: float = 0.9,
    adjust_threshold: float = ADJUST_LATER_THRESHOLD,
) -> float:
    """The largest relative error of a report's medians and interval ends on ``REPLICATES x
    n`` points of ``design``, from the spread of ``REPLICATES`` randomised replicates of
    ``n`` points (see module docs).

    >>> from repatcost.data import bundled_study
    >>> replicate_error(bundled_study(), 1_024, seed=1, design="sobol") < 0.01
    True
    """
    seeds = [int(s.generate_state(1)[0]) for s in np.random.SeedSequence(seed).spawn(REPLICATES)]
    figures = []
    for replicate in seeds:
        run = study.run(n, seed=replicate, design=design)
        report = run.report(level=level, adjust_threshold=adjust_threshold)
        figures.append([(s.median, *s.interval) for s in report.summaries()])
    values = np.asarray(figures, dtype=np.float64)  # replicate x figure x (median, low, high)
    spread = values.std(axis=0, ddof=1) / math.sqrt(REPLICATES)
    scale = np.abs(values[:, :, :1].mean(axis=0))
    relative = np.where(scale > 0, spread / np.where(scale > 0, scale, 1.0), spread)
    return float(relative.max())


def _designed(
    study: Study,
    tolerance: float,
    entropy: int,
    level: float,
    start: int,
    max_samples: int,
    adjust_threshold: float,
    design: Design,
) -> tuple[StudyResult, StudyReport]:
    """:func:`run_to_tolerance` for a design: replicates of ``n`` points, doubled until
    their error is within ``tolerance``, then one run on ``REPLICATES x n`` points."""
    fewest = max(start / REPLICATES, interval_samples(level))  # each replicate is reported
    n = 1 << max(6, math.ceil(math.log2(fewest)))
    while True:
        error = replicate_error(
            study, n, seed=entropy, design=design, level=level, adjust_threshold=adjust_threshold
        )
        if error <= tolerance:
            break
        if REPLICATES * n >= max_samples:
            raise fail(
                "run_to_tolerance",
                "tolerance",
                tolerance,
                f"reachable within {max_samples:,} samples of the {design} design (the "
                f"largest relative error of its replicates there was {error:.4f})",
            )
        n *= 2
    result = study.run(REPLICATES * n, seed=entropy, design=design)
    report = result.report(level=level, adjust_threshold=adjust_threshold)
    return result, attrs.evolve(report, tolerance=tolerance, max_relative_mc_error=error)
