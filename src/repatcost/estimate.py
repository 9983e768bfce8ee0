"""``Estimate``: the samples of one uncertain cost (or ratio), with its summaries.

An estimate knows the run its samples came from. Sample-wise arithmetic (``+``, ``/``) is valid
only between estimates of the same run, where sample i of each used the same draws; anything
else raises :class:`~repatcost.errors.RunMismatchError`.

>>> import numpy as np
>>> run = object()
>>> a = Estimate("a", np.array([1.0, 2.0, 3.0, 4.0]), hard_range=(0.0, 5.0), run=run)
>>> b = Estimate("b", np.array([1.0, 1.0, 1.0, 1.0]), hard_range=(1.0, 1.0), run=run)
>>> (a + b).median
3.5
>>> (a + b).hard_range
(1.0, 6.0)
>>> (a / b).label
'a / b'
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from repatcost._pickling import readonly
from repatcost._validators import fail, float_pair, str_set, str_tuple
from repatcost.constraints import LEVEL, is_real
from repatcost.display import html_table, money_span, shorten
from repatcost.distributions import FloatArray
from repatcost.errors import RunMismatchError
from repatcost.evidence import Source, source_tuple
from repatcost.tables import Table, format_number

__all__ = [
    "SUMMARY_COLUMNS",
    "Estimate",
    "Summary",
    "check_interval_samples",
    "interval_quantiles",
    "interval_samples",
    "sample_quantiles",
    "summarise",
]

TAIL_SAMPLES = 10
"""Samples each tail beyond an interval end must hold for the end to mean something."""

LEVELS = (0.5, 0.999)
"""The interval levels a report accepts: a narrower interval says little, a wider one needs
its far tails sampled (and the inputs' tails known)."""


def interval_samples(level: float) -> int:
    """Fewest samples for an equal-tailed ``level`` interval: ``2 x TAIL_SAMPLES / (1 - level)``.

    >>> interval_samples(0.9), interval_samples(0.99)
    (200, 2000)
    """
    return math.ceil(round(2 * TAIL_SAMPLES / (1.0 - level), 6))


def check_interval_samples(owner: str, n: int, level: float) -> None:
    """Refuse a ``level`` outside :data:`LEVELS` or fewer than :func:`interval_samples`
    samples for it: such an interval (a "0% interval", a "± 0") would mislead."""
    low, high = LEVELS
    if not (is_real(level) and low <= level <= high):
        raise fail(owner, "level", level, f"an interval level from {low:g} to {high:g}")
    need = interval_samples(level)
    if n < need:
        expected = (
            f"at least {need:,} samples for a {level:.1%} interval ({TAIL_SAMPLES} samples in "
            "each tail beyond it); with fewer its ends and their Monte Carlo errors mean nothing"
        )
        raise fail(owner, "n", n, expected)


def _readonly(array: npt.ArrayLike) -> FloatArray:
    out = np.asarray(array, dtype=np.float64)
    if out.ndim != 1 or out.size == 0:
        raise fail("Estimate", "samples", out.shape, "a non-empty one-dimensional array")
    if not np.isfinite(out).all():
        raise fail("Estimate", "samples", "non-finite values", "finite samples")
    if out.flags.writeable:
        out = out.view()  # a read-only view: the caller's array keeps its own flags
        out.setflags(write=False)
    return out


def _arrays(value: Mapping[str, npt.ArrayLike]) -> Mapping[str, FloatArray]:
    return readonly({k: _readonly(v) for k, v in value.items()})


def _check_level(level: float) -> float:
    return LEVEL.check("Estimate.interval", "level", level)


def interval_quantiles(level: float) -> tuple[float, float]:
    """The probabilities of the equal-tailed interval at ``level``.

    >>> interval_quantiles(0.9)
    (0.05, 0.95)
    """
    level = _check_level(level)
    tail = (1.0 - level) / 2.0
    return (round(tail, 12), round(1.0 - tail, 12))


SUMMARY_COLUMNS: tuple[str, ...] = (
    "median",
    "mean",
    "interval_low",
    "interval_high",
    "range_low",
    "range_high",
    "median_mc_error",
)
"""Column names of a summary in tables and records."""


def _rebuild(cls: type[Any], fields: dict[str, Any]) -> Any:
    """``cls(**fields)``: the reconstructor pickling uses for :class:`Estimate`."""
    return cls(**fields)


def _range_under_bounds(self: Summary | Estimate) -> tuple[float, float]:
    """The range under the stated bounds: what no combination of inputs within their
    stated bounds can leave. Not a limit on the truth, only on the model under its
    bounds; ``hard_range`` is its older name, kept for existing code."""
    return self.hard_range


@attrs.frozen
class Summary:
    """Median, mean, equal-tailed interval at ``level`` and hard range of an estimate.

    ``median_se`` and ``interval_se`` are the Monte Carlo standard errors of the median and
    of the interval ends (order-statistic rule, see :meth:`Estimate.summary`).
    """

    median: float
    mean: float
    level: float
    interval: tuple[float, float]
    hard_range: tuple[float, float]
    median_se: float = 0.0
    interval_se: tuple[float, float] = (0.0, 0.0)

    def __repr__(self) -> str:
        return shorten(
            f"Summary(median {format_number(self.median)}, {self.level:.0%} interval "
            f"{money_span(*self.interval)}, range under bounds {money_span(*self.hard_range)})"
        )

    def table(self, label: str = "") -> Table:
        """The summary as a one-row table (notebook display, reports)."""
        return Table(
            (*SUMMARY_COLUMNS, "level"),
            (
                (
                    self.median,
                    self.mean,
                    *self.interval,
                    *self.hard_range,
                    self.median_se,
                    self.level,
                ),
            ),
            title=label,
        )

    def _repr_html_(self) -> str:
        return html_table(self.table())

    range_under_bounds = property(_range_under_bounds)

    @property
    def relative_width(self) -> float:
        """Width of the interval relative to the median (inf for a zero median)."""
        width = self.interval[1] - self.interval[0]
        if self.median == 0.0:
            return 0.0 if width == 0.0 else math.inf
        return width / abs(self.median)

    @property
    def max_relative_error(self) -> float:
        """The largest Monte Carlo standard error of median and interval ends, relative to
        the median (absolute when the median is 0)."""
        worst = max(self.median_se, *self.interval_se)
        return worst / abs(self.median) if self.median != 0.0 else worst


@attrs.frozen(eq=False)
class Estimate:
    """Samples of one uncertain figure (see module docs).

    Attributes:
        label: what is estimated.
        samples: the Monte Carlo samples (DKK at the price year for costs).
        hard_range: ``(low, high)`` no combination of inputs within their bounds can leave.
        run: the run the samples belong to (identity only).
        components: per-component samples, summing to ``samples`` for a cost.
        quantities: samples of non-cost outputs (conversations, hours) on the same draws.
        method: the estimator(s) behind it.
        one_off: the components that are one-off costs.
        provenance: sources of the evidence used.
        leaves_out: what the figure does not cover.
        notes: how it was built and caveats (e.g. "a ratio, not an effect").
    """

    label: str
    samples: FloatArray = attrs.field(converter=_readonly, repr=False)
    hard_range: tuple[float, float] = attrs.field(converter=float_pair)
    run: object = attrs.field(repr=False)
    components: Mapping[str, FloatArray] = attrs.field(
        factory=dict, converter=_arrays, repr=False, kw_only=True
    )
    quantities: Mapping[str, FloatArray] = attrs.field(
        factory=dict, converter=_arrays, repr=False, kw_only=True
    )
    method: str = attrs.field(default="", kw_only=True)
    one_off: frozenset[str] = attrs.field(default=frozenset(), converter=str_set, kw_only=True)
    provenance: tuple[Source, ...] = attrs.field(default=(), converter=source_tuple, kw_only=True)
    leaves_out: tuple[str, ...] = attrs.field(default=(), converter=str_tuple, kw_only=True)
    notes: tuple[str, ...] = attrs.field(default=(), converter=str_tuple, kw_only=True)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle (and deep-copy) through the constructor, so a copy's arrays are read-only."""
        fields = {f.name: getattr(self, f.name) for f in attrs.fields(type(self))}
        return (_rebuild, (type(self), fields))

    def __attrs_post_init__(self) -> None:
        low, high = self.hard_range
        if not low <= high:
            raise fail(self, "hard_range", self.hard_range, "(low, high) with low <= high")
        n = self.samples.size
        for name, array in (*self.components.items(), *self.quantities.items()):
            if array.size != n:
                raise fail(self, name, array.size, f"{n} samples, like 'samples'")

    range_under_bounds = property(_range_under_bounds)

    @property
    def n(self) -> int:
        """Number of samples."""
        return int(self.samples.size)

    def __repr__(self) -> str:
        low, median, high = self.quantiles([0.05, 0.5, 0.95])
        return shorten(
            f"Estimate({self.label!r}, n={self.n:,}, median {format_number(float(median))}, "
            f"90% interval {money_span(float(low), float(high))})"
        )

    def _repr_html_(self) -> str:
        return html_table(self.summary().table(self.label))

    @property
    def median(self) -> float:
        """The sample median (from the array's one partition, :func:`sample_quantiles`)."""
        return float(sample_quantiles(self.samples, [0.5])[0])

    @property
    def mean(self) -> float:
        """The sample mean."""
        return _mean(self.samples)

    def quantiles(self, q: Sequence[float] | npt.ArrayLike) -> FloatArray:
        """Sample quantiles at probabilities ``q``, all from one pass (one partition, shared
        with every other figure of the same samples: :func:`sample_quantiles`)."""
        q_arr = np.asarray(q, dtype=np.float64)
        if not np.all((q_arr >= 0) & (q_arr <= 1)):
            raise fail(self, "q", q, "probabilities in [0, 1]")
        return sample_quantiles(self.samples, q_arr)

    def interval(self, level: float = 0.9) -> tuple[float, float]:
        """The equal-tailed interval holding ``level`` of the samples."""
        low, high = self.quantiles(interval_quantiles(level))
        return (float(low), float(high))

    def summary(self, level: float = 0.9) -> Summary:
        """Median, mean, interval at ``level``, hard range and the Monte Carlo errors of the
        quantiles, all from a single quantile call (:func:`summarise`)."""
        return summarise(self.samples, self.hard_range, level)

    def _quantiles_and_errors(self, probs: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Sample quantiles at probabilities ``probs`` and their Monte Carlo standard errors.

        Order-statistic rule: the p-quantile of n independent samples has a standard error of
        about (Q(p + d) - Q(p - d)) / 2 with d = sqrt(p (1 - p) / n), the spread of the
        binomial count of samples below it. Distribution-free and read off the same sorted
        samples; exact for plain Monte Carlo, conservative for Latin hypercube and Sobol
        designs, whose errors are smaller.
        """
        if not np.all((probs >= 0) & (probs <= 1)):
            raise fail(self, "q", probs, "probabilities in [0, 1]")
        return _quantiles_and_errors(self.samples, probs)

    def component_medians(self) -> dict[str, float]:
        """The median of each component (medians do not add up to the total's median)."""
        return {
            name: float(sample_quantiles(a, [0.5], report=False)[0])
            for name, a in self.components.items()
        }

    @property
    def recurring(self) -> FloatArray:
        """Samples of the recurring (annual) part: the components that are not one-off."""
        parts = [a for name, a in self.components.items() if name not in self.one_off]
        return np.sum(parts, axis=0) if parts else np.zeros(self.n)

    def require_same_run(self, other: Estimate) -> None:
        """Raise :class:`~repatcost.errors.RunMismatchError` unless ``other`` shares the run."""
        if other.run is not self.run:
            raise RunMismatchError(
                f"Cannot combine {self.label!r} and {other.label!r}: they come from different "
                "runs, so their samples share no draws. Estimate both in one run (one Study)."
            )

    def __add__(self, other: Estimate) -> Estimate:
        if not isinstance(other, Estimate):
            return NotImplemented
        self.require_same_run(other)
        return Estimate(
            f"{self.label} + {other.label}",
            self.samples + other.samples,
            (self.hard_range[0] + other.hard_range[0], self.hard_range[1] + other.hard_range[1]),
            self.run,
            components=_add_maps(self.components, other.components),
            quantities=_add_maps(self.quantities, other.quantities),
            method=" + ".join(m for m in (self.method, other.method) if m),
            one_off=self.one_off | other.one_off,
            provenance=_unique(self.provenance + other.provenance),
            leaves_out=_unique(self.leaves_out + other.leaves_out),
            notes=_unique(self.notes + other.notes),
        )

    def __truediv__(self, other: Estimate | float) -> Estimate:
        """Sample-wise ratio; the denominator must be positive throughout its hard range."""
        if isinstance(other, Estimate):
            self.require_same_run(other)
            denominator, label, d_range = other.samples, other.label, other.hard_range
        elif isinstance(other, int | float) and not isinstance(other, bool):
            denominator, label, d_range = np.asarray(float(other)), f"{other:g}", (other, other)
        else:
            return NotImplemented
        if not math.isfinite(d_range[1]):  # x / inf would be a silent 0
            raise fail(self, "denominator", label, "a finite number")
        if not d_range[0] > 0:
            raise fail(
                self,
                "denominator",
                label,
                f"positive throughout its hard range (its range is {d_range})",
            )
        low, high = self.hard_range
        return Estimate(
            f"{self.label} / {label}",
            self.samples / denominator,
            (min(low / d_range[0], low / d_range[1]), max(high / d_range[0], high / d_range[1])),
            self.run,
            method=self.method,
            provenance=self.provenance,
            leaves_out=self.leaves_out,
        )

    def with_notes(self, *notes: str, label: str | None = None) -> Estimate:
        """A copy with ``notes`` added (and optionally a new label)."""
        return attrs.evolve(
            self, notes=self.notes + notes, label=self.label if label is None else label
        )


def _error_grid(probs: FloatArray, n: int) -> FloatArray:
    """``probs`` and, for each, the probabilities ``p -+ sqrt(p (1 - p) / n)`` that bracket
    it: the quantiles from which its Monte Carlo error is read."""
    d = np.sqrt(probs * (1.0 - probs) / n)
    return np.concatenate([probs, np.clip(probs - d, 0, 1), np.clip(probs + d, 0, 1)])


REPORT_PROBABILITIES = (*interval_quantiles(0.9)[:1], 0.5, *interval_quantiles(0.9)[1:])
"""The probabilities a report reads from every array it summarises (the median and the
default 90% interval; their Monte Carlo errors' brackets come with them): an array's first
partition finds them all, whatever figure asked first."""

_KNOWN: dict[int, tuple[weakref.ref[FloatArray], dict[float | str, float]]] = {}
"""Quantiles (and the mean, under ``"mean"``) already found, per read-only samples array (by
identity, while it lives)."""


def _known(samples: FloatArray) -> dict[float | str, float] | None:
    """The quantiles of ``samples`` found so far, or None for an array that may still change
    (a writeable one: its quantiles are never kept)."""
    if samples.flags.writeable:
        return None
    key = id(samples)
    held = _KNOWN.get(key)
    if held is not None and held[0]() is samples:
        return held[1]

    def forget(ref: weakref.ref[FloatArray]) -> None:
        if _KNOWN.get(key, (None, None))[0] is ref:
            del _KNOWN[key]

    found: dict[float | str, float] = {}
    _KNOWN[key] = (weakref.ref(samples, forget), found)
    return found


def sample_quantiles(
    samples: FloatArray, probs: Sequence[float] | npt.ArrayLike, *, report: bool = True
) -> FloatArray:
    """Quantiles of ``samples`` at ``probs`` (``numpy.quantile``'s linear rule), each array
    partitioned once: the quantiles found are kept while a read-only array lives, and the
    first partition of an array also finds every quantile a report reads of it
    (:data:`REPORT_PROBABILITIES` and their error brackets) unless ``report`` is False.

    >>> x = np.arange(101.0)
    >>> x.setflags(write=False)
    >>> sample_quantiles(x, [0.5, 0.05]).tolist()
    [50.0, 5.0]
    """
    wanted = np.asarray(probs, dtype=np.float64).ravel().tolist()
    known = _known(samples)
    if known is None:
        return np.asarray(np.quantile(samples, wanted), dtype=np.float64)
    missing = [p for p in dict.fromkeys(wanted) if p not in known]
    if missing:
        if report and not any(isinstance(p, float) for p in known):
            grid = _error_grid(np.array(REPORT_PROBABILITIES), samples.size).tolist()
            missing = list(dict.fromkeys(missing + grid))
        known.update(zip(missing, np.quantile(samples, missing).tolist(), strict=True))
    return np.array([known[p] for p in wanted], dtype=np.float64)


def _mean(samples: FloatArray) -> float:
    """The mean of ``samples``, kept like its quantiles (:func:`sample_quantiles`)."""
    known = _known(samples)
    if known is None:
        return float(samples.mean())
    if "mean" not in known:
        known["mean"] = float(samples.mean())
    return known["mean"]


def _quantiles_and_errors(samples: FloatArray, probs: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Quantiles at ``probs`` and their Monte Carlo errors, from one partition of ``samples``."""
    values = sample_quantiles(samples, _error_grid(probs, samples.size))
    k = probs.size
    return values[:k], (values[2 * k :] - values[k : 2 * k]) / 2.0


def summarise(samples: FloatArray, hard_range: tuple[float, float], level: float = 0.9) -> Summary:
    """The :class:`Summary` of ``samples``: every quantile it needs (median, interval ends
    and their error brackets) from one partition, and the mean.

    >>> summarise(np.arange(101.0), (0.0, 100.0)).interval
    (5.0, 95.0)
    """
    low_q, high_q = interval_quantiles(level)
    values, errors = _quantiles_and_errors(samples, np.array([low_q, 0.5, high_q]))
    low, median, high = (float(v) for v in values)
    return Summary(
        median,
        _mean(samples),
        level,
        (low, high),
        (float(hard_range[0]), float(hard_range[1])),
        float(errors[1]),
        (float(errors[0]), float(errors[2])),
    )


def _add_maps(a: Mapping[str, FloatArray], b: Mapping[str, FloatArray]) -> dict[str, FloatArray]:
    out = dict(a)
    for name, array in b.items():
        out[name] = out[name] + array if name in out else array
    return out


def _unique(items: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(dict.fromkeys(items))
