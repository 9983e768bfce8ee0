"""The national answer: from the observed municipalities to all 98, with the spread between them.

A *driver* (repatriations, the size of the target group, ...) scales cost between
municipalities: municipality m costs ``driver_m x r_m``, where ``r_m`` is its cost per unit of
driver. The observed municipalities give ``r_j`` (their cost samples / their driver); the
others' ``r_m`` come from a log-normal random effect, ``log r_m ~ Normal(mu, tau^2)``, whose
mean and scale are themselves uncertain given k observations. With the reference prior
``p(mu, tau^2) ~ 1 / tau^2`` and the observed log-ratios ``y_1..y_k`` (mean ``ybar``, variance
``s^2``), drawn *per sample*:

- ``tau^2 = (k - 1) s^2 / X``, ``X ~ chi-squared(k - 1)`` (scaled inverse chi-squared);
- ``mu = ybar + tau / sqrt(k) Z``, ``Z ~ Normal(0, 1)``;
- ``r_m = exp(mu + tau Z_m)`` for each unobserved municipality, ``Z_m`` independent.

Because ``y_j`` are computed from sample i of the observed estimates, their own estimation
uncertainty enters on the same draws. The national total is, sample by sample, the observed
costs plus the sum over the others; samples are evaluated in chunks so memory stays flat.

>>> from repatcost.data import bundled_study
>>> answer = national(bundled_study(), n=4_000, seed=1)
>>> answer.central.driver.name, answer.central.driver.national
('repatriations', 304.0)
>>> low, high = answer.central.national.interval(0.9)
>>> bool(low < answer.central.naive.median < high)
True
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from types import MappingProxyType
from typing import cast

import attrs
import numpy as np

from repatcost._validators import fail, non_empty_text
from repatcost.distributions import FloatArray
from repatcost.engine import Seed, stream
from repatcost.estimate import Estimate
from repatcost.evidence import Repatriations
from repatcost.national_data import municipalities, national_repatriations
from repatcost.national_drivers import DriverTable
from repatcost.study import CostsResult, Study, StudyResult

__all__ = [
    "ASSUMPTIONS",
    "CHUNK",
    "MAX_SCALE",
    "Driver",
    "DriverOutcome",
    "NationalResult",
    "Prediction",
    "drivers_for",
    "national",
    "predict_unobserved",
    "spread_parameters",
]

CHUNK = 1 << 14
"""Samples evaluated at a time for the unobserved municipalities (memory ~ CHUNK x 98)."""

MAX_SCALE = 3.0
"""Largest scale ``tau`` of the between-municipality effect the prior allows (unsourced
estimate). tau = 3 puts 90% of municipalities within a factor of about 140 either side of the
typical cost per unit of driver, far beyond the 7-fold spread of the four; without a bound the
reference prior lets tau reach values (tau^2 of 10^4 in 10^6 samples) whose log-normal
overflows and whose mean does not exist."""

ASSUMPTIONS: tuple[str, ...] = (
    "Proportionality: within a municipality cost scales with the driver (twice the driver, "
    "twice the cost, up to the municipality's own random factor).",
    "Fixed costs that do not scale with volume, such as Odense's staff-year set aside "
    "whatever the number of conversations, are treated as proportional too; the "
    "'municipalities' driver (every municipality costs alike) is the opposite extreme.",
    "Between municipalities the log cost per unit of driver is normal; its mean and scale are "
    "estimated from the observed municipalities alone (prior p(mu, tau^2) ~ 1/tau^2), drawn "
    "per sample, so the interval carries the spread and the uncertainty of estimating it.",
    f"The spread scale tau is at most {MAX_SCALE:g} (a prior bound, unsourced estimate; 90% "
    "of municipalities within a factor of about 140 of the typical cost per unit).",
    "The observed municipalities stand for the others as a random draw would; the four "
    "largest cities are not a random draw, and the interval does not correct for that.",
    "A municipality with a driver of 0 costs 0 (no fixed cost).",
)
"""What the national result rests on (printed with every national report)."""


def _frozen_values(value: Mapping[int, float]) -> Mapping[int, float]:
    known = {t.code for t in municipalities()}
    if set(value) != known:
        raise fail("Driver", "values", len(value), "a value for each of the 98 municipalities")
    return MappingProxyType({code: float(value[code]) for code in sorted(value)})


@attrs.frozen
class Driver:
    """What cost scales with between municipalities, with its value per municipality.

    Attributes:
        name: e.g. ``"repatriations"``.
        unit: e.g. ``"persons repatriated in 2023"``.
        values: official code -> driver, for all 98 municipalities.
        source: where the values come from.
        rationale: why cost might scale with it.
        split_evenly: True when the unobserved municipalities' values are an even split of
            the national count less the observed (no per-municipality figures).
    """

    name: str = attrs.field(validator=non_empty_text)
    unit: str = attrs.field(validator=non_empty_text)
    values: Mapping[int, float] = attrs.field(converter=_frozen_values)
    source: str = attrs.field(validator=non_empty_text)
    rationale: str = attrs.field(validator=non_empty_text)
    split_evenly: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))

    @property
    def national(self) -> float:
        """The driver summed over all 98 municipalities."""
        return float(math.fsum(self.values.values()))


def _even_split(observed: Mapping[int, float], national: float) -> dict[int, float]:
    codes = [t.code for t in municipalities() if t.code not in observed]
    seen = math.fsum(observed.values())
    rest = national - seen
    if rest < 0:
        raise fail("Driver", "national", national, f">= the observed municipalities' {seen:g}")
    return {**observed, **{code: rest / len(codes) for code in codes}}


def _repatriations(study: Study, year: int) -> Driver:
    observed: dict[int, float] = {}
    for m in study.municipalities:
        found = [r.persons for r in m.records(Repatriations) if r.year == year]
        if not found:
            reported = sorted({r.year for r in m.records(Repatriations)})
            years = ", ".join(map(str, reported)) or "none"
            raise fail(
                "national",
                "year",
                year,
                f"a year with repatriations reported for every observed municipality "
                f"({m.name} reports: {years})",
            )
        observed[cast(int, m.code)] = float(sum(found))
    count = national_repatriations(year)
    return Driver(
        "repatriations",
        f"persons repatriated in {year}",
        _even_split(observed, float(count.persons)),
        f"observed: each municipality's own report; national {count.persons}: {count.source}",
        "the municipalities where more people choose repatriation hold more conversations",
        split_evenly=True,
    )


def _per_municipality() -> Driver:
    return Driver(
        "municipalities",
        "municipality",
        {t.code: 1.0 for t in municipalities()},
        "Statistics Denmark's list of 98 municipalities",
        "a fixed cost per municipality (a set-aside staff-year), whatever its size",
    )


def drivers_for(
    study: Study, *, table: DriverTable | None = None, year: int = 2023
) -> tuple[Driver, ...]:
    """The bundled drivers (repatriations in ``year``, one per municipality) and each column
    of ``table``; a column named like a bundled driver replaces it."""
    found = {d.name: d for d in (_repatriations(study, year), _per_municipality())}
    if table is None:
        return tuple(found.values())
    for name in table.names:
        found[name] = Driver(
            name,
            name.replace("_", " "),
            table.values[name],
            f"the user's driver file {table.file}",
            "supplied by the user",
        )
    return tuple(found.values())


def spread_parameters(
    log_ratios: FloatArray, u: FloatArray, z: FloatArray, *, max_scale: float = MAX_SCALE
) -> tuple[FloatArray, FloatArray]:
    """Per-sample mean ``mu`` and scale ``tau`` of the log-ratio random effect (module docs).

    ``log_ratios`` is (k, n); ``u`` holds uniform draws in [0, 1) that pick ``X`` by
    inversion from chi-squared(k - 1) restricted to ``tau <= max_scale`` (``X >= c`` with
    ``c = (k - 1) s^2 / max_scale^2``); ``z`` is standard normal.

    >>> from scipy.stats import chi2
    >>> y = np.array([[0.0], [2.0]])          # k = 2: ybar = 1, s^2 = 2, c = 2 / 9
    >>> u = np.array([1 - chi2.sf(2.0, 1) / chi2.sf(2 / 9, 1)])   # so that X = 2
    >>> mu, tau = spread_parameters(y, u, np.array([1.0]))
    >>> round(float(tau[0]), 9), round(float(mu[0]), 9)  # tau^2 = 1 x 2 / 2; 1 + 1/sqrt(2)
    (1.0, 1.707106781)
    """
    k = log_ratios.shape[0]
    if k < 2:
        raise fail("spread_parameters", "log_ratios", k, "two or more observed municipalities")
    if not (isinstance(max_scale, int | float) and 0 < max_scale < math.inf):
        raise fail("spread_parameters", "max_scale", max_scale, "a finite number > 0")
    from scipy.stats import chi2 as chi2_dist  # imported when needed: slow to import

    s2 = log_ratios.var(axis=0, ddof=1)
    c = (k - 1) * s2 / max_scale**2
    tail = chi2_dist.sf(c, k - 1)
    x = np.where(tail > 0, chi2_dist.isf(tail * (1.0 - u), k - 1), c)
    x = np.maximum(x, c)  # rounding guard: isf may land a hair below c
    tau = np.sqrt(np.divide((k - 1) * s2, x, out=np.zeros_like(s2), where=s2 > 0))
    mu = log_ratios.mean(axis=0) + tau / math.sqrt(k) * z
    return mu, tau


@attrs.frozen(eq=False)
class DriverOutcome:
    """The national result under one driver (all drivers share the run's draws).

    ``ratio`` holds samples of an unobserved municipality's cost per unit of driver (every
    unobserved municipality has this same distribution); ``mu`` and ``tau`` the per-sample
    spread parameters.
    """

    driver: Driver
    national: Estimate
    naive: Estimate
    mu: FloatArray = attrs.field(repr=False)
    tau: FloatArray = attrs.field(repr=False)
    ratio: FloatArray = attrs.field(repr=False)


@attrs.frozen(eq=False)
class NationalResult:
    """Every driver's national estimate on one run; ``central`` is the chosen driver's."""

    result: StudyResult | CostsResult
    outcomes: Mapping[str, DriverOutcome]
    central_name: str
    per_municipality: bool
    max_scale: float = MAX_SCALE

    @property
    def central(self) -> DriverOutcome:
        """The outcome under the chosen (central) driver."""
        return self.outcomes[self.central_name]

    @property
    def observed(self) -> Estimate:
        """The observed municipalities' total (the study's total)."""
        return self.result.total


def _observed_units(result: StudyResult | CostsResult, driver: Driver) -> FloatArray:
    units = np.array([driver.values[cast(int, m.code)] for m in result.study.municipalities])
    costs_positive = all(e.samples.min() > 0 for e in result.estimates.values())
    if not (units > 0).all() or not costs_positive:
        raise fail(
            "national",
            driver.name,
            dict(zip([m.name for m in result.study.municipalities], units.tolist(), strict=True)),
            "a driver > 0 and a cost > 0 in every sample for each observed municipality",
        )
    return units


def _unobserved_sums(
    spreads: list[tuple[FloatArray, FloatArray]], others: list[FloatArray], seed: int
) -> list[tuple[FloatArray, FloatArray]]:
    """For each driver, the sample-wise sum of ``others_m x exp(mu + tau Z_m)`` over the
    unobserved, in chunks, and one municipality's ratio ``exp(mu + tau Z_1)`` (its predictive
    distribution). Every driver uses the same ``Z`` (one block per chunk)."""
    effects = stream(seed, "national.effects")
    n = spreads[0][0].size
    out = [(np.empty(n), np.empty(n)) for _ in spreads]
    for start in range(0, n, CHUNK):
        stop = min(start + CHUNK, n)
        z = effects.standard_normal((stop - start, others[0].size))
        for (mu, tau), units, (total, ratio) in zip(spreads, others, out, strict=True):
            block = z * tau[start:stop, None]
            block += mu[start:stop, None]
            np.exp(block, out=block)
            ratio[start:stop] = block[:, 0]
            block *= units  # not a BLAS product: row sums must not depend on the chunk
            block.sum(axis=1, out=total[start:stop])
    return out


@attrs.frozen(eq=False)
class Prediction:
    """The unobserved municipalities on one run: their sample-wise total ``rest``, one
    municipality's cost per unit of driver ``ratio`` and the spread parameters per sample."""

    rest: FloatArray = attrs.field(repr=False)
    ratio: FloatArray = attrs.field(repr=False)
    mu: FloatArray = attrs.field(repr=False)
    tau: FloatArray = attrs.field(repr=False)


