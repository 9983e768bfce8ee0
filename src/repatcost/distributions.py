"""The vocabulary of uncertain values: frozen, validated distributions with one interface.

Every distribution offers ``sample(rng, n)``, ``ppf(q)``, ``median``, ``mean`` and finite
``bounds`` (the hard range: no sample ever falls outside it). Sampling draws directly from the
``numpy.random.Generator`` (fast, plain Monte Carlo); ``ppf`` serves designed inputs (Latin
hypercube, Sobol, tornado swings). Moments and quantiles come from ``scipy.stats`` and
``scipy.special``, imported when first used (not by ``import repatcost``).

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

Every class registers under its ``kind`` and carries its table form (how a scenario or
assumptions file writes it), its centre (the most likely value) and its exact variance:

>>> hours.to_table()
{'dist': 'pert', 'min': 1.25, 'mode': 1.75, 'max': 2.5, 'shape': 4.0}
>>> from_table(hours.to_table()) == hours
True
>>> sorted(DISTRIBUTIONS)
['fixed', 'lognormal', 'normal', 'pert', 'triangular', 'uniform']
"""

from __future__ import annotations

import abc
import math
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, ClassVar, TypeVar

import attrs
import numpy as np
import numpy.typing as npt

from repatcost._validators import fail, finite, gt, optional_float, to_float
from repatcost.constraints import FINITE, LEVEL, POSITIVE, count, optional
from repatcost.domains import MAX_MAGNITUDE
from repatcost.errors import InvalidValueError
from repatcost.inverse import beta_ppf

__all__ = [
    "DISTRIBUTIONS",
    "PERT",
    "TAIL",
    "Distribution",
    "Fixed",
    "FloatArray",
    "LogNormal",
    "Normal",
    "Triangular",
    "Uniform",
    "from_table",
    "register",
]

FloatArray = npt.NDArray[np.float64]


def _special() -> Any:
    """``scipy.special``, imported on first use: with its dependencies it takes about half a
    second to import, which ``import repatcost`` and ``repatcost --help`` should not pay."""
    from scipy import special

    return special


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


