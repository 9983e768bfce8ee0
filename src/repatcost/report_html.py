"""The report as one self-contained HTML file, for readers who do not run Python.

:func:`render_html` formats a typed :class:`~repatcost.study_report.StudyReport` (and the
run across readings, when given) with the words and rounded figures of the Markdown report
(:mod:`repatcost.report_text`, their one home): the cost table, the range across readings,
ratios, implied quantities, triangulation, flags, what is not included and the evidence
with its sources. Charts are inline SVG (matplotlib's SVG backend) when the
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
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from repatcost import report_text as text
from repatcost.across_readings import ReadingsResult
from repatcost.display import html_table
from repatcost.report import evidence_table
from repatcost.report_answer import Answer
from repatcost.report_outline import Block, Item, Outline, Section, build_outline
from repatcost.study import Study
from repatcost.study_report import StudyReport
from repatcost.tables import Table

if TYPE_CHECKING:
    from matplotlib.figure import Figure as Chart

__all__ = [
    "MIN_CHART_TEXT_PX",
    "NO_CHARTS",
    "chart_min_width",
    "chart_svg",
    "render_html",
    "report_charts",
]

EVIDENCE_TITLE = "Evidence, by municipality"
SOURCES_TITLE = "Sources"

NO_CHARTS = (
    'Charts need matplotlib, which is not installed (pip install "repatcost[plot]"); '
    "this report holds the tables only."
)

MIN_CHART_TEXT_PX = 9.5
"""Smallest size (CSS px) of a chart's text on screen: a chart never shrinks below the width
that keeps its smallest text this large; on a narrow screen it scrolls in its own box."""

_STYLE = """
body { font-family: sans-serif; max-width: 70em; margin: 2em auto; padding: 0 1em;
  line-height: 1.4; }
