"""The national answer: from the observed municipalities to a whole population.

Each member m that holds the activity (driver ``d_m > 0``) costs a **fixed part** ``F`` plus a
**variable part** ``d_m x r_m`` scaling with its driver; a member with driver 0 costs 0. ``F``
is an uncertain input (the population's pack states it; none stated: 0), drawn once per
sample and shared by every member. The observed municipalities give ``r_j = (C_j - F) / d_j``
from sample i of their own estimates ``C_j``; the others' ``r_m`` come from a log-normal
random effect, ``log r_m ~ Normal(mu, tau^2)``. Per sample, with ``k`` observed log-ratios
``y_j`` (mean ``ybar``, sum of squared deviations ``S``), the scale ``tau`` is drawn from its
posterior under a prior (:mod:`repatcost.national_prior`), ``mu = ybar + tau / sqrt(k) Z``,
and ``r_m = exp(mu + tau Z_m)``. The observed municipalities' statistics are accumulated one
municipality at a time, and the unobserved in chunks of samples, so memory does not grow with
the number observed.

The central driver is evaluated under every prior of the prior table on the same draws (the
upper end depends on the prior; the median hardly does); every other driver under the
central prior.

>>> from repatcost.data import bundled_study
>>> answer = national(bundled_study(), n=4_000, seed=1)
>>> answer.central.driver.name == answer.population.central_driver, answer.prior_name
(True, 'half_normal_1')
>>> low, high = answer.central.national.interval(0.9)
>>> bool(low < answer.central.national.median < high)
True
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from types import MappingProxyType

import attrs
import numpy as np

from repatcost._text import identity
from repatcost._validators import fail
from repatcost.distributions import FloatArray
from repatcost.engine import Seed, stream
from repatcost.estimate import Estimate
from repatcost.national_population import (
    DriverInfo,
    Member,
    Population,
    population_for,
    with_pack_defaults,
)
from repatcost.national_prior import PRIORS, ScalePrior, prior_named, sample_scale
from repatcost.national_result import DriverOutcome, NationalResult
from repatcost.study import CostsResult, Study, StudyResult

__all__ = [
    "ASSUMPTIONS",
    "CENTRAL_PRIOR",
    "CHUNK",
    "Prediction",
    "national",
    "observed_members",
    "predict_unobserved",
]

CHUNK = 1 << 14
"""Samples evaluated at a time for the unobserved members (memory ~ CHUNK x members)."""

CENTRAL_PRIOR = "half_normal_1"
"""The prior of the headline figure (see :data:`repatcost.national_prior.PRIORS`)."""

ASSUMPTIONS: tuple[str, ...] = (
    "Fixed plus variable: a member that holds the activity costs a fixed part plus a part "
    "proportional to its driver, up to its own random factor; a member with driver 0 costs 0.",
    "Between members the log variable cost per unit of driver is normal; its mean and scale "
    "are estimated from the observed members alone, drawn per sample, so the interval carries "
    "the spread and the uncertainty of estimating it.",
    "The upper end of the interval depends on the prior for the scale; the prior table shows "
    "it under each prior. The median and the central 50% hardly do.",
    "The observed members stand for the others as a random draw would.",
)
"""What every national result rests on (printed with every national report)."""


@attrs.frozen(eq=False)
class Prediction:
    """The unobserved members on one run under one prior: their sample-wise total ``rest``
    (fixed parts included), one member's variable cost per unit of driver ``ratio`` and the
    spread parameters per sample."""

    rest: FloatArray = attrs.field(repr=False)
    ratio: FloatArray = attrs.field(repr=False)
    mu: FloatArray = attrs.field(repr=False)
    tau: FloatArray = attrs.field(repr=False)


def _log_ratio_moments(
    costs: Sequence[FloatArray], units: Sequence[float], fixed: FloatArray, names: Sequence[str]
) -> tuple[FloatArray, FloatArray]:
    """Per sample, the mean and the sum of squared deviations of ``log((C_j - F) / d_j)``,
    accumulated one municipality at a time (Welford): O(n) memory whatever ``k``."""
    mean = np.zeros_like(fixed)
    squares = np.zeros_like(fixed)
    for j, (cost, unit, name) in enumerate(zip(costs, units, names, strict=True), start=1):
        variable = cost - fixed
        if not (unit > 0 and float(variable.min()) > 0):
            raise fail(
                "national",
                f"observed {name}",
                {"driver": unit, "lowest cost less the fixed part": float(variable.min())},
                "a driver > 0 and a cost above the fixed part in every sample",
            )
        y = np.log(variable)
        y -= math.log(unit)
        step = y - mean
        mean += step / j
        squares += step * (y - mean)
    return mean, squares


def _unobserved_sums(
    spreads: Sequence[tuple[FloatArray, FloatArray]], others: FloatArray, seed: int
) -> list[FloatArray]:
    """For each ``(mu, tau)``, the sample-wise sum of ``others_m x exp(mu + tau Z_m)``, in
    chunks of samples; every ``(mu, tau)`` uses the same ``Z`` (one block per chunk)."""
    n = spreads[0][0].size
    out = [np.zeros(n) for _ in spreads]
    if others.size == 0:
        return out
    effects = stream(seed, "national.effects")
    buffer = np.empty((min(CHUNK, n), others.size))
    for start in range(0, n, CHUNK):
        stop = min(start + CHUNK, n)
        z = effects.standard_normal((stop - start, others.size))
        block = buffer[: stop - start]
        for (mu, tau), total in zip(spreads, out, strict=True):
            np.multiply(z, tau[start:stop, None], out=block)
            block += mu[start:stop, None]
            np.exp(block, out=block)
            block *= others  # not a BLAS product: row sums must not depend on the chunk
            block.sum(axis=1, out=total[start:stop])
    return out


def _spreads(
    mean: FloatArray, squares: FloatArray, k: int, priors: Sequence[ScalePrior], seed: int
) -> list[tuple[FloatArray, FloatArray]]:
    n = mean.size
    u: FloatArray = stream(seed, "national.scale").random(n)
    z: FloatArray = stream(seed, "national.mean").standard_normal(n)
    out = []
    for prior in priors:
        tau = sample_scale(prior, squares, k, u)
        out.append((mean + tau / math.sqrt(k) * z, tau))
    return out


def predict_unobserved(
    costs: Sequence[FloatArray],
    units: Sequence[float],
    others: FloatArray,
    *,
    seed: int,
    priors: Sequence[ScalePrior] = PRIORS,
    fixed: FloatArray | None = None,
) -> dict[str, Prediction]:
    """Predict the unobserved members from the observed under each of ``priors``.

    ``costs`` holds sample i of each observed member's cost (k arrays of n, read one at a
    time); ``units`` their drivers (> 0); ``others`` the unobserved members' drivers (>= 0);
    ``fixed`` the fixed part per sample (None: 0). The standard draws come from ``seed``'s
    streams, so every prior and driver of a run shares them.
    """
    k = len(costs)
    if k < 2:
        raise fail("national", "observed municipalities", k, "two or more with an estimate")
    n = costs[0].size
    fixed = np.zeros(n) if fixed is None else fixed
    names = [f"municipality {j + 1}" for j in range(k)]
    mean, squares = _log_ratio_moments(costs, units, fixed, names)
    spreads = _spreads(mean, squares, k, priors, seed)
    sums = _unobserved_sums(spreads, np.asarray(others, dtype=float), seed)
    holders = int(np.count_nonzero(np.asarray(others) > 0))
    pred = stream(seed, "national.predictive").standard_normal(n)
    return {
        prior.name: Prediction(rest + holders * fixed, np.exp(mu + tau * pred), mu, tau)
        for prior, (mu, tau), rest in zip(priors, spreads, sums, strict=True)
    }


def _member_of(municipality: object, population: Population) -> Member | None:
    """The member a study's municipality is: by id (its code or key), else by name."""
    code = str(getattr(municipality, "code", ""))
    key = str(getattr(municipality, "key", ""))
    name = identity(str(getattr(municipality, "name", "")))
    for member in population.members:
        if member.id in (code, key):
            return member
    return next((m for m in population.members if identity(m.name) == name), None)


