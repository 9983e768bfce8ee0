"""What a notebook user sees: short reprs, HTML, frames without scientific notation, derived
studies that keep every setting, charts side by side, one default sample size."""

from __future__ import annotations

import pickle
from html.parser import HTMLParser

import attrs
import pytest

from repatcost.across_readings import readings_around, run_readings
from repatcost.data import bundled_study
from repatcost.display import MAX_REPR
from repatcost.engine import DEFAULT_SAMPLES
from repatcost.sensitivity import (
    grid,
    rank_correlations,
    sobol,
    tornado,
    value_of_information,
)
from repatcost.study import Study


@pytest.fixture(scope="module")
def result():
    """A small run of the bundled study."""
    return bundled_study().run(3_000, seed=5)


@pytest.fixture(scope="module")
def across(result):
    """The run across the bundled study's readings around ``result``."""
    return readings_around(result)


def _sensitivity_results(across):
    """One result of every sensitivity method, and the readings result."""
    study = bundled_study()
    return {
        "tornado": tornado(study, "total"),
        "rank": rank_correlations(study, "total", n=400, seed=1),
        "voi": value_of_information(study, "total", n=256, seed=1, points=4),
        "grid": grid(study, "total", "wage_cost", "overhead_share", points=3),
        "sobol": sobol(study, "total", n=256, seed=1, repeats=20),
        "readings": across,
    }


class _Html(HTMLParser):
    """Counts tables and scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.tables = self.scripts = 0

    def handle_starttag(self, tag, attrs_):
        """Count the tags that matter."""
        self.tables += tag == "table"
        self.scripts += tag == "script"


def test_every_sensitivity_result_displays_short_and_as_a_frame(across) -> None:
    """Each result: repr under 300 characters, one HTML table, records equal the frame."""
    pytest.importorskip("pandas")
    for name, item in _sensitivity_results(across).items():
        assert len(repr(item)) < MAX_REPR, name
        parser = _Html()
        parser.feed(item._repr_html_())
        assert (parser.tables, parser.scripts) == (1, 0), name
        records = item.to_records()
        frame = item.to_frame()
        assert list(frame.columns) == list(records[0]), name
        assert len(frame) == len(records), name
        assert "e+" not in repr(frame), name
        assert "e+" not in frame._repr_html_(), name


def test_readings_repr_names_the_central_median_and_the_range(across) -> None:
    """The readings result's repr is short and carries the range across readings."""
    low, high = across.envelope(0.9)["total"]
    text = repr(across)
    assert len(text) < MAX_REPR
    assert f"{low:,.0f} - {high:,.0f}" in text
    assert f"{across.central.total.median:,.0f}" in text
    assert across.to_records()[0]["reading"] == "kobenhavn.year"


def test_study_frame_carries_the_range_across_readings(result, across) -> None:
    """to_frame(readings=...) adds the envelope's ends, one pair per municipality and total."""
    pytest.importorskip("pandas")
    frame = result.to_frame(readings=across)
    envelope = across.envelope(0.9)
    assert frame["readings_low"].tolist()[-1] == envelope["total"][0]
    assert frame["readings_high"].tolist()[0] == envelope["municipalities"]["kobenhavn"][1]
    assert (frame["readings_low"] <= frame["interval_low"]).all()
    assert (frame["readings_high"] >= frame["interval_high"]).all()
    assert "readings_low" not in result.to_frame().columns


def test_readings_of_another_run_are_refused(result) -> None:
    """The envelope of readings run around another result is not joined to this one."""
    other = run_readings(bundled_study(), 500, seed=1, keep="costs")
    with pytest.raises(ValueError, match="readings"):
        result.to_records(readings=other)


def test_money_shows_plain_without_rounding_the_values(result) -> None:
    """Money prints as 1,762,524 (not 1.762524e+06) while the frame keeps the floats."""
    pandas = pytest.importorskip("pandas")
    frame = result.to_frame()
    median = result.total.median
    with pandas.option_context("display.max_columns", None, "display.width", 10_000):
        text = repr(frame)
    assert f"{median:,.0f}" in text
    assert "e+0" not in text
    assert frame["median"].tolist()[-1] == median  # the float itself, unrounded
    assert f"{median:,.0f}" in frame._repr_html_()
    sliced = frame[["name", "median"]].head(2)
    assert "e+" not in repr(sliced)
    assert type(sliced) is type(frame)
    assert pickle.loads(pickle.dumps(frame)).equals(frame)


