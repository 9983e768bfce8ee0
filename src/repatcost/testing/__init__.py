"""Testing kit for estimator authors: the contract checks and hypothesis strategies.

``check_estimator(MyEstimator())`` runs every check of the estimator contract
(``docs/architecture.md``) and raises, naming each failed check, unless it holds;
``parametrize_with_checks([...])`` makes one pytest test per estimator and check;
:mod:`repatcost.testing.strategies` generates valid evidence, distributions, assumption sets,
municipalities and scenario files for property tests of your own.

Its modules, one job each: :mod:`~repatcost.testing.cases` (where the cases come from,
shaped by what the estimator ``needs``), :mod:`~repatcost.testing._probes` (feeding a model
and reading its outputs), :mod:`~repatcost.testing.checks` (the checks) and
:mod:`~repatcost.testing.runners` (running them).

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
from repatcost.testing.cases import Cases
from repatcost.testing.checks import CHECKS
from repatcost.testing.runners import check_estimator, parametrize_with_checks

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
