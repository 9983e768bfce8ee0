"""Optional pandas output (``pip install "repatcost[pandas]"``), imported only when asked.

>>> import pytest; _ = pytest.importorskip("pandas")  # (the test run skips this without pandas)
>>> frame = records_frame([{"name": "Aarhus", "code": 751}, {"name": "Total", "code": None}])
>>> str(frame["code"].dtype)
'Int64'
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any

from repatcost.errors import RepatcostError

__all__ = ["PANDAS_HINT", "PandasUnavailable", "records_frame", "require_pandas"]

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
    pandas = require_pandas()
    frame = pandas.DataFrame.from_records(list(records), columns=list(columns) or None)
    for name in INTEGER_COLUMNS:
        if name in frame.columns:
            frame[name] = frame[name].astype("Int64")
    return frame
