"""Distributions: construction checks, sampling, quantiles, bounds."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from repatcost.distributions import (
    DISTRIBUTIONS,
    PERT,
    Fixed,
    LogNormal,
    Normal,
    Triangular,
    Uniform,
    from_table,
    register,
)
from repatcost.errors import InvalidValueError
from repatcost.testing import strategies

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)
positive = st.floats(min_value=1e-3, max_value=1e6)


@st.composite
def ordered(draw: st.DrawFn) -> tuple[float, float, float]:
    low = draw(finite)
    width = draw(positive)
    mode = low + width * draw(st.floats(min_value=0.0, max_value=1.0))
    return low, mode, low + width


def all_kinds(low: float, mode: float, high: float) -> list:
    return [
        Fixed(mode),
        Uniform(low, high),
        Triangular(low, mode, high),
        PERT(low, mode, high),
        Normal(mode, (high - low) / 4 + 1e-3, low=low, high=high),
    ]


@pytest.mark.parametrize(
    ("factory", "field", "value"),
    [
        (lambda: Uniform(2, 1), "high", 1.0),
        (lambda: Uniform(0, math.inf), "high", math.inf),
        (lambda: Uniform(math.nan, 1), "low", "nan"),
        (lambda: Triangular(0, -1, 2), "mode", -1.0),
        (lambda: Triangular(3, 3, 1), "high", 1.0),
        (lambda: PERT(1, 5, 3), "mode", 5.0),
        (lambda: PERT(1, 2, 3, shape=-1), "shape", -1.0),
        (lambda: Fixed(math.nan), "value", "nan"),
        (lambda: Fixed(-math.inf), "value", -math.inf),
        (lambda: Normal(0, -1), "sigma", -1.0),
        (lambda: Normal(0, 1, low=2, high=1), "high", 1.0),
        (lambda: LogNormal.from_interval(0, 5), "low", 0),
        (lambda: LogNormal.from_interval(5, 2), "high", 2),
        (lambda: LogNormal.from_interval(1, 2, level=1.5), "level", 1.5),
    ],
)
def test_invalid_parameters_are_refused_naming_field_and_value(factory, field, value) -> None:
    """Every invalid parameter raises at construction with field, value and expectation."""
    with pytest.raises(InvalidValueError) as info:
        factory()
    message = str(info.value)
    assert f"'{field}'" in message
    assert "must be" in message
    assert str(value) in message
    assert isinstance(info.value, ValueError)


@given(ordered())
def test_samples_stay_within_bounds(lmh: tuple[float, float, float]) -> None:
    """Every sample of every kind lies in its finite hard range."""
    rng = np.random.default_rng(0)
    for dist in all_kinds(*lmh):
        low, high = dist.bounds
        assert math.isfinite(low)
        assert math.isfinite(high)
        draws = dist.sample(rng, 500)
        assert draws.shape == (500,)
        assert (draws >= low).all()
        assert (draws <= high).all()


@given(ordered())
def test_ppf_is_monotone_and_median_is_ppf_half(lmh: tuple[float, float, float]) -> None:
    """The quantile function is non-decreasing, within bounds, and median = ppf(0.5)."""
    q = np.linspace(0.0, 1.0, 41)
    for dist in all_kinds(*lmh):
        values = dist.ppf(q)
        assert (np.diff(values) >= -1e-9 * (1 + abs(values).max())).all()
        low, high = dist.bounds
        assert values[0] >= low - 1e-9 * (1 + abs(low))
        assert values[-1] <= high + 1e-9 * (1 + abs(high))
        assert dist.median == pytest.approx(float(dist.ppf(0.5)))


def test_uniform_and_pert_moments_match_theory() -> None:
    """Sample means converge to the analytic means (PERT: (a + 4m + b) / 6)."""
    rng = np.random.default_rng(1)
    pert = PERT(460_000, 530_000, 600_000)
    assert pert.mean == pytest.approx((460_000 + 4 * 530_000 + 600_000) / 6)
    assert pert.sample(rng, 200_000).mean() == pytest.approx(pert.mean, rel=2e-3)
    uniform = Uniform(750_000, 850_000)
    assert uniform.median == pytest.approx(800_000)
    assert uniform.sample(rng, 200_000).mean() == pytest.approx(800_000, rel=1e-3)


def test_lognormal_from_interval_holds_that_interval() -> None:
    """LogNormal.from_interval(a, b) puts 90% of its mass in [a, b]."""
    dist = LogNormal.from_interval(5.0, 10.0)
    low, high = dist.ppf([0.05, 0.95])
    assert low == pytest.approx(5.0, rel=1e-3)
    assert high == pytest.approx(10.0, rel=1e-3)
    assert dist.median == pytest.approx(math.sqrt(50.0), rel=1e-3)


def test_truncated_normal_respects_truncation() -> None:
    """A truncated Normal never leaves [low, high] and its bounds say so."""
    dist = Normal(0.0, 1.0, low=-0.5, high=2.0)
    assert dist.bounds == (-0.5, 2.0)
    draws = dist.sample(np.random.default_rng(2), 100_000)
    assert draws.min() >= -0.5
    assert draws.max() <= 2.0


def test_fixed_is_degenerate_and_constant() -> None:
    """Fixed(v) has zero width, draws only v and reports itself degenerate."""
    dist = Fixed(240.0)
    assert dist.is_degenerate
    assert (dist.sample(np.random.default_rng(3), 10) == 240.0).all()
    assert dist.bounds == (240.0, 240.0)


@given(ordered(), st.integers(min_value=0, max_value=2**32))
def test_sampling_is_reproducible_under_a_seed(lmh, seed: int) -> None:
    """The same generator seed gives the same draws, bit for bit."""
    for dist in all_kinds(*lmh):
        a = dist.sample(np.random.default_rng(seed), 50)
        b = dist.sample(np.random.default_rng(seed), 50)
        assert np.array_equal(a, b)


def test_distributions_are_frozen() -> None:
    """Distributions are immutable values."""
    dist = Uniform(0, 1)
    with pytest.raises(AttributeError):
        dist.low = 5  # type: ignore[misc]
    assert Uniform(0, 1) == dist


def test_pert_ppf_at_vanishing_probabilities_is_its_lower_bound() -> None:
    """q below scipy's betaincinv range gives the lower bound, never NaN."""
    values = PERT(1.0, 1.5, 2.0).ppf([1e-250, 0.0, 1.0])
    assert values.tolist() == [1.0, 1.0, 2.0]


