"""The national report: JSON record, one table (CSV, LaTeX) and Markdown.

The JSON shape (``repatcost national --format json``)::

    {"price_year", "currency", "level", "samples", "seed", "driver",
     "national": {"median", "mean", "interval", "range"},
     "observed": {...}, "naive": {...}, "between_municipality": {...},
     "drivers": [...], "readings": [...], "assumptions": [...],
     "municipalities": [98 rows, with a driver file only]}

``range`` has no finite upper end (the log-normal effect is unbounded): JSON ``null``.

>>> from repatcost.data import bundled_study
>>> from repatcost.national_model import national
>>> record = national_record(national(bundled_study(), n=2_000, seed=1), level=0.9)
>>> record["national"]["range"][1] is None, [d["name"] for d in record["drivers"]]
(True, ['repatriations', 'municipalities'])
"""

from __future__ import annotations

import json
import math
from typing import Any, cast

import numpy as np

from repatcost.estimate import Estimate, check_interval_samples, interval_quantiles
from repatcost.national_data import municipalities
from repatcost.national_model import ASSUMPTIONS, DriverOutcome, NationalResult
from repatcost.tables import Format, Table, format_number, markdown_cell, markdown_inline

__all__ = ["national_record", "national_table", "render_national"]

READING_QUESTION = (
    "What does the cost of the dedicated conversations scale with between municipalities?"
)


def _finite(x: float) -> float | None:
    return float(x) if math.isfinite(x) else None


def _summary(estimate: Estimate, level: float) -> dict[str, Any]:
    s = estimate.summary(level)
    return {
        "median": s.median,
        "mean": s.mean,
        "interval": list(s.interval),
        "range": [_finite(x) for x in s.hard_range],
        "relative_width": s.relative_width,
    }


def _quantiles(samples: np.ndarray, level: float) -> dict[str, Any]:
    tail_low, tail_high = interval_quantiles(level)
    low, median, high = np.quantile(samples, [tail_low, 0.5, tail_high])
    return {"median": float(median), "interval": [float(low), float(high)]}


def _driver_record(outcome: DriverOutcome, observed_codes: list[int]) -> dict[str, Any]:
    d = outcome.driver
    seen = math.fsum(d.values[c] for c in observed_codes)
    return {
        "name": d.name,
        "unit": d.unit,
        "national": d.national,
        "observed": seen,
        "observed_share": seen / d.national,
        "per_municipality": not d.split_evenly,
        "source": d.source,
        "rationale": d.rationale,
    }


def _between(answer: NationalResult, level: float) -> dict[str, Any]:
    outcome = answer.central
    rows: list[dict[str, Any]] = []
    for m in answer.result.study.municipalities:
        ratio = answer.result.estimates[m.key].samples / outcome.driver.values[cast(int, m.code)]
        rows.append(
            {
                "code": m.code,
                "name": m.name,
                "driver": outcome.driver.values[cast(int, m.code)],
                "cost_per_unit": _quantiles(ratio, level),
            }
        )
    medians = [r["cost_per_unit"]["median"] for r in rows]
    return {
        "model": "log cost per unit of driver ~ Normal(mu, tau^2) between municipalities; "
        "(mu, tau^2) drawn per sample from their posterior given the observed "
        "municipalities (prior ~ 1/tau^2: tau^2 scaled inverse chi-squared, k - 1 degrees "
        "of freedom)",
        "observed": rows,
        "spread_factor": max(medians) / min(medians),
        "max_scale": answer.max_scale,
        "scale": _quantiles(outcome.tau, level),
        "typical_cost_per_unit": _quantiles(np.exp(outcome.mu), level),
        "unobserved_cost_per_unit": _quantiles(outcome.ratio, level),
    }


