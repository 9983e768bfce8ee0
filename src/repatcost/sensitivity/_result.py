"""The fields every sensitivity result shares: the output it is about, and for the ranked
tables (tornado, rank correlations, value of information) the rows and the inputs left out
because they are known exactly.

>>> from repatcost.data import bundled_study
>>> from repatcost.sensitivity import tornado
>>> result = tornado(bundled_study(), "aalborg")
>>> result.output, result.unit
('aalborg', 'DKK per year')
"""

from __future__ import annotations

from typing import Generic, TypeVar

import attrs

from repatcost.display import TableResult

__all__ = ["OutputResult", "RankedResult", "fixed_notes"]

R = TypeVar("R")


@attrs.frozen(repr=False)
class OutputResult(TableResult):
    """A result about one output: its name, its label and its unit (``""`` for a ratio)."""

    output: str
    label: str
    unit: str


@attrs.frozen(repr=False)
class RankedResult(OutputResult, Generic[R]):
    """A result with one row per uncertain input (keyword-only ``rows``, most important
    first) and the inputs known exactly (``fixed``), which have no row."""

    rows: tuple[R, ...] = attrs.field(kw_only=True)
    fixed: tuple[str, ...] = attrs.field(default=(), kw_only=True)


def fixed_notes(lead: str, fixed: tuple[str, ...]) -> list[str]:
    """``["<lead>: a, b."]`` naming the inputs known exactly, or ``[]`` when there are none.

    >>> fixed_notes("Known exactly", ("b", "c")), fixed_notes("Known exactly", ())
    (['Known exactly: b, c.'], [])
    """
    return [f"{lead}: {', '.join(fixed)}."] if fixed else []
