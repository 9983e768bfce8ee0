"""The report of a study run, in every format: Markdown, CSV, JSON and LaTeX.

Every renderer formats the typed report (:meth:`StudyResult.report()
<repatcost.study.StudyResult.report>`, a :class:`~repatcost.study_report.StudyReport` built
once); none computes a figure. :func:`study_record` gives the JSON-ready dict (the CLI's
``--format json``); :func:`study_table` the one-row-per-municipality table behind CSV and
LaTeX, with the columns of :meth:`StudyReport.to_records`. Money is in the study's currency
at its price year; intervals are equal-tailed; the hard range is what no combination of
inputs within their bounds can leave.

>>> from repatcost.data import bundled_study
>>> result = bundled_study().run(2_000, seed=3)
>>> record = study_record(result, level=0.9)
>>> record["price_year"], record["samples"], record["seed"]
(2023, 2000, 3)
>>> [m["code"] for m in record["municipalities"]]
[101, 751, 461, 851]
"""

from __future__ import annotations

import enum
import json
from collections.abc import Sequence
from typing import Any

import attrs

from repatcost import report_text as text
from repatcost.across_readings import ReadingsResult, readings_record
from repatcost.agreement import Agreement
from repatcost.estimate import Estimate
from repatcost.report_text import Finding
from repatcost.study import Study, StudyResult
from repatcost.study_report import (
    ADJUST_LATER_THRESHOLD,
    Figure,
    Row,
    StudyReport,
    summary_record,
)
from repatcost.tables import Format, Table, markdown_inline

__all__ = [
    "ADJUST_LATER_THRESHOLD",
    "estimate_record",
    "evidence_table",
    "render_report",
    "render_study",
    "report_dict",
    "study_record",
    "study_table",
]


def estimate_record(estimate: Estimate, level: float) -> dict[str, Any]:
    """Median, mean, interval at ``level``, hard range and Monte Carlo errors as floats."""
    return summary_record(estimate.summary(level))


def _ratios(row: Row, report: StudyReport) -> dict[str, Any]:
    decl = report.declarations
    out: dict[str, Any] = {decl.per_unit: _maybe(row.per_unit)}
    if decl.per_outcome is not None:
        out[decl.per_outcome] = _maybe(row.per_outcome)
    if row.per_attributed is not None and decl.per_attributed is not None:
        out[decl.per_attributed] = row.per_attributed.record()
    return out


def _maybe(figure: Figure | None) -> dict[str, Any] | None:
    return None if figure is None else figure.record()


def _implied_dict(figure: Figure) -> dict[str, Any]:
    return {
        **figure.record(),
        "plausible": None if figure.plausible is None else list(figure.plausible),
        "share_plausible": figure.share_plausible,
        "plausible_note": figure.note or None,
        "flag": figure.flag,
    }


def _agreement_dict(a: Agreement) -> dict[str, Any]:
    return {
        "reported_quantile": a.reported_quantile,
        "ratio": {
            "median": a.ratio_median,
            "interval": None if a.ratio_interval is None else list(a.ratio_interval),
        },
        "verdict": a.verdict.value,
        "rule": a.rule,
        "overlap": a.overlap,
        "p_greater": a.p_greater,
    }


def _municipality_dict(row: Row, report: StudyReport) -> dict[str, Any]:
    assert row.recurring is not None
    assert row.one_off is not None
    return {
        "name": row.name,
        "code": row.code,
        "method": row.method,
        **summary_record(row.cost.summary),
        "components": dict(row.components),
        "recurring": summary_record(row.recurring.summary),
        "one_off": summary_record(row.one_off.summary),
        **_ratios(row, report),
        "implied": {f.name.rpartition(".")[2]: _implied_dict(f) for f in row.implied},
        "crosschecks": [
            {
                "method": c.method,
                **summary_record(c.summary),
                "agreement": _agreement_dict(c.agreement),
            }
            for c in row.crosschecks
        ],
        "relative_width": row.relative_width,
        "adjust_later": row.adjust_later,
        "flags": list(row.flags),
        "leaves_out": list(row.leaves_out),
        "data_gaps": list(row.data_gaps),
        "sources": list(row.sources),
    }