def _municipality_rows(answer: NationalResult, level: float) -> list[dict[str, Any]]:
    outcome = answer.central
    study = answer.result.study
    own = {m.code: answer.result.estimates[m.key] for m in study.municipalities}
    probs = [interval_quantiles(level)[0], 0.5, interval_quantiles(level)[1]]
    unit = np.quantile(outcome.ratio, probs)
    rows = []
    for town in municipalities():
        value = outcome.driver.values[town.code]
        if town.code in own:
            low, median, high = own[town.code].quantiles(probs)
        else:
            low, median, high = unit * value
        rows.append(
            {
                "code": town.code,
                "name": town.name,
                "region": town.region,
                "observed": town.code in own,
                "driver": value,
                "median": float(median),
                "interval": [float(low), float(high)],
            }
        )
    return rows


def national_record(answer: NationalResult, *, level: float = 0.9) -> dict[str, Any]:
    """The national result as a JSON-ready dict (module docs); refuses too few samples for
    ``level`` as the estimate's report does."""
    result = answer.result
    check_interval_samples("national_record", result.n, level)
    codes = [cast(int, m.code) for m in result.study.municipalities]
    record: dict[str, Any] = {
        "price_year": result.study.assumptions.price_year,
        "currency": "DKK",
        "level": level,
        "samples": result.n,
        "seed": result.seed,
        "driver": answer.central_name,
        "national": _summary(answer.central.national, level),
        "observed": {
            "municipalities": [m.name for m in result.study.municipalities],
            **_summary(answer.observed, level),
        },
        "naive": {
            "rule": "the observed total x national driver / observed driver",
            **_summary(answer.central.naive, level),
        },
        "between_municipality": _between(answer, level),
        "drivers": [_driver_record(o, codes) for o in answer.outcomes.values()],
        "readings": [_reading(answer, level)],
        "assumptions": [*ASSUMPTIONS, *_split_note(answer)],
    }
    if answer.per_municipality:
        record["municipalities"] = _municipality_rows(answer, level)
    return record


def _split_note(answer: NationalResult) -> list[str]:
    if not answer.central.driver.split_evenly:
        return []
    return [
        "Without per-municipality figures, the national count less the observed is "
        "split evenly over the other municipalities (unsourced estimate; a driver file "
        "replaces it)."
    ]


def _reading(answer: NationalResult, level: float) -> dict[str, Any]:
    """The choice of driver in the shape of the estimate's readings (name, question, central
    and why, alternatives with label, rationale, source and the national figure)."""
    if answer.central_name == "repatriations":
        reason = (
            "the default: the only bundled driver with a sourced national count, and the "
            "figure the question relates the conversations to"
        )
    else:
        reason = "chosen by the user (--driver)"
    return {
        "name": "national.driver",
        "question": READING_QUESTION,
        "central": answer.central_name,
        "reason": reason,
        "alternatives": [
            {
                "label": name,
                "rationale": o.driver.rationale,
                "source": o.driver.source,
                "national": _quantiles(o.national.samples, level),
            }
            for name, o in answer.outcomes.items()
        ],
    }


def _row(
    kind: str, code: int | None, name: str, driver: Any, value: Any, figure: dict[str, Any]
) -> tuple[Any, ...]:
    return (kind, code, name, driver, value, figure["median"], *figure["interval"])


def national_table(answer: NationalResult, *, level: float = 0.9) -> Table:
    """One table: each driver's national figure, the naive ratio, the observed total and,
    with a driver file, every municipality (CSV and LaTeX output)."""
    record = national_record(answer, level=level)
    central = record["driver"]
    rows = [
        _row(
            "national",
            None,
            "Denmark" + (" (central)" if alt["label"] == central else ""),
            alt["label"],
            None,
            alt["national"],
        )
        for alt in record["readings"][0]["alternatives"]
    ]
    rows.append(_row("naive", None, "Denmark, naive ratio", central, None, record["naive"]))
    rows.append(_row("observed", None, "observed total", None, None, record["observed"]))
    rows += [
        _row(
            "observed" if r["observed"] else "predicted",
            r["code"],
            r["name"],
            central,
            r["driver"],
            r,
        )
        for r in record.get("municipalities", [])
    ]
    pct = f"{level:.0%}"
    columns = (
        "row",
        "code",
        "name",
        "driver",
        "driver_value",
        "median_dkk",
        f"interval_{pct}_low_dkk",
        f"interval_{pct}_high_dkk",
    )
    return Table(
        columns,
        rows,
        title=f"Dedicated conversations in all 98 municipalities, DKK at "
        f"{record['price_year']} prices",
        notes=tuple(record["assumptions"]),
    )


