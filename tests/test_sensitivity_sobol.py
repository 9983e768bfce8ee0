"""Sobol indices against analytic answers, their intervals, reference models, rank correlations."""

from __future__ import annotations

import math

import numpy as np
import pytest

from repatcost.distributions import PERT, Fixed, LogNormal, Normal, Triangular, Uniform
from repatcost.errors import InvalidValueError
from repatcost.outputs import study_output
from repatcost.sensitivity import (
    ishigami,
    linear_model,
    rank_correlations,
    rank_correlations_of,
    sobol,
    sobol_indices_of,
)
from repatcost.sensitivity.reference import variance_of

LINEAR = linear_model(
    {"a": 3.0, "b": 1.0, "c": -2.0, "unused": 0.0},
    {"a": PERT(0, 1, 4), "b": Uniform(0, 2), "c": Normal(1, 0.5), "unused": Uniform(0, 1)},
)


def _check_against(result, model, *, max_width: float) -> None:
    for index in result.indices:
        for estimate, (low, high), exact in (
            (index.first_order, index.first_order_ci, model.first_order[index.input]),
            (index.total_order, index.total_order_ci, model.total_order[index.input]),
        ):
            assert low <= exact <= high, (index.input, estimate, low, high, exact)
            assert high - low < max_width, (index.input, low, high)


def test_linear_model_indices_match_analytic_values_within_their_intervals() -> None:
    """Independent inputs, no interactions: every index's interval holds the exact value."""
    # 99.9% intervals: eight simultaneous checks rarely fail by chance; the coverage test
    # below pins the intervals' calibration at 95%.
    result = sobol_indices_of(LINEAR.function, LINEAR.inputs, n=512, seed=11, confidence=0.999)
    _check_against(result, LINEAR, max_width=0.03)


def test_ishigami_indices_match_analytic_values_within_their_intervals() -> None:
    """The non-additive Ishigami function: first-order and total indices within their CIs."""
    model = ishigami()
    result = sobol_indices_of(model.function, model.inputs, n=1024, seed=5, confidence=0.999)
    _check_against(result, model, max_width=0.15)
    assert result.index("x3").total_order > 0.15 > abs(result.index("x3").first_order)


@pytest.mark.slow
def test_intervals_cover_the_exact_value_at_about_their_level() -> None:
    """Across 40 seeds the 95% intervals hold the exact index in at least 80% of cases."""
    hits: dict[str, list[bool]] = {}
    for seed in range(40):
        result = sobol_indices_of(LINEAR.function, LINEAR.inputs, n=128, seed=seed)
        for index in result.indices:
            if index.input == "unused":
                continue
            low, high = index.first_order_ci
            hits.setdefault(index.input, []).append(low <= LINEAR.first_order[index.input] <= high)
    rates = {name: float(np.mean(h)) for name, h in hits.items()}
    assert all(rate >= 0.8 for rate in rates.values()), rates
    assert np.mean(list(rates.values())) < 1.0  # intervals that never miss are too wide


def test_input_the_output_ignores_has_indices_within_ci_of_zero() -> None:
    """An unused input's indices are exactly 0 and 0 lies in their intervals."""
    index = sobol_indices_of(LINEAR.function, LINEAR.inputs, n=256, seed=0).index("unused")
    assert index.first_order == 0.0
    assert index.total_order == 0.0
    assert index.first_order_ci[0] <= 0.0 <= index.first_order_ci[1]
    assert index.total_order_ci[0] <= 0.0 <= index.total_order_ci[1]


@pytest.mark.parametrize("which", ["ishigami", "linear"])
def test_first_order_indices_sum_to_at_most_one(which: str) -> None:
    """The first-order indices sum to <= 1 within their interval (and ~1 without interactions)."""
    model = ishigami() if which == "ishigami" else LINEAR
    result = sobol_indices_of(model.function, model.inputs, n=512, seed=2)
    _total, (low, high) = result.first_order_sum
    assert low <= 1.0
    assert low <= sum(model.first_order.values()) <= high


