"""Qualifiers, assumptions, cost models, the engine, estimates, tables and atomic output."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from repatcost._io import write_atomic
from repatcost.assumptions import (
    Assumptions,
    Parameter,
    default_assumptions,
    hourly_cost,
    read_assumptions,
)
from repatcost.distributions import PERT, Fixed, Uniform
from repatcost.engine import draw_inputs, resolve_seed
from repatcost.errors import InvalidValueError
from repatcost.estimate import Estimate
from repatcost.model import CostModel, merge_inputs
from repatcost.qualifiers import Qualifier, QualifierMapping
from repatcost.scenario import ScenarioError
from repatcost.tables import Table

# --- qualifiers ---------------------------------------------------------------------------


def test_rounded_figure_is_uniform_over_its_rounding_interval() -> None:
    """'0.8 million' rounded to 0.1 million is Uniform(0.75, 0.85) million."""
    dist = QualifierMapping().distribution(800_000, Qualifier.ROUNDED, precision=100_000)
    assert dist == Uniform(750_000, 850_000)


def test_approximate_is_symmetric_and_cautious_skews_upward() -> None:
    """'About' is symmetric about the value; 'cautious' puts more mass above it."""
    mapping = QualifierMapping()
    about = mapping.distribution(2.0, Qualifier.APPROXIMATE)
    assert about.median == pytest.approx(2.0)
    assert about.bounds == pytest.approx((1.6, 2.4))
    cautious = mapping.distribution(1.5, Qualifier.CAUTIOUS)
    assert cautious.median > 1.5
    assert cautious.mean > 1.5
    assert float(cautious.ppf(0.25)) > 1.5 - 0.05


def test_mapping_is_overridable_and_validated() -> None:
    """The spreads can be changed; impossible spreads are refused."""
    wide = QualifierMapping(approximate_spread=0.5)
    assert wide.distribution(2.0, Qualifier.APPROXIMATE).bounds == pytest.approx((1.0, 3.0))
    with pytest.raises(InvalidValueError, match="approximate_spread"):
        QualifierMapping(approximate_spread=1.5)
    with pytest.raises(InvalidValueError, match="cautious_above"):
        QualifierMapping(cautious_above=-0.1)


@given(st.floats(min_value=0.0, max_value=1e7), st.sampled_from(list(Qualifier)))
@example(5e-324, Qualifier.APPROXIMATE)
@example(1e7, Qualifier.ROUNDED)
def test_qualified_figures_contain_the_reported_value(value: float, q: Qualifier) -> None:
    """Every qualifier's distribution covers the reported value and stays >= 0."""
    precision = 1e-10 if q is Qualifier.ROUNDED else None
    dist = QualifierMapping().distribution(value, q, precision=precision)
    low, high = dist.bounds
    assert low <= value <= high
    assert low >= 0.0


# --- assumptions --------------------------------------------------------------------------


def test_defaults_carry_unit_rationale_and_source() -> None:
    """Every packaged default has a unit, a rationale and a source or 'unsourced estimate'."""
    defaults = default_assumptions()
    assert defaults.price_year == 2023
    for parameter in defaults.parameters:
        assert parameter.unit
        assert len(parameter.rationale) > 10
        assert parameter.source
    assert "unsourced estimate" in defaults["show_up_rate"].source


def test_defaults_match_domain_table() -> None:
    """The DOMAIN.md ranges: wage cost PERT(460k, 530k, 600k), overhead 0.1-0.35 etc."""
    d = default_assumptions()
    assert d["wage_cost"].distribution == PERT(460_000, 530_000, 600_000)
    assert d["productive_hours"].distribution == PERT(1_350, 1_450, 1_600)
    assert d["overhead_share"].distribution == PERT(0.10, 0.20, 0.35)
    assert d["interpreter_fee"].distribution == PERT(360, 450, 700)
    assert d["interpreter_share"].distribution == PERT(0.15, 0.35, 0.60)
    assert d["hours_per_conversation"].distribution == PERT(1.25, 1.75, 2.5)
    assert d["wage_growth"].distribution == PERT(0.025, 0.030, 0.035)
    assert d["show_up_rate"].distribution.bounds == (0.5, 0.9)


def test_hourly_cost_at_the_modes_is_about_440() -> None:
    """Wage 530k x 1.2 / 1450 hours is about DKK 440 per hour."""
    assert hourly_cost(530_000, 0.2, 1_450) == pytest.approx(438.6, abs=0.1)