h1 { font-size: 1.6em; } h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
p, li { overflow-wrap: break-word; }
.table-box, .chart-box { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; margin: 1em 0; }
caption { text-align: left; font-weight: bold; padding: 0.3em 0; }
th, td { border-bottom: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left;
  vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
p.note { font-size: 0.9em; color: #444; }
figure { margin: 1.5em 0; } figure svg { display: block; max-width: 100%; height: auto; }
ol.sources { font-size: 0.9em; }
@media (max-width: 40em) {
  body { margin: 1em auto; padding: 0 0.75em; } h1 { font-size: 1.3em; }
  th, td { padding: 0.2em 0.4em; }
}
@page { size: A4; margin: 15mm 14mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 9.5pt; }
  .table-box, .chart-box { overflow: visible; }
  table, figure, tr, li { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  figure svg { min-width: 0 !important; width: 100%; }
  h2 { break-before: auto; }
}
"""


def chart_min_width(chart: Chart) -> int:
    """The narrowest width (CSS px) at which ``chart``'s smallest text is still
    :data:`MIN_CHART_TEXT_PX` on screen (its SVG is drawn in points, one unit a point)."""
    from matplotlib.text import Text

    sizes = [
        float(t.get_fontsize()) for t in chart.findobj(Text) if t.get_visible() and t.get_text()
    ]
    smallest = min(sizes, default=10.0)
    return math.ceil(MIN_CHART_TEXT_PX * chart.get_figwidth() * 72 / smallest)


def chart_svg(chart: Chart) -> str:
    """``chart`` as an inline ``<svg>`` element (fixed ids and no date: same bytes each run);
    its text stays text (selectable, read aloud, sized by :func:`chart_min_width`)."""
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": "repatcost", "svg.fonttype": "none"}):
        chart.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def _chart(chart: Chart) -> str:
    """A chart in its own scrolling box, never narrower than :func:`chart_min_width`."""
    svg = chart_svg(chart).replace(
        "<svg ", f'<svg style="min-width: {chart_min_width(chart)}px" ', 1
    )
    return f'<figure><div class="chart-box">{svg}</div></figure>'


def _boxed(table: str) -> str:
    """A table in its own box, which scrolls sideways when the screen is narrower."""
    return f'<div class="table-box">\n{table}\n</div>'


def _evidence(study: Study) -> list[str]:
    """The evidence grouped by municipality, each record's source a numbered note below."""
    table = evidence_table(study, plain=True)
    sources: dict[str, int] = {}
    lines = [f"<h2>{html.escape(EVIDENCE_TITLE)}</h2>"]
    for m in study.municipalities:
        rows = [
            (r[2], r[3], r[4], f"[{sources.setdefault(str(r[5]), len(sources) + 1)}]")
            for r in table.rows
            if r[0] == m.name
        ]
        lines.append(f"<h3>{html.escape(m.name)}</h3>")
        evidence = Table(("record", "figure", "qualifier", "source"), rows)
        lines.append(_boxed(html_table(evidence, table_id=f"evidence-{m.key}")))
    notes = [f'<li id="source-{n}">{html.escape(s)}</li>' for s, n in sources.items()]
    return [
        *lines,
        f"<h3>{SOURCES_TITLE}</h3>",
        '<ol id="sources" class="sources">',
        *notes,
        "</ol>",
    ]


def _p(text: str, css: str | None = None, ident: str | None = None) -> str:
    attributes = (f' class="{css}"' if css else "") + (f' id="{ident}"' if ident else "")
    return f"<p{attributes}>{html.escape(text)}</p>"


def _list(block: Block) -> list[str]:
    """A list block; an item's sub-items as a nested list."""
    items = block.items or (Item(block.empty),)
    out = []
    for item in items:
        nested = "".join(f"<li>{html.escape(x)}</li>" for x in item.subitems)
        out.append(
            f"<li>{html.escape(item.text)}" + (f"<ul>{nested}</ul>" if nested else "") + "</li>"
        )
    return ["<ul>", *out, "</ul>"]


def _block(block: Block) -> list[str]:
    """One block of the outline as HTML."""
    if block.kind == "table" and block.table is not None:
        return [_boxed(html_table(block.table, table_id=block.ident))]
    if block.kind == "subheading":
        return [f"<h3>{html.escape(block.text)}</h3>"]
    if block.kind == "list":
        return _list(block)
    return [_p(block.text, block.css, block.ident)]


def _section(section: Section) -> list[str]:
    """A section of the outline, its id on the element."""
    heading = [f"<h2>{html.escape(section.title)}</h2>"] if section.title else []
    body = [line for block in section.blocks for line in _block(block)]
    return [f'<section id="{html.escape(section.id)}">', *heading, *body, "</section>"]


def _body(outline: Outline, charts: Sequence[Any] | None, study: Study) -> list[str]:
    """The outline's sections, the charts after the costs, the evidence at the end."""
    figures = [_chart(c) for c in charts or ()] if charts is not None else [_p(NO_CHARTS, "note")]
    body = [f"<h1>{html.escape(outline.title)}</h1>"]
    for section in outline.sections:
        body += _section(section)
        if section.id == "costs":
            body += ['<section id="charts">', *figures, "</section>"]
    return [*body, '<section id="evidence">', *_evidence(study), "</section>"]


def render_html(
    report: StudyReport,
    study: Study,
    *,
    charts: Sequence[Any] | None,
    across: ReadingsResult | None = None,
    findings: Sequence[text.Finding] = (),
    answer: Answer | None = None,
) -> str:
    """The report as a self-contained HTML page, opening with ``answer`` when given.
    ``charts``: matplotlib figures to inline as SVG (empty for none); None when matplotlib
    is missing (the page says so). With ``across`` (the run across readings whose central
    run gave ``report``) the page shows the range across readings, as the Markdown report
    does, and counts it in "adjust later"; ``findings`` follow the triangulation."""
    if across is not None and not report.readings_counted:
        report = report.with_readings(across.envelope(report.level))
    outline = build_outline(report, across=across, findings=findings, answer=answer)
    body = _body(outline, charts, study)
    head = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(report.title)}</title>\n<style>{_STYLE}</style>\n</head>\n"
    )
    return head + "<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"


def report_charts(
    result: Any, level: float, across: ReadingsResult | None = None, ranking: Any = None
) -> list[Any] | None:
    """The charts of the HTML report for a run (and its run across readings, shown on the
    interval chart), or None without matplotlib. ``ranking``: the tornado of the total when
    already computed (the summary's), else computed here."""
    from repatcost import plotting

    try:
        plotting.require_matplotlib()
    except plotting.PlottingUnavailable:
        return None
    from repatcost.sensitivity import tornado

    return [
        plotting.interval_chart(result, level=level, across=across),
        plotting.tornado_chart(
            tornado(result.study, "total") if ranking is None else ranking,
            top=10,
            labels=plotting.input_labels(result.study),
        ),
    ]
