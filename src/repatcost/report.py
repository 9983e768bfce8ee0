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

from repatcost.agreement import Agreement, agreement
from repatcost.derived import (
    RATIO_CAVEAT,
    Implied,
    cost_per_attributed,
    cost_per_conversation,
    cost_per_repatriated,
    implied_quantities,
    recurring_and_one_off,
    total_per_conversation,
    total_per_repatriated,
)
from repatcost.estimate import Estimate, Summary
from repatcost.study import Study, StudyResult
from repatcost.tables import Format, Table

__all__ = [
    "ADJUST_LATER_THRESHOLD",
    "estimate_record",
    "evidence_table",
    "render_study",
    "study_record",
    "study_table",
]

ADJUST_LATER_THRESHOLD = 0.5
"""An estimate is flagged "adjust later" when its interval is wider than this share of its
median (at the report's level). Danish DUT practice agrees uncertain compensation estimates
subject to later adjustment (efterregulering); 0.5 (a 90% interval spanning half the median)
is an unsourced estimate of where that becomes prudent. Configurable per report."""


def estimate_record(estimate: Estimate, level: float) -> dict[str, Any]:
    """Median, mean, interval at ``level``, hard range and Monte Carlo errors as floats."""
    return _summary_record(estimate.summary(level))


def _summary_record(summary: Summary) -> dict[str, Any]:
    return {
        "median": summary.median,
        "mean": summary.mean,
        "interval": list(summary.interval),
        "range": [float(x) for x in summary.hard_range],
        "mc_error": {"median": summary.median_se, "interval": list(summary.interval_se)},
    }


def _ratio(
    estimate: Estimate | None, level: float, unit: str, caveat: str | None = None
) -> dict[str, Any] | None:
    if estimate is None:
        return None
    record = {**estimate_record(estimate, level), "unit": unit}
    if caveat:
        record["caveat"] = caveat
    return record


def _flags(
    summary_width: float, threshold: float, implied: list[Implied], checks: list[Agreement]
) -> list[str]:
    flags = []
    if summary_width > threshold:
        flags.append(
            f"adjust later: the interval spans {summary_width:.0%} of the median "
            f"(threshold {threshold:.0%})"
        )
    flags += [f"{item.name}: {item.flag}" for item in implied if item.flag]
    flags += [f"triangulation: {a.describe()}" for a in checks if not a.agree]
    return flags


def _municipality_record(
    result: StudyResult, key: str, level: float, threshold: float
) -> dict[str, Any]:
    m = result.study.municipality(key)
    estimate = result.estimates[key]
    summary = estimate.summary(level)
    base = _summary_record(summary)
    recurring, one_off = recurring_and_one_off(result, key)
    implied = implied_quantities(result, key)
    checks = [agreement(estimate, other, level=level) for other in result.crosschecks.get(key, ())]
    width = summary.relative_width
    attributed = cost_per_attributed(result, key)
    return {
        "name": m.name,
        "code": m.code,
        "method": estimate.method,
        **base,
        "components": estimate.component_medians(),
        "recurring": estimate_record(recurring, level),
        "one_off": estimate_record(one_off, level),
        "cost_per_conversation": _ratio(
            cost_per_conversation(result, key), level, "DKK per conversation held"
        ),
        "cost_per_repatriated": _ratio(
            cost_per_repatriated(result, key), level, "DKK per repatriated person", RATIO_CAVEAT
        ),
        **(
            {
                "cost_per_attributed_repatriation": _ratio(
                    attributed, level, "DKK per attributed repatriation"
                )
            }
            if attributed
            else {}
        ),
        "implied": {
            item.name: {
                **estimate_record(item.estimate, level),
                "unit": item.unit,
                "plausible": None if item.plausible is None else list(item.plausible),
                "flag": item.flag,
            }
            for item in implied
        },
        "crosschecks": [
            {
                "method": other.method,
                **estimate_record(other, level),
                "agreement": {
                    "overlap": a.overlap,
                    "p_greater": a.p_greater,
                    "median_ratio": a.median_ratio,
                    "agree": a.agree,
                },
            }
            for other, a in zip(result.crosschecks.get(key, ()), checks, strict=True)
        ],
        "relative_width": width,
        "adjust_later": width > threshold,
        "flags": _flags(width, threshold, implied, checks),
        "leaves_out": list(estimate.leaves_out),
        "sources": sorted({str(s) for s in estimate.provenance}),
    }


