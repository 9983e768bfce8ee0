"""The report as one self-contained HTML file, for readers who do not run Python.

:func:`render_html` formats a typed :class:`~repatcost.study_report.StudyReport`: the cost
table, ratios, implied quantities, triangulation, flags, what is not included and the
evidence with its sources. Charts are inline SVG (matplotlib's SVG backend) when the
``plot`` extra is installed; without it the file holds the tables and says so. No
JavaScript, no external file: the page opens anywhere.

>>> from repatcost.data import bundled_study
>>> result = bundled_study().run(2_000, seed=3)
>>> page = render_html(result.report(), result.study, charts=())
>>> page.startswith("<!DOCTYPE html>"), "<script" in page
(True, False)
"""

from __future__ import annotations

import html
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from repatcost.display import html_table
from repatcost.outputs import RATIO_CAVEAT
from repatcost.report import evidence_table
from repatcost.study import Study
from repatcost.study_report import RATIO_COLUMNS, Crosscheck, StudyReport
from repatcost.tables import Table

if TYPE_CHECKING:
    from matplotlib.figure import Figure as Chart

__all__ = ["NO_CHARTS", "chart_svg", "render_html", "report_charts"]

NO_CHARTS = (
    'Charts need matplotlib, which is not installed (pip install "repatcost[plot]"); '
    "this report holds the tables only."
)

_STYLE = """
body { font-family: sans-serif; max-width: 70em; margin: 2em auto; padding: 0 1em; }
table { border-collapse: collapse; margin: 1em 0; }
caption { text-align: left; font-weight: bold; padding: 0.3em 0; }
th, td { border-bottom: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
p.note { font-size: 0.9em; color: #444; }
figure { margin: 1.5em 0; } figure svg { max-width: 100%; height: auto; }
"""


def chart_svg(chart: Chart) -> str:
    """``chart`` as an inline ``<svg>`` element (fixed ids and no date: same bytes each run)."""
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": "repatcost", "svg.fonttype": "path"}):
        chart.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg") :]


_IMPLIED_COLUMNS = (
    "name",
    "quantity",
    "unit",
    "median",
    "interval_low",
    "interval_high",
    "plausible_low",
    "plausible_high",
    "flag",
)
_CHECK_COLUMNS = (
    "name",
    "main_method",
    "other_method",
    "other_median",
    "other_low",
    "other_high",
    "overlap",
    "p_main_greater",
    "agree",
)


def _verdict(check: Crosscheck) -> tuple[float, float, bool]:
    a = check.agreement
    return (a.overlap, a.p_greater, a.agree)


def _ratio_table(report: StudyReport) -> Table:
    columns = ("name", *RATIO_COLUMNS)
    rows = [tuple(record[c] for c in columns) for record in report.to_records()]
    return Table(
        columns,
        rows,
        title=f"Per conversation held and per repatriated person (DKK, {report.level:.0%} "
        "intervals)",
        notes=(f"Cost per repatriated person is {RATIO_CAVEAT}.",),
    )


def _implied_table(report: StudyReport) -> Table:
    rows: list[tuple[Any, ...]] = []
    for row in report.rows:
        for f in row.implied:
            plausible = (None, None) if f.plausible is None else f.plausible
            cells = (row.name, f.name.rpartition(".")[2], f.unit, f.median, *f.summary.interval)
            rows.append((*cells, *plausible, f.flag))
    return Table(
        _IMPLIED_COLUMNS,
        rows,
        title="Implied quantities (not in the source; implied by the model)",
    )


def _triangulation_table(report: StudyReport) -> Table:
    rows = [
        (row.name, row.method, c.method, c.summary.median, *c.summary.interval, *_verdict(c))
        for row in report.rows
        for c in row.crosschecks
    ]
    return Table(
        _CHECK_COLUMNS,
        rows,
        title="Triangulation: other estimates of the same cost, on the same draws",
    )


def _items(title: str, items: Sequence[str]) -> list[str]:
    listed = [f"<li>{html.escape(item)}</li>" for item in items] or ["<li>nothing noted</li>"]
    return [f"<h2>{html.escape(title)}</h2>", "<ul>", *listed, "</ul>"]


def _intro(report: StudyReport) -> list[str]:
    text = (
        f"Annual cost, DKK at {report.price_year} prices: median, equal-tailed "
        f"{report.level:.0%} interval and range under the stated bounds (what no combination "
        f"of inputs within their stated bounds can leave; not a limit on the truth) from "
        f"{report.samples:,} Monte Carlo samples "
        f"(seed {report.seed})."
    )
    return [f"<h1>{html.escape(report.title)}</h1>", f"<p>{html.escape(text)}</p>"]


def render_html(report: StudyReport, study: Study, *, charts: Sequence[Any] | None) -> str:
    """The report as a self-contained HTML page. ``charts``: matplotlib figures to inline
    as SVG (empty for none); None when matplotlib is missing (the page says so)."""
    flags = [f"{r.name}: {flag}" for r in report.rows for flag in r.flags]
    if report.total.adjust_later:
        flags.append("Total: adjust later: the interval is wide relative to the median")
    figures = [f"<figure>{chart_svg(c)}</figure>" for c in charts or ()]
    body = [
        *_intro(report),
        html_table(report.summary_table(), table_id="costs"),
        *(figures if charts is not None else [f'<p class="note">{html.escape(NO_CHARTS)}</p>']),
        html_table(_ratio_table(report), table_id="ratios"),
        html_table(_implied_table(report), table_id="implied"),
        html_table(_triangulation_table(report), table_id="triangulation"),
        *_items("Flags", flags),
        *_items(
            "Not included in these figures",
            [f"{r.name}: {item}" for r in report.rows for item in r.leaves_out],
        ),
        "<h2>Sources</h2>",
        html_table(evidence_table(study), table_id="sources"),
    ]
    head = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(report.title)}</title>\n<style>{_STYLE}</style>\n</head>\n"
    )
    return head + "<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"


def report_charts(result: Any, level: float) -> list[Any] | None:
    """The charts of the HTML report for a run, or None without matplotlib."""
    from repatcost import plotting

    try:
        plotting.require_matplotlib()
    except plotting.PlottingUnavailable:
        return None
    from repatcost.sensitivity import tornado

    return [
        plotting.interval_chart(result, level=level),
        plotting.tornado_chart(
            tornado(result.study, "total"), top=10, labels=plotting.input_labels(result.study)
        ),
    ]
