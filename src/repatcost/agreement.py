"""Agreement between two estimates of the same cost, computed on the same draws.

Triangulation asks whether two ways of estimating one municipality tell the same story.
:func:`agreement` reports three figures and a flag:

- ``overlap``: the length of the intersection of the two equal-tailed intervals divided by
  the length of the shorter one (1 = the shorter lies inside the longer, 0 = disjoint);
- ``p_greater``: P(A > B), the share of samples in which A exceeds B (same draws, so shared
  drivers cancel rather than add noise);
- ``median_ratio``: median(A) / median(B).

The estimates *disagree* when their intervals are disjoint or when the equal-tailed interval
of the difference A - B at the same level excludes zero, which is the same as P(A > B) lying
outside [(1 - level) / 2, 1 - (1 - level) / 2] (at level 0.9: outside [0.05, 0.95]). The
thresholds follow the interval level so a reader can check them by eye.

>>> import numpy as np
>>> from repatcost.estimate import Estimate, Summary
>>> run = object()
>>> a = Estimate("a", np.linspace(1, 2, 101), (1, 2), run)
>>> b = Estimate("b", np.linspace(5, 6, 101), (5, 6), run)
>>> agreement(a, b).agree
False
"""

from __future__ import annotations

import attrs
import numpy as np

from repatcost.estimate import Estimate, Summary

__all__ = ["Agreement", "agreement", "agreement_of_summaries"]


@attrs.frozen
class Agreement:
    """How far two estimates agree (see module docs)."""

    first: str
    """Method (or label) of the first estimate."""
    second: str
    """Method (or label) of the second estimate."""
    level: float
    overlap: float
    p_greater: float
    median_ratio: float
    agree: bool

    def describe(self) -> str:
        """One sentence for reports."""
        verdict = "agree" if self.agree else "DISAGREE"
        return (
            f"{self.first} vs {self.second}: {verdict} ({self.level:.0%} intervals "
            f"overlap {self.overlap:.0%}; P(first > second) = {self.p_greater:.2f}; "
            f"ratio of medians {self.median_ratio:.2f})"
        )


def agreement(a: Estimate, b: Estimate, *, level: float = 0.9) -> Agreement:
    """The agreement figures of ``a`` and ``b`` (estimates of the same run)."""
    a.require_same_run(b)
    return agreement_of_summaries(
        a.method or a.label,
        b.method or b.label,
        a.summary(level),
        b.summary(level),
        float(np.mean(a.samples > b.samples)),
    )


def agreement_of_summaries(
    first: str, second: str, a: Summary, b: Summary, p_greater: float
) -> Agreement:
    """The agreement figures from two summaries at one level and P(first > second) on the
    same draws (a report that already holds the summaries computes nothing twice)."""
    level = a.level
    lo_a, hi_a = a.interval
    lo_b, hi_b = b.interval
    shorter = min(hi_a - lo_a, hi_b - lo_b)
    common = max(0.0, min(hi_a, hi_b) - max(lo_a, lo_b))
    disjoint = hi_a < lo_b or hi_b < lo_a
    overlap = common / shorter if shorter > 0 else float(not disjoint)
    ratio = a.median / b.median if b.median != 0 else float("inf")
    tail = (1.0 - level) / 2.0
    agree = not disjoint and tail <= p_greater <= 1.0 - tail
    return Agreement(first, second, level, float(overlap), p_greater, float(ratio), agree)