def _predict(
    costs: FloatArray,
    units: list[FloatArray],
    others: list[FloatArray],
    seed: int,
    max_scale: float,
) -> list[Prediction]:
    n = int(costs.shape[1])
    u: FloatArray = stream(seed, "national.scale").random(n)
    z: FloatArray = stream(seed, "national.mean").standard_normal(n)
    log_costs = np.log(costs)
    spreads = [
        spread_parameters(log_costs - np.log(row)[:, None], u, z, max_scale=max_scale)
        for row in units
    ]
    sums = _unobserved_sums(spreads, others, seed)
    return [
        Prediction(rest, ratio, mu, tau)
        for (mu, tau), (rest, ratio) in zip(spreads, sums, strict=True)
    ]


def predict_unobserved(
    costs: FloatArray,
    units: FloatArray,
    others: FloatArray,
    *,
    seed: int,
    max_scale: float = MAX_SCALE,
) -> Prediction:
    """Predict the unobserved municipalities from the observed (module docs).

    ``costs`` is (k, n): sample i of each observed municipality's cost, all > 0; ``units``
    their drivers (k,), > 0; ``others`` the unobserved municipalities' drivers, >= 0. The
    standard draws come from ``seed``'s streams, so every driver of a run shares them.
    """
    return _predict(costs, [units], [others], seed, max_scale)[0]