def study_record(
    result: StudyResult, *, level: float = 0.9, adjust_threshold: float = ADJUST_LATER_THRESHOLD
) -> dict[str, Any]:
    """The run as a JSON-ready dict (shape documented in the README)."""
    total = result.total
    total_summary = total.summary(level)
    width = total_summary.relative_width
    attributed = cost_per_attributed(result)
    return {
        "title": result.study.title,
        "price_year": result.study.assumptions.price_year,
        "currency": "DKK",
        "level": level,
        "samples": result.n,
        "seed": result.seed,
        "adjust_threshold": adjust_threshold,
        "municipalities": [
            _municipality_record(result, m.key, level, adjust_threshold)
            for m in result.study.municipalities
        ],
        "total": {
            **_summary_record(total_summary),
            "cost_per_conversation": _ratio(
                total_per_conversation(result), level, "DKK per conversation held"
            ),
            "cost_per_repatriated": _ratio(
                total_per_repatriated(result), level, "DKK per repatriated person", RATIO_CAVEAT
            ),
            **(
                {
                    "cost_per_attributed_repatriation": _ratio(
                        attributed, level, "DKK per attributed repatriation"
                    )
                }
                if attributed
                else {}
            ),
            "relative_width": width,
            "adjust_later": width > adjust_threshold,
        },
    }


def study_table(
    result: StudyResult, *, level: float = 0.9, adjust_threshold: float = ADJUST_LATER_THRESHOLD
) -> Table:
    """One row per municipality and a total row, in DKK at the study's price year."""
    record = study_record(result, level=level, adjust_threshold=adjust_threshold)
    pct = f"{level:.0%}"
    columns = (
        "municipality",
        "code",
        "method",
        "median_dkk",
        "mean_dkk",
        f"interval_{pct}_low_dkk",
        f"interval_{pct}_high_dkk",
        "range_low_dkk",
        "range_high_dkk",
        "median_mc_error_dkk",
        "one_off_median_dkk",
        "per_conversation_median_dkk",
        "per_repatriated_median_dkk (a ratio, not an effect)",
        "adjust_later",
        "flags",
    )
    rows: list[tuple[Any, ...]] = []
    for r in (
        *record["municipalities"],
        {
            **record["total"],
            "name": "Total",
            "code": None,
            "method": "sum of the above",
            "flags": [],
            "one_off": None,
        },
    ):
        per_conv = r["cost_per_conversation"]
        per_rep = r["cost_per_repatriated"]
        rows.append(
            (
                r["name"],
                r["code"],
                r["method"],
                r["median"],
                r["mean"],
                *r["interval"],
                *r["range"],
                r["mc_error"]["median"],
                None if r["one_off"] is None else r["one_off"]["median"],
                None if per_conv is None else per_conv["median"],
                None if per_rep is None else per_rep["median"],
                r["adjust_later"],
                "; ".join(r["flags"]) or None,
            )
        )
    return Table(
        columns,
        rows,
        title=result.study.title,
        notes=(f"cost per repatriated person is {RATIO_CAVEAT}",),
    )


def _money(x: float) -> str:
    return f"{x:,.0f}"


def _span(pair: list[float]) -> str:
    return f"{pair[0]:,.0f} - {pair[1]:,.0f}"


def _median_span(record: dict[str, Any] | None) -> str:
    if record is None:
        return "n/a"
    return f"{_money(record['median'])} ({_span(record['interval'])})"


