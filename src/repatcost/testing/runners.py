"""Running the contract checks: every one on an estimator, or one pytest test each.

:func:`check_estimator` runs every check and returns a :class:`~repatcost.testing.CheckReport`;
:func:`parametrize_with_checks` turns them into one pytest test each.

>>> from repatcost.estimators import StaffAllocation
>>> report = check_estimator(StaffAllocation(), max_examples=5)
>>> report.ok, len(report)
(True, 14)
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Literal

import attrs
from hypothesis import strategies as st

from repatcost._progress import progress as show_progress
from repatcost._validators import fail
from repatcost.assumptions import Assumptions
from repatcost.estimators import Estimator
from repatcost.evidence import Municipality
from repatcost.testing._report import (
    CheckFailure,
    CheckReport,
    CheckResult,
    EstimatorCheckWarning,
    Status,
)
from repatcost.testing.cases import Cases
from repatcost.testing.checks import CHECKS, Check

if TYPE_CHECKING:
    from _pytest.mark import MarkDecorator

__all__ = ["check_estimator", "parametrize_with_checks"]

_BY_NAME = {c.__name__: c for c in CHECKS}


def _reason(err: BaseException) -> str:
    """Why a check failed: its message (or the unexpected error), then hypothesis' notes."""
    text = err.reason if isinstance(err, CheckFailure) else f"{type(err).__name__}: {err}"
    notes = [n for n in getattr(err, "__notes__", ()) if isinstance(n, str)]
    return "\n".join([text, *notes])


def _expected(value: Mapping[str, str] | None) -> dict[str, str]:
    expected = dict(value or {})
    unknown = sorted(set(expected) - set(_BY_NAME))
    if unknown:
        raise fail(
            "check_estimator",
            "expected_failed_checks",
            unknown,
            "names of checks (" + ", ".join(_BY_NAME) + ")",
        )
    return expected


def check_estimator(
    estimator: Estimator,
    *,
    on_fail: Literal["raise", "warn"] | None = "raise",
    municipalities: st.SearchStrategy[Municipality] | None = None,
    assumptions: Assumptions | st.SearchStrategy[Assumptions] | None = None,
    max_examples: int | None = None,
    expected_failed_checks: Mapping[str, str] | None = None,
    checks: Iterable[str] | None = None,
    progress: bool = True,
) -> CheckReport:
    """Run every contract check on ``estimator`` and report each one.

    Args:
        estimator: an instance of the estimator to check.
        on_fail: ``"raise"`` raises :class:`~repatcost.testing.EstimatorCheckError` naming
            every failed check; ``"warn"`` issues an
            :class:`~repatcost.testing.EstimatorCheckWarning` per failed check; ``None``
            only returns the report.
        municipalities, assumptions, max_examples: where the cases come from (see
            :class:`Cases`).
        expected_failed_checks: check name -> why it is known to fail; those are reported
            as ``"xfailed"`` and do not raise.
        checks: names of the checks to run (default: all of :data:`CHECKS`).
        progress: show a progress line on standard error when the run takes longer than
            about two seconds and standard error is a terminal; ``False`` silences it.

    >>> from repatcost.estimators import ConversationTime
    >>> print(check_estimator(ConversationTime(), max_examples=3, on_fail=None,
    ...                       checks=["check_output_shape"]))
    ConversationTime(): 1 checks, 1 passed
      PASSED   check_output_shape
    """
    if on_fail not in ("raise", "warn", None):
        raise fail("check_estimator", "on_fail", on_fail, "'raise', 'warn' or None")
    cases = Cases(municipalities, assumptions, max_examples)
    expected = _expected(expected_failed_checks)
    chosen = CHECKS if checks is None else tuple(_BY_NAME[n] for n in _known(checks))
    with show_progress(f"check_estimator({estimator!r})", show=progress):
        results = tuple(_result(check, estimator, cases, expected) for check in chosen)
    report = CheckReport(repr(estimator), results)
    if on_fail == "raise":
        report.raise_for_failures()
    elif on_fail == "warn":
        _warn(report)
    return report


def _warn(report: CheckReport) -> None:
    """One :class:`EstimatorCheckWarning` per failed check, pointing at the caller's caller."""
    for result in report.failed:
        warnings.warn(
            f"{report.estimator} {result.name}: {result.reason}",
            EstimatorCheckWarning,
            stacklevel=3,
        )


def _result(
    check: Check, estimator: Estimator, cases: Cases, expected: Mapping[str, str]
) -> CheckResult:
    """The outcome of one check: passed, failed, or (when expected to fail) x-passed/failed."""
    name = check.__name__
    try:
        check(estimator, cases)
    except Exception as err:  # a crash in a check is a failure of the estimator
        status: Status = "xfailed" if name in expected else "failed"
        return CheckResult(name, status, _reason(err))
    if name in expected:
        return CheckResult(name, "xpassed", expected[name])
    return CheckResult(name, "passed")


def _known(names: Iterable[str]) -> list[str]:
    chosen = list(names)
    unknown = [n for n in chosen if n not in _BY_NAME]
    if unknown:
        raise fail(
            "check_estimator", "checks", unknown, "names of checks (" + ", ".join(_BY_NAME) + ")"
        )
    return chosen


@attrs.frozen
class _BoundCheck:
    """One check with its cases, callable on an estimator (what the pytest test calls)."""

    check: Check
    cases: Cases

    def __call__(self, estimator: Estimator) -> None:
        self.check(estimator, self.cases)

    def __repr__(self) -> str:
        return self.check.__name__


def parametrize_with_checks(
    estimators: Sequence[Estimator],
    *,
    expected_failed_checks: Callable[[Estimator], Mapping[str, str]] | None = None,
    municipalities: st.SearchStrategy[Municipality] | None = None,
    assumptions: Assumptions | st.SearchStrategy[Assumptions] | None = None,
    max_examples: int | None = None,
) -> MarkDecorator:
    """A pytest ``parametrize`` mark with one test per estimator and check.

    The decorated test takes ``estimator`` and ``check`` and calls ``check(estimator)``.
    ``expected_failed_checks(estimator)`` returns check name -> reason for the checks known
    to fail on that estimator; they are marked ``xfail`` with that reason.

    Example (in a test module)::

        from repatcost.testing import parametrize_with_checks

        @parametrize_with_checks([MyEstimator()])
        def test_contract(estimator, check):
            check(estimator)
    """
    import pytest

    cases = Cases(municipalities, assumptions, max_examples)
    params = []
    for estimator in estimators:
        expected = _expected(expected_failed_checks(estimator)) if expected_failed_checks else {}
        for check in CHECKS:
            name = check.__name__
            marks = (
                [pytest.mark.xfail(reason=expected[name], strict=False)]
                if name in expected
                else []
            )
            params.append(
                pytest.param(
                    estimator, _BoundCheck(check, cases), marks=marks, id=f"{estimator!r}-{name}"
                )
            )
    return pytest.mark.parametrize(("estimator", "check"), params)
