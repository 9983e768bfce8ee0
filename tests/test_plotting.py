"""Charts: PNGs that are really drawn, and a clear message without matplotlib."""

from __future__ import annotations

import importlib.util
import sys

import numpy as np
import pytest

from repatcost import plotting
from repatcost.errors import InvalidValueError, RepatcostError
from repatcost.sensitivity import tornado

needs_matplotlib = pytest.mark.skipif(
    importlib.util.find_spec("matplotlib") is None, reason="the plot extra is not installed"
)


def _pixels(path) -> np.ndarray:
    from matplotlib.image import imread

    return np.asarray(imread(path))


def _check_png(path, min_width: int = 400) -> None:
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    image = _pixels(path)
    height, width = image.shape[:2]
    assert width >= min_width
    assert height >= 200
    assert float(image[..., :3].std()) > 0.05  # not blank: ink on the page
    assert len(np.unique(image[..., :3].reshape(-1, 3), axis=0)) > 10


@pytest.mark.slow
@needs_matplotlib
def test_tornado_chart_writes_a_drawn_png(tmp_path, bundled) -> None:
    """A tornado chart of the bundled total is a real PNG with visible content."""
    path = plotting.save_png(
        plotting.tornado_chart(tornado(bundled, "total")), tmp_path / "t.png", dpi=80
    )
    _check_png(path)


@needs_matplotlib
def test_tornado_chart_shows_rows_with_the_largest_swing_on_top(bundled) -> None:
    """Bars are labelled by input, bottom to top in rising swing; `top` keeps the largest."""
    result = tornado(bundled, "total", readings=False)
    labels = [
        t.get_text() for t in plotting.tornado_chart(result, top=3).axes[0].get_yticklabels()
    ]
    assert labels == [row.input for row in result.rows[:3]][::-1]


@needs_matplotlib
def test_tornado_chart_shows_readings_in_a_block_of_their_own_below_the_inputs(bundled) -> None:
    """Readings are ranked with the inputs but drawn apart: below the inputs, named as readings
    with their lowest and highest alternatives, in a colour of their own."""
    result = tornado(bundled, "total")
    ax = plotting.tornado_chart(result).axes[0]
    labels = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]  # bottom to top
    kinds = ["reading" if label.startswith("reading ") else "input" for label in labels]
    moving = [r for r in result.rows if r.swing > 0]
    assert kinds.count("reading") == sum(r.kind == "reading" for r in moving)
    assert kinds == sorted(kinds, key=lambda k: k == "input")  # readings first from the bottom
    assert labels[kinds.count("reading") - 1] == "reading kobenhavn.year: 2023 to 2022"
    assert "reading" in [t.get_text() for t in ax.get_legend().get_texts()]
    assert "which input or reading" in ax.get_title()


@pytest.mark.slow
@needs_matplotlib
def test_interval_and_histogram_charts_write_drawn_pngs(tmp_path, bundled) -> None:
    """The forest chart of a run and a histogram of its total are drawn PNGs."""
    run = bundled.run(2000, seed=0)
    _check_png(plotting.save_png(plotting.interval_chart(run), tmp_path / "i.png", dpi=80))
    labels = [t.get_text() for t in plotting.interval_chart(run).axes[0].get_yticklabels()]
    assert labels == [*(e.label for e in run.estimates.values()), "Total"]
    _check_png(
        plotting.save_png(
            plotting.histogram_chart(run.total.samples, title="Total"), tmp_path / "h.png", dpi=80
        )
    )


@needs_matplotlib
def test_save_png_replaces_an_existing_file_atomically(tmp_path) -> None:
    """Saving over a file replaces it whole and leaves no temporary file behind."""
    target = tmp_path / "x.png"
    target.write_bytes(b"old")
    plotting.save_png(plotting.histogram_chart([1.0, 2.0, 2.5, 3.0]), target, dpi=40)
    assert target.read_bytes()[:4] == b"\x89PNG"
    assert [p.name for p in tmp_path.iterdir()] == ["x.png"]


@needs_matplotlib
@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: plotting.tornado_chart("nope"), "result"),
        (lambda: plotting.histogram_chart([1.0, float("nan")]), "samples"),
        (lambda: plotting.histogram_chart([1.0, 2.0], bins=0), "bins"),
        (lambda: plotting.interval_chart(None), "result"),
    ],
)
def test_bad_chart_arguments_are_refused(call, field: str) -> None:
    """Wrong inputs to a chart raise naming the field, before anything is drawn."""
    with pytest.raises(InvalidValueError) as info:
        call()
    assert info.value.field == field


def test_without_matplotlib_charts_raise_an_install_hint(monkeypatch, bundled) -> None:
    """With matplotlib unimportable, a chart raises PlottingUnavailable naming the extra."""
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(plotting.PlottingUnavailable) as info:
        plotting.tornado_chart(tornado(bundled, "total"))
    assert 'pip install "repatcost[plot]"' in str(info.value)
    assert isinstance(info.value, ImportError)
    assert isinstance(info.value, RepatcostError)
