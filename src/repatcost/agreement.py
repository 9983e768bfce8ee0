"""Agreement between two estimates of the same cost, computed on the same draws.

Triangulation asks whether a second way of estimating a municipality (the *other* estimate,
say 750 invitations x hours x hourly cost) supports the *main* one (say the spending the
municipality reported). :func:`agreement` reports:

- ``reported_quantile``: where the main estimate's median (for reported spending: the
  reported figure) falls in the other estimate's distribution, the share of the other's
  samples below it (ties count half);
- ``ratio``: main / other, sample by sample (shared drivers cancel), as a median and an
  interval at ``level``;
- ``overlap``: the two intervals' intersection divided by their union (symmetric: 1 for the
  same interval, 0 for disjoint ones; a narrow interval inside a wide one scores low);
- ``p_greater``: P(main > other), the share of samples in which the main one is larger;
- a ``verdict`` by the rule :func:`rule` prints, from the quantile alone:

  - ``consistent``: inside the other's central 50% interval (quantile 0.25 to 0.75);
  - ``tension``: outside that, inside its interval at ``level`` (at 0.9: 0.05 to 0.95);
  - ``inconsistent``: outside its interval at ``level``.

  A reported figure at the other's 90th percentile is therefore in tension, not consistent:
  the rule has the power to say that the two estimates tell different stories.

>>> import numpy as np
>>> from repatcost.estimate import Estimate
>>> run = object()
>>> a = Estimate("a", np.linspace(1, 2, 101), (1, 2), run)
>>> b = Estimate("b", np.linspace(5, 6, 101), (5, 6), run)
>>> agreement(a, b).verdict
<Verdict.INCONSISTENT: 'inconsistent'>
"""

from __future__ import annotations

import enum
import math

import attrs
import numpy as np

from repatcost._validators import fail
from repatcost.estimate import Estimate, interval_quantiles

__all__ = ["INNER_LEVEL", "Agreement", "Verdict", "agreement", "rule", "verdict"]

INNER_LEVEL = 0.5
"""Level of the other estimate's central interval a consistent figure lies in."""


class Verdict(enum.Enum):
    """How far a figure agrees with another estimate's distribution (see module docs)."""

    CONSISTENT = "consistent"
    TENSION = "tension"
    INCONSISTENT = "inconsistent"


def rule(level: float = 0.9) -> str:
    """The verdict rule in words, at interval ``level`` (a level at or below 0.5 leaves no
    room for tension).

    >>> print(rule(0.9))  # doctest: +NORMALIZE_WHITESPACE
    consistent if the main median lies at quantile 0.25-0.75 of the other estimate;
    tension if at 0.05-0.25 or 0.75-0.95; inconsistent if below 0.05 or above 0.95
    """
    lo, hi = interval_quantiles(INNER_LEVEL)
    tail, top = interval_quantiles(max(level, INNER_LEVEL))
    return (
        f"consistent if the main median lies at quantile {lo:g}-{hi:g} of the other "
        f"estimate; tension if at {tail:g}-{lo:g} or {hi:g}-{top:g}; inconsistent if "
        f"below {tail:g} or above {top:g}"
    )


def verdict(quantile: float, level: float = 0.9) -> Verdict:
    """The verdict for a figure at ``quantile`` of the other estimate (see :func:`rule`).

    >>> [verdict(q).value for q in (0.5, 0.9, 0.96)]
    ['consistent', 'tension', 'inconsistent']
    """
    if not (isinstance(quantile, float | int) and 0.0 <= quantile <= 1.0):
        raise fail("verdict", "quantile", quantile, "a probability in [0, 1]")
    lo, hi = interval_quantiles(INNER_LEVEL)
    tail, top = interval_quantiles(max(level, INNER_LEVEL))
    if lo <= quantile <= hi:
        return Verdict.CONSISTENT
    if tail <= quantile <= top:
        return Verdict.TENSION
    return Verdict.INCONSISTENT


@attrs.frozen
class Agreement:
    """How far two estimates agree (see module docs)."""

    first: str
    """Method (or label) of the main estimate."""
    second: str
    """Method (or label) of the other estimate."""
    level: float
    reported: float
    """The main estimate's median."""
    reported_quantile: float
    ratio_median: float
    ratio_interval: tuple[float, float] | None
    """None when the other estimate can be 0 (no sample-wise ratio)."""
    overlap: float
    p_greater: float
    verdict: Verdict

    @property
    def rule(self) -> str:
        """The rule the verdict follows."""
        return rule(self.level)

    @property
    def median_ratio(self) -> float:
        """The median of the sample-wise ratio (kept for callers of the old name)."""
        return self.ratio_median

    @property
    def agree(self) -> bool:
        """True when the verdict is ``consistent``."""
        return self.verdict is Verdict.CONSISTENT

    def describe(self) -> str:
        """One sentence for reports."""
        return (
            f"{self.first} vs {self.second}: {self.verdict.value} (the main median lies at "
            f"quantile {self.reported_quantile:.2f} of the other; ratio {self.ratio_median:.2f}; "
            f"rule: {self.rule})"
        )


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> float:
    common = max(0.0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    if union > 0:
        return common / union
    return 1.0 if a == b else 0.0


def agreement(a: Estimate, b: Estimate, *, level: float = 0.9) -> Agreement:
    """The agreement of main estimate ``a`` with other estimate ``b`` (same run)."""
    a.require_same_run(b)
    reported = a.median
    below = float(np.mean(b.samples < reported))
    ties = float(np.mean(b.samples == reported))
    quantile = below + ties / 2.0
    ratio_interval: tuple[float, float] | None = None
    if b.hard_range[0] > 0:
        ratio = a / b
        ratio_median, ratio_interval = ratio.median, ratio.interval(level)
    else:
        median_b = b.median
        ratio_median = reported / median_b if median_b > 0 else math.inf
    return Agreement(
        a.method or a.label,
        b.method or b.label,
        level,
        reported,
        quantile,
        float(ratio_median),
        ratio_interval,
        _overlap(a.interval(level), b.interval(level)),
        float(np.mean(a.samples > b.samples)),
        verdict(quantile, level),
    )
