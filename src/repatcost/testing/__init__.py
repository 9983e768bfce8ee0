"""Testing kit for estimator authors: the contract checks and hypothesis strategies.

``check_estimator(MyEstimator())`` runs every check of the estimator contract (DESIGN.md,
"The estimator contract") and raises, naming each failed check, unless it holds;
``parametrize_with_checks([...])`` makes one pytest test per estimator and check;
:mod:`repatcost.testing.strategies` generates valid evidence, distributions, assumption sets,
municipalities and scenario files for property tests of your own.

Needs the test extra (``pip install repatcost[test]``: hypothesis, and pytest for
``parametrize_with_checks``).

>>> from repatcost.estimators import TotalHoursEstimator
>>> check_estimator(TotalHoursEstimator(), max_examples=5).ok
True
"""

from repatcost.testing import strategies
from repatcost.testing._report import (
    CheckFailure,
    CheckReport,
    CheckResult,
    EstimatorCheckError,
    EstimatorCheckWarning,
)
from repatcost.testing.checks import CHECKS, Cases, check_estimator, parametrize_with_checks

__all__ = [
    "CHECKS",
    "Cases",
    "CheckFailure",
    "CheckReport",
    "CheckResult",
    "EstimatorCheckError",
    "EstimatorCheckWarning",
    "check_estimator",
    "parametrize_with_checks",
    "strategies",
]
