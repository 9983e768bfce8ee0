"""Population and driver files: CSV with one row per member of a population.

A file is CSV (UTF-8). Lines starting with ``#`` are comments (a file says in its first lines
where its figures come from). Two shapes, one reader:

- a **population file** (:func:`read_population`): ``id``, ``name``, optionally ``group``
  and ``source``, and one or more driver columns; any number of members, each id once;
- a **driver file** (:func:`read_drivers`): ``code`` (or ``id``), optionally ``source``,
  and driver columns, for a known population: every member exactly once.

Values are numbers >= 0 (a member with 0 holds no activity). Every problem in the file (a bad
number, an unknown or repeated id, a missing member, a bad header) is collected and reported
at once, each named by its line and column; the message prints at most :data:`MAX_SHOWN`.

>>> import tempfile, pathlib
>>> text = "id,name,size\\nE1,Exeter,3\\nE2,Bristol,0\\n"
>>> with tempfile.TemporaryDirectory() as folder:
...     path = pathlib.Path(folder) / "towns.csv"
...     _ = path.write_text(text, encoding="utf-8")
...     people = read_population(path)
>>> [m.name for m in people.members], people.holders("size")
(['Exeter', 'Bristol'], 1)
"""

from __future__ import annotations

import csv
import math
import unicodedata
from pathlib import Path

import attrs

from repatcost._reader import Problems, as_path, read_text
from repatcost._text import control_in, describe_char
from repatcost.domains import figure, figure_problem
from repatcost.national_population import DriverInfo, Member, Population

__all__ = ["MAX_BYTES", "MAX_SHOWN", "read_drivers", "read_population"]

MAX_SHOWN = 20
"""The most problems a file's error prints (all are kept in the error)."""

MAX_BYTES = 1_000_000
"""The largest file read (a few thousand members of a few columns)."""

_TEXT = ("id", "code", "name", "group", "source")

Rows = list[tuple[int, list[str]]]


def _lines(path: Path, problems: Problems) -> Rows:
    text = read_text(path, problems, MAX_BYTES)
    if text is None:
        return []
    lines = [(i, t) for i, t in enumerate(text.splitlines(), start=1)]
    kept = [(i, t) for i, t in lines if t.strip() and not t.startswith("#")]
    return [(i, next(csv.reader([t]))) for i, t in kept]


def _header(line: int, cells: list[str], first: tuple[str, ...], problems: Problems) -> list[str]:
    names = [c.strip() for c in cells]
    if not names or names[0] not in first:
        problems.add(f"line {line}, column 1", names[0] if names else "", f"one of {first}")
    if not [n for n in names[1:] if n not in _TEXT]:
        problems.add(f"line {line}", ",".join(names), "at least one driver column")
    for position, name in enumerate(names, start=1):
        if not name or names.index(name) + 1 != position:
            problems.add(f"line {line}, column {position}", name, "a new, non-empty name")
    return names


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


def _cells(rows: Rows, header: list[str], problems: Problems) -> list[tuple[int, dict[str, str]]]:
    """Each row as ``{column: cell}``; a row of the wrong length or a repeated id is named."""
    found: list[tuple[int, dict[str, str]]] = []
    seen: dict[str, int] = {}
    for line, cells in rows:
        if len(cells) != len(header):
            problems.add(f"line {line}", len(cells), f"{len(header)} cells, one per column")
            continue
        row = _clean_row(line, header, cells, problems)
        key = row[header[0]]
        if not key or key in seen:
            problems.add(
                f"line {line}, column {header[0]!r}", key, f"a new id (seen: {seen.get(key)})"
            )
            continue
        seen[key] = line
        found.append((line, row))
    return found


