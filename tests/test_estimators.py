"""Built-in estimators: applicability, and the invariants they promise (property tests)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from repatcost.assumptions import Assumptions, default_assumptions
from repatcost.errors import NotApplicable
from repatcost.estimators import (
    ConversationTime,
    Estimator,
    InterpreterFees,
    OneOffCost,
    ReportedSpending,
    StaffAllocation,
    Sum,
    TotalHoursEstimator,
)
from repatcost.evidence import (
    ConversationCount,
    HoursPerConversation,
    Municipality,
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
N = 400

counts = st.one_of(st.just(0.0), st.floats(min_value=1e-3, max_value=1e5))
hours = st.floats(min_value=1e-3, max_value=50.0)
measures = st.sampled_from(["called_in", "took_part", "held"])
qualifiers = st.sampled_from(["exact", "approximate", "cautious"])
seeds = st.integers(min_value=0, max_value=2**32)


def town(*evidence: object) -> Municipality:
    return Municipality(name="Testby", code=999, evidence=evidence)


def count(value: float, measure: str = "held", period: Period = YEAR) -> ConversationCount:
    return ConversationCount(value=value, measure=measure, period=period, source=SRC)


def per_conversation(value: float, qualifier: str = "exact") -> HoursPerConversation:
    return HoursPerConversation(hours=value, qualifier=qualifier, source=SRC)


def cost(
    estimator: Estimator, m: Municipality, seed: int = 7, assumptions: Assumptions = DEFAULTS
) -> np.ndarray:
    study = Study((m,), assumptions, estimators={m.key: estimator})
    return study.run(N, seed=seed).estimates[m.key].samples


def check_basic(samples: np.ndarray) -> None:
    assert samples.shape == (N,)
    assert np.isfinite(samples).all()
    assert (samples >= 0).all()


# --- applicability ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("estimator", "hint"),
    [
        (ReportedSpending(), "spending"),
        (ConversationTime(), "count"),
        (StaffAllocation(), "staff_years"),
        (TotalHoursEstimator(), "total_hours"),
        (InterpreterFees(), "count"),
        (OneOffCost(), "one_off"),
    ],
)
def test_missing_evidence_raises_not_applicable_with_a_hint(estimator, hint) -> None:
    """An estimator without the evidence it needs says what record to add."""
    with pytest.raises(NotApplicable) as info:
        estimator.build(town(), DEFAULTS)
    assert hint in str(info.value)
    assert not estimator.applies(town(), DEFAULTS)


def test_reported_spending_picks_kind_and_year() -> None:
    """ReportedSpending uses the record of the chosen kind and year, refusing ambiguity."""
    m = town(
        Spending(amount=1_400_000, year=2022, source=SRC),
        Spending(amount=800_000, year=2023, source=SRC),
        Spending(amount=900_000, year=2023, kind="budget", source=SRC),
    )
    assert np.all(cost(ReportedSpending(year=2023), m) == 800_000)
    assert np.all(cost(ReportedSpending(kind="budget"), m) == 900_000)
    with pytest.raises(NotApplicable, match="2021"):
        ReportedSpending(year=2021).build(m, DEFAULTS)


def test_spending_of_an_earlier_year_is_moved_to_the_price_year() -> None:
    """DKK 1.4 million of 2022 at 2023 prices is 1.4 million x (1 + wage growth)."""
    m = town(Spending(amount=1_400_000, year=2022, source=SRC))
    fixed = DEFAULTS.override(wage_growth=0.03)
    assert cost(ReportedSpending(year=2022), m, assumptions=fixed) == pytest.approx(1_442_000)


def test_called_in_needs_show_up_and_took_part_needs_repeat_factor() -> None:
    """Invitations pass through the distinct share and show-up; persons taking part
    through repeats."""
    fixed = DEFAULTS.override(
        distinct_invitation_share=0.9,
        show_up_rate=0.5,
        conversations_per_person=1.2,
        wage_cost=500_000,
        overhead_share=0.2,
        productive_hours=1500,
    )
    rate = 500_000 * 1.2 / 1500
    for measure, factor in (("called_in", 0.9 * 0.5), ("took_part", 1.2), ("held", 1.0)):
        m = town(count(100, measure), per_conversation(2.0))
        assert cost(ConversationTime(), m, assumptions=fixed) == pytest.approx(
            100 * factor * 2.0 * rate
        )


def test_count_over_a_half_year_is_annualised() -> None:
    """A count over six months is doubled to a yearly figure."""
    half = Period(date(2023, 1, 1), date(2023, 7, 1))
    full = cost(ConversationTime(), town(count(50), per_conversation(1.0)))
    halved = cost(ConversationTime(), town(count(25, period=half), per_conversation(1.0)))
    assert np.allclose(full, halved)


@pytest.mark.parametrize(
    ("minimum", "billed"),
    [(1.0, 2.0), (3.0, 3.0)],  # 1.2 hours rounded up to 2; a 3-hour minimum binds
)
def test_interpreter_fees_bill_whole_hours_and_at_least_the_minimum(
    minimum: float, billed: float
) -> None:
    """Fees = conversations x share x max(minimum, ceil(meeting hours)) x fee."""
    fixed = DEFAULTS.override(
        interpreter_share=0.5,
        interpreter_fee=450.0,
        interpreted_meeting_hours=1.2,
        interpreter_minimum_billing=minimum,
    )
    m = town(count(100), per_conversation(1.0))
    assert cost(InterpreterFees(), m, assumptions=fixed) == pytest.approx(100 * 0.5 * billed * 450)


def test_spending_is_moved_forward_and_back_to_the_price_year() -> None:
    """1 million DKK of 2021 is x 1.03**2, of 2025 is / 1.03**2 at 2023 prices."""
    fixed = DEFAULTS.override(wage_growth=0.03)
    later = Source(section="3", document="a report of 2025 spending")  # UIM 184 predates 2025
    for year, expected in ((2021, 1_060_900.0), (2025, 1_000_000 / 1.0609)):
        m = town(Spending(amount=1_000_000, year=year, source=SRC if year < 2025 else later))
        assert cost(ReportedSpending(), m, assumptions=fixed) == pytest.approx(expected)


def test_one_off_costs_are_kept_apart() -> None:
    """A quantified one-off cost is a one-off component, not recurring."""
    m = town(
        count(10),
        per_conversation(1.0),
        OneOff(description="selection model", amount=50_000, year=2023, source=SRC),
    )
    model = Sum(ConversationTime(), OneOffCost()).build(m, DEFAULTS)
    assert model.one_off == frozenset({"one_off"})
    study = Study((m,), DEFAULTS, estimators={m.key: Sum(ConversationTime(), OneOffCost())})
    estimate = study.run(N, seed=1).estimates[m.key]
    assert np.allclose(estimate.samples - estimate.recurring, 50_000)


def test_sum_refuses_members_with_clashing_components() -> None:
    """Sum of two estimators producing the same component is an error, not a double count."""
    m = town(count(10), per_conversation(1.0))
    with pytest.raises(ValueError, match="distinct names"):
        Sum(ConversationTime(), ConversationTime()).build(m, DEFAULTS)


def test_total_hours_uses_reported_hours_over_their_period() -> None:
    """Aalborg-style: 240 hours over September-September are 240 hours a year."""
    period = Period(date(2022, 9, 1), date(2023, 9, 1))
    m = town(count(120, period=period), TotalHours(hours=240, period=period, source=SRC))
    model = TotalHoursEstimator().build(m, DEFAULTS)
    outputs = model.evaluate({k: d.ppf(np.full(3, 0.5)) for k, d in model.inputs.items()})
    assert np.all(outputs["caseworker_hours"] == 240.0)
    assert np.all(outputs["conversations"] == 120.0)


def test_total_hours_over_two_years_are_halved_to_a_year() -> None:
    """480 hours over 2021-2022 are 240 a year: 240 x 500,000 x 1.2 / 1,500 = 96,000 DKK."""
    fixed = DEFAULTS.override(wage_cost=500_000, overhead_share=0.2, productive_hours=1500)
    period = Period(date(2021, 1, 1), date(2023, 1, 1))
    m = town(count(300, period=period), TotalHours(hours=480, period=period, source=SRC))
    model = TotalHoursEstimator().build(m, fixed)
    outputs = model.evaluate({k: d.ppf(np.full(2, 0.5)) for k, d in model.inputs.items()})
    assert outputs["caseworker_hours"] == pytest.approx([240.0, 240.0])
    assert outputs["conversations"] == pytest.approx([150.0, 150.0])
    assert cost(TotalHoursEstimator(), m, assumptions=fixed) == pytest.approx(96_000)


def test_staff_allocation_prices_staff_years_with_overhead() -> None:
    """One staff-year costs wage x (1 + overhead)."""
    fixed = DEFAULTS.override(wage_cost=530_000, overhead_share=0.2)
    m = town(StaffYears(value=1, source=SRC))
    assert cost(StaffAllocation(), m, assumptions=fixed) == pytest.approx(636_000)


# --- properties ---------------------------------------------------------------------------


@given(counts, hours, measures, qualifiers, seeds)
def test_conversation_time_is_finite_non_negative_and_linear_in_count(
    n: float, h: float, measure: str, qualifier: str, seed: int
) -> None:
    """Cost is finite, >= 0, and doubles sample by sample when the count doubles."""
    one = cost(ConversationTime(), town(count(n, measure), per_conversation(h, qualifier)), seed)
    two = cost(
        ConversationTime(), town(count(2 * n, measure), per_conversation(h, qualifier)), seed
    )
    check_basic(one)
    np.testing.assert_allclose(two, 2 * one, rtol=1e-12)


@given(counts, hours, hours, seeds)
def test_conversation_time_is_non_decreasing_in_hours(
    n: float, h1: float, h2: float, seed: int
) -> None:
    """More hours per conversation never lowers the cost (same draws otherwise)."""
    low, high = sorted((h1, h2))
    a = cost(ConversationTime(), town(count(n), per_conversation(low)), seed)
    b = cost(ConversationTime(), town(count(n), per_conversation(high)), seed)
    assert (b >= a).all()


@given(st.floats(min_value=0.0, max_value=1.0), st.floats(min_value=0.0, max_value=1.0), seeds)
def test_cost_is_non_decreasing_in_show_up_rate(r1: float, r2: float, seed: int) -> None:
    """A higher show-up rate never lowers the cost of persons called in."""
    low, high = sorted((r1, r2))
    m = town(count(750, "called_in"), per_conversation(1.5))
    a = cost(ConversationTime(), m, seed, DEFAULTS.override(show_up_rate=low))
    b = cost(ConversationTime(), m, seed, DEFAULTS.override(show_up_rate=high))
    assert (b >= a).all()


@given(st.floats(min_value=1e5, max_value=1e6), st.floats(min_value=1e5, max_value=1e6), seeds)
def test_every_estimator_is_non_decreasing_in_wage_cost(w1: float, w2: float, seed: int) -> None:
    """A higher wage cost never lowers the cost of any hour-based estimator."""
    low, high = sorted((w1, w2))
    m = town(
        count(120),
        per_conversation(2.0),
        StaffYears(value=1, source=SRC),
        TotalHours(hours=240, period=YEAR, source=SRC),
    )
    for estimator in (ConversationTime(), StaffAllocation(), TotalHoursEstimator()):
        a = cost(estimator, m, seed, DEFAULTS.override(wage_cost=low))
        b = cost(estimator, m, seed, DEFAULTS.override(wage_cost=high))
        assert (b >= a).all()


@given(counts, seeds)
def test_staff_and_total_hours_and_spending_are_linear(x: float, seed: int) -> None:
    """Staff-years, total hours and reported money scale the cost linearly."""

    def each(scale: float) -> list[np.ndarray]:
        m = town(
            StaffYears(value=x * scale / 100, source=SRC),  # within 10,000 staff-years
            TotalHours(hours=x * scale, period=YEAR, source=SRC),
            Spending(amount=x * scale, year=2023, source=SRC),
        )
        return [
            cost(e, m, seed)
            for e in (StaffAllocation(), TotalHoursEstimator(), ReportedSpending())
        ]

    for one, three in zip(each(1.0), each(3.0), strict=True):
        check_basic(one)
        np.testing.assert_allclose(three, 3 * one, rtol=1e-12, atol=1e-9)


@given(counts, measures, seeds)
def test_interpreter_fees_are_linear_in_count_and_reproducible(
    n: float, measure: str, seed: int
) -> None:
    """Interpreter fees double with the count and repeat exactly under a seed."""
    one = cost(InterpreterFees(), town(count(n, measure)), seed)
    check_basic(one)
    np.testing.assert_allclose(
        cost(InterpreterFees(), town(count(2 * n, measure)), seed), 2 * one, rtol=1e-12
    )
    assert np.array_equal(one, cost(InterpreterFees(), town(count(n, measure)), seed))


@given(counts, hours, seeds)
def test_same_seed_same_cost_bit_for_bit(n: float, h: float, seed: int) -> None:
    """Every estimator gives identical samples under the same seed."""
    m = town(count(n), per_conversation(h), StaffYears(value=1, source=SRC))
    for estimator in (
        ConversationTime(),
        StaffAllocation(),
        Sum(ConversationTime(), InterpreterFees()),
    ):
        assert np.array_equal(cost(estimator, m, seed), cost(estimator, m, seed))