def test_override_is_immutable_and_refuses_unknown_names() -> None:
    """override returns a copy; a typo is refused, not ignored."""
    base = default_assumptions()
    changed = base.override(show_up_rate=0.7)
    assert changed["show_up_rate"].distribution == Fixed(0.7)
    assert base["show_up_rate"].distribution != Fixed(0.7)
    with pytest.raises(InvalidValueError, match="show_up_rat"):
        base.override(show_up_rat=0.7)
    with pytest.raises(KeyError, match="known assumptions"):
        base["nope"]


def test_parameters_must_be_unique_and_valid() -> None:
    """Duplicate names and non-distributions are refused at construction."""
    p = Parameter("x", Fixed(1), unit="u", rationale="r")
    with pytest.raises(InvalidValueError, match="unique"):
        Assumptions((p, p))
    with pytest.raises(InvalidValueError, match="distribution"):
        Parameter("x", 3, unit="u", rationale="r")  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="unit"):
        Parameter("x", Fixed(1), unit="", rationale="r")


def test_bad_assumptions_file_names_its_key(tmp_path: Path) -> None:
    """A broken assumptions file reports the key path of each problem."""
    path = tmp_path / "a.toml"
    path.write_text(
        'price_year = 2023\n[parameter.wage_cost]\nunit = "DKK"\n'
        'distribution = { dist = "uniform", min = 5, max = 1 }\n'
        'rationale = "r"\nsource = "s"\n',
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError) as info:
        read_assumptions(path)
    assert [p.path for p in info.value.problems] == ["parameter.wage_cost.distribution.max"]


# --- model --------------------------------------------------------------------------------


def linear_model() -> CostModel:
    return CostModel(
        label="t",
        method="m",
        inputs={"a": Uniform(1, 2), "b": Fixed(3)},
        function=lambda v: {"c": v["a"] * v["b"], "q": v["a"]},
        components=("c",),
        quantities=("q",),
    )


def test_model_evaluate_checks_outputs() -> None:
    """Missing inputs, wrong shapes, NaN and negative costs are refused with the field."""
    model = linear_model()
    with pytest.raises(InvalidValueError, match="missing"):
        model.evaluate({"a": np.ones(2)})
    with pytest.raises(InvalidValueError, match="one length"):
        model.evaluate({"a": np.ones(2), "b": np.ones(3)})
    bad = CostModel(
        label="t",
        method="m",
        inputs={"a": Uniform(0, 1)},
        function=lambda v: {"c": v["a"] - 2.0},
        components=("c",),
    )
    with pytest.raises(InvalidValueError, match="costs >= 0"):
        bad.evaluate({"a": np.ones(2)})
    nan = CostModel(
        label="t",
        method="m",
        inputs={"a": Uniform(0, 1)},
        function=lambda v: {"c": v["a"] * np.nan},
        components=("c",),
    )
    with pytest.raises(InvalidValueError, match="finite"):
        nan.evaluate({"a": np.ones(2)})


def test_model_hard_ranges_cover_every_output() -> None:
    """The hard range of the cost and of each output come from the input bounds."""
    model = linear_model()
    assert model.hard_range() == (3.0, 6.0)
    assert model.hard_ranges() == {"c": (3.0, 6.0), "q": (1.0, 2.0)}


def test_model_declarations_are_validated() -> None:
    """one_off, decreasing and quantities must refer to real names."""
    with pytest.raises(InvalidValueError, match="one_off"):
        CostModel(
            label="t", method="m", inputs={}, function=dict, components=("c",), one_off=("x",)
        )
    with pytest.raises(InvalidValueError, match="decreasing"):
        CostModel(
            label="t", method="m", inputs={}, function=dict, components=("c",), decreasing=("x",)
        )
    with pytest.raises(InvalidValueError, match="quantities"):
        CostModel(
            label="t", method="m", inputs={}, function=dict, components=("c",), quantities=("c",)
        )


def test_merge_inputs_refuses_conflicting_distributions() -> None:
    """One input name with two distributions is an error, not a silent choice."""
    with pytest.raises(InvalidValueError, match="one distribution per input name"):
        merge_inputs("x", {"a": Fixed(1)}, {"a": Fixed(2)})


# --- engine -------------------------------------------------------------------------------


@pytest.mark.parametrize("design", ["mc", "lhs", "sobol"])
def test_designs_are_reproducible_and_within_bounds(design: str) -> None:
    """Every design repeats bit for bit under a seed and respects the bounds."""
    inputs = {"a": PERT(1, 2, 4), "b": Uniform(10, 20), "c": Fixed(5)}
    one = draw_inputs(inputs, 256, seed=3, design=design)  # type: ignore[arg-type]
    two = draw_inputs(inputs, 256, seed=3, design=design)  # type: ignore[arg-type]
    for name, dist in inputs.items():
        assert np.array_equal(one.values[name], two.values[name])
        low, high = dist.bounds
        assert one.values[name].min() >= low
        assert one.values[name].max() <= high


