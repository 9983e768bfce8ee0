"""Driver files: one value per municipality for each driver a national estimate can scale by.

A driver file is CSV (UTF-8). Lines starting with ``#`` are comments (an example file says in
its first line where its figures come from). The header names the columns: ``code`` first,
then one or more driver columns (``target_group``, say), and optionally ``source``. Every one
of the 98 municipalities appears exactly once; values are numbers >= 0.

Every problem in the file (a bad number, an unknown or repeated code, a missing municipality,
a bad header) is collected and reported at once, each named by its line and column; the
message prints at most :data:`MAX_SHOWN` of them. The file is only read.

>>> import tempfile, pathlib
>>> from repatcost.national_data import municipalities
>>> text = "code,target_group\\n" + "".join(f"{t.code},10\\n" for t in municipalities())
>>> with tempfile.TemporaryDirectory() as folder:
...     path = pathlib.Path(folder) / "drivers.csv"
...     _ = path.write_text(text, encoding="utf-8")
...     table = read_drivers(path)
>>> table.names, table.values["target_group"][751]
(('target_group',), 10.0)
"""

from __future__ import annotations

import csv
import math
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

import attrs

from repatcost._reader import Problems, as_path, read_text
from repatcost.domains import figure, figure_problem
from repatcost.national_data import municipalities

__all__ = ["MAX_BYTES", "MAX_SHOWN", "DriverTable", "read_drivers"]

MAX_SHOWN = 20
"""The most problems a driver-file error prints (all are kept in the error)."""

MAX_BYTES = 1_000_000
"""The largest driver file read (98 rows of a few columns take a few kB)."""

_RESERVED = ("code", "source")


@attrs.frozen
class DriverTable:
    """Drivers per municipality: ``values[driver][code]``, with each row's source if given."""

    file: str
    names: tuple[str, ...]
    values: Mapping[str, Mapping[int, float]]
    sources: Mapping[int, str] = attrs.field(factory=dict)


def _read_lines(path: Path, problems: Problems) -> list[tuple[int, str]]:
    text = read_text(path, problems, MAX_BYTES)
    if text is None:
        return []
    lines = enumerate(text.splitlines(), start=1)
    return [(i, line) for i, line in lines if line.strip() and not line.startswith("#")]


def _header(line: int, cells: list[str], problems: Problems) -> tuple[str, ...]:
    names = [c.strip() for c in cells]
    if not names or names[0] != "code":
        problems.add(f"line {line}, column 1", names[0] if names else "", "the header 'code'")
    drivers = [n for n in names[1:] if n != "source"]
    if not drivers:
        problems.add(f"line {line}", ",".join(names), "at least one driver column after 'code'")
    for position, name in enumerate(names[1:], start=2):
        if not name or (name in _RESERVED and names.index(name) + 1 != position):
            problems.add(f"line {line}, column {position}", name, "a new, non-empty name")
    return tuple(names)


def _number(text: str, where: str, problems: Problems) -> float | None:
    try:
        value = float(text.replace("_", ""))
    except ValueError:
        value = math.nan
    problem = figure_problem(value)
    if problem is not None or value < 0:
        rule = "a finite number >= 0" if problem in (None, "a finite number") else problem
        problems.add(where, text, rule)
        return None
    return figure(value)


def _code(text: str, where: str, known: set[int], problems: Problems) -> int | None:
    try:
        code = int(text)
    except ValueError:
        problems.add(where, text, "a whole-number municipality code")
        return None
    if code not in known:
        problems.add(where, code, "one of the 98 official municipality codes")
        return None
    return code


def _rows(
    rows: list[tuple[int, list[str]]], header: tuple[str, ...], problems: Problems
) -> tuple[dict[str, dict[int, float]], dict[int, str]]:
    known = {t.code for t in municipalities()}
    values: dict[str, dict[int, float]] = {n: {} for n in header[1:] if n != "source"}
    sources: dict[int, str] = {}
    seen: dict[int, int] = {}
    for line, cells in rows:
        if len(cells) != len(header):
            problems.add(f"line {line}", len(cells), f"{len(header)} cells, one per column")
            continue
        code = _code(cells[0].strip(), f"line {line}, column 'code'", known, problems)
        if code is not None and code in seen:
            problems.add(f"line {line}, column 'code'", code, f"once (also on line {seen[code]})")
            code = None
        for name, cell in zip(header[1:], cells[1:], strict=True):
            if name == "source":
                if code is not None and cell.strip():
                    sources[code] = cell.strip()
                continue
            value = _number(cell.strip(), f"line {line}, column {name!r}", problems)
            if code is not None and value is not None:
                values[name][code] = value
        if code is not None:
            seen[code] = line
    missing = sorted(known - set(seen))
    for code in missing:
        problems.add("<file>", code, "a row for every municipality (this code is missing)")
    return values, sources


def read_drivers(path: str | Path) -> DriverTable:
    """Read a driver file (see module docs); raises ``ScenarioError`` listing every problem."""
    path = as_path(path, "read_drivers")
    problems = Problems(str(path))
    lines = _read_lines(path, problems)
    if not lines and not problems.found:
        problems.add("<file>", path.name, "a header line 'code,<driver>,...' and 98 rows")
    problems.raise_if_any(MAX_SHOWN)
    parsed = [(i, next(csv.reader([text]))) for i, text in lines]
    header = _header(parsed[0][0], parsed[0][1], problems)
    values, sources = _rows(parsed[1:], header, problems)
    problems.raise_if_any(MAX_SHOWN)
    return DriverTable(
        str(path),
        tuple(values),
        MappingProxyType({k: MappingProxyType(v) for k, v in values.items()}),
        MappingProxyType(sources),
    )