def _markdown(result: StudyResult, level: float, threshold: float) -> str:
    record = study_record(result, level=level, adjust_threshold=threshold)
    pct = f"{level:.0%}"
    rows = [
        *record["municipalities"],
        {**record["total"], "name": "Total", "code": "", "method": "sum of the above"},
    ]
    lines = [
        f"# {record['title']}",
        "",
        f"Annual cost, DKK at {record['price_year']} prices. Median (± its Monte Carlo "
        f"standard error), equal-tailed {pct} interval and hard range from "
        f"{record['samples']:,} Monte Carlo samples (seed {record['seed']}).",
        "",
        f"| municipality | code | method | median | {pct} interval | hard range | adjust later |",
        "|---|---:|---|---:|---:|---:|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['name']} | {r['code']} | {r['method']} | {_money(r['median'])} "
            f"± {r['mc_error']['median']:,.0f} | {_span(r['interval'])} | "
            f"{_span(r['range'])} | {'yes' if r['adjust_later'] else 'no'} |"
        )
    lines += [
        "",
        f"## Per conversation and per repatriated person ({pct} intervals)",
        "",
        "| municipality | per conversation held | per repatriated person |",
        "|---|---:|---:|",
    ]
    for r in rows:
        conv, rep = r["cost_per_conversation"], r["cost_per_repatriated"]
        lines.append(f"| {r['name']} | {_median_span(conv)} | {_median_span(rep)} |")
    lines += ["", f"Cost per repatriated person is {RATIO_CAVEAT}."]
    implied = [
        (r["name"], name, item)
        for r in record["municipalities"]
        for name, item in r["implied"].items()
    ]
    if implied:
        lines += [
            "",
            "## Implied quantities (not in the source; implied by the model)",
            "",
            f"| municipality | quantity | median | {pct} interval | plausible range |",
            "|---|---|---:|---:|---:|",
        ]
        for town, name, item in implied:
            plausible = "n/a" if item["plausible"] is None else _span(item["plausible"])
            lines.append(
                f"| {town} | {name} ({item['unit']}) | {_money(item['median'])} | "
                f"{_span(item['interval'])} | {plausible} |"
            )
    checks = [
        (r["name"], r["method"], c) for r in record["municipalities"] for c in r["crosschecks"]
    ]
    if checks:
        lines += [
            "",
            "## Triangulation (other estimates of the same cost, same draws)",
            "",
            f"| municipality | estimate | median | {pct} interval | interval overlap | "
            "P(main > other) | verdict |",
            "|---|---|---:|---:|---:|---:|---|",
        ]
        for town, main_method, c in checks:
            a = c["agreement"]
            lines.append(
                f"| {town} | {main_method} (main) vs {c['method']} | "
                f"{_money(c['median'])} | {_span(c['interval'])} | "
                f"{a['overlap']:.0%} | {a['p_greater']:.2f} | "
                f"{'agree' if a['agree'] else 'DISAGREE'} |"
            )
    flags = [(r["name"], flag) for r in record["municipalities"] for flag in r["flags"]]
    if record["total"]["adjust_later"]:
        flags.append(("Total", "adjust later: the interval is wide relative to the median"))
    if flags:
        lines += ["", "## Flags", ""]
        lines += [f"- {town}: {flag}" for town, flag in flags]
    left_out = [(r["name"], item) for r in record["municipalities"] for item in r["leaves_out"]]
    lines += ["", "## Not included in these figures", ""]
    lines += [f"- {town}: {item}" for town, item in left_out] or ["- nothing noted"]
    one_off = [r for r in record["municipalities"] if r["one_off"]["range"][1] > 0]
    if one_off:
        lines += [
            "",
            "One-off costs included above (not recurring): "
            + ", ".join(f"{r['name']} {_money(r['one_off']['median'])}" for r in one_off)
            + ".",
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
    if fmt == "json":
        record = study_record(result, level=level, adjust_threshold=adjust_threshold)
        return json.dumps(record, ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        return _markdown(result, level, adjust_threshold)
    table = study_table(result, level=level, adjust_threshold=adjust_threshold)
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
