"""Charts (optional: ``pip install "repatcost[plot]"``): tornado, intervals, histogram.

matplotlib is imported inside the functions, never when repatcost is imported; without it
every function raises :class:`PlottingUnavailable` (an ``ImportError`` and a
:class:`~repatcost.errors.RepatcostError`) saying how to install it. Charts are built on a
plain ``matplotlib.figure.Figure`` with the Agg canvas, so no global pyplot state and no
display are involved; :func:`save_png` writes a figure atomically.

>>> from repatcost.data import bundled_study
>>> from repatcost.sensitivity import tornado
>>> figure = tornado_chart(tornado(bundled_study(), "total"))
>>> figure.axes[0].get_title()
'Total: which input or reading moves it most'
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from repatcost._io import write_atomic
from repatcost._validators import fail
from repatcost.across_readings import ReadingsResult
from repatcost.errors import RepatcostError
from repatcost.estimate import interval_quantiles
from repatcost.readings import reading_phrase
from repatcost.sensitivity.tornado import TornadoResult, TornadoRow
from repatcost.study import Study, StudyResult

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "INSTALL_HINT",
    "PlottingUnavailable",
    "histogram_chart",
    "input_labels",
    "interval_chart",
    "money",
    "money_scale",
    "png_bytes",
    "require_matplotlib",
    "save_png",
    "tornado_chart",
]

INSTALL_HINT = 'pip install "repatcost[plot]"'
"""How to install the plotting extra."""

_LOW, _HIGH, _MID = "#4c72b0", "#dd8452", "#333333"
_READING = "#8172b3"
"""Bars of the tornado's readings (structural doubts), apart from its inputs' colours."""


class PlottingUnavailable(RepatcostError, ImportError):  # noqa: N818 - reads as a state
    """matplotlib is not installed; the message says how to install it."""


def require_matplotlib() -> None:
    """Raise :class:`PlottingUnavailable` unless matplotlib can be imported.

    >>> require_matplotlib()  # matplotlib is installed here
    """
    try:
        import matplotlib  # noqa: F401 - the top-level import fails first when it is missing
    except ImportError as err:
        raise PlottingUnavailable(
            f"Plotting needs matplotlib, which is not installed. Install it with: {INSTALL_HINT}"
        ) from err


def _figure(width: float, height: float) -> Figure:
    """A new figure on the Agg canvas (no pyplot, no display)."""
    require_matplotlib()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _axes(ax: Axes | None, width: float, height: float) -> tuple[Figure, Axes]:
    """``ax`` and its figure, or a new figure with one axes."""
    if ax is None:
        figure = _figure(width, height)
        return figure, figure.add_subplot()
    require_matplotlib()
    from matplotlib.axes import Axes as MplAxes

    if not isinstance(ax, MplAxes):
        raise fail("chart", "ax", ax, "a matplotlib Axes, or None for a new figure")
    return _root(ax), ax


def _root(ax: Axes) -> Figure:
    """The top-level figure ``ax`` is drawn on (through a subfigure, if any)."""
    from matplotlib.figure import Figure

    parent: Any = ax.figure
    if not isinstance(parent, Figure):  # a subfigure knows its root figure
        parent = getattr(parent, "figure", None)
    if not isinstance(parent, Figure):
        raise fail("chart", "ax", ax, "axes placed on a figure")
    return parent


def currency_of(unit: str) -> str | None:
    """The currency a unit is money in (``'GBP per year'`` -> ``'GBP'``), else None.

    >>> currency_of("GBP per year"), currency_of("hours per year")
    ('GBP', None)
    """
    first = unit.split(" ", 1)[0]
    return first if len(first) == 3 and first.isalpha() and first.isupper() else None


def money_scale(
    largest: float, span: float | None = None, *, currency: str = ""
) -> tuple[float, str]:
    """The divisor and its word for a money axis up to ``largest``: millions from 10 million,
    thousands from 10,000, else the currency; a smaller unit when the axis ``span`` would
    show fewer than 3 whole units of it (so no two ticks print alike).

    >>> money_scale(1_750_000, currency="GBP"), money_scale(21_000, span=1_700, currency="GBP")
    ((1000.0, 'thousand GBP'), (1.0, 'GBP'))
    """
    size, spread = abs(largest), abs(largest if span is None else span)
    for scale, word in ((1e6, "million"), (1e3, "thousand")):
        if size >= 10 * scale and spread >= 3 * scale:
            return scale, f"{word} {currency}".strip()
    return 1.0, currency


def _money_axis(axis: Any, values: Sequence[float], unit: str) -> str:
    """Ticks in thousands or millions with separators (no offset); returns the axis label."""
    from matplotlib.ticker import FuncFormatter

    currency = currency_of(unit) or ""
    largest = max(abs(v) for v in values)
    scale, word = money_scale(largest, max(values) - min(values), currency=currency)
    axis.set_major_formatter(FuncFormatter(lambda x, _pos: f"{x / scale:,.0f}"))
    return unit.replace(currency, word, 1) if currency else word


def money(value: float, currency: str = "") -> str:
    """``value`` for a label: whole units of ``currency`` with separators.

    >>> money(1_760_431.2, "GBP")
    '1,760,431 GBP'
    """
    return f"{value:,.0f} {currency}".strip()


def _caption(ax: Axes, text: str) -> None:
    """A caption under the x-axis label, wrapped to the space it has: the figure's width from
    its left edge when ``ax`` is the figure's only axes, else ``ax``'s own width from its left
    edge, so charts drawn side by side with ``ax=`` keep their captions apart (an axes
    child, so the layout keeps it inside the figure)."""
    figure = _root(ax)
    alone = len(figure.axes) == 1
    # about 13 characters of small text an inch; an axes among others narrows when the
    # layout makes room for its tick labels, so its caption is wrapped a little shorter
    chars = (
        figure.get_figwidth() * 13
        if alone
        else ax.get_position().width * figure.get_figwidth() * 11
    )
    ax.annotate(
        textwrap.fill(text, max(int(chars), 20)),
        xy=(0.01 if alone else 0.0, 0.0),
        xycoords=("figure fraction" if alone else "axes fraction", ax.xaxis.label),
        xytext=(0, -8),
        textcoords="offset points",
        va="top",
        ha="left",
        fontsize="small",
        color=_MID,
    )


def input_labels(study: Study) -> dict[str, str]:
    """Readable labels for a study's inputs: an assumption's name and unit ("wage cost
    (DKK per staff-year)"), a municipality's own figure with its name ("København:
    spending 2023 actual").

    >>> from repatcost.data import bundled_study
    >>> labels = input_labels(bundled_study())
    >>> labels["wage_cost"], labels["kobenhavn.spending_2023_actual"]
    ('wage cost (DKK per staff-year)', 'København: spending 2023 actual')
    """
    labels = {
        p.name: f"{p.name.replace('_', ' ')} ({p.unit})" for p in study.assumptions.parameters
    }
    for model in study.models().values():
        for name in model.inputs:
            key, dot, field = name.partition(".")
            if dot and name not in labels:
                town = next((m.name for m in study.municipalities if m.key == key), key)
                labels[name] = f"{town}: {field.replace('_', ' ')}"
    return labels


def _tornado_caption(result: TornadoResult, dropped: list[str], readings: bool) -> str:
    text = (
        f"Each bar: {result.label} with one input at its {result.low:.0%} quantile (blue) or "
        f"its {result.high:.0%} quantile (orange), every other input at its median; the "
        f"vertical line: all inputs at their medians ({_base_text(result)}). One "
        "input at a time: interactions are not shown."
    )
    if readings:
        text += (
            " Below the dotted line, the readings of the source (purple): each bar runs from "
            "the alternative reading giving the lowest figure to the one giving the highest "
            "(named in that order), every input at its median."
        )
    if dropped:
        text += " No effect on this output, not shown: " + ", ".join(dropped) + "."
    return text


def tornado_chart(
    result: TornadoResult,
    *,
    top: int | None = None,
    labels: Mapping[str, str] | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Horizontal bars from the all-medians output to the output at each input's low and
    high quantile; the largest swing on top. The study's readings, when the result ranks
    them (:func:`~repatcost.sensitivity.tornado`), form a block of their own below the
    inputs, on the same axis. Rows with no swing are left out and named in the caption;
    ``top`` keeps the largest rows; ``labels`` maps input names to readable labels
    (:func:`input_labels`); ``ax`` draws on existing axes.

    >>> from repatcost.sensitivity import tornado_of
    >>> from repatcost.distributions import Uniform
    >>> r = tornado_of(lambda v: v["a"] + 2 * v["b"], {"a": Uniform(0, 1), "b": Uniform(0, 1)})
    >>> [t.get_text() for t in tornado_chart(r).axes[0].get_yticklabels()]  # bottom to top
    ['a', 'b']
    """
    _check_tornado(result, top)
    names = dict(labels or {})
    moving = [r for r in result.rows if r.swing > 0][:top]
    dropped = [names.get(r.input, r.input) for r in result.rows if r.swing == 0]
    inputs = [r for r in moving if r.kind != "reading"][::-1]  # the largest swing on top
    readings = [r for r in moving if r.kind == "reading"][::-1]
    figure, ax = _axes(ax, 9.0, 2.6 + 0.5 * max(len(moving), 1) + 0.4 * bool(readings))
    gap = 1 if readings and inputs else 0
    ys = np.arange(len(inputs)) + len(readings) + gap
    for side, colour, q in (("output_low", _LOW, result.low), ("output_high", _HIGH, result.high)):
        widths = [getattr(r, side) - result.base for r in inputs]
        ax.barh(ys, widths, left=result.base, color=colour, label=f"input at its {q:.0%} quantile")
    _reading_bars(ax, readings)
    _baseline(ax, result)
    shown = [*readings, *inputs]
    ticks = [*range(len(readings)), *ys]
    ax.set_yticks(ticks, [_row_label(r, names) for r in shown])
    if gap:
        ax.axhline(len(readings) - 0.5 + gap / 2, color=_MID, linewidth=0.8, linestyle=":")
    values = [result.base, *(r.output_low for r in shown), *(r.output_high for r in shown)]
    unit = result.unit or "output"
    ax.set_xlabel(_money_axis(ax.xaxis, values, unit) if currency_of(unit) else unit)
    what = "input or reading" if readings else "input"
    ax.set_title(f"{result.label}: which {what} moves it most", pad=22)
    ax.legend(
        loc="lower left", bbox_to_anchor=(0.0, 1.0), ncols=3, frameon=False, fontsize="small"
    )
    _caption(ax, _tornado_caption(result, dropped, bool(readings)))
    return figure


def _check_tornado(result: Any, top: Any) -> None:
    if not isinstance(result, TornadoResult):
        raise fail("tornado_chart", "result", result, "a TornadoResult")
    if top is not None and (isinstance(top, bool) or not isinstance(top, int) or top < 1):
        raise fail("tornado_chart", "top", top, "a whole number >= 1, or None for every row")


def _row_label(row: TornadoRow, names: Mapping[str, str]) -> str:
    """An input's readable label; a reading's name with its lowest and highest alternatives."""
    label = names.get(row.input, row.input)
    if row.kind == "reading":
        label = f"reading {label}: {row.input_low} to {row.input_high}"
    return textwrap.fill(label, 40)


def _reading_bars(ax: Axes, rows: list[TornadoRow]) -> None:
    """One bar per reading, from its lowest to its highest alternative."""
    if rows:
        widths = [r.output_high - r.output_low for r in rows]
        lefts = [r.output_low for r in rows]
        ax.barh(np.arange(len(rows)), widths, left=lefts, color=_READING, label="reading")


def _baseline(ax: Axes, result: TornadoResult) -> None:
    """The all-medians line, labelled with its value at its foot."""
    ax.axvline(result.base, color=_MID, linewidth=1.2)
    ax.annotate(
        f"all inputs at medians: {_base_text(result)}",
        xy=(result.base, 0.0),
        xycoords=("data", "axes fraction"),
        xytext=(4, 4),
        textcoords="offset points",
        ha="left",
        va="bottom",
        fontsize="small",
        bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1.5},
    )


