"""Engine limits: memory estimated before allocating, unreachable tolerances refused from a
pilot run, too few samples for an interval refused, numbers at the edge of float range refused."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from repatcost.data import bundled_study
from repatcost.distributions import PERT, Fixed, LogNormal, Normal, Triangular, Uniform
from repatcost.engine import check_memory, memory_budget, memory_estimate
from repatcost.errors import InvalidValueError
from repatcost.estimate import check_interval_samples, interval_samples
from repatcost.precision import run_to_tolerance
from repatcost.sensitivity import sobol, value_of_information

STUDY = bundled_study()


def test_memory_estimate_formula() -> None:
    """n x arrays x 8 bytes x the overhead factor of 2: 1e6 x 60 arrays is 960 MB."""
    assert memory_estimate(1_000_000, 60) == 1_000_000 * 60 * 8 * 2


def test_memory_refusal_names_estimate_and_remedy() -> None:
    """Over budget: the error names the estimate, the budget and the most samples that fit."""
    with pytest.raises(InvalidValueError) as err:
        check_memory("Study.run", 10_000_000, 35, budget=2**30)
    text = str(err.value)
    assert "5.2 GiB" in text  # 1e7 x 35 x 16 bytes
    assert "1.0 GiB" in text
    assert "at most 1,917,396 samples" in text  # 2**30 // (35 x 16)
    assert "run_costs" in text
    check_memory("Study.run", 1_000, 35, budget=2**30)


def test_study_run_refuses_before_allocating() -> None:
    """A run far over the machine's memory is refused at once (no MemoryError)."""
    too_many = memory_budget() // 16 + 1  # over budget even for one array
    with pytest.raises(InvalidValueError, match="fits in memory"):
        STUDY.run(too_many, seed=0)


def test_unreachable_tolerance_is_refused_after_the_pilot() -> None:
    """1e-300 is refused from the pilot run, naming the samples it would need."""
    with pytest.raises(InvalidValueError) as err:
        run_to_tolerance(STUDY, 1e-300, seed=0, start=1_000)
    text = str(err.value)
    assert "pilot run of 1,000 samples" in text
    assert "more than 1e308 samples" in text


def test_reachable_tolerance_still_runs() -> None:
    """A tolerance the pilot shows reachable is run as before."""
    _, report = run_to_tolerance(STUDY, 0.02, seed=0, start=1_000)
    assert report.max_relative_mc_error is not None
    assert report.max_relative_mc_error <= 0.02


def test_interval_samples_formula() -> None:
    """Ten samples in each tail: 2 x 10 / (1 - level)."""
    assert interval_samples(0.9) == 200
    assert interval_samples(0.5) == 40
    assert interval_samples(0.95) == 400


@settings(max_examples=50, deadline=None)
@given(st.floats(0.5, 0.999), st.integers(1, 30_000))
def test_interval_samples_property(level: float, n: int) -> None:
    """Accepted exactly when n reaches the required count; a refusal names n."""
    if n >= interval_samples(level):
        check_interval_samples("x", n, level)
    else:
        with pytest.raises(InvalidValueError, match="'n'"):
            check_interval_samples("x", n, level)


def test_report_refuses_too_few_samples_and_odd_levels() -> None:
    """``--samples 1`` and a 1e-300 level give errors, never "± 0" or a "0% interval"."""
    result = STUDY.run(100, seed=0)
    with pytest.raises(InvalidValueError, match="at least 200 samples"):
        result.report(level=0.9)
    assert result.report(level=0.5).level == 0.5
    big = STUDY.run(1_000, seed=0)
    for level in (1e-300, 0.3, 0.9999, math.nan):
        with pytest.raises(InvalidValueError, match="'level'"):
            big.report(level=level)


def test_sensitivity_refuses_tiny_samples() -> None:
    """Sobol with 2 samples and value of information with 2 samples are refused."""
    with pytest.raises(InvalidValueError, match="'n'"):
        sobol(STUDY, "total", n=2, seed=0)
    with pytest.raises(InvalidValueError, match="'n'"):
        value_of_information(STUDY, "total", n=2, seed=0)


@pytest.mark.parametrize(
    "build",
    [
        lambda: Uniform(-1e308, 1e308),
        lambda: PERT(1e308, 1.5e308, 1.7e308),
        lambda: Triangular(0.0, 1.0, 1e16),
        lambda: Fixed(-1e16),
        lambda: Normal(0.0, 1e300),
        lambda: LogNormal(700.0, 1.0),
    ],
)
def test_edge_of_float_range_refused_at_construction(build: object) -> None:
    """Distributions whose numbers or range exceed 1e15 in magnitude cannot be built."""
    with pytest.raises(InvalidValueError):
        build()  # type: ignore[operator]


def test_division_by_infinity_is_refused() -> None:
    """``estimate / inf`` would be silent zeros: refused."""
    total = STUDY.run(1_000, seed=0).total
    with pytest.raises(InvalidValueError, match="finite"):
        total / math.inf
    assert (total / 2.0).median == pytest.approx(total.median / 2.0)
