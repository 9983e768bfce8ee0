"""The report of a study run: one row per municipality and the total, in every format.

:func:`study_record` gives the JSON-ready dict (the CLI's ``--format json``);
:func:`render_study` renders Markdown, CSV, JSON or LaTeX. Money is DKK at the study's price
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

from repatcost.estimate import Estimate
from repatcost.study import Study, StudyResult
from repatcost.tables import Format, Table

__all__ = [
    "estimate_record",
    "evidence_table",
    "render_study",
    "study_record",
    "study_table",
]


def estimate_record(estimate: Estimate, level: float) -> dict[str, Any]:
    """Median, mean, interval at ``level`` and hard range of ``estimate`` as plain floats."""
    summary = estimate.summary(level)
    return {
        "median": summary.median,
        "mean": summary.mean,
        "interval": list(summary.interval),
        "range": [float(x) for x in summary.hard_range],
    }


def study_record(result: StudyResult, *, level: float = 0.9) -> dict[str, Any]:
    """The run as a JSON-ready dict (shape documented in the README)."""
    municipalities = []
    for m in result.study.municipalities:
        estimate = result.estimates[m.key]
        municipalities.append({
            "name": m.name,
            "code": m.code,
            "method": estimate.method,
            **estimate_record(estimate, level),
            "components": estimate.component_medians(),
            "leaves_out": list(estimate.leaves_out),
            "sources": sorted({str(s) for s in estimate.provenance}),
        })
    return {
        "title": result.study.title,
        "price_year": result.study.assumptions.price_year,
        "currency": "DKK",
        "level": level,
        "samples": result.n,
        "seed": result.seed,
        "municipalities": municipalities,
        "total": estimate_record(result.total, level),
    }


def study_table(result: StudyResult, *, level: float = 0.9) -> Table:
    """One row per municipality and a total row, in DKK at the study's price year."""
    pct = f"{level:.0%}"
    columns = ("municipality", "code", "method", "median_dkk", "mean_dkk",
               f"interval_{pct}_low_dkk", f"interval_{pct}_high_dkk", "range_low_dkk",
               "range_high_dkk")
    rows: list[tuple[Any, ...]] = []
    for m in result.study.municipalities:
        r = estimate_record(result.estimates[m.key], level)
        rows.append((m.name, m.code, result.estimates[m.key].method, r["median"], r["mean"],
                     *r["interval"], *r["range"]))
    total = estimate_record(result.total, level)
    rows.append(("Total", None, "sum of the above", total["median"], total["mean"],
                 *total["interval"], *total["range"]))
    return Table(columns, rows, title=result.study.title)


def _markdown(result: StudyResult, level: float) -> str:
    year = result.study.assumptions.price_year
    pct = f"{level:.0%}"
    lines = [f"# {result.study.title}", "",
             f"Annual cost, DKK at {year} prices. Median, equal-tailed {pct} interval and hard "
             f"range from {result.n:,} Monte Carlo samples (seed {result.seed}).", "",
             "| municipality | code | method | median | " + pct + " interval | hard range |",
             "|---|---:|---|---:|---:|---:|"]
    table = study_table(result, level=level)
    for row in table.rows:
        name, code, method, median, _mean, lo, hi, r_lo, r_hi = row
        code_text = "" if code is None else str(code)
        lines.append(f"| {name} | {code_text} | {method} | {median:,.0f} | "
                     f"{lo:,.0f} - {hi:,.0f} | {r_lo:,.0f} - {r_hi:,.0f} |")
    left_out = [(m.name, item) for m in result.study.municipalities
                for item in result.estimates[m.key].leaves_out]
    if left_out:
        lines += ["", "Not included in these figures:", ""]
        lines += [f"- {name}: {item}" for name, item in left_out]
    return "\n".join(lines) + "\n"


def render_study(result: StudyResult, fmt: Format = "markdown", *, level: float = 0.9) -> str:
    """The run's report as text in ``fmt`` (markdown, csv, json or latex)."""
    if fmt == "json":
        return json.dumps(study_record(result, level=level), ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        return _markdown(result, level)
    table = study_table(result, level=level)
    return table.render(fmt) + ("" if fmt == "csv" else "\n")


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
            rows.append((m.name, m.code, type(record).__name__, _figure_text(record),
                         q_text or None, str(record.source)))
    return Table(("municipality", "code", "record", "figure", "qualifier", "source"), rows,
                 title=f"Evidence: {study.title}")