def test_lhs_is_stratified() -> None:
    """A Latin hypercube puts exactly one point in each of n equal-probability strata."""
    draws = draw_inputs({"u": Uniform(0, 1)}, 100, seed=1, design="lhs")
    strata = np.floor(draws.values["u"] * 100).astype(int)
    assert sorted(strata) == list(range(100))


def test_draw_inputs_refuses_bad_arguments() -> None:
    """n, design and seed are validated with house-style errors."""
    with pytest.raises(InvalidValueError, match="'n'"):
        draw_inputs({}, 0, seed=1)
    with pytest.raises(InvalidValueError, match="'design'"):
        draw_inputs({}, 10, seed=1, design="grid")  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="power of 2"):
        draw_inputs({"a": Uniform(0, 1)}, 100, seed=1, design="sobol")
    with pytest.raises(InvalidValueError, match="'seed'"):
        resolve_seed(-4)


def test_draws_are_read_only() -> None:
    """Drawn arrays cannot be modified by a model."""
    draws = draw_inputs({"a": Uniform(0, 1)}, 10, seed=1)
    with pytest.raises(ValueError, match="read-only"):
        draws.values["a"][0] = 5.0


# --- estimate -----------------------------------------------------------------------------


def test_estimate_refuses_nan_and_bad_ranges() -> None:
    """Samples must be finite; a hard range must be ordered."""
    with pytest.raises(InvalidValueError, match="finite"):
        Estimate("x", np.array([1.0, math.nan]), (0, 1), object())
    with pytest.raises(InvalidValueError, match="hard_range"):
        Estimate("x", np.array([1.0]), (2, 1), object())
    with pytest.raises(InvalidValueError, match="level"):
        Estimate("x", np.array([1.0]), (1, 1), object()).interval(1.0)


@given(
    st.lists(st.floats(min_value=0, max_value=1e6), min_size=5, max_size=200),
    st.floats(min_value=0.05, max_value=0.95),
)
def test_intervals_nest_and_bracket_the_median(values: list[float], level: float) -> None:
    """For any samples: lower <= median <= upper and a wider level nests the narrower."""
    e = Estimate("x", np.array(values), (0.0, 1e6), object())
    lo, hi = e.interval(level)
    wide_lo, wide_hi = e.interval(min(0.99, level + 0.04))
    assert lo <= e.median <= hi
    assert wide_lo <= lo
    assert hi <= wide_hi


def test_division_refuses_a_denominator_that_can_be_zero() -> None:
    """Dividing by an estimate whose range reaches 0 is refused, never inf or NaN."""
    run = object()
    a = Estimate("a", np.ones(3), (1, 1), run)
    zero = Estimate("z", np.ones(3), (0, 1), run)
    with pytest.raises(InvalidValueError, match="positive"):
        _ = a / zero


def test_sum_of_estimates_keeps_both_notes_once() -> None:
    """a + b carries the notes of both, in order, each once; samples and ranges add."""
    run = object()
    a = Estimate("a", np.ones(3), (1, 1), run, notes=("shared", "from a"))
    b = Estimate("b", np.full(3, 2.0), (2, 2), run, notes=("from b", "shared"))
    total = a + b
    assert total.notes == ("shared", "from a", "from b")
    assert total.hard_range == (3, 3)
    assert np.array_equal(total.samples, np.full(3, 3.0))


# --- tables and output --------------------------------------------------------------------


def test_table_renders_all_formats_with_escaping() -> None:
    """Markdown, CSV, JSON and LaTeX agree on the content; LaTeX escapes specials."""
    table = Table(("name", "share_%"), (("a & b", 0.5), ("c", None)), title="T")
    assert "| a & b | 0.500 |" in table.to_markdown()
    assert "a & b,0.5" in table.to_csv()
    assert '"share_%": 0.5' in table.to_json()
    assert r"a \& b" in table.to_latex()
    assert r"share\_\%" in table.to_latex()
    with pytest.raises(InvalidValueError, match="cells"):
        Table(("a",), (("x", "y"),))


def test_write_atomic_replaces_whole_file_or_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failed write leaves the old content and no temporary file."""
    target = tmp_path / "out.txt"
    write_atomic(target, "old")
    import os

    def broken(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]
