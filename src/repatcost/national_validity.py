"""Synthetic-country check: does the national 90% interval cover the true national total?

A synthetic country has 98 municipalities with known drivers and true costs drawn from a
stated law (:class:`CountryLaw`):

- driver ``D_m``: log-normal, median ``driver_median``, log-sd ``driver_spread``;
- cost per unit ``r_m``: ``log r_m = log(typical_ratio) + size_effect x log(D_m /
  driver_median) + spread x Z_m`` (``size_effect = 0``: cost proportional to the driver, as the
  national model assumes);
- true cost ``C_m = D_m x r_m``; the true national total is their sum.

Four municipalities are observed (the four largest drivers, or four at random) *through the
same kind of partial evidence as the bundled four*: one synthetic municipality of each
reporting style (spending, time per unit of activity, staff allocation, total hours; see
:mod:`repatcost.validation.synthetic`) is estimated by the library from its own partial
report, and its samples, relative to its own true cost, become the observed municipality's
samples relative to ``C_j``. So the four carry the library's real estimation error (calibrated
in docs/validity.md) on top of which the national model predicts the other 94, under every
prior of the table (:data:`repatcost.national_prior.PRIORS`) on the same draws, with no fixed
part (the law has none).

>>> row = coverage("random", replicates=4, samples=500, seed=1)
>>> row.replicates, 0.0 <= row.covered <= 1.0
(4, True)
"""

from __future__ import annotations

import functools
import math
from typing import Literal

import attrs
import numpy as np
import numpy.typing as npt

from repatcost._validators import fail, ge, gt
from repatcost.assumptions import Assumptions, default_assumptions
from repatcost.distributions import FloatArray
from repatcost.estimate import interval_quantiles
from repatcost.national_model import CENTRAL_PRIOR, predict_unobserved
from repatcost.national_prior import PRIORS
from repatcost.validation.synthetic import generate_studies

__all__ = [
    "SELECTIONS",
    "CountryLaw",
    "CoverageRow",
    "PriorCoverage",
    "Selection",
    "coverage",
    "generate_country",
]

Selection = Literal["largest", "random"]
SELECTIONS: tuple[Selection, ...] = ("largest", "random")
COUNT = 98


@attrs.frozen
class CountryLaw:
    """The stated law of a synthetic country (module docs); defaults resemble the four:
    a median of 15,000 (money) per unit of driver and a log-sd of 0.9 between municipalities
    (the bundled four's own log-ratios have a standard deviation of about 0.88)."""

    typical_ratio: float = attrs.field(default=15_000.0, validator=gt(0))
    spread: float = attrs.field(default=0.9, validator=ge(0))
    driver_median: float = attrs.field(default=2.0, validator=gt(0))
    driver_spread: float = attrs.field(default=1.0, validator=ge(0))
    size_effect: float = attrs.field(default=0.0, validator=ge(-5))


@attrs.frozen(eq=False)
class SyntheticCountry:
    """98 municipalities' drivers and true costs."""

    drivers: FloatArray = attrs.field(repr=False)
    costs: FloatArray = attrs.field(repr=False)

    @property
    def true_total(self) -> float:
        """The true national cost."""
        return math.fsum(self.costs.tolist())


def generate_country(rng: np.random.Generator, law: CountryLaw | None = None) -> SyntheticCountry:
    """One synthetic country drawn from ``law`` (module docs)."""
    law = CountryLaw() if law is None else law
    drivers = law.driver_median * np.exp(law.driver_spread * rng.standard_normal(COUNT))
    log_ratio = (
        math.log(law.typical_ratio)
        + law.size_effect * np.log(drivers / law.driver_median)
        + law.spread * rng.standard_normal(COUNT)
    )
    return SyntheticCountry(drivers, drivers * np.exp(log_ratio))


def _chosen(
    country: SyntheticCountry, selection: Selection, rng: np.random.Generator
) -> npt.NDArray[np.intp]:
    if selection == "largest":
        return np.argsort(country.drivers)[-4:]
    return np.asarray(rng.choice(COUNT, size=4, replace=False), dtype=np.intp)