def _base_text(result: TornadoResult) -> str:
    currency = currency_of(result.unit)
    return money(result.base, currency) if currency else f"{result.base:,.4g}"


def interval_chart(
    result: StudyResult,
    *,
    level: float = 0.9,
    across: ReadingsResult | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Forest chart: each municipality and the total, median (dot), interval at ``level``
    (thick) and range under the stated bounds (thin), from the run's typed report; with
    ``across`` (the run across readings around ``result``) also the range across readings
    (dashed, below). When the study has readings and ``across`` is not given, the caption
    says that only the central reading is shown.

    >>> from repatcost.data import bundled_study
    >>> figure = interval_chart(bundled_study().run(2_000, seed=0))
    >>> [t.get_text() for t in figure.axes[0].get_yticklabels()][-1]
    'Total'
    """
    if not isinstance(result, StudyResult):
        raise fail("interval_chart", "result", result, "a StudyResult (Study.run(...))")
    if across is not None and across.central is not result:
        raise fail("interval_chart", "across", across, "the run across readings of this result")
    report = result.report(level=level)
    rows = [*report.rows, report.total]
    spans = _reading_spans(across, level)
    figure, ax = _axes(ax, 9.0, 2.4 + 0.5 * len(rows))
    for y, row in zip(range(len(rows), 0, -1), rows, strict=True):
        s = row.cost.summary
        ax.hlines(y, *s.hard_range, color=_MID, linewidth=1)
        ax.hlines(y, *s.interval, color=_LOW, linewidth=6)
        ax.plot([s.median], [y], "o", color=_HIGH, markersize=7)
        if row.key in spans:
            ax.hlines(y - 0.3, *spans[row.key], color=_HIGH, linewidth=1.5, linestyles="dashed")
    ax.set_yticks(range(len(rows), 0, -1), [row.name for row in rows])
    ends = [x for row in rows for x in row.cost.summary.hard_range]
    ends += [x for span in spans.values() for x in span]
    ax.set_xlabel(_money_axis(ax.xaxis, ends, f"{report.currency} per year"))
    ax.set_title(f"Annual cost by municipality, {report.currency} at {report.price_year} prices")
    _interval_legend(ax, level, bool(spans))
    _caption(
        ax,
        f"{report.title}. Dot: median; thick bar: equal-tailed {level:.0%} interval; thin "
        "line: range under the stated bounds (what no combination of inputs within their "
        f"stated bounds can leave). {_readings_note(result, across, level)}"
        f"{report.samples:,} Monte Carlo samples, seed {report.seed}.",
    )
    return figure


def _interval_legend(ax: Axes, level: float, readings: bool) -> None:
    """The interval chart's key: what each mark is."""
    from matplotlib.lines import Line2D

    handles = [
        Line2D([], [], marker="o", linestyle="", color=_HIGH, label="median"),
        Line2D([], [], color=_LOW, linewidth=6, label=f"{level:.0%} interval"),
        Line2D([], [], color=_MID, linewidth=1, label="range under the stated bounds"),
    ]
    if readings:
        handles.append(Line2D([], [], color=_HIGH, linestyle="--", label="range across readings"))
    ax.legend(handles=handles, loc="upper right", fontsize="small", frameon=False)


def _reading_spans(across: ReadingsResult | None, level: float) -> dict[str, tuple[float, float]]:
    """The range across readings of each municipality (by key) and of the total."""
    if across is None:
        return {}
    envelope = across.envelope(level)
    spans = {key: (low, high) for key, (low, high) in envelope["municipalities"].items()}
    low, high = envelope["total"]
    return {**spans, "total": (low, high)}


def _readings_note(result: StudyResult, across: ReadingsResult | None, level: float) -> str:
    """What the chart says about the readings of the source."""
    if not result.study.readings:
        return ""
    under = reading_phrase(result.study)
    if across is None:
        return (
            f"All under {under}; its other readings are not shown (repatcost report shows them). "
        )
    return (
        f"Dot and bars: {under}; dashed line below: the range "
        f"across readings (lowest lower to highest upper end of every reading's {level:.0%} "
        "interval). "
    )


def histogram_chart(
    samples: npt.ArrayLike,
    *,
    title: str = "",
    unit: str = "",
    level: float = 0.9,
    bins: int = 60,
    ax: Axes | None = None,
) -> Figure:
    """Histogram of ``samples`` with the median and the interval at ``level`` marked.

    >>> import numpy as np
    >>> figure = histogram_chart(np.random.default_rng(0).normal(size=1000), title="x")
    >>> len(figure.axes[0].patches)
    60
    """
    values = np.asarray(samples, dtype=np.float64)
    if values.ndim != 1 or values.size < 2 or not np.isfinite(values).all():
        raise fail("histogram_chart", "samples", samples, "two or more finite numbers")
    if isinstance(bins, bool) or not isinstance(bins, int) or bins < 1:
        raise fail("histogram_chart", "bins", bins, "a whole number >= 1")
    low, median, high = np.quantile(
        values, [interval_quantiles(level)[0], 0.5, interval_quantiles(level)[1]]
    )
    figure, ax = _axes(ax, 9.0, 5.0)
    ax.hist(values, bins=bins, color=_LOW, alpha=0.85)
    ax.axvline(median, color=_HIGH, linewidth=2, label="median")
    for edge in (low, high):
        ax.axvline(edge, color=_MID, linestyle="--", linewidth=1)
    ax.plot([], [], color=_MID, linestyle="--", label=f"{level:.0%} interval")
    extremes = [float(values.min()), float(values.max())]
    currency = currency_of(unit)
    ax.set_xlabel(_money_axis(ax.xaxis, extremes, unit) if currency else unit or "value")
    ax.set_ylabel("samples")
    ax.set_title(title or "Distribution of the samples")
    ax.legend(fontsize="small")
    shown = money(float(median), currency) if currency else f"{median:,.4g}"
    _caption(
        ax,
        f"{values.size:,} Monte Carlo samples in {bins} bins; median {shown}; dashed "
        f"lines: the equal-tailed {level:.0%} interval.",
    )
    return figure


def save_png(figure: Figure, path: str | Path, *, dpi: int = 150) -> Path:
    """Render ``figure`` to PNG bytes and write them atomically to ``path``.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> save_png(histogram_chart([1.0, 2.0, 3.0]), folder / "h.png", dpi=30).read_bytes()[:4]
    b'\x89PNG'
    """
    return write_atomic(path, png_bytes(figure, dpi=dpi))


def png_bytes(figure: Figure, *, dpi: int = 150) -> bytes:
    """``figure`` rendered as PNG bytes."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()
