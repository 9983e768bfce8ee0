"""Two-way scenario grids."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from repatcost.distributions import PERT, Uniform
from repatcost.errors import InvalidValueError
from repatcost.outputs import study_output
from repatcost.sensitivity import grid, grid_of

INPUTS = {"a": PERT(1, 2, 4), "b": Uniform(10, 20), "c": Uniform(0, 1)}


def product(values):
    return values["a"] * values["b"] + values["c"]


def test_cells_are_the_output_at_the_two_values_with_others_at_medians() -> None:
    """Cell (i, j) is f(y_i, x_j, every other input at its median)."""
    g = grid_of(product, INPUTS, "a", "b", x_values=[1.5, 2.5, 3.5], y_values=[11, 19])
    for i, yv in enumerate(g.y_values):
        for j, xv in enumerate(g.x_values):
            assert g.values[i][j] == pytest.approx(xv * yv + 0.5, rel=1e-12)


def test_default_axes_are_quantiles_from_5_to_95_percent() -> None:
    """Without values each axis takes `points` evenly spaced quantiles, 5% to 95%."""
    g = grid_of(product, INPUTS, "b", "a", points=4)
    q = np.linspace(0.05, 0.95, 4)
    assert np.allclose(g.x_values, INPUTS["b"].ppf(q))
    assert np.allclose(g.y_values, INPUTS["a"].ppf(q))
    assert len(g.values) == 4
    assert all(len(row) == 4 for row in g.values)


def test_whole_grid_is_one_vectorised_evaluation() -> None:
    """The function is called once, with one row per cell."""
    sizes = []

    def counting(values):
        sizes.append(len(values["a"]))
        return product(values)

    grid_of(counting, INPUTS, "a", "b", points=7)
    assert sizes == [49]


@st.composite
def increasing(draw: st.DrawFn, low: float, high: float):
    """1 to 6 strictly increasing values in [low, high]."""
    values = draw(st.lists(st.floats(low, high), min_size=1, max_size=6, unique=True))
    return sorted(values)


@pytest.mark.slow
@given(increasing(460_000, 600_000), increasing(1_350, 1_600))
def test_bundled_total_grid_is_monotone_in_monotone_inputs(wages, hours) -> None:
    """Total cost rises along wage cost (columns) and falls along productive hours (rows)."""
    from repatcost.data import bundled_study

    g = grid(
        bundled_study(), "total", "wage_cost", "productive_hours", x_values=wages, y_values=hours
    )
    cells = np.array(g.values)
    assert (np.diff(cells, axis=1) >= 0).all()
    assert (np.diff(cells, axis=0) <= 0).all()


def test_table_is_wide_with_the_y_values_first_and_distinct_headers() -> None:
    """One row per y value; headers 'x=value' stay distinct even for close values."""
    g = grid_of(product, INPUTS, "a", "b", x_values=[1.0000001, 1.0000002, 3], y_values=[12])
    table = g.table()
    assert table.columns[0] == "b"
    assert len(set(table.columns)) == 4
    assert table.columns[1].startswith("a=")
    assert table.rows[0][0] == 12.0
    assert "Every other input at its median." in table.notes


def test_fixed_input_needs_explicit_values_and_then_works_as_a_what_if(bundled) -> None:
    """A known-exact input has no spread to tabulate unless values are given."""
    with pytest.raises(InvalidValueError) as info:
        grid(bundled, "aarhus", "aarhus.count", "wage_cost")
    assert info.value.field == "x_values"
    g = grid(bundled, "aarhus", "aarhus.count", "wage_cost", x_values=[194, 300])
    assert all(row[0] < row[1] for row in g.values)
    assert g.unit == study_output(bundled, "aarhus").unit


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"x": "a", "y": "a"}, "y"),
        ({"x": "nope", "y": "a"}, "x"),
        ({"x": "a", "y": 3}, "y"),
        ({"x": "a", "y": "b", "x_values": [2, 1]}, "x_values"),
        ({"x": "a", "y": "b", "x_values": []}, "x_values"),
        ({"x": "a", "y": "b", "y_values": [1, float("nan")]}, "y_values"),
        ({"x": "a", "y": "b", "y_values": "abc"}, "y_values"),
        ({"x": "a", "y": "b", "points": 1}, "points"),
    ],
)
def test_bad_arguments_are_refused_naming_the_field(kwargs, field: str) -> None:
    """Same input twice, unknown inputs, unordered or non-finite values, too few points."""
    x, y = kwargs.pop("x"), kwargs.pop("y")
    with pytest.raises(InvalidValueError) as info:
        grid_of(product, INPUTS, x, y, **kwargs)
    assert info.value.field == field
    assert "must be" in str(info.value)