def _observed(
    country: SyntheticCountry,
    chosen: npt.NDArray[np.intp],
    samples: int,
    rng: np.random.Generator,
) -> FloatArray:
    """(4, samples): the library's estimates of four synthetic municipalities, each rescaled
    from its own true cost to the chosen municipality's."""
    synthetic = generate_studies(1, seed=rng)[0]
    members = synthetic.members
    run = synthetic.study(_assumptions()).run_costs(samples, seed=int(rng.integers(2**62)))
    rows = [
        run.estimates[m.municipality.key].samples * (country.costs[j] / m.true_cost)
        for m, j in zip(members, chosen, strict=True)
    ]
    return np.stack(rows)


@functools.cache
def _assumptions() -> Assumptions:
    return default_assumptions()


@attrs.frozen
class PriorCoverage:
    """Under one prior: how often the interval covered the truth and its median width
    relative to the true total."""

    prior: str
    covered: float
    width: float


@attrs.frozen
class CoverageRow:
    """How often the national interval at ``level`` covered the truth over ``replicates``
    countries, under each prior of the table (``by_prior``; ``covered`` and ``width`` are
    the central prior's); ``naive_covered`` the same for the naive ratio."""

    selection: str
    replicates: int
    level: float
    by_prior: tuple[PriorCoverage, ...]
    naive_covered: float

    @property
    def central(self) -> PriorCoverage:
        """The central prior's row."""
        return next(p for p in self.by_prior if p.prior == CENTRAL_PRIOR)

    @property
    def covered(self) -> float:
        """The central prior's coverage."""
        return self.central.covered

    @property
    def width(self) -> float:
        """The central prior's median width / truth."""
        return self.central.width

    def standard_error(self, covered: float | None = None) -> float:
        """Binomial standard error of ``covered`` (default: the central prior's)."""
        p = self.covered if covered is None else covered
        return math.sqrt(p * (1 - p) / self.replicates)


def _one(
    selection: Selection, law: CountryLaw, samples: int, level: float, rng: np.random.Generator
) -> tuple[dict[str, tuple[bool, float]], bool]:
    country = generate_country(rng, law)
    chosen = _chosen(country, selection, rng)
    costs = _observed(country, chosen, samples, rng)
    others = np.delete(country.drivers, chosen)
    units = country.drivers[chosen]
    guesses = predict_unobserved(
        list(costs), units.tolist(), others, seed=int(rng.integers(2**62))
    )
    probs = list(interval_quantiles(level))
    truth = country.true_total
    found = {}
    for name, guess in guesses.items():
        low, high = np.quantile(costs.sum(axis=0) + guess.rest, probs)
        found[name] = (bool(low <= truth <= high), float((high - low) / truth))
    naive_low, naive_high = np.quantile(
        costs.sum(axis=0) * country.drivers.sum() / units.sum(), probs
    )
    return found, bool(naive_low <= truth <= naive_high)


def coverage(
    selection: Selection,
    *,
    replicates: int,
    samples: int = 2_000,
    seed: int,
    law: CountryLaw | None = None,
    level: float = 0.9,
) -> CoverageRow:
    """Coverage of the national interval over ``replicates`` synthetic countries."""
    if selection not in SELECTIONS:
        raise fail("coverage", "selection", selection, f"one of {', '.join(SELECTIONS)}")
    if isinstance(replicates, bool) or not isinstance(replicates, int) or replicates < 1:
        raise fail("coverage", "replicates", replicates, "an integer >= 1")
    law = CountryLaw() if law is None else law
    rng = np.random.default_rng(seed)
    found = [_one(selection, law, samples, level, rng) for _ in range(replicates)]
    rows = tuple(
        PriorCoverage(
            p.name,
            sum(f[p.name][0] for f, _ in found) / replicates,
            float(np.median([f[p.name][1] for f, _ in found])),
        )
        for p in PRIORS
    )
    return CoverageRow(selection, replicates, level, rows, sum(n for _, n in found) / replicates)
