"""The answer first: the short summary a report opens with, in plain words.

:func:`build_answer` reads one run (its typed report, the run across readings when there is
one, and the tornado ranking of the total, whose rows rank the readings beside the inputs)
and returns an :class:`Answer`: the figure to quote (the total's median, rounded, with the
study's currency, unit and price year from its declarations and its output registry), the
range across readings, the one or two doubts that move the total most, and what the figures
leave out. :meth:`Answer.paragraphs` gives its sentences, plain text for any renderer; the
first names the figure to quote and the range across readings, and explains the two terms
("reading", "range across readings") where the reader first meets them.

>>> from repatcost.data import bundled_study
>>> result = bundled_study().run(2_000, seed=3)
>>> answer = build_answer(result, result.report())
>>> answer.paragraphs()[0][:60]
'The figure to quote: about 1,760,000 DKK per year at 2023 pr'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs

from repatcost.report_text import costs_not_counted, money, span

if TYPE_CHECKING:
    from repatcost.across_readings import ReadingsResult
    from repatcost.sensitivity.tornado import TornadoResult, TornadoRow
    from repatcost.study import StudyResult
    from repatcost.study_report import StudyReport

__all__ = ["ANSWER_TITLE", "Answer", "Doubt", "build_answer"]

ANSWER_TITLE = "In short"
"""The heading of the summary."""

DOUBTS_SHOWN = 2
"""How many of the largest doubts the summary names."""


@attrs.frozen
class Doubt:
    """One doubt about the total: a reading of the source or an uncertain input.

    Attributes:
        kind: ``"reading"`` or ``"input"``.
        name: its identifier (for JSON; never shown to the reader in the summary).
        words: what it is, in plain words (a reading's question, an input's label and unit).
        low: the total at the doubt's low end; ``high`` at its high end.
        low_label: the low end in words (an alternative's label, an input's value);
            ``high_label`` the high end.
    """

    kind: str
    name: str
    words: str
    low: float
    high: float
    low_label: str
    high_label: str

    @property
    def swing(self) -> float:
        """How far the doubt moves the total.

        >>> Doubt("input", "x", "x", 10.0, 25.0, "1", "2").swing
        15.0
        """
        return abs(self.high - self.low)

    def sentence(self, unit: str) -> str:
        """The doubt in one sentence.

        >>> Doubt("reading", "a.year", "Which year?", 10.0, 2500.0, "2023", "2022").sentence("GBP")
        "Which year? Read as '2023', the total is 10; read as '2022', 2,500: 2,490 GBP apart."
        """
        apart = f"{money(self.swing)} {unit} apart"
        if self.kind == "reading":
            return (
                f"{self.words} Read as '{self.low_label}', the total is {money(self.low)}; "
                f"read as '{self.high_label}', {money(self.high)}: {apart}."
            )
        return (
            f"{self.words}: at {self.low_label} the total is {money(self.low)}, at "
            f"{self.high_label} it is {money(self.high)}: {apart}."
        )


@attrs.frozen
class Answer:
    """The summary of one run (see module docs).

    Attributes:
        figure: the total's median, in ``unit``.
        unit: the total's unit from the output registry (``"DKK per year"``).
        price_year: the year of the prices.
        reading: which reading of the source the figure is under, in words.
        level: the level of the intervals.
        interval: the total's interval at ``level``.
        across: the total's range across readings at ``level``, None without readings.
        readings: how many alternative readings were run.
        doubts: the doubts that move the total most, largest first (readings and inputs
            ranked together); empty without a ranking.
        largest_input: the largest input's doubt when no input is among ``doubts``.
        left_out: short names of the costs the figures do not count.
        left_out_by: the bodies that name a cost of their own the figures leave out.
        unreported: bodies that answered with no figure.
    """

    figure: float
    unit: str
    price_year: int
    reading: str
    level: float
    interval: tuple[float, float]
    across: tuple[float, float] | None
    readings: int
    doubts: tuple[Doubt, ...]
    largest_input: Doubt | None
    left_out: tuple[str, ...]
    left_out_by: tuple[str, ...]
    unreported: tuple[str, ...] = ()

    def paragraphs(self) -> tuple[str, ...]:
        """The summary's paragraphs, plain text (the renderer escapes them)."""
        out = [self._figure_paragraph()]
        if self.doubts:
            out.append(self._doubts_paragraph())
        out.append(self._left_out_paragraph())
        return tuple(out)

    def _figure_paragraph(self) -> str:
        pct = f"{self.level:.0%}"
        lead = (
            f"The figure to quote: about {money(self.figure)} {self.unit} at "
            f"{self.price_year} prices, the median of the total under {self.reading}."
        )
        if self.across is None:
            return (
                f"{lead} The source was read one way only (no readings were declared), so "
                f"there is no range across readings; the {pct} interval of the total is "
                f"{span(self.interval)}."
            )
        return (
            f"{lead} Across readings it ranges over {span(self.across)} {self.unit}. A "
            "reading is one way of taking a passage of the source that can be read more "
            "than one way (which year's spending, what a figure includes); "
            f"{self.readings} such alternatives to the central reading were tried, each on its "
            "own and the extremes together. The range across readings runs "
            f"from the lowest lower end to the highest upper end of the total's {pct} "
            "intervals over them: it spans those readings and no others, and is not a bound "
            f"on the answer. Under that reading alone the {pct} interval is "
            f"{span(self.interval)}."
        )

    def _doubts_paragraph(self) -> str:
        listed = " ".join(
            f"({i}) {d.sentence(self.unit)}" for i, d in enumerate(self.doubts, start=1)
        )
        text = (
            "What moves it most (readings of the source and uncertain inputs ranked together "
            f"by how far each moves the total, every other input at its median): {listed}"
        )
        if self.largest_input is not None:
            text += (
                " For comparison, the input that moves it most: "
                f"{self.largest_input.sentence(self.unit)}"
            )
        return text

    def _left_out_paragraph(self) -> str:
        parts = list(self.left_out)
        if self.left_out_by:
            parts.append(f"costs that {_and(self.left_out_by)} name but do not quantify")
        if not parts and not self.unreported:
            return "What it leaves out: nothing noted."
        text = f"What it leaves out: {_and(parts)}." if parts else "What it leaves out:"
        if self.unreported:
            names = _and(self.unreported)
            text += f" Bodies that answered with no figure are not in the total: {names}."
        return text + ' Each is listed under "Not included in these figures".'

    def record(self) -> dict[str, Any]:
        """The summary as a JSON-ready dict (identifiers kept)."""
        return {
            "figure": self.figure,
            "unit": self.unit,
            "price_year": self.price_year,
            "readings_low": None if self.across is None else self.across[0],
            "readings_high": None if self.across is None else self.across[1],
            "doubts": [
                {"kind": d.kind, "name": d.name, "low": d.low, "high": d.high, "swing": d.swing}
                for d in self.doubts
            ],
        }


