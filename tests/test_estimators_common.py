"""Every built-in estimator, and sums of them, through the whole estimator contract."""

from __future__ import annotations

from collections.abc import Mapping

from hypothesis import settings

from repatcost.estimators import (
    BUILTIN,
    ConversationTime,
    Ensemble,
    Estimator,
    InterpreterFees,
    OneOffCost,
    ReportedSpending,
    StaffAllocation,
    Sum,
    TotalHoursEstimator,
)
from repatcost.evidence import Spending
from repatcost.packs import builtin_estimators
from repatcost.testing import parametrize_with_checks, strategies

# A quarter of the profile's examples per check: 10 applicable cases per check in "dev",
# 20 in "ci"; 14 checks x ~10 estimators keeps the file to a few seconds per estimator.
EXAMPLES = max(5, (settings.default.max_examples if settings.default else 100) // 4)

ESTIMATORS: list[Estimator] = [
    *(cls() for cls in (*BUILTIN.values(), *builtin_estimators().values())),
    Sum(ConversationTime(), InterpreterFees()),
    Sum(StaffAllocation(), InterpreterFees()),
    Sum(TotalHoursEstimator(), OneOffCost()),
    Ensemble(ReportedSpending(), Sum(ConversationTime(), InterpreterFees())),
]


def known_failures(estimator: Estimator) -> Mapping[str, str]:
    """Checks known to fail on ``estimator`` (none since price_factor and OneOffCost
    declare what they fall in)."""
    return {}


@parametrize_with_checks(ESTIMATORS, expected_failed_checks=known_failures, max_examples=EXAMPLES)
def test_builtin_estimators_keep_the_contract(estimator: Estimator, check) -> None:
    """A built-in estimator (or sum) passes the named contract check."""
    check(estimator)


# Spending has four kinds, so a municipality of one or two spendings often has no budget:
# up to six spendings keep the cases a budget estimator applies to common enough for
# hypothesis (too many refused cases fail the check as "applied to too few").
SPENDINGS = {"required": [Spending], "max_records": 6}


@parametrize_with_checks(
    [ReportedSpending(kind="budget")],
    municipalities=strategies.municipalities(**SPENDINGS),
    max_examples=EXAMPLES,
)
def test_reported_budget_keeps_the_contract(estimator: Estimator, check) -> None:
    """ReportedSpending of the budget passes each check on evidence that has one."""
    check(estimator)


@parametrize_with_checks(
    [ReportedSpending(year=2023), ReportedSpending(kind="budget", year=2023)],
    municipalities=strategies.municipalities(**SPENDINGS, min_year=2023, max_year=2023),
    max_examples=EXAMPLES,
)
def test_reported_spending_of_one_year_keeps_the_contract(estimator: Estimator, check) -> None:
    """ReportedSpending for a chosen year passes each check on evidence of that year."""
    check(estimator)
