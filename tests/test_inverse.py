"""The fast inverse CDF (repatcost.inverse) against scipy.stats, tails included."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from repatcost.distributions import PERT, Triangular
from repatcost.inverse import SMALL, U_RESOLUTION, beta_inverse, beta_ppf

SHAPES = [(3.0, 5.0), (1.0, 5.0), (5.0, 1.0), (1.0, 1.0), (1.2, 4.8), (2.6, 2.4), (41.0, 61.0)]
"""Beta shapes of PERT inputs: classic (shape 4) ranges with the mode in the middle, at
either end and near one, a uniform, and a sharply peaked one (shape 100)."""


def _probabilities() -> np.ndarray:
    """A fine grid over (0, 1) and both tails down to 1e-15 (the far tails included)."""
    tail = np.logspace(-15, -1, 300)
    return np.sort(np.concatenate([np.linspace(0.0, 1.0, 200_001), tail, 1.0 - tail]))


@pytest.mark.parametrize(("alpha", "beta"), SHAPES)
def test_u_error_is_within_the_resolution(alpha: float, beta: float) -> None:
    """|F(x) - u| <= 1e-10 over the whole grid, tails included (F from scipy.stats.beta)."""
    u = _probabilities()
    x = beta_ppf(alpha, beta, u)
    assert np.max(np.abs(stats.beta.cdf(x, alpha, beta) - u)) <= U_RESOLUTION


@pytest.mark.parametrize(("alpha", "beta"), SHAPES)
def test_x_error_is_within_a_millionth_of_the_range(alpha: float, beta: float) -> None:
    """The fast inverse is within 1e-6 of scipy.stats.beta.ppf (range 1), tails included."""
    u = _probabilities()
    x = beta_ppf(alpha, beta, u)
    assert np.max(np.abs(x - stats.beta.ppf(u, alpha, beta))) <= 1e-6


def test_inverse_is_monotone_and_reaches_the_bounds() -> None:
    """Quantiles never decrease with u and the ends map to 0 and 1."""
    u = _probabilities()
    x = beta_ppf(3.0, 5.0, u)
    assert np.all(np.diff(x) >= 0)
    assert (x[0], x[-1]) == (0.0, 1.0)


def test_the_set_up_is_made_once_per_shape() -> None:
    """The same shape gives the same inverse object: it is set up once and reused."""
    assert beta_inverse(2.0, 3.0) is beta_inverse(2.0, 3.0)
    assert beta_inverse(2.0, 3.0) is not beta_inverse(3.0, 2.0)


def test_small_arrays_are_inverted_exactly() -> None:
    """Up to SMALL probabilities (tornado swings, table quantiles) equal betaincinv's."""
    u = np.linspace(0.0, 1.0, SMALL)
    assert np.array_equal(beta_ppf(3.0, 5.0, u), stats.beta.ppf(u, 3.0, 5.0))


def test_pert_ppf_uses_the_fast_inverse_on_its_range() -> None:
    """PERT.ppf is the Beta inverse scaled to [low, high]: x-error <= 1e-6 of the range."""
    d = PERT(460_000.0, 530_000.0, 600_000.0)
    alpha, beta = d._ab
    u = _probabilities()
    width = d.high - d.low
    exact = d.low + width * stats.beta.ppf(u, alpha, beta)
    assert np.max(np.abs(d.ppf(u) - exact)) <= 1e-6 * width
    assert d.ppf(u).shape == u.shape


def test_triangular_ppf_is_scipys() -> None:
    """Triangular.ppf, now numpy's closed form, equals scipy.stats.triang.ppf."""
    d = Triangular(2.0, 3.0, 7.0)
    u = _probabilities()
    expected = stats.triang.ppf(u, 0.2, loc=2.0, scale=5.0)
    np.testing.assert_allclose(d.ppf(u), expected, rtol=0, atol=1e-12 * 5.0)