def test_study_repr_builds_no_report() -> None:
    """Printing a study result leaves its report unbuilt."""
    fresh = bundled_study().run(1_000, seed=2)
    text = repr(fresh)
    assert fresh._reports == {}
    assert f"median {fresh.total.median:,.0f}" in text


def _settings(study: Study) -> tuple:
    """Every setting of a study but its assumptions."""
    return (study.estimators, study.crosschecks, study.title, study.readings, study.overrides)


def test_with_assumptions_keeps_every_other_setting() -> None:
    """with_assumptions changes the assumptions only, by values or whole."""
    study = attrs.evolve(bundled_study(), title="mine")
    changed = study.with_assumptions(show_up_rate=0.9, rationale="all came")
    assert _settings(changed) == _settings(study)
    assert changed.assumptions.distribution("show_up_rate").median == 0.9
    same = study.with_assumptions(changed.assumptions)
    assert same.assumptions == changed.assumptions
    assert _settings(same) == _settings(study)
    with pytest.raises(ValueError, match="not both"):
        study.with_assumptions(changed.assumptions, show_up_rate=0.8)
    with pytest.raises(ValueError, match="show_up_rat"):
        study.with_assumptions(show_up_rat=0.8)


def test_with_reading_reads_the_source_another_way_and_keeps_the_rest() -> None:
    """with_reading moves the total and keeps title, cross-checks and the other readings."""
    study = bundled_study()
    later = study.with_reading("kobenhavn.year", "2022")
    assert later.reading("kobenhavn.year").central == "2022"
    assert (later.title, later.crosschecks) == (study.title, study.crosschecks)
    # kobenhavn.scope stays, re-based: is the 2022 spending all guidance, or not?
    assert [r.name for r in later.readings] == [r.name for r in study.readings]
    assert later.run(2_000, seed=1).total.median > study.run(2_000, seed=1).total.median


def test_without_drops_the_municipality_and_what_concerns_it_only() -> None:
    """without("aalborg") drops Aalborg, its readings, and keeps everything else."""
    study = bundled_study()
    smaller = study.without("aalborg")
    assert [m.key for m in smaller.municipalities] == ["kobenhavn", "aarhus", "odense"]
    names = [r.name for r in smaller.readings]
    gone = {
        "aalborg.period",
        "interpreter.aalborg",
    }  # each changes Aalborg's evidence or estimator
    assert names == [r.name for r in study.readings if r.name not in gone]
    assert smaller.title == study.title
    assert "aalborg" not in smaller.crosschecks
    assert "aalborg" not in smaller.estimators
    with pytest.raises(ValueError, match="aalbor"):
        study.without("aalbor")


def _two_charts():
    """A tornado chart and an interval chart side by side in one figure, drawn."""
    pytest.importorskip("matplotlib")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from repatcost.plotting import interval_chart, tornado_chart

    figure = Figure(figsize=(12, 5), layout="constrained")
    FigureCanvasAgg(figure)
    left, right = figure.subplots(1, 2)
    study = bundled_study()
    tornado_chart(tornado(study, "total"), ax=left)
    interval_chart(study.run(1_000, seed=1), ax=right)
    figure.canvas.draw()
    return figure, (left, right)


def test_captions_of_charts_side_by_side_stay_in_their_own_axes() -> None:
    """Each caption lies within its own axes' width, and the two captions do not overlap."""
    figure, axes = _two_charts()
    renderer = figure.canvas.get_renderer()
    boxes = []
    for ax in axes:
        caption = max(ax.texts, key=lambda t: len(t.get_text()))
        box, frame = caption.get_window_extent(renderer), ax.get_window_extent(renderer)
        assert frame.x0 - 1 <= box.x0
        assert box.x1 <= frame.x1 + 1
        assert box.y1 <= frame.y0  # below the plotting area
        boxes.append(box)
    assert not boxes[0].overlaps(boxes[1])


def test_plot_and_estimate_share_one_default_sample_size() -> None:
    """The plot command, the estimate command and Study.run default to the same samples."""
    import inspect

    from repatcost.cli import _common
    from repatcost.cli import plot as plot_command

    assert _common.DEFAULT_SAMPLES == DEFAULT_SAMPLES
    assert inspect.signature(Study.run).parameters["n"].default == DEFAULT_SAMPLES
    assert not hasattr(plot_command, "DEFAULT_SAMPLES")
