"""Report-ready charts: readable labels, DKK scales, dropped zero-swing rows, captions, ax=."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from repatcost.distributions import Uniform
from repatcost.sensitivity import tornado, tornado_of

plotting = pytest.importorskip("repatcost.plotting")
pytest.importorskip("matplotlib")


def _texts(figure) -> str:
    """Every text drawn on the figure's first axes (title, labels, annotations, ticks)."""
    figure.canvas.draw()
    ax = figure.axes[0]
    parts = [ax.get_title(), ax.get_xlabel(), *(t.get_text() for t in ax.texts)]
    parts += [t.get_text() for t in ax.get_yticklabels() + ax.get_xticklabels()]
    return "\n".join(parts)


def test_tornado_drops_zero_swing_rows_and_names_them_in_the_caption() -> None:
    """An input the output ignores gets no bar; the caption lists it."""
    inputs = {"a": Uniform(0, 1), "b": Uniform(0, 1), "unused": Uniform(0, 1)}
    figure = plotting.tornado_chart(tornado_of(lambda v: v["a"] + 2 * v["b"], inputs))
    labels = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert labels == ["a", "b"]
    assert "not shown: unused" in _texts(figure).replace("\n", " ")


def test_tornado_of_the_total_is_labelled_in_thousand_dkk(bundled) -> None:
    """Assumption names with units as labels, thousand-DKK ticks with separators, no offset,
    a labelled baseline, a title that says what is shown."""
    figure = plotting.tornado_chart(
        tornado(bundled, "total"), labels=plotting.input_labels(bundled)
    )
    text = _texts(figure)
    ax = figure.axes[0]
    assert "wage cost (DKK per staff-year)" in text
    assert ax.get_xlabel() == "thousand DKK per year"
    assert ax.xaxis.get_offset_text().get_text() == ""
    ticks = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert any("," in t for t in ticks)
    assert len(set(ticks)) == len(ticks)
    assert "all inputs at medians:" in text
    assert ax.get_title() == "Total: which input or reading moves it most"


def test_interval_chart_draws_on_given_axes(bundled) -> None:
    """With ax=, the chart draws into those axes and returns their figure."""
    figure = plotting._figure(6.0, 4.0)
    ax = figure.add_subplot()
    returned = plotting.interval_chart(bundled.run(1_000, seed=0), ax=ax)
    assert returned is figure
    assert ax.get_xlabel() == "thousand DKK per year"
    assert "Dot: median" in _texts(figure)


def test_histogram_of_money_has_no_offset(bundled) -> None:
    """A histogram of DKK samples shows thousands with separators, no 1e6 offset."""
    samples = bundled.run(2_000, seed=1).total.samples
    figure = plotting.histogram_chart(samples, title="Total", unit="DKK per year")
    figure.canvas.draw()
    assert figure.axes[0].xaxis.get_offset_text().get_text() == ""
    assert figure.axes[0].get_xlabel() == "thousand DKK per year"


def test_bad_axes_are_refused() -> None:
    """ax must be a matplotlib Axes."""
    with pytest.raises(ValueError, match="ax"):
        plotting.histogram_chart([1.0, 2.0], ax="not axes")


@given(st.floats(1.0, 1e12), st.floats(0.0, 1.0))
def test_money_scale_leaves_at_least_three_units_on_the_axis(largest, share) -> None:
    """The chosen unit never makes the axis span fewer than 3 of it (unless plain DKK)."""
    span = largest * share
    scale, word = plotting.money_scale(largest, span, currency="DKK")
    assert scale == 1.0 or span / scale >= 3
    assert word.endswith("DKK")


def test_interval_chart_shows_the_range_across_readings(bundled) -> None:
    """With the run across readings, each row gets a dashed line at its range across
    readings, the key names it, and the caption says the bars hold the central reading."""
    from repatcost.across_readings import readings_around

    result = bundled.run(2_000, seed=0)
    across = readings_around(result)
    figure = plotting.interval_chart(result, across=across)
    ax = figure.axes[0]
    dashed = [
        segment
        for collection in ax.collections
        if any(dashes is not None for _, dashes in collection.get_linestyle())
        for segment in collection.get_segments()
    ]
    envelope = across.envelope(0.9)
    expected = [*envelope["municipalities"].values(), envelope["total"]]
    assert sorted((s[0][0], s[1][0]) for s in dashed) == sorted(tuple(e) for e in expected)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[-1] == "range across readings"
    text = _texts(figure).replace("\n", " ")
    assert "the central reading of the source; dashed line below: the range across" in text


def test_interval_chart_without_readings_run_says_only_the_central_one_is_shown(bundled) -> None:
    """A study with readings charted without its run across them says so in the caption;
    a run across readings of another result is refused."""
    from repatcost.across_readings import readings_around

    result = bundled.run(1_000, seed=0)
    text = _texts(plotting.interval_chart(result)).replace("\n", " ")
    assert "its other readings are not shown" in text
    other = readings_around(bundled.run(1_000, seed=1))
    with pytest.raises(ValueError, match="'across'"):
        plotting.interval_chart(result, across=other)