def observed_members(
    result: StudyResult | CostsResult, population: Population
) -> list[tuple[str, Member]]:
    """``(estimate key, member)`` for each municipality of the study with an estimate; one
    that is not a member is refused. Members the study does not estimate (including any that
    reported nothing) are predicted."""
    found = []
    for m in result.study.municipalities:
        member = _member_of(m, population)
        if member is None:
            raise fail(
                "national",
                "municipality",
                m.name,
                f"a member of {population.title} (by id, code, key or name; see "
                "'repatcost data --municipalities' or give --population FILE.csv)",
            )
        if m.key in result.estimates:
            found.append((m.key, member))
    return found


def _fixed_samples(population: Population, n: int, seed: int) -> FloatArray:
    if population.fixed_cost is None:
        return np.zeros(n)
    return population.fixed_cost.distribution.sample(stream(seed, "national.fixed_cost"), n)


def _naive(
    answer: tuple[StudyResult | CostsResult, Population, list[tuple[str, Member]]],
    driver: DriverInfo,
) -> Estimate:
    """The observed total x total driver / observed driver (one per driver, every prior)."""
    result, population, seen = answer
    observed = result.total
    scale = population.total(driver.name) / math.fsum(m.drivers[driver.name] for _, m in seen)
    return Estimate(
        f"naive ratio ({driver.name})",
        observed.samples * scale,
        (observed.hard_range[0] * scale, observed.hard_range[1] * scale),
        observed.run,
    )


