"""repatcost report --output FILE.html: one self-contained page whose tables match the JSON."""

from __future__ import annotations

import html
import json
import math
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from repatcost.cli import main
from repatcost.display import html_table
from repatcost.errors import RepatcostError
from repatcost.report_html import NO_CHARTS
from repatcost.tables import Table

SCENARIO = Path(__file__).parent / "scenarios" / "good" / "fifth_municipality.toml"
RUN = ["--samples", "3000", "--seed", "5"]


class _Page(HTMLParser):
    """Tables by id (rows of cell text), paragraphs by id, the text and every tag seen."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.paragraphs: dict[str, str] = {}
        self.text: list[str] = []
        self.headings: list[str] = []
        self.tags: set[str] = set()
        self.refs: list[str] = []
        self._table: str | None = None
        self._cell: list[str] | None = None
        self._open: list[str] = []

    def handle_starttag(self, tag, attrs):
        """Open tables, rows and cells; note tags and external references."""
        found = dict(attrs)
        self.tags.add(tag)
        self.refs += [v for k, v in attrs if k in ("src", "href") and v]
        self._open.append(f"{tag}#{found.get('id') or ''}")
        if tag == "table":
            self._table = found.get("id") or f"table{len(self.tables)}"
            self.tables[self._table] = []
        elif tag == "tr" and self._table:
            self.tables[self._table].append([])
        elif tag in ("td", "th") and self._table:
            self._cell = []

    def handle_endtag(self, tag):
        """Close cells and tables."""
        if self._open:
            self._open.pop()
        if tag in ("td", "th") and self._table and self._cell is not None:
            self.tables[self._table][-1].append("".join(self._cell))
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        """Collect cell, paragraph, heading and page text."""
        self.text.append(data)
        where = self._open[-1] if self._open else ""
        if where.startswith("p#") and where != "p#":
            self.paragraphs[where[2:]] = self.paragraphs.get(where[2:], "") + data
        if where.partition("#")[0] in ("h1", "h2", "h3"):
            self.headings.append(data)
        if self._cell is not None:
            self._cell.append(data)

    def whole_text(self) -> str:
        """Every piece of text on the page, joined."""
        return "".join(self.text)


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
    """A number as the page prints it (thousands separators, a sign)."""
    return float(cell.replace(",", ""))


def _rounded(cell: str, value: float) -> bool:
    """The printed cell is ``value`` to three significant digits (whole units below 1,000)."""
    size = abs(value)
    step = 10.0 ** (math.floor(math.log10(size)) - 2) if size >= 1_000 else 1.0
    return abs(_number(cell) - value) <= 0.5 * step * (1 + 1e-9)


def _span(cell: str, pair: list[float]) -> bool:
    """A printed interval ``low - high`` is ``pair`` rounded."""
    low, high = cell.split(" - ")
    return _rounded(low, pair[0]) and _rounded(high, pair[1])


def _check_tables(page: _Page, record: dict) -> None:
    """The cost and ratio tables show the JSON's figures, row by row, rounded."""
    pct = f"{record['level']:.0%}"
    rows = [*record["municipalities"], {**record["total"], "name": "Total"}]
    costs = page.tables["costs"]
    header = costs[0]
    assert [r[0] for r in costs[1:]] == [r["name"] for r in rows]
    assert not any("error" in column for column in header)
    for cells, row in zip(costs[1:], rows, strict=True):
        got = dict(zip(header, cells, strict=True))
        assert _rounded(got["median"], row["median"])
        assert _span(got[f"{pct} interval"], row["interval"])
        assert _span(got["range under the stated bounds"], row["range"])
    ratios = page.tables["per-outcome"]
    for cells, row in zip(ratios[1:], rows, strict=True):
        figure = row["cost_per_repatriated"]
        if figure is None:
            assert cells[1] == "n/a"
        else:
            median, _, interval = cells[1].partition(" (")
            assert _rounded(median, figure["median"])
            assert _span(interval.rstrip(")"), figure["interval"])


def _alternatives(record: dict) -> dict[tuple[str, str], dict]:
    """Every non-central alternative of the JSON, by (reading's question, label): the table
    names a reading in words, its identifier stays in the JSON."""
    return {
        (r["question"], a["label"]): a
        for r in record["readings"]
        for a in r["alternatives"]
        if a["label"] != r["central"]
    }


def _check_reading_row(cells: list[str], alternative: dict, record: dict) -> float:
    """One row of the readings table against its JSON alternative; the change in DKK."""
    names = dict(
        zip(
            record["envelope"]["municipalities"],
            (m["name"] for m in record["municipalities"]),
            strict=True,
        )
    )
    central = {k: m["median"] for k, m in zip(names, record["municipalities"], strict=True)}
    total = alternative["total"]["median"]
    change = total - record["total"]["median"]
    assert _rounded(cells[2], total)
    noise = 2 * record["total"]["mc_error"]["median"]  # the stated rule: none within noise
    if cells[3] == "none":
        assert abs(change) <= noise
        return change
    assert abs(change) > noise
    signed, _, relative = cells[3].partition(" (")
    assert _rounded(signed, change)
    if signed != "0":
        assert (change > 0) == signed.startswith("+")
    ratio = change / record["total"]["median"]
    digits = 0 if abs(ratio) >= 0.01 else 1  # below 1%: one decimal; below 0.05%: in words
    assert relative == (f"{ratio:+.{digits}%})" if abs(ratio) >= 0.0005 else "under 0.1%)")
    medians = {k: v["median"] for k, v in alternative["municipalities"].items()}
    town = max(medians, key=lambda k: (abs(medians[k] - central[k]), k))
    assert cells[4] == names[town]
    assert _rounded(cells[5], medians[town])
    own_noise = 2 * record["municipalities"][list(names).index(town)]["mc_error"]["median"]
    if cells[6] == "none":
        assert abs(medians[town] - central[town]) <= own_noise
    else:
        assert _rounded(cells[6], medians[town] - central[town])
    return change


