"""Simulation-based calibration: do the library's intervals cover the truth as often as they say?

Each synthetic municipality (or four-municipality study) of :mod:`repatcost.validation.synthetic`
is estimated exactly as a user would estimate a real one: its evidence goes into a
:class:`~repatcost.study.Study` with the library's estimator, which is run with its own seed;
the equal-tailed intervals and the hard range of the estimate (the total, for a study) are then
checked against the known true cost. Over many municipalities the share of 90% intervals that
contain the truth should be 90%, up to binomial noise (standard error sqrt(0.09 / n), 0.67
percentage points for n = 2,000).

What this validates: the *implementation* (that the qualifier mapping, the conversion chains
from counts, hours and staff-years to DKK, the price-year factor, the interpreter billing and
the shared draws across municipalities turn the stated assumptions into intervals that mean
what they say). What it does not validate: the assumptions themselves. The truth is drawn from
the very distributions the estimator assumes, so the check says nothing about whether a
caseworker really costs DKK 530,000 or whether "about 2 hours" really means +-20%; the
misspecification table in ``docs/validity.md`` shows how coverage degrades when they are off.

Monte Carlo error: each interval end is a sample quantile of ``samples`` draws, so its
probability level wobbles by sqrt(p (1 - p) / samples) (0.49 points at 5%/95% for 2,000
samples). Each municipality is run with its own seed, so these wobbles are independent across
municipalities and average out: the expected coverage stays nominal (less the sample
quantiles' own bias, 0.09 points for a 90% interval from 2,000 samples) and the coverage
fraction keeps its binomial standard error.

>>> c = calibrate("staff_allocation", n=50, samples=400, seed=1)
>>> c.in_hard_range
1.0
>>> 0.0 < c.covered(0.9) <= 1.0
True
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, ClassVar, Literal

import attrs
import numpy as np
import numpy.typing as npt

from repatcost._validators import fail
from repatcost.assumptions import Assumptions, default_assumptions
from repatcost.distributions import FloatArray
from repatcost.estimate import interval_quantiles
from repatcost.estimators import Estimator
from repatcost.evidence import Municipality
from repatcost.model import CostModel, Values
from repatcost.qualifiers import Qualifier
from repatcost.validation.synthetic import (
    STYLES,
    Seed,
    Style,
    SyntheticMunicipality,
    SyntheticStudy,
    TruthLaw,
    Wrap,
    _count,
    _generator,
    generate,
    generate_studies,
)

__all__ = [
    "LEVELS",
    "TOTAL",
    "Coverage",
    "DropRounding",
    "IgnoreSharedDraws",
    "calibrate",
    "measure_coverage",
]

LEVELS: tuple[float, ...] = (0.9, 0.5)
"""Interval levels checked by default."""

HARD_RANGE_TOLERANCE = 1e-9
"""Relative slack when checking the hard range (floating-point rounding only)."""


def _level_map(value: Mapping[float, float]) -> Mapping[float, float]:
    return MappingProxyType({float(k): float(v) for k, v in value.items()})


@attrs.frozen(eq=False)
class Coverage:
    """How often the intervals of the estimates covered the true cost.

    Attributes:
        label: what was calibrated (a style, or ``"total"``).
        n: how many synthetic municipalities (or studies).
        samples: Monte Carlo samples per estimate.
        below: level -> share of truths below the interval.
        above: level -> share of truths above the interval.
        in_hard_range: share of truths inside the hard range (should be 1).
        ranks: per case, the share of the estimate's samples below the truth (its
            probability integral transform). Calibrated estimates give ranks spread evenly on
            [0, 1] (simulation-based calibration, Talts et al. 2018): a mean rank off 0.5
            reveals a shift, a U or hump shape intervals too narrow or too wide.

    >>> c = Coverage("x", 100, 2000, below={0.9: 0.04}, above={0.9: 0.05}, in_hard_range=1.0)
    >>> round(c.covered(0.9), 2), round(c.standard_error(0.9), 3)
    (0.91, 0.03)
    >>> print(c)
    x: 90% interval 91.0%, hard range 100.0% (100 synthetic, 2,000 samples each)
    """

    label: str
    n: int
    samples: int
    below: Mapping[float, float] = attrs.field(converter=_level_map, kw_only=True)
    above: Mapping[float, float] = attrs.field(converter=_level_map, kw_only=True)
    in_hard_range: float = attrs.field(kw_only=True)
    ranks: FloatArray | None = attrs.field(default=None, kw_only=True, repr=False)

    @property
    def mean_rank(self) -> float:
        """Mean of :attr:`ranks` (0.5 when calibrated, standard error sqrt(1 / (12 n)));
        NaN when no ranks were recorded."""
        return math.nan if self.ranks is None else float(np.mean(self.ranks))

    @property
    def levels(self) -> tuple[float, ...]:
        """The interval levels checked."""
        return tuple(self.below)

    def covered(self, level: float) -> float:
        """Share of truths inside the interval at ``level``."""
        return 1.0 - self.below[level] - self.above[level]

    def standard_error(self, level: float) -> float:
        """Binomial standard error of the coverage at ``level`` if it were exactly nominal."""
        return math.sqrt(level * (1.0 - level) / self.n)

    def __str__(self) -> str:
        parts = [f"{level:.0%} interval {self.covered(level):.1%}" for level in self.levels]
        rank = "" if self.ranks is None else f", mean rank {self.mean_rank:.3f}"
        return (
            f"{self.label}: {', '.join(parts)}, hard range {self.in_hard_range:.1%}{rank} "
            f"({self.n:,} synthetic, {self.samples:,} samples each)"
        )


Case = SyntheticMunicipality | SyntheticStudy


def measure_coverage(
    cases: Sequence[Case],
    *,
    seed: Seed,
    assumptions: Assumptions | None = None,
    samples: int = 2_000,
    levels: Iterable[float] = LEVELS,
    wrap: Wrap | None = None,
    label: str = "custom",
) -> Coverage:
    """Run a study of each case with its own seed and count how often it covers the truth.

    Args:
        cases: synthetic municipalities or studies (their estimate is the total).
        seed: an integer or a ``numpy.random.Generator``; fixes every run's seed.
        assumptions: the estimator's assumptions (default: the packaged defaults).
        samples: Monte Carlo samples per run.
        levels: interval levels.
        wrap: replaces each estimator ``e`` by ``wrap(e)`` (e.g. :class:`DropRounding`).
        label: names the result.
    """
    if not cases:
        raise fail("measure_coverage", "cases", cases, "one or more synthetic cases")
    samples = _count("measure_coverage", samples)
    levels = tuple(float(level) for level in levels)
    probs = np.array([p for level in levels for p in interval_quantiles(level)])
    assumptions = default_assumptions() if assumptions is None else assumptions
    rng = _generator(seed, "measure_coverage")
    seeds = rng.integers(0, 2**63, size=len(cases))
    truth = np.array([case.true_cost for case in cases])
    quantiles, hard, ranks = _run_cases(cases, truth, assumptions, wrap, samples, seeds, probs)
    below = {level: float(np.mean(truth < quantiles[:, 2 * j])) for j, level in enumerate(levels)}
    above = {
        level: float(np.mean(truth > quantiles[:, 2 * j + 1])) for j, level in enumerate(levels)
    }
    return Coverage(
        label,
        len(cases),
        samples,
        below=below,
        above=above,
        in_hard_range=_share_in_hard_range(truth, hard),
        ranks=ranks,
    )


def _run_cases(
    cases: Sequence[Case],
    truth: FloatArray,
    assumptions: Assumptions,
    wrap: Wrap | None,
    samples: int,
    seeds: npt.NDArray[np.int64],
    probs: FloatArray,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Run each case with its seed; per case, the quantiles ``probs`` of its estimate, its
    hard range (low, high) and the share of its samples below its ``truth``."""
    quantiles = np.empty((len(cases), probs.size))
    hard = np.empty((len(cases), 2))
    ranks = np.empty(len(cases))
    for i, case in enumerate(cases):
        total = case.study(assumptions, wrap).run(samples, seed=int(seeds[i])).total
        quantiles[i] = total.quantiles(probs)
        hard[i] = total.hard_range
        ranks[i] = np.count_nonzero(total.samples < truth[i]) / samples
    return quantiles, hard, ranks


