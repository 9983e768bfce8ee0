"""The one validation vocabulary: constraints, Assumptions' fields, public errors."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import repatcost
from repatcost import estimators
from repatcost.assumptions import Assumptions, default_assumptions, read_assumptions
from repatcost.constraints import (
    LEVEL,
    PROBABILITY,
    REPEATABLE_SEED,
    SEED,
    SHARE,
    YEAR,
    Constraint,
    above,
    between,
    count,
    optional,
)
from repatcost.distributions import LogNormal
from repatcost.errors import InvalidValueError, ScenarioError
from repatcost.estimate import interval_quantiles
from repatcost.qualifiers import QualifierMapping


@pytest.mark.parametrize(
    ("constraint", "good", "bad"),
    [
        (LEVEL, [0.5, 1e-9, np.float64(0.9)], [0, 1, 1.5, -0.1, True, "0.9", float("nan")]),
        (SHARE, [0, 1, 0.25, np.float32(0.5)], [-0.01, 1.01, None, float("inf"), False]),
        (PROBABILITY, [0.0, 1.0], [1.5, "x"]),
        (YEAR, [1900, 2023, np.int64(2200)], [1899, 2201, 2023.0, "2023", True]),
        (SEED, [None, 0, 7, np.int64(3), np.random.default_rng(1)], [-1, 1.0, True, "1"]),
        (REPEATABLE_SEED, [0, np.random.default_rng(1)], [None, -2]),
        (count(minimum=2), [2, 10, np.int32(5)], [1, 2.0, True]),
        (count(minimum=2, power_of_two=True), [2, 64], [3, 96]),
        (above(0.0), [1e-300, 5], [0, -1, float("inf")]),
        (optional(SHARE), [None, 0.5], [2.0]),
    ],
    ids=repr,
)
def test_constraint_accepts_the_good_and_refuses_the_bad(
    constraint: Constraint[object], good: list[object], bad: list[object]
) -> None:
    """Each constraint accepts its domain and refuses values outside it or of a wrong type."""
    assert all(constraint.accepts(v) for v in good)
    assert not any(constraint.accepts(v) for v in bad)


def test_a_refusal_names_owner_field_value_and_expectation() -> None:
    """check() raises the house error with every part."""
    with pytest.raises(InvalidValueError) as info:
        SHARE.check("Thing", "overhead_share", 1.5)
    assert (info.value.owner, info.value.field, info.value.value) == (
        "Thing",
        "overhead_share",
        1.5,
    )
    assert "a number in [0, 1]" in str(info.value)


def test_check_returns_the_canonical_value() -> None:
    """Accepted numbers come back as plain floats or ints."""
    assert type(LEVEL.check("x", "level", np.float32(0.5))) is float
    assert type(YEAR.check("x", "year", np.int64(2020))) is int


def test_constraints_have_readable_reprs_and_limits() -> None:
    """The repr says what a constraint accepts; numeric ones carry their limits."""
    assert repr(LEVEL) == "<level: a number strictly between 0 and 1>"
    assert repr(between(1, 8, name="hours", unit="h")) == "<hours: a number in [1, 8] h>"
    assert (SHARE.low, SHARE.high) == (0.0, 1.0)


def test_a_constraint_is_an_attrs_validator() -> None:
    """Used as a validator, the error names the class and the attribute."""

    @attrs.frozen
    class Rate:
        share: float = attrs.field(validator=SHARE)

    assert Rate(0.5).share == 0.5
    with pytest.raises(InvalidValueError, match="'share' parameter of Rate"):
        Rate(2.0)


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_every_level_check_agrees_with_level(value: float) -> None:
    """Estimate intervals accept exactly what LEVEL accepts; LogNormal.from_interval refuses
    whatever LEVEL refuses (and a level so extreme its interval is degenerate)."""
    if LEVEL.accepts(value):
        interval_quantiles(value)
    else:
        with pytest.raises(InvalidValueError):
            interval_quantiles(value)
        with pytest.raises(InvalidValueError):
            LogNormal.from_interval(1.0, 2.0, value)


@pytest.mark.parametrize("level", [1e-300, 1.0 - 1e-16])
def test_lognormal_from_interval_refuses_a_degenerate_level(level: float) -> None:
    """A level so near 0 or 1 that its interval cannot fix a log-normal is refused, naming it."""
    with pytest.raises(InvalidValueError, match="'level'"):
        LogNormal.from_interval(1.0, 2.0, level)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"price_year": "twenty"},
        {"price_year": 2023.0},
        {"price_year": 1500},
        {"qualifiers": 42},
        {"qualifiers": {"approximate_spread": 0.1}},
    ],
)
def test_assumptions_refuses_a_wrong_field(kwargs: dict[str, object]) -> None:
    """Every field of Assumptions is validated; the error names the field."""
    with pytest.raises(InvalidValueError) as info:
        Assumptions(**kwargs)  # type: ignore[arg-type]
    assert info.value.field == next(iter(kwargs))


@pytest.mark.parametrize("parameters", [42, [1, 2], "abc", {"x": 3}])
def test_assumptions_refuses_parameters_that_are_not_parameters(parameters: object) -> None:
    """Parameters must be Parameter values, given as a sequence or a mapping."""
    with pytest.raises(InvalidValueError, match="'parameters'"):
        Assumptions(parameters)  # type: ignore[arg-type]


def test_the_issue_example_is_refused() -> None:
    """Assumptions(price_year='twenty', qualifiers=42) is refused at construction."""
    with pytest.raises(InvalidValueError):
        Assumptions(price_year="twenty", qualifiers=42)  # type: ignore[arg-type]


def _defaults_text() -> str:
    files = resources.files("repatcost") / "packs" / "dk_repatriation" / "defaults_2023.toml"
    return files.read_text(encoding="utf-8")


def test_an_assumptions_file_honours_its_qualifiers_table(tmp_path: Path) -> None:
    """A [qualifiers] table in an assumptions file sets the qualifier mapping."""
    path = tmp_path / "a.toml"
    path.write_text(_defaults_text() + "\n[qualifiers]\napproximate_spread = 0.3\n")
    read = read_assumptions(path)
    assert read.qualifiers == QualifierMapping(approximate_spread=0.3)
    assert read.parameters == default_assumptions().parameters


def test_an_assumptions_file_refuses_a_bad_qualifiers_table(tmp_path: Path) -> None:
    """An unknown or out-of-domain qualifier key is a problem naming its key path."""
    path = tmp_path / "a.toml"
    path.write_text(_defaults_text() + "\n[qualifiers]\nspread = 0.3\ncautious_below = 2\n")
    with pytest.raises(ScenarioError) as info:
        read_assumptions(path)
    paths = {p.path for p in info.value.problems}
    assert paths == {"qualifiers.spread", "qualifiers.cautious_below"}


def test_public_errors_and_builtin_are_exported() -> None:
    """ScenarioError and Problem live in repatcost.errors; estimators.BUILTIN is public."""
    assert repatcost.ScenarioError is ScenarioError
    assert repatcost.scenario.ScenarioError is ScenarioError
    assert ScenarioError.__module__ == "repatcost.errors"
    assert "BUILTIN" in estimators.__all__
    assert "reported_spending" in estimators.BUILTIN
    assert "conversation_time" in estimators.available()  # the built-in pack's