def _check_readings(page: _Page, record: dict) -> None:
    """The readings table and the envelope equal the JSON's, biggest change first."""
    table = page.tables["readings"]
    assert table[0] == [
        "reading", "alternative", "total median", "change from central",
        "most affected", "its median", "its change",
    ]  # fmt: skip
    alternatives = _alternatives(record)
    assert sorted((r[0], r[1]) for r in table[1:]) == sorted(alternatives)
    changes = [abs(_check_reading_row(r, alternatives[r[0], r[1]], record)) for r in table[1:]]
    assert changes == sorted(changes, reverse=True)
    envelope = record["envelope"]
    total = re.search(r"total ranges over ([\d,]+ - [\d,]+) DKK", page.whole_text())
    assert total is not None
    assert _span(total.group(1), envelope["total"])
    text = page.paragraphs["envelope"]
    for m, pair in zip(record["municipalities"], envelope["municipalities"].values(), strict=True):
        found = re.search(re.escape(m["name"]) + r" ([\d,]+ - [\d,]+)", text)
        assert found is not None
        assert _span(found.group(1), pair)


@pytest.mark.slow
def test_bundled_report_tables_match_the_json(tmp_path, capsys) -> None:
    """The bundled study's page: tables equal the JSON output; no script, no external file."""
    page, record = _page_and_json(tmp_path, capsys)
    _check_tables(page, record)
    assert "script" not in page.tags
    assert page.refs == []
    tables = {"costs", "readings", "per-unit", "per-outcome", "implied"}
    evidence = {f"evidence-{key}" for key in record["envelope"]["municipalities"]}
    assert tables | {"triangulation"} | evidence <= set(page.tables)
    implied = page.tables["implied"]
    assert len(implied) - 1 == sum(len(m["implied"]) for m in record["municipalities"])


@pytest.mark.slow
def test_bundled_report_readings_match_the_json(tmp_path, capsys) -> None:
    """The readings table and the range across readings equal the JSON of the same run."""
    page, record = _page_and_json(tmp_path, capsys)
    _check_readings(page, record)
    unused = page.whole_text().partition("central reading does not use")[2]
    assert "København, read as '2022'" in unused
    assert "København, read as 'frame'" in unused


def test_bundled_report_words_match_the_markdown(tmp_path, capsys) -> None:
    """No ± after a median, no "hard range"; errors, ratio caveat, rule and gaps stand apart."""
    page, record = _page_and_json(tmp_path, capsys)
    text = page.whole_text()
    assert not re.search(r"\d\s*±", text)
    assert "±" not in text
    assert "hard range" not in text.lower()
    assert "central reading" in text
    assert "rounded to three significant digits" in text
    assert "Monte Carlo standard error" in page.paragraphs["mc-errors"]
    assert not any("repatriated" in column for column in page.tables["costs"][0])
    assert "Cost per repatriated person (a ratio, not an effect)" in page.headings
    rule = record["municipalities"][0]["crosschecks"][0]["agreement"]["rule"]
    assert f"Verdict rule: {rule}." in text
    costs, gaps = text.partition("Costs not counted")[2].partition("Data gaps")[::2]
    gap = record["municipalities"][2]["data_gaps"][0]
    assert gap in gaps
    assert gap not in costs
    assert "interpreter fees (Odense, Aalborg)" in costs


@pytest.mark.slow
def test_evidence_is_grouped_by_municipality_with_numbered_sources(tmp_path, capsys) -> None:
    """One evidence table per municipality under its name; each source cell is a number
    into the one list of sources, which names each source once."""
    page, record = _page_and_json(tmp_path, capsys)
    names = [m["name"] for m in record["municipalities"]]
    headings = page.headings
    assert [h for h in headings if h in names] == names
    for key in record["envelope"]["municipalities"]:
        table = page.tables[f"evidence-{key}"]
        assert table[0] == ["record", "figure", "qualifier", "source"]
        assert all(re.fullmatch(r"\[\d+\]", row[3]) for row in table[1:])
    listed = [line for line in page.whole_text().partition("Sources")[2].splitlines() if line]
    sources = {s for m in record["municipalities"] for s in m["sources"]}
    assert len(listed) == len(set(listed))  # each source listed once
    assert sources <= set(listed)


def test_scenario_file_report_tables_match_the_json(tmp_path, capsys) -> None:
    """A scenario file gives a page for its own municipalities."""
    page, record = _page_and_json(tmp_path, capsys, "--scenario", str(SCENARIO))
    _check_tables(page, record)
    assert len(page.tables["costs"]) == len(record["municipalities"]) + 2
    assert "readings" not in record
    assert "readings" not in page.tables
    assert record["overrides"]
    assert "Assumptions changed from the defaults" in page.headings
    for changed in record["overrides"]:
        assert f"{changed['name']}: {changed['rationale']}" in page.whole_text()


@pytest.mark.slow
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


@pytest.mark.slow
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


def test_text_numbers_align_right_and_unknown_columns_are_refused() -> None:
    """A column named numeric is right-aligned in HTML and Markdown; a wrong name is refused."""
    table = Table(("town", "median"), (("Odense", "639,000"),), numeric=("median",))
    assert '<td>Odense</td><td class="num">639,000</td>' in html_table(table)
    assert table.to_markdown().splitlines()[1] == "|---|---:|"
    with pytest.raises(RepatcostError, match="numeric"):
        Table(("town",), (("Odense",),), numeric=("median",))