def _span(pair: list[float]) -> str:
    return f"{format_number(pair[0])} - {format_number(pair[1])}"


def _municipality_lines(record: dict[str, Any], pct: str) -> list[str]:
    if "municipalities" not in record:
        return []
    lines = [
        "",
        f"## Municipalities ({markdown_inline(record['driver'])})",
        "",
        f"| code | municipality | region | driver | median | {pct} interval |",
        "|---:|---|---|---:|---:|---:|",
    ]
    for r in record["municipalities"]:
        seen = " (observed)" if r["observed"] else ""
        lines.append(
            f"| {r['code']} | {markdown_cell(r['name'])}{seen} | {markdown_cell(r['region'])} "
            f"| {format_number(r['driver'])} "
            f"| {format_number(r['median'])} | {_span(r['interval'])} |"
        )
    return lines


def _markdown(answer: NationalResult, level: float) -> str:
    record = national_record(answer, level=level)
    pct = f"{level:.0%}"
    nat, naive, seen = record["national"], record["naive"], record["observed"]
    between = record["between_municipality"]
    lines = [
        f"# Dedicated conversations in all 98 municipalities, {record['price_year']}",
        "",
        f"Annual cost, DKK at {record['price_year']} prices; {pct} equal-tailed intervals "
        f"from {record['samples']:,} samples (seed {record['seed']}). Driver: "
        f"**{markdown_inline(record['driver'])}**.",
        "",
        f"| figure | median | {pct} interval |",
        "|---|---:|---:|",
        f"| Denmark | {format_number(nat['median'])} | {_span(nat['interval'])} |",
        f"| naive ratio (no spread) | {format_number(naive['median'])} | "
        f"{_span(naive['interval'])} |",
        f"| observed ({markdown_cell(', '.join(seen['municipalities']))}) "
        f"| {format_number(seen['median'])} "
        f"| {_span(seen['interval'])} |",
        "",
        f"Cost per unit of driver differs by a factor of {between['spread_factor']:.1f} "
        "between the observed municipalities; the spread scale tau has median "
        f"{between['scale']['median']:.2f} ({_span(between['scale']['interval'])}).",
        "",
        f"## Reading: {READING_QUESTION}",
        "",
        f"| driver | rationale | median | {pct} interval |",
        "|---|---|---:|---:|",
    ]
    for alt in record["readings"][0]["alternatives"]:
        mark = " (central)" if alt["label"] == record["driver"] else ""
        lines.append(
            f"| {markdown_cell(alt['label'])}{mark} | {markdown_cell(alt['rationale'])} | "
            f"{format_number(alt['national']['median'])} | {_span(alt['national']['interval'])} |"
        )
    lines += ["", "## What the result rests on", ""]
    lines += [f"- {markdown_inline(text)}" for text in record["assumptions"]]
    lines += _municipality_lines(record, pct)
    return "\n".join(lines) + "\n"


def render_national(
    answer: NationalResult, fmt: Format = "markdown", *, level: float = 0.9
) -> str:
    """The national report as text in ``fmt`` (markdown, csv, json or latex)."""
    if fmt == "json":
        record = national_record(answer, level=level)
        return json.dumps(record, ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        return _markdown(answer, level)
    text = national_table(answer, level=level).render(fmt)
    return text if text.endswith("\n") else text + "\n"