def _outcomes(
    result: StudyResult | CostsResult, drivers: tuple[Driver, ...], max_scale: float
) -> dict[str, DriverOutcome]:
    costs = np.stack([e.samples for e in result.estimates.values()])
    observed = {cast(int, m.code) for m in result.study.municipalities}
    units = [_observed_units(result, d) for d in drivers]
    others = [
        np.array([v for c, v in sorted(d.values.items()) if c not in observed]) for d in drivers
    ]
    guesses = _predict(costs, units, others, result.seed, max_scale)
    four = result.total
    out = {}
    for driver, row, guess in zip(drivers, units, guesses, strict=True):
        national = Estimate(
            f"Denmark ({driver.name})",
            four.samples + guess.rest,
            (four.hard_range[0], math.inf),
            four.run,
        )
        scale = driver.national / float(row.sum())
        naive = Estimate(
            f"naive ratio ({driver.name})",
            four.samples * scale,
            (four.hard_range[0] * scale, four.hard_range[1] * scale),
            four.run,
        )
        out[driver.name] = DriverOutcome(driver, national, naive, guess.mu, guess.tau, guess.ratio)
    return out


def _check_codes(study: Study) -> None:
    known = {t.code for t in municipalities()}
    for m in study.municipalities:
        if m.code not in known:
            raise fail(
                "national",
                "municipality code",
                m.code,
                "one of the 98 official codes (see 'repatcost data --municipalities')",
            )


def national(
    study: Study | StudyResult | CostsResult,
    *,
    driver: str = "repatriations",
    drivers: DriverTable | None = None,
    n: int = 100_000,
    seed: Seed = 0,
    year: int = 2023,
    max_scale: float = MAX_SCALE,
) -> NationalResult:
    """The cost in all 98 municipalities from ``study``'s estimates (see module docs).

    Every available driver is evaluated on the same draws (the reading of which driver is
    right); ``driver`` names the central one. A :class:`Study` is run with ``n`` and
    ``seed`` (costs only, in chunks: :meth:`Study.run_costs`); a result of :meth:`Study.run`
    or :meth:`Study.run_costs` is used as it is.
    """
    result = study.run_costs(n, seed=seed) if isinstance(study, Study) else study
    _check_codes(result.study)
    found = drivers_for(result.study, table=drivers, year=year)
    names = [d.name for d in found]
    if driver not in names:
        raise fail("national", "driver", driver, f"one of {', '.join(names)}")
    outcomes = _outcomes(result, found, max_scale)
    return NationalResult(
        result, MappingProxyType(outcomes), driver, drivers is not None, max_scale
    )
