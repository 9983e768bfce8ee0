"""repatcost report --output FILE.html: one self-contained page whose tables match the JSON."""

from __future__ import annotations

import html
import json
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from repatcost.cli import main
from repatcost.report_html import NO_CHARTS

SCENARIO = Path(__file__).parent / "scenarios" / "good" / "fifth_municipality.toml"
RUN = ["--samples", "3000", "--seed", "5"]


class _Page(HTMLParser):
    """Tables by id (rows of cell text), and every tag seen."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.tags: set[str] = set()
        self.refs: list[str] = []
        self._table: str | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        """Open tables, rows and cells; note tags and external references."""
        found = dict(attrs)
        self.tags.add(tag)
        self.refs += [v for k, v in attrs if k in ("src", "href") and v]
        if tag == "table":
            self._table = found.get("id") or f"table{len(self.tables)}"
            self.tables[self._table] = []
        elif tag == "tr" and self._table:
            self.tables[self._table].append([])
        elif tag in ("td", "th") and self._table:
            self._cell = []

    def handle_endtag(self, tag):
        """Close cells and tables."""
        if tag in ("td", "th") and self._table and self._cell is not None:
            self.tables[self._table][-1].append("".join(self._cell))
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        """Collect cell text."""
        if self._cell is not None:
            self._cell.append(data)


def _page_and_json(tmp_path, capsys, *extra: str) -> tuple[_Page, dict]:
    """Write the HTML report and print the JSON report of the same run."""
    out = tmp_path / "report.html"
    assert main(["report", "--output", str(out), *RUN, *extra]) == 0
    assert main(["estimate", "--format", "json", *RUN, *extra]) == 0
    record = json.loads(capsys.readouterr().out)
    page = _Page()
    page.feed(out.read_text(encoding="utf-8"))
    return page, record


def _number(cell: str) -> float:
    """A number as the tables print it (thousands separators)."""
    return float(cell.replace(",", ""))


def _close(cell: str, value: float) -> bool:
    """The printed cell equals the value at the precision it was printed with."""
    digits = len(cell.partition(".")[2])
    return abs(_number(cell) - value) <= 0.5 * 10**-digits + 1e-9 * abs(value)


def _check_tables(page: _Page, record: dict) -> None:
    """The cost and ratio tables show the JSON's figures, row by row."""
    rows = [*record["municipalities"], {**record["total"], "name": "Total"}]
    costs = page.tables["costs"]
    header = costs[0]
    assert [r[0] for r in costs[1:]] == [r["name"] for r in rows]
    for cells, row in zip(costs[1:], rows, strict=True):
        got = dict(zip(header, cells, strict=True))
        assert _close(got["median"], row["median"])
        assert _close(got["interval_low"], row["interval"][0])
        assert _close(got["interval_high"], row["interval"][1])
        assert _close(got["range_high"], row["range"][1])
    ratios = page.tables["ratios"]
    for cells, row in zip(ratios[1:], rows, strict=True):
        got = dict(zip(ratios[0], cells, strict=True))
        figure = row["cost_per_repatriated"]
        if figure is None:
            assert got["per_repatriated_median"] == ""
        else:
            assert _close(got["per_repatriated_median"], figure["median"])


def test_bundled_report_tables_match_the_json(tmp_path, capsys) -> None:
    """The bundled study's page: tables equal the JSON output; no script, no external file."""
    page, record = _page_and_json(tmp_path, capsys)
    _check_tables(page, record)
    assert "script" not in page.tags
    assert page.refs == []
    assert {"costs", "ratios", "implied", "triangulation", "sources"} <= set(page.tables)
    implied = page.tables["implied"]
    assert len(implied) - 1 == sum(len(m["implied"]) for m in record["municipalities"])


def test_scenario_file_report_tables_match_the_json(tmp_path, capsys) -> None:
    """A scenario file gives a page for its own municipalities."""
    page, record = _page_and_json(tmp_path, capsys, "--scenario", str(SCENARIO))
    _check_tables(page, record)
    assert len(page.tables["costs"]) == len(record["municipalities"]) + 2


def test_charts_are_inline_svg_or_a_note(tmp_path, monkeypatch) -> None:
    """With matplotlib the page inlines SVG charts; without it, it says so and has tables."""
    pytest.importorskip("matplotlib")
    out = tmp_path / "with.html"
    assert main(["report", "--output", str(out), "--samples", "500"]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.count("<svg") == 2
    assert NO_CHARTS not in text
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    bare = tmp_path / "without.html"
    assert main(["report", "--output", str(bare), "--samples", "500"]) == 0
    text = bare.read_text(encoding="utf-8")
    assert "<svg" not in text
    assert NO_CHARTS in html.unescape(text)


def test_same_seed_same_bytes(tmp_path) -> None:
    """Two runs with one seed write identical files (charts included)."""
    first, second = tmp_path / "a.html", tmp_path / "b.html"
    for path in (first, second):
        assert main(["report", "--output", str(path), "--samples", "500", "--seed", "1"]) == 0
    assert first.read_bytes() == second.read_bytes()


def test_refuses_a_file_that_is_not_html(tmp_path, capsys) -> None:
    """--output must name an .html file; nothing is written otherwise."""
    target = tmp_path / "report.txt"
    assert main(["report", "--output", str(target)]) != 0
    assert not target.exists()
    assert ".html" in capsys.readouterr().err
