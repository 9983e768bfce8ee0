"""A small table type and its renderings: Markdown, CSV, JSON and LaTeX.

Reports and sensitivity tables are built as :class:`Table` values (data, not text) and
rendered at the edge, so every format shows the same numbers.

>>> t = Table(("municipality", "median_dkk"), (("Aarhus", 201_500.0),), title="Cost")
>>> print(t.to_markdown())
| municipality | median_dkk |
|---|---:|
| Aarhus | 201,500 |
>>> print(t.to_csv(), end="")
municipality,median_dkk
Aarhus,201500.0
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Sequence
from typing import Any, Literal

import attrs

from repatcost._validators import fail, str_tuple

__all__ = [
    "FORMATS",
    "Format",
    "Table",
    "csv_cell",
    "format_number",
    "latex_escape",
    "markdown_cell",
    "markdown_inline",
]

Format = Literal["markdown", "csv", "json", "latex"]
FORMATS: tuple[Format, ...] = ("markdown", "csv", "json", "latex")

Cell = str | float | int | None


def format_number(value: float, digits: int | None = None) -> str:
    """A number for people: thousands separators, rounded to whole units for large values.

    >>> format_number(1234567.89), format_number(0.1234), format_number(12.5)
    ('1,234,568', '0.123', '12.5')
    """
    if not math.isfinite(value):
        return str(value)
    if digits is None:
        size = abs(value)
        digits = 0 if size >= 1000 else 1 if size >= 10 else 2 if size >= 1 else 3
    return f"{value:,.{digits}f}"


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "yes" if cell else "no"
    if isinstance(cell, int):
        return str(cell)
    if isinstance(cell, float):
        return format_number(cell)
    return cell


_LINE_BREAK = re.compile("\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
"""Every line boundary :meth:`str.splitlines` knows."""

_MARKDOWN_CELL = {"\\": "\\\\", "|": "\\|"}

_LATEX = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
"""LaTeX's ten special characters and their text-mode forms."""

_LATEX_SPECIAL = re.compile("|".join(re.escape(c) for c in _LATEX))


def markdown_inline(text: str) -> str:
    """``text`` on one line, for a Markdown heading or list item (line breaks become spaces).

    >>> markdown_inline("Nord\\nby")
    'Nord by'
    """
    return _LINE_BREAK.sub(" ", text)


def markdown_cell(text: str) -> str:
    """``text`` as one GitHub-flavoured Markdown table cell: ``|`` and ``\\`` escaped, line
    breaks as ``<br>``, so a name can never add a column or end the row.

    >>> markdown_cell("A|B\\nC")
    'A\\\\|B<br>C'
    """
    escaped = "".join(_MARKDOWN_CELL.get(c, c) for c in text)
    return _LINE_BREAK.sub("<br>", escaped)


