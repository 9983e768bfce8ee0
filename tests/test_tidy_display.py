"""Tidy records, pandas frames, long samples, short reprs and HTML display."""

from __future__ import annotations

import csv
import io
import sys
from html.parser import HTMLParser

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from repatcost._frames import PANDAS_HINT, PandasUnavailable
from repatcost.data import bundled_study
from repatcost.display import MAX_REPR
from repatcost.report import render_study
from repatcost.sensitivity import rank_correlations, tornado

PLAIN = (str, int, float, bool, type(None))


@pytest.fixture(scope="module")
def result():
    """A small run of the bundled study."""
    return bundled_study().run(4_000, seed=7)


def test_records_are_plain_and_match_the_csv(result) -> None:
    """to_records: plain Python values, keys = the CSV header, figures = the report's."""
    records = result.to_records()
    rows = list(csv.DictReader(io.StringIO(render_study(result, "csv"))))
    assert [list(r) for r in records] == [list(r) for r in rows]
    assert all(type(v) in PLAIN for r in records for v in r.values())
    report = result.report()
    for record, row in zip(records, (*report.rows, report.total), strict=True):
        assert record["median"] == row.cost.summary.median
        assert (record["interval_low"], record["interval_high"]) == row.cost.summary.interval
    assert records[-1]["per_repatriated_median"] == report.total.per_outcome.median


def test_csv_code_column_is_integer_and_headers_are_plain(result) -> None:
    """Every code cell is a whole number (or empty for the total); headers are identifiers."""
    rows = list(csv.reader(io.StringIO(render_study(result, "csv"))))
    assert all(h.isidentifier() for h in rows[0])
    codes = [row[rows[0].index("code")] for row in rows[1:]]
    assert codes == ["101", "751", "461", "851", ""]


def test_long_samples_add_up_per_row(result) -> None:
    """Each long row's components sum to its cost; sample indices repeat per municipality."""
    columns = result.samples_long()
    components = [c for c in columns if c not in ("sample", "municipality", "cost")]
    np.testing.assert_allclose(sum(columns[c] for c in components), columns["cost"], rtol=1e-12)
    assert columns["sample"].dtype == np.int64
    assert list(columns["sample"][: result.n]) == list(range(result.n))
    aarhus = columns["municipality"] == "aarhus"
    np.testing.assert_array_equal(columns["cost"][aarhus], result.estimates["aarhus"].samples)


def test_frames_keep_columns_and_integer_codes(result) -> None:
    """to_frame has the records' columns; code is a nullable integer column."""
    pytest.importorskip("pandas")
    frame = result.to_frame()
    assert list(frame.columns) == list(result.to_records()[0])
    assert str(frame["code"].dtype) == "Int64"
    assert frame["median"].tolist() == [r["median"] for r in result.to_records()]
    assert len(result.samples_frame()) == 4 * result.n
    sens = tornado(bundled_study(), "aarhus")
    assert sens.to_frame().to_dict("records") == sens.to_records()


def test_to_frame_without_pandas_names_the_extra(result, monkeypatch) -> None:
    """Without pandas, to_frame raises one line naming pip install "repatcost[pandas]"."""
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(PandasUnavailable, match=r"repatcost\[pandas\]") as info:
        result.to_frame()
    assert PANDAS_HINT in str(info.value)
    assert "\n" not in str(info.value)


def test_sensitivity_records_are_the_table_rows() -> None:
    """Sensitivity results give their table's rows as records."""
    result = rank_correlations(bundled_study(), "total", n=500, seed=1)
    assert result.to_records() == result.table().to_records()
    assert list(result.to_records()[0]) == list(result.table().columns)


class _Tables(HTMLParser):
    """Counts tables and collects cell text."""

    def __init__(self) -> None:
        super().__init__()
        self.tables, self.cells, self.scripts = 0, [], 0
        self._in_cell = False

    def handle_starttag(self, tag, attrs_):
        """Count tables and scripts; enter cells."""
        self.tables += tag == "table"
        self.scripts += tag == "script"
        if tag in ("td", "th"):
            self._in_cell = True
            self.cells.append("")

    def handle_endtag(self, tag):
        """Leave cells."""
        if tag in ("td", "th"):
            self._in_cell = False

    def handle_data(self, data):
        """Collect cell text."""
        if self._in_cell:
            self.cells[-1] += data


def _shown(result):
    """Every object with a notebook display, from the run."""
    return [
        result.study,
        result,
        result.report(),
        result.estimates["aarhus"],
        result.total.summary(),
        tornado(result.study, "total"),
    ]


def test_reprs_are_short_and_show_median_and_interval(result) -> None:
    """Each repr is under 300 characters; estimates and summaries show median and interval."""
    for item in _shown(result):
        assert len(repr(item)) < MAX_REPR
    total = result.total.summary().median
    aarhus = result.estimates["aarhus"].summary().median
    for item, median in (
        (result, total),
        (result.report(), total),
        (result.total.summary(), total),
        (result.estimates["aarhus"], aarhus),
    ):
        assert f"median {median:,.0f}" in repr(item)
        assert "90% interval" in repr(item)


def test_html_display_is_one_table_without_scripts(result) -> None:
    """_repr_html_ parses as one table, no script, with the figures' labels."""
    for item in _shown(result):
        parser = _Tables()
        parser.feed(item._repr_html_())
        assert parser.tables == 1
        assert parser.scripts == 0
    parser = _Tables()
    parser.feed(result._repr_html_())
    assert "Aarhus" in parser.cells
    assert "Total" in parser.cells


@settings(max_examples=25, deadline=None)
@given(st.text(min_size=1, max_size=600).filter(str.strip))
def test_study_repr_stays_short_for_any_title(title: str) -> None:
    """However long the title, the repr stays under the limit."""
    study = attrs.evolve(bundled_study(), title=title)
    assert len(repr(study)) <= MAX_REPR
