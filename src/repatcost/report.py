"""The report of a study run, in every format: Markdown, CSV, JSON and LaTeX.

Every renderer formats the typed report (:meth:`StudyResult.report()
<repatcost.study.StudyResult.report>`, a :class:`~repatcost.study_report.StudyReport` built
once); none computes a figure. :func:`study_record` gives the JSON-ready dict (the CLI's
``--format json``); :func:`study_table` the one-row-per-municipality table behind CSV and
LaTeX, with the columns of :meth:`StudyReport.to_records`. Money is DKK at the study's price
year; intervals are equal-tailed; the hard range is what no combination of inputs within
their bounds can leave.

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
from typing import Any

import attrs

from repatcost.agreement import Agreement
from repatcost.estimate import Estimate
from repatcost.outputs import RATIO_CAVEAT
from repatcost.study import Study, StudyResult
from repatcost.study_report import (
    ADJUST_LATER_THRESHOLD,
    Figure,
    Row,
    StudyReport,
    summary_record,
)
from repatcost.tables import Format, Table, markdown_cell, markdown_inline

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


def _ratios(row: Row) -> dict[str, Any]:
    out: dict[str, Any] = {
        "cost_per_conversation": _maybe(row.per_conversation),
        "cost_per_repatriated": _maybe(row.per_repatriated),
    }
    if row.per_attributed is not None:
        out["cost_per_attributed_repatriation"] = row.per_attributed.record()
    return out


def _maybe(figure: Figure | None) -> dict[str, Any] | None:
    return None if figure is None else figure.record()


def _implied_dict(figure: Figure) -> dict[str, Any]:
    return {
        **figure.record(),
        "plausible": None if figure.plausible is None else list(figure.plausible),
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


def _municipality_dict(row: Row) -> dict[str, Any]:
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
        **_ratios(row),
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
        "municipalities": [_municipality_dict(row) for row in report.rows],
        "total": {
            **summary_record(report.total.cost.summary),
            **_ratios(report.total),
            "relative_width": report.total.relative_width,
            "adjust_later": report.total.adjust_later,
        },
    }
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


def _money(x: float) -> str:
    return f"{x:,.0f}"


def _span(pair: tuple[float, float] | list[float]) -> str:
    return f"{pair[0]:,.0f} - {pair[1]:,.0f}"


def _median_span(figure: Figure | None) -> str:
    if figure is None:
        return "n/a"
    return f"{_money(figure.median)} ({_span(figure.summary.interval)})"


def _main_table(report: StudyReport, pct: str) -> list[str]:
    lines = [
        f"# {markdown_inline(report.title)}",
        "",
        f"Annual cost, DKK at {report.price_year} prices. Median (± its Monte Carlo "
        f"standard error), equal-tailed {pct} interval and hard range from "
        f"{report.samples:,} Monte Carlo samples (seed {report.seed}).",
        "",
        f"| municipality | code | method | median | {pct} interval | hard range | adjust later |",
        "|---|---:|---|---:|---:|---:|---|",
    ]
    for r in (*report.rows, report.total):
        s = r.cost.summary
        lines.append(
            f"| {markdown_cell(r.name)} | {'' if r.code is None else r.code} | "
            f"{markdown_cell(r.method)} | "
            f"{_money(s.median)} ± {s.median_se:,.0f} | {_span(s.interval)} | "
            f"{_span(s.hard_range)} | {'yes' if r.adjust_later else 'no'} |"
        )
    lines += [
        "",
        f"## Per conversation and per repatriated person ({pct} intervals)",
        "",
        "| municipality | per conversation held | per repatriated person |",
        "|---|---:|---:|",
    ]
    for r in (*report.rows, report.total):
        lines.append(
            f"| {markdown_cell(r.name)} | {_median_span(r.per_conversation)} | "
            f"{_median_span(r.per_repatriated)} |"
        )
    return [*lines, "", f"Cost per repatriated person is {RATIO_CAVEAT}."]


def _implied_table(report: StudyReport, pct: str) -> list[str]:
    implied = [(r.name, f) for r in report.rows for f in r.implied]
    if not implied:
        return []
    lines = [
        "",
        "## Implied quantities (not in the source; implied by the model)",
        "",
        f"| municipality | quantity | median | {pct} interval | plausible range |",
        "|---|---|---:|---:|---:|",
    ]
    for town, f in implied:
        plausible = "n/a" if f.plausible is None else _span(f.plausible)
        lines.append(
            f"| {markdown_cell(town)} | {markdown_cell(f.name.rpartition('.')[2])} "
            f"({markdown_cell(f.unit)}) | {_money(f.median)} | "
            f"{_span(f.summary.interval)} | {plausible} |"
        )
    return lines


def _triangulation_table(report: StudyReport, pct: str) -> list[str]:
    checks = [(r.name, r.method, c) for r in report.rows for c in r.crosschecks]
    if not checks:
        return []
    lines = [
        "",
        "## Triangulation (other estimates of the same cost, same draws)",
        "",
        f"| municipality | estimate | median | {pct} interval | main median's quantile | "
        f"ratio main / other ({pct} interval) | verdict |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for town, main_method, c in checks:
        a = c.agreement
        ratio = f"{a.ratio_median:.2f}" + (
            "" if a.ratio_interval is None else f" ({_ratio_span(a.ratio_interval)})"
        )
        lines.append(
            f"| {markdown_cell(town)} | {markdown_cell(main_method)} (main) vs "
            f"{markdown_cell(c.method)} | "
            f"{_money(c.summary.median)} | {_span(c.summary.interval)} | "
            f"{a.reported_quantile:.2f} | {ratio} | {a.verdict.value} |"
        )
    rule = checks[0][2].agreement.rule
    return [*lines, "", f"Verdict rule: {rule}."]


def _ratio_span(pair: tuple[float, float]) -> str:
    return f"{pair[0]:.2f} - {pair[1]:.2f}"


def _closing(report: StudyReport) -> list[str]:
    flags = [(r.name, flag) for r in report.rows for flag in r.flags]
    if report.total.adjust_later:
        flags.append(("Total", "adjust later: the interval is wide relative to the median"))
    lines = (
        ["", "## Flags", "", *(markdown_inline(f"- {town}: {flag}") for town, flag in flags)]
        if flags
        else []
    )
    left_out = [
        markdown_inline(f"- {r.name}: {item}") for r in report.rows for item in r.leaves_out
    ]
    lines += ["", "## Not included in these figures", "", *(left_out or ["- nothing noted"])]
    one_off = [
        r for r in report.rows if r.one_off is not None and r.one_off.summary.hard_range[1] > 0
    ]
    if one_off:
        listed = ", ".join(f"{r.name} {_money(r.one_off.median)}" for r in one_off if r.one_off)
        lines += ["", markdown_inline(f"One-off costs included above (not recurring): {listed}.")]
    return lines


def _markdown(report: StudyReport) -> str:
    pct = f"{report.level:.0%}"
    lines = [
        *_main_table(report, pct),
        *_implied_table(report, pct),
        *_triangulation_table(report, pct),
        *_closing(report),
    ]
    return "\n".join(lines) + "\n"


def render_study(
    result: StudyResult,
    fmt: Format = "markdown",
    *,
    level: float = 0.9,
    adjust_threshold: float = ADJUST_LATER_THRESHOLD,
) -> str:
    """The run's report as text in ``fmt`` (markdown, csv, json or latex)."""
    report = result.report(level=level, adjust_threshold=adjust_threshold)
    return render_report(report, fmt)


def render_report(report: StudyReport, fmt: Format = "markdown") -> str:
    """A typed report as text in ``fmt`` (markdown, csv, json or latex)."""
    if fmt == "json":
        return json.dumps(report_dict(report), ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        return _markdown(report)
    return report.table().render(fmt) + ("" if fmt == "csv" else "\n")


def _figure_text(record: Any) -> str:
    skip = {"source", "qualifier", "precision"}
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
            qualifier = getattr(record, "qualifier", None)
            precision = getattr(record, "precision", None)
            q_text = "" if qualifier is None else qualifier.value
            if precision is not None:
                q_text += f" to {precision:g}"
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
