"""One validation vocabulary: declarative constraints on single values.

A :class:`Constraint` states what a value must be, in words fit for an error message. It
checks a value (raising :class:`~repatcost.errors.InvalidValueError` that names the owner, the
field, the value and the expectation) and, called with attrs' three arguments, serves as an
attrs validator. Numeric constraints also carry their ``low`` and ``high`` limits, so a domain
can be shown, compared or sampled from without parsing words.

Numbers are real, finite and not booleans; Python and numpy integers and floats are accepted
alike.

>>> SHARE
<share: a number in [0, 1]>
>>> SHARE.check("Assumptions", "overhead_share", 0.2)
0.2
>>> from repatcost.errors import InvalidValueError
>>> try:
...     LEVEL.check("interval", "level", 1.5)
... except InvalidValueError as err:
...     print(err)
The 'level' parameter of interval must be a number strictly between 0 and 1. Got 1.5 instead.
>>> between(1.0, 8.0, name="hours per conversation", unit="h")
<hours per conversation: a number in [1, 8] h>
>>> count(minimum=2).accepts(1)
False

Use as an attrs validator::

    @attrs.frozen
    class Rate:
        share: float = attrs.field(validator=SHARE)
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import attrs
import numpy as np

from repatcost.errors import InvalidTypeError, InvalidValueError

__all__ = [
    "FINITE",
    "LEVEL",
    "NON_NEGATIVE",
    "POSITIVE",
    "POSITIVE_HOURS",
    "POSITIVE_MONEY",
    "PROBABILITY",
    "REPEATABLE_SEED",
    "SEED",
    "SHARE",
    "TEXT",
    "YEAR",
    "Constraint",
    "above",
    "at_least",
    "between",
    "count",
    "fail",
    "instance_of",
    "is_real",
    "member_of",
    "optional",
    "wrong_type",
]

T = TypeVar("T")


def fail(owner: Any, field: str, value: Any, expected: str) -> InvalidValueError:
    """The house error for ``field`` of ``owner`` (a class, an instance or a name such as
    ``"draw_inputs"``).

    >>> print(fail("Uniform", "high", -1.0, "> low (0.0)"))
    The 'high' parameter of Uniform must be > low (0.0). Got -1.0 instead.
    """
    if isinstance(owner, str):
        name = owner
    else:
        name = owner.__name__ if isinstance(owner, type) else type(owner).__name__
    kind = InvalidTypeError if wrong_type(value, expected) else InvalidValueError
    return kind.for_field(name, field, value, expected)


_WHOLE_WORDS = ("integer", "whole number", "power of 2", "year")


def wrong_type(value: Any, expected: str) -> bool:
    """True when ``expected`` asks for a number (or a whole number) and ``value`` is not one
    at all (text, None, a boolean, a list, ...): a type problem rather than a bad value.

    >>> wrong_type("3", "a finite number"), wrong_type(-3, "a finite number > 0")
    (True, False)
    >>> wrong_type(2.5, "an integer >= 1"), wrong_type(np.int64(2), "an integer >= 1")
    (True, False)
    """
    if any(word in expected for word in _WHOLE_WORDS):
        return not _is_whole(value) and not isinstance(value, np.random.Generator)
    return "number" in expected and not is_real(value)


def is_real(value: Any) -> bool:
    """True for a Python or numpy integer or float that is not a boolean."""
    return isinstance(value, int | float | np.integer | np.floating) and not isinstance(
        value, bool | np.bool_
    )


def _is_whole(value: Any) -> bool:
    return isinstance(value, int | np.integer) and not isinstance(value, bool | np.bool_)


@attrs.frozen(repr=False)
class Constraint(Generic[T]):
    """A named rule for one value: its test, its wording and the value it yields.

    Attributes:
        name: what the constraint is called (``"share"``), shown in its repr.
        expectation: what an accepted value is, completing "must be ..." in an error.
        test: True for an accepted value; never raises.
        convert: the accepted value in canonical form (``float``, ``int``, ...).
        low, high: numeric limits, when the constraint is a numeric range.
    """

    name: str
    expectation: str
    test: Callable[[Any], bool] = attrs.field(eq=False)
    convert: Callable[[Any], T] = attrs.field(eq=False)
    low: float | None = None
    high: float | None = None

    def accepts(self, value: Any) -> bool:
        """True when ``value`` satisfies the constraint."""
        return self.test(value)

    def check(self, owner: Any, field: str, value: Any) -> T:
        """``value`` in canonical form, or the house error naming owner and field."""
        if not self.test(value):
            raise fail(owner, field, value, self.expectation)
        return self.convert(value)

    def __call__(self, inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        """attrs validator: refuse ``value`` for ``attribute`` of ``inst``."""
        self.check(inst, attribute.name, value)

    def __repr__(self) -> str:
        return f"<{self.name}: {self.expectation}>"


def _limit(value: float) -> str:
    return f"{value:g}"


def between(
    low: float,
    high: float,
    *,
    open_low: bool = False,
    open_high: bool = False,
    name: str = "range",
    unit: str = "",
) -> Constraint[float]:
    """A finite number from ``low`` to ``high`` (ends included unless opened)."""
    if open_low and open_high:
        words = f"a number strictly between {_limit(low)} and {_limit(high)}"
    else:
        words = (
            f"a number in {'(' if open_low else '['}{_limit(low)}, "
            f"{_limit(high)}{')' if open_high else ']'}"
        )

    def test(value: Any) -> bool:
        if not is_real(value) or not math.isfinite(value):
            return False
        above_low = value > low if open_low else value >= low
        below_high = value < high if open_high else value <= high
        return bool(above_low and below_high)

    expectation = f"{words} {unit}" if unit else words
    return Constraint(name, expectation, test, float, low=low, high=high)


def _one_sided(limit: float, strict: bool, name: str, unit: str) -> Constraint[float]:
    op = ">" if strict else ">="

    def test(value: Any) -> bool:
        if not is_real(value) or not math.isfinite(value):
            return False
        return bool(value > limit if strict else value >= limit)

    words = f"a finite number {op} {_limit(limit)}"
    expectation = f"{words} {unit}" if unit else words
    return Constraint(name, expectation, test, float, low=limit)


def above(limit: float, *, name: str = "above", unit: str = "") -> Constraint[float]:
    """A finite number strictly greater than ``limit``."""
    return _one_sided(limit, True, name, unit)


def at_least(limit: float, *, name: str = "at least", unit: str = "") -> Constraint[float]:
    """A finite number greater than or equal to ``limit``."""
    return _one_sided(limit, False, name, unit)


def count(
    *,
    minimum: int = 0,
    maximum: int | None = None,
    power_of_two: bool = False,
    name: str = "count",
) -> Constraint[int]:
    """A whole number >= ``minimum`` (<= ``maximum`` if given; a power of 2 when asked).

    >>> count(minimum=2, power_of_two=True).check("sobol", "n", 64)
    64
    >>> count(minimum=1, maximum=999)
    <count: a whole number from 1 to 999>
    """

    def test(value: Any) -> bool:
        if not _is_whole(value) or value < minimum or (maximum is not None and value > maximum):
            return False
        return not power_of_two or int(value) & (int(value) - 1) == 0

    kind = "a power of 2" if power_of_two else "a whole number"
    words = f"{kind} >= {minimum}" if maximum is None else f"{kind} from {minimum} to {maximum}"
    return Constraint(name, words, test, int, low=minimum, high=maximum)


def optional(constraint: Constraint[T]) -> Constraint[T | None]:
    """``constraint``, or None.

    >>> optional(SHARE).check("Normal", "low", None) is None
    True
    """

    def convert(value: Any) -> T | None:
        return None if value is None else constraint.convert(value)

    return Constraint(
        f"optional {constraint.name}",
        f"{constraint.expectation}, or None",
        lambda value: value is None or constraint.test(value),
        convert,
        low=constraint.low,
        high=constraint.high,
    )


def member_of(enum_type: type[Any]) -> Constraint[Any]:
    """A member of the enum ``enum_type`` (converters turn its values into members first)."""
    names = ", ".join(repr(m.value) for m in enum_type)
    return Constraint(
        enum_type.__name__,
        f"one of {names}",
        lambda value: isinstance(value, enum_type),
        lambda value: value,
    )


def instance_of(cls: type[Any], words: str = "") -> Constraint[Any]:
    """An instance of ``cls`` (``words`` describes it, e.g. "a Distribution such as ...").

    >>> instance_of(int).accepts("3")
    False
    """
    return Constraint(
        cls.__name__,
        words or f"a {cls.__name__}",
        lambda value: isinstance(value, cls),
        lambda value: value,
    )


def _is_seed(value: Any) -> bool:
    return isinstance(value, np.random.Generator) or (_is_whole(value) and value >= 0)


FINITE: Constraint[float] = Constraint(
    "finite", "a finite number", lambda v: is_real(v) and math.isfinite(v), float
)
"""Any finite real number."""

POSITIVE = above(0.0, name="positive")
"""A finite number > 0."""

NON_NEGATIVE = at_least(0.0, name="non-negative")
"""A finite number >= 0."""

LEVEL = between(0.0, 1.0, open_low=True, open_high=True, name="level")
"""An interval level (the probability an interval covers), strictly between 0 and 1."""

SHARE = between(0.0, 1.0, name="share")
"""A share of a whole, in [0, 1]."""

PROBABILITY = between(0.0, 1.0, name="probability")
"""A probability, in [0, 1]."""

POSITIVE_MONEY = above(0.0, name="money")
"""An amount of money > 0 (in the study's currency)."""

POSITIVE_HOURS = above(0.0, name="hours", unit="hours")
"""A number of hours > 0."""

YEAR: Constraint[int] = Constraint(
    "year",
    "a year from 1900 to 2200",
    lambda v: _is_whole(v) and 1900 <= v <= 2200,
    int,
    low=1900,
    high=2200,
)
"""A calendar year (a whole number from 1900 to 2200)."""

SEED: Constraint[Any] = Constraint(
    "seed",
    "a non-negative integer, a numpy Generator or None",
    lambda v: v is None or _is_seed(v),
    lambda v: v,
)
"""A run's seed: a non-negative integer, a ``numpy.random.Generator``, or None (fresh)."""

REPEATABLE_SEED: Constraint[Any] = Constraint(
    "repeatable seed",
    "a non-negative integer or a numpy Generator",
    _is_seed,
    lambda v: v,
)
"""A seed that makes a run repeatable: a non-negative integer or a numpy Generator."""

TEXT: Constraint[str] = Constraint(
    "text",
    "a non-empty string",
    lambda v: isinstance(v, str) and bool(v.strip()),
    str,
)
"""A string with at least one non-space character."""
