"""The vocabulary of uncertain values: frozen, validated distributions with one interface.

Every distribution offers ``sample(rng, n)``, ``ppf(q)``, ``median``, ``mean`` and finite
``bounds`` (the hard range: no sample ever falls outside it). Sampling draws directly from the
``numpy.random.Generator`` (fast, plain Monte Carlo); ``ppf`` serves designed inputs (Latin
hypercube, Sobol, tornado swings). Moments and quantiles come from ``scipy.stats``.

Normal and LogNormal have unbounded support; so that every input has a finite hard range, they
are truncated, by default at their 1e-6 and 1 - 1e-6 quantiles (``TAIL``), or wherever the
caller sets ``low`` and ``high``. Truncating one-in-a-million tails moves a 90% interval's ends
by a few parts in a million, far below Monte Carlo error.

>>> import numpy as np
>>> hours = PERT(1.25, 1.75, 2.5)
>>> hours.bounds
(1.25, 2.5)
>>> x = hours.sample(np.random.default_rng(1), 5)
>>> bool(((x >= 1.25) & (x <= 2.5)).all())
True
>>> round(float(LogNormal.from_interval(2.0, 8.0).ppf(0.05)), 4)
2.0
"""

from __future__ import annotations

import abc
import math
from typing import Any, ClassVar

import attrs
import numpy as np
import numpy.typing as npt
from scipy import special, stats

from repatcost._validators import fail, finite, gt
from repatcost.constraints import LEVEL, POSITIVE, count

__all__ = [
    "PERT",
    "TAIL",
    "Distribution",
    "Fixed",
    "FloatArray",
    "LogNormal",
    "Normal",
    "Triangular",
    "Uniform",
]

FloatArray = npt.NDArray[np.float64]

TAIL = 1e-6
"""Probability cut from each unbounded tail of Normal and LogNormal (see module docs)."""


def _as_q(q: npt.ArrayLike) -> FloatArray:
    arr = np.asarray(q, dtype=np.float64)
    if not np.all((arr >= 0.0) & (arr <= 1.0)):
        raise fail("Distribution.ppf", "q", q, "probabilities in [0, 1]")
    return arr


def _check_n(n: int) -> int:
    return _SAMPLES.check("Distribution.sample", "n", n)


_SAMPLES = count(minimum=0, name="sample count")


class Distribution(abc.ABC):
    """Interface shared by all uncertain values (see the module docstring)."""

    kind: ClassVar[str]

    @abc.abstractmethod
    def sample(self, rng: np.random.Generator, n: int) -> FloatArray:
        """Draw ``n`` independent values using ``rng``."""

    @abc.abstractmethod
    def ppf(self, q: npt.ArrayLike) -> FloatArray:
        """Quantile function (inverse CDF) at probabilities ``q`` in [0, 1]."""

    @property
    @abc.abstractmethod
    def bounds(self) -> tuple[float, float]:
        """The hard range ``(low, high)``: every sample lies inside it."""

    @property
    @abc.abstractmethod
    def mean(self) -> float:
        """Expected value."""

    @property
    def median(self) -> float:
        """The 50% quantile."""
        return float(self.ppf(0.5))

    @property
    def is_degenerate(self) -> bool:
        """True when the distribution has a single value."""
        low, high = self.bounds
        return low == high


@attrs.frozen
class Fixed(Distribution):
    """A value known exactly.

    >>> Fixed(240.0).bounds
    (240.0, 240.0)
    """

    kind: ClassVar[str] = "fixed"
    value: float = attrs.field(validator=finite, converter=float)

    def sample(self, rng: np.random.Generator, n: int) -> FloatArray:
        return np.full(_check_n(n), self.value)

    def ppf(self, q: npt.ArrayLike) -> FloatArray:
        return np.full_like(_as_q(q), self.value)

    @property
    def bounds(self) -> tuple[float, float]:
        return (self.value, self.value)

    @property
    def mean(self) -> float:
        return self.value

    @property
    def median(self) -> float:
        return self.value


def _check_order(inst: Any, low: float, mode: float | None, high: float) -> None:
    if not high > low:
        raise fail(inst, "high", high, f"> low ({low!r})")
    if mode is not None and not low <= mode <= high:
        raise fail(inst, "mode", mode, f"within [low, high] = [{low!r}, {high!r}]")


@attrs.frozen
class Uniform(Distribution):
    """Every value in ``[low, high]`` equally likely; how a rounded figure is read.

    >>> Uniform(750_000, 850_000).median
    800000.0
    """

    kind: ClassVar[str] = "uniform"
    low: float = attrs.field(validator=finite, converter=float)
    high: float = attrs.field(validator=finite, converter=float)

    def __attrs_post_init__(self) -> None:
        _check_order(self, self.low, None, self.high)

    def sample(self, rng: np.random.Generator, n: int) -> FloatArray:
        return rng.uniform(self.low, self.high, _check_n(n))

    def ppf(self, q: npt.ArrayLike) -> FloatArray:
        return self.low + (self.high - self.low) * _as_q(q)

    @property
    def bounds(self) -> tuple[float, float]:
        return (self.low, self.high)

    @property
    def mean(self) -> float:
        return 0.5 * (self.low + self.high)


