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

from repatcost.across_readings import ReadingsResult, readings_record
from repatcost.agreement import Agreement
from repatcost.estimate import Estimate
from repatcost.outputs import RATIO_CAVEAT
from repatcost.readings import SetEstimator
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
        "municipalities": [_municipality_dict(row) for row in report.rows],
        "total": {
            **summary_record(report.total.cost.summary),
            **_ratios(report.total),
            "relative_width": report.total.relative_width,
            "adjust_later": report.total.adjust_later,
        },
    }
    out["overrides"] = [{"name": n, "rationale": why} for n, why in report.overrides]
    out["plausibility_flags"] = list(report.input_flags)
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
    """A figure rounded to three significant digits: what the evidence supports (the
    source's money is rounded to a tenth of a million, its hours are "about")."""
    return f"{float(f'{x:.3g}'):,.0f}" if abs(x) >= 1_000 else f"{x:,.0f}"


def _span(pair: tuple[float, float] | list[float]) -> str:
    return f"{_money(pair[0])} - {_money(pair[1])}"


def _median_span(figure: Figure | None, missing: str = "n/a") -> str:
    if figure is None:
        return missing
    return f"{_money(figure.median)} ({_span(figure.summary.interval)})"


def _main_table(report: StudyReport, pct: str) -> list[str]:
    lines = [
        f"# {markdown_inline(report.title)}",
        "",
        f"Annual cost, DKK at {report.price_year} prices, under the central reading of the "
        f"source: median, equal-tailed {pct} interval (parameter uncertainty) and the range "
        "under the stated bounds (what no combination of inputs within their stated bounds "
        f"can leave; not a limit on the truth), from {report.samples:,} Monte Carlo samples "
        f"(seed {report.seed}). Figures are rounded to three significant digits; the JSON "
        "output keeps full precision.",
        "",
        f"| municipality | code | method | median | {pct} interval | "
        "range under the stated bounds | adjust later |",
        "|---|---:|---|---:|---:|---:|---|",
    ]
    for r in (*report.rows, report.total):
        s = r.cost.summary
        lines.append(
            f"| {markdown_cell(r.name)} | {'' if r.code is None else r.code} | "
            f"{markdown_cell(r.method)} | {_money(s.median)} | {_span(s.interval)} | "
            f"{_span(s.hard_range)} | {'yes' if r.adjust_later else 'no'} |"
        )
    errors = ", ".join(
        f"{r.name} {r.cost.summary.median_se:,.0f}" for r in (*report.rows, report.total)
    )
    note = (
        "Monte Carlo standard error of each median (sampling noise of this run, not the "
        f"uncertainty of the cost), DKK: {errors}."
    )
    return [*lines, "", markdown_inline(note)]


def _per_conversation_table(report: StudyReport, pct: str) -> list[str]:
    lines = [
        "",
        f"## Per conversation held ({pct} intervals)",
        "",
        "| municipality | per conversation held |",
        "|---|---:|",
    ]
    for r in (*report.rows, report.total):
        text = _median_span(r.per_conversation, "n/a (no count: it would restate an assumption)")
        note = r.per_conversation.note if r.per_conversation is not None else ""
        name = f"{r.name} ({note})" if note else r.name
        lines.append(f"| {markdown_cell(name)} | {text} |")
    return lines


def _per_repatriated_section(report: StudyReport, pct: str) -> list[str]:
    lines = [
        "",
        "## Cost per repatriated person (a ratio, not an effect)",
        "",
        f"Annual cost divided by the persons repatriated in {report.price_year} (Table 1 of "
        f"the source). It is {RATIO_CAVEAT}; the conversations of a year may lead to "
        "repatriations in later years, and a count over another period (Aalborg's September "
        "to September) is set against calendar-year repatriations. Read it as a scale, not "
        "as the price of one repatriation.",
        "",
        f"| municipality | per repatriated person ({pct} interval) |",
        "|---|---:|",
    ]
    for r in (*report.rows, report.total):
        lines.append(f"| {markdown_cell(r.name)} | {_median_span(r.per_repatriated)} |")
    return lines


