"""A minimal TOML writer for the scenario documents the strategies generate.

Private: the standard library reads TOML but cannot write it. This writes the subset scenario
files use (tables, arrays of tables, strings, booleans, integers, finite floats, dates, arrays
and inline tables), so that ``tomllib.loads(to_toml(doc)) == doc``.

>>> from datetime import date
>>> print(to_toml({"title": "A", "m": {"k": {"name": "Ø", "count": [
...     {"value": 1.0, "period": {"start": date(2023, 1, 1), "end": date(2024, 1, 1)}}]}}}))
title = "A"
<BLANKLINE>
[m.k]
name = "Ø"
<BLANKLINE>
[[m.k.count]]
value = 1.0
period = {start = 2023-01-01, end = 2024-01-01}
<BLANKLINE>
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from repatcost._validators import fail

__all__ = ["to_toml"]

_BARE = re.compile(r"^[A-Za-z0-9_-]+$")


def _key(key: str) -> str:
    return key if _BARE.match(key) else json.dumps(key, ensure_ascii=False)


def _is_table(value: Any) -> bool:
    return isinstance(value, Mapping)


def _is_table_array(value: Any) -> bool:
    return (
        isinstance(value, Sequence)
        and not isinstance(value, str)
        and bool(value)
        and all(isinstance(v, Mapping) for v in value)
    )


def _value(value: Any) -> str:
    """One value written inline (nested tables become inline tables)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise fail("to_toml", "value", value, "a finite number (TOML has no NaN here)")
        return repr(value)
    if isinstance(value, str):
        # JSON string escapes (\", \\, \n, \uXXXX) are all valid in TOML basic strings.
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, Sequence):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    raise fail("to_toml", "value", value, "a string, number, boolean, date, array or table")


def _table(
    lines: list[str], path: tuple[str, ...], table: Mapping[str, Any], header: str | None
) -> None:
    plain = [(k, v) for k, v in table.items() if not _is_table(v) and not _is_table_array(v)]
    emitted = header is not None and (bool(plain) or not table)  # else sub-tables imply it
    if emitted and header is not None:
        lines.append(header)
    lines.extend(f"{_key(k)} = {_value(v)}" for k, v in plain)
    if emitted or plain:
        lines.append("")
    for key, value in table.items():
        sub = (*path, key)
        dotted = ".".join(_key(k) for k in sub)
        if _is_table(value):
            _table(lines, sub, value, f"[{dotted}]")
        elif _is_table_array(value):
            for item in value:
                lines.append(f"[[{dotted}]]")
                lines.extend(f"{_key(k)} = {_value(v)}" for k, v in item.items())
                lines.append("")


def to_toml(document: Mapping[str, Any]) -> str:
    """``document`` as TOML text (see module docs for the supported subset)."""
    lines: list[str] = []
    _table(lines, (), document, None)
    return "\n".join(lines)
