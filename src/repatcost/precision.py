"""Sampling until the Monte Carlo error of every reported figure is small enough.

Every median and interval end in a report carries its Monte Carlo standard error
(:meth:`~repatcost.estimate.Estimate.summary`). :func:`run_to_tolerance` doubles the
number of samples, starting from ``start``, until the largest of those errors relative to
its median is at most ``tolerance`` for every figure of the report (each municipality, the
total, ratios, implied quantities and cross-checks). Each attempt is a fresh run with the
same seed, so the result equals ``study.run(n, seed=seed)`` for the final ``n``.

>>> from repatcost.data import bundled_study
>>> result, record = run_to_tolerance(bundled_study(), 0.01, seed=1, start=2_000)
>>> max_relative_error(record) <= 0.01
True
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from repatcost._validators import fail
from repatcost.engine import Seed, resolve_seed
from repatcost.report import ADJUST_LATER_THRESHOLD, study_record
from repatcost.study import Study, StudyResult

__all__ = ["max_relative_error", "run_to_tolerance"]


def _figures(record: Any) -> Iterator[dict[str, Any]]:
    if isinstance(record, dict):
        if "median" in record and "mc_error" in record:
            yield record
        for value in record.values():
            yield from _figures(value)
    elif isinstance(record, list):
        for value in record:
            yield from _figures(value)


def max_relative_error(record: dict[str, Any]) -> float:
    """The largest Monte Carlo standard error (median or interval end) relative to its
    median, over every figure of a report record (absolute where a median is 0)."""
    worst = 0.0
    for figure in _figures(record):
        errors = [figure["mc_error"]["median"], *figure["mc_error"]["interval"]]
        scale = abs(figure["median"])
        worst = max(worst, max(errors) / scale if scale > 0 else max(errors))
    return worst


def run_to_tolerance(
    study: Study,
    tolerance: float,
    *,
    seed: Seed = None,
    level: float = 0.9,
    start: int = 10_000,
    max_samples: int = 10_000_000,
    adjust_threshold: float = ADJUST_LATER_THRESHOLD,
) -> tuple[StudyResult, dict[str, Any]]:
    """Run ``study`` with doubling sample sizes until every reported figure's relative
    Monte Carlo error is <= ``tolerance``; returns the run and its report record.

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
        record = study_record(result, level=level, adjust_threshold=adjust_threshold)
        error = max_relative_error(record)
        if error <= tolerance:
            record["tolerance"] = tolerance
            record["max_relative_mc_error"] = error
            return result, record
        if n >= max_samples:
            raise fail(
                "run_to_tolerance",
                "tolerance",
                tolerance,
                f"reachable within {max_samples:,} samples (the largest relative "
                f"Monte Carlo error there was {error:.4f})",
            )
        n = min(2 * n, max_samples)