def latex_escape(text: str) -> str:
    """``text`` for LaTeX text mode: the ten special characters escaped in one pass, line
    breaks as spaces (a blank line would end a table cell).

    >>> print(latex_escape("50% of {a_b} & ~^\\\\"))
    50\\% of \\{a\\_b\\} \\& \\textasciitilde{}\\textasciicircum{}\\textbackslash{}
    """
    return _LATEX_SPECIAL.sub(lambda m: _LATEX[m.group()], markdown_inline(text))


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""First characters a spreadsheet may read as the start of a formula (OWASP, "CSV Injection")."""

_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def csv_cell(cell: Cell) -> Cell:
    """``cell`` safe to open in a spreadsheet: text starting with ``=``, ``+``, ``-``,
    ``@``, a tab or a carriage return gets a leading ``'`` (OWASP's advice against formula
    injection), unless it is a plain number (``-12.5``, ``+3e4``). Numbers stay numbers.

    >>> csv_cell("=HYPERLINK(1)"), csv_cell("-12.5"), csv_cell(-12.5), csv_cell("Aarhus")
    ("'=HYPERLINK(1)", '-12.5', -12.5, 'Aarhus')
    """
    if isinstance(cell, str) and cell.startswith(_FORMULA_START):
        return cell if _PLAIN_NUMBER.fullmatch(cell) else "'" + cell
    return cell


def _rows(value: Sequence[Sequence[Cell]]) -> tuple[tuple[Cell, ...], ...]:
    return tuple(tuple(row) for row in value)


@attrs.frozen
class Table:
    """Rows of cells under named columns, with an optional title and notes."""

    columns: tuple[str, ...] = attrs.field(converter=str_tuple)
    rows: tuple[tuple[Cell, ...], ...] = attrs.field(converter=_rows)
    title: str = attrs.field(default="", kw_only=True)
    notes: tuple[str, ...] = attrs.field(default=(), converter=str_tuple, kw_only=True)
    numeric: tuple[str, ...] = attrs.field(default=(), converter=str_tuple, kw_only=True)
    """Columns of numbers already written as text (rounded figures, intervals): aligned
    right like numbers."""

    def __attrs_post_init__(self) -> None:
        for i, row in enumerate(self.rows):
            if len(row) != len(self.columns):
                raise fail(
                    self, f"rows[{i}]", len(row), f"{len(self.columns)} cells, one per column"
                )
        for name in self.numeric:
            if name not in self.columns:
                raise fail(self, "numeric", name, f"one of the columns {list(self.columns)}")

    def _numeric(self, j: int) -> bool:
        if self.columns[j] in self.numeric:
            return True
        cells = [row[j] for row in self.rows if row[j] is not None]
        return bool(cells) and all(
            isinstance(c, int | float) and not isinstance(c, bool) for c in cells
        )

    def to_markdown(self) -> str:
        """A GitHub-flavoured Markdown table (numbers right-aligned and humanised)."""
        align = ["---:" if self._numeric(j) else "---" for j in range(len(self.columns))]
        head = " | ".join(markdown_cell(c) for c in self.columns)
        lines = [f"| {head} |", "|" + "|".join(align) + "|"]
        lines += [
            "| " + " | ".join(markdown_cell(_text(c)) for c in row) + " |" for row in self.rows
        ]
        return "\n".join(lines)

    def to_csv(self) -> str:
        """CSV with a header row; numbers at full precision; text that a spreadsheet could
        take for a formula neutralised by :func:`csv_cell` (the one place CSV is written)."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([csv_cell(c) for c in self.columns])
        writer.writerows(["" if c is None else csv_cell(c) for c in row] for row in self.rows)
        return buffer.getvalue()

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per row, keyed by column."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def to_json(self) -> str:
        """``{"title": ..., "columns": [...], "rows": [{...}], "notes": [...]}``."""
        return json.dumps(
            {
                "title": self.title,
                "columns": list(self.columns),
                "rows": self.to_records(),
                "notes": list(self.notes),
            },
            ensure_ascii=False,
            indent=2,
        )

    def to_latex(self) -> str:
        """A ``tabular`` (booktabs rules) for a report appendix."""
        spec = "".join("r" if self._numeric(j) else "l" for j in range(len(self.columns)))
        lines = [
            rf"\begin{{tabular}}{{{spec}}}",
            r"\toprule",
            " & ".join(latex_escape(c) for c in self.columns) + r" \\",
            r"\midrule",
        ]
        lines += [" & ".join(latex_escape(_text(c)) for c in row) + r" \\" for row in self.rows]
        lines += [r"\bottomrule", r"\end{tabular}"]
        lines += [rf"\par\footnotesize {latex_escape(note)}" for note in self.notes]
        return "\n".join(lines)

    def render(self, fmt: Format) -> str:
        """The table in format ``fmt`` (one of :data:`FORMATS`)."""
        if fmt not in FORMATS:
            raise fail(self, "format", fmt, f"one of {', '.join(FORMATS)}")
        return {
            "markdown": self.to_markdown,
            "csv": self.to_csv,
            "json": self.to_json,
            "latex": self.to_latex,
        }[fmt]()
