"""Global sensitivity: Sobol first-order and total indices, with confidence intervals.

The indices come from :func:`scipy.stats.sobol_indices` (Saltelli 2010 estimators on a
scrambled Sobol design, ``n * (d + 2)`` evaluations of the output's vectorised function),
with our own distributions as ``dists`` (scipy needs only their ``ppf``). The first-order
index S_i is the share of the output's variance explained by input i alone; the total index
ST_i adds every interaction i takes part in. For a model without interactions both agree and
sum to 1; first-order indices never sum to more than 1.

Confidence intervals: repeated independent estimates. The analysis is run ``repeats`` times,
each on an independently scrambled design (its own random stream spawned from ``seed``), and
the reported index is the mean of the repeats with a Student-t interval,
mean +/- t(confidence, repeats - 1) * sd / sqrt(repeats). Why: independent scramblings make
the repeats independent and identically distributed, so the interval needs nothing beyond a
roughly normal mean of the repeats (a test checks it holds the exact index of a linear model
at about its stated rate). It is cheap: the repeats are the estimate, no resampling on top.
scipy's own ``SobolResult.bootstrap()`` resamples one design (BCa), which took seconds to
tens of seconds at large ``n``, and treats the points as independent draws, which scrambled
Sobol points are not. The price: ``repeats`` designs of ``n`` points are somewhat less
accurate than one of ``repeats * n`` (quasi-Monte Carlo error falls faster than 1/sqrt(N)),
and the interval, like any, covers random error only, not the small bias of the ratio
estimators at small ``n``.

Inputs known exactly (``Fixed``) are left out of the design: their indices are 0 by
definition and they are listed in ``fixed``. An uncertain input the output does not read
gets indices of exactly 0 (the estimators difference two evaluations that agree).

>>> from repatcost.sensitivity.reference import ishigami
>>> model = ishigami()
>>> result = sobol_indices_of(model.function, model.inputs, n=1024, seed=1, repeats=4)
>>> [index.input for index in result.indices]
['x1', 'x2', 'x3']
>>> low, high = result.index("x2").first_order_ci
>>> bool(low < model.first_order["x2"] < high)
True
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
import numpy as np

from repatcost._validators import fail
from repatcost.display import TableResult
from repatcost.distributions import Distribution, FloatArray, Uniform
from repatcost.engine import Seed
from repatcost.outputs import Output
from repatcost.sensitivity import _target
from repatcost.sensitivity._result import fixed_notes
from repatcost.study import Study
from repatcost.tables import Table

__all__ = ["DEFAULT_REPEATS", "SobolIndex", "SobolResult", "sobol", "sobol_indices_of"]

MIN_SOBOL_SAMPLES = 64
"""Fewest base samples per repeat: with fewer, the index estimates are noise dressed as a
table (``--samples 2`` used to print confident indices)."""

DEFAULT_REPEATS = 8
"""Independent repeats behind each confidence interval (t with 7 degrees of freedom)."""


@attrs.frozen
class SobolIndex:
    """One input's indices, each with its confidence interval ``(low, high)``."""

    input: str
    first_order: float
    first_order_ci: tuple[float, float]
    total_order: float
    total_order_ci: tuple[float, float]


def _readonly(value: Any) -> FloatArray:
    array = np.array(value, dtype=np.float64)
    array.setflags(write=False)
    return array