def test_bundled_total_sobol_covers_every_uncertain_input(bundled) -> None:
    """The study's total: one index per uncertain input, fixed inputs excluded, sum <= 1."""
    output = study_output(bundled, "total")
    result = sobol(bundled, "total", n=256, seed=4, repeats=4)
    uncertain = sorted(k for k, d in output.inputs.items() if not d.is_degenerate)
    assert list(result.inputs) == uncertain
    assert set(result.fixed) == set(output.inputs) - set(uncertain)
    assert result.first_order_sum[1][0] <= 1.0
    for name in result.fixed:
        assert result.index(name).first_order == 0.0
    ranked = [index.total_order for index in result.indices]
    assert ranked == sorted(ranked, reverse=True)


def test_study_and_plain_function_give_identical_indices(bundled) -> None:
    """sobol(study) is sobol_indices_of on the study's own function and distributions."""
    output = study_output(bundled, "aarhus")
    a = sobol(bundled, "aarhus", n=128, seed=9, repeats=3)
    b = sobol_indices_of(output.function, output.inputs, n=128, seed=9, repeats=3)
    assert np.array_equal(a.first_replicates, b.first_replicates)
    assert np.array_equal(a.total_replicates, b.total_replicates)


def test_same_seed_same_bits_and_generators_work() -> None:
    """An integer seed, or a Generator in the same state, repeats the result bit for bit."""
    model = ishigami()
    first = sobol_indices_of(model.function, model.inputs, n=128, seed=3, repeats=3)
    again = sobol_indices_of(model.function, model.inputs, n=128, seed=3, repeats=3)
    other = sobol_indices_of(model.function, model.inputs, n=128, seed=4, repeats=3)
    assert np.array_equal(first.first_replicates, again.first_replicates)
    assert not np.array_equal(first.first_replicates, other.first_replicates)
    g1 = sobol_indices_of(
        model.function, model.inputs, n=128, repeats=3, seed=np.random.default_rng(8)
    )
    g2 = sobol_indices_of(
        model.function, model.inputs, n=128, repeats=3, seed=np.random.default_rng(8)
    )
    assert g1.seed == g2.seed
    assert np.array_equal(g1.total_replicates, g2.total_replicates)


def test_single_input_model_has_both_indices_one() -> None:
    """With one uncertain input all the variance is its own: S = ST = 1."""
    result = sobol_indices_of(
        lambda v: v["x"] ** 3 * v["k"], {"x": Uniform(0, 1), "k": Fixed(2)}, n=256, seed=0
    )
    index = result.index("x")
    assert index.first_order == pytest.approx(1.0, abs=0.02)
    assert index.total_order == pytest.approx(1.0, abs=0.02)


def test_sobol_table_lists_indices_and_names_method_and_fixed_inputs(bundled) -> None:
    """The table has one row per uncertain input and notes on method, repeats and exclusions."""
    result = sobol(bundled, "aarhus", n=128, seed=1, repeats=3)
    table = result.table()
    assert [row[0] for row in table.rows] == [index.input for index in result.indices]
    notes = " ".join(table.notes)
    assert "scipy.stats.sobol_indices" in notes
    assert "3 independent repeats" in notes
    assert "aarhus.count" in notes


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"n": 1000}, "n"),
        ({"n": 1}, "n"),
        ({"repeats": 1}, "repeats"),
        ({"confidence": 1.0}, "confidence"),
        ({"seed": -1}, "seed"),
        ({"seed": "abc"}, "seed"),
    ],
)
def test_bad_arguments_are_refused_naming_the_field(kwargs, field: str) -> None:
    """n not a power of 2, too few repeats, a bad level or seed raise before any work."""
    model = ishigami()
    with pytest.raises(InvalidValueError) as info:
        sobol_indices_of(model.function, model.inputs, **kwargs)
    assert info.value.field == field
    assert "must be" in str(info.value)