def _implied_table(report: StudyReport, pct: str) -> list[str]:
    implied = [(r.name, f) for r in report.rows for f in r.implied]
    if not implied:
        return []
    lines = [
        "",
        "## Implied quantities (not in the source; implied by the model)",
        "",
        f"| municipality | quantity | median | {pct} interval | plausible range | "
        "share of draws inside |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for town, f in implied:
        plausible = f.note or "none"
        if f.plausible is not None:
            plausible = f"{_span(f.plausible)} ({f.note})" if f.note else _span(f.plausible)
        share = "n/a" if f.share_plausible is None else f"{f.share_plausible:.0%}"
        lines.append(
            f"| {markdown_cell(town)} | {markdown_cell(f.name.rpartition('.')[2])} "
            f"({markdown_cell(f.unit)}) | {_money(f.median)} | "
            f"{_span(f.summary.interval)} | {markdown_cell(plausible)} | {share} |"
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
    flags += [("Inputs", flag) for flag in report.input_flags]
    lines = (
        ["", "## Flags", "", *(markdown_inline(f"- {town}: {flag}") for town, flag in flags)]
        if flags
        else []
    )
    if report.overrides:
        lines += ["", "## Assumptions changed from the defaults", ""]
        lines += [markdown_inline(f"- {name}: {why}") for name, why in report.overrides]
    lines += _not_included(report)
    one_off = [
        r for r in report.rows if r.one_off is not None and r.one_off.summary.hard_range[1] > 0
    ]
    if one_off:
        listed = ", ".join(f"{r.name} {_money(r.one_off.median)}" for r in one_off if r.one_off)
        lines += ["", markdown_inline(f"One-off costs included above (not recurring): {listed}.")]
    return lines


def _not_counted(report: StudyReport) -> list[str]:
    """Costs no estimate of this report counts, by the methods used."""
    rows = [r for r in report.rows if "reported_spending" not in r.method]
    bottom_up = [r.name for r in rows]
    no_fees = [r.name for r in rows if "interpreter_fees" not in r.method]
    out = []
    if no_fees:
        out.append(
            f"interpreter fees ({', '.join(no_fees)}): hours that include interpreting "
            "count the caseworker's time, not the interpreter's fee"
        )
    if bottom_up:
        names = ", ".join(bottom_up)
        out += [
            f"invitation handling and no-shows ({names}): letters, booking and time set "
            "aside for invitations that led to no conversation",
            f"caseworker time beyond the overhead ({names}): supervision, travel and team "
            "meetings about the conversations",
        ]
    return out


def _not_included(report: StudyReport) -> list[str]:
    gaps = [f"- {r.name}: {item}" for r in report.rows for item in r.data_gaps]
    left_out = [f"- {r.name}: {item}" for r in report.rows for item in r.leaves_out]
    left_out += [f"- {item}" for item in _not_counted(report)]
    lines = ["", "## Not included in these figures", "", "Costs not counted:", ""]
    lines += [markdown_inline(x) for x in left_out] or ["- nothing noted"]
    lines += ["", "Data gaps (figures the source could not give, not costs):", ""]
    return lines + ([markdown_inline(x) for x in gaps] or ["- none noted"])


def _readings_section(across: ReadingsResult, pct: str, level: float) -> list[str]:
    envelope = across.envelope(level)
    lines = [
        "",
        "## Range across readings",
        "",
        f"The {pct} intervals above hold one reading of the source. Read differently "
        "(each alternative below, one at a time, on the same draws, and the extremes "
        f"together), the total ranges over {_span(envelope['total'])} DKK: the lowest lower "
        f"end to the highest upper end of every {pct} interval.",
        "",
        "| reading | alternative | total median | change from central | most affected | "
        "its median | its change |",
        "|---|---|---:|---:|---|---:|---:|",
    ]
    names = {m.key: m.name for m in across.central.study.municipalities}
    for row in across.rows(level):
        lines.append(
            f"| {markdown_cell(row.reading)} | {markdown_cell(row.label)} | "
            f"{_money(row.total.median)} | {_signed(row.change)} ({row.relative:+.0%}) | "
            f"{markdown_cell(names[row.municipality])} | {_money(row.municipality_median)} | "
            f"{_signed(row.municipality_change)} |"
        )
    towns = ", ".join(f"{names[k]} {_span(v)}" for k, v in envelope["municipalities"].items())
    lines += ["", markdown_inline(f"Range across readings by municipality: {towns}.")]
    return lines + _unused_figures(across, names)


def _unused_figures(across: ReadingsResult, names: dict[str, str]) -> list[str]:
    """Reported figures the central reading leaves aside (another estimator's figure), and
    what they would give."""
    lines = []
    for run in across.runs:
        changes = [c for c in run.alternative.changes if isinstance(c, SetEstimator)]
        if run.is_central or not changes:
            continue
        town = changes[0].municipality
        median = run.result.estimates[town].median
        lines.append(
            markdown_inline(
                f"- {names[town]}, {run.reading.name} = {run.alternative.label}: "
                f"{run.alternative.rationale} It would give {_money(median)} for "
                f"{names[town]} and {_money(run.result.total.median)} in total."
            )
        )
    if not lines:
        return []
    return ["", "Figures of the source the central reading does not use:", "", *lines]


def _signed(x: float) -> str:
    text = _money(abs(x))
    return text if text == "0" else ("+" if x > 0 else "-") + text


def _markdown(report: StudyReport, across: ReadingsResult | None = None) -> str:
    pct = f"{report.level:.0%}"
    lines = [
        *_main_table(report, pct),
        *([] if across is None else _readings_section(across, pct, report.level)),
        *_per_conversation_table(report, pct),
        *_per_repatriated_section(report, pct),
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
    across: ReadingsResult | None = None,
) -> str:
    """The run's report as text in ``fmt`` (markdown, csv, json or latex); with ``across``
    (the run across readings whose central run is ``result``) the readings too."""
    report = result.report(level=level, adjust_threshold=adjust_threshold)
    return render_report(report, fmt, across=across)


def render_report(
    report: StudyReport, fmt: Format = "markdown", *, across: ReadingsResult | None = None
) -> str:
    """A typed report as text in ``fmt`` (markdown, csv, json or latex); JSON and Markdown
    show the readings of ``across`` when given."""
    if fmt == "json":
        record = report_dict(report)
        if across is not None:
            record |= readings_record(across, report.level)
        return json.dumps(record, ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        return _markdown(report, across)
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