@attrs.frozen
class Triangular(Distribution):
    """Min / most likely / max with straight-line density.

    >>> Triangular(0.0, 0.0, 1.0).mean
    0.3333333333333333
    """

    kind: ClassVar[str] = "triangular"
    low: float = attrs.field(validator=finite, converter=float)
    mode: float = attrs.field(validator=finite, converter=float)
    high: float = attrs.field(validator=finite, converter=float)

    def __attrs_post_init__(self) -> None:
        _check_order(self, self.low, self.mode, self.high)

    def _scipy(self) -> Any:
        width = self.high - self.low
        return stats.triang((self.mode - self.low) / width, loc=self.low, scale=width)

    def sample(self, rng: np.random.Generator, n: int) -> FloatArray:
        return rng.triangular(self.low, self.mode, self.high, _check_n(n))

    def ppf(self, q: npt.ArrayLike) -> FloatArray:
        return np.asarray(self._scipy().ppf(_as_q(q)), dtype=np.float64)

    @property
    def bounds(self) -> tuple[float, float]:
        return (self.low, self.high)

    @property
    def mean(self) -> float:
        return (self.low + self.mode + self.high) / 3.0


@attrs.frozen
class PERT(Distribution):
    """Beta-PERT: min / most likely / max, smoother than a triangle; the default for expert ranges.

    A Beta(alpha, beta) scaled to ``[low, high]`` with alpha = 1 + shape (mode - low) / width and
    beta = 1 + shape (high - mode) / width; the classic PERT has ``shape = 4``.

    >>> PERT(460_000, 530_000, 600_000).mean
    530000.0
    """

    kind: ClassVar[str] = "pert"
    low: float = attrs.field(validator=finite, converter=float)
    mode: float = attrs.field(validator=finite, converter=float)
    high: float = attrs.field(validator=finite, converter=float)
    shape: float = attrs.field(default=4.0, validator=gt(0.0), converter=float, kw_only=True)

    def __attrs_post_init__(self) -> None:
        _check_order(self, self.low, self.mode, self.high)

    @property
    def _ab(self) -> tuple[float, float]:
        width = self.high - self.low
        alpha = 1.0 + self.shape * (self.mode - self.low) / width
        beta = 1.0 + self.shape * (self.high - self.mode) / width
        return alpha, beta

    def sample(self, rng: np.random.Generator, n: int) -> FloatArray:
        alpha, beta = self._ab
        return self.low + (self.high - self.low) * rng.beta(alpha, beta, _check_n(n))

    def ppf(self, q: npt.ArrayLike) -> FloatArray:
        alpha, beta = self._ab
        probs = _as_q(q)
        unit = special.betaincinv(alpha, beta, probs)
        # betaincinv underflows to NaN for q below ~1e-200: that quantile is the lower bound
        unit = np.clip(np.where(np.isnan(unit) & (probs < 0.5), 0.0, unit), 0.0, 1.0)
        return np.asarray(self.low + (self.high - self.low) * unit, dtype=np.float64)

    @property
    def bounds(self) -> tuple[float, float]:
        return (self.low, self.high)

    @property
    def mean(self) -> float:
        alpha, beta = self._ab
        return self.low + (self.high - self.low) * alpha / (alpha + beta)


def _tail_limits(
    inst: Any, low: float | None, high: float | None, loc: float, scale: float
) -> tuple[float, float]:
    """Standardised truncation points ``(a, b)`` of a normal with ``loc`` and ``scale``."""
    a = float(special.ndtri(TAIL)) if low is None else (low - loc) / scale
    b = -float(special.ndtri(TAIL)) if high is None else (high - loc) / scale
    if not b > a:
        raise fail(inst, "high", high, f"> low ({low!r})")
    if special.ndtr(b) - special.ndtr(a) < 1e-12:
        raise fail(inst, "low", low, "a truncation that keeps some probability mass")
    return a, b


