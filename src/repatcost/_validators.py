"""attrs validators and converters for the public classes, which validate at construction.

Private. The validators are the constraints of :mod:`repatcost.constraints` (the one
validation vocabulary) under the short names the classes use; the converters normalise input.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import attrs

from repatcost.constraints import (
    FINITE,
    SHARE,
    TEXT,
    Constraint,
    above,
    at_least,
    fail,
    is_real,
    member_of,
)

__all__ = [
    "Validator",
    "enum_member",
    "fail",
    "finite",
    "float_pair",
    "ge",
    "gt",
    "member_of",
    "non_empty_text",
    "optional_float",
    "share",
    "str_set",
    "str_tuple",
    "to_float",
]

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


finite = FINITE
"""Accept a finite real number."""

share = SHARE
"""Accept a share: a finite number in [0, 1]."""

non_empty_text = TEXT
"""Accept a string with at least one non-space character."""


def gt(limit: float) -> Constraint[float]:
    """Accept a finite number strictly greater than ``limit``."""
    return above(limit)


def ge(limit: float) -> Constraint[float]:
    """Accept a finite number greater than or equal to ``limit``."""
    return at_least(limit)


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


def to_float(value: Any) -> Any:
    """attrs converter: a real number (Python or numpy, not a boolean) as ``float``; anything
    else unchanged, for the field's validator to refuse with the field's name.

    >>> import numpy as np
    >>> to_float(np.float32(2.0)), to_float("2")
    (2.0, '2')
    """
    return float(value) if is_real(value) else value


def optional_float(value: Any) -> Any:
    """:func:`to_float`, keeping None."""
    return None if value is None else to_float(value)


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