def _share_in_hard_range(truth: FloatArray, hard: FloatArray) -> float:
    """Share of ``truth`` inside its row of ``hard`` (low, high), with a relative slack of
    HARD_RANGE_TOLERANCE for floating-point rounding."""
    slack = HARD_RANGE_TOLERANCE * np.maximum(np.abs(hard).max(axis=1), 1.0)
    inside = (hard[:, 0] - slack <= truth) & (truth <= hard[:, 1] + slack)
    return float(inside.mean())


def _split(seed: Seed, owner: str) -> tuple[np.random.Generator, np.random.Generator]:
    generator, runs = _generator(seed, owner).spawn(2)
    return generator, runs


TOTAL = "total"
"""The ``style`` of :func:`calibrate` that checks the four-municipality total."""


def calibrate(
    style: Style | Literal["total"],
    *,
    seed: Seed,
    n: int = 2_000,
    samples: int = 2_000,
    assumptions: Assumptions | None = None,
    truth: TruthLaw | None = None,
    levels: Iterable[float] = LEVELS,
    wrap: Wrap | None = None,
    cautious_share: float | None = None,
) -> Coverage:
    """Coverage over ``n`` synthetic municipalities reporting in ``style``, or for
    ``style="total"`` of the four-municipality total over ``n`` synthetic studies.

    Each synthetic municipality has its own truth of the shared drivers; the members of a
    study share one, as real municipalities share one wage level, and the estimator's run
    shares its draws of them across members. By default the truth follows the estimator's
    ``assumptions`` exactly (calibration); pass a different ``truth`` (or ``assumptions``) to
    study misspecification. ``cautious_share`` is passed to
    :func:`~repatcost.validation.synthetic.generate` (one municipality's styles only).

    >>> calibrate("total", n=20, samples=400, seed=1).label
    'total'
    """
    if style == TOTAL:
        if cautious_share is not None:
            raise fail("calibrate", "cautious_share", cautious_share, "None for style 'total'")

        def studies(generator: np.random.Generator, law: TruthLaw) -> Sequence[Case]:
            return generate_studies(n, seed=generator, truth=law)

        # The stream key of the former calibrate_total: the same seed gives the same studies.
        owner, cases = "calibrate_total", studies
    elif style in STYLES:

        def municipalities(generator: np.random.Generator, law: TruthLaw) -> Sequence[Case]:
            return generate(style, n, seed=generator, truth=law, cautious_share=cautious_share)

        owner, cases = "calibrate", municipalities
    else:
        raise fail("calibrate", "style", style, f"one of {', '.join((*STYLES, TOTAL))}")
    return _coverage(owner, style, cases, seed, samples, assumptions, truth, levels, wrap)