def _optional_finite(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        finite(inst, attribute, value)


def _optional_float(value: Any) -> float | None:
    return None if value is None else float(value)


class _TruncatedGaussian(Distribution, abc.ABC):
    """Shared maths of Normal and LogNormal: a (log-)normal truncated at ``(a, b)`` sds."""

    @property
    @abc.abstractmethod
    def _standard(self) -> tuple[float, float, float, float]:
        """``(loc, scale, a, b)`` of the underlying normal."""

    @abc.abstractmethod
    def _out(self, x: FloatArray) -> FloatArray:
        """Map the underlying normal to this distribution's values."""

    def ppf(self, q: npt.ArrayLike) -> FloatArray:
        loc, scale, a, b = self._standard
        pa, pb = special.ndtr(a), special.ndtr(b)
        z = special.ndtri(pa + (pb - pa) * _as_q(q))
        return self._out(np.clip(loc + scale * z, loc + scale * a, loc + scale * b))

    def sample(self, rng: np.random.Generator, n: int) -> FloatArray:
        loc, scale, a, b = self._standard
        u = rng.uniform(special.ndtr(a), special.ndtr(b), _check_n(n))
        return self._out(np.clip(loc + scale * special.ndtri(u), loc + scale * a, loc + scale * b))

    @property
    def bounds(self) -> tuple[float, float]:
        loc, scale, a, b = self._standard
        low, high = self._out(np.array([loc + scale * a, loc + scale * b]))
        return (float(low), float(high))


@attrs.frozen
class Normal(_TruncatedGaussian):
    """A normal distribution, truncated to ``[low, high]`` (or at the ``TAIL`` quantiles).

    >>> Normal(2.0, 0.5, low=0.0).bounds[0]
    0.0
    """

    kind: ClassVar[str] = "normal"
    mu: float = attrs.field(validator=finite, converter=float)
    sigma: float = attrs.field(validator=gt(0.0), converter=float)
    low: float | None = attrs.field(
        default=None, kw_only=True, converter=_optional_float, validator=_optional_finite
    )
    high: float | None = attrs.field(
        default=None, kw_only=True, converter=_optional_float, validator=_optional_finite
    )

    def __attrs_post_init__(self) -> None:
        _tail_limits(self, self.low, self.high, self.mu, self.sigma)

    @property
    def _standard(self) -> tuple[float, float, float, float]:
        a, b = _tail_limits(self, self.low, self.high, self.mu, self.sigma)
        return self.mu, self.sigma, a, b

    def _out(self, x: FloatArray) -> FloatArray:
        return np.asarray(x, dtype=np.float64)

    @property
    def mean(self) -> float:
        _, _, a, b = self._standard
        return float(stats.truncnorm(a, b, loc=self.mu, scale=self.sigma).mean())


@attrs.frozen
class LogNormal(_TruncatedGaussian):
    """A log-normal (``log X ~ Normal(mu, sigma)``), truncated like :class:`Normal`.

    Experts state ranges as "a to b"; :meth:`from_interval` reads that as a central interval
    at ``level`` (90% by default).

    >>> d = LogNormal.from_interval(100.0, 400.0)
    >>> round(d.median, 6)
    200.0
    """

    kind: ClassVar[str] = "lognormal"
    mu: float = attrs.field(validator=finite, converter=float)
    sigma: float = attrs.field(validator=gt(0.0), converter=float)
    low: float | None = attrs.field(
        default=None, kw_only=True, converter=_optional_float, validator=_optional_finite
    )
    high: float | None = attrs.field(
        default=None, kw_only=True, converter=_optional_float, validator=_optional_finite
    )

    def __attrs_post_init__(self) -> None:
        if self.low is not None and self.low <= 0:
            raise fail(self, "low", self.low, "> 0 (a log-normal is positive)")
        if self.high is not None and self.high <= 0:
            raise fail(self, "high", self.high, "> 0 (a log-normal is positive)")
        self._standard  # noqa: B018 - validates the truncation

    @classmethod
    def from_interval(cls, low: float, high: float, level: float = 0.9) -> LogNormal:
        """The log-normal whose central ``level`` interval is ``[low, high]``."""
        low, high = POSITIVE.check(cls, "low", low), POSITIVE.check(cls, "high", high)
        if not high > low:
            raise fail(cls, "high", high, f"> low ({low!r})")
        level = LEVEL.check(cls, "level", level)
        z = float(special.ndtri(0.5 + level / 2.0))
        if not 0.0 < z < math.inf:  # a level so near 0 or 1 that the interval is degenerate
            raise fail(cls, "level", level, "a level whose interval has a finite, non-zero width")
        mu = 0.5 * (math.log(low) + math.log(high))
        sigma = (math.log(high) - math.log(low)) / (2.0 * z)
        return cls(mu, sigma)

    @property
    def _standard(self) -> tuple[float, float, float, float]:
        low = None if self.low is None else math.log(self.low)
        high = None if self.high is None else math.log(self.high)
        a, b = _tail_limits(self, low, high, self.mu, self.sigma)
        return self.mu, self.sigma, a, b

    def _out(self, x: FloatArray) -> FloatArray:
        return np.exp(x)

    @property
    def mean(self) -> float:
        _, s, a, b = self._standard
        mass = special.ndtr(b) - special.ndtr(a)
        shifted = special.ndtr(b - s) - special.ndtr(a - s)
        return float(math.exp(self.mu + s * s / 2.0) * shifted / mass)
