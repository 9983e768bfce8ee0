"""Priors for the between-municipality scale ``tau`` and draws from its posterior, per sample.

With ``k`` observed log-ratios whose sum of squared deviations is ``S`` and a flat prior on
their mean, the posterior of the scale is ``p(tau | S) ~ prior(tau) tau^-(k-1)
exp(-S / (2 tau^2))`` on ``0 < tau <= bound``. ``S`` differs from sample to sample (each sample
carries the observed municipalities' own estimation uncertainty), so ``tau`` is drawn per
sample by inversion from its own posterior, with one uniform ``u`` per sample shared by every
prior (so the prior table compares priors on common random numbers):

- the *reference* prior ``1/tau^2`` on ``tau^2`` (``1/tau`` on ``tau``), bounded, inverts
  exactly: ``tau^2 = S / X``, ``X`` chi-squared with ``k - 1`` degrees of freedom restricted
  to ``X >= S / bound^2``;
- any other prior inverts through a table of its posterior quantiles over a grid of ``S``
  and of ``u`` (in probit scale), interpolated; :func:`table_error` states its accuracy.

>>> prior = ScalePrior("half_normal_1", "half-normal, scale 1", "half-normal", 1.0, "a book")
>>> tau = sample_scale(prior, np.array([0.0, 2.0, 2.0]), 4, np.array([0.5, 0.1, 0.9]))
>>> float(tau[0]), bool(tau[1] < tau[2])
(0.0, True)
"""

from __future__ import annotations

import functools
import math
from typing import Literal

import attrs
import numpy as np

from repatcost._validators import fail, non_empty_text
from repatcost.distributions import FloatArray

__all__ = ["PRIORS", "S_RANGE", "ScalePrior", "prior_named", "sample_scale", "table_error"]

Kind = Literal["reference", "half-normal"]

S_RANGE = (1e-6, 1e4)
"""The range of ``S`` the quantile tables cover; below it the scale is ``sqrt(S)`` times the
table's first row (exact where the prior is flat near 0), above it is refused."""

_ROWS = 241  # grid of S (log-spaced)
_NODES = 513  # grid of u (probit-spaced, covering every double in (0, 1) that random() gives)
_PROBIT = 8.3
_POINTS = 3000  # tau points per row when building the table


@attrs.frozen
class ScalePrior:
    """A prior for ``tau``: ``reference`` (``1/tau``, needs a finite ``bound``) or
    ``half-normal`` with ``scale``; ``bound`` truncates either (inf: none)."""

    name: str = attrs.field(validator=non_empty_text)
    label: str = attrs.field(validator=non_empty_text)
    kind: Kind = attrs.field(validator=attrs.validators.in_(("reference", "half-normal")))
    scale: float
    source: str = attrs.field(validator=non_empty_text)
    bound: float = attrs.field(default=math.inf, kw_only=True)

    def __attrs_post_init__(self) -> None:
        if not (isinstance(self.scale, int | float) and 0 < self.scale < math.inf):
            raise fail(self, "scale", self.scale, "a finite number > 0")
        if not (isinstance(self.bound, int | float) and self.bound > 0):
            raise fail(self, "bound", self.bound, "a number > 0 (inf: no bound)")
        if self.kind == "reference" and not math.isfinite(self.bound):
            raise fail(self, "bound", self.bound, "a finite bound for the reference prior")

    def log_density(self, tau: FloatArray) -> FloatArray:
        """The prior's log-density in ``tau`` up to a constant (inside the bound)."""
        if self.kind == "reference":
            return np.asarray(-np.log(tau), dtype=float)
        return np.asarray(-0.5 * (tau / self.scale) ** 2, dtype=float)


_GELMAN = (
    "Gelman (2006), 'Prior distributions for variance parameters in hierarchical models', "
    "Bayesian Analysis 1(3), 515-534: weakly informative priors of the half-t family (the "
    "half-normal is its limit); the scale"
)

PRIORS: tuple[ScalePrior, ...] = (
    ScalePrior(
        "half_normal_0.5",
        "half-normal, scale 0.5",
        "half-normal",
        0.5,
        f"{_GELMAN} 0.5 puts 90% of prior mass below tau = 0.82 (our choice, unsourced)",
    ),
    ScalePrior(
        "half_normal_1",
        "half-normal, scale 1",
        "half-normal",
        1.0,
        f"{_GELMAN} 1 puts 90% of prior mass below tau = 1.64 (our choice, unsourced)",
    ),
    ScalePrior(
        "reference_bound_3",
        "reference 1/tau^2, tau <= 3",
        "reference",
        1.0,
        "the reference prior p(mu, tau^2) ~ 1/tau^2 bounded at tau <= 3: unsourced estimate "
        "(the bound is what sets the upper end)",
        bound=3.0,
    ),
)
"""The priors of the table every national report shows; the second is the central one."""


