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
'Tornado: Total'
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from repatcost._io import write_atomic
from repatcost._validators import fail
from repatcost.errors import RepatcostError
from repatcost.estimate import interval_quantiles
from repatcost.sensitivity.tornado import TornadoResult
from repatcost.study import StudyResult

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "INSTALL_HINT",
    "PlottingUnavailable",
    "histogram_chart",
    "interval_chart",
    "png_bytes",
    "require_matplotlib",
    "save_png",
    "tornado_chart",
]

INSTALL_HINT = 'pip install "repatcost[plot]"'
"""How to install the plotting extra."""

_LOW, _HIGH, _MID = "#4c72b0", "#dd8452", "#333333"


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


def tornado_chart(result: TornadoResult, *, top: int | None = None) -> Figure:
    """Horizontal bars from the all-medians output to the output at each input's low and
    high quantile; the largest swing on top. ``top`` keeps only the largest rows.

    >>> from repatcost.sensitivity import tornado_of
    >>> from repatcost.distributions import Uniform
    >>> r = tornado_of(lambda v: v["a"] + 2 * v["b"], {"a": Uniform(0, 1), "b": Uniform(0, 1)})
    >>> [t.get_text() for t in tornado_chart(r).axes[0].get_yticklabels()]  # bottom to top
    ['a', 'b']
    """
    if not isinstance(result, TornadoResult):
        raise fail("tornado_chart", "result", result, "a TornadoResult")
    if top is not None and (isinstance(top, bool) or not isinstance(top, int) or top < 1):
        raise fail("tornado_chart", "top", top, "a whole number >= 1, or None for every row")
    rows = result.rows[:top][::-1]  # bottom to top: the largest swing ends on top
    figure = _figure(8.0, 1.2 + 0.45 * max(len(rows), 1))
    ax = figure.add_subplot()
    ys = np.arange(len(rows))
    base = result.base
    ax.barh(
        ys,
        [r.output_low - base for r in rows],
        left=base,
        color=_LOW,
        label=f"input at its {result.low:.0%} quantile",
    )
    ax.barh(
        ys,
        [r.output_high - base for r in rows],
        left=base,
        color=_HIGH,
        label=f"input at its {result.high:.0%} quantile",
    )
    ax.axvline(base, color=_MID, linewidth=1)
    ax.set_yticks(ys, [r.input for r in rows])
    ax.set_xlabel(result.unit or "output")
    ax.set_title(f"Tornado: {result.label}")
    ax.legend(loc="lower right", fontsize="small")
    return figure


def interval_chart(result: StudyResult, *, level: float = 0.9) -> Figure:
    """Forest chart: each municipality and the total, median (dot), interval at ``level``
    (thick) and hard range (thin).

    >>> from repatcost.data import bundled_study
    >>> figure = interval_chart(bundled_study().run(2_000, seed=0))
    >>> [t.get_text() for t in figure.axes[0].get_yticklabels()][-1]
    'Total'
    """
    if not isinstance(result, StudyResult):
        raise fail("interval_chart", "result", result, "a StudyResult (Study.run(...))")
    probs = interval_quantiles(level)
    estimates = [*result.estimates.values(), result.total]
    figure = _figure(8.0, 1.2 + 0.5 * len(estimates))
    ax = figure.add_subplot()
    for y, estimate in zip(range(len(estimates), 0, -1), estimates, strict=True):
        low, median, high = estimate.quantiles([probs[0], 0.5, probs[1]])
        ax.hlines(y, *estimate.hard_range, color=_MID, linewidth=1)
        ax.hlines(y, low, high, color=_LOW, linewidth=6)
        ax.plot([median], [y], "o", color=_HIGH, markersize=7)
    ax.set_yticks(range(len(estimates), 0, -1), [e.label for e in estimates])
    ax.set_xlabel(f"DKK per year (dot: median; bar: {level:.0%} interval; line: hard range)")
    ax.set_title(f"{result.study.title}: annual cost")
    return figure


def histogram_chart(
    samples: npt.ArrayLike, *, title: str = "", unit: str = "", level: float = 0.9, bins: int = 60
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
    figure = _figure(8.0, 4.5)
    ax = figure.add_subplot()
    ax.hist(values, bins=bins, color=_LOW, alpha=0.85)
    ax.axvline(median, color=_HIGH, linewidth=2, label="median")
    for edge in (low, high):
        ax.axvline(edge, color=_MID, linestyle="--", linewidth=1)
    ax.plot([], [], color=_MID, linestyle="--", label=f"{level:.0%} interval")
    ax.set_xlabel(unit or "value")
    ax.set_ylabel("samples")
    ax.set_title(title)
    ax.legend(fontsize="small")
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
