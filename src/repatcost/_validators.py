"""attrs validators that raise :class:`~repatcost.errors.InvalidValueError` in house wording.

Private: pure helpers for the public classes, which validate at construction.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from repatcost.errors import InvalidValueError

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def fail(inst: Any, field: str, value: Any, expected: str) -> InvalidValueError:
    """Return the error for ``field`` of ``inst`` (a class, an instance, or a name such as
    ``"draw_inputs"``)."""
    if isinstance(inst, str):
        owner = inst
    else:
        owner = inst.__name__ if isinstance(inst, type) else type(inst).__name__
    return InvalidValueError.for_field(owner, field, value, expected)


def _is_real(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def finite(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Accept a finite real number."""
    if not _is_real(value) or not math.isfinite(value):
        raise fail(inst, attribute.name, value, "a finite number")


def _bound(op: str, limit: float) -> Validator:
    checks: dict[str, Callable[[float], bool]] = {
        ">": lambda v: v > limit,
        ">=": lambda v: v >= limit,
        "<=": lambda v: v <= limit,
    }
    check = checks[op]

    def validate(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not _is_real(value) or not math.isfinite(value) or not check(value):
            raise fail(inst, attribute.name, value, f"a finite number {op} {limit:g}")

    return validate


def gt(limit: float) -> Validator:
    """Accept a finite number strictly greater than ``limit``."""
    return _bound(">", limit)


def ge(limit: float) -> Validator:
    """Accept a finite number greater than or equal to ``limit``."""
    return _bound(">=", limit)


def share(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Accept a share: a finite number in [0, 1]."""
    if not _is_real(value) or not math.isfinite(value) or not 0.0 <= value <= 1.0:
        raise fail(inst, attribute.name, value, "a share in [0, 1]")


def open_share(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Accept a probability strictly between 0 and 1."""
    if not _is_real(value) or not math.isfinite(value) or not 0.0 < value < 1.0:
        raise fail(inst, attribute.name, value, "a number strictly between 0 and 1")


def non_empty_text(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Accept a string with at least one non-space character."""
    if not isinstance(value, str) or not value.strip():
        raise fail(inst, attribute.name, value, "a non-empty string")


def member_of(enum_type: type[Any]) -> Validator:
    """Accept a member of ``enum_type`` (converters turn strings into members first)."""

    def validate(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, enum_type):
            names = ", ".join(repr(m.value) for m in enum_type)
            raise fail(inst, attribute.name, value, f"one of {names}")

    return validate


def enum_member(enum_type: type[Any], value: Any) -> Any:
    """Converter body: a string becomes the enum member with that value; anything else passes.

    An unknown string is left as it is, so the ``member_of`` validator reports it with the
    field name.
    """
    if isinstance(value, str):
        for member in enum_type:
            if member.value == value:
                return member
    return value


def str_tuple(value: Iterable[str]) -> tuple[str, ...]:
    """Converter: any iterable of strings to a tuple."""
    return tuple(value)


def str_set(value: Iterable[str]) -> frozenset[str]:
    """Converter: any iterable of strings to a frozenset."""
    return frozenset(value)


def float_pair(value: Iterable[float]) -> tuple[float, float]:
    """Converter: a ``(low, high)`` pair of floats."""
    low, high = value
    return (float(low), float(high))