def _and(items: Sequence[str]) -> str:
    """``a, b and c``.

    >>> _and(["a"]), _and(["a", "b", "c"])
    ('a', 'a, b and c')
    """
    items = list(items)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _doubt(row: TornadoRow, words: str) -> Doubt:
    def label(value: float | str) -> str:
        return value if isinstance(value, str) else money(value)

    return Doubt(
        row.kind,
        row.input,
        words,
        row.output_low,
        row.output_high,
        label(row.input_low),
        label(row.input_high),
    )


def _doubts(result: StudyResult, ranking: TornadoResult) -> tuple[tuple[Doubt, ...], Doubt | None]:
    from repatcost.plotting import input_labels

    questions = {r.name: r.question for r in result.study.readings}
    labels = input_labels(result.study)
    rows = [r for r in ranking.rows if r.swing > 0]
    words = {r.input: questions.get(r.input) or labels.get(r.input, r.input) for r in rows}
    top = tuple(_doubt(r, words[r.input]) for r in rows[:DOUBTS_SHOWN])
    if any(d.kind == "input" for d in top):
        return top, None
    first = next((r for r in rows if r.kind == "input"), None)
    return top, None if first is None else _doubt(first, words[first.input])


def _left_out(report: StudyReport) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The costs no method counts (short names) and the bodies naming costs of their own."""
    own = sum(len(r.leaves_out) for r in report.rows)
    shared = costs_not_counted(report)[own:]
    return (
        tuple(x.partition(":")[0] for x in shared),
        tuple(r.name for r in report.rows if r.leaves_out),
    )


def build_answer(
    result: StudyResult,
    report: StudyReport,
    *,
    across: ReadingsResult | None = None,
    ranking: TornadoResult | None = None,
) -> Answer:
    """The summary of ``result`` (see module docs). ``report``: its typed report;
    ``across``: the run across readings around it; ``ranking``: the tornado of its total
    (:func:`repatcost.sensitivity.tornado`), readings ranked beside inputs."""
    total = report.total.cost.summary
    envelope = None if across is None else across.envelope(report.level)["total"]
    doubts: tuple[Doubt, ...] = ()
    largest: Doubt | None = None
    if ranking is not None:
        doubts, largest = _doubts(result, ranking)
    left_out, left_out_by = _left_out(report)
    alternatives = 0 if across is None else sum(1 for r in across.runs if not r.is_central)
    return Answer(
        figure=float(total.median),
        unit=result.outputs["total"].unit,
        price_year=report.price_year,
        reading=report.reading,
        level=report.level,
        interval=(float(total.interval[0]), float(total.interval[1])),
        across=None if envelope is None else (float(envelope[0]), float(envelope[1])),
        readings=alternatives,
        doubts=doubts,
        largest_input=largest,
        left_out=left_out,
        left_out_by=left_out_by,
        unreported=report.unreported,
    )
