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
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs

from repatcost import report_text as text
from repatcost.across_readings import ReadingsResult
from repatcost.display import html_table
from repatcost.report import evidence_table
from repatcost.study import Study
from repatcost.study_report import StudyReport
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


def _p(text: str, css: str | None = None, ident: str | None = None) -> str:
    attributes = (f' class="{css}"' if css else "") + (f' id="{ident}"' if ident else "")
    return f"<p{attributes}>{html.escape(text)}</p>"


def _list(items: Sequence[str], empty: str) -> list[str]:
    listed = [f"<li>{html.escape(x)}</li>" for x in items] or [f"<li>{html.escape(empty)}</li>"]
    return ["<ul>", *listed, "</ul>"]


def _section(table: Table | None, table_id: str, *paragraphs: str) -> list[str]:
    """A table under its title as a heading, with paragraphs between them."""
    if table is None:
        return []
    heading = f"<h2>{html.escape(table.title)}</h2>"
    body = html_table(attrs.evolve(table, title=""), table_id=table_id)
    return [heading, *(_p(x) for x in paragraphs), body]


def _readings(across: ReadingsResult, level: float) -> list[str]:
    table = text.readings_report_table(across, level)
    lines = _section(table, "readings", text.readings_intro(across, level))
    lines.append(_p(text.envelope_sentence(across, level), ident="envelope"))
    unused = text.unused_figures(across)
    return lines + ([_p(text.UNUSED_TITLE), *_list(unused, "")] if unused else [])


def _per_outcome(report: StudyReport) -> list[str]:
    table = text.per_outcome_table(report)
    if table is None:
        return []
    return _section(table, "per-outcome", text.per_outcome_intro(report))


def _ratios_and_checks(report: StudyReport) -> list[str]:
    rule = text.verdict_rule(report)
    return [
        *_section(text.per_unit_table(report), "per-unit"),
        *_per_outcome(report),
        *_section(text.implied_table(report), "implied"),
        *_section(text.triangulation_table(report), "triangulation"),
        *([] if rule is None else [_p(rule)]),
    ]


def _overrides(report: StudyReport) -> list[str]:
    changed = text.overrides(report)
    return [f"<h2>{text.OVERRIDES_TITLE}</h2>", *_list(changed, "")] if changed else []


def _closing(report: StudyReport) -> list[str]:
    one_off = text.one_off_sentence(report)
    return [
        f"<h2>{text.FLAGS_TITLE}</h2>",
        *_list(text.flags(report), text.NOTHING_NOTED),
        *_overrides(report),
        f"<h2>{text.NOT_INCLUDED_TITLE}</h2>",
        f"<h3>{html.escape(text.COSTS_NOT_COUNTED.rstrip(':'))}</h3>",
        *_list(text.costs_not_counted(report), text.NOTHING_NOTED),
        f"<h3>{html.escape(text.DATA_GAPS.rstrip(':'))}</h3>",
        *_list(text.data_gaps(report), text.NONE_NOTED),
        *([] if one_off is None else [_p(one_off)]),
    ]


def _intro(report: StudyReport) -> list[str]:
    return [
        f"<h1>{html.escape(report.title)}</h1>",
        _p(text.intro(report)),
        html_table(text.costs_table(report), table_id="costs"),
        _p(text.mc_error_note(report), "note", "mc-errors"),
    ]


def render_html(
    report: StudyReport,
    study: Study,
    *,
    charts: Sequence[Any] | None,
    across: ReadingsResult | None = None,
) -> str:
    """The report as a self-contained HTML page. ``charts``: matplotlib figures to inline
    as SVG (empty for none); None when matplotlib is missing (the page says so). With
    ``across`` (the run across readings whose central run gave ``report``) the page shows
    the range across readings, as the Markdown report does."""
    figures = [f"<figure>{chart_svg(c)}</figure>" for c in charts or ()]
    body = [
        *_intro(report),
        *(figures if charts is not None else [_p(NO_CHARTS, "note")]),
        *([] if across is None else _readings(across, report.level)),
        *_ratios_and_checks(report),
        *_closing(report),
        "<h2>Sources</h2>",
        html_table(evidence_table(study), table_id="sources"),
    ]
    head = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(report.title)}</title>\n<style>{_STYLE}</style>\n</head>\n"
    )
    return head + "<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"


def report_charts(
    result: Any, level: float, across: ReadingsResult | None = None
) -> list[Any] | None:
    """The charts of the HTML report for a run (and its run across readings, shown on the
    interval chart), or None without matplotlib."""
    from repatcost import plotting

    try:
        plotting.require_matplotlib()
    except plotting.PlottingUnavailable:
        return None
    from repatcost.sensitivity import tornado

    return [
        plotting.interval_chart(result, level=level, across=across),
        plotting.tornado_chart(
            tornado(result.study, "total"), top=10, labels=plotting.input_labels(result.study)
        ),
    ]
