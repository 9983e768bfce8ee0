"""Value of information: ranking, exact zeros, agreement with analytic answers, groups."""

from __future__ import annotations

import math

import numpy as np
import pytest

from repatcost.distributions import Fixed, Normal, Uniform
from repatcost.errors import InvalidValueError
from repatcost.outputs import study_output
from repatcost.sensitivity import (
    linear_model,
    value_of_information,
    value_of_information_of,
)

UNIT = {
    "big": Uniform(0, 1),
    "small": Uniform(0, 1),
    "tiny": Uniform(0, 1),
    "unused": Uniform(0, 1),
    "known": Fixed(2.0),
}


def dominated(values):
    return values["known"] * (
        10 * values["big"] ** 2 + values["small"] + 0.1 * values["tiny"] * values["big"]
    )


def test_dominant_input_is_ranked_first() -> None:
    """When one input clearly dominates, it heads the ranking on both width and variance."""
    result = value_of_information_of(dominated, UNIT, n=2048, seed=0)
    assert [row.name for row in result.rows][:2] == ["big", "small"]
    big = result.row("big")
    assert big.variance_shrink_share > 0.9
    assert big.width_shrink_share == max(r.width_shrink_share for r in result.rows)


def test_unused_input_shrinks_nothing_exactly() -> None:
    """Knowing an input the output does not read changes neither width nor variance: 0.0."""
    row = value_of_information_of(dominated, UNIT, n=512, seed=3).row("unused")
    assert (row.width_shrink, row.width_shrink_share, row.variance_shrink_share) == (0, 0, 0)


def test_fixed_inputs_are_listed_not_ranked() -> None:
    """A known-exact input has nothing to learn: it is in `fixed`, not in the rows."""
    result = value_of_information_of(dominated, UNIT, n=256, seed=0)
    assert result.fixed == ("known",)
    assert "known" not in [row.name for row in result.rows]


def test_gaussian_linear_model_matches_analytic_shrinks() -> None:
    """Y = sum a_i X_i, normal X_i: variance shrink = S_i, width shrink = 1 - sqrt(1 - S_i)."""
    model = linear_model(
        {"a": 2.0, "b": 1.0, "c": 0.5},
        {"a": Normal(0, 1), "b": Normal(3, 1.5), "c": Normal(-1, 2)},
    )
    result = value_of_information_of(model.function, model.inputs, n=8192, seed=1, points=32)
    for row in result.rows:
        s = model.first_order[row.name]
        assert row.variance_shrink_share == pytest.approx(s, abs=0.03)
        assert row.width_shrink_share == pytest.approx(1 - math.sqrt(1 - s), abs=0.03)


def test_group_of_every_input_removes_all_uncertainty() -> None:
    """Knowing every input leaves no spread: both shares are exactly 1."""
    groups = {"everything": ["big", "small", "tiny", "unused"]}
    row = value_of_information_of(dominated, UNIT, n=512, seed=2, groups=groups).row("everything")
    assert row.is_group
    assert row.members == ("big", "small", "tiny", "unused")
    assert row.expected_width == 0.0
    assert row.width_shrink_share == 1.0
    assert row.variance_shrink_share == 1.0


def test_group_is_worth_at_least_its_best_member() -> None:
    """Learning a group that contains the dominant input shrinks at least as much as it."""
    result = value_of_information_of(
        dominated, UNIT, n=2048, seed=5, groups={"pair": ("big", "small")}
    )
    assert result.row("pair").variance_shrink_share >= result.row("big").variance_shrink_share
    assert result.rows[0].name == "pair"
    assert any(note.startswith("Group pair: big, small") for note in result.table().notes)


def test_bundled_table_lists_every_uncertain_input_with_a_shrink_figure(bundled) -> None:
    """For the bundled total every uncertain input has a finite shrink row, ranked by width."""
    output = study_output(bundled, "total")
    result = value_of_information(bundled, "total", n=1024, seed=7)
    uncertain = sorted(k for k, d in output.inputs.items() if not d.is_degenerate)
    assert sorted(row.name for row in result.rows) == uncertain
    table = result.table()
    assert sorted(r[0] for r in table.rows) == uncertain
    for row in table.rows:
        assert all(isinstance(v, float) and math.isfinite(v) for v in row[1:])
    shrinks = [row.width_shrink for row in result.rows]
    assert shrinks == sorted(shrinks, reverse=True)


def test_width_now_is_the_interval_of_the_ordinary_run(bundled) -> None:
    """The 'now' width is the 90% interval of Study.run with the same n and seed."""
    result = value_of_information(bundled, "total", n=1024, seed=13)
    low, high = bundled.run(1024, seed=13).total.interval(0.9)
    assert result.width == pytest.approx(high - low, rel=1e-12)


def test_evaluations_are_vectorised_one_call_per_input_and_point() -> None:
    """One call for the run and one per (input, point), each over all n draws."""
    sizes = []

    def counting(values):
        sizes.append(len(values["big"]))
        return dominated(values)

    value_of_information_of(counting, UNIT, n=300, seed=0, points=5)
    assert sizes == [300] * (1 + 4 * 5)


def test_same_seed_same_table() -> None:
    """The same seed gives an identical result; another seed a different one."""
    a = value_of_information_of(dominated, UNIT, n=256, seed=1)
    b = value_of_information_of(dominated, UNIT, n=256, seed=1)
    c = value_of_information_of(dominated, UNIT, n=256, seed=2)
    assert a == b
    assert a != c
    g = [
        value_of_information_of(dominated, UNIT, n=256, seed=np.random.default_rng(4))
        for _ in range(2)
    ]
    assert g[0] == g[1]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"n": 1}, "n"),
        ({"points": 1}, "points"),
        ({"points": 10_000}, "points"),
        ({"level": 1.0}, "level"),
        ({"groups": {"g": ["nope"]}}, "groups"),
        ({"groups": {"g": []}}, "groups"),
        ({"groups": {"g": "big"}}, "groups"),
        ({"groups": {"big": ["small"]}}, "groups"),
        ({"groups": ["big"]}, "groups"),
        ({"seed": 1.5}, "seed"),
    ],
)
def test_bad_arguments_are_refused_naming_the_field(kwargs, field: str) -> None:
    """Too few draws or points, a bad level, malformed groups, a bad seed: refused early."""
    with pytest.raises(InvalidValueError) as info:
        value_of_information_of(dominated, UNIT, **kwargs)
    assert info.value.field == field
    assert "must be" in str(info.value)