def report_dict(report: StudyReport) -> dict[str, Any]:
    """The typed report as the JSON-ready dict (shape documented in the README)."""
    out: dict[str, Any] = {
        "title": report.title,
        "price_year": report.price_year,
        "currency": report.currency,
        "level": report.level,
        "samples": report.samples,
        "seed": report.seed,
        "adjust_threshold": report.adjust_threshold,
        "municipalities": [_municipality_dict(row, report) for row in report.rows],
        "total": {
            **summary_record(report.total.cost.summary),
            **_ratios(report.total, report),
            "relative_width": report.total.relative_width,
            "adjust_later": report.total.adjust_later,
        },
    }
    out["overrides"] = [{"name": n, "rationale": why} for n, why in report.overrides]
    out["plausibility_flags"] = list(report.input_flags)
    if report.unreported:
        out["unreported"] = list(report.unreported)
    if report.tolerance is not None:
        out["tolerance"] = report.tolerance
        out["max_relative_mc_error"] = report.max_relative_mc_error
    return out


def study_record(
    result: StudyResult, *, level: float = 0.9, adjust_threshold: float = ADJUST_LATER_THRESHOLD
) -> dict[str, Any]:
    """The run as a JSON-ready dict (shape documented in the README)."""
    return report_dict(result.report(level=level, adjust_threshold=adjust_threshold))


def study_table(
    result: StudyResult, *, level: float = 0.9, adjust_threshold: float = ADJUST_LATER_THRESHOLD
) -> Table:
    """One row per municipality and a total row: the columns of
    :meth:`~repatcost.study_report.StudyReport.to_records`."""
    report = result.report(level=level, adjust_threshold=adjust_threshold)
    return report.table()


def _main_table(report: StudyReport) -> list[str]:
    return [
        f"# {markdown_inline(report.title)}",
        "",
        markdown_inline(text.intro(report)),
        "",
        text.costs_table(report).to_markdown(),
        "",
        markdown_inline(text.mc_error_note(report)),
    ]


def _section(table: Table | None, *after: str) -> list[str]:
    """A table under its title as a heading, and the lines after it."""
    if table is None:
        return []
    return ["", f"## {markdown_inline(table.title)}", "", table.to_markdown(), *after]


def _per_outcome_section(report: StudyReport) -> list[str]:
    table = text.per_outcome_table(report)
    if table is None:
        return []
    intro = ["", markdown_inline(text.per_outcome_intro(report))]
    return ["", f"## {markdown_inline(table.title)}", *intro, "", table.to_markdown()]


def _triangulation(report: StudyReport) -> list[str]:
    rule = text.verdict_rule(report)
    after = ["", markdown_inline(rule)] if rule else []
    return _section(text.triangulation_table(report), *after)


def _closing(report: StudyReport, findings: Sequence[Finding] = ()) -> list[str]:
    flags = text.flags(report, findings)
    lines = (
        ["", f"## {text.FLAGS_TITLE}", "", *(markdown_inline(f"- {f}") for f in flags)]
        if flags
        else []
    )
    if report.overrides:
        lines += ["", f"## {text.overrides_title(report)}", ""]
        lines += [markdown_inline(f"- {x}") for x in text.overrides(report)]
    lines += _not_included(report)
    one_off = text.one_off_sentence(report)
    return lines + ([] if one_off is None else ["", markdown_inline(one_off)])


def _not_included(report: StudyReport) -> list[str]:
    left_out = [markdown_inline(f"- {x}") for x in text.costs_not_counted(report)]
    gaps = [markdown_inline(f"- {x}") for x in text.data_gaps(report)]
    lines = ["", f"## {text.NOT_INCLUDED_TITLE}", "", text.COSTS_NOT_COUNTED, ""]
    lines += left_out or [f"- {text.NOTHING_NOTED}"]
    lines += ["", text.DATA_GAPS, ""]
    lines += gaps or [f"- {text.NONE_NOTED}"]
    unreported = text.unreported_sentence(report)
    return lines + ([] if unreported is None else ["", markdown_inline(unreported)])


def _readings_section(across: ReadingsResult, level: float) -> list[str]:
    table = text.readings_report_table(across, level)
    lines = ["", f"## {table.title}", "", markdown_inline(text.readings_intro(across, level))]
    lines += ["", table.to_markdown(), "", markdown_inline(text.envelope_sentence(across, level))]
    unused = [markdown_inline(f"- {x}") for x in text.unused_figures(across)]
    return lines + (["", text.UNUSED_TITLE, "", *unused] if unused else [])


def _findings(findings: Sequence[Finding]) -> list[str]:
    """Each finding under its heading; a line led by two spaces is a sub-item."""
    if not findings:
        return []
    lines = ["", f"## {text.FINDINGS_TITLE}"]
    for finding in findings:
        lines += ["", f"### {markdown_inline(finding.title)}", ""]
        lines += [
            markdown_inline(f"  - {x.strip()}" if x.startswith("  ") else f"- {x}")
            for x in finding.lines
        ]
    return lines


