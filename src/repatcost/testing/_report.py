"""What :func:`~repatcost.testing.check_estimator` returns and raises.

Private: re-exported from :mod:`repatcost.testing`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

import attrs

__all__ = [
    "CheckFailure",
    "CheckReport",
    "CheckResult",
    "EstimatorCheckError",
    "EstimatorCheckWarning",
    "Status",
]

Status = Literal["passed", "failed", "xfailed", "xpassed"]
"""A check's outcome: passed; failed; failed as expected; passed though expected to fail."""


class CheckFailure(AssertionError):  # noqa: N818 - reads as what happened, like sklearn's
    """One contract check failed; ``check`` names it and the message says why.

    >>> err = CheckFailure("check_monotonic", "cost fell when 'hours' rose")
    >>> print(err)
    check_monotonic: cost fell when 'hours' rose
    >>> err.check
    'check_monotonic'
    """

    def __init__(self, check: str, reason: str) -> None:
        super().__init__(f"{check}: {reason}", check, reason)

    @property
    def check(self) -> str:
        """Name of the failed check."""
        return str(self.args[1])

    @property
    def reason(self) -> str:
        """Why it failed."""
        return str(self.args[2])

    def __str__(self) -> str:
        return str(self.args[0])


class EstimatorCheckWarning(UserWarning):
    """A contract check failed and ``check_estimator(..., on_fail="warn")`` was asked."""


@attrs.frozen
class CheckResult:
    """The outcome of one named check.

    Attributes:
        name: the check's function name, e.g. ``"check_monotonic"``.
        status: ``"passed"``, ``"failed"``, ``"xfailed"`` (failed as expected) or
            ``"xpassed"`` (passed though expected to fail).
        reason: why it failed (with the falsifying example), or why it was expected to fail.
    """

    name: str
    status: Status
    reason: str = ""

    @property
    def passed(self) -> bool:
        """True unless the check failed unexpectedly."""
        return self.status != "failed"

    def __str__(self) -> str:
        head = f"{self.status.upper():8} {self.name}"
        return f"{head}: {self.reason}" if self.reason and self.status != "passed" else head


@attrs.frozen
class CheckReport:
    """Every check run on one estimator, in order.

    >>> report = CheckReport("Demo()", (CheckResult("check_a", "passed"),
    ...                                 CheckResult("check_b", "failed", "it broke")))
    >>> report.ok, [r.name for r in report.failed]
    (False, ['check_b'])
    >>> report["check_b"].reason
    'it broke'
    >>> print(report)
    Demo(): 2 checks, 1 passed, 1 failed
      PASSED   check_a
      FAILED   check_b: it broke
    """

    estimator: str
    """``repr`` of the estimator checked."""
    results: tuple[CheckResult, ...]

    @property
    def ok(self) -> bool:
        """True when no check failed unexpectedly."""
        return all(r.passed for r in self.results)

    @property
    def failed(self) -> tuple[CheckResult, ...]:
        """The checks that failed unexpectedly."""
        return tuple(r for r in self.results if r.status == "failed")

    def __getitem__(self, name: str) -> CheckResult:
        for result in self.results:
            if result.name == name:
                return result
        known = ", ".join(r.name for r in self.results)
        raise KeyError(f"No check named {name!r} in this report; it has: {known}.")

    def __iter__(self) -> Iterator[CheckResult]:
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)

    def __str__(self) -> str:
        counts: dict[str, int] = {}
        for result in self.results:
            counts[result.status] = counts.get(result.status, 0) + 1
        tally = ", ".join(f"{n} {status}" for status, n in counts.items())
        lines = [f"{self.estimator}: {len(self.results)} checks, {tally}"]
        lines += [f"  {result}" for result in self.results]
        return "\n".join(lines)

    def raise_for_failures(self) -> None:
        """Raise :class:`EstimatorCheckError` if any check failed unexpectedly."""
        if not self.ok:
            raise EstimatorCheckError(self)


class EstimatorCheckError(AssertionError):
    """An estimator failed one or more contract checks; ``report`` has the details.

    The message names every failed check with its reason.
    """

    def __init__(self, report: CheckReport) -> None:
        failed = report.failed
        lines = [
            f"{report.estimator} failed {len(failed)} of {len(report)} estimator "
            f"checks ({', '.join(r.name for r in failed)}):"
        ]
        lines += [f"- {r.name}: {r.reason}" for r in failed]
        super().__init__("\n".join(lines), report)

    @property
    def report(self) -> CheckReport:
        """The full report."""
        report: CheckReport = self.args[1]
        return report

    @property
    def checks(self) -> tuple[str, ...]:
        """Names of the failed checks."""
        return tuple(r.name for r in self.report.failed)

    def __str__(self) -> str:
        return str(self.args[0])
