"""Parts and the model builder: merging, monotonicity, one evaluation per part, evidence lookup."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from repatcost.assumptions import default_assumptions
from repatcost.distributions import Fixed, Uniform
from repatcost.errors import InvalidValueError, NotApplicable
from repatcost.estimators import (
    ConversationTime,
    Ensemble,
    OneOffCost,
    ReportedSpending,
    StaffAllocation,
    Sum,
    TotalHoursEstimator,
)
from repatcost.estimators.base import require, require_all
from repatcost.estimators.builder import cost_model
from repatcost.estimators.parts import ONE, Part, per_year, price_factor, shared
from repatcost.evidence import (
    ConversationCount,
    Municipality,
    Note,
    OneOff,
    Period,
    Source,
    Spending,
    StaffYears,
    TotalHours,
)
from repatcost.study import Study

SRC = Source(section="test")
YEAR = Period.calendar_year(2023)
DEFAULTS = default_assumptions()


def sample_town(*notes: Note) -> Municipality:
    """A municipality every built-in estimator but OneOffCost applies to, with ``notes``."""
    return Municipality(
        name="Testby",
        code=999,
        evidence=(
            ConversationCount(value=100, measure="held", period=YEAR, source=SRC),
            StaffYears(value=1, source=SRC),
            Spending(amount=500_000, year=2023, source=SRC),
            *notes,
        ),
    )


def leaf(name: str, low: float = 1.0, high: float = 2.0) -> Part:
    """A part reading one uniform input."""
    return Part({name: Uniform(low, high)}, lambda v: v[name], notes=(f"note {name}",))


def test_division_flips_the_direction_of_the_divisor() -> None:
    """a * b / c rises in a and b and falls in c; notes keep their order, once each."""
    part = leaf("a") * leaf("b") / leaf("c")
    assert part.decreasing == {"c"}
    assert part.rising == {"a", "b"}
    assert part.notes == ("note a", "note b", "note c")
    values = {"a": np.array([2.0]), "b": np.array([3.0]), "c": np.array([4.0])}
    assert part.value(values) == pytest.approx([1.5])


def test_rising_and_falling_in_one_input_is_not_applicable() -> None:
    """a / a would rise and fall in a: refused, since the hard range would not be exact."""
    with pytest.raises(NotApplicable, match=r"rise with a .* and fall"):
        _ = leaf("a") / leaf("a")


def test_one_name_with_two_distributions_is_refused() -> None:
    """Combining parts merges inputs through merge_inputs: no silent winner."""
    with pytest.raises(InvalidValueError, match="one distribution per input name"):
        _ = leaf("a", 1.0, 2.0) * leaf("a", 1.0, 3.0)


def test_numbers_combine_and_one_is_neutral() -> None:
    """Positive numbers act as constant parts; 1 and ONE leave a part unchanged."""
    a = leaf("a")
    assert a * 1 is a
    assert a * ONE is a
    assert a / ONE is a
    assert (a / 60 + 2).value({"a": np.array([120.0])}) == pytest.approx([4.0])
    for bad in (-1.0, float("nan")):
        with pytest.raises(InvalidValueError, match="finite number"):
            _ = a * bad
    with pytest.raises(InvalidValueError, match="> 0"):
        _ = a / 0


def test_a_shared_part_is_computed_once_per_evaluation() -> None:
    """Outputs that share a part evaluate it once per call of the model's function."""
    calls = []

    def counted(v: object) -> np.ndarray:
        calls.append(1)
        return np.asarray(v["x"])  # type: ignore[index]

    x = Part({"x": Uniform(1, 2)}, counted)
    town = Municipality(name="Testby", code=999)
    model = cost_model("t", town, {"c": x * 2}, {"x": x, "x3": x * 3})
    outputs = model.evaluate({"x": np.array([1.0, 2.0])})
    assert len(calls) == 1
    assert outputs["x3"] == pytest.approx([3.0, 6.0])
    assert model.hard_range() == (2.0, 4.0)


def test_per_year_divides_by_the_period_in_years() -> None:
    """480 over two years is 240 a year; a calendar year leaves the amount (and part) as is."""
    two = Period(date(2021, 1, 1), date(2023, 1, 1))
    assert per_year(480.0, two) == 240.0
    part = leaf("h")
    assert per_year(part, YEAR) is part
    yearly = per_year(part, two)
    assert yearly.value({"h": np.array([480.0])}) == pytest.approx([240.0])
    assert "annualised" in yearly.notes[-1]