def _markdown(
    report: StudyReport, across: ReadingsResult | None = None, findings: Sequence[Finding] = ()
) -> str:
    lines = [
        *_main_table(report),
        *([] if across is None else _readings_section(across, report.level)),
        *_section(
            text.per_unit_table(report),
            "",
            markdown_inline(text.per_unit_intro(report)),
        ),
        *_per_outcome_section(report),
        *_section(text.implied_table(report)),
        *_triangulation(report),
        *_findings(findings),
        *_closing(report, findings),
    ]
    return "\n".join(lines) + "\n"


def render_study(
    result: StudyResult,
    fmt: Format = "markdown",
    *,
    level: float = 0.9,
    adjust_threshold: float = ADJUST_LATER_THRESHOLD,
    across: ReadingsResult | None = None,
) -> str:
    """The run's report as text in ``fmt`` (markdown, csv, json or latex); with ``across``
    (the run across readings whose central run is ``result``) the readings too."""
    report = result.report(level=level, adjust_threshold=adjust_threshold)
    return render_report(report, fmt, across=across)


def render_report(
    report: StudyReport,
    fmt: Format = "markdown",
    *,
    across: ReadingsResult | None = None,
    findings: Sequence[Finding] = (),
) -> str:
    """A typed report as text in ``fmt`` (markdown, csv, json or latex); JSON and Markdown
    show the readings of ``across`` when given, Markdown the ``findings``, and every format
    counts its range across readings in "adjust later"
    (:meth:`~repatcost.study_report.StudyReport.with_readings`)."""
    if across is not None and not report.readings_counted:
        report = report.with_readings(across.envelope(report.level))
    if fmt == "json":
        record = report_dict(report)
        if across is not None:
            record |= readings_record(across, report.level)
        return json.dumps(record, ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        return _markdown(report, across, findings)
    return report.table().render(fmt) + ("" if fmt == "csv" else "\n")


def _number(value: float) -> str:
    return format(value, ",.15g")


def _qualifier_text(record: Any) -> str:
    """How a record's figure is qualified, in words: a bound or a range replaces the
    qualifier (it sets the figure's distribution), a precision or own spread follows it.

    >>> from repatcost.evidence import Period, Source, Volume
    >>> almost = Volume(value=1500, at_most=True, range=[1463, 1499],
    ...                 period=Period.calendar_year(2015), source=Source(section="2"))
    >>> _qualifier_text(almost)
    'at most, range 1,463 - 1,499'
    """
    qualifier = getattr(record, "qualifier", None)
    bound = [
        w
        for w, k in (("at least", "at_least"), ("at most", "at_most"))
        if getattr(record, k, None)
    ]
    pair = getattr(record, "range", None)
    parts = bound + ([f"range {_number(pair[0])} - {_number(pair[1])}"] if pair else [])
    if not parts and qualifier is not None:
        precision = getattr(record, "precision", None)
        parts = [qualifier.value + ("" if precision is None else f" to {_number(precision)}")]
    spread = getattr(record, "spread", None)
    return ", ".join(parts + ([] if spread is None else [f"spread {spread:g}"]))


def _figure_text(record: Any) -> str:
    skip = {"source", "qualifier", "precision", "range", "at_least", "at_most", "spread"}
    parts = []
    for field in attrs.fields(type(record)):
        if field.name in skip:
            continue
        value = getattr(record, field.name)
        if value is None:
            continue
        if isinstance(value, enum.Enum):
            value = value.value
        elif isinstance(value, frozenset):
            value = "+".join(sorted(v.value for v in value))
        elif isinstance(value, float) and value.is_integer():
            value = int(value)
        parts.append(f"{field.name}={value}")
    return "; ".join(parts)


def evidence_table(study: Study) -> Table:
    """Every evidence record of ``study``: municipality, kind, figure, qualifier, source."""
    rows = []
    for m in study.municipalities:
        for record in m.evidence:
            q_text = _qualifier_text(record)
            rows.append(
                (
                    m.name,
                    m.code,
                    type(record).__name__,
                    _figure_text(record),
                    q_text or None,
                    str(record.source),
                )
            )
    return Table(
        ("municipality", "code", "record", "figure", "qualifier", "source"),
        rows,
        title=f"Evidence: {study.title}",
    )
