"""Notebook display: short reprs and ``_repr_html_`` for the library's results.

Every repr here stays under :data:`MAX_REPR` characters and names the figure's median and
interval where it has one; ``_repr_html_`` gives a small HTML table (no script, no style
sheet). :func:`html_table` is the one HTML rendering of a :class:`~repatcost.tables.Table`,
shared with the HTML report.

>>> from repatcost.tables import Table
>>> print(html_table(Table(("a", "b"), ((1, "x < y"),), title="T")))
<table>
<caption>T</caption>
<thead><tr><th>a</th><th>b</th></tr></thead>
<tbody>
<tr><td class="num">1</td><td>x &lt; y</td></tr>
</tbody>
</table>
"""

from __future__ import annotations

import html
from typing import Any

from repatcost.tables import Table, format_number

__all__ = ["MAX_REPR", "TableResult", "html_table", "money_span", "shorten"]

MAX_REPR = 300
"""Longest repr of any result (characters)."""


def shorten(text: str, limit: int = MAX_REPR) -> str:
    """``text`` cut to ``limit`` characters, ending in "...)" when cut.

    >>> shorten("Thing(" + "x" * 400 + ")")[-8:]
    'xxxx...)'
    """
    return text if len(text) <= limit else text[: limit - 4] + "...)"


def money_span(low: float, high: float) -> str:
    """An interval for people: ``"1,200 - 3,400"``.

    >>> money_span(1200.4, 3400)
    '1,200 - 3,400'
    """
    return f"{format_number(low)} - {format_number(high)}"


def _cell(value: Any, numeric: bool = False) -> str:
    if value is None:
        return "<td></td>"
    if isinstance(value, bool):
        return f"<td>{'yes' if value else 'no'}</td>"
    if isinstance(value, int | float):
        text = str(value) if isinstance(value, int) else format_number(value)
        return f'<td class="num">{html.escape(text)}</td>'
    if numeric:
        return f'<td class="num">{html.escape(str(value))}</td>'
    return f"<td>{html.escape(str(value))}</td>"


def html_table(table: Table, *, table_id: str | None = None) -> str:
    """``table`` as an HTML ``<table>`` (title as caption, notes after it, text escaped)."""
    ident = f' id="{html.escape(table_id)}"' if table_id else ""
    head = "".join(f"<th>{html.escape(c)}</th>" for c in table.columns)
    lines = [f"<table{ident}>"]
    if table.title:
        lines.append(f"<caption>{html.escape(table.title)}</caption>")
    lines += [f"<thead><tr>{head}</tr></thead>", "<tbody>"]
    right = [c in table.numeric for c in table.columns]
    lines += [
        "<tr>" + "".join(_cell(c, r) for c, r in zip(row, right, strict=True)) + "</tr>"
        for row in table.rows
    ]
    lines += ["</tbody>", "</table>"]
    lines += [f'<p class="note">{html.escape(note)}</p>' for note in table.notes]
    return "\n".join(lines)


class TableResult:
    """Tidy data and display for a result with ``table()``, ``output`` and ``label``:
    :meth:`to_records`, :meth:`to_frame` (pandas), a short repr and ``_repr_html_``."""

    __slots__ = ()

    def table(self) -> Table:  # pragma: no cover - every user defines it
        """The result as a table."""
        raise NotImplementedError

    def to_records(self) -> list[dict[str, Any]]:
        """One plain dict per row of :meth:`table` (the columns of ``--format csv``)."""
        return self.table().to_records()

    def to_frame(self) -> Any:
        """:meth:`to_records` as a pandas DataFrame (needs the ``pandas`` extra)."""
        from repatcost._frames import records_frame

        table = self.table()
        return records_frame(table.to_records(), table.columns)

    def __repr__(self) -> str:
        table = self.table()
        first = ", ".join(str(row[0]) for row in table.rows[:3])
        more = ", ..." if len(table.rows) > 3 else ""
        return shorten(
            f"{type(self).__name__}(output={getattr(self, 'output', '')!r}, "
            f"{len(table.rows)} rows: {first}{more})"
        )

    def _repr_html_(self) -> str:
        return html_table(self.table())