@given(st.integers(-5, 5), st.floats(0.0, 0.1))
def test_price_factor_is_wage_growth_to_the_power_of_the_gap(gap: int, growth: float) -> None:
    """DKK of price_year - gap x (1 + growth) ** gap, falling in growth when gap < 0."""
    factor = price_factor(DEFAULTS.price_year - gap, DEFAULTS)
    if gap == 0:
        assert factor is ONE
        return
    value = factor.value({"wage_growth": np.array([growth])})
    assert value == pytest.approx([(1.0 + growth) ** gap])
    assert (factor.decreasing == {"wage_growth"}) == (gap < 0)


def test_require_names_the_scenario_table_and_refuses_several() -> None:
    """require: the one record, or NotApplicable saying which table to add or trim."""
    town = Municipality(name="Testby", code=999)
    with pytest.raises(NotApplicable, match="add a 'staff_years' record"):
        require(town, StaffYears)
    with pytest.raises(NotApplicable, match="add a 'one_off' record"):
        require_all(town, OneOff)
    two = Municipality(
        name="Testby",
        code=999,
        evidence=(StaffYears(value=1, source=SRC), StaffYears(value=2, source=SRC)),
    )
    with pytest.raises(NotApplicable, match="keep a single 'staff_years' record"):
        require(two, StaffYears)


def test_a_missing_assumption_is_not_applicable_naming_it() -> None:
    """shared() on an assumption the set lacks says which table to add."""
    with pytest.raises(NotApplicable, match=r"\[assumptions.letters_per_person\]"):
        shared(DEFAULTS, "letters_per_person")


def test_total_hours_reports_conversations_only_for_a_count_of_conversations_held() -> None:
    """A count of persons is not a count of conversations; a held count is read through its
    qualifier, as an input of the model."""
    hours = TotalHours(hours=240, period=YEAR, source=SRC)
    persons = ConversationCount(value=100, measure="took_part", period=YEAR, source=SRC)
    held = ConversationCount(
        value=100, measure="held", period=YEAR, qualifier="approximate", source=SRC
    )
    town = Municipality(name="Testby", code=999, evidence=(hours, persons))
    assert "conversations" not in TotalHoursEstimator().build(town, DEFAULTS).quantities
    town = Municipality(name="Testby", code=999, evidence=(hours, held))
    model = TotalHoursEstimator().build(town, DEFAULTS)
    assert "conversations" in model.quantities
    assert model.inputs["testby.count"] == held.distribution(DEFAULTS.qualifiers)
    assert model.hard_ranges()["conversations"] == held.distribution(DEFAULTS.qualifiers).bounds


def test_combinators_leave_out_what_every_member_leaves_out() -> None:
    """A note covered by one member of a sum or ensemble is not left out by the whole."""
    town = sample_town(
        Note(text="covered by staff", covered_by="staff_allocation", source=SRC),
        Note(text="covered by nobody", source=SRC),
    )
    both = Sum(ConversationTime(), StaffAllocation()).build(town, DEFAULTS)
    assert both.leaves_out == ("covered by nobody",)
    either = Ensemble(ReportedSpending(), Sum(ConversationTime(), StaffAllocation()))
    model = either.build(town, DEFAULTS)
    assert model.leaves_out == ("covered by nobody",)
    nested = Sum(either)
    assert nested.build(town, DEFAULTS).selectors == model.selectors != frozenset()


def test_members_moving_the_cost_both_ways_are_not_applicable() -> None:
    """Spending of a year before and a one-off after the price year: not monotone in growth."""
    town = Municipality(
        name="Testby",
        code=999,
        evidence=(
            Spending(amount=1e6, year=2021, source=SRC),
            OneOff(description="set-up", amount=1e5, year=2025, source=SRC),
        ),
    )
    both = Sum(ReportedSpending(), OneOffCost())
    with pytest.raises(NotApplicable, match="wage_growth"):
        both.build(town, DEFAULTS)


def test_own_figures_are_namespaced_and_fixed_when_exact() -> None:
    """A part of exactly known input stays exact through the model."""
    town = Municipality(name="Testby", code=999)
    part = Part({"testby.x": Fixed(3.0)}, lambda v: v["testby.x"])
    model = cost_model("t", town, {"c": part * 2})
    assert model.hard_range() == (6.0, 6.0)


def test_mixture_takes_each_member_with_its_weight() -> None:
    """Three members weighted 0.5, 0.25, 0.25 are chosen in those shares of the samples."""
    town = sample_town()
    members = (ReportedSpending(), ConversationTime(), StaffAllocation())
    mixture = Ensemble(*members, weights=(0.5, 0.25, 0.25))
    study = Study((town,), DEFAULTS, estimators={town.key: mixture})
    estimate = study.run(20_000, seed=4).estimates[town.key]
    chosen = [float(np.mean(estimate.components[m.name] > 0)) for m in members]
    assert chosen == pytest.approx([0.5, 0.25, 0.25], abs=0.015)