def _outcome(
    answer: tuple[StudyResult | CostsResult, Population, list[tuple[str, Member]]],
    driver: DriverInfo,
    guess: Prediction,
    prior: ScalePrior,
    naive: Estimate,
) -> DriverOutcome:
    result, population, _ = answer
    observed = result.total
    national_total = Estimate(
        f"{population.area} ({driver.name})",
        observed.samples + guess.rest,
        (observed.hard_range[0], math.inf),
        observed.run,
    )
    return DriverOutcome(driver, national_total, naive, guess.mu, guess.tau, guess.ratio, prior)


def _predict(
    answer: tuple[StudyResult | CostsResult, Population, list[tuple[str, Member]]],
    driver: DriverInfo,
    priors: Sequence[ScalePrior],
    fixed: FloatArray,
) -> dict[str, DriverOutcome]:
    result, population, seen = answer
    ids = {m.id for _, m in seen}
    others = np.array([m.drivers[driver.name] for m in population.members if m.id not in ids])
    guesses = predict_unobserved(
        [result.estimates[key].samples for key, _ in seen],
        [m.drivers[driver.name] for _, m in seen],
        others,
        seed=result.seed,
        priors=priors,
        fixed=fixed,
    )
    naive = _naive(answer, driver)
    return {p.name: _outcome(answer, driver, guesses[p.name], p, naive) for p in priors}


def national(
    study: Study | StudyResult | CostsResult,
    *,
    population: Population | None = None,
    driver: str | None = None,
    prior: str = CENTRAL_PRIOR,
    n: int = 100_000,
    seed: Seed = 0,
) -> NationalResult:
    """The cost of the whole ``population`` (default: the one the study's pack offers; a
    given one takes the pack's fixed part, currency and sentences where it states none)
    from ``study``'s estimates (see module docs).

    Every driver is evaluated on the same draws (the reading of which driver is right);
    ``driver`` names the central one (default: the population's). A :class:`Study` is run
    with ``n`` and ``seed`` (costs only, in chunks: :meth:`Study.run_costs`); a result is
    used as it is.
    """
    result = study.run_costs(n, seed=seed) if isinstance(study, Study) else study
    if population is None:
        population = population_for(result.study)
    else:
        population = with_pack_defaults(population, result.study)
    central = population.driver(population.central_driver if driver is None else driver)
    chosen = prior_named(prior)
    seen = observed_members(result, population)
    fixed = _fixed_samples(population, result.n, result.seed)
    answer = (result, population, seen)
    table = _predict(answer, central, PRIORS, fixed)
    outcomes = {central.name: table[chosen.name]}
    for other in population.drivers:
        if other.name != central.name:
            outcomes[other.name] = _predict(answer, other, (chosen,), fixed)[chosen.name]
    return NationalResult(
        result=result,
        population=population,
        outcomes=MappingProxyType(outcomes),
        priors=MappingProxyType(table),
        central_name=central.name,
        prior_name=chosen.name,
        fixed=fixed,
        observed_ids=tuple(m.id for _, m in seen),
    )