@attrs.frozen(eq=False, repr=False)
class SobolResult(TableResult):
    """Sobol indices of one output (see module docs).

    Attributes:
        output: the output's name; ``label`` and ``unit`` describe it.
        inputs: the uncertain inputs in the design, in column order of the replicates.
        first_replicates: first-order indices, one row per repeat, one column per input.
        total_replicates: total indices, likewise.
        n: base sample size of each repeat (a power of 2).
        seed: the integer seed; the same seed repeats the analysis bit for bit.
        confidence: level of the confidence intervals.
        fixed: inputs known exactly (indices 0, not in the design).
    """

    output: str
    label: str
    unit: str
    inputs: tuple[str, ...]
    first_replicates: FloatArray = attrs.field(converter=_readonly, repr=False)
    total_replicates: FloatArray = attrs.field(converter=_readonly, repr=False)
    n: int
    seed: int
    confidence: float = 0.95
    fixed: tuple[str, ...] = ()

    @property
    def repeats(self) -> int:
        """Number of independent repeats."""
        return int(self.first_replicates.shape[0])

    def _interval(self, replicates: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
        from scipy import stats  # imported when needed: scipy.stats is slow to import

        mean = replicates.mean(axis=0)
        spread = replicates.std(axis=0, ddof=1) / np.sqrt(self.repeats)
        half = float(stats.t.ppf(0.5 + self.confidence / 2.0, self.repeats - 1)) * spread
        return mean, mean - half, mean + half

    @property
    def indices(self) -> tuple[SobolIndex, ...]:
        """Every uncertain input's indices, largest total index first (ties by name)."""
        first, f_low, f_high = self._interval(self.first_replicates)
        total, t_low, t_high = self._interval(self.total_replicates)
        rows = [
            SobolIndex(
                name,
                float(first[j]),
                (float(f_low[j]), float(f_high[j])),
                float(total[j]),
                (float(t_low[j]), float(t_high[j])),
            )
            for j, name in enumerate(self.inputs)
        ]
        return tuple(sorted(rows, key=lambda r: (-r.total_order, -r.first_order, r.input)))

    def index(self, name: str) -> SobolIndex:
        """The indices of input ``name``; exactly 0 for an input known exactly.

        >>> from repatcost.data import bundled_study
        >>> result = sobol(bundled_study(), "aarhus", n=256, seed=0, repeats=2)
        >>> "aarhus.count" in result.fixed
        True
        >>> result.index("aarhus.count").total_order_ci
        (0.0, 0.0)
        """
        for row in self.indices:
            if row.input == name:
                return row
        if name in self.fixed:
            return SobolIndex(name, 0.0, (0.0, 0.0), 0.0, (0.0, 0.0))
        raise fail(
            "SobolResult.index",
            "name",
            name,
            "one of the output's inputs: " + ", ".join(sorted((*self.inputs, *self.fixed))),
        )

    @property
    def first_order(self) -> dict[str, float]:
        """Input name -> first-order index (uncertain inputs only)."""
        return {row.input: row.first_order for row in self.indices}

    @property
    def total_order(self) -> dict[str, float]:
        """Input name -> total index (uncertain inputs only)."""
        return {row.input: row.total_order for row in self.indices}

    @property
    def first_order_sum(self) -> tuple[float, tuple[float, float]]:
        """The sum of the first-order indices and its confidence interval (at most 1).

        >>> from repatcost.sensitivity.reference import ishigami
        >>> m = ishigami()
        >>> total, _ = sobol_indices_of(m.function, m.inputs, n=512, seed=0).first_order_sum
        >>> round(total, 1)  # 1 - 0.76: a quarter of the variance is interaction
        0.8
        """
        sums = self.first_replicates.sum(axis=1, keepdims=True)
        mean, low, high = self._interval(sums)
        return float(mean[0]), (float(low[0]), float(high[0]))

    def table(self) -> Table:
        """The indices as a :class:`~repatcost.tables.Table`, largest total index first.

        >>> from repatcost.data import bundled_study
        >>> t = sobol(bundled_study(), "aalborg", n=256, seed=0, repeats=2).table()
        >>> t.columns[:3]
        ('input', 'first_order', 'first_low')
        """
        level = f"{self.confidence:.0%}"
        total, (low, high) = self.first_order_sum
        notes = [
            f"Sobol indices by scipy.stats.sobol_indices (Saltelli 2010), n = {self.n} base "
            f"samples per repeat, {self.repeats} independent repeats, seed {self.seed}.",
            f"Each index is the mean of the repeats; low/high bound its {level} Student-t "
            "confidence interval.",
            f"Sum of first-order indices: {total:.3f} ({level} CI {low:.3f} to {high:.3f}); "
            "1 minus the sum is the share of variance due to interactions.",
            *fixed_notes("Known exactly (indices 0, not in the design)", self.fixed),
        ]
        return Table(
            (
                "input",
                "first_order",
                "first_low",
                "first_high",
                "total_order",
                "total_low",
                "total_high",
            ),
            [
                (r.input, r.first_order, *r.first_order_ci, r.total_order, *r.total_order_ci)
                for r in self.indices
            ],
            title=f"Sobol indices: {self.label}",
            notes=notes,
        )


def sobol(
    study: Study,
    output: str = "total",
    *,
    n: int = 4096,
    seed: Seed = None,
    repeats: int = DEFAULT_REPEATS,
    confidence: float = 0.95,
) -> SobolResult:
    """Sobol indices of ``output`` of ``study``: ``repeats`` x ``n`` x (d + 2) evaluations.

    ``n`` is the base sample size of each repeat (a power of 2, as scipy requires).

    >>> from repatcost.data import bundled_study
    >>> result = sobol(bundled_study(), "total", n=512, seed=3, repeats=4)
    >>> total, (low, high) = result.first_order_sum
    >>> round(total, 1)  # nearly additive: little variance from interactions
    1.0
    """
    target = _target.from_study(study, output, owner="sobol")
    return _sobol(target, n, seed, repeats, confidence, owner="sobol")


def sobol_indices_of(
    function: _target.Function,
    inputs: Mapping[str, Distribution],
    *,
    n: int = 4096,
    seed: Seed = None,
    repeats: int = DEFAULT_REPEATS,
    confidence: float = 0.95,
    name: str = "model",
    unit: str = "",
) -> SobolResult:
    """Sobol indices of a plain vectorised ``function`` of named ``inputs``.

    ``function`` takes ``{name: array}`` (arrays of one length) and returns an array of
    that length; ``inputs`` maps the names to distributions.

    >>> from repatcost.distributions import Uniform
    >>> result = sobol_indices_of(lambda v: v["a"] + 0 * v["b"],
    ...                           {"a": Uniform(0, 1), "b": Uniform(0, 1)}, n=256, seed=0)
    >>> result.total_order["b"]
    0.0
    """
    target = _target.from_function(
        function, inputs, name=name, unit=unit, owner="sobol_indices_of"
    )
    return _sobol(target, n, seed, repeats, confidence, owner="sobol_indices_of")


def _sobol(
    target: Output, n: Any, seed: Seed, repeats: Any, confidence: Any, *, owner: str
) -> SobolResult:
    n = _target.check_count(owner, "n", n, minimum=MIN_SOBOL_SAMPLES, power_of_two=True)
    repeats = _target.check_count(owner, "repeats", repeats, minimum=2)
    confidence = _target.check_level(owner, confidence, field="confidence")
    entropy = _target.check_seed(owner, seed)
    names = _target.uncertain(target)
    known = {k: target.inputs[k].bounds[0] for k in _target.fixed(target)}
    d = len(names)
    first = np.zeros((repeats, d))
    total = np.zeros((repeats, d))

    def func(x: FloatArray) -> FloatArray:
        # scipy passes one column per evaluation: x has shape (d, rows).
        rows = x.shape[1]
        values = {k: np.ascontiguousarray(x[j]) for j, k in enumerate(names)}
        values.update({k: np.full(rows, v) for k, v in known.items()})
        return _target.evaluate(target, _target.freeze(values), owner=owner)

    if d:
        dists: list[Any] = [target.inputs[k] for k in names]
        if d == 1:
            # scipy 1.17 fails on one input (it squeezes the indices to a scalar, then
            # assigns into it); a second, unused column keeps it on its general path and
            # leaves the first column's estimates as they would be.
            dists.append(Uniform(0.0, 1.0))
        from scipy import stats  # imported when needed: scipy.stats is slow to import

        streams = np.random.SeedSequence(entropy).spawn(repeats)
        for r, child in enumerate(streams):
            res = stats.sobol_indices(
                func=func, n=n, dists=dists, rng=np.random.default_rng(child)
            )
            first[r] = np.asarray(res.first_order)[:d]
            total[r] = np.asarray(res.total_order)[:d]
    return SobolResult(
        target.name,
        target.label,
        target.unit,
        names,
        first,
        total,
        n,
        entropy,
        confidence,
        tuple(sorted(known)),
    )