def _coverage(
    owner: str,
    label: str,
    cases: Callable[[np.random.Generator, TruthLaw], Sequence[Case]],
    seed: Seed,
    samples: int,
    assumptions: Assumptions | None,
    truth: TruthLaw | None,
    levels: Iterable[float],
    wrap: Wrap | None,
) -> Coverage:
    """Coverage of the ``cases`` made from one stream of ``seed`` under the truth ``truth``
    (default: the estimator's ``assumptions``), each run with its seed from a second one."""
    assumptions = default_assumptions() if assumptions is None else assumptions
    law = TruthLaw(assumptions) if truth is None else truth
    generator, runs = _split(seed, owner)
    return measure_coverage(
        cases(generator, law),
        seed=runs,
        assumptions=assumptions,
        samples=samples,
        levels=levels,
        wrap=wrap,
        label=label,
    )


def _is_estimator(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, Estimator):
        raise fail(inst, attribute.name, value, "an Estimator")


@attrs.frozen
class IgnoreSharedDraws(Estimator):
    """Deliberately wrong: ``estimator`` with every shared input made private.

    The model's shared inputs (``wage_cost``, ...) are renamed ``<key>.private.<name>``, so a
    study draws them afresh for each municipality, the bug of a peer that re-draws an input
    each time it appears. A total then misses the correlation between municipalities.

    >>> from repatcost.estimators import StaffAllocation
    >>> m = generate("staff_allocation", 1, seed=1)[0].municipality
    >>> sorted(IgnoreSharedDraws(StaffAllocation()).build(m, default_assumptions()).inputs)[0]
    'staff_allocation.private.hours_per_conversation'
    """

    name: ClassVar[str] = "ignore_shared_draws"
    estimator: Estimator = attrs.field(validator=_is_estimator)

    def build(self, municipality: Municipality, assumptions: Assumptions) -> CostModel:
        model = self.estimator.build(municipality, assumptions)
        own = f"{municipality.key}."
        names = {n: n if n.startswith(own) else f"{own}private.{n}" for n in model.inputs}
        inner = model.function

        def function(values: Values) -> Mapping[str, Any]:
            return inner({old: values[new] for old, new in names.items()})

        return attrs.evolve(
            model,
            inputs={names[n]: d for n, d in model.inputs.items()},
            function=function,
            decreasing={names[n] for n in model.decreasing},
            selectors={names[n] for n in model.selectors},
            quantity_only={names[n] for n in model.quantity_only},
        )


@attrs.frozen
class DropRounding(Estimator):
    """Deliberately wrong: ``estimator`` reading every rounded figure as exact.

    >>> from repatcost.estimators import ReportedSpending
    >>> m = generate("spending", 1, seed=1)[0].municipality
    >>> low, high = DropRounding(ReportedSpending()).build(m, default_assumptions()).hard_range()
    >>> high - low < 100_000 * 0.05
    True
    """

    name: ClassVar[str] = "drop_rounding"
    estimator: Estimator = attrs.field(validator=_is_estimator)

    def build(self, municipality: Municipality, assumptions: Assumptions) -> CostModel:
        evidence = tuple(
            _exact(e) if getattr(e, "qualifier", None) is Qualifier.ROUNDED else e
            for e in municipality.evidence
        )
        return self.estimator.build(attrs.evolve(municipality, evidence=evidence), assumptions)


def _exact(record: Any) -> Any:
    """``record`` read as exact: the bug :class:`DropRounding` injects."""
    return attrs.evolve(record, qualifier=Qualifier.EXACT, precision=None)
