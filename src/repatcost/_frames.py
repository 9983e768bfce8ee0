"""Optional pandas output (``pip install "repatcost[pandas]"``), imported only when asked.

>>> import pytest; _ = pytest.importorskip("pandas")  # (the test run skips this without pandas)
>>> frame = records_frame([{"name": "Aarhus", "code": 751}, {"name": "Total", "code": None}])
>>> str(frame["code"].dtype)
'Int64'

Frames made here show their floats in plain notation, whole amounts with thousands
separators (``1,762,524``, never ``1.762524e+06``), through a float format applied in their
repr only: the values stay the floats computed, unrounded.

>>> money = records_frame([{"name": "a", "median": 1762524.3}, {"name": "b", "median": 0.5}])
>>> "e+" in repr(money), float(money["median"][0])
(False, 1762524.3)
"""

from __future__ import annotations

import functools
import importlib
import math
from collections.abc import Sequence
from typing import Any

from repatcost.errors import RepatcostError

__all__ = [
    "PANDAS_HINT",
    "PandasUnavailable",
    "plain_number",
    "records_frame",
    "require_pandas",
]

PANDAS_HINT = 'pip install "repatcost[pandas]"'
"""How to install the pandas extra."""

INTEGER_COLUMNS = ("code", "sample")
"""Columns kept as (nullable) integers, never floats."""


class PandasUnavailable(RepatcostError, ImportError):  # noqa: N818 - reads as a state
    """pandas is not installed; the message says how to install it."""


def require_pandas() -> Any:
    """The pandas module, or :class:`PandasUnavailable` with the install command."""
    try:
        pandas = importlib.import_module("pandas")
    except ImportError as err:
        raise PandasUnavailable(
            f"to_frame() needs pandas, which is not installed: {PANDAS_HINT}"
        ) from err
    return pandas


def records_frame(records: Sequence[dict[str, Any]], columns: Sequence[str] = ()) -> Any:
    """A pandas DataFrame of ``records`` (``columns`` in order when there are no records);
    integer columns stay integers (nullable ``Int64`` where a value is missing)."""
    require_pandas()
    frame = plain_frame_class().from_records(list(records), columns=list(columns) or None)
    for name in INTEGER_COLUMNS:
        if name in frame.columns:
            frame[name] = frame[name].astype("Int64")
    return frame


def plain_number(value: float) -> str:
    """``value`` for display without scientific notation: whole with thousands separators
    from 1,000 on, else up to six decimals (trailing zeros dropped).

    >>> plain_number(800204.4), plain_number(0.05), plain_number(-48.0), plain_number(1e-9)
    ('800,204', '0.05', '-48', '0')
    """
    if not math.isfinite(value):
        return str(value)
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


@functools.cache
def plain_frame_class() -> Any:
    """The DataFrame subclass of :func:`records_frame`: its repr (text and HTML) shows floats
    with :func:`plain_number`; slices and copies keep the class. Made once, when pandas is
    first needed, so importing repatcost never imports pandas."""
    pandas = require_pandas()

    class PlainFrame(pandas.DataFrame):  # type: ignore[misc,name-defined]
        """A DataFrame whose floats print in plain notation (values unchanged)."""

        @property
        def _constructor(self) -> Any:
            return PlainFrame

        def __repr__(self) -> str:
            with pandas.option_context("display.float_format", plain_number):
                return str(super().__repr__())

        def _repr_html_(self) -> str | None:
            with pandas.option_context("display.float_format", plain_number):
                return super()._repr_html_()  # type: ignore[no-any-return]

    PlainFrame.__module__, PlainFrame.__qualname__ = __name__, "PlainFrame"
    return PlainFrame


def __getattr__(name: str) -> Any:
    """``PlainFrame`` made on first access, so pickled frames load again."""
    if name == "PlainFrame":
        return plain_frame_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