def test_unknown_input_name_is_refused_by_index() -> None:
    """Asking for the index of an input the model does not have raises naming it."""
    model = ishigami()
    result = sobol_indices_of(model.function, model.inputs, n=64, seed=0, repeats=2)
    with pytest.raises(InvalidValueError, match="x9"):
        result.index("x9")


# -- reference models -----------------------------------------------------------------------


def test_ishigami_analytic_indices_are_the_published_values() -> None:
    """a = 7, b = 0.1 gives S = (0.3139, 0.4424, 0) and ST = (0.5576, 0.4424, 0.2437)."""
    model = ishigami()
    assert [round(model.first_order[k], 4) for k in ("x1", "x2", "x3")] == [0.3139, 0.4424, 0.0]
    assert [round(model.total_order[k], 4) for k in ("x1", "x2", "x3")] == [0.5576, 0.4424, 0.2437]
    rng = np.random.default_rng(0)
    x = {k: d.sample(rng, 200_000) for k, d in model.inputs.items()}
    assert float(np.var(model.function(x))) == pytest.approx(model.variance, rel=0.02)


@pytest.mark.parametrize(
    "dist",
    [
        Fixed(3),
        Uniform(-1, 5),
        Triangular(0, 1, 4),
        PERT(2, 3, 9),
        PERT(0, 1, 2, shape=6),
        Normal(1, 2, low=0),
        LogNormal(0, 0.5),
        LogNormal(1, 1, low=1, high=20),
    ],
)
def test_variance_of_matches_sampled_variance(dist) -> None:
    """The analytic variance of every distribution kind agrees with 400,000 draws."""
    draws = dist.sample(np.random.default_rng(1), 400_000)
    assert variance_of(dist) == pytest.approx(float(np.var(draws)), rel=0.01, abs=1e-12)


def test_reference_models_refuse_what_they_cannot_answer() -> None:
    """Unsupported distributions, all-zero coefficients and mismatched inputs are refused."""
    with pytest.raises(InvalidValueError):
        variance_of(1.0)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="coefficients"):
        linear_model({"a": 0.0})
    with pytest.raises(InvalidValueError, match="inputs"):
        linear_model({"a": 1.0}, {"b": Uniform(0, 1)})
    with pytest.raises(InvalidValueError, match="coefficients"):
        linear_model({"a": math.nan})


# -- rank correlations ----------------------------------------------------------------------


def test_rank_correlations_have_the_sign_of_the_effect() -> None:
    """Increasing inputs correlate positively, decreasing ones negatively, ranked by size."""
    inputs = {"up": Uniform(0, 1), "down": Uniform(0, 1), "noise": Uniform(0, 1)}
    result = rank_correlations_of(
        lambda v: 5 * v["up"] - 2 * v["down"] + 0 * v["noise"], inputs, n=5000, seed=0
    )
    rho = {row.input: row.rho for row in result.rows}
    assert [row.input for row in result.rows] == ["up", "down", "noise"]
    assert rho["up"] > 0.8
    assert rho["down"] < -0.2
    assert abs(rho["noise"]) < 0.05


def test_rank_correlations_use_the_draws_of_an_ordinary_run(bundled) -> None:
    """With the same n and seed the output samples are Study.run's own total samples."""
    result = bundled.run(3000, seed=21)
    output = study_output(bundled, "total")
    ranks = rank_correlations(bundled, "total", n=3000, seed=21)
    x = result.draws.values["wage_cost"]
    y = output.function({k: result.draws.values[k] for k in output.inputs})
    assert np.array_equal(y, result.total.samples)
    from scipy import stats

    expected = float(stats.spearmanr(x, result.total.samples).statistic)
    assert next(r.rho for r in ranks.rows if r.input == "wage_cost") == expected


def test_constant_output_has_zero_correlations_without_warnings() -> None:
    """An output that does not vary gets rho 0 for every input (and no scipy warning)."""
    result = rank_correlations_of(lambda v: 0 * v["a"] + 1.0, {"a": Uniform(0, 1)}, n=100, seed=0)
    assert [(r.input, r.rho, r.p_value) for r in result.rows] == [("a", 0.0, 1.0)]