def prior_named(name: str) -> ScalePrior:
    """The prior of :data:`PRIORS` called ``name``."""
    for prior in PRIORS:
        if prior.name == name:
            return prior
    raise fail("national", "prior", name, f"one of {', '.join(p.name for p in PRIORS)}")


def _exact_reference(prior: ScalePrior, s: FloatArray, k: int, u: FloatArray) -> FloatArray:
    from scipy.stats import chi2  # imported when needed: slow to import

    c = s / prior.bound**2
    tail = chi2.sf(c, k - 1)
    x = np.where(tail > 0, chi2.isf(tail * u, k - 1), c)  # tau rises with u
    x = np.maximum(x, c)  # rounding guard: isf may land a hair below c
    return np.sqrt(np.divide(s, x, out=np.zeros_like(s), where=s > 0))


def _row(prior: ScalePrior, s: float, k: int, probits: FloatArray) -> FloatArray:
    """log tau at the u-nodes for one S, from the posterior on a log-spaced tau grid."""
    from scipy.special import ndtr  # imported when needed: slow to import

    root = math.sqrt(s)
    high = min(prior.bound, max(200.0 * root, 40.0 * prior.scale))
    log_tau = np.linspace(math.log(min(root / 12.0, high / 10.0)), math.log(high), _POINTS)
    tau = np.exp(log_tau)
    log_p = prior.log_density(tau) - (k - 1) * log_tau - s / (2 * tau**2) + log_tau
    weights = np.exp(log_p - log_p.max())
    cdf = np.concatenate(([0.0], np.cumsum((weights[1:] + weights[:-1]) / 2)))
    cdf /= cdf[-1]
    return np.asarray(np.interp(ndtr(probits), cdf, log_tau), dtype=float)


@functools.cache
def _table(prior: ScalePrior, k: int) -> tuple[FloatArray, FloatArray]:
    log_s = np.linspace(math.log(S_RANGE[0]), math.log(S_RANGE[1]), _ROWS)
    probits = np.linspace(-_PROBIT, _PROBIT, _NODES)
    rows = np.stack([_row(prior, math.exp(x), k, probits) for x in log_s])
    return log_s, rows


def _interpolate(prior: ScalePrior, s: FloatArray, k: int, u: FloatArray) -> FloatArray:
    from scipy.special import ndtri  # imported when needed: slow to import

    log_s, rows = _table(prior, k)
    low = s < S_RANGE[0]
    x = (np.log(np.where(low, S_RANGE[0], s)) - log_s[0]) / (log_s[1] - log_s[0])
    y = (ndtri(u) + _PROBIT) / (2 * _PROBIT) * (_NODES - 1)
    i = np.minimum(x.astype(np.intp), _ROWS - 2)
    j = np.clip(y.astype(np.intp), 0, _NODES - 2)  # y lies inside the nodes for every u
    fx, fy = x - i, y - j
    top = rows[i, j] * (1 - fy) + rows[i, j + 1] * fy
    bottom = rows[i + 1, j] * (1 - fy) + rows[i + 1, j + 1] * fy
    tau = np.exp(top * (1 - fx) + bottom * fx)
    return np.asarray(np.where(low, tau * np.sqrt(s / S_RANGE[0]), tau), dtype=float)


def sample_scale(prior: ScalePrior, s: FloatArray, k: int, u: FloatArray) -> FloatArray:
    """Per sample, ``tau`` drawn by inversion at ``u`` from its posterior under ``prior``
    given ``S = s`` (module docs); ``S = 0`` (equal log-ratios) gives ``tau = 0``."""
    if k < 2:
        raise fail("sample_scale", "k", k, "two or more observed municipalities")
    if s.size and float(s.max()) > S_RANGE[1]:
        raise fail(
            "national",
            "spread of the observed log cost per unit of driver (sum of squares)",
            float(s.max()),
            f"at most {S_RANGE[1]:g} (costs per unit differing by more than e^100)",
        )
    if prior.kind == "reference":
        return _exact_reference(prior, s, k, u)
    tau = _interpolate(prior, s, k, u)
    return np.where(s > 0, tau, 0.0)


def table_error(prior: ScalePrior, k: int, s: float, u: FloatArray) -> float:
    """Largest relative error of the table's ``tau`` against a direct inversion at ``s``
    (for the docs and tests)."""
    from scipy.special import ndtri  # imported when needed: slow to import

    probits = np.asarray(ndtri(u), dtype=float)
    exact = np.exp(_row(prior, s, k, probits))
    found = _interpolate(prior, np.full(u.shape, s), k, u)
    return float(np.max(np.abs(found / exact - 1)))
