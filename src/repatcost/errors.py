"""Exceptions raised by repatcost.

Every exception subclasses a built-in that callers already catch (``ValueError``), keeps its
data in ``args`` and words its message as "The 'field' of Owner must be <expectation>. Got
<value> instead."
"""

from __future__ import annotations

import reprlib
from typing import Any

import attrs

__all__ = [
    "EstimatorError",
    "InvalidTypeError",
    "InvalidValueError",
    "NotApplicable",
    "Problem",
    "RepatcostError",
    "RunMismatchError",
    "ScenarioError",
    "shorten",
]

SHOWN_CHARS = 60
"""Longest shown value in a message; a longer one is cut and ends in ``...``."""

_REPR = reprlib.Repr()
_REPR.maxlevel = 3
_REPR.maxstring = _REPR.maxother = _REPR.maxlong = 4 * SHOWN_CHARS  # elided past the cut
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = _REPR.maxset = SHOWN_CHARS


def shorten(value: Any, limit: int = SHOWN_CHARS) -> str:
    """``repr(value)`` for a message: at most ``limit`` characters, then ``...``.

    Safe for huge strings and deeply nested lists.

    >>> shorten("x" * 1000)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx..."
    >>> shorten(1.5)
    '1.5'
    """
    text = _REPR.repr(value)
    return text if len(text) <= limit else text[:limit] + "..."


class RepatcostError(Exception):
    """Base class of every error raised on purpose by repatcost."""


class InvalidValueError(RepatcostError, ValueError):
    """A field was given a value outside what it accepts.

    ``args`` is ``(message, owner, field, value, expected)`` so callers can inspect the parts.

    >>> err = InvalidValueError.for_field("Uniform", "high", -1.0, "> low (0.0)")
    >>> print(err)
    The 'high' parameter of Uniform must be > low (0.0). Got -1.0 instead.
    >>> err.field
    'high'
    """

    @classmethod
    def for_field(cls, owner: str, field: str, value: Any, expected: str) -> InvalidValueError:
        """Build the error with the house wording."""
        shown = shorten(value)
        message = f"The {field!r} parameter of {owner} must be {expected}. Got {shown} instead."
        return cls(message, owner, field, value, expected)

    @property
    def owner(self) -> str:
        """Name of the class (or file) the field belongs to."""
        return str(self.args[1]) if len(self.args) > 1 else ""

    @property
    def field(self) -> str:
        """Name of the offending field."""
        return str(self.args[2]) if len(self.args) > 2 else ""

    @property
    def value(self) -> Any:
        """The rejected value."""
        return self.args[3] if len(self.args) > 3 else None

    @property
    def expected(self) -> str:
        """What the field accepts (the "must be ..." part of the message).

        >>> InvalidValueError.for_field("Uniform", "high", -1.0, "> low (0.0)").expected
        '> low (0.0)'
        """
        if len(self.args) > 4:
            return str(self.args[4])
        message = str(self.args[0]) if self.args else ""
        start, end = message.find(" must be "), message.rfind(". Got ")
        return message[start + 9 : end] if start >= 0 and end > start else message

    def __str__(self) -> str:
        return str(self.args[0])


class InvalidTypeError(InvalidValueError, TypeError):
    """A field was given a value of the wrong type (text or None where a number belongs).

    Both a :class:`ValueError` (every house error is) and a :class:`TypeError`, as
    scikit-learn's ``InvalidParameterError`` is; ``args`` as for :class:`InvalidValueError`.

    >>> err = InvalidTypeError.for_field("Fixed", "value", "abc", "a finite number")
    >>> isinstance(err, TypeError) and isinstance(err, ValueError)
    True
    """


class EstimatorError(InvalidValueError):
    """An estimator's code broke its contract: its build or its model's function raised,
    or returned outputs of the wrong shape, type or sign, or not finite. The message names
    the estimator, what it estimates (a municipality) and what was wrong.

    ``args`` is ``(message, estimator, field, value, expected)``.
    """

    def __str__(self) -> str:
        return str(self.args[0])


class NotApplicable(RepatcostError, ValueError):  # noqa: N818 - the name the design uses
    """An estimator cannot be built from the evidence it was given.

    The message says what evidence is missing and how to supply it.
    """

    @property
    def reason(self) -> str:
        """Why the estimator does not apply, in words a person can act on."""
        return str(self.args[0])


class RunMismatchError(RepatcostError, ValueError):
    """Arithmetic was attempted between estimates drawn in different runs.

    Sample i of one run and sample i of another share no draws, so a sample-wise sum or
    ratio of the two would silently drop the correlation between them.
    """


@attrs.frozen
class Problem:
    """One problem in a data file: where (key path), what was found, what was expected.

    >>> print(Problem("municipality.aarhus.code", 0, "an integer in [1, 999]"))
    municipality.aarhus.code: expected an integer in [1, 999]; got 0
    """

    path: str
    value: Any
    expected: str

    def __str__(self) -> str:
        path = self.path if len(self.path) <= 100 else self.path[:100] + "..."
        return f"{path}: expected {self.expected}; got {shorten(self.value)}"


class ScenarioError(RepatcostError, ValueError):
    """A data file has problems; ``problems`` lists every one, each naming its key path.

    ``args`` is ``(message, file, problems)``.
    """

    @property
    def file(self) -> str:
        """The file that was read."""
        return str(self.args[1])

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Every problem found in the file."""
        return tuple(self.args[2])

    def __str__(self) -> str:
        return str(self.args[0])
