"""Fast inverse CDFs of the Beta distributions behind PERT inputs, for designed draws.

Latin hypercube and Sobol designs, tornado swings and exact quantiles map probabilities
through an input's ``ppf``. For a Beta(alpha, beta) that is ``scipy.special.betaincinv``,
about 1.3 microseconds a value here, 20 times a direct ``Generator.beta`` draw: a design of
10^6 points over ten PERT inputs spent 13 s in it. :func:`beta_ppf` instead inverts through
UNU.RAN's polynomial interpolation of the inverse CDF (``scipy.stats.sampling.
NumericalInversePolynomial``, PINV), set up once per (alpha, beta) and kept
(:func:`beta_inverse`), which costs tens of nanoseconds a value.

Accuracy (``tests/test_inverse.py`` checks both against ``scipy.stats.beta``):

- the u-error ``|F(x) - u|`` is at most ``U_RESOLUTION`` (1e-10), PINV's own bound;
- the x-error relative to the range is at most 1e-6, tails included: where the density is
  below ``TAIL_DENSITY`` (a u-error of 1e-10 could move x by more than 1e-7 of the range
  there) the value is computed exactly by ``betaincinv`` instead, which concerns a tiny
  share of the probabilities (none at all for alpha = 1 or beta = 1 on that side);
- arrays of at most ``SMALL`` probabilities (tornado swings, table quantiles) are inverted
  exactly, sparing the set-up (a few milliseconds per distribution).

scipy (``scipy.special``, and ``scipy.stats`` for PINV) is imported on first use, not by
``import repatcost``. Plain Monte Carlo draws do not come through here: ``Generator.beta``
draws directly; the inverse with its set-up would save about a quarter of a draw at one
million samples, less than importing scipy.stats costs a command (benchmarks/RESULTS.md).

>>> import numpy as np
>>> x = beta_ppf(3.0, 5.0, np.linspace(0.0, 1.0, 1_001))
>>> float(x[0]), float(x[-1]), bool(np.all(np.diff(x) >= 0))
(0.0, 1.0, True)
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["SMALL", "TAIL_DENSITY", "U_RESOLUTION", "beta_inverse", "beta_ppf"]

FloatArray = npt.NDArray[np.float64]

U_RESOLUTION = 1e-10
"""The largest u-error ``|F(x) - u|`` PINV is set up for."""

TAIL_DENSITY = 1e-3
"""Below this density (of the Beta on [0, 1]) values are inverted exactly (see module docs)."""

SMALL = 64
"""Arrays of at most this many probabilities are inverted exactly (no set-up)."""


class _Density:
    """The Beta(alpha, beta) density on [0, 1] in plain floats (PINV calls it point by point;
    a frozen ``scipy.stats`` distribution made its set-up three times slower)."""

    def __init__(self, alpha: float, beta: float, log_norm: float) -> None:
        self.a, self.b, self.c = alpha - 1.0, beta - 1.0, -log_norm

    def logpdf(self, x: float) -> float:
        if not 0.0 < x < 1.0:
            return -math.inf
        return self.c + self.a * math.log(x) + self.b * math.log1p(-x)

    def pdf(self, x: float) -> float:
        if 0.0 < x < 1.0:
            return math.exp(self.logpdf(x))
        if (x == 0.0 and self.a == 0.0) or (x == 1.0 and self.b == 0.0):
            return math.exp(self.c)  # Beta(1, b) at 0, Beta(a, 1) at 1
        return 0.0


def _exact(alpha: float, beta: float, u: FloatArray) -> FloatArray:
    from scipy import special  # imported when needed: scipy.special is slow to import

    x = special.betaincinv(alpha, beta, u)
    # betaincinv underflows to NaN for u below ~1e-200: that quantile is the lower bound
    return np.clip(np.where(np.isnan(x) & (u < 0.5), 0.0, x), 0.0, 1.0)


def _tail_limits(alpha: float, beta: float, density: _Density) -> tuple[float, float]:
    """``(u_low, u_high)``: outside them the density is below ``TAIL_DENSITY``."""
    from scipy import special

    mode = (alpha - 1.0) / (alpha + beta - 2.0) if alpha + beta > 2.0 else 0.5
    log_floor = math.log(TAIL_DENSITY)

    def crossing(inside: float, outside: float) -> float:
        """The point between ``outside`` (density below the floor) and ``inside`` (above)
        where the density crosses the floor, found by bisection."""
        for _ in range(80):
            middle = 0.5 * (inside + outside)
            if density.logpdf(middle) >= log_floor:
                inside = middle
            else:
                outside = middle
        return outside

    low = 0.0 if alpha <= 1.0 else float(special.betainc(alpha, beta, crossing(mode, 0.0)))
    high = 1.0 if beta <= 1.0 else float(special.betainc(alpha, beta, crossing(mode, 1.0)))
    return low, high


@functools.lru_cache(maxsize=1024)
def beta_inverse(alpha: float, beta: float) -> Callable[[FloatArray], FloatArray]:
    """The fast inverse CDF of Beta(``alpha``, ``beta``), set up once and kept (see module
    docs); falls back to the exact inverse where PINV cannot be set up."""
    from scipy import special
    from scipy.stats.sampling import NumericalInversePolynomial

    density = _Density(alpha, beta, float(special.betaln(alpha, beta)))
    mode = (alpha - 1.0) / (alpha + beta - 2.0) if alpha + beta > 2.0 else 0.5
    try:
        pinv: Any = NumericalInversePolynomial(
            density, domain=(0.0, 1.0), center=mode, u_resolution=U_RESOLUTION, random_state=0
        )
    except Exception:  # UNU.RAN refuses some extreme shapes: invert those exactly
        return functools.partial(_exact, alpha, beta)
    low, high = _tail_limits(alpha, beta, density)

    def inverse(u: FloatArray) -> FloatArray:
        x = np.clip(np.asarray(pinv.ppf(u), dtype=np.float64), 0.0, 1.0)
        tails = (u < low) | (u > high)
        if tails.any():
            x[tails] = _exact(alpha, beta, u[tails])
        return x

    return inverse


def beta_ppf(alpha: float, beta: float, u: FloatArray) -> FloatArray:
    """Quantiles of Beta(``alpha``, ``beta``) at probabilities ``u`` in [0, 1] (see module
    docs for the accuracy)."""
    u = np.asarray(u, dtype=np.float64)
    if u.size <= SMALL:
        return _exact(alpha, beta, u)
    flat = beta_inverse(float(alpha), float(beta))(u.ravel())
    return flat.reshape(u.shape)
