"""Distributions: construction checks, sampling, quantiles, bounds."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from repatcost.distributions import PERT, Fixed, LogNormal, Normal, Triangular, Uniform
from repatcost.errors import InvalidValueError

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