# The registry: every kind carries its table form, centre and variance.


@given(strategies.distributions(min_value=-1e6, max_value=1e6))
def test_every_kind_round_trips_through_its_table_form(dist) -> None:
    """to_table then from_table gives back an equal distribution, for every kind."""
    assert from_table(dist.to_table()) == dist
    assert DISTRIBUTIONS[dist.kind] is type(dist)


def test_every_registered_kind_can_be_generated_and_read() -> None:
    """The test kit generates every registered kind; every distribution class is registered."""
    assert set(strategies.DISTRIBUTION_KINDS) == set(DISTRIBUTIONS)
    classes = {Fixed, Uniform, Triangular, PERT, Normal, LogNormal}
    assert {DISTRIBUTIONS[c.kind] for c in classes} == classes


@pytest.mark.parametrize(
    ("dist", "centre", "variance"),
    [
        (Fixed(3.0), 3.0, 0.0),
        (Uniform(2.0, 8.0), 5.0, 36.0 / 12.0),
        # (a^2 + b^2 + c^2 - ab - ac - bc) / 18 with a=0, c=1, b=4: (0 + 16 + 1 - 0 - 0 - 4) / 18
        (Triangular(0.0, 1.0, 4.0), 1.0, 13.0 / 18.0),
        # alpha = 1 + 4 * 1/4 = 2, beta = 1 + 4 * 3/4 = 4: 16 * 8 / (36 * 7)
        (PERT(0.0, 1.0, 4.0), 1.0, 16.0 * 8.0 / (36.0 * 7.0)),
        # an untruncated log-normal: (e^{s^2} - 1) e^{2 mu + s^2} with mu = 0, s = 0.5
        (LogNormal(0.0, 0.5, low=1e-12, high=1e12), 1.0, (math.exp(0.25) - 1) * math.exp(0.25)),
    ],
    ids=lambda v: type(v).__name__ if not isinstance(v, float) else "",
)
def test_centre_and_variance_match_hand_computed_values(dist, centre, variance) -> None:
    """Each kind's centre (mode, middle or median) and exact variance."""
    assert dist.centre == pytest.approx(centre, rel=1e-12)
    assert dist.variance == pytest.approx(variance, rel=1e-9)


def test_lognormal_table_takes_an_interval_or_mu_and_sigma() -> None:
    """The interval form equals from_interval; mixing both forms, or half of one, is refused."""
    by_interval = from_table({"dist": "lognormal", "low": 2.0, "high": 8.0, "level": 0.8})
    assert by_interval == LogNormal.from_interval(2.0, 8.0, 0.8)
    assert from_table(by_interval.to_table()) == by_interval
    for bad, field in [
        ({"low": 2.0, "high": 8.0, "mu": 1.0}, "mu"),
        ({"low": 2.0}, "high"),
        ({"sigma": 1.0}, "mu"),
        ({"mu": 0.0, "sigma": 1.0, "min": -1.0}, "min"),
        ({"mu": 0.0, "sigma": 1.0, "mode": 1.0}, "mode"),
    ]:
        with pytest.raises(InvalidValueError) as info:
            LogNormal.from_table(bad)
        assert info.value.field == field


def test_an_error_from_a_table_names_the_files_key() -> None:
    """A table's error names the key a file uses (min, sd), not the attribute (low, sigma)."""
    with pytest.raises(InvalidValueError) as info:
        from_table({"dist": "normal", "mean": 0.0, "sd": -1.0})
    assert info.value.field == "sd"
    with pytest.raises(InvalidValueError) as info:
        from_table({"dist": "uniform", "min": 2.0, "max": 1.0})
    assert info.value.field == "max"
    with pytest.raises(InvalidValueError, match="'dist'"):
        from_table({"dist": "beta"})


def test_a_kind_registers_once() -> None:
    """Registering a second class under a taken kind is refused."""

    class Impostor(Fixed):
        kind = "uniform"

    with pytest.raises(InvalidValueError, match="'kind'"):
        register(Impostor)
    assert DISTRIBUTIONS["uniform"] is Uniform