def _sized(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Accept a finite number of magnitude at most ``MAX_MAGNITUDE`` (1e15): larger ones
    overflow sums and products of draws (a uniform from -1e308 to 1e308 has no width)."""
    finite(inst, attribute, value)
    if abs(value) > MAX_MAGNITUDE:
        raise fail(inst, attribute.name, value, f"a number of magnitude <= {MAX_MAGNITUDE:g}")


def _check_size(inst: Any, bounds: tuple[float, float]) -> None:
    """Refuse a distribution whose hard range reaches beyond ``MAX_MAGNITUDE``."""
    low, high = bounds
    if not (math.isfinite(low) and math.isfinite(high)) or max(-low, high) > MAX_MAGNITUDE:
        raise fail(inst, "high", bounds, f"a hard range within +-{MAX_MAGNITUDE:g}")


class Distribution(abc.ABC):
    """Interface shared by all uncertain values (see the module docstring).

    A subclass names its ``kind`` and its table form: ``TABLE`` maps each attribute to its
    key in a file (``{"low": "min", ...}``) and ``REQUIRED`` lists the keys a table must give.
    """

    kind: ClassVar[str]
    TABLE: ClassVar[Mapping[str, str]]
    REQUIRED: ClassVar[tuple[str, ...]]

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
    @abc.abstractmethod
    def variance(self) -> float:
        """Exact variance."""

    @property
    def median(self) -> float:
        """The 50% quantile."""
        return float(self.ppf(0.5))

    @property
    def centre(self) -> float:
        """The most likely value as stated (the mode of a three-point range, the middle of a
        uniform one, else the median)."""
        return self.median

    @property
    def is_degenerate(self) -> bool:
        """True when the distribution has a single value."""
        low, high = self.bounds
        return low == high

    @classmethod
    def table_keys(cls) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """``(required, optional)`` keys of the table form, besides ``dist``."""
        return cls.REQUIRED, tuple(k for k in cls.TABLE.values() if k not in cls.REQUIRED)

    def to_table(self) -> dict[str, Any]:
        """The table form, as a scenario file writes it (optional keys left out when unset)."""
        values = {key: getattr(self, attr) for attr, key in self.TABLE.items()}
        return {"dist": self.kind} | {k: v for k, v in values.items() if v is not None}

    @classmethod
    def from_table(cls, table: Mapping[str, Any]) -> Distribution:
        """The distribution a table form gives (``dist`` optional); an error names the key."""
        attrs_of = {key: attr for attr, key in cls.TABLE.items()}
        for key in table:
            if key != "dist" and key not in attrs_of:
                known = ", ".join(attrs_of)
                raise fail(cls, str(key), table[key], f"left out (this table's keys: {known})")
        try:
            return cls(**{attrs_of[k]: v for k, v in table.items() if k != "dist"})
        except InvalidValueError as err:
            key = cls.TABLE.get(err.field, err.field)
            raise fail(err.owner, key, err.value, err.expected) from None


D = TypeVar("D", bound=type[Distribution])

_REGISTRY: dict[str, type[Distribution]] = {}

DISTRIBUTIONS: Mapping[str, type[Distribution]] = MappingProxyType(_REGISTRY)
"""Every distribution class by its ``kind`` (read-only; add one with :func:`register`)."""


def register(cls: D) -> D:
    """Class decorator: make ``cls`` known under its ``kind`` (readers and writers find it)."""
    if cls.kind in _REGISTRY and _REGISTRY[cls.kind] is not cls:
        raise fail("register", "kind", cls.kind, "a kind not yet registered")
    _REGISTRY[cls.kind] = cls
    return cls


def from_table(table: Mapping[str, Any]) -> Distribution:
    """The distribution of a table form such as ``{"dist": "uniform", "min": 0, "max": 1}``.

    >>> from_table({"dist": "uniform", "min": 0, "max": 1})
    Uniform(low=0.0, high=1.0)
    """
    kind = table.get("dist") if isinstance(table, Mapping) else None
    if kind not in _REGISTRY:
        raise fail("from_table", "dist", kind, "one of " + ", ".join(map(repr, _REGISTRY)))
    return _REGISTRY[kind].from_table(table)


@register
@attrs.frozen
class Fixed(Distribution):
    """A value known exactly.

    >>> Fixed(240.0).bounds
    (240.0, 240.0)
    """

    kind: ClassVar[str] = "fixed"
    TABLE: ClassVar[Mapping[str, str]] = {"value": "value"}
    REQUIRED: ClassVar[tuple[str, ...]] = ("value",)
    value: float = attrs.field(validator=_sized, converter=to_float)

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
    def variance(self) -> float:
        return 0.0

    @property
    def median(self) -> float:
        return self.value


def _check_order(inst: Any, low: float, mode: float | None, high: float) -> None:
    if not high > low:
        raise fail(inst, "high", high, f"> low ({low!r})")
    if mode is not None and not low <= mode <= high:
        raise fail(inst, "mode", mode, f"within [low, high] = [{low!r}, {high!r}]")


@register
@attrs.frozen
class Uniform(Distribution):
    """Every value in ``[low, high]`` equally likely; how a rounded figure is read.

    >>> Uniform(750_000, 850_000).median
    800000.0
    """

    kind: ClassVar[str] = "uniform"
    TABLE: ClassVar[Mapping[str, str]] = {"low": "min", "high": "max"}
    REQUIRED: ClassVar[tuple[str, ...]] = ("min", "max")
    low: float = attrs.field(validator=_sized, converter=to_float)
    high: float = attrs.field(validator=_sized, converter=to_float)

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

    @property
    def variance(self) -> float:
        return (self.high - self.low) ** 2 / 12.0

    @property
    def centre(self) -> float:
        return self.mean


@attrs.frozen
class _ThreePoint(Distribution, abc.ABC):
    """Shared fields of a min / most likely / max range: ``low <= mode <= high``, the hard
    range ``(low, high)`` and the mode as the stated centre."""

    TABLE: ClassVar[Mapping[str, str]] = {"low": "min", "mode": "mode", "high": "max"}
    REQUIRED: ClassVar[tuple[str, ...]] = ("min", "mode", "max")
    low: float = attrs.field(validator=_sized, converter=to_float)
    mode: float = attrs.field(validator=_sized, converter=to_float)
    high: float = attrs.field(validator=_sized, converter=to_float)

    def __attrs_post_init__(self) -> None:
        _check_order(self, self.low, self.mode, self.high)

    @property
    def bounds(self) -> tuple[float, float]:
        return (self.low, self.high)

    @property
    def centre(self) -> float:
        return self.mode


@register
@attrs.frozen
class Triangular(_ThreePoint):
    """Min / most likely / max with straight-line density.

    >>> Triangular(0.0, 0.0, 1.0).mean
    0.3333333333333333
    """

    kind: ClassVar[str] = "triangular"

    def sample(self, rng: np.random.Generator, n: int) -> FloatArray:
        return rng.triangular(self.low, self.mode, self.high, _check_n(n))

    def ppf(self, q: npt.ArrayLike) -> FloatArray:
        """The exact inverse: ``low + sqrt(q w (mode - low))`` up to the mode's probability
        ``(mode - low) / w``, ``high - sqrt((1 - q) w (high - mode))`` above it."""
        q = _as_q(q)
        width = self.high - self.low
        left = self.low + np.sqrt(q * width * (self.mode - self.low))
        right = self.high - np.sqrt((1.0 - q) * width * (self.high - self.mode))
        out = np.where(q <= (self.mode - self.low) / width, left, right)
        return np.asarray(np.clip(out, self.low, self.high), dtype=np.float64)

    @property
    def mean(self) -> float:
        return (self.low + self.mode + self.high) / 3.0

    @property
    def variance(self) -> float:
        a, c, b = self.low, self.mode, self.high
        return (a * a + b * b + c * c - a * b - a * c - b * c) / 18.0


@register
@attrs.frozen
class PERT(_ThreePoint):
    """Beta-PERT: min / most likely / max, smoother than a triangle; the default for expert ranges.

    A Beta(alpha, beta) scaled to ``[low, high]`` with alpha = 1 + shape (mode - low) / width and
    beta = 1 + shape (high - mode) / width; the classic PERT has ``shape = 4``.

    >>> PERT(460_000, 530_000, 600_000).mean
    530000.0
    """

    kind: ClassVar[str] = "pert"
    TABLE: ClassVar[Mapping[str, str]] = {**_ThreePoint.TABLE, "shape": "shape"}
    shape: float = attrs.field(default=4.0, validator=gt(0.0), converter=to_float, kw_only=True)

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
        """Quantiles through the fast inverse of :mod:`repatcost.inverse` (u-error <= 1e-10,
        x-error <= 1e-6 of the range; small arrays exactly)."""
        alpha, beta = self._ab
        unit = beta_ppf(alpha, beta, _as_q(q))
        return np.asarray(self.low + (self.high - self.low) * unit, dtype=np.float64)

    @property
    def mean(self) -> float:
        alpha, beta = self._ab
        return self.low + (self.high - self.low) * alpha / (alpha + beta)

    @property
    def variance(self) -> float:
        alpha, beta = self._ab
        total = alpha + beta
        return (self.high - self.low) ** 2 * alpha * beta / (total * total * (total + 1.0))


def _tail_limits(
    inst: Any, low: float | None, high: float | None, loc: float, scale: float
) -> tuple[float, float]:
    """Standardised truncation points ``(a, b)`` of a normal with ``loc`` and ``scale``."""
    special = _special()
    a = float(special.ndtri(TAIL)) if low is None else (low - loc) / scale
    b = -float(special.ndtri(TAIL)) if high is None else (high - loc) / scale
    if not b > a:
        raise fail(inst, "high", high, f"> low ({low!r})")
    if special.ndtr(b) - special.ndtr(a) < 1e-12:
        raise fail(inst, "low", low, "a truncation that keeps some probability mass")
    return a, b


_optional_finite = optional(FINITE)


@attrs.frozen
class _TruncatedGaussian(Distribution, abc.ABC):
    """Shared fields and maths of Normal and LogNormal: a (log-)normal with location ``mu``
    and scale ``sigma``, truncated at ``low`` and ``high`` (or at the ``TAIL`` quantiles)."""

    mu: float = attrs.field(validator=_sized, converter=to_float)
    sigma: float = attrs.field(validator=gt(0.0), converter=to_float)
    low: float | None = attrs.field(
        default=None, kw_only=True, converter=optional_float, validator=_optional_finite
    )
    high: float | None = attrs.field(
        default=None, kw_only=True, converter=optional_float, validator=_optional_finite
    )

    def __attrs_post_init__(self) -> None:
        _tail_limits(self, *self._truncation(), self.mu, self.sigma)
        with np.errstate(over="ignore"):  # an overflowing bound is refused just below
            bounds = self.bounds
        _check_size(self, bounds)

    @abc.abstractmethod
    def _truncation(self) -> tuple[float | None, float | None]:
        """``(low, high)`` on the scale of the underlying normal (None: at ``TAIL``)."""

    @abc.abstractmethod
    def _out(self, x: FloatArray) -> FloatArray:
        """Map the underlying normal to this distribution's values."""

    @property
    def _standard(self) -> tuple[float, float, float, float]:
        """``(loc, scale, a, b)`` of the underlying normal."""
        a, b = _tail_limits(self, *self._truncation(), self.mu, self.sigma)
        return self.mu, self.sigma, a, b

    def ppf(self, q: npt.ArrayLike) -> FloatArray:
        loc, scale, a, b = self._standard
        special = _special()
        pa, pb = special.ndtr(a), special.ndtr(b)
        z = special.ndtri(pa + (pb - pa) * _as_q(q))
        return self._out(np.clip(loc + scale * z, loc + scale * a, loc + scale * b))

    def sample(self, rng: np.random.Generator, n: int) -> FloatArray:
        loc, scale, a, b = self._standard
        special = _special()
        u = rng.uniform(special.ndtr(a), special.ndtr(b), _check_n(n))
        return self._out(np.clip(loc + scale * special.ndtri(u), loc + scale * a, loc + scale * b))

    @property
    def bounds(self) -> tuple[float, float]:
        loc, scale, a, b = self._standard
        low, high = self._out(np.array([loc + scale * a, loc + scale * b]))
        return (float(low), float(high))


@register
@attrs.frozen
class Normal(_TruncatedGaussian):
    """A normal distribution, truncated to ``[low, high]`` (or at the ``TAIL`` quantiles).

    >>> Normal(2.0, 0.5, low=0.0).bounds[0]
    0.0
    """

    kind: ClassVar[str] = "normal"
    TABLE: ClassVar[Mapping[str, str]] = {"mu": "mean", "sigma": "sd", "low": "min", "high": "max"}
    REQUIRED: ClassVar[tuple[str, ...]] = ("mean", "sd")

    def _truncation(self) -> tuple[float | None, float | None]:
        return self.low, self.high

    def _out(self, x: FloatArray) -> FloatArray:
        return np.asarray(x, dtype=np.float64)

    def _truncnorm(self) -> Any:
        from scipy import stats  # imported when needed: scipy.stats is slow to import

        _, _, a, b = self._standard
        return stats.truncnorm(a, b, loc=self.mu, scale=self.sigma)

    @property
    def mean(self) -> float:
        return float(self._truncnorm().mean())

    @property
    def variance(self) -> float:
        return float(self._truncnorm().var())


@register
@attrs.frozen
class LogNormal(_TruncatedGaussian):
    """A log-normal (``log X ~ Normal(mu, sigma)``), truncated like :class:`Normal`.

    Experts state ranges as "a to b"; :meth:`from_interval` reads that as a central interval
    at ``level`` (90% by default). A table gives either ``mu`` and ``sigma`` or that interval
    (``low``, ``high``, optional ``level``), and optionally the truncation ``min`` and ``max``.

    >>> d = LogNormal.from_interval(100.0, 400.0)
    >>> round(d.median, 6)
    200.0
    >>> LogNormal.from_table({"low": 100.0, "high": 400.0, "max": 1e4}).high
    10000.0
    """

    kind: ClassVar[str] = "lognormal"
    TABLE: ClassVar[Mapping[str, str]] = {**Normal.TABLE, "mu": "mu", "sigma": "sigma"}
    REQUIRED: ClassVar[tuple[str, ...]] = ()
    INTERVAL: ClassVar[tuple[str, ...]] = ("low", "high", "level")
    """Table keys of the interval form (see :meth:`from_interval`)."""

    def __attrs_post_init__(self) -> None:
        for name, value in (("low", self.low), ("high", self.high)):
            if value is not None and value <= 0:
                raise fail(self, name, value, "> 0 (a log-normal is positive)")
        super().__attrs_post_init__()

    @classmethod
    def table_keys(cls) -> tuple[tuple[str, ...], tuple[str, ...]]:
        required, optional_keys = super().table_keys()
        return required, (*cls.INTERVAL, *optional_keys)

    @classmethod
    def from_table(cls, table: Mapping[str, Any]) -> Distribution:
        interval = {k: table[k] for k in cls.INTERVAL if k in table}
        rest = {k: v for k, v in table.items() if k not in cls.INTERVAL}
        if not interval:
            for key in ("mu", "sigma"):
                if key not in rest:
                    raise fail(cls, key, None, "given, or the interval low and high instead")
            return super().from_table(rest)
        for key in ("mu", "sigma"):
            if key in rest:
                raise fail(cls, key, rest[key], "left out when the interval low, high is given")
        for key in ("low", "high"):
            if key not in interval:
                raise fail(cls, key, None, "given with the other end of the interval")
        base = cls.from_interval(interval["low"], interval["high"], interval.get("level", 0.9))
        return super().from_table(rest | {"mu": base.mu, "sigma": base.sigma})

    @classmethod
    def from_interval(cls, low: float, high: float, level: float = 0.9) -> LogNormal:
        """The log-normal whose central ``level`` interval is ``[low, high]``."""
        low, high = POSITIVE.check(cls, "low", low), POSITIVE.check(cls, "high", high)
        if not high > low:
            raise fail(cls, "high", high, f"> low ({low!r})")
        level = LEVEL.check(cls, "level", level)
        z = float(_special().ndtri(0.5 + level / 2.0))
        if not 0.0 < z < math.inf:  # a level so near 0 or 1 that the interval is degenerate
            raise fail(cls, "level", level, "a level whose interval has a finite, non-zero width")
        mu = 0.5 * (math.log(low) + math.log(high))
        sigma = (math.log(high) - math.log(low)) / (2.0 * z)
        return cls(mu, sigma)

    def _truncation(self) -> tuple[float | None, float | None]:
        low = None if self.low is None else math.log(self.low)
        high = None if self.high is None else math.log(self.high)
        return low, high

    def _out(self, x: FloatArray) -> FloatArray:
        return np.exp(x)

    def _moment(self, k: float) -> float:
        """E[X^k] of the truncated log-normal."""
        _, s, a, b = self._standard
        ndtr = _special().ndtr
        mass = ndtr(b) - ndtr(a)
        shifted = ndtr(b - k * s) - ndtr(a - k * s)
        return float(math.exp(k * self.mu + k * k * s * s / 2.0) * shifted / mass)

    @property
    def mean(self) -> float:
        return self._moment(1.0)

    @property
    def variance(self) -> float:
        return max(0.0, self._moment(2.0) - self._moment(1.0) ** 2)