def _clean_row(
    line: int, header: list[str], cells: list[str], problems: Problems
) -> dict[str, str]:
    """Each cell in normal form C; a control or format character outside ``source`` (free
    text) is named by its code point (see :mod:`repatcost._text`)."""
    row = {}
    for name, cell in zip(header, cells, strict=True):
        text = unicodedata.normalize("NFC", cell.strip())
        bad = control_in(text, free=name == "source")
        if bad is not None:
            where = f"line {line}, column {name!r}"
            problems.add(where, describe_char(bad), "no control or format character")
        row[name] = text
    return row


def _drivers(line: int, row: dict[str, str], problems: Problems) -> dict[str, float]:
    values = {}
    for name, cell in row.items():
        if name not in _TEXT:
            value = _number(cell, f"line {line}, column {name!r}", problems)
            values[name] = 0.0 if value is None else value
    return values


def _read(
    path: str | Path, first: tuple[str, ...]
) -> tuple[str, list[str], list[tuple[int, dict[str, str]]], Problems]:
    path = as_path(path, "read_population")
    problems = Problems(str(path))
    rows = _lines(path, problems)
    if not rows and not problems.found:
        problems.add("<file>", path.name, f"a header line '{first[0]},...' and a row per member")
    problems.raise_if_any(MAX_SHOWN)
    header = _header(rows[0][0], rows[0][1], first, problems)
    problems.raise_if_any(MAX_SHOWN)
    return str(path), header, _cells(rows[1:], header, problems), problems


def _infos(header: list[str], file: str) -> tuple[DriverInfo, ...]:
    return tuple(
        DriverInfo(n, n.replace("_", " "), f"the user's file {file}", "supplied by the user")
        for n in header
        if n not in _TEXT
    )


def read_population(path: str | Path, *, title: str | None = None) -> Population:
    """Read a population file (module docs); raises ``ScenarioError`` listing every problem."""
    file, header, rows, problems = _read(path, ("id",))
    if "name" not in header:
        problems.add("line 1", ",".join(header), "a 'name' column")
    members = []
    for line, row in rows:
        drivers = _drivers(line, row, problems)
        if not row.get("name"):
            problems.add(f"line {line}, column 'name'", "", "a non-empty name")
            continue
        sources = {n: row["source"] for n in drivers if row.get("source")}
        members.append(
            Member(
                row["id"], row["name"], drivers, sources=sources, group=row.get("group") or None
            )
        )
    if not members:
        problems.add("<file>", 0, "at least one member")
    problems.raise_if_any(MAX_SHOWN)
    name = Path(file).stem
    return Population(
        title or f"the population in {name}",
        name,
        tuple(members),
        _infos(header, file),
        source=file,
    )


def read_drivers(path: str | Path, population: Population) -> Population:
    """Read a driver file for ``population`` (every member once, by id) and return the
    population with these drivers added (a column named like one of its drivers replaces
    it); raises ``ScenarioError`` listing every problem."""
    file, header, rows, problems = _read(path, ("code", "id"))
    known = {m.id: m for m in population.members}
    values: dict[str, dict[str, float]] = {}
    sources: dict[str, str] = {}
    for line, row in rows:
        key = row[header[0]]
        drivers = _drivers(line, row, problems)
        if key not in known:
            problems.add(
                f"line {line}, column {header[0]!r}",
                key,
                f"one of the {len(known)} ids of {population.title}",
            )
            continue
        values[key] = drivers
        if row.get("source"):
            sources[key] = row["source"]
    for missing in [i for i in known if i not in values]:
        problems.add("<file>", missing, "a row for every member (this id is missing)")
    problems.raise_if_any(MAX_SHOWN)
    added = _infos(header, file)
    names = {d.name for d in added}
    kept = tuple(d for d in population.drivers if d.name not in names)
    members = tuple(
        attrs.evolve(
            m,
            drivers={**{k: v for k, v in m.drivers.items() if k not in names}, **values[m.id]},
            sources={
                **m.sources,
                **(dict.fromkeys(names, sources[m.id]) if m.id in sources else {}),
            },
        )
        for m in population.members
    )
    return attrs.evolve(population, members=members, drivers=(*kept, *added))
